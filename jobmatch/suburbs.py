"""A posting's office given as a suburb too small for the gazetteer, and the city it belongs to.

"Three days a week on site in Castletroy" places the job, but Castletroy is a suburb of Limerick that the
gazetteer (towns of 15,000+) does not list, and the card asks for the office city. Where the posting names one
gazetteer city as its site ("its Limerick campus") in a sentence the office reader does not take as placing the job
(company text: "a global manufacturer ... at its Limerick campus"), that city is the office.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jobmatch import gazetteer

if TYPE_CHECKING:
    from jobmatch.offices import Mention

# A gazetteer city named as the employer's site: "its Limerick campus", "the Cork plant", "our Leeds office".
_SITE_AFTER = re.compile(r"\s+(?:campus|site|plant|facility|office|offices|headquarters|HQ|depot|hub)\b")
# Where the job is done, by its arrangement: "on site in", "on-site at", "in-office in".
_ARRANGED_AT = r"\b(?i:on[- ]?site|in[- ]office) (?:in|at) "


def site_city(text: str, place: str, elsewhere: Sequence[Mention], lines: Sequence[str]) -> Mention | None:
    """The city a suburb-sized place of arrangement belongs to, else None.

    Args:
        text: the posting.
        place: the place the posting's cues give (`places.find_place`).
        elsewhere: the gazetteer cities named in sentences that do not place the job (`offices.mentions`, tier 3).
        lines: the posting's lines as the mentions count them (`offices.plain_lines`).
    """
    arranged = re.search(_ARRANGED_AT + re.escape(place) + r"\b", text)
    # a place the gazetteer knows is a town of its own; two cities elsewhere leave the suburb's city unsure
    if gazetteer.city_population(place) or not arranged or len({m.city for m in elsewhere}) != 1:
        return None
    sites = [m for m in elsewhere if _SITE_AFTER.match(lines[m.line][m.start + len(m.city) :])]
    return sites[0] if sites else None


__all__ = ["site_city"]
