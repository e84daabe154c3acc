"""`cti-map batch` with the shipped model on 20 varied sample reports: in-process vs local Ray.

Builds the folder of tests/cti_mapper/batch_helpers.py at full size with the real 22-page CISA
PDF, maps it in-process, then on a local Ray (2 workers), checks that both give the same
results, and prints the wall times. Usage:

    python benchmarks/bench_batch.py [--work /tmp/bench-batch] [--backend torch] [--skip-ray]
        [--scale 0.25 --no-real-pdf]   # smaller reports, for a busy machine
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

from cti_mapper.batch import MapperSpec, run_batch  # noqa: E402
from tests.cti_mapper.batch_helpers import build_report_folder, result_documents  # noqa: E402


def main() -> None:
    """Run both modes and print one line each, then whether the results agree."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-batch"))
    parser.add_argument("--backend", default="torch", help="one backend for both modes (auto measures per worker)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the advisory per variant")
    parser.add_argument("--no-real-pdf", action="store_true", help="a generated PDF instead of the 22-page one")
    args = parser.parse_args()
    folder = build_report_folder(args.work / "reports", with_real_pdf=not args.no_real_pdf, scale=args.scale)
    spec = MapperSpec(backend=args.backend)
    runs = [("in-process", None)] + ([] if args.skip_ray else [("ray", "local")])
    for name, address in runs:
        out = args.work / f"results-{name}"
        for old in out.glob("*.json"):
            old.unlink()
        started = time.perf_counter()
        result = run_batch(folder, out, mapper_factory=spec, ray_address=address,
                           workers=args.workers if address else None)
        print(f"{name}: {time.perf_counter() - started:.1f} s wall, {result.counts}", flush=True)
    if not args.skip_ray:
        local, ray = result_documents(args.work / "results-in-process"), result_documents(args.work / "results-ray")
        differing = sorted(k for k in local.keys() | ray.keys() if local.get(k) != ray.get(k))
        print(f"identical results: {not differing} ({len(local)} vs {len(ray)} reports; differing: {differing})")


if __name__ == "__main__":
    main()
