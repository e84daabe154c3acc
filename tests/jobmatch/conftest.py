"""jobmatch fixtures: a temp SQLite database, the tiny models wired in through env vars, the skill vocabulary."""

from __future__ import annotations

import pytest

from jobmatch.db import init_db, make_engine
from jobmatch.skills import load_vocabulary


@pytest.fixture(scope="session")
def vocab():
    """The shipped skill vocabulary (read-only: loaded once for the parser tests)."""
    return load_vocabulary()


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


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL 16 server with pgvector (the `pgserver` wheel), started once per test session.

    $JOBMATCH_TEST_POSTGRES_URL (a superuser URL with pgvector) replaces it, e.g. in a CI service.
    As root, pgserver runs the server as its own system user `pgserver` (initdb refuses root).
    """
    import os
    import shutil
    import tempfile
    import warnings
    from pathlib import Path

    from sqlalchemy.engine import make_url

    if os.environ.get("JOBMATCH_TEST_POSTGRES_URL"):
        yield make_url(os.environ["JOBMATCH_TEST_POSTGRES_URL"])
        return
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (containers)
        warnings.simplefilter("ignore")
        import pgserver

    # Not under pytest's temp root: a concurrent pytest run prunes old roots, data folder included.
    folder = Path(tempfile.mkdtemp(prefix="jobmatch-pg-"))
    server = pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    try:
        yield make_url(server.get_uri()).set(drivername="postgresql+psycopg")
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server, request):
    """URL of a fresh, empty PostgreSQL database on the session's server (dropped afterwards)."""
    import re

    from sqlalchemy import create_engine, text

    name = "jm_" + re.sub(r"\W", "_", request.node.name.lower())[:40]
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
