"""`jobmatch db path|info|reset`: where the candidate pool lives, and starting it afresh."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from jobmatch.cli import common

__all__ = ["db"]


@click.group(cls=common.CliGroup, context_settings=common.CONTEXT_SETTINGS)
def db():
    """Where the database is, what it holds, and how to empty it.

    The database is --db / $JOBMATCH_DB, else jobmatch.db in $JOBMATCH_HOME or the user data
    folder.

    Example:

        jobmatch db path

        jobmatch db info

        jobmatch --db quickstart.db db reset --yes
    """


@db.command(context_settings=common.CONTEXT_SETTINGS)
@click.pass_obj
def path(settings: common.Settings):
    """Print the database's file (SQLite) or its URL, password hidden; creates nothing.

    Example:

        jobmatch db path
    """
    from jobmatch.config import database_url, default_db_path

    if not settings.db:
        click.echo(str(default_db_path()))
        return
    url = database_url(settings.db)
    if url.startswith("sqlite:///"):
        click.echo(url.removeprefix("sqlite:///"))
        return
    from sqlalchemy.engine import make_url

    click.echo(make_url(url).render_as_string(hide_password=True))


@db.command(context_settings=common.CONTEXT_SETTINGS)
@common.format_option(("table", "json"))
@common.output_option
@click.pass_obj
def info(settings: common.Settings, fmt: str | None, output: Path | None):
    """Show where the database is and how many candidates, jobs and saved runs it holds.

    Example:

        jobmatch db info --format json
    """
    fmt = common.choose_format(fmt, output, ("table", "json"))
    data = dataclasses.asdict(settings.pool().info())
    if fmt == "json":
        common.emit(json.dumps(data, indent=2) + "\n", output)
        return
    common.emit("".join(f"{key:<11} {value if value is not None else '-'}\n" for key, value in data.items()), output)


@db.command(context_settings=common.CONTEXT_SETTINGS)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def reset(settings: common.Settings, yes: bool):
    """Delete every candidate, job and saved run from the database (asks first).

    Example:

        jobmatch --db quickstart.db db reset --yes
    """
    pool = settings.pool()
    pool.check_writable()  # before asking
    before = pool.info()
    where = before.path or before.url
    if not yes:  # no answer (end of input) aborts: never reset silently
        click.confirm(f"Delete {before.candidates} candidate(s), {before.jobs} job(s) and {before.runs} "
                      f"saved run(s) from {where}?", abort=True, err=True)
    pool.reset()
    click.echo(f"Reset {where}: removed {before.candidates} candidate(s), {before.runs} saved run(s).")
