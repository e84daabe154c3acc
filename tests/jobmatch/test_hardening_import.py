"""Hardening of jobmatch input and storage: one-line errors, stored data unchanged, no injection."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import time
import zlib

import pytest
from click.testing import CliRunner
from jm_helpers import count, snapshot, write_csv

from jobmatch import importing
from jobmatch.cli import cli
from jobmatch.cli.output import csv_safe
from jobmatch.db import DatabaseError, _safe, make_engine

JOB = ("Senior Backend Developer\nWe need a senior backend developer with Python, Django and "
       "Postgres experience to build APIs.\n")


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, input=input)


def assert_one_line_failure(result, needle):
    assert result.exit_code == 1, result.output
    assert needle in result.output, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


@pytest.fixture
def seeded(cli_env, tmp_path):
    people = tmp_path / "seed.csv"
    write_csv(people, 3)
    assert run("import", people).exit_code == 0
    return cli_env


def _digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _db_file(db_url: str) -> str:
    return db_url.split(":///", 1)[1]


# --- JSONL value types, years, binary text --------------------------------------------------
@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ({"name": 123, "skills": {"a": 1}, "years": [1, 2]}, "skills is an object"),
        ({"name": "0", "role": [""]}, "role is a list"),
        ({"name": "Ann", "summary": [""]}, "summary is a list"),
        ({"name": "Ann", "skills": "Python", "years": [1, 2]}, "years is a list"),
        ({"name": "Ann", "skills": "Python", "years": True}, "years is true/false"),
        ({"name": {"first": "Ann"}, "skills": "Python"}, "name is an object"),
        ({"name": "Ann", "skills": [["Python"]]}, "skills must be a list of words"),
        ({"name": "Ann", "skills": "Python", "years": "nan"}, "not between 0 and 70"),
        ({"name": "Ann", "skills": "Python", "years": "inf"}, "not between 0 and 70"),
        ({"name": "Ann", "skills": "Python", "years": -5}, "not between 0 and 70"),
        ({"name": "Ann", "skills": "Python", "years": 1e308 * 10}, "not between 0 and 70"),
    ],
)
def test_bad_jsonl_values(seeded, tmp_path, row, needle):
    before = snapshot(seeded)
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(row) + "\n")
    assert_one_line_failure(run("import", path), needle)
    assert snapshot(seeded) == before


def test_numbers_and_skill_lists_are_accepted(cli_env, tmp_path):
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps({"name": 123, "skills": ["Python", 3], "years": 4}) + "\n")
    assert run("import", path).exit_code == 0
    assert snapshot(cli_env)[0][2] == "123"


@pytest.mark.parametrize("years", ["nan", "inf", "-5"])
def test_bad_years_on_the_command_line(seeded, years):
    before = snapshot(seeded)
    result = run("add", "--name", "Ann", "--skills", "Python", "--years", years)
    assert_one_line_failure(result, "not between 0 and 70")
    assert snapshot(seeded) == before


def test_high_byte_binary_resume_is_refused(seeded, tmp_path):
    before = snapshot(seeded)
    path = tmp_path / "resume.txt"
    path.write_bytes(bytes(range(0xA0, 0x100)) * 40)  # decodes as Windows-1252, but is junk
    assert_one_line_failure(run("import", path), "looks like a binary file")
    assert snapshot(seeded) == before


def test_windows_1252_resume_still_imports(cli_env, tmp_path):
    path = tmp_path / "resume.txt"
    path.write_bytes("René Müller\nBackend developer: Python, Django, Postgres.\n".encode("cp1252"))
    assert run("import", path).exit_code == 0
    assert snapshot(cli_env)[0][2] == "René Müller"


# --- PDF résumés ----------------------------------------------------------------------------
def _pdf(path, payload: bytes):
    stream = zlib.compress(payload, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def test_pdf_bomb_resume_is_one_line(seeded, tmp_path):
    before = snapshot(seeded)
    bomb = _pdf(tmp_path / "bomb.pdf", b" " * (80 * 2**20))  # pypdf stops at 75 MB
    assert bomb.stat().st_size < 200_000
    started = time.perf_counter()
    result = run("import", bomb)
    assert_one_line_failure(result, "decompression bomb")
    assert time.perf_counter() - started < 10
    assert snapshot(seeded) == before


def test_pdf_resume_prints_no_pypdf_noise(cli_env, tmp_path):
    pdf = _pdf(tmp_path / "cv.pdf", b"BT /F1 12 Tf 72 720 Td (Ann Lee) Tj 0 -20 Td (Python developer) Tj ET")
    result = run("import", pdf)
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1


# --- concurrent imports ---------------------------------------------------------------------
def test_concurrent_import_of_the_same_file_skips_instead_of_failing(cli_env, tmp_path, tiny_embedder_path):
    import core

    people = tmp_path / "people.csv"
    write_csv(people, 3)
    records = importing.read_candidates(people)
    embedder = core.load_embedder(tiny_embedder_path)
    engine = make_engine(cli_env)
    from jobmatch.db import init_db

    init_db(engine)

    class RacingEmbedder:
        """Another process imports the same file while this one is embedding."""

        name = embedder.name
        raced = False

        def encode(self, texts, **kwargs):
            if not self.raced:
                self.raced = True
                assert run("import", people).exit_code == 0
            return embedder.encode(texts, **kwargs)

    result = importing.store_candidates(engine, records, embedder=RacingEmbedder())
    assert result.added == 0 and result.skipped == 3
    assert count(cli_env) == 3
    engine.dispose()


# --- CSV formula injection ------------------------------------------------------------------
@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_safe_defuses_formulas(value):
    assert csv_safe(value) == "'" + value
    assert csv_safe("Ann Lee") == "Ann Lee"


def test_csv_export_escapes_a_formula_name(cli_env, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text('name,skills,summary\n"=HYPERLINK(""http://evil"",""x"")",Python,Backend dev\n')
    assert run("import", people).exit_code == 0
    job = tmp_path / "job.txt"
    job.write_text(JOB)
    result = run("rank", "--job", job, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][2] == "'=HYPERLINK(\"http://evil\",\"x\")"


# --- database: read-only, damaged schema, secrets -------------------------------------------
def test_read_only_database_lists_and_ranks(seeded, tmp_path):
    path = _db_file(seeded)
    digest = _digest(path)
    os.chmod(path, 0o444)
    try:
        result = run("list", "--format", "json")
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == 3
        job = tmp_path / "job.txt"
        job.write_text(JOB)
        result = run("rank", "--job", job, "--format", "json")
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)["results"]) == 3
        people = tmp_path / "more.csv"
        write_csv(people, 2, start=10)
        assert_one_line_failure(run("import", people), "read-only")
    finally:
        os.chmod(path, 0o644)
    assert _digest(path) == digest


@pytest.mark.parametrize(
    ("sql", "needle"),
    [
        ("UPDATE jobmatch_schema SET version = 'one'", "damaged schema version 'one'"),
        ("UPDATE jobmatch_schema SET version = -1", "damaged schema version -1"),
        ("DELETE FROM jobmatch_schema", "0 version rows"),
        ("INSERT INTO jobmatch_schema (id, version) VALUES (2, 1)", "2 version rows"),
        ("DROP TABLE jobmatch_schema", "without a schema version"),
        ("UPDATE jobmatch_schema SET version = 99", "newer than this jobmatch"),
    ],
)
def test_damaged_schema_is_refused_not_repaired(seeded, sql, needle):
    path = _db_file(seeded)
    with sqlite3.connect(path) as connection:
        connection.execute(sql)
    connection.close()
    digest = _digest(path)
    assert_one_line_failure(run("list"), needle)
    assert _digest(path) == digest


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://ann@127.0.0.1:1/jobs?password=hunter2",
        "postgresql+psycopg://ann:hunter2@127.0.0.1:1/jobs",
        "nosuchdialect://ann@host/db?sslmode=x&password=hunter2",
    ],
)
def test_database_password_is_never_printed(monkeypatch, cli_env, url):
    monkeypatch.setenv("JOBMATCH_DB", url)
    result = run("list")
    assert result.exit_code == 1
    assert "hunter2" not in result.output and len(result.output.strip().splitlines()) == 1


def test_safe_redacts_query_and_userinfo_passwords():
    assert "s3cret" not in _safe("postgresql://u:s3cret@h/db")
    assert "s3cret" not in _safe("postgresql://u@h/db?sslmode=require&password=s3cret&x=1")
    with pytest.raises(DatabaseError) as caught:
        make_engine("bad url ?password=s3cret")
    assert "s3cret" not in str(caught.value)


# --- corrupt model weights ------------------------------------------------------------------
@pytest.fixture(params=["truncated", "random"])
def corrupt_model(request, tmp_path, tiny_reranker_path):
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(tiny_reranker_path, folder)
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2] if request.param == "truncated" else os.urandom(4096))
    return folder


@pytest.mark.parametrize("option", ["--model", "--embedder"])
def test_corrupt_safetensors_is_one_line(seeded, tmp_path, corrupt_model, option):
    before = snapshot(seeded)
    job = tmp_path / "job.txt"
    job.write_text(JOB)
    result = run(option, corrupt_model, "rank", "--job", job)
    assert_one_line_failure(result, "could not load a model")
    assert snapshot(seeded) == before
