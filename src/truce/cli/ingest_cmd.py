"""CLI command: ingest (news files, folders, feeds and archives → news reports)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from truce.cli.common import console, parse_date_option, service_context

if TYPE_CHECKING:
    from truce.ingest.extraction import Extraction
    from truce.ingest.summary import IngestSummary
    from truce.services.context import Context

HELP = (
    "Read news articles (text with an optional header, HTML, RSS/Atom feeds, JSONL "
    "archives, folders of them), extract events and file each as a news report, linked "
    "to the incident it describes. Idempotent and resumable: run it again on the same "
    "input and nothing is added; after a crash it finishes what was left.\n\n"
    "Example: truce ingest news/2025-10/ feeds/dawn.xml archive.jsonl --agreement pak-afg-2025\n\n"
    "Example: truce ingest archive.jsonl --dask tcp://scheduler:8786 --batch-size 64"
)


def register(app: typer.Typer) -> None:
    app.command("ingest", help=HELP)(ingest)


def ingest(
    sources: Annotated[
        list[Path], typer.Argument(help="Files or folders: .txt, .html, .rss/.atom/.xml, .jsonl.")
    ],
    agreement: Annotated[
        str | None, typer.Option(help="Agreement id (default: the only one loaded).")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for every article (overrides headers)."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(help="Extract on a Dask cluster, e.g. tcp://scheduler:8786."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per extraction batch.", min=1)] = 32,
) -> None:
    pub = parse_date_option(published, "--published")
    with service_context() as ctx:
        if dask is None:
            summary = _run(ctx, sources, agreement, pub, batch_size, None)
        else:
            from truce.ingest.dask_runner import DaskExtraction

            with DaskExtraction(dask) as extraction:
                summary = _run(ctx, sources, agreement, pub, batch_size, extraction)
    _print_summary(summary)
    if summary.articles_read == 0 and summary.bad_inputs:
        raise typer.Exit(2)


def _run(
    ctx: Context,
    sources: list[Path],
    agreement: str | None,
    pub: date | None,
    batch_size: int,
    extraction: Extraction | None,
) -> IngestSummary:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from truce.ingest.runner import estimate_articles, ingest
    from truce.ingest.summary import ArticleOutcome

    total = estimate_articles(sources)
    filed = 0
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[filed]} reports"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )

    def on_article(outcome: ArticleOutcome) -> None:
        nonlocal filed
        filed += outcome.reports_filed
        done = progress.tasks[task].completed + 1
        progress.update(task, advance=1, filed=filed, total=max(total, int(done)))

    with progress:
        task = progress.add_task("ingest", total=total, filed=0)
        return ingest(
            ctx,
            sources,
            agreement_id=agreement,
            published=pub,
            batch_size=batch_size,
            extraction=extraction,
            on_article=on_article,
        )


def _print_summary(summary: IngestSummary) -> None:
    table = Table(title=f"ingest into {summary.agreement_id}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles read", str(summary.articles_read))
    for reason, n in sorted(summary.skipped.items()):
        table.add_row(f"  skipped: {reason}", str(n))
    if summary.failed:
        table.add_row("  extraction failed (retried next run)", str(len(summary.failed)))
    table.add_row("bad inputs (skipped)", str(len(summary.bad_inputs)))
    table.add_row("events", str(summary.events))
    for reason, n in sorted(summary.events_skipped.items()):
        table.add_row(f"  skipped: {reason}", str(n))
    table.add_row("reports filed", str(summary.reports_filed))
    if summary.reports_already_filed:
        table.add_row("  already filed before", str(summary.reports_already_filed))
    table.add_row("incidents created", str(summary.incidents_created))
    table.add_row("incidents linked", str(summary.incidents_linked))
    console.print(table)
    problems = summary.bad_inputs + summary.failed
    if problems:
        # One plain line per input (no table): long paths stay whole and greppable.
        console.print("skipped inputs:", markup=False, highlight=False)
        for p in problems:
            console.print(
                f"  {p.source}: {p.reason}", markup=False, highlight=False, soft_wrap=True
            )
