"""Temporal tagger: explicit, deictic and anaphoric expressions, spans, and properties."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truce.extract.timex import (
    DateWindow,
    Timex,
    latest_window_before,
    tag,
    timex_json,
)

DCT = date(2025, 11, 5)  # a Wednesday, the seed article's publication date
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def values(text: str, dct: date | None = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct. 11, 2025", ("Oct. 11, 2025", "DATE", "2025-10-11")),
        ("on 11 October 2025,", ("11 October 2025", "DATE", "2025-10-11")),
        ("dated 2025-10-11.", ("2025-10-11", "DATE", "2025-10-11")),
        ("dated 11/10/2025.", ("11/10/2025", "DATE", "2025-10-11")),
        ("dated 10/25/2025.", ("10/25/2025", "DATE", "2025-10-25")),
        ("in October 2025", ("October 2025", "DATE", "2025-10")),
        ("elections in 2024.", ("2024", "DATE", "2024")),
        ("since the 1990s", ("the 1990s", "DATE", "199")),
        ("in the summer of 2024", ("summer of 2024", "DATE", "2024-SU")),
        ("resume on November 06", ("November 06", "DATE", "2025-11-06")),
        ("meet on Nov 6 to", ("Nov 6", "DATE", "2025-11-06")),
        ("clashes in October killed", ("October", "DATE", "2025-10")),
    ],
)
def test_explicit_dates(text: str, expected: tuple[str, str, str]) -> None:
    assert values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He spoke today.", ("today", "DATE", "2025-11-05")),
        ("It happened yesterday.", ("yesterday", "DATE", "2025-11-04")),
        ("They meet tomorrow.", ("tomorrow", "DATE", "2025-11-06")),
        ("Shelling tonight.", ("tonight", "TIME", "2025-11-05TNI")),
        ("It was quiet last night.", ("last night", "TIME", "2025-11-04TNI")),
        ("He said this morning.", ("this morning", "TIME", "2025-11-05TMO")),
        ("Talks begin tomorrow morning.", ("tomorrow morning", "TIME", "2025-11-06TMO")),
        ("Officials on Wednesday confirmed it.", ("Wednesday", "DATE", "2025-11-05")),
        ("Troops clashed on Tuesday night.", ("Tuesday night", "TIME", "2025-11-04TNI")),
        ("Militants attacked on Friday.", ("Friday", "DATE", "2025-10-31")),
        ("Talks will resume on Friday.", ("Friday", "DATE", "2025-11-07")),
        ("It rained last week.", ("last week", "DATE", "2025-W44")),
        ("Earlier this week troops moved.", ("Earlier this week", "DATE", "2025-W45")),
        ("Prices rose this month.", ("this month", "DATE", "2025-11")),
        ("Prices rose last month.", ("last month", "DATE", "2025-10")),
        ("Prices rose last year.", ("last year", "DATE", "2024")),
        ("It started two days ago.", ("two days ago", "DATE", "2025-11-03")),
        ("It started a week ago.", ("a week ago", "DATE", "2025-W44")),
        ("Raids have recently increased.", ("recently", "DATE", "PAST_REF")),
        ("Troops are currently deployed.", ("currently", "DATE", "PRESENT_REF")),
        ("Talks in the coming days.", ("the coming days", "DATE", "FUTURE_REF")),
        ("MILITANTS KILL 5 IN BANNU ON MONDAY", ("MONDAY", "DATE", "2025-11-03")),
        ("PAKISTAN SAYS 12 KILLED YESTERDAY.", ("YESTERDAY", "DATE", "2025-11-04")),
    ],
)
def test_expressions_relative_to_the_dct(text: str, expected: tuple[str, str, str]) -> None:
    assert values(text) == [expected]


def test_anaphora_count_from_the_last_mentioned_date_not_the_dct() -> None:
    text = (
        "On October 29, talks broke down. Later the next day, a ceasefire held. "
        "Two days later, guns fell silent. The day before, shells had fallen. "
        "That night was calm. The same day, envoys met."
    )
    got = values(text)
    assert got == [
        ("October 29", "DATE", "2025-10-29"),
        ("the next day", "DATE", "2025-10-30"),
        ("Two days later", "DATE", "2025-11-01"),
        ("The day before", "DATE", "2025-10-31"),
        ("That night", "TIME", "2025-10-31TNI"),
        ("The same day", "DATE", "2025-10-31"),
    ]


def test_vague_later_is_a_duration_with_a_window_after_the_anchor() -> None:
    (anchor, later) = tag("It began on October 11. They met a few days later.", DCT)
    assert (later.type, later.value) == ("DURATION", "PXD")
    assert later.date_start is not None and later.date_end is not None
    assert anchor.date_start is not None
    assert anchor.date_start < later.date_start <= later.date_end


def test_durations_and_sets() -> None:
    assert values("a 48-hour truce lasted three days after 48 hours") == [
        ("48-hour", "DURATION", "PT48H"),
        ("three days", "DURATION", "P3D"),
        ("48 hours", "DURATION", "PT48H"),
    ]
    assert values("patrols every week and daily reports, twice a month") == [
        ("every week", "SET", "P1W"),
        ("daily", "SET", "P1D"),
        ("twice a month", "SET", "P1M"),
    ]
    assert values("after days of clashes") == [("days", "DURATION", "PXD")]
    # "an hours-long gunbattle" is some hours, not one
    assert values("an hours-long gunbattle") == [("hours", "DURATION", "PTXH")]


def test_times_take_the_day_written_with_them() -> None:
    assert values("Shells hit at 3 a.m. on Sunday.") == [
        ("3 a.m.", "TIME", "2025-11-02T03:00"),
        ("Sunday", "DATE", "2025-11-02"),
    ]
    assert values("The tensions began on the night of October 11.") == [
        ("the night of October 11", "TIME", "2025-10-11TNI")
    ]


def test_year_is_inferred_nearest_the_dct() -> None:
    assert values("On December 28 the border closed.", date(2026, 1, 3)) == [
        ("December 28", "DATE", "2025-12-28")
    ]
    assert values("Talks will be held on January 10.", date(2025, 12, 20)) == [
        ("January 10", "DATE", "2026-01-10")
    ]


def test_words_that_only_look_temporal_are_left_alone() -> None:
    assert values("Peace may return. The march was peaceful. 2000 people fled.") == []


def test_without_a_dct_relative_expressions_stay_unresolved() -> None:
    got = tag("He left yesterday and returns on Friday.", None)
    assert [(t.value, t.date_start) for t in got] == [("XXXX-XX-XX", None), ("XXXX-WXX-5", None)]
    # An explicit date still anchors what follows it.
    (_, nxt) = tag("On 29 October 2025 talks failed; the next day they resumed.", None)
    assert nxt.value == "2025-10-30"


def test_seed_article_matches_the_gold(shared_dir) -> None:  # type: ignore[no-untyped-def]
    import json

    dev = shared_dir / "corpus" / "dev"
    gold = json.loads((dev / "seed-2025-11-05.gold.json").read_text(encoding="utf-8"))
    text = (dev / gold["file"]).read_text(encoding="utf-8")
    got = [timex_json(t) for t in tag(text, date.fromisoformat(gold["published"]))]
    assert got == gold["timexes"]


def test_timex_json_has_exactly_the_spec_keys() -> None:
    (t,) = tag("today", DCT)
    assert timex_json(t) == {"start": 0, "end": 5, "text": "today", "type": "DATE",
                             "value": "2025-11-05"}  # fmt: skip


def test_latest_window_before_is_the_last_dated_expression() -> None:
    text = "Last month, on October 11 and October 20, clashes erupted."
    tx = tag(text, DCT)
    assert latest_window_before(tx, len(text)) == DateWindow(
        date(2025, 10, 20), date(2025, 10, 20), "day"
    )
    assert latest_window_before(tx, 0) is None


# --- properties


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_dates_round_trip(day: date) -> None:
    (t,) = tag(f"Reported on {day.isoformat()} by monitors.", DCT)
    assert (t.type, t.value, t.date_start, t.date_end) == ("DATE", day.isoformat(), day, day)


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(WEEKDAY_NAMES),
    st.booleans(),
)
def test_past_weekday_lands_in_the_week_up_to_the_dct(dct: date, name: str, caps: bool) -> None:
    text = f"Militants attacked a checkpoint on {name}."
    (t,) = tag(text.upper() if caps else text, dct)
    assert t.date_start is not None
    assert 0 <= (dct - t.date_start).days < 7
    assert t.date_start.weekday() == WEEKDAY_NAMES.index(name)


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(WEEKDAY_NAMES),
)
def test_future_weekday_lands_in_the_week_after_the_dct(dct: date, name: str) -> None:
    (t,) = tag(f"The delegations will meet on {name}.", dct)
    assert t.date_start is not None
    assert 1 <= (t.date_start - dct).days <= 7


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=30),
)
def test_days_later_counts_from_the_anchor(anchor: date, n: int) -> None:
    text = f"Fighting began on {anchor.day} {anchor:%B} {anchor.year}. Talks opened {n} days later."
    tx = tag(text, None)
    assert tx[-1].date_start == anchor + timedelta(days=n)


@given(st.text(max_size=200))
def test_spans_are_in_order_and_match_the_text(text: str) -> None:
    tx: list[Timex] = tag(text, DCT)
    assert all(text[t.start : t.end] == t.text for t in tx)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tx))
    assert all(t.type in ("DATE", "TIME", "DURATION", "SET") for t in tx)
