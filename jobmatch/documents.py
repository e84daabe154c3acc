"""Text of one user document (a résumé or a job posting): decoded text, PDF or .docx, or a one-line InputError."""

from __future__ import annotations

import warnings
from pathlib import Path

from core.errors import CrossrankError
from core.text import decode_bytes


class InputError(CrossrankError, ValueError):
    """An input file cannot be used; the message names the file and the fix."""


def decode_text(data: bytes, where: str) -> str:
    """Decode a text file (see ``core.text.decode_bytes``), rejecting empty and binary data."""
    if not data.strip():
        raise InputError(f"{where} is empty")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{where} looks like a binary file, not text")
    try:
        text, guessed = decode_bytes(data, assume_western=True)
    except UnicodeError:
        guessed = ""
    if guessed not in (None, "cp1252"):  # résumés and postings are UTF-8 or Windows-1252 in practice
        raise InputError(f"{where} is not UTF-8 or Windows-1252 text; re-save it as UTF-8")
    if guessed is not None:
        # Windows-1252 "decodes" any high bytes; real Western text is mostly ASCII.
        visible = [ch for ch in text if not ch.isspace()]
        if sum(ord(ch) > 127 for ch in visible) > 0.3 * max(1, len(visible)):
            raise InputError(f"{where} looks like a binary file, not text")
    if not text.strip():  # only separators such as U+001C, or a BOM
        raise InputError(f"{where} is empty")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise InputError(f"{where} looks like a binary file, not text")
    return text


def read_text(path: str | Path) -> str:
    """Read and decode a text file (see `decode_text`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode_text(data, str(path))


def pdf_text(path: Path) -> str:
    """Text of a PDF résumé; pypdf's own limits stop decompression bombs (75 MB a stream)."""
    import logging as _logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    pypdf_log = _logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(_logging.ERROR)  # its warnings dump raw font dictionaries on stderr
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            MemoryError) as exc:
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        if type(exc).__name__ == "LimitReachedError":
            detail = f"a compressed stream is too large, a decompression bomb? ({detail})"
        raise InputError(f"{path}: cannot read this PDF ({detail})") from None
    finally:
        pypdf_log.setLevel(level)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no extractable text (scanned image?)")
    return text


def docx_text(path: Path) -> str:
    """Text of a .docx résumé: paragraphs and table rows in the order the page shows them.

    Many templates put the contact block, or each section's dated entries, in a table under the section's
    heading ("Berufserfahrung", then a table of "seit 07/2022 | Leiterin ..."): read after all the paragraphs,
    the rows would lose their heading. A row is its cells joined by " | " (a merged cell counted once).
    """
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot read this .docx file ({exc})".splitlines()[0]) from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append(" | ".join(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip())))
        else:
            lines.append(block.text)
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise InputError(f"{path}: the .docx file has no text")
    return text


def document_text(path: str | Path) -> str:
    """Text of one document (a résumé or a job posting): .pdf, .docx, or decoded text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_text(path)
    if suffix == ".docx":
        return docx_text(path)
    return read_text(path)


__all__ = ["InputError", "decode_text", "document_text", "docx_text", "pdf_text", "read_text"]
