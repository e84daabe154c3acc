"""Ranking on top of `Reranker.predict`, and retrieve-then-rerank over a list of texts."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
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

    A convenience over :func:`core.retrieval.retrieve_then_rerank` for a list of texts. Pass
    `corpus_embeddings` (from `embedder.encode(documents)`) to embed a corpus once and reuse it
    across queries.
    """
    from core.retrieval import cosine_retriever, retrieve_then_rerank

    ids = _ids(documents, doc_ids)
    if not documents:
        return []
    if corpus_embeddings is None:
        corpus_embeddings = embedder.encode(documents)
    [shortlist] = retrieve_then_rerank(
        [query], retriever=cosine_retriever(corpus_embeddings), reranker=reranker, embedder=embedder,
        doc_texts=lambda rows: [documents[i] for i in rows], retrieve_k=retrieve_k, activation=activation,
    )
    return [replace(item, doc_id=ids[item.doc_id]) for item in shortlist.ranked(top_k)]
