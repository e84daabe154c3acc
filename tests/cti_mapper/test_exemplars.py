"""Retrieval by example: best example cosine per label, leave-one-source-out, save/load."""

from __future__ import annotations

import numpy as np
import pytest

from cti_mapper.exemplars import ExemplarIndex
from tests.cti_mapper.cti_helpers import FakeEmbedder


def _index():
    emb = np.eye(4, dtype=np.float32)[:3]  # three examples on three axes
    return ExemplarIndex(["a", "b", "c"], [("T1", "S1"), ("T1",), ("T2",)], ["doc1", "doc2", "attack"], emb, "e")


def test_label_scores_take_the_best_example_per_label():
    index = _index()
    query = np.array([[0.6, 0.8, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]], dtype=np.float32)
    scores = index.label_scores(query, {"T1": 0, "T2": 1, "S1": 2, "T3": 3}, 4)
    assert scores[0].tolist() == pytest.approx([0.8, 0.0, 0.6, -1.0])
    assert scores[1].tolist() == pytest.approx([0.0, 1.0, 0.0, -1.0])


def test_label_scores_hide_the_query_source():
    scores = _index().label_scores(np.array([[0.6, 0.8, 0, 0]], dtype=np.float32), {"T1": 0}, 1,
                                   exclude_sources=["doc2"])
    assert scores[0, 0] == pytest.approx(0.6)  # doc2's example (0.8) is hidden


def test_roundtrip_and_reembedding(tmp_path):
    embedder = FakeEmbedder()
    index = ExemplarIndex.build([("phishing email attachment", ("T1566.001",), "doc1"),
                                 ("ran cmd.exe", ("T1059.003",), "attack")], embedder)
    path = tmp_path / "exemplars.npz"
    path.write_bytes(index.to_bytes())
    same = ExemplarIndex.load(path, embedder)
    assert same.texts == index.texts and same.labels == index.labels and same.sources == index.sources
    assert np.allclose(same.embeddings, index.embeddings, atol=1e-3)
    calls = embedder.calls
    other = FakeEmbedder(dim=32)
    other.name = "another-embedder"
    assert ExemplarIndex.load(path, other).embeddings.shape == (2, 32)  # re-embedded
    assert embedder.calls == calls


def test_reembedding_is_cached_once_per_embedder(tmp_path):
    index = ExemplarIndex.build([("phishing email attachment", ("T1566.001",), "doc1")], FakeEmbedder())
    path = tmp_path / "exemplars.npz"
    path.write_bytes(index.to_bytes())
    other = FakeEmbedder(dim=32)
    other.name = "models/cti-embedder"
    cache = tmp_path / "cache"
    first = ExemplarIndex.load(path, other, cache_dirs=[cache], write_dir=cache)
    assert other.calls == 1 and len(list(cache.glob("exemplar-embeddings-*.npz"))) == 1
    again = ExemplarIndex.load(path, other, cache_dirs=[cache], write_dir=cache)
    assert other.calls == 1  # read back, not re-embedded
    assert np.allclose(again.embeddings, first.embeddings, atol=1e-3)
    third = FakeEmbedder(dim=32)
    third.name = "models/another-embedder"
    ExemplarIndex.load(path, third, cache_dirs=[cache], write_dir=cache)
    assert third.calls == 1  # another bi-encoder never reads the first one's vectors


def test_unreadable_file(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="cannot read exemplar index"):
        ExemplarIndex.load(bad)
    with pytest.raises(ValueError, match="differ in length"):
        ExemplarIndex(["a"], [], [], np.zeros((1, 2)))
