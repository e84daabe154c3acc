"""Candidate labels for a sentence: explicit IDs, name/alias mentions, retrieval, implied tactics.

The reranker only scores these candidates, which keeps a 22-page report to a few seconds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.embedding_cache import embed_once
from core.retrieval import cosine_retriever
from cti_mapper.attack import AttackCatalog, AttackObject, UnknownAttackIdError

logger = logging.getLogger(__name__)

__all__ = [
    "REASON_ALIAS",
    "REASON_EXPLICIT",
    "REASON_RETRIEVAL",
    "REASON_TACTIC",
    "AliasMatcher",
    "LabelIndex",
    "explicit_ids",
    "implied_tactics",
]

REASON_EXPLICIT = "explicit id"
REASON_ALIAS = "alias match"
REASON_RETRIEVAL = "retrieval"
REASON_TACTIC = "implied tactic"

# Upper-case IDs only, on word boundaries (brackets and punctuation around them are fine).
_EXPLICIT_RE = re.compile(r"(?<![A-Za-z0-9.])(TA\d{4}|T\d{4}(?:\.\d{3})?|S\d{4}|G\d{4})(?![A-Za-z0-9]|\.\d)")
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*")
_MAX_NGRAM = 5
_MIN_FUZZY_LEN = 9  # only long names are fuzzy-matched: "CobaltStrke" yes, "Ryuk"/"Ryk" no
_FUZZY_CUTOFF = 92.0


def explicit_ids(text: str, catalog: AttackCatalog) -> list[AttackObject]:
    """Return the live objects whose IDs appear in ``text`` (revoked IDs give their replacement).

    Unknown and deprecated IDs are skipped; groups are returned too (callers filter by kind).
    """
    out: dict[str, AttackObject] = {}
    for match in _EXPLICIT_RE.finditer(text):
        try:
            obj = catalog.get(match.group(1))
        except UnknownAttackIdError:
            logger.debug("ignoring unknown ATT&CK id %s", match.group(1))
            continue
        if catalog.is_active(obj.id):
            out.setdefault(obj.id, obj)
    return list(out.values())


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class _Name:
    attack_id: str
    exact: str | None  # set when only a case-sensitive exact mention counts
    common: bool = False  # a common English word: also never at the start of a sentence


class AliasMatcher:
    """Finds names and aliases of software, groups and techniques on word boundaries.

    A text n-gram (1-5 tokens) matches a name when both normalise to the same letters and digits
    ("Cobalt Strike", "CobaltStrike", "cobalt-strike"). Short names (<= 4 characters) and names
    that are common English words ("Net", "Ping", "Expand") count only as an exact, case-sensitive
    token sequence (common words never at the start of a sentence); names under 3 characters are ignored, so a
    two-letter alias never matches inside or as a word. Long names also match fuzzily (rapidfuzz
    ratio >= 92, e.g. one typo).
    """

    def __init__(self, objects: Iterable[AttackObject], *, common_zipf: float = 3.3):
        """Index the names and aliases of ``objects``.

        Args:
            objects: catalog objects (techniques, software, groups).
            common_zipf: wordfreq Zipf frequency above which a one-word name is a common word.
        """
        self._names: dict[str, list[_Name]] = {}
        for obj in objects:
            for name in dict.fromkeys((obj.name, *obj.aliases)):
                self._add(obj.id, name, common_zipf)
        self._fuzzy_keys = [k for k in self._names if len(k) >= _MIN_FUZZY_LEN]

    def _add(self, attack_id: str, name: str, common_zipf: float) -> None:
        tokens = _TOKEN_RE.findall(name)
        key = _key(name)
        if len(key) < 3 or not tokens or len(tokens) > _MAX_NGRAM:
            return
        common = len(tokens) == 1 and _is_common_word(name, common_zipf)
        exact = " ".join(tokens) if len(key) <= 4 or common else None
        entries = self._names.setdefault(key, [])
        if all(e.attack_id != attack_id for e in entries):
            entries.append(_Name(attack_id, exact, common))

    def find(self, text: str) -> list[str]:
        """Return the IDs whose name or alias is mentioned in ``text``, in order of appearance."""
        tokens = _TOKEN_RE.findall(text)
        found: dict[str, None] = {}
        for i in range(len(tokens)):
            for n in range(1, min(_MAX_NGRAM, len(tokens) - i) + 1):
                gram = tokens[i : i + n]
                key = "".join(gram).lower().replace(".", "").replace("'", "")
                entries = self._names.get(key)
                if entries is None and n <= 3 and len(key) >= _MIN_FUZZY_LEN:
                    entries = self._fuzzy(key)
                for entry in entries or ():
                    if entry.exact is not None and " ".join(gram) != entry.exact:
                        continue
                    if entry.common and i == 0:
                        continue
                    found.setdefault(entry.attack_id, None)
        return list(found)

    def _fuzzy(self, key: str) -> list[_Name] | None:
        from rapidfuzz import fuzz, process

        hit = process.extractOne(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        return self._names[hit[0]] if hit else None


def _is_common_word(word: str, zipf: float) -> bool:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # optional: without it only length decides
        return False
    return zipf_frequency(word.lower(), "en") >= zipf


def implied_tactics(objects: Iterable[AttackObject]) -> list[str]:
    """Return the tactic IDs of the given techniques, first seen first."""
    return list(dict.fromkeys(t for o in objects if o.kind == "technique" for t in o.tactics))


def retrieval_text(obj: AttackObject) -> str:
    """Text embedded for a label: its seed-style label plus the first description sentence."""
    first = re.split(r"(?<=[.!?])\s+", obj.description.strip(), maxsplit=1)[0] if obj.description else ""
    return f"{obj.label}. {first}" if first else obj.label


class LabelIndex:
    """Bi-encoder embeddings of candidate labels, computed once per catalog and embedder.

    Embeddings are looked up in order: ``shared_data/cti/label-embeddings-*.npz`` (shipped for the
    embedded catalog), then the user cache; otherwise computed and cached (fp16 ``.npz``).
    """

    def __init__(self, labels: Sequence[AttackObject], embeddings: np.ndarray):
        """Wrap labels and their (n, d) L2-normalised embeddings."""
        if len(labels) != embeddings.shape[0]:
            raise ValueError(f"{len(labels)} labels but {embeddings.shape[0]} embeddings")
        self.labels = list(labels)
        self.embeddings = embeddings.astype(np.float32, copy=False)

    @classmethod
    def build(
        cls,
        labels: Sequence[AttackObject],
        embedder,
        *,
        cache_dirs: Sequence[Path] = (),
        write_dir: Path | None = None,
    ) -> LabelIndex:
        """Load cached embeddings for ``labels`` or compute them (and cache them in ``write_dir``)."""
        emb = embed_once([retrieval_text(o) for o in labels], embedder, "label-embeddings",
                         cache_dirs=cache_dirs, write_dir=write_dir)
        return cls(labels, emb)

    def search(self, query_embeddings: np.ndarray, top_k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (indices, cosine scores) of the best ``top_k`` labels per query row, best first."""
        return cosine_retriever(self.embeddings)(query_embeddings, top_k)

