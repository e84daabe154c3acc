"""Bytes of a user's text file to str: one ladder of encodings for every app.

BOM first, then UTF-8, then Windows-1252/Latin-1 when the result reads like Western European
text, then charset detection. Western European is tried before detection because detection
mistakes short French or German text for Baltic or Central European code pages ("utilisé"
became "utilisķ"). Each app adds its own policy on top (refusing binary data, warning).
"""

from __future__ import annotations

__all__ = ["decode_bytes"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_WESTERN = ("cp1252", "latin-1")
_WESTERN_MAX_SHARE = 0.15  # French/German/Spanish text: a few % of letters are accented
_WESTERN_PUNCTUATION = "‘’‚“”„–—…«»‹›€£°·•©®™§¶±×÷¿¡\xa0"


def decode_bytes(data: bytes, *, assume_western: bool = False) -> tuple[str, str | None]:
    """Decode a text file's bytes.

    Args:
        data: the file's bytes.
        assume_western: take Windows-1252 (else Latin-1) whenever it decodes, without judging
            the result or detecting: for short files (a CSV of names) with too few letters to judge.

    Returns:
        (text, encoding) where encoding is None for text that declared itself (a BOM) or is UTF-8,
        and otherwise names the encoding guessed, so the caller can warn that it guessed.

    Raises:
        UnicodeError: no encoding reads the bytes as text (binary data).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text, encoding = _western(data, judge=not assume_western)
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise UnicodeError("cannot decode the bytes as text")
        text, encoding = str(best), best.encoding
    return text, encoding


def _western(data: bytes, *, judge: bool = True) -> tuple[str | None, str]:
    """Decode as Windows-1252 (else Latin-1) when the result reads like Western European text."""
    for codec in _WESTERN:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not judge:
            return text, codec
        letters = sum(ch.isalpha() for ch in text)
        high = [ch for ch in text if ord(ch) > 127]
        accented = sum(ch.isalpha() for ch in high)
        # Cyrillic or Greek read as cp1252 is nearly all high letters; binary has symbols.
        usual = sum(ch.isalpha() or ch in _WESTERN_PUNCTUATION for ch in high)
        if letters and accented / letters <= _WESTERN_MAX_SHARE and usual >= 0.9 * len(high) \
                and not any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text):
            return text, codec
        return None, codec
    return None, ""
