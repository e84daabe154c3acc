"""Where the gold must-have groups the parser misses stand in the posting: which lever would find them.

For every gold must-have group the parser does not return on a development folder (or a range of its ids), one
class: partly found (a name of it is returned, in another grouping), not written as named (the gold's name is no
substring of the text: an alias or a normalised name), or written in the posting, by the sections the parser gave
the lines that contain it (`jobmatch.sections`). A name written in a line the parser itself reads as a requirement
and still missed is a name-recognition miss; one written only in the intro or duties is a section miss.

    PYTHONPATH=. python benchmarks/missed_groups.py tests/jobmatch/data/dev_postings4 --span K01-K239 [-v]

Never point it at the held-out part of the evaluation set while changing the parser.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from dev_fields import _in_range  # benchmarks/ is on sys.path when a script in it runs

from jobmatch.documents import document_text
from jobmatch.evaluation import _groups, posting_fields
from jobmatch.parsing import parse_job
from jobmatch.sections import sections
from jobmatch.skills import load_vocabulary


def missed_group_classes(folder: Path, span: str | None = None) -> tuple[Counter, list[tuple[str, str, list[str]]]]:
    """(count per class, (file, class, gold names) per missed group) of the postings in folder (ids in span)."""
    vocab = load_vocabulary()
    classes: Counter = Counter()
    rows = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line) if line.strip() else {}
        if gold.get("kind") != "posting" or (span and not _in_range(gold["file"], span)):
            continue
        text = document_text(folder / gold["file"])
        found = _groups(posting_fields(parse_job(text))["must_have"])
        returned = {name for group in found for name in group}
        lines = sections(text, vocab)
        for item in gold.get("must_have") or []:
            names = [item] if isinstance(item, str) else list(item)
            group = next(iter(_groups([item])))
            if group in found:
                continue
            if group & returned:
                kind = "partly found (another grouping)"
            else:
                kinds = {ln.section for name in names for ln in lines if name.lower() in ln.text.lower()}
                kind = "written in: " + "/".join(sorted(kinds)) if kinds else "not written as named"
            classes[kind] += 1
            rows.append((gold["file"], kind, names))
    return classes, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--span", help="only the ids FIRST-LAST (e.g. K01-K239)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each missed group")
    args = parser.parse_args()
    classes, rows = missed_group_classes(args.folder, args.span)
    print(f"{sum(classes.values())} missed gold groups")
    for kind, count in classes.most_common():
        print(f"{count:5d}  {kind}")
    for file, kind, names in rows if args.verbose else []:
        print(f"  {Path(file).name}: {names} ({kind})")


if __name__ == "__main__":
    main()
