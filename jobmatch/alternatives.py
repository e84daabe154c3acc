"""Names offered as choices of one requirement: which words between two names join them ("X or Y", "X/Y"), and
names offered as the alternative of a name already read ("SystemVerilog or cocotb", "Combine or async/await").

Many tools are written in lower case ("cocotb", "pytest", "async/await"), where capitals cannot tell them from
English (`jobmatch.openvocab`). Right after "or" beside a name, though, the word is the other choice of the same
kind; it is read as a name when it is no common English word ("SQL or spreadsheets", "Python or similar" stay out).
"""

from __future__ import annotations

import re

from jobmatch.namewords import ENGLISH_ENDINGS, word_zipf

# A lower-case word rarer than this in English (Zipf: "cocotb" 0, "async/await" 2.2, "spreadsheets" 2.9,
# "scripting" 3.1) is a name when offered as an alternative.
ALTERNATIVE_MAX_ZIPF = 2.5
# "X or y" / "X and/or y", and the word after it up to the end of the phrase (a comma, a stop, a bracket or the end).
_OR_WORD = re.compile(r"\s+(?:or|and\s*/\s*or)\s+([a-z][\w+#./-]*[\w+#])(?=\s*(?:[,;.)]|$))")
# "QTS or a full teaching licence", "CISSP or an active CISM": an article and a word or two of description after
# the "or" still name the other choice.
_OR = re.compile(
    r"^\s*(?:or|/|and\s*/\s*or)\s*(?:an?\s+|the\s+)?$|^\s*\(\s*(?:and/)?or\s+$|"
    r"^\s*(?:or|and\s*/\s*or)\s+(?:an?|the)\s+(?-i:[a-z]+\s+){1,2}$",
    re.I,
)
# "an ABC diploma or the DEF certificate", "XYZ card or an ABC ticket": the credential word of the first choice
# before the "or" (its aside in brackets is read out before this test).
_CREDENTIAL_OR = re.compile(
    r"^\s+(?:diploma|certificate|certification|licen[cs]e|designation|qualification|card|ticket|accreditation)"
    r"\s*,?\s*(?:or|and\s*/\s*or)\s+(?:an?\s+|the\s+)?$",
    re.I,
)
# "registered with X, or with Y": the preposition repeated after the "or".
_OXFORD_OR = re.compile(r"^\s*,?\s*or\s+(?:with\s+|by\s+)?(?:an?\s+|the\s+)?$", re.I)
# "ArcGIS Pro and/or QGIS", "TIA Portal or Rockwell Studio 5000", "Entities or CT Corporation's hCue": a product's
# own word before the "or", or its maker's name after it, does not break it.
_NAMED_OR = re.compile(r"^\s+[A-Z][\w.-]*\s+(?:or|and\s*/\s*or)\s+$")
_OR_MAKER = re.compile(r"^\s+(?:or|and\s*/\s*or)\s+(?:(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*['’]s|[A-Z][\w.&-]*)\s+$")
# After the last choice of "A, B or C", the list going on with another item: a comma, at most two plain words of
# description ("..., Ahrefs or SEMrush, basic HTML", "Appium, Java or Kotlin for test code, Charles Proxy"). An "and"
# or "plus" there closes the list instead ("Python, Go or Java, and strong SQL": the choice is the last item).
_LIST_GOES_ON = re.compile(r"[^,;()]*,\s*(?:(?!(?:and|or|plus|as well as)\b)[a-z][\w-]*\s+){0,2}")
_ENGLISH_SUFFIX = re.compile(r"(?:" + ENGLISH_ENDINGS + r"|ions?|ers?)$")


def alternative_names(clause: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """(name, start, end) of each lower-case word offered as the alternative of a mention in `found`
    ("... in SystemVerilog or cocotb" -> "cocotb") that no mention covers yet."""
    out = []
    for _, _, end in found:
        m = _OR_WORD.match(clause, end)
        if not m or any(s <= m.start(1) < e for _, s, e in found):
            continue
        word = m.group(1)
        if word_zipf(word) < ALTERNATIVE_MAX_ZIPF and not _ENGLISH_SUFFIX.search(word):
            out.append((word, m.start(1), m.end(1)))
    return out


def joins_choices(between: str) -> bool:
    """Whether the text between two names makes them choices of one requirement ("X or Y", "X/Y", "X, or Y")."""
    return any(p.match(between) for p in (_OR, _OXFORD_OR, _NAMED_OR, _OR_MAKER, _CREDENTIAL_OR))


def list_goes_on(after: str) -> bool:
    """Whether the text after "A, B or C" (up to the next name) goes on with the list's next item: then the "or"
    joins only its neighbours ("SEO, Ahrefs or SEMrush, basic HTML" asks for SEO and one of Ahrefs or SEMrush),
    as in a list whose items are separated by bare commas."""
    return bool(_LIST_GOES_ON.fullmatch(after))


def repeated_in_aside(clause: str, mention: tuple[str, int, int], found: list[tuple[str, int, int]]) -> bool:
    """Whether a mention sits in brackets that only repeat names the clause gave before them ("Go or Python (our
    tooling is mostly Go)"): such an aside talks about the choice and asks for nothing of its own. An aside naming
    something new ("SIEM (Splunk, QRadar or Sentinel)") keeps its names."""
    start = mention[1]
    opening = clause.rfind("(", 0, start)
    if opening < 0 or clause.rfind(")", 0, start) > opening:
        return False
    closing = clause.find(")", start)
    closing = len(clause) if closing < 0 else closing
    given = {name for name, _, end in found if end <= opening}
    return all(name in given for name, s, _ in found if opening < s < closing)


__all__ = ["ALTERNATIVE_MAX_ZIPF", "alternative_names", "joins_choices", "list_goes_on", "repeated_in_aside"]
