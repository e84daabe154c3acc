"""`cti-map`: ATT&CK labels for every sentence of a threat report.

``cti-map report.pdf`` maps a report (the default command, ``map``); ``export``, ``attack``,
``batch``, ``train``, ``train-embedder``, ``evaluate`` and ``serve`` are subcommands, one thin module each over
:mod:`cti_mapper.cli.common`, which also maps library errors to one-line messages.
"""

from __future__ import annotations

from pathlib import Path

import click

from cti_mapper.cli import common
from cti_mapper.cli.attack import attack
from cti_mapper.cli.batch_reports import batch
from cti_mapper.cli.evaluate import evaluate
from cti_mapper.cli.export_result import export
from cti_mapper.cli.map_report import map_command
from cti_mapper.cli.serve import serve
from cti_mapper.cli.train import train, train_embedder

__all__ = ["cli"]


@click.group(cls=common.DefaultCommandGroup, context_settings=common.CONTEXT_SETTINGS)
@click.option(
    "--attack-data",
    type=click.Path(exists=True, path_type=Path),
    envvar=common.ATTACK_DATA_ENV,
    help=f"ATT&CK STIX bundle (.json/.json.xz) or folder of them [env {common.ATTACK_DATA_ENV}]. "
    "Default: the version pinned by `cti-map attack update`, else the shipped v18.1.",
)
@click.option("-v", "--verbose", count=True, show_default=False, help="More log output (-vv for debug).")
@click.version_option(package_name="crossrank", prog_name="cti-map")
@click.pass_context
def cli(ctx: click.Context, attack_data: Path | None, verbose: int) -> None:
    """Map each sentence of a threat report to ATT&CK techniques, software and tactics.

    Run `cti-map REPORT` to map a PDF, HTML, Markdown or text report (same as
    `cti-map map REPORT`).

    Example:

        cti-map report.pdf

        cti-map report.pdf --format json -o result.json

        cti-map export result.json --format navigator -o layer.json
    """
    common.setup_logging(verbose)
    ctx.obj = common.CliState(attack_data=attack_data)


for _command in (map_command, export, batch, attack, evaluate, train, train_embedder, serve):
    cli.add_command(_command)
