"""`jobmatch train` and `jobmatch evaluate`: make and measure the reranker."""

from __future__ import annotations

import json
from pathlib import Path

import click

from jobmatch.cli import common

__all__ = ["evaluate", "train"]


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.option("-o", "--output", "output_path", type=click.Path(file_okay=False, path_type=Path),
              help="Model folder to write. Default: <JOBMATCH_HOME>/models/jobmatch-reranker.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder with train.jsonl, val.jsonl, val_unseen_families.jsonl. Default: the shipped data.")
@click.option("--regenerate", is_flag=True, help="Regenerate the training data with the rubric generator first.")
@click.option("--max-steps", type=int, default=-1, show_default=True, help="Stop early (-1: one epoch).")
@click.option("--base-model", metavar="ID|PATH",
              help="Model to fine-tune: a folder, or a Hugging Face id such as cross-encoder/ms-marco-MiniLM-L6-v2 "
                   "(online). Default: core's offline base.")
@click.option("--threads", type=click.IntRange(min=1),
              help="Torch CPU threads (1 is fastest on a busy machine). Default: one per physical core.")
def train(output_path, data_dir, regenerate, max_steps, base_model, threads):
    """Train the reranker as shipped (core's jobmatch recipe: batch 8, 1 epoch, lr 5e-5, BCE).

    Example:

        jobmatch train -o ./my-reranker --threads 1
    """
    from core.paths import quiet_third_party_logs
    from jobmatch.config import app_dir
    from jobmatch.training import train_model

    if threads:
        import torch

        torch.set_num_threads(threads)
    quiet_third_party_logs()
    target = output_path or app_dir() / "models" / "jobmatch-reranker"
    result = train_model(target, data_dir=data_dir, base_model=base_model, max_steps=max_steps, regenerate=regenerate)
    click.echo(f"Saved {result.path}")
    click.echo(json.dumps(result.metrics, indent=2))


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("data", type=click.Path(exists=True, path_type=Path))
@common.format_option(("table", "json"))
@common.output_option
@common.model_option
@click.option("--baseline-model", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also score this model the old way (model score × seniority, no must-have coverage), "
                   "for comparison.")
@click.option("--misses", "misses_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write each field the parser got wrong to this JSONL file.")
@click.option("--split", help="Only this part of the folder, as its splits.json names it (e.g. held_out). "
                              "Default: all of it.")
@click.pass_obj
def evaluate(settings: common.Settings, data: Path, fmt: str | None, output: Path | None, model_path: str | None,
             baseline_model: Path | None, misses_path: Path | None, split: str | None):
    """Measure the matcher on a judged evaluation folder, or on labelled JSONL.

    A folder (postings/, resumes/, judgments.csv, fields.jsonl, as in shared_data/jobmatch/eval)
    gives NDCG@10 and MAP of the ranking `rank` produces, and the parser's field accuracy
    (degree, years within 1, authorization, location, must-have list). A JSONL file with lines
    {"job", "candidate", "label"} gives Pearson/Spearman; {"job", "positives", "negatives"}
    gives MAP, MRR@10 and NDCG@10.

    Example:

        jobmatch evaluate shared_data/jobmatch/eval --baseline-model ./old-reranker

        jobmatch evaluate shared_data/jobmatch/eval --split held_out
    """
    from jobmatch.cli import output as fmt_out
    from jobmatch.evaluation import evaluate_file, evaluate_folder, misses_jsonl

    fmt = common.choose_format(fmt, output, ("table", "json"))
    if data.is_file():
        if baseline_model or misses_path or split:
            raise click.UsageError("--baseline-model, --misses and --split apply to an evaluation folder")
        metrics = evaluate_file(data, reranker=settings.reranker(model_path))
        common.emit(fmt_out.metrics_text(metrics, fmt), output)
        return
    rows = {}
    if baseline_model:
        rows["baseline model, old score"] = (settings.reranker(baseline_model), "legacy")
    reranker = settings.reranker(model_path)
    rows["current model, old score"] = (reranker, "legacy")
    rows["current model, combined score"] = (reranker, "combined")
    with common.status("evaluating…"):
        table, misses = evaluate_folder(data, rows, split=split)
    if misses_path:
        misses_path.write_text(misses_jsonl(misses), encoding="utf-8")
    common.emit(fmt_out.eval_table_text(table, fmt, to_terminal=common.to_terminal(output)), output)
