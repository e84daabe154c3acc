import pytest

from core.paths import shared_data_dir
from jobmatch.datagen import Generator
from jobmatch.parsing import Seniority, load_roles
from jobmatch.rubric import coverage, rubric_label, seniority_factor


def test_perfect_match_is_one():
    assert rubric_label(["Python", "SQL"], ["AWS"], ["Python", "SQL", "AWS"], 1.0, 3, 3).label == 1.0


def test_same_stack_fresher_for_lead_role_is_low():
    # The seed card's senior full-stack lead vs a fresher with the same stack: 0.2.
    assert rubric_label(["React", "Node.js"], [], ["React", "Node.js"], 1.0, 4, 0).label == pytest.approx(0.2)


def test_unrelated_family_without_skills_is_near_zero():
    assert rubric_label(["Verilog", "VHDL"], [], ["Java", "Spring Boot"], 0.0, 0, 0).label <= 0.1


def test_components_are_monotonic():
    low = rubric_label(["A", "B", "C", "D"], [], ["A", "X"], 1.0, 2, 2).label
    high = rubric_label(["A", "B", "C", "D"], [], ["A", "B", "C", "X"], 1.0, 2, 2).label
    assert high > low
    assert seniority_factor(3, 3) == 1.0 > seniority_factor(3, 2) > seniority_factor(3, 1)
    assert seniority_factor(1, 2) > seniority_factor(1, 4)
    assert seniority_factor(None, 2) == 1.0
    assert coverage([], ["A"]) == 1.0


def test_sparse_profile_is_capped():
    assert rubric_label(["Excel"], [], ["Excel"], 1.0, 1, 1).label <= 0.1


def test_generator_is_varied_and_labels_in_range():
    roles = load_roles()
    seen = [f for f in roles.families if f not in roles.unseen_families]
    pairs = Generator(1).pairs(20, seen, seen)
    assert len({p.sentence_0 for p in pairs}) == 20
    assert all(0.0 <= p.label <= 1.0 for p in pairs)
    assert all(p.sentence_1.startswith("Role: ") and ". Skills: " in p.sentence_1 for p in pairs)
    assert max(p.label for p in pairs) >= 0.8 and min(p.label for p in pairs) <= 0.1
    assert len({p.label for p in pairs}) >= 6


def test_generator_is_deterministic():
    roles = load_roles()
    fams = list(roles.families)[:3]
    assert Generator(5).pairs(3, fams, fams) == Generator(5).pairs(3, fams, fams)


def test_unseen_families_stay_out_of_shipped_training_data():
    import core

    roles = load_roles()
    train = core.load_pairs(shared_data_dir() / "jobmatch" / "train.jsonl")
    titles = {t.lower() for f in roles.unseen_families for t in roles.families[f]["roles"]}
    assert not any(any(t in p.sentence_0.lower() for t in titles) for p in train)
    assert Seniority.INTERN.label == "Intern/Fresher"


def test_an_accepted_alternative_counts_as_the_must_have():
    plain = rubric_label(["Django", "Python"], [], ["FastAPI", "Python"], 1.0, 2, 2).label
    either = rubric_label(
        ["Django", "Python"], [], ["FastAPI", "Python"], 1.0, 2, 2, alternatives={"Django": "FastAPI"}
    )
    assert either.label == 1.0 > plain
    assert coverage(["A", "B"], ["C"], {"A": "C"}) == 0.5


def test_generator_writes_long_form_postings_with_sections():
    roles = load_roles()
    seen = [f for f in roles.families if f not in roles.unseen_families]
    gen = Generator(3)
    texts = [gen.job(family)[1] for family in seen * 3]
    long = [t for t in texts if "\n\n" in t]
    assert len(long) >= len(texts) // 4
    assert all(len(t.split("\n\n")) >= 4 for t in long)


def test_candidates_span_full_partial_and_no_coverage():
    roles = load_roles()
    seen = [f for f in roles.families if f not in roles.unseen_families]
    gen = Generator(4)
    spec, _ = gen.job("backend")
    labels = [gen.label(spec, cand) for cand in gen.candidates_for(spec, seen)]
    families = {cand.family for cand in gen.candidates_for(spec, seen)}
    assert max(labels) >= 0.9 and min(labels) <= 0.15
    assert len(set(labels)) >= 5 and len(families) >= 3
