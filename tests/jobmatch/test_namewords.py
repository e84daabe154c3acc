"""Whether one word is written as a name (jobmatch.namewords)."""

import pytest

from jobmatch.namewords import not_a_name


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("API", True),  # listed in capitals
        ("Api", True),  # another case of a listed acronym
        ("Years", True),  # listed as written
        ("Monday", True),
        ("Perforce", False),
        ("Mockito", False),
    ],
)
def test_not_a_name(word, expected):
    assert not_a_name(word) is expected
