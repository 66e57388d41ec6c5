"""The case workflow through the HTTP API on SQLite and PostgreSQL: deadlines, verdicts,
penalties, decisions, bad input that changes nothing, and concurrent transitions."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import report
from truce.services import ledger_service
from truce.services.context import Context, now


def size(ctx: Context) -> int:
    with ctx.db.read() as conn:
        return ledger_service.current_size(conn)


def open_case(client: TestClient, people: dict[str, dict[str, str]], **over: Any) -> dict[str, Any]:
    r = client.post("/api/reports", json=report(**over), headers=people["nor"])
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    assert out["case_id"] is not None
    return out


def to_verification(client: TestClient, people: dict[str, dict[str, str]], case_id: int) -> None:
    r = client.post(
        f"/api/cases/{case_id}/transitions",
        json={"to": "under_verification", "reason": "two sources"},
        headers=people["ver"],
    )
    assert r.status_code == 200, r.text


VERDICT = {
    "outcome": "verified",
    "provisions": ["P1"],
    "responsible_party": "SOU",
    "fatalities": {"best": 2, "low": 2, "high": 3},
    "reasons": "crater analysis and two independent sources",
}


def test_case_from_complaint_to_decided_penalty(
    client: TestClient, people: dict[str, dict[str, str]], ctx: Context
) -> None:
    filed = open_case(client, people)
    cid = filed["case_id"]
    case = client.get(f"/api/cases/{cid}", headers=people["sou"]).json()
    assert (
        case["state"] == "reported"
        and case["accused_party"] == "SOU"
        and case["complainants"] == ["NOR"]
    )
    assert case["deadlines"]["response_by"] and case["reports"] == []  # NOR's filing stays NOR's
    inbox = client.get("/api/inbox", headers=people["sou"]).json()
    assert [i["case_id"] for i in inbox["items"] if i["kind"] == "allegation"] == [cid]
    r = client.post(
        f"/api/cases/{cid}/responses",
        json={"text": "Our posts returned fire."},
        headers=people["sou"],
    )
    assert r.status_code == 200 and r.json()["responses"][0]["text"] == "Our posts returned fire."
    # the complainant does not see the answer before publication
    assert client.get(f"/api/cases/{cid}", headers=people["nor"]).json()["responses"] == []
    to_verification(client, people, cid)
    r = client.post(f"/api/cases/{cid}/verdict", json=VERDICT, headers=people["ver"])
    assert r.status_code == 200, r.text
    case = r.json()
    assert case["state"] == "verified" and case["verdict"]["agreement_version"] == 1
    assert len(case["penalty_ids"]) == 1 and case["deadlines"]["appeal_by"]
    pid = case["penalty_ids"][0]
    pen = client.get(f"/api/penalties/{pid}", headers=people["board"]).json()
    # first violation, 2 dead: the first line (fatalities == 0) does not match, the second does
    assert (
        pen["n"] == 1
        and pen["proposed"] == {"penalty": "formal_censure"}
        and pen["decision"] is None
    )
    assert pen["rule"].startswith("n == 1")
    # the public sees the published case (with both statements) but not the undecided penalty
    assert client.get(f"/api/cases/{cid}").json()["responses"][0]["party"] == "SOU"
    assert client.get("/api/penalties").json() == []
    assert client.get(f"/api/penalties/{pid}").status_code == 404
    r = client.post(
        f"/api/penalties/{pid}/decision", json={"decision": "accept"}, headers=people["board_nor"]
    )
    assert r.status_code == 403 and "MED" in r.json()["error"]
    r = client.post(
        f"/api/penalties/{pid}/decision",
        json={
            "decision": "change",
            "penalty": {"penalty": "formal_warning"},
            "reasons": "first offence, contested",
        },
        headers=people["board"],
    )
    assert r.status_code == 200, r.text
    assert r.json()["decision"]["penalty"] == {"penalty": "formal_warning"}
    again = client.post(
        f"/api/penalties/{pid}/decision", json={"decision": "accept"}, headers=people["board"]
    )
    assert again.status_code == 409
    assert [p["id"] for p in client.get("/api/penalties").json()] == [pid]
    assert ledger_service.verify(ctx.db)


def test_deadlines_pass(
    client: TestClient, people: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = open_case(client, people)["case_id"]
    late = now() + timedelta(days=8)
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    monkeypatch.setattr(ctx, "clock", lambda: late)
    r = client.post(f"/api/cases/{cid}/responses", json={"text": "late"}, headers=people["sou"])
    assert r.status_code == 409 and "deadline passed" in r.json()["error"]
    monkeypatch.undo()
    to_verification(client, people, cid)
    assert (
        client.post(f"/api/cases/{cid}/verdict", json=VERDICT, headers=people["ver"]).status_code
        == 200
    )
    monkeypatch.setattr(ctx, "clock", lambda: now() + timedelta(days=15))
    r = client.post(f"/api/cases/{cid}/appeals", json={"reasons": "late"}, headers=people["sou"])
    assert r.status_code == 409 and "deadline passed" in r.json()["error"]
    monkeypatch.undo()
    r = client.post(
        f"/api/cases/{cid}/appeals",
        json={"reasons": "we were fired on first"},
        headers=people["nor"],
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/cases/{cid}/appeals",
        json={"reasons": "we were fired on first"},
        headers=people["sou"],
    )
    assert r.status_code == 200 and r.json()["state"] == "appealed"
    r = client.post(f"/api/cases/{cid}/appeals", json={"reasons": "again"}, headers=people["sou"])
    assert r.status_code == 409 and "already appealed" in r.json()["error"]


@pytest.mark.parametrize(
    ("path", "body", "who", "status", "reason"),
    [
        (
            "/api/cases/999/transitions",
            {"to": "under_verification", "reason": "x"},
            "ver",
            404,
            "no case 999",
        ),
        (
            "/api/cases/{cid}/transitions",
            {"to": "appealed", "reason": "x"},
            "ver",
            409,
            "cannot go from reported",
        ),
        (
            "/api/cases/{cid}/transitions",
            {"to": "flying", "reason": "x"},
            "ver",
            400,
            "unknown case state",
        ),
        ("/api/cases/{cid}/transitions", {"to": "under_verification"}, "ver", 400, "reason"),
        (
            "/api/cases/{cid}/transitions",
            {"to": "under_verification", "reason": "x"},
            "nor",
            403,
            "verifiers",
        ),
        (
            "/api/cases/{cid}/verdict",
            {**VERDICT, "provisions": ["P9"]},
            "ver",
            409,
            "cannot go from reported",
        ),
        ("/api/cases/{cid}/responses", {"text": "x"}, "nor", 403, "accused"),
        (
            "/api/cases/{cid}/responses",
            {"text": "x", "evidence": ["ab" * 32]},
            "sou",
            400,
            "no uploaded file",
        ),
    ],
)
def test_bad_case_requests_change_nothing(
    client: TestClient,
    people: dict[str, dict[str, str]],
    ctx: Context,
    path: str,
    body: dict[str, Any],
    who: str,
    status: int,
    reason: str,
) -> None:
    cid = open_case(client, people)["case_id"]
    before = size(ctx)
    r = client.post(path.format(cid=cid), json=body, headers=people[who])
    assert r.status_code == status, r.text
    assert reason in r.json()["error"]
    assert size(ctx) == before


def test_verdict_input_is_checked(
    client: TestClient, people: dict[str, dict[str, str]], ctx: Context
) -> None:
    cid = open_case(client, people)["case_id"]
    to_verification(client, people, cid)
    before = size(ctx)
    for body, reason in [
        ({**VERDICT, "provisions": ["P9"]}, "'P9' is not a provision"),
        ({**VERDICT, "responsible_party": "MED"}, "responsible_party"),
        ({**VERDICT, "outcome": "guilty"}, "outcome"),
        ({**VERDICT, "reasons": ""}, "reasons"),
        ({**VERDICT, "fatalities": {"best": 5, "low": 6, "high": 7}}, "low"),
    ]:
        r = client.post(f"/api/cases/{cid}/verdict", json=body, headers=people["ver"])
        assert r.status_code == 400 and reason in r.json()["error"], r.text
    r = client.post(f"/api/cases/{cid}/verdict", json=VERDICT, headers=people["sec"])
    assert r.status_code == 403
    assert size(ctx) == before
    assert (
        client.post(f"/api/cases/{cid}/verdict", json=VERDICT, headers=people["ver"]).status_code
        == 200
    )
    r = client.post(f"/api/cases/{cid}/verdict", json=VERDICT, headers=people["ver"])
    assert r.status_code == 409 and "verified" in r.json()["error"]


def test_duplicates_and_oversized_evidence(
    client: TestClient, people: dict[str, dict[str, str]], ctx: Context
) -> None:
    open_case(client, people)
    before = size(ctx)
    r = client.post("/api/reports", json=report(), headers=people["nor"])
    assert r.status_code == 409 and "duplicate" in r.json()["error"]
    big = b"x" * (ctx.settings.max_evidence_bytes + 1)
    r = client.post(
        "/api/evidence", content=big, headers={**people["nor"], "Content-Type": "text/plain"}
    )
    assert r.status_code == 413 and "limit" in r.json()["error"]
    r = client.post(
        "/api/evidence",
        content=b"MZ\x00\x01",
        headers={**people["nor"], "Content-Type": "image/png"},
    )
    assert r.status_code == 400 and "image/png" in r.json()["error"]
    assert size(ctx) == before


def test_evidence_is_seen_only_by_who_may_see_its_report(
    client: TestClient, people: dict[str, dict[str, str]], ctx: Context
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    up = client.post(
        "/api/evidence",
        content=png,
        headers={**people["nor"], "Content-Type": "image/png", "X-Filename": "crater.png"},
    )
    assert up.status_code == 201, up.text
    sha = up.json()["sha256"]
    assert up.json() == {"sha256": sha, "size": len(png), "media_type": "image/png"}
    assert (ctx.settings.evidence_dir / sha[:2] / sha).read_bytes() == png
    filed = open_case(client, people, evidence=[sha])
    assert client.get(f"/api/evidence/{sha}", headers=people["nor"]).content == png
    assert client.get(f"/api/evidence/{sha}", headers=people["ver"]).status_code == 200
    for who in ("sou", "mon", "pub"):
        r = client.get(f"/api/evidence/{sha}", headers=people[who])
        assert r.status_code == 404 and r.json() == {"error": f"no evidence {sha}"}
        r = client.get(f"/api/reports/{filed['id']}", headers=people[who])
        assert r.status_code == 404 and r.json() == {"error": f"no report {filed['id']}"}
    assert client.get(f"/api/evidence/{sha}").status_code == 404
    to_verification(client, people, filed["case_id"])
    client.post(f"/api/cases/{filed['case_id']}/verdict", json=VERDICT, headers=people["ver"])
    # published with the verdict: now everyone sees the report and its evidence
    assert client.get(f"/api/evidence/{sha}", headers=people["sou"]).content == png
    assert client.get(f"/api/reports/{filed['id']}").status_code == 200


def test_link_and_unlink_with_reason(
    client: TestClient, people: dict[str, dict[str, str]], ctx: Context
) -> None:
    a = open_case(client, people)
    b = client.post(
        "/api/reports",
        json=report(
            source={"kind": "monitor"},
            accused_party=None,
            summary="Shell craters seen at the post.",
        ),
        headers=people["mon"],
    ).json()
    assert b["incident_id"] == a["incident_id"]
    # NOR may not see the monitor's report, so it is not there for NOR at all; its own is
    r = client.post(
        f"/api/reports/{b['id']}/unlink", json={"reason": "different post"}, headers=people["nor"]
    )
    assert r.status_code == 404
    r = client.post(
        f"/api/reports/{a['id']}/unlink", json={"reason": "different post"}, headers=people["nor"]
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/reports/{b['id']}/unlink", json={"reason": "different post"}, headers=people["ver"]
    )
    assert r.status_code == 200 and r.json()["incident_id"] != a["incident_id"]
    moved = r.json()["incident_id"]
    r = client.post(
        f"/api/reports/{b['id']}/link",
        json={"incident_id": a["incident_id"], "reason": "same post after all"},
        headers=people["ver"],
    )
    assert r.status_code == 200 and r.json()["incident_id"] == a["incident_id"]
    assert r.json()["match"]["score"] > 0
    # nothing merged away: the incident made by the unlink is still there
    assert client.get(f"/api/incidents/{moved}", headers=people["ver"]).status_code == 200
    inc = client.get(f"/api/incidents/{a['incident_id']}", headers=people["ver"]).json()
    assert inc["reports"] == [a["id"], b["id"]] and inc["corroboration"]["reasons"]
    r = client.post(
        f"/api/reports/{b['id']}/link",
        json={"incident_id": a["incident_id"], "reason": "again"},
        headers=people["ver"],
    )
    assert r.status_code == 409


def test_concurrent_transitions_cannot_both_win(
    ctx: Context, people: dict[str, dict[str, str]], client: TestClient
) -> None:
    from truce.services import cases as case_service
    from truce.services.context import open_context
    from truce.services.users import User

    cid = open_case(client, people)["case_id"]
    verifier = User(999, "v", "verifier", None)
    # two contexts: two engines and two process locks, so only the database serialises them
    contexts = [open_context(ctx.settings, migrate=False) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def move(c: Context, target: str) -> None:
        barrier.wait()
        try:
            case_service.transition(c, cid, {"to": target, "reason": "race"}, verifier)
            results.append("ok")
        except Exception as err:  # the loser's refusal is what we count
            results.append(type(err).__name__)

    threads = [
        threading.Thread(target=move, args=(c, t))
        for c, t in zip(contexts, ["under_verification", "under_verification"], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in contexts:
        c.close()
    assert sorted(results) == ["Conflict", "ok"]
    state = client.get(f"/api/cases/{cid}", headers=people["ver"]).json()
    assert len(state["transitions"]) == 1
