"""`cti-map` end to end with the shipped model (integration).

The whole CISA samples take minutes on two cores, so they are `slow` (run with `-m slow`); a short
report through map and export keeps an end-to-end check in the default run.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from core.paths import shared_data_dir
from cti_mapper.cli import cli

SAMPLES = shared_data_dir() / "samples"
MODEL = shared_data_dir() / "models" / "cti-reranker"
PDF = SAMPLES / "cisa-aa20-302a-ransomware-healthcare.pdf"
TXT = SAMPLES / "cisa-aa21-076a-trickbot.txt"
# Every technique ID written in the 22-page advisory (its table 1 of Ryuk techniques).
PDF_IDS = {"T1016", "T1036.005", "T1055", "T1057", "T1059.003", "T1083", "T1106", "T1134",
           "T1486", "T1489", "T1490", "T1547.001", "T1562.001"}
_ID = re.compile(r"\bT\d{4}(?:\.\d{3})?\b")

pytestmark = pytest.mark.integration


def test_pdf_ingestion_keeps_every_explicit_id():
    from cti_mapper.reports import read_report

    doc = read_report(PDF)
    assert doc.pages == 22
    assert set(_ID.findall(doc.text)) == PDF_IDS
    assert "Page 3 of 22" not in doc.text and "TLP:WHITE\n" not in doc.text
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text


@pytest.fixture(scope="module")
def shipped_model():
    pytest.importorskip("cti_mapper.mapping", reason="cti_mapper.mapping not written yet")
    if not (MODEL / "config.json").exists():
        pytest.skip("shipped model shared_data/models/cti-reranker not trained yet")
    return MODEL


def _run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


SHORT_REPORT = (
    "The actors sent spearphishing emails with malicious Microsoft Word attachments to employees.\n\n"
    "Once opened, the macro ran cmd.exe (T1059.003) to download TrickBot.\n\n"
    "The ransomware encrypted files on the victim's servers and demanded payment in bitcoin.\n\n"
    "Thank you for reading.\n"
)


def test_short_report_maps_and_exports_end_to_end(shipped_model, tmp_path):
    from mitreattack.navlayers import Layer

    from cti_mapper.config import load_calibration

    report = tmp_path / "short.txt"
    report.write_text(SHORT_REPORT, encoding="utf-8")
    saved = tmp_path / "short.json"
    result = _run([report, "-o", saved, "--backend", "torch"])  # auto would calibrate backends first
    assert result.exit_code == 0, result.output
    data = json.loads(saved.read_text(encoding="utf-8"))
    by_sentence = [{label["id"] for label in s["labels"]} for s in data["sentences"]]
    assert "T1059.003" in by_sentence[1] and "T1486" in by_sentence[2] and not by_sentence[3]
    calibration = load_calibration()  # the shipped model's, chosen on AnnoCTR dev
    assert (data["min_evidence"], data["threshold"]) == (calibration.min_evidence, calibration.threshold)
    layer = tmp_path / "layer.json"
    assert _run(["export", saved, "-f", "navigator", "-o", layer]).exit_code == 0
    Layer().from_file(str(layer))
    table = _run(["export", saved, "-f", "table"]).stdout
    assert "T1059.003" in table and "Thank you" not in table  # unmapped sentences hidden


@pytest.mark.slow
def test_pdf_end_to_end_finds_every_explicit_technique(shipped_model, tmp_path):
    out = tmp_path / "aa20-302a.json"
    result = _run([PDF, "--format", "json", "-o", out])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    found = {label["id"] for label in data["summary"]}
    assert PDF_IDS <= found, f"missing {sorted(PDF_IDS - found)}"
    assert data["pages"] == 22 and data["stats"]["unmapped"] > 0


@pytest.mark.slow
def test_text_sample_end_to_end_all_formats(shipped_model, tmp_path):
    from mitreattack.navlayers import Layer

    stated = set(_ID.findall(TXT.read_text(encoding="utf-8")))
    saved = tmp_path / "trickbot.json"
    result = _run([TXT, "-f", "json", "-o", saved])
    assert result.exit_code == 0, result.output
    found = {label["id"] for label in json.loads(saved.read_text(encoding="utf-8"))["summary"]}
    assert stated & found and len(stated & found) >= 0.8 * len(stated)
    layer = tmp_path / "layer.json"  # the other formats from the saved result: the model runs once
    assert _run(["export", saved, "-f", "navigator", "-o", layer]).exit_code == 0
    Layer().from_file(str(layer))
    assert _run(["export", saved, "-f", "html", "-o", tmp_path / "r.html"]).exit_code == 0
