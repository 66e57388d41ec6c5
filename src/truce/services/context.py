"""The one object every service function takes: settings, database and the ledger's signer.

Built at an edge (CLI command, ``create_app``) from a Settings object; nothing here runs
at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from truce.settings import Settings
from truce.store.db import Database


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    settings: Settings
    db: Database
    _ledger: Any = field(default=None, repr=False)
    # When records say things happened (filed, answered, decided) and deadlines are
    # judged against. The demo replays 2025 with its own clock; the ledger's ``at`` is
    # always the real time of the append.
    clock: Callable[[], datetime] = field(default=now, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def ledger(self) -> Any:
        """The ledger signing context, loaded once (the key file is read on first write)."""
        if self._ledger is None:
            from truce.services import ledger_service

            self._ledger = ledger_service.load_context(self.settings)
        return self._ledger

    def append(self, conn: Connection, kind: str, by: str, body: dict[str, Any]) -> int:
        """Append one ledger entry inside the caller's write transaction; returns its seq."""
        from truce.services import ledger_service

        return ledger_service.append(conn, self.ledger(), kind, by, body)

    def close(self) -> None:
        self.db.dispose()


def open_database(settings: Settings) -> Database:
    return Database(settings.database_url)


def open_context(settings: Settings | None = None, *, migrate: bool = True) -> Context:
    """Open the database named by settings; bring its schema up to date when asked."""
    settings = settings or Settings()
    db = open_database(settings)
    if migrate:
        from truce.store import schema

        schema.upgrade(db)
    return Context(settings=settings, db=db)
