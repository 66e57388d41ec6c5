"""HTML pages: the same services as the API, rendered with Jinja2."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from truce.domain.event_types import EVENT_TYPES
from truce.errors import NotFound, TruceError
from truce.services import agreements as agreement_service
from truce.services import dashboard as dashboard_service
from truce.services import incidents as incident_service
from truce.services import ledger_service, process_timeline
from truce.services.incidents import IncidentFilter
from truce.services.map_svg import TYPE_COLOURS
from truce.web import charts_svg
from truce.web.app import HERE
from truce.web.deps import Ctx, MaybeUser, parse_day

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("nav", name.removesuffix(".html"))
    context.setdefault("user", getattr(request.state, "session_user", None))
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, ctx: Ctx) -> Response:
    agreements = agreement_service.summaries(ctx)
    current = None
    history: list[Any] = []
    if agreements:
        latest_id = agreements[-1]["id"]
        current = agreement_service.get(ctx, latest_id)
        history = [a for a in agreements if a["id"] == latest_id]
    counts = incident_service.overview_counts(ctx)
    recent = incident_service.list_incidents(ctx, IncidentFilter(limit=8))["items"]
    return page(
        request,
        "overview.html",
        agreement=current,
        versions=history,
        counts=counts,
        recent=recent,
        type_labels={t.code: t.code.replace("_", " ") for t in EVENT_TYPES},
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents(
    request: Request,
    ctx: Ctx,
    user: MaybeUser,
    event_type: str | None = None,
    party: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page_no: int = 1,
) -> Response:
    per_page = 50
    flt = IncidentFilter(
        event_type=event_type or None,
        party=party or None,
        date_from=parse_day(date_from, "from"),
        date_to=parse_day(date_to, "to"),
        limit=per_page,
        offset=max(page_no - 1, 0) * per_page,
    )
    result = incident_service.list_incidents(ctx, flt, user)
    parties = sorted({p.code for h in _histories(ctx) for v in h.versions for p in v.parties})
    return page(
        request,
        "incidents.html",
        result=result,
        flt=flt,
        event_types=[t.code for t in EVENT_TYPES],
        parties=parties,
        page_no=page_no,
        pages=max(1, -(-result["total"] // per_page)),
    )


def _histories(ctx: Ctx) -> list[Any]:
    with ctx.db.read() as conn:
        return agreement_service.all_histories(conn)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, ctx: Ctx, user: MaybeUser, incident_id: int) -> Response:
    found = incident_service.get_incident(ctx, incident_id, user)
    loc = found.get("location") or {}
    if loc.get("lat") is not None and loc.get("lon") is not None:
        found["border_km"] = round(
            dashboard_service.border_distances_km([loc["lat"]], [loc["lon"]])[0], 1
        )
    return page(request, "incident.html", incident=found)


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement(
    request: Request, ctx: Ctx, agreement_id: str, version: int | None = None
) -> Response:
    a = agreement_service.get(ctx, agreement_id, version)
    versions = [s for s in agreement_service.summaries(ctx) if s["id"] == agreement_id]
    return page(request, "agreement.html", agreement=a, versions=versions, nav="overview")


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, ctx: Ctx, user: MaybeUser) -> Response:
    items = process_timeline.timeline_items(ctx, user)
    return page(request, "timeline.html", items=items, lanes=process_timeline.LANES)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, ctx: Ctx) -> Response:
    return page(
        request,
        "map.html",
        event_types=[t.code for t in EVENT_TYPES],
        parties=sorted({p.code for h in _histories(ctx) for v in h.versions for p in v.parties}),
        statuses=dashboard_service.STATUSES,
        colours=TYPE_COLOURS,
    )


@router.get("/charts", response_class=HTMLResponse)
def charts(
    request: Request,
    ctx: Ctx,
    user: MaybeUser,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    flt = dashboard_service.DashboardFilter(
        date_from=parse_day(date_from, "from"), date_to=parse_day(date_to, "to")
    )
    s = dashboard_service.stats(ctx, flt, user)
    weeks = s["weeks"]
    return page(
        request,
        "charts.html",
        stats=s,
        date_from=date_from or "",
        date_to=date_to or "",
        incidents_chart=charts_svg.grouped_bars(
            "Incidents per week by alleged party",
            weeks,
            {"all incidents": s["incidents_per_week"], **s["incidents_per_party_week"]},
        ),
        verified_chart=charts_svg.grouped_bars(
            "Verified violations per week by responsible party",
            weeks,
            s["verified_per_party_week"] or {"verified": [0] * len(weeks)},
        ),
        fatalities_chart=charts_svg.grouped_bars(
            "Fatalities per week", weeks, {"killed (best estimate)": s["fatalities_per_week"]}
        ),
        delay_chart=charts_svg.delays(
            "Days from case opening to verdict", s["report_to_verdict_days"]
        ),
        median_delay=dashboard_service.median(
            [float(x["days"]) for x in s["report_to_verdict_days"]]
        ),
    )


@router.get("/reports", response_class=HTMLResponse)
def reports_index(request: Request, ctx: Ctx, user: MaybeUser) -> Response:
    days = [
        f["properties"]["date"]
        for f in dashboard_service.map_features(
            ctx, dashboard_service.DashboardFilter(limit=200), user
        )["features"]
    ]
    return page(request, "reports.html", days=sorted(set(days), reverse=True)[:30])


@router.get("/ledger", response_class=HTMLResponse)
def ledger(request: Request, ctx: Ctx) -> Response:
    try:
        note = ledger_service.checkpoint(ctx.db)
        key = ledger_service.verifier_key(ctx.db)
    except (NotFound, TruceError):
        note, key = None, None
    recent = []
    if note:
        size = int(note.splitlines()[1])
        start = max(0, size - 20)
        recent = [e.decode("utf-8") for e in ledger_service.entries(ctx.db, start, size)][::-1]
    return page(request, "ledger.html", note=note, key=key, recent=recent)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """A readable API reference built from the OpenAPI document, with no external assets."""
    spec = request.app.openapi()
    routes = []
    for path, methods in sorted(spec.get("paths", {}).items()):
        for method, op in methods.items():
            params = [
                f"{p['name']} ({p['in']}{', required' if p.get('required') else ''})"
                for p in op.get("parameters", [])
            ]
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or "",
                    "description": op.get("description") or "",
                    "params": params,
                }
            )
    return page(request, "api_docs.html", routes=routes, nav="api")
