"""`cti-map`: ATT&CK labels for every sentence of a threat report.

``cti-map report.pdf`` maps a report (the default command, ``map``); ``attack``, ``train`` and
``evaluate`` are subcommands. Heavy imports (torch, the catalog) happen inside commands so that
``--help`` stays fast.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

__all__ = ["cli"]

ATTACK_DATA_ENV = "CTI_MAPPER_ATTACK_DATA"
# core.BACKENDS, without importing torch
BACKENDS = ("auto", "torch", "bf16", "onnx", "onnx-int8", "openvino", "openvino-bf16")
FORMATS = ("table", "json", "csv", "navigator", "stix", "html")
LABEL_KINDS = ("technique", "software", "tactic")
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html",
                   ".txt": "table"}
_PROGRESS_MIN_SENTENCES = 50


@dataclass(frozen=True)
class CliState:
    """Group-level options shared by every command (lives on ``ctx.obj``)."""

    attack_data: Path | None


class DefaultCommandGroup(click.Group):
    """A group that runs ``map`` when the first argument is a file rather than a command.

    ``cti-map report.pdf`` and ``cti-map -f json report.pdf`` become ``cti-map map ...``; a
    word that is neither a command nor a path (``cti-map evalute``) stays an unknown-command
    error. A file named like a command is mapped with ``cti-map map train``.
    """

    default_command = "map"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert the default command before the first argument that is not ours."""
        args = list(args)
        options = {opt: p for p in self.params for opt in (*p.opts, *p.secondary_opts)}
        i = 0
        while i < len(args):
            name = args[i].split("=", 1)[0]
            param = options.get(name)
            if param is None:
                break
            takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
            i += 2 if takes_value and "=" not in args[i] else 1
        if i < len(args) and self._is_default_target(args[i]):
            args.insert(i, self.default_command)
        return super().parse_args(ctx, args)

    def _is_default_target(self, token: str) -> bool:
        if token in self.commands or token in ("--help", "-h", "--version"):
            return False
        if token.startswith("-"):
            return True  # a map option such as --format before the path
        return os.path.exists(token) or "." in token or "/" in token or os.sep in token


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--attack-data",
    type=click.Path(exists=True, path_type=Path),
    envvar=ATTACK_DATA_ENV,
    help=f"ATT&CK STIX bundle (.json/.json.xz) or folder of them [env {ATTACK_DATA_ENV}]. "
    "Default: the version pinned by `cti-map attack update`, else the shipped v18.1.",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="crossrank", prog_name="cti-map")
@click.pass_context
def cli(ctx: click.Context, attack_data: Path | None, verbose: int) -> None:
    """Map each sentence of a threat report to ATT&CK techniques, software and tactics.

    Run `cti-map REPORT` to map a PDF, HTML, Markdown or text report (same as
    `cti-map map REPORT`).

    Example:

        cti-map report.pdf

        cti-map report.pdf --format navigator -o layer.json
    """
    _setup_logging(verbose)
    ctx.obj = CliState(attack_data=attack_data)


def _parse_kinds(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]):
    kinds = [k.strip().lower() for v in value for k in v.split(",") if k.strip()]
    bad = [k for k in kinds if k not in LABEL_KINDS]
    if bad:
        raise click.BadParameter(f"{', '.join(bad)}: choose from {', '.join(LABEL_KINDS)}")
    return tuple(dict.fromkeys(kinds)) or None


def _fail(exc: Exception) -> click.ClickException:
    """One line for a library error: its message, without a traceback."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return click.ClickException(message)


def _load_mapper(state: CliState, model: Path | None, backend: str, threshold: float | None):
    import core
    from cti_mapper.attack import CatalogError
    from cti_mapper.mapping import Mapper

    core.quiet_third_party_logs()
    try:
        return Mapper.load(attack_data=state.attack_data, model_path=model, backend=backend,
                           threshold=threshold)
    except (CatalogError, core.ModelLoadError, ValueError, OSError) as exc:
        raise _fail(exc) from None


def _model_name(mapper, model: Path | None) -> str:
    for attr in ("model_name", "model_path"):
        value = getattr(mapper, attr, None)
        if value:
            return str(value)
    reranker = getattr(mapper, "reranker", None)
    return str(getattr(reranker, "name", None) or model or "cti-reranker")


def _choose_format(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    if output is None:
        return "table" if sys.stdout.isatty() else "json"
    guessed = _SUFFIX_FORMATS.get(output.suffix.lower())
    if guessed is None:
        raise click.UsageError(f"cannot tell the format from {output.name!r}: pass --format")
    return guessed


def _emit(text: str, output: Path | None, protect: tuple[Path, ...] = ()) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from cti_mapper.export import write_atomic

    try:
        write_atomic(output, text, protect=protect)
    except ValueError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


def _render_table(report, *, to_terminal: bool) -> str:
    from rich.console import Console
    from rich.table import Table

    from cti_mapper.export import table_rows

    table = Table(title=f"{Path(report.document.source).name}: {report.mapped_count} of "
                  f"{len(report.mappings)} sentences mapped", show_lines=True)
    table.add_column("Page", justify="right", no_wrap=True)
    table.add_column("Sentence", ratio=3)
    table.add_column("ATT&CK labels (score)", ratio=2)
    for page, sentence, labels in table_rows(report):
        style = "dim" if labels == "unmapped" else None
        table.add_row(page, sentence, labels, style=style)
    buffer = io.StringIO()
    console = Console(file=buffer, width=None if to_terminal else 140,
                      force_terminal=to_terminal, color_system="auto" if to_terminal else None)
    console.print(table)
    return buffer.getvalue()


def _map_with_progress(mapper, sentences):
    if len(sentences) < _PROGRESS_MIN_SENTENCES or not sys.stderr.isatty():
        return mapper.map_sentences(sentences)
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("mapping sentences", total=len(sentences))
        # Mapper.map_sentences reports progress as increments (sentences just finished).
        return mapper.map_sentences(sentences, progress=lambda n: bar.advance(task, n))


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@cli.command("map")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="Output format. Default: table on a terminal, JSON in a pipe, or from -o's "
              "suffix (.json, .csv, .html).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of stdout.")
@click.option("--threshold", type=click.FloatRange(0, 1),
              help="Report labels scoring at least this (0-1). "
              "Default: the model's calibrated threshold.")
@click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A fine-tuned cross-encoder folder. Default: the shipped cti-reranker.")
@click.option("--kinds", multiple=True, callback=_parse_kinds, metavar="KIND[,KIND]",
              help="Only report these label kinds: technique, software, tactic.")
@click.option("--one-per-line", is_flag=True,
              help="Text files: each non-blank line is one sentence.")
@click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
              help="Inference backend for the cross-encoder.")
@click.option("--min-evidence", type=click.IntRange(1),
              help="Report-level summary: keep labels evidenced by at least N sentences "
              "(written IDs always kept). Default: the model's calibrated value.")
@click.option("--report-threshold", type=click.FloatRange(0, 1),
              help="Report-level summary: keep labels whose aggregated score "
              "(1 - prod(1 - sentence scores)) is at least this.")
@click.pass_obj
def map_command(state: CliState, path: Path, fmt: str | None, output: Path | None,
                threshold: float | None, model: Path | None, kinds: tuple[str, ...] | None,
                one_per_line: bool, backend: str, min_evidence: int | None,
                report_threshold: float | None) -> None:
    """Map each sentence of a report (PDF, HTML, Markdown, text) to ATT&CK labels.

    Exit status: 0 when at least one label was found, 1 on an error or when no sentence
    scored above the threshold (the output is still written).

    Example:

        cti-map report.pdf

        cti-map map report.html --format json -o report.json

        cti-map report.pdf --format stix -o bundle.json --kinds technique
    """
    from cti_mapper.export import build_report
    from cti_mapper.reports import ReportError, read_report

    fmt = _choose_format(fmt, output)
    _check_output(output, path)
    try:
        document = read_report(path, one_per_line=one_per_line)
    except ReportError as exc:
        raise _fail(exc) from None
    mapper = _load_mapper(state, model, backend, threshold)
    mappings = _map_with_progress(mapper, document.sentences)
    if kinds:
        mappings = [_only_kinds(m, kinds) for m in mappings]
    if min_evidence is None:
        from cti_mapper.training import default_model_path, load_min_evidence

        min_evidence = load_min_evidence(getattr(mapper, "model_path", None) or model or default_model_path())
    report = build_report(document, mappings, catalog=mapper.catalog,
                          model=_model_name(mapper, model), threshold=mapper.threshold,
                          min_evidence=min_evidence, report_threshold=report_threshold)
    _emit(_export(report, fmt, to_terminal=output is None and sys.stdout.isatty()), output, (path,))
    if not report.mapped_count:  # a sentence-level label counts, even below --min-evidence
        click.echo(f"warning: no sentence of {path.name} scored above the threshold "
                   f"({mapper.threshold}); nothing mapped", err=True)
        sys.exit(1)


def _check_output(output: Path | None, source: Path) -> None:
    """Refuse, before any work, an output that is the input or a read-only file."""
    if output is None or not output.exists():
        return
    if os.path.samefile(output, source):
        raise click.UsageError(f"-o {output} is the input report; choose another output file")
    if not os.access(output, os.W_OK) or not output.stat().st_mode & 0o222:
        raise click.ClickException(f"cannot write {output}: the file is read-only")


def _only_kinds(mapping, kinds):
    import dataclasses

    return dataclasses.replace(mapping, labels=tuple(m for m in mapping.labels if m.kind in kinds))


def _export(report, fmt: str, *, to_terminal: bool) -> str:
    from cti_mapper import export

    if fmt == "table":
        return _render_table(report, to_terminal=to_terminal)
    if fmt == "html":
        from cti_mapper.html_report import to_html

        return to_html(report)
    writer = {"json": export.to_json, "csv": export.to_csv, "navigator": export.to_navigator,
              "stix": export.to_stix}[fmt]
    return writer(report)


from cti_mapper.cli_commands import attack, evaluate, train  # noqa: E402  (registers on cli)

cli.add_command(attack)
cli.add_command(evaluate)
cli.add_command(train)

from cti_mapper.cli_review import serve  # noqa: E402  (the review app; its deps load lazily)

cli.add_command(serve)

from cti_mapper.cli_batch import batch  # noqa: E402  (a folder of reports; Ray loads lazily)

cli.add_command(batch)
