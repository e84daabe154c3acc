"""`cti-map batch`: map a folder of reports, in-process or on Ray (``cti_mapper.batch``)."""

from __future__ import annotations

from pathlib import Path

import click

from cti_mapper.cli import common

__all__ = ["batch"]


def _mapper_factory(state, model: Path | None, backend: str, threshold: float | None):
    """The picklable spec each worker loads its mapper from (tests swap in a tiny one)."""
    from cti_mapper.batch import MapperSpec

    attack = str(state.attack_data) if state.attack_data else None
    return MapperSpec(attack_data=attack, model_path=str(model) if model else None,
                      backend=backend, threshold=threshold)


@click.command("batch", context_settings=common.CONTEXT_SETTINGS)
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for one JSON result per report and summary.jsonl (created).")
@click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None,
              metavar="[ADDRESS]",
              help="Run on Ray Data: alone, start a local Ray; with an address (auto, "
              "HOST:6379, ray://HOST:10001), use that cluster. Default: in this process.")
@click.option("--workers", type=click.IntRange(1),
              help="Ray workers, each loading the model once. Default: one per cluster CPU.")
@click.option("--threshold", type=click.FloatRange(0, 1),
              help="Report labels scoring at least this (0-1). Default: the model's calibrated threshold.")
@common.model_option
@common.backend_option
@click.option("--min-evidence", type=click.IntRange(1),
              help="Report-level summary: sentences a label needs. Default: the model's value.")
@click.option("--report-threshold", type=click.FloatRange(0, 1),
              help="Report-level summary: aggregated score a label needs.")
@click.pass_obj
def batch(state, input_dir: Path, output_dir: Path, ray_address: str | None, workers: int | None,
          threshold: float | None, model: Path | None, backend: str, min_evidence: int | None,
          report_threshold: float | None) -> None:
    """Map every report (PDF, HTML, Markdown, text) in a folder, one JSON result each.

    Results are named by the report's content hash, so a second run skips the reports already
    done; a report that cannot be read is listed as an error in OUTPUT/summary.jsonl and the
    others go on. Exit status 1 when any report failed.

    Example:

        cti-map batch reports/ -o results/

        cti-map batch reports/ -o results/ --ray

        cti-map batch reports/ -o results/ --ray=ray://head:10001 --workers 8
    """
    from cti_mapper.batch import BatchOptions, run_batch

    if ray_address is not None:
        try:
            import ray  # noqa: F401
        except ImportError:
            raise click.ClickException("--ray needs Ray: pip install 'crossrank[ray]'") from None
    elif workers is not None:
        raise click.UsageError("--workers applies to --ray runs")
    factory = _mapper_factory(state, model, backend, threshold)

    def show(outcome) -> None:
        if outcome.status == "error":
            click.echo(f"error: {outcome.message}", err=True)

    try:  # BatchError and the catalog/model errors are CrossrankErrors: the group maps them
        result = run_batch(input_dir, output_dir, mapper_factory=factory,
                           options=BatchOptions(min_evidence=min_evidence, report_threshold=report_threshold),
                           ray_address=ray_address, workers=workers, progress=show)
    except OSError as exc:  # an unwritable output folder
        raise common.os_failure(exc, f"write results to {output_dir}") from None
    counts = result.counts
    click.echo(f"{counts['done']} mapped, {counts['skipped']} already done, {counts['error']} failed; "
               f"summary: {result.summary_path}", err=True)
    if counts["error"]:
        raise SystemExit(1)
