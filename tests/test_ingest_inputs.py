"""`truce ingest` on a folder of good and bad files: every bad one is named and skipped,
the good ones are filed, and the command exits 0 with a summary table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.ingest_samples import DEMO_AGREEMENT, KURRAM_DAWN, SPIN_BOLDAK, clash_story, write_jsonl
from truce.cli.main import main
from truce.store.db import Database
from truce.store.tables import ingested_articles, reports

GOOD_TEXT = (
    "Title: Mortar fire on Spin Boldak\n"
    "URL: https://tolonews.com/afghanistan/spin-boldak-mortars\n"
    "Published: 2025-10-16\n\n" + SPIN_BOLDAK["text"] + "\n"
)
GOOD_FEED = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Dawn</title>
<item><title>{KURRAM_DAWN["title"]}</title><link>{KURRAM_DAWN["url"]}</link>
<pubDate>Mon, 13 Oct 2025 08:00:00 +0500</pubDate>
<description>{KURRAM_DAWN["text"]}</description></item>
</channel></rss>
"""


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/truce.db"
    monkeypatch.setenv("TRUCE_DATABASE_URL", url)
    monkeypatch.setenv("TRUCE_HOME", str(tmp_path / "home"))
    assert main(["init"]) == 0
    assert main(["agreement", "load", str(DEMO_AGREEMENT)]) == 0
    return url


def _inbox(root: Path) -> dict[str, Path]:
    root.mkdir()
    files = {
        "good.txt": GOOD_TEXT.encode(),
        "good.rss": GOOD_FEED.encode(),
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "latin1.txt": "Peshawar: d\u00e9j\u00e0 vu \u2014 soldiers killed".encode("cp1252"),
        "broken.html": b'<html><head><title>x</title></head><body><div class="',
        "failing.xml": b"this is not a feed <<< at all",
    }
    paths = {}
    for name, raw in files.items():
        (root / name).write_bytes(raw)
        paths[name] = root / name
    return paths


def test_bad_files_are_reported_and_the_batch_goes_on(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = _inbox(tmp_path / "inbox")
    archive = write_jsonl(tmp_path / "archive.jsonl", [clash_story(1)])
    with archive.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    code = main(["ingest", str(tmp_path / "inbox"), str(archive), str(tmp_path / "missing.txt")])
    out = capsys.readouterr().out
    assert code == 0
    assert "articles read" in out and "bad inputs" in out
    for name in ("empty.txt", "binary.txt", "latin1.txt", "broken.html", "failing.xml"):
        assert name in out, name
    for why in ("empty file", "binary file", "not UTF-8", "no article text", "feed does not parse"):
        assert why in out, why
    db = Database(cli_env)
    with db.read() as conn:
        outlets = set(conn.execute(select(reports.c.source_outlet)).scalars())
        done = conn.execute(select(ingested_articles.c.source)).scalars().all()
    db.dispose()
    assert {"tolonews.com", "dawn.com", "example-news.pk"} <= outlets
    assert len(done) == 3  # the text file, the feed entry and the archive's good line
    assert not any(str(inbox[n]) in done for n in ("empty.txt", "binary.txt", "latin1.txt"))


def test_only_bad_input_exits_2(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["ingest", str(empty)]) == 2
    assert "empty file" in capsys.readouterr().out


def test_bad_published_date_is_refused(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "s.txt"
    story.write_text(SPIN_BOLDAK["text"], encoding="utf-8")
    assert main(["ingest", str(story), "--published", "16/10/2025"]) == 2
    assert "--published" in capsys.readouterr().err


def test_bad_published_header_is_a_bad_input_like_in_extract(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The header's date is read by the same function as in `truce extract`: a value
    that is not a date skips that file, named with the value; the others are filed."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad.txt").write_text(GOOD_TEXT.replace("2025-10-16", "2025-13-45"), encoding="utf-8")
    rfc = GOOD_TEXT.replace("Published: 2025-10-16", "Published: Thu, 16 Oct 2025 09:00:00 +0430")
    (inbox / "rfc.txt").write_text(rfc.replace("Mortar fire", "Mortars"), encoding="utf-8")
    assert main(["ingest", str(inbox)]) == 0
    out = capsys.readouterr().out
    assert f"{inbox / 'bad.txt'}: bad Published: value '2025-13-45'" in out
    db = Database(cli_env)
    with db.read() as conn:
        done = conn.execute(select(ingested_articles.c.source)).scalars().all()
        dates = set(conn.execute(select(reports.c.date)).scalars())
    db.dispose()
    assert done == [str(inbox / "rfc.txt")]
    assert dates == {date(2025, 10, 15)}  # "on Wednesday", counted from the RFC 2822 date
    assert main(["ingest", str(inbox / "bad.txt")]) == 2
