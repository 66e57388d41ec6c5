"""Schema migrations (Alembic), run by ``truce db upgrade`` and when the embedded default starts."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from truce.store.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    cfg.attributes["engine"] = db.engine
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the database to ``revision``; each migration runs in its own transaction."""
    command.upgrade(alembic_config(db), revision)


def current_tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names())
