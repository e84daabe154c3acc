"""`cti-map` report-level options: --min-evidence/--report-threshold, document evaluation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cti_mapper.cli import cli

TEXT = ("The actors sent phishing emails to staff.\n\nA second phishing wave followed in May.\n\n"
        "The macro ran cmd.exe on the host.\n")


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def report_txt(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_min_evidence_filters_the_summary(patched_mapper, report_txt):
    every = json.loads(run([report_txt, "-f", "json", "--min-evidence", "1"]).stdout)
    assert {"T1566", "T1059.003"} <= {s["id"] for s in every["summary"]}
    two = json.loads(run([report_txt, "-f", "json", "--min-evidence", "2"]).stdout)
    assert {s["id"] for s in two["summary"]} >= {"T1566"} and "T1059.003" not in {s["id"] for s in two["summary"]}
    assert two["min_evidence"] == 2
    cut = json.loads(run([report_txt, "-f", "json", "--min-evidence", "1", "--report-threshold", "0.95"]).stdout)
    assert "T1059.003" not in {s["id"] for s in cut["summary"]}
    assert run([report_txt, "--min-evidence", "0"]).exit_code == 2


def test_evaluate_documents(patched_mapper, tmp_path):
    data = tmp_path / "docs.jsonl"
    rows = [{"text": TEXT, "labels": ["T1566", "T1486"]},
            {"text": "Ryuk encrypted the files on every host in the network.\n", "labels": ["T1486"]}]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run(["evaluate", data, "--documents", "--min-evidence", "1", "-f", "json"])
    assert result.exit_code == 0, result.output
    m = json.loads(result.stdout)
    # predicted: doc 1 {T1566, T1059.003} (gold T1566, T1486), doc 2 {T1486}
    assert m["doc_precision"] == pytest.approx(2 / 3) and m["doc_recall"] == pytest.approx(2 / 3)
    assert m["per_doc_f1"] == pytest.approx((0.5 + 1.0) / 2) and m["documents"] == 2


@pytest.mark.parametrize("args, message", [
    (["evaluate"], "give exactly one of DATA, --annoctr DIR or --feedback DB"),
    (["evaluate", "--annoctr", ".", "--split", "test", "--calibrate"], "never tune on test"),
])
def test_evaluate_usage_errors(args, message):
    result = run(args)
    assert result.exit_code == 2 and message in result.output
