"""Use case: file a report. Validates, links it to an incident, opens a case or joins the
open one (a case decided or retracted is never joined: the report opens a new case), and
records everything in one transaction with its ledger entries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from truce.domain.agreement import Agreement
from truce.domain.case import OPEN_TO_REPORTS
from truce.domain.incident import Incident
from truce.domain.report import Actor, Fatalities, Location, ReportDraft, check_against
from truce.errors import Conflict, Forbidden, Invalid, NotFound
from truce.ledger.jcs import canonicalize
from truce.services import agreements as agreement_service
from truce.services.context import Context
from truce.services.dashboard import border_km_or_none
from truce.services.evidence import with_canonical_evidence
from truce.services.visibility import (
    Viewer,
    refresh_incident_views,
    report_condition,
)
from truce.store.tables import (
    case_complainants,
    cases,
    evidence,
    incident_links,
    incidents,
    report_evidence,
    reports,
)
from truce.verify.linking import match_score

MATCH_THRESHOLD = 0.6
# Candidate incidents are looked for this many days either side of a report's window.
_SEARCH_DAYS = 7


@dataclass(frozen=True)
class Caller:
    """Who is filing: the principal string for the ledger and, for party officers, their party."""

    principal: str
    role: str = "secretariat"
    party: str | None = None


# The operator runs `truce` on the server itself (CLI, demo): it already holds the
# database, so it may file any kind of report. No token can carry this role.
SYSTEM = Caller("system", "operator", None)


@dataclass(frozen=True)
class Filed:
    id: int
    incident_id: int
    case_id: int | None
    ledger_index: int
    new_incident: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "incident_id": self.incident_id,
            "case_id": self.case_id,
            "ledger_index": self.ledger_index,
        }


def incident_moment(d: date) -> datetime:
    """The instant used to pick the agreement version in force for an incident's date.

    Noon UTC lies inside the calendar day everywhere between UTC-12 and UTC+12, so an
    amendment effective at local midnight of day D governs incidents dated D.
    """
    return datetime.combine(d, time(12, 0), tzinfo=UTC)


def file_report(
    ctx: Context,
    data: Any,
    caller: Caller = SYSTEM,
    *,
    filed_at: datetime | None = None,
    dedup_key: str | None = None,
) -> Filed:
    """File one report (the POST /api/reports shape). Nothing is stored unless all of it is."""
    with ctx.db.write() as conn:
        return file_report_in(conn, ctx, data, caller, filed_at=filed_at, dedup_key=dedup_key)


def file_report_in(
    conn: Connection,
    ctx: Context,
    data: Any,
    caller: Caller = SYSTEM,
    *,
    filed_at: datetime | None = None,
    dedup_key: str | None = None,
) -> Filed:
    """File one report inside the caller's write transaction (e.g. all of one article's events).

    Every check runs before the first write; the caller's transaction makes it all-or-nothing.
    """
    draft = ReportDraft.from_dict(with_canonical_evidence(data))
    body = draft.to_dict()
    _authorise(body, caller)
    canonical = canonicalize(body)
    body_sha = hashlib.sha256(canonical).hexdigest()
    key = dedup_key or hashlib.sha256(caller.principal.encode() + b"\n" + canonical).hexdigest()
    at = filed_at or ctx.now()
    if conn.execute(select(reports.c.id).where(reports.c.dedup_key == key)).first():
        raise Conflict("duplicate report: the same report was already filed")
    try:
        history = agreement_service.history(conn, draft.agreement_id)
    except NotFound:
        raise Invalid(f"agreement_id: no agreement {draft.agreement_id!r} is loaded") from None
    problems = check_against(draft, history)
    if problems:
        raise Invalid("report is invalid", problems=problems)
    # An accusation is judged under the version in force on the incident's date;
    # an observation that accuses nobody may record context from before or after.
    agreement = history.in_force(incident_moment(draft.date))
    if agreement is None and draft.accused_party is not None:
        raise Invalid(f"date: no version of {draft.agreement_id} was in force on {draft.date}")
    _check_evidence_exists(conn, body.get("evidence") or [])
    corrects = _corrects_id(body.get("corrects"))
    if corrects is not None:
        _check_corrects(conn, corrects, caller)

    incident_id, score, reasons = _find_incident(conn, draft, body)
    new_incident = incident_id is None
    if incident_id is None:
        incident_id = create_incident(ctx, conn, body, caller, at)
    else:
        _refine_incident(conn, incident_id, body)
    report_id = _next_id(conn, reports.c.id)
    entry: dict[str, Any] = {
        "report_id": report_id,
        "sha256": body_sha,
        "source_kind": body["source"]["kind"],
        "incident_id": incident_id,
        "match": None if new_incident else {"score": score, "reasons": reasons},
    }
    if body["source"]["kind"] == "news":
        # News is public already; a party's or monitor's filing is private until its
        # case is published, so the public log holds only its SHA-256 commitment.
        entry["report"] = body
    seq = ctx.append(conn, "report.filed", caller.principal, entry)
    conn.execute(
        insert(reports).values(
            id=report_id,
            agreement_id=draft.agreement_id,
            source_kind=body["source"]["kind"],
            source_party=body["source"].get("party"),
            source_outlet=body["source"].get("outlet"),
            source_url=body["source"].get("url"),
            accused_party=body.get("accused_party"),
            event_type=body["event_type"],
            date=draft.date,
            date_end=draft.date_end,
            date_precision=body["date_precision"],
            location_name=(body.get("location") or {}).get("name"),
            lat=(body.get("location") or {}).get("lat"),
            lon=(body.get("location") or {}).get("lon"),
            country_code=(body.get("location") or {}).get("country_code"),
            location_precision=(body.get("location") or {}).get("precision"),
            fatalities_best=(body.get("fatalities") or {}).get("best"),
            summary=body.get("summary") or "",
            body=body,
            body_sha256=body_sha,
            corrects=corrects,
            incident_id=incident_id,
            match_score=None if new_incident else score,
            match_reasons=None if new_incident else reasons,
            dedup_key=key,
            filed_by=caller.principal,
            filed_at=at,
            ledger_seq=seq,
        )
    )
    for sha in body.get("evidence") or []:
        conn.execute(insert(report_evidence).values(report_id=report_id, sha256=sha))
    if not new_incident:
        conn.execute(
            insert(incident_links).values(
                report_id=report_id,
                from_incident=None,
                to_incident=incident_id,
                score=score,
                reasons=reasons,
                by=caller.principal,
                at=at,
                ledger_seq=seq,
            )
        )
    case_id = None
    if body.get("accused_party") and agreement is not None:
        case_id = _open_or_join_case(ctx, conn, agreement, incident_id, body, caller, at)
    refresh_incident_views(conn, [incident_id])
    return Filed(report_id, incident_id, case_id, seq, new_incident)


def _authorise(body: dict[str, Any], caller: Caller) -> None:
    kind = body["source"]["kind"]
    if caller.role == "party":
        if kind != "party" or body["source"].get("party") != caller.party:
            raise Forbidden(
                f"a liaison officer of {caller.party} may file only as source party {caller.party}"
            )
    elif caller.role == "monitor":
        if kind != "monitor":
            raise Forbidden("a monitor files observations with source kind 'monitor'")
    elif caller.role == "secretariat":
        if kind != "news":
            raise Forbidden("the secretariat files news reports (source kind 'news')")
    elif caller.role != "operator":
        raise Forbidden(f"the {caller.role} role may not file reports")


def _next_id(conn: Connection, column: Any) -> int:
    # Ids are taken under the writer lock, so they are known before the ledger entry is
    # written and the entry can name the row it records.
    current = conn.execute(select(column).order_by(column.desc()).limit(1)).scalar()
    return int(current or 0) + 1


def _check_evidence_exists(conn: Connection, hashes: list[str]) -> None:
    if not hashes:
        return
    found = set(
        conn.execute(select(evidence.c.sha256).where(evidence.c.sha256.in_(hashes))).scalars()
    )
    missing = [h for h in hashes if h not in found]
    if missing:
        raise Invalid("evidence: no uploaded file has sha256 " + ", ".join(missing))


def _corrects_id(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(f"corrects: {value!r} is not a report id") from None


def _check_corrects(conn: Connection, original: int, caller: Caller) -> None:
    row = conn.execute(select(reports.c.filed_by).where(reports.c.id == original)).first()
    if row is None:
        raise Invalid(f"corrects: there is no report {original}")
    if caller.role == "party" and row.filed_by != caller.principal:
        raise Forbidden("a correction must come from whoever filed the original report")


def incident_domain(row: Any) -> Incident:
    """The domain view of an incident row (what linking and the rule engines read)."""
    return Incident(
        id=str(row.id),
        event_type=row.event_type,
        date=row.date,
        date_end=row.date_end,
        date_precision=row.date_precision,
        location=None
        if row.lat is None
        else Location(
            name=row.location_name,
            lat=row.lat,
            lon=row.lon,
            country_code=row.country_code,
            precision=row.location_precision or 1,
            admin1=row.admin1,
        ),
        actors=tuple(
            Actor(
                a.get("name", ""),
                a.get("country_code"),
                a.get("kind", "other"),
                a.get("role", "participant"),
            )
            for a in (row.actors or [])
        ),
        fatalities=None
        if row.fatalities_best is None
        else Fatalities(row.fatalities_best, row.fatalities_low or 0, row.fatalities_high or 0),
        report_ids=(),
    )


def _find_incident(
    conn: Connection, draft: ReportDraft, body: dict[str, Any]
) -> tuple[int | None, float, list[str]]:
    start = date.fromisoformat(body["date"]) - timedelta(days=_SEARCH_DAYS)
    end = date.fromisoformat(body["date_end"]) + timedelta(days=_SEARCH_DAYS)
    rows = conn.execute(
        select(incidents).where(
            and_(
                incidents.c.agreement_id == body["agreement_id"],
                incidents.c.date <= end,
                incidents.c.date_end >= start,
            )
        )
    ).all()
    best: tuple[int | None, float, list[str]] = (None, 0.0, [])
    for row in rows:
        m = match_score(draft, incident_domain(row))
        if m.score > best[1]:
            best = (row.id, m.score, list(m.reasons))
    if best[0] is not None and best[1] >= MATCH_THRESHOLD:
        return best
    return None, 0.0, []


def create_incident(
    ctx: Context, conn: Connection, body: dict[str, Any], caller: Caller, at: datetime
) -> int:
    loc = body.get("location") or {}
    fat = body.get("fatalities") or {}
    incident_id = _next_id(conn, incidents.c.id)
    view = {
        "incident_id": incident_id,
        "agreement_id": body["agreement_id"],
        "event_type": body["event_type"],
        "date": body["date"],
        "date_end": body["date_end"],
        "date_precision": body["date_precision"],
        "location": body.get("location"),
        "actors": body.get("actors") or [],
        "fatalities": body.get("fatalities"),
    }
    if body["source"]["kind"] != "news":
        view = {
            "incident_id": incident_id,
            "agreement_id": body["agreement_id"],
            "sha256": hashlib.sha256(canonicalize(view)).hexdigest(),
        }
    seq = ctx.append(conn, "incident.created", caller.principal, view)
    conn.execute(
        insert(incidents).values(
            id=incident_id,
            agreement_id=body["agreement_id"],
            event_type=body["event_type"],
            date=date.fromisoformat(body["date"]),
            date_end=date.fromisoformat(body["date_end"]),
            date_precision=body["date_precision"],
            location_name=loc.get("name"),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            country_code=loc.get("country_code"),
            admin1=loc.get("admin1"),
            location_precision=loc.get("precision"),
            actors=body.get("actors") or [],
            fatalities_best=fat.get("best"),
            fatalities_low=fat.get("low"),
            fatalities_high=fat.get("high"),
            border_km=border_km_or_none(loc.get("lat"), loc.get("lon")),
            created_at=at,
            ledger_seq=seq,
        )
    )
    return incident_id


def _refine_incident(conn: Connection, incident_id: int, body: dict[str, Any]) -> None:
    """Widen the fatality range and sharpen the place as more reports arrive.

    The incident keeps the most precise place any report gives (lower UCDP code is
    more precise) and the conservative fatality count: best is the lowest best figure
    reported, low/high span every claim.
    """
    row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).one()
    values: dict[str, Any] = {}
    loc = body.get("location") or {}
    if loc.get("lat") is not None and (
        row.location_precision is None or (loc.get("precision") or 9) < row.location_precision
    ):
        values.update(
            location_name=loc.get("name"),
            lat=loc["lat"],
            lon=loc["lon"],
            country_code=loc.get("country_code"),
            location_precision=loc.get("precision"),
            border_km=border_km_or_none(loc["lat"], loc.get("lon")),
        )
    fat = body.get("fatalities") or {}
    if fat.get("best") is not None:
        best = fat["best"] if row.fatalities_best is None else min(row.fatalities_best, fat["best"])
        low_candidates = [
            v for v in (row.fatalities_low, fat.get("low"), fat["best"]) if v is not None
        ]
        high_candidates = [
            v for v in (row.fatalities_high, fat.get("high"), fat["best"]) if v is not None
        ]
        values.update(
            fatalities_best=best,
            fatalities_low=min(low_candidates),
            fatalities_high=max(high_candidates),
        )
    if values:
        conn.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))


def open_case_of(conn: Connection, incident_id: int, accused: str) -> Any:
    """The case of ``incident_id`` against ``accused`` that still takes reports, or None.

    An incident may have had several cases against one party (a report after a verdict
    or a retraction opens a new one) but at most one open to reports: the writer lock
    makes this read and the insert that follows it one step, and the store's
    ``uq_cases_open_incident_accused`` index refuses a second.
    """
    return conn.execute(
        select(cases.c.id, cases.c.state).where(
            and_(
                cases.c.incident_id == incident_id,
                cases.c.accused_party == accused,
                cases.c.state.in_(sorted(s.value for s in OPEN_TO_REPORTS)),
            )
        )
    ).first()


def _open_or_join_case(
    ctx: Context,
    conn: Connection,
    agreement: Agreement,
    incident_id: int,
    body: dict[str, Any],
    caller: Caller,
    at: datetime,
) -> int:
    accused = body["accused_party"]
    complainant = body["source"].get("party")
    row = open_case_of(conn, incident_id, accused)
    if row is not None:
        if (
            complainant
            and not conn.execute(
                select(case_complainants).where(
                    and_(
                        case_complainants.c.case_id == row.id,
                        case_complainants.c.party == complainant,
                    )
                )
            ).first()
        ):
            conn.execute(insert(case_complainants).values(case_id=row.id, party=complainant))
            ctx.append(
                conn,
                "case.complainant_added",
                caller.principal,
                {"case_id": row.id, "party": complainant},
            )
        return int(row.id)
    case_id = _next_id(conn, cases.c.id)
    response_by = at + timedelta(days=agreement.verification.response_days)
    seq = ctx.append(
        conn,
        "case.opened",
        caller.principal,
        {
            "case_id": case_id,
            "incident_id": incident_id,
            "agreement_id": agreement.id,
            "agreement_version": agreement.version,
            "accused_party": accused,
            "complainants": [complainant] if complainant else [],
            "state": "reported",
            "response_by": response_by.isoformat().replace("+00:00", "Z"),
        },
    )
    conn.execute(
        insert(cases).values(
            id=case_id,
            incident_id=incident_id,
            agreement_id=agreement.id,
            agreement_version=agreement.version,
            accused_party=accused,
            state="reported",
            opened_at=at,
            response_by=response_by,
            appeal_by=None,
            published=False,
            row_version=0,
            ledger_seq=seq,
        )
    )
    if complainant:
        conn.execute(insert(case_complainants).values(case_id=case_id, party=complainant))
    return case_id


def get_report(ctx: Context, report_id: int, viewer: Viewer | None = None) -> dict[str, Any]:
    """One report, if ``viewer`` may see it (None: the public); hidden reads as missing."""
    with ctx.db.read() as conn:
        row = conn.execute(
            select(reports).where(and_(reports.c.id == report_id, report_condition(viewer)))
        ).first()
    if row is None:
        raise NotFound(f"no report {report_id}")
    return report_public(row)


def report_public(row: Any) -> dict[str, Any]:
    out = dict(row.body)
    out.update(
        id=row.id,
        incident_id=row.incident_id,
        filed_by=row.filed_by,
        filed_at=row.filed_at.isoformat().replace("+00:00", "Z"),
        sha256=row.body_sha256,
        ledger_index=row.ledger_seq,
        match=None
        if row.match_score is None
        else {"score": row.match_score, "reasons": row.match_reasons},
    )
    return out
