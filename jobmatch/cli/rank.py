"""`jobmatch rank --job FILE`: the stored pool (or a folder of profiles) ranked for a job."""

from __future__ import annotations

from pathlib import Path

import click

from jobmatch.cli import common

__all__ = ["rank", "requirements"]

DEFAULT_RETRIEVE_K = 100  # jobmatch.matching.DEFAULT_RETRIEVE_K, without importing torch (a test checks)


def read_job(job_path: str) -> str:
    """The job description from a file (text, .pdf, .docx) or ``-`` (stdin)."""
    from jobmatch.documents import InputError, decode_text, document_text

    if job_path == "-":
        return decode_text(click.get_binary_stream("stdin").read(), "the job on stdin")
    path = Path(job_path)
    if not path.is_file():
        raise InputError(f"job file not found: {path}")
    if path.suffix.lower() in {".pdf", ".docx"}:
        return document_text(path)
    return decode_text(path.read_bytes(), f"job file {path}")


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.option("--job", "job_path", required=True, metavar="FILE",
              help="Job description (text, .pdf or .docx), or - for stdin.")
@common.format_option(("table", "json"))
@common.output_option
def requirements(job_path, fmt, output):
    """Show what was read from a job: the must-haves, nice-to-haves and hard requirements `rank` ranks by.

    The JSON is an editable card: correct it and pass it to `rank --requirements`. Fields: title,
    seniority, must_have (["Python", ["Snowflake", "BigQuery"]]: a list is "one of these"),
    nice_to_have, min_years, degree (associate|bachelor|master|phd), sponsorship (true|false),
    work_authorization, citizenship, clearance, graduation_years ([first, last]), workplace
    (onsite|hybrid|remote), location (the office city), region; null where the posting says nothing.

    Example:

        jobmatch requirements --job job.txt -o card.json

        jobmatch rank --job job.txt --requirements card.json
    """
    from jobmatch.cli import output as fmt_out
    from jobmatch.jobcard import requirements_of
    from jobmatch.matching import parse_job_text

    fmt = common.choose_format(fmt, output, ("table", "json"))
    card = requirements_of(parse_job_text(read_job(job_path)))
    common.emit(fmt_out.requirements_text(card, fmt, to_terminal=common.to_terminal(output)), output)


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.option("--job", "job_path", required=True, metavar="FILE",
              help="Job description (text, .pdf or .docx), or - for stdin.")
@click.option("--requirements", "card_path", metavar="FILE",
              help="A requirements card (JSON, as `jobmatch requirements` writes it) whose fields replace what "
                   "was read from the job; fields it leaves out stay as read. Default: none.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Results to show.")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Hide results scoring below this (0-1). Default: none.")
@common.format_option(("table", "json", "csv"))
@common.output_option
@click.option("--save", is_flag=True, help="Store this ranking as a run (see `jobmatch runs`).")
@click.option("--candidates", "candidates_path", type=click.Path(exists=True, path_type=Path),
              help="Rank the profiles in this file or folder instead of the stored pool (nothing is stored).")
@click.option("--retrieve-k", type=click.IntRange(min=1), default=DEFAULT_RETRIEVE_K, show_default=True,
              help="Candidates passed from embedding retrieval to the reranker.")
@common.model_option
@common.backend_option
@click.pass_obj
def rank(settings: common.Settings, job_path, card_path, top, min_score, fmt, output, save, candidates_path,
         retrieve_k, model_path, backend):
    """Rank candidates for a job, best first, with reasons.

    Score = must-have coverage × (0.6 + 0.3 × model + 0.1 × nice-to-haves) × seniority factor.
    Candidates failing a hard requirement the job states (sponsorship, degree, years, on-site
    location, clearance, citizenship, graduation window) are listed apart, below the rest.
    Check what was read with `jobmatch requirements`, and correct it with --requirements.

    Example:

        jobmatch rank --job shared_data/samples/job.txt --top 5 --format json

        jobmatch rank --job job.txt --requirements card.json
    """
    from jobmatch.cli import output as fmt_out
    if save and candidates_path:
        raise click.UsageError("--save stores rankings of the stored pool; it cannot be used with --candidates")
    fmt = common.choose_format(fmt, output, ("table", "json", "csv"))
    wanted, card, saved_card = read_job(job_path), None, None  # the job's text, or parsed and corrected by the card
    if card_path:  # checked before any model loads
        from jobmatch.jobcard import apply_card, read_card
        from jobmatch.matching import parse_job_text

        edits = read_card(card_path)
        # A saved run keeps the card's full path and what the parser had read in the fields it replaced.
        wanted, saved_card = apply_card(parse_job_text(wanted), edits, path=card_path)
        card = {"path": card_path, "edited": saved_card["edited"]}
    with common.status("loading the models…"):
        reranker = settings.reranker(model_path, backend)
        embedder = settings.load_embedder()
    if candidates_path:
        from jobmatch.importing import read_candidates
        from jobmatch.matching import rank_profiles

        records = read_candidates(candidates_path)
        items = [(i, r.name, r.profile()) for i, r in enumerate(records, start=1)]
        with common.status(f"ranking {len(items)} profiles…"):
            job, matches = rank_profiles(wanted, items, embedder=embedder, reranker=reranker, top_k=top,
                                         min_score=min_score, retrieve_k=retrieve_k)
    else:
        pool = settings.pool()
        with common.status("ranking the stored pool…"):
            job, matches, run_id = pool.rank(wanted, embedder=embedder, reranker=reranker, top_k=top,
                                             min_score=min_score, retrieve_k=retrieve_k, save=save,
                                             card=saved_card)
        if run_id is not None:
            click.echo(f"Saved run #{run_id}", err=True)
    common.emit(fmt_out.matches_text(job, matches, fmt, to_terminal=common.to_terminal(output), card=card), output)
