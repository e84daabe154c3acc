"""The development postings by source group, and the development résumés by batch, for fitting and measuring the
jobmatch readers (fit_*_reader.py, fit_resume_readers.py).

A group is a development folder, a batch of dev_postings4, or the evaluation set's development split (P01-P12).
The evaluation set's held-out postings and batch g (K88-K103, the clean measurement) belong to no group and are
never read.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "jobmatch" / "data"
EVAL = ROOT / "shared_data" / "jobmatch" / "eval"
# dev_postings4's batches by id number; g (K88-K103) is left out on purpose.
BATCHES = {"a": (1, 25), "b": (26, 35), "c": (36, 43), "d": (44, 55), "e": (56, 71), "f": (72, 87),
           "h": (104, 127), "i": (128, 151), "j": (152, 175)}  # fmt: skip
FIRST_BATCHES = {name: span for name, span in BATCHES.items() if name <= "f"}  # before batches g-j were written


def list_tally(pairs) -> tuple[int, int, float, float]:
    """(lists right, postings, group recall, group precision) of (gold, found groups) pairs, counted as
    benchmarks/dev_fields.py counts them; the fit scripts each compare a variant of the parser with this."""
    from jobmatch.evaluation import _groups

    right = hit = want_n = got_n = 0
    for gold, groups in pairs:
        want = _groups(gold.get("must_have"))
        got = _groups(groups)
        right += want == got
        hit += len(want & got)
        want_n += len(want)
        got_n += len(got)
    return right, len(pairs), hit / want_n if want_n else 1.0, hit / got_n if got_n else 1.0


def cell(tally: tuple[int, int, float, float]) -> str:
    """A `list_tally` as a table cell: "right/postings, recall, precision"."""
    return f"{tally[0]}/{tally[1]}, {tally[2]:.3f}, {tally[3]:.3f}"


def choose_thresholds(study: list[dict], groups, grid, system, baseline, *, default: tuple) -> tuple:
    """The thresholds a learned piece ships with, chosen on held-out study scores only: among the grid's
    settings that lose lists right on no held-out group (items' "batch") against the baseline, the most pooled
    lists right, then the highest recall + precision; `default` (the baseline itself) when none qualifies.
    system(item, *setting) and baseline(item) give an item's must-have groups; items carry "gold"."""

    def tally(items, read):
        return list_tally([(i["gold"], [tuple(g) for g in read(i)]) for i in items])

    parts = [[i for i in study if i["batch"] == g] for g in groups]
    floors = [tally(part, baseline)[0] for part in parts]
    best, best_key = default, None
    for setting in grid:
        def read(item, setting=setting):
            return system(item, *setting)

        if any(tally(part, read)[0] < floor for part, floor in zip(parts, floors, strict=True)):
            continue
        right, _, recall, precision = tally(study, read)
        if best_key is None or (right, recall + precision) > best_key:
            best, best_key = setting, (right, recall + precision)
    return best


def fold_arguments(description: str, study: dict, *, cached: str) -> argparse.ArgumentParser:
    """The options every leave-one-batch-out experiment takes: stop before the check batches, reuse the parsed
    study `cached` (what the script parses) and the held-out scores from pickles, run only some folds (timing)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--study-only", action="store_true", help="stop before the check batches")
    parser.add_argument("--cache", type=Path, help=f"pickle of the parsed study {cached} (reused when it exists)")
    parser.add_argument("--folds", default=",".join(study), help="held-out groups to run (timing)")
    parser.add_argument("--scores", type=Path, help="pickle of the held-out study scores (reused when it exists)")
    return parser


def group_of(source: str, batches: dict[str, tuple[int, int]] = BATCHES) -> str | None:
    """The source group of a posting path or "written"; None for anything outside the development text."""
    if source == "written":
        return "written"
    path = Path(source)
    ident = path.name.split("-")[0]
    if path.parent.parent.name == "eval":
        return "eval-dev" if "P01" <= ident <= "P12" else None
    folder = path.parent.parent.name
    if folder == "dev_postings4":
        number = int(ident[1:])
        return next((f"K-{name}" for name, (lo, hi) in batches.items() if lo <= number <= hi), None)
    return folder if folder in {"dev_postings", "dev_postings2", "dev_postings3"} else None


def dev_postings(
    batches: dict[str, tuple[int, int]] = BATCHES, *, eval_dev: bool = True
) -> list[tuple[str, Path, dict]]:
    """(group, path, gold) of every development posting in the groups; eval_dev=False leaves the evaluation folder
    unread (a session that may not open it measures the other groups)."""
    found = []
    golds = [(DEV / d, "gold.jsonl") for d in ("dev_postings", "dev_postings2", "dev_postings3", "dev_postings4")]
    for folder, gold_name in [*golds, *([(EVAL, "fields.jsonl")] if eval_dev else [])]:
        for line in (folder / gold_name).read_text(encoding="utf-8").splitlines():
            gold = json.loads(line) if line.strip() else {}
            if gold.get("kind") != "posting":
                continue
            group = group_of(str(folder / gold["file"]), batches)
            if group is not None:
                found.append((group, folder / gold["file"], gold))
    return found


def labelled_rows(path: Path, batches: dict[str, tuple[int, int]] = BATCHES) -> tuple[list[dict], list[str]]:
    """A reader's labelled sentences ({"text", "label", "source"}) and each one's group; stops the script on a
    sentence whose source is outside the development text."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = [group_of(r["source"], batches) for r in rows]
    if None in groups:
        raise SystemExit(f"{path}: a sentence from outside the development text: {rows[groups.index(None)]}")
    return rows, groups


def embedded_once(texts: set[str]):
    """An `Embed` over these texts that embeds each once, up front: every fit and read of a sweep looks up."""
    import numpy as np

    from jobmatch.readers import shipped_embed

    ordered = sorted(texts)
    table = dict(zip(ordered, shipped_embed()(ordered), strict=True))
    return lambda batch: np.stack([table[t] for t in batch])


def fit_without(rows: list[dict], groups: list[str], group: str, *, embed, strength: float, balanced: bool = False,
                written: bool = True):
    """A reader fitted on every labelled row but `group`'s (leave one group out); without the sentences written for
    the reader too when `written` is False (how far the development text alone carries)."""
    from jobmatch.readers import fit_reader

    keep = [r for r, g in zip(rows, groups, strict=True) if g != group and (written or g != "written")]
    return fit_reader([r["text"] for r in keep], [r["label"] for r in keep], embed=embed, strength=strength,
                      balanced=balanced)


def rules_then_reader(cases: list[tuple], group: str, read, reader, *, embed, threshold: float) -> tuple[int, ...]:
    """(documents, right by the rules, right by rules + reader, right by the reader alone) in one group, for cases
    (group, the rules' answer, cue sentences, gold) and a `read(cues, reader, embed=, threshold=)`: the reader
    answers only where the rules say nothing, as the parser uses it."""
    n = by_rules = both = alone = 0
    for g, ruled, cues, gold in cases:
        if g != group:
            continue
        found = read(cues, reader, embed=embed, threshold=threshold) if cues else None
        n += 1
        by_rules += ruled == gold
        both += (ruled if ruled is not None else found) == gold
        alone += found == gold
    return n, by_rules, both, alone


def ship_reader(rows: list[dict], *, embed, strength: float, balanced: bool, name: str, threshold: float,
                write: bool) -> None:
    """Step 3 of every fit script: fit the shipped reader on every labelled sentence, with the chosen threshold,
    and write `readers_dir()/<name>.npz` (weights and threshold together) when asked."""
    from jobmatch.readers import fit_reader, readers_dir

    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    reader = fit_reader(texts, labels, embed=embed, strength=strength, balanced=balanced, threshold=threshold)
    counts = {label: labels.count(label) for label in reader.labels}
    print(f"\n{len(rows)} sentences {counts}; threshold {threshold}")
    if write:
        reader.save(readers_dir() / f"{name}.npz")
        print(f"wrote {readers_dir() / f'{name}.npz'}")


# dev_postings4's résumé batches by id number (KR01-KR42, KR51-KR66, KR67-KR82, KR83-KR98); KR43-KR50 (batch p,
# the clean measurement) and anything after KR98 belong to no group and are never read.
RESUME_BATCHES = {"r": (1, 42), "q": (51, 66), "s": (67, 82), "t": (83, 98)}


def resume_group(source: str) -> str | None:
    """The batch of a résumé path ("tests/.../resumes/KR05-...") or "written"; None outside the development résumés."""
    if source == "written":
        return "written"
    path = Path(source)
    ident = path.name.split("-")[0]
    if path.parent.parent.name != "dev_postings4" or not ident.startswith("KR") or not ident[2:].isdigit():
        return None
    number = int(ident[2:])
    return next((name for name, (lo, hi) in RESUME_BATCHES.items() if lo <= number <= hi), None)


def dev_resumes() -> list[tuple[str, Path, dict]]:
    """(batch, path, gold) of every development résumé in RESUME_BATCHES; the gold lines of others are not read
    past their file name."""
    folder = DEV / "dev_postings4"
    found = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        named = re.search(r'"file":\s*"(resumes/KR\d+-[^"]*)"', line)  # the batch is known before the line is read
        group = resume_group(str(folder / named.group(1))) if named else None
        if group is not None:
            found.append((group, folder / named.group(1), json.loads(line)))
    return found


def resume_rows(path: Path) -> tuple[list[dict], list[str]]:
    """A résumé reader's labelled sentences ({"text", "label", "source"}) and each one's batch; stops the script on
    a sentence whose source is outside the development résumés."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = [resume_group(r["source"]) for r in rows]
    if None in groups:
        raise SystemExit(f"{path}: a sentence from outside the development résumés: {rows[groups.index(None)]}")
    return rows, groups
