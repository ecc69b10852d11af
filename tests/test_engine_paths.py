"""Engine paths that mutation testing found no core test reaching or telling apart.

Each test states a behaviour of ``score()``/``check()`` from docs/ (what is
refused, where the error points, what a row's explanation says), with the
expected figures worked by hand from the rule.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from scoring.core.caps import CapBand, TotalCap
from scoring.core.engine import check, score
from scoring.core.errors import (
    FormulaError,
    InputError,
    Location,
    MissingFactsError,
    ScoringError,
)
from scoring.core.formula import parse
from scoring.core.model import (
    Category,
    Fact,
    Facts,
    Group,
    Indicator,
    ManualDeduction,
    NotApplicable,
    Op,
    Target,
    Veto,
    WeightsProfile,
)
from scoring.core.rules import Interval, Level, Levels, Proportional, Rule

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


class TestDivisionByZero:
    def test_a_fact_that_is_zero_is_named_at_its_line(self) -> None:
        """budget = 0 under spending / budget * 100: the error names the fact, at its line."""
        budget_at = Location("事实.yaml", 4)
        facts = given({"spending": "30"})
        facts = attrs.evolve(
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
