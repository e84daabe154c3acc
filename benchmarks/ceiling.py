"""The machine's measured GEMM ceiling, and the FLOPs a BERT cross-encoder spends per pair.

A backend's "fraction of ceiling" is its pairs/s divided by what the machine's best GEMM rate
for that precision would allow if every useful (unpadded) FLOP ran at that rate. Shapes are the
cross-encoder's own: 32 pairs x ~60 tokens by hidden 384 by FFN 1536.
"""

from __future__ import annotations

import time

import numpy as np

M, K, N = 1920, 384, 1536


def _best_rate(fn, flops: float, *, seconds: float = 1.5) -> float:
    """GFLOP/s of the best of repeated calls, within about `seconds` (one call for very slow paths)."""
    fn()
    best, spent = float("inf"), 0.0
    while spent < seconds:
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best, spent = min(best, elapsed), spent + elapsed
    return flops / best / 1e9


def _int8_onnx_session(threads: int):
    """A one-node onnxruntime graph, MatMulInteger(uint8 [M,K], int8 [K,N]): the int8 backend's GEMM."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.integers(-128, 127, (K, N), dtype=np.int8), "B")
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B"], ["Y"])], "gemm",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, [M, K])],
        [helper.make_tensor_value_info("Y", TensorProto.INT32, [M, N])], initializer=[weight],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def gemm_ceiling(threads: int, *, bf16: bool = True) -> dict[str, float]:
    """Measured GEMM GFLOP/s for fp32 and bf16 (torch/oneDNN) and int8 (onnxruntime MatMulInteger).

    bf16 is measured only when asked (it is emulated, and very slow, on CPUs without native bf16).
    """
    import torch

    torch.set_num_threads(threads)
    flops = 2.0 * M * K * N
    a, b = torch.randn(M, K), torch.randn(K, N)
    rates = {"fp32": _best_rate(lambda: a @ b, flops)}
    if bf16:
        ab, bb = a.bfloat16(), b.bfloat16()
        rates["bf16"] = _best_rate(lambda: ab @ bb, flops)
    session = _int8_onnx_session(threads)
    feed = {"A": np.random.default_rng(1).integers(0, 255, (M, K), dtype=np.uint8)}
    rates["int8"] = _best_rate(lambda: session.run(None, feed), flops)
    return rates


def flops_per_pair(config, token_counts: np.ndarray) -> float:
    """Mean useful FLOPs per pair of a BERT encoder: the linear layers plus attention, unpadded."""
    hidden, inter, layers = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    seq = np.asarray(token_counts, dtype=np.float64)
    linear = 2.0 * (4 * hidden * hidden + 2 * hidden * inter) * seq  # QKV, output, FFN in and out
    attention = 2.0 * 2 * seq * seq * hidden  # QK^T and attention x V
    return float(np.mean(layers * (linear + attention)))
