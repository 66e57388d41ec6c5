"""HTML pages for the verification workflow: inbox, cases, one case with its whole
story, and the forms that post to the same services as the JSON API."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from truce.errors import Invalid, NotFound, Unauthorized
from truce.services import cases as case_service
from truce.services import inbox as inbox_service
from truce.services import incidents as incident_service
from truce.services import penalties as penalty_service
from truce.services.users import User
from truce.web import pages
from truce.web.auth import check_csrf, form_csrf, read_form
from truce.web.deps import Ctx, session_user

router = APIRouter(include_in_schema=False)


def _nav_user(request: Request) -> User | None:
    """For ``_usernav.html`` on every page, including pages that never asked who is there."""
    ctx = getattr(request.app.state, "ctx", None)
    return None if ctx is None else session_user(request, ctx)


def _nav_csrf(request: Request) -> str:
    ctx = getattr(request.app.state, "ctx", None)
    return "" if ctx is None else form_csrf(request, ctx.settings.session_secret)


# base.html includes _usernav.html on every page; it finds the signed-in user (and the
# log-out form its CSRF token) through these.
pages.templates.env.globals["nav_user"] = _nav_user
pages.templates.env.globals["nav_csrf"] = _nav_csrf


def _signed_in(request: Request, ctx: Ctx) -> User:
    user = session_user(request, ctx)
    if user is None:
        raise Unauthorized("sign in first: /login")
    return user


@router.get("/inbox")
def inbox_page(request: Request, ctx: Ctx) -> Response:
    user = session_user(request, ctx)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    return pages.page(
        request, "inbox.html", nav="inbox", inbox=inbox_service.inbox(ctx, user), user=user
    )


@router.get("/cases")
def cases_page(request: Request, ctx: Ctx, state: str | None = None) -> Response:
    user = session_user(request, ctx)
    items = case_service.list_cases(ctx, user, state=state or None)
    return pages.page(request, "cases_list.html", nav="cases", cases=items, state=state, user=user)


@router.get("/cases/{case_id}")
def case_page(request: Request, ctx: Ctx, case_id: int) -> Response:
    user = session_user(request, ctx)
    case = case_service.get_case(ctx, case_id, user)
    incident = incident_service.get_incident(ctx, case["incident_id"], user)
    penalties = [
        penalty_service.get_penalty(ctx, pid, user)
        for pid in case["penalty_ids"]
        if _sees_penalty(ctx, pid, user)
    ]
    return pages.page(
        request,
        "cases_detail.html",
        nav="cases",
        case=case,
        incident=incident,
        penalties=penalties,
        user=user,
        csrf=form_csrf(request, ctx.settings.session_secret),
    )


def _sees_penalty(ctx: Ctx, penalty_id: int, user: User | None) -> bool:
    try:
        penalty_service.get_penalty(ctx, penalty_id, user)
    except NotFound:  # hidden and missing read the same
        return False
    return True


async def _form(request: Request, ctx: Ctx) -> tuple[User, dict[str, str]]:
    user = _signed_in(request, ctx)
    form = await read_form(request)
    check_csrf(request, form, ctx.settings.session_secret)
    return user, form


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", " ").split() if v.strip()]


@router.post("/cases/{case_id}/transitions")
async def transition_form(request: Request, ctx: Ctx, case_id: int) -> Response:
    user, form = await _form(request, ctx)
    case_service.transition(
        ctx, case_id, {"to": form.get("to", ""), "reason": form.get("reason", "")}, user
    )
    return _back(case_id)


@router.post("/cases/{case_id}/responses")
async def response_form(request: Request, ctx: Ctx, case_id: int) -> Response:
    user, form = await _form(request, ctx)
    data = {"text": form.get("text", ""), "evidence": _list(form.get("evidence", ""))}
    case_service.respond(ctx, case_id, data, user)
    return _back(case_id)


@router.post("/cases/{case_id}/verdict")
async def verdict_form(request: Request, ctx: Ctx, case_id: int) -> Response:
    user, form = await _form(request, ctx)
    data: dict[str, Any] = {
        "outcome": form.get("outcome", ""),
        "provisions": _list(form.get("provisions", "")),
        "responsible_party": form.get("responsible_party") or None,
        "reasons": form.get("reasons", ""),
    }
    if form.get("fatalities", "").strip():
        try:
            best = int(form["fatalities"])
        except ValueError:
            raise Invalid("fatalities: a whole number") from None
        data["fatalities"] = {"best": best, "low": best, "high": best}
    case_service.record_verdict(ctx, case_id, data, user)
    return _back(case_id)


@router.post("/cases/{case_id}/appeals")
async def appeal_form(request: Request, ctx: Ctx, case_id: int) -> Response:
    user, form = await _form(request, ctx)
    case_service.appeal(ctx, case_id, {"reasons": form.get("reasons", "")}, user)
    return _back(case_id)


@router.post("/penalties/{penalty_id}/decision")
async def decision_form(request: Request, ctx: Ctx, penalty_id: int) -> Response:
    user, form = await _form(request, ctx)
    data: dict[str, Any] = {
        "decision": form.get("decision", ""),
        "reasons": form.get("reasons", ""),
    }
    if form.get("penalty", "").strip():
        text = form["penalty"].strip()
        try:
            data["penalty"] = json.loads(text) if text.startswith("{") else {"penalty": text}
        except json.JSONDecodeError:
            raise Invalid("penalty: a penalty name or a JSON object") from None
    result = penalty_service.decide(ctx, penalty_id, data, user)
    return _back(int(result["case_id"]))
