"""How often two annotators agree on a folder's fields: the ceiling for any parser.

A second annotator wrote `second_annotation.jsonl` from the evaluation card's field conventions alone,
without the first gold, the parser or its output. Per batch of a development folder, this prints the
posting fields on which the two annotators agree, then the parser against each of them (compare_fields,
the measure of `jobmatch evaluate` and `dev_fields.py`), and must-have groups found (recall, precision)
against the first gold. With --split, on a split of the evaluation set (fields.jsonl), it does the same
for postings and résumés together, in the aggregation `jobmatch evaluate` reports.

    python benchmarks/field_agreement.py tests/jobmatch/data/dev_postings4 \
        --batch a=K01-K25 --batch d=K44-K55 --batch e=K56-K71
    python benchmarks/field_agreement.py shared_data/jobmatch/eval --split held_out
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from dev_fields import _in_range

from jobmatch.documents import document_text
from jobmatch.evaluation import _groups, compare_fields, posting_fields, read_eval_folder, resume_fields, select_split
from jobmatch.importing import read_candidates
from jobmatch.parsing import parse_job

SECOND = "second_annotation.jsonl"


def _rows(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["file"]: row for row in rows}


def _as_found(annotation: dict) -> dict:
    """An annotation in the shape compare_fields expects of the parser (remote postings have no city)."""
    if annotation.get("kind") == "resume":
        return {**annotation, "remote_only": bool(annotation.get("remote_only"))}
    found = {key: annotation.get(key) for key in ("must_have", "min_years", "degree", "sponsorship", "workplace")}
    found["location"] = annotation.get("location") if annotation.get("workplace") != "remote" else None
    return found


def _tally(folder: Path, documents: list[tuple[str, dict, dict]]) -> tuple[dict[str, dict[str, list[bool]]], Counter]:
    """For (file, first gold, second annotation) triples: {comparison: {field: agreements}}, and must-have group
    counts (hits and finds of each annotator and the parser against the first gold)."""
    hits: dict[str, dict[str, list[bool]]] = {"annotators": {}, "parser vs first": {}, "parser vs second": {}}
    groups = Counter()
    for file, gold, other in documents:
        other = {**other, "kind": gold["kind"]}
        if gold["kind"] == "posting":
            parsed = posting_fields(parse_job(document_text(folder / file)))
            want = _groups(gold["must_have"])
            for name, found in (("annotators", _groups(other["must_have"])), ("parser", _groups(parsed["must_have"]))):
                groups[f"{name} hit"] += len(want & found)
                groups[f"{name} found"] += len(found)
            groups["gold"] += len(want)
        else:
            parsed = resume_fields(read_candidates(folder / file)[0])
        for name, (reference, found) in {"annotators": (gold, _as_found(other)), "parser vs first": (gold, parsed),
                                         "parser vs second": (other, parsed)}.items():
            for field, ok in compare_fields(reference, found).items():
                hits[name].setdefault(field, []).append(ok)
    return hits, groups


def agreement(folder: Path, span: str) -> tuple[dict[str, dict[str, list[bool]]], Counter]:
    """`_tally` of one batch of a development folder (gold.jsonl)."""
    first, second = _rows(folder / "gold.jsonl"), _rows(folder / SECOND)
    return _tally(folder, [(file, first[file], second[file]) for file in sorted(second) if _in_range(file, span)])


def eval_agreement(folder: Path, split: str) -> tuple[dict[str, dict[str, list[bool]]], Counter]:
    """`_tally` of one split of the evaluation set (fields.jsonl)."""
    evalset, second = select_split(read_eval_folder(folder), split), _rows(folder / SECOND)
    return _tally(folder, [(file, gold, second[file]) for file, gold in sorted(evalset.gold.items()) if file in second])


def _print(label: str, hits: dict[str, dict[str, list[bool]]], groups: Counter) -> None:
    for comparison, fields in hits.items():
        every = [ok for oks in fields.values() for ok in oks]
        counts = {field: f"{sum(oks)}/{len(oks)}" for field, oks in fields.items()}
        print(f"{label} {comparison:16s} all {sum(every) / max(len(every), 1):.3f}", counts)
    for name in ("annotators", "parser") if groups["gold"] else ():
        recall = groups[f"{name} hit"] / groups["gold"]
        precision = groups[f"{name} hit"] / max(groups[f"{name} found"], 1)
        print(f"{label} {name + ' groups':16s}", {"recall": round(recall, 2), "precision": round(precision, 2)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batch", action="append", default=[], metavar="NAME=FIRST-LAST")
    parser.add_argument("--split", help="a split of an evaluation folder (fields.jsonl), e.g. held_out")
    args = parser.parse_args()
    if args.split:
        _print(args.split, *eval_agreement(args.folder, args.split))
    for batch in args.batch:
        name, _, span = batch.partition("=")
        _print(f"batch {name}", *agreement(args.folder, span))

if __name__ == "__main__":
    main()
