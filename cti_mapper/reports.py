"""Read threat reports (PDF, HTML, Markdown, plain text) into clean sentences with offsets.

PDF text comes from pdfminer.six (MIT): on the real 22-page CISA advisory it keeps
paragraph breaks and does not split words inside lines (pypdf, 2x faster, produced
``TLP:WH ITE``, ``htt p://``, ``a vailable``); see the README for the measurements.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import CrossrankError
from core.text import decode_bytes
from cti_mapper import textclean

logger = logging.getLogger(__name__)

__all__ = ["MAX_REPORT_BYTES", "MAX_TEXT_CHARS", "Document", "ReportError", "Sentence", "read_report"]

MAX_REPORT_BYTES = 100 * 1024 * 1024
"""Files larger than this are refused before reading (threat reports are a few MB)."""

MAX_TEXT_CHARS = 10_000_000
"""More text than this (a few thousand pages) is refused: mapping it would take hours."""

_PDF_SUFFIXES = {".pdf"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
_TEXT_SUFFIXES = {".txt", ".text", ".log", ""}
_BINARY_MAGIC = {
    b"PK\x03\x04": "a ZIP/Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip file",
    b"\xd0\xcf\x11\xe0": "an old Office file",
    b"\x7fELF": "an executable",
    b"MZ": "a Windows executable",
    b"%PDF-": "a PDF",
}


class ReportError(CrossrankError, ValueError):
    """A report cannot be read: missing, unsupported, corrupt, encrypted, scanned or empty."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report; ``start``/``end`` index ``Document.text``."""

    text: str
    page: int | None
    start: int
    end: int


@dataclass
class Document:
    """A report's cleaned text, its sentences and what went wrong while reading it."""

    source: str
    text: str
    sentences: list[Sentence]
    pages: int | None
    warnings: list[str] = field(default_factory=list)


def read_report(path: str | Path, *, one_per_line: bool = False) -> Document:
    """Read a report file and split it into sentences.

    Args:
        path: A ``.pdf``, ``.html``/``.htm``, ``.md`` or text file.
        one_per_line: Treat each non-blank line of a text file as one sentence.

    Returns:
        The cleaned document. Its warnings list guessed repairs and skipped pages.

    Raises:
        ReportError: Missing, too large, binary, mislabelled, corrupt, encrypted, scanned or
            empty input; the message is one line naming the file and the problem.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ReportError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise ReportError(
            f"{name}: file is {size / 2**20:.0f} MB; reports larger than "
            f"{MAX_REPORT_BYTES // 2**20} MB are refused (split it or extract the text first)"
        )
    if size == 0:
        raise ReportError(f"{name}: the file is empty")
    kind = _detect_kind(path)
    if kind != "pdf" and size > MAX_TEXT_CHARS * 2:  # UTF-16 takes 2 bytes a character
        _refuse_long(name, size)
    if one_per_line and kind != "text":
        raise ReportError(f"{name}: --one-per-line applies to plain-text files, not {kind}")
    warnings: list[str] = []
    if kind == "pdf":
        from cti_mapper.pdftext import extract_pdf_pages

        raw_pages, pdf_warnings = extract_pdf_pages(path)
        warnings.extend(pdf_warnings)
        _check_length(name, sum(map(len, raw_pages)))
        paragraphs = _paragraphs_from_pages(raw_pages, warnings)
        doc = _build(str(path), paragraphs, len(raw_pages), warnings)
    elif kind == "html":
        from cti_mapper.htmltext import html_blocks

        text = _clean_line_text("\n".join(html_blocks(_decode(path, warnings))), warnings)
        # Block elements are authoritative paragraph breaks: no soft merging.
        paragraphs = _paragraphs_from_pages([text], warnings, paged=False, merge=False)
        doc = _build(str(path), paragraphs, None, warnings)
    else:
        text = _decode(path, warnings)
        _check_length(name, len(text))
        text = textclean.fix_unicode(text)
        text, notes = textclean.repair_lost_glyphs(text)
        _note_repairs(notes, warnings)
        if one_per_line:
            doc = _build_lines(str(path), text.splitlines(), warnings)
        else:
            lines = _markdown_lines(text) if kind == "markdown" else text.splitlines()
            paragraphs = _paragraphs_from_pages([lines], warnings, paged=False)
            doc = _build(str(path), paragraphs, None, warnings)
    if not doc.sentences:
        raise ReportError(f"{name}: no sentences found (the document has no readable prose)")
    for warning in warnings:
        logger.warning("%s: %s", name, warning)
    return doc


def _detect_kind(path: Path) -> str:
    """Return 'pdf', 'html', 'markdown' or 'text' from the suffix, checked against content."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    suffix = path.suffix.lower()
    name = path.name
    looks_pdf = head.lstrip()[:5] == b"%PDF-"
    if suffix in _PDF_SUFFIXES:
        if not looks_pdf:
            raise ReportError(f"{name}: not a PDF (no %PDF header); {_describe(head)}")
        return "pdf"
    what = _binary_kind(head)
    if what:
        raise ReportError(f"{name}: content is {what}, not {suffix or 'text'}; rename it or "
                          "convert it to text")
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    lowered = head[:1024].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered:
        return "html"
    return "text"


def _binary_kind(head: bytes) -> str | None:
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text with a BOM
    if b"\x00" in head:
        return "binary data"
    return None


def _describe(head: bytes) -> str:
    what = _binary_kind(head)
    if what:
        return f"content is {what}"
    return "content looks like text; rename it to .txt or .html"


def _check_length(name: str, chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        _refuse_long(name, chars)


def _refuse_long(name: str, size: int) -> None:
    raise ReportError(f"{name}: about {size / 1e6:.0f} million characters of text; at most "
                      f"{MAX_TEXT_CHARS / 1e6:.0f} million are mapped (split the report)")


def _decode(path: Path, warnings: list[str] | None = None) -> str:
    """Decode a text file (see ``core.text.decode_bytes``); a file that is not UTF-8 gets a visible warning."""
    try:
        text, encoding = decode_bytes(path.read_bytes())
    except UnicodeError:
        raise ReportError(f"{path.name}: cannot decode the file as text (binary data?)") from None
    if encoding is None:
        return text
    note = f"not UTF-8; decoded as {encoding} (re-save it as UTF-8 if accents look wrong)"
    if warnings is None:
        logger.warning("%s: %s", path.name, note)
    else:
        warnings.append(note)
    return text


def _note_repairs(notes: list[str], warnings: list[str]) -> None:
    if notes:
        shown = ", ".join(notes[:8]) + (", ..." if len(notes) > 8 else "")
        warnings.append(f"guessed {len(notes)} lost glyph(s) from a word list: {shown}")


def _clean_line_text(text: str, warnings: list[str]) -> str:
    text = textclean.fix_unicode(text)
    text, notes = textclean.repair_lost_glyphs(text)
    _note_repairs(notes, warnings)
    return text


def _paragraphs_from_pages(
    pages: list[list[str]] | list[str], warnings: list[str], *, paged: bool = True,
    merge: bool = True,
) -> list[tuple[int | None, str]]:
    """Clean pages (text or lines), drop running lines and noise, join into paragraphs."""
    page_lines: list[list[str]] = []
    for page in pages:
        if isinstance(page, str):
            page = _clean_line_text(page, warnings).splitlines()
        page_lines.append(page)
    running = textclean.running_lines(page_lines) if paged else set()
    paragraphs: list[tuple[int | None, str]] = []
    for number, lines in enumerate(page_lines, start=1):
        kept = [
            textclean.CLOSED if textclean.is_noise_line(line)
            else "" if textclean.line_key(line) in running else line
            for line in lines
        ]
        for para in textclean.join_lines(kept):
            paragraphs.append((number if paged else None, para))
    if merge:
        return textclean.merge_soft_paragraphs(paragraphs)
    return [(page, para.rstrip(textclean.CLOSED)) for page, para in paragraphs]


# Bounded repeats: an unclosed "[" or "*" on a long line must not make these quadratic.
_MD_LINK = re.compile(r"!?\[([^\[\]]{0,500})\]\([^()]{0,2000}\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.{1,300}?)(?<=\S)\1")
_MD_TAG = re.compile(r"<[^<>]{1,500}>")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _markdown_lines(text: str) -> list[str]:
    """Strip Markdown syntax, keeping one paragraph per heading, list item and table row."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```") or _MD_TABLE_RULE.match(stripped):
            lines.append("")
            continue
        heading = re.match(r"#{1,6}\s+", stripped)
        if heading:  # "## Title ##" -> "Title" (rstrip: a regex here backtracks on "####...")
            lines.extend(["", stripped[heading.end():].rstrip("#").rstrip(), ""])
            continue
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            lines.extend(["", " | ".join(c for c in cells if c), ""])
            continue
        stripped = re.sub(r"^>\s?", "", stripped)
        stripped = _MD_LINK.sub(r"\1", stripped)
        stripped = _MD_EMPHASIS.sub(r"\2", stripped)
        stripped = _MD_TAG.sub("", stripped)
        lines.append(stripped)
    return lines


def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _build(
    source: str, paragraphs: list[tuple[int | None, str]], pages: int | None,
    warnings: list[str],
) -> Document:
    """Lay paragraphs out in ``Document.text`` and split each into located sentences."""
    segmenter = _segmenter()
    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for page, para in paragraphs:
        if parts:
            parts.append("\n\n")
            offset += 2
        parts.append(para)
        cursor = 0
        segments = [seg for chunk in _chunks(para) for seg in segmenter.segment(chunk)]
        for segment in _fix_segments(segments):
            text = segment.strip()
            index = para.find(text, cursor) if text else -1
            if index < 0:
                continue
            cursor = index + len(text)
            if any(ch.isalpha() for ch in text):
                start = offset + index
                sentences.append(Sentence(text, page, start, start + len(text)))
        offset += len(para)
    return Document(source, "".join(parts), sentences, pages, warnings)


_CHUNK_CHARS = 1000
_CHUNK_BREAK = re.compile(r"[.!?][\"')\]”’]*\s+(?=[\"'(\[“‘]?[A-Z0-9])")


def _chunks(para: str, size: int = _CHUNK_CHARS) -> list[str]:
    """Cut a long paragraph into pieces of about ``size`` characters at likely sentence ends.

    pysbd is quadratic in the length of its input (a 1 MB paragraph took minutes); cutting
    where a sentence surely ends (". " before a capital) keeps splitting linear and leaves
    ordinary paragraphs, shorter than ``size``, untouched.
    """
    if len(para) <= size:
        return [para]
    pieces: list[str] = []
    start = 0
    while len(para) - start > size:
        window = para[start : start + size]
        cut = None
        for match in _CHUNK_BREAK.finditer(window, size // 4):
            cut = match.end()
        if cut is None:
            space = window.rfind(" ", size // 4)
            cut = space + 1 if space > 0 else size
        pieces.append(para[start : start + cut])
        start += cut
    pieces.append(para[start:])
    return pieces


def _fix_segments(segments: list[str]) -> list[str]:
    """Undo pysbd splits before a file extension: "extension of ." + "RYK added" is one."""
    out: list[str] = []
    for segment in segments:
        if out and re.search(r"\s\.\s*$", out[-1]) and segment[:1].isalnum():
            out[-1] = out[-1].rstrip() + segment
        else:
            out.append(segment)
    return out


def _build_lines(source: str, lines: list[str], warnings: list[str]) -> Document:
    """One sentence per non-blank line (``--one-per-line``)."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    for line in lines:
        text = re.sub(r"\s+", " ", line).strip()
        if not text:
            continue
        if parts:
            parts.append("\n")
            offset += 1
        parts.append(text)
        sentences.append(Sentence(text, None, offset, offset + len(text)))
        offset += len(text)
    return Document(source, "".join(parts), sentences, None, warnings)
