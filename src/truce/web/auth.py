"""Signing in on the web pages: a login form that takes an API token, an HttpOnly
SameSite=Strict session cookie signed with ``settings.session_secret``, and log out.

Forms on signed-in pages carry a CSRF token bound to the session
(:func:`truce.web.deps.csrf_token`); :func:`check_csrf` refuses a post without it.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from truce.errors import Forbidden, TruceError, Unauthorized
from truce.services import users as user_service
from truce.web.deps import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    Ctx,
    csrf_token,
    make_session,
    session_user,
)

router = APIRouter(include_in_schema=False)
MAX_FORM_BYTES = 100_000


async def read_form(request: Request) -> dict[str, str]:
    """The urlencoded form body as single values (the last one wins)."""
    raw = await request.body()
    if len(raw) > MAX_FORM_BYTES:
        raise TruceError("form is too large")
    parsed = parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def form_csrf(request: Request, secret: str) -> str:
    """The CSRF token to put in this session's forms ('' when not signed in)."""
    session = request.cookies.get(SESSION_COOKIE)
    return csrf_token(secret, session) if session else ""


def check_csrf(request: Request, form: dict[str, str], secret: str) -> None:
    session = request.cookies.get(SESSION_COOKIE)
    sent = form.get("csrf", "")
    if not session or not sent or not hmac.compare_digest(sent, csrf_token(secret, session)):
        raise Forbidden(
            "the form's CSRF token is missing or does not match this session: reload the page"
        )


@router.get("/login")
def login_form(request: Request, ctx: Ctx) -> Response:
    from truce.web.pages import page

    return page(request, "login.html", nav="login", error=None, user=session_user(request, ctx))


@router.post("/login")
async def login(request: Request, ctx: Ctx) -> Response:
    from truce.web.pages import page

    form = await read_form(request)
    try:
        user = user_service.authenticate(ctx, form.get("token", "").strip())
    except Unauthorized as err:
        return page(request, "login.html", status=401, nav="login", error=str(err), user=None)
    response = RedirectResponse("/inbox", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        make_session(ctx.settings.session_secret, user.id),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=ctx.settings.env == "production",
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request, ctx: Ctx) -> Response:
    check_csrf(request, await read_form(request), ctx.settings.session_secret)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
