"""`cti-map REPORT` (the default `map` command) through CliRunner with a fake mapper."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from cti_helpers import MINI_ATTACK

from cti_mapper.cli import cli

TEXT = ("The actors sent spearphishing emails with a malicious attachment.\n\n"
        "The macro ran cmd.exe to start the TrickBot loader.\n\n"
        "The weather was nice that day.\n")


@pytest.fixture
def report_txt(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def run(args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def test_path_as_first_argument_runs_map(patched_mapper, report_txt):
    result = run([report_txt, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stats"]["mapped"] == 2 and data["stats"]["unmapped"] == 1
    assert data["model"] == "fake-mapper"


def test_options_before_path_and_explicit_map(patched_mapper, report_txt):
    for args in (["--format", "json", report_txt], ["map", report_txt, "-f", "json"],
                 ["-v", report_txt, "-f", "json"]):
        result = run(args)
        assert result.exit_code == 0, (args, result.output)
        assert json.loads(result.stdout)["stats"]["sentences"] == 3


def test_group_option_then_path(patched_mapper, report_txt, monkeypatch):
    result = run(["--attack-data", MINI_ATTACK, report_txt, "-f", "json"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("CTI_MAPPER_ATTACK_DATA", str(MINI_ATTACK))
    assert run([report_txt, "-f", "json"]).exit_code == 0


def test_default_format_in_a_pipe_is_json(patched_mapper, report_txt):
    assert json.loads(run([report_txt]).stdout)["schema"].startswith("cti-map.report")


def test_table_is_a_technique_summary_then_mapped_sentences(patched_mapper, report_txt):
    result = run([report_txt, "--format", "table"])
    assert result.exit_code == 0
    out = result.stdout
    summary, _, sentences = out.partition("Mapped sentences (2)")
    assert "report.txt: 2 of 3 sentences mapped" in summary and "Techniques and software" in summary
    row = next(line for line in summary.splitlines() if "T1566.001" in line)
    assert "Initial Access" in row and " 1 " in row and "0.92" in row  # tactic, evidence, best score
    assert "Tactics: " in summary
    assert "T1566.001" in sentences and "weather" not in out  # the unmapped sentence is hidden
    assert "1 unmapped sentence(s) not shown; --all" in out
    full = run([report_txt, "--format", "table", "--all"]).stdout
    assert "All sentences (3)" in full and "weather" in full and "unmapped" in full


def test_export_converts_a_saved_result_without_the_model(patched_mapper, report_txt, tmp_path, monkeypatch):
    from datetime import datetime

    import cti_mapper.export

    class FrozenClock(datetime):  # ids are minted per run (its time): the two runs below must be one second
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 29, 3, 40, tzinfo=tz)

    monkeypatch.setattr(cti_mapper.export, "datetime", FrozenClock)
    saved = tmp_path / "result.json"
    assert run([report_txt, "-o", saved]).exit_code == 0
    original = json.loads(saved.read_text(encoding="utf-8"))
    assert original["created"].startswith("2026-11-29T03:40")
    direct = tmp_path / "direct.stix.json"
    assert run([report_txt, "-f", "stix", "-o", direct]).exit_code == 0
    from cti_mapper.cli import common

    def no_model(*args, **kwargs):
        raise AssertionError("export must not load the model")

    monkeypatch.setattr(common, "load_mapper", no_model)
    again = json.loads(run(["--attack-data", MINI_ATTACK, "export", saved, "-f", "json"]).stdout)
    assert again == original  # a JSON round trip is exact
    converted = json.loads(run(["--attack-data", MINI_ATTACK, "export", saved, "-f", "stix"]).stdout)
    strip = lambda objs: sorted(o["id"] for o in objs if o["type"] != "report")  # noqa: E731
    assert strip(converted["objects"]) == strip(json.loads(direct.read_text())["objects"])
    layer = tmp_path / "layer.json"
    assert run(["--attack-data", MINI_ATTACK, "export", saved, "-o", layer, "-f", "navigator"]).exit_code == 0
    assert {t["techniqueID"] for t in json.loads(layer.read_text())["techniques"]} >= {"T1566.001", "T1059.003"}
    table = run(["--attack-data", MINI_ATTACK, "export", saved, "-f", "table"]).stdout
    assert "Techniques and software" in table and "T1566.001" in table


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "not JSON"),
    ('{"schema": "other"}', "not a cti-map result"),
    ('{"schema": "cti-map.report/1", "sentences": [{"text": "x"}]}', "malformed cti-map result"),
])
def test_export_refuses_what_is_not_a_result_in_one_line(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = run(["--attack-data", MINI_ATTACK, "export", bad, "-f", "csv"])
    assert result.exit_code == 1 and message in result.output and result.output.count("\n") == 1


def test_export_names_a_label_the_catalog_lacks(patched_mapper, report_txt, tmp_path):
    saved = tmp_path / "result.json"
    assert run([report_txt, "-o", saved]).exit_code == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["sentences"][0]["labels"][0]["id"] = "T9999"
    saved.write_text(json.dumps(data), encoding="utf-8")
    result = run(["--attack-data", MINI_ATTACK, "export", saved, "-f", "stix"])
    assert result.exit_code == 1 and "T9999 is not in ATT&CK 18.1" in result.output


@pytest.mark.parametrize(("fmt", "check"), [
    ("csv", lambda text: text.startswith("sentence,page,start")),
    ("html", lambda text: "Techniques by tactic" in text and "T1566.001" in text),
    ("navigator", lambda text: json.loads(text)["domain"] == "enterprise-attack"),
    ("stix", lambda text: json.loads(text)["type"] == "bundle"),
])
def test_formats_to_file(patched_mapper, report_txt, tmp_path, fmt, check):
    out = tmp_path / f"out.{fmt}"
    result = run([report_txt, "--format", fmt, "-o", out])
    assert result.exit_code == 0, result.output
    assert check(out.read_text(encoding="utf-8"))
    assert result.stdout == ""  # the file, not stdout, gets the output


def test_format_guessed_from_output_suffix(patched_mapper, report_txt, tmp_path):
    assert run([report_txt, "-o", tmp_path / "x.csv"]).exit_code == 0
    assert (tmp_path / "x.csv").read_text().startswith("sentence,")
    result = run([report_txt, "-o", tmp_path / "x.weird"])
    assert result.exit_code == 2 and "pass --format" in result.output


def test_kinds_filter(patched_mapper, report_txt):
    data = json.loads(run([report_txt, "-f", "json", "--kinds", "software"]).stdout)
    assert {lab["kind"] for s in data["sentences"] for lab in s["labels"]} == {"software"}
    result = run([report_txt, "--kinds", "group"])
    assert result.exit_code == 2 and "choose from" in result.output


def test_one_per_line(patched_mapper, tmp_path):
    (tmp_path / "lines.txt").write_text("phishing email sent\nran cmd.exe\n")
    data = json.loads(run([tmp_path / "lines.txt", "--one-per-line", "-f", "json"]).stdout)
    assert [s["text"] for s in data["sentences"]] == ["phishing email sent", "ran cmd.exe"]


def test_nothing_mapped_exits_1_but_writes_output(patched_mapper, tmp_path):
    (tmp_path / "calm.txt").write_text("The weather was nice that day.")
    out = tmp_path / "calm.json"
    result = run([tmp_path / "calm.txt", "-o", out])
    assert result.exit_code == 1
    assert "nothing mapped" in result.stderr
    assert json.loads(out.read_text())["stats"]["mapped"] == 0


def test_missing_file_and_unknown_command(patched_mapper):
    result = run(["nope.pdf"])
    assert result.exit_code == 2 and "does not exist" in result.output
    result = run(["evalute"])
    assert result.exit_code == 2 and "No such command" in result.output


@pytest.mark.parametrize(("name", "content", "message"), [
    ("fake.pdf", b"hello, not a pdf", "not a PDF"),
    ("empty.txt", b"", "empty"),
    ("blob.txt", bytes(range(256)) * 8, "binary"),
    ("cut.pdf", b"%PDF-1.7\n1 0 obj <<", "truncated"),
])
def test_bad_reports_give_one_line(patched_mapper, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    result = run([tmp_path / name])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 1


def test_output_folder_missing_is_one_line(patched_mapper, report_txt, tmp_path):
    result = run([report_txt, "-f", "json", "-o", tmp_path / "no" / "such" / "dir.json"])
    assert result.exit_code == 1 and "cannot write" in result.output


def test_model_errors_are_one_line(monkeypatch, report_txt, tmp_path):
    import click

    from cti_mapper.cli import common

    def failing(*args, **kwargs):
        raise click.ClickException("cannot load model: not a cross-encoder")

    monkeypatch.setattr(common, "load_mapper", failing)
    result = run([report_txt])
    assert result.exit_code == 1 and "cannot load model" in result.output
