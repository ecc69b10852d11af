"""Engine paths that mutation testing found no core test reaching or telling apart.

Each test states a behaviour of ``score()``/``check()`` from docs/ (what is
refused, where the error points, what a row's explanation says), with the
expected figures worked by hand from the rule.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.core.caps import CapBand, TotalCap
from scoring.core.engine import check, checked, score, score_checked
from scoring.core.errors import (
    FormulaError,
    InputError,
    Location,
    MissingFactsError,
    ScoringError,
    WeightsError,
)
from scoring.core.formula import parse
from scoring.core.model import (
    Category,
    Fact,
    FactInfo,
    Facts,
    Group,
    Indicator,
    ManualDeduction,
    NotApplicable,
    Op,
    OverAchievement,
    Provenance,
    ProvenanceKind,
    Target,
    TargetSetting,
    Veto,
    WeightsProfile,
)
from scoring.core.record import evolve
from scoring.core.rules import (
    BudgetExecution,
    Coefficient,
    Interval,
    Level,
    Levels,
    Proportional,
    Rule,
    Unscored,
)
from scoring.core.scorecard import Scorecard
from scoring.core.values import ReasonThresholds

D = Decimal
HERE = Location("指标.yaml", 7)
FACTS_AT = Location("事实.yaml", 1)


def row(
    ind_id: str = "rate",
    *,
    rule: Rule | None = None,
    target: Target | None = None,
    formula: str | None = None,
    formula_at: Location | None = None,
) -> Indicator:
    return Indicator(
        id=ind_id,
        name=f"指标{ind_id}",
        level1="产出",
        level2="数量",
        target=target or Target(Op.GE, D(100), "%"),
        rule=rule or Proportional(),
        unit="%",
        formula=parse(formula, formula_at) if formula else None,
        location=HERE,
    )


def sheet(points: dict[str, str], **settings: object) -> WeightsProfile:
    total = sum((D(p) for p in points.values()), D(0))
    return WeightsProfile(
        id="t",
        name="测试表",
        categories=(Category("产出", total, (Group("数量", total),)),),
        points={k: D(v) for k, v in points.items()},
        full_score=total,
        **settings,  # type: ignore[arg-type]
    )


def given(values: dict[str, str], **more: object) -> Facts:
    return Facts(
        unit="测试单位",
        year=2023,
        facts={k: Fact(k, D(v)) for k, v in values.items()},
        location=FACTS_AT,
        **more,  # type: ignore[arg-type]
    )


def errors(exc: ScoringError) -> list[ScoringError]:
    return list(exc.problems)


class TestRefusedSetups:
    def test_unknown_missing_policy(self) -> None:
        """score(missing=...) takes error, zero or not-applicable only."""
        with pytest.raises(ValueError, match="error, zero, not-applicable, not 'skip'"):
            score([row()], sheet({"rate": "10"}), given({"rate": "90"}), missing="skip")

    def test_words_target_on_a_rule_that_compares_numbers(self) -> None:
        """A proportional row with the target '达成年度指标' cannot be scored: it is refused."""
        ind = row(target=Target.described("达成年度指标"))
        found = check([ind], sheet({"rate": "10"}))
        assert [p.message for p in found] == [
            "indicator 'rate': rule 'proportional' compares with a number, but the target"
            " 达成年度指标 is words"
        ]
        assert found[0].location == HERE

    def test_veto_on_a_row_without_points(self) -> None:
        """A veto naming a row the profile gives no points to is refused."""
        weights = sheet({"rate": "10"}, vetoes=(Veto("ghost", "中"),))
        found = check([row()], weights)
        assert [p.message for p in found] == [
            "the veto names 'ghost', which has no points in weights profile 't'"
        ]

    def test_cap_on_a_row_that_scores_no_number(self) -> None:
        """A cap on the total by a rate needs a row scoring a number, not a level's name."""
        levels = Levels((Level("无结余", D(50)), Level("结余较多", D(0))))
        balance = row("balance", rule=levels, target=Target.described("无结余"))
        cap = TotalCap("balance", (CapBand(Interval(None, None, False, False), D(60)),))
        found = check([row(), balance], sheet({"rate": "50", "balance": "50"}, total_cap=cap))
        assert [p.message for p in found] == [
            "total_cap: the cap names 'balance', whose rule 'levels' does not score a number"
        ]

    def test_row_not_applicable_and_deducted(self) -> None:
        """A row marked not applicable cannot also lose points; the error is at the facts
        file when the entries have no line of their own."""
        facts = given(
            {"rate": "90"},
            not_applicable={"rate": NotApplicable("rate", "本年无此业务")},
            deductions={"rate": ManualDeduction("rate", D(1), "复核")},
        )
        with pytest.raises(InputError) as caught:
            score([row()], sheet({"rate": "10"}), facts)
        assert caught.value.message == ("'rate' is marked not applicable and also has a deduction")
        assert caught.value.location == FACTS_AT


class TestMissingFactsHint:
    def test_a_close_unread_name_is_guessed(self) -> None:
        """A fact 'spendng' no indicator reads, beside the missing 'spending': misspelt?"""
        ind = row(formula="spending / budget * 100")
        facts = given({"spendng": "30", "budget": "40"})
        with pytest.raises(MissingFactsError) as caught:
            score([ind], sheet({"rate": "10"}), facts)
        assert caught.value.hint == (
            "the facts give names that no indicator reads: is 'spendng' 'spending' misspelt?"
        )

    def test_in_a_table_the_guess_speaks_of_columns(self) -> None:
        ind = row(formula="spending / budget * 100")
        facts = given({"spendng": "30", "budget": "40"})
        with pytest.raises(MissingFactsError) as caught:
            score([ind], sheet({"rate": "10"}), facts, in_table=True)
        assert caught.value.hint == (
            "the table has columns that no indicator reads: is 'spendng' 'spending' misspelt?"
        )

    def test_no_close_name_asks_for_the_facts(self) -> None:
        ind = row(formula="spending / budget * 100")
        facts = given({"budget": "40", "pupils": "900"})
        with pytest.raises(MissingFactsError) as caught:
            score([ind], sheet({"rate": "10"}), facts)
        assert caught.value.hint == "give each of them: spending: its value"


class TestMissingFactsSaidByWhatTheyAre:
    """The hint names each missing fact by what its indicator file declares it to be."""

    def test_each_fact_with_its_name_unit_and_where_it_is_found(self) -> None:
        """Four facts missing, each declared with less: name, unit and source; name and
        unit; name only; nothing (then only its key, and that its value is wanted).
        score_checked words it as score() does when not told the facts are a table."""
        ind = evolve(
            row(formula="spending / budget * 100 + staff + other"),
            facts={
                "spending": FactInfo("spending", "预算执行数", unit="万元", found_in="决算表"),
                "budget": FactInfo("budget", "预算数", unit="万元"),
                "staff": FactInfo("staff", "在职人数"),
            },
        )
        want = (
            "give each of them: budget: 预算数 (万元); other: its value;"
            " spending: 预算执行数 (万元), from 决算表; staff: 在职人数"
        )
        with pytest.raises(MissingFactsError) as caught:
            score([ind], sheet({"rate": "10"}), given({}))
        assert caught.value.hint == want
        with pytest.raises(MissingFactsError) as again:
            score_checked(checked([ind], sheet({"rate": "10"})), given({}))
        assert again.value.hint == want


class TestCheckedOnce:
    """score_checked leaves to checked() the checks of indicators and weights, which it
    makes once for a table: each refuses what score() refuses."""

    def test_checked_refuses_points_that_do_not_add_up(self) -> None:
        """One row of 10 points under a full score of 100: 10 - 100 = -90."""
        weights = evolve(sheet({"rate": "10"}), full_score=D(100))
        with pytest.raises(WeightsError, match=r"add up to 10 \(-90\)"):
            checked([row()], weights)

    def test_score_checked_refuses_a_negative_amount(self) -> None:
        """spending / budget * 100 with a budget of -40: an amount is never negative."""
        ind = row(formula="spending / budget * 100")
        with pytest.raises(ScoringError) as by_score:
            score([ind], sheet({"rate": "10"}), given({"spending": "30", "budget": "-40"}))
        with pytest.raises(ScoringError) as by_checked:
            score_checked(
                checked([ind], sheet({"rate": "10"})), given({"spending": "30", "budget": "-40"})
            )
        assert "'budget'" in str(by_score.value)
        assert str(by_checked.value) == str(by_score.value)


class TestDivisionByZero:
    def test_a_fact_that_is_zero_is_named_at_its_line(self) -> None:
        """budget = 0 under spending / budget * 100: the error names the fact, at its line."""
        budget_at = Location("事实.yaml", 4)
        facts = given({"spending": "30"})
        facts = evolve(
            facts, facts={**facts.facts, "budget": Fact("budget", D(0), None, budget_at)}
        )
        with pytest.raises(FormulaError) as caught:
            score([row(formula="spending / budget * 100")], sheet({"rate": "10"}), facts)
        assert caught.value.message.startswith("fact 'budget' is 0, and the formula of 'rate'")
        assert caught.value.location == budget_at

    def test_a_divisor_computed_to_zero_points_at_the_indicator(self) -> None:
        """(budget - spent) is 0 with the facts: the formula is at fault, and having no line
        of its own, the error points at the indicator."""
        ind = row(formula="spending / (budget - spending) * 100")
        with pytest.raises(FormulaError) as caught:
            score([ind], sheet({"rate": "10"}), given({"spending": "30", "budget": "30"}))
        assert caught.value.message == (
            "the formula of 'rate' (spending / (budget - spending) * 100) divides by zero"
            " with the given facts"
        )
        assert caught.value.location == HERE


WEIGHTS_AT = Location("权重.yaml", 1)


def card_of(
    inds: list[Indicator], points: dict[str, str], values: dict[str, str], **settings: object
) -> Scorecard:
    return score(inds, sheet(points, **settings), given(values))


class TestWarningsOfAScoredYear:
    def test_a_rate_that_looks_like_a_fraction(self) -> None:
        """0.3416 against ≥ 35%: was 34.16% meant?"""
        ind = row(target=Target(Op.GE, D(35), "%"))
        card = card_of([ind], {"rate": "10"}, {"rate": "0.3416"})
        assert [w.message for w in card.warnings] == [
            "'rate' is 0.3416% against a target of ≥35%: is 0.3416 a fraction meant as 34.16%?"
        ]

    def test_a_target_that_looks_like_a_fraction_unless_in_a_table(self) -> None:
        """≥ 0.95% as the row's own target: 95% meant? A table's rows leave it to the table."""
        ind = row(target=Target(Op.GE, D("0.95"), "%"))
        weights, facts = sheet({"rate": "10"}), given({"rate": "96"})
        said = [w.message for w in score([ind], weights, facts).warnings]
        assert said == ["the target ≥0.95% of 'rate' looks like a fraction: is 95% meant?"]
        assert score([ind], weights, facts, in_table=True).warnings == ()

    def test_a_value_its_quote_does_not_hold(self) -> None:
        quoted = Fact("rate", D(91), Provenance(ProvenanceKind.QUOTE, "执行率为 90%"))
        facts = evolve(given({}), facts={"rate": quoted})
        card = score([row()], sheet({"rate": "10"}), facts)
        assert [w.message for w in card.warnings] == [
            "the value 91 of fact 'rate' does not appear in its quote '执行率为 90%'"
        ]

    def test_a_fact_no_indicator_reads_unless_in_a_table(self) -> None:
        """An unread fact is warned of by default (in_table is false); a table row is not."""
        weights, facts = sheet({"rate": "10"}), given({"rate": "90", "spare": "1"})
        said = [w.message for w in score([row()], weights, facts).warnings]
        assert said == ["fact 'spare' is not read by any indicator of this case"]
        assert score([row()], weights, facts, in_table=True).warnings == ()


class TestErrorsFallBackToTheFile:
    """An entry without a line of its own is reported at its file."""

    def test_not_applicable_row_that_is_no_row(self) -> None:
        facts = given({"rate": "90"}, not_applicable={"ghost": NotApplicable("ghost", "无")})
        with pytest.raises(InputError) as caught:
            score([row()], sheet({"rate": "10"}), facts)
        assert caught.value.message == "'ghost' is not a row of weights profile 't'"
        assert caught.value.location == FACTS_AT

    def test_informational_row_deducted(self) -> None:
        info = evolve(row("info"), rule=Unscored(), informational=True)
        facts = given(
            {"rate": "90", "info": "3"}, deductions={"info": ManualDeduction("info", D(1), "复核")}
        )
        with pytest.raises(InputError) as caught:
            score([row(), info], sheet({"rate": "10", "info": "0"}), facts)
        assert caught.value.message.startswith("'info' is an informational row")
        assert caught.value.location == FACTS_AT

    def test_a_zero_fact_without_a_line(self) -> None:
        with pytest.raises(FormulaError) as caught:
            card_of(
                [row(formula="spending / budget * 100")],
                {"rate": "10"},
                {"spending": "30", "budget": "0"},
            )
        assert caught.value.location == FACTS_AT

    def test_words_in_arithmetic_point_at_the_formula(self) -> None:
        """A formula computing with a true/false fact: the fact has no line, the formula has."""
        formula_at = Location("指标.yaml", 9)
        ind = row(formula="done * 100", formula_at=formula_at)
        facts = evolve(given({}), facts={"done": Fact("done", True)})
        with pytest.raises(FormulaError) as caught:
            score([ind], sheet({"rate": "10"}), facts)
        assert caught.value.message == (
            "formula 'done * 100' computes with 'done', which is true/false, not a number"
        )
        assert caught.value.location == formula_at

    def test_category_parts_that_do_not_add_up(self) -> None:
        """A category of 10 whose one group is worth 8: at the profile, having no line."""
        weights = evolve(
            sheet({"rate": "10"}),
            categories=(Category("产出", D(10), (Group("数量", D(8)),)),),
            location=WEIGHTS_AT,
        )
        found = check([row()], weights)
        messages = [p.message for p in found]
        assert "category 产出 is worth 10 but its parts add up to 8 (-2)" in messages
        assert all(p.location == WEIGHTS_AT for p in found)

    def test_full_score_at_the_categories_line(self) -> None:
        """Categories adding up to 10 under a full score of 12: at 'categories:' when the file
        has no 'full_score:' line."""
        categories_at = Location("权重.yaml", 3)
        weights = evolve(
            sheet({"rate": "10"}),
            full_score=D(12),
            location=WEIGHTS_AT,
            locations={"categories": categories_at},
        )
        found = check([row()], weights)
        assert [(p.message, p.location) for p in found] == [
            ("the full score is worth 12 but its parts add up to 10 (-2)", categories_at)
        ]


class TestRowsWithoutARule:
    def test_a_scored_row_without_a_rule(self) -> None:
        ind = evolve(row(), rule=Unscored())
        assert [p.message for p in check([ind], sheet({"rate": "10"}))] == [
            "indicator 'rate' has no rule"
        ]

    def test_an_informational_row_with_points(self) -> None:
        """Informational with a rule still has no points to give."""
        ind = evolve(row(), informational=True)
        assert [p.message for p in check([ind], sheet({"rate": "5"}))] == [
            "indicator 'rate' is informational (shown, not scored) but weights profile 't'"
            " gives it 5 points"
        ]


class TestTotalCapRefused:
    def test_a_cap_finer_than_the_sheet(self) -> None:
        cap = TotalCap("rate", (CapBand(Interval(None, None, False, False), D("5.5")),))
        found = check([row()], sheet({"rate": "10"}, decimals=0, total_cap=cap))
        assert [p.message for p in found] == [
            "total_cap: the cap 5.5 has more decimals than the sheet's 0"
        ]

    def test_a_cap_on_a_row_without_points(self) -> None:
        """The row 'spare' is defined but the profile gives it no points."""
        cap = TotalCap("spare", (CapBand(Interval(None, None, False, False), D(5)),))
        found = check([row(), row("spare")], sheet({"rate": "10"}, total_cap=cap))
        assert "total_cap: the cap names 'spare', which is not a row of the profile" in [
            p.message for p in found
        ]


class TestEveryFormulaErrorAtOnce:
    def test_a_shown_row_and_a_scored_row_both_dividing_by_zero(self) -> None:
        """Both formulas divide by a fact that is 0: both are reported, the shown row's too
        (it is not scored, but its value is computed all the same)."""
        info = evolve(row("info", formula="a / b * 100"), rule=Unscored(), informational=True)
        scored = row(formula="c / d * 100")
        facts = given({"a": "1", "b": "0", "c": "1", "d": "0"})
        with pytest.raises(ScoringError) as caught:
            score([info, scored], sheet({"info": "0", "rate": "10"}), facts)
        assert sorted(p.message.split(",")[0] for p in caught.value.problems) == [
            "fact 'b' is 0",
            "fact 'd' is 0",
        ]


class TestRowWords:
    def test_rescaled_row_says_so(self) -> None:
        """b (60 of 100) not applicable: a's 40 points × 2.5 count as 100."""
        facts = given({"a": "100", "b": "100"}, not_applicable={"b": NotApplicable("b", "无")})
        card = score([row("a"), row("b")], sheet({"a": "40", "b": "60"}), facts)
        (only,) = card.rows
        assert only.max_points == 100
        assert "因剔除不适用指标，本行分值 40 × 2.5 计为 100 分" in only.explanation.zh
        assert "this row's 40 points × 2.5 count as 100" in only.explanation.en

    def test_not_rescaled_row_says_nothing_of_it(self) -> None:
        card = card_of([row("a"), row("b")], {"a": "40", "b": "60"}, {"a": "100", "b": "100"})
        assert all("剔除" not in r.explanation.zh for r in card.rows)

    def test_reduction_and_reason_words(self) -> None:
        """150 of a target of 100 at a flag of 130 with a reduction of 20%: flagged, the
        reason asked for, 20% of the points taken off (10 × 0.8 = 8)."""
        over = OverAchievement(D(130), D(20))
        card = card_of([row()], {"rate": "10"}, {"rate": "150"}, over_achievement=over)
        (r,) = card.rows
        assert r.points == 8
        assert "需说明偏差原因" in r.explanation.zh
        assert "目标设定偏低，扣减所得分数的 20%" in r.explanation.zh
        assert "give a deviation reason" in r.explanation.en
        assert "the target was set too low: 20% of the points taken off" in r.explanation.en
        facts = given({"rate": "150"}, reasons={"rate": "目标偏保守。"})
        again = score([row()], sheet({"rate": "10"}, over_achievement=over), facts)
        assert "偏差原因：“目标偏保守”" in again.rows[0].explanation.zh
        assert "deviation reason: “目标偏保守”" in again.rows[0].explanation.en

    @pytest.mark.parametrize(("points", "share"), [("0", "0"), ("1", "0.5")])
    def test_fixed_deduction_on_rows_of_0_and_1_point(self, points: str, share: str) -> None:
        """A deduction of 0.5 on a flagged row: a 1-point row keeps 0.5 of 1, a share of 0.5;
        a 0-point row has nothing to lose and a share of 0."""
        over = OverAchievement(D(130), None, D("0.5"))
        card = card_of(
            [row("a"), row("b")],
            {"a": points, "b": "10"},
            {"a": "150", "b": "100"},
            over_achievement=over,
        )
        a = card.row("a")
        assert (a.share, a.points) == (D(share), D(share))

    def test_own_reason_threshold_words(self) -> None:
        """Above the row's own 100.1234567: shown to 6 decimals, the reason asked or quoted."""
        ind = evolve(row(), deviation_reason=ReasonThresholds(above=D("100.1234567")))
        card = card_of([ind], {"rate": "10"}, {"rate": "150"})
        text = card.rows[0].explanation
        assert "本指标高于 100.123457% 需说明偏差原因" in text.zh
        assert "a reason is needed above 100.123457%" in text.en
        facts = given({"rate": "150"}, reasons={"rate": "新增项目"})
        again = score([ind], sheet({"rate": "10"}), facts).rows[0].explanation
        assert "deviation reason: “新增项目”" in again.en


class TestCoefficientSources:
    def test_several_facts_are_named(self) -> None:
        """A coefficient computed from two facts names each with its source."""
        ind = row(rule=Coefficient(), target=Target.described("评价组评定"), formula="a * b")
        facts = evolve(
            given({}),
            facts={
                "a": Fact("a", D("0.9"), Provenance(ProvenanceKind.QUOTE, "系数 0.9")),
                "b": Fact("b", D(1), Provenance(ProvenanceKind.SOURCE, "评价组")),
            },
        )
        card = score([ind], sheet({"rate": "10"}), facts)
        assert "系数来源：a 引自报告“系数 0.9”；b 评价组" in card.rows[0].explanation.zh

    def test_one_fact_is_not_named(self) -> None:
        ind = row(rule=Coefficient(), target=Target.described("评价组评定"))
        facts = evolve(
            given({}),
            facts={"rate": Fact("rate", D("0.9"), Provenance(ProvenanceKind.SOURCE, "评价组"))},
        )
        card = score([ind], sheet({"rate": "10"}), facts)
        assert "系数来源：评价组" in card.rows[0].explanation.zh


class TestOtherBudget:
    @pytest.mark.parametrize(("initial", "rate"), [("1", D(3724)), ("0", None), ("40", D("93.1"))])
    def test_the_rate_on_the_other_budget(self, initial: str, rate: Decimal | None) -> None:
        """37.24 spent: on an initial budget of 40 the rate would be 93.1%, of 1 it would be
        3724%; a budget of 0 gives no rate."""
        rule = BudgetExecution(adjusted_budget="budget", initial_budget="initial_budget")
        ind = row(rule=rule, target=Target(Op.GE, D(100), "%"), formula="spending / budget * 100")
        values = {"spending": "37.24", "budget": "43.2", "initial_budget": initial}
        card = card_of([ind], {"rate": "10"}, values)
        budgets = card.rows[0].budgets
        assert budgets is not None
        assert budgets.other_rate == rate


class TestTotalCapNotJudged:
    CAP = TotalCap("rate", (CapBand(Interval(None, D(50), False, False), D(60)),))

    def test_the_cap_row_left_out(self) -> None:
        facts = given(
            {"rate": "40", "b": "100"}, not_applicable={"rate": NotApplicable("rate", "无")}
        )
        card = score([row(), row("b")], sheet({"rate": "50", "b": "50"}, total_cap=self.CAP), facts)
        assert "total cap not judged: rate: that row is left out; the total is not capped" in [
            n.en for n in card.notes
        ]

    def test_the_cap_row_without_a_value(self) -> None:
        weights = sheet({"rate": "50", "b": "50"}, total_cap=self.CAP, missing_facts="zero")
        card = score([row(), row("b")], weights, given({"b": "100"}))
        assert card.total == 50
        assert "total cap not judged: rate: that row has no value; the total is not capped" in [
            n.en for n in card.notes
        ]


class TestTooLargeToBeAFigure:
    @staticmethod
    def product(*values: str) -> Scorecard:
        names = [f"f{k}" for k in range(len(values))]
        ind = row(formula=" * ".join(names))
        facts = evolve(
            given({}), facts={n: Fact(n, D(v)) for n, v in zip(names, values, strict=True)}
        )
        return score([ind], sheet({"rate": "10"}), facts)

    def test_41_digits_are_refused(self) -> None:
        with pytest.raises(FormulaError) as caught:
            self.product("1E+14", "1E+14", "1E+13")
        assert caught.value.message == (
            "the formula of 'rate' gives a number too large to be a real figure (1.000E+41)"
        )

    def test_40_digits_are_a_figure(self) -> None:
        assert self.product("1E+14", "1E+13", "1E+13").rows[0].value == D("1E+40")

    def test_zero_of_any_exponent_is_a_figure(self) -> None:
        """0 × 1e14 × 1e14 × 1e14 is 0 (0E+42 as a decimal): scored 0, not refused."""
        card = self.product("0", "1E+14", "1E+14", "1E+14")
        assert card.rows[0].value == 0
        assert card.rows[0].points == 0


class TestDivisorThatIsAnIndicator:
    def test_an_indicator_of_value_0_is_not_called_a_fact(self) -> None:
        """posts is an indicator (reading its own fact): the formula of 'rate' divides by an
        indicator's value, reported as the formula's, at the indicator."""
        posts = row("posts")
        rate = row(formula="staff / posts * 100")
        with pytest.raises(ScoringError) as caught:
            card_of([posts, rate], {"posts": "5", "rate": "5"}, {"posts": "0", "staff": "3"})
        assert caught.value.message == (
            "the formula of 'rate' (staff / posts * 100) divides by zero with the given facts"
        )


class TestShownRowsAndSources:
    def test_a_words_year_target_on_a_shown_row(self) -> None:
        """A shown row compares nothing, so a year target in words fits it: it is shown."""
        info = evolve(row("info"), rule=Unscored(), informational=True)
        aim = Target.described("逐年下降")
        facts = given({"rate": "90", "info": "3"}, targets={"info": TargetSetting("info", aim)})
        card = score([row(), info], sheet({"rate": "10", "info": "0"}), facts)
        assert card.row("info").target == aim

    def test_only_a_coefficient_cites_its_source(self) -> None:
        """A proportional row's fact has a source too, but its explanation does not cite it."""
        fact = Fact("rate", D(90), Provenance(ProvenanceKind.SOURCE, "决算表"))
        card = score([row()], sheet({"rate": "10"}), evolve(given({}), facts={"rate": fact}))
        assert "来源" not in card.rows[0].explanation.zh
