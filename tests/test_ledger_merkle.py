"""Tree hashes and proofs against a naive reference written straight from RFC 9162 §2.1."""

from __future__ import annotations

import hashlib
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.errors import LedgerIntegrityError
from truce.ledger import merkle
from truce.ledger.verify import TreeLevels, compare_nodes


def _entry(i: int) -> bytes:
    return f'{{"i":{i}}}'.encode()


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


@cache
def mth(start: int, end: int) -> bytes:
    """MTH(D[start:end]) by the RFC's recursive definition."""
    n = end - start
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + _entry(start)).digest()
    k = _k(n)
    return hashlib.sha256(b"\x01" + mth(start, start + k) + mth(start + k, end)).digest()


def path(m: int, start: int, end: int) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return [*path(m, start, start + k), mth(start + k, end)]
    return [*path(m - k, start + k, end), mth(start, start + k)]


def subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [mth(start, end)]
    k = _k(n)
    if m <= k:
        return [*subproof(m, start, start + k, complete), mth(start + k, end)]
    return [*subproof(m - k, start + k, end, False), mth(start, start + k)]


def tree(size: int) -> merkle.MemoryNodes:
    nodes = merkle.MemoryNodes()
    for i in range(size):
        nodes.append(_entry(i))
    return nodes


class CountingReader:
    def __init__(self, inner: merkle.MemoryNodes) -> None:
        self.inner = inner
        self.calls: list[int] = []

    def get_nodes(self, keys):  # type: ignore[no-untyped-def]
        self.calls.append(len(keys))
        return self.inner.get_nodes(keys)


BIG = tree(300)


@given(st.integers(0, 300))
def test_root_matches_reference(size: int) -> None:
    assert merkle.root(size, BIG) == mth(0, size)


@given(st.data())
def test_inclusion_proofs_match_reference_and_verify(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, 300))
    index = data.draw(st.integers(0, size - 1))
    reader = CountingReader(BIG)
    proof = merkle.inclusion_proof(index, size, reader)
    assert proof == path(index, 0, size)
    assert len(reader.calls) <= 1 and sum(reader.calls) <= 2 * size.bit_length()
    leaf = merkle.leaf_hash(_entry(index))
    merkle.verify_inclusion(leaf, index, size, proof, mth(0, size))
    if proof:
        which = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        bad = list(proof)
        bad[which] = _flip(bad[which], bit)
        with pytest.raises(LedgerIntegrityError):
            merkle.verify_inclusion(leaf, index, size, bad, mth(0, size))
        with pytest.raises(LedgerIntegrityError):
            merkle.verify_inclusion(leaf, index, size, proof[:-1], mth(0, size))
    with pytest.raises(LedgerIntegrityError):
        merkle.verify_inclusion(_flip(leaf, 0), index, size, proof, mth(0, size))


@given(st.data())
def test_consistency_proofs_match_reference_and_verify(data: st.DataObject) -> None:
    new = data.draw(st.integers(0, 300))
    old = data.draw(st.integers(0, new))
    reader = CountingReader(BIG)
    proof = merkle.consistency_proof(old, new, reader)
    expected = [] if old in (0, new) else subproof(old, 0, new, True)
    assert proof == expected
    assert len(reader.calls) <= 1
    merkle.verify_consistency(old, new, mth(0, old), mth(0, new), proof)
    if proof:
        which = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[which] = _flip(bad[which], data.draw(st.integers(0, 255)))
        with pytest.raises(LedgerIntegrityError):
            merkle.verify_consistency(old, new, mth(0, old), mth(0, new), bad)
    if 0 < old < new:
        with pytest.raises(LedgerIntegrityError):
            merkle.verify_consistency(old, new, _flip(mth(0, old), 3), mth(0, new), proof)
        with pytest.raises(LedgerIntegrityError):
            merkle.verify_consistency(old, new, mth(0, old), _flip(mth(0, new), 3), proof)


@settings(max_examples=30)
@given(st.integers(0, 200), st.integers(0, 40))
def test_appender_creates_exactly_the_perfect_nodes(before: int, more: int) -> None:
    reader = tree(before)
    appender = merkle.TreeAppender.load(before, reader)
    created = {
        key: value
        for i in range(more)
        for key, value in appender.append(merkle.leaf_hash(_entry(before + i)))
    }
    full = tree(before + more).nodes
    assert {**reader.nodes, **created} == full
    assert not set(created) & set(reader.nodes)
    assert appender.root() == mth(0, before + more)


@settings(max_examples=20)
@given(st.integers(0, 130))
def test_tree_levels_recompute_every_stored_node(size: int) -> None:
    stored = tree(size).nodes
    leaves = b"".join(merkle.leaf_hash(_entry(i)) for i in range(size))
    levels = TreeLevels(leaves)
    ordered = [(lv, ix, stored[(lv, ix)]) for lv, ix in sorted(stored)]
    assert compare_nodes(levels, ordered) == len(stored)
    if ordered:
        lv, ix, h = ordered[-1]
        with pytest.raises(LedgerIntegrityError, match=f"level {lv} index {ix}"):
            compare_nodes(levels, [*ordered[:-1], (lv, ix, _flip(h, 1))])
        with pytest.raises(LedgerIntegrityError, match="missing"):
            compare_nodes(levels, ordered[:-1])
    assert levels.root(size) == mth(0, size)


def test_out_of_range_requests_are_refused() -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_proof(5, 5, BIG)
    with pytest.raises(ValueError):
        merkle.consistency_proof(6, 5, BIG)
    with pytest.raises(LedgerIntegrityError):
        merkle.verify_inclusion(b"\0" * 32, 3, 3, [], b"\0" * 32)


def _flip(value: bytes, bit: int) -> bytes:
    out = bytearray(value)
    out[bit // 8 % len(out)] ^= 1 << (bit % 8)
    return bytes(out)
