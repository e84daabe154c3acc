"""Exports of a mapped report: JSON, CSV, ATT&CK Navigator layer, STIX 2.1 bundle, table rows.

Every exporter takes a :class:`MappedReport` and returns ``str``; :func:`write_atomic` puts the
result on disk without ever leaving a half-written file (mode from the umask, like ``open``).
STIX lives in :mod:`cti_mapper.export_stix`, HTML in :mod:`cti_mapper.html_report`. Outputs name
the source by its file name and the model by :func:`model_label`, never by a local path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.files import write_atomic
from cti_mapper.export_stix import to_stix
from cti_mapper.reports import Document

if TYPE_CHECKING:
    from cti_mapper.attack import AttackCatalog
    from cti_mapper.mapping import SentenceMapping

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "LabelSummary",
    "MappedReport",
    "build_report",
    "model_label",
    "quote",
    "table_rows",
    "to_csv",
    "to_dict",
    "to_json",
    "to_navigator",
    "to_stix",
    "write_atomic",
]

FORMATS = ("table", "json", "csv", "navigator", "stix", "html")
JSON_SCHEMA_VERSION = "cti-map.report/1"
_NAVIGATOR_DOMAINS = {"enterprise-attack", "mobile-attack", "ics-attack"}


@dataclass(frozen=True)
class LabelSummary:
    """One label across the report: aggregated score, best sentence score, supporting sentences.

    ``score`` is the noisy-or of the supporting sentences' scores, 1 - prod(1 - s): a technique
    evidenced by five sentences at 0.8 outranks one evidenced once at 0.9. ``evidence`` counts them.
    """

    id: str
    name: str
    kind: str
    label: str
    best_score: float
    sentences: tuple[int, ...]  # indexes into MappedReport.mappings
    score: float = 0.0
    evidence: int = 0
    explicit: bool = False


@dataclass(frozen=True)
class MappedReport:
    """A report with its sentence mappings and the provenance of the labels."""

    document: Document
    mappings: tuple[SentenceMapping, ...]
    catalog: AttackCatalog
    model: str
    threshold: float | None
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    min_evidence: int = 1
    report_threshold: float | None = None

    @property
    def summary(self) -> list[LabelSummary]:
        """Report-level labels, aggregated score first (then evidence, then ID).

        A label is kept when it is evidenced by at least ``min_evidence`` sentences and its
        aggregated score reaches ``report_threshold`` (when set); explicitly written IDs are
        always kept.
        """
        best: dict[str, Any] = {}
        support: dict[str, list[int]] = {}
        miss: dict[str, float] = {}  # product of (1 - score) over supporting sentences
        explicit: set[str] = set()
        for index, mapping in enumerate(self.mappings):
            for match in mapping.labels:
                if match.id not in best or match.score > best[match.id].score:
                    best[match.id] = match
                support.setdefault(match.id, []).append(index)
                miss[match.id] = miss.get(match.id, 1.0) * (1.0 - min(1.0, max(0.0, float(match.score))))
                if "explicit id" in match.reasons:
                    explicit.add(match.id)
        rows = [
            LabelSummary(m.id, m.name, m.kind, m.label, float(m.score), tuple(support[i]),
                         score=1.0 - miss[i], evidence=len(support[i]), explicit=i in explicit)
            for i, m in best.items()
        ]
        rows = [r for r in rows if r.explicit or (
            r.evidence >= self.min_evidence
            and (self.report_threshold is None or r.score >= self.report_threshold))]
        return sorted(rows, key=lambda r: (-r.score, -r.evidence, r.id))

    @property
    def mapped_count(self) -> int:
        """Number of sentences with at least one label."""
        return sum(1 for m in self.mappings if m.labels)


def build_report(
    document: Document,
    mappings: Sequence[SentenceMapping],
    *,
    catalog: AttackCatalog,
    model: str,
    threshold: float | None = None,
    min_evidence: int = 1,
    report_threshold: float | None = None,
) -> MappedReport:
    """Bundle a document, its mappings and provenance for the exporters.

    Args:
        document: The report read by :func:`cti_mapper.reports.read_report`.
        mappings: One mapping per sentence, in sentence order.
        catalog: The ATT&CK catalog the labels come from.
        model: The reranker's name or folder; a folder is recorded as :func:`model_label`.
        threshold: The score threshold used to decide what is reported.
        min_evidence: Sentences a label needs to appear in the report-level summary.
        report_threshold: Aggregated score a label needs in the summary (None: no cut).

    Returns:
        The report to pass to ``to_json``, ``to_csv``, ``to_navigator``, ``to_stix``...
    """
    if min_evidence < 1:
        raise ValueError(f"min_evidence must be at least 1, got {min_evidence}")
    document = replace(document, source=source_name(document.source))
    return MappedReport(document, tuple(mappings), catalog, model_label(model), threshold,
                        min_evidence=min_evidence, report_threshold=report_threshold)


def source_name(source: str) -> str:
    """A report's file name without its folder (POSIX or Windows), as exports show it."""
    return re.split(r"[\\/]", str(source).rstrip("/\\"))[-1] or str(source)


_CARD_FILES = ("README.md", "config.json", "training_metrics.json", "cti_threshold.json")


def model_label(model: str | Path) -> str:
    """A model's name for outputs: a local folder becomes its name plus facts from its card.

    ``/home/me/models/cti-reranker`` gives ``cti-reranker (all-MiniLM-L6-v2 fine-tuned on
    ATT&CK 18.1 pairs; card 1a2b3c4d)``; the fingerprint (SHA-256 of the card and config files)
    tells two trainings of the same name apart. A hub id or plain name is returned unchanged;
    an absolute path that is not a folder gives its last component.
    """
    text = str(model)
    path = Path(text)
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False
    if not is_dir:
        return source_name(text) if path.is_absolute() else text
    facts: list[str] = []
    front = _card_front_matter(path / "README.md")
    base = str(front.get("base_model") or "").rsplit("/", 1)[-1]
    try:
        dataset = front["model-index"][0]["results"][0]["dataset"]["name"]
    except (KeyError, IndexError, TypeError):
        dataset = ""
    if base and dataset:
        facts.append(f"{base} fine-tuned on {dataset}")
    elif base or dataset:
        facts.append(f"fine-tuned from {base}" if base else f"trained on {dataset}")
    digest = hashlib.sha256()
    found = False
    for name in _CARD_FILES:
        try:
            digest.update((path / name).read_bytes())
            found = True
        except OSError:
            continue
    if found:
        facts.append(f"card {digest.hexdigest()[:8]}")
    name = path.resolve().name or text
    return f"{name} ({'; '.join(facts)})" if facts else name


def _card_front_matter(readme: Path) -> dict[str, Any]:
    """The JSON front matter crossrank writes at the top of a model card (empty if none)."""
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    parts = text.split("---", 2)
    if len(parts) < 3 or parts[0].strip():
        return {}
    try:
        data = json.loads(parts[1])
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _label_dict(match: Any) -> dict[str, Any]:
    return {
        "id": match.id,
        "name": match.name,
        "kind": match.kind,
        "label": match.label,
        "score": round(float(match.score), 4),
        "reasons": list(match.reasons),
    }


def to_dict(report: MappedReport) -> dict[str, Any]:
    """Return the JSON document (see the README for its schema)."""
    doc = report.document
    sentences = [
        {
            "index": i,
            "text": m.sentence.text,
            "page": m.sentence.page,
            "start": m.sentence.start,
            "end": m.sentence.end,
            "mapped": bool(m.labels),
            "labels": [_label_dict(match) for match in m.labels],
        }
        for i, m in enumerate(report.mappings)
    ]
    summary = [
        {
            "id": row.id,
            "name": row.name,
            "kind": row.kind,
            "label": row.label,
            "score": round(row.score, 4),
            "evidence": row.evidence,
            "best_score": round(row.best_score, 4),
            "sentences": list(row.sentences),
        }
        for row in report.summary
    ]
    return {
        "schema": JSON_SCHEMA_VERSION,
        "source": doc.source,
        "pages": doc.pages,
        "created": report.created.isoformat(timespec="seconds"),
        "attack": {"version": report.catalog.version, "domains": list(report.catalog.domains)},
        "model": report.model,
        "threshold": report.threshold,
        "min_evidence": report.min_evidence,
        "report_threshold": report.report_threshold,
        "stats": {
            "sentences": len(report.mappings),
            "mapped": report.mapped_count,
            "unmapped": len(report.mappings) - report.mapped_count,
            "labels": len(summary),
        },
        "warnings": list(doc.warnings),
        "summary": summary,
        "sentences": sentences,
    }


def to_json(report: MappedReport) -> str:
    """Serialise the report as indented UTF-8 JSON (non-ASCII kept as is)."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("sentence", "page", "start", "end", "text", "id", "name", "kind", "score", "reasons")


def to_csv(report: MappedReport) -> str:
    """One row per (sentence, label); an unmapped sentence gets one row with empty label cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i, mapping in enumerate(report.mappings):
        s = mapping.sentence
        head = [i, "" if s.page is None else s.page, s.start, s.end, s.text]
        if not mapping.labels:
            writer.writerow([*head, "", "", "unmapped", "", ""])
        for m in mapping.labels:
            writer.writerow([*head, m.id, m.name, m.kind, f"{m.score:.4f}", ";".join(m.reasons)])
    return out.getvalue()


def quote(text: str, limit: int = 240) -> str:
    """The text on one line in curly quotes, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[: limit - 1] + '…'}\u201d"


def to_navigator(report: MappedReport, *, name: str | None = None) -> str:
    """Build an ATT&CK Navigator layer (techniques only) with ``mitreattack.navlayers``.

    Scores are the best score x 100 (integers, as Navigator stores them); each comment quotes
    the supporting sentences. A sub-technique's parent is listed with ``showSubtechniques`` so
    the matrix opens it. Written as UTF-8 JSON (navlayers' own ``to_file`` writes UTF-16).
    """
    from mitreattack.navlayers import Layer

    techniques = [r for r in report.summary if r.kind == "technique"]
    domain = _navigator_domain(report, techniques)
    entries: dict[str, dict[str, Any]] = {}
    for row in techniques:
        quotes = [quote(report.mappings[i].sentence.text) for i in row.sentences[:5]]
        more = len(row.sentences) - len(quotes)
        comment = "\n".join(quotes) + (f"\n(+{more} more sentences)" if more > 0 else "")
        entries[row.id] = {
            "techniqueID": row.id,
            "score": round(row.score * 100),
            "comment": comment,
            "enabled": True,
            "metadata": [{"name": "sentences", "value": str(len(row.sentences))}],
        }
    for row in techniques:
        parent = row.id.split(".")[0] if "." in row.id else None
        if parent:
            entries.setdefault(parent, {"techniqueID": parent, "enabled": True})
            entries[parent]["showSubtechniques"] = True
    major = str(report.catalog.version).split(".")[0]
    scores = [entry["score"] for entry in entries.values() if "score" in entry]
    # The gradient spans the report's own scores, so close scores still get distinct colours.
    low, high = (min(scores), max(scores)) if scores else (0, 100)
    if high - low < 1:
        low, high = max(0, high - 1), max(1, high)
    layer_dict = {
        "name": name or f"cti-map: {report.document.source}"[:100],
        "domain": domain,
        "versions": {"attack": major if major.isdigit() else "18", "navigator": "5.1.0",
                     "layer": "4.5"},
        "description": (f"ATT&CK techniques found by cti-map (model {report.model}, threshold "
                        f"{report.threshold}) in {report.document.source}"),
        "techniques": list(entries.values()),
        "gradient": {"colors": ["#ffe766", "#ff6666"], "minValue": low, "maxValue": high},
        "sorting": 3,  # by score, descending
        "hideDisabled": False,
    }
    layer = Layer()
    layer.from_dict(layer_dict)
    out = layer.to_dict()
    out.setdefault("techniques", [])  # navlayers drops an empty list; Navigator expects one
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _navigator_domain(report: MappedReport, techniques: Sequence[LabelSummary]) -> str:
    counts: dict[str, int] = {}
    for row in techniques:
        domain = getattr(report.catalog.get(row.id), "domain", "enterprise-attack")
        counts[domain] = counts.get(domain, 0) + 1
    domain = max(counts, key=counts.get) if counts else "enterprise-attack"
    return domain if domain in _NAVIGATOR_DOMAINS else "enterprise-attack"


def table_rows(report: MappedReport, *, mapped_only: bool = False) -> list[tuple[str, str, str]]:
    """Rows ``(page, sentence, labels)`` for a terminal table; labels one per line with score."""
    rows = []
    for mapping in report.mappings:
        if mapped_only and not mapping.labels:
            continue
        page = "" if mapping.sentence.page is None else str(mapping.sentence.page)
        labels = "\n".join(f"{m.label} ({m.score:.2f})" for m in mapping.labels) or "unmapped"
        rows.append((page, mapping.sentence.text, labels))
    return rows
