"""Shared Hypothesis strategies: valid indicators, weights profiles and facts.

Everything is built from model objects directly (no YAML), so that a failure
points at the engine or a rule, not at the loader. A generated case is a
:class:`Case`: indicators, a weights profile whose points add up (or one that
asks to be normalised), and facts that score without error.

Each indicator reads its value either from a fact named by its id, or through
the formula ``<id>_n / <id>_d * 100`` with ``<id>_d`` above 0, so that raising
``<id>_n`` raises the value. :func:`with_value` sets an indicator's value
either way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from scoring.core.formula import parse
from scoring.core.model import (
    Category,
    Fact,
    Facts,
    Group,
    Indicator,
    Op,
    Provenance,
    ProvenanceKind,
    Target,
    TargetSetting,
    WeightsProfile,
)
from scoring.core.rules import (
    COUNTING,
    Band,
    Bands,
    BudgetExecution,
    Coefficient,
    DeductionPerUnit,
    Equal,
    Interval,
    Met,
    Proportional,
    Reverse,
    Rule,
)

# Every rule kind that scores any number, generated here; a test checks that
# these and OWN_STRATEGY_KINDS together keep up with the registry.
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
# Kinds whose facts are not any number (a whole count, the items met, a level's
# name, a verdict): tests/test_rules_more.py generates them and states their
# properties itself.
OWN_STRATEGY_KINDS = ("count_deduction", "checklist", "levels", "qualitative")

CATEGORY_NAMES = (
    ("投入", ("预算配置",)),
    ("过程", ("预算执行", "预算管理")),
    ("产出", ("产出数量",)),
)


def dec(low: str, high: str, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Finite decimals in ``[low, high]`` with at most ``places`` decimal places."""
    return st.decimals(Decimal(low), Decimal(high), places=places, allow_nan=False)


values = dec("-50", "300")
"""Achieved values: rates, counts and changes, some negative (a fall in spending)."""


@attrs.frozen
class Case:
    """Indicators, a weights profile that fits them, and facts that score without error."""

    indicators: tuple[Indicator, ...]
    weights: WeightsProfile
    facts: Facts


# --------------------------------------------------------------------------- rules


@st.composite
def bands_rule(draw: st.DrawFn, op: Op, points: Decimal, unit: str) -> tuple[Bands, Target]:
    """Contiguous bands over the whole line, never paying less for a better value.

    With a ``≥`` target the points rise with the value, with ``≤`` they fall,
    with ``=`` they peak in the band that holds the target.
    """
    edges = sorted(set(draw(st.lists(dec("-20", "200", 1), min_size=1, max_size=5))))
    intervals = []
    low: Decimal | None = None
    low_in = False
    for edge in [*edges, None]:
        # Which side of each shared edge is included is drawn, never both or neither.
        high_in = draw(st.booleans()) if edge is not None else False
        intervals.append(Interval(low, edge, low_in and low is not None, high_in))
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


@st.composite
def rule_and_target(draw: st.DrawFn, points: Decimal) -> tuple[Rule, Target, str]:
    """A rule of any registered kind with a target that fits it, and the row's unit."""
    kind = draw(st.sampled_from(RULE_KINDS))
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
        return BudgetExecution(), target, "%"
    if kind == "equal":
        rule = Equal(draw(st.sampled_from(["full", "ratio"])))
        return rule, Target(Op.EQ, draw(dec("0", "150")), unit), unit
    if kind == "coefficient":
        rule = Coefficient(draw(st.sampled_from(["share", "percent"])))
        unit = "%" if rule.scale == "percent" else ""
        floor = Target(Op.GE, draw(dec("0", str(rule.top))), unit)
        return rule, draw(st.sampled_from([floor, Target.described("评价组评定")])), unit
    if kind == "met":
        return Met(), Target(draw(st.sampled_from(list(Op))), draw(dec("-10", "150")), unit), unit
    if kind == "deduction_per_unit":
        rule = DeductionPerUnit(
            per=draw(dec("0.1", "3", 1)),
            unit=draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal(2)])),
            counting=draw(st.sampled_from(COUNTING)),
        )
        op = draw(st.sampled_from(list(Op)))
        return rule, Target(op, draw(dec("-10", "150")), unit), unit
    assert kind == "bands"
    rule, target = draw(bands_rule(draw(st.sampled_from(list(Op))), points, unit))
    return rule, target, unit


# --------------------------------------------------------------------------- points


@st.composite
def points_adding_up(draw: st.DrawFn, n: int, full: Decimal, places: int) -> list[Decimal]:
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


# --------------------------------------------------------------------------- cases


@st.composite
def cases(draw: st.DrawFn, *, normalise: bool | None = None, max_indicators: int = 8) -> Case:
    """Indicators, a consistent weights profile and facts that score without error.

    With ``normalise=True`` the profile's points need not add up to the full
    score and it asks for rescaling; with ``None`` either kind is drawn.
    """
    if normalise is None:
        normalise = draw(st.booleans())
    n = draw(st.integers(1, max_indicators))
    decimals = draw(st.integers(0, 4))
    full = Decimal(100)
    if normalise:
        # Points on the sheet's grid that add up to less than the full score,
        # so rescaling only raises them and no band pays more than its row.
        step = Decimal(1).scaleb(-decimals)
        raw = draw(points_adding_up(n + 1, full, decimals))[:n]
        points = [p if p > 0 else step for p in raw]
        if sum(points) > full:
            points = [step] * n
    else:
        points = draw(points_adding_up(n, full, min(decimals, 2)))
    places = [(c, g) for c, groups in CATEGORY_NAMES for g in groups]
    indicators = []
    fact_values: dict[str, Decimal] = {}
    for k, p in enumerate(points):
        ind_id = f"ind_{k}"
        rule, target, unit = draw(rule_and_target(p))
        level1, level2 = draw(st.sampled_from(places))
        # A coefficient outside its range is an error: draw one inside it. A ratio
        # (the formula below) of a negative amount is an error too.
        ratio = draw(st.booleans())
        value = draw(
            dec("0", str(rule.top))
            if isinstance(rule, Coefficient)
            else dec("0", "300")
            if ratio
            else values
        )
        formula = None
        if ratio:
            formula = parse(f"{ind_id}_n / {ind_id}_d * 100")
            denominator = draw(dec("1", "500"))
            fact_values[f"{ind_id}_d"] = denominator
            fact_values[f"{ind_id}_n"] = value * denominator / 100
        else:
            fact_values[ind_id] = value
        indicators.append(
            Indicator(
                id=ind_id,
                name=f"指标{k}",
                level1=level1,
                level2=level2,
                target=target,
                rule=rule,
                unit=unit,
                formula=formula,
            )
        )
    point_map = {ind.id: p for ind, p in zip(indicators, points, strict=True)}
    weights = WeightsProfile(
        id="generated",
        name="生成的评分表",
        categories=_categories(indicators, point_map),
        points=point_map,
        full_score=full,
        decimals=decimals,
        normalise=normalise,
    )
    facts = Facts(
        unit="测试单位",
        year=2023,
        facts={name: Fact(name, v, draw(provenances)) for name, v in sorted(fact_values.items())},
        targets=draw(year_targets(indicators)),
    )
    return Case(tuple(indicators), weights, facts)


provenances = st.one_of(
    st.none(),
    st.builds(Provenance, st.sampled_from(list(ProvenanceKind)), st.just("生成")),
)


@st.composite
def year_targets(draw: st.DrawFn, indicators: Sequence[Indicator]) -> dict[str, TargetSetting]:
    """For some indicators, a year target with the same operator (so the rule still fits)."""
    settings = {}
    for ind in indicators:
        if isinstance(ind.rule, Proportional | DeductionPerUnit) and draw(st.booleans()):
            target = attrs.evolve(ind.target, value=draw(dec("0.01", "150")))
            settings[ind.id] = TargetSetting(ind.id, target, draw(provenances))
    return settings


def target_of(case: Case, indicator: Indicator) -> Target:
    """The target the engine scores ``indicator`` against in ``case``."""
    setting = case.facts.targets.get(indicator.id)
    return setting.target if setting else indicator.target


def with_value(case: Case, indicator: Indicator, value: Decimal) -> Case:
    """``case`` with ``indicator``'s value set to ``value``, through its formula if it has one."""
    if indicator.formula is None:
        return attrs.evolve(case, facts=case.facts.with_values({indicator.id: value}))
    denominator = case.facts.facts[f"{indicator.id}_d"].value
    numerator = value * denominator / 100
    return attrs.evolve(case, facts=case.facts.with_values({f"{indicator.id}_n": numerator}))


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
    "OWN_STRATEGY_KINDS",
    "RULE_KINDS",
    "Case",
    "cases",
    "dec",
    "indicator_lists",
    "single",
    "target_of",
    "values",
    "weights_profiles",
    "with_value",
]
