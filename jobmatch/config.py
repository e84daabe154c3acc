"""Where jobmatch keeps its data, and which models it uses by default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "JOBMATCH_HOME"


def app_dir() -> Path:
    """jobmatch's data folder: $JOBMATCH_HOME, else the platform's user data dir."""
    configured = os.environ.get(HOME_ENV)
    return Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("jobmatch"))


def default_db_url() -> str:
    """The default database: jobmatch.db (SQLite) in `app_dir()`, created on first use."""
    folder = app_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'jobmatch.db'}"


def shipped_model_path() -> Path:
    """The fine-tuned reranker shipped in shared_data/models/jobmatch-reranker."""
    import core

    return core.shared_data_dir() / "models" / "jobmatch-reranker"


__all__ = ["HOME_ENV", "app_dir", "default_db_url", "shipped_model_path"]
