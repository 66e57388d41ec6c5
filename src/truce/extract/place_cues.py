"""Cues around a place name: is it the event's place, and how precisely?

A name may be an outlet ("AVT Khyber News"), a rank before a person ("Naik Zafar"),
a capital speaking at a headline's end ("...: Islamabad"), or a country named as the
one acting ("U.S. drone strike"); "near"/"the X area" make a town precision 2.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truce.extract.gazetteer import Place, PlaceMention


LOC_BEFORE = re.compile(
    r"\b(?:in|into|inside|across|to|at|near|from|of)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)


NEAR_CUE = re.compile(
    r"\b(?:(?:near|outskirts of|close to|vicinity of)(?:\s+the)?(?:\s+[\w-]+)?\s+(?:town|city|village|district|area)\s+of"
    r"|near|outskirts of|close to|vicinity of|area of|areas of)\s+$",
    re.IGNORECASE,
)


# "AVT Khyber News", "Pakistan Today", "Radio Kabul": an outlet's name, not a place.
_OUTLET_WORDS = r"News|TV|Television|Times|Post|Tribune|Radio|Herald|Observer|Today|Chronicle"


_OUTLET_AFTER = re.compile(rf"^\s+(?:{_OUTLET_WORDS}|{_OUTLET_WORDS.upper()})\b")


_BASED_AFTER = re.compile(r"^-based\b", re.IGNORECASE)


_OUTLET_BEFORE = re.compile(r"\b(?:Radio|RADIO|Voice of|VOICE OF)\s+$")


# "Sepoy X, resident of District Karak": where a person comes from, not where it happened.
_ORIGIN_BEFORE = re.compile(
    r"\b(?:(?:resident|residents|native|natives|inhabitant|inhabitants)\s+of"
    r"|hail(?:s|ed|ing)?\s+from|belong(?:s|ed|ing)?\s+to|domiciled\s+in)"
    r"\s+(?:the\s+)?(?:district\s+)?$",
    re.IGNORECASE,
)
# "died in a hospital in Turbat", "shifted to CMH Quetta", "airlifted to Karachi": where
# the wounded were treated, not where it happened.
# Where a speaker sits, not where it happened: "a senior security official in Quetta told
# AFP", "a Western diplomat in Islamabad said"
_SPEAKER_IN_BEFORE = re.compile(
    r"\b(?:officials?|spokes(?:man|person|woman)|sources?|correspondent|reporter|diplomats?"
    r"|analysts?|doctor|journalist)\s+(?:based\s+)?in\s+$",
    re.IGNORECASE,
)
_TELLS_AFTER = re.compile(
    r"^(?:\s*,)?\s+(?:[\w'’-]+\s+){0,2}?(?:told|said|says|tells|added|confirmed|denied|claimed"
    r"|stated|alleged)\b",
    re.IGNORECASE,
)
# "In Kabul, a spokesman for the defence ministry said ...": where the telling was
_IN_BEFORE = re.compile(r"(?:^|[.!?]\s+|\n)\s*In\s+$")
_SPEAKER_AFTER_COMMA = re.compile(
    r"^,\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,4}?(?:spokes(?:man|person|woman)|officials?"
    r"|ministry|minister|sources?|diplomats?|analysts?)\b",
    re.IGNORECASE,
)
_CARE_BEFORE = re.compile(
    r"\b(?:hospitals?(?:\s+(?:in|at))?|(?:taken|shifted|rushed|moved|referred|airlifted|evacuated"
    r"|flown|transferred)\s+to(?:\s+(?:a|the)\s+(?:\w+\s+){0,3}?hospitals?\s+(?:in|at))?)"
    r"\s+(?:[\w'’-]+\s*(?:,|\band\b)\s*)?$",
    re.IGNORECASE,
)
# Ranks that are also place names somewhere ("Naik" is a village in Bamyan).
_RANKS = frozenset(
    {"naik", "lance naik", "havildar", "sepoy", "subedar", "sipahi", "major", "captain", "general"}
)


# A person named: "identified as constable Imtiaz Ali", "Sepoy Ghulam Farooq"
_PERSON_BEFORE = re.compile(
    r"(?:\bidentified\s+as\s+(?:[\w-]+\s+){0,3}"
    r"|\b(?:[Cc]onstable|[Ss]epoy|[Nn]aik|[Hh]avildar|[Ss]ubedar|Lieutenant|Captain"
    r"|Major|Sergeant|Inspector|ASI|SHO|[Ss]ipahi|[Jj]awan)\s+(?:[A-Z][a-z]+\s+){0,2})$"
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+")


# "... kills Pakistani soldier: Islamabad": a capital speaking, at the end of a headline.
_SPEAKER_BEFORE = re.compile(r"(?::|\s[-–—])\s*$")


_SPEAKER_AFTER = re.compile(r"^\s*(?:says?\s*)?(?:$|[;\n])")


# "in U.S. drone strike", "in Indian shelling": a country named as the one acting.
ACTOR_AFTER = re.compile(
    r"^\.?\s+(?:(?:drone|air|missile|artillery|mortar|rocket|cross-border|border)\s+)?"
    r"(?:strikes?|attacks?|shelling|firing|fire|forces|troops|army|soldiers|military|jets"
    r"|aircraft|planes|raids?|bombing|helicopters?|gunships?|officials?|government|police"
    r"|guards?|rangers)\b",
    re.IGNORECASE,
)


# What joins a place to the district or province that holds it ("X sector of Y").
HELD_BY = re.compile(
    r"\s+(?:(?:sector|area|areas|tehsil|subdivision|village|town|district|valley|region)\s+)?of\s+(?:the\s+)?",
    re.IGNORECASE,
)


AREA_AFTER = re.compile(r"^\s+(?:area|areas|region|outskirts|valley|belt)\b", re.IGNORECASE)


# "the Wazir Tangi area": a known name ("Tangi") as the tail of a local name the
# gazetteer does not know, a capitalised word before it and "area" after it
_NAME_HEAD_BEFORE = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,})\s+$")
_NOT_NAME_HEADS = frozenset(
    {"North", "South", "East", "West", "Upper", "Lower", "Central", "Greater", "Old", "New",
     "In", "At", "Near", "From", "The", "District", "Tehsil", "Agency", "Pakistani", "Afghan",
     "Indian", "Iranian", "Pakistan", "Afghanistan", "India", "Iran", "Kashmiri", "Eastern",
     "Western", "Northern", "Southern"}
)  # fmt: skip
_LOCAL_AFTER = re.compile(r"^\s+(?:area|areas|village|locality|neighbourhood|neighborhood)\b", re.I)


def names_a_place(text: str, m: PlaceMention) -> bool:
    """False for a town named as an outlet ("AVT Khyber News", "Radio Kabul"), as a
    speaker at the end of a headline ("... kills soldier: Islamabad"), as someone's
    home ("resident of District Karak"), as where the wounded were taken ("a hospital
    in Turbat") or as a rank ("Naik Zafar").

    Countries always pass: whether one is a place is decided per event.
    """
    if any(c.kind == "country" for c in m.candidates):
        return True
    head = _NAME_HEAD_BEFORE.search(text[max(0, m.start - 25) : m.start])
    if (
        head is not None
        and head.group(1) not in _NOT_NAME_HEADS
        and _LOCAL_AFTER.match(text[m.end : m.end + 20])
    ):
        return False
    if _ORIGIN_BEFORE.search(text[max(0, m.start - 40) : m.start]):
        return False
    if _CARE_BEFORE.search(text[max(0, m.start - 60) : m.start]):
        return False
    if _SPEAKER_IN_BEFORE.search(text[max(0, m.start - 30) : m.start]) and _TELLS_AFTER.match(
        text[m.end : m.end + 40]
    ):
        return False
    if _IN_BEFORE.search(text[max(0, m.start - 6) : m.start]) and _SPEAKER_AFTER_COMMA.match(
        text[m.end : m.end + 60]
    ):
        return False
    if m.text.lower() in _RANKS and _NAME_AFTER.match(text[m.end : m.end + 20]):
        return False  # "Naik Zafar Iqbal": a rank before a name
    if _PERSON_BEFORE.search(text[max(0, m.start - 40) : m.start]):
        return False  # "identified as head constable Ghulam Sarwar": a person's name
    if _OUTLET_AFTER.match(text[m.end : m.end + 15]):
        return False
    if (m.start == 0 or text[m.start - 1] == "\n") and text[m.end : m.end + 2] == ": ":
        return False  # "Kandahar: Pakistani rockets hit Shorabak": where it was filed
    if _BASED_AFTER.match(text[m.end : m.end + 8]):
        return False  # "a Quetta-based analyst", "the Jammu-based spokesperson"
    if _OUTLET_BEFORE.search(text[max(0, m.start - 12) : m.start]):
        return False
    return not (
        _SPEAKER_BEFORE.search(text[max(0, m.start - 3) : m.start])
        and _SPEAKER_AFTER.match(text[m.end : m.end + 8])
    )


def main_country(text: str, places: list[tuple[int, int, Place]]) -> Place | None:
    """The country an article with no finer place is about.

    The first country named as a location ("in Pakistan"), not as the one acting
    ("U.S. strike", "Indian shelling"); else the first country named.
    """
    as_place = [
        p
        for s, e, p in places
        if LOC_BEFORE.search(text[max(0, s - 30) : s]) and not ACTOR_AFTER.match(text[e : e + 30])
    ]
    return as_place[0] if as_place else (places[0][2] if places else None)
