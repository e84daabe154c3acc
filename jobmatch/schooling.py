"""School and college levels named in a requirement line: the degree field's business, never a must-have.

"Matric", "Nitec", "MBO level 4 or HBO", "Licenciatura in Psychology, Education or a related field", "Any
Graduate", "Técnico de Nivel Superior in IT": the level of schooling a posting asks for, and the subjects after it,
are what `jobmatch.degreerules` reads; read as names they would be must-haves no résumé lists as a skill. The same
holds for a name the parser does not know followed by "in A, B or a related field": only a qualification takes
subjects that way.
"""

from __future__ import annotations

import re

# National school-leaving and vocational levels, and the words for "a graduate" (the bachelor's and master's words
# are `resumes.DEGREE_PATTERNS`'s; these are the ones that read as names in a requirement line).
_LEVEL = (
    r"(?:Higher\s+)?(?:NITEC|Nitec)|Matric(?:ulation)?|MBO|HBO|HAVO|Licenciatura|Licenciado|Titulad[oa]|"
    r"Bacharelado|Laurea|(?:Any\s+)?(?:Post|Under)?[Gg]raduate(?:\s+[Dd]egree)?|(?:T[ée]cnico\s+(?:de\s+)?)?"
    r"Nivel\s+Superior|Abitur|Bachillerato|Baccalaur[ée]at|HSC|SSC|STPM|SPM|"
    # School-leaving exams taken subject by subject: "GCSEs in English and Maths", "A-levels in Physics".
    r"I?GCSEs?|[AO]-[Ll]evels?|[AO] Levels?"
)
# What may follow the level before its subjects: asides in brackets, "triennale", "level 4", "at grade 4 or above".
_QUALIFIER = (
    r"(?:\s*\([^)]*\)|\s+(?:triennale|magistrale|level\s+\d+|or\s+higher)|"
    r"\s+(?:at\s+)?grades?\s+[A-Z0-9*]{1,2}(?:\s*(?:-|–|to)\s*[A-Z0-9*]{1,2})?(?:\s+or\s+(?:above|higher|better))?)*"
)
# The subjects: "in/of/en" and the rest of the clause.
_SUBJECTS = r"(?:\s+(?:in|of|en)\s+[^;:.]*)?"
LEVEL_PHRASE = re.compile(r"(?<![\w-])(?:" + _LEVEL + r")(?![\w-])" + _QUALIFIER + _SUBJECTS)
# "<Name> in Psychology, Education or a related field", "<Name> en Ingeniería Eléctrica o afín": the subjects of a
# qualification; the name before them is the qualification.
RELATED_SUBJECTS = re.compile(
    r"\s*(?:\([^)]*\)\s*)?\s+(?:in|en)\s+(?=[^;:.]*\b(?:related|relevant|equivalent|similar|afín|afines)\b)[^;:.]*",
    re.I,
)


def schooling_spans(clause: str) -> list[tuple[int, int]]:
    """Spans of a clause that name a level of schooling with its subjects ("Minimum Nitec in Electrical or
    Mechatronics Engineering": from "Nitec" to the end)."""
    return [(m.start(), m.end()) for m in LEVEL_PHRASE.finditer(clause)]


__all__ = ["LEVEL_PHRASE", "RELATED_SUBJECTS", "schooling_spans"]
