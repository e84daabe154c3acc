"""The review app in a real browser: Playwright drives Debian's Chromium against a real uvicorn.

Playwright never downloads a browser here: it launches /usr/bin/chromium (``apt-get install
chromium``; .ci/run installs it). The mapper is the deterministic fake, so the test is fast.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest
from review_helpers import file_engine, make_app

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = Path(__file__).resolve().parents[2] / "shared_data" / "samples" / "cisa-aa21-076a-trickbot.txt"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(fake_mapper, tmp_path):
    """A real uvicorn serving the review app on 127.0.0.1, in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    app = make_app(file_engine(tmp_path), fake_mapper)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        yield context.new_page()
        browser.close()


def _chip(page, sentence: int, label: str):
    return page.locator(f"#s{sentence} li.chip[data-label='{label}']")


def _layer_counts(layer: dict) -> dict[str, tuple[int, int]]:
    """Scored techniques of a Navigator layer: ID -> (score, sentences of evidence)."""
    return {t["techniqueID"]: (t["score"], int(t["metadata"][0]["value"]))
            for t in layer["techniques"] if "score" in t}


def test_review_a_report_in_the_browser(server, page, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # Upload a shipped sample and wait for the mapping to finish (the page polls, then reloads).
    page.goto(server + "/")
    page.set_input_files("#file", str(SAMPLE))
    page.get_by_role("button", name="Upload and map").click()
    page.wait_for_url(f"{server}/reports/1")
    page.wait_for_selector("article.text", timeout=20_000)
    assert "cisa-aa21-076a-trickbot.txt" in page.locator("h1").inner_text()

    before = _layer_counts(json.loads(page.request.get(f"{server}/reports/1/export/navigator").text()))

    # A sentence proposing both T1566.001 and T1566: accept the sub-technique, reject the parent.
    section = page.locator("section.sentence.mapped", has=page.locator("li.chip[data-label='T1566.001']")).filter(
        has=page.locator("li.chip[data-label='T1566']")).first
    index = int(section.get_attribute("data-index"))
    _chip(page, index, "T1566.001").get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert "accepted" in _chip(page, index, "T1566.001").get_attribute("class")
    _chip(page, index, "T1566").get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    assert "rejected" in _chip(page, index, "T1566").get_attribute("class")

    # Add a label the model missed, picked from the catalog's autocomplete list.
    options = page.locator("#catalog-labels option").evaluate_all("els => els.map(e => e.value)")
    choice = next(o for o in options if o.startswith("T1057"))
    box = page.locator(f"#s{index} form.add input[name=label]")
    box.fill(choice)
    page.locator(f"#s{index} form.add").get_by_role("button", name="Add").click()
    page.wait_for_load_state()
    assert _chip(page, index, "T1057").get_attribute("class") == "chip added"

    # Export the reviewed result as a Navigator layer.
    with page.expect_download() as download_info:
        page.locator("#export-navigator").click()
    target = tmp_path / "layer.json"
    download_info.value.save_as(target)
    layer = json.loads(target.read_text(encoding="utf-8"))
    after = _layer_counts(layer)
    assert after["T1057"] == (100, before.get("T1057", (0, 0))[1] + 1)  # added: one more sentence
    assert after["T1566.001"] == before["T1566.001"]  # accepted: still there
    assert after.get("T1566", (0, 0))[1] == before["T1566"][1] - 1  # rejected: one sentence fewer
    assert layer["domain"] == "enterprise-attack" and "reviewed" in layer["description"]

    # Reload: the decisions are stored, not kept in the page.
    page.reload()
    assert "accepted" in _chip(page, index, "T1566.001").get_attribute("class")
    assert "rejected" in _chip(page, index, "T1566").get_attribute("class")
    assert _chip(page, index, "T1057").count() == 1
    assert "3 decisions" in page.locator(".reporthead").inner_text()
    page.screenshot(path=str(tmp_path / "review.png"), full_page=False)
    assert errors == []  # no script error, no CSP violation
