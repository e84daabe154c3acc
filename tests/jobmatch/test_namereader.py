"""The learned filter over open-vocabulary must-haves (jobmatch.namereader), through `must_haves` and `parse_job`.

Postings here are written for these tests, not taken from the development sets the reader is fitted on.
"""

import numpy as np
import pytest

from jobmatch import namereader
from jobmatch.namereader import ReaderFilter, keep_all, reader_text, shipped_filter, without_dropped
from jobmatch.parsing import parse_job
from jobmatch.postings import must_haves
from jobmatch.readers import LinearReader, readers_dir, shipped_embed, shipped_reader

POSTING = (
    "Barista\nRequirements\n"
    "- Latte art and espresso extraction\n"
    "- Happy to work Tuesdays and Thursdays until close\n"
    "- Experience with Square POS and Cin7\n"
    "- Excel"
)


def _weekday_embed(texts):
    """A stand-in embedding: one feature, whether the name (before the dash) ends in 'days'."""
    return np.array([[1.0 if t.split(" — ")[0].endswith("days") else 0.0] for t in texts], dtype=np.float32)


# Labels ("not", "skill"): a day name reads `not` with probability sigmoid(3) = 0.95, anything else sigmoid(-1) = 0.27.
_STAND_IN = LinearReader(("not", "skill"), np.array([[4.0], [0.0]]), np.array([-1.0, 0.0]))


def test_reader_text_is_the_name_then_its_clause():
    assert reader_text("Kestrel", "Kestrel is a\n recognised sponsor") == "Kestrel — Kestrel is a recognised sponsor"
    assert reader_text("Kestrel", "Kestrel is a sponsor", with_clause=False) == "Kestrel"


def test_stand_in_reader_drops_what_it_reads_as_no_skill(vocab):
    calls = []
    base = ReaderFilter(_STAND_IN, embed=_weekday_embed)

    def counting(proposals):
        calls.append(list(proposals))
        return base(proposals)

    required, _ = must_haves(POSTING, vocab, name_filter=counting)
    names = [s for group in required for s in group]
    assert "Tuesdays" not in names and "Thursdays" not in names
    assert "Cin7" in names and "Excel" in names  # an unknown tool the reader reads as a skill; a vocabulary skill
    assert len(calls) == 1  # one posting's names in one call
    assert {name for name, _ in calls[0]} >= {"Tuesdays", "Thursdays", "Cin7"}
    assert all(name not in vocab.names for name, _ in calls[0])  # vocabulary skills never reach the reader


def test_a_name_below_the_threshold_stays():
    proposals = [("Tuesdays", "work Tuesdays"), ("Cin7", "Cin7")]
    assert ReaderFilter(_STAND_IN, threshold=0.5, embed=_weekday_embed)(proposals) == {"Tuesdays"}
    assert ReaderFilter(_STAND_IN, threshold=0.99, embed=_weekday_embed)(proposals) == set()
    assert ReaderFilter(_STAND_IN, embed=_weekday_embed)([]) == set()


def test_a_name_alone_on_its_bullet_is_never_dropped():
    """The reader reads "Mondays" as no skill in a sentence, but a bullet that is the name alone is kept."""
    read = ReaderFilter(_STAND_IN, threshold=0.5, embed=_weekday_embed)
    assert read([("Mondays", "open on Mondays")]) == {"Mondays"}
    assert read([("Mondays", "Mondays")]) == set()
    assert read([("Mondays", "open on Mondays"), ("Mondays", "- Mondays.")]) == set()


def test_a_name_stays_when_any_of_its_clauses_reads_as_a_skill():
    reader = LinearReader(("not", "skill"), np.array([[4.0], [0.0]]), np.array([-1.0, 0.0]))

    def embed(texts):  # reads the clause: "office" makes a name `not`
        return np.array([[1.0 if "office" in t else 0.0] for t in texts], dtype=np.float32)

    proposals = [("Flow", "in the office on Flow days"), ("Flow", "automation with Flow")]
    assert ReaderFilter(reader, threshold=0.5, embed=embed)(proposals) == set()
    assert ReaderFilter(reader, threshold=0.5, embed=embed)(proposals[:1]) == {"Flow"}


def test_a_choice_group_keeps_its_choices_when_one_is_kept():
    groups = [("Zephyrix", "Quillbase"), ("Mondays",), ("Tuesdays", "Thursdays"), ("Excel",)]
    # "Quillbase" read as no skill stays beside "Zephyrix"; alone, or with every choice dropped, names go.
    assert without_dropped(groups, {"Quillbase", "Mondays", "Tuesdays", "Thursdays"}) == [
        ["Zephyrix", "Quillbase"],
        ["Excel"],
    ]
    assert without_dropped(groups, set()) == [list(g) for g in groups]
    # Three acronyms offered as choices are one kind of credential, kept even when each reads as no skill; two are not.
    assert without_dropped([("QXA", "QXB", "QXC-2"), ("QXD", "QXE")], {"QXA", "QXB", "QXC-2", "QXD", "QXE"}) == [
        ["QXA", "QXB", "QXC-2"]
    ]
    assert without_dropped([("Qxa", "Qxb", "Qxc")], {"Qxa", "Qxb", "Qxc"}) == []


def test_the_reader_does_not_split_an_or_choice(vocab):
    posting = "Barista\nRequirements\n- Experience with Square POS or Tilldays\n- Free on Saturdays\n"
    required, _ = must_haves(posting, vocab, name_filter=ReaderFilter(_STAND_IN, embed=_weekday_embed))
    names = [s for group in required for s in group]
    assert "Tilldays" in names and "Saturdays" not in names


def test_the_shipped_filter_is_used_by_default(monkeypatch, vocab):
    monkeypatch.setattr("jobmatch.postings.shipped_filter", lambda: ReaderFilter(_STAND_IN, embed=_weekday_embed))
    names = [s for group in parse_job(POSTING, vocab=vocab).must_have for s in group]
    assert "Tuesdays" not in names and "Cin7" in names
    rules = [s for group in must_haves(POSTING, vocab, name_filter=keep_all)[0] for s in group]
    assert "Tuesdays" in rules  # what the rules alone propose, and the filter takes out


def test_no_reader_file_keeps_the_rules_answer(monkeypatch, tmp_path, vocab):
    monkeypatch.setattr("jobmatch.readers.readers_dir", lambda: tmp_path)
    shipped_filter.cache_clear()
    try:
        assert shipped_filter() is keep_all
        assert must_haves(POSTING, vocab) == must_haves(POSTING, vocab, name_filter=keep_all)
    finally:
        shipped_filter.cache_clear()


# --- the shipped reader (all-MiniLM-L6-v2 and names.npz) ---------------------------------------------------


SHIPPED = [
    # (posting, a name the rules propose that is no skill, a tool named the same way)
    ("Barista\nRequirements\n- Latte art\n- Happy to work Tuesdays and Thursdays until close\n- Cin7 for stock",
     "Tuesdays", "Cin7"),
    ("Field Technician\nRequirements\n- Travel across Gelderland and Overijssel to client sites\n"
     "- Calibration with Fluke meters", "Gelderland", "Fluke"),
]
# A sum with its currency code is no longer proposed by the rules at all (test_openvocab.py::
# test_sums_of_money_are_no_names), so it is not the reader's to read; it must still end up dropped.
SALARY = (
    "Sales Lead\nRequirements\n- Carry a yearly target of about CAD 1.2M in new business\n"
    "- Pipeline hygiene in Pipedrive and Apollo",
    "CAD 1.2M",
    "Apollo",
)

needs_reader = pytest.mark.skipif(not (readers_dir() / "names.npz").is_file(), reason="names reader not installed")


@needs_reader
@pytest.mark.parametrize(("posting", "junk", "tool"), SHIPPED)
def test_shipped_reader_reads_weekday_place_and_salary_as_less_skill_like_than_a_tool(posting, junk, tool, vocab):
    proposals = []
    must_haves(posting, vocab, name_filter=lambda p: proposals.extend(p) or set())
    reader = shipped_reader(namereader.READER_NAME)
    texts = {name: reader_text(name, clause) for name, clause in proposals}
    assert {junk, tool} <= set(texts)  # both proposed by the rules
    probs = reader.probabilities(shipped_embed()([texts[junk], texts[tool]]))[:, reader.labels.index("not")]
    assert probs[0] > probs[1] + 0.2


@needs_reader
@pytest.mark.parametrize(("posting", "junk", "tool"), SHIPPED)
def test_shipped_filter_keeps_tools_and_vocabulary_skills(posting, junk, tool, vocab):
    groups = parse_job(posting, vocab=vocab).must_have
    rules = must_haves(posting, vocab, name_filter=keep_all)[0]
    kept = {s for group in groups for s in group}
    assert tool in kept
    assert {s for g in rules for s in g if s in vocab.names} <= kept  # vocabulary skills are never dropped


@needs_reader
@pytest.mark.parametrize(
    ("posting", "junk", "tool"),
    [
        *SHIPPED,
        SALARY,
    ],
)
def test_shipped_filter_drops_weekday_place_and_salary(posting, junk, tool, vocab):
    assert junk not in {s for group in parse_job(posting, vocab=vocab).must_have for s in group}
