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
Likewise who may see a non-public incident (its filers, and the parties that
filed, are accused or complain about it) is kept in ``incident_access``
(:func:`refresh_access`), so a party's view is "public, or listed for me": the
dashboard pages and counts it as two disjoint branches (:func:`visible_branches`).
The parties an incident's reports name, with who may see each naming, are kept in
``incident_parties`` (:func:`refresh_parties`) so the "party named" filter is an
index lookup rather than a scan of every report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    delete,
    exists,
    false,
    insert,
    literal,
    or_,
    select,
    true,
    union,
    update,
)

from truce.store.tables import (
    case_complainants,
    case_events,
    cases,
    evidence,
    incident_access,
    incident_parties,
    incidents,
    report_evidence,
    reports,
)

STAFF = frozenset({"secretariat", "verifier", "board", "operator"})


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


def grantees(viewer: Viewer | None) -> list[str]:
    """The ``incident_access.grantee`` keys under which ``viewer`` sees non-public incidents."""
    if viewer is None or is_staff(viewer):
        return []
    keys = [f"principal:{viewer.principal}"]
    party = _party_of(viewer)
    if party:
        keys.append(f"party:{party}")
    return keys


def _granted(viewer: Viewer | None) -> ColumnElement[bool]:
    return incidents.c.id.in_(
        select(incident_access.c.incident_id).where(incident_access.c.grantee.in_(grantees(viewer)))
    )


def incident_condition(viewer: Viewer | None) -> ColumnElement[bool]:
    """An incident is visible through any report the viewer sees or a case that concerns it.

    Spelled out: it is public, or the viewer filed a report on it, or (a party) its
    party filed a report on it, is accused in a case on it or complains in one; the
    last three are the viewer's rows of ``incident_access``.
    """
    if is_staff(viewer):
        return true()
    # ``= true`` rather than ``IS TRUE``: PostgreSQL uses a btree index only for the former.
    if viewer is None:
        return incidents.c.public == true()
    return or_(incidents.c.public == true(), _granted(viewer))


def visible_branches(viewer: Viewer | None) -> list[ColumnElement[bool]]:
    """:func:`incident_condition` as disjoint conditions whose union it is.

    A newest-first page or a count over ``public OR granted`` must test every incident;
    each branch alone walks an index ((public, date, id), or the viewer's access rows),
    so the dashboard runs one query per branch and adds or merges the answers.
    """
    if is_staff(viewer):
        return [true()]
    if viewer is None:
        return [incidents.c.public == true()]
    return [incidents.c.public == true(), and_(incidents.c.public == false(), _granted(viewer))]


def access_rows(incident_ids: list[int] | None = None) -> Any:
    """(grantee, incident_id) for every filer and concerned party, as a SELECT."""

    def only(column: Any) -> list[ColumnElement[bool]]:
        return [] if incident_ids is None else [column.in_(incident_ids)]

    return union(
        select(literal("principal:") + reports.c.filed_by, reports.c.incident_id).where(
            *only(reports.c.incident_id)
        ),
        select(literal("party:") + reports.c.source_party, reports.c.incident_id).where(
            reports.c.source_party.is_not(None), *only(reports.c.incident_id)
        ),
        select(literal("party:") + cases.c.accused_party, cases.c.incident_id).where(
            *only(cases.c.incident_id)
        ),
        select(literal("party:") + case_complainants.c.party, cases.c.incident_id)
        .join(cases, cases.c.id == case_complainants.c.case_id)
        .where(*only(cases.c.incident_id)),
    )


def _rebuild(conn: Connection, table: Any, rows: Any, incident_ids: list[int] | None) -> None:
    """Replace ``table``'s rows for these incidents (all when ``None``) with ``rows``."""
    stmt = delete(table)
    if incident_ids is not None:
        stmt = stmt.where(table.c.incident_id.in_(incident_ids))
    conn.execute(stmt)
    conn.execute(insert(table).from_select([c.name for c in table.c], rows))


def refresh_access(conn: Connection, incident_ids: Iterable[int] | None = None) -> None:
    """Recompute ``incident_access`` for these incidents (all of them when ``None``)."""
    ids = None if incident_ids is None else sorted(set(incident_ids))
    if ids is None or ids:
        _rebuild(conn, incident_access, access_rows(ids), ids)


def party_grantees(viewer: Viewer | None) -> list[str]:
    """The ``incident_parties.grantee`` keys of the namings ``viewer`` may see: exactly
    the reports :func:`report_condition` admits (staff: ``any``)."""
    if is_staff(viewer):
        return ["any"]
    return ["public", *grantees(viewer)]


def party_rows(incident_ids: list[int] | None = None) -> Any:
    """(party, grantee, incident_id) for every party a report names, as a SELECT.

    A report names its source party and its accused party; each naming is seen by
    staff (``any``), by everyone when the report is news or its incident has a
    published case (``public``), by its filer and by its source party — the
    rule of :func:`report_condition`, one grantee per way of passing it.
    """
    published = reports.c.incident_id.in_(published_incidents())
    parts = []
    for named in (reports.c.source_party, reports.c.accused_party):
        base = [named.is_not(None)]
        if incident_ids is not None:
            base.append(reports.c.incident_id.in_(incident_ids))
        parts += [
            select(named, literal("any"), reports.c.incident_id).where(*base),
            select(named, literal("public"), reports.c.incident_id).where(
                *base, or_(reports.c.source_kind == "news", published)
            ),
            select(named, literal("principal:") + reports.c.filed_by, reports.c.incident_id).where(
                *base
            ),
            select(named, literal("party:") + reports.c.source_party, reports.c.incident_id).where(
                *base, reports.c.source_party.is_not(None)
            ),
        ]
    return union(*parts)


def refresh_parties(conn: Connection, incident_ids: Iterable[int] | None = None) -> None:
    """Recompute ``incident_parties`` for these incidents (all of them when ``None``)."""
    ids = None if incident_ids is None else sorted(set(incident_ids))
    if ids is None or ids:
        _rebuild(conn, incident_parties, party_rows(ids), ids)


def refresh_incident_views(conn: Connection, incident_ids: Iterable[int] | None = None) -> None:
    """Recompute every derived visibility fact of these incidents (all when ``None``):
    ``incidents.public``, ``incident_access`` and ``incident_parties``.

    The one call every write path makes, in its own transaction, after it files or moves
    a report, opens or joins a case, or publishes a verdict; so no view is ever stale.
    """
    ids = None if incident_ids is None else sorted(set(incident_ids))
    refresh_public(conn, ids)
    refresh_access(conn, ids)
    refresh_parties(conn, ids)


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
    role: str = "operator"
    party: str | None = None


OPERATOR = Operator()
