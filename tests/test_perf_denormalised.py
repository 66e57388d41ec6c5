"""The columns kept on incidents for speed (``public``, ``border_km``) always say what
the reports and cases say: they flip in the transaction that changes them, the
migration fills them for old rows, and the visibility rule built on them admits
exactly the incidents the report/case rule admits, for every role."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import and_, inspect, or_, select, update

from tests.agreements_fixtures import AGREEMENT_V1, report
from truce.extract.geo import distance_to_border_km
from truce.services import agreements, cases, incident_links, reports
from truce.services.context import Context
from truce.services.dashboard import DashboardFilter, map_features
from truce.services.reports import Caller
from truce.services.users import User
from truce.services.visibility import (
    case_condition,
    incident_condition,
    public_incident_condition,
    refresh_public,
    report_condition,
)
from truce.store import schema
from truce.store.tables import cases as cases_table
from truce.store.tables import incidents
from truce.store.tables import reports as reports_table

NOR = Caller("user:10", "party", "NOR")
SOU = Caller("user:11", "party", "SOU")
MONITOR = Caller("user:12", "monitor", None)
SECRETARIAT = Caller("user:13", "secretariat", None)
VERIFIER = User(id=14, name="verifier", role="verifier", party=None)

VIEWERS: dict[str, Any] = {
    "public": None,
    "public user": User(id=20, name="reader", role="public", party=None),
    "NOR": User(id=10, name="nor", role="party", party="NOR"),
    "SOU": User(id=11, name="sou", role="party", party="SOU"),
    "monitor": User(id=12, name="mon", role="monitor", party=None),
    "other monitor": User(id=30, name="mon2", role="monitor", party=None),
}

NEWS = {"kind": "news", "outlet": "Dawn", "url": "https://example.org/a"}


def _news(**over: Any) -> dict[str, Any]:
    return report(source=NEWS, accused_party=None, **over)


def _monitor(**over: Any) -> dict[str, Any]:
    return report(source={"kind": "monitor", "name": "team 1"}, accused_party=None, **over)


def _flag(ctx: Context, incident_id: int) -> tuple[bool, float | None]:
    with ctx.db.read() as conn:
        row = conn.execute(
            select(incidents.c.public, incidents.c.border_km).where(incidents.c.id == incident_id)
        ).one()
    return bool(row.public), row.border_km


def _publish(ctx: Context, case_id: int) -> None:
    cases.transition(ctx, case_id, {"to": "under_verification", "reason": "sources"}, VERIFIER)
    cases.record_verdict(
        ctx,
        case_id,
        {
            "outcome": "verified",
            "provisions": ["P1"],
            "responsible_party": "SOU",
            "fatalities": {"best": 2, "low": 2, "high": 3},
            "reasons": "two independent sources",
        },
        VERIFIER,
    )


@pytest.fixture
def accord(ctx: Context) -> Context:
    agreements.load(ctx, AGREEMENT_V1, by="test")
    return ctx


def test_a_verdict_makes_its_incident_public(accord: Context) -> None:
    ctx = accord
    filed = reports.file_report(ctx, report(), NOR)
    assert filed.case_id is not None
    assert _flag(ctx, filed.incident_id)[0] is False
    assert map_features(ctx, DashboardFilter(), None)["features"] == []
    _publish(ctx, filed.case_id)
    assert _flag(ctx, filed.incident_id)[0] is True
    public_map = map_features(ctx, DashboardFilter(), None)
    assert [f["id"] for f in public_map["features"]] == [filed.incident_id]


def test_news_is_public_at_once_and_moving_it_away_takes_that_back(accord: Context) -> None:
    ctx = accord
    party = reports.file_report(ctx, report(), NOR)
    news = reports.file_report(ctx, _news(), SECRETARIAT)
    assert news.incident_id == party.incident_id  # same event, linked
    assert _flag(ctx, party.incident_id)[0] is True
    incident_links.unlink(ctx, news.id, {"reason": "a different strike"}, SECRETARIAT)
    with ctx.db.read() as conn:
        moved_to = conn.execute(
            select(reports_table.c.incident_id).where(reports_table.c.id == news.id)
        ).scalar_one()
    assert moved_to != party.incident_id
    assert _flag(ctx, party.incident_id)[0] is False
    assert _flag(ctx, moved_to)[0] is True
    incident_links.link(
        ctx, news.id, {"incident_id": party.incident_id, "reason": "same"}, SECRETARIAT
    )
    assert _flag(ctx, party.incident_id)[0] is True
    assert _flag(ctx, moved_to)[0] is False


def test_border_km_is_the_reference_distance_and_follows_a_sharper_place(
    accord: Context,
) -> None:
    ctx = accord
    rough = {"name": "Kurram", "lat": 33.9, "lon": 70.1, "country_code": "PK", "precision": 4}
    filed = reports.file_report(ctx, _monitor(location=rough), MONITOR)
    km = _flag(ctx, filed.incident_id)[1]
    assert km == pytest.approx(distance_to_border_km(33.9, 70.1))
    exact = {"name": "Parachinar", "lat": 33.95, "lon": 70.2, "country_code": "PK", "precision": 1}
    again = reports.file_report(ctx, report(location=exact), NOR)
    assert again.incident_id == filed.incident_id
    km = _flag(ctx, filed.incident_id)[1]
    assert km == pytest.approx(distance_to_border_km(33.95, 70.2))
    unplaced = reports.file_report(
        ctx, _news(location=None, date="2025-05-01", date_end="2025-05-01"), SECRETARIAT
    )
    assert _flag(ctx, unplaced.incident_id)[1] is None


def test_the_migration_fills_the_columns_for_existing_rows(accord: Context) -> None:
    ctx = accord
    hidden = reports.file_report(ctx, report(), NOR)
    news = reports.file_report(
        ctx,
        _news(date="2025-04-02", date_end="2025-04-02", summary="Clash at Chaman."),
        SECRETARIAT,
    )
    assert hidden.incident_id != news.incident_id
    command.downgrade(schema.alembic_config(ctx.db), "0003")
    assert "public" not in {c["name"] for c in inspect(ctx.db.engine).get_columns("incidents")}
    schema.upgrade(ctx.db)
    public, km = _flag(ctx, hidden.incident_id)
    assert public is False
    assert km == pytest.approx(distance_to_border_km(33.9, 70.1))
    assert _flag(ctx, news.incident_id)[0] is True


def _reference_visible(conn: Any, viewer: Any) -> set[int]:
    """The rule as issue 3 wrote it: an incident is visible through a visible report or case."""
    via_reports = select(reports_table.c.incident_id).where(report_condition(viewer))
    via_cases = select(cases_table.c.incident_id).where(case_condition(viewer))
    return set(
        conn.execute(
            select(incidents.c.id).where(
                or_(incidents.c.id.in_(via_reports), incidents.c.id.in_(via_cases))
            )
        ).scalars()
    )


def test_the_flag_based_rule_admits_what_the_report_and_case_rule_admits(
    accord: Context,
) -> None:
    ctx = accord
    days = iter(f"2025-0{m}-{d:02d}" for m in (3, 4, 5, 6, 7) for d in (2, 12, 22))

    def at(body: dict[str, Any]) -> dict[str, Any]:
        day = next(days)
        return {**body, "date": day, "date_end": day}

    party_nor = reports.file_report(ctx, at(report()), NOR)
    party_sou = reports.file_report(
        ctx, at(report(source={"kind": "party", "party": "SOU"}, accused_party="NOR")), SOU
    )
    published = reports.file_report(ctx, at(report()), NOR)
    assert published.case_id is not None
    _publish(ctx, published.case_id)
    reports.file_report(ctx, at(_monitor()), MONITOR)
    reports.file_report(ctx, at(_news()), SECRETARIAT)
    reports.file_report(ctx, at(report(source={"kind": "monitor"}, accused_party="SOU")), MONITOR)
    with ctx.db.read() as conn:
        flags = dict(conn.execute(select(incidents.c.id, incidents.c.public)).tuples().all())
        recomputed = dict(
            conn.execute(select(incidents.c.id, public_incident_condition())).tuples().all()
        )
        assert {k: bool(v) for k, v in flags.items()} == {k: bool(v) for k, v in recomputed.items()}
        for name, viewer in VIEWERS.items():
            got = set(
                conn.execute(select(incidents.c.id).where(incident_condition(viewer))).scalars()
            )
            assert got == _reference_visible(conn, viewer), name
    assert party_nor.incident_id in _visible(ctx, VIEWERS["SOU"])  # accused in its case
    assert party_nor.incident_id not in _visible(ctx, VIEWERS["other monitor"])
    assert party_sou.incident_id in _visible(ctx, VIEWERS["NOR"])  # accused in its case
    assert party_sou.incident_id not in _visible(ctx, VIEWERS["public"])


def _visible(ctx: Context, viewer: Any) -> set[int]:
    with ctx.db.read() as conn:
        return set(conn.execute(select(incidents.c.id).where(incident_condition(viewer))).scalars())


def test_refresh_public_repairs_a_stale_flag(accord: Context) -> None:
    ctx = accord
    news = reports.file_report(ctx, _news(), SECRETARIAT)
    with ctx.db.write() as conn:
        conn.execute(update(incidents).values(public=False))
        refresh_public(conn, [])  # nothing named: nothing touched
        assert not conn.execute(
            select(incidents.c.public).where(and_(incidents.c.id == news.incident_id))
        ).scalar_one()
        refresh_public(conn)
    assert _flag(ctx, news.incident_id)[0] is True
