"""Deterministic stand-ins for the bi-encoder and the cross-encoder (catalog/mapping tests)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

MINI_ATTACK = Path(__file__).resolve().parent.parent / "data" / "mini-attack.json"
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


def release_bundle(path: Path, *, techniques: int = 150, tactics: int = 10, software: int = 100,
                   domain: str = "enterprise-attack", base: Path = MINI_ATTACK) -> Path:
    """Write the mini bundle padded with filler objects up to a whole release's minimum counts.

    ``attack update`` refuses bundles with fewer techniques/tactics/software than a real
    release; this builds a small (about 100 KB) one that passes, plus the mini techniques.
    A ``.xz`` suffix writes it xz-compressed.
    """
    import json
    import lzma

    bundle = json.loads(base.read_text(encoding="utf-8"))
    if re.search(r"\d+\.\d+", path.name):  # the file name, not the mini bundle's collection, names the release
        bundle["objects"] = [o for o in bundle["objects"] if o["type"] != "x-mitre-collection"]
    objects = bundle["objects"]
    live = [o for o in objects if not o.get("revoked") and not o.get("x_mitre_deprecated")]
    have = {kind: sum(o["type"] in types for o in live) for kind, types in
            {"technique": ("attack-pattern",), "tactic": ("x-mitre-tactic",),
             "software": ("malware", "tool")}.items()}

    def filler(stix_type: str, prefix: str, n: int) -> dict:
        return {"type": stix_type, "id": f"{stix_type}--ffffffff-0000-4000-8000-{n:012d}",
                "name": f"Filler {stix_type} {n}", "description": "Padding object for tests.",
                "external_references": [{"source_name": "mitre-attack",
                                         "external_id": f"{prefix}{9000 + n:04d}"}],
                "x_mitre_domains": [domain], "x_mitre_shortname": f"filler-{n}"}

    for kind, stix_type, prefix, wanted in (("technique", "attack-pattern", "T", techniques),
                                            ("tactic", "x-mitre-tactic", "TA", tactics),
                                            ("software", "malware", "S", software)):
        objects += [filler(stix_type, prefix, n) for n in range(max(0, wanted - have[kind]))]
    for obj in objects:
        if "x_mitre_domains" in obj:
            obj["x_mitre_domains"] = [domain]
    data = json.dumps(bundle).encode()
    path.write_bytes(lzma.compress(data) if path.suffix == ".xz" else data)
    return path
