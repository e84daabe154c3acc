"""A ship's name with its prefix ("MS Aurora Baltica", "MV Cape Horizon"): a seafarer's sea-service record names the
ships served on, and "MS" (motor ship) there is no Master of Science.

A prefix is read as a ship's where its line names a kind of vessel ("ro-pax", "product tanker", "bulk carrier") and
no place of study.
"""

from __future__ import annotations

import re

# The prefixes that are also degree abbreviations (the others, "MV", "MT", "SS", are no degree).
SHIP_PREFIXES = frozenset({"MS"})
_VESSEL_KIND = re.compile(
    r"\b(?:vessel|ship|tanker|ferry|ro-?ro|ro-?pax|ropax|bulker|(?:bulk|lng|lpg|car) carrier|container ?ship|"
    r"cruise ship|tug|trawler|dredger|freighter|reefer|barge|fpso|psv|ahts|icebreaker)\b",
    re.I,
)
_PLACE_OF_STUDY = re.compile(r"\b(?:university|college|institute|school|academy|polytechnic)\b", re.I)


def names_ship(text: str, match: re.Match) -> bool:
    """Whether the abbreviation a match found (group 1) is a ship's prefix: its line names a vessel kind and no
    place of study."""
    if match.group(1) not in SHIP_PREFIXES:
        return False
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    line = text[start : end if end >= 0 else len(text)]
    return bool(_VESSEL_KIND.search(line)) and not _PLACE_OF_STUDY.search(line)


__all__ = ["SHIP_PREFIXES", "names_ship"]
