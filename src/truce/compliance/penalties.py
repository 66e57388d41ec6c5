"""Penalty proposals from an agreement's schedule (spec/agreement.md).

The schedule only proposes; a named decision-maker decides. ``n`` counts the
party's verified violations within ``window_days`` before ``at``, this one
included, so the first violation has ``n == 1``. A violation is an incident:
``previous_verified`` holds one moment per earlier incident verified against the
party, never the incident being judged, however many cases it had (the
services collect them so). The first matching line wins.
When no line matches, the proposal has ``rule_index``, ``rule_text`` and
``proposed`` all None: the service records that the schedule proposed nothing
rather than inventing a penalty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from truce.compliance import expr
from truce.domain.agreement import Agreement


@dataclass(frozen=True)
class Proposal:
    rule_index: int | None
    rule_text: str | None
    n: int
    days_since_last: int | None
    proposed: dict[str, Any] | None


@lru_cache(maxsize=512)
def _compiled(text: str) -> expr.Expr:
    return expr.parse(text)


def repeat_count(at: datetime, previous_verified: Sequence[datetime], window_days: int) -> int:
    """Verified violations (incidents) in (at - window, at], plus this one."""
    since = at - timedelta(days=window_days)
    return 1 + sum(1 for t in previous_verified if since < t <= at)


def days_since_last(at: datetime, previous_verified: Sequence[datetime]) -> int | None:
    earlier = [t for t in previous_verified if t <= at]
    return None if not earlier else (at - max(earlier)).days


def propose(
    agreement: Agreement,
    *,
    event_type: str,
    provision: str,
    fatalities: int,
    at: datetime,
    previous_verified: Sequence[datetime],
) -> Proposal:
    """The schedule's proposal for a verified violation at ``at`` (deterministic)."""
    n = repeat_count(at, previous_verified, agreement.penalties.window_days)
    since = days_since_last(at, previous_verified)
    env: dict[str, expr.Value] = {
        "n": n,
        "fatalities": fatalities,
        "event_type": event_type,
        "provision": provision,
        "days_since_last": since,
    }
    for index, rule in enumerate(agreement.penalties.schedule):
        if expr.evaluate(_compiled(rule.when), env):
            proposed: dict[str, Any] = {"penalty": rule.penalty, **rule.params}
            return Proposal(index, rule.describe(), n, since, proposed)
    return Proposal(None, None, n, since, None)
