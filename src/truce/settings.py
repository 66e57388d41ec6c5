"""Typed settings, read from the environment (``TRUCE_*``) only when asked for."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable. Build one with ``Settings()`` at an edge and pass it down."""

    model_config = SettingsConfigDict(env_prefix="TRUCE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./truce.db",
        description="SQLAlchemy URL: sqlite:///path (default ./truce.db) or postgresql+psycopg://...",
    )
    home: Path = Field(
        default=Path("."),
        description="Folder holding the signing key (ledger.key), evidence files and other state.",
    )
    origin: str | None = Field(
        default=None,
        description="Checkpoint origin line; default truce.local/<agreement id> of the first agreement.",
    )
    env: Literal["development", "production"] = Field(
        default="development",
        description="In production, placeholder secrets are refused.",
    )
    secret_key: str = Field(
        default="change-me",
        description="Secret for session cookies and CSRF tokens; must be set in production.",
    )
    max_payload_bytes: int = Field(
        default=1_000_000, description="Largest JSON/YAML request body accepted (bytes)."
    )
    max_evidence_bytes: int = Field(
        default=20_000_000, description="Largest evidence file accepted (bytes)."
    )

    _ephemeral_secret: str = PrivateAttr(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def session_secret(self) -> str:
        """The secret that signs session cookies and CSRF tokens.

        With the placeholder (development only; production refuses it) a random secret
        is made per process, so sign-ins last until restart and nobody can forge one.
        """
        if self.secret_key in {"", "change-me"}:
            return self._ephemeral_secret
        return self.secret_key

    @property
    def key_path(self) -> Path:
        return self.home / "ledger.key"

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"

    def check_secrets(self) -> None:
        """Refuse to run in production with the placeholder secret."""
        from truce.errors import Invalid

        if self.env == "production" and self.secret_key in {"", "change-me"}:
            raise Invalid("TRUCE_SECRET_KEY must be set to a real secret when TRUCE_ENV=production")
