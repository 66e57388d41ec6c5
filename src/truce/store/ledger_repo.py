"""SQL storage of the ledger: append entries and tree nodes, sign and read checkpoints.

Every function works on the caller's Connection and never commits: an append, its nodes
and the checkpoint that covers it land in the caller's ``db.write()`` transaction or not
at all. Sequence numbers are safe because ``db.write()`` is the single serialised writer.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from truce.errors import Invalid, LedgerIntegrityError
from truce.ledger import merkle
from truce.ledger.checkpoint import Checkpoint, NoteSigner
from truce.ledger.checkpoint import sign_checkpoint as sign_note
from truce.ledger.jcs import canonicalize
from truce.store.ledger_tables import (
    ledger_checkpoints,
    ledger_cosignatures,
    ledger_entries,
    ledger_meta,
    ledger_nodes,
)

_RFC3339_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")
_CHUNK = 5000


@dataclass(frozen=True)
class EntryDraft:
    """What a service wants recorded; seq (and ``at`` if not given) are assigned on append."""

    kind: str
    by: str
    body: dict[str, Any] = field(default_factory=dict)
    at: str | None = None


def utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class SqlNodeReader:
    """merkle.NodeReader over ``ledger_nodes``: one SELECT per batch of keys."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get_nodes(self, keys: Sequence[merkle.NodeKey]) -> dict[merkle.NodeKey, bytes]:
        if not keys:
            return {}
        by_level: dict[int, list[int]] = {}
        for level, idx in keys:
            by_level.setdefault(level, []).append(idx)
        # One OR of (level = L AND idx IN (...)) terms, answered from the primary key on
        # SQLite and PostgreSQL alike (a row-value IN list is not, on SQLite). Written as
        # driver SQL because its shape changes per call, so SQLAlchemy's statement cache
        # would miss and compiling would cost more than the query itself.
        mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        terms, params = [], []
        for level, idxs in by_level.items():
            terms.append(f"(level = {mark} AND idx IN ({', '.join([mark] * len(idxs))}))")
            params.append(level)
            params.extend(idxs)
        sql = "SELECT level, idx, hash FROM ledger_nodes WHERE " + " OR ".join(terms)
        rows = self.conn.exec_driver_sql(sql, tuple(params))
        return {(int(r[0]), int(r[1])): bytes(r[2]) for r in rows}


def entry_count(conn: Connection) -> int:
    """Entries stored (the size the next checkpoint will have)."""
    top = conn.execute(select(func.max(ledger_entries.c.seq))).scalar()
    return 0 if top is None else int(top) + 1


def append_entries_with_root(
    conn: Connection, drafts: Sequence[EntryDraft], size: int
) -> tuple[list[int], bytes]:
    """Store ``drafts`` as entries seq = size, size+1, ... with their tree nodes.

    ``size`` is the caller's ``entry_count`` (read once per write, under the writer lock).
    Returns the seqs and the new root, known from the frontier for free.
    """
    if not drafts:
        return [], merkle.root(size, SqlNodeReader(conn))
    appender = merkle.TreeAppender.load(size, SqlNodeReader(conn))
    default_at = utc_now_text()
    entry_rows: list[dict[str, Any]] = []
    node_rows: list[dict[str, Any]] = []
    for offset, draft in enumerate(drafts):
        seq = size + offset
        data = build_entry(seq, draft, default_at)
        leaf = merkle.leaf_hash(data)
        entry_rows.append(
            {
                "seq": seq,
                "kind": draft.kind,
                "at": draft.at or default_at,
                "by_principal": draft.by,
                "entry": data,
                "leaf_hash": leaf,
            }
        )
        for (level, idx), value in appender.append(leaf):
            node_rows.append({"level": level, "idx": idx, "hash": value})
    conn.execute(ledger_entries.insert(), entry_rows)
    conn.execute(ledger_nodes.insert(), node_rows)
    return [size + i for i in range(len(drafts))], appender.root()


def build_entry(seq: int, draft: EntryDraft, default_at: str) -> bytes:
    """The canonical entry bytes {"seq","kind","at","by","body"}; Invalid if malformed."""
    if not isinstance(draft.kind, str) or not draft.kind:
        raise Invalid("ledger entry kind must be a non-empty string")
    if not isinstance(draft.by, str) or not draft.by:
        raise Invalid("ledger entry 'by' must name a principal, e.g. user:12 or system")
    if not isinstance(draft.body, dict):
        raise Invalid("ledger entry body must be an object")
    at = draft.at or default_at
    if not _RFC3339_UTC.fullmatch(at):
        raise Invalid(f"ledger entry time {at!r} is not RFC 3339 UTC ending in Z")
    return canonicalize(
        {"seq": seq, "kind": draft.kind, "at": at, "by": draft.by, "body": draft.body}
    )


def get_meta(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(ledger_meta.c.value).where(ledger_meta.c.key == key)).scalar()
    return None if value is None else str(value)


def get_metas(conn: Connection, keys: Sequence[str]) -> dict[str, str]:
    """Several ``ledger_meta`` values in one query; absent keys are left out."""
    t = ledger_meta.c
    rows = conn.execute(select(t.key, t.value).where(t.key.in_(list(keys)))).all()
    return {str(r.key): str(r.value) for r in rows}


def set_meta(conn: Connection, key: str, value: str) -> None:
    if get_meta(conn, key) is None:
        conn.execute(ledger_meta.insert().values(key=key, value=value))
    else:
        conn.execute(ledger_meta.update().where(ledger_meta.c.key == key).values(value=value))


def latest_checkpoint(conn: Connection) -> Row[Any] | None:
    t = ledger_checkpoints.c
    return conn.execute(select(t.size, t.root, t.note).order_by(t.size.desc()).limit(1)).first()


def latest_checkpoint_size(conn: Connection) -> int:
    top = conn.execute(select(func.max(ledger_checkpoints.c.size))).scalar()
    return 0 if top is None else int(top)


def checkpoint_at(conn: Connection, size: int) -> Row[Any] | None:
    t = ledger_checkpoints.c
    return conn.execute(select(t.size, t.root, t.note).where(t.size == size)).first()


def sign_checkpoint(
    conn: Connection,
    signer: NoteSigner,
    origin: str,
    *,
    size: int | None = None,
    root: bytes | None = None,
    meta: Mapping[str, str] | None = None,
) -> str:
    """Sign, store and return the checkpoint note for the current number of entries.

    A write that just appended passes what it already read under the writer lock: the
    new ``size``, its ``root`` (``append_entries_with_root``) and the ``meta`` values
    (``public_key``), so nothing is read twice in one write.
    """
    if size is None:
        size = entry_count(conn)
    latest = latest_checkpoint(conn)
    if latest is not None and latest.size == size:
        return str(latest.note)
    if latest is not None and latest.size > size:
        raise LedgerIntegrityError(
            f"a checkpoint of size {latest.size} exists but only {size} entries are stored"
        )
    stored_key = get_meta(conn, "public_key") if meta is None else meta.get("public_key")
    _check_signing_key(conn, signer, stored_key)
    if root is None:
        root = merkle.root(size, SqlNodeReader(conn))
    note = sign_note(Checkpoint(origin, size, root), signer)
    conn.execute(
        ledger_checkpoints.insert().values(
            size=size, root=root, note=note, signed_at=datetime.now(UTC)
        )
    )
    return note


def _check_signing_key(conn: Connection, signer: NoteSigner, stored: str | None) -> None:
    # The log has one key for life: a different key would make old and new checkpoints
    # verify against different published keys, which a checker must treat as a fork.
    public = base64.b64encode(signer.public_key).decode()
    if stored is None:
        set_meta(conn, "public_key", public)
    elif stored != public:
        raise LedgerIntegrityError(
            "the signing key differs from the key that signed this ledger's checkpoints"
        )


def read_entries(conn: Connection, start: int, end: int) -> list[bytes]:
    """Entries start..end-1, in seq order; all of them, or LedgerIntegrityError.

    The caller checked the range against a signed checkpoint, so every seq in it was
    written: a gap means rows were deleted behind the mechanism's back.
    """
    t = ledger_entries.c
    rows = conn.execute(
        select(t.seq, t.entry).where(t.seq >= start, t.seq < end).order_by(t.seq)
    ).all()
    if len(rows) != max(0, end - start):
        seqs = {int(r.seq) for r in rows}
        first = next(seq for seq in range(start, end) if seq not in seqs)
        raise LedgerIntegrityError(
            f"ledger entry {first} is missing from the store ({len(rows)} of entries "
            f"{start}..{end - 1} found): the log was tampered with; run `truce ledger verify`"
        )
    return [bytes(r.entry) for r in rows]


def read_level(conn: Connection, level: int, start: int, end: int) -> list[bytes]:
    """Stored nodes (level, start..end-1), in index order."""
    t = ledger_nodes.c
    rows = conn.execute(
        select(t.hash).where(t.level == level, t.idx >= start, t.idx < end).order_by(t.idx)
    ).scalars()
    return [bytes(r) for r in rows]


def iter_entries(conn: Connection) -> Iterator[tuple[int, bytes, bytes]]:
    """(seq, entry bytes, stored leaf hash) for every entry, in seq order, in chunks."""
    t = ledger_entries.c
    start = 0
    while True:
        rows = conn.execute(
            select(t.seq, t.entry, t.leaf_hash).where(t.seq >= start).order_by(t.seq).limit(_CHUNK)
        ).all()
        for r in rows:
            yield int(r.seq), bytes(r.entry), bytes(r.leaf_hash)
        if len(rows) < _CHUNK:
            return
        start = int(rows[-1].seq) + 1


def iter_nodes(conn: Connection) -> Iterator[tuple[int, int, bytes]]:
    """(level, idx, hash) for every stored node, ordered by (level, idx), in chunks."""
    t = ledger_nodes.c
    top = conn.execute(select(func.max(t.level))).scalar()
    for level in range(0 if top is None else int(top) + 1):
        idx = -1
        while True:
            rows = conn.execute(
                select(t.idx, t.hash)
                .where(t.level == level, t.idx > idx)
                .order_by(t.idx)
                .limit(_CHUNK)
            ).all()
            for r in rows:
                yield level, int(r.idx), bytes(r.hash)
            if len(rows) < _CHUNK:
                break
            idx = int(rows[-1].idx)


def all_checkpoints(conn: Connection) -> list[Row[Any]]:
    t = ledger_checkpoints.c
    return list(conn.execute(select(t.size, t.root, t.note).order_by(t.size)).all())


def cosignature_lines(conn: Connection, size: int) -> list[str]:
    t = ledger_cosignatures.c
    rows = conn.execute(select(t.line).where(t.size == size).order_by(t.id)).scalars()
    return [str(r) for r in rows]


def all_cosignature_lines(conn: Connection) -> dict[int, list[str]]:
    """Every stored cosignature line, by checkpoint size, in the order they were added."""
    t = ledger_cosignatures.c
    out: dict[int, list[str]] = {}
    for size, line in conn.execute(select(t.size, t.line).order_by(t.size, t.id)).all():
        out.setdefault(int(size), []).append(str(line))
    return out
