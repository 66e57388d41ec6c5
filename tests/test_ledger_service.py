"""The ledger in SQLite through its services: appends, proofs, checkpoints, tampering, rollback."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, update

from truce.errors import Conflict, Invalid, LedgerIntegrityError, NotFound
from truce.ledger import checkpoint as cp
from truce.ledger import keys, merkle
from truce.ledger.verify import check_log
from truce.services import ledger_service as ls
from truce.store import ledger_repo
from truce.store.db import Database
from truce.store.ledger_tables import (
    ledger_checkpoints,
    ledger_cosignatures,
    ledger_entries,
    ledger_nodes,
)
from truce.store.metadata import metadata


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path}/t.db")
    metadata.create_all(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def ledger() -> ls.LedgerContext:
    """A log named up front, as with TRUCE_ORIGIN."""
    return ls.LedgerContext(keys.generate_key(), "truce.local/test")


@pytest.fixture
def unnamed() -> ls.LedgerContext:
    """A log that the first agreement will name."""
    return ls.LedgerContext(keys.generate_key())


def _fill(db: Database, ledger: ls.LedgerContext, count: int) -> None:
    for i in range(count):
        with db.write() as conn:
            assert ls.append(conn, ledger, "report.filed", f"user:{i}", {"n": i, "x": "é"}) == i


def test_appends_are_served_proved_and_verified(db: Database, ledger: ls.LedgerContext) -> None:
    _fill(db, ledger, 9)
    with db.write() as conn:
        assert ls.append_many(conn, ledger, [("a.b", "system", {"k": j}) for j in range(4)]) == [
            9,
            10,
            11,
            12,
        ]
    note = ls.checkpoint(db)
    key = ls.verifier_key(db)
    assert key.startswith("truce.local/test+")
    head = cp.verify_note(note, key)
    assert head.size == 13

    rows = ls.entries(db, 0, 13)
    assert json.loads(rows[3]) == {
        "seq": 3,
        "kind": "report.filed",
        "at": json.loads(rows[3])["at"],
        "by": "user:3",
        "body": {"n": 3, "x": "é"},
    }
    assert json.loads(rows[3])["at"].endswith("Z")
    assert ls.format_entries(rows[:2]).count("\n") == 2

    for index in (0, 5, 12):
        proof = ls.prove_inclusion(db, index, 13)
        hashes = [base64.b64decode(h) for h in proof["hashes"]]
        merkle.verify_inclusion(merkle.leaf_hash(rows[index]), index, 13, hashes, head.root)
    old_note = ls.entries(db, 0, 5)
    assert len(old_note) == 5
    with db.read() as conn:
        old_root = ledger_repo.checkpoint_at(conn, 5).root
    proof = ls.prove_consistency(db, 5, 13)
    merkle.verify_consistency(
        5, 13, old_root, head.root, [base64.b64decode(h) for h in proof["hashes"]]
    )
    assert ls.prove_consistency(db, 0, 13)["hashes"] == []
    assert ls.prove_consistency(db, 13, 13)["hashes"] == []
    assert json.loads(ls.proof_json(proof)) == proof

    report = ls.verify(db)
    assert (report.size, report.entries, report.checkpoints) == (13, 13, 10)
    assert ls.verify(db, from_checkpoint=note).from_checkpoint == 13

    with db.read() as conn:
        stored = list(ledger_repo.iter_nodes(conn))
    assert check_log(rows, note, key, stored).nodes_checked == len(stored)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda db: ls.prove_inclusion(db, 3, 3), "index 3"),
        (lambda db: ls.prove_inclusion(db, -1, 3), "negative"),
        (lambda db: ls.prove_inclusion(db, 0, 4), "past the current"),
        (lambda db: ls.prove_consistency(db, 3, 2), "larger"),
        (lambda db: ls.prove_consistency(db, 1, 4), "past the current"),
        (lambda db: ls.entries(db, 0, 4), "past the current"),
        (lambda db: ls.entries(db, 2, 1), "after end"),
        (lambda db: ls.entries(db, -1, 2), "negative"),
        (lambda db: ls.prove_consistency(db, -1, 2), "negative"),
        (lambda db: ls.prove_inclusion(db, 0, 0), "index 0"),
    ],
)
def test_requests_outside_the_tree_are_invalid(
    db: Database,
    ledger: ls.LedgerContext,
    call,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    _fill(db, ledger, 3)
    with pytest.raises(Invalid, match=message):
        call(db)


def test_requests_at_the_edges_of_the_tree_are_answered(
    db: Database, ledger: ls.LedgerContext
) -> None:
    _fill(db, ledger, 3)
    assert ls.entries(db, 3, 3) == [] and len(ls.entries(db, 0, 3)) == 3
    assert ls.prove_consistency(db, 0, 3)["hashes"] == []
    assert len(ls.prove_inclusion(db, 2, 3)["hashes"]) == 1


def test_a_missing_entry_row_is_tampering_not_a_short_answer(
    db: Database, ledger: ls.LedgerContext
) -> None:
    _fill(db, ledger, 5)
    with db.write() as conn:
        conn.execute(delete(ledger_entries).where(ledger_entries.c.seq == 2))
    assert len(ls.entries(db, 0, 2)) == 2 and len(ls.entries(db, 3, 5)) == 2
    for start, end in ((0, 5), (2, 3), (1, 4)):
        with pytest.raises(LedgerIntegrityError, match="entry 2 is missing"):
            ls.entries(db, start, end)
    with pytest.raises(LedgerIntegrityError, match="entry 2 is missing"):
        ls.tile(db, "entries/000.p/5")


def _count_statements(db: Database) -> list[str]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(" ".join(str(args[2]).split()))

    event.listen(db.engine, "before_cursor_execute", record)
    return seen


def test_one_write_reads_the_log_size_and_its_name_and_key_once(
    db: Database, ledger: ls.LedgerContext
) -> None:
    _fill(db, ledger, 5)
    seen = _count_statements(db)
    with db.write() as conn:
        ls.append_many(conn, ledger, [("a.b", "system", {"k": j}) for j in range(3)])
    assert sum("max(ledger_entries.seq)" in s for s in seen) == 1
    assert sum("FROM ledger_meta" in s for s in seen) == 1
    assert cp.verify_note(ls.checkpoint(db), ls.verifier_key(db)).size == 8
    assert ls.verify(db).size == 8


def test_verify_reads_all_cosignatures_in_one_query(db: Database, ledger: ls.LedgerContext) -> None:
    witness = cp.NoteSigner("witness.example/w1", keys.generate_key())
    ls.add_witness(db, ledger, witness.name, witness.verifier_key())
    _fill_more(db, ledger, 6)
    log_key = ls.verifier_key(db)
    with db.read() as conn:
        notes = [str(ledger_repo.checkpoint_at(conn, n).note) for n in (3, 5)]
    for note in notes:
        ls.cosign(db, cp.cosign(note, None, [], witness, log_key=log_key))
    seen = _count_statements(db)
    assert ls.verify(db).cosignatures == 2 and ls.verify(db).checkpoints == 7
    assert sum("FROM ledger_cosignatures" in s for s in seen) == 2  # one per verify
    with db.write() as conn:  # a cosignature line moved onto another checkpoint
        conn.execute(
            update(ledger_cosignatures).where(ledger_cosignatures.c.size == 3).values(size=4)
        )
    with pytest.raises(LedgerIntegrityError, match="signature"):
        ls.verify(db)


def test_tampered_entry_is_detected(db: Database, ledger: ls.LedgerContext) -> None:
    _fill(db, ledger, 5)
    with db.write() as conn:
        row = ledger_repo.read_entries(conn, 2, 3)[0]
        changed = row.replace(b'"n":2', b'"n":7')
        conn.execute(update(ledger_entries).where(ledger_entries.c.seq == 2).values(entry=changed))
    with pytest.raises(LedgerIntegrityError, match="entry 2"):
        ls.verify(db)


def test_tampered_entry_with_matching_leaf_is_detected(
    db: Database, ledger: ls.LedgerContext
) -> None:
    _fill(db, ledger, 5)
    with db.write() as conn:
        changed = ledger_repo.read_entries(conn, 4, 5)[0].replace(b'"n":4', b'"n":8')
        conn.execute(
            update(ledger_entries)
            .where(ledger_entries.c.seq == 4)
            .values(entry=changed, leaf_hash=merkle.leaf_hash(changed))
        )
    with pytest.raises(LedgerIntegrityError, match="level 0 index 4"):
        ls.verify(db)


def test_tampered_node_is_detected(db: Database, ledger: ls.LedgerContext) -> None:
    _fill(db, ledger, 6)
    with db.write() as conn:
        conn.execute(
            update(ledger_nodes)
            .where(ledger_nodes.c.level == 1, ledger_nodes.c.idx == 1)
            .values(hash=bytes(32))
        )
    with pytest.raises(LedgerIntegrityError, match="level 1 index 1"):
        ls.verify(db)


def test_tampered_checkpoint_is_detected(db: Database, ledger: ls.LedgerContext) -> None:
    _fill(db, ledger, 4)
    with db.write() as conn:
        note = ledger_repo.checkpoint_at(conn, 3).note
        forged = note.replace("\n3\n", "\n2\n")
        conn.execute(
            update(ledger_checkpoints).where(ledger_checkpoints.c.size == 3).values(note=forged)
        )
    with pytest.raises(LedgerIntegrityError, match="signature"):
        ls.verify(db)


def test_given_checkpoint_from_a_fork_is_refused(db: Database, ledger: ls.LedgerContext) -> None:
    _fill(db, ledger, 4)
    signer = cp.NoteSigner("truce.local/test", ledger.private_key)
    forged = cp.sign_checkpoint(cp.Checkpoint("truce.local/test", 3, bytes(32)), signer)
    with pytest.raises(LedgerIntegrityError, match="not consistent"):
        ls.verify(db, from_checkpoint=forged)


def test_failed_write_leaves_no_entries_or_nodes(db: Database, ledger: ls.LedgerContext) -> None:
    _fill(db, ledger, 2)
    with pytest.raises(RuntimeError), db.write() as conn:
        ls.append(conn, ledger, "report.filed", "user:1", {"n": 99})
        raise RuntimeError("the record's own insert failed")
    with db.read() as conn:
        assert ledger_repo.entry_count(conn) == 2
        assert len(list(ledger_repo.iter_nodes(conn))) == 3
    assert cp.verify_note(ls.checkpoint(db), ls.verifier_key(db)).size == 2
    assert ls.verify(db).size == 2


def test_bad_entries_are_refused_before_anything_is_written(
    db: Database, ledger: ls.LedgerContext
) -> None:
    with pytest.raises(Invalid), db.write() as conn:
        ls.append(conn, ledger, "x", "system", {"big": 2**60})
    with pytest.raises(Invalid), db.write() as conn:
        ls.append(conn, ledger, "", "system", {})
    with db.read() as conn:
        assert ledger_repo.entry_count(conn) == 0


def _key_checks_every_checkpoint(db: Database) -> None:
    verifier = cp.parse_verifier_key(ls.verifier_key(db))
    with db.read() as conn:
        for row in ledger_repo.all_checkpoints(conn):
            cp.verify_note(str(row.note), verifier)


def test_empty_ledger_has_no_checkpoint_and_reading_signs_nothing(db: Database) -> None:
    with pytest.raises(NotFound, match="empty"):
        ls.checkpoint(db)
    with pytest.raises(NotFound, match="empty"):
        ls.verifier_key(db)
    with db.read() as conn:
        assert ls.current_size(conn) == 0


def test_the_first_agreement_names_the_log_once(db: Database, unnamed: ls.LedgerContext) -> None:
    ledger = unnamed
    with db.write() as conn:
        ls.propose_origin(conn, ledger, "truce.local/pak-afg-2025")
        ls.append(conn, ledger, "agreement.loaded", "system", {})
    with db.write() as conn:
        ls.propose_origin(conn, ledger, "truce.local/other")  # too late: the log is named
        ls.append(conn, ledger, "agreement.loaded", "system", {})
    assert ls.checkpoint(db).startswith("truce.local/pak-afg-2025\n2\n")
    assert ls.verifier_key(db).startswith("truce.local/pak-afg-2025+")
    _key_checks_every_checkpoint(db)
    assert ls.verify(db).checkpoints == 2


def test_writes_before_the_log_is_named_wait_for_its_first_checkpoint(
    db: Database, unnamed: ls.LedgerContext
) -> None:
    with db.write() as conn:
        ls.append(conn, unnamed, "user.added", "system", {"user_id": 1})
    with pytest.raises(NotFound, match="empty"):
        ls.checkpoint(db)
    assert ls.verify(db).checkpoints == 0  # stored, waiting to be signed
    with db.write() as conn:
        ls.propose_origin(conn, unnamed, "truce.local/pak-afg-2025")
        ls.append(conn, unnamed, "agreement.loaded", "system", {})
    assert ls.checkpoint(db).startswith("truce.local/pak-afg-2025\n2\n")
    _key_checks_every_checkpoint(db)
    assert ls.verify(db).size == 2


def test_truce_origin_names_the_key_and_may_not_change(db: Database) -> None:
    key = keys.generate_key()
    named = ls.LedgerContext(key, "override.example/log")
    with db.write() as conn:
        ls.propose_origin(conn, named, "truce.local/ignored")
        ls.append(conn, named, "agreement.loaded", "system", {})
    assert ls.verifier_key(db).startswith("override.example/log+")
    _key_checks_every_checkpoint(db)
    with pytest.raises(Invalid, match="never changes"), db.write() as conn:
        ls.append(conn, ls.LedgerContext(key, "other.example/log"), "x", "system", {})
    assert ls.verify(db).size == 1


def test_verify_refuses_a_checkpoint_under_another_name(
    db: Database, ledger: ls.LedgerContext
) -> None:
    with db.write() as conn:
        ls.append(conn, ledger, "agreement.loaded", "system", {})
        ledger_repo.set_meta(conn, "origin", "truce.local/renamed")
    with pytest.raises(LedgerIntegrityError, match="published verifier key"):
        ls.verify(db)


def test_witness_cosigns_and_may_not_go_backwards(db: Database, ledger: ls.LedgerContext) -> None:
    witness = cp.NoteSigner("witness.example/w1", keys.generate_key())
    assert ls.add_witness(db, ledger, witness.name, witness.verifier_key()) == 0
    _fill_more(db, ledger, 3)
    with db.read() as conn:
        early = ledger_repo.checkpoint_at(conn, 2).note
    late = ls.checkpoint(db)
    log_key = ls.verifier_key(db)
    assert ls.cosign(db, cp.cosign(early, None, [], witness, log_key=log_key)) == [witness.name]
    signed = cp.cosign(late, None, [], witness, log_key=log_key)
    assert ls.cosign(db, signed) == [witness.name]
    served = ls.checkpoint(db)
    assert served == signed
    assert cp.verify_note(served, witness.verifier_key()).size == 4
    with pytest.raises(Conflict):
        ls.cosign(db, cp.cosign(early, None, [], witness, log_key=log_key))
    stranger = cp.NoteSigner("stranger.example", keys.generate_key())
    with pytest.raises(Invalid):
        ls.cosign(db, cp.cosign(late, None, [], stranger, log_key=log_key))
    assert ls.verify(db).cosignatures == 2


def _fill_more(db: Database, ledger: ls.LedgerContext, count: int) -> None:
    for i in range(count):
        with db.write() as conn:
            ls.append(conn, ledger, "report.filed", "user:1", {"n": i})


def test_init_key_creates_once(tmp_path: Path) -> None:
    from truce.settings import Settings

    settings = Settings(home=tmp_path)
    path = ls.init_key(settings)
    first = path.read_bytes()
    assert ls.init_key(settings) == path and path.read_bytes() == first
    assert repr(ls.load_context(settings)).startswith("LedgerContext(")
