"""C2SP tlog-checkpoint bodies inside C2SP signed notes, with Ed25519 signatures.

- checkpoint body (c2sp.org/tlog-checkpoint): ``<origin>\\n<size>\\n<base64 root>\\n``;
- signed note (c2sp.org/signed-note, Go's golang.org/x/mod/sumdb/note): the body, a blank
  line, then ``— <key name> <base64(key id ‖ signature)>\\n`` per signature, the signature
  over the body bytes; key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4];
- verifier key: ``<name>+<key id, 8 hex digits>+<base64(0x01 ‖ public key)>``.

Anything malformed in a note or a key raises LedgerIntegrityError (notes come from the
outside and must prove themselves); a bad origin we are asked to *sign* raises Invalid.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from truce.errors import Invalid, LedgerIntegrityError
from truce.ledger import merkle
from truce.ledger.keys import public_bytes

ALG_ED25519 = 0x01
SIG_PREFIX = "\u2014 "  # em dash and a space
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,18}")
_BAD_NAME = re.compile(r"[\s+]")


def check_name(name: str, what: str = "key name") -> None:
    """Key names and origins: non-empty, no whitespace, no '+' (signed-note grammar)."""
    if not name or _BAD_NAME.search(name) or not name.isprintable():
        raise Invalid(
            f"{what} {name!r} must be non-empty with no spaces, '+' or control characters"
        )


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ALG_ED25519]) + public_key).digest()[:4]


def verifier_key_string(name: str, public_key: bytes) -> str:
    check_name(name)
    encoded = base64.b64encode(bytes([ALG_ED25519]) + public_key).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    public_key: Ed25519PublicKey

    def verifies(self, body: bytes, signature: bytes) -> bool:
        try:
            self.public_key.verify(signature, body)
        except InvalidSignature:
            return False
        return True


def parse_verifier_key(text: str) -> Verifier:
    """Parse ``name+hexid+base64key``; the id must match the name and key it names."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise LedgerIntegrityError("verifier key must read <name>+<8 hex digits>+<base64 key>")
    name, hex_id, encoded = parts
    try:
        check_name(name)
        raw = base64.b64decode(encoded, validate=True)
        claimed = bytes.fromhex(hex_id)
    except (Invalid, binascii.Error, ValueError):
        raise LedgerIntegrityError(f"verifier key {text.strip()!r} is malformed") from None
    if len(raw) != 33 or raw[0] != ALG_ED25519 or len(claimed) != 4:
        raise LedgerIntegrityError("verifier key is not an Ed25519 (type 0x01) key")
    if key_id(name, raw[1:]) != claimed:
        raise LedgerIntegrityError("verifier key id does not match its name and public key")
    return Verifier(name, claimed, Ed25519PublicKey.from_public_bytes(raw[1:]))


@dataclass(frozen=True)
class NoteSigner:
    """A key name bound to a private key. Its repr never shows the key."""

    name: str
    private_key: Ed25519PrivateKey = field(repr=False)

    def __post_init__(self) -> None:
        check_name(self.name)

    @cached_property
    def public_key(self) -> bytes:
        # Derived once per signer: every signature line and key check needs it.
        return public_bytes(self.private_key)

    def verifier_key(self) -> str:
        return verifier_key_string(self.name, self.public_key)

    def signature_line(self, body: bytes) -> str:
        sig = self.private_key.sign(body)
        blob = base64.b64encode(key_id(self.name, self.public_key) + sig).decode()
        return f"{SIG_PREFIX}{self.name} {blob}\n"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        check_name(self.origin, "origin")
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(body: str) -> Checkpoint:
    """Parse a checkpoint body (extension lines, if any, are allowed and ignored)."""
    if not body.endswith("\n"):
        raise LedgerIntegrityError("checkpoint body must end with a newline")
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise LedgerIntegrityError("checkpoint body needs origin, size and root lines")
    origin, size_text, root_text = lines[:3]
    try:
        check_name(origin, "origin")
    except Invalid as err:
        raise LedgerIntegrityError(f"checkpoint {err}") from None
    if not _DECIMAL.fullmatch(size_text):
        raise LedgerIntegrityError(f"checkpoint size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise LedgerIntegrityError("checkpoint root is not standard base64") from None
    if len(root) != 32 or base64.b64encode(root).decode() != root_text:
        raise LedgerIntegrityError("checkpoint root is not a padded base64 SHA-256 hash")
    return Checkpoint(origin, int(size_text), root)


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: bytes
    signature: bytes
    line: str  # as it appears in the note, newline included


@dataclass(frozen=True)
class Note:
    body: str
    signatures: tuple[NoteSignature, ...]

    def text(self) -> str:
        return self.body + "\n" + "".join(s.line for s in self.signatures)


def parse_note(note: str) -> Note:
    """Split a signed note into its body and signature lines (no signature is checked)."""
    if not note.endswith("\n"):
        raise LedgerIntegrityError("signed note must end with a newline")
    split = note.rfind("\n\n")
    if split < 0:
        raise LedgerIntegrityError("signed note has no blank line before its signatures")
    body, sig_text = note[: split + 1], note[split + 2 :]
    signatures = []
    for line in sig_text.splitlines(keepends=True):
        signatures.append(parse_signature_line(line))
    if not signatures:
        raise LedgerIntegrityError("signed note has no signature lines")
    return Note(body, tuple(signatures))


def parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIG_PREFIX) or not line.endswith("\n"):
        raise LedgerIntegrityError(f"malformed signature line {line.rstrip()!r}")
    name, sep, encoded = line[len(SIG_PREFIX) : -1].partition(" ")
    try:
        check_name(name)
        blob = base64.b64decode(encoded, validate=True)
    except (Invalid, binascii.Error):
        raise LedgerIntegrityError(f"malformed signature line {line.rstrip()!r}") from None
    if not sep or len(blob) < 5:
        raise LedgerIntegrityError(f"malformed signature line {line.rstrip()!r}")
    return NoteSignature(name, blob[:4], blob[4:], line)


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    body = checkpoint.body()
    return body + "\n" + signer.signature_line(body.encode())


def verify_signed_note(note: str, verifier_key: str | Verifier) -> str:
    """Check the note carries a valid signature by ``verifier_key``; return its body."""
    verifier = parse_verifier_key(verifier_key) if isinstance(verifier_key, str) else verifier_key
    parsed = parse_note(note)
    body = parsed.body.encode()
    for sig in parsed.signatures:
        if sig.name == verifier.name and sig.key_id == verifier.key_id:
            if not verifier.verifies(body, sig.signature):
                raise LedgerIntegrityError(f"signature by {verifier.name} does not verify")
            return parsed.body
    raise LedgerIntegrityError(f"note carries no signature by {verifier.name}")


def verify_note(note: str, verifier_key: str | Verifier) -> Checkpoint:
    """Check the note's signature by ``verifier_key``; return the checkpoint it signs."""
    return parse_checkpoint(verify_signed_note(note, verifier_key))


def add_signature(note: str, line: str) -> str:
    """Append a signature line after those already there (mechanism's own stays first)."""
    parsed = parse_note(note)
    extra = parse_signature_line(line)
    if any(s.name == extra.name and s.key_id == extra.key_id for s in parsed.signatures):
        return parsed.text()
    return parsed.text() + extra.line


def cosign(
    note: str,
    old_note: str | None,
    proof: Sequence[bytes],
    cosigner: NoteSigner,
    *,
    log_key: str,
) -> str:
    """Add ``cosigner``'s signature after checking the log's and the growth (C2SP tlog-witness).

    ``old_note`` is the last checkpoint this cosigner signed (None the first time); the new
    one must be signed by the log, no smaller, and provably consistent with it.
    """
    new = verify_note(note, log_key)
    if old_note is not None:
        old = verify_note(old_note, log_key)
        if old.origin != new.origin:
            raise LedgerIntegrityError(f"origin changed from {old.origin} to {new.origin}")
        if new.size < old.size:
            raise LedgerIntegrityError(
                f"checkpoint size {new.size} is smaller than the {old.size} already cosigned"
            )
        merkle.verify_consistency(old.size, new.size, old.root, new.root, proof)
    body = parse_note(note).body
    return add_signature(note, cosigner.signature_line(body.encode()))
