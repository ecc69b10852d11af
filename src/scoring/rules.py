"""Scoring rules: each maps an achieved value to a share of a row's points.

A rule is one small class registered under its ``kind`` (the name used in
YAML). It reads its parameters through :class:`Params`, checks that it fits
the row's target and points, and scores a value as a share in ``[0, 1]`` with
a bilingual note that puts the actual numbers into the rule. Every rule is
monotone: a value better by the target's direction never earns a smaller share.

Adding a rule is writing one such class; nothing else needs to change.
"""

from __future__ import annotations

import abc
import itertools
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import ClassVar, Protocol, Self, TypeVar

import attrs

from scoring.errors import RuleError
from scoring.model import Op, Target, Text
from scoring.numbers import ONE, ZERO, clamp, div, fmt, mul


class Params(Protocol):
    """A rule's parameters as written in YAML, read with types checked.

    The loader passes one that knows file and line, so that a bad parameter is
    reported where it stands. Every method raises :class:`RuleError` on a bad
    value.
    """

    def number(
        self,
        key: str,
        default: Decimal | None = None,
        *,
        positive: bool = False,
        nonnegative: bool = False,
    ) -> Decimal: ...

    def choice(self, key: str, options: Sequence[str], default: str) -> str: ...

    def items(self, key: str) -> list[Params]: ...

    def text(self, key: str, default: str | None = None) -> str | None: ...

    def fail(self, key: str | None, message: str, hint: str | None = None) -> RuleError: ...


@attrs.frozen
class Assessment:
    """A scored value: the share of the row's points and why, in words."""

    share: Decimal
    why: Text

    def __attrs_post_init__(self) -> None:
        if not ZERO <= self.share <= ONE:
            raise ValueError(f"share {self.share} is outside [0, 1]")


class Rule(abc.ABC):
    """Base of all scoring rules."""

    kind: ClassVar[str]
    title: ClassVar[Text]

    @classmethod
    @abc.abstractmethod
    def parse(cls, params: Params) -> Self:
        """Build the rule from its YAML parameters."""

    def check(self, target: Target, points: Decimal) -> list[str]:
        """Problems with using this rule for a row with ``target`` and ``points``."""
        return []

    @abc.abstractmethod
    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        """Score ``value`` against ``target`` for a row worth ``points``."""

    @abc.abstractmethod
    def describe(self, target: Target, points: Decimal) -> Text:
        """The rule in words, as a sheet's 评分标准 column states it."""


RULES: dict[str, type[Rule]] = {}


_R = TypeVar("_R", bound=type[Rule])


def register(cls: _R) -> _R:
    """Class decorator: make a rule available in YAML under its ``kind``."""
    if cls.kind in RULES:
        raise ValueError(f"rule kind {cls.kind!r} is registered twice")
    RULES[cls.kind] = cls
    return cls


def _need_op(target: Target, allowed: Sequence[Op], kind: str) -> list[str]:
    if target.op in allowed:
        return []
    ops = " or ".join(op.value for op in allowed)
    return [f"rule '{kind}' needs a target stated with {ops}, not {target.op.value}"]


def _deviation(target: Target, amount: Decimal) -> Text:
    """``amount`` of the target's unit in words: 3.5 个百分点 / 3.5 percentage points."""
    if target.unit == "%":
        return Text(f"{fmt(amount)} 个百分点", f"{fmt(amount)} percentage points")
    shown = target.show(amount)
    return Text(shown, shown)


def _met(value: Decimal, target: Target) -> Text:
    v, t = target.show(value), target.show(target.value)
    return Text(f"{v} {target.op.value} {t}，达到目标", f"{v} {target.op.value} {t}, target met")


@register
@attrs.frozen
class Proportional(Rule):
    """Higher is better (正向): met → full; otherwise actual / target of the points."""

    kind: ClassVar[str] = "proportional"
    title: ClassVar[Text] = Text("正向比例", "proportional, higher is better")

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls()

    def check(self, target: Target, points: Decimal) -> list[str]:
        return _need_op(target, [Op.GE], self.kind)

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        if value >= target.value:
            return Assessment(ONE, _met(value, target))
        v, t = target.show(value), target.show(target.value)
        if target.value <= 0:
            return Assessment(
                ZERO, Text(f"{v} 低于目标 {t}，不得分", f"{v} is below the target {t}: no points")
            )
        share = clamp(div(value, target.value))
        return Assessment(
            share,
            Text(
                f"{v} 未达目标 {t}，按 {v} ÷ {t} = {fmt(share * 100)}% 计分",
                f"{v} is below the target {t}: scored {v} / {t} = {fmt(share * 100)}%",
            ),
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        return Text(
            f"达到目标得满分；未达到按 实际值 ÷ 目标值 × {fmt(points)} 分计分",
            f"full points when the target is met; otherwise actual / target × {fmt(points)}",
        )


@register
@attrs.frozen
class Reverse(Rule):
    """Lower is better (反向), in the two variants real sheets use.

    ``ratio``: target / actual of the points, capped at full.
    ``linear``: full up to the target, falling linearly to 0 at twice the target.
    """

    kind: ClassVar[str] = "reverse"
    title: ClassVar[Text] = Text("反向", "reverse, lower is better")
    variant: str = "ratio"

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(variant=params.choice("variant", ["ratio", "linear"], "ratio"))

    def check(self, target: Target, points: Decimal) -> list[str]:
        problems = _need_op(target, [Op.LE], self.kind)
        if self.variant == "linear" and target.value <= 0:
            problems.append("rule 'reverse' (linear) divides by the target, which must be above 0")
        return problems

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        if value <= target.value:
            return Assessment(ONE, _met(value, target))
        v, t = target.show(value), target.show(target.value)
        if self.variant == "ratio":
            share = clamp(div(target.value, value)) if target.value > 0 else ZERO
            return Assessment(
                share,
                Text(
                    f"{v} 高于目标 {t}，按 {t} ÷ {v} = {fmt(share * 100)}% 计分",
                    f"{v} is above the target {t}: scored {t} / {v} = {fmt(share * 100)}%",
                ),
            )
        share = clamp(ONE - div(value - target.value, target.value))
        return Assessment(
            share,
            Text(
                f"{v} 高于目标 {t}，按 1 − ({v} − {t}) ÷ {t} = {fmt(share * 100)}% 计分"
                "（达到目标两倍不得分）",
                f"{v} is above the target {t}: scored 1 - ({v} - {t}) / {t} = "
                f"{fmt(share * 100)}% (nothing at twice the target)",
            ),
        )

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


@register
@attrs.frozen
class BudgetExecution(Rule):
    """Budget execution rate (预算执行率): rate × points, never above full points."""

    kind: ClassVar[str] = "budget_execution"
    title: ClassVar[Text] = Text("预算执行率", "budget execution rate")

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls()

    def check(self, target: Target, points: Decimal) -> list[str]:
        problems = _need_op(target, [Op.GE, Op.EQ], self.kind)
        if target.op is Op.EQ and target.value != 100:
            # The share is the rate itself, so '= 80%' would pay 90% more than 80%.
            problems.append("rule 'budget_execution' with '=' needs the target '= 100%'")
        if target.unit != "%":
            problems.append("rule 'budget_execution' scores a rate: set the unit to '%'")
        return problems

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        share = clamp(div(value, Decimal(100)))
        v = target.show(value)
        if share == ONE:
            return Assessment(
                ONE,
                Text(f"{v}，不低于 100%", f"{v}, at least 100%"),
            )
        earned = fmt(mul(share, points), 4)
        return Assessment(
            share,
            Text(
                f"{v} × {fmt(points)} 分 = {earned} 分",
                f"{v} × {fmt(points)} points = {earned}",
            ),
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        return Text(
            f"得分 = 预算执行率 × {fmt(points)} 分，最高 {fmt(points)} 分",
            f"points = execution rate × {fmt(points)}, at most {fmt(points)}",
        )


COUNTING = ("continuous", "started", "whole")


@register
@attrs.frozen
class DeductionPerUnit(Rule):
    """Deduction per unit beyond a standard (扣分法), never below 0.

    The target is the standard; ``per`` points are deducted for each ``unit``
    of the value beyond it in the bad direction. ``counting`` says how a part
    unit counts: ``continuous`` (pro rata), ``started`` (each unit begun counts
    whole) or ``whole`` (only completed units count).
    """

    kind: ClassVar[str] = "deduction_per_unit"
    title: ClassVar[Text] = Text("超标扣分", "deduction per unit beyond a standard")
    per: Decimal = attrs.field(default=ONE)
    unit: Decimal = attrs.field(default=ONE)
    counting: str = "continuous"

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls(
            per=params.number("per", positive=True),
            unit=params.number("unit", ONE, positive=True),
            counting=params.choice("counting", COUNTING, "continuous"),
        )

    def _units(self, excess: Decimal) -> Decimal:
        units = div(excess, self.unit)
        if self.counting == "started":
            return Decimal(math.ceil(units))
        if self.counting == "whole":
            return Decimal(math.floor(units))
        return units

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        if target.op is Op.GE:
            excess = target.value - value
        elif target.op is Op.LE:
            excess = value - target.value
        else:
            excess = abs(value - target.value)
        if excess <= 0:
            return Assessment(ONE, _met(value, target))
        if points == 0:
            return Assessment(ZERO, Text("本行分值为 0", "this row is worth 0 points"))
        units = self._units(excess)
        deducted = min(points, mul(units, self.per))
        share = clamp(div(points - deducted, points))
        v, t = target.show(value), target.show(target.value)
        side = {Op.GE: ("低于", "below"), Op.LE: ("超过", "beyond"), Op.EQ: ("偏离", "off")}
        zh_side, en_side = side[target.op]
        dev = _deviation(target, excess)
        per_unit = _deviation(target, self.unit)
        counted = "" if self.counting == "continuous" else f"（计 {fmt(units)} 个单位）"
        counted_en = "" if self.counting == "continuous" else f" (counted as {fmt(units)})"
        return Assessment(
            share,
            Text(
                f"{v} {zh_side}标准 {t} {dev.zh}，每 {per_unit.zh} 扣 {fmt(self.per)} 分"
                f"{counted}，扣 {fmt(deducted, 4)} 分",
                f"{v} is {dev.en} {en_side} the standard {t}; {fmt(self.per)} off per "
                f"{per_unit.en}{counted_en}: {fmt(deducted, 4)} deducted",
            ),
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        per_unit = _deviation(target, self.unit)
        mode = {
            "continuous": ("按比例计", "pro rata"),
            "started": ("不足一个单位按一个单位计", "a part unit counts whole"),
            "whole": ("不足一个单位不计", "a part unit does not count"),
        }[self.counting]
        return Text(
            f"以 {target} 为标准，每偏离 {per_unit.zh} 扣 {fmt(self.per)} 分（{mode[0]}），"
            f"扣完 {fmt(points)} 分为止",
            f"standard {target}; {fmt(self.per)} off per {per_unit.en} beyond it ({mode[1]}),"
            f" down to 0",
        )


@attrs.frozen
class Interval:
    """A range of values; ``None`` is unbounded. Written ``[80, 90)`` in YAML."""

    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = False

    def contains(self, value: Decimal) -> bool:
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


def parse_interval(text: str) -> Interval:
    """Parse ``[80, 90)``, ``(0, 10]``, ``[90, +inf)``, ``(-inf, 60)`` or ``[0]``.

    Raises:
        ValueError: when ``text`` is not such an interval.
    """
    s = text.strip().replace("（", "(").replace("）", ")").replace("，", ",")
    s = s.replace("【", "[").replace("】", "]").replace("∞", "inf")
    if len(s) < 3 or s[0] not in "[(" or s[-1] not in "])":
        raise ValueError(f"{text!r} is not an interval such as [80, 90)")
    body = s[1:-1]
    if "," not in body:
        if s[0] != "[" or s[-1] != "]":
            raise ValueError(f"{text!r}: a single value is written [0]")
        point = Decimal(body.strip())
        return Interval(point, point, True, True)
    low_text, _, high_text = body.partition(",")

    def bound(part: str, infinite: str) -> Decimal | None:
        part = part.strip().lower()
        if part in {infinite, infinite.lstrip("+"), ""}:
            return None
        value = Decimal(part)
        if not value.is_finite():
            raise ValueError(f"{text!r}: write an infinite end as -inf or +inf")
        return value

    low = bound(low_text, "-inf")
    high = bound(high_text, "+inf")
    if low is not None and high is not None and low >= high:
        raise ValueError(f"{text!r}: the lower end must be below the upper end")
    return Interval(low, high, s[0] == "[" and low is not None, s[-1] == "]" and high is not None)


@attrs.frozen
class Band:
    interval: Interval
    points: Decimal


@register
@attrs.frozen
class Bands(Rule):
    """Bands (区间法): a table from value ranges to points, edges stated.

    Bands may not overlap or leave gaps between them; their points must not
    fall as the value gets better, so the rule stays monotone.
    """

    kind: ClassVar[str] = "bands"
    title: ClassVar[Text] = Text("区间计分", "bands")
    bands: tuple[Band, ...] = ()

    @classmethod
    def parse(cls, params: Params) -> Self:
        bands: list[Band] = []
        for item in params.items("bands"):
            raw = item.text("range")
            if raw is None:
                raise item.fail("range", "each band needs a 'range', such as '[80, 90)'")
            try:
                interval = parse_interval(raw)
            except (ValueError, ArithmeticError) as exc:
                raise item.fail(
                    "range",
                    f"bad range {raw!r}: {exc}",
                    "write [a, b) with [ or ] for an edge that is included (含), ( or ) for"
                    " one that is not, and -inf or +inf for an open end",
                ) from None
            bands.append(Band(interval, item.number("points", nonnegative=True)))
        if not bands:
            raise params.fail("bands", "rule 'bands' needs at least one band")
        ordered = tuple(sorted(bands, key=_band_order))
        problem = _gap_or_overlap(ordered)
        if problem:
            raise params.fail(
                "bands",
                problem,
                "make each band start exactly where the one below it ends, with the shared"
                " edge included in exactly one of them",
            )
        return cls(ordered)

    def check(self, target: Target, points: Decimal) -> list[str]:
        problems = []
        top = max(b.points for b in self.bands)
        if top > points:
            problems.append(
                f"a band gives {fmt(top)} points but the row is worth only {fmt(points)}"
            )
        sequence = [b.points for b in self.bands]
        if target.op is Op.LE:
            sequence.reverse()
        if target.op is not Op.EQ and any(a > b for a, b in itertools.pairwise(sequence)):
            better = "higher" if target.op is Op.GE else "lower"
            problems.append(
                f"band points must not fall as the value gets {better} (the target is"
                f" {target.op.value}), or a better result would earn fewer points"
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
                    "band points must not fall as the value gets closer to the target"
                    f" {target}, or a better result would earn fewer points"
                )
        return problems

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        v = target.show(value)
        for band in self.bands:
            if band.interval.contains(value):
                earned = min(band.points, points)
                share = div(earned, points) if points else ZERO
                return Assessment(
                    share,
                    Text(
                        f"{v} 落在区间 {band.interval}，该区间得 {fmt(band.points)} 分",
                        f"{v} lies in {band.interval}, which earns {fmt(band.points)}",
                    ),
                )
        covered = f"{self.bands[0].interval} … {self.bands[-1].interval}"
        raise RuleError(
            f"value {v} falls in none of the bands ({covered})",
            hint="extend the bands to cover every possible value, e.g. with -inf or +inf",
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        parts = [f"{b.interval} → {fmt(b.points)}" for b in reversed(self.bands)]
        return Text("按区间计分：" + "；".join(parts), "bands: " + "; ".join(parts))


def _band_order(band: Band) -> tuple[int, Decimal, int]:
    low = band.interval.low
    if low is None:
        return (0, ZERO, 0)
    return (1, low, 0 if band.interval.low_inclusive else 1)


def _gap_or_overlap(bands: Sequence[Band]) -> str | None:
    for below, above in itertools.pairwise(bands):
        a, b = below.interval, above.interval
        if a.high is None or b.low is None:
            return f"bands {a} and {b} overlap"
        if a.high > b.low or (a.high == b.low and a.high_inclusive and b.low_inclusive):
            return f"bands {a} and {b} overlap"
        if a.high < b.low or (a.high == b.low and not a.high_inclusive and not b.low_inclusive):
            return f"there is a gap between bands {a} and {b}"
    return None
