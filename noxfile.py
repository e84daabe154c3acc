"""Sessions: `nox -s tests` (the CI command), `nox -s lint`, `nox -s bench`."""

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True

# Pinned first: an unpinned torch pulls a multi-GB CUDA build; 2.13.0 has a CPU wheel.
TORCH = "torch==2.13.0"
ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def _install(session: nox.Session, extras: str = "test") -> None:
    session.install(TORCH)
    session.install("-e", f".[{extras}]")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite offline (slow tests are deselected; pass `-m slow` to run them)."""
    _install(session)
    session.run("pytest", *session.posargs, env=ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff over the code, tests and benchmarks."""
    session.install("ruff")
    session.run("ruff", "check", "core", "jobmatch", "cti_mapper", "tests", "benchmarks", "noxfile.py")


@nox.session
def bench(session: nox.Session) -> None:
    """Speed and memory against the machine's measured ceiling and baselines run alongside, then under contention.

    bench_core.py also runs bench_cti.py (cti-map split by stage); bench_contention.py runs
    cti-map alone, beside one busy process and beside three (about 3-4 minutes on 2 cores).
    bench_pgvector.py (PostgreSQL + pgvector against the SQLite matrix, 100k candidates, a
    throwaway server) takes longer and runs on request: `nox -s bench -- benchmarks/bench_pgvector.py`.
    """
    _install(session)
    scripts = session.posargs or [
        "benchmarks/bench_core.py", "benchmarks/bench_jobmatch.py", "benchmarks/bench_contention.py",
    ]
    for script in scripts:
        session.run("python", script, env=ENV)
