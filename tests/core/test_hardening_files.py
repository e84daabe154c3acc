"""write_atomic keeps modes and refuses to destroy data; corrupt weights fail in one line."""

from __future__ import annotations

import os
import stat

import pytest

import core
from core.files import write_atomic


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_file_mode_follows_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        path = write_atomic(tmp_path / "out.txt", "hello")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert path.read_text() == "hello"


def test_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_read_only_target_is_refused_and_untouched(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("keep")
    path.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only"):
        write_atomic(path, "new")
    assert path.read_text() == "keep" and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left behind


@pytest.mark.parametrize("how", ["same", "hardlink", "symlink"])
def test_protected_input_is_never_overwritten(tmp_path, how):
    source = tmp_path / "report.txt"
    source.write_text("input")
    target = source
    if how == "hardlink":
        target = tmp_path / "other.txt"
        os.link(source, target)
    elif how == "symlink":
        target = tmp_path / "other.txt"
        target.symlink_to(source)
    with pytest.raises(ValueError, match="refusing to overwrite the input"):
        write_atomic(target, "output", protect=[source])
    assert source.read_text() == "input"


def test_symlink_target_is_written_through_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("damage", ["truncated", "random", "empty"])
@pytest.mark.parametrize("loader", ["load_reranker", "load_embedder"])
def test_corrupt_safetensors_raise_model_load_error(tmp_path, tiny_reranker_path, tiny_embedder_path,
                                                    damage, loader):
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(tiny_reranker_path if loader == "load_reranker" else tiny_embedder_path, folder)
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes({"truncated": data[: len(data) // 2], "random": os.urandom(4096),
                         "empty": b""}[damage])
    with pytest.raises(core.ModelLoadError, match="could not load a model") as caught:
        getattr(core, loader)(folder)
    assert "\n" not in str(caught.value)
