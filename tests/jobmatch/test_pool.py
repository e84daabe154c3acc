"""jobmatch.pool: the stored pool's writes keep the embedding cache in step; reset, info, --db forms."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from jobmatch.config import database_url
from jobmatch.importing import record_from_fields
from jobmatch.pool import AlreadyStoredError, Pool
from jobmatch.store import RunNotFoundError, get_run, list_candidates


class HashEmbedder:
    """A deterministic stand-in for the bi-encoder: 8 dimensions from a hash of the text."""

    name = "hash-embedder"

    def encode(self, texts, **kwargs):
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:8], dtype=np.uint8).astype(np.float32)
                for t in texts]
        matrix = np.array(rows, dtype=np.float32).reshape(len(texts), 8) + 1.0
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def person(i: int, email: str | None = None):
    return record_from_fields({"name": f"Person {i}", "email": email or f"p{i}@example.com",
                               "skills": "Python, SQL", "role": "Data Engineer"}, "test")


@pytest.fixture
def pool(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBMATCH_HOME", str(tmp_path / "home"))
    return Pool.open(tmp_path / "pool.db")


def test_a_plain_path_is_an_sqlite_file_and_postgres_gets_psycopg(tmp_path):
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_add_refuses_a_candidate_already_stored(pool):
    first = pool.add(person(1), embedder=HashEmbedder())
    with pytest.raises(AlreadyStoredError, match="Person 2 is already stored"):
        pool.add(person(2, email="P1@example.com"), embedder=HashEmbedder())  # same email, any case
    with pool.session() as session:
        rows, total = list_candidates(session, limit=10)
    assert total == 1 and [r.id for r in rows] == [first]


def test_every_write_drops_the_embedding_cache(pool):
    embedder = HashEmbedder()
    pool.import_records([person(i) for i in range(3)], embedder=embedder)
    for write in (lambda: pool.add(person(9), embedder=embedder), lambda: pool.remove(1), pool.reset):
        pool.cache_path.parent.mkdir(parents=True, exist_ok=True)
        pool.cache_path.write_bytes(b"stale")
        write()
        assert not pool.cache_path.exists()


def test_reset_empties_the_pool_and_info_counts(pool):
    pool.import_records([person(i) for i in range(4)], embedder=HashEmbedder())
    info = pool.info()
    assert (info.candidates, info.jobs, info.runs) == (4, 0, 0) and info.path.endswith("pool.db")
    before = pool.reset()
    assert before.candidates == 4 and pool.info().candidates == 0
    pool.import_records([person(1)], embedder=HashEmbedder())  # the schema is still there
    assert pool.info().candidates == 1


def test_missing_run_is_a_typed_error(pool):
    with pool.session() as session, pytest.raises(RunNotFoundError, match="no ranking run #7"):
        get_run(session, 7)
