"""``incident_parties`` (which parties an incident's reports name, and who may see each
naming) always says what the reports and cases say, so the map and list's "party
named" filter admits, for every role, exactly the incidents the report rule admits."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, func, or_, select

from tests.agreements_fixtures import AGREEMENT_V1, report
from tests.test_perf_access import NEWS, _scene
from tests.test_perf_denormalised import MONITOR, NOR, SECRETARIAT, VIEWERS, _publish
from truce.services import agreements, incident_links, reports
from truce.services.context import Context
from truce.services.dashboard import (
    DashboardFilter,
    count_visible,
    filter_conditions,
    map_features,
    newest_visible,
    party_named_condition,
)
from truce.services.incidents import IncidentFilter, list_incidents
from truce.services.visibility import (
    incident_condition,
    party_rows,
    refresh_parties,
    report_condition,
)
from truce.store import schema
from truce.store.tables import incident_parties, incidents
from truce.store.tables import reports as reports_table

ALL_VIEWERS = {**VIEWERS, "secretariat": SECRETARIAT}


@pytest.fixture
def accord(ctx: Context) -> Context:
    agreements.load(ctx, AGREEMENT_V1, by="test")
    return ctx


def _rows(ctx: Context, incident_id: int | None = None) -> set[tuple[str, str, int]]:
    q = select(incident_parties.c.party, incident_parties.c.grantee, incident_parties.c.incident_id)
    if incident_id is not None:
        q = q.where(incident_parties.c.incident_id == incident_id)
    with ctx.db.read() as conn:
        return set(conn.execute(q).tuples().all())


def _reference_named(conn: Any, party: str, viewer: Any) -> set[int]:
    """The filter as it was written before the table: a report the viewer may see on
    the incident names the party as source or accused."""
    named = select(reports_table.c.incident_id).where(
        or_(reports_table.c.source_party == party, reports_table.c.accused_party == party),
        report_condition(viewer),
    )
    return set(conn.execute(select(incidents.c.id).where(incidents.c.id.in_(named))).scalars())


def _full_scene(ctx: Context) -> None:
    """Every kind of naming: party filings, monitor and news accusations, a published
    case, and a report moved off its incident and back onto another."""
    _scene(ctx)
    reports.file_report(
        ctx,
        report(source=NEWS, accused_party="NOR", date="2025-09-02", date_end="2025-09-02"),
        SECRETARIAT,
    )
    moved = reports.file_report(  # onto the scene's first incident, then off it
        ctx,
        report(
            source={"kind": "monitor"},
            accused_party="NOR",
            date="2025-03-02",
            date_end="2025-03-02",
        ),
        MONITOR,
    )
    assert not moved.new_incident
    incident_links.unlink(ctx, moved.id, {"reason": "another strike"}, SECRETARIAT)


def test_filing_lists_each_named_party_for_each_way_of_seeing_the_report(
    accord: Context,
) -> None:
    ctx = accord
    filed = reports.file_report(ctx, report(), NOR)
    i = filed.incident_id
    assert _rows(ctx, i) == {
        (p, g, i) for p in ("NOR", "SOU") for g in ("any", "principal:user:10", "party:NOR")
    }
    news = reports.file_report(
        ctx,
        report(source=NEWS, accused_party="SOU", date="2025-05-02", date_end="2025-05-02"),
        SECRETARIAT,
    )
    assert ("SOU", "public", news.incident_id) in _rows(ctx, news.incident_id)


def test_a_verdict_makes_its_incidents_namings_public(accord: Context) -> None:
    ctx = accord
    filed = reports.file_report(ctx, report(), NOR)
    assert filed.case_id is not None
    assert not any(g == "public" for _, g, _ in _rows(ctx, filed.incident_id))
    _publish(ctx, filed.case_id)
    assert {("NOR", "public", filed.incident_id), ("SOU", "public", filed.incident_id)} <= _rows(
        ctx, filed.incident_id
    )


def test_moving_a_report_moves_its_namings(accord: Context) -> None:
    ctx = accord
    first = reports.file_report(ctx, report(accused_party=None), NOR)
    second = reports.file_report(
        ctx, report(source={"kind": "monitor"}, accused_party="SOU"), MONITOR
    )
    assert second.incident_id == first.incident_id
    assert ("SOU", "principal:user:12", first.incident_id) in _rows(ctx)
    incident_links.unlink(ctx, second.id, {"reason": "another strike"}, SECRETARIAT)
    assert not any(g == "principal:user:12" for _, g, _ in _rows(ctx, first.incident_id))
    assert any(g == "principal:user:12" and p == "SOU" for p, g, _ in _rows(ctx))


@pytest.mark.parametrize("party", ["NOR", "SOU", "nor"])
def test_the_party_filter_admits_what_the_report_rule_admits_for_every_role(
    accord: Context, party: str
) -> None:
    ctx = accord
    _full_scene(ctx)
    with ctx.db.read() as conn:
        sizes = set()
        for name, viewer in ALL_VIEWERS.items():
            got = set(
                conn.execute(
                    select(incidents.c.id).where(party_named_condition(party, viewer))
                ).scalars()
            )
            expected = _reference_named(conn, party.upper(), viewer)
            assert got == expected, name
            sizes.add(len(expected))
    assert len(sizes) > 1  # the roles really see different namings


def test_party_and_type_pages_and_counts_match_the_reference_for_every_role(
    accord: Context,
) -> None:
    ctx = accord
    _full_scene(ctx)
    flt = DashboardFilter(party="SOU", event_type="shelling")
    order = (incidents.c.date.desc(), incidents.c.id.desc())
    cols = (incidents.c.id, incidents.c.date)
    with ctx.db.read() as conn:
        for name, viewer in ALL_VIEWERS.items():
            named = _reference_named(conn, "SOU", viewer)
            expected = list(
                conn.execute(
                    select(*cols)
                    .where(
                        incident_condition(viewer),
                        incidents.c.event_type == "shelling",
                        incidents.c.id.in_(named),
                    )
                    .order_by(*order)
                ).all()
            )
            conds = filter_conditions(flt, viewer)
            assert count_visible(conn, conds, viewer) == len(expected), name
            assert newest_visible(conn, cols, conds, viewer, 100) == expected, name
    for name, viewer in ALL_VIEWERS.items():
        features = map_features(ctx, flt, viewer)
        listed = list_incidents(ctx, IncidentFilter(party="SOU", event_type="shelling"), viewer)
        assert features["total"] == listed["total"], name


def test_the_migration_and_refresh_rebuild_every_row(accord: Context) -> None:
    ctx = accord
    _full_scene(ctx)
    before = _rows(ctx)
    with ctx.db.read() as conn:
        assert before == set(conn.execute(party_rows()).tuples().all())
    command.downgrade(schema.alembic_config(ctx.db), "0005")
    schema.upgrade(ctx.db)
    assert _rows(ctx) == before
    with ctx.db.write() as conn:
        conn.execute(delete(incident_parties))
        refresh_parties(conn, [])  # nothing named: nothing rebuilt
        assert conn.execute(select(func.count()).select_from(incident_parties)).scalar_one() == 0
        refresh_parties(conn)
    assert _rows(ctx) == before
