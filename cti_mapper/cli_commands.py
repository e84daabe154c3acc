"""`cti-map` subcommands other than ``map``: ``attack update|info``, ``train``, ``evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from core.paths import quiet_third_party_logs
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

        cti-map attack rollback
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

    A failed, partial or invalid download, or a bundle that is not a whole release (too few
    techniques, tactics or software), never replaces the catalog in use. Undo with
    `cti-map attack rollback`.

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


@attack.command("use")
@click.argument("version", metavar="VERSION")
@click.option("--domain", type=click.Choice(DOMAIN_CHOICES), default="enterprise",
              show_default=True, help="ATT&CK domain.")
def attack_use(version: str, domain: str) -> None:
    """Pin a release stored by an earlier update, or `shipped` for the embedded v18.1.

    Example:

        cti-map attack use 17.1

        cti-map attack use shipped --domain mobile
    """
    from cti_mapper import catalog_update

    try:
        pinned = catalog_update.use_release(version, domain=domain)
    except (ValueError, OSError) as exc:
        raise _cli._fail(exc) from None
    _echo_pin(pinned, domain)


@attack.command("rollback")
@click.option("--domain", type=click.Choice(DOMAIN_CHOICES), default="enterprise",
              show_default=True, help="ATT&CK domain.")
def attack_rollback(domain: str) -> None:
    """Go back to the release pinned before the last `update` or `use`.

    Example:

        cti-map attack rollback
    """
    from cti_mapper import catalog_update

    try:
        pinned = catalog_update.rollback(domain)
    except (ValueError, OSError) as exc:
        raise _cli._fail(exc) from None
    _echo_pin(pinned, domain)


def _echo_pin(pinned, domain: str) -> None:
    if pinned is None:
        click.echo(f"using the shipped ATT&CK {domain}-attack 18.1")
    else:
        click.echo(f"pinned ATT&CK {pinned.domain} {pinned.version} ({pinned.path})")


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
@click.option("--no-bf16", is_flag=True, help="Train in fp32 (bf16 autocast by default; on CPUs "
              "without bf16 instructions fp32 is much faster).")
@click.option("--annoctr", "annoctr_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Train on real reports: an unpacked AnnoCTR folder (its train split only), "
                   "mixed with --catalog-pairs.")
@click.option("--catalog-pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --annoctr: ATT&CK-derived pairs (train.jsonl.xz) to mix in.")
@click.option("--catalog-pair-count", type=click.IntRange(0), default=2000, show_default=True,
              help="With --annoctr: how many --catalog-pairs to sample.")
@click.option("--retrieve-k", type=click.IntRange(1), default=16, show_default=True,
              help="With --annoctr: first-stage labels per sentence (saved beside the model).")
@_review.feedback_option("Also train on the review decisions in this database (URL or SQLite file): "
                         "accepted/added labels as positives, rejected ones as hard negatives.")
@click.option("--feedback-repeat", type=click.IntRange(1), default=8, show_default=True,
              help="Copies of each feedback pair (a few decisions among thousands of generated pairs).")
@click.pass_obj
def train(state: _cli.CliState, output: Path | None, base_model: str | None,
          data_dir: Path | None, epochs: int | None, max_steps: int, n_train_queries: int,
          seed: int, no_bf16: bool, annoctr_dir: Path | None, catalog_pairs: Path | None,
          catalog_pair_count: int, retrieve_k: int, feedback_db: str | None,
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
    import core
    from cti_mapper.annoctr import AnnoCtrError
    from cti_mapper.attack import CatalogError, load_catalog
    from cti_mapper.training import train_report_reranker, train_reranker

    quiet_third_party_logs()
    if (catalog_pairs is not None) and annoctr_dir is None:
        raise click.UsageError("--catalog-pairs needs --annoctr")
    if annoctr_dir is not None and output is None:
        raise click.UsageError("--annoctr needs -o/--output (the shipped model is not replaced in place)")
    if annoctr_dir is not None and feedback_db:
        raise click.UsageError("--feedback applies to catalog training, not --annoctr")
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
        if annoctr_dir is not None:
            result = train_report_reranker(
                annoctr_dir, output, attack_data=state.attack_data, data_dir=data_dir,
                base_model=base_model, catalog_pairs=catalog_pairs, n_catalog_pairs=catalog_pair_count,
                retrieve_k=retrieve_k, epochs=epochs or 1, max_steps=max_steps, bf16=not no_bf16, seed=seed,
            )
        else:
            result = train_reranker(
                output, attack_data=state.attack_data, data_dir=data_dir, base_model=base_model,
                n_train_queries=n_train_queries, epochs=epochs, max_steps=max_steps,
                bf16=not no_bf16, seed=seed, **({"extra_pairs": extra} if extra else {}),
            )
    except (CatalogError, AnnoCtrError, core.ModelLoadError, core.DataError, ValueError, OSError) as exc:
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
@click.option("--documents", is_flag=True,
              help='DATA holds whole reports, {"text": report, "labels": [technique IDs]} per line: '
                   "document-level precision, recall, micro/macro and per-document F1.")
@click.option("--annoctr", "annoctr_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Evaluate on an unpacked AnnoCTR folder instead of DATA (document level, "
                   "sentence R@5, no-behaviour sentences labelled).")
@click.option("--split", type=click.Choice(("dev", "test")), default="dev", show_default=True,
              help="With --annoctr: which split (tune on dev, measure once on test).")
@click.option("--calibrate", is_flag=True,
              help="With --annoctr --split dev: choose the sentence threshold and minimum evidence "
                   "(best document-level F1 labelling at most 10 percent of no-behaviour sentences) and save them "
                   "beside --model.")
@click.option("--min-evidence", type=click.IntRange(1),
              help="Document level: sentences a technique needs (default: the model's).")
@click.pass_obj
def evaluate(state: _cli.CliState, data: Path | None, kinds: tuple[str, ...] | None, fmt: str,
             model: Path | None, backend: str, documents: bool, annoctr_dir: Path | None, split: str,
             calibrate: bool, min_evidence: int | None, feedback_db: str | None) -> None:
    """Score the mapper on labelled sentences, labelled reports, or AnnoCTR.

    DATA: JSON Lines of {"text", "labels"} sentences (P@1, R@5, MRR@10, NDCG@10, MAP), or whole
    reports with --documents (document-level P/R/F1 at the model's threshold).

    Example:

        cti-map evaluate labelled.jsonl --kinds technique --format json

        cti-map evaluate reports.jsonl --documents

        cti-map evaluate --annoctr annoctr/ --split dev --calibrate --model my-cti-reranker

        cti-map evaluate --feedback review.db
    """
    from cti_mapper.evaluation import EvaluationDataError, evaluate_mapper, load_labelled_texts

    if sum(x is not None for x in (data, annoctr_dir, feedback_db)) != 1:
        raise click.UsageError("give exactly one of DATA, --annoctr DIR or --feedback DB")
    if feedback_db:
        from cti_mapper.review.feedback import evaluate_on_feedback

        feedback = _review.load_feedback_or_fail(feedback_db)
        metrics = evaluate_on_feedback(_cli._load_mapper(state, model, backend, None), feedback)
        _echo_metrics(metrics, fmt)
        return
    if calibrate and (annoctr_dir is None or split != "dev"):
        raise click.UsageError("--calibrate needs --annoctr DIR --split dev (never tune on test)")
    if documents and annoctr_dir is not None:
        raise click.UsageError("--documents applies to DATA, not --annoctr")
    if data is not None:
        try:
            load_labelled_texts(data)  # fail on a malformed file before loading the model
        except EvaluationDataError as exc:
            raise _cli._fail(exc) from None
    mapper = _cli._load_mapper(state, model, backend, None)
    try:
        if annoctr_dir is not None or documents:
            metrics = _document_metrics(mapper, data, annoctr_dir, split, calibrate, min_evidence, model)
        else:
            examples = load_labelled_texts(data, catalog=mapper.catalog)
            metrics = evaluate_mapper(mapper, examples, kinds=kinds)
    except (EvaluationDataError, ValueError, OSError) as exc:
        raise _cli._fail(exc) from None
    _echo_metrics(metrics, fmt)


def _echo_metrics(metrics: dict, fmt: str) -> None:
    """Print a flat metric dict as JSON or aligned lines (counts as integers)."""
    if fmt == "json":
        click.echo(json.dumps(metrics, indent=2))
        return
    width = max(10, *(len(k) + 1 for k in metrics))
    counts = ("queries", "sentences", "documents", "min_evidence", "no_behaviour_sentences")
    for key, value in metrics.items():
        shown = f"{int(value)}" if key in counts else f"{value:.4f}"
        click.echo(f"{key:<{width}} {shown}")


def _document_metrics(mapper, data, annoctr_dir, split, calibrate, min_evidence, model) -> dict:
    """Document-level metrics on --documents DATA or an AnnoCTR split; --calibrate saves them."""
    from cti_mapper import report_eval
    from cti_mapper.annoctr import AnnotatedReport, annotated_sentences, load_annoctr
    from cti_mapper.evaluation import load_labelled_texts
    from cti_mapper.training import default_model_path, load_min_evidence, save_calibration

    model_path = model or default_model_path()
    n = min_evidence or load_min_evidence(model_path)
    if annoctr_dir is None:
        examples = load_labelled_texts(data, catalog=mapper.catalog)
        reports = [AnnotatedReport(f"document {i}", "documents", ex.text, ()) for i, ex in enumerate(examples, 1)]
        gold = [{x for x in ex.labels if x.startswith("T")} for ex in examples]
        scored = report_eval.score_reports(mapper, reports, gold=gold)
        return report_eval.document_metrics(scored, mapper.threshold, n)
    reports = load_annoctr(annoctr_dir, mapper.catalog, splits=(split,))
    scored = report_eval.score_reports(mapper, reports)
    if calibrate:
        metrics = report_eval.calibrate(scored)
        save_calibration(model_path, {
            **report_eval.calibration_values(metrics), "dev": metrics})
    else:
        metrics = report_eval.document_metrics(scored, mapper.threshold, n, min_similarity=mapper.min_similarity)
    mentions = [s for r in reports for s in annotated_sentences(r, mapper.catalog, ("technique",))]
    ranking = report_eval.sentence_ranking(mapper, mentions)
    return {**metrics, "sentence_r@5": ranking["r@5"], "sentence_p@1": ranking["p@1"],
            "sentence_map": ranking["map"]}
