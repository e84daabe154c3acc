"""The review library: storage, decisions in force, reviewed exports and feedback pairs."""

from __future__ import annotations

import json

import pytest
from review_helpers import SAMPLE
from sqlalchemy.orm import Session

from cti_mapper.review import service
from cti_mapper.review.feedback import evaluate_on_feedback, feedback_pairs, load_feedback
from cti_mapper.review.store import StoreError, init_db, make_engine


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'review.db'}")
    init_db(engine)
    return engine


def _mapped_report(engine, mapper, text: str = SAMPLE) -> int:
    with Session(engine) as session:
        report = service.add_report(session, "advisory.md", text.encode())
        run = service.start_run(session, report, mapper)
        session.commit()
        report_id, run_id = report.id, run.id
    service.execute_run(engine, run_id, mapper)
    return report_id


def _decide(engine, report_id, catalog, *decisions):
    with Session(engine) as session:
        report = service.get_report(session, report_id)
        for sentence, label, action in decisions:
            service.record_decision(session, report, sentence, label, action, "ana", catalog)
        session.commit()


def test_add_report_stores_text_and_sentences(engine):
    with Session(engine) as session:
        report = service.add_report(session, "C:\\Users\\x\\advisory.md", SAMPLE.encode())
        session.commit()
        assert report.name == "advisory.md" and report.kind == "markdown"
        assert report.sentences[1][0].startswith("The actors sent phishing")
        assert report.text[report.sentences[1][2]:report.sentences[1][3]] == report.sentences[1][0]


@pytest.mark.parametrize(("name", "data", "status"), [
    ("a.txt", b"x" * 11, 413),
    ("a.docx", b"PK\x03\x04", 415),
    ("a.pdf", b"hello", 415),
    ("a.md", b"MZ\x90", 415),
    ("a.txt", b"ab\x00cd", 415),
    ("a.txt", b"", 422),
])
def test_check_upload_refusals(name, data, status):
    with pytest.raises(service.UploadRejectedError) as info:
        service.check_upload(name, data, max_bytes=10)
    assert info.value.status_code == status


def test_check_upload_accepts_utf16_text_and_pdf():
    assert service.check_upload("a.txt", "hello".encode("utf-16")) == "text"
    assert service.check_upload("A.PDF", b"%PDF-1.7\n...") == "pdf"
    assert service.check_upload("a.htm", b"<p>x</p>") == "html"


def test_display_name_strips_paths_and_controls():
    assert service.display_name("../../etc/pass\x00wd\n.txt") == "passwd.txt"
    assert service.display_name(None) == "report"
    assert len(service.display_name("a" * 500 + ".txt")) == 200


def test_resolve_and_search_labels(mini_catalog):
    assert service.resolve_label(mini_catalog, "t1566") == "T1566"
    assert service.resolve_label(mini_catalog, "T1057 — PROCESS DISCOVERY") == "T1057"
    assert service.resolve_label(mini_catalog, "trickbot") == "S0266"
    with pytest.raises(ValueError, match="not an ATT&CK"):
        service.resolve_label(mini_catalog, "Made Up")
    assert [h["id"] for h in service.search_labels(mini_catalog, "s02")] == ["S0266"]


def test_decisions_survive_a_remap_and_latest_wins(engine, fake_mapper, mini_catalog):
    rid = _mapped_report(engine, fake_mapper)
    _decide(engine, rid, mini_catalog, (1, "T1566", "accept"), (1, "T1566", "reject"), (2, "T1057", "add"))
    with Session(engine) as session:
        report = service.get_report(session, rid)
        run = service.start_run(session, report, fake_mapper)
        session.commit()
        run_id = run.id
    service.execute_run(engine, run_id, fake_mapper)
    with Session(engine) as session:
        report = service.get_report(session, rid)
        assert len(report.runs) == 2 and len(report.decisions) == 3  # history kept
        views = service.review_state(report, mini_catalog)
        assert {p["id"]: p["state"] for p in views[1].proposals}["T1566"] == "rejected"
        assert [a["id"] for a in views[2].added] == ["T1057"]
        reviewed = service.reviewed_report(report, mini_catalog)
        ids = {m.id for mapping in reviewed.mappings for m in mapping.labels}
        assert "T1566" not in ids and "T1057" in ids
        added = next(m for m in reviewed.mappings[2].labels if m.id == "T1057")
        assert added.score == 1.0 and added.reasons == ("analyst added",)


def test_feedback_pairs_from_decisions(engine, fake_mapper, mini_catalog):
    rid = _mapped_report(engine, fake_mapper)
    _decide(engine, rid, mini_catalog, (1, "T1566.001", "accept"), (1, "T1566", "reject"),
            (2, "T1057", "add"), (3, None, "none"), (3, "T1486", "accept"))
    feedback = load_feedback(engine)
    by_text = {f.text[:12]: f for f in feedback}
    assert by_text["The actors s"].positives == ("T1566.001",) and by_text["The actors s"].negatives == ("T1566",)
    assert by_text["Operators th"].positives == ("T1057",)
    none = by_text["Finally the "]
    assert none.no_behaviour and none.positives == () and set(none.negatives) == {"T1486", "TA0040"}
    pairs = feedback_pairs(feedback, mini_catalog)
    assert {(p.sentence_1.split()[0], p.label) for p in pairs} == {
        ("T1566.001", 1.0), ("T1566", 0.0), ("T1057", 1.0), ("T1486", 0.0)}  # tactics left out
    assert len(feedback_pairs(feedback, mini_catalog, repeat=3)) == 3 * len(pairs)


def test_evaluate_on_feedback(engine, fake_mapper, mini_catalog):
    rid = _mapped_report(engine, fake_mapper)
    _decide(engine, rid, mini_catalog, (1, "T1566.001", "accept"), (1, "T1566", "reject"),
            (2, "T1057", "add"), (4, None, "none"))
    metrics = evaluate_on_feedback(fake_mapper, load_feedback(engine))
    # The fake still proposes T1566 (rejected) and misses T1057 (added): half the decisions agree.
    assert metrics["sentences"] == 3 and metrics["accepted_recall"] == 0.5
    assert metrics["rejected_reported"] == 1.0 and metrics["none_quiet"] == 1.0
    assert metrics["agreement"] == pytest.approx(1 / 3)
    assert metrics["p@1"] == 0.5 and metrics["queries"] == 2  # T1057 ranks below cmd.exe's T1059.003
    with pytest.raises(ValueError, match="no review decisions"):
        evaluate_on_feedback(fake_mapper, [])


def test_reviewed_export_round_trips_through_the_cli_exporter(engine, fake_mapper, mini_catalog):
    from cti_mapper.export import to_json

    rid = _mapped_report(engine, fake_mapper)
    _decide(engine, rid, mini_catalog, (3, None, "none"))
    with Session(engine) as session:
        doc = json.loads(to_json(service.reviewed_report(service.get_report(session, rid), mini_catalog)))
    assert doc["source"] == "advisory.md" and doc["sentences"][3]["labels"] == []
    assert doc["model"] == "fake-mapper (reviewed)"


def test_bad_database_url():
    with pytest.raises(StoreError, match="cannot use database URL"):
        make_engine("nosuchdriver://x")


def test_runs_left_by_a_stopped_server_are_failed(engine, fake_mapper):
    with Session(engine) as session:
        report = service.add_report(session, "advisory.md", SAMPLE.encode())
        service.start_run(session, report, fake_mapper)
        session.commit()
    assert service.fail_interrupted_runs(engine) == 1
    with Session(engine) as session:
        run = service.latest_run(service.get_report(session, 1))
        assert run.status == "failed" and "interrupted" in run.error
    assert service.fail_interrupted_runs(engine) == 0
