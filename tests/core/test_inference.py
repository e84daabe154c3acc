import numpy as np
import pytest

from core import ModelLoadError, RankedItem, load_embedder, load_reranker, rank, retrieve_and_rerank, top_k_cosine

QUERY = "the actor sent spearphishing emails with malicious attachments"
DOCS = ["phishing attachment", "registry run keys", "credential dumping from lsass", "a very long " * 20]


def test_rank_orders_best_first_and_numbers_from_one(tiny_reranker):
    items = rank(tiny_reranker, QUERY, DOCS)
    assert [i.rank for i in items] == [1, 2, 3, 4]
    assert [i.score for i in items] == sorted((i.score for i in items), reverse=True)
    assert {i.doc_id for i in items} == {0, 1, 2, 3}
    assert all(isinstance(i, RankedItem) and i.text == DOCS[i.doc_id] for i in items)
    assert rank(tiny_reranker, QUERY, []) == []
    top = rank(tiny_reranker, QUERY, DOCS, doc_ids=["a", "b", "c", "d"], top_k=2, activation="sigmoid")
    assert len(top) == 2 and all(0 < i.score < 1 for i in top) and top[0].doc_id in "abcd"


def test_predict_matches_sentence_transformers_in_input_order(tiny_reranker):
    pairs = [(QUERY, d) for d in DOCS]
    ours = tiny_reranker.predict(pairs, batch_size=2)
    import torch

    theirs = tiny_reranker.cross_encoder.predict(pairs, activation_fn=torch.nn.Identity())
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


@pytest.mark.parametrize("backend", ["bf16", "onnx", "onnx-int8", "openvino", "openvino-bf16"])
def test_backends_agree_with_torch(tiny_reranker_path, backend):
    pairs = [(QUERY, d) for d in DOCS]
    reference = load_reranker(tiny_reranker_path, backend="torch").predict(pairs)
    scores = load_reranker(tiny_reranker_path, backend=backend).predict(pairs)
    tolerance = {"bf16": 0.05, "onnx": 1e-4, "onnx-int8": 0.1, "openvino": 1e-4, "openvino-bf16": 0.05}[backend]
    np.testing.assert_allclose(scores, reference, atol=tolerance)


def test_bad_model_paths_give_one_line_errors(tmp_path):
    with pytest.raises(ModelLoadError, match="not found"):
        load_reranker(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="not a model folder"):
        load_reranker(tmp_path / "empty")
    with pytest.raises(ModelLoadError, match="Hugging Face Hub"):
        load_reranker("no-such-org/no-such-model")
    with pytest.raises(ModelLoadError, match="unknown backend"):
        load_reranker(tmp_path, backend="tpu")


def test_top_k_cosine():
    corpus = np.eye(4, dtype=np.float32)
    query = np.array([0.1, 0.9, 0.3, 0.0], dtype=np.float32)
    indices, scores = top_k_cosine(query, corpus, 2)
    assert list(indices) == [1, 2] and scores[0] == pytest.approx(0.9)
    indices, _ = top_k_cosine(np.stack([query, corpus[3]]), corpus, 10)
    assert indices.shape == (2, 4) and indices[1, 0] == 3


def test_retrieve_and_rerank(tiny_reranker, tiny_embedder_path):
    embedder = load_embedder(tiny_embedder_path)
    corpus = embedder.encode(DOCS)
    assert corpus.shape == (4, embedder.dimension)
    np.testing.assert_allclose(np.linalg.norm(corpus, axis=1), 1.0, atol=1e-5)
    items = retrieve_and_rerank(
        QUERY, DOCS, embedder=embedder, reranker=tiny_reranker, corpus_embeddings=corpus,
        retrieve_k=3, top_k=2, doc_ids=["a", "b", "c", "d"],
    )
    assert len(items) == 2 and items[0].rank == 1 and items[0].score >= items[1].score
