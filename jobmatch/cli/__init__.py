"""`jobmatch`: keep a candidate pool and rank it against job descriptions.

One thin module per group of commands (``candidates``, ``rank``, ``runs``, ``database``,
``models``) over :mod:`jobmatch.cli.common`, which also maps library errors to one-line messages.
"""

from __future__ import annotations

import click

from jobmatch.cli import common
from jobmatch.cli.candidates import add, import_, list_, remove, show
from jobmatch.cli.database import db
from jobmatch.cli.models import evaluate, train
from jobmatch.cli.rank import rank, requirements
from jobmatch.cli.runs import runs
from jobmatch.config import DB_ENV, EMBEDDER_ENV, MODEL_ENV

__all__ = ["cli"]


@click.group(cls=common.CliGroup, context_settings=common.CONTEXT_SETTINGS)
@click.option("--db", "db_url", envvar=DB_ENV, metavar="URL|FILE",
              help=f"SQLAlchemy URL or SQLite file [env {DB_ENV}]. Default: jobmatch.db in the user data "
                   "folder (`jobmatch db path` prints it).")
@click.option("--model", envvar=MODEL_ENV, metavar="PATH", hidden=True,
              help=f"Reranker folder for every command [env {MODEL_ENV}]; commands take --model too.")
@click.option("--embedder", envvar=EMBEDDER_ENV, metavar="PATH", help=common.embedder_help())
@click.version_option(package_name="crossrank")
@click.pass_context
def cli(ctx, db_url, model, embedder):
    """Rank a pool of candidates against job descriptions, with reasons.

    Example:

        jobmatch import candidates.csv

        jobmatch requirements --job job.txt

        jobmatch rank --job job.txt --top 10

        jobmatch db path
    """
    ctx.obj = common.Settings(db_url, model, embedder)


for _command in (import_, add, list_, show, remove, requirements, rank, runs, db, train, evaluate):
    cli.add_command(_command)
