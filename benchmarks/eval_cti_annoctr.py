"""cti-map on real reports: AnnoCTR document-level F1, sentence R@5, no-behaviour labelled rate.

Systems, all on the same reports and sentence splitter:
  biencoder        the stock bi-encoder alone (sentence vs label text cosine), threshold tuned on dev
  biencoder+ex     the shipped first stage alone (cosine with label text or labelled examples), tuned on dev
  old              the previously shipped reranker, its shipped pipeline (top-10, threshold 0.86)
  new              the shipped reranker with its shipped pipeline and dev-calibrated threshold

``biencoder`` and ``old`` embed with the stock bi-encoder; ``biencoder+ex`` and ``new`` with the one
the shipped model's ``cti_threshold.json`` names (the stock one if it names none), as ``cti-map`` does.

Thresholds are tuned on AnnoCTR ``dev`` only; ``test`` is scored once with the chosen settings.
Scores are cached under ``--cache`` so a rerun only reformats.

Run: ``python benchmarks/eval_cti_annoctr.py --annoctr /tmp/annoctr --old-model OLD [--systems ...]``
(unpack ``annoctr.tar.xz`` first; OLD is ``git show 9b71079:shared_data/models/cti-reranker/...``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _mapper(system: str, catalog, embedder, args):
    import core
    from cti_mapper.config import load_calibration
    from cti_mapper.exemplars import ExemplarIndex, default_exemplars_path
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import SimilarityScorer
    from cti_mapper.training import default_model_path, load_retrieve_k

    exemplars = None if system in ("biencoder", "old") else ExemplarIndex.load(default_exemplars_path(), embedder)
    if system in ("biencoder", "biencoder+ex"):
        mapper = Mapper(catalog, None, embedder, exemplars=exemplars,
                        retrieve_k=16)  # the new pipeline's depth
        mapper.reranker = SimilarityScorer(mapper)
        return mapper, None
    path = Path(args.old_model) if system == "old" else default_model_path()
    reranker = core.load_reranker(path, backend="torch", max_length=128)
    mapper = Mapper(catalog, reranker, embedder, exemplars=exemplars, retrieve_k=load_retrieve_k(path),
                    first_stage_weight=load_calibration(path).first_stage_weight)
    return mapper, path


HELDOUT = ROOT / "tests" / "cti_mapper" / "data" / "no_behaviour_heldout.txt"


class _Text:
    def __init__(self, text: str):
        self.text = text


def _heldout_labelled(mapper, threshold: float, gate: float) -> float:
    """Share of our held-out hand-written no-behaviour sentences given any technique/software."""
    lines = [x.strip() for x in HELDOUT.read_text(encoding="utf-8").splitlines() if x.strip()]
    saved = mapper.threshold, mapper.min_similarity
    mapper.threshold, mapper.min_similarity = threshold, gate
    try:
        maps = mapper.map_sentences([_Text(x) for x in lines])
    finally:
        mapper.threshold, mapper.min_similarity = saved
    return sum(any(m.kind in ("technique", "software") for m in mp.labels) for mp in maps) / len(lines)


def _cached_embedder(embedder, cache: Path, folder: Path | None):
    """The bi-encoder wrapped so each text is embedded once, with its vectors kept across runs."""
    from cti_mapper.report_eval import CachedEmbedder

    wrapped = CachedEmbedder(embedder)
    path = cache / ("embeddings.pkl" if folder is None else f"embeddings-{folder.name}.pkl")
    if path.exists():
        wrapped._cache.update(pickle.loads(path.read_bytes()))
    return wrapped, path


def _cached(cache: Path, key: str, compute):
    path = cache / f"{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = compute()
    path.write_bytes(pickle.dumps(value))
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annoctr", type=Path, required=True)
    parser.add_argument("--old-model", type=Path, required=True)
    parser.add_argument("--systems", nargs="+", default=["biencoder", "biencoder+ex", "old", "new"])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/eval-cti-annoctr"))
    parser.add_argument("--out", type=Path, default=None, help="write the results JSON here")
    parser.add_argument("--every", type=int, default=1,
                        help="score every Nth dev/test report (sorted by name) only: a fixed subset, "
                             "for CPUs too slow to rerank all of them")
    parser.add_argument("--calibrate", action="store_true",
                        help="calibrate the shipped model on dev first and save it beside the model")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args.cache.mkdir(parents=True, exist_ok=True)

    import core
    from core.paths import quiet_third_party_logs
    from cti_mapper.annoctr import annotated_sentences, load_annoctr
    from cti_mapper.attack import load_catalog
    from cti_mapper.config import default_model_path, load_calibration
    from cti_mapper.report_eval import (
        calibrate,
        calibration_values,
        document_metrics,
        score_reports,
        sentence_ranking,
        with_weight,
    )
    from cti_mapper.training import load_min_evidence, load_min_similarity, load_threshold, save_calibration

    quiet_third_party_logs()
    catalog = load_catalog(None)
    reports = load_annoctr(args.annoctr, catalog, splits=("dev", "test"))
    dev = sorted((r for r in reports if r.split == "dev"), key=lambda r: r.name)[:: args.every]
    test = sorted((r for r in reports if r.split == "test"), key=lambda r: r.name)[:: args.every]
    mentions = [s for r in test for s in annotated_sentences(r, catalog, ("technique",))]
    tag = "" if args.every == 1 else f"-every{args.every}"
    shipped_embedder = load_calibration(default_model_path()).embedder
    embedders: dict = {}
    results = {}
    for system in args.systems:
        started = time.perf_counter()
        folder = shipped_embedder if system in ("biencoder+ex", "new") else None
        if folder not in embedders:
            embedders[folder] = _cached_embedder(core.load_embedder(folder), args.cache, folder)
        embedder, emb_cache = embedders[folder]
        mapper, path = _mapper(system, catalog, embedder, args)
        # scores cached per system and bi-encoder; "-parts": reports that keep reranker and cosine apart
        key = "" if folder is None else f"-{folder.name}"
        if system == "old":  # what users of the old model got: its shipped threshold, any evidence
            setting = {"threshold": load_threshold(path), "min_evidence": 1, "min_similarity": 0.3}
        elif system == "new" and not args.calibrate:
            setting = {"threshold": load_threshold(path), "min_evidence": load_min_evidence(path),
                       "min_similarity": load_min_similarity(path)}
        else:
            dev_scored = _cached(args.cache, f"{system}{key}-dev{tag}-parts", lambda m=mapper: score_reports(m, dev))
            setting = calibrate(dev_scored)
            if system == "new":  # what `cti-map evaluate --annoctr DIR --split dev --calibrate` saves
                save_calibration(path, {**calibration_values(setting), "dev": setting})
        test_scored = _cached(args.cache, f"{system}{key}-test{tag}-parts", lambda m=mapper: score_reports(m, test))
        test_scored = with_weight(test_scored, setting.get("first_stage_weight"))  # else: the mapper's own mix
        ranking = _cached(args.cache, f"{system}{key}-ranking{tag}", lambda m=mapper: sentence_ranking(m, mentions))
        t, n, gate = setting["threshold"], int(setting["min_evidence"]), setting["min_similarity"]
        technique = document_metrics(test_scored, t, n, parent_level=True, min_similarity=gate)
        results[system] = {
            **document_metrics(test_scored, t, n, min_similarity=gate),
            "technique_per_doc_f1": technique["per_doc_f1"], "technique_micro_f1": technique["doc_micro_f1"],
            "sentence_r@5": ranking["r@5"], "sentence_p@1": ranking["p@1"], "sentence_map": ranking["map"],
            "technique_sentence_r@5": ranking["technique_r@5"],
            "mention_sentences": ranking["queries"], "test_reports": len(test), "dev_reports": len(dev),
            "heldout_no_behaviour_labelled": _heldout_labelled(mapper, t, gate),
            "seconds": time.perf_counter() - started,
        }
        logging.info("%s: %s", system, json.dumps(results[system]))
        emb_cache.write_bytes(pickle.dumps(embedder._cache))
    header = ("| system | threshold | min evidence | doc micro-F1 | per-doc F1 | doc P | doc R | macro-F1 "
              "| sentence R@5 | no-behaviour labelled (AnnoCTR / ours) "
              "| technique level: micro-F1 | per-doc F1 | R@5 |")
    print(header)
    print("|" + " --- |" * 13)
    for system, m in results.items():
        print(f"| {system} | {m['threshold']:.2f} | {int(m['min_evidence'])} | {m['doc_micro_f1']:.3f} | "
              f"{m['per_doc_f1']:.3f} | {m['doc_precision']:.3f} | {m['doc_recall']:.3f} | {m['doc_macro_f1']:.3f} | "
              f"{m['sentence_r@5']:.3f} | {m['no_behaviour_labelled']:.3f} / "
              f"{m['heldout_no_behaviour_labelled']:.2f} | "
              f"{m['technique_micro_f1']:.3f} | {m['technique_per_doc_f1']:.3f} | {m['technique_sentence_r@5']:.3f} |")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
