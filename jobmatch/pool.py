"""The stored candidate pool: its database, its embedding cache, and the rules that keep them in step.

Every write (import, add, remove, reset) goes through :class:`Pool`, which drops the embedding
cache when the pool changed; reads use :meth:`Pool.session` with the query helpers in
:mod:`jobmatch.store`. The CLI is a thin layer over this module.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.errors import CrossrankError
from jobmatch.config import POSTGRES_HINT, busy_timeout, database_url, embedding_cache_path
from jobmatch.db import (
    SCHEMA_VERSION,
    Candidate,
    DatabaseError,
    Job,
    RankingResult,
    RankingRun,
    database_problem,
    init_db,
    make_engine,
)
from jobmatch.embeddings import invalidate_cache
from jobmatch.importing import CandidateRecord, ImportResult, store_candidates

if TYPE_CHECKING:
    from jobmatch.parsing import JobProfile

logger = logging.getLogger(__name__)

__all__ = ["AlreadyStoredError", "Pool", "PoolInfo"]


class AlreadyStoredError(CrossrankError, ValueError):
    """The candidate is already in the pool (same email, else same profile content)."""


@dataclass(frozen=True)
class PoolInfo:
    """Where a pool lives and what it holds (``jobmatch db info``)."""

    url: str  # passwords hidden
    path: str | None  # the SQLite file, None for a server database
    candidates: int
    jobs: int
    runs: int


class Pool:
    """A candidate pool in one database (SQLite by default, any SQLAlchemy URL)."""

    def __init__(self, engine: Engine, url: str, *, schema_version: int = SCHEMA_VERSION):
        """Wrap an initialised engine (``schema_version``: what `init_db` returned); see :meth:`open`."""
        self.engine, self.url = engine, url
        self.schema_version = schema_version
        self.cache_path = embedding_cache_path(url)

    @classmethod
    def open(cls, db: str | Path | None = None, *, timeout: float | None = None) -> Pool:
        """Open (and create or check) the pool at ``db``: a URL, an SQLite file, or None (the default).

        Raises:
            DatabaseError: bad URL, missing driver, not a jobmatch database, newer schema.
        """
        url = database_url(db)
        if url.startswith("postgresql"):
            try:
                import psycopg  # noqa: F401
            except ImportError:
                raise DatabaseError(POSTGRES_HINT) from None
        engine = make_engine(url, busy_timeout=busy_timeout() if timeout is None else timeout)
        try:
            version = init_db(engine)
        except SQLAlchemyError as exc:
            raise database_problem(exc, engine) from None
        return cls(engine, url, schema_version=version)

    def session(self) -> Session:
        """A new session on the pool (``with pool.session() as s: ...``)."""
        return Session(self.engine)

    def sqlite_path(self) -> Path | None:
        """The SQLite file holding the pool, None for a server or in-memory database."""
        database = self.engine.url.database
        if self.engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database.removeprefix("file:").split("?")[0])

    # -- writes: each one drops the embedding cache --------------------------------------------
    def check_writable(self) -> None:
        """Refuse to write to an older database read as it is (see `jobmatch.db.init_db`).

        Raises:
            DatabaseError: the database has an older schema that this user may not upgrade.
        """
        if self.schema_version < SCHEMA_VERSION:
            shown = self.sqlite_path() or self.engine.url.render_as_string(hide_password=True)
            raise DatabaseError(
                f"{shown} is read-only here (schema version {self.schema_version}, which this user may not "
                f"upgrade to {SCHEMA_VERSION}): reading works, this command needs to write; open it once with "
                "write access (on PostgreSQL, as the owner of its tables) to upgrade it"
            )

    def import_records(self, records: Sequence[CandidateRecord], *, embedder, on_progress=None) -> ImportResult:
        """Add records in one transaction; those already stored (same email, else content) are skipped."""
        self.check_writable()
        result = store_candidates(self.engine, records, embedder=embedder, on_progress=on_progress)
        invalidate_cache(self.cache_path)
        return result

    def add(self, record: CandidateRecord, *, embedder) -> int:
        """Add one candidate and return its id.

        Raises:
            AlreadyStoredError: the same email, else the same profile, is already stored.
        """
        result = self.import_records([record], embedder=embedder)
        if not result.added:
            raise AlreadyStoredError(f"{record.name} is already stored (same email or profile)")
        return result.ids[0]

    def remove(self, candidate_id: int) -> str:
        """Delete a candidate (saved runs keep the name); returns the removed name."""
        from jobmatch.store import remove_candidate

        self.check_writable()
        with self.session() as session, session.begin():
            name = remove_candidate(session, candidate_id)
        invalidate_cache(self.cache_path)
        return name

    def reset(self) -> PoolInfo:
        """Delete every candidate, job and saved run (the schema stays); returns what was there."""
        self.check_writable()
        before = self.info()
        with self.session() as session, session.begin():
            for table in (RankingResult, RankingRun, Job, Candidate):
                session.execute(delete(table))
        invalidate_cache(self.cache_path)
        logger.info("reset %s: removed %d candidates, %d runs", before.url, before.candidates, before.runs)
        return before

    # -- reads ------------------------------------------------------------------------------------
    def info(self) -> PoolInfo:
        """Where the pool lives and how many candidates, jobs and runs it holds."""
        path = self.sqlite_path()
        with self.session() as session:
            counts = [session.scalar(select(func.count()).select_from(t)) or 0 for t in (Candidate, Job, RankingRun)]
        shown = self.engine.url.render_as_string(hide_password=True)
        return PoolInfo(shown, None if path is None else str(path), *counts)

    def rank(self, job_text: str | JobProfile, *, embedder, reranker, top_k: int | None = 10,
             min_score: float | None = None, retrieve_k: int | None = None, save: bool = False,
             card: dict | None = None):
        """Rank the pool for a job, text or parsed (see :func:`jobmatch.matching.rank_stored`); ``save`` stores a run.

        ``card`` ({"path", "edited", "parsed"}) says that a requirements card corrected the job; a saved run
        records it with the requirements ranked by (:func:`jobmatch.store.save_run`).

        Returns:
            (parsed job, matches best first, saved run id or None).
        """
        from jobmatch.matching import DEFAULT_RETRIEVE_K, rank_stored
        from jobmatch.store import save_run

        if save:
            self.check_writable()  # before ranking, which takes a while
        with self.session() as session:
            job, matches = rank_stored(session, job_text, embedder=embedder, reranker=reranker, top_k=top_k,
                                       min_score=min_score, retrieve_k=retrieve_k or DEFAULT_RETRIEVE_K,
                                       cache_path=self.cache_path)
        run_id = None
        if save:
            with self.session() as session, session.begin():
                run_id = save_run(session, job, matches, model=getattr(reranker, "name", str(reranker)), card=card)
        return job, matches, run_id

    def explain_error(self, exc: SQLAlchemyError) -> DatabaseError:
        """A driver error on this pool as one line (locked, read-only, not a database...)."""
        return database_problem(exc, self.engine)
