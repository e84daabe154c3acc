"""Self-contained HTML report: highlighted sentences and an SVG heatmap of techniques by tactic."""

from __future__ import annotations

from html import escape
from pathlib import Path

from cti_mapper.export import MappedReport

__all__ = ["matrix_svg", "to_html"]

# Column order of the Enterprise matrix; other domains' tactics follow by ID.
_TACTIC_ORDER = (
    "TA0043", "TA0042", "TA0001", "TA0002", "TA0003", "TA0004", "TA0005", "TA0006", "TA0007",
    "TA0008", "TA0009", "TA0011", "TA0010", "TA0040",
)
_CELL_W, _CELL_H, _GAP, _HEAD_H = 150, 34, 6, 40

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em} .meta{color:#666;font-size:.9em}
p.para{line-height:1.7}
.s.mapped{background:rgba(255,102,102,var(--a));border-radius:3px;padding:1px 2px}
.s.unmapped{color:#555}
.lab{display:inline-block;font-size:.72em;background:#334;color:#fff;border-radius:3px;
     padding:0 4px;margin:0 2px;vertical-align:middle;white-space:nowrap}
.lab.software{background:#2a6f4e} .lab.tactic{background:#7a4f9a}
table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ddd;padding:3px 6px}
svg text{font-family:system-ui,sans-serif}
"""


def _color(score: float) -> str:
    """Yellow (low) to red (high), like the Navigator layer's gradient."""
    score = min(max(score, 0.0), 1.0)
    g = round(0xE7 + (0x66 - 0xE7) * score)
    return f"#ff{g:02x}66"


def matrix_svg(report: MappedReport) -> str:
    """Return an SVG heatmap: one column per tactic, one cell per technique found, by score.

    A technique with several tactics appears in each of their columns; sub-techniques show
    their full label. Returns a small "no techniques" picture when none were found.
    """
    catalog = report.catalog
    columns: dict[str, list[tuple[str, str, float]]] = {}
    for row in report.summary:
        if row.kind != "technique":
            continue
        obj = catalog.get(row.id)
        for tactic in obj.tactics or ("",):
            columns.setdefault(tactic, []).append((row.id, obj.name, row.best_score))
    if not columns:
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
                '<text x="10" y="25" font-size="14">No techniques found.</text></svg>')
    order = {t: i for i, t in enumerate(_TACTIC_ORDER)}
    tactics = sorted(columns, key=lambda t: (order.get(t, len(order)), t))
    height = _HEAD_H + max(len(v) for v in columns.values()) * (_CELL_H + _GAP) + _GAP
    width = len(tactics) * (_CELL_W + _GAP) + _GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="ATT&amp;CK techniques">']
    for col, tactic in enumerate(tactics):
        x = _GAP + col * (_CELL_W + _GAP)
        title = catalog.get(tactic).name if tactic and tactic in catalog else "(no tactic)"
        parts.append(f'<text x="{x + _CELL_W / 2}" y="24" font-size="12" font-weight="bold" '
                     f'text-anchor="middle">{escape(_clip(title, 22))}</text>')
        cells = sorted(columns[tactic], key=lambda c: (-c[2], c[0]))
        for row, (tid, name, score) in enumerate(cells):
            y = _HEAD_H + row * (_CELL_H + _GAP)
            parts.append(
                f'<g><title>{escape(tid)} {escape(name)}: {score:.2f}</title>'
                f'<rect x="{x}" y="{y}" width="{_CELL_W}" height="{_CELL_H}" rx="3" '
                f'fill="{_color(score)}" stroke="#999"/>'
                f'<text x="{x + 4}" y="{y + 13}" font-size="10" font-weight="bold">'
                f'{escape(tid)} · {score:.2f}</text>'
                f'<text x="{x + 4}" y="{y + 27}" font-size="10">'
                f"{escape(_clip(name, 26))}</text></g>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sentence_html(mapping) -> str:
    text = escape(mapping.sentence.text)
    if not mapping.labels:
        return f'<span class="s unmapped" title="unmapped">{text}</span>'
    best = max(m.score for m in mapping.labels)
    badges = "".join(
        f'<span class="lab {escape(m.kind)}" title="{escape(m.label)} · {m.score:.2f} · '
        f'{escape(", ".join(m.reasons))}">{escape(m.id)}</span>'
        for m in mapping.labels
    )
    return (f'<span class="s mapped" style="--a:{0.15 + 0.45 * best:.2f}" '
            f'title="{escape("; ".join(m.label for m in mapping.labels))}">{text}</span>{badges}')


def to_html(report: MappedReport) -> str:
    """Return a standalone HTML page (no scripts, no external assets) for the report."""
    doc = report.document
    source = escape(Path(doc.source).name)
    paragraphs: list[str] = []
    current: list[str] = []
    cursor = 0
    for mapping in report.mappings:
        gap = doc.text[cursor : mapping.sentence.start]
        if "\n" in gap and current:
            paragraphs.append(current)
            current = []
        current.append(_sentence_html(mapping))
        cursor = mapping.sentence.end
    if current:
        paragraphs.append(current)
    body = "\n".join(f'<p class="para">{" ".join(p)}</p>' for p in paragraphs)
    summary_rows = "\n".join(
        f"<tr><td>{escape(r.label)}</td><td>{escape(r.kind)}</td><td>{r.best_score:.2f}</td>"
        f"<td>{len(r.sentences)}</td></tr>"
        for r in report.summary
    )
    unmapped = len(report.mappings) - report.mapped_count
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>cti-map: {source}</title><style>{_CSS}</style></head>
<body>
<h1>ATT&amp;CK mapping of {source}</h1>
<p class="meta">ATT&amp;CK {escape(str(report.catalog.version))} · model {escape(report.model)} ·
threshold {report.threshold} · {len(report.mappings)} sentences, {report.mapped_count} mapped,
{unmapped} unmapped · {len(report.summary)} labels</p>
<h2>Techniques by tactic</h2>
{matrix_svg(report)}
<h2>Labels</h2>
<table><tr><th>Label</th><th>Kind</th><th>Best score</th><th>Sentences</th></tr>
{summary_rows}
</table>
<h2>Report</h2>
{body}
</body></html>
"""
