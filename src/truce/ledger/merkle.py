"""RFC 9162 §2.1 Merkle tree hashes, proofs and their verification.

The tree is never held in memory. What is stored is every *perfect subtree*: the node
(level, index) is the hash of leaves [index·2^level, (index+1)·2^level). Every hash an
RFC 9162 proof contains is MTH of a range that splits into O(log n) perfect subtrees, so
a root, an inclusion proof or a consistency proof costs one batched read of O(log n)
stored nodes (``NodeReader.get_nodes``), whatever the size of the log.

Appending only needs the *frontier*: the perfect subtrees that make up [0, size), one per
set bit of size. ``TreeAppender`` keeps it in memory and reports the nodes each append
completes, which is exactly what the store must insert.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Protocol

from truce.errors import LedgerIntegrityError

NodeKey = tuple[int, int]  # (level, index) of a perfect subtree
Range = tuple[int, int]  # leaves [start, end)

EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH({}) = HASH() (RFC 9162 §2.1.1)


def leaf_hash(entry: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 ‖ d)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node = SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


class NodeReader(Protocol):
    """Reads stored perfect-subtree hashes; missing keys are simply absent from the result."""

    def get_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]: ...


class MemoryNodes:
    """A NodeReader over a dict, for tests and for building trees before storing them."""

    def __init__(self) -> None:
        self.nodes: dict[NodeKey, bytes] = {}
        self.size = 0
        self._appender = TreeAppender(0, {})

    def append(self, entry: bytes) -> int:
        """Append one entry; returns its index."""
        for key, value in self._appender.append(leaf_hash(entry)):
            self.nodes[key] = value
        self.size += 1
        return self.size - 1

    def get_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        return {k: self.nodes[k] for k in keys if k in self.nodes}


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_perfect(start: int, end: int) -> bool:
    width = end - start
    return width > 0 and width & (width - 1) == 0 and start % width == 0


def _perfect_key(start: int, end: int) -> NodeKey:
    level = (end - start).bit_length() - 1
    return level, start >> level


def _cover(start: int, end: int, out: list[NodeKey]) -> None:
    """The stored nodes MTH(D[start:end]) is built from, following RFC 9162's split."""
    if _is_perfect(start, end):
        out.append(_perfect_key(start, end))
        return
    k = _split(end - start)
    _cover(start, start + k, out)
    _cover(start + k, end, out)


def _range_hash(start: int, end: int, nodes: Mapping[NodeKey, bytes]) -> bytes:
    if _is_perfect(start, end):
        key = _perfect_key(start, end)
        try:
            return nodes[key]
        except KeyError:
            raise LedgerIntegrityError(
                f"stored tree node level {key[0]} index {key[1]} is missing"
            ) from None
    k = _split(end - start)
    return node_hash(_range_hash(start, start + k, nodes), _range_hash(start + k, end, nodes))


def range_hashes(ranges: Sequence[Range], reader: NodeReader) -> list[bytes]:
    """MTH of each leaf range, with one ``get_nodes`` call for all of them."""
    keys: list[NodeKey] = []
    for start, end in ranges:
        _cover(start, end, keys)
    nodes = reader.get_nodes(list(dict.fromkeys(keys))) if keys else {}
    return [_range_hash(start, end, nodes) for start, end in ranges]


def root(size: int, reader: NodeReader) -> bytes:
    """MTH(D[0:size]) from stored nodes."""
    if size < 0:
        raise ValueError("tree size must be ≥ 0")
    if size == 0:
        return EMPTY_ROOT
    return range_hashes([(0, size)], reader)[0]


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose MTHs form PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), in order."""
    if not 0 <= index < size:
        raise ValueError(f"index {index} is outside a tree of size {size}")
    ranges: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()  # the recursion appends on the way back up: deepest sibling first
    return ranges


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The leaf ranges whose MTHs form PROOF(old, D[0:new]) (RFC 9162 §2.1.4.1), in order."""
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    if old == 0 or old == new:
        return []
    ranges: list[Range] = []
    lo, hi, complete = 0, new, True  # SUBPROOF(m, D[lo:hi], b)
    while True:
        if old == hi:
            if not complete:
                ranges.append((lo, hi))
            break
        k = _split(hi - lo)
        if old - lo <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
            complete = False
    ranges.reverse()
    return ranges


def inclusion_proof(index: int, size: int, reader: NodeReader) -> list[bytes]:
    return range_hashes(inclusion_ranges(index, size), reader)


def consistency_proof(old: int, new: int, reader: NodeReader) -> list[bytes]:
    return range_hashes(consistency_ranges(old, new), reader)


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> None:
    """RFC 9162 §2.1.3.2; raises LedgerIntegrityError unless ``leaf`` is at ``index``."""
    if not 0 <= index < size:
        raise LedgerIntegrityError(f"inclusion proof: index {index} is outside size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        _check_hash(p, "inclusion proof")
        if sn == 0:
            raise LedgerIntegrityError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise LedgerIntegrityError("inclusion proof is shorter than the tree is deep")
    if r != expected_root:
        raise LedgerIntegrityError(f"inclusion proof for index {index} does not match the root")


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 §2.1.4.2; raises LedgerIntegrityError unless tree ``new`` extends tree ``old``."""
    if not 0 <= old <= new:
        raise LedgerIntegrityError(f"consistency proof: size {old} is not ≤ size {new}")
    for p in proof:
        _check_hash(p, "consistency proof")
    if old == new:
        if proof:
            raise LedgerIntegrityError("consistency proof between equal sizes must be empty")
        if old_root != new_root:
            raise LedgerIntegrityError(f"two different roots for the same size {old}")
        return
    if old == 0:
        if proof:
            raise LedgerIntegrityError("consistency proof from the empty tree must be empty")
        return
    if not proof:
        raise LedgerIntegrityError("consistency proof is empty")
    path = list(proof)
    if old & (old - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise LedgerIntegrityError("consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise LedgerIntegrityError("consistency proof is shorter than the tree is deep")
    if fr != old_root:
        raise LedgerIntegrityError(f"consistency proof does not reproduce the root of size {old}")
    if sr != new_root:
        raise LedgerIntegrityError(f"consistency proof does not reproduce the root of size {new}")


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != 32:
        raise LedgerIntegrityError(f"{what} holds a hash of {len(value)} bytes, not 32")


def frontier_keys(size: int) -> list[NodeKey]:
    """The perfect subtrees covering [0, size), largest (leftmost) first."""
    return [
        (level, (size >> level) - 1)
        for level in reversed(range(size.bit_length()))
        if size >> level & 1
    ]


class TreeAppender:
    """Appends leaf hashes given only the frontier; yields the perfect nodes each completes."""

    def __init__(self, size: int, frontier: Mapping[int, bytes]) -> None:
        self.size = size
        self._frontier: dict[int, bytes] = dict(frontier)  # level -> hash

    @classmethod
    def load(cls, size: int, reader: NodeReader) -> TreeAppender:
        """Read the frontier of a stored tree of ``size`` leaves (one batched read)."""
        keys = frontier_keys(size)
        nodes = reader.get_nodes(keys) if keys else {}
        missing = [k for k in keys if k not in nodes]
        if missing:
            level, idx = missing[0]
            raise LedgerIntegrityError(f"stored tree node level {level} index {idx} is missing")
        return cls(size, {level: nodes[(level, idx)] for level, idx in keys})

    def append(self, leaf: bytes) -> list[tuple[NodeKey, bytes]]:
        index = self.size
        created: list[tuple[NodeKey, bytes]] = [((0, index), leaf)]
        current, level = leaf, 0
        while index >> level & 1:
            current = node_hash(self._frontier.pop(level), current)
            level += 1
            created.append(((level, index >> level), current))
        self._frontier[level] = current
        self.size += 1
        return created

    def root(self) -> bytes:
        """MTH of the current tree: the frontier folded from the right."""
        if self.size == 0:
            return EMPTY_ROOT
        acc: bytes | None = None
        for level in sorted(self._frontier):
            acc = self._frontier[level] if acc is None else node_hash(self._frontier[level], acc)
        assert acc is not None
        return acc
