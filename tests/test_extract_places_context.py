"""Which names in a text are the event's place: context countries, outlets, speakers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from truce.extract.articles import Article
from truce.extract.event_type import VIOLENT
from truce.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _place(ex: Extractor, text: str) -> dict[str, Any] | None:
    events = [
        e
        for e in ex.extract(Article("t", text, published=date(2014, 3, 3)))
        if e["event_type"] in VIOLENT
    ]
    assert events, text
    loc: dict[str, Any] | None = events[0]["location"]
    return loc


def test_a_demonym_makes_its_country_the_context(ex: Extractor) -> None:
    # Hangu is also a district of Tianjin, China, with six times the people.
    loc = _place(ex, "Pakistani police official killed in militant attack in Hangu")
    assert loc is not None
    assert (loc["name"], loc["country_code"]) == ("Hangu", "PK")


@pytest.mark.parametrize(
    "text",
    [
        "2 Qaeda Leaders Killed in U.S. Strike in Pakistan",
        "Four militants killed in U.S. drone strike in Pakistan",
    ],
)
def test_a_country_named_as_the_attacker_is_not_the_place(ex: Extractor, text: str) -> None:
    loc = _place(ex, text)
    assert loc is not None and loc["country_code"] == "PK"


def test_an_outlet_named_after_a_place_is_not_a_place(ex: Extractor) -> None:
    text = (
        "Bomb kills three Pakistani soldiers: military;"
        "Programme summary of Pakistan's AVT Khyber News 1600 gmt 1 Sep 13"
    )
    loc = _place(ex, text)
    assert loc is not None and loc["name"] != "Khyber"
    loc = _place(ex, "Radio Kabul said two soldiers were killed in a blast in Kurram")
    assert loc is not None and loc["name"] == "Kurram"


def test_a_capital_speaking_at_the_end_of_a_headline_is_not_the_place(ex: Extractor) -> None:
    loc = _place(ex, "Indian firing kills Pakistani soldier along LoC: Islamabad")
    assert loc is not None and loc["name"] != "Islamabad"
    # ... but the same name inside the sentence is the place.
    loc = _place(ex, "Gunmen kill policeman in Islamabad")
    assert loc is not None and loc["name"] == "Islamabad"
