"""Self-contained HTML report: highlighted sentences and a heatmap of techniques by tactic.

The heatmap is a wrapping grid of tactic columns (plain HTML and CSS, no script), so all
tactics fit the page column at any width; cells are coloured over the report's own score range.
"""

from __future__ import annotations

from html import escape

from cti_mapper.export import MappedReport

__all__ = ["matrix_html", "score_color", "to_html"]

# Column order of the Enterprise matrix; other domains' tactics follow by ID.
_TACTIC_ORDER = (
    "TA0043", "TA0042", "TA0001", "TA0002", "TA0003", "TA0004", "TA0005", "TA0006", "TA0007",
    "TA0008", "TA0009", "TA0011", "TA0010", "TA0040",
)
# Light yellow to dark red, as (r, g, b) stops of a piecewise-linear ramp.
_RAMP = ((255, 243, 176), (253, 174, 97), (215, 48, 39), (127, 0, 0))

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em;overflow-wrap:anywhere} .meta{color:#666;font-size:.9em;overflow-wrap:anywhere}
p.para{line-height:1.7;overflow-wrap:anywhere}
.s.mapped{background:rgba(255,102,102,var(--a));border-radius:3px;padding:1px 2px}
.s.unmapped{color:#555}
.lab{display:inline-block;font-size:.72em;background:#334;color:#fff;border-radius:3px;
     padding:0 4px;margin:0 2px;vertical-align:middle;white-space:nowrap}
.lab.software{background:#2a6f4e} .lab.tactic{background:#7a4f9a}
table{border-collapse:collapse;font-size:.9em;max-width:100%} td,th{border:1px solid #ddd;padding:3px 6px}
td{overflow-wrap:anywhere}
.matrix{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:6px;
        align-items:start;max-width:100%}
.tactic h3{font-size:.8em;margin:0 0 4px;padding:4px;background:#eee;border-radius:3px;min-height:2.9em;
           display:flex;align-items:center;justify-content:center;
           text-align:center;overflow-wrap:anywhere}
.cell{font-size:.75em;line-height:1.25;padding:3px 5px;margin-bottom:4px;border-radius:3px;
      border:1px solid rgba(0,0,0,.15);overflow-wrap:anywhere}
.cell b{display:block}
figure.heatmap{margin:0}
.legend{display:flex;align-items:center;gap:.5em;font-size:.85em;color:#444;margin:.4em 0 .8em}
.legend .ramp{width:160px;height:12px;border-radius:2px;border:1px solid #ccc}
"""


def score_color(value: float, low: float, high: float) -> tuple[str, str]:
    """(background, text) colours for ``value`` on the ramp from ``low`` (light) to ``high`` (dark).

    With a single score (or all equal) every cell gets the darkest colour.
    """
    t = 1.0 if high - low < 1e-9 else min(max((value - low) / (high - low), 0.0), 1.0)
    pos = t * (len(_RAMP) - 1)
    i = min(int(pos), len(_RAMP) - 2)
    frac = pos - i
    rgb = [round(a + (b - a) * frac) for a, b in zip(_RAMP[i], _RAMP[i + 1], strict=True)]
    luminance = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#fff" if luminance < 140 else "#222"


def _ramp_css() -> str:
    stops = ", ".join(f"rgb{stop}" for stop in _RAMP)
    return f"linear-gradient(to right, {stops})"


def matrix_html(report: MappedReport) -> str:
    """Return the heatmap: one column per tactic, one cell per technique, coloured by score.

    The score is the aggregated report-level score (as in the summary and Navigator layer);
    colours span the lowest to the highest score of this report. A technique with several
    tactics appears in each of their columns. Returns a short note when none were found.
    """
    catalog = report.catalog
    columns: dict[str, list[tuple[str, str, float, int]]] = {}
    for row in report.summary:
        if row.kind != "technique":
            continue
        obj = catalog.get(row.id)
        for tactic in obj.tactics or ("",):
            columns.setdefault(tactic, []).append((row.id, obj.name, row.score, row.evidence))
    if not columns:
        return '<p class="matrix-empty">No techniques found.</p>'
    scores = [cell[2] for cells in columns.values() for cell in cells]
    low, high = min(scores), max(scores)
    order = {t: i for i, t in enumerate(_TACTIC_ORDER)}
    tactics = sorted(columns, key=lambda t: (order.get(t, len(order)), t))
    parts = [f'<figure class="heatmap"><div class="legend">score {low:.2f}<span class="ramp" style="background:'
             f'{_ramp_css()}"></span>{high:.2f}</div>',
             '<div class="matrix" aria-label="ATT&amp;CK techniques by tactic">']
    for tactic in tactics:
        title = catalog.get(tactic).name if tactic and tactic in catalog else "(no tactic)"
        parts.append(f'<section class="tactic"><h3>{escape(title)}</h3>')
        for tid, name, score, evidence in sorted(columns[tactic], key=lambda c: (-c[2], c[0])):
            background, ink = score_color(score, low, high)
            parts.append(
                f'<div class="cell" data-score="{score:.4f}" '
                f'style="background:{background};color:{ink}" '
                f'title="{escape(tid)} {escape(name)}: score {score:.2f}, {evidence} sentence(s)">'
                f"<b>{escape(tid)} · {score:.2f}</b>{escape(name)}</div>"
            )
        parts.append("</section>")
    parts.append("</div></figure>")
    return "".join(parts)


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
    source = escape(doc.source)
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
        f"<tr><td>{escape(r.label)}</td><td>{escape(r.kind)}</td><td>{r.score:.2f}</td>"
        f"<td>{r.best_score:.2f}</td><td>{r.evidence}</td></tr>"
        for r in report.summary
    )
    unmapped = len(report.mappings) - report.mapped_count
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cti-map: {source}</title><style>{_CSS}</style></head>
<body>
<h1>ATT&amp;CK mapping of {source}</h1>
<p class="meta">ATT&amp;CK {escape(str(report.catalog.version))} · model {escape(report.model)} ·
threshold {report.threshold} · {len(report.mappings)} sentences, {report.mapped_count} mapped,
{unmapped} unmapped · {len(report.summary)} labels</p>
<h2>Techniques by tactic</h2>
{matrix_html(report)}
<h2>Labels</h2>
<table><tr><th>Label</th><th>Kind</th><th>Score</th><th>Best sentence</th><th>Sentences</th></tr>
{summary_rows}
</table>
<h2>Report</h2>
{body}
</body></html>
"""
