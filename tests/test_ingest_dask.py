"""Extraction on a Dask cluster files the same reports as extraction in process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import make_context
from tests.ingest_samples import (
    CRICKET,
    DEMO_AGREEMENT,
    KURRAM_DAWN,
    KURRAM_TOLO,
    SPIN_BOLDAK,
    clash_story,
    write_jsonl,
)
from truce.errors import TruceError
from truce.ingest.dask_runner import DaskExtraction
from truce.ingest.extraction import local_extraction, shared_extractor
from truce.ingest.runner import ingest
from truce.services import agreements
from truce.services.context import Context
from truce.settings import Settings
from truce.store.tables import reports


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    shared_extractor()  # the in-process worker shares this process's extractor
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def _fresh(tmp_path: Path, name: str) -> Context:
    home = tmp_path / name
    home.mkdir()
    ctx = make_context(Settings(database_url=f"sqlite:///{home}/truce.db", home=home))
    agreements.load(ctx, DEMO_AGREEMENT.read_text(encoding="utf-8"), by="test")
    return ctx


def _filed(ctx: Context) -> list[tuple[Any, ...]]:
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(
                reports.c.source_url,
                reports.c.event_type,
                reports.c.date,
                reports.c.location_name,
                reports.c.incident_id,
                reports.c.dedup_key,
            ).order_by(reports.c.id)
        ).all()
    return [tuple(r) for r in rows]


def test_dask_and_local_extraction_file_the_same_reports(scheduler: str, tmp_path: Path) -> None:
    records = [KURRAM_DAWN, CRICKET, KURRAM_TOLO, SPIN_BOLDAK] + [clash_story(i) for i in range(6)]
    archive = write_jsonl(tmp_path / "a.jsonl", records)
    local_ctx, dask_ctx = _fresh(tmp_path, "local"), _fresh(tmp_path, "dask")
    try:
        local = ingest(local_ctx, [archive], batch_size=3, extraction=local_extraction())
        with DaskExtraction(scheduler, in_flight=2) as extraction:
            assert extraction.workers() == 1
            remote = ingest(dask_ctx, [archive], batch_size=3, extraction=extraction)
            again = ingest(dask_ctx, [archive], batch_size=3, extraction=extraction)
        assert remote.as_dict() == local.as_dict()
        assert remote.reports_filed >= 9 and remote.skipped == {"irrelevant": 1}
        assert _filed(dask_ctx) == _filed(local_ctx)
        assert again.reports_filed == 0 and again.skipped == {"already ingested": 10}
    finally:
        local_ctx.close()
        dask_ctx.close()


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    with (
        pytest.raises(TruceError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"),
        DaskExtraction("tcp://127.0.0.1:9", timeout_s=1),
    ):
        pass
