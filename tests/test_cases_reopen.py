"""A report joins the open case of its incident and accused party, never a decided one:
after a retraction or a verdict it opens a new case, and every view, the ledger and the
compliance replay keep the cases apart (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import report
from tests.api_fixtures import Headers
from truce.services import ledger_service
from truce.services.context import Context
from truce.services.replay import replay


def file(client: TestClient, people: dict[str, Headers], summary: str) -> dict[str, Any]:
    r = client.post("/api/reports", json=report(summary=summary), headers=people["nor"])
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def move(client: TestClient, people: dict[str, Headers], case_id: int, to: str) -> Any:
    return client.post(
        f"/api/cases/{case_id}/transitions",
        json={"to": to, "reason": f"to {to}"},
        headers=people["ver"],
    )


def rule(client: TestClient, people: dict[str, Headers], case_id: int, outcome: str) -> None:
    assert move(client, people, case_id, "under_verification").status_code == 200
    verdict = {
        "outcome": outcome,
        "provisions": ["P1"],
        "responsible_party": "SOU" if outcome == "verified" else None,
        "reasons": "two independent sources",
    }
    r = client.post(f"/api/cases/{case_id}/verdict", json=verdict, headers=people["ver"])
    assert r.status_code == 200, r.text


def case(client: TestClient, people: dict[str, Headers], case_id: int) -> dict[str, Any]:
    out: dict[str, Any] = client.get(f"/api/cases/{case_id}", headers=people["ver"]).json()
    return out


def test_a_report_joins_the_case_while_it_is_open(
    client: TestClient, people: dict[str, Headers]
) -> None:
    first = file(client, people, "Mortar rounds hit the post.")
    assert move(client, people, first["case_id"], "under_verification").status_code == 200
    second = file(client, people, "More rounds hit the same post.")
    assert second["incident_id"] == first["incident_id"]
    assert second["case_id"] == first["case_id"]


@pytest.mark.parametrize("closing", ["retracted", "not_a_violation", "unverifiable", "verified"])
def test_a_report_after_a_retraction_or_a_verdict_opens_a_new_case(
    client: TestClient, people: dict[str, Headers], ctx: Context, closing: str
) -> None:
    first = file(client, people, "Mortar rounds hit the post.")
    old = first["case_id"]
    if closing == "retracted":
        assert move(client, people, old, "retracted").status_code == 200
    else:
        rule(client, people, old, closing)
    before = case(client, people, old)

    second = file(client, people, "More rounds hit the same post.")
    assert second["incident_id"] == first["incident_id"]
    new = second["case_id"]
    assert new is not None and new != old
    assert case(client, people, old) == before  # the decided case is untouched
    fresh = case(client, people, new)
    assert (fresh["state"], fresh["accused_party"], fresh["complainants"]) == (
        "reported",
        "SOU",
        ["NOR"],
    )
    assert fresh["transitions"] == [] and fresh["verdict"] is None
    # the new case takes the next report; the old one stays as it was decided
    third = file(client, people, "A third account of the shelling.")
    assert third["case_id"] == new
    assert case(client, people, old) == before

    # both cases everywhere a case of this incident and party is looked up
    incident = client.get(f"/api/incidents/{first['incident_id']}", headers=people["ver"]).json()
    assert sorted(c["id"] for c in incident["cases"]) == [old, new]
    listed = client.get("/api/cases", params={"party": "SOU"}, headers=people["sou"]).json()
    assert {c["id"] for c in listed} == {old, new}
    inbox = client.get("/api/inbox", headers=people["sou"]).json()
    assert new in [i.get("case_id") for i in inbox["items"]]
    token = people["ver"]["Authorization"].removeprefix("Bearer ")
    assert client.post("/login", data={"token": token}).status_code in {200, 303}
    for case_id in (old, new):
        page = client.get(f"/cases/{case_id}")
        assert page.status_code == 200 and f"/cases/{case_id}/transitions" in page.text
    page = client.get(f"/incidents/{first['incident_id']}").text
    assert f"case {old} against SOU" in page and f"case {new} against SOU" in page
    assert ledger_service.verify(ctx.db).size > 0
    assert replay(ctx.db).ok


def test_a_verdict_under_appeal_takes_no_reports_and_the_appeal_is_not_blocked(
    client: TestClient, people: dict[str, Headers], ctx: Context
) -> None:
    first = file(client, people, "Mortar rounds hit the post.")
    old = first["case_id"]
    rule(client, people, old, "verified")
    second = file(client, people, "More rounds hit the same post.")
    new = second["case_id"]
    assert new != old
    # the party found responsible still appeals the first verdict
    r = client.post(
        f"/api/cases/{old}/appeals", json={"reasons": "the rounds were ours"}, headers=people["sou"]
    )
    assert r.status_code == 200, r.text
    third = file(client, people, "A third account of the shelling.")
    assert third["case_id"] == new  # not the appealed case
    # the second case reaches its own verdict and penalty; replay recomputes both
    rule(client, people, new, "verified")
    penalties = client.get("/api/penalties", headers=people["sec"]).json()
    assert sorted(p["case_id"] for p in penalties) == [old, new]
    assert {p["case_id"]: p["n"] for p in penalties}[new] == 1  # one incident, one violation
    result = replay(ctx.db)
    assert result.ok and len(result.penalties) == 2


def test_a_decided_case_does_not_reopen_beside_an_open_one(
    client: TestClient, people: dict[str, Headers]
) -> None:
    first = file(client, people, "Mortar rounds hit the post.")
    old = first["case_id"]
    rule(client, people, old, "unverifiable")
    new = file(client, people, "New footage of the shelling.")["case_id"]
    r = move(client, people, old, "under_verification")
    assert r.status_code == 409 and f"case {new} is already open" in r.json()["error"]
    assert case(client, people, old)["state"] == "unverifiable"
    assert move(client, people, new, "retracted").status_code == 200
    assert move(client, people, old, "under_verification").status_code == 200
    # and now the reopened case is the one new reports join
    assert file(client, people, "A third account of the shelling.")["case_id"] == old
