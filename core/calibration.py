"""`--backend auto`: measure the candidate backends once on this machine and keep the fastest that ranks
like fp32.

Which backend is fastest depends on the CPU (native bf16 or not), the libraries and even on how
busy the machine is, so it is measured, not hard-coded: the candidates score a fixed set of
8 queries x 32 documents (~60 tokens a pair, like the apps), interleaved over two rounds, and
must agree with torch fp32 (Spearman >= 0.99, mean top-10 overlap >= 0.98). The choice is cached
per model weights, CPU, thread count and library versions, so later runs pay nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MIN_SPEARMAN, MIN_TOP10 = 0.99, 0.98

QUERIES = (
    "The actors sent spearphishing emails with malicious Word attachments that ran a PowerShell downloader.",
    "The malware creates a scheduled task so that it runs again every time the user logs on.",
    "Stolen credentials were dumped from LSASS memory and reused to move laterally over SMB.",
    "The ransomware encrypts files on network shares and deletes volume shadow copies first.",
    "We are hiring a senior backend engineer with Python, PostgreSQL and Kubernetes experience.",
    "Looking for a registered nurse for night shifts in an intensive care unit.",
    "Data scientist: build forecasting models in Python, SQL and Spark, five years of experience.",
    "The implant beacons over HTTPS to its command and control server every sixty seconds.",
)
DOCUMENTS = (
    "T1566.001 — SPEARPHISHING ATTACHMENT: adversaries send emails with a malicious attachment.",
    "T1053.005 — SCHEDULED TASK: adversaries abuse the Windows task scheduler to run code.",
    "T1003.001 — LSASS MEMORY: adversaries read credentials from the memory of the LSASS process.",
    "T1486 — DATA ENCRYPTED FOR IMPACT: adversaries encrypt data to interrupt availability.",
    "T1490 — INHIBIT SYSTEM RECOVERY: adversaries delete shadow copies and backups.",
    "T1021.002 — SMB/WINDOWS ADMIN SHARES: adversaries move laterally over admin shares.",
    "T1071.001 — WEB PROTOCOLS: command and control traffic blends in with HTTP and HTTPS.",
    "T1059.001 — POWERSHELL: adversaries abuse PowerShell commands and scripts for execution.",
    "T1547.001 — REGISTRY RUN KEYS: programs added to run keys execute when a user logs in.",
    "T1105 — INGRESS TOOL TRANSFER: adversaries copy tools or files from an external system.",
    "T1027 — OBFUSCATED FILES OR INFORMATION: adversaries encrypt or encode their payloads.",
    "T1082 — SYSTEM INFORMATION DISCOVERY: adversaries gather details about the host and its OS.",
    "T1078 — VALID ACCOUNTS: adversaries log in with the credentials of existing accounts.",
    "T1190 — EXPLOIT PUBLIC-FACING APPLICATION: adversaries exploit a weakness in a web server.",
    "T1573 — ENCRYPTED CHANNEL: adversaries encrypt command and control traffic.",
    "T1204.002 — MALICIOUS FILE: a user opens a file that runs the adversary's code.",
    "Role: Backend Engineer. Skills: Python, Django, PostgreSQL, Docker, Kubernetes. 7 years.",
    "Role: Frontend Developer. Skills: TypeScript, React, CSS, accessibility. 3 years.",
    "Role: Registered Nurse. Skills: intensive care, patient assessment, medication. 6 years.",
    "Role: Data Scientist. Skills: Python, SQL, Spark, time series forecasting. 5 years.",
    "Role: DevOps Engineer. Skills: Terraform, AWS, Kubernetes, monitoring, CI pipelines.",
    "Role: Accountant. Skills: bookkeeping, tax returns, Excel, payroll. 10 years.",
    "Role: Security Analyst. Skills: incident response, SIEM, malware analysis, phishing triage.",
    "Role: Teacher. Skills: lesson planning, classroom management, mathematics. 4 years.",
    "Role: Machine Learning Engineer. Skills: PyTorch, model serving, Python, MLOps.",
    "Role: Site Reliability Engineer. Skills: Linux, Go, Prometheus, on-call, PostgreSQL.",
    "Role: Pharmacist. Skills: dispensing, patient counselling, hospital pharmacy.",
    "Role: Sales Manager. Skills: B2B sales, negotiation, CRM, team leadership.",
    "The quarterly report shows revenue growth in the retail segment.",
    "Keep the oven at 180 degrees and bake the bread for forty minutes.",
    "The football match was postponed because of heavy rain in the afternoon.",
    "The museum opens a new exhibition of impressionist paintings next month.",
)


@dataclass(frozen=True)
class Measurement:
    """One candidate's speed and agreement with torch fp32 on the calibration pairs."""

    backend: str
    pairs_per_s: float
    spearman: float
    top10: float

    @property
    def agrees(self) -> bool:
        return self.spearman >= MIN_SPEARMAN and self.top10 >= MIN_TOP10


def calibration_pairs() -> list[tuple[str, str]]:
    """Every query against every document: 256 pairs, grouped by query."""
    return [(q, d) for q in QUERIES for d in DOCUMENTS]


def agreement(reference: np.ndarray, scores: np.ndarray, group: int) -> tuple[float, float]:
    """(Spearman over all pairs, mean top-10 overlap per query) of `scores` against `reference`."""
    from scipy.stats import spearmanr

    reference, scores = np.asarray(reference, dtype=np.float64), np.asarray(scores, dtype=np.float64)
    if not np.all(np.isfinite(scores)):
        return 0.0, 0.0
    rho = float(spearmanr(reference, scores)[0]) if np.ptp(reference) > 0 else float(np.allclose(reference, scores))
    k = min(10, group)
    overlaps = [
        len(set(np.argsort(-a, kind="stable")[:k]) & set(np.argsort(-b, kind="stable")[:k])) / k
        for a, b in zip(reference.reshape(-1, group), scores.reshape(-1, group), strict=True)
    ]
    return (rho if np.isfinite(rho) else 0.0), float(np.mean(overlaps))


def measure(
    scorers: dict[str, Callable[[Sequence[tuple[str, str]]], np.ndarray]],
    pairs: Sequence[tuple[str, str]],
    *,
    group: int,
    rounds: int = 2,
) -> list[Measurement]:
    """Time each scorer on `pairs`, interleaved over `rounds` (best round counts), against "torch".

    Interleaving and taking each scorer's best round keeps a burst of load elsewhere on the
    machine from deciding the choice.
    """
    best: dict[str, float] = dict.fromkeys(scorers, float("inf"))
    scores: dict[str, np.ndarray] = {}
    for scorer in scorers.values():
        scorer(pairs[:32])  # warm-up: first-call allocations and kernel selection
    for _ in range(rounds):
        for name, scorer in scorers.items():
            start = time.perf_counter()
            scores[name] = scorer(pairs)
            best[name] = min(best[name], time.perf_counter() - start)
    reference = scores["torch"]
    out = []
    for name in scorers:
        rho, top10 = agreement(reference, scores[name], group)
        out.append(Measurement(name, len(pairs) / max(best[name], 1e-9), rho, top10))
    return out


def pick(measurements: Sequence[Measurement]) -> str:
    """The fastest candidate that ranks like fp32 ("torch" itself always qualifies)."""
    passing = [m for m in measurements if m.backend == "torch" or m.agrees]
    return max(passing, key=lambda m: m.pairs_per_s).backend


def cache_key(model_id: str, candidates: Sequence[str], threads: int) -> str:
    """Key a calibration by model weights, machine, thread count, candidates and library versions."""
    from importlib.metadata import PackageNotFoundError, version

    from core.backends import cpu_flags, cpu_name

    versions = []
    for package in ("torch", "onnxruntime", "openvino", "transformers"):
        try:
            versions.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package}=-")
    text = "|".join([model_id, cpu_name(), ",".join(sorted(cpu_flags())), str(threads), *candidates, *versions])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_cached(path: Path) -> tuple[str, list[Measurement]] | None:
    """A stored calibration, or None when it is missing or unreadable (then we measure again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["backend"], [Measurement(**m) for m in data["measurements"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, backend: str, measurements: Sequence[Measurement]) -> None:
    """Store a calibration atomically; a read-only cache only costs a re-measure next time."""
    from core.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"backend": backend, "measurements": [asdict(m) for m in measurements]}))
    except OSError as exc:
        logger.debug("could not store the backend calibration at %s: %s", path, exc)


def describe(backend: str, measurements: Sequence[Measurement], *, cached: bool) -> str:
    """One log line: what auto chose and the numbers it chose by."""
    parts = [
        f"{m.backend} {m.pairs_per_s:.0f} pairs/s (rho {m.spearman:.4f}, top-10 {m.top10:.2f}"
        f"{'' if m.agrees or m.backend == 'torch' else ', rankings differ'})"
        for m in measurements
    ]
    return f"backend auto -> {backend} ({'cached calibration' if cached else 'measured now'}: {'; '.join(parts)})"
