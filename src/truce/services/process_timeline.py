"""The whole process on one time axis: talks, agreements and amendments, incidents,
verdicts and penalties — each item only if the reader may see it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from truce.services.context import Context
from truce.services.users import User
from truce.services.visibility import case_condition, penalty_visible, visible_incidents_clause
from truce.store.tables import agreements, case_events, cases, incidents, penalties

PROCESS_TYPES = frozenset({"talks", "ceasefire_agreement"})
OUTCOMES = ("verified", "unverifiable", "not_a_violation")
LANES = ("process", "agreement", "incident", "verdict", "penalty")


def timeline_items(ctx: Context, user: User | None, limit: int = 5000) -> list[dict[str, Any]]:
    """Dated items, oldest first: ``date`` (ISO), ``lane`` (one of LANES), ``title``, ``href``."""
    items: list[dict[str, Any]] = []
    with ctx.db.read() as conn:
        for a in conn.execute(select(agreements).order_by(agreements.c.effective)).all():
            items.append(
                {
                    "date": a.effective.date().isoformat(),
                    "lane": "agreement",
                    "title": f"{a.title}: version {a.version} in force"
                    + (" (amendment)" if a.version > 1 else ""),
                    "href": f"/agreements/{a.id}?version={a.version}",
                }
            )
        for i in conn.execute(
            select(incidents)
            .where(visible_incidents_clause(user))
            .order_by(incidents.c.date)
            .limit(limit)
        ).all():
            where = f" at {i.location_name}" if i.location_name else ""
            dead = f", {i.fatalities_best} killed" if i.fatalities_best else ""
            items.append(
                {
                    "date": i.date.isoformat(),
                    "lane": "process" if i.event_type in PROCESS_TYPES else "incident",
                    "event_type": i.event_type,
                    "fatalities": i.fatalities_best or 0,
                    "title": f"{i.event_type.replace('_', ' ')}{where}{dead}",
                    "href": f"/incidents/{i.id}",
                }
            )
        for e in conn.execute(
            select(
                case_events.c.at,
                case_events.c.to_state,
                cases.c.id,
                cases.c.incident_id,
                cases.c.accused_party,
            )
            .join(cases, cases.c.id == case_events.c.case_id)
            .where(case_events.c.to_state.in_(OUTCOMES), case_condition(user))
            .order_by(case_events.c.at)
            .limit(limit)
        ).all():
            items.append(
                {
                    "date": e.at.date().isoformat(),
                    "lane": "verdict",
                    "title": f"case {e.id} against {e.accused_party}: {e.to_state.replace('_', ' ')}",
                    "href": f"/incidents/{e.incident_id}",
                }
            )
        for p in conn.execute(
            select(penalties, cases.c.incident_id)
            .join(cases, cases.c.id == penalties.c.case_id)
            .where(case_condition(user))
            .order_by(penalties.c.proposed_at)
            .limit(limit)
        ).all():
            decided = p.decision is not None
            if not penalty_visible(user, p.party, decided):
                continue
            items.append(
                {
                    "date": p.proposed_at.date().isoformat(),
                    "lane": "penalty",
                    "title": f"penalty {'decided' if decided else 'proposed'} for {p.party}: {p.rule}",
                    "href": f"/incidents/{p.incident_id}",
                }
            )
    items.sort(key=lambda x: (x["date"], LANES.index(x["lane"])))
    return items
