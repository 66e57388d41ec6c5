"""Cases: the verification of one incident against an agreement, as a state machine.

The table below is the whole law of a case's life; services ask
:func:`check_transition` before recording any move, and the refusal names the
moves that are allowed so a verifier knows what to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from truce.domain.agreement import Agreement
from truce.errors import Conflict


class CaseState(StrEnum):
    REPORTED = "reported"
    UNDER_VERIFICATION = "under_verification"
    VERIFIED = "verified"
    UNVERIFIABLE = "unverifiable"
    NOT_A_VIOLATION = "not_a_violation"
    DISPUTED = "disputed"
    APPEALED = "appealed"
    RETRACTED = "retracted"


S = CaseState
#: Legal moves. Outcomes (verified / unverifiable / not_a_violation) come only
#: from verification; new evidence may reopen an unverifiable case; only a
#: verified finding can be appealed (by the party found responsible); an appeal
#: ends in an outcome or sends the case back to verification; retraction (the
#: complainant withdrawing) is possible until there is an outcome and is final.
TRANSITIONS: Final[dict[CaseState, frozenset[CaseState]]] = {
    S.REPORTED: frozenset({S.UNDER_VERIFICATION, S.DISPUTED, S.RETRACTED}),
    S.UNDER_VERIFICATION: frozenset(
        {S.VERIFIED, S.UNVERIFIABLE, S.NOT_A_VIOLATION, S.DISPUTED, S.RETRACTED}
    ),
    S.DISPUTED: frozenset(
        {S.UNDER_VERIFICATION, S.VERIFIED, S.UNVERIFIABLE, S.NOT_A_VIOLATION, S.RETRACTED}
    ),
    S.VERIFIED: frozenset({S.APPEALED}),
    S.UNVERIFIABLE: frozenset({S.UNDER_VERIFICATION}),
    S.NOT_A_VIOLATION: frozenset(),
    S.APPEALED: frozenset({S.VERIFIED, S.NOT_A_VIOLATION, S.UNVERIFIABLE, S.UNDER_VERIFICATION}),
    S.RETRACTED: frozenset(),
}
OUTCOMES: Final = frozenset({S.VERIFIED, S.UNVERIFIABLE, S.NOT_A_VIOLATION})
OPEN_STATES: Final = frozenset({S.REPORTED, S.UNDER_VERIFICATION, S.DISPUTED, S.APPEALED})
#: A case takes new reports (and complainants) until its verdict. A report accusing a
#: party on an incident whose case against that party was retracted or ruled on
#: (appealed or not) opens a new case, and an incident has at most one case in these
#: states per accused party (store: ``uq_cases_open_incident_accused``).
OPEN_TO_REPORTS: Final = frozenset({S.REPORTED, S.UNDER_VERIFICATION, S.DISPUTED})


def parse_state(value: str) -> CaseState:
    """The state named ``value``; Conflict-free Invalid-style message for unknown names."""
    try:
        return CaseState(value)
    except ValueError:
        from truce.errors import Invalid

        known = ", ".join(s.value for s in CaseState)
        raise Invalid(f"unknown case state {value!r} (known: {known})") from None


def allowed_targets(state: CaseState | str) -> frozenset[CaseState]:
    return TRANSITIONS[CaseState(state)]


def check_transition(current: CaseState | str, target: CaseState | str) -> None:
    """Raise Conflict unless ``current → target`` is in the table."""
    src, dst = parse_state(str(current)), parse_state(str(target))
    allowed = TRANSITIONS[src]
    if dst not in allowed:
        options = ", ".join(sorted(s.value for s in allowed)) or "none: the case is closed"
        raise Conflict(
            f"a case cannot go from {src.value} to {dst.value} (allowed from {src.value}: {options})"
        )


@dataclass(frozen=True)
class Deadlines:
    response_by: datetime
    appeal_by: datetime | None


def response_by(filed_at: datetime, agreement: Agreement) -> datetime:
    """When the accused party's answer is due: filing + ``verification.response_days``."""
    return filed_at + timedelta(days=agreement.verification.response_days)


def appeal_by(verdict_at: datetime, agreement: Agreement) -> datetime:
    """When an appeal is due: verdict + ``verification.appeal_days``."""
    return verdict_at + timedelta(days=agreement.verification.appeal_days)


def deadlines(
    filed_at: datetime, agreement: Agreement, verdict_at: datetime | None = None
) -> Deadlines:
    return Deadlines(
        response_by(filed_at, agreement),
        None if verdict_at is None else appeal_by(verdict_at, agreement),
    )
