"""People and their roles: API tokens (argon2-hashed), revocation, authentication."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update

from truce.errors import Conflict, Invalid, NotFound, Unauthorized
from truce.services.context import Context
from truce.store.tables import users

ROLES = ("secretariat", "verifier", "board", "party", "monitor", "public")
_TOKEN_PREFIX = "trc_"
# API tokens carry 256 random bits, so a light argon2 setting is ample and keeps each
# request's check to a few milliseconds.
_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    party: str | None

    @property
    def principal(self) -> str:
        return f"user:{self.id}"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "party": self.party}


@dataclass(frozen=True)
class NewUser:
    user: User
    token: str


def add_user(
    ctx: Context, name: str, role: str, party: str | None = None, *, by: str = "system"
) -> NewUser:
    """Create a user and return its token (shown once; only its hash is kept)."""
    name = name.strip()
    if not name:
        raise Invalid("name: must not be empty")
    if role not in ROLES:
        raise Invalid(f"role: {role!r} is not one of {', '.join(ROLES)}")
    if role in {"party", "board"} and not party:
        raise Invalid(f"--party is required for the {role} role")
    party = party.upper() if party else None
    if party:
        _check_party_known(ctx, party, role)
    prefix = secrets.token_hex(4)
    token = f"{_TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with ctx.db.write() as conn:
        user_id = (
            int(conn.execute(select(users.c.id).order_by(users.c.id.desc()).limit(1)).scalar() or 0)
            + 1
        )
        ctx.append(
            conn,
            "user.added",
            by,
            {"user_id": user_id, "name": name, "role": role, "party": party},
        )
        conn.execute(
            insert(users).values(
                id=user_id,
                name=name,
                role=role,
                party=party,
                token_prefix=prefix,
                token_hash=_HASHER.hash(token),
                created_at=ctx.now(),
            )
        )
    return NewUser(User(user_id, name, role, party), token)


def _check_party_known(ctx: Context, party: str, role: str) -> None:
    from truce.services import agreements as agreement_service

    with ctx.db.read() as conn:
        histories = agreement_service.all_histories(conn)
    if not histories:
        return  # no agreement yet: nothing to check against
    known: set[str] = set()
    for h in histories:
        for v in h.versions:
            known.update(p.code for p in v.parties)
            known.update(m.code for m in v.mediators)
    if party not in known:
        raise Invalid(f"--party: {party!r} is not a party or mediator of any loaded agreement")


def revoke(ctx: Context, user_id: int, *, by: str = "system") -> User:
    with ctx.db.write() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
        if row is None:
            raise NotFound(f"no user {user_id}")
        if row.revoked_at is not None:
            raise Conflict(f"user {user_id} is already revoked")
        ctx.append(conn, "user.revoked", by, {"user_id": user_id})
        conn.execute(update(users).where(users.c.id == user_id).values(revoked_at=ctx.now()))
    _verified_cache.clear()
    return User(row.id, row.name, row.role, row.party)


def list_users(ctx: Context) -> list[dict[str, Any]]:
    with ctx.db.read() as conn:
        rows = conn.execute(select(users).order_by(users.c.id)).all()
    return [
        {
            "id": r.id,
            "name": r.name,
            "role": r.role,
            "party": r.party,
            "created_at": r.created_at.isoformat(),
            "revoked": r.revoked_at is not None,
        }
        for r in rows
    ]


# sha256(token) -> user id, for tokens whose argon2 hash already verified in this process.
_verified_cache: dict[str, int] = {}


def authenticate(ctx: Context, token: str) -> User:
    """The active user holding ``token``; Unauthorized otherwise (never says which part failed)."""
    bad = Unauthorized("invalid or revoked token")
    if not token.startswith(_TOKEN_PREFIX) or token.count("_") < 2 or len(token) > 200:
        raise bad
    prefix = token[len(_TOKEN_PREFIX) :].split("_", 1)[0]
    digest = hashlib.sha256(token.encode()).hexdigest()
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(users).where(users.c.token_prefix == prefix, users.c.revoked_at.is_(None))
        ).all()
    for row in rows:
        if _verified_cache.get(digest) == row.id:
            return User(row.id, row.name, row.role, row.party)
        try:
            _HASHER.verify(row.token_hash, token)
        except (VerificationError, InvalidHashError):
            continue
        _verified_cache[digest] = row.id
        return User(row.id, row.name, row.role, row.party)
    raise bad


def get_user(ctx: Context, user_id: int) -> User:
    with ctx.db.read() as conn:
        row = conn.execute(
            select(users).where(users.c.id == user_id, users.c.revoked_at.is_(None))
        ).first()
    if row is None:
        raise Unauthorized("session has expired or the user was revoked")
    return User(row.id, row.name, row.role, row.party)
