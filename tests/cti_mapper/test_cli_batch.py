"""`cti-map batch`: exit status, messages, resume, and option checks (tiny models, in-process)."""

from __future__ import annotations

import importlib
import json

import pytest
from click.testing import CliRunner

from cti_mapper.cli import cli
from tests.cti_mapper.batch_helpers import TRICKBOT, TinyMapperFactory


@pytest.fixture
def tiny_factory(monkeypatch, tmp_path, tiny_reranker_path, tiny_embedder_path):
    """Make the command load the tiny models instead of the shipped ones."""
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path / "home"))
    factory = TinyMapperFactory(str(tiny_reranker_path), str(tiny_embedder_path))
    monkeypatch.setattr("cti_mapper.cli.batch_reports._mapper_factory",
                        lambda state, model, backend, threshold: factory)
    return factory


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    text = TRICKBOT.read_text(encoding="utf-8").splitlines()
    (folder / "a.txt").write_text("\n".join(text[:12]) + "\n", encoding="utf-8")
    (folder / "b.md").write_text("# B\n\n" + "\n\n".join(text[12:24]) + "\n", encoding="utf-8")
    return folder


def test_batch_maps_a_folder_then_skips_it(tiny_factory, reports, tmp_path):
    out = tmp_path / "results"
    result = CliRunner().invoke(cli, ["batch", str(reports), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 mapped, 0 already done, 0 failed" in result.output
    assert len(list(out.glob("*.json"))) == 2
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["path"], r["status"]) for r in rows] == [("a.txt", "done"), ("b.md", "done")]
    again = CliRunner().invoke(cli, ["batch", str(reports), "-o", str(out)], catch_exceptions=False)
    assert again.exit_code == 0 and "0 mapped, 2 already done, 0 failed" in again.output


def test_batch_lists_a_bad_report_and_exits_1(tiny_factory, reports, tmp_path):
    (reports / "scan.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    (reports / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["batch", str(reports), "-o", str(tmp_path / "out")],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert "2 mapped, 0 already done, 2 failed" in result.output
    assert "error: empty.txt: the file is empty" in result.output
    assert "Traceback" not in result.output


def test_batch_option_errors(tiny_factory, reports, tmp_path):
    runner = CliRunner()
    workers = runner.invoke(cli, ["batch", str(reports), "-o", str(tmp_path / "o"), "--workers", "2"])
    assert workers.exit_code == 2 and "--workers applies to --ray runs" in workers.output
    missing = runner.invoke(cli, ["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert runner.invoke(cli, ["batch", "--help"]).exit_code == 0


def test_batch_spec_carries_the_cli_options(tmp_path):
    from cti_mapper.cli.common import CliState

    cli_batch = importlib.import_module("cti_mapper.cli.batch_reports")
    spec = cli_batch._mapper_factory(CliState(attack_data=tmp_path), tmp_path / "model", "torch", 0.7)
    assert (spec.attack_data, spec.model_path, spec.backend, spec.threshold) == (
        str(tmp_path), str(tmp_path / "model"), "torch", 0.7)
