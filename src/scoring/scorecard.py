"""The result of scoring: a scorecard with one row per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from scoring.model import GradeBand, Indicator, Target, Text


@attrs.frozen
class Row:
    """One scored indicator.

    ``points`` is rounded half-up to the sheet's decimals; ``share`` is the
    exact share of ``max_points`` the rule awarded before rounding.
    """

    indicator: Indicator
    target: Target
    value: Decimal
    max_points: Decimal
    share: Decimal
    points: Decimal
    explanation: Text
    criterion: Text
    calculation: Text | None = None
    assumed_facts: tuple[str, ...] = ()
    target_assumed: bool = False

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def lost(self) -> Decimal:
        """Points not earned."""
        return self.max_points - self.points

    @property
    def met(self) -> bool:
        """Whether the value meets the target."""
        return self.target.met(self.value)

    @property
    def assumed(self) -> bool:
        """Whether the row rests on an assumed number (a fact or its target)."""
        return bool(self.assumed_facts) or self.target_assumed


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
    def assumed_rows(self) -> tuple[Row, ...]:
        """Rows whose result rests on an assumed number."""
        return tuple(r for r in self.rows if r.assumed)
