"""The FastAPI application: ``create_app(settings)`` builds it; nothing happens at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.errors import TruceError
from truce.services.context import Context, open_context
from truce.settings import Settings

HERE = Path(__file__).parent
_MACHINE_PREFIXES = ("/api", "/ledger", "/tile")


def create_app(settings: Settings | None = None, *, context: Context | None = None) -> FastAPI:
    settings = settings or (context.settings if context else Settings())
    settings.check_secrets()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "ctx", None) is None:
            _attach(app, open_context(settings))
        yield
        if context is None:
            app.state.ctx.close()

    app = FastAPI(
        title="Truce",
        version="0.1.0",
        description="Ceasefire monitoring and verification mechanism: agreements, reports, "
        "incidents, cases and a tamper-evident ledger (RFC 9162, C2SP checkpoints).",
        lifespan=lifespan,
        # Swagger UI and ReDoc load from a CDN; /api/docs is rendered here instead.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.ctx = None
    if context is not None:
        _attach(app, context)

    app.add_middleware(
        BodyLimit,
        default_limit=settings.max_payload_bytes,
        evidence_limit=settings.max_evidence_bytes,
    )
    _install_error_handlers(app)
    _openapi_without_422(app)

    from truce.web import api, api_cases, auth, dashboard_routes, ledger_routes, pages, pages_cases

    app.include_router(api.router)
    app.include_router(ledger_routes.router)
    app.include_router(dashboard_routes.router)
    app.include_router(pages.router)
    app.include_router(api_cases.router)
    app.include_router(auth.router)
    app.include_router(pages_cases.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _openapi_without_422(app: FastAPI) -> None:
    """Validation errors answer 400 (spec/api.md: 422 is not used), so the document says so."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for methods in schema.get("paths", {}).values():
                for operation in methods.values():
                    responses = operation.get("responses", {})
                    if responses.pop("422", None) is not None:
                        responses.setdefault(
                            "400", {"description": "Bad request: the reason is in error"}
                        )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _attach(app: FastAPI, ctx: Context) -> None:
    app.state.ctx = ctx
    app.state.db = ctx.db


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(_MACHINE_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "text/html")


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_html(request):
        from truce.web.pages import render_error

        return render_error(request, status, message)
    return JSONResponse({"error": message}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TruceError)
    async def _truce_error(request: Request, err: TruceError) -> Response:
        return error_response(request, err.http_status, str(err))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, err: RequestValidationError) -> Response:
        parts = []
        for e in err.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
            parts.append(f"{loc}: {e.get('msg')}" if loc else str(e.get("msg")))
        return error_response(request, 400, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> Response:
        message = str(err.detail) if err.detail else "error"
        if err.status_code == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        if err.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        return error_response(request, err.status_code, message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, err: Exception) -> Response:
        # Never show a stack trace; the log keeps it for the operator.
        import logging

        logging.getLogger("truce.web").exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal error: the request was not completed")


class BodyLimit:
    """Refuse bodies over the configured size with 413, before they are read whole."""

    def __init__(self, app: ASGIApp, *, default_limit: int, evidence_limit: int) -> None:
        self.app = app
        self.default_limit = default_limit
        self.evidence_limit = evidence_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        limit = (
            self.evidence_limit if scope["path"].startswith("/api/evidence") else self.default_limit
        )
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_413(scope, send, limit)
            return
        seen = 0
        too_big = False

        async def limited_receive() -> Message:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    too_big = True
                    raise _PayloadTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _PayloadTooLarge:
            if too_big:
                await _send_413(scope, send, limit)


class _PayloadTooLarge(Exception):
    pass


async def _send_413(scope: Scope, send: Send, limit: int) -> None:
    import json

    body = json.dumps({"error": f"request body is larger than the limit of {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


__all__ = ["HTMLResponse", "create_app"]
