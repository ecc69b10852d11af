"""A cap on the total by the budget execution rate (总分封顶), distinct from the veto.

The sheet: 预算执行率 (10 points, rate × points) and an output row (90 points,
proportional), with the cap [70, 80) → 89, [60, 70) → 79, (-inf, 60) → 59. Worked
by hand: at 75% the rows add up to 7.5 + 90 = 97.5, capped at 89 (良, not 优);
at 80% the rate is in no band: 8 + 90 = 98; at 70% it is in [70, 80): 89; at
69.99% in [60, 70): 6.999 → 7.00 + 90 = 97, capped at 79.
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

from scoring import ScoringError, load_case, load_weights, score
from scoring.analysis.explain import explain
from scoring.analysis.sensitivity import sensitivity
from scoring.core.caps import CapBand, TotalCap
from scoring.core.model import NotApplicable, Veto
from scoring.core.record import evolve
from scoring.core.rules import BudgetExecution, Interval, Proportional
from scoring.rendering import render, render_bytes
from scoring.rendering.reports import render_explanation
from strategies_rules import facts, indicator, profile

D = Decimal
CAP = TotalCap(
    "execution",
    (
        CapBand(Interval(D(70), D(80), True, False), D(89)),
        CapBand(Interval(D(60), D(70), True, False), D(79)),
        CapBand(Interval(None, D(60), False, False), D(59)),
    ),
)
ROWS = [
    indicator("execution", BudgetExecution(), ">= 100%", unit="%", level1="过程", level2="执行"),
    indicator("output", Proportional(), ">= 100%", unit="%", level1="产出", level2="数量"),
]


def card(rate: str, output: str = "100", cap: TotalCap | None = CAP, **extra: object) -> object:
    weights = profile(ROWS, {"execution": 10, "output": 90}, total_cap=cap, **extra)
    return score(ROWS, weights, facts({"execution": D(rate), "output": D(output)}))


class TestTotal:
    @pytest.mark.parametrize(
        ("rate", "total", "grade"),
        [
            ("75", "89", "良"),
            ("80", "98.00", "优"),  # 80 is in no band
            ("70", "89", "良"),  # [70 included
            ("69.99", "79", "中"),  # 7.00 + 90 = 97, capped at 79
            ("59", "59", "差"),  # 5.90 + 90 = 95.9, capped at 59
            ("100", "100.00", "优"),
        ],
    )
    def test_capped(self, rate: str, total: str, grade: str) -> None:
        """The total is the rows' sum, no more than the cap of the band holding the rate."""
        scored = card(rate)
        assert scored.total == D(total)  # type: ignore[attr-defined]
        assert scored.grade.name == grade  # type: ignore[attr-defined]

    def test_within_the_cap(self) -> None:
        """Rows adding up to 7.5 + 85 × 0.9 = 84 with the rate at 75% stay at 84."""
        scored = card("75", output="85")
        assert scored.total == D("84.00")  # type: ignore[attr-defined]
        assert not scored.capped.binding  # type: ignore[attr-defined]
        assert any("各行合计 84.00 分，未超过" in n.zh for n in scored.notes)  # type: ignore[attr-defined]

    def test_rows_and_groups_keep_their_points(self) -> None:
        """The cap changes the total only: rows and subtotals add up to 97.5 as printed."""
        scored = card("75")
        assert sum(r.points for r in scored.rows) == D("97.50")  # type: ignore[attr-defined]
        assert scored.uncapped_total == D("97.50")  # type: ignore[attr-defined]

    def test_distinct_from_the_veto(self) -> None:
        """A failed veto caps the grade of the capped total further: 89 (良) → 中."""
        scored = card("75", vetoes=(Veto("execution", "中"),))
        assert scored.total == D(89)  # type: ignore[attr-defined]
        assert scored.grade.name == "中"  # type: ignore[attr-defined]

    def test_rate_left_out_caps_nothing(self) -> None:
        """With the execution row not applicable, no cap is judged, and a note says so."""
        weights = profile(ROWS, {"execution": 10, "output": 90}, total_cap=CAP)
        given = facts(
            {"output": D(100)}, not_applicable={"execution": NotApplicable("execution", "无")}
        )
        scored = score(ROWS, weights, given)
        assert scored.total == D("100.00")
        assert any("总分封顶无法判断" in n.zh for n in scored.notes)

    @given(st.decimals(0, 120, places=2), st.decimals(0, 120, places=2))
    def test_monotone_in_the_rate(self, a: Decimal, b: Decimal) -> None:
        """A higher rate never gives a lower total: the caps rise with the rate."""
        low, high = sorted((a, b))
        assert card(str(low)).total <= card(str(high)).total  # type: ignore[attr-defined]


class TestShown:
    def test_text(self) -> None:
        """The header says the total before the cap; the 合计 row is the rows' sum."""
        text = render(card("75"), "text")  # type: ignore[arg-type]
        assert "总分：89.00 / 100（封顶前 97.50）" in text
        assert next(x for x in text.splitlines() if x.startswith("合计")).endswith("97.50")
        assert (
            "总分封顶：execution 75% 落在区间 [70, 80)，总分最高 89 分；各行合计 97.50 分" in text
        )

    def test_json(self) -> None:
        """JSON total is the capped one; total_cap has the rule that capped it."""
        doc = json.loads(render(card("75"), "json"))  # type: ignore[arg-type]
        assert doc["total"] == 89
        assert doc["total_cap"] == {
            "indicator": "execution",
            "rate": 75,
            "range": "[70, 80)",
            "at_most": 89,
            "uncapped_total": 97.5,
            "capped": True,
        }

    def test_xlsx_formula(self, tmp_path: Path) -> None:
        """The Excel sheet's capped total is MIN(the rows' total, 89), cached as 89."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "out.xlsx"
        path.write_bytes(render_bytes(card("75"), "xlsx"))  # type: ignore[arg-type]
        sheet = openpyxl.load_workbook(path).worksheets[0]
        formulas = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(f.startswith("=MIN(") and f.endswith(",89)") for f in formulas)

    def test_explain(self) -> None:
        """explain says why 89, and that meeting the rate's target reaches 优."""
        expl = explain(card("75"))  # type: ignore[arg-type]
        text = render_explanation(expl, "text", "zh")
        assert "各行合计 97.50 分；execution 75% 落在区间 [70, 80)，总分最高 89 分" in text
        step = expl.next_grade
        assert step is not None
        assert step.band.name == "优"
        assert [x.row.id for x in step.changes] == ["execution"]

    def test_explain_cap_blocks_other_rows(self) -> None:
        """At 75% with the output row short, only the rate's own row lifts the cap to 优.

        Rows: 7.5 + 90 × 0.95 = 93 → capped 89. Meeting the output target alone gives
        97.5, still capped at 89; meeting the rate's alone gives 10 + 85.5 = 95.5: 优.
        """
        expl = explain(card("75", output="95"))  # type: ignore[arg-type]
        step = expl.next_grade
        assert step is not None
        assert [x.row.id for x in step.changes] == ["execution"]

    def test_sensitivity_keeps_the_cap(self) -> None:
        """Moving the weights cannot lift the total above the cap the rate sets."""
        result = sensitivity(card("75"), draws=20)  # type: ignore[arg-type]
        assert result.high == D(89)


class TestLoading:
    def weights(self, tmp_path: Path, bands: str) -> Path:
        path = tmp_path / "w.yaml"
        path.write_text(
            "id: w\nname: 表\n"
            "categories:\n  - {name: 过程, points: 10, groups: [{name: 执行, points: 10}]}\n"
            "  - {name: 产出, points: 90, groups: [{name: 数量, points: 90}]}\n"
            "points: {execution: 10, output: 90}\n"
            f"total_cap:\n  indicator: execution\n  bands:\n{bands}",
            encoding="utf-8",
        )
        return path

    def test_read(self, tmp_path: Path) -> None:
        """The bands are read with their edges, lowest rate first."""
        path = self.weights(
            tmp_path,
            '    - {range: "[70, 80)", at_most: 89}\n    - {range: "(-inf, 70)", at_most: 79}\n',
        )
        cap = load_weights(path).total_cap
        assert cap is not None
        assert [str(b.interval) for b in cap.bands] == ["(-∞, 70)", "[70, 80)"]

    @pytest.mark.parametrize(
        ("bands", "says"),
        [
            (
                '    - {range: "[70, 80)", at_most: 79}\n    - {range: "[60, 70)", at_most: 89}\n',
                "a better rate must never lower the total",
            ),
            (
                '    - {range: "[70, 80]", at_most: 89}\n    - {range: "[80, 90)", at_most: 95}\n',
                "overlap",
            ),
            ('    - {range: "[70, 80)", at_most: 120}\n', "above the full score"),
            ('    - {range: "70 to 80", at_most: 89}\n', "bad range"),
            ('    - {range: "[70, 80)"}\n', "'at_most'"),
        ],
    )
    def test_refused_at_its_line(self, tmp_path: Path, bands: str, says: str) -> None:
        """A cap that falls as the rate rises, overlaps, caps nothing or is malformed is refused."""
        with pytest.raises(ScoringError) as caught:
            load_weights(self.weights(tmp_path, bands))
        problem = caught.value.problems[0]
        assert says in problem.message
        assert problem.location is not None
        assert problem.location.line >= 7

    def test_unknown_row_refused(self) -> None:
        """A cap naming no row of the profile is an error when scored."""
        with pytest.raises(ScoringError, match="not a row of the profile"):
            card("75", cap=evolve(CAP, indicator_id="nowhere"))

    def test_command_line(self, tmp_path: Path) -> None:
        """A user's run: total 89.00 with the sum before the cap."""
        self.weights(tmp_path, '    - {range: "[70, 80)", at_most: 89}\n')
        (tmp_path / "i.yaml").write_text(
            "indicators:\n"
            "  - {id: execution, name: 预算执行率, level1: 过程, level2: 执行, unit: '%',\n"
            "     target: '>= 100%', rule: budget_execution}\n"
            "  - {id: output, name: 数量, level1: 产出, level2: 数量, unit: '%',\n"
            "     target: '>= 100%', rule: proportional}\n",
            encoding="utf-8",
        )
        (tmp_path / "f.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: i.yaml\nweights: w.yaml\n"
            "facts: {execution: 75, output: 100}\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            [sys.executable, "-m", "scoring", "score", str(tmp_path / "f.yaml")],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert "总分：89.00 / 100（封顶前 97.50）" in done.stdout.decode()
        case = load_case(tmp_path / "f.yaml")
        assert score(case.indicators, case.weights, case.facts).total == D(89)
