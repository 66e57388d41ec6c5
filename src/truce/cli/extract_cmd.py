"""CLI commands: `truce extract`, `truce timex`, `truce eval extract|timex` (thin edges)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from truce.cli.common import parse_date_option
from truce.errors import Invalid, NotFound

_FORMATS = ("jsonl", "json", "table")


def _gold_path(gold: Path) -> Path:
    if not gold.exists():
        raise NotFound(f"--gold {gold}: no such file or folder")
    return gold


def extract_command(
    files: list[str] = typer.Argument(
        ...,
        help="Article files (text, .html, .rss/.xml, .jsonl) or folders; '-' reads standard input.",
    ),
    published: str | None = typer.Option(
        None, "--published", help="Publication date YYYY-MM-DD (overrides the header)."
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="jsonl (default when piped), json, or table (default on a terminal)."
    ),
) -> None:
    """Extract dated, placed, attributed events from news articles.

    A text article is UTF-8 (a leading byte-order mark is dropped) with an optional
    header block of Key: value lines ended by a blank line: Title:, URL:, Published:
    (ISO 8601 or RFC 2822 date), Source:; other fields are skipped. A Published: value
    that is not a date is an error for that file unless --published is given.

    Example: truce extract article.txt --published 2025-11-05 > events.jsonl
    """
    from truce.extract.articles import (
        Article,
        ReadProblem,
        article_from_text,
        decode_utf8,
        read_source,
    )
    from truce.extract.pipeline import Extractor

    pub = parse_date_option(published, "--published")
    out_fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if out_fmt not in _FORMATS:
        raise Invalid(f"--format {out_fmt!r}: expected one of {', '.join(_FORMATS)}")
    err = Console(stderr=True)
    bad = 0

    def articles() -> Any:
        nonlocal bad
        for name in files:
            if name == "-":
                text = decode_utf8(sys.stdin.buffer.read(), "<stdin>")
                one = text if isinstance(text, ReadProblem) else article_from_text(text, "-", pub)
                if isinstance(one, ReadProblem):
                    one = ReadProblem("<stdin>", one.reason)
                items: Any = [one]
            else:
                items = read_source(name, pub)
            for item in items:
                if isinstance(item, ReadProblem):
                    bad += 1
                    err.print(f"error: {item}", markup=False, highlight=False, soft_wrap=True)
                    continue
                assert isinstance(item, Article)
                yield item

    events: list[dict[str, Any]] = []
    extractor = Extractor()
    for _, evs in extractor.extract_many(articles()):
        if out_fmt == "jsonl":
            for ev in evs:
                sys.stdout.write(json.dumps(ev, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            events.extend(evs)
    if out_fmt == "json":
        sys.stdout.write(json.dumps(events, ensure_ascii=False, indent=2) + "\n")
    elif out_fmt == "table":
        _print_events(events)
    if bad:
        # main() maps this to exit status 2 (typer.Exit is swallowed in non-standalone mode)
        raise Invalid(f"{bad} input(s) could not be read; the others were extracted")


def _print_events(events: list[dict[str, Any]]) -> None:
    table = Table("date", "type", "place", "actors", "deaths", "claimed by", "conf")
    for ev in events:
        loc = ev["location"]
        table.add_row(
            str(ev["date"] or "?"),
            ev["event_type"],
            f"{loc['name']} ({loc['precision']})" if loc else "—",
            ", ".join(f"{a['name']} [{a['role']}]" for a in ev["actors"]) or "—",
            str(ev["fatalities"]["best"]) if ev["fatalities"] else "—",
            ev["claimed_by"] or "—",
            f"{ev['confidence']:.2f}",
        )
    Console().print(table)


def timex_command(
    file: Path = typer.Argument(
        ..., help="A UTF-8 text file ('-' for standard input); a leading BOM is dropped."
    ),
    dct: str | None = typer.Option(
        None, "--dct", help="Document creation time YYYY-MM-DD that relative dates resolve against."
    ),
) -> None:
    """Print every temporal expression in a text as TimeML JSON lines.

    Offsets are Python string offsets into the text as read: UTF-8, without a
    leading byte-order mark (as `truce extract` reads it), line ends kept as written.
    The whole file is tagged, a header block included.

    Example: truce timex article.txt --dct 2025-11-05
    """
    from truce.cli.common import read_text
    from truce.extract.articles import BOM
    from truce.extract.timex import tag, timex_json

    day = parse_date_option(dct, "--dct")
    text = read_text(file).removeprefix(BOM)
    for t in tag(text, day):
        sys.stdout.write(json.dumps(timex_json(t), ensure_ascii=False) + "\n")


def eval_extract_command(
    gold: Path = typer.Option(
        ..., "--gold", help="A *.gold.json article, a headlines .jsonl, or a folder of them."
    ),
    json_out: Path | None = typer.Option(
        None, "--json", help="Also save the numbers as JSON here."
    ),
    limit: int | None = typer.Option(None, "--limit", help="Score only the first N headlines."),
) -> None:
    """Score event extraction against gold, beside a dateparser-only and a plain-spaCy baseline.

    Example: truce eval extract --gold corpus/dev
    """
    from truce.extract.eval_extract import evaluate_extract, render

    result = evaluate_extract(_gold_path(gold), limit=limit)
    render(result, Console())
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def eval_timex_command(
    gold: Path = typer.Option(
        ..., "--gold", help="A *.gold.json article, a headlines .jsonl, or a folder of them."
    ),
    json_out: Path | None = typer.Option(
        None, "--json", help="Also save the numbers as JSON here."
    ),
) -> None:
    """Score the temporal tagger against gold, beside dateparser and plain spaCy.

    Example: truce eval timex --gold corpus/dev/seed-2025-11-05.gold.json
    """
    from truce.extract.eval_timex import (
        evaluate_timex,
        load_headline_date_gold,
        load_seed_timex_gold,
    )

    path = _gold_path(gold)
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    items: list[Any] = []
    for f in files:
        if f.name.endswith(".gold.json"):
            items += load_seed_timex_gold(f)
        elif f.suffix == ".jsonl":
            items += load_headline_date_gold(f)
    if not items:
        raise NotFound(f"{path}: no *.gold.json or .jsonl gold found")
    result = evaluate_timex(items)
    console = Console()
    for section, body in result.items():
        systems: dict[str, dict[str, Any]] = body["systems"]
        metrics = sorted(
            {k for m in systems.values() for k, v in m.items() if isinstance(v, int | float)}
        )
        table = Table("metric", *systems, title=f"timex: {section}")
        for k in metrics:
            table.add_row(k, *(_fmt(systems[s].get(k)) for s in systems))
        console.print(table)
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def register(app: typer.Typer) -> None:
    """Add `extract`, `timex` and the `eval` sub-app to the app."""
    app.command("extract")(extract_command)
    app.command("timex")(timex_command)
    eval_app = typer.Typer(
        help="Measure extraction against gold.\n\nExample: truce eval extract", no_args_is_help=True
    )
    eval_app.command("extract")(eval_extract_command)
    eval_app.command("timex")(eval_timex_command)
    app.add_typer(eval_app, name="eval")
