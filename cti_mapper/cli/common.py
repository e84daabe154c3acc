"""What every `cti-map` command shares: options, errors, output, progress, the mapper.

The command modules (``map_report``, ``export_result``, ``attack``, ``train``, ``evaluate``,
``serve``) import only this module's public names. Heavy imports (torch, the catalog) happen
inside functions so that ``cti-map --help`` stays fast.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from core.backends import BACKENDS  # no torch: `import core` is lazy
from cti_mapper.config import ATTACK_DATA_ENV, REVIEW_DB_ENV, default_review_db_url

__all__ = [
    "ATTACK_DATA_ENV",
    "BACKENDS",
    "CONTEXT_SETTINGS",
    "FORMATS",
    "LABEL_KINDS",
    "REVIEW_DB_ENV",
    "CliGroup",
    "CliState",
    "DefaultCommandGroup",
    "backend_option",
    "check_output",
    "choose_format",
    "emit",
    "fail",
    "feedback_option",
    "format_option",
    "load_feedback_or_fail",
    "load_mapper",
    "model_option",
    "one_line",
    "os_failure",
    "open_review_engine",
    "output_option",
    "parse_kinds",
    "progress",
    "review_db_url",
    "setup_logging",
]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "show_default": True}
FORMATS = ("table", "json", "csv", "navigator", "stix", "html")
LABEL_KINDS = ("technique", "software", "tactic")
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html", ".txt": "table"}
_PROGRESS_MIN = 50  # sentences: below this a bar only flickers


@dataclass(frozen=True)
class CliState:
    """Group-level options shared by every command (lives on ``ctx.obj``)."""

    attack_data: Path | None


def one_line(exc: BaseException) -> str:
    """An error's first line (its type name when it has no message)."""
    text = str(exc)
    return text.splitlines()[0] if text.strip() else type(exc).__name__


def fail(exc: BaseException) -> click.ClickException:
    """One line for a library error: its message, without a traceback (exit 1)."""
    return click.ClickException(one_line(exc))


def os_failure(exc: OSError, doing: str) -> click.ClickException:
    """One line for an OS error the user can fix (permissions, disk, a missing folder)."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return click.ClickException(f"cannot {doing}: {exc.strerror or exc}{where}")


class CliGroup(click.Group):
    """A group that shows crossrank's own errors as one line (exit 1): the one place they are mapped.

    Only ``CrossrankError`` (bad input, data, catalog, model) is caught here; the few OS cases a
    user causes (an unwritable output, a busy port) are caught where they happen. Anything else
    is a bug and keeps its traceback.
    """

    def invoke(self, ctx: click.Context):
        """Run the command; a library error becomes ``Error: <first line>``."""
        from core.errors import CrossrankError

        try:
            return super().invoke(ctx)
        except CrossrankError as exc:
            raise fail(exc) from None


class DefaultCommandGroup(CliGroup):
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


def setup_logging(verbose: int) -> None:
    """Log to stderr: warnings by default, -v info, -vv debug."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)


# -- shared options --------------------------------------------------------------------------
def parse_kinds(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]):
    """``--kinds technique,software`` (repeatable) as a tuple, None when not given."""
    kinds = [k.strip().lower() for v in value for k in v.split(",") if k.strip()]
    bad = [k for k in kinds if k not in LABEL_KINDS]
    if bad:
        raise click.BadParameter(f"{', '.join(bad)}: choose from {', '.join(LABEL_KINDS)}")
    return tuple(dict.fromkeys(kinds)) or None


def model_option(command: Callable) -> Callable:
    """``--model DIR``: a fine-tuned cross-encoder folder (default: the shipped one)."""
    return click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path),
                        help="A fine-tuned cross-encoder folder. Default: the shipped cti-reranker.")(command)


def backend_option(command: Callable) -> Callable:
    """``--backend``: the cross-encoder's runtime."""
    return click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
                        help="Reranker runtime: auto (the fastest that ranks like fp32 here, measured once "
                             "and cached), torch (fp32), bf16, onnx, onnx-int8, openvino or openvino-bf16.")(command)


def output_option(command: Callable) -> Callable:
    """``-o/--output FILE``: written atomically instead of stdout."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write to this file (atomically) instead of stdout.")(command)


def stix_extensions_option(command: Callable) -> Callable:
    """``--stix-extensions``: MITRE's own objects in the STIX bundle instead of strict STIX 2.1."""
    return click.option("--stix-extensions", is_flag=True,
                        help="STIX format: copy MITRE's objects with their ATT&CK extensions (x-mitre-tactic, "
                             "x_mitre_* properties). Default: strict STIX 2.1.")(command)


def feedback_option(help_text: str):
    """The ``--feedback DB`` option shared by ``train`` and ``evaluate``."""
    return click.option("--feedback", "feedback_db", metavar="DB", help=help_text)


# -- output ----------------------------------------------------------------------------------
def choose_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...] = FORMATS) -> str:
    """The format asked for; else from -o's suffix; else table on a terminal, JSON in a pipe."""
    if fmt:
        return fmt
    if output is None:
        return "table" if sys.stdout.isatty() else "json"
    guessed = _SUFFIX_FORMATS.get(output.suffix.lower())
    if guessed not in allowed:
        raise click.UsageError(f"cannot tell the format from {output.name!r}: pass --format")
    return guessed


def format_option(choices: tuple[str, ...]):
    """``-f/--format``; without it: table on a terminal, JSON in a pipe, or from -o's suffix."""
    return click.option("-f", "--format", "fmt", type=click.Choice(choices),
                        help="Output format. Default: table on a terminal, JSON in a pipe or file "
                             "(or from -o's suffix: .json, .csv, .html, .txt).")


def check_output(output: Path | None, source: Path, what: str = "report") -> None:
    """Refuse, before any work, an output that is the input (``what``) or a read-only file."""
    if output is None or not output.exists():
        return
    if os.path.samefile(output, source):
        raise click.UsageError(f"-o {output} is the input {what}; choose another output file")
    if not os.access(output, os.W_OK) or not output.stat().st_mode & 0o222:
        raise click.ClickException(f"cannot write {output}: the file is read-only")


def emit(text: str, output: Path | None, protect: tuple[Path, ...] = ()) -> None:
    """Print ``text``, or write it atomically to ``output`` (never over a ``protect``ed file)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from cti_mapper.export import write_atomic

    try:
        write_atomic(output, text, protect=protect)
    except ValueError as exc:  # write_atomic refuses a protected path with a ValueError
        raise fail(exc) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A rich bar on stderr when it is a terminal: yields ``advance(n)``, else None (no output)."""
    if total < _PROGRESS_MIN or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total)
        yield functools.partial(bar.advance, task)


# -- the mapper and the review database ------------------------------------------------------
def load_mapper(state: CliState, model: Path | None, backend: str, threshold: float | None):
    """Load the catalog, the reranker and the bi-encoder (errors become one line)."""
    from core.paths import quiet_third_party_logs
    from cti_mapper.mapping import Mapper

    quiet_third_party_logs()
    return Mapper.load(attack_data=state.attack_data, model_path=model, backend=backend, threshold=threshold)


def review_db_url(value: str | None) -> str:
    """A database URL from ``--db``: a SQLAlchemy URL, a file path (SQLite) or None (default)."""
    if not value:
        return default_review_db_url()
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def open_review_engine(value: str | None):
    """Open (and create the tables of) the review database, or fail with one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from cti_mapper.review.store import StoreError, init_db, make_engine

    try:
        engine = make_engine(review_db_url(value))
        init_db(engine)
    except StoreError as exc:
        raise fail(exc) from None
    except (SQLAlchemyError, OSError, ImportError) as exc:  # unwritable folder, server down, no driver
        raise click.ClickException(f"cannot open the review database: {one_line(exc)}") from None
    return engine


def load_feedback_or_fail(value: str):
    """Reviewed sentences from the database, or a one-line error when there are none."""
    from cti_mapper.review.feedback import load_feedback

    feedback = load_feedback(open_review_engine(value))
    if not feedback:
        raise click.ClickException(f"{value}: no review decisions yet (review reports with `cti-map serve`)")
    return feedback
