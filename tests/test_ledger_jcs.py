"""RFC 8785 canonicalisation: the RFC's own examples plus properties over random JSON."""

from __future__ import annotations

import json
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truce.errors import Invalid
from truce.ledger.jcs import canonicalize, format_number, loads

# RFC 8785 Appendix B: IEEE-754 bit patterns and their required serialisation.
RFC_NUMBERS = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "expected"), RFC_NUMBERS)
def test_rfc8785_number_examples(bits: str, expected: str) -> None:
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert format_number(value) == expected


def test_rfc8785_full_example() -> None:
    text = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert canonicalize(json.loads(text)) == expected.encode()


def test_rfc8785_key_sorting_by_utf16_code_units() -> None:
    names = ["\u20ac", "\r", "\ufb33", "1", "\U0001f600", "\u0080", "\u00f6"]
    out = canonicalize({n: 0 for n in names}).decode()
    order = [json.loads(f"[{part.split(':')[0]}]")[0] for part in out[1:-1].split(",")]
    assert order == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, 2**53 + 1, -(2**53) - 1, {1: "x"}, b"x", {"a": {1.5}}]
)
def test_rejects_values_json_cannot_hold_exactly(bad: object) -> None:
    with pytest.raises(Invalid):
        canonicalize(bad)


def test_rejects_lone_surrogates() -> None:
    with pytest.raises(Invalid):
        canonicalize("\ud800")


def test_integers_at_the_limit_are_kept() -> None:
    assert (
        canonicalize([2**53, -(2**53), True, None])
        == b"[9007199254740992,-9007199254740992,true,null]"
    )


def test_control_characters_are_escaped_lowercase() -> None:
    assert canonicalize("\x1f\x7f\u2028") == '"\\u001f\x7f\u2028"'.encode()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_canonical_form_is_a_fixed_point_and_round_trips(value: object) -> None:
    data = canonicalize(value)
    parsed = loads(data)
    assert canonicalize(parsed) == data
    assert parsed == value or _has_negative_zero(value)


def _has_negative_zero(value: object) -> bool:
    return "-0.0" in repr(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_round_trip_to_the_same_double(x: float) -> None:
    text = format_number(x)
    assert float(text) == x
    assert " " not in text and "E" not in text and not text.endswith(".0")


@given(st.dictionaries(st.text(max_size=5), st.integers(0, 9), max_size=8))
def test_keys_come_in_utf16_code_unit_order(obj: dict[str, int]) -> None:
    out = json.loads(canonicalize(obj), object_pairs_hook=lambda pairs: [k for k, _ in pairs])

    def units(s: str) -> list[int]:
        raw = s.encode("utf-16-le", "surrogatepass")
        return [int.from_bytes(raw[i : i + 2], "little") for i in range(0, len(raw), 2)]

    assert out == sorted(obj, key=units)
