"""The HTTP API and pages, in-process over ASGI, on a fresh SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import AGREEMENT_V1, report
from truce.services import users
from truce.services.context import Context
from truce.web.app import create_app


@pytest.fixture
def client(sqlite_ctx: Context) -> Iterator[TestClient]:
    app = create_app(context=sqlite_ctx)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def token(ctx: Context, role: str, party: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {users.add_user(ctx, role + ' user', role, party).token}"}


@pytest.fixture
def loaded(client: TestClient, sqlite_ctx: Context) -> dict[str, dict[str, str]]:
    sec = token(sqlite_ctx, "secretariat")
    r = client.post(
        "/api/agreements", content=AGREEMENT_V1, headers={**sec, "Content-Type": "application/yaml"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["id"] == "test-accord" and r.json()["version"] == 1
    return {
        "sec": sec,
        "nor": token(sqlite_ctx, "party", "NOR"),
        "pub": token(sqlite_ctx, "public"),
    }


def test_file_and_read_back_a_report(client: TestClient, loaded: dict[str, dict[str, str]]) -> None:
    r = client.post("/api/reports", json=report(), headers=loaded["nor"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"id", "incident_id", "case_id", "ledger_index"}
    # a party's filing is not public: anonymous callers get the same 404 as for nothing
    assert client.get(f"/api/reports/{body['id']}").status_code == 404
    rep = client.get(f"/api/reports/{body['id']}", headers=loaded["nor"]).json()
    assert rep["summary"] == report()["summary"] and rep["ledger_index"] == body["ledger_index"]
    inc = client.get(f"/api/incidents/{body['incident_id']}", headers=loaded["sec"]).json()
    for key in ("id", "event_type", "date", "date_end", "location", "reports", "corroboration"):
        assert key in inc
    assert inc["reports"] == [body["id"]]
    assert set(inc["corroboration"]) >= {"score", "reasons"}
    listing = client.get("/api/incidents", params={"event_type": "shelling"}, headers=loaded["sec"])
    assert listing.json()["total"] == 1
    assert client.get("/api/incidents", params={"event_type": "shelling"}).json()["total"] == 0
    sec = loaded["sec"]
    assert (
        client.get("/api/incidents", params={"event_type": "air_strike"}, headers=sec).json()[
            "total"
        ]
        == 0
    )
    # the ledger now proves the report's entry
    proof = client.get(
        "/ledger/proof/inclusion",
        params={"index": body["ledger_index"], "size": body["ledger_index"] + 1},
    )
    assert proof.status_code == 200 and proof.json()["index"] == body["ledger_index"]


@pytest.mark.parametrize(
    ("headers", "content", "status", "reason"),
    [
        ({}, b"{}", 401, "Bearer"),
        ({"Authorization": "Bearer trc_nope_nope"}, b"{}", 401, "invalid"),
        ("nor", b"{not json", 400, "not valid JSON"),
        ("nor", b"\xff\xfe\x00", 400, "UTF-8"),
        ("nor", b"", 400, "empty"),
        ("nor", b'{"agreement_id": "test-accord"}', 400, "source"),
        ("pub", None, 403, "public"),
        ("nor", b"x" * 2_000_000, 413, "limit"),
    ],
)
def test_bad_requests_get_a_reason_and_change_nothing(
    client: TestClient,
    loaded: dict[str, dict[str, str]],
    headers: object,
    content: bytes | None,
    status: int,
    reason: str,
) -> None:
    h = loaded[headers] if isinstance(headers, str) else dict(headers)  # type: ignore[arg-type]
    if content is None:
        r = client.post("/api/reports", json=report(), headers=h)
    else:
        r = client.post(
            "/api/reports", content=content, headers={**h, "Content-Type": "application/json"}
        )
    assert r.status_code == status, r.text
    assert reason.lower() in r.json()["error"].lower()
    assert client.get("/api/incidents").json()["total"] == 0


def test_unknown_things_are_404_json_and_pages_are_html(
    client: TestClient, loaded: dict[str, dict[str, str]]
) -> None:
    r = client.get("/api/incidents/999")
    assert r.status_code == 404 and r.json() == {"error": "no incident 999"}
    page = client.get("/incidents/999", headers={"Accept": "text/html"})
    assert (
        page.status_code == 404 and "no incident 999" in page.text and "Traceback" not in page.text
    )
    bad = client.get("/api/incidents", params={"from": "yesterday"})
    assert bad.status_code == 400 and "from" in bad.json()["error"]


@pytest.mark.parametrize(
    "path",
    ["/", "/incidents", "/timeline", "/ledger", "/agreements/test-accord", "/api/openapi.json"],
)
def test_pages_render(client: TestClient, loaded: dict[str, dict[str, str]], path: str) -> None:
    client.post("/api/reports", json=report(), headers=loaded["nor"])
    r = client.get(path)
    assert r.status_code == 200, r.text
    if path.startswith("/api"):
        assert "/api/reports" in r.json()["paths"]
    else:
        assert "<html" in r.text and "cdn" not in r.text.lower()
        for src in ("https://", "http://"):
            assert f'src="{src}' not in r.text and f'href="{src}' not in r.text.replace(
                'href="https://example.org', ""
            )


def test_overview_shows_agreement_and_counts(
    client: TestClient, loaded: dict[str, dict[str, str]]
) -> None:
    news = report(
        source={"kind": "news", "outlet": "Dawn", "url": "https://example.org/x"},
        accused_party=None,
    )
    assert client.post("/api/reports", json=news, headers=loaded["sec"]).status_code == 201
    html = client.get("/").text
    assert "Test accord between Northland and Southland" in html
    assert "Republic of Northland" in html and "Mediating State" in html
    assert "shelling" in html


def test_ledger_http_matches_spec_shapes(
    client: TestClient, loaded: dict[str, dict[str, str]]
) -> None:
    note = client.get("/ledger/checkpoint").text
    lines = note.split("\n")
    # one user.added before the agreement, the agreement, then two more users
    assert lines[0] == "truce.local/test-accord" and lines[1] == "4" and lines[3] == ""
    assert lines[4].startswith("— truce.local/test-accord ")
    assert client.get("/ledger/key").text.startswith("truce.local/test-accord+")
    out = client.get("/ledger/proof/inclusion", params={"index": 5, "size": 1})
    assert out.status_code == 400 and "error" in out.json()
    entries = client.get("/ledger/entries", params={"start": 0, "end": 4}).text
    assert entries.endswith("\n") and len(entries.splitlines()) == 4
    assert '"kind":"agreement.loaded"' in entries.splitlines()[1]


def test_asgi_client_works_too(sqlite_ctx: Context) -> None:
    import asyncio

    async def go() -> int:
        transport = httpx.ASGITransport(app=create_app(context=sqlite_ctx))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return (await c.get("/api/agreements")).status_code

    assert asyncio.run(go()) == 200


def test_who_may_file_what_follows_the_spec(
    client: TestClient, sqlite_ctx: Context, loaded: dict[str, dict[str, str]]
) -> None:
    """Party for itself, monitor observations, secretariat news; nobody else."""
    as_party = report()
    assert client.post("/api/reports", json=as_party, headers=loaded["sec"]).status_code == 403
    news = report(source={"kind": "news", "outlet": "Dawn"}, accused_party=None)
    verifier = token(sqlite_ctx, "verifier")
    assert client.post("/api/reports", json=news, headers=verifier).status_code == 403
    assert client.post("/api/reports", json=news, headers=loaded["nor"]).status_code == 403
    assert client.post("/api/reports", json=news, headers=loaded["sec"]).status_code == 201
    assert client.post("/api/reports", json=as_party, headers=loaded["nor"]).status_code == 201


def test_openapi_document_never_promises_422(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    codes = {code for ops in paths.values() for op in ops.values() for code in op["responses"]}
    assert "422" not in codes and "400" in codes
