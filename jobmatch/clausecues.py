"""Stretches of a requirement clause that name no requirement of their own, and where each ends.

"A GRC platform such as Vanta" gives examples of the thing asked for; "a BSc in chemistry or a related field" names
a degree's subjects; "4+ years in fintech" names the field worked in. `jobmatch.openvocab` reads no names there. The
subjects and the field end where the clause goes on ("..., and you have passed the EQE", "5+ years of integration
work, at least 3 of them on MuleSoft"): what follows is asked for in its own right.
"""

from __future__ import annotations

import re

# Names after these are examples of the thing before them ("a GRC platform such as Vanta"), not requirements.
EXAMPLE_CUE = re.compile(r"\b(?:such as|like|e\.g\.?|for example|for instance|including|i\.e\.?)\s", re.I)
# The words of a degree that names its subjects after it ("a degree in", "BSc in", "PhD in"), read without case: the
# cue below and `jobmatch.postings`' degree subjects each add the short forms they can read safely.
DEGREE_WORDS = r"degree|bachelor'?s?|master'?s?|b\.?sc|m\.?sc|ph\.?d|diploma"
# The subject of a degree is no skill ("Bachelor's degree in Electrical Engineering"). The two-letter degrees are
# capitals or dotted: "be confident in SAP2000", "as well as" are English.
DEGREE_CUE = re.compile(
    r"\b(?:" + DEGREE_WORDS + r"|doctor(?:ate)?|(?-i:B\.?[SAE]|M\.?S)|[bm]\.s|b\.[ae]|b\.?tech|m\.?tech|b\.?eng|"
    r"m\.?eng|mca|bca|mba|major)\b[^;,]*?\b(?:in|of)\s",
    re.I,
)
# "4+ years in SRE, DevOps or infrastructure", "4+ years of FP&A or corporate finance experience", "five years or
# more in SRE": the field.
_FIELD_CUE = re.compile(
    r"\byears?['’]?\s+(?:(?:or (?:more|longer)|and (?:above|over)|plus)\s+)?(?:in|of)\s+"
    r"(?!(?:experience|professional|hands-on|work)\b)",
    re.I,
)
# Where the field ends: at its "experience", before the tool it was done on, or where the clause goes on ("5+
# years of integration work, at least 3 of them on MuleSoft", "... experience and hold a CIP designation"). Not at a
# comma: the fields are often a list ("2+ years in marketing analytics, growth analytics or BI").
_FIELD_END = re.compile(
    r"\bexperience\b|;|\s+and\s+(?=(?:hold|have|has|be|are|you)\b)|"
    r"\s+(?:on|with|using)\s+(?=[A-Z])"  # "years of lift maintenance on Schindler units": the tool
)
# Where a degree's subjects end: at "or a related field" (and the like, with the body that recognises it: "an
# equivalent qualification recognised by CORU"), or where the clause goes on ("..., and you are a qualified
# attorney, having passed the EQE").
_DEGREE_END = re.compile(
    r"\b(?:similar|related|equivalent|relevant|comparable)\s+(?:field|discipline|subject|area|qualification)s?\b"
    r"(?:\s+(?:recogni[sz]ed|accredited|approved)\s+by\s+(?:the\s+)?(?-i:[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*))?|"
    r",\s+and\s|;|\s+and\s+(?=(?:hold|have|has|be|are|you)\b)",
    re.I,
)


def in_degree_sentence(part: str, text: str) -> bool:
    """Whether `part` of a line lies in a sentence of `text` that states a degree, whose subjects are no names
    ("Master's degree (Ing. or Mgr.) in finance": both parts; "B-degree in Planning. Registration with SACPLAN.":
    the first sentence only). A part that states the degree itself is read by `jobmatch.openvocab`, which passes over
    the subjects only ("a master's degree in speech pathology, and you are a member of CASLPO": CASLPO stays)."""
    if DEGREE_CUE.search(part):
        return False
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return any(DEGREE_CUE.search(s) and part.strip() in s for s in sentences)


def cue_spans(clause: str) -> list[tuple[int, int]]:
    """Spans of a requirement clause that name no requirement: examples after their cue (to the clause's end), a
    degree with its subjects and the words before it, the field worked in."""
    spans = []
    m = EXAMPLE_CUE.search(clause)
    if m:
        spans.append((m.start(), len(clause)))
    for cue, close in ((DEGREE_CUE, _DEGREE_END), (_FIELD_CUE, _FIELD_END)):
        position = 0
        while m := cue.search(clause, position):
            # The subjects or the field end where the clause goes on ("years of underwriting experience with an
            # insurer and hold a CIP designation"): what follows is asked for in its own right. What stands before
            # a degree describes it ("a relevant NQF 7 qualification recognised by the FSCA, such as a B.Com in").
            end = close.search(clause, m.end())
            position = end.end() if end else len(clause)
            spans.append((0 if cue is DEGREE_CUE else m.start(), position))
    return spans


__all__ = ["DEGREE_CUE", "DEGREE_WORDS", "EXAMPLE_CUE", "cue_spans", "in_degree_sentence"]
