"""What every `jobmatch` command shares: group settings, options, errors, output and progress.

The command modules (``candidates``, ``rank``, ``runs``, ``database``, ``models``) import only
this module's public names and the library; queries and rules live in :mod:`jobmatch.pool` and
:mod:`jobmatch.store`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from core.backends import BACKENDS  # no torch: `import core` is lazy
from jobmatch.config import EMBEDDER_ENV, MODEL_ENV

__all__ = [
    "BACKENDS",
    "CONTEXT_SETTINGS",
    "CliGroup",
    "Settings",
    "backend_option",
    "choose_format",
    "emit",
    "format_option",
    "model_option",
    "output_option",
    "phase_progress",
    "status",
    "to_terminal",
]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "show_default": True}
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".txt": "table"}


@dataclass
class Settings:
    """Options of the `jobmatch` group, shared by its commands through ctx.obj."""

    db: str | None
    model: str | None
    embedder: str | None

    def pool(self):
        """Open (and create or check) the candidate pool."""
        from jobmatch.pool import Pool

        return Pool.open(self.db)

    def reranker(self, model: str | Path | None = None, backend: str = "auto"):
        """The cross-encoder: the command's --model, else the group's / $JOBMATCH_MODEL, else shipped."""
        from core.paths import quiet_third_party_logs
        from jobmatch.config import load_reranker

        quiet_third_party_logs()
        return load_reranker(model or self.model, backend=backend)

    def load_embedder(self):
        """The bi-encoder: --embedder / $JOBMATCH_EMBEDDER, else the shipped all-MiniLM-L6-v2."""
        from core.paths import quiet_third_party_logs
        from jobmatch.config import load_embedder

        quiet_third_party_logs()
        return load_embedder(self.embedder)


class CliGroup(click.Group):
    """A group that shows crossrank's own errors as one line (exit 1): the one place they are mapped.

    ``CrossrankError`` covers bad input, the database, matching and models; a database driver
    error is explained (locked, read-only, not a database) before it is shown. Anything else
    is a bug and keeps its traceback.
    """

    def invoke(self, ctx: click.Context):
        """Run the command; a library error becomes ``Error: <first line>``."""
        from sqlalchemy.exc import SQLAlchemyError

        from core.errors import CrossrankError

        try:
            return super().invoke(ctx)
        except CrossrankError as exc:
            raise click.ClickException(_one_line(exc)) from None
        except SQLAlchemyError as exc:
            from jobmatch.config import database_url
            from jobmatch.db import database_problem, make_engine

            settings = ctx.find_object(Settings)
            engine = make_engine(database_url(settings.db if settings else None))
            raise click.ClickException(_one_line(database_problem(exc, engine))) from None


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text.strip() else type(exc).__name__


# -- shared options --------------------------------------------------------------------------
def format_option(choices: tuple[str, ...]):
    """``-f/--format``; without it: table on a terminal, JSON in a pipe or file."""
    return click.option("-f", "--format", "fmt", type=click.Choice(choices),
                        help="Output format. Default: table on a terminal, JSON in a pipe or file "
                             "(or from -o's suffix: .json, .csv, .txt).")


def output_option(command: Callable) -> Callable:
    """``-o/--output FILE``: written atomically instead of stdout."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write to this file (atomically) instead of stdout.")(command)


def model_option(command: Callable) -> Callable:
    """``--model DIR``: the reranker for this command."""
    return click.option("--model", "model_path", metavar="PATH",
                        help=f"Reranker folder. Default: ${MODEL_ENV}, else the shipped jobmatch-reranker.")(command)


def backend_option(command: Callable) -> Callable:
    """``--backend``: the reranker's runtime."""
    return click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
                        help="Reranker runtime: auto (the fastest that ranks like fp32 here, measured once "
                             "and cached), torch (fp32), bf16, onnx, onnx-int8, openvino or openvino-bf16.")(command)


def embedder_help() -> str:
    """Help text of the group's --embedder."""
    return f"Bi-encoder folder for retrieval. Default: the shipped all-MiniLM-L6-v2 [env {EMBEDDER_ENV}]."


# -- output ----------------------------------------------------------------------------------
def choose_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...]) -> str:
    """The format asked for; else from -o's suffix; else table on a terminal, JSON in a pipe."""
    if fmt:
        return fmt
    if output is None:
        return "table" if sys.stdout.isatty() else "json"
    guessed = _SUFFIX_FORMATS.get(output.suffix.lower(), "json")
    if guessed not in allowed:
        raise click.UsageError(f"cannot tell the format from {output.name!r}: pass --format")
    return guessed


def to_terminal(output: Path | None) -> bool:
    """Whether the text goes to a terminal (tables as wide as it; else 160 columns)."""
    return output is None and sys.stdout.isatty()


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    from core.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


# -- progress (stderr, terminals only) -------------------------------------------------------
@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner with ``message`` on stderr while a step runs; nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


@contextmanager
def phase_progress(label: str) -> Iterator[Callable[[str, int, int], None] | None]:
    """Bars per phase for ``on_progress(phase, done, total)`` callbacks; None off a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    tasks: dict[str, int] = {}
    with Progress(console=Console(stderr=True), transient=True) as bars:

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bars.add_task(f"{label} ({phase})", total=total)
            bars.update(tasks[phase], completed=done, total=total)

        yield update
