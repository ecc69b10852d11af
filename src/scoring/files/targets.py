"""Reading a target written as text: ``≥95%``, ``≤200``, ``=100%``, ``9月前``.

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

from scoring.core.messages import Message, msg
from scoring.core.model import (
    Op,
    Target,
)
from scoring.core.numbers import NumberError, parse_number
from scoring.core.record import evolve
from scoring.files import located_yaml as _yaml
from scoring.files.documents import LOOKS_NUMERIC, Doc, Fields, kind_hint, yaml_number_text

_TARGET = re.compile(r"^\s*(>=|<=|≥|≤|=|==|＝)?\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|％)?\s*$")


# A deadline: "9月前", "9月底前", "9月以前", "9月之前" (no later than month 9).
_DEADLINE = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:底|末)?\s*(?:前|以前|之前)\s*$")


# A month achieved: "7月", "7月份", "7月底".
MONTH = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:份|底|末)?\s*$")


_OPS = {">=": Op.GE, "≥": Op.GE, "<=": Op.LE, "≤": Op.LE, "=": Op.EQ, "==": Op.EQ, "＝": Op.EQ}


# Kept for each text and unit: a file's indicators repeat the same targets (≥95%).
@functools.lru_cache(maxsize=1024)
def parse_target(text: str, unit: str, unit_en: str | None = None) -> Target:
    """A target such as ``≥ 95``, ``<=100%`` or ``= 0`` for an indicator in ``unit``
    (whose English twin is ``unit_en``, when it has one: ``10,000 persons`` for 万人).

    Raises:
        ValueError: when ``text`` has no operator or number, or a ``%`` on a
            non-percentage unit.
    """
    deadline = _DEADLINE.match(text)
    if deadline is not None:
        return Target(Op.LE, month_number(deadline.group(1), text), "月", text.strip())
    match = _TARGET.match(text)
    if match is None:
        raise _not_a_target(text)
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
        meant = _half_width(text)
        raise ValueError(
            msg("target {text!r}: {problem}", text=text, problem=exc.said),
            msg("write {meant!r}, in half-width (ASCII) characters", meant=meant)
            if meant is not None
            else exc.said_hint,
        ) from None
    return Target(_OPS[op_text], value, unit, unit_en=unit_en if unit not in ("", "%") else None)


def _half_width(text: str) -> str | None:
    """``text`` in half-width characters, when it is then a target with an operator (what a
    Chinese input method types: ``＞＝３５％``, ``≧35``), else None."""
    wide = unicodedata.normalize("NFKC", text).replace("≧", "≥").replace("≦", "≤").strip()
    match = _TARGET.match(wide)
    if wide == text.strip() or match is None or match.group(1) is None:
        return None
    return wide


def mistyped_target(text: str) -> tuple[Message, Message] | None:
    """What is wrong with ``text`` and what to write, when it is a numeric target typed
    with a Chinese input method (full-width) or with a strict ``>`` or ``<``; else None."""
    meant = _half_width(text)
    if meant is not None:
        return (
            msg("target {text!r} is written in full-width characters", text=text),
            msg("write {meant!r}, in half-width (ASCII) characters", meant=meant),
        )
    strict = re.match(r"\s*([<>＜＞])\s*[-+]?[0-9.０-９]", text)
    if strict is not None:
        return (
            msg(
                "target {text!r} has {op!r}: a target is at least (>=), at most (<=) or equal (=)",
                text=text,
                op=strict.group(1),
            ),
            msg(
                "write >= (≥) if reaching the number meets the target, <= (≤) if staying at it does"
            ),
        )
    return None


def _not_a_target(text: str) -> ValueError:
    """What is wrong with ``text``, which matches no target's form."""
    mistyped = mistyped_target(text)
    if mistyped is not None:
        return ValueError(*mistyped)
    return ValueError(
        msg("{text!r} is not a target such as '≥ 95', '<= 100%' or '9月前'", text=text)
    )


def numeric_target_en(doc: Doc, fields: Fields, target: Target | None, what: str | Message) -> bool:
    """Whether ``target_en`` in ``fields`` may stand beside ``target`` (words or a deadline);
    a problem at its line where it may not (a number, or no target)."""
    if not fields.has("target_en"):
        return True
    if target is None:
        if fields.has("target"):
            return False  # a target not readable, said at its own line
        doc.add(
            fields.where("target_en"),
            msg("'target_en' is the English of 'target', which {what} does not give", what=what),
            msg("add 'target:', or remove 'target_en'"),
        )
        return False
    if target.numeric and target.text is None:
        doc.add(
            fields.where("target_en"),
            msg(
                "'target_en' is the English of a target in words or a deadline, but the target"
                " {target} is a number",
                target=target.label,
            ),
            msg("remove 'target_en': a number is shown with the English of its unit ('unit_en')"),
        )
        return False
    return True


def in_english(target: Target, unit: str, unit_en: str | None, text_en: str | None) -> Target:
    """``target`` with the English twins its file gives: ``unit_en`` on a number in the
    indicator's ``unit``, ``text_en`` on words or a deadline. Where none is given the Chinese
    stays (nothing is guessed; words that name a level take its ``name_en`` when scored)."""
    if unit_en is not None and target.unit == unit:
        target = evolve(target, unit_en=unit_en)
    if text_en is not None and target.text and text_en != target.text:
        target = evolve(target, text_en=text_en)
    return target


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
            exc.args[1]
            if len(exc.args) > 1 and exc.args[1] is not None
            else msg("remove the % sign, or set the indicator's unit to '%'")
            if "% sign" in str(exc)
            else msg("write an operator (>=, <=, =, or ≥ ≤) then a number")
        )
        doc.add(node.location, exc.args[0] if exc.args else str(exc), hint)
        return None
