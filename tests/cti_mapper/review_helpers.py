"""Shared pieces of the review-app tests: a sample report and a client that waits for mapping."""

from __future__ import annotations

import time

SAMPLE = (
    "# Advisory\n\n"
    "The actors sent phishing emails with a malicious attachment to staff.\n\n"
    "Operators then used cmd.exe to run discovery commands on each host.\n\n"
    "Finally the ransomware would encrypt files on every reachable share.\n\n"
    "Contact the help desk for more information about this advisory.\n"
)
CSRF_HEADER = {"X-Requested-With": "pytest"}


def make_app(engine, mapper, **settings):
    """The review app over ``engine`` and a (fake) mapper."""
    from cti_mapper.review.app import ReviewSettings, create_app

    return create_app(engine=engine, mapper=mapper, settings=ReviewSettings(**settings))


def file_engine(folder):
    """A fresh SQLite review database under ``folder`` (a file: the worker thread gets its own
    connection; one in-memory connection shared by two threads would interleave transactions)."""
    from cti_mapper.review.store import init_db, make_engine

    (folder / "db").mkdir(exist_ok=True)
    engine = make_engine(f"sqlite:///{folder / 'db' / 'review.db'}")
    init_db(engine)
    return engine


def wait_done(client, report_id: int, timeout: float = 20.0) -> dict:
    """Poll the status endpoint until the latest run is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/api/reports/{report_id}/status").json()
        if status and status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"report {report_id} not mapped within {timeout}s")


def submit(client, name: str = "advisory.md", data: bytes | str = SAMPLE) -> dict:
    """Upload a report through the API and wait for its mapping; returns the submit answer."""
    body = data.encode() if isinstance(data, str) else data
    response = client.post("/api/reports", files={"file": (name, body, "text/plain")}, headers=CSRF_HEADER)
    assert response.status_code == 202, response.text
    answer = response.json()
    assert wait_done(client, answer["report_id"])["status"] == "done"
    return answer
