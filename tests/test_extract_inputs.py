"""What `truce extract` and `truce ingest` take from an article file: the header block,
its publication date, a byte-order mark, and who acted on whom."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truce.extract.actors import is_trigger_argument, mention_role, one_role_each
from truce.extract.articles import (
    Article,
    ReadProblem,
    article_from_text,
    parse_published,
    read_source,
    split_header,
)

# --- the header block -----------------------------------------------------------------


def test_unknown_fields_do_not_throw_the_header_away() -> None:
    text = (
        "Title: Clash in Kurram\nAuthor: Jane Doe\nByline: Staff reporter\nSection: Pakistan\n"
        "Language: en\nKeywords: Kurram, border, clash\nPublished: 2025-11-05\n"
        "URL: https://dawn.com/news/1\n\nTroops clashed on Monday."
    )
    header, body = split_header(text)
    assert header == {
        "title": "Clash in Kurram",
        "published": "2025-11-05",
        "url": "https://dawn.com/news/1",
    }
    assert body == "Troops clashed on Monday."


@pytest.mark.parametrize(
    "text",
    [
        "PESHAWAR: At least five soldiers were killed on Monday.\n\nMore.",
        "DERA ISMAIL KHAN: Militants attacked a post.\n\nMore.",
        "Note: this is prose\n\nMore.",
        "Author: Jane Doe\nKeywords: Kurram\n\nTroops clashed.",  # no field Truce uses
        # a dateline under a header that lacks its blank line: the story is not eaten
        "Title: Clash\nPESHAWAR: At least five soldiers were killed.\n\nMore.",
        "Title: Clash\nUpdate: Troops killed five militants in a raid in Bannu on Tuesday.\n\nMore.",
        "\nTitle: Clash\n\nMore.",
        "Title: Clash\nTroops clashed on Monday.\n\nMore.",
    ],
)
def test_body_that_only_looks_like_a_header_is_kept(text: str) -> None:
    assert split_header(text) == ({}, text)


def test_windows_line_ends_and_a_byte_order_mark() -> None:
    text = "\ufeffTitle: Clash\r\nAuthor: X\r\nPublished: 2025-11-05\r\n\r\nTroops clashed.\r\n"
    header, body = split_header(text)
    assert header == {"title": "Clash", "published": "2025-11-05"}
    assert body == "Troops clashed.\r\n"


def test_a_file_that_is_only_a_header() -> None:
    assert split_header("Title: Troops clash in Kurram\nPublished: 2025-11-05\n") == (
        {"title": "Troops clash in Kurram", "published": "2025-11-05"},
        "",
    )
    art = article_from_text("Title: Troops clash in Kurram\nPublished: 2025-11-05", "a.txt")
    assert isinstance(art, Article) and art.title == "Troops clash in Kurram"
    problem = article_from_text("URL: https://x/1\nPublished: 2025-11-05\n", "b.txt")
    assert isinstance(problem, ReadProblem) and "no article text" in problem.reason


_KEY = st.sampled_from(["Title", "URL", "Published", "Source", "title", "SOURCE"])
_OTHER = st.sampled_from(["Author", "Byline", "Section", "Language", "Keywords", "Reading-Time"])
_VALUE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"),
    max_size=40,
).map(str.strip)
# a field Truce does not know may not read as a sentence ("Update: Troops killed ...")
_OTHER_VALUE = _VALUE.filter(lambda v: v[-1:] not in tuple(".!?\"'\u201d\u2019)"))


@given(
    known=st.lists(st.tuples(_KEY, _VALUE), min_size=1, max_size=4),
    other=st.lists(st.tuples(_OTHER, _OTHER_VALUE), max_size=4),
    body=st.text(max_size=200),
    crlf=st.booleans(),
)
def test_header_round_trip(
    known: list[tuple[str, str]], other: list[tuple[str, str]], body: str, crlf: bool
) -> None:
    fields = [f for pair in zip(known, other, strict=False) for f in pair]
    fields += known[len(other) :] + other[len(known) :]
    end = "\r\n" if crlf else "\n"
    text = "".join(f"{k}: {v}{end}" for k, v in fields) + end + body
    header, rest = split_header(text)
    want: dict[str, str] = {}
    for k, v in known:
        want.setdefault(k.lower(), v)
    assert header == want and rest == body


# --- the publication date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2025-11-05", date(2025, 11, 5)),
        ("2025-11-05T23:30:00+05:00", date(2025, 11, 5)),  # the publisher's day, not UTC's
        ("2025-11-05T10:00:00Z", date(2025, 11, 5)),
        ("2025-11-05 10:00", date(2025, 11, 5)),
        ("Tue, 04 Nov 2025 10:00:00 +0000", date(2025, 11, 4)),
        ("Tue, 04 Nov 2025 23:00:00 -0500", date(2025, 11, 4)),
        ("Tue, 04 Nov 2025", date(2025, 11, 4)),
        ("4 Nov 2025 10:00 GMT", date(2025, 11, 4)),
    ],
)
def test_published_formats(value: str, day: date) -> None:
    assert parse_published(value) == day


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("last Tuesday", "not a date"),
        ("2025-13-45", "month must be in 1..12"),
        ("2025-02-30", "day is out of range"),
        ("05/11/2025", "not a date"),  # day or month first? refused, not guessed
        ("Mon, 04 Nov 2025 10:00:00 +0000", "a Tuesday"),
        ("", "empty"),
    ],
)
def test_published_nonsense_is_refused(value: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_published(value)


_ZONE = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(moment=st.datetimes(min_value=datetime(1900, 1, 1), timezones=_ZONE))
def test_published_round_trip(moment: datetime) -> None:
    for written in (moment.date().isoformat(), moment.isoformat(), format_datetime(moment)):
        assert parse_published(written) == moment.date(), written


@pytest.mark.parametrize("key", ["Published", "Date"])
def test_bad_header_date_is_a_problem_naming_file_and_value(tmp_path: Path, key: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(f"Title: Clash\n{key}: last Tuesday\n\nTroops clashed.", encoding="utf-8")
    (problem,) = read_source(f)
    assert isinstance(problem, ReadProblem)
    assert str(problem).startswith(str(f)) and "'last Tuesday'" in problem.reason
    assert f"{key}:" in problem.reason
    # --published overrides the header, so its value is not needed
    (art,) = read_source(f, date(2025, 11, 5))
    assert isinstance(art, Article) and art.published == date(2025, 11, 5)


def test_rfc2822_header_date_anchors_the_article(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "Published: Tue, 04 Nov 2025 10:00:00 +0500\n\nTroops clashed yesterday.", encoding="utf-8"
    )
    (art,) = read_source(f)
    assert isinstance(art, Article) and art.published == date(2025, 11, 4)


def test_bad_published_in_an_archive_skips_that_line(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"text": "Troops clashed.", "published": "yesterday"}\n'
        '{"text": "Militants attacked.", "published": "2025-11-05T08:00:00+05:00"}\n',
        encoding="utf-8",
    )
    bad, good = read_source(f)
    assert isinstance(bad, ReadProblem) and bad.source == f"{f}:1" and "'yesterday'" in bad.reason
    assert isinstance(good, Article) and good.published == date(2025, 11, 5)


def test_byte_order_mark_is_not_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffTroops clashed.".encode())
    (art,) = read_source(f)
    assert isinstance(art, Article) and art.text == "Troops clashed."


# --- one role per actor -----------------------------------------------------------------


def _actor(name: str, role: str, cc: str | None = "PK", kind: str = "state_forces") -> Any:
    return {"name": name, "country_code": cc, "kind": kind, "role": role}


def test_one_role_each_prefers_the_trigger_s_own_reading() -> None:
    police, militants = "Pakistani security forces", "militants (unspecified)"
    found = [
        (_actor(police, "initiator"), False),  # subject of another verb
        (_actor(militants, "target", None, "armed_group"), False),
        (_actor(militants, "initiator", None, "armed_group"), True),  # subject of the trigger
        (_actor(police, "target"), True),  # object of the trigger
    ]
    assert one_role_each(found) == [
        _actor(police, "target"),
        _actor(militants, "initiator", None, "armed_group"),
    ]


def test_one_role_each_ties_and_participants() -> None:
    forces = "Pakistani security forces"
    # a definite role beats "participant" wherever it was read
    assert (
        one_role_each([(_actor(forces, "participant"), True), (_actor(forces, "target"), False)])[
            0
        ]["role"]
        == "target"
    )
    # equally supported: the subject of a violent verb acted
    assert (
        one_role_each([(_actor(forces, "target"), True), (_actor(forces, "initiator"), True)])[0][
            "role"
        ]
        == "initiator"
    )
    # another country or kind is another actor
    two = one_role_each(
        [(_actor(forces, "initiator"), True), (_actor(forces, "target", "AF"), True)]
    )
    assert [a["role"] for a in two] == ["initiator", "target"]


@pytest.fixture(scope="module")
def nlp() -> Any:
    from truce.extract.nlp import load_nlp

    return load_nlp()


def test_trigger_arguments_are_told_from_other_verbs_arguments(nlp: Any) -> None:
    doc = nlp("Police killed two militants after militants attacked a police post.")
    killed, attacked = doc[1], doc[6]
    assert (killed.text, attacked.text) == ("killed", "attacked")
    subject, obj, other_subject, police = doc[0], doc[3], doc[5], doc[8]
    assert is_trigger_argument(subject, killed) and is_trigger_argument(obj, killed)
    assert not is_trigger_argument(other_subject, killed)
    assert not is_trigger_argument(police, killed)  # "a police post": the post's modifier
    assert is_trigger_argument(other_subject, attacked) and is_trigger_argument(police, attacked)
    doc = nlp("Security forces repulsed an attack on security forces.")
    attack = doc[4]
    assert is_trigger_argument(doc[7], attack) and not is_trigger_argument(doc[1], attack)


def test_the_accused_is_the_initiator(nlp: Any) -> None:
    doc = nlp("Pakistan accuses Indian troops of killing a soldier.")
    troops, killing = doc[3], doc[5]
    assert (troops.text, killing.text) == ("troops", "killing")
    assert mention_role(troops, killing, True) == "initiator"


@pytest.fixture(scope="module")
def extractor() -> Any:
    from truce.extract.pipeline import Extractor

    return Extractor()


@pytest.mark.parametrize(
    "text",
    [
        "Police killed two militants after militants attacked a police post in Bannu on Tuesday.",
        "Security forces repulsed an attack on security forces in Kurram on Monday.",
        "Afghan forces attacked Pakistani posts and Pakistani troops responded by shelling "
        "Afghan forces in Kurram on Saturday.",
        # two sentences, one event: the retelling's reading does not add a second role
        "Militants attacked a police post in Bannu on Tuesday. Police killed three militants "
        "in Bannu on Tuesday.",
        "Suicide bomber kills three soldiers in NW Pakistan. Pak suicide attack kills 11 soldiers.",
    ],
)
def test_an_event_lists_each_actor_once(extractor: Any, text: str) -> None:
    events = extractor.extract(Article("a", text, None, None, date(2025, 11, 5)))
    assert events
    for ev in events:
        who = [(a["name"], a["country_code"], a["kind"]) for a in ev["actors"]]
        assert len(who) == len(set(who)), ev["actors"]
