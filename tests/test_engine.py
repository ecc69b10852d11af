"""The scoring core: totals, subtotals, grades, missing facts, formulas and weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest

from scoring.core.engine import check, effective_points, score
from scoring.core.errors import (
    FormulaError,
    Location,
    MissingFactsError,
    RuleError,
    ScoringError,
    WeightsError,
)
from scoring.core.formula import parse
from scoring.core.model import (
    DEFAULT_GRADES,
    Category,
    Fact,
    Facts,
    Group,
    Indicator,
    Op,
    Provenance,
    ProvenanceKind,
    Target,
    TargetSetting,
    WeightsProfile,
)
from scoring.core.record import evolve
from scoring.core.rules import BudgetExecution, DeductionPerUnit, Proportional
from scoring.core.scorecard import Scorecard
from scoring.files.weights import load_weights

D = Decimal
QUOTE = Provenance(ProvenanceKind.QUOTE, "报告原文")
ASSUMED = Provenance(ProvenanceKind.ASSUMED, "报告未提供")


def indicator(
    ind_id: str,
    level1: str = "投入",
    level2: str = "预算配置",
    *,
    target: Target | None = None,
    formula: str | None = None,
    rule: object = None,
) -> Indicator:
    return Indicator(
        id=ind_id,
        name=f"指标 {ind_id}",
        level1=level1,
        level2=level2,
        target=target or Target(Op.GE, D(100), "%"),
        rule=rule or Proportional(),  # type: ignore[arg-type]
        unit="%",
        formula=parse(formula) if formula else None,
    )


def profile(
    points: Mapping[str, str],
    tree: Mapping[tuple[str, str], str],
    *,
    full: str = "100",
    decimals: int = 2,
    normalise: bool = False,
) -> WeightsProfile:
    """A weights profile; ``tree`` gives each (一级, 二级) group its points."""
    categories: dict[str, list[Group]] = {}
    for (level1, level2), pts in tree.items():
        categories.setdefault(level1, []).append(Group(level2, D(pts)))
    return WeightsProfile(
        id="test",
        name="测试评分表",
        categories=tuple(
            Category(name, sum((g.points for g in groups), D(0)), tuple(groups))
            for name, groups in categories.items()
        ),
        points={k: D(v) for k, v in points.items()},
        full_score=D(full),
        decimals=decimals,
        normalise=normalise,
    )


def facts(values: Mapping[str, str], provenance: Mapping[str, Provenance] | None = None) -> Facts:
    provenance = provenance or {}
    return Facts(
        unit="测试单位",
        year=2023,
        facts={k: Fact(k, D(v), provenance.get(k)) for k, v in values.items()},
    )


def thirds(decimals: int) -> Scorecard:
    """Three rows of 10 points, each earning 1/3: 3.333... unrounded."""
    inds = [indicator(k, target=Target(Op.GE, D(3), "项")) for k in ("a", "b", "c")]
    weights = profile(
        {"a": "10", "b": "10", "c": "10"},
        {("投入", "预算配置"): "30"},
        full="30",
        decimals=decimals,
    )
    return score(inds, weights, facts({"a": "1", "b": "1", "c": "1"}))


class TestTotals:
    def test_total_is_the_sum_of_rounded_rows(self) -> None:
        """Three rows of 3.333... print as 3.33 and the total as 9.99, not 10."""
        card = thirds(2)
        assert [r.points for r in card.rows] == [D("3.33")] * 3
        assert card.total == D("9.99")

    def test_whole_point_sheet(self) -> None:
        """On a whole-point sheet the same rows are 3 each and the total 9."""
        card = thirds(0)
        assert [r.points for r in card.rows] == [D(3)] * 3
        assert card.total == D(9)

    def test_lost_points(self) -> None:
        """Each row and the sheet say how many points were lost."""
        card = thirds(2)
        assert card.rows[0].lost == D("6.67")
        assert card.lost == D("20.01")


class TestSubtotals:
    @pytest.fixture
    def card(self) -> Scorecard:
        inds = [
            indicator("a", "投入", "预算配置"),
            indicator("b", "过程", "预算执行"),
            indicator("c", "过程", "预算执行"),
            indicator("d", "过程", "预算管理"),
        ]
        weights = profile(
            {"a": "40", "b": "20", "c": "20", "d": "20"},
            {("投入", "预算配置"): "40", ("过程", "预算执行"): "40", ("过程", "预算管理"): "20"},
        )
        return score(inds, weights, facts({"a": "50", "b": "100", "c": "75", "d": "10"}))

    def test_categories(self, card: Scorecard) -> None:
        """投入 earns 50% of 40 = 20; 过程 earns 20 + 15 + 2 = 37 of 60."""
        by_name = {c.name: c for c in card.categories}
        assert (by_name["投入"].points, by_name["投入"].max_points) == (D(20), D(40))
        assert (by_name["过程"].points, by_name["过程"].max_points) == (D(37), D(60))
        assert card.total == D(57)

    def test_groups(self, card: Scorecard) -> None:
        """预算执行 holds b and c (35 of 40), 预算管理 holds d (2 of 20)."""
        process = next(c for c in card.categories if c.name == "过程")
        groups = {g.name: g for g in process.groups}
        assert groups["预算执行"].indicator_ids == ("b", "c")
        assert (groups["预算执行"].points, groups["预算执行"].max_points) == (D(35), D(40))
        assert (groups["预算管理"].points, groups["预算管理"].max_points) == (D(2), D(20))


class TestGrades:
    @pytest.mark.parametrize(
        ("total", "grade"),
        [
            ("100", "优"),
            ("90", "优"),
            ("89.99", "良"),
            ("80", "良"),
            ("79.99", "中"),
            ("60", "中"),
            ("59.99", "差"),
            ("0", "差"),
        ],
    )
    def test_national_bands(self, total: str, grade: str) -> None:
        """优 from 90, 良 from 80, 中 from 60, 差 below; each edge belongs to the higher grade."""
        weights = profile({}, {})
        assert weights.grade_for(D(total)).name == grade

    @pytest.mark.parametrize(("rate", "grade"), [("90", "优"), ("89.99", "良")])
    def test_scored_total_at_the_edge(self, rate: str, grade: str) -> None:
        """A sheet totalling exactly 90.00 is 优; 89.99 is 良."""
        ind = indicator("budget", target=Target(Op.GE, D(100), "%"), rule=BudgetExecution())
        card = score(
            [ind],
            profile({"budget": "100"}, {("投入", "预算配置"): "100"}),
            facts({"budget": rate}),
        )
        assert card.total == D(rate)
        assert card.grade.name == grade

    def test_default_bands_scale_with_the_full_score(self, tmp_path: Path) -> None:
        """A sheet worth 20 without its own bands grades 18 as 优 and 17.99 as 良."""
        path = tmp_path / "w.yaml"
        path.write_text(
            "id: small\nname: 小表\nfull_score: 20\n"
            "categories:\n  - {name: 投入, points: 20, groups: [{name: 预算配置, points: 20}]}\n"
            "points: {budget: 20}\n",
            encoding="utf-8",
        )
        weights = load_weights(path)
        assert weights.grade_for(D(18)).name == "优"
        assert weights.grade_for(D("17.99")).name == "良"
        assert weights.grade_for(D(12)).name == "中"
        assert weights.grade_for(D("11.99")).name == "差"

    def test_default_bands(self) -> None:
        """A profile without its own bands uses the national ones."""
        assert [(g.name, g.min) for g in DEFAULT_GRADES] == [
            ("优", D(90)),
            ("良", D(80)),
            ("中", D(60)),
            ("差", D(0)),
        ]


class TestMissingFacts:
    def test_every_missing_fact_at_once(self) -> None:
        """Three missing facts of two indicators are all listed in one error."""
        inds = [
            indicator("staff", formula="in_post / posts * 100"),
            indicator("budget", "过程", "预算执行", formula="spent / budget_total * 100"),
        ]
        weights = profile(
            {"staff": "50", "budget": "50"},
            {("投入", "预算配置"): "50", ("过程", "预算执行"): "50"},
        )
        with pytest.raises(MissingFactsError) as info:
            score(inds, weights, facts({"posts": "85"}))
        assert info.value.missing == (
            ("budget", "budget_total"),
            ("budget", "spent"),
            ("staff", "in_post"),
        )
        assert "in_post" in info.value.message
        assert "budget_total" in info.value.message

    def test_indicator_without_formula_needs_a_fact_of_its_name(self) -> None:
        """An indicator without a formula reads the fact named by its id."""
        inds = [indicator("rate")]
        with pytest.raises(MissingFactsError) as info:
            score(inds, profile({"rate": "100"}, {("投入", "预算配置"): "100"}), facts({}))
        assert info.value.missing == (("rate", "rate"),)


class TestFormulaReferences:
    def sheet(self) -> tuple[list[Indicator], WeightsProfile]:
        inds = [
            indicator("rate", formula="admitted / sat * 100"),
            indicator(
                "change",
                formula="rate - rate_last_year",
                target=Target(Op.GE, D(0), "个百分点"),
            ),
        ]
        return inds, profile({"rate": "50", "change": "50"}, {("投入", "预算配置"): "100"})

    def test_formula_reads_another_indicator(self) -> None:
        """change = rate - rate_last_year uses rate's own formula: 65.98 - 59.80 = 6.18."""
        inds, weights = self.sheet()
        card = score(
            inds, weights, facts({"admitted": "6598", "sat": "10000", "rate_last_year": "59.80"})
        )
        assert card.row("change").value == D("6.18")

    def test_loop_is_an_error(self) -> None:
        """Two formulas that read each other raise FormulaError naming the loop."""
        inds = [indicator("a", formula="b * 2"), indicator("b", formula="a / 2")]
        weights = profile({"a": "50", "b": "50"}, {("投入", "预算配置"): "100"})
        with pytest.raises(FormulaError, match="loop"):
            score(inds, weights, facts({}))

    def test_self_reference_is_an_error(self) -> None:
        """A formula that reads its own indicator raises FormulaError."""
        inds = [indicator("a", formula="a + 1")]
        with pytest.raises(FormulaError, match="loop"):
            score(inds, profile({"a": "100"}, {("投入", "预算配置"): "100"}), facts({"a": "1"}))

    def test_division_by_zero_fact(self) -> None:
        """A divisor fact of 0 raises FormulaError naming it."""
        inds = [indicator("rate", formula="spent / budget * 100")]
        weights = profile({"rate": "100"}, {("投入", "预算配置"): "100"})
        with pytest.raises(FormulaError, match="fact 'budget' is 0"):
            score(inds, weights, facts({"spent": "5", "budget": "0"}))


def problems_of(inds: Sequence[Indicator], weights: WeightsProfile) -> list[ScoringError]:
    found = check(inds, weights)
    assert all(isinstance(p, WeightsError) for p in found)
    return found


class TestWeightsConsistency:
    inds: ClassVar = (indicator("a"), indicator("b", "过程", "预算执行"))
    tree: ClassVar = {("投入", "预算配置"): "40", ("过程", "预算执行"): "60"}

    def test_consistent_profile_passes(self) -> None:
        """Points that add up to their group, category and full score raise nothing."""
        assert check(self.inds, profile({"a": "40", "b": "60"}, self.tree)) == []

    def test_points_not_adding_up(self) -> None:
        """a worth 45 in a group of 40 is refused, saying by how much."""
        found = problems_of(self.inds, profile({"a": "45", "b": "60"}, self.tree))
        assert len(found) == 1
        assert "+5" in found[0].message
        with pytest.raises(WeightsError):
            score(
                self.inds, profile({"a": "45", "b": "60"}, self.tree), facts({"a": "1", "b": "1"})
            )

    def test_categories_not_adding_up_to_full_score(self) -> None:
        """Categories of 40 and 60 on a sheet out of 90 are refused."""
        found = problems_of(self.inds, profile({"a": "40", "b": "60"}, self.tree, full="90"))
        assert any("full score" in p.message for p in found)

    def test_indicator_without_points(self) -> None:
        """An indicator the profile gives no points is refused, naming it."""
        inds = [*self.inds, indicator("c", "过程", "预算执行")]
        found = problems_of(inds, profile({"a": "40", "b": "60"}, self.tree))
        assert any("'c' has no points" in p.message for p in found)

    def test_points_for_unknown_indicator(self) -> None:
        """Points for an id no indicator has are refused, naming it."""
        found = problems_of(self.inds, profile({"a": "40", "b": "60", "zz": "0"}, self.tree))
        assert any("'zz'" in p.message for p in found)

    def test_unknown_category(self) -> None:
        """An indicator under a 一级/二级 the profile lacks is refused."""
        inds = [*self.inds[:1], indicator("b", "效果", "社会效益")]
        found = problems_of(inds, profile({"a": "40", "b": "60"}, self.tree))
        assert any("效果/社会效益" in p.message for p in found)

    def test_duplicate_indicator_id(self) -> None:
        """The same id defined twice is refused."""
        found = problems_of(
            [*self.inds, *self.inds[:1]], profile({"a": "40", "b": "60"}, self.tree)
        )
        assert any("defined twice" in p.message for p in found)

    def test_rule_that_does_not_fit_its_target(self) -> None:
        """A higher-is-better rule with a ≤ target is refused before scoring."""
        inds = [indicator("a", target=Target(Op.LE, D(5), "%")), *self.inds[1:]]
        found = problems_of(inds, profile({"a": "40", "b": "60"}, self.tree))
        assert any("'a'" in p.message and "≥" in p.message for p in found)

    def test_every_problem_reported(self) -> None:
        """Several problems come out together, each of them a WeightsError."""
        inds = [*self.inds, indicator("c", "效果", "社会效益")]
        with pytest.raises(ScoringError) as info:
            score(inds, profile({"a": "45", "b": "60", "zz": "1"}, self.tree), facts({}))
        messages = " / ".join(p.message for p in info.value.problems)
        assert len(info.value.problems) == 3
        assert "'zz'" in messages
        assert "'c' has no points" in messages
        assert "+5" in messages
        assert all(isinstance(p, WeightsError) for p in info.value.problems)


class TestNormalise:
    def test_rescales_to_full_score(self) -> None:
        """Points 1, 1, 2 on a normalised sheet become 25, 25, 50 of 100."""
        inds = [indicator(k) for k in "abc"]
        weights = profile(
            {"a": "1", "b": "1", "c": "2"}, {("投入", "预算配置"): "4"}, normalise=True
        )
        card = score(inds, weights, facts({"a": "100", "b": "50", "c": "100"}))
        assert [r.max_points for r in card.rows] == [D(25), D("25"), D(50)]
        assert card.total == D("87.5")
        assert card.notes

    def test_rescaled_points_add_up_as_printed(self) -> None:
        """Six equal rows get 16.67 or 16.66 so that they add up to exactly 100.00."""
        inds = [indicator(f"i{k}") for k in range(6)]
        weights = profile(
            {f"i{k}": "1" for k in range(6)}, {("投入", "预算配置"): "6"}, normalise=True
        )
        card = score(inds, weights, facts({f"i{k}": "100" for k in range(6)}))
        assert sum(r.max_points for r in card.rows) == D(100)
        assert sorted({r.max_points for r in card.rows}) == [D("16.66"), D("16.67")]
        assert card.total == D(100)
        assert all(r.points == r.max_points for r in card.rows)

    def test_rescaled_points_do_not_depend_on_order(self) -> None:
        """Which rows get the extra cent does not depend on the order of the indicators."""
        inds = [indicator(f"i{k}") for k in range(6)]
        weights = profile(
            {f"i{k}": "1" for k in range(6)}, {("投入", "预算配置"): "6"}, normalise=True
        )
        assert effective_points(inds, weights) == effective_points(inds[::-1], weights)

    def test_without_normalise_points_are_kept(self) -> None:
        """A profile that adds up keeps its points as written."""
        inds = [indicator("a"), indicator("b")]
        weights = profile({"a": "33.5", "b": "66.5"}, {("投入", "预算配置"): "100"})
        assert effective_points(inds, weights) == {"a": D("33.5"), "b": D("66.5")}


class TestYearTargets:
    def test_year_target_overrides_indicator_target(self) -> None:
        """With a year target of ≥ 30%, 32% meets it though the indicator says ≥ 35%."""
        ind = indicator("rate", target=Target(Op.GE, D(35), "%"))
        weights = profile({"rate": "100"}, {("投入", "预算配置"): "100"})
        base = facts({"rate": "32"})
        year = evolve(base, targets={"rate": TargetSetting("rate", Target(Op.GE, D(30), "%"))})
        assert score([ind], weights, base).row("rate").points < 100
        row = score([ind], weights, year).row("rate")
        assert row.target.value == D(30)
        assert row.points == D(100)

    def test_year_target_must_fit_the_rule(self) -> None:
        """A '≤' year target on a higher-is-better row is refused where it stands, not scored."""
        ind = indicator("rate", target=Target(Op.GE, D(96), "%"))
        weights = profile({"rate": "100"}, {("投入", "预算配置"): "100"})
        where = Location("facts.yaml", 40, 13)
        setting = TargetSetting("rate", Target(Op.LE, D(96), "%"), location=where)
        year = evolve(facts({"rate": "99.86"}), targets={"rate": setting})
        with pytest.raises(RuleError, match="target set for 'rate' does not fit") as info:
            score([ind], weights, year)
        assert info.value.location == where


class TestAssumed:
    def sheet(self) -> tuple[list[Indicator], WeightsProfile]:
        inds = [
            indicator(
                "staff",
                formula="in_post / posts * 100",
                target=Target(Op.LE, D(100), "%"),
                rule=DeductionPerUnit(per=D("0.5")),
            ),
            indicator("budget", formula="spent / budget_total * 100", rule=BudgetExecution()),
            indicator("quality"),
            indicator("change", formula="budget - 100", target=Target(Op.GE, D(-5), "%")),
        ]
        weights = profile(
            {"staff": "25", "budget": "25", "quality": "25", "change": "25"},
            {("投入", "预算配置"): "100"},
        )
        return inds, weights

    def card(self, targets: Mapping[str, TargetSetting] | None = None) -> Scorecard:
        inds, weights = self.sheet()
        values = {
            "in_post": "81",
            "posts": "85",
            "spent": "90",
            "budget_total": "100",
            "quality": "99",
        }
        provenance = {
            "in_post": QUOTE,
            "posts": QUOTE,
            "spent": QUOTE,
            "budget_total": ASSUMED,
            "quality": QUOTE,
        }
        return score(inds, weights, evolve(facts(values, provenance), targets=targets or {}))

    def test_row_resting_on_an_assumed_fact(self) -> None:
        """budget reads an assumed budget_total: marked, naming the fact."""
        row = self.card().row("budget")
        assert row.assumed
        assert row.assumed_facts == ("budget_total",)

    def test_assumption_carries_through_indicator_references(self) -> None:
        """change reads budget, which rests on budget_total: change is marked too."""
        assert self.card().row("change").assumed_facts == ("budget_total",)

    def test_quoted_rows_are_not_marked(self) -> None:
        """Rows whose facts are all quoted and whose target is the indicator's are not marked."""
        card = self.card()
        assert not card.row("staff").assumed
        assert not card.row("quality").assumed

    def test_row_resting_on_an_assumed_target(self) -> None:
        """An assumed year target marks its row, and only that row."""
        setting = TargetSetting("quality", Target(Op.GE, D(95), "%"), ASSUMED)
        card = self.card({"quality": setting})
        assert card.row("quality").target_assumed
        assert card.row("quality").assumed_facts == ()
        assert [r.id for r in card.assumed_rows] == ["budget", "quality", "change"]

    def test_assumed_default_target_marks_its_row(self) -> None:
        """An indicator whose own target is assumed marks its row, unless the year sets one."""
        inds, weights = self.sheet()
        inds = [
            evolve(i, target_assumed="no standard found") if i.id == "quality" else i for i in inds
        ]
        values = {"in_post": "81", "posts": "85", "spent": "90", "budget_total": "100"}
        plain_facts = facts({**values, "quality": "99"})
        assert score(inds, weights, plain_facts).row("quality").target_assumed
        sourced = TargetSetting(
            "quality", Target(Op.GE, D(95), "%"), Provenance(ProvenanceKind.SOURCE, "国办发")
        )
        year = evolve(plain_facts, targets={"quality": sourced})
        assert not score(inds, weights, year).row("quality").target_assumed

    def test_sourced_target_is_not_marked(self) -> None:
        """A year target with a public source does not mark its row."""
        setting = TargetSetting(
            "quality", Target(Op.GE, D(95), "%"), Provenance(ProvenanceKind.SOURCE, "国办发")
        )
        assert not self.card({"quality": setting}).row("quality").assumed


class TestExplanation:
    def test_puts_the_numbers_into_the_rule(self) -> None:
        """Staff control reads 81 ÷ 85 × 100 = 95.29% ≤ 100%, full 5 points, in both languages."""
        ind = indicator(
            "staff",
            formula="in_post / posts * 100",
            target=Target(Op.LE, D(100), "%"),
            rule=DeductionPerUnit(per=D("0.5")),
        )
        card = score(
            [evolve(ind, name="在职人员控制率", name_en="Staff control rate")],
            profile({"staff": "5"}, {("投入", "预算配置"): "5"}, full="5"),
            facts({"in_post": "81", "posts": "85"}),
        )
        text = card.row("staff").explanation
        assert "81 ÷ 85 × 100 = 95.29%" in text.zh
        assert "95.29% ≤ 100%" in text.zh
        assert "得满分 5 分" in text.zh
        assert "81 / 85 * 100 = 95.29%" in text.en
        assert "full 5 points" in text.en

    def test_partial_points_say_what_was_lost(self) -> None:
        """103% staff control: 3.5 earned, 1.5 lost, said in both languages."""
        ind = indicator(
            "staff", target=Target(Op.LE, D(100), "%"), rule=DeductionPerUnit(per=D("0.5"))
        )
        card = score(
            [ind],
            profile({"staff": "5"}, {("投入", "预算配置"): "5"}, full="5"),
            facts({"staff": "103"}),
        )
        text = card.row("staff").explanation
        assert "得 3.50 分，失 1.5 分" in text.zh
        assert "3.50 of 5 points, 1.5 lost" in text.en
