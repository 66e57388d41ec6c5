"""The ledger's own tables: entries, stored perfect-subtree nodes, signed checkpoints.

Entry bytes are stored exactly as hashed (RFC 8785 JSON); ``kind``, ``at`` and
``by_principal`` are copies for querying only. ``ledger_nodes`` holds every perfect
subtree (level, idx) covering leaves [idx·2^level, (idx+1)·2^level), which makes any
root or proof an O(log n) read (see truce.ledger.merkle).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from truce.store.coltypes import UTCDateTime
from truce.store.metadata import metadata

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(100), nullable=False, index=True),
    Column("at", String(40), nullable=False),
    Column("by_principal", String(200), nullable=False),
    Column("entry", LargeBinary, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)

ledger_nodes = Table(
    "ledger_nodes",
    metadata,
    Column("level", SmallInteger, nullable=False, autoincrement=False),
    Column("idx", BigInteger, nullable=False, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
    PrimaryKeyConstraint("level", "idx"),
)

ledger_checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("signed_at", UTCDateTime(), nullable=False),
)

ledger_cosignatures = Table(
    "ledger_cosignatures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("size", BigInteger, ForeignKey("ledger_checkpoints.size"), nullable=False),
    Column("signer", String(200), nullable=False),
    Column("line", Text, nullable=False),
    Column("added_at", UTCDateTime(), nullable=False),
    UniqueConstraint("size", "signer"),
)

# Parties and witnesses allowed to cosign, each with its verifier key string.
ledger_witnesses = Table(
    "ledger_witnesses",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("verifier_key", Text, nullable=False),
    Column("added_at", UTCDateTime(), nullable=False),
)

# Small settings of the log itself: "origin", "public_key" (base64 of the signing key).
ledger_meta = Table(
    "ledger_meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
