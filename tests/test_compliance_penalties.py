"""Penalty proposals from the demo schedule (spec/agreement.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from truce import demo
from truce.compliance.penalties import propose
from truce.domain.agreement import Agreement

AT = datetime(2025, 11, 2, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def v2() -> Agreement:
    return demo.load_agreements()[1]


def test_first_violation_without_deaths_is_a_warning(v2: Agreement) -> None:
    p = propose(
        v2, event_type="shelling", provision="P1", fatalities=0, at=AT, previous_verified=[]
    )
    assert (p.rule_index, p.n, p.days_since_last) == (0, 1, None)
    assert p.proposed == {"penalty": "formal_warning"}
    assert p.rule_text == "n == 1 and fatalities == 0 → formal_warning"


def test_escalation_by_repeat_within_window(v2: Agreement) -> None:
    first = propose(
        v2, event_type="shelling", provision="P1", fatalities=3, at=AT, previous_verified=[]
    )
    assert first.proposed == {"penalty": "formal_censure"}
    second = propose(
        v2,
        event_type="shelling",
        provision="P1",
        fatalities=0,
        at=AT,
        previous_verified=[AT - timedelta(days=5)],
    )
    assert second.n == 2 and second.days_since_last == 5
    assert second.proposed == {"penalty": "suspension", "what": "border crossing trade", "days": 7}
    third = propose(
        v2,
        event_type="shelling",
        provision="P1",
        fatalities=0,
        at=AT,
        previous_verified=[AT - timedelta(days=80), AT - timedelta(days=1)],
    )
    assert third.n == 3 and third.proposed == {"penalty": "referral", "to": "guarantors"}


def test_violations_outside_window_or_in_future_do_not_count(v2: Agreement) -> None:
    p = propose(
        v2,
        event_type="shelling",
        provision="P1",
        fatalities=0,
        at=AT,
        previous_verified=[AT - timedelta(days=91), AT + timedelta(days=1)],
    )
    assert p.n == 1 and p.days_since_last == 91
    assert p.proposed == {"penalty": "formal_warning"}


def test_no_matching_rule_proposes_nothing(v2: Agreement) -> None:
    from dataclasses import replace

    narrow = replace(v2, penalties=replace(v2.penalties, schedule=v2.penalties.schedule[:1]))
    p = propose(
        narrow, event_type="shelling", provision="P1", fatalities=4, at=AT, previous_verified=[]
    )
    assert p.rule_index is None and p.proposed is None and p.n == 1
