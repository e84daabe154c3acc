"""jobmatch as a library (no CLI): importing, retrieve-then-rerank ranking, and the store.

The models are deterministic fakes, so each test can say exactly which candidates the first
stage must shortlist and in which order the reranker must put them.
"""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import CrossrankError
from jobmatch import matching
from jobmatch.db import Candidate, RankingRun
from jobmatch.importing import CandidateRecord, InputError, import_candidates, read_candidates
from jobmatch.matching import MatchError, rank_profiles, rank_stored
from jobmatch.store import CandidateNotFoundError, get_candidate, remove_candidate, save_run

SKILLS = ("Python", "Java", "Excel", "Nursing")
JOB = "Senior Backend Developer\nRequirements: Python and Django. 5+ years of experience."


class KeywordEmbedder:
    """One axis per skill word: a text's vector points at the skills it names."""

    name = "keyword-embedder"

    def __init__(self):
        self.calls = 0

    def encode(self, texts, batch_size=64):
        self.calls += 1
        rows = []
        for text in texts:
            vector = np.array([text.lower().count(s.lower()) for s in SKILLS], dtype=np.float32) + 0.01
            rows.append(vector / np.linalg.norm(vector))
        return np.stack(rows) if rows else np.zeros((0, len(SKILLS)), dtype=np.float32)


class PythonReranker:
    """Scores a pair by the Python and PostgreSQL in its card; records what it saw."""

    def __init__(self):
        self.seen = []

    def predict(self, pairs, batch_size=32, activation=None):
        self.seen.append([doc for _, doc in pairs])
        return np.array([0.2 + 0.4 * doc.count("Python") + 0.2 * doc.count("PostgreSQL") for _, doc in pairs],
                        dtype=np.float32)


def _record(name: str, skills: str, *, years: float = 6, email: str | None = None) -> CandidateRecord:
    return CandidateRecord(name=name, source="test", role="Backend Developer", seniority="Senior", years=years,
                           skills=skills, email=email or f"{name.split()[0].lower()}@example.com")


POOL = [
    _record("Ann Python", "Python, Django, PostgreSQL"),
    _record("Bob Java", "Java, Spring"),
    _record("Cid Excel", "Excel, Accounting"),
    _record("Dee Python", "Python, Django"),
    _record("Eve Nurse", "Nursing"),
]


@pytest.fixture
def stored(engine):
    with Session(engine) as session, session.begin():
        result = import_candidates(session, POOL, embedder=KeywordEmbedder())
    assert (result.added, result.skipped) == (5, 0)
    return engine


# --- importing -------------------------------------------------------------------------------------
def test_import_skips_what_is_stored_and_refuses_duplicates_in_one_file(stored):
    with Session(stored) as session, session.begin():
        again = import_candidates(session, [POOL[0], _record("New Person", "Excel")], embedder=KeywordEmbedder())
    assert (again.added, again.skipped) == (1, 1)
    with Session(stored) as session, pytest.raises(InputError, match="duplicate candidate"):
        import_candidates(session, [POOL[1], POOL[1]], embedder=KeywordEmbedder())
    with Session(stored) as session:
        assert session.scalar(select(func.count(Candidate.id))) == 6


def test_read_candidates_from_csv_and_jsonl(tmp_path):
    csv_path = tmp_path / "people.csv"
    csv_path.write_text("name,skills,years\nAnn Lee,\"Python, SQL\",4\n", encoding="utf-8")
    jsonl_path = tmp_path / "people.jsonl"
    jsonl_path.write_text('{"name": "Bo Chen", "skills": ["Java"], "summary": "Backend developer"}\n', encoding="utf-8")
    [ann] = read_candidates(csv_path)
    [bo] = read_candidates(jsonl_path)
    assert (ann.name, ann.years) == ("Ann Lee", 4.0) and "Python" in ann.profile().skills
    assert bo.name == "Bo Chen" and "Java" in bo.profile().skills
    assert [r.name for r in read_candidates(tmp_path)] == ["Ann Lee", "Bo Chen"]  # a folder, sorted by file
    (tmp_path / "bad.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1: expected a JSON object"):
        read_candidates(tmp_path / "bad.jsonl")


# --- ranking ---------------------------------------------------------------------------------------
def test_rank_stored_reranks_only_the_first_stage_shortlist(stored):
    reranker = PythonReranker()
    with Session(stored) as session:
        job, matches = rank_stored(session, JOB, embedder=KeywordEmbedder(), reranker=reranker, retrieve_k=2)
    # The keyword embedder puts the two Python candidates nearest to a Python job: only they are scored.
    assert len(reranker.seen) == 1 and len(reranker.seen[0]) == 2
    assert all("Python" in card for card in reranker.seen[0])
    assert [m.name for m in matches] == ["Ann Python", "Dee Python"]  # Ann's card also names PostgreSQL
    assert [m.rank for m in matches] == [1, 2] and matches[0].score > matches[1].score
    assert matches[0].reasons["model_score"] == pytest.approx(0.8, abs=1e-4)
    assert "Python" in job.text


def test_rank_stored_scores_only_who_can_reach_the_top_and_matches_scoring_everyone(stored, monkeypatch):
    monkeypatch.setattr(matching, "RERANK_ROUND", 2)  # rounds of 2 pairs, so that a 5-row pool can stop early
    everyone_reranker, bounded_reranker = PythonReranker(), PythonReranker()
    with Session(stored) as session:
        _, everyone = rank_stored(session, JOB, embedder=KeywordEmbedder(), reranker=everyone_reranker,
                                  retrieve_k=5, top_k=None)
    with Session(stored) as session:
        _, top = rank_stored(session, JOB, embedder=KeywordEmbedder(), reranker=bounded_reranker, retrieve_k=5, top_k=1)
    assert sum(map(len, everyone_reranker.seen)) == 5
    # Only the two Python candidates can reach the top: the others miss the must-have Python (coverage <= 0.5).
    assert sum(map(len, bounded_reranker.seen)) == 2
    assert [(m.name, m.score, m.reasons) for m in top] == [(m.name, m.score, m.reasons) for m in everyone[:1]]
    assert bounded_reranker.seen[0][0].startswith("Role:")  # the documents are cards; the query is the job card


def test_rank_stored_takes_any_first_stage(stored):
    # A database's own vector index plugs in here; this one returns ids best first, one stale.
    with Session(stored) as session:
        ids = {row.name: row.id for row in session.scalars(select(Candidate))}
    asked = []

    def index(query_embeddings, top_k):
        asked.append(top_k)
        return [[ids["Eve Nurse"], 999, ids["Bob Java"]]], [[0.9, 0.8, 0.7]]

    with Session(stored) as session:
        _, matches = rank_stored(session, JOB, embedder=KeywordEmbedder(), reranker=PythonReranker(),
                                 retrieve_k=3, retriever=index)
    assert asked == [3]
    assert sorted(m.name for m in matches) == ["Bob Java", "Eve Nurse"]  # id 999 is not stored: dropped


def test_rank_stored_refuses_another_embedders_vectors_and_short_jobs(stored):
    class Wide(KeywordEmbedder):
        def encode(self, texts, batch_size=64):
            return np.ones((len(texts), 7), dtype=np.float32) / np.sqrt(7)

    with Session(stored) as session:
        with pytest.raises(MatchError, match="4 dimensions but the embedder gives 7"):
            rank_stored(session, JOB, embedder=Wide(), reranker=PythonReranker())
        with pytest.raises(MatchError, match="too short"):
            rank_stored(session, "Python", embedder=KeywordEmbedder(), reranker=PythonReranker())


def test_rank_stored_on_an_empty_pool(engine):
    embedder = KeywordEmbedder()
    with Session(engine) as session:
        _, matches = rank_stored(session, JOB, embedder=embedder, reranker=PythonReranker())
    assert matches == [] and embedder.calls == 0  # nothing stored: the job is not even embedded


def test_rank_profiles_retrieves_only_for_a_pool_larger_than_retrieve_k():
    items = [(i, r.name, r.profile()) for i, r in enumerate(POOL, 1)]
    embedder, reranker = KeywordEmbedder(), PythonReranker()
    _, everyone = rank_profiles(JOB, items, embedder=embedder, reranker=reranker, top_k=None, retrieve_k=10)
    assert embedder.calls == 0 and len(reranker.seen[-1]) == 5 and len(everyone) == 5
    _, shortlisted = rank_profiles(JOB, items, embedder=embedder, reranker=reranker, top_k=None, retrieve_k=2)
    assert embedder.calls == 2  # the pool's cards, then the job
    assert [m.name for m in shortlisted] == ["Ann Python", "Dee Python"]
    assert [m.name for m in everyone][:2] == ["Ann Python", "Dee Python"]


# --- the store -------------------------------------------------------------------------------------
def test_store_gets_removes_and_saves_runs(stored):
    with Session(stored) as session:
        job, matches = rank_stored(session, JOB, embedder=KeywordEmbedder(), reranker=PythonReranker(), retrieve_k=5)
    with Session(stored) as session, session.begin():
        first = save_run(session, job, matches, model="fake")
        second = save_run(session, job, matches[:1], model="fake")
    with Session(stored) as session:
        runs = session.scalars(select(RankingRun).order_by(RankingRun.id)).all()
        assert [r.id for r in runs] == [first, second]
        assert runs[0].job_id == runs[1].job_id  # one job row per distinct text
        assert [r.candidate_name for r in runs[0].results] == [m.name for m in matches]
        ann = matches[0].candidate_id
        assert get_candidate(session, ann).name == "Ann Python"
    with Session(stored) as session, session.begin():
        assert remove_candidate(session, ann) == "Ann Python"
    with Session(stored) as session:
        with pytest.raises(CandidateNotFoundError, match=f"no candidate #{ann}") as info:
            get_candidate(session, ann)
        assert isinstance(info.value, CrossrankError)
        kept = session.get(RankingRun, first).results
        assert kept[0].candidate_name == "Ann Python"  # saved results keep the name
