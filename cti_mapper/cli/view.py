"""The terminal view of a mapped report, and the one switch from a format name to its text.

By default the view is what an analyst reads first: the report's techniques (tactic, evidence,
best score), then only the sentences that were mapped. ``--all`` adds every unmapped sentence.
"""

from __future__ import annotations

import io
from pathlib import Path

__all__ = ["export_text", "render_table"]


def export_text(report, fmt: str, *, to_terminal: bool = False, show_all: bool = False,
                stix_extensions: bool = False) -> str:
    """The report in ``fmt`` (one of ``common.FORMATS``), as the exporters write it."""
    from cti_mapper import export

    if fmt == "table":
        return render_table(report, to_terminal=to_terminal, show_all=show_all)
    if fmt == "html":
        from cti_mapper.html_report import to_html

        return to_html(report)
    if fmt == "stix":
        return export.to_stix(report, extensions=stix_extensions)
    writer = {"json": export.to_json, "csv": export.to_csv, "navigator": export.to_navigator}[fmt]
    return writer(report)


def render_table(report, *, to_terminal: bool, show_all: bool = False) -> str:
    """Technique summary, then the mapped sentences (every sentence with ``show_all``)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=None if to_terminal else 140,
                      force_terminal=to_terminal, color_system="auto" if to_terminal else None)
    unmapped = len(report.mappings) - report.mapped_count
    console.print(f"[bold]{Path(report.document.source).name}[/bold]: {report.mapped_count} of "
                  f"{len(report.mappings)} sentences mapped · ATT&CK {report.catalog.version} · "
                  f"model {report.model} · threshold {report.threshold}", highlight=False)
    console.print(_summary_table(report))
    tactics = _tactic_line(report)
    if tactics:
        console.print(tactics, highlight=False)
    console.print(_sentence_table(report, show_all))
    if unmapped and not show_all:
        console.print(f"{unmapped} unmapped sentence(s) not shown; --all shows every sentence.",
                      style="dim", highlight=False)
    return buffer.getvalue()


def _summary_table(report):
    from rich.table import Table

    rows = [r for r in report.summary if r.kind != "tactic"]
    table = Table(title=f"Techniques and software ({len(rows)})", title_justify="left")
    table.add_column("Technique / software", ratio=3)
    table.add_column("Tactic", ratio=2)
    table.add_column("Evidence", justify="right", no_wrap=True)
    table.add_column("Best score", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(row.label, _tactics_of(report.catalog, row.id) if row.kind != "software" else "(software)",
                      str(row.evidence), f"{row.best_score:.2f}")
    if not rows:
        table.add_row("(none above the report-level cut)", "", "", "")
    return table


def _tactics_of(catalog, label_id: str) -> str:
    try:
        obj = catalog.get(label_id)
    except Exception:  # noqa: BLE001  (a label of an older catalog: show no tactic rather than fail)
        return ""
    names = []
    for tactic in getattr(obj, "tactics", ()) or ():
        names.append(catalog.get(tactic).name if tactic in catalog else tactic)
    return ", ".join(names)


def _tactic_line(report) -> str:
    tactics = [r for r in report.summary if r.kind == "tactic"]
    if not tactics:
        return ""
    return "Tactics: " + ", ".join(f"{r.name} ({r.evidence})" for r in tactics)


def _sentence_table(report, show_all: bool):
    from rich.table import Table

    from cti_mapper.export import table_rows

    rows = table_rows(report, mapped_only=not show_all)
    title = "All sentences" if show_all else "Mapped sentences"
    table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_lines=True)
    table.add_column("Page", justify="right", no_wrap=True)
    table.add_column("Sentence", ratio=3)
    table.add_column("ATT&CK labels (score)", ratio=2)
    for page, sentence, labels in rows:
        table.add_row(page, sentence, labels, style="dim" if labels == "unmapped" else None)
    return table
