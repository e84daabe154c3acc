"""Requirements stated in sentences of prose, wherever the paragraph sits (intro, duties): "Confidence with radiography
is required.", "You'll have two years of climbing and hold NZQA Level 3", and the list items under a duties heading
that say what the person has ("Hold CompTIA A+"), for postings that keep one list for duties and requirements.
"""

from __future__ import annotations

import re

from jobmatch.sections import NICE_CUE as _NICE_CUE
from jobmatch.sections import Line

# "Confidence with radiography is required.", "The ideal candidate will be registered with ...": a requirement
# stated in a sentence of prose, whatever section the paragraph sits in.
_STATED = re.compile(
    r"\b(?:is|are) (?:also )?(?:required|essential|mandatory)\b|\bmust (?:have|hold|possess)\b|"
    r"\bmust be (?:proficient|fluent|skilled|experienced|competent|conversant) (?:in|with)\b|"
    r"\byou(?:'ll| will)? (?:also )?need (?!to\b)|\byou(?:'ll| will)? (?:also )?need to (?:know|have|hold)\b|"
    r"\b(?:ideal|successful) (?:candidate|applicant) (?:will|should|must) (?:have|be|hold|possess)\b|"
    # "You'll have two years' climbing and hold NZQA Level 3", "you should hold a CDL", "You'll fit if you have": what
    # the person brings, said to them ("you'll have the chance to" is what the job gives).
    r"(?<!\bif )\byou(?:'ll| will| should)? (?:also |already )?(?:have|possess)\b"
    r"(?! (?:the |an? )?(?:chance|opportunity|freedom|support|access|time|room|budget|ownership|autonomy)\b)|"
    # "hold NZQA Level 3", "hold a current practising certificate"; "hold a caseload" is the work.
    r"(?<!\bif )\byou(?:'ll| will| should)? (?:also |already )?hold (?:an? |the |current |valid |full )*"
    r"(?:[\w-]+ ){0,2}?(?:(?-i:[A-Z0-9])|"
    r"(?:licen[cs]e|certificat|registration|qualification|ticket|card|accreditation|designation|membership))|"
    r"\byou(?:'ll| will)? \w+ (?:well |right in |in )?if you (?:have|hold|can|are)\b|"
    r"\b(?:you(?:'ll| will)? be|must be) (?:confident|comfortable|proficient|fluent|at ease) "
    r"(?:in|with|using|running)\b|"
    r"\b(?:is|are) a must\b",
    re.I,
)


# "Hold CompTIA A+", "Comfortable on the Linux command line", "Hands-on knowledge of IFRS": a list item under a duties
# heading that opens with what the person has, not with what they will do (postings that keep one list for both).
_HAS_OPENING = re.compile(
    r"^(?:(?:hold|possess)\s+(?:an?\s+|the\s+|current\s+|valid\s+)*(?-i:[A-Z0-9])|"
    r"(?:comfortable|confident|proficient|fluent|familiar|conversant|experienced)\s+(?:on|in|with|using)\b|"
    r"(?:proficiency|fluency|familiarity|knowledge|understanding|command)\s+(?:of|in|with)\b|"
    r"(?:(?:solid|strong|advanced|good|excellent|sound|proven|hands-on|working|practical|demonstrated)\s+)+"
    r"(?:(?:[\w+#./-]+\s+){0,3}?(?:knowledge|skills?|experience|command|understanding|proficiency)\b|(?-i:[A-Z]))|"
    r"(?:professional\s+)?(?:qualifications?|certifications?)\s*:|"
    r"experience\s+(?:with|in|using|of)\b)",
    re.I,
)


def _preference_apart(sentence: str) -> list[str]:
    """The sentence, with an aside after a dash that states a preference of its own apart ("Chainsaw certification is
    a must - class 2 is a bonus"); other dashes stay inside ("SAP Certified Associate – S/4HANA Finance")."""
    pieces = re.split(r"(?<=\S)(\s[-–—]\s)(?=\S)", sentence)
    out = [pieces[0]]
    for dash, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if _NICE_CUE.search(piece) and not _NICE_CUE.search(out[-1]):
            out.append(piece)
        else:
            out[-1] += dash + piece
    return out


def stated_requirements(lines: list[Line]) -> list[Line]:
    """The lines, with each sentence of a duties or intro paragraph that states a requirement as its own
    requirement line (after the rest of the paragraph, which keeps its section): each sentence is read once."""
    out = []
    for line in lines:
        if line.section not in {"duties", "intro"}:
            out.append(line)
            continue
        parts = [piece for sentence in re.split(r"(?<=[.;!?])\s+", line.text) for piece in _preference_apart(sentence)]
        stated = [
            part
            for k, part in enumerate(parts)
            if (_STATED.search(part) or (k == 0 and line.section == "duties" and _HAS_OPENING.match(part)))
            and not _NICE_CUE.search(part)
        ]
        rest = " ".join(part for part in parts if part not in stated)
        if rest.strip():
            out.append(Line(line.section, rest))
        out.extend(Line("required", part) for part in stated)
    return out


__all__ = ["stated_requirements"]
