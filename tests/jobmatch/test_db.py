import sqlite3

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobmatch.db import (
    SCHEMA_VERSION,
    Candidate,
    DatabaseError,
    SchemaVersion,
    init_db,
    make_engine,
    natural_key,
    normalize_email,
)


def _candidate(key="email:a@b.co", name="A"):
    return Candidate(natural_key=key, name=name, card="Role: X. Skills: Y.", skills=["Y"], facts={})


def test_init_creates_tables_wal_and_version(engine, db_url, tmp_path):
    assert init_db(engine) == SCHEMA_VERSION  # idempotent
    with sqlite3.connect(tmp_path / "jobmatch.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM jobmatch_schema").fetchone()[0] == SCHEMA_VERSION


def test_in_memory_database():
    engine = make_engine("sqlite://")
    init_db(engine)
    with Session(engine) as session, session.begin():
        session.add(_candidate())
    with Session(engine) as session:
        assert session.scalar(select(Candidate.name)) == "A"


def test_natural_key_is_unique(engine):
    from sqlalchemy.exc import IntegrityError

    with Session(engine) as session, session.begin():
        session.add(_candidate())
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        session.add(_candidate(name="B"))


def test_newer_schema_is_refused(engine):
    with Session(engine) as session, session.begin():
        session.scalar(select(SchemaVersion)).version = SCHEMA_VERSION + 1
    with pytest.raises(DatabaseError, match="newer"):
        init_db(engine)


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello, I am a text file\n" * 50)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a jobmatch database"):
        init_db(make_engine(f"sqlite:///{path}"))
    assert path.read_bytes() == before


def test_natural_keys():
    assert normalize_email("  Ada@Example.COM ") == "ada@example.com"
    assert normalize_email("not an email") is None
    assert natural_key("ADA@example.com", "x", "y") == natural_key("ada@example.com", "z", "w")
    assert natural_key(None, "Ada", "Python dev") == natural_key(None, "ada ", "Python   dev")
    assert natural_key(None, "Ada", "Python dev") != natural_key(None, "Ada", "Java dev")
