"""The batch runner of ``truce ingest``: sources → articles → events → news reports.

Reading and the relevance gate run here; extraction runs wherever the
:data:`~truce.ingest.extraction.Extraction` puts it (this process or Dask workers);
filing always runs here, through the store's single writer.

Exactly once per article, even after ``kill -9``: an article's reports, their ledger
entries and its row in ``ingested_articles`` are written in ONE transaction, so an
article is either wholly there or not at all, and a rerun skips the articles marked
done. Each event also carries a dedup key derived from the article's content and
its position, so a report can never be filed twice whatever happens.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, insert, select

from truce.errors import Conflict, Invalid, NotFound, TruceError
from truce.extract.articles import MAX_BYTES, Article, ReadProblem, read_source
from truce.extract.pipeline import full_text
from truce.extract.relevance import is_relevant
from truce.ingest.extraction import Extracted, Extraction, local_extraction
from truce.ingest.news import article_key, event_dedup_key, event_report
from truce.ingest.summary import (
    ALREADY_INGESTED,
    IRRELEVANT,
    NO_EVENTS,
    REPEATED,
    ArticleOutcome,
    IngestSummary,
)
from truce.services import agreements as agreement_service
from truce.services.context import Context, now
from truce.services.reports import Caller, file_report_in
from truce.store.tables import ingested_articles

CALLER = Caller(principal="system:ingest", role="secretariat")
DEFAULT_BATCH_SIZE = 32
_FEED_EXT = {".rss", ".atom", ".xml"}
_JSONL_EXT = {".jsonl", ".ndjson"}

OnArticle = Callable[[ArticleOutcome], None]


@dataclass(frozen=True)
class _Pending:
    """An article read, keyed and gated, waiting for its events."""

    article: Article
    key: str
    relevant: bool


def choose_agreement(ctx: Context, agreement_id: str | None) -> str:
    """The agreement news reports are filed under: the one named, else the only one loaded."""
    loaded: list[str] = sorted({str(s["id"]) for s in agreement_service.summaries(ctx)})
    if agreement_id is not None:
        if agreement_id not in loaded:
            known = ", ".join(loaded) or "none"
            raise NotFound(f"no agreement {agreement_id!r} is loaded (loaded: {known})")
        return agreement_id
    if not loaded:
        raise Invalid("no agreement is loaded: load one first (truce agreement load FILE)")
    if len(loaded) > 1:
        raise Invalid(
            f"several agreements are loaded ({', '.join(loaded)}): choose one with --agreement"
        )
    return loaded[0]


def _files(source: Path) -> Iterator[Path]:
    if source.is_dir():
        yield from sorted(
            f for f in source.rglob("*") if f.is_file() and not f.name.startswith(".")
        )
    elif source.is_file():
        yield source


def estimate_articles(sources: Iterable[str | Path]) -> int:
    """About how many articles the sources hold (for a progress bar), without parsing them.

    A JSONL archive counts its lines, a feed its ``<item``/``<entry`` tags, any other
    file one article.
    """
    total = 0
    for source in sources:
        for f in _files(Path(source)):
            ext = f.suffix.lower()
            try:
                if ext not in _JSONL_EXT | _FEED_EXT or f.stat().st_size > MAX_BYTES:
                    total += 1
                    continue
                raw = f.read_bytes()
            except OSError:
                total += 1
                continue
            if ext in _JSONL_EXT:
                total += max(1, sum(1 for line in raw.split(b"\n") if line.strip()))
            else:
                total += max(1, raw.count(b"<item") + raw.count(b"<entry"))
    return total


def _ingested(ctx: Context, keys: set[str]) -> set[str]:
    if not keys:
        return set()
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(ingested_articles.c.key).where(ingested_articles.c.key.in_(keys))
        )
        return set(rows.scalars())


def _batches(
    ctx: Context,
    sources: Sequence[str | Path],
    published: date | None,
    batch_size: int,
    summary: IngestSummary,
    report: OnArticle,
) -> Iterator[list[_Pending]]:
    """New articles in batches; bad inputs, repeats and articles done before are counted here."""
    seen: set[str] = set()
    batch: list[_Pending] = []

    def fresh() -> list[_Pending]:
        done = _ingested(ctx, {p.key for p in batch})
        out = []
        for p in batch:
            if p.key in done:
                summary.skipped[ALREADY_INGESTED] += 1
                report(ArticleOutcome(p.article.source, skipped=ALREADY_INGESTED))
            else:
                out.append(p)
        return out

    for source in sources:
        for item in read_source(source, published):
            if isinstance(item, ReadProblem):
                summary.bad_inputs.append(item)
                report(ArticleOutcome(item.source, problem=item))
                continue
            summary.articles_read += 1
            key = article_key(item)
            if key in seen:
                summary.skipped[REPEATED] += 1
                report(ArticleOutcome(item.source, skipped=REPEATED))
                continue
            seen.add(key)
            batch.append(_Pending(item, key, is_relevant(full_text(item))))
            if len(batch) >= batch_size:
                ready, batch = fresh(), []
                if ready:
                    yield ready
    if batch:
        ready = fresh()
        if ready:
            yield ready


def _mark_done(ctx: Context, pending: _Pending, events: int) -> None:
    with ctx.db.write() as conn:
        _mark_done_in(conn, pending, events)


def _mark_done_in(conn: Connection, pending: _Pending, events: int) -> None:
    there = conn.execute(
        select(ingested_articles.c.key).where(ingested_articles.c.key == pending.key)
    ).first()
    if there is None:
        conn.execute(
            insert(ingested_articles).values(
                key=pending.key, source=pending.article.source, events=events, ingested_at=now()
            )
        )


def _invalid_reason(err: Invalid) -> str:
    detail = "; ".join(err.problems) if err.problems else err.message
    return f"invalid report: {detail}"[:200]


def _file_events(
    conn: Connection,
    ctx: Context,
    agreement_id: str,
    pending: _Pending,
    events: list[dict[str, object]],
    summary: IngestSummary,
) -> int:
    """File each event as a news report; returns how many new reports were filed."""
    filed = 0
    for i, event in enumerate(events):
        body = event_report(dict(event), pending.article, agreement_id)
        if isinstance(body, str):
            summary.events_skipped[body] += 1
            continue
        try:
            # Every check in file_report_in runs before its first write, so a refused
            # event leaves nothing behind in this article's transaction.
            result = file_report_in(
                conn, ctx, body, CALLER, dedup_key=event_dedup_key(pending.key, i)
            )
        except Conflict:  # already filed (e.g. the same story repeated in one article)
            summary.reports_already_filed += 1
            continue
        except Invalid as err:
            summary.events_skipped[_invalid_reason(err)] += 1
            continue
        filed += 1
        if result.new_incident:
            summary.incidents_created += 1
        else:
            summary.incidents_linked += 1
    summary.reports_filed += filed
    return filed


def _write_article(
    ctx: Context,
    agreement_id: str,
    pending: _Pending,
    extracted: Extracted | None,
    summary: IngestSummary,
) -> ArticleOutcome:
    source = pending.article.source
    if extracted is None:
        _mark_done(ctx, pending, 0)
        summary.skipped[IRRELEVANT] += 1
        return ArticleOutcome(source, skipped=IRRELEVANT)
    if extracted.error is not None:
        # Not marked done: a fixed extractor gets another try on the next run.
        problem = ReadProblem(source, extracted.error)
        summary.failed.append(problem)
        return ArticleOutcome(source, problem=problem)
    if not extracted.events:
        _mark_done(ctx, pending, 0)
        summary.skipped[NO_EVENTS] += 1
        return ArticleOutcome(source, skipped=NO_EVENTS)
    summary.events += len(extracted.events)
    with ctx.db.write() as conn:
        filed = _file_events(conn, ctx, agreement_id, pending, extracted.events, summary)
        _mark_done_in(conn, pending, len(extracted.events))
    summary.articles_with_events += 1
    return ArticleOutcome(source, events=len(extracted.events), reports_filed=filed)


def ingest(
    ctx: Context,
    sources: Sequence[str | Path],
    *,
    agreement_id: str | None = None,
    published: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    extraction: Extraction | None = None,
    on_article: OnArticle | None = None,
) -> IngestSummary:
    """Ingest files, folders, feeds and archives as news reports under one agreement.

    ``published`` overrides the articles' own publication dates (the anchor of
    "Wednesday"). ``on_article`` hears of every article (and bad input) as it is
    handled. Stops only for errors of the store or the cluster; a rerun resumes.
    """
    if batch_size < 1:
        raise Invalid(f"batch size must be at least 1 (got {batch_size})")
    summary = IngestSummary(agreement_id=choose_agreement(ctx, agreement_id))
    report: OnArticle = on_article or (lambda _outcome: None)
    extract = extraction or local_extraction()
    queue: deque[list[_Pending]] = deque()

    def relevant_batches() -> Iterator[list[Article]]:
        for batch in _batches(ctx, sources, published, batch_size, summary, report):
            queue.append(batch)
            yield [p.article for p in batch if p.relevant]

    for results in extract(relevant_batches()):
        batch = queue.popleft()
        wanted = sum(p.relevant for p in batch)
        if len(results) != wanted:
            raise TruceError(f"extraction returned {len(results)} results for {wanted} articles")
        it = iter(results)
        for pending in batch:
            extracted = next(it) if pending.relevant else None
            report(_write_article(ctx, summary.agreement_id, pending, extracted, summary))
    return summary
