"""The stored pool's embedding matrix: one raw SQL read, cached in a file keyed by the pool's state.

Ranking needs every stored embedding for retrieval. Reading 100k blobs through the ORM costs
seconds; one raw query costs a fraction of that, and a cached ``.npz`` (ids + float16 matrix)
costs tens of milliseconds. The cache key is (count, max id, max updated_at) of the candidates
with an embedding, so any import, update or removal makes a stale file miss; the CLI also
deletes the file after `import`, `add` and `remove`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from core.embedding_cache import EmbeddingCache
from core.errors import CrossrankError

logger = logging.getLogger(__name__)

_KEY_SQL = text("SELECT count(*), max(id), max(updated_at) FROM candidates WHERE embedding IS NOT NULL")
_ROWS_SQL = text("SELECT id, embedding FROM candidates WHERE embedding IS NOT NULL ORDER BY id")


class EmbeddingError(CrossrankError, ValueError):
    """Stored embeddings cannot be used (e.g. rows of different sizes)."""


def pool_key(session: Session) -> str:
    """A string that changes whenever a candidate with an embedding is added, updated or removed."""
    count, max_id, max_updated = session.execute(_KEY_SQL).one()
    return f"{count}:{max_id}:{max_updated}"


def read_embeddings(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """All stored ids and embeddings as (ids (n,) int64, matrix (n, d) float16), in one raw query."""
    rows = session.execute(_ROWS_SQL).all()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float16)
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    width = len(rows[0][1]) // 2
    blob = b"".join(row[1] for row in rows)
    if len(blob) != width * 2 * len(rows):
        raise EmbeddingError("stored embeddings have different sizes; re-import the candidates")
    return ids, np.frombuffer(blob, dtype="<f2").reshape(len(rows), width)


def load_embedding_matrix(session: Session, *, cache_path: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Stored (ids (n,), matrix (n, d) float32), from the cache file when it matches the pool.

    Args:
        session: an open session.
        cache_path: an .npz file to read and refresh; None reads the database every time.

    Returns:
        (ids, matrix); both empty when no candidate has an embedding.
    """
    if cache_path is None:
        ids, matrix = read_embeddings(session)
        return ids, matrix.astype(np.float32)
    cache = EmbeddingCache(cache_path)
    key = pool_key(session)
    cached = cache.load(key)
    if cached is not None and {"ids", "matrix"} <= set(cached):
        return cached["ids"], cached["matrix"].astype(np.float32)
    ids, matrix = read_embeddings(session)
    cache.save({"ids": ids, "matrix": matrix}, key=key)
    return ids, matrix.astype(np.float32)


def invalidate_cache(cache_path: str | Path | None) -> None:
    """Delete a cache file (after the pool changed); a missing file is fine."""
    if cache_path is not None:
        EmbeddingCache(cache_path).clear()


__all__ = ["EmbeddingError", "invalidate_cache", "load_embedding_matrix", "pool_key", "read_embeddings"]
