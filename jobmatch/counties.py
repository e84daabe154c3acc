"""Irish counties as an address writes them after a town ("Mallow, Co. Cork", "Omagh, County Tyrone").

A county is a region, never the town: the town before it is where the person lives, even when the gazetteer
(cities of 15,000+) does not know it. Six of the counties lie in Northern Ireland, in the UK, as does England's
County Durham.
"""

from __future__ import annotations

import re

_COUNTY = re.compile(r"(?:Co\.?|County)\s+([A-Z][a-z]+)")
_UK_COUNTIES = {"antrim", "armagh", "down", "fermanagh", "londonderry", "derry", "tyrone", "durham"}


def county_country(name: str) -> str | None:
    """The country of a county written "Co. X" or "County X": UK or IE; None when the name is no such county."""
    county = _COUNTY.fullmatch(name.strip())
    if not county:
        return None
    return "UK" if county.group(1).lower() in _UK_COUNTIES else "IE"


__all__ = ["county_country"]
