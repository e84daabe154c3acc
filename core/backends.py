"""Inference backends for a cross-encoder: each turns tokenized pairs into one logit per pair.

All backends take the same numpy encodings, so `Reranker` tokenizes once whatever runs the model.
OpenVINO and onnxruntime run the cached ONNX export (`core.onnx_backend`); OpenVINO fuses the
attention block and runs bf16 kernels where the CPU has them (AVX512-BF16 or AMX), which eager
torch does not (its bf16 spends most of its time outside the GEMMs at ~60 tokens per pair).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "torch", "bf16", "onnx", "onnx-int8", "openvino", "openvino-bf16")
_BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")


def cpu_flags() -> frozenset[str]:
    """The CPU feature flags of /proc/cpuinfo (empty where it cannot be read)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def cpu_name() -> str:
    """The CPU model name, for keying calibrations to the machine."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()


def native_bf16() -> bool:
    """Whether the CPU computes bf16 natively; without it bf16 is emulated and ~50x slower."""
    return any(flag in cpu_flags() for flag in _BF16_CPU_FLAGS)


def openvino_available() -> bool:
    """Whether the optional OpenVINO runtime is installed."""
    import importlib.util

    return importlib.util.find_spec("openvino") is not None


def auto_candidates() -> list[str]:
    """Backends `auto` measures on this machine: exact ones always, bf16 ones only where native.

    onnx-int8 is left out: dynamic int8 agreed only 0.92 Spearman / 0.80 top-10 with fp32.
    """
    candidates = ["torch", "onnx"]
    if openvino_available():
        candidates.append("openvino")
    if native_bf16():
        candidates.append("bf16")
        if openvino_available():
            candidates.append("openvino-bf16")
    return candidates


class TorchRunner:
    """Eager torch, fp32 or with bf16 weights (no per-op casts, unlike autocast)."""

    def __init__(self, hf_model, *, bf16: bool = False):
        import torch

        self.model = hf_model.eval()
        if bf16:
            self.model.to(torch.bfloat16)

    def __call__(self, encoded: dict[str, np.ndarray]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            tensors = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.int64)) for k, v in encoded.items()}
            logits = self.model(**tensors).logits
        return logits[:, 0].float().numpy()


class OnnxRunner:
    """onnxruntime on the ONNX export, all graph optimisations (attention and GELU fusion) on."""

    def __init__(self, onnx_path: Path, *, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        # Same policy as OpenMP (core/threads.py): idle threads sleep unless OMP_WAIT_POLICY=ACTIVE.
        # Contended, 256 pairs x 4 interleaved rounds: spinning 15.7-19.3 pairs/s, sleeping 17.4-20.7.
        spinning = os.environ.get("OMP_WAIT_POLICY", "").upper() == "ACTIVE"
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}

    def __call__(self, encoded: dict[str, np.ndarray]) -> np.ndarray:
        feed = {k: v.astype(np.int64) for k, v in encoded.items() if k in self.input_names}
        (logits,) = self.session.run(["logits"], feed)
        return logits[:, 0]


class OpenVinoRunner:
    """OpenVINO on the ONNX export; `bf16` asks for bf16 kernels (ignored where the CPU lacks them)."""

    def __init__(self, onnx_path: Path, *, bf16: bool = False, threads: int | None = None):
        import openvino as ov

        from core.paths import cache_dir

        core = ov.Core()
        # CACHE_DIR keeps the compiled model, so later runs skip compiling it (start-up time)
        config = {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_PRECISION_HINT": "bf16" if bf16 else "f32",
                  "CACHE_DIR": str(cache_dir() / "openvino")}
        if threads:
            config["INFERENCE_NUM_THREADS"] = threads
        self.compiled = core.compile_model(str(onnx_path), "CPU", config)  # a path: a cache hit skips parsing
        self.request = self.compiled.create_infer_request()
        self.input_names = {port.get_any_name() for port in self.compiled.inputs}
        self.output = self.compiled.output(0)

    def __call__(self, encoded: dict[str, np.ndarray]) -> np.ndarray:
        feed = {k: v.astype(np.int64) for k, v in encoded.items() if k in self.input_names}
        logits = self.request.infer(feed)[self.output]
        return np.asarray(logits[:, 0], dtype=np.float32)


def build_runner(backend: str, hf_model, tokenizer, model_dir: Path | None, *, threads: int | None = None):
    """Build the runner for a concrete backend (not "auto").

    Raises:
        core.ModelLoadError: the ONNX-based backends need a local model folder, or OpenVINO is missing.
    """
    from core.errors import ModelLoadError

    if backend in ("torch", "bf16"):
        return TorchRunner(hf_model, bf16=backend == "bf16")
    if model_dir is None or not Path(model_dir).is_dir():
        raise ModelLoadError(f"the {backend} backend needs a local model folder, got {model_dir!r}")
    if backend.startswith("openvino") and not openvino_available():
        raise ModelLoadError(f"the {backend} backend needs OpenVINO: pip install openvino")
    from core.onnx_backend import export_onnx

    onnx_path = export_onnx(hf_model, tokenizer, Path(model_dir), quantize=backend == "onnx-int8")
    if backend.startswith("onnx"):
        return OnnxRunner(onnx_path, threads=threads)
    if backend.startswith("openvino"):
        return OpenVinoRunner(onnx_path, bf16=backend == "openvino-bf16", threads=threads)
    raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
