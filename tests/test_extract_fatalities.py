"""Death counts read from one sentence, and how the counts of one event combine.

The sentences are our own, written in the way wire services, Pakistani dailies and
ISPR releases tell deaths (tests/data/articles shows them in full articles).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truce.extract.fatalities import DeathCount, combine, death_counts


def _best(sentence: str) -> int | None:
    got = combine(death_counts(sentence))
    return got["best"] if got else None


def _reports(*sentences: str) -> list[DeathCount]:
    """The counts of several sentences of one event, each its own report."""
    return [replace(d, report=i) for i, s in enumerate(sentences) for d in death_counts(s)]


# --- death phrases ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "deaths", "side"),
    [
        (
            "However, during the exchange of fire, Sepoy Ahmed Ali (age: 23 years, resident "
            "of District Kohat), having fought gallantly, embraced shahadat.",
            1,
            "other",
        ),
        ("A Pakistan Army soldier embraced martyrdom in the firing.", 1, "other"),
        ("Three soldiers embraced shahadat during the operation.", 3, "other"),
        ("After an intense exchange of fire, six khwarij were sent to hell.", 6, "armed"),
        ("Security forces effectively neutralized four more khwarij in the area.", 4, "armed"),
        ('"Three terrorists have been neutralised so far," the spokesman said.', 3, "armed"),
        ("Troops eliminated five terrorists in the raid.", 5, "armed"),
        ("The attacker was also killed in the blast, officials said.", 1, "armed"),
        ("The bomber also died in the explosion.", 1, "armed"),
        ("Troops repelled the assault, killing all three attackers, the army said.", 3, "armed"),
        ("Police had killed a terrorist during a raid last week.", 1, "armed"),
        ("The gunmen shot dead a havildar at the checkpost.", 1, "other"),
        ("Militants killed a tribesman and a passenger near the market.", 2, "other"),
        ("They were wanted for the killing of a police inspector in Bannu.", 1, "other"),
        ("Constables Ali Khan and Sher Ahmed died on the spot.", 2, "other"),
        (
            "The death toll from a bomb attack on a passenger bus in the north of the "
            "province rose to 21 on Sunday, officials said.",
            21,
            None,
        ),
        ("A policeman later succumbed to his injuries in hospital.", 1, "other"),
    ],
)
def test_death_phrases(sentence: str, deaths: int, side: str | None) -> None:
    (count,) = death_counts(sentence)
    assert (count.low, count.high, count.side) == (deaths, deaths, side)


@pytest.mark.parametrize(
    "sentence",
    [
        "Three IEDs were neutralised by the bomb disposal squad.",
        "Troops eliminated two hideouts of the terrorists.",
        "He said the attackers fled towards the mountains.",
        "He killed his brother over a land dispute.",  # the killer, not a death told
    ],
)
def test_people_verbs_and_pronouns_need_a_death(sentence: str) -> None:
    assert death_counts(sentence) == []


# --- numbers that count no dead --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        (
            "Clashes between armed members of the two tribes' communities last year "
            "killed more than 80 people.",
            80,
        ),
        ("Three days of fighting killed 20 people.", 20),
        ("Two gunmen killed three policemen.", 3),
        ("Two suicide bombers killed 40 people at a market.", 40),
        ("The blast left two houses destroyed.", None),
        ("Gunmen killed three house guards.", 3),
        ("Two soldiers killed the next day in Bannu.", 2),
    ],
)
def test_numbers_of_things_and_killers_are_not_deaths(sentence: str, best: int | None) -> None:
    assert _best(sentence) == best


def test_an_age_is_not_a_count_and_a_family_list_adds_up() -> None:
    assert combine(
        death_counts(
            "Indian troops fired mortar shells late Tuesday, killing a woman and her "
            "eight-year-old son and wounding five other villagers."
        )
    ) == {"best": 2, "low": 2, "high": 2}
    assert _best("A woman and her eight-year-old son were killed.") == 2
    assert _best("An eight-year-old boy was killed in the shelling.") == 1


@given(st.integers(min_value=2, max_value=99))
def test_a_hyphenated_number_never_counts(n: int) -> None:
    assert _best(f"A {n}-year-old boy was killed.") == 1
    assert _best(f"{n} soldiers were killed in a {n}-hour gunbattle.") == n


# --- nobody died -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "No loss of life was reported.",
        "No one was hurt in the blast, police said.",
        "Nobody was injured.",
        "No casualties were reported but several houses were damaged.",
        "No deaths were reported in that blast.",
        "Officials said there were no casualties.",
        "The convoy reached the town without any casualties.",
        "The district officer escaped unhurt.",
        "There was no loss of life or injury on the Indian side.",
        "No one was killed but three were injured.",
    ],
)
def test_explicit_zero(sentence: str) -> None:
    (count,) = death_counts(sentence)
    assert (count.low, count.high, count.side) == (0, 0, None)
    assert combine([count]) == {"best": 0, "low": 0, "high": 0}


@pytest.mark.parametrize(
    "sentence",
    [
        "There were no immediate reports of casualties.",
        "The army gave no casualty figures.",
        "It was not clear whether anyone was hurt.",
    ],
)
def test_unknown_is_not_zero(sentence: str) -> None:
    assert death_counts(sentence) == []


def test_a_zero_never_beats_a_count() -> None:
    assert _best("Three soldiers were killed; no civilians were hurt.") == 3
    # a first report of no dead, then the toll: the toll stands, and 0 is no claim
    for order in (
        ("No casualties were reported.", "Two soldiers were killed."),
        ("Two soldiers were killed.", "No casualties were reported."),
    ):
        assert combine(_reports(*order)) == {"best": 2, "low": 2, "high": 2}
    assert combine(_reports("No one was hurt.", "Four militants were killed.")) == {
        "best": 4,
        "low": 4,
        "high": 4,
    }
    # a party's claim against a report of no dead only widens the range
    assert combine(_reports("No one was hurt, the army said.", "The Taliban claimed 20.")) == {
        "best": 0,
        "low": 0,
        "high": 20,
    }


# --- a pronoun's death --------------------------------------------------------


def test_a_pronoun_death_is_one_of_unknown_side() -> None:
    (count,) = death_counts("He died on the spot, while a passerby was injured.")
    assert (count.low, count.side) == (1, None)
    assert combine([count]) == {"best": 1, "low": 1, "high": 1}


def test_a_pronoun_death_is_not_counted_twice() -> None:
    # the person is usually counted already: the pronoun's death competes, never adds
    assert _best("A policeman was killed and he died before help came.") == 1
    assert combine(
        _reports("A member of the peace committee was killed.", "He died on the spot.")
    ) == {"best": 1, "low": 1, "high": 1}
    assert combine(_reports("Four militants were killed.", "He died on the spot."))["best"] == 4  # type: ignore[index]


def test_an_ispr_release_adds_the_two_sides() -> None:
    counts = _reports(
        "During the operation, own troops effectively engaged the khwarij location and, "
        "after an intense exchange of fire, seven khwarij were sent to hell.",
        "However, Sepoy Muhammad Aslam (age: 24 years), having fought gallantly, embraced "
        "shahadat.",
    )
    assert combine(counts) == {"best": 8, "low": 8, "high": 8}


def test_a_suicide_bomber_adds_to_the_soldiers() -> None:
    counts = _reports(
        "A suicide bomber rammed a car into the convoy on Sunday, killing five soldiers.",
        "The attacker was also killed in the blast.",
    )
    assert combine(counts) == {"best": 6, "low": 6, "high": 6}
