"""Actors: who acted on whom, from actors.yaml and the dependency parse.

Mentions are found by one regex over the aliases in ``data/actors.yaml``; the
parse then says which role each plays towards the event trigger: the subject of
"attack/kill/shell" is the initiator, its object (or the passive subject) the
target; "by X" marks an initiator and "on/against X" a target. One actor takes one
role in an event (:func:`one_role_each`): a sentence that names it twice ("Police
killed two militants after militants attacked a police post") is read from the
trigger's own arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that make a country name a place ("in Pakistan"), not an actor.
_LOCATIVE = {
    "in",
    "at",
    "near",
    "inside",
    "into",
    "across",
    "within",
    "to",
    "of",
    "along",
    "on",
    "over",
    "outside",
    "around",
    "through",
    "for",
}
_AGENT_PREPS = {"by", "from"}
_TARGET_PREPS = {"on", "against", "at", "targeting"}
# Verbs whose subject tells of an event rather than doing it (the parser has no
# lemmatizer, so the forms are listed).
_REPORTING = {
    f"{stem}{end}"
    for stem in (
        "say",
        "report",
        "claim",
        "allege",
        "confirm",
        "accuse",
        "blame",
        "deny",
        "warn",
        "protest",
        "condemn",
        "summon",
        "urge",
        "want",
        "announce",
    )
    for end in ("", "s", "ed", "d")
} | {"said", "tell", "tells", "told"}
# "Pakistan accuses Indian troops of killing a soldier": the accused did the violence.
_ACCUSING = {"accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming"}
# Nouns a country adjective turns into that country's force ("Indian fire", "Afghan
# shelling"), unlike "Pakistani girl" or "Pakistan school" where the country acts not.
FORCE_NOUNS = {
    "fire",
    "firing",
    "gunfire",
    "shelling",
    "shells",
    "shell",
    "artillery",
    "mortar",
    "mortars",
    "shooting",
    "sniper",
    "snipers",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "drone",
    "drones",
    "jets",
    "aircraft",
    "helicopters",
    "gunships",
    "bombardment",
    "aggression",
    "attack",
    "attacks",
    "raid",
    "raids",
    "offensive",
    "rockets",
    "missiles",
    "missile",
    "troops",
    "forces",
    "army",
    "soldiers",
    "guards",
}


@dataclass(frozen=True)
class ActorEntry:
    """One alias → actor: the canonical name(s), country and kind."""

    name: str
    country_code: str | None
    kind: str
    group: str  # "country" | "org" | "generic"
    government: str | None = None  # countries: name when acting politically


@dataclass
class ActorMention:
    """An actor found in a sentence: character span, entry, and the parse token."""

    start: int
    end: int
    text: str
    entry: ActorEntry
    country_code: str | None


@dataclass(frozen=True)
class ActorBook:
    """The compiled alias regexes and the entry for each lower-cased alias."""

    entries: dict[str, ActorEntry]
    pattern: re.Pattern[str]
    acronyms: re.Pattern[str]
    adjectives: dict[str, str]  # country name/adjective (lower) → country code
    countries: dict[str, ActorEntry]  # country code → the country's entry


_ADJ_GAP = re.compile(r"\s+|['’]s\s+")


def _is_acronym(alias: str) -> bool:
    return any(c.isupper() for c in alias[1:]) and " " not in alias


@lru_cache(maxsize=1)
def actor_book() -> ActorBook:
    """Load actors.yaml once per process."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("truce.extract").joinpath("data/actors.yaml").read_text("utf-8")
    )
    entries: dict[str, ActorEntry] = {}
    acr: dict[str, ActorEntry] = {}
    adjectives: dict[str, str] = {}
    countries: dict[str, ActorEntry] = {}
    for code, c in raw["countries"].items():
        e = ActorEntry(c["forces"], code, c.get("kind", "state_forces"), "country", c["government"])
        countries[code] = e
        for n in c["names"]:
            (acr if _is_acronym(n) else entries)[n if _is_acronym(n) else n.lower()] = e
            adjectives[n.lower()] = code
    for g in raw["groups"]:
        e = ActorEntry(g["name"], g.get("country_code"), g["kind"], "org")
        for a in g["aliases"]:
            if _is_acronym(a):
                acr[a] = e
            else:
                entries.setdefault(a.lower(), e)
    for kind, g in raw["generic"].items():
        e = ActorEntry(g["name"], None, kind, "generic")
        for w in g["words"]:
            if _is_acronym(w):
                acr[w] = e
            else:
                entries.setdefault(w.lower(), e)
    entries.update(
        {k.lower(): v for k, v in acr.items() if k.lower() not in entries and len(k) > 3}
    )

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    pattern = re.compile(rf"(?<![\w-])(?:{alt(list(entries))})(?![\w-])", re.IGNORECASE)
    acronyms = re.compile(rf"(?<![\w-])(?:{alt(list(acr))})(?![\w-])")
    for k, v in acr.items():
        entries.setdefault(k, v)
    return ActorBook(entries, pattern, acronyms, adjectives, countries)


def find_actors(text: str, *, all_caps: bool = False) -> list[ActorMention]:
    """Actor mentions in ``text`` (a sentence), document order, longest match wins.

    A country adjective right before a generic noun ("Pakistani troops", "Indian
    army") gives that noun its country and becomes part of one mention.
    """
    book = actor_book()
    found: list[tuple[int, int, ActorEntry]] = []
    for m in book.pattern.finditer(text):
        found.append((m.start(), m.end(), book.entries[m.group(0).lower()]))
    for m in book.acronyms.finditer(text):
        if all_caps and len(m.group(0)) <= 3:
            continue  # in ALL-CAPS text "US", "IS", "UN" are ordinary words
        found.append((m.start(), m.end(), book.entries[m.group(0)]))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, ActorEntry]] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            continue
        kept.append(f)
    out: list[ActorMention] = []
    for s, e, entry in kept:
        prev = out[-1] if out else None
        if (
            prev
            and entry.group == "generic"
            and _ADJ_GAP.fullmatch(text[prev.end : s])
            and (
                prev.entry.group == "country"
                or (prev.entry.group == "org" and entry.kind == prev.entry.kind)
            )
        ):
            # "Pakistani troops", "Indian army", "TTP militants": one actor
            keep = entry if prev.entry.group == "country" else prev.entry
            out[-1] = ActorMention(prev.start, e, text[prev.start : e], keep, prev.country_code)
            continue
        out.append(ActorMention(s, e, text[s:e], entry, entry.country_code))
    return out


_MEMBER_NOUNS = frozenset(
    {"personnel", "members", "member", "soldiers", "soldier", "officials", "official",
     "troops", "men", "officers", "officer", "jawans", "guards", "fighters", "cadres"}
)  # fmt: skip
_REPELLING = frozenset(
    {"repelled", "repulsed", "foiled", "thwarted", "repel", "repels", "foil", "foils",
     "thwart", "thwarts", "repulse", "repulses", "resisted", "fended", "beat"}
)  # fmt: skip


def mention_role(
    tok: Token, trigger: Token | None, violent: bool, directed: bool = False
) -> str | None:
    """The role a mention's head token plays towards the trigger, from the parse.

    Returns None for a country name used as a place ("clashes in Pakistan"). A
    directed non-violent event (an accusation, a threat) has an initiator and a
    target as a violent one does ("Iran's foreign ministry summoned the Pakistani
    ambassador"); talks and agreements have participants.
    """
    acting = violent or directed
    # climb compound/amod chains: "Pakistani security forces" → "forces"
    t = tok
    while t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i:
        if trigger is not None and t.head.i == trigger.i:
            return "initiator" if acting else "participant"  # "Indian shelling"
        t = t.head
    if t.dep_ == "poss":
        if trigger is not None and t.head.i == trigger.i:
            return "initiator" if acting else "participant"
        t = t.head
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if (
        t.dep_ == "pobj"
        and t.head.lower_ == "of"
        and t.head.head.lower_ in _MEMBER_NOUNS
        and t.head.head.i != t.head.i
    ):
        t = t.head.head  # "four personnel of the Frontier Corps were martyred"
    if t.dep_ == "pobj" and t.head.lower_ in ("including", "among") and t.head.head.i != t.head.i:
        # "five people, including three policemen, were killed": as the people were
        t = t.head.head
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
    if (
        t.dep_ == "pobj"
        and t.head.lower_ in ("to", "by")
        and t.head.head.lower_ in ("belonging", "owned", "operated", "flown", "attached")
        and t.head.head.head.i != t.head.head.i
    ):
        # "a drone belonging to Pakistan's military struck": as the drone does
        t = t.head.head.head
        if trigger is not None and t.i == trigger.i:
            return "initiator" if acting else "participant"
    dep = t.dep_
    if violent and t.lower_ == "side" and dep == "pobj" and t.head.lower_ == "from":
        return "initiator"  # "shells fired from the Pakistani side of the border"
    if (
        dep == "nsubj"
        and violent
        and t.head.lower_ in _REPELLING
        and trigger is not None
        and trigger.head.i == t.head.i
        and trigger.i != t.head.i
    ):
        return "target"  # "security forces repelled an attack by militants": attacked
    if dep == "pobj":
        prep = t.head.lower_
        if prep in _AGENT_PREPS:
            return "initiator" if acting else "participant"
        if prep in _TARGET_PREPS and acting:
            return "target"
        if prep == "between":
            return "participant"
        if prep in _LOCATIVE:
            return None
        return "participant"
    if dep == "dobj" and violent and t.head.lower_ in _ACCUSING and t.head.i != t.i:
        return "initiator"
    if dep in ("nsubjpass", "dobj", "attr"):
        return "target" if acting else "participant"
    if (
        dep == "nsubj"
        and t.head.lower_ in _REPORTING
        and (trigger is None or t.head.i != trigger.i)
    ):
        # "Pakistan says Indian shelling kills three": the source; but who tells a
        # threat or a charge makes it ("the minister told a channel it would strike")
        return "initiator" if directed and not violent else "participant"
    if dep in ("nsubj", "agent"):
        return "initiator" if acting else "participant"
    if dep == "appos":
        return "participant"
    return "participant"


def is_trigger_argument(tok: Token, trigger: Token | None) -> bool:
    """Whether a mention's head token is an argument of the trigger itself: its
    subject or object, its modifier ("Indian shelling"), or the object of one of its
    prepositions ("an attack on security forces"), and not of another verb in the
    sentence ("... after militants attacked a police post")."""
    if trigger is None:
        return False
    t = tok
    while t.dep_ in ("compound", "amod", "nmod", "poss") and t.head.i != t.i:
        if t.head.i == trigger.i:
            return True
        t = t.head
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.i == trigger.i:
        return True
    head = t.head
    if t.dep_ == "pobj" and head.i != t.i:
        head = head.head  # the preposition's head: "attack [on] forces", "killed [by] X"
    return head.i == trigger.i


_SPECIFIC = {"initiator", "target", "mediator"}


def one_role_each(found: Iterable[tuple[dict[str, Any], bool]]) -> list[dict[str, Any]]:
    """The event's actors, each (same name, country and kind) once, in one role.

    ``found`` pairs each actor object with whether its mention is an argument of the
    event's trigger (:func:`is_trigger_argument`). When one actor is read in two
    roles, the better-supported one wins: a definite role (initiator, target,
    mediator) over "participant"; then a role read from the trigger's own arguments
    over one read from another verb; then initiator over target (read as the subject
    of a violent verb, the actor did it). Between equals the first reading stands, so
    a caller that merges events passes the event's own actors as arguments. Actors
    keep the position of their first mention, and one name still appears once per role.
    """
    best: dict[tuple[Any, Any, Any], tuple[tuple[bool, bool, bool], dict[str, Any]]] = {}
    for actor, direct in found:
        key = (actor["name"], actor.get("country_code"), actor.get("kind"))
        role = actor["role"]
        strength = (role in _SPECIFIC, direct, role == "initiator")
        if key not in best or strength > best[key][0]:
            best[key] = (strength, actor)  # a dict keeps the key's first position
    out: list[dict[str, Any]] = []
    named: set[tuple[Any, Any]] = set()
    for _, actor in best.values():
        if (actor["name"], actor["role"]) not in named:
            named.add((actor["name"], actor["role"]))
            out.append(actor)
    return out


def actor_dict(
    m: ActorMention, role: str, violent: bool, context_country: str | None
) -> dict[str, Any]:
    """The spec's actor object for a mention in a role."""
    e = m.entry
    cc = m.country_code
    if e.group == "country":
        if e.kind == "mediator" and not violent:
            return {
                "name": e.government,
                "country_code": cc,
                "kind": "mediator",
                "role": "mediator",
            }
        if violent:
            return {"name": e.name, "country_code": cc, "kind": "state_forces", "role": role}
        return {"name": e.government, "country_code": cc, "kind": "government", "role": role}
    if e.group == "generic":
        if e.kind in ("state_forces", "government"):
            cc = cc or context_country
            country = actor_book().countries.get(cc or "")
            if e.kind == "state_forces":
                name = country.name if country else e.name
                return {"name": name, "country_code": cc, "kind": "state_forces", "role": role}
            if country is not None and country.kind == "mediator":
                # "Türkiye's Foreign Ministry": the mediator
                return {
                    "name": country.government,
                    "country_code": cc,
                    "kind": "mediator",
                    "role": "mediator",
                }
            name = (country.government if country else None) or e.name
            return {"name": name, "country_code": cc, "kind": "government", "role": role}
        if e.kind == "civilians":
            return {
                "name": "civilians",
                "country_code": cc or context_country,
                "kind": "civilians",
                "role": "target" if violent else role,
            }
        return {"name": e.name, "country_code": cc, "kind": e.kind, "role": role}
    if e.kind in ("mediator", "international") and not violent:
        role = "mediator"
    if e.kind == "government" and violent and cc:
        # "officials of the Islamic Emirate's intelligence directorate were killed":
        # in a fight, a government is its forces
        country = actor_book().countries.get(cc)
        name = country.name if country else e.name
        return {"name": name, "country_code": cc, "kind": "state_forces", "role": role}
    return {"name": e.name, "country_code": cc, "kind": e.kind, "role": role}
