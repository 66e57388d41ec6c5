"""Dependency aliases so routes read like prose: ``ctx: Ctx``, ``user: CurrentUser``.

Two ways in: ``Authorization: Bearer <token>`` (API clients), or the signed session
cookie set by the login form (browsers). The cookie is honoured on pages and on
safe API methods only, so a forged cross-site POST to the API can never ride on it;
the pages' own form posts carry a CSRF token (see :mod:`truce.web.auth`).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from truce.errors import Invalid, TruceError, Unauthorized
from truce.services import cases as case_service
from truce.services import penalties as penalty_service
from truce.services import reports as report_service
from truce.services import users as user_service
from truce.services.context import Context
from truce.services.users import User

SESSION_COOKIE = "truce_session"
SESSION_SECONDS = 12 * 3600


def get_ctx(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


Ctx = Annotated[Context, Depends(get_ctx)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization header must be 'Bearer <token>'")
    return token.strip()


def _mac(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def make_session(secret: str, user_id: int, issued: int | None = None) -> str:
    """``<user id>.<issued unix time>.<HMAC-SHA256 of both>``."""
    payload = f"{user_id}.{int(time.time()) if issued is None else issued}"
    return f"{payload}.{_mac(secret, 'session:' + payload)}"


def read_session(secret: str, value: str | None) -> int | None:
    """The user id of a valid, unexpired session cookie, else None."""
    if not value or value.count(".") != 2:
        return None
    uid, issued, mac = value.split(".")
    if not (uid.isdigit() and issued.isdigit()):
        return None
    if not hmac.compare_digest(mac, _mac(secret, f"session:{uid}.{issued}")):
        return None
    if time.time() - int(issued) > SESSION_SECONDS:
        return None
    return int(uid)


def csrf_token(secret: str, session: str) -> str:
    """The CSRF token every form of this session carries (bound to the session cookie)."""
    return _mac(secret, "csrf:" + session)


def session_user(request: Request, ctx: Context) -> User | None:
    """The signed-in user of this browser session, or None (also for revoked users)."""
    cached = getattr(request.state, "session_user", None)
    if isinstance(cached, User):
        return cached
    uid = read_session(ctx.settings.session_secret, request.cookies.get(SESSION_COOKIE))
    if uid is None:
        return None
    try:
        user = user_service.get_user(ctx, uid)
    except TruceError:
        return None
    request.state.session_user = user
    return user


def optional_user(request: Request, ctx: Ctx) -> User | None:
    """The caller if a token (or a signed-in session) came with the request, else None."""
    token = _bearer(request)
    if token is not None:
        return user_service.authenticate(ctx, token)
    if request.url.path.startswith("/api") and request.method not in {"GET", "HEAD"}:
        return None
    return session_user(request, ctx)


def require_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise Unauthorized("this route needs 'Authorization: Bearer <token>'")
    return user


CurrentUser = Annotated[User, Depends(require_user)]
MaybeUser = Annotated[User | None, Depends(optional_user)]


# Routes that write to a record named in the path take its id through one of these, so
# a missing record and one the caller may not see both answer 404 before the body is
# read: a malformed body would otherwise answer 400 for a hidden record and 404 for a
# missing one, and tell them apart (spec/api.md). The service checks again in its write.


def visible_case(ctx: Ctx, user: CurrentUser, case_id: int) -> int:
    case_service.check_visible(ctx, case_id, user)
    return case_id


def visible_penalty(ctx: Ctx, user: CurrentUser, penalty_id: int) -> int:
    penalty_service.get_penalty(ctx, penalty_id, user)
    return penalty_id


def visible_report(ctx: Ctx, user: CurrentUser, report_id: int) -> int:
    report_service.get_report(ctx, report_id, user)
    return report_id


VisibleCaseId = Annotated[int, Depends(visible_case)]
VisiblePenaltyId = Annotated[int, Depends(visible_penalty)]
VisibleReportId = Annotated[int, Depends(visible_report)]


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD query parameter; empty means not given."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
