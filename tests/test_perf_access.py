"""``incident_access`` (who may see a non-public incident) always lists what the reports
and cases say, and the dashboard's two-branch page and count (public, then granted)
answer exactly what the single visibility condition answers, for every role."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, func, select

from tests.agreements_fixtures import AGREEMENT_V1, report
from tests.test_perf_denormalised import MONITOR, NOR, SECRETARIAT, SOU, VIEWERS, _publish
from truce.services import agreements, incident_links, reports
from truce.services.context import Context
from truce.services.dashboard import (
    DashboardFilter,
    count_visible,
    filter_conditions,
    map_features,
    newest_visible,
)
from truce.services.incidents import IncidentFilter, list_incidents
from truce.services.visibility import access_rows, incident_condition, refresh_access
from truce.store import schema
from truce.store.tables import incident_access, incidents

NEWS = {"kind": "news", "outlet": "Dawn", "url": "https://example.org/a"}


@pytest.fixture
def accord(ctx: Context) -> Context:
    agreements.load(ctx, AGREEMENT_V1, by="test")
    return ctx


def _grants(ctx: Context, incident_id: int) -> set[str]:
    with ctx.db.read() as conn:
        return set(
            conn.execute(
                select(incident_access.c.grantee).where(
                    incident_access.c.incident_id == incident_id
                )
            ).scalars()
        )


def _all_rows(ctx: Context) -> set[tuple[str, int]]:
    with ctx.db.read() as conn:
        return set(
            conn.execute(select(incident_access.c.grantee, incident_access.c.incident_id))
            .tuples()
            .all()
        )


def test_filing_grants_the_filer_its_party_and_the_accused(accord: Context) -> None:
    ctx = accord
    filed = reports.file_report(ctx, report(), NOR)
    assert _grants(ctx, filed.incident_id) == {"principal:user:10", "party:NOR", "party:SOU"}
    observed = reports.file_report(
        ctx, report(source={"kind": "monitor"}, accused_party=None), MONITOR
    )
    assert observed.incident_id == filed.incident_id
    assert "principal:user:12" in _grants(ctx, filed.incident_id)


def test_a_complainant_joining_a_case_is_granted(accord: Context) -> None:
    ctx = accord
    filed = reports.file_report(ctx, report(accused_party="NOR", source=NEWS), SECRETARIAT)
    assert _grants(ctx, filed.incident_id) == {"principal:user:13", "party:NOR"}
    joined = reports.file_report(
        ctx, report(source={"kind": "party", "party": "SOU"}, accused_party="NOR"), SOU
    )
    assert joined.case_id == filed.case_id
    assert {"party:SOU", "principal:user:11"} <= _grants(ctx, filed.incident_id)


def test_moving_a_report_moves_its_grants(accord: Context) -> None:
    ctx = accord
    first = reports.file_report(ctx, report(accused_party=None), NOR)
    second = reports.file_report(
        ctx, report(source={"kind": "monitor"}, accused_party=None), MONITOR
    )
    assert second.incident_id == first.incident_id
    incident_links.unlink(ctx, second.id, {"reason": "another strike"}, SECRETARIAT)
    assert "principal:user:12" not in _grants(ctx, first.incident_id)
    with ctx.db.read() as conn:
        moved = conn.execute(
            select(func.max(incidents.c.id)).where(incidents.c.id != first.incident_id)
        ).scalar_one()
    assert _grants(ctx, moved) == {"principal:user:12"}
    incident_links.link(
        ctx, second.id, {"incident_id": first.incident_id, "reason": "same"}, SECRETARIAT
    )
    assert "principal:user:12" in _grants(ctx, first.incident_id)
    assert _grants(ctx, moved) == set()


def test_the_migration_fills_incident_access(accord: Context) -> None:
    ctx = accord
    reports.file_report(ctx, report(), NOR)
    reports.file_report(
        ctx,
        report(
            source={"kind": "party", "party": "SOU"},
            accused_party="NOR",
            date="2025-04-02",
            date_end="2025-04-02",
        ),
        SOU,
    )
    before = _all_rows(ctx)
    assert len(before) >= 6
    command.downgrade(schema.alembic_config(ctx.db), "0004")
    schema.upgrade(ctx.db)
    assert _all_rows(ctx) == before


def test_refresh_access_rebuilds_every_row(accord: Context) -> None:
    ctx = accord
    reports.file_report(ctx, report(), NOR)
    before = _all_rows(ctx)
    with ctx.db.write() as conn:
        conn.execute(delete(incident_access))
        refresh_access(conn, [])  # nothing named: nothing rebuilt
        assert conn.execute(select(func.count()).select_from(incident_access)).scalar_one() == 0
        refresh_access(conn)
        expected = set(conn.execute(access_rows()).tuples().all())
    assert _all_rows(ctx) == before == expected


def _scene(ctx: Context) -> None:
    """Incidents of every kind of visibility, on distinct days."""
    days = iter(f"2025-0{m}-{d:02d}" for m in (3, 4, 5, 6, 7, 8) for d in (2, 9, 16, 23))

    def at(body: dict[str, Any]) -> dict[str, Any]:
        day = next(days)
        return {**body, "date": day, "date_end": day}

    for _ in range(2):
        reports.file_report(ctx, at(report()), NOR)
        reports.file_report(
            ctx, at(report(source={"kind": "party", "party": "SOU"}, accused_party="NOR")), SOU
        )
        reports.file_report(ctx, at(report(source=NEWS, accused_party=None)), SECRETARIAT)
        reports.file_report(
            ctx, at(report(source={"kind": "monitor"}, accused_party="SOU")), MONITOR
        )
        published = reports.file_report(ctx, at(report(event_type="air_strike")), NOR)
        assert published.case_id is not None
        _publish(ctx, published.case_id)


@pytest.mark.parametrize(
    "flt",
    [DashboardFilter(), DashboardFilter(party="SOU", event_type="shelling")],
    ids=["all", "party and type"],
)
def test_branch_pages_and_counts_match_the_single_condition(
    accord: Context, flt: DashboardFilter
) -> None:
    ctx = accord
    _scene(ctx)
    order = (incidents.c.date.desc(), incidents.c.id.desc())
    seen_any = False
    with ctx.db.read() as conn:
        for name, viewer in VIEWERS.items():
            conds = filter_conditions(flt, viewer)
            expected = list(
                conn.execute(
                    select(incidents.c.id, incidents.c.date)
                    .where(incident_condition(viewer), *conds)
                    .order_by(*order)
                ).all()
            )
            seen_any = seen_any or len(expected) >= 2
            cols = (incidents.c.id, incidents.c.date)
            assert count_visible(conn, conds, viewer) == len(expected), name
            assert newest_visible(conn, cols, conds, viewer, 100) == expected, name
            assert newest_visible(conn, cols, conds, viewer, 2, offset=1) == expected[1:3], name
    assert seen_any


def test_map_and_list_agree_on_totals_for_every_role(accord: Context) -> None:
    ctx = accord
    _scene(ctx)
    for name, viewer in VIEWERS.items():
        full = map_features(ctx, DashboardFilter(), viewer)
        cut = map_features(ctx, DashboardFilter(limit=2), viewer)
        listed = list_incidents(ctx, IncidentFilter(limit=2), viewer)
        assert cut["total"] == full["total"] == listed["total"], name
        assert [f["id"] for f in cut["features"]] == [f["id"] for f in full["features"][:2]]
        assert [i["id"] for i in listed["items"]] == [f["id"] for f in cut["features"]], name
        assert cut["truncated"] == (full["total"] > 2), name
