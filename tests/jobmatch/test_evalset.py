"""Integrity of the hand-judged evaluation set in shared_data/jobmatch/eval.

The set is the yardstick for issue #8, so a broken reference, a missing gold line or a blocked
candidate graded as a fit would silently corrupt every metric measured on it.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "shared_data" / "jobmatch" / "eval"
SKILLS = EVAL.parent / "skills.json"
BLOCKERS = {"sponsorship", "degree", "location", "years"}
DEGREE_RANK = {"none": 0, "associate": 1, "bachelor": 2, "master": 3, "phd": 4}
RESUME_KEYS = {"file", "kind", "degree", "years", "authorization", "location", "remote_only", "relocation"}
POSTING_KEYS = {"file", "kind", "must_have", "nice_to_have", "min_years", "degree", "sponsorship",
                "workplace", "location"}


def _docs(folder: str) -> list[Path]:
    return sorted(p for p in (EVAL / folder).iterdir() if p.is_file())


@pytest.fixture(scope="module")
def judgments() -> list[dict]:
    with open(EVAL / "judgments.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["posting", "resume", "grade", "blockers", "note"]
        return list(reader)


@pytest.fixture(scope="module")
def fields() -> dict[str, dict]:
    out = {}
    for n, line in enumerate((EVAL / "fields.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        assert rec["file"] not in out, f"fields.jsonl line {n}: duplicate {rec['file']}"
        out[rec["file"]] = rec
    return out


@pytest.fixture(scope="module")
def readme() -> str:
    return (EVAL / "README.md").read_text(encoding="utf-8")


def test_documents_named_and_typed():
    for folder, prefix in (("postings", r"P\d{2}"), ("resumes", r"R\d{3}")):
        docs = _docs(folder)
        ids = [p.name.split("-", 1)[0] for p in docs]
        assert len(ids) == len(set(ids)), f"{folder}: an ID is used twice (e.g. a .txt twin of a PDF)"
        for p in docs:
            assert re.fullmatch(prefix + r"-[a-z0-9-]+\.(txt|pdf|docx)", p.name), p.name
            data = p.read_bytes()
            if p.suffix == ".pdf":
                assert data.startswith(b"%PDF"), p.name
            elif p.suffix == ".docx":
                assert "word/document.xml" in zipfile.ZipFile(p).namelist(), p.name
            else:
                assert len(data.decode("utf-8").strip()) > 0, p.name


def test_size_and_formats():
    postings, resumes = _docs("postings"), _docs("resumes")
    assert len(postings) >= 30 and len(resumes) >= 70
    suffixes = Counter(p.suffix for p in postings + resumes)
    assert suffixes[".pdf"] >= 6 and suffixes[".docx"] >= 6


def test_every_file_has_valid_gold_fields(fields):
    on_disk = {f"{p.parent.name}/{p.name}" for p in _docs("postings") + _docs("resumes")}
    assert set(fields) == on_disk
    for name, rec in fields.items():
        if name.startswith("resumes/"):
            assert set(rec) == RESUME_KEYS and rec["kind"] == "resume", name
            assert rec["degree"] in {*DEGREE_RANK, None}, name
            assert rec["years"] is None or 0 <= rec["years"] < 60, name
            assert rec["authorization"] in {"authorized", "needs_sponsorship", None}, name
            assert rec["remote_only"] in (True, False) and rec["relocation"] in (True, False, None), name
        else:
            assert set(rec) == POSTING_KEYS and rec["kind"] == "posting", name
            assert rec["degree"] in {"bachelor", "master", "phd", None}, name
            assert rec["sponsorship"] in (True, False, None), name
            assert rec["workplace"] in {"onsite", "hybrid", "remote", None}, name
            assert rec["workplace"] != "remote" or rec["location"] is None, name
            assert rec["must_have"], f"{name}: no must-haves"
            for item in rec["must_have"] + rec["nice_to_have"]:
                alts = item if isinstance(item, list) else [item]
                assert alts and all(isinstance(s, str) and s for s in alts), name
        assert rec["location"] is None or isinstance(rec["location"], str), name


def test_non_canonical_skills_are_listed_in_readme(fields, readme):
    canonical = {s["name"] for s in json.loads(SKILLS.read_text(encoding="utf-8"))["skills"]}
    section = readme.split("## Skills not in skills.json", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([^`]+)`", section))
    used = {s for rec in fields.values() if rec["kind"] == "posting"
            for item in rec["must_have"] + rec["nice_to_have"]
            for s in (item if isinstance(item, list) else [item])}
    assert not used - canonical - listed, "skills neither canonical nor listed in README"


def test_judgments_reference_files_and_are_well_formed(judgments):
    postings = {p.name for p in _docs("postings")}
    resumes = {p.name for p in _docs("resumes")}
    pairs = [(r["posting"], r["resume"]) for r in judgments]
    assert len(pairs) == len(set(pairs)), "a pair is judged twice"
    assert len(judgments) >= 350
    for r in judgments:
        assert r["posting"] in postings and r["resume"] in resumes, r
        assert r["grade"] in {"0", "1", "2", "3"}, r
        blockers = set(filter(None, r["blockers"].split(";")))
        assert blockers <= BLOCKERS, r
        assert not blockers or int(r["grade"]) <= 1, f"blocked but graded {r['grade']}: {r}"
        assert r["note"].strip(), r


def test_every_posting_has_enough_mixed_judgments(judgments):
    grades = defaultdict(list)
    for r in judgments:
        grades[r["posting"]].append(int(r["grade"]))
    assert set(grades) == {p.name for p in _docs("postings")}, "a posting is never judged"
    for posting, g in grades.items():
        assert len(g) >= 10, posting
        assert sum(x >= 2 for x in g) >= 2, f"{posting}: fewer than two good fits"
        assert sum(x <= 1 for x in g) >= 3, f"{posting}: fewer than three weak/no fits"


def test_blockers_agree_with_gold_fields(judgments, fields):
    """Facts the gold fields make certain must show up as blockers in the judgments."""
    for r in judgments:
        p, c = fields[f"postings/{r['posting']}"], fields[f"resumes/{r['resume']}"]
        blockers = set(filter(None, r["blockers"].split(";")))
        if p["degree"] and c["degree"] and DEGREE_RANK[c["degree"]] < DEGREE_RANK[p["degree"]]:
            assert "degree" in blockers, r
        if p["workplace"] in ("onsite", "hybrid") and c["remote_only"]:
            assert "location" in blockers, r
        if p["sponsorship"] is False and c["authorization"] == "needs_sponsorship":
            assert "sponsorship" in blockers, r


def test_at_least_eight_families(readme):
    rows = re.findall(r"^\| (P\d{2}) \| ([a-z-]+) \|", readme, re.M)
    ids = {p.name.split("-", 1)[0] for p in _docs("postings")}
    assert {pid for pid, _ in rows} == ids, "README postings table out of date"
    assert len({fam for _, fam in rows}) >= 8
