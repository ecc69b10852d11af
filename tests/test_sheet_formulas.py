"""Formula cells of a clerk's sheet: with the result Excel stores, without one, or an Excel error.

A workbook Excel or WPS saved stores each formula's result beside it; one saved by
a program that does not calculate (openpyxl) stores none. A figure that cannot be
read is said at its cell, once, as what it is; nothing that depends on it is
reported as wrong in its place, and nothing is checked as if it had been read.

The sheet is sheets_helpers.project_rows (worked by hand there): rows 8.62 + 18.8 +
14.7 + 10 + 4.76 + 27 + 10 = 93.88 of 10 + 20 + 15 + 10 + 5 + 30 + 10 = 100 points.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.core.errors import ScoringError
from scoring.files.audit import audit_paths
from scoring.files.sheets.reader import read_sheet

pytest.importorskip("openpyxl")
D = Decimal


def sheet(tmp_path: Path, **formulas: tuple[str, str | None]) -> Path:
    rows, merged = sh.project_rows()
    path = sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)
    return sh.with_formulas(path, formulas)


def problems(path: Path) -> list[str]:
    with pytest.raises(ScoringError) as info:
        read_sheet(path)
    return [p.line(lang="zh") for p in info.value.problems]


def findings(path: Path) -> list[tuple[str, str]]:
    report = audit_paths([path])
    return [(f.code, f.cell.rsplit("!", 1)[-1]) for f in report.findings]


class TestScore:
    def test_a_formula_that_excel_computed_is_read_as_its_result(self, tmp_path: Path) -> None:
        path = sheet(tmp_path, H13=("=ROUND(F13/E13*G13,2)", "18.8"), H20=("=SUM(H6:H19)", "93.88"))
        assert read_sheet(path).facts.self_scores["row_13"] == D("18.8")

    def test_an_amount_without_its_result_is_said_once_as_what_it_is(self, tmp_path: Path) -> None:
        """It was also said to be empty, at the same cell."""
        path = sheet(tmp_path, E6=("=E7+E8", None))
        assert problems(path) == [
            f"{path}:自评表!E6: 全年执行数是公式，但文件中没有保存它的计算结果"
            "（提示：用 Excel 或 WPS 打开并保存一次，以保存计算结果）"
        ]

    def test_an_amount_that_cannot_be_read_is_not_also_points_that_do_not_add_up(
        self, tmp_path: Path
    ) -> None:
        """The funds block's 10 points count in the sum (100) though its amount is an
        error: the 分值 were also said to add up to 90."""
        path = sheet(tmp_path, E6=("=E7/0", "#DIV/0!"))
        (said,) = problems(path)
        assert said.startswith(f"{path}:自评表!E6: 全年执行数显示 Excel 错误 #DIV/0!")

    def test_an_evaluators_score_in_error_is_not_also_empty(self, tmp_path: Path) -> None:
        """Row 18's target is in words: its 得分 is the evaluator's; #N/A was said twice."""
        path = sheet(tmp_path, H18=("=VLOOKUP(D18,A1:B2,2,0)", "#N/A"))
        assert problems(path) == [
            f"{path}:自评表!H18: 得分显示 Excel 错误 #N/A"
            "（提示：在 Excel 中改正公式，或直接填写数值）"
        ]

    def test_a_full_score_in_error_is_not_taken_as_100(self, tmp_path: Path) -> None:
        """The 总分 row's 分值 is the full score: it was 100 when its cell could not be read."""
        path = sheet(tmp_path, G20=("=SUM(G13:G19)+F6+#REF!", "#REF!"))
        assert problems(path) == [
            f"{path}:自评表!G20: 总分行的分值显示 Excel 错误 #REF!"
            "（提示：在 Excel 中改正公式，或直接填写数值）"
        ]


class TestAudit:
    def test_a_score_in_error_is_a199_and_the_total_not_a_false_a106(self, tmp_path: Path) -> None:
        """The rows' 得分 cannot be added up with one unknown: A106 said 93.88 was not the
        sum 75.08, and the ranking put the sheet 18.8 off. The row is still recomputed
        from its figures (250 ÷ 266 × 20 = 18.8), so the recomputed total is 93.88."""
        path = sheet(tmp_path, H13=("=G13/0", "#DIV/0!"))
        assert findings(path) == [("A199", "H13"), ("A112", "F15")]
        (audited,) = audit_paths([path]).sheets
        assert (audited.printed_total, audited.computed_total) == (D("93.88"), D("93.88"))

    def test_a_total_without_its_result_is_a199(self, tmp_path: Path) -> None:
        """The printed total could not be checked, and nothing said so."""
        path = sheet(tmp_path, H20=("=SUM(H6:H19)", None))
        assert findings(path) == [("A112", "F15"), ("A199", "H20")]
        (finding,) = [f for f in audit_paths([path]).findings if f.code == "A199"]
        assert finding.message.text("zh") == (
            "总分是公式，但文件中没有保存它的计算结果（提示：用 Excel 或 WPS 打开并保存一次，"
            "以保存计算结果）"
        )

    def test_a_full_score_in_error_is_a199_not_taken_as_100(self, tmp_path: Path) -> None:
        path = sheet(tmp_path, G20=("=SUM(G13:G19)+F6+#REF!", "#REF!"))
        assert findings(path) == [("A112", "F15"), ("A199", "G20")]

    def test_points_in_error_are_a199_not_a_false_a101(self, tmp_path: Path) -> None:
        """A101 said the 分值 added up to 80, the unknown 20 left out."""
        path = sheet(tmp_path, G13=('="二十"+0', "#VALUE!"))
        assert findings(path) == [("A199", "G13"), ("A112", "F15")]

    def test_a_rate_without_its_result_is_a199(self, tmp_path: Path) -> None:
        """The printed 执行率 could not be checked (A107), and nothing said so."""
        path = sheet(tmp_path, G6=("=E6/D6", None))
        assert findings(path) == [("A199", "G6"), ("A112", "F15")]

    def test_an_amount_without_its_result_is_a199_not_a110(self, tmp_path: Path) -> None:
        """A110 said 年度资金总额 was — (empty) while its lines add up to 37.24."""
        path = sheet(tmp_path, E6=("=E7+E8", None))
        assert findings(path) == [("A199", "E6"), ("A112", "F15")]
