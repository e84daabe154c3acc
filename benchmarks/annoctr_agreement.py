"""How far a second, independent annotator agrees with AnnoCTR's technique sets: a ceiling for document F1.

`data/annoctr-dev-second-annotation.jsonl` annotates AnnoCTR's 16 dev reports at document level: every
ATT&CK technique the text describes, with a quote as evidence. Its annotator read only the report texts
and the ATT&CK inventory (`mitre_entity.jsonl`), never AnnoCTR's mentions, our mapper or its output.
This prints its document F1 against AnnoCTR's gold at technique level (AnnoCTR's own level), the
measure `cti-map evaluate --annoctr` reports, and with ``--mapper`` the shipped mapper's on the same
reports (about 7 min on 2 cores). Dev only: test is not read.

    python benchmarks/annoctr_agreement.py --annoctr /tmp/annoctr [--mapper]

The annotation quotes AnnoCTR's reports: CC BY-SA 4.0, as AnnoCTR (shared_data/cti/ANNOCTR-LICENSE.txt).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECOND = Path(__file__).resolve().parent / "data" / "annoctr-dev-second-annotation.jsonl"


def annotator_reports(path: Path, reports, catalog):
    """The second annotation as scored reports (each technique one sentence at score 1) with AnnoCTR's gold."""
    from cti_mapper.attack import UnknownAttackIdError
    from cti_mapper.report_eval import ScoredReport

    def live(attack_id: str) -> str:
        try:
            return catalog.get(attack_id).id  # a revoked ID as its replacement
        except UnknownAttackIdError:
            return attack_id

    rows = {row["document"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}
    missing = [r.name for r in reports if r.name not in rows]
    if missing:
        raise SystemExit(f"{path}: no annotation for {', '.join(missing)}")
    out = []
    for report in reports:
        ids = {live(t["id"]) for t in rows[report.name]["techniques"]}
        out.append(ScoredReport(report.name, report.gold(("technique",), catalog), [dict.fromkeys(ids, 1.0)],
                                [set()]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annoctr", type=Path, required=True, help="unpacked AnnoCTR folder")
    parser.add_argument("--second", type=Path, default=SECOND)
    parser.add_argument("--mapper", action="store_true", help="also score the shipped mapper on the same reports")
    args = parser.parse_args()

    from cti_mapper.annoctr import load_annoctr
    from cti_mapper.attack import load_catalog
    from cti_mapper.report_eval import document_metrics, score_reports

    catalog = load_catalog(None)
    reports = sorted(load_annoctr(args.annoctr, catalog, splits=("dev",)), key=lambda r: r.name)
    rows = {"second annotator": document_metrics(annotator_reports(args.second, reports, catalog), 0.5,
                                                 parent_level=True)}
    if args.mapper:
        from cti_mapper.mapping import Mapper

        mapper = Mapper.load(backend="torch")
        rows["shipped mapper"] = document_metrics(score_reports(mapper, reports), mapper.threshold,
                                                  mapper.min_evidence, parent_level=True,
                                                  min_similarity=mapper.min_similarity)
    print(f"AnnoCTR dev, {len(reports)} reports, technique level, against AnnoCTR's gold")
    print("| system | precision | recall | micro-F1 | per-doc F1 |")
    print("| --- | --- | --- | --- | --- |")
    for name, m in rows.items():
        print(f"| {name} | {m['doc_precision']:.3f} | {m['doc_recall']:.3f} | {m['doc_micro_f1']:.3f} "
              f"| {m['per_doc_f1']:.3f} |")


if __name__ == "__main__":
    main()
