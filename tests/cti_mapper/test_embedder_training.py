"""Bi-encoder fine-tuning: (sentence, label text) pairs from AnnoCTR train and catalog positives."""

from __future__ import annotations

import json
import lzma

import numpy as np
import pytest

from cti_mapper.annoctr import AnnotatedReport, Mention
from cti_mapper.candidates import retrieval_text
from cti_mapper.embedder_training import embedder_pairs, train_embedder

PHISH = "The actors sent phishing emails with a malicious attachment to the victims."
TRICK = "Then TrickBot ran cmd.exe to execute the second stage on the host."


def _report(split="train"):
    return AnnotatedReport("doc1", split, PHISH + "\n" + TRICK, (
        Mention(PHISH, "sent phishing emails", "TECHNIQUE", "T1566.001"),
        Mention(TRICK, "TrickBot", "MALWARE", "S0266"),
        Mention(TRICK, "cmd.exe", "TECHNIQUE", "T1059.003"),
        Mention(TRICK, "the host", "CON", None),
    ))


def _catalog_pairs(tmp_path):
    rows = [
        {"sentence_0": "The malware encrypts files on the victim's drives.",
         "sentence_1": "T1486 — DATA ENCRYPTED FOR IMPACT", "label": 1.0},
        {"sentence_0": "The malware encrypts files on the victim's drives.",
         "sentence_1": "TA0040 — IMPACT", "label": 1.0},  # tactics are never retrieved
        {"sentence_0": "The malware lists running processes.", "sentence_1": "T1486 — DATA ENCRYPTED FOR IMPACT",
         "label": 0.0},  # negatives are not pairs
        {"sentence_0": "Something else.", "sentence_1": "T9999 — UNKNOWN", "label": 1.0},
    ]
    path = tmp_path / "train.jsonl.xz"
    with lzma.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_pairs_join_report_mentions_and_catalog_positives(mini_catalog, tmp_path):
    pairs, stats = embedder_pairs(mini_catalog, [_report()], _catalog_pairs(tmp_path))
    text = {i: retrieval_text(mini_catalog.get(i)) for i in ("T1566.001", "S0266", "T1059.003", "T1486")}
    assert set(pairs) == {(PHISH, text["T1566.001"]), (TRICK, text["S0266"]), (TRICK, text["T1059.003"]),
                          ("The malware encrypts files on the victim's drives.", text["T1486"])}
    assert stats == {"annoctr_reports": 1, "annoctr_pairs": 3, "catalog_pairs": 1, "pairs": 4}
    assert len(embedder_pairs(mini_catalog, [_report()], _catalog_pairs(tmp_path), catalog_pair_count=0)[0]) == 3


def test_pairs_refuse_dev_and_test_reports(mini_catalog):
    with pytest.raises(ValueError, match="train reports only"):
        embedder_pairs(mini_catalog, [_report("dev")])


def test_unreadable_catalog_pairs(mini_catalog, tmp_path):
    bad = tmp_path / "bad.jsonl.xz"
    bad.write_bytes(b"not xz")
    with pytest.raises(ValueError, match="cannot read catalog pairs"):
        embedder_pairs(mini_catalog, [_report()], bad)


def test_train_embedder_saves_an_fp16_model_that_loads_in_fp32(mini_catalog, tiny_embedder_path, tmp_path):
    from safetensors import safe_open

    import core

    pairs, _ = embedder_pairs(mini_catalog, [_report()], _catalog_pairs(tmp_path))
    before = core.load_embedder(tiny_embedder_path).encode([PHISH, TRICK])
    out = train_embedder(pairs, tmp_path / "cti-embedder", base_model=tiny_embedder_path, max_steps=2,
                         batch_size=2, learning_rate=1e-3, card_notes="Data: test pairs")
    with safe_open(str(out / "model.safetensors"), "pt") as f:
        assert {str(f.get_tensor(k).dtype) for k in f.keys()} == {"torch.float16"}
    model = core.load_embedder(out)
    assert str(next(model.model.parameters()).dtype) == "torch.float32"
    after = model.encode([PHISH, TRICK])
    assert not np.allclose(before, after, atol=1e-3)  # the steps changed the weights
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "MultipleNegativesRankingLoss" in card and "Data: test pairs" in card
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cti-embedder", "train.jsonl.xz"]  # no scratch left
