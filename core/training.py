"""Fine-tune a cross-encoder with the seed cards' recipe (BCE, identity activation, lr 5e-5, seed 42)."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from core.card import write_model_card
from core.data import Pair, RerankSample
from core.errors import DataError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipe:
    """Hyperparameters of one fine-tuning run; the defaults are the seed cards' shared ones."""

    name: str
    batch_size: int
    epochs: int
    evaluator: Literal["correlation", "reranking"]
    learning_rate: float = 5e-5
    seed: int = 42
    warmup_ratio: float = 0.0
    lr_scheduler: str = "linear"
    eval_every_epochs: float = 1.0
    bf16: bool = False
    max_length: int = 256


RECIPES = {
    # Seed card: 153 (job, candidate, 0.1-1.0) pairs, batch 8, 1 epoch, correlation evaluator.
    "jobmatch": Recipe("jobmatch", batch_size=8, epochs=1, evaluator="correlation"),
    # Seed card: 10,727 (sentence, label, 0/1) pairs, batch 16, 3 epochs, reranking eval every half epoch.
    "cti": Recipe("cti", batch_size=16, epochs=3, evaluator="reranking", eval_every_epochs=0.5, max_length=128),
}


def get_recipe(name: str) -> Recipe:
    """Return a named recipe ("jobmatch" or "cti"); tweak it with `dataclasses.replace`."""
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; choose one of {', '.join(RECIPES)}") from None


def is_main_process() -> bool:
    """False on the non-zero ranks of a ``torchrun``/``accelerate launch`` run (they must not write files)."""
    return int(os.environ.get("RANK", "0")) == 0


@contextlib.contextmanager
def main_process_first():
    """Under a multi-process launch, run the block on rank 0 before the others (data preparation)."""
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        yield
        return
    from accelerate import PartialState

    with PartialState().main_process_first():
        yield


@dataclass(frozen=True)
class TrainResult:
    """Where the model was saved and its final held-out metrics."""

    path: Path
    metrics: dict[str, float]


def _evaluator(recipe: Recipe, eval_data: Sequence[Pair] | Sequence[RerankSample]):
    from sentence_transformers.cross_encoder.evaluation import (
        CrossEncoderCorrelationEvaluator,
        CrossEncoderRerankingEvaluator,
    )

    if recipe.evaluator == "correlation":
        if not all(isinstance(p, Pair) for p in eval_data):
            raise DataError("the correlation evaluator needs graded Pairs as eval data")
        return CrossEncoderCorrelationEvaluator(
            [[p.sentence_0, p.sentence_1] for p in eval_data], [p.label for p in eval_data],
            name="val", write_csv=False,
        )
    if not all(isinstance(s, RerankSample) for s in eval_data):
        raise DataError("the reranking evaluator needs RerankSamples as eval data")
    samples = [{"query": s.query, "positive": s.positives, "negative": s.negatives} for s in eval_data if s.positives]
    return CrossEncoderRerankingEvaluator(samples, at_k=10, name="val", write_csv=False)


def train(
    recipe: Recipe,
    train_pairs: Sequence[Pair],
    eval_data: Sequence[Pair] | Sequence[RerankSample],
    output_path: str | Path,
    *,
    base_model: str | Path | None = None,
    max_steps: int = -1,
    half_precision: bool = False,
    dataset_name: str | None = None,
    card_notes: str = "",
    model_name: str | None = None,
) -> TrainResult:
    """Fine-tune a cross-encoder and save it, with its model card, at `output_path`.

    Args:
        recipe: hyperparameters (see `RECIPES`).
        train_pairs: labelled (query, document) pairs, labels in [0, 1].
        eval_data: held-out Pairs (correlation) or RerankSamples (reranking).
        output_path: folder to save into (created; its contents are replaced).
        base_model: model to fine-tune; None is the embedded offline base.
        max_steps: stop after this many optimiser steps (-1: full epochs).
        half_precision: save fp16 weights (half the size; loading upcasts to fp32).
        dataset_name: name shown in the model card.
        card_notes: extra markdown for the model card.
        model_name: the name the model card gives it (default: the output folder's name).

    Returns:
        TrainResult with the saved path and the final held-out metrics.
    """
    import torch
    from datasets import Dataset
    from sentence_transformers.cross_encoder import (
        CrossEncoderTrainer,
        CrossEncoderTrainingArguments,
    )
    from sentence_transformers.cross_encoder.losses import BinaryCrossEntropyLoss
    from transformers import set_seed

    from core.model import _resolve, load_cross_encoder

    if not train_pairs:
        raise DataError("no training pairs")
    if not eval_data:
        raise DataError("no evaluation data")
    if any(not 0.0 <= p.label <= 1.0 for p in train_pairs):
        raise DataError("training labels must lie in [0, 1] for binary cross-entropy")
    output_path = Path(output_path)
    base_name = _resolve(base_model)[0] if base_model is not None else "sentence-transformers/all-MiniLM-L6-v2"

    # 1. Seed everything first, so the fresh classifier head is the same on every run.
    set_seed(recipe.seed)
    model = load_cross_encoder(base_model, max_length=recipe.max_length)
    # 2. Identity activation: the model outputs logits, as in the seed cards.
    model.activation_fn = torch.nn.Identity()
    loss = BinaryCrossEntropyLoss(model)
    evaluator = _evaluator(recipe, eval_data)

    # 3. Data in the cards' column format.
    dataset = Dataset.from_dict(
        {
            "sentence_0": [p.sentence_0 for p in train_pairs],
            "sentence_1": [p.sentence_1 for p in train_pairs],
            "label": [float(p.label) for p in train_pairs],
        }
    )
    steps_per_epoch = max(1, -(-len(train_pairs) // recipe.batch_size))
    eval_steps = max(1, int(steps_per_epoch * recipe.eval_every_epochs))

    # 4. Arguments: linear schedule, no warmup, nothing written but the final model.
    checkpoints = output_path.parent / f".{output_path.name}.trainer"
    args = CrossEncoderTrainingArguments(
        output_dir=str(checkpoints),
        num_train_epochs=recipe.epochs,
        max_steps=max_steps,
        per_device_train_batch_size=recipe.batch_size,
        per_device_eval_batch_size=max(32, recipe.batch_size),
        learning_rate=recipe.learning_rate,
        lr_scheduler_type=recipe.lr_scheduler,
        warmup_steps=recipe.warmup_ratio,  # a float here is a ratio of total steps (transformers 5)
        seed=recipe.seed,
        data_seed=recipe.seed,
        bf16=recipe.bf16,
        use_cpu=not torch.cuda.is_available(),
        eval_strategy="steps",
        eval_steps=eval_steps,
        save_strategy="no",
        logging_steps=max(1, min(50, eval_steps)),
        report_to="none",
        dataloader_num_workers=0,
        # Under torchrun/accelerate (DDP): every parameter of a cross-encoder takes part in the loss.
        ddp_find_unused_parameters=False,
    )
    trainer = CrossEncoderTrainer(model=model, args=args, train_dataset=dataset, loss=loss, evaluator=evaluator)

    # 5. Train, then evaluate the final weights on held-out data.
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    metrics = {key: float(value) for key, value in evaluator(model).items()}
    logger.info("trained %s in %.0f s: %s", recipe.name, seconds, metrics)

    # 6. Save safetensors (optionally fp16) and our model card: under torchrun/accelerate every
    #    rank runs this function and the trainer has synchronised the weights, so rank 0 writes
    #    and the others wait until the model is there (callers may load it next).
    if trainer.is_world_process_zero():
        if half_precision:
            model.half()
        model.save_pretrained(str(output_path), create_model_card=False, safe_serialization=True)
        write_model_card(
            output_path, recipe=recipe, base_model=base_name, n_train=len(train_pairs), n_eval=len(eval_data),
            metrics=metrics, dataset_name=dataset_name or recipe.name, training_seconds=seconds, notes=card_notes,
            model_name=model_name,
        )
        (output_path / "training_metrics.json").write_text(
            __import__("json").dumps({"recipe": asdict(recipe), "metrics": metrics, "seconds": seconds}, indent=2),
            encoding="utf-8",
        )
        _remove_tree(checkpoints)
    trainer.accelerator.wait_for_everyone()
    return TrainResult(path=output_path, metrics=metrics)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


__all__ = ["RECIPES", "Recipe", "TrainResult", "get_recipe", "is_main_process", "main_process_first", "train"]
