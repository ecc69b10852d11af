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


class TestFormulasReadFromTheXml:
    """The workbook is loaded once, for the values Excel stored; the formulas are read
    from the worksheets' XML (a second load took ~40% of an audit's time a sheet). They
    must be exactly what openpyxl's own formula load gives, cell for cell."""

    SHEET_DATA = (
        "<sheetData>"
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row>'
        # A shared formula: written once, at B2, and by reference in B3 and B4.
        '<row r="2"><c r="A2"><v>2</v></c>'
        '<c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>4</v></c></row>'
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>6</v></c></row>'
        '<row r="4"><c r="A4"><v>4</v></c><c r="B4"><f t="shared" si="0"/><v>8</v></c></row>'
        # An array formula (no formula text to show), an error with its formula.
        '<row r="5"><c r="A5"><f t="array" ref="A5">SUM(A1:A4)</f><v>10</v></c>'
        '<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        # A row and cells that do not say where they are: row 6, columns A and B.
        "<row><c><v>7</v></c><c><f>A6+1</f><v>8</v></c></row>"
        # A formula whose result the file does not store.
        '<row r="8"><c r="C8"><f>SUM(B1:B6)</f></c></row>'
        "</sheetData>"
    )

    def workbook(self, tmp_path: Path, sheet_data: str = SHEET_DATA) -> Path:
        import re  # noqa: PLC0415
        import zipfile  # noqa: PLC0415

        import openpyxl  # noqa: PLC0415

        path = tmp_path / "公式.xlsx"
        book = openpyxl.Workbook()
        book.active["A1"] = 1
        book.save(path)
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        xml, made = re.subn(r"<sheetData>.*</sheetData>|<sheetData\s*/>", sheet_data, xml)
        assert made == 1
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as archive:
            for name, body in parts.items():
                archive.writestr(name, body)
        return path

    def test_the_same_formulas_as_openpyxl_gives(self, tmp_path: Path) -> None:
        import openpyxl  # noqa: PLC0415

        from scoring.files.sheets.grid import _xlsx_formulas  # noqa: PLC0415

        path = self.workbook(tmp_path)
        sheet = openpyxl.load_workbook(path, data_only=False).active
        theirs = {
            (cell.row, cell.column): cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f" and isinstance(cell.value, str)
        }
        assert _xlsx_formulas(path, {sheet.title: "xl/worksheets/sheet1.xml"}) == {
            sheet.title: theirs
        }
        # Worked out from the XML above: the shared formula moves down a row each time.
        assert theirs == {
            (1, 2): "=A1*2",
            (2, 2): "=A2*2",
            (3, 2): "=A3*2",
            (4, 2): "=A4*2",
            (5, 2): "=1/0",
            (6, 2): "=A6+1",
            (8, 3): "=SUM(B1:B6)",
        }

    def test_read_as_cells(self, tmp_path: Path) -> None:
        from scoring.files.sheets.grid import Cell, read_grids  # noqa: PLC0415

        (grid,) = read_grids(self.workbook(tmp_path))
        assert grid.cells[3, 2] == Cell(D(6), source="=A3*2")
        assert grid.cells[5, 1] == Cell(D(10))  # an array formula: its value, no text
        assert grid.cells[5, 2] == Cell(error="#DIV/0!", source="=1/0")
        assert grid.cells[6, 2] == Cell(D(8), source="=A6+1")
        assert grid.cells[8, 3] == Cell(formula=True, source="=SUM(B1:B6)")

    def test_a_merged_ranges_other_cells_stay_empty(self, tmp_path: Path) -> None:
        """Excel shows only the first cell of a merged range: a formula left in another
        one's XML is not read (openpyxl's formula load did not read it either)."""
        from scoring.files.sheets.grid import Cell, read_grids  # noqa: PLC0415

        merged = self.SHEET_DATA.replace(
            "</sheetData>",
            '<row r="10"><c r="B10"><v>5</v></c><c r="C10"><f>1+1</f><v>2</v></c></row>'
            '</sheetData><mergeCells count="1"><mergeCell ref="B10:C10"/></mergeCells>',
        )
        (grid,) = read_grids(self.workbook(tmp_path, merged))
        assert grid.cells[10, 2] == Cell(D(5))
        assert (10, 3) not in grid.cells
        assert grid.merged == ((10, 2, 10, 3),)
