"""Training data from real reports (AnnoCTR): exemplars, reranker pairs and dev samples.

Positives are the technique and software labels linked to a sentence. Hard negatives are labels
the mapper's first stage retrieves for it that are wrong (the example index hides the sentence's
own report). No-behaviour negatives pair sentences of the same reports that carry no mention at
all (attribution, history, hedging, boilerplate, captions), and a short hand-written list, with
the labels the first stage retrieves for them. A technique's parent, children and tactics are
never negatives for it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from cti_mapper.annoctr import AnnotatedReport, annotated_sentences, unannotated_sentences
from cti_mapper.attack import AttackCatalog
from cti_mapper.exemplars import ExemplarIndex
from cti_mapper.training_data import _related, build_queries

logger = logging.getLogger(__name__)

__all__ = ["NO_BEHAVIOUR", "ReportData", "build_exemplars", "build_report_pairs", "report_sentences"]

# Sentences that describe no adversary behaviour; written for this project (none from AnnoCTR).
NO_BEHAVIOUR = (
    "A year later, the then-new and very complex malware family called FlowCloud was also attributed to TA410.",
    "LokiBot malware has been used by attackers for many years.",
    "However, we have not seen direct connection or shared tools, so we are only able to assess this "
    "link with low confidence.",
    "The structure represents the physical location on the disk.",
    "TLP:WHITE Disclosure is not limited. Subject to standard copyright rules, TLP:WHITE information "
    "may be distributed without restriction.",
    "This report was written by the threat research team with contributions from our partners.",
    "We would like to thank our colleagues for their help with this analysis.",
    "Figure 3: Timeline of the campaign between January and March.",
    "The group has been active since at least 2014 and is believed to be based in Eastern Europe.",
    "Attribution remains difficult, and we assess with moderate confidence that the two clusters are related.",
    "For more information, contact your local field office or visit our website.",
    "The views expressed in this blog are those of the authors.",
    "Table 1 lists the indicators of compromise observed during our investigation.",
    "Security researchers first reported on the family in a blog post last year.",
    "It is unclear whether the actors are financially motivated or state sponsored.",
    "The healthcare sector has seen a sharp increase in incidents over the past year.",
    "Organizations should review the recommendations at the end of this advisory.",
    "The sample was first uploaded to a public malware repository in May.",
    "Our telemetry shows victims in the United States, Germany and Japan.",
    "This is the second part of our series on the threat landscape.",
    "Researchers disagree about how the name of the group should be spelled.",
    "The following section describes the history of the malware family.",
    "The company declined to comment on the incident when contacted by reporters.",
    "We will continue to monitor the situation and update this post as new information becomes available.",
    "These findings are consistent with previous public reporting on the actor.",
    "The campaign names are based on strings found in the samples.",
    "Please see the appendix for a full list of hashes.",
    "The ransomware operators published a statement on their leak site.",
    "Law enforcement agencies arrested three suspects in connection with the operation.",
    "The malware family got its name from a string in its debug path.",
)


@dataclass
class ReportData:
    """Reranker pairs (``core.Pair``) and their counts."""

    pairs: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def report_sentences(report: AnnotatedReport) -> list[str]:
    """The report's sentences as ``cti-map`` splits them (its text-file reader)."""
    import tempfile
    from pathlib import Path

    from cti_mapper.reports import ReportError, read_report

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{report.name}.txt"
        path.write_text(report.text, encoding="utf-8")
        try:
            return [s.text for s in read_report(path).sentences]
        except ReportError:
            return []


def build_exemplars(
    catalog: AttackCatalog, reports: Sequence[AnnotatedReport], embedder, *,
    per_technique: int = 3, seed: int = 42,
) -> ExemplarIndex:
    """Example index: labelled sentences of ``reports`` plus ATT&CK procedure examples.

    Args:
        catalog: the ATT&CK catalog.
        reports: training reports (AnnoCTR ``train``; never dev or test).
        embedder: the first-stage bi-encoder.
        per_technique: ATT&CK procedure examples kept per technique (names masked in half).
        seed: sampling seed.
    """
    rng = random.Random(seed)
    examples = [(text, ids, r.name) for r in reports for text, ids in annotated_sentences(r, catalog)]
    procedures = [q for q in build_queries(catalog, seed=seed) if q.origin == "procedure"
                  and catalog.get(q.positives[0]).kind == "technique"]
    rng.shuffle(procedures)
    kept: dict[str, int] = {}
    for q in procedures:
        target = q.positives[0]
        if kept.get(target, 0) < per_technique:
            kept[target] = kept.get(target, 0) + 1
            examples.append((q.text, (target,), "attack"))
    logger.info("embedding %d exemplars", len(examples))
    return ExemplarIndex.build(examples, embedder)


def build_report_pairs(
    mapper, reports: Sequence[AnnotatedReport], *,
    negatives_per_sentence: int = 3, max_unannotated: int = 1500, unannotated_negatives: int = 2,
    seed: int = 42,
) -> ReportData:
    """Reranker pairs from annotated reports, with hard and no-behaviour negatives.

    Args:
        mapper: a :class:`cti_mapper.mapping.Mapper` (its first stage proposes the negatives;
            its reranker is not used).
        reports: training reports (AnnoCTR ``train``).
        negatives_per_sentence: wrong labels per annotated sentence: the top retrieved ones and
            one sampled deeper in the candidate list.
        max_unannotated: no-mention sentences sampled from the reports.
        unannotated_negatives: top retrieved labels paired with each no-mention sentence.
        seed: sampling seed.
    """
    import core

    rng = random.Random(seed)
    catalog = mapper.catalog
    kinds = {"technique", "software"}
    annotated = [(text, ids, r.name) for r in reports for text, ids in annotated_sentences(r, catalog, kinds)]
    plain = [(text, r.name) for r in reports for text in unannotated_sentences(r, report_sentences(r))]
    plain = rng.sample(plain, min(max_unannotated, len(plain))) + [(t, None) for t in NO_BEHAVIOUR]
    texts = [t for t, _, _ in annotated] + [t for t, _ in plain]
    sources = [s for _, _, s in annotated] + [s for _, s in plain]
    emb = mapper.embedder.encode(texts, batch_size=64)
    top, _ = mapper.retrieve_labels(emb, kinds, mapper.retrieve_k, exclude_sources=sources)
    pairs = []
    for (text, ids, _), row in zip(annotated, top[: len(annotated)], strict=True):
        banned = set().union(*(_related(catalog, i) for i in ids))
        pairs.extend(core.Pair(text, catalog.get(i).label, 1.0) for i in ids)
        wrong = [mapper.labels[j].id for j in row if mapper.labels[j].id not in banned]
        negs = wrong[: negatives_per_sentence - 1]
        if len(wrong) > len(negs):
            negs.append(rng.choice(wrong[len(negs):]))
        pairs.extend(core.Pair(text, catalog.get(n).label, 0.0) for n in negs)
    n_plain = 0
    for (text, _), row in zip(plain, top[len(annotated):], strict=True):
        for j in row[:unannotated_negatives]:
            pairs.append(core.Pair(text, mapper.labels[j].label, 0.0))
            n_plain += 1
    rng.shuffle(pairs)
    stats = {
        "annoctr_reports": len(reports),
        "annoctr_sentences": len(annotated),
        "annoctr_positive_pairs": sum(len(ids) for _, ids, _ in annotated),
        "no_behaviour_sentences": len(plain),
        "no_behaviour_pairs": n_plain,
        "annoctr_pairs": len(pairs),
    }
    logger.info("report pairs: %s", stats)
    return ReportData(pairs, stats)
