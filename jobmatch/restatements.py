"""A mention that restates the one before it, so that a requirement written twice counts once.

Writers spell a requirement out and put its short form in brackets: "Vue.js (Vue 3)", "Good Clinical Practice
(GCP)", "Texas Commission on Environmental Quality (TCEQ)". The vocabulary can read the short form as another
skill ("GCP" is also Google Cloud), so the bracket would add a second must-have that nobody asked for.
A course's modules listed in brackets after it ("Offshore Safety Induction (Sea Survival, First Aid, Fire
Fighting)") restate it the same way: the course is the requirement, its parts come with it.
"""

from __future__ import annotations

import re

# Words an acronym usually leaves out: "Commission on Environmental Quality" -> "CEQ".
_SKIPPED = frozenset({"of", "on", "and", "for", "in", "the", "&", "to"})
_OPEN_BRACKET = re.compile(r"\s*\(\s*")
# A course or training and a list of its parts in the bracket after it: "Basic Safety Training (Working at Heights,
# First Aid, Fire Awareness)".
_COURSE_PARTS = re.compile(r"\b(?:training|course|programme|program|induction)\s*\((?=[^()]*,)[^()]*\)?", re.I)


def spells_initials(long_name: str, short: str) -> bool:
    """Whether `short` ("GCP", "TCEQ", "SOPs") is made of the initials of `long_name`'s words, with or without the
    small words ("of", "on", "and") and a plural "s"."""
    letters = re.sub(r"(?<=[A-Z])s$", "", short)
    if not re.fullmatch(r"[A-Z]{2,}", letters):
        return False
    words = re.findall(r"[A-Za-z]+", long_name)
    if len(words) < 2:
        return False
    every = "".join(w[0] for w in words).upper()
    main = "".join(w[0] for w in words if w.lower() not in _SKIPPED).upper()
    return letters in {every, main}


def restates(clause: str, previous: tuple[str, int, int], mention: tuple[str, int, int]) -> bool:
    """Whether `mention` opens a bracket right after `previous` and names the same thing: the same skill ("Vue.js
    (Vue 3)") or the initials of what `previous` spells out ("Good Clinical Practice (GCP)"), or is one of the parts
    of the course `previous` names, listed in a bracket after it. A name alone in the bracket before an "or" ("Qwerty
    Suite (Qwerty Classic) or Zapline") is `previous` named again, its former or other name: the writer's choice is
    the names around the bracket."""
    parts = _COURSE_PARTS.search(clause, previous[1])
    if parts and parts.start() < previous[2] and clause.index("(", parts.start()) < mention[1] < parts.end():
        return True
    if not _OPEN_BRACKET.fullmatch(clause[previous[2] : mention[1]]):
        return False
    if previous[0] == mention[0]:
        return True
    if re.match(r"\s*\)\s*,?\s*(?:or|and/or)\s", clause[mention[2] :], re.I):
        return True
    closes = re.match(r"\s*\)", clause[mention[2] :])
    return bool(closes) and spells_initials(clause[previous[1] : previous[2]], clause[mention[1] : mention[2]])


def acronym_of_phrase(clause: str, start: int, end: int) -> bool:
    """Whether the bracket at start:end holds only the acronym of the lower-case words right before it ("an electronic
    records and dispensing (ERD) system"): there the acronym names the thing asked for, not an aside about it."""
    acronym = re.fullmatch(r"\(\s*([A-Z]{2,6})\s*\)", clause[start:end])
    if not acronym:
        return False
    words = re.findall(r"[a-z][a-z-]*", clause[:start].rsplit(",", 1)[-1])
    return any(spells_initials(" ".join(words[-k:]), acronym.group(1)) for k in range(2, len(acronym.group(1)) + 3))


__all__ = ["acronym_of_phrase", "restates", "spells_initials"]
