"""One project carried out by several units: each unit's figure, combined before scoring.

"先汇总完成数，再计算得分": the project is scored once, on the combined
figures, not by averaging the units' points. An absolute figure (spending, a
count) is the sum of the units' figures; a rate is the units' rates weighted
by another fact given unit by unit (each unit's funds, or its pupils):
Σ rate × weight ÷ Σ weight.

>>> from decimal import Decimal as D
>>> spent = Combination((UnitFigure("甲", D(120)), UnitFigure("乙", D(80))))
>>> spent.value
Decimal('200')
>>> rate = Combination(
...     (UnitFigure("甲", D(98)), UnitFigure("乙", D(95))), "funds", (D(300), D(100))
... )
>>> rate.value
Decimal('97.25')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from scoring.core.errors import ListOf
from scoring.core.messages import Message, msg
from scoring.core.numbers import ZERO, div, fmt, mul
from scoring.core.record import Record, set_field
from scoring.core.values import Text


class UnitFigure(Record):
    """One unit's figure of a fact."""

    unit: str
    value: Decimal
    __slots__ = ("unit", "value")

    def __init__(
        self,
        unit: str,
        value: Decimal,
    ) -> None:
        set_field(self, "unit", unit)
        set_field(self, "value", value)


class Combination(Record):
    """A fact's figures unit by unit and how they combine into the project's figure.

    ``weighted_by`` is None for a sum; otherwise the name of the fact whose
    figures weight these, and ``weights`` those figures in the order of
    ``parts``. Build one with :func:`combination` to have it checked.
    """

    parts: tuple[UnitFigure, ...]
    weighted_by: str | None
    weights: tuple[Decimal, ...]
    __slots__ = ("parts", "weighted_by", "weights")

    def __init__(
        self,
        parts: tuple[UnitFigure, ...],
        weighted_by: str | None = None,
        weights: tuple[Decimal, ...] = (),
    ) -> None:
        set_field(self, "parts", parts)
        set_field(self, "weighted_by", weighted_by)
        set_field(self, "weights", weights)

    @property
    def value(self) -> Decimal:
        """The project's figure: the sum, or the weighted mean."""
        if self.weighted_by is None:
            return sum((p.value for p in self.parts), ZERO)
        weighted = sum(
            (mul(p.value, w) for p, w in zip(self.parts, self.weights, strict=True)), ZERO
        )
        return div(weighted, sum(self.weights, ZERO))

    def describe(self, name: str, decimals: int = 6) -> Text:
        """The combination in words with every unit's figure: ``funds = 甲 120 + 乙 80 = 200``."""
        total = fmt(self.value, decimals)
        if self.weighted_by is None:
            terms = " + ".join(f"{p.unit} {fmt(p.value, decimals)}" for p in self.parts)
            return Text(
                f"{name} 由各单位汇总：{terms} = {total}",
                f"{name} summed over the units: {terms} = {total}",
            )
        products = " + ".join(
            f"{p.unit} {fmt(p.value, decimals)} × {fmt(w, decimals)}"
            for p, w in zip(self.parts, self.weights, strict=True)
        )
        weights = " + ".join(fmt(w, decimals) for w in self.weights)
        by = self.weighted_by
        return Text(
            f"{name} 按 {by} 加权汇总各单位：({products}) ÷ ({weights}) = {total}",
            f"{name} over the units weighted by {by}: ({products}) / ({weights}) = {total}",
        )


def combination(
    parts: Sequence[UnitFigure],
    weighted_by: str | None = None,
    weight_parts: Sequence[UnitFigure] | None = None,
) -> Combination:
    """The combination of ``parts``, summed or weighted by ``weight_parts`` unit by unit.

    Raises:
        ValueError: when no unit is given, a unit is given twice, the weights
            do not name the same units, a weight is negative, or they add up to 0.
    """
    if not parts:
        raise ValueError(msg("give at least one unit's figure"))
    units = [p.unit for p in parts]
    twice = next((u for u in units if units.count(u) > 1), None)
    if twice is not None:
        raise ValueError(msg("the unit {twice!r} is given twice", twice=twice))
    if weighted_by is None:
        return Combination(tuple(parts))
    by_unit: Mapping[str, Decimal] = {p.unit: p.value for p in weight_parts or ()}
    lacking = [u for u in units if u not in by_unit]
    extra = [u for u in by_unit if u not in units]
    if lacking or extra:
        said: list[Message] = []
        if lacking:
            said.append(
                msg(
                    "{weighted_by!r} gives no figure for {units}",
                    weighted_by=weighted_by,
                    units=ListOf(lacking),
                )
            )
        if extra:
            said.append(
                msg(
                    "{weighted_by!r} has units not given here: {units}",
                    weighted_by=weighted_by,
                    units=ListOf(extra),
                )
            )
        raise ValueError(ListOf(said))
    weights = tuple(by_unit[u] for u in units)
    negative = next((u for u, w in zip(units, weights, strict=True) if w < 0), None)
    if negative is not None:
        raise ValueError(
            msg(
                "the weight of {negative!r} in {weighted_by!r} is negative",
                negative=negative,
                weighted_by=weighted_by,
            )
        )
    if sum(weights, ZERO) == 0:
        raise ValueError(msg("the weights in {weighted_by!r} add up to 0", weighted_by=weighted_by))
    return Combination(tuple(parts), weighted_by, weights)
