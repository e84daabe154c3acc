"""cti-map under CPU contention: alone, beside one busy process, beside three.

Each busy process is a single-threaded Python loop that stops by itself after `--busy-seconds`
(and is ended as soon as its run is over). The CPU share model: alone, cti-map has the machine's
C cores; beside n busy processes it gets C of the n + C runnable threads, so it should take
(n + C) / C times as long (C = 2: 1.5x beside one, 2.5x beside three). The issue's goal is within
25% of that (<= 1.9x and <= 3.1x on 2 cores). Every run is the real command line in a fresh
process: `python -m cti_mapper PDF -f json -o FILE`.

    python benchmarks/bench_contention.py [--busy 0 1 3] [--rounds 1] [--env NAME=VALUE ...]

`--env` runs cti-map with extra environment variables, to compare thread policies, e.g.
`--env OMP_WAIT_POLICY=ACTIVE` (spin-waiting OpenMP threads, torch's default before ours) or
`--env CROSSRANK_THREADS=1`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "shared_data" / "samples" / "cisa-aa20-302a-ransomware-healthcare.pdf"
BUSY_LOOP = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


def start_busy(count: int, seconds: float) -> list[subprocess.Popen]:
    """`count` single-threaded CPU hogs, each ending by itself after `seconds`."""
    code = BUSY_LOOP.format(seconds=seconds)
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=10)


def time_cti_map(pdf: Path, env: dict[str, str], timeout: float) -> float:
    """Wall seconds of `cti-map PDF -f json -o FILE` in a fresh process (imports included)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "cti_mapper", str(pdf), "-f", "json", "-o", str(Path(tmp) / "out.json")],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise SystemExit(f"cti-map ran past {timeout:.0f} s (raise --busy-seconds)") from None
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"cti-map failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=PDF)
    parser.add_argument("--busy", type=int, nargs="+", default=[0, 1, 3], help="busy-process counts (0 first)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per count (best counts)")
    parser.add_argument("--busy-seconds", type=float, default=600.0, help="a busy process's own time limit")
    parser.add_argument("--env", nargs="*", default=[], metavar="NAME=VALUE", help="extra environment for cti-map")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    env.update(item.split("=", 1) for item in args.env)
    print(f"cti-map on {args.pdf.name}, {cores} cores, extra env: {' '.join(args.env) or 'none'}; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    time_cti_map(args.pdf, env, args.busy_seconds)  # warm: file caches, ONNX export, calibration
    results: dict[int, float] = {}
    loads: dict[int, float] = {}
    for count in args.busy:
        for _ in range(args.rounds):
            busy = start_busy(count, args.busy_seconds)
            try:
                time.sleep(1.0 if count else 0.0)  # let the hogs reach full speed
                seconds = time_cti_map(args.pdf, env, args.busy_seconds)
            finally:
                stop(busy)
            results[count] = min(results.get(count, float("inf")), seconds)
            loads[count] = os.getloadavg()[0]
    alone = results.get(0)
    print(f"{'busy':>4} {'seconds':>8} {'slowdown':>9} {'CPU share predicts':>19} {'vs prediction':>14} {'load':>5}")
    for count, seconds in results.items():
        predicted = (count + cores) / cores
        slowdown = seconds / alone if alone else float("nan")
        print(f"{count:4d} {seconds:8.1f} {slowdown:8.2f}x {predicted:18.2f}x {slowdown / predicted:13.2f}x "
              f"{loads[count]:5.1f}")
    print("goal: within 25% of the prediction (<= 1.25x). load: 1-minute load average after the run; "
          "the prediction assumes nothing else runs (load ~ 2 + busy)")


if __name__ == "__main__":
    main()
