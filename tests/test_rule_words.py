"""What each numeric rule says and decides at its edges, worked by hand from docs/rules.md.

The cases mutation testing found no test telling apart: a value exactly at the
target (met, not scored by the formula), targets and figures shown to 6
decimals (never 7), points shown to 4, which of 'met' a rule reports, the
criterion's words for each variant, 0-point rows, counting words and the
interval's own defaults and order.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import Op, RuleError, ScoringError, Target, load_indicators
from scoring.core.rules import (
    Band,
    Bands,
    BudgetExecution,
    Coefficient,
    CountDeduction,
    DeductionPerUnit,
    Equal,
    Interval,
    Met,
    Proportional,
    Reverse,
)
from scoring.core.rules._base import met_text, percent

D = Decimal
WORDS = Target.described("达成")
# A target of 7 decimals: every sentence shows it to 6, 100.123457%.
FINE = D("100.1234567")


def pct(op: Op, value: str | Decimal) -> Target:
    return Target(op, D(value), "%")


class TestEqual:
    @pytest.mark.parametrize(
        ("over", "value", "target", "share", "met"),
        [
            ("full", "-1", "0", "1", True),  # at most 0 against 0: met
            ("full", "5", "0", "0", False),
            ("full", "100", "100", "1", True),
            ("full", "80", "100", "0.8", False),
            ("full", "125", "100", "1", False),  # full points, but past the target
            ("ratio", "125", "100", "0.8", False),  # 100 ÷ 125
        ],
    )
    def test_share_and_met(self, over: str, value: str, target: str, share: str, met: bool) -> None:
        found = Equal(over).assess(D(value), pct(Op.EQ, target), D(10))
        assert (found.share, found.met) == (D(share), met)

    def test_target_shown_to_6_decimals(self) -> None:
        why = Equal().assess(D(50), pct(Op.EQ, FINE), D(10)).why
        assert why.zh.startswith("50% 未达目标 100.123457%")

    def test_criterion_of_each_variant(self) -> None:
        at_zero = Equal().describe(pct(Op.EQ, "0"), D(10))
        assert at_zero.zh == "实际值不高于 0 得满分，否则不得分"
        full = Equal("full").describe(pct(Op.EQ, "100"), D(10))
        assert (
            full.en
            == "full points at the target; actual / target × 10 below it; full points above it"
        )
        ratio = Equal("ratio").describe(pct(Op.EQ, "100"), D(10))
        assert ratio.en == (
            "full points at the target; actual / target × 10 below it; target / actual above it"
        )


class TestProportionalAndReverse:
    def test_targets_shown_to_6_decimals(self) -> None:
        """50 of 100.1234567 is 49.94%; 100.1234567 of 200 is 50.06%."""
        assert Proportional().assess(D(50), pct(Op.GE, FINE), D(10)).why.zh == (
            "50% 未达目标 100.123457%，按 50% ÷ 100.123457% = 49.94% 计分"
        )
        assert Reverse().assess(D(200), pct(Op.LE, FINE), D(10)).why.zh == (
            "200% 高于目标 100.123457%，按 100.123457% ÷ 200% = 50.06% 计分"
        )

    @pytest.mark.parametrize("variant", ["ratio", "linear"])
    def test_reverse_at_the_target_is_met(self, variant: str) -> None:
        found = Reverse(variant).assess(D(100), pct(Op.LE, "100"), D(10))
        assert found.share == 1
        assert found.why.zh == "100% ≤ 100%，达到目标"

    def test_reverse_criterion_of_each_variant(self) -> None:
        assert Reverse("ratio").describe(pct(Op.LE, "5"), D(10)).zh == (
            "不高于目标得满分；高于目标按 目标值 ÷ 实际值 × 10 分计分"
        )
        assert Reverse("linear").describe(pct(Op.LE, "5"), D(10)).zh.endswith("达到目标两倍得 0 分")

    def test_a_value_shown_true_beside_its_target(self) -> None:
        """89.999 is not shown as 90% beside a target of 90%."""
        assert Proportional().show(D("89.999"), pct(Op.GE, "90")) == "89.999%"

    def test_met_text_and_percent(self) -> None:
        assert met_text(D(100), pct(Op.GE, "90.1234567")).zh == "100% ≥ 90.123457%，达到目标"
        assert percent(D("0.25")) == "25%"


class TestDeductionPerUnit:
    """Yueyang 在职人员控制率: ≤ 100%, 0.5 off per point over, 5 points."""

    def test_at_the_standard_nothing_is_deducted(self) -> None:
        found = DeductionPerUnit(D("0.5")).assess(D(100), pct(Op.LE, "100"), D(5))
        assert (found.share, found.why.zh) == (1, "100% ≤ 100%，达到目标")

    def test_continuous_and_started_say_how_they_counted(self) -> None:
        """107.5%: 7.5 units × 0.5 = 3.75 off; counted as begun, 8 × 0.5 = 4 off."""
        target = pct(Op.LE, "100")
        cont = DeductionPerUnit(D("0.5"), D(1), "continuous").assess(D("107.5"), target, D(5))
        assert cont.why.zh.endswith("每 1 个百分点 扣 0.5 分，扣 3.75 分")
        assert "counted as" not in cont.why.en
        started = DeductionPerUnit(D("0.5"), D(1), "started").assess(D("107.5"), target, D(5))
        assert started.why.zh.endswith("（计 8 个单位），扣 4 分")
        assert " (counted as 8): 4 deducted" in started.why.en

    def test_figures_to_6_and_points_to_4_decimals(self) -> None:
        """0.123456 off one point over: 0.1235 deducted, as 4 decimals show it."""
        why = DeductionPerUnit(D("0.123456")).assess(D(101), pct(Op.LE, "100"), D(5)).why
        assert why.zh.endswith("扣 0.1235 分")
        assert "每 1 个百分点 扣 0.123456 分" in why.zh  # the rate as written, not 0.12
        assert "0.123456 off per 1 percentage point" in why.en
        said = DeductionPerUnit(D("0.125")).describe(pct(Op.LE, "100"), D(5))
        assert "扣 0.125 分（按比例计）" in said.zh
        fine = DeductionPerUnit(D("0.5")).assess(D(200), pct(Op.LE, FINE), D(5)).why
        assert "超过标准 100.123457%" in fine.zh


class TestCountDeduction:
    def test_a_fine_rate_is_shown_as_written(self) -> None:
        """0.125 off each of 3 incidents beyond 0: 0.375 deducted, the rate not shown 0.13."""
        why = CountDeduction(D("0.125")).assess(D(3), Target(Op.LE, D(0), "起"), D(10)).why
        assert why.zh == "发生 3 起，每起扣 0.125 分，扣 0.375 分"
        said = CountDeduction(D("0.125")).describe(Target(Op.LE, D(0), "起"), D(10)).zh
        assert said == "每发生 1 起扣 0.125 分，扣完 10 分为止"

    def test_as_many_as_allowed_deducts_nothing(self) -> None:
        why = CountDeduction(D(1)).assess(D(1), Target(Op.LE, D(1), "起"), D(10)).why
        assert why.zh == "发生 1 起，不超过 1 起，不扣分"

    def test_a_zero_point_row(self) -> None:
        assert CountDeduction(D(1)).assess(D(3), Target(Op.LE, D(0), "起"), D(0)).share == 0

    @pytest.mark.parametrize(
        ("allowed", "unit", "zh", "en"),
        [
            ("2", "起", "超过 2 起后每发生 1 起扣 1 分，扣完 10 分为止", " beyond 2"),
            ("0", "%", "每发生 1 起扣 1 分，扣完 10 分为止", ""),
            ("0", "", "每发生 1 起扣 1 分，扣完 10 分为止", ""),
            ("0", "项", "每发生 1 项扣 1 分，扣完 10 分为止", ""),
        ],
    )
    def test_criterion_with_its_counting_word(
        self, allowed: str, unit: str, zh: str, en: str
    ) -> None:
        said = CountDeduction(D(1)).describe(Target(Op.LE, D(allowed), unit), D(10))
        assert (said.zh, said.en) == (zh, f"1 off per incident{en}, down to 0")


class TestPointsShownTo4Decimals:
    def test_budget_execution(self) -> None:
        """12.345678% of 1 point is 0.12345678 points: shown 0.1235."""
        assert BudgetExecution().assess(D("12.345678"), pct(Op.GE, "100"), D(1)).why.zh == (
            "12.35% × 1 分 = 0.1235 分"
        )

    def test_coefficient(self) -> None:
        """The coefficient to 6 decimals, the points to 4."""
        assert Coefficient().assess(D("0.12345678"), WORDS, D(1)).why.zh == (
            "得分系数 0.123457 × 1 分 = 0.1235 分"
        )


class TestCoefficient:
    @pytest.mark.parametrize(
        ("scale", "value", "message", "hint"),
        [
            (
                "share",
                "-0.1",
                "the score coefficient -0.1 is not a share from 0 to 1",
                "give it from 0 to 1 (0.85), or set 'scale: percent' to write 85",
            ),
            (
                "percent",
                "101",
                "the score coefficient 101 is not a percentage from 0 to 100",
                "give it from 0 to 100, or set 'scale: share' for a share from 0 to 1",
            ),
        ],
    )
    def test_outside_its_range(self, scale: str, value: str, message: str, hint: str) -> None:
        with pytest.raises(RuleError) as info:
            Coefficient(scale).assess(D(value), WORDS, D(1))
        assert (info.value.message, info.value.hint) == (message, hint)

    def test_criterion_of_each_scale(self) -> None:
        assert (
            Coefficient("percent").describe(WORDS, D(10)).zh
            == "得分 = 得分系数（0 至 100%）× 10 分"
        )
        assert Coefficient("share").describe(WORDS, D(10)).zh == "得分 = 得分系数（0 至 1）× 10 分"


class TestMet:
    def test_true_and_false_in_words(self) -> None:
        assert Met().assess(True, WORDS, D(1)).why.en == "met, the target is 达成"
        assert Met().assess(False, WORDS, D(1)).why.zh == "未达成目标 达成，不得分"


class TestIntervals:
    def test_defaults_include_the_low_end_only(self) -> None:
        interval = Interval(D(1), D(2))
        assert interval.contains(D(1))
        assert not interval.contains(D(2))

    def test_ends_shown_to_6_decimals_and_open_without_a_low_end(self) -> None:
        assert str(Interval(D("1.1234567"), D("2.1234567"))) == "[1.123457, 2.123457)"
        assert str(Interval(None, D(5), True, False)) == "(-∞, 5)"


def bands(*pairs: tuple[Interval, str]) -> Bands:
    return Bands(tuple(Band(i, D(p)) for i, p in pairs))


class TestBandsChecked:
    def test_falling_once_is_enough_to_refuse(self) -> None:
        """Points 0, 5, 3 under ≥: they fall once, between the second and third band."""
        rule = bands(
            (Interval(None, D(50), False, False), "0"),
            (Interval(D(50), D(80)), "5"),
            (Interval(D(80), None, True, False), "3"),
        )
        assert [str(m) for m in rule.check(pct(Op.GE, "80"), D(5))] == [
            "band points must not fall as the value gets higher (the target is ≥), or a better"
            " result would earn fewer points"
        ]
        # In Chinese wholly: 'higher' was put in untranslated (值越higher).
        assert [m.text("zh") for m in rule.check(pct(Op.LE, "80"), D(5))] == [
            "值越低（年度指标值为 ≤），区间得分不能越低，否则更好的结果反而得分更少"
        ]

    def test_one_band_with_an_equal_target(self) -> None:
        rule = bands((Interval(D(0), D(100), True, True), "5"))
        assert rule.check(pct(Op.EQ, "50"), D(5)) == []

    def test_equal_points_past_the_peak_are_not_a_fall(self) -> None:
        """= 60 in [50, 100): 2, 5, 5 rises to the peak and holds."""
        rule = bands(
            (Interval(D(0), D(50)), "2"),
            (Interval(D(50), D(100)), "5"),
            (Interval(D(100), D(200), True, True), "5"),
        )
        assert rule.check(pct(Op.EQ, "60"), D(5)) == []

    def test_a_value_beyond_every_band_is_refused(self) -> None:
        """Shown to 6 decimals: 300.1234567 is outside [0, 100]."""
        rule = bands((Interval(D(0), D(100), True, True), "5"))
        with pytest.raises(RuleError) as info:
            rule.assess(D("300.1234567"), pct(Op.GE, "50"), D(5))
        assert (
            info.value.message
            == "value 300.123457% falls in none of the bands ([0, 100] … [0, 100])"
        )

    def test_a_zero_point_row(self) -> None:
        rule = bands((Interval(D(0), D(100), True, True), "0"))
        assert rule.assess(D(50), pct(Op.GE, "50"), D(0)).share == 0


def load_rule(tmp_path: Path, rule_yaml: str) -> object:
    path = tmp_path / "ind.yaml"
    path.write_text(
        "indicators:\n  - id: row\n    name: 行\n    level1: 过程\n    level2: 预算执行\n"
        f"    target: '<= 100'\n    rule:\n{rule_yaml}",
        encoding="utf-8",
    )
    return load_indicators(path)


class TestLoaded:
    @pytest.mark.parametrize(
        ("rule_yaml", "message"),
        [
            ("      {kind: deduction_per_unit, per: 0}\n", "'per' must be above 0, not 0"),
            (
                "      {kind: deduction_per_unit, per: 1, unit: 0}\n",
                "'unit' must be above 0, not 0",
            ),
            ("      {kind: count_deduction, per: 0}\n", "'per' must be above 0, not 0"),
            (
                "      kind: bands\n      bands:\n        - {range: '[0, 100]', points: -1}\n",
                "'points' cannot be negative (-1)",
            ),
        ],
    )
    def test_amounts_that_must_be_positive(
        self, tmp_path: Path, rule_yaml: str, message: str
    ) -> None:
        with pytest.raises(ScoringError, match=re.escape(message)):
            load_rule(tmp_path, rule_yaml)

    def test_a_single_value_band_sorts_before_the_open_band_above_it(self, tmp_path: Path) -> None:
        """Written (5, 10], [5], [0, 5): ordered [0, 5), [5], (5, 10], which meet."""
        (ind,) = load_rule(  # type: ignore[misc]
            tmp_path,
            "      kind: bands\n      bands:\n        - {range: '(5, 10]', points: 1}\n"
            "        - {range: '[5]', points: 3}\n        - {range: '[0, 5)', points: 5}\n",
        )
        assert [str(b.interval) for b in ind.rule.bands] == ["[0, 5)", "[5]", "(5, 10]"]
