"""Read a saved ``cti-map -f json`` result back, to export it again without re-running the model.

:func:`load_result` is the inverse of :func:`cti_mapper.export.to_dict`: the sentences, their
labels and the provenance (model, threshold, minimum evidence) come from the file; the ATT&CK
objects that STIX, Navigator and HTML exports need come from the catalog in use.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import DataError

if TYPE_CHECKING:
    from cti_mapper.attack import AttackCatalog
    from cti_mapper.export import MappedReport

logger = logging.getLogger(__name__)

__all__ = ["ResultError", "load_result", "result_from_dict"]

_MAX_BYTES = 200 * 2**20  # a 22-page report's result is ~1 MB


class ResultError(DataError):
    """A saved result is missing, not cti-map JSON, or names labels the catalog lacks."""


def load_result(path: str | Path, catalog: AttackCatalog) -> MappedReport:
    """Read a JSON file written by ``cti-map ... -f json`` into a report the exporters take.

    Raises:
        ResultError: unreadable file, not a cti-map result, or a label not in ``catalog``.
    """
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise ResultError(f"{path}: larger than {_MAX_BYTES // 2**20} MB; not a cti-map result")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResultError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultError(f"{path}: not JSON ({exc}); give a file written by `cti-map -f json`") from None
    return result_from_dict(data, catalog, where=str(path))


def result_from_dict(data: Any, catalog: AttackCatalog, *, where: str = "result") -> MappedReport:
    """Rebuild a :class:`~cti_mapper.export.MappedReport` from :func:`~cti_mapper.export.to_dict`'s output."""
    from cti_mapper.export import JSON_SCHEMA_VERSION, build_report
    from cti_mapper.mapping import SentenceMapping
    from cti_mapper.reports import Document, Sentence

    if not isinstance(data, dict) or data.get("schema") != JSON_SCHEMA_VERSION:
        raise ResultError(f"{where}: not a cti-map result (no \"schema\": \"{JSON_SCHEMA_VERSION}\")")
    saved = (data.get("attack") or {}).get("version")
    if saved and str(saved) != str(catalog.version):
        logger.warning("%s was mapped with ATT&CK %s; exporting with the catalog in use, %s",
                       where, saved, catalog.version)
    try:
        sentences, mappings = [], []
        for row in data["sentences"]:
            sentence = Sentence(str(row["text"]), _page(row.get("page")), int(row["start"]), int(row["end"]))
            labels = tuple(_label(item, catalog, where) for item in row.get("labels") or ())
            sentences.append(sentence)
            mappings.append(SentenceMapping(sentence, labels))
        document = Document(str(data.get("source") or where), _text(sentences), sentences,
                            _page(data.get("pages")), [str(w) for w in data.get("warnings") or ()])
        report = build_report(document, mappings, catalog=catalog, model=str(data.get("model") or "unknown"),
                              threshold=_score(data.get("threshold")),
                              min_evidence=int(data.get("min_evidence") or 1),
                              report_threshold=_score(data.get("report_threshold")))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ResultError):
            raise
        raise ResultError(f"{where}: malformed cti-map result ({type(exc).__name__}: {exc})") from None
    created = data.get("created")
    if isinstance(created, str):
        try:
            stamp = datetime.fromisoformat(created)
        except ValueError:
            stamp = None
        if stamp is not None:
            import dataclasses

            report = dataclasses.replace(report, created=stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC))
    return report


def _label(item: dict, catalog: AttackCatalog, where: str):
    from cti_mapper.mapping import LabelMatch

    label_id = str(item["id"])
    if label_id not in catalog:
        raise ResultError(f"{where}: label {label_id} is not in ATT&CK {catalog.version}; "
                          "pass the catalog it was mapped with (--attack-data)")
    score = float(item["score"])
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"score {score} of {label_id} is outside 0..1")
    return LabelMatch(label_id, str(item["name"]), str(item["kind"]), str(item["label"]), score,
                      tuple(str(r) for r in item.get("reasons") or ()))


def _page(value) -> int | None:
    return None if value is None else int(value)


def _score(value) -> float | None:
    return None if value is None else float(value)


def _text(sentences) -> str:
    """The text as far as the sentences tell it: each at its offsets; a gap of two or more
    characters becomes a paragraph break (so the HTML view keeps its paragraphs)."""
    parts: list[str] = []
    cursor = 0
    for sentence in sorted(sentences, key=lambda s: s.start):
        gap = sentence.start - cursor
        if gap > 0:
            parts.append("\n" * gap if gap >= 2 else " ")
        if sentence.start >= cursor:
            parts.append(sentence.text)
            cursor = sentence.start + len(sentence.text)
    return "".join(parts)
