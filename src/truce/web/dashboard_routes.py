"""Dashboard API (map, stats, exports) and monitoring reports: parse, call a service, format."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from truce.errors import Invalid
from truce.services import dashboard, exports
from truce.services import monitoring_report as reports_service
from truce.services.dashboard import DashboardFilter
from truce.web.deps import Ctx, MaybeUser, parse_day

router = APIRouter(tags=["dashboard"])

DateFrom = Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD.")]
DateTo = Annotated[str | None, Query(alias="to", description="Last day, YYYY-MM-DD.")]
Party = Annotated[
    str | None, Query(description="Party code named by a report (source or accused).")
]
EventType = Annotated[str | None, Query(alias="type", description="Event type code (DESIGN.md).")]
Status = Annotated[str | None, Query(description="Case state, or no_case.")]


def dashboard_filter(
    date_from: DateFrom = None,
    date_to: DateTo = None,
    party: Party = None,
    event_type: EventType = None,
    status: Status = None,
) -> DashboardFilter:
    """The query parameters every map, chart and export route shares."""
    return DashboardFilter(
        date_from=parse_day(date_from, "from"),
        date_to=parse_day(date_to, "to"),
        party=party or None,
        event_type=event_type or None,
        status=status or None,
    )


Filter = Annotated[DashboardFilter, Depends(dashboard_filter)]


@router.get("/api/map", summary="Incidents on the map (GeoJSON)")
def api_map(
    ctx: Ctx,
    user: MaybeUser,
    flt: Filter,
    limit: int = dashboard.MAP_LIMIT,
) -> JSONResponse:
    """A FeatureCollection of the newest located incidents the caller may see, with
    status (case state), accused parties and distance to the AF–PK border in km.
    ``total`` and ``truncated`` tell when filters must be narrowed."""
    flt = replace(flt, limit=limit)
    return JSONResponse(dashboard.map_features(ctx, flt, user), media_type="application/geo+json")


@router.get("/api/stats", summary="Chart series per week")
def api_stats(
    ctx: Ctx,
    user: MaybeUser,
    flt: Filter,
) -> JSONResponse:
    """Incidents and verified violations per accused party per week, fatalities per week,
    and days from case opening to verdict per decided case."""
    return JSONResponse(dashboard.stats(ctx, flt, user))


@router.get("/api/exports/incidents.csv", summary="Incidents as CSV (ACLED columns)")
def export_csv(
    ctx: Ctx,
    user: MaybeUser,
    flt: Filter,
) -> Response:
    """One row per incident in ACLED's column layout; Truce's status, accused parties and
    border distance are in ``tags``."""
    chunks = list(exports.to_csv(ctx, flt, user))  # run the query before the status line goes out
    return StreamingResponse(
        iter(chunks),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="truce-incidents.csv"'},
    )


@router.get("/api/exports/incidents.geojson", summary="Incidents as GeoJSON")
def export_geojson(
    ctx: Ctx,
    user: MaybeUser,
    flt: Filter,
) -> Response:
    return Response(
        exports.dumps(exports.to_geojson(ctx, flt, user)),
        media_type="application/geo+json",
        headers={"content-disposition": 'attachment; filename="truce-incidents.geojson"'},
    )


@router.get("/api/exports/incidents.json", summary="Incidents as JSON")
def export_json(
    ctx: Ctx,
    user: MaybeUser,
    flt: Filter,
) -> Response:
    return Response(exports.dumps(exports.to_json(ctx, flt, user)), media_type="application/json")


ReportDate = Annotated[str | None, Query(description="The day reported on, YYYY-MM-DD.")]


def _daily(ctx: Ctx, user: MaybeUser, day: str | None) -> reports_service.MonitoringReport:
    when = parse_day(day, "date")
    if when is None:
        raise Invalid("date: give the day to report on, e.g. ?date=2025-10-11")
    return reports_service.daily(ctx, when, user)


def _period(
    ctx: Ctx, user: MaybeUser, a: str | None, b: str | None
) -> reports_service.MonitoringReport:
    start, end = parse_day(a, "from"), parse_day(b, "to")
    if start is None or end is None:
        raise Invalid(
            "from and to: give the first and last day, e.g. ?from=2025-10-01&to=2025-10-31"
        )
    return reports_service.period(ctx, start, end, user)


def _pdf(report: reports_service.MonitoringReport) -> Response:
    return Response(
        reports_service.render_pdf(report),
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{report.slug}.pdf"'},
    )


@router.get("/reports/daily", response_class=HTMLResponse, summary="Daily monitoring report")
def daily_html(
    ctx: Ctx, user: MaybeUser, day: Annotated[str | None, Query(alias="date")] = None
) -> Response:
    return HTMLResponse(reports_service.render_html(_daily(ctx, user, day)))


@router.get("/reports/daily.pdf", summary="Daily monitoring report (PDF)")
def daily_pdf(
    ctx: Ctx, user: MaybeUser, day: Annotated[str | None, Query(alias="date")] = None
) -> Response:
    return _pdf(_daily(ctx, user, day))


@router.get("/reports/period", response_class=HTMLResponse, summary="Periodic monitoring report")
def period_html(
    ctx: Ctx, user: MaybeUser, date_from: DateFrom = None, date_to: DateTo = None
) -> Response:
    return HTMLResponse(reports_service.render_html(_period(ctx, user, date_from, date_to)))


@router.get("/reports/period.pdf", summary="Periodic monitoring report (PDF)")
def period_pdf(
    ctx: Ctx, user: MaybeUser, date_from: DateFrom = None, date_to: DateTo = None
) -> Response:
    return _pdf(_period(ctx, user, date_from, date_to))
