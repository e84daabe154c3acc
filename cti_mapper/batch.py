"""Map a folder of reports: one JSON result each, a summary, resumable; in-process or on Ray Data.

A CTI team maps thousands of reports a month, so a run must survive a bad file and an
interruption: every result is written atomically as soon as it is ready, named by the report's
content hash, and a later run skips the reports whose result exists. The same function maps a
report in-process and inside a Ray Data actor, so both give the same results.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.errors import CrossrankError
from core.files import write_atomic

logger = logging.getLogger(__name__)

__all__ = [
    "REPORT_SUFFIXES",
    "SUMMARY_NAME",
    "BatchError",
    "BatchOptions",
    "BatchResult",
    "FileOutcome",
    "MapperSpec",
    "ReportMapper",
    "discover",
    "map_report_file",
    "run_batch",
]

REPORT_SUFFIXES = frozenset({".pdf", ".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text"})
SUMMARY_NAME = "summary.jsonl"
_HASH_CHARS = 16  # 64 bits of SHA-256 in a result's name: collisions are not a concern


class BatchError(CrossrankError, RuntimeError):
    """The batch cannot run at all (Ray unreachable); a bad report is never one of these."""


@dataclass(frozen=True)
class MapperSpec:
    """How to load the mapper: picklable, so each Ray worker loads its own model once."""

    attack_data: str | None = None
    model_path: str | None = None
    backend: str = "auto"
    threshold: float | None = None

    def __call__(self):
        """Load the mapper (catalog, reranker, bi-encoder) as ``cti-map`` does."""
        import core
        from cti_mapper.mapping import Mapper

        core.quiet_third_party_logs()
        return Mapper.load(attack_data=self.attack_data, model_path=self.model_path,
                           backend=self.backend, threshold=self.threshold)


@dataclass(frozen=True)
class BatchOptions:
    """Report-level settings, as ``cti-map map`` has them (None: the model's calibrated value)."""

    min_evidence: int | None = None
    report_threshold: float | None = None


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one report: ``done``, ``skipped`` (result already there) or ``error``."""

    path: str  # relative to the input folder
    sha256: str
    status: str
    result: str | None = None  # the result file's name in the output folder
    error: str | None = None
    sentences: int | None = None
    mapped: int | None = None
    labels: int | None = None
    seconds: float | None = None

    @property
    def message(self) -> str:
        """``path: error`` on one line (a ReportError already starts with the file's name)."""
        name = self.path.rsplit("/", 1)[-1]
        if self.error and self.error.startswith(f"{name}: "):
            return self.path + self.error[len(name):]
        return f"{self.path}: {self.error}"


@dataclass
class BatchResult:
    """Every report's outcome, in path order, and where the summary went."""

    outcomes: list[FileOutcome]
    summary_path: Path
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = {s: sum(o.status == s for o in self.outcomes) for s in ("done", "skipped", "error")}


def discover(input_dir: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Report files (PDF, HTML, Markdown, text) under ``input_dir``, recursively, sorted.

    Hidden files and folders and anything under ``exclude`` (the output folder) are left out.
    """
    root = Path(input_dir)
    skip = [Path(p).resolve() for p in exclude]
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() not in REPORT_SUFFIXES:
            continue
        resolved = path.resolve()
        if any(resolved.is_relative_to(s) for s in skip):
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (read in 1 MiB blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def result_name(relpath: str, sha256: str) -> str:
    """``sub__report.pdf.<hash>.json``: readable, unique per content, stable across runs."""
    return f"{relpath.replace('/', '__')}.{sha256[:_HASH_CHARS]}.json"


def map_report_file(mapper, path: str | Path, *, relpath: str, sha256: str,
                    options: BatchOptions = BatchOptions()) -> dict[str, Any]:
    """Read, map and export one report to its JSON document (``cti-map -f json`` plus ``input``).

    Raises:
        cti_mapper.reports.ReportError: the file cannot be read as a report.
    """
    from cti_mapper.export import build_report, to_dict
    from cti_mapper.reports import read_report
    from cti_mapper.training import default_model_path, load_min_evidence

    document = read_report(path)
    mappings = mapper.map_sentences(document.sentences)
    model_path = getattr(mapper, "model_path", None)
    min_evidence = options.min_evidence
    if min_evidence is None:
        min_evidence = load_min_evidence(model_path or default_model_path())
    report = build_report(document, mappings, catalog=mapper.catalog, model=_model_name(mapper),
                          threshold=mapper.threshold, min_evidence=min_evidence,
                          report_threshold=options.report_threshold)
    doc = to_dict(report)
    doc["input"] = {"path": relpath, "sha256": sha256}
    return doc


def _model_name(mapper) -> str:
    for attr in ("model_name", "model_path"):
        if getattr(mapper, attr, None):
            return str(getattr(mapper, attr))
    return str(getattr(getattr(mapper, "reranker", None), "name", None) or "cti-reranker")


class ReportMapper:
    """Maps rows of ``{path, relpath, sha256}``: the Ray Data actor, and the in-process loop.

    The mapper is loaded once in ``__init__`` (once per Ray worker). A report that fails comes
    back as an ``error`` row with a one-line message; it never stops the batch.
    """

    def __init__(self, mapper_factory: Callable[[], Any], options: BatchOptions = BatchOptions()):
        """Load the mapper with ``mapper_factory()``."""
        self.mapper = mapper_factory()
        self.options = options

    def map_one(self, path: str, relpath: str, sha256: str) -> dict[str, Any]:
        """One output row: status, result JSON text (done) or error message."""
        start = time.perf_counter()
        row: dict[str, Any] = {"path": str(path), "relpath": relpath, "sha256": sha256,
                               "status": "error", "document": "", "error": ""}
        try:
            doc = map_report_file(self.mapper, path, relpath=relpath, sha256=sha256, options=self.options)
        except Exception as exc:  # noqa: BLE001 - one bad report must not stop the batch
            from cti_mapper.reports import ReportError

            message = str(exc).splitlines()[0] if str(exc) else ""
            row["error"] = message if isinstance(exc, ReportError) else f"{type(exc).__name__}: {message}"
            if not isinstance(exc, ReportError):
                logger.warning("%s: unexpected error while mapping", relpath, exc_info=True)
        else:
            row["status"] = "done"
            row["document"] = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        row["seconds"] = round(time.perf_counter() - start, 3)
        return row

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        """Map a Ray Data batch (columns ``path``, ``relpath``, ``sha256``) to output columns."""
        rows = [self.map_one(str(p), str(r), str(h))
                for p, r, h in zip(batch["path"], batch["relpath"], batch["sha256"], strict=True)]
        return {key: [row[key] for row in rows] for key in rows[0]} if rows else {}


def run_batch(
    input_dir: str | Path,
    output_dir: str | Path,
    *,
    mapper_factory: Callable[[], Any] | None = None,
    options: BatchOptions = BatchOptions(),
    ray_address: str | None = None,
    workers: int | None = None,
    progress: Callable[[FileOutcome], None] | None = None,
) -> BatchResult:
    """Map every report under ``input_dir`` into ``output_dir``, skipping those already done.

    Args:
        input_dir: the folder of reports (searched recursively).
        output_dir: where each ``<name>.<hash>.json`` result and ``summary.jsonl`` go (created).
        mapper_factory: a picklable callable returning the mapper (default: ``MapperSpec()``).
        options: report-level settings.
        ray_address: None runs in-process; ``"local"`` starts a local Ray; anything else is a
            cluster address for ``ray.init`` (``auto``, ``host:6379``, ``ray://host:10001``).
            An already initialised Ray is used as it is.
        workers: Ray actors (one model each; default: one per CPU of the cluster).
        progress: called with each report's outcome as it is finished.

    Returns:
        The outcomes, one per report, in path order; ``summary.jsonl`` lists the same rows.
    """
    root, out = Path(input_dir), Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    factory = mapper_factory if mapper_factory is not None else MapperSpec()
    outcomes: dict[str, FileOutcome] = {}
    pending: list[dict[str, str]] = []
    for path in discover(root, exclude=[out]):
        relpath = path.relative_to(root).as_posix()
        try:
            sha = file_sha256(path)
        except OSError as exc:
            outcomes[relpath] = FileOutcome(relpath, "", "error", error=f"cannot read: {exc.strerror or exc}")
            continue
        name = result_name(relpath, sha)
        if (out / name).is_file():
            outcomes[relpath] = FileOutcome(relpath, sha, "skipped", result=name)
        else:
            pending.append({"path": str(path), "relpath": relpath, "sha256": sha})
    logger.info("%d reports: %d to map, %d already done", len(outcomes) + len(pending), len(pending),
                sum(o.status == "skipped" for o in outcomes.values()))
    if pending:
        rows = (_on_ray(pending, factory, options, ray_address, workers) if ray_address is not None
                else _in_process(pending, factory, options))
        for row in rows:
            outcome = _store(row, out)
            outcomes[outcome.path] = outcome
            if progress is not None:
                progress(outcome)
    ordered = [outcomes[k] for k in sorted(outcomes)]
    summary = out / SUMMARY_NAME
    write_atomic(summary, "".join(json.dumps(asdict(o), ensure_ascii=False) + "\n" for o in ordered))
    return BatchResult(ordered, summary)


def _store(row: dict[str, Any], out: Path) -> FileOutcome:
    """Write a finished report's result atomically; return its outcome."""
    relpath, sha = str(row["relpath"]), str(row["sha256"])
    seconds = float(row["seconds"])
    if row["status"] != "done":
        outcome = FileOutcome(relpath, sha, "error", error=str(row["error"]), seconds=seconds)
        logger.warning("%s", outcome.message)
        return outcome
    name = result_name(relpath, sha)
    text = str(row["document"])
    write_atomic(out / name, text)
    stats = json.loads(text)["stats"]
    return FileOutcome(relpath, sha, "done", result=name, sentences=stats["sentences"],
                       mapped=stats["mapped"], labels=stats["labels"], seconds=seconds)


def _in_process(pending: list[dict[str, str]], factory, options: BatchOptions) -> Iterator[dict[str, Any]]:
    worker = ReportMapper(factory, options)
    for item in pending:
        yield worker.map_one(item["path"], item["relpath"], item["sha256"])


def _on_ray(pending: list[dict[str, str]], factory, options: BatchOptions, address: str,
            workers: int | None) -> Iterator[dict[str, Any]]:
    """Stream rows from a Ray Data pipeline whose actors each hold one mapper.

    Workers read the reports by path (on a multi-node cluster the input folder must be mounted
    at the same path everywhere); results come back to this process, which writes them.
    """
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
    started = False
    if not ray.is_initialized():
        try:
            ray.init(address=None if address == "local" else address, include_dashboard=False,
                     logging_level=logging.WARNING)
        except Exception as exc:  # Ray raises ConnectionError, RuntimeError or bare Exception
            where = "a local Ray" if address == "local" else f"Ray at {address}"
            raise BatchError(f"cannot start {where}: {str(exc).splitlines()[0]}") from None
        started = True
    try:
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        dataset = ray.data.from_items(pending, override_num_blocks=len(pending))
        mapped = dataset.map_batches(
            ReportMapper,
            fn_constructor_kwargs={"mapper_factory": factory, "options": options},
            batch_size=1,  # one report per call: a long report does not hold others back
            batch_format="numpy",
            concurrency=min(size, len(pending)),
            num_cpus=1,
        )
        yield from mapped.iter_rows()
    finally:
        if started:
            ray.shutdown()
