"""Read a saved JSON result back into a :class:`~cti_mapper.export.MappedReport`.

So a result can be converted to any other format without running the model again
(``cti-map export result.json -f stix``). The JSON keeps sentences and offsets but not the full
text: the text is rebuilt from the sentences, so an HTML page made from it may join paragraphs.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cti_mapper.export import JSON_SCHEMA_VERSION, MappedReport
from cti_mapper.mapping import LabelMatch, SentenceMapping
from cti_mapper.reports import Document, Sentence

if TYPE_CHECKING:
    from cti_mapper.attack import AttackCatalog

__all__ = ["load_result", "report_from_dict"]

logger = logging.getLogger(__name__)


def load_result(path: str | Path, catalog: AttackCatalog) -> MappedReport:
    """Read a ``cti-map -f json`` file.

    Raises:
        ValueError: the file is not JSON, not a cti-map result, or names labels the catalog
            lacks; the message is one line naming the file.
        OSError: the file cannot be read.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: not a JSON file ({str(exc).splitlines()[0][:100]})") from None
    try:
        return report_from_dict(data, catalog)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from None


def report_from_dict(data: Any, catalog: AttackCatalog) -> MappedReport:
    """Rebuild the report from the dict of :func:`cti_mapper.export.to_dict`.

    Raises:
        ValueError: not a cti-map result of this schema, malformed, or a label unknown to
            ``catalog`` (another ATT&CK release: pass the one the result was made with).
    """
    if not isinstance(data, dict) or data.get("schema") != JSON_SCHEMA_VERSION:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"not a cti-map result (schema {found!r}, expected {JSON_SCHEMA_VERSION!r})")
    try:
        sentences, mappings = [], []
        for row in data["sentences"]:
            sentence = Sentence(str(row["text"]), row["page"], int(row["start"]), int(row["end"]))
            labels = tuple(LabelMatch(str(m["id"]), str(m["name"]), str(m["kind"]), str(m["label"]),
                                      float(m["score"]), tuple(map(str, m["reasons"])))
                           for m in row["labels"])
            sentences.append(sentence)
            mappings.append(SentenceMapping(sentence, labels))
        created = datetime.fromisoformat(data["created"])
        document = Document(str(data["source"]), _rebuild_text(sentences), sentences, data["pages"],
                            list(data.get("warnings") or ()))
        report = MappedReport(document, tuple(mappings), catalog, str(data["model"]), data["threshold"],
                              created=created if created.tzinfo else created.replace(tzinfo=UTC),
                              min_evidence=int(data.get("min_evidence", 1)),
                              report_threshold=data.get("report_threshold"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"malformed cti-map result ({type(exc).__name__}: {exc})") from None
    unknown = sorted({m.id for mapping in mappings for m in mapping.labels if m.id not in catalog})
    if unknown:
        raise ValueError(f"labels unknown to ATT&CK {catalog.version}: {', '.join(unknown[:5])} "
                         f"(the result was made with ATT&CK {data['attack'].get('version')}; "
                         "pass that release with --attack-data)")
    if str(data["attack"].get("version")) != str(catalog.version):
        logger.warning("result made with ATT&CK %s, exporting with %s", data["attack"].get("version"),
                       catalog.version)
    return report


def _rebuild_text(sentences: list[Sentence]) -> str:
    """The sentences at their offsets; a gap of two or more characters becomes a paragraph break."""
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
