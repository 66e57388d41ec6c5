"""Who may see what: the one place that decides it.

Every read of reports, incidents, cases, evidence and penalties asks here, so a
party's liaison can never see the other party's unpublished filings by finding a
route that forgot to check. A hidden record reads exactly like a missing one (the
caller gets the same "no report N"), so its existence is not revealed either.

The rules (issue 3):
- secretariat, verifiers and the board see everything (they run the mechanism);
- a party liaison sees its party's own filings, news reports, the cases that
  concern its party (accused or complainant) and whatever is published;
- a monitor sees its own observations, news reports and what is published;
- the public and anonymous callers see news reports and what is published.
A case is published when it reaches a verdict; publishing a case publishes the
reports on its incident, the statements in it and the evidence they cite.

So an incident is public once it has a news report or a published case. That fact
is kept on the row (``incidents.public``, set in the same write transaction as the
report, verdict or link that changes it, see :func:`refresh_public`) because
deriving it per request means scanning reports and cases: over 100,000 incidents
the map and list would miss their 300 ms budget (bench/dashboard_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    exists,
    false,
    or_,
    select,
    true,
    update,
)

from truce.store.tables import (
    case_complainants,
    case_events,
    cases,
    evidence,
    incidents,
    report_evidence,
    reports,
)

STAFF = frozenset({"secretariat", "verifier", "board"})


class Viewer(Protocol):
    """Anyone asking to see something: a User or a reports.Caller both fit."""

    @property
    def principal(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def party(self) -> str | None: ...


def is_staff(viewer: Viewer | None) -> bool:
    return viewer is not None and viewer.role in STAFF


def _party_of(viewer: Viewer | None) -> str | None:
    return viewer.party if viewer is not None and viewer.role == "party" else None


def published_incidents() -> Any:
    """Incident ids that carry a published case (a subquery)."""
    return select(cases.c.incident_id).where(cases.c.published.is_(True))


def report_condition(viewer: Viewer | None) -> ColumnElement[bool]:
    """SQL condition on ``reports`` rows the viewer may see."""
    if is_staff(viewer):
        return true()
    conds: list[ColumnElement[bool]] = [
        reports.c.source_kind == "news",
        reports.c.incident_id.in_(published_incidents()),
    ]
    if viewer is not None:
        conds.append(reports.c.filed_by == viewer.principal)
    party = _party_of(viewer)
    if party:
        conds.append(reports.c.source_party == party)
    return or_(*conds)


def case_condition(viewer: Viewer | None) -> ColumnElement[bool]:
    """SQL condition on ``cases`` rows the viewer may see."""
    if is_staff(viewer):
        return true()
    conds: list[ColumnElement[bool]] = [cases.c.published.is_(True)]
    party = _party_of(viewer)
    if party:
        conds.append(cases.c.accused_party == party)
        conds.append(
            cases.c.id.in_(
                select(case_complainants.c.case_id).where(case_complainants.c.party == party)
            )
        )
    return or_(*conds)


def public_incident_condition() -> ColumnElement[bool]:
    """The definition ``incidents.public`` caches: a news report or a published case."""
    return or_(
        exists().where(reports.c.incident_id == incidents.c.id, reports.c.source_kind == "news"),
        exists().where(cases.c.incident_id == incidents.c.id, cases.c.published.is_(True)),
    )


def refresh_public(conn: Connection, incident_ids: Iterable[int] | None = None) -> None:
    """Recompute ``incidents.public`` from reports and cases (all incidents when ``None``).

    Call it in the write transaction that files, moves or publishes what an incident's
    visibility depends on, so the flag is never seen stale.
    """
    stmt = update(incidents).values(public=public_incident_condition())
    if incident_ids is not None:
        ids = sorted(set(incident_ids))
        if not ids:
            return
        stmt = stmt.where(incidents.c.id.in_(ids))
    conn.execute(stmt)


def mark_public(conn: Connection, incident_id: int) -> None:
    """A news report or a published case makes an incident public; nothing undoes that
    except a report moving away (see :func:`refresh_public`)."""
    conn.execute(
        update(incidents)
        .where(incidents.c.id == incident_id, incidents.c.public == false())
        .values(public=True)
    )


def incident_condition(viewer: Viewer | None) -> ColumnElement[bool]:
    """An incident is visible through any report the viewer sees or a case that concerns it.

    Spelled out: it is public, or the viewer filed a report on it, or (a party) its
    party filed a report on it, is accused in a case on it or complains in one. The
    non-public parts are correlated EXISTS probes of (incident_id, ...) indexes, so a
    newest-first page walks (public, date, id) or (date, id) and stops at its limit
    instead of first collecting every report a party ever filed.
    """
    if is_staff(viewer):
        return true()
    # ``= true`` rather than ``IS TRUE``: PostgreSQL uses a btree index only for the former.
    conds: list[ColumnElement[bool]] = [incidents.c.public == true()]
    # Each probe selects only indexed columns, so SQLite answers it from the index alone.
    if viewer is not None:
        conds.append(
            select(reports.c.incident_id)
            .where(reports.c.incident_id == incidents.c.id, reports.c.filed_by == viewer.principal)
            .exists()
        )
    party = _party_of(viewer)
    if party:
        conds.append(
            select(reports.c.incident_id)
            .where(reports.c.incident_id == incidents.c.id, reports.c.source_party == party)
            .exists()
        )
        conds.append(
            select(cases.c.incident_id)
            .where(cases.c.incident_id == incidents.c.id, cases.c.accused_party == party)
            .exists()
        )
        conds.append(
            select(case_complainants.c.case_id)
            .join(cases, cases.c.id == case_complainants.c.case_id)
            .where(cases.c.incident_id == incidents.c.id, case_complainants.c.party == party)
            .exists()
        )
    return or_(*conds)


def visible_incidents_clause(user: Viewer | None) -> ColumnElement[bool]:
    """Contract used by every read path (dashboard, exports, pages): incidents ``user`` may
    see, ``None`` meaning the public."""
    return incident_condition(user)


def can_see_report(conn: Connection, viewer: Viewer | None, report_id: int) -> bool:
    found = conn.execute(
        select(reports.c.id).where(and_(reports.c.id == report_id, report_condition(viewer)))
    ).first()
    return found is not None


def can_see_case(conn: Connection, viewer: Viewer | None, case_id: int) -> bool:
    found = conn.execute(
        select(cases.c.id).where(and_(cases.c.id == case_id, case_condition(viewer)))
    ).first()
    return found is not None


def can_see_incident(conn: Connection, viewer: Viewer | None, incident_id: int) -> bool:
    found = conn.execute(
        select(incidents.c.id).where(
            and_(incidents.c.id == incident_id, incident_condition(viewer))
        )
    ).first()
    return found is not None


def statement_visible(
    viewer: Viewer | None, case_published: bool, statement_party: str | None
) -> bool:
    """A party's answer or appeal in a case: its own side sees it at once, others once published."""
    if is_staff(viewer) or case_published:
        return True
    party = _party_of(viewer)
    return party is not None and party == statement_party


def can_see_evidence(conn: Connection, viewer: Viewer | None, sha256: str) -> bool:
    """Whoever uploaded a file, and whoever may see a report or statement that cites it."""
    row = conn.execute(select(evidence).where(evidence.c.sha256 == sha256)).first()
    if row is None:
        return False
    if is_staff(viewer):
        return True
    if viewer is not None and row.uploaded_by == viewer.principal:
        return True
    party = _party_of(viewer)
    if party and row.uploader_party == party:
        return True
    cited = conn.execute(
        select(report_evidence.c.report_id)
        .join(reports, reports.c.id == report_evidence.c.report_id)
        .where(and_(report_evidence.c.sha256 == sha256, report_condition(viewer)))
        .limit(1)
    ).first()
    if cited is not None:
        return True
    statements = conn.execute(
        select(case_events.c.body, case_events.c.party, cases.c.published)
        .join(cases, cases.c.id == case_events.c.case_id)
        .where(case_events.c.kind.in_(("response", "appeal")))
    ).all()
    return any(
        sha256 in (s.body or {}).get("evidence", [])
        and statement_visible(viewer, bool(s.published), s.party)
        for s in statements
    )


def penalty_visible(viewer: Viewer | None, party: str, decided: bool) -> bool:
    """Staff see every penalty; a party its own; everyone else only decided ones."""
    if is_staff(viewer):
        return True
    own = _party_of(viewer)
    return decided or (own is not None and own == party)


def visible_ids(conn: Connection, viewer: Viewer | None, report_ids: Iterable[int]) -> set[int]:
    ids = list(report_ids)
    if not ids:
        return set()
    cond = report_condition(viewer)
    return set(
        conn.execute(select(reports.c.id).where(and_(reports.c.id.in_(ids), cond))).scalars()
    )


@dataclass(frozen=True)
class Operator:
    """Whoever runs the CLI on the server itself: holds the database, so sees everything."""

    principal: str = "system"
    role: str = "secretariat"
    party: str | None = None


OPERATOR = Operator()
