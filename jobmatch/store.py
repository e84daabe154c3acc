"""Candidate and ranking-run operations on a Session (the library behind show/remove/--save)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import select
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


__all__ = ["CandidateNotFoundError", "get_candidate", "remove_candidate", "save_run"]
