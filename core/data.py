"""Training and evaluation pairs in the model cards' format (`sentence_0`, `sentence_1`, `label`)."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.errors import DataError
from core.files import parse_jsonl, write_atomic

COLUMNS = ("sentence_0", "sentence_1", "label")


@dataclass(frozen=True)
class Pair:
    """One (query, document, label) example; labels are 0/1 or graded in [0, 1]."""

    sentence_0: str
    sentence_1: str
    label: float


@dataclass(frozen=True)
class RerankSample:
    """One query with its relevant and non-relevant documents, for reranking metrics."""

    query: str
    positives: list[str] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)


def _parse_row(row: dict, where: str) -> Pair:
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise DataError(f"{where}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
    try:
        label = float(row["label"])
    except (TypeError, ValueError):
        raise DataError(f"{where}: label {row['label']!r} is not a number") from None
    if math.isnan(label):
        raise DataError(f"{where}: label is NaN")
    s0, s1 = row["sentence_0"], row["sentence_1"]
    if not isinstance(s0, str) or not isinstance(s1, str):
        raise DataError(f"{where}: sentence_0 and sentence_1 must be text")
    return Pair(s0, s1, label)


def load_pairs(path: str | Path) -> list[Pair]:
    """Read pairs from a `.jsonl` or `.csv` file with columns sentence_0, sentence_1, label.

    Raises:
        DataError: the file is missing, of another type, malformed or empty.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"pairs file not found: {path}")
    suffix = path.suffix.lower()
    pairs: list[Pair] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            if suffix == ".jsonl":
                for where, row in parse_jsonl(handle, str(path), DataError):
                    pairs.append(_parse_row(row, where))
            elif suffix == ".csv":
                reader = csv.DictReader(handle)
                for number, row in enumerate(reader, 2):
                    pairs.append(_parse_row(row, f"{path}:{number}"))
            else:
                raise DataError(f"{path}: unsupported pairs format {suffix!r}; use .jsonl or .csv")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    if not pairs:
        raise DataError(f"{path}: no pairs found")
    return pairs


def save_pairs(pairs: Sequence[Pair], path: str | Path) -> Path:
    """Write pairs to `.jsonl` or `.csv` atomically (temp file, then rename)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise DataError(f"{path}: unsupported pairs format {suffix!r}; use .jsonl or .csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    if suffix == ".jsonl":
        buffer.writelines(json.dumps(asdict(pair), ensure_ascii=False) + "\n" for pair in pairs)
    else:
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(asdict(pair) for pair in pairs)
    write_atomic(path, buffer.getvalue())
    return path


def split_pairs(
    pairs: Sequence[Pair],
    *,
    val_fraction: float = 0.1,
    seed: int = 42,
    group_key: Callable[[Pair], Hashable] | None = None,
) -> tuple[list[Pair], list[Pair]]:
    """Split pairs deterministically into train and validation.

    With `group_key`, every pair of one group lands on the same side, so validation measures
    generalisation to unseen groups (e.g. unseen software, or unseen jobs) rather than memory.
    """
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    key = group_key or (lambda pair: (pair.sentence_0, pair.sentence_1))
    groups = sorted({key(pair) for pair in pairs}, key=repr)
    random.Random(seed).shuffle(groups)
    n_val = max(1, round(len(groups) * val_fraction)) if len(groups) > 1 else 0
    val_groups = set(groups[:n_val])
    train = [p for p in pairs if key(p) not in val_groups]
    val = [p for p in pairs if key(p) in val_groups]
    return train, val
