"""Penalties when an incident has several cases against one party (SQLite and PostgreSQL).

A violation is an incident: a second verified case on the same incident does not make
the first one an "earlier violation", an incident with two standing cases counts once,
and ``truce compliance replay`` recomputes the same proposals from the ledger. A
decision answers for the penalty (404) before the caller (403), the body (400) and the
penalty's state (409), on the API and on the page form alike.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import AGREEMENT_V1, report
from truce.services import ledger_service, users
from truce.services.context import Context
from truce.services.penalties import earlier_violations
from truce.services.replay import replay

Headers = dict[str, str]

# Another incident a month later, far from the first: the reports do not link.
ELSEWHERE: dict[str, object] = {
    "date": "2025-04-10",
    "date_end": "2025-04-10",
    "location": {
        "name": "Chaman",
        "lat": 30.92,
        "lon": 66.45,
        "country_code": "PK",
        "precision": 3,
    },
    "summary": "Shells landed on the Chaman crossing.",
}


@pytest.fixture
def tokens(client: TestClient, ctx: Context) -> dict[str, str]:
    people = {
        "sec": ("secretariat", None),
        "ver": ("verifier", None),
        "board": ("board", "MED"),
        "board_nor": ("board", "NOR"),
        "nor": ("party", "NOR"),
        "sou": ("party", "SOU"),
    }
    out = {
        who: users.add_user(ctx, f"{who} person", role, party).token
        for who, (role, party) in people.items()
    }
    r = client.post(
        "/api/agreements",
        content=AGREEMENT_V1,
        headers={**bearer(out["sec"]), "Content-Type": "application/yaml"},
    )
    assert r.status_code == 201, r.text
    return out


def bearer(token: str) -> Headers:
    return {"Authorization": f"Bearer {token}"}


def file(client: TestClient, tokens: dict[str, str], **over: object) -> dict[str, Any]:
    r = client.post("/api/reports", json=report(**over), headers=bearer(tokens["nor"]))
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    assert out["case_id"] is not None
    return out


def verify(client: TestClient, tokens: dict[str, str], case_id: int) -> int:
    """Rule the case a verified violation by SOU; the id of its penalty proposal."""
    ver = bearer(tokens["ver"])
    r = client.post(
        f"/api/cases/{case_id}/transitions",
        json={"to": "under_verification", "reason": "two sources"},
        headers=ver,
    )
    assert r.status_code == 200, r.text
    verdict = {
        "outcome": "verified",
        "provisions": ["P1"],
        "responsible_party": "SOU",
        "reasons": "two independent sources",
    }
    r = client.post(f"/api/cases/{case_id}/verdict", json=verdict, headers=ver)
    assert r.status_code == 200, r.text
    penalty_ids: list[int] = r.json()["penalty_ids"]
    assert len(penalty_ids) == 1
    return penalty_ids[0]


def proposed_entries(ctx: Context) -> dict[int, dict[str, Any]]:
    """The ``penalty.proposed`` ledger bodies, by case id."""
    with ctx.db.read() as conn:
        size = ledger_service.current_size(conn)
    out: dict[int, dict[str, Any]] = {}
    for blob in ledger_service.entries(ctx.db, 0, size):
        entry = json.loads(blob)
        if entry["kind"] == "penalty.proposed":
            out[entry["body"]["case_id"]] = entry["body"]
    return out


def ledger_size(ctx: Context) -> int:
    with ctx.db.read() as conn:
        return ledger_service.current_size(conn)


def test_earlier_violations_are_other_incidents_once_each() -> None:
    march, april, may = (datetime(2025, m, 10, 12, tzinfo=UTC) for m in (3, 4, 5))
    standing = [(7, may), (3, march), (5, april), (3, march), (7, may)]
    assert earlier_violations(standing, 7) == [march, april]
    assert earlier_violations(standing, 9) == [march, april, may]
    assert earlier_violations([(7, may), (7, may)], 7) == []


@pytest.mark.parametrize("appeal_first", [False, True])
def test_a_second_case_on_one_incident_is_one_violation(
    client: TestClient, tokens: dict[str, str], ctx: Context, appeal_first: bool
) -> None:
    first = file(client, tokens, summary="Mortar rounds hit the post.")
    verify(client, tokens, first["case_id"])
    if appeal_first:  # a verdict under appeal still stands
        r = client.post(
            f"/api/cases/{first['case_id']}/appeals",
            json={"reasons": "the rounds were ours"},
            headers=bearer(tokens["sou"]),
        )
        assert r.status_code == 200, r.text
    second = file(client, tokens, summary="More rounds hit the same post.")
    assert second["incident_id"] == first["incident_id"]
    assert second["case_id"] != first["case_id"]
    verify(client, tokens, second["case_id"])
    other = file(client, tokens, **ELSEWHERE)
    assert other["incident_id"] != first["incident_id"]
    verify(client, tokens, other["case_id"])

    listed = client.get("/api/penalties", headers=bearer(tokens["sec"])).json()
    got = {p["case_id"]: (p["n"], p["proposed"]) for p in listed}
    censure = {"penalty": "formal_censure"}  # n == 1 with deaths
    assert got == {
        first["case_id"]: (1, censure),
        # the same incident again: not an escalation
        second["case_id"]: (1, censure),
        # one earlier incident, however many cases it had
        other["case_id"]: (2, {"penalty": "referral", "to": "guarantors"}),
    }
    logged = proposed_entries(ctx)
    assert [logged[c]["days_since_last"] for c in got] == [None, None, 31]

    result = replay(ctx.db)
    assert result.ok, [p.problems for p in result.penalties] + result.problems
    assert [(p.case_id, p.n) for p in result.penalties] == [(c, n) for c, (n, _) in got.items()]


def test_an_overturned_case_of_the_incident_leaves_the_count(
    client: TestClient, tokens: dict[str, str], ctx: Context
) -> None:
    """Of an earlier incident's two verified cases, one overturned on appeal: the
    incident still counts, once."""
    first = file(client, tokens, summary="Mortar rounds hit the post.")
    verify(client, tokens, first["case_id"])
    second = file(client, tokens, summary="More rounds hit the same post.")
    verify(client, tokens, second["case_id"])
    r = client.post(
        f"/api/cases/{first['case_id']}/appeals",
        json={"reasons": "the rounds were ours"},
        headers=bearer(tokens["sou"]),
    )
    assert r.status_code == 200, r.text
    r = client.post(
        f"/api/cases/{first['case_id']}/verdict",
        json={"outcome": "not_a_violation", "provisions": [], "reasons": "our own rounds"},
        headers=bearer(tokens["ver"]),
    )
    assert r.status_code == 200, r.text
    other = file(client, tokens, **ELSEWHERE)
    verify(client, tokens, other["case_id"])
    listed = client.get("/api/penalties", headers=bearer(tokens["sec"])).json()
    assert {p["case_id"]: p["n"] for p in listed}[other["case_id"]] == 2
    assert replay(ctx.db).ok


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the signed-in session, as every page's forms carry it."""
    page = client.get("/inbox")
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def test_a_decision_answers_for_the_penalty_before_the_caller_and_the_body(
    client: TestClient, tokens: dict[str, str], ctx: Context
) -> None:
    filed = file(client, tokens)
    pid = verify(client, tokens, filed["case_id"])  # undecided: hidden from NOR
    bad = {"decision": "maybe"}
    good = {"decision": "accept"}
    attempts = [
        ("board", 999, bad, 404),  # missing: 404 whatever the body
        ("nor", pid, bad, 404),  # hidden from NOR: 404, not "you may not decide"
        ("board_nor", pid, bad, 403),  # not a board of a deciding party: 403 before the body
        ("sou", pid, bad, 403),
        ("board", pid, bad, 400),
        ("board", pid, {"decision": "change", "penalty": {"penalty": "x"}}, 400),  # no reasons
    ]
    before = ledger_size(ctx)
    wrong = []
    for who, penalty_id, body, want in attempts:
        api = client.post(
            f"/api/penalties/{penalty_id}/decision", json=body, headers=bearer(tokens[who])
        )
        client.cookies.clear()
        assert client.post("/login", data={"token": tokens[who]}).status_code == 200
        form = {**{k: str(v) for k, v in body.items() if k != "penalty"}, "csrf": csrf_of(client)}
        if isinstance(body.get("penalty"), dict):
            form["penalty"] = json.dumps(body["penalty"])
        page = client.post(f"/penalties/{penalty_id}/decision", data=form)
        client.cookies.clear()
        for path, got in (("api", api.status_code), ("page", page.status_code)):
            if got != want:
                wrong.append(f"{who} {path} penalty {penalty_id} {body}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)
    assert ledger_size(ctx) == before  # nothing refused was written

    r = client.post(f"/api/penalties/{pid}/decision", json=good, headers=bearer(tokens["board"]))
    assert r.status_code == 200, r.text
    # decided: a bad body is still 400, a good one meets the state (409)
    r = client.post(f"/api/penalties/{pid}/decision", json=bad, headers=bearer(tokens["board"]))
    assert r.status_code == 400
    r = client.post(f"/api/penalties/{pid}/decision", json=good, headers=bearer(tokens["board"]))
    assert r.status_code == 409 and "already decided" in r.json()["error"]
