"""What the second development set (tests/data/articles_dev2) taught the extractor.

Every sentence here is our own; none is taken from that set's articles.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from truce.extract.articles import Article
from truce.extract.event_type import VIOLENT, find_triggers
from truce.extract.fatalities import combine, death_counts
from truce.extract.gazetteer import km
from truce.extract.pipeline import Extractor
from truce.extract.timex import tag


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def events(
    ex: Extractor, text: str, published: date, title: str | None = None
) -> list[dict[str, Any]]:
    return ex.extract(Article("t", text, title=title, published=published))


def windows(text: str, dct: date) -> list[tuple[str, str, str]]:
    return [(t.text, str(t.date_start), str(t.date_end)) for t in tag(text, dct)]


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # a weekday "last week" is that week's day, not the last such weekday
        (
            "Rockets landed in the village on Tuesday last week.",
            date(2026, 3, 13),  # a Friday: the last Tuesday is 10 March
            ("Tuesday last week", "2026-03-03", "2026-03-03"),
        ),
        (
            "The men were seized on Monday of last week.",
            date(2026, 3, 11),
            ("Monday of last week", "2026-03-02", "2026-03-02"),
        ),
        # ISPR's "night 8/9 May": the night runs into the next day
        (
            "On night 8/9 May 2026, troops engaged a group of khwarij.",
            date(2026, 5, 10),
            ("night 8/9 May 2026", "2026-05-08", "2026-05-09"),
        ),
        # a told past is last year's date, however near next year's is
        (
            "On February 2, four soldiers were killed in the same valley.",
            date(2025, 12, 20),
            ("February 2", "2025-02-02", "2025-02-02"),
        ),
        (
            "In April last year, a convoy was ambushed.",
            date(2026, 2, 1),
            ("April last year", "2025-04-01", "2025-04-30"),
        ),
        (
            "the truce reached on June 3 last year",
            date(2026, 2, 1),
            ("June 3 last year", "2025-06-03", "2025-06-03"),
        ),
    ],
)
def test_dates_of_this_round(text: str, dct: date, expected: tuple[str, str, str]) -> None:
    assert expected in windows(text, dct)


def test_a_future_marker_keeps_a_planned_date_ahead() -> None:
    # "held" is a past form, but under "will" the talks are still to come
    assert ("March 4", "2026-03-04", "2026-03-04") in windows(
        "The next round will be held on March 4.", date(2026, 2, 20)
    )


def test_the_afternoon_after_doing_something_is_not_the_next_afternoon() -> None:
    got = windows(
        "Officials said on Monday. The gunmen struck in the afternoon after cutting the power.",
        date(2026, 4, 6),
    )
    assert [w for w in got if w[0].startswith("the afternoon")] == []


def test_a_slash_dateline_anchors_today(ex: Extractor) -> None:
    text = (
        "Kupwara/Srinagar, Jun 14 (PTI) Two infiltrators were killed in an encounter "
        "along the LoC in Kupwara district today, officials said."
    )
    evs = events(ex, text, date(2026, 6, 15))
    assert [e["date"] for e in evs if e["event_type"] in VIOLENT] == ["2026-06-14"]


# --- counts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Three Frontier Corps (FC) personnel were martyred in the blast.", [(3, "other")]),
        (
            "Five gunmen then tried to storm the building but were killed by the guards.",
            [(5, "armed")],
        ),
        ("The group said three of its own fighters had died.", [(3, "armed")]),
        # a number after a month is its day
        ("On March 9, two terrorists were killed when troops raided a hideout.", [(2, "armed")]),
        (
            "Two soldiers, Naik Ali Raza (age: 30 years) and Sepoy Imran Khan (age: 21 years), "
            "having fought gallantly, embraced shahadat.",
            [(2, "other")],
        ),
        ("Last week, a rocket fired from across the border killed a shepherd.", [(1, None)]),
        ("In May, a young man was killed by sniper fire.", [(1, "other")]),
        # a town whose name starts like a month is no date
        ("In Lakki Marwat three policemen were killed.", [(3, "other")]),
        # "aggression" ends in the letters "on", not the word
        ("In this aggression three soldiers were martyred.", [(3, "other")]),
        (
            "In the retaliation, seven soldiers of the Pakistani military regime were killed.",
            [(7, "other")],
        ),
    ],
)
def test_counts_of_this_round(sentence: str, expected: list[tuple[int, str | None]]) -> None:
    assert [(c.low, c.side) for c in death_counts(sentence)] == expected


def test_a_toll_of_one_side_adds_the_other_sides_dead() -> None:
    toll = death_counts(
        "Four more of the wounded died, bringing the number of dead pilgrims to 11."
    )
    assert [(c.low, c.side, c.toll) for c in toll] == [(11, "other", True)]
    bomber = death_counts("The bomber was also killed.")
    assert combine([*toll, *bomber]) == {"best": 12, "low": 12, "high": 12}


# --- triggers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "event_type"),
    [
        ("Militants blew up a power pylon near the town.", "blew up", "explosive_attack"),
        ("The bomber blew himself up at the gate.", "blew himself up", "explosive_attack"),
        ("The guards returned fire and the attackers fled.", "returned fire", "armed_clash"),
        (
            "Kabul summoned the Pakistani charge d'affaires over the strikes.",
            "summoned the Pakistani charge d'affaires",
            "accusation",
        ),
        ("Islamabad lodged a strong protest with Kabul.", "lodged a strong protest", "accusation"),
        (
            "A day later, Iran hit back with strikes on the camps.",
            "hit back with strikes",
            "air_strike",
        ),
        (
            "Traders waited at the Kharlachi crossing, which has been closed since May 2.",
            "crossing, which has been closed",
            "border_closure",
        ),
    ],
)
def test_triggers_of_this_round(sentence: str, trigger: str, event_type: str) -> None:
    assert (trigger, event_type) in [(t.text, t.event_type) for t in find_triggers(sentence)]


def test_a_closure_told_with_its_length_spans_it(ex: Extractor) -> None:
    text = (
        "PESHAWAR: Officials of both countries held talks at the Torkham crossing on "
        "Saturday on reopening the crossing, which has been closed for three weeks."
    )
    evs = events(ex, text, date(2026, 4, 20))  # a Monday: Saturday is 18 April
    closure = [e for e in evs if e["event_type"] == "border_closure"]
    talks = [e for e in evs if e["event_type"] == "talks"]
    # "has been closed": still in force, so it runs to the report's day
    assert [(e["date"], e["date_end"]) for e in closure] == [("2026-03-30", "2026-04-20")]
    assert [e["date"] for e in talks] == ["2026-04-18"]


# --- one happening, several sentences ---------------------------------------------


def test_a_toll_title_retells_the_current_happening_not_a_recalled_one(
    ex: Extractor,
) -> None:
    text = (
        "QUETTA, Pakistan (AP) — The death toll from an attack on a bus in southwestern "
        "Pakistan rose to eight on Thursday after two of the wounded died, officials said.\n\n"
        "Gunmen stopped the bus late Wednesday and opened fire on the passengers, killing "
        "six at the scene, an official said.\n\n"
        "In January, the same group said it was behind an attack on a checkpost that "
        "killed three soldiers."
    )
    evs = [
        e
        for e in events(
            ex, text, date(2026, 5, 14), title="Toll from attack on bus in Pakistan rises to 8"
        )
        if e["event_type"] in VIOLENT
    ]
    by_date = {e["date"]: e["fatalities"]["best"] for e in evs}
    assert by_date == {"2026-05-13": 8, "2026-01-01": 3}


def test_a_count_only_sentence_counts_for_the_happening_before_it(ex: Extractor) -> None:
    text = (
        "Unidentified men opened fire on a Levies checkpost near Kalat on Sunday night. "
        "The personnel returned fire and the attackers fled. No casualties were reported, "
        "officials said."
    )
    (ev,) = [e for e in events(ex, text, date(2026, 6, 2)) if e["event_type"] in VIOLENT]
    assert ev["fatalities"] == {"best": 0, "low": 0, "high": 0}


def test_meanwhile_starts_a_new_happening(ex: Extractor) -> None:
    text = (
        "BANNU: Two policemen were martyred when gunmen ambushed a police van in the "
        "Domel area of Bannu district.\n\n"
        "Meanwhile, in neighbouring Lakki Marwat district, militants blew up a mobile "
        "phone tower in the Pezu area. No one was hurt in the blast, police said."
    )
    evs = [e for e in events(ex, text, date(2026, 7, 8)) if e["event_type"] in VIOLENT]
    found = {(e["event_type"], e["fatalities"]["best"]) for e in evs}
    assert found == {("armed_clash", 2), ("explosive_attack", 0)}


def test_an_earlier_attack_in_another_engagement_keeps_its_own_dead(ex: Extractor) -> None:
    text = (
        "RAWALPINDI, 12 May 2026: On night 10/11 May 2026, security forces observed "
        "movement of khwarij trying to cross the border in Chitral District.\n\n"
        "After an intense exchange of fire, nine khwarij were sent to hell.\n\n"
        "In another engagement on 11 May 2026, security forces conducted an operation in "
        "Tank District and neutralised two khwarij."
    )
    evs = [e for e in events(ex, text, date(2026, 5, 12)) if e["event_type"] in VIOLENT]
    got = {(e["date"], e["date_end"], e["fatalities"]["best"]) for e in evs}
    assert got == {("2026-05-10", "2026-05-11", 9), ("2026-05-11", "2026-05-11", 2)}


def test_a_recalled_agreement_is_dated_and_placed_by_its_own_words(ex: Extractor) -> None:
    text = (
        "KHAR: A mortar shell fired from across the border killed a boy in Bajaur district "
        "on Monday, officials said. The incident has raised concerns about the ceasefire "
        "agreed between the two countries in Doha on October 19, which has largely held."
    )
    evs = events(ex, text, date(2026, 2, 3))
    (deal,) = [e for e in evs if e["event_type"] == "ceasefire_agreement"]
    assert deal["date"] == "2025-10-19"
    assert deal["location"]["name"] == "Doha"


# --- places --------------------------------------------------------------------


def test_where_the_wounded_were_treated_is_not_the_events_place(ex: Extractor) -> None:
    text = (
        "Gunmen opened fire on a wedding party near Panjgur late Monday, killing four. "
        "Two of the wounded died overnight in a hospital in Turbat, officials said."
    )
    evs = [e for e in events(ex, text, date(2026, 8, 4)) if e["event_type"] in VIOLENT]
    assert {e["location"]["name"] for e in evs} == {"Panjgur"}


def test_a_sector_of_a_district_is_placed_at_the_sector(ex: Extractor) -> None:
    text = (
        "Jammu, Aug 3 (PTI) Two intruders were killed along the LoC in the Nowshera sector "
        "of Rajouri district, officials said today."
    )
    (ev,) = [e for e in events(ex, text, date(2026, 8, 4)) if e["event_type"] in VIOLENT]
    loc = ev["location"]
    assert (loc["country_code"], loc["precision"]) == ("IN", 2)
    assert km(loc["lat"], loc["lon"], 33.16, 74.23) < 10  # Naushahra, not Nowshera in KP


def test_an_attack_told_at_its_province_takes_the_articles_town(ex: Extractor) -> None:
    text = (
        "QUETTA, Pakistan (AP) — Gunmen attacked a bus in Pakistan's southwestern "
        "Balochistan province on Monday, killing five passengers, officials said.\n\n"
        "The bus had left Kharan for the provincial capital in the morning, said an official."
    )
    evs = [e for e in events(ex, text, date(2026, 9, 15)) if e["event_type"] in VIOLENT]
    assert [e["location"]["name"] for e in evs] == ["Kharan"]


# --- actors --------------------------------------------------------------------


def test_an_accusation_goes_from_one_side_to_the_other(ex: Extractor) -> None:
    text = (
        "TEHRAN: Gunmen killed five border guards near Saravan on Friday. On Saturday, "
        "Iran's foreign ministry summoned the Pakistani ambassador in Tehran."
    )
    (acc,) = [e for e in events(ex, text, date(2026, 2, 10)) if e["event_type"] == "accusation"]
    roles = {(a["country_code"], a["kind"], a["role"]) for a in acc["actors"]}
    assert roles == {("IR", "government", "initiator"), ("PK", "government", "target")}


def test_talks_still_have_participants(ex: Extractor) -> None:
    text = (
        "ISTANBUL: Pakistan and Afghanistan held talks in Istanbul on Monday after border "
        "clashes that killed 23 soldiers last week."
    )
    (talks,) = [e for e in events(ex, text, date(2026, 3, 3)) if e["event_type"] == "talks"]
    assert {a["role"] for a in talks["actors"]} == {"participant"}


def test_a_grievance_is_not_an_accusation_between_states(ex: Extractor) -> None:
    text = (
        "Gunmen shot dead four labourers near Kalat on Monday, officials said. Separatists "
        "have for years targeted workers from Punjab, accusing them of taking local jobs."
    )
    types = {e["event_type"] for e in events(ex, text, date(2026, 3, 3))}
    assert "accusation" not in types
    assert types & VIOLENT


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister warned the Afghan Taliban government that patience was running out.",
        "Kabul said the strike will not go unanswered.",
        "The ministry said it reserves the right to respond.",
    ],
)
def test_threats_between_states(sentence: str) -> None:
    assert "threat" in {t.event_type for t in find_triggers(sentence)}


def test_a_warning_to_residents_is_no_threat() -> None:
    assert find_triggers("Police warned residents to stay indoors.") == []


def test_an_office_with_no_country_named_is_the_articles_government(ex: Extractor) -> None:
    text = (
        "ISLAMABAD: Indian troops killed two civilians near Kotli in Pakistan on Friday. "
        "On Saturday, the Foreign Office summoned India's charge d'affaires in Islamabad "
        "and lodged a strong protest."
    )
    evs = events(ex, text, date(2026, 2, 10))
    (acc,) = [e for e in evs if e["event_type"] == "accusation"]
    roles = {(a["country_code"], a["kind"], a["role"]) for a in acc["actors"]}
    assert roles == {("PK", "government", "initiator"), ("IN", "government", "target")}
    # an office speaks of a fight, it does not fight in it
    (fight,) = [e for e in evs if e["event_type"] in VIOLENT]
    assert all(a["kind"] != "government" for a in fight["actors"])


def test_a_mediators_ministry_stays_a_mediator(ex: Extractor) -> None:
    text = (
        "ISTANBUL: Pakistan and Afghanistan agreed on Monday to extend the ceasefire after "
        "border clashes that killed 20 people, Türkiye's Foreign Ministry said."
    )
    (deal,) = [
        e for e in events(ex, text, date(2026, 3, 3)) if e["event_type"] == "ceasefire_agreement"
    ]
    assert ("TR", "government") not in {(a["country_code"], a["kind"]) for a in deal["actors"]}
