"""The MITRE ATT&CK catalog: techniques, software, tactics and groups from STIX bundles.

Labels read like the seed card: ``T1584 — COMPROMISE INFRASTRUCTURE``, ``S0030 — CARBANAK``,
``TA0005 — DEFENSE EVASION``. A sub-technique reads ``PARENT: CHILD``, e.g.
``T1566.001 — PHISHING: SPEARPHISHING ATTACHMENT``, so the label text alone says where it sits.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import CrossrankError
from core.paths import shared_data_dir

logger = logging.getLogger(__name__)

__all__ = [
    "AttackCatalog",
    "AttackObject",
    "CatalogError",
    "DOMAINS",
    "LABEL_KINDS",
    "Procedure",
    "UnknownAttackIdError",
    "clean_description",
    "load_bundle",
    "load_catalog",
]

DOMAINS = ("enterprise-attack", "mobile-attack", "ics-attack")
LABEL_KINDS = ("technique", "software", "tactic")
_KINDS = {
    "attack-pattern": "technique",
    "malware": "software",
    "tool": "software",
    "x-mitre-tactic": "tactic",
    "intrusion-set": "group",
    "campaign": "campaign",
}
_ID_RE = re.compile(r"^(?:T\d{4}(?:\.\d{3})?|S\d{4}|TA\d{4}|G\d{4}|C\d{4})$", re.IGNORECASE)
_CITATION_RE = re.compile(r"\s*\(Citation:[^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_VERSION_RE = re.compile(r"-(\d+\.\d+)\.json")


class UnknownAttackIdError(CrossrankError, ValueError):
    """An ATT&CK ID that is not in the catalog."""

    def __init__(self, attack_id: str, version: str = ""):
        where = f" ATT&CK {version}" if version else " the ATT&CK catalog"
        super().__init__(f"unknown ATT&CK id {attack_id!r}: not in{where}")
        self.attack_id = attack_id


class CatalogError(CrossrankError, ValueError):
    """A catalog file that cannot be read or is not an ATT&CK STIX bundle."""


@dataclass(frozen=True)
class AttackObject:
    """One ATT&CK object (technique, software, tactic or group) as the mapper sees it."""

    id: str
    name: str
    kind: str
    label: str
    description: str
    stix_id: str
    domain: str
    tactics: tuple[str, ...] = ()
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Procedure:
    """A procedure example: a ``uses`` relationship description (training data source)."""

    source_id: str
    source_name: str
    source_kind: str
    source_aliases: tuple[str, ...]
    target_id: str
    text: str


def clean_description(text: str | None) -> str:
    """Strip ``(Citation: ...)``, markdown links (keeping their text) and HTML tags."""
    if not text:
        return ""
    text = _CITATION_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _HTML_TAG_RE.sub("", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _external_id(obj: dict) -> tuple[str | None, str | None]:
    for ref in obj.get("external_references") or ():
        ext_id = ref.get("external_id")
        if ref.get("source_name") == "mitre-attack" and ext_id and isinstance(ext_id, str):
            url = ref.get("url")
            return ext_id, url if isinstance(url, str) else None
    return None, None


def load_bundle(path: Path) -> dict:
    """Read a STIX bundle from ``.json`` or ``.json.xz`` and check it is ATT&CK.

    Reading is bounded (see ``bundle_checks.MAX_BUNDLE_BYTES``): a decompression bomb fails
    with a one-line error instead of exhausting memory.

    Raises:
        CatalogError: unreadable, too large, not JSON, not a bundle, malformed objects, or
            without ATT&CK techniques.
    """
    from cti_mapper.bundle_checks import BundleError, check_objects, read_bundle_bytes

    path = Path(path)
    try:
        bundle = json.loads(read_bundle_bytes(path))
    except BundleError as exc:
        raise CatalogError(str(exc)) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = (exc.strerror if isinstance(exc, OSError) else None) or str(exc).splitlines()[0][:120]
        raise CatalogError(f"{path}: not a readable ATT&CK STIX bundle ({detail})") from None
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        raise CatalogError(f"{path}: not a STIX bundle (no \"type\": \"bundle\")")
    objects = bundle.get("objects")
    if not isinstance(objects, list):
        raise CatalogError(f"{path}: not a STIX bundle (\"objects\" is not a list)")
    if not any(_is_technique(o) for o in objects):
        raise CatalogError(f"{path}: not an ATT&CK bundle (no attack-pattern with a mitre-attack id)")
    try:
        check_objects(objects, str(path))
    except BundleError as exc:
        raise CatalogError(str(exc)) from None
    return bundle


def _is_technique(obj: object) -> bool:
    if not isinstance(obj, dict) or obj.get("type") != "attack-pattern":
        return False
    try:
        return _external_id(obj)[0] is not None
    except (AttributeError, TypeError):  # malformed references: check_objects names them
        return False


def _dicts(bundle: dict) -> Iterable[dict]:
    return (o for o in bundle.get("objects") or () if isinstance(o, dict))


def bundle_domain(bundle: dict) -> str:
    """Return the ATT&CK domain of a bundle (from its objects' ``x_mitre_domains``)."""
    for obj in _dicts(bundle):
        if obj.get("type") in ("x-mitre-matrix", "attack-pattern"):
            for dom in obj.get("x_mitre_domains") or ():
                if dom in DOMAINS:
                    return dom
    return "enterprise-attack"


def bundle_version(bundle: dict, path: Path | None = None) -> str:
    """Return the ATT&CK release of a bundle: its collection object, else the file name."""
    for obj in _dicts(bundle):
        if obj.get("type") == "x-mitre-collection" and obj.get("x_mitre_version"):
            version = str(obj["x_mitre_version"])
            if re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}", version):
                return version
    match = _VERSION_RE.search(path.name) if path else None
    return match.group(1) if match else "unknown"


def _label(attack_id: str, name: str, parent_name: str | None = None) -> str:
    shown = f"{parent_name}: {name}" if parent_name else name
    return f"{attack_id} — {shown.upper()}"


class AttackCatalog:
    """ATT&CK objects of one or more domains, indexed by ID.

    Attributes:
        version: the ATT&CK release (e.g. ``"18.1"``); mixed releases are listed per domain.
        domains: the domains loaded.
        source: the bundle file(s) read, ``os.pathsep``-separated.
    """

    def __init__(self, bundles: Sequence[tuple[dict, str, str]], source: str = ""):
        """Build the catalog from ``(bundle, domain, version)`` triples (first domain wins)."""
        self.source = source
        self.domains = tuple(dict.fromkeys(dom for _, dom, _ in bundles))
        versions = dict.fromkeys(ver for _, _, ver in bundles)
        self.version = (
            next(iter(versions)) if len(versions) == 1
            else ", ".join(f"{dom} {ver}" for _, dom, ver in bundles)
        )
        self._objects: dict[str, AttackObject] = {}
        self._stix: dict[str, dict] = {}
        self._by_stix: dict[str, str] = {}
        self._inactive: set[str] = set()
        self._revoked_by: dict[str, str] = {}
        self._procedures: list[Procedure] = []
        for bundle, domain, _ in bundles:
            self._add_bundle(bundle, domain)

    # -- building ---------------------------------------------------------------------------
    def _add_bundle(self, bundle: dict, domain: str) -> None:
        objects = [o for o in bundle["objects"] if isinstance(o, dict)]
        tactic_ids: dict[str, str] = {}
        raw: dict[str, tuple[str, dict]] = {}
        for obj in objects:
            kind = _KINDS.get(obj.get("type", ""))
            ext_id, _ = _external_id(obj)
            if kind and ext_id and _ID_RE.match(ext_id):
                raw[obj["id"]] = (ext_id.upper(), obj)
                if kind == "tactic" and obj.get("x_mitre_shortname"):
                    tactic_ids[obj["x_mitre_shortname"]] = ext_id.upper()
        names = {ext: o.get("name", "") for ext, o in raw.values()}
        for stix_id, (ext_id, obj) in raw.items():
            if ext_id in self._objects:  # same object shipped by another domain
                self._by_stix.setdefault(stix_id, ext_id)
                continue
            kind = _KINDS[obj["type"]]
            parent = ext_id.split(".")[0] if kind == "technique" and "." in ext_id else None
            phases = obj.get("kill_chain_phases") or ()
            tactics = tuple(dict.fromkeys(
                tactic_ids[p["phase_name"]] for p in phases if p.get("phase_name") in tactic_ids
            ))
            aliases = tuple(a for a in (obj.get("x_mitre_aliases") or obj.get("aliases") or ())
                            if a and a != obj.get("name"))
            self._objects[ext_id] = AttackObject(
                id=ext_id,
                name=obj.get("name", ext_id),
                kind=kind,
                label=_label(ext_id, obj.get("name", ext_id), names.get(parent) if parent else None),
                description=clean_description(obj.get("description")),
                stix_id=stix_id,
                domain=domain,
                tactics=tactics,
                parent_id=parent,
                aliases=aliases,
                url=_external_id(obj)[1],
            )
            self._stix[ext_id] = obj
            self._by_stix[stix_id] = ext_id
            if obj.get("revoked") or obj.get("x_mitre_deprecated"):
                self._inactive.add(ext_id)
        for rel in objects:
            if rel.get("type") != "relationship":
                continue
            src, dst = raw.get(rel.get("source_ref", "")), raw.get(rel.get("target_ref", ""))
            if not src or not dst:
                continue
            if rel.get("relationship_type") == "revoked-by":
                self._revoked_by[src[0]] = dst[0]
            elif (rel.get("relationship_type") == "uses" and not rel.get("revoked")
                  and not rel.get("x_mitre_deprecated") and rel.get("description")):
                s_obj = self._objects.get(src[0])
                if s_obj is None or src[0] in self._inactive or dst[0] in self._inactive:
                    continue
                text = clean_description(rel["description"])
                if text:
                    self._procedures.append(Procedure(
                        s_obj.id, s_obj.name, s_obj.kind, s_obj.aliases, dst[0], text))

    # -- queries ----------------------------------------------------------------------------
    def resolve(self, attack_id: str) -> str:
        """Return the live ID for ``attack_id``, following ``revoked-by`` (case-insensitive)."""
        key = attack_id.strip().upper()
        seen = set()
        while key in self._revoked_by and key not in seen:
            seen.add(key)
            key = self._revoked_by[key]
        if key not in self._objects:
            raise UnknownAttackIdError(attack_id, self.version)
        return key

    def get(self, attack_id: str) -> AttackObject:
        """Return the object for an ID; a revoked ID gives its replacement.

        Raises:
            UnknownAttackIdError: the ID is not in the catalog.
        """
        return self._objects[self.resolve(attack_id)]

    def __contains__(self, attack_id: object) -> bool:
        return isinstance(attack_id, str) and attack_id.strip().upper() in self._objects

    def is_active(self, attack_id: str) -> bool:
        """True when the ID exists and is neither revoked nor deprecated."""
        key = attack_id.strip().upper()
        return key in self._objects and key not in self._inactive

    def by_stix_id(self, stix_id: str) -> AttackObject:
        """Return the object with a STIX id (``attack-pattern--...``)."""
        try:
            return self._objects[self._by_stix[stix_id]]
        except KeyError:
            raise UnknownAttackIdError(stix_id, self.version) from None

    def labels(self, kinds: Iterable[str] | None = None) -> list[AttackObject]:
        """Return the live candidate labels (no revoked/deprecated, no groups), sorted by ID.

        Args:
            kinds: a subset of ``("technique", "software", "tactic")``; None means all three.
        """
        wanted = set(LABEL_KINDS if kinds is None else kinds)
        bad = wanted - set(LABEL_KINDS)
        if bad:
            raise ValueError(f"unknown label kind(s) {sorted(bad)}: use {', '.join(LABEL_KINDS)}")
        return sorted(
            (o for k, o in self._objects.items() if o.kind in wanted and k not in self._inactive),
            key=lambda o: o.id,
        )

    def objects(self, kinds: Iterable[str] | None = None, *, live_only: bool = True) -> list[AttackObject]:
        """Return objects of any kind (groups and campaigns included), sorted by ID."""
        wanted = None if kinds is None else set(kinds)
        return sorted(
            (o for k, o in self._objects.items()
             if (wanted is None or o.kind in wanted) and not (live_only and k in self._inactive)),
            key=lambda o: o.id,
        )

    def children(self, attack_id: str) -> list[AttackObject]:
        """Return the live sub-techniques of a technique."""
        if not hasattr(self, "_children"):
            kids: dict[str, list[AttackObject]] = {}
            for obj in self.labels(["technique"]):
                if obj.parent_id:
                    kids.setdefault(obj.parent_id, []).append(obj)
            self._children = kids
        return list(self._children.get(attack_id.strip().upper(), ()))

    def procedures(self) -> list[Procedure]:
        """Return the procedure examples (``uses`` descriptions, citations stripped)."""
        return list(self._procedures)

    def stix_object(self, attack_id: str) -> dict:
        """Return the raw STIX dict of an object (revoked IDs give the replacement)."""
        return self._stix[self.resolve(attack_id)]

    def counts(self) -> dict[str, int]:
        """Count live objects per kind, plus revoked/deprecated ones."""
        out = {k: 0 for k in ("technique", "sub-technique", "software", "tactic", "group")}
        for key, obj in self._objects.items():
            if key in self._inactive or obj.kind == "campaign":
                continue
            out["sub-technique" if obj.parent_id else obj.kind] += 1
        out["revoked_or_deprecated"] = len(self._inactive)
        return out

    def __repr__(self) -> str:
        return f"AttackCatalog(version={self.version!r}, domains={self.domains!r})"


def shipped_attack_dir() -> Path:
    """Return ``shared_data/attack`` (the embedded ATT&CK v18.1 bundles)."""
    return shared_data_dir() / "attack"


def _bundle_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.name.endswith((".json", ".json.xz")))
        order = {dom: i for i, dom in enumerate(DOMAINS)}
        files.sort(key=lambda p: next((order[d] for d in DOMAINS if p.name.startswith(d)), 9))
        if not files:
            raise CatalogError(f"{path}: no ATT&CK bundle (*.json or *.json.xz) in this folder")
        return files
    if not path.exists():
        raise CatalogError(f"{path}: no such ATT&CK catalog file")
    return [path]


def load_catalog(attack_data: Path | str | None = None) -> AttackCatalog:
    """Load the ATT&CK catalog.

    Args:
        attack_data: a bundle file (``.json``/``.json.xz``) or a folder of them. None uses the
            version pinned by ``cti-map attack update`` if any, else the shipped v18.1 bundles
            (enterprise, mobile, ICS); pinned domains replace the shipped ones.

    Raises:
        CatalogError: a file is missing, unreadable or not ATT&CK.
    """
    if attack_data is not None:
        files = _bundle_files(Path(attack_data))
    else:
        from cti_mapper.catalog_update import pinned_bundles

        pinned = pinned_bundles()
        shipped = _bundle_files(shipped_attack_dir())
        files = [pinned.get(d) or next((p for p in shipped if p.name.startswith(d)), None)
                 for d in DOMAINS]
        files = [p for p in files if p is not None]
    triples = []
    for i, path in enumerate(files):
        try:
            bundle = load_bundle(path)
        except CatalogError as exc:
            fallback = None if attack_data is not None else next(
                (p for p in _bundle_files(shipped_attack_dir()) if p.name.startswith(DOMAINS[i])), None)
            if fallback is None or fallback == path:
                raise
            # A damaged pinned release must not stop every run: the shipped one is always there.
            logger.warning("%s; using the shipped release instead (see `cti-map attack rollback`)", exc)
            files[i] = path = fallback
            bundle = load_bundle(path)
        triples.append((bundle, bundle_domain(bundle), bundle_version(bundle, path)))
    catalog = AttackCatalog(triples, source=":".join(str(p) for p in files))
    logger.debug("loaded %r from %s", catalog, catalog.source)
    return catalog
