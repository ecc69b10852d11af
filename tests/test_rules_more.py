"""The rules beyond proportional: what each scores, how it reads YAML, and its properties."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    Judgement,
    Op,
    RuleError,
    ScoringError,
    Target,
    load_case,
    load_facts,
    load_indicators,
    parse_target,
    score,
)
from scoring.core.numbers import round_half_up
from scoring.core.rules import (
    RULES,
    Band,
    Bands,
    Checklist,
    CountDeduction,
    DeductionPerUnit,
    Equal,
    Interval,
    Item,
    Level,
    Levels,
    Met,
    Qualitative,
    Reverse,
)
from strategies_rules import facts, indicator, points, positive_targets, profile, values

D = Decimal


def share(rule: object, value: object, target: str, pts: str = "10", unit: str = "") -> Decimal:
    ind = indicator("x", rule, target, unit=unit)  # type: ignore[arg-type]
    return ind.rule.assess(value, ind.target, D(pts)).share  # type: ignore[arg-type]


class TestEqual:
    def test_met_exactly(self) -> None:
        """A value equal to the target earns full points."""
        assert share(Equal(), D(100), "= 100%", unit="%") == 1

    def test_below_scored_like_proportional(self) -> None:
        """Below the target it earns actual / target: 98 of 100 is 98%."""
        assert share(Equal(), D(98), "= 100%", unit="%") == D("0.98")

    def test_target_zero_full_only_at_or_below_zero(self) -> None:
        """A target of 0 earns full points at 0 or less and nothing above it."""
        assert share(Equal(), D(0), "= 0") == 1
        assert share(Equal(), D(-1), "= 0") == 1
        assert share(Equal(), D("0.01"), "= 0") == 0

    def test_over_full_or_ratio(self) -> None:
        """Above the target, 'over: full' keeps full points and 'over: ratio' gives target/value."""
        assert share(Equal(), D(125), "= 100") == 1
        assert share(Equal("ratio"), D(125), "= 100") == D("0.8")

    def test_needs_equal_operator(self) -> None:
        """An equal rule on a '>=' target is refused when the sheet is checked."""
        assert Equal().check(parse_target(">= 1", ""), D(5))


class TestCountDeduction:
    def test_each_incident_costs_per(self) -> None:
        """Three special funds released late at 0.5 each cost 1.5 of 5 points."""
        assert share(CountDeduction(D("0.5")), D(3), "<= 0", pts="5", unit="起") == D("0.7")

    def test_floor_zero(self) -> None:
        """Incidents beyond the row's points leave 0, never less."""
        assert share(CountDeduction(D(1)), D(9), "<= 0", pts="5") == 0

    def test_explanation_names_each_incident(self) -> None:
        """The note says how many incidents there were and what each cost (每起扣 0.5 分)."""
        ind = indicator("x", CountDeduction(D("0.5")), "<= 0", unit="起")
        why = ind.rule.assess(D(2), ind.target, D(5)).why.zh
        assert "发生 2 起" in why
        assert "每起扣 0.5 分" in why

    def test_fractional_count_is_an_error(self) -> None:
        """A count of 1.5 incidents is refused, not rounded."""
        with pytest.raises(RuleError, match="whole"):
            share(CountDeduction(D(1)), D("1.5"), "<= 0")


class TestMet:
    def test_true_and_false(self) -> None:
        """A true fact earns full points, a false one none."""
        target = Target.described("按时完成")
        assert Met().assess(True, target, D(5)).share == 1
        assert Met().assess(False, target, D(5)).share == 0

    def test_deadline_met(self, tmp_path: Path) -> None:
        """'9月前' achieved '7月' is met; achieved '10月' is not."""
        path = tmp_path / "ind.yaml"
        path.write_text(
            "indicators:\n"
            "  - {id: done_by, name: 完成时间, level1: 产出, level2: 时效,"
            " target: 9月前, rule: met}\n",
            encoding="utf-8",
        )
        (ind,) = load_indicators(path)
        assert str(ind.target) == "9月前"
        assert ind.rule.assess(D(7), ind.target, D(5)).share == 1
        assert ind.rule.assess(D(9), ind.target, D(5)).share == 1
        assert ind.rule.assess(D(10), ind.target, D(5)).share == 0

    def test_number_against_words_is_an_error(self) -> None:
        """A number cannot be compared with a target in words."""
        with pytest.raises(RuleError, match="words"):
            Met().assess(D(3), Target.described("按时完成"), D(5))


CHECKLIST = Checklist(
    (
        Item("exists", "已制定制度"),
        Item("lawful", "制度合法完整"),
        Item("enforced", "制度有效执行"),
    )
)


class TestChecklist:
    def test_each_item_is_a_share(self) -> None:
        """Two of three equal items earn two thirds (管理制度健全性 ① and ③ met)."""
        got = share(CHECKLIST, ("exists", "enforced"), "= 1") * 5
        assert round_half_up(got, 2) == D("3.33")

    def test_items_by_name(self) -> None:
        """An item may be named by its Chinese name as well as its id."""
        got = share(CHECKLIST, ("已制定制度",), "= 1") * 3
        assert round_half_up(got, 6) == 1

    def test_weights(self) -> None:
        """Weighted items earn their weight over the total weight."""
        rule = Checklist((Item("a", "a", D(3)), Item("b", "b", D(1))))
        assert share(rule, ("a",), "= 1") == D("0.75")

    def test_unknown_item_is_an_error(self) -> None:
        """An item the rule does not list is an error naming the known items."""
        with pytest.raises(RuleError, match="exists"):
            share(CHECKLIST, ("published",), "= 1")

    def test_twice_is_an_error(self) -> None:
        """An item listed twice (by id and by name) is an error, not double points."""
        with pytest.raises(RuleError, match="twice"):
            share(CHECKLIST, ("exists", "已制定制度"), "= 1")


BALANCE = Levels(
    (
        Level("无结余", D(3), "no balance"),
        Level("结余不超过上年结转", D(2)),
        Level("结余超过上年结转", D(0)),
    )
)


class TestDuplicateNamesDeterministic:
    def test_same_message_under_every_hash_seed(self, tmp_path: Path) -> None:
        """Two items sharing both names are reported by the first name written, every run."""
        path = tmp_path / "ind.yaml"
        path.write_text(
            "indicators:\n"
            "  - id: rules\n    name: 制度\n    level1: 过程\n    level2: 预算管理\n"
            '    target: "全部达到"\n'
            "    rule:\n      kind: checklist\n      items:\n"
            "        - {id: alpha, name: beta}\n        - {id: beta, name: alpha}\n",
            encoding="utf-8",
        )
        code = (
            "import sys\nfrom scoring import load_indicators, ScoringError\n"
            "try:\n    load_indicators(sys.argv[1])\n"
            "except ScoringError as e:\n    print(e.problems[0].message)\n"
        )
        seen = {
            subprocess.run(
                [sys.executable, "-c", code, str(path)],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": str(seed)},
                check=True,
            ).stdout
            for seed in range(6)
        }
        assert seen == {"rule of 'rules': two items are called 'alpha'\n"}


class TestLevels:
    @pytest.mark.parametrize(
        ("level", "expected"),
        [
            ("无结余", "3"),
            ("no balance", "3"),
            ("结余不超过上年结转", "2"),
            ("结余超过上年结转", "0"),
        ],
    )
    def test_fund_balance_levels(self, level: str, expected: str) -> None:
        """资金结余: none 3, not above last year's carry-over 2, above it 0 (of 3 points)."""
        assert share(BALANCE, level, "= 1", pts="3") * 3 == D(expected)

    def test_unknown_level_is_an_error(self) -> None:
        """A level the rule does not list is an error."""
        with pytest.raises(RuleError, match="无结余"):
            share(BALANCE, "少量结余", "= 1", pts="3")

    def test_rising_points_refused_at_load(self, tmp_path: Path) -> None:
        """Levels whose points rise down the list are refused where they stand."""
        path = tmp_path / "ind.yaml"
        path.write_text(
            "indicators:\n"
            "  - id: balance\n    name: 资金结余\n    level1: 过程\n    level2: 预算执行\n"
            "    target: 无结余\n    rule:\n      kind: levels\n      levels:\n"
            "        - {name: 无结余, points: 2}\n        - {name: 有结余, points: 3}\n",
            encoding="utf-8",
        )
        with pytest.raises(ScoringError, match="more points") as info:
            load_indicators(path)
        assert info.value.location is not None
        assert info.value.location.line == 11  # the level whose points rise


class TestQualitative:
    @pytest.mark.parametrize(
        ("band", "given", "ok"),
        [
            ("达成年度指标", "5", True),
            ("达成年度指标", "4", True),
            ("达成年度指标", "3.99", False),
            ("部分达成并具有一定效果", "3", True),
            ("部分达成并具有一定效果", "3.99", True),
            ("部分达成并具有一定效果", "4", False),
            ("未达成且效果较差", "0", True),
            ("未达成且效果较差", "2.99", True),
            ("未达成且效果较差", "3", False),
        ],
    )
    def test_band_limits(self, band: str, given: str, ok: bool) -> None:
        """On a 5-point row: 达成 4–5, 部分达成 3 to under 4, 未达成 0 to under 3."""
        verdict = Judgement(band, D(given))
        if ok:
            assert share(Qualitative(), verdict, "= 1", pts="5") * 5 == D(given)
        else:
            with pytest.raises(RuleError, match="outside the band"):
                share(Qualitative(), verdict, "= 1", pts="5")

    def test_hubei_edges(self, tmp_path: Path) -> None:
        """Band edges are configurable: the Hubei 80/50 variant accepts 2.5 of 5 as 部分达成."""
        path = tmp_path / "ind.yaml"
        path.write_text(
            "indicators:\n"
            "  - id: effect\n    name: 社会效益\n    level1: 效果\n    level2: 社会效益\n"
            "    target: 达成年度指标\n    rule:\n      kind: qualitative\n      bands:\n"
            "        - {name: 达成, range: '[80, 100]'}\n"
            "        - {name: 部分达成, range: '[50, 80)'}\n"
            "        - {name: 未达成, range: '[0, 50)'}\n",
            encoding="utf-8",
        )
        (ind,) = load_indicators(path)
        assert ind.rule.assess(Judgement("部分达成", D("2.5")), ind.target, D(5)).share == D("0.5")

    def test_score_outside_band_is_located_in_facts(self, tmp_path: Path) -> None:
        """An evaluator's score outside its band is an error at the fact's line."""
        (tmp_path / "ind.yaml").write_text(
            "indicators:\n"
            "  - {id: effect, name: 社会效益, level1: 效果, level2: 社会效益,"
            " target: 达成年度指标, rule: qualitative}\n",
            encoding="utf-8",
        )
        (tmp_path / "w.yaml").write_text(
            "id: w\nname: 表\nfull_score: 5\ncategories:\n"
            "  - {name: 效果, points: 5, groups: [{name: 社会效益, points: 5}]}\n"
            "points: {effect: 5}\n",
            encoding="utf-8",
        )
        (tmp_path / "facts.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: [ind.yaml]\nweights: w.yaml\nfacts:\n"
            "  effect:\n    value: {band: 达成年度指标, points: 3.5}\n    assumed: test\n",
            encoding="utf-8",
        )
        case = load_case(tmp_path / "facts.yaml")
        with pytest.raises(RuleError, match="outside the band") as info:
            score(case.indicators, case.weights, case.facts)
        assert info.value.location is not None
        assert info.value.location.file.endswith("facts.yaml")
        assert info.value.location.line == 7
        assert "[4, 5]" in (info.value.hint or "")


class TestFactKinds:
    def test_wrong_kind_of_fact_is_located(self) -> None:
        """A number given to a checklist is an error naming the rule and the kind wanted."""
        ind = indicator("rules_ok", CHECKLIST, Target.described("全部"))
        with pytest.raises(ScoringError, match="list of items met"):
            score([ind], profile([ind], {"rules_ok": 5}), facts({"rules_ok": 3}))

    def test_words_for_a_number_refused_at_the_fact(self, tmp_path: Path) -> None:
        """Text given to a numeric rule loads as a name, then is refused at the fact's line."""
        (tmp_path / "facts.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: [project-common]\n"
            "weights: national-project\nfacts:\n"
            "  budget: 100\n  spending: 100\n  output_quantity_actual: 1\n"
            "  output_quantity_planned: 1\n  output_quality_rate: eighty-five\n"
            "  output_timeliness_rate: 100\n  actual_cost: 1\n  planned_cost: 1\n"
            "  benefit_targets_met: 1\n  benefit_targets_set: 1\n"
            "  beneficiary_satisfaction_rate: 95\n",
            encoding="utf-8",
        )
        case = load_case(tmp_path / "facts.yaml")
        with pytest.raises(ScoringError, match="not the text 'eighty-five'") as info:
            score(case.indicators, case.weights, case.facts)
        assert info.value.location is not None
        assert (info.value.location.line, info.value.location.column) == (10, 24)

    def test_formula_on_text_is_an_error(self) -> None:
        """Arithmetic on a fact that is not a number is a formula error, not a crash."""
        ind = indicator("rate", Reverse(), "<= 100", formula="a / b * 100")
        with pytest.raises(ScoringError, match="not a number"):
            score([ind], profile([ind], {"rate": 5}), facts({"a": "很多", "b": 2}))

    def test_yaml_values(self, tmp_path: Path) -> None:
        """A facts file gives true/false, month, level name, items and verdicts their kinds."""
        (tmp_path / "f.yaml").write_text(
            "unit: 单位\nyear: 2023\nfacts:\n  a: true\n  b: 7月\n  c: 无结余\n"
            "  d: [exists, enforced]\n  e: {value: {band: 达成, points: 4.5}, assumed: x}\n"
            "  f: '12.5'\n",
            encoding="utf-8",
        )
        got = {k: f.value for k, f in load_facts(tmp_path / "f.yaml").facts.facts.items()}
        assert got == {
            "a": True,
            "b": D(7),
            "c": "无结余",
            "d": ("exists", "enforced"),
            "e": Judgement("达成", D("4.5")),
            "f": D("12.5"),
        }

    def test_bad_month_is_located(self, tmp_path: Path) -> None:
        """A month of 13 is refused at its line."""
        (tmp_path / "f.yaml").write_text(
            "unit: 单位\nyear: 2023\nfacts:\n  a: 13月\n", encoding="utf-8"
        )
        with pytest.raises(ScoringError, match="1 to 12") as info:
            load_facts(tmp_path / "f.yaml")
        assert info.value.location is not None
        assert info.value.location.line == 4


class TestExistingRulesComplete:
    def test_reverse_linear_zero_at_twice(self) -> None:
        """Reverse linear: 150 against ≤100 earns half, 200 or more earns nothing."""
        assert share(Reverse("linear"), D(150), "<= 100") == D("0.5")
        assert share(Reverse("linear"), D(200), "<= 100") == 0
        assert share(Reverse("linear"), D(250), "<= 100") == 0

    def test_reverse_ratio_capped(self) -> None:
        """Reverse ratio: 125 against ≤100 earns 100/125, 80 earns full."""
        assert share(Reverse(), D(125), "<= 100") == D("0.8")
        assert share(Reverse(), D(80), "<= 100") == 1

    @pytest.mark.parametrize(
        ("counting", "expected"), [("continuous", "1.25"), ("started", "1"), ("whole", "1.5")]
    )
    def test_part_units(self, counting: str, expected: str) -> None:
        """7.5 points over at 0.5 each: continuous 3.75 off, started 4 off, whole 3.5 off."""
        rule = DeductionPerUnit(D("0.5"), D(1), counting)
        assert share(rule, D("107.5"), "<= 100%", pts="5", unit="%") * 5 == D(expected)

    @pytest.mark.parametrize(
        ("ranges", "problem"),
        [
            (["[90, +inf)", "[80, 89)", "(-inf, 80)"], "gap"),
            (["[90, +inf)", "[80, 90]", "(-inf, 80)"], "overlap"),
            (["(90, +inf)", "[80, 90)", "(-inf, 80)"], "gap"),
        ],
    )
    def test_bands_gaps_and_overlaps_refused_at_load(
        self, tmp_path: Path, ranges: list[str], problem: str
    ) -> None:
        """Bands that leave a gap or overlap (含 on both sides of an edge) are refused."""
        bands = "".join(f"        - {{range: '{r}', points: 1}}\n" for r in ranges)
        path = tmp_path / "ind.yaml"
        path.write_text(
            "indicators:\n"
            "  - id: key\n    name: 重点支出安排率\n    level1: 投入\n    level2: 预算配置\n"
            "    unit: '%'\n    target: '>= 90%'\n    rule:\n      kind: bands\n"
            "      bands:\n" + bands,
            encoding="utf-8",
        )
        with pytest.raises(ScoringError, match=problem):
            load_indicators(path)

    def test_every_domain_rule_is_registered(self) -> None:
        """Every rule of domain.md has a YAML kind."""
        assert set(RULES) >= {
            "proportional",
            "reverse",
            "equal",
            "budget_execution",
            "deduction_per_unit",
            "bands",
            "count_deduction",
            "checklist",
            "levels",
            "qualitative",
            "met",
        }


# --------------------------------------------------------------------------- properties


def _pairs(strategy: st.SearchStrategy[Decimal]) -> st.SearchStrategy[tuple[Decimal, Decimal]]:
    return st.tuples(strategy, strategy).map(sorted).map(tuple)  # type: ignore[arg-type]


class TestProperties:
    @given(_pairs(values), positive_targets, st.sampled_from(["full", "ratio"]), points)
    def test_equal_monotone_towards_target(
        self, pair: tuple[Decimal, Decimal], target: Decimal, over: str, pts: Decimal
    ) -> None:
        """Equal: on each side of the target, closer never earns less; shares stay in [0, 1]."""
        low, high = pair
        t = Target(Op.EQ, target)
        a = Equal(over).assess(low, t, pts).share
        b = Equal(over).assess(high, t, pts).share
        assert 0 <= a <= 1
        assert 0 <= b <= 1
        if high <= target:
            assert a <= b
        if low >= target:
            assert a >= b

    @given(_pairs(values))
    def test_equal_zero_target_lower_is_better(self, pair: tuple[Decimal, Decimal]) -> None:
        """Equal with target 0: a lower value never earns less."""
        low, high = pair
        t = Target(Op.EQ, D(0))
        assert Equal().assess(low, t, D(5)).share >= Equal().assess(high, t, D(5)).share

    @given(st.integers(0, 50), st.integers(0, 50), points, st.decimals("0.1", 3, places=1))
    def test_count_deduction_monotone_and_adds_up(
        self, a: int, b: int, pts: Decimal, per: Decimal
    ) -> None:
        """Count deduction: more incidents never earn more; points = max(0, full − per × n)."""
        t = Target(Op.LE, D(0), "起")
        rule = CountDeduction(per)
        low, high = sorted((a, b))
        sa = rule.assess(D(low), t, pts).share
        sb = rule.assess(D(high), t, pts).share
        assert sa >= sb
        assert sa * pts == max(D(0), pts - per * low)

    @given(
        st.lists(st.decimals(D("0.5"), 5, places=1), min_size=1, max_size=6),
        st.data(),
    )
    def test_checklist_superset_monotone_and_adds_up(
        self, weights: list[Decimal], data: st.DataObject
    ) -> None:
        """Checklist: meeting more items never earns less; the shares of items add up to 1."""
        items = tuple(Item(f"i{n}", f"项{n}", w) for n, w in enumerate(weights))
        rule = Checklist(items)
        ids = [i.id for i in items]
        small = data.draw(st.sets(st.sampled_from(ids)))
        extra = data.draw(st.sets(st.sampled_from(ids)))
        t = Target.described("全部")
        a = rule.assess(tuple(sorted(small)), t, D(5)).share
        b = rule.assess(tuple(sorted(small | extra)), t, D(5)).share
        assert 0 <= a <= b <= 1
        total = sum((rule.assess((i,), t, D(5)).share for i in ids), D(0))
        assert abs(total - 1) < D("1e-20")

    @given(st.lists(st.decimals(0, 10, places=1), min_size=1, max_size=6, unique=True))
    def test_levels_better_level_never_less(self, pts: list[Decimal]) -> None:
        """Levels listed best first: an earlier level never earns less than a later one."""
        ordered = sorted(pts, reverse=True)
        rule = Levels(tuple(Level(f"L{n}", p) for n, p in enumerate(ordered)))
        t = Target.described("L0")
        shares = [rule.assess(f"L{n}", t, D(10)).share for n in range(len(ordered))]
        assert all(a >= b for a, b in itertools.pairwise(shares))
        assert all(0 <= s <= 1 for s in shares)

    @given(st.decimals(0, 5, places=2), st.decimals(0, 5, places=2))
    def test_qualitative_more_points_more_share(self, a: Decimal, b: Decimal) -> None:
        """Qualitative: within the rule, a higher evaluator's score never earns less."""
        rule = Qualitative()
        t = Target.described("达成年度指标")

        def verdict(given_points: Decimal) -> Judgement:
            pct = given_points * 20
            band = next(x for x in rule.bands if x.interval.contains(pct))
            return Judgement(band.name, given_points)

        low, high = sorted((a, b))
        sa = rule.assess(verdict(low), t, D(5)).share
        sb = rule.assess(verdict(high), t, D(5)).share
        assert 0 <= sa <= sb <= 1

    @given(_pairs(st.integers(1, 12).map(D)), st.integers(1, 12).map(D))
    def test_met_earlier_never_less(self, pair: tuple[Decimal, Decimal], month: Decimal) -> None:
        """Met with a deadline: finishing earlier never earns less, and it is all or nothing."""
        early, late = pair
        t = Target(Op.LE, month, "月", f"{month}月前")
        a = Met().assess(early, t, D(5)).share
        b = Met().assess(late, t, D(5)).share
        assert a >= b
        assert {a, b} <= {D(0), D(1)}

    @given(_pairs(values), points)
    def test_bands_from_yaml_monotone(self, pair: tuple[Decimal, Decimal], pts: Decimal) -> None:
        """The shipped 重点支出安排率 bands never give a higher rate fewer points."""
        rule = Bands(
            (
                Band(Interval(None, D(60), False, False), D(0)),
                Band(Interval(D(60), D(70)), D(2)),
                Band(Interval(D(70), D(80)), D(3)),
                Band(Interval(D(80), D(90)), D(4)),
                Band(Interval(D(90), None), D(5)),
            )
        )
        t = Target(Op.GE, D(90), "%")
        low, high = pair
        assert rule.assess(low, t, D(5)).share <= rule.assess(high, t, D(5)).share
