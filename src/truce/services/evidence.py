"""Evidence files: checked, stored by SHA-256 under ``settings.evidence_dir``, served
only to whoever may see a report or statement that cites them (or who uploaded them).

The file itself never enters the ledger; its hash, size and type do.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from truce.domain.evidence import check_evidence
from truce.errors import Forbidden, Invalid, NotFound
from truce.services.context import Context
from truce.services.visibility import Viewer, can_see_evidence
from truce.store.tables import evidence

UPLOADERS = frozenset({"party", "monitor", "verifier"})  # spec/api.md
_SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")


def canonical_sha256(value: object) -> str | None:
    """``value`` in the one form Truce stores, logs and returns: 64 lowercase hex digits.

    Callers may send either case (spec/ledger.md writes hashes as lowercase hex); None
    when ``value`` is no SHA-256 hex digest at all.
    """
    if isinstance(value, str) and _SHA256_HEX.fullmatch(value):
        return value.lower()
    return None


def canonical_hashes(raw: object) -> list[str]:
    """A request's ``evidence`` list (absent: none) in canonical form; Invalid if malformed."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Invalid("evidence: give a list of sha256 hashes of uploaded files")
    hashes: list[str] = []
    for i, item in enumerate(raw):
        sha = canonical_sha256(item)
        if sha is None:
            raise Invalid(f"evidence[{i}]: {item!r} is not a SHA-256 digest (64 hex characters)")
        hashes.append(sha)
    return hashes


def with_canonical_evidence(data: Any) -> Any:
    """A report body whose well-formed evidence hashes are put in canonical form; anything
    malformed is left as sent, for the report's own checks to name."""
    if isinstance(data, dict) and isinstance(data.get("evidence"), list):
        return {**data, "evidence": [canonical_sha256(h) or h for h in data["evidence"]]}
    return data


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    media_type: str
    created: bool

    def as_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "media_type": self.media_type}


def path_for(ctx: Context, sha256: str) -> Path:
    return ctx.settings.evidence_dir / sha256[:2] / sha256


def upload(
    ctx: Context, data: bytes, media_type: str, filename: str | None, user: Viewer
) -> Stored:
    """Check and store one file; the same bytes uploaded again return the stored record."""
    if user.role not in UPLOADERS:
        raise Forbidden(f"the {user.role} role may not upload evidence")
    checked = check_evidence(data, media_type, ctx.settings.max_evidence_bytes, filename)
    target = path_for(ctx, checked.sha256)
    with ctx.db.write() as conn:
        row = conn.execute(select(evidence).where(evidence.c.sha256 == checked.sha256)).first()
        if row is not None:
            return Stored(row.sha256, int(row.size), row.media_type, created=False)
        seq = ctx.append(
            conn,
            "evidence.uploaded",
            user.principal,
            {"sha256": checked.sha256, "size": checked.size, "media_type": checked.media_type},
        )
        conn.execute(
            insert(evidence).values(
                sha256=checked.sha256,
                size=checked.size,
                media_type=checked.media_type,
                filename=checked.filename,
                uploaded_by=user.principal,
                uploader_party=user.party if user.role == "party" else None,
                uploaded_at=ctx.now(),
                ledger_seq=seq,
            )
        )
        # Written before commit: a file without a row is harmless (content-addressed and
        # rewritten on the next upload); a row without its file would not be.
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return Stored(checked.sha256, checked.size, checked.media_type, created=True)


def fetch(ctx: Context, sha256: str, viewer: Viewer | None) -> tuple[Path, str, str | None]:
    """The stored file's path, media type and display name, if the viewer may see it."""
    canonical = canonical_sha256(sha256)
    if canonical is None:
        raise NotFound(f"no evidence {sha256}")
    sha256 = canonical
    with ctx.db.read() as conn:
        row = conn.execute(select(evidence).where(evidence.c.sha256 == sha256)).first()
        if row is None or not can_see_evidence(conn, viewer, sha256):
            raise NotFound(f"no evidence {sha256}")
    path = path_for(ctx, sha256)
    if not path.is_file():
        raise NotFound(f"no evidence {sha256}")
    return path, row.media_type, row.filename
