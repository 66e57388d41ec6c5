"""The demo database, built once per test module, with a client and staff credentials."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from truce.services import demo, users
from truce.services.context import Context, open_context
from truce.settings import Settings
from truce.web.app import create_app


@dataclass
class Demo:
    ctx: Context
    client: TestClient
    staff: dict[str, str]
    staff_user: users.User
    home: Path


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    home = tmp_path_factory.mktemp("demo")
    settings = Settings(database_url=f"sqlite:///{home}/truce.db", home=home)
    demo.prepare(settings, fresh=True)
    ctx = open_context(settings)
    new = users.add_user(ctx, "Analyst at the secretariat", "secretariat", None)
    with TestClient(create_app(context=ctx), raise_server_exceptions=False) as client:
        yield Demo(ctx, client, {"Authorization": f"Bearer {new.token}"}, new.user, home)
    ctx.close()
