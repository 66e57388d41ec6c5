"""The penalty-condition language: examples, refusals, and property tests."""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.compliance import expr
from truce.compliance.expr import BoolOp, Compare, Const, In, Name, Not
from truce.errors import Invalid

ENV: dict[str, expr.Value] = {
    "n": 2,
    "fatalities": 5,
    "event_type": "shelling",
    "provision": "P1",
    "days_since_last": 10,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("n == 2", True),
        ("n == 1 and fatalities == 0", False),
        ("n >= 3 or fatalities > 4", True),
        ("not (n < 2)", True),
        ("event_type in ['shelling', \"air_strike\"]", True),
        ("event_type not in ['shelling']", False),
        ("provision == 'P1' and days_since_last <= 30", True),
        ("n in [1, 3]", False),
        ("(n == 2) and not event_type == 'talks'", True),
    ],
)
def test_examples(text: str, expected: bool) -> None:
    assert expr.holds(text, ENV) is expected


def test_missing_value_makes_comparisons_false() -> None:
    env = {**ENV, "days_since_last": None}
    assert expr.holds("days_since_last < 30", env) is False
    assert expr.holds("days_since_last >= 30", env) is False
    assert expr.holds("not days_since_last < 30", env) is True


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("n.__class__ == 1", "column 2: attribute access"),
        ("__import__ == 1", "unknown name '__import__'"),
        ("len(n) == 1", "unknown name 'len'"),
        ("n(1) == 1", "calls are not allowed"),
        ("n = 1", "column 3: unexpected character '='"),
        ("n == 'x'", "compares a int with a str"),
        ("event_type > 'a'", "needs numbers"),
        ("n", "bare value"),
        ("n == 1 and", "expected a value"),
        ("(n == 1", "expected ')'"),
        ("n == 1 1", "unexpected '1'"),
        ("'abc", "unterminated string"),
        ("", "empty condition"),
        ("n in [x]", "only numbers and quoted strings"),
        ("n == 99999999999", "number too large"),
    ],
)
def test_refusals_name_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(Invalid) as info:
        expr.parse(text)
    assert fragment in str(info.value)


def test_too_long_and_too_deep() -> None:
    with pytest.raises(Invalid, match="longer than 500"):
        expr.parse("n == 1 or " * 60 + "n == 1")
    with pytest.raises(Invalid, match="nested more than"):
        expr.parse("(" * 40 + "n == 1" + ")" * 40)
    with pytest.raises(Invalid, match="nested more than"):
        expr.parse("not " * 40 + "n == 1")


# ---- property tests: generated ASTs, a reference evaluator written independently

INT_VARS = ["n", "fatalities", "days_since_last"]
STR_VARS = ["event_type", "provision"]
safe_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ P0123456789", max_size=8)
ints = st.integers(min_value=0, max_value=10_000)

int_operand = st.one_of(ints.map(Const), st.sampled_from(INT_VARS).map(Name))
str_operand = st.one_of(safe_text.map(Const), st.sampled_from(STR_VARS).map(Name))
comparison = st.one_of(
    st.builds(Compare, st.sampled_from(expr.COMPARISONS), int_operand, int_operand),
    st.builds(Compare, st.sampled_from(["==", "!="]), str_operand, str_operand),
    st.builds(In, int_operand, st.lists(ints, max_size=4).map(tuple), st.booleans()),
    st.builds(In, str_operand, st.lists(safe_text, max_size=4).map(tuple), st.booleans()),
)
conditions = st.recursive(
    comparison,
    lambda inner: st.one_of(
        inner.map(Not),
        st.builds(
            BoolOp,
            st.sampled_from(["and", "or"]),
            st.lists(inner, min_size=2, max_size=3).map(tuple),
        ),
    ),
    max_leaves=8,
)
envs = st.fixed_dictionaries(
    {
        "n": ints,
        "fatalities": ints,
        "days_since_last": st.one_of(st.none(), ints),
        "event_type": safe_text,
        "provision": safe_text,
    }
)


OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def reference(node: object, env: dict[str, expr.Value]) -> object:
    """A second, independent reading of the grammar's meaning."""
    match node:
        case Const(value=v):
            return v
        case Name(name=name):
            return env[name]
        case Compare(op=op, left=left, right=right):
            a, b = reference(left, env), reference(right, env)
            if a is None or b is None:
                return False
            return bool(OPS[op](a, b))
        case In(item=item, options=options, negated=negated):
            found = reference(item, env)
            return False if found is None else (found in options) is not negated
        case Not(operand=operand):
            return not reference(operand, env)
        case BoolOp(op="and", operands=operands):
            return all(reference(o, env) for o in operands)
        case BoolOp(op="or", operands=operands):
            return any(reference(o, env) for o in operands)
    raise AssertionError(node)


@settings(max_examples=300, deadline=None)
@given(conditions, envs)
def test_parse_of_unparse_evaluates_like_the_reference(
    node: expr.Expr, env: dict[str, expr.Value]
) -> None:
    text = expr.unparse(node)
    if len(text) > expr.MAX_LENGTH:
        return
    parsed = expr.parse(text)
    assert expr.evaluate(parsed, env) == reference(node, env)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_garbage_raises_only_invalid(text: str) -> None:
    with contextlib.suppress(Invalid):
        expr.parse(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "n",
                "fatalities",
                "event_type",
                "(",
                ")",
                "[",
                "]",
                ",",
                "==",
                "<",
                ">=",
                "and",
                "or",
                "not",
                "in",
                "1",
                "'x'",
                "__class__",
                ".",
                "n(",
                "!=",
            ]
        ),
        max_size=30,
    )
)
def test_token_soup_raises_only_invalid(parts: list[str]) -> None:
    try:
        node = expr.parse(" ".join(parts))
    except Invalid:
        return
    assert isinstance(expr.evaluate(node, ENV), bool)
