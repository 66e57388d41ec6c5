"""The case state machine and its deadlines."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from truce import demo
from truce.domain.case import TRANSITIONS, CaseState, check_transition, deadlines
from truce.errors import Conflict, Invalid


def test_the_normal_path_is_legal() -> None:
    path = ["reported", "under_verification", "disputed", "verified", "appealed", "verified"]
    for a, b in itertools.pairwise(path):
        check_transition(a, b)


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("reported", "verified"),
        ("retracted", "under_verification"),
        ("verified", "retracted"),
        ("not_a_violation", "appealed"),
    ],
)
def test_illegal_moves_name_the_allowed_ones(src: str, dst: str) -> None:
    with pytest.raises(Conflict) as info:
        check_transition(src, dst)
    message = str(info.value)
    assert f"from {src} to {dst}" in message
    for allowed in TRANSITIONS[CaseState(src)]:
        assert allowed.value in message


def test_closed_states_have_no_exit_and_unknown_states_are_invalid() -> None:
    with pytest.raises(Conflict, match="none: the case is closed"):
        check_transition(CaseState.RETRACTED, CaseState.REPORTED)
    with pytest.raises(Invalid, match="unknown case state 'lost'"):
        check_transition("lost", "reported")


def test_every_state_is_in_the_table() -> None:
    assert set(TRANSITIONS) == set(CaseState)
    assert all(s not in targets for s, targets in TRANSITIONS.items())


def test_deadlines_follow_the_agreement() -> None:
    v2 = demo.load_agreements()[1]
    filed = datetime(2025, 11, 2, 9, tzinfo=UTC)
    d = deadlines(filed, v2)
    assert d.response_by == filed + timedelta(days=7) and d.appeal_by is None
    verdict = datetime(2025, 11, 10, tzinfo=UTC)
    assert deadlines(filed, v2, verdict).appeal_by == verdict + timedelta(days=14)
