"""`cti-map train`: fine-tune the CTI reranker (ATT&CK pairs, AnnoCTR, review feedback)."""

from __future__ import annotations

from pathlib import Path

import click

from cti_mapper.cli import common
from cti_mapper.training import REPORT_CATALOG_PAIRS

__all__ = ["train", "train_embedder"]

@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Model folder to write. Default: shared_data/models/cti-reranker (replaced).")
@click.option("--base-model", metavar="ID|PATH",
              help="Base cross-encoder to fine-tune: a local folder, or a Hugging Face id such as "
                   "cross-encoder/ms-marco-MiniLM-L6-v2 (online). Default: the embedded offline base.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the generated train/validation data here.")
@click.option("--epochs", type=click.IntRange(1), help="Override the cti recipe's epochs.")
@click.option("--max-steps", type=int, default=-1, show_default=True,
              help="Stop after this many optimiser steps (-1: full epochs).")
@click.option("--queries", "n_train_queries", type=click.IntRange(10), default=3600,
              show_default=True, help="Training sentences to sample from the catalog.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.option("--no-bf16", is_flag=True, help="Train in fp32 (bf16 autocast by default; on CPUs "
              "without bf16 instructions fp32 is much faster).")
@click.option("--annoctr", "annoctr_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Train on real reports: an unpacked AnnoCTR folder (its train split only), "
                   "mixed with --catalog-pairs.")
@click.option("--catalog-pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --annoctr: ATT&CK-derived pairs (train.jsonl.xz) to mix in.")
@click.option("--catalog-pair-count", type=click.IntRange(0), default=REPORT_CATALOG_PAIRS, show_default=True,
              help="With --annoctr: how many --catalog-pairs to sample.")
@click.option("--retrieve-k", type=click.IntRange(1), default=16, show_default=True,
              help="With --annoctr: first-stage labels per sentence (saved beside the model).")
@click.option("--embedder", "embedder_path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --annoctr: the first-stage bi-encoder (from `cti-map train-embedder`) whose "
                   "candidates the reranker learns; the model's cti_threshold.json names it.")
@common.feedback_option("Also train on the review decisions in this database (URL or SQLite file): "
                         "accepted/added labels as positives, rejected ones as hard negatives.")
@click.option("--feedback-repeat", type=click.IntRange(1), default=8, show_default=True,
              help="Copies of each feedback pair (a few decisions among thousands of generated pairs).")
@click.pass_obj
def train(state: common.CliState, output: Path | None, base_model: str | None,
          data_dir: Path | None, epochs: int | None, max_steps: int, n_train_queries: int,
          seed: int, no_bf16: bool, annoctr_dir: Path | None, catalog_pairs: Path | None,
          catalog_pair_count: int, retrieve_k: int, embedder_path: Path | None, feedback_db: str | None,
          feedback_repeat: int) -> None:
    """Fine-tune the CTI reranker on ATT&CK pairs, or on AnnoCTR reports (--annoctr).

    Without --annoctr: pairs generated from the ATT&CK catalog, threshold calibrated on
    held-out catalog sentences. With --annoctr: real report sentences (AnnoCTR train) plus
    sampled --catalog-pairs; calibrate with `cti-map evaluate --calibrate` on AnnoCTR dev.

    Example:

        cti-map train -o my-cti-reranker

        cti-map train --annoctr annoctr/ --catalog-pairs shared_data/cti/train.jsonl.xz
        --base-model old-cti-reranker --no-bf16 -o my-cti-reranker

        cti-map train --feedback review.db --base-model shared_data/models/cti-reranker -o tuned
    """
    from core.paths import quiet_third_party_logs
    from cti_mapper.attack import load_catalog
    from cti_mapper.training import train_report_reranker, train_reranker

    quiet_third_party_logs()
    if (catalog_pairs is not None) and annoctr_dir is None:
        raise click.UsageError("--catalog-pairs needs --annoctr")
    if annoctr_dir is not None and output is None:
        raise click.UsageError("--annoctr needs -o/--output (the shipped model is not replaced in place)")
    if annoctr_dir is not None and feedback_db:
        raise click.UsageError("--feedback applies to catalog training, not --annoctr")
    if embedder_path is not None and annoctr_dir is None:
        raise click.UsageError("--embedder needs --annoctr")
    extra = []
    if feedback_db:
        from cti_mapper.review.feedback import feedback_pairs

        feedback = common.load_feedback_or_fail(feedback_db)
        extra = feedback_pairs(feedback, load_catalog(state.attack_data), repeat=feedback_repeat)
        click.echo(f"feedback: {len(feedback)} reviewed sentences, {len(extra)} pairs", err=True)
    try:
        if annoctr_dir is not None:
            result = train_report_reranker(
                annoctr_dir, output, attack_data=state.attack_data, data_dir=data_dir,
                base_model=base_model, catalog_pairs=catalog_pairs, n_catalog_pairs=catalog_pair_count,
                retrieve_k=retrieve_k, epochs=epochs or 1, max_steps=max_steps, bf16=not no_bf16, seed=seed,
                embedder=embedder_path,
            )
        else:
            result = train_reranker(
                output, attack_data=state.attack_data, data_dir=data_dir, base_model=base_model,
                n_train_queries=n_train_queries, epochs=epochs, max_steps=max_steps,
                bf16=not no_bf16, seed=seed, **({"extra_pairs": extra} if extra else {}),
            )
    except OSError as exc:  # the output or data folder: unwritable, disk full
        raise common.os_failure(exc, "write the model or its data") from None
    click.echo(f"saved {result.path}")
    for key, value in sorted(result.metrics.items()):
        click.echo(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")


@click.command("train-embedder", context_settings=common.CONTEXT_SETTINGS)
@click.option("--annoctr", "annoctr_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="An unpacked AnnoCTR folder: its train split's linked mentions are the positives.")
@click.option("--catalog-pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="ATT&CK-derived pairs (train.jsonl.xz): their positives are added.")
@click.option("--catalog-pair-count", type=click.IntRange(0), default=800, show_default=True,
              help="How many catalog positives to sample.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Bi-encoder folder to write (e.g. beside the reranker: models/cti-embedder).")
@click.option("--base-model", metavar="ID|PATH", help="Bi-encoder to start from. Default: the embedded one.")
@click.option("--max-steps", type=int, default=48, show_default=True, help="Optimiser steps (-1: one epoch).")
@click.option("--batch-size", type=click.IntRange(2), default=64, show_default=True,
              help="Pairs per step (in-batch negatives).")
@click.option("--learning-rate", type=float, default=4e-5, show_default=True, help="Peak learning rate.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.pass_obj
def train_embedder(state: common.CliState, annoctr_dir: Path, catalog_pairs: Path | None, catalog_pair_count: int,
                   output: Path, base_model: str | None, max_steps: int, batch_size: int, learning_rate: float,
                   seed: int) -> None:
    """Fine-tune the first-stage bi-encoder on AnnoCTR train sentences and their label texts.

    Then train a reranker on its candidates (`cti-map train --annoctr ... --embedder DIR`) and
    calibrate the pair on AnnoCTR dev (`cti-map evaluate --calibrate`).

    Example:

        cti-map train-embedder --annoctr annoctr/ --catalog-pairs shared_data/cti/train.jsonl.xz
        -o models/cti-embedder
    """
    from core.paths import quiet_third_party_logs
    from cti_mapper.embedder_training import train_report_embedder

    quiet_third_party_logs()
    try:
        path, stats = train_report_embedder(
            annoctr_dir, output, attack_data=state.attack_data, catalog_pairs=catalog_pairs,
            catalog_pair_count=catalog_pair_count, base_model=base_model, max_steps=max_steps,
            batch_size=batch_size, learning_rate=learning_rate, seed=seed,
        )
    except OSError as exc:
        raise common.os_failure(exc, "write the bi-encoder") from None
    click.echo(f"pairs: {', '.join(f'{k} {v}' for k, v in stats.items())}", err=True)
    click.echo(f"saved {path}")
