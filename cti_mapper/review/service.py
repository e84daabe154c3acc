"""The review app's library: add reports, run the mapper, record decisions, build reviewed exports.

Everything here takes an explicit ``Session``/``Engine``, mapper and catalog; the FastAPI app and
the CLI are thin layers over these functions.
"""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.errors import CrossrankError
from cti_mapper.review.store import ACTIONS, Decision, Report, Run

logger = logging.getLogger(__name__)

__all__ = [
    "ALLOWED_SUFFIXES",
    "MAX_UPLOAD_BYTES",
    "NotFoundError",
    "SentenceView",
    "UploadRejectedError",
    "add_report",
    "decisions_in_force",
    "execute_run",
    "fail_interrupted_runs",
    "get_report",
    "latest_run",
    "record_decision",
    "review_state",
    "reviewed_report",
    "search_labels",
    "start_run",
]

ALLOWED_SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "markdown",
                    ".markdown": "markdown", ".txt": "text"}
MAX_UPLOAD_BYTES = 20 * 2**20
_BINARY_MAGIC = (b"PK\x03\x04", b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b",
                 b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
ANALYST_ACCEPTED = "analyst accepted"
ANALYST_ADDED = "analyst added"


class UploadRejectedError(CrossrankError, ValueError):
    """An upload refused before or while reading it; ``status_code`` is the HTTP answer."""

    def __init__(self, message: str, status_code: int):
        super().__init__(message)
        self.status_code = status_code


class NotFoundError(CrossrankError, LookupError):
    """No report, run or label with that ID."""


def display_name(filename: str | None) -> str:
    """A safe display name for an uploaded file: its base name, no control characters."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = _CONTROL.sub("", unicodedata.normalize("NFC", name)).strip()
    return name[:200] or "report"


def check_upload(filename: str | None, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Return the report kind of an upload, or raise :class:`UploadRejectedError` (413/415/422)."""
    if len(data) > max_bytes:
        raise UploadRejectedError(f"the file is larger than the {max_bytes // 2**20 or max_bytes} "
                             f"{'MB' if max_bytes >= 2**20 else 'bytes'} limit", 413)
    suffix = PurePosixPath(display_name(filename)).suffix.lower()
    kind = ALLOWED_SUFFIXES.get(suffix)
    if kind is None:
        raise UploadRejectedError(f"{suffix or 'no extension'}: upload a .pdf, .html, .md or .txt report", 415)
    if not data:
        raise UploadRejectedError("the file is empty", 422)
    head = data[:8192]
    if kind == "pdf":
        if not head.lstrip()[:5] == b"%PDF-":
            raise UploadRejectedError("the file is named .pdf but is not a PDF", 415)
    elif head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not _utf16(head)):
        raise UploadRejectedError(f"the file is named {suffix} but holds binary data", 415)
    return kind


def _utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def add_report(session: Session, filename: str | None, data: bytes, *,
               max_bytes: int = MAX_UPLOAD_BYTES) -> Report:
    """Validate an upload, read it with ``read_report`` and store its text and sentences.

    The upload goes to a fresh temporary folder under a fixed name with a whitelisted suffix: no
    part of the client's file name ever reaches the filesystem.

    Raises:
        UploadRejectedError: too large (413), wrong type (415), unreadable or no prose (422).
    """
    from cti_mapper.reports import ReportError, read_report

    kind = check_upload(filename, data, max_bytes=max_bytes)
    name = display_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="cti-review-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            doc = read_report(path)
        except ReportError as exc:
            message = str(exc).replace(str(path), name).replace(path.name, name)
            raise UploadRejectedError(message.splitlines()[0], 422) from None
    report = Report(name=name, kind=kind, text=doc.text, pages=doc.pages,
                    sentences=[[s.text, s.page, s.start, s.end] for s in doc.sentences],
                    warnings=list(doc.warnings))
    session.add(report)
    session.flush()
    return report


def get_report(session: Session, report_id: int) -> Report:
    """Return a report or raise :class:`NotFoundError`."""
    report = session.get(Report, report_id)
    if report is None:
        raise NotFoundError(f"no report {report_id}")
    return report


def latest_run(report: Report, *, done_only: bool = False) -> Run | None:
    """The report's newest run (or newest finished one)."""
    runs = [r for r in report.runs if r.status == "done"] if done_only else list(report.runs)
    return runs[-1] if runs else None


def start_run(session: Session, report: Report, mapper: Any) -> Run:
    """Queue a mapping run of ``report`` recording the mapper's model, catalog and threshold."""
    from cti_mapper.export import model_label

    model = getattr(mapper, "model_name", None) or getattr(mapper, "model_path", None) or "cti-reranker"
    run = Run(report=report, model=model_label(model), catalog_version=str(mapper.catalog.version),
              threshold=getattr(mapper, "threshold", None), status="queued", total=len(report.sentences))
    session.add(run)
    session.flush()
    return run


def _sentences(report: Report) -> list:
    from cti_mapper.reports import Sentence

    return [Sentence(text, page, start, end) for text, page, start, end in report.sentences]


def execute_run(engine: Engine, run_id: int, mapper: Any) -> None:
    """Map a queued run's sentences, saving progress and results (called on the worker thread)."""
    with Session(engine) as session:
        run = session.get(Run, run_id)
        if run is None:
            return
        sentences = _sentences(run.report)
        run.status, run.done, run.total = "running", 0, len(sentences)
        session.commit()

        def progress(n: int) -> None:
            # SentenceMapper.map_sentences reports increments (sentences just finished).
            run.done = min(run.total, run.done + n)
            session.commit()

        try:
            mappings = mapper.map_sentences(sentences, progress=progress)
            run.results = [[_label_dict(m) for m in mapping.labels] for mapping in mappings]
            run.status, run.done = "done", run.total
        except Exception as exc:  # a failed run is shown, never kills the server
            logger.exception("mapping run %s failed", run_id)
            session.rollback()
            run = session.get(Run, run_id)
            run.status, run.error = "failed", (str(exc).splitlines() or [type(exc).__name__])[0][:500]
        run.finished = datetime.now(UTC)
        session.commit()


def fail_interrupted_runs(engine: Engine) -> int:
    """Mark runs left queued/running by a stopped server as failed (else pages would poll forever)."""
    with Session(engine) as session:
        stale = list(session.scalars(select(Run).where(Run.status.in_(("queued", "running")))))
        for run in stale:
            run.status, run.error = "failed", "interrupted: the server stopped; use Re-map"
            run.finished = datetime.now(UTC)
        session.commit()
    return len(stale)


def _label_dict(match: Any) -> dict[str, Any]:
    return {"id": match.id, "name": match.name, "kind": match.kind, "label": match.label,
            "score": round(float(match.score), 4), "reasons": list(match.reasons)}


def record_decision(session: Session, report: Report, sentence_index: int, label_id: str | None,
                    action: str, reviewer: str, catalog: Any) -> Decision:
    """Store one decision; ``label_id`` is resolved against the catalog (ID or exact name).

    Args:
        session: open session.
        report: the reviewed report.
        sentence_index: index into the report's sentences.
        label_id: ATT&CK ID or name; None only for ``none`` (no behaviour) and its ``undo``.
        action: one of ``ACTIONS``.
        reviewer: who decided.
        catalog: the ATT&CK catalog, to validate the label.

    Raises:
        ValueError: unknown action, sentence or label.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; choose one of {', '.join(ACTIONS)}")
    if not 0 <= sentence_index < len(report.sentences):
        raise ValueError(f"report {report.id} has no sentence {sentence_index}")
    label = None
    if label_id:
        label = resolve_label(catalog, label_id)
    elif action not in ("none", "undo"):
        raise ValueError(f"{action} needs a label ID or name")
    run = latest_run(report, done_only=True)
    decision = Decision(report=report, run_id=run.id if run else None, sentence_index=sentence_index,
                        sentence_text=report.sentences[sentence_index][0], label_id=label,
                        action=action, reviewer=(reviewer or "analyst")[:100])
    session.add(decision)
    session.flush()
    return decision


def resolve_label(catalog: Any, value: str) -> str:
    """Turn ``T1566``, ``T1566 — Phishing`` or ``Phishing`` into a live label ID."""
    value = value.strip()
    head = value.split()[0].upper() if value else ""
    if head in catalog:
        attack_id = catalog.resolve(head)
        if catalog.get(attack_id).kind in ("technique", "software", "tactic"):
            return attack_id
    lowered = value.lower()
    for obj in catalog.labels():
        if lowered in (obj.name.lower(), obj.label.lower()):
            return obj.id
    raise ValueError(f"{value!r} is not an ATT&CK technique, software or tactic ID or name")


def search_labels(catalog: Any, query: str, limit: int = 20) -> list[dict[str, str]]:
    """Labels whose ID or name contains ``query`` (IDs matching at the start first)."""
    q = query.strip().lower()
    if not q:
        return []
    hits = [o for o in catalog.labels() if q in o.id.lower() or q in o.label.lower()]
    hits.sort(key=lambda o: (not o.id.lower().startswith(q), o.id))
    return [{"id": o.id, "name": o.name, "kind": o.kind, "label": o.label} for o in hits[:limit]]


def decisions_in_force(decisions: list[Decision]) -> dict[tuple[int, str | None], Decision]:
    """The latest decision per (sentence, label); an ``undo`` removes the pair."""
    state: dict[tuple[int, str | None], Decision] = {}
    for d in sorted(decisions, key=lambda d: d.id):
        key = (d.sentence_index, d.label_id)
        if d.action == "undo":
            state.pop(key, None)
        else:
            state[key] = d
    return state


@dataclass
class SentenceView:
    """A sentence as the reviewer sees it: proposals with their state, added labels, a flag."""

    index: int
    text: str
    page: int | None
    proposals: list[dict[str, Any]] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    no_behaviour: bool = False

    @property
    def mapped(self) -> bool:
        """True when the model proposed a label or the analyst added one."""
        return bool(self.proposals or self.added)


def review_state(report: Report, catalog: Any, run: Run | None = None) -> list[SentenceView]:
    """Merge a run's proposals with the decisions in force, per sentence."""
    run = run or latest_run(report, done_only=True)
    results = run.results if run is not None and run.results else [[] for _ in report.sentences]
    state = decisions_in_force(report.decisions)
    views = []
    for index, ((text, page, _start, _end), labels) in enumerate(zip(report.sentences, results, strict=False)):
        view = SentenceView(index, text, page, no_behaviour=(index, None) in state)
        proposed = set()
        for label in labels:
            decision = state.get((index, label["id"]))
            status = {"accept": "accepted", "add": "accepted", "reject": "rejected"}.get(
                decision.action if decision else "", "pending")
            view.proposals.append({**label, "state": status,
                                   "reviewer": decision.reviewer if decision else None})
            proposed.add(label["id"])
        for (i, label_id), decision in state.items():
            if i == index and label_id and label_id not in proposed and decision.action in ("add", "accept"):
                if label_id in catalog:
                    obj = catalog.get(label_id)
                    view.added.append({"id": obj.id, "name": obj.name, "kind": obj.kind, "label": obj.label,
                                       "score": 1.0, "reasons": [ANALYST_ADDED], "state": "added",
                                       "reviewer": decision.reviewer})
        views.append(view)
    return views


def reviewed_report(report: Report, catalog: Any, *, include_pending: bool = True):
    """The report as reviewed, for the CLI's exporters (``cti_mapper.export``).

    Rejected labels and sentences marked "no behaviour" are dropped, added labels are included
    (score 1.0); pending proposals are kept unless ``include_pending`` is False.
    """
    from cti_mapper.export import build_report
    from cti_mapper.mapping import LabelMatch, SentenceMapping
    from cti_mapper.reports import Document

    run = latest_run(report, done_only=True)
    sentences = _sentences(report)
    mappings = []
    for view, sentence in zip(review_state(report, catalog, run), sentences, strict=True):
        labels = []
        if not view.no_behaviour:
            for label in [*view.proposals, *view.added]:
                if label["state"] == "rejected" or (label["state"] == "pending" and not include_pending):
                    continue
                reasons = tuple(label["reasons"])
                if label["state"] == "accepted":
                    reasons += (ANALYST_ACCEPTED,)
                labels.append(LabelMatch(label["id"], label["name"], label["kind"], label["label"],
                                         float(label["score"]), reasons))
        mappings.append(SentenceMapping(sentence, tuple(sorted(labels, key=lambda m: -m.score))))
    document = Document(source=report.name, text=report.text, sentences=sentences, pages=report.pages,
                        warnings=list(report.warnings or []))
    model = f"{run.model} (reviewed)" if run else "analyst review"
    return build_report(document, mappings, catalog=catalog, model=model,
                        threshold=run.threshold if run else None)


def list_reports(session: Session) -> list[Report]:
    """Every stored report, newest first."""
    return list(session.scalars(select(Report).order_by(Report.id.desc())))
