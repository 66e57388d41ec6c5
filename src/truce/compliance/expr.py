"""The penalty-rule condition language: a tiny, typed expression grammar.

A schedule line such as ``n >= 3 and fatalities > 0`` is tokenised and parsed by
hand into an AST, type-checked against the known variables, and evaluated by
walking the tree. Input is never handed to ``eval``/``compile``: an agreement
file is data written by people outside the mechanism's control.

Grammar (lowest precedence first)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand [ (== | != | < | <= | > | >=) operand
                          | ["not"] "in" "[" [literal ("," literal)*] "]" ]
    operand    := INT | STRING | NAME | "(" expr ")"

A missing value (``days_since_last`` when there is no earlier violation) makes
every comparison that involves it false, like SQL's NULL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from truce.errors import Invalid

MAX_LENGTH: Final = 500
MAX_DEPTH: Final = 32

Kind = Literal["int", "str", "bool"]
Value = int | str | bool | None

#: Variables a condition may name, with their types.
VARIABLES: Final[Mapping[str, Kind]] = {
    "n": "int",
    "fatalities": "int",
    "event_type": "str",
    "provision": "str",
    "days_since_last": "int",
}
COMPARISONS: Final = ("==", "!=", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Const:
    value: int | str


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Compare:
    op: str
    left: Operand
    right: Operand


@dataclass(frozen=True)
class In:
    item: Operand
    options: tuple[int | str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class BoolOp:
    op: Literal["and", "or"]
    operands: tuple[Expr, ...]


Expr = Compare | In | Not | BoolOp | Const | Name
#: Operands of a comparison are any expression; the type check keeps them to values.
Operand = Expr


@dataclass(frozen=True)
class Token:
    kind: str  # "int", "str", "name", "op", "eof"
    text: str
    pos: int


def _fail(text: str, pos: int, what: str) -> Invalid:
    return Invalid(f"column {pos + 1}: {what}", problems=[f"in {text!r}, column {pos + 1}: {what}"])


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; anything outside the grammar is refused with its column."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch.isascii() and ch.isdigit():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isdigit():
                j += 1
            if j - i > 9:
                raise _fail(text, i, "number too large")
            tokens.append(Token("int", text[i:j], i))
            i = j
        elif ch in "\"'":
            j = text.find(ch, i + 1)
            if j < 0:
                raise _fail(text, i, "unterminated string")
            body = text[i + 1 : j]
            if "\\" in body:
                raise _fail(text, i, "backslashes are not allowed in strings")
            tokens.append(Token("str", body, i))
            i = j + 1
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(Token("name", text[i:j], i))
            i = j
        elif text.startswith(("==", "!=", "<=", ">="), i):
            tokens.append(Token("op", text[i : i + 2], i))
            i += 2
        elif ch in "<>()[],":
            tokens.append(Token("op", ch, i))
            i += 1
        elif ch == ".":
            raise _fail(text, i, "attribute access is not allowed")
        else:
            raise _fail(text, i, f"unexpected character {ch!r}")
    tokens.append(Token("eof", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, what: str, tok: Token | None = None) -> Invalid:
        return _fail(self.text, (tok or self.tok).pos, what)

    def accept(self, kind: str, text: str) -> bool:
        if self.tok.kind == kind and self.tok.text == text:
            self.i += 1
            return True
        return False

    def expect_op(self, text: str) -> None:
        if not self.accept("op", text):
            found = self.tok.text or "end of input"
            raise self.error(f"expected {text!r}, found {found!r}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} levels deep")

    def parse(self) -> Expr:
        if not self.text.strip():
            raise self.error("empty condition")
        node = self.expr()
        if self.tok.kind != "eof":
            raise self.error(f"unexpected {self.tok.text!r}")
        return node

    def expr(self) -> Expr:
        self.enter()
        operands = [self.and_expr()]
        while self.accept("name", "or"):
            operands.append(self.and_expr())
        self.depth -= 1
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def and_expr(self) -> Expr:
        operands = [self.not_expr()]
        while self.accept("name", "and"):
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def not_expr(self) -> Expr:
        if self.accept("name", "not"):
            self.enter()
            node = Not(self.not_expr())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.operand()
        tok = self.tok
        if tok.kind == "op" and tok.text in COMPARISONS:
            self.i += 1
            return Compare(tok.text, left, self.operand())
        negated = False
        if tok.kind == "name" and tok.text == "not":
            nxt = self.tokens[self.i + 1]
            if nxt.kind == "name" and nxt.text == "in":
                self.i += 1
                negated = True
        if self.accept("name", "in"):
            return In(left, self.options(), negated)
        return left

    def options(self) -> tuple[int | str, ...]:
        self.expect_op("[")
        values: list[int | str] = []
        if not self.accept("op", "]"):
            while True:
                tok = self.tok
                if tok.kind == "int":
                    values.append(int(tok.text))
                elif tok.kind == "str":
                    values.append(tok.text)
                else:
                    raise self.error("a list holds only numbers and quoted strings")
                self.i += 1
                if self.accept("op", "]"):
                    break
                self.expect_op(",")
        return tuple(values)

    def operand(self) -> Operand:
        tok = self.tok
        if tok.kind == "int":
            self.i += 1
            return Const(int(tok.text))
        if tok.kind == "str":
            self.i += 1
            return Const(tok.text)
        if tok.kind == "name":
            if tok.text in ("and", "or", "not", "in"):
                raise self.error(f"expected a value, found {tok.text!r}")
            if tok.text not in VARIABLES:
                known = ", ".join(VARIABLES)
                raise self.error(f"unknown name {tok.text!r} (known: {known})")
            self.i += 1
            if self.tok.kind == "op" and self.tok.text == "(":
                raise self.error("calls are not allowed")
            return Name(tok.text)
        if self.accept("op", "("):
            node = self.expr()
            self.expect_op(")")
            return node
        found = tok.text or "end of input"
        raise self.error(f"expected a value, found {found!r}")


def kind_of(node: Expr) -> Kind:
    """The static type of ``node``; raises Invalid when operands do not fit their operator."""
    if isinstance(node, Const):
        return "int" if isinstance(node.value, int) else "str"
    if isinstance(node, Name):
        return VARIABLES[node.name]
    if isinstance(node, Compare):
        left, right = kind_of(node.left), kind_of(node.right)
        if left == "bool" or right == "bool":
            raise Invalid(f"{node.op!r} compares values, not conditions")
        if left != right:
            raise Invalid(f"{node.op!r} compares a {left} with a {right}")
        if node.op not in ("==", "!=") and left != "int":
            raise Invalid(f"{node.op!r} needs numbers, not {left}s")
        return "bool"
    if isinstance(node, In):
        item = kind_of(node.item)
        for option in node.options:
            if ("int" if isinstance(option, int) else "str") != item:
                raise Invalid(f"'in' list holds {option!r}, which is not a {item}")
        return "bool"
    if isinstance(node, Not):
        if kind_of(node.operand) != "bool":
            raise Invalid("'not' needs a condition")
        return "bool"
    for operand in node.operands:
        if kind_of(operand) != "bool":
            raise Invalid(f"{node.op!r} joins conditions, not values")
    return "bool"


def parse(text: str) -> Expr:
    """Parse and type-check a condition; any problem raises Invalid naming the column."""
    if not isinstance(text, str):
        raise Invalid("a condition must be a string", problems=["a condition must be a string"])
    if len(text) > MAX_LENGTH:
        raise _fail(text[:40] + "…", MAX_LENGTH, f"longer than {MAX_LENGTH} characters")
    node = _Parser(text).parse()
    try:
        kind = kind_of(node)
    except Invalid as err:
        raise Invalid(err.message, problems=[f"in {text!r}: {err.message}"]) from None
    if kind != "bool":
        msg = "a condition must compare something (e.g. 'n >= 2'), not be a bare value"
        raise Invalid(msg, problems=[f"in {text!r}: {msg}"])
    return node


def evaluate(node: Expr, env: Mapping[str, Value]) -> Value:
    """Evaluate a parsed condition; a missing (None) value makes comparisons false."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Name):
        if node.name not in env:
            raise Invalid(f"no value for {node.name!r}")
        return env[node.name]
    if isinstance(node, Compare):
        left, right = evaluate(node.left, env), evaluate(node.right, env)
        if left is None or right is None:
            return False
        return _compare(node.op, left, right)
    if isinstance(node, In):
        item = evaluate(node.item, env)
        if item is None:
            return False
        return (item in node.options) != node.negated
    if isinstance(node, Not):
        return not evaluate(node.operand, env)
    if node.op == "and":
        return all(evaluate(o, env) for o in node.operands)
    return any(evaluate(o, env) for o in node.operands)


def _compare(op: str, left: int | str | bool, right: int | str | bool) -> bool:
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if not (isinstance(left, int) and isinstance(right, int)):
        raise Invalid(f"{op!r} needs numbers")
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


def holds(text: str, env: Mapping[str, Value]) -> bool:
    """Parse ``text`` and evaluate it against ``env``."""
    return bool(evaluate(parse(text), env))


def unparse(node: Expr) -> str:
    """Text that parses back to ``node`` (fully parenthesised where it matters)."""
    if isinstance(node, Const):
        return str(node.value) if isinstance(node.value, int) else _quote(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Compare):
        return f"{_operand(node.left)} {node.op} {_operand(node.right)}"
    if isinstance(node, In):
        opts = ", ".join(str(o) if isinstance(o, int) else _quote(o) for o in node.options)
        return f"{_operand(node.item)} {'not in' if node.negated else 'in'} [{opts}]"
    if isinstance(node, Not):
        return f"not ({unparse(node.operand)})"
    return f" {node.op} ".join(f"({unparse(o)})" for o in node.operands)


def _operand(node: Operand) -> str:
    text = unparse(node)
    return text if isinstance(node, Const | Name) else f"({text})"


def _quote(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    raise Invalid("a string cannot hold both kinds of quote")
