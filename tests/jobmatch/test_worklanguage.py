"""The local language of the job's country as its working language (jobmatch.worklanguage)."""

import pytest

from jobmatch.postings import must_haves
from jobmatch.worklanguage import is_local, job_country, job_needs, language_code


@pytest.mark.parametrize(
    ("name", "code"),
    [("Dutch", "nl"), ("Kiswahili", "sw"), ("isiZulu", "zu"), ("Mandarin", "zh"), ("Tagalog", "tl"), ("Polish", "pl")],
)
def test_language_names_read_as_their_codes(name, code):
    assert language_code(name) == code


@pytest.mark.parametrize("name", ["Kubernetes", "MongoDB", "MPI", "Java", "Go", "Polars", "Python"])
def test_tool_names_are_no_languages(name):
    assert language_code(name) is None


@pytest.mark.parametrize(
    ("name", "country", "local"),
    [
        ("German", "CH", True),
        ("Swahili", "KE", True),
        ("Dutch", "BE", True),
        ("French", "CA", False),  # a minority of Canada
        ("Spanish", "US", False),
        ("Afrikaans", "ZA", False),
        ("German", None, False),
        ("Polish", "UK", False),
    ],
)
def test_a_language_is_local_where_most_people_speak_it(name, country, local):
    assert is_local(name, country) is local


def test_the_job_country_comes_from_the_office():
    assert job_country("Warehouse Lead - Gdansk\n\nWe run a depot in Gdansk.\n") == "PL"
    assert job_country("Remote, anywhere.\n") is None


@pytest.mark.parametrize(
    ("clause", "needed"),
    [
        ("Fluent Norwegian and English", False),
        ("Norwegian at B2 or higher", False),
        ("Norwegian, since you will explain results to farmers' families", True),
        ("Norwegian: our suppliers are all local", True),
        ("Norwegian (every contract we sign is drafted in Norwegian)", True),
        ("Nearly all our customers are Norwegian, so you will speak Norwegian with them", True),
        ("Norwegian (the workshop works in Norwegian)", False),
        ("Norwegian and English for customer calls", False),  # the reason follows English
        ("Norwegian; English for reports to clients", False),
    ],
)
def test_the_job_reason_for_a_language(clause, needed):
    assert job_needs("Norwegian", clause) is needed


def test_the_local_language_alone_is_no_must_have(vocab):
    text = (
        "Service Planner - Oslo\n\nRequirements\n- SAP\n- Fluent Norwegian and English\n"
        "- Swedish, since half our customers are in Sweden\n"
    )
    assert must_haves(text, vocab)[0] == [("SAP",), ("Swedish",)]


def test_the_local_language_stays_when_the_job_needs_it(vocab):
    text = "Service Planner - Oslo\n\nRequirements\n- SAP\n- Norwegian, as you will answer calls from customers\n"
    assert must_haves(text, vocab)[0] == [("SAP",), ("Norwegian",)]
