"""Hardening of report reading and `cti-map -o`: no lost input, bounded time and memory, right decoding."""

from __future__ import annotations

import os
import stat
import time
import tracemalloc
import zlib

import pytest
from click.testing import CliRunner

from cti_mapper import pdftext, reports, textclean
from cti_mapper.cli import cli
from cti_mapper.htmltext import html_blocks, nesting_depth
from cti_mapper.reports import ReportError, read_report

TEXT = "The actors sent spearphishing emails with a malicious attachment.\n"
FRENCH = ("Le logiciel malveillant a été utilisé par l'acteur pour chiffrer les données.\n"
          "Il a créé des tâches planifiées à l'aide de schtasks.\n")


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _elapsed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


# --- no lost data ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["r.txt", "r.json"])
@pytest.mark.parametrize("how", ["same", "hardlink", "symlink"])
def test_output_onto_the_input_is_refused(patched_mapper, tmp_path, name, how):
    report = tmp_path / name
    report.write_text(TEXT if name.endswith(".txt") else '{"x": "' + TEXT.strip() + '"}')
    before = report.read_bytes()
    target = report
    if how == "hardlink":
        target = tmp_path / ("out" + report.suffix)
        os.link(report, target)
    elif how == "symlink":
        target = tmp_path / ("out" + report.suffix)
        target.symlink_to(report)
    result = run([report, "-o", target, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert "is the input report" in result.output
    assert report.read_bytes() == before


def test_output_onto_a_read_only_file_is_refused(patched_mapper, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(TEXT)
    out = tmp_path / "out.json"
    out.write_text("keep me")
    out.chmod(0o444)
    result = run([report, "-o", out])
    assert result.exit_code == 1 and "read-only" in result.output
    assert result.output.count("\n") == 1
    assert out.read_text() == "keep me" and stat.S_IMODE(out.stat().st_mode) == 0o444


def test_output_file_honours_the_umask(patched_mapper, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(TEXT)
    old = os.umask(0o027)
    try:
        assert run([report, "-o", tmp_path / "out.json"]).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o640


# --- decoding ------------------------------------------------------------------------------
def test_latin1_french_is_decoded_right_and_warned(tmp_path, caplog):
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    doc = read_report(path)
    assert "utilisé" in doc.text and "tâches" in doc.text
    assert any("not UTF-8; decoded as cp1252" in w for w in doc.warnings)
    assert "decoded as cp1252" in caplog.text  # logged at WARNING: visible on stderr


def test_latin1_warning_reaches_the_cli(patched_mapper, tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes((FRENCH + "Phishing attachment.\n").encode("latin-1"))
    result = run([path, "-f", "json"])
    assert "decoded as cp1252" in result.stderr


def test_cyrillic_is_not_taken_for_latin1(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes(("Вредоносная программа шифрует файлы на диске жертвы. " * 5).encode("cp1251"))
    doc = read_report(path)
    assert "шифрует" in doc.text and any("decoded as" in w for w in doc.warnings)


# --- bounded time ---------------------------------------------------------------------------
def test_noise_line_with_a_huge_token_is_fast():
    result, seconds = _elapsed(textclean.is_noise_line, "x@" + "a" * 20000 + "!")
    assert result is True and seconds < 0.5


@pytest.mark.parametrize("line", [" *a" * 8000, "[" * 40000, "# " + "#" * 40000 + "a",
                                  "<" * 40000, "_" * 40000 + "x"])
def test_markdown_pathological_lines_are_fast(line):
    # 0.12 s for the slowest on a quiet 2-core machine, 2.2 s once while other jobs ran; backtracking runs to minutes.
    _, seconds = _elapsed(reports._markdown_lines, line)
    assert seconds < 5.0


def test_markdown_still_strips_syntax():
    lines = reports._markdown_lines("## Title ##\nSee [the *report*](http://x \"t\") <b>now</b>.")
    assert "Title" in lines and "See the report now." in lines


def test_deeply_nested_html_is_fast_and_keeps_its_text():
    page = "<div>" * 40000 + "<script>bad()</script>Payload text here." + "</div>" * 40000
    blocks, seconds = _elapsed(html_blocks, page)
    assert blocks == ["Payload text here.", ""] and seconds < 2.0
    assert nesting_depth("<p><b>x</b><br><img src=a></p>") == 1


def test_segmenter_never_sees_more_than_a_chunk(monkeypatch):
    seen = []
    real = reports._segmenter()

    class Recording:
        def segment(self, text):
            seen.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(reports, "_segmenter", Recording)
    para = "The actor used phishing to gain access, e.g. with macros and then cmd.exe. " * 400
    doc = reports._build("x", [(None, para)], None, [])
    assert max(seen) <= reports._CHUNK_CHARS and len(seen) > 20
    assert len(doc.sentences) == 400
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)


def test_long_paragraph_splits_in_linear_time(tmp_path):
    path = tmp_path / "long.txt"  # one 120k-character paragraph: about 12 s when quadratic
    path.write_text("The actor used phishing to gain access and then moved laterally. " * 1850)
    doc, seconds = _elapsed(read_report, path)
    assert len(doc.sentences) == 1850 and seconds < 8


def test_too_much_text_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reports, "MAX_TEXT_CHARS", 1000)
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 100)
    with pytest.raises(ReportError, match="at most 0 million are mapped"):
        read_report(path)


# --- PDF decompression bombs ----------------------------------------------------------------
def _pdf_with_stream(path, payload: bytes, *, image: bool = False):
    stream = zlib.compress(payload, 9)
    kind = b"/Type /XObject /Subtype /Image /Width 1 /Height 1 " if image else b""
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
            b"4 0 obj << " + kind + b"/Length " + str(len(stream)).encode() +
            b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")
    path.write_bytes(body)
    return path


def test_pdf_content_stream_bomb_is_refused_in_bounded_memory(tmp_path):
    bomb = _pdf_with_stream(tmp_path / "bomb.pdf", b"0 0 m " * (7 * 2**20))  # 42 MB inflated
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(ReportError, match="decompression bomb") as caught:
            read_report(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "\n" not in str(caught.value)
    assert peak < 16 * 2**20


def test_pdf_bomb_through_the_cli(patched_mapper, tmp_path):
    bomb = _pdf_with_stream(tmp_path / "bomb.pdf", b" " * (33 * 2**20))
    result = run([bomb, "-f", "json"])
    assert result.exit_code == 1 and "decompression bomb" in result.output
    assert result.output.count("\n") == 1


def test_stream_check_limits_and_skips_images(tmp_path):
    pdf = _pdf_with_stream(tmp_path / "a.pdf", b"BT (hi) Tj ET " * 100_000)
    pdftext.check_streams(pdf)  # 1.4 MB of content: fine
    with pytest.raises(ReportError, match="more than 1 MB"):
        pdftext.check_streams(pdf, per_stream=2**20)
    with pytest.raises(ReportError, match="more than 0 MB"):
        pdftext.check_streams(pdf, total=2**19)
    image = _pdf_with_stream(tmp_path / "i.pdf", b"\x00" * 3 * 2**20, image=True)
    pdftext.check_streams(image, per_stream=2**20)  # images are not inflated by pdfminer


# --- corrupt model weights ------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_corrupt_model_weights_are_one_line(tmp_path, tiny_reranker_path, damage):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_reranker_path, model)
    weights = model / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2] if damage == "truncated" else os.urandom(4096))
    report = tmp_path / "r.txt"
    report.write_text(TEXT)
    from cti_helpers import MINI_ATTACK as mini
    result = run(["--attack-data", mini, report, "--model", model, "-f", "json"])
    assert result.exit_code == 1 and "could not load a model" in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
