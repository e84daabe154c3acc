"""Bad input: one clear line, a non-zero exit, and the database unchanged."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner
from jm_helpers import snapshot, write_csv

from jobmatch.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, input=input)


@pytest.fixture
def seeded(cli_env, tmp_path):
    people = tmp_path / "seed.csv"
    write_csv(people, 3)
    assert run("import", str(people)).exit_code == 0
    return cli_env


def assert_one_line_failure(result, needle):
    assert result.exit_code != 0
    assert needle in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"\x00\x01\x02binary\x00" * 20, "binary"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "not UTF-8"),
        (b"Hi", "too short"),
    ],
)
def test_bad_job_files(seeded, tmp_path, content, needle):
    before = snapshot(seeded)
    job = tmp_path / "job.txt"
    job.write_bytes(content)
    assert_one_line_failure(run("rank", "--job", str(job)), needle)
    assert snapshot(seeded) == before


def test_missing_job_file(seeded):
    assert_one_line_failure(run("rank", "--job", "/nonexistent/job.txt"), "not found")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("email,skills\na@b.co,Python\n", "missing column 'name'"),
        ("name,skills,salary\nAl,Python,100\n", "unexpected column(s) salary"),
        ("name,email\nAl,al@b.co\n", "needs a 'skills'"),
        ("name,skills\nAl,Python\n,Java\n", "the name is empty"),
        ("name,email,skills\nAl,al@b.co,Python\nAlan,AL@b.co,Java\n", "duplicate candidate"),
        ("name,skills,years\nAl,Python,lots\n", "not a number"),
        ("name,skills\n", "no candidates"),
    ],
)
def test_bad_csv_changes_nothing(seeded, tmp_path, text, needle):
    before = snapshot(seeded)
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    assert_one_line_failure(run("import", str(path)), needle)
    assert snapshot(seeded) == before


def test_cp1252_csv_is_read(cli_env, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("name,skills\nJosé Núñez,Python\n".encode("cp1252"))
    assert run("import", str(path)).exit_code == 0
    assert snapshot(cli_env)[0][2] == "José Núñez"


def test_not_a_database(cli_env, tmp_path, monkeypatch):
    path = tmp_path / "text.db"
    path.write_text("just some notes\n" * 100)
    before = path.read_bytes()
    monkeypatch.setenv("JOBMATCH_DB", f"sqlite:///{path}")
    assert_one_line_failure(run("list"), "not a jobmatch database")
    assert path.read_bytes() == before


def test_newer_schema(seeded):
    path = seeded.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE jobmatch_schema SET version = 99")
    assert_one_line_failure(run("list"), "newer than this jobmatch")


def test_locked_database(seeded, tmp_path):
    before = snapshot(seeded)
    path = seeded.removeprefix("sqlite:///")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import sqlite3, sys, time
        conn = sqlite3.connect({path!r}, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        time.sleep(30)
    """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        people = tmp_path / "more.csv"
        write_csv(people, 2, start=10)
        assert_one_line_failure(run("import", str(people)), "locked by another process")
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(seeded) == before


def test_kill_9_mid_import_leaves_db_as_before(seeded, tmp_path, tiny_embedder_path):
    before = snapshot(seeded)
    path = seeded.removeprefix("sqlite:///")
    people = tmp_path / "big.csv"
    write_csv(people, 600, start=100)
    marker = tmp_path / "halfway"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from sqlalchemy.orm import Session
        import core
        from jobmatch.db import init_db, make_engine
        from jobmatch.importing import import_candidates, read_candidates

        def progress(phase, done, total):
            if phase == "store" and done >= 200:   # rows flushed, transaction still open
                Path({str(marker)!r}).write_text("x")
                time.sleep(60)

        engine = make_engine("sqlite:///{path}")
        init_db(engine)
        embedder = core.load_embedder({str(tiny_embedder_path)!r})
        with Session(engine) as session, session.begin():
            import_candidates(session, read_candidates({str(people)!r}), embedder=embedder,
                              on_progress=progress, batch_size=100)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "HF_HUB_OFFLINE": "1"})
    try:
        deadline = time.time() + 120
        while not marker.exists():
            assert proc.poll() is None, "import finished or crashed before the kill"
            assert time.time() < deadline
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(seeded) == before
    assert run("list", "--format", "json").exit_code == 0
