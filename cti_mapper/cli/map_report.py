"""`cti-map map REPORT` (also plain `cti-map REPORT`): map a report and export the result."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from cti_mapper.cli import common
from cti_mapper.cli.view import export_text

__all__ = ["map_command"]


@click.command("map", context_settings=common.CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@common.format_option(common.FORMATS)
@common.output_option
@click.option("--all", "show_all", is_flag=True,
              help="Table: list every sentence, not only the mapped ones.")
@click.option("--threshold", type=click.FloatRange(0, 1),
              help="Report labels scoring at least this (0-1). Default: the model's calibrated threshold.")
@common.model_option
@click.option("--kinds", multiple=True, callback=common.parse_kinds, metavar="KIND[,KIND]",
              help="Only report these label kinds: technique, software, tactic. Default: all three.")
@click.option("--one-per-line", is_flag=True, help="Text files: each non-blank line is one sentence.")
@common.backend_option
@click.option("--min-evidence", type=click.IntRange(1),
              help="Report-level summary: keep labels evidenced by at least N sentences "
              "(written IDs always kept). Default: the model's calibrated value.")
@click.option("--report-threshold", type=click.FloatRange(0, 1),
              help="Report-level summary: keep labels whose aggregated score "
              "(1 - prod(1 - sentence scores)) is at least this. Default: no cut.")
@common.stix_extensions_option
@click.pass_obj
def map_command(state: common.CliState, path: Path, fmt: str | None, output: Path | None, show_all: bool,
                threshold: float | None, model: Path | None, kinds: tuple[str, ...] | None,
                one_per_line: bool, backend: str, min_evidence: int | None,
                report_threshold: float | None, stix_extensions: bool) -> None:
    """Map each sentence of a report (PDF, HTML, Markdown, text) to ATT&CK labels.

    On a terminal: the report's techniques (tactic, evidence, best score), then the mapped
    sentences (--all: every sentence). Save JSON (-f json -o result.json) to convert it later
    with `cti-map export` without running the model again.

    Exit status: 0 when at least one label was found, 1 on an error or when no sentence
    scored above the threshold (the output is still written).

    Example:

        cti-map report.pdf

        cti-map map report.html --format json -o report.json

        cti-map report.pdf --format stix -o bundle.json --kinds technique
    """
    from cti_mapper.export import build_report
    from cti_mapper.reports import read_report

    fmt = common.choose_format(fmt, output)
    common.check_output(output, path)
    document = read_report(path, one_per_line=one_per_line)
    mapper = common.load_mapper(state, model, backend, threshold)
    with common.progress(len(document.sentences), "mapping sentences") as advance:
        mappings = mapper.map_sentences(document.sentences, progress=advance)
    if kinds:
        mappings = [dataclasses.replace(m, labels=tuple(x for x in m.labels if x.kind in kinds)) for m in mappings]
    model = getattr(mapper, "model_path", None) or mapper.model_name  # recorded as a label, never a path
    report = build_report(document, mappings, catalog=mapper.catalog, model=model,
                          threshold=mapper.threshold,
                          min_evidence=mapper.min_evidence if min_evidence is None else min_evidence,
                          report_threshold=report_threshold)
    to_terminal = output is None and sys.stdout.isatty()
    common.emit(export_text(report, fmt, to_terminal=to_terminal, show_all=show_all,
                            stix_extensions=stix_extensions), output, (path,))
    if not report.mapped_count:  # a sentence-level label counts, even below --min-evidence
        click.echo(f"warning: no sentence of {path.name} scored above the threshold "
                   f"({mapper.threshold}); nothing mapped", err=True)
        sys.exit(1)
