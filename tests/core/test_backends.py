import logging
import shutil
import time

import numpy as np
import pytest

from core import calibration, load_reranker
from core.backends import BACKENDS, auto_candidates, cpu_flags, native_bf16
from core.calibration import Measurement, agreement, measure, pick


def test_agreement_of_identical_reversed_and_broken_scores():
    rng = np.random.default_rng(0)
    reference = rng.normal(size=64)
    assert agreement(reference, reference.copy(), 32) == pytest.approx((1.0, 1.0))
    rho, top10 = agreement(reference, -reference, 32)
    assert rho == pytest.approx(-1.0) and top10 < 0.5
    assert agreement(reference, np.full(64, np.nan), 32) == (0.0, 0.0)


def test_pick_takes_the_fastest_that_ranks_like_fp32():
    torch_m = Measurement("torch", 100.0, 1.0, 1.0)
    fast_wrong = Measurement("onnx-int8", 300.0, 0.92, 0.80)
    fast_right = Measurement("openvino", 200.0, 0.999, 0.99)
    assert pick([torch_m, fast_wrong, fast_right]) == "openvino"
    assert pick([torch_m, fast_wrong]) == "torch"
    assert pick([Measurement("torch", 100.0, 1.0, 1.0), Measurement("bf16", 90.0, 1.0, 1.0)]) == "torch"


def test_measure_times_interleaved_and_rejects_a_fast_scorer_that_reorders():
    pairs = calibration.calibration_pairs()
    reference = np.arange(len(pairs), dtype=np.float32)

    def slow(batch):
        time.sleep(0.002 * len(batch) / 32)
        return reference[: len(batch)]

    def shuffled(batch):
        return np.random.default_rng(1).permutation(reference[: len(batch)])

    results = {m.backend: m for m in measure({"torch": slow, "fast": shuffled}, pairs, group=32)}
    assert results["fast"].pairs_per_s > results["torch"].pairs_per_s
    assert results["torch"].agrees and not results["fast"].agrees
    assert pick(list(results.values())) == "torch"


def test_candidates_follow_the_cpu():
    candidates = auto_candidates()
    assert candidates[:2] == ["torch", "onnx"] and set(candidates) <= set(BACKENDS)
    assert ("bf16" in candidates) == native_bf16() == bool({"avx512_bf16", "amx_bf16"} & cpu_flags())


def test_auto_measures_once_then_reuses_the_cached_choice(tiny_reranker_path, monkeypatch, caplog, tmp_path):
    from core.paths import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))  # no calibration left by an earlier test of the same tiny model
    caplog.set_level(logging.INFO, logger="core.model")
    first = load_reranker(tiny_reranker_path, backend="auto")
    assert first.backend in auto_candidates()
    assert {m.backend for m in first.calibration} >= {"torch", "onnx"}
    assert first.backend == pick(first.calibration)
    assert f"backend auto -> {first.backend} (measured now" in caplog.text

    def no_measuring(*args, **kwargs):
        raise AssertionError("a cached calibration must not be measured again")

    monkeypatch.setattr(calibration, "measure", no_measuring)
    caplog.clear()
    second = load_reranker(tiny_reranker_path, backend="auto")
    assert second.backend == first.backend and "cached calibration" in caplog.text
    pairs = [("a query", "a document"), ("another query", "another document")]
    reference = load_reranker(tiny_reranker_path, backend="torch").predict(pairs)
    np.testing.assert_allclose(second.predict(pairs), reference, atol=0.05)


def test_thread_policy_waits_passively_unless_the_user_chose(monkeypatch):
    import os
    import subprocess
    import sys

    from core.threads import prefer_passive_waiting, usable_cpus

    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    code = "import os, core, torch; print(os.environ['OMP_WAIT_POLICY'], torch.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    policy, threads = out.stdout.split()
    assert policy == "PASSIVE" and 1 <= int(threads) <= usable_cpus()
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    prefer_passive_waiting()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


def test_an_onnx_export_is_keyed_by_content_not_by_place(tiny_reranker_path, tmp_path):
    from core.onnx_backend import _fingerprint

    copy = tmp_path / "elsewhere"
    shutil.copytree(tiny_reranker_path, copy)  # a new clone: other path, other file times
    assert _fingerprint(copy) == _fingerprint(tiny_reranker_path)
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\x01")  # a retrained model
    assert _fingerprint(copy) != _fingerprint(tiny_reranker_path)
