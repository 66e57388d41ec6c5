"""Agreements and reports through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.agreements_fixtures import AGREEMENT_V1, AGREEMENT_V2, report
from truce.errors import Conflict, Forbidden, Invalid
from truce.services import agreements, ledger_service
from truce.services import incidents as incident_service
from truce.services import reports as report_service
from truce.services.context import Context
from truce.services.reports import Caller
from truce.services.visibility import OPERATOR
from truce.store.tables import cases, incidents, reports


def ledger_size(ctx: Context) -> int:
    with ctx.db.read() as conn:
        return ledger_service.current_size(conn)


def count(ctx: Context, table: Any) -> int:
    with ctx.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_agreement_versions_and_version_in_force(ctx: Context) -> None:
    agreements.load(ctx, AGREEMENT_V1, by="system")
    agreements.load(ctx, AGREEMENT_V2, by="system")
    rows = agreements.summaries(ctx)
    assert [(r["id"], r["version"]) for r in rows] == [("test-accord", 1), ("test-accord", 2)]
    import datetime as dt

    from truce.services.reports import incident_moment

    assert (
        agreements.in_force(ctx, "test-accord", incident_moment(dt.date(2025, 3, 1))).version == 1
    )
    assert (
        agreements.in_force(ctx, "test-accord", incident_moment(dt.date(2025, 7, 1))).version == 2
    )
    assert ledger_size(ctx) == 2
    assert ledger_service.checkpoint(ctx.db).startswith("truce.local/test-accord\n2\n")


def test_reloading_a_version_or_going_back_changes_nothing(ctx: Context) -> None:
    agreements.load(ctx, AGREEMENT_V2, by="system")
    with pytest.raises(Conflict):
        agreements.load(ctx, AGREEMENT_V2, by="system")
    with pytest.raises(Conflict):
        agreements.load(ctx, AGREEMENT_V1, by="system")
    assert ledger_size(ctx) == 1


def test_invalid_agreement_lists_problems_and_loads_nothing(ctx: Context) -> None:
    bad = AGREEMENT_V1.replace("prohibits: [armed_clash,", "prohibits: [armed_clsh,").replace(
        "decided_by: [MED]", "decided_by: [XXX]"
    )
    with pytest.raises(Invalid) as err:
        agreements.load(ctx, bad, by="system")
    text = str(err.value)
    assert "provisions[0].prohibits[0]" in text and "penalties.decided_by[0]" in text
    with pytest.raises(Invalid, match="UTF-8"):
        agreements.load(ctx, b"id: x\n\xff\xfe", by="system")
    assert ledger_size(ctx) == 0 and agreements.summaries(ctx) == []


def test_reports_link_into_one_incident_and_open_one_case(ctx: Context) -> None:
    agreements.load(ctx, AGREEMENT_V1, by="system")
    first = report_service.file_report(ctx, report(), Caller("user:1", "party", "NOR"))
    assert first.new_incident and first.case_id is not None
    news = report(
        source={"kind": "news", "outlet": "Dawn", "url": "https://example.org/a"},
        accused_party=None,
        summary="Shelling near Kurram killed three, officials said.",
        fatalities={"best": 3, "low": 3, "high": 3},
    )
    second = report_service.file_report(ctx, news, Caller("user:2", "secretariat"))
    assert second.incident_id == first.incident_id and not second.new_incident
    elsewhere = report(
        location={
            "name": "Chaman",
            "lat": 30.92,
            "lon": 66.45,
            "country_code": "PK",
            "precision": 1,
        },
        date="2025-04-20",
        date_end="2025-04-20",
    )
    third = report_service.file_report(ctx, elsewhere, Caller("user:1", "party", "NOR"))
    assert third.incident_id != first.incident_id
    inc = incident_service.get_incident(ctx, first.incident_id, OPERATOR)
    assert inc["reports"] == [first.id, second.id]
    assert inc["fatalities"] == {"best": 2, "low": 2, "high": 3}
    assert inc["corroboration"]["reasons"], "corroboration must explain itself"
    got = report_service.get_report(ctx, second.id, OPERATOR)
    assert got["match"]["score"] >= report_service.MATCH_THRESHOLD and got["match"]["reasons"]
    assert count(ctx, cases) == 2
    # agreement, incident, report, case, report (linked), incident, report, case
    assert ledger_size(ctx) == 8


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"accused_party": "XYZ"}, Invalid),
        ({"source": {"kind": "party", "party": "ABC"}}, Invalid),
        ({"date": "2024-05-01", "date_end": "2024-05-01"}, Invalid),  # accusation before it
        ({"event_type": "picnic"}, Invalid),
        ({"agreement_id": "no-such"}, Invalid),
        ({"evidence": ["a" * 64]}, Invalid),
        ({"summary": "x" * 100_000}, Invalid),
    ],
)
def test_bad_reports_are_refused_and_change_nothing(
    ctx: Context, change: dict[str, Any], expected: type[Exception]
) -> None:
    agreements.load(ctx, AGREEMENT_V1, by="system")
    with pytest.raises(expected):
        report_service.file_report(ctx, report(**change))
    assert count(ctx, reports) == 0 and count(ctx, incidents) == 0 and ledger_size(ctx) == 1


def test_duplicate_submission_is_a_conflict(ctx: Context) -> None:
    agreements.load(ctx, AGREEMENT_V1, by="system")
    caller = Caller("user:1", "party", "NOR")
    report_service.file_report(ctx, report(), caller)
    with pytest.raises(Conflict, match="duplicate"):
        report_service.file_report(ctx, report(), caller)
    assert count(ctx, reports) == 1


def test_party_files_only_for_itself(ctx: Context) -> None:
    agreements.load(ctx, AGREEMENT_V1, by="system")
    with pytest.raises(Forbidden):
        report_service.file_report(ctx, report(), Caller("user:3", "party", "SOU"))
    with pytest.raises(Forbidden):
        report_service.file_report(ctx, report(), Caller("user:4", "public"))
    assert count(ctx, reports) == 0


def test_a_write_whose_ledger_entry_fails_is_rolled_back(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreements.load(ctx, AGREEMENT_V1, by="system")
    real_append = ledger_service.append

    def failing_append(conn: Any, ledger: Any, kind: str, by: str, body: dict[str, Any]) -> int:
        if kind == "case.opened":
            raise RuntimeError("disk full")
        return real_append(conn, ledger, kind, by, body)

    monkeypatch.setattr(ledger_service, "append", failing_append)
    with pytest.raises(RuntimeError):
        report_service.file_report(ctx, report(), Caller("user:1", "party", "NOR"))
    assert count(ctx, reports) == 0 and count(ctx, incidents) == 0 and count(ctx, cases) == 0
    assert ledger_size(ctx) == 1
    ledger_service.verify(ctx.db)
