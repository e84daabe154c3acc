"""jobmatch.degreereader: the lowest required level over sentence labels, the rules' precedence in `job_degree`,
the lazy load, and the shipped reader on sentences written for these tests (none is in the training file)."""

import json
from pathlib import Path

import pytest
from jm_helpers import no_model, one_hot_embed, one_hot_reader

import jobmatch.readers
from jobmatch.degreereader import cue_sentences, read_degree
from jobmatch.degreerules import job_degree, rules_degree
from jobmatch.postings import requirement_text
from jobmatch.readers import readers_dir
from jobmatch.sections import sections

LABELS = ("bachelor", "master", "none", "phd")


_one_hot_embed = one_hot_embed(LABELS)


def _reader(scale: float = 10.0):
    return one_hot_reader(LABELS, scale)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["phd a", "master b", "none c"], 3),  # the lowest required level is the minimum
        (["master a", "bachelor b"], 2),
        (["phd a"], 4),
        (["none a", "none b"], None),  # `none` counts for nothing
        ([], None),
    ],
)
def test_the_lowest_required_level_over_sentence_labels(sentences, expected):
    assert read_degree(sentences, _reader(), embed=_one_hot_embed) == expected


def test_labels_under_the_threshold_do_not_count():
    weak = _reader(scale=0.5)
    assert weak.read(["master a"], embed=_one_hot_embed)[0][1] < weak.threshold
    assert read_degree(["master a", "bachelor b"], weak, embed=_one_hot_embed) is None
    assert read_degree(["master a"], weak, embed=_one_hot_embed, threshold=0.3) == 3


def test_cue_sentences_are_split_and_filtered():
    text = (
        "Analyst\nNairobi\n\n- 3 years of credit analysis\n- Tertiary qualification in finance. Python and SQL.\n"
        "- A master's degree would be an advantage\n- Degree in economics or equivalent work experience\n"
        "- Diploma in accounting or equivalent\n- Graduate in commerce (MBA preferred)"
    )
    assert cue_sentences(text) == ["Tertiary qualification in finance.", "Graduate in commerce"]


def test_a_long_enumerated_requirement_is_read_clause_by_clause():
    text = (
        "You must (a) be registered with the national council for social care workers, and hold a valid licence "
        "for the county (b) hold a graduate qualification in occupational therapy, and (c) have two years of "
        "practice in a community setting with adults."
    )
    assert cue_sentences(text) == ["hold a graduate qualification in occupational therapy, and"]


def test_a_what_is_not_needed_heading_requires_nothing(monkeypatch):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    text = "Writer\nLondon\n\nWhat's needed\n- 4 years of B2B writing\n\nWhat's not needed\n- A marketing degree\n"
    assert [line.section for line in sections(text)][-1] == "ignore"
    assert job_degree(requirement_text(text)) is None


def test_no_cue_sentence_never_loads_the_model(monkeypatch):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    assert job_degree("Backend Engineer\nBerlin\n\nRequirements\n- Python\n- 4 years with Django") is None
    # The rules' answer stands without the reader, cue sentences or not.
    assert job_degree("Requirements\n- Master's degree in statistics\n- Graduate qualification in R") == 3
    assert job_degree("Requirements\n- B.Sc. in Biology or equivalent experience") is None  # a soft cue only


def test_a_slim_install_keeps_the_rules_answer(monkeypatch, tmp_path):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    monkeypatch.setattr("jobmatch.readers.readers_dir", lambda: tmp_path)
    assert job_degree("Requirements\n- Tertiary qualification in nursing") is None


def test_the_labelled_sentences_are_development_text_only():
    """The training file never holds batch g (K88-K103) or the evaluation set's held-out postings (P13-P32)."""
    rows = [json.loads(line) for line in (readers_dir() / "degree-sentences.jsonl").read_text("utf-8").splitlines()]
    assert {r["label"] for r in rows} == set(LABELS)
    for row in rows:
        if row["source"] == "written":
            continue
        ident = Path(row["source"]).name.split("-")[0]
        if "/eval/" in row["source"]:
            assert "P01" <= ident <= "P12", row
        elif ident.startswith("K"):
            assert not 88 <= int(ident[1:]) <= 103, row
        assert row["source"].startswith(("tests/jobmatch/data/dev_postings", "shared_data/jobmatch/eval/postings/"))
    own = {case.values[0] if hasattr(case, "values") else case[0] for case in _OWN}
    assert not {r["text"] for r in rows} & own


# Sentences written for this test, none in the training file; each in a posting the wording rules leave silent.
_OWN = [
    # Read bachelor at 0.52, under the 0.6 threshold: the reader is unsure of "tertiary qualification" wordings.
    pytest.param(
        "Tertiary qualification in actuarial science or a related discipline",
        2,
        marks=pytest.mark.xfail(strict=True, reason="bachelor at 0.52, under the 0.6 threshold"),
    ),
    ("Graduate in Mechanical Engineering from a recognised institution", 2),
    ("Four-year university degree in forestry or agronomy", 2),
    ("MSW degree from an accredited programme", 3),
    ("A doctoral qualification in organic chemistry", 4),
    # (written with "(Dr.-Ing.)" before the wording rules read the German doctorates by faculty)
    ("Completed doctoral studies in materials science", 4),
    ("National Certificate in plumbing and drainlaying", None),
    ("You will teach first-year university courses in accounting", None),
    ("Our founders met at the local technical university", None),
]


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "expected"), _OWN)
def test_the_shipped_reader_on_new_wording(sentence, expected):
    posting = f"Senior Analyst\nOslo\n\nRequirements\n- 3 years of relevant experience\n- {sentence}\n"
    assert rules_degree(posting) is None
    assert job_degree(posting) == expected


@pytest.mark.parametrize(
    "posting",
    [
        # experience may stand in for the degree at a stated rate
        "Requirements\nA bachelor's degree in Chemistry or equivalency; each year of schooling can be substituted "
        "for by eighteen months of lab experience.\n",
        "Requirements\nRelevant field experience may be accepted in lieu of a BSc in Geology.\n",
        # the degree may be earned after starting
        "Requirements\nHold an MSc in Data Science, or commit to finishing one within 18 months of appointment.\n",
        "Requirements\nBachelor's degree in Social Work, or willingness to obtain it within two (2) years of hire.\n",
    ],
)
def test_degree_not_needed_at_hire_is_no_minimum(posting):
    assert rules_degree(posting) is None
    assert cue_sentences(posting) == []  # nor is the learned reader asked


def test_degree_still_required_beside_a_licence_due_later():
    posting = "Requirements\nBachelor's degree in Nursing.\nBLS certificate within six months of hire.\n"
    assert rules_degree(posting) == 2


def test_a_degree_of_no_named_level_or_a_diploma_asks_for_the_diploma():
    posting = (
        "Essential\nCompletion of a degree at an accredited university in forestry or ecology, or a three-year "
        "diploma from a technical institute in a related discipline.\n"
    )
    assert rules_degree(posting) == 1
    assert rules_degree("Essential\nYou hold a degree from an accredited university in forestry.\n") is None
