"""Comparing two scorecards: which rows changed, by how much, and why.

The same comparison serves three questions: two years of one unit (two
facts files), one year under two weights profiles, and a what-if (one year
with some facts changed, see :mod:`scoring.analysis.whatif`). Pure: no files, no
printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from scoring.core.engine import score
from scoring.core.model import ASSUMED_MARK, Facts, Indicator, Text, WeightsProfile, show_value
from scoring.core.numbers import ZERO, fmt, in_context
from scoring.core.scorecard import Row, Scorecard


@attrs.frozen
class RowChange:
    """One indicator in both scorecards (or in only one of them)."""

    id: str
    label: Text
    before: Row | None
    after: Row | None
    why: tuple[Text, ...]

    @property
    def points_before(self) -> Decimal:
        return self.before.points if self.before is not None else ZERO

    @property
    def points_after(self) -> Decimal:
        return self.after.points if self.after is not None else ZERO

    @property
    def delta(self) -> Decimal:
        """Points after minus points before (a row missing on one side counts 0 there)."""
        return self.points_after - self.points_before

    @property
    def changed(self) -> bool:
        """Whether anything about the row changed: points, value, target or weight."""
        return bool(self.why) or self.delta != 0


@attrs.frozen
class Comparison:
    """Two scorecards side by side; ``rows`` follows the order of ``after``, then removed rows."""

    before: Scorecard
    after: Scorecard
    rows: tuple[RowChange, ...]
    label_before: Text
    label_after: Text

    @property
    def changed_rows(self) -> tuple[RowChange, ...]:
        return tuple(r for r in self.rows if r.changed)

    @property
    def points_changed(self) -> tuple[RowChange, ...]:
        """Rows whose points changed, largest change first (ties in sheet order)."""
        moved = [r for r in self.rows if r.delta != 0]
        return tuple(sorted(moved, key=lambda r: -abs(r.delta)))

    @property
    def total_delta(self) -> Decimal:
        return self.after.total - self.before.total

    @property
    def grade_changed(self) -> bool:
        return self.before.grade.name != self.after.grade.name

    @property
    def notes(self) -> tuple[Text, ...]:
        """What makes the two sides not alike, said above the comparison: two units,
        or two full scores (a total out of 20 against one out of 100)."""
        a, b = self.before, self.after
        found = []
        if a.unit != b.unit:
            found.append(
                Text(
                    f"注意：两份自评的单位不同（{a.unit}、{b.unit}），比较的是两个单位",
                    f"note: the two sides are different units ({a.unit_en or a.unit},"
                    f" {b.unit_en or b.unit}): this compares two units, not two years of one",
                )
            )
        if a.full_score != b.full_score:
            found.append(
                Text(
                    f"注意：两个评分表的满分不同（{fmt(a.full_score)}、{fmt(b.full_score)}），"
                    "总分和各行得分不能直接相比",
                    f"note: the two sheets have different full scores ({fmt(a.full_score)},"
                    f" {fmt(b.full_score)}): totals and points are not alike",
                )
            )
        return tuple(found)


def _label(card: Scorecard) -> Text:
    return Text(
        f"{card.unit} {card.year} 年（{card.profile_id}）",
        f"{card.unit_en or card.unit} {card.year} ({card.profile_id})",
    )


@in_context
def compare(
    before: Scorecard,
    after: Scorecard,
    *,
    label_before: Text | None = None,
    label_after: Text | None = None,
) -> Comparison:
    """Every row of ``before`` and ``after``, matched by indicator id, with what changed."""
    old = {r.id: r for r in before.rows}
    new = {r.id: r for r in after.rows}
    order = [r.id for r in after.rows] + [r.id for r in before.rows if r.id not in new]
    rows = []
    for ind_id in order:
        a, b = old.get(ind_id), new.get(ind_id)
        label = (b or a).indicator.label  # type: ignore[union-attr]
        rows.append(RowChange(ind_id, label, a, b, _why(a, b, before, after)))
    return Comparison(
        before,
        after,
        tuple(rows),
        label_before or _label(before),
        label_after or _label(after),
    )


def _shown_en(row: Row) -> str:
    """The row's value in English: in its unit's English twin, a level's English name."""
    return show_value(row.value, row.target.en.unit, lang="en", name_en=row.indicator.rule.name_en)


def _why(a: Row | None, b: Row | None, before: Scorecard, after: Scorecard) -> tuple[Text, ...]:
    if a is None:
        return (Text("新增指标", "indicator added"),)
    if b is None:
        return (Text("指标已删除", "indicator removed"),)
    reasons = []
    if a.value != b.value:
        reasons.append(
            Text(
                f"实际完成值 {a.target.show(a.value)} → {b.target.show(b.value)}",
                f"actual {_shown_en(a)} → {_shown_en(b)}",
            )
        )
    if a.target != b.target:
        reasons.append(
            Text(f"年度指标值 {a.target} → {b.target}", f"target {a.target.en} → {b.target.en}")
        )
    if a.max_points != b.max_points:
        # ※ after a side's points that its weights profile marks assumed.
        was = fmt(a.max_points, before.decimals) + _points_mark(a)
        now = fmt(b.max_points, after.decimals) + _points_mark(b)
        reasons.append(Text(f"分值 {was} → {now}", f"points available {was} → {now}"))
    if a.indicator.rule != b.indicator.rule:
        reasons.append(
            Text(
                f"评分规则 {a.indicator.rule.title.zh} → {b.indicator.rule.title.zh}",
                f"rule {a.indicator.rule.title.en} → {b.indicator.rule.title.en}",
            )
        )
    elif a.criterion != b.criterion and a.max_points == b.max_points:
        reasons.append(Text("评分标准有变化", "the scoring criterion changed"))
    return tuple(reasons)


def _points_mark(row: Row) -> str:
    return f" {ASSUMED_MARK}" if row.points_assumed else ""


def compare_weights(
    indicators: Sequence[Indicator],
    facts: Facts,
    weights: WeightsProfile,
    other: WeightsProfile,
) -> Comparison:
    """One year scored under ``weights`` (before) and ``other`` (after).

    Raises:
        ScoringError: when either profile does not fit the indicators.
    """
    return compare(score(indicators, weights, facts), score(indicators, other, facts))
