"""Posting wordings of the seventh parsing round: places, arrangements, years, degrees and requirement lines.

Every sentence here is written for the test, not copied from a development posting.
"""

import pytest

from jobmatch.places import find_place, workplace


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Staff Nurse, Band 5\nGreater Riverside Hospitals NHS Trust, Nottingham\nFull time", "Nottingham"),
        ("Junior architect wanted at a small design studio in Porto. We work on housing.", "Porto"),
        ("Receptionist for a busy dental practice in Leeds. Mornings only.", "Leeds"),
    ],
)
def test_the_employers_place(text, city):
    assert find_place(text).city == city


@pytest.mark.parametrize(
    ("text", "arrangement"),
    [
        ("You'll be in the studio most of the week, working from home on Mondays.", "hybrid"),
        ("Office-based role with the option to work remotely on Fridays.", "hybrid"),
        ("We're mostly in our Glasgow office; flexible hours.", "hybrid"),
        ("Fully remote; the team meets in person once a quarter.", "remote"),
    ],
)
def test_office_most_days_home_on_some(text, arrangement):
    assert workplace(text) == arrangement
