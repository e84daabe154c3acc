"""`jobmatch runs [ID]`: saved rankings (`jobmatch rank --save`)."""

from __future__ import annotations

from pathlib import Path

import click

from jobmatch.cli import common

__all__ = ["runs"]


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("run_id", type=int, required=False)
@common.format_option(("table", "json"))
@common.output_option
@click.pass_obj
def runs(settings: common.Settings, run_id: int | None, fmt: str | None, output: Path | None):
    """List saved ranking runs, or show one run's results.

    Example:

        jobmatch runs 3
    """
    from jobmatch.cli import output as fmt_out
    from jobmatch.store import get_run, list_runs

    fmt = common.choose_format(fmt, output, ("table", "json"))
    with settings.pool().session() as session:
        if run_id is None:
            text = fmt_out.runs_text(list_runs(session), fmt, to_terminal=common.to_terminal(output))
        else:
            text = fmt_out.run_text(get_run(session, run_id), fmt)
    common.emit(text, output)
