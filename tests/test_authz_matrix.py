"""Every role on every verification route (API and pages), on SQLite and PostgreSQL.

Write routes get bodies that pass authorisation but fail later (unknown state,
missing evidence, ...), so an allowed role answers 400/404/409 with a reason and a
refused one 401/403/404, and no request changes what the next one sees. A record that
is missing or hidden from the caller answers 404 before its role or body is judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import AGREEMENT_V1, report
from truce.services import users
from truce.services.context import Context
from truce.web.app import create_app

ROLES: dict[str, tuple[str, str | None]] = {
    "secretariat": ("secretariat", None),
    "verifier": ("verifier", None),
    "board": ("board", "MED"),
    "nor": ("party", "NOR"),
    "sou": ("party", "SOU"),
    "monitor": ("monitor", None),
    "public": ("public", None),
}
ALL = [*ROLES, "anonymous"]


def row(**status: int) -> dict[str, int]:
    """Expected status per role; ``rest`` fills the roles not named."""
    rest = status.pop("rest", 0)
    return {r: status.get(r, rest) for r in ALL}


STAFF_AND_NOR = row(secretariat=200, verifier=200, board=200, nor=200, rest=404)
CONCERNED = row(secretariat=200, verifier=200, board=200, nor=200, sou=200, rest=404)


def api_matrix(r: int, e: str, c: int, i: int) -> list[tuple[str, str, Any, dict[str, int]]]:
    return [
        ("GET", f"/api/reports/{r}", None, STAFF_AND_NOR),
        ("GET", f"/api/evidence/{e}", None, STAFF_AND_NOR),
        ("GET", f"/api/incidents/{i}", None, CONCERNED),
        ("GET", f"/api/cases/{c}", None, CONCERNED),
        ("GET", "/api/cases", None, row(rest=200)),
        ("GET", "/api/penalties", None, row(rest=200)),
        ("GET", "/api/penalties/999", None, row(rest=404)),
        ("GET", "/api/inbox", None, row(anonymous=401, rest=200)),
        ("POST", "/api/agreements", "version: [", row(secretariat=400, anonymous=401, rest=403)),
        (
            "POST",
            f"/api/cases/{c}/transitions",
            {"to": "nowhere", "reason": "r"},
            row(secretariat=400, verifier=400, monitor=404, public=404, anonymous=401, rest=403),
        ),
        (
            "POST",
            f"/api/cases/{c}/responses",
            {"text": "t", "evidence": ["00" * 32]},
            row(sou=400, monitor=404, public=404, anonymous=401, rest=403),
        ),
        (
            "POST",
            f"/api/cases/{c}/verdict",
            {
                "outcome": "verified",
                "provisions": ["P1"],
                "responsible_party": "SOU",
                "reasons": "r",
            },
            row(verifier=409, monitor=404, public=404, anonymous=401, rest=403),
        ),
        (
            "POST",
            f"/api/cases/{c}/appeals",
            {"reasons": "r"},
            row(monitor=404, public=404, anonymous=401, rest=403),
        ),
        (
            "POST",
            "/api/cases/999/transitions",
            {"to": "disputed", "reason": "r"},
            row(anonymous=401, rest=404),
        ),
        (
            "POST",
            "/api/penalties/999/decision",
            {"decision": "accept"},
            row(anonymous=401, rest=404),
        ),
        (
            "POST",
            f"/api/reports/{r}/link",
            {"incident_id": 999, "reason": "r"},
            row(
                secretariat=404,
                verifier=404,
                sou=404,
                monitor=404,
                public=404,
                anonymous=401,
                rest=403,
            ),
        ),
        *bad_bodies(r, c),
    ]


def bad_bodies(r: int, c: int) -> list[tuple[str, str, Any, dict[str, int]]]:
    """Bad bodies sent to records that are missing or hidden: 404 all the same, or the
    answer would tell a hidden record from a missing one."""
    missing = row(anonymous=401, rest=404)
    # a malformed body on a record the caller sees is bad input; on one it may not see, 404
    hidden = row(monitor=404, public=404, anonymous=401, rest=400)
    out: list[tuple[str, str, Any, dict[str, int]]] = []
    for body in (b"{not json", b"[1, 2]", {}, {"to": 7, "text": "", "reasons": None}):
        for action in ("transitions", "responses", "verdict", "appeals"):
            out.append(("POST", f"/api/cases/999/{action}", body, missing))
        out.append(("POST", "/api/penalties/999/decision", body, missing))
        for action in ("link", "unlink"):
            out.append(("POST", f"/api/reports/999/{action}", body, missing))
    for action in ("transitions", "responses", "verdict", "appeals"):
        out.append(("POST", f"/api/cases/{c}/{action}", b"{not json", hidden))
    out.append(
        (
            "POST",
            f"/api/reports/{r}/unlink",
            b"{not json",
            row(sou=404, monitor=404, public=404, anonymous=401, rest=400),
        )
    )
    return out


def page_matrix(c: int) -> list[tuple[str, str, dict[str, int]]]:
    return [
        ("GET", "/inbox", row(anonymous=303, rest=200)),
        ("GET", "/cases", row(rest=200)),
        ("GET", f"/cases/{c}", CONCERNED),
        ("GET", "/login", row(rest=200)),
        ("POST", f"/cases/{c}/transitions", row(anonymous=401, rest=403)),  # no CSRF token
        ("POST", f"/cases/{c}/responses", row(anonymous=401, rest=403)),
        ("POST", "/penalties/1/decision", row(anonymous=401, rest=403)),
        ("POST", "/logout", row(anonymous=403, rest=403)),
    ]


@pytest.fixture
def client(ctx: Context) -> Iterator[TestClient]:
    with TestClient(
        create_app(context=ctx), raise_server_exceptions=False, follow_redirects=False
    ) as c:
        yield c


def test_every_role_on_every_route(client: TestClient, ctx: Context) -> None:
    tokens = {
        name: users.add_user(ctx, f"{name} person", role, party).token
        for name, (role, party) in ROLES.items()
    }
    auth = {name: {"Authorization": f"Bearer {t}"} for name, t in tokens.items()}
    auth["anonymous"] = {}
    r = client.post(
        "/api/agreements",
        content=AGREEMENT_V1,
        headers={**auth["secretariat"], "Content-Type": "application/yaml"},
    )
    assert r.status_code == 201
    ev = client.post(
        "/api/evidence",
        content=b"statement of the post commander",
        headers={**auth["nor"], "Content-Type": "text/plain"},
    )
    sha = ev.json()["sha256"]
    filed = client.post("/api/reports", json=report(evidence=[sha]), headers=auth["nor"]).json()
    wrong: list[str] = []
    for method, path, body, expected in api_matrix(
        filed["id"], sha, filed["case_id"], filed["incident_id"]
    ):
        for who in ALL:
            kwargs: dict[str, Any] = {"headers": dict(auth[who])}
            if isinstance(body, str):
                kwargs["content"] = body
                kwargs["headers"]["Content-Type"] = "application/yaml"
            elif isinstance(body, bytes):
                kwargs["content"] = body
                kwargs["headers"]["Content-Type"] = "application/json"
            elif body is not None:
                kwargs["json"] = body
            got = client.request(method, path, **kwargs)
            if got.status_code != expected[who]:
                wrong.append(
                    f"{who} {method} {path}: {got.status_code} (expected {expected[who]}) {got.text[:120]}"
                )
            elif got.status_code >= 400:
                assert got.json()["error"], path
    for who in ALL:
        client.cookies.clear()
        if who != "anonymous":
            login = client.post("/login", data={"token": tokens[who]})
            assert login.status_code == 303 and "httponly" in login.headers["set-cookie"].lower()
            assert "samesite=strict" in login.headers["set-cookie"].lower()
        for method, path, expected in page_matrix(filed["case_id"]):
            got = client.request(
                method,
                path,
                data={"reason": "r", "to": "disputed", "text": "t"} if method == "POST" else None,
            )
            if got.status_code != expected[who]:
                wrong.append(
                    f"{who} page {method} {path}: {got.status_code} (expected {expected[who]})"
                )
    # evidence uploads: party, monitor and verifier may (spec/api.md), the others may not
    for who in ALL:
        got = client.post(
            "/api/evidence",
            content=f"note by {who}".encode(),
            headers={**auth[who], "Content-Type": "text/plain"},
        )
        want = {"secretariat": 403, "board": 403, "public": 403, "anonymous": 401}.get(who, 201)
        if got.status_code != want:
            wrong.append(f"{who} POST /api/evidence: {got.status_code} (expected {want})")
    assert not wrong, "\n".join(wrong)


def test_hidden_things_leave_no_trace_in_pages(client: TestClient, ctx: Context) -> None:
    nor = users.add_user(ctx, "n", "party", "NOR")
    sec = users.add_user(ctx, "s", "secretariat")
    sou = users.add_user(ctx, "o", "party", "SOU")
    client.post(
        "/api/agreements",
        content=AGREEMENT_V1,
        headers={"Authorization": f"Bearer {sec.token}", "Content-Type": "application/yaml"},
    )
    secret = "Mortar rounds from the ridge at grid 4417"
    filed = client.post(
        "/api/reports",
        json=report(summary=secret),
        headers={"Authorization": f"Bearer {nor.token}"},
    ).json()
    client.post("/login", data={"token": sou.token})
    for path in (
        "/",
        "/incidents",
        f"/incidents/{filed['incident_id']}",
        f"/cases/{filed['case_id']}",
        "/cases",
        "/inbox",
        "/timeline",
    ):
        page = client.get(path)
        assert secret not in page.text, path
    case_page = client.get(f"/cases/{filed['case_id']}")
    assert (
        case_page.status_code == 200
        and "signed in as o" in case_page.text
        and "Answer" in case_page.text
    )
    for path in (
        "/api/incidents",
        f"/api/incidents/{filed['incident_id']}",
        f"/api/cases/{filed['case_id']}",
        "/ledger/entries?start=0&end=5",
    ):
        got = client.get(path, headers={"Authorization": f"Bearer {sou.token}"})
        assert secret not in got.text, path
