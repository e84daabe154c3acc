"""The stored pool's embedding matrix and its cache file."""

import numpy as np
import pytest
from click.testing import CliRunner
from jm_helpers import write_csv
from sqlalchemy.orm import Session

from jobmatch.cli import cli
from jobmatch.db import Candidate
from jobmatch.embeddings import EmbeddingError, invalidate_cache, load_embedding_matrix, pool_key
from jobmatch.importing import encode_embedding


def _add(session, i, vector=None):
    vector = np.eye(4, dtype=np.float32)[i % 4] if vector is None else vector
    session.add(
        Candidate(
            natural_key=f"k{i}",
            name=f"C{i}",
            card="Role: X. Skills: Y.",
            skills=[],
            facts={},
            embedding=encode_embedding(vector),
        )
    )


def test_reads_ids_and_float32_matrix_in_id_order(engine):
    with Session(engine) as session, session.begin():
        for i in range(3):
            _add(session, i)
        session.add(Candidate(natural_key="none", name="No vector", card="c", skills=[], facts={}))
    with Session(engine) as session:
        ids, matrix = load_embedding_matrix(session)
    assert ids.tolist() == [1, 2, 3]
    assert matrix.dtype == np.float32 and matrix.shape == (3, 4)
    assert np.allclose(matrix, np.eye(4)[:3])


def test_empty_pool(engine, tmp_path):
    with Session(engine) as session:
        ids, matrix = load_embedding_matrix(session, cache_path=tmp_path / "c.npz")
    assert len(ids) == 0 and matrix.shape == (0, 0)


def test_mixed_sizes_raise(engine):
    with Session(engine) as session, session.begin():
        _add(session, 0)
        _add(session, 1, np.ones(8, dtype=np.float32))
    with Session(engine) as session, pytest.raises(EmbeddingError, match="re-import"):
        load_embedding_matrix(session)


def test_cache_is_used_and_a_changed_pool_misses_it(engine, tmp_path):
    cache = tmp_path / "cache" / "emb.npz"
    with Session(engine) as session, session.begin():
        _add(session, 0)
    with Session(engine) as session:
        first = load_embedding_matrix(session, cache_path=cache)
        key = pool_key(session)
    assert cache.is_file()
    # A cache hit returns the file's content: prove it by planting a marker with the same key.
    np.savez(cache, key=np.array(key), ids=np.array([99]), matrix=np.ones((1, 4), dtype=np.float16))
    with Session(engine) as session:
        assert load_embedding_matrix(session, cache_path=cache)[0].tolist() == [99]
    with Session(engine) as session, session.begin():  # the pool changes: the stale file is rebuilt
        _add(session, 1)
    with Session(engine) as session:
        ids, matrix = load_embedding_matrix(session, cache_path=cache)
    assert ids.tolist() == [1, 2] and first[0].tolist() == [1]
    with Session(engine) as session, session.begin():
        session.delete(session.get(Candidate, 2))
    with Session(engine) as session:
        assert load_embedding_matrix(session, cache_path=cache)[0].tolist() == [1]


def test_unreadable_cache_is_rebuilt_and_invalidate_deletes(engine, tmp_path):
    cache = tmp_path / "emb.npz"
    cache.write_bytes(b"not a numpy file")
    with Session(engine) as session, session.begin():
        _add(session, 0)
    with Session(engine) as session:
        assert load_embedding_matrix(session, cache_path=cache)[0].tolist() == [1]
    assert np.load(cache)["ids"].tolist() == [1]
    invalidate_cache(cache)
    invalidate_cache(cache)  # already gone: fine
    invalidate_cache(None)
    assert not cache.exists()


def test_cli_import_and_remove_invalidate_the_cache(cli_env, tmp_path):
    csv = tmp_path / "c.csv"
    write_csv(csv, 3)
    job = tmp_path / "job.txt"
    job.write_text("Senior Backend Developer. Requirements: Python, Django, Postgres.", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(csv)], catch_exceptions=False).exit_code == 0
    result = runner.invoke(cli, ["rank", "--job", str(job), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    caches = list((tmp_path / "home" / "cache").glob("embeddings-*.npz"))
    assert len(caches) == 1
    assert runner.invoke(cli, ["remove", "1"], catch_exceptions=False).exit_code == 0
    assert not caches[0].exists()
    result = runner.invoke(cli, ["rank", "--job", str(job), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0 and caches[0].exists()
    assert '"candidate_id": 1' not in result.output


def test_cli_rank_rejects_an_unknown_backend(cli_env, tmp_path):
    job = tmp_path / "job.txt"
    job.write_text("Senior Backend Developer. Requirements: Python.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rank", "--job", str(job), "--backend", "tpu"], catch_exceptions=False)
    assert result.exit_code == 2 and "tpu" in result.output
