"""Time the pathological inputs of issue #9 (quadratic splitting, regex backtracking, deep HTML).

Run from the repository root: ``python benchmarks/bench_hardening.py [--sizes 40000 160000]``.
Prints one line per case with the seconds it took; the fixed code should grow linearly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cti_mapper import reports, textclean  # noqa: E402
from cti_mapper.htmltext import html_blocks  # noqa: E402


def timed(label: str, fn, *args) -> None:
    started = time.perf_counter()
    fn(*args)
    print(f"{label:<42} {time.perf_counter() - started:8.3f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[40_000, 160_000, 1_000_000],
                        help="paragraph lengths (characters) for sentence splitting")
    args = parser.parse_args()
    timed("is_noise_line('x@' + 'a'*8000 + '!')", textclean.is_noise_line, "x@" + "a" * 8000 + "!")
    timed("_markdown_lines(' *a' * 4000)", reports._markdown_lines, " *a" * 4000)
    timed("_markdown_lines('[' * 40000)", reports._markdown_lines, "[" * 40000)
    timed("html_blocks(40,000 nested divs)", html_blocks, "<div>" * 40000 + "x" + "</div>" * 40000)
    sentence = "The actor used phishing e.g. to gain access and then moved laterally using cmd. "
    for size in args.sizes:
        para = sentence * (size // len(sentence))
        timed(f"split one {len(para):,}-character paragraph", reports._build, "x", [(None, para)], None, [])


if __name__ == "__main__":
    main()
