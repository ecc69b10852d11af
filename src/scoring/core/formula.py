"""Arithmetic formulas over named facts, parsed without ``eval``.

A formula is numbers, fact names, ``+ - * /`` (also ``×`` and ``÷``) and
parentheses, e.g. ``staff_in_post / authorized_posts * 100``. Nothing else is
accepted: no calls, no attributes, no Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal

from scoring.core.errors import FormulaError, Location
from scoring.core.messages import msg
from scoring.core.numbers import CONTEXT, bounds_problem, fmt
from scoring.core.record import Record, set_field

_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/()×÷]))"
)
_OPS = {"×": "*", "÷": "/"}
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")
MAX_LENGTH = 1000


class Num(Record):
    value: Decimal
    __slots__ = ("value",)

    def __init__(
        self,
        value: Decimal,
    ) -> None:
        set_field(self, "value", value)


class Name(Record):
    name: str
    __slots__ = ("name",)

    def __init__(
        self,
        name: str,
    ) -> None:
        set_field(self, "name", name)


class Neg(Record):
    operand: Expr
    __slots__ = ("operand",)

    def __init__(
        self,
        operand: Expr,
    ) -> None:
        set_field(self, "operand", operand)


class BinOp(Record):
    op: str
    left: Expr
    right: Expr
    __slots__ = ("left", "op", "right")

    def __init__(
        self,
        op: str,
        left: Expr,
        right: Expr,
    ) -> None:
        set_field(self, "op", op)
        set_field(self, "left", left)
        set_field(self, "right", right)


Expr = Num | Name | Neg | BinOp


class Formula(Record, not_compared=("expr", "location"), not_shown=("expr", "location")):
    """A parsed formula; ``text`` is kept for explanations and errors."""

    text: str
    expr: Expr
    location: Location | None
    __slots__ = ("expr", "location", "text")

    def __init__(
        self,
        text: str,
        expr: Expr,
        location: Location | None = None,
    ) -> None:
        set_field(self, "text", text)
        set_field(self, "expr", expr)
        set_field(self, "location", location)

    @property
    def names(self) -> frozenset[str]:
        """Every fact name the formula reads."""
        return frozenset(_names(self.expr))

    def evaluate(self, lookup: Callable[[str], Decimal]) -> Decimal:
        """The formula's value, reading each name through ``lookup``.

        Raises:
            FormulaError: on a division by zero, naming the divisor.
        """
        return _evaluate(self, self.expr, lookup)


def parse(text: str, location: Location | None = None) -> Formula:
    """Parse ``text`` into a :class:`Formula`.

    Raises:
        FormulaError: on anything that is not arithmetic on names and numbers.
    """
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            msg("formula is longer than {MAX_LENGTH} characters", MAX_LENGTH=MAX_LENGTH),
            location=location,
        )
    call = _CALL.search(text)
    if call is not None:
        raise FormulaError(
            msg(
                "formula {text!r} calls {group}(...): functions are not allowed",
                text=text,
                group=call.group(1),
            ),
            location=location,
            hint=msg(
                "write the arithmetic out; a rule caps the points, so a rate needs no min(..., 100)"
            ),
        )
    tokens = list(_tokenize(text, location))
    parser = _Parser(text, tokens, location)
    expr = parser.expression()
    if parser.pos != len(tokens):
        raise FormulaError(
            msg(
                "unexpected {tokens!r} in formula {text!r}", tokens=tokens[parser.pos][1], text=text
            ),
            location=location,
            hint=msg("a formula is names and numbers joined by + - * / and parentheses"),
        )
    return Formula(text=text, expr=expr, location=location)


def _tokenize(text: str, location: Location | None) -> Iterator[tuple[str, str]]:
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if match is None:
            bad = stripped[pos:].strip()[:1]
            half = unicodedata.normalize("NFKC", bad)
            raise FormulaError(
                msg("formula {text!r} has {bad!r}, which is not allowed", text=text, bad=bad),
                location=location,
                # A full-width digit, letter or bracket (１００, （a）) is typed half-width.
                hint=msg(
                    "{bad!r} is full-width: write {half!r} (switch the input method to half-width)",
                    bad=bad,
                    half=half,
                )
                if half != bad and half.isascii()
                else msg("use fact names (letters, digits, _), numbers, + - * / and parentheses"),
            )
        kind = match.lastgroup
        assert kind is not None
        value = match.group(kind)
        yield kind, _OPS.get(value, value)
        pos = match.end()


class _Parser:
    """Recursive descent: expression := term (('+'|'-') term)*, and so on."""

    def __init__(self, text: str, tokens: list[tuple[str, str]], location: Location | None):
        self.text = text
        self.tokens = tokens
        self.location = location
        self.pos = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def expression(self) -> Expr:
        expr = self.term()
        while self.peek() in ("+", "-"):
            op = self.tokens[self.pos][1]
            self.pos += 1
            expr = BinOp(op, expr, self.term())
        return expr

    def term(self) -> Expr:
        expr = self.factor()
        while self.peek() in ("*", "/"):
            op = self.tokens[self.pos][1]
            self.pos += 1
            expr = BinOp(op, expr, self.factor())
        return expr

    def number(self, text: str) -> Decimal:
        """A number written in the formula, held to the bounds of every number read."""
        value = Decimal(text)
        # A long number is shown by its ends, so that the message stays one line.
        shown = text if len(text) <= 24 else f"{text[:8]}…{text[-4:]} ({len(text)} digits)"
        problem = bounds_problem(value, shown)
        if problem is None:
            return value
        raise FormulaError(
            msg("formula: {problem}", problem=problem.said),
            location=self.location,
            hint=problem.said_hint,
        )

    def factor(self) -> Expr:
        if self.pos >= len(self.tokens):
            raise FormulaError(
                msg("formula {text!r} ends too early", text=self.text)
                if self.text.strip()
                else msg("formula is empty"),
                location=self.location,
                hint=msg("complete the expression, e.g. spent / budget * 100"),
            )
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "num":
            return Num(self.number(value))
        if kind == "name":
            return Name(value)
        if value == "-":
            return Neg(self.factor())
        if value == "+":
            return self.factor()
        if value == "(":
            self.depth += 1
            if self.depth > 50:
                raise FormulaError(msg("formula is nested too deeply"), location=self.location)
            expr = self.expression()
            if self.peek() != ")":
                raise FormulaError(
                    msg("formula {text!r} has an unclosed '('", text=self.text),
                    location=self.location,
                    hint=msg("add the missing ')'"),
                )
            self.pos += 1
            self.depth -= 1
            return expr
        raise FormulaError(
            msg("unexpected {value!r} in formula {text!r}", value=value, text=self.text),
            location=self.location,
            hint=msg("a formula is names and numbers joined by + - * / and parentheses"),
        )


def _names(expr: Expr) -> Iterator[str]:
    if isinstance(expr, Name):
        yield expr.name
    elif isinstance(expr, Neg):
        yield from _names(expr.operand)
    elif isinstance(expr, BinOp):
        yield from _names(expr.left)
        yield from _names(expr.right)


def _evaluate(formula: Formula, expr: Expr, lookup: Callable[[str], Decimal]) -> Decimal:
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Name):
        return lookup(expr.name)
    if isinstance(expr, Neg):
        return CONTEXT.minus(_evaluate(formula, expr.operand, lookup))
    left = _evaluate(formula, expr.left, lookup)
    right = _evaluate(formula, expr.right, lookup)
    if expr.op == "+":
        return CONTEXT.add(left, right)
    if expr.op == "-":
        return CONTEXT.subtract(left, right)
    if expr.op == "*":
        return CONTEXT.multiply(left, right)
    if right == 0:
        raise FormulaError(
            msg(
                "formula {text!r} divides by zero ({show} is 0)",
                text=formula.text,
                show=_show(expr.right),
            ),
            location=formula.location,
            hint=msg("check the facts it reads; a divisor such as a budget cannot be 0"),
        )
    return CONTEXT.divide(left, right)


def _show(expr: Expr) -> str:
    if isinstance(expr, Num):
        return str(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Neg):
        return f"-{_show(expr.operand)}"
    return f"({_show(expr.left)} {expr.op} {_show(expr.right)})"


def substitute(formula: Formula, lookup: Callable[[str], Decimal], *, zh: bool = False) -> str:
    """The formula with every name replaced by its value: ``81 / 85 * 100``."""
    symbols = {"*": "×", "/": "÷"} if zh else {}

    def show(expr: Expr, parent: int) -> str:
        if isinstance(expr, Num):
            return fmt(expr.value, 6)
        if isinstance(expr, Name):
            return fmt(lookup(expr.name), 6)
        if isinstance(expr, Neg):
            return f"-{show(expr.operand, 3)}"
        level = 1 if expr.op in "+-" else 2
        right_level = level + 1 if expr.op in "-/" else level
        text = (
            f"{show(expr.left, level)} {symbols.get(expr.op, expr.op)} "
            f"{show(expr.right, right_level)}"
        )
        return f"({text})" if level < parent else text

    return show(formula.expr, 0)
