"""`cti-map evaluate`: rank catalog labels for hand-labelled sentences and score the ranking.

Input is JSON Lines, one ``{"text": "...", "labels": ["T1059.001", "S0154"]}`` per line. Metrics:
P@1, R@5, MRR@10, NDCG@10 and MAP (pure functions; the per-query maths come from ``core``).
Gold labels the mapper did not return at all count as ranked last.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.errors import CrossrankError
from core.evaluation import average_precision, mrr_at_k, ndcg_at_k, prefix_metrics
from core.files import parse_jsonl

if TYPE_CHECKING:
    from cti_mapper.attack import AttackCatalog
    from cti_mapper.mapping import Mapper

logger = logging.getLogger(__name__)

__all__ = [
    "EvaluationDataError",
    "LabelledText",
    "PRIMARY_METRIC",
    "evaluate_mapper",
    "load_labelled_texts",
    "ranking_metrics",
]

PRIMARY_METRIC = "map"


class EvaluationDataError(CrossrankError, ValueError):
    """An evaluation file that is missing, not JSON Lines, or names unknown ATT&CK IDs."""


@dataclass(frozen=True)
class LabelledText:
    """One evaluation example: a sentence and the ATT&CK IDs it evidences."""

    text: str
    labels: tuple[str, ...]


def load_labelled_texts(
    path: str | Path, *, catalog: AttackCatalog | None = None
) -> list[LabelledText]:
    """Read ``{"text", "labels"}`` JSON Lines; blank lines are skipped.

    Args:
        path: The ``.jsonl`` file.
        catalog: When given, labels are resolved (revoked IDs follow ``revoked-by``) and an
            unknown ID is an error.

    Returns:
        The examples, in file order.

    Raises:
        EvaluationDataError: Unreadable file, bad JSON, missing fields, unknown ID, no examples.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationDataError(f"{path}: cannot read ({exc})") from None
    examples: list[LabelledText] = []
    for where, row in parse_jsonl(lines, path.name, EvaluationDataError):
        if not isinstance(row.get("text"), str):
            raise EvaluationDataError(f'{where}: expected {{"text": str, "labels": [ids]}}')
        labels = row.get("labels")
        if isinstance(labels, str):
            labels = [labels]
        if not isinstance(labels, list) or not labels \
                or not all(isinstance(x, str) for x in labels):
            raise EvaluationDataError(f'{where}: "labels" must be a non-empty list of ATT&CK IDs')
        examples.append(LabelledText(row["text"], _resolve(labels, catalog, where)))
    if not examples:
        raise EvaluationDataError(f"{path}: no examples (empty file)")
    return examples


def _resolve(labels: Iterable[str], catalog: AttackCatalog | None, where: str) -> tuple[str, ...]:
    out: list[str] = []
    for label in labels:
        key = label.strip().upper()
        if catalog is not None:
            try:
                key = catalog.resolve(key)
            except ValueError as exc:
                raise EvaluationDataError(f"{where}: {exc}") from None
        out.append(key)
    return tuple(dict.fromkeys(out))


def ranking_metrics(
    rankings: Sequence[Sequence[str]], gold: Sequence[Collection[str]], *, name: str = ""
) -> dict[str, float]:
    """P@1, R@5, MRR@10, NDCG@10 and MAP of ranked ID lists against gold ID sets.

    Args:
        rankings: For each query, the IDs ranked best first (may be a truncated list).
        gold: For each query, the relevant IDs.
        name: Prefix for the keys (``"<name>_map"``); empty for bare keys.

    Returns:
        A flat dict of means over queries, plus ``queries``. Gold IDs missing from a ranking
        count as ranked after everything returned.
    """
    if len(rankings) != len(gold) or not rankings:
        raise ValueError("ranking_metrics needs one non-empty gold set per ranking")
    p1, r5, mrr, ndcg, ap = [], [], [], [], []
    for ranked, relevant in zip(rankings, gold, strict=True):
        relevant = set(relevant)
        ranked = list(dict.fromkeys(ranked))
        missing = len(relevant - set(ranked))
        relevance = [1 if doc in relevant else 0 for doc in ranked] + [1] * missing
        scores = -np.arange(len(relevance), dtype=float)  # already in rank order
        p1.append(float(relevance[0]) if relevance else 0.0)
        r5.append(sum(relevance[:5]) / len(relevant) if relevant else 0.0)
        mrr.append(mrr_at_k(relevance, scores, 10))
        ndcg.append(ndcg_at_k(relevance, scores, 10))
        ap.append(average_precision(relevance, scores))
    metrics = {"p@1": p1, "r@5": r5, "mrr@10": mrr, "ndcg@10": ndcg, "map": ap}
    return prefix_metrics({**{k: np.mean(v) for k, v in metrics.items()}, "queries": len(rankings)}, name)


def evaluate_mapper(
    mapper: Mapper,
    examples: Sequence[LabelledText],
    *,
    kinds: Collection[str] | None = None,
    name: str = "",
    top_k: int = 100,
) -> dict[str, float]:
    """Rank the catalog's live labels for each example with the mapper and score the rankings.

    Args:
        mapper: A loaded :class:`cti_mapper.mapping.Mapper`.
        examples: From :func:`load_labelled_texts`.
        kinds: Restrict candidates (e.g. ``{"technique"}``); gold labels of other kinds are
            dropped from that example (and examples left with none are skipped).
        name: Metric key prefix.
        top_k: How many ranked labels to keep per example.

    Returns:
        The flat metric dict of :func:`ranking_metrics`.

    Raises:
        EvaluationDataError: No example has a gold label of the requested kinds.
    """
    rankings: list[list[str]] = []
    gold: list[set[str]] = []
    catalog = mapper.catalog
    for example in examples:
        wanted = {
            i for i in example.labels
            if kinds is None or (i in catalog and catalog.get(i).kind in kinds)
        }
        if not wanted:
            continue
        ranked = mapper.rank_labels(example.text, kinds=kinds, top_k=top_k)
        rankings.append([item.doc_id for item in ranked])
        gold.append(wanted)
    if not rankings:
        raise EvaluationDataError(f"no example has a gold label of kind {sorted(kinds or [])}")
    skipped = len(examples) - len(rankings)
    if skipped:
        logger.warning("%d example(s) without a gold label of the requested kinds skipped", skipped)
    return ranking_metrics(rankings, gold, name=name)
