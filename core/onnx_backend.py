"""Export a cross-encoder to ONNX once, optionally int8-quantise it (run by `core.backends`).

We export with torch and run onnxruntime directly instead of sentence-transformers'
`backend="onnx"`: that path needs optimum-onnx, which pins transformers < 4.58 while
sentence-transformers 6 needs transformers >= 5. One export is cached per model folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

from core.paths import cache_dir

logger = logging.getLogger(__name__)

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def _fingerprint(model_dir: Path) -> str:
    """Key an export by the model's content (weights and config), not by where it lies.

    A path or file times in the key gave every clone, reinstall or moved venv a fresh export of the
    same weights (90-180 MB each, never removed); content gives them one, and a retrained model
    still gets its own. Hashing the weights takes about 0.1 s for a MiniLM.
    """
    digest = hashlib.sha256()
    for name in ("config.json", *sorted(p.name for p in model_dir.glob("*.safetensors"))):
        path = model_dir / name
        if path.is_file():
            with path.open("rb") as stream:
                digest.update(name.encode() + hashlib.file_digest(stream, "sha256").digest())
    return digest.hexdigest()[:16]


def _atomic_target(path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".onnx")
    os.close(fd)
    return Path(tmp)


def export_onnx(hf_model, tokenizer, model_dir: Path, *, quantize: bool) -> Path:
    """Return the cached ONNX file for `model_dir`, exporting (and quantising) it on first use."""
    import torch

    target_dir = cache_dir() / "onnx" / _fingerprint(model_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    fp32_path = target_dir / "model.onnx"
    if not fp32_path.exists():
        logger.info("exporting %s to ONNX (once)", model_dir)
        sample = tokenizer(["a query"], ["a document"], return_tensors="pt")
        args = tuple(sample[name] for name in INPUT_NAMES if name in sample)
        names = [name for name in INPUT_NAMES if name in sample]
        tmp = _atomic_target(fp32_path)
        dynamic = {name: {0: "batch", 1: "sequence"} for name in names} | {"logits": {0: "batch"}}
        hf_model.eval()
        # The tracer warns about shape checks that are constant for encoder models; keep users' output clean.
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                hf_model, args, str(tmp), input_names=names, output_names=["logits"],
                dynamic_axes=dynamic, opset_version=17, dynamo=False,
            )
        os.replace(tmp, fp32_path)
    if not quantize:
        return fp32_path
    int8_path = target_dir / "model_int8.onnx"
    if not int8_path.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        logger.info("quantising %s to int8 (once)", fp32_path)
        tmp = _atomic_target(int8_path)
        root = logging.getLogger()
        previous, root.level = root.level, logging.ERROR  # quantize_dynamic nags on the root logger
        try:
            quantize_dynamic(str(fp32_path), str(tmp), weight_type=QuantType.QInt8)
        finally:
            root.setLevel(previous)
        os.replace(tmp, int8_path)
    return int8_path
