"""core.train under torchrun: every rank trains, rank 0 alone writes the model (gloo on CPU)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.training import is_main_process, main_process_first

ROOT = Path(__file__).resolve().parents[2]


def test_is_main_process_follows_the_launcher_rank(monkeypatch):
    monkeypatch.delenv("RANK", raising=False)
    assert is_main_process()
    monkeypatch.setenv("RANK", "1")
    assert not is_main_process()
    monkeypatch.setenv("RANK", "0")
    assert is_main_process()


def test_main_process_first_is_a_no_op_in_one_process(monkeypatch):
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    ran = []
    with main_process_first():
        ran.append(True)
    assert ran == [True]


@pytest.mark.slow
def test_train_under_torchrun_two_processes(tiny_reranker_path, tmp_path):
    script = tmp_path / "train_ddp.py"
    script.write_text(textwrap.dedent(f"""
        import dataclasses, os, sys
        sys.path.insert(0, {str(ROOT)!r})
        import core
        pairs = [core.Pair(f"query {{i}}", f"document {{i % 3}}", float(i % 2)) for i in range(16)]
        recipe = dataclasses.replace(core.get_recipe("jobmatch"), batch_size=2)
        result = core.train(recipe, pairs, pairs[:6], {str(tmp_path / "model")!r},
                            base_model={str(tiny_reranker_path)!r}, max_steps=2)
        print("rank", os.environ["RANK"], "of", os.environ["WORLD_SIZE"], "saw", sorted(os.listdir(result.path)))
    """), encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", str(script)],
                         capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if line.startswith("rank ")]
    assert sorted(line.split()[1] for line in lines) == ["0", "1"]
    assert all("model.safetensors" in line and "README.md" in line for line in lines)  # saved before rank 1 returned
    assert not (tmp_path / ".model.trainer").exists()
