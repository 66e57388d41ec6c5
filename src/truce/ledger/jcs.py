"""RFC 8785 JSON Canonicalization Scheme (JCS): one byte string per JSON value.

Ledger entries are hashed as these bytes, so two implementations that agree on the
value must agree on every byte. The rules (RFC 8785 §3.2):

- no whitespace; object members sorted by their names as arrays of UTF-16 code units;
- strings escape only ``"``, ``\\`` and U+0000..U+001F (with the short forms
  ``\\b \\t \\n \\f \\r``, the rest as lowercase ``\\u00xx``); all else is literal UTF-8;
- numbers are IEEE-754 doubles printed as ECMAScript's ``Number.prototype.toString``.

Python integers beyond ±2^53 are refused rather than silently rounded (the spec says
such values travel as strings), as are NaN and the infinities, which JSON cannot hold.
"""

from __future__ import annotations

import json
import math
from typing import Any

from truce.errors import Invalid

# Largest magnitude an integer may have and still be exact as a double (RFC 8785 §3.2.2.3, I-JSON).
MAX_SAFE_INTEGER = 2**53

# C-accelerated escaper that escapes exactly '"', '\\' and U+0000..U+001F (short forms where
# JSON has them, otherwise lowercase \u00xx), which is what RFC 8785 §3.2.2.2 asks for.
_encode_string: Any = json.encoder.encode_basestring


def canonicalize(value: object) -> bytes:
    """Serialise ``value`` (dict/list/tuple/str/int/float/bool/None) as RFC 8785 bytes."""
    parts: list[str] = []
    _write(value, parts, "$")
    try:
        return "".join(parts).encode("utf-8")
    except UnicodeEncodeError as err:
        raise Invalid(
            f"JSON text contains a lone surrogate (U+{ord(err.object[err.start]):04X})"
        ) from None


def loads(data: bytes | str) -> Any:
    """Parse JSON the way JCS sees it: numbers are doubles, so integers past ±2^53 become
    floats (Python would keep them exact, and ``canonicalize`` would then refuse them)."""
    return json.loads(data, parse_int=_parse_int)


def _parse_int(text: str) -> int | float:
    value = int(text)
    return value if abs(value) <= MAX_SAFE_INTEGER else float(value)


def _write(value: object, out: list[str], path: str) -> None:
    # Order matters: bool is a subclass of int.
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise Invalid(f"{path}: integer {value} is beyond ±2^53; write it as a string")
        out.append(str(int(value)))
    elif isinstance(value, float):
        out.append(format_number(value, path))
    elif isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise Invalid(f"{path}: object keys must be strings, got {type(key).__name__}")
        out.append("{")
        first = True
        for key in sorted(value, key=_utf16_key):
            if not first:
                out.append(",")
            first = False
            out.append(_encode_string(key))
            out.append(":")
            _write(value[key], out, f"{path}.{key}")
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out, f"{path}[{i}]")
        out.append("]")
    else:
        raise Invalid(f"{path}: {type(value).__name__} is not a JSON value")


def _utf16_key(name: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly like sequences of UTF-16 code units.
    return name.encode("utf-16-be", "surrogatepass")


def format_number(x: float, path: str = "$") -> str:
    """ECMAScript ``Number.prototype.toString`` for a finite double (ECMA-262 §6.1.6.1.20)."""
    if not math.isfinite(x):
        raise Invalid(f"{path}: {x} is not a finite number; JSON cannot hold it")
    if x == 0:
        return "0"  # also for -0.0
    sign = "-" if x < 0 else ""
    digits, n = _shortest_digits(abs(x))
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        exp = ("+" if e >= 0 else "-") + str(abs(e))
        body = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + exp
    return sign + body


def _shortest_digits(x: float) -> tuple[str, int]:
    """Shortest round-tripping decimal digits ``s`` and ``n`` with x = 0.s × 10^n.

    Python's ``repr`` yields the same shortest digit string ECMAScript requires; only
    the layout differs, so we re-lay it out.
    """
    text = repr(x)
    mantissa, _, exp_text = text.partition("e")
    exponent = int(exp_text) if exp_text else 0
    int_part, _, frac_part = mantissa.partition(".")
    all_digits = int_part + frac_part
    exponent -= len(frac_part)  # x = int(all_digits) × 10^exponent
    stripped = all_digits.lstrip("0")
    trailing = len(stripped) - len(stripped.rstrip("0"))
    digits = stripped.rstrip("0")
    exponent += trailing
    return digits, exponent + len(digits)
