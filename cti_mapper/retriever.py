"""Fine-tune the first-stage bi-encoder so report prose retrieves the right ATT&CK labels.

The stock all-MiniLM-L6-v2 puts the annotated technique of an AnnoCTR dev sentence in its top 10
only 13% of the time (46% counting the parent technique): report prose reads unlike ATT&CK's label
texts. Training pairs (sentence, label retrieval text) come from AnnoCTR train mentions and from
ATT&CK procedure examples; the loss is MultipleNegativesRankingLoss (in-batch negatives, no label
twice in a batch).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from pathlib import Path

from cti_mapper.attack import AttackCatalog
from cti_mapper.candidates import retrieval_text

logger = logging.getLogger(__name__)

__all__ = ["RETRIEVER_DIR", "default_retriever_path", "load_retriever", "retriever_pairs", "train_retriever"]

RETRIEVER_DIR = "cti-retriever"


def default_retriever_path() -> Path:
    """``shared_data/models/cti-retriever``: the fine-tuned bi-encoder shipped with cti-map."""
    import core

    return core.shared_data_dir() / "models" / RETRIEVER_DIR


def load_retriever(path: Path | str | None = None):
    """Load the CTI bi-encoder (default: the shipped one, else the stock base) in fp32.

    Returns:
        ``core.Embedder``. Weights ship in fp16; they are upcast, since fp16 matmuls are slow on CPU.
    """
    import core

    path = Path(path) if path is not None else default_retriever_path()
    if not (path / "config.json").exists():
        return core.load_embedder()
    embedder = core.load_embedder(path)
    embedder.model.float()
    return embedder


def retriever_pairs(
    catalog: AttackCatalog,
    sentences: Sequence[tuple[str, Sequence[str]]],
    *,
    n_catalog: int = 4000,
    seed: int = 42,
) -> list[tuple[str, str]]:
    """(sentence, label retrieval text) pairs: every labelled report sentence plus catalog procedures.

    Args:
        catalog: the ATT&CK catalog (label texts, procedures).
        sentences: ``(sentence, label IDs)`` from real reports (AnnoCTR train).
        n_catalog: ATT&CK procedure/description sentences mixed in, so ATT&CK phrasing stays covered.
        seed: sampling seed.
    """
    from cti_mapper.training_data import build_queries

    rng = random.Random(seed)
    pairs = [(text, retrieval_text(catalog.get(i))) for text, ids in sentences for i in ids]
    queries = [q for q in build_queries(catalog, seed=seed) if catalog.get(q.positives[0]).kind != "tactic"]
    for q in rng.sample(queries, min(n_catalog, len(queries))):
        pairs.append((q.text, retrieval_text(catalog.get(q.positives[0]))))
    rng.shuffle(pairs)
    return pairs


def train_retriever(
    pairs: Sequence[tuple[str, str]],
    output_path: Path | str,
    *,
    base_model: Path | str | None = None,
    epochs: int = 1,
    batch_size: int = 32,
    learning_rate: float = 5e-5,
    max_steps: int = -1,
    seed: int = 42,
) -> Path:
    """Fine-tune a bi-encoder with MultipleNegativesRankingLoss and save it (fp16 safetensors).

    Args:
        pairs: (query, positive document) pairs.
        output_path: folder to write (replaced).
        base_model: starting bi-encoder (None: the stock all-MiniLM-L6-v2).
        epochs: passes over the pairs.
        batch_size: in-batch negatives per query are ``batch_size - 1``.
        learning_rate: peak learning rate (linear decay, 10% warmup).
        max_steps: stop early (-1: full epochs); for smoke tests.
        seed: random seed.

    Returns:
        The saved model folder.
    """
    import torch
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.losses import MultipleNegativesRankingLoss
    from sentence_transformers.training_args import BatchSamplers
    from transformers import set_seed

    import core

    if not pairs:
        raise ValueError("no retriever training pairs")
    set_seed(seed)
    model = core.load_embedder(base_model).model
    dataset = Dataset.from_dict({"anchor": [a for a, _ in pairs], "positive": [p for _, p in pairs]})
    output_path = Path(output_path)
    args = SentenceTransformerTrainingArguments(
        output_dir=str(output_path.parent / f".{output_path.name}.trainer"),
        num_train_epochs=epochs, max_steps=max_steps, per_device_train_batch_size=batch_size,
        learning_rate=learning_rate, warmup_steps=0.1, seed=seed, data_seed=seed,
        batch_sampler=BatchSamplers.NO_DUPLICATES, save_strategy="no", report_to="none",
        logging_steps=20, use_cpu=not torch.cuda.is_available(), dataloader_num_workers=0,
    )
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=dataset,
                                         loss=MultipleNegativesRankingLoss(model))
    started = time.perf_counter()
    trainer.train()
    logger.info("trained the retriever on %d pairs in %.0f s", len(pairs), time.perf_counter() - started)
    model.half()
    model.save(str(output_path), safe_serialization=True)
    import shutil

    shutil.rmtree(output_path.parent / f".{output_path.name}.trainer", ignore_errors=True)
    return output_path
