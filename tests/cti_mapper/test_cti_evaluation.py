"""`cti-map evaluate` maths on a tiny hand-checked file, and data validation."""

from __future__ import annotations

import json

import pytest

from cti_mapper.evaluation import (
    EvaluationDataError,
    evaluate_mapper,
    load_labelled_texts,
    ranking_metrics,
)


def test_ranking_metrics_hand_checked():
    rankings = [["A", "B", "C"], ["X", "A", "Y", "B"], ["Q"]]
    gold = [{"A"}, {"A", "B"}, {"Z"}]
    m = ranking_metrics(rankings, gold)
    # query 1: hit at 1 -> P@1 1, R@5 1, RR 1, AP 1, NDCG 1
    # query 2: hits at 2 and 4 -> P@1 0, R@5 1, RR 1/2, AP (1/2 + 2/4)/2 = 0.5
    # query 3: Z never returned -> counted at rank 2: P@1 0, R@5 1 (rank 2 <= 5), RR 1/2, AP 1/2
    assert m["p@1"] == pytest.approx(1 / 3)
    assert m["r@5"] == pytest.approx(1.0)
    assert m["mrr@10"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert m["map"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    ndcg2 = (1 / 1.5849625 + 1 / 2.3219281) / (1 + 1 / 1.5849625)
    assert m["ndcg@10"] == pytest.approx((1 + ndcg2 + 1 / 1.5849625) / 3, rel=1e-6)
    assert m["queries"] == 3


def test_ranking_metrics_prefix_and_errors():
    assert "val_map" in ranking_metrics([["A"]], [{"A"}], name="val")
    with pytest.raises(ValueError):
        ranking_metrics([], [])


def _write(path, rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_load_labelled_texts_resolves_revoked_ids(tmp_path, mini_catalog):
    path = _write(tmp_path / "d.jsonl", [{"text": "ran powershell", "labels": ["t1086"]}, "",
                                         {"text": "phish", "labels": "T1566"}])
    examples = load_labelled_texts(path, catalog=mini_catalog)
    assert [e.labels for e in examples] == [("T1059.001",), ("T1566",)]  # T1086 was revoked by PowerShell


@pytest.mark.parametrize(
    ("rows", "message"),
    [(["{not json"], ":1: invalid JSON"),
     ([{"labels": ["T1566"]}], "bad.jsonl:1: expected"),
     ([{"text": "x", "labels": []}], "non-empty list"),
     ([{"text": "x", "labels": ["T9999"]}], "unknown ATT&CK id"),
     ([""], "no examples")],
)
def test_load_labelled_texts_errors(tmp_path, mini_catalog, rows, message):
    with pytest.raises(EvaluationDataError, match=message):
        load_labelled_texts(_write(tmp_path / "bad.jsonl", rows), catalog=mini_catalog)


def test_evaluate_mapper_with_fake(fake_mapper):
    from cti_mapper.evaluation import LabelledText

    examples = [LabelledText("They sent a phishing email.", ("T1566",)),
                LabelledText("TrickBot encrypts files.", ("T1486", "S0266")),
                LabelledText("Nothing here.", ("TA0002",))]
    m = evaluate_mapper(fake_mapper, examples)
    assert m["queries"] == 3 and 0 < m["map"] < 1 and m["p@1"] == pytest.approx(2 / 3)
    only = evaluate_mapper(fake_mapper, examples, kinds=("technique",))
    assert only["queries"] == 2 and only["p@1"] == 1.0
    with pytest.raises(EvaluationDataError, match="no example"):
        evaluate_mapper(fake_mapper, examples[:1], kinds=("software",))
