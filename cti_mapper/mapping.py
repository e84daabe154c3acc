"""Map report sentences to ATT&CK labels: candidates, then one batched cross-encoder pass.

Per sentence the candidates are explicit IDs, name/alias mentions and the bi-encoder's top
``retrieve_k`` techniques and software. All pairs of all sentences are reranked together; a label's
score is the reranker's sigmoid, mixed with the first stage's similarity by ``first_stage_weight``.
Labels scoring at least ``threshold`` are reported, and an explicitly written ID is always
reported. Tactics are implied: each reported technique brings its tactics, at its own score (the
reranker scores a tactic label only when its ID is written in the sentence), because a tactic is
evidenced by a technique and the cross-encoder scores bare tactic names poorly. Sentences with no
behaviour (a few words, indicators only) or resembling no label are not scored: unmapped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from core.paths import shared_data_dir
from cti_mapper.attack import LABEL_KINDS, AttackCatalog, AttackObject, load_catalog
from cti_mapper.candidates import (
    REASON_ALIAS,
    REASON_EXPLICIT,
    REASON_RETRIEVAL,
    REASON_TACTIC,
    AliasMatcher,
    LabelIndex,
    explicit_ids,
)
from cti_mapper.config import DEFAULT_MIN_EVIDENCE, DEFAULT_RETRIEVE_K, DEFAULT_THRESHOLD
from cti_mapper.exemplars import ExemplarIndex

if TYPE_CHECKING:
    import core

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_THRESHOLD", "LabelMatch", "Mapper", "SentenceMapper", "SentenceMapping", "mixed_score"]
_WORD_RE = re.compile(r"[A-Za-z][a-z'-]*[a-z]|[A-Z]{2,}")  # a word, not a hash or a path
_PUNCT = "\"'()[]{}<>,.;:!?*"
_CHUNK = 64  # sentences per batch: progress granularity, pairs per chunk stay small in memory


@dataclass(frozen=True)
class LabelMatch:
    """One label reported for a sentence, with why it was proposed."""

    id: str
    name: str
    kind: str
    label: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SentenceMapping:
    """A sentence and its labels, best first (empty: unmapped)."""

    sentence: Any  # cti_mapper.reports.Sentence
    labels: tuple[LabelMatch, ...]


def mixed_score(reranker: float, cosine: float, weight: float) -> float:
    """A label's score: the reranker's sigmoid with the first stage's cosine (floored at 0) mixed in by ``weight``
    (``Mapper``'s ``first_stage_weight``)."""
    return (1.0 - weight) * reranker + weight * min(1.0, max(0.0, cosine))


@runtime_checkable
class SentenceMapper(Protocol):
    """What the CLI and the review app need of a mapper (``Mapper``, or a test's fake).

    ``progress`` is called with the number of sentences just finished (an increment, as
    ``rich.progress.Progress.advance`` takes it), never with a running total.
    """

    catalog: AttackCatalog
    threshold: float
    min_evidence: int
    min_similarity: float  # first-stage gate: a sentence less like every label is not scored
    model_name: str

    def map_sentences(
        self, sentences: Sequence[Any], *, progress: Callable[[int], None] | None = None
    ) -> list[SentenceMapping]:
        """One SentenceMapping per sentence, in input order."""
        ...

    def rank_labels(self, text: str, *, kinds: Sequence[str] | None = None, top_k: int | None = None) -> list:
        """Every live label of ``kinds`` for ``text``, best first (``core.RankedItem``)."""
        ...


class Mapper:
    """Maps sentences to ATT&CK techniques, software and tactics with a fine-tuned reranker."""

    def __init__(
        self,
        catalog: AttackCatalog,
        reranker: core.Reranker,
        embedder: core.Embedder,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        min_evidence: int = DEFAULT_MIN_EVIDENCE,
        retrieve_k: int = DEFAULT_RETRIEVE_K,
        kinds: Sequence[str] = LABEL_KINDS,
        domains: Sequence[str] | None = ("enterprise-attack",),
        min_words: int = 5,
        min_similarity: float = 0.3,
        batch_size: int = 32,
        label_index: LabelIndex | None = None,
        exemplars: ExemplarIndex | None = None,
        first_stage_weight: float = 0.0,
    ):
        """Set up candidate generation over the catalog's live labels.

        Args:
            catalog: the ATT&CK catalog.
            reranker: the fine-tuned cross-encoder (``core.load_reranker``).
            embedder: the bi-encoder for retrieval (``core.load_embedder``).
            threshold: score (see ``first_stage_weight``) at or above which a label is reported.
            min_evidence: sentences a label needs in a report-level summary (the model's
                calibrated value; reports built from this mapper's output default to it).
            retrieve_k: labels retrieved by the bi-encoder per sentence.
            kinds: label kinds to propose (technique, software, tactic).
            domains: ATT&CK domains whose labels are candidates (None: every loaded domain);
                enterprise by default, so mobile/ICS twins of a technique do not crowd it out.
            min_words: sentences with fewer words (and no explicit ID) are not mapped.
            min_similarity: sentences whose best label cosine is below this, with no explicit ID
                or name mention, are not mapped (YARA lines, contact details).
            batch_size: pairs per cross-encoder forward pass.
            label_index: precomputed label embeddings (default: cached, computed once).
            exemplars: labelled example sentences; a label then also scores as its most similar
                example (report prose retrieves far better by example than by label text).
            first_stage_weight: a label's score is ``(1 - w) * reranker + w * cosine`` (the first
                stage's similarity, floored at 0): the two stages err differently, and on AnnoCTR dev
                the mix ranks the annotated technique higher than either alone. 0: the reranker alone.
        """
        if not 0.0 <= first_stage_weight <= 1.0:
            raise ValueError(f"first_stage_weight must be between 0 and 1, got {first_stage_weight}")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
        if min_evidence < 1:
            raise ValueError(f"min_evidence must be at least 1, got {min_evidence}")
        self.min_evidence = min_evidence
        self.catalog, self.reranker, self.embedder = catalog, reranker, embedder
        self.threshold, self.retrieve_k, self.kinds = threshold, retrieve_k, tuple(kinds)
        self.min_words, self.min_similarity, self.batch_size = min_words, min_similarity, batch_size
        self.first_stage_weight = first_stage_weight
        self.model_path: Path | None = None  # set by load()
        self.model_name: str = getattr(reranker, "name", None) or "cti-reranker"  # shown in reports
        wanted = set(domains) & set(catalog.domains) if domains else set(catalog.domains)
        self.domains = tuple(d for d in catalog.domains if d in (wanted or set(catalog.domains)))
        self.labels = [o for o in catalog.labels(self.kinds) if o.domain in self.domains]
        self._pos = {o.id: i for i, o in enumerate(self.labels)}
        self.index = label_index or LabelIndex.build(
            self.labels, embedder, cache_dirs=_embedding_dirs(), write_dir=_user_embedding_dir()
        )
        named = [o for o in catalog.objects(("technique", "software", "group")) if o.domain in self.domains]
        self.aliases = AliasMatcher(named)
        self.exemplars = exemplars

    @classmethod
    def load(
        cls,
        *,
        attack_data: Path | str | None = None,
        model_path: Path | str | None = None,
        backend: str = "auto",
        threshold: float | None = None,
        min_evidence: int | None = None,
        embedder_path: Path | str | None = None,
    ) -> Mapper:
        """Load the catalog, the reranker (default: the shipped one) and the bi-encoder.

        ``threshold``, ``min_evidence``, the first-stage depth and bi-encoder default to the values
        the model was calibrated with (``cti_threshold.json`` in its folder); ``embedder_path``
        overrides the bi-encoder (a fine-tuned one gets its label and example vectors computed
        once and cached).

        Raises:
            cti_mapper.attack.CatalogError: the catalog cannot be loaded.
            core.ModelLoadError: the model cannot be loaded.
        """
        import core
        from cti_mapper.config import default_model_path, load_calibration
        from cti_mapper.exemplars import default_exemplars_path

        catalog = load_catalog(attack_data)
        model_path = Path(model_path) if model_path is not None else default_model_path()
        reranker = core.load_reranker(model_path, backend=backend, max_length=128)
        calibration = load_calibration(model_path)
        embedder = core.load_embedder(embedder_path if embedder_path is not None else calibration.embedder)
        path = default_exemplars_path()
        exemplars = (ExemplarIndex.load(path, embedder, cache_dirs=_embedding_dirs(), write_dir=_user_embedding_dir())
                     if path.exists() else None)
        mapper = cls(catalog, reranker, embedder, exemplars=exemplars, retrieve_k=calibration.retrieve_k,
                     threshold=calibration.threshold if threshold is None else threshold,
                     min_evidence=calibration.min_evidence if min_evidence is None else min_evidence,
                     min_similarity=calibration.min_similarity, first_stage_weight=calibration.first_stage_weight)
        mapper.model_path = model_path
        mapper.model_name = model_path.name  # a folder name, never a local absolute path
        return mapper

    # -- candidates -------------------------------------------------------------------------
    def _is_behavioural(self, text: str, has_ids: bool) -> bool:
        words = [w for w in (t.strip(_PUNCT) for t in text.split()) if _WORD_RE.fullmatch(w)]
        return has_ids or len(words) >= self.min_words

    def _scored_kinds(self, kinds: set[str]) -> set[str]:
        # tactics are read off the techniques that evidence them, so techniques are always scored
        return (kinds - {"tactic"}) | ({"technique"} if "tactic" in kinds else set())

    def similarities(self, embeddings: np.ndarray, *, exclude_sources=None) -> np.ndarray:
        """(n, labels) cosine of each sentence with each label: label text or best example.

        ``exclude_sources`` (one per sentence) hides that source's examples, for training data.
        """
        sims = np.atleast_2d(embeddings) @ self.index.embeddings.T
        if self.exemplars is not None:
            by_example = self.exemplars.label_scores(embeddings, self._pos, len(self.labels),
                                                     exclude_sources=exclude_sources)
            sims = np.maximum(sims, by_example)
        return sims

    def retrieve_labels(self, embeddings: np.ndarray, kinds: set[str], top_k: int,
                        *, exclude_sources=None, sims: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The mapper's first stage: top label rows (and similarities) per sentence among ``kinds``, best first.

        A label's similarity is the better of its text's and its most similar example's (see
        :meth:`similarities`).

        Software gets a quarter of the slots and techniques the rest, so that a sentence naming
        "ransomware" still retrieves techniques, not only ransomware families. ``sims``: the
        :meth:`similarities` of ``embeddings``, when the caller has them already.
        """
        if sims is None:
            sims = self.similarities(embeddings, exclude_sources=exclude_sources)
        kind_of = np.array([o.kind for o in self.labels])
        wanted = [k for k in ("technique", "software", "tactic") if k in kinds]
        quota = {k: top_k for k in wanted}
        if "technique" in quota and "software" in quota:
            quota["software"] = max(1, top_k // 4)
            quota["technique"] = top_k - quota["software"]
        parts = []
        for kind in wanted:
            masked = np.where(kind_of == kind, sims, -np.inf)
            n = min(quota[kind], int((kind_of == kind).sum()))
            parts.append(np.argsort(-masked, axis=1, kind="stable")[:, :n])
        idx = np.concatenate(parts, axis=1) if parts else np.zeros((sims.shape[0], 0), dtype=int)
        top = np.take_along_axis(sims, idx, axis=1)
        order = np.argsort(-top, axis=1, kind="stable")
        return np.take_along_axis(idx, order, axis=1), np.take_along_axis(top, order, axis=1)

    def _candidates(self, text: str, retrieved: Sequence[int], kinds: set[str]) -> dict[str, list[str]]:
        """Return ``{label id: reasons}`` to score for one sentence, in proposal order.

        Explicit IDs (tactics included) and name/alias mentions come first, then the retrieved
        labels. Tactics are otherwise not scored: see :meth:`_with_tactics`.
        """
        cands: dict[str, list[str]] = {}
        scored = self._scored_kinds(kinds)

        def add(obj: AttackObject, reason: str) -> None:
            if obj.id in self._pos and (obj.kind in scored or (reason == REASON_EXPLICIT and obj.kind in kinds)):
                reasons = cands.setdefault(obj.id, [])
                if reason not in reasons:
                    reasons.append(reason)

        for obj in explicit_ids(text, self.catalog):
            add(obj, REASON_EXPLICIT)
        for attack_id in self.aliases.find(text):
            add(self.catalog.get(attack_id), REASON_ALIAS)
        for i in retrieved:
            add(self.labels[i], REASON_RETRIEVAL)
        return cands

    def _with_tactics(self, scored: dict[str, tuple[float, list[str]]], kinds: set[str],
                      min_score: float) -> dict[str, tuple[float, list[str]]]:
        """Add the tactics of techniques scoring >= ``min_score``, each at its best technique's score."""
        out = dict(scored)
        if "tactic" not in kinds:
            return out
        for attack_id, (score, _) in scored.items():
            obj = self.labels[self._pos[attack_id]]
            if obj.kind != "technique" or score < min_score:
                continue
            for tactic in obj.tactics:
                if tactic not in self._pos:
                    continue
                old_score, reasons = out.get(tactic, (-1.0, []))
                merged = reasons if REASON_TACTIC in reasons else [*reasons, REASON_TACTIC]
                out[tactic] = (max(old_score, score), merged)
        return out

    # -- mapping ----------------------------------------------------------------------------
    def map_sentences(
        self, sentences: Sequence[Any], *, progress: Callable[[int], None] | None = None
    ) -> list[SentenceMapping]:
        """Map sentences (anything with ``.text``) to labels, in input order.

        Args:
            sentences: ``cti_mapper.reports.Sentence`` objects.
            progress: called with the number of sentences just finished (an increment).

        Returns:
            One SentenceMapping per sentence; ``labels`` is empty when nothing passed.
        """
        out: list[SentenceMapping] = []
        cache: dict[str, tuple[LabelMatch, ...]] = {}  # repeated lines are scored once
        for start in range(0, len(sentences), _CHUNK):
            chunk = sentences[start : start + _CHUNK]
            out.extend(self._map_chunk(chunk, cache))
            if progress is not None:
                progress(len(chunk))
        return out

    def _map_chunk(self, sentences: Sequence[Any], cache: dict[str, tuple[LabelMatch, ...]]) -> list[SentenceMapping]:
        kinds = set(self.kinds)
        texts = list(dict.fromkeys(s.text for s in sentences if s.text not in cache))
        keep = [t for t in texts if self._is_behavioural(t, bool(explicit_ids(t, self.catalog)))]
        cache.update({t: () for t in texts})
        if keep:
            proposals: dict[int, dict[str, list[str]]] = {}

            def candidates(row: int, retrieved, sims) -> list[str]:
                cs = proposals[row] = self._candidates(keep[row], retrieved, kinds)
                named = any(REASON_EXPLICIT in r or REASON_ALIAS in r for r in cs.values())
                if (sims[0] if len(sims) else -np.inf) < self.min_similarity and not named:
                    cs.clear()  # nothing in it resembles any label: no behaviour to score
                return list(cs)

            embeddings = self.embedder.encode(keep, batch_size=64)
            sims = self.similarities(embeddings)  # once: the first stage and the score mix read it
            score_of = self._label_scores(sims, self._retrieve_then_rerank(keep, embeddings, sims, kinds, candidates))
            for row, text in enumerate(keep):
                scored = {attack_id: (score_of[row][attack_id], reasons)
                          for attack_id, reasons in proposals[row].items()}
                scored = self._with_tactics(scored, kinds, self.threshold)
                matches = [
                    self._match(attack_id, score, reasons)
                    for attack_id, (score, reasons) in scored.items()
                    if self.labels[self._pos[attack_id]].kind in kinds
                    and (score >= self.threshold or REASON_EXPLICIT in reasons)
                ]
                cache[text] = tuple(sorted(matches, key=lambda m: -m.score))
        return [SentenceMapping(s, cache[s.text]) for s in sentences]

    def _retrieve_then_rerank(self, texts: Sequence[str], embeddings: np.ndarray, sims: np.ndarray,
                              kinds: set[str], candidates):
        """core's retrieve-then-rerank with this mapper's first stage (label text or best example, per kind);
        ``sims`` are the texts' :meth:`similarities`, computed once by the caller."""
        import core

        scored_kinds = self._scored_kinds(kinds)
        return core.retrieve_then_rerank(
            list(texts),
            retriever=lambda queries, top_k: self.retrieve_labels(queries, scored_kinds, top_k, sims=sims),
            reranker=self.reranker,
            doc_texts=lambda ids: [self.labels[self._pos[i]].label for i in ids],
            query_embeddings=embeddings,
            retrieve_k=self.retrieve_k,
            candidates=candidates,
            batch_size=self.batch_size,
            activation="sigmoid",
        )

    def _label_scores(self, sims: np.ndarray, shortlists) -> list[dict[str, float]]:
        """Per sentence, ``{label id: score}`` of its reranked candidates, the first stage's similarity
        (``sims``, one row per sentence) mixed in by ``first_stage_weight``."""
        scores = [shortlist.score_of() for shortlist in shortlists]
        weight = self.first_stage_weight
        if weight == 0.0:
            return scores
        return [{i: mixed_score(s, float(sims[row, self._pos[i]]), weight) for i, s in by_id.items()}
                for row, by_id in enumerate(scores)]

    def _match(self, attack_id: str, score: float, reasons: Sequence[str]) -> LabelMatch:
        obj = self.labels[self._pos[attack_id]]
        return LabelMatch(obj.id, obj.name, obj.kind, obj.label, score, tuple(reasons))

    def rank_labels(self, text: str, *, kinds: Sequence[str] | None = None, top_k: int | None = None) -> list:
        """Rank every live label for ``text``: candidates reranked, then the rest by cosine.

        The reranked candidates come first with their scores (0..1, as ``map_sentences`` gives them);
        a tactic scores as its best candidate technique. Every other label of the wanted kinds
        follows, ordered by bi-encoder cosine, with score ``cosine - 2`` (below 0).

        Args:
            text: the sentence.
            kinds: restrict to these kinds (default: the mapper's kinds).
            top_k: keep this many (None: all).

        Returns:
            ``core.RankedItem`` list, ``doc_id`` the ATT&CK id, ``text`` the label.
        """
        import core

        wanted = set(kinds or self.kinds)
        bad = wanted - set(LABEL_KINDS)
        if bad:
            raise ValueError(f"unknown label kind(s) {sorted(bad)}: use {', '.join(LABEL_KINDS)}")
        emb = self.embedder.encode([text])
        all_sims = self.similarities(emb)
        cands: dict[str, list[str]] = {}

        def candidates(_row: int, retrieved, _sims) -> list[str]:
            cands.update(self._candidates(text, retrieved, wanted))
            return list(cands)

        [score_of] = self._label_scores(all_sims, self._retrieve_then_rerank([text], emb, all_sims, wanted, candidates))
        scored = self._with_tactics({i: (score_of[i], reasons) for i, reasons in cands.items()}, wanted, 0.0)
        ranked = sorted(((i, s) for i, (s, _) in scored.items() if self.labels[self._pos[i]].kind in wanted),
                        key=lambda x: -x[1])
        sims = all_sims[0]
        order = np.argsort(-sims, kind="stable")
        rest = [(self.labels[i].id, float(sims[i]) - 2.0) for i in order
                if self.labels[i].kind in wanted and self.labels[i].id not in scored]
        items = [
            core.RankedItem(doc_id=attack_id, score=float(score), rank=n, text=self.labels[self._pos[attack_id]].label)
            for n, (attack_id, score) in enumerate(ranked + rest, 1)
        ]
        return items[:top_k] if top_k is not None else items


def _embedding_dirs() -> list[Path]:
    return [shared_data_dir() / "cti", _user_embedding_dir()]


def _user_embedding_dir() -> Path:
    from cti_mapper.config import cache_dir

    return cache_dir() / "embeddings"
