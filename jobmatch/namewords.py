"""Whether one word is written as a name: the shapes of product, brand and standard names, and how rare a word is.

A posting names tools no vocabulary can list ("PagerDuty", "KQL", "Schüco", "X-Ways", "Chris21"); what gives them away
is how they are written, not what they mean. These predicates judge one word at a time, so that `jobmatch.openvocab`
can join the words into names, and `jobmatch.alternatives` and `jobmatch.offices` can tell rare words from English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jobmatch import gazetteer, places
from jobmatch.regions import region_code_country

# A word opening a line is a name only when it is this rare in English (Zipf scale: "Perforce" 2.0,
# "Storybook" 2.8, "Proficiency" 3.1, "Experience" 5.3).
OPENING_MAX_ZIPF = 2.9
# In a line written in Title Case every word is capitalised; there a word is a name only when rare.
TITLE_CASE_MAX_ZIPF = 2.9

# Acronyms and capitalised words that name no skill: degrees, regions, time, business and job words.
NOT_NAMES = set(
    """
    A I AN THE AND OR NOT ALL ANY TO OF IN ON FOR WITH AT BY
    BS BA BSC BENG BE BTECH MS MA MSC MENG MTECH MBA MCA PHD DPHIL MD JD BSN ADN LLB LLM HND HNC GCSE GCSES
    BCOM BCOMM MCOM BBA BBM BCA BED MED BPHARM MPHARM PHARMD BFA MFA BARCH MARCH BVSC DVM MBBS BDS HONS
    A-LEVEL A-LEVELS T-LEVEL T-LEVELS
    US USA UK EU EMEA APAC LATAM NA ANZ UAE GCC NYC SF DACH CET CEST GMT BST EST EDT PST PDT CST IST UTC AEST
    AM PM ASAP TBD FTE PTO OTE DOE EOE EEO HQ WFH WFO YOE
    API APIS SDK SDKS UI UX IDE OS DB CLI GUI ID IDS SLA SLAS SLO SLOS KPI KPIS OKR OKRS ROI P&L PC PCS
    IT HR PR QA CEO CFO CTO COO CIO VP SVP EVP PM PO TL SME SMES ICU ER OR NHS GP
    SAAS B2B B2C D2C ACV ARR MRR CAC LTV SMB SMBS MM
    CI CD ML AI FMCG CPG CRO NGO NFP NVQ BTEC GED Level Years Year Months LPA CTC
    ERP CRM POS HRIS ATS CMS CV CVS
    Europe Asia Africa Americas Oceania Scandinavia Nordics
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun
    January February March April May June July August September October November December
    English
    """.split()
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}[+#]?s?")
_MIXED = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}")
TITLE = re.compile(r"[A-Z][a-z][a-z'’+.-]*")
_TITLE_DIGITS = re.compile(r"[A-Z][a-z]+\d+(?:[a-z]*|[A-Z])")  # "Chris21", "Xero2", "Sculpt3D"
_LETTER_HYPHEN = re.compile(r"[A-Z]-[A-Z][a-z]+")  # "X-Ways", "V-Ray": a letter joined to a word, a brand's spelling
# "PC-DMIS", "CAN-FD", "A-EMCA": acronyms joined by hyphens; a part all digits makes a code ("SM-E15-114", "COVID-19").
_HYPHEN_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){3})[A-Z][A-Z0-9]*(?:-(?!\d+(?:-|$))[A-Z0-9]+)+")
_CEFR = re.compile(r"[ABC][12]\+?")  # "English at B2 level"
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "PRDs", "ECTs", "CVs": documents and people, not tools
# A compound adjective made of a name and an English word ("GPhC-registered", "CoARC-accredited", "German-language",
# "Windows-based") describes the word after it; the register or the name itself is read where it is named.
_DESCRIBING = re.compile(
    r"-(?:registered|accredited|certified|approved|qualified|licensed|endorsed|recognised|recognized|regulated|"
    r"language|speaking|based|led|driven|focused|facing|native|compliant|ready|friendly|style|type|level|grade)$"
)
# Endings of English words, not of names ("scripting", "scalability"); `jobmatch.alternatives` adds its own.
ENGLISH_ENDINGS = "ing|ed|ly|ity|ness|ment|able|ible|ive|al|ance|ence|ous|ful|ship"
_ENGLISH_SUFFIX = re.compile(r"(?:" + ENGLISH_ENDINGS + r"|ion|cy)$")


@lru_cache(maxsize=8192)
def word_zipf(word: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale, case folded): the names here and the office cities
    of `jobmatch.offices` are told from ordinary words by it."""
    from wordfreq import zipf_frequency  # loads its word list lazily, once

    return zipf_frequency(word, "en")


def _unaccented(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


# Languages whose words carry the accents a posting in English meets ("Inglés", "Señor", "Français").
_ACCENTED_LANGUAGES = ("es", "de", "fr", "pt", "it", "nl", "sv", "pl")


def _foreign_name(word: str) -> bool:
    """Whether an accented word is rare in English and in the languages that write it so ("Schüco" is, "Inglés" and
    "Müller" are not), and names no language ("Māori")."""
    from wordfreq import zipf_frequency

    from jobmatch.worklanguage import language_code

    rare = all(zipf_frequency(word, lang) <= OPENING_MAX_ZIPF for lang in ("en", *_ACCENTED_LANGUAGES))
    return rare and language_code(word) is None


def is_place(word: str) -> bool:
    """Whether a word names a region or a city of half a million or more ("Sydney", "Bavaria")."""
    return places.is_region(word) or gazetteer.city_population(word) >= 500_000


def not_a_name(word: str) -> bool:
    """Whether a word is one `NOT_NAMES` lists, as written ("Years") or in capitals ("Api", "saas")."""
    return word.upper() in NOT_NAMES or word in NOT_NAMES


def name_word(token: str, *, opening: bool, title_case: bool) -> bool:
    """Whether one word is written as (part of) a name."""
    if not_a_name(token) or _CEFR.fullmatch(token) or _PLURAL_ACRONYM.fullmatch(token):
        return False
    if _DESCRIBING.search(token):  # "a GPhC-registered technician", "German-language interviews": what it describes
        return False
    if _MIXED.search(token):
        return True
    if _ACRONYM.fullmatch(token):
        # A short acronym is a region ("NSW", "UAE") or a name; the gazetteer's alternate spellings ("SIA" for
        # Xi'an) would make "SIA licence" a place.
        # Australia's state codes (`regions.region_code_country`) and "KSA" only as written: "Fair Work Act" is a name
        region_code = region_code_country(token) or token == "KSA"
        return not (places.is_region(token) or region_code or (len(token) > 3 and is_place(token)))
    if _TITLE_DIGITS.fullmatch(token) or _HYPHEN_ACRONYM.fullmatch(token) or _LETTER_HYPHEN.fullmatch(token):
        return True
    if not token.isascii():  # "Schüco", "Fröling": a brand with an accent, not a word of another language
        return TITLE.fullmatch(_unaccented(token)) is not None and _foreign_name(token) and not is_place(token)
    if not TITLE.fullmatch(token) or is_place(token):
        return False
    if opening:
        return word_zipf(token) <= OPENING_MAX_ZIPF and not _ENGLISH_SUFFIX.search(token.lower())
    if title_case:
        return word_zipf(token) <= TITLE_CASE_MAX_ZIPF
    return True


def plural_noun(word: str) -> bool:
    """Whether a capitalised word is a common English noun in the plural ("Instruments", "Notes")."""
    return (
        word.endswith("s") and word[:1].isupper() and word[1:].islower()
        and min(word_zipf(word), word_zipf(word[:-1])) >= 3.5
    )


__all__ = [
    "ENGLISH_ENDINGS", "NOT_NAMES", "OPENING_MAX_ZIPF", "TITLE", "TITLE_CASE_MAX_ZIPF", "is_place", "name_word",
    "not_a_name", "plural_noun", "word_zipf",
]
