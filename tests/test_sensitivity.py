"""`sensitivity`: perturbing the weights, one at a time and at random."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from reports_helpers import EXAMPLE, below_excellent_card, example_card, run
from scoring.analysis.sensitivity import earner, sensitivity


class TestRowPoints:
    def test_proportional_row_keeps_its_share(self) -> None:
        """34.16/35 = 97.6% of any weight: of 10 points, 9.76."""
        row = example_card().row("key_university_rate")
        assert earner(row, 2)(Decimal(10)) == Decimal("9.76")

    def test_bands_row_earns_its_band_points_whatever_the_weight(self) -> None:
        """重点支出安排率 at 90% is in the 5-point band: worth 5.5 it still earns 5; worth 4, 4."""
        row = example_card().row("key_spending_rate")
        earn = earner(row, 2)
        assert earn(Decimal("5.5")) == Decimal("5.00")
        assert earn(Decimal(4)) == Decimal("4.00")

    def test_deduction_row_is_rescored_at_the_new_weight(self) -> None:
        """110.59% staff deducts 5.29 points: all of 5, but 0.71 remain of 6."""
        row = below_excellent_card().row("staff_control_rate")
        earn = earner(row, 2)
        assert earn(Decimal(5)) == Decimal("0.00")
        assert earn(Decimal(6)) == Decimal("0.71")


class TestAnalysis:
    def test_same_seed_same_result(self) -> None:
        """The draws are seeded: the same seed gives the same totals, another seed others."""
        card = example_card()
        a = sensitivity(card, draws=50, seed=7)
        assert a == sensitivity(card, draws=50, seed=7)
        assert a.totals != sensitivity(card, draws=50, seed=8).totals

    def test_grade_holds_far_from_a_boundary(self) -> None:
        """At 99.88, ±10% on the weights never leaves 优."""
        result = sensitivity(example_card(), draws=100)
        assert result.grade_held == 1
        assert result.deciding == ()
        assert Decimal(90) <= result.low <= result.high <= Decimal(100)

    def test_deciding_rows_near_a_boundary(self) -> None:
        """At 89.88, lowering the weight of a row that earned 0 of 5 lifts the total above 90."""
        result = sensitivity(below_excellent_card(), draws=100)
        staff = next(o for o in result.one_at_a_time if o.id == "staff_control_rate")
        # 89.88 of the other 95 points, rescaled by 100 / 99.5, is about 90.33.
        assert staff.low_grade.name == "优"
        assert staff.high_grade.name == "良"
        ids = [o.id for o in result.deciding]
        assert "staff_control_rate" in ids
        assert "key_university_rate" not in ids
        assert 0 < result.grade_held < 1
        assert sum(n for _, n in result.grades) == 100

    def test_bad_spread_is_refused(self) -> None:
        """A spread of 0 or 100% or more makes no sense."""
        with pytest.raises(ValueError, match="spread"):
            sensitivity(example_card(), spread=Decimal(100))


class TestCommand:
    def test_text_report(self) -> None:
        """`scoring sensitivity` reports the range, how often the grade holds, deciding rows."""
        result = run("sensitivity", str(EXAMPLE), "--draws", "50")
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        assert "总分范围：" in out
        assert "等级保持“优”的比例：100%" in out
        assert "决定等级的指标：无" in out

    def test_json_report(self) -> None:
        """The JSON form lists every row's one-at-a-time totals."""
        result = run("sensitivity", str(EXAMPLE), "--draws", "20", "--format", "json")
        data = json.loads(result.stdout)
        assert data["draws"] == 20
        assert len(data["one_at_a_time"]) == 25
        assert data["grade_counts"] == {"优": 20}

    @pytest.mark.parametrize("args", [["--spread", "0"], ["--draws", "-1"], ["--spread", "x"]])
    def test_bad_option_exits_2(self, args: list[str]) -> None:
        """A spread outside (0, 100) or a negative number of draws is a usage error."""
        assert run("sensitivity", str(EXAMPLE), *args).returncode == 2
