"""Rewrite the fresh-text set's known_misses.txt from the current parser, keeping its comment header.

tests/jobmatch/test_parsing_rules.py fails on any miss not in that file, so a parser change that fixes
misses or measures a new batch regenerates it here (read the diff: every added line is a new miss):

    PYTHONPATH=. python benchmarks/known_misses.py            # print what changed
    PYTHONPATH=. python benchmarks/known_misses.py --write    # and write the file
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from unittest import mock

from dev_fields import folder_accuracy

FOLDER = Path("tests/jobmatch/data/dev_postings4")


class _GoldDay(date):
    @classmethod
    def today(cls):
        return date(2026, 11, 28)  # the day the gold years were worked out ("– present"), as the test pins it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the file (otherwise only print the change)")
    args = parser.parse_args()
    path = FOLDER / "known_misses.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    old = {line for line in lines if line.strip() and not line.startswith("#")}
    with mock.patch("jobmatch.resumes.date", _GoldDay):
        _, misses = folder_accuracy(FOLDER)
    now = [f"{file} {field}" for file, field, _, _ in misses]
    print(f"{len(now)} misses; new: {sorted(set(now) - old)}; fixed: {sorted(old - set(now))}")
    if args.write:
        path.write_text("\n".join(header + now) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
