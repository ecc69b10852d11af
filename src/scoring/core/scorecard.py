"""The result of scoring: a scorecard with one row per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import attrs

from scoring.core.caps import CappedTotal, TotalCap
from scoring.core.errors import ScoringError
from scoring.core.model import (
    Fact,
    FactValue,
    GradeBand,
    Indicator,
    ManualDeduction,
    OverAchievement,
    Target,
    Text,
)


@attrs.frozen
class Budgets:
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

    def figure(self, which: str) -> Decimal | None:
        return self.adjusted if which == "adjusted" else self.initial

    def fact(self, which: str) -> str:
        return (self.facts[0] if which == "adjusted" else self.facts[1]) or ""


@attrs.frozen
class Row:
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
    """

    indicator: Indicator
    target: Target
    value: FactValue | None
    max_points: Decimal
    share: Decimal
    points: Decimal
    explanation: Text
    criterion: Text
    calculation: Text | None = None
    assumed_facts: tuple[str, ...] = ()
    target_assumed: bool = False
    achieved: bool | None = None
    raw_value: FactValue | None = None
    value_decimals: int | None = None
    over_achievement: Decimal | None = None
    reduced_by: Decimal | None = None
    over_deducted: Decimal | None = None
    informational: bool = False
    reason_threshold: tuple[str, Decimal] | None = None
    budgets: Budgets | None = None
    combined_facts: tuple[Fact, ...] = ()
    rule_points: Decimal | None = None
    deduction: ManualDeduction | None = None
    base_max_points: Decimal | None = None
    missing_facts: tuple[str, ...] = ()
    exact_share: Fraction | None = attrs.field(default=None, eq=False)

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
        """Whether the row rests on an assumed number (a fact or its target)."""
        return bool(self.assumed_facts) or self.target_assumed


@attrs.frozen
class DroppedRow:
    """A row left out of the score, and why.

    ``cause`` is ``"facts"`` when the facts file marks it not applicable,
    ``"missing"`` when the missing-facts policy dropped it (``missing_facts``
    names what was missing).
    """

    indicator: Indicator
    max_points: Decimal
    reason: Text
    cause: str
    missing_facts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.indicator.id


@attrs.frozen
class GroupResult:
    """Points of a 二级指标: earned and available."""

    name: str
    max_points: Decimal
    points: Decimal
    indicator_ids: tuple[str, ...]
    name_en: str | None = None


@attrs.frozen
class CategoryResult:
    """Points of a 一级指标: earned and available, with its groups."""

    name: str
    max_points: Decimal
    points: Decimal
    groups: tuple[GroupResult, ...]
    name_en: str | None = None


@attrs.frozen
class Scorecard:
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
    notes: tuple[Text, ...] = ()
    unit_en: str | None = None
    profile_name_en: str | None = None
    not_applicable: tuple[DroppedRow, ...] = ()
    rescale: Decimal | None = None
    missing_policy: str = "error"
    value_decimals: int | None = None
    over_achievement: OverAchievement | None = None
    vetoed_by: tuple[str, ...] = ()
    grade_before_veto: GradeBand | None = None
    total_cap: TotalCap | None = None
    """The profile's cap on the total by a rate (总分封顶), as set."""
    capped: CappedTotal | None = None
    """What the cap did: the rate, its band and the total before it; None when no band held
    the rate (or there is no cap). ``total`` is then the capped total."""

    @property
    def uncapped_total(self) -> Decimal:
        """The sum of the rounded rows, before any cap on the total."""
        return self.capped.uncapped if self.capped is not None else self.total

    # The profile's grade bands, and the lowest cap of a failed veto row: what a
    # live grade formula over the total needs (the xlsx sheet writes one).
    grades: tuple[GradeBand, ...] = ()
    grade_cap: GradeBand | None = None
    warnings: tuple[ScoringError, ...] = attrs.field(default=(), eq=False)
    """What looks wrong in the facts but did not stop scoring (:mod:`scoring.core.fact_checks`)."""

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
