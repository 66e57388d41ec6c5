"""Use cases: a verifier links a report to another incident, or unlinks it into a new one.

Reports stay immutable and nothing is merged away: each move is a row in
``incident_links`` and a ledger entry saying who moved what, when and why.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from truce.domain.report import ReportDraft
from truce.errors import Conflict, Forbidden, Invalid, NotFound
from truce.services.context import Context
from truce.services.reports import (
    Caller,
    create_incident,
    get_report,
    incident_domain,
)
from truce.services.visibility import refresh_incident_views, report_condition
from truce.store.tables import incident_links, incidents, reports
from truce.verify.linking import match_score

LINKERS = frozenset({"verifier", "secretariat"})


def _reason(data: Any) -> str:
    if not isinstance(data, dict):
        raise Invalid("request body must be a JSON object")
    reason = data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid("reason: say why the report is linked or unlinked")
    return reason.strip()


def _lock_report(conn: Connection, report_id: int, caller: Caller) -> Any:
    """The report row for a move, or NotFound if it is missing or hidden from ``caller``:
    answered before the caller's role or body is judged, so the two read alike."""
    row = conn.execute(
        select(reports).where(and_(reports.c.id == report_id, report_condition(caller)))
    ).first()
    if row is None:
        raise NotFound(f"no report {report_id}")
    return row


def link(ctx: Context, report_id: int, data: Any, caller: Caller) -> dict[str, Any]:
    """A verifier moves a report to another incident, with a reason. The report itself
    is unchanged and both incidents stay; the move is a ledgered link."""
    with ctx.db.write() as conn:
        row = _lock_report(conn, report_id, caller)
        if caller.role not in LINKERS:
            raise Forbidden("only verifiers and the secretariat link reports to incidents")
        reason = _reason(data)
        target = data.get("incident_id")
        if isinstance(target, bool) or not isinstance(target, int):
            raise Invalid("incident_id: give the id of the incident to link the report to")
        inc = conn.execute(select(incidents).where(incidents.c.id == target)).first()
        if inc is None:
            raise NotFound(f"no incident {target}")
        if inc.agreement_id != row.agreement_id:
            raise Invalid(f"incident {target} is under another agreement ({inc.agreement_id})")
        if row.incident_id == target:
            raise Conflict(f"report {report_id} is already linked to incident {target}")
        m = match_score(ReportDraft.from_dict(row.body), incident_domain(inc))
        _record_link(
            ctx, conn, row, target, m.score, list(m.reasons), reason, caller, "report.linked"
        )
    return get_report(ctx, report_id, caller)


def unlink(ctx: Context, report_id: int, data: Any, caller: Caller) -> dict[str, Any]:
    """A verifier separates a report from its incident: it gets an incident of its own."""
    with ctx.db.write() as conn:
        row = _lock_report(conn, report_id, caller)
        if caller.role not in LINKERS:
            raise Forbidden("only verifiers and the secretariat unlink reports from incidents")
        reason = _reason(data)
        others = conn.execute(
            select(reports.c.id).where(
                and_(reports.c.incident_id == row.incident_id, reports.c.id != report_id)
            )
        ).first()
        if others is None:
            raise Conflict(
                f"report {report_id} is the only report of incident {row.incident_id}: nothing to unlink"
            )
        new_id = create_incident(ctx, conn, dict(row.body), caller, ctx.now())
        _record_link(ctx, conn, row, new_id, None, [], reason, caller, "report.unlinked")
    return get_report(ctx, report_id, caller)


def _record_link(
    ctx: Context,
    conn: Connection,
    row: Any,
    target: int,
    score: float | None,
    reasons: list[str],
    reason: str,
    caller: Caller,
    kind: str,
) -> None:
    at = ctx.now()
    seq = ctx.append(
        conn,
        kind,
        caller.principal,
        {
            "report_id": row.id,
            "from_incident": row.incident_id,
            "to_incident": target,
            "reason": reason,
            "match": None if score is None else {"score": score, "reasons": reasons},
        },
    )
    conn.execute(
        insert(incident_links).values(
            report_id=row.id,
            from_incident=row.incident_id,
            to_incident=target,
            score=score,
            reasons=[*reasons, f"{kind.split('.')[1]} by {caller.principal}: {reason}"],
            by=caller.principal,
            at=at,
            ledger_seq=seq,
        )
    )
    conn.execute(
        update(reports)
        .where(reports.c.id == row.id)
        .values(incident_id=target, match_score=score, match_reasons=reasons or None)
    )
    refresh_incident_views(conn, (row.incident_id, target))  # both ends of the move
