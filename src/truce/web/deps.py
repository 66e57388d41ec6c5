"""Dependency aliases so routes read like prose: ``ctx: Ctx``, ``user: CurrentUser``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from truce.errors import Unauthorized
from truce.services import users as user_service
from truce.services.context import Context
from truce.services.users import User


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


def optional_user(request: Request, ctx: Ctx) -> User | None:
    """The caller if a token (or a signed-in session) came with the request, else None."""
    token = _bearer(request)
    if token is not None:
        return user_service.authenticate(ctx, token)
    session_user = getattr(request.state, "session_user", None)
    if isinstance(session_user, User):
        return session_user
    return None


def require_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise Unauthorized("this route needs 'Authorization: Bearer <token>'")
    return user


CurrentUser = Annotated[User, Depends(require_user)]
MaybeUser = Annotated[User | None, Depends(optional_user)]
