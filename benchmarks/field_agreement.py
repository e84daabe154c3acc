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


def _lines(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["file"]: row for row in rows if row.get("kind") == "posting"}


def _as_found(annotation: dict) -> dict:
    """An annotation in the shape compare_fields expects of the parser (remote postings have no city)."""
    if annotation.get("kind") == "resume":
        return {**annotation, "remote_only": bool(annotation.get("remote_only"))}
    found = {key: annotation.get(key) for key in ("must_have", "min_years", "degree", "sponsorship", "workplace")}
    found["location"] = annotation.get("location") if annotation.get("workplace") != "remote" else None
    return found


def agreement(folder: Path, span: str) -> dict[str, dict]:
    """{comparison: {field: agreeing postings, "postings": n}} and group recall/precision, for one batch."""
    first, second = _lines(folder / "gold.jsonl"), _lines(folder / SECOND)
    tallies: dict[str, Counter] = {"annotators": Counter(), "parser vs first": Counter(),
                                   "parser vs second": Counter()}
    groups = Counter()
    for file in sorted(f for f in second if _in_range(f, span)):
        gold, other = first[file], second[file]
        parsed = posting_fields(parse_job((folder / file).read_text(encoding="utf-8")))
        for name, (reference, found) in {"annotators": (gold, _as_found(other)),
                                         "parser vs first": (gold, parsed),
                                         "parser vs second": ({**other, "kind": "posting"}, parsed)}.items():
            for field, ok in compare_fields(reference, found).items():
                tallies[name][field] += ok
            tallies[name]["postings"] += 1
        want = _groups(gold["must_have"])
        for name, found in (("annotators", _groups(other["must_have"])), ("parser", _groups(parsed["must_have"]))):
            groups[f"{name} hit"] += len(want & found)
            groups[f"{name} found"] += len(found)
        groups["gold"] += len(want)
    out = {name: dict(tally) for name, tally in tallies.items()}
    for name in ("annotators", "parser"):
        out[f"{name} groups"] = {"recall": groups[f"{name} hit"] / max(groups["gold"], 1),
                                 "precision": groups[f"{name} hit"] / max(groups[f"{name} found"], 1)}
    return out


def eval_agreement(folder: Path, split: str) -> dict[str, dict[str, float]]:
    """{comparison: {"fields_<field>": accuracy, "fields_all": ...}} on one split of the evaluation set."""
    evalset = select_split(read_eval_folder(folder), split)
    second = {}
    for line in (folder / SECOND).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            second[row["file"]] = row
    hits: dict[str, dict[str, list[bool]]] = {"annotators": {}, "parser vs first": {}, "parser vs second": {}}
    for file, gold in sorted(evalset.gold.items()):
        if file not in second:
            continue
        other = {**second[file], "kind": gold["kind"]}
        path = folder / file
        if gold["kind"] == "posting":
            parsed = posting_fields(parse_job(document_text(path)))
        else:
            parsed = resume_fields(read_candidates(path)[0])
        for name, (reference, found) in {"annotators": (gold, _as_found(other)), "parser vs first": (gold, parsed),
                                         "parser vs second": (other, parsed)}.items():
            for field, ok in compare_fields(reference, found).items():
                hits[name].setdefault(field, []).append(ok)
    out = {}
    for name, fields in hits.items():
        every = [ok for oks in fields.values() for ok in oks]
        out[name] = {f"fields_{k}": sum(v) / len(v) for k, v in fields.items()}
        out[name] |= {"fields_all": sum(every) / len(every), "documents": len(fields.get("degree", []))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batch", action="append", default=[], metavar="NAME=FIRST-LAST")
    parser.add_argument("--split", help="a split of an evaluation folder (fields.jsonl), e.g. held_out")
    args = parser.parse_args()
    if args.split:
        for comparison, result in eval_agreement(args.folder, args.split).items():
            print(f"{args.split} {comparison:16s}", {k: round(v, 3) for k, v in result.items()})
    for batch in args.batch:
        name, _, span = batch.partition("=")
        for comparison, result in agreement(args.folder, span).items():
            if "postings" in result:
                n = result.pop("postings")
                fields = {k: f"{v}/{n}" for k, v in result.items()}
                print(f"batch {name} {comparison:16s} all {sum(result.values()) / (5 * n):.3f}", fields)
            else:
                print(f"batch {name} {comparison:16s}", {k: round(v, 2) for k, v in result.items()})


if __name__ == "__main__":
    main()
