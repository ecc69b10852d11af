"""Reading a target written as text: ``≥95%``, ``≤200``, ``=100%``, ``9月前``.

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

import re
from decimal import Decimal

from scoring.core.messages import msg
from scoring.core.model import (
    Op,
    Target,
)
from scoring.core.numbers import NumberError, parse_number
from scoring.files import located_yaml as _yaml
from scoring.files.documents import LOOKS_NUMERIC, Doc, kind_hint, yaml_number_text

_TARGET = re.compile(r"^\s*(>=|<=|≥|≤|=|==|＝)?\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|％)?\s*$")


# A deadline: "9月前", "9月底前", "9月以前", "9月之前" (no later than month 9).
_DEADLINE = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:底|末)?\s*(?:前|以前|之前)\s*$")


# A month achieved: "7月", "7月份", "7月底".
MONTH = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:份|底|末)?\s*$")


_OPS = {">=": Op.GE, "≥": Op.GE, "<=": Op.LE, "≤": Op.LE, "=": Op.EQ, "==": Op.EQ, "＝": Op.EQ}


def parse_target(text: str, unit: str) -> Target:
    """A target such as ``≥ 95``, ``<=100%`` or ``= 0`` for an indicator in ``unit``.

    Raises:
        ValueError: when ``text`` has no operator or number, or a ``%`` on a
            non-percentage unit.
    """
    deadline = _DEADLINE.match(text)
    if deadline is not None:
        return Target(Op.LE, month_number(deadline.group(1), text), "月", text.strip())
    match = _TARGET.match(text)
    if match is None:
        raise ValueError(
            msg("{text!r} is not a target such as '≥ 95', '<= 100%' or '9月前'", text=text)
        )
    op_text, number, percent = match.groups()
    if op_text is None:
        raise ValueError(msg("target {text!r} needs an operator: ≥ (>=), ≤ (<=) or =", text=text))
    if percent and unit != "%":
        raise ValueError(
            msg(
                "target {text!r} has a % sign but the indicator's unit is {unit!r}",
                text=text,
                unit=unit,
            )
        )
    try:
        value = parse_number(number)  # the bounds every number obeys, ASCII digits only
    except NumberError as exc:
        raise ValueError(msg("target {text!r}: {problem}", text=text, problem=exc.said)) from None
    return Target(_OPS[op_text], value, unit)


def month_number(digits: str, text: str) -> Decimal:
    month = int(digits)
    if not 1 <= month <= 12:
        raise ValueError(msg("{text!r}: a month is 1 to 12", text=text))
    return Decimal(month)


def read_target(doc: Doc, node: _yaml.Node, unit: str, words: bool = False) -> Target | None:
    """The target in ``node``; with ``words``, text that is no number is kept as words."""
    text_only = isinstance(node.value, str) and not LOOKS_NUMERIC.match(node.value)
    if words and text_only and node.value.strip():
        return Target.described(node.value.strip())
    if isinstance(node.value, bool) or not isinstance(node.value, str | Decimal):
        doc.add(node.location, msg("a target must be text such as '≥ 95'"), kind_hint(node))
        return None
    text = node.value if isinstance(node.value, str) else f"={node.value}"
    if isinstance(node.value, Decimal):
        doc.add(
            node.location,
            msg(
                "target {yaml_number_text} has no operator", yaml_number_text=yaml_number_text(node)
            ),
            msg(
                "write '>= {yaml_number_text}', '<= {yaml_number_text}' or '= "
                "{yaml_number_text}' (quoted)",
                yaml_number_text=yaml_number_text(node),
            ),
        )
        return None
    try:
        return parse_target(text, unit)
    except (ValueError, ArithmeticError) as exc:
        hint = (
            msg("remove the % sign, or set the indicator's unit to '%'")
            if "% sign" in str(exc)
            else msg("write an operator (>=, <=, =, or ≥ ≤) then a number")
        )
        doc.add(node.location, exc.args[0] if exc.args else str(exc), hint)
        return None
