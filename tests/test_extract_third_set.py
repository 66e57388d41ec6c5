"""What the third development set (tests/data/articles_dev3) taught the extractor.

Every sentence here is our own; none is taken from that set's articles.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract_helpers import events, kinds
from truce.extract.datelines import find_dateline, source_line
from truce.extract.event_type import find_triggers
from truce.extract.fatalities import DeathCount, claimed_by, combine, death_counts
from truce.extract.pipeline import Extractor
from truce.extract.timex import tag

# --- datelines -------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    ["KANDAHAR/QUETTA, Jul 2 (Reuters) - ", "Quetta, Pakistan – "],
)
def test_datelines_with_two_cities_or_a_country_and_a_dash(head: str) -> None:
    found = find_dateline(head + "Troops fought militants overnight.", None)
    assert found is not None and found[1].group(0) == head.rstrip()


def test_a_dash_inside_a_sentence_is_no_dateline() -> None:
    assert find_dateline("Two soldiers, one policeman - all wounded - survived.", None) is None


def test_the_dateline_city_does_not_place_the_lead(ex: Extractor) -> None:
    text = (
        "Quetta, Pakistan – Gunmen attacked a Levies post in Mastung district late on "
        "Sunday, killing three guards, officials said."
    )
    (ev,) = events(ex, text, date(2026, 7, 6))
    assert ev["location"]["name"] != "Quetta"
    assert ev["date"] == "2026-07-05"


# --- fatalities ---------------------------------------------------------------------


def counts(sentence: str) -> list[tuple[int, str | None]]:
    return [(d.low, d.side) for d in death_counts(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # quotation marks around the number
        ('Troops responded, killing "more than 30 militants", the army said.', [(30, "armed")]),
        # "N of its soldiers" and each side's dead apart
        (
            "The army said 12 of its soldiers and more than 40 Taliban and allied fighters "
            "were killed.",
            [(12, "other"), (40, "armed")],
        ),
        # an apposition naming the dead is not more dead
        ("Two civilians, a man and his daughter, were killed in the shelling.", [(2, "other")]),
        ("Three gunmen stormed the gate before they were shot dead.", [(3, "armed")]),
        ("Troops shot dead an intruder near the fence.", [(1, "armed")]),
        ("Two nurses and the policeman guarding them were shot dead.", [(3, "other")]),
        (
            "A bomb hit the car, killing a local Islamic Emirate commander and his driver.",
            [(2, None)],
        ),
        # a toll counts the side its sentence's own dead are on
        (
            "Two more policemen died in hospital, raising the death toll to six.",
            [(2, "other"), (6, "other")],
        ),
    ],
)
def test_death_counts(sentence: str, expected: list[tuple[int, str | None]]) -> None:
    assert counts(sentence) == expected


def test_opposite_parties_counting_the_same_dead_as_civilians_or_militants_compete() -> None:
    kabul = DeathCount(0, 1, 9, 9, side="other", report=1, party="AF")
    islamabad = DeathCount(0, 1, 25, 25, side="armed", report=2, party="PK")
    assert combine([kabul, islamabad]) == {"best": 9, "low": 9, "high": 25}
    # one party telling both sides' dead: the sides add up
    own = DeathCount(0, 1, 3, 3, side="other", report=3, party="PK")
    both = combine([own, islamabad])
    assert both is not None and both["best"] == 28


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "Two security officials, speaking on condition of anonymity, said 20 militants died.",
            "Two security officials",
        ),
        ("Airstrikes killed nine civilians, the Taliban government says.", "Taliban government"),
        (
            "Nine people died, according to a statement from the provincial governor's office.",
            "provincial governor's office",
        ),
    ],
)
def test_who_says_so(sentence: str, who: str) -> None:
    assert claimed_by(sentence) == who


def test_it_said_is_the_source_named_before(ex: Extractor) -> None:
    text = (
        "Militants attacked a checkpost in Tank district on Monday, the military said in "
        "a statement. Four soldiers were killed, it said."
    )
    (ev,) = events(ex, text, date(2026, 4, 7))
    assert ev["fatalities"]["best"] == 4
    assert ev["claimed_by"] == "military"


def test_years_of_violence_are_no_happening(ex: Extractor) -> None:
    text = (
        "A roadside bomb killed two soldiers in Khyber district on Tuesday. Pakistan says "
        "attacks by the TTP have killed hundreds of security personnel."
    )
    (ev,) = events(ex, text, date(2026, 4, 8))
    assert ev["fatalities"]["best"] == 2


# --- actors --------------------------------------------------------------------------


def test_an_attack_nobody_claims_is_an_unnamed_groups(ex: Extractor) -> None:
    (ev,) = events(ex, "A bomb killed three policemen in Quetta on Friday.", date(2026, 4, 4))
    assert (None, "armed_group", "initiator") in kinds(ev)
    assert ("PK", "state_forces", "target") in kinds(ev)


def test_mediators_never_fight(ex: Extractor) -> None:
    text = (
        "Pakistan and Afghanistan agreed to a ceasefire in Doha on Sunday, in talks "
        "mediated by Qatar and Turkey, after a week of fighting."
    )
    for ev in events(ex, text, date(2025, 10, 20)):
        assert all(
            a["kind"] != "state_forces" or a["country_code"] in ("PK", "AF") for a in ev["actors"]
        )


def test_the_two_countries_fought(ex: Extractor) -> None:
    text = (
        "Pakistan and Afghanistan met in Doha on Monday. Border forces of the two "
        "countries exchanged fire near Torkham on Sunday."
    )
    fight = next(e for e in events(ex, text, date(2026, 3, 10)) if e["event_type"] == "armed_clash")
    assert {("PK", "state_forces"), ("AF", "state_forces")} <= {
        (a["country_code"], a["kind"]) for a in fight["actors"]
    }


def test_who_closes_a_crossing_is_its_initiator(ex: Extractor) -> None:
    text = "Pakistani authorities closed the Ghulam Khan crossing on Monday morning."
    (ev,) = events(ex, text, date(2026, 5, 12))
    assert ev["event_type"] == "border_closure"
    assert ("PK", "government", "initiator") in kinds(ev)


def test_fired_from_the_other_side(ex: Extractor) -> None:
    text = (
        "On 3 May, mortar shells fired from the Pakistani side of the border hit "
        "villages in Dangam district, killing two civilians."
    )
    (ev,) = events(ex, text, date(2026, 5, 5))
    assert ("PK", "state_forces", "initiator") in kinds(ev)


# --- dates -------------------------------------------------------------------------


def test_fighting_that_went_on_into_the_next_day(ex: Extractor) -> None:
    text = (
        "The clashes broke out late on Friday near the Kharlachi crossing and went on "
        "into the early hours of Saturday, officials said."
    )
    (ev,) = events(ex, text, date(2026, 6, 7))
    assert (ev["date"], ev["date_end"]) == ("2026-06-05", "2026-06-06")


def test_a_month_told_first_takes_the_day_told_later(ex: Extractor) -> None:
    text = (
        "The neighbours fought their worst border clashes in years last October. The "
        "fighting began on the night of Oct. 11, when Afghan forces attacked Pakistani "
        "border posts along the frontier."
    )
    fights = [e for e in events(ex, text, date(2026, 5, 18)) if e["event_type"] == "armed_clash"]
    assert [(e["date"], e["date_precision"]) for e in fights] == [("2025-10-11", "day")]


def test_a_firm_past_a_week_ahead_is_last_years() -> None:
    (t,) = tag("A ceasefire was signed in Doha on 19 October.", date(2026, 10, 13))
    assert str(t.date_start) == "2025-10-19"


def test_a_date_since_an_understanding_is_the_understandings(ex: Extractor) -> None:
    text = (
        "Rajouri, Jun 8 (PTI) Pakistani troops opened unprovoked small-arms fire on Indian "
        "posts along the LoC in the Sunderbani sector on Saturday night, officials said. "
        "This was the first ceasefire violation in the region since the understanding "
        "reached between the two armies in May last year."
    )
    evs = events(ex, text, date(2026, 6, 8))
    fight = next(e for e in evs if e["event_type"] == "armed_clash")
    assert fight["date"] == "2026-06-06"
    deal = next(e for e in evs if e["event_type"] == "ceasefire_agreement")
    assert deal["date"] == "2025-05-01" and deal["date_precision"] == "month"


def test_continued_shelling_on_later_days_is_another_event(ex: Extractor) -> None:
    text = (
        "On 5 November, artillery shelling hit villages in Dangam district, killing two "
        "civilians. Intermittent shelling continued in Dangam district on 6 and 7 November."
    )
    evs = events(ex, text, date(2026, 11, 8))
    assert [(e["date"], e["date_end"]) for e in evs] == [
        ("2026-11-05", "2026-11-05"),
        ("2026-11-06", "2026-11-07"),
    ]


def test_a_year_only_summary_is_not_coded(ex: Extractor) -> None:
    text = (
        "Militants attacked a police post in Bannu on Monday. The army carried out a "
        "major offensive in North Waziristan in 2014."
    )
    assert [e["date"] for e in events(ex, text, date(2026, 2, 3))] == ["2026-02-02"]


def test_an_undated_digest_item_takes_its_source_lines_day(ex: Extractor) -> None:
    text = (
        "Police killed two suspects in Karachi on 2 April, police said. (The Express "
        "Tribune website, Karachi, in English 3 Apr 25)\n\n"
        "Gunmen abducted a teacher from a village in Kashmore District, police said. "
        "(Dawn website, Karachi, in English 4 Apr 25)"
    )
    evs = events(ex, text, date(2025, 4, 4), source="BBC Monitoring")
    abduction = next(e for e in evs if e["event_type"] == "abduction")
    assert abduction["date"] == "2025-04-03"  # Dawn, a daily: the day before


def test_source_line() -> None:
    item = "x\n\nA bomb went off. (Dawn website, Peshawar, in English 9 Mar 26)\n\nnext"
    assert source_line(item, 5) == ("Dawn", date(2026, 3, 9))


# --- what is a happening -----------------------------------------------------------


def test_what_a_side_is_accused_of_is_the_charge(ex: Extractor) -> None:
    text = (
        "On Monday the ministry accused Pakistan of repeatedly violating the ceasefire "
        "and the sovereignty of Afghanistan."
    )
    assert [e["event_type"] for e in events(ex, text, date(2026, 5, 19))] == ["accusation"]


def test_a_condition_is_no_happening(ex: Extractor) -> None:
    text = (
        'On Sunday the defence minister said Pakistan "would not hesitate" to strike '
        "hideouts inside Afghanistan if attacks on Pakistani soil continued."
    )
    (ev,) = events(ex, text, date(2026, 10, 12))
    assert ev["event_type"] == "threat"
    assert ev["date"] == "2026-10-11"
    assert ("PK", "government", "initiator") in kinds(ev)
    assert ev["location"] is None  # "inside Afghanistan" is the target, not where it was said


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        ("The ambassador had been summoned on Monday.", "accusation"),
        ("Islamabad handed a strong protest to the envoy.", "accusation"),
        ("The ministry holds the Pakistani regime responsible for the consequences.", "accusation"),
        ("The DGMOs said the understanding reached in May was holding.", "ceasefire_agreement"),
        ("It was the worst breach of a ceasefire in years.", "armed_clash"),
        ("Troops opened unprovoked small-arms fire on the posts.", "armed_clash"),
        ("Pakistani authorities closed the Angoor Adda crossing.", "border_closure"),
    ],
)
def test_triggers(sentence: str, etype: str) -> None:
    assert etype in {t.event_type for t in find_triggers(sentence)}


def test_two_sides_charges_on_one_day_are_two_events(ex: Extractor) -> None:
    text = (
        "On Sunday the Taliban government's spokesman accused Pakistani forces of provoking the "
        "fighting. On Sunday the Afghan charge d'affaires was summoned in Islamabad and "
        "handed a strong protest over what Pakistan called an unprovoked attack."
    )
    evs = events(ex, text, date(2026, 11, 2))
    assert [e["event_type"] for e in evs] == ["accusation", "accusation"]
    assert evs[1]["location"]["name"] == "Islamabad"
    assert {("PK", "government", "initiator"), ("AF", "government", "target")} <= kinds(evs[1])


def test_a_statement_that_condemns_is_an_accusation_on_its_day(ex: Extractor) -> None:
    text = (
        "KABUL: On the night of 10 November, Pakistani forces fired rockets at houses in "
        "Goshta district, killing two civilians. The Ministry of National Defense strongly "
        "condemns this attack and holds the Pakistani military regime responsible."
    )
    evs = events(ex, text, date(2026, 11, 12))
    charge = next(e for e in evs if e["event_type"] == "accusation")
    assert charge["date"] == "2026-11-12"


# --- places --------------------------------------------------------------------------


def test_one_event_per_district_named_together(ex: Extractor) -> None:
    text = (
        "On 5 November, shelling from across the border hit villages in Asmar and Dangam "
        "districts of Kunar province. Four civilians were killed in Asmar district. In "
        "Dangam district, two civilians were killed."
    )
    evs = events(ex, text, date(2026, 11, 8))
    assert [(e["location"]["name"], e["fatalities"]["best"]) for e in evs] == [
        ("Āsmār", 4),
        ("Dangam", 2),
    ]


def test_a_town_abroad_has_its_province(ex: Extractor) -> None:
    text = (
        "Officials from Pakistan and Afghanistan met in Doha on Monday for talks on the ceasefire."
    )
    (ev,) = events(ex, text, date(2026, 10, 13))
    assert ev["location"]["admin1"] == "Baladiyat ad Dawhah"


def test_a_lead_dated_only_by_its_telling_rolls_up_the_days_told_after(ex: Extractor) -> None:
    text = (
        "RAWALPINDI, May 11: Security forces foiled two infiltration bids in the Zhob "
        "district, killing 12 terrorists, the ISPR said on Sunday.\n\n"
        "According to the ISPR, on the night of May 6, troops spotted a group crossing the "
        "border. The troops engaged them, and eight khwarij were killed in the exchange.\n\n"
        "Two days later, troops intercepted another group in the same area and killed four "
        "more khwarij."
    )
    evs = events(ex, text, date(2025, 5, 11))
    # the roll-up dated "Sunday" (the 11th) is no third event
    assert sorted((e["date"], e["fatalities"]["best"]) for e in evs) == [
        ("2025-05-06", 8),
        ("2025-05-08", 4),
    ]


def test_a_ministrys_own_statement(ex: Extractor) -> None:
    text = (
        "On the night of 20 February, Pakistani forces shelled villages in Dand-e-Patan "
        "district, killing nine civilians. The Ministry of National Defense strongly "
        "condemns this aggression, which is a clear violation of the Doha agreement of "
        "19 October 2025, reached through the mediation of Qatar and Türkiye."
    )
    evs = events(ex, text, date(2026, 2, 21), source="Ministry of National Defense")
    by_type = {e["event_type"]: e for e in evs}
    # the charge is made the day the statement is issued, in Kabul
    assert by_type["accusation"]["date"] == "2026-02-21"
    assert by_type["accusation"]["location"]["name"] == "Kabul"
    # the agreement it names keeps its own day
    assert by_type["ceasefire_agreement"]["date"] == "2025-10-19"


def test_a_clause_telling_the_other_kind_of_happening_keeps_its_place_and_day(
    ex: Extractor,
) -> None:
    text = (
        "DOHA, Oct 19 (Reuters) - Pakistan and Afghanistan have agreed to a ceasefire "
        "after talks in Doha, Qatar's foreign ministry said on Sunday. The agreement "
        "follows a 48-hour truce that the two sides announced on Wednesday, which "
        "collapsed when Pakistan carried out air strikes in Paktika province on Friday."
    )
    evs = events(ex, text, date(2025, 10, 19))
    deals = sorted(e["date"] for e in evs if e["event_type"] == "ceasefire_agreement")
    assert deals == ["2025-10-15", "2025-10-19"]  # two agreements, each on its day
    strike = next(e for e in evs if e["event_type"] == "air_strike")
    assert strike["date"] == "2025-10-17"
    assert all(
        e["location"] is None or e["location"]["name"] != "Paktika"
        for e in evs
        if e["event_type"] == "ceasefire_agreement"
    )


def test_a_running_toll_is_not_a_competing_count() -> None:
    first = DeathCount(0, 1, 5, 5, side="other", report=1)
    more = DeathCount(0, 1, 2, 2, side="other", report=2)
    toll = DeathCount(2, 3, 9, 9, side="other", report=2, toll=True)
    bomber = DeathCount(0, 1, 1, 1, side="armed", report=3)
    assert combine([first, more, toll, bomber]) == {"best": 10, "low": 10, "high": 10}


def test_the_striking_states_count_of_militants_is_its_own_claim(ex: Extractor) -> None:
    text = (
        "Four civilians, including two women, were killed when a drone struck a house in "
        "the Ali Sher district of Khost province early Wednesday, officials said. Pakistani "
        "security officials, speaking on condition of anonymity, said the strike had "
        "targeted a hideout of the Tehreek-e-Taliban Pakistan (TTP) and killed eight "
        "militants."
    )
    evs = events(ex, text, date(2025, 6, 5))
    strike = next(e for e in evs if e["event_type"] == "air_strike")
    assert strike["fatalities"] == {"best": 4, "low": 4, "high": 8}
    # the "Pakistan" inside the group's name is no place
    assert all(e["location"]["country_code"] == "AF" for e in evs if e["location"])


def test_a_weekday_before_said_is_not_who_said_it() -> None:
    assert claimed_by("The Islamic Emirate on Tuesday said that jets bombed houses.") == (
        "Islamic Emirate"
    )


def test_another_days_happening_and_when_a_fight_ended(ex: Extractor) -> None:
    text = (
        "Militants attacked the police station in Daraban late on Sunday night, killing "
        "three policemen, and the gunfight continued till the early hours of Monday. "
        "A day earlier, a CTD official was martyred when terrorists ambushed his vehicle "
        "near Paharpur, police said."
    )
    evs = events(ex, text, date(2026, 2, 17))
    assert sorted((e["date"], e["date_end"]) for e in evs) == [
        ("2026-02-14", "2026-02-14"),  # counted from Sunday, not from when it ended
        ("2026-02-15", "2026-02-16"),
    ]


def test_a_date_told_as_an_end_is_no_start() -> None:
    dates = [
        (t.text, str(t.date_start))
        for t in tag(
            "The gunfight began late on Sunday and continued till the early hours of Monday. "
            "A day earlier, a CTD official was killed.",
            date(2026, 2, 17),
        )
    ]
    assert ("A day earlier", "2026-02-14") in dates


def test_where_a_speaker_sits_is_not_where_it_happened(ex: Extractor) -> None:
    text = (
        "Pakistani and Afghan forces fought near the Friendship Gate in Chaman late on "
        "Saturday. Two soldiers were killed on the Pakistani side, a senior security "
        "official in Quetta told AFP."
    )
    (ev,) = events(ex, text, date(2026, 11, 2))
    assert ev["location"]["name"] != "Quetta"
    assert ev["fatalities"]["best"] == 2


def test_jammu_and_kashmir_is_no_pair_of_districts(ex: Extractor) -> None:
    text = (
        "Srinagar, Sep 14 (PTI) Two terrorists were killed as the Army foiled an "
        "infiltration bid in the Uri sector of Jammu and Kashmir's Baramulla district "
        "yesterday, officials said today."
    )
    assert len(events(ex, text, date(2025, 9, 15))) == 1


def test_an_official_statement_is_its_issuers_account(ex: Extractor) -> None:
    text = (
        "RAWALPINDI, 22 September 2025: On 21 September 2025, security forces conducted "
        "an operation in Tank District and killed four khwarij."
    )
    (ev,) = events(ex, text, date(2025, 9, 22), source="ISPR")
    assert ev["claimed_by"] == "ISPR"


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        ('Islamabad had lodged a "strong protest" with the Afghan side.', "accusation"),
        ('He warned that Kabul "will not leave this aggression unanswered".', "threat"),
        (
            'The minister warned that Pakistan would "strike wherever attacks are planned".',
            "threat",
        ),
        (
            "India and Pakistan agreed to stop all firing and military action.",
            "ceasefire_agreement",
        ),
    ],
)
def test_fourth_set_triggers(sentence: str, etype: str) -> None:
    assert etype in {t.event_type for t in find_triggers(sentence)}


def test_kabul_afp_is_a_dateline() -> None:
    found = find_dateline("Kabul (AFP) - Pakistani air strikes killed 12 civilians.", None)
    assert found is not None and found[1].group("city") == "Kabul"


def test_what_two_sides_agreed_to_stop_is_no_fight(ex: Extractor) -> None:
    text = (
        "Indian troops fired on posts in the Krishna Ghati sector on Sunday, officials "
        "said. India and Pakistan agreed to stop all firing and military action on May 10 "
        "last year."
    )
    evs = events(ex, text, date(2026, 5, 19))
    assert sorted((e["event_type"], e["date"]) for e in evs) == [
        ("armed_clash", "2026-05-17"),
        ("ceasefire_agreement", "2025-05-10"),
    ]


def test_in_a_city_a_spokesman_said(ex: Extractor) -> None:
    text = (
        "Pakistani and Afghan forces exchanged fire near the Ghulam Khan crossing on Sunday. "
        "In Kabul, a spokesman for the defence ministry said two Afghan border guards had "
        "been killed."
    )
    evs = events(ex, text, date(2026, 4, 20))
    assert len(evs) == 1 and evs[0]["location"]["name"] != "Kabul"


def test_a_recalled_agreement_with_no_place_of_its_own_is_nowhere(ex: Extractor) -> None:
    text = (
        "Pakistani and Afghan forces exchanged fire near the Ghulam Khan crossing on "
        "Sunday. The two countries agreed to a ceasefire last October."
    )
    deal = next(
        e for e in events(ex, text, date(2026, 4, 20)) if e["event_type"] == "ceasefire_agreement"
    )
    assert deal["location"] is None


def test_a_sector_beats_the_district_it_is_in(ex: Extractor) -> None:
    text = (
        "Two terrorists were killed as the Army foiled an infiltration bid in the Machil "
        "sector of Kupwara district on Tuesday, officials said."
    )
    (ev,) = events(ex, text, date(2026, 3, 5))
    assert ev["location"]["name"] == "Machil"


def test_a_known_name_at_the_end_of_an_unknown_one_is_no_place(ex: Extractor) -> None:
    text = (
        "Police said the attack took place on Friday night in the Wazir Tangi area of "
        "Pachir Agam district in Nangarhar, killing two guards."
    )
    (ev,) = events(ex, text, date(2026, 6, 28))
    assert ev["location"]["name"] != "Tangi"
    assert ev["location"]["country_code"] == "AF"
