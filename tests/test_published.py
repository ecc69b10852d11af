"""Published sheets reproduced to the cent, and every worked example of the docs.

This is the one place for figures from a published sheet or worked by hand in
docs/rules.md and docs/settings.md: each case names its source (the sheet,
or the docs section and the sheet it quotes), and its arithmetic is written
next to it. Every expected number is worked out by hand from the published
rule (see /work/shared/domain.md for the sources), never taken from running
the code.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring import load_case, load_indicators, score
from scoring.core.errors import ScoringError
from scoring.core.model import (
    Judgement,
    ManualDeduction,
    NotApplicable,
    Op,
    OverAchievement,
    Target,
    Veto,
)
from scoring.core.record import evolve
from scoring.core.rules import (
    RULES,
    Band,
    Bands,
    Checklist,
    Coefficient,
    CountDeduction,
    DeductionPerUnit,
    Equal,
    Interval,
    Item,
    Level,
    Levels,
    Met,
    Proportional,
    Qualitative,
    Reverse,
    Rule,
)
from strategies import single
from strategies_rules import ROOT, facts, indicator, profile

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


# --------------------------------------------------------------------------- the docs' examples

# Every worked example of docs/rules.md, one row on its own sheet: (source, rule,
# target, value, the row's points, the points it earns as the docs work them out).
PCT = "%"
KEY_SPENDING = Bands(
    (
        Band(Interval(None, D(60), False, False), D(0)),
        Band(Interval(D(60), D(70), True, False), D(2)),
        Band(Interval(D(70), D(80), True, False), D(3)),
        Band(Interval(D(80), D(90), True, False), D(4)),
        Band(Interval(D(90), None, True, False), D(5)),
    )
)
ADJUSTMENT = Bands(
    (
        Band(Interval(D(0), D(0), True, True), D(3)),
        Band(Interval(D(0), D(10), False, True), D(2)),
        Band(Interval(D(10), D(20), False, True), D(1)),
        Band(Interval(D(20), D(30), False, True), D("0.5")),
        Band(Interval(D(30), None, False, False), D(0)),
    )
)
STAFF = DeductionPerUnit(per=D("0.5"), unit=D(1))
RULES_OK = Checklist(
    (
        Item("exists", "已制定财务和业务管理制度"),
        Item("lawful", "制度合法、合规、完整"),
        Item("enforced", "制度得到有效执行"),
    )
)
BALANCE = Levels(
    (
        Level("无结余", D(3), "no balance"),
        Level("结余不超过上年结转", D(2)),
        Level("结余超过上年结转", D(0)),
    )
)
DOC_EXAMPLES: list[tuple[str, Rule, Target, object, str, str]] = [
    # 34.16 ÷ 35 = 97.6% of 5 = 4.88
    ("rules.md proportional; Yueyang 2023 特控线上线率", Proportional(),
     Target(Op.GE, D(35), PCT), D("34.16"), "5", "4.88"),
    # 100 ÷ 125 = 80% of 10
    ("rules.md reverse ratio; older MOF template", Reverse("ratio"),
     Target(Op.LE, D(100), PCT), D(125), "10", "8"),
    # 1 − 50 ÷ 100 = 50% of 10
    ("rules.md reverse linear; MOF system", Reverse("linear"),
     Target(Op.LE, D(100), PCT), D(150), "10", "5"),
    ("rules.md reverse linear: twice the target", Reverse("linear"),
     Target(Op.LE, D(100), PCT), D(200), "10", "0"),
    # 98% of 5
    ("rules.md equal; MOF system", Equal(), Target(Op.EQ, D(100), PCT), D(98), "5", "4.9"),
    ("rules.md equal, over: full", Equal(), Target(Op.EQ, D(100), PCT), D(125), "5", "5"),
    # 100 ÷ 125 × 5
    ("rules.md equal, over: ratio", Equal("ratio"), Target(Op.EQ, D(100), PCT), D(125), "5", "4"),
    ("rules.md equal: one incident against = 0", Equal(), Target(Op.EQ, D(0), "起"), D(1), "5",
     "0"),
    # 107.5% is 7.5 points over: 3.75 off 5
    ("rules.md deduction_per_unit; Yueyang 在职人员控制率", STAFF, Target(Op.LE, D(100), PCT),
     D("107.5"), "5", "1.25"),
    ("rules.md deduction_per_unit, started: 8 × 0.5 off",
     DeductionPerUnit(D("0.5"), D(1), "started"), Target(Op.LE, D(100), PCT), D("107.5"), "5",
     "1"),
    ("rules.md deduction_per_unit, whole: 7 × 0.5 off",
     DeductionPerUnit(D("0.5"), D(1), "whole"), Target(Op.LE, D(100), PCT), D("107.5"), "5",
     "1.5"),
    # 81 of 85 posts is 95.29%, within the standard
    ("rules.md deduction_per_unit; Yueyang 2023 report, 81 of 85", STAFF,
     Target(Op.LE, D(100), PCT), D("95.29"), "5", "5"),
    ("Yueyang template: 3 points over, 1.5 off", STAFF, Target(Op.LE, D(100), PCT), D(103), "5",
     "3.5"),
    ("Yueyang template: 9 points over, 4.5 off", STAFF, Target(Op.LE, D(100), PCT), D(109), "5",
     "0.5"),
    ("Yueyang template: 10 over takes all 5", STAFF, Target(Op.LE, D(100), PCT), D(110), "5", "0"),
    ("Yueyang template: never below 0", STAFF, Target(Op.LE, D(100), PCT), D(125), "5", "0"),
    # 3 points over × 1 off 6
    ("rules.md deduction_per_unit; Yueyang 三公经费控制率", DeductionPerUnit(D(1)),
     Target(Op.LE, D(100), PCT), D(103), "6", "3"),
    ("Yueyang template 三公经费: 7 over takes all 6", DeductionPerUnit(D(1)),
     Target(Op.LE, D(100), PCT), D(107), "6", "0"),
    ("rules.md bands; Yueyang 重点支出安排率 85% in [80, 90)", KEY_SPENDING,
     Target(Op.GE, D(90), PCT), D(85), "5", "4"),
    ("rules.md bands: exactly 90%", KEY_SPENDING, Target(Op.GE, D(90), PCT), D(90), "5", "5"),
    ("rules.md bands: 59.99%", KEY_SPENDING, Target(Op.GE, D(90), PCT), D("59.99"), "5", "0"),
    # 12 of 43.2 is 27.78%, in (20, 30]
    ("rules.md bands; Yueyang 预算调整率", ADJUSTMENT, Target(Op.LE, D(0), PCT),
     D("27.78"), "3", "0.5"),
    ("rules.md bands: exactly 10%", ADJUSTMENT, Target(Op.LE, D(0), PCT), D(10), "3", "2"),
    # 2 cases × 1 off 5
    ("rules.md count_deduction; 资金使用合规性", CountDeduction(D(1)), Target(Op.LE, D(0), "起"),
     D(2), "5", "3"),
    ("rules.md count_deduction: 6 cases take all 5", CountDeduction(D(1)),
     Target(Op.LE, D(0), "起"), D(6), "5", "0"),
    # 3 × 0.5 = 1.5 off 5
    ("rules.md count_deduction: funds late, 0.5 each", CountDeduction(D("0.5")),
     Target(Op.LE, D(0), "项"), D(3), "5", "3.5"),
    # 2 ÷ 3 of 5 = 3.333…
    ("rules.md checklist; 财预〔2013〕53号 管理制度健全性", RULES_OK,
     Target.described("三项全部达到"), ("exists", "enforced"), "5", "3.33"),
    # weights 1, 2, 1: ① and ③ earn 2 ÷ 4 of 5
    ("rules.md checklist with weight 2 on ②",
     Checklist(tuple(evolve(i, weight=D(2) if i.id == "lawful" else D(1))
                     for i in RULES_OK.items)),
     Target.described("三项全部达到"), ("exists", "enforced"), "5", "2.5"),
    ("rules.md levels; 资金结余", BALANCE, Target.described("无结余"), "结余不超过上年结转", "3",
     "2"),
    ("rules.md levels: no balance", BALANCE, Target.described("无结余"), "no balance", "3", "3"),
    ("rules.md levels: above last year's carry-over", BALANCE, Target.described("无结余"),
     "结余超过上年结转", "3", "0"),
    # 3.5 of 5 is 70%, inside [60, 80)
    ("rules.md qualitative; MOF system", Qualitative(), Target.described("达成年度指标"),
     Judgement("部分达成并具有一定效果", D("3.5")), "5", "3.5"),
    ("rules.md met; deadline 9月前, done in 7月", Met(), Target(Op.LE, D(9), "月", "9月前"),
     D(7), "3", "3"),
    ("rules.md met: 9月 is no later than 9月", Met(), Target(Op.LE, D(9), "月", "9月前"), D(9),
     "3", "3"),
    ("rules.md met: 10月 is late", Met(), Target(Op.LE, D(9), "月", "9月前"), D(10), "3", "0"),
    ("rules.md met: 按时完成 false", Met(), Target.described("按时完成"), False, "3", "0"),
    # 0.85 × 5
    ("rules.md coefficient", Coefficient(), Target.described("评价组评定"), D("0.85"), "5",
     "4.25"),
    ("rules.md coefficient, scale: percent", Coefficient("percent"),
     Target.described("评价组评定"), D(85), "5", "4.25"),
    ("rules.md coefficient: 100%", Coefficient("percent"), Target.described("评价组评定"),
     D(100), "5", "5"),
]  # fmt: skip


def one_row(rule: Rule, target: Target, value: object, points: str) -> Decimal:
    case = single(rule, target, "0", points)
    facts_ = case.facts.with_values({"row": value})  # type: ignore[dict-item]
    return score(case.indicators, case.weights, facts_).rows[0].points


class TestDocsExamples:
    @pytest.mark.parametrize(
        ("rule", "target", "value", "points", "expected"),
        [pytest.param(*row[1:], id=row[0]) for row in DOC_EXAMPLES],
    )
    def test_rule_example(
        self, rule: Rule, target: Target, value: object, points: str, expected: str
    ) -> None:
        """Each worked example of docs/rules.md earns the points the page works out."""
        assert one_row(rule, target, value, points) == D(expected)

    def test_every_rule_kind_has_an_example(self) -> None:
        """The docs work an example for each registered kind."""
        assert {row[1].kind for row in DOC_EXAMPLES} | {"budget_execution"} == set(RULES)

    @pytest.mark.parametrize(("scale", "value"), [("share", "1.2"), ("percent", "120")])
    def test_coefficient_outside_its_range(self, scale: str, value: str) -> None:
        """rules.md coefficient: 1.2 (or 120 with scale: percent) is an error, not cut to 1."""
        with pytest.raises(ScoringError, match="score coefficient"):
            one_row(Coefficient(scale), Target.described("评价组评定"), D(value), "5")

    def test_qualitative_points_outside_the_band(self) -> None:
        """rules.md qualitative: 4 of 5 is 80%, outside [60, 80): the hint gives [3, 4)."""
        with pytest.raises(ScoringError, match="outside the band") as info:
            one_row(Qualitative(), Target.described("达成"),
                    Judgement("部分达成并具有一定效果", D(4)), "5")  # fmt: skip
        assert "give points in [3, 4), or choose another band" in (info.value.hint or "")


class TestSettingsExamples:
    """The worked examples of docs/settings.md."""

    def test_over_achievement_reduction(self) -> None:
        """200 against ≥ 100 on a 5-point row, reduce_by 20: 5 × 0.8 = 4; 129 earns 5 and
        130 earns 4 (the flag at 130%)."""
        setting = OverAchievement(D(130), D(20))
        row = indicator("row", Proportional(), ">= 100")
        sheet = profile([row], {"row": 5}, over_achievement=setting)
        got = [score([row], sheet, facts({"row": v})).row("row").points for v in (200, 129, 130)]
        assert got == [D(4), D(5), D(4)]

    def test_not_applicable_rescaling(self) -> None:
        """Dropping a 5-point row of 100: 15 and 80 become 15.79 and 84.21 (largest
        remainder); the 15-point row at half its target earns 50% × 15.79 = 7.895, 7.90."""
        rows = [indicator(i, Proportional(), ">= 100") for i in ("a", "b", "c")]
        sheet = profile(rows, {"a": 15, "b": 80, "c": 5})
        made = facts({"a": 50, "b": 100}, not_applicable={"c": NotApplicable("c", "本年无此业务")})
        card = score(rows, sheet, made)
        assert [(r.id, r.max_points, r.points) for r in card.rows] == [
            ("a", D("15.79"), D("7.90")),
            ("b", D("84.21"), D("84.21")),
        ]
        assert card.total == D("92.11")

    @pytest.mark.parametrize(("deduction", "expected"), [("1.5", "2.71"), ("9", "0")])
    def test_manual_deduction(self, deduction: str, expected: str) -> None:
        """A row scored 4.21 (84.2% of 5) less 1.5 shows 2.71; less 9 it stops at 0."""
        row = indicator("row", Proportional(), ">= 100")
        made = facts(
            {"row": D("84.2")}, deductions={"row": ManualDeduction("row", D(deduction), "审计")}
        )
        assert score([row], profile([row], {"row": 5}), made).total == D(expected)

    @pytest.mark.parametrize(("other", "grade"), [("95", "中"), ("55", "差")])
    def test_veto(self, other: str, grade: str) -> None:
        """A total of 95 (优) with the safety row failed is graded 中; 55 (差) stays 差."""
        rows = [
            indicator("safety", Met(), Target.described("无安全事故")),
            indicator("rest", Proportional(), ">= 100"),
        ]
        sheet = profile(rows, {"safety": 0, "rest": 100}, vetoes=(Veto("safety", "中"),))
        card = score(rows, sheet, facts({"safety": False, "rest": other}))
        assert card.total == D(other)
        assert card.grade.name == grade
        assert card.vetoed_by == ("safety",)
