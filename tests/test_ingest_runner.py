"""The ingest runner: news events become reports exactly once, linked into incidents.

Most tests inject a scripted extraction (events chosen by article title), so they
test the runner and not the NLP; one test runs the real extractor end to end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.ingest_samples import (
    CRICKET,
    DEMO_AGREEMENT,
    KURRAM_DAWN,
    KURRAM_TOLO,
    SPIN_BOLDAK,
    clash_story,
    write_jsonl,
)
from truce.errors import Invalid, NotFound
from truce.extract.articles import Article
from truce.ingest.extraction import Extracted, shared_extractor
from truce.ingest.news import article_key, event_dedup_key, event_report, outlet_of
from truce.ingest.runner import CALLER, choose_agreement, estimate_articles, ingest
from truce.services import agreements, ledger_service
from truce.services.context import Context
from truce.services.reports import file_report
from truce.store.tables import incidents, ingested_articles, reports


def _event(**over: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {
        "source": "x",
        "event_type": "armed_clash",
        "date": "2025-10-11",
        "date_end": "2025-10-12",
        "date_precision": "day",
        "location": {
            "name": "Kurram",
            "lat": 33.75,
            "lon": 70.2,
            "country_code": "PK",
            "admin1": "Khyber Pakhtunkhwa",
            "precision": 3,
        },
        "actors": [
            {
                "name": "Afghan Taliban forces",
                "country_code": "AF",
                "kind": "state_forces",
                "role": "initiator",
            },
            {
                "name": "Pakistani security forces",
                "country_code": "PK",
                "kind": "state_forces",
                "role": "target",
            },
        ],
        "fatalities": {"best": 23, "low": 23, "high": 23},
        "claimed_by": "ISPR",
        "text": "Afghan Taliban forces attacked Pakistani border posts in Kurram.",
        "confidence": 0.9,
    }
    ev.update(over)
    return ev


class Scripted:
    """An extraction that returns the events scripted for each article title."""

    def __init__(self, script: dict[str, list[dict[str, Any]] | str]) -> None:
        self.script = script
        self.seen: list[str] = []

    def __call__(self, batches: Iterable[list[Article]]) -> Iterator[list[Extracted]]:
        for batch in batches:
            out = []
            for art in batch:
                self.seen.append(art.title or "")
                got = self.script.get(art.title or "", [])
                out.append(Extracted(error=got) if isinstance(got, str) else Extracted(list(got)))
            yield out


@pytest.fixture
def news_ctx(ctx: Context) -> Context:
    """The demo agreement loaded, on SQLite and on PostgreSQL."""
    agreements.load(ctx, DEMO_AGREEMENT.read_text(encoding="utf-8"), by="test")
    return ctx


def ledger_size(ctx: Context) -> int:
    with ctx.db.read() as conn:
        return int(ledger_service.current_size(conn))


def _count(ctx: Context, table: Any) -> int:
    with ctx.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_event_report_is_a_news_observation_accusing_nobody() -> None:
    art = Article(source="https://www.dawn.com/news/1", text="t", title="Clash in Kurram", url=None)
    body = event_report(_event(), art, "pak-afg-2025")
    assert isinstance(body, dict)
    assert body["source"] == {
        "kind": "news",
        "outlet": "dawn.com",
        "url": "https://www.dawn.com/news/1",
    }
    assert body["accused_party"] is None
    assert body["title"] == "Clash in Kurram"
    assert body["summary"].startswith("Afghan Taliban forces attacked")
    assert body["fatalities"] == {"best": 23, "low": 23, "high": 23}
    assert body["location"]["admin1"] == "Khyber Pakhtunkhwa"
    assert event_report(_event(date=None), art, "a") == (
        "no date (the article gives none and has no publication date)"
    )


def test_outlet_falls_back_to_the_file_name() -> None:
    assert outlet_of(Article(source="news/2025/dawn-kurram.txt", text="t")) == "dawn-kurram.txt"
    assert outlet_of(Article(source="/tmp/archive.jsonl:12", text="t")) == "archive.jsonl"
    assert outlet_of(Article(source="feeds/tolo.xml#3", text="t")) == "tolo.xml"
    file_art = Article(source="news/a.txt", text="t")
    body = event_report(_event(), file_art, "a")
    assert isinstance(body, dict) and "url" not in body["source"]


def test_article_key_is_the_content_not_the_path() -> None:
    a = Article(source="a.txt", text="Clashes in  Kurram.\n", title="T")
    b = Article(source="elsewhere/b.txt", text="Clashes in Kurram.", title="T ")
    c = Article(source="a.txt", text="Clashes in Bajaur.", title="T")
    assert article_key(a) == article_key(b) != article_key(c)
    assert len(article_key(a)) == 64
    assert len(event_dedup_key(article_key(a), 7)) == 64
    assert event_dedup_key(article_key(a), 0) != event_dedup_key(article_key(a), 1)


def test_agreement_must_be_named_unless_only_one_is_loaded(sqlite_ctx: Context) -> None:
    with pytest.raises(Invalid, match="no agreement is loaded"):
        choose_agreement(sqlite_ctx, None)
    agreements.load(sqlite_ctx, DEMO_AGREEMENT.read_text(encoding="utf-8"), by="test")
    assert choose_agreement(sqlite_ctx, None) == "pak-afg-2025"
    with pytest.raises(NotFound, match="no agreement 'other'"):
        choose_agreement(sqlite_ctx, "other")
    from tests.agreements_fixtures import AGREEMENT_V1

    agreements.load(sqlite_ctx, AGREEMENT_V1, by="test")
    with pytest.raises(Invalid, match="several agreements"):
        choose_agreement(sqlite_ctx, None)
    assert choose_agreement(sqlite_ctx, "test-accord") == "test-accord"


def test_two_outlets_on_one_clash_give_two_reports_on_one_incident(
    news_ctx: Context, tmp_path: Path
) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", [KURRAM_DAWN, KURRAM_TOLO])
    extraction = Scripted(
        {KURRAM_DAWN["title"]: [_event()], KURRAM_TOLO["title"]: [_event(fatalities=None)]}
    )
    summary = ingest(news_ctx, [archive], extraction=extraction)
    assert (summary.reports_filed, summary.incidents_created, summary.incidents_linked) == (2, 1, 1)
    with news_ctx.db.read() as conn:
        rows = conn.execute(select(reports).order_by(reports.c.id)).all()
    assert [r.source_outlet for r in rows] == ["dawn.com", "tolonews.com"]
    assert rows[0].incident_id == rows[1].incident_id
    assert {r.filed_by for r in rows} == {CALLER.principal}
    assert all(r.accused_party is None and r.body["title"] for r in rows)


def test_a_second_run_adds_nothing(news_ctx: Context, tmp_path: Path) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", [KURRAM_DAWN, SPIN_BOLDAK, CRICKET])
    script: dict[str, list[dict[str, Any]] | str] = {
        KURRAM_DAWN["title"]: [
            _event(),
            _event(event_type="air_strike", date="2025-10-09", date_end="2025-10-09"),
        ],
        SPIN_BOLDAK["title"]: [_event(event_type="shelling", location=None)],
    }
    first = ingest(news_ctx, [archive], extraction=Scripted(script))
    assert first.articles_read == 3 and first.reports_filed == 3
    assert first.skipped == {"irrelevant": 1}
    size = _count(news_ctx, reports), _count(news_ctx, incidents), ledger_size(news_ctx)
    again = Scripted(script)
    second = ingest(news_ctx, [archive, archive], extraction=again)
    assert again.seen == []  # nothing was even extracted
    assert second.reports_filed == 0 and second.events == 0
    assert second.skipped == {"already ingested": 3, "repeated in this input": 3}
    assert (_count(news_ctx, reports), _count(news_ctx, incidents), ledger_size(news_ctx)) == size


def test_resume_files_only_the_events_a_crash_left_out(news_ctx: Context, tmp_path: Path) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", [KURRAM_DAWN])
    events = [_event(), _event(event_type="air_strike", date="2025-10-09", date_end="2025-10-09")]
    # A run killed after filing event 0 and before marking the article done:
    art = Article(source=KURRAM_DAWN["url"], text=KURRAM_DAWN["text"], title=KURRAM_DAWN["title"])
    body = event_report(events[0], art, "pak-afg-2025")
    assert isinstance(body, dict)
    file_report(news_ctx, body, CALLER, dedup_key=event_dedup_key(article_key(art), 0))
    summary = ingest(news_ctx, [archive], extraction=Scripted({KURRAM_DAWN["title"]: events}))
    assert (summary.reports_already_filed, summary.reports_filed) == (1, 1)
    with news_ctx.db.read() as conn:
        kinds = sorted(conn.execute(select(reports.c.event_type)).scalars())
        done = conn.execute(select(ingested_articles.c.events)).scalars().all()
    assert kinds == ["air_strike", "armed_clash"] and done == [2]


def test_undated_invalid_and_failed_events_are_skipped_and_the_batch_goes_on(
    news_ctx: Context, tmp_path: Path
) -> None:
    records = [clash_story(i) for i in range(4)]
    archive = write_jsonl(tmp_path / "a.jsonl", records)
    script: dict[str, list[dict[str, Any]] | str] = {
        records[0]["title"]: [_event(date=None, date_end=None)],
        records[1]["title"]: [_event(fatalities={"best": 5, "low": 9, "high": 9})],
        records[2]["title"]: "extraction failed (ValueError: boom)",
        records[3]["title"]: [_event(date="2025-10-02", date_end="2025-10-02")],
    }
    summary = ingest(news_ctx, [archive], extraction=Scripted(script), batch_size=2)
    assert summary.reports_filed == 1
    assert (
        summary.events_skipped["no date (the article gives none and has no publication date)"] == 1
    )
    assert any(r.startswith("invalid report: fatalities") for r in summary.events_skipped)
    assert [p.source for p in summary.failed] == [records[2]["url"]]
    # The failed article is not marked done, so the next run tries it again.
    script[records[2]["title"]] = [_event(date="2025-10-03", date_end="2025-10-03")]
    retry = Scripted(script)
    again = ingest(news_ctx, [archive], extraction=retry)
    assert retry.seen == [records[2]["title"]] and again.reports_filed == 1


def test_news_before_the_agreement_is_filed_as_context(news_ctx: Context, tmp_path: Path) -> None:
    # The demo agreement takes effect on 2025-10-19; the clash of 10-11 predates it.
    archive = write_jsonl(tmp_path / "a.jsonl", [KURRAM_DAWN])
    summary = ingest(news_ctx, [archive], extraction=Scripted({KURRAM_DAWN["title"]: [_event()]}))
    assert summary.reports_filed == 1 and not summary.events_skipped


def test_estimate_counts_archive_lines_feed_items_and_files(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [clash_story(i) for i in range(5)])
    (tmp_path / "f.xml").write_text("<rss><channel><item>a</item><item>b</item></channel></rss>")
    (tmp_path / "one.txt").write_text("text")
    assert estimate_articles([tmp_path]) == 8


def test_real_extraction_end_to_end_is_idempotent(news_ctx: Context, tmp_path: Path) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", [KURRAM_DAWN, SPIN_BOLDAK, CRICKET])
    extractor = shared_extractor()
    from truce.ingest.extraction import local_extraction

    first = ingest(news_ctx, [archive], extraction=local_extraction(extractor))
    assert first.skipped == {"irrelevant": 1}
    assert first.reports_filed == first.events >= 2
    with news_ctx.db.read() as conn:
        types = set(conn.execute(select(reports.c.event_type)).scalars())
        outlets = set(conn.execute(select(reports.c.source_outlet)).scalars())
    assert "shelling" in types and outlets == {"dawn.com", "tolonews.com"}
    second = ingest(news_ctx, [archive], extraction=local_extraction(extractor))
    assert second.reports_filed == 0 and second.skipped["already ingested"] == 3
    assert ledger_service.verify(news_ctx.db).summary().startswith("ok")
