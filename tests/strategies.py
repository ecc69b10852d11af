"""Shared Hypothesis strategies: valid indicators, weights profiles and facts.

Everything is built from model objects directly (no YAML), so that a failure
points at the engine or a rule, not at the loader. A generated case is a
:class:`Case`: indicators of every registered rule kind, a weights profile
whose points add up (or one that asks to be normalised), facts that score
without error, and every sheet setting the engine supports: value rounding
(``value_decimals``, on the profile and per row), over-achievement flags,
reductions and deductions (on the profile and per row), vetoes, custom grades, rows marked
not applicable, manual deductions (some finer than the sheet's decimals),
deviation reasons, year targets, and missing facts under the ``zero`` and
``not-applicable`` policies (from the profile or for the run). A budget
execution rate divides by the adjusted or the initial budget, some naming
their budget facts (the other budget shown beside); some numbers are given
unit by unit (``units:``, summed or weighted by another fact, docs/facts.md).

A numeric indicator reads its value either from a fact named by its id, or
through the formula ``<id>_n / <id>_d * 100`` with ``<id>_d`` above 0, so that
raising ``<id>_n`` raises the value; other kinds read a fact by their id or
through a one-name formula. :func:`with_value` sets an indicator's value
either way, and :func:`better_values` draws values that are strictly better.

:func:`features` names the kinds, variants and settings a case exercises:
the property tests report them with ``event()``, and
``tests/test_strategies.py`` fails when a registered rule kind or a setting
documented in docs/settings.md is never generated.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from scoring.core.caps import CapBand, TotalCap
from scoring.core.combine import Combination, UnitFigure
from scoring.core.formula import parse
from scoring.core.model import (
    MISSING_POLICIES,
    Category,
    Fact,
    Facts,
    FactValue,
    GradeBand,
    Group,
    Indicator,
    Judgement,
    ManualDeduction,
    NotApplicable,
    Op,
    OverAchievement,
    Provenance,
    ProvenanceKind,
    ReasonThresholds,
    Target,
    TargetSetting,
    Veto,
    WeightsProfile,
)
from scoring.core.record import evolve
from scoring.core.rules import (
    COUNTING,
    DEFAULT_QUALITATIVE,
    Band,
    Bands,
    BudgetExecution,
    Checklist,
    Coefficient,
    CountDeduction,
    DeductionPerUnit,
    Equal,
    Interval,
    Item,
    Level,
    Levels,
    Met,
    Proportional,
    Qualitative,
    QualitativeBand,
    Reverse,
    Rule,
    Unscored,
)

# Rule kinds whose fact is any number, and those whose fact is something else
# (a whole count, the items met, a level's name, a verdict). cases() generates
# both; tests/test_strategies.py checks that together they keep up with the
# registry.
RULE_KINDS = (
    "proportional",
    "reverse",
    "budget_execution",
    "deduction_per_unit",
    "bands",
    "equal",
    "met",
    "coefficient",
)
OWN_STRATEGY_KINDS = ("count_deduction", "checklist", "levels", "qualitative")
ALL_KINDS = RULE_KINDS + OWN_STRATEGY_KINDS

CATEGORY_NAMES = (
    ("投入", ("预算配置",)),
    ("过程", ("预算执行", "预算管理")),
    ("产出", ("产出数量",)),
)


@functools.cache
def dec(low: str, high: str, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Finite decimals in ``[low, high]`` with at most ``places`` decimal places."""
    return st.decimals(Decimal(low), Decimal(high), places=places, allow_nan=False)


values = dec("-50", "300")
"""Achieved values: rates, counts and changes, some negative (a fall in spending)."""


@attrs.frozen
class Case:
    """Indicators, a weights profile that fits them, and facts that score without error.

    ``missing`` is the run's missing-facts policy (``score(missing=...)``),
    None to use the profile's.
    """

    indicators: tuple[Indicator, ...]
    weights: WeightsProfile
    facts: Facts
    missing: str | None = None

    def indicator(self, ind_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ind_id)


# --------------------------------------------------------------------------- rules


def _bands_rule(draw: st.DrawFn, op: Op, points: Decimal, unit: str) -> tuple[Bands, Target]:
    """Contiguous bands over the whole line, never paying less for a better value.

    With a ``≥`` target the points rise with the value, with ``≤`` they fall,
    with ``=`` they peak in the band that holds the target. Some bands are a
    single value (``[0]``), as in the Yueyang 预算调整率 table.
    """
    edges = sorted(set(draw(st.lists(dec("-20", "200", 1), min_size=1, max_size=5))))
    intervals = []
    low: Decimal | None = None
    low_in = False
    for edge in [*edges, None]:
        start_in = low_in and low is not None
        if start_in and draw(st.booleans()):
            # The edge on its own, [e], then (e, next edge ...
            intervals.append(Interval(low, low, True, True))
            start_in = False
        # Which side of each shared edge is included is drawn, never both or neither.
        high_in = draw(st.booleans()) if edge is not None else False
        intervals.append(Interval(low, edge, start_in, high_in))
        low, low_in = edge, not high_in
    target = Target(op, draw(dec("-20", "150")), unit)
    n = len(intervals)
    awards = sorted(draw(st.lists(dec("0", str(points), 2), min_size=n, max_size=n)))
    if op is Op.LE:
        awards.reverse()
    elif op is Op.EQ:
        peak = next(i for i, interval in enumerate(intervals) if interval.contains(target.value))
        top, rest = awards[-1], awards[:-1]
        awards = [*sorted(rest[:peak]), top, *sorted(rest[peak:], reverse=True)]
    return Bands(tuple(Band(i, a) for i, a in zip(intervals, awards, strict=True))), target


# The budgets a budget execution rate may divide by (docs/rules.md, "Which budget").
BUDGET_BASES = ("adjusted", "initial")


def _name_budgets(draw: st.DrawFn, rule: BudgetExecution, ind_id: str) -> BudgetExecution:
    """The rule naming its budget facts: the formula's divisor ``<id>_d`` holds the budget
    the rate divides by; the other, when named, is a fact of its own (``<id>_other``), shown
    beside with the rate it would give, never scored."""
    other = draw(st.sampled_from([f"{ind_id}_other", None]))
    named = {rule.budget: f"{ind_id}_d", rule.other: other}
    return evolve(rule, adjusted_budget=named["adjusted"], initial_budget=named["initial"])


UNIT_NAMES = ("县教育局", "县体育局", "县卫健委")


def _by_units(draw: st.DrawFn, name: str, value: Decimal, weighted: bool) -> dict[str, Fact]:
    """``value`` given unit by unit (docs/facts.md, ``units:``): summed over one to three
    units, or (``weighted``) two units' figures weighted by a fact ``<name>_w`` given unit by
    unit, the figures chosen so that the combination is ``value`` exactly."""
    provenance = draw(provenances)
    if not weighted:
        n = draw(st.integers(1, 3))
        # Parts on the side of 0 that the value is on, the last one what is left.
        low, high = sorted([Decimal(0), value])
        parts = [draw(st.decimals(low, high, places=2)) for _ in range(n - 1)]
        parts.append(value - sum(parts, Decimal(0)))
        figures = tuple(UnitFigure(u, p) for u, p in zip(UNIT_NAMES, parts, strict=False))
        return {name: Fact(name, value, provenance, combination=Combination(figures))}
    # (v + d·w2)·w1 + (v − d·w1)·w2 = v·(w1 + w2): the weighted mean is v.
    w1, w2 = Decimal(draw(st.integers(1, 500))), Decimal(draw(st.integers(0, 500)))
    d = draw(dec("-50", "50", 1))
    units = UNIT_NAMES[:2]
    figures = (UnitFigure(units[0], value + d * w2), UnitFigure(units[1], value - d * w1))
    weights = (UnitFigure(units[0], w1), UnitFigure(units[1], w2))
    by = f"{name}_w"
    return {
        name: Fact(name, value, provenance, combination=Combination(figures, by, (w1, w2))),
        by: Fact(by, w1 + w2, None, combination=Combination(weights)),
    }


ITEM_NAMES = ("制度健全", "执行有效", "档案完整", "公开及时")
LEVEL_NAMES = (
    ("无结余", "no balance"),
    ("结余较少", "small"),
    ("结余较多", "large"),
    ("结余过多", None),
)
DEADLINE = Target(Op.LE, Decimal(9), "月", "9月前")
WORDS = Target.described("达成年度指标")


def _checklist_rule(draw: st.DrawFn) -> Checklist:
    """1 to 4 items, some without a name (the id is the name), some weighted."""
    n = draw(st.integers(1, 4))
    items = []
    for k in range(n):
        ident = f"item{k}"
        name = draw(st.sampled_from([ITEM_NAMES[k], ident]))
        weight = draw(st.sampled_from([Decimal(1), Decimal(1), Decimal(2), Decimal("0.5")]))
        items.append(Item(ident, name, weight))
    return Checklist(tuple(items))


def _levels_rule(draw: st.DrawFn, points: Decimal) -> Levels:
    """1 to 4 levels best first, points never rising down the list, the best within the row."""
    n = draw(st.integers(1, 4))
    awards = sorted(draw(st.lists(dec("0", str(points), 2), min_size=n, max_size=n)), reverse=True)
    names = LEVEL_NAMES[:n]
    return Levels(tuple(Level(zh, a, en) for (zh, en), a in zip(names, awards, strict=True)))


def _qualitative_rule(draw: st.DrawFn) -> Qualitative:
    """The national bands, or 1 to 4 bands of their own over [0, 100]."""
    if draw(st.booleans()):
        return Qualitative()
    cuts = sorted(set(draw(st.lists(st.integers(1, 99).map(Decimal), max_size=3))))
    edges = [Decimal(0), *cuts, Decimal(100)]
    bands = []
    for k, (low, high) in enumerate(itertools.pairwise(edges)):
        last = k == len(edges) - 2
        bands.append(
            QualitativeBand(f"档{k}", Interval(low, high, True, last), f"band {k}" if k else None)
        )
    return Qualitative(tuple(bands))


def _rule_and_target(
    draw: st.DrawFn, points: Decimal, kinds: Sequence[str] = ALL_KINDS
) -> tuple[Rule, Target, str]:
    """A rule of one of ``kinds`` with a target that fits it, and the row's unit."""
    kind = draw(st.sampled_from(kinds))
    unit = draw(st.sampled_from(["%", "%", "项", "个百分点"]))
    if kind == "proportional":
        return Proportional(), Target(Op.GE, draw(dec("0", "150")), unit), unit
    if kind == "reverse":
        variant = draw(st.sampled_from(["ratio", "linear"]))
        low = "0.01" if variant == "linear" else "0"
        return Reverse(variant), Target(Op.LE, draw(dec(low, "150")), unit), unit
    if kind == "budget_execution":
        target = draw(
            st.one_of(
                st.builds(Target, st.just(Op.GE), dec("0", "100"), st.just("%")),
                st.just(Target(Op.EQ, Decimal(100), "%")),
            )
        )
        return BudgetExecution(draw(st.sampled_from(BUDGET_BASES))), target, "%"
    if kind == "equal":
        rule = Equal(draw(st.sampled_from(["full", "ratio"])))
        target_value = draw(st.one_of(st.just(Decimal(0)), dec("0", "150")))
        return rule, Target(Op.EQ, target_value, unit), unit
    if kind == "coefficient":
        rule = Coefficient(draw(st.sampled_from(["share", "percent"])))
        unit = "%" if rule.scale == "percent" else ""
        floor = Target(Op.GE, draw(dec("0", str(rule.top))), unit)
        return rule, draw(st.sampled_from([floor, Target.described("评价组评定")])), unit
    if kind == "met":
        target = draw(
            st.one_of(
                st.builds(Target, st.sampled_from(list(Op)), dec("-10", "150"), st.just(unit)),
                st.just(DEADLINE),
                st.just(WORDS),
            )
        )
        return Met(), target, target.unit
    if kind == "deduction_per_unit":
        rule = DeductionPerUnit(
            per=draw(dec("0.1", "3", 1)),
            unit=draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal(2)])),
            counting=draw(st.sampled_from(COUNTING)),
        )
        op = draw(st.sampled_from(list(Op)))
        return rule, Target(op, draw(dec("-10", "150")), unit), unit
    if kind == "count_deduction":
        word = draw(st.sampled_from(["起", "项", "次", ""]))
        target = Target(Op.LE, Decimal(draw(st.integers(0, 3))), word)
        return CountDeduction(per=draw(dec("0.1", "3", 1))), target, word
    if kind == "checklist":
        return _checklist_rule(draw), WORDS, ""
    if kind == "levels":
        return _levels_rule(draw, points), Target.described("无结余"), ""
    if kind == "qualitative":
        return _qualitative_rule(draw), WORDS, ""
    assert kind == "bands", f"no strategy for rule kind {kind!r}"
    rule, target = _bands_rule(draw, draw(st.sampled_from(list(Op))), points, unit)
    return rule, target, unit


# --------------------------------------------------------------------------- values


def edges_of(rule: Rule, target: Target) -> list[Decimal]:
    """Values where the rule's result may jump: the target and the band edges."""
    found = [target.value] if target.numeric else []
    if isinstance(rule, Bands):
        for band in rule.bands:
            found.extend(e for e in (band.interval.low, band.interval.high) if e is not None)
    if isinstance(rule, Reverse) and rule.variant == "linear":
        found.append(2 * target.value)
    return sorted(set(found))


def _number_near(draw: st.DrawFn, rule: Rule, target: Target) -> Decimal:
    """Any value, or one on or next to an edge of the rule."""
    edges = edges_of(rule, target)
    if not edges or draw(st.booleans()):
        return draw(values)
    step = draw(st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("0.5"), Decimal(1)]))
    return draw(st.sampled_from(edges)) + draw(st.sampled_from([-1, 1])) * step


def _verdict(draw: st.DrawFn, rule: Qualitative, points: Decimal) -> Judgement:
    """A band and points inside it, for a row worth ``points``; sometimes by English name."""
    if points == 0:
        band = next(b for b in rule.bands if b.interval.contains(Decimal(0)))
        return Judgement(band.name, Decimal(0))
    band = draw(st.sampled_from(rule.bands))
    low = band.interval.low or Decimal(0)
    high = band.interval.high if band.interval.high is not None else Decimal(100)
    percent = draw(st.one_of(st.just(low), st.just(high), dec(str(low), str(high), 2)))
    if not band.interval.contains(percent):
        percent = low if band.interval.contains(low) else (low + high) / 2
    name = draw(st.sampled_from([band.name, band.name_en or band.name]))
    return Judgement(name, percent * points / 100)


def _fact_value(draw: st.DrawFn, rule: Rule, target: Target, points: Decimal) -> FactValue:
    """A value the rule scores without error, for a row worth ``points`` (effective)."""
    if isinstance(rule, Met):
        if not target.numeric or draw(st.booleans()):
            return draw(st.booleans())
        if target.unit == "月":
            return Decimal(draw(st.integers(1, 12)))
        return _number_near(draw, rule, target)
    if isinstance(rule, Coefficient):
        # Outside [0, top] is an error, never cut to fit: draw inside, ends included.
        top = str(rule.top)
        return draw(st.one_of(dec("0", top, 4), st.sampled_from([Decimal(0), rule.top])))
    if isinstance(rule, CountDeduction):
        near = int(target.value) + draw(st.sampled_from([-1, 0, 1]))
        return Decimal(draw(st.one_of(st.integers(0, 12), st.just(max(0, near)))))
    if isinstance(rule, Checklist):
        met = draw(st.lists(st.sampled_from(rule.items), unique=True))
        return tuple(draw(st.sampled_from([item.id, item.name])) for item in met)
    if isinstance(rule, Levels):
        level = draw(st.sampled_from(rule.levels))
        return draw(st.sampled_from([level.name, level.name_en or level.name]))
    if isinstance(rule, Qualitative):
        return _verdict(draw, rule, points)
    return _number_near(draw, rule, target)


def _value_for(draw: st.DrawFn, ind: Indicator, target: Target, points: Decimal) -> FactValue:
    if ind.formula is not None and not ind.formula.text.endswith("_fact"):
        # A ratio of a negative amount is refused: a ratio is 0 or more.
        return max(Decimal(0), _number_near(draw, ind.rule, target))
    return _fact_value(draw, ind.rule, target, points)


@st.composite
def value_for(draw: st.DrawFn, ind: Indicator, target: Target, points: Decimal) -> FactValue:
    """A value for ``ind`` against ``target``: a number when its formula computes one.

    ``points`` are the row's effective points (a verdict is out of them).
    """
    return _value_for(draw, ind, target, points)


# Kinds whose value may be any number (so it may come through n / d * 100).
NUMBER_KINDS = frozenset(RULE_KINDS) - {"met", "coefficient"}


def ratio_formula(ind: Indicator) -> bool:
    """Whether ``ind`` reads its value through ``<id>_n / <id>_d * 100``."""
    return ind.formula is not None and not ind.formula.text.endswith("_fact")


def reads_number(ind: Indicator) -> bool:
    """Whether the indicator's value is any number (so it may come through ``n / d * 100``)."""
    return ind.rule.kind in NUMBER_KINDS or (
        ind.rule.kind == "met" and ind.target.numeric and ind.target.unit != "月"
    )


# --------------------------------------------------------------------------- points


def _points_adding_up(draw: st.DrawFn, n: int, full: Decimal, places: int) -> list[Decimal]:
    """``n`` points on a grid of ``places`` decimals that add up to ``full`` exactly."""
    step = Decimal(1).scaleb(-places)
    units = int(full / step)
    cuts = sorted(draw(st.lists(st.integers(0, units), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, units]
    return [(b - a) * step for a, b in itertools.pairwise(bounds)]


def _categories(
    indicators: Sequence[Indicator], points: dict[str, Decimal]
) -> tuple[Category, ...]:
    result = []
    for name, groups in CATEGORY_NAMES:
        group_points = [
            Group(
                g,
                sum(
                    (points[i.id] for i in indicators if (i.level1, i.level2) == (name, g)),
                    Decimal(0),
                ),
            )
            for g in groups
        ]
        result.append(
            Category(name, sum((g.points for g in group_points), Decimal(0)), tuple(group_points))
        )
    return tuple(result)


# --------------------------------------------------------------------------- settings

over_achievements = st.builds(
    OverAchievement,
    st.sampled_from([Decimal(130), Decimal(130), Decimal(0), Decimal(110), Decimal(150)]),
    st.sampled_from([None, None, Decimal(10), Decimal(20), Decimal(50)]),
    st.sampled_from([None, None, None, Decimal("0.5"), Decimal(2)]),
)
value_decimals = st.one_of(st.none(), st.none(), st.integers(0, 3))
reason_thresholds = st.builds(
    ReasonThresholds,
    st.one_of(st.none(), dec("0", "150")),
    st.one_of(st.none(), dec("0", "150")),
)


def _grade_bands(draw: st.DrawFn, full: Decimal) -> tuple[GradeBand, ...] | None:
    """None for the national bands, or 2 to 4 bands of their own, the lowest from 0."""
    if draw(st.booleans()):
        return None
    mins = sorted(set(draw(st.lists(st.integers(1, int(full)), min_size=1, max_size=3))))
    names = ("甲", "乙", "丙", "丁")
    bands = [GradeBand(names[k], Decimal(m), f"grade {k}") for k, m in enumerate(reversed(mins))]
    return (*bands, GradeBand(names[len(bands)], Decimal(0), "last"))


# --------------------------------------------------------------------------- cases


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    normalise: bool | None = None,
    max_indicators: int = 8,
    kinds: Sequence[str] = ALL_KINDS,
    settings: bool = True,
) -> Case:
    """Indicators, a consistent weights profile and facts that score without error.

    With ``normalise=True`` the profile's points need not add up to the full
    score and it asks for rescaling; with ``None`` either kind is drawn.
    ``kinds`` limits the rule kinds; ``settings=False`` leaves every sheet
    setting at its default (no rounding of values, flags at 130% with no
    reduction, no vetoes, no rows dropped or deducted, no facts missing).
    """
    from scoring.core.engine import effective_points  # noqa: PLC0415

    if normalise is None:
        normalise = draw(st.booleans())
    n = draw(st.integers(1, max_indicators))
    decimals = draw(st.integers(0, 4))
    full = Decimal(100)
    if normalise:
        # Points on the sheet's grid that add up to less than the full score,
        # so rescaling only raises them and no band pays more than its row.
        step = Decimal(1).scaleb(-decimals)
        raw = _points_adding_up(draw, n + 1, full, decimals)[:n]
        points = [p if p > 0 else step for p in raw]
        if sum(points) > full:
            points = [step] * n
    else:
        points = _points_adding_up(draw, n, full, min(decimals, 2))
    places = [(c, g) for c, groups in CATEGORY_NAMES for g in groups]
    indicators = []
    for k, p in enumerate(points):
        ind_id = f"ind_{k}"
        rule, target, unit = _rule_and_target(draw, p, kinds)
        level1, level2 = draw(st.sampled_from(places))
        indicator = Indicator(
            id=ind_id,
            name=f"指标{k}",
            name_en=draw(st.sampled_from([None, f"Row {k}"])),
            level1=level1,
            level2=level2,
            target=target,
            rule=rule,
            unit=unit,
        )
        if reads_number(indicator) and draw(st.booleans()):
            indicator = evolve(indicator, formula=parse(f"{ind_id}_n / {ind_id}_d * 100"))
        elif draw(st.integers(0, 3)) == 0:
            indicator = evolve(indicator, formula=parse(f"{ind_id}_fact"))
        if isinstance(rule, BudgetExecution) and ratio_formula(indicator) and draw(st.booleans()):
            indicator = evolve(indicator, rule=_name_budgets(draw, rule, ind_id))
        if settings:
            indicator = evolve(
                indicator,
                value_decimals=draw(st.one_of(st.none(), st.none(), st.none(), value_decimals)),
                over_achievement=draw(st.one_of(st.none(), st.none(), over_achievements)),
                deviation_reason=draw(st.one_of(st.none(), st.none(), reason_thresholds)),
            )
        indicators.append(indicator)
    if settings and draw(st.integers(0, 2)) == 0:
        # An informational row (其中 sub-row): no rule, 0 points, shown where it is placed.
        level1, level2 = draw(st.sampled_from(places))
        info = Indicator(
            id="info_0",
            name="其中：公务接待费",
            level1=level1,
            level2=level2,
            target=draw(st.sampled_from([WORDS, Target(Op.LE, Decimal(10), "万元")])),
            rule=Unscored(),
            unit="万元",
            informational=True,
            formula=draw(st.sampled_from([None, parse("info_0_fact")])),
        )
        at = draw(st.integers(0, len(indicators)))
        indicators.insert(at, info)
        points.insert(at, Decimal(0))
    point_map = {ind.id: p for ind, p in zip(indicators, points, strict=True)}
    grades = _grade_bands(draw, full) if settings else None
    grade_names = [g.name for g in grades] if grades else ["优", "良", "中", "差"]
    weights = WeightsProfile(
        id="generated",
        name="生成的评分表",
        categories=_categories(indicators, point_map),
        points=point_map,
        full_score=full,
        decimals=decimals,
        normalise=normalise,
        **({"grades": grades} if grades else {}),  # type: ignore[arg-type]
    )
    if settings:
        scored_ids = [i.id for i in indicators if not i.informational]
        chosen = draw(st.lists(st.sampled_from(scored_ids), unique=True, max_size=2))
        weights = evolve(
            weights,
            value_decimals=draw(value_decimals),
            over_achievement=draw(st.one_of(st.just(OverAchievement()), over_achievements)),
            missing_facts=draw(st.sampled_from(MISSING_POLICIES)),
            vetoes=tuple(Veto(i, draw(st.sampled_from(grade_names))) for i in chosen),
        )
    capping = [i for i in indicators if reads_number(i) and i.target.op is Op.GE]
    if settings and capping and draw(st.integers(0, 3)) == 0:
        # A cap on the total by a rate (总分封顶), on a row where higher is better, so that
        # a better value never lowers the cap; the cap never falls as the rate rises.
        cut = draw(dec("0", "150", 1))
        low = Decimal(draw(st.integers(0, 100)))
        high = Decimal(draw(st.integers(int(low), 100)))
        bands = (
            CapBand(Interval(None, cut, False, False), low),
            CapBand(Interval(cut, cut + 20, True, False), high),
        )
        weights = evolve(weights, total_cap=TotalCap(draw(st.sampled_from(capping)).id, bands))
    effective = effective_points(indicators, weights)
    fact_values: dict[str, FactValue] = {}
    for ind in indicators:
        value = _value_for(draw, ind, ind.target, effective[ind.id])
        if ind.formula is None:
            fact_values[ind.id] = value
        elif ind.formula.text.endswith("_fact"):
            fact_values[f"{ind.id}_fact"] = value
        else:
            assert isinstance(value, Decimal)
            denominator = draw(dec("1", "500"))
            fact_values[f"{ind.id}_d"] = denominator
            fact_values[f"{ind.id}_n"] = value * denominator / 100
        other = (
            ind.rule.budget_fact(ind.rule.other) if isinstance(ind.rule, BudgetExecution) else None
        )
        if other is not None:
            # The budget the rate is not on: 0 gives no rate to show beside.
            # Mostly a budget: a rate to show is what the coverage test must see (Hypothesis
            # draws the smallest integer most, so 0 stands at the other end).
            zero = draw(st.integers(0, 3)) == 3
            fact_values[other] = Decimal(0) if zero else draw(dec("1", "500"))
    given: dict[str, Fact] = {}
    for name, v in sorted(fact_values.items()):
        # Some numbers are given unit by unit: amounts (n, d, budgets) summed; a value read
        # whole (a rate) summed or weighted.
        how = draw(st.sampled_from(["whole"] * 4 + ["sum", "weighted"]))
        if how == "whole" or not isinstance(v, Decimal) or isinstance(v, bool):
            given[name] = Fact(name, v, draw(provenances))
        else:
            amount = name.endswith(("_n", "_d", "_other"))
            given.update(_by_units(draw, name, v, weighted=how == "weighted" and not amount))
    facts = Facts(
        unit="测试单位",
        year=2023,
        facts=dict(sorted(given.items())),
        targets=_year_targets(draw, indicators),
    )
    if not settings:
        return Case(tuple(indicators), weights, facts)
    return _facts_settings(draw, Case(tuple(indicators), weights, facts), effective)


def _facts_settings(draw: st.DrawFn, case: Case, effective: dict[str, Decimal]) -> Case:
    """Rows marked not applicable, deductions, reasons and missing facts, keeping a row to score.

    One row with points is always kept whole (scored, with its facts), so that
    dropping the others leaves something to rescale.
    """
    ids = [ind.id for ind in case.indicators]
    # An informational row is never dropped or deducted (it has no points).
    shown = {ind.id for ind in case.indicators if ind.informational}
    keep = draw(st.sampled_from([i for i in ids if effective[i] > 0]))
    others = [i for i in ids if i != keep]
    scored_others = [i for i in others if i not in shown]
    missing = draw(st.sampled_from([None, None, None, "zero", "not-applicable"]))
    policy = missing or case.weights.missing_facts
    dropped = (
        draw(st.lists(st.sampled_from(scored_others), unique=True, max_size=2))
        if scored_others
        else []
    )
    # Under 'error' only rows marked not applicable may lack their facts.
    may_lack = others if policy != "error" else dropped
    lacking = draw(st.lists(st.sampled_from(may_lack), unique=True)) if may_lack else []
    scored = [i for i in ids if i not in dropped and i not in shown]
    decimals = case.weights.decimals
    deductions = {}
    for ind_id in draw(st.lists(st.sampled_from(scored), unique=True, max_size=2)):
        places = draw(st.sampled_from([decimals, decimals + 1, 3]))
        amount = draw(dec("0", "6", places))
        deductions[ind_id] = ManualDeduction(ind_id, amount, "复核扣分")
    reasons = dict.fromkeys(draw(st.lists(st.sampled_from(ids), unique=True)), "目标设定偏保守")
    facts = dict(case.facts.facts)
    for ind_id in lacking:
        # The facts its value is computed from (not a budget shown beside, nor a weighting).
        leaves = {ind_id, f"{ind_id}_n", f"{ind_id}_d", f"{ind_id}_fact"}
        names = sorted(n for n in facts if n in leaves)
        for name in draw(st.lists(st.sampled_from(names), min_size=1, unique=True)):
            del facts[name]
    new = evolve(
        case.facts,
        facts=facts,
        not_applicable={i: NotApplicable(i, "本年无此业务") for i in dropped},
        deductions=deductions,
        reasons=reasons,
    )
    return evolve(case, facts=new, missing=missing)


provenances = st.one_of(
    st.none(),
    st.builds(Provenance, st.sampled_from(list(ProvenanceKind)), st.just("生成")),
)


def _year_targets(draw: st.DrawFn, indicators: Sequence[Indicator]) -> dict[str, TargetSetting]:
    """For some indicators, a year target with the same operator (so the rule still fits)."""
    settings = {}
    for ind in indicators:
        if isinstance(ind.rule, Proportional | DeductionPerUnit) and draw(st.booleans()):
            target = evolve(ind.target, value=draw(dec("0.01", "150")))
            settings[ind.id] = TargetSetting(ind.id, target, draw(provenances))
    return settings


def target_of(case: Case, indicator: Indicator) -> Target:
    """The target the engine scores ``indicator`` against in ``case``."""
    setting = case.facts.targets.get(indicator.id)
    return setting.target if setting else indicator.target


def value_of(case: Case, indicator: Indicator) -> FactValue | None:
    """The value ``indicator`` reads in ``case`` (before any rounding), None when missing."""
    facts = case.facts.facts
    if indicator.formula is None:
        fact = facts.get(indicator.id)
        return fact.value if fact else None
    if indicator.formula.text.endswith("_fact"):
        fact = facts.get(f"{indicator.id}_fact")
        return fact.value if fact else None
    n, d = facts.get(f"{indicator.id}_n"), facts.get(f"{indicator.id}_d")
    if n is None or d is None:
        return None
    assert isinstance(n.value, Decimal)
    assert isinstance(d.value, Decimal)
    return n.value / d.value * 100


def with_value(case: Case, indicator: Indicator, value: FactValue) -> Case:
    """``case`` with ``indicator``'s value set to ``value``, through its formula if it has one."""
    if indicator.formula is None:
        return evolve(case, facts=case.facts.with_values({indicator.id: value}))
    if indicator.formula.text.endswith("_fact"):
        name = f"{indicator.id}_fact"
        return evolve(case, facts=case.facts.with_values({name: value}))
    assert isinstance(value, Decimal)
    denominator = case.facts.facts[f"{indicator.id}_d"].value
    assert isinstance(denominator, Decimal)
    numerator = value * denominator / 100
    return evolve(case, facts=case.facts.with_values({f"{indicator.id}_n": numerator}))


def closer(a: Decimal, b: Decimal, target: Decimal) -> bool:
    """Whether ``b`` is strictly closer to ``target`` than ``a``, on the same side or at it."""
    return min(a, target) <= b <= max(a, target) and b != a


def better(rule: Rule, target: Target, a: FactValue, b: FactValue) -> bool:
    """Whether ``b`` is a strictly better result than ``a`` for ``rule`` and ``target``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and b and not a
    if isinstance(rule, Coefficient):
        assert isinstance(a, Decimal)
        assert isinstance(b, Decimal)
        return b > a
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        if target.op is Op.GE:
            return b > a
        if target.op is Op.LE:
            return b < a
        return closer(a, b, target.value)
    if isinstance(rule, Checklist):
        assert isinstance(a, tuple)
        assert isinstance(b, tuple)
        met = {rule._find(x).id for x in a}
        return met < {rule._find(x).id for x in b}
    if isinstance(rule, Levels):
        rank = {n: k for k, lv in enumerate(rule.levels) for n in (lv.name, lv.name_en) if n}
        assert isinstance(a, str)
        assert isinstance(b, str)
        return rank[b] < rank[a]
    if isinstance(a, Judgement) and isinstance(b, Judgement):
        return b.points > a.points
    return False


@st.composite
def better_values(draw: st.DrawFn, case: Case, ind: Indicator) -> FactValue | None:
    """A value strictly better than ``ind``'s in ``case`` (None when none can be)."""
    from scoring.core.engine import effective_points  # noqa: PLC0415

    rule, target = ind.rule, target_of(case, ind)
    now = value_of(case, ind)
    if now is None:
        return None
    if isinstance(now, bool):
        return True if not now else None
    if isinstance(rule, CountDeduction):
        assert isinstance(now, Decimal)
        return now - draw(st.integers(1, int(now))) if now >= 1 else None
    if isinstance(rule, Checklist):
        assert isinstance(now, tuple)
        met = {rule._find(x).id for x in now}
        rest = [item.id for item in rule.items if item.id not in met]
        extra = draw(st.lists(st.sampled_from(rest), min_size=1, unique=True)) if rest else None
        return (*now, *extra) if extra else None
    if isinstance(rule, Levels):
        assert isinstance(now, str)
        rank = next(k for k, lv in enumerate(rule.levels) if now in (lv.name, lv.name_en))
        return draw(st.sampled_from(rule.levels[:rank])).name if rank else None
    if isinstance(rule, Qualitative):
        assert isinstance(now, Judgement)
        points = effective_points(case.indicators, case.weights)[ind.id]
        found = _verdict(draw, rule, points)
        return found if found.points > now.points else None
    assert isinstance(now, Decimal)
    if isinstance(rule, Coefficient):
        return now + (rule.top - now) * draw(dec("0.01", "1")) if now < rule.top else None
    if target.unit == "月":
        return now - draw(st.integers(1, int(now) - 1)) if now > 1 else None
    if target.op is Op.GE:
        return now + draw(dec("0.01", "200"))
    if target.op is Op.LE:
        lower = now - draw(dec("0.01", "200"))
        if ratio_formula(ind):
            lower = max(Decimal(0), lower)
        return lower if lower < now else None
    if now == target.value or (ratio_formula(ind) and target.value < 0):
        return None
    return now + (target.value - now) * draw(dec("0.01", "1"))


def edge_pairs(case: Case, ind: Indicator) -> list[tuple[Decimal, Decimal]]:
    """Pairs (worse, better) next to the target and band edges, each in the good direction."""
    rule, target = ind.rule, target_of(case, ind)
    if not reads_number(ind) or not target.numeric:
        return []
    edges = edges_of(rule, target)
    setting = ind.over_achievement or case.weights.over_achievement
    if (
        setting.enabled
        and setting.reduce_by is None
        and setting.deduct is None
        and target.value > 0
    ):
        edges.append(target.value * setting.flag_at / 100)
        # Facts have at most 15 decimals: keep the flag's edge on a short grid.
        edges.append((target.value * 100 / setting.flag_at).quantize(Decimal("0.0001")))
    pairs = []
    for edge in edges:
        for step in (Decimal(1), Decimal("0.01"), Decimal("0.0001")):
            for a, b in ((edge - step, edge), (edge, edge + step)):
                for worse, good in ((a, b), (b, a)):
                    # A ratio of a negative amount is refused: a ratio is 0 or more.
                    positive = not ratio_formula(ind) or min(worse, good) >= 0
                    if positive and better(rule, target, worse, good):
                        pairs.append((worse, good))
    return pairs


def features(case: Case, card: object) -> set[str]:
    """The rule kinds, variants and settings ``case`` exercises, and those that changed its card.

    ``kind:``, ``variant:`` and ``formula:`` name what was generated;
    ``setting:`` names a setting that did something to the scorecard
    (``card``, a :class:`~scoring.core.scorecard.Scorecard`).
    """
    from scoring.core.scorecard import Scorecard  # noqa: PLC0415

    assert isinstance(card, Scorecard)
    found = {f"setting:decimals:{case.weights.decimals}"}
    for ind in case.indicators:
        rule = ind.rule
        if ind.informational:
            continue
        found.add(f"kind:{rule.kind}")
        variant = getattr(rule, "variant", None) or getattr(rule, "over", None)
        if isinstance(rule, DeductionPerUnit):
            variant = rule.counting
        if isinstance(rule, Bands | DeductionPerUnit):
            found.add(f"variant:{rule.kind}:{ind.target.op.ascii}")
        if isinstance(rule, Qualitative):
            variant = "national" if rule.bands == DEFAULT_QUALITATIVE else "own bands"
        if isinstance(rule, Met):
            variant = "deadline" if ind.target.unit == "月" else str(ind.target.numeric)
        if isinstance(rule, Coefficient):
            variant = f"{rule.scale} {'floor' if ind.target.numeric else 'words'}"
        if variant is not None:
            found.add(f"variant:{rule.kind}:{variant}")
        if ind.formula is not None:
            found.add("formula:one name" if ind.formula.text.endswith("_fact") else "formula:ratio")
        value = value_of(case, ind)
        if isinstance(value, Judgement) and value.band not in [b.name for b in rule.bands]:  # type: ignore[attr-defined]
            found.add("variant:qualitative:by English name")
        if isinstance(value, tuple) and value and isinstance(rule, Checklist):
            by = {"id" if x == rule._find(x).id else "name" for x in value}
            found.update(f"variant:checklist:by {b}" for b in by)
    if case.weights.normalise:
        found.add("setting:normalise")
    if case.facts.targets:
        found.add("setting:year target")
    if case.weights.grades[0].name == "甲":
        found.add("setting:grades")
    if case.missing is not None:
        found.add("setting:missing_facts:run")
    for row in card.rows:
        if row.raw_value is not None:
            found.add("setting:value_decimals")
            if row.indicator.value_decimals is not None:
                found.add("setting:value_decimals:indicator")
        if row.over_achievement is not None:
            found.add("setting:over_achievement")
            if row.indicator.over_achievement is not None:
                found.add("setting:over_achievement:indicator")
        if row.reduced_by is not None:
            found.add("setting:over_achievement:reduce_by")
        if row.over_deducted is not None:
            found.add("setting:over_achievement:deduct")
        if row.deduction is not None:
            found.add("setting:deductions")
            step = Decimal(1).scaleb(-card.decimals)
            if row.deduction.points % step:
                found.add("setting:deductions:finer than the sheet")
        if row.missing_facts and not row.informational:
            found.add("setting:missing_facts:zero")
        if row.informational:
            found.add("setting:informational")
        if row.budgets is not None:
            found.add(f"setting:budget:{row.budgets.basis}")
            if row.budgets.other_rate is not None:
                found.add("setting:budget:other shown")
        for fact in row.combined_facts:
            assert fact.combination is not None
            weighted = fact.combination.weighted_by is not None
            found.add(f"setting:units:{'weighted' if weighted else 'sum'}")
        if row.reason_threshold is not None and row.indicator.deviation_reason is not None:
            found.add("setting:deviation_reason")
    for dropped in card.not_applicable:
        found.add(
            "setting:not_applicable"
            if dropped.cause == "facts"
            else "setting:missing_facts:not-applicable"
        )
    if card.capped is not None and card.capped.binding:
        found.add("setting:total_cap")
    if card.vetoed_by:
        found.add("setting:veto")
        if card.grade_before_veto is not None:
            found.add("setting:veto:capped")
    return found


def single(
    rule: Rule,
    target: Target,
    value: Decimal | str,
    points: Decimal | str = "10",
    *,
    decimals: int = 2,
    unit: str | None = None,
) -> Case:
    """A one-row sheet worth ``points`` (also its full score) scoring ``value``."""
    pts = Decimal(points)
    indicator = Indicator(
        id="row",
        name="测试指标",
        name_en="Test row",
        level1="投入",
        level2="预算配置",
        target=target,
        rule=rule,
        unit=target.unit if unit is None else unit,
    )
    weights = WeightsProfile(
        id="one",
        name="单行评分表",
        categories=(Category("投入", pts, (Group("预算配置", pts),)),),
        points={"row": pts},
        full_score=pts,
        decimals=decimals,
    )
    return Case((indicator,), weights, Facts.from_values("测试单位", 2023, {"row": Decimal(value)}))


def indicator_lists(max_size: int = 8) -> st.SearchStrategy[tuple[Indicator, ...]]:
    """Valid indicators of every rule kind, with unique ids and fitting targets."""
    return cases(max_indicators=max_size).map(lambda c: c.indicators)


def weights_profiles(*, normalise: bool | None = None) -> st.SearchStrategy[WeightsProfile]:
    """Profiles whose points add up to 100 (or, normalised, rescale to it)."""
    return cases(normalise=normalise).map(lambda c: c.weights)


__all__ = [
    "ALL_KINDS",
    "OWN_STRATEGY_KINDS",
    "RULE_KINDS",
    "Case",
    "better",
    "better_values",
    "cases",
    "dec",
    "edge_pairs",
    "features",
    "indicator_lists",
    "single",
    "target_of",
    "value_of",
    "values",
    "weights_profiles",
    "with_value",
]
