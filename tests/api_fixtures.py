"""Fixtures for tests that drive the HTTP API: a client on the ``ctx`` database and one
bearer token per role, with the test agreement loaded. Import the fixtures by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import AGREEMENT_V1
from truce.services import users
from truce.services.context import Context
from truce.web.app import create_app

Headers = dict[str, str]


@pytest.fixture
def client(ctx: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=ctx), raise_server_exceptions=False) as c:
        yield c


def bearer(ctx: Context, role: str, party: str | None = None) -> Headers:
    """Headers for a new user of ``role`` (and ``party``)."""
    token = users.add_user(ctx, f"{role} {party or ''}", role, party).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def people(client: TestClient, ctx: Context) -> dict[str, Headers]:
    """One user per role; the secretariat has loaded AGREEMENT_V1."""
    sec = bearer(ctx, "secretariat")
    r = client.post(
        "/api/agreements", content=AGREEMENT_V1, headers={**sec, "Content-Type": "application/yaml"}
    )
    assert r.status_code == 201, r.text
    return {
        "sec": sec,
        "ver": bearer(ctx, "verifier"),
        "board": bearer(ctx, "board", "MED"),
        "board_nor": bearer(ctx, "board", "NOR"),
        "nor": bearer(ctx, "party", "NOR"),
        "sou": bearer(ctx, "party", "SOU"),
        "mon": bearer(ctx, "monitor"),
        "pub": bearer(ctx, "public"),
    }
