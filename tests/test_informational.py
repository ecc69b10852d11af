"""Informational rows (其中 sub-rows, figures for context): shown without points, never summed.

The sheet: the "三公" control rate, 6.76 spent of 6.76 budgeted (6 points, full),
with two 其中 rows, 公务接待费 1.33 and 公务用车运行维护费 5.43 万元 (the Yueyang
education bureau's 2023 figures). By hand: the total is the control row's 6;
the 其中 rows add nothing and ask for nothing.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import ScoringError, load_case, score
from scoring.analysis.explain import explain
from scoring.analysis.sensitivity import sensitivity
from scoring.rendering import render

D = Decimal

INDICATORS = """\
indicators:
  - id: three_public_control_rate
    name: “三公经费”控制率
    level1: 过程
    level2: 预算执行
    unit: "%"
    formula: three_public_spending / three_public_budget * 100
    target: "<= 100%"
    rule: {kind: deduction_per_unit, per: 1}
  - id: hospitality_spending
    name: 其中：公务接待费
    level1: 过程
    level2: 预算执行
    unit: 万元
    formula: hospitality
    informational: true
  - id: vehicle_spending
    name: 其中：公务用车运行维护费
    level1: 过程
    level2: 预算执行
    unit: 万元
    formula: vehicles
    target: ">= 1"
    informational: true
"""
WEIGHTS = """\
id: w
name: 表
full_score: 6
categories: [{name: 过程, points: 6, groups: [{name: 预算执行, points: 6}]}]
points:
  three_public_control_rate: 6
  hospitality_spending: 0
  vehicle_spending: 0
"""
FACTS = """\
unit: 岳阳市教育体育局
year: 2023
indicators: i.yaml
weights: w.yaml
facts:
  three_public_spending: 6.76
  three_public_budget: 6.76
  hospitality: 1.33
  vehicles: 5.43
"""


def write(
    tmp_path: Path, indicators: str = INDICATORS, weights: str = WEIGHTS, facts: str = FACTS
) -> Path:
    (tmp_path / "i.yaml").write_text(indicators, encoding="utf-8")
    (tmp_path / "w.yaml").write_text(weights, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(facts, encoding="utf-8")
    return tmp_path / "f.yaml"


def scored(tmp_path: Path, **files: str) -> object:
    case = load_case(write(tmp_path, **files))
    return score(case.indicators, case.weights, case.facts)


class TestScoring:
    def test_not_summed(self, tmp_path: Path) -> None:
        """The total and the subtotal are the control row's 6; the 其中 rows have no points."""
        card = scored(tmp_path)
        assert card.total == D("6.00")  # type: ignore[attr-defined]
        group = card.categories[0].groups[0]  # type: ignore[attr-defined]
        assert (group.points, group.max_points) == (D("6.00"), D(6))
        shown = [r for r in card.rows if r.informational]  # type: ignore[attr-defined]
        assert [(r.id, r.value, r.points, r.max_points) for r in shown] == [
            ("hospitality_spending", D("1.33"), 0, 0),
            ("vehicle_spending", D("5.43"), 0, 0),
        ]

    def test_explained_as_shown_not_scored(self, tmp_path: Path) -> None:
        """The row says its value and that it is not scored, never '得满分 0 分'."""
        card = scored(tmp_path)
        row = card.row("hospitality_spending")  # type: ignore[attr-defined]
        assert row.explanation.zh == "其中：公务接待费 1.33 万元，仅列示，不计分。"
        assert "得满分" not in row.explanation.zh

    def test_no_flag_and_no_reason_asked(self, tmp_path: Path) -> None:
        """5.43 against '>= 1' would be 543% of target: an informational row is not flagged."""
        card = scored(tmp_path)
        assert not card.row("vehicle_spending").flagged  # type: ignore[attr-defined]
        assert explain(card).deviations == ()  # type: ignore[arg-type]

    def test_no_weight_to_move(self, tmp_path: Path) -> None:
        """The sensitivity analysis moves only the scored row's weight."""
        result = sensitivity(scored(tmp_path), draws=0)  # type: ignore[arg-type]
        assert [o.id for o in result.one_at_a_time] == ["three_public_control_rate"]

    def test_missing_fact_shows_a_dash(self, tmp_path: Path) -> None:
        """Under missing_facts: zero, a 其中 row without its fact shows '—' and still no points."""
        facts = FACTS.replace("  hospitality: 1.33\n", "")
        card = scored(tmp_path, facts=facts, weights=WEIGHTS + "missing_facts: zero\n")
        row = card.row("hospitality_spending")  # type: ignore[attr-defined]
        assert row.value is None
        assert "缺少数据 hospitality" in row.explanation.zh
        assert card.total == D("6.00")  # type: ignore[attr-defined]

    def test_missing_fact_is_an_error_by_default(self, tmp_path: Path) -> None:
        """Under the default policy a missing fact of a 其中 row is an error like any other."""
        case = load_case(write(tmp_path, facts=FACTS.replace("  hospitality: 1.33\n", "")))
        with pytest.raises(ScoringError, match="hospitality"):
            score(case.indicators, case.weights, case.facts)


class TestShown:
    def test_text_table_has_no_points(self, tmp_path: Path) -> None:
        """In the terminal table the 分值 and 得分 cells of a 其中 row are empty."""
        text = render(scored(tmp_path), "text")  # type: ignore[arg-type]
        line = next(x for x in text.splitlines() if "其中：公务接待费" in x and "仅列示" not in x)
        assert line.split() == ["过程", "预算执行", "其中：公务接待费", "1.33", "万元"]

    def test_json_and_csv(self, tmp_path: Path) -> None:
        """JSON says informational with met null; CSV leaves points, lost and met empty."""
        card = scored(tmp_path)
        doc = json.loads(render(card, "json"))  # type: ignore[arg-type]
        row = next(r for r in doc["indicators"] if r["id"] == "hospitality_spending")
        assert (row["informational"], row["met"], row["points"]) == (True, None, 0)
        table = list(csv.reader(io.StringIO(render(card, "csv").lstrip("\ufeff"))))  # type: ignore[arg-type]
        head = table[0]
        line = next(r for r in table if r[0] == "hospitality_spending")
        cells = {head[i]: line[i] for i in range(len(head))}
        assert [cells[k] for k in (head[5], head[8], head[9], head[10])] == ["", "", "", ""]

    def test_html_cells_empty(self, tmp_path: Path) -> None:
        """The printed sheet leaves the 分值 and 得分 cells of a 其中 row empty."""
        html = render(scored(tmp_path), "html")  # type: ignore[arg-type]
        row = html.split('id="row-hospitality_spending"')[1].split("</tr>")[0]
        assert '<td class="n" data-label="分值"></td>' in row
        assert 'data-label="得分"></td>' in row

    def test_command_line(self, tmp_path: Path) -> None:
        """A user's run prints the total 6.00 and the 其中 rows without points."""
        done = subprocess.run(
            [sys.executable, "-m", "scoring", "score", str(write(tmp_path))],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        out = done.stdout.decode()
        assert "总分：6.00 / 6" in out
        assert "其中：公务用车运行维护费 5.43 万元，仅列示，不计分。" in out


class TestErrors:
    @pytest.mark.parametrize(
        ("indicators", "weights", "facts", "says"),
        [
            (
                INDICATORS.replace(
                    "    informational: true\n  - id: vehicle",
                    "    informational: true\n    rule: proportional\n  - id: vehicle",
                ),
                WEIGHTS,
                FACTS,
                "takes no rule",
            ),
            (
                INDICATORS,
                WEIGHTS.replace("hospitality_spending: 0", "hospitality_spending: 2"),
                FACTS,
                "gives it 2 points",
            ),
            (
                INDICATORS.replace(
                    "    formula: hospitality\n    informational: true\n",
                    "    formula: hospitality\n",
                ),
                WEIGHTS,
                FACTS,
                "missing the required key 'rule'",
            ),
            (
                INDICATORS,
                WEIGHTS + "veto: {hospitality_spending: 中}\n",
                FACTS,
                "an informational row",
            ),
            (
                INDICATORS,
                WEIGHTS,
                FACTS + "not_applicable: {hospitality_spending: 无}\n",
                "no points to drop",
            ),
            (
                INDICATORS,
                WEIGHTS,
                FACTS + "deductions: {hospitality_spending: {points: 1, reason: 审计}}\n",
                "no points to drop or deduct",
            ),
        ],
    )
    def test_refused(
        self, tmp_path: Path, indicators: str, weights: str, facts: str, says: str
    ) -> None:
        """Each misuse of an informational row is an error that says what is wrong."""
        with pytest.raises(ScoringError) as caught:
            scored(tmp_path, indicators=indicators, weights=weights, facts=facts)
        assert says in str(caught.value)
        assert all(p.location is not None for p in caught.value.problems)
