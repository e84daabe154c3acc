"""Formatting for the CLI: rich tables on a terminal, JSON and CSV for machines."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence

import click
from rich.console import Console
from rich.table import Table

from jobmatch.matching import Match
from jobmatch.parsing import SENIORITY_LABELS, JobProfile, Seniority
from jobmatch.scoring import group_label

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value: str) -> str:
    """Defuse spreadsheet formulas (OWASP CSV injection): a leading = + - @ gets a quote.

    A candidate named ``=HYPERLINK("http://evil", "Click")`` would otherwise run as a formula
    when a recruiter opens the export in Excel or LibreOffice.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def _console() -> Console:
    return Console(file=click.get_text_stream("stdout"), soft_wrap=False, width=None)


def _level(value: int | None) -> str:
    return "" if value is None else SENIORITY_LABELS[Seniority(value)]


def job_summary(job: JobProfile) -> dict:
    """What was understood from the job, for JSON output."""
    req = {k: v for k, v in dataclasses.asdict(job.requirements).items() if v is not None}
    return {
        "title": job.title,
        "family": job.family,
        "seniority": None if job.seniority is None else job.seniority.label,
        "required_skills": list(job.required_skills),
        "must_have": [list(g) if len(g) > 1 else g[0] for g in job.must_have],
        "nice_to_have": list(job.nice_skills),
        "hard_requirements": req,
    }


def echo_matches(job: JobProfile, matches: Sequence[Match], fmt: str) -> None:
    """Print ranked matches as a table, JSON or CSV."""
    if fmt == "json":
        click.echo(json.dumps({"job": job_summary(job), "results": [dataclasses.asdict(m) for m in matches]}, indent=2))
        return
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
                    )
                ]
            )
        click.echo(buffer.getvalue(), nl=False)
        return
    summary = job_summary(job)
    must = [group_label(g) for g in job.must_have]
    click.echo(
        f"Job: {summary['title'] or 'untitled'} ({summary['seniority'] or 'level not stated'}); "
        f"must-have: {', '.join(must) or 'none found'}"
    )
    if not matches:
        click.echo("No candidates to rank (import some with `jobmatch import`), or none above --min-score.")
        return
    open_, blocked = [m for m in matches if not m.blocked], [m for m in matches if m.blocked]
    if open_:
        _console().print(_match_table(open_, None))
    if blocked:
        _console().print(_match_table(blocked, "Blocked: fail a hard requirement the job states"))


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


def echo_candidates(rows, total: int, fmt: str) -> None:
    """Print a candidate list."""
    if fmt == "json":
        click.echo(
            json.dumps([{k: v for k, v in candidate_dict(r).items() if k != "profile_text"} for r in rows], indent=2)
        )
        return
    table = Table(title=f"{len(rows)} of {total} candidates")
    for column in ("ID", "Name", "Role", "Seniority", "Skills"):
        table.add_column(column, overflow="fold")
    for r in rows:
        skills = ", ".join(r.skills[:6]) + (" ..." if len(r.skills) > 6 else "")
        table.add_row(str(r.id), r.name, r.role or "", _level(r.seniority), skills)
    _console().print(table)


def echo_candidate(row, fmt: str) -> None:
    """Print one candidate."""
    data = candidate_dict(row)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if value not in (None, "", [], {}):
            click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")


def echo_runs(runs, fmt: str) -> None:
    """Print saved runs."""
    data = [
        {
            "id": r.id,
            "job": r.job.title or r.job.text[:60],
            "model": r.model,
            "results": len(r.results),
            "created_at": r.created_at.isoformat(),
        }
        for r in runs
    ]
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    if not data:
        click.echo("No saved runs; use `jobmatch rank --save`.")
        return
    table = Table()
    for column in ("Run", "Job", "Results", "Created"):
        table.add_column(column)
    for d in data:
        table.add_row(str(d["id"]), d["job"], str(d["results"]), d["created_at"][:19])
    _console().print(table)


def echo_run(run, fmt: str) -> None:
    """Print one saved run's results."""
    data = {
        "id": run.id,
        "job": run.job.text,
        "model": run.model,
        "created_at": run.created_at.isoformat(),
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
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"Run #{run.id} ({data['created_at'][:19]}), model {run.model}")
    for r in data["results"]:
        click.echo(f"{r['rank']:>3}. #{r['candidate_id']} {r['name']}  {r['score']:.2f}")


def echo_metrics(metrics: dict[str, float], fmt: str) -> None:
    """Print evaluation metrics."""
    if fmt == "json":
        click.echo(json.dumps(metrics, indent=2))
        return
    for key, value in metrics.items():
        click.echo(f"{key:>16}  {value:.4f}")


def echo_eval_table(table: dict[str, dict[str, float]], fmt: str) -> None:
    """Print `jobmatch evaluate` on a folder: one row per model/score, ranking and field metrics."""
    if fmt == "json":
        click.echo(json.dumps(table, indent=2))
        return
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
    Console(file=click.get_text_stream("stdout"), width=max(_console().width, 120)).print(grid)
    first = next(iter(table.values()))
    click.echo(f"{int(first['postings'])} postings; field accuracy is the current parser's (shared by all rows).")
