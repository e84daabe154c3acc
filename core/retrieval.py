"""Retrieve, then rerank: one pipeline for every app, with a pluggable first stage.

A first stage (a ``Retriever``) turns query embeddings into a shortlist of document ids per
query; the cross-encoder then scores (query, document text) for every shortlisted id of every
query in one batched ``predict`` call. The first stage is any callable with the ``Retriever``
signature: cosine over an in-memory matrix (:func:`cosine_retriever`, the default), a database's
vector index (pgvector's ``ORDER BY embedding <=> :q LIMIT k``), or an app's own (the CTI mapper
scores a label as the better of its text and its most similar labelled sentence).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from core.model import Embedder, Reranker

__all__ = ["Retriever", "Shortlist", "cosine_retriever", "rerank_top_k", "retrieve_then_rerank", "top_k_cosine"]


class Retriever(Protocol):
    """A first stage: ``(query_embeddings (n, d), top_k)`` -> (ids per query, similarities per query).

    Each query's ids come best first, at most ``top_k`` of them, with one similarity per id.
    """

    def __call__(
        self, query_embeddings: np.ndarray, top_k: int
    ) -> tuple[Sequence[Sequence[Hashable]], Sequence[Sequence[float]]]: ...


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


def cosine_retriever(corpus_embeddings: np.ndarray, ids: Sequence[Hashable] | None = None) -> Retriever:
    """The default first stage: cosine top-k over an in-memory (n, d) matrix of unit vectors.

    Args:
        corpus_embeddings: one row per document.
        ids: the id of each row (default: the row numbers).
    """
    if ids is not None and len(ids) != corpus_embeddings.shape[0]:
        raise ValueError(f"got {len(ids)} ids for {corpus_embeddings.shape[0]} embeddings")
    id_array = None if ids is None else np.asarray(ids)

    def retrieve(query_embeddings: np.ndarray, top_k: int):
        indices, scores = top_k_cosine(np.atleast_2d(query_embeddings), corpus_embeddings, top_k)
        return (indices if id_array is None else id_array[indices]), scores

    return retrieve


@dataclass(frozen=True)
class Shortlist:
    """One query's documents after both stages, in candidate order (first stage order by default).

    ``scores`` holds the cross-encoder score of each candidate; ``similarities`` the first stage's
    score of each retrieved id (a candidate added by the app, not retrieved, has none).
    """

    query: str
    candidates: tuple[Hashable, ...]
    scores: tuple[float, ...]
    texts: tuple[str, ...]
    retrieved: tuple[Hashable, ...]
    similarities: tuple[float, ...]

    def score_of(self) -> dict[Hashable, float]:
        """Candidate id -> cross-encoder score."""
        return dict(zip(self.candidates, self.scores, strict=True))

    def ranked(self, top_k: int | None = None):
        """The candidates as ``RankedItem``s, best score first (ties keep candidate order), ranks from 1."""
        from core.inference import RankedItem

        order = np.argsort(-np.asarray(self.scores, dtype=float), kind="stable")[:top_k]
        return [
            RankedItem(doc_id=self.candidates[i], score=float(self.scores[i]), rank=n, text=self.texts[i])
            for n, i in enumerate(order, 1)
        ]


CandidateHook = Callable[[int, Sequence[Hashable], Sequence[float]], Sequence[Hashable]]
FinalScore = Callable[[int, Hashable, float], float]


def rerank_top_k(
    query: str,
    candidates: Sequence[Hashable],
    texts: Sequence[str],
    *,
    reranker: Reranker,
    final: Callable[[Hashable, float], float],
    top_k: int,
    batch_size: int = 16,
) -> dict[Hashable, float]:
    """Cross-encode only the candidates that can still reach the top ``top_k`` of an app's final score.

    For an app whose final score is nondecreasing in the cross-encoder's sigmoid score (jobmatch:
    must-have coverage x (0.6 + 0.3 x model + ...) x seniority), ``final(c, 1.0)`` bounds what
    candidate ``c`` can reach. Candidates are scored in batches, best bound first, until the next
    bound is below the k-th best final score so far: the top k, and every score in it, are those of
    scoring everyone, for fewer model calls. Candidates with the same text share one model call
    (jobmatch's card is role, level and skills: near neighbours in a large pool often share it).

    Returns:
        candidate -> sigmoid score, for the candidates scored (the others cannot reach the top k).
    """
    bounds = [final(c, 1.0) for c in candidates]
    scores: dict[Hashable, float] = {}
    best: list[float] = []  # min-heap of the top_k best final scores so far
    known: dict[str, float] = {}  # text -> its sigmoid score
    waiting: dict[str, list[int]] = {}  # the next batch: text -> the candidates that have it

    def settle(i: int, value: float) -> None:
        scores[candidates[i]] = value
        heapq.heappush(best, final(candidates[i], value))
        if len(best) > top_k:
            heapq.heappop(best)

    def score_waiting() -> None:
        batch = list(waiting)
        found = reranker.predict([(query, text) for text in batch], batch_size=batch_size, activation="sigmoid")
        for text, value in zip(batch, np.asarray(found).tolist(), strict=True):
            known[text] = float(value)
            for i in waiting[text]:
                settle(i, float(value))
        waiting.clear()

    for i in sorted(range(len(candidates)), key=lambda i: -bounds[i]):
        text = texts[i]
        if text in known:
            settle(i, known[text])
        elif text in waiting:
            waiting[text].append(i)
        elif not waiting and len(best) >= top_k and bounds[i] < best[0]:
            break
        else:
            waiting[text] = [i]
            if len(waiting) == batch_size:
                score_waiting()
    if waiting:
        score_waiting()
    return scores


def retrieve_then_rerank(
    queries: Sequence[str],
    *,
    retriever: Retriever,
    reranker: Reranker,
    doc_texts: Callable[[Sequence[Hashable]], Sequence[str]],
    embedder: Embedder | None = None,
    query_embeddings: np.ndarray | None = None,
    retrieve_k: int = 100,
    candidates: CandidateHook | None = None,
    batch_size: int = 32,
    activation: str | None = "sigmoid",
    final: FinalScore | None = None,
    top_k: int | None = None,
) -> list[Shortlist]:
    """Shortlist documents for each query with ``retriever``, then score them all with the cross-encoder.

    Args:
        queries: query texts (the left side of every reranked pair).
        retriever: the first stage (see :class:`Retriever`; :func:`cosine_retriever` for a matrix).
        reranker: the cross-encoder (anything with ``predict(pairs, batch_size=, activation=)``).
        doc_texts: the text of each of a list of document ids (called once, with every candidate).
        embedder: embeds the queries; not needed when ``query_embeddings`` is given.
        query_embeddings: (n, d) precomputed query vectors.
        retrieve_k: ids the first stage returns per query.
        candidates: ``(query index, retrieved ids, similarities) -> ids to score``, for an app that
            adds ids of its own (an ID written in a sentence) or drops some; default: the retrieved ids.
        batch_size: pairs per forward pass (with ``final``: per round; smaller rounds stop sooner).
        activation: "sigmoid" for 0..1 scores, None for logits.
        final: ``(query index, candidate, sigmoid score) -> the app's final score``, nondecreasing in
            the score; with ``top_k``, only the candidates that can still reach a query's top
            ``top_k`` of it are scored (see :func:`rerank_top_k`) and the shortlist holds just those.
        top_k: see ``final``.

    Returns:
        One :class:`Shortlist` per query, in input order; ``[]`` for no queries.
    """
    if final is not None and top_k is not None and activation != "sigmoid":
        raise ValueError("scoring only the top_k needs activation='sigmoid' (its bound is final(c, 1.0))")
    if not queries:
        return []
    if query_embeddings is None:
        if embedder is None:
            raise ValueError("pass an embedder or query_embeddings")
        query_embeddings = embedder.encode(list(queries))
    query_embeddings = np.atleast_2d(query_embeddings)
    if query_embeddings.shape[0] != len(queries):
        raise ValueError(f"got {query_embeddings.shape[0]} query embeddings for {len(queries)} queries")
    ids, sims = retriever(query_embeddings, retrieve_k)
    retrieved = [tuple(_plain(x) for x in row) for row in ids]
    similarities = [tuple(float(s) for s in row) for row in sims]
    chosen = [
        tuple(candidates(q, retrieved[q], similarities[q]) if candidates else retrieved[q])
        for q in range(len(queries))
    ]
    unique = list(dict.fromkeys(c for row in chosen for c in row))
    text_of = dict(zip(unique, doc_texts(unique), strict=True)) if unique else {}
    if final is not None and top_k is not None:
        out = []
        for q, row in enumerate(chosen):
            found = rerank_top_k(
                queries[q], row, [text_of[c] for c in row], reranker=reranker,
                final=lambda c, s, q=q: final(q, c, s), top_k=top_k, batch_size=batch_size,
            )
            kept = tuple(c for c in row if c in found)
            out.append(Shortlist(queries[q], kept, tuple(found[c] for c in kept), tuple(text_of[c] for c in kept),
                                 retrieved[q], similarities[q]))
        return out
    pairs = [(queries[q], text_of[c]) for q in range(len(queries)) for c in chosen[q]]
    flat = np.asarray(reranker.predict(pairs, batch_size=batch_size, activation=activation)).tolist() if pairs else []
    out, start = [], 0
    for q, row in enumerate(chosen):
        scores = tuple(float(s) for s in flat[start : start + len(row)])
        start += len(row)
        out.append(Shortlist(queries[q], row, scores, tuple(text_of[c] for c in row), retrieved[q], similarities[q]))
    return out


def _plain(value):
    """A numpy scalar id as the Python value it stands for (``np.int64(3)`` -> ``3``)."""
    return value.item() if isinstance(value, np.generic) else value
