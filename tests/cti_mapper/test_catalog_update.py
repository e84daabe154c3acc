"""`attack update`/`info` library: validate, store atomically, pin, never break the working catalog."""

from __future__ import annotations

import json
import lzma

import pytest
from cti_helpers import MINI_ATTACK, release_bundle

from cti_mapper import catalog_update
from cti_mapper.attack import CatalogError, load_catalog


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_cache_dir_from_env(home):
    assert catalog_update.cache_dir() == home


def test_install_and_pin_local_file(home, tmp_path):
    src = release_bundle(tmp_path / "enterprise-attack-19.0.json")
    pin = catalog_update.install_bundle(src, domain="enterprise")
    assert pin.domain == "enterprise-attack" and pin.version == "19.0" and len(pin.sha256) == 64
    stored = home / "attack" / "enterprise-attack-19.0.json.xz"
    assert pin.path == str(stored) and json.loads(lzma.decompress(stored.read_bytes()))["type"] == "bundle"
    assert catalog_update.pinned_bundles() == {"enterprise-attack": stored}
    assert not list((home / "attack").glob("*.tmp"))
    cat = load_catalog()  # pinned enterprise + shipped mobile/ics
    assert cat.get("T1566").name == "Phishing" and "enterprise-attack" in cat.domains
    info = catalog_update.catalog_info()
    assert info["pinned"]["enterprise-attack"]["version"] == "19.0"
    assert info["counts"]["technique"] >= 3
    catalog_update.unpin("enterprise")
    assert catalog_update.pinned_bundles() == {}


def test_invalid_file_never_replaces_the_pin(home, tmp_path):
    good = release_bundle(tmp_path / "enterprise-attack-19.0.json")
    catalog_update.install_bundle(good)
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "bundle", "objects": []}')
    with pytest.raises(CatalogError, match="not an ATT&CK bundle"):
        catalog_update.update_catalog(source=bad)
    truncated = tmp_path / "trunc.json"
    truncated.write_bytes(MINI_ATTACK.read_bytes()[:500])
    with pytest.raises(CatalogError):
        catalog_update.update_catalog(source=str(truncated))
    assert catalog_update.pinned_bundles()["enterprise-attack"].name == "enterprise-attack-19.0.json.xz"


def test_domain_mismatch_and_unknown_domain(home):
    with pytest.raises(CatalogError, match="not mobile-attack"):
        catalog_update.install_bundle(MINI_ATTACK, domain="mobile")
    with pytest.raises(ValueError, match="unknown ATT&CK domain"):
        catalog_update.normalise_domain("pre")


def test_unknown_release_fails_before_any_download(home):
    with pytest.raises(CatalogError, match="not a known enterprise release"):
        catalog_update.update_catalog(domain="enterprise", version="0.1")
    assert catalog_update.pinned_bundles() == {}


def test_unreadable_pin_file_is_ignored(home):
    (home / "attack").mkdir(parents=True)
    (home / "attack" / "pinned.json").write_text("{broken")
    assert catalog_update.pinned_bundles() == {}
