"""Training pairs for the CTI reranker, generated from the ATT&CK catalog itself.

Queries are the catalog's own sentences: procedure examples (``uses`` descriptions), sentences of
technique, software and tactic descriptions. Each query gets its true labels as positives and hard
negatives (bi-encoder retrieved-but-wrong labels, sibling sub-techniques, techniques of the same
tactic, a random label). Software/group names are masked in part of the procedures ("The malware
has...") so the model learns behaviour, not names. Parents and children of a positive technique are
never used as negatives (a sentence evidencing T1566.001 also evidences T1566).

The split is by source object (group, software, campaign, technique or tactic): no source appears
on both sides, so validation measures generalisation to unseen actors.
"""

from __future__ import annotations

import logging
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.retrieval import cosine_retriever
from cti_mapper.attack import AttackCatalog
from cti_mapper.candidates import retrieval_text

logger = logging.getLogger(__name__)

__all__ = ["Query", "TrainingData", "build_queries", "build_training_data"]

_SENT_SPLIT = re.compile(r"(?<=[a-z0-9\)][.!?])\s+(?=[A-Z])")
_MASKS = {
    "software": ("The malware", "The tool", "This backdoor", "The implant", "The payload"),
    "group": ("The adversary", "The threat actor", "The actors", "The group", "The attackers"),
    "campaign": ("The adversary", "The threat actors", "The operators", "The attackers"),
}


@dataclass(frozen=True)
class Query:
    """A training/validation query: a sentence, its true label IDs and its source object."""

    text: str
    positives: tuple[str, ...]
    source: str
    origin: str  # "procedure" | "technique" | "software" | "tactic"


@dataclass
class TrainingData:
    """Generated pairs and evaluation samples (``core.Pair`` / ``core.RerankSample`` lists)."""

    train_pairs: list = field(default_factory=list)
    val_samples: list = field(default_factory=list)
    val_queries: list[Query] = field(default_factory=list)
    val_candidates: list[list[str]] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def _sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        out.extend(s.strip() for s in _SENT_SPLIT.split(para) if s.strip())
    return out


def _mask(text: str, names: Sequence[str], phrase: str) -> str:
    for name in sorted({n for n in names if len(n) > 2}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?:'s)?(?![\w-])", re.IGNORECASE)

        def repl(m: re.Match, _phrase=phrase, _text=text) -> str:
            start = m.start() == 0 or _text[: m.start()].rstrip().endswith((".", ":"))
            out = _phrase if start else _phrase[0].lower() + _phrase[1:]
            return out + ("'s" if m.group(0).lower().endswith("'s") else "")

        text = pattern.sub(repl, text)
    return text


def build_queries(
    catalog: AttackCatalog,
    *,
    domains: Sequence[str] = ("enterprise-attack",),
    mask_fraction: float = 0.5,
    tactic_fraction: float = 0.3,
    max_description_sentences: int = 3,
    seed: int = 42,
) -> list[Query]:
    """Return every query the catalog offers, with its true labels.

    Args:
        catalog: the ATT&CK catalog.
        domains: domains whose objects give queries.
        mask_fraction: share of procedures whose software/group name is masked.
        tactic_fraction: share of procedures that also get their technique's tactics as positives.
        max_description_sentences: description sentences used per technique/software/tactic.
        seed: random seed.
    """
    rng = random.Random(seed)
    live = {o.id: o for o in catalog.labels() if o.domain in domains}
    queries: list[Query] = []
    for proc in catalog.procedures():
        target = live.get(proc.target_id)
        if target is None or len(proc.text) < 20:
            continue
        positives = [target.id]
        text = proc.text
        if rng.random() < mask_fraction:
            text = _mask(text, (proc.source_name, *proc.source_aliases),
                         rng.choice(_MASKS[proc.source_kind]))
        elif proc.source_kind == "software" and proc.source_id in live:
            positives.append(proc.source_id)  # the named software is evidenced too
        if target.kind == "technique" and rng.random() < tactic_fraction:
            positives.extend(t for t in target.tactics if t in live)
        queries.append(Query(text, tuple(dict.fromkeys(positives)), proc.source_id, "procedure"))
    for obj in live.values():
        sents = [s for s in _sentences(obj.description) if 30 <= len(s) <= 400]
        for sent in sents[:max_description_sentences]:
            queries.append(Query(sent, (obj.id,), obj.id, obj.kind))
    logger.info("built %d queries from the catalog", len(queries))
    return queries


def _related(catalog: AttackCatalog, attack_id: str) -> set[str]:
    """IDs never used as negatives for a positive: itself, its tactics, parent and sub-techniques."""
    obj = catalog.get(attack_id)
    out = {obj.id, *obj.tactics}  # a technique's tactics are implied, never wrong
    if obj.parent_id:
        out.add(obj.parent_id)
    if obj.kind == "technique" and not obj.parent_id:
        out.update(c.id for c in catalog.children(obj.id))
    return out


def _retrieve(embedder, texts: Sequence[str], label_emb: np.ndarray, top_k: int) -> np.ndarray:
    """Label rows the mapper's first stage would retrieve for each text (the hard negatives)."""
    indices, _ = cosine_retriever(label_emb)(embedder.encode(list(texts), batch_size=64), top_k)
    return indices


def build_training_data(
    catalog: AttackCatalog,
    embedder,
    *,
    n_train_queries: int = 3600,
    n_val_queries: int = 300,
    n_val_negatives: int = 25,
    retrieve_k: int = 30,
    val_fraction: float = 0.12,
    seed: int = 42,
) -> TrainingData:
    """Generate training pairs and realistic validation samples from the catalog.

    Each training query gives 1-3 positive pairs and 4 negatives: two retrieved-but-wrong labels
    from the bi-encoder top ``retrieve_k``, one sibling sub-technique or same-tactic technique, one
    random label. Validation queries rank their positives among the top ``n_val_negatives``
    retrieved wrong labels, like the mapper does at run time.

    Args:
        catalog: the ATT&CK catalog.
        embedder: a ``core.Embedder`` (``encode(texts) -> L2-normalised array``).
        n_train_queries: training queries sampled (about 5-6 pairs each).
        n_val_queries: validation queries sampled.
        n_val_negatives: retrieved negatives per validation query.
        retrieve_k: bi-encoder depth for hard negatives.
        val_fraction: share of source objects held out for validation.
        seed: random seed.

    Returns:
        TrainingData with ``core.Pair`` training pairs and ``core.RerankSample`` validation samples.
    """
    import core

    rng = random.Random(seed)
    queries = build_queries(catalog, seed=seed)
    # 1. split by source object: no group/software/technique appears on both sides
    sources = sorted({q.source for q in queries})
    rng.shuffle(sources)
    val_sources = set(sources[: round(len(sources) * val_fraction)])
    train_q = [q for q in queries if q.source not in val_sources]
    val_q = [q for q in queries if q.source in val_sources]
    train_q = _balanced_sample(train_q, n_train_queries, rng)
    val_q = _balanced_sample(val_q, n_val_queries, rng)

    # 2. bi-encoder retrieval over all live enterprise labels, for hard negatives
    labels = [o for o in catalog.labels() if o.domain == "enterprise-attack"]
    label_emb = embedder.encode([retrieval_text(o) for o in labels], batch_size=64)
    top = _retrieve(embedder, [q.text for q in train_q + val_q], label_emb, retrieve_k)
    by_tactic: dict[str, list[str]] = defaultdict(list)
    for o in labels:
        for t in o.tactics:
            by_tactic[t].append(o.id)
    all_ids = [o.id for o in labels]

    # 3. training pairs
    pairs = []
    for q, idx in zip(train_q, top[: len(train_q)], strict=True):
        banned = set().union(*(_related(catalog, p) for p in q.positives))
        for p in q.positives:
            pairs.append(core.Pair(q.text, catalog.get(p).label, 1.0))
        retrieved = [all_ids[i] for i in idx if all_ids[i] not in banned]
        negs = retrieved[:1] + rng.sample(retrieved[1:], min(1, len(retrieved) - 1))
        negs.append(_sibling_or_tactic_mate(catalog, q.positives[0], by_tactic, banned, rng))
        negs.append(rng.choice(all_ids))
        for n in dict.fromkeys(x for x in negs if x and x not in banned):
            pairs.append(core.Pair(q.text, catalog.get(n).label, 0.0))
    rng.shuffle(pairs)

    # 4. validation samples: positives among the retrieved wrong labels
    data = TrainingData(train_pairs=pairs)
    for q, idx in zip(val_q, top[len(train_q):], strict=True):
        banned = set().union(*(_related(catalog, p) for p in q.positives))
        negs = [all_ids[i] for i in idx if all_ids[i] not in banned][:n_val_negatives]
        data.val_samples.append(core.RerankSample(
            query=q.text,
            positives=[catalog.get(p).label for p in q.positives],
            negatives=[catalog.get(n).label for n in negs],
        ))
        data.val_queries.append(q)
        data.val_candidates.append(list(q.positives) + negs)
    data.stats = {
        "queries_total": len(queries),
        "train_queries": len(train_q),
        "train_pairs": len(pairs),
        "train_positive_pairs": sum(1 for p in pairs if p.label > 0.5),
        "val_queries": len(val_q),
        "val_sources": len(val_sources),
        "val_negatives_per_query": n_val_negatives,
    }
    logger.info("training data: %s", data.stats)
    return data


def _balanced_sample(queries: list[Query], n: int, rng: random.Random) -> list[Query]:
    """Sample ``n`` queries: ~70% procedures, the rest descriptions, capped per source."""
    rng.shuffle(queries)
    per_source: dict[str, int] = defaultdict(int)
    procs, descs = [], []
    for q in queries:
        if per_source[q.source] >= 25:  # no single prolific malware dominates
            continue
        per_source[q.source] += 1
        (procs if q.origin == "procedure" else descs).append(q)
    n_desc = min(len(descs), int(n * 0.3))
    return procs[: n - n_desc] + descs[:n_desc]


def _sibling_or_tactic_mate(
    catalog: AttackCatalog, attack_id: str, by_tactic: dict[str, list[str]],
    banned: set[str], rng: random.Random,
) -> str | None:
    obj = catalog.get(attack_id)
    if obj.kind != "technique":
        return None
    if obj.parent_id:
        sibs = [c.id for c in catalog.children(obj.parent_id) if c.id not in banned]
        if sibs:
            return rng.choice(sibs)
    mates = [t for tac in obj.tactics for t in by_tactic.get(tac, ()) if t not in banned]
    return rng.choice(mates) if mates else None
