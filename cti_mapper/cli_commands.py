"""`cti-map` subcommands other than ``map``: ``attack update|info``, ``train``, ``evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cti_mapper import cli as _cli
from cti_mapper import cli_review as _review

__all__ = ["attack", "evaluate", "train"]

DOMAIN_CHOICES = ("enterprise", "mobile", "ics")


@click.group()
def attack() -> None:
    """Show or update the ATT&CK catalog that labels come from.

    Example:

        cti-map attack info

        cti-map attack update --domain enterprise --version 18.1
    """


@attack.command("info")
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="Output format.")
@click.pass_obj
def attack_info(state: _cli.CliState, fmt: str) -> None:
    """Show the ATT&CK version, domains and object counts in use.

    Example:

        cti-map attack info --format json
    """
    from cti_mapper.attack import CatalogError
    from cti_mapper.catalog_update import catalog_info

    try:
        info = catalog_info(state.attack_data)
    except CatalogError as exc:
        raise _cli._fail(exc) from None
    if fmt == "json":
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"ATT&CK {info['version']} ({', '.join(info['domains'])})")
    click.echo(f"source: {info['source']}")
    for domain, pin in (info.get("pinned") or {}).items():
        click.echo(f"pinned: {domain} {pin.get('version', '?')} ({pin.get('source', '?')})")
    for kind, count in info["counts"].items():
        click.echo(f"  {kind:<22} {count:>6}")


@attack.command("update")
@click.option("--domain", type=click.Choice(DOMAIN_CHOICES), default="enterprise",
              show_default=True, help="ATT&CK domain to update.")
@click.option("--version", "version", metavar="X.Y",
              help="ATT&CK release to pin (default: the latest release).")
@click.option("--from", "source", metavar="URL|FILE",
              help="Take the bundle from this URL or local file instead of MITRE's release.")
def attack_update(domain: str, version: str | None, source: str | None) -> None:
    """Download (or import) an ATT&CK release, validate it and pin it for later runs.

    A failed, partial or invalid download never replaces the catalog in use.

    Example:

        cti-map attack update --domain enterprise --version 18.1

        cti-map attack update --from enterprise-attack-18.1.json
    """
    from cti_mapper import catalog_update

    try:
        pinned = catalog_update.update_catalog(domain=domain, version=version, source=source)
    except (ValueError, OSError) as exc:
        raise _cli._fail(exc) from None
    click.echo(f"pinned ATT&CK {pinned.domain} {pinned.version} (sha256 {pinned.sha256[:12]}) "
               f"from {pinned.source}")
    click.echo(f"stored at {pinned.path}")


@click.command()
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
@click.option("--no-bf16", is_flag=True, help="Train in fp32 (slower; bf16 autocast by default).")
@_review.feedback_option("Also train on the review decisions in this database (URL or SQLite file): "
                         "accepted/added labels as positives, rejected ones as hard negatives.")
@click.option("--feedback-repeat", type=click.IntRange(1), default=8, show_default=True,
              help="Copies of each feedback pair (a few decisions among thousands of generated pairs).")
@click.pass_obj
def train(state: _cli.CliState, output: Path | None, base_model: str | None,
          data_dir: Path | None, epochs: int | None, max_steps: int, n_train_queries: int,
          seed: int, no_bf16: bool, feedback_db: str | None, feedback_repeat: int) -> None:
    """Fine-tune the CTI reranker on pairs generated from the ATT&CK catalog.

    Reproduces the shipped model (about an hour on 2 CPU cores) and calibrates its threshold.

    Example:

        cti-map train -o my-cti-reranker

        cti-map map report.pdf --model my-cti-reranker

        cti-map train --feedback review.db --base-model shared_data/models/cti-reranker -o tuned
    """
    import core
    from cti_mapper.attack import CatalogError, load_catalog
    from cti_mapper.training import train_reranker

    core.quiet_third_party_logs()
    extra = []
    if feedback_db:
        from cti_mapper.review.feedback import feedback_pairs

        feedback = _review.load_feedback_or_fail(feedback_db)
        try:
            extra = feedback_pairs(feedback, load_catalog(state.attack_data), repeat=feedback_repeat)
        except CatalogError as exc:
            raise _cli._fail(exc) from None
        click.echo(f"feedback: {len(feedback)} reviewed sentences, {len(extra)} pairs", err=True)
    try:
        result = train_reranker(
            output, attack_data=state.attack_data, data_dir=data_dir, base_model=base_model,
            n_train_queries=n_train_queries, epochs=epochs, max_steps=max_steps,
            bf16=not no_bf16, seed=seed, **({"extra_pairs": extra} if extra else {}),
        )
    except (CatalogError, core.ModelLoadError, core.DataError, ValueError, OSError) as exc:
        raise _cli._fail(exc) from None
    click.echo(f"saved {result.path}")
    for key, value in sorted(result.metrics.items()):
        click.echo(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")


@click.command()
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@_review.feedback_option("Score the model on the sentences reviewed in this database (URL or SQLite file) "
                         "instead of a JSON Lines file.")
@click.option("--kinds", multiple=True, callback=_cli._parse_kinds, metavar="KIND[,KIND]",
              help="Rank only these label kinds (technique, software, tactic).")
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="Output format.")
@click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A fine-tuned cross-encoder folder. Default: the shipped cti-reranker.")
@click.option("--backend", type=click.Choice(_cli.BACKENDS), default="auto", show_default=True,
              help="Inference backend for the cross-encoder.")
@click.pass_obj
def evaluate(state: _cli.CliState, data: Path | None, kinds: tuple[str, ...] | None, fmt: str,
             model: Path | None, backend: str, feedback_db: str | None) -> None:
    """Score the label ranking on a JSON Lines file of {"text", "labels"} examples.

    Prints P@1, R@5, MRR@10, NDCG@10 and MAP.

    Example:

        cti-map evaluate labelled.jsonl --kinds technique --format json

        cti-map evaluate --feedback review.db
    """
    from cti_mapper.evaluation import EvaluationDataError, evaluate_mapper, load_labelled_texts

    if (data is None) == (feedback_db is None):
        raise click.UsageError("give either DATA or --feedback DB")
    if feedback_db:
        from cti_mapper.review.feedback import evaluate_on_feedback

        feedback = _review.load_feedback_or_fail(feedback_db)
        metrics = evaluate_on_feedback(_cli._load_mapper(state, model, backend, None), feedback)
    else:
        try:
            load_labelled_texts(data)  # fail on a malformed file before loading the model
        except EvaluationDataError as exc:
            raise _cli._fail(exc) from None
        mapper = _cli._load_mapper(state, model, backend, None)
        try:
            examples = load_labelled_texts(data, catalog=mapper.catalog)
            metrics = evaluate_mapper(mapper, examples, kinds=kinds)
        except EvaluationDataError as exc:
            raise _cli._fail(exc) from None
    if fmt == "json":
        click.echo(json.dumps(metrics, indent=2))
        return
    for key, value in metrics.items():
        shown = f"{int(value)}" if key in ("queries", "sentences") else f"{value:.4f}"
        click.echo(f"{key:<10} {shown}")
