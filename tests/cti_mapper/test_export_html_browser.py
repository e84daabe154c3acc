"""The HTML export in headless Chromium: the heatmap of all 14 Enterprise tactics fits the page
column (no horizontal scrolling) at desktop and phone widths, and colours follow the scores.

Uses the review app's browser setup (Debian's /usr/bin/chromium; skipped where it is missing).
"""

from __future__ import annotations

import struct

import pytest
from test_review_browser import CHROMIUM, page  # noqa: F401  (the Playwright page fixture)

from cti_mapper.attack import AttackCatalog
from cti_mapper.export import build_report
from cti_mapper.html_report import to_html
from cti_mapper.mapping import LabelMatch, SentenceMapping
from cti_mapper.reports import Document, Sentence

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")

TACTICS = [("TA0043", "Reconnaissance"), ("TA0042", "Resource Development"), ("TA0001", "Initial Access"),
           ("TA0002", "Execution"), ("TA0003", "Persistence"), ("TA0004", "Privilege Escalation"),
           ("TA0005", "Defense Evasion"), ("TA0006", "Credential Access"), ("TA0007", "Discovery"),
           ("TA0008", "Lateral Movement"), ("TA0009", "Collection"), ("TA0011", "Command and Control"),
           ("TA0010", "Exfiltration"), ("TA0040", "Impact")]


def _wide_report(tmp_path):
    """A report with 3 techniques under each of the 14 tactics, scores spread over 0.55-0.97."""
    objects, mappings, parts = [], [], []
    for i, (tactic_id, name) in enumerate(TACTICS):
        short = name.lower().replace(" ", "-")
        objects.append({"type": "x-mitre-tactic", "id": f"x-mitre-tactic--{i:08d}-0000-4000-8000-000000000000",
                        "name": name, "x_mitre_shortname": short,
                        "external_references": [{"source_name": "mitre-attack", "external_id": tactic_id}]})
        for j in range(3):
            tid = f"T{1100 + 3 * i + j}"
            stix_id = f"attack-pattern--{i:04d}{j:04d}-0000-4000-8000-000000000000"
            objects.append({"type": "attack-pattern", "id": stix_id,
                            "name": f"An Unusually Long Technique Name Number {3 * i + j} For Wrapping",
                            "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": short}],
                            "external_references": [{"source_name": "mitre-attack", "external_id": tid}]})
    catalog = AttackCatalog([({"type": "bundle", "objects": objects}, "enterprise-attack", "18.1")])
    cursor = 0
    techniques = [o for o in objects if o["type"] == "attack-pattern"]
    for k, obj in enumerate(techniques):
        tid = obj["external_references"][0]["external_id"]
        text = f"Sentence {k} evidences {tid} via https://example.org/{'x' * 150} ."
        parts.append(text + "\n")
        score = 0.55 + 0.42 * k / (len(techniques) - 1)
        match = catalog.get(tid)
        label = LabelMatch(tid, match.name, "technique", match.label, score, ("retrieval",))
        mappings.append(SentenceMapping(Sentence(text, 1, cursor, cursor + len(text)), (label,)))
        cursor += len(text) + 1
    doc = Document(str(tmp_path / "wide-report.txt"), "".join(parts), [m.sentence for m in mappings], 1)
    return build_report(doc, mappings, catalog=catalog, model=str(tmp_path), threshold=0.5)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def report_page(page, tmp_path):  # noqa: F811
    """The wide report's HTML export, opened in Chromium (one browser for the whole test)."""
    html = tmp_path / "report.html"
    html.write_text(to_html(_wide_report(tmp_path)), encoding="utf-8")
    page.goto(html.as_uri())
    return page


def test_heatmap_fits_the_column_at_any_width(report_page):
    for width in (1400, 1100, 390):
        _check_fits(report_page, width)


def _check_fits(page, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    overflow = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= overflow[1], f"page scrolls sideways: {overflow}"
    body = page.evaluate("(() => { const r = document.body.getBoundingClientRect(); "
                         "return [r.left, r.right]; })()")
    boxes = page.evaluate("Array.from(document.querySelectorAll('.tactic, .cell')).map(e => { "
                          "const r = e.getBoundingClientRect(); "
                          "return [r.left, r.right, e.scrollWidth, e.clientWidth]; })")
    assert len(boxes) == 14 + 42
    for left, right, scroll, client in boxes:
        assert body[0] - 0.5 <= left and right <= body[1] + 0.5, (width, left, right, body)  # in the column
        assert scroll <= client, width  # text wraps inside its cell
    headers = page.locator(".tactic h3").all_inner_texts()
    assert headers[0] == "Reconnaissance" and headers[-1] == "Impact" and len(headers) == 14
    shot = page.screenshot(full_page=True)
    assert _png_size(shot)[0] == width


def test_heatmap_colours_span_the_scores(report_page, tmp_path):
    shown = report_page
    cells = shown.evaluate("Array.from(document.querySelectorAll('.cell')).map(e => "
                          "[parseFloat(e.dataset.score), getComputedStyle(e).backgroundColor])")
    colours = {score: colour for score, colour in cells}
    assert colours[min(colours)] == "rgb(255, 243, 176)"  # lowest score: lightest
    assert colours[max(colours)] == "rgb(127, 0, 0)"  # highest (0.97, not 1.0): darkest
    assert len(set(colours.values())) >= 40  # 42 distinct scores, (almost) as many colours
    header = shown.locator("p.meta").inner_text()
    assert str(tmp_path) not in shown.content() and "wide-report.txt" in shown.title()
    assert "model " + tmp_path.name in header
