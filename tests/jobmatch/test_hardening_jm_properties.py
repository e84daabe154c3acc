"""Property-based fuzzing of jobmatch input: any file, row or text is parsed or refused in one line.

Bounded and derandomized for the default run; set ``CROSSRANK_FUZZ_EXAMPLES`` to fuzz harder.
"""

from __future__ import annotations

import json
import math
import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobmatch.cli.output import _FORMULA_START, csv_safe
from jobmatch.db import natural_key
from jobmatch.importing import (
    KNOWN_COLUMNS,
    MAX_YEARS,
    InputError,
    _profile_record,
    decode_text,
    read_candidates,
    record_from_fields,
)
from jobmatch.parsing import parse_job
from jobmatch.requirements import check_requirements

_EXAMPLES = int(os.environ.get("CROSSRANK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_EXAMPLES or 60, deadline=timedelta(seconds=3), derandomize=not _EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load the skill vocabulary and role catalog once, outside the per-example deadline."""
    parse_job("Senior Python developer")
    record_from_fields({"name": "Ann", "skills": "Python"}, "warm").profile()


_PIECES = st.sampled_from([
    "Senior", " Backend Developer", "Python", ", ", "Django", "C#", "C++", "Go", "R", " 5 years ",
    "experience", "10+ yrs", "Must have", "Nice to have:", "\n", "\n\n", "- ", "• ", "Clearance: ",
    "TS/SCI", "US citizen", "visa sponsorship", "BSc", "PhD", "graduated 2019", "Class of 2031",
    "on-site in Berlin", "remote", "Name: ", "Ann Lee", "ann@example.com", "+1 555 123 4567",
    "é", "Ж", "😀", "\x00", "\t", "nan", "inf", "-5", "1e308", "=HYPERLINK(", "@", "|", "#",
])
TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=60).map("".join))
SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=6)
ROW = st.dictionaries(st.sampled_from(sorted(KNOWN_COLUMNS)), VALUE, max_size=8).map(
    lambda row: {"name": "Ann", **row} if "name" not in row else row)


@FUZZ
@given(st.binary(max_size=400))
def test_decode_text_decodes_or_refuses(data):
    try:
        text = decode_text(data, "file")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert text.strip()


@FUZZ
@given(ROW)
def test_any_row_becomes_a_record_or_one_line_error(row):
    try:
        record = record_from_fields(row, "row 1")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("row 1")
        return
    assert record.name
    if record.years is not None:
        assert math.isfinite(record.years) and 0 <= record.years <= MAX_YEARS
    profile = record.profile()
    assert isinstance(profile.card, str) and profile.card.startswith("Role: ")
    assert natural_key(record.email, record.name, record.text, profile.skills) == \
        natural_key(record.email, record.name, record.text, list(reversed(profile.skills)))


@FUZZ
@given(st.lists(ROW | VALUE, min_size=1, max_size=4), st.sampled_from([".jsonl", ".csv"]))
def test_candidate_files_parse_or_refuse(tmp_path_factory, rows, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"people{suffix}"
    if suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r, allow_nan=True) for r in rows), encoding="utf-8")
    else:
        dicts = [r for r in rows if isinstance(r, dict)] or [{"name": "x"}]
        header = sorted({k for r in dicts for k in r})
        lines = [",".join(header)] + [",".join(json.dumps(r.get(k, "")) for k in header) for r in dicts]
        path.write_text("\n".join(lines), encoding="utf-8")
    try:
        records = read_candidates(path)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for record in records:
        record.profile()


@FUZZ
@given(TEXT)
def test_resume_text_parses_or_refuses(text):
    try:
        record = _profile_record(text, "cv.txt")
    except InputError:
        return
    assert record.name and len(record.name) <= 200
    profile = record.profile()
    assert all(isinstance(s, str) and s for s in profile.skills)


@FUZZ
@given(TEXT, ROW)
def test_job_parsing_and_requirement_checks_never_fail(job_text, row):
    job = parse_job(job_text)
    assert set(job.required_skills).isdisjoint(job.nice_skills)
    try:
        profile = record_from_fields(row, "row").profile()
    except InputError:
        return
    for check in check_requirements(job.requirements, profile.facts):
        assert check.status in ("ok", "fail", "unknown")


@FUZZ
@given(TEXT)
def test_csv_safe_never_leaves_a_formula(value):
    assert not csv_safe(value).startswith(_FORMULA_START)
    assert csv_safe(value).endswith(value)
