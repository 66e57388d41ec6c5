"""The mechanism's Ed25519 signing key on disk.

The file is created with mode 0600 in one ``open(O_CREAT | O_EXCL)`` call, so it is never
readable by others, not even for an instant, and an existing key is never overwritten
(losing it would make every later checkpoint unverifiable against the published key).
Nothing here logs or prints key material.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from truce.errors import Conflict, Invalid, NotFound


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def save_key(key: Ed25519PrivateKey, path: Path) -> None:
    """Write ``key`` as PKCS#8 PEM to a new file readable only by its owner."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Conflict(f"{path} already exists; refusing to overwrite a signing key") from None
    with os.fdopen(fd, "wb") as f:
        f.write(pem)


def load_key(path: Path) -> Ed25519PrivateKey:
    """Read a key written by ``save_key``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no ledger signing key at {path}; run `truce init` first") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError:
        raise Invalid(f"{path} is not a PEM Ed25519 private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise Invalid(f"{path} holds a {type(key).__name__}, not an Ed25519 key")
    return key


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The raw 32-byte public key."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
