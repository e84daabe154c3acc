"""Would a learned keep/drop filter over the parser's must-have groups help on batches it was not fitted on?

Examples: every must-have group the current parser (`jobmatch.postings.must_haves`, rules and names reader as
shipped) proposes on the development postings (dev_postings, dev_postings2, dev_postings3 and dev_postings4's
batches a-n, K01-K239; never K240 or above), labelled `keep` when it equals a gold group as
`jobmatch.evaluation._groups` compares them (same names after `vocab.same_skill`, casefold), else `drop`.

Features of a group: the MiniLM embedding of "<names joined by ' or '> — <clause it was read from>", and a few
flags (all names vocabulary skills / any open-vocabulary name, one name / three or more, the line's section,
whether the posting has a requirement section, the group changed after it was read, how many groups the clause
gave). A logistic regression (C fixed at 1, chosen before looking) reads p(keep).

Leave-one-batch-out over a-f, g, h-j, k-l, m, n: fit on dev_postings 1-3 and the other five batch groups, drop the
held-out group's groups with p(keep) below each threshold (0.2, 0.3, 0.4, 0.5, fixed before looking), and print
must-have lists right and group recall/precision, rules alone vs rules + filter, per group and pooled.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python benchmarks/fit_group_filter.py [--write]

--write fits on every example and saves shared_data/jobmatch/readers/groups.npz (only worth doing when the
table says the filter helps: see the decision rule printed at the end).

Measured at main d7c1423 (1233 groups, 133 wrong): it does not help. Held-out AUC of p(keep) 0.78; at
p(keep) < 0.4 it drops 9 wrong groups and 6 right ones, at 0.5 21 and 18; pooled lists right 119 -> 119/117/115
and recall 0.860 -> 0.860/0.853/0.840 for a precision gain of at most 0.018; no threshold gains on any held-out
group. A perfect filter would give 146 lists right: the room is there, these features do not find it. Not
wired into the parser.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import reader_groups

import jobmatch.postings as postings_module
from jobmatch.documents import document_text
from jobmatch.evaluation import _groups
from jobmatch.readers import LinearReader, readers_dir, shipped_embed
from jobmatch.skills import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "jobmatch" / "data"
TRAIN_ONLY = ("dev_postings", "dev_postings2", "dev_postings3")
# dev_postings4's batch groups by id number. Batch o (K240-K255) is the clean measurement: never read.
BATCHES = {"a-f": (1, 87), "g": (88, 103), "h-j": (104, 175), "k-l": (176, 207), "m": (208, 223), "n": (224, 239)}
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)  # drop a group when p(keep) is below; fixed before any result was seen
STRENGTH = 1.0
SECTIONS = ("required", "tags", "intro", "duties")
KEEP, DROP = "keep", "drop"


def _batch_of(ident: str) -> str | None:
    match = re.fullmatch(r"K(\d+)", ident)
    if not match:
        return None
    number = int(match[1])
    return next((name for name, (lo, hi) in BATCHES.items() if lo <= number <= hi), None)


def dev_postings() -> list[tuple[str, str, Path, dict]]:
    """(group, source, path, gold) of every development posting; a dev_postings4 line outside a-n is not parsed."""
    found = []
    for folder in (*TRAIN_ONLY, "dev_postings4"):
        for line in (DEV / folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            ident = re.search(r'"file":\s*"postings/([^-"]+)-', line)
            if not ident:
                continue  # a résumé line
            group = folder if folder in TRAIN_ONLY else _batch_of(ident[1])
            if group is None:
                continue  # batch o or later: left unread
            gold = json.loads(line)
            if gold.get("kind") == "posting":
                found.append((group, f"{folder}/{gold['file']}", DEV / folder / gold["file"], gold))
    return found


class _Reads:
    """What `must_haves` read on the way: each line it kept, and each top-level `skill_groups` call's clause,
    whether names outside the vocabulary were on, and the groups it gave."""

    def __init__(self):
        self.lines: list = []
        self.calls: list[tuple[str, bool, list[tuple[str, ...]]]] = []
        self.depth = 0


@contextmanager
def _recording():
    """Wrap `skill_groups` and `stated_requirements` inside `jobmatch.postings` to see what each group came from."""
    reads = _Reads()
    skill_groups, stated = postings_module.skill_groups, postings_module.stated_requirements

    def recorded_groups(text, vocab, *, open_vocab=False):
        reads.depth += 1
        try:
            out = skill_groups(text, vocab, open_vocab=open_vocab)
        finally:
            reads.depth -= 1
        if reads.depth == 0:
            reads.calls.append((text, open_vocab, out))
        return out

    def recorded_lines(lines):
        out = stated(lines)
        reads.lines.extend(out)
        return out

    postings_module.skill_groups, postings_module.stated_requirements = recorded_groups, recorded_lines
    try:
        yield reads
    finally:
        postings_module.skill_groups, postings_module.stated_requirements = skill_groups, stated


def _section_of(clause: str, lines) -> str:
    probe = re.sub(r"\s+", " ", clause).strip()[:40]
    for line in lines:
        if probe and probe in re.sub(r"\s+", " ", line.text):
            return line.section
    return "other"


def posting_examples(text: str, vocab) -> list[dict]:
    """One row per must-have group the parser gives: the group, its clause, its section and the flags."""
    with _recording() as reads:
        groups, _ = postings_module.must_haves(text, vocab)
    has_required = any(line.section == "required" for line in reads.lines)
    rows = []
    for group in groups:
        names = set(group)
        best = max(reads.calls, key=lambda c: max((len(names & set(g)) for g in c[2]), default=0), default=None)
        clause, open_vocab, read = best if best else ("", False, [])
        source = max(read, key=lambda g: len(names & set(g)), default=())
        in_vocab = [s in vocab.names for s in group]
        rows.append(
            {
                "group": list(group),
                "clause": re.sub(r"\s+", " ", clause).strip(),
                "section": _section_of(clause, reads.lines),
                "flags": [
                    float(all(in_vocab)),
                    float(not any(in_vocab)),
                    float(len(group) == 1),
                    float(len(group) >= 3),
                    float(has_required),
                    float(tuple(source) != tuple(group)),
                    float(open_vocab),
                    min(len(read), 8) / 8,
                    min(len(groups), 20) / 20,
                ],
            }
        )
    return rows


def group_text(row: dict) -> str:
    """What the filter embeds: the group's names, then the clause they were read from."""
    return " or ".join(row["group"]) + " — " + row["clause"]


def features(rows: list[dict], vectors: dict[str, np.ndarray]) -> np.ndarray:
    sections = [[float(r["section"] == s) for s in SECTIONS] for r in rows]
    flags = np.array([r["flags"] + s for r, s in zip(rows, sections, strict=True)], dtype=np.float32)
    return np.hstack([np.stack([vectors[group_text(r)] for r in rows]), flags])


def fit(x: np.ndarray, y: list[str], *, balanced: bool = False) -> LinearReader:
    """Logistic regression on the feature rows, as a two-row `LinearReader` (drop, keep)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(
        C=STRENGTH, max_iter=3000, random_state=42, class_weight="balanced" if balanced else None
    ).fit(x, y)
    labels = tuple(str(c) for c in model.classes_)
    weights = np.vstack([np.zeros_like(model.coef_[0]), model.coef_[0]])
    return LinearReader(labels, weights.astype(np.float32), np.array([0.0, model.intercept_[0]], dtype=np.float32))



def _examples(cache: Path | None) -> list[dict]:
    if cache and cache.is_file():
        return pickle.loads(cache.read_bytes())
    vocab = load_vocabulary()
    postings = []
    for group, source, path, gold in dev_postings():
        rows = posting_examples(document_text(path), vocab)
        want = _groups(gold.get("must_have"))
        for row in rows:
            row["label"] = KEEP if next(iter(_groups([row["group"]]))) in want else DROP
        postings.append({"group": group, "source": source, "gold": gold, "rows": rows})
    if cache:
        cache.write_bytes(pickle.dumps(postings))
    return postings


def held_out_keep(x: np.ndarray, y: list[str], rows: list[dict], *, balanced: bool = False) -> dict[int, float]:
    """p(keep) of every batch row from a filter fitted without its batch group."""
    p_keep = {}
    for held in BATCHES:
        train = [k for k, r in enumerate(rows) if r["batch"] != held]
        reader = fit(x[train], [y[k] for k in train], balanced=balanced)
        held_rows = [k for k, r in enumerate(rows) if r["batch"] == held]
        probs = reader.probabilities(x[held_rows])[:, reader.labels.index(KEEP)]
        p_keep.update(zip(held_rows, probs.tolist(), strict=True))
    return p_keep


def _filtered(postings, rows, p_keep, threshold, batches) -> tuple[int, int, float, float]:
    """`list_tally` of the postings in batches with the groups under threshold dropped (None: rules alone)."""
    kept: dict[int, list] = {k: [] for k, p in enumerate(postings) if p["group"] in batches}
    for j, r in enumerate(rows):
        if r["posting"] in kept and (threshold is None or p_keep[j] >= threshold):
            kept[r["posting"]].append(r["group"])
    return reader_groups.list_tally([(postings[k]["gold"], groups) for k, groups in kept.items()])


def table(postings, rows, p_keep) -> dict[float, int]:
    """Print rules alone vs rules + filter per held-out group and pooled; per threshold, the groups that gain."""
    header = " | ".join(f"p(keep)<{t}" for t in THRESHOLDS)
    print(f"\n| held out | postings | rules: right, recall, precision | {header} |")
    print("| --- | --- | --- |" + " --- |" * len(THRESHOLDS))
    wins = dict.fromkeys(THRESHOLDS, 0)
    for held in (*BATCHES, "pooled"):
        batches = BATCHES if held == "pooled" else {held}
        r0, n, rc0, p0 = _filtered(postings, rows, p_keep, None, batches)
        cells = []
        for t in THRESHOLDS:
            r1, _, rc1, p1 = _filtered(postings, rows, p_keep, t, batches)
            if held != "pooled":
                wins[t] += r1 > r0 and p1 > p0 and rc1 >= rc0
            cells.append(f"{r1}, {rc1:.3f}, {p1:.3f}")
        print(f"| {held} | {n} | {r0}, {rc0:.3f}, {p0:.3f} | " + " | ".join(cells) + " |")
    return wins


def diagnostics(name: str, rows: list[dict], p_keep: dict[int, float]) -> None:
    """Held-out ranking quality (AUC of p(keep)) and, per threshold, right groups lost and wrong groups dropped."""
    from sklearn.metrics import roc_auc_score

    held = sorted(p_keep)
    auc = roc_auc_score([rows[k]["label"] == KEEP for k in held], [p_keep[k] for k in held])
    counts = "; ".join(
        f"p<{t}: drops {sum(p_keep[k] < t and rows[k]['label'] == DROP for k in held)} wrong, "
        f"{sum(p_keep[k] < t and rows[k]['label'] == KEEP for k in held)} right"
        for t in THRESHOLDS
    )
    wrong = sum(rows[k]["label"] == DROP for k in held)
    print(f"{name}: held-out AUC {auc:.3f} on {len(held)} groups ({wrong} wrong); {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="fit on every example and save the reader")
    parser.add_argument("--cache", type=Path, help="pickle of the parsed examples (reused when it exists)")
    args = parser.parse_args()

    # 1. Parse every development posting once and label each group it proposes.
    postings = _examples(args.cache)
    rows = [r | {"posting": k} for k, p in enumerate(postings) for r in p["rows"]]
    for r in rows:
        r["batch"] = postings[r["posting"]]["group"]
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in (KEEP, DROP)}
    print(f"{len(postings)} postings, {len(rows)} proposed groups {counts}")

    # 2. Embed every group text once.
    texts = sorted({group_text(r) for r in rows})
    vectors = dict(zip(texts, shipped_embed()(texts), strict=True))
    x, y = features(rows, vectors), [r["label"] for r in rows]

    # 3. Leave one batch group out (the three older folders are always in the fit): the decision's variant.
    p_keep = held_out_keep(x, y, rows)
    wins = table(postings, rows, p_keep)
    r0, _, rc0, p0 = _filtered(postings, rows, p_keep, None, BATCHES)
    passing = []
    for t in THRESHOLDS:
        r1, _, rc1, p1 = _filtered(postings, rows, p_keep, t, BATCHES)
        ok = r1 > r0 and p1 > p0 and rc1 >= rc0 and wins[t] >= 4
        passing += [t] if ok else []
        print(
            f"p(keep) < {t}: held-out groups gaining lists right and precision without recall loss {wins[t]}/6; "
            f"pooled {'passes' if ok else 'does not pass'}"
        )
    print(f"thresholds that pass the brief's rule: {passing or 'none'}")

    # 4. How well it reads at all, and what a perfect filter would give (the ceiling of any keep/drop filter).
    diagnostics("flags + embedding (the decision's variant)", rows, p_keep)
    oracle = {k: float(r["label"] == KEEP) for k, r in enumerate(rows) if r["batch"] in BATCHES}
    right, _, recall, precision = _filtered(postings, rows, oracle, 0.5, BATCHES)
    print(
        f"a perfect filter, pooled: lists right {r0} -> {right}, recall {rc0:.3f} -> {recall:.3f}, "
        f"precision {p0:.3f} -> {precision:.3f}"
    )

    # 5. Two other variants, reported beside it and not used for the decision.
    dim = len(next(iter(vectors.values())))
    for name, xs, balanced in (("embedding only", x[:, :dim], False), ("flags + embedding, balanced", x, True)):
        other = held_out_keep(xs, y, rows, balanced=balanced)
        diagnostics(name, rows, other)
        cells = [_filtered(postings, rows, other, t, BATCHES) for t in THRESHOLDS]
        print(
            "  pooled: "
            + "; ".join(f"p<{t}: {c[0]}, {c[2]:.3f}, {c[3]:.3f}" for t, c in zip(THRESHOLDS, cells, strict=True))
        )

    if args.write:
        reader = fit(x, y)
        readers_dir().mkdir(parents=True, exist_ok=True)
        reader.save(readers_dir() / "groups.npz")
        print(f"wrote {readers_dir() / 'groups.npz'}")


if __name__ == "__main__":
    main()
