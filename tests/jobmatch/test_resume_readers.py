"""jobmatch.resumereaders: the rules' order over sentence labels, the lazy load, the rules' answer standing, and the
shipped readers on sentences written for these tests (none is in the training files)."""

import json
from pathlib import Path

import pytest
from jm_helpers import no_model, one_hot_embed, one_hot_reader

import jobmatch.readers
from jobmatch.readers import readers_dir
from jobmatch.requirements import candidate_facts
from jobmatch.resumereaders import (
    authorization_cues,
    read_authorization,
    read_relocation,
    reader_authorization,
    reader_relocation,
    relocation_cues,
)

RELOCATION = ("not_open", "open", "other")
AUTHORIZATION = ("authorized", "needs_sponsorship", "other")


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["open a", "not_open b"], False),  # a refusal to move outranks an offer to
        (["other a", "open b"], True),
        (["other a", "other b"], None),
    ],
)
def test_relocation_order_over_sentence_labels(sentences, expected):
    reader = one_hot_reader(RELOCATION)
    assert read_relocation(sentences, reader, embed=one_hot_embed(RELOCATION)) is expected


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["authorized a", "needs_sponsorship b"], "needs_sponsorship"),  # a permit tied to an employer outranks
        (["other a", "authorized b"], "authorized"),
        (["other a"], None),
    ],
)
def test_authorization_order_over_sentence_labels(sentences, expected):
    reader = one_hot_reader(AUTHORIZATION)
    assert read_authorization(sentences, reader, embed=one_hot_embed(AUTHORIZATION)) == expected


def test_labels_under_the_threshold_do_not_count():
    weak = one_hot_reader(RELOCATION, scale=0.5)
    embed = one_hot_embed(RELOCATION)
    assert weak.read(["open a"], embed=embed)[0][1] < weak.threshold
    assert read_relocation(["open a"], weak, embed=embed) is None
    assert read_relocation(["open a"], weak, embed=embed, threshold=0.3) is True


def test_cue_sentences_are_split_and_filtered():
    text = (
        "Ana Ruiz\nValencia\n\nProject engineer with PLC experience.\nDispuesta a trasladarme a Bilbao.\n"
        "Nacionalidad: española. Inglés C1."
    )
    assert relocation_cues(text) == ["Dispuesta a trasladarme a Bilbao."]
    assert authorization_cues(text) == ["Nacionalidad: española."]


def test_cues_in_the_nordic_languages_and_german():
    assert relocation_cues("Kan tenke meg å flytte til Tromsø.") == ["Kan tenke meg å flytte til Tromsø."]
    assert relocation_cues("Umzugsbereitschaft: ja") == ["Umzugsbereitschaft: ja"]
    assert authorization_cues("Suomen kansalaisuus") == ["Suomen kansalaisuus"]
    assert authorization_cues("Python, SQL and Tableau") == []


def test_a_sentence_about_the_way_of_working_is_no_relocation_cue_unless_it_names_a_move():
    assert relocation_cues("Happy with hybrid work anywhere in Leinster, based in Naas.") == [
        "Happy with hybrid work anywhere in Leinster, based in Naas."
    ]  # "anywhere" is a move's scope
    assert relocation_cues("Open to on-site or remote contracts across Scotland.") == []
    assert relocation_cues("Offen für hybride Stellen, Standort München.") == []
    assert relocation_cues("Open to remote roles, or to relocating to Lisbon.") == [
        "Open to remote roles, or to relocating to Lisbon."
    ]


def test_no_cue_sentence_never_loads_the_model(monkeypatch):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    text = "Dev Patel\nLeeds\n\nPayroll officer, 2019-2024: monthly payroll for 800 staff."
    assert reader_relocation(text) is None
    assert reader_authorization(text) is None


def test_the_rules_answer_stands_without_the_reader(monkeypatch):
    """Where the rules read a résumé, the reader is never asked (the embedder is never loaded)."""
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    facts = candidate_facts("Mia Berg\nPerth\n\nWilling to relocate to Darwin.\nAustralian citizen.", {})
    assert facts.relocate is True
    assert facts.authorized == ("AU",)
    assert facts.needs_sponsorship is None


def test_a_slim_install_keeps_the_rules_silence(monkeypatch, tmp_path):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    monkeypatch.setattr("jobmatch.readers.readers_dir", lambda: tmp_path)
    facts = candidate_facts("Mia Berg\nPerth\n\nMobility: anywhere on the east coast.\nStatsborgerskap: norsk", {})
    assert facts.relocate is None
    assert facts.authorized is None and facts.needs_sponsorship is None


def _rows(name: str) -> list[dict]:
    path = readers_dir() / f"{name}-sentences.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(("name", "labels"), [("relocation", RELOCATION), ("authorization", AUTHORIZATION)])
def test_the_labelled_sentences_are_development_text_only(name, labels):
    """The training files hold only résumés of batches r, q, s and t (KR01-KR42, KR51-KR98) and written sentences."""
    rows = _rows(name)
    assert {r["label"] for r in rows} == set(labels)
    for row in rows:
        if row["source"] == "written":
            continue
        assert row["source"].startswith("tests/jobmatch/data/dev_postings4/resumes/KR"), row
        number = int(Path(row["source"]).name.split("-")[0][2:])
        assert 1 <= number <= 42 or 51 <= number <= 98, row
    texts = {r["text"] for r in rows}
    own = [case.values if hasattr(case, "values") else case for case in _OWN_RELOCATION + _OWN_AUTHORIZATION]
    assert not texts & {sentence for sentence, _ in own}


# Sentences written for these tests, none in the training files; each in a résumé the rules leave silent.
_OWN_RELOCATION = [
    ("Would gladly move to Vancouver or Calgary for the right team.", True),
    ("Our family is rooted in Geelong and I am not planning any move.", False),
    # The shipped MiniLM is an English embedder: a Dutch or Spanish sentence is placed by its names and cognates
    # more than by its negation, so the reader misreads these (a known limit; see benchmarks/fit_resume_readers.py).
    pytest.param(
        "Klaar om naar Antwerpen te verhuizen voor een vaste baan.",
        True,
        marks=pytest.mark.xfail(reason="English embedder on Dutch", strict=True),
    ),
    pytest.param(
        "Mi familia vive aquí, así que no me mudaría a otra ciudad.",
        False,
        marks=pytest.mark.xfail(reason="English embedder on a Spanish negation", strict=True),
    ),
    ("Moved from accounts payable into payroll in 2020.", None),
]
_OWN_AUTHORIZATION = [
    ("Ciudadana mexicana.", "authorized"),
    ("Staatsbürgerschaft: Schweiz", "authorized"),
    ("My visa ends in May, after which I will need a company to sponsor a new one.", "needs_sponsorship"),
    ("Processed visa paperwork for overseas nurses.", None),
]


def _resume(sentence: str) -> str:
    return f"Sam Okafor\nPayroll Officer\n\nExperience\nPayroll Officer, 2019-2024\n- {sentence}\n"


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "expected"), _OWN_RELOCATION)
def test_the_shipped_relocation_reader_on_new_wording(sentence, expected):
    from jobmatch.arrangement import relocation

    assert relocation(_resume(sentence)) is None
    assert candidate_facts(_resume(sentence), {}).relocate is expected


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "expected"), _OWN_AUTHORIZATION)
def test_the_shipped_authorization_reader_on_new_wording(sentence, expected):
    from jobmatch.workrights import authorization

    assert authorization(_resume(sentence)) == (None, None)
    assert reader_authorization(_resume(sentence)) == expected


def test_a_prose_line_cut_before_a_capitalised_word_is_one_cue():
    text = (
        "Weitere Angaben\n"
        "Ich bin zeitlich flexibel und suche eine Stelle im Einkauf. Ein Umzug in die Region\n"
        "Stuttgart ist für mich vorstellbar.\n"
        "Mannheim | +49 621 555 0101 | someone@example.de\n"
    )
    assert "Ein Umzug in die Region Stuttgart ist für mich vorstellbar." in relocation_cues(text)
    # a line as long as the one before is a line of its own
    listing = (
        "Buyer, a mid-sized mechanical engineering supplier in Baden-Wuerttemberg\n"
        "Moved all call-offs for castings and forgings to EDI and cut the open order book by a third.\n"
    )
    assert relocation_cues(listing) == [listing.splitlines()[1]]


def test_a_licence_to_practise_is_no_authorization_cue():
    assert authorization_cues("Authorised dental hygienist since 2015.") == []
    assert authorization_cues("Authorisation as a radiographer (state board), 2012.") == []
    assert authorization_cues("Authorized signatory for the branch accounts.") == []
    assert authorization_cues("Authorized to work in Ireland.") == ["Authorized to work in Ireland."]
    assert authorization_cues("Work authorization: Canada") == ["Work authorization: Canada"]


def test_a_passports_details_are_no_authorization_cue():
    assert authorization_cues("Passport : Available") == []
    assert authorization_cues("Passport No.: P7730215") == []
    assert authorization_cues("Passport details: valid until 2032") == []
    assert authorization_cues("Passport: Irish") == ["Passport: Irish"]
    assert authorization_cues("I hold a Canadian passport.") == ["I hold a Canadian passport."]


def test_a_past_stay_on_a_visa_is_no_authorization_cue():
    assert authorization_cues("Lived in Toronto on a working holiday visa (2016-2017).") == []
    assert authorization_cues("- Worked there on a two-year seasonal permit") == []
    assert authorization_cues("Holding a valid work visa until 2028.") == ["Holding a valid work visa until 2028."]


def test_a_hyphenated_based_is_no_relocation_cue():
    assert relocation_cues("Ran cloud-based payroll and a needs-based grant scheme.") == []
    assert relocation_cues("Based in Galway and happy to stay.") == ["Based in Galway and happy to stay."]
