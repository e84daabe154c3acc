"""The requirements card: what the parser read, written out, checked, corrected and read back."""

import json
from pathlib import Path

import pytest

from core.errors import CrossrankError
from core.paths import shared_data_dir
from jobmatch.documents import InputError
from jobmatch.jobcard import CARD_FIELDS, apply_card, card_changes, read_card, requirements_of, with_requirements
from jobmatch.matching import explain, order_matches
from jobmatch.parsing import Seniority, parse_candidate, parse_job
from jobmatch.resumes import DEGREE_LEVELS

JOB = (shared_data_dir() / "samples" / "job.txt").read_text(encoding="utf-8")
DEV = Path(__file__).parent / "data" / "dev_postings" / "postings"


@pytest.fixture(scope="module")
def job():
    """The sample posting: Python, Django or FastAPI, ...; 5+ years; no sponsorship; hybrid in Austin."""
    return parse_job(JOB)


def person(skills, *, text="", **facts):
    return parse_candidate(text, role="Backend Developer", seniority="Senior", years=8, skills=skills, facts=facts)


def test_card_states_every_field_in_the_evaluation_forms(job):
    card = requirements_of(job)
    assert tuple(card) == CARD_FIELDS
    assert card["must_have"][:2] == ["Python", ["Django", "FastAPI"]]  # "X or Y" stays one group
    assert card["nice_to_have"] == ["Kubernetes", "AWS", "Terraform"]
    assert (card["min_years"], card["sponsorship"], card["workplace"], card["location"]) == (5.0, False, "hybrid",
                                                                                              "Austin")
    assert card["seniority"] == "Senior" and card["degree"] is None and card["work_authorization"] == "US"
    assert json.loads(json.dumps(card)) == card  # plain JSON, nothing lost


def test_card_written_and_read_back_unchanged_is_the_same_job(job):
    postings = [JOB] + [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))[:8]]
    for text in postings:
        parsed = parse_job(text)
        card = json.loads(json.dumps(requirements_of(parsed)))
        assert card_changes(parsed, card) == {}
        assert with_requirements(parsed, card) == parsed


def test_apply_card_corrects_as_with_requirements_and_records_what_it_replaced(job, tmp_path, monkeypatch):
    card = {"must_have": ["Python", "Go"], "sponsorship": True, "title": job.title}
    monkeypatch.chdir(tmp_path)
    corrected, record = apply_card(job, card, path="card.json")
    assert corrected == with_requirements(job, card)
    was = requirements_of(job)
    assert record == {"path": str(tmp_path / "card.json"), "edited": ["must_have", "sponsorship"],
                      "parsed": {"must_have": was["must_have"], "sponsorship": False}}
    assert apply_card(job, {}, path="card.json") == (job, {"path": str(tmp_path / "card.json"), "edited": [],
                                                           "parsed": {}})


def test_a_partial_card_keeps_the_rest_as_parsed(job):
    edited = with_requirements(job, {"must_have": ["Python", "Go"]})
    assert edited.must_have == (("Python",), ("Go",))
    assert edited.required_skills == ("Python", "Go")
    assert edited.requirements == job.requirements and edited.nice_skills == job.nice_skills
    assert "Must have: Python, Go." in edited.card  # the reranker reads the corrected list
    assert "Must have: Python, Go." not in job.card


def test_names_the_vocabulary_knows_are_normalised_others_kept_open(job):
    card = {"must_have": ["postgres", ["k8s", "Camunda"]], "nice_to_have": ["  Zephyr   Scale"]}
    edited = with_requirements(job, card)
    assert edited.must_have == (("PostgreSQL",), ("Kubernetes", "Camunda"))
    assert edited.nice_skills == ("Zephyr Scale",)
    assert edited.open_names == ("Camunda", "Zephyr Scale")
    named = person("Python", text="Modelled order workflows in Camunda; test cases in Zephyr Scale.")
    reasons = explain(edited, named)
    assert reasons["missing_required"] == ["PostgreSQL"]  # the open name in the résumé's text meets its group
    assert reasons["missing_nice_to_have"] == []


def test_an_added_must_have_moves_the_candidate_who_lacks_it_down(job):
    stack = "Python, Django, PostgreSQL, REST APIs, Docker"
    ada, bo = person(stack + ", Kafka"), person(stack)
    items = [(1, "Ada", ada), (2, "Bo", bo)]
    before = order_matches(job, items, [0.5, 0.8])
    assert [m.name for m in before] == ["Bo", "Ada"]
    card = requirements_of(job) | {"must_have": requirements_of(job)["must_have"] + ["Kafka"]}
    after = order_matches(with_requirements(job, card), items, [0.5, 0.8])
    assert [m.name for m in after] == ["Ada", "Bo"]
    assert after[1].reasons["missing_required"] == ["Kafka"] and after[0].reasons["missing_required"] == []


def test_a_must_have_moved_to_nice_to_have_stops_counting_as_missing(job):
    card = requirements_of(job)
    card["must_have"].remove("Docker")
    card["nice_to_have"].append("Docker")
    edited = with_requirements(job, card)
    no_docker = person("Python, Django, PostgreSQL, REST APIs")
    assert explain(job, no_docker)["missing_required"] == ["Docker"]
    reasons = explain(edited, no_docker)
    assert reasons["missing_required"] == [] and "Docker" in reasons["missing_nice_to_have"]
    assert order_matches(edited, [(1, "A", no_docker)], [0.5])[0].reasons["must_have_coverage"] == 1.0


def test_sponsorship_offered_unblocks_candidates_who_need_it(job):
    visa = person("Python", work_authorization="needs sponsorship")
    assert any(b.startswith("work authorization") for b in explain(job, visa)["blockers"])
    edited = with_requirements(job, {"sponsorship": True})
    assert edited.requirements.work_authorization is None  # the condition came with "no sponsorship"
    assert explain(edited, visa)["blockers"] == []
    stated = with_requirements(job, {"sponsorship": True, "work_authorization": "United Kingdom"})
    assert stated.requirements.work_authorization == "UK"  # a condition the card states stays


def test_sponsorship_withdrawn_blocks_them():
    job = parse_job("Backend Engineer\n\nRequirements: Python, Django. Fully remote role.")
    visa = person("Python", work_authorization="needs sponsorship")
    assert explain(job, visa)["blockers"] == []
    assert len(explain(with_requirements(job, {"sponsorship": False}), visa)["blockers"]) == 1


def test_an_office_city_edit_changes_who_is_blocked(job):
    austin = person("Python", text="Not willing to relocate.", location="Austin")
    denver = person("Python", text="Not willing to relocate.", location="Denver")
    assert explain(job, austin)["blockers"] == [] and explain(job, denver)["blockers"]
    moved = with_requirements(job, {"location": "Denver, CO"})
    assert (moved.requirements.location, moved.requirements.region, moved.requirements.onsite_location) == (
        "Denver", "CO", "Denver")
    assert explain(moved, denver)["blockers"] == [] and explain(moved, austin)["blockers"]
    remote = with_requirements(job, {"workplace": "remote"})
    assert remote.requirements.onsite_location is None and explain(remote, denver)["blockers"] == []


def test_other_hard_requirements_and_level_are_edited(job):
    edited = with_requirements(job, {"degree": "master", "min_years": 3, "clearance": "Secret", "citizenship": "us",
                                     "graduation_years": [2025, 2024], "seniority": "mid-level", "title": "Backend"})
    req = edited.requirements
    assert (req.degree_level, req.min_years, edited.min_years) == (3, 3.0, 3.0)
    assert (req.clearance, req.citizenship, req.graduation_years) == ("Secret", "US", (2024, 2025))
    assert edited.seniority is Seniority.MID and edited.card.startswith("Role: Backend (Mid-level).")
    card = {"degree": None, "min_years": None, "seniority": None, "graduation_years": 2026}
    cleared = with_requirements(edited, card)
    assert (cleared.requirements.degree_level, cleared.min_years, cleared.seniority) == (None, None, None)
    assert cleared.requirements.graduation_years == (2026, 2026)


def test_a_card_degree_is_any_resume_degree_level_but_none(job):
    # One degree table (resumes.DEGREE_LEVELS): a job may ask for every level a résumé can state except "none".
    for name, level in DEGREE_LEVELS.items():
        if name == "none":
            with pytest.raises(InputError, match='degree must be one of .* not "none"'):
                with_requirements(job, {"degree": name})
        else:
            edited = with_requirements(job, {"degree": name})
            assert edited.requirements.degree_level == level and requirements_of(edited)["degree"] == name


@pytest.mark.parametrize(
    ("card", "needle"),
    [
        (["Python"], "must be a JSON object"),
        ({"must_haves": ["Python"]}, "unknown requirements card field 'must_haves'; allowed: title, seniority"),
        ({"degree": "phd2"}, 'degree must be one of "associate", "bachelor", "master", "phd" or null, not "phd2"'),
        ({"min_years": "x"}, 'min_years must be a number of years from 0 to 70 or null, not "x"'),
        ({"min_years": True}, "min_years must be a number"),
        ({"min_years": -1}, "min_years must be a number"),
        ({"must_have": "Python, Go"}, "must_have must be a list"),
        ({"must_have": ["Python", ""]}, "must_have[1] is empty"),
        ({"must_have": [[]]}, "must_have[0] is an empty list"),
        ({"must_have": [["Go", " "]]}, "must_have[0][1] is empty"),
        ({"must_have": [["Go", ["Rust"]]]}, "must_have[0][1] must be a skill name (text), not a list"),
        ({"must_have": [3]}, "must_have[0] must be a skill name (text), not a number"),
        ({"nice_to_have": [None]}, "nice_to_have[0] must be a skill name"),
        ({"sponsorship": "yes"}, 'sponsorship must be true, false or null, not "yes"'),
        ({"workplace": "office"}, "workplace must be one of 'onsite', 'hybrid', 'remote' or null"),
        ({"seniority": "guru"}, 'seniority must be one of "Intern/Fresher"'),
        ({"graduation_years": [2024, 2025, 2026]}, "graduation_years must be [first, last] years"),
        ({"location": ""}, "location must be non-empty text or null"),
        ({"title": 7}, "title must be non-empty text or null, not a number"),
    ],
)
def test_bad_cards_are_refused_with_the_field_and_the_fix(job, card, needle):
    with pytest.raises(InputError) as caught:
        with_requirements(job, card)
    assert needle in str(caught.value)
    assert isinstance(caught.value, CrossrankError)  # the CLIs' one error mapping shows it as one line


def test_read_card_gives_the_object(tmp_path):
    good = tmp_path / "card.json"
    good.write_text('{"must_have": ["Python"]}', encoding="utf-8")
    assert read_card(good) == {"must_have": ["Python"]}


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "cannot read"),  # the messages of jobmatch.documents.read_text, as for a job or résumé file
        (b"", "card.json is empty"),
        (b"\x00\x01binary\x00" * 20, "card.json looks like a binary file, not text"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "card.json is not UTF-8 or Windows-1252 text; re-save it as UTF-8"),
        (b'{"must_have": [', "is not JSON: Expecting value (line 1)"),
        (b"[1, 2]", "must be a JSON object of fields, not a list"),
    ],
)
def test_read_card_file_problems(tmp_path, content, needle):
    path = tmp_path / "card.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_card(path)
    assert needle in str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


CARD_TEXT = '{"location": "Zürich"}'


@pytest.mark.parametrize(
    "content",
    [CARD_TEXT.encode("cp1252"), ("\ufeff" + CARD_TEXT).encode(), CARD_TEXT.encode("utf-16")],
    ids=["windows-1252", "utf-8-bom", "utf-16"],
)
def test_read_card_reads_text_as_documents_do(tmp_path, content):
    path = tmp_path / "card.json"
    path.write_bytes(content)
    assert read_card(path) == {"location": "Zürich"}


def test_rank_profiles_takes_the_corrected_job(job):
    from jobmatch.matching import rank_profiles

    class Flat:  # every pair the same model score: the order is coverage's
        def predict(self, pairs, **_):
            return [0.5] * len(pairs)

    items = [(1, "Ada", person("Python, Kafka")), (2, "Bo", person("Python, Go"))]
    corrected, matches = rank_profiles(with_requirements(job, {"must_have": ["Go"]}), items, embedder=None,
                                       reranker=Flat())
    assert corrected.must_have == (("Go",),) and [m.name for m in matches] == ["Bo", "Ada"]
    _, matches = rank_profiles(with_requirements(job, {"must_have": ["Kafka"]}), items, embedder=None, reranker=Flat())
    assert [m.name for m in matches] == ["Ada", "Bo"]
