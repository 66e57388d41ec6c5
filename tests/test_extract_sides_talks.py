"""Round-2 rules: which side of Kashmir, province points, FATA before 2018, vague
counts, the parties of talks, and dates like "overnight" or "October 11-12".

Texts are written for Truce (not copied from any outlet).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from truce.extract.articles import Article
from truce.extract.event_type import VIOLENT
from truce.extract.fatalities import combine, death_counts
from truce.extract.gazetteer import km
from truce.extract.pipeline import Extractor
from truce.extract.timex import tag


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _first_violent(ex: Extractor, text: str, day: date) -> dict[str, Any]:
    events = [
        e for e in ex.extract(Article("t", text, published=day)) if e["event_type"] in VIOLENT
    ]
    assert events, text
    return events[0]


# --- Kashmir: the side of the Line of Control comes from the actors -----------


def test_indian_fire_in_bare_kashmir_lands_on_the_pakistani_side(ex: Extractor) -> None:
    ev = _first_violent(
        ex, "Pakistan says Indian shelling kills three in Kashmir.", date(2003, 5, 2)
    )
    assert ev["location"]["country_code"] == "PK"
    assert ev["location"]["admin1"] == "Azad Kashmir"
    assert {(a["country_code"], a["role"]) for a in ev["actors"]} >= {("IN", "initiator")}
    # "Pakistan says" is the source, not a second shooter
    assert ("PK", "initiator") not in {(a["country_code"], a["role"]) for a in ev["actors"]}


def test_pakistani_victims_in_bare_kashmir_are_on_the_pakistani_side(ex: Extractor) -> None:
    ev = _first_violent(ex, "Pakistan soldier killed by Indian fire in Kashmir.", date(1998, 7, 1))
    assert ev["location"]["country_code"] == "PK"


def test_militants_in_bare_kashmir_stay_on_the_indian_side(ex: Extractor) -> None:
    ev = _first_violent(
        ex, "Indian troops kill two militants in Kashmir, police say.", date(2002, 3, 4)
    )
    assert ev["location"]["country_code"] == "IN"


def _province(name: str) -> Any:
    from truce.extract.gazetteer import Gazetteer

    return next(p for p in Gazetteer.default().lookup(name) if p.kind == "province")


def test_named_sides_of_kashmir(ex: Extractor) -> None:
    pk = _first_violent(
        ex, "Shelling kills two in Pakistan-administered Kashmir.", date(2019, 8, 1)
    )
    assert pk["location"]["admin1"] == "Azad Kashmir"
    assert pk["location"]["precision"] == 4
    # a province-level event stands at the province's own point, not at a town in it
    ajk = _province("Azad Kashmir")
    assert km(pk["location"]["lat"], pk["location"]["lon"], ajk.lat, ajk.lon) < 1
    ind = _first_violent(ex, "Grenade attack wounds four, kills one in Srinagar.", date(2019, 8, 1))
    assert ind["location"]["country_code"] == "IN"


def test_state_on_state_fire_without_a_place_goes_to_the_line_of_control(
    ex: Extractor,
) -> None:
    ev = _first_violent(ex, "Indian firing kills two Pakistani civilians: army", date(2017, 3, 1))
    loc = ev["location"]
    assert loc["precision"] == 5
    assert loc["country_code"] == "PK"
    assert loc["admin1"] == "Azad Kashmir"


def test_insurgent_attack_without_a_place_is_not_put_on_the_border(ex: Extractor) -> None:
    ev = _first_violent(
        ex, "Pakistan security forces gun down five suspected militants", date(2016, 1, 5)
    )
    assert ev["location"]["name"] != "Line of Control"


# --- province points and the tribal areas' province over time -----------------


def test_province_level_event_sits_at_the_province_centroid(ex: Extractor) -> None:
    ev = _first_violent(ex, "Two policemen killed in northwest Pakistan", date(2012, 6, 1))
    loc = ev["location"]
    assert loc["precision"] == 4
    kp = _province("Khyber Pakhtunkhwa")
    assert km(loc["lat"], loc["lon"], kp.lat, kp.lon) < 1
    assert km(loc["lat"], loc["lon"], 34.01, 71.58) > 25  # not the capital, Peshawar


def test_tribal_area_is_fata_before_the_2018_merger_and_kp_after(ex: Extractor) -> None:
    text = "Drone strike kills four in Miranshah, officials say."
    before = _first_violent(ex, text, date(2012, 6, 1))
    after = _first_violent(ex, text, date(2021, 6, 1))
    assert before["location"]["admin1"] == "Federally Administered Tribal Areas"
    assert after["location"]["admin1"] == "Khyber Pakhtunkhwa"
    peshawar = _first_violent(ex, "Bomb kills three in Peshawar.", date(2012, 6, 1))
    assert peshawar["location"]["admin1"] == "Khyber Pakhtunkhwa"  # never tribal


# --- vague counts (ACLED: the smallest number the word can mean) ---------------


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Dozens killed as jets bomb hideouts", 12),
        ("Hundreds killed in the offensive", 100),
        ("Tens of people were killed in the blast", 10),
        ("Two dozen soldiers killed in the ambush", 24),
        ("Several militants killed in the operation", None),
        ("Scores injured in the attack", None),
        ("6 militants, including two suicide bombers, killed in the raid", 6),
        ("Two personnel of the Khasadar force were killed", 2),
    ],
)
def test_vague_counts_are_conservative(text: str, best: int | None) -> None:
    got = combine(death_counts(text))
    assert (got["best"] if got else None) == best


# --- talks: the parties are the governments, not the topic ------------------------

_TALKS = (
    "ANKARA, Nov 2 - Delegations of Pakistan and Afghanistan arrived in Istanbul on Saturday.\n"
    "The second round of talks began in Istanbul on October 25, but Islamabad's worries about "
    "militant attacks from Kabul stalled them.\n"
    "On October 30 both countries agreed to extend the ceasefire, Turkiye's Foreign Ministry "
    "said, adding that they will meet again on November 6.\n"
    "The two countries first met in Doha in mid-October, where a temporary truce was agreed."
)


def _by(events: list[dict[str, Any]], etype: str, day: str) -> dict[str, Any]:
    found = [e for e in events if e["event_type"] == etype and e["date"] == day]
    assert found, (etype, day, [(e["event_type"], e["date"]) for e in events])
    return found[0]


def test_talks_parties_are_governments_not_the_topic(ex: Extractor) -> None:
    events = ex.extract(Article("talks", _TALKS, published=date(2025, 11, 2)))
    talks = _by(events, "talks", "2025-10-25")
    kinds = {(a["country_code"], a["kind"], a["role"]) for a in talks["actors"]}
    assert {("PK", "government", "participant"), ("AF", "government", "participant")} <= kinds
    assert not any(a["kind"] == "armed_group" for a in talks["actors"])
    assert not any(a["role"] == "initiator" for a in talks["actors"])
    # talks that end in an agreement last until the agreement's day
    assert talks["date_end"] == "2025-10-30"


def test_the_two_countries_are_the_last_two_named(ex: Extractor) -> None:
    events = ex.extract(Article("talks", _TALKS, published=date(2025, 11, 2)))
    doha = [e for e in events if e["location"] and e["location"]["name"] == "Doha"]
    assert doha
    codes = {a["country_code"] for a in doha[0]["actors"] if a["kind"] == "government"}
    assert codes == {"PK", "AF"}
    assert doha[0]["date"] == "2025-10-11"  # mid-October: the middle third of the month


def test_planned_meeting_is_not_a_claim(ex: Extractor) -> None:
    events = ex.extract(Article("talks", _TALKS, published=date(2025, 11, 2)))
    planned = _by(events, "talks", "2025-11-06")
    assert planned["claimed_by"] is None
    deal = _by(events, "ceasefire_agreement", "2025-10-30")
    assert deal["claimed_by"]


# --- dates ----------------------------------------------------------------------------

MONDAY = date(2025, 10, 13)


def _only(text: str) -> tuple[str, str, str]:
    found = [t for t in tag(text, MONDAY) if t.date_start is not None]
    assert len(found) == 1, found
    t = found[0]
    return t.value, str(t.date_start), str(t.date_end)


def test_overnight_is_the_night_before_the_report() -> None:
    assert _only("Militants attacked a checkpost overnight.") == (
        "2025-10-12TNI",
        "2025-10-12",
        "2025-10-13",
    )


def test_early_hours_of_a_weekday_is_one_expression() -> None:
    assert _only("Clashes erupted in the early hours of Monday.") == (
        "2025-10-13TMO",
        "2025-10-13",
        "2025-10-13",
    )


@pytest.mark.parametrize(
    "text", ["Fighting on October 11-12 killed 23.", "Fighting on 11-12 October killed 23."]
)
def test_day_ranges_give_one_window(text: str) -> None:
    assert _only(text) == ("2025-10-11", "2025-10-11", "2025-10-12")


def test_a_day_then_a_count_is_not_a_range() -> None:
    assert _only("On October 11 and 12 people were killed.") == (
        "2025-10-11",
        "2025-10-11",
        "2025-10-11",
    )


def test_mid_month_keeps_the_month_value_and_narrows_the_window() -> None:
    assert _only("Talks were held in mid-October.") == ("2025-10", "2025-10-11", "2025-10-20")
    assert _only("It began in late February.") == ("2025-02", "2025-02-21", "2025-02-28")


def test_late_on_a_weekday_is_that_day() -> None:
    assert _only("The attack happened late on Sunday.")[1] == "2025-10-12"
