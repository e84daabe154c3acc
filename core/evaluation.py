"""Metrics for rerankers: correlation for graded pairs, MAP / MRR@10 / NDCG@10 for rankings.

The maths are pure functions over scores, so they are testable without a model; the
`evaluate_*` helpers run a reranker and return flat, prefixed metric dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from core.data import Pair, RerankSample

if TYPE_CHECKING:
    from core.model import Reranker

AT_K = 10


def prefix_metrics(metrics: dict[str, float], name: str) -> dict[str, float]:
    """``{name}_{key}`` keys (plain keys for an empty name), float values: every metric dict's naming."""
    return {(f"{name}_{key}" if name else key): float(value) for key, value in metrics.items()}


def correlation_metrics(scores: Sequence[float], labels: Sequence[float], name: str = "") -> dict[str, float]:
    """Pearson and Spearman correlation between predicted scores and gold labels."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels, dtype=float)
    if len(scores) != len(labels) or len(scores) < 2:
        raise ValueError("correlation needs at least two scores with one label each")
    from scipy.stats import pearsonr, spearmanr  # here, not at the top: scipy.stats costs ~0.5 s of start-up

    return prefix_metrics(
        {"pearson": pearsonr(labels, scores)[0], "spearman": spearmanr(labels, scores)[0]}, name
    )


def mrr_at_k(relevance: Sequence[int], scores: Sequence[float], k: int = AT_K) -> float:
    """Reciprocal rank of the first relevant item within the top k (0 if none)."""
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:k]
    for position, index in enumerate(order, 1):
        if relevance[index]:
            return 1.0 / position
    return 0.0


def ndcg_at_k(relevance: Sequence[float], scores: Sequence[float], k: int = AT_K) -> float:
    """Normalised discounted cumulative gain of the top k, with linear gains."""
    relevance = np.asarray(relevance, dtype=float)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = float((relevance[order] * discounts[: len(order)]).sum())
    ideal = np.sort(relevance)[::-1][:k]
    idcg = float((ideal * discounts[: len(ideal)]).sum())
    return dcg / idcg if idcg > 0 else 0.0


def average_precision(relevance: Sequence[int], scores: Sequence[float]) -> float:
    """Mean of the precision at each relevant item's rank, over all relevant items."""
    relevance = np.asarray(relevance, dtype=bool)
    if not relevance.any():
        return 0.0
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    hits = relevance[order]
    precision_at_hits = np.cumsum(hits)[hits] / (np.flatnonzero(hits) + 1)
    return float(precision_at_hits.mean())


def reranking_metrics(
    rankings: Sequence[tuple[Sequence[int], Sequence[float]]], name: str = "", k: int = AT_K
) -> dict[str, float]:
    """Mean MAP, MRR@k and NDCG@k over queries, each given as (relevance, scores)."""
    if not rankings:
        raise ValueError("reranking metrics need at least one query")
    maps, mrrs, ndcgs = [], [], []
    for relevance, scores in rankings:
        maps.append(average_precision(relevance, scores))
        mrrs.append(mrr_at_k(relevance, scores, k))
        ndcgs.append(ndcg_at_k(relevance, scores, k))
    return prefix_metrics(
        {"map": np.mean(maps), f"mrr@{k}": np.mean(mrrs), f"ndcg@{k}": np.mean(ndcgs)}, name
    )


def evaluate_correlation(
    reranker: Reranker, pairs: Sequence[Pair], name: str = "val", batch_size: int = 32
) -> dict[str, float]:
    """Score graded pairs with the reranker and correlate with their labels."""
    scores = reranker.predict([(p.sentence_0, p.sentence_1) for p in pairs], batch_size=batch_size)
    return correlation_metrics(scores, [p.label for p in pairs], name)


def evaluate_reranking(
    reranker: Reranker, samples: Sequence[RerankSample], name: str = "val", batch_size: int = 32
) -> dict[str, float]:
    """Rerank each sample's positives and negatives; one batched predict call for all."""
    samples = [s for s in samples if s.positives]
    pairs = [(s.query, doc) for s in samples for doc in (*s.positives, *s.negatives)]
    scores = reranker.predict(pairs, batch_size=batch_size)
    rankings, offset = [], 0
    for sample in samples:
        size = len(sample.positives) + len(sample.negatives)
        relevance = [1] * len(sample.positives) + [0] * len(sample.negatives)
        rankings.append((relevance, scores[offset : offset + size]))
        offset += size
    return reranking_metrics(rankings, name)
