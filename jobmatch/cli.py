"""`jobmatch`: keep a candidate pool and rank it against job descriptions."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import core
from jobmatch import output
from jobmatch.config import app_dir, default_db_url, shipped_model_path
from jobmatch.db import Candidate, DatabaseProblem, RankingRun, database_problem, init_db, make_engine
from jobmatch.embeddings import invalidate_cache
from jobmatch.importing import (
    InputProblem,
    decode_text,
    document_text,
    read_candidates,
    record_from_fields,
    store_candidates,
)
from jobmatch.matching import DEFAULT_RETRIEVE_K, MatchProblem, rank_profiles, rank_stored
from jobmatch.store import CandidateNotFound, get_candidate, remove_candidate, save_run

FORMATS = click.Choice(["table", "json", "csv"])
BACKENDS = click.Choice(list(core.BACKENDS))


@dataclass
class Settings:
    """Options of the `jobmatch` group, shared by its commands through ctx.obj."""

    db_url: str | None
    model: str | None
    embedder: str | None

    def engine(self):
        """Open (and create or check) the database."""
        timeout = float(os.environ.get("JOBMATCH_BUSY_TIMEOUT", "10"))
        engine = make_engine(self.db_url or default_db_url(), busy_timeout=timeout)
        init_db(engine)
        return engine

    def reranker(self, backend: str = "auto"):
        """Load the cross-encoder: --model / $JOBMATCH_MODEL, else the shipped one."""
        core.quiet_third_party_logs()
        path = self.model or shipped_model_path()
        if self.model is None and not Path(path).exists():
            raise core.ModelLoadError(f"the shipped model is missing at {path}; run `jobmatch train` or pass --model")
        return core.load_reranker(path, backend=backend)

    def embedding_cache(self) -> Path | None:
        """The stored pool's embedding cache file (per database URL); None for in-memory SQLite."""
        url = self.db_url or default_db_url()
        if url.rstrip("/") == "sqlite:" or ":memory:" in url:
            return None
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        return app_dir() / "cache" / f"embeddings-{digest}.npz"

    def load_embedder(self):
        """Load the bi-encoder: --embedder / $JOBMATCH_EMBEDDER, else the shipped all-MiniLM-L6-v2."""
        core.quiet_third_party_logs()
        return core.load_embedder(self.embedder)


def friendly_errors(command):
    """Turn library errors into one-line ClickExceptions (exit 1)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (
            DatabaseProblem,
            InputProblem,
            MatchProblem,
            CandidateNotFound,
            core.ModelLoadError,
            core.DataError,
        ) as exc:
            raise click.ClickException(str(exc)) from None
        except SQLAlchemyError as exc:
            ctx = click.get_current_context()
            engine = make_engine(ctx.obj.db_url or default_db_url())
            raise click.ClickException(str(database_problem(exc, engine))) from None

    return wrapper


@click.group()
@click.option(
    "--db",
    "db_url",
    envvar="JOBMATCH_DB",
    metavar="URL",
    help="SQLAlchemy URL (default: SQLite in the user data dir; env JOBMATCH_DB).",
)
@click.option("--model", envvar="JOBMATCH_MODEL", metavar="PATH", help="Reranker folder (env JOBMATCH_MODEL).")
@click.option(
    "--embedder", envvar="JOBMATCH_EMBEDDER", metavar="PATH", help="Bi-encoder folder (env JOBMATCH_EMBEDDER)."
)
@click.version_option(package_name="crossrank")
@click.pass_context
def cli(ctx, db_url, model, embedder):
    """Rank a pool of candidates against job descriptions, with reasons.

    Example:

        jobmatch import candidates.csv

        jobmatch rank --job job.txt --top 10
    """
    ctx.obj = Settings(db_url, model, embedder)


def _progress(label: str):
    """A progress callback drawing bars on a terminal; None (no output) otherwise."""
    if not sys.stderr.isatty():
        return None
    bars: dict[str, object] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in bars:
            bar = click.progressbar(length=total, label=f"{label} ({phase})", file=sys.stderr)
            bar.__enter__()
            bars[phase] = [bar, 0]
        bar, seen = bars[phase]
        bar.update(done - seen)
        bars[phase][1] = done
        if done >= total:
            bar.__exit__(None, None, None)

    return update


@cli.command(name="import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.pass_obj
@friendly_errors
def import_(settings: Settings, path: Path):
    """Import candidates from a CSV, JSONL, .txt/.md, PDF or .docx file, or a folder of them.

    All rows are added in one transaction, or none; candidates already stored (same email,
    else same content) are skipped.

    Example:

        jobmatch import shared_data/samples/candidates.csv
    """
    records = read_candidates(path)
    engine = settings.engine()
    embedder = settings.load_embedder()
    result = store_candidates(engine, records, embedder=embedder, on_progress=_progress("importing"))
    invalidate_cache(settings.embedding_cache())
    click.echo(f"Imported {result.added} candidate(s) from {path}; skipped {result.skipped} already stored.")


@cli.command()
@click.argument("profile", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name")
@click.option("--email")
@click.option("--phone")
@click.option("--role")
@click.option("--seniority", help="intern, junior, mid, senior or lead.")
@click.option("--years", type=float)
@click.option("--skills", help="Comma-separated skills.")
@click.option("--summary", help="Free-text profile.")
@click.option("--location")
@click.option("--degree")
@click.option("--graduation-year", type=int)
@click.option("--work-authorization")
@click.option("--clearance")
@click.pass_obj
@friendly_errors
def add(settings: Settings, profile: Path | None, **fields):
    """Add one candidate from flags or a profile file (.txt, .md, .pdf).

    Example:

        jobmatch add --name "Ada Lovelace" --email ada@example.com --role "Data Engineer" --skills "Python, SQL, Spark"
    """
    given = {k: v for k, v in fields.items() if v is not None}
    if profile is not None:
        records = read_candidates(profile)
        if len(records) != 1:
            raise click.UsageError("`add` takes one profile; use `jobmatch import` for files with several")
        if given:
            raise click.UsageError("give either a profile file or flags, not both")
    else:
        if not given.get("name"):
            raise click.UsageError("--name is required without a profile file")
        records = [record_from_fields(given, "command line")]
    engine = settings.engine()
    embedder = settings.load_embedder()
    result = store_candidates(engine, records, embedder=embedder)
    invalidate_cache(settings.embedding_cache())
    if not result.added:
        raise click.ClickException(f"{records[0].name} is already stored (same email or profile)")
    click.echo(f"Added candidate #{result.ids[0]}: {records[0].name}")


@cli.command(name="list")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
@friendly_errors
def list_(settings: Settings, limit: int, fmt: str):
    """List stored candidates, newest first.

    Example:

        jobmatch list --limit 20
    """
    with Session(settings.engine()) as session:
        total = session.scalar(select(func.count(Candidate.id)))
        rows = list(session.scalars(select(Candidate).order_by(Candidate.id.desc()).limit(limit)))
        output.echo_candidates(rows, total, fmt)


@cli.command()
@click.argument("candidate_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
@friendly_errors
def show(settings: Settings, candidate_id: int, fmt: str):
    """Show one candidate.

    Example:

        jobmatch show 12
    """
    with Session(settings.engine()) as session:
        output.echo_candidate(get_candidate(session, candidate_id), fmt)


@cli.command()
@click.argument("candidate_id", type=int)
@click.pass_obj
@friendly_errors
def remove(settings: Settings, candidate_id: int):
    """Remove one candidate (saved runs keep the name).

    Example:

        jobmatch remove 12
    """
    with Session(settings.engine()) as session, session.begin():
        name = remove_candidate(session, candidate_id)
    invalidate_cache(settings.embedding_cache())
    click.echo(f"Removed candidate #{candidate_id}: {name}")


def _read_job(job_path: str) -> str:
    if job_path == "-":
        data = click.get_binary_stream("stdin").read()
        where = "the job on stdin"
    else:
        path = Path(job_path)
        if not path.is_file():
            raise InputProblem(f"job file not found: {path}")
        if path.suffix.lower() in {".pdf", ".docx"}:
            return document_text(path)
        data = path.read_bytes()
        where = f"job file {path}"
    return decode_text(data, where)


@cli.command()
@click.option(
    "--job", "job_path", required=True, metavar="FILE", help="Job description (text, .pdf or .docx), or - for stdin."
)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 1), help="Hide results scoring below this (0-1).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--save", is_flag=True, help="Store this ranking as a run (see `jobmatch runs`).")
@click.option(
    "--candidates",
    "candidates_path",
    type=click.Path(exists=True, path_type=Path),
    help="Rank the profiles in this file instead of the stored pool (nothing is stored).",
)
@click.option(
    "--retrieve-k",
    type=click.IntRange(min=1),
    default=DEFAULT_RETRIEVE_K,
    show_default=True,
    help="Candidates passed from embedding retrieval to the reranker.",
)
@click.option(
    "--backend",
    type=BACKENDS,
    default="auto",
    show_default=True,
    help="Reranker runtime: auto (the fastest that ranks like fp32 here, measured once and cached), torch "
    "(fp32), bf16, onnx, onnx-int8, openvino or openvino-bf16.",
)
@click.pass_obj
@friendly_errors
def rank(settings: Settings, job_path, top, min_score, fmt, save, candidates_path, retrieve_k, backend):
    """Rank candidates for a job, best first, with reasons.

    Score = must-have coverage × (0.6 + 0.3 × model + 0.1 × nice-to-haves) × seniority factor.
    Candidates failing a hard requirement the job states (sponsorship, degree, years, on-site
    location, clearance, citizenship, graduation window) are listed apart, below the rest.

    Example:

        jobmatch rank --job shared_data/samples/job.txt --top 5 --format json
    """
    if save and candidates_path:
        raise click.UsageError("--save stores rankings of the stored pool; it cannot be used with --candidates")
    job_text = _read_job(job_path)
    reranker = settings.reranker(backend)
    embedder = settings.load_embedder()
    if candidates_path:
        records = read_candidates(candidates_path)
        items = [(i, r.name, r.profile()) for i, r in enumerate(records, start=1)]
        job, matches = rank_profiles(
            job_text, items, embedder=embedder, reranker=reranker, top_k=top, min_score=min_score, retrieve_k=retrieve_k
        )
    else:
        engine = settings.engine()
        with Session(engine) as session:
            job, matches = rank_stored(
                session,
                job_text,
                embedder=embedder,
                reranker=reranker,
                top_k=top,
                min_score=min_score,
                retrieve_k=retrieve_k,
                cache_path=settings.embedding_cache(),
            )
        if save:
            with Session(engine) as session, session.begin():
                run_id = save_run(session, job, matches, model=reranker.name)
            click.echo(f"Saved run #{run_id}", err=True)
    output.echo_matches(job, matches, fmt)


@cli.command()
@click.argument("run_id", type=int, required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
@friendly_errors
def runs(settings: Settings, run_id: int | None, fmt: str):
    """List saved ranking runs, or show one run's results.

    Example:

        jobmatch runs 3
    """
    with Session(settings.engine()) as session:
        if run_id is None:
            output.echo_runs(list(session.scalars(select(RankingRun).order_by(RankingRun.id.desc()))), fmt)
            return
        run = session.get(RankingRun, run_id)
        if run is None:
            raise click.ClickException(f"no ranking run #{run_id}; see `jobmatch runs`")
        output.echo_run(run, fmt)


@cli.command()
@click.option(
    "--output",
    "output_path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to save the model (default: <JOBMATCH_HOME>/models/jobmatch-reranker).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder with train.jsonl, val.jsonl, val_unseen_families.jsonl (default: shipped).",
)
@click.option("--regenerate", is_flag=True, help="Regenerate the training data with the rubric generator first.")
@click.option("--max-steps", type=int, default=-1, show_default=True, help="Stop early (-1: one epoch).")
@click.option(
    "--base-model",
    metavar="ID|PATH",
    help="Model to fine-tune: a folder, or a Hugging Face id such as cross-encoder/ms-marco-MiniLM-L6-v2 (online). "
    "Default: core's offline base.",
)
@click.option("--threads", type=click.IntRange(min=1), help="Torch CPU threads (1 is fastest on a busy machine).")
@friendly_errors
def train(output_path, data_dir, regenerate, max_steps, base_model, threads):
    """Train the reranker as shipped (core's jobmatch recipe: batch 8, 1 epoch, lr 5e-5, BCE).

    Example:

        jobmatch train --output ./my-reranker --threads 1
    """
    from jobmatch.config import app_dir
    from jobmatch.training import train_model

    if threads:
        import torch

        torch.set_num_threads(threads)
    core.quiet_third_party_logs()
    target = output_path or app_dir() / "models" / "jobmatch-reranker"
    result = train_model(target, data_dir=data_dir, base_model=base_model, max_steps=max_steps, regenerate=regenerate)
    click.echo(f"Saved {result.path}")
    click.echo(json.dumps(result.metrics, indent=2))


@cli.command()
@click.argument("data", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--baseline-model",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Also score this model the old way (model score × seniority, no must-have coverage), for comparison.",
)
@click.option(
    "--misses",
    "misses_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write each field the parser got wrong to this JSONL file.",
)
@click.option("--split", help="Only this part of the folder, as its splits.json names it (e.g. held_out).")
@click.pass_obj
@friendly_errors
def evaluate(
    settings: Settings, data: Path, fmt: str, baseline_model: Path | None, misses_path: Path | None, split: str | None
):
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
    from jobmatch.evaluation import evaluate_file, evaluate_folder, misses_jsonl

    if data.is_file():
        if baseline_model or misses_path or split:
            raise click.UsageError("--baseline-model, --misses and --split apply to an evaluation folder")
        output.echo_metrics(evaluate_file(data, reranker=settings.reranker()), fmt)
        return
    rows = {}
    if baseline_model:
        core.quiet_third_party_logs()
        rows["baseline model, old score"] = (core.load_reranker(baseline_model), "legacy")
    reranker = settings.reranker()
    rows["current model, old score"] = (reranker, "legacy")
    rows["current model, combined score"] = (reranker, "combined")
    table, misses = evaluate_folder(data, rows, split=split)
    if misses_path:
        misses_path.write_text(misses_jsonl(misses), encoding="utf-8")
    output.echo_eval_table(table, fmt)


__all__ = ["cli"]
