"""`cti-map` subcommands: help everywhere, `evaluate`, `attack info`, `train` wiring."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner
from cti_helpers import MINI_ATTACK, release_bundle

from cti_mapper.cli import cli
from cti_mapper.cli.common import FORMATS


def run(args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example():
    paths = [(), *_commands(cli)]
    assert ("map",) in paths and ("attack", "update") in paths and ("evaluate",) in paths
    for path in paths:
        result = run([*path, "--help"])
        assert result.exit_code == 0, path
        assert "Usage:" in result.output
        assert "Example:" in result.output, f"{' '.join(path)} --help has no example"


def test_cli_constants_match_the_library():
    from cti_mapper import export
    from cti_mapper.attack import LABEL_KINDS
    from cti_mapper.cli.common import LABEL_KINDS as CLI_KINDS

    assert FORMATS == export.FORMATS
    assert CLI_KINDS == LABEL_KINDS


def test_no_arguments_shows_usage():
    result = CliRunner().invoke(cli, [])
    assert "Usage:" in result.output and "map" in result.output


def test_attack_info(monkeypatch):
    result = run(["--attack-data", MINI_ATTACK, "attack", "info", "--format", "json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["version"] == "18.1" and info["counts"]["technique"] == 5
    text = run(["--attack-data", MINI_ATTACK, "attack", "info", "-f", "table"]).stdout
    assert "ATT&CK 18.1" in text and "sub-technique" in text


def test_attack_info_rejects_a_non_attack_file(tmp_path):
    bad = tmp_path / "bundle.json"
    bad.write_text(json.dumps({"type": "bundle", "objects": []}))
    result = run(["--attack-data", bad, "attack", "info"])
    assert result.exit_code == 1 and "not an ATT&CK bundle" in result.output


def _write_eval(tmp_path):
    rows = [{"text": "They sent a phishing email.", "labels": ["T1566"]},
            {"text": "TrickBot encrypts files.", "labels": ["T1486", "S0266"]}]
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


def test_evaluate_json_and_table(patched_mapper, tmp_path):
    path = _write_eval(tmp_path)
    result = run(["evaluate", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert set(metrics) == {"p@1", "r@5", "mrr@10", "ndcg@10", "map", "queries"}
    assert metrics["p@1"] == 1.0
    table = run(["evaluate", path, "-f", "table"]).stdout
    assert "ndcg@10" in table and "queries    2" in table
    kinds = json.loads(run(["evaluate", path, "--kinds", "technique", "-f", "json"]).stdout)
    assert kinds["queries"] == 2


def test_evaluate_bad_file_is_one_line(patched_mapper, tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"text": "x"}\n')
    result = run(["evaluate", tmp_path / "bad.jsonl"])
    assert result.exit_code == 1 and "bad.jsonl:1:" in result.output
    assert result.output.count("\n") == 1


def test_train_passes_options_to_the_library(monkeypatch, tmp_path):
    import dataclasses

    from cti_mapper import training

    calls = {}

    @dataclasses.dataclass
    class Result:
        path: Path
        metrics: dict

    def fake_train(output, **kwargs):
        calls.update(kwargs, output=output)
        return Result(Path(output), {"val_map": 0.9, "threshold": 0.5})

    monkeypatch.setattr(training, "train_reranker", fake_train)
    result = run(["--attack-data", MINI_ATTACK, "train", "-o", tmp_path / "m", "--max-steps",
                  "2", "--epochs", "1", "--queries", "20", "--no-bf16"])
    assert result.exit_code == 0, result.output
    assert calls["max_steps"] == 2 and calls["epochs"] == 1 and calls["bf16"] is False
    assert calls["attack_data"] == MINI_ATTACK and calls["n_train_queries"] == 20
    assert "val_map: 0.9000" in result.output


def test_attack_update_from_file_pins_it(monkeypatch, tmp_path):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CTI_MAPPER_ATTACK_DATA", raising=False)
    result = run(["attack", "update", "--from", release_bundle(tmp_path / "b.json", base=MINI_ATTACK)])
    assert result.exit_code == 0, result.output
    assert "pinned ATT&CK enterprise-attack 18.1" in result.output
    info = json.loads(run(["attack", "info", "-f", "json"]).stdout)
    assert str(tmp_path / "home") in info["source"]  # the pin replaced the shipped enterprise
    assert "enterprise-attack" in info["pinned"]


def test_attack_update_rejects_a_bad_file_and_keeps_the_catalog(monkeypatch, tmp_path):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path / "home"))
    bundle = release_bundle(tmp_path / "b.json", base=MINI_ATTACK)
    assert run(["attack", "update", "--from", bundle]).exit_code == 0
    bad = tmp_path / "not-attack.json"
    bad.write_text('{"type": "bundle", "objects": [{"type": "identity"}]}')
    result = run(["attack", "update", "--from", bad])
    assert result.exit_code == 1 and "not an ATT&CK bundle" in result.output
    assert result.output.count("\n") == 1
    info = json.loads(run(["attack", "info", "-f", "json"]).stdout)
    assert info["pinned"]["enterprise-attack"]["source"] == str(bundle)
