"""cti-map's first stage on real report prose: recall@k of AnnoCTR's annotated techniques.

Only the first stage's top ``retrieve_k`` labels (plus written IDs and names) reach the reranker,
so a gold technique it misses is lost whatever the reranker does. Per bi-encoder, two first
stages are measured: label text only, and label text or best labelled example (the shipped one).

- ``sentence recall@k``: share of (annotated sentence, gold technique) pairs whose technique is in
  the sentence's top k (``Mapper.retrieve_labels`` over techniques and software, software taking a
  quarter of the slots, as the mapper runs it);
- ``doc coverage@k``: share of (report, gold technique) pairs proposed for at least one sentence
  of the report as ``cti-map`` splits it: retrieved, written or named, after the first-stage gate.

Choose on ``dev``; measure ``test`` once at the end. A fine-tuned bi-encoder (``--embedder``)
gets its own label and example embeddings (computed here, cached under ``$CTI_MAPPER_HOME``).

Run: ``python benchmarks/recall_cti_first_stage.py --annoctr /tmp/annoctr --split dev
[--embedder DIR] [--ks 10 16 32 50]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def doc_coverage(mapper, reports, split_sentences, ks) -> dict[str, float]:
    """Share of each report's gold techniques proposed for any of its sentences, per k."""
    import numpy as np

    kinds = {"technique", "software"}
    found, total = dict.fromkeys(ks, 0), 0
    for report, texts in zip(reports, split_sentences, strict=True):
        gold = report.gold(("technique",), mapper.catalog)
        total += len(gold)
        if not texts or not gold:
            continue
        emb = mapper.embedder.encode(texts, batch_size=64)
        for k in ks:
            top, sims = mapper.retrieve_labels(emb, kinds, k)
            proposed = set()
            for text, row, row_sims in zip(texts, top, sims, strict=True):
                if not mapper._is_behavioural(text, False):
                    continue
                cands = mapper._candidates(text, row, kinds)
                named = any("explicit id" in r or "alias match" in r for r in cands.values())
                if (row_sims[0] if len(row_sims) else -np.inf) >= mapper.min_similarity or named:
                    proposed |= set(cands)
            found[k] += len(gold & proposed)
    return {f"doc_coverage@{k}": found[k] / total for k in ks} | {"doc_gold": float(total)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annoctr", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--embedder", type=Path, default=None, help="bi-encoder folder (default: shipped)")
    parser.add_argument("--ks", type=int, nargs="+", default=[10, 16, 32, 50])
    parser.add_argument("--out", type=Path, default=None, help="write the results JSON here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    import core
    from core.paths import quiet_third_party_logs
    from cti_mapper.annoctr import annotated_sentences, load_annoctr
    from cti_mapper.attack import load_catalog
    from cti_mapper.exemplars import ExemplarIndex, default_exemplars_path
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import CachedEmbedder, first_stage_recall
    from cti_mapper.report_training import report_sentences

    quiet_third_party_logs()
    catalog = load_catalog(None)
    reports = sorted(load_annoctr(args.annoctr, catalog, splits=(args.split,)), key=lambda r: r.name)
    mentions = [s for r in reports for s in annotated_sentences(r, catalog, ("technique",))]
    split = [report_sentences(r) for r in reports]
    started = time.perf_counter()
    embedder = CachedEmbedder(core.load_embedder(args.embedder))
    exemplars = ExemplarIndex.load(default_exemplars_path(), embedder)
    results = {}
    for name, ex in (("label text", None), ("label text + examples", exemplars)):
        mapper = Mapper(catalog, None, embedder, exemplars=ex)
        results[name] = first_stage_recall(mapper, mentions, args.ks) | doc_coverage(mapper, reports, split, args.ks)
        logging.info("%s: %s", name, json.dumps(results[name]))
    label = args.embedder.name if args.embedder else "all-MiniLM-L6-v2 (shipped)"
    print(f"AnnoCTR {args.split}: {len(reports)} reports, {len(mentions)} technique sentences; "
          f"bi-encoder {label}; {time.perf_counter() - started:.0f} s")
    print("| first stage | " + " | ".join(f"R@{k}" for k in args.ks) + " | "
          + " | ".join(f"doc cov@{k}" for k in args.ks) + " |")
    print("|" + " --- |" * (1 + 2 * len(args.ks)))
    for name, m in results.items():
        print(f"| {name} | " + " | ".join(f"{m[f'recall@{k}']:.3f}" for k in args.ks) + " | "
              + " | ".join(f"{m[f'doc_coverage@{k}']:.3f}" for k in args.ks) + " |")
    if args.out:
        args.out.write_text(json.dumps({"split": args.split, "embedder": label, "results": results}, indent=2),
                            encoding="utf-8")


if __name__ == "__main__":
    main()
