"""A posting's minimum required degree by its wording: bachelor, master or PhD (2, 3, 4), or a diploma (1).

The rules read the degree's own clause ("Bachelor's degree in Accounting; CPA would be a plus" requires the
bachelor's), skip a degree that is preferred or replaceable by experience, and read the spellings of
`resumes.DEGREE_PATTERNS` and the levels of national qualification frameworks. Where they find none, the learned
reader (`degreereader`) reads the requirement sentences; where it finds none either, the rules read the rest of the
posting but its nice-to-haves, for a requirement list that the section finder filed elsewhere.
"""

from __future__ import annotations

import re

from jobmatch import resumes
from jobmatch.degreereader import DEGREE_DESCRIBED, DEGREE_NOT_NEEDED_AT_HIRE, reader_degree
from jobmatch.sections import sections, sentences
from jobmatch.years import OWN_CONDITION

# Where a soft cue counts: the clause of the degree, not the whole sentence. Clauses end at ";", before an inline
# "Label:" ("... Computational Biology Doctorate: Not required", "... or similar Nice to have: SQL") and before
# ", ideally" / ", preferably", which soften what follows them ("BE(Hons) in Civil Engineering and five years of
# design experience, ideally some of it in New Zealand"), and before a higher degree that is only preferred
# ("Degree in Physics, Master's preferred": the degree is required).
_DEGREE_CLAUSE_BREAK = re.compile(
    r";\s*|\s+(?=[A-Z][A-Za-z'-]*(?: [a-z][A-Za-z'-]*){0,3}:\s)|,\s*(?=(?:ideally|preferably)\b)|"
    r"(?i:,\s*(?=(?:an? )?(?:master|m\.?\s?sc|ph\.?\s?d|doctorate|mba)[^,;]*?\b(?:preferred|a plus|desirable)\b))"
)
# Soft for the whole sentence: the degree may be replaced by experience. "Or an equivalent qualification" is the
# degree or its equal: still required (the evaluation card).
_DEGREE_REPLACEABLE = re.compile(
    r"\b(?:or (?:an? )?equivalent(?! (?:[\w-]+ ){0,3}(?:qualifications?|degrees?|awards?)\b)|"
    r"equivalent (?:practical |work )?experience|equivalent combination|or similar experience)\b"
)
# National qualification frameworks that agree on their upper levels (South Africa's NQF, Ireland's NFQ, Australia's
# AQF): 7 and 8 a bachelor's (ordinary, honours), 9 a master's, 10 a doctorate; below 7 a diploma. The UK's RQF
# ("Level 7" is a master's there) is not one of them, so a bare "Level 7" is read by no rule.
_FRAMEWORK_LEVEL = re.compile(
    r"\b(?:nqf|nfq|aqf)\s*(?:level\s*)?(\d{1,2})\b|\blevel\s*(\d{1,2})\s+\(?(?:nqf|nfq|aqf)\b"
)
# A way in below a bachelor's beside the degree: "BSc Nursing or Diploma in Nursing", "Any Graduate / Diploma in
# Sound Engineering", "a degree, or a completed apprenticeship as ...". A postgraduate or graduate diploma is
# above a bachelor's, not an alternative to it.
_DIPLOMA = r"(?<!graduate )(?<!graduate-)\bdiploma\b"
_BELOW_DEGREE_ALTERNATIVE = re.compile(
    r"(?:\bor\b|/)[^.;]{0,30}(?:" + _DIPLOMA + r"|\bdip ?(?:sw|he)\b)|" + _DIPLOMA + r"[^.;]{0,60}(?:\bor\b|/)|"
    r"\bor\b[^.;]{0,30}\b(?:apprenticeship|vocational (?:training|qualification)|trade (?:certificate|qualification))"
)
# "(MLIS, MLS or equivalent)" after a degree: other names of that degree, not "or equivalent experience".
_EQUIVALENT_NAMES = re.compile(r"\(\s*((?:[A-Z][\w.]*\s*[,/]\s*)*[A-Z][\w.]*)\s+or\s+equivalent\s*\)")
# A higher degree in brackets with a cue of its own ("M.Sc. in Physics (Ph.D. an advantage)", "(MBA a bonus)"): it
# softens only itself, not the degree before it.
_SOFT_HIGHER_DEGREE = re.compile(
    r"\((?=[^)]*\b(?i:ph\.?\s?d|doctorate|master'?s|m\.?\s?sc|mba)\b)[^)]*"
    r"\b(?i:an? advantage|advantageous|a bonus|beneficial|an asset|nice to have|helpful)\b[^)]*\)"
)
# A postgraduate as a person ("a post-graduate with B.Ed.", "Postgraduate in Economics", as Indian postings write it):
# the holder of a master's. A "postgraduate diploma" or "post-graduate experience" is no such person.
_POSTGRADUATE_HOLDER = re.compile(r"\bpost-?\s?graduate\b(?=\s+(?:with|in|from)\b)", re.I)
# "X with Y", both degrees ("Post Graduate with B.Ed.", "M.Sc. with a B.Ed."): the candidate holds both, so the
# higher one is the minimum, where "X or Y" offers the lower.
_BOTH_DEGREES = re.compile(r"\s(?:along |together )?with\s", re.I)
# A job board's education form ("UG: B.Tech/B.E.", "PG: Any Postgraduate", "Doctorate: Not required"): the
# degrees a recruiter picked from a menu at each level. The posting's own sentences about its degree say more,
# so these lines count only where no sentence names a degree.
_EDUCATION_FORM = re.compile(r"^\W*(?:UG|PG|Doctorate|Graduation|Post ?Graduation)\s*:", re.I)
_DEGREE_SOFT = re.compile(
    r"\b(?:preferred|nice to have|a plus|bonus|ideally|preferably|desirable|not required|not essential|welcome|"
    r"advantage|helpful)\b"
)


def rules_degree(text: str) -> int | None:
    """Lowest degree a posting requires by the wording rules; None when none, "or equivalent experience", preferred."""
    every = sentences(text)
    prose = [sentence for sentence in every if not _EDUCATION_FORM.match(sentence)]
    found = _sentences_degree(prose)
    return _sentences_degree([s for s in every if s not in prose]) if found is None else found


def _sentences_degree(every: list[str]) -> int | None:
    """The lowest degree that these sentences require (see `rules_degree`)."""
    degree = None
    # "B.Tech / B.E. in Computer Science or equivalent." stays one sentence: no break after a dotted abbreviation.
    for sentence in every:
        # "Degree in EE or similar (Master's preferred)": the preferred part is not the minimum.
        sentence = re.sub(
            r"\([^)]*\b(?:preferred|a plus|desirable|ideally|welcome)\b[^)]*\)", " ", sentence, flags=re.I
        )
        sentence = _SOFT_HIGHER_DEGREE.sub(" ", sentence)
        sentence = _EQUIVALENT_NAMES.sub(r"(\1)", sentence)
        if _DEGREE_REPLACEABLE.search(sentence.lower()) or DEGREE_DESCRIBED.search(sentence):
            continue
        if DEGREE_NOT_NEEDED_AT_HIRE.search(sentence):
            continue
        for clause in _DEGREE_CLAUSE_BREAK.split(sentence):
            level = _clause_degree(clause)
            if level is not None:
                degree = level if degree is None else min(degree, level)
    return degree


def _clause_degree(clause: str) -> int | None:
    """The lowest degree one clause requires; None when it names none or softens it (preferred, a plus)."""
    low = clause.lower()
    if _DEGREE_SOFT.search(low):
        return None
    both = _BOTH_DEGREES.search(clause)
    if both:
        # the left side keeps its "with", which makes "Post-graduate" a person
        held, also = _named_levels(clause[: both.end()]), _named_levels(clause[both.end() :])
        if held and also:
            return max(min(held), min(also))
    levels = _named_levels(clause)
    for match in _FRAMEWORK_LEVEL.finditer(low):
        number = int(match.group(1) or match.group(2))
        levels.add(4 if number >= 10 else 3 if number == 9 else 2 if number >= 7 else 1)
    if not levels and re.match(r"^\W*(?:an? )?(?:university |college |bachelor'?s? |first )?degree in\b", low):
        levels = {2}  # "Degree in electrical engineering or similar", "First degree in Finance": a first degree
    if levels and _BELOW_DEGREE_ALTERNATIVE.search(low):
        levels.add(1)  # "BSc Nursing or Diploma in Nursing", "BA or MA in Social Work, or the DipSW"
    elif not levels and re.search(r"\bdegree\b", low) and _BELOW_DEGREE_ALTERNATIVE.search(low):
        # "a degree from a recognised institution, or a two-year diploma in ...": a degree of no named level with
        # a way in below it asks for the diploma at least, which is no degree minimum
        levels = {1}
    return min(levels) if levels else None


def _named_levels(clause: str) -> set[int]:
    """The degree levels a clause names: `resumes.degree_levels`, and a postgraduate as a person (a master's)."""
    return resumes.degree_levels(clause) | ({3} if _POSTGRADUATE_HOLDER.search(clause) else set())


def job_degree(text: str, posting: str | None = None) -> int | None:
    """Lowest degree a posting requires: the wording rules, then, where they find none, the learned reader.

    Args:
        text: the posting's requirement text (`postings.requirement_text`).
        posting: the whole posting; where the requirement text names no degree, the wording rules also read its
            lines outside the nice-to-haves: a requirement list the section finder filed under duties or company
            text ("Key Requirements i. Bachelor's degree in Marketing" in one line) still states the minimum.
    """
    found = rules_degree(text)
    if found is None:
        found = reader_degree(text)
    if found is None and posting is not None:
        # A line filed under nice-to-haves that states a condition itself ("You also have ... a university degree")
        # is read too, as `years.posting_min_years` does.
        lines = [line.text for line in sections(posting) if line.section != "nice" or OWN_CONDITION.search(line.text)]
        found = rules_degree("\n".join(lines))
    return found


__all__ = ["job_degree", "rules_degree"]
