"""Years a résumé's dated roles cover: "2017–2021", "Jan 2019 - present", "2022.11 - Present", "Since 2021",
"jul/2018 – atual", read by python-dateutil where it can, the union of the spans counted once.

Not every dated line is a role: education, internships, placements, articleships, apprenticeships, doctoral
study, student jobs and career breaks are left out (the card's "total professional years"). Where a line
holds only the dates, the role it belongs to is the title line next to it: after the dates where the
résumé writes its dates first (a two-column PDF: "03/2015 - 08/2015" then "Praktikum, Daimler AG"),
before them otherwise ("Finance Intern -- Verdant" then "2021-02 – 2021-07").
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as dateparser

# Month names dateutil does not know (French, German, Dutch, Spanish, Portuguese, Italian abbreviations and
# names), and words for "present" in those languages: "sept. 2021 – aujourd'hui", "03/2022 – atual".
_FOREIGN_MONTHS = {
    **dict.fromkeys(["janv", "janvier", "januar", "enero", "ene", "janeiro", "gennaio", "gen"], 1),
    **dict.fromkeys(["févr", "fevr", "février", "fevrier", "februar", "febrero", "fev", "fevereiro", "febbraio"], 2),
    **dict.fromkeys(["mars", "märz", "maerz", "mrt", "maart", "marzo", "março", "marco"], 3),
    **dict.fromkeys(["avr", "avril", "abr", "abril", "aprile"], 4),
    **dict.fromkeys(["mai", "mei", "mayo", "maio", "maggio", "mag"], 5),
    **dict.fromkeys(["juin", "juni", "junio", "junho", "giugno", "giu"], 6),
    **dict.fromkeys(["juil", "juillet", "juli", "julio", "julho", "luglio", "lug"], 7),
    **dict.fromkeys(["août", "aout", "augustus", "ago", "agosto"], 8),
    **dict.fromkeys(["septembre", "set", "setembro", "septiembre", "settembre"], 9),
    **dict.fromkeys(["okt", "oktober", "octobre", "out", "outubro", "octubre", "ottobre", "ott"], 10),
    **dict.fromkeys(["novembre", "noviembre", "novembro"], 11),
    **dict.fromkeys(["déc", "décembre", "decembre", "dez", "dezember", "dic", "diciembre", "dezembro", "dicembre"], 12),
}
_PRESENT = {
    "present", "current", "now", "today", "date", "to date", "till date", "till now", "until now", "ongoing",
    "aujourd'hui", "aujourd’hui",
    "présent", "heute", "jetzt", "heden", "nu", "actual", "actualidad", "atual", "atualmente", "presente", "oggi",
    "pågående", "nå", "i dag", "nuvarande", "en cours", "in corso", "laufend", "vandaag", "hoy",
    # Norwegian and Danish "d.d." (dags dato, "to this day"), Polish "obecnie"
    "d.d.", "dags dato", "obecnie",
    # "to date" in Spanish, Portuguese, French and Italian ("ago. 2022 – a la fecha", "até hoje", "à ce jour")
    "a la fecha", "hasta la fecha", "hasta hoy", "hasta la actualidad", "até hoje", "até o momento", "até à data",
    "à ce jour", "a ce jour", "ad oggi", "a oggi",
    # Vietnamese ("03/2020 – nay", "hiện nay", "hiện tại"), Indonesian and Malay ("sekarang", "kini"), Turkish
    # ("günümüz", "halen")
    "nay", "hiện nay", "hiện tại", "sekarang", "kini", "saat ini", "günümüz", "halen", "devam ediyor",
}  # fmt: skip
# "Since 2021", "seit 04/2021", "desde 2019": a role that runs to the present.
_SINCE = r"(?:since|seit|depuis|desde|dal|sinds|sedan|siden)"
_FOREIGN = "|".join(sorted((re.escape(m) for m in _FOREIGN_MONTHS), key=len, reverse=True))
_PRESENT_RE = "|".join(sorted((re.escape(w) for w in _PRESENT), key=len, reverse=True))
_MONTHS = r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|" + _FOREIGN + r")\.?"
# "Mar 2019", "Feb-2019", "March, 2019", "Feb '19", "jul/2018", "03/2019", "03.2019", "2019-03", "2019.03", "2019",
# and a whole date ("15.03.2019", "2019-03-15"), of which only the month and year count
_FULL_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d|(?:19|20)\d\d-\d{1,2}-\d{1,2}"
# A day may stand before the month or after it ("1st July 2020", "3. März 2019", "May 15, 2019", "15-Jul-2018",
# as Indian résumés write it): only the month counts. The month and year may be joined by a hyphen ("09-2019", as
# Dutch and Belgian résumés write them).
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH_YEAR = (
    r"(?:" + _DAY + r"(?:\.?\s+|\s*[-/]\s*(?=[^\W\d_])))?"
    + _MONTHS + r"(?:\s+" + _DAY + r",)?(?:\s*,\s*|\s*[-/]\s*|\s+de\s+|\s+|\s*['’]\s*)\d{4}"
)
_POINT = (
    r"(?:" + _FULL_DATE + r"|" + _MONTH_YEAR + r"|" + _MONTHS + r"\s*['’]\d{2}(?!\d)|"
    r"\d{1,2}[/.]\d{4}|\d{1,2}-(?:19|20)\d\d(?!\d)|\d{4}[/.-]\d{1,2}(?![\d.])|(?:19|20)\d\d)"
)
# The words and marks between a range's ends, arrows included ("2019-08 → 2023-01", "2021 -> present").
_TO = r"(?:-|–|—|→|->|to|until|till|through)"
_RANGE = re.compile(
    r"(?<![\d/])(" + _POINT + r")\s*" + _TO + r"\s*(" + _POINT + r"|" + _PRESENT_RE + r")(?![\w'’])",
    re.I,
)
# A range left open at the end of its line ("8/2020 –", as Finnish and German résumés write a role that goes
# on), or at the end of its table cell ("5/2021 - | Chief Engineer": a .docx table's cells are joined by " | "):
# it runs to the present. A range wrapped onto the next line is joined first (_WRAPPED_RANGE).
_OPEN_RANGE = re.compile(r"(?<![\d/])(" + _POINT + r")\s*(?:-|–|—|→|->)\s*(?:$|(?=\|))", re.I)
# The break may also fall before the dash ("| Mar. 2018" over "- Aug. 2019", as a narrow PDF column wraps it).
_RANGE_END = r"(?:" + _POINT + r"|" + _PRESENT_RE + r")(?![\w'’])"
_WRAPPED_RANGE = re.compile(
    r"(?<![\d/])(" + _POINT + r"\s*(?:-|–|—|→|->)|" + _POINT + r"(?=[ \t]*\n[ \t]*(?:-|–|—)[ \t]*" + _RANGE_END + r"))"
    r"[ \t]*\n[ \t]*(?=(?:(?:-|–|—)[ \t]*)?" + _RANGE_END + r")",
    re.I,
)
# "Since 2021   Senior Contracts Manager" at the head of a line, or "(seit 04/2021)": not "resident since 2012".
_SINCE_POINT = re.compile(r"(?:^[^\w\n]*|\(\s*)" + _SINCE + r"\s+(" + _POINT + r")(?![\w'’])", re.I)
# The jobs whose titles name education as their field.
_EDUCATION_JOB = (
    r"(?:teacher|tutor|assistant|aide|officer|co-?ordinator|manager|specialist|consultant|advis[eo]r|lead|director|"
    r"administrator|worker|practitioner|therapist|nurse|educator|instructor|lecturer|support)s?\b"
)
# Dated lines that are no professional role: study, and work done as part of it (internships, co-ops,
# placements, articleships, apprenticeships, student jobs, doctoral study), and time out of work.
_NOT_A_ROLE = re.compile(
    r"\b(?:b\.?s\.?c?\b|bachelor|master|degree|ph\.?d|"
    # education, but not a title in it: "Special Education Teacher", "Education Officer", "Health Education Specialist"
    r"education(?!\s+(?:[\w-]+\s+)?" + _EDUCATION_JOB + r")|"
    r"diploma|gpa|coursework|bootcamp|certificate|iit\b|mit\b|intern\b|internship|co-?op\b|placement|"
    r"externship|student teach|doctoral|ph\.?d\b|teaching assistant|thesis|"
    # a research assistant's post held as a student ("Graduate Research Assistant"); a research assistant alone
    # is a staff post, as institutes and labs hire them
    r"(?:graduate|undergraduate|postgraduate|student|doctoral|ph\.?d|pre-?doctoral) research assistant|"
    # a bank's "Summer Analyst", a PGCE "Trainee teacher": internships and teacher training under another name
    r"summer (?:analyst|associate)|trainee teacher|"
    # a chartered accountant's or lawyer's articles, a trade apprenticeship, a German "Praktikum" or "Werkstudent"
    r"articl(?:ed|eship|ing)\b|apprentice(?:ship)?\b|praktikum|werkstudent|working student|"
    # the intern in Spanish, Portuguese, French and Italian ("Practicante pre-profesional", "Estagiário", "Pasante")
    r"practicante\b|pasant(?:e|ía|ia)\b|estagi[áa]ri[oa]\b|est[áa]gio\b|stagiaire\b|tirocin(?:ante|io)\b|"
    # study that readies a licence: an overseas professional's bridging programme, a review for a board exam
    r"bridging (?:program|programme|course)\b|full[- ]time study\b|"
    r"\b(?:review|preparation|prep)\b[^\n]{0,30}?\b(?:licensure|licensing|board|bar) exam|"
    r"\b(?:board|bar|licensure) (?:exam )?review\b|"
    # a dual study programme's student ("Dual student (Duales Studium)"): paid work that is part of a degree
    r"dual(?:e[rs]?)? (?:student|studium|study)\b|"
    # the training a professional body requires before it admits a member ("Management Trainee (ICSI mandatory
    # training)"): articles under another name; a trainee post alone is a job
    r"(?:mandatory|compulsory|statutory) (?:practical )?training\b|"
    # the apprentice in Norwegian, Danish, Swedish and German ("Lærling elektriker", "Auszubildender"), and
    # the German research assistant or doctoral candidate ("Wissenschaftliche Mitarbeiterin", "Doktorand")
    r"l[æäa]rling\b|lehrling\b|auszubildende[rn]?\b|azubi\b|"
    r"wissenschaftliche[rn]? mitarbeiter(?:in)?\b|doktorand(?:in)?\b|"
    # "Student Paramedic", "Clinical rotations (student)", "Clinical attachment": not "Student Services Advisor"
    r"\(student\)|student (?:paramedic|nurse|midwife|doctor|worker|assistant|job|trainee)\b|"
    r"(?:co-?op|doctoral|ph\.?d|working|research) student\b|clinical (?:rotation|attachment)s?\b|"
    r"industrial attachment|career break|sabbatical|gap year|(?:parental|maternity|paternity) leave|"
    # a move between countries, dated between two jobs ("moved to the Netherlands; language course", "migración a
    # Colombia"): time out of work, as a career break is
    r"\bmoved (?:back )?to (?-i:(?:the )?[A-Z])|\b(?:e|in)?migraci[óo]n\b|\b(?:e|i)?migra[çc][ãa]o\b|"
    # the service a state requires of its young people, not a career chosen: Nigeria's NYSC year, Germany's
    # Zivildienst, conscription ("Compulsory military service"); a soldier's own career still counts
    r"nysc\b|national youth service|zivildienst|conscript(?:ion|ed)?\b|"
    r"(?:compulsory|mandatory|conscript) (?:military|civilian|civil|national) service)",
    re.I,
)
# Headings, also in French, German, Dutch, Spanish, Portuguese and Italian ("FORMATION / EDUCATION").
_EDUCATION_HEAD = re.compile(
    r"^\W*(?:education(?:al)?(?!\s+(?:[\w-]+\s+)?" + _EDUCATION_JOB + r")|"
    # a training section may name its kind ("PROFESSIONAL TRAINING", "Further training", "Vocational training")
    r"academic|qualifications|certifications?|(?:(?:professional|further|vocational|continuing)\s+)?training|"
    r"formation|formação|formacao|formación|"
    # education in Spanish, Portuguese and French, and Latin America's schooling ("Educación / Education")
    r"educaci[óo]n|educa[çc][ãa]o|éducation|escolaridade?|"
    r"ausbildung|opleiding|istruzione|"
    # Norwegian, Danish, Swedish, Finnish, Polish
    r"utdanning|utdannelse|uddannelse|utbildning|koulutus|wykszta[łl]cenie)\b",
    re.I,
)
SECTION_HEAD = re.compile(
    r"^\W*(?:(?:work|teaching|professional|relevant|clinical|career|employment)\s+)?"
    r"(?:experience|work history|employment|history|skills|projects|exp[ée]rience|experiência|experiencia|"
    r"berufserfahrung|werkervaring|esperienz[ae]|"
    # Norwegian, Danish, Swedish, Finnish, Polish
    r"arbeidserfaring|yrkeserfaring|erhvervserfaring|arbejdserfaring|arbetslivserfarenhet|arbetserfarenhet|"
    r"ty[öo]kokemus|do[śs]wiadczenie(?: zawodowe)?)(?!\w)",
    re.I,
)


_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
# A bracketed aside with dates of its own inside a role's line: "Mar 2016 - Dec 2021 (parental leave Jun 2019 -
# Mar 2020)". It dates a stretch within the role, which the role's own span already covers.
_DATED_ASIDE = re.compile(r"\([^()]*?" + _RANGE.pattern + r"[^()]*\)", re.I)


def _without_dated_aside(line: str) -> str:
    """The line without its dated asides, where the rest still dates the role; else the line as it is."""
    rest = _DATED_ASIDE.sub(" ", line)
    return rest if _RANGE.search(rest) else line


def _point(raw: str, *, today: date) -> date | None:
    raw = re.sub(r"\bsept\b", "sep", raw.strip().lower())  # dateutil knows "Sep", not "Sept"
    if raw in _PRESENT:
        return today.replace(day=1)  # the card's "start month to Nov 2026": whole months
    # the day goes: "1st july 2020", "3. märz 2019", "15-jul-2018", "may 15, 2019"
    raw = re.sub(r"^\d{1,2}(?:st|nd|rd|th)?(?:\.?\s+|\s*[-/]\s*)(?=[^\W\d_])", "", raw)
    raw = re.sub(r"^([^\W\d_]+\.?)\s+\d{1,2}(?:st|nd|rd|th)?,\s*(\d{4})$", r"\1 \2", raw)
    raw = re.sub(r"^([^\W\d_]+)\.", r"\1", raw)  # "oct. 2019"
    short = re.match(r"([^\W\d_]+)\s*['’](\d{2})$", raw)  # "feb '19": the century that is not in the future
    if short:
        year = 2000 + int(short.group(2))
        raw = f"{short.group(1)} {year if year <= today.year else year - 100}"
    # "feb-2019", "march, 2019", "jul/2018"; Spanish and Portuguese: "marzo de 2021"
    raw = re.sub(r"^([^\W\d_]+)(?:\s*[,'’/-]\s*|\s+de\s+)(\d{4})$", r"\1 \2", raw)
    month = re.match(r"([^\W\d_]+)\.?\s+(\d{4})$", raw)
    if month and month.group(1) in _FOREIGN_MONTHS:
        return date(int(month.group(2)), _FOREIGN_MONTHS[month.group(1)], 1)
    if _YEAR_ONLY.fullmatch(raw):
        return date(int(raw), 7, 1)
    whole = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw)
    if whole:
        # day first, as the résumés that write whole dates mostly do ("02.06.2014"), unless the second number
        # cannot be a month ("06/28/2014")
        first, second, year = (int(part) for part in whole.groups())
        month = first if second > 12 else second
        return date(year, month, 1) if 1 <= month <= 12 else None
    try:
        return dateparser.parse(raw.replace(".", "/"), default=datetime(2000, 1, 1)).date().replace(day=1)
    except (ValueError, OverflowError):
        return None


def _span(first: str, last: str, *, today: date) -> tuple[date, date] | None:
    """The dates a role covers. A month range counts its last month ("Sep 2017 - Aug 2019" is 24 months, as the
    development sets' gold counts); a bare year is read as its middle (July), which is within half a year of both
    readings the gold uses for "2019 - present" (from January, and the difference of years)."""
    start, end = _point(first, today=today), _point(last, today=today)
    if not (start and end and start.year >= 1960 and end.year <= today.year):
        return None
    if last.strip().lower() not in _PRESENT and not _YEAR_ONLY.fullmatch(last.strip()):
        end = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    end = min(end, today)
    return (start, end) if start <= end else None


def _line_spans(line: str, *, today: date) -> tuple[list[tuple[date, date]], bool]:
    """The spans a line dates, and whether it holds nothing else (then its role's title is on a line beside it)."""
    spans = [_span(m.group(1), m.group(2), today=today) for m in _RANGE.finditer(line)]
    if not any(spans):
        open_ended = [*_SINCE_POINT.finditer(line), *_OPEN_RANGE.finditer(line)]
        spans = [_span(m.group(1), "present", today=today) for m in open_ended]
    spans = [span for span in spans if span]
    rest = re.sub(r"\([^)]*\)", " ", _OPEN_RANGE.sub(" ", _SINCE_POINT.sub(" ", _RANGE.sub(" ", line))))
    return spans, bool(spans) and not re.search(r"[^\W\d_]{2,}", rest)


def open_ended(line: str) -> bool:
    """Whether a line dates something that goes on to the present ("2024 – present", "seit 10/2024"): a study so
    dated is not finished yet. A range left open at the line's end is not read here, as it may wrap to the next."""
    return bool(
        _SINCE_POINT.search(line)
        or any(m.group(2).strip().lower() in _PRESENT for m in _RANGE.finditer(line))
    )


def _is_heading(line: str) -> bool:
    return bool(SECTION_HEAD.search(line) or _EDUCATION_HEAD.search(line)) or (
        line.strip().isupper() and len(line.strip()) < 40
    )


def _title_beside(lines: list[str], index: int, *, dates_first: bool) -> str:
    """The title line of the role whose dates stand alone on lines[index]: the next line where the résumé writes
    its dates first, else the line just before (not a bullet, a heading, or another dated line)."""
    if dates_first:
        # the role's head may take two lines, the employer's and the title's ("Furama Resort" / "IT Technician"):
        # the second is read too where it is a short line of its own (no bullet, heading, dates or sentence)
        following = [line for line in lines[index + 1 : index + 4] if line.strip()][:2]
        if not following or _is_heading(following[0]):
            return ""
        second = following[1] if len(following) > 1 else ""
        if second and _own_head_line(second, longest=60):
            return following[0] + " " + second
        return following[0]
    before = lines[index - 1] if index else ""
    if not before.strip() or re.match(r"^\s*[-*•·–]", before) or _is_heading(before) or _RANGE.search(before):
        return ""
    if before.strip()[0].islower() and index > 1 and not _RANGE.search(lines[index - 2]):
        # a title wrapped onto a second line ("Doctoral researcher - Karlsruhe Institute" / "of Technology")
        return lines[index - 2] + " " + before
    return before


def _head_above(lines: list[str], index: int) -> str:
    """The role's head line just above a line that holds its employer and dates ("Internship - Finance" over
    "Acme Ltd, Leeds   Feb 2010 - Jun 2011"): a short line of its own (no bullet, heading, dates or sentence)."""
    before = next((line for line in reversed(lines[:index]) if line.strip()), "")
    return before if _own_head_line(before, longest=80) else ""


def _own_head_line(line: str, *, longest: int) -> bool:
    """Whether a line is a short line of its own that may head a role: no bullet, heading, dates or sentence."""
    return (
        len(line.strip()) <= longest
        and not line.rstrip().endswith(".")
        and not re.match(r"^\s*[-*•·–]", line)
        and not _is_heading(line)
        and not _RANGE.search(line)
    )


def dated_years(text: str, *, today: date | None = None) -> float | None:
    """Years covered by dated roles ("2017–2021", "Mar 2019 - present"), overlaps merged, education left out."""
    today = today or date.today()
    # "Jan 2019 –" / "Dec 2021" split by a narrow column is one closed range, not a role open to the present
    lines = _WRAPPED_RANGE.sub(r"\1 ", text).splitlines()
    dated = []  # (line index, spans, whether the line holds only its dates)
    in_education = False
    for index, line in enumerate(lines):
        if _EDUCATION_HEAD.search(line):
            # "Certifications: CompTIA A+, Security+" is one line, not the start of a section.
            in_education = in_education or not re.search(r":\s*\S", line)
            continue
        if SECTION_HEAD.search(line):
            in_education = False
        line = _without_dated_aside(line)  # a leave within a role does not make the role a leave
        if in_education or _NOT_A_ROLE.search(line):
            continue
        line_spans, dates_only = _line_spans(line, today=today)
        if line_spans:
            dated.append((index, line_spans, dates_only))
    # A résumé writes each role's dates before its title or after it, the same way throughout: dates first when
    # the first line of dates alone follows a heading ("WORK EXPERIENCE" / "12/2022 - Present" / "Tax Manager").
    first_alone = next((index for index, _, alone in dated if alone), None)
    heading_above = first_alone is not None and _is_heading(
        next((line for line in reversed(lines[:first_alone]) if line.strip()), "")
    )
    spans = []
    for index, line_spans, dates_only in dated:
        if dates_only and _NOT_A_ROLE.search(_title_beside(lines, index, dates_first=heading_above)):
            continue
        if not dates_only and not heading_above and _NOT_A_ROLE.search(_head_above(lines, index)):
            continue
        spans += line_spans
    if not spans:
        return None
    spans.sort()
    total, (cur_start, cur_end) = 0.0, spans[0]
    for start, end in spans[1:]:
        if start <= cur_end:
            cur_end = max(cur_end, end)
        else:
            total += (cur_end - cur_start).days
            cur_start, cur_end = start, end
    total += (cur_end - cur_start).days
    return round(total / 365.25, 1)


__all__ = ["SECTION_HEAD", "dated_years", "open_ended"]
