"""An ``.npz`` file of arrays (embeddings, their ids) that is cheap to rebuild and must never be half-written.

Both apps keep embeddings they can recompute: jobmatch the stored pool's matrix, cti-map the
ATT&CK labels'. A cache file is written atomically (a reader sees the old file or the new one),
carries an optional ``key`` that says what it was computed from, and is ignored, with a warning,
when it is stale, truncated or foreign: a broken cache only ever costs time.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.files import write_atomic

logger = logging.getLogger(__name__)

__all__ = ["EmbeddingCache", "embed_once", "model_short_name"]

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


def model_short_name(name: str) -> str:
    """A model's name for cache keys: the last two path parts, the same in a checkout and in site-packages."""
    return "/".join(Path(str(name)).parts[-2:])


def embed_once(
    texts: Sequence[str], embedder, prefix: str, *, cache_dirs: Sequence[Path] = (), write_dir: Path | None = None,
) -> np.ndarray:
    """``texts`` embedded by ``embedder``, computed once per (embedder, texts).

    ``<prefix>-<hash>.npz``, the hash of the embedder's short name and every text, is looked up in
    ``cache_dirs`` (shipped files first, then the user cache); otherwise the texts are embedded and
    saved there as fp16 in ``write_dir``.
    """
    digest = hashlib.sha256(model_short_name(embedder.name).encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    key = digest.hexdigest()[:16]
    file_name = f"{prefix}-{key}.npz"
    for folder in cache_dirs:
        cached = EmbeddingCache(Path(folder) / file_name).load()
        if cached is not None and cached.get("embeddings", np.zeros(0)).shape[:1] == (len(texts),):
            return cached["embeddings"].astype(np.float32)
    logger.info("embedding %d texts for %s (once per bi-encoder)", len(texts), embedder.name)
    emb = embedder.encode(list(texts), batch_size=64)
    if write_dir is not None:
        EmbeddingCache(Path(write_dir) / file_name).save({"embeddings": emb.astype(np.float16)}, key=key, compress=True)
    return emb
