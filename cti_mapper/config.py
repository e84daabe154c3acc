"""Where cti_mapper keeps its files, which model it uses, and the defaults calibrated with it.

One home for what used to be spread over ``catalog_update``, ``training``, ``mapping`` and the
CLI: the user folders, the shipped model's path and its calibration file (threshold, minimum
evidence, first-stage depth and gate). Nothing here imports torch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.paths import app_home, shipped_model_path

__all__ = [
    "ATTACK_DATA_ENV",
    "DEFAULT_MIN_EVIDENCE",
    "DEFAULT_MIN_SIMILARITY",
    "DEFAULT_RETRIEVE_K",
    "DEFAULT_THRESHOLD",
    "HOME_ENV",
    "MODEL_NAME",
    "REVIEW_DB_ENV",
    "THRESHOLD_FILE",
    "Calibration",
    "cache_dir",
    "data_dir",
    "default_model_path",
    "default_review_db_url",
    "load_calibration",
]

HOME_ENV = "CTI_MAPPER_HOME"
ATTACK_DATA_ENV = "CTI_MAPPER_ATTACK_DATA"
REVIEW_DB_ENV = "CTI_MAPPER_REVIEW_DB"
THRESHOLD_FILE = "cti_threshold.json"
# The shipped reranker's calibrated sentence threshold (its cti_threshold.json says 0.69, chosen on
# AnnoCTR dev): the one default for a model folder that brings no calibration of its own.
DEFAULT_THRESHOLD = 0.69
DEFAULT_MIN_EVIDENCE = 1
DEFAULT_RETRIEVE_K = 10
# First-stage gate: a sentence less like every label than this (nothing named in it) is not scored.
DEFAULT_MIN_SIMILARITY = 0.3


def cache_dir() -> Path:
    """Catalog releases and label embeddings: ``$CTI_MAPPER_HOME``, else the user cache dir."""
    return app_home("cti-mapper", HOME_ENV, cache=True)


def data_dir() -> Path:
    """Review decisions (data, not cache): ``$CTI_MAPPER_HOME``, else the user data dir."""
    return app_home("cti-mapper", HOME_ENV)


def default_review_db_url() -> str:
    """``review.db`` (SQLite) in :func:`data_dir`, which is created on first use."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'review.db'}"


MODEL_NAME = "cti-reranker"


def default_model_path() -> Path:
    """The shipped fine-tuned reranker, ``shared_data/models/cti-reranker``."""
    return shipped_model_path(MODEL_NAME)


@dataclass(frozen=True)
class Calibration:
    """The settings a model was calibrated with, read from its ``cti_threshold.json``."""

    threshold: float = DEFAULT_THRESHOLD
    min_evidence: int = DEFAULT_MIN_EVIDENCE
    retrieve_k: int = DEFAULT_RETRIEVE_K
    min_similarity: float = DEFAULT_MIN_SIMILARITY
    embedder: Path | None = None  # the first-stage bi-encoder calibrated with (None: the stock one)
    first_stage_weight: float = 0.0  # share of the first-stage cosine in a label's score


def load_calibration(model_path: Path | str | None = None) -> Calibration:
    """Read a model folder's calibration; a missing file or value falls back to the defaults.

    ``embedder`` names the bi-encoder folder the settings were chosen with, relative to the model
    folder's parent (``"cti-embedder"`` beside ``cti-reranker``) or absolute.
    """
    folder = Path(model_path if model_path is not None else default_model_path())
    path = folder / THRESHOLD_FILE
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    return Calibration(
        threshold=_number(saved, "threshold", float, DEFAULT_THRESHOLD),
        min_evidence=_number(saved, "min_evidence", int, DEFAULT_MIN_EVIDENCE),
        retrieve_k=_number(saved, "retrieve_k", int, DEFAULT_RETRIEVE_K),
        min_similarity=_number(saved, "min_similarity", float, DEFAULT_MIN_SIMILARITY),
        embedder=folder.parent / saved["embedder"] if isinstance(saved.get("embedder"), str) else None,
        first_stage_weight=min(1.0, max(0.0, _number(saved, "first_stage_weight", float, 0.0))),
    )


def _number(saved: dict, key: str, kind: type, default):
    try:
        return kind(saved[key])
    except (KeyError, TypeError, ValueError):
        return default
