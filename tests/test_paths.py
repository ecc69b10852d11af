"""Paths through the rules and the engine that no other test took, each worked by hand.

Levels and qualitative rows scored through ``score()`` and loaded from YAML,
checklist items given by id only, ``=``-target bands refused on the rising
side and below the lowest edge, qualitative ranges outside [0, 100],
verdicts by English band name, 0- and 1-point rows of every rule, a manual
deduction finer than the sheet's decimals, two bands unbounded on one side,
and ranges that are empty or a half-open single value. The arithmetic is in
each docstring.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import load_case, load_indicators, score
from scoring.core.errors import ScoringError
from scoring.core.model import Judgement, ManualDeduction, NotApplicable, Op, Target
from scoring.core.record import evolve
from scoring.core.rules import (
    RULES,
    Band,
    Bands,
    BudgetExecution,
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
    parse_interval,
)
from scoring.core.settings import apportion
from strategies_rules import facts, indicator, profile

D = Decimal

INDICATORS = """\
indicators:
  - id: balance
    name: 资金结余
    name_en: Fund balance
    level1: 过程
    level2: 预算执行
    target: 无结余
    rule:
      kind: levels
      levels:
        - {name: 无结余, name_en: no balance, points: 3}
        - {name: 结余不超过上年结转, name_en: within carry-over, points: 2}
        - {name: 结余超过上年结转, points: 0}
  - id: rules_ok
    name: 管理制度健全性
    level1: 过程
    level2: 预算执行
    target: 三项全部达到
    rule:
      kind: checklist
      items:
        - {id: exists}
        - {id: lawful}
        - {id: enforced}
  - id: cases
    name: 资金使用合规性
    level1: 过程
    level2: 预算执行
    unit: 起
    target: "<= 0"
    rule: {kind: count_deduction, per: 1}
  - id: effect
    name: 社会效益
    level1: 效果
    level2: 社会效益
    target: 达成年度指标
    rule: qualitative
"""
WEIGHTS = """\
id: paths
name: 路径测试表
full_score: 20
categories:
  - {name: 过程, points: 15, groups: [{name: 预算执行, points: 15}]}
  - {name: 效果, points: 5, groups: [{name: 社会效益, points: 5}]}
points: {balance: 3, rules_ok: 6, cases: 6, effect: 5}
"""
FACTS = """\
unit: 测试单位
year: 2023
indicators: [ind.yaml]
weights: w.yaml
facts:
  balance: 结余不超过上年结转
  rules_ok: [exists, enforced]
  cases: 2
  effect: {value: {band: partly achieved, points: 3.5}}
"""


def write_case(tmp_path: Path, facts_text: str = FACTS) -> Path:
    (tmp_path / "ind.yaml").write_text(INDICATORS, encoding="utf-8")
    (tmp_path / "w.yaml").write_text(WEIGHTS, encoding="utf-8")
    path = tmp_path / "facts.yaml"
    path.write_text(facts_text, encoding="utf-8")
    return path


class TestNamedRulesFromYaml:
    def test_scored_through_the_engine(self, tmp_path: Path) -> None:
        """Levels 2 of 3 (结余不超过上年结转), checklist by id 2 of 3 items × 6 = 4, two cases
        × 1 off 6 = 4, qualitative 'partly achieved' 3.5 of 5 (70%, in [60, 80)):
        2 + 4 + 4 + 3.5 = 13.5 of 20, which is 中 (12 = 60% of 20 ≤ 13.5 < 16)."""
        case = load_case(write_case(tmp_path))
        card = score(case.indicators, case.weights, case.facts)
        points = {r.id: r.points for r in card.rows}
        assert points == {
            "balance": D(2),
            "rules_ok": D("4.00"),
            "cases": D(4),
            "effect": D("3.50"),
        }
        assert card.total == D("13.50")
        assert card.grade.name == "中"
        assert [c.points for c in card.categories] == [D(10), D("3.50")]

    def test_rows_met_only_at_the_top(self, tmp_path: Path) -> None:
        """A level below the first, a checklist with an item missing, and a verdict below the
        top band do not meet their targets; two cases against ≤ 0 do not either."""
        case = load_case(write_case(tmp_path))
        card = score(case.indicators, case.weights, case.facts)
        assert [r.met for r in card.rows] == [False, False, False, False]
        best = FACTS.replace("结余不超过上年结转", "no balance").replace(
            "[exists, enforced]", "[enforced, lawful, exists]"
        )
        best = best.replace("cases: 2", "cases: 0").replace(
            "partly achieved, points: 3.5", "达成年度指标, points: 4"
        )
        card = score(*_parts(load_case(write_case(tmp_path, best))))
        assert [r.met for r in card.rows] == [True, True, True, True]
        # 3 + 6 + 6 + 4 (80% of 5, the lowest the top band allows) = 19.
        assert card.total == D(19)

    def test_checklist_by_id_only_names_its_items_by_id(self, tmp_path: Path) -> None:
        """Items without a name are shown by their id, and score 6 ÷ 3 = 2 points each."""
        case = load_case(write_case(tmp_path))
        rule = next(i.rule for i in case.indicators if i.id == "rules_ok")
        assert isinstance(rule, Checklist)
        assert [(item.id, item.name) for item in rule.items] == [
            ("exists", "exists"),
            ("lawful", "lawful"),
            ("enforced", "enforced"),
        ]
        row = score(*_parts(case)).row("rules_ok")
        assert "已达成：“exists”“enforced”；未达成：“lawful”" in row.explanation.zh
        assert row.criterion.zh == "逐项计分：exists 2 分；lawful 2 分；enforced 2 分"

    def test_level_and_verdict_by_english_name(self, tmp_path: Path) -> None:
        """'within carry-over' is the name_en of the 2-point level; 'partly achieved' the
        English name of 部分达成并具有一定效果: the explanations say so in each language."""
        case = load_case(
            write_case(tmp_path, FACTS.replace("结余不超过上年结转", "within carry-over"))
        )
        card = score(*_parts(case))
        assert card.row("balance").points == 2
        assert "结果为“结余不超过上年结转”，该等级得 2 分" in card.row("balance").explanation.zh
        assert "'within carry-over', which earns 2" in card.row("balance").explanation.en
        effect = card.row("effect").explanation
        assert "评价为“部分达成并具有一定效果”（[60, 80)% 分值），评定 3.5 分" in effect.zh
        assert "judged 'partly achieved' ([60, 80)% of the points), 3.5 given" in effect.en


def _parts(case: object) -> tuple[object, object, object]:
    return case.indicators, case.weights, case.facts  # type: ignore[attr-defined]


def bands(*pairs: tuple[str, str]) -> Bands:
    return Bands(tuple(Band(parse_interval(r), D(p)) for r, p in pairs))


class TestEqualTargetBandsRefused:
    def test_rising_side_must_not_fall(self) -> None:
        """Target = 15 lies in [10, +inf): below it the points must rise toward it, but 2 then 1
        falls, so the bands are refused; 1, 2, 3 is accepted."""
        falling = bands(("(-inf, 0)", "2"), ("[0, 10)", "1"), ("[10, +inf)", "3"))
        problems = falling.check(Target(Op.EQ, D(15)), D(3))
        assert any("closer to the target =15" in str(p) for p in problems), problems
        rising = bands(("(-inf, 0)", "1"), ("[0, 10)", "2"), ("[10, +inf)", "3"))
        assert rising.check(Target(Op.EQ, D(15)), D(3)) == []

    def test_target_below_the_lowest_edge(self) -> None:
        """Target = -5 is below every band (the lowest starts at 0): every band is on the
        falling side, so 1 then 2 is refused and 2 then 1 accepted."""
        up = bands(("[0, 10)", "1"), ("[10, +inf)", "2"))
        assert up.check(Target(Op.EQ, D(-5)), D(2))
        down = bands(("[0, 10)", "2"), ("[10, +inf)", "1"))
        assert down.check(Target(Op.EQ, D(-5)), D(2)) == []

    def test_target_on_an_excluded_lowest_edge(self) -> None:
        """Target = 0 with the lowest band (0, 10]: no band holds 0, and 0 is not above the
        lowest edge, so both bands are on the falling side: 1 then 2 is refused."""
        up = bands(("(0, 10]", "1"), ("(10, +inf)", "2"))
        assert up.check(Target(Op.EQ, D(0)), D(2))

    def test_target_above_the_highest_edge(self) -> None:
        """Target = 20 beyond the last band [0, 10]: every band is on the rising side, so
        2 then 1 is refused and 1 then 2 accepted."""
        down = bands(("(-inf, 0)", "2"), ("[0, 10]", "1"))
        assert down.check(Target(Op.EQ, D(20)), D(2))
        up = bands(("(-inf, 0)", "1"), ("[0, 10]", "2"))
        assert up.check(Target(Op.EQ, D(20)), D(2)) == []

    def test_band_above_the_row_is_refused(self) -> None:
        """A band paying 4 on a 3-point row is refused whatever the target."""
        rule = bands(("(-inf, 0)", "0"), ("[0, +inf)", "4"))
        assert any("worth only 3" in str(p) for p in rule.check(Target(Op.GE, D(0)), D(3)))
        assert rule.check(Target(Op.GE, D(0)), D(4)) == []


def write_rule(tmp_path: Path, rule_yaml: str) -> Path:
    path = tmp_path / "ind.yaml"
    path.write_text(
        "indicators:\n  - id: row\n    name: 行\n    level1: 过程\n    level2: 预算执行\n"
        f"    target: '>= 0'\n    rule:\n{rule_yaml}",
        encoding="utf-8",
    )
    return path


class TestRangesRefusedAtLoad:
    @pytest.mark.parametrize("bad", ["[-10, 60)", "[80, 110]", "(-inf, 60)", "[80, +inf)"])
    def test_qualitative_range_outside_0_to_100(self, tmp_path: Path, bad: str) -> None:
        """A qualitative band is a share of the row's points in percent, so each end must be
        within [0, 100]; the error stands at the range's line (line 10)."""
        path = write_rule(
            tmp_path,
            f"      kind: qualitative\n      bands:\n        - {{name: 低, range: '{bad}'}}\n",
        )
        with pytest.raises(ScoringError, match=r"must lie within \[0, 100\]") as info:
            load_indicators(path)
        assert info.value.location is not None
        assert info.value.location.line == 10

    def test_qualitative_whole_range_is_one_band(self, tmp_path: Path) -> None:
        """One band [0, 100] is accepted: 2.5 of 5 is 50% of the row, a share of 0.5."""
        path = write_rule(
            tmp_path,
            "      kind: qualitative\n      bands:\n        - {name: 评定, range: '[0, 100]'}\n",
        )
        (ind,) = load_indicators(path)
        assessment = ind.rule.assess(Judgement("评定", D("2.5")), ind.target, D(5))
        assert assessment.share == D("0.5")
        assert assessment.met is True  # the only band is the top one

    @pytest.mark.parametrize(
        ("ranges", "message"),
        [
            (("(-inf, 50)", "(-inf, 80)"), "bands (-∞, 50) and (-∞, 80) overlap"),
            (("[50, +inf)", "[80, +inf)"), "bands [50, +∞) and [80, +∞) overlap"),
        ],
    )
    def test_two_bands_unbounded_on_one_side(
        self, tmp_path: Path, ranges: tuple[str, str], message: str
    ) -> None:
        """Two bands open on the same side always overlap, and are refused."""
        lines = "".join(f"        - {{range: '{r}', points: 1}}\n" for r in ranges)
        path = write_rule(tmp_path, f"      kind: bands\n      bands:\n{lines}")
        with pytest.raises(ScoringError, match=re.escape(message)):
            load_indicators(path)

    @pytest.mark.parametrize(
        ("bad", "message"),
        [
            ("[5, 5)", "the lower end must be below the upper end"),
            ("(5, 5]", "the lower end must be below the upper end"),
            ("(5]", "a single value is written [0]"),
            ("[5)", "a single value is written [0]"),
            ("[ ]", "is empty: write a single value as [0]"),
            ("[]", "is not an interval such as [80, 90)"),
            ("[x]", "'x' is not a number"),
            ("[1, x)", "'x' is not a number"),
            ("[inf]", "not a finite number"),
        ],
    )
    def test_empty_or_half_open_single_value(self, bad: str, message: str) -> None:
        """A single value is [v]; an empty range, a half-open single value or an end that is
        not a number is refused with a message saying which."""
        with pytest.raises(ValueError, match=re.escape(message)) as info:
            parse_interval(bad)
        assert str(info.value).startswith(repr(bad))

    def test_single_value_band(self) -> None:
        """[5] holds 5 and nothing else; it prints as [5]."""
        interval = parse_interval("[5]")
        assert interval == Interval(D(5), D(5), True, True)
        assert [interval.contains(D(v)) for v in ("4.99", "5", "5.01")] == [False, True, False]
        assert str(interval) == "[5]"


# --------------------------------------------------------------------------- 0 and 1 point


def zero_and_one(rule_zero: Rule, rule_one: Rule, target: Target, value: object) -> list[Decimal]:
    """The points of two rows, worth 0 and 1, each scoring ``value`` by its rule."""
    zero = indicator("zero", rule_zero, target, unit=target.unit)
    one = indicator("one", rule_one, target, unit=target.unit)
    card = score(
        [zero, one],
        profile([zero, one], {"zero": 0, "one": 1}),
        facts({"zero": value, "one": value}),
    )  # type: ignore[dict-item]
    assert card.total == card.row("zero").points + card.row("one").points
    return [card.row("zero").points, card.row("one").points]


PCT = "%"
CASES: dict[str, tuple[Rule, Rule, Target, object, str]] = {
    # kind: (rule on the 0-point row, on the 1-point row, target, value, the 1-point row's points)
    "proportional": (Proportional(), Proportional(), Target(Op.GE, D(80), PCT), D(60), "0.75"),
    # 60 ÷ 80 = 0.75
    "reverse": (Reverse("linear"), Reverse(), Target(Op.LE, D(80), PCT), D(100), "0.80"),
    # ratio 80 ÷ 100 = 0.8 (linear on the 0-point row: 1 − 20 ÷ 80 of nothing)
    "budget_execution": (
        BudgetExecution(),
        BudgetExecution(),
        Target(Op.GE, D(100), PCT),
        D("86.2037"),
        "0.86",
    ),
    # 86.2037% of 1 = 0.862037, 0.86
    "deduction_per_unit": (
        DeductionPerUnit(D("0.5")),
        DeductionPerUnit(D("0.5")),
        Target(Op.LE, D(100), PCT),
        D(101),
        "0.50",
    ),
    # 1 point over × 0.5 = 0.5 off 1
    "bands": (
        Bands((Band(Interval(None, D(60)), D(0)), Band(Interval(D(60), None), D(0)))),
        Bands((Band(Interval(None, D(60)), D(0)), Band(Interval(D(60), None), D(1)))),
        Target(Op.GE, D(60), PCT),
        D(70),
        "1",
    ),
    # 70 lies in [60, +inf), which pays 1
    "equal": (Equal("ratio"), Equal("ratio"), Target(Op.EQ, D(100), PCT), D(125), "0.80"),
    # 100 ÷ 125 = 0.8
    "count_deduction": (
        CountDeduction(D("0.5")),
        CountDeduction(D("0.5")),
        Target(Op.LE, D(0), "起"),
        D(1),
        "0.50",
    ),
    # one case × 0.5 off 1
    "checklist": (
        Checklist((Item("a", "甲"), Item("b", "乙"))),
        Checklist((Item("a", "甲"), Item("b", "乙"))),
        Target.described("全部"),
        ("a",),
        "0.50",
    ),
    # 1 of 2 equal items
    "levels": (
        Levels((Level("好", D(0)), Level("中", D(0)))),
        Levels((Level("好", D(1)), Level("中", D("0.5")))),
        Target.described("好"),
        "中",
        "0.5",
    ),
    # 中 pays 0.5
    "met": (Met(), Met(), Target.described("按时完成"), True, "1"),
    # 0.75 × 1
    "coefficient": (
        Coefficient(),
        Coefficient(),
        Target.described("评价组评定"),
        D("0.75"),
        "0.75",
    ),
}


class TestZeroAndOnePointRows:
    def test_every_rule_kind_is_here(self) -> None:
        """Each registered kind has a case below (qualitative has its own: its verdict is out
        of the row's points)."""
        assert set(CASES) | {"qualitative"} == set(RULES)

    @pytest.mark.parametrize("kind", sorted(CASES))
    def test_zero_point_row_earns_zero_and_one_point_row_its_share(self, kind: str) -> None:
        """A 0-point row earns 0 whatever the value; the 1-point row earns its share of 1,
        at 2 decimals (worked next to each case)."""
        rule_zero, rule_one, target, value, expected = CASES[kind]
        assert zero_and_one(rule_zero, rule_one, target, value) == [0, D(expected)]

    def test_qualitative(self) -> None:
        """On a 0-point row only 0 points can be given, in the band holding 0% (未达成); on a
        1-point row 0.7 is 70%, inside 部分达成 [60, 80)."""
        zero = indicator("zero", Qualitative(), Target.described("达成"))
        one = indicator("one", Qualitative(), Target.described("达成"))
        card = score(
            [zero, one],
            profile([zero, one], {"zero": 0, "one": 1}),
            facts(
                {
                    "zero": Judgement("未达成且效果较差", D(0)),
                    "one": Judgement("部分达成并具有一定效果", D("0.7")),
                }
            ),
        )
        assert [r.points for r in card.rows] == [0, D("0.70")]
        with pytest.raises(ScoringError, match="outside the band"):
            score(
                [zero],
                profile([zero], {"zero": 0}),
                facts({"zero": Judgement("达成年度指标", D(0))}),
            )

    def test_deductions_on_zero_point_rows_say_so(self) -> None:
        """A unit deduction on a 0-point row explains that the row is worth 0."""
        zero = indicator("zero", DeductionPerUnit(D(1)), Target(Op.LE, D(0)))
        card = score([zero], profile([zero], {"zero": 0}), facts({"zero": 3}))
        assert "本行分值为 0" in card.row("zero").explanation.zh
        assert card.row("zero").share == 0


# --------------------------------------------------------------------------- deductions


class TestDeductionFinerThanTheSheet:
    @pytest.mark.parametrize(
        ("decimals", "deduction", "expected"),
        [
            (2, "0.005", "4.21"),  # 4.21 − 0.005 = 4.205, half up to 4.21
            (2, "0.006", "4.20"),  # 4.204 rounds down to 4.20
            (2, "0.0049", "4.21"),  # 4.2051 rounds to 4.21
            (0, "0.4", "4"),  # the row is 4 at 0 decimals; 3.6 rounds back to 4
            (0, "0.5", "4"),  # 3.5 is a half: up to 4
            (0, "0.51", "3"),  # 3.49 rounds to 3
            (1, "4.25", "0"),  # 4.2 − 4.25 is below 0: the row stops at 0
        ],
    )
    def test_rounded_again_after_the_deduction(
        self, decimals: int, deduction: str, expected: str
    ) -> None:
        """The deduction comes off the rounded row and the result is rounded half up again to
        the sheet's decimals, never below 0."""
        row = indicator("row", Proportional(), ">= 100")
        made = facts(
            {"row": D("84.2")},
            deductions={"row": ManualDeduction("row", D(deduction), "复核扣分")},
        )
        card = score([row], profile([row], {"row": 5}, decimals=decimals), made)
        got = card.row("row")
        assert got.points == D(expected)
        assert got.rule_points == {0: D(4), 1: D("4.2"), 2: D("4.21")}[decimals]
        assert card.total == D(expected)
        assert f"人工扣减 {deduction} 分（理由：复核扣分）" in got.explanation.zh


# --------------------------------------------------------------------------- settings' edges


def one(rule: Rule, target: str | Target, value: object, **settings: object) -> object:
    """The row of a one-row, 5-point sheet scoring ``value``."""
    row = indicator("row", rule, target, unit=target.unit if isinstance(target, Target) else "")
    made = facts({"row": value})  # type: ignore[dict-item]
    return score([row], profile([row], {"row": 5}, **settings), made).row("row")


class TestOverAchievementEdges:
    @pytest.mark.parametrize(
        ("rule", "target", "value", "flagged"),
        [
            (Proportional(), ">= 100", "129.99", None),  # 129.99%, below the flag
            (Proportional(), ">= 100", "130", "130"),  # exactly at it: flagged
            (Proportional(), ">= 1", "1.3", "130"),  # a target of 1 is above 0: compared
            (Proportional(), ">= 0.5", "0.65", "130"),
            (Proportional(), ">= 0", "5", None),  # a target of 0 is never flagged
            (Reverse(), "<= 100", "1", "10000"),  # 100 ÷ 1 = 10000%
            (Reverse(), "<= 100", "0.5", "20000"),
            (Reverse(), "<= 100", "0", None),  # nothing to divide by: not flagged
            (Reverse(), "<= 100", "76", "131.58"),  # docs/settings.md: 100 ÷ 76
            (Equal(), "= 100", "200", None),  # '=' targets are never flagged
        ],
    )
    def test_flag_edges(self, rule: Rule, target: str, value: str, flagged: str | None) -> None:
        """v ÷ t (≥) or t ÷ v (≤) at 130% or more is flagged, as a percent of the target;
        targets of 0 or less, values of 0 against ≤ and '=' targets are not."""
        row = one(rule, target, D(value))
        got = row.over_achievement  # type: ignore[attr-defined]
        assert (None if got is None else str(round(got, 2)).rstrip("0").rstrip(".")) == flagged

    def test_deadline_and_words_are_never_flagged(self) -> None:
        """Month 1 against 9月前 is not 900% of anything; true against words is not either."""
        assert one(Met(), Target(Op.LE, D(9), "月", "9月前"), D(1)).over_achievement is None  # type: ignore[attr-defined]
        assert one(Met(), Target.described("按时完成"), True).over_achievement is None  # type: ignore[attr-defined]

    def test_flag_off(self) -> None:
        """flag_at 0 turns the flag off: 1000 against ≥ 100 is not flagged."""
        from scoring.core.model import OverAchievement  # noqa: PLC0415

        row = one(Proportional(), ">= 100", D(1000), over_achievement=OverAchievement(D(0)))
        assert row.over_achievement is None  # type: ignore[attr-defined]

    def test_nothing_to_reduce_at_zero(self) -> None:
        """A flagged row that earned nothing (bands paying 0 everywhere) is not 'reduced'."""
        from scoring.core.model import OverAchievement  # noqa: PLC0415

        nothing = bands(("(-inf, 0)", "0"), ("[0, +inf)", "0"))
        setting = OverAchievement(D(130), D(20))
        row = one(nothing, ">= 100", D(200), over_achievement=setting)
        assert row.over_achievement == 200  # type: ignore[attr-defined]
        assert row.reduced_by is None  # type: ignore[attr-defined]
        assert row.points == 0  # type: ignore[attr-defined]
        assert "扣减所得分数" not in row.explanation.zh  # type: ignore[attr-defined]


class TestTwoVetoes:
    @pytest.mark.parametrize("caps", [("良", "中"), ("中", "良")])
    def test_the_lowest_cap_wins(self, caps: tuple[str, str]) -> None:
        """Two failed veto rows capping at 良 and at 中 leave a total of 100 graded 中,
        whichever is listed first."""
        from scoring.core.model import Veto  # noqa: PLC0415

        rows = [
            indicator("a", Met(), Target.described("无事故")),
            indicator("b", Met(), Target.described("无违规")),
            indicator("rest", Proportional(), ">= 100"),
        ]
        vetoes = (Veto("a", caps[0]), Veto("b", caps[1]))
        sheet = profile(rows, {"a": 0, "b": 0, "rest": 100}, vetoes=vetoes)
        card = score(rows, sheet, facts({"a": False, "b": False, "rest": 100}))
        assert card.total == 100
        assert card.grade.name == "中"
        assert card.grade_before_veto is not None
        assert card.grade_before_veto.name == "优"
        assert card.vetoed_by == ("a", "b")


class TestExplanationTails:
    @pytest.mark.parametrize(
        ("value", "zh", "en"),
        [
            ("100", "得满分 1 分", "full 1 points"),  # 1 of 1
            ("75", "得 0.75 分，失 0.25 分", "0.75 of 1 points, 0.25 lost"),  # below 1 point
            ("0.4", "得 0 分，失 1 分", "0 of 1 points"),  # 0.004 rounds to 0.00
        ],
    )
    def test_full_part_or_nothing(self, value: str, zh: str, en: str) -> None:
        """A 1-point row at ≥ 100: 100 is full, 75 earns 0.75 and loses 0.25, 0.4 earns
        0.004, which rounds to 0: the explanation ends accordingly in each language."""
        row = one_point(Proportional(), ">= 100", D(value), decimals=2)
        assert row.explanation.zh.endswith(f"{zh}。")  # type: ignore[attr-defined]
        assert row.explanation.en.endswith(f"{en}.")  # type: ignore[attr-defined]


def one_point(rule: Rule, target: str, value: object, **settings: object) -> object:
    row = indicator("row", rule, target)
    return score([row], profile([row], {"row": 1}, **settings), facts({"row": value})).row("row")  # type: ignore[dict-item]


class TestNormalisedPoints:
    def test_points_adding_up_to_one_are_rescaled(self) -> None:
        """Two rows of 0.5 on a normalised 100-point sheet are worth 50 each: 0.5 × 100 ÷ 1."""
        rows = [indicator(i, Proportional(), ">= 100") for i in ("a", "b")]
        sheet = profile(rows, {"a": "0.5", "b": "0.5"}, normalise=True)
        sheet = evolve(sheet, full_score=D(100))
        card = score(rows, sheet, facts({"a": 100, "b": 50}))
        assert [r.max_points for r in card.rows] == [D(50), D(50)]
        assert card.total == D(75)  # 50 + 50% of 50


class TestResolverHook:
    def test_each_formula_is_announced_before_it_is_computed(self) -> None:
        """The engine calls _before_evaluate once per computed formula (the checks layer
        hooks its own checks there), not for a one-name formula or a plain fact."""
        from scoring.core import engine  # noqa: PLC0415

        seen: list[str] = []

        class Recording(engine._Values):
            def _before_evaluate(self, ind: object, formula: object) -> None:
                seen.append(ind.id)  # type: ignore[attr-defined]

        rows = [
            indicator("rate", Proportional(), ">= 100", formula="done / planned * 100"),
            indicator("alias", Proportional(), ">= 100", formula="done"),
            indicator("plain", Proportional(), ">= 100"),
        ]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "_Values", Recording)
            card = score(
                rows,
                profile(rows, {"rate": 1, "alias": 1, "plain": 1}),
                facts({"done": 9, "planned": 10, "plain": 100}),
            )
        assert seen == ["rate"]
        assert [r.points for r in card.rows] == [D("0.90"), D("0.09"), D(1)]


class TestApportion:
    @pytest.mark.parametrize(
        ("shares", "total", "decimals", "expected"),
        [
            # floors 10.00 and 89.99; the cent left goes to the larger remainder, .006
            ({"a": "10.004", "b": "89.996"}, "100", 2, {"a": "10.00", "b": "90.00"}),
            ({"a": "89.996", "b": "10.004"}, "100", 2, {"a": "90.00", "b": "10.00"}),
            # equal remainders: by id, so that the order of the rows does not matter
            ({"b": "0.5", "a": "0.5"}, "1", 0, {"a": "1", "b": "0"}),
            # three rows of 33.333…: one cent to the first id
            ({"c": "33.3333", "b": "33.3333", "a": "33.3334"}, "100", 2,
             {"a": "33.34", "b": "33.33", "c": "33.33"}),
        ],
    )  # fmt: skip
    def test_largest_remainder(
        self, shares: dict[str, str], total: str, decimals: int, expected: dict[str, str]
    ) -> None:
        """Each share is cut down to the decimals; the units left go to the largest
        remainders, equal remainders by id."""
        got = apportion({k: D(v) for k, v in shares.items()}, D(total), decimals)
        assert got == {k: D(v) for k, v in expected.items()}


class TestNothingLeftToScore:
    def test_every_row_with_points_marked_not_applicable(self) -> None:
        """Marking both rows not applicable leaves 0 of 10 points: an error, not a division
        by zero."""
        rows = [indicator(i, Proportional(), ">= 100") for i in ("a", "b")]
        made = facts(
            {"a": 1, "b": 1},
            not_applicable={i: NotApplicable(i, "本年无此业务") for i in ("a", "b")},
        )
        with pytest.raises(ScoringError, match="nothing is left to score"):
            score(rows, profile(rows, {"a": 4, "b": 6}), made)

    def test_only_rows_without_points_left(self) -> None:
        """Dropping the only row with points leaves a 0-point row: 0 of 10 is nothing."""
        rows = [indicator(i, Proportional(), ">= 100") for i in ("a", "b")]
        made = facts({"a": 1, "b": 1}, not_applicable={"b": NotApplicable("b", "无")})
        with pytest.raises(ScoringError, match="nothing is left to score"):
            score(rows, profile(rows, {"a": 0, "b": 10}), made)


class TestSettingsNotes:
    def card(self, value: str, **settings: object) -> object:
        rows = [
            indicator("safety", Met(), Target.described("无安全事故"), name_en="Safety"),
            indicator("rate", Proportional(), ">= 100", name_en="Rate"),
        ]
        sheet = profile(rows, {"safety": 0, "rate": 100}, **settings)
        return score(rows, sheet, facts({"safety": False, "rate": value}))

    def test_veto_lowering_the_grade(self) -> None:
        """95 (优) with the veto row failed: the note says the grade went from 优 to 中."""
        from scoring.core.model import Veto  # noqa: PLC0415

        card = self.card("95", vetoes=(Veto("safety", "中"),))
        notes = [n.zh for n in card.notes]  # type: ignore[attr-defined]
        assert "一票否决：safety 未达标，等级由 优 降为 中" in notes
        assert "veto: Safety failed, so the grade is fair instead of excellent" in [
            n.en
            for n in card.notes  # type: ignore[attr-defined]
        ]

    def test_veto_within_the_cap(self) -> None:
        """55 (差) with the veto row failed stays 差: the note says 差 is within the cap."""
        from scoring.core.model import Veto  # noqa: PLC0415

        card = self.card("55", vetoes=(Veto("safety", "中"),))
        assert card.grade.name == "差"  # type: ignore[attr-defined]
        notes = card.notes  # type: ignore[attr-defined]
        assert "一票否决：safety 未达标，等级最高为 差" in [n.zh for n in notes]
        assert "veto: Safety failed; the grade is capped, and poor is within the cap" in [
            n.en for n in notes
        ]

    def test_reduction_note(self) -> None:
        """A reduced row is listed in a note with its percent."""
        from scoring.core.model import OverAchievement  # noqa: PLC0415

        card = self.card("200", over_achievement=OverAchievement(D(130), D(20)))
        assert "目标设定偏低，超额完成的行扣减所得分数：rate −20%" in [n.zh for n in card.notes]  # type: ignore[attr-defined]
        assert card.row("rate").points == 80  # type: ignore[attr-defined]


class TestMissingRowFailsItsVeto:
    def test_scored_zero_for_missing_facts_fails(self) -> None:
        """docs/settings.md: a veto row scored 0 for missing facts fails, so 100 is capped at 中;
        the same row dropped under 'not-applicable' cannot fail: 优 stands."""
        from scoring.core.model import Veto  # noqa: PLC0415

        rows = [
            indicator("safety", Met(), Target.described("无安全事故")),
            indicator("rate", Proportional(), ">= 100"),
        ]
        sheet = profile(rows, {"safety": 0, "rate": 100}, vetoes=(Veto("safety", "中"),))
        zero = score(rows, sheet, facts({"rate": 100}), missing="zero")
        assert zero.row("safety").met is False
        assert (zero.total, zero.grade.name, zero.vetoed_by) == (100, "中", ("safety",))
        dropped = score(rows, sheet, facts({"rate": 100}), missing="not-applicable")
        assert (dropped.grade.name, dropped.vetoed_by) == ("优", ())
