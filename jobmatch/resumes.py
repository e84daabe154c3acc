"""Facts a résumé states: degree, years of experience, phone (work authorization is `jobmatch.workrights`).

Degrees are read in their common spellings ("B.S.", "BS in", "B.Tech", "MSc", "M.Sc.", "PhD");
years are the union of dated roles (jobmatch.roledates: "2017–2021", "Jan 2019 - present", education,
internships and teacher training left out), else the largest figure stated
("eleven years' experience", "Data Engineer (4 years)": jobmatch.years). Silence stays None.
"""

from __future__ import annotations

import re
from datetime import date

from jobmatch import gazetteer, places
from jobmatch.roledates import SECTION_HEAD, dated_years, open_ended
from jobmatch.shipnames import names_ship
from jobmatch.years import stated_years

DEGREE_LEVELS = {"none": 0, "associate": 1, "bachelor": 2, "master": 3, "phd": 4}
DEGREE_KEYS = {level: key for key, level in DEGREE_LEVELS.items()}
_END = r"(?![\w])"
# The faculty in a compound science degree's abbreviation, as Australia, New Zealand and Canada write them: "B.AppSc.
# (Orthoptics)", "BHlthSc", "BExSc", "BBiomedSc", "MAppSc", "M.A.Sc.".
_SCIENCE_FIELD = (
    r"\.?\s?(?:app(?:l(?:ied)?)?|a|hlth|health|h|soc|ex|exer|biomed|med|env|comp|info|nutr|sport|oral)\.?\s?sci?\.?"
)
# Trades whose masters hold a craft title, not a degree.
_MASTER_TRADES = (
    r"(?:sommelier|electrician|plumber|brewer|mariner|gardener|carpenter|joiner|builder|barber|baker|distiller|"
    r"technician|trainer|craftsman|craftsmen|locksmith|mason|blender|roaster)s?\b"
)
# Lower-case patterns (matched on lower-cased text), highest level first.
DEGREE_PATTERNS = [
    (
        4,
        r"\bph\.?\s?d\.?" + _END + r"|\bdoctorate\b|\bdoctoral degree\b|\bdoctor of philosophy\b|\bd\.phil\b"
        # professional and clinical doctorates, whose holders are styled "Dr." as the card's "PhD / Dr." reads:
        # "Doctor of Clinical Psychology (DClinPsy)", "Doctor of Nursing Practice", "Doctor of Physical Therapy",
        # "EdD", "PsyD". Not the Juris Doctor (the US law degree, "Doctor of Jurisprudence"), nor prose ("a doctor
        # of the old school").
        + r"|\bdoctor of (?!jurisprudence\b|(?:the|a|an|my|his|her|our|their|this|that)\b)[a-z]"
        + r"|\bd\.?\s?clin\.?\s?psy(?:ch)?\b|\bpsy\.?\s?d\b|\bed\.d\b|\bd\.?\s?psych\b|\bd\.eng\b"
        # the German doctorates by faculty ("Dr. rer. nat.", "Dr.-Ing.", "Dr. phil."; not the medical "Dr. med."),
        # the doctorate in other languages, and the Bologna third cycle
        + r"|\bdr\.\s?(?:rer\.\s?[a-z]+\b|phil\.|-?\s?ing\.|sc\.\s?[a-z]+\b|jur\.|oec\.)"
        + r"|\b(?:doctorado|doutorado|doctorat|dottorato|doktorat|doktorgrad)\b|\bthird[- ]cycle\b"
        # Swedish and Norwegian degree certificates ("doktorsexamen", "ph.d.-grad")
        + r"|\bdoktorsexamen\b|\bph\.?d\.?-grad(?:en)?\b",
    ),
    (
        3,
        # not a master craftsman's title ("Master Electrician", "Court of Master Sommeliers", "Master of Wine")
        r"(?<!scrum )(?<!court of )\bmaster'?s?\b(?! (?:class|chef|key|data|of wine|" + _MASTER_TRADES + r"))"
        + r"|\bm\.?\s?sc\.?" + _END + r"|\bm\.s\." + _END
        + r"|\bm\.?\s?eng\.?" + _END + r"|\bmba\b|\bm\.b\.a\.|\bm\.?\s?tech\.?" + _END + r"|\bm\.a\." + _END
        + r"|\bm\.?\s?phil\b|\bdiplom[- ]?(?:ingenieur|informatiker)|\bmca\b|\bm\.?s\.?e\.?\s+in\b"
        # the Master of Laws, not a large language model ("three years on LLM applications")
        + r"|\bllm\b(?=[^\n]{0,50}\b(?:laws?|legal|university|college|school)\b)"
        + r"|\bm(?:chem|phys|math|maths|biol|pharm|comp)\b|\bm\.\s?(?:arch|des|mus|pharm|com|ed)\b"
        + r"|\bdipl[oô]me d'ing[ée]nieur|\bmagister\b"
        + r"|\bpost-?\s?graduate degree\b|\bsecond[- ]cycle (?:degree|studies|programme|program)\b"
        + r"|\bdiplom-(?:kauf(?:mann|frau)|volkswirt|physiker|mathematiker|biologe|chemiker)"
        # Scandinavian degrees written as one word: Sweden's "magisterexamen"/"masterexamen", Norway's and
        # Denmark's "mastergrad"
        + r"|\b(?:magister|master)examen\b|\bmastergrad(?:en)?\b|\bm" + _SCIENCE_FIELD + _END,
    ),
    (
        2,
        # not South Africa's school-leaving "Bachelor pass" (the matric result that admits to a bachelor's)
        r"\bbachelor'?s?\b(?! pass\b)|\bb\.?\s?sc\.?" + _END + r"|\bb\.s\." + _END + r"|\bb\.?\s?eng\.?" + _END
        + r"|\bb\.?\s?tech\.?" + _END + r"|\bb\.e\." + _END + r"|\bb\.a\." + _END + r"|\bb\.?f\.?a\.?" + _END
        + r"|\bb\.?comm?\b|\bbba\b|\bbbus\b|\bb\.ed\.?(?![a-z])|\bllb\b|\bbsn\b|\bb\.b\.a\.|\bbca\b(?!-)"
        # the Bachelor of Laws with its points ("LL.B (Hons)", "LL.B.")
        + r"|\bll\.\s?b\.?(?![a-z])"
        + r"|\blicenciatura\b|\bundergraduate degree\b|\bbs/ms\b|\blicence (?:en|ès|es)\b"
        + r"|\bbacharelado\b|\btitulad[oa]\b|\bhonou?rs degree\b|\blicenciad[oa] (?:en|em)\b"
        # Spain's "Grado" (not the vocational "grado medio/superior"); "B.Math", "BArch", "B.Des", "BPharm", "BMus"
        + r"|\bgrado\b(?!\s+(?:medio|superior))|\bb\.?\s?(?:maths?|arch|des|pharm|mus|kin)\b"
        # the engineer's degree of Vietnam ("Kỹ sư"), Poland ("Inżynier") and others: a first degree
        + r"|\bengineer'?s degree\b|\bdegree of engineer\b"
        # the Bologna first cycle, and Poland's first degrees as written on a diploma ("Inżynier (inż.) in
        # Logistics", "Licencjat"), not an engineer's job title ("Inżynier procesu")
        + r"|\bfirst[- ]cycle (?:degree|studies|programme|program)\b|\blicencjat\b"
        + r"|\bin[żz]ynier\b(?=\s*(?:\(|in\b|,|-\s|–))|\btytu[łl] in[żz]yniera\b"
        # Sweden's "kandidatexamen" and Norway's or Denmark's "bachelorgrad" (a Danish "kandidat" alone is a master's)
        + r"|\bkandidatexamen\b|\bbachelorgrad(?:en)?\b|\bb" + _SCIENCE_FIELD + _END
        + r"|\bdegree[- ]educated\b|\bany graduate\b|\bgraduate \(?(?:in )?any (?:discipline|stream|field|subject)",
    ),
    # a diploma from a college, also where the college is named on the entry's next line (not a school's diploma)
    # "Associate of Science", and "Associate in Arts" as US community colleges also write it (not a "Research
    # Associate in Science Policy")
    (1, r"(?<!research )(?<!sales )\bassociate'?s?\s+(?:or\s+bachelor|degree|of (?:science|arts|applied)|"
        r"in (?:arts|science|applied (?:science|arts)|general studies|fine arts)\b)|\bcollege (?:advanced )?diploma\b|"
        r"(?<!school )(?<!secondary )\b(?:advanced )?(?:diploma|dipl[ôo]me)\b[^\n]{0,80}(?:\n[^\n]{0,40})?"
        r"\b(?:college|coll[èe]ge|polytechnic|c[ée]gep|institute of technology)\b|"
        # Québec's two- and three-year college diploma, the "diplôme d'études collégiales"
        r"\bdipl[ôo]me d'[ée]tudes coll[ée]giales\b|"
        r"\bfoundation degree\b|\ba\.a\.s\.|\ba\.s\.\s+in\b|\bhnd\b|\badn\b|"
        # Latin America's two-to-three-year technical qualifications ("Técnico de Nivel Superior", "Técnico
        # Universitario"), and the English they are given as
        r"\bt[ée]cnico (?:de nivel superior|superior|universitario)\b|"
        r"\bhigher[- ](?:level )?technical (?:degree|diploma)\b"),
]  # fmt: skip
# Upper-case abbreviations are only degrees when written as such: "BS Computer Science", "MS in Stats",
# "BE (Electronics)" -- not "MS Excel".
_ABBREVIATIONS = re.compile(
    # "MSci" (an integrated master's) only so written: MSCI is an index provider.
    r"\b(PhD|DPhil|MSci|MSc|MS|MEng|MA|MBA|MTech|BSc|BS|BEng|BE|BA|BTech|BBA|BCom)\b"
    r"(?=\s+in\b|\s+or\b|\s*/|\s*,|\s*\(|\s+(?!Excel|Office|Word|Teams|SQL|Azure|Project|Access|Dynamics|Outlook|Visio)[A-Z])"
)
# The associate degrees' abbreviations opening an entry that names its college: "A.S. Accounting, Pine Community
# College", "AAS in Nursing - Delta College". Only so: "a.s." is a Czech company's suffix, "A.S. Rao" a name.
_ASSOCIATE_ABBREVIATION = re.compile(
    r"^[^\w\n]*(?:A\.A\.S\.|A\.A\.|A\.S\.|AAS)\s+(?:in\s+)?[A-Z][^\n]{0,80}\b(?:College|University|Institute)\b",
    re.M,
)
# "Associate in <field>" or "Associate of <field>" opening an education entry that names its school ("Associate in
# Industrial Technology, 2-year program" / "Technological University of ..."), as Philippine and US colleges word
# it: a job title ("Associate in Corporate Finance, Halden Partners") names no school.
_ASSOCIATE_NAMED = re.compile(
    r"^[^\w\n]*(?:(?:19|20)\d\d\W+)?Associate(?:'s)?(?: [Dd]egree)? (?:in|of) [A-Z][^\n]{0,100}(?:\n[^\n]{0,80})?"
    r"\b(?:College|University|Institute|Polytechnic)\b",
    re.M,
)
# Québec's college diploma by its abbreviation ("DEC in Computer Science Technology", "D.E.C. en sciences
# humaines - Cégep de ..."), beside its subject or its college; not the month in "DEC 2019".
_COLLEGE_DIPLOMA_ABBREVIATION = re.compile(
    r"\b(?:DEC|D\.E\.C\.)(?!\s*['’]?\d)(?=\s+(?:in|en)\s|[^\n]{0,80}\b(?i:c[ée]gep|coll[èe]ge|college)\b)"
)
# A clinical doctorate by its abbreviation: the mixed-case and dotted ones anywhere ("PharmD", "Au.D.", "D.P.T."),
# and the bare capitals ("DNP", "DPT") only where they open an entry that names its school, since they also spell
# a vaccine or a voltmeter; "MD" (also a Maryland address, or a managing director) only before a medical school.
_CLINICAL_DOCTORATE = re.compile(
    r"(?<![\w.])(?:PharmD|Pharm\.\s?D\.?|AuD|Au\.D\.|DrPH|D\.N\.P\.|D\.P\.T\.|D\.V\.M\.|D\.D\.S\.|D\.M\.D\.)(?!\w)|"
    r"^[^\w\n]*(?:DNP|DPT|OTD|DVM|DDS|DMD)\b(?=[^\n]{0,100}\b(?:University|College|School|Institute)\b)|"
    r"^[^\w\n]*M\.?D\.?(?!\w)(?=[^\n]{0,100}\b(?:Medical School|School of Medicine|College of Medicine|"
    r"Faculty of Medicine)\b)",
    re.M,
)
# The Dutch citizen service number ("BSN"), written beside citizenship or a work permit, or with its number: not
# the nursing degree of the same letters, which a nurse's header writes beside her licence ("BSN, RN - US citizen").
_CITIZEN_CONTEXT = re.compile(
    r"\b(?:citizen\w*|nationality|permit|residen\w+|visa|passport|burgerservicenummer)\b", re.I
)
_NURSING = re.compile(r"\b(?:RN|LPN|MSN|CCRN|[Nn]urs\w*)\b")
_SERVICE_NUMBER = re.compile(r"\bBSN\b(?=\s*(?:-?\s*(?:number|nummer|nr|no)\b|:?\s*\d))", re.I)


def _without_citizen_numbers(text: str) -> str:
    """The text without the Dutch citizen service number's "BSN" (see _CITIZEN_CONTEXT)."""
    lines = (
        re.sub(r"\bBSN\b", " ", line) if _CITIZEN_CONTEXT.search(line) and not _NURSING.search(line) else line
        for line in text.splitlines()
    )
    return _SERVICE_NUMBER.sub(" ", "\n".join(lines))


_ABBREVIATION_LEVELS = {"PhD": 4, "DPhil": 4, "MSci": 3, "MSc": 3, "MS": 3, "MEng": 3, "MA": 3, "MBA": 3, "MTech": 3}
_NO_DEGREE = re.compile(
    r"\bno (?:college |university )?degree\b|\bwithout a degree\b|\bself[- ]taught\b|\bhigh school\b|"
    r"\bsecondary school\b|\bged\b|\bbootcamp\b|\bboot camp\b|\bdropped out\b",
    re.I,
)


# The capitalised name just before a comma: "Boston, " in "Boston, MA (hybrid)".
_NAME_BEFORE_COMMA = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*),\s*$")


def _state_after_city(text: str, match: re.Match) -> bool:
    """Whether an abbreviation is a US state after its city ("Boston, MA", "Jackson, MS 39201"), not a degree."""
    if match.group(1) not in places.US_STATES:
        return False
    before = _NAME_BEFORE_COMMA.search(text[max(0, match.start() - 60) : match.start()])
    if not before:
        return False
    name = before.group(1)
    if name.isupper():  # "BA, MA": a degree list (Ba is a town in Fiji)
        return False
    return gazetteer.city_population(name) > 0 or gazetteer.city_population(name.split()[-1]) > 0


# The classes a driving licence lists ("Rijbewijs: B, BE", "Führerschein Klasse B, BE, C1", "Driving licence: B,
# BE"): the trailer class "BE" is not the engineering degree of the same letters.
_LICENCE_CLASSES = re.compile(
    r"(?i:\b(?:driving|driver'?s?)\s+licen[cs]e|\brijbewijs|\bf[üu]hrerschein|\bk[öo]rkort|\bf[øo]rerkort|"
    r"\bk[øo]rekort|\bpermis de conduire|\bprawo jazdy|\bcarnet de conducir)"
    r"(?:[^\S\n]*(?:[:(),/&+-]|(?i:and|und|en|class|classes|klasse|kategorie|category|categories|cat\.))[^\S\n]*"
    r"|[^\S\n]+)*(?:(?:A|AM|A1|A2|B|BE|B1|C|CE|C1|C1E|D|DE|D1|D1E|T)\b[^\S\n]*(?:[,/&+]|and|en|und)?[^\S\n]*)+"
)
# Letters before "registered" name the body a professional is registered with ("MSC registered", "HCPC-registered
# physiotherapist"), not a degree; a nurse's "BSN Registered Nurse" keeps its degree.
_REGISTERING_BODY = re.compile(r"\b[A-Z]{2,6}\b(?=[^\S\n]*-?[^\S\n]*registered\b(?![^\S\n]+(?:nurse|midwife)))")


def _without_licence_classes(text: str) -> str:
    """The text without a driving licence's classes and the letters of a registering body (see above)."""
    return _REGISTERING_BODY.sub(" ", _LICENCE_CLASSES.sub(" ", text))


def degree_levels(text: str) -> set[int]:
    """Every degree level a text names, in its common spellings (see DEGREE_LEVELS)."""
    text = _without_licence_classes(_without_citizen_numbers(text))
    low = text.lower()
    levels = {level for level, pattern in DEGREE_PATTERNS if re.search(pattern, low)}
    levels |= {4} if _CLINICAL_DOCTORATE.search(text) else set()
    college = _ASSOCIATE_ABBREVIATION, _ASSOCIATE_NAMED, _COLLEGE_DIPLOMA_ABBREVIATION
    levels |= {1} if any(pattern.search(text) for pattern in college) else set()
    return levels | {
        _ABBREVIATION_LEVELS.get(m.group(1), 2)
        for m in _ABBREVIATIONS.finditer(text)
        if not _state_after_city(text, m) and not names_ship(text, m)
    }


# The Master of Laws written with its points ("LL.M."), only ever the law degree. Read on résumés only: a posting
# names it as one way in beside law qualifications its rules do not rank ("a law degree (Staatsexamen or LL.M.)").
_LAW_MASTER = re.compile(r"\bLL\.\s?M\.?(?!\w)", re.I)

_IN_PROGRESS = re.compile(
    r"\b(?:expected|in progress|currently enrolled|enrolled in|pursuing|anticipated|ongoing)\b|\(expected\b|"
    # "studying towards a master's", "working toward a BSc", "currently studying for"; and "LL.M. (in view)", as
    # Nigerian and Indian résumés mark a degree under way
    r"\b(?:studying|working) towards?\b|\bcurrently studying\b|\bstudying for\b|\(in view\)|"
    # the same in German, French, Spanish, Portuguese, Italian and Dutch ("voraussichtlicher Abschluss 2027")
    r"\b(?:voraussichtlich\w*|laufend|en cours|en curso|em (?:andamento|curso)|in corso|lopend|cursando)\b|"
    # a completion still ahead, and a study counted in years done ("due to finish May 2027", "year 2 of 2")
    r"\bdue (?:to (?:finish|complete|graduate|end)|for (?:completion|graduation))\b|\byear \d of \d\b",
    re.I,
)


# Training that is not a degree ("NZ Certificate in Plumbing (Level 4)", "Diploma in Interior Design", an
# apprenticeship): where no degree is named, the résumé's education is this, and the card's answer is `none`.
_NON_DEGREE_TRAINING = re.compile(
    r"\b(?i:certificate|diploma)\s+(?:\([^)]*\)\s+)?(?:in|of)\s+[A-Z]|(?i:\bapprenticeship\b|\bnvq\b|"
    r"\bcity\s*(?:&|and)\s*guilds\b|"
    # the trade certificates of Norway, Denmark, Sweden and Germany ("Fagbrev elektriker", "Gesellenbrief")
    r"\bfagbrev\b|\bsvennebrev\b|\bgesällbrev\b|\bgesellenbrief\b|\bfacharbeiterbrief\b)",
)
# An education heading of its own ("EDUCATION", "Training and education"), not "Certifications".
_EDUCATION_SECTION = re.compile(
    r"^\W*(?:(?:training|academic)\s+(?:and|&)\s+)?(?:education|academic background|formation|formação|formacao|"
    r"formación|ausbildung|opleiding|istruzione|educational qualifications|"
    r"utdanning|utdannelse|uddannelse|utbildning|koulutus|wykszta[łl]cenie)"
    r"(?:\s+(?:and|&)\s+(?:training|qualifications))?\W*$",
    re.I,
)


def _has_education_entries(text: str) -> bool:
    """Whether an education heading has an entry under it (the line after it is no other heading)."""
    lines = [line for line in text.splitlines() if line.strip()]
    for here, following in zip(lines, lines[1:], strict=False):
        if _EDUCATION_SECTION.match(here.strip()) and not SECTION_HEAD.search(following):
            return True
    return False


# A degree that was started but not finished ("withdrew", "abgebrochen", "degree not awarded"), and Brazil's
# "pós-graduação lato sensu", a specialisation course that may be called an MBA but is not a master's degree. The
# words end a line's reading of degrees: such a line is left out.
_NOT_HELD = re.compile(
    r"\b(?:withdrew|withdrawn|discontinued|abgebrochen|not (?:yet )?(?:awarded|conferred|completed|finished)|"
    # a study paused part-way, or counted in the credits earned so far ("24 units earned; on leave of absence",
    # "60 credit hours completed": a finished degree is not counted in credits)
    r"(?:on )?(?:a )?leave of absence|\d+ (?:units|credits|(?:credit|semester) hours|ects(?: credits)?) "
    r"(?:earned|completed)\b|"
    r"did not (?:complete|finish|graduate)|dropped out|all but dissertation|lato sensu|"
    # a degree whose last step is still ahead: "thesis submitted - awaiting examination", "award pending"
    r"awaiting\s+(?:the\s+)?(?:examination|graduation|conferral|conferment|award|defen[cs]e|viva)|"
    r"(?:graduation|conferral|award)\s+pending|pending\s+(?:graduation|conferral|award)|"
    # a job held while studying names the study, not a degree held: "part-time alongside the master's programme"
    r"(?:alongside|during|while (?:doing|studying for|completing)) (?:the |my |a |an )?"
    r"(?:master|bachelor|ph\.?\s?d|degree|mba|m\.?\s?sc|b\.?\s?sc|studies))",
    re.I,
)


def _entries(text: str) -> list[str]:
    """The text's lines with each one's continuation lines joined to it (by a line break): a line indented deeper
    than its entry's first line, or one that goes on in lower case, continues it ("LL.M., Aberdeen — all taught" /
    "  modules completed; degree not awarded"). A bullet starts an item of its own, and a heading continues in none.
    """
    entries: list[list[str]] = []
    head_indent = 0
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        head = entries[-1][0].strip() if entries else ""
        continues = (
            entries
            and entries[-1][-1].strip()
            and not (head.isupper() or _EDUCATION_SECTION.match(head) or SECTION_HEAD.search(head))
            and stripped
            and not re.match(r"[-*•·–]", stripped)
            and (indent > head_indent or stripped[0].islower())
        )
        if continues:
            entries[-1].append(line)
        else:
            entries.append([line])
            head_indent = indent
    return ["\n".join(entry) for entry in entries]


# Where a clause ends: ";" or a sentence's full stop (after a word, so that "B.Sc." and "LL.M." go on).
_CLAUSE_END = re.compile(r"(?<=[^\W\d_]{3}[.!?])\s+|;\s*")


def _without_open_ended_clauses(entry: str) -> str:
    """The entry without its clauses dated to the present ("seit 10/2024 B.Sc. ...", "MSc, 2025 – present"): a study
    so dated is not finished. Only the clause goes: a prose summary's "PM at Tallyho (2021–present); ... MBA, NYU
    (2016)" keeps its MBA."""
    return " ".join(clause for clause in _CLAUSE_END.split(entry) if not open_ended(clause))


# A line that gives only a degree's status, under the entry it belongs to, as a narrow column wraps an entry
# ("Master of Business Administration - Westfield University," / "Leeds" / "In progress, expected 2027").
_STATUS_LINE = re.compile(
    # a "Status:" label may come first, with a word of its own before the status ("Status: thesis stage, not yet
    # completed")
    r"^\W*(?:status\s*:[^\S\n]*(?:[^\n]{0,40}?\b)?)?"
    r"(?:in progress|expected|ongoing|currently enrolled|pursuing|anticipated|incomplete|"
    r"not (?:yet )?(?:completed|finished|awarded))\b",
    re.I,
)


def _unfinished_entries(entries: list[str]) -> set[int]:
    """The entries that name a degree not held: the entry says so, or a status line just under it does (up to two
    lines down, with no blank line between)."""
    unfinished = {i for i, entry in enumerate(entries) if _IN_PROGRESS.search(entry) or _NOT_HELD.search(entry)}
    for i, entry in enumerate(entries):
        if not _STATUS_LINE.match(entry) or degree_levels(entry):
            continue
        for above in range(i - 1, max(-1, i - 3), -1):
            if not entries[above].strip():
                break
            if degree_levels(entries[above]):
                unfinished.add(above)
                break
    return unfinished


def degree_level(text: str) -> int | None:
    """Highest degree a résumé names (see DEGREE_LEVELS); 0 for 'no degree', or for education that holds only
    training (bootcamp, certificates, a degree not finished yet); None if education is not mentioned.

    A degree still in progress ("RN-to-BSN program (expected 2027)", "since 10/2024 B.Sc. ...", "2025 – present
    MSc ...") does not count yet, nor one left unfinished, also where the entry says so on its next line.
    """
    entries = _entries(text)
    unfinished = _unfinished_entries(entries)
    done = "\n".join(_without_open_ended_clauses(entry) for i, entry in enumerate(entries) if i not in unfinished)
    levels = degree_levels(done) | ({3} if _LAW_MASTER.search(done) else set())
    if levels:
        return max(levels)
    if _NO_DEGREE.search(text) or _NON_DEGREE_TRAINING.search(text) or _has_education_entries(text):
        return 0
    return None


def resume_years(text: str, *, today: date | None = None) -> float | None:
    """Total professional years: the dated roles (internships and study left out), else a stated figure."""
    # "present" is today as this module reads it (tests and benchmarks pin `resumes.date` to the gold's day)
    dated = dated_years(text, today=today or date.today())
    return dated if dated is not None else stated_years(text)


def find_phone(text: str, region: str = "US") -> str | None:
    """The first phone number in the text, as written ("(206) 555-0143"); dates and years are not phones."""
    import phonenumbers

    for region_code in (region, None):
        try:
            matcher = phonenumbers.PhoneNumberMatcher(text, region_code, leniency=phonenumbers.Leniency.POSSIBLE)
            for match in matcher:
                digits = re.sub(r"\D", "", match.raw_string)
                if re.fullmatch(r"(?:19|20)\d\d(?:19|20)\d\d", digits):  # "2018-2022"
                    continue
                return match.raw_string.strip()
        except phonenumbers.NumberParseException:
            continue
    return None


__all__ = [
    "DEGREE_KEYS",
    "DEGREE_LEVELS",
    "DEGREE_PATTERNS",
    "dated_years",
    "degree_level",
    "degree_levels",
    "find_phone",
    "resume_years",
    "stated_years",
]
