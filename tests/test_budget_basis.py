"""Budget execution on the right budget: 全年预算数 (adjusted) by default, 年初预算数 where a sheet
says so; both shown where both are given.

Worked by hand with the Langfang 2019 table's 37.24 spent of a 43.2 budget, and an
initial budget of 40: on 43.2 the rate is 86.2037%, 8.62 of 10; on 40 it is 93.1%, 9.31.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import ScoringError, WeightsError, check, load_indicators, score
from scoring.core.rules import BudgetExecution
from scoring.rendering import render
from strategies_rules import facts, indicator, profile

D = Decimal
FACTS = {"spending": D("37.24"), "budget": D("43.2"), "initial_budget": D(40)}


def card(rule: BudgetExecution, formula: str, values: dict[str, Decimal] = FACTS) -> object:
    ind = indicator("execution", rule, ">= 100%", unit="%", formula=formula)
    return score([ind], profile([ind], {"execution": 10}), facts(values))


ADJUSTED = BudgetExecution("adjusted", "budget", "initial_budget")
INITIAL = BudgetExecution("initial", "budget", "initial_budget")


class TestBasis:
    def test_adjusted_by_default(self) -> None:
        """The default divides by 全年预算数 and says so: 37.24 ÷ 43.2 of 10 is 8.62."""
        row = card(ADJUSTED, "spending / budget * 100").rows[0]  # type: ignore[attr-defined]
        assert row.points == D("8.62")
        assert "执行数 ÷ 全年预算数" in row.criterion.zh
        assert "按全年预算数计（budget = 43.2）" in row.explanation.zh

    def test_initial_where_the_sheet_says_so(self) -> None:
        """budget: initial on 37.24 ÷ 40 = 93.1% earns 9.31 and says 年初预算数."""
        row = card(INITIAL, "spending / initial_budget * 100").rows[0]  # type: ignore[attr-defined]
        assert row.points == D("9.31")
        assert "执行数 ÷ 年初预算数" in row.criterion.zh
        assert "按年初预算数计（initial_budget = 40）" in row.explanation.zh

    def test_both_shown_with_the_other_rate(self) -> None:
        """Both budgets are shown and the rate on the other (93.1%), which is not scored."""
        row = card(ADJUSTED, "spending / budget * 100").rows[0]  # type: ignore[attr-defined]
        assert "年初预算数 initial_budget = 40，按其计为 93.1%（不用于计分）" in row.explanation.zh
        assert row.budgets.other_rate == D("93.1")
        assert row.points == D("8.62")

    def test_other_not_given(self) -> None:
        """Without the initial budget's fact, only the budget used is shown."""
        values = {"spending": D("37.24"), "budget": D("43.2")}
        row = card(ADJUSTED, "spending / budget * 100", values).rows[0]  # type: ignore[attr-defined]
        assert "年初预算数" not in row.explanation.zh
        assert row.budgets.initial is None

    def test_json(self) -> None:
        """JSON has the basis, both budgets and the rate on the other."""
        doc = json.loads(render(card(ADJUSTED, "spending / budget * 100"), "json"))  # type: ignore[arg-type]
        assert doc["indicators"][0]["budgets"] == {
            "basis": "adjusted",
            "adjusted": 43.2,
            "initial": 40,
            "rate_on_other": 93.1,
        }


class TestWrongBudget:
    @pytest.mark.parametrize(
        ("rule", "formula", "says"),
        [
            (ADJUSTED, "spending / initial_budget * 100", "the rate is on the wrong budget"),
            (INITIAL, "spending / budget * 100", "the rate is on the wrong budget"),
            (
                BudgetExecution("adjusted", "full_budget"),
                "spending / budget * 100",
                "does not read",
            ),
        ],
    )
    def test_refused(self, rule: BudgetExecution, formula: str, says: str) -> None:
        """A formula on another budget than the rule names is an error at the indicator."""
        ind = indicator("execution", rule, ">= 100%", unit="%", formula=formula)
        problems = check([ind], profile([ind], {"execution": 10}))
        assert any(isinstance(p, WeightsError) and says in p.message for p in problems)

    def test_unknown_budget_is_located(self, tmp_path: Path) -> None:
        """budget: planned is not a budget the rule knows: an error at its line."""
        path = tmp_path / "i.yaml"
        path.write_text(
            "indicators:\n"
            "  - id: execution\n    name: 预算执行率\n    level1: 过程\n    level2: 执行\n"
            "    unit: '%'\n    target: '>= 100%'\n    formula: spending / budget * 100\n"
            "    rule: {kind: budget_execution, budget: planned}\n",
            encoding="utf-8",
        )
        with pytest.raises(ScoringError) as caught:
            load_indicators(path)
        assert caught.value.problems[0].location.line == 9  # type: ignore[union-attr]


def test_command_line(tmp_path: Path) -> None:
    """A user's run shows both budgets on the row."""
    (tmp_path / "i.yaml").write_text(
        "indicators:\n"
        "  - id: execution\n    name: 预算执行率\n    level1: 过程\n    level2: 执行\n"
        "    unit: '%'\n    target: '>= 100%'\n    formula: spending / budget * 100\n"
        "    rule: {kind: budget_execution, adjusted_budget: budget,"
        " initial_budget: initial_budget}\n",
        encoding="utf-8",
    )
    (tmp_path / "w.yaml").write_text(
        "id: w\nname: 表\nfull_score: 10\n"
        "categories: [{name: 过程, points: 10, groups: [{name: 执行, points: 10}]}]\n"
        "points: {execution: 10}\n",
        encoding="utf-8",
    )
    (tmp_path / "f.yaml").write_text(
        "unit: 单位\nyear: 2023\nindicators: i.yaml\nweights: w.yaml\n"
        "facts: {spending: 37.24, budget: 43.2, initial_budget: 40}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "score", str(tmp_path / "f.yaml"), "--lang", "en"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "Total: 8.62 / 10" in out
    assert "the initial budget, initial_budget = 40, would give 93.1% (not scored)" in out
