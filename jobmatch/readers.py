"""Small learned readers: a linear classifier over sentence embeddings, for what wording rules cannot list.

The posting and résumé parsers are rules, and each new writer phrases things the rules have not
seen ("we can support an Accredited Employer Work Visa", "Swiss or EU/EFTA citizenship"). A
sentence embedding (the shipped all-MiniLM-L6-v2) puts such a phrasing near the labelled ones, and a
logistic regression over it, fitted on labelled development text, reads it. The weights ship as a
few-KB .npz in `shared_data/jobmatch/readers/`; the embedder loads once per process, on first use,
so text that never reaches a reader never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.paths import shared_data_dir

Embed = Callable[[Sequence[str]], np.ndarray]


def readers_dir() -> Path:
    """Where the shipped readers' weights live."""
    return shared_data_dir() / "jobmatch" / "readers"


@lru_cache(maxsize=1)
def shipped_embedder():
    """The shipped all-MiniLM-L6-v2, loaded on first call and kept for the process: the readers and jobmatch's
    default first stage (`config.load_embedder()`) share one copy instead of loading it twice."""
    from core.model import load_embedder

    return load_embedder(None)


def shipped_embed() -> Embed:
    """The shipped all-MiniLM-L6-v2's `encode`."""
    return shipped_embedder().encode


@dataclass(frozen=True)
class LinearReader:
    """Softmax over `weights @ embedding + bias`, one row per label, and the probability a label needs to count.

    The threshold is chosen when the reader is fitted (on held-out development text) and ships in the same .npz
    as the weights, so a refit cannot leave a module constant behind.
    """

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, dimension)
    bias: np.ndarray  # (labels,)
    threshold: float = 0.5

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, labels) probabilities for (n, dimension) embeddings."""
        logits = vectors @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def read(self, texts: Sequence[str], *, embed: Embed | None = None) -> list[tuple[str, float]]:
        """(label, probability) of the likeliest label for each text."""
        if not texts:
            return []
        probs = self.probabilities((embed or shipped_embed())(list(texts)))
        best = probs.argmax(axis=1)
        return [(self.labels[i], float(probs[row, i])) for row, i in enumerate(best)]

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            threshold=np.float32(self.threshold),
        )

    @classmethod
    def load(cls, path: str | Path) -> LinearReader:
        with np.load(path, allow_pickle=False) as data:
            threshold = float(data["threshold"]) if "threshold" in data.files else cls.threshold
            return cls(tuple(str(x) for x in data["labels"]), data["weights"], data["bias"], round(threshold, 6))


@lru_cache(maxsize=8)
def shipped_reader(name: str) -> LinearReader:
    """A reader from `readers_dir()` by file stem ("sponsorship" → sponsorship.npz)."""
    return LinearReader.load(readers_dir() / f"{name}.npz")


def installed_reader(name: str) -> LinearReader | None:
    """The shipped reader, or None where its file is not installed (a slim install keeps the rules' answers)."""
    return shipped_reader(name) if (readers_dir() / f"{name}.npz").is_file() else None


def fit_reader(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    embed: Embed | None = None,
    strength: float = 1.0,
    balanced: bool = False,
    threshold: float = LinearReader.threshold,
) -> LinearReader:
    """Fit a multinomial logistic regression on the texts' embeddings (L2 penalty, 1/strength).

    `balanced` weighs each label by the inverse of its count, so that a rare label (a PhD among degrees) is not
    drowned by the common one. `threshold` is the probability the fitted reader's labels need to count.
    """
    from sklearn.linear_model import LogisticRegression

    vectors = (embed or shipped_embed())(list(texts))
    model = LogisticRegression(
        C=strength, max_iter=2000, random_state=42, class_weight="balanced" if balanced else None
    ).fit(vectors, list(labels))
    classes = tuple(str(c) for c in model.classes_)
    weights, bias = model.coef_, model.intercept_
    if len(classes) == 2:  # sklearn keeps one row for two classes: softmax over (0, z) is sigmoid(z)
        weights = np.vstack([np.zeros_like(weights[0]), weights[0]])
        bias = np.array([0.0, bias[0]])
    return LinearReader(
        classes, np.asarray(weights, dtype=np.float32), np.asarray(bias, dtype=np.float32), threshold=threshold
    )
