"""One project carried out by several units: figures combined first, the project scored once.

By hand (docs/facts.md): spending 270 + 90 = 360 and budget 300 + 100 = 400, so
预算执行率 = 90%, 9.00 of 10; 合格率 (98 × 300 + 85 × 100) ÷ 400 = 94.75 against
≥ 95%: 94.75 ÷ 95 × 10 = 9.97 (averaging the units' points would give 9.47).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import ScoringError, load_case, score
from scoring.core.combine import Combination, UnitFigure, combination
from scoring.files.tables import load_table
from scoring.rendering import render

D = Decimal
INDICATORS = """\
indicators:
  - {id: execution, name: 预算执行率, level1: 预算执行, level2: 预算执行率, unit: "%",
     formula: spending / budget * 100, target: ">= 100%", rule: budget_execution}
  - {id: pass_rate, name: 合格率, level1: 产出指标, level2: 质量指标, unit: "%",
     target: ">= 95%", rule: proportional}
"""
WEIGHTS = """\
id: w
name: 项目表
full_score: 20
categories:
  - {name: 预算执行, points: 10, groups: [{name: 预算执行率, points: 10}]}
  - {name: 产出指标, points: 10, groups: [{name: 质量指标, points: 10}]}
points: {execution: 10, pass_rate: 10}
"""
FACTS = """\
unit: 某项目
year: 2023
indicators: i.yaml
weights: w.yaml
facts:
  spending:
    units: {县教育局: 270, 县体育局: 90}
    combine: sum
  budget:
    units: {县教育局: 300, 县体育局: 100}
    combine: sum
  pass_rate:
    units: {县教育局: 98, 县体育局: 85}
    combine: weighted
    weighted_by: budget
    source: 两单位验收报告
"""


def write(tmp_path: Path, facts: str = FACTS) -> Path:
    (tmp_path / "i.yaml").write_text(INDICATORS, encoding="utf-8")
    (tmp_path / "w.yaml").write_text(WEIGHTS, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(facts, encoding="utf-8")
    return tmp_path / "f.yaml"


def scored(tmp_path: Path, facts: str = FACTS) -> object:
    case = load_case(write(tmp_path, facts))
    return score(case.indicators, case.weights, case.facts)


class TestCombined:
    def test_scored_once_on_the_combined_figures(self, tmp_path: Path) -> None:
        """9.00 for 360 of 400, 9.97 for 94.75 against 95: total 18.97."""
        card = scored(tmp_path)
        assert [r.points for r in card.rows] == [D("9.00"), D("9.97")]  # type: ignore[attr-defined]
        assert card.total == D("18.97")  # type: ignore[attr-defined]
        assert card.row("pass_rate").value == D("94.75")  # type: ignore[attr-defined]

    def test_each_unit_shown(self, tmp_path: Path) -> None:
        """The explanation names every unit's figure and the combination."""
        card = scored(tmp_path)
        rate = card.row("pass_rate").explanation.zh  # type: ignore[attr-defined]
        assert (
            "pass_rate 按 budget 加权汇总各单位：(县教育局 98 × 300 + 县体育局 85 × 100)"
            " ÷ (300 + 100) = 94.75" in rate
        )
        spent = card.row("execution").explanation.zh  # type: ignore[attr-defined]
        assert "spending 由各单位汇总：县教育局 270 + 县体育局 90 = 360" in spent

    def test_json(self, tmp_path: Path) -> None:
        """JSON lists the combined facts of the row, unit by unit with their weights."""
        doc = json.loads(render(scored(tmp_path), "json"))  # type: ignore[arg-type]
        row = next(r for r in doc["indicators"] if r["id"] == "pass_rate")
        assert row["combined_facts"] == [
            {
                "fact": "pass_rate",
                "combine": "weighted",
                "weighted_by": "budget",
                "units": [
                    {"unit": "县教育局", "value": 98, "weight": 300},
                    {"unit": "县体育局", "value": 85, "weight": 100},
                ],
                "value": 94.75,
            }
        ]

    def test_provenance_kept(self, tmp_path: Path) -> None:
        """The combined fact keeps its source."""
        case = load_case(write(tmp_path))
        fact = case.facts.facts["pass_rate"]
        assert fact.provenance is not None
        assert fact.provenance.text == "两单位验收报告"

    def test_yaml_table(self, tmp_path: Path) -> None:
        """A YAML batch table takes the same units: the row scores 18.97 as one facts file."""
        write(tmp_path)
        (tmp_path / "t.yaml").write_text(
            "indicators: i.yaml\nweights: w.yaml\nrows:\n"
            "  - unit: 某项目\n    year: 2023\n    facts:\n"
            "      spending: {units: {甲: 270, 乙: 90}, combine: sum}\n"
            "      budget: {units: {甲: 300, 乙: 100}, combine: sum}\n"
            "      pass_rate: {units: {甲: 98, 乙: 85}, combine: weighted, weighted_by: budget}\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            [sys.executable, "-m", "scoring", "batch", str(tmp_path / "t.yaml")],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert ",18.97," in done.stdout.decode()
        table = load_table(tmp_path / "t.yaml").table
        assert table.facts(0).facts["pass_rate"].combination is not None


class TestRefused:
    @pytest.mark.parametrize(
        ("old", "new", "says"),
        [
            ("    combine: weighted\n    weighted_by: budget\n", "", "does not say how"),
            ("    weighted_by: budget\n", "", "names no 'weighted_by'"),
            ("weighted_by: budget", "weighted_by: funds", "not a fact given unit by unit"),
            ("{县教育局: 300, 县体育局: 100}", "{县教育局: 300, 市局: 100}", "gives no figure"),
            ("{县教育局: 300, 县体育局: 100}", "{县教育局: 0, 县体育局: 0}", "add up to 0"),
            ("{县教育局: 300, 县体育局: 100}", "{县教育局: -300, 县体育局: 100}", "negative"),
            ("    combine: weighted\n", "    combine: mean\n", "must be sum or weighted"),
            ("    combine: sum\n  budget:", "    combine: sum\n    value: 360\n  budget:", "both"),
        ],
    )
    def test_located(self, tmp_path: Path, old: str, new: str, says: str) -> None:
        """Each malformed combination is an error in the facts file, at a line."""
        facts = FACTS.replace(old, new, 1)
        assert facts != FACTS
        with pytest.raises(ScoringError) as caught:
            load_case(write(tmp_path, facts))
        problem = next(p for p in caught.value.problems if says in p.message)
        assert problem.location is not None
        assert problem.location.file.endswith("f.yaml")


class TestMonotone:
    @given(
        st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=4),
        st.lists(st.decimals(1, 500, places=1), min_size=4, max_size=4),
        st.integers(0, 3),
        st.decimals(0, 50, places=2),
    )
    def test_raising_one_unit_never_lowers_the_project(
        self, rates: list[Decimal], funds: list[Decimal], which: int, step: Decimal
    ) -> None:
        """Raising one unit's figure never lowers the sum nor the weighted mean."""
        units = [f"单位{k}" for k in range(len(rates))]
        parts = [UnitFigure(u, r) for u, r in zip(units, rates, strict=False)]
        weights = [UnitFigure(u, w) for u, w in zip(units, funds, strict=False)]
        k = which % len(parts)
        raised = [*parts[:k], UnitFigure(parts[k].unit, parts[k].value + step), *parts[k + 1 :]]
        for by, weight_parts in ((None, None), ("funds", weights)):
            before: Combination = combination(parts, by, weight_parts)
            after = combination(raised, by, weight_parts)
            assert after.value >= before.value
        mean = combination(parts, "funds", weights).value
        assert min(rates) <= mean <= max(rates)


class TestReadOutsideFormulas:
    """Facts the engine reads outside any formula are not 'read by no indicator'."""

    def test_a_weighting_fact_is_read(self, tmp_path: Path) -> None:
        """pupils only weights pass_rate: (98 × 3 + 85 × 1) ÷ 4 = 94.75, and no warning."""
        facts = FACTS.replace("weighted_by: budget", "weighted_by: pupils") + (
            "  pupils:\n    units: {县教育局: 3, 县体育局: 1}\n    combine: sum\n"
        )
        case = load_case(write(tmp_path, facts))
        card = score(case.indicators, case.weights, case.facts)
        assert card.row("pass_rate").value == D("94.75")
        assert [w for w in card.warnings if "not read" in str(w)] == []

    def test_the_other_budget_a_rule_names_is_read(self, tmp_path: Path) -> None:
        """initial_budget is shown beside the rate (360 ÷ 450 = 80%), never scored (90%: 9.00),
        and is no unread fact."""
        indicators = INDICATORS.replace(
            "rule: budget_execution}",
            "rule: {kind: budget_execution, adjusted_budget: budget,"
            " initial_budget: initial_budget}}",
        )
        write(tmp_path)
        (tmp_path / "i.yaml").write_text(indicators, encoding="utf-8")
        (tmp_path / "f.yaml").write_text(FACTS + "  initial_budget: 450\n", encoding="utf-8")
        case = load_case(tmp_path / "f.yaml")
        card = score(case.indicators, case.weights, case.facts)
        row = card.row("execution")
        assert row.points == D("9.00")
        assert row.budgets is not None
        assert row.budgets.other_rate == D(80)
        assert [str(w) for w in (*case.warnings, *card.warnings) if "not read" in str(w)] == []
