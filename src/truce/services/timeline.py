"""The process on one time axis: agreement versions, talks, incidents, cases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from truce.services.context import Context
from truce.store.tables import agreements, cases, incidents

_PROCESS_TYPES = {"talks", "ceasefire_agreement"}


def timeline(ctx: Context, limit: int = 2000) -> list[dict[str, Any]]:
    """Everything dated, oldest first: each item has date, kind, title and a link."""
    items: list[dict[str, Any]] = []
    with ctx.db.read() as conn:
        for a in conn.execute(select(agreements).order_by(agreements.c.effective)).all():
            items.append(
                {
                    "date": a.effective.date().isoformat(),
                    "kind": "agreement",
                    "title": f"{a.title} (version {a.version}) in force",
                    "href": f"/agreements/{a.id}?version={a.version}",
                }
            )
        for i in conn.execute(select(incidents).order_by(incidents.c.date).limit(limit)).all():
            kind = "process" if i.event_type in _PROCESS_TYPES else "incident"
            where = f" at {i.location_name}" if i.location_name else ""
            dead = f", {i.fatalities_best} killed" if i.fatalities_best else ""
            items.append(
                {
                    "date": i.date.isoformat(),
                    "date_end": i.date_end.isoformat(),
                    "kind": kind,
                    "event_type": i.event_type,
                    "title": f"{i.event_type.replace('_', ' ')}{where}{dead}",
                    "href": f"/incidents/{i.id}",
                }
            )
        for c in conn.execute(select(cases).order_by(cases.c.opened_at).limit(limit)).all():
            items.append(
                {
                    "date": c.opened_at.date().isoformat(),
                    "kind": "case",
                    "title": f"case {c.id} opened against {c.accused_party} ({c.state.replace('_', ' ')})",
                    "href": f"/incidents/{c.incident_id}",
                }
            )
    items.sort(key=lambda x: (x["date"], x["kind"]))
    return items
