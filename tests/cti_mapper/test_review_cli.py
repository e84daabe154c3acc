"""`cti-map serve`, `train --feedback` and `evaluate --feedback` through the CLI."""

from __future__ import annotations

import json
import lzma
import re
import socket

import pytest
from click.testing import CliRunner
from cti_helpers import MINI_ATTACK, FakeEmbedder
from review_helpers import SAMPLE
from sqlalchemy.orm import Session

from cti_mapper.cli import cli
from cti_mapper.cli.common import review_db_url as db_url
from cti_mapper.cli.serve import _is_loopback
from cti_mapper.review import service
from cti_mapper.review.store import init_db, make_engine


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def reviewed_db(tmp_path, fake_mapper, mini_catalog):
    """A SQLite review database with one mapped report and four decisions; returns its path."""
    path = tmp_path / "review.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    with Session(engine) as session:
        report = service.add_report(session, "advisory.md", SAMPLE.encode())
        run_id = service.start_run(session, report, fake_mapper).id
        session.commit()
        rid = report.id
    service.execute_run(engine, run_id, fake_mapper)
    with Session(engine) as session:
        report = service.get_report(session, rid)
        for sentence, label, action in ((1, "T1566.001", "accept"), (1, "T1566", "reject"),
                                        (2, "T1057", "add"), (4, None, "none")):
            service.record_decision(session, report, sentence, label, action, "ana", mini_catalog)
        session.commit()
    engine.dispose()
    return path


def test_train_with_feedback_end_to_end(reviewed_db, tiny_reranker_path, tmp_path, monkeypatch):
    import core

    monkeypatch.setattr(core, "load_embedder", lambda *a, **k: FakeEmbedder())  # no MiniLM load
    out, data = tmp_path / "tuned", tmp_path / "data"
    result = run(["--attack-data", MINI_ATTACK, "train", "--feedback", reviewed_db, "--feedback-repeat", "3",
                  "--base-model", tiny_reranker_path, "-o", out, "--data-dir", data, "--queries", "12",
                  "--max-steps", "2", "--no-bf16"])
    assert result.exit_code == 0, result.output
    assert "feedback: 3 reviewed sentences, 9 pairs" in result.output  # 3 pairs x 3 copies
    assert (out / "model.safetensors").exists() and f"saved {out}" in result.output
    with lzma.open(data / "train.jsonl.xz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    fed = [(r["sentence_1"].split()[0], r["label"]) for r in rows if r["sentence_0"] == SAMPLE.splitlines()[2]]
    assert sorted(fed) == sorted([("T1566.001", 1.0), ("T1566", 0.0)] * 3)
    # The fine-tune moved the model's scores.
    pair = [(SAMPLE.splitlines()[2], "T1566 — PHISHING")]
    before = core.load_reranker(tiny_reranker_path, backend="torch").predict(pair)
    after = core.load_reranker(out, backend="torch").predict(pair)
    assert abs(float(after[0]) - float(before[0])) > 1e-6


def test_evaluate_with_feedback(reviewed_db, patched_mapper):
    result = run(["evaluate", "--feedback", reviewed_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["sentences"] == 3 and metrics["accepted_recall"] == 0.5 and metrics["rejected_reported"] == 1.0
    table = run(["evaluate", "--feedback", f"sqlite:///{reviewed_db}", "-f", "table"])
    assert table.exit_code == 0 and "agreement" in table.output
    assert re.search(r"^sentences +3$", table.output, flags=re.M)


def test_feedback_errors(tmp_path, patched_mapper):
    empty = run(["evaluate", "--feedback", tmp_path / "empty.db"])
    assert empty.exit_code == 1 and "no review decisions yet" in empty.output
    assert run(["train", "--feedback", tmp_path / "empty.db"]).exit_code == 1
    neither = run(["evaluate"])
    assert neither.exit_code == 2 and "give exactly one of DATA, --annoctr DIR or --feedback DB" in neither.output
    bad = run(["evaluate", "--feedback", "nosuchdriver://x"])
    assert bad.exit_code == 1 and "cannot use database URL" in bad.output


def test_serve_reports_a_busy_port(patched_mapper, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        result = run(["serve", "--port", port, "--db", tmp_path / "r.db"])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_db_url_and_loopback(tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path / "home"))
    assert db_url(None) == f"sqlite:///{tmp_path / 'home' / 'review.db'}"
    assert db_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert db_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.5") and not _is_loopback("example.org")
