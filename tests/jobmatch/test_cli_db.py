"""`jobmatch db path|info|reset`, --db as a file, the postgres hint, and the options both CLIs share."""

from __future__ import annotations

import json
import sys

import click
import pytest
from click.testing import CliRunner
from jm_helpers import write_csv

from jobmatch.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, input=input)


def test_db_path_names_the_default_file_without_creating_it(monkeypatch, tmp_path):
    monkeypatch.delenv("JOBMATCH_DB", raising=False)
    monkeypatch.setenv("JOBMATCH_HOME", str(tmp_path / "home"))
    result = run("db", "path")
    assert result.exit_code == 0 and result.output.strip() == str(tmp_path / "home" / "jobmatch.db")
    assert not (tmp_path / "home" / "jobmatch.db").exists()
    assert run("--db", tmp_path / "q.db", "db", "path").output.strip() == str(tmp_path / "q.db")
    shown = run("--db", "postgresql://ann:hunter2@db.example/jobs", "db", "path").output
    assert "hunter2" not in shown and "db.example/jobs" in shown


def test_db_file_info_and_reset_with_confirmation(cli_env, monkeypatch, tmp_path):
    monkeypatch.delenv("JOBMATCH_DB")
    db = tmp_path / "quickstart.db"
    people = tmp_path / "people.csv"
    write_csv(people, 3)
    assert run("--db", db, "import", people).exit_code == 0
    info = json.loads(run("--db", db, "db", "info", "-f", "json").output)
    assert info["path"] == str(db) and info["candidates"] == 3 and info["runs"] == 0
    # Never silently: no answer and "n" both leave the pool as it was.
    for answer in (None, "n\n"):
        result = run("--db", db, "db", "reset", input=answer)
        assert result.exit_code == 1 and "Delete 3 candidate(s)" in result.output
        assert json.loads(run("--db", db, "db", "info", "-f", "json").output)["candidates"] == 3
    result = run("--db", db, "db", "reset", input="y\n")
    assert result.exit_code == 0 and f"Reset {db}: removed 3 candidate(s)" in result.output
    assert json.loads(run("--db", db, "list", "-f", "json").output) == []
    assert run("--db", db, "import", people).exit_code == 0  # the schema stays: usable at once
    assert run("--db", db, "db", "reset", "--yes").exit_code == 0
    assert "candidates  0" in run("--db", db, "db", "info", "-f", "table").output


def test_postgres_without_psycopg_says_what_to_install(cli_env, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    result = run("--db", "postgresql://ann@localhost/jobs", "list")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: PostgreSQL needs the psycopg driver: pip install 'crossrank[postgres]'"


def test_output_file_and_json_in_a_pipe(cli_env, tmp_path):
    people = tmp_path / "people.csv"
    write_csv(people, 2)
    assert run("import", people).exit_code == 0
    piped = run("list")  # CliRunner's stdout is not a terminal: JSON, not an 80-column table
    assert len(json.loads(piped.output)) == 2
    out = tmp_path / "list.json"
    result = run("list", "-o", out)
    assert result.exit_code == 0 and result.stdout == "" and len(json.loads(out.read_text())) == 2
    assert run("list", "-o", tmp_path / "list.txt").exit_code == 0
    assert "of 2 candidates" in (tmp_path / "list.txt").read_text()  # .txt: the table, 160 columns wide


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("app", ["jobmatch", "cti-map"])
def test_both_clis_agree_on_help_and_shared_options(app):
    from cti_mapper.cli import cli as cti_cli

    group = cli if app == "jobmatch" else cti_cli
    for path, command in [((), group), *_commands(group)]:
        result = CliRunner().invoke(group, [*path, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output, (app, path)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help, f"{app} {' '.join(path)} {param.opts[0]} has no help"
                if "-f" in param.opts or "-o" in param.opts:
                    assert param.opts in (["-f", "--format"], ["-o", "--output"]), (app, path, param.opts)
    for command in ("rank", "evaluate") if app == "jobmatch" else ("map", "evaluate", "serve"):
        assert any("--model" in p.opts for p in group.commands[command].params), (app, command)


def test_cli_constants_match_the_library():
    from jobmatch.cli.rank import DEFAULT_RETRIEVE_K
    from jobmatch.matching import DEFAULT_RETRIEVE_K as LIBRARY_RETRIEVE_K

    assert DEFAULT_RETRIEVE_K == LIBRARY_RETRIEVE_K
