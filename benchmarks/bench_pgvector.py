"""Benchmark jobmatch at scale: PostgreSQL + pgvector HNSW against the SQLite in-memory matrix.

Run: python benchmarks/bench_pgvector.py [--pool 100000] [--jobs 20] [--job-source real|generated]
         [--backends pg sqlite] [--maintenance-work-mem 1GB] [--ef-search 100 200 400] [--pg-url URL] [--workdir DIR]

For each backend, in one run on one machine:
* import: the pool, bulk-loaded in 10,000-row batches (rows with precomputed embeddings; on
  PostgreSQL the vectors by binary COPY), then the HNSW index build (m 16, ef_construction 64) on
  its own; then the real `import_candidates` of `--import-n` sample profiles into that pool
  (parse + embed + store), with the store stage's rows/s on its own;
* rank: `rank_stored` (embed the job, first stage, fetch 100 rows, cross-encoder rerank, reasons)
  for `--jobs` jobs (the evaluation set's real postings, or generated ones): p50 / p95 seconds per
  job; SQLite reads the pool's matrix from its
  cache file as the CLI does (the first job builds it and is reported apart);
* recall@100 of the HNSW index against exact search (the same SQL with index scans off) for each
  `--ef-search`, over the same jobs;
* the client's resident memory after ranking (PostgreSQL runs first, so the matrix the SQLite path
  loads does not count against it), and the server's table and index sizes.

The pool is synthetic, as in bench_jobmatch.py: `--base-cards` (2,000) real profile cards embedded with the shipped
all-MiniLM-L6-v2, then each pool row is one of them plus Gaussian noise (sigma `--noise` per
dimension), re-normalised. Without `--pg-url` a throwaway PostgreSQL 16 + pgvector 0.6 (pgserver)
runs under `--workdir`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import psutil
from bench_jobmatch import (  # the same synthetic pool and jobs
    CountingReranker,
    base_cards,
    bench_jobs,
    pool_batches,
)
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

import core
from core.paths import quiet_third_party_logs
from jobmatch import pgvector_store
from jobmatch.config import shipped_model_path
from jobmatch.db import Candidate, init_db, make_engine
from jobmatch.importing import import_candidates, record_from_fields
from jobmatch.matching import DEFAULT_RETRIEVE_K, job_query_embedding, rank_stored
from jobmatch.parsing import parse_job
from jobmatch.samples import sample_candidate_rows


def say(*parts) -> None:
    print(*parts, flush=True)


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def bulk_load(engine, batches, postgres: bool, maintenance_work_mem: str) -> dict:
    """Insert the pool; on PostgreSQL also COPY the vectors, then build the HNSW index (timed apart)."""
    out = {}
    started, n = time.perf_counter(), 0
    insert = Candidate.__table__.insert()
    with Session(engine) as session, session.begin():
        conn = session.connection()
        if postgres:
            assert pgvector_store.prepare_import(conn, 384) is not None, "pgvector is not available"
        for rows, vecs in batches:
            if postgres:
                ids = conn.execute(insert.returning(Candidate.id, sort_by_parameter_order=True), rows).scalars().all()
                pgvector_store.write_vectors(conn, ids, vecs)
            else:
                conn.execute(insert, rows)
            n += len(rows)
            if n % 100_000 == 0:
                say(f"  loaded {n} rows ({n / (time.perf_counter() - started):.0f} rows/s)")
    out["load_s"] = time.perf_counter() - started
    out["load_rows_per_s"] = n / out["load_s"]
    if postgres:
        started = time.perf_counter()
        with engine.begin() as conn:
            pgvector_store.create_index(conn, maintenance_work_mem=maintenance_work_mem)
        out["index_build_s"] = time.perf_counter() - started
        with engine.begin() as conn:
            conn.execute(text("ANALYZE candidates"))
            conn.execute(text(f"ANALYZE {pgvector_store.TABLE}"))
    return out


def real_import(engine, embedder, n: int) -> dict:
    """The real import path on n sample profiles: total and store-stage rows/s."""
    records = [record_from_fields(row, f"row {i}") for i, row in enumerate(sample_candidate_rows(n, 11))]
    marks = {}

    def progress(phase, done, total):
        marks.setdefault(phase, time.perf_counter())
        marks[f"{phase}_end"] = time.perf_counter()

    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        import_candidates(session, records, embedder=embedder, on_progress=progress)
    total = time.perf_counter() - started
    store = time.perf_counter() - marks["embed_end"]  # store stage + commit (+ index build when new)
    return {"import_rows_per_s": n / total, "import_store_rows_per_s": n / store}


def rank_jobs(engine, jobs, embedder, reranker, retrieve_k, cache) -> dict:
    times, pairs = [], []
    reranker = CountingReranker(reranker)
    for job in jobs:
        reranker.pairs = 0
        started = time.perf_counter()
        with Session(engine) as session:
            rank_stored(session, job, embedder=embedder, reranker=reranker, top_k=10, retrieve_k=retrieve_k,
                        cache_path=cache)
        times.append(time.perf_counter() - started)
        pairs.append(reranker.pairs)
    out = {}
    if cache is not None:
        out["first_job_s"] = times[0]
        times = times[1:]
    out["pairs_scored_p50"] = statistics.median(pairs)
    out["rank_p50_s"] = statistics.median(times)
    out["rank_p95_s"] = float(np.percentile(times, 95))
    out["rank_jobs"] = len(times)
    out["client_rss_mb_after_rank"] = rss_mb()
    return out


def first_stage_times(engine, queries, k) -> dict:
    """The HNSW query alone (p50 ms), to separate it from embedding and reranking."""
    times = []
    with Session(engine) as session:
        for q in queries:
            started = time.perf_counter()
            pgvector_store.nearest(session, q, k)
            times.append(time.perf_counter() - started)
    return {
        "hnsw_query_p50_ms": 1000 * statistics.median(times),
        "hnsw_query_p95_ms": 1000 * float(np.percentile(times, 95)),
    }


def recall(engine, queries, k, ef_values) -> dict:
    """recall@k of the HNSW index against exact search on the same table."""
    exact = []
    started = time.perf_counter()
    with Session(engine) as session:
        for q in queries:
            exact.append(set(pgvector_store.nearest(session, q, k, ef_search=pgvector_store.MAX_EF_SEARCH + 1)[0]))
    out = {"exact_query_p50_ms": 1000 * (time.perf_counter() - started) / len(queries)}
    for ef in ef_values:
        hits = []
        with Session(engine) as session:
            for q, truth in zip(queries, exact, strict=True):
                ids = pgvector_store.nearest(session, q, k, ef_search=ef)[0]
                hits.append(len(truth & set(ids.tolist())) / k)
        out[f"recall@{k}_ef{ef}"] = float(np.mean(hits))
    return out


def sizes(engine) -> dict:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT pg_total_relation_size('candidates'), pg_relation_size('candidate_vectors'), "
                "pg_relation_size('candidate_vectors_hnsw')"
            )
        ).one()
    return {"candidates_total_mb": row[0] / 2**20, "vectors_table_mb": row[1] / 2**20, "hnsw_index_mb": row[2] / 2**20}


def start_server(workdir: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    server = pgserver.get_server(workdir / "pgdata", cleanup_mode="delete")
    return server, server.get_uri()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--job-source", choices=["real", "generated"], default="real",
                        help="real: the evaluation set's postings; generated: jobmatch.datagen")
    parser.add_argument("--import-n", type=int, default=1000)
    parser.add_argument("--noise", type=float, default=0.01)
    parser.add_argument("--base-cards", type=int, default=2000, help="real cards the pool is jittered from")
    parser.add_argument("--shuffle-skills", action="store_true",
                        help="each pool row lists its card's skills in its own order (no two copies share a text)")
    parser.add_argument("--retrieve-k", type=int, default=DEFAULT_RETRIEVE_K)
    parser.add_argument("--ef-search", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--backends", nargs="+", default=["pg", "sqlite"], choices=["pg", "sqlite"])
    parser.add_argument("--backend", default="auto", choices=list(core.BACKENDS), help="reranker runtime")
    parser.add_argument("--maintenance-work-mem", default="1GB")
    parser.add_argument("--pg-url", help="an existing PostgreSQL with pgvector (an empty database)")
    parser.add_argument("--workdir", help="folder for the SQLite file and the throwaway server (default: a temp dir)")
    parser.add_argument("--no-rank", action="store_true", help="skip the real import and the rank timings")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    quiet_third_party_logs()

    tmp = tempfile.TemporaryDirectory(dir=args.workdir)
    workdir = Path(tmp.name)
    reranker = core.load_reranker(shipped_model_path(), backend=args.backend)
    embedder = core.load_embedder()
    say(f"pool {args.pool}, jobs {args.jobs}, noise {args.noise}, reranker {reranker.backend}, "
        f"client RSS after loading models {rss_mb():.0f} MB")
    specs, cards, base = base_cards(embedder, n=args.base_cards)
    jobs = bench_jobs(args.job_source, args.jobs)
    queries = np.concatenate([job_query_embedding(embedder, parse_job(job)) for job in jobs])
    results = {"pool": args.pool, "noise": args.noise, "base_cards": args.base_cards, "jobs": args.jobs,
               "shuffle_skills": args.shuffle_skills,
               "reranker": reranker.backend, "client_rss_mb_models": rss_mb()}
    server = None
    for backend in args.backends:
        res = results[backend] = {}
        if backend == "pg":
            if args.pg_url:
                url = args.pg_url
            else:
                server, url = start_server(workdir)
            engine = make_engine(url)
        else:
            engine = make_engine(f"sqlite:///{workdir / 'pool.db'}")
        init_db(engine)
        batches = pool_batches(specs, cards, base, args.pool, args.noise, embedder.name,
                               shuffle_skills=args.shuffle_skills)
        res.update(bulk_load(engine, batches, backend == "pg", args.maintenance_work_mem))
        say(f"[{backend}] bulk load: {res}")
        cache = workdir / "embeddings.npz" if backend == "sqlite" else None
        if not args.no_rank:
            # Then the real import path, adding to the indexed pool as a later `jobmatch import` would.
            res.update(real_import(engine, embedder, args.import_n))
            say(f"[{backend}] real import of {args.import_n} into the pool: {res}")
            res.update(rank_jobs(engine, jobs, embedder, reranker, args.retrieve_k, cache))
            say(f"[{backend}] rank: {res}")
        if backend == "pg":
            res.update(first_stage_times(engine, queries, args.retrieve_k))
            res.update(recall(engine, queries, args.retrieve_k, args.ef_search))
            res.update(sizes(engine))
            say(f"[{backend}] recall and sizes: {res}")
        else:
            started = time.perf_counter()
            with Session(engine) as session:
                from jobmatch.embeddings import load_embedding_matrix

                _, matrix = load_embedding_matrix(session, cache_path=cache)
                res["matrix_load_from_cache_s"] = time.perf_counter() - started
                started = time.perf_counter()
                for q in queries:
                    core.top_k_cosine(q, matrix, args.retrieve_k)
                res["matrix_topk_p50_ms"] = 1000 * (time.perf_counter() - started) / len(queries)
                res["candidates"] = session.scalar(select(func.count(Candidate.id)))
            res["sqlite_file_mb"] = (workdir / "pool.db").stat().st_size / 2**20
            say(f"[{backend}] matrix: {res}")
        engine.dispose()
    results["client_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(json.dumps(results, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    if server is not None:
        server.cleanup()
    tmp.cleanup()
    sys.exit(0)


if __name__ == "__main__":
    main()
