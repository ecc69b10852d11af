"""Explanations never contradict the rule at the precision they print.

A value just below a band edge, just over a standard or just under a target
is printed with the digits that put it on its true side, or as "<edge" /
">edge" when it is closer than a millionth; a percentage that is not 100% is
never printed as 100%.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import score
from scoring.core.rules import (
    Band,
    Bands,
    BudgetExecution,
    DeductionPerUnit,
    Interval,
    Met,
    Proportional,
    Rule,
)
from scoring.core.values import Op, Target, show_beside
from scoring.rendering import render
from strategies import single

D = Decimal
KEY_SPENDING = Bands(
    (
        Band(Interval(None, D(80), False, False), D(0)),
        Band(Interval(D(80), D(90), True, False), D(4)),
        Band(Interval(D(90), None, True, False), D(5)),
    )
)
GE90 = Target(Op.GE, D(90), "%")


def row(rule: Rule, target: Target, value: str) -> object:
    case = single(rule, target, value, "5")
    return score(case.indicators, case.weights, case.facts).rows[0]


class TestSentences:
    @pytest.mark.parametrize(
        ("rule", "target", "value", "says"),
        [
            # In [80, 90) but "90" at two decimals: the edge with "<".
            (KEY_SPENDING, GE90, "89.9999999", "<90% 落在区间 [80, 90)"),
            # Three decimals are enough to read below 90.
            (KEY_SPENDING, GE90, "89.996", "89.996% 落在区间 [80, 90)"),
            # Above the edge 90 but "90" at two decimals: shown as it is.
            (KEY_SPENDING, GE90, "90.0002", "90.0002% 落在区间 [90, +∞)"),
            (Proportional(), Target(Op.GE, D(95), "%"), "94.999", "94.999% 未达目标 95%"),
            # ... and its share is not printed as 100%.
            (Proportional(), Target(Op.GE, D(95), "%"), "94.999", "= 99.999% 计分"),
            (Met(), Target(Op.GE, D(95), "%"), "94.9999999", "<95%，未达到目标 ≥95%"),
            (
                DeductionPerUnit(D("0.5")),
                Target(Op.LE, D(100), "%"),
                "100.004",
                "100.004% 超过标准 100% 0.004 个百分点",
            ),
            (BudgetExecution(), Target(Op.GE, D(100), "%"), "99.9999", "99.9999% × 5 分"),
        ],
    )
    def test_value_on_its_true_side(
        self, rule: Rule, target: Target, value: str, says: str
    ) -> None:
        """The explanation names the value with the digits (or the '<') that make it true."""
        assert says in row(rule, target, value).explanation.zh  # type: ignore[attr-defined]

    def test_table_cell_agrees(self) -> None:
        """The 实际完成值 cell of the table shows the value as the explanation does."""
        case = single(KEY_SPENDING, GE90, "89.996", "5")
        text = render(score(case.indicators, case.weights, case.facts), "text")
        table = text.split("分类小计")[0]
        assert "89.996%" in table
        assert " 90% " not in table

    def test_plain_values_keep_two_decimals(self) -> None:
        """A value far from every figure prints as before: 85.5% in [80, 90)."""
        assert "85.5% 落在区间 [80, 90)" in row(KEY_SPENDING, GE90, "85.5").explanation.zh  # type: ignore[attr-defined]


class TestShowBeside:
    @given(
        st.decimals(-1000, 1000, places=8, allow_nan=False),
        st.lists(st.decimals(-1000, 1000, places=3, allow_nan=False), max_size=3),
    )
    def test_never_on_the_wrong_side(self, value: Decimal, figures: list[Decimal]) -> None:
        """As printed, the value compares with every figure as the exact value does."""
        shown = show_beside(value, figures, "%")
        if shown[0] in "<>":
            edge = D(shown[1:].rstrip("%"))
            assert (value < edge) if shown[0] == "<" else (value > edge)
            assert abs(value - edge) < D("0.0000005")
            return
        printed = D(shown.rstrip("%"))
        for figure in figures:
            assert (printed > figure) == (value > figure)
            assert (printed < figure) == (value < figure)
