"""core.retrieval (the one retrieve-then-rerank) and core.embedding_cache, with fake models."""

import logging

import numpy as np
import pytest

import core
from core.embedding_cache import EmbeddingCache
from core.retrieval import cosine_retriever, rerank_top_k, retrieve_then_rerank, top_k_cosine


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


class TableReranker:
    """Returns a fixed sigmoid score per document; counts the pairs it scored."""

    def __init__(self, table):
        self.table, self.scored = table, 0

    def predict(self, pairs, batch_size=32, activation=None):
        self.scored += len(pairs)
        return np.array([self.table[doc] for _, doc in pairs])


@pytest.mark.parametrize("seed", range(40))
def test_rerank_top_k_gives_the_top_k_of_scoring_everyone(seed):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 60)), int(rng.integers(1, 12))
    docs = [f"d{i}" for i in range(n)]
    text = {d: f"t{rng.integers(0, max(1, n // 2)) if seed % 2 else i}" for i, d in enumerate(docs)}  # odd: shared
    model = {t: round(float(rng.random()), 2) for t in sorted(set(text.values()))}  # rounded: ties happen
    weight = dict(zip(docs, rng.choice([0.0, 0.25, 0.5, 1.0], n), strict=True))
    blocked = dict(zip(docs, rng.random(n) < 0.2, strict=True))

    def final(doc, score):  # jobmatch's shape: coverage x (0.6 + 0.4 x model), blocked ones below all
        return weight[doc] * (0.6 + 0.4 * score) - (2.0 if blocked[doc] else 0.0)

    reranker = TableReranker(model)
    found = rerank_top_k("q", docs, [text[d] for d in docs], reranker=reranker, final=final, top_k=k, batch_size=4)
    everyone = sorted(docs, key=lambda d: -final(d, model[text[d]]))
    best = sorted(found, key=lambda d: -final(d, found[d]))[:k]
    assert [final(d, found[d]) for d in best] == [final(d, model[text[d]]) for d in everyone[:k]]
    assert all(found[d] == model[text[d]] for d in found)
    assert reranker.scored == len({text[d] for d in found})  # one model call per distinct text


def test_rerank_top_k_skips_candidates_that_cannot_reach_the_top():
    docs = ["full1", "full2", "half1", "half2", "none"]
    weight = {"full1": 1.0, "full2": 1.0, "half1": 0.5, "half2": 0.5, "none": 0.0}
    reranker = TableReranker(dict.fromkeys(docs, 0.1))
    found = rerank_top_k("q", docs, docs, reranker=reranker, final=lambda d, s: weight[d] * (0.6 + 0.4 * s),
                         top_k=2, batch_size=2)
    assert set(found) == {"full1", "full2"} and reranker.scored == 2  # 0.5 x 1.0 < 1.0 x 0.64


def test_retrieve_then_rerank_scores_only_what_can_reach_top_k():
    reranker = TableReranker({"x": 0.9, "xxxx": 0.1, "xxx": 0.5, "xx": 0.2})
    weight = {"a": 1.0, "b": 0.1, "c": 1.0, "d": 0.1}
    [short] = retrieve_then_rerank(
        ["q"], retriever=cosine_retriever(CORPUS, list("abcd")), reranker=reranker,
        doc_texts=lambda ids: [TEXTS[i] for i in ids], query_embeddings=np.array([[1.0, 0.0]]), retrieve_k=4,
        final=lambda q, doc, s: weight[doc] * (0.5 + 0.5 * s), top_k=1, batch_size=2,
    )
    assert short.candidates == ("a", "c") and short.scores == (0.9, 0.5) and short.retrieved == ("a", "c", "d", "b")
    with pytest.raises(ValueError, match="sigmoid"):
        retrieve_then_rerank(["q"], retriever=cosine_retriever(CORPUS), reranker=reranker, doc_texts=lambda ids: ["x"],
                             query_embeddings=np.ones((1, 2)), final=lambda q, d, s: s, top_k=1, activation=None)


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
