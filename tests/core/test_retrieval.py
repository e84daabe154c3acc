"""core.retrieval (the one retrieve-then-rerank) and core.embedding_cache, with fake models."""

import logging

import numpy as np
import pytest

import core
from core.embedding_cache import EmbeddingCache
from core.retrieval import cosine_retriever, retrieve_then_rerank, top_k_cosine


class LengthReranker:
    """Scores a pair by the document's length; records every call."""

    def __init__(self):
        self.calls = []

    def predict(self, pairs, batch_size=32, activation=None):
        self.calls.append((list(pairs), batch_size, activation))
        return np.array([float(len(doc)) for _, doc in pairs], dtype=np.float32)


CORPUS = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6], [0.6, 0.8]], dtype=np.float32)
TEXTS = {"a": "x", "b": "xxxx", "c": "xxx", "d": "xx"}


def test_cosine_retriever_maps_rows_to_ids_best_first():
    ids, sims = cosine_retriever(CORPUS, ["a", "b", "c", "d"])(np.array([[1.0, 0.0], [0.0, 1.0]]), 2)
    assert ids.tolist() == [["a", "c"], ["b", "d"]]
    assert np.allclose(sims, [[1.0, 0.8], [1.0, 0.8]])
    rows, _ = cosine_retriever(CORPUS)(np.array([1.0, 0.0]), 10)  # one vector; k above n keeps all
    assert rows.tolist() == [[0, 2, 3, 1]]
    with pytest.raises(ValueError, match="3 ids for 4"):
        cosine_retriever(CORPUS, ["a", "b", "c"])


def test_retrieve_then_rerank_batches_every_query_in_one_predict():
    reranker = LengthReranker()
    shortlists = retrieve_then_rerank(
        ["q1", "q2"], retriever=cosine_retriever(CORPUS, list("abcd")), reranker=reranker,
        doc_texts=lambda ids: [TEXTS[i] for i in ids], query_embeddings=np.array([[1.0, 0.0], [0.0, 1.0]]),
        retrieve_k=2, batch_size=7,
    )
    assert len(reranker.calls) == 1
    pairs, batch_size, activation = reranker.calls[0]
    assert pairs == [("q1", "x"), ("q1", "xxx"), ("q2", "xxxx"), ("q2", "xx")]
    assert (batch_size, activation) == (7, "sigmoid")
    first, second = shortlists
    assert first.candidates == ("a", "c") and first.scores == (1.0, 3.0) and first.retrieved == ("a", "c")
    assert [(item.doc_id, item.rank, item.text) for item in first.ranked()] == [("c", 1, "xxx"), ("a", 2, "x")]
    assert [item.doc_id for item in second.ranked(top_k=1)] == ["b"]
    assert second.score_of() == {"b": 4.0, "d": 2.0}


def test_first_stage_can_be_any_callable_and_the_app_can_add_candidates():
    # A database's vector index stands behind the same signature (pgvector's ORDER BY <=> LIMIT k).
    def index(query_embeddings, top_k):
        return [[42, 7][:top_k] for _ in query_embeddings], [[0.9, 0.5][:top_k] for _ in query_embeddings]

    seen = []

    def candidates(row, retrieved, sims):
        seen.append((row, retrieved, sims))
        return ["explicit", *retrieved] if row == 0 else []  # the second query drops everything

    reranker = LengthReranker()
    first, second = retrieve_then_rerank(
        ["s1", "s2"], retriever=index, reranker=reranker, doc_texts=lambda ids: [f"doc{i}" for i in ids],
        query_embeddings=np.zeros((2, 3)), retrieve_k=2, candidates=candidates,
    )
    assert seen == [(0, (42, 7), (0.9, 0.5)), (1, (42, 7), (0.9, 0.5))]
    assert first.candidates == ("explicit", 42, 7) and first.texts == ("docexplicit", "doc42", "doc7")
    assert second.candidates == () and second.ranked() == []


def test_retrieve_then_rerank_edge_cases():
    reranker = LengthReranker()
    kwargs = dict(retriever=cosine_retriever(CORPUS), reranker=reranker, doc_texts=lambda ids: ["x"] * len(ids))
    assert retrieve_then_rerank([], **kwargs) == []
    with pytest.raises(ValueError, match="embedder or query_embeddings"):
        retrieve_then_rerank(["q"], **kwargs)
    with pytest.raises(ValueError, match="2 query embeddings for 1"):
        retrieve_then_rerank(["q"], query_embeddings=np.ones((2, 2)), **kwargs)
    [empty] = retrieve_then_rerank(["q"], query_embeddings=np.ones((1, 2)), retrieve_k=0, **kwargs)
    assert empty.candidates == () and reranker.calls == []  # nothing to score: no forward pass


def test_top_k_cosine_is_exported_from_its_old_name():
    assert core.top_k_cosine is top_k_cosine


def test_embedding_cache_round_trip_key_and_atomic_replace(tmp_path):
    cache = EmbeddingCache(tmp_path / "sub" / "emb.npz")
    assert cache.load() is None
    ids, matrix = np.arange(3), np.eye(3, dtype=np.float16)
    assert cache.save({"ids": ids, "matrix": matrix}, key="v1")
    loaded = cache.load("v1")
    assert loaded.keys() == {"ids", "matrix"} and np.array_equal(loaded["matrix"], matrix)
    assert cache.load("v2") is None  # stale
    assert cache.load() is not None  # no key asked: any content
    cache.save({"embeddings": matrix}, compress=True)
    assert list(cache.load()) == ["embeddings"]
    assert not [p for p in cache.path.parent.iterdir() if p.name != "emb.npz"]  # no temp file left
    with pytest.raises(ValueError, match="reserved"):
        cache.save({"key": ids})
    cache.clear()
    cache.clear()  # a missing file is fine
    assert not cache.path.exists()


def test_embedding_cache_ignores_a_broken_file_and_survives_a_read_only_folder(tmp_path, caplog):
    path = tmp_path / "emb.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with caplog.at_level(logging.WARNING):
        assert EmbeddingCache(path).load("k") is None
    assert "ignoring unreadable embedding cache" in caplog.text
    blocker = tmp_path / "a-file"  # its "folder" cannot be created, even by root
    blocker.write_text("")
    with caplog.at_level(logging.WARNING):
        assert EmbeddingCache(blocker / "emb.npz").save({"ids": np.arange(2)}) is False
    assert "cannot write embedding cache" in caplog.text
