"""Migrations are the schema: a migrated database matches the table definitions exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select, update
from sqlalchemy.exc import IntegrityError

import truce.store.ledger_tables
import truce.store.tables
from truce.settings import Settings
from truce.store import schema
from truce.store.db import Database
from truce.store.metadata import metadata
from truce.store.tables import case_complainants, case_events, cases, incidents, penalties

AT = datetime(2025, 10, 12, 9, 0, tzinfo=UTC)


def test_migrated_schema_matches_the_tables(settings: Settings) -> None:
    db = Database(settings.database_url)
    try:
        schema.upgrade(db)
        with db.engine.connect() as conn:
            mc = MigrationContext.configure(conn, opts={"compare_type": False})
            diffs = compare_metadata(mc, metadata)
        assert diffs == []
        assert {"reports", "incidents", "cases", "ledger_entries", "ledger_nodes"} <= set(
            inspect(db.engine).get_table_names()
        )
        schema.upgrade(db)  # running again is a no-op
    finally:
        db.dispose()


def test_sqlite_pragmas(sqlite_settings: Settings) -> None:
    db = Database(sqlite_settings.database_url)
    try:
        with db.read() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        db.dispose()


_ = truce.store.ledger_tables


def _insert_case(conn: Any, case_id: int, state: str) -> None:
    conn.execute(
        insert(cases).values(
            id=case_id,
            incident_id=1,
            agreement_id="a",
            agreement_version=1,
            accused_party="SOU",
            state=state,
            opened_at=AT,
            published=False,
            row_version=0,
            ledger_seq=0,
        )
    )


def test_0007_keeps_every_case_and_allows_one_open_case_per_party(settings: Settings) -> None:
    """Upgrading a database that holds a case with events, complainants and a penalty
    keeps them all; afterwards an incident may hold a second case against the same party
    once the first is decided, but never two that still take reports."""
    db = Database(settings.database_url)
    try:
        schema.upgrade(db, "0006")
        with db.write() as conn:
            conn.execute(
                insert(incidents).values(
                    id=1,
                    agreement_id="a",
                    event_type="shelling",
                    date=AT.date(),
                    date_end=AT.date(),
                    date_precision="day",
                    actors=[],
                    created_at=AT,
                    ledger_seq=0,
                )
            )
            _insert_case(conn, 1, "reported")
            conn.execute(insert(case_complainants).values(case_id=1, party="NOR"))
            conn.execute(
                insert(case_events).values(
                    case_id=1, kind="verdict", body={}, by="user:1", at=AT, ledger_seq=1
                )
            )
            conn.execute(
                insert(penalties).values(
                    case_id=1, party="SOU", rule="r", n=1, proposed={}, proposed_at=AT, ledger_seq=2
                )
            )
        with db.write() as conn, pytest.raises(IntegrityError):
            _insert_case(conn, 2, "verified")  # the old constraint: one case per pair
        schema.upgrade(db)
        with db.read() as conn:
            assert conn.execute(select(cases.c.id, cases.c.state)).all() == [(1, "reported")]
            assert conn.execute(select(case_events.c.case_id)).scalars().all() == [1]
            assert conn.execute(select(case_complainants.c.case_id)).scalars().all() == [1]
            assert conn.execute(select(penalties.c.case_id)).scalars().all() == [1]
        with db.write() as conn, pytest.raises(IntegrityError):
            _insert_case(conn, 2, "disputed")  # two cases taking reports
        with db.write() as conn:
            conn.execute(update(cases).where(cases.c.id == 1).values(state="verified"))
            _insert_case(conn, 2, "reported")
            _insert_case(conn, 3, "retracted")
        with db.read() as conn:
            assert conn.execute(select(cases.c.id).order_by(cases.c.id)).scalars().all() == [
                1,
                2,
                3,
            ]
        if db.is_sqlite:
            with db.read() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        db.dispose()
