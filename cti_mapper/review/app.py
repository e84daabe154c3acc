"""The review web app: FastAPI + server-rendered HTML over :mod:`cti_mapper.review.service`.

:func:`create_app` takes every dependency explicitly (engine, mapper, settings): no global state.
Mapping runs on one worker thread owned by the app; pages and the JSON API read stored results.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.middleware.trustedhost import TrustedHostMiddleware

from cti_mapper.review import service
from cti_mapper.review.security import CSRF_COOKIE, AccessGuard, BodyLimit, csrf_ok, new_secret
from cti_mapper.review.store import ACTIONS

__all__ = ["LOOPBACK_HOSTS", "ReviewSettings", "create_app"]

HERE = Path(__file__).parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
_MULTIPART_SLACK = 64 * 1024  # multipart framing around the file itself


@dataclass(frozen=True)
class ReviewSettings:
    """How the app is exposed: token, accepted Host names, upload limit, default reviewer."""

    token: str | None = None
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    max_upload_bytes: int = service.MAX_UPLOAD_BYTES
    reviewer: str = "analyst"


class ExportFormat(StrEnum):
    """Formats of ``cti_mapper.export`` offered for a reviewed report."""

    navigator = "navigator"
    stix = "stix"
    json = "json"
    csv = "csv"


class DecisionIn(BaseModel):
    """One review decision posted to the API."""

    sentence: int = Field(ge=0, description="sentence index (from GET /api/reports/{id})")
    label: str | None = Field(None, max_length=200, description="ATT&CK ID or name; omit for 'none'")
    action: str = Field(description=f"one of {', '.join(ACTIONS)}")
    reviewer: str | None = Field(None, max_length=100)


def create_app(*, engine: Engine, mapper: Any, settings: ReviewSettings | None = None) -> FastAPI:
    """Build the review app.

    Args:
        engine: database engine with the review tables (``store.init_db``).
        mapper: a loaded ``Mapper`` (or any object with ``catalog``, ``threshold`` and
            ``map_sentences(sentences, progress=...)``).
        settings: exposure and limits (default: loopback only, no token, 20 MB uploads).
    """
    settings = settings or ReviewSettings()
    catalog = mapper.catalog
    service.fail_interrupted_runs(engine)  # runs of a previous server process will never finish
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-map-review")

    @asynccontextmanager
    async def lifespan(_app):
        yield
        worker.shutdown(wait=False, cancel_futures=True)

    # No /docs or /redoc: FastAPI loads their scripts from a CDN, and this app works offline.
    app = FastAPI(title="cti-map review", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Review cti-map's ATT&CK mappings of threat reports; decisions feed "
                              "`cti-map train --feedback`.")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    catalog_options = [(o.id, o.label) for o in catalog.labels()]

    def submit(session: Session, report) -> Any:
        run = service.start_run(session, report, mapper)
        session.commit()
        worker.submit(service.execute_run, engine, run.id, mapper)
        return run

    def report_or_404(session: Session, report_id: int):
        try:
            return service.get_report(session, report_id)
        except service.NotFoundError as exc:
            raise HTTPException(404, str(exc)) from None

    def require_csrf(request: Request, form_token: str | None = None) -> None:
        if not csrf_ok(request, form_token, settings.token):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")

    def page(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
        csrf = request.cookies.get(CSRF_COOKIE) or new_secret()
        response = templates.TemplateResponse(request, name, {**context, "csrf": csrf},
                                              status_code=status_code)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        return response

    async def read_upload(file: UploadFile) -> bytes:
        return await file.read(settings.max_upload_bytes + 1)

    # ---- HTML pages -----------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request):
        with Session(engine) as session:
            reports = [(r, service.latest_run(r)) for r in service.list_reports(session)]
            return page(request, "index.html", {"reports": reports, "max_mb": settings.max_upload_bytes / 2**20})

    @app.post("/reports", include_in_schema=False)
    async def upload_form(request: Request, file: Annotated[UploadFile, File()],
                          csrf_token: Annotated[str, Form()] = ""):
        require_csrf(request, csrf_token)
        data = await read_upload(file)
        with Session(engine) as session:
            try:
                report = service.add_report(session, file.filename, data, max_bytes=settings.max_upload_bytes)
            except service.UploadRejectedError as exc:
                reports = [(r, service.latest_run(r)) for r in service.list_reports(session)]
                return page(request, "index.html", {"reports": reports, "error": str(exc),
                                                    "max_mb": settings.max_upload_bytes / 2**20},
                            status_code=exc.status_code)
            submit(session, report)
            return RedirectResponse(f"/reports/{report.id}", 303)

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request, report_id: int):
        with Session(engine) as session:
            report = report_or_404(session, report_id)
            run = service.latest_run(report)
            done = service.latest_run(report, done_only=True)
            views = service.review_state(report, catalog, done)
            summary = _summary(service.reviewed_report(report, catalog)) if done else []
            return page(request, "review.html", {
                "report": report, "run": run, "done_run": done, "views": views, "summary": summary,
                "catalog_options": catalog_options, "decisions": len(report.decisions),
                "formats": [f.value for f in ExportFormat]})

    @app.post("/reports/{report_id}/decisions", include_in_schema=False)
    def decide_form(request: Request, report_id: int, sentence: Annotated[int, Form()],
                    action: Annotated[str, Form()], label: Annotated[str, Form()] = "",
                    csrf_token: Annotated[str, Form()] = ""):
        require_csrf(request, csrf_token)
        with Session(engine) as session:
            report = report_or_404(session, report_id)
            try:
                service.record_decision(session, report, sentence, label or None, action, settings.reviewer, catalog)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None
            session.commit()
        return RedirectResponse(f"/reports/{report_id}#s{sentence}", 303)

    @app.post("/reports/{report_id}/runs", include_in_schema=False)
    def remap_form(request: Request, report_id: int, csrf_token: Annotated[str, Form()] = ""):
        require_csrf(request, csrf_token)
        with Session(engine) as session:
            submit(session, report_or_404(session, report_id))
        return RedirectResponse(f"/reports/{report_id}", 303)

    # ---- JSON API -------------------------------------------------------------------------
    @app.post("/api/reports", status_code=202, tags=["reports"])
    async def api_submit(request: Request, file: Annotated[UploadFile, File()]):
        """Upload a report (PDF, HTML, Markdown, text); mapping starts in the background."""
        require_csrf(request)
        data = await read_upload(file)
        with Session(engine) as session:
            try:
                report = service.add_report(session, file.filename, data, max_bytes=settings.max_upload_bytes)
            except service.UploadRejectedError as exc:
                return JSONResponse({"detail": str(exc)}, exc.status_code)
            run = submit(session, report)
            return {"report_id": report.id, "run_id": run.id, "status": run.status,
                    "status_url": f"/api/reports/{report.id}/status", "results_url": f"/api/reports/{report.id}"}

    @app.get("/api/reports", tags=["reports"])
    def api_list():
        """Stored reports, newest first, with their latest run's status."""
        with Session(engine) as session:
            return [{"id": r.id, "name": r.name, "sentences": len(r.sentences), "created": r.created.isoformat(),
                     "status": (run := service.latest_run(r)) and run.status} for r in service.list_reports(session)]

    @app.get("/api/reports/{report_id}/status", tags=["reports"])
    def api_status(report_id: int):
        """Progress of the report's latest mapping run."""
        with Session(engine) as session:
            return _run_dict(service.latest_run(report_or_404(session, report_id)))

    @app.get("/api/reports/{report_id}", tags=["reports"])
    def api_results(report_id: int):
        """The report's sentences, proposed labels with their review state, and the reviewed summary."""
        with Session(engine) as session:
            report = report_or_404(session, report_id)
            done = service.latest_run(report, done_only=True)
            views = service.review_state(report, catalog, done)
            return {
                "id": report.id, "name": report.name, "pages": report.pages, "warnings": report.warnings,
                "run": _run_dict(service.latest_run(report)), "reviewed_run": _run_dict(done),
                "summary": _summary(service.reviewed_report(report, catalog)) if done else [],
                "sentences": [{"index": v.index, "text": v.text, "page": v.page, "no_behaviour": v.no_behaviour,
                               "labels": v.proposals, "added": v.added} for v in views],
            }

    @app.post("/api/reports/{report_id}/decisions", status_code=201, tags=["review"])
    def api_decide(request: Request, report_id: int, decision: DecisionIn):
        """Record a decision: accept/reject a proposed label, add one, mark 'none', or undo."""
        require_csrf(request)
        with Session(engine) as session:
            report = report_or_404(session, report_id)
            try:
                saved = service.record_decision(session, report, decision.sentence, decision.label,
                                                decision.action, decision.reviewer or settings.reviewer, catalog)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None
            session.commit()
            return {"id": saved.id, "sentence": saved.sentence_index, "label": saved.label_id,
                    "action": saved.action, "reviewer": saved.reviewer, "created": saved.created.isoformat()}

    @app.post("/api/reports/{report_id}/runs", status_code=202, tags=["reports"])
    def api_remap(request: Request, report_id: int):
        """Map the report again with the server's current model; decisions are kept."""
        require_csrf(request)
        with Session(engine) as session:
            return _run_dict(submit(session, report_or_404(session, report_id)))

    @app.get("/api/labels", tags=["catalog"])
    def api_labels(q: str = "", limit: int = 20):
        """Catalog labels whose ID or name contains ``q`` (autocomplete)."""
        return service.search_labels(catalog, q[:100], max(1, min(limit, 100)))

    @app.get("/api/reports/{report_id}/export/{fmt}", tags=["reports"])
    @app.get("/reports/{report_id}/export/{fmt}", include_in_schema=False)
    def export(report_id: int, fmt: ExportFormat, pending: bool = True):
        """The reviewed report as a Navigator layer, STIX 2.1 bundle, JSON or CSV (cti-map's exporters)."""
        from cti_mapper import export as exporters

        with Session(engine) as session:
            report = report_or_404(session, report_id)
            if service.latest_run(report, done_only=True) is None:
                raise HTTPException(409, "the report has not been mapped yet")
            mapped = service.reviewed_report(report, catalog, include_pending=pending)
        writer = {"navigator": exporters.to_navigator, "stix": exporters.to_stix,
                  "json": exporters.to_json, "csv": exporters.to_csv}[fmt.value]
        suffix, media = ("csv", "text/csv") if fmt is ExportFormat.csv else ("json", "application/json")
        name = f"report-{report_id}-{fmt.value}.{suffix}"
        return Response(writer(mapped), media_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # Outermost last: Host check, then token, then the body-size limit.
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes + _MULTIPART_SLACK)
    app.add_middleware(AccessGuard, token=settings.token)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    return app


def _run_dict(run) -> dict | None:
    if run is None:
        return None
    return {"id": run.id, "status": run.status, "done": run.done, "total": run.total, "error": run.error,
            "model": run.model, "attack_version": run.catalog_version, "threshold": run.threshold,
            "created": run.created.isoformat(), "finished": run.finished and run.finished.isoformat()}


def _summary(mapped) -> list[dict]:
    """Report-level labels of the reviewed report, most evidenced (sentences) first."""
    return [{"id": row.id, "name": row.name, "kind": row.kind, "best_score": round(row.best_score, 4),
             "evidence": len(row.sentences), "sentences": list(row.sentences)}
            for row in sorted(mapped.summary, key=lambda r: (-len(r.sentences), -r.best_score, r.id))]

