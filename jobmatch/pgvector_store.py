"""Candidate embeddings in PostgreSQL with pgvector: an HNSW cosine index and retrieval in SQL.

On a PostgreSQL database whose server has the ``vector`` extension, every candidate's embedding
is also a row of ``candidate_vectors`` (``vector(d)``, deleted with its candidate), and the
first stage of `rank` is one ``ORDER BY embedding <=> :q LIMIT :k`` answered by the HNSW index:
the client never holds the pool's matrix. The float16 blob in ``candidates.embedding`` stays
the source of truth, so the table can be rebuilt from it, and a server without pgvector keeps
working through the in-memory matrix (`jobmatch.embeddings`).

`nearest` has the shape of a pluggable first stage: query vector and k in, (ids, cosine
similarities) out, best first.
"""

from __future__ import annotations

import logging

import numpy as np
from sqlalchemy import Column, Integer, MetaData, Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from jobmatch.embeddings import EmbeddingError

logger = logging.getLogger(__name__)

TABLE = "candidate_vectors"
INDEX = "candidate_vectors_hnsw"
# pgvector's HNSW build defaults (m 16, ef_construction 64); measured in benchmarks/bench_pgvector.py.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# The HNSW candidate list at query time; it must be >= k (pgvector returns at most ef_search rows),
# and pgvector caps it at 1,000. recall@100 in bench_pgvector.py (20k pool): 0.898 at 200 and 0.998
# at 400 on near-duplicate profiles (noise 0.01), 0.992 and 0.999 on more varied ones (0.05).
DEFAULT_EF_SEARCH = 400
MAX_EF_SEARCH = 1000


def is_postgres(bind: Connection | Session) -> bool:
    """True when the session or connection talks to PostgreSQL."""
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    return dialect.name == "postgresql"


def extension_installed(bind: Connection | Session) -> bool:
    """True when ``CREATE EXTENSION vector`` has been run in this database."""
    return bind.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).first() is not None


def enable(connection: Connection) -> bool:
    """Install pgvector in this database if the server can; False, with one warning line, if not.

    A missing extension (or a role that may not create it) is not an error: ranking then reads
    every embedding into memory, as on SQLite.
    """
    if extension_installed(connection):
        return True
    try:
        with connection.begin_nested():  # a savepoint: a refusal must not abort the caller's transaction
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        logger.warning(
            "pgvector is not available on this PostgreSQL server (%s); ranking falls back to reading every "
            "embedding into memory (install pgvector 0.5+ on the server for SQL retrieval)",
            reason,
        )
        return False
    logger.info("installed the pgvector extension in this database")
    return True


def table_dimension(bind: Connection | Session) -> int | None:
    """The dimension of ``candidate_vectors.embedding``, or None when the table does not exist."""
    row = bind.execute(
        text(
            "SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass(:table) AND attname = 'embedding'"
        ),
        {"table": TABLE},
    ).first()
    return None if row is None else int(row[0])


def in_use(session: Session) -> bool:
    """True when ranking should ask PostgreSQL for the nearest candidates (the vector table exists)."""
    return is_postgres(session) and table_dimension(session) is not None


def create_table(connection: Connection, dim: int) -> None:
    """Create the vector table for `dim`-dimensional embeddings (no index yet: see `create_index`)."""
    connection.execute(
        text(
            f"CREATE TABLE {TABLE} (candidate_id integer PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE, "
            f"embedding vector({int(dim)}) NOT NULL)"
        )
    )


def create_index(connection: Connection, *, maintenance_work_mem: str | None = None) -> None:
    """Build the HNSW cosine index; after a bulk load, which is far faster than inserting into it.

    Args:
        connection: a connection inside a transaction.
        maintenance_work_mem: e.g. "2GB" for this transaction only; the build slows down a lot once
            the graph no longer fits (pgvector says so in a NOTICE). None keeps the server's setting.
    """
    if maintenance_work_mem:
        connection.execute(select(func.set_config("maintenance_work_mem", maintenance_work_mem, True)))
    connection.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING hnsw (embedding vector_cosine_ops) "
            f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )
    )


def write_vectors(connection: Connection, ids, matrix: np.ndarray) -> None:
    """Append (candidate id, embedding) rows with one binary COPY."""
    from pgvector.psycopg import register_vector

    raw = connection.connection.driver_connection  # the psycopg connection, in the same transaction
    register_vector(raw)
    sql = f"COPY {TABLE} (candidate_id, embedding) FROM STDIN WITH (FORMAT BINARY)"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        copy.set_types(["int4", "vector"])
        for cid, vector in zip(ids, np.asarray(matrix, dtype=np.float32), strict=True):
            copy.write_row((int(cid), vector))


def prepare_import(connection: Connection, dim: int) -> bool | None:
    """Make the vector table ready for `dim`-dimensional rows before an import writes them.

    Returns:
        None when vectors are not kept here (not PostgreSQL, or no pgvector); True when the table was
        just created (the caller builds the index after loading); False when it already existed.

    Raises:
        EmbeddingError: the stored vectors have another dimension (a different embedder).
    """
    if not is_postgres(connection) or not extension_installed(connection):
        return None
    stored = table_dimension(connection)
    if stored is None:
        create_table(connection, dim)
        return True
    if stored != dim:
        raise EmbeddingError(
            f"stored embeddings have {stored} dimensions but the embedder gives {dim}; "
            "import with the embedder the pool was built with"
        )
    return False


def sync_from_blobs(
    connection: Connection, *, batch_size: int = 10_000, maintenance_work_mem: str | None = None
) -> int:
    """Fill the vector table from the stored float16 blobs (upgrade from schema 1, or pgvector added later).

    Creates the table (dimension of the first stored embedding) and its index when missing; rows
    of another size are left to the matrix path with a warning. Returns the rows written.
    """
    first = connection.execute(
        text("SELECT length(embedding) FROM candidates WHERE embedding IS NOT NULL ORDER BY id LIMIT 1")
    ).first()
    if first is None:
        return 0
    dim = int(first[0]) // 2
    new = prepare_import(connection, dim)
    if new is None:
        return 0
    rows = connection.execute(  # a server-side cursor: the blobs arrive batch by batch, never all at once
        text(
            f"SELECT c.id, c.embedding FROM candidates c WHERE c.embedding IS NOT NULL AND length(c.embedding) = :size "
            f"AND NOT EXISTS (SELECT 1 FROM {TABLE} v WHERE v.candidate_id = c.id) ORDER BY c.id"
        ),
        {"size": dim * 2},
        execution_options={"yield_per": batch_size},
    )
    written = 0
    for chunk in rows.partitions(batch_size):
        ids = [row[0] for row in chunk]
        matrix = np.frombuffer(b"".join(row[1] for row in chunk), dtype="<f2").reshape(len(chunk), dim)
        write_vectors(connection, ids, matrix)
        written += len(chunk)
    if new:
        create_index(connection, maintenance_work_mem=maintenance_work_mem)
    odd = connection.execute(
        text("SELECT count(*) FROM candidates WHERE embedding IS NOT NULL AND length(embedding) <> :size"),
        {"size": dim * 2},
    ).scalar_one()
    if odd:
        logger.warning("%d stored embeddings are not %d-dimensional; re-import those candidates", odd, dim)
    logger.info("copied %d stored embeddings into %s", written, TABLE)
    return written


def nearest(
    session: Session, query: np.ndarray, k: int, *, ef_search: int = DEFAULT_EF_SEARCH
) -> tuple[np.ndarray, np.ndarray]:
    """The k stored candidates nearest to `query` by cosine, from the HNSW index.

    Args:
        session: an open session on PostgreSQL with the vector table.
        query: the job's embedding (d,).
        k: how many to return.
        ef_search: HNSW candidate list; raised to k when smaller. Above pgvector's cap of 1,000 the
            search is exact (a sequential scan) so that k rows still come back.

    Returns:
        (candidate ids (n,) int64, cosine similarities (n,) float32), best first; n <= k.
    """
    dim = table_dimension(session)
    query = np.asarray(query, dtype=np.float32).ravel()
    if dim is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if dim != query.shape[0]:
        raise EmbeddingError(
            f"stored embeddings have {dim} dimensions but the embedder gives {query.shape[0]}; "
            "re-import the candidates with this embedder"
        )
    from pgvector.sqlalchemy import VECTOR

    table = Table(TABLE, MetaData(), Column("candidate_id", Integer), Column("embedding", VECTOR(dim)))
    ef = max(int(ef_search), int(k))
    if ef > MAX_EF_SEARCH:
        session.execute(select(func.set_config("enable_indexscan", "off", True)))
    else:
        session.execute(select(func.set_config("hnsw.ef_search", str(ef), True)))
    distance = table.c.embedding.cosine_distance(query)
    rows = session.execute(select(table.c.candidate_id, distance).order_by(distance).limit(int(k))).all()
    if ef > MAX_EF_SEARCH:  # the rows fetched next by id need their index again
        session.execute(select(func.set_config("enable_indexscan", "on", True)))
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    sims = np.fromiter((1.0 - row[1] for row in rows), dtype=np.float32, count=len(rows))
    return ids, sims


__all__ = [
    "DEFAULT_EF_SEARCH",
    "INDEX",
    "TABLE",
    "create_index",
    "create_table",
    "enable",
    "extension_installed",
    "in_use",
    "is_postgres",
    "nearest",
    "prepare_import",
    "sync_from_blobs",
    "table_dimension",
    "write_vectors",
]
