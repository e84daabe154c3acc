"""Build two review databases from a mapped sample: decisions to train on, and held-out ones.

The decisions correct mistakes the shipped model makes on the TrickBot advisory: a bare ATT&CK ID
line proposing the software "T9000" (S0098), tactic headings proposing a dozen techniques, and
missed techniques. The held-out database holds the same kinds of decision on *other* sentences,
so `cti-map evaluate --feedback heldout.db` before and after `cti-map train --feedback train.db`
shows whether a handful of decisions changes the output on similar sentences.

Usage (after `cti-map SAMPLE -f json -o mapped.json`):

    python benchmarks/demo_review_feedback.py mapped.json OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.orm import Session

from cti_mapper.attack import load_catalog
from cti_mapper.review import service
from cti_mapper.review.store import Run, init_db, make_engine

SAMPLE = Path(__file__).resolve().parents[1] / "shared_data" / "samples" / "cisa-aa21-076a-trickbot.txt"

# (sentence text, label, action); label None with action "none" marks "no behaviour".
TRAIN = [
    ("T1566.001", "S0098", "reject"), ("T1566.001", "T1566.001", "accept"),
    ("T1053.005", "S0098", "reject"), ("T1053.005", "T1053.005", "accept"),
    ("T1059.003", "S0098", "reject"), ("T1059.003", "T1059.003", "accept"),
    ("T1059.007", "S0098", "reject"), ("T1059.007", "T1059.007", "accept"),
    ("Execution [TA0002]", None, "none"),
    ("Persistence [TA0003]", None, "none"),
    ("TrickBot uses the Windows Application Programming Interface (API) call, CreateProcessW(), to manage "
     "execution flow.", "T1106", "add"),
    ("The TrickBot downloader has used an icon to appear as a Microsoft Word document.", "T1036", "add"),
]
HELDOUT = [
    ("T1204.002", "S0098", "reject"), ("T1204.002", "T1204.002", "accept"),
    ("T1056.004", "S0098", "reject"), ("T1056.004", "T1056.004", "accept"),
    ("T1007", "S0098", "reject"), ("T1007", "T1007", "accept"),
    ("Privilege Escalation [TA0004]", None, "none"),
    ("Defense Evasion [TA0005]", None, "none"),
    ("Credential Access [TA0006]", None, "none"),
    ("Discovery [TA0007]", None, "none"),
]


def build(db: Path, mapped: dict, decisions: list, catalog) -> int:
    """A review DB holding the sample, the stored mapping and ``decisions``; returns their count."""
    db.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    with Session(engine) as session:
        report = service.add_report(session, SAMPLE.name, SAMPLE.read_bytes())
        texts = [s[0] for s in report.sentences]
        assert texts == [s["text"] for s in mapped["sentences"]], "mapping is of another text"
        session.add(Run(report=report, model=mapped["model"], catalog_version=mapped["attack"]["version"],
                        threshold=mapped["threshold"], status="done", done=len(texts), total=len(texts),
                        results=[s["labels"] for s in mapped["sentences"]]))
        session.flush()
        for text, label, action in decisions:
            index = texts.index(text)
            service.record_decision(session, report, index, label, action, "demo", catalog)
        session.commit()
    return len(decisions)


def main() -> None:
    import json

    mapped = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    for name, decisions in (("train.db", TRAIN), ("heldout.db", HELDOUT)):
        count = build(out / name, mapped, decisions, catalog)
        print(f"{out / name}: {count} decisions")


if __name__ == "__main__":
    main()
