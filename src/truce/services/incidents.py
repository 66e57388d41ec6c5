"""Queries over incidents: filtered lists, one incident with its reports, overview counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from truce.domain.event_types import EVENT_TYPE_CODES
from truce.errors import Invalid, NotFound
from truce.services.context import Context
from truce.services.dashboard import count_visible, newest_visible, party_named_condition
from truce.services.reports import report_public
from truce.services.visibility import Viewer, case_condition, incident_condition, report_condition
from truce.store.tables import cases, incidents, report_evidence, reports
from truce.verify.corroboration import ReportView
from truce.verify.corroboration import score as corroboration_score

MAX_PAGE = 500


@dataclass(frozen=True)
class IncidentFilter:
    event_type: str | None = None
    party: str | None = None  # incidents whose reports name this party as source or accused
    date_from: date | None = None
    date_to: date | None = None
    country_code: str | None = None
    limit: int = 100
    offset: int = 0

    def check(self) -> None:
        if self.event_type and self.event_type not in EVENT_TYPE_CODES:
            raise Invalid(f"event_type: unknown type {self.event_type!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise Invalid("date_from is after date_to")
        if not 1 <= self.limit <= MAX_PAGE:
            raise Invalid(f"limit must be between 1 and {MAX_PAGE}")
        if self.offset < 0:
            raise Invalid("offset must not be negative")


def incident_summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "agreement_id": row.agreement_id,
        "event_type": row.event_type,
        "date": row.date.isoformat(),
        "date_end": row.date_end.isoformat(),
        "date_precision": row.date_precision,
        "location": None
        if row.lat is None and row.location_name is None
        else {
            "name": row.location_name,
            "lat": row.lat,
            "lon": row.lon,
            "country_code": row.country_code,
            "admin1": row.admin1,
            "precision": row.location_precision,
        },
        "actors": row.actors or [],
        "fatalities": None
        if row.fatalities_best is None
        else {"best": row.fatalities_best, "low": row.fatalities_low, "high": row.fatalities_high},
        "ledger_index": row.ledger_seq,
    }


def list_incidents(
    ctx: Context, flt: IncidentFilter, viewer: Viewer | None = None
) -> dict[str, Any]:
    """Incidents ``viewer`` may see (None: the public), newest first."""
    flt.check()
    conds: list[ColumnElement[bool]] = []
    if flt.event_type:
        conds.append(incidents.c.event_type == flt.event_type)
    if flt.date_from:
        conds.append(incidents.c.date_end >= flt.date_from)
    if flt.date_to:
        conds.append(incidents.c.date <= flt.date_to)
    if flt.country_code:
        conds.append(incidents.c.country_code == flt.country_code.upper())
    if flt.party:
        conds.append(party_named_condition(flt.party, viewer))
    with ctx.db.read() as conn:
        implied = bool(flt.party)  # the party filter checks visibility itself
        rows = newest_visible(
            conn, list(incidents.c), conds, viewer, flt.limit, flt.offset, implied=implied
        )
        total = count_visible(conn, conds, viewer, implied=implied)
        ids = [r.id for r in rows]
        counts: dict[int, int] = {
            r[0]: r[1]
            for r in conn.execute(
                select(reports.c.incident_id, func.count())
                .where(and_(reports.c.incident_id.in_(ids), report_condition(viewer)))
                .group_by(reports.c.incident_id)
            ).all()
        }
    items = []
    for r in rows:
        item = incident_summary(r)
        item["report_count"] = counts.get(r.id, 0)
        items.append(item)
    return {"total": total, "limit": flt.limit, "offset": flt.offset, "items": items}


def get_incident(ctx: Context, incident_id: int, viewer: Viewer | None = None) -> dict[str, Any]:
    """An incident with the reports ``viewer`` may see and the corroboration they give.

    Corroboration is computed from the visible reports only: reasons such as "party
    AFG" would otherwise reveal a filing the viewer may not see.
    """
    with ctx.db.read() as conn:
        row = conn.execute(
            select(incidents).where(and_(incidents.c.id == incident_id, incident_condition(viewer)))
        ).first()
        if row is None:
            raise NotFound(f"no incident {incident_id}")
        report_rows = conn.execute(
            select(reports)
            .where(and_(reports.c.incident_id == incident_id, report_condition(viewer)))
            .order_by(reports.c.id)
        ).all()
        evidence_counts: dict[int, int] = {
            r[0]: r[1]
            for r in conn.execute(
                select(report_evidence.c.report_id, func.count())
                .where(report_evidence.c.report_id.in_([r.id for r in report_rows]))
                .group_by(report_evidence.c.report_id)
            ).all()
        }
        case_rows = conn.execute(
            select(cases.c.id, cases.c.state, cases.c.accused_party).where(
                and_(cases.c.incident_id == incident_id, case_condition(viewer))
            )
        ).all()
    out = incident_summary(row)
    full = [report_public(r) for r in report_rows]
    out["reports"] = [r["id"] for r in full]
    out["report_details"] = full
    corr = corroboration_score(
        [_report_view(r) for r in full], {str(k): v for k, v in evidence_counts.items()}
    )
    out["corroboration"] = {"score": corr.score, "reasons": list(corr.reasons)}
    out["cases"] = [
        {"id": c.id, "state": c.state, "accused_party": c.accused_party} for c in case_rows
    ]
    return out


def _report_view(r: dict[str, Any]) -> ReportView:
    src = r.get("source") or {}
    loc = r.get("location") or {}
    return ReportView(
        id=str(r["id"]),
        source_kind=src.get("kind", "news"),
        party=src.get("party"),
        outlet=src.get("outlet"),
        monitor=src.get("name"),
        title=r.get("title"),
        summary=r.get("summary") or "",
        date_precision=r.get("date_precision") or "day",
        location_precision=loc.get("precision"),
    )


def overview_counts(ctx: Context, viewer: Viewer | None = None) -> dict[str, Any]:
    """Counts for the overview page over what ``viewer`` may see (None: the public)."""
    inc, rep, cas = incident_condition(viewer), report_condition(viewer), case_condition(viewer)
    with ctx.db.read() as conn:
        by_type: dict[str, int] = {
            r[0]: r[1]
            for r in conn.execute(
                select(incidents.c.event_type, func.count())
                .where(inc)
                .group_by(incidents.c.event_type)
            ).all()
        }
        by_party: dict[str, int] = {
            r[0]: r[1]
            for r in conn.execute(
                select(reports.c.accused_party, func.count())
                .where(and_(reports.c.accused_party.is_not(None), rep))
                .group_by(reports.c.accused_party)
            ).all()
        }
        by_source: dict[str, int] = {
            r[0]: r[1]
            for r in conn.execute(
                select(reports.c.source_kind, func.count())
                .where(rep)
                .group_by(reports.c.source_kind)
            ).all()
        }
        fatalities = conn.execute(
            select(func.coalesce(func.sum(incidents.c.fatalities_best), 0)).where(inc)
        ).scalar_one()
        n_incidents = conn.execute(
            select(func.count()).select_from(incidents).where(inc)
        ).scalar_one()
        n_reports = conn.execute(select(func.count()).select_from(reports).where(rep)).scalar_one()
        n_cases = conn.execute(select(func.count()).select_from(cases).where(cas)).scalar_one()
    return {
        "incidents": n_incidents,
        "reports": n_reports,
        "cases": n_cases,
        "fatalities_best": int(fatalities),
        "incidents_by_type": by_type,
        "allegations_by_accused_party": by_party,
        "reports_by_source": by_source,
    }
