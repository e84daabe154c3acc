"""The README's `core` example runs as written (offline, with the shipped cti reranker)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"

pytestmark = pytest.mark.integration


def core_example() -> str:
    """The first ```python block of the README's `core` section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## core: the reranking package"):]
    match = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert match, "the core section has no python example"
    return match.group(1)


def test_readme_core_example_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # it writes pairs.jsonl and my-reranker/ where it runs
    namespace: dict = {}
    exec(compile(core_example(), str(README), "exec"), namespace)  # noqa: S102
    assert [h.rank for h in namespace["hits"]] == list(range(1, len(namespace["hits"]) + 1))
    assert (tmp_path / "my-reranker" / "model.safetensors").exists()
    assert set(namespace["result"].metrics) >= {"val_pearson", "val_spearman"}
