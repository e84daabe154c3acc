"""Deterministic stand-ins for the bi-encoder and the cross-encoder (catalog/mapping tests)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

MY_MINI_ATTACK = Path(__file__).resolve().parent.parent / "data" / "mini-attack.json"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "to", "of", "and", "or", "in", "on", "with", "may", "has", "have",
         "used", "use", "adversaries", "is", "for", "by", "their", "its"}


def words(text: str) -> set[str]:
    """Lower-case content words of a text."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


class FakeEmbedder:
    """Bag-of-hashed-words unit vectors: texts sharing words are close."""

    name = "fake-embedder"

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.calls = 0

    def encode(self, texts, *, batch_size: int = 64, show_progress_bar: bool = False) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for w in words(text) or {"empty"}:
                out[row, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


class FakeReranker:
    """Scores a (sentence, label) pair by the share of the label's name words in the sentence."""

    name = "fake-reranker"
    backend = "torch"

    def __init__(self):
        self.pairs_scored = 0

    def predict(self, pairs, *, batch_size: int = 32, activation=None) -> np.ndarray:
        self.pairs_scored += len(pairs)
        scores = []
        for sentence, label in pairs:
            name = words(label.split("—", 1)[-1])
            overlap = len(name & words(sentence)) / max(1, len(name))
            scores.append(overlap * 8.0 - 4.0)  # logits in [-4, 4]
        logits = np.asarray(scores, dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-logits)) if activation == "sigmoid" else logits


class S:
    """A minimal sentence (only ``.text`` is used by the mapper)."""

    def __init__(self, text: str):
        self.text = text
        self.page, self.start, self.end = None, 0, len(text)
