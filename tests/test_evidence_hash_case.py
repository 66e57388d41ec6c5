"""Evidence hashes have one form: callers may send either case, Truce stores, logs and
returns lowercase hex (spec/ledger.md), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import report
from tests.api_fixtures import Headers
from truce.services import ledger_service
from truce.services.context import Context
from truce.services.evidence import canonical_hashes, canonical_sha256

SHA_LOWER = "ab" * 32


def test_canonical_form_of_a_hash() -> None:
    assert canonical_sha256("AB" * 32) == SHA_LOWER
    assert canonical_sha256("aB" * 32) == SHA_LOWER
    assert canonical_sha256(SHA_LOWER) == SHA_LOWER
    for bad in ("ab" * 31, "ab" * 33, "zz" * 32, SHA_LOWER + "\n", None, 7, ["ab" * 32]):
        assert canonical_sha256(bad) is None
    assert canonical_hashes(None) == [] and canonical_hashes(["AB" * 32]) == [SHA_LOWER]


def upload(client: TestClient, who: Headers, content: bytes) -> str:
    r = client.post("/api/evidence", content=content, headers={**who, "Content-Type": "text/plain"})
    assert r.status_code == 201, r.text
    sha: str = r.json()["sha256"]
    assert sha == sha.lower() and len(sha) == 64
    return sha


def test_either_case_in_lowercase_everywhere_out(
    client: TestClient, people: dict[str, Headers], ctx: Context
) -> None:
    sha = upload(client, people["nor"], b"statement of the post commander")
    filed = client.post("/api/reports", json=report(evidence=[sha.upper()]), headers=people["nor"])
    assert filed.status_code == 201, filed.text
    got = client.get(f"/api/reports/{filed.json()['id']}", headers=people["nor"]).json()
    assert got["evidence"] == [sha]
    # the same report with the hash in the other case is the same report
    again = client.post("/api/reports", json=report(evidence=[sha]), headers=people["nor"])
    assert again.status_code == 409 and "duplicate" in again.json()["error"]

    answer = upload(client, people["sou"], b"log of the southern post")
    case_id = filed.json()["case_id"]
    r = client.post(
        f"/api/cases/{case_id}/responses",
        json={"text": "We returned fire.", "evidence": [answer.upper()]},
        headers=people["sou"],
    )
    assert r.status_code == 200, r.text
    assert r.json()["responses"][0]["evidence"] == [answer]

    for who, h in ((people["nor"], sha), (people["sou"], answer)):
        for asked in (h, h.upper()):
            served = client.get(f"/api/evidence/{asked}", headers=who)
            assert served.status_code == 200, asked
    assert client.get(f"/api/evidence/{'zz' * 32}", headers=people["ver"]).status_code == 404

    with ctx.db.read() as conn:
        size = ledger_service.current_size(conn)
    logged = [json.loads(e) for e in ledger_service.entries(ctx.db, 0, size)]
    hashes = [
        h
        for e in logged
        for h in [e["body"].get("sha256"), *(e["body"].get("evidence") or [])]
        if isinstance(h, str)
    ]
    assert sha in hashes and answer in hashes
    assert all(h == h.lower() for h in hashes)


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (["zz" * 32], "evidence[0]"),
        ([SHA_LOWER, "ab"], "evidence[1]"),
        ("ab" * 32, "list"),
        (["AB" * 32], "no uploaded file has sha256 " + SHA_LOWER),
    ],
)
def test_malformed_or_unknown_hashes_in_an_answer_are_refused(
    client: TestClient, people: dict[str, Headers], evidence: object, message: str
) -> None:
    case_id = client.post("/api/reports", json=report(), headers=people["nor"]).json()["case_id"]
    r = client.post(
        f"/api/cases/{case_id}/responses",
        json={"text": "We returned fire.", "evidence": evidence},
        headers=people["sou"],
    )
    assert r.status_code == 400 and message in r.json()["error"], r.text
    case = client.get(f"/api/cases/{case_id}", headers=people["sou"]).json()
    assert case["responses"] == []
