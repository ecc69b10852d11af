"""The scoring core: indicators, weights and facts in, a scorecard out.

Pure: no file reading, no printing, no clock. The same input gives the same
scorecard, whatever order the indicators come in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, Decimal

from scoring.errors import (
    FormulaError,
    MissingFactsError,
    RuleError,
    ScoringError,
    WeightsError,
    raise_if_any,
)
from scoring.formula import Name, substitute
from scoring.model import Facts, Indicator, Text, WeightsProfile
from scoring.numbers import CONTEXT, ONE, ZERO, div, fmt, fmt_points, mul, round_half_up
from scoring.scorecard import CategoryResult, GroupResult, Row, Scorecard


def check(indicators: Sequence[Indicator], weights: WeightsProfile) -> list[ScoringError]:
    """Every inconsistency between ``indicators`` and ``weights``, and within ``weights``.

    Checks that ids are unique, every indicator has points and every point
    has an indicator, each indicator's category exists, points add up (unless
    the profile normalises), and each rule fits its row.
    """
    problems: list[ScoringError] = []
    where = weights.location
    seen: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.id in seen:
            problems.append(
                WeightsError(
                    f"indicator id {ind.id!r} is defined twice (also at {seen[ind.id].location})",
                    location=ind.location,
                    hint="give each indicator its own id, or load only one of the files",
                )
            )
        seen[ind.id] = ind
    for ind_id in weights.points:
        if ind_id not in seen:
            problems.append(
                WeightsError(
                    f"weights give points to {ind_id!r}, which no indicator file defines",
                    location=where,
                    hint="fix the id, or add the indicator's file with --indicators",
                )
            )
    groups = {(c.name, g.name): g for c in weights.categories for g in c.groups}
    points = effective_points(seen.values(), weights)
    for ind in seen.values():
        if ind.id not in weights.points:
            problems.append(
                WeightsError(
                    f"indicator {ind.id!r} has no points in weights profile {weights.id!r}",
                    location=ind.location,
                    hint=f"add '{ind.id}: <points>' under 'points:' in the weights file",
                )
            )
            continue
        if (ind.level1, ind.level2) not in groups:
            problems.append(
                WeightsError(
                    f"indicator {ind.id!r} is under {ind.level1}/{ind.level2}, a category the"
                    f" weights profile {weights.id!r} does not have",
                    location=ind.location,
                    hint="use one of: " + ", ".join(f"{a}/{b}" for a, b in groups),
                )
            )
        problems.extend(
            WeightsError(f"indicator {ind.id!r}: {text}", location=ind.location)
            for text in ind.rule.check(ind.target, points[ind.id])
        )
    if not weights.normalise:
        problems.extend(_sums(seen.values(), weights))
    return problems


def _sums(indicators: Iterable[Indicator], weights: WeightsProfile) -> list[ScoringError]:
    problems: list[ScoringError] = []
    hint = "change the points so that they add up, or set 'normalise: true' to rescale them"

    def compare(what: str, expected: Decimal, parts: Iterable[Decimal]) -> None:
        got = sum(parts, ZERO)
        if got != expected:
            off = got - expected
            problems.append(
                WeightsError(
                    f"{what} is worth {fmt(expected, 6)} but its parts add up to {fmt(got, 6)}"
                    f" ({'+' if off > 0 else ''}{fmt(off, 6)})",
                    location=weights.location,
                    hint=hint,
                )
            )

    compare("the full score", weights.full_score, (c.points for c in weights.categories))
    by_group: dict[tuple[str, str], list[Decimal]] = {}
    for ind in indicators:
        if ind.id in weights.points:
            by_group.setdefault((ind.level1, ind.level2), []).append(weights.points[ind.id])
    for cat in weights.categories:
        compare(f"category {cat.name}", cat.points, (g.points for g in cat.groups))
        for group in cat.groups:
            compare(
                f"group {cat.name}/{group.name}",
                group.points,
                by_group.get((cat.name, group.name), []),
            )
    return problems


def effective_points(
    indicators: Iterable[Indicator], weights: WeightsProfile
) -> dict[str, Decimal]:
    """Each indicator's points, rescaled to the full score when the profile normalises."""
    points = {ind.id: weights.points[ind.id] for ind in indicators if ind.id in weights.points}
    if not weights.normalise:
        return points
    total = sum(points.values(), ZERO)
    if total == 0:
        return points
    exact = {k: div(mul(v, weights.full_score), total) for k, v in points.items()}
    # Rescaled points are printed at the sheet's decimals and must add up to the
    # full score as printed (six rows of 16.67 would make 100.02): round each
    # down, then give the units left over to the largest remainders, ties by id
    # so that the order of the indicators does not matter.
    step = ONE.scaleb(-weights.decimals)
    rounded = {k: v.quantize(step, rounding=ROUND_DOWN, context=CONTEXT) for k, v in exact.items()}
    left = int((weights.full_score - sum(rounded.values(), ZERO)) / step)
    for k in sorted(exact, key=lambda k: (rounded[k] - exact[k], k))[:left]:
        rounded[k] += step
    return rounded


def score(indicators: Sequence[Indicator], weights: WeightsProfile, facts: Facts) -> Scorecard:
    """Score one unit's year.

    Raises:
        WeightsError: when indicators and weights do not fit together.
        MissingFactsError: listing every missing fact at once.
        FormulaError: when a formula divides by zero or refers to itself.
        RuleError: when a value cannot be scored by its rule, or a year target
            does not fit it.
    """
    raise_if_any(check(indicators, weights))
    by_id = {ind.id: ind for ind in indicators}
    points = effective_points(indicators, weights)
    raise_if_any(_year_target_problems(by_id, points, facts))
    values = _Values(by_id, facts)
    values.resolve_all(order=list(weights.points))

    rows = tuple(
        _score_row(by_id[ind_id], points[ind_id], values, facts, weights.decimals)
        for ind_id in weights.points
    )
    categories = _categories(rows, weights)
    total = sum((r.points for r in rows), ZERO)
    notes: list[Text] = []
    if weights.normalise:
        notes.append(
            Text(
                f"各指标分值已按比例换算，合计为满分 {fmt(weights.full_score)} 分",
                f"indicator points were rescaled so that they add up to {fmt(weights.full_score)}",
            )
        )
    return Scorecard(
        unit=facts.unit,
        unit_en=facts.unit_en,
        year=facts.year,
        profile_id=weights.id,
        profile_name=weights.name,
        full_score=weights.full_score,
        decimals=weights.decimals,
        total=total,
        grade=weights.grade_for(total),
        categories=categories,
        rows=rows,
        notes=tuple(notes),
    )


def _year_target_problems(
    by_id: Mapping[str, Indicator], points: Mapping[str, Decimal], facts: Facts
) -> list[ScoringError]:
    """A year target replaces the indicator's, so it must fit the rule just as well."""
    problems: list[ScoringError] = []
    for ind_id, setting in sorted(facts.targets.items()):
        ind = by_id.get(ind_id)
        if ind is None or ind_id not in points:
            continue
        problems.extend(
            RuleError(
                f"the target set for {ind_id!r} does not fit its rule: {text}",
                location=setting.location or facts.location,
                hint="state the year's target with the operator the indicator's rule needs",
            )
            for text in ind.rule.check(setting.target, points[ind_id])
        )
    return problems


def _score_row(
    ind: Indicator, max_points: Decimal, values: _Values, facts: Facts, decimals: int
) -> Row:
    setting = facts.targets.get(ind.id)
    target = setting.target if setting else ind.target
    value = values.get(ind.id)
    assessment = ind.rule.assess(value, target, max_points)
    earned = round_half_up(mul(assessment.share, max_points), decimals)
    calculation = None
    if ind.formula is not None and not isinstance(ind.formula.expr, Name):
        shown = target.show(value)
        calculation = Text(
            f"{ind.name} = {substitute(ind.formula, values.get, zh=True)} = {shown}",
            f"{ind.label.en} = {substitute(ind.formula, values.get)} = {shown}",
        )
    return Row(
        indicator=ind,
        target=target,
        value=value,
        max_points=max_points,
        share=assessment.share,
        points=earned,
        explanation=_explain(
            ind,
            why=assessment.why,
            earned=earned,
            max_points=max_points,
            decimals=decimals,
            calculation=calculation,
        ),
        criterion=ind.rule.describe(target, max_points),
        calculation=calculation,
        assumed_facts=values.assumed_behind(ind.id),
        target_assumed=bool(setting and setting.assumed),
    )


def _explain(
    ind: Indicator,
    *,
    why: Text,
    earned: Decimal,
    max_points: Decimal,
    decimals: int,
    calculation: Text | None,
) -> Text:
    full = fmt(max_points, decimals)
    got = fmt_points(earned, decimals)
    if earned >= max_points:
        tail = Text(f"得满分 {full} 分", f"full {full} points")
    elif earned <= 0:
        tail = Text(f"得 0 分，失 {full} 分", f"0 of {full} points")
    else:
        lost = fmt(max_points - earned, decimals)
        tail = Text(f"得 {got} 分，失 {lost} 分", f"{got} of {full} points, {lost} lost")
    if calculation is not None:
        return Text(
            f"{calculation.zh}；{why.zh}，{tail.zh}。", f"{calculation.en}; {why.en}; {tail.en}."
        )
    return Text(f"{ind.name} {why.zh}，{tail.zh}。", f"{ind.label.en}: {why.en}; {tail.en}.")


def _categories(rows: Sequence[Row], weights: WeightsProfile) -> tuple[CategoryResult, ...]:
    result = []
    for cat in weights.categories:
        groups = []
        for group in cat.groups:
            members = [
                r
                for r in rows
                if (r.indicator.level1, r.indicator.level2) == (cat.name, group.name)
            ]
            groups.append(
                GroupResult(
                    name=group.name,
                    name_en=group.name_en,
                    max_points=sum((r.max_points for r in members), ZERO),
                    points=sum((r.points for r in members), ZERO),
                    indicator_ids=tuple(r.id for r in members),
                )
            )
        result.append(
            CategoryResult(
                name=cat.name,
                name_en=cat.name_en,
                max_points=sum((g.max_points for g in groups), ZERO),
                points=sum((g.points for g in groups), ZERO),
                groups=tuple(groups),
            )
        )
    return tuple(result)


class _Values:
    """Resolves indicator values from facts and formulas, once each.

    A formula may read raw facts and other indicators' values; a loop is an
    error, and so is every missing fact, all reported together.
    """

    def __init__(self, indicators: Mapping[str, Indicator], facts: Facts) -> None:
        self.indicators = indicators
        self.facts = facts
        self.values: dict[str, Decimal] = {}
        self.assumed: dict[str, frozenset[str]] = {}

    def resolve_all(self, order: Sequence[str]) -> None:
        missing = sorted(
            (ind_id, name)
            for ind_id in order
            for name in self._leaves(ind_id, ())
            if name not in self.facts.facts
        )
        if missing:
            raise MissingFactsError(missing, location=self.facts.location)
        for ind_id in order:
            self._resolve(ind_id)

    def _leaves(self, name: str, stack: tuple[str, ...]) -> Iterable[str]:
        """Raw fact names that ``name`` needs; raises on a loop of formulas."""
        if name in stack:
            loop = " → ".join((*stack[stack.index(name) :], name))
            ind = self.indicators[name]
            raise FormulaError(
                f"formulas refer to each other in a loop: {loop}",
                location=ind.formula.location if ind.formula else ind.location,
                hint="a formula may use raw facts and other indicators, but not itself",
            )
        found = self.indicators.get(name)
        if found is None or found.formula is None:
            return [name]
        inner = (*stack, name)
        return [leaf for ref in sorted(found.formula.names) for leaf in self._leaves(ref, inner)]

    def _resolve(self, name: str) -> Decimal:
        if name in self.values:
            return self.values[name]
        ind = self.indicators.get(name)
        if ind is None or ind.formula is None:
            fact = self.facts.facts[name]
            value = fact.value
            self.assumed[name] = frozenset({name}) if fact.assumed else frozenset()
        else:
            value = ind.formula.evaluate(self._resolve)
            self.assumed[name] = frozenset().union(*(self.assumed[n] for n in ind.formula.names))
        self.values[name] = value
        return value

    def get(self, name: str) -> Decimal:
        return self._resolve(name)

    def assumed_behind(self, name: str) -> tuple[str, ...]:
        self._resolve(name)
        return tuple(sorted(self.assumed[name]))
