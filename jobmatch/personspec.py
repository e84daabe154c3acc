"""Person-specification markers: a legend such as "(E = essential, D = desirable)" and the letter after each line.

British public-sector postings (councils, the NHS, universities) list every criterion once and mark it with a
letter in brackets, "Higher Certificate in Food Premises Inspection (D)", after stating what the letters mean.
The letter is the only sign that a line is a nice-to-have, so it is spelled out as the word the legend gives
("(desirable)"), which the requirement rules already read. Without a legend a bracketed letter means nothing.
"""

from __future__ import annotations

import re

# "E = essential, D = desirable", "D: desirable", "(D) Desirable", "Essential (E) / Desirable (D)".
_MEANINGS = "essential|desirable|preferred|required"
_LEGEND = re.compile(
    r"(?<![\w(])\(?([A-Z])\)?\s*(?:=|:|-|–)?\s*(" + _MEANINGS + r")\b|\b(" + _MEANINGS + r")\s*[:=]?\s*\(([A-Z])\)",
    re.I,
)
_MARKER = re.compile(r"\(\s*([A-Z])\s*\)(?=\s*[.;]?\s*$)", re.M)


def legend(text: str) -> dict[str, str]:
    """{letter: meaning} of a posting's marker legend ("E = essential, D = desirable" -> {"E": "essential", "D":
    "desirable"}); empty unless it gives both an essential and a desirable letter, since one letter alone
    explains nothing."""
    found: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        letter, meaning = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if len(letter) == 1 and letter.isupper():
            found.setdefault(letter, meaning.lower())
    meanings = set(found.values())
    if not meanings & {"essential", "required"} or not meanings & {"desirable", "preferred"}:
        return {}
    return found


def spell_out_markers(text: str) -> str:
    """The text with each line-final marker letter of its legend written as its meaning: "... (D)" ->
    "... (desirable)"; unchanged when the posting states no legend."""
    meaning = legend(text)
    if not meaning:
        return text
    return _MARKER.sub(lambda m: f"({meaning[m.group(1)]})" if m.group(1) in meaning else m.group(0), text)


__all__ = ["legend", "spell_out_markers"]
