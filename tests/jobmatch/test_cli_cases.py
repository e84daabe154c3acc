"""The recruiter's cases (tests/jobmatch/data/cases, README there) rank in the expected tiers, via the CLI."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobmatch.cli import cli

CASES = Path(__file__).parent / "data" / "cases"


@pytest.fixture
def shipped_env(monkeypatch, tmp_path, tiny_embedder_path):
    """The real shipped reranker (the ranking under test); the embedder only matters for retrieval."""
    monkeypatch.delenv("JOBMATCH_MODEL", raising=False)
    monkeypatch.setenv("JOBMATCH_EMBEDDER", str(tiny_embedder_path))
    monkeypatch.setenv("JOBMATCH_DB", f"sqlite:///{tmp_path / 'jobmatch.db'}")
    monkeypatch.setenv("JOBMATCH_HOME", str(tmp_path / "home"))


def rank(*extra):
    args = ["rank", "--job", str(CASES / "job-senior-data-engineer.txt"), "--candidates", str(CASES / "resumes")]
    return CliRunner().invoke(cli, [*args, "--top", "10", *extra], catch_exceptions=False)


@pytest.mark.integration
def test_recruiter_tiers(shipped_env):
    result = rank("--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["job"]["must_have"] == ["Python", "SQL", "Apache Spark", "Airflow", "Kafka", ["Snowflake", "BigQuery"]]
    rows = {Path(r["name"]).name if "/" in r["name"] else r["name"]: r for r in data["results"]}
    order = [r["name"] for r in data["results"]]
    # Top tier on top, in any order.
    assert set(order[:3]) == {"Maria Gonzalez", "Olivia Park", "Li Wei"}
    # Partial fits next among the unblocked; far-off profiles and the empty one below them.
    open_ = [r["name"] for r in data["results"] if not r["blocked"]]
    assert open_[3:5] == ["David Okafor", "Henrik Larsen"]
    assert set(open_[5:]) == {"Sophie Martin", "John Doe"}
    # Rahul: a strong fit, flagged for sponsorship, not silently dropped.
    rahul = rows["Rahul Verma"]
    assert rahul["blocked"] and rahul["reasons"]["missing_required"] == []
    assert any(b.startswith("work authorization") for b in rahul["reasons"]["blockers"])
    # Jamal: blocked for years and for remote-only against an on-site role (and the degree).
    jamal = rows["JAMAL BROOKS"]["reasons"]["blockers"]
    assert any("years" in b and "has 4" in b for b in jamal) and any("remote only" in b for b in jamal)
    # Emily: far too junior; John Doe: too sparse for a confident score.
    assert rows["Emily Chen"]["blocked"]
    doe = rows["John Doe"]
    assert doe["reasons"]["warning"] == "profile too sparse to judge" and doe["score"] <= 0.2
    # Blocked candidates come after everyone else.
    assert [r["blocked"] for r in data["results"]] == sorted(r["blocked"] for r in data["results"])


@pytest.mark.integration
def test_recruiter_table_and_csv_show_blocked_apart(shipped_env):
    table = rank("--format", "table")
    assert table.exit_code == 0
    head, _, blocked = table.output.partition("Blocked: fail a hard requirement")
    assert "Maria" in head and "Rahul" in blocked and "Maria" not in blocked
    lines = rank("--format", "csv").output.splitlines()
    header = lines[0].split(",")
    assert header[:5] == ["rank", "candidate_id", "name", "score", "blocked"]
    rahul = next(line for line in lines if "Rahul Verma" in line)
    assert rahul.split(",")[4] == "True"
