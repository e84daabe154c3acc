"""Retrieval by example: a label scores as its most similar labelled sentence.

Report prose reads unlike ATT&CK's label texts: on AnnoCTR dev sentences the stock bi-encoder puts
the annotated technique in its top 10 labels 13% of the time when comparing sentences with label
texts, and 81% when comparing them with labelled example sentences (AnnoCTR train mentions and
ATT&CK procedure examples). The mapper retrieves with the better of the two per label.

The shipped index (``shared_data/cti/exemplars.npz``) holds the example texts, their label IDs,
their source document and their embeddings; embeddings are recomputed when another bi-encoder is
used (a fine-tuned first stage), once: ``exemplar-embeddings-<hash>.npz`` is looked up in the
given cache folders and written to the user cache. Example texts from AnnoCTR are CC BY-SA 4.0
(see ``shared_data/cti/README.md``).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from core.embedding_cache import embed_once, model_short_name

logger = logging.getLogger(__name__)

__all__ = ["EXEMPLARS_FILE", "ExemplarIndex", "default_exemplars_path"]

EXEMPLARS_FILE = "exemplars.npz"


def default_exemplars_path() -> Path:
    """``shared_data/cti/exemplars.npz``."""
    from core.paths import shared_data_dir

    return shared_data_dir() / "cti" / EXEMPLARS_FILE


class ExemplarIndex:
    """Labelled example sentences and their unit-vector embeddings."""

    def __init__(self, texts: Sequence[str], labels: Sequence[Sequence[str]], sources: Sequence[str],
                 embeddings: np.ndarray, embedder_name: str = ""):
        """Wrap parallel lists: text, its label IDs, its source document, its (n, d) embedding."""
        if not len(texts) == len(labels) == len(sources) == embeddings.shape[0]:
            raise ValueError("exemplar texts, labels, sources and embeddings differ in length")
        self.texts, self.sources = list(texts), list(sources)
        self.labels = [tuple(x) for x in labels]
        self.embeddings = embeddings.astype(np.float32, copy=False)
        self.embedder_name = embedder_name

    @classmethod
    def build(cls, examples: Sequence[tuple[str, Sequence[str], str]], embedder) -> ExemplarIndex:
        """Embed ``(text, label IDs, source)`` examples with ``embedder`` (a ``core.Embedder``)."""
        texts = [t for t, _, _ in examples]
        emb = embedder.encode(texts, batch_size=64)
        return cls(texts, [ls for _, ls, _ in examples], [s for _, _, s in examples], emb,
                   model_short_name(embedder.name))

    @classmethod
    def load(cls, path: Path | str, embedder=None, *, cache_dirs: Sequence[Path] = (),
             write_dir: Path | None = None) -> ExemplarIndex:
        """Read an index; re-embed its texts if ``embedder`` is not the one it was built with.

        Re-embedded vectors are looked up in ``cache_dirs`` first and saved to ``write_dir``,
        keyed by the embedder's name and the example texts.

        Raises:
            ValueError: the file is missing or unreadable.
        """
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                texts, labels = data["texts"].tolist(), [s.split(";") if s else [] for s in data["labels"].tolist()]
                sources, emb = data["sources"].tolist(), data["embeddings"].astype(np.float32)
                name = str(data["embedder"])
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"cannot read exemplar index {path}: {exc}") from None
        if embedder is not None and model_short_name(embedder.name) != name:
            emb = embed_once(texts, embedder, "exemplar-embeddings", cache_dirs=cache_dirs, write_dir=write_dir)
            name = model_short_name(embedder.name)
        return cls(texts, labels, sources, emb, name)

    def to_bytes(self) -> bytes:
        """The index as ``.npz`` bytes (fp16 embeddings, compressed)."""
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer, texts=np.array(self.texts), labels=np.array([";".join(ls) for ls in self.labels]),
            sources=np.array(self.sources), embeddings=self.embeddings.astype(np.float16),
            embedder=np.array(self.embedder_name),
        )
        return buffer.getvalue()

    def label_scores(self, query_embeddings: np.ndarray, columns: Mapping[str, int], n_labels: int,
                     *, exclude_sources: Sequence[str | None] | None = None) -> np.ndarray:
        """(n_queries, n_labels) best cosine between each query and any example of each label.

        Args:
            query_embeddings: (n, d) unit vectors.
            columns: label ID -> column; examples of other labels are ignored.
            n_labels: number of columns; labels without an example score -1.
            exclude_sources: per query, a source whose examples it must not see (leave one
                document out when scoring training sentences).
        """
        q = np.atleast_2d(query_embeddings)
        pairs = sorted((columns[label], e) for e, ls in enumerate(self.labels) for label in ls if label in columns)
        out = np.full((q.shape[0], n_labels), -1.0, dtype=np.float32)
        if not pairs:
            return out
        cols = np.array([c for c, _ in pairs])
        rows = np.array([e for _, e in pairs])
        sims = q @ self.embeddings.T
        if exclude_sources is not None:
            src = np.array(self.sources)
            for i, source in enumerate(exclude_sources):
                if source is not None:
                    sims[i, src == source] = -1.0
        gathered = sims[:, rows]
        starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
        out[:, cols[starts]] = np.maximum.reduceat(gathered, starts, axis=1)
        return out


