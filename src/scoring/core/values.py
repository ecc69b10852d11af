"""The plain values of the model: a bilingual text, a target, a verdict, a fact's value.

Kept apart from :mod:`scoring.core.model` so that the rules, which score
these values, and the model, whose indicators hold a rule, do not import
each other.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from scoring.core.numbers import fmt


@attrs.frozen
class Text:
    """The same sentence in Chinese and in English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``zh`` or ``en``)."""
        return self.en if lang == "en" else self.zh


class Op(enum.Enum):
    """How a target is stated: at least, at most, or exactly."""

    GE = "≥"
    LE = "≤"
    EQ = "="

    @property
    def direction(self) -> int:
        """+1 when more is better, -1 when less is better, 0 when closer is better."""
        return {Op.GE: 1, Op.LE: -1, Op.EQ: 0}[self]

    @property
    def ascii(self) -> str:
        return {Op.GE: ">=", Op.LE: "<=", Op.EQ: "="}[self]


@attrs.frozen
class Target:
    """A target (年度指标值) such as ``≥ 95%``.

    ``text`` keeps the wording of a target that is not a plain number (for
    example "9月前", read as ``≤ 9`` in unit 月), for display. A target that
    is ``numeric=False`` is words only (达成年度指标): rules that score
    named outcomes (checklist, levels, qualitative, met) accept it.
    """

    op: Op
    value: Decimal
    unit: str = ""
    text: str | None = None
    numeric: bool = True

    @classmethod
    def described(cls, text: str) -> Target:
        """A target stated only in words (达成年度指标, 无结余), for rules that read no number."""
        return cls(Op.EQ, Decimal(0), "", text, numeric=False)

    def met(self, value: Decimal) -> bool:
        """Whether ``value`` meets the target (a target in words is met by nothing numeric)."""
        if not self.numeric:
            return False
        if self.op is Op.GE:
            return value >= self.value
        if self.op is Op.LE:
            return value <= self.value
        return value == self.value

    def show(self, value: FactValue | None, decimals: int = 2) -> str:
        """``value`` with this target's unit: ``95.29%``, ``145 场`` (``是``, ``—``, ...)."""
        return show_value(value, self.unit, decimals)

    def __str__(self) -> str:
        if self.text:
            return self.text
        return f"{self.op.value}{self.show(self.value, 4)}"


def show_quantity(value: Decimal, unit: str, decimals: int = 2) -> str:
    """A number with its unit, as a sheet prints it."""
    number = fmt(value, decimals)
    if not unit or unit in ("%", "月"):
        return f"{number}{unit}"
    return f"{number} {unit}"


@attrs.frozen
class Judgement:
    """An evaluator's qualitative verdict: the band chosen and the points given in it."""

    band: str
    points: Decimal

    def __str__(self) -> str:
        return f"{self.band}（{fmt(self.points, 6)} 分）"


# What a fact may hold: a number; true/false (met or not met); a level's name;
# the names of the checklist items met; or a qualitative verdict.
FactValue = Decimal | bool | str | tuple[str, ...] | Judgement


def show_value(value: FactValue | None, unit: str = "", decimals: int = 2) -> str:
    """A fact's value as a sheet prints it: ``95.29%``, ``是``, ``①、③``."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return show_quantity(value, unit, decimals)
    if isinstance(value, tuple):
        return "、".join(value) if value else "（无）"
    return str(value)


__all__ = ["FactValue", "Judgement", "Op", "Target", "Text", "show_quantity", "show_value"]
