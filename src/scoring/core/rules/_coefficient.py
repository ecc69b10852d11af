"""The score coefficient (得分系数): the evaluator gives the share of the row earned."""

from __future__ import annotations

from decimal import Decimal

from scoring.core.errors import RuleError
from scoring.core.messages import Message, msg
from scoring.core.numbers import HUNDRED, ONE, ZERO, div, fmt, mul
from scoring.core.record import Record, set_field
from scoring.core.rules._base import Assessment, Params, Rule, as_number, need_op, register
from scoring.core.values import FactValue, Op, Target, Text, show_beside

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, Self

SCALES = ("share", "percent")


@register
class Coefficient(Rule, Record):
    """Score coefficient (得分系数): points = coefficient × the row's points.

    The fact is the coefficient the evaluator gave: a share in ``[0, 1]``
    (``scale: share``, the default) or a percentage in ``[0, 100]``
    (``scale: percent``). A value outside that range is an error, never cut
    to fit. The engine shows where the coefficient comes from (the fact's
    ``quote``, ``source`` or ``assumed``) beside the points.
    """

    kind: ClassVar[str] = "coefficient"
    title: ClassVar[Text] = Text("得分系数", "score coefficient")
    text_target: ClassVar[bool] = True
    cites_source: ClassVar[bool] = True
    scale: str
    __slots__ = ("scale",)

    def __init__(
        self,
        scale: str = "share",
    ) -> None:
        set_field(self, "scale", scale)

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(scale=params.choice("scale", SCALES, "share"))

    @property
    def top(self) -> Decimal:
        """The largest coefficient: 1 as a share, 100 as a percentage."""
        return ONE if self.scale == "share" else HUNDRED

    def check(self, target: Target, points: Decimal) -> list[Message]:
        # A higher coefficient earns more, so a numeric target can only be a floor.
        return need_op(target, [Op.GE], self.kind) if target.numeric else []

    def shown(self, value: Decimal) -> str:
        return f"{fmt(value, 6)}%" if self.scale == "percent" else fmt(value, 6)

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        if not ZERO <= value <= self.top:
            percent = self.scale == "percent"
            what = msg("a percentage from 0 to 100") if percent else msg("a share from 0 to 1")
            other = (
                msg("give it from 0 to 100, or set 'scale: share' for a share from 0 to 1")
                if percent
                else msg("give it from 0 to 1 (0.85), or set 'scale: percent' to write 85")
            )
            raise RuleError(
                msg("the score coefficient {value} is not {what}", value=fmt(value, 6), what=what),
                hint=other,
            )
        share = div(value, self.top)
        earned = show_beside(mul(share, points), [ZERO, points], "", 4)
        c = self.shown(value)
        return Assessment(
            share,
            Text(
                f"得分系数 {c} × {fmt(points)} 分 = {earned} 分",
                f"coefficient {c} × {fmt(points)} points = {earned}",
            ),
            met=None if target.numeric else share == ONE,
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        top = "100%" if self.scale == "percent" else "1"
        return Text(
            f"得分 = 得分系数（0 至 {top}）× {fmt(points)} 分",
            f"points = coefficient (0 to {top}) × {fmt(points)}",
        )
