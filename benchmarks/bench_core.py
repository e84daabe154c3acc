"""Benchmark core's backends against plain sentence-transformers on 2,000 realistic pairs.

Pairs: sentences of the shipped TrickBot advisory x ATT&CK label texts (50 x 40, ~60 tokens).
Each variant runs in its own subprocess so its peak memory is its own. Prints pairs/second as a
ratio to (a) plain `CrossEncoder` fp32, and each variant's Spearman and top-10 overlap with (a).

    python benchmarks/bench_core.py [--model PATH] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from core import shared_data_dir

VARIANTS = {
    "a": ("sentence-transformers CrossEncoder fp32", None),
    "b": ("core torch fp32", "torch"),
    "c": ("core onnx fp32", "onnx"),
    "d": ("core onnx int8", "onnx-int8"),
    "e": ("core torch bf16", "bf16"),
}
N_SENTENCES, N_LABELS = 50, 40


def build_pairs(seed: int = 0) -> list[tuple[str, str]]:
    """Report sentences x technique labels ('T1566 — PHISHING: ...' plus its description start)."""
    import pysbd

    text = (shared_data_dir() / "samples" / "cisa-aa21-076a-trickbot.txt").read_text(encoding="utf-8")
    sentences = [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(" ".join(text.split()))]
    sentences = [s for s in sentences if 60 <= len(s) <= 300]
    with lzma.open(shared_data_dir() / "attack" / "enterprise-attack-18.1.json.xz", "rt", encoding="utf-8") as f:
        objects = json.load(f)["objects"]
    labels = []
    for obj in objects:
        if obj.get("type") != "attack-pattern" or obj.get("revoked") or obj.get("x_mitre_deprecated"):
            continue
        ext = next(r["external_id"] for r in obj["external_references"] if r.get("source_name") == "mitre-attack")
        labels.append(f"{ext} — {obj['name'].upper()}")
    rng = random.Random(seed)
    queries = rng.sample(sentences, min(N_SENTENCES, len(sentences)))
    return [(q, label) for q in queries for label in rng.sample(labels, N_LABELS)]


def run_variant(key: str, model: str, pairs_path: str, out_path: str, repeats: int, batch_size: int) -> None:
    """Child process: load one variant, warm up, time `repeats` passes, save scores and stats."""
    pairs = [tuple(p) for p in json.loads(Path(pairs_path).read_text())]
    backend = VARIANTS[key][1]
    if backend is None:
        import torch
        from sentence_transformers import CrossEncoder

        encoder = CrossEncoder(model, device="cpu")

        def score(batch):
            return encoder.predict(batch, batch_size=batch_size, activation_fn=torch.nn.Identity())
    else:
        from core import load_reranker

        reranker = load_reranker(model, backend=backend)

        def score(batch):
            return reranker.predict(batch, batch_size=batch_size)

    score(pairs[:64])  # warm-up (and the one-off ONNX export, which is cached)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        scores = score(pairs)
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np.save(out_path + ".npy", np.asarray(scores, dtype=np.float32))
    Path(out_path + ".json").write_text(json.dumps({"seconds": float(np.median(times)), "peak_mb": peak_mb}))


def top10_overlap(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.reshape(-1, N_LABELS), b.reshape(-1, N_LABELS)
    overlaps = [len(set(np.argsort(-x)[:10]) & set(np.argsort(-y)[:10])) / 10 for x, y in zip(a, b, strict=True)]
    return float(np.mean(overlaps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_model = shared_data_dir() / "models" / "cti-reranker"
    parser.add_argument("--model", default=str(default_model) if default_model.exists() else None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", nargs=3, metavar=("KEY", "PAIRS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model is None:
        from core import default_base_model_path

        args.model = str(default_base_model_path())
    if args.child:
        run_variant(args.child[0], args.model, args.child[1], args.child[2], args.repeats, args.batch_size)
        return

    pairs = build_pairs()
    with tempfile.TemporaryDirectory() as tmp:
        pairs_path = os.path.join(tmp, "pairs.json")
        Path(pairs_path).write_text(json.dumps(pairs))
        results = {}
        for key in VARIANTS:
            out = os.path.join(tmp, key)
            subprocess.run(
                [sys.executable, __file__, "--model", args.model, "--repeats", str(args.repeats),
                 "--batch-size", str(args.batch_size), "--child", key, pairs_path, out],
                check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stderr=subprocess.DEVNULL,
            )
            results[key] = json.loads(Path(out + ".json").read_text()) | {"scores": np.load(out + ".npy")}

    base = results["a"]
    print(f"core bench: {len(pairs)} pairs, model {args.model}, batch {args.batch_size}, median of {args.repeats}")
    print(f"{'variant':44} {'pairs/s':>8} {'x (a)':>6} {'spearman':>9} {'top10':>6} {'peak MB':>8}")
    for key, (label, _) in VARIANTS.items():
        r = results[key]
        rate = len(pairs) / r["seconds"]
        rho = spearmanr(base["scores"], r["scores"])[0]
        print(f"({key}) {label:40} {rate:8.0f} {base['seconds'] / r['seconds']:6.2f} {rho:9.4f} "
              f"{top10_overlap(base['scores'], r['scores']):6.3f} {r['peak_mb']:8.0f}")


if __name__ == "__main__":
    main()
