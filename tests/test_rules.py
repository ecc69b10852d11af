"""Each scoring rule on its own: its arithmetic, edges and refusals.

Expected numbers are worked out by hand from the rule, never taken from
running the code. The published sheets' figures are in tests/test_published.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.core.engine import score
from scoring.core.errors import RuleError
from scoring.core.model import Op, Target
from scoring.core.numbers import fmt, round_half_up
from scoring.core.rules import (
    RULES,
    Band,
    Bands,
    BudgetExecution,
    DeductionPerUnit,
    Interval,
    Proportional,
    Reverse,
    parse_interval,
)
from scoring.files import located_yaml as _yaml
from scoring.files.indicators import _RuleParams
from strategies import OWN_STRATEGY_KINDS, RULE_KINDS, single

D = Decimal
PCT = "%"


def row_points(rule: object, target: Target, value: str, points: str, decimals: int = 2) -> Decimal:
    """Points the engine awards one row (rounded as on the sheet)."""
    case = single(rule, target, value, points, decimals=decimals)  # type: ignore[arg-type]
    return score(case.indicators, case.weights, case.facts).rows[0].points


def parse_rule(kind: str, yaml_text: str) -> object:
    """A rule parsed from its YAML parameters the way the loader reads them."""
    node = _yaml.load(yaml_text, "rule.yaml")
    return RULES[kind].parse(_RuleParams(node, "rule of 'row'"))


# Yueyang 重点支出安排率: ≥90% → 5; 80%(含)–90% → 4; 70%(含)–80% → 3; 60%(含)–70% → 2; <60% → 0.
KEY_SPENDING = Bands(
    (
        Band(Interval(None, D(60), False, False), D(0)),
        Band(Interval(D(60), D(70), True, False), D(2)),
        Band(Interval(D(70), D(80), True, False), D(3)),
        Band(Interval(D(80), D(90), True, False), D(4)),
        Band(Interval(D(90), None, True, False), D(5)),
    )
)
# Yueyang 预算调整率: = 0 → 3; (0, 10%] → 2; (10%, 20%] → 1; (20%, 30%] → 0.5; > 30% → 0.
ADJUSTMENT = Bands(
    (
        Band(Interval(D(0), D(0), True, True), D(3)),
        Band(Interval(D(0), D(10), False, True), D(2)),
        Band(Interval(D(10), D(20), False, True), D(1)),
        Band(Interval(D(20), D(30), False, True), D("0.5")),
        Band(Interval(D(30), None, False, False), D(0)),
    )
)


class TestRegistry:
    def test_every_registered_rule_is_generated_and_tested(self) -> None:
        """The strategies (or test_rules_more's own) cover exactly the registered rule kinds."""
        assert set(RULES) == set(RULE_KINDS) | set(OWN_STRATEGY_KINDS)


class TestBudgetExecution:
    """Rule 4: rate × points, never above full."""

    def test_over_execution_is_capped_at_full_points(self) -> None:
        """A rate above 100% earns the full points and no more."""
        assert row_points(BudgetExecution(), Target(Op.GE, D(100), PCT), "112.5", "6") == D("6")

    def test_share_is_the_rate(self) -> None:
        """75% executed earns 75% of the row: 4.5 of 6."""
        assessment = BudgetExecution().assess(D(75), Target(Op.GE, D(100), PCT), D(6))
        assert assessment.share == D("0.75")

    def test_negative_rate_earns_nothing(self) -> None:
        """A negative rate (a refund larger than spending) earns 0, not negative points."""
        assert row_points(BudgetExecution(), Target(Op.GE, D(100), PCT), "-5", "6") == 0

    def test_needs_a_percentage_unit(self) -> None:
        """The rule scores a rate: a row whose unit is not % is refused."""
        problems = BudgetExecution().check(Target(Op.GE, D(100), "项"), D(10))
        assert any("'%'" in str(p) for p in problems)

    def test_refuses_a_lower_is_better_target(self) -> None:
        """A ≤ target makes no sense for an execution rate and is refused."""
        assert BudgetExecution().check(Target(Op.LE, D(100), PCT), D(10))

    def test_equal_target_other_than_full_execution_is_refused(self) -> None:
        """'= 80%' would pay 90% more than the target itself, so only '= 100%' is accepted."""
        assert BudgetExecution().check(Target(Op.EQ, D(80), PCT), D(10))
        assert not BudgetExecution().check(Target(Op.EQ, D(100), PCT), D(10))


class TestDeductionCounting:
    """How a part unit counts: continuous (pro rata), started (counts whole), whole (ignored)."""

    target = Target(Op.LE, D(100), PCT)

    @pytest.mark.parametrize(
        ("counting", "expected"),
        [("continuous", "4.25"), ("started", "4"), ("whole", "4.5")],
    )
    def test_part_unit(self, counting: str, expected: str) -> None:
        """1.5 points over at 0.5 per point: 0.75 off pro rata, 1 if started, 0.5 if whole."""
        rule = DeductionPerUnit(per=D("0.5"), unit=D(1), counting=counting)
        assert row_points(rule, self.target, "101.5", "5") == D(expected)

    @pytest.mark.parametrize("counting", ["continuous", "started", "whole"])
    def test_exact_units_count_the_same_in_every_mode(self, counting: str) -> None:
        """2 whole points over costs 2 × 0.5 = 1 in every mode."""
        rule = DeductionPerUnit(per=D("0.5"), unit=D(1), counting=counting)
        assert row_points(rule, self.target, "102", "5") == D(4)

    def test_unit_larger_than_one(self) -> None:
        """1 off per 5 points over, started: 6 over counts as 2 units, 2 off of 10."""
        rule = DeductionPerUnit(per=D(1), unit=D(5), counting="started")
        assert row_points(rule, self.target, "106", "10") == D(8)

    def test_at_least_target_deducts_below(self) -> None:
        """With a ≥ 95 standard, 92 is 3 below: 3 × 1 off of 10."""
        rule = DeductionPerUnit(per=D(1), unit=D(1))
        assert row_points(rule, Target(Op.GE, D(95), PCT), "92", "10") == D(7)

    def test_equal_target_deducts_either_side(self) -> None:
        """With '= 50', 48 and 52 both lose 2 × 1."""
        rule = DeductionPerUnit(per=D(1), unit=D(1))
        target = Target(Op.EQ, D(50), "项")
        assert row_points(rule, target, "48", "10") == D(8)
        assert row_points(rule, target, "52", "10") == D(8)
        assert row_points(rule, target, "50", "10") == D(10)

    def test_count_deduction(self) -> None:
        """Rule 7: one non-compliant case against '≤ 0' costs 1 point; six cost all 5."""
        rule = DeductionPerUnit(per=D(1), unit=D(1))
        target = Target(Op.LE, D(0), "起")
        assert row_points(rule, target, "1", "5") == D(4)
        assert row_points(rule, target, "6", "5") == 0


class TestAdjustmentBands:
    """Yueyang 预算调整率 bands (their edges: tests/test_published.py)."""

    def test_value_outside_every_band_is_an_error(self) -> None:
        """A negative adjustment rate lies in no band: a RuleError, not a silent 0."""
        with pytest.raises(RuleError, match="none of the bands"):
            ADJUSTMENT.assess(D(-1), Target(Op.LE, D(0), PCT), D(3))


class TestBandsParsing:
    """Bands as written in YAML: the shared edges must leave no gap and no overlap."""

    def test_published_bands_parse(self) -> None:
        """The 重点支出安排率 table parses to the same five bands, whatever their order."""
        rule = parse_rule(
            "bands",
            """
bands:
  - {range: "(-inf, 60)", points: 0}
  - {range: "[90, +inf)", points: 5}
  - {range: "[70, 80)", points: 3}
  - {range: "[80, 90)", points: 4}
  - {range: "[60, 70)", points: 2}
""",
        )
        assert rule == KEY_SPENDING

    def test_gap_is_refused(self) -> None:
        """[60, 70) then (70, 80): 70 itself would score nothing, so it is refused at its line."""
        with pytest.raises(RuleError, match="gap") as info:
            parse_rule(
                "bands",
                "bands:\n  - {range: '[60, 70)', points: 2}\n  - {range: '(70, 80]', points: 3}\n",
            )
        assert info.value.location is not None
        assert (info.value.location.file, info.value.location.line) == ("rule.yaml", 2)

    def test_missing_middle_band_is_a_gap(self) -> None:
        """[60, 70) then [80, 90): values from 70 to 80 fall nowhere."""
        with pytest.raises(RuleError, match="gap"):
            parse_rule(
                "bands",
                "bands:\n  - {range: '[60, 70)', points: 2}\n  - {range: '[80, 90)', points: 4}\n",
            )

    def test_overlap_at_a_shared_edge_is_refused(self) -> None:
        """[60, 70] then [70, 80): 70 would be in both bands."""
        with pytest.raises(RuleError, match="overlap"):
            parse_rule(
                "bands",
                "bands:\n  - {range: '[60, 70]', points: 2}\n  - {range: '[70, 80)', points: 3}\n",
            )

    def test_overlapping_ranges_are_refused(self) -> None:
        """[60, 75) and [70, 80) overlap on [70, 75)."""
        with pytest.raises(RuleError, match="overlap"):
            parse_rule(
                "bands",
                "bands:\n  - {range: '[60, 75)', points: 2}\n  - {range: '[70, 80)', points: 3}\n",
            )

    def test_bad_range_text_is_refused(self) -> None:
        """A range without brackets is refused with a hint on how to write one."""
        with pytest.raises(RuleError, match="bad range") as info:
            parse_rule("bands", "bands:\n  - {range: '60-70', points: 2}\n")
        assert info.value.hint is not None
        assert "[a, b)" in info.value.hint

    def test_no_band_is_refused(self) -> None:
        """An empty list of bands is refused."""
        with pytest.raises(RuleError, match="at least one band"):
            parse_rule("bands", "bands: []\n")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[80, 90)", Interval(D(80), D(90), True, False)),
            ("(0, 10]", Interval(D(0), D(10), False, True)),
            ("[90, +inf)", Interval(D(90), None, True, False)),
            ("(-inf, 60)", Interval(None, D(60), False, False)),
            ("[0]", Interval(D(0), D(0), True, True)),
            ("【80，90）", Interval(D(80), D(90), True, False)),
        ],
    )
    def test_interval_notation(self, text: str, expected: Interval) -> None:
        """Brackets say which edges are included; full-width brackets and commas work too."""
        assert parse_interval(text) == expected

    @pytest.mark.parametrize("text", ["[90, 80)", "(5)", "80, 90", "[a, b)"])
    def test_bad_interval(self, text: str) -> None:
        """Reversed ends, a single value in round brackets, no brackets or no numbers: refused."""
        with pytest.raises((ValueError, ArithmeticError)):
            parse_interval(text)


class TestBandsCheck:
    """Band tables that would break monotonicity or pay more than the row are refused."""

    def test_band_worth_more_than_the_row(self) -> None:
        """A band paying 5 on a row worth 4 is refused."""
        assert KEY_SPENDING.check(Target(Op.GE, D(90), PCT), D(4))

    def test_points_falling_as_value_improves(self) -> None:
        """With a ≥ target, a higher band paying less than a lower one is refused."""
        rule = Bands(
            (
                Band(Interval(None, D(50), False, False), D(3)),
                Band(Interval(D(50), None, True, False), D(1)),
            )
        )
        assert rule.check(Target(Op.GE, D(50), PCT), D(5))
        assert not rule.check(Target(Op.LE, D(50), PCT), D(5))

    def test_equal_target_needs_points_to_peak_at_the_target(self) -> None:
        """With '= 0', a band far from 0 paying more than the band at 0 is refused."""
        rule = Bands(
            (
                Band(Interval(None, D(0), False, True), D(1)),
                Band(Interval(D(0), None, False, False), D(3)),
            )
        )
        assert rule.check(Target(Op.EQ, D(0), PCT), D(3))
        assert not ADJUSTMENT.check(Target(Op.EQ, D(0), PCT), D(3))


class TestProportional:
    """Rule 1: target met → full points; otherwise actual / target × points."""

    target = Target(Op.GE, D(35), PCT)

    def test_below_target(self) -> None:
        """特控线上线率 34.16% against 35%, 5 points: 34.16 / 35 × 5 = 4.88."""
        assert row_points(Proportional(), self.target, "34.16", "5") == D("4.88")

    def test_target_met_or_beaten(self) -> None:
        """35% and 40% against ≥ 35% both earn the full 5."""
        assert row_points(Proportional(), self.target, "35", "5") == D(5)
        assert row_points(Proportional(), self.target, "40", "5") == D(5)

    def test_negative_value_earns_nothing(self) -> None:
        """A negative value against a positive target earns 0, not negative points."""
        assert row_points(Proportional(), self.target, "-3", "5") == 0

    def test_zero_target(self) -> None:
        """Against '≥ 0', 0 meets the target and -1 earns nothing (no division by 0)."""
        target = Target(Op.GE, D(0), "个百分点")
        assert row_points(Proportional(), target, "0", "3") == D(3)
        assert row_points(Proportional(), target, "-1", "3") == 0

    def test_needs_at_least_target(self) -> None:
        """A ≤ target is refused: this rule is for higher-is-better rows."""
        assert Proportional().check(Target(Op.LE, D(35), PCT), D(5))
        assert not Proportional().check(self.target, D(5))


class TestReverse:
    """Rule 2: lower is better, as target / actual (ratio) or a linear fall to 0 at twice."""

    target = Target(Op.LE, D(100), PCT)

    def test_ratio(self) -> None:
        """Ratio: 125% against ≤ 100%, 10 points: 100 / 125 × 10 = 8."""
        assert row_points(Reverse("ratio"), self.target, "125", "10") == D(8)

    def test_ratio_is_the_default(self) -> None:
        """Without a variant the rule is the ratio one."""
        assert Reverse() == Reverse("ratio")

    def test_linear(self) -> None:
        """Linear: 125% against ≤ 100%: (1 − 25 / 100) × 10 = 7.5."""
        assert row_points(Reverse("linear"), self.target, "125", "10") == D("7.5")

    @pytest.mark.parametrize("value", ["200", "250"])
    def test_linear_nothing_at_twice_the_target(self, value: str) -> None:
        """Linear: at or beyond twice the target the row earns 0."""
        assert row_points(Reverse("linear"), self.target, value, "10") == 0

    @pytest.mark.parametrize("variant", ["ratio", "linear"])
    def test_at_or_below_target_is_full(self, variant: str) -> None:
        """100% and 80% against ≤ 100% earn the full 10 in both variants."""
        assert row_points(Reverse(variant), self.target, "100", "10") == D(10)
        assert row_points(Reverse(variant), self.target, "80", "10") == D(10)

    def test_ratio_with_zero_target(self) -> None:
        """Ratio against '≤ 0': anything above 0 earns nothing (no division by 0)."""
        assert row_points(Reverse("ratio"), Target(Op.LE, D(0), PCT), "0.5", "10") == 0

    def test_linear_refuses_zero_target(self) -> None:
        """Linear divides by the target, so a target of 0 is refused."""
        assert Reverse("linear").check(Target(Op.LE, D(0), PCT), D(10))

    def test_needs_at_most_target(self) -> None:
        """A ≥ target is refused: this rule is for lower-is-better rows."""
        assert Reverse().check(Target(Op.GE, D(100), PCT), D(10))


class TestHalfUpRounding:
    """Rows are rounded half-up (四舍五入), not to even as Python's round does."""

    def test_round_half_up(self) -> None:
        """8.625 rounds to 8.63 and 8.615 to 8.62 (banker's rounding gives 8.62 for both)."""
        assert round_half_up(D("8.625"), 2) == D("8.63")
        assert round_half_up(D("8.615"), 2) == D("8.62")
        assert round_half_up(D("2.5"), 0) == D("3")

    def test_rounds_values_of_more_than_34_digits(self) -> None:
        """1e32 to 2 places keeps all 35 digits; a half in the last place still goes up."""
        assert round_half_up(D("1e32"), 2) == D("1e32")
        assert round_half_up(D("123456789012345678901234567890123.455"), 2) == D(
            "123456789012345678901234567890123.46"
        )
        assert fmt(D("-" + "9" * 40 + ".5"), 0) == "-1" + "0" * 40

    def test_row_rounds_half_up(self) -> None:
        """86.25% of 10 points is 8.625, printed 8.63."""
        assert row_points(BudgetExecution(), Target(Op.GE, D(100), PCT), "86.25", "10") == D("8.63")

    def test_row_rounds_half_up_at_whole_points(self) -> None:
        """62.5% of 10 points is 6.25: 6 on a whole-point sheet; 65% gives 6.5 → 7."""
        target = Target(Op.GE, D(100), PCT)
        assert row_points(BudgetExecution(), target, "62.5", "10", decimals=0) == D(6)
        assert row_points(BudgetExecution(), target, "65", "10", decimals=0) == D(7)
