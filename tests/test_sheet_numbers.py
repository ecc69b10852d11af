"""Numbers in sheet cells are read by the one number parser, with its bounds (issue 10).

A number typed into a sheet is read as YAML, CSV tables and ``--set`` read it:
the forms a person does not type on purpose (``1_000``, Excel's narrow-column
form ``3.72E+01``, a leading 0, too many digits) are refused with the parser's
words, located at ``file:sheet!cell``. A number cell (a float in the workbook)
is read as Excel shows it in its formula bar: 15 significant digits.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.core.errors import ScoringError
from scoring.core.numbers import NumberError, parse_number
from scoring.files.audit import audit_paths
from scoring.files.sheets.reader import read_sheet
from test_sheets import with_cell

D = Decimal


def stored_as(path: Path, shown: str, stored: str) -> Path:
    """The workbook with a number cell's value as Excel writes it: all 17 digits of the float.

    openpyxl writes 18.8 for the float 18.799999999999997; Excel writes the float's
    shortest round trip, as here.
    """
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert sheet.count(f"<v>{shown}</v>".encode()) == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        f"<v>{shown}</v>".encode(), f"<v>{stored}</v>".encode()
    )
    with zipfile.ZipFile(path, "w") as book:
        for name, body in parts.items():
            book.writestr(name, body)
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(ScoringError) as info:
        read_sheet(path)
    return [p.line() for p in info.value.problems]


def parser_problem(text: str) -> str:
    with pytest.raises(NumberError) as info:
        parse_number(text)
    return info.value.problem


class TestTextCells:
    """CSV cells are text, as is a cell typed as text in Excel."""

    @pytest.mark.parametrize(
        ("ref", "text"),
        [
            ("G13", "2_0"),  # 分值
            ("H13", "1_8.8"),  # 得分
            ("G15", "1.5E+01"),  # 分值 as Excel shows 15 in a narrow column
            ("D6", "4.32E+01"),  # 全年预算数
            ("G16", "010"),  # 分值 with a leading 0 (YAML would read octal 8)
            ("H16", "10.0000000000000001"),  # 16 decimals: beyond the bound of 15
            ("E6", "123456789012345678"),  # 全年执行数 of 18 digits: beyond 1e16
        ],
    )
    def test_refused_as_in_yaml_at_its_cell(self, tmp_path: Path, ref: str, text: str) -> None:
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", with_cell(rows, ref, text))
        lines = errors(path)
        mine = [line for line in lines if f"{path}:{ref}: " in line]
        assert len(mine) == 1, lines
        # The parser's own words, as a YAML facts file gets them.
        assert parser_problem(text) in mine[0]
        assert "(hint: " in mine[0]

    def test_the_hint_names_the_number_meant(self, tmp_path: Path) -> None:
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", with_cell(rows, "G13", "2_0"))
        (line,) = errors(path)
        assert line.endswith("(hint: write 20)")

    def test_an_achieved_value_in_excels_display_form(self, tmp_path: Path) -> None:
        """9.8E+01 as the 验收合格率 achieved (target 100%) may be a rounded 98.x: refused."""
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", with_cell(rows, "F15", "9.8E+01"))
        (line,) = errors(path)
        assert line.startswith(f"{path}:F15: the achieved value (实际完成值): ")
        assert "the form Excel shows a number in a narrow column" in line

    def test_a_number_with_its_unit_is_still_read(self, tmp_path: Path) -> None:
        """250米 and 10分 are a number and a unit, not refused forms: read as before."""
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", with_cell(rows, "G16", "10分"))
        read = read_sheet(path)
        assert read.facts.facts["row_13"].value == D(250)
        assert read.weights.points["row_16"] == D(10)

    def test_in_chinese(self, tmp_path: Path) -> None:
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", with_cell(rows, "G13", "2_0"))
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        line = problem.line(lang="zh")
        assert line.startswith(f"{path}:G13: 分值：'2_0'")
        # The parser's words in Chinese, as a YAML facts file gets them.
        assert "between its digits" not in line
        assert "（提示：" in line


class TestNumberCells:
    """Numbers stored in a workbook: floats as Excel shows them, within the bounds."""

    def test_a_float_sum_is_read_as_excel_shows_it(self, tmp_path: Path) -> None:
        # 18.8 computed in a cell as 18.799999999999997 (a binary float): Excel shows
        # 18.8, and 18.8 is the clerk's score; 250 / 266 × 20 = 18.797 → 18.80.
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)
        read = read_sheet(stored_as(path, "18.8", "18.799999999999997"))
        assert read.facts.self_scores["row_13"] == D("18.8")

    def test_the_audit_compares_at_the_digits_shown(self, tmp_path: Path) -> None:
        # Read as 18.799999999999997, the sheet would seem to print 15 decimals and its
        # exact 18.80 would differ from the rule's 18.797 beyond half a unit of 1e-15.
        rows, merged = sh.project_rows()
        stored_as(sh.write_xlsx(tmp_path / "表.xlsx", rows, merged), "18.8", "18.799999999999997")
        report = audit_paths([tmp_path])
        assert [f.code for f in report.findings if f.cell.endswith("!H13")] == []

    def test_a_quotient_keeps_fifteen_digits(self, tmp_path: Path) -> None:
        # 81 ÷ 85 = 0.95294117647058823…, stored as the float 0.9529411764705882 and
        # shown as a percent: 95.2941176470588 (15 digits), 95.294… / 100 × 15 = 14.29.
        rows, merged = sh.project_rows()
        rows = with_cell(rows, "F15", sh.Pct(81 / 85))
        path = sh.write_xlsx(tmp_path / "表.xlsx", with_cell(rows, "H15", 14.29), merged)
        read = read_sheet(path)
        assert read.facts.facts["row_15"].value == D("95.2941176470588")

    @pytest.mark.parametrize(
        ("ref", "value", "words"),
        [
            ("D6", 1e20, "too large to be a real figure"),
            ("G13", 10**17, "too large to be a real figure"),
            ("H13", 1e-20, "too small to be a real figure"),
            ("F13", 1.23456e-12, "more than 15 digits after the decimal point"),
        ],
    )
    def test_out_of_bounds_at_its_cell(
        self, tmp_path: Path, ref: str, value: float, words: str
    ) -> None:
        rows, merged = sh.project_rows()
        if ref == "F13":  # an achieved value in the target's unit: a number cell
            rows = with_cell(rows, "E13", "≥266")
        path = sh.write_xlsx(tmp_path / "表.xlsx", with_cell(rows, ref, value), merged)
        lines = errors(path)
        mine = [line for line in lines if f"{path}:自评表!{ref}: " in line]
        assert len(mine) == 1, lines
        assert words in mine[0]

    def test_a_tiny_float_is_shown_as_excel_shows_it(self, tmp_path: Path) -> None:
        """1E-320 (a float from Excel arithmetic) was shown as 0.000…0001 in 321 digits."""
        rows, merged = sh.project_rows()
        rows = with_cell(with_cell(rows, "E13", "≥266"), "F13", 1e-320)
        path = sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)
        (line,) = [line for line in errors(path) if "自评表!F13" in line]
        assert line == (
            f"{path}:自评表!F13: the achieved value (实际完成值): '1E-320' is too small to be a"
            " real figure (hint: numbers other than 0 must be at least 1e-15 in size; check the"
            " number of zeros or the exponent)"
        )


class TestAudit:
    @pytest.mark.parametrize("text", ["010", "010分", "1_8.8", "1.88E+01"])
    def test_a_refused_score_is_a199_at_its_cell_and_the_others_are_checked(
        self, tmp_path: Path, text: str
    ) -> None:
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", with_cell(rows, "H13", text))
        report = audit_paths([path])
        assert report.unreadable == ()
        found = [(f.code, f.cell) for f in report.findings]
        assert ("A199", f"{path}:H13") in found
