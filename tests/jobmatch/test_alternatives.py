"""Lower-case names offered as the alternative of a name already read (jobmatch.alternatives, jobmatch.postings)."""

import pytest

from jobmatch.alternatives import alternative_names, list_goes_on
from jobmatch.parsing import parse_job
from jobmatch.postings import skill_groups


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        ("Unit tests written in Rust or nextest", [("Rust", "nextest")]),  # a rare lower-case tool name
        ("Streams built with Kotlin or rxjava", [("Kotlin", "rxjava")]),
        ("Reports in Excel or spreadsheets", [("Excel",)]),  # an English word is no name
        ("Scripts in Python or similar", [("Python",)]),
        ("Python or bashing through logs", [("Python",)]),  # the phrase goes on: not a name on its own
    ],
)
def test_a_rare_lower_case_word_after_or_is_the_other_choice(clause, groups, vocab):
    assert skill_groups(clause, vocab, open_vocab=True) == groups


def test_only_in_lines_read_for_names_of_all_kinds(vocab):
    # Outside a requirement section names the vocabulary does not know are not read at all.
    assert skill_groups("Unit tests written in Rust or nextest", vocab) == [("Rust",)]


def test_a_word_a_mention_covers_is_not_read_twice():
    clause = "Go or gofmt"
    assert alternative_names(clause, [("Go", 0, 2), ("gofmt", 6, 11)]) == []
    assert alternative_names(clause, [("Go", 0, 2)]) == [("gofmt", 6, 11)]


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        ("Holds the CISSP or an active CISM", [("CISSP", "CISM")]),  # an article and a word of description
        ("Jenkins or the hosted GitLab CI", [("Jenkins", "GitLab CI")]),
        ("Terraform or a comparable tool", [("Terraform",)]),  # the kind of tool, not a second one
        ("Docker or a strong grasp of Linux", [("Docker",), ("Linux",)]),  # a longer phrase between them
    ],
)
def test_an_article_and_a_word_or_two_after_or_keep_the_choice(clause, groups, vocab):
    assert skill_groups(clause, vocab) == groups


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        # The aside only repeats a choice already given: the choice stays one requirement.
        ("Backend work in Java or Kotlin (most services today are Kotlin)", [("Java", "Kotlin")]),
        # An aside naming something new keeps it.
        ("Java or Kotlin (plus Docker for local runs)", [("Java", "Kotlin"), ("Docker",)]),
    ],
)
def test_a_name_repeated_in_an_aside_is_no_requirement_of_its_own(clause, groups, vocab):
    assert skill_groups(clause, vocab) == groups


def test_a_choice_whose_name_an_aside_repeats_survives_the_posting():
    text = "Platform Engineer\nRequirements\n- Services in Java or Kotlin (most of ours are Kotlin)\n- Terraform\n"
    assert parse_job(text).must_have == (("Java", "Kotlin"), ("Terraform",))


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        ("Templates in HTML/CSS", [("HTML",), ("CSS",)]),  # companions: both are asked for
        ("Services on C#/.NET and Azure", [("C#",), (".NET",), ("Azure",)]),
        ("Dashboards in Tableau/Power BI", [("Tableau", "Power BI")]),  # rivals: either will do
        # The companion pair does not close a list of choices after it.
        ("HTML/CSS, JavaScript or TypeScript", [("HTML",), ("CSS",), ("JavaScript", "TypeScript")]),
    ],
)
def test_a_slash_between_companions_names_both(clause, groups, vocab):
    assert skill_groups(clause, vocab) == groups


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        # The list goes on after the choice: "or" joins only the two names beside it.
        ("Go, Rust or Haskell for the compiler, Docker", [("Go",), ("Rust", "Haskell"), ("Docker",)]),
        ("Terraform, Jenkins or GitLab CI, solid Linux", [("Terraform",), ("Jenkins", "GitLab CI"), ("Linux",)]),
        # The choice closes the list: all of it is one requirement, also when an "and" item follows.
        ("Go, Rust or Haskell for the compiler", [("Go", "Rust", "Haskell")]),
        ("AWS, GCP or Azure, and good Linux skills", [("AWS", "GCP", "Azure"), ("Linux",)]),
    ],
)
def test_a_choice_inside_a_longer_list_joins_only_its_neighbours(clause, groups, vocab):
    assert skill_groups(clause, vocab) == groups


@pytest.mark.parametrize(
    ("after", "goes_on"),
    [(", ", True), (" for the build, ", True), (", basic ", True), (", and strong ", False), (" plus ", False)],
)
def test_list_goes_on(after, goes_on):
    assert list_goes_on(after) is goes_on


@pytest.mark.parametrize(
    ("clause", "groups"),
    [
        # The first choice's credential word, and an aside spelling it out, stand before the "or".
        ("A QZV diploma (Qualified Zone Validator) or the Brindle Surveyor certificate",
         [("QZV", "Brindle Surveyor Certificate")]),
        ("Holds an XKT designation, or a QZV licence", [("XKT", "QZV Licence")]),
        # A credential word followed by anything but the "or" still keeps the names apart.
        ("A QZV diploma and the Brindle Surveyor certificate", [("QZV",), ("Brindle Surveyor Certificate",)]),
    ],
)
def test_a_credential_word_before_or_keeps_the_choice(clause, groups, vocab):
    assert skill_groups(clause, vocab, open_vocab=True) == groups
