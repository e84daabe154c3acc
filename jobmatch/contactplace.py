"""Where a résumé's person lives: the city of its contact line, as the evaluation card asks, or None.

A contact line is not always the second line of the page. Postcodes stand beside the city ("Geelong, VIC
3220", "Limerick V94 K5T2, Ireland", "70563 Stuttgart"); a two-column layout puts the address in a sidebar
under "Contact"; a footer says "Address | Leeds, West Yorkshire LS6 3AB". An employer's "(Raleigh, NC)" in
the work history is not where the person lives, so unlike a posting a résumé has no anywhere-fallback.
"""

from __future__ import annotations

import re
from itertools import pairwise

from jobmatch import gazetteer, places
from jobmatch.regions import county_country

# Postal codes that stand beside a city on an address line: UK ("LS6 3AB"), Irish Eircodes ("V94 K5T2"),
# Canadian ("M5V 2T6"), Dutch ("3011 AB"), hyphenated forms (US ZIP+4, Brazil, Portugal, Japan, Poland),
# Swedish ("752 36") and plain four to six digits (most other countries).
_POSTCODE = re.compile(
    r"(?<![\w+-])(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d{2}\s?[A-Z\d]{4}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|"
    r"\d{4}\s?[A-Z]{2}|\d{5}-\d{4}|\d{5}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4}|\d{2}-\d{3}|\d{3}\s\d{2}|\d{4,6})(?![\w-])"
)
# The separators of a contact line's segments (`jobmatch.places`'), captured so that a rebuilt line keeps them.
_SEPARATOR = re.compile("(" + places.SEGMENT_SEPARATOR.pattern + ")")
# A heading over a contact block ("CONTACT", "Kontakt", "Personal details", "Coordonnées").
_CONTACT_HEADING = re.compile(
    r"^\W*(?:contact(?:\s+(?:details|information|info))?|kontakt(?:daten)?|contacto|contato|contatti|"
    r"coordonn[ée]es|personal\s+(?:details|information|data|particulars)|pers[öo]nliche\s+(?:daten|angaben)|"
    r"persoonlijke\s+gegevens|personalia|datos\s+personales|dados\s+pessoais)\W*$",
    re.I,
)
# A labelled address line ("Address | Leeds", "Woonplaats: Rotterdam", "Anschrift: ..."): the value after it. A
# bilingual résumé writes the label in both languages, either way round ("Dirección / Address:", "Adres / Address").
_ADDRESS_LABEL = re.compile(
    r"^\W*(?:[^\W\d][^\W\d ]*(?: [^\W\d]+){0,2}\s*/\s*)?"
    r"(?:(?:home|postal|current|present|residential)\s+)?(?:address|adresse|anschrift|wohnort|woonplaats|adres|"
    r"direcci[óo]n|morada|endere[çc]o|indirizzo|residence|domicile|city|ort|ville|ciudad|cidade|"
    # where the person is now ("Current location | Abu Dhabi"), not a preferred or an employer's location
    r"(?<=current )location|(?<=present )location)"
    r"(?:\s*/\s*[^\W\d][^\W\d ]*(?: [^\W\d]+){0,2})?\s*(?:[:|]|\s{2,})\s*(?P<value>\S.*)$",
    re.I,
)
# Any other label ("Mobile | 07700 ...", "Email: ..."): not an address ("Mobile" is also a city in Alabama).
_OTHER_LABEL = re.compile(r"^\W*[^\W\d][\w .'-]{0,25}?\s*(?:[:|])\s*\S")
# One label word of a phone, email or profile ("Mobile", "Tel. no.", "WhatsApp", "E-mail").
_LABEL_WORD = (
    r"(?i:mobile|mob|cell(?:phone)?|phone|tel(?:ephone|efon)?|handy|whatsapp|e-?mail|fax|linkedin|web(?:site)?|"
    r"github|skype)\.?(?:\s*(?i:no|nr|number)\.?)?"
)
# The label of a phone, email or profile ("Mobile   : +91 ...", "Address | ... | Mobile | 07831 ..."): words to
# drop, not a place ("Mobile" is a city in Alabama, "Handy" a town). One number often serves two labels
# ("Mobile / WhatsApp: +27 ...", "Tel & Fax: ..."), and a label may stand right before its number ("Cell +1 ...").
_CONTACT_LABEL = re.compile(
    r"(?<![\w-])" + _LABEL_WORD + r"(?:\s*(?:[/&,]|\b(?i:or|and)\b)\s*" + _LABEL_WORD + r")*"
    r"(?:\s*[:|]|\s{2,}(?=[+\d(])|\s+(?=\+?\(?\d[\d ().-]{5,}\d))"
)
# A table row of location and value ("Location | Sharjah, UAE"): a .docx table's cells come out joined by " | ", so it
# is the label "Location: Sharjah, UAE" that a place reader looks for anywhere in the document.
_LOCATION_ROW = re.compile(r"^(\W*(?:(?:current|present)\s+)?location)[^\S\n]*\|[^\S\n]*(?=\S)", re.I)
# A location label that states where the person would work rather than where they live ("Location: Seattle-area,
# hybrid or remote", "Location: open to the Leeds region"): an area or a way of working, not an address.
_WORK_PREFERENCE_LABEL = re.compile(
    r"^\W*location\s*[:\-–][^\n]*?(?:-area\b|\b(?:area|region|metro|hybrid|remote|on-?site|in-office|commut\w*|"
    r"relocat\w*|open to|willing)\b)",
    re.I,
)
# A personal detail with its value ("Name | Brian Otieno", "Nationality: Kenyan", "Date of birth: 4 May 1990"), as a
# CV's details table writes it: neither the label nor the value is where the person lives ("Name" is also a town
# in Cameroon, a citizenship may name a city-state). The value runs to the next segment separator.
_PERSONAL_DETAIL = re.compile(
    r"(?<![\w-])(?i:(?:full\s+|first\s+|last\s+|family\s+|given\s+)?name|nationality|citizenship|date\s+of\s+birth|"
    r"d\.?o\.?b\.?|gender|sex|marital\s+status|religion|age|languages?|passport(?:\s+(?:no|number))?\.?|"
    # the same details in German, French, Spanish, Portuguese and Dutch (a birthplace is not a home either)
    r"geburtsdatum|geburtsort|staatsangeh[öo]rigkeit|familienstand|nationalit[ée]|date\s+de\s+naissance|"
    r"nacionalidad|nacionalidade|fecha\s+de\s+nacimiento|data\s+de\s+nascimento|estado\s+civil|nationaliteit|"
    r"geboortedatum|burgerlijke\s+staat)"
    r"\s*[:|]\s*[^|\n]*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Referees' lines carry their own emails and cities, never the person's.
_REFERENCES_HEADING = re.compile(r"^\W*(?:references?|referees?)\b", re.I)
_BLOCK_LINES = 8  # a contact block is short: name, street, town, country, phone, email


def _drop_postcodes(segment: str) -> str:
    """A place segment without its postcode ("Geelong, VIC 3220" -> "Geelong, VIC"); other segments unchanged.

    Only when the rest holds no other digits (a phone number, a street number) and one of its comma-parts is a
    city the gazetteer knows or an Irish county (a bracketed region after it aside), or it ends in a region after
    a town, so that "Portfolio 2024" or "Suite 1200" are left alone.
    """
    rest = _POSTCODE.sub(" ", segment)
    if rest == segment or re.search(r"\d", rest):
        return segment
    rest = re.sub(r"\s+,", ",", re.sub(r"[ \t]{2,}", " ", rest)).strip(" ,")
    # "Laval (Québec) H7T 2K4": the province may stand in brackets after the city, as French Canada writes it
    parts = [re.sub(r"\s*\([^()]*\)", "", part).strip() for part in rest.split(",")]
    # a county names the place as surely as a known city: "Drumgeely, Shannon, Co. Clare V14 E2P9"
    known = any(gazetteer.city_population(part) or county_country(part) for part in parts if part)
    # and a town before its region and postcode is the town, known or not: "Kiama, NSW 2533", "Hope, ON K0K 1A0"
    town_and_region = len(parts) > 1 and places.is_region(parts[-1], after_place=True)
    return rest if known or town_and_region else segment


def _without_postcodes(line: str) -> str:
    """A contact line with the postcodes beside its city dropped, its separators kept."""
    pieces = _SEPARATOR.split(line)
    return "".join(piece if i % 2 else _drop_postcodes(piece) for i, piece in enumerate(pieces))


def _street_address_city(segment: str) -> str:
    """The city of a street address ("Flat 2, 31 Gloucester Road, Bristol BS7 8AE" -> "Bristol"), else the segment.

    An address opens with its street or flat, which holds a number; the city is the first comma-part after the
    last such part that the gazetteer knows (its postcode and a bracketed province dropped: "Sherbrooke (Québec)"),
    as written: a known town before it stays ("Alcalá de Henares, Madrid 28801"). But a district inside the large
    city whose postcode the address gives ("Hua Mak, Bang Kapi, Bangkok 10240") is a line of the address: the
    postcode's city is the town.
    """
    parts = [part.strip() for part in segment.split(",")]
    if len(parts) < 2 or not re.search(r"\d", parts[0]):
        return segment
    after_street: list[str] = []
    post_town = ""
    for part in parts:
        part = places.without_aside(part)  # French Canada writes the province in brackets after the city
        bare = re.sub(r"\s{2,}", " ", _POSTCODE.sub(" ", part)).strip(" -")
        # a unit number is a line of the street too ("#08-231", as Singapore and Malaysia write floor and unit):
        # what is left of it without the digits holds no letter; a postcode alone leaves nothing
        unit = bare and not re.search(r"[^\W\d_]", bare)
        after_street = [] if re.search(r"\d", bare) or unit else [*after_street, bare]
        if bare and bare != part.strip(" -") and not re.search(r"\d", bare):
            post_town = bare
    known = [
        part
        for at, part in enumerate(after_street)
        if gazetteer.city_population(part) and not places.is_region(part, after_place=at > 0)
    ]
    if not known and len(after_street) == 1 and gazetteer.city_state(after_street[0]):
        return after_street[0]  # a city-state's address ends in the country that is its city ("..., Singapore 520512")
    if not known:
        # "12 Hope St, Kangaroo Flat, Victoria 3555": a town the gazetteer does not know, then its state
        town_and_region = len(after_street) > 1 and places.is_region(after_street[-1], after_place=True)
        return ", ".join(after_street[-2:]) if town_and_region else segment
    if post_town in known[1:] and _district_of(known[0], post_town):
        return post_town
    return known[0]


_DISTRICT_KM = 20  # a place this close to the centre of a city ten times its size lies inside it
# A town of its own beside a large city ("Getafe, Madrid 28901": 188,000 people, a nineteenth of Madrid) has both
# many people and a good share of the city's. Either alone is not enough: GeoNames lists the districts of the
# largest cities with their own populations, 100,000 to 200,000 for a district of Bangkok (Bang Kapi, Chatuchak)
# or London (Croydon), but those are a thirtieth to a fiftieth of their city.
_TOWN_PEOPLE = 100_000
_TOWN_SHARE = 20


def _district_of(place: str, city: str) -> bool:
    """Whether a place is a district of a city of a million or more: a tenth its size and within its reach, and
    not a sizeable town of its own (`_TOWN_PEOPLE` people and a `_TOWN_SHARE`th of the city's)."""
    small, big = gazetteer.city_population(place), gazetteer.city_population(city)
    distance = gazetteer.city_distance_km(place, city)
    own_town = small >= _TOWN_PEOPLE and _TOWN_SHARE * small >= big
    near = distance is not None and distance <= _DISTRICT_KM
    return big >= 1_000_000 and big > 10 * small and near and not own_town


def _town_line(line: str) -> bool:
    """Whether a line is an address's town line: a city with its region or country ("Hanoi, Vietnam")."""
    place = places.line_place(_contact_form(line), as_written=True)
    return bool(place and place.region)


def _street_lines_as_streets(lines: list[str]) -> list[str]:
    """Lines where an address written over lines keeps its district on the street line ("14 Tran Thai Tong, Cau
    Giay" over "Hanoi, Vietnam"): that line cut to its street, since the town line below names the city.

    A postal address ends in its town line; what the street line adds after the street is a district or an
    estate inside the town, however well the gazetteer knows it.
    """
    out = list(lines)
    nonblank = [at for at, line in enumerate(lines) if line.strip()]
    for at, below in pairwise(nonblank):
        parts = lines[at].split(",")
        street = len(parts) > 1 and re.search(r"\d", parts[0]) and not places.is_region(parts[-1])
        if street and not _town_line(lines[at]) and _town_line(lines[below]):
            out[at] = parts[0]
    return out


def _contact_form(line: str) -> str:
    """A contact line as the place readers take it: an address label's value, the phone and email labels
    dropped, a street address as its city, the postcodes beside a city dropped."""
    label = _ADDRESS_LABEL.match(line)
    line = _CONTACT_LABEL.sub(" ", label.group("value") if label else line)
    line = _PERSONAL_DETAIL.sub(" ", line)
    pieces = _SEPARATOR.split(line)
    line = "".join(piece if i % 2 else _street_address_city(piece) for i, piece in enumerate(pieces))
    return _without_postcodes(line)


def _contact_lines(lines: list[str]) -> list[str]:
    """The lines a contact block holds: labelled addresses, the lines under a contact
    heading (up to the next blank line or heading), and any line with an email address -- until the references."""
    found: list[str] = []
    for at, line in enumerate(lines):
        if _REFERENCES_HEADING.match(line):
            break
        label = _ADDRESS_LABEL.match(line)
        if label:
            found.append(label.group("value"))
        elif _EMAIL.search(line):
            found.append(line)
        elif _CONTACT_HEADING.match(line):
            for below in lines[at + 1 : at + 1 + _BLOCK_LINES]:
                if not below.strip() or below.strip().isupper() or _CONTACT_HEADING.match(below):
                    break
                if not _OTHER_LABEL.match(below) and not _EMAIL.search(below):
                    found.append(below)
    return found


def resume_place(text: str, *, header_lines: int = 4) -> places.Place | None:
    """The city a résumé gives for its person, as written ("Randburg, Johannesburg" is Randburg), else None.

    Its head first (a "Location:" label, the contact line), then a contact block elsewhere (a sidebar, a
    footer), then a cue ("based in Leeds", "living in the Dallas area").
    """
    lines = _street_lines_as_streets([_LOCATION_ROW.sub(r"\1: ", line) for line in text.splitlines()])
    nonblank = [at for at, line in enumerate(lines) if line.strip()]
    for at in nonblank[:header_lines]:
        lines[at] = _contact_form(lines[at])
    # the contact line before a label that states a wish ("Location: Seattle-area hybrid or remote"); the wish
    # still names the place where the head names none
    without_wishes = ["" if _WORK_PREFERENCE_LABEL.match(line) else line for line in lines]
    if without_wishes != lines:
        place = places.head_place("\n".join(without_wishes), header_lines=header_lines, as_written=True)
        if place:
            return place
    place = places.head_place("\n".join(lines), header_lines=header_lines, as_written=True)
    if place:
        return place
    for line in _contact_lines(lines):
        place = places.line_place(_contact_form(line), as_written=True)
        if place:
            return place
    return places.body_place(text, any_pair=False)


__all__ = ["resume_place"]
