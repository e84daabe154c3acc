"""The combined score: must-have coverage first, the model's fit within it, blocked candidates apart."""

import itertools

import pytest

from jobmatch.matching import score_profiles
from jobmatch.parsing import parse_candidate, parse_job
from jobmatch.scoring import SPARSE_SCORE_CAP, combine, coverage


def test_coverage_counts_alternatives_once():
    groups = [("Python",), ("SQL",), ("Snowflake", "BigQuery")]
    assert coverage(groups, {"Python", "SQL", "BigQuery"}) == (1.0, [])
    assert coverage(groups, {"Python"}) == (pytest.approx(1 / 3), ["SQL", "Snowflake or BigQuery"])
    assert coverage([], {"Python"}) == (1.0, [])


def test_missing_most_must_haves_never_outranks_having_them():
    grid = [0.0, 0.3, 0.7, 1.0]
    levels = [1.0, 0.9, 0.85]  # same level, or one level over or under
    worst_full = min(
        combine(coverage=1.0, nice=n, model=m, seniority=s).score for n, m, s in itertools.product(grid, grid, levels)
    )
    best_partial = max(
        combine(coverage=0.49, nice=n, model=m, seniority=s).score for n, m, s in itertools.product(grid, repeat=3)
    )
    assert best_partial < worst_full


def test_model_orders_equal_coverage_and_sparse_is_capped():
    assert (
        combine(coverage=1, nice=0, model=0.9, seniority=1).score
        > combine(coverage=1, nice=0, model=0.2, seniority=1).score
    )
    assert combine(coverage=1, nice=1, model=1, seniority=1, sparse=True).score == SPARSE_SCORE_CAP
    # A fresher with the whole stack for a lead role (factor 0.2) is a weak fit.
    assert combine(coverage=1, nice=1, model=1, seniority=0.2).score == pytest.approx(0.2)


class ConstantScorer:
    """A reranker that likes everyone equally much, except those it is told to prefer."""

    def __init__(self, preferred=()):
        self.preferred = set(preferred)

    def predict(self, pairs, batch_size=32, activation=None):
        return [0.99 if card in self.preferred else 0.5 for _, card in pairs]


def test_blocked_candidates_follow_everyone_else_with_their_reasons():
    job = parse_job("Data Engineer\nRequirements:\n- Python, SQL, Airflow\n- We cannot sponsor visas; US only.\n")
    full = parse_candidate("Data Engineer. Python, SQL, Airflow. US citizen.")
    visa = parse_candidate("Data Engineer. Python, SQL, Airflow. Will require H-1B sponsorship.")
    thin = parse_candidate("Marketing Manager. Python and Excel. US citizen.")
    items = [("visa", "Visa", visa), ("thin", "Thin", thin), ("full", "Full", full)]
    # The model prefers the thin profile: coverage still puts the full one first.
    matches = score_profiles(job, items, reranker=ConstantScorer({thin.card}))
    assert [m.candidate_id for m in matches] == ["full", "thin", "visa"]
    assert [m.blocked for m in matches] == [False, False, True]
    assert matches[2].reasons["blockers"] == [
        "work authorization: needs authorization to work in US; no visa sponsorship"
    ]
    assert matches[1].reasons["missing_required"] == ["SQL", "Airflow"]
    legacy = score_profiles(job, items, reranker=ConstantScorer({thin.card}), scorer="legacy")
    assert [m.candidate_id for m in legacy] == ["thin", "full", "visa"]


def test_a_must_have_outside_the_vocabulary_counts_when_the_resume_names_it():
    job = parse_job(
        "Android Developer\nRequirements:\n- Kotlin\n- Dependency injection with Dagger or Hilt\n- Perforce\n"
    )
    assert job.must_have == (("Kotlin",), ("Dagger", "Hilt"), ("Perforce",))
    assert job.open_names == ("Dagger", "Hilt", "Perforce")
    named = parse_candidate("Android Developer. Kotlin, Hilt, Retrofit; versioned in perforce.")
    silent = parse_candidate("Android Developer. Kotlin, Retrofit.")
    by_id = {m.candidate_id: m for m in score_profiles(job, [("s", "S", silent), ("n", "N", named)],
                                                        reranker=ConstantScorer())}  # fmt: skip
    assert by_id["n"].reasons["missing_required"] == []
    assert by_id["n"].reasons["matched_skills"] == ["Kotlin", "Hilt", "Perforce"]
    assert by_id["s"].reasons["missing_required"] == ["Dagger or Hilt", "Perforce"]
    assert by_id["n"].rank == 1 and by_id["n"].reasons["must_have_coverage"] == 1.0
