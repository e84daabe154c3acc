"""Storage: SQLAlchemy ORM models, engine factory and schema versioning."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from core.errors import CrossrankError

# 1: the first schema. 2: on PostgreSQL with pgvector, `candidate_vectors` (see jobmatch.pgvector_store),
# which an older jobmatch would not keep in step with `candidates`; the SQLite tables are unchanged.
# 3: `ranking_runs.requirements`, the requirements a saved run ranked by (NULL in older runs: not recorded).
SCHEMA_VERSION = 3

logger = logging.getLogger(__name__)


class DatabaseError(CrossrankError, ValueError):
    """The database cannot be used (not a database, locked, newer schema, unreachable)."""


class Base(DeclarativeBase):
    """Declarative base of jobmatch tables."""


def _now() -> datetime:
    return datetime.now(UTC)


class SchemaVersion(Base):
    """One row: the schema version this database was created or last migrated with."""

    __tablename__ = "jobmatch_schema"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class Candidate(Base):
    """A candidate in the pool."""

    __tablename__ = "candidates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    natural_key: Mapped[str] = mapped_column(String(128), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(200))
    family: Mapped[str | None] = mapped_column(String(64))
    seniority: Mapped[int | None] = mapped_column(Integer)
    years: Mapped[float | None] = mapped_column(Float)
    skills: Mapped[list] = mapped_column(JSON, default=list)
    facts: Mapped[dict] = mapped_column(JSON, default=dict)  # stated hard facts (clearance, degree, ...)
    profile_text: Mapped[str] = mapped_column(Text, default="")
    card: Mapped[str] = mapped_column(Text)  # the model's view: "Role: ... (...). Skills: ..."
    source: Mapped[str | None] = mapped_column(String(500))
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)  # float16 little-endian, L2-normalised
    embedding_model: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class Job(Base):
    """A job description that was ranked against the pool."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RankingRun(Base):
    """One saved `jobmatch rank --save`."""

    __tablename__ = "ranking_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    model: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # {"from": "parser"|"card", "card": jobcard.requirements_of(the job ranked), "path", "edited", "parsed"
    # for a card}: see `jobmatch.jobcard.run_requirements`. NULL: saved before schema 3, not recorded.
    requirements: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    job: Mapped[Job] = relationship()
    results: Mapped[list[RankingResult]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="RankingResult.rank"
    )


class RankingResult(Base):
    """One ranked candidate of a run; the name is kept even if the candidate is removed later."""

    __tablename__ = "ranking_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ranking_runs.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="SET NULL"), index=True)
    candidate_name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    run: Mapped[RankingRun] = relationship(back_populates="results")


def normalize_email(email: str | None) -> str | None:
    """Lower-cased, trimmed email, or None when empty or not an address."""
    if not email:
        return None
    value = email.strip().lower()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else None


def natural_key(email: str | None, name: str, profile_text: str, skills: list[str] | tuple[str, ...] = ()) -> str:
    """Identity of a candidate: 'email:<normalised email>', else a hash of name + content."""
    normalized = normalize_email(email)
    if normalized:
        return f"email:{normalized}"
    content = "\n".join(
        [
            " ".join(name.lower().split()),
            " ".join(profile_text.lower().split()),
            ",".join(sorted(s.lower() for s in skills)),
        ]
    )
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()


def make_engine(url: str, *, busy_timeout: float = 10.0) -> Engine:
    """Create an engine; SQLite gets WAL mode, a busy timeout and foreign keys.

    A read-only SQLite file is opened read-only (``mode=ro``) and left in its journal mode,
    so `list` and `rank` work on it and nothing tries to write.

    Raises:
        DatabaseError: for a malformed URL or a missing database driver.
    """
    try:
        if url.startswith("sqlite"):
            memory = url in {"sqlite://", "sqlite:///:memory:"}
            read_only = not memory and _read_only_file(url)
            if read_only:
                url = f"sqlite:///file:{_sqlite_path(url)}?mode=ro&uri=true"
            engine = create_engine(url, connect_args={"timeout": busy_timeout})

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
                cursor = dbapi_connection.cursor()
                if not memory and not read_only:
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.close()

            return engine
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # ImportError, ValueError, ArgumentError, NoSuchModuleError
        raise DatabaseError(_safe(f"cannot use database URL {url}: {exc}".splitlines()[0])) from None


def _sqlite_path(url: str) -> str:
    return url.split(":///", 1)[1].split("?", 1)[0] if ":///" in url else ""


def _read_only_file(url: str) -> bool:
    """True for an existing SQLite file we may not write (no write permission or bit)."""
    path = _sqlite_path(url)
    if not path or path.startswith("file:") or not os.path.isfile(path):
        return False
    return not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222


def _schema_version(engine: Engine) -> int:
    """The stored schema version, refusing anything but one row holding a known integer."""
    with Session(engine) as session:
        versions = list(session.execute(sql_text("SELECT version FROM jobmatch_schema")).scalars())
    where = _safe(str(engine.url))
    if len(versions) != 1:
        raise DatabaseError(f"{where}: damaged schema table ({len(versions)} version rows, expected 1); "
                              "restore a backup, it is not repaired automatically")
    version = versions[0]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DatabaseError(f"{where}: damaged schema version {version!r} (expected an integer 1.."
                              f"{SCHEMA_VERSION}); restore a backup, it is not repaired automatically")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"database schema version {version} is newer than this jobmatch understands "
            f"({SCHEMA_VERSION}); upgrade jobmatch to use it"
        )
    return version


def init_db(engine: Engine) -> int:
    """Create a new database, or check (and migrate) an existing one; return the schema version.

    A current SQLite database is only read (it may be read-only). A damaged one (schema table or
    version row missing, a version that is not a known integer) is refused, never "repaired".
    An older database that may not be changed (a read-only SQLite file, or a PostgreSQL role
    without the right to ALTER its tables) is read as it is and its older version returned:
    `jobmatch.pool.Pool` then refuses writes. On PostgreSQL, pgvector is installed when the server
    has it, and stored embeddings are copied into its table when it is missing (see
    `jobmatch.pgvector_store`); a server without it only costs a one-line warning.

    Raises:
        DatabaseError: not a database, locked, damaged, or a newer schema.
    """
    try:
        tables = set(inspect(engine).get_table_names())
        ours = tables & set(Base.metadata.tables)
        complete = Base.metadata.tables.keys() <= tables
        stored = None
        if "jobmatch_schema" in tables:
            stored = _schema_version(engine)
            if complete and stored == SCHEMA_VERSION:
                if engine.dialect.name == "postgresql":
                    with engine.begin() as connection:
                        _setup_vectors(connection)
                return stored
            if complete and "mode=ro" in str(engine.url):
                # A read-only SQLite file of an older version, read as it is: version 2's tables are
                # version 1's, and a run without the requirements column (3) reads as "not recorded"
                # (`run_requirements_stored`).
                return stored
        elif ours:
            raise DatabaseError(f"{_safe(str(engine.url))}: jobmatch tables without a schema version "
                                  "(damaged); restore a backup, it is not repaired automatically")
        elif tables:
            raise DatabaseError(f"{_safe(str(engine.url))} holds other tables, not a jobmatch database")
        try:
            return _create_or_migrate(engine)
        except sa_exc.DBAPIError as exc:
            if stored is None or not complete or not _may_not_write(exc):
                raise
        # An older database this user may not change (a PostgreSQL role without ALTER rights, a
        # read-only transaction): the upgrade was rolled back, and it is read as it is, like a
        # read-only SQLite file.
        logger.info("%s: schema version %d read as it is; this user may not upgrade it to %d",
                    _safe(str(engine.url)), stored, SCHEMA_VERSION)
        with engine.connect() as connection:
            _check_vector_client(connection)
        return stored
    except DatabaseError:
        raise
    except (sa_exc.OperationalError, sa_exc.DatabaseError) as exc:
        raise database_problem(exc, engine) from None


def _create_or_migrate(engine: Engine) -> int:
    """Create the missing tables and bring the schema to SCHEMA_VERSION, in one transaction."""
    with Session(engine) as session, session.begin():
        connection = session.connection()
        Base.metadata.create_all(connection)
        row = session.scalar(select(SchemaVersion).limit(1))
        if row is None:
            session.add(SchemaVersion(id=1, version=SCHEMA_VERSION))
        else:
            _migrate(connection, row.version)
            row.version = SCHEMA_VERSION
        _setup_vectors(connection)
    return SCHEMA_VERSION


# PostgreSQL's insufficient_privilege (a role that may not ALTER or write) and read_only_sql_transaction.
_NO_WRITE_SQLSTATES = frozenset({"42501", "25006"})


def _may_not_write(exc: sa_exc.DBAPIError) -> bool:
    """True when the driver refused a change because this user or session may not write."""
    orig = getattr(exc, "orig", None)
    return (getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)) in _NO_WRITE_SQLSTATES


def _migrate(connection, version: int) -> None:
    """Bring a schema from `version` to SCHEMA_VERSION, one step at a time, in the caller's transaction."""
    if version < 2:
        # 1 -> 2: nothing to change on SQLite; on PostgreSQL `_setup_vectors` (run next) creates
        # pgvector's table from the stored embeddings.
        logger.info("upgrading the jobmatch schema from version %d to 2", version)
    if version < 3:
        # 2 -> 3: the requirements a saved run ranked by; older runs keep NULL ("not recorded"). Skipped
        # when the column is there already: Python's sqlite3 commits DDL at once, so a process killed
        # before the version row was written leaves the column at version 2.
        logger.info("upgrading the jobmatch schema from version %d to 3", max(version, 2))
        if not run_requirements_stored(connection):
            column = RankingRun.__table__.c.requirements
            quote = connection.dialect.identifier_preparer.quote
            connection.execute(sql_text(
                f"ALTER TABLE {quote(RankingRun.__tablename__)} ADD COLUMN {quote(column.name)} "
                f"{column.type.compile(dialect=connection.dialect)}"
            ))


def run_requirements_stored(connection) -> bool:
    """True when saved runs have the requirements column (schema 3; a read-only older SQLite file has not)."""
    columns = inspect(connection).get_columns(RankingRun.__tablename__)
    return any(column["name"] == "requirements" for column in columns)


def _setup_vectors(connection) -> None:
    """On PostgreSQL: install pgvector if the server has it, and fill its table from the blobs if missing."""
    from jobmatch import pgvector_store

    if connection.dialect.name != "postgresql" or not pgvector_store.enable(connection):
        return
    _check_vector_client(connection)
    if pgvector_store.table_dimension(connection) is None:
        pgvector_store.sync_from_blobs(connection)


def _check_vector_client(connection) -> None:
    """Refuse a PostgreSQL database that keeps embeddings in pgvector when its Python package is missing."""
    from jobmatch import pgvector_store

    if connection.dialect.name != "postgresql" or not pgvector_store.extension_installed(connection):
        return
    if importlib.util.find_spec("pgvector") is None:
        raise DatabaseError(
            "this PostgreSQL database keeps embeddings in pgvector, but the pgvector Python package is missing; "
            "install crossrank[postgres]"
        )


def database_problem(exc: Exception, engine: Engine) -> DatabaseError:
    """Translate a driver error into a one-line DatabaseError."""
    message = str(getattr(exc, "orig", exc)).splitlines()[0]
    where = _safe(str(engine.url))
    if "not a database" in message or "file is encrypted" in message:
        return DatabaseError(f"{where} is not a jobmatch database (not an SQLite file)")
    if "locked" in message or "busy" in message:
        return DatabaseError(f"{where} is locked by another process; try again when it has finished")
    if "unable to open" in message:
        return DatabaseError(f"cannot open {where}: check the path and its permissions")
    if "readonly" in message or "read-only" in message:
        return DatabaseError(f"{where} is read-only: reading works, this command needs to write")
    return DatabaseError(_safe(f"database error on {where}: {message}"))


_SECRET_PARAM = re.compile(r"(?i)([?&;\s](?:password|passwd|pwd|pass|secret|token|sslpassword)=)[^&;\s'\"]*")


def _safe(url: str) -> str:
    """Hide passwords in a URL or a message quoting one (``user:pw@`` and ``?password=``)."""
    url = re.sub(r"://([^:/@\s]+):[^@\s]+@", r"://\1:***@", url)
    return _SECRET_PARAM.sub(r"\1***", url)


def sqlite_url(path: str | Path) -> str:
    """SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{Path(path).expanduser()}"


__all__ = [
    "SCHEMA_VERSION",
    "Base",
    "Candidate",
    "DatabaseError",
    "Job",
    "RankingResult",
    "RankingRun",
    "SchemaVersion",
    "database_problem",
    "init_db",
    "make_engine",
    "natural_key",
    "normalize_email",
    "run_requirements_stored",
    "sqlite_url",
]
