"""Shared fixtures: fresh state per test, the shared dev data, PostgreSQL when it answers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the checkout (dev corpus, geo files, specs)."""
    path = REPO.parent / "shared"
    if not path.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return path
