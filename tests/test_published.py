"""Published sheets reproduced to the cent.

Every expected number below is worked out by hand from the published rule
(see /work/shared/domain.md for the sources), never taken from running the
code: the arithmetic is written next to each case.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring import load_case, load_indicators, score
from strategies_rules import ROOT, facts, profile

D = Decimal
COMMON = load_indicators(ROOT / "indicators" / "department-common.yaml")
BY_ID = {ind.id: ind for ind in COMMON}

PROJECT_FACTS = """\
unit: 测试项目单位
year: 2019
indicators: [project-common]
weights: {weights}
facts:
  budget: {{value: 43.2, source: Langfang 2019 project self-evaluation table}}
  spending: {{value: 37.24, source: Langfang 2019 project self-evaluation table}}
  output_quantity_actual: {{value: 10, assumed: at plan}}
  output_quantity_planned: {{value: 10, assumed: at plan}}
  output_quality_rate: {{value: 100, assumed: at target}}
  output_timeliness_rate: {{value: 100, assumed: at target}}
  actual_cost: {{value: 100, assumed: at plan}}
  planned_cost: {{value: 100, assumed: at plan}}
  benefit_targets_met: {{value: 4, assumed: all met}}
  benefit_targets_set: {{value: 4, assumed: all met}}
  beneficiary_satisfaction_rate: {{value: 95, assumed: above the 90% target}}
"""


def _project(tmp_path: Path, decimals: int, extra: str = "") -> Path:
    text = (ROOT / "weights" / "national-project.yaml").read_text(encoding="utf-8")
    text = text.replace("decimals: 2", f"decimals: {decimals}{extra}")
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    path = tmp_path / "facts.yaml"
    path.write_text(PROJECT_FACTS.format(weights="w.yaml"), encoding="utf-8")
    return path


class TestLangfangBudgetExecution:
    def test_two_decimals(self, tmp_path: Path) -> None:
        """37.24 / 43.2 = 86.2037% of 10 points = 8.62037, printed 8.62 at 2 decimals."""
        case = load_case(_project(tmp_path, 2))
        card = score(case.indicators, case.weights, case.facts)
        assert card.row("budget_execution_rate").points == D("8.62")
        assert card.total == D("98.62")  # 8.62 + the other rows' full 90
        assert card.grade.name == "优"

    def test_whole_numbers(self, tmp_path: Path) -> None:
        """The published sheet rounds to whole points: 8.62037 becomes 9."""
        case = load_case(_project(tmp_path, 0))
        card = score(case.indicators, case.weights, case.facts)
        assert card.row("budget_execution_rate").points == D(9)
        assert card.total == D(99)

    def test_rate_rounded_before_scoring(self, tmp_path: Path) -> None:
        """A sheet showing 49.88% as 50% gives 5 of 10; scored exactly it would give 4.99."""
        path = _project(tmp_path, 2, "\nvalue_decimals: 0")
        path.write_text(
            path.read_text(encoding="utf-8")
            .replace("value: 43.2", "value: 100")
            .replace("value: 37.24", "value: 49.88"),
            encoding="utf-8",
        )
        case = load_case(path)
        row = score(case.indicators, case.weights, case.facts).row("budget_execution_rate")
        assert row.points == D(5)
        assert row.raw_value == D("49.88")
        assert row.value == D(50)
        exact = load_case(path, weights=str(ROOT / "weights" / "national-project.yaml"))
        exact_row = score(exact.indicators, exact.weights, exact.facts).row("budget_execution_rate")
        assert exact_row.points == D("4.99")  # 49.88% × 10 = 4.988


DEPARTMENT_ALL_MET = """\
unit: 测试部门
year: 2023
indicators: [department-common, department-output-effect]
weights: yueyang-department
facts:
  staff_in_post: 80
  authorized_posts: 85
  three_public_spending: 9
  three_public_spending_last_year: 10
  key_project_spending: 95
  project_spending: 100
  spending: 1000
  budget: 1000
  budget_adjustment: 0
  special_funds_late: 0
  fund_balance_level: 无结余
  three_public_budget: 10
  management_rules_items_met: [exists, lawful, enforced]
  non_compliant_cases: 0
  disclosed_items: 2
  required_disclosures: 2
  asset_incidents: 0
  fixed_assets_in_use: 98
  fixed_assets_total: 100
  tasks_completed: 20
  tasks_planned: 20
  tasks_on_time: 20
  tasks_up_to_standard: 20
  key_tasks_completed: 5
  key_tasks_planned: 5
  social_targets_met: 3
  social_targets_set: 3
  public_satisfaction_rate: 95
"""


class TestDepartmentAllMet:
    def test_every_target_met_scores_100_and_excellent(self, tmp_path: Path) -> None:
        """A department-wide table where every target is met scores 100 and 优."""
        path = tmp_path / "facts.yaml"
        path.write_text(DEPARTMENT_ALL_MET, encoding="utf-8")
        case = load_case(path)
        card = score(case.indicators, case.weights, case.facts)
        assert all(row.points == row.max_points for row in card.rows)
        assert card.total == D(100)
        assert card.grade.name == "优"
        assert not card.notes  # no setting changed anything


def _one_row(ind_id: str, pts: int, values: dict[str, int | str]) -> Decimal:
    ind = BY_ID[ind_id]
    return score([ind], profile([ind], {ind_id: pts}), facts(values)).row(ind_id).points


class TestYueyangStaffControl:
    """在职人员控制率, 5 points, 0.5 off per percentage point over 100% (Yueyang template)."""

    def test_bureau_2023_within_posts(self) -> None:
        """81 in post of 85 posts is 95.29%, within 100%: full 5 points."""
        assert _one_row("staff_control_rate", 5, {"staff_in_post": 81, "authorized_posts": 85}) == 5

    def test_over_by_seven_and_a_half_points(self) -> None:
        """86 of 80 is 107.5%: 7.5 points over × 0.5 = 3.75 off, 1.25 left."""
        got = _one_row("staff_control_rate", 5, {"staff_in_post": 86, "authorized_posts": 80})
        assert got == D("1.25")

    def test_never_below_zero(self) -> None:
        """120 of 100 is 20 points over: 10 off a 5-point row leaves 0, not −5."""
        got = _one_row("staff_control_rate", 5, {"staff_in_post": 120, "authorized_posts": 100})
        assert got == 0

    def test_three_public_control(self) -> None:
        """ "三公经费"控制率, 6 points, 1 off per point: 10.3 of a 10 budget is 3 over, 3 left."""
        got = _one_row(
            "three_public_control_rate",
            6,
            {"three_public_spending": "10.3", "three_public_budget": 10},
        )
        assert got == 3


class TestYueyangKeySpendingBands:
    @pytest.mark.parametrize(
        ("rate", "expected"),
        [
            ("100", "5"),
            ("90", "5"),  # ≥90% → 5
            ("89.99", "4"),
            ("80", "4"),  # 80%(含)–90% → 4
            ("79.99", "3"),
            ("70", "3"),  # 70%(含)–80% → 3
            ("69.99", "2"),
            ("60", "2"),  # 60%(含)–70% → 2
            ("59.99", "0"),  # below 60% → 0
            ("0", "0"),
        ],
    )
    def test_band(self, rate: str, expected: str) -> None:
        """重点支出安排率: ≥90% 5; 80(含)–90 4; 70(含)–80 3; 60(含)–70 2; below 60 0."""
        got = _one_row(
            "key_spending_rate", 5, {"key_project_spending": rate, "project_spending": 100}
        )
        assert got == D(expected)


class TestYueyangBudgetAdjustmentBands:
    @pytest.mark.parametrize(
        ("rate", "expected"),
        [
            ("0", "3"),  # = 0 → 3
            ("0.01", "2"),
            ("10", "2"),  # (0, 10%] → 2
            ("10.01", "1"),
            ("20", "1"),  # (10%, 20%] → 1
            ("20.01", "0.5"),
            ("30", "0.5"),  # (20%, 30%] → 0.5
            ("30.01", "0"),  # > 30% → 0
        ],
    )
    def test_band(self, rate: str, expected: str) -> None:
        """预算调整率: 0 → 3; (0, 10] → 2; (10, 20] → 1; (20, 30] → 0.5; above 30 → 0."""
        got = _one_row("budget_adjustment_rate", 3, {"budget_adjustment": rate, "budget": 100})
        assert got == D(expected)
