"""Held-out metrics of the shipped CTI reranker, on our hard set and on a seed-card-like mix.

The hard set (shared_data/cti/val.jsonl.xz) ranks each held-out sentence's true labels among the
25 wrong labels the first-stage retriever likes best. The seed card's validation set is not
published; its pairs file mixes each sentence's positives with a few negatives, so we also
report a seed-like mix: 2.6 negatives per positive (our training ratio), half of them hard.

    python benchmarks/eval_cti_reranker.py [--model PATH] [--backend torch]
"""

from __future__ import annotations

import argparse
import json
import lzma
import random

import core
from core.paths import shared_data_dir

NEGATIVES_PER_POSITIVE = 2.6


def seed_like(samples: list[core.RerankSample], seed: int = 42) -> list[core.RerankSample]:
    """Each query's positives with ~2.6 negatives per positive: half hard (retrieved), half random labels."""
    rng = random.Random(seed)
    labels = sorted({label for s in samples for label in (*s.positives, *s.negatives)})
    mixed = []
    for sample in samples:
        k = max(1, round(NEGATIVES_PER_POSITIVE * len(sample.positives)))
        hard = rng.sample(sample.negatives, min(k // 2 + 1, len(sample.negatives)))
        taken = set(sample.positives) | set(hard)
        easy = [label for label in rng.sample(labels, 3 * k) if label not in taken][: k - len(hard)]
        mixed.append(core.RerankSample(sample.query, sample.positives, hard + easy))
    return mixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(shared_data_dir() / "models" / "cti-reranker"))
    parser.add_argument("--backend", default="torch")
    args = parser.parse_args()
    with lzma.open(shared_data_dir() / "cti" / "val.jsonl.xz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    samples = [core.RerankSample(r["query"], r["positives"], r["negatives"]) for r in rows]
    reranker = core.load_reranker(args.model, backend=args.backend)
    print(f"{len(samples)} held-out queries, model {args.model}, backend {reranker.backend}")
    for name, data in (("hard (25 retrieved negatives)", samples), ("seed-like mix", seed_like(samples))):
        metrics = core.evaluate_reranking(reranker, data)
        print(f"{name:32} " + "  ".join(f"{k.removeprefix('val_')} {v:.3f}" for k, v in metrics.items()))
    print(f"{'seed card (its own val set)':32} map 0.895  mrr@10 0.949  ndcg@10 0.935")


if __name__ == "__main__":
    main()
