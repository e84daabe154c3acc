"""Helpers shared by jobmatch tests (a plain module: tests/ has no packages)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jobmatch.db import Candidate, make_engine


def snapshot(db_url: str) -> list[tuple]:
    """Every candidate row's key content, to compare a database before and after."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return [
                tuple(row)
                for row in session.execute(
                    select(Candidate.id, Candidate.natural_key, Candidate.name, Candidate.card).order_by(Candidate.id)
                )
            ]
    finally:
        engine.dispose()


def count(db_url: str) -> int:
    """Number of stored candidates."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count(Candidate.id)))
    finally:
        engine.dispose()


CSV_HEADER = "name,email,role,seniority,years,skills,summary\n"


def write_csv(path, n: int, start: int = 0) -> None:
    """A CSV of n simple, distinct candidates."""
    lines = [CSV_HEADER]
    for i in range(start, start + n):
        lines.append(
            f'Person {i},p{i}@example.com,Backend Developer,Senior,{i % 12},"Python, Django, Postgres",'
            f"Backend engineer number {i}.\n"
        )
    path.write_text("".join(lines), encoding="utf-8")
