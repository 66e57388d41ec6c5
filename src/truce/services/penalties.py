"""Penalty proposals (from the schedule, at the moment of a verified verdict) and the
board's decisions on them.

The repeat count ``n`` counts the party's *standing* verified violations: cases whose
latest verdict found that party responsible and that are still ``verified`` or under
``appealed`` review. An appeal that ends in another outcome takes the violation out of
the count; an upheld verdict keeps its original proposal instead of making a second one.

A violation is an incident, not a case: an incident may have several cases against one
party (a report after a verdict opens a new case), and however many of them stand
verified, the incident counts once; the incident being judged is never its own earlier
violation (:func:`earlier_violations`).
:mod:`truce.services.replay` recomputes every proposal from the ledger by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from truce.compliance.penalties import Proposal, propose
from truce.domain.agreement import Agreement
from truce.errors import Conflict, Forbidden, Invalid, NotFound
from truce.services import agreements as agreement_service
from truce.services.context import Context
from truce.services.reports import incident_moment
from truce.services.visibility import Viewer, penalty_visible
from truce.store.tables import case_events, cases, incidents, penalties

#: Case states in which a verified verdict stands (an appeal is pending but not yet won).
STANDING_STATES = frozenset({"verified", "appealed"})
DECISIONS = ("accept", "change", "reject")


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat().replace("+00:00", "Z")


def earlier_violations(
    standing: Iterable[tuple[int, datetime]], incident_id: int
) -> list[datetime]:
    """The moments of the earlier violations to count for a verdict on ``incident_id``.

    ``standing`` holds (incident id, incident moment) for each of the party's standing
    verified cases; the result has one moment per distinct incident other than
    ``incident_id``, in incident order (pure: replay calls it too).
    """
    by_incident: dict[int, datetime] = {}
    for incident, moment in standing:
        if incident != incident_id:
            by_incident.setdefault(incident, moment)
    return [by_incident[i] for i in sorted(by_incident)]


def standing_violations(conn: Connection, party: str, *, incident_id: int) -> list[datetime]:
    """Incident moments of the party's standing verified violations on other incidents
    than ``incident_id``, one per incident (:func:`earlier_violations`)."""
    verdicts = case_events.alias("verdicts")
    latest_verdict = (
        select(func.max(verdicts.c.id))
        .where(and_(verdicts.c.case_id == cases.c.id, verdicts.c.kind == "verdict"))
        .correlate(cases)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(cases.c.incident_id, incidents.c.date, case_events.c.body)
        .join(incidents, incidents.c.id == cases.c.incident_id)
        .join(case_events, case_events.c.id == latest_verdict)
        .where(and_(cases.c.state.in_(STANDING_STATES), cases.c.incident_id != incident_id))
    ).all()
    return earlier_violations(
        (
            (row.incident_id, incident_moment(row.date))
            for row in rows
            if row.body.get("outcome") == "verified" and row.body.get("responsible_party") == party
        ),
        incident_id,
    )


def proposal_for(
    agreement: Agreement, verdict: dict[str, Any], previous: list[datetime]
) -> Proposal:
    """The schedule's proposal for a verified verdict (pure: replay calls it too).

    ``provision`` in a schedule line is the verdict's first (principal) provision.
    """
    return propose(
        agreement,
        event_type=verdict["event_type"],
        provision=verdict["provisions"][0],
        fatalities=int(verdict["fatalities"]["best"]),
        at=incident_moment(date.fromisoformat(verdict["incident_date"])),
        previous_verified=previous,
    )


def propose_for_verdict(
    ctx: Context,
    conn: Connection,
    *,
    case_id: int,
    verdict: dict[str, Any],
    verdict_seq: int,
    agreement: Agreement,
    at: datetime,
) -> int | None:
    """Create the proposal for a verified verdict, inside the verdict's transaction.

    Returns the new penalty id, or None when an upheld verdict keeps its earlier proposal.
    """
    party = verdict["responsible_party"]
    kept = conn.execute(
        select(penalties.c.id).where(
            and_(penalties.c.case_id == case_id, penalties.c.party == party)
        )
    ).first()
    if kept is not None:
        return None
    previous = standing_violations(conn, party, incident_id=int(verdict["incident_id"]))
    proposal = proposal_for(agreement, verdict, previous)
    penalty_id = (
        int(
            conn.execute(select(penalties.c.id).order_by(penalties.c.id.desc()).limit(1)).scalar()
            or 0
        )
        + 1
    )
    body = {
        "penalty_id": penalty_id,
        "case_id": case_id,
        "verdict_index": verdict_seq,
        "party": party,
        "agreement_id": agreement.id,
        "agreement_version": agreement.version,
        "rule_index": proposal.rule_index,
        "rule": proposal.rule_text,
        "n": proposal.n,
        "days_since_last": proposal.days_since_last,
        "proposed": proposal.proposed,
    }
    seq = ctx.append(conn, "penalty.proposed", "system", body)
    conn.execute(
        insert(penalties).values(
            id=penalty_id,
            case_id=case_id,
            party=party,
            rule_index=proposal.rule_index,
            rule=proposal.rule_text or "",
            n=proposal.n,
            proposed=proposal.proposed,
            decision=None,
            proposed_at=at,
            ledger_seq=seq,
        )
    )
    return penalty_id


def penalty_view(row: Any, case_state: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "case_id": row.case_id,
        "party": row.party,
        "rule": row.rule or None,
        "rule_index": row.rule_index,
        "n": row.n,
        "proposed": row.proposed,
        "decision": row.decision or None,
        "standing": case_state in STANDING_STATES,
        "proposed_at": _iso(row.proposed_at),
        "ledger_index": row.ledger_seq,
    }


def list_penalties(ctx: Context, viewer: Viewer | None) -> list[dict[str, Any]]:
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(penalties, cases.c.state.label("case_state"))
            .join(cases, cases.c.id == penalties.c.case_id)
            .order_by(penalties.c.id)
        ).all()
    return [
        penalty_view(r, r.case_state)
        for r in rows
        if penalty_visible(viewer, r.party, bool(r.decision))
    ]


def _load(conn: Connection, penalty_id: int, viewer: Viewer | None) -> Any:
    row = conn.execute(
        select(
            penalties,
            cases.c.state.label("case_state"),
            cases.c.agreement_id.label("agreement_id"),
            cases.c.agreement_version.label("agreement_version"),
        )
        .join(cases, cases.c.id == penalties.c.case_id)
        .where(penalties.c.id == penalty_id)
    ).first()
    if row is None or not penalty_visible(viewer, row.party, bool(row.decision)):
        raise NotFound(f"no penalty {penalty_id}")
    return row


def get_penalty(ctx: Context, penalty_id: int, viewer: Viewer | None) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = _load(conn, penalty_id, viewer)
    return penalty_view(row, row.case_state)


def decide(ctx: Context, penalty_id: int, data: Any, user: Viewer) -> dict[str, Any]:
    """A board member of a party in ``decided_by`` accepts, changes or rejects a proposal.

    Checked in the order record (404), role (403), body (400), state (409), like every
    write on a case: a missing or hidden penalty is 404 whatever was sent.
    """
    with ctx.db.write() as conn:
        row = _load(conn, penalty_id, user)
        if user.role != "board":
            raise Forbidden("only board members decide penalties")
        agreement = agreement_service.history(conn, row.agreement_id).get(row.agreement_version)
        decided_by = agreement.penalties.decided_by if agreement else ()
        if user.party not in decided_by:
            raise Forbidden(
                f"penalties under {row.agreement_id} are decided by board members of {', '.join(decided_by)}"
            )
        decision, penalty, reasons = _check_decision(data, row.proposed)
        if row.decision:
            raise Conflict(
                f"penalty {penalty_id} was already decided ({row.decision.get('decision')})"
            )
        if row.case_state not in STANDING_STATES:
            raise Conflict(
                f"the verdict behind penalty {penalty_id} no longer stands (case is {row.case_state})"
            )
        at = ctx.now()
        record = {
            "decision": decision,
            "by": user.principal,
            "at": _iso(at),
            "penalty": penalty,
            "reasons": reasons,
        }
        seq = ctx.append(
            conn,
            "penalty.decided",
            user.principal,
            {
                "penalty_id": penalty_id,
                "decision": decision,
                "penalty": penalty,
                "reasons": reasons,
                "party": user.party,
            },
        )
        record["ledger_index"] = seq
        conn.execute(update(penalties).where(penalties.c.id == penalty_id).values(decision=record))
        row = _load(conn, penalty_id, user)
    return penalty_view(row, row.case_state)


def _check_decision(data: Any, proposed: Any) -> tuple[str, Any, str]:
    """The decision, the penalty it settles on and its reasons, from a request body."""
    if not isinstance(data, dict):
        raise Invalid("request body must be a JSON object")
    decision = data.get("decision")
    if decision not in DECISIONS:
        raise Invalid("decision: one of accept, change, reject")
    reasons = data.get("reasons")
    if reasons is not None and not isinstance(reasons, str):
        raise Invalid("reasons: give a text")
    reasons = (reasons or "").strip()
    if decision != "accept" and not reasons:
        raise Invalid(f"reasons: a decision to {decision} a proposal must say why")
    if decision == "change":
        penalty = data.get("penalty")
        if (
            not isinstance(penalty, dict)
            or not isinstance(penalty.get("penalty"), str)
            or not penalty["penalty"]
        ):
            raise Invalid(
                'penalty: a change gives the penalty decided, e.g. {"penalty": "formal_censure"}'
            )
        return decision, penalty, reasons
    return decision, proposed if decision == "accept" else None, reasons
