"""core.text.decode_bytes: the one encoding ladder both apps read user text with."""

import pytest

from core.text import decode_bytes

FRENCH = "Le logiciel malveillant a été utilisé pour chiffrer les fichiers de la victime. " * 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("naïve café".encode(), ("naïve café", None)),
        (b"\xef\xbb\xbfbom text", ("bom text", None)),
        ("utf-16 text".encode("utf-16"), ("utf-16 text", None)),
        (FRENCH.encode("latin-1"), (FRENCH, "cp1252")),
    ],
)
def test_declared_utf8_and_western_text(data, expected):
    assert decode_bytes(data) == expected


def test_cyrillic_is_detected_not_read_as_western():
    text = "Вредоносная программа шифрует файлы на диске жертвы. " * 5
    decoded, encoding = decode_bytes(text.encode("cp1251"))
    assert decoded == text and encoding not in (None, "cp1252", "latin-1")


def test_assume_western_takes_a_short_accented_line_as_cp1252():
    data = "name\nJosé Núñez\n".encode("cp1252")  # too few letters to judge by their share
    assert decode_bytes(data, assume_western=True) == ("name\nJosé Núñez\n", "cp1252")
    assert decode_bytes(b"\x81\x8d", assume_western=True) == ("\x81\x8d", "latin-1")  # not in cp1252
