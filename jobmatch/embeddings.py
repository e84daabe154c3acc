"""The stored pool's embedding matrix: one raw SQL read, cached in a file keyed by the pool's state.

Ranking needs every stored embedding for retrieval. Reading 100k blobs through the ORM costs
seconds; one raw query costs a fraction of that, and a cached ``.npz`` (ids + float16 matrix)
costs tens of milliseconds. The cache key is (count, max id, max updated_at) of the candidates
with an embedding, so any import, update or removal makes a stale file miss; the CLI also
deletes the file after `import`, `add` and `remove`.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from core.errors import CrossrankError
from core.files import write_atomic

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
    cache_path = Path(cache_path)
    key = pool_key(session)
    cached = _read_cache(cache_path, key)
    if cached is not None:
        return cached[0], cached[1].astype(np.float32)
    ids, matrix = read_embeddings(session)
    _write_cache(cache_path, key, ids, matrix)
    return ids, matrix.astype(np.float32)


def invalidate_cache(cache_path: str | Path | None) -> None:
    """Delete a cache file (after the pool changed); a missing file is fine."""
    if cache_path is not None:
        Path(cache_path).unlink(missing_ok=True)


def _read_cache(path: Path, key: str) -> tuple[np.ndarray, np.ndarray] | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                logger.info("embedding cache %s is stale; rebuilding", path)
                return None
            return data["ids"], data["matrix"]
    except (OSError, ValueError, KeyError) as exc:  # a truncated or foreign file: rebuild it
        logger.warning("ignoring unreadable embedding cache %s: %s", path, exc)
        return None


def _write_cache(path: Path, key: str, ids: np.ndarray, matrix: np.ndarray) -> None:
    # Write to a temporary file and rename, so a crash or a concurrent reader never sees half a file.
    buffer = io.BytesIO()
    np.savez(buffer, key=np.array(key), ids=ids, matrix=matrix)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, buffer.getvalue())
    except OSError as exc:  # a read-only folder only costs speed
        logger.warning("cannot write embedding cache %s: %s", path, exc)


__all__ = ["EmbeddingError", "invalidate_cache", "load_embedding_matrix", "pool_key", "read_embeddings"]
