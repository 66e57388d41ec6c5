"""Shared fixtures: fresh state per test, the shared dev data, PostgreSQL when it answers.

Service and store tests take the ``backend`` fixture, which runs them on a new SQLite
file and on a new PostgreSQL database. PostgreSQL tests are skipped only when the
``CI`` variable is unset and no server answers; in CI a missing server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from truce.extract.pipeline import Extractor
from truce.services.context import Context, open_context
from truce.settings import Settings

# ``client`` and ``people`` for tests that drive the HTTP API on the ``ctx`` database.
pytest_plugins = ["tests.api_fixtures"]

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get(
    "TRUCE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the checkout (dev corpus, geo files, specs)."""
    path = REPO.parent / "shared"
    if not path.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return path


def _pg_available() -> str | None:
    """None if PostgreSQL answers, else the reason it does not."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as err:
        return str(err).splitlines()[0]
    return None


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    reason = _pg_available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must answer in CI at {PG_ADMIN_URL}: {reason}")
        pytest.skip(f"PostgreSQL not available: {reason}")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A brand-new PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"truce_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/truce.db"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path}/truce.db", home=tmp_path)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, home=tmp_path)


def make_context(settings: Settings) -> Context:
    from truce.services import ledger_service

    ledger_service.init_key(settings)
    return open_context(settings)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Context]:
    """A migrated database with a signing key, on SQLite and on PostgreSQL."""
    context = make_context(settings)
    yield context
    context.close()


@pytest.fixture
def sqlite_ctx(sqlite_settings: Settings) -> Iterator[Context]:
    context = make_context(sqlite_settings)
    yield context
    context.close()


@pytest.fixture(scope="session")
def ex() -> Extractor:
    """One extractor (spaCy pipeline and gazetteer) for every rule test."""
    return Extractor()
