"""The extraction pipeline: readers, relevance gate, fatalities, actors, events on the seed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from truce.extract.actors import find_actors
from truce.extract.articles import Article, ReadProblem, read_source, split_header
from truce.extract.event_type import find_triggers
from truce.extract.fatalities import claimed_by, combine, death_counts, word_number
from truce.extract.relevance import is_relevant

REQUIRED = {
    "source",
    "event_type",
    "date",
    "date_end",
    "date_precision",
    "location",
    "actors",
    "fatalities",
    "claimed_by",
    "text",
    "confidence",
}


def _items(path: Path) -> list[Article | ReadProblem]:
    return list(read_source(path))


def test_header_block_gives_title_url_published(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "Title: Clash at border\nURL: http://x/1\nPublished: 2025-11-05\n\nTroops clashed on Monday.",
        encoding="utf-8",
    )
    (art,) = _items(f)
    assert isinstance(art, Article)
    assert (art.title, art.url, art.published) == (
        "Clash at border",
        "http://x/1",
        date(2025, 11, 5),
    )
    assert art.text == "Troops clashed on Monday."


def test_body_starting_with_colon_line_is_not_a_header() -> None:
    header, body = split_header("Note: this is prose\n\nMore.")
    assert header == {} and body.startswith("Note:")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"abc\x00def", "binary"), ("café".encode("latin-1"), "not UTF-8")],
)
def test_bad_text_files_are_reported(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    (problem,) = _items(f)
    assert (
        isinstance(problem, ReadProblem) and reason in problem.reason and "bad.txt" in str(problem)
    )


def test_jsonl_bad_lines_skipped_and_reported(tmp_path: Path) -> None:
    f = tmp_path / "arch.jsonl"
    f.write_text(
        '{"text": "Militants attacked a post.", "id": 1, "published": "2020-01-02"}\n{oops\n{"title": "x"}\n',
        encoding="utf-8",
    )
    items = _items(f)
    assert isinstance(items[0], Article) and items[0].published == date(2020, 1, 2)
    assert [type(i) for i in items[1:]] == [ReadProblem, ReadProblem]
    assert str(items[1]).startswith(f"{f}:2")


def test_html_broken_and_feed_and_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.html").write_text(
        "<html><head><title>Blast</title></head><body><article><p>A blast killed five people in Quetta on Monday, police said. "
        + "Officials said the bomb was planted on a motorcycle near the market. " * 3
        + "</p></article><div><p>unclosed",
        encoding="utf-8",
    )
    (tmp_path / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Troops clash</title><link>http://x/2</link><description>Troops clashed near Torkham.</description>"
        "<pubDate>Wed, 05 Nov 2025 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "broken.xml").write_text("<rss><channel><item>", encoding="utf-8")
    items = _items(tmp_path)
    arts = [i for i in items if isinstance(i, Article)]
    probs = [i for i in items if isinstance(i, ReadProblem)]
    assert any(a.source == "http://x/2" and a.published == date(2025, 11, 5) for a in arts)
    assert any("killed five" in a.text for a in arts)
    assert len(probs) == 1 and "broken.xml" in probs[0].source


def test_relevance_gate_keeps_conflict_headlines(shared_dir: Path) -> None:
    path = shared_dir / "corpus" / "dev" / "ucdp_ged_pak_headlines_dev.jsonl"
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    kept = sum(is_relevant(r["text"]) for r in rows)
    assert kept / len(rows) >= 0.99


@pytest.mark.parametrize(
    "text",
    [
        "Babar Azam scored a century as Pakistan beat England by five wickets in Lahore.",
        "The KSE-100 index gained 500 points as banks and cement stocks rallied.",
        "Heavy rain is expected in Karachi tomorrow, the Met Office said.",
    ],
)
def test_relevance_gate_drops_other_news(text: str) -> None:
    assert not is_relevant(text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Five Kashmiris reported killed by Indian shelling.", (5, 5, 5)),
        ("At least 23 to 58 soldiers were killed, the ISPR said.", (23, 23, 58)),
        ("7 insurgents, 2 troops killed in separate raids", (9, 9, 9)),
        ("Death toll in school attack rises to 130", (130, 130, 130)),
        ("Blast kills policeman, injures three", (1, 1, 1)),
        ("11 people killed, five injured by shelling", (11, 11, 11)),
        ("more than two dozen militants killed", (24, 24, 24)),
    ],
)
def test_death_counts(sentence: str, expected: tuple[int, int, int]) -> None:
    got = combine(death_counts(sentence))
    assert got is not None and (got["best"], got["low"], got["high"]) == expected


def test_competing_claims_keep_lowest_as_best() -> None:
    counts = death_counts("Officials said 23 were killed") + death_counts(
        "Militants said 58 were killed"
    )
    assert combine(counts) == {"best": 23, "low": 23, "high": 58}
    assert combine(death_counts("Troops clashed near the border")) is None


def test_word_numbers_and_claims() -> None:
    assert [word_number(w) for w in ("five", "forty-two", "two dozen", "23", "1,200")] == [
        5,
        42,
        24,
        23,
        1200,
    ]
    assert (
        claimed_by("Militants killed three, according to Pakistan military officials.")
        == "Pakistan military officials"
    )
    assert claimed_by("Bomb kills three in Karachi: police") == "police"
    assert claimed_by("Troops clashed.") is None


def test_actors_and_triggers() -> None:
    found = [
        (m.text, m.entry.kind, m.country_code)
        for m in find_actors("Pakistani security forces killed five TTP militants")
    ]
    assert found == [
        ("Pakistani security forces", "state_forces", "PK"),
        ("TTP militants", "armed_group", "PK"),
    ]
    assert [
        t.event_type for t in find_triggers("Pakistan says India breaks Kashmir ceasefire.")
    ] == ["armed_clash"]
    assert [t.event_type for t in find_triggers("Both sides agreed to a ceasefire.")] == [
        "ceasefire_agreement"
    ]
    assert find_triggers("Hopes for a ceasefire are fading.") == []


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    from truce.extract.pipeline import Extractor

    return Extractor()


def test_seed_article_events_match_gold(shared_dir: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    dev = shared_dir / "corpus" / "dev"
    gold = json.loads((dev / "seed-2025-11-05.gold.json").read_text(encoding="utf-8"))
    text = (dev / gold["file"]).read_text(encoding="utf-8")
    events = extractor.extract(Article("seed", text, None, None, date(2025, 11, 5)))
    assert all(set(e) >= REQUIRED for e in events)
    got = {(e["event_type"], e["date"]) for e in events}
    want = {(g["event_type"], g["date"]) for g in gold["events"]}
    assert len(got & want) >= 4 and len(events) <= len(want) + 1
    clash = next(e for e in events if e["event_type"] == "armed_clash")
    roles = {(a["country_code"], a["role"]) for a in clash["actors"]}
    assert ("AF", "initiator") in roles and ("PK", "target") in roles


def test_headline_event_fields(extractor) -> None:  # type: ignore[no-untyped-def]
    art = Article(
        "h1",
        "Taliban suicide bombers kill five in Peshawar on Monday: police",
        None,
        None,
        date(2017, 2, 15),
    )
    (ev,) = extractor.extract(art)
    assert ev["event_type"] == "explosive_attack"
    assert ev["date"] == "2017-02-13" and ev["date_precision"] == "day"
    assert ev["fatalities"] == {"best": 5, "low": 5, "high": 5}
    assert ev["location"]["name"] == "Peshawar" and ev["location"]["country_code"] == "PK"
    assert ev["claimed_by"] == "police"
    assert any(a["kind"] == "armed_group" and a["role"] == "initiator" for a in ev["actors"])


def test_irrelevant_article_costs_no_parse(extractor) -> None:  # type: ignore[no-untyped-def]
    assert (
        extractor.extract(
            Article("s", "Pakistan beat England by five wickets in Lahore.", None, None, None)
        )
        == []
    )


def test_no_published_date_leaves_relative_dates_unresolved(extractor) -> None:  # type: ignore[no-untyped-def]
    (ev,) = extractor.extract(
        Article(
            "h",
            "Militants attacked a police post in Bannu on Monday, killing two.",
            None,
            None,
            None,
        )
    )
    assert ev["date"] is None and ev["fatalities"]["best"] == 2


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        ("Gunmen killed a policewoman in Quetta.", 1),
        ("Gunmen killed a jawan near the border.", 1),
        ("Militants killed a soldier and a cleric in Bannu.", 2),
    ],
)
def test_singular_victims_count_from_one_noun_list(sentence: str, deaths: int) -> None:
    from truce.extract.fatalities import combine, death_counts

    assert combine(death_counts(sentence)) == {"best": deaths, "low": deaths, "high": deaths}
