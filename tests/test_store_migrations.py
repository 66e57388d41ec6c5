"""Migrations are the schema: a migrated database matches the table definitions exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import truce.store.ledger_tables
import truce.store.tables
from truce.settings import Settings
from truce.store import schema
from truce.store.db import Database
from truce.store.metadata import metadata


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
