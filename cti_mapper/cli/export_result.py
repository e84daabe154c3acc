"""`cti-map export RESULT.json -f FORMAT`: convert a saved result without running the model."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cti_mapper.cli import common
from cti_mapper.cli.view import export_text

__all__ = ["export"]


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@common.format_option(common.FORMATS)
@common.output_option
@click.option("--all", "show_all", is_flag=True,
              help="Table: list every sentence, not only the mapped ones.")
@common.stix_extensions_option
@click.pass_obj
def export(state: common.CliState, result: Path, fmt: str | None, output: Path | None, show_all: bool,
           stix_extensions: bool) -> None:
    """Convert a result saved with `-f json` to another format, without running the model.

    Labels, scores, sentences and provenance come from RESULT; the ATT&CK objects a STIX
    bundle, a Navigator layer or the HTML heatmap need come from the catalog in use
    (--attack-data, else the pinned or shipped one).

    Example:

        cti-map report.pdf -f json -o result.json

        cti-map export result.json -f stix -o bundle.json

        cti-map export result.json -f navigator -o layer.json
    """
    from cti_mapper.attack import load_catalog
    from cti_mapper.results import load_result

    fmt = common.choose_format(fmt, output)
    common.check_output(output, result, "result")
    report = load_result(result, load_catalog(state.attack_data))
    to_terminal = output is None and sys.stdout.isatty()
    common.emit(export_text(report, fmt, to_terminal=to_terminal, show_all=show_all,
                            stix_extensions=stix_extensions), output, (result,))
