"""``cti-map attack update`` / ``info`` as library functions: fetch, validate, store and pin a release.

A release is stored xz-compressed in ``<cache_dir()>/attack/`` and pinned in ``pinned.json``; a
failed, partial or invalid download never touches the working catalog (temp file, validate,
then ``os.replace``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import lzma
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from core.files import write_atomic
from cti_mapper.attack import CatalogError, bundle_domain, bundle_version, load_bundle, load_catalog
from cti_mapper.bundle_checks import BundleError, check_release, read_bundle_bytes
from cti_mapper.config import HOME_ENV, cache_dir

logger = logging.getLogger(__name__)

__all__ = [
    "HOME_ENV",
    "PinnedRelease",
    "cache_dir",
    "catalog_info",
    "download_release",
    "install_bundle",
    "pinned_bundles",
    "rollback",
    "stored_releases",
    "unpin",
    "use_release",
    "update_catalog",
]

_SHORT = {"enterprise": "enterprise-attack", "mobile": "mobile-attack", "ics": "ics-attack"}


@dataclass(frozen=True)
class PinnedRelease:
    """A stored, validated ATT&CK release that ``load_catalog()`` uses for its domain."""

    domain: str
    version: str
    path: str
    sha256: str
    source: str


def _attack_dir() -> Path:
    return cache_dir() / "attack"


def _pins_path() -> Path:
    return _attack_dir() / "pinned.json"


def _read_pins() -> dict[str, dict]:
    try:
        data = json.loads(_pins_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


def pinned_bundles() -> dict[str, Path]:
    """Return ``{domain: bundle path}`` of the pinned releases whose files still exist."""
    out = {}
    for domain, pin in _read_pins().items():
        path = Path(str(pin.get("path", "")))
        if domain in _SHORT.values() and path.is_file():
            out[domain] = path
    return out


def normalise_domain(domain: str) -> str:
    """Accept ``enterprise`` or ``enterprise-attack`` (mobile, ics likewise)."""
    full = _SHORT.get(domain.lower(), domain.lower())
    if full not in _SHORT.values():
        raise ValueError(f"unknown ATT&CK domain {domain!r}: use enterprise, mobile or ics")
    return full


def install_bundle(source: Path | str, *, domain: str | None = None, version: str | None = None) -> PinnedRelease:
    """Validate a local bundle (``.json`` or ``.json.xz``), store it atomically and pin it.

    The previous pin is remembered (``attack rollback``) and its file is never overwritten.

    Args:
        source: the bundle file.
        domain: expected domain; a bundle of another domain is refused.
        version: release name when the bundle does not say (else from the collection object,
            mitreattack's SHA-256 release table, or the file name).

    Raises:
        CatalogError: the file is not a whole ATT&CK release (too large, malformed, too few
            techniques, tactics or software), or is of another domain; nothing is changed.
    """
    source = Path(source)
    bundle = load_bundle(source)  # raises CatalogError before anything is written
    found = bundle_domain(bundle)
    if domain is not None and normalise_domain(domain) != found:
        raise CatalogError(f"{source}: a {found} bundle, not {normalise_domain(domain)}")
    try:
        check_release(bundle["objects"], found, str(source))
    except BundleError as exc:
        raise CatalogError(str(exc)) from None
    if version is not None and not _VERSION_NAME.fullmatch(version):
        raise CatalogError(f"release name {version!r}: use digits, letters, '.', '-' or '_'")
    raw = read_bundle_bytes(source)
    sha = hashlib.sha256(raw).hexdigest()
    version = version or _known_version(found, raw) or bundle_version(bundle, source)
    target = _attack_dir() / f"{found}-{version}.json.xz"
    if target.exists() and _stored_sha(target) != sha:
        target = target.with_name(f"{found}-{version}-{sha[:8]}.json.xz")  # keep the old one
    if not target.exists():
        _write_atomic(target, lzma.compress(raw, preset=6))
    return _pin(PinnedRelease(found, version, str(target), sha, str(source)))


_VERSION_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}")


def _stored_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_bundle_bytes(path)).hexdigest()
    except (OSError, ValueError):
        return None


def _pin(pin: PinnedRelease, *, remember: bool = True) -> PinnedRelease:
    """Make ``pin`` the release in use for its domain; remember the one it replaces."""
    pins = _read_pins()
    previous = pins.get(pin.domain)
    if remember and previous != asdict(pin):
        history = _read_history()
        history.setdefault(pin.domain, []).append(previous)  # None: the shipped release
        _write_atomic(_history_path(), json.dumps(history, indent=2).encode())
    pins[pin.domain] = asdict(pin)
    _write_atomic(_pins_path(), json.dumps(pins, indent=2).encode())
    logger.info("pinned ATT&CK %s %s from %s", pin.domain, pin.version, pin.source)
    return pin


def _history_path() -> Path:
    return _attack_dir() / "history.json"


def _read_history() -> dict[str, list]:
    try:
        data = json.loads(_history_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list)}


def stored_releases(domain: str = "enterprise") -> dict[str, Path]:
    """Return ``{version: file}`` of the releases stored for a domain (shipped one included)."""
    full = normalise_domain(domain)
    from cti_mapper.attack import shipped_attack_dir

    out = {}
    shipped = shipped_attack_dir() / f"{full}-18.1.json.xz"
    if shipped.is_file():
        out["18.1"] = shipped
    folder = _attack_dir()
    if folder.is_dir():
        for path in sorted(folder.glob(f"{full}-*.json.xz")):
            out[path.name[len(full) + 1 : -len(".json.xz")]] = path
    return out


def use_release(version: str, *, domain: str = "enterprise") -> PinnedRelease | None:
    """Pin a release stored earlier (``cti-map attack use VERSION``); "shipped" unpins.

    Returns:
        The new pin, or None when the shipped release is used again.

    Raises:
        CatalogError: no such stored release, or its file no longer validates.
    """
    full = normalise_domain(domain)
    releases = stored_releases(domain)
    from cti_mapper.attack import shipped_attack_dir

    path = releases.get(version)
    if version == "shipped" or (path is not None and path.parent == shipped_attack_dir()):
        return _unpin_one(full, remember=True)
    if path is None:
        shown = ", ".join(["shipped", *releases]) or "none"
        raise CatalogError(f"ATT&CK {full} {version} is not stored; stored releases: {shown} "
                           "(add one with `cti-map attack update`)")
    bundle = load_bundle(path)
    try:
        check_release(bundle["objects"], full, str(path))
    except BundleError as exc:
        raise CatalogError(str(exc)) from None
    sha = hashlib.sha256(read_bundle_bytes(path)).hexdigest()
    return _pin(PinnedRelease(full, version, str(path), sha, str(path)))


def rollback(domain: str = "enterprise") -> PinnedRelease | None:
    """Go back to the release pinned before the last update or ``use`` (None: the shipped one).

    Raises:
        CatalogError: there is nothing to roll back to.
    """
    full = normalise_domain(domain)
    history = _read_history()
    stack = history.get(full) or []
    while stack:
        previous = stack.pop()
        if previous is not None and not Path(str(previous.get("path", ""))).is_file():
            continue  # removed by hand: skip to the one before
        history[full] = stack
        _write_atomic(_history_path(), json.dumps(history, indent=2).encode())
        if previous is None:
            return _unpin_one(full, remember=False)
        return _pin(PinnedRelease(**{k: str(previous.get(k, "")) for k in
                                     ("domain", "version", "path", "sha256", "source")}),
                    remember=False)
    raise CatalogError(f"nothing to roll back to: no earlier {full} release was pinned here")


def _unpin_one(full: str, *, remember: bool) -> None:
    pins = _read_pins()
    if full in pins and remember:
        history = _read_history()
        history.setdefault(full, []).append(pins[full])
        _write_atomic(_history_path(), json.dumps(history, indent=2).encode())
    pins.pop(full, None)
    _write_atomic(_pins_path(), json.dumps(pins, indent=2).encode())
    return None


def _known_version(domain: str, raw: bytes) -> str | None:
    """Recognise an official release by its SHA-256 (mitreattack's release_info)."""
    try:
        from mitreattack import release_info
    except ImportError:
        return None
    for stix in ("2.0", "2.1"):
        version = release_info.get_attack_version(domain, stix_version=stix, stix_content=raw)
        if version:
            return version
    return None


def download_release(domain: str = "enterprise", version: str | None = None, *, stix_version: str = "2.0",
                     download_dir: Path | None = None) -> Path:
    """Download an official release with mitreattack-python's downloader (hash-checked).

    Args:
        domain: enterprise, mobile or ics.
        version: release (e.g. ``"18.1"``); None is mitreattack's latest known release.
        stix_version: ``"2.0"`` (mitre/cti, as shipped) or ``"2.1"`` (attack-stix-data).
        download_dir: folder for the download (a temp folder under the cache by default).

    Raises:
        CatalogError: unknown release, or the download failed or did not match its hash.
    """
    try:
        from mitreattack import release_info
        from mitreattack.download_stix import download_stix
    except ImportError as exc:
        raise CatalogError(f"online update needs mitreattack-python's downloader ({exc})") from None
    full = normalise_domain(domain)
    short = full.removesuffix("-attack")
    version = version or release_info.LATEST_VERSION
    table = release_info.STIX20 if stix_version == "2.0" else release_info.STIX21
    known_hash = table.get(short, {}).get(version)
    if known_hash is None:
        raise CatalogError(f"ATT&CK {version} is not a known {short} release (STIX {stix_version})")
    if download_dir is not None:
        folder = Path(download_dir)
    else:
        folder = Path(tempfile.mkdtemp(prefix="download-", dir=_ensure(_attack_dir())))
    try:
        download_stix(stix_version, short, str(folder), version, known_hash)
    except Exception as exc:  # network, HTTP or hash mismatch: nothing was pinned
        if download_dir is None:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        raise CatalogError(f"downloading ATT&CK {short} {version} failed: {exc}") from None
    return folder / f"v{version}" / f"{short}-attack.json"


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def update_catalog(*, domain: str = "enterprise", version: str | None = None,
                   source: Path | str | None = None) -> PinnedRelease:
    """Install a release from a local file, a URL, or (``source=None``) MITRE's official files.

    Raises:
        CatalogError: download or validation failed; the working catalog is unchanged.
    """
    if source is None:
        path = download_release(domain, version)
        try:
            return install_bundle(path, domain=domain, version=version)
        finally:
            _remove_download(path)
    text = str(source)
    if text.startswith(("http://", "https://")):
        return _install_url(text, domain=domain, version=version)
    return install_bundle(Path(text), domain=domain, version=version)


def _install_url(url: str, *, domain: str, version: str | None) -> PinnedRelease:
    import urllib.request

    folder = Path(tempfile.mkdtemp(prefix="download-", dir=_ensure(_attack_dir())))
    name = url.rsplit("/", 1)[-1] or "bundle.json"
    path = folder / (name if name.endswith((".json", ".xz")) else name + ".json")
    try:
        with urllib.request.urlopen(url, timeout=60) as resp, open(path, "wb") as fh:  # noqa: S310
            while chunk := resp.read(1 << 20):
                fh.write(chunk)
    except (OSError, ValueError) as exc:
        _remove_download(path)
        raise CatalogError(f"downloading {url} failed: {exc}") from None
    try:
        return install_bundle(path, domain=domain, version=version)
    finally:
        _remove_download(path)


def _remove_download(path: Path) -> None:
    import shutil

    top = path
    while top.parent != _attack_dir() and top.parent != top:
        top = top.parent
    if top.name.startswith("download-"):
        shutil.rmtree(top, ignore_errors=True)


def unpin(domain: str | None = None) -> None:
    """Forget pinned releases (one domain, or all): the shipped v18.1 is used again."""
    pins = _read_pins()
    for key in [normalise_domain(domain)] if domain else list(pins):
        pins.pop(key, None)
    _write_atomic(_pins_path(), json.dumps(pins, indent=2).encode())


def catalog_info(attack_data: Path | str | None = None) -> dict:
    """Describe the catalog in use: version, domains, source files, pins and object counts."""
    catalog = load_catalog(attack_data)
    return {
        "version": catalog.version,
        "domains": list(catalog.domains),
        "source": catalog.source,
        "pinned": {d: p for d, p in _read_pins().items()} if attack_data is None else {},
        "counts": catalog.counts(),
    }
