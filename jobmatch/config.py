"""Where jobmatch keeps its data, and which models it uses by default."""

from __future__ import annotations

from pathlib import Path

from core.paths import app_home

HOME_ENV = "JOBMATCH_HOME"


def app_dir() -> Path:
    """jobmatch's data folder: $JOBMATCH_HOME, else the platform's user data dir."""
    return app_home("jobmatch", HOME_ENV)


def default_db_url() -> str:
    """The default database: jobmatch.db (SQLite) in `app_dir()`, created on first use."""
    folder = app_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'jobmatch.db'}"


def shipped_model_path() -> Path:
    """The fine-tuned reranker shipped in shared_data/models/jobmatch-reranker."""
    from jobmatch.training import default_model_path

    return default_model_path()


__all__ = ["HOME_ENV", "app_dir", "default_db_url", "shipped_model_path"]
