"""Thread policy: idle OpenMP threads sleep instead of spinning, so a busy machine slows inference
in proportion to the CPU share it leaves us.

torch's wheel runs its intra-op pool on GNU OpenMP, whose idle threads spin for a while before
sleeping. On a machine busy with other work a spinning thread burns the time slice its partner
needs, and every operator waits for the slowest thread: the issue measured ~6x slower beside 3-5
busy processes where the CPU share predicts ~3x. `OMP_WAIT_POLICY=PASSIVE` makes them sleep.
libgomp reads the variable once, when torch is loaded, so importing `core` sets it (unless the
user already chose a value) before `core.model` imports torch. Thread *count* stays torch's
default (one per physical core this process may run on); onnxruntime and OpenVINO get the same
count from `Reranker`. `OMP_NUM_THREADS` overrides it for every backend.
"""

from __future__ import annotations

import os

WAIT_POLICY_ENV = "OMP_WAIT_POLICY"


def prefer_passive_waiting() -> None:
    """Ask OpenMP for sleeping, not spinning, idle threads; a no-op once torch is loaded."""
    os.environ.setdefault(WAIT_POLICY_ENV, "PASSIVE")


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


prefer_passive_waiting()  # at import, by design: it only works before torch is imported
