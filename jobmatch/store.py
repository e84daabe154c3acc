"""Candidate and ranking-run operations on a Session (the library behind show/remove/--save)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import CrossrankError
from jobmatch.db import Candidate, Job, RankingResult, RankingRun
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
    """Saved ranking runs, newest first."""
    return list(session.scalars(select(RankingRun).order_by(RankingRun.id.desc())))


def get_run(session: Session, run_id: int) -> RankingRun:
    """Return one saved run or raise RunNotFoundError."""
    run = session.get(RankingRun, run_id)
    if run is None:
        raise RunNotFoundError(f"no ranking run #{run_id}; see `jobmatch runs`")
    return run


def remove_candidate(session: Session, candidate_id: int) -> str:
    """Delete a candidate; saved results keep the name. Returns the removed name."""
    row = get_candidate(session, candidate_id)
    name = row.name
    session.delete(row)
    return name


def save_run(session: Session, job: JobProfile, matches: Sequence[Match], *, model: str) -> int:
    """Store a ranking (the job once per distinct text) and return the run id."""
    digest = hashlib.sha256(job.text.strip().encode("utf-8")).hexdigest()
    stored = session.scalar(select(Job).where(Job.content_hash == digest))
    if stored is None:
        stored = Job(content_hash=digest, title=job.title, text=job.text)
        session.add(stored)
    run = RankingRun(job=stored, model=str(model))
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
