"""Where jobmatch keeps its data, and which database and models it uses by default."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from core.paths import app_home

HOME_ENV = "JOBMATCH_HOME"
DB_ENV = "JOBMATCH_DB"
MODEL_ENV = "JOBMATCH_MODEL"
EMBEDDER_ENV = "JOBMATCH_EMBEDDER"
BUSY_TIMEOUT_ENV = "JOBMATCH_BUSY_TIMEOUT"
POSTGRES_HINT = "PostgreSQL needs the psycopg driver: pip install 'crossrank[postgres]'"


def app_dir() -> Path:
    """jobmatch's data folder: $JOBMATCH_HOME, else the platform's user data dir."""
    return app_home("jobmatch", HOME_ENV)


def default_db_path() -> Path:
    """The default SQLite file, ``jobmatch.db`` in :func:`app_dir` (not created here)."""
    return app_dir() / "jobmatch.db"


def default_db_url() -> str:
    """The default database: jobmatch.db (SQLite) in `app_dir()`, whose folder is created on first use."""
    folder = app_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{default_db_path()}"


def database_url(value: str | Path | None) -> str:
    """A database URL from ``--db``: a SQLAlchemy URL, an SQLite file path, or None (the default).

    ``postgresql://`` and ``postgres://`` get the psycopg (v3) driver the ``postgres`` extra installs.
    """
    if not value:
        return default_db_url()
    value = str(value)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


def busy_timeout() -> float:
    """Seconds to wait for a locked SQLite file ($JOBMATCH_BUSY_TIMEOUT, default 10)."""
    try:
        return float(os.environ.get(BUSY_TIMEOUT_ENV, "10"))
    except ValueError:
        return 10.0


def embedding_cache_path(url: str) -> Path | None:
    """The pool's embedding cache file (one per database URL); None for in-memory SQLite."""
    if url.rstrip("/") == "sqlite:" or ":memory:" in url:
        return None
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return app_dir() / "cache" / f"embeddings-{digest}.npz"


def shipped_model_path() -> Path:
    """The fine-tuned reranker shipped in shared_data/models/jobmatch-reranker."""
    from core.paths import shipped_model_path as shipped

    return shipped("jobmatch-reranker")


def load_reranker(model: str | Path | None = None, *, backend: str = "auto"):
    """The cross-encoder: ``model`` if given, else the shipped one (a clear error when it is missing)."""
    import core

    path = Path(model) if model else shipped_model_path()
    if not model and not path.exists():
        raise core.ModelLoadError(f"the shipped model is missing at {path}; run `jobmatch train` or pass --model")
    return core.load_reranker(path, backend=backend)


def load_embedder(embedder: str | Path | None = None):
    """The bi-encoder: ``embedder`` if given, else the shipped all-MiniLM-L6-v2 (one copy a process, shared with
    the posting parser's readers)."""
    import core

    if embedder is None:
        from jobmatch.readers import shipped_embedder

        return shipped_embedder()
    return core.load_embedder(embedder)


__all__ = [
    "BUSY_TIMEOUT_ENV",
    "DB_ENV",
    "EMBEDDER_ENV",
    "HOME_ENV",
    "MODEL_ENV",
    "POSTGRES_HINT",
    "app_dir",
    "busy_timeout",
    "database_url",
    "default_db_path",
    "default_db_url",
    "embedding_cache_path",
    "load_embedder",
    "load_reranker",
    "shipped_model_path",
]
