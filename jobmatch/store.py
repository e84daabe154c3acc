"""Candidate and ranking-run operations on a Session (the library behind show/remove/--save)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from core.errors import CrossrankError
from jobmatch.db import Candidate, Job, RankingResult, RankingRun, run_requirements_stored
from jobmatch.jobcard import run_requirements
from jobmatch.matching import Match
from jobmatch.parsing import JobProfile


class CandidateNotFoundError(CrossrankError, ValueError):
    """No candidate with that id."""


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    """Return one candidate or raise CandidateNotFoundError."""
    row = session.get(Candidate, candidate_id)
    if row is None:
        raise CandidateNotFoundError(f"no candidate #{candidate_id}; see `jobmatch list`")
    return row


class RunNotFoundError(CrossrankError, LookupError):
    """No saved ranking run with that id."""


def list_candidates(session: Session, *, limit: int | None = 50) -> tuple[list[Candidate], int]:
    """The newest ``limit`` candidates (all for None), and how many are stored in total."""
    total = session.scalar(select(func.count(Candidate.id))) or 0
    query = select(Candidate).order_by(Candidate.id.desc())
    rows = list(session.scalars(query if limit is None else query.limit(limit)))
    return rows, total


def list_runs(session: Session) -> list[RankingRun]:
    """Saved ranking runs, newest first; ``requirements`` is None where they were not recorded."""
    return _runs(session, select(RankingRun).order_by(RankingRun.id.desc()))


def get_run(session: Session, run_id: int) -> RankingRun:
    """Return one saved run or raise RunNotFoundError."""
    runs = _runs(session, select(RankingRun).where(RankingRun.id == run_id))
    if not runs:
        raise RunNotFoundError(f"no ranking run #{run_id}; see `jobmatch runs`")
    return runs[0]


def _runs(session: Session, query) -> list[RankingRun]:
    """Runs of a query; on a read-only database older than schema 3 (no requirements column, see
    `jobmatch.db.init_db`) the column is left out of the SELECT and read as None, "not recorded"."""
    if run_requirements_stored(session.connection()):
        return list(session.scalars(query))
    runs = list(session.scalars(query.options(defer(RankingRun.requirements, raiseload=True))))
    for run in runs:
        set_committed_value(run, "requirements", None)
    return runs


def remove_candidate(session: Session, candidate_id: int) -> str:
    """Delete a candidate; saved results keep the name. Returns the removed name."""
    row = get_candidate(session, candidate_id)
    name = row.name
    session.delete(row)
    return name


def save_run(session: Session, job: JobProfile, matches: Sequence[Match], *, model: str,
             card: dict | None = None) -> int:
    """Store a ranking (the job once per distinct text) with the requirements it ranked by; return the run id.

    Args:
        session: an open session (the caller commits).
        job: the job as ranked: parsed, or corrected by a requirements card.
        matches: the ranking, best first.
        model: the reranker's name.
        card: the card that corrected the job ({"path", "edited", "parsed"}), None when the parser's reading was
            used (see `jobmatch.jobcard.run_requirements`).
    """
    digest = hashlib.sha256(job.text.strip().encode("utf-8")).hexdigest()
    stored = session.scalar(select(Job).where(Job.content_hash == digest))
    if stored is None:
        stored = Job(content_hash=digest, title=job.title, text=job.text)
        session.add(stored)
    run = RankingRun(job=stored, model=str(model), requirements=run_requirements(job, card))
    run.results = [
        RankingResult(
            candidate_id=int(m.candidate_id), candidate_name=m.name, rank=m.rank, score=m.score, reasons=m.reasons
        )
        for m in matches
    ]
    session.add(run)
    session.flush()
    return run.id


__all__ = [
    "CandidateNotFoundError",
    "RunNotFoundError",
    "get_candidate",
    "get_run",
    "list_candidates",
    "list_runs",
    "remove_candidate",
    "save_run",
]
