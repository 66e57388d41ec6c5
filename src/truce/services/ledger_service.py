"""Ledger use cases: append (inside other services' transactions), serve, prove, verify, cosign.

"Current" is the size of the latest signed checkpoint. Every append re-signs the checkpoint
in the same transaction as the rows it records, so what is committed is always covered by
a signature; proofs are only served up to that size.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select

from truce.errors import Conflict, Invalid, LedgerIntegrityError, NotFound
from truce.ledger import checkpoint as notes
from truce.ledger import keys, merkle, tiles
from truce.ledger.jcs import canonicalize
from truce.ledger.verify import TreeLevels, check_entry, compare_nodes
from truce.settings import Settings
from truce.store import ledger_repo as repo
from truce.store.db import Database
from truce.store.ledger_repo import EntryDraft
from truce.store.ledger_tables import ledger_cosignatures, ledger_witnesses


@dataclass(frozen=True)
class LedgerContext:
    """What signing needs, built once per process from Settings (see ``load_context``)."""

    private_key: Ed25519PrivateKey
    origin_override: str | None = None
    # One signer per origin for the life of the process (its public key derived once).
    _signers: dict[str, notes.NoteSigner] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __repr__(self) -> str:  # never show key material
        return f"LedgerContext(origin_override={self.origin_override!r})"

    def origin(self, conn: Connection) -> str | None:
        """The log's origin (its key name), or None while the log is still unnamed.

        TRUCE_ORIGIN names it, else the first agreement loaded does
        (``truce.local/<agreement id>``). Once the first checkpoint is signed the name
        never changes, so one verifier key checks every checkpoint ever signed.
        """
        return self._origin(repo.get_meta(conn, "origin"))

    def _origin(self, stored: str | None) -> str | None:
        if stored is None:
            return self.origin_override
        if self.origin_override is not None and self.origin_override != stored:
            raise Invalid(
                f"TRUCE_ORIGIN is {self.origin_override!r} but this log was started as "
                f"{stored!r}; a log's origin never changes"
            )
        return stored

    def signer(self, conn: Connection, meta: Mapping[str, str]) -> notes.NoteSigner | None:
        """The signer for a write transaction, or None while the log is unnamed.

        ``meta`` holds the ``origin`` the write read from ``ledger_meta``.
        """
        origin = self._origin(meta.get("origin"))
        if origin is None:
            return None
        if meta.get("origin") is None:
            repo.set_meta(conn, "origin", origin)
        signer = self._signers.get(origin)
        if signer is None:
            signer = self._signers[origin] = notes.NoteSigner(origin, self.private_key)
        return signer


def init_key(settings: Settings) -> Path:
    """Create the signing key file (mode 0600) if it does not exist yet; return its path."""
    path = settings.key_path
    if not path.exists():
        keys.save_key(keys.generate_key(), path)
    return path


def load_context(settings: Settings) -> LedgerContext:
    if settings.origin is not None:
        notes.check_name(settings.origin, "origin (TRUCE_ORIGIN)")
    return LedgerContext(keys.load_key(settings.key_path), settings.origin)


def propose_origin(conn: Connection, ledger: LedgerContext, origin: str) -> None:
    """Use ``origin`` for this log if nothing was signed yet and TRUCE_ORIGIN is unset
    (the first agreement loaded names the log ``truce.local/<agreement id>``)."""
    notes.check_name(origin, "origin")
    if ledger.origin_override is None and repo.get_meta(conn, "origin") is None:
        repo.set_meta(conn, "origin", origin)


# --- writes (inside the caller's db.write() transaction) -------------------------------


def append(
    conn: Connection, ledger: LedgerContext, kind: str, by: str, body: dict[str, Any]
) -> int:
    """Append one entry and re-sign the checkpoint; returns the entry's seq."""
    return append_many(conn, ledger, [EntryDraft(kind, by, body)])[0]


def append_many(
    conn: Connection,
    ledger: LedgerContext,
    items: Sequence[EntryDraft | tuple[str, str, dict[str, Any]]],
) -> list[int]:
    """Append entries in order, then sign one checkpoint covering them all.

    Until the log is named (by TRUCE_ORIGIN or the first agreement) entries are stored
    but not signed; the first signed checkpoint covers them.
    """
    drafts = [i if isinstance(i, EntryDraft) else EntryDraft(*i) for i in items]
    # Read once per write, under the writer lock: the log's size and its name and key.
    size = repo.entry_count(conn)
    meta = repo.get_metas(conn, ("origin", "public_key"))
    seqs, root = repo.append_entries_with_root(conn, drafts, size)
    signer = ledger.signer(conn, meta)
    if signer is not None:
        repo.sign_checkpoint(
            conn, signer, signer.name, size=size + len(drafts), root=root, meta=meta
        )
    return seqs


def sign_now(conn: Connection, ledger: LedgerContext) -> str:
    """Sign (or return) the checkpoint for the current size (after a bulk load)."""
    signer = ledger.signer(conn, repo.get_metas(conn, ("origin",)))
    if signer is None:
        raise Invalid("the log has no origin yet: set TRUCE_ORIGIN or load an agreement first")
    return repo.sign_checkpoint(conn, signer, signer.name)


# --- reads ---------------------------------------------------------------------------


def current_size(conn: Connection) -> int:
    """Size of the latest signed checkpoint: proofs and entries are served up to it."""
    return repo.latest_checkpoint_size(conn)


def checkpoint(db: Database) -> str:
    """The latest signed note, cosignature lines after the mechanism's own (read-only)."""
    with db.read() as conn:
        latest = repo.latest_checkpoint(conn)
        if latest is None:
            raise NotFound("the log is empty: nothing has been recorded and signed yet")
        return str(latest.note) + "".join(repo.cosignature_lines(conn, int(latest.size)))


def verifier_key(db: Database) -> str:
    """The key string that checks every checkpoint: named by the log's fixed origin."""
    with db.read() as conn:
        origin = repo.get_meta(conn, "origin")
        if origin is None:
            raise NotFound("the log is empty: nothing has been signed, so there is no key yet")
        return _verifier_key(conn, origin)


def _verifier_key(conn: Connection, origin: str) -> str:
    public = repo.get_meta(conn, "public_key")
    if public is None:
        raise NotFound("no checkpoint has been signed yet, so there is no verifier key to show")
    return notes.verifier_key_string(origin, base64.b64decode(public))


def _check_range(
    current: int,
    low: tuple[str, int],
    high: tuple[str, int],
    disorder: str,
    *,
    strict: bool = False,
) -> None:
    """Refuse a read outside the signed tree: 0 ≤ low ≤ high ≤ current (low < high if strict).

    ``disorder`` is the message for low > high (or low == high when strict).
    """
    (low_name, lo), (high_name, hi) = low, high
    if lo < 0 or hi < 0:
        raise Invalid(f"{low_name} {lo} and {high_name} {hi} must not be negative")
    if lo > hi or (strict and lo == hi):
        raise Invalid(disorder)
    if hi > current:
        raise Invalid(f"{high_name} {hi} is past the current checkpoint size {current}")


def entries(db: Database, start: int, end: int) -> list[bytes]:
    """Entries start..end-1 (canonical bytes), within the current checkpoint.

    LedgerIntegrityError if the store lacks any of them (see ``ledger_repo.read_entries``).
    """
    with db.read() as conn:
        _check_range(
            current_size(conn),
            ("start", start),
            ("end", end),
            f"entries range start {start} is after end {end}",
        )
        return repo.read_entries(conn, start, end)


def format_entries(rows: Sequence[bytes]) -> str:
    """One canonical JSON per line: the body of GET /ledger/entries and `truce ledger entries`."""
    return "".join(r.decode("utf-8") + "\n" for r in rows)


def prove_inclusion(db: Database, index: int, size: int) -> dict[str, Any]:
    with db.read() as conn:
        _check_range(
            current_size(conn),
            ("index", index),
            ("size", size),
            f"index {index} is not in a tree of size {size} (index must be < size)",
            strict=True,
        )
        hashes = merkle.inclusion_proof(index, size, repo.SqlNodeReader(conn))
    return {"index": index, "size": size, "hashes": [_b64(h) for h in hashes]}


def prove_consistency(db: Database, old: int, new: int) -> dict[str, Any]:
    with db.read() as conn:
        _check_range(
            current_size(conn),
            ("old size", old),
            ("new size", new),
            f"old size {old} is larger than new size {new}",
        )
        hashes = merkle.consistency_proof(old, new, repo.SqlNodeReader(conn))
    return {"old": old, "new": new, "hashes": [_b64(h) for h in hashes]}


def proof_json(proof: dict[str, Any]) -> str:
    """The exact text served for a proof (canonical JSON and a newline), CLI and HTTP alike."""
    return canonicalize(proof).decode() + "\n"


def tile(db: Database, path: str) -> bytes:
    """A C2SP tlog-tiles resource (the part of the URL after ``tile/``) within the current size."""
    ref = tiles.parse_tile_path(path)
    with db.read() as conn:
        tiles.check_available(ref, current_size(conn))
        start = ref.index * tiles.TILE_WIDTH
        if ref.level is None:
            return tiles.entry_bundle(repo.read_entries(conn, start, start + ref.width))
        hashes = repo.read_level(conn, ref.node_level(), start, start + ref.width)
    if len(hashes) != ref.width:
        raise LedgerIntegrityError(f"stored tree nodes for tile/{path} are missing")
    return b"".join(hashes)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


# --- verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyReport:
    size: int
    root: str
    entries: int
    nodes: int
    checkpoints: int
    cosignatures: int
    from_checkpoint: int | None = None

    def summary(self) -> str:
        text = (
            f"ok: {self.entries} entries, {self.nodes} tree nodes, {self.checkpoints} checkpoints, "
            f"{self.cosignatures} cosignatures verified; size {self.size} root {self.root}"
        )
        if self.from_checkpoint is not None:
            text += f"; consistent with the given checkpoint of size {self.from_checkpoint}"
        return text


def verify(db: Database, from_checkpoint: str | None = None) -> VerifyReport:
    """Recompute everything from the entries and hold every stored row to it.

    Raises LedgerIntegrityError naming the first difference found.
    """
    with db.read() as conn:
        leaves = bytearray()
        for position, (seq, data, stored_leaf) in enumerate(repo.iter_entries(conn)):
            if seq != position:
                raise LedgerIntegrityError(f"entry {position} is missing (next stored is {seq})")
            check_entry(seq, data)
            leaf = merkle.leaf_hash(data)
            if leaf != stored_leaf:
                raise LedgerIntegrityError(f"entry {seq}: stored leaf hash differs from its bytes")
            leaves += leaf
        levels = TreeLevels(bytes(leaves))
        node_count = compare_nodes(levels, repo.iter_nodes(conn))
        meta = repo.get_metas(conn, ("public_key", "origin"))
        public, origin = meta.get("public_key"), meta.get("origin")
        rows = repo.all_checkpoints(conn)
        cosignatures = repo.all_cosignature_lines(conn)
        cosigned = 0
        witnesses = _witness_keys(conn)
        for row in rows:
            note = str(row.note)
            cp = _check_stored_checkpoint(note, int(row.size), bytes(row.root), public, levels)
            if cp.origin != origin:
                raise LedgerIntegrityError(
                    f"checkpoint {cp.size} is signed as {cp.origin!r}, not as the log's "
                    f"origin {origin!r}: the published verifier key would not check it"
                )
            for line in cosignatures.pop(cp.size, []):
                _check_cosignature(note, line, witnesses)
                cosigned += 1
        size = int(rows[-1].size) if rows else 0
        # Entries written before the log was named wait for its first checkpoint.
        if levels.size != size and (rows or origin is not None):
            raise LedgerIntegrityError(
                f"entries {size}..{levels.size - 1} are not covered by any signed checkpoint"
            )
        given = None
        if from_checkpoint is not None:
            given = _check_given_checkpoint(from_checkpoint, public, levels)
    return VerifyReport(
        size=size,
        root=_b64(levels.root(size)),
        entries=levels.size,
        nodes=node_count,
        checkpoints=len(rows),
        cosignatures=cosigned,
        from_checkpoint=given,
    )


def _log_verifier(note: str, public: str | None) -> notes.Verifier:
    if public is None:
        raise LedgerIntegrityError("checkpoints exist but the log's public key is not recorded")
    origin = notes.parse_checkpoint(notes.parse_note(note).body).origin
    return notes.parse_verifier_key(notes.verifier_key_string(origin, base64.b64decode(public)))


def _check_stored_checkpoint(
    note: str, size: int, root: bytes, public: str | None, levels: TreeLevels
) -> notes.Checkpoint:
    cp = notes.verify_note(note, _log_verifier(note, public))
    if cp.size != size or cp.root != root:
        raise LedgerIntegrityError(
            f"checkpoint {size}: stored size/root differ from its signed note"
        )
    if levels.root(size) != root:
        raise LedgerIntegrityError(f"checkpoint {size}: root differs from the recomputed tree")
    return cp


def _check_given_checkpoint(note: str, public: str | None, levels: TreeLevels) -> int:
    cp = notes.verify_note(note, _log_verifier(note, public))
    if cp.size > levels.size:
        raise LedgerIntegrityError(
            f"the given checkpoint has size {cp.size} but the log holds only {levels.size} entries"
        )
    if levels.root(cp.size) != cp.root:
        raise LedgerIntegrityError(
            f"the log is not consistent with the given checkpoint of size {cp.size}"
        )
    return cp.size


def _check_cosignature(note: str, line: str, witnesses: dict[str, notes.Verifier]) -> None:
    sig = notes.parse_signature_line(line)
    verifier = witnesses.get(sig.name)
    if verifier is None:
        raise LedgerIntegrityError(f"cosignature by {sig.name}, who is not a registered witness")
    notes.verify_note(notes.parse_note(note).body + "\n" + line, verifier)


def _witness_keys(conn: Connection) -> dict[str, notes.Verifier]:
    rows = conn.execute(select(ledger_witnesses.c.name, ledger_witnesses.c.verifier_key)).all()
    return {str(r.name): notes.parse_verifier_key(str(r.verifier_key)) for r in rows}


# --- witnesses and cosignatures -------------------------------------------------------------


def add_witness(
    db: Database, ledger: LedgerContext, name: str, verifier_key_text: str, *, by: str = "system"
) -> int:
    """Register a party or witness allowed to cosign; recorded as a ledger entry."""
    try:
        verifier = notes.parse_verifier_key(verifier_key_text)
    except LedgerIntegrityError as err:
        raise Invalid(str(err)) from None
    if verifier.name != name:
        raise Invalid(f"the verifier key is for {verifier.name!r}, not {name!r}")
    with db.write() as conn:
        if ledger.origin(conn) == name:
            raise Invalid(f"{name} is the log's own key name")
        if name in _witness_keys(conn):
            raise Conflict(f"witness {name} is already registered")
        conn.execute(
            ledger_witnesses.insert().values(
                name=name, verifier_key=verifier_key_text.strip(), added_at=datetime.now(UTC)
            )
        )
        return append(
            conn,
            ledger,
            "ledger.witness_added",
            by,
            {"name": name, "verifier_key": verifier_key_text.strip()},
        )


def cosign(db: Database, note: str) -> list[str]:
    """Store the registered witnesses' signature lines found on one of our checkpoints.

    The note body must be byte-for-byte a checkpoint this log signed; a witness may not
    cosign a checkpoint older than the last one it cosigned (C2SP tlog-witness rule), and
    the stored tree must prove the two consistent. Returns the names stored.
    """
    parsed = notes.parse_note(note)
    cp = notes.parse_checkpoint(parsed.body)
    with db.write() as conn:
        row = repo.checkpoint_at(conn, cp.size)
        if row is None or notes.parse_note(str(row.note)).body != parsed.body:
            raise Invalid(f"the note is not a checkpoint this log signed (size {cp.size})")
        witnesses = _witness_keys(conn)
        stored: list[str] = []
        for sig in parsed.signatures:
            verifier = witnesses.get(sig.name)
            if verifier is None or sig.key_id != verifier.key_id:
                continue
            notes.verify_note(parsed.body + "\n" + sig.line, verifier)
            _check_witness_growth(conn, sig.name, cp)
            conn.execute(
                ledger_cosignatures.insert().values(
                    size=cp.size, signer=sig.name, line=sig.line, added_at=datetime.now(UTC)
                )
            )
            stored.append(sig.name)
        if not stored:
            raise Invalid("the note carries no new signature by a registered witness")
    return stored


def _check_witness_growth(conn: Connection, name: str, cp: notes.Checkpoint) -> None:
    t = ledger_cosignatures.c
    last = conn.execute(
        select(t.size).where(t.signer == name).order_by(t.size.desc()).limit(1)
    ).scalar()
    if last is None:
        return
    if int(last) == cp.size:
        raise Conflict(f"{name} has already cosigned the checkpoint of size {cp.size}")
    if int(last) > cp.size:
        raise Conflict(f"{name} already cosigned size {last}; refusing older size {cp.size}")
    old = repo.checkpoint_at(conn, int(last))
    if old is None:
        raise LedgerIntegrityError(f"checkpoint {last} cosigned by {name} is missing")
    reader = repo.SqlNodeReader(conn)
    proof = merkle.consistency_proof(int(last), cp.size, reader)
    merkle.verify_consistency(int(last), cp.size, bytes(old.root), cp.root, proof)
