"""Fit the résumé relocation and authorization readers, and measure them on résumé batches they never saw.

Labels: shared_data/jobmatch/readers/relocation-sentences.jsonl and authorization-sentences.jsonl ({"text",
"label", "source"}): every cue sentence of the development résumés (dev_postings4 batches r KR01-KR42, q KR51-KR66,
s KR67-KR82, t KR83-KR98), labelled by hand from the résumé's gold, and sentences written for them in many
countries' wordings and languages ("written"). Never batch p (KR43-KR50) or any résumé after KR98.

Leave one batch out: for each batch the reader is fitted without that batch's sentences (the written ones always
stay in) and read on its résumés as the parser reads them (the rules first; the reader only where they say
nothing). The regularisation strength and the probability threshold are chosen on those held-out figures, and a
reader is written only where it helps: more résumés right over the held-out batches and none fewer in any.

    PYTHONPATH=. python benchmarks/fit_resume_readers.py            # measure, write relocation/authorization.npz
    PYTHONPATH=. python benchmarks/fit_resume_readers.py --no-write # measure only
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
from reader_groups import (
    RESUME_BATCHES,
    dev_resumes,
    embedded_once,
    fit_without,
    resume_rows,
    rules_then_reader,
    ship_reader,
)

from jobmatch import arrangement, workrights
from jobmatch.documents import document_text
from jobmatch.readers import readers_dir
from jobmatch.resumereaders import (
    AUTHORIZATION_READER,
    RELOCATION_READER,
    authorization_cues,
    read_authorization,
    read_relocation,
    relocation_cues,
)

STRENGTHS = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
BATCHES = tuple(RESUME_BATCHES)


def rules_authorization(text: str) -> str | None:
    """The rules' answer in the gold's terms (`evaluation.resume_fields`)."""
    countries, needs = workrights.authorization(text)
    return "needs_sponsorship" if needs else "authorized" if countries else None


# name: (the rules, the cue sentences, the reading of labels, the gold field)
FIELDS: dict[str, tuple[Callable, Callable, Callable, str]] = {
    RELOCATION_READER: (arrangement.relocation, relocation_cues, read_relocation, "relocation"),
    AUTHORIZATION_READER: (rules_authorization, authorization_cues, read_authorization, "authorization"),
}


def fit_one(name: str, documents: list[tuple[str, str]], *, write: bool) -> None:
    """Measure one reader batch by batch held out, print its table, and ship it if it helps."""
    rules_of, cues_of, read, field = FIELDS[name]
    rows, groups = resume_rows(readers_dir() / f"{name}-sentences.jsonl")
    cases = [(g, rules_of(text), cues_of(text), gold.get(field)) for g, text, gold in documents]
    embed = embedded_once({r["text"] for r in rows} | {s for *_, cues, _ in cases for s in cues})

    def held_out(batch: str, strength: float, *, written: bool = True):
        return fit_without(rows, groups, batch, embed=embed, strength=strength, written=written)

    def score(batch: str, reader, threshold: float) -> tuple[int, ...]:
        return rules_then_reader(cases, batch, read, reader, embed=embed, threshold=threshold)


    # 1. Each batch held out, for every strength and threshold.
    readers = {(b, c): held_out(b, c) for b in BATCHES for c in STRENGTHS}
    scores = {(c, t): {b: score(b, readers[b, c], t) for b in BATCHES} for c in STRENGTHS for t in THRESHOLDS}
    totals = {k: np.sum(list(v.values()), axis=0) for k, v in scores.items()}
    # Most résumés right with the rules, then by the reader alone; ties go to the higher bar (a sentence the reader
    # is unsure of leaves the field silent, rather than wrong), then the weaker fit.
    strength, threshold = max(totals, key=lambda k: (totals[k][2], totals[k][3], k[1], -k[0]))
    print(f"\n## {name}: chosen on batches {', '.join(BATCHES)} held out: strength C={strength}, threshold {threshold}")
    print("  C \\ threshold " + " ".join(f"{t:>9}" for t in THRESHOLDS) + "   (rules+reader, reader alone) right")
    for c in STRENGTHS:
        print(f"  {c:>14} " + " ".join(f"{totals[c, t][2]:>4},{totals[c, t][3]:>4}" for t in THRESHOLDS))

    # 2. The table with the chosen settings.
    print("\n| held out | résumés | rules | rules + reader | reader alone |\n| --- | --- | --- | --- | --- |")
    chosen = scores[strength, threshold]
    for batch in BATCHES:
        n, by_rules, both, alone = chosen[batch]
        print(f"| {batch} | {n} | {by_rules} | {both} | {alone} |")
    # The written sentences were written after the development batches were read: how much the labelled
    # development sentences alone carry to the batch left out.
    for batch in BATCHES:
        n, by_rules, both, alone = score(batch, held_out(batch, strength, written=False), threshold)
        print(f"| {batch}, fitted without the written sentences | {n} | {by_rules} | {both} | {alone} |")
    helps = sum(v[2] for v in chosen.values()) > sum(v[1] for v in chosen.values()) and all(
        v[2] >= v[1] for v in chosen.values()
    )

    # 3. The shipped reader: every labelled sentence; only if it helped on the held-out batches.
    if not helps:
        print(f"\n{name}: the reader does not help on the held-out batches; nothing written")
        return
    ship_reader(rows, embed=embed, strength=strength, balanced=False, name=name, threshold=threshold, write=write)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="measure only; leave the .npz files as they are")
    parser.add_argument("--only", choices=sorted(FIELDS), help="fit one reader")
    args = parser.parse_args()
    documents = [(group, document_text(path), gold) for group, path, gold in dev_resumes()]
    for name in [args.only] if args.only else FIELDS:
        fit_one(name, documents, write=not args.no_write)


if __name__ == "__main__":
    main()
