"""HTML to text blocks with selectolax: scripts, styles and navigation are dropped."""

from __future__ import annotations

import html as html_lib
import logging
import re

logger = logging.getLogger(__name__)

__all__ = ["MAX_DEPTH", "html_blocks"]

MAX_DEPTH = 256
"""Deeper element nesting than this is flattened without a DOM: lexbor's parse time grows
with the square of the depth (40,000 nested divs took 34 s), and real pages nest < 50 deep."""

_DROP = (
    "script, style, nav, noscript, template, svg, head, header, footer, aside, form, iframe, "
    "button"
)
_BLOCKS = (
    "p, li, dt, dd, h1, h2, h3, h4, h5, h6, td, th, pre, blockquote, caption, figcaption, div, "
    "section, article, tr, table, ul, ol, br, hr, main"
)
_MARK = "\ue000"  # private-use character: a block boundary that survives text extraction


def html_blocks(html: str) -> list[str]:
    """Return the visible text of an HTML page as one string per block element.

    Args:
        html: The page source.

    Returns:
        Block texts in document order, whitespace collapsed; inline markup (links, emphasis)
        stays inside its block. Blank strings separate blocks so that lines never join.
    """
    from selectolax.lexbor import LexborHTMLParser

    html = html.replace(_MARK, " ")
    if nesting_depth(html) > MAX_DEPTH:
        logger.warning("HTML nested more than %d elements deep: read without its layout", MAX_DEPTH)
        return _split_blocks(_flatten(html))
    tree = LexborHTMLParser(html)
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css(_BLOCKS):
        node.insert_before(_MARK)
        node.insert_after(_MARK)
    root = tree.body or tree.root
    if root is None:
        return []
    return _split_blocks(root.text(deep=True, separator=""))


def _split_blocks(text: str) -> list[str]:
    blocks: list[str] = []
    for chunk in text.split(_MARK):
        chunk = re.sub(r"\s+", " ", chunk).strip()
        if chunk:
            blocks.extend([chunk, ""])
    return blocks


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,40})\b[^<>]{0,2000}?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "p li dt dd tr td th option".split())  # void, or closed implicitly
_BLOCK_NAMES = frozenset(name.strip() for name in _BLOCKS.split(","))
_DROP_CONTENT = re.compile(r"<(script|style|noscript|template|svg|head)\b[^>]{0,2000}>.*?</\1\s*>",
                           re.IGNORECASE | re.DOTALL)


def nesting_depth(html: str) -> int:
    """Deepest element nesting, counted from the tags alone in one linear pass."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _flatten(html: str) -> str:
    """Text of a pathological page without building a DOM: block tags become boundaries."""
    html = _DROP_CONTENT.sub(" ", html)

    def replace(match: re.Match[str]) -> str:
        return _MARK if match.group(2).lower() in _BLOCK_NAMES else ""

    return html_lib.unescape(_TAG.sub(replace, html))
