"""JSON API under /api: parse, call one service function, shape the answer."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from truce.errors import Forbidden, Invalid
from truce.services import agreements as agreement_service
from truce.services import incident_links
from truce.services import incidents as incident_service
from truce.services import reports as report_service
from truce.services.incidents import IncidentFilter
from truce.services.reports import Caller
from truce.web.deps import Ctx, CurrentUser, MaybeUser, VisibleReportId

router = APIRouter(prefix="/api", tags=["api"])


def caller_of(user: Any) -> Caller:
    return Caller(user.principal, user.role, user.party)


async def read_json(request: Request) -> Any:
    raw = await request.body()
    if not raw:
        raise Invalid("request body is empty: send a JSON object")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Invalid(f"request body is not UTF-8 (byte {err.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise Invalid(
            f"request body is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        ) from None


@router.get("/agreements", summary="Every loaded agreement version")
def list_agreements(ctx: Ctx) -> list[dict[str, Any]]:
    return agreement_service.summaries(ctx)


@router.get("/agreements/{agreement_id}", summary="One agreement (latest or ?version=N)")
def show_agreement(ctx: Ctx, agreement_id: str, version: int | None = None) -> dict[str, Any]:
    from truce.domain.agreement_dump import agreement_to_dict

    return agreement_to_dict(agreement_service.get(ctx, agreement_id, version))


@router.post(
    "/agreements", status_code=201, summary="Load an agreement or an amendment (YAML body)"
)
async def load_agreement(request: Request, ctx: Ctx, user: CurrentUser) -> dict[str, Any]:
    if user.role != "secretariat":
        raise Forbidden("only the secretariat loads agreements")
    loaded = agreement_service.load(ctx, await request.body(), by=user.principal)
    return {"id": loaded.id, "version": loaded.version, "ledger_index": loaded.ledger_index}


@router.post("/reports", status_code=201, summary="File a report (party, monitor or news)")
async def file_report(request: Request, ctx: Ctx, user: CurrentUser) -> JSONResponse:
    filed = report_service.file_report(ctx, await read_json(request), caller_of(user))
    return JSONResponse(filed.as_dict(), status_code=201)


@router.get("/reports/{report_id}", summary="One report (if the caller may see it)")
def get_report(ctx: Ctx, user: MaybeUser, report_id: int) -> dict[str, Any]:
    return report_service.get_report(ctx, report_id, user)


@router.post(
    "/reports/{report_id}/link",
    summary="Link a report to another incident, with a reason (verifier)",
)
async def link_report(
    request: Request, ctx: Ctx, user: CurrentUser, report_id: VisibleReportId
) -> dict[str, Any]:
    return incident_links.link(ctx, report_id, await read_json(request), caller_of(user))


@router.post(
    "/reports/{report_id}/unlink",
    summary="Give a report an incident of its own, with a reason (verifier)",
)
async def unlink_report(
    request: Request, ctx: Ctx, user: CurrentUser, report_id: VisibleReportId
) -> dict[str, Any]:
    return incident_links.unlink(ctx, report_id, await read_json(request), caller_of(user))


@router.get("/incidents", summary="Incidents, newest first, with filters")
def list_incidents(
    ctx: Ctx,
    user: MaybeUser,
    event_type: str | None = None,
    party: str | None = None,
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
    country: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    flt = IncidentFilter(event_type, party, date_from, date_to, country, limit, offset)
    return incident_service.list_incidents(ctx, flt, user)


@router.get("/incidents/{incident_id}", summary="One incident with its reports and corroboration")
def get_incident(ctx: Ctx, user: MaybeUser, incident_id: int) -> dict[str, Any]:
    return incident_service.get_incident(ctx, incident_id, user)


@router.get("/overview", summary="Counts by type, party and source")
def overview(ctx: Ctx, user: MaybeUser) -> dict[str, Any]:
    return incident_service.overview_counts(ctx, user)
