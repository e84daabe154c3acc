"""Formatting for the CLI: rich tables on a terminal, JSON and CSV for machines.

Every function returns the text (the command prints it or writes it to ``-o``). Tables are as
wide as the terminal there, and 160 columns in a file or pipe so that words are not broken.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from jobmatch.matching import Match
from jobmatch.parsing import SENIORITY_LABELS, JobProfile, Seniority
from jobmatch.scoring import group_label, groups_as_written

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value: str) -> str:
    """Defuse spreadsheet formulas (OWASP CSV injection): a leading = + - @ gets a quote.

    A candidate named ``=HYPERLINK("http://evil", "Click")`` would otherwise run as a formula
    when a recruiter opens the export in Excel or LibreOffice.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


_FILE_WIDTH = 160


def _render(*tables, to_terminal: bool, min_width: int = 0) -> str:
    buffer = io.StringIO()
    width = None if to_terminal else _FILE_WIDTH
    console = Console(file=buffer, soft_wrap=False, width=width, force_terminal=to_terminal,
                      color_system="auto" if to_terminal else None)
    if min_width and console.width < min_width:
        console.width = min_width
    for table in tables:
        console.print(table)
    return buffer.getvalue()


def _json(data) -> str:
    return json.dumps(data, indent=2) + "\n"


def _level(value: int | None) -> str:
    return "" if value is None else SENIORITY_LABELS[Seniority(value)]


def job_summary(job: JobProfile, card: dict | None = None) -> dict:
    """What was understood from the job (or corrected by a requirements card), for JSON output."""
    req = {k: v for k, v in dataclasses.asdict(job.requirements).items() if v is not None}
    return {
        "title": job.title,
        "family": job.family,
        "seniority": None if job.seniority is None else job.seniority.label,
        "required_skills": list(job.required_skills),
        "must_have": groups_as_written(job.must_have),
        "nice_to_have": list(job.nice_skills),
        "hard_requirements": req,
        "requirements_from": "card" if card else "parser",
        "requirements_card": card,
    }


def matches_text(job: JobProfile, matches: Sequence[Match], fmt: str, *, to_terminal: bool = False,
                 card: dict | None = None) -> str:
    """Ranked matches as a table, JSON or CSV; ``card`` ({"path", "edited"}) when a requirements card was used."""
    source = f"card:{card['path']}" if card else "parser"
    if fmt == "json":
        return _json({"job": job_summary(job, card), "results": [dataclasses.asdict(m) for m in matches]})
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "rank",
                "candidate_id",
                "name",
                "score",
                "blocked",
                "matched_skills",
                "missing_required",
                "missing_nice_to_have",
                "seniority",
                "blockers",
                "unknown",
                "requirements_from",
            ]
        )
        for m in matches:
            r = m.reasons
            writer.writerow(
                [
                    csv_safe(cell) if isinstance(cell, str) else cell
                    for cell in (
                    m.rank,
                    m.candidate_id,
                    m.name,
                    f"{m.score:.4f}",
                    m.blocked,
                    "; ".join(r["matched_skills"]),
                    "; ".join(r["missing_required"]),
                    "; ".join(r["missing_nice_to_have"]),
                    r["seniority"],
                    "; ".join(r["blockers"]),
                    "; ".join(r["unknown"]),
                    source,
                    )
                ]
            )
        return buffer.getvalue()
    summary = job_summary(job)
    must = [group_label(g) for g in job.must_have]
    head = (f"Job: {summary['title'] or 'untitled'} ({summary['seniority'] or 'level not stated'}); "
            f"must-have: {', '.join(must) or 'none found'}\n")
    if card:
        head += f"Requirements from {_card_source(card)}\n"
    if not matches:
        return head + "No candidates to rank (import some with `jobmatch import`), or none above --min-score.\n"
    open_, blocked = [m for m in matches if not m.blocked], [m for m in matches if m.blocked]
    tables = [_match_table(open_, None)] if open_ else []
    if blocked:
        tables.append(_match_table(blocked, "Blocked: fail a hard requirement the job states"))
    return head + _render(*tables, to_terminal=to_terminal)


def _match_table(matches: Sequence[Match], title: str | None) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("#", "ID", "Name", "Score", "Seniority", "Matched", "Missing must-have", "Flags"):
        table.add_column(column, overflow="fold")
    for m in matches:
        r = m.reasons
        flags = [f"BLOCKER {b}" for b in r["blockers"]] + [f"{u}: not stated" for u in r["unknown"]]
        if "warning" in r:
            flags.append(r["warning"])
        table.add_row(
            str(m.rank),
            str(m.candidate_id),
            m.name,
            f"{m.score:.2f}",
            r["seniority"],
            ", ".join(r["matched_skills"]),
            ", ".join(r["missing_required"]),
            "\n".join(flags),
        )
    return table


def requirements_text(card: dict, fmt: str, *, to_terminal: bool = False) -> str:
    """What the parser read from a posting: the editable JSON card, or a table of its fields."""
    if fmt == "json":
        return _json(card)
    table = Table(title="Read from the posting", title_justify="left")
    table.add_column("Field", no_wrap=True)
    table.add_column("Value", overflow="fold")
    for key, value in card.items():
        table.add_row(key, _card_value(key, value))
    return (_render(table, to_terminal=to_terminal)
            + "To correct it: write the JSON card (-f json -o card.json), edit it, and rank with "
              "`jobmatch rank --job FILE --requirements card.json`.\n")


def _card_source(card: dict) -> str:
    """A requirements card in words, for `rank` and `runs ID`: "card PATH (edited: FIELDS)"."""
    return f"card {card['path']} (edited: {', '.join(card['edited']) or 'nothing'})"


def _must_labels(must_have: list) -> list[str]:
    """A card's must_have entries as labels ("Django or FastAPI" for a list of alternatives)."""
    return [group_label(g) if isinstance(g, list) else g for g in must_have]


def _card_value(key: str, value) -> str:
    if value is None or value == []:
        return "not stated"
    if key == "must_have":
        return "\n".join(_must_labels(value))
    if key == "sponsorship":
        return "offered" if value else "not offered"
    if key == "graduation_years":
        return str(value[0]) if value[0] == value[1] else f"{value[0]}-{value[1]}"
    if isinstance(value, list):
        return ", ".join(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def candidate_dict(row) -> dict:
    """A stored candidate as plain data."""
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "role": row.role,
        "family": row.family,
        "seniority": _level(row.seniority),
        "years": row.years,
        "skills": row.skills,
        "facts": row.facts,
        "card": row.card,
        "source": row.source,
        "profile_text": row.profile_text,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


def candidates_text(rows, total: int, fmt: str, *, to_terminal: bool = False) -> str:
    """A candidate list."""
    if fmt == "json":
        return _json([{k: v for k, v in candidate_dict(r).items() if k != "profile_text"} for r in rows])
    table = Table(title=f"{len(rows)} of {total} candidates")
    for column in ("ID", "Name", "Role", "Seniority", "Skills"):
        table.add_column(column, overflow="fold")
    for r in rows:
        skills = ", ".join(r.skills[:6]) + (" ..." if len(r.skills) > 6 else "")
        table.add_row(str(r.id), r.name, r.role or "", _level(r.seniority), skills)
    return _render(table, to_terminal=to_terminal)


def candidate_text(row, fmt: str) -> str:
    """One candidate."""
    data = candidate_dict(row)
    if fmt == "json":
        return _json(data)
    return "".join(f"{key}: {', '.join(value) if isinstance(value, list) else value}\n"
                   for key, value in data.items() if value not in (None, "", [], {}))


def runs_text(runs, fmt: str, *, to_terminal: bool = False) -> str:
    """Saved runs."""
    data = [
        {
            "id": r.id,
            "job": r.job.title or r.job.text[:60],
            "model": r.model,
            "results": len(r.results),
            "created_at": r.created_at.isoformat(),
            "requirements_from": None if r.requirements is None else r.requirements["from"],
        }
        for r in runs
    ]
    if fmt == "json":
        return _json(data)
    if not data:
        return "No saved runs; use `jobmatch rank --save`.\n"
    table = Table()
    for column in ("Run", "Job", "Results", "Created", "Requirements"):
        table.add_column(column)
    for d in data:
        table.add_row(str(d["id"]), d["job"], str(d["results"]), d["created_at"][:19],
                      d["requirements_from"] or "not recorded")
    return _render(table, to_terminal=to_terminal)


def run_text(run, fmt: str) -> str:
    """One saved run's results."""
    data = {
        "id": run.id,
        "job": run.job.text,
        "model": run.model,
        "created_at": run.created_at.isoformat(),
        "requirements": run.requirements,  # None: saved before jobmatch recorded them
        "results": [
            {
                "rank": r.rank,
                "candidate_id": r.candidate_id,
                "name": r.candidate_name,
                "score": r.score,
                "reasons": r.reasons,
            }
            for r in run.results
        ],
    }
    if fmt == "json":
        return _json(data)
    lines = [f"Run #{run.id} ({data['created_at'][:19]}), model {run.model}", *_requirements_lines(run.requirements)]
    lines += [f"{r['rank']:>3}. #{r['candidate_id']} {r['name']}  {r['score']:.2f}" for r in data["results"]]
    return "\n".join(lines) + "\n"


def requirements_source(record: dict | None) -> str:
    """Where a saved run's requirements came from, in words: the parser, a card (and what it edited), or unknown."""
    if record is None:
        return "not recorded (the run was saved before jobmatch kept them)"
    if record["from"] == "card":
        return f"from {_card_source(record)}"
    return "from the parser"


def _requirements_lines(record: dict | None) -> list[str]:
    """The short block `jobmatch runs ID` shows: what the run ranked by, and where that came from."""
    lines = [f"Requirements: {requirements_source(record)}"]
    if record is None:
        return lines
    card = record["card"]

    def shown(key: str) -> str:
        return _card_value(key, card.get(key))

    must = _must_labels(card.get("must_have") or [])
    lines += [
        f"  must-have: {', '.join(must) or 'not stated'}",
        f"  nice-to-have: {shown('nice_to_have')}",
        f"  years: {shown('min_years')}; degree: {shown('degree')}; sponsorship: {shown('sponsorship')}",
        f"  workplace: {shown('workplace')}; office: {shown('location')}",
    ]
    other = [f"{key.replace('_', ' ')} {shown(key)}" for key in
             ("work_authorization", "citizenship", "clearance", "graduation_years") if card.get(key) is not None]
    return lines + ([f"  also: {'; '.join(other)}"] if other else [])


def metrics_text(metrics: dict[str, float], fmt: str) -> str:
    """Evaluation metrics."""
    if fmt == "json":
        return _json(metrics)
    return "".join(f"{key:>16}  {value:.4f}\n" for key, value in metrics.items())


def eval_table_text(table: dict[str, dict[str, float]], fmt: str, *, to_terminal: bool = False) -> str:
    """`jobmatch evaluate` on a folder: one row per model/score, ranking and field metrics."""
    if fmt == "json":
        return _json(table)
    columns = {"ndcg@10": "NDCG@10", "map": "MAP", "fields_all": "fields", "fields_degree": "degree",
               "fields_years": "years", "fields_authorization": "auth", "fields_location": "location",
               "fields_must_have": "must-have"}  # fmt: skip
    title = "jobmatch evaluate: NDCG@10 (grades 0-3), MAP (grade >= 2), field accuracy"
    grid = Table(title=title, title_justify="left")
    grid.add_column("model / score", no_wrap=True)
    for header in columns.values():
        grid.add_column(header, justify="right", no_wrap=True)
    for label, metrics in table.items():
        grid.add_row(label, *(f"{metrics[c]:.3f}" if c in metrics else "" for c in columns))
    first = next(iter(table.values()))
    return (_render(grid, to_terminal=to_terminal, min_width=120)
            + f"{int(first['postings'])} postings; field accuracy is the current parser's (shared by all rows).\n")
