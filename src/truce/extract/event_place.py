"""Where and when an event is when its own sentences do not say.

A violent event told as cross-border goes to the border region between the two
countries (UCDP precision 5), in the country attacked; otherwise to the most
specific place of the article's violent sentences, and only then to the article's
main place (which may be a venue of talks abroad). An undated report from a daily
newspaper or a monitoring digest is about the day before publication.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from truce.extract.event_type import DIRECTED, VIOLENT

if TYPE_CHECKING:
    from truce.extract.event_merge import Candidate
    from truce.extract.gazetteer import Gazetteer, Place

# A fight "across the border" or "border clashes" with no named place: UCDP's border
# region (precision 5), on the side of the country attacked.
_BORDER_CUE = re.compile(
    r"\b(?:(?:across|along|on|at|near|over)\s+the\s+(?:\w+\s+)?(?:border|frontier|line of control|loc)"
    r"|cross-border|border\s+(?:clash\w*|fighting|attacks?|skirmish\w*|firing|fire|posts?|hostilities))\b",
    re.IGNORECASE,
)
_BORDER_REGIONS = {
    frozenset({"AF", "PK"}): "Durand Line",
    frozenset({"IN", "PK"}): "Line of Control",
}


def _between_states(state: dict[str, Any], ev: Candidate) -> bool:
    """Is this one state's forces firing on the other's side ("Indian shelling kills three")?

    Armed-group actors make it an insurgency, which has no front line to put it on.
    """
    if any(a["kind"] in ("armed_group", "militia") for a in ev.actors):
        return False
    shooters = {
        a["country_code"]
        for a in ev.actors
        if a["kind"] == "state_forces" and a["role"] == "initiator" and a.get("country_code")
    }
    others = {a["country_code"] for a in ev.actors if a.get("country_code")} | set(
        state["context_countries"]
    )
    return any(len(pair & shooters) == 1 and pair <= others for pair in _BORDER_REGIONS)


def _border_place(state: dict[str, Any], ev: Candidate) -> tuple[Place, int] | None:
    """The border region between the two countries of a cross-border violent event."""
    if not any(_BORDER_CUE.search(t) for t in ev.texts or [ev.text]) and not _between_states(
        state, ev
    ):
        return None
    countries = {a["country_code"] for a in ev.actors if a.get("country_code")}
    if len(countries) < 2:
        countries |= set(state["context_countries"])
    for pair, name in _BORDER_REGIONS.items():
        if pair <= countries:
            gaz: Gazetteer = state["gazetteer"]
            hits = [p for p in gaz.lookup(name) if p.kind != "country"]
            if not hits:
                return None
            region = hits[0]
            attacked = _attacked(ev, pair)
            if attacked and attacked[0] != region.country_code:
                region = replace(region, country_code=attacked[0], admin1=None)
            return region, 5
    return None


def _attacked(ev: Candidate, pair: frozenset[str]) -> list[str]:
    """The country of the pair the event hit: its targets', else the side opposite the shooters."""
    hit = [
        a["country_code"]
        for a in ev.actors
        if a["role"] == "target" and a.get("country_code") in pair
    ]
    if hit:
        return hit
    shooters = {
        a["country_code"]
        for a in ev.actors
        if a["role"] == "initiator"
        and a["kind"] == "state_forces"
        and a.get("country_code") in pair
    }
    return sorted(pair - shooters) if len(shooters) == 1 else []


def side_of_line(
    state: dict[str, Any], ev: Candidate, place: Place, prec: int | None
) -> tuple[Place, int | None]:
    """Which side a name both countries use ("Kashmir") means for this event.

    The side the event hit: where its targets belong, else opposite the state whose
    forces fired ("Indian shelling kills three in Kashmir" is on the Pakistani side).
    A fight with an armed group is on the side of the one state fighting it.
    Otherwise the resolver's choice stands.
    """
    by_country: dict[str, Place] = {}
    for alt in state["place_alts"][place]:
        if alt.kind != "country":
            by_country.setdefault(alt.country_code, alt)
    if ev.event_type not in VIOLENT or len(by_country) < 2:
        return place, prec
    pair = frozenset(by_country)
    states = {
        a["country_code"]
        for a in ev.actors
        if a["kind"] == "state_forces"
        and a["role"] in ("initiator", "target")
        and a.get("country_code") in pair
    }
    if any(a["kind"] in ("armed_group", "militia") for a in ev.actors):
        # counter-insurgency: on the side of the one state fighting there
        hit = sorted(states) if len(states) == 1 else []
    else:
        hit = _attacked(ev, pair)
    if len(hit) != 1 or hit[0] == place.country_code:
        return place, prec
    chosen = by_country[hit[0]]
    return chosen, chosen.precision


def _recalled_context(state: dict[str, Any], ev: Candidate) -> Place | None:
    """For a recalled happening ("Clashes between the two communities last November"),
    the place the sentences just before it in its paragraph were about ("Kurram has a
    long history of sectarian violence"), rather than the article's main place."""
    dct = state.get("dct")
    if ev.window is None or dct is None or ev.window[1] >= dct - timedelta(days=14):
        return None
    text: str = state["text"]
    para = text.rfind("\n\n", 0, ev.seg_start) + 1
    dl_start, dl_end = state["dateline"]
    near = [
        p
        for s, _, p in state["places"]
        if max(para, ev.seg_start - 300) <= s < ev.seg_start
        and not dl_start <= s < dl_end
        and p.kind != "country"
        and p.precision <= 3
    ]
    return min(reversed(near), key=lambda p: p.precision) if near else None


# Outlets that are a government's own voice, and the capitals they speak from.
_OFFICIAL = re.compile(
    r"\b(?:Ministry|Inter-Services Public Relations|ISPR|Foreign Office|Government of"
    r"|Spokesman|Spokesperson|Press Information Bureau)\b",
    re.IGNORECASE,
)
_CAPITALS = {"PK": "Islamabad", "AF": "Kabul", "IN": "New Delhi", "IR": "Tehran"}


def official_outlet(outlet: str | None) -> bool:
    """Is the outlet a government's own voice (the ISPR, a ministry)?"""
    return _OFFICIAL.search(outlet or "") is not None


def fallback_place(state: dict[str, Any], ev: Candidate) -> tuple[Place | None, int | None]:
    """A place for an event whose own sentences name none (or only the country).

    A violent event is placed at the border region when told as cross-border, else
    at the most specific place of the article's violent sentences; the article's
    main place (which may be a venue of talks abroad) comes last, and only when it
    lies in a country the event involves.
    """
    own, own_prec = ev.place, ev.place_precision
    if ev.event_type in DIRECTED:
        # a statement with no place of its own: where its maker filed it from when the
        # article is the statement (the ISPR's "RAWALPINDI, 27 August:"), else in its
        # maker's capital ("Source: Ministry of National Defense"); a reporter's dateline
        # is not where a spokesman spoke
        filed_from: Place | None = state.get("dateline_place")
        makers = {a.get("country_code") for a in ev.actors if a["role"] == "initiator"}
        if not official_outlet(state["article"].outlet):
            return None, None
        if filed_from is not None and filed_from.country_code in makers:
            return filed_from, filed_from.precision
        if filed_from is None and len(makers) == 1:
            capital = _CAPITALS.get(next(iter(makers)) or "")
            found = state["gazetteer"].lookup(capital) if capital else []
            if found:
                return found[0], found[0].precision
        return None, None
    if ev.event_type in VIOLENT:
        border = _border_place(state, ev)
        if border is not None:
            return border
        recalled = _recalled_context(state, ev)
        if recalled is not None and (own is None or own.country_code == recalled.country_code):
            return recalled, max(recalled.precision, 2)
        violent = state.get("violent_place")
        if violent is not None and (own is None or own.country_code == violent.country_code):
            return violent, violent.precision
    main: Place | None = state["main_place"]
    dct = state.get("dct")
    if (
        ev.event_type not in VIOLENT
        and own is None
        and ev.window is not None
        and dct is not None
        and (dct - ev.window[1]).days > 30
    ):
        # "The two countries agreed to a ceasefire last October": a recalled agreement
        # or round of talks with no place of its own is not where the article is
        return None, None
    if own is not None:
        if main is not None and main.kind != "country" and main.country_code == own.country_code:
            return main, main.precision
        return own, own_prec
    if main is None:
        return None, None
    involved = {a["country_code"] for a in ev.actors if a.get("country_code")}
    if ev.event_type in VIOLENT and involved and main.country_code not in involved:
        return None, None
    return main, main.precision


# Print dailies and monitoring digests publish in the morning what happened the day
# before; wire services (Reuters, AFP, AP, PTI, Xinhua) file the same day. Only the
# first-named outlet counts (the one whose text this is).
_NEXT_DAY_OUTLETS = re.compile(
    r"^\s*(?:the\s+)?(?:BBC Monitoring|Dawn|The News|News International|The Nation|"
    r"(?:The\s+)?Express Tribune|Tribune Pakistan|Pakistan Today|Daily Times|Frontier Post|"
    r"Business Recorder|Balochistan Post|Daily Jang|Nawa-i-Waqt)\b",
    re.IGNORECASE,
)


_OUTLET_COUNTRY = (
    (
        "IN",
        r"PTI|IANS|ANI|Press Trust of India|Hindustan Times|The Hindu|Times of India|TOI"
        r"|Indian Express|NDTV|India Today|Greater Kashmir|Kashmir Observer|Daily Excelsior"
        r"|Tribune India|The Tribune \(India\)|Deccan Herald|News18|Zee News",
    ),
    (
        "PK",
        r"Dawn|The News|News International|The Nation|(?:The\s+)?Express Tribune|Geo"
        r"|ARY|Samaa|Dunya|Radio Pakistan|APP|Associated Press of Pakistan|PTV|ISPR"
        r"|Inter-Services Public Relations|Pakistan Today|Daily Times|Business Recorder"
        r"|Frontier Post|Balochistan Post|Daily Jang|Express News",
    ),
    (
        "AF",
        r"TOLOnews|TOLO|Pajhwok|Khaama|Ariana|Amu TV|Afghanistan International|Bakhtar"
        r"|RTA|Shamshad|Hasht-e Subh|Ministry of National Defense",
    ),
)


def outlet_country(outlet: str | None) -> str | None:
    """Whose national outlet this is (PTI: India, Dawn: Pakistan, TOLOnews:
    Afghanistan), for "the Army" or "troops" that it names without a country."""
    for cc, names in _OUTLET_COUNTRY:
        if re.match(rf"^\s*(?:the\s+)?(?:{names})\b", outlet or "", re.IGNORECASE):
            return cc
    return None


def reports_yesterday(outlet: str | None) -> bool:
    """Does this outlet publish the previous day's events (a daily, a digest)?"""
    return bool(outlet) and bool(_NEXT_DAY_OUTLETS.match(outlet or ""))
