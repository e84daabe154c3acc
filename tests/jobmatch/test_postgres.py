"""jobmatch on a real PostgreSQL 16 server with pgvector (the `pg_url` fixture: pgserver, no mocks)."""

import json
import logging

import numpy as np
import pytest
from click.testing import CliRunner
from jm_helpers import write_csv
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import core
from core.paths import shared_data_dir
from jobmatch import pgvector_store
from jobmatch.cli import cli
from jobmatch.db import SCHEMA_VERSION, Base, Candidate, SchemaVersion, init_db, make_engine, run_requirements_stored
from jobmatch.embeddings import load_embedding_matrix
from jobmatch.importing import InputError, import_candidates, record_from_fields
from jobmatch.jobcard import requirements_of
from jobmatch.matching import MatchError, rank_stored
from jobmatch.samples import sample_candidate_rows
from jobmatch.store import list_runs, save_run

JOB = shared_data_dir() / "samples" / "job.txt"


@pytest.fixture(scope="module")
def embedder(tiny_embedder_path):
    return core.load_embedder(str(tiny_embedder_path))


def _records(n, seed=3):
    return [record_from_fields(row, f"row {i}") for i, row in enumerate(sample_candidate_rows(n, seed))]


def _vector_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM candidate_vectors")).scalar_one()


def _cli_env(monkeypatch, url, tiny_reranker_path, tiny_embedder_path, tmp_path):
    monkeypatch.setenv("JOBMATCH_DB", url)
    monkeypatch.setenv("JOBMATCH_MODEL", str(tiny_reranker_path))
    monkeypatch.setenv("JOBMATCH_EMBEDDER", str(tiny_embedder_path))
    monkeypatch.setenv("JOBMATCH_HOME", str(tmp_path / "home"))


def test_cli_import_rank_remove_on_pgvector(pg_url, monkeypatch, tiny_reranker_path, tiny_embedder_path, tmp_path):
    people = tmp_path / "people.csv"
    write_csv(people, 5)
    runner = CliRunner()
    ranked = {}
    for url in (pg_url, f"sqlite:///{tmp_path / 'same.db'}"):  # the same ranking on both databases
        _cli_env(monkeypatch, url, tiny_reranker_path, tiny_embedder_path, tmp_path)
        assert "Imported 5" in runner.invoke(cli, ["import", str(people)], catch_exceptions=False).output
        result = runner.invoke(cli, ["rank", "--job", str(JOB), "--format", "json", "--save"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        ranked[url] = [(r["name"], r["score"]) for r in json.loads(result.stdout)["results"]]
    assert len(ranked[pg_url]) == 5
    assert sorted(ranked[pg_url]) == sorted(next(v for k, v in ranked.items() if k != pg_url))

    _cli_env(monkeypatch, pg_url, tiny_reranker_path, tiny_embedder_path, tmp_path)
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        index = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'candidate_vectors_hnsw'"))
        index = index.scalar()
    assert "USING hnsw (embedding vector_cosine_ops)" in index
    assert _vector_rows(engine) == 5
    assert "skipped 5" in runner.invoke(cli, ["import", str(people)], catch_exceptions=False).output
    more = tmp_path / "more.csv"
    write_csv(more, 2, start=5)
    assert "Imported 2" in runner.invoke(cli, ["import", str(more)], catch_exceptions=False).output
    assert _vector_rows(engine) == 7  # the second import adds to the existing index
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,skills\nA,a@x.co,Python\nB,A@x.co,Go\n")
    assert runner.invoke(cli, ["import", str(bad)], catch_exceptions=False).exit_code == 1
    assert _vector_rows(engine) == 7
    first_id = json.loads(runner.invoke(cli, ["list", "--format", "json"]).output)[0]["id"]
    assert runner.invoke(cli, ["remove", str(first_id)], catch_exceptions=False).exit_code == 0
    assert _vector_rows(engine) == 6  # deleted with its candidate
    engine.dispose()


def test_nearest_matches_exact_search_and_skips_the_matrix(pg_url, embedder, tiny_reranker, monkeypatch):
    engine = make_engine(pg_url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        import_candidates(session, _records(60), embedder=embedder, batch_size=16)  # several COPY batches
    query = embedder.encode(["Senior Python developer with Django and PostgreSQL"])[0]
    with Session(engine) as session:
        assert pgvector_store.in_use(session)
        ids, sims = pgvector_store.nearest(session, query, 10)
        all_ids, matrix = load_embedding_matrix(session)
    exact = np.argsort(-(matrix @ query / np.linalg.norm(query)))[:10]
    assert ids.tolist() == all_ids[exact].tolist()
    np.testing.assert_allclose(sims, (matrix @ query / np.linalg.norm(query))[exact], atol=2e-3)  # float16 blobs

    def no_matrix(*args, **kwargs):
        raise AssertionError("the pgvector path must not load the embedding matrix")

    monkeypatch.setattr("jobmatch.matching.load_embedding_matrix", no_matrix)
    with Session(engine) as session:
        _, matches = rank_stored(session, JOB.read_text(), embedder=embedder, reranker=tiny_reranker, top_k=5)
    assert len(matches) == 5
    engine.dispose()


def test_k_above_the_ef_search_cap_is_exact(pg_url, embedder):
    engine = make_engine(pg_url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        import_candidates(session, _records(30), embedder=embedder)
    with Session(engine) as session:
        ids, _ = pgvector_store.nearest(session, embedder.encode(["Data engineer, Spark"])[0], 1500)
        assert len(ids) == 30
        assert session.execute(text("SHOW enable_indexscan")).scalar() == "on"
    engine.dispose()


def test_embedder_of_another_size_is_refused(pg_url, embedder, tiny_reranker):
    engine = make_engine(pg_url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        import_candidates(session, _records(5), embedder=embedder)

    class Wider:
        name = "wider"

        def encode(self, texts, **kwargs):
            return np.ones((len(texts), 48), dtype=np.float32) / np.sqrt(48)

    with pytest.raises(InputError, match="32 dimensions but the embedder gives 48"):
        with Session(engine) as session, session.begin():
            new = [record_from_fields({"name": f"Z{i}", "email": f"z{i}@x.co", "skills": "Go"}, "z") for i in range(3)]
            import_candidates(session, new, embedder=Wider())
    with pytest.raises(MatchError, match="32 dimensions but the embedder gives 48"), Session(engine) as session:
        rank_stored(session, JOB.read_text(), embedder=Wider(), reranker=tiny_reranker)
    engine.dispose()


def _version_1(engine, embedder, n=12):
    """A database as jobmatch with schema version 1 left it: tables, blobs, no vector table, no run requirements."""
    with Session(engine) as session, session.begin():
        Base.metadata.create_all(session.connection())
        session.execute(text("ALTER TABLE ranking_runs DROP COLUMN requirements"))  # added in version 3
        session.add(SchemaVersion(id=1, version=1))
    with Session(engine) as session, session.begin():  # no pgvector in this database yet: blobs only
        assert pgvector_store.prepare_import(session.connection(), 32) is None
        import_candidates(session, _records(n), embedder=embedder)


def test_upgrade_from_version_1_on_postgres(pg_url, embedder, tiny_reranker):
    engine = make_engine(pg_url)
    _version_1(engine, embedder)
    with engine.connect() as conn:
        assert not pgvector_store.extension_installed(conn)
    assert init_db(engine) == SCHEMA_VERSION == 3
    with Session(engine) as session:
        assert session.scalar(select(SchemaVersion.version)) == SCHEMA_VERSION
        assert run_requirements_stored(session.connection())
        assert pgvector_store.table_dimension(session) == 32
        assert session.scalar(select(func.count()).select_from(Candidate)) == _vector_rows(engine) == 12
        _, via_pgvector = rank_stored(session, JOB.read_text(), embedder=embedder, reranker=tiny_reranker, top_k=5)
    # The same ranking as the in-memory path over the same blobs (12 rows: HNSW returns them all).
    sqlite = make_engine("sqlite://")
    init_db(sqlite)
    with Session(sqlite) as session, session.begin():
        import_candidates(session, _records(12), embedder=embedder)
    with Session(sqlite) as session:
        _, in_memory = rank_stored(session, JOB.read_text(), embedder=embedder, reranker=tiny_reranker, top_k=5)
    assert [(m.name, m.score) for m in via_pgvector] == [(m.name, m.score) for m in in_memory]
    assert init_db(engine) == SCHEMA_VERSION  # idempotent
    engine.dispose()


def test_upgrade_from_version_1_on_sqlite(tmp_path, embedder, tiny_reranker):
    engine = make_engine(f"sqlite:///{tmp_path / 'v1.db'}")
    _version_1(engine, embedder)
    assert init_db(engine) == SCHEMA_VERSION
    with Session(engine) as session:
        assert session.scalar(select(SchemaVersion.version)) == SCHEMA_VERSION
        assert run_requirements_stored(session.connection())
        _, matches = rank_stored(session, JOB.read_text(), embedder=embedder, reranker=tiny_reranker, top_k=3)
    assert len(matches) == 3
    engine.dispose()


def test_upgrade_keeps_old_runs_and_new_runs_record_their_requirements_on_postgres(pg_url, embedder, tiny_reranker):
    engine = make_engine(pg_url)
    _version_1(engine, embedder, n=4)
    with engine.begin() as conn:  # a run saved by the older jobmatch
        job_id = conn.execute(text("INSERT INTO jobs (content_hash, title, text, created_at) "
                                   "VALUES ('h', 'Old job', 'Old job text', now()) RETURNING id")).scalar_one()
        old_id = conn.execute(text("INSERT INTO ranking_runs (job_id, model, created_at) "
                                   "VALUES (:job, 'old', now()) RETURNING id"), {"job": job_id}).scalar_one()
    assert init_db(engine) == SCHEMA_VERSION
    with engine.connect() as conn:
        kind = conn.execute(text("SELECT data_type FROM information_schema.columns "
                                 "WHERE table_name = 'ranking_runs' AND column_name = 'requirements'")).scalar_one()
    assert kind == "json"
    card = {"path": "/cards/backend.json", "edited": ["min_years"], "parsed": {"min_years": 5.0}}
    with Session(engine) as session, session.begin():
        job, matches = rank_stored(session, JOB.read_text(), embedder=embedder, reranker=tiny_reranker, top_k=2)
        new_id = save_run(session, job, matches, model="tiny", card=card)
    with Session(engine) as session:
        runs = {run.id: run.requirements for run in list_runs(session)}
    assert set(runs) == {old_id, new_id} and runs[old_id] is None
    assert runs[new_id] == {"from": "card", **card, "card": requirements_of(job)}
    engine.dispose()


def test_read_only_version_1_sqlite_file_is_read_as_is(tmp_path, embedder):
    path = tmp_path / "v1.db"
    engine = make_engine(f"sqlite:///{path}")
    _version_1(engine, embedder, n=3)
    engine.dispose()
    path.chmod(0o444)
    engine = make_engine(f"sqlite:///{path}")
    assert init_db(engine) == 1
    engine.dispose()


def test_server_without_pgvector_falls_back_with_one_warning(pg_url, embedder, tiny_reranker, caplog):
    # A role that may not create extensions: to jobmatch, a server without pgvector.
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS jm_plain"))
        conn.execute(text("CREATE ROLE jm_plain LOGIN"))
        conn.execute(text("GRANT ALL ON SCHEMA public TO jm_plain"))
    url = make_url(pg_url).set(username="jm_plain").render_as_string(hide_password=False)
    engine = make_engine(url)
    with caplog.at_level(logging.WARNING, logger="jobmatch.pgvector_store"):
        assert init_db(engine) == SCHEMA_VERSION
    warnings = [r.getMessage() for r in caplog.records if r.name == "jobmatch.pgvector_store"]
    assert len(warnings) == 1 and "pgvector is not available" in warnings[0] and "\n" not in warnings[0]
    with Session(engine) as session, session.begin():
        import_candidates(session, _records(8), embedder=embedder)
    with Session(engine) as session:
        assert not pgvector_store.in_use(session)
        _, matches = rank_stored(session, JOB.read_text(), embedder=embedder, reranker=tiny_reranker, top_k=3)
    assert len(matches) == 3
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text("REASSIGN OWNED BY jm_plain TO postgres"))
        conn.execute(text("DROP OWNED BY jm_plain"))
        conn.execute(text("DROP ROLE jm_plain"))
    admin.dispose()


def _all_rows(engine) -> dict[str, list]:
    """Every row of every jobmatch table (and the vector table), to compare a database before and after."""
    with engine.connect() as conn:
        tables = [*Base.metadata.tables, pgvector_store.TABLE]
        return {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")))) for t in tables}  # noqa: S608


def test_a_version_2_database_is_read_as_it_is_by_a_read_only_role(
        pg_url, monkeypatch, tiny_reranker_path, tiny_embedder_path, tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)  # a traceback fails the test

    _cli_env(monkeypatch, pg_url, tiny_reranker_path, tiny_embedder_path, tmp_path)
    people = tmp_path / "people.csv"
    write_csv(people, 4)
    assert run("import", people).exit_code == 0
    assert run("rank", "--job", JOB, "--save", "-f", "json").exit_code == 0
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # back to version 2, as jobmatch 2 left it, and a role that may only read it
        conn.execute(text("ALTER TABLE ranking_runs DROP COLUMN requirements"))
        conn.execute(text("UPDATE jobmatch_schema SET version = 2"))
        conn.execute(text("DROP ROLE IF EXISTS jm_reader"))
        conn.execute(text("CREATE ROLE jm_reader LOGIN"))
        conn.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO jm_reader"))
    before = _all_rows(admin)
    reader = make_url(pg_url).set(username="jm_reader").render_as_string(hide_password=False)
    monkeypatch.setenv("JOBMATCH_DB", reader)
    try:
        engine = make_engine(reader)
        assert init_db(engine) == 2  # not migrated: read as it is
        engine.dispose()
        listed = run("list", "-f", "json")
        assert listed.exit_code == 0, listed.output
        assert len(json.loads(listed.stdout)) == 4
        runs = run("runs", "-f", "json")
        assert runs.exit_code == 0, runs.output
        assert [(r["id"], r["results"], r["requirements_from"]) for r in json.loads(runs.stdout)] == [(1, 4, None)]
        shown = run("runs", "1", "-f", "table")
        assert shown.exit_code == 0 and "Requirements: not recorded" in shown.output, shown.output
        ranked = run("rank", "--job", JOB, "-f", "json")
        assert ranked.exit_code == 0, ranked.output
        assert len(json.loads(ranked.stdout)["results"]) == 4
        more = tmp_path / "more.csv"
        write_csv(more, 2, start=10)
        for args in (("import", more), ("add", "--name", "New Person", "--email", "new@example.com"),
                     ("remove", "1"), ("rank", "--job", JOB, "--save", "-f", "json"), ("db", "reset", "--yes")):
            result = run(*args)
            assert result.exit_code == 1, (args, result.output)
            assert len(result.output.strip().splitlines()) == 1, (args, result.output)
            assert "is read-only here (schema version 2" in result.output and "this command needs to write" in \
                result.output, (args, result.output)
            assert "must be owner" not in result.output
    finally:
        with admin.connect() as conn:
            after = _all_rows(admin)
            conn.execute(text("DROP OWNED BY jm_reader"))
            conn.execute(text("DROP ROLE jm_reader"))
        admin.dispose()
    assert after == before
    assert after["jobmatch_schema"] == [(1, 2)]
