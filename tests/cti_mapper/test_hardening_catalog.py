"""Hardening of `cti-map attack update|use|rollback`: validated, bounded, reversible, one-line errors.

Every refused update must leave the pinned catalog exactly as it was (pinned.json unchanged and
the same catalog loaded).
"""

from __future__ import annotations

import json
import lzma
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from cti_helpers import MINI_ATTACK as MINI
from cti_helpers import release_bundle

from cti_mapper import bundle_checks, catalog_update
from cti_mapper.attack import CatalogError, load_bundle
from cti_mapper.cli import cli

BOMB = Path(__file__).parent / "data" / "bomb-170mb.json.xz"  # 26 KB of xz, 170 MB of JSON


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A cti_mapper home with enterprise 19.0 pinned (a whole-release-sized test bundle)."""
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CTI_MAPPER_ATTACK_DATA", raising=False)
    good = release_bundle(tmp_path / "enterprise-attack-19.0.json")
    assert run(["attack", "update", "--from", good, "--version", "19.0"]).exit_code == 0
    return tmp_path / "home"


def _state(home: Path) -> tuple[bytes, list[str]]:
    attack = home / "attack"
    return (attack / "pinned.json").read_bytes(), sorted(p.name for p in attack.iterdir())


def _one_technique(tmp_path: Path) -> Path:
    bundle = json.loads(MINI.read_text())
    bundle["objects"] = [o for o in bundle["objects"] if o["type"] != "attack-pattern"
                         or o["external_references"][0]["external_id"] == "T1059"]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(bundle))
    return path


def _bad_bundles(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, expected message fragment)."""
    out: dict[str, tuple[Path, str]] = {"one technique": (_one_technique(tmp_path), "only 1 live technique")}
    truncated = tmp_path / "truncated.json.xz"
    truncated.write_bytes(lzma.compress(release_bundle(tmp_path / "r.json").read_bytes())[:3000])
    out["truncated xz"] = (truncated, "truncated .xz")
    garbage = tmp_path / "garbage.json.xz"
    garbage.write_bytes(b"\xfd7zXZ\x00" + bytes(range(256)) * 4)
    out["corrupt xz"] = (garbage, "corrupt .xz")
    for name, value, message in (("null object", None, "object 0 is NoneType"),
                                 ("string object", "x", "object 0 is str"),
                                 ("list name", {"type": "malware", "id": "malware--1", "name": ["x"]},
                                  "\"name\" is not a string")):
        bundle = json.loads(release_bundle(tmp_path / "r.json").read_text())
        bundle["objects"].insert(0, value)
        path = tmp_path / f"{name.replace(' ', '-')}.json"
        path.write_text(json.dumps(bundle))
        out[name] = (path, message)
    bundle = json.loads(release_bundle(tmp_path / "r.json").read_text())
    next(o for o in bundle["objects"] if o["type"] == "attack-pattern")["description"] = "x" * 100_001
    (tmp_path / "huge-field.json").write_text(json.dumps(bundle))
    out["oversized description"] = (tmp_path / "huge-field.json", "100001-character description")
    mobile = release_bundle(tmp_path / "mobile.json", techniques=5, tactics=12, software=30,
                            domain="mobile-attack")
    out["too small mobile"] = (mobile, "only 9 live technique")
    return out


CASES = ["one technique", "truncated xz", "corrupt xz", "null object", "string object",
         "list name", "oversized description", "too small mobile"]


@pytest.mark.parametrize("case", CASES)
def test_refused_update_is_one_line_and_keeps_the_catalog(home, tmp_path, case):
    path, message = _bad_bundles(tmp_path)[case]
    before = _state(home)
    domain = ["--domain", "mobile"] if "mobile" in case else []
    result = run(["attack", "update", "--from", path, *domain])
    assert result.exit_code == 1, result.output
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output and "Aborted" not in result.output
    assert _state(home) == before
    info = json.loads(run(["attack", "info", "-f", "json"]).stdout)
    assert info["pinned"]["enterprise-attack"]["version"] == "19.0"


def test_xz_bomb_is_refused_in_bounded_time_and_memory(home):
    before = _state(home)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run(["attack", "update", "--from", BOMB])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1 and "larger than 160 MB of JSON" in result.output
    assert result.output.count("\n") == 1
    assert time.perf_counter() - started < 20  # tracemalloc slows it; it inflates 160 MB once
    assert peak < 2.5 * bundle_checks.MAX_BUNDLE_BYTES  # not the 2 GB+ a full inflate takes
    assert _state(home) == before


def test_read_bundle_bytes_limit(tmp_path):
    small = tmp_path / "b.json.xz"
    small.write_bytes(lzma.compress(b"[" + b" " * 3_000_000 + b"]"))
    with pytest.raises(bundle_checks.BundleError, match="larger than 1 MB"):
        bundle_checks.read_bundle_bytes(small, limit=2**20)
    assert len(bundle_checks.read_bundle_bytes(small, limit=4 * 2**20)) == 3_000_002
    plain = tmp_path / "b.json"
    plain.write_bytes(b" " * (2**20 + 1))
    with pytest.raises(bundle_checks.BundleError, match="larger than 1 MB"):
        bundle_checks.read_bundle_bytes(plain, limit=2**20)


def test_bad_release_name_cannot_escape_the_folder(home, tmp_path):
    before = _state(home)
    good = release_bundle(tmp_path / "g.json")
    result = run(["attack", "update", "--from", good, "--version", "../../evil"])
    assert result.exit_code == 1 and "release name" in result.output
    assert _state(home) == before


def test_use_and_rollback(home, tmp_path):
    newer = release_bundle(tmp_path / "enterprise-attack-20.0.json", techniques=160)
    assert run(["attack", "update", "--from", newer, "--version", "20.0"]).exit_code == 0
    pins = lambda: catalog_update.pinned_bundles().get("enterprise-attack")  # noqa: E731
    assert pins().name == "enterprise-attack-20.0.json.xz"
    result = run(["attack", "rollback"])
    assert result.exit_code == 0 and "19.0" in result.output
    assert pins().name == "enterprise-attack-19.0.json.xz"
    assert (home / "attack" / "enterprise-attack-20.0.json.xz").is_file()  # kept for `use`
    result = run(["attack", "use", "20.0"])
    assert result.exit_code == 0, result.output
    assert pins().name == "enterprise-attack-20.0.json.xz"
    assert run(["attack", "use", "shipped"]).exit_code == 0 and pins() is None
    assert run(["attack", "rollback"]).exit_code == 0
    assert pins().name == "enterprise-attack-20.0.json.xz"


def test_rollback_to_the_shipped_catalog_then_nothing_left(home):
    assert run(["attack", "rollback"]).exit_code == 0
    assert catalog_update.pinned_bundles() == {}
    result = run(["attack", "rollback"])
    assert result.exit_code == 1 and "nothing to roll back to" in result.output
    assert result.output.count("\n") == 1


def test_use_unknown_version_lists_the_stored_ones(home):
    before = _state(home)
    result = run(["attack", "use", "99.9"])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "stored releases: shipped, 18.1, 19.0" in result.output
    assert _state(home) == before


def test_same_version_with_other_content_keeps_the_old_file(home, tmp_path):
    other = release_bundle(tmp_path / "x.json", techniques=170)
    pin = catalog_update.install_bundle(other, version="19.0")
    assert Path(pin.path).name.startswith("enterprise-attack-19.0-")
    assert (home / "attack" / "enterprise-attack-19.0.json.xz").is_file()


def test_attack_data_with_malformed_objects_is_one_line(tmp_path):
    bundle = json.loads(MINI.read_text())
    bundle["objects"].append({"type": "attack-pattern", "id": "attack-pattern--x",
                              "external_references": "T1000"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle))
    with pytest.raises(CatalogError, match="external_references\" is not a list"):
        load_bundle(path)
    result = run(["--attack-data", path, "attack", "info"])
    assert result.exit_code == 1 and result.output.count("\n") == 1


def test_damaged_pinned_release_falls_back_to_the_shipped_one(home, tmp_path, caplog):
    from cti_mapper.attack import load_catalog

    for domain, counts in (("mobile", (40, 10, 20)), ("ics", (40, 8, 5))):
        bundle = release_bundle(tmp_path / f"{domain}.json", techniques=counts[0], tactics=counts[1],
                                software=counts[2], domain=f"{domain}-attack")
        catalog_update.install_bundle(bundle, domain=domain, version="19.0")
    pinned = catalog_update.pinned_bundles()["mobile-attack"]
    pinned.write_bytes(pinned.read_bytes()[:100])  # damaged after it was pinned
    catalog = load_catalog()
    assert "mobile-attack-18.1.json.xz" in catalog.source
    assert "using the shipped release instead" in caplog.text
