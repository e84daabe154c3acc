"""Safety checks on ATT&CK STIX bundles: bounded reading, object shapes, release minimums.

A catalog file comes from the user (``--attack-data``, ``attack update --from``) or a download,
so it is read with a hard size limit (an ``.xz`` of a few hundred KB can inflate to gigabytes),
and a release is only pinned when it looks like a whole ATT&CK domain: a valid bundle holding
one technique would otherwise replace the working catalog.
"""

from __future__ import annotations

import lzma
import re
from collections import Counter
from pathlib import Path

from core.errors import CrossrankError

__all__ = [
    "MAX_BUNDLE_BYTES",
    "MIN_OBJECTS",
    "BundleError",
    "check_objects",
    "check_release",
    "read_bundle_bytes",
]

MAX_BUNDLE_BYTES = 160 * 2**20
"""Largest bundle accepted, after decompression (enterprise v18.1 is 32 MB)."""

MAX_OBJECTS = 250_000  # enterprise v18.1 holds about 25,000
MIN_OBJECTS = {  # about a third of v18.1, so older official releases still pass
    "enterprise-attack": {"technique": 150, "tactic": 10, "software": 100},
    "mobile-attack": {"technique": 40, "tactic": 10, "software": 20},
    "ics-attack": {"technique": 40, "tactic": 8, "software": 5},
}
MAX_FIELD_CHARS = {"name": 300, "description": 100_000, "alias": 300}
_KIND = {"attack-pattern": "technique", "x-mitre-tactic": "tactic", "malware": "software",
         "tool": "software"}
_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_CHUNK = 1 << 20


class BundleError(CrossrankError, ValueError):
    """A bundle that is too large, malformed, or not a whole ATT&CK release."""


def read_bundle_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a ``.json`` or ``.json.xz`` file, refusing more than ``limit`` bytes of JSON.

    The default limit is ``MAX_BUNDLE_BYTES``; memory use stays about ``limit`` whatever the
    compression ratio.

    Raises:
        BundleError: too large once decompressed, or a truncated/corrupt ``.xz``.
        OSError: the file cannot be read.
    """
    path = Path(path)
    limit = MAX_BUNDLE_BYTES if limit is None else limit
    too_big = f"{path.name}: larger than {limit // 2**20} MB of JSON; not an ATT&CK release"
    if path.suffix != ".xz":
        if path.stat().st_size > limit:
            raise BundleError(too_big)
        return path.read_bytes()
    decompressor = lzma.LZMADecompressor()
    out = bytearray()
    try:
        with path.open("rb") as fh:
            while not decompressor.eof and (chunk := fh.read(_CHUNK)):
                out += decompressor.decompress(chunk, max_length=limit + 1 - len(out))
                while not decompressor.eof and not decompressor.needs_input:
                    if len(out) > limit:
                        raise BundleError(too_big)
                    out += decompressor.decompress(b"", max_length=limit + 1 - len(out))
                if len(out) > limit:
                    raise BundleError(too_big)
    except lzma.LZMAError as exc:
        raise BundleError(f"{path.name}: corrupt .xz file ({exc})") from None
    if not decompressor.eof:
        raise BundleError(f"{path.name}: truncated .xz file (it ends before the end of the data)")
    return bytes(out)


def check_objects(objects: list, source: str) -> None:
    """Check that every object is a STIX object whose ATT&CK fields have the right types.

    Raises:
        BundleError: naming the first bad object (its index, type and field).
    """
    if len(objects) > MAX_OBJECTS:
        raise BundleError(f"{source}: {len(objects)} objects; more than {MAX_OBJECTS} is not ATT&CK")
    for index, obj in enumerate(objects):
        where = f"{source}: object {index}"
        if not isinstance(obj, dict):
            raise BundleError(f"{where} is {type(obj).__name__}, not a STIX object")
        kind = obj.get("type")
        if not isinstance(kind, str) or not _TYPE_RE.match(kind):
            raise BundleError(f"{where} has no valid \"type\"")
        if not isinstance(obj.get("id"), str):
            raise BundleError(f"{where} ({kind}) has no string \"id\"")
        for key in ("name", "description", "x_mitre_shortname", "source_ref", "target_ref",
                    "relationship_type"):
            if key in obj and not isinstance(obj[key], str):
                raise BundleError(f"{where} ({kind}): \"{key}\" is not a string")
        for key in ("external_references", "kill_chain_phases", "x_mitre_aliases", "aliases",
                    "x_mitre_domains"):
            value = obj.get(key)
            if value is not None and not isinstance(value, list):
                raise BundleError(f"{where} ({kind}): \"{key}\" is not a list")
        for key in ("external_references", "kill_chain_phases"):
            if any(not isinstance(item, dict) for item in obj.get(key) or ()):
                raise BundleError(f"{where} ({kind}): \"{key}\" holds a non-object")
        if any(not isinstance(p.get("phase_name", ""), str) for p in obj.get("kill_chain_phases") or ()):
            raise BundleError(f"{where} ({kind}): a kill chain phase name is not a string")
        for key in ("x_mitre_aliases", "aliases", "x_mitre_domains"):
            if any(not isinstance(item, str) for item in obj.get(key) or ()):
                raise BundleError(f"{where} ({kind}): \"{key}\" holds a non-string")


def check_release(objects: list[dict], domain: str, source: str) -> dict[str, int]:
    """Check that a bundle is a whole release of ``domain``: object counts and field sizes.

    Returns:
        The live object counts per kind (technique, tactic, software).

    Raises:
        BundleError: too few techniques, tactics or software, or an oversized field.
    """
    counts: Counter[str] = Counter()
    for obj in objects:
        kind = _KIND.get(obj["type"])
        if kind is None:
            continue
        for key in ("name", "description"):
            value = obj.get(key) or ""
            if len(value) > MAX_FIELD_CHARS[key]:
                raise BundleError(f"{source}: {obj['type']} {obj['id']} has a {len(value)}-character "
                                    f"{key} (at most {MAX_FIELD_CHARS[key]})")
        for alias in (*(obj.get("x_mitre_aliases") or ()), *(obj.get("aliases") or ())):
            if len(alias) > MAX_FIELD_CHARS["alias"]:
                raise BundleError(f"{source}: {obj['type']} {obj['id']} has an alias longer "
                                    f"than {MAX_FIELD_CHARS['alias']} characters")
        if not obj.get("revoked") and not obj.get("x_mitre_deprecated"):
            counts[kind] += 1
    short = domain.removesuffix("-attack")
    for kind, minimum in MIN_OBJECTS.get(domain, {}).items():
        if counts[kind] < minimum:
            raise BundleError(
                f"{source}: only {counts[kind]} live {kind} object(s); an ATT&CK {short} release "
                f"has at least {minimum}, so this is not a whole release (nothing was changed)"
            )
    return dict(counts)
