"""cti-map end to end on AnnoCTR for several first-stage depths (and bi-encoders), scoring once.

The cross-encoder scores each (sentence, label) pair on its own, so one pass with the deepest
``retrieve_k`` holds the scores of every shallower one: for each k, a sentence keeps the labels
written or named in it and its top-k retrieved labels, exactly what ``retrieve_k=k`` would rerank.
Per k: pairs scored per sentence (the cost), sentence R@5 of technique mentions, and document
F1 at the shipped settings and at the settings calibrated on ``dev``
(``report_eval.calibrate``); at those settings also document F1 and R@5 at technique level
(``report_eval.technique_level``: sub-techniques count as their parent, as AnnoCTR links).

``--split dev`` chooses (writes the calibrated settings per k with ``--out``); ``--split test
--settings DEV.json`` applies dev's settings to test, once, at the end.

Run: ``python benchmarks/eval_cti_retrieve_k.py --annoctr /tmp/annoctr --split dev --ks 10 16 24 32
[--embedder DIR] [--out dev.json]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KINDS = {"technique", "software"}


def allowed_ids(mapper, texts, k):
    """Per text: what ``retrieve_k=k`` proposes (top-k retrieved, plus written IDs and names)."""
    top, _ = mapper.retrieve_labels(mapper.embedder.encode(texts, batch_size=64), KINDS, k)
    return [set(mapper._candidates(t, row, KINDS)) for t, row in zip(texts, top, strict=True)]


def restrict(scored, allowed):
    """A ScoredReport copy whose sentences keep only their allowed labels."""
    def keep(per_sentence):
        if not per_sentence:  # a mapper without a first stage keeps no reranker/cosine parts
            return per_sentence
        return [{i: s for i, s in sc.items() if i in ok} for sc, ok in zip(per_sentence, allowed, strict=True)]

    return replace(scored, scores=keep(scored.scores), reranker=keep(scored.reranker), cosine=keep(scored.cosine))


def r_at_5(mapper, mentions, scores, k):
    """R@5 of mention sentences, by exact ID and at technique level: their reranked labels (within
    depth k) first, the rest by cosine."""
    from cti_mapper.report_eval import technique_ranking_metrics

    texts = [t for t, _ in mentions]
    sims = mapper.similarities(mapper.embedder.encode(texts))
    rows = [i for i, o in enumerate(mapper.labels) if o.kind == "technique"]
    rankings = []
    for n, (sc, ok) in enumerate(zip(scores, allowed_ids(mapper, texts, k), strict=True)):
        first = [i for i, _ in sorted(((i, s) for i, s in sc.items() if i in ok and i.startswith("T")),
                                      key=lambda x: -x[1])]
        order = sorted(rows, key=lambda i: -sims[n, i])
        rankings.append(first + [mapper.labels[i].id for i in order[:100] if mapper.labels[i].id not in first])
    metrics = technique_ranking_metrics(rankings, [set(g) for _, g in mentions])
    return metrics["r@5"], metrics["technique_r@5"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annoctr", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--ks", type=int, nargs="+", default=[10, 16, 24, 32])
    parser.add_argument("--embedder", type=Path, default=None, help="bi-encoder folder (default: stock)")
    parser.add_argument("--model", type=Path, default=None, help="reranker folder (default: shipped)")
    parser.add_argument("--settings", type=Path, default=None, help="test: dev's --out JSON (its chosen settings)")
    parser.add_argument("--every", type=int, default=1, help="every Nth report (sorted by name) only")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.split == "test" and args.settings is None:
        parser.error("--split test needs --settings DEV.json: settings are chosen on dev only")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    import core
    from core.paths import quiet_third_party_logs
    from cti_mapper.annoctr import annotated_sentences, load_annoctr
    from cti_mapper.attack import load_catalog
    from cti_mapper.config import default_model_path, load_calibration
    from cti_mapper.exemplars import ExemplarIndex, default_exemplars_path
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import (
        CachedEmbedder,
        _Text,
        calibrate,
        document_metrics,
        score_reports,
        with_weight,
    )
    from cti_mapper.report_training import report_sentences

    quiet_third_party_logs()
    started = time.perf_counter()
    catalog = load_catalog(None)
    reports = sorted(load_annoctr(args.annoctr, catalog, splits=(args.split,)), key=lambda r: r.name)[:: args.every]
    mentions = [s for r in reports for s in annotated_sentences(r, catalog, ("technique",))]
    model_path = args.model or default_model_path()
    shipped = load_calibration(model_path)
    embedder = CachedEmbedder(core.load_embedder(args.embedder))
    exemplars = ExemplarIndex.load(default_exemplars_path(), embedder)
    reranker = core.load_reranker(model_path, backend="torch", max_length=128)
    mapper = Mapper(catalog, reranker, embedder, exemplars=exemplars, retrieve_k=max(args.ks),
                    first_stage_weight=shipped.first_stage_weight)
    scored = score_reports(mapper, reports)  # every candidate at the deepest k, threshold 0
    mapper.threshold = 0.0
    mention_scores = [{m.id: m.score for m in mp.labels}
                      for mp in mapper.map_sentences([_Text(t) for t, _ in mentions])]
    texts = [report_sentences(r) for r in reports]
    chosen = json.loads(args.settings.read_text(encoding="utf-8"))["results"] if args.settings else {}
    results = {}
    for k in args.ks:
        allowed = [allowed_ids(mapper, t, k) for t in texts]
        sub = [restrict(s, a) for s, a in zip(scored, allowed, strict=True)]
        pairs = sum(len(sc) for s in sub for sc in s.scores) / max(1, sum(len(s.scores) for s in sub))
        at_shipped = document_metrics(sub, shipped.threshold, shipped.min_evidence,
                                      min_similarity=shipped.min_similarity)
        if args.split == "dev":
            tuned = calibrate(sub)
        else:
            dev = chosen[str(k)]["calibrated"]
            weight = dev.get("first_stage_weight")
            tuned = document_metrics(with_weight(sub, weight), dev["threshold"], int(dev["min_evidence"]),
                                     min_similarity=dev["min_similarity"])
            if weight is not None:
                tuned["first_stage_weight"] = weight
        technique = document_metrics(with_weight(sub, tuned.get("first_stage_weight")), tuned["threshold"],
                                     int(tuned["min_evidence"]), parent_level=True,
                                     min_similarity=tuned["min_similarity"])
        exact_r5, technique_r5 = r_at_5(mapper, mentions, mention_scores, k)
        results[str(k)] = {"pairs_per_sentence": pairs, "r@5": exact_r5, "technique_r@5": technique_r5,
                           "shipped_settings": at_shipped, "calibrated": tuned, "technique_level": technique}
        logging.info("k=%d: %s", k, json.dumps(results[str(k)]))
    label = args.embedder.name if args.embedder else "stock all-MiniLM-L6-v2"
    print(f"AnnoCTR {args.split}: {len(reports)} reports; bi-encoder {label}; reranker {model_path.name}; "
          f"{time.perf_counter() - started:.0f} s")
    print("| k | pairs/sentence | R@5 | micro-F1 / per-doc F1 / no-beh. at shipped settings "
          "| settings (weight, t, n, gate) from dev | micro-F1 | per-doc F1 | no-beh. "
          "| technique level: micro-F1 | per-doc F1 | R@5 |")
    print("|" + " --- |" * 11)
    for k, m in results.items():
        s, c = m["shipped_settings"], m["calibrated"]
        print(f"| {k} | {m['pairs_per_sentence']:.1f} | {m['r@5']:.3f} | {s['doc_micro_f1']:.3f} / "
              f"{s['per_doc_f1']:.3f} / {s['no_behaviour_labelled']:.3f} | {c.get('first_stage_weight', 0):.1f}, "
              f"{c['threshold']:.2f}, {int(c['min_evidence'])}, {c['min_similarity']:.2f} | {c['doc_micro_f1']:.3f} | "
              f"{c['per_doc_f1']:.3f} | {c['no_behaviour_labelled']:.3f} | {m['technique_level']['doc_micro_f1']:.3f} "
              f"| {m['technique_level']['per_doc_f1']:.3f} | {m['technique_r@5']:.3f} |")
    if args.out:
        args.out.write_text(json.dumps({"split": args.split, "embedder": label, "results": results}, indent=2),
                            encoding="utf-8")


if __name__ == "__main__":
    main()
