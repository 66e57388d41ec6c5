"""HTTP routes for the ledger: the same bytes the `truce ledger` commands print.

Parsing and formatting only; every answer comes from truce.services.ledger_service.
Errors are raised as TruceError and mapped to {"error": ...} by the app's handler.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from truce.services import ledger_service
from truce.store.db import Database

router = APIRouter(tags=["ledger"])

_TEXT = "text/plain; charset=utf-8"
_JSON = "application/json"


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@router.get("/ledger/checkpoint", response_class=PlainTextResponse)
def get_checkpoint(request: Request) -> Response:
    """The latest signed checkpoint note (C2SP tlog-checkpoint), cosignatures last."""
    return Response(ledger_service.checkpoint(_db(request)), media_type=_TEXT)


@router.get("/ledger/key", response_class=PlainTextResponse)
def get_key(request: Request) -> Response:
    """The verifier key string that checks the checkpoints (Go sumdb/note format)."""
    return Response(ledger_service.verifier_key(_db(request)) + "\n", media_type=_TEXT)


@router.get("/ledger/entries", response_class=PlainTextResponse)
def get_entries(
    request: Request,
    start: int = Query(..., description="First seq (inclusive)."),
    end: int = Query(..., description="Last seq + 1 (exclusive), at most the current size."),
) -> Response:
    """Entries start..end-1, one RFC 8785 canonical JSON per line."""
    rows = ledger_service.entries(_db(request), start, end)
    return Response(ledger_service.format_entries(rows), media_type=_TEXT)


@router.get("/ledger/proof/inclusion")
def get_inclusion_proof(
    request: Request,
    index: int = Query(..., description="The entry's seq."),
    size: int = Query(..., description="Tree size, at most the current checkpoint's."),
) -> Response:
    """RFC 9162 inclusion proof: {"index","size","hashes":[base64...]}."""
    proof = ledger_service.prove_inclusion(_db(request), index, size)
    return Response(ledger_service.proof_json(proof), media_type=_JSON)


@router.get("/ledger/proof/consistency")
def get_consistency_proof(
    request: Request,
    old: int = Query(..., description="The older tree size."),
    new: int = Query(..., description="The newer tree size, at most the current checkpoint's."),
) -> Response:
    """RFC 9162 consistency proof: {"old","new","hashes":[base64...]}."""
    proof = ledger_service.prove_consistency(_db(request), old, new)
    return Response(ledger_service.proof_json(proof), media_type=_JSON)


@router.get("/tile/{path:path}")
def get_tile(request: Request, path: str) -> Response:
    """C2SP tlog-tiles: hash tiles tile/<L>/<N>[.p/<W>] and entry bundles tile/entries/<N>[.p/<W>]."""
    return Response(ledger_service.tile(_db(request), path), media_type="application/octet-stream")
