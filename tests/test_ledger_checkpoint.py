"""Signed notes and checkpoints: Go's published test vector, round trips, tampering, cosigning."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truce.errors import Conflict, Invalid, LedgerIntegrityError
from truce.ledger import checkpoint as cp
from truce.ledger import keys, merkle

# From golang.org/x/mod/sumdb/note's documentation: an independent implementation's bytes.
GO_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_NOTE = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

SIGNER = cp.NoteSigner("truce.local/test", keys.generate_key())


def test_go_reference_note_verifies() -> None:
    body = cp.verify_signed_note(GO_NOTE, GO_KEY)
    assert body.startswith("If you think")
    with pytest.raises(LedgerIntegrityError):
        cp.verify_signed_note(GO_NOTE.replace("answer", "Answer"), GO_KEY)


def test_verifier_key_string_matches_the_go_layout() -> None:
    verifier = cp.parse_verifier_key(GO_KEY)
    raw = base64.b64decode(GO_KEY.split("+")[2])[1:]
    assert cp.verifier_key_string("PeterNeumann", raw) == GO_KEY
    assert verifier.key_id == hashlib.sha256(b"PeterNeumann\n\x01" + raw).digest()[:4]
    with pytest.raises(LedgerIntegrityError):
        cp.parse_verifier_key(GO_KEY.replace("c74f20a3", "c74f20a4"))


@given(st.integers(0, 2**53), st.binary(min_size=32, max_size=32))
def test_checkpoint_sign_parse_verify_round_trip(size: int, root: bytes) -> None:
    checkpoint = cp.Checkpoint("truce.local/test", size, root)
    note = cp.sign_checkpoint(checkpoint, SIGNER)
    body, _, sigs = note.partition("\n\n")
    assert body + "\n" == f"truce.local/test\n{size}\n{base64.b64encode(root).decode()}\n"
    assert sigs.startswith("\u2014 truce.local/test ") and sigs.endswith("\n")
    assert cp.verify_note(note, SIGNER.verifier_key()) == checkpoint
    assert cp.parse_note(note).text() == note


@given(st.data())
def test_any_change_to_a_signed_note_is_detected(data: st.DataObject) -> None:
    note = cp.sign_checkpoint(cp.Checkpoint("truce.local/test", 42, bytes(32)), SIGNER)
    position = data.draw(st.integers(0, len(note) - 1))
    replacement = data.draw(st.sampled_from("0123456789abcdefghABCDEF+/=\n "))
    tampered = note[:position] + replacement + note[position + 1 :]
    if tampered == note:
        return
    with pytest.raises(LedgerIntegrityError):
        cp.verify_note(tampered, SIGNER.verifier_key())


def test_wrong_key_and_missing_signature_are_refused() -> None:
    note = cp.sign_checkpoint(cp.Checkpoint("truce.local/test", 1, bytes(32)), SIGNER)
    other = cp.NoteSigner("truce.local/test", keys.generate_key())
    with pytest.raises(LedgerIntegrityError, match="no signature"):
        cp.verify_note(note, other.verifier_key())


@pytest.mark.parametrize("origin", ["", "has space", "a+b", "tab\there"])
def test_bad_origins_are_invalid(origin: str) -> None:
    with pytest.raises(Invalid):
        cp.Checkpoint(origin, 0, bytes(32)).body()


@pytest.mark.parametrize(
    "body",
    [
        "o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "o\n1\nAAAA\n",
        "o\n1\n",
        "o\n-1\nx\n",
    ],
)
def test_malformed_checkpoint_bodies_are_refused(body: str) -> None:
    with pytest.raises(LedgerIntegrityError):
        cp.parse_checkpoint(body)


def _log(size: int) -> merkle.MemoryNodes:
    nodes = merkle.MemoryNodes()
    for i in range(size):
        nodes.append(f"e{i}".encode())
    return nodes


def test_cosign_checks_growth_and_consistency() -> None:
    log = _log(20)
    witness = cp.NoteSigner("witness.example/w1", keys.generate_key())
    old = cp.sign_checkpoint(cp.Checkpoint("truce.local/test", 7, merkle.root(7, log)), SIGNER)
    new = cp.sign_checkpoint(cp.Checkpoint("truce.local/test", 20, merkle.root(20, log)), SIGNER)
    proof = merkle.consistency_proof(7, 20, log)
    cosigned = cp.cosign(new, old, proof, witness, log_key=SIGNER.verifier_key())
    assert cosigned.startswith(new)
    assert cp.verify_note(cosigned, witness.verifier_key()).size == 20
    assert cp.verify_note(cosigned, SIGNER.verifier_key()).size == 20
    with pytest.raises(LedgerIntegrityError, match="smaller"):
        cp.cosign(old, new, [], witness, log_key=SIGNER.verifier_key())
    forked = cp.sign_checkpoint(cp.Checkpoint("truce.local/test", 20, bytes(32)), SIGNER)
    with pytest.raises(LedgerIntegrityError):
        cp.cosign(forked, old, proof, witness, log_key=SIGNER.verifier_key())


def test_key_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "ledger.key"
    key = keys.generate_key()
    keys.save_key(key, path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keys.public_bytes(keys.load_key(path)) == keys.public_bytes(key)
    with pytest.raises(Conflict):
        keys.save_key(keys.generate_key(), path)
    assert keys.public_bytes(keys.load_key(path)) == keys.public_bytes(key)
