"""Map and incident-list latency over 100,000 incidents, on SQLite and PostgreSQL.

Builds a database by bulk insert (the rows a year of heavy conflict reporting would
leave: one to two reports per incident, a case for one in twenty), then times
requests through the ASGI app with httpx — public (the visibility subqueries run)
and staff — and prints the query plans so index use can be checked.
Target (issue 4): under 300 ms for the map and the list.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from rich.console import Console
from rich.table import Table
from sqlalchemy import bindparam, create_engine, func, insert, select, text, update

from truce.services import dashboard
from truce.services.context import Context, open_context
from truce.services.dashboard import DashboardFilter
from truce.services.users import User
from truce.services.visibility import (
    refresh_incident_views,
    visible_branches,
)
from truce.settings import Settings
from truce.store.tables import cases, incidents, reports, users

N_INCIDENTS = 100_000
REPEAT = 15
TARGET_MS = 300.0
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TYPES = (
    "armed_clash",
    "shelling",
    "air_strike",
    "explosive_attack",
    "attack_on_civilians",
    "talks",
)
STATES = ("reported", "under_verification", "verified", "not_a_violation", "disputed")
# Who files the bench's reports, by party or source kind (principals of VIEWERS).
FILERS = {"PAK": "user:2", "AFG": "user:3", "monitor": "user:4", "news": "system"}
# Every role the visibility rule tells apart: staff see all, a party liaison its own
# side's filings and cases, a monitor its observations, the public what is published.
VIEWERS: dict[str, User | None] = {
    "public": None,
    "staff": User(id=1, name="bench secretariat", role="secretariat", party=None),
    "party": User(id=2, name="bench PAK liaison", role="party", party="PAK"),
    "monitor": User(id=4, name="bench monitor", role="monitor", party=None),
}


def _populate(ctx: Context, n: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    now = datetime(2025, 11, 1, tzinfo=UTC)
    start = date(2023, 1, 1)
    inc_rows, rep_rows, case_rows = [], [], []
    for i in range(1, n + 1):
        day = start + timedelta(days=rng.randrange(0, 1000))
        lat, lon = rng.uniform(29.0, 37.5), rng.uniform(61.0, 74.5)
        inc_rows.append(
            {
                "id": i,
                "agreement_id": "bench",
                "event_type": rng.choice(TYPES),
                "date": day,
                "date_end": day,
                "date_precision": "day",
                "location_name": f"place {i % 3000}",
                "lat": lat,
                "lon": lon,
                "country_code": "PK" if lon > 69 else "AF",
                "admin1": None,
                "location_precision": 2,
                "actors": [],
                "fatalities_best": rng.choice((0, 0, 1, 2, 5, 12)),
                "fatalities_low": None,
                "fatalities_high": None,
                "created_at": now,
                "ledger_seq": i,
            }
        )
        for _ in range(rng.choice((1, 1, 2))):
            kind = rng.choice(("news", "party", "party", "monitor"))
            party = rng.choice(("PAK", "AFG"))
            filer = FILERS[party] if kind == "party" else FILERS[kind]
            rep_rows.append(
                {
                    "agreement_id": "bench",
                    "source_kind": kind,
                    "source_party": party if kind == "party" else None,
                    "accused_party": ("AFG" if party == "PAK" else "PAK")
                    if kind != "news"
                    else None,
                    "event_type": inc_rows[-1]["event_type"],
                    "date": day,
                    "date_end": day,
                    "date_precision": "day",
                    "summary": "bench",
                    "body": {},
                    "body_sha256": uuid.uuid4().hex * 2,
                    "incident_id": i,
                    "filed_by": filer,
                    "filed_at": now,
                    "ledger_seq": i,
                }
            )
        if i % 20 == 0:
            state = rng.choice(STATES)
            case_rows.append(
                {
                    "incident_id": i,
                    "agreement_id": "bench",
                    "agreement_version": 1,
                    "accused_party": rng.choice(("PAK", "AFG")),
                    "state": state,
                    "opened_at": now,
                    "published": state in ("verified", "not_a_violation"),
                    "row_version": 0,
                    "ledger_seq": i,
                }
            )
    with ctx.db.write() as conn:
        for table, rows in ((incidents, inc_rows), (reports, rep_rows), (cases, case_rows)):
            for k in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[k : k + 5000])
        conn.execute(
            insert(users),
            [
                {
                    "id": v.id,
                    "name": v.name,
                    "role": v.role,
                    "party": v.party,
                    "token_prefix": "x",
                    "token_hash": "x",
                    "created_at": now,
                }
                for v in VIEWERS.values()
                if v is not None
            ],
        )
        # What the services keep on each incident as its reports and cases are written
        # (a bulk insert bypasses them). The vectorised distance stands in for the
        # per-incident one: ~600 µs x 100,000 would double the build for the same value.
        refresh_incident_views(conn)
        located = [r for r in inc_rows if r["lat"] is not None]
        kms = dashboard.border_distances_km(
            [cast(float, r["lat"]) for r in located], [cast(float, r["lon"]) for r in located]
        )
        stmt = (
            update(incidents)
            .where(incidents.c.id == bindparam("b_id"))
            .values(border_km=bindparam("b_km"))
        )
        pairs = [{"b_id": r["id"], "b_km": km} for r, km in zip(located, kms, strict=True)]
        for k in range(0, len(pairs), 5000):
            conn.execute(stmt, pairs[k : k + 5000])
    # What autovacuum does after a bulk load: statistics for the planner and, on
    # PostgreSQL, the visibility map that lets index-only scans skip the heap.
    if ctx.db.is_sqlite:
        with ctx.db.write() as conn:
            conn.execute(text("ANALYZE"))
    else:
        with ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def _plans(ctx: Context) -> list[tuple[str, str]]:
    """Query plans of each viewer's map query and list page (EXPLAIN QUERY PLAN on
    SQLite; EXPLAIN ANALYZE on PostgreSQL, so the plan shows what really ran)."""
    queries = []
    for who, viewer in VIEWERS.items():
        for label, flt in (("map", DashboardFilter()), ("map AFG shelling", _PARTY_TYPE)):
            conds = [*dashboard.filter_conditions(flt, viewer), incidents.c.lat.is_not(None)]
            branches = dashboard.visibility_branches(viewer, implied=bool(flt.party))
            for i, branch in enumerate(branches):
                where = [branch, *conds]
                queries.append(
                    (
                        f"{label} ({who}, branch {i + 1})",
                        select(incidents.c.id)
                        .where(*where)
                        .order_by(incidents.c.date.desc(), incidents.c.id.desc())
                        .limit(dashboard.MAP_LIMIT + 1),
                    )
                )
                queries.append(
                    (
                        f"{label} count ({who}, branch {i + 1})",
                        select(func.count()).select_from(incidents).where(*where),
                    )
                )
        for i, branch in enumerate(visible_branches(viewer)):
            queries.append(
                (
                    f"list ({who}, branch {i + 1})",
                    select(incidents)
                    .where(branch)
                    .order_by(incidents.c.date.desc(), incidents.c.id.desc())
                    .limit(50),
                )
            )
    out = []
    with ctx.db.read() as conn:
        for name, q in queries:
            sql = str(q.compile(conn.engine, compile_kwargs={"literal_binds": True}))
            prefix = "EXPLAIN QUERY PLAN " if ctx.db.is_sqlite else "EXPLAIN (ANALYZE, COSTS OFF) "
            rows = conn.exec_driver_sql(prefix + sql).all()
            plan = "\n".join(str(r[-1]) for r in rows)
            out.append((name, plan))
    return out


_PARTY_TYPE = DashboardFilter(party="AFG", event_type="shelling")


def _as(viewer: User | None) -> Any:
    """A dependency override that signs every request in as ``viewer``."""
    return lambda: viewer


async def _time(app: Any, path: str, headers: dict[str, str]) -> tuple[float, float, int]:
    import httpx

    transport = httpx.ASGITransport(app=app)
    times = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        r = await client.get(path, headers=headers)  # warm caches
        r.raise_for_status()
        size = len(r.content)
        for _ in range(REPEAT):
            t = time.perf_counter()
            r = await client.get(path, headers=headers)
            times.append((time.perf_counter() - t) * 1000)
            r.raise_for_status()
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], size


def _bench_backend(console: Console, label: str, settings: Settings) -> list[dict[str, Any]]:
    from truce.web import deps
    from truce.web.app import create_app

    ctx = open_context(settings)
    try:
        with console.status(f"{label}: inserting {N_INCIDENTS:,} incidents"):
            t = time.perf_counter()
            _populate(ctx, N_INCIDENTS)
            build_s = time.perf_counter() - t
        console.print(f"{label}: built in {build_s:.1f} s")
        for name, plan in _plans(ctx):
            console.print(f"[bold]{label} plan, {name}[/bold]\n{plan}")
        app = create_app(settings, context=ctx)
        results = []
        for who, viewer in VIEWERS.items():
            app.dependency_overrides[deps.optional_user] = _as(viewer)
            for what, path in (
                ("map", "/api/map"),
                ("map, one party and type", "/api/map?party=AFG&type=shelling"),
                ("list", "/api/incidents?limit=50"),
                ("list, one type", "/api/incidents?limit=50&event_type=shelling"),
            ):
                median, p95, size = asyncio.run(_time(app, path, {}))
                results.append(
                    {
                        "backend": label,
                        "viewer": who,
                        "request": what,
                        "path": path,
                        "median_ms": round(median, 1),
                        "p95_ms": round(p95, 1),
                        "bytes": size,
                        "under_target": p95 < TARGET_MS,
                    }
                )
        app.dependency_overrides.clear()
        return results
    finally:
        ctx.close()


def run(console: Console) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="truce-dash-bench-") as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}", home=Path(tmp))
        results += _bench_backend(console, "sqlite", settings)
        pg = _pg_database()
        if pg is None:
            console.print("PostgreSQL does not answer at 127.0.0.1:5432: skipped")
        else:
            url, drop = pg
            try:
                results += _bench_backend(
                    console, "postgresql", Settings(database_url=url, home=Path(tmp))
                )
            finally:
                drop()
    table = Table(title=f"dashboard over {N_INCIDENTS:,} incidents ({REPEAT} requests each)")
    for col in ("backend", "viewer", "request", "median ms", "p95 ms", "KB"):
        table.add_column(col, justify="right" if "ms" in col or col == "KB" else "left")
    for r in results:
        table.add_row(
            r["backend"],
            r["viewer"],
            r["request"],
            f"{r['median_ms']:.0f}",
            f"{r['p95_ms']:.0f}",
            f"{r['bytes'] / 1024:.0f}",
        )
    console.print(table)
    return results


def _pg_database() -> tuple[str, Any] | None:
    try:
        admin = create_engine(
            PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        name = f"truce_bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        return None

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop
