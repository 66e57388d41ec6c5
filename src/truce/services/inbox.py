"""What each person has to do next, by role: the inbox page and ``GET /api/inbox``.

Nothing is stored for notifications: the inbox is derived from the cases and
penalties themselves, so an allegation is "in the accused party's inbox" from the
moment its case is opened until the party answers or the deadline passes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select

from truce.services import agreements as agreement_service
from truce.services.cases import case_view
from truce.services.context import Context
from truce.services.penalties import penalty_view
from truce.services.visibility import Viewer, case_condition
from truce.store.tables import case_events, cases, penalties

ANSWERABLE = ("reported", "under_verification", "disputed")
TO_VERIFY = ("reported", "under_verification", "disputed", "appealed")


def inbox(ctx: Context, user: Viewer) -> dict[str, Any]:
    """``{"role", "items": [{"kind", "case_id"|"penalty_id", "due", "title", ...}]}``."""
    items: list[dict[str, Any]] = []
    at = ctx.now()
    with ctx.db.read() as conn:
        if user.role == "party" and user.party:
            rows = conn.execute(
                select(cases).where(
                    and_(cases.c.accused_party == user.party, cases.c.state.in_(ANSWERABLE))
                )
            ).all()
            for row in rows:
                answered = conn.execute(
                    select(case_events.c.id).where(
                        and_(case_events.c.case_id == row.id, case_events.c.kind == "response")
                    )
                ).first()
                overdue = row.response_by is not None and at > row.response_by
                items.append(
                    {
                        "kind": "allegation",
                        "case_id": row.id,
                        "due": case_view(conn, row, user)["deadlines"]["response_by"],
                        "answered": answered is not None,
                        "overdue": overdue,
                        "title": f"Case {row.id}: allegation against {row.accused_party} — answer",
                    }
                )
            for row in conn.execute(select(cases).where(cases.c.state == "verified")).all():
                view = case_view(conn, row, user)
                verdict = view["verdict"] or {}
                if verdict.get("responsible_party") == user.party and (
                    row.appeal_by is None or at <= row.appeal_by
                ):
                    items.append(
                        {
                            "kind": "verdict",
                            "case_id": row.id,
                            "due": view["deadlines"]["appeal_by"],
                            "title": f"Case {row.id}: verified violation by {user.party} — appeal possible",
                        }
                    )
        elif user.role in {"verifier", "secretariat"}:
            for row in conn.execute(
                select(cases).where(cases.c.state.in_(TO_VERIFY)).order_by(cases.c.id)
            ).all():
                items.append(
                    {
                        "kind": "to_verify",
                        "case_id": row.id,
                        "state": row.state,
                        "due": case_view(conn, row, user)["deadlines"]["response_by"],
                        "title": f"Case {row.id}: {row.state.replace('_', ' ')} (accused {row.accused_party})",
                    }
                )
        elif user.role == "board":
            rows = conn.execute(
                select(
                    penalties,
                    cases.c.state.label("case_state"),
                    cases.c.agreement_id,
                    cases.c.agreement_version,
                )
                .join(cases, cases.c.id == penalties.c.case_id)
                .order_by(penalties.c.id)
            ).all()
            for row in rows:
                if row.decision or row.case_state not in ("verified", "appealed"):
                    continue
                agreement = agreement_service.history(conn, row.agreement_id).get(
                    row.agreement_version
                )
                if agreement is None or user.party not in agreement.penalties.decided_by:
                    continue
                view = penalty_view(row, row.case_state)
                items.append(
                    {
                        "kind": "penalty",
                        "penalty_id": row.id,
                        "case_id": row.case_id,
                        "proposed": view["proposed"],
                        "title": f"Penalty {row.id} for {row.party}: decide",
                    }
                )
        else:
            for row in conn.execute(
                select(cases).where(case_condition(user)).order_by(cases.c.id.desc())
            ).all():
                items.append(
                    {"kind": "published", "case_id": row.id, "title": f"Case {row.id}: {row.state}"}
                )
    return {"role": user.role, "party": user.party, "items": items}
