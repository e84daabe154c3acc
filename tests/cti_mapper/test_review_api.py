"""The review app's HTTP API and pages through FastAPI's TestClient, with the fake mapper."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from review_helpers import CSRF_HEADER, SAMPLE, file_engine, make_app, submit, wait_done


@pytest.fixture
def client(fake_mapper, tmp_path):
    with TestClient(make_app(file_engine(tmp_path), fake_mapper), base_url="http://127.0.0.1") as c:
        yield c


def test_submit_poll_fetch_review_export(client):
    answer = submit(client)
    rid = answer["report_id"]
    status = client.get(answer["status_url"]).json()
    assert status["status"] == "done" and status["done"] == status["total"] == 5
    assert status["model"] == "fake-mapper" and status["attack_version"] == "18.1" and status["threshold"] == 0.5
    result = client.get(f"/api/reports/{rid}").json()
    first = result["sentences"][1]
    assert "phishing" in first["text"]
    assert [lab["id"] for lab in first["labels"]][:2] == ["T1566.001", "T1566"]
    assert all(lab["state"] == "pending" for lab in first["labels"])
    assert {"T1566.001", "T1059.003", "T1486"} <= {row["id"] for row in result["summary"]}

    def decide(**body):
        response = client.post(f"/api/reports/{rid}/decisions", json=body, headers=CSRF_HEADER)
        assert response.status_code == 201, response.text
        return response.json()

    decide(sentence=1, label="T1566.001", action="accept", reviewer="ana")
    decide(sentence=1, label="T1566", action="reject")
    decide(sentence=2, label="Process Discovery", action="add")  # by name
    decide(sentence=3, action="none")
    result = client.get(f"/api/reports/{rid}").json()
    states = {lab["id"]: lab["state"] for lab in result["sentences"][1]["labels"]}
    assert states["T1566.001"] == "accepted" and states["T1566"] == "rejected"
    assert [a["id"] for a in result["sentences"][2]["added"]] == ["T1057"]
    assert result["sentences"][3]["no_behaviour"] is True
    summary = {row["id"]: row for row in result["summary"]}
    assert "T1566" not in summary and "T1486" not in summary  # rejected; sentence marked none
    assert summary["T1057"]["evidence"] == 1

    layer = client.get(f"/api/reports/{rid}/export/navigator")
    assert layer.status_code == 200 and "attachment" in layer.headers["content-disposition"]
    scored = {t["techniqueID"]: t["score"] for t in json.loads(layer.text)["techniques"] if "score" in t}
    assert scored == {"T1566.001": 92, "T1059.003": 88, "T1057": 100}  # T1566 rejected, T1486 "none"
    for fmt in ("stix", "json", "csv"):
        assert client.get(f"/api/reports/{rid}/export/{fmt}").status_code == 200
    assert client.get(f"/api/reports/{rid}/export/pdf").status_code == 422
    only = json.loads(client.get(f"/api/reports/{rid}/export/json?pending=false").text)
    assert {lab["id"] for s in only["sentences"] for lab in s["labels"]} == {"T1566.001", "T1057"}


def test_remap_keeps_decisions(client):
    rid = submit(client)["report_id"]
    client.post(f"/api/reports/{rid}/decisions", json={"sentence": 1, "label": "T1566", "action": "reject"},
                headers=CSRF_HEADER)
    run = client.post(f"/api/reports/{rid}/runs", headers=CSRF_HEADER)
    assert run.status_code == 202
    assert wait_done(client, rid)["id"] == run.json()["id"] != 1
    labels = client.get(f"/api/reports/{rid}").json()["sentences"][1]["labels"]
    assert {lab["id"]: lab["state"] for lab in labels}["T1566"] == "rejected"


def test_undo_and_bad_decisions(client):
    rid = submit(client)["report_id"]
    url = f"/api/reports/{rid}/decisions"
    client.post(url, json={"sentence": 1, "label": "T1566", "action": "reject"}, headers=CSRF_HEADER)
    client.post(url, json={"sentence": 1, "label": "T1566", "action": "undo"}, headers=CSRF_HEADER)
    labels = client.get(f"/api/reports/{rid}").json()["sentences"][1]["labels"]
    assert {lab["id"]: lab["state"] for lab in labels}["T1566"] == "pending"
    for body, needle in (({"sentence": 99, "label": "T1566", "action": "accept"}, "no sentence 99"),
                         ({"sentence": 1, "label": "T9999", "action": "add"}, "T9999"),
                         ({"sentence": 1, "label": "T1566", "action": "maybe"}, "unknown action"),
                         ({"sentence": 1, "action": "accept"}, "needs a label")):
        response = client.post(url, json=body, headers=CSRF_HEADER)
        assert response.status_code == 422 and needle in response.text
    assert client.get("/api/reports/42").status_code == 404
    assert client.post("/api/reports/42/decisions", json={"sentence": 0, "action": "none"},
                       headers=CSRF_HEADER).status_code == 404


def test_labels_autocomplete(client):
    hits = client.get("/api/labels", params={"q": "phish"}).json()
    assert [h["id"] for h in hits][:2] == ["T1566", "T1566.001"]
    assert client.get("/api/labels", params={"q": ""}).json() == []
    page = client.get(f"/reports/{submit(client)['report_id']}").text
    assert '<datalist id="catalog-labels">' in page and "T1057 — PROCESS DISCOVERY" in page


def test_oversized_upload_is_refused(fake_mapper, tmp_path):
    with TestClient(make_app(file_engine(tmp_path), fake_mapper, max_upload_bytes=1000),
                    base_url="http://127.0.0.1") as c:
        small = c.post("/api/reports", files={"file": ("a.txt", b"x " * 600, "text/plain")}, headers=CSRF_HEADER)
        assert small.status_code == 413 and "limit" in small.json()["detail"]
        big = c.post("/api/reports", files={"file": ("a.txt", b"x" * 200_000, "text/plain")}, headers=CSRF_HEADER)
        assert big.status_code == 413  # refused by the body limit before parsing

        def chunks():  # no Content-Length: the limit is enforced while the body streams
            for _ in range(50):
                yield b"x" * 4096

        streamed = c.post("/api/reports", content=chunks(),
                          headers={**CSRF_HEADER, "Content-Type": "multipart/form-data; boundary=b"})
        assert streamed.status_code == 413 and "upload limit" in streamed.json()["detail"]
        assert c.get("/api/reports").json() == []


@pytest.mark.parametrize(("name", "data", "status", "needle"), [
    ("malware.exe", b"MZ\x90\x00", 415, "upload a .pdf"),
    ("noext", b"hello world", 415, "no extension"),
    ("fake.pdf", b"This is plain text, not a PDF.", 415, "not a PDF"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", 415, "binary"),
    ("empty.md", b"", 422, "empty"),
    ("numbers.txt", b"12 34\n56\n", 422, "no sentences"),
])
def test_wrong_uploads_are_refused(client, name, data, status, needle):
    response = client.post("/api/reports", files={"file": (name, data, "application/octet-stream")},
                           headers=CSRF_HEADER)
    assert response.status_code == status and needle in response.json()["detail"]
    assert client.get("/api/reports").json() == []


def test_client_file_name_never_reaches_the_filesystem(client, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "work" / "tmp"
    scratch.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(scratch)
    rid = submit(client, name="../../etc/evil<b>.md")["report_id"]
    assert list(scratch.iterdir()) == [] and [p.name for p in (tmp_path / "work").iterdir()] == ["tmp"]
    report = client.get(f"/api/reports/{rid}").json()
    assert report["name"] == "evil<b>.md"
    assert "evil&lt;b&gt;.md" in client.get(f"/reports/{rid}").text


def test_script_in_report_text_is_rendered_inert(client):
    hostile = ("Attackers used phishing <script>alert('x')</script> and "
               "<img src=x onerror=alert(1)> attachment lures against staff members.\n")
    rid = submit(client, name="x.txt", data=hostile)["report_id"]
    page = client.get(f"/reports/{rid}")
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="http://127.0.0.1/static/app.js" defer>']
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_html_forms_need_the_csrf_token(client):
    home = client.get("/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)
    assert client.cookies.get("cti_map_csrf") == token
    files = {"file": ("a.md", SAMPLE.encode(), "text/markdown")}
    assert client.post("/reports", files=files, data={"csrf_token": "wrong"}).status_code == 403
    assert client.post("/reports", files=files).status_code == 403
    ok = client.post("/reports", files=files, data={"csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/reports/1"
    wait_done(client, 1)
    form = {"sentence": "1", "label": "T1566", "action": "reject"}
    assert client.post("/reports/1/decisions", data=form).status_code == 403
    assert client.post("/reports/1/decisions", data={**form, "csrf_token": token},
                       follow_redirects=False).status_code == 303
    # A cross-site page posting with the victim's cookie: Origin does not match.
    evil = client.post("/reports/1/decisions", data={**form, "csrf_token": token},
                       headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403
    # The JSON API without any proof is refused too.
    assert client.post("/api/reports/1/decisions", json={"sentence": 1, "action": "none"}).status_code == 403


def test_upload_form_error_is_shown_on_the_page(client):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
    response = client.post("/reports", files={"file": ("x.exe", b"MZ", "application/octet-stream")},
                           data={"csrf_token": token})
    assert response.status_code == 415 and "upload a .pdf" in response.text


def test_token_required_when_bound_elsewhere(fake_mapper, tmp_path):
    app = make_app(file_engine(tmp_path), fake_mapper, token="s3cret", allowed_hosts=("*",))
    with TestClient(app, base_url="http://10.0.0.5") as c:
        assert c.get("/").status_code == 401
        assert c.get("/api/reports").status_code == 401
        assert c.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/reports", headers={"Authorization": "Bearer s3cret"}).json() == []
        assert c.get("/static/app.css").status_code == 200  # no secrets in static files
        login = c.get("/?token=s3cret", follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"] == "/"
        assert c.get("/").status_code == 200  # the HttpOnly cookie now carries the token
        response = c.post("/api/reports", files={"file": ("a.md", SAMPLE.encode(), "text/markdown")},
                          headers={"Authorization": "Bearer s3cret"})
        assert response.status_code == 202


def test_loopback_server_refuses_foreign_host_names(client):
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example.
    assert client.get("/api/reports", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/reports", headers={"Host": "localhost:8765"}).status_code == 200


def test_openapi_documents_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/reports", "/api/reports/{report_id}", "/api/reports/{report_id}/status",
            "/api/reports/{report_id}/decisions", "/api/reports/{report_id}/export/{fmt}"} <= set(paths)
    assert not any(p.startswith("/reports") for p in paths)
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


def test_failed_run_is_reported(mini_catalog, tmp_path):
    class Broken:
        catalog, threshold, model_name = mini_catalog, 0.5, "broken"

        def map_sentences(self, sentences, *, progress=None):
            raise RuntimeError("model exploded\nsecond line")

    with TestClient(make_app(file_engine(tmp_path), Broken()), base_url="http://127.0.0.1") as c:
        rid = c.post("/api/reports", files={"file": ("a.md", SAMPLE.encode(), "text/plain")},
                     headers=CSRF_HEADER).json()["report_id"]
        status = wait_done(c, rid)
        assert status["status"] == "failed" and status["error"] == "model exploded"
        assert "Mapping failed: model exploded" in c.get(f"/reports/{rid}").text
        assert c.get(f"/api/reports/{rid}/export/json").status_code == 409
