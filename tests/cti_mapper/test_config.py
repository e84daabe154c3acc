"""cti_mapper.config: one home for folders, the shipped model and its calibrated defaults."""

from __future__ import annotations

import json

from cti_mapper import config


def test_one_default_threshold_is_the_shipped_calibration():
    shipped = json.loads((config.default_model_path() / config.THRESHOLD_FILE).read_text(encoding="utf-8"))
    assert config.DEFAULT_THRESHOLD == shipped["threshold"]
    calibration = config.load_calibration()
    assert (calibration.threshold, calibration.min_evidence) == (shipped["threshold"], shipped["min_evidence"])


def test_calibration_falls_back_per_value(tmp_path):
    assert config.load_calibration(tmp_path) == config.Calibration()
    (tmp_path / config.THRESHOLD_FILE).write_text(json.dumps({"threshold": 0.7, "min_evidence": "x"}))
    assert config.load_calibration(tmp_path) == config.Calibration(threshold=0.7)
    (tmp_path / config.THRESHOLD_FILE).write_text("[1, 2]")
    assert config.load_calibration(tmp_path) == config.Calibration()


def test_home_env_moves_cache_data_and_review_db(tmp_path, monkeypatch):
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path / "home"))
    assert config.cache_dir() == config.data_dir() == tmp_path / "home"
    assert config.default_review_db_url() == f"sqlite:///{tmp_path / 'home' / 'review.db'}"


def test_calibration_names_its_bi_encoder_beside_the_model(tmp_path):
    model = tmp_path / "cti-reranker"
    model.mkdir()
    (model / config.THRESHOLD_FILE).write_text(json.dumps({"threshold": 0.7, "embedder": "cti-embedder"}))
    assert config.load_calibration(model).embedder == tmp_path / "cti-embedder"
    (model / config.THRESHOLD_FILE).write_text(json.dumps({"embedder": 3}))
    assert config.load_calibration(model).embedder is None  # not a folder name: the stock bi-encoder
    shipped = config.load_calibration()  # the shipped pair: its fine-tuned bi-encoder ships beside it
    assert shipped.embedder == config.default_model_path().parent / "cti-embedder"
    assert (shipped.embedder / "config.json").exists()
