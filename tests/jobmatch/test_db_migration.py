"""Schema upgrades: a database of the previous version (a frozen dump) opens in this one with nothing lost."""

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobmatch.cli import cli
from jobmatch.db import SCHEMA_VERSION, DatabaseError, init_db, make_engine, sqlite_url

V2_DUMP = Path(__file__).parent / "data" / "jobmatch_v2.sql"  # made by jobmatch at schema version 2
TABLES = ("candidates", "jobs", "ranking_runs", "ranking_results")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def v2_file(tmp_path, monkeypatch):
    """A version-2 SQLite file with 3 candidates, 2 jobs and 2 runs, which the CLI uses."""
    path = tmp_path / "v2.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(V2_DUMP.read_text(encoding="utf-8"))
        connection.execute("PRAGMA journal_mode=WAL")  # as jobmatch leaves its files
    monkeypatch.setenv("JOBMATCH_DB", str(path))
    monkeypatch.setenv("JOBMATCH_HOME", str(tmp_path / "home"))
    return path


def rows(path) -> dict[str, list[dict]]:
    """Every stored row of every table, read with sqlite3 (not the ORM), column by column."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        tables = {}
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (our own names)
            names = [d[0] for d in cursor.description]
            tables[table] = [dict(zip(names, row, strict=True)) for row in cursor]
        tables["version"] = connection.execute("SELECT version FROM jobmatch_schema").fetchall()
    return tables


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_the_frozen_dump_is_the_previous_version():
    assert SCHEMA_VERSION == 3  # a new version: freeze a dump of this one and add its upgrade test


def test_a_version_2_database_is_migrated_with_every_row_intact(v2_file):
    before = rows(v2_file)
    assert [len(before[t]) for t in TABLES] == [3, 2, 2, 4] and before["version"] == [(2,)]
    engine = make_engine(sqlite_url(v2_file))
    assert init_db(engine) == SCHEMA_VERSION
    assert init_db(engine) == SCHEMA_VERSION  # idempotent
    engine.dispose()
    after = rows(v2_file)
    assert after["version"] == [(SCHEMA_VERSION,)]
    assert after["ranking_runs"] == [run | {"requirements": None} for run in before["ranking_runs"]]
    for table in ("candidates", "jobs", "ranking_results"):
        assert after[table] == before[table], table


def test_old_runs_show_not_recorded_after_the_upgrade(v2_file):
    listed = run("runs", "-f", "json")
    assert listed.exit_code == 0, listed.output
    assert [(r["id"], r["results"], r["requirements_from"]) for r in json.loads(listed.stdout)] == [
        (2, 2, None), (1, 2, None)]
    assert "not recorded" in run("runs", "-f", "table").output
    shown = json.loads(run("runs", "2", "-f", "json").stdout)
    assert shown["requirements"] is None
    assert [(r["name"], r["candidate_id"]) for r in shown["results"]] == [("Bo Lind", 2), ("Dee Removed", None)]
    table = run("runs", "1", "-f", "table").output
    assert "Requirements: not recorded" in table and "1. #1 Ann Ito  0.91" in table
    assert rows(v2_file)["version"] == [(SCHEMA_VERSION,)]


def test_a_read_only_version_2_file_is_read_as_it_is(v2_file):
    v2_file.chmod(0o444)
    before = digest(v2_file)
    try:
        engine = make_engine(sqlite_url(v2_file))
        assert init_db(engine) == 2  # not migrated: read as it is
        engine.dispose()
        listed = run("runs", "-f", "json")
        assert listed.exit_code == 0, listed.output
        assert [(r["id"], r["requirements_from"]) for r in json.loads(listed.stdout)] == [(2, None), (1, None)]
        shown = run("runs", "1", "-f", "table")
        assert shown.exit_code == 0 and "Requirements: not recorded" in shown.output and "Cy Park" in shown.output
        assert json.loads(run("runs", "2", "-f", "json").stdout)["requirements"] is None
        assert len(json.loads(run("list", "-f", "json").stdout)) == 3
        for args in (("remove", "1"), ("db", "reset", "--yes")):  # writes: one line, nothing changed
            refused = run(*args)
            assert refused.exit_code == 1 and "is read-only here (schema version 2" in refused.output
            assert len(refused.output.strip().splitlines()) == 1
    finally:
        v2_file.chmod(0o644)
    assert digest(v2_file) == before
    assert rows(v2_file)["version"] == [(2,)]


def test_an_upgrade_stopped_after_adding_the_column_is_finished(v2_file):
    # Python's sqlite3 commits DDL at once: a process killed before writing the version leaves this.
    with closing(sqlite3.connect(v2_file)) as connection, connection:
        connection.execute("ALTER TABLE ranking_runs ADD COLUMN requirements JSON")
    engine = make_engine(sqlite_url(v2_file))
    assert init_db(engine) == SCHEMA_VERSION
    engine.dispose()
    assert rows(v2_file)["version"] == [(SCHEMA_VERSION,)]
    assert json.loads(run("runs", "1", "-f", "json").stdout)["requirements"] is None


@pytest.mark.parametrize("read_only", [False, True])
def test_a_newer_version_is_refused_in_one_line(v2_file, read_only):
    with closing(sqlite3.connect(v2_file)) as connection, connection:
        connection.execute("UPDATE jobmatch_schema SET version = ?", (SCHEMA_VERSION + 1,))
    before = digest(v2_file)
    if read_only:
        v2_file.chmod(0o444)
    try:
        with pytest.raises(DatabaseError, match="newer than this jobmatch understands"):
            init_db(make_engine(sqlite_url(v2_file)))
        result = run("runs")
    finally:
        v2_file.chmod(0o644)
    assert result.exit_code == 1 and "newer than this jobmatch" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert digest(v2_file) == before
