"""The shipped Yueyang files follow every readable row of the template (附件3-1).

Points and rules as read (../shared/domain.md, "More of the Yueyang template"):
投入 15 / 预算配置 15: 在职人员控制率 5, "三公经费"变动率 5, 重点支出安排率 5;
过程 / 预算执行 15: 预算调整率 3, 支付进度 3 (−0.5 per special fund late), 资金结余 3
(levels 3 / 2 / 0), "三公经费"控制率 6; 过程 / 预算管理: 管理制度健全性 3 (3 items,
1 each), 资金使用合规性 3 (−1 per case). Expected points are worked from those rules.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import ScoringError, load_indicators, load_weights, score
from strategies_rules import ROOT, facts, profile

D = Decimal
COMMON = {ind.id: ind for ind in load_indicators(ROOT / "indicators" / "department-common.yaml")}
READ = {
    ("投入", "预算配置"): {
        "staff_control_rate": 5,
        "three_public_change_rate": 5,
        "key_spending_rate": 5,
    },
    ("过程", "预算执行"): {
        "budget_adjustment_rate": 3,
        "payment_progress": 3,
        "fund_balance": 3,
        "three_public_control_rate": 6,
    },
}
READ_MANAGEMENT = {"management_rules_soundness": 3, "fund_use_compliance": 3}


def points(ind_id: str, pts: int, values: dict[str, object]) -> Decimal:
    ind = COMMON[ind_id]
    return score([ind], profile([ind], {ind_id: pts}), facts(values)).row(ind_id).points  # type: ignore[arg-type]


class TestProfilesFollowTheTemplate:
    @pytest.mark.parametrize("name", ["yueyang-department", "yueyang-education"])
    def test_readable_rows_and_points(self, name: str) -> None:
        """Every readable row is there, in its group, with the template's points."""
        weights = load_weights(ROOT / "weights" / f"{name}.yaml")
        for (level1, level2), rows in READ.items():
            in_group = {
                i: weights.points[i]
                for i in weights.points
                if i in COMMON and (COMMON[i].level1, COMMON[i].level2) == (level1, level2)
            }
            assert in_group == rows
        for ind_id, pts in READ_MANAGEMENT.items():
            assert weights.points[ind_id] == pts
            assert (COMMON[ind_id].level1, COMMON[ind_id].level2) == ("过程", "预算管理")
        groups = {(c.name, g.name): g.points for c in weights.categories for g in c.groups}
        assert groups[("投入", "预算配置")] == 15
        assert groups[("过程", "预算执行")] == 15
        assert groups[("过程", "预算管理")] == 15

    def test_unreadable_points_are_marked_assumed(self) -> None:
        """The profile says which points are not the template's: the rest of 预算管理 and more."""
        text = (ROOT / "weights" / "yueyang-department.yaml").read_text(encoding="utf-8")
        comments = " ".join(line for line in text.splitlines() if line.startswith("#"))
        assumed = comments[comments.index("ASSUMED (not readable)") :]
        for row in ("预决算信息公开性 3", "预算执行率 6", "资产管理 10", "产出 25 / 效果 20"):
            assert row in assumed


class TestRowsAsRead:
    @pytest.mark.parametrize(
        ("late", "expected"),
        [(0, "3.00"), (1, "2.50"), (3, "1.50"), (6, "0.00"), (7, "0.00")],
    )
    def test_payment_progress(self, late: int, expected: str) -> None:
        """支付进度, 3 points, 0.5 off per special fund released late, floor 0."""
        assert points("payment_progress", 3, {"special_funds_late": late}) == D(expected)

    @pytest.mark.parametrize(
        ("level", "expected"),
        [("无结余", "3.00"), ("结余不超过上年结转", "2.00"), ("结余超过上年结转", "0.00")],
    )
    def test_fund_balance(self, level: str, expected: str) -> None:
        """资金结余: no balance 3; no larger than last year's carry-over 2; larger 0."""
        assert points("fund_balance", 3, {"fund_balance_level": level}) == D(expected)

    def test_management_rules_one_point_each(self) -> None:
        """管理制度健全性 at 3 points: two of the three items met earn 2."""
        got = points(
            "management_rules_soundness", 3, {"management_rules_items_met": ["exists", "enforced"]}
        )
        assert got == D("2.00")

    @pytest.mark.parametrize(("cases", "expected"), [(0, "3.00"), (2, "1.00"), (4, "0.00")])
    def test_fund_use_compliance(self, cases: int, expected: str) -> None:
        """资金使用合规性 at 3 points, 1 off per non-compliant case, floor 0."""
        assert points("fund_use_compliance", 3, {"non_compliant_cases": cases}) == D(expected)


class TestBudgetAdjustmentCut:
    @pytest.mark.parametrize(
        ("adjustment", "expected"),
        [
            ("0", "3.00"),  # = 0
            ("5", "2.00"),  # (0, 10]
            ("-5", "2.00"),  # a cut of 5%: as an addition of 5%
            ("-10", "2.00"),  # 10 included, as on the positive side
            ("-10.01", "1.00"),  # beyond 10
            ("-20", "1.00"),
            ("-25", "0.50"),
            ("-30", "0.50"),
            ("-30.5", "0.00"),
            ("-100", "0.00"),  # the whole budget cut
        ],
    )
    def test_a_cut_falls_in_a_band(self, adjustment: str, expected: str) -> None:
        """A negative adjustment (追减) earns what an addition of the same size earns; of 100."""
        got = points(
            "budget_adjustment_rate", 3, {"budget_adjustment": D(adjustment), "budget": 100}
        )
        assert got == D(expected)

    def test_only_the_adjustment_may_be_negative(self) -> None:
        """budget_adjustment is declared signed; the budget it divides by is still an amount."""
        with pytest.raises(ScoringError, match="cannot be negative"):
            points("budget_adjustment_rate", 3, {"budget_adjustment": D(5), "budget": D(-100)})
