"""jobmatch fixtures: a temp SQLite database and the tiny models wired in through env vars."""

from __future__ import annotations

import pytest

from jobmatch.db import init_db, make_engine


@pytest.fixture
def db_url(tmp_path):
    """URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'jobmatch.db'}"


@pytest.fixture
def engine(db_url):
    """An initialised engine on a temp SQLite file."""
    engine = make_engine(db_url)
    init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def cli_env(monkeypatch, db_url, tiny_reranker_path, tiny_embedder_path, tmp_path):
    """CLI runs against a temp DB with the tiny test models."""
    monkeypatch.setenv("JOBMATCH_DB", db_url)
    monkeypatch.setenv("JOBMATCH_MODEL", str(tiny_reranker_path))
    monkeypatch.setenv("JOBMATCH_EMBEDDER", str(tiny_embedder_path))
    monkeypatch.setenv("JOBMATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JOBMATCH_BUSY_TIMEOUT", "0.5")
    return db_url
