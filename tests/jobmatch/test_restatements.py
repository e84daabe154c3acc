"""A requirement written twice, spelled out and as its short form in brackets, counts once (jobmatch.restatements)."""

import pytest

from jobmatch.postings import skill_groups
from jobmatch.restatements import spells_initials


@pytest.mark.parametrize(
    ("long_name", "short", "expected"),
    [
        ("Good Clinical Practice", "GCP", True),
        ("Board of Zorbix Examiners", "BZE", True),  # small words left out
        ("Board of Zorbix Examiners", "BOZE", True),  # or kept
        ("Standard Operating Procedures", "SOPs", True),  # a plural short form
        ("Kubernetes", "K", False),  # one word has no initials to spell
        ("Good Clinical Practice", "GMP", False),
        ("Good Clinical Practice", "Gcp", False),  # not written as an acronym
    ],
)
def test_spells_initials(long_name, short, expected):
    assert spells_initials(long_name, short) is expected


def test_an_acronym_in_brackets_after_its_long_name_is_one_requirement(vocab):
    # The vocabulary reads "GCP" on its own as Google Cloud; here it only abbreviates the practice before it.
    assert skill_groups("Good Clinical Practice (GCP) training within the last two years", vocab) == [
        ("Good Clinical Practice",)
    ]


def test_a_bracket_naming_something_else_stays_a_requirement(vocab):
    assert ("Kubernetes",) in skill_groups("Container platforms (Kubernetes) and Terraform", vocab)
    assert skill_groups("Vue.js (Vue 3) and TypeScript", vocab) == [("Vue.js",), ("TypeScript",)]


def test_the_parts_of_a_course_listed_after_it_come_with_it(vocab):
    line = "Tallowmere Rescue Training (Working at Heights, First Aid, Fire Awareness) and Excel"
    assert skill_groups(line, vocab, open_vocab=True) == [("Tallowmere Rescue Training",), ("Excel",)]
    # A skill followed by a list in brackets is not a course: the bracket names more requirements.
    assert skill_groups("Python training (Django, Flask)", vocab) == [("Python",), ("Django",), ("Flask",)]


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        # A name alone in brackets between a name and its "or": another name for the first, not a third choice.
        ("Confident in Quillbase Events (Delphi) or Zephyrix Catering", [("Quillbase Events", "Zephyrix Catering")]),
        # Without the "or" after it, a bracketed name is read as before: a name of its own.
        ("Confident in Quillbase Events (Delphi) and Excel", [("Quillbase Events",), ("Delphi",), ("Excel",)]),
    ],
)
def test_a_name_in_brackets_before_or_names_the_first_choice_again(clause, groups, vocab):
    assert skill_groups(clause, vocab, open_vocab=True) == groups
