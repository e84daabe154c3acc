"""Job boards' tag lists ("Key Skills: SEO, Technical SEO, Google Search Console") beside a requirement section.

A tag list restates the requirements in single words: "Actix, TEMS, Python" for "post-processing in Actix or TEMS
Discovery" and "Python or VBA". Read as requirements of their own, the single words would split the requirement's
alternatives (a skill alone beats the group it is in, see `jobmatch.postings.must_haves`); so a tag counts only where
no requirement names it. `jobmatch.sections` labels the list's lines "tags" (or "required" when the posting has no
other requirement section).
"""

from __future__ import annotations


def restated(group: tuple[str, ...], required: list[tuple[str, ...]]) -> bool:
    """Whether a tag-list group names what a requirement already names, whole or as part of a longer name ("TEMS"
    for "Actix or TEMS Discovery"): the requirement's own wording (its alternatives) wins."""
    held = [s.lower() for g in required for s in g]
    words = [s.lower() for s in group]
    return any(h == w or h.startswith(w + " ") or h.endswith(" " + w) for w in words for h in held)


__all__ = ["restated"]
