"""Measure the matcher on labelled JSONL through the same path as `rank` (parse -> card -> model)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

import core
from core.files import parse_jsonl
from jobmatch.importing import InputProblem, read_text
from jobmatch.parsing import profile_from_text


@dataclass(frozen=True)
class EvalData:
    """Graded pairs and/or reranking samples read from one file."""

    graded: list[tuple[str, str, float]]
    samples: list[core.RerankSample]


def read_eval_file(path: str | Path) -> EvalData:
    """Read lines {"job", "candidate", "label"} and/or {"job", "positives", "negatives"}.

    Seed-format lines {"sentence_0", "sentence_1", "label"} are accepted as graded pairs too.
    """
    graded, samples = [], []
    for where, row in parse_jsonl(read_text(path).splitlines(), str(path), InputProblem):
        job = row.get("job", row.get("sentence_0"))
        if not isinstance(job, str) or not job.strip():
            raise InputProblem(f"{where}: needs a non-empty 'job' text")
        if "positives" in row or "negatives" in row:
            pos, neg = row.get("positives") or [], row.get("negatives") or []
            if not isinstance(pos, list) or not isinstance(neg, list) or not pos:
                raise InputProblem(f"{where}: 'positives' must be a non-empty list and 'negatives' a list")
            samples.append(core.RerankSample(job, [str(p) for p in pos], [str(n) for n in neg]))
            continue
        candidate = row.get("candidate", row.get("sentence_1"))
        label = row.get("label")
        if not isinstance(candidate, str) or not isinstance(label, int | float) or isinstance(label, bool):
            raise InputProblem(
                f"{where}: needs 'candidate' (text) and a numeric 'label', or 'positives'/'negatives' lists"
            )
        graded.append((job, candidate, float(label)))
    if not graded and not samples:
        raise InputProblem(f"{path} has no evaluation lines")
    return EvalData(graded, samples)


def evaluate_file(path: str | Path, *, reranker, batch_size: int = 32) -> dict[str, float]:
    """Evaluate a reranker on a labelled file; candidate texts are parsed into cards as in `rank`.

    Returns:
        Flat metrics: eval_pearson/eval_spearman (graded lines) and eval_map/eval_mrr@10/eval_ndcg@10
        (positives/negatives lines), plus eval_pairs / eval_samples counts.
    """
    data = read_eval_file(path)
    metrics: dict[str, float] = {}
    cards: dict[str, str] = {}

    def card(text: str) -> str:
        if text not in cards:
            cards[text] = profile_from_text(text).card
        return cards[text]

    if data.graded:
        pairs = [(job, card(candidate)) for job, candidate, _ in data.graded]
        scores = reranker.predict(pairs, batch_size=batch_size, activation="sigmoid")
        labels = [label for _, _, label in data.graded]
        if len(set(labels)) < 2 or len(pairs) < 2:
            raise InputProblem(f"{path}: correlation needs at least 2 pairs with different labels")
        metrics.update(core.correlation_metrics(np.asarray(scores), labels, name="eval"))
        metrics["eval_pairs"] = float(len(pairs))
    if data.samples:
        cooked = [
            core.RerankSample(s.query, [card(p) for p in s.positives], [card(n) for n in s.negatives])
            for s in data.samples
        ]
        metrics.update(core.evaluate_reranking(reranker, cooked, name="eval"))
        metrics["eval_samples"] = float(len(cooked))
    return metrics


__all__ = ["EvalData", "evaluate_file", "read_eval_file"]
