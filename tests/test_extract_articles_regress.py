"""Regression tests on short articles written for Truce (not copied from any outlet).

Each one pins a behaviour that full news articles need: datelines, weekday dates,
competing death claims, "near the town of", border regions, background events with
their own dates, headline digests, wounded not counted, and outlets that report
the day before.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from truce.extract.articles import Article
from truce.extract.event_type import VIOLENT
from truce.extract.gazetteer import km
from truce.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _violent(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["event_type"] in VIOLENT]


def test_dateline_gives_place_and_weekday_gives_date(ex: Extractor) -> None:
    text = (
        "PESHAWAR, Oct 12 (Reuters) - Gunmen stormed a police post on Saturday night, "
        "killing three policemen before fleeing, officials said."
    )
    events = _violent(ex.extract(Article("a1", text, published=date(2025, 10, 12))))
    assert events, "the attack is an event"
    ev = events[0]
    assert ev["date"] == "2025-10-11"  # Saturday before a Sunday report, not the dateline day
    loc = ev["location"]
    assert loc is not None and km(loc["lat"], loc["lon"], 34.01, 71.58) <= 25  # Peshawar
    assert ev["fatalities"]["best"] == 3


def test_sunday_in_a_monday_article(ex: Extractor) -> None:
    text = (
        "Security forces killed five militants during a raid in North Waziristan on Sunday, "
        "the military said in a statement on Monday."
    )
    ev = _violent(ex.extract(Article("a2", text, published=date(2025, 10, 13))))[0]
    assert ev["date"] == "2025-10-12"
    assert ev["fatalities"] == {"best": 5, "low": 5, "high": 5}
    assert ev["location"]["name"] == "North Waziristan"
    assert ev["claimed_by"] is not None


def test_competing_claims_keep_the_conservative_count(ex: Extractor) -> None:
    text = (
        "Afghan Taliban forces killed at least 23 Pakistani soldiers in attacks along the "
        "border on Saturday night, the military said, while the Taliban claimed 58."
    )
    ev = _violent(ex.extract(Article("a3", text, published=date(2025, 10, 12))))[0]
    assert ev["fatalities"] == {"best": 23, "low": 23, "high": 58}
    assert ev["claimed_by"] is not None
    loc = ev["location"]
    assert loc["precision"] == 5 and loc["country_code"] == "PK"  # the border region


def test_near_the_border_town_is_precision_two(ex: Extractor) -> None:
    text = (
        "QUETTA, Oct 15 (Reuters) - Two civilians were killed on Wednesday when mortar "
        "shells landed near the border town of Chaman, local officials said."
    )
    ev = _violent(ex.extract(Article("a4", text, published=date(2025, 10, 15))))[0]
    assert ev["location"]["name"] == "Chaman"
    assert ev["location"]["precision"] == 2
    assert ev["fatalities"]["best"] == 2
    assert ev["date"] == "2025-10-15"


def test_border_clash_without_a_town_goes_to_the_border_region(ex: Extractor) -> None:
    text = (
        "ISLAMABAD (Staff Report): Officials met in Istanbul on Monday to discuss trade. "
        "Separately, on Sunday Afghan forces attacked Pakistani troops from across the border."
    )
    events = ex.extract(Article("a5", text, published=date(2025, 10, 20)))
    clash = _violent(events)[0]
    assert clash["date"] == "2025-10-19"
    assert clash["location"]["precision"] == 5
    assert clash["location"]["country_code"] == "PK"  # the country attacked
    assert clash["location"]["name"] != "Istanbul"


def test_background_event_keeps_its_own_date(ex: Extractor) -> None:
    text = (
        "Pakistan and Afghanistan held a fresh round of talks in Doha on Sunday. "
        "The meeting came after Afghan forces attacked Pakistani border posts on "
        "October 11, killing 23 soldiers."
    )
    events = ex.extract(Article("a6", text, published=date(2025, 10, 20)))
    by_type = {e["event_type"]: e for e in events}
    assert by_type["talks"]["date"] == "2025-10-19"
    assert by_type["talks"]["location"]["name"] == "Doha"
    clash = _violent(events)[0]
    assert clash["date"] == "2025-10-11"
    assert clash["fatalities"]["best"] == 23


def test_digest_of_reports_takes_the_updated_toll(ex: Extractor) -> None:
    text = "Bomb kills three in northwest Pakistan;Blast toll in Pakistan's northwest rises to 7"
    ev = _violent(ex.extract(Article("a7", text, published=date(2014, 5, 5))))[0]
    assert ev["fatalities"]["best"] == 7


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Blast kills 2, wounds 15 in Quetta", 2),
        ("INDIAN FIRING KILLS ONE IN AZAD KASHMIR", 1),
        ("Six militants, soldier killed in tribal area clashes", 7),
        ("Woman killed, seven injured in LoC shelling", 1),
        ("Police shot dead three suspected militants in Karachi", 3),
        ("Police kill 2 militant suspects, arrest 3 in Lahore", 2),
    ],
)
def test_headline_counts(ex: Extractor, text: str, best: int) -> None:
    ev = _violent(ex.extract(Article("h", text, published=date(2014, 5, 5))))[0]
    assert ev["fatalities"]["best"] == best


def test_daily_newspapers_report_the_day_before(ex: Extractor) -> None:
    text = "Two policemen shot dead in Quetta"
    pub = date(2014, 5, 5)
    daily = _violent(ex.extract(Article("d", text, published=pub, outlet="Dawn")))[0]
    wire = _violent(ex.extract(Article("w", text, published=pub, outlet="Reuters News")))[0]
    assert daily["date"] == "2014-05-04"
    assert wire["date"] == "2014-05-05"
