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


def one_hot_embed(labels: tuple[str, ...]):
    """A stand-in embedding for reader tests: the label a sentence starts with, as a one-hot vector."""
    import numpy as np

    def embed(texts):
        return np.array([[float(t.startswith(label)) for label in labels] for t in texts], dtype=np.float32)

    return embed


def one_hot_reader(labels: tuple[str, ...], scale: float = 10.0):
    """A LinearReader that reads a sentence as the label it starts with: probability ~1 at scale 10, ~0.36 at 0.5
    (four labels)."""
    import numpy as np

    from jobmatch.readers import LinearReader

    return LinearReader(labels, np.eye(len(labels), dtype=np.float32) * scale, np.zeros(len(labels), dtype=np.float32))


def no_model():
    """Stands in for `jobmatch.readers.shipped_embed` where a test proves the embedder is never loaded."""
    raise AssertionError("the embedder was loaded")
