"""What the fifth development set (tests/data/articles_dev5) taught the extractor.

Every sentence here is our own; none is taken from that set's articles.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract_helpers import events, kinds
from truce.extract.datelines import find_dateline
from truce.extract.event_type import find_triggers
from truce.extract.fatalities import death_counts
from truce.extract.pipeline import Extractor
from truce.extract.timex import tag


def types(sentence: str) -> list[str]:
    return [t.event_type for t in find_triggers(sentence)]


def test_a_city_and_a_colon_is_a_dateline() -> None:
    found = find_dateline("Srinagar: Two porters were killed in shelling on Friday.", None)
    assert found is not None and found[1].group(0).startswith("Srinagar")


def test_where_a_statement_was_issued_does_not_place_the_fighting(ex: Extractor) -> None:
    text = (
        "Rockets hit houses on the outskirts of Khost city late on Friday, killing two "
        "children, the ministry said in a statement issued in Kabul."
    )
    (ev,) = [e for e in events(ex, text, date(2026, 2, 8)) if e["event_type"] == "shelling"]
    assert ev["location"]["name"] != "Kabul"
    assert ev["location"]["admin1"] == "Khowst"


def test_what_a_charge_is_about_is_not_where_it_was_made(ex: Extractor) -> None:
    text = (
        "The defence ministry accused Pakistan on Monday of shelling villages in Paktika province."
    )
    (ev,) = events(ex, text, date(2026, 2, 10))
    assert ev["event_type"] == "accusation"
    assert ev["location"] is None or ev["location"]["name"] != "Paktika"


def test_a_briefing_before_two_verbs_places_the_second(ex: Extractor) -> None:
    text = (
        "At a news briefing in Islamabad on Thursday, the spokesperson declined to comment "
        "on the raid but accused Kabul of sheltering the TTP."
    )
    acc = [e for e in events(ex, text, date(2026, 3, 6)) if e["event_type"] == "accusation"]
    assert acc and acc[0]["location"]["name"] == "Islamabad"


@pytest.mark.parametrize(
    "sentence",
    [
        "This is a clear violation of the understanding reached in Doha, the statement said.",
        "The clash came as a strain on a ceasefire that has largely held since October.",
    ],
)
def test_an_existing_ceasefire_named_is_no_new_agreement(sentence: str) -> None:
    assert "ceasefire_agreement" not in types(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Both sides agreed on Tuesday to set up teams to verify violations of their ceasefire.",
        "It was a breach of the Doha agreement of 19 October 2025, the ministry said.",
        "The two armies had recommitted to the 2003 ceasefire in February 2021.",
    ],
)
def test_an_agreement_made_or_recalled_with_its_date_is_one(sentence: str) -> None:
    assert "ceasefire_agreement" in types(sentence)


def test_a_telephone_call_is_talks() -> None:
    assert types("On Friday the two foreign ministers spoke by telephone.") == ["talks"]
    assert "talks" in types("The DGMOs spoke on the hotline on Tuesday.")


@pytest.mark.parametrize(
    "sentence",
    [
        'The commander warned that any "misadventure" by the enemy would be met with a '
        "befitting response.",
        'The ministry said the country would "respond to any aggression with full force".',
    ],
)
def test_promised_responses_are_threats_not_meetings(sentence: str) -> None:
    found = types(sentence)
    assert "threat" in found and "talks" not in found


def test_schools_near_the_border_closing_is_no_border_closure() -> None:
    assert "border_closure" not in types("Schools within 5 km of the border were closed.")
    assert types("The border remained closed on Sunday.") == ["border_closure"]


def test_a_place_named_with_its_holder_in_the_possessive_is_the_place(ex: Extractor) -> None:
    text = "Soldier killed as Pakistani troops fire on posts in Poonch's Krishna Ghati"
    body = "A soldier was killed on Monday, officials said."
    (ev,) = events(ex, text + "\n\n" + body, date(2026, 5, 19))
    assert ev["location"]["name"] == "Krishna Ghati"


def test_an_explosives_laden_vehicle_is_an_explosive_attack() -> None:
    assert "explosive_attack" in types("Fighters rammed an explosives-laden truck into the gate.")


def test_a_raised_toll_does_not_date_the_killing(ex: Extractor) -> None:
    text = (
        "Militants attacked a police station in Bannu late on Sunday, killing four "
        "policemen, officials said on Monday.\n\n"
        "Officials first said two policemen had been killed, but raised the toll to four "
        "on Monday morning after two wounded men died in hospital."
    )
    fights = [e for e in events(ex, text, date(2026, 5, 12)) if e["date"] is not None]
    assert len(fights) == 1
    assert fights[0]["date"] == "2026-05-10"
    assert fights[0]["fatalities"]["best"] == 4


def test_the_attack_retold_is_the_same_happening(ex: Extractor) -> None:
    text = (
        "A suicide bomber blew himself up at the gate of a Levies post in Sibi on Monday, "
        "killing three guards, officials said.\n\n"
        "The attack in Sibi forced authorities to close the highway for several hours "
        "on Tuesday."
    )
    violent = [
        e for e in events(ex, text, date(2026, 5, 13)) if e["event_type"] != "border_closure"
    ]
    assert len(violent) == 1
    assert violent[0]["event_type"] == "explosive_attack"


def test_where_a_speaker_is_based_is_not_the_place(ex: Extractor) -> None:
    text = (
        "Two soldiers were killed when militants fired on a checkpoint in Kurram on "
        "Friday, a Peshawar-based security official said."
    )
    (ev,) = events(ex, text, date(2026, 6, 6))
    assert ev["location"]["name"] != "Peshawar"


def test_opposite_accounts_of_one_countrys_dead_compete(ex: Extractor) -> None:
    text = (
        "Pakistani and Afghan forces clashed near the border in Paktika province late on "
        "Sunday.\n\n"
        "The Taliban spokesman said four Afghan border guards and three civilians were "
        "killed.\n\n"
        "Pakistan's military said two Pakistani soldiers were killed and that its troops "
        'had killed "around 30" Afghan Taliban fighters.'
    )
    fights = [e for e in events(ex, text, date(2026, 11, 10)) if e["fatalities"]]
    assert len(fights) == 1
    assert fights[0]["fatalities"] == {"best": 9, "low": 9, "high": 32}


def test_a_named_groups_threat_against_the_state_is_kept(ex: Extractor) -> None:
    text = (
        "A bomb went off outside a police station in Bannu on Sunday, killing two "
        "policemen.\n\n"
        "In a statement, Jamaat-ul-Ahrar threatened to target more police stations in "
        "the province."
    )
    found = [e for e in events(ex, text, date(2026, 3, 2)) if e["event_type"] == "threat"]
    assert len(found) == 1


def test_a_suicide_bomber_counts_among_the_dead(ex: Extractor) -> None:
    text = (
        "A suicide bomber rammed his car into a police checkpoint in Tank on Sunday, "
        "killing four policemen, officials said."
    )
    (ev,) = events(ex, text, date(2026, 3, 2))
    assert ev["fatalities"]["best"] == 5


def test_a_bomber_the_text_counts_is_not_added_again(ex: Extractor) -> None:
    text = (
        "A suicide bomber blew himself up at a checkpoint in Tank on Sunday, killing "
        "five people including the bomber, officials said."
    )
    (ev,) = events(ex, text, date(2026, 3, 2))
    assert ev["fatalities"]["best"] == 5


@pytest.mark.parametrize(
    ("sentence", "charge"),
    [
        ('The minister said the attack had been "planned and directed from Afghanistan".', True),
        ("The militants continue to use Afghan soil to carry out attacks.", True),
        ("Islamabad accuses Kabul of allowing militants to use Afghan soil.", False),
        ("Kabul denies that it allows any group to use Afghan territory.", False),
    ],
)
def test_where_an_attack_was_planned_is_a_charge(sentence: str, charge: bool) -> None:
    soil = [t for t in find_triggers(sentence) if not t.text.lower().startswith(("accus", "den"))]
    assert any(t.event_type == "accusation" for t in soil) == charge


def test_a_foreign_drone_strike_and_the_strikers_own_count(ex: Extractor) -> None:
    text = (
        "Five civilians were killed when a drone belonging to Pakistan's military struck "
        "a house in Barmal district of Paktika province late Monday, a spokesman said.\n\n"
        "Pakistani media, quoting unnamed security sources, reported that the strike had "
        "targeted a hideout of the Tehrik-e-Taliban Pakistan and killed nine militants."
    )
    (ev,) = events(ex, text, date(2026, 4, 15))
    assert ev["event_type"] == "air_strike"
    assert ("PK", "state_forces", "initiator") in kinds(ev)
    assert ("AF", "civilians", "target") in kinds(ev)
    assert ev["fatalities"] == {"best": 5, "low": 5, "high": 9}


def test_a_threat_made_while_talks_went_on_is_its_own_event(ex: Extractor) -> None:
    text = (
        "On Wednesday, while the talks were still under way, the defence minister warned "
        "the Taliban government that Pakistan would strike hideouts across the border."
    )
    found = {e["event_type"] for e in events(ex, text, date(2026, 4, 2))}
    assert "threat" in found


def test_a_further_round_told_in_the_past_happened(ex: Extractor) -> None:
    text = (
        "Pakistani and Afghan delegates met in Doha on Tuesday to discuss the ceasefire "
        "after deadly border clashes, officials said.\n\n"
        "A further round of talks in Istanbul last November collapsed after the "
        "delegations failed to agree on a final document."
    )
    talks = [e for e in events(ex, text, date(2026, 4, 2)) if e["event_type"] == "talks"]
    assert any(e["date"] == "2025-11-01" and e["location"]["name"] == "Istanbul" for e in talks)


def test_men_taken_away_were_abducted() -> None:
    found = types("Armed men stormed the site and took away six labourers.")
    assert "abduction" in found and "armed_clash" in found
    assert "abduction" not in types("Police took away the weapons.")


def test_a_question_of_who_fired_first_is_no_fight() -> None:
    assert types("We need a mechanism that can tell who fired first.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Firing is often used as a cover for infiltration, the officer said.",
        'He warned Pakistan would "strike wherever these attacks are planned".',
    ],
)
def test_what_is_usually_done_is_no_happening(ex: Extractor, sentence: str) -> None:
    text = "Troops and militants clashed in Kurram on Monday, killing four.\n\n" + sentence
    fights = [e for e in events(ex, text, date(2026, 3, 3)) if e["event_type"] == "armed_clash"]
    assert len(fights) == 1


def test_a_digest_items_filing_place_is_not_where_it_happened(ex: Extractor) -> None:
    text = (
        "Security round-up\n\nKandahar: Pakistani rockets hit Shorabak\n\n"
        "Shorabak District in Kandahar Province came under Pakistani rocket fire on 15 "
        "September, a district official said."
    )
    found = events(ex, text, date(2026, 9, 16))
    assert [e["location"]["name"] for e in found] == ["Shorabak"]


def test_a_list_of_two_countries_dead_is_split_by_country() -> None:
    s = 'Three Pakistani soldiers were killed and "more than 15" Afghan fighters died.'
    found = death_counts(s)
    assert [(d.low, d.of) for d in found] == [(3, "PK"), (15, "AF")]


def test_each_sides_account_of_its_own_dead_is_the_best(ex: Extractor) -> None:
    text = (
        "Pakistani and Afghan forces fought near Arandu in Chitral district late on "
        "Sunday, officials said.\n\n"
        'Three Pakistani soldiers were killed and "more than 15" Afghan Taliban fighters '
        "died, a Pakistani security official said.\n\n"
        "The Taliban government's defence ministry gave a different account, saying two "
        "of its border guards were killed."
    )
    fights = [e for e in events(ex, text, date(2026, 6, 2)) if e["fatalities"]]
    assert len(fights) == 1
    assert fights[0]["fatalities"]["best"] == 5
    assert fights[0]["fatalities"]["high"] == 18


def test_strikes_on_two_districts_count_each_districts_dead(ex: Extractor) -> None:
    text = (
        "Pakistani air strikes on two eastern Afghan provinces overnight killed 12 "
        "civilians, Taliban authorities said Friday.\n\n"
        "The strikes, carried out late Thursday, hit a village in the Lalpur district of "
        "Nangarhar province and a house in the Gayan district of Paktika province.\n\n"
        "Eight people died in Lalpur and four members of one family were killed in Gayan, "
        "provincial officials said.\n\n"
        'A security official in Islamabad said the strikes had killed "at least 15 '
        'khawarij" in Lalpur.'
    )
    by_place = {
        e["location"]["name"]: e["fatalities"]
        for e in events(ex, text, date(2026, 5, 8))
        if e["event_type"] == "air_strike"
    }
    assert by_place["Lalpur"]["best"] == 8
    assert by_place["Lalpur"]["high"] == 15
    assert [v["best"] for k, v in by_place.items() if k != "Lalpur"] == [4]


def test_a_happening_told_with_only_its_wounded_killed_no_one(ex: Extractor) -> None:
    text = (
        "Four people were injured when unidentified men hurled a hand grenade at a shop "
        "in Dalbandin on Monday night, police said."
    )
    (ev,) = events(ex, text, date(2026, 7, 22))
    assert ev["fatalities"] == {"best": 0, "low": 0, "high": 0}


def test_dead_without_a_number_stay_unknown(ex: Extractor) -> None:
    text = "Several were killed and many injured when shells hit a market in Kurram on Monday."
    (ev,) = events(ex, text, date(2026, 7, 22))
    assert ev["fatalities"] is None


def test_a_rank_before_a_name_makes_it_a_person(ex: Extractor) -> None:
    text = (
        "Two policemen were martyred when a roadside bomb hit their van in Lachi tehsil of "
        "Kohat district on Wednesday, police said. The martyred were identified as head "
        "constable Ghulam Sarwar and constable Imtiaz Ali."
    )
    names = {e["location"]["name"] for e in events(ex, text, date(2026, 1, 8)) if e["location"]}
    assert "Sarwar" not in names


def test_no_loss_of_life_opening_the_next_paragraph_counts_zero(ex: Extractor) -> None:
    text = (
        "Pakistani troops opened fire on Indian posts along the LoC in the Krishna Ghati "
        "sector last night, officials said today.\n\n"
        '"Our troops responded strongly. There was no loss of life or injury to any of our '
        'personnel," the spokesperson said.'
    )
    (ev,) = events(ex, text, date(2026, 2, 4), source="PTI")
    assert ev["fatalities"] == {"best": 0, "low": 0, "high": 0}


def test_a_lead_dated_by_its_telling_gives_its_place_to_the_one_happening(
    ex: Extractor,
) -> None:
    text = (
        "Two children were wounded when mortar shells fired from across the border landed "
        "in Ziruk district of Paktika province, an official said on Wednesday.\n\n"
        "The district chief said Pakistani forces fired four mortar shells on Tuesday "
        "afternoon, two of which landed near houses."
    )
    (ev,) = events(ex, text, date(2026, 9, 16))
    assert ev["date"] == "2026-09-15"
    assert ev["location"]["admin1"] == "Paktika"


def test_a_digests_items_are_separate_happenings(ex: Extractor) -> None:
    text = (
        "The following is a selection of security-related reports on 6 October 2026.\n\n"
        "Elder shot dead in Swat: Unidentified gunmen shot dead a tribal elder in Mingora, "
        "Geo News TV reported. (Geo News TV website, Karachi, in English 6 Oct 26)\n\n"
        "Indian firing on LoC: Two civilians were injured when Indian troops fired mortar "
        "shells at villages in Kotli District, Radio Pakistan reported. (Radio Pakistan "
        "website, Islamabad, in English 6 Oct 26)"
    )
    found = {e["event_type"]: e for e in events(ex, text, date(2026, 10, 7), "BBC Monitoring")}
    assert found["shelling"]["fatalities"] == {"best": 0, "low": 0, "high": 0}
    assert found["attack_on_civilians"]["fatalities"]["best"] == 1
    assert found["attack_on_civilians"]["location"]["name"] == "Mingora"


def test_explosives_recovered_are_no_blast() -> None:
    assert types("Explosives and weapons were recovered from a compound, the CTD said.") == []
    assert types("Police recovered weapons and explosives from the house.") == []


def test_what_militants_use_a_country_to_do_is_no_attack(ex: Extractor) -> None:
    text = (
        "Troops killed four militants in Bajaur on Tuesday, the ISPR said.\n\n"
        "The spokesperson said militants continued to use Afghan soil to attack Pakistan."
    )
    fights = [e for e in events(ex, text, date(2026, 9, 3)) if e["event_type"] == "armed_clash"]
    assert len(fights) == 1


def test_the_attack_retold_with_its_dead_is_the_same_happening(ex: Extractor) -> None:
    text = (
        "A suicide bomber rammed an explosives-laden car into a checkpoint at the entrance "
        "to Kohat, killing 13 people, officials said Tuesday.\n\n"
        "The attack on Monday morning killed nine soldiers and four civilians, a police "
        "official said.\n\n"
        "The interior minister said the attack had been planned and directed from "
        "Afghanistan."
    )
    violent = [e for e in events(ex, text, date(2026, 11, 10)) if e["fatalities"] is not None]
    assert len(violent) == 1
    assert violent[0]["event_type"] == "explosive_attack"


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        (
            "After an exchange of fire which continued till the early hours of 10 February, "
            "four khwarij were sent to hell.",
            [4],
        ),
        (
            "Sepoy Muhammad Arif (age 24 years, resident of District Karak), having fought "
            "gallantly, embraced shahadat.",
            [1],
        ),
        ("On May 10, 2025, five soldiers were killed.", [5]),
    ],
)
def test_days_years_and_a_soldiers_particulars_count_no_dead(
    sentence: str, dead: list[int]
) -> None:
    assert [d.low for d in death_counts(sentence)] == dead


def test_troops_intercepting_militants_is_a_fight() -> None:
    assert types("Security forces intercepted a group of khwarij in the Razmak area.") == [
        "armed_clash"
    ]


def test_the_day_of_agreeing_dates_the_agreement(ex: Extractor) -> None:
    text = (
        "Pakistan and Afghanistan agreed on Saturday to put into operation a joint "
        "mechanism to monitor and verify their ceasefire from May 1, Turkiye's Foreign "
        "Ministry said."
    )
    deals = [
        e for e in events(ex, text, date(2026, 4, 12)) if e["event_type"] == "ceasefire_agreement"
    ]
    assert [e["date"] for e in deals] == ["2026-04-11"]


def test_more_attackers_than_the_bomber_add_up(ex: Extractor) -> None:
    text = (
        "On Sunday, a suicide bomber drove an explosives-laden vehicle into the wall of a "
        "military camp in Bannu district, and three more attackers tried to storm the "
        "camp before they were shot dead. Eleven soldiers were killed, the military said."
    )
    (ev,) = events(ex, text, date(2026, 3, 24))
    assert ev["fatalities"]["best"] == 15


def test_no_further_casualties_is_zero() -> None:
    assert [d.low for d in death_counts("No further civilian casualties have been reported.")] == [
        0
    ]


def test_a_title_without_a_full_stop_is_its_own_sentence() -> None:
    from truce.extract.nlp import load_nlp

    doc = load_nlp()(
        "Taliban say victims were civilians, official says commander was target\n\n"
        "A drone strike on a house killed seven people late on Sunday night."
    )
    strike = next(t for t in doc if t.text == "strike")
    assert strike.head.text == "killed"
    assert len(list(doc.sents)) >= 2


def test_the_datelines_country_does_not_act(ex: Extractor) -> None:
    text = (
        "DERA ISMAIL KHAN, Pakistan (AP) — Militants stormed a police checkpoint in "
        "northwestern Pakistan late Tuesday, killing three officers, police said Wednesday."
    )
    (ev,) = events(ex, text, date(2026, 1, 14), source="Associated Press")
    roles = kinds(ev)
    assert ("PK", "state_forces", "target") in roles
    assert ("PK", "state_forces", "initiator") not in roles


def test_the_army_of_a_national_outlet_is_that_nations(ex: Extractor) -> None:
    text = (
        "An Army soldier was killed after being hit by sniper fire from across the Line of "
        "Control in the Tangdhar sector of Kupwara district on Monday, officials said."
    )
    (ev,) = events(ex, text, date(2026, 7, 15), source="Greater Kashmir")
    assert ("IN", "state_forces", "target") in kinds(ev)


def test_a_day_one_agrees_to_meet_on_is_still_to_come() -> None:
    text = "The delegations agreed to meet again in Doha on Feb. 10, officials said."
    (feb,) = [t for t in tag(text, date(2026, 1, 22)) if t.text == "Feb. 10"]
    assert feb.value == "2026-02-10"


def test_a_national_outlets_report_from_abroad_keeps_the_places_forces(ex: Extractor) -> None:
    text = "Security forces killed five militants in North Waziristan on Monday, officials said."
    (ev,) = events(ex, text, date(2026, 7, 15), source="PTI")
    assert ("PK", "state_forces", "initiator") in kinds(ev)
