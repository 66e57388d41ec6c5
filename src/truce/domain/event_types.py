"""The one list of event types, with their ACLED and PLOVER equivalents (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class EventType:
    code: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover: str | None
    violent: bool


EVENT_TYPES: Final[tuple[EventType, ...]] = (
    EventType("armed_clash", "Battles", "Armed clash", "ASSAULT", True),
    EventType(
        "shelling",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "ASSAULT",
        True,
    ),
    EventType("air_strike", "Explosions/Remote violence", "Air/drone strike", "ASSAULT", True),
    EventType(
        "explosive_attack",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "ASSAULT",
        True,
    ),
    EventType("attack_on_civilians", "Violence against civilians", "Attack", "ASSAULT", True),
    EventType(
        "abduction", "Violence against civilians", "Abduction/forced disappearance", "COERCE", True
    ),
    EventType(
        "territory_change", "Battles", "Non-state actor overtakes territory", "ASSAULT", True
    ),
    EventType("ceasefire_agreement", "Strategic developments", "Agreement", "AGREE", False),
    EventType("talks", "Strategic developments", "Other", "CONSULT", False),
    EventType("accusation", None, None, "ACCUSE", False),
    EventType("threat", None, None, "THREATEN", False),
    EventType("border_closure", "Strategic developments", "Other", "SANCTION", False),
    EventType("mobilization", "Strategic developments", "Other", "MOBILIZE", False),
    EventType("other", None, None, None, False),
)

EVENT_TYPE_CODES: Final[frozenset[str]] = frozenset(t.code for t in EVENT_TYPES)
BY_CODE: Final[dict[str, EventType]] = {t.code: t for t in EVENT_TYPES}


def event_type(code: str) -> EventType:
    """Return the event type named ``code``; KeyError names the unknown code."""
    return BY_CODE[code]
