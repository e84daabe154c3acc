"""Benchmark core's backends against the machine's measured GEMM ceiling, on realistic pairs.

Pairs: sentences of the shipped TrickBot advisory x ATT&CK label texts (50 x 40, ~60 tokens).
Prints, for the machine it runs on: the measured GEMM ceiling (fp32, bf16, int8 GFLOP/s); each
backend's pairs/s, its ratio to core torch fp32, its fraction of the ceiling of its precision,
and its Spearman and top-10 overlap with torch fp32; then `cti-map` on the 22-page sample split
by stage (benchmarks/bench_cti.py). Each variant runs in its own subprocess (its peak memory is
its own), and the variants take turns over `--rounds` so that load elsewhere on the machine hits
them alike; each variant's best round counts.

    python benchmarks/bench_core.py [--model PATH] [--rounds 3] [--pairs 2000] [--threads N]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.backends import cpu_name, native_bf16, openvino_available  # noqa: E402
from core.calibration import MIN_SPEARMAN, MIN_TOP10, agreement  # noqa: E402
from core.paths import shared_data_dir  # noqa: E402

# key: (label, backend or None for plain sentence-transformers, GEMM precision)
VARIANTS = {
    "st": ("sentence-transformers CrossEncoder fp32", None, "fp32"),
    "torch": ("core torch fp32", "torch", "fp32"),
    "onnx": ("core onnxruntime fp32", "onnx", "fp32"),
    "onnx-int8": ("core onnxruntime int8 (dynamic)", "onnx-int8", "int8"),
    "openvino": ("core OpenVINO fp32", "openvino", "fp32"),
    "bf16": ("core torch bf16 weights", "bf16", "bf16"),
    "openvino-bf16": ("core OpenVINO bf16", "openvino-bf16", "bf16"),
    "auto": ("core --backend auto", "auto", None),
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


def run_variant(key: str, model: str, pairs_path: str, out_path: str, batch_size: int, threads: int) -> None:
    """Child process: load one variant, warm up, time one pass, save scores and stats."""
    import torch

    torch.set_num_threads(threads)
    pairs = [tuple(p) for p in json.loads(Path(pairs_path).read_text())]
    backend = VARIANTS[key][1]
    if backend is None:
        from sentence_transformers import CrossEncoder

        encoder = CrossEncoder(model, device="cpu")

        def score(batch):
            return encoder.predict(batch, batch_size=batch_size, activation_fn=torch.nn.Identity())
    else:
        from core import load_reranker

        reranker = load_reranker(model, backend=backend)
        backend = reranker.backend

        def score(batch):
            return reranker.predict(batch, batch_size=batch_size)

    score(pairs[:64])  # warm-up (and the one-off ONNX export, which is cached)
    start = time.perf_counter()
    scores = score(pairs)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np.save(out_path + ".npy", np.asarray(scores, dtype=np.float32))
    Path(out_path + ".json").write_text(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "backend": backend}))


def _variants_here(wanted: list[str] | None) -> tuple[list[str], list[str]]:
    """(variants to run, skipped with why): bf16 is emulated and ~50x slow without AVX512-BF16/AMX."""
    keys = wanted or list(VARIANTS)
    run, skipped = [], []
    for key in keys:
        backend = VARIANTS[key][1] or ""
        if "bf16" in backend and not native_bf16():
            skipped.append(f"{key} (no native bf16 on this CPU: emulated, far slower than fp32)")
        elif backend.startswith("openvino") and not openvino_available():
            skipped.append(f"{key} (OpenVINO not installed)")
        else:
            run.append(key)
    return run, skipped


def _token_counts(model: str, pairs) -> np.ndarray:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    encoded = tokenizer([q for q, _ in pairs], [d for _, d in pairs], truncation="longest_first", max_length=256)
    return np.array([len(ids) for ids in encoded["input_ids"]])


def _run_cti(threads: int) -> dict | None:
    """bench_cti.py in a fresh process (imports count), as JSON; None where it failed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_cti.py"), "--json", "--threads", str(threads)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    if result.returncode != 0:
        print(f"bench_cti.py failed: {(result.stderr.strip().splitlines() or ['?'])[-1]}")
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_model = shared_data_dir() / "models" / "cti-reranker"
    parser.add_argument("--model", default=str(default_model))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=2000, help="pairs per timed pass (max 2000)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None, help="default: torch's, as the apps use")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), help="default: all that run natively here")
    parser.add_argument("--skip-cti", action="store_true", help="skip the cti-map stage split")
    parser.add_argument("--child", nargs=3, metavar=("KEY", "PAIRS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.threads is None:
        import torch

        args.threads = torch.get_num_threads()
    if args.child:
        run_variant(args.child[0], args.model, args.child[1], args.child[2], args.batch_size, args.threads)
        return

    from ceiling import flops_per_pair, gemm_ceiling
    from transformers import AutoConfig

    keys, skipped = _variants_here(args.variants)
    pairs = build_pairs()[: args.pairs]
    load_before = os.getloadavg()
    print(f"machine: {cpu_name()}, {os.cpu_count()} CPUs, {args.threads} threads used, native bf16: "
          f"{native_bf16()}, load average {load_before[0]:.1f} at start")
    ceiling = gemm_ceiling(args.threads, bf16=native_bf16())
    print("measured GEMM ceiling (GFLOP/s, 1920x384 @ 384x1536): "
          + ", ".join(f"{k} {v:.0f}" for k, v in ceiling.items()))
    tokens = _token_counts(args.model, pairs)
    flops = flops_per_pair(AutoConfig.from_pretrained(args.model), tokens)
    print(f"{len(pairs)} pairs, {tokens.mean():.0f} tokens/pair (unpadded), {flops / 1e9:.2f} GFLOP/pair -> "
          "ceiling " + ", ".join(f"{k} {v * 1e9 / flops:.0f}" for k, v in ceiling.items()) + " pairs/s")

    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pairs_path = os.path.join(tmp, "pairs.json")
        Path(pairs_path).write_text(json.dumps(pairs))
        for _ in range(args.rounds):
            for key in keys:  # interleaved: every variant once per round
                out = os.path.join(tmp, key)
                done = subprocess.run(
                    [sys.executable, __file__, "--model", args.model, "--batch-size", str(args.batch_size),
                     "--threads", str(args.threads), "--child", key, pairs_path, out],
                    env={**os.environ, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True,
                )
                if done.returncode != 0:
                    print(f"  {key} failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
                    continue
                result = json.loads(Path(out + ".json").read_text()) | {"scores": np.load(out + ".npy")}
                if key not in best or result["seconds"] < best[key]["seconds"]:
                    best[key] = result

    reference = best.get("torch")
    print(f"\n{'variant':42} {'pairs/s':>8} {'x fp32':>7} {'ceiling':>8} {'of ceil':>8} {'spearman':>9} "
          f"{'top10':>6} {'peak MB':>8}")
    for key in keys:
        if key not in best:
            continue
        r = best[key]
        label, backend, precision = VARIANTS[key]
        precision = precision or VARIANTS.get(r["backend"], ("", "", "fp32"))[2]
        rate = len(pairs) / r["seconds"]
        ceiling_rate = ceiling.get(precision, ceiling["fp32"]) * 1e9 / flops
        ratio = reference["seconds"] / r["seconds"] if reference else float("nan")
        rho, top10 = agreement(reference["scores"], r["scores"], N_LABELS) if reference else (float("nan"),) * 2
        ok = "" if rho >= MIN_SPEARMAN and top10 >= MIN_TOP10 else "  rankings differ"
        name = f"{label} [{r['backend']}]" if key == "auto" else label
        print(f"{name:42} {rate:8.0f} {ratio:7.2f} {ceiling_rate:8.0f} {rate / ceiling_rate:8.2f} {rho:9.4f} "
              f"{top10:6.3f} {r['peak_mb']:8.0f}{ok}")
    for line in skipped:
        print(f"  skipped: {line}")
    print(f"best of {args.rounds} interleaved rounds, batch {args.batch_size}, model {args.model}; "
          f"agreement bar: Spearman >= {MIN_SPEARMAN}, top-10 >= {MIN_TOP10} vs core torch fp32; "
          f"load average {os.getloadavg()[0]:.1f} at end")

    if not args.skip_cti:
        stages = _run_cti(args.threads)
        if stages:
            print(f"\ncti-map on {stages['pdf']} ({stages['pages']} pages, {stages['sentences']} sentences, "
                  f"backend {stages['backend']}): {stages['total']:.2f} s end to end, peak {stages['peak_mb']:.0f} MB")
            print("  " + "   ".join(f"{name} {seconds:.2f} s" for name, seconds in stages["stages"].items()))


if __name__ == "__main__":
    main()
