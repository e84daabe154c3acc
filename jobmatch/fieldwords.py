"""Vocabulary skills a posting names as its field of work or as the kind of a tool, not as a skill to have.

The vocabulary matches broad words ("Machine Learning", "BIM", "Smart Contracts", "Observability") wherever
they stand. Two uses in requirement prose are not must-haves (the evaluation card: "named skills, tools,
certifications", not domain wishes):

- the posting's own field, named by its title ("ML Platform Engineer", "BIM Technician") and used in the
  requirements only to qualify something else: "2 years on ML infrastructure", "BIM modelling experience",
  "smart contract work", "quota-carrying SaaS sales". "Experience in machine learning" or "bookkeeping
  experience" names the skill itself and stays;
- the language the posting calls its working language ("Very good German (our working language)");
- the practice a named tool is used for: "Prototyping in ProtoPie or Framer", "Modelling in Revit": the tool
  is the requirement. "with" and "using" count only after a noun English makes from a verb or an adjective
  ("Monitoring with Grafana", "Observability with OpenTelemetry"): "Python with pandas" and "FEA using ANSYS"
  name two requirements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jobmatch.skills import SkillVocabulary

# Words after a mention that leave it naming the skill itself: "payroll experience", "Python skills",
# "SQL and ...", "Kubernetes in production". Any other word makes the mention a qualifier of that word.
_SELF_WORDS = frozenset(
    """experience experiences skills skill knowledge expertise background proficiency understanding exposure
    certification certificate certified license licence registration qualification
    and or nor with in on for at to is are was were be as from of by via using a an the this that these those
    including include includes such like e.g etc preferred required essential desirable mandatory ideally plus
    is would will must should can""".split()
)
# "Very good German (our working language)", "Italian and English, the two languages we work in": the card leaves
# out the working language; what the sentence names up to here is that language.
WORKING_LANGUAGE = re.compile(
    r"\b(?:working|company|office|business|corporate|internal)\s+language\b|\blanguages?\s+we\s+(?:work|speak)\s+in\b",
    re.I,
)
_TITLE_WORDS = 8
_NEXT_WORD = re.compile(r"^[ \t]+([A-Za-z][\w'’]*)")
# "Prototyping in ProtoPie or Framer"; "Troubleshooting using Wireshark" after a practice word only (see below).
_KIND_OF = re.compile(r"^\s+in\s+$", re.I)
_KIND_OF_WITH = re.compile(r"^\s+(?:with|using)\s+$", re.I)
# "Monitoring", "Observability", "Deployment": a practice named by a verb or an adjective made a noun; a stem of four
# letters at least, so that "Spring" or "Unity" (product names) are not read as one.
_PRACTICE_WORD = re.compile(r"[A-Za-z][a-z]{3,}(?:ing|ability|ibility|ation|ment)")


def qualifies(text: str, start: int, end: int, name: str, title: str = "") -> bool:
    """Whether the mention at start:end, of the vocabulary skill `name`, is a common noun qualifying the word after
    it ("ML models", "smart contract work", "quota-carrying SaaS sales") or restates the title's role ("worked as a
    Scrum Master" in a Scrum Master posting). A product's name qualifying a word ("Java development", "WordPress
    themes", "Linux servers") still names the product."""
    m = _NEXT_WORD.match(text[end:])
    if not m or m.group(1).lower().rstrip("'’") in _SELF_WORDS:
        return False
    surface = re.sub(r"\s+", " ", text[start:end])
    role = bool(re.search(r"\b" + re.escape(f"{surface} {m.group(1)}") + r"\b", title, re.I))
    # Lower case ("payroll", "smart contract"), or the initials of a name in ordinary words ("ML" for Machine
    # Learning; "AWS" and "SAP" are the names themselves, "NGS" is no initials of Genomics).
    words = re.findall(r"[A-Za-z]+", name)
    common = surface.islower() or (
        surface.isupper()
        and "".join(w[0] for w in words).upper() == surface
        and not any(len(w) > 1 and w.isupper() for w in words)
    )
    return common or role


def kind_of_tool(clause: str, start: int, end: int, next_start: int) -> bool:
    """Whether the mention at start:end is a one-word practice that the next mention (at `next_start`) is the tool
    for: "Prototyping in ProtoPie", "Dashboards in Looker Studio", "Observability with OpenTelemetry" ("PLC
    programming in Studio 5000" and "Python with pandas" name two)."""
    word, between = clause[start:end], clause[end:next_start]
    if _KIND_OF_WITH.match(between):
        return bool(_PRACTICE_WORD.fullmatch(word))
    return bool(re.fullmatch(r"[A-Za-z][a-z]+", word) and _KIND_OF.match(between))


def outside_brackets(title: str) -> str:
    """The title without its asides: "Smart Contract Engineer (Solidity)" -> "Smart Contract Engineer"; the
    brackets name the tools of the job, which are requirements."""
    return re.sub(r"\([^)]*\)?", " ", title)


def field_words(
    title: str | None, found_in: Iterable[tuple[str, str]], vocab: SkillVocabulary
) -> set[str]:
    """Vocabulary skills that restate the posting's field: named in the title (outside brackets) and, in every
    requirement clause they were found in, only qualifying another word.

    Args:
        title: the posting's title line, or None.
        found_in: (skill, clause) for each requirement clause a must-have was read from.
        vocab: the skill vocabulary.
    """
    # A first line that is a requirement sentence ("Requirements: CPA designation and experience with ...") is no title.
    if not title or len(outside_brackets(title).split()) > _TITLE_WORDS:
        return set()
    in_title = {name for name, _, _ in vocab.mentions(outside_brackets(title))}
    clauses: dict[str, list[str]] = {}
    for name, clause in found_in:
        # The title line itself (read as a requirement when a posting has no requirement section, or a first line that
        # is a requirement) is no use of it.
        if name in in_title and not clause.strip().startswith(title.strip()):
            clauses.setdefault(name, []).append(clause)
    out = set()
    for name, texts in clauses.items():
        spans = [(text, s, e) for text in texts for found, s, e in vocab.mentions(text) if found == name]
        if spans and all(qualifies(text, s, e, name, title) for text, s, e in spans):
            out.add(name)
    return out


__all__ = ["WORKING_LANGUAGE", "field_words", "kind_of_tool", "outside_brackets", "qualifies"]
