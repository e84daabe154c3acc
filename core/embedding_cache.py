"""An ``.npz`` file of arrays (embeddings, their ids) that is cheap to rebuild and must never be half-written.

Both apps keep embeddings they can recompute: jobmatch the stored pool's matrix, cti-map the
ATT&CK labels'. A cache file is written atomically (a reader sees the old file or the new one),
carries an optional ``key`` that says what it was computed from, and is ignored, with a warning,
when it is stale, truncated or foreign: a broken cache only ever costs time.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import numpy as np

from core.files import write_atomic

logger = logging.getLogger(__name__)

__all__ = ["EmbeddingCache"]

_KEY = "key"


class EmbeddingCache:
    """One cache file: ``load(key)`` returns its arrays or None, ``save(arrays, key)`` replaces it."""

    def __init__(self, path: str | Path):
        """Point at ``path`` (created on the first save, with its folder)."""
        self.path = Path(path)

    def load(self, key: str | None = None) -> dict[str, np.ndarray] | None:
        """The cached arrays, or None when the file is missing, unreadable, or was saved under another key."""
        if not self.path.is_file():
            return None
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if key is not None and (_KEY not in data.files or str(data[_KEY]) != key):
                    logger.info("embedding cache %s is stale; rebuilding", self.path)
                    return None
                return {name: data[name] for name in data.files if name != _KEY}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # truncated or foreign: rebuild it
            logger.warning("ignoring unreadable embedding cache %s: %s", self.path, exc)
            return None

    def save(self, arrays: dict[str, np.ndarray], *, key: str | None = None, compress: bool = False) -> bool:
        """Write ``arrays`` (and ``key``) atomically; False, with a warning, where the folder is not writable.

        Args:
            arrays: name -> array; ``"key"`` is reserved.
            key: what the arrays were computed from; ``load`` with another key misses.
            compress: zip-deflate the file (worth it for fp16 matrices shipped in the package).
        """
        if _KEY in arrays:
            raise ValueError(f"{_KEY!r} is reserved for the cache key")
        contents = dict(arrays) if key is None else {_KEY: np.array(key), **arrays}
        buffer = io.BytesIO()
        (np.savez_compressed if compress else np.savez)(buffer, **contents)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, buffer.getvalue())
        except OSError as exc:  # a read-only folder only costs speed
            logger.warning("cannot write embedding cache %s: %s", self.path, exc)
            return False
        return True

    def clear(self) -> None:
        """Delete the file (after what it was computed from changed); a missing file is fine."""
        self.path.unlink(missing_ok=True)
