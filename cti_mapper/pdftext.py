"""PDF text extraction with pdfminer.six, with one-line errors for PDFs we cannot read."""

from __future__ import annotations

import logging
import re
import zlib
from pathlib import Path

from cti_mapper.reports import ReportError

logger = logging.getLogger(__name__)

__all__ = ["extract_pdf_pages"]

_MIN_PAGE_CHARS = 20  # fewer letters/digits than this on a page with images: no text layer
MAX_STREAM_BYTES = 32 * 2**20
"""Largest inflated non-image stream (page content, font): real ones are well under 1 MB."""
MAX_INFLATED_BYTES = 256 * 2**20
"""Largest total of inflated non-image streams; pdfminer itself has no limit."""
_PIECE = 2**20
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


def extract_pdf_pages(path: Path) -> tuple[list[str], list[str]]:
    """Extract the text of each page of a PDF.

    Args:
        path: The PDF file.

    Returns:
        The text of each page (in order) and warnings (pages skipped as scanned images).

    Raises:
        ReportError: Encrypted, corrupt or truncated PDF, or a scanned PDF with no text layer.
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTFigure, LTImage, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    name = path.name
    _check_trailer(path)
    check_streams(path)
    pages: list[str] = []
    image_pages: list[int] = []
    try:
        for number, layout in enumerate(extract_pages(path, laparams=LAParams()), start=1):
            texts: list[str] = []
            has_image = False
            for element in layout:
                if isinstance(element, LTTextContainer):
                    texts.append(element.get_text())
                elif isinstance(element, LTFigure | LTImage):
                    has_image = True
            text = "\n".join(texts)  # a blank line between text boxes: paragraph break
            if has_image and sum(ch.isalnum() for ch in text) < _MIN_PAGE_CHARS:
                image_pages.append(number)
            pages.append(text)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReportError(f"{name}: the PDF is encrypted; decrypt it first ({exc or 'password'})") \
            from exc
    except ReportError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReportError(f"{name}: corrupt or truncated PDF ({detail[:120]})") from exc
    if not pages:
        raise ReportError(f"{name}: corrupt or truncated PDF (no pages found)")
    if len(image_pages) == len(pages) or not any(p.strip() for p in pages):
        if image_pages:
            raise ReportError(
                f"{name}: scanned PDF with no text layer ({len(pages)} page(s) of images); "
                "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
            )
        raise ReportError(f"{name}: the PDF has no text (empty pages)")
    warnings = []
    if image_pages:
        listed = ", ".join(map(str, image_pages[:10]))
        warnings.append(f"page(s) {listed} have no text layer (scanned images?) and were skipped")
    logger.debug("%s: %d pages extracted", name, len(pages))
    return pages, warnings


def _check_trailer(path: Path) -> None:
    """Refuse a PDF cut short: a complete file ends with ``%%EOF`` near its end."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise ReportError(f"{path.name}: truncated PDF (no %%EOF end marker); download it again")


def check_streams(path: Path, *, per_stream: int = MAX_STREAM_BYTES,
                  total: int = MAX_INFLATED_BYTES) -> None:
    """Refuse a decompression bomb before pdfminer inflates it without a limit.

    Each Flate-compressed stream that is not an image is inflated (bounded, and discarded) to
    measure it: a 1.5 MB PDF whose content stream inflates to 1 GiB otherwise takes > 4 GB.

    Raises:
        ReportError: a stream inflates past ``per_stream``, or all of them past ``total``.
    """
    data = path.read_bytes()
    inflated = 0
    for match in _STREAM_START.finditer(data):
        head = data[max(0, match.start() - 2048) : match.start()]
        head = head[head.rfind(b"obj") + 1 :] if b"obj" in head else head
        if b"FlateDecode" not in head or re.search(rb"/Subtype\s*/Image", head):
            continue
        end = data.find(b"endstream", match.end())
        size = _inflated_size(data, match.end(), len(data) if end < 0 else end, per_stream + 1)
        inflated += size
        if size > per_stream or inflated > total:
            raise ReportError(
                f"{path.name}: a compressed stream inflates to more than "
                f"{(per_stream if size > per_stream else total) // 2**20} MB "
                "(a decompression bomb?); refused"
            )


def _inflated_size(data: bytes, start: int, end: int, limit: int) -> int:
    """Bytes that ``data[start:end]`` inflates to, counting at most ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    pos = start
    try:
        while pos < end and size < limit and not inflater.eof:
            chunk = data[pos : min(end, pos + 65536)]
            pos += len(chunk)
            size += len(inflater.decompress(chunk, min(_PIECE, limit - size)))
            # 1 MB at a time, so memory stays flat; stop at the end of the zlib data.
            while inflater.unconsumed_tail and size < limit and not inflater.eof:
                tail = inflater.unconsumed_tail
                piece = inflater.decompress(tail, min(_PIECE, limit - size))
                if not piece and len(inflater.unconsumed_tail) == len(tail):
                    break  # no progress
                size += len(piece)
    except zlib.error:
        pass  # damaged or encrypted: pdfminer decides; only the size matters here
    return size
