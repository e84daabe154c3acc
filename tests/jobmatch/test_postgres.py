"""The same import/rank path on a real PostgreSQL server; skipped with the reason when none can be started.

Uses $JOBMATCH_TEST_POSTGRES_URL when set, else starts a throwaway cluster with the local
PostgreSQL binaries (initdb/pg_ctl), listening on a Unix socket in a temp folder.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from jm_helpers import write_csv

from core.paths import shared_data_dir
from jobmatch.cli import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pg_url():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'crossrank[postgres]')")
    if os.environ.get("JOBMATCH_TEST_POSTGRES_URL"):
        yield os.environ["JOBMATCH_TEST_POSTGRES_URL"]
        return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.skip(
            "no PostgreSQL server binaries found (apt-get install postgresql) and no JOBMATCH_TEST_POSTGRES_URL"
        )
    bindir = os.path.dirname(bins[-1])
    # Not under pytest's temp root: that is private to root, and the server runs as 'postgres'.
    folder = Path(tempfile.mkdtemp(prefix="jobmatch-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    prefix = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    try:
        subprocess.run(
            prefix + [f"{bindir}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            prefix
            + [
                f"{bindir}/pg_ctl",
                "-D",
                str(data),
                "-w",
                "-l",
                str(folder / "log"),
                "-o",
                f"-p {port} -k {sock} -c listen_addresses=''",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError, LookupError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"could not start a PostgreSQL server: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            prefix + [f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=60
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_import_and_rank_on_postgres(pg_url, monkeypatch, tiny_reranker_path, tiny_embedder_path, tmp_path):
    monkeypatch.setenv("JOBMATCH_DB", pg_url)
    monkeypatch.setenv("JOBMATCH_MODEL", str(tiny_reranker_path))
    monkeypatch.setenv("JOBMATCH_EMBEDDER", str(tiny_embedder_path))
    people = tmp_path / "people.csv"
    write_csv(people, 5)
    runner = CliRunner()
    assert "Imported 5" in runner.invoke(cli, ["import", str(people)], catch_exceptions=False).output
    assert "skipped 5" in runner.invoke(cli, ["import", str(people)], catch_exceptions=False).output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,skills\nA,a@x.co,Python\nB,A@x.co,Go\n")
    assert runner.invoke(cli, ["import", str(bad)], catch_exceptions=False).exit_code == 1
    job = shared_data_dir() / "samples" / "job.txt"
    result = runner.invoke(cli, ["rank", "--job", str(job), "--format", "json", "--save"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["results"]) == 5
    assert json.loads(runner.invoke(cli, ["list", "--format", "json"]).output)[0]["name"] == "Person 4"
