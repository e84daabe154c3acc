"""Field accuracy of the parser on a development folder (postings/, resumes/, gold.jsonl).

The development sets (tests/jobmatch/data/dev_postings, dev_postings2, dev_postings3) have gold fields in the format
of shared_data/jobmatch/eval/fields.jsonl but no judgments, so `jobmatch evaluate` does not apply;
this prints the same per-field accuracy, and with -v each miss. Never point it at the held-out
part of the evaluation set while changing the parser.

    python benchmarks/dev_fields.py tests/jobmatch/data/dev_postings tests/jobmatch/data/dev_postings2 \
        tests/jobmatch/data/dev_postings3 [-v]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from jobmatch.evaluation import compare_fields, posting_fields, resume_fields
from jobmatch.importing import read_candidates
from jobmatch.parsing import parse_job


def folder_accuracy(folder: Path) -> tuple[dict[str, float], list[tuple[str, str, dict, dict]]]:
    """({field: accuracy, "all": ...}, misses) of one development folder."""
    hits: dict[str, list[bool]] = {}
    misses = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        path = folder / gold["file"]
        if gold["kind"] == "posting":
            found = posting_fields(parse_job(path.read_text(encoding="utf-8")))
        else:
            found = resume_fields(read_candidates(path)[0])
        for field, ok in compare_fields(gold, found).items():
            hits.setdefault(field, []).append(ok)
            if not ok:
                misses.append((gold["file"], field, gold, found))
    every = [ok for v in hits.values() for ok in v]
    out = {k: sum(v) / len(v) for k, v in hits.items()}
    out["all"] = sum(every) / len(every)
    return out, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="print each miss")
    args = parser.parse_args()
    for folder in args.folders:
        accuracy, misses = folder_accuracy(folder)
        print(folder, json.dumps({k: round(v, 3) for k, v in accuracy.items()}))
        for file, field, gold, found in misses if args.verbose else []:
            print(f"  {file} {field}: gold {json.dumps(gold, ensure_ascii=False)}\n    found {found}")


if __name__ == "__main__":
    main()
