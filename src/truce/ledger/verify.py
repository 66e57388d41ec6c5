"""The offline checker: recompute a whole log from its entries and hold it to a checkpoint.

It trusts nothing but the entry bytes, the signed note and the verifier key. Hashes are
kept per tree level as one flat ``bytes`` (32 bytes per node), so a million entries cost
about 64 MB and any root or stored node can be recomputed by index.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from truce.errors import Invalid, LedgerIntegrityError
from truce.ledger import merkle
from truce.ledger.checkpoint import Checkpoint, verify_note
from truce.ledger.jcs import canonicalize, loads

_RFC3339_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")
REQUIRED_FIELDS = ("seq", "kind", "at", "by", "body")


def check_entry(seq: int, data: bytes) -> None:
    """One entry: canonical JSON, the required fields, and ``seq`` equal to its position."""
    try:
        value = loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise LedgerIntegrityError(f"entry {seq}: not UTF-8 JSON ({err})") from None
    if not isinstance(value, dict):
        raise LedgerIntegrityError(f"entry {seq}: not a JSON object")
    try:
        canonical = canonicalize(value)
    except Invalid as err:
        raise LedgerIntegrityError(f"entry {seq}: {err}") from None
    if canonical != data:
        raise LedgerIntegrityError(f"entry {seq}: bytes are not RFC 8785 canonical JSON")
    missing = [f for f in REQUIRED_FIELDS if f not in value]
    if missing:
        raise LedgerIntegrityError(f"entry {seq}: missing field(s) {', '.join(missing)}")
    if type(value["seq"]) is not int or value["seq"] != seq:
        raise LedgerIntegrityError(f"entry {seq}: seq is {value['seq']!r}, expected {seq}")
    if not isinstance(value["kind"], str) or not value["kind"]:
        raise LedgerIntegrityError(f"entry {seq}: kind must be a non-empty string")
    if not isinstance(value["by"], str) or not value["by"]:
        raise LedgerIntegrityError(f"entry {seq}: by must be a non-empty string")
    if not isinstance(value["body"], dict):
        raise LedgerIntegrityError(f"entry {seq}: body must be an object")
    at = value["at"]
    if not isinstance(at, str) or not _RFC3339_UTC.fullmatch(at) or not _valid_time(at):
        raise LedgerIntegrityError(
            f"entry {seq}: at {at!r} is not an RFC 3339 UTC time ending in Z"
        )


def _valid_time(at: str) -> bool:
    try:
        datetime.strptime(at[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return False
    return True


def next_level(hashes: bytes) -> bytes:
    """The perfect nodes one level up: hash each complete pair, drop a lone last node."""
    out = bytearray()
    sha = hashlib.sha256
    for i in range(0, len(hashes) - 63, 64):
        out += sha(b"\x01" + hashes[i : i + 64]).digest()
    return bytes(out)


class TreeLevels:
    """Every perfect-subtree hash of a tree, level by level, from its leaf hashes."""

    def __init__(self, leaves: bytes) -> None:
        self.size = len(leaves) // 32
        self.levels: list[bytes] = [leaves]
        while len(self.levels[-1]) >= 64:
            self.levels.append(next_level(self.levels[-1]))

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][index * 32 : index * 32 + 32]

    def get_nodes(self, keys: Iterable[merkle.NodeKey]) -> dict[merkle.NodeKey, bytes]:
        out = {}
        for level, index in keys:
            if level < len(self.levels) and (index + 1) * 32 <= len(self.levels[level]):
                out[(level, index)] = self.node(level, index)
        return out

    def root(self, size: int) -> bytes:
        if size > self.size:
            raise LedgerIntegrityError(f"the log holds {self.size} entries, fewer than {size}")
        return merkle.root(size, self)

    def nodes(self) -> Iterator[tuple[int, int, bytes]]:
        """All perfect nodes, ordered by (level, index)."""
        for level, hashes in enumerate(self.levels):
            for index in range(len(hashes) // 32):
                yield level, index, hashes[index * 32 : index * 32 + 32]


def leaf_hashes(entries: Iterable[bytes], *, check: bool = True) -> bytes:
    """Concatenated leaf hashes of ``entries`` (in seq order), checking each entry."""
    out = bytearray()
    for seq, data in enumerate(entries):
        if check:
            check_entry(seq, data)
        out += merkle.leaf_hash(data)
    return bytes(out)


def compare_nodes(levels: TreeLevels, stored: Iterable[tuple[int, int, bytes]]) -> int:
    """Stored perfect nodes, ordered by (level, index), must be exactly the recomputed ones."""
    expected = levels.nodes()
    count = 0
    for level, index, value in stored:
        want = next(expected, None)
        if want is None or (want[0], want[1]) > (level, index):
            raise LedgerIntegrityError(
                f"stored tree node level {level} index {index} should not exist"
            )
        if (want[0], want[1]) < (level, index):
            raise LedgerIntegrityError(
                f"stored tree node level {want[0]} index {want[1]} is missing"
            )
        if want[2] != value:
            raise LedgerIntegrityError(
                f"stored tree node level {level} index {index} differs from the recomputed hash"
            )
        count += 1
    rest = next(expected, None)
    if rest is not None:
        raise LedgerIntegrityError(f"stored tree node level {rest[0]} index {rest[1]} is missing")
    return count


@dataclass(frozen=True)
class LogCheck:
    checkpoint: Checkpoint
    entries: int
    nodes_checked: int


def check_log(
    entries: Iterable[bytes],
    note: str,
    verifier_key: str,
    nodes: Iterable[tuple[int, int, bytes]] | None = None,
) -> LogCheck:
    """Verify ``note`` with ``verifier_key`` and that ``entries`` reproduce its root.

    Entries past the checkpoint's size are checked as entries too; stored nodes, if
    given as (level, index, hash) ordered by (level, index), must match the recomputation.
    """
    checkpoint = verify_note(note, verifier_key)
    levels = TreeLevels(leaf_hashes(entries))
    if levels.root(checkpoint.size) != checkpoint.root:
        raise LedgerIntegrityError(
            f"entries 0..{checkpoint.size - 1} do not reproduce the checkpoint's root"
        )
    checked = compare_nodes(levels, nodes) if nodes is not None else 0
    return LogCheck(checkpoint, levels.size, checked)
