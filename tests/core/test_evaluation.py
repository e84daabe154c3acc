import numpy as np
import pytest
from sentence_transformers.cross_encoder.evaluation import (
    CrossEncoderCorrelationEvaluator,
    CrossEncoderRerankingEvaluator,
)

from core import Pair, RerankSample, evaluate_correlation, evaluate_reranking
from core.evaluation import average_precision, correlation_metrics, mrr_at_k, ndcg_at_k, reranking_metrics


def test_metric_maths_on_hand_checked_rankings():
    relevance, scores = [0, 1, 0, 1], [0.9, 0.8, 0.7, 0.1]
    assert mrr_at_k(relevance, scores) == pytest.approx(0.5)
    assert average_precision(relevance, scores) == pytest.approx((1 / 2 + 2 / 4) / 2)
    dcg = 1 / np.log2(3) + 1 / np.log2(5)
    assert ndcg_at_k(relevance, scores) == pytest.approx(dcg / (1 + 1 / np.log2(3)))
    assert mrr_at_k([0, 1], [0.9, 0.1], k=1) == 0.0
    assert average_precision([0, 0], [0.3, 0.2]) == 0.0
    metrics = reranking_metrics([(relevance, scores), ([1, 0], [0.9, 0.1])], name="val")
    assert set(metrics) == {"val_map", "val_mrr@10", "val_ndcg@10"}
    assert metrics["val_mrr@10"] == pytest.approx(0.75)


def test_correlation_metrics():
    metrics = correlation_metrics([0.1, 0.4, 0.35, 0.8], [0.0, 0.5, 0.3, 1.0], name="val")
    assert metrics["val_spearman"] == pytest.approx(1.0)
    assert 0.9 < metrics["val_pearson"] < 1.0
    with pytest.raises(ValueError):
        correlation_metrics([0.1], [0.2])


def test_equal_to_sentence_transformers_evaluators(tiny_reranker):
    rng = np.random.default_rng(0)
    words = ["malware", "phishing", "email", "registry", "powershell", "credential", "dump", "beacon"]
    text = lambda n: " ".join(rng.choice(words, n))  # noqa: E731
    samples = [RerankSample(text(6), [text(3) for _ in range(2)], [text(3) for _ in range(6)]) for _ in range(5)]
    ours = evaluate_reranking(tiny_reranker, samples, name="val")
    theirs = CrossEncoderRerankingEvaluator(
        [{"query": s.query, "positive": s.positives, "negative": s.negatives} for s in samples],
        name="val", write_csv=False,
    )(tiny_reranker.cross_encoder)
    for key in ("val_map", "val_mrr@10", "val_ndcg@10"):
        assert ours[key] == pytest.approx(theirs[key], abs=1e-5)

    pairs = [Pair(text(5), text(5), float(rng.random())) for _ in range(20)]
    ours = evaluate_correlation(tiny_reranker, pairs)
    tiny_reranker.cross_encoder.activation_fn = __import__("torch").nn.Identity()
    theirs = CrossEncoderCorrelationEvaluator(
        [[p.sentence_0, p.sentence_1] for p in pairs], [p.label for p in pairs], name="val", write_csv=False
    )(tiny_reranker.cross_encoder)
    assert ours["val_pearson"] == pytest.approx(theirs["val_pearson"], abs=1e-5)
    assert ours["val_spearman"] == pytest.approx(theirs["val_spearman"], abs=1e-5)
