"""Train the shipped CTI reranker: generate pairs from ATT&CK, fine-tune, calibrate a threshold.

``cti-map train`` calls :func:`train_reranker`; it reproduces ``shared_data/models/cti-reranker``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import lzma
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.card import append_to_model_card
from core.files import write_atomic
from cti_mapper.attack import AttackCatalog, load_catalog
from cti_mapper.config import DEFAULT_THRESHOLD, MODEL_NAME, THRESHOLD_FILE, default_model_path, load_calibration
from cti_mapper.training_data import TrainingData, build_training_data

logger = logging.getLogger(__name__)

__all__ = [
    "THRESHOLD_FILE",
    "calibrate_threshold",
    "default_model_path",
    "load_threshold",
    "save_training_data",
    "read_pairs",
    "report_training_pairs",
    "load_min_evidence",
    "load_min_similarity",
    "load_retrieve_k",
    "save_calibration",
    "train_reranker",
    "train_report_reranker",
]

_TACTIC_LABEL = re.compile(r"^TA\d{4} ")


# ATT&CK catalog pairs mixed with the AnnoCTR pairs by default: what the shipped reranker was trained
# with (fewer, 2,000 and 6,000, lost issue 7's vssadmin example at their calibrated thresholds).
REPORT_CATALOG_PAIRS = 12000


def load_threshold(model_path: Path | str) -> float:
    """Return the calibrated sigmoid threshold saved beside a model (the default if none)."""
    return load_calibration(model_path).threshold


def load_retrieve_k(model_path: Path | str) -> int:
    """Return the first-stage depth saved beside a model (``retrieve_k`` in its threshold file)."""
    return load_calibration(model_path).retrieve_k


def load_min_evidence(model_path: Path | str) -> int:
    """Return the report-level minimum evidence (sentences per technique) saved beside a model."""
    return load_calibration(model_path).min_evidence


def load_min_similarity(model_path: Path | str) -> float:
    """Return the first-stage gate saved beside a model: sentences less like any label get none."""
    return load_calibration(model_path).min_similarity


def save_calibration(model_path: Path | str, values: dict) -> Path:
    """Merge ``values`` (threshold, min_evidence, metrics) into the model's threshold file."""
    path = Path(model_path) / THRESHOLD_FILE
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    current.update(values)
    write_atomic(path, json.dumps(current, indent=2) + "\n")
    return path


def save_training_data(data: TrainingData, data_dir: Path | str) -> list[Path]:
    """Write ``train.jsonl.xz`` (core.Pair columns) and ``val.jsonl.xz`` (RerankSamples)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for name, rows in (
        ("train.jsonl.xz", (dataclasses.asdict(p) for p in data.train_pairs)),
        ("val.jsonl.xz", (dataclasses.asdict(s) for s in data.val_samples)),
    ):
        path = data_dir / name
        tmp = path.with_suffix(".tmp")
        with lzma.open(tmp, "wt", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        tmp.replace(path)
        out.append(path)
    (data_dir / "stats.json").write_text(json.dumps(data.stats, indent=2), encoding="utf-8")
    return out


def calibrate_threshold(
    reranker, samples: Sequence, *, batch_size: int = 64, f1_tolerance: float = 0.02
) -> dict[str, float]:
    """Pick the reporting threshold: the lowest sigmoid score whose micro F1 is near the best.

    The F1 curve is flat near its top (hard negatives are often near-synonyms of the truth), so
    the lowest threshold within ``f1_tolerance`` of the best F1 is taken: the same F1, more recall.

    Each validation sample is one sentence with its true labels among retrieved wrong ones,
    which is what the mapper scores at run time. Tactic labels are left out: the mapper reports
    a tactic through the techniques that imply it, not from its own score.

    Returns:
        ``{"threshold", "f1", "precision", "recall"}`` at the best threshold.
    """
    pairs, truth = [], []
    for s in samples:
        for doc, rel in [(p, 1) for p in s.positives] + [(n, 0) for n in s.negatives]:
            if _TACTIC_LABEL.match(doc):
                continue
            pairs.append((s.query, doc))
            truth.append(rel)
    scores = np.asarray(reranker.predict(pairs, batch_size=batch_size, activation="sigmoid"))
    truth_arr = np.asarray(truth)
    curve = []
    for t in np.arange(0.05, 0.96, 0.01):
        pred = scores >= t
        tp = float(np.sum(pred & (truth_arr == 1)))
        prec = tp / max(1.0, float(pred.sum()))
        rec = tp / max(1.0, float(truth_arr.sum()))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        curve.append({"threshold": round(float(t), 2), "f1": f1, "precision": prec, "recall": rec})
    best_f1 = max(point["f1"] for point in curve)
    chosen = next(point for point in curve if point["f1"] >= best_f1 - f1_tolerance)
    return {**chosen, "best_f1": best_f1}


def train_reranker(
    output_path: Path | str | None = None,
    *,
    attack_data: Path | str | None = None,
    catalog: AttackCatalog | None = None,
    data_dir: Path | str | None = None,
    base_model: Path | str | None = None,
    embedder=None,
    n_train_queries: int = 3600,
    epochs: int | None = None,
    max_steps: int = -1,
    bf16: bool = True,
    seed: int = 42,
    extra_pairs: Sequence = (),
):
    """Generate training data from ATT&CK, fine-tune the ``cti`` recipe and calibrate a threshold.

    Args:
        output_path: model folder; None is ``shared_data/models/cti-reranker`` (replaced).
        attack_data: catalog file/folder (None: the catalog in use), ignored if ``catalog`` given.
        catalog: an already loaded catalog.
        data_dir: where to write the generated train/val data (None: not written).
        base_model: base cross-encoder (None: core's embedded offline base).
        embedder: bi-encoder for hard negatives (None: ``core.load_embedder()``).
        n_train_queries: training sentences sampled (~5.3 pairs each).
        epochs: override the recipe's 3 epochs.
        max_steps: stop after this many steps (-1: full epochs); for smoke tests.
        bf16: bf16 autocast (about 1.6x faster on CPU).
        seed: random seed for data generation and training.
        extra_pairs: more ``core.Pair`` to train on (e.g. analysts' review decisions).

    Returns:
        ``core.TrainResult``; its metrics include ``threshold`` and ``threshold_f1``.
    """
    import core

    # 1. Data: pairs from the catalog, hard negatives from the shipped bi-encoder.
    catalog = catalog or load_catalog(attack_data)
    embedder = embedder or core.load_embedder()
    data = build_training_data(catalog, embedder, n_train_queries=n_train_queries, seed=seed)
    data.train_pairs = [*data.train_pairs, *extra_pairs]
    if data_dir is not None and core.is_main_process():  # every rank of torchrun builds the same data
        save_training_data(data, data_dir)
    # 2. Fine-tune with the cti recipe (eval once per epoch keeps CPU time on training).
    recipe = dataclasses.replace(core.get_recipe("cti"), eval_every_epochs=1.0, bf16=bf16, seed=seed)
    if epochs is not None:
        recipe = dataclasses.replace(recipe, epochs=epochs)
    output_path = Path(output_path) if output_path is not None else default_model_path()
    notes = _card_notes(data)
    result = core.train(
        recipe, data.train_pairs, data.val_samples, output_path, base_model=base_model,
        max_steps=max_steps, half_precision=True, dataset_name=f"ATT&CK {catalog.version} pairs",
        model_name=MODEL_NAME,
        card_notes=notes,
    )
    if not core.is_main_process():  # rank 0 calibrates and writes the threshold
        return result
    # 3. Calibrate the reporting threshold on the validation sentences.
    reranker = core.load_reranker(output_path, max_length=recipe.max_length)
    calib = calibrate_threshold(reranker, data.val_samples)
    calib["method"] = ("lowest sigmoid score whose micro F1 of reported technique/software labels on "
                       "validation sentences is within 0.02 of the best (tactics are implied by techniques)")
    (output_path / THRESHOLD_FILE).write_text(json.dumps(calib, indent=2), encoding="utf-8")
    append_to_model_card(output_path, _threshold_notes(calib))
    logger.info("threshold %.2f (F1 %.3f)", calib["threshold"], calib["f1"])
    metrics = {**result.metrics, "threshold": calib["threshold"], "threshold_f1": calib["f1"]}
    return dataclasses.replace(result, metrics=metrics)


def _card_notes(data: TrainingData) -> str:
    s = data.stats
    return (
        "## CTI training data\n\n"
        f"Generated from the ATT&CK catalog (no TRAM data): {s['train_pairs']} (sentence, label, 0/1) "
        f"pairs from {s['train_queries']} sentences (procedure examples with citations stripped and "
        "the software/group name masked in half of them, technique/software/tactic description "
        "sentences), with hard negatives (bi-encoder retrieved-but-wrong labels, sibling "
        "sub-techniques, same-tactic techniques, a random label). Validation: "
        f"{s['val_queries']} sentences from {s['val_sources']} held-out source objects (no group, "
        "software or technique description on both sides), each ranking its true labels among the "
        f"top {s['val_negatives_per_query']} bi-encoder retrieved wrong labels.\n\n"
        "Seed card for comparison: MAP 0.895, MRR@10 0.949, NDCG@10 0.935, on a validation set "
        "that is not published; ours ranks each sentence's true labels among 25 hard retrieved "
        "negatives from unseen actors, so the numbers are not directly comparable.\n\n"
        "Known limitation: tactic labels score high for most behaviour sentences (they were "
        "positives, rarely negatives, in training), so the mapper reports a tactic through the "
        "techniques that imply it rather than from its own score.\n"
    )


def _threshold_notes(calib: dict) -> str:
    return (
        "\n## Reporting threshold\n\n"
        f"`cti-map` reports labels whose sigmoid score is >= **{calib['threshold']}** "
        f"(`{THRESHOLD_FILE}`): the lowest value whose micro F1 of the technique and software labels "
        f"reported per validation sentence is within 0.02 of the best F1 ({calib['best_f1']:.3f}); "
        f"there F1 is {calib['f1']:.3f}, precision {calib['precision']:.3f}, recall "
        f"{calib['recall']:.3f}. The F1 curve is flat near its top, so the lower threshold buys recall. "
        "Tactics follow the reported techniques; explicitly written IDs are always reported.\n"
    )


def _write_pairs(pairs: Sequence, path: Path) -> Path:
    tmp = path.with_suffix(".tmp")
    with lzma.open(tmp, "wt", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps(dataclasses.asdict(p), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def read_pairs(path: Path) -> list:
    """The ``core.Pair``s of a pairs file as this module writes them (JSON lines, ``.xz`` or plain)."""
    import core

    with lzma.open(path, "rt", encoding="utf-8") if path.suffix == ".xz" else path.open(encoding="utf-8") as fh:
        return [core.Pair(**json.loads(line)) for line in fh if line.strip()]


def report_training_pairs(
    annoctr_dir: Path | str,
    *,
    attack_data: Path | str | None = None,
    data_dir: Path | str | None = None,
    catalog_pairs: Path | str | None = None,
    embedder=None,
    n_catalog_pairs: int = REPORT_CATALOG_PAIRS,
    retrieve_k: int = 16,
    seed: int = 42,
) -> tuple[list, list, dict]:
    """The reranker's pairs from real report prose (AnnoCTR train) mixed with ATT&CK pairs.

    Builds the example index from AnnoCTR ``train`` (+ ATT&CK procedures) and generates pairs with
    the mapper's own first stage (``embedder``), so the hard negatives are what that first stage
    proposes. Writes ``exemplars.npz``, ``annoctr-train.jsonl.xz`` and ``annoctr-stats.json`` into
    ``data_dir`` when given. AnnoCTR ``dev`` and ``test`` are never read here.

    Returns:
        (all training pairs, the AnnoCTR pairs alone, counts).
    """
    import random

    import core
    from cti_mapper.annoctr import load_annoctr
    from cti_mapper.exemplars import EXEMPLARS_FILE
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import CachedEmbedder
    from cti_mapper.report_training import build_exemplars, build_report_pairs

    # 1. Train reports only; the example index and the first stage the mapper will use.
    catalog = load_catalog(attack_data)
    reports = load_annoctr(annoctr_dir, catalog, splits=("train",))
    if isinstance(embedder, (str, Path)):
        embedder = core.load_embedder(embedder)
    embedder = CachedEmbedder(embedder or core.load_embedder())  # sentences: examples and queries
    exemplars = build_exemplars(catalog, reports, embedder, seed=seed)
    mapper = Mapper(catalog, None, embedder, exemplars=exemplars, retrieve_k=retrieve_k)
    # 2. Pairs: AnnoCTR positives, hard and no-behaviour negatives, plus ATT&CK pairs.
    data = build_report_pairs(mapper, reports, seed=seed)
    pairs = list(data.pairs)
    if catalog_pairs is not None:
        extra = read_pairs(Path(catalog_pairs))
        pairs += random.Random(seed).sample(extra, min(n_catalog_pairs, len(extra)))
        random.Random(seed).shuffle(pairs)
    stats = {**data.stats, "catalog_pairs": len(pairs) - len(data.pairs), "train_pairs": len(pairs)}
    if data_dir is not None and core.is_main_process():
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(data_dir / EXEMPLARS_FILE, exemplars.to_bytes())
        _write_pairs(data.pairs, data_dir / "annoctr-train.jsonl.xz")
        (data_dir / "annoctr-stats.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
    return pairs, data.pairs, stats


def train_report_reranker(
    annoctr_dir: Path | str,
    output_path: Path | str,
    *,
    attack_data: Path | str | None = None,
    data_dir: Path | str | None = None,
    base_model: Path | str | None = None,
    catalog_pairs: Path | str | None = None,
    embedder=None,
    n_catalog_pairs: int = REPORT_CATALOG_PAIRS,
    retrieve_k: int = 16,
    epochs: int = 1,
    max_steps: int = -1,
    bf16: bool = True,
    seed: int = 42,
):
    """Fine-tune the reranker on real report prose (AnnoCTR train) mixed with ATT&CK pairs.

    Pairs come from :func:`report_training_pairs`; fine-tuning continues from ``base_model`` by
    default. Calibrate on AnnoCTR dev afterwards with ``cti_mapper.report_eval``.

    Args:
        annoctr_dir: unpacked AnnoCTR folder (``splits.tsv``, ``text/``, ``linking_mitre_only/``).
        output_path: model folder to write (replaced).
        attack_data: catalog file/folder (None: the catalog in use).
        data_dir: where the exemplar index and converted pairs are written (None: not written).
        base_model: cross-encoder to start from (None: core's embedded base).
        catalog_pairs: ATT&CK-derived pairs (``train.jsonl.xz``) to mix in, subsampled.
        embedder: the first-stage bi-encoder, or its folder, which ``cti_threshold.json`` then names
            so that the mapper retrieves with it too (None: ``core.load_embedder()``).
        n_catalog_pairs: how many of them.
        retrieve_k: first-stage depth (saved beside the model, read by ``Mapper.load``).
        epochs: passes over the pairs.
        max_steps: stop after this many steps (-1: full epochs).
        bf16: bf16 autocast.
        seed: random seed.

    Returns:
        ``core.TrainResult``.
    """
    import core

    embedder_path = Path(embedder) if isinstance(embedder, (str, Path)) else None
    pairs, report_pairs, stats = report_training_pairs(
        annoctr_dir, attack_data=attack_data, data_dir=data_dir, catalog_pairs=catalog_pairs, embedder=embedder,
        n_catalog_pairs=n_catalog_pairs, retrieve_k=retrieve_k, seed=seed,
    )
    # 3. Fine-tune; a slice of the report pairs is the (in-training) evaluator's data.
    recipe = dataclasses.replace(core.get_recipe("cti"), epochs=epochs, eval_every_epochs=float(epochs),
                                 bf16=bf16, seed=seed)
    held = _as_samples(report_pairs, 150)
    output_path = Path(output_path)
    result = core.train(
        recipe, pairs, held, output_path, base_model=base_model, max_steps=max_steps,
        half_precision=True, dataset_name="AnnoCTR train + ATT&CK pairs", card_notes=_report_card_notes(stats),
        model_name=MODEL_NAME,
    )
    if core.is_main_process():
        settings = {"threshold": DEFAULT_THRESHOLD, "retrieve_k": retrieve_k}
        if embedder_path is not None:
            settings["embedder"] = _relative_to_parent(embedder_path, output_path)
        (output_path / THRESHOLD_FILE).write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return result


def _relative_to_parent(embedder_path: Path, model_path: Path) -> str:
    """How ``cti_threshold.json`` names a bi-encoder: by folder name when beside the model (so the pair
    moves together, as ``shared_data/models`` does), else by absolute path."""
    if embedder_path.resolve().parent == model_path.resolve().parent:
        return embedder_path.name
    return str(embedder_path.resolve())


def _as_samples(pairs: Sequence, n: int) -> list:
    """Group pairs by sentence into ``core.RerankSample`` (sentences with a positive), first ``n``."""
    import core

    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for p in pairs:
        pos, neg = grouped.setdefault(p.sentence_0, ([], []))
        (pos if p.label > 0.5 else neg).append(p.sentence_1)
    samples = [core.RerankSample(q, pos, neg) for q, (pos, neg) in grouped.items() if pos and neg]
    return samples[:n]


def _report_card_notes(stats: dict) -> str:
    from cti_mapper.annoctr import ANNOCTR_CITATION

    return (
        "## Training data\n\n"
        f"{stats['train_pairs']} (sentence, label, 0/1) pairs: {stats['annoctr_pairs']} from the 70 "
        f"training reports of {ANNOCTR_CITATION} — "
        f"{stats['annoctr_sentences']} sentences with linked technique/software mentions as positives, "
        "the mapper's retrieved-but-wrong labels as hard negatives, and "
        f"{stats['no_behaviour_sentences']} sentences of the same reports that mention no technique, "
        "tactic, software or group (plus 30 hand-written ones) as no-behaviour negatives — and "
        f"{stats['catalog_pairs']} pairs generated from the ATT&CK catalog (procedure examples, "
        "descriptions; no TRAM data). AnnoCTR dev was used only to calibrate the threshold and test "
        "only for the final measurement.\n"
    )
