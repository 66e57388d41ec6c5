"""JSON API for the verification workflow: evidence, cases, verdicts, appeals, penalties.

Each route parses, calls one service function and returns its answer (spec/api.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse

from truce.services import cases as case_service
from truce.services import evidence as evidence_service
from truce.services import inbox as inbox_service
from truce.services import penalties as penalty_service
from truce.web.api import read_json
from truce.web.deps import Ctx, CurrentUser, MaybeUser, VisibleCaseId, VisiblePenaltyId

router = APIRouter(prefix="/api", tags=["verification"])


@router.post(
    "/evidence", status_code=201, summary="Upload an evidence file (raw body, X-Filename header)"
)
async def upload_evidence(request: Request, ctx: Ctx, user: CurrentUser) -> JSONResponse:
    stored = evidence_service.upload(
        ctx,
        await request.body(),
        request.headers.get("content-type", ""),
        request.headers.get("x-filename"),
        user,
    )
    return JSONResponse(stored.as_dict(), status_code=201 if stored.created else 200)


@router.get(
    "/evidence/{sha256}", summary="An evidence file, for whoever may see a report citing it"
)
def get_evidence(ctx: Ctx, user: MaybeUser, sha256: str) -> FileResponse:
    path, media_type, filename = evidence_service.fetch(ctx, sha256, user)
    headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}
    if filename:
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return FileResponse(path, media_type=media_type, headers=headers)


@router.get("/cases", summary="Cases the caller may see (?state=, ?party=)")
def list_cases(
    ctx: Ctx, user: MaybeUser, state: str | None = None, party: str | None = None
) -> list[dict[str, Any]]:
    return case_service.list_cases(ctx, user, state=state, party=party)


@router.get("/cases/{case_id}", summary="One case: transitions, statements, verdict, penalties")
def get_case(ctx: Ctx, user: MaybeUser, case_id: int) -> dict[str, Any]:
    return case_service.get_case(ctx, case_id, user)


@router.post("/cases/{case_id}/transitions", summary="Move a case to another state with a reason")
async def transition(
    request: Request, ctx: Ctx, user: CurrentUser, case_id: VisibleCaseId
) -> dict[str, Any]:
    return case_service.transition(ctx, case_id, await read_json(request), user)


@router.post("/cases/{case_id}/responses", summary="The accused party's answer")
async def respond(
    request: Request, ctx: Ctx, user: CurrentUser, case_id: VisibleCaseId
) -> dict[str, Any]:
    return case_service.respond(ctx, case_id, await read_json(request), user)


@router.post("/cases/{case_id}/verdict", summary="Record a verdict (verifier)")
async def verdict(
    request: Request, ctx: Ctx, user: CurrentUser, case_id: VisibleCaseId
) -> dict[str, Any]:
    return case_service.record_verdict(ctx, case_id, await read_json(request), user)


@router.post("/cases/{case_id}/appeals", summary="Appeal a verdict (the party found responsible)")
async def appeal(
    request: Request, ctx: Ctx, user: CurrentUser, case_id: VisibleCaseId
) -> dict[str, Any]:
    return case_service.appeal(ctx, case_id, await read_json(request), user)


@router.get("/penalties", summary="Penalty proposals and decisions the caller may see")
def list_penalties(ctx: Ctx, user: MaybeUser) -> list[dict[str, Any]]:
    return penalty_service.list_penalties(ctx, user)


@router.get("/penalties/{penalty_id}", summary="One penalty proposal")
def get_penalty(ctx: Ctx, user: MaybeUser, penalty_id: int) -> dict[str, Any]:
    return penalty_service.get_penalty(ctx, penalty_id, user)


@router.post(
    "/penalties/{penalty_id}/decision", summary="Accept, change or reject a proposal (board)"
)
async def decide(
    request: Request, ctx: Ctx, user: CurrentUser, penalty_id: VisiblePenaltyId
) -> dict[str, Any]:
    return penalty_service.decide(ctx, penalty_id, await read_json(request), user)


@router.get("/inbox", summary="What the caller has to do next")
def inbox(ctx: Ctx, user: CurrentUser) -> dict[str, Any]:
    return inbox_service.inbox(ctx, user)
