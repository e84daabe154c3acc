"""Fine-tune the first-stage bi-encoder on (report sentence, label text) pairs.

The stock all-MiniLM-L6-v2 puts an AnnoCTR dev sentence's annotated technique in its top 10 label
texts 11% of the time: report prose reads unlike ATT&CK's label texts. Training pairs pull each
sentence towards the text the mapper embeds for its label (``candidates.retrieval_text``), with
the other labels of the batch as negatives (MultipleNegativesRankingLoss):

- linked technique and software mentions of AnnoCTR **train** reports (never dev or test);
- positives of the catalog pairs (``shared_data/cti/train.jsonl.xz``: ATT&CK procedure examples
  and description sentences), techniques and software only.

No TRAM data is used. A fine-tuned bi-encoder needs its own label and example embeddings: the
mapper recomputes them for any embedder other than the one they were built with.
"""

from __future__ import annotations

import json
import logging
import lzma
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from cti_mapper.annoctr import AnnotatedReport, annotated_sentences
from cti_mapper.attack import AttackCatalog, UnknownAttackIdError
from cti_mapper.candidates import retrieval_text

logger = logging.getLogger(__name__)

__all__ = ["embedder_pairs", "train_embedder", "train_report_embedder"]

_KINDS = ("technique", "software")


def embedder_pairs(
    catalog: AttackCatalog, reports: Sequence[AnnotatedReport], catalog_pairs_path: Path | str | None = None,
    *, catalog_pair_count: int | None = None, seed: int = 42,
) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(sentence, label retrieval text) pairs, shuffled and deduplicated, and their counts.

    Args:
        catalog: maps IDs to labels (the live catalog the mapper uses).
        reports: training reports (AnnoCTR ``train``; never dev or test).
        catalog_pairs_path: reranker pairs (``train.jsonl.xz``); their positives are added.
        catalog_pair_count: keep this many catalog positives, sampled (None: all).
        seed: shuffling seed.

    Raises:
        ValueError: a report split other than ``train``, or an unreadable pairs file.
    """
    if any(r.split != "train" for r in reports):
        raise ValueError("bi-encoder pairs come from AnnoCTR train reports only, never dev or test")
    pairs: dict[tuple[str, str], None] = {}
    for report in reports:
        for text, ids in annotated_sentences(report, catalog, _KINDS):
            pairs.update({(text, retrieval_text(catalog.get(i))): None for i in ids})
    n_reports, rng = len(pairs), random.Random(seed)
    if catalog_pairs_path is not None:
        extra: dict[tuple[str, str], None] = {}
        for row in _read_positives(Path(catalog_pairs_path)):
            try:
                obj = catalog.get(row.sentence_1.split(" — ", 1)[0].strip())
            except UnknownAttackIdError:
                continue
            pair = (row.sentence_0, retrieval_text(obj))
            if obj.kind in _KINDS and catalog.is_active(obj.id) and pair not in pairs:
                extra[pair] = None
        kept = list(extra)
        if catalog_pair_count is not None and catalog_pair_count < len(kept):
            kept = rng.sample(kept, catalog_pair_count)
        pairs.update(dict.fromkeys(kept))
    out = list(pairs)
    rng.shuffle(out)
    stats = {"annoctr_reports": len(reports), "annoctr_pairs": n_reports, "catalog_pairs": len(out) - n_reports,
             "pairs": len(out)}
    logger.info("bi-encoder pairs: %s", stats)
    return out, stats


def _read_positives(path: Path) -> list:
    """The label-1 pairs of a reranker pairs file (the reader `cti-map train` uses)."""
    from cti_mapper.training import read_pairs

    try:
        return [pair for pair in read_pairs(path) if pair.label == 1.0]
    except (OSError, lzma.LZMAError, ValueError, TypeError) as exc:
        raise ValueError(f"cannot read catalog pairs {path}: {exc}") from None


def train_embedder(
    pairs: Sequence[tuple[str, str]],
    output_path: Path | str,
    *,
    base_model: str | Path | None = None,
    epochs: float = 1.0,
    batch_size: int = 64,
    learning_rate: float = 2e-5,
    max_steps: int = -1,
    max_seq_length: int = 128,
    seed: int = 42,
    card_notes: str = "",
) -> Path:
    """Fine-tune a bi-encoder with MultipleNegativesRankingLoss; save fp16 safetensors and a card.

    Args:
        pairs: (sentence, label text) positives; in-batch labels are the negatives, and a batch
            never holds one text twice (a repeated label would be its own false negative).
        output_path: the model folder to write.
        base_model: what to fine-tune (None: the embedded all-MiniLM-L6-v2).
        epochs: passes over ``pairs``.
        batch_size: pairs per step (each step has ``batch_size - 1`` negatives per sentence).
        learning_rate: peak learning rate (linear warm-up over 10% of the steps).
        max_steps: stop after this many steps (-1: run the epochs).
        max_seq_length: token limit per text.
        seed: training seed.
        card_notes: markdown appended to the model card.

    Returns:
        ``output_path``.
    """
    import datasets
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.losses import MultipleNegativesRankingLoss
    from sentence_transformers.training_args import BatchSamplers

    import core

    if not pairs:
        raise ValueError("no training pairs")
    output_path = Path(output_path)
    # 1. The base bi-encoder, fp32 on CPU.
    model = core.load_embedder(base_model).model
    model.max_seq_length = max_seq_length
    # 2. Data: anchor sentence, positive label text.
    data = datasets.Dataset.from_dict({"anchor": [a for a, _ in pairs], "positive": [p for _, p in pairs]})
    # 3. Loss and arguments: no duplicate text in a batch, no checkpoints, no evaluation.
    work = tempfile.TemporaryDirectory(prefix="cti-embedder-")  # the trainer's scratch folder, never kept
    args = SentenceTransformerTrainingArguments(
        output_dir=work.name, num_train_epochs=epochs,
        max_steps=max_steps, per_device_train_batch_size=batch_size, learning_rate=learning_rate,
        warmup_ratio=0.1, seed=seed, batch_sampler=BatchSamplers.NO_DUPLICATES, save_strategy="no",
        logging_steps=10, report_to="none", use_cpu=True, dataloader_num_workers=0,
    )
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=data,
                                         loss=MultipleNegativesRankingLoss(model))
    # 4. Train.
    started = time.perf_counter()
    with work:
        trainer.train()
    seconds = time.perf_counter() - started
    # 5. Save fp16 safetensors (loading upcasts to fp32) and the card.
    model.half()
    model.save(str(output_path), safe_serialization=True, create_model_card=False)
    steps = trainer.state.global_step
    (output_path / "README.md").write_text(_card(output_path.name, len(pairs), steps, batch_size, learning_rate,
                                                 seconds, seed, card_notes), encoding="utf-8")
    logger.info("trained %s: %d steps in %.0f s", output_path, steps, seconds)
    return output_path


def train_report_embedder(
    annoctr_dir: Path | str,
    output_path: Path | str,
    *,
    attack_data: Path | str | None = None,
    catalog_pairs: Path | str | None = None,
    catalog_pair_count: int | None = 800,
    base_model: str | Path | None = None,
    max_steps: int = 48,
    batch_size: int = 64,
    learning_rate: float = 4e-5,
    seed: int = 42,
) -> tuple[Path, dict[str, int]]:
    """Fine-tune the bi-encoder on AnnoCTR **train** and catalog positives (`cti-map train-embedder`).

    The defaults are the measured run (README, "First stage, measured"): 48 steps of 64 pairs,
    lr 4e-5, 800 catalog positives, 64-token texts.

    Returns:
        (the model folder, the pair counts written into its card).
    """
    from cti_mapper.annoctr import load_annoctr
    from cti_mapper.attack import load_catalog

    catalog = load_catalog(attack_data)
    reports = load_annoctr(annoctr_dir, catalog, splits=("train",))
    pairs, stats = embedder_pairs(catalog, reports, catalog_pairs, catalog_pair_count=catalog_pair_count, seed=seed)
    path = train_embedder(pairs, output_path, base_model=base_model, max_steps=max_steps, batch_size=batch_size,
                          learning_rate=learning_rate, max_seq_length=64, seed=seed,
                          card_notes=_report_card_notes(stats))
    return path, stats


def _report_card_notes(stats: dict[str, int]) -> str:
    from cti_mapper.annoctr import ANNOCTR_CITATION

    return (
        "## Training data\n\n"
        "Positives only (the other pairs of a batch are the negatives): the linked technique and software "
        f"mentions of the training reports of {ANNOCTR_CITATION}, each sentence paired with its label's "
        "text, plus positives sampled from the pairs generated from the ATT&CK catalog (procedure examples, "
        "descriptions; no TRAM data). AnnoCTR dev and test were not read.\n\n"
        "Counts: " + ", ".join(f"{k} {v}" for k, v in stats.items()) + "\n"
    )


def _card(name: str, n_pairs: int, steps: int, batch_size: int, lr: float, seconds: float, seed: int,
          notes: str) -> str:
    front = json.dumps({"library_name": "sentence-transformers", "pipeline_tag": "sentence-similarity",
                        "base_model": "sentence-transformers/all-MiniLM-L6-v2",
                        "tags": ["sentence-transformers", "bi-encoder", "crossrank", "cti"],
                        "license": "cc-by-sa-4.0"}, indent=2)
    return (f"---\n{front}\n---\n\n# {name}\n\nThe first-stage bi-encoder of `cti-map`: all-MiniLM-L6-v2 "
            f"fine-tuned with MultipleNegativesRankingLoss on {n_pairs:,} (sentence, ATT&CK label text) pairs "
            f"({steps} steps, batch {batch_size}, lr {lr:g}, seed {seed}, {seconds / 60:.1f} min). "
            "Weights are fp16 safetensors.\n\n" + notes.strip() + "\n")
