"""`jobmatch import|add|list|show|remove`: the stored candidate pool."""

from __future__ import annotations

from pathlib import Path

import click

from jobmatch.cli import common

__all__ = ["add", "import_", "list_", "remove", "show"]


@click.command(name="import", context_settings=common.CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def import_(settings: common.Settings, path: Path):
    """Import candidates from a CSV, JSONL, .txt/.md, PDF or .docx file, or a folder of them.

    All rows are added in one transaction, or none; candidates already stored (same email,
    else same content) are skipped.

    Example:

        jobmatch import shared_data/samples/candidates.csv
    """
    from jobmatch.importing import read_candidates

    records = read_candidates(path)
    pool = settings.pool()
    pool.check_writable()  # before loading the embedder
    with common.status("loading the embedder…"):
        embedder = settings.load_embedder()
    with common.phase_progress("importing") as on_progress:
        result = pool.import_records(records, embedder=embedder, on_progress=on_progress)
    click.echo(f"Imported {result.added} candidate(s) from {path}; skipped {result.skipped} already stored.")


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("profile", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Full name (required without PROFILE).")
@click.option("--email", help="Email address (the key that makes re-adding a no-op).")
@click.option("--phone", help="Phone number.")
@click.option("--role", help="Current or wanted role, e.g. 'Backend Engineer'.")
@click.option("--seniority", help="intern, junior, mid, senior or lead.")
@click.option("--years", type=float, help="Years of experience.")
@click.option("--skills", help="Comma-separated skills.")
@click.option("--summary", help="Free-text profile.")
@click.option("--location", help="City, region or country.")
@click.option("--degree", help="Highest degree, e.g. 'BSc Computer Science'.")
@click.option("--graduation-year", type=int, help="Year of the highest degree.")
@click.option("--work-authorization", help="e.g. 'citizen', 'needs sponsorship'.")
@click.option("--clearance", help="Security clearance held, if any.")
@click.pass_obj
def add(settings: common.Settings, profile: Path | None, **fields):
    """Add one candidate from flags or a profile file (.txt, .md, .pdf, .docx).

    Example:

        jobmatch add --name "Ada Lovelace" --email ada@example.com --role "Data Engineer" --skills "Python, SQL, Spark"
    """
    from jobmatch.importing import read_candidates, record_from_fields

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
    pool = settings.pool()
    pool.check_writable()  # before loading the embedder
    candidate_id = pool.add(records[0], embedder=settings.load_embedder())
    click.echo(f"Added candidate #{candidate_id}: {records[0].name}")


@click.command(name="list", context_settings=common.CONTEXT_SETTINGS)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Candidates to show.")
@common.format_option(("table", "json"))
@common.output_option
@click.pass_obj
def list_(settings: common.Settings, limit: int, fmt: str | None, output: Path | None):
    """List stored candidates, newest first.

    Example:

        jobmatch list --limit 20
    """
    from jobmatch.cli import output as fmt_out
    from jobmatch.store import list_candidates

    fmt = common.choose_format(fmt, output, ("table", "json"))
    with settings.pool().session() as session:
        rows, total = list_candidates(session, limit=limit)
        text = fmt_out.candidates_text(rows, total, fmt, to_terminal=common.to_terminal(output))
    common.emit(text, output)


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("candidate_id", type=int)
@common.format_option(("table", "json"))
@common.output_option
@click.pass_obj
def show(settings: common.Settings, candidate_id: int, fmt: str | None, output: Path | None):
    """Show one candidate.

    Example:

        jobmatch show 12
    """
    from jobmatch.cli import output as fmt_out
    from jobmatch.store import get_candidate

    fmt = common.choose_format(fmt, output, ("table", "json"))
    with settings.pool().session() as session:
        text = fmt_out.candidate_text(get_candidate(session, candidate_id), fmt)
    common.emit(text, output)


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("candidate_id", type=int)
@click.pass_obj
def remove(settings: common.Settings, candidate_id: int):
    """Remove one candidate (saved runs keep the name).

    Example:

        jobmatch remove 12
    """
    name = settings.pool().remove(candidate_id)
    click.echo(f"Removed candidate #{candidate_id}: {name}")
