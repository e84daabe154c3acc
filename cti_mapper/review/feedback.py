"""Learning from review decisions: training pairs for ``cti-map train --feedback`` and the
reviewed sentences ``cti-map evaluate --feedback`` scores the model on.

Accepted and added labels are positives; rejected labels are hard negatives (the model proposed
them, so they are exactly the mistakes to unlearn); a sentence marked "no behaviour" makes every
label proposed for it a negative. Only the decision in force per (sentence, label) counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cti_mapper.review.service import decisions_in_force
from cti_mapper.review.store import Report

__all__ = ["FeedbackSentence", "evaluate_on_feedback", "feedback_pairs", "load_feedback"]


@dataclass(frozen=True)
class FeedbackSentence:
    """One reviewed sentence: the labels the analyst holds true and those they turned down."""

    text: str
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    no_behaviour: bool = False


def load_feedback(engine: Engine) -> list[FeedbackSentence]:
    """Every reviewed sentence of every report in the database, in report/sentence order."""
    out: list[FeedbackSentence] = []
    with Session(engine) as session:
        for report in session.scalars(select(Report).order_by(Report.id)):
            if not report.decisions:
                continue
            state = decisions_in_force(report.decisions)
            proposed = _proposed(report)
            for index in sorted({i for i, _ in state}):
                none = (index, None) in state
                pos = [] if none else [lab for (i, lab), d in state.items()
                                       if i == index and lab and d.action in ("accept", "add")]
                neg = [lab for (i, lab), d in state.items() if i == index and lab and d.action == "reject"]
                if none:
                    neg += [lab for lab in proposed.get(index, ()) if lab not in neg]
                if pos or neg or none:
                    out.append(FeedbackSentence(report.sentences[index][0], tuple(pos), tuple(neg), none))
    return out


def _proposed(report: Report) -> dict[int, list[str]]:
    """Labels proposed per sentence by any finished run (a re-map may propose others)."""
    proposed: dict[int, list[str]] = {}
    for run in report.runs:
        for index, labels in enumerate(run.results or []):
            for label in labels:
                if label["id"] not in proposed.setdefault(index, []):
                    proposed[index].append(label["id"])
    return proposed


def feedback_pairs(feedback: Sequence[FeedbackSentence], catalog: Any, *, repeat: int = 1) -> list:
    """Turn reviewed sentences into ``core.Pair`` (sentence, label text, 1.0/0.0) training pairs.

    Tactic labels are left out, as in the catalog training data: the mapper reports tactics
    through techniques. ``repeat`` copies each pair so that a handful of decisions weighs
    something among thousands of generated pairs.
    """
    import core

    pairs = []
    for item in feedback:
        for ids, value in ((item.positives, 1.0), (item.negatives, 0.0)):
            for attack_id in ids:
                if attack_id not in catalog or catalog.get(attack_id).kind == "tactic":
                    continue
                pairs.append(core.Pair(item.text, catalog.get(attack_id).label, value))
    return pairs * max(1, repeat)


def evaluate_on_feedback(mapper: Any, feedback: Sequence[FeedbackSentence]) -> dict[str, float]:
    """How the mapper's reported labels agree with the decisions on reviewed sentences.

    Returns:
        ``accepted_recall`` (share of accepted/added labels the mapper reports),
        ``rejected_reported`` (share of rejected labels it still reports: lower is better),
        ``none_quiet`` (share of "no behaviour" sentences left unmapped), ``agreement`` (share of
        all decided labels where the mapper agrees), and ranking metrics (P@1, MRR@10, MAP...) of
        the accepted labels where any.
    """
    from cti_mapper.evaluation import LabelledText, evaluate_mapper
    from cti_mapper.reports import Sentence

    if not feedback:
        raise ValueError("the database holds no review decisions")
    mappings = mapper.map_sentences([Sentence(f.text, None, 0, len(f.text)) for f in feedback])
    hit = miss = kept = dropped = quiet = nones = 0
    for item, mapping in zip(feedback, mappings, strict=True):
        reported = {m.id for m in mapping.labels}
        hit += sum(1 for i in item.positives if i in reported)
        miss += sum(1 for i in item.positives if i not in reported)
        kept += sum(1 for i in item.negatives if i in reported)
        dropped += sum(1 for i in item.negatives if i not in reported)
        if item.no_behaviour:
            nones += 1
            quiet += not mapping.labels
    metrics = {
        "sentences": float(len(feedback)),
        "accepted_recall": hit / (hit + miss) if hit + miss else float("nan"),
        "rejected_reported": kept / (kept + dropped) if kept + dropped else float("nan"),
        "none_quiet": quiet / nones if nones else float("nan"),
        "agreement": (hit + dropped) / (hit + miss + kept + dropped) if hit + miss + kept + dropped else float("nan"),
    }
    examples = [LabelledText(f.text, f.positives) for f in feedback if f.positives]
    if examples:
        metrics.update(evaluate_mapper(mapper, examples))
    return metrics
