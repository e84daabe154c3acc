"""jobmatch.sponsorship's reader: the rules' order over sentence labels, the lazy load, and the shipped reader on
sentences written for these tests (none is in the training file)."""

import json
from pathlib import Path

import pytest
from jm_helpers import no_model, one_hot_embed, one_hot_reader

import jobmatch.readers
from jobmatch.readers import readers_dir
from jobmatch.sponsorship import cue_sentences, read_sponsorship, sponsorship

LABELS = ("offers", "other", "refuses", "requires")


_one_hot_embed = one_hot_embed(LABELS)


def _reader(scale: float = 10.0):
    return one_hot_reader(LABELS, scale)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["offers a", "refuses b", "requires c"], False),  # a refusal outranks an offer
        (["requires a", "offers b", "other c"], True),  # an offer outranks a requirement
        (["other a", "requires b"], False),
        (["other a", "other b"], None),
    ],
)
def test_the_rules_order_over_sentence_labels(sentences, expected):
    assert read_sponsorship(sentences, _reader(), embed=_one_hot_embed) is expected


def test_labels_under_the_threshold_do_not_count():
    weak = _reader(scale=0.5)
    assert weak.read(["offers a"], embed=_one_hot_embed)[0][1] < weak.threshold
    assert read_sponsorship(["offers a", "refuses b"], weak, embed=_one_hot_embed) is None
    assert read_sponsorship(["offers a"], weak, embed=_one_hot_embed, threshold=0.3) is True


def test_cue_sentences_are_split_and_filtered():
    text = "Nurse\nOslo\n\n- 3 years of ICU experience\n- Norwegian citizenship. Python and SQL.\nRelocation package."
    assert cue_sentences(text) == ["Norwegian citizenship.", "Relocation package."]


def test_no_cue_sentence_never_loads_the_model(monkeypatch):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    assert sponsorship("Backend Engineer\nBerlin\n\nRequirements\n- Python\n- 4 years with Django") is None
    # The rules' answer stands without the reader, cue sentences or not.
    assert sponsorship("Backend Engineer\nBerlin\n\nWe sponsor the EU Blue Card.") is True


def test_a_slim_install_keeps_the_rules_answer(monkeypatch, tmp_path):
    monkeypatch.setattr(jobmatch.readers, "shipped_embed", no_model)
    monkeypatch.setattr("jobmatch.readers.readers_dir", lambda: tmp_path)
    assert sponsorship("Engineer\nZurich\n\nRequirements\n- Danish or Nordic citizenship") is None


def test_the_labelled_sentences_are_development_text_only():
    """The training file never holds the evaluation set's held-out postings (P13-P32) or batches after K87."""
    rows = [
        json.loads(line) for line in (readers_dir() / "sponsorship-sentences.jsonl").read_text("utf-8").splitlines()
    ]
    assert {r["label"] for r in rows} == set(LABELS)
    for row in rows:
        if row["source"] == "written":
            continue
        ident = Path(row["source"]).name.split("-")[0]
        if "/eval/" in row["source"]:
            assert "P01" <= ident <= "P12", row
        elif ident.startswith("K"):
            assert int(ident[1:]) <= 87, row
        assert row["source"].startswith(("tests/jobmatch/data/dev_postings", "shared_data/jobmatch/eval/postings/"))
    texts = {r["text"] for r in rows}
    assert not texts & {s for s, _ in _OWN}


# Sentences written for this test, none in the training file; each in a posting the wording rules leave silent.
_OWN = [
    ("Our clinic is an approved employer and will back your work visa application.", True),
    ("Engineers from outside Canada are welcome; we will look after the work permit.", True),
    ("Candidates needing a visa cannot be considered for this vacancy.", False),
    ("The company is not in a position to offer immigration support.", False),
    ("Applicants must hold Polish or other EU citizenship.", False),
    ("Danish or Nordic citizenship, or a valid Danish residence permit.", False),
    ("Relocation bonus of 3,000 GBP.", None),
    ("Must hold an active Top Secret clearance.", None),
    ("Fully remote anywhere in the EU.", None),
]


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "expected"), _OWN)
def test_the_shipped_reader_on_new_wording(sentence, expected):
    from jobmatch.sponsorship import rules_sponsorship

    posting = f"Senior Nurse\nOslo\n\nRequirements\n- 3 years of ICU experience\n- {sentence}\n"
    assert rules_sponsorship(posting) is None
    assert sponsorship(posting) is expected
