"""The ATT&CK catalog: loading, label format, revoked/deprecated handling, bad catalogs."""

from __future__ import annotations

import json
import lzma

import pytest
from cti_helpers import MINI_ATTACK

from cti_mapper.attack import CatalogError, UnknownAttackIdError, clean_description, load_catalog


@pytest.fixture(scope="module")
def cat():
    return load_catalog(MINI_ATTACK)


def test_label_format_seed_card_style(cat):
    assert cat.get("T1566").label == "T1566 — PHISHING"
    assert cat.get("T1566.001").label == "T1566.001 — PHISHING: SPEARPHISHING ATTACHMENT"
    assert cat.get("S0154").label == "S0154 — COBALT STRIKE"
    assert cat.get("TA0005").label == "TA0005 — DEFENSE EVASION"
    assert cat.get("G0016").label == "G0016 — APT29"


def test_object_fields(cat):
    sub = cat.get("T1566.001")
    assert (sub.kind, sub.parent_id, sub.tactics) == ("technique", "T1566", ("TA0001",))
    assert sub.domain == "enterprise-attack"
    assert sub.url == "https://attack.mitre.org/techniques/T1566/001"
    assert sub.stix_id.startswith("attack-pattern--")
    trick = cat.get("S0266")
    assert trick.kind == "software" and trick.aliases == ("Totbrick", "TSPY_TRICKLOAD")
    assert cat.get("G0016").kind == "group" and "Cozy Bear" in cat.get("G0016").aliases


def test_get_is_case_insensitive_and_resolves_revoked(cat):
    assert cat.get("t1059.003").id == "T1059.003"
    assert cat.get(" ta0002 ").id == "TA0002"
    assert cat.get("T1086").id == "T1059.001"  # revoked-by
    assert cat.resolve("T1086") == "T1059.001"
    assert cat.stix_object("T1086")["name"] == "PowerShell"
    assert cat.stix_object("T1086")["id"] == cat.get("T1059.001").stix_id


def test_unknown_id_names_the_id(cat):
    with pytest.raises(UnknownAttackIdError, match="T9999"):
        cat.get("T9999")
    assert isinstance(UnknownAttackIdError("x"), ValueError)


def test_labels_exclude_revoked_deprecated_and_groups(cat):
    ids = {o.id for o in cat.labels()}
    assert "T1086" not in ids and "T1064" not in ids and "G0016" not in ids
    assert {"T1566", "T1566.001", "S0154", "TA0005"} <= ids
    assert cat.get("T1064").name == "Scripting"  # deprecated: still known, never a candidate
    assert not cat.is_active("T1064") and not cat.is_active("T1086") and cat.is_active("T1059")
    assert {o.kind for o in cat.labels(["technique"])} == {"technique"}
    assert {o.kind for o in cat.labels(("software", "tactic"))} == {"software", "tactic"}
    with pytest.raises(ValueError, match="group"):
        cat.labels(["group"])


def test_counts_and_children(cat):
    counts = cat.counts()
    assert counts == {"technique": 5, "sub-technique": 4, "software": 6, "tactic": 5, "group": 1,
                      "revoked_or_deprecated": 2}
    assert [o.id for o in cat.children("T1566")] == ["T1566.001", "T1566.002"]
    assert cat.version == "18.1" and cat.domains == ("enterprise-attack",)  # its x-mitre-collection


def test_descriptions_and_procedures_are_cleaned(cat):
    assert "(Citation" not in cat.get("T1566").description
    assert cat.get("T1566.001").description.endswith("See User Execution.")
    procs = {(p.source_id, p.target_id): p for p in cat.procedures()}
    assert procs[("G0016", "S0154")].text == "APT29 has used Cobalt Strike to move laterally."
    assert procs[("S0266", "T1566.001")].source_kind == "software"
    assert clean_description("a [b](http://x) c (Citation: Foo 2020)<code>d</code>") == "a b cd"
    assert clean_description(None) == ""


def test_load_xz_and_folder(tmp_path):
    bundle = json.loads(MINI_ATTACK.read_bytes())
    bundle["objects"] = [o for o in bundle["objects"] if o["type"] != "x-mitre-collection"]
    raw = json.dumps(bundle).encode()  # without a collection object, the file name gives the version
    (tmp_path / "enterprise-attack-17.0.json.xz").write_bytes(lzma.compress(raw))
    cat = load_catalog(tmp_path / "enterprise-attack-17.0.json.xz")
    assert cat.version == "17.0" and cat.get("T1566").name == "Phishing"
    assert load_catalog(tmp_path).version == "17.0"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "not a readable"),
        (json.dumps({"hello": "world"}).encode(), "not a STIX bundle"),
        (json.dumps({"type": "bundle", "objects": [{"type": "malware", "id": "malware--1"}]}).encode(),
         "not an ATT&CK bundle"),
    ],
)
def test_bad_catalog_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CatalogError, match=message):
        load_catalog(path)


def test_missing_and_empty(tmp_path):
    with pytest.raises(CatalogError, match="no such"):
        load_catalog(tmp_path / "nope.json")
    with pytest.raises(CatalogError, match="no ATT&CK bundle"):
        load_catalog(tmp_path)
    (tmp_path / "x.json.xz").write_bytes(b"garbage")
    with pytest.raises(CatalogError):
        load_catalog(tmp_path / "x.json.xz")


@pytest.mark.integration
def test_shipped_snapshot(monkeypatch, tmp_path):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))  # no user pin
    cat = load_catalog()
    assert cat.version == "18.1"
    assert cat.domains == ("enterprise-attack", "mobile-attack", "ics-attack")
    assert cat.get("T1584").label == "T1584 — COMPROMISE INFRASTRUCTURE"
    assert cat.get("S0030").label == "S0030 — CARBANAK"
    assert cat.get("TA0005").label == "TA0005 — DEFENSE EVASION"
    assert cat.get("T1566.001").label == "T1566.001 — PHISHING: SPEARPHISHING ATTACHMENT"
    assert cat.get("T1086").id == "T1059.001"  # revoked in v18.1 too
    counts = cat.counts()
    assert counts["technique"] > 300 and counts["sub-technique"] > 450 and counts["software"] > 800
    assert counts["tactic"] >= 14 + 12 and counts["group"] > 150
    assert len(cat.procedures()) > 15000
    assert all(o.id not in ("T1086",) for o in cat.labels())
