"""kill -9 in the middle of `truce ingest`, then run it again: every article is in the
store exactly once (its reports, its done mark) and the ledger still verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import make_context
from tests.ingest_samples import DEMO_AGREEMENT, clash_story, write_jsonl
from truce.cli.main import main
from truce.extract.articles import Article, read_source
from truce.ingest.news import article_key, event_dedup_key
from truce.services import agreements
from truce.settings import Settings
from truce.store.db import Database
from truce.store.tables import ingested_articles, reports

ARTICLES = 60
KILL_AFTER_REPORTS = 8


def _truce(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truce.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


@pytest.mark.slow
def test_kill_9_then_rerun_leaves_every_article_exactly_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/truce.db"
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "TRUCE_DATABASE_URL": url, "TRUCE_HOME": str(home)}
    ctx = make_context(Settings(database_url=url, home=home))
    agreements.load(ctx, DEMO_AGREEMENT.read_text(encoding="utf-8"), by="test")
    ctx.close()
    archive = write_jsonl(tmp_path / "archive.jsonl", [clash_story(i) for i in range(ARTICLES)])

    proc = subprocess.Popen(
        [sys.executable, "-m", "truce.cli.main", "ingest", str(archive), "--batch-size", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = Database(url)
    try:
        deadline = time.monotonic() + 90
        while _count(db, reports) < KILL_AFTER_REPORTS:
            assert proc.poll() is None, "ingest ended before it could be killed"
            assert time.monotonic() < deadline, "ingest filed nothing in 90 s"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        done_at_kill = _count(db, ingested_articles)
        assert 0 < done_at_kill < ARTICLES, "the kill must land mid-run"

        rerun = _truce(env, "ingest", str(archive), "--batch-size", "4")
        assert rerun.returncode == 0, rerun.stderr
        assert "already ingested" in rerun.stdout

        articles = [a for a in read_source(archive) if isinstance(a, Article)]
        keys = {article_key(a) for a in articles}
        with db.read() as conn:
            done = {r.key: r.events for r in conn.execute(select(ingested_articles)).all()}
            filed = list(conn.execute(select(reports.c.dedup_key)).scalars())
        assert set(done) == keys  # every article marked done, once (key is the primary key)
        expected = {event_dedup_key(k, i) for k, n in done.items() for i in range(n)}
        assert len(filed) == len(set(filed)) == len(expected) == sum(done.values())
        assert set(filed) == expected  # each event of each article filed exactly once
    finally:
        if proc.poll() is None:
            proc.kill()
        db.dispose()

    monkeypatch.setenv("TRUCE_DATABASE_URL", url)
    monkeypatch.setenv("TRUCE_HOME", str(home))
    capsys.readouterr()
    assert main(["ledger", "verify"]) == 0
    assert capsys.readouterr().out.startswith("ok:")
