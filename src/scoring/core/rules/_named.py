"""Rules that score a named outcome: items met, a level, an evaluator's verdict."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from scoring.core.errors import RuleError
from scoring.core.messages import Message, msg
from scoring.core.numbers import HUNDRED, ONE, ZERO, div, exact_quotient, fmt, mul
from scoring.core.record import Record, set_field
from scoring.core.rules._base import Assessment, Params, Rule, percent, register
from scoring.core.rules._numeric import Interval, gap_or_overlap, interval_order, parse_interval
from scoring.core.values import FactValue, Judgement, Target, Text, english_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, Self


def _unknown(what: Message, given: str, known: list[str]) -> RuleError:
    return RuleError(
        msg("{given!r} is not one of the {what} of this rule", given=given, what=what),
        hint=msg("use one of: {names}", names=", ".join(known)),
    )


def _called_twice(entries: Iterable[Iterable[str | None]]) -> str | None:
    """The first name that two entries share (an entry's own names count once).

    In the order written, so that the same file always gives the same message.
    """
    names = [n for entry in entries for n in dict.fromkeys(entry) if n]
    return next((n for n in names if names.count(n) > 1), None)


def _english(entry: Params) -> str | None:
    """An entry's ``name_en``, the English twin of its ``name``: English on one line."""
    name_en = entry.text("name_en")
    if name_en is None:
        return None
    problem = english_problem(name_en, "name_en", "name")
    if problem is not None:
        raise entry.fail("name_en", *problem)
    return name_en.strip()


class Item(Record):
    """One checklist item: an id for the facts file, a name and its relative weight."""

    id: str
    name: str
    weight: Decimal
    __slots__ = ("id", "name", "weight")

    def __init__(
        self,
        id: str,
        name: str,
        weight: Decimal = ONE,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "weight", weight)


@register
class Checklist(Rule, Record):
    """Checklist (逐项计分): each item is a named share of the row's points.

    An item's share is its ``weight`` over the sum of weights (equal shares
    by default). The fact lists the items met, by id or by name.
    """

    kind: ClassVar[str] = "checklist"
    title: ClassVar[Text] = Text("逐项计分", "checklist")
    accepts: ClassVar[tuple[type, ...]] = (tuple,)
    text_target: ClassVar[bool] = True
    items: tuple[Item, ...]
    __slots__ = ("items",)

    def __init__(
        self,
        items: tuple[Item, ...] = (),
    ) -> None:
        set_field(self, "items", items)

    @classmethod
    def parse(cls, params: Params) -> Self:
        items: list[Item] = []
        for entry in params.items("items"):
            ident = entry.text("id")
            if ident is None:
                raise entry.fail(None, msg("each item needs an 'id', such as 'exists'"))
            name = entry.text("name", ident) or ident
            items.append(Item(ident, name, entry.number("weight", ONE, positive=True)))
        if not items:
            raise params.fail("items", msg("rule 'checklist' needs at least one item"))
        duplicate = _called_twice((item.id, item.name) for item in items)
        if duplicate is not None:
            raise params.fail(
                "items", msg("two items are called {duplicate!r}", duplicate=duplicate)
            )
        return cls(tuple(items))

    @property
    def total_weight(self) -> Decimal:
        return sum((item.weight for item in self.items), ZERO)

    def _find(self, given: str) -> Item:
        for item in self.items:
            if given in (item.id, item.name):
                return item
        raise _unknown(msg("items"), given, [item.id for item in self.items])

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        assert isinstance(value, tuple)
        met = [self._find(given) for given in value]
        if len({item.id for item in met}) != len(met):
            raise RuleError(
                msg("an item is listed twice among the items met"),
                hint=msg("list each item met once"),
            )
        done = {item.id for item in met}
        weight = sum((item.weight for item in met), ZERO)
        share = exact_quotient(weight, self.total_weight)
        yes = "".join(f"“{item.name}”" for item in self.items if item.id in done) or "无"
        no = "".join(f"“{item.name}”" for item in self.items if item.id not in done) or "无"
        yes_en = ", ".join(item.id for item in self.items if item.id in done) or "none"
        no_en = ", ".join(item.id for item in self.items if item.id not in done) or "none"
        ratio = f"{fmt(weight, 6)} ÷ {fmt(self.total_weight, 6)}"
        return Assessment.exactly(
            share,
            Text(
                f"已达成：{yes}；未达成：{no}；按 {ratio} = {percent(share)} 计分",
                f"met: {yes_en}; not met: {no_en}; scored {ratio} = {percent(share)}",
            ),
            met=len(done) == len(self.items),
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        total = self.total_weight
        parts = [
            f"{item.name} {fmt(div(mul(points, item.weight), total))} 分" for item in self.items
        ]
        parts_en = [f"{item.id} {fmt(div(mul(points, item.weight), total))}" for item in self.items]
        return Text(
            "逐项计分：" + "；".join(parts), "one share per item met: " + "; ".join(parts_en)
        )


class Level(Record):
    """A named outcome and the points it earns."""

    name: str
    points: Decimal
    name_en: str | None
    __slots__ = ("name", "name_en", "points")

    def __init__(
        self,
        name: str,
        points: Decimal,
        name_en: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "points", points)
        set_field(self, "name_en", name_en)


@register
class Levels(Rule, Record):
    """Named levels (等级计分): each named outcome earns its points.

    Levels are listed best first and their points may not rise down the list,
    so the rule stays monotone. The fact names the level reached (its name or
    ``name_en``).
    """

    kind: ClassVar[str] = "levels"
    title: ClassVar[Text] = Text("等级计分", "named levels")
    accepts: ClassVar[tuple[type, ...]] = (str,)
    text_target: ClassVar[bool] = True
    levels: tuple[Level, ...]
    __slots__ = ("levels",)

    def __init__(
        self,
        levels: tuple[Level, ...] = (),
    ) -> None:
        set_field(self, "levels", levels)

    @classmethod
    def parse(cls, params: Params) -> Self:
        levels: list[Level] = []
        for entry in params.items("levels"):
            name = entry.text("name")
            if name is None:
                raise entry.fail(None, msg("each level needs a 'name', such as 无结余"))
            points = entry.number("points", nonnegative=True)
            if levels and points > levels[-1].points:
                raise entry.fail(
                    "points",
                    msg(
                        "level {name!r} gives more points ({points}) than {levels_name!r} above it "
                        "({points2})",
                        name=name,
                        points=fmt(points),
                        levels_name=levels[-1].name,
                        points2=fmt(levels[-1].points),
                    ),
                    msg("list the levels best first, so that a better outcome never earns less"),
                )
            levels.append(Level(name, points, _english(entry)))
        if not levels:
            raise params.fail("levels", msg("rule 'levels' needs at least one level"))
        duplicate = _called_twice((lv.name, lv.name_en) for lv in levels)
        if duplicate is not None:
            raise params.fail(
                "levels", msg("two levels are called {duplicate!r}", duplicate=duplicate)
            )
        return cls(tuple(levels))

    def name_en(self, name: str) -> str | None:
        return next((lv.name_en for lv in self.levels if name in (lv.name, lv.name_en)), None)

    def check(self, target: Target, points: Decimal) -> list[Message]:
        top = self.levels[0].points
        if top > points:
            return [
                msg(
                    "a level gives {top} points but the row is worth only {points}",
                    top=fmt(top),
                    points=fmt(points),
                )
            ]
        return []

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        assert isinstance(value, str)
        level = next((lv for lv in self.levels if value in (lv.name, lv.name_en)), None)
        if level is None:
            raise _unknown(msg("levels"), value, [lv.name for lv in self.levels])
        share = exact_quotient(min(level.points, points), points) if points > 0 else Fraction(0)
        return Assessment.exactly(
            share,
            Text(
                f"结果为“{level.name}”，该等级得 {fmt(level.points)} 分",
                f"the outcome is {level.name_en or level.name!r}, which earns {fmt(level.points)}",
            ),
            met=level == self.levels[0],
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        zh = [f"{lv.name} {fmt(lv.points)} 分" for lv in self.levels]
        en = [f"{lv.name_en or lv.name} {fmt(lv.points)}" for lv in self.levels]
        return Text("按等级计分：" + "；".join(zh), "levels: " + "; ".join(en))


class QualitativeBand(Record):
    """A qualitative band: its name and the range of the row's points, in percent."""

    name: str
    interval: Interval
    name_en: str | None
    __slots__ = ("interval", "name", "name_en")

    def __init__(
        self,
        name: str,
        interval: Interval,
        name_en: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "interval", interval)
        set_field(self, "name_en", name_en)


DEFAULT_QUALITATIVE = (
    QualitativeBand("未达成且效果较差", Interval(ZERO, Decimal(60), True, False), "not achieved"),
    QualitativeBand(
        "部分达成并具有一定效果", Interval(Decimal(60), Decimal(80), True, False), "partly achieved"
    ),
    QualitativeBand("达成年度指标", Interval(Decimal(80), HUNDRED, True, True), "achieved"),
)


@register
class Qualitative(Rule, Record):
    """Qualitative bands (定性评价): the evaluator picks a band and a score inside it.

    Each band is a range of the row's points in percent (达成年度指标 80–100%,
    部分达成并具有一定效果 60–80%, 未达成且效果较差 0–60% unless ``bands`` says
    otherwise). The facts give the band and the points; points outside the
    band are an error.
    """

    kind: ClassVar[str] = "qualitative"
    title: ClassVar[Text] = Text("定性评价", "qualitative bands")
    accepts: ClassVar[tuple[type, ...]] = (Judgement,)
    text_target: ClassVar[bool] = True
    bands: tuple[QualitativeBand, ...]
    __slots__ = ("bands",)

    def __init__(
        self,
        bands: tuple[QualitativeBand, ...] = DEFAULT_QUALITATIVE,
    ) -> None:
        set_field(self, "bands", bands)

    @classmethod
    def parse(cls, params: Params) -> Self:
        if not params.has("bands"):
            return cls()
        bands: list[QualitativeBand] = []
        for entry in params.items("bands"):
            name = entry.text("name")
            raw = entry.text("range")
            if name is None or raw is None:
                raise entry.fail(
                    None, msg("each band needs a 'name' and a 'range' such as '[80, 100]'")
                )
            try:
                interval = parse_interval(raw)
            except (ValueError, ArithmeticError) as exc:
                raise entry.fail(
                    "range", msg("bad range {raw!r}: {exc}", raw=raw, exc=exc)
                ) from None
            low_ok = interval.low is not None and interval.low >= 0
            high_ok = interval.high is not None and interval.high <= HUNDRED
            if not (low_ok and high_ok):
                raise entry.fail(
                    "range",
                    msg("range {raw!r} must lie within [0, 100] (percent of the points)", raw=raw),
                )
            bands.append(QualitativeBand(name, interval, _english(entry)))
        if not bands:
            raise params.fail("bands", msg("rule 'qualitative' needs at least one band"))
        ordered = tuple(sorted(bands, key=lambda b: interval_order(b.interval)))
        problem = gap_or_overlap([b.interval for b in ordered])
        if problem:
            raise params.fail(
                "bands", problem, msg("make each band start where the one below ends")
            )
        duplicate = _called_twice((b.name, b.name_en) for b in ordered)
        if duplicate is not None:
            raise params.fail(
                "bands", msg("two bands are called {duplicate!r}", duplicate=duplicate)
            )
        return cls(ordered)

    def name_en(self, name: str) -> str | None:
        return next((b.name_en for b in self.bands if name in (b.name, b.name_en)), None)

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        assert isinstance(value, Judgement)
        band = next((b for b in self.bands if value.band in (b.name, b.name_en)), None)
        if band is None:
            raise _unknown(msg("bands"), value.band, [b.name for b in self.bands])
        given = value.points
        share = exact_quotient(given, points) if points > 0 else Fraction(0)
        if given < 0 or given > points or not band.interval.contains(share * 100):
            raise RuleError(
                msg(
                    "the evaluator's {given} of {points} points is {percent}% of the row, "
                    "outside the band {name} {interval} (percent)",
                    given=fmt(given, 6),
                    points=fmt(points, 6),
                    percent=percent(share),
                    name=band.name,
                    interval=band.interval,
                ),
                hint=msg(
                    "give points in {band_points}, or choose another band",
                    band_points=_band_points(band.interval, points),
                ),
            )
        return Assessment.exactly(
            share,
            Text(
                f"评价为“{band.name}”（{band.interval}% 分值），评定 {fmt(given, 4)} 分",
                f"judged {band.name_en or band.name!r} ({band.interval}% of the points),"
                f" {fmt(given, 4)} given",
            ),
            met=band == self.bands[-1],
        )

    def describe(self, target: Target, points: Decimal) -> Text:
        zh = []
        en = []
        for band in reversed(self.bands):
            shown = _band_points(band.interval, points)
            zh.append(f"{band.name} {band.interval}%（{shown} 分）")
            en.append(f"{band.name_en or band.name} {band.interval}% ({shown} points)")
        return Text(
            "定性评价，在所选档次内评分：" + "；".join(zh),
            "qualitative, scored within the chosen band: " + "; ".join(en),
        )


def _band_points(interval: Interval, points: Decimal) -> str:
    """The band as a range of points, edges kept: ``[3, 4)`` of a 5-point row."""
    low = ZERO if interval.low is None else interval.low
    high = HUNDRED if interval.high is None else interval.high
    scaled = Interval(
        div(mul(low, points), HUNDRED),
        div(mul(high, points), HUNDRED),
        interval.low_inclusive or interval.low is None,
        interval.high_inclusive or interval.high is None,
    )
    return str(scaled)
