"""A learned reader of a posting's minimum degree, for the wordings `job_degree`'s rules have not seen.

The rules read "Bachelor's degree in ...", "B.Tech / B.E.", "MSc or PhD"; writers also say "Tertiary
qualification in accounting", "Graduate in Economics", "B-degree or equivalent NQF level 7", "Level 8
honours degree". Where the rules find no degree, the posting's sentences that speak of degrees, diplomas,
qualifications or education go to a reader (a `LinearReader` over the shipped sentence embeddings) that labels
each one `bachelor`, `master` or `phd` (the posting requires at least this) or `none` (preferred, "or equivalent
experience", below a bachelor's, a subject to teach, company text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobmatch.readers import Embed, LinearReader, installed_reader
from jobmatch.sections import NICE_CUE, sentences

READER = "degree"  # shared_data/jobmatch/readers/degree.npz, fitted by benchmarks/fit_degree_reader.py
LEVELS = {"bachelor": 2, "master": 3, "phd": 4}  # resumes.DEGREE_LEVELS; `none` counts for nothing

# Broad on purpose: the reader has learned to say `none` of diplomas, teaching posts and university hospitals.
_CUE = re.compile(
    r"\b(?:degrees?|bachelor\w*|master\w*|ph\.?\s?d|doctora\w*|b\.?\s?sc|m\.?\s?sc|b\.?\s?eng|m\.?\s?eng|"
    r"b\.?\s?tech|m\.?\s?tech|b\.?a|b\.?s|m\.?s|m\.?a|mba|bba|b\.?com|llb|llm|bsn|diplom\w*|qualifi\w*|"
    r"graduat\w*|tertiary|universit\w*|college|educat\w*|certificate|high school|secondary|nqf|hnd|"
    r"licenciatura|undergrad\w*|postgrad\w*|academic|studies|vocational|apprenticeship)\b",
    re.I,
)


# What the rules skip, and the reader (which reads meaning, not a "preferred" at the end) must not be asked about:
# a preferred or optional degree, "or equivalent experience", a bare "or equivalent". "Or an equivalent
# qualification" stays: the degree or its equal is required.
_PREFERRED_ASIDE = re.compile(r"\([^)]*\b(?:preferred|a plus|desirable|ideally|welcome)\b[^)]*\)", re.I)
_SOFT = re.compile(
    r"\bequivalent (?:[\w-]+ )?(?:experience|combination)|\bor (?:similar|relevant|related) experience\b|"
    r"\bor (?:an? )?equivalent\W*$|\bnot (?:needed|necessary|mandatory)\b",
    re.I,
)
# Neither a rule nor the reader reads a degree that is described, not asked for. It is what the team holds ("a BSc is
# what most of our team hold"), or the posting says it weighs something else more than the route in ("we care more
# about your clinical practice than your qualifications").
DEGREE_DESCRIBED = re.compile(
    r"\b(?:most|many|some|all|several|half) of (?:our|the|us)\b(?: (?:[\w-]+ ){0,2}?"
    r"(?:team|staff|colleagues|people|[\w-]+s))?(?: currently)? (?:hold|have|has|holds|came|come)\b|"
    r"\b(?:care|cares|value|values|interested) (?:much )?more (?:about|in) [^.;]{2,60}? than "
    r"(?:in )?(?:your |a |the |any )?"
    r"(?:route in|degrees?|qualifications?|credentials|formal education|diplomas?|where you studied|paper)",
    re.I,
)
# A degree that need not be held at hire, for either of two reasons. Experience may stand in for it, at a rate the
# posting states ("one year of education can be substituted for two years of experience", "experience in lieu of a
# degree", "or equivalency"). Or it may be earned after starting ("or an undertaking to complete one within 12
# months of appointment", "or obtain it within two years of hire"). Neither is a minimum to apply.
DEGREE_NOT_NEEDED_AT_HIRE = re.compile(
    r"\b(?:substitut\w*|in lieu of)\b[^.;]{0,80}\bexperience\b|"
    r"\bexperience\b[^.;]{0,80}\b(?:substitut\w*|in lieu of)\b|"
    r"\bor (?:an? )?equivalency\b|"
    r"\bor\b[^.;]{0,80}\bwithin (?:\w+|\(\d+\)|\w+ \(\d+\)) (?:months?|years?) of (?:the )?"
    r"(?:appointment|hire|hiring|start(?:ing)?|joining|commencement|employment)\b",
    re.I,
)
# A long enumerated requirement ("(a) be registered ..., and (b) hold a BSc ...") is read clause by clause.
_CLAUSE_BREAK = re.compile(r";\s*|\s+\([a-h]\)\s+|\s{3,}")


def cue_sentences(text: str) -> list[str]:
    """The posting's sentences (clauses of a long one) that mention a degree, diploma, qualification or education,
    less those that say the degree is preferred, optional or replaceable by experience."""
    found = []
    for sentence in sentences(text):
        sentence = _PREFERRED_ASIDE.sub(" ", sentence)
        if not _CUE.search(sentence) or NICE_CUE.search(sentence) or _SOFT.search(sentence):
            continue
        if DEGREE_NOT_NEEDED_AT_HIRE.search(sentence):
            continue
        if DEGREE_DESCRIBED.search(sentence):
            continue
        clauses = _CLAUSE_BREAK.split(sentence) if len(sentence.split()) > 30 else [sentence]
        found += [c.strip(" \t-*•·–—>,") for c in clauses if _CUE.search(c)]
    return found


def read_degree(
    cues: Sequence[str], reader: LinearReader, *, embed: Embed | None = None, threshold: float | None = None
) -> int | None:
    """The lowest level among the sentences a reader labels bachelor, master or phd (2, 3, 4); None if none.

    Args:
        cues: the posting's cue sentences (`cue_sentences`).
        reader: a reader with the labels bachelor, master, phd and none.
        embed: the sentence embedder; the shipped MiniLM by default.
        threshold: the probability a sentence's label needs to count; the reader's own by default.
    """
    least = reader.threshold if threshold is None else threshold
    found = [LEVELS[label] for label, p in reader.read(list(cues), embed=embed) if p >= least and label in LEVELS]
    return min(found) if found else None


def reader_degree(text: str) -> int | None:
    """The shipped reader's minimum degree for a posting's requirement text; None without cue sentences or reader.

    The reader (and the embedder behind it) loads only for text with cue sentences, and not at all where
    no reader ships (a slim install keeps the rules' answer).
    """
    cues = cue_sentences(text)
    reader = installed_reader(READER) if cues else None
    return read_degree(cues, reader) if reader else None


__all__ = [
    "DEGREE_DESCRIBED",
    "DEGREE_NOT_NEEDED_AT_HIRE",
    "LEVELS",
    "READER",
    "cue_sentences",
    "read_degree",
    "reader_degree",
]
