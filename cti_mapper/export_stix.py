"""STIX 2.1 bundle of a mapped report, for import into a CTI platform (OpenCTI, MISP...).

The default bundle is strict STIX 2.1 (``stix2.parse(..., allow_custom=False)`` and
``stix2-validator`` with strict types and properties accept it): ATT&CK techniques become
``attack-pattern`` objects, software ``malware`` or ``tool``, each keeping MITRE's STIX id so a
platform that already holds ATT&CK merges them; a ``report`` references them; one ``note`` per
label carries the evidence (quoted sentences, scores) with ``confidence`` = score x 100; an
``identity`` names the producer. Tactics have no STIX 2.1 type: they appear as the techniques'
``kill_chain_phases`` and in notes. ``extensions=True`` copies MITRE's objects as shipped instead
(``x-mitre-tactic``, ``x_mitre_*`` properties), for consumers that understand them.

Ids are deterministic: exporting the same result twice gives the same bundle.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cti_mapper.export import LabelSummary, MappedReport

__all__ = ["NAMESPACE", "to_stix"]

# uuid5 namespace of the ids cti-map mints (report, notes, producer identity, bundle).
NAMESPACE = uuid.UUID("6f1c2f4e-3b1d-5a8e-9c57-0c7a4d1e2b90")
# The producer identity's own timestamp: fixed, so its id and content never change between runs.
_PRODUCER_CREATED = "2026-01-01T00:00:00.000Z"
_NOTE_SENTENCES = 10  # evidence sentences quoted per note
# Properties of MITRE's objects that STIX 2.1 defines, per type (everything else is dropped).
_COMMON = ("type", "id", "created", "modified", "name", "description", "revoked")
_KEEP = {
    "attack-pattern": (*_COMMON, "kill_chain_phases", "aliases"),
    "malware": (*_COMMON, "aliases", "is_family"),
    "tool": (*_COMMON, "aliases"),
}


def _mint(kind: str, *parts: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join(parts))}"


def _strict(obj: dict[str, Any]) -> dict[str, Any] | None:
    """MITRE's object reduced to STIX 2.1 properties; None for a type STIX 2.1 lacks (tactics)."""
    keep = _KEEP.get(obj.get("type", ""))
    if keep is None:
        return None
    out: dict[str, Any] = {"type": obj["type"], "spec_version": "2.1"}
    out.update((k, obj[k]) for k in keep if k in obj)
    if obj.get("x_mitre_aliases") and out["type"] in ("malware", "tool"):
        out.setdefault("aliases", list(obj["x_mitre_aliases"]))
    if out["type"] == "malware":
        out.setdefault("is_family", True)  # ATT&CK software entries are families
    refs = [_reference(r) for r in obj.get("external_references") or ()]
    out["external_references"] = [r for r in refs if r]
    if not out["external_references"]:
        del out["external_references"]
    return out


def _reference(ref: dict[str, Any]) -> dict[str, Any] | None:
    out = {k: ref[k] for k in ("source_name", "description", "url", "external_id") if ref.get(k)}
    return out if "source_name" in out and len(out) > 1 else None


def _extended(obj: dict[str, Any]) -> dict[str, Any]:
    """MITRE's object as shipped, marked STIX 2.1 (its ``x_mitre_*`` properties kept)."""
    out = {"type": obj["type"], "spec_version": "2.1", **obj}
    out["spec_version"] = "2.1"  # MITRE's objects are STIX 2.0-shaped; this bundle is 2.1
    if out.get("type") == "malware":
        out.setdefault("is_family", True)
    for key in ("created_by_ref", "object_marking_refs", "x_mitre_modified_by_ref"):
        out.pop(key, None)  # they point at MITRE objects this bundle does not carry
    return out


def _timestamp(report: MappedReport) -> str:
    return report.created.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _evidence(report: MappedReport, row: LabelSummary) -> str:
    from cti_mapper.export import quote

    lines = [f"cti-map evidence for {row.label} ({row.kind}): aggregated score {row.score:.2f} "
             f"over {row.evidence} sentence(s), best sentence {row.best_score:.2f}; "
             f"model {report.model}, threshold {report.threshold}, ATT&CK {report.catalog.version}."]
    for index in row.sentences[:_NOTE_SENTENCES]:
        mapping = report.mappings[index]
        score = max((m.score for m in mapping.labels if m.id == row.id), default=0.0)
        page = f"p. {mapping.sentence.page}, " if mapping.sentence.page is not None else ""
        lines.append(f"- {page}sentence {index + 1}, score {score:.2f}: {quote(mapping.sentence.text, 400)}")
    more = len(row.sentences) - _NOTE_SENTENCES
    if more > 0:
        lines.append(f"(+{more} more sentences)")
    return "\n".join(lines)


def to_stix(report: MappedReport, *, extensions: bool = False, producer: str = "cti-map") -> str:
    """Build a STIX 2.1 bundle: producer identity, report, ATT&CK objects, one evidence note per label.

    Args:
        report: The mapped report.
        extensions: Copy MITRE's objects with their ATT&CK extensions (``x-mitre-tactic``
            objects, ``x_mitre_*`` properties) instead of strict STIX 2.1.
        producer: Name of the ``identity`` (class ``system``) that creates the report and notes.

    Returns:
        The bundle as indented JSON.
    """
    from cti_mapper.export import quote

    catalog = report.catalog
    now = _timestamp(report)
    source = report.document.source
    # Same result (also when re-read from its JSON), same ids; another run, another report.
    report_id = _mint("report", source, now, report.model)
    identity = {
        "type": "identity", "spec_version": "2.1", "id": _mint("identity", "producer", producer),
        "created": _PRODUCER_CREATED, "modified": _PRODUCER_CREATED, "name": producer,
        "identity_class": "system",
        "description": "crossrank cti-map: automatic mapping of threat reports to MITRE ATT&CK.",
    }
    attack: dict[str, dict[str, Any]] = {}  # STIX id -> object
    notes: list[dict[str, Any]] = []
    lines = [f"ATT&CK {catalog.version} labels found by {producer} (model {report.model}, "
             f"threshold {report.threshold}) in {source}: {report.mapped_count} of "
             f"{len(report.mappings)} sentences mapped."]
    for row in report.summary:
        raw = catalog.stix_object(row.id)
        obj = _extended(raw) if extensions else _strict(raw)
        if obj is not None:
            attack[obj["id"]] = obj
        quoted = quote(report.mappings[row.sentences[0]].sentence.text, 160)
        lines.append(f"- {row.label} (score {row.score:.2f}, {row.evidence} sentence(s)): {quoted}")
        refs = [report_id] + ([obj["id"]] if obj is not None else [])
        notes.append({
            "type": "note", "spec_version": "2.1", "id": _mint("note", report_id, row.id),
            "created": now, "modified": now, "created_by_ref": identity["id"],
            "abstract": f"{row.label}: score {row.score:.2f} from {row.evidence} sentence(s)",
            "content": _evidence(report, row), "authors": [producer],
            "object_refs": refs, "confidence": round(row.score * 100), "labels": ["cti-map"],
            "external_references": [_attack_reference(row.id, catalog)],
        })
    if not attack and not notes:  # a report must reference something: say nothing was found
        notes.append({
            "type": "note", "spec_version": "2.1", "id": _mint("note", report_id, "empty"),
            "created": now, "modified": now, "created_by_ref": identity["id"],
            "content": f"{producer} found no ATT&CK label above the threshold in this report.",
            "authors": [producer], "object_refs": [report_id], "labels": ["cti-map"],
        })
    report_obj = {
        "type": "report", "spec_version": "2.1", "id": report_id, "created": now, "modified": now,
        "created_by_ref": identity["id"], "name": f"ATT&CK mapping of {source}",
        "description": "\n".join(lines), "published": now, "report_types": ["threat-report"],
        "object_refs": list(attack) or [n["id"] for n in notes], "labels": ["cti-map"],
        "external_references": [{"source_name": "source document", "description": source}],
    }
    bundle = {
        "type": "bundle",
        "id": _mint("bundle", report_id, "extensions" if extensions else "strict", producer),
        "objects": [identity, report_obj, *attack.values(), *notes],
    }
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


def _attack_reference(attack_id: str, catalog: Any) -> dict[str, str]:
    obj = catalog.get(attack_id)
    ref = {"source_name": "mitre-attack", "external_id": obj.id}
    if obj.url:
        ref["url"] = obj.url
    return ref
