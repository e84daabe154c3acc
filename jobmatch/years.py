"""Years of experience as postings and résumés write them: in digits or words ("five-plus years",
"Two to four", "at least a year"), in months ("18+ months", "Between 18 months and 3 years"), in
Spanish, French, German or Italian units ("2 años"), and, in postings, required or only preferred.

A posting's minimum is the largest figure its required clauses state, a range counting by its low
end ("3-5 years" is 3); a figure whose own clause says preferred, ideally, a plus (the parser's
nice-to-have cues) is no minimum, while a cue in the next clause ("2-4 years of actuarial
experience, pricing preferred") qualifies something else.
"""

from __future__ import annotations

import re

from jobmatch.sections import NICE_CUE, sections

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_NUMBER_WORD = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(_UNITS[1:10]) + r"))?|(" + "|".join(_UNITS) + r"))\b",
    re.I,
)
# More years of experience than anyone states is a typo (an imported résumé's years, a card's minimum).
MAX_YEARS = 70
YEAR_WORD = r"(?:years?|yrs?|años|anos|anni|ans|jahren?|jahre|jaar|jaren)"
MONTH_WORD = r"(?:months?|meses|mois|monaten?|maanden|mesi)"
_UNIT = r"(" + YEAR_WORD + r"|" + MONTH_WORD + r")"
_NUM = r"(\d{1,2}(?:\.\d)?)"


def number_value(word: str) -> int | None:
    """The value of a number written in words ("five", "Twenty-one"), or None."""
    match = _NUMBER_WORD.fullmatch(word.strip())
    if not match:
        return None
    if match.group(3):
        return _UNITS.index(match.group(3).lower())
    return _TENS[match.group(1).lower()] + (_UNITS.index(match.group(2).lower()) if match.group(2) else 0)


_FOREIGN_YEAR = r"(?:años|anos|anni|ans|jahren?|jahre|jaar|jaren)"
_FOREIGN_UNIT = r"(?:" + _FOREIGN_YEAR + r"|meses|mois|monaten?|maanden|mesi)"
# Numbers two to twenty in Spanish, Portuguese, French, Italian, German and Dutch, read only right before a word for
# years or months ("Seis años llevando la contabilidad", "zehn Jahre Erfahrung"): several are English or other
# words elsewhere ("once", "sei", "tree"), so alone they stay words.
_FOREIGN_NUMBERS = {
    word: value
    for value, words in enumerate(
        [
            "dos dois duas deux due zwei twee",
            "tres três trois tre drei drie",
            "cuatro quatro quatre quattro vier",
            "cinco cinq cinque fünf funf vijf",
            "seis six sei sechs zes",
            "siete sete sept sette sieben zeven",
            "ocho oito huit otto acht",
            "nueve nove neuf neun negen",
            "diez dez dix dieci zehn tien",
            "once onze undici elf",
            "doce doze douze dodici zwölf twaalf",
            "trece treze treize tredici dreizehn dertien",
            "catorce catorze quatorze quattordici vierzehn veertien",
            "quince quinze quindici fünfzehn vijftien",
            "dieciséis dezesseis dezasseis seize sedici sechzehn zestien",
            "diecisiete dezessete dezassete dix-sept diciassette siebzehn zeventien",
            "dieciocho dezoito dix-huit diciotto achtzehn achttien",
            "diecinueve dezenove dezanove dix-neuf diciannove neunzehn negentien",
            "veinte vinte vingt venti zwanzig twintig",
        ],
        start=2,
    )
    for word in words.split()
}
_FOREIGN_NUMBER_WORD = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, _FOREIGN_NUMBERS), key=len, reverse=True)) + r")"
    r"(?=\s+" + _FOREIGN_UNIT + r"\b)",
    re.I,
)


def words_to_digits(text: str) -> str:
    """The text with numbers in words as digits, "a year" of experience as "1 year", "-plus" as "+".

    "Five to eight years" -> "5 to 8 years", "Two-plus years'" -> "2+ years'", "three (3) years" -> "3 years",
    "at least a year of post-qualification experience" -> "at least 1 year of ...", "a year and a half" -> "1.5 years".
    """
    text = _NUMBER_WORD.sub(lambda m: str(number_value(m.group(0))), text)
    text = re.sub(r"\b(\d{1,2})\s*\((\d{1,2})\)", r"\2", text)  # "three (3) years": the digits in brackets
    text = re.sub(r"\ban?\s+(year|month)\s+and\s+a\s+half\b", r"1.5 \1s", text, flags=re.I)
    text = re.sub(r"\b(\d{1,2})\s+and\s+a\s+half\s+(years?|months?)\b", r"\1.5 \2", text, flags=re.I)
    text = re.sub(r"\bhalf\s+a\s+year\b", "6 months", text, flags=re.I)
    # "at least a year", "a year of teaching experience", "A year's experience": one year; not "twice a year".
    text = re.sub(
        r"(?:(?<=\bleast )|(?<=\bminimum )|(?<=\bminimum of )|(?<=\bover )|(?<=\bthan ))an?\s+(?=(?:year|month)\b)|"
        r"\ban?\s+(?=(?:year|month)(?:['’]s)?\s+(?:of\s+)?(?:[\w/-]+\s+){0,3}?(?:experience|exp)\b)",
        "1 ",
        text,
        flags=re.I,
    )
    # "five-plus years", "2 plus years", "5 years plus": "5+"
    text = re.sub(r"\b(\d{1,2})(?:\s*-\s*|\s+)plus\b", r"\1+", text, flags=re.I)
    return re.sub(r"\b(" + YEAR_WORD + r")\s+plus\b", r"\1+", text, flags=re.I)


def _in_years(number: str, unit: str) -> float:
    return float(number) / 12 if re.fullmatch(MONTH_WORD, unit, re.I) else float(number)


# "3-5 years", "3 to 5 yrs", "Between 18 months and 3 years", "1 or 2 years", and the form of Canada's job bank,
# "2 years to less than 3 years": the low end, in its own unit.
_RANGE = re.compile(
    r"(?:\bbetween\s+" + _NUM + r"\s*" + _UNIT + r"?\s+and\s+|"
    r"\b" + _NUM + r"\s*" + _UNIT + r"?['’]?\s*(?:-|–|—|to|or)\s*(?:(?:less|fewer) than\s+|under\s+)?)"
    r"\d{1,2}(?:\.\d)?\s*\+?\s*" + _UNIT + r"\b",
    re.I,
)
# "3 years' PQE", "2 years post-qualification" (UK law, accountancy, health): experience in other words
_EXPERIENCE = (
    r"(?:experience|exp\b|expertise|experiencia|expérience|erfahrung|work\b|pqe\b|"
    r"post[- ]?(?:qualification|registration)\b)"
)
_MINIMUM = re.compile(
    "|".join(
        [
            r"\b(?:at least|minimum(?: of)?|min\.?|over|more than|(?:no|not) less than)\s+"
            + _NUM
            + r"\s*\+?\s*"
            + _UNIT,
            # "have served in a similar post for a minimum period of three years": a period of service, the form of
            # public-service adverts ("for a minimum period of six months" alone may be a contract's length)
            r"\b(?:served|worked|working|employed|practi[cs]ed|experience)\b[^.;\n]{0,60}?\bfor\s+(?:a\s+)?"
            r"(?:minimum|min\.?)\s+(?:period|term|duration)\s+of\s+" + _NUM + r"\s*" + _UNIT,
            # "around three years in developer relations": an approximate figure of experience
            r"\b(?:around|about|approximately|roughly)\s+" + _NUM + r"\s*" + _UNIT + r"['’]?\s+(?:of|in|as|with)\b",
            _NUM + r"\s*\+\s*" + _UNIT,
            r"\b" + _NUM + r"\s*" + _UNIT + r"\s*\+",
            # "3 years' post-qualification experience", "2 years of smart contract work"
            r"\b" + _NUM + r"\s*" + _UNIT + r"['’]?s?\s+(?:of\s+)?(?:[\w/&-]+\s+){0,4}?" + _EXPERIENCE,
            r"\b" + _NUM + r"\s*" + _UNIT + r"\s+(?:minimum|min\b|or more|or longer|or above)",
            r"\b" + _NUM + r"\s+or more\s+" + _UNIT,
            # "Experience: 3+ years", "Experiencia: 2 años como inspector"
            r"\b(?:experience|experiencia|expérience|erfahrung|exp)\s*[:=–-]\s*" + _NUM + r"\s*\+?\s*" + _UNIT,
            # Indeed's "Property claims: 2 years (Required)"
            r"\b" + _NUM + r"\s*" + _UNIT + r"\s*\(\s*required\s*\)",
            # a requirement line that starts with the years: "4 years of Windows Server administration"
            r"(?m:^[^\w\n]*"
            + _NUM
            + r"\s*\+?\s*"
            + _UNIT
            + r"['’]?\s+(?:of|in|as|with|on|at|building|working|\w+ing)\b)",
        ]
    ),
    re.I,
)
_PREFERRED = re.compile(r"\b(?:preferably|ideally)\b|" + NICE_CUE.pattern, re.I)
_CUE_IN_BRACKETS = re.compile(r"\s*\(\s*(?:" + NICE_CUE.pattern + r")\s*\)", re.I)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]: back to the last , ; . ( or line break, on to the next one."""
    head = max(text.rfind(c, 0, start) for c in ",;(\n") + 1
    head = max(head, max((m.end() for m in re.finditer(r"\.\s", text[:start])), default=0))
    tail = min((i for i in (text.find(c, end) for c in ",;()\n") if i >= 0), default=len(text))
    stop = re.search(r"\.(?:\s|$)", text[end:])
    return text[head : min(tail, end + stop.start()) if stop else tail]


def _required(text: str, match: re.Match) -> bool:
    """Whether a years figure is a condition: no nice-to-have cue in its own clause or right after it."""
    if _CUE_IN_BRACKETS.match(text, match.end()):  # "Xactimate: 1 year (Preferred)"
        return False
    # "..., plus at least four years of clinical practice": "plus" joins another condition, it is no bonus.
    clause = re.sub(r"^\W*(?:and\s+)?plus\b", " ", _clause(text, match.start(), match.end()), flags=re.I)
    if re.search(r"\bor\s+(?:\w+\s+){0,2}$", text[: match.start()]) and re.search(r"\bequivalent\b", clause, re.I):
        return False  # "Associate degree or 4 years equivalent experience": a degree's substitute, not a minimum
    return not _PREFERRED.search(clause)


def job_min_years(text: str) -> float | None:
    """Minimum years a posting's text asks for ("6+ years", "3-5 years", "five-plus", "18 months"), or None."""
    text = words_to_digits(text)
    values = []
    for match in _RANGE.finditer(text):
        number = match.group(1) or match.group(3)
        unit = match.group(2) or match.group(4) or match.group(5)
        if _required(text, match):
            values.append(_in_years(number, unit))
    cleaned = _RANGE.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, so clauses stay put
    previous_end = None
    for match in _MINIMUM.finditer(cleaned):
        groups = [g for g in match.groups() if g]
        if _required(cleaned, match):
            value = _in_years(groups[0], groups[1])
            # "2 years in signalling, or 4+ years as an electrician": another road to the same requirement, so the
            # lower figure is the minimum
            between = cleaned[previous_end : match.start()] if previous_end is not None else ""
            if values and _ALTERNATIVE.fullmatch(between):
                values[-1] = min(values[-1], value)
            else:
                values.append(value)
            previous_end = match.end()
    values = [v for v in values if 0.5 <= v <= 30]
    return max(values) if values else None


# Between two years figures of one sentence, an "or" that offers the second as another way in.
_ALTERNATIVE = re.compile(r"[^.;\n]*\bor\s+(?:at least\s+|a minimum of\s+|minimum\s+)?", re.I)


# A line inside a nice-to-have section that states a condition in its own words ("You also have 3 to 5 years").
OWN_CONDITION = re.compile(
    r"^\W*(?:you (?:also |will |must |should )?(?:have|bring|need)|you'?ll (?:also )?(?:have|bring|need)|"
    r"(?:you )?must\b|(?:we )?require|required\b|minimum\b|essential\b)",
    re.I,
)


def posting_min_years(text: str, wanted: str) -> float | None:
    """Minimum years a posting requires, from its requirement text (`wanted`), else from every line but the
    nice-to-haves ("Preferred: 2 years of ..." is no minimum), keeping one there that states a condition itself."""
    years = job_min_years(wanted)
    if years is None:
        lines = [line.text for line in sections(text) if line.section != "nice" or OWN_CONDITION.search(line.text)]
        years = job_min_years("\n".join(lines) or text)
    return years


_STATED = re.compile(
    r"(\d{1,2}(?:[.,]\d)?)\s*\+?\s*" + YEAR_WORD + r"['’]?\.?(?!\s+(?:ago|old|of age|warranty|degree|program))"
    r"(?=\s*(?:of\b|in\b|as\b|at\b|working|building|designing|developing|leading|running|experience|exp\b|"
    r"(?:[\w/-]+\s+){1,3}experience\b|"
    r"professional|industry|hands[- ]on|across|with\b|on\b|\)|$|[,;.]\s*$))",
    re.I | re.M,
)
# A figure set after a title by a comma that ends its sentence: "911 dispatcher, 7 yrs. CAD, EMD".
_AFTER_TITLE = re.compile(r",\s*(\d{1,2}(?:[.,]\d)?)\s*\+?\s*" + YEAR_WORD + r"['’]?\s*[.;](?=\s)", re.I)
# A sentence that opens with the figure, as a terse summary does: "Class A driver. 9 years long-haul and local".
# Not an age or a time ago, nor a figure in brackets or after a heading's colon.
_OPENS_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?] ))(\d{1,2}(?:[.,]\d)?)\s*\+?\s*" + YEAR_WORD + r"['’]?\s+"
    r"(?!(?:ago|old|of age|warranty|degree|programm?e?|course|contract|term|later|before|after)s?\b)[A-Za-z]",
    re.I | re.M,
)
# The same statement in Spanish, Portuguese, French, Italian, German or Dutch: "6 años llevando la contabilidad",
# "8 anos de experiência", "10 Jahre als Elektriker", "5 ans d'expérience"; not an age ("35 años de edad").
_FOREIGN_EXPERIENCE = (
    r"(?:experiencia|experiência|expérience|esperienza|erfahrung|berufserfahrung|ervaring|werkervaring)"
)
_STATED_FOREIGN = re.compile(
    r"(\d{1,2}(?:[.,]\d)?)\s*\+?\s*" + _FOREIGN_YEAR + r"\b"
    r"(?=\s+(?:(?:de|d['’]|di)\s*(?:[\w/-]+\s+){0,3}?" + _FOREIGN_EXPERIENCE + r"|" + _FOREIGN_EXPERIENCE + r"|"
    r"(?:en|como|em|na|no|comme|dans|come|als|im|bei|in)\s|"
    # a Spanish, Portuguese or Italian gerund: "llevando", "trabajando", "atendendo", "gestendo"
    r"[^\W\d_]{2,}(?:ando|iendo|endo|indo)\b))",
    re.I,
)
_NOT_TOTAL = re.compile(
    r"(?:last|past|over the|within|every|for the next|per|[úu]ltim[oa]s|derni[eè]re?s|letzten|ultimi|laatste)\s*$",
    re.I,
)


def stated_years(text: str) -> float | None:
    """Largest 'N years' of experience a résumé states ("eleven years' experience", "Data Engineer (4 years)"),
    in English or in the other languages whose words for years the parser reads ("Seis años llevando ...")."""
    text = words_to_digits(_FOREIGN_NUMBER_WORD.sub(lambda m: str(_FOREIGN_NUMBERS[m.group(1).lower()]), text))
    values = []
    matches = [*_STATED.finditer(text), *_AFTER_TITLE.finditer(text), *_OPENS_SENTENCE.finditer(text)]
    for match in [*matches, *_STATED_FOREIGN.finditer(text)]:
        if _NOT_TOTAL.search(text[max(0, match.start() - 15) : match.start()]):
            continue
        value = float(match.group(1).replace(",", "."))
        if value <= 50:
            values.append(value)
    return max(values) if values else None


__all__ = [
    "MAX_YEARS",
    "MONTH_WORD",
    "OWN_CONDITION",
    "YEAR_WORD",
    "job_min_years",
    "number_value",
    "posting_min_years",
    "stated_years",
    "words_to_digits",
]
