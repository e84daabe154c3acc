"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write `data` to a temp file beside `path`, fsync it, then rename it over `path`.

    Raises:
        OSError: the folder is missing or not writable; `path` is left untouched.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
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
