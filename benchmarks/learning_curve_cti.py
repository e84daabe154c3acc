"""Learning curve of cti-map's first stage: how document F1 on AnnoCTR dev moves with the number of
AnnoCTR train reports the bi-encoder and its example index learn from.

For each count, a seeded sample of train reports trains a bi-encoder with the shipped recipe (lr 4e-5,
batch 64, 800 catalog positives, as many epochs as the shipped 48 steps over all 70 reports) and builds
the example index from the same reports; dev is scored by the first stage alone (cosine as the score)
and calibrated (threshold, evidence, gate). Dev only: test is not read. About 5 to 8 min per point on 2
cores.

    python benchmarks/learning_curve_cti.py --annoctr /tmp/annoctr --reports 17,35,70 --seeds 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CATALOG_PAIRS = ROOT / "shared_data" / "cti" / "train.jsonl.xz"
SHIPPED_STEPS = 48  # the shipped bi-encoder's steps over all 70 train reports


def curve_point(catalog, train, dev, count: int, seed: int, folder: Path, full_pairs: int) -> dict:
    """Train on ``count`` train reports drawn with ``seed``; dev's calibrated document metrics. ``full_pairs``: the
    bi-encoder pairs of all train reports, which the shipped 48 steps went through."""
    import core
    from cti_mapper.embedder_training import embedder_pairs, train_embedder
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import CachedEmbedder, SimilarityScorer, calibrate, document_metrics, score_reports
    from cti_mapper.report_training import build_exemplars

    started = time.perf_counter()
    subset = random.Random(seed).sample(train, count)
    pairs, stats = embedder_pairs(catalog, subset, CATALOG_PAIRS, catalog_pair_count=800)
    steps = max(1, round(SHIPPED_STEPS * len(pairs) / full_pairs))
    path = train_embedder(pairs, folder / f"embedder-{count}-{seed}", max_steps=steps, batch_size=64,
                          learning_rate=4e-5, max_seq_length=64, seed=42)
    embedder = CachedEmbedder(core.load_embedder(path))
    mapper = Mapper(catalog, None, embedder, exemplars=build_exemplars(catalog, subset, embedder), retrieve_k=16)
    mapper.reranker = SimilarityScorer(mapper)
    scored = score_reports(mapper, dev)
    best = calibrate(scored, weights=(0.0,))  # the score is the cosine: nothing to mix
    technique = document_metrics(scored, best["threshold"], int(best["min_evidence"]), parent_level=True,
                                 min_similarity=best["min_similarity"])
    return {"reports": count, "seed": seed, "pairs": stats["pairs"], "steps": steps,
            "micro_f1": best["doc_micro_f1"], "per_doc_f1": best["per_doc_f1"],
            "technique_micro_f1": technique["doc_micro_f1"], "technique_per_doc_f1": technique["per_doc_f1"],
            "no_behaviour_labelled": best["no_behaviour_labelled"], "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annoctr", type=Path, required=True, help="unpacked AnnoCTR folder")
    parser.add_argument("--reports", default="17,35,70", help="train report counts, comma-separated")
    parser.add_argument("--seeds", default="1", help="sampling seeds, comma-separated")
    args = parser.parse_args()

    from cti_mapper.annoctr import load_annoctr
    from cti_mapper.attack import load_catalog
    from cti_mapper.embedder_training import embedder_pairs

    catalog = load_catalog(None)
    train = sorted(load_annoctr(args.annoctr, catalog, splits=("train",)), key=lambda r: r.name)
    dev = sorted(load_annoctr(args.annoctr, catalog, splits=("dev",)), key=lambda r: r.name)
    full_pairs = len(embedder_pairs(catalog, train, CATALOG_PAIRS, catalog_pair_count=800)[0])
    print("| train reports | seed | pairs | steps | micro-F1 | per-doc F1 | technique: micro-F1 | per-doc F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(x) for x in args.reports.split(",")):
            for seed in (int(x) for x in args.seeds.split(",")):
                m = curve_point(catalog, train, dev, count, seed, Path(folder), full_pairs)
                print(f"| {count} | {seed} | {m['pairs']} | {m['steps']} | {m['micro_f1']:.3f} | {m['per_doc_f1']:.3f} "
                      f"| {m['technique_micro_f1']:.3f} | {m['technique_per_doc_f1']:.3f} |", flush=True)
                print(json.dumps(m), file=sys.stderr)


if __name__ == "__main__":
    main()
