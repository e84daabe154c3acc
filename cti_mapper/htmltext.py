"""HTML to text blocks with selectolax: scripts, styles and navigation are dropped."""

from __future__ import annotations

import re

__all__ = ["html_blocks"]

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

    tree = LexborHTMLParser(html.replace(_MARK, " "))
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css(_BLOCKS):
        node.insert_before(_MARK)
        node.insert_after(_MARK)
    root = tree.body or tree.root
    if root is None:
        return []
    text = root.text(deep=True, separator="")
    blocks: list[str] = []
    for chunk in text.split(_MARK):
        chunk = re.sub(r"\s+", " ", chunk).strip()
        if chunk:
            blocks.extend([chunk, ""])
    return blocks
