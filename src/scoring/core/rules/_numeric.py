"""Rules that score a number against a numeric target."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from scoring.core.errors import RuleError
from scoring.core.lazy import LazyText
from scoring.core.messages import Message, msg
from scoring.core.numbers import (
    CONTEXT,
    HUNDRED,
    ONE,
    ZERO,
    NumberError,
    clamp,
    clamp_share,
    div,
    exact_quotient,
    fmt,
    mul,
    parse_number,
    shown,
    to_decimal,
)
from scoring.core.record import Record, set_field
from scoring.core.rules._base import (
    Assessment,
    Params,
    Rule,
    as_number,
    beside,
    deviation,
    met_text,
    need_op,
    percent,
    quantity,
    register,
)
from scoring.core.values import FactValue, Op, ReasonThresholds, Target, Text, show_beside

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, Self


@register
class Proportional(Rule, Record):
    """Higher is better (正向): met → full; otherwise actual / target of the points."""

    __slots__ = ()

    kind: ClassVar[str] = "proportional"
    title: ClassVar[Text] = Text("正向比例", "proportional, higher is better")

    def check(self, target: Target, points: Decimal) -> list[Message]:
        return need_op(target, [Op.GE], self.kind)

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        if value >= target.value:
            return Assessment(ONE, LazyText(lambda: met_text(value, target)))
        if target.value <= 0:

            def none() -> Text:
                v, t = beside(target, value), quantity(target, None)
                return Text(
                    f"{v.zh} 低于目标 {t.zh}，不得分",
                    f"{v.en} is below the target {t.en}: no points",
                )

            return Assessment(ZERO, LazyText(none))
        share = clamp_share(exact_quotient(value, target.value))

        def why() -> Text:
            v, t = beside(target, value), quantity(target, None)
            return Text(
                f"{v.zh} 未达目标 {t.zh}，按 {v.zh} ÷ {t.zh} = {percent(share)} 计分",
                f"{v.en} is below the target {t.en}: scored {v.en} / {t.en} = {percent(share)}",
            )

        return Assessment.exactly(share, LazyText(why))

    def describe(self, target: Target, points: Decimal) -> Text:
        return Text(
            f"达到目标得满分；未达到按 实际值 ÷ 目标值 × {fmt(points)} 分计分",
            f"full points when the target is met; otherwise actual / target × {fmt(points)}",
        )


@register
class Reverse(Rule, Record):
    """Lower is better (反向), in the two variants real sheets use.

    ``ratio``: target / actual of the points, capped at full.
    ``linear``: full up to the target, falling linearly to 0 at twice the target.
    """

    kind: ClassVar[str] = "reverse"
    title: ClassVar[Text] = Text("反向", "reverse, lower is better")
    variant: str
    __slots__ = ("variant",)

    def __init__(
        self,
        variant: str = "ratio",
    ) -> None:
        set_field(self, "variant", variant)

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(variant=params.choice("variant", ["ratio", "linear"], "ratio"))

    def check(self, target: Target, points: Decimal) -> list[Message]:
        problems = need_op(target, [Op.LE], self.kind)
        if self.variant == "linear" and target.value <= 0:
            problems.append(
                msg("rule 'reverse' (linear) divides by the target, which must be above 0")
            )
        return problems

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        if value <= target.value:
            return Assessment(ONE, LazyText(lambda: met_text(value, target)))
        ratio = self.variant == "ratio"
        if ratio:
            share = (
                clamp_share(exact_quotient(target.value, value))
                if target.value > 0
                else Fraction(0)
            )
        else:
            share = clamp_share(
                1 - (Fraction(value) - Fraction(target.value)) / Fraction(target.value)
            )

        def why() -> Text:
            v, t = beside(target, value), quantity(target, None)
            if ratio:
                return Text(
                    f"{v.zh} 高于目标 {t.zh}，按 {t.zh} ÷ {v.zh} = {percent(share)} 计分",
                    f"{v.en} is above the target {t.en}: scored {t.en} / {v.en} = {percent(share)}",
                )
            return Text(
                f"{v.zh} 高于目标 {t.zh}，按 1 − ({v.zh} − {t.zh}) ÷ {t.zh} = {percent(share)} 计分"
                "（达到目标两倍不得分）",
                f"{v.en} is above the target {t.en}: scored 1 - ({v.en} - {t.en}) / {t.en} = "
                f"{percent(share)} (nothing at twice the target)",
            )

        return Assessment.exactly(share, LazyText(why))

    def describe(self, target: Target, points: Decimal) -> Text:
        if self.variant == "ratio":
            return Text(
                f"不高于目标得满分；高于目标按 目标值 ÷ 实际值 × {fmt(points)} 分计分",
                f"full points at or below the target; otherwise target / actual × {fmt(points)}",
            )
        return Text(
            "不高于目标得满分；高于目标按 (1 − (实际值 − 目标值) ÷ 目标值) × "
            f"{fmt(points)} 分计分，达到目标两倍得 0 分",
            "full points at or below the target; otherwise (1 - (actual - target) / target)"
            f" × {fmt(points)}; nothing at twice the target",
        )


BUDGETS = ("adjusted", "initial")
# 全年预算数 (the budget as adjusted during the year) and 年初预算数 (as first passed).
BUDGET_NAMES = {
    "adjusted": Text("全年预算数", "the adjusted (full-year) budget"),
    "initial": Text("年初预算数", "the initial budget"),
}


@register
class BudgetExecution(Rule, Record):
    """Budget execution rate (预算执行率): rate × points, never above full points.

    ``budget`` names the budget the rate divides by: ``adjusted`` (全年预算数,
    the default, as the MOF template and provincial systems compute it) or
    ``initial`` (年初预算数, where a sheet says so). ``adjusted_budget`` and
    ``initial_budget`` name the facts that hold each, when given: the row's
    formula must then divide by the one named, and the other is shown beside
    it with the rate it would give.
    """

    kind: ClassVar[str] = "budget_execution"
    title: ClassVar[Text] = Text("预算执行率", "budget execution rate")
    # Spending beyond the budget (a rate above 100%) is a deviation to explain.
    reasons: ClassVar[ReasonThresholds] = ReasonThresholds(above=HUNDRED)
    budget: str
    adjusted_budget: str | None
    initial_budget: str | None
    __slots__ = ("adjusted_budget", "budget", "initial_budget")

    def __init__(
        self,
        budget: str = "adjusted",
        adjusted_budget: str | None = None,
        initial_budget: str | None = None,
    ) -> None:
        set_field(self, "budget", budget)
        set_field(self, "adjusted_budget", adjusted_budget)
        set_field(self, "initial_budget", initial_budget)

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(
            budget=params.choice("budget", BUDGETS, "adjusted"),
            adjusted_budget=params.text("adjusted_budget"),
            initial_budget=params.text("initial_budget"),
        )

    def budget_fact(self, which: str) -> str | None:
        """The fact that holds the ``adjusted`` or ``initial`` budget, when the rule names it."""
        return self.adjusted_budget if which == "adjusted" else self.initial_budget

    @property
    def other(self) -> str:
        """The budget the rate does not divide by."""
        return "initial" if self.budget == "adjusted" else "adjusted"

    def check(self, target: Target, points: Decimal) -> list[Message]:
        problems = need_op(target, [Op.GE, Op.EQ], self.kind)
        if target.op is Op.EQ and target.value != 100:
            # The share is the rate itself, so '= 80%' would pay 90% more than 80%.
            problems.append(msg("rule 'budget_execution' with '=' needs the target '= 100%'"))
        if target.unit != "%":
            problems.append(msg("rule 'budget_execution' scores a rate: set the unit to '%'"))
        return problems

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        share = clamp(div(value, HUNDRED))

        def why() -> Text:
            v = beside(target, value, HUNDRED)
            if share == ONE:
                return Text(f"{v.zh}，不低于 100%", f"{v.en}, at least 100%")
            earned = show_beside(mul(share, points), [ZERO, points], "", 4)
            return Text(
                f"{v.zh} × {fmt(points)} 分 = {earned} 分",
                f"{v.en} × {fmt(points)} points = {earned}",
            )

        return Assessment(ONE if share == ONE else share, LazyText(why))

    def figures(self, target: Target) -> tuple[Decimal | None, ...]:
        return (HUNDRED, target.value)

    def describe(self, target: Target, points: Decimal) -> Text:
        on = BUDGET_NAMES[self.budget]
        return Text(
            f"得分 = 预算执行率（执行数 ÷ {on.zh}）× {fmt(points)} 分，最高 {fmt(points)} 分",
            f"points = execution rate (spent / {on.en}) × {fmt(points)}, at most {fmt(points)}",
        )


COUNTING = ("continuous", "started", "whole")


@register
class DeductionPerUnit(Rule, Record):
    """Deduction per unit beyond a standard (扣分法), never below 0.

    The target is the standard; ``per`` points are deducted for each ``unit``
    of the value beyond it in the bad direction. ``counting`` says how a part
    unit counts: ``continuous`` (pro rata), ``started`` (each unit begun counts
    whole) or ``whole`` (only completed units count).
    """

    kind: ClassVar[str] = "deduction_per_unit"
    title: ClassVar[Text] = Text("超标扣分", "deduction per unit beyond a standard")
    per: Decimal
    unit: Decimal
    counting: str
    __slots__ = ("counting", "per", "unit")

    def __init__(
        self,
        per: Decimal = ONE,
        unit: Decimal = ONE,
        counting: str = "continuous",
    ) -> None:
        set_field(self, "per", per)
        set_field(self, "unit", unit)
        set_field(self, "counting", counting)

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(
            per=params.number("per", positive=True),
            unit=params.number("unit", ONE, positive=True),
            counting=params.choice("counting", COUNTING, "continuous"),
        )

    def _units(self, excess: Decimal) -> Fraction:
        units = exact_quotient(excess, self.unit)
        if self.counting == "started":
            return Fraction(math.ceil(units))
        if self.counting == "whole":
            return Fraction(math.floor(units))
        return units

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        if target.op is Op.GE:
            excess = CONTEXT.subtract(target.value, value)
        elif target.op is Op.LE:
            excess = CONTEXT.subtract(value, target.value)
        else:
            excess = abs(CONTEXT.subtract(value, target.value))
        if excess <= 0:
            return Assessment(ONE, LazyText(lambda: met_text(value, target)))
        if points == 0:
            return Assessment(ZERO, Text("本行分值为 0", "this row is worth 0 points"))
        counted_units = self._units(excess)
        exact_deducted = min(Fraction(points), counted_units * Fraction(self.per))
        share = clamp_share((Fraction(points) - exact_deducted) / Fraction(points))

        def why() -> Text:
            units, deducted = to_decimal(counted_units), to_decimal(exact_deducted)
            v, t = beside(target, value), quantity(target, None)
            side = {Op.GE: ("低于", "below"), Op.LE: ("超过", "beyond"), Op.EQ: ("偏离", "off")}
            zh_side, en_side = side[target.op]
            dev = deviation(target, excess)
            per_unit = deviation(target, self.unit)
            taken = show_beside(deducted, [ZERO], "", 4)
            counted = "" if self.counting == "continuous" else f"（计 {fmt(units)} 个单位）"
            counted_en = "" if self.counting == "continuous" else f" (counted as {fmt(units)})"
            return Text(
                f"{v.zh} {zh_side}标准 {t.zh} {dev.zh}，每 {per_unit.zh} 扣 {shown(self.per)} 分"
                f"{counted}，扣 {taken} 分",
                f"{v.en} is {dev.en} {en_side} the standard {t.en}; {shown(self.per)} off per "
                f"{per_unit.en}{counted_en}: {taken} deducted",
            )

        return Assessment.exactly(share, LazyText(why))

    def describe(self, target: Target, points: Decimal) -> Text:
        per_unit = deviation(target, self.unit)
        mode = {
            "continuous": ("按比例计", "pro rata"),
            "started": ("不足一个单位按一个单位计", "a part unit counts whole"),
            "whole": ("不足一个单位不计", "a part unit does not count"),
        }[self.counting]
        return Text(
            f"以 {target} 为标准，每偏离 {per_unit.zh} 扣 {shown(self.per)} 分（{mode[0]}），"
            f"扣完 {fmt(points)} 分为止",
            f"standard {target.en}; {shown(self.per)} off per {per_unit.en} beyond it ({mode[1]}),"
            f" down to 0",
        )


class Interval(Record):
    """A range of values; ``None`` is unbounded. Written ``[80, 90)`` in YAML."""

    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool
    high_inclusive: bool
    __slots__ = ("high", "high_inclusive", "low", "low_inclusive")

    def __init__(
        self,
        low: Decimal | None,
        high: Decimal | None,
        low_inclusive: bool = True,
        high_inclusive: bool = False,
    ) -> None:
        set_field(self, "low", low)
        set_field(self, "high", high)
        set_field(self, "low_inclusive", low_inclusive)
        set_field(self, "high_inclusive", high_inclusive)

    def contains(self, value: Decimal | Fraction) -> bool:
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_inclusive)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and not self.high_inclusive))
        )

    def __str__(self) -> str:
        low = "-∞" if self.low is None else fmt(self.low, 6)
        high = "+∞" if self.high is None else fmt(self.high, 6)
        left = "[" if self.low_inclusive and self.low is not None else "("
        right = "]" if self.high_inclusive and self.high is not None else ")"
        if self.low == self.high and self.low is not None:
            return f"[{low}]"
        return f"{left}{low}, {high}{right}"


# Kept for each text: a file's bands tables repeat the same intervals row after row.
@functools.lru_cache(maxsize=1024)
def parse_interval(text: str) -> Interval:
    """Parse ``[80, 90)``, ``(0, 10]``, ``[90, +inf)``, ``(-inf, 60)`` or ``[0]``.

    Full-width brackets and commas, and ∞, are read as their ASCII forms:

    >>> parse_interval("[80, 90)")
    Interval(low=Decimal('80'), high=Decimal('90'), low_inclusive=True, high_inclusive=False)
    >>> str(parse_interval("（-∞，60）"))
    '(-∞, 60)'

    Raises:
        ValueError: when ``text`` is not such an interval.
    """
    s = text.strip().replace("（", "(").replace("）", ")").replace("，", ",")
    s = s.replace("【", "[").replace("】", "]").replace("∞", "inf")
    if len(s) < 3 or s[0] not in "[(" or s[-1] not in "])":
        raise ValueError(msg("{text!r} is not an interval such as [80, 90)", text=text))
    body = s[1:-1]

    if "," not in body:
        if s[0] != "[" or s[-1] != "]":
            raise ValueError(msg("{text!r}: a single value is written [0]", text=text))
        if not body.strip():
            raise ValueError(msg("{text!r} is empty: write a single value as [0]", text=text))
        point = _edge(text, body.strip())
        return Interval(point, point, True, True)
    low_text, _, high_text = body.partition(",")

    def bound(part: str, infinite: str) -> Decimal | None:
        part = part.strip().lower()
        if part in {infinite, infinite.lstrip("+"), ""}:
            return None
        if part in {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}:
            raise ValueError(msg("{text!r}: write an infinite end as -inf or +inf", text=text))
        return _edge(text, part)

    low = bound(low_text, "-inf")
    high = bound(high_text, "+inf")
    if low is not None and high is not None and low >= high:
        raise ValueError(msg("{text!r}: the lower end must be below the upper end", text=text))
    return Interval(low, high, s[0] == "[" and low is not None, s[-1] == "]" and high is not None)


def _edge(text: str, part: str) -> Decimal:
    """An interval's end, read by the number parser every number obeys."""
    try:
        return parse_number(part)
    except NumberError as exc:
        raise ValueError(msg("{text!r}: the end {problem}", text=text, problem=exc.said)) from None


class Band(Record):
    interval: Interval
    points: Decimal
    __slots__ = ("interval", "points")

    def __init__(
        self,
        interval: Interval,
        points: Decimal,
    ) -> None:
        set_field(self, "interval", interval)
        set_field(self, "points", points)


@register
class Bands(Rule, Record):
    """Bands (区间法): a table from value ranges to points, edges stated.

    Bands may not overlap or leave gaps between them; their points must not
    fall as the value gets better, so the rule stays monotone.
    """

    kind: ClassVar[str] = "bands"
    title: ClassVar[Text] = Text("区间计分", "bands")
    bands: tuple[Band, ...]
    __slots__ = ("bands",)

    def __init__(
        self,
        bands: tuple[Band, ...] = (),
    ) -> None:
        set_field(self, "bands", bands)

    @classmethod
    def parse(cls, params: Params) -> Self:
        bands: list[Band] = []
        for item in params.items("bands"):
            raw = item.text("range")
            if raw is None:
                raise item.fail("range", msg("each band needs a 'range', such as '[80, 90)'"))
            try:
                interval = parse_interval(raw)
            except (ValueError, ArithmeticError) as exc:
                raise item.fail(
                    "range",
                    msg("bad range {raw!r}: {exc}", raw=raw, exc=exc),
                    msg(
                        "write [a, b) with [ or ] for an edge that is "
                        "included (含), ( or ) for one "
                        "that is not, and -inf or +inf for an open end"
                    ),
                ) from None
            bands.append(Band(interval, item.number("points", nonnegative=True)))
        if not bands:
            raise params.fail("bands", msg("rule 'bands' needs at least one band"))
        ordered = tuple(sorted(bands, key=lambda b: interval_order(b.interval)))
        problem = gap_or_overlap([b.interval for b in ordered])
        if problem:
            raise params.fail(
                "bands",
                problem,
                msg(
                    "make each band start exactly where the one below it ends, with the shared "
                    "edge included in exactly one of them"
                ),
            )
        return cls(ordered)

    def check(self, target: Target, points: Decimal) -> list[Message]:
        problems = []
        top = max(b.points for b in self.bands)
        if top > points:
            problems.append(
                msg(
                    "a band gives {top} points but the row is worth only {points}",
                    top=fmt(top),
                    points=fmt(points),
                )
            )
        sequence = [b.points for b in self.bands]
        if target.op is Op.LE:
            sequence.reverse()
        if target.op is not Op.EQ and any(a > b for a, b in itertools.pairwise(sequence)):
            better = msg("higher") if target.op is Op.GE else msg("lower")
            problems.append(
                msg(
                    "band points must not fall as the value gets {better} (the target is "
                    "{value}), or a better result would earn fewer points",
                    better=better,
                    value=target.op.value,
                )
            )
        if target.op is Op.EQ:
            # Closer is better: points rise up to the band holding the target, then fall.
            lowest = self.bands[0].interval.low
            beyond = 0 if lowest is not None and target.value <= lowest else len(sequence) - 1
            peak = next(
                (i for i, b in enumerate(self.bands) if b.interval.contains(target.value)), beyond
            )
            rising, falling = sequence[: peak + 1], sequence[peak:]
            if any(a > b for a, b in itertools.pairwise(rising)) or any(
                a < b for a, b in itertools.pairwise(falling)
            ):
                problems.append(
                    msg(
                        "band points must not fall as the value gets closer to the target"
                        " {target}, or a better result would earn fewer points",
                        target=target.label,
                    )
                )
        return problems

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        for band in self.bands:
            if band.interval.contains(value):
                earned = min(band.points, points)
                share = exact_quotient(earned, points) if points else Fraction(0)
                words = functools.partial(_in_band, band, value, target)
                return Assessment.exactly(share, LazyText(words))
        v = quantity(target, value)
        covered = f"{self.bands[0].interval} … {self.bands[-1].interval}"
        raise RuleError(
            msg("value {v} falls in none of the bands ({covered})", v=v, covered=covered),
            hint=msg("extend the bands to cover every possible value, e.g. with -inf or +inf"),
        )

    def figures(self, target: Target) -> tuple[Decimal | None, ...]:
        return tuple(edge for b in self.bands for edge in (b.interval.low, b.interval.high))

    def describe(self, target: Target, points: Decimal) -> Text:
        parts = [f"{b.interval} → {fmt(b.points)}" for b in reversed(self.bands)]
        return Text("按区间计分：" + "；".join(parts), "bands: " + "; ".join(parts))


def _in_band(band: Band, value: Decimal, target: Target) -> Text:
    v = beside(target, value, band.interval.low, band.interval.high)
    return Text(
        f"{v.zh} 落在区间 {band.interval}，该区间得 {fmt(band.points)} 分",
        f"{v.en} lies in {band.interval}, which earns {fmt(band.points)}",
    )


def interval_order(interval: Interval) -> tuple[int, Decimal, int]:
    """Sort key: intervals from the lowest values up."""
    low = interval.low
    if low is None:
        return (0, ZERO, 0)
    return (1, low, 0 if interval.low_inclusive else 1)


def gap_or_overlap(intervals: Sequence[Interval]) -> Message | None:
    """What is wrong with these sorted intervals as a partition, or None."""
    for a, b in itertools.pairwise(intervals):
        if a.high is None or b.low is None:
            return msg("bands {a} and {b} overlap", a=str(a), b=str(b))
        if a.high > b.low or (a.high == b.low and a.high_inclusive and b.low_inclusive):
            return msg("bands {a} and {b} overlap", a=str(a), b=str(b))
        if a.high < b.low or (a.high == b.low and not a.high_inclusive and not b.low_inclusive):
            return msg("there is a gap between bands {a} and {b}", a=str(a), b=str(b))
    return None


@register
class Equal(Rule, Record):
    """Equal (等于): full points when the value equals the target.

    A target of 0 scores full only when the value is at most 0 and nothing
    otherwise. Any other target scores like ``proportional`` below it; above
    it, ``over`` says what happens: ``full`` (the value passed the target, as
    the MOF system scores it) or ``ratio`` (target / value, closer is better).
    """

    kind: ClassVar[str] = "equal"
    title: ClassVar[Text] = Text("等于", "equal")
    over: str
    __slots__ = ("over",)

    def __init__(
        self,
        over: str = "full",
    ) -> None:
        set_field(self, "over", over)

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(over=params.choice("over", ["full", "ratio"], "full"))

    def check(self, target: Target, points: Decimal) -> list[Message]:
        problems = need_op(target, [Op.EQ], self.kind)
        if target.value < 0:
            problems.append(msg("rule 'equal' needs a target of 0 or more"))
        return problems

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        v, t = beside(target, value), quantity(target, None)
        if target.value == 0:
            if value <= 0:
                return Assessment(
                    ONE,
                    Text(f"{v.zh}，目标为 0，达到目标", f"{v.en}, the target is 0: met"),
                    met=True,
                )
            return Assessment(
                ZERO,
                Text(f"{v.zh} 高于目标 0，不得分", f"{v.en} is above the target 0: no points"),
                met=False,
            )
        if value == target.value:
            return Assessment(ONE, met_text(value, target), met=True)
        if value < target.value:
            share = clamp_share(exact_quotient(value, target.value))
            return Assessment.exactly(
                share,
                Text(
                    f"{v.zh} 未达目标 {t.zh}，按 {v.zh} ÷ {t.zh} = {percent(share)} 计分",
                    f"{v.en} is below the target {t.en}: scored {v.en} / {t.en} = {percent(share)}",
                ),
                met=False,
            )
        if self.over == "full":
            return Assessment(
                ONE,
                Text(
                    f"{v.zh} 超过目标 {t.zh}，按正向指标计满分",
                    f"{v.en} is past the target {t.en}: full points, as for higher-is-better",
                ),
                met=False,
            )
        share = clamp_share(exact_quotient(target.value, value))
        return Assessment.exactly(
            share,
            Text(
                f"{v.zh} 超过目标 {t.zh}，按 {t.zh} ÷ {v.zh} = {percent(share)} 计分",
                f"{v.en} is past the target {t.en}: scored {t.en} / {v.en} = {percent(share)}",
            ),
            met=False,
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        if target.value == 0:
            return Text(
                "实际值不高于 0 得满分，否则不得分",
                "full points when the actual value is 0 or less; otherwise none",
            )
        above = (
            ("超过目标得满分", "full points above it")
            if self.over == "full"
            else (f"超过目标按 目标值 ÷ 实际值 × {fmt(points)} 分计分", "target / actual above it")
        )
        return Text(
            f"等于目标得满分；低于目标按 实际值 ÷ 目标值 × {fmt(points)} 分计分；{above[0]}",
            f"full points at the target; actual / target × {fmt(points)} below it; {above[1]}",
        )


@register
class CountDeduction(Rule, Record):
    """Deduction per counted incident (按起扣分): ``per`` points off each, never below 0.

    The fact is a count of incidents (a whole number); the target is how many
    are tolerated, almost always ``<= 0``. Each incident beyond it costs ``per``.
    """

    kind: ClassVar[str] = "count_deduction"
    title: ClassVar[Text] = Text("按起扣分", "deduction per incident")
    per: Decimal
    __slots__ = ("per",)

    def __init__(
        self,
        per: Decimal = ONE,
    ) -> None:
        set_field(self, "per", per)

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(per=params.number("per", positive=True))

    def check(self, target: Target, points: Decimal) -> list[Message]:
        problems = need_op(target, [Op.LE], self.kind)
        if target.value < 0 or target.value != target.value.to_integral_value():
            problems.append(
                msg("rule 'count_deduction' needs a whole number of incidents as target")
            )
        return problems

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        value = as_number(value, self.kind)
        if value < 0 or value != value.to_integral_value():
            raise RuleError(
                msg(
                    "rule 'count_deduction' counts incidents: {value} is not a whole number of 0 "
                    "or more",
                    value=fmt(value, 6),
                ),
                hint=msg("give the number of incidents found, e.g. 0 or 2"),
            )
        word = _count_word(target)
        excess = CONTEXT.subtract(value, target.value)
        if excess <= 0:
            return Assessment(
                ONE,
                Text(
                    f"发生 {fmt(value)} {word}，不超过 {fmt(target.value)} {word}，不扣分",
                    f"{fmt(value)} incident(s), no more than {fmt(target.value)}: nothing deducted",
                ),
            )
        exact_deducted = min(Fraction(points), Fraction(excess) * Fraction(self.per))
        share = (
            clamp_share((Fraction(points) - exact_deducted) / Fraction(points))
            if points > 0
            else Fraction(0)
        )
        deducted = to_decimal(exact_deducted)
        return Assessment.exactly(
            share,
            Text(
                f"发生 {fmt(value)} {word}，每{word}扣 {shown(self.per)} 分，"
                f"扣 {fmt(deducted, 4)} 分",
                f"{fmt(value)} incident(s), {shown(self.per)} off each beyond"
                f" {fmt(target.value)}: {fmt(deducted, 4)} deducted",
            ),
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        word = _count_word(target)
        allowed = "" if target.value == 0 else f"超过 {fmt(target.value)} {word}后"
        allowed_en = "" if target.value == 0 else f" beyond {fmt(target.value)}"
        return Text(
            f"{allowed}每发生 1 {word}扣 {shown(self.per)} 分，扣完 {fmt(points)} 分为止",
            f"{shown(self.per)} off per incident{allowed_en}, down to 0",
        )


def _count_word(target: Target) -> str:
    """The counting word of the row's unit (起, 项, 次); 起 when the unit names none."""
    return target.unit if target.unit and target.unit != "%" else "起"


@register
class Met(Rule, Record):
    """Met / not met (是否达成): full points when the target is met, none otherwise.

    The fact is ``true`` or ``false``, or a number compared with a numeric
    target; a deadline such as "9月前" is the month number ``≤ 9``, so a
    fact of ``7月`` meets it.
    """

    __slots__ = ()

    kind: ClassVar[str] = "met"
    title: ClassVar[Text] = Text("是否达成", "met or not met")
    accepts: ClassVar[tuple[type, ...]] = (bool, Decimal)
    text_target: ClassVar[bool] = True

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        if isinstance(value, bool):
            met = value
            shown = Text("已达成" if met else "未达成", "met" if met else "not met")
        else:
            number = as_number(value, self.kind)
            if not target.numeric:
                raise RuleError(
                    msg(
                        "rule 'met' got the number {number} but the "
                        "target {target} is words, not a "
                        "number",
                        number=fmt(number, 6),
                        target=target.label,
                    ),
                    hint=msg("give the fact as true or false, or write a numeric target"),
                )
            met = target.met(number)
            v = beside(target, number)
            shown = Text(
                f"{v.zh}，{'达到' if met else '未达到'}", f"{v.en}: {'met' if met else 'not met'}"
            )
        t = target.label
        if met:
            return Assessment(
                ONE,
                Text(f"{shown.zh}目标 {t.zh}", f"{shown.en}, the target is {t.en}"),
                met=True,
            )
        return Assessment(
            ZERO,
            Text(f"{shown.zh}目标 {t.zh}，不得分", f"{shown.en}, the target is {t.en}: no points"),
            met=False,
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        return Text(
            f"达到目标（{target}）得 {fmt(points)} 分，未达到不得分",
            f"{fmt(points)} points when the target ({target.en}) is met; none otherwise",
        )
