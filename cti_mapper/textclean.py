"""Text repair for extracted threat reports: glyphs, noise lines, soft breaks, running headers.

Pure string functions used by :mod:`cti_mapper.reports`; each one takes and returns plain text
(or lists of lines) so it can be tested without a PDF.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import Counter
from functools import lru_cache

import ftfy

logger = logging.getLogger(__name__)

__all__ = [
    "fix_unicode",
    "repair_lost_glyphs",
    "is_noise_line",
    "running_lines",
    "join_lines",
    "line_key",
    "merge_soft_paragraphs",
    "strip_bullet",
]

# Glyphs that PDF extraction loses in real reports (fonts that map ligatures to ASCII
# punctuation): a!achments, po$al, miscon%guration, Microso#, di&erent. Each symbol's usual
# meaning comes first; the others are tried too because fonts differ.
_GLYPH_CANDIDATES: dict[str, tuple[str, ...]] = {
    "!": ("tt", "ft", "fi", "ff", "rt"),
    "$": ("rt", "tt", "ft", "fi", "ff"),
    "%": ("fi", "ff", "fl", "tt", "ft"),
    "#": ("ft", "tt", "fi", "ff", "rt"),
    "&": ("ff", "fi", "fl", "tt", "ft"),
}
_GLYPH_WORD = re.compile(r"\b[A-Za-z]+(?:[!$%#&][A-Za-z]*)+")
_MIN_ZIPF = 1.0  # a repaired word must be at least this common in English (wordfreq zipf)
_DEHYPHEN_ZIPF = 2.5  # joining "mal-" + "ware" needs a common word


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loads its word list lazily, once

    return zipf_frequency(word.lower(), "en")


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # symbol-font bullets such as U+F0A7


def fix_unicode(text: str) -> str:
    """Fix mojibake (ftfy), fold ligatures and compatibility forms (NFKC), drop icon glyphs."""
    return _PRIVATE_USE.sub(" ", ftfy.fix_text(text, normalization="NFKC"))


def repair_lost_glyphs(text: str) -> tuple[str, list[str]]:
    """Replace lost-ligature symbols inside words, checked against a word list.

    Args:
        text: Text that may contain words such as ``a!achments``.

    Returns:
        The repaired text and one ``"a!achments -> attachments"`` note per distinct repair.
    """
    repairs: dict[str, str] = {}

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in repairs:
            return repairs[word]
        best = _best_repair(word)
        if best is None:
            return word
        repairs[word] = best
        return best

    repaired = _GLYPH_WORD.sub(fix, text)
    notes = [f"{bad} -> {good}" for bad, good in repairs.items()]
    if notes:
        logger.warning("Guessed %d lost glyph(s): %s", len(notes), ", ".join(notes[:10]))
    return repaired, notes


def _best_repair(word: str) -> str | None:
    symbols = [ch for ch in word if ch in _GLYPH_CANDIDATES]
    letters = [ch for ch in word if ch.isalpha()]
    if len(symbols) > 3 or len(letters) < 3:  # avoid a blow-up and guesses on "hi!"
        return None
    if any(ch.isupper() for ch in letters[1:]):
        return None  # acronyms such as R&D, AT&T are not broken words
    best, best_score = None, _MIN_ZIPF
    for choice in itertools.product(*(_GLYPH_CANDIDATES[s] for s in symbols)):
        it = iter(choice)
        candidate = "".join(next(it) if ch in _GLYPH_CANDIDATES else ch for ch in word)
        score = _zipf(candidate)
        if score > best_score:  # strict: the usual mapping (tried first) wins ties
            best, best_score = candidate, score
    return best


# --- noise lines --------------------------------------------------------------------------
_DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))"
_IOC_TOKEN = re.compile(
    r"""^(?:
        (?:h[tx]{2}ps?|f[tx]p|s?ftp)(?::|\[:\])//\S+            # URL, defanged or not
      | www\d?""" + _DOT + r"""\S+                             # bare www host
      | (?:\d{1,3}""" + _DOT + r"""){3}\d{1,3}(?::\d+)?(?:/\d+)?  # IPv4 (+port/CIDR)
      | [0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}    # MD5/SHA1/SHA256/SHA512
      | (?:[a-z0-9-]+""" + _DOT + r""")+[a-z]{2,24}(?:[/:?#]\S*)?  # (defanged) domain/path
      | [\w.+-]+(?:@|\[@\]|\[at\])[\w.-]+""" + _DOT + r"""?[\w.\[\]-]*  # e-mail
      | (?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}                   # IPv6 (full-ish)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_TLP = re.compile(
    r"^\W*TLP\s*:\s*(?:WHITE|CLEAR|GREEN|AMBER(?:\s*\+\s*STRICT)?|RED)\W*$", re.IGNORECASE
)
_PAGE_NUMBER = re.compile(
    r"^\W*(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.IGNORECASE
)
_TOKEN_STRIP = ",;.)(\"'<>"
_MAX_TOKEN = 512  # longer than a SHA-512 or any URL worth reading


_ATTACK_ID = re.compile(r"\b(?:T|TA|S|G|C|M|DS)\d{4}(?:\.\d{3})?\b")


def is_noise_line(line: str) -> bool:
    """True for a line that is only a page number, TLP marking, or URLs/hashes/IPs."""
    stripped = line.strip()
    if not stripped or _ATTACK_ID.search(stripped):
        return False
    if _PAGE_NUMBER.match(stripped) or _TLP.match(stripped):
        return True
    if len(stripped) < 2 or not any(ch.isalnum() for ch in stripped):
        return True  # bullets, rules, stray punctuation
    visible = [ch for ch in stripped if not ch.isspace()]
    if len(visible) >= 8 and sum(ch.isalpha() for ch in visible) < 0.4 * len(visible):
        return True  # hex dumps, byte patterns, tables of numbers
    tokens = [t.strip(_TOKEN_STRIP) for t in stripped.split()]
    tokens = [t for t in tokens if t and t not in {"|", "-", "•", "and", "or"}]
    # A token longer than any word or indicator is junk too; matching it against the IOC
    # pattern would backtrack quadratically ("x@aaaa...!").
    return bool(tokens) and all(len(t) > _MAX_TOKEN or _IOC_TOKEN.match(t) for t in tokens)


def line_key(line: str) -> str:
    """Normalise a line for header/footer detection: digits and spacing do not matter."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().lower()


def running_lines(pages: list[list[str]], *, edge: int = 5) -> set[str]:
    """Keys (see ``line_key``) of running headers and footers.

    Args:
        pages: The lines of each page.
        edge: How many non-blank lines at the top and at the bottom of a page can be a
            header or footer.

    Returns:
        The normalised keys of edge lines that appear on at least half of the pages (and on
        at least two pages).
    """
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        body = [line for line in lines if line.strip()]
        counts.update({line_key(line) for line in (*body[:edge], *body[-edge:])})
    needed = max(2, math.ceil(len(pages) / 2))
    return {key for key, n in counts.items() if n >= needed}


# --- joining --------------------------------------------------------------------------------
CLOSED = "\x00"
"""Marks a dropped noise line in :func:`join_lines` input: it ends the paragraph for good."""

_BULLET = re.compile(r"^\s*(?:[•◦▪●■□‣⁃∙·\-–*]|o(?=\s)|\d{1,2}[.)](?=\s))\s+")
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’)\]]\s*$")


def strip_bullet(line: str) -> tuple[str, bool]:
    """Remove a leading list bullet; return the line and whether it had one."""
    match = _BULLET.match(line)
    if match:
        return line[match.end() :], True
    return line, False


_TAIL = 64  # characters of a growing paragraph that joining looks at: keeps joins linear


def _glue(left: str, right: str) -> tuple[str, str]:
    """How to join two wrapped lines: (left without its last character(s) to drop, separator).

    Only the end of ``left`` is examined, so joining a paragraph of many lines stays linear.
    """
    tail = left[-_TAIL:]
    m = re.search(r"([A-Za-z]+)-$", tail)
    n = re.match(r"([a-z]+)", right[:_TAIL])
    if m and n:
        whole = m.group(1) + n.group(1)
        if _zipf(whole) >= _DEHYPHEN_ZIPF or _zipf(whole) > max(_zipf(m.group(1)), 1.0):
            return "-", ""  # "mal-" + "ware" -> "malware"
        return "", ""  # "end-to-" + "end" -> "end-to-end"
    if left.endswith("-") and right[:1].isalnum():
        return "", ""  # "12-" + "character", "point-of-" + "sale"
    return "", " "


def _join_pair(left: str, right: str) -> str:
    """Join two wrapped lines, de-hyphenating a word split across them."""
    drop, sep = _glue(left, right)
    return (left[: -len(drop)] if drop else left) + sep + right


def _join_all(pieces: list[str]) -> str:
    """Join wrapped lines left to right like repeated ``_join_pair``, in linear time."""
    out: list[str] = [pieces[0]]
    for right in pieces[1:]:
        drop, sep = _glue(out[-1], right)
        if drop:
            out[-1] = out[-1][: -len(drop)]
        out.extend((sep, right))
    return "".join(out)


def join_lines(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs; blank lines, bullets and headings end a paragraph.

    A line break is soft (joined with a space, or de-hyphenated) when the next line starts in
    lower case, or when the previous line is as wide as the block's text (a wrapped line) and
    does not end a sentence. A short line without final punctuation before a capitalised line
    is a heading and stays on its own.

    Args:
        lines: Cleaned lines of one page or text block (blank lines are paragraph breaks,
            ``CLOSED`` stands for a dropped line such as a URL).

    Returns:
        Paragraphs with single spaces. One that ended at a ``CLOSED`` line ends with
        ``CLOSED`` so that :func:`merge_soft_paragraphs` never continues it.
    """
    paragraphs: list[str] = []
    block: list[tuple[str, bool]] = []

    def flush() -> None:
        if not block:
            return
        width = max(len(text) for text, _ in block)
        current: list[str] = []
        previous = ""
        for text, bulleted in block:
            if current and not bulleted and _is_soft_break(previous, text, width):
                current.append(text)
            else:
                if current:
                    paragraphs.append(_join_all(current))
                current = [text]
            previous = text
        paragraphs.append(_join_all(current))
        block.clear()

    for raw in lines:
        if raw == CLOSED:
            flush()
            if paragraphs and not paragraphs[-1].endswith(CLOSED):
                paragraphs[-1] += CLOSED
            continue
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            flush()
            continue
        line, bulleted = strip_bullet(line)
        if line:
            block.append((line, bulleted))
    flush()
    return paragraphs


def _is_soft_break(previous: str, line: str, width: int) -> bool:
    if line[:1].islower() or previous.endswith("-"):
        return True
    if re.search(r"[.!?]['\")”’]?$", previous):
        return False
    return len(previous) >= 0.6 * width  # wrapped at the column's width


def merge_soft_paragraphs(
    paragraphs: list[tuple[int | None, str]],
) -> list[tuple[int | None, str]]:
    """Merge a paragraph into the previous one when layout, not the author, broke it.

    A break is soft when the previous paragraph does not end a sentence and the next one
    starts in lower case (a column, table cell or page boundary in the middle of a sentence).

    Args:
        paragraphs: ``(page, text)`` pairs in reading order.

    Returns:
        The merged pairs; a merged paragraph keeps the page it starts on.
    """
    merged: list[tuple[int | None, list[str]]] = []
    for page, para in paragraphs:
        previous = merged[-1][1][-1] if merged else ""
        if previous and para[:1].islower() and not previous.endswith(CLOSED) \
                and not _SENTENCE_END.search(previous[-_TAIL:]):
            merged[-1][1].append(para)
        else:
            merged.append((page, [para]))
    merged = [(page, _join_all(parts)) for page, parts in merged]
    return [(page, para.rstrip(CLOSED)) for page, para in merged if para.rstrip(CLOSED)]
