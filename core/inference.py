"""Ranking on top of `Reranker.predict`, and retrieve-then-rerank with a bi-encoder."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from core.model import Embedder, Reranker


@dataclass(frozen=True)
class RankedItem:
    """One ranked document: its id, score, 1-based rank, and optionally its text."""

    doc_id: Hashable
    score: float
    rank: int
    text: str | None = None


def _ids(documents: Sequence[str], doc_ids: Sequence[Hashable] | None) -> list[Hashable]:
    if doc_ids is None:
        return list(range(len(documents)))
    if len(doc_ids) != len(documents):
        raise ValueError(f"got {len(doc_ids)} doc_ids for {len(documents)} documents")
    return list(doc_ids)


def _ranked(ids, texts, scores, top_k: int | None) -> list[RankedItem]:
    order = np.argsort(-np.asarray(scores), kind="stable")[: top_k if top_k is not None else None]
    return [
        RankedItem(doc_id=ids[i], score=float(scores[i]), rank=position, text=texts[i])
        for position, i in enumerate(order, 1)
    ]


def rank(
    reranker: Reranker,
    query: str,
    documents: Sequence[str],
    *,
    doc_ids: Sequence[Hashable] | None = None,
    top_k: int | None = None,
    batch_size: int = 32,
    activation: str | None = None,
) -> list[RankedItem]:
    """Rank documents for a query with the cross-encoder, best first.

    Args:
        reranker: the cross-encoder.
        query: the query text.
        documents: candidate texts.
        doc_ids: ids to report (default: positions in `documents`).
        top_k: keep this many (None keeps all).
        batch_size: pairs per forward pass.
        activation: None for logits, "sigmoid" for 0..1 scores.

    Returns:
        RankedItems numbered from 1; [] for no documents.
    """
    ids = _ids(documents, doc_ids)
    if not documents:
        return []
    scores = reranker.predict([(query, d) for d in documents], batch_size=batch_size, activation=activation)
    return _ranked(ids, list(documents), scores, top_k)


def top_k_cosine(query_embeddings: np.ndarray, corpus_embeddings: np.ndarray, top_k: int):
    """Best `top_k` corpus rows by cosine (dot product of unit vectors).

    Returns (indices, scores), best first; 1-D for one query vector, 2-D for a matrix of queries.
    """
    single = query_embeddings.ndim == 1
    queries = np.atleast_2d(query_embeddings)
    similarity = queries @ corpus_embeddings.T
    k = min(top_k, corpus_embeddings.shape[0])
    if k <= 0:
        empty = np.zeros((len(queries), 0))
        return (empty[0].astype(int), empty[0]) if single else (empty.astype(int), empty)
    part = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(similarity, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    indices = np.take_along_axis(part, order, axis=1)
    scores = np.take_along_axis(part_scores, order, axis=1)
    return (indices[0], scores[0]) if single else (indices, scores)


def retrieve_and_rerank(
    query: str,
    documents: Sequence[str],
    *,
    embedder: Embedder,
    reranker: Reranker,
    corpus_embeddings: np.ndarray | None = None,
    retrieve_k: int = 100,
    top_k: int = 10,
    doc_ids: Sequence[Hashable] | None = None,
    activation: str | None = None,
) -> list[RankedItem]:
    """Take the bi-encoder's top `retrieve_k` by cosine, then rerank those with the cross-encoder.

    Pass `corpus_embeddings` (from `embedder.encode(documents)`) to embed a corpus once and
    reuse it across queries.
    """
    ids = _ids(documents, doc_ids)
    if not documents:
        return []
    if corpus_embeddings is None:
        corpus_embeddings = embedder.encode(documents)
    indices, _ = top_k_cosine(embedder.encode([query])[0], corpus_embeddings, retrieve_k)
    shortlist = [int(i) for i in indices]
    scores = reranker.predict([(query, documents[i]) for i in shortlist], activation=activation)
    return _ranked([ids[i] for i in shortlist], [documents[i] for i in shortlist], scores, top_k)
