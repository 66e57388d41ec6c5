"""Ledger benchmark: appends per second and proof latency at 10^4, 10^5 and 10^6 entries.

Targets (DESIGN.md "single sequencer with batched appends"): ≥ 5000 appends/s batched;
inclusion proof ≤ 1 ms and consistency proof ≤ 10 ms at 10^6 entries, each measured
through the service (one read transaction, one batched node SELECT) on a SQLite file.
Big trees are built by computing entries, leaves and nodes in memory and bulk-inserting
them, which is what a sequencer replaying a batch would do.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from truce.ledger import keys, merkle
from truce.services import ledger_service as ls
from truce.store import ledger_repo
from truce.store.db import Database
from truce.store.metadata import metadata

SIZES = (10_000, 100_000, 1_000_000)
PROOF_REQUESTS = 200
SINGLE_APPENDS = 1_000
BATCHES, BATCH_SIZE = 20, 1_000
_INSERT_CHUNK = 50_000
_AT = "2025-11-05T12:00:00.000000Z"


def _body(i: int) -> dict[str, Any]:
    return {"report_id": i, "summary": "shelling reported near the crossing", "fatalities": 0}


def _fresh_db(folder: Path, name: str) -> Database:
    db = Database(f"sqlite:///{folder / name}")
    metadata.create_all(db.engine)
    return db


def _bench_appends(folder: Path, ledger: ls.LedgerContext) -> list[dict[str, Any]]:
    db = _fresh_db(folder, "appends.db")
    try:
        start = time.perf_counter()
        for i in range(SINGLE_APPENDS):
            with db.write() as conn:
                ls.append(conn, ledger, "report.filed", "user:1", _body(i))
        single = SINGLE_APPENDS / (time.perf_counter() - start)
        start = time.perf_counter()
        for b in range(BATCHES):
            items = [
                ("report.filed", "user:1", _body(b * BATCH_SIZE + i)) for i in range(BATCH_SIZE)
            ]
            with db.write() as conn:
                ls.append_many(conn, ledger, items)
        batched = BATCHES * BATCH_SIZE / (time.perf_counter() - start)
        ls.verify(db)  # what was appended must check out
    finally:
        db.dispose()
    return [
        {"name": "append_single_tx", "value": round(single), "unit": "appends/s"},
        {
            "name": f"append_batched_{BATCH_SIZE}",
            "value": round(batched),
            "unit": "appends/s",
            "target": 5000,
        },
    ]


def _build(db: Database, size: int, ledger: ls.LedgerContext, progress: Progress) -> None:
    """Bulk-load ``size`` entries with their nodes (driver executemany), then sign once."""
    task = progress.add_task(f"building {size:,} entries", total=size)
    appender = merkle.TreeAppender(0, {})
    insert_entry = (
        "INSERT INTO ledger_entries (seq, kind, at, by_principal, entry, leaf_hash) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    )
    insert_node = "INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)"
    with db.write() as conn:
        for chunk_start in range(0, size, _INSERT_CHUNK):
            entries: list[tuple[object, ...]] = []
            nodes: list[tuple[object, ...]] = []
            for seq in range(chunk_start, min(size, chunk_start + _INSERT_CHUNK)):
                draft = ledger_repo.EntryDraft("report.filed", "user:1", _body(seq), _AT)
                data = ledger_repo.build_entry(seq, draft, _AT)
                leaf = merkle.leaf_hash(data)
                entries.append((seq, draft.kind, _AT, draft.by, data, leaf))
                nodes.extend((lv, ix, h) for (lv, ix), h in appender.append(leaf))
            conn.exec_driver_sql(insert_entry, entries)
            conn.exec_driver_sql(insert_node, nodes)
            progress.update(task, advance=len(entries))
        ls.sign_now(conn, ledger)


def _prove_inclusion(db: Database, picks: Iterator[tuple[int, int]]) -> object:
    index, size = next(picks)
    return ls.prove_inclusion(db, min(index, size - 1), size)


def _prove_consistency(db: Database, pairs: Iterator[list[int]]) -> object:
    old, new = next(pairs)
    return ls.prove_consistency(db, old, new)


def _core_inclusion(reader: merkle.NodeReader, picks: Iterator[tuple[int, int]]) -> object:
    index, size = next(picks)
    return merkle.inclusion_proof(min(index, size - 1), size, reader)


def _timings(call: Callable[[], object], count: int) -> tuple[float, float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def _bench_proofs(
    folder: Path, ledger: ls.LedgerContext, progress: Progress
) -> list[dict[str, Any]]:
    rng = random.Random(9162)
    out: list[dict[str, Any]] = []
    for size in SIZES:
        db = _fresh_db(folder, f"tree-{size}.db")
        try:
            start = time.perf_counter()
            _build(db, size, ledger, progress)
            build_s = time.perf_counter() - start
            picks = [
                (rng.randrange(size), rng.randrange(1, size + 1)) for _ in range(PROOF_REQUESTS)
            ]
            pairs = [
                sorted((rng.randrange(size + 1), rng.randrange(size + 1)))
                for _ in range(PROOF_REQUESTS)
            ]
            inclusion = partial(_prove_inclusion, db, iter(picks))
            consistency = partial(_prove_consistency, db, iter(pairs))
            inc = _timings(inclusion, PROOF_REQUESTS)
            con = _timings(consistency, PROOF_REQUESTS)
            with db.read() as conn:  # the tree work alone, on an open connection
                reader = ledger_repo.SqlNodeReader(conn)
                core = partial(_core_inclusion, reader, iter(picks))
                core_inc = _timings(core, PROOF_REQUESTS)
        finally:
            db.dispose()
        out += [
            {"name": "build_tree", "size": size, "value": round(build_s, 2), "unit": "s"},
            {
                "name": "inclusion_proof",
                "size": size,
                "median_ms": round(inc[0], 3),
                "p99_ms": round(inc[1], 3),
                "target_ms": 1,
            },
            {
                "name": "inclusion_proof_core",
                "size": size,
                "median_ms": round(core_inc[0], 3),
                "p99_ms": round(core_inc[1], 3),
            },
            {
                "name": "consistency_proof",
                "size": size,
                "median_ms": round(con[0], 3),
                "p99_ms": round(con[1], 3),
                "target_ms": 10,
            },
        ]
    return out


def run(console: Console) -> list[dict[str, Any]]:
    ledger = ls.LedgerContext(keys.generate_key(), "truce.local/bench")
    with tempfile.TemporaryDirectory(prefix="truce-bench-") as tmp:
        folder = Path(tmp)
        with console.status("appending"):
            appends = _bench_appends(folder, ledger)
        with Progress(console=console, transient=True) as progress:
            proofs = _bench_proofs(folder, ledger, progress)

    table = Table(title="ledger appends (SQLite file)")
    table.add_column("mode")
    table.add_column("appends/s", justify="right")
    for row in appends:
        table.add_row(row["name"], f"{row['value']:,}")
    console.print(table)
    table = Table(title=f"ledger proofs ({PROOF_REQUESTS} random requests each, via the service)")
    for column in (
        "size",
        "build s",
        "inclusion median ms",
        "inclusion p99 ms",
        "inclusion core median ms",
        "consistency median ms",
        "consistency p99 ms",
    ):
        table.add_column(column, justify="right")
    for size in SIZES:
        rows = {r["name"]: r for r in proofs if r["size"] == size}
        table.add_row(
            f"{size:,}",
            f"{rows['build_tree']['value']}",
            f"{rows['inclusion_proof']['median_ms']}",
            f"{rows['inclusion_proof']['p99_ms']}",
            f"{rows['inclusion_proof_core']['median_ms']}",
            f"{rows['consistency_proof']['median_ms']}",
            f"{rows['consistency_proof']['p99_ms']}",
        )
    console.print(table)
    return appends + proofs
