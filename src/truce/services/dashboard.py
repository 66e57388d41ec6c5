"""What the dashboard shows: map features and chart series, filtered and visibility-checked.

The map, the charts, the exports and the monitoring reports all select incidents
through :func:`incident_conditions`, so a filter or a visibility rule means the same
thing everywhere; every query here applies ``visible_incidents_clause(user)``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiLineString
from sqlalchemy import ColumnElement, and_, distinct, exists, func, select, true, union_all

from truce.domain.case import CaseState
from truce.domain.event_types import EVENT_TYPE_CODES
from truce.errors import Invalid
from truce.extract.gazetteer import EARTH_RADIUS_KM
from truce.services.context import Context
from truce.services.users import User
from truce.services.visibility import (
    Viewer,
    case_condition,
    party_grantees,
    report_condition,
    visible_branches,
    visible_incidents_clause,
)
from truce.store.tables import case_events, cases, incident_parties, incidents, reports

MAP_LIMIT = 2000
# Ids bound in one IN list: a whole map page in one query (SQLite >= 3.32 allows 32,766
# parameters, PostgreSQL 65,535).
_IDS_PER_QUERY = 5000
NO_CASE = "no_case"
UNATTRIBUTED = "unattributed"
# When an incident has several cases, the map shows the one that says most about
# responsibility: a finding first, then open work, then closed-without-finding.
STATUS_ORDER: tuple[str, ...] = (
    CaseState.VERIFIED,
    CaseState.APPEALED,
    CaseState.DISPUTED,
    CaseState.UNDER_VERIFICATION,
    CaseState.REPORTED,
    CaseState.UNVERIFIABLE,
    CaseState.NOT_A_VIOLATION,
    CaseState.RETRACTED,
)
STATUSES: tuple[str, ...] = (*STATUS_ORDER, NO_CASE)
_OUTCOMES = (CaseState.VERIFIED, CaseState.UNVERIFIABLE, CaseState.NOT_A_VIOLATION)


@dataclass(frozen=True)
class DashboardFilter:
    """The filters shared by the map, the charts and the exports."""

    date_from: date | None = None
    date_to: date | None = None
    party: str | None = None  # named by a report as source or accused
    event_type: str | None = None
    status: str | None = None  # a case state, or "no_case"
    limit: int = MAP_LIMIT

    def check(self) -> None:
        if self.event_type and self.event_type not in EVENT_TYPE_CODES:
            raise Invalid(
                f"type: unknown event type {self.event_type!r}; "
                f"known types: {', '.join(sorted(EVENT_TYPE_CODES))}"
            )
        if self.status and self.status not in STATUSES:
            raise Invalid(f"status: unknown status {self.status!r}; known: {', '.join(STATUSES)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise Invalid("from: the start date is after the end date")
        if self.limit < 1:
            raise Invalid("limit must be at least 1")


def incident_conditions(flt: DashboardFilter, user: User | None) -> list[ColumnElement[bool]]:
    """SQL conditions over ``incidents`` for ``flt``, always including visibility."""
    return [visible_incidents_clause(user), *filter_conditions(flt, user)]


def filter_conditions(flt: DashboardFilter, user: User | None) -> list[ColumnElement[bool]]:
    """SQL conditions over ``incidents`` for ``flt`` alone: pair them with visibility
    (:func:`incident_conditions`, or :func:`newest_visible`'s branches)."""
    flt.check()
    conds: list[ColumnElement[bool]] = []
    if flt.date_from:
        conds.append(incidents.c.date_end >= flt.date_from)
    if flt.date_to:
        conds.append(incidents.c.date <= flt.date_to)
    if flt.event_type:
        conds.append(incidents.c.event_type == flt.event_type)
    if flt.party:
        conds.append(party_named_condition(flt.party, user))
    if flt.status == NO_CASE:
        conds.append(
            ~exists().where(and_(cases.c.incident_id == incidents.c.id, case_condition(user)))
        )
    elif flt.status:
        conds.append(
            exists().where(
                and_(
                    cases.c.incident_id == incidents.c.id,
                    cases.c.state == flt.status,
                    case_condition(user),
                )
            )
        )
    return conds


def newest_visible(
    conn: Any,
    columns: Sequence[Any],
    conds: Sequence[ColumnElement[bool]],
    viewer: Viewer | None,
    limit: int,
    offset: int = 0,
    *,
    implied: bool = False,
) -> list[Any]:
    """Incidents ``viewer`` may see matching ``conds``, newest first (date, id).

    For a party or monitor, "public or granted" per row would make the database test
    every incident; instead each of :func:`visible_branches` takes its own newest
    ``offset + limit`` through its index, and the union of those short lists is sorted.
    ``implied``: ``conds`` already admit only incidents the viewer may see (see
    :func:`visibility_branches`).
    """
    order = (incidents.c.date.desc(), incidents.c.id.desc())
    branches = visibility_branches(viewer, implied=implied)
    if len(branches) == 1:
        return list(
            conn.execute(
                select(*columns)
                .where(branches[0], *conds)
                .order_by(*order)
                .limit(limit)
                .offset(offset)
            ).all()
        )
    parts = [
        select(*columns).where(b, *conds).order_by(*order).limit(offset + limit).subquery()
        for b in branches
    ]
    merged = union_all(*(select(p) for p in parts)).subquery()
    return list(
        conn.execute(
            select(merged)
            .order_by(merged.c.date.desc(), merged.c.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    )


def count_visible(
    conn: Any,
    conds: Sequence[ColumnElement[bool]],
    viewer: Viewer | None,
    *,
    implied: bool = False,
) -> int:
    """How many incidents ``viewer`` may see match ``conds``: one count per disjoint branch."""
    counts = [
        select(func.count()).select_from(incidents).where(b, *conds).scalar_subquery()
        for b in visibility_branches(viewer, implied=implied)
    ]
    total: ColumnElement[Any] = counts[0]
    for c in counts[1:]:
        total = total + c
    return int(conn.execute(select(total)).scalar_one())


def visibility_branches(
    viewer: Viewer | None, *, implied: bool = False
) -> list[ColumnElement[bool]]:
    """The visibility branches to pair with a filter; none when the filter implies them.

    :func:`party_named_condition` admits an incident only through a report the viewer
    may see, and a visible report makes its incident visible (visibility.py: news or a
    published case make it public, the filer and its party are granted it). So with
    the party filter "public or granted" adds nothing, and one query replaces two.
    """
    return [true()] if implied else visible_branches(viewer)


def party_named_condition(party: str, user: Viewer | None) -> ColumnElement[bool]:
    """Incidents with a report ``user`` may see naming ``party`` as its source or accused.

    Answered from ``incident_parties`` (kept in the write transaction, see
    visibility.refresh_parties): the incident ids under the party and the viewer's
    grantee keys are one walk of that table's key, where testing each incident's
    reports against the report visibility rule meant scanning every report.
    """
    return incidents.c.id.in_(
        select(incident_parties.c.incident_id).where(
            incident_parties.c.party == party.upper(),
            incident_parties.c.grantee.in_(party_grantees(user)),
        )
    )


def case_statuses(conn: Any, incident_ids: list[int], user: User | None) -> dict[int, str]:
    """The most telling state of each incident's cases that ``user`` may see (STATUS_ORDER)."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    out: dict[int, str] = {}
    for chunk in _chunks(incident_ids, _IDS_PER_QUERY):
        for incident_id, state in conn.execute(
            select(cases.c.incident_id, cases.c.state).where(
                cases.c.incident_id.in_(chunk), case_condition(user)
            )
        ).all():
            held = out.get(incident_id)
            if held is None or rank.get(state, 99) < rank.get(held, 99):
                out[incident_id] = state
    return out


def accused_parties(conn: Any, incident_ids: list[int], user: User | None) -> dict[int, list[str]]:
    """Parties accused by the reports ``user`` may see, per incident, sorted."""
    out: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(incident_ids, _IDS_PER_QUERY):
        for incident_id, party in conn.execute(
            select(reports.c.incident_id, reports.c.accused_party)
            .where(
                reports.c.incident_id.in_(chunk),
                reports.c.accused_party.is_not(None),
                report_condition(user),
            )
            .distinct()
        ).all():
            out[incident_id].add(party)
    return {k: sorted(v) for k, v in out.items()}


def map_features(ctx: Context, flt: DashboardFilter, user: User | None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the newest located incidents that match ``flt``.

    At most ``flt.limit`` (≤ MAP_LIMIT) features; ``total`` and ``truncated`` say
    whether the filters should be narrowed to see the rest.
    """
    limit = min(flt.limit, MAP_LIMIT)
    conds = [
        *filter_conditions(flt, user),
        incidents.c.lat.is_not(None),
        incidents.c.lon.is_not(None),
    ]
    cols = (
        incidents.c.id,
        incidents.c.event_type,
        incidents.c.date,
        incidents.c.date_end,
        incidents.c.location_name,
        incidents.c.country_code,
        incidents.c.lat,
        incidents.c.lon,
        incidents.c.location_precision,
        incidents.c.fatalities_best,
        incidents.c.border_km,
    )
    with ctx.db.read() as conn:
        implied = bool(flt.party)  # the party filter checks visibility itself
        rows = newest_visible(conn, cols, conds, user, limit + 1, implied=implied)
        truncated = len(rows) > limit
        rows = rows[:limit]
        total = count_visible(conn, conds, user, implied=implied) if truncated else len(rows)
        ids = [r.id for r in rows]
        statuses = case_statuses(conn, ids, user)
        accused = accused_parties(conn, ids, user)
    distances = located_border_km(rows)
    features = []
    for r in rows:
        features.append(
            {
                "type": "Feature",
                "id": r.id,
                "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                "properties": {
                    "id": r.id,
                    "event_type": r.event_type,
                    "date": r.date.isoformat(),
                    "date_end": r.date_end.isoformat(),
                    "location": r.location_name,
                    "country_code": r.country_code,
                    "location_precision": r.location_precision,
                    "fatalities": r.fatalities_best,
                    "status": statuses.get(r.id, NO_CASE),
                    "accused": accused.get(r.id, []),
                    "border_km": round(distances[r.id], 1),
                    "href": f"/incidents/{r.id}",
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "total": total,
        "truncated": truncated,
        "features": features,
    }


def border_distances_km(lats: list[float], lons: list[float], border: str = "AF-PK") -> list[float]:
    """Distances in km to ``border`` for many points at once.

    The method of ``truce.extract.geo.distance_to_border_km`` (nearest point in degrees
    with longitude scaled by cos(latitude), then haversine), vectorised: one call of
    that function costs ~600 µs and a map page holds thousands of points. Points are
    grouped in 0.1° latitude bands sharing one scale (a 0.2 % change of scale, far
    below the line's own ~1 km error), and shapely finds nearest points in C.
    """
    if not lats:
        return []
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    bands = np.round(lat * 10) / 10
    near_lat = np.empty_like(lat)
    near_lon = np.empty_like(lon)
    for band in np.unique(bands):
        sel = bands == band
        scale, line = _scaled_border(border, float(band))
        pts = shapely.points(lon[sel] * scale, lat[sel])
        ends = shapely.get_coordinates(shapely.get_point(shapely.shortest_line(pts, line), 1))
        near_lon[sel] = ends[:, 0] / scale
        near_lat[sel] = ends[:, 1]
    p1, p2 = np.radians(lat), np.radians(near_lat)
    h = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(near_lon - lon) / 2) ** 2
    )
    dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return [float(d) for d in dist]


def border_km_or_none(lat: float | None, lon: float | None) -> float | None:
    """What ``incidents.border_km`` holds: ``distance_to_border_km`` to the AF-PK border,
    computed once when an incident is created or moves.

    ``None`` without a place, with coordinates off the globe, or where the border data
    was not built at install: the map then measures that point itself when asked
    (:func:`located_border_km`), exactly as it did before the column existed.
    """
    from truce.errors import TruceError
    from truce.extract.geo import distance_to_border_km

    if lat is None or lon is None:
        return None
    try:
        return distance_to_border_km(lat, lon)
    except TruceError:
        return None


def located_border_km(rows: Sequence[Any]) -> dict[int, float]:
    """``border_km`` per row id, from the column, measuring only the rows it lacks."""
    out = {r.id: r.border_km for r in rows if r.border_km is not None and r.lat is not None}
    missing = [r for r in rows if r.border_km is None and r.lat is not None and r.lon is not None]
    if missing:
        measured = border_distances_km([r.lat for r in missing], [r.lon for r in missing])
        out.update({r.id: km for r, km in zip(missing, measured, strict=True)})
    return out


@lru_cache(maxsize=512)
def _scaled_border(border: str, band: float) -> tuple[float, Any]:
    from truce.extract.geo import border_line

    scale = math.cos(math.radians(band))
    lines = border_line(border)
    scaled = MultiLineString([[(x * scale, y) for x, y in part.coords] for part in lines.geoms])
    shapely.prepare(scaled)
    return scale, scaled


def week_start(day: date) -> date:
    """Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def stats(ctx: Context, flt: DashboardFilter, user: User | None) -> dict[str, Any]:
    """Chart series per ISO week (Mondays): incidents and verified violations (incidents
    with a verified case) per accused party, fatalities, and days from a case's opening
    to its verdict per case."""
    conds = incident_conditions(flt, user)
    incidents_pw: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    verified_pw: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    fatalities_pw: dict[date, int] = defaultdict(int)
    with ctx.db.read() as conn:
        for day, n, dead in conn.execute(
            select(
                incidents.c.date,
                func.count(),
                func.coalesce(func.sum(incidents.c.fatalities_best), 0),
            )
            .where(*conds)
            .group_by(incidents.c.date)
        ).all():
            fatalities_pw[week_start(day)] += int(dead)
            incidents_pw["all"][week_start(day)] += int(n)
        party_sq = (
            select(reports.c.incident_id, reports.c.accused_party)
            .where(reports.c.accused_party.is_not(None), report_condition(user))
            .distinct()
            .subquery()
        )
        for day, party, n in conn.execute(
            select(incidents.c.date, party_sq.c.accused_party, func.count())
            .select_from(incidents.join(party_sq, party_sq.c.incident_id == incidents.c.id))
            .where(*conds)
            .group_by(incidents.c.date, party_sq.c.accused_party)
        ).all():
            incidents_pw[party][week_start(day)] += int(n)
        # A violation is an incident: several verified cases of one incident against one
        # party (a report after a verdict opens a new case) count once.
        for day, party, n in conn.execute(
            select(incidents.c.date, cases.c.accused_party, func.count(distinct(incidents.c.id)))
            .select_from(incidents.join(cases, cases.c.incident_id == incidents.c.id))
            .where(*conds, cases.c.state == CaseState.VERIFIED, case_condition(user))
            .group_by(incidents.c.date, cases.c.accused_party)
        ).all():
            verified_pw[party][week_start(day)] += int(n)
        verdict_delays = _report_to_verdict(conn, [*conds, case_condition(user)])
    weeks = _week_axis(
        [w for series in (*incidents_pw.values(), *verified_pw.values()) for w in series]
        + list(fatalities_pw)
    )
    parties = sorted(p for p in incidents_pw if p != "all")
    return {
        "weeks": [w.isoformat() for w in weeks],
        "parties": parties,
        "incidents_per_week": [incidents_pw["all"].get(w, 0) for w in weeks],
        "incidents_per_party_week": {
            p: [incidents_pw[p].get(w, 0) for w in weeks] for p in parties
        },
        "verified_per_party_week": {
            p: [verified_pw[p].get(w, 0) for w in weeks] for p in sorted(verified_pw)
        },
        "fatalities_per_week": [fatalities_pw.get(w, 0) for w in weeks],
        "report_to_verdict_days": verdict_delays,
        "totals": {
            "incidents": sum(incidents_pw["all"].values()),
            "verified": sum(sum(s.values()) for s in verified_pw.values()),
            "fatalities": sum(fatalities_pw.values()),
        },
    }


def _week_axis(weeks: list[date]) -> list[date]:
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    n = (last - first).days // 7 + 1
    return [first + timedelta(days=7 * i) for i in range(n)]


def _report_to_verdict(conn: Any, conds: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """For each case with an outcome: days from the case's opening to its first outcome.

    A case opens with the report that accuses the party, so a case opened after an
    earlier one was decided measures its own time, not the incident's first report's.
    """
    outcome = (
        select(case_events.c.case_id, func.min(case_events.c.at).label("decided_at"))
        .where(case_events.c.to_state.in_([str(s) for s in _OUTCOMES]))
        .group_by(case_events.c.case_id)
        .subquery()
    )
    rows = conn.execute(
        select(
            cases.c.id,
            cases.c.accused_party,
            cases.c.state,
            cases.c.opened_at,
            outcome.c.decided_at,
        )
        .select_from(
            incidents.join(cases, cases.c.incident_id == incidents.c.id).join(
                outcome, outcome.c.case_id == cases.c.id
            )
        )
        .where(*conds)
        .order_by(cases.c.id)
    ).all()
    out = []
    for case_id, party, state, opened_at, decided_at in rows:
        days = _days_between(opened_at, decided_at)
        out.append({"case_id": case_id, "accused_party": party, "state": state, "days": days})
    return out


def _days_between(a: datetime, b: datetime) -> float:
    return round(max(0.0, (b - a).total_seconds()) / 86400, 1)


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)] if items else []


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


__all__ = ["MAP_LIMIT", "STATUSES", "DashboardFilter", "map_features", "stats"]
