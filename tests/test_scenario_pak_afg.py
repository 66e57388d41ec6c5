"""The Pakistan–Afghanistan 2025 example driven through the API as the real actors
would, ending in the penalties the schedule foresees; then the ledger and the
compliance replay are checked from the command line, and a tampered proposal is caught."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from truce.cli.main import main
from truce.services import users
from truce.services.context import Context
from truce.store.tables import penalties
from truce.web.app import create_app

DEMO = Path(__file__).resolve().parents[1] / "src" / "truce" / "demo"


def body(
    source: dict[str, Any],
    accused: str | None,
    event_type: str,
    day: str,
    place: tuple[str, float, float, str],
    fatalities: int,
    summary: str,
    **over: Any,
) -> dict[str, Any]:
    name, lat, lon, cc = place
    out: dict[str, Any] = {
        "agreement_id": "pak-afg-2025",
        "source": source,
        "accused_party": accused,
        "event_type": event_type,
        "date": day,
        "date_end": day,
        "date_precision": "day",
        "location": {"name": name, "lat": lat, "lon": lon, "country_code": cc, "precision": 3},
        "actors": [],
        "fatalities": {"best": fatalities, "low": fatalities, "high": fatalities},
        "summary": summary,
        "evidence": [],
    }
    out.update(over)
    return out


KURRAM = ("Kurram", 33.9, 70.1, "PK")
PAKTIKA = ("Paktika", 32.6, 68.8, "AF")
CHAMAN = ("Chaman", 30.92, 66.45, "PK")
BANNU = ("Bannu", 32.99, 70.6, "PK")
PAK = {"kind": "party", "party": "PAK"}
AFG = {"kind": "party", "party": "AFG"}


@pytest.fixture
def client(sqlite_ctx: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=sqlite_ctx), raise_server_exceptions=False) as c:
        yield c


def test_pak_afg_2025(
    client: TestClient,
    sqlite_ctx: Context,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ctx = sqlite_ctx
    sec = {"Authorization": f"Bearer {users.add_user(ctx, 'Secretariat', 'secretariat').token}"}
    for v in (1, 2):
        r = client.post(
            "/api/agreements",
            content=(DEMO / f"pak-afg-2025.v{v}.yaml").read_bytes(),
            headers={**sec, "Content-Type": "application/yaml"},
        )
        assert r.status_code == 201 and r.json()["version"] == v

    def who(name: str, role: str, party: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {users.add_user(ctx, name, role, party).token}"}

    pak, afg, mon = (
        who("PAK liaison", "party", "PAK"),
        who("AFG liaison", "party", "AFG"),
        who("Monitor team 1", "monitor"),
    )
    ver, qat = who("Verifier", "verifier"), who("Qatar board member", "board", "QAT")

    def file(h: dict[str, str], b: dict[str, Any]) -> dict[str, Any]:
        r = client.post("/api/reports", json=b, headers=h)
        assert r.status_code == 201, r.text
        out: dict[str, Any] = r.json()
        return out

    def move(case: int, to: str, reason: str) -> None:
        r = client.post(
            f"/api/cases/{case}/transitions", json={"to": to, "reason": reason}, headers=ver
        )
        assert r.status_code == 200, r.text

    def rule(case: int, verdict: dict[str, Any]) -> dict[str, Any]:
        r = client.post(f"/api/cases/{case}/verdict", json=verdict, headers=ver)
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    # A: 21 Oct, Afghan shelling in Kurram, no deaths (Doha text, v1); a monitor corroborates
    a = file(
        pak,
        body(
            PAK,
            "AFG",
            "shelling",
            "2025-10-21",
            KURRAM,
            0,
            "Mortar fire from across the border hit Kurram posts.",
        ),
    )
    m = file(
        mon,
        body(
            {"kind": "monitor"},
            None,
            "shelling",
            "2025-10-21",
            KURRAM,
            0,
            "Team saw fresh mortar craters at two Kurram posts.",
        ),
    )
    assert m["incident_id"] == a["incident_id"]
    corr = client.get(f"/api/incidents/{a['incident_id']}", headers=ver).json()["corroboration"]
    assert corr["score"] > 0 and any("monitor" in reason for reason in corr["reasons"])
    # B: 25 Oct, Pakistani air strike in Paktika, 3 dead (v1); a news outlet corroborates
    b = file(
        afg,
        body(
            AFG,
            "PAK",
            "air_strike",
            "2025-10-25",
            PAKTIKA,
            3,
            "Pakistani jets struck houses in Paktika.",
        ),
    )
    n = file(
        sec,
        body(
            {"kind": "news", "outlet": "Dawn", "url": "https://www.dawn.com/"},
            None,
            "air_strike",
            "2025-10-25",
            PAKTIKA,
            3,
            "Air strikes reported in Paktika province.",
        ),
    )
    assert n["incident_id"] == b["incident_id"]
    # C: 2 Nov, clash at Chaman, 1 dead (Istanbul text, v2); D: 5 Nov, bombing in Bannu launched from Afghan soil
    c = file(
        pak,
        body(
            PAK,
            "AFG",
            "armed_clash",
            "2025-11-02",
            CHAMAN,
            1,
            "Afghan border forces opened fire at Chaman.",
        ),
    )
    d = file(
        pak,
        body(
            PAK,
            "AFG",
            "explosive_attack",
            "2025-11-05",
            BANNU,
            4,
            "A bomb attack in Bannu, planned across the border.",
        ),
    )
    # E: 6 Nov, AFG alleges shelling nobody else saw
    e = file(
        afg, body(AFG, "PAK", "shelling", "2025-11-06", PAKTIKA, 0, "Shelling on Barmal district.")
    )
    assert len({x["case_id"] for x in (a, b, c, d, e)}) == 5

    # the accused answers in its inbox
    inbox = client.get("/api/inbox", headers=afg).json()["items"]
    assert {i["case_id"] for i in inbox if i["kind"] == "allegation"} == {
        a["case_id"],
        c["case_id"],
        d["case_id"],
    }
    r = client.post(
        f"/api/cases/{a['case_id']}/responses",
        json={"text": "Our posts answered fire from the other side."},
        headers=afg,
    )
    assert r.status_code == 200
    for x in (a, b, c, d, e):
        move(x["case_id"], "under_verification", "reports and sources collected")
    rule(
        a["case_id"],
        {
            "outcome": "verified",
            "provisions": ["P1"],
            "responsible_party": "AFG",
            "fatalities": {"best": 0, "low": 0, "high": 0},
            "reasons": "monitor saw the craters",
        },
    )
    rule(
        b["case_id"],
        {
            "outcome": "verified",
            "provisions": ["P1"],
            "responsible_party": "PAK",
            "fatalities": {"best": 3, "low": 3, "high": 3},
            "reasons": "party and news agree",
        },
    )
    rule(
        c["case_id"],
        {
            "outcome": "verified",
            "provisions": ["P1"],
            "responsible_party": "AFG",
            "fatalities": {"best": 1, "low": 1, "high": 1},
            "reasons": "two sources",
        },
    )
    # territory_of_origin: the attack in Pakistan is AFG's responsibility because it was launched from AF
    bad = client.post(
        f"/api/cases/{d['case_id']}/verdict",
        json={
            "outcome": "verified",
            "provisions": ["P2"],
            "responsible_party": "AFG",
            "origin_country": "PK",
            "reasons": "x",
        },
        headers=ver,
    )
    assert bad.status_code == 400 and "own soil" in bad.json()["error"]
    dv = rule(
        d["case_id"],
        {
            "outcome": "verified",
            "provisions": ["P2"],
            "responsible_party": "AFG",
            "origin_country": "AF",
            "fatalities": {"best": 4, "low": 4, "high": 4},
            "reasons": "cell crossed from Paktika",
        },
    )
    assert (
        dv["verdict"]["responsibility"] == {"P2": "territory_of_origin"}
        and dv["verdict"]["agreement_version"] == 2
    )
    rule(e["case_id"], {"outcome": "unverifiable", "reasons": "no second source"})

    # the accused appeals D; the verifiers uphold it; the upheld verdict keeps its proposal
    r = client.post(
        f"/api/cases/{d['case_id']}/appeals",
        json={"reasons": "the cell was Pakistani"},
        headers=afg,
    )
    assert r.status_code == 200 and r.json()["state"] == "appealed"
    upheld = rule(
        d["case_id"],
        {
            "outcome": "verified",
            "provisions": ["P2"],
            "responsible_party": "AFG",
            "origin_country": "AF",
            "fatalities": {"best": 4, "low": 4, "high": 4},
            "reasons": "appeal rejected: entry route confirmed",
        },
    )
    assert len(upheld["penalty_ids"]) == 1

    pens = {p["case_id"]: p for p in client.get("/api/penalties", headers=qat).json()}
    assert set(pens) == {a["case_id"], b["case_id"], c["case_id"], d["case_id"]}
    expected = {
        a["case_id"]: (1, {"penalty": "formal_warning"}),  # v1, first, no deaths
        b["case_id"]: (1, {"penalty": "formal_censure"}),  # v1, first for PAK, deaths
        c["case_id"]: (
            2,
            {"penalty": "suspension", "what": "border crossing trade", "days": 7},
        ),  # v2, A within 90 days
        d["case_id"]: (
            3,
            {"penalty": "referral", "to": "guarantors"},
        ),  # v2, A and C within 90 days
    }
    assert {k: (p["n"], p["proposed"]) for k, p in pens.items()} == expected
    assert pens[a["case_id"]]["rule"].startswith("n == 1 and fatalities == 0")

    # the board decides: accept, change with reasons, reject
    for case, decision in (
        (a, {"decision": "accept"}),
        (
            b,
            {
                "decision": "change",
                "penalty": {"penalty": "formal_warning"},
                "reasons": "isolated strike",
            },
        ),
        (c, {"decision": "accept"}),
        (d, {"decision": "reject", "reasons": "joint investigation instead"}),
    ):
        r = client.post(
            f"/api/penalties/{pens[case['case_id']]['id']}/decision", json=decision, headers=qat
        )
        assert r.status_code == 200, r.text
        assert r.json()["decision"]["decision"] == decision["decision"]
    public = client.get("/api/penalties").json()
    assert len(public) == 4 and all(p["decision"] for p in public)
    # AFG sees its own and PAK's decided penalties, but never PAK's unpublished report E... E is AFG's; PAK's A report is public now
    assert (
        client.get(f"/api/reports/{e['id']}", headers=pak).status_code == 200
    )  # published with its verdict

    monkeypatch.setenv("TRUCE_DATABASE_URL", ctx.settings.database_url)
    monkeypatch.setenv("TRUCE_HOME", str(ctx.settings.home))
    assert main(["compliance", "replay"]) == 0
    assert "all 4 penalty proposals match" in capsys.readouterr().out
    assert main(["ledger", "verify"]) == 0

    with ctx.db.write() as conn:
        conn.execute(update(penalties).where(penalties.c.case_id == c["case_id"]).values(n=1))
    assert main(["compliance", "replay"]) == 3
    assert "difference" in capsys.readouterr().err
