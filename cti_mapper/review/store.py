"""Storage of the review app: reports, mapping runs and analysts' decisions (SQLAlchemy).

Decisions are keyed by (report, sentence index, label ID), not by run: a report's text and its
sentences are stored once, so re-mapping it with another model never loses or orphans a decision.
Every decision is kept (who, when, what); the latest one per (sentence, label) is in force.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Engine, ForeignKey, Integer, String, Text, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.pool import StaticPool

from core.errors import CrossrankError

__all__ = [
    "ACTIONS",
    "Base",
    "Decision",
    "Report",
    "Run",
    "StoreError",
    "init_db",
    "make_engine",
]

# accept/reject a proposed label, add one the model missed, or mark the sentence as describing
# no behaviour (label_id is None): every proposal for it becomes a negative.
ACTIONS = ("accept", "reject", "add", "none", "undo")
RUN_STATES = ("queued", "running", "done", "failed")


class StoreError(CrossrankError, ValueError):
    """A database URL that cannot be used."""


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the review tables."""


class Report(Base):
    """An uploaded report: its cleaned text and sentences (as read by ``read_report``)."""

    __tablename__ = "review_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))  # display name only; never a path
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sentences: Mapped[list] = mapped_column(JSON)  # [[text, page, start, end], ...]
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    runs: Mapped[list[Run]] = relationship(back_populates="report", order_by="Run.id",
                                           cascade="all, delete-orphan")
    decisions: Mapped[list[Decision]] = relationship(back_populates="report", order_by="Decision.id",
                                                     cascade="all, delete-orphan")


class Run(Base):
    """One mapping of a report: model, catalog version, threshold, progress and results."""

    __tablename__ = "review_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("review_reports.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(500))
    catalog_version: Mapped[str] = mapped_column(String(64))
    threshold: Mapped[float | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # per sentence: [{"id", "name", "kind", "label", "score", "reasons"}, ...]
    results: Mapped[list | None] = mapped_column(JSON, nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    report: Mapped[Report] = relationship(back_populates="runs")


class Decision(Base):
    """One analyst decision on a sentence's label (or on the sentence, for ``none``)."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("review_reports.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("review_runs.id", ondelete="SET NULL"), nullable=True)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)  # kept so training never needs the report
    label_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    action: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    report: Mapped[Report] = relationship(back_populates="decisions")


def make_engine(url: str, *, busy_timeout: float = 10.0) -> Engine:
    """Create an engine for any SQLAlchemy URL; SQLite is made safe for the app's worker thread.

    ``sqlite://`` (in memory) is one connection shared by all threads: fine for a script, not for
    the app, whose mapping thread would interleave transactions with requests; use a file.

    Raises:
        StoreError: a malformed URL or a missing database driver.
    """
    try:
        if url.startswith("sqlite"):
            memory = url in {"sqlite://", "sqlite:///:memory:"}
            # The mapping worker writes from another thread; one shared connection for :memory:.
            extra = {"poolclass": StaticPool} if memory else {}
            engine = create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False},
                                   **extra)

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_connection, _record):  # noqa: ANN001
                cursor = dbapi_connection.cursor()
                if not memory:
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.close()

            return engine
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # ArgumentError, NoSuchModuleError, ImportError
        raise StoreError(f"cannot use database URL {url.split('@')[-1]!r}: {exc}".splitlines()[0]) from None


def init_db(engine: Engine) -> None:
    """Create the review tables if they are missing."""
    Base.metadata.create_all(engine)
