"""Load cross-encoders (Hugging Face id, local folder, or the offline default) and bi-encoders."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from safetensors import SafetensorError

from core.errors import ModelLoadError
from core.onnx_backend import OnnxRunner, export_onnx
from core.paths import default_base_model_path

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "torch", "bf16", "onnx", "onnx-int8")
_BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")


def default_backend() -> str:
    """Pick the fastest backend that keeps rankings: bf16 where the CPU computes bf16 natively.

    Measured here (benchmarks/bench_core.py): bf16 weights score 3.5x plain fp32 with Spearman
    0.9997 and top-10 overlap 0.99; int8 ONNX was faster on some runs but agreed only 0.92/0.80.
    Without native bf16 (no AVX512-BF16/AMX), bf16 is emulated and slow, so fp32 stays.
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as cpuinfo:
            flags = cpuinfo.read()
    except OSError:
        return "torch"
    return "bf16" if any(flag in flags for flag in _BF16_CPU_FLAGS) else "torch"


def _resolve(model_name_or_path: str | Path | None) -> tuple[str, bool]:
    """Return (name or path, is_local). Local folders must hold a model; ids need the Hub."""
    if model_name_or_path is None:
        return str(default_base_model_path()), True
    text = str(model_name_or_path)
    path = Path(text).expanduser()
    if path.exists():
        if not path.is_dir() or not (path / "config.json").is_file():
            raise ModelLoadError(f"{path} is not a model folder (no config.json)")
        return str(path), True
    looks_like_path = text.startswith((".", "/", "~")) or os.sep in text.strip("/").replace("/", "", 1)
    if looks_like_path or text.count("/") > 1:
        raise ModelLoadError(f"model path not found: {text}")
    return text, False


def _load_error(name: str, is_local: bool, exc: Exception) -> ModelLoadError:
    if is_local:
        return ModelLoadError(f"could not load a model from {name}: {exc}".splitlines()[0])
    return ModelLoadError(
        f"could not load {name!r} from the Hugging Face Hub (offline, or no such model); "
        "pass a local model folder, or omit the model to use the embedded offline default"
    )


class Reranker:
    """A cross-encoder behind one `predict` call, whatever the backend.

    Pairs are sorted by length before batching so each batch pads to similar lengths, then
    scores are put back in input order. Backends: torch fp32, torch bf16 autocast, and
    onnxruntime fp32 or dynamically quantised int8.
    """

    def __init__(self, cross_encoder, *, name: str, backend: str = "torch", max_length: int = 256):
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
        backend = default_backend() if backend == "auto" else backend
        self.cross_encoder = cross_encoder
        self.name = name
        self.backend = backend
        self.max_length = max_length
        self.tokenizer = cross_encoder.tokenizer
        self.hf_model = cross_encoder.model.eval()
        if backend == "bf16":
            # bf16 weights rather than autocast: no per-op casts, 1.4x faster again at equal rankings.
            self.hf_model.to(torch.bfloat16)
        self._onnx: OnnxRunner | None = None
        if backend.startswith("onnx"):
            model_dir = Path(name)
            if not model_dir.is_dir():
                raise ModelLoadError(f"the ONNX backend needs a local model folder, got {name!r}")
            onnx_path = export_onnx(self.hf_model, self.tokenizer, model_dir, quantize=backend == "onnx-int8")
            self._onnx = OnnxRunner(onnx_path)

    def _forward(self, queries: list[str], documents: list[str]) -> np.ndarray:
        return_type = "np" if self._onnx else "pt"
        encoded = self.tokenizer(
            queries, documents, padding=True, truncation="longest_first",
            max_length=self.max_length, return_tensors=return_type,
        )
        if self._onnx:
            return self._onnx(dict(encoded))
        logits = self.hf_model(**encoded).logits
        return logits[:, 0].float().numpy()

    @torch.inference_mode()
    def predict(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        batch_size: int = 32,
        activation: str | None = None,
        show_progress_bar: bool = False,
    ) -> np.ndarray:
        """Score (query, document) pairs.

        Args:
            pairs: the pairs to score.
            batch_size: pairs per forward pass (8-32 is fastest on CPU).
            activation: None for raw logits (BCE-trained models), "sigmoid" for 0..1 scores.
            show_progress_bar: draw a progress bar on stderr.

        Returns:
            float32 scores, one per pair, in input order.
        """
        if activation not in (None, "sigmoid"):
            raise ValueError(f"activation must be None or 'sigmoid', got {activation!r}")
        scores = np.zeros(len(pairs), dtype=np.float32)
        if not pairs:
            return scores
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        starts = range(0, len(order), batch_size)
        if show_progress_bar:
            from rich.progress import track

            starts = track(starts, description="scoring", transient=True)
        for start in starts:
            batch = order[start : start + batch_size]
            scores[batch] = self._forward([pairs[i][0] for i in batch], [pairs[i][1] for i in batch])
        if activation == "sigmoid":
            scores = 1.0 / (1.0 + np.exp(-scores))
        return scores

    def __repr__(self) -> str:
        return f"Reranker(name={self.name!r}, backend={self.backend!r})"


def load_cross_encoder(model_name_or_path: str | Path | None = None, *, max_length: int = 256):
    """Load a sentence-transformers `CrossEncoder` with one output (fp32, safetensors only).

    `None` loads the embedded offline base (all-MiniLM-L6-v2 weights with a fresh 1-label head),
    the starting point for fine-tuning.
    """
    from sentence_transformers import CrossEncoder

    name, is_local = _resolve(model_name_or_path)
    try:
        model = CrossEncoder(
            name, num_labels=1, max_length=max_length, device="cpu",
            local_files_only=is_local or os.environ.get("HF_HUB_OFFLINE") == "1",
            trust_remote_code=False,
            model_kwargs={"use_safetensors": True, "dtype": torch.float32},
        )
    except (OSError, ValueError, RuntimeError, KeyError, SafetensorError) as exc:
        raise _load_error(name, is_local, exc) from None
    return model


def load_reranker(
    model_name_or_path: str | Path | None = None, *, backend: str = "auto", max_length: int = 256
) -> Reranker:
    """Load a reranker.

    Args:
        model_name_or_path: a Hugging Face id (online), a local folder, or None for the
            embedded offline base (whose scoring head is untrained: fine-tune it first).
        backend: "auto" (bf16 where the CPU has native bf16, else torch), "torch" (fp32),
            "bf16", "onnx" or "onnx-int8".
        max_length: token limit per pair.

    Raises:
        ModelLoadError: with one sentence naming the problem.
    """
    if backend not in BACKENDS:
        raise ModelLoadError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    model = load_cross_encoder(model_name_or_path, max_length=max_length)
    name, _ = _resolve(model_name_or_path)
    return Reranker(model, name=name, backend=backend, max_length=max_length)


class Embedder:
    """A bi-encoder for first-stage retrieval; embeddings are L2-normalised float32."""

    def __init__(self, sentence_transformer, *, name: str):
        self.model = sentence_transformer
        self.name = name

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    @torch.inference_mode()
    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress_bar: bool = False) -> np.ndarray:
        """Embed texts; returns an (n, d) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=batch_size, show_progress_bar=show_progress_bar,
            convert_to_numpy=True, normalize_embeddings=True,
        )
        return vectors.astype(np.float32, copy=False)


def load_embedder(model_name_or_path: str | Path | None = None) -> Embedder:
    """Load a sentence-transformers bi-encoder; None is the shipped all-MiniLM-L6-v2."""
    from sentence_transformers import SentenceTransformer

    name, is_local = _resolve(model_name_or_path)
    try:
        model = SentenceTransformer(
            name, device="cpu", local_files_only=is_local or os.environ.get("HF_HUB_OFFLINE") == "1",
            trust_remote_code=False,
        )
    except (OSError, ValueError, RuntimeError, KeyError, SafetensorError) as exc:
        raise _load_error(name, is_local, exc) from None
    return Embedder(model, name=name)
