"""Use cases for cases: read them, move them through their states, take the accused
party's answer, record a verdict (and at once its penalty proposal) and take appeals.

Every change runs in one writer transaction with its ledger entry, reads the case's
state inside that transaction and updates it with a compare-and-set on
``row_version``, so two concurrent moves on one case can never both win.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from truce.domain.agreement import Agreement
from truce.domain.case import (
    OPEN_TO_REPORTS,
    OUTCOMES,
    CaseState,
    check_transition,
    parse_state,
)
from truce.errors import Conflict, Forbidden, Invalid, NotFound
from truce.ledger.jcs import canonicalize
from truce.services import agreements as agreement_service
from truce.services import penalties as penalty_service
from truce.services.context import Context
from truce.services.evidence import canonical_hashes
from truce.services.reports import incident_moment, open_case_of
from truce.services.visibility import (
    Viewer,
    can_see_case,
    case_condition,
    is_staff,
    refresh_incident_views,
    statement_visible,
    visible_ids,
)
from truce.store.tables import (
    case_complainants,
    case_events,
    cases,
    evidence,
    incidents,
    penalties,
    reports,
)

#: Roles that run cases (move states); verdicts are the verifiers' alone.
RUNNERS = frozenset({"verifier", "secretariat"})
MAX_TEXT = 20_000


def iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------- reads


def list_cases(
    ctx: Context, viewer: Viewer | None, *, state: str | None = None, party: str | None = None
) -> list[dict[str, Any]]:
    q = select(cases).where(case_condition(viewer)).order_by(cases.c.id)
    if state:
        q = q.where(cases.c.state == parse_state(state).value)
    if party:
        q = q.where(cases.c.accused_party == party.upper())
    with ctx.db.read() as conn:
        return [case_view(conn, row, viewer) for row in conn.execute(q).all()]


def get_case(ctx: Context, case_id: int, viewer: Viewer | None) -> dict[str, Any]:
    with ctx.db.read() as conn:
        return _visible_case(conn, case_id, viewer)


def check_visible(ctx: Context, case_id: int, viewer: Viewer | None) -> None:
    """NotFound unless case ``case_id`` exists and ``viewer`` may see it (one probe)."""
    with ctx.db.read() as conn:
        if not can_see_case(conn, viewer, case_id):
            raise NotFound(f"no case {case_id}")


def _visible_case(conn: Connection, case_id: int, viewer: Viewer | None) -> dict[str, Any]:
    row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None or not can_see_case(conn, viewer, case_id):
        raise NotFound(f"no case {case_id}")
    return case_view(conn, row, viewer)


def case_view(conn: Connection, row: Any, viewer: Viewer | None) -> dict[str, Any]:
    """The case shape of spec/api.md, with the statements this viewer may see."""
    complainants = sorted(
        conn.execute(
            select(case_complainants.c.party).where(case_complainants.c.case_id == row.id)
        ).scalars()
    )
    events = conn.execute(
        select(case_events).where(case_events.c.case_id == row.id).order_by(case_events.c.id)
    ).all()
    transitions, responses, appeals = [], [], []
    verdict: dict[str, Any] | None = None
    for e in events:
        if e.to_state is not None:
            transitions.append(
                {
                    "from": e.from_state,
                    "to": e.to_state,
                    "by": e.by,
                    "at": iso(e.at),
                    "reason": (e.body or {}).get("reason") or (e.body or {}).get("reasons") or "",
                    "kind": e.kind,
                    "ledger_index": e.ledger_seq,
                }
            )
        statement = {
            "id": e.id,
            "party": e.party,
            "by": e.by,
            "at": iso(e.at),
            "ledger_index": e.ledger_seq,
        }
        if e.kind == "response" and statement_visible(viewer, bool(row.published), e.party):
            responses.append(
                {**statement, "text": e.body["text"], "evidence": e.body.get("evidence", [])}
            )
        elif e.kind == "appeal" and statement_visible(viewer, bool(row.published), e.party):
            appeals.append({**statement, "reasons": e.body["reasons"]})
        elif e.kind == "verdict":
            verdict = {**e.body, "by": e.by, "at": iso(e.at), "ledger_index": e.ledger_seq}
    penalty_ids = list(
        conn.execute(
            select(penalties.c.id).where(penalties.c.case_id == row.id).order_by(penalties.c.id)
        ).scalars()
    )
    report_q = select(reports.c.id).where(reports.c.incident_id == row.incident_id)
    closed_at = _closed_at(events)
    if closed_at is not None:
        # What the case knew when it stopped taking reports: later reports on the
        # incident belong to the case they opened.
        report_q = report_q.where(reports.c.ledger_seq < closed_at)
    report_ids = conn.execute(report_q).scalars()
    return {
        "id": row.id,
        "incident_id": row.incident_id,
        "agreement_id": row.agreement_id,
        "agreement_version": row.agreement_version,
        "accused_party": row.accused_party,
        "complainants": complainants,
        "state": row.state,
        "published": bool(row.published),
        "opened_at": iso(row.opened_at),
        "deadlines": {"response_by": iso(row.response_by), "appeal_by": iso(row.appeal_by)},
        "transitions": transitions,
        "responses": responses,
        "verdict": verdict,
        "appeals": appeals,
        "penalty_ids": penalty_ids,
        "reports": sorted(visible_ids(conn, viewer, report_ids)),
        "ledger_index": row.ledger_seq,
    }


def _closed_at(events: Sequence[Any]) -> int | None:
    """The ledger index at which the case last stopped taking reports (its verdict or
    retraction), or None while it takes them (OPEN_TO_REPORTS)."""
    closed_at: int | None = None
    for e in events:
        if e.to_state is None:
            continue
        if e.to_state in OPEN_TO_REPORTS:
            closed_at = None
        elif e.from_state in OPEN_TO_REPORTS:
            closed_at = int(e.ledger_seq)
    return closed_at


# --------------------------------------------------------------------------- writes


def _require_text(data: Any, key: str, *, required: bool = True) -> str:
    if not isinstance(data, dict):
        raise Invalid("request body must be a JSON object")
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{key}: give a non-empty text")
    if len(value) > MAX_TEXT:
        raise Invalid(f"{key}: at most {MAX_TEXT} characters")
    return value.strip()


def _lock_case(conn: Connection, case_id: int, viewer: Viewer) -> Any:
    """The case row for a write, or NotFound if it is missing or hidden from ``viewer``."""
    row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None or not can_see_case(conn, viewer, case_id):
        raise NotFound(f"no case {case_id}")
    return row


def _move(
    ctx: Context,
    conn: Connection,
    row: Any,
    *,
    kind: str,
    to: CaseState | None,
    by: str,
    party: str | None,
    body: dict[str, Any],
    ledger_body: dict[str, Any],
    at: datetime,
    extra: dict[str, Any] | None = None,
) -> int:
    """Record one case event (and its ledger entry); move the state with compare-and-set."""
    seq = ctx.append(conn, f"case.{kind}", by, {"case_id": row.id, **ledger_body})
    if to is not None or extra:
        values: dict[str, Any] = {"row_version": row.row_version + 1, **(extra or {})}
        if to is not None:
            values["state"] = to.value
        done = conn.execute(
            update(cases)
            .where(and_(cases.c.id == row.id, cases.c.row_version == row.row_version))
            .values(**values)
        )
        if done.rowcount != 1:
            raise Conflict(
                f"case {row.id} was changed by someone else at the same moment; reload it and retry"
            )
    conn.execute(
        insert(case_events).values(
            case_id=row.id,
            kind=kind,
            from_state=row.state if to is not None else None,
            to_state=to.value if to is not None else None,
            party=party,
            body=body,
            by=by,
            at=at,
            ledger_seq=seq,
        )
    )
    return seq


def transition(ctx: Context, case_id: int, data: Any, user: Viewer) -> dict[str, Any]:
    """Move a case (verifier or secretariat) to another state with a reason.

    Like every write on a case, it answers for the case before judging the caller's role
    or the body: a missing or hidden case is 404 whatever was sent.
    """
    with ctx.db.write() as conn:
        row = _lock_case(conn, case_id, user)
        if user.role not in RUNNERS:
            raise Forbidden("only verifiers and the secretariat move cases between states")
        if not isinstance(data, dict) or not isinstance(data.get("to"), str):
            raise Invalid("to: name the state to move the case to")
        target = parse_state(data["to"])
        reason = _require_text(data, "reason")
        check_transition(row.state, target)
        if target in OUTCOMES:
            raise Conflict(
                f"a case reaches {target.value} only through a verdict: POST /api/cases/{case_id}/verdict"
            )
        if target is CaseState.APPEALED:
            raise Conflict(
                f"an appeal is filed by the party found responsible: POST /api/cases/{case_id}/appeals"
            )
        if target in OPEN_TO_REPORTS and row.state not in OPEN_TO_REPORTS:
            _check_no_other_open_case(conn, row)
        body = {"reason": reason}
        _move(
            ctx,
            conn,
            row,
            kind="transition",
            to=target,
            by=user.principal,
            party=None,
            body=body,
            ledger_body={"from": row.state, "to": target.value, "reason": reason},
            at=ctx.now(),
        )
        return _visible_case(conn, case_id, user)


def _check_no_other_open_case(conn: Connection, row: Any) -> None:
    """A decided case going back to verification must not make a second open case."""
    other = open_case_of(conn, row.incident_id, row.accused_party)
    if other is not None and other.id != row.id:
        raise Conflict(
            f"case {other.id} is already open on incident {row.incident_id} against "
            f"{row.accused_party}, and an incident has one open case per accused party: "
            f"continue in case {other.id}, or close it first"
        )


def _evidence_list(conn: Connection, data: dict[str, Any]) -> list[str]:
    hashes = canonical_hashes(data.get("evidence"))
    found = set(
        conn.execute(select(evidence.c.sha256).where(evidence.c.sha256.in_(hashes))).scalars()
    )
    missing = [h for h in hashes if h not in found]
    if missing:
        raise Invalid("evidence: no uploaded file has sha256 " + ", ".join(missing))
    return hashes


def respond(ctx: Context, case_id: int, data: Any, user: Viewer) -> dict[str, Any]:
    """The accused party's answer; part of the case, due by ``response_by``."""
    with ctx.db.write() as conn:
        row = _lock_case(conn, case_id, user)
        if user.role != "party" or user.party != row.accused_party:
            raise Forbidden(f"only the accused party ({row.accused_party}) answers this case")
        text = _require_text(data, "text")
        if row.state not in {CaseState.REPORTED, CaseState.UNDER_VERIFICATION, CaseState.DISPUTED}:
            raise Conflict(f"the case is {row.state}: answers are taken before the verdict")
        at = ctx.now()
        if row.response_by is not None and at > row.response_by:
            raise Conflict(
                f"deadline passed: answers to case {case_id} were due by {iso(row.response_by)}"
            )
        hashes = _evidence_list(conn, data)
        body = {"text": text, "evidence": hashes}
        digest = hashlib.sha256(canonicalize(body)).hexdigest()
        for e in conn.execute(
            select(case_events.c.body).where(
                and_(case_events.c.case_id == case_id, case_events.c.kind == "response")
            )
        ).scalars():
            if hashlib.sha256(canonicalize(e)).hexdigest() == digest:
                raise Conflict("duplicate answer: the same text and evidence were already filed")
        # The ledger holds a commitment: the answer stays private to the accused side and
        # the mechanism until the case is published, yet can be checked against the log.
        _move(
            ctx,
            conn,
            row,
            kind="response",
            to=None,
            by=user.principal,
            party=user.party,
            body=body,
            ledger_body={"party": user.party, "sha256": digest, "evidence": hashes},
            at=at,
        )
        return _visible_case(conn, case_id, user)


def _fatalities(data: dict[str, Any], incident: Any) -> dict[str, int]:
    raw = data.get("fatalities")
    if raw is None:
        best = incident.fatalities_best or 0
        return {
            "best": best,
            "low": incident.fatalities_low or best,
            "high": incident.fatalities_high or best,
        }
    if not isinstance(raw, dict):
        raise Invalid("fatalities: give {best, low, high}")
    out: dict[str, int] = {}
    for key in ("best", "low", "high"):
        value = raw.get(key, raw.get("best"))
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise Invalid(f"fatalities.{key}: a whole number from 0 to 1000000")
        out[key] = value
    if not out["low"] <= out["best"] <= out["high"]:
        raise Invalid("fatalities: low ≤ best ≤ high must hold")
    return out


def check_verdict(
    data: Any, agreement: Agreement, event_type: str, outcome: CaseState
) -> tuple[list[str], str | None, dict[str, str]]:
    """Provisions, responsible party and the responsibility each provision rests on."""
    raw = data.get("provisions") or []
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise Invalid('provisions: give a list of provision ids such as ["P1"]')
    party = data.get("responsible_party")
    if outcome is not CaseState.VERIFIED:
        if party is not None and agreement.party(str(party)) is None:
            raise Invalid(
                f"responsible_party: {party!r} is not a party to {agreement.id} v{agreement.version}"
            )
        return list(raw), party, {}
    if not raw:
        raise Invalid("provisions: a verified violation names at least one provision")
    if not isinstance(party, str) or agreement.party(party) is None:
        codes = ", ".join(agreement.party_codes)
        raise Invalid(f"responsible_party: name one of the parties ({codes})")
    basis: dict[str, str] = {}
    origin = data.get("origin_country")
    for pid in raw:
        provision = agreement.provision(pid)
        if provision is None:
            known = ", ".join(p.id for p in agreement.provisions)
            raise Invalid(
                f"provisions: {pid!r} is not a provision of {agreement.id} v{agreement.version} (known: {known})"
            )
        if party not in provision.applies_to:
            raise Invalid(f"provisions: {pid} does not bind {party}")
        if event_type not in provision.prohibits:
            raise Invalid(f"provisions: {pid} does not prohibit {event_type}")
        if provision.responsibility == "territory_of_origin" and origin is not None:
            home = agreement.party(party)
            if home is None or str(origin).upper() != home.country_code:
                raise Invalid(
                    f"origin_country: {pid} makes a party answer for attacks launched from its own soil; "
                    f"{origin} is not {party}'s territory"
                )
        basis[pid] = provision.responsibility
    return list(raw), party, basis


def record_verdict(ctx: Context, case_id: int, data: Any, user: Viewer) -> dict[str, Any]:
    """A verifier's verdict; a verified one creates its penalty proposal in the same transaction."""
    with ctx.db.write() as conn:
        row = _lock_case(conn, case_id, user)
        if user.role != "verifier":
            raise Forbidden("only verifiers record verdicts")
        if not isinstance(data, dict):
            raise Invalid("request body must be a JSON object")
        outcome_name = data.get("outcome")
        if outcome_name not in {s.value for s in OUTCOMES}:
            raise Invalid("outcome: one of verified, unverifiable, not_a_violation")
        outcome = CaseState(outcome_name)
        reasons = _require_text(data, "reasons")
        check_transition(row.state, outcome)
        incident = conn.execute(select(incidents).where(incidents.c.id == row.incident_id)).one()
        moment = incident_moment(incident.date)
        agreement = agreement_service.history(conn, row.agreement_id).in_force(moment)
        if agreement is None:
            raise Invalid(f"no version of {row.agreement_id} was in force on {incident.date}")
        provisions, party, basis = check_verdict(data, agreement, incident.event_type, outcome)
        fatalities = _fatalities(data, incident)
        at = ctx.now()
        appeal_by = at.replace(microsecond=0) + _days(agreement.verification.appeal_days)
        verdict = {
            "outcome": outcome.value,
            "provisions": provisions,
            "responsible_party": party,
            "responsibility": basis,
            "origin_country": data.get("origin_country"),
            "fatalities": fatalities,
            "reasons": reasons,
            "agreement_id": agreement.id,
            "agreement_version": agreement.version,
            "incident_id": incident.id,
            "incident_date": incident.date.isoformat(),
            "event_type": incident.event_type,
            "appeal_by": iso(appeal_by) if outcome is CaseState.VERIFIED else None,
        }
        seq = _move(
            ctx,
            conn,
            row,
            kind="verdict",
            to=outcome,
            by=user.principal,
            party=party,
            body=verdict,
            ledger_body={"from": row.state, "to": outcome.value, **verdict},
            at=at,
            extra={
                "published": True,
                "appeal_by": appeal_by if outcome is CaseState.VERIFIED else None,
            },
        )
        refresh_incident_views(conn, [row.incident_id])  # a published case is public
        if outcome is CaseState.VERIFIED and party is not None:
            penalty_service.propose_for_verdict(
                ctx,
                conn,
                case_id=case_id,
                verdict=verdict,
                verdict_seq=seq,
                agreement=agreement,
                at=at,
            )
        return _visible_case(conn, case_id, user)


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)


def appeal(ctx: Context, case_id: int, data: Any, user: Viewer) -> dict[str, Any]:
    """The party found responsible appeals a verified verdict, once, by ``appeal_by``."""
    with ctx.db.write() as conn:
        row = _lock_case(conn, case_id, user)
        last = conn.execute(
            select(case_events.c.body)
            .where(and_(case_events.c.case_id == case_id, case_events.c.kind == "verdict"))
            .order_by(case_events.c.id.desc())
            .limit(1)
        ).scalar()
        responsible = (last or {}).get("responsible_party")
        if user.role != "party" or responsible is None or user.party != responsible:
            raise Forbidden("only the party found responsible appeals a verdict")
        reasons = _require_text(data, "reasons")
        already = conn.execute(
            select(case_events.c.id).where(
                and_(case_events.c.case_id == case_id, case_events.c.kind == "appeal")
            )
        ).first()
        if already is not None:
            raise Conflict(f"case {case_id} was already appealed; a verdict is appealed once")
        check_transition(row.state, CaseState.APPEALED)
        at = ctx.now()
        if row.appeal_by is not None and at > row.appeal_by:
            raise Conflict(
                f"deadline passed: appeals against case {case_id} were due by {iso(row.appeal_by)}"
            )
        _move(
            ctx,
            conn,
            row,
            kind="appeal",
            to=CaseState.APPEALED,
            by=user.principal,
            party=user.party,
            body={"reasons": reasons},
            ledger_body={
                "from": row.state,
                "to": CaseState.APPEALED.value,
                "party": user.party,
                "reasons": reasons,
            },
            at=at,
        )
        return _visible_case(conn, case_id, user)


__all__ = [
    "appeal",
    "check_visible",
    "get_case",
    "is_staff",
    "list_cases",
    "record_verdict",
    "respond",
    "transition",
]
