"""Training pairs from the catalog: queries, masking, hard negatives, split by source, calibration."""

from __future__ import annotations

import json
import lzma

import pytest
from cti_helpers import MINI_ATTACK, FakeEmbedder, FakeReranker

import core
from cti_mapper.attack import load_catalog
from cti_mapper.training import calibrate_threshold, load_threshold, save_training_data, train_reranker
from cti_mapper.training_data import _mask, build_queries, build_training_data


@pytest.fixture(scope="module")
def cat():
    return load_catalog(MINI_ATTACK)


def test_mask_names():
    assert _mask("TrickBot has used HTTPS. Later, trickbot's loader ran.", ["TrickBot"], "The malware") == (
        "The malware has used HTTPS. Later, the malware's loader ran.")
    assert _mask("Cozy Bear and APT29 phished.", ["APT29", "Cozy Bear"], "The adversary") == (
        "The adversary and the adversary phished.")
    assert _mask("RK went to work.", ["RK"], "The tool") == "RK went to work."  # too short to mask


def test_queries_from_procedures_and_descriptions(cat):
    unmasked = build_queries(cat, mask_fraction=0.0, tactic_fraction=1.0)
    by_text = {q.text: q for q in unmasked}
    q = by_text["TrickBot has been delivered via malicious email attachments."]
    assert q.positives == ("T1566.001", "S0266", "TA0001") and q.source == "S0266"
    assert by_text["APT29 has used Cobalt Strike to move laterally."].positives == ("S0154",)
    assert {q.origin for q in unmasked} == {"procedure", "technique", "software", "tactic"}
    assert all("Citation" not in q.text and "](" not in q.text for q in unmasked)
    masked = build_queries(cat, mask_fraction=1.0, tactic_fraction=0.0)
    texts = [q.text for q in masked if q.origin == "procedure"]
    assert not any("TrickBot" in t or "APT29" in t for t in texts)
    assert all("S0266" not in q.positives for q in masked if q.origin == "procedure")


def test_pairs_negatives_and_split(cat):
    data = build_training_data(cat, FakeEmbedder(), n_train_queries=100, n_val_queries=50,
                               n_val_negatives=5, retrieve_k=8, val_fraction=0.3, seed=1)
    assert data.train_pairs and data.val_samples
    assert all(isinstance(p, core.Pair) and p.label in (0.0, 1.0) for p in data.train_pairs)
    assert {p.label for p in data.train_pairs} == {0.0, 1.0}
    labels = {o.label for o in cat.objects()}
    assert all(p.sentence_1 in labels for p in data.train_pairs)
    # a sub-technique's parent, its tactic and itself are never negatives for it
    for p in data.train_pairs:
        if p.label == 0.0:
            pos = {x.sentence_1 for x in data.train_pairs if x.sentence_0 == p.sentence_0 and x.label == 1.0}
            if "T1566.001 — PHISHING: SPEARPHISHING ATTACHMENT" in pos:
                assert p.sentence_1 not in ("T1566 — PHISHING", "TA0001 — INITIAL ACCESS")
    # split by source object: no source on both sides
    train_texts = {p.sentence_0 for p in data.train_pairs}
    all_queries = {q.text: q.source for q in build_queries(cat, seed=1)}
    train_sources = {all_queries[t] for t in train_texts if t in all_queries}
    assert not train_sources & {q.source for q in data.val_queries}
    for s in data.val_samples:
        assert isinstance(s, core.RerankSample) and s.positives and len(s.negatives) <= 5
        assert not set(s.positives) & set(s.negatives)
    assert data.stats["train_pairs"] == len(data.train_pairs)


def test_save_training_data(cat, tmp_path):
    data = build_training_data(cat, FakeEmbedder(), n_train_queries=20, n_val_queries=5, val_fraction=0.3)
    train_path, val_path = save_training_data(data, tmp_path)
    rows = [json.loads(line) for line in lzma.open(train_path, "rt", encoding="utf-8")]
    assert len(rows) == len(data.train_pairs) and set(rows[0]) == {"sentence_0", "sentence_1", "label"}
    val = [json.loads(line) for line in lzma.open(val_path, "rt", encoding="utf-8")]
    assert set(val[0]) == {"query", "positives", "negatives"}
    assert json.loads((tmp_path / "stats.json").read_text())["train_pairs"] == len(rows)


def test_calibrate_threshold_maximises_f1():
    samples = [core.RerankSample("the windows command shell", ["T1059.003 — WINDOWS COMMAND SHELL"],
                                 ["T1566 — PHISHING", "T1027 — OBFUSCATED FILES"])]
    calib = calibrate_threshold(FakeReranker(), samples)
    assert calib["f1"] == 1.0 and 0.05 <= calib["threshold"] <= 0.95


def test_load_threshold(tmp_path):
    from cti_mapper.config import DEFAULT_THRESHOLD, load_calibration

    # no calibration file: the one default, which is the shipped model's calibrated value
    assert load_threshold(tmp_path) == DEFAULT_THRESHOLD == load_calibration().threshold
    (tmp_path / "cti_threshold.json").write_text(json.dumps({"threshold": 0.42}))
    assert load_threshold(tmp_path) == 0.42


def test_train_reranker_smoke(cat, tiny_reranker_path, tmp_path):
    out = tmp_path / "model"
    result = train_reranker(out, catalog=cat, base_model=tiny_reranker_path, embedder=FakeEmbedder(),
                            data_dir=tmp_path / "data", n_train_queries=16, max_steps=1, bf16=False)
    assert result.path == out and (out / "model.safetensors").exists()
    assert 0.0 < load_threshold(out) < 1.0 and "threshold" in result.metrics
    assert "Reporting threshold" in (out / "README.md").read_text()
    assert (tmp_path / "data" / "train.jsonl.xz").exists()
