"""Candidate generation: explicit IDs, name/alias mentions, implied tactics, label embeddings."""

from __future__ import annotations

import numpy as np
import pytest
from cti_helpers import MINI_ATTACK, FakeEmbedder

from cti_mapper.attack import load_catalog
from cti_mapper.candidates import AliasMatcher, LabelIndex, explicit_ids, implied_tactics, retrieval_text


@pytest.fixture(scope="module")
def cat():
    return load_catalog(MINI_ATTACK)


@pytest.fixture(scope="module")
def matcher(cat):
    return AliasMatcher(cat.objects(("technique", "software", "group")))


def ids(objs):
    return [o.id for o in objs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They used T1059.003 for execution.", ["T1059.003"]),
        ("Delivery [T1566.001] via email.", ["T1566.001"]),
        ("Cobalt Strike (S0154) was used.", ["S0154"]),
        ("Tactic TA0005, technique T1027; group G0016.", ["TA0005", "T1027", "G0016"]),
        ("T1566 then T1566.002.", ["T1566", "T1566.002"]),
        ("Old ID T1086 is revoked.", ["T1059.001"]),
        ("Deprecated T1064 and unknown T9999 are skipped.", []),
        ("No IDs in XT1059, T10590, T1059.0031 or t1059.", []),
    ],
)
def test_explicit_ids(cat, text, expected):
    assert ids(explicit_ids(text, cat)) == expected


def test_explicit_ids_deduplicate(cat):
    assert ids(explicit_ids("T1027 and T1027 again", cat)) == ["T1027"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The actors deployed Cobalt Strike beacons.", ["S0154"]),
        ("They used CobaltStrike and cobalt-strike loaders.", ["S0154"]),
        ("A Cobalt Strik beacon (typo) was seen.", ["S0154"]),  # fuzzy, long name
        ("TrickBot, also known as Totbrick, was dropped.", ["S0266"]),
        ("Cozy Bear sent Spearphishing Attachment emails.", ["G0016", "T1566.001"]),
        ("Ryuk encrypted the servers.", ["S0446"]),
        ("The group ran PowerShell scripts.", ["T1059.001"]),
        ("They used Net to add accounts and net.exe to map shares.", ["S0039"]),
    ],
)
def test_alias_hits(matcher, text, expected):
    assert matcher.find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The work at that park was network hardening.",  # "at", "RK" inside words and as words
        "RK is mentioned but two-letter names never match.",
        "Net effects were small.",  # common word at the start of a sentence
        "The net result was a shorter outage.",  # common word in lower case
        "The ryuk string in lower case does not count for a short name.",
        "Cobalt and Strike appear apart.",
    ],
)
def test_no_false_alias_hits(matcher, text):
    assert matcher.find(text) == []


def test_implied_tactics(cat):
    objs = [cat.get("T1566.001"), cat.get("T1059.003"), cat.get("S0154"), cat.get("T1566")]
    assert implied_tactics(objs) == ["TA0001", "TA0002"]


def test_retrieval_text(cat):
    assert retrieval_text(cat.get("TA0005")) == (
        "TA0005 — DEFENSE EVASION. The adversary is trying to avoid being detected.")


def test_label_index_is_cached(cat, tmp_path):
    labels = cat.labels()
    emb = FakeEmbedder()
    first = LabelIndex.build(labels, emb, cache_dirs=[tmp_path], write_dir=tmp_path)
    assert emb.calls == 1 and len(list(tmp_path.glob("label-embeddings-*.npz"))) == 1
    again = LabelIndex.build(labels, emb, cache_dirs=[tmp_path], write_dir=tmp_path)
    assert emb.calls == 1  # loaded from the cache, not re-embedded
    np.testing.assert_allclose(first.embeddings, again.embeddings, atol=1e-3)
    other = LabelIndex.build(labels[:-1], emb, cache_dirs=[tmp_path], write_dir=tmp_path)
    assert emb.calls == 2 and other.embeddings.shape[0] == len(labels) - 1


def test_label_index_search_best_first(cat):
    labels = cat.labels()
    index = LabelIndex.build(labels, FakeEmbedder())
    query = FakeEmbedder().encode(["spearphishing attachment emails"])
    idx, scores = index.search(query, 3)
    assert idx.shape == (1, 3) and scores[0, 0] >= scores[0, 1] >= scores[0, 2]
    assert labels[idx[0, 0]].id == "T1566.001"
    with pytest.raises(ValueError):
        LabelIndex(labels, np.zeros((1, 4)))
