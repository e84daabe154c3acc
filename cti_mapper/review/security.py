"""Local-server safety for the review app: token, CSRF, body-size limit, security headers.

The app is a local tool that renders attacker-controlled text (threat reports), so:
- bound to loopback, only ``Host`` names of loopback are accepted (DNS rebinding);
- bound elsewhere, every request needs the token (a ``Bearer`` header, or the cookie set by
  opening ``/?token=...`` once);
- every state-changing request needs a CSRF proof: the form field or ``X-CSRF-Token`` header
  equal to the ``SameSite=Strict`` cookie, the ``Bearer`` token, or an ``X-Requested-With``
  header (a cross-site page cannot send one without a CORS preflight, which is never granted);
- request bodies are cut off past the upload limit, and a strict Content-Security-Policy keeps
  any script that slipped into a page from running.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse

__all__ = ["CSRF_COOKIE", "TOKEN_COOKIE", "BodyLimit", "csrf_ok", "new_secret", "security_headers"]

CSRF_COOKIE = "cti_map_csrf"
TOKEN_COOKIE = "cti_map_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def new_secret() -> str:
    """A fresh random token (CSRF cookie, server token)."""
    return secrets.token_urlsafe(32)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def bearer_ok(request: Request, token: str | None) -> bool:
    """True when a server token is set and the request's ``Authorization: Bearer`` matches it."""
    header = request.headers.get("authorization", "")
    return bool(token) and header.lower().startswith("bearer ") and _same(header[7:].strip(), token)


def csrf_ok(request: Request, form_token: str | None, token: str | None) -> bool:
    """Whether a state-changing request proves it comes from our own pages or a non-browser client."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        return False  # another site's page; "null" (privacy contexts) still needs a proof below
    if bearer_ok(request, token) or request.headers.get("x-requested-with"):
        return True
    cookie = request.cookies.get(CSRF_COOKIE)
    return _same(form_token, cookie) or _same(request.headers.get("x-csrf-token"), cookie)


class AccessGuard:
    """ASGI middleware: the server token when one is set, and the security headers on every answer."""

    def __init__(self, app, *, token: str | None):
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode().lower() for k, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                            if k.lower() not in present]
                message = {**message, "headers": headers}
            await send(message)

        if self.token and not scope["path"].startswith("/static/"):
            request = Request(scope)
            given = request.query_params.get("token")
            if request.method == "GET" and given is not None and _same(given, self.token):
                # Trade the token in the URL for an HttpOnly cookie, and drop it from the address bar.
                query = URL(scope=scope).remove_query_params("token").query
                response = RedirectResponse(scope["path"] + (f"?{query}" if query else ""), 303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                return await response(scope, receive, send_with_headers)
            if not (bearer_ok(request, self.token) or _same(request.cookies.get(TOKEN_COOKIE), self.token)):
                response = (JSONResponse({"detail": "a token is required: open the URL printed by "
                                          "`cti-map serve`, or send Authorization: Bearer TOKEN"}, 401)
                            if scope["path"].startswith("/api/") else
                            PlainTextResponse("401: open the URL printed by `cti-map serve` (it carries "
                                              "the token)", 401))
                return await response(scope, receive, send_with_headers)
        return await self.app(scope, receive, send_with_headers)


class _TooLargeError(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuse a request body larger than ``max_bytes`` with 413, while reading it."""

    def __init__(self, app, *, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in _UNSAFE:
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(scope, receive, send)
        seen = 0
        refused = False

        async def limited_receive():
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not refused:
                    # Answer 413 now; whatever the app sends after the error is dropped.
                    refused = True
                    await self._refuse(scope, receive, send)
                    raise _TooLargeError
            return message

        async def guarded_send(message):
            if not refused:
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLargeError:
            pass

    async def _refuse(self, scope, receive, send):
        limit = f"{self.max_bytes / 2**20:.0f} MB" if self.max_bytes >= 2**20 else f"{self.max_bytes} bytes"
        response = JSONResponse({"detail": f"request body larger than the {limit} upload limit"}, 413)
        await response(scope, receive, send)


def security_headers() -> dict[str, str]:
    """The headers every answer carries (for tests and docs)."""
    return dict(SECURITY_HEADERS)
