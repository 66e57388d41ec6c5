"""The candidates stage: each sentence's triggers as candidate events, with their type,
date window, place, actors, death counts and whose account they are.

One :class:`~truce.extract.event_merge.Candidate` per trigger and date in a sentence;
:mod:`truce.extract.event_merge` then folds the retellings of one happening together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from truce.extract.actors import (
    FORCE_NOUNS,
    actor_book,
    actor_dict,
    find_actors,
    is_trigger_argument,
    mention_role,
    one_role_each,
)
from truce.extract.clauses import (
    APART_CUE,
    EARLIER,
    FOUGHT,
    background,
    charged,
    choose_window,
    closure_window,
    count_owner,
    future_marked,
    habitual,
    in_summary,
    no_happening,
    only_speaks_or_locates,
    own_phrase,
    predicate,
    purpose,
    run_on,
    said_elsewhere,
    stopped,
    summary,
    telling,
    toll_of,
)
from truce.extract.event_merge import Candidate
from truce.extract.event_place import outlet_country
from truce.extract.event_type import (
    DIRECTED,
    VIOLENT,
    Trigger,
    find_triggers,
    rank,
    refine_type,
)
from truce.extract.fatalities import claimed_by, death_counts, own_dead
from truce.extract.nlp import stage
from truce.extract.place_cues import (
    ACTOR_AFTER,
    AREA_AFTER,
    HELD_BY,
    LOC_BEFORE,
    NEAR_CUE,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from truce.extract.gazetteer import Place
    from truce.extract.timex import Timex


def all_caps(text: str) -> bool:
    """Is the text written in capitals (a wire headline: "INDIAN ARTILLERY FIRE KILLS ONE")?"""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _segments(doc: Doc) -> Iterator[Span]:
    """Sentences, split again at ";" and at line breaks (joined headlines)."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.text == ";" or ("\n" in tok.text and tok.i > start):
                if tok.i > start:
                    yield doc[start : tok.i]
                start = tok.i + 1
        if start < sent.end:
            seg = doc[start : sent.end]
            if seg.text.strip():
                yield seg


def _party_of(claimant: str | None, caps: bool) -> str | None:
    """The country of whoever a report quotes ("Afghan officials", "the ISPR")."""
    if not claimant:
        return None
    codes = {m.country_code for m in find_actors(claimant, all_caps=caps) if m.country_code}
    return codes.pop() if len(codes) == 1 else None


# Where a statement was made: "at a briefing in Islamabad", "summoned in Kabul"; not
# "strike hideouts inside Afghanistan" nor "Kabul had informed the mediators"
_SAID_IN = re.compile(r"\b(?:in|at)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# Where a statement was issued or a briefing held: the telling's place, which only a
# charge or threat takes ("the ministry said in a statement issued in Kabul")
_TELLING_SEAT = re.compile(
    r"\b(?:(?:statement|communiqu[eé]|press\s+release|notification)\s+(?:was\s+)?"
    r"(?:issued|released|published|posted|distributed)\s+(?:in|from)"
    r"|(?:news|press)\s+conference\s+in|briefing\s+in|told\s+reporters\s+in)\s+$",
    re.IGNORECASE,
)


_HOLDS = re.compile(r"['’]s\s+(?:the\s+)?")


def _named_in(state: dict[str, Any], start: int, end: int) -> list[tuple[int, int, Place]]:
    """The places named in [start, end) outside the dateline, less those that only hold
    another ("the Nowshera sector of Rajouri district": the district holds the sector)."""
    text: str = state["text"]
    dl_start, dl_end = state["dateline"]
    inside = [
        (s, e, p)
        for s, e, p in state["places"]
        if start <= s and e <= end and not dl_start <= s < dl_end
    ]
    holders: set[int] = set()
    for (s1, e1, first), (s2, _, second) in pairwise(inside):
        if HELD_BY.fullmatch(text, e1, s2) and second.kind != "country":
            holders.add(s2)  # "the Nowshera sector of Rajouri district"
        elif _HOLDS.fullmatch(text, e1, s2) and first.kind != "country":
            holders.add(s1)  # "Jammu's Kanachak", "Poonch's Krishna Ghati"
    return [x for x in inside if x[0] not in holders]


# Between two places one sentence tells a happening in: "Asmar and Dangam", "the
# Urgun district of Paktika province and the Sperah district"
_AND_BETWEEN = re.compile(
    r"(?:\s+(?:districts?|provinces?|tehsils?|sectors?|areas?|villages?))?"
    r"(?:\s+of\s+[^,.;:!?\d]{1,30}?)?(?:\s*,\s*[^,.;:!?\d]{1,30},)?\s*,?\s+and\s+"
    # "... and a house in the Gayan district"
    r"(?:(?:an?|the)\s+[\w-]+\s+in\s+)?(?:the\s+|in\s+(?:the\s+)?)?",
    re.IGNORECASE,
)


def _co_places(state: dict[str, Any], start: int, end: int) -> list[Place]:
    """Two or more districts or towns named together as where one thing happened."""
    text: str = state["text"]
    named = [(s, e, p) for s, e, p in _named_in(state, start, end) if p.precision <= 3]
    if len(named) < 2:
        return []
    out = [named[0]]
    for s, e, p in named[1:]:
        gap = text[out[-1][1] : s]
        if not _AND_BETWEEN.fullmatch(gap):
            break
        if p.name not in {q.name for _, _, q in out}:
            out.append((s, e, p))
    return [p for _, _, p in out] if len(out) > 1 else []


_DISTRICT_AFTER = re.compile(r"^\s+district\b", re.IGNORECASE)


def _place_in(
    state: dict[str, Any],
    start: int,
    end: int,
    *,
    said: bool = False,
    skip: set[int] | None = None,
    trig_tok: Token | None = None,
) -> tuple[Place | None, int | None]:
    """The most specific place named in [start, end), with cue-adjusted precision
    (``said``: only where a statement was made)."""
    text: str = state["text"]
    best: tuple[int, int, Place] | None = None
    for s, e, p in _named_in(state, start, end):
        if skip and s in skip:
            continue
        if said and not _SAID_IN.search(text[max(0, s - 40) : s]):
            continue
        if said and trig_tok is not None:
            span = state["doc"].char_span(s, e, alignment_mode="expand")
            if span is not None and said_elsewhere(trig_tok, span.root):
                continue
        if not said and _TELLING_SEAT.search(text[max(0, s - 45) : s]):
            continue
        if p.kind == "country" and (
            not LOC_BEFORE.search(text[max(0, s - 30) : s]) or ACTOR_AFTER.match(text[e : e + 30])
        ):
            continue  # "Pakistan announced", "in U.S. drone strike": an actor
        prec = p.precision
        if prec == 1 and (
            NEAR_CUE.search(text[max(0, s - 30) : s]) or AREA_AFTER.match(text[e : e + 20])
        ):
            prec = 2
        if prec <= 2 and _DISTRICT_AFTER.match(text[e : e + 12]):
            # "the Machil sector of Kupwara district": the district (UCDP's 3), which the
            # sector inside it beats
            prec = 3
        if best is None or prec < best[0]:
            best = (prec, s, p)
    if best is None:
        return None, None
    return best[2], best[0]


@stage("candidates", needs={"doc", "timexes", "places"}, gives={"candidates", "narrative_timexes"})
def candidates_stage(state: dict[str, Any]) -> None:
    doc: Doc = state["doc"]
    text: str = state["text"]
    caps = all_caps(text)
    dct: date | None = state["dct"]
    # A dateline's date ("PESHAWAR, Oct 12 (Reuters) -") is the filing day, not an event's.
    dl_start, dl_end = state["dateline"]
    timexes = [t for t in state["timexes"] if not dl_start <= t.start < dl_end]
    out: list[Candidate] = []
    toll_timexes: set[int] = set()  # where a toll's own date stands
    last_violent: Candidate | None = None  # told in the sentences just before (same paragraph)
    carried: Candidate | None = None  # told at the end of the paragraph before
    carried_at = 0
    last_claim: str | None = None  # whom "it said" / "they said" stands for
    home = outlet_country(state["article"].outlet)
    for seg in _segments(doc):
        seg_text = text[seg.start_char : seg.end_char]
        triggers = find_triggers(seg_text)
        seg_claim = claimed_by(seg_text)
        if seg_claim is None and _PRONOUN_SAID.search(seg_text):
            seg_claim = last_claim
        last_claim = seg_claim or last_claim
        if last_violent is not None and "\n\n" in text[last_violent.seg_start : seg.start_char]:
            # a new paragraph; only "There was no loss of life" opening the next one
            # still tells of the happening just told
            carried, carried_at, last_violent = last_violent, seg.start_char, None
        if carried is not None and "\n\n" in text[carried_at : seg.start_char]:
            carried = None
        if not triggers:
            if last_violent is not None:
                found = _count_only(last_violent, seg, seg_text, caps)
                out += found
                if found:
                    last_violent = None
            elif carried is not None:
                found = _count_only(carried, seg, seg_text, caps)
                if found and all(d.high == 0 for c in found for d in c.counts):
                    out += found
                    carried = None
            continue
        last_violent = carried = None
        # ("DERA ISMAIL KHAN, Pakistan (AP) —": the dateline's country does not act)
        mentions = [
            m
            for m in find_actors(seg_text, all_caps=caps)
            if not dl_start <= seg.start_char + m.start < dl_end
        ]
        place, prec = _place_in(state, seg.start_char, seg.end_char)
        by_date: dict[Any, tuple[Trigger, Token, tuple[date, date, str] | None, bool]] = {}
        telling_only: set[Trigger] = set()  # dated only by "..., officials said Monday"
        told_by_verb: dict[Any, bool] = {}
        backgrounds: set[int] = set()
        seg_counts = death_counts(seg_text)  # read once per sentence, for every trigger
        # "attacks that have killed hundreds": years of violence count no one's dead here
        seg_counts = [d for d in seg_counts if not in_summary(seg_text, d)]
        seg_has_deaths = bool(seg_counts)
        apart = bool(APART_CUE.match(seg_text))
        tolls: set[Trigger] = set()
        # "bringing the number of dead worshippers to 14": words of a toll
        toll_spans = [(d.start, d.end) for d in seg_counts if d.toll]

        # each trigger's clause (its verb's), by kind of happening
        clause_of: list[tuple[bool, Token]] = []
        for trig in triggers:
            span = doc.char_span(
                seg.start_char + trig.start, seg.start_char + trig.end, alignment_mode="expand"
            )
            # (what is only stopped or charged, "agreed to stop all military action",
            # tells no happening whose clause could be another's)
            if span is not None and not (stopped(span.root) or charged(span.root)):
                clause_of.append((trig.event_type in VIOLENT, predicate(span.root)))
        # the dates inside what a noun trigger names ("a violation of the Doha agreement
        # of 19 October 2025") are that noun's: a charge made in the sentence is not of
        # that day
        noun_dates: dict[Trigger, set[int]] = {}
        for trig in triggers:
            span = doc.char_span(
                seg.start_char + trig.start, seg.start_char + trig.end, alignment_mode="expand"
            )
            if span is not None and span.root.pos_ not in ("VERB", "AUX"):
                noun_dates[trig] = {x.i for x in own_phrase(span.root)}
        for trig in triggers:
            span = doc.char_span(
                seg.start_char + trig.start, seg.start_char + trig.end, alignment_mode="expand"
            )
            if span is None:
                continue
            tok = span.root
            # "a truce announced on Wednesday, which collapsed when Pakistan carried out air
            # strikes on Friday": the other kind of happening's clause dates that one
            foreign_dates = _other_clauses(tok, trig.event_type in VIOLENT, clause_of)
            trig_timexes = [x for x in timexes if x.start not in foreign_dates]
            if trig.event_type in DIRECTED:
                others = set().union(*(v for k, v in noun_dates.items() if k is not trig))
                trig_timexes = [x for x in trig_timexes if not _root_in(doc, x, others)]
            if trig.event_type in VIOLENT and not seg_has_deaths and purpose(tok):
                continue
            if trig.event_type in VIOLENT and no_happening(tok, seg_has_deaths):
                continue  # ("have agreed to a ceasefire" is news, "have fought wars" is not)
            if habitual(tok, seg.start_char > state["title_end"], seg_has_deaths):
                continue
            if trig.event_type in VIOLENT and (
                summary(tok, seg_text) or charged(tok) or stopped(tok)
            ):
                continue
            # a threat is told in the future ("would not hesitate to strike"); the
            # telling is the happening
            future = trig.event_type != "threat" and future_marked(tok)
            # "agreed on Saturday to put into operation a mechanism to verify their
            # ceasefire from May 1": the agreeing dates the agreement
            dated_by = _agreeing_verb(tok) if trig.event_type == "ceasefire_agreement" else tok
            window, by_telling = choose_window(
                dated_by, trig_timexes, seg, future, dct, background=background(tok)
            )
            if window and trig.event_type in VIOLENT:
                window = run_on(window, timexes, seg.start_char, seg_text)
            if toll_of(tok) or any(a <= trig.start < b for a, b in toll_spans):
                window = None  # the toll's day is not the happening's
                tolls.add(trig)
            if window and dct and not future and window[0] <= dct < window[1]:
                window = (window[0], dct, window[2])  # "earlier this month": up to the report
            if background(tok):
                # "talks started in Istanbul after days of border clashes": the
                # sentence's place is the main event's, not the recalled one's
                backgrounds.add(tok.i)
            if (
                window
                and dct
                and window[2] in ("month", "year")
                and window[0] <= dct <= window[1]
                and not EARLIER.search(seg_text)
            ):
                # "violence in 2014" in a 2014 report: a summary, not a happening;
                # "earlier this month, a suicide bomber killed 54" is one
                continue
            if trig.event_type == "border_closure":
                window = closure_window(seg_text, trig, window, timexes, seg.start_char, dct)
            # a closure is its own happening beside the talks on reopening it
            # (and a threat or charge made while talks went on is its own)
            key = (
                window[:2] if window else ("none", future),
                trig.event_type in VIOLENT,
                trig.event_type == "border_closure",
                trig.event_type in DIRECTED,
            )
            if by_telling:
                telling_only.add(trig)
            have = by_date.get(key)
            if have is None or rank(trig.event_type) < rank(have[0].event_type):
                by_date[key] = (trig, tok, window, future)
            # "Four personnel were martyred when an IED went off": told by a verb, even
            # when the noun (the IED) names the type
            told_by_verb[key] = told_by_verb.get(key, False) or (
                tok.pos_ in ("VERB", "AUX") and not future
            )
        # "concerns about terrorist attacks from Kabul": what a violent noun's phrase
        # names is the topic of talks, not a party to them
        topic = {
            t.i
            for trig in triggers
            if trig.event_type in VIOLENT
            for span in [
                doc.char_span(
                    seg.start_char + trig.start,
                    seg.start_char + trig.end,
                    alignment_mode="expand",
                )
            ]
            if span is not None and span.root.pos_ not in ("VERB", "AUX")
            for t in span.root.subtree
        }
        # Each death count belongs to the nearest violent happening told before it
        # ("stormed the station on Saturday night, killing three policemen, before
        # troops retook it the next day in an operation that killed five")
        violent_told = [v for v in by_date.values() if v[0].event_type in VIOLENT]
        # an undated trigger beside a dated one tells the same happening: counts go to
        # the dated ones
        told = sorted(
            (v[0] for v in violent_told if v[2] is not None or not any(w[2] for w in violent_told)),
            key=lambda t: t.start,
        )
        if tolls and all(v[0] in tolls for v in violent_told):
            toll_timexes.update(
                t.start for t in timexes if seg.start_char <= t.start < seg.end_char
            )
        owner = {d: count_owner(d, told, seg_text) for d in seg_counts}
        seg_party = _party_of(seg_claim, caps)
        key_of = {v[0]: k for k, v in by_date.items()}
        recalled = {x.i for b in backgrounds for x in doc[b].subtree}
        for trig, tok, window, future in by_date.values():
            violent = trig.event_type in VIOLENT
            actors = _actors_for(
                mentions,
                doc,
                seg,
                tok,
                violent,
                state.get("main_country"),
                # what a recalled happening names ("in response to recent Pakistani air
                # strikes") takes no part in this one
                recalled - {x.i for x in tok.subtree} if violent else topic,
                # "Pakistani authorities closed the crossing": who closed it acts
                directed=trig.event_type in DIRECTED or trig.event_type == "border_closure",
                # (an Indian outlet's "security forces" in Pakistan are Pakistan's)
                home=home if home in state.get("context_countries", ()) else None,
            )
            if (
                trig.event_type in _TWO_PARTY or (violent and _BOTH_SIDES.search(seg_text))
            ) and sum(
                a["kind"] == ("state_forces" if violent else "government") for a in actors
            ) < 2:
                # "The two countries met in Doha", "border forces of the two countries
                # exchanged fire": the two the text named before
                named = {a["country_code"] for a in actors if a["kind"] != "civilians"}
                actors += [
                    a
                    for a in _pair_named_before(state, seg, caps, violent)
                    if a["country_code"] not in named
                ]
            targets = {a["kind"] for a in actors if a["role"] == "target"}
            initiators = {a["kind"] for a in actors if a["role"] == "initiator"}
            # "clashes between members of two communities killed 130": still clashes
            fought = FOUGHT.search(trig.text) is not None
            etype = trig.event_type if fought else refine_type(trig.event_type, targets, initiators)
            counts = (
                [
                    replace(
                        d,
                        report=seg.start_char,
                        party=seg_party,
                        of=seg_party if own_dead(seg_text, d) else d.of,
                    )
                    for d in seg_counts
                    if owner[d] is trig
                ]
                if violent
                else []
            )
            own_place: tuple[Place | None, int | None] = (place, prec)
            # "fought their worst clashes last October, before agreeing to a ceasefire in
            # Doha": the place of the other kind of happening's clause is not this one's
            foreign = _other_clauses(tok, violent, clause_of)
            if foreign:
                own_place = _place_in(state, seg.start_char, seg.end_char, skip=foreign)
            if trig.event_type in DIRECTED:
                own_place = _place_in(state, seg.start_char, seg.end_char, said=True, trig_tok=tok)
            elif tok.i in backgrounds:
                # a recalled happening's place is only one named in its own words
                # ("the ceasefire agreed ... in Doha on October 19")
                words = own_phrase(tok)
                own_place = _place_in(
                    state,
                    min(t.idx for t in words),
                    max(t.idx + len(t) for t in words),
                )
            out.append(
                Candidate(
                    event_type=etype,
                    trigger=trig,
                    seg_start=seg.start_char,
                    text=seg_text.strip(),
                    window=window,
                    dated_by_text=window is not None,
                    verbal=told_by_verb[key_of[trig]],
                    actors=actors,
                    counts=counts,
                    # a plan ("will meet on Nov 6") is announced, not claimed
                    claimed_by=None if future else seg_claim,
                    place=own_place[0],
                    place_precision=own_place[1],
                    toll=trig in tolls,
                    apart=apart,
                    told_date=trig in telling_only,
                    retold=violent and _definite(tok) and any(o.event_type in VIOLENT for o in out),
                    co_places=_co_places(state, seg.start_char, seg.end_char)
                    if violent and tok.i not in backgrounds
                    else [],
                )
            )
            if violent and tok.i not in backgrounds:
                last_violent = out[-1]
    state["candidates"] = out
    # the dates a narrative goes on from: "the toll rose to 14 on Saturday" is none
    state["narrative_timexes"] = [t for t in state["timexes"] if t.start not in toll_timexes]


_AGREEING = ("agree", "sign", "reach", "announc", "accept", "conclud")


def _agreeing_verb(tok: Token) -> Token:
    """The verb of agreeing a ceasefire noun hangs under, if any (else the noun)."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    for t in tok.ancestors:
        if t.pos_ == "VERB" and t.lower_.startswith(_AGREEING):
            return t
    return tok


def _definite(tok: Token) -> bool:
    """ "The attack in Dera Murad Jamali ... forced authorities to ...": a noun with
    "the/this/that", the happening already told."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
    )


# "Three soldiers were killed, it said.": the source named before
_PRONOUN_SAID = re.compile(
    r"(?:,\s*|^\W*)(?:it|they)\s+(?:said|says|added|claimed)\b", re.IGNORECASE
)


def _other_clauses(tok: Token, violent: bool, clause_of: list[tuple[bool, Token]]) -> set[int]:
    """Character offsets of the clauses that tell the other kind of happening (a fight
    beside an agreement), where this trigger does not stand."""
    mine = predicate(tok)
    out: set[int] = set()
    for kind, verb in clause_of:
        if kind == violent or verb.i == mine.i or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ not in ("advcl", "relcl", "acl", "conj", "pcomp", "xcomp") or telling(verb):
            continue  # only a subordinate clause ("before agreeing to ..."), not the telling
        words = list(verb.subtree)
        if any(w.i == tok.i for w in words):
            continue
        out.update(w.idx for w in words)
    return out


def _root_in(doc: Doc, x: Timex, tokens: set[int]) -> bool:
    span = doc.char_span(x.start, x.end, alignment_mode="expand")
    return span is not None and span.root.i in tokens


def _count_only(prev: Candidate, seg: Span, seg_text: str, caps: bool) -> list[Candidate]:
    """ "No casualties were reported." / "Two attackers were among the dead.": a count in
    a sentence with no trigger, told of the happening of the sentence just before."""
    counts = death_counts(seg_text)
    if not counts:
        return []
    claim = claimed_by(seg_text)
    party = _party_of(claim, caps)
    return [
        replace(
            prev,
            trigger=Trigger(0, 0, "", prev.event_type),
            seg_start=seg.start_char,
            text=seg_text.strip(),
            dated_by_text=False,
            verbal=False,
            actors=[],
            counts=[replace(d, report=seg.start_char, party=party) for d in counts],
            claimed_by=claim,
            place=None,
            place_precision=None,
            toll=False,
            count_only=True,
            texts=[],
        )
    ]


# Talks and agreements have two parties; a sentence that names one or none ("The
# second round of talks started in Istanbul", "The two countries met in Doha")
# continues with the parties the text named before.
_TWO_PARTY = {"talks", "ceasefire_agreement"}
# "the Pakistani ambassador", "India's charge d'affaires": the country, summoned
_ENVOY_NOUNS = frozenset(
    {"ambassador", "envoy", "diplomat", "diplomats", "charge", "chargé", "affaires",
     "d'affaires", "d’affaires", "commissioner"}
)  # fmt: skip


_BOTH_SIDES = re.compile(
    r"\b(?:the\s+two|both)\s+(?:countries|sides|neighbou?rs|armies|nations|states)\b"
    r"|\bthe\s+neighbou?rs\b",
    re.IGNORECASE,
)


def _pair_named_before(
    state: dict[str, Any], seg: Span, caps: bool, violent: bool = False
) -> list[dict[str, Any]]:
    """The last two countries named before this sentence, as governments taking part
    (as forces, in a fight)."""
    text: str = state["text"]
    seen: dict[str, Any] = {}
    for m in reversed(find_actors(text[: seg.start_char], all_caps=caps)):
        if (
            m.entry.group == "country"
            and m.entry.kind != "mediator"  # "Turkiye's foreign ministry said": a broker
            and m.country_code
            and m.country_code not in seen
        ):
            seen[m.country_code] = m
            if len(seen) == 2:
                break
    if len(seen) < 2:
        return []
    return [actor_dict(m, "participant", violent, None) for m in reversed(seen.values())]


def _owner_country(m: Any, root: Token, mentions: list[Any]) -> str | None:
    """The country of "its forces" / "their fighters": the last named actor before; of
    "the forces of the Pakistani military regime": the country named after "of"."""
    if m.country_code:
        return None
    adjectives = actor_book().adjectives
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            named = {adjectives[t.lower_] for t in prep.subtree if t.lower_ in adjectives}
            if len(named) == 1:
                return named.pop()
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in root.children):
        return None
    before = [o for o in mentions if o.end <= m.start and o.country_code]
    code: str | None = before[-1].country_code if before else None
    return code


def _actors_for(
    mentions: list[Any],
    doc: Doc,
    seg: Span,
    trig_tok: Token,
    violent: bool,
    main_country: str | None,
    topic: set[int],
    directed: bool = False,
    home: str | None = None,
) -> list[dict[str, Any]]:
    found: list[tuple[dict[str, Any], bool]] = []
    for m in mentions:
        span = doc.char_span(
            seg.start_char + m.start, seg.start_char + m.end, alignment_mode="expand"
        )
        if span is None or span.root.i in topic:
            continue
        if (
            violent
            and m.entry.kind == "mediator"
            and m.entry.group == "country"
            and span.root.head.lower_ not in FORCE_NOUNS
        ):
            continue  # "talks mediated by Qatar and Turkey after weeks of fighting"
        office = m.entry.group == "generic" and m.entry.kind == "government"
        if office and (
            violent or only_speaks_or_locates(span.root, trig_tok, speaker_too=not directed)
        ):
            continue  # an office speaks of a fight, it does not fight in it
        role = mention_role(span.root, trig_tok, violent, directed)
        if role is None:
            continue
        if (
            m.entry.group == "country"
            and span.root.dep_ in ("compound", "amod")
            and span.root.head.i != trig_tok.i
            and span.root.head.lower_ not in FORCE_NOUNS
            and span.root.head.lower_ not in _ENVOY_NOUNS
            and span.root.head.lower_ != "side"  # "fired from the Pakistani side"
        ):
            # "Pakistan school attack", "Pakistani girl": a country as adjective of a noun
            # other than the trigger describes, it does not act
            continue
        if m.entry.group != "generic" and only_speaks_or_locates(
            span.root, trig_tok, speaker_too=m.entry.group != "country"
        ):
            continue
        # "the Army", "troops" with no country of their own: in a national outlet,
        # that nation's; else the country the article is about
        unnamed_forces = m.entry.group == "generic" and m.entry.kind == "state_forces"
        context = _owner_country(m, span.root, mentions) or (
            home if unnamed_forces and home else main_country
        )
        a = actor_dict(m, role, violent, context)
        found.append((a, is_trigger_argument(span.root, trig_tok)))
    return one_role_each(found)
