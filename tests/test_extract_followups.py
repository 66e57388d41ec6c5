"""What the sentences after an article's lead add to its event (our own text)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from truce.extract.articles import Article
from truce.extract.datelines import DATELINE
from truce.extract.event_type import VIOLENT
from truce.extract.fatalities import combine, death_counts
from truce.extract.pipeline import Extractor

ARTICLE = (
    "PESHAWAR, Pakistan (AP) — Militants attacked a security checkpoint in a former tribal "
    "region near the Afghan border late Sunday, killing seven soldiers in an hours-long "
    "gunbattle, the military said Monday.\n\n"
    "The attack took place in the Datta Khel area of North Waziristan district, according "
    "to a statement from the military. It said troops returned fire, killing four of the "
    "attackers.\n\n"
    "Earlier this month, a suicide bomber killed 54 people at a political rally in the "
    "Bajaur district."
)


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    ex = Extractor()
    return [
        e
        for e in ex.extract(Article("ap", ARTICLE, published=date(2023, 8, 14)))
        if e["event_type"] in VIOLENT
    ]


def test_the_lead_event_takes_the_finer_place_of_a_later_sentence(
    events: list[dict[str, Any]],
) -> None:
    lead = events[0]
    assert lead["date"] == "2023-08-13"
    assert lead["location"]["name"] == "Datta Khel"  # not the dateline, not "tribal region"


def test_the_dead_of_both_sides_add_up(events: list[dict[str, Any]]) -> None:
    assert events[0]["fatalities"]["best"] == 11  # seven soldiers and four attackers


def test_a_recalled_attack_earlier_this_month_is_its_own_event(
    events: list[dict[str, Any]],
) -> None:
    recalled = [e for e in events if e["location"] and e["location"]["name"] == "Bajaur"]
    assert len(recalled) == 1
    ev = recalled[0]
    assert ev["date_precision"] == "month"
    assert (ev["date"], ev["date_end"]) == ("2023-08-01", "2023-08-14")  # not after the report
    assert ev["fatalities"]["best"] == 54  # the bomber killed 54; he is not "a bomber killed"


@pytest.mark.parametrize(
    "dateline",
    [
        "PESHAWAR, Pakistan (AP) — ",
        "MIRAMSHAH, Pakistan, Oct 5 (Reuters) - ",
        "WANA, Pakistan — ",
        "KABUL (Pajhwok): ",
    ],
)
def test_datelines_with_a_country(dateline: str) -> None:
    text = dateline + "Gunmen killed two policemen."
    m = DATELINE.match(text)
    assert m is not None and text[m.end() :].lstrip() == "Gunmen killed two policemen."


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        (
            "Militants stormed the post, killing seven soldiers, and four attackers were also killed.",
            11,
        ),
        ("Security forces killed five militants in the raid.", 5),
        ("Six militants and two soldiers were killed.", 8),
        ("At least 23 soldiers were killed, the military said, while the Taliban claimed 58.", 23),
    ],
)
def test_counts_of_one_sentence(sentence: str, best: int) -> None:
    counts = death_counts(sentence)
    result = combine(counts)
    assert result is not None and result["best"] == best


PTI = (
    "Peshawar, Mar 16 (PTI) Four Pakistani soldiers were killed and six terrorists were "
    "gunned down in an intense exchange of fire in the country's restive northwest today, "
    "the army said.\n\n"
    "The clash took place in the Mir Ali area of North Waziristan district, the military "
    "said in a statement.\n\n"
    "Yesterday, two policemen were shot dead by unidentified gunmen in Lakki Marwat district."
)


def test_the_datelines_day_anchors_today_and_yesterday() -> None:
    # published the next morning, under a title that comes before the dateline
    art = Article(
        "pti", PTI, title="4 soldiers, 6 terrorists killed: ISPR", published=date(2024, 3, 17)
    )
    events = [e for e in Extractor().extract(art) if e["event_type"] in VIOLENT]
    by_place = {e["location"]["name"]: e for e in events}
    assert set(by_place) == {"Mir Ali", "Lakki Marwat"}  # Peshawar is only where PTI filed
    assert by_place["Mir Ali"]["date"] == "2024-03-16"
    assert by_place["Mir Ali"]["fatalities"]["best"] == 10
    # a different day and a named place: another happening, not merged into the lead
    assert by_place["Lakki Marwat"]["date"] == "2024-03-15"
    assert by_place["Lakki Marwat"]["fatalities"]["best"] == 2


def test_who_only_speaks_or_only_places_takes_no_part() -> None:
    text = (
        "Four soldiers were killed in the Mir Ali area of North Waziristan district bordering "
        "Afghanistan on Saturday, the Inter-Services Public Relations (ISPR) said."
    )
    ev = Extractor().extract(Article("s", text, published=date(2024, 3, 17)))[0]
    names = {a["name"] for a in ev["actors"]}
    assert not any("ISPR" in n or "Afghan" in n for n in names), names
    assert ev["claimed_by"] is not None and "ISPR" in ev["claimed_by"]


def test_a_retaliation_on_border_posts_is_its_own_clash() -> None:
    text = (
        "Pakistani airstrikes on Monday hit the Barmal district of Paktika province, killing "
        "eight people, a Taliban spokesman said.\n\n"
        "Afghan forces responded by targeting Pakistani military posts along the border with "
        "heavy weapons, the Afghan defense ministry said."
    )
    events = Extractor().extract(Article("r", text, published=date(2024, 3, 18)))
    clash = [e for e in events if e["event_type"] == "armed_clash"]
    assert len(clash) == 1
    roles = {(a["country_code"], a["role"]) for a in clash[0]["actors"]}
    assert ("AF", "initiator") in roles and ("PK", "target") in roles


def _events(text: str, published: date, title: str | None = None) -> list[dict[str, Any]]:
    art = Article("t", text, title=title, published=published)
    return [e for e in Extractor().extract(art) if e["event_type"] in VIOLENT]


def test_summaries_in_the_present_perfect_are_no_happening() -> None:
    text = (
        "Indian shelling killed two villagers in the Neelum valley on Sunday, police said. "
        "The nuclear-armed rivals have fought two of their three wars over Kashmir. "
        "Militants have used small drones to drop explosives on police stations in Bannu."
    )
    events = _events(text, date(2025, 3, 3))
    assert len(events) == 1 and events[0]["date"] == "2025-03-02"


def test_the_title_and_a_later_retelling_are_the_lead_event() -> None:
    title = "2 killed as Pakistani rockets hit eastern Afghanistan"
    text = (
        "KABUL, Aug. 5 (Xinhua) -- Two civilians were killed and three others injured when "
        "rockets fired from across the Durand Line landed in a village in Afghanistan's "
        "eastern Kunar province on Monday, a local official said Tuesday.\n\n"
        "The martyred woman was identified as Bibi Hawa. Naik Zafar, a border guard, said "
        "the rockets hit houses in Shalay village of Dangam district, killing a woman and "
        "a child."
    )
    events = _events(text, date(2025, 8, 5), title)
    assert len(events) == 1
    ev = events[0]
    assert ev["date"] == "2025-08-04"  # the "when ... on Monday" clause, not "said Tuesday"
    assert ev["location"]["name"] == "Dangam"  # the finer place of the retelling
    assert ev["fatalities"]["best"] == 2


def test_a_crossing_that_remained_closed_is_a_border_closure() -> None:
    text = (
        "On Thursday, the Friendship Gate crossing between Spin Boldak and Chaman remained "
        "closed for a third day, stranding hundreds of trucks."
    )
    events = Extractor().extract(Article("b", text, published=date(2025, 2, 21)))
    assert [e["event_type"] for e in events] == ["border_closure"]
    assert events[0]["date"] == "2025-02-20"


def test_what_a_strike_answers_does_not_set_its_type() -> None:
    text = (
        "Afghan forces targeted several Pakistani military posts along the Durand Line on "
        "Sunday in response to recent Pakistani air strikes, the defence ministry said."
    )
    events = _events(text, date(2025, 1, 6))
    assert [e["event_type"] for e in events] == ["armed_clash"]


def test_a_digests_source_lines_and_dated_title_date_no_event() -> None:
    text = (
        "A police constable was shot dead by unidentified motorcyclists near a mosque in "
        "Dera Ismail Khan city. (Dawn website, Islamabad, in English 3 Feb 25)"
    )
    art = Article(
        "d",
        text,
        title="Pakistan security brief 3 Feb 25",
        published=date(2025, 2, 3),
        outlet="BBC Monitoring",
    )
    events = [e for e in Extractor().extract(art) if e["event_type"] in VIOLENT]
    assert [e["date"] for e in events] == ["2025-02-02"]  # a digest reports the day before


def test_a_day_first_dateline_is_a_dateline() -> None:
    text = (
        "RAWALPINDI, 22 September 2025: Security forces killed eight khwarij in an "
        "intelligence based operation in Lakki Marwat District yesterday."
    )
    events = _events(text, date(2025, 9, 23))
    assert events and events[0]["location"]["name"] == "Lakki Marwat"
    assert events[0]["date"] == "2025-09-21"  # "yesterday" from the dateline's day


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        (
            "Pakistani military aircraft bombed houses in Khost on Monday, killing six.",
            "air_strike",
        ),
        (
            "A quadcopter dropped explosives on a house in Wana on Monday, killing three.",
            "air_strike",
        ),
        ("Pakistani forces fired more than 30 rockets into Asmar district on Sunday.", "shelling"),
        (
            "Militants seized a police station in Tank district on Saturday night.",
            "territory_change",
        ),
        ("Clashes between two tribes in Kurram killed 13 people on Sunday.", "armed_clash"),
        (
            "Police tracked the kidnappers to a hideout on Monday, where two suspects were "
            "killed in an exchange of fire.",
            "armed_clash",
        ),
        (
            "Pakistan and Afghanistan have agreed to an immediate ceasefire, Qatar said on Sunday.",
            "ceasefire_agreement",
        ),
    ],
)
def test_event_types_from_what_was_done(sentence: str, event_type: str) -> None:
    events = Extractor().extract(Article("t", sentence, published=date(2025, 3, 4)))
    assert events and events[0]["event_type"] == event_type, events


def test_a_rising_toll_is_the_same_happening_with_more_dead() -> None:
    text = (
        "PESHAWAR, Pakistan (AP) — Gunmen opened fire on a convoy of passenger vehicles near "
        "Alizai in Kurram district on Thursday, killing 12 people, police said.\n\n"
        "The death toll from the attack rose to 17 on Saturday after five more of the "
        "wounded died in hospitals, officials said."
    )
    events = _events(text, date(2025, 7, 26))
    assert len(events) == 1
    assert events[0]["date"] == "2025-07-24"
    assert events[0]["fatalities"]["best"] == 17


def test_stances_in_the_present_are_no_happening() -> None:
    text = (
        "A roadside bomb killed three soldiers in North Waziristan on Sunday, the military "
        "said. Islamabad accuses the Taliban government of allowing militants to use "
        "Afghan soil, a charge Kabul denies. Pakistan has demanded that Kabul rein in "
        "militants who it says attack Pakistan from Afghan territory."
    )
    events = Extractor().extract(Article("s", text, published=date(2025, 3, 3)))
    assert [e["event_type"] for e in events] == ["explosive_attack"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Four personnel of the Frontier Corps were martyred when a bomb went off near "
            "their vehicle in Kech district on Monday.",
            # nobody is named, but a bomb is always someone's: an unnamed armed group
            {("PK", "target"), (None, "initiator")},
        ),
        (
            "Pakistani security forces repelled an attack by separatist militants on a naval "
            "air station in Turbat on Monday.",
            {("PK", "target"), (None, "initiator")},
        ),
    ],
)
def test_who_was_attacked(sentence: str, expected: set[tuple[str | None, str]]) -> None:
    ev = _events(sentence, date(2025, 3, 4))[0]
    assert {(a["country_code"], a["role"]) for a in ev["actors"]} == expected


def test_one_sentence_two_days_two_happenings() -> None:
    text = (
        "Dozens of militants stormed and seized a police station in Tank district on "
        "Saturday night, killing three policemen, before security forces retook the building "
        "the next day in an operation that killed five of the attackers, police said Monday."
    )
    events = sorted(_events(text, date(2025, 11, 17)), key=lambda e: e["date"])
    assert [(e["date"], e["fatalities"]["best"]) for e in events] == [
        ("2025-11-15", 3),
        ("2025-11-16", 5),
    ]


def test_a_passive_death_belongs_to_the_blast_its_clause_goes_on_to() -> None:
    # the nearest happening told before the count is Monday's attack; the death is the
    # Tuesday blast's, which its clause goes on to tell
    text = (
        "Militants attacked a police checkpost in Jamrud late Monday night and a member of a "
        "peace committee was killed in a roadside bomb blast in Landi Kotal on Tuesday."
    )
    by_day = {e["date"]: e for e in _events(text, date(2025, 1, 22))}
    assert by_day["2025-01-21"]["fatalities"]["best"] == 1
    assert by_day["2025-01-20"]["fatalities"] is None


def test_counts_quoting_opposite_parties_compete() -> None:
    text = (
        "Afghan forces attacked Pakistani border posts in Kurram on Saturday night. Afghan "
        "officials said 19 Pakistani soldiers were killed. Pakistani officials said two "
        "soldiers were killed."
    )
    (ev,) = _events(text, date(2025, 1, 5))
    assert ev["fatalities"] == {"best": 2, "low": 2, "high": 19}
    assert ev["claimed_by"] is not None


def test_ispr_wording_and_a_soldiers_home_district() -> None:
    text = (
        "RAWALPINDI, 22 September 2025: On 21 September 2025, security forces conducted an "
        "intelligence based operation in Lakki Marwat District. After an intense exchange of "
        "fire, seven khwarij were sent to hell. Sepoy Muhammad Irfan (age: 24 years, resident "
        "of District Karak), having fought gallantly, embraced shahadat."
    )
    events = _events(text, date(2025, 9, 22))
    assert [(e["location"]["name"], e["fatalities"]["best"]) for e in events] == [
        ("Lakki Marwat", 8)
    ]


def test_its_forces_are_the_speakers_and_what_they_answer_takes_no_part() -> None:
    text = (
        "The Ministry of National Defense of the Islamic Emirate said on Sunday that its "
        "forces targeted several Pakistani military posts along the Durand Line on Saturday "
        "night in response to recent Pakistani air strikes."
    )
    (ev,) = _events(text, date(2025, 1, 5))
    roles = {(a["country_code"], a["role"]) for a in ev["actors"]}
    assert roles == {("AF", "initiator"), ("PK", "target")}


def test_the_titles_place_never_overrides_the_bodys() -> None:
    text = (
        "DERA ISMAIL KHAN: The Counter-Terrorism Department killed four suspected militants "
        "in an exchange of fire in the Kulachi area in the early hours of Wednesday, "
        "officials said."
    )
    art = Article(
        "t", text, title="CTD kills four militants in DI Khan", published=date(2025, 10, 2)
    )
    (ev,) = [e for e in Extractor().extract(art) if e["event_type"] in VIOLENT]
    assert ev["location"]["name"] == "Kulachi"


def test_a_date_still_to_come_never_dates_what_happened() -> None:
    text = (
        "On October 29, Pakistan announced the end of talks. Later the next day, the Turkish "
        "Foreign Ministry announced that both countries had agreed to maintain a ceasefire, "
        "adding that both countries will meet again on Nov 6 to discuss the ceasefire."
    )
    events = Extractor().extract(Article("c", text, published=date(2025, 11, 5)))
    deals = [e for e in events if e["event_type"] == "ceasefire_agreement"]
    assert [e["date"] for e in deals] == ["2025-10-30"]


def test_an_office_named_military_operations_is_no_fight() -> None:
    from truce.extract.event_type import find_triggers

    title = "The Directors General of Military Operations spoke over the hotline."
    assert find_triggers(title) == []
    assert [t.event_type for t in find_triggers("Military operations killed five.")][:1] == [
        "armed_clash"
    ]
