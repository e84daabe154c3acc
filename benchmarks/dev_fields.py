"""Field accuracy of the parser on a development folder (postings/, resumes/, gold.jsonl).

The development sets (tests/jobmatch/data/dev_postings, dev_postings2, dev_postings3) have gold fields in the format
of shared_data/jobmatch/eval/fields.jsonl but no judgments, so `jobmatch evaluate` does not apply;
this prints the same per-field accuracy, and with -v each miss. Never point it at the held-out
part of the evaluation set while changing the parser.

    python benchmarks/dev_fields.py tests/jobmatch/data/dev_postings tests/jobmatch/data/dev_postings2 \
        tests/jobmatch/data/dev_postings3 [-v]
    python benchmarks/dev_fields.py tests/jobmatch/data/dev_postings4 --batch a=K01-K25 --batch d=K44-K55

With --batch, each batch (files whose id, the part before the first '-', is in the range) also gets its
must-have lists right and its must-have groups found (recall, precision). Run from the repository root
with PYTHONPATH=. in a worktree, so that its code is the one measured.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from jobmatch.evaluation import _groups, compare_fields, posting_fields, resume_fields
from jobmatch.importing import read_candidates
from jobmatch.parsing import parse_job


def _id_key(ident: str) -> tuple[str, int]:
    """("K", 103) for "K103": ids compare by prefix, then by number (K99 < K100)."""
    match = re.fullmatch(r"([A-Za-z]*)(\d+)", ident)
    return (match[1], int(match[2])) if match else (ident, -1)


def _in_range(file: str, span: str) -> bool:
    first, last = span.split("-")
    ident = Path(file).name.split("-")[0]
    return _id_key(first) <= _id_key(ident) <= _id_key(last)


def folder_accuracy(
    folder: Path, span: str | None = None
) -> tuple[dict[str, float], list[tuple[str, str, dict, dict]]]:
    """({field: accuracy, "all": ...}, misses) of one development folder, or of the ids in span ("K01-K25")."""
    hits: dict[str, list[bool]] = {}
    misses = []
    right = found_groups = gold_groups = 0
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        if span and not _in_range(gold["file"], span):
            continue
        path = folder / gold["file"]
        if gold["kind"] == "posting":
            found = posting_fields(parse_job(path.read_text(encoding="utf-8")))
        else:
            found = resume_fields(read_candidates(path)[0])
        if gold["kind"] == "posting":
            want, got = _groups(gold.get("must_have")), _groups(found["must_have"])
            right += len(want & got)
            gold_groups += len(want)
            found_groups += len(got)
        for field, ok in compare_fields(gold, found).items():
            hits.setdefault(field, []).append(ok)
            if not ok:
                misses.append((gold["file"], field, gold, found))
    every = [ok for v in hits.values() for ok in v]
    if not every:  # no document in this folder falls in the span
        return {}, []
    out = {k: sum(v) / len(v) for k, v in hits.items()}
    if not every:  # a --batch span with no files in this folder
        return out, misses
    out["all"] = sum(every) / len(every)
    if span and "must_have" in hits:
        out["must_have_lists_right"] = sum(hits.get("must_have", []))
        out["group_recall"] = right / gold_groups if gold_groups else 1.0
        out["group_precision"] = right / found_groups if found_groups else 1.0
    return out, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="print each miss")
    parser.add_argument(
        "--batch",
        action="append",
        default=[],
        metavar="NAME=FIRST-LAST",
        help="also report the files with ids FIRST..LAST (e.g. d=K44-K55); repeatable",
    )
    args = parser.parse_args()
    for folder in args.folders:
        accuracy, misses = folder_accuracy(folder)
        print(folder, json.dumps({k: round(v, 3) for k, v in accuracy.items()}))
        for batch in args.batch:
            name, _, span = batch.partition("=")
            part, _ = folder_accuracy(folder, span)
            if not part:
                continue
            print(f"  batch {name} ({span})", json.dumps({k: round(v, 3) for k, v in part.items()}))
        for file, field, gold, found in misses if args.verbose else []:
            print(f"  {file} {field}: gold {json.dumps(gold, ensure_ascii=False)}\n    found {found}")


if __name__ == "__main__":
    main()
