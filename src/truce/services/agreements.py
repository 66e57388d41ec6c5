"""Use cases for agreements: load a version (or an amendment), list, show."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select

from truce.domain.agreement import Agreement, AgreementHistory, load_agreement
from truce.errors import Conflict, Invalid, NotFound
from truce.services import ledger_service
from truce.services.context import Context
from truce.store.tables import agreements


@dataclass(frozen=True)
class LoadedAgreement:
    id: str
    version: int
    ledger_index: int


def load(ctx: Context, text: str | bytes, *, by: str) -> LoadedAgreement:
    """Validate an agreement file and record it as a new version; nothing is stored if invalid."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise Invalid(f"agreement file is not UTF-8 text (byte {err.start})") from None
    if not text.strip():
        raise Invalid("agreement file is empty")
    agreement = load_agreement(text)
    with ctx.db.write() as conn:
        history = _history(conn, agreement.id)
        if any(v.version == agreement.version for v in history.versions):
            raise Conflict(
                f"agreement {agreement.id} version {agreement.version} is already loaded"
            )
        history.add(agreement)  # raises Invalid/Conflict for a bad amendment
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        at = ctx.now()
        ledger_service.propose_origin(conn, ctx.ledger(), f"truce.local/{agreement.id}")
        seq = ctx.append(
            conn,
            "agreement.loaded",
            by,
            {
                "agreement_id": agreement.id,
                "version": agreement.version,
                "effective": agreement.effective.isoformat(),
                "title": agreement.title,
                "source": {"sha256": sha, "text": text},
            },
        )
        conn.execute(
            agreements.insert().values(
                id=agreement.id,
                version=agreement.version,
                title=agreement.title,
                effective=agreement.effective,
                source_text=text,
                sha256=sha,
                loaded_at=at,
                loaded_by=by,
                ledger_seq=seq,
            )
        )
    return LoadedAgreement(agreement.id, agreement.version, seq)


@lru_cache(maxsize=64)
def _stored(text: str) -> Agreement:
    """A stored version, parsed once per process: every filing and page reads the
    agreement, and the text of a loaded version never changes (Agreement is frozen)."""
    return load_agreement(text)


def _history(conn: Connection, agreement_id: str) -> AgreementHistory:
    rows = conn.execute(
        select(agreements.c.source_text)
        .where(agreements.c.id == agreement_id)
        .order_by(agreements.c.version)
    ).all()
    history = AgreementHistory()
    for row in rows:
        history.add(_stored(row.source_text))
    return history


def history(conn: Connection, agreement_id: str) -> AgreementHistory:
    """Every loaded version of one agreement; NotFound if none."""
    h = _history(conn, agreement_id)
    if not h.versions:
        raise NotFound(f"no agreement with id {agreement_id!r}")
    return h


def all_histories(conn: Connection) -> list[AgreementHistory]:
    ids = conn.execute(select(agreements.c.id).distinct().order_by(agreements.c.id)).scalars()
    return [_history(conn, i) for i in ids]


def get(ctx: Context, agreement_id: str, version: int | None = None) -> Agreement:
    with ctx.db.read() as conn:
        h = history(conn, agreement_id)
    if version is None:
        return h.versions[-1]
    for v in h.versions:
        if v.version == version:
            return v
    raise NotFound(f"agreement {agreement_id!r} has no version {version}")


def in_force(ctx: Context, agreement_id: str, at: datetime) -> Agreement | None:
    with ctx.db.read() as conn:
        return history(conn, agreement_id).in_force(at)


def summaries(ctx: Context) -> list[dict[str, Any]]:
    """One line per loaded version, newest version last within each agreement."""
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(
                agreements.c.id,
                agreements.c.version,
                agreements.c.title,
                agreements.c.effective,
                agreements.c.sha256,
                agreements.c.loaded_at,
                agreements.c.ledger_seq,
                agreements.c.source_text,
            ).order_by(agreements.c.id, agreements.c.version)
        ).all()
    # The database keeps instants in UTC; people read an agreement's date in the offset
    # its text was written in (Doha's midnight, not 19:00 UTC the day before).
    return [
        {
            "id": r.id,
            "version": r.version,
            "title": r.title,
            "effective": _stored(r.source_text).effective.isoformat(),
            "sha256": r.sha256,
            "loaded_at": r.loaded_at.isoformat(),
            "ledger_index": r.ledger_seq,
        }
        for r in rows
    ]


def source_text(ctx: Context, agreement_id: str, version: int | None = None) -> str:
    with ctx.db.read() as conn:
        q = select(agreements.c.source_text, agreements.c.version).where(
            agreements.c.id == agreement_id
        )
        if version is not None:
            q = q.where(agreements.c.version == version)
        row = conn.execute(q.order_by(agreements.c.version.desc())).first()
    if row is None:
        raise NotFound(
            f"no agreement {agreement_id!r}" + (f" version {version}" if version else "")
        )
    return str(row.source_text)
