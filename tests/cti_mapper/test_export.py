"""Exports: JSON matches its schema, navlayers loads the layer, stix2 parses the bundle."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from cti_mapper import export
from cti_mapper.html_report import matrix_html, score_color, to_html
from cti_mapper.reports import read_report

TEXT = (
    "The actors sent spearphishing emails with a malicious attachment.\n\n"
    "The macro ran cmd.exe to start the TrickBot loader.\n\n"
    "Ryuk then encrypted the files (T1486) and listed every process.\n\n"
    "The weather was nice that day.\n"
)


@pytest.fixture
def report(tmp_path, fake_mapper):
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    doc = read_report(tmp_path / "r.txt")
    mappings = fake_mapper.map_sentences(doc.sentences)
    return export.build_report(doc, mappings, catalog=fake_mapper.catalog, model="fake-mapper",
                               threshold=fake_mapper.threshold)


def _check_types(value, schema):
    """A small JSON-schema subset: dict of key -> type or nested schema, [schema] for lists."""
    if isinstance(schema, dict):
        assert isinstance(value, dict) and set(schema) <= set(value), (set(schema), value)
        for key, sub in schema.items():
            _check_types(value[key], sub)
    elif isinstance(schema, list):
        assert isinstance(value, list)
        for item in value:
            _check_types(item, schema[0])
    else:
        assert isinstance(value, schema), (value, schema)


LABEL = {"id": str, "name": str, "kind": str, "label": str, "score": float, "reasons": [str]}
SCHEMA = {
    "schema": str, "source": str, "pages": (int, type(None)), "created": str,
    "attack": {"version": str, "domains": [str]}, "model": str, "threshold": (float, type(None)),
    "stats": {"sentences": int, "mapped": int, "unmapped": int, "labels": int},
    "warnings": [str],
    "summary": [{"id": str, "name": str, "kind": str, "label": str, "best_score": float,
                 "sentences": [int]}],
    "sentences": [{"index": int, "text": str, "page": (int, type(None)), "start": int,
                   "end": int, "mapped": bool, "labels": [LABEL]}],
}


def test_json_schema_and_content(report):
    data = json.loads(export.to_json(report))
    _check_types(data, SCHEMA)
    assert data["schema"] == export.JSON_SCHEMA_VERSION
    assert data["attack"]["version"] == "18.1"
    assert data["stats"] == {"sentences": 4, "mapped": 3, "unmapped": 1,
                             "labels": len(data["summary"])}
    first = data["sentences"][0]
    assert {lab["id"] for lab in first["labels"]} >= {"T1566", "T1566.001", "TA0001"}
    assert all(lab["kind"] in {"technique", "software", "tactic"}
               for s in data["sentences"] for lab in s["labels"])
    assert data["sentences"][3]["labels"] == [] and data["sentences"][3]["mapped"] is False
    ransom = next(s for s in data["summary"] if s["id"] == "T1486")
    assert ransom["best_score"] == 0.99 and ransom["sentences"] == [2]
    scores = [s["best_score"] for s in data["summary"]]
    assert scores == sorted(scores, reverse=True)
    assert "explicit id" in data["sentences"][2]["labels"][0]["reasons"]


def test_csv_rows(report):
    rows = list(csv.DictReader(io.StringIO(export.to_csv(report))))
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    unmapped = [r for r in rows if r["kind"] == "unmapped"]
    assert len(unmapped) == 1 and unmapped[0]["text"] == "The weather was nice that day."
    assert any(r["id"] == "T1059.003" and r["reasons"] == "retrieval" for r in rows)


def test_navigator_layer_loads_back_with_navlayers(report, tmp_path):
    from mitreattack.navlayers import Layer

    text = export.to_navigator(report)
    path = tmp_path / "layer.json"
    export.write_atomic(path, text)
    raw = path.read_bytes()
    assert not raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-8, not navlayers' UTF-16
    layer = Layer()
    layer.from_file(str(path))  # navlayers' own loader accepts it
    data = layer.to_dict()
    techniques = {t["techniqueID"]: t for t in data["techniques"]}
    assert techniques["T1486"]["score"] == 99
    assert "encrypted the files" in techniques["T1486"]["comment"]
    assert techniques["T1566"]["showSubtechniques"] is True  # parent of T1566.001
    assert techniques["T1059"]["showSubtechniques"] is True  # parent only via T1059.003
    assert "TA0001" not in techniques and "S0266" not in techniques
    assert data["domain"] == "enterprise-attack"


def test_html_highlights_and_matrix(report):
    page = to_html(report)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert 'class="s mapped"' in page and 'class="s unmapped"' in page
    assert "T1566.001" in page and 'class="matrix"' in page
    matrix = matrix_html(report)
    assert "Initial Access" in matrix and "Impact" in matrix and "T1486" in matrix
    import xml.dom.minidom

    xml.dom.minidom.parseString(matrix)  # well-formed markup: every element closed


def test_matrix_colours_span_the_reports_score_range(report):
    import re

    cells = re.findall(r'data-score="([0-9.]+)" style="background:(#[0-9a-f]{6})', matrix_html(report))
    by_score = dict(cells)
    low, high = min(by_score, key=float), max(by_score, key=float)
    assert float(low) == pytest.approx(0.6) and float(high) == pytest.approx(0.99)
    assert by_score[low] == score_color(0.6, 0.6, 0.99)[0] == "#fff3b0"  # lightest end
    assert by_score[high] == "#7f0000"  # darkest end, although 0.99 < 1
    assert len(set(by_score.values())) == len(by_score)  # distinct scores, distinct colours
    assert "score 0.60" in matrix_html(report) and "0.99</div>" in matrix_html(report)  # legend


def test_score_color_edges():
    assert score_color(0.7, 0.7, 0.7) == ("#7f0000", "#fff")  # one score: darkest
    assert score_color(0.0, 0.5, 1.0)[0] == "#fff3b0"  # below the range clamps
    assert score_color(0.5, 0.5, 1.0)[1] == "#222"  # dark text on light cells


def test_navigator_gradient_spans_the_scores(report):
    layer = json.loads(export.to_navigator(report))
    scored = [t["score"] for t in layer["techniques"] if "score" in t]
    assert layer["gradient"]["minValue"] == min(scored) == 60
    assert layer["gradient"]["maxValue"] == max(scored) == 99


def test_html_escapes_report_text(tmp_path, fake_mapper):
    (tmp_path / "x.txt").write_text('The <script>alert("x")</script> used cmd.exe & co.')
    doc = read_report(tmp_path / "x.txt")
    page = to_html(export.build_report(doc, fake_mapper.map_sentences(doc.sentences),
                                       catalog=fake_mapper.catalog, model="m", threshold=0.5))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_write_atomic_never_leaves_half_files(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        export.write_atomic(target, "new content")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # temp file cleaned up
    monkeypatch.undo()
    export.write_atomic(target, "new content")
    assert target.read_text() == "new content"


def test_table_rows_mark_unmapped(report):
    rows = export.table_rows(report)
    assert rows[-1] == ("", "The weather was nice that day.", "unmapped")
    assert len(export.table_rows(report, mapped_only=True)) == 3


def test_summary_aggregates_evidence_and_filters(tmp_path, fake_mapper):
    text = ("The actors sent phishing emails to staff.\n\nA second phishing wave followed in May.\n\n"
            "Ryuk then encrypted the files (T1486).\n\nThe macro ran cmd.exe on the host.\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    doc = read_report(tmp_path / "r.txt")
    mappings = fake_mapper.map_sentences(doc.sentences)

    def summary(**kw):
        built = export.build_report(doc, mappings, catalog=fake_mapper.catalog, model="m", **kw)
        return {row.id: row for row in built.summary}, built

    rows, built = summary()
    phishing = rows["T1566"]
    assert phishing.evidence == 2 and phishing.best_score == pytest.approx(0.81)
    assert phishing.score == pytest.approx(1 - 0.19 ** 2)  # noisy-or of the two sentences
    assert [r.score for r in built.summary] == sorted((r.score for r in built.summary), reverse=True)
    data = json.loads(export.to_json(built))
    assert data["min_evidence"] == 1 and data["summary"][0]["evidence"] >= 1
    rows, _ = summary(min_evidence=2)
    assert "T1566" in rows and "T1059.003" not in rows
    assert "T1486" in rows and rows["T1486"].explicit  # a written ID is always kept
    rows, _ = summary(report_threshold=0.95)
    assert "T1566" in rows and "T1059.003" not in rows  # 0.964 aggregated vs 0.88 once
    with pytest.raises(ValueError, match="min_evidence"):
        export.build_report(doc, mappings, catalog=fake_mapper.catalog, model="m", min_evidence=0)


def test_saved_json_converts_to_every_format(report, tmp_path, fake_mapper):
    from cti_mapper.results import load_result

    path = tmp_path / "result.json"
    export.write_atomic(path, export.to_json(report))
    again = load_result(path, fake_mapper.catalog)
    assert export.to_json(again) == export.to_json(report)
    assert export.to_stix(again) == export.to_stix(report)  # same result, same ids
    assert export.to_navigator(again) == export.to_navigator(report)
    assert export.to_csv(again) == export.to_csv(report)
    assert matrix_html(again) == matrix_html(report)
    assert to_html(again).count('<p class="para">') == to_html(report).count('<p class="para">') == 4


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not JSON"),
    ('{"schema": "other/1"}', "not a cti-map result"),
    ('{"schema": "cti-map.report/1", "sentences": [{}]}', "malformed cti-map result"),
])
def test_loading_a_bad_result_is_one_line(tmp_path, fake_mapper, content, message):
    from cti_mapper.results import load_result

    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ValueError, match=message) as info:
        load_result(path, fake_mapper.catalog)
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)


def test_loading_a_result_with_labels_of_another_release(report, fake_mapper):
    from cti_mapper.results import result_from_dict

    data = export.to_dict(report)
    data["sentences"][0]["labels"][0]["id"] = "T9999"
    with pytest.raises(ValueError, match="T9999 is not in ATT&CK 18.1"):
        result_from_dict(data, fake_mapper.catalog)
