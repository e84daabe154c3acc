"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def _default_mode() -> int:
    """0o666 less the process umask: what `open(path, "w")` would have created."""
    mask = os.umask(0o022)  # the only portable way to read the umask is to set it back
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, data: str | bytes, *, protect: Iterable[str | Path] = ()) -> Path:
    """Write `data` to a temp file beside `path`, fsync it, then rename it over `path`.

    A new file gets the mode `open()` would give it (0o666 less the umask); a replaced file
    keeps its mode. A read-only target is refused rather than silently replaced, and a symlink
    is followed so the link survives.

    Args:
        path: the file to create or replace.
        data: text (written as UTF-8) or bytes.
        protect: files that must never be overwritten, such as the input being converted.

    Raises:
        ValueError: `path` is one of the `protect` files (the same file, whatever its name).
        OSError: the folder is missing or not writable, or `path` is read-only; `path` is left
            untouched.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    for other in protect:
        if path.exists() and Path(other).exists() and os.path.samefile(path, other):
            raise ValueError(f"refusing to overwrite the input file {other} with the output")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    else:
        # No write bit counts too: root may write anything, but the owner said read-only.
        if not os.access(path, os.W_OK) or not mode & 0o222:
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

def parse_jsonl(
    lines: Iterable[str], source: str, error: type[Exception] = ValueError
) -> Iterator[tuple[str, dict]]:
    """Yield (`source:line`, object) for each non-blank JSON Lines row.

    A row that is not JSON, or not a JSON object, raises `error` naming the file and line, so
    every reader of user-supplied JSONL reports bad input the same way.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise error(f"{where}: expected a JSON object")
        yield where, row
