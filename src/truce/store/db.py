"""Engine creation and the two ways to touch the database: ``read()`` and ``write()``.

``write()`` is the single serialised writer (STYLE.md §4): one process-wide lock, plus
``BEGIN IMMEDIATE`` on SQLite and a transaction-scoped advisory lock on PostgreSQL, so
ledger sequence numbers are handed out by exactly one writer at a time, inside the same
transaction as the rows they record.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

# Arbitrary constant naming Truce's writer lock among PostgreSQL advisory locks.
_PG_WRITER_LOCK = 0x7472_7563


class Database:
    """A database Truce writes to through one serialised path."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine: Engine = _make_engine(url, echo=echo)
        self._lock = threading.RLock()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn
            conn.rollback()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction, committed on success and rolled back on any exception."""
        with self._lock, self.engine.connect() as conn:
            conn.info["truce_write"] = True
            try:
                with conn.begin():
                    if not self.is_sqlite:
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITER_LOCK}
                        )
                    yield conn
            finally:
                conn.info.pop("truce_write", None)

    def dispose(self) -> None:
        self.engine.dispose()


def _make_engine(url: str, *, echo: bool) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, echo=echo, pool_pre_ping=True, future=True)
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if url in {"sqlite://", "sqlite:///:memory:"}:
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions get in the way).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if url not in {"sqlite://", "sqlite:///:memory:"}:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take SQLite's write lock up front so two writers never deadlock.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("truce_write") else "BEGIN")

    return engine
