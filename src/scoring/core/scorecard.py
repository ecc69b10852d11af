"""The result of scoring: a scorecard with one row per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from scoring.core.caps import CappedTotal, TotalCap
from scoring.core.errors import ScoringError
from scoring.core.model import (
    AssumedPoints,
    Fact,
    FactValue,
    GradeBand,
    Indicator,
    ManualDeduction,
    OverAchievement,
    Target,
    Text,
)
from scoring.core.record import Record, set_field


class Budgets(Record):
    """The budgets beside a budget execution rate (预算执行率), as the facts give them.

    ``basis`` is the budget the rate divides by (``adjusted``: 全年预算数, or
    ``initial``: 年初预算数); ``other_rate`` the rate on the other one, shown,
    never scored. ``facts`` names the facts of the adjusted and the initial
    budget (None where the rule names none).
    """

    basis: str
    adjusted: Decimal | None
    initial: Decimal | None
    other_rate: Decimal | None
    facts: tuple[str | None, str | None]
    __slots__ = ("adjusted", "basis", "facts", "initial", "other_rate")

    def __init__(
        self,
        basis: str,
        adjusted: Decimal | None,
        initial: Decimal | None,
        other_rate: Decimal | None,
        facts: tuple[str | None, str | None],
    ) -> None:
        set_field(self, "basis", basis)
        set_field(self, "adjusted", adjusted)
        set_field(self, "initial", initial)
        set_field(self, "other_rate", other_rate)
        set_field(self, "facts", facts)

    def figure(self, which: str) -> Decimal | None:
        return self.adjusted if which == "adjusted" else self.initial

    def fact(self, which: str) -> str:
        return (self.facts[0] if which == "adjusted" else self.facts[1]) or ""


class Row(Record, not_compared=("exact_share",)):
    """One scored indicator.

    ``points`` is rounded half-up to the sheet's decimals; ``share`` is the
    share of ``max_points`` the row earned before rounding (after any
    over-achievement reduction, before any manual deduction), to 34 digits,
    and ``exact_share`` the same as an exact fraction (1/3 stays 1/3): points
    are always computed from it.

    The settings that touched the row: ``raw_value`` is the value before it
    was rounded to ``value_decimals`` (None when not rounded);
    ``over_achievement`` is the value as a percent of its target when that
    reached the flag; ``reduced_by`` the percent of points taken for it;
    ``over_deducted`` the fixed points taken for it (less than the setting's
    ``deduct`` when the row had fewer left);
    ``deduction`` a reviewer's manual deduction and ``rule_points`` the
    points before it; ``base_max_points`` the points before not-applicable
    rows were rescaled away; ``missing_facts`` the facts that were missing
    when the row was scored 0 by the missing-facts policy (``value`` None).
    ``combined_facts`` are the facts behind the value that several units gave,
    each with its units' figures and how they were combined. ``budgets`` holds
    the 全年预算数 and 年初预算数 of a budget execution row whose rule names
    them. ``reason_threshold`` is ``("below", 90)`` or ``("above", 100)`` when
    the value passed a figure of the row's own past which it needs a deviation
    reason. ``informational`` rows (其中 sub-rows, figures for context) have no
    points, no rule's verdict and no flags: they are shown, not scored.
    ``points_assumed`` are the points the weights profile marks assumed that
    ``max_points`` rests on (the row's own, its group's, its category's).
    """

    indicator: Indicator
    target: Target
    value: FactValue | None
    max_points: Decimal
    share: Decimal
    points: Decimal
    explanation: Text
    criterion: Text
    calculation: Text | None
    assumed_facts: tuple[str, ...]
    target_assumed: bool
    achieved: bool | None
    raw_value: FactValue | None
    value_decimals: int | None
    over_achievement: Decimal | None
    reduced_by: Decimal | None
    over_deducted: Decimal | None
    informational: bool
    reason_threshold: tuple[str, Decimal] | None
    budgets: Budgets | None
    combined_facts: tuple[Fact, ...]
    rule_points: Decimal | None
    deduction: ManualDeduction | None
    base_max_points: Decimal | None
    missing_facts: tuple[str, ...]
    exact_share: Fraction | None
    points_assumed: tuple[AssumedPoints, ...]
    __slots__ = (
        "achieved",
        "assumed_facts",
        "base_max_points",
        "budgets",
        "calculation",
        "combined_facts",
        "criterion",
        "deduction",
        "exact_share",
        "explanation",
        "indicator",
        "informational",
        "max_points",
        "missing_facts",
        "over_achievement",
        "over_deducted",
        "points",
        "points_assumed",
        "raw_value",
        "reason_threshold",
        "reduced_by",
        "rule_points",
        "share",
        "target",
        "target_assumed",
        "value",
        "value_decimals",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        indicator: Indicator,
        target: Target,
        value: FactValue | None,
        max_points: Decimal,
        share: Decimal,
        points: Decimal,
        explanation: Text,
        criterion: Text,
        calculation: Text | None = None,
        assumed_facts: tuple[str, ...] = (),
        target_assumed: bool = False,
        achieved: bool | None = None,
        raw_value: FactValue | None = None,
        value_decimals: int | None = None,
        over_achievement: Decimal | None = None,
        reduced_by: Decimal | None = None,
        over_deducted: Decimal | None = None,
        informational: bool = False,
        reason_threshold: tuple[str, Decimal] | None = None,
        budgets: Budgets | None = None,
        combined_facts: tuple[Fact, ...] = (),
        rule_points: Decimal | None = None,
        deduction: ManualDeduction | None = None,
        base_max_points: Decimal | None = None,
        missing_facts: tuple[str, ...] = (),
        exact_share: Fraction | None = None,
        points_assumed: tuple[AssumedPoints, ...] = (),
    ) -> None:
        set_field(self, "indicator", indicator)
        set_field(self, "target", target)
        set_field(self, "value", value)
        set_field(self, "max_points", max_points)
        set_field(self, "share", share)
        set_field(self, "points", points)
        set_field(self, "explanation", explanation)
        set_field(self, "criterion", criterion)
        set_field(self, "calculation", calculation)
        set_field(self, "assumed_facts", assumed_facts)
        set_field(self, "target_assumed", target_assumed)
        set_field(self, "achieved", achieved)
        set_field(self, "raw_value", raw_value)
        set_field(self, "value_decimals", value_decimals)
        set_field(self, "over_achievement", over_achievement)
        set_field(self, "reduced_by", reduced_by)
        set_field(self, "over_deducted", over_deducted)
        set_field(self, "informational", informational)
        set_field(self, "reason_threshold", reason_threshold)
        set_field(self, "budgets", budgets)
        set_field(self, "combined_facts", combined_facts)
        set_field(self, "rule_points", rule_points)
        set_field(self, "deduction", deduction)
        set_field(self, "base_max_points", base_max_points)
        set_field(self, "missing_facts", missing_facts)
        set_field(self, "exact_share", exact_share)
        set_field(self, "points_assumed", points_assumed)

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def share_exact(self) -> Fraction:
        """``exact_share``, or ``share`` when the row was made without one."""
        return self.exact_share if self.exact_share is not None else Fraction(self.share)

    @property
    def lost(self) -> Decimal:
        """Points not earned."""
        return self.max_points - self.points

    @property
    def met(self) -> bool:
        """Whether the value meets the target (a row without a value does not)."""
        if self.achieved is not None:
            return self.achieved
        return isinstance(self.value, Decimal) and self.target.met(self.value)

    @property
    def needs_reason(self) -> bool:
        """Whether the row asks for a deviation reason: missed, beaten by far, or past a
        figure of its own (an informational row never does)."""
        if self.informational:
            return False
        return not self.met or self.flagged or self.reason_threshold is not None

    @property
    def flagged(self) -> bool:
        """Whether the result beat its target so far that it needs a deviation reason."""
        return self.over_achievement is not None

    @property
    def assumed(self) -> bool:
        """Whether the row rests on an assumed number (a fact, its target or its points)."""
        return bool(self.assumed_facts) or self.target_assumed or bool(self.points_assumed)


class DroppedRow(Record):
    """A row left out of the score, and why.

    ``cause`` is ``"facts"`` when the facts file marks it not applicable,
    ``"missing"`` when the missing-facts policy dropped it (``missing_facts``
    names what was missing).
    """

    indicator: Indicator
    max_points: Decimal
    reason: Text
    cause: str
    missing_facts: tuple[str, ...]
    __slots__ = ("cause", "indicator", "max_points", "missing_facts", "reason")

    def __init__(
        self,
        indicator: Indicator,
        max_points: Decimal,
        reason: Text,
        cause: str,
        missing_facts: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "indicator", indicator)
        set_field(self, "max_points", max_points)
        set_field(self, "reason", reason)
        set_field(self, "cause", cause)
        set_field(self, "missing_facts", missing_facts)

    @property
    def id(self) -> str:
        return self.indicator.id


class GroupResult(Record):
    """Points of a 二级指标: earned and available; ``assumed``: why its points are assumed."""

    name: str
    max_points: Decimal
    points: Decimal
    indicator_ids: tuple[str, ...]
    name_en: str | None
    assumed: str | None
    __slots__ = ("assumed", "indicator_ids", "max_points", "name", "name_en", "points")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        name: str,
        max_points: Decimal,
        points: Decimal,
        indicator_ids: tuple[str, ...],
        name_en: str | None = None,
        assumed: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "max_points", max_points)
        set_field(self, "points", points)
        set_field(self, "indicator_ids", indicator_ids)
        set_field(self, "name_en", name_en)
        set_field(self, "assumed", assumed)


class CategoryResult(Record):
    """Points of a 一级指标: earned and available, with its groups; ``assumed`` as a group's."""

    name: str
    max_points: Decimal
    points: Decimal
    groups: tuple[GroupResult, ...]
    name_en: str | None
    assumed: str | None
    __slots__ = ("assumed", "groups", "max_points", "name", "name_en", "points")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        name: str,
        max_points: Decimal,
        points: Decimal,
        groups: tuple[GroupResult, ...],
        name_en: str | None = None,
        assumed: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "max_points", max_points)
        set_field(self, "points", points)
        set_field(self, "groups", groups)
        set_field(self, "name_en", name_en)
        set_field(self, "assumed", assumed)


class Scorecard(Record, not_compared=("warnings",)):
    """A unit's scored year: total, grade, category subtotals and rows."""

    unit: str
    year: int
    profile_id: str
    profile_name: str
    full_score: Decimal
    decimals: int
    total: Decimal
    grade: GradeBand
    categories: tuple[CategoryResult, ...]
    rows: tuple[Row, ...]
    notes: tuple[Text, ...]
    unit_en: str | None
    profile_name_en: str | None
    not_applicable: tuple[DroppedRow, ...]
    rescale: Decimal | None
    missing_policy: str
    value_decimals: int | None
    over_achievement: OverAchievement | None
    vetoed_by: tuple[str, ...]
    grade_before_veto: GradeBand | None
    total_cap: TotalCap | None
    """The profile's cap on the total by a rate (总分封顶), as set."""
    capped: CappedTotal | None
    """What the cap did: the rate, its band and the total before it; None when no band held
    the rate (or there is no cap). ``total`` is then the capped total."""

    @property
    def uncapped_total(self) -> Decimal:
        """The sum of the rounded rows, before any cap on the total."""
        return self.capped.uncapped if self.capped is not None else self.total

    # The profile's grade bands, and the lowest cap of a failed veto row: what a
    # live grade formula over the total needs (the xlsx sheet writes one).
    grades: tuple[GradeBand, ...]
    grade_cap: GradeBand | None
    warnings: tuple[ScoringError, ...]
    """What looks wrong in the facts but did not stop scoring (:mod:`scoring.core.fact_checks`)."""
    __slots__ = (
        "capped",
        "categories",
        "decimals",
        "full_score",
        "grade",
        "grade_before_veto",
        "grade_cap",
        "grades",
        "missing_policy",
        "not_applicable",
        "notes",
        "over_achievement",
        "profile_id",
        "profile_name",
        "profile_name_en",
        "rescale",
        "rows",
        "total",
        "total_cap",
        "unit",
        "unit_en",
        "value_decimals",
        "vetoed_by",
        "warnings",
        "year",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        unit: str,
        year: int,
        profile_id: str,
        profile_name: str,
        full_score: Decimal,
        decimals: int,
        total: Decimal,
        grade: GradeBand,
        categories: tuple[CategoryResult, ...],
        rows: tuple[Row, ...],
        notes: tuple[Text, ...] = (),
        unit_en: str | None = None,
        profile_name_en: str | None = None,
        not_applicable: tuple[DroppedRow, ...] = (),
        rescale: Decimal | None = None,
        missing_policy: str = "error",
        value_decimals: int | None = None,
        over_achievement: OverAchievement | None = None,
        vetoed_by: tuple[str, ...] = (),
        grade_before_veto: GradeBand | None = None,
        total_cap: TotalCap | None = None,
        capped: CappedTotal | None = None,
        grades: tuple[GradeBand, ...] = (),
        grade_cap: GradeBand | None = None,
        warnings: tuple[ScoringError, ...] = (),
    ) -> None:
        set_field(self, "unit", unit)
        set_field(self, "year", year)
        set_field(self, "profile_id", profile_id)
        set_field(self, "profile_name", profile_name)
        set_field(self, "full_score", full_score)
        set_field(self, "decimals", decimals)
        set_field(self, "total", total)
        set_field(self, "grade", grade)
        set_field(self, "categories", categories)
        set_field(self, "rows", rows)
        set_field(self, "notes", notes)
        set_field(self, "unit_en", unit_en)
        set_field(self, "profile_name_en", profile_name_en)
        set_field(self, "not_applicable", not_applicable)
        set_field(self, "rescale", rescale)
        set_field(self, "missing_policy", missing_policy)
        set_field(self, "value_decimals", value_decimals)
        set_field(self, "over_achievement", over_achievement)
        set_field(self, "vetoed_by", vetoed_by)
        set_field(self, "grade_before_veto", grade_before_veto)
        set_field(self, "total_cap", total_cap)
        set_field(self, "capped", capped)
        set_field(self, "grades", grades)
        set_field(self, "grade_cap", grade_cap)
        set_field(self, "warnings", warnings)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def row(self, indicator_id: str) -> Row:
        """The row of ``indicator_id``.

        Raises:
            KeyError: when no row has that id.
        """
        for row in self.rows:
            if row.id == indicator_id:
                return row
        raise KeyError(indicator_id)

    @property
    def lost(self) -> Decimal:
        return self.full_score - self.total

    @property
    def missing_rows(self) -> tuple[str, ...]:
        """Ids of the rows the missing-facts policy touched (scored 0 or dropped)."""
        zero = [r.id for r in self.rows if r.missing_facts]
        dropped = [d.id for d in self.not_applicable if d.cause == "missing"]
        return tuple(zero + dropped)

    @property
    def assumed_rows(self) -> tuple[Row, ...]:
        """Rows whose result rests on an assumed number."""
        return tuple(r for r in self.rows if r.assumed)
