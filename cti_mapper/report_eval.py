"""Document-level evaluation on annotated reports (AnnoCTR-style): what an analyst gets per report.

Every sentence of each report is scored once (all candidates kept), so thresholds can be swept
without rescoring. Reported per setting (sentence threshold ``t``, ``min_evidence`` ``n``):

- document-level technique precision, recall, micro F1 (pooled over reports), macro F1 (mean over
  techniques) and per-document F1 (mean over reports with at least one annotated technique, as
  published for AnnoCTR);
- the share of no-behaviour sentences (no annotated mention at all) that get any label;
- sentence-level R@5 of annotated technique mentions (:func:`sentence_ranking`).

Each also at technique level (:func:`technique_level`: a sub-technique counts as its parent), the
level AnnoCTR's annotators linked at and the published AnnoCTR figures are given at.

A report-level technique is one evidenced by at least ``n`` sentences scoring >= ``t`` (an
explicitly written ID always counts). A label's score is the mapper's mix of the reranker's sigmoid and
the first stage's cosine; both are kept apart, so :func:`calibrate` chooses the mix's weight too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from cti_mapper.candidates import REASON_ALIAS, REASON_EXPLICIT
from cti_mapper.mapping import mixed_score

logger = logging.getLogger(__name__)

__all__ = [
    "CachedEmbedder",
    "ScoredReport",
    "SimilarityScorer",
    "calibrate",
    "calibration_values",
    "document_metrics",
    "first_stage_recall",
    "score_reports",
    "sentence_ranking",
    "technique_level",
    "with_weight",
]


# First-stage gates swept by calibrate(); 0.3 is the mapper's default (indicator lines, contacts).
GATES = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
# First-stage weights of the score mix swept by calibrate(); 0 is the reranker alone.
WEIGHTS = tuple(round(0.1 * i, 1) for i in range(11))


class CachedEmbedder:
    """Wraps a ``core.Embedder`` so that each distinct text is embedded once per process."""

    def __init__(self, embedder):
        """Wrap ``embedder``; ``name`` and ``model`` stay visible (label index fingerprints)."""
        self.inner, self.name, self.model = embedder, embedder.name, getattr(embedder, "model", None)
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, **_) -> np.ndarray:
        """Embed texts, reusing earlier results."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, self.inner.encode(todo, batch_size=batch_size), strict=True))
        if not texts:
            return self.inner.encode([])
        return np.stack([self._cache[t] for t in texts])


class SimilarityScorer:
    """Scores (sentence, label) by the first stage's similarity: the "bi-encoder alone" baseline."""

    name = "bi-encoder similarity"

    def __init__(self, mapper):
        """Score with ``mapper``'s embedder, label index and examples."""
        self.mapper = mapper
        self.rows = {o.label: i for i, o in enumerate(mapper.labels)}

    def predict(self, pairs, batch_size: int = 32, activation=None):
        """Cosine of each pair's sentence with its label (label text or best example)."""
        texts = list(dict.fromkeys(t for t, _ in pairs))
        if not texts:
            return np.zeros(0)
        sims = self.mapper.similarities(self.mapper.embedder.encode(texts))
        where = {t: i for i, t in enumerate(texts)}
        return np.array([sims[where[t], self.rows[label]] for t, label in pairs], dtype=float)


@dataclass
class ScoredReport:
    """One report's sentences with every candidate label's score, and its gold techniques."""

    name: str
    gold: set[str]
    scores: list[dict[str, float]] = field(default_factory=list)  # per sentence: id -> score
    explicit: list[set[str]] = field(default_factory=list)  # per sentence: explicitly written IDs
    no_behaviour: list[int] = field(default_factory=list)  # sentence indexes without any mention
    similarity: list[float] = field(default_factory=list)  # per sentence: best first-stage cosine
    named: list[bool] = field(default_factory=list)  # per sentence: an ID or name is written in it
    reranker: list[dict[str, float]] = field(default_factory=list)  # per sentence: id -> reranker sigmoid
    cosine: list[dict[str, float]] = field(default_factory=list)  # per sentence: id -> first-stage cosine

    def gated(self, i: int, min_similarity: float) -> bool:
        """Whether sentence ``i`` is dropped by the first-stage gate (nothing named, too unlike any label)."""
        return bool(self.similarity) and self.similarity[i] < min_similarity and not self.named[i]

    def mixed(self, weight: float) -> ScoredReport:
        """This report with ``scores`` as a mapper whose ``first_stage_weight`` is ``weight`` gives them:
        ``(1 - weight) * reranker + weight * cosine``. Unchanged when the two parts were not kept."""
        if not self.reranker:
            return self
        return replace(self, scores=[{i: mixed_score(s, cos[i], weight) for i, s in rr.items()}
                                     for rr, cos in zip(self.reranker, self.cosine, strict=True)])


def with_weight(scored: Sequence[ScoredReport], weight: float | None) -> list[ScoredReport]:
    """``scored`` mixed at ``weight`` (:meth:`ScoredReport.mixed`); ``None`` keeps their scores."""
    return list(scored) if weight is None else [report.mixed(weight) for report in scored]


def score_reports(mapper, reports: Sequence, *, kinds: Iterable[str] = ("technique", "software"),
                  gold: Sequence[set[str]] | None = None) -> list[ScoredReport]:
    """Score every candidate of every sentence of ``reports`` (AnnoCTR ``AnnotatedReport``).

    The mapper's threshold is set to 0 for the call, so each sentence keeps all its candidates. A mapper
    with a first stage is run as the reranker alone, and each candidate's reranker score and cosine are
    kept, so the score mix can be swept; ``scores`` are mixed at the mapper's own ``first_stage_weight``.
    ``gold`` overrides the reports' own technique sets (for reports without mentions).
    """
    from cti_mapper.annoctr import unannotated_sentences
    from cti_mapper.report_training import report_sentences

    wanted, saved, embedder = set(kinds), mapper.threshold, getattr(mapper, "embedder", None)
    first_stage = hasattr(mapper, "similarities")
    weight = getattr(mapper, "first_stage_weight", 0.0)
    mapper.threshold = 0.0
    if first_stage:
        mapper.first_stage_weight = 0.0
    if first_stage and embedder is not None and not isinstance(embedder, CachedEmbedder):
        mapper.embedder = CachedEmbedder(embedder)  # the gate's similarities reuse the mapping's embeddings
    out = []
    try:
        for k, report in enumerate(reports):
            texts = report_sentences(report)
            plain = set(unannotated_sentences(report, texts))
            mappings = mapper.map_sentences([_Text(t) for t in texts])
            sims = _similarities(mapper, texts, wanted) if first_stage else None
            truth = gold[k] if gold is not None else report.gold(("technique",), mapper.catalog)
            scored = ScoredReport(report.name, set(truth))
            for i, (text, mapping) in enumerate(zip(texts, mappings, strict=True)):
                labels = [m for m in mapping.labels if m.kind in wanted]
                scored.scores.append({m.id: float(m.score) for m in labels})
                scored.explicit.append({m.id for m in labels if REASON_EXPLICIT in m.reasons})
                if sims is not None:  # a mapper without a first stage of its own has no gate and no mix
                    scored.similarity.append(float(sims.best[i]))
                    scored.named.append(any(REASON_EXPLICIT in m.reasons or REASON_ALIAS in m.reasons
                                            for m in mapping.labels))
                    scored.reranker.append(scored.scores[-1])
                    scored.cosine.append({m.id: sims.of(i, m.id) for m in labels})
                if text in plain:
                    scored.no_behaviour.append(i)
            out.append(scored.mixed(weight))
            logger.info("scored %s (%d sentences)", report.name, len(texts))
    finally:
        mapper.threshold = saved
        if first_stage:
            mapper.first_stage_weight = weight
        if embedder is not None:
            mapper.embedder = embedder
    return out


@dataclass(frozen=True)
class _Similarities:
    """A report's first-stage cosines: each sentence's best (what the gate compares) and each label's."""

    matrix: np.ndarray  # sentences x labels
    best: np.ndarray  # per sentence: best cosine over the scored kinds
    column: dict[str, int]

    def of(self, sentence: int, attack_id: str) -> float:
        return float(self.matrix[sentence, self.column[attack_id]])


def _similarities(mapper, texts: Sequence[str], wanted: set[str]) -> _Similarities:
    column = {o.id: i for i, o in enumerate(mapper.labels)}
    if not texts:
        return _Similarities(np.zeros((0, len(column))), np.zeros(0), column)
    sims = mapper.similarities(mapper.embedder.encode(list(texts)))
    rows = [i for i, o in enumerate(mapper.labels) if o.kind in wanted]
    return _Similarities(sims, sims[:, rows].max(axis=1), column)


@dataclass(frozen=True)
class _Text:
    text: str


def _f1(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report_techniques(scored: ScoredReport, threshold: float, min_evidence: int = 1,
                      min_similarity: float = 0.0) -> set[str]:
    """Techniques of one report: >= ``min_evidence`` sentences at >= ``threshold``, or written.

    Sentences below the first-stage gate ``min_similarity`` (nothing named in them) count for nothing.
    """
    count: dict[str, int] = {}
    out: set[str] = set()
    for i, (scores, explicit) in enumerate(zip(scored.scores, scored.explicit, strict=True)):
        if scored.gated(i, min_similarity):
            continue
        for attack_id, score in scores.items():
            if not attack_id.startswith("T"):
                continue
            if attack_id in explicit:
                out.add(attack_id)
            elif score >= threshold:
                count[attack_id] = count.get(attack_id, 0) + 1
    return out | {i for i, c in count.items() if c >= min_evidence}


def technique_level(ids: Iterable[str]) -> list[str]:
    """IDs at ATT&CK technique level, first occurrence kept: T1566.001 counts as T1566.

    AnnoCTR's annotators linked mentions to techniques, not sub-techniques (14 of the 606
    report-level techniques of its train split are sub-techniques, none of dev's 129), so a
    sub-technique proposed for a mention linked to its parent is right at that level.
    """
    return list(dict.fromkeys(i.split(".")[0] for i in ids))


def document_metrics(scored: Sequence[ScoredReport], threshold: float, min_evidence: int = 1,
                     *, parent_level: bool = False, min_similarity: float = 0.0) -> dict[str, float]:
    """Document-level technique P/R/F1 (micro, macro, per document) and no-behaviour labelled rate.

    Args:
        scored: from :func:`score_reports`.
        threshold: sentence score at or above which a label counts.
        min_evidence: sentences a technique needs in a report.
        parent_level: compare parent techniques (T1566.001 counts as T1566) instead of exact IDs.
        min_similarity: first-stage gate: sentences whose best label cosine is below it, with no
            ID or name written, get no label (the mapper's ``min_similarity``).
    """
    def norm(ids: Iterable[str]) -> set[str]:
        return set(technique_level(ids)) if parent_level else set(ids)

    tp = n_pred = n_gold = 0
    per_doc, per_label = [], {}
    labelled = total = 0
    for report in scored:
        pred, gold = norm(report_techniques(report, threshold, min_evidence, min_similarity)), norm(report.gold)
        hits = len(pred & gold)
        tp, n_pred, n_gold = tp + hits, n_pred + len(pred), n_gold + len(gold)
        if gold:  # a report without any annotated technique has no per-document F1
            per_doc.append(_f1(hits, len(pred), len(gold))[2])
        for label in pred | gold:
            stats = per_label.setdefault(label, [0, 0, 0])
            stats[0] += label in pred and label in gold
            stats[1] += label in pred
            stats[2] += label in gold
        for i in report.no_behaviour:
            total += 1
            if report.gated(i, min_similarity):
                continue
            labelled += any(s >= threshold or k in report.explicit[i] for k, s in report.scores[i].items())
    p, r, f1 = _f1(tp, n_pred, n_gold)
    return {
        "doc_precision": p, "doc_recall": r, "doc_micro_f1": f1,
        "doc_macro_f1": float(np.mean([_f1(*s)[2] for s in per_label.values()])) if per_label else 0.0,
        "per_doc_f1": float(np.mean(per_doc)) if per_doc else 0.0,
        "no_behaviour_labelled": labelled / total if total else 0.0,
        "no_behaviour_sentences": float(total), "documents": float(len(scored)),
        "threshold": float(threshold), "min_evidence": float(min_evidence),
        "min_similarity": float(min_similarity),
    }


def calibrate(scored: Sequence[ScoredReport], *, max_no_behaviour: float = 0.10,
              thresholds: Iterable[float] | None = None, evidence: Iterable[int] = (1, 2, 3),
              gates: Iterable[float] = GATES, weights: Iterable[float] = WEIGHTS) -> dict[str, float]:
    """Pick (first-stage weight, threshold, min_evidence, min_similarity) with the best mean of document
    micro F1 and per-document F1 among settings that label at most ``max_no_behaviour`` of the
    no-behaviour sentences (tune on dev, never on test). Reports scored without a first stage keep
    their scores and get no ``first_stage_weight``."""
    grid = [round(float(t), 3) for t in (thresholds if thresholds is not None else np.arange(0.05, 1.0, 0.01))]
    gates, evidence = tuple(gates), tuple(evidence)  # swept once per weight
    mixable = any(report.reranker for report in scored)
    best = None
    for weight in (weights if mixable else (None,)):
        reports = with_weight(scored, weight)
        for gate in gates:
            for n in evidence:
                for t in grid:
                    m = document_metrics(reports, t, n, min_similarity=gate)
                    if m["no_behaviour_labelled"] > max_no_behaviour:
                        continue
                    m["objective"] = (m["doc_micro_f1"] + m["per_doc_f1"]) / 2
                    if weight is not None:
                        m["first_stage_weight"] = weight
                    if best is None or m["objective"] > best["objective"] + 1e-9:
                        best = m
    if best is None:  # nothing meets the cap: take the strictest setting, the reranker alone
        weight = 0.0 if mixable else None
        best = document_metrics(with_weight(scored, weight), grid[-1], max(evidence), min_similarity=max(gates))
        if weight is not None:
            best["first_stage_weight"] = weight
    return best


def calibration_values(setting: dict[str, float]) -> dict:
    """What a calibration saves beside the model (``cti_threshold.json``), from :func:`calibrate`."""
    mix = {"first_stage_weight": setting["first_stage_weight"]} if "first_stage_weight" in setting else {}
    return {"threshold": setting["threshold"], "min_evidence": int(setting["min_evidence"]),
            "min_similarity": setting["min_similarity"], **mix,
            "method": "AnnoCTR dev: best mean of document micro F1 and per-document F1 among settings "
                      "(first-stage weight, threshold, min_evidence, first-stage gate) labelling <= 10% "
                      "of no-behaviour sentences"}


def sentence_ranking(mapper, sentences: Sequence[tuple[str, Sequence[str]]]) -> dict[str, float]:
    """R@5 (and P@1, MRR@10, MAP) of annotated technique mentions, ranking technique labels.

    The reranked candidates come first (by score), every other technique after them by
    first-stage similarity, as :meth:`cti_mapper.mapping.Mapper.rank_labels` orders them. The
    ``technique_`` keys rank and compare at technique level (:func:`technique_level`).
    """
    saved = mapper.threshold
    mapper.threshold = 0.0
    try:
        texts = [t for t, _ in sentences]
        mappings = mapper.map_sentences([_Text(t) for t in texts])
    finally:
        mapper.threshold = saved
    sims = mapper.similarities(mapper.embedder.encode(texts))
    technique_rows = [i for i, o in enumerate(mapper.labels) if o.kind == "technique"]
    rankings = []
    for row, mapping in enumerate(mappings):
        first = [m.id for m in sorted(mapping.labels, key=lambda m: -m.score) if m.kind == "technique"]
        order = sorted(technique_rows, key=lambda i: -sims[row, i])
        rankings.append(first + [mapper.labels[i].id for i in order[:100] if mapper.labels[i].id not in first])
    return technique_ranking_metrics(rankings, [set(g) for _, g in sentences])


def technique_ranking_metrics(rankings: Sequence[Sequence[str]], gold: Sequence[set[str]]) -> dict[str, float]:
    """:func:`cti_mapper.evaluation.ranking_metrics` by exact ID, plus the same at technique level
    (``technique_r@5``...: sub-techniques ranked and compared as their parents)."""
    from cti_mapper.evaluation import ranking_metrics

    exact = ranking_metrics(rankings, gold)
    parents = ranking_metrics([technique_level(r) for r in rankings], [set(technique_level(g)) for g in gold],
                              name="technique")
    return {**exact, **parents}


def first_stage_recall(mapper, sentences: Sequence[tuple[str, Sequence[str]]], ks: Sequence[int] = (10, 50),
                       *, kinds: Iterable[str] = ("technique", "software")) -> dict[str, float]:
    """Share of gold labels among the first stage's top ``k`` for their sentence, per ``k``.

    The first stage is :meth:`cti_mapper.mapping.Mapper.retrieve_labels` over ``kinds`` with its
    quota (software a quarter of the slots), so ``recall@k`` is what ``retrieve_k=k`` hands the
    reranker. ``hit@k``: share of sentences with at least one gold label retrieved.
    """
    pairs = [(t, set(g)) for t, g in sentences if g]
    if not pairs:
        raise ValueError("no sentence with a gold label to measure recall on")
    emb = mapper.embedder.encode([t for t, _ in pairs], batch_size=64)
    out: dict[str, float] = {"sentences": float(len(pairs)), "gold": float(sum(len(g) for _, g in pairs))}
    for k in ks:
        top, _ = mapper.retrieve_labels(emb, set(kinds), k)
        found = [len(g & {mapper.labels[j].id for j in row}) for (_, g), row in zip(pairs, top, strict=True)]
        out[f"recall@{k}"] = sum(found) / out["gold"]
        out[f"hit@{k}"] = sum(f > 0 for f in found) / len(pairs)
    return out
