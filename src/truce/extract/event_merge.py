"""Candidates → events: fold retellings of one happening into one event, and write it out.

A sentence-level :class:`Candidate` becomes an event when no earlier one tells the
same happening (same type, compatible place, dates within :data:`MERGE_WINDOW_DAYS`);
undated retellings join the dated event they repeat. The last step writes the
spec/event.md object (:mod:`truce.extract.event_output`), falling back to the
article's places when the event's own sentences name none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from truce.extract.actors import actor_book, one_role_each
from truce.extract.datelines import SOURCE_LINE, source_line
from truce.extract.event_output import to_dict, within
from truce.extract.event_place import reports_yesterday
from truce.extract.event_type import DIRECTED, VIOLENT, Trigger, rank
from truce.extract.fatalities import DeathCount
from truce.extract.nlp import stage

if TYPE_CHECKING:
    from truce.extract.gazetteer import Place

# Dated events of one type closer than this are one happening told twice
# ("talks started on October 25" ... "on October 29 Pakistan announced the end of talks").
MERGE_WINDOW_DAYS = 5


@dataclass
class Candidate:
    """One event as read from one sentence, before merging."""

    event_type: str
    trigger: Trigger
    seg_start: int
    text: str
    window: tuple[date, date, str] | None
    dated_by_text: bool
    verbal: bool
    actors: list[dict[str, Any]]
    counts: list[DeathCount]
    claimed_by: str | None
    place: Place | None
    place_precision: int | None
    texts: list[str] = field(default_factory=list)
    # "the death toll from the attack rose to 17 on Saturday": a later count of a
    # happening told elsewhere, dated by the count, not by the happening
    toll: bool = False
    # "No casualties were reported.": a count with no trigger, for the happening told
    # in the sentence before; it never makes an event of its own
    count_only: bool = False
    # "Meanwhile, ...", "In another incident, ...": a new happening, never a retelling
    apart: bool = False
    # dated only by the day of the telling ("..., officials said Monday"): a sentence
    # dating the happening itself ("erupted late Saturday night") overrides it
    told_date: bool = False
    # "shelling hit villages in Asmar and Dangam districts": the places one sentence
    # tells the happening in, each its own event (one place, one day)
    co_places: list[Place] = field(default_factory=list)
    # "The attack in X ... forced authorities to close the road on Tuesday": a
    # definite noun retelling a happening already told, of whatever violent type
    retold: bool = False
    # the retellings folded into it, each with its own place and counts
    parts: list[Candidate] = field(default_factory=list)


_AGAIN = re.compile(r"\b(?:continued|resumed|again|renewed|fresh)\b", re.IGNORECASE)


_GROUND_FIRE = frozenset({"shelling", "armed_clash"})


def _other_side_acts(ev: Candidate, c: Candidate) -> bool:
    """Does the sentence tell the other side acting ("Afghan forces responded by
    targeting Pakistani posts" after Pakistani air strikes)? Then it is a new happening."""

    def acting(x: Candidate) -> set[str]:
        return {a.get("country_code") or a["name"] for a in x.actors if a["role"] == "initiator"}

    def unnamed(x: Candidate) -> bool:
        # "a suicide bomber" and "the TTP, which the military blamed": who is not named
        # may be anyone's fighters
        generic = actor_book().entries["militants"].name
        return any(a["role"] == "initiator" and a["name"] == generic for a in x.actors)

    mine, theirs = acting(ev), acting(c)
    if (
        ev.event_type in _GROUND_FIRE
        and c.event_type == "armed_clash"
        and c.window is None
        and c.place is None
    ):
        # "The border forces responded to the source of the fire": the other side of
        # one exchange of fire, not a happening of its own
        return False
    return bool(mine and theirs and not mine & theirs) and not (unnamed(ev) or unnamed(c))


def _close(a: Place | None, b: Place) -> bool:
    """Within 30 km of each other: one spot told twice ("Khuiratta", "Kotli")."""
    from truce.extract.gazetteer import km

    return a is not None and km(a.lat, a.lon, b.lat, b.lon) <= 30


def _compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.name == b.name or a.kind == "country" or b.kind == "country":
        return a.country_code == b.country_code or a.kind == b.kind == "country"
    from truce.extract.gazetteer import km

    if km(a.lat, a.lon, b.lat, b.lon) <= 50:
        return True
    if max(a.precision, b.precision) >= 5 and km(a.lat, a.lon, b.lat, b.lon) <= 300:
        return True  # "along the LoC" and "in the Nowshera sector": the line's stretch
    # Two districts of one province, or a place and the province or region holding it
    # ("a former tribal region" ... "the Datta Khel area of North Waziristan").
    shared = {a.admin1, a.former_admin1} & {b.admin1, b.former_admin1} - {None}
    coarse = min(a.precision, b.precision) >= 3 or max(a.precision, b.precision) >= 4
    return bool(shared) and coarse and a.country_code == b.country_code


_FINENESS = {"day": 0, "week": 1, "month": 2, "year": 3}


def _merge_into(ev: Candidate, c: Candidate) -> None:
    """Fold a retelling into an event.

    An undated passing mention of a dated event adds only text and place; between
    undated reports (a digest of headlines about one attack) counts and actors add up.
    """
    ev.texts.append(c.text)
    ev.parts.append(c)
    if c.window is None and ev.window is not None and ev.dated_by_text:
        # "The attack took place in the Datta Khel area": a finer place for the event
        # (not the other side's account of it: "fired first on posts in the Poonch
        # sector", across the line)
        if c.place is not None and (
            ev.place is None
            or (
                (c.place_precision or 9) < (ev.place_precision or 9)
                and c.place.country_code == ev.place.country_code
            )
        ):
            ev.place, ev.place_precision = c.place, c.place_precision
        # "... killing seven soldiers." "Troops killed four of the attackers.": the
        # other side's dead, which no sentence of the event has counted yet
        if ev.event_type in VIOLENT:  # "..., police said" told later
            ev.claimed_by = ev.claimed_by or c.claimed_by
            # "four civilians were killed in Asmar district": who was hit, told later
            ev.actors = one_role_each(
                [(a, True) for a in ev.actors]
                + [(a, False) for a in c.actors if a["role"] == "target"]
            )
        parties = {d.party for d in ev.counts}
        if not ev.counts or c.toll:  # the lead told no number, or the toll rose since
            ev.counts += list(c.counts)
        elif any(d.party and d.party not in parties for d in c.counts):
            ev.counts += list(c.counts)  # the other party's count: a competing claim
        else:
            sides = {d.side for d in ev.counts}
            ev.counts += [d for d in c.counts if d.side and d.side not in sides and not d.claim]
        return
    if (
        rank(c.event_type) < rank(ev.event_type)
        and c.event_type in VIOLENT
        and ev.event_type in VIOLENT
    ):
        ev.event_type = c.event_type
    if (
        c.window
        and ev.window
        and _FINENESS.get(c.window[2], 9) < _FINENESS.get(ev.window[2], 9)
        and ev.window[2] in ("month", "year")
        and ev.window[0] <= c.window[0] <= ev.window[1]
    ):
        # "clashes last October" ... "on the night of Oct. 11": the day it was
        # ("a truce last year" ... "a ceasefire in Doha in October last year": the month)
        ev.window = c.window
    elif c.window and ev.window and ev.told_date and not c.told_date and ev.event_type in VIOLENT:
        ev.window, ev.told_date = c.window, False
    elif c.window and ev.window and not (c.told_date and not ev.told_date):
        ev.window = (min(ev.window[0], c.window[0]), max(ev.window[1], c.window[1]), ev.window[2])
    elif c.window and not ev.dated_by_text:
        ev.window, ev.dated_by_text = c.window, True
    if c.place is not None and (
        ev.place is None or (c.place_precision or 9) < (ev.place_precision or 9)
    ):
        ev.place, ev.place_precision = c.place, c.place_precision
    # the event's own reading of an actor stands; a retelling adds actors, and a
    # definite role where the event had only "participant"
    ev.actors = one_role_each([(a, True) for a in ev.actors] + [(a, False) for a in c.actors])
    ev.counts += c.counts
    ev.claimed_by = ev.claimed_by or c.claimed_by
    if c.co_places and not ev.co_places and (ev.place is None or ev.place in c.co_places):
        # "The strikes ... hit a village in Lalpur ... and a house in Gayan": the places
        # the happening told before without one took place at
        ev.co_places = list(c.co_places)


@stage("merge", needs={"candidates", "narrative_timexes", "main_place"}, gives={"events"})
def merge_stage(state: dict[str, Any]) -> None:
    cands: list[Candidate] = state["candidates"]
    dct: date | None = state["dct"]
    events: list[Candidate] = []

    item_of = _digest_items(state["text"])

    def same(ev: Candidate, c: Candidate, *, family: bool) -> bool:
        if item_of is not None and item_of(ev.seg_start) != item_of(c.seg_start):
            return False  # a digest's items are reports of different happenings
        same_type = ev.event_type == c.event_type or (
            family and ev.event_type in VIOLENT and c.event_type in VIOLENT
        )
        # Kabul's charge against Pakistan and Pakistan's protest to Kabul the same day
        # are two
        opposed = ev.event_type in DIRECTED and _other_side_acts(ev, c)
        # ("four were killed in Gayan" after strikes "in Lalpur ... and in Gayan")
        told_together = c.place is not None and _co_name(c.place, ev.co_places) is not None
        # ("the attack had been planned and directed from Afghanistan": a country named
        # with the happening retold is where it came from)
        told_together = told_together or (
            c.retold and c.place is not None and c.place.kind == "country"
        )
        return same_type and not opposed and (_compatible(ev.place, c.place) or told_together)

    for c in cands:  # dated ones first, in document order
        if not c.window:
            continue
        for ev in events:
            assert ev.window is not None
            near = abs((c.window[0] - ev.window[1]).days) <= MERGE_WINDOW_DAYS or (
                ev.window[0] <= c.window[0] <= ev.window[1]
            )
            # two violent events on different days, one placed and one not: two happenings
            # ("killed ... today" and "Yesterday, two policemen were shot dead in X")
            disjoint = c.window[0] > ev.window[1] or c.window[1] < ev.window[0]
            days = c.window[2] == ev.window[2] == "day" and c.event_type in VIOLENT
            # an agreement is made on one day: "the agreement follows a truce announced
            # on Wednesday" tells two
            deals = (
                c.window[2] == ev.window[2] == "day"
                and c.event_type == ev.event_type == "ceasefire_agreement"
                and (c.window[0] > ev.window[1] or c.window[1] < ev.window[0])
            )
            apart = days and (
                (
                    disjoint
                    and (c.place is None) != (ev.place is None)
                    # ("The attack on Monday" after a lead dated by its telling)
                    and not (c.retold and ev.told_date)
                )
                # "Intermittent shelling continued on 6 and 7 November": the days after
                or (disjoint and c.window[0] > ev.window[1] and _AGAIN.search(c.text) is not None)
                # "A day before the assault, men hurled a grenade at a shop", "In another
                # engagement on 9 March, ..."
                or c.apart
                # one sentence telling two days: "seized it on Saturday night ... before
                # troops retook it the next day"
                or (c.seg_start == ev.seg_start and c.window[0] != ev.window[0])
            )
            # one day, one place: the violent sentences of one happening ("stormed the
            # station" ... "on Sunday, troops cleared it after a gunbattle")
            one_day = c.window[2] == ev.window[2] == "day" and c.window[:2] == ev.window[:2]
            if near and not apart and not deals and same(ev, c, family=one_day or c.retold):
                _merge_into(ev, c)
                break
        else:
            if c.count_only:
                continue  # its happening was not kept

            c.texts = [c.text]
            events.append(c)
    has_dated = bool(events)
    title_end = state.get("title_end", 0)
    undated = [c for c in cands if not c.window]
    # A title and a toll ("the death toll rose to 14") retell the article's main
    # happening, which an undated sentence after them may still have to tell: they
    # are read last.
    # (With nothing dated, as in a digest of headlines, the text's order stands.)
    late = [c for c in undated if c.toll or c.seg_start < title_end] if has_dated else []
    # the dates of each sentence's dated happenings: an undated trigger beside them
    # ("... the ceasefire agreed in Doha on October 19 after talks") is of their time
    seg_windows: dict[int, list[tuple[date, date, str]]] = {}
    for c in cands:
        if c.window:
            seg_windows.setdefault(c.seg_start, []).append(c.window)

    def of_its_time(ev: Candidate, c: Candidate) -> bool:
        own = seg_windows.get(c.seg_start)
        if not own or ev.window is None:
            return True
        return any(w[0] <= ev.window[1] and ev.window[0] <= w[1] for w in own)

    for c in [c for c in undated if c not in late] + late:
        kin_all = [
            ev
            for ev in events
            if same(ev, c, family=False) and of_its_time(ev, c) and not _set_apart(ev, c)
        ]
        if c in late:
            family = [
                ev
                for ev in events
                if c.event_type in VIOLENT
                and ev not in kin_all
                and same(ev, c, family=True)
                and not _other_side_acts(ev, c)
            ]
            target = _main_of(kin_all, family, c, dct)
        else:
            # the latest of its type told before it, else the first one told at all
            before_same = [ev for ev in kin_all if ev.seg_start <= c.seg_start]
            # ("The martyred were identified as ..." after a bombing retells the bombing,
            # not a shooting told further on)
            told_before = c.event_type in VIOLENT and any(
                ev.event_type in VIOLENT
                and ev.seg_start <= c.seg_start
                and same(ev, c, family=True)
                for ev in events
            )
            target = max(before_same, key=lambda ev: ev.seg_start, default=None) or (
                None
                if told_before
                else next((ev for ev in kin_all if not _narrated_apart(state, c, ev)), None)
            )
        if target is None and not has_dated and not c.apart:
            target = next((ev for ev in events if same(ev, c, family=True)), None)
        if target is None and c.event_type in VIOLENT and not c.apart and c not in late:
            # An undated violent sentence that names no place of its own ("the attack",
            # "those strikes killed at least 10") retells the latest happening told
            # before it (titles and tolls were placed by _main_of above).
            kin = [
                ev
                for ev in events
                if ev.event_type in VIOLENT
                and same(ev, c, family=True)
                and not _other_side_acts(ev, c)
            ]
            before = [
                ev
                for ev in kin
                if ev.seg_start <= c.seg_start
                and (
                    c.place is None
                    or _close(ev.place, c.place)
                    or within(c.place, ev.place)
                    or _co_name(c.place, ev.co_places) is not None
                )
            ]
            target = max(before, key=lambda ev: ev.seg_start, default=None)
            if target is None:
                # "The bomber blew himself up at the mosque ..." told before the
                # sentence that dates it: the current happening told next
                target = next(
                    (
                        ev
                        for ev in kin
                        if ev.seg_start > c.seg_start
                        and _current(ev, dct)
                        and not _set_apart(ev, c)
                        and not _narrated_apart(state, c, ev)
                    ),
                    None,
                )
        if target is None and c.count_only:
            continue  # "No casualties were reported" after no happening
        told_apart = _paragraph_window(state, c)
        if (
            target is not None
            and target.told_date
            and c.event_type in VIOLENT
            and c.verbal
            and told_apart is not None
            and target.window is not None
            and (told_apart[1] < target.window[0] or told_apart[0] > target.window[1])
        ):
            # "the ISPR said on Sunday" dated the lead by its telling; "On the night of
            # April 23 ... seventeen khwarij were killed" tells its own day: an event
            # of its own, which the lead's summary then folds into
            c.window, c.dated_by_text, c.texts = told_apart, True, [c.text]
            events.append(c)
            continue
        if target is not None:
            in_title = c.seg_start < title_end
            if in_title and target.place is not None:
                c.place = None  # a title's "in DI Khan" never overrides the body's place
            _merge_into(target, c)
            continue
        if has_dated and not c.verbal:
            continue  # a passing mention ("amid accusations") of no dated happening
        if (
            c.event_type not in VIOLENT
            and not c.verbal
            and c.trigger.event_type in ("talks", "accusation", "threat")
        ):
            continue
        c.window = _default_window(state, c, dct)
        c.texts = [c.text]
        events.append(c)
    local = [
        (c.place_precision or c.place.precision, c.place)
        for c in cands
        if c.event_type in VIOLENT and c.place is not None and c.place.kind != "country"
    ]
    state["violent_place"] = min(local[:3], key=lambda x: x[0])[1] if local else None
    # a lead's roll-up is not coded; a lead telling only one happening the text then
    # dates ("Two children were wounded when shells landed in Ziruk district, an
    # official said on Wednesday") gives it its place and counts
    rolled = {id(ev): _rolled_up(ev, events) for ev in events}
    for ev in events:
        if len(rolled[id(ev)]) == 1:
            _merge_into(rolled[id(ev)][0], ev)
    events = [ev for ev in events if not rolled[id(ev)]]
    # a fight can only have happened: one dated after the report misread its date
    # ("a dry winter" read as the coming one)
    if dct is not None:
        events = [
            ev
            for ev in events
            if not (ev.event_type in VIOLENT and ev.window and ev.window[0] > dct)
        ]
    events = [one for ev in events for one in _split_by_place(state, ev)]
    # "a major offensive in 2014", "a year ago they were firing artillery": a year-only
    # summary is no event a coder records beside the article's dated ones
    if any(ev.window and ev.window[2] in ("day", "week", "month") for ev in events):
        events = [ev for ev in events if not (ev.window and ev.window[2] == "year")]
    _talks_until_agreement(events)
    # An accusation or a threat the mechanism records is between states ("Iran
    # summoned the Pakistani ambassador"); "residents accuse the police" or "an
    # accusation their employer denied" is not one.
    events = [ev for ev in events if ev.event_type not in DIRECTED or _between_states(ev)]
    state["events"] = [to_dict(state, ev) for ev in events]


def _digest_items(text: str) -> Callable[[int], int] | None:
    """A monitoring digest (items each closed by a source line, "(Dawn website, Karachi,
    in English 6 Oct 26)"): which item a position is in; None for other articles."""
    # an item ends with its source line; its heading may stand in a paragraph of its own
    ends = [m.end() for m in SOURCE_LINE.finditer(text)]
    if len(ends) < 2:
        return None
    return lambda at: bisect_right(ends, at)


def _between_states(ev: Candidate) -> bool:
    """A government acts, or the forces of two states face each other ("the Northern
    Command warned the Pakistan Army")."""
    if any(a["kind"] == "government" for a in ev.actors):
        return True

    def states(role: str) -> set[str]:
        return {
            a["country_code"]
            for a in ev.actors
            if a["kind"] == "state_forces" and a["role"] == role and a.get("country_code")
        }

    makers, facing = states("initiator"), states("target")
    if makers and facing and makers != facing:
        return True
    # "Jamaat-ul-Ahrar threatened to target more police stations": a named armed
    # group's threat against a state
    generic = actor_book().entries["militants"].name
    return (
        ev.event_type == "threat"
        and any(
            a["kind"] == "armed_group" and a["role"] == "initiator" and a["name"] != generic
            for a in ev.actors
        )
        and bool(facing)
    )


def _co_name(p: Place, co_places: list[Place]) -> str | None:
    """Which of the places told together a mention is ("Lalpur" read again as the town
    after "the Lalpur district")."""
    for q in co_places:
        if p.name == q.name or (p.country_code == q.country_code and _close(p, q)):
            return q.name
    return None


def _split_by_place(state: dict[str, Any], ev: Candidate) -> list[Candidate]:
    """One event per place its sentence names together ("in Asmar and Dangam
    districts"), each with the dead counted at it: the place named right after a count
    ("Eight people died in Lalpur and four were killed in Gayan"), else the one place
    the count's sentence names ("In Dangam district, two civilians were killed"); a
    total for all of them ("six killed in Asmar and Dangam") stays with the first when
    no count is a place's own."""
    if len(ev.co_places) < 2 or ev.event_type not in VIOLENT:
        return [ev]
    names = {p.name for p in ev.co_places}
    own: dict[str, list[DeathCount]] = {p.name: [] for p in ev.co_places}
    told = {c.seg_start: c for c in [*ev.parts, ev]}  # the sentence each count is in
    seen: set[int] = set()
    for d in [d for c in [ev, *ev.parts] for d in c.counts]:
        if id(d) in seen:
            continue
        seen.add(id(d))
        after = [
            name
            for s, _, p in state["places"]
            if d.report + d.start <= s <= d.report + d.end + 40
            for name in [_co_name(p, ev.co_places)]
            if name is not None
        ]
        c = told.get(d.report)
        if after:
            own[after[0]].append(d)
        elif (
            c is not None and c.place is not None and c.place.name in names and len(c.co_places) < 2
        ):
            own[c.place.name].append(d)
    split_counts = any(own.values())
    out = []
    for i, p in enumerate(ev.co_places):
        counts = own[p.name] if split_counts else (ev.counts if i == 0 else [])
        out.append(
            replace(
                ev,
                place=p,
                place_precision=p.precision,
                counts=counts,
                co_places=[],
                parts=[],
                texts=list(ev.texts),
            )
        )
    return out


def _rolled_up(ev: Candidate, events: list[Candidate]) -> list[Candidate]:
    """The happenings a lead dated only by its telling rolls up ("foiled two attempts ...,
    killing 21, the ISPR said on Sunday"): those the text dates to a day in the week
    before the telling, at a compatible place. Empty for any other event."""
    if not ev.told_date or ev.window is None or ev.event_type not in VIOLENT:
        return []
    told = ev.window[0]
    return [
        o
        for o in events
        if o is not ev
        and o.event_type in VIOLENT
        and o.window is not None
        and not o.told_date
        and o.window[2] == "day"
        and 0 < (told - o.window[1]).days <= 7
        and _compatible(o.place, ev.place)
    ]


def _paragraph_window(state: dict[str, Any], c: Candidate) -> tuple[date, date, str] | None:
    """The date told last before the sentence in its own paragraph, if any."""
    text: str = state["text"]
    at = c.seg_start + c.trigger.start
    start = text.rfind("\n\n", 0, at)
    found = [x for x in state["narrative_timexes"] if start <= x.start and x.end <= at]
    if not found or found[-1].date_start is None or found[-1].date_end is None:
        return None
    x = found[-1]
    return (x.date_start, x.date_end, x.precision or "day")


def _set_apart(ev: Candidate, c: Candidate) -> bool:
    """Does "In another incident" stand between them (at the later one's start)?"""
    later = c if c.seg_start > ev.seg_start else ev
    return later.apart


def _current(ev: Candidate, dct: date | None) -> bool:
    """Is the event a day of the report's own week (not a recalled month or year)?"""
    if ev.window is None or ev.window[2] != "day":
        return False
    return dct is None or -1 <= (dct - ev.window[1]).days <= 7


def _main_of(
    kin: list[Candidate], family: list[Candidate], c: Candidate, dct: date | None
) -> Candidate | None:
    """The happening a title or a toll retells: for a toll in the body, the latest told
    before it; else the current one nearest the report, the first told on a tie. A
    current one of another violent type ("attack" for the shooting) beats a recalled
    one of the same type."""
    both = kin + family
    if not both:
        return None
    if c.toll and c.seg_start > 0:
        before = [ev for ev in both if ev.seg_start <= c.seg_start and _current(ev, dct)]
        if before:
            return max(before, key=lambda ev: ev.seg_start)
    current = [ev for ev in kin if _current(ev, dct)] or [ev for ev in family if _current(ev, dct)]
    if not current and c.toll:
        return None  # a toll is of what is happening now, never of a recalled event
    current = current or kin or family

    def gap(ev: Candidate) -> int:
        assert ev.window is not None
        return abs((dct - ev.window[1]).days) if dct else 0

    return min(current, key=lambda ev: (gap(ev), ev.seg_start))


def _narrated_apart(state: dict[str, Any], c: Candidate, ev: Candidate) -> bool:
    """Does the narrative date at an undated sentence (the last date told before it,
    tolls' dates aside) lie apart from the later event it might retell?"""
    from truce.extract.timex import latest_window_before

    if ev.window is None:
        return False
    before = latest_window_before(state["narrative_timexes"], c.seg_start + c.trigger.start)
    return before is not None and (before.start > ev.window[1] or before.end < ev.window[0])


def _talks_until_agreement(events: list[Candidate]) -> None:
    """A round of talks that ends in an agreement lasts until the agreement's day.

    "Talks started in Istanbul on October 25 ... on October 30 both countries agreed
    to maintain the ceasefire": the talks run 25–30 October.
    """
    for talks in events:
        if talks.event_type != "talks" or talks.window is None or talks.window[2] != "day":
            continue
        start, end, prec = talks.window
        for deal in events:
            w = deal.window
            if (
                deal.event_type == "ceasefire_agreement"
                and w is not None
                and w[2] == "day"
                and start <= w[0]
                and 0 < (w[0] - end).days <= MERGE_WINDOW_DAYS
                and _compatible(talks.place, deal.place)
            ):
                talks.window = (start, w[0], prec)
                break


_PRESENT_STANCE = re.compile(
    r"\b(?:condemns|holds|accuses|blames|warns|demands|rejects|calls\s+on)\b", re.IGNORECASE
)


def _default_window(
    state: dict[str, Any], c: Candidate, dct: date | None
) -> tuple[date, date, str] | None:
    """An undated event: the date of the narrative before it, else the report's day.

    An event whose own sentence gives a relative date that cannot be resolved (no
    publication date) stays undated: borrowing another sentence's date would be a guess.
    """
    from truce.extract.timex import latest_window_before

    sentence_end = c.seg_start + len(c.text) + 1
    if any(c.seg_start <= at < sentence_end for at in state.get("unresolved", ())):
        return None
    at = c.seg_start + c.trigger.start
    text: str = state["text"]
    item_start = text.rfind("\n\n", 0, at)
    if not any(item_start <= x.start < at for x in state["narrative_timexes"]):
        # a digest item with no date of its own: the day its source published it
        # ("(Dawn website, Karachi, in English 4 Apr 25)": a daily, so the 3rd)
        source = source_line(text, at)
        if source is not None:
            outlet, day = source
            day -= timedelta(days=1) if reports_yesterday(outlet) else timedelta(0)
            return (day, day, "day")
    before = latest_window_before(state["narrative_timexes"], at)
    if c.event_type in DIRECTED and dct is not None and _PRESENT_STANCE.search(c.text):
        # "The Ministry strongly condemns this attack ... and holds the regime
        # responsible": said in the statement, on the day it is issued
        return (dct, dct, "day")
    if before is not None:
        return (before.start, before.end, before.precision)
    if dct is None:
        return None
    if reports_yesterday(state["article"].outlet):
        day = dct - timedelta(days=1)
        return (day, day, "day")
    return (dct, dct, "day")
