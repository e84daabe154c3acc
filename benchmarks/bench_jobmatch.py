"""Benchmark jobmatch: rank a large stored pool, import throughput, peak memory.

Run: python benchmarks/bench_jobmatch.py [--pool 100000] [--jobs 8] [--job-source real|generated] [--import-n 300]
         [--retrieve-k 50] [--backend auto|torch|bf16|onnx|onnx-int8] [--no-cache] [--threads N]
         [--pool-db PATH] [--pool-kind jittered|imported]

* rank: median seconds per job for `rank_stored` (load stored embeddings from the cache file or
  the DB, bi-encoder top-k, cross-encoder rerank, reasons) over `--pool` stored candidates, with
  the per-stage split of the last job (and the old rerank of the whole posting against all
  retrieved candidates, on the same rows), against the cross-encoder over every candidate
  (extrapolated from a timed sample), in the same run. The first job builds the embedding cache
  and is reported on its own;
* import: real `import_candidates` throughput (parse + embed + store) on `--import-n` profiles;
  the large pool itself is bulk-inserted with precomputed embeddings to keep the bench fast
  (`jittered`: 2,000 generated cards, each row one of them plus noise, so 50 rows share a card at
  100k), or, with `--pool-kind imported`, imported like `--import-n` (distinct generated profiles:
  slow, ~50 a second, for the rerank's cost on real-shaped neighbours);
* peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

import core
from core.paths import quiet_third_party_logs, shared_data_dir
from jobmatch.config import shipped_model_path
from jobmatch.datagen import Generator
from jobmatch.db import Candidate, init_db, make_engine
from jobmatch.importing import encode_embedding, import_candidates, record_from_fields
from jobmatch.matching import DEFAULT_RETRIEVE_K, RERANK_ROUND, rank_stored
from jobmatch.parsing import Seniority, candidate_card, parse_job
from jobmatch.samples import sample_candidate_rows


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class CountingReranker:
    """The reranker, counting the pairs it scores: the rerank's cost, which the pool's shape sets."""

    def __init__(self, reranker):
        self.reranker, self.pairs = reranker, 0

    def predict(self, pairs, **kwargs):
        self.pairs += len(pairs)
        return self.reranker.predict(pairs, **kwargs)


def base_cards(embedder, n: int = 2000, seed: int = 0):
    """n generated (spec, card) pairs and the cards' real embeddings."""
    gen = Generator(seed)
    families = list(gen.roles.families)
    specs = []
    for i in range(n):
        info = gen.roles.families[families[i % len(families)]]
        level = gen.rng.choice(list(Seniority))
        specs.append(
            gen.candidate(families[i % len(families)], level, gen.rng.sample(info["core"], k=min(5, len(info["core"]))))
        )
    cards = [candidate_card(s.title, s.level, s.skills) for s in specs]
    return specs, cards, embedder.encode(cards, batch_size=128)


def pool_batches(specs, cards, base, n: int, noise: float, model: str, batch: int = 10_000, seed: int = 0,
                 shuffle_skills: bool = False):
    """Yield (rows, vectors) of the synthetic pool: a real card's embedding plus noise, re-normalised.

    The near-copies of a card share its text (role, level, skills), so the cross-encoder scores one
    for all; ``shuffle_skills`` lists each row's skills in an order of its own: the same coverage,
    distinct texts, every copy scored.
    """
    rng = np.random.default_rng(seed)
    now = datetime.now(UTC)
    for start in range(0, n, batch):
        idx = np.arange(start, min(n, start + batch))
        vecs = base[idx % len(base)] + rng.normal(0, noise, (len(idx), base.shape[1])).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        rows = []
        for j, i in enumerate(idx):
            spec = specs[i % len(specs)]
            rows.append(
                {
                    "natural_key": f"bench:{i}",
                    "name": f"Candidate {i}",
                    "role": spec.title,
                    "family": spec.family,
                    "seniority": int(spec.level),
                    "skills": [str(x) for x in rng.permutation(spec.skills)] if shuffle_skills else list(spec.skills),
                    "facts": {},
                    "profile_text": "",
                    "card": cards[i % len(cards)],
                    "source": "bench",
                    "embedding": encode_embedding(vecs[j]),
                    "embedding_model": model,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        yield rows, vecs


def bulk_pool(engine, embedder, n: int, seed: int = 0) -> None:
    """Insert n synthetic candidates; embeddings of 2,000 real cards, jittered and re-normalised."""
    specs, cards, base = base_cards(embedder, seed=seed)
    with Session(engine) as session, session.begin():
        for rows, _ in pool_batches(specs, cards, base, n, noise=0.01, model=embedder.name, seed=seed):
            session.execute(Candidate.__table__.insert(), rows)


def _stages(engine, job_text, embedder, reranker, retrieve_k, cache) -> dict[str, float]:
    """Time each stage of `rank_stored` once (same calls, run one by one), and the old rerank beside it.

    The old rerank is what `rank_stored` did before the job card and the top-k bound: the whole
    posting as the query, every retrieved candidate scored.
    """
    from core.retrieval import rerank_top_k
    from jobmatch.embeddings import load_embedding_matrix
    from jobmatch.matching import job_query_embedding, order_matches, parse_job_text, profile_from_row, sort_value

    out, started = {}, time.perf_counter()

    def lap(name):
        nonlocal started
        now = time.perf_counter()
        out[name] = now - started
        started = now

    with Session(engine) as session:
        job = parse_job_text(job_text)
        lap("parse job")
        ids, matrix = load_embedding_matrix(session, cache_path=cache)
        lap("load embeddings")
        query = job_query_embedding(embedder, job)[0]
        lap("embed job")
        indices, _ = core.top_k_cosine(query, matrix, retrieve_k)
        lap("top-k")
        chosen = [int(ids[i]) for i in indices]
        rows = session.scalars(select(Candidate).where(Candidate.id.in_(chosen))).all()
        profiles = {row.id: profile_from_row(row) for row in rows}
        lap("fetch rows")
        counted = CountingReranker(reranker)
        found = rerank_top_k(
            job.card, list(profiles), [p.card for p in profiles.values()], reranker=counted, top_k=10,
            final=lambda cid, score: sort_value(job, profiles[cid], score), batch_size=RERANK_ROUND,
        )
        order_matches(job, [(cid, "", profiles[cid]) for cid in found], list(found.values()), top_k=10)
        lap(f"rerank + reasons ({counted.pairs} pairs through the model for {len(profiles)} retrieved)")
        reranker.predict([(job.text, p.card) for p in profiles.values()], activation="sigmoid")
        lap(f"[old rerank: whole posting, all {len(profiles)} scored]")
    return out


def bench_jobs(source: str, n: int) -> list[str]:
    """n job texts: the evaluation set's real postings (PDF and DOCX too), or generated ones."""
    if source == "generated":
        gen = Generator(123)
        return [gen.job(family)[1] for family in list(gen.roles.families)[:n]]
    from jobmatch.importing import document_text

    paths = sorted((shared_data_dir() / "jobmatch/eval/postings").iterdir())
    return [document_text(path) for path in paths[:: max(1, len(paths) // n)][:n]]  # spread over the families


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--job-source", choices=["real", "generated"], default="real",
                        help="real: the evaluation set's postings (what users bring); generated: jobmatch.datagen")
    parser.add_argument("--import-n", type=int, default=300)
    parser.add_argument("--baseline-sample", type=int, default=256)
    parser.add_argument("--retrieve-k", type=int, default=DEFAULT_RETRIEVE_K)
    parser.add_argument("--backend", default="auto", choices=list(core.BACKENDS))
    parser.add_argument("--no-cache", action="store_true", help="read embeddings from the DB on every rank")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--pool-db", help="keep the bulk pool in this SQLite file and reuse it when it exists")
    parser.add_argument("--pool-kind", choices=["jittered", "imported"], default="jittered",
                        help="jittered: noisy copies of 2,000 cards; imported: distinct sample profiles, imported")
    args = parser.parse_args()
    quiet_third_party_logs()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    reranker = core.load_reranker(shipped_model_path(), backend=args.backend)
    embedder = core.load_embedder()
    with tempfile.TemporaryDirectory() as tmp:
        # 1. Real import throughput on a small set.
        engine = make_engine(f"sqlite:///{Path(tmp) / 'import.db'}")
        init_db(engine)
        records = [
            record_from_fields(row, f"row {i}") for i, row in enumerate(sample_candidate_rows(args.import_n, 11))
        ]
        started = time.perf_counter()
        with Session(engine) as session, session.begin():
            import_candidates(session, records, embedder=embedder)
        import_seconds = time.perf_counter() - started
        engine.dispose()

        # 2. A large pool, bulk-inserted.
        pool_db = Path(args.pool_db) if args.pool_db else Path(tmp) / "pool.db"
        reuse = pool_db.exists()
        engine = make_engine(f"sqlite:///{pool_db}")
        init_db(engine)
        started = time.perf_counter()
        if not reuse and args.pool_kind == "imported":
            pool = [record_from_fields(row, f"row {i}") for i, row in enumerate(sample_candidate_rows(args.pool, 3))]
            with Session(engine) as session, session.begin():
                import_candidates(session, pool, embedder=embedder)
        elif not reuse:
            bulk_pool(engine, embedder, args.pool)
        bulk_seconds = time.perf_counter() - started

        # 3. Rank several jobs against the pool.
        jobs = bench_jobs(args.job_source, args.jobs)
        cache = None if args.no_cache else Path(tmp) / "embeddings.npz"
        times, pairs, last = [], [], []
        counted = CountingReranker(reranker)
        for job in jobs:
            counted.pairs = 0
            started = time.perf_counter()
            with Session(engine) as session:
                _, last = rank_stored(
                    session,
                    job,
                    embedder=embedder,
                    reranker=counted,
                    top_k=10,
                    retrieve_k=args.retrieve_k,
                    cache_path=cache,
                )
            times.append(time.perf_counter() - started)
            pairs.append(counted.pairs)
        first = times[0]
        if cache is not None and len(times) > 1:
            times = times[1:]  # the first rank built the cache
        median = statistics.median(times)
        stages = _stages(engine, jobs[-1], embedder, reranker, args.retrieve_k, cache)

        # 4. Baseline: the cross-encoder over every candidate, extrapolated from a sample.
        sample = [
            (parse_job(jobs[0]).card, candidate_card("Backend Developer", None, ["Python", "SQL", "Docker"]))
        ] * args.baseline_sample
        started = time.perf_counter()
        reranker.predict(sample, activation="sigmoid")
        per_pair = (time.perf_counter() - started) / len(sample)
        baseline = per_pair * args.pool

    print(
        f"import (parse+embed+store): {args.import_n / import_seconds:.1f} candidates/s "
        f"({args.import_n} in {import_seconds:.1f} s)"
    )
    how = "bulk insert of precomputed rows" if args.pool_kind == "jittered" else "import"
    print(f"pool of {args.pool}, {how}: " + ("reused --pool-db" if reuse else f"{bulk_seconds:.1f} s"))
    print(
        f"rank {args.pool} stored candidates ({args.pool_kind} pool, {args.job_source} jobs, "
        f"backend {reranker.backend}, retrieve_k {args.retrieve_k}, "
        f"cache {'off' if args.no_cache else 'on'}): median {median:.2f} s/job over {len(times)} jobs "
        f"(min {min(times):.2f}, max {max(times):.2f}; first job {first:.2f}); "
        f"pairs through the model per job: median {statistics.median(pairs):.0f}; "
        f"top result score {last[0].score if last else 'n/a'}"
    )
    print("stages of one rank: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in stages.items()))
    print(f"cross-encoder over every candidate (extrapolated from {args.baseline_sample} pairs): {baseline:.0f} s/job")
    print(
        f"speed-up vs full cross-encoder: {baseline / median:.0f}x; target <= 2 s: {'met' if median <= 2 else 'MISSED'}"
    )
    print(f"peak resident memory: {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
