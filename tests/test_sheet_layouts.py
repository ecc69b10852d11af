"""Sheets laid out as clerks make them, beyond the templates: two tables on one worksheet.

The sheet is sheets_helpers.project_rows, worked by hand there: 93.88 of 100.
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


def two_tables(tmp_path: Path, *, total_between: bool = True) -> Path:
    """The project sheet, then a second project's table pasted under it from row 26
    (header row 37), its 维修道路长度 achieved 100米 (row 38)."""
    rows, merged = sh.project_rows()
    first = rows if total_between else rows[:19]  # without the 总分 and sign-off rows
    second = [list(r) for r in rows[11:20]]
    second[1][5] = "100米"
    pad = [[None] * 9 for _ in range(36 - len(first))]
    return sh.write_xlsx(tmp_path / "表.xlsx", [*first, *pad, *second], merged)


class TestTwoTablesOnOneSheet:
    def test_score_reads_the_first_and_warns_of_the_second(self, tmp_path: Path) -> None:
        """The second table was read as nothing at all, without a word."""
        path = two_tables(tmp_path)
        read = read_sheet(path)
        assert len(read.indicators) == 7  # the budget row and the first table's six
        said = [w for w in read.warnings if "another indicator table" in w.message]
        assert [str(w.location) for w in said] == [f"{path}:自评表!D37"]
        assert said[0].said.text("zh") == (
            "从自评表!D37 三级指标起是另一张指标表，未读取：只读取了表头在第 12 行的那张表"
        )

    def test_a_second_header_ends_a_table_without_a_total_row(self, tmp_path: Path) -> None:
        """The second table's header was read as a row of the first (分值 '分值')."""
        path = two_tables(tmp_path, total_between=False)
        read = read_sheet(path)
        assert {i.id for i in read.indicators} == {
            "budget_execution_rate", "row_13", "row_15", "row_16", "row_17", "row_18", "row_19"
        }  # fmt: skip
        assert any(str(w.location) == f"{path}:自评表!D37" for w in read.warnings)

    def test_audit_says_the_second_is_not_reviewed(self, tmp_path: Path) -> None:
        path = two_tables(tmp_path)
        report = audit_paths([path])
        (finding,) = [f for f in report.findings if f.code == "A123"]
        assert finding.cell == f"{path}:自评表!D37"
        assert report.status == 1


def swapped(tmp_path: Path, *, headers_only: bool) -> Path:
    """The project sheet with 年度指标值 (E) and 实际完成值 (F) swapped: the figures under
    them too (a sheet made with its columns the other way round, read by its headers),
    or only the headers (the figures are under the wrong name)."""
    rows, merged = sh.project_rows()
    rows = [list(r) for r in rows]
    for row in rows[11:19]:  # the header row 12 and the table's rows 13-19
        if row is rows[11] or not headers_only:
            row[4], row[5] = row[5], row[4]
    return sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)


class TestTargetAndAchievedSwapped:
    def test_columns_the_other_way_round_are_read_by_their_headers(self, tmp_path: Path) -> None:
        read = read_sheet(swapped(tmp_path, headers_only=False))
        assert read.facts.facts["row_13"].value == D(250)
        assert str(read.facts.targets["row_13"].target) == "≥266 米"

    def test_headers_swapped_over_the_figures_is_refused(self, tmp_path: Path) -> None:
        """Read as written, every row was scored against what was achieved (250米 as the
        target of ≥266米 achieved: full points), with no more than a warning per row."""
        path = swapped(tmp_path, headers_only=True)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert str(problem.location) == f"{path}:自评表!E12"
        assert problem.said.text("zh") == (
            "自评表!F12 年度指标值和自评表!E12 实际完成值两列像是写反了：有 4 个实际完成值"
            "写成指标值的样子（≥、≤、= 或期限），年度指标值只有 0 个：自评表!E13 ≥266米、"
            "自评表!E16 9月底前、自评表!E17 ≤200万元、…"
        )
        (unread,) = audit_paths([path]).unreadable
        assert "look swapped" in unread.problems[0].text("en")

    def test_two_achieved_values_with_an_operator_are_not_a_swap(self, tmp_path: Path) -> None:
        """The targets written with their operators outnumber them: each is a warning."""
        rows, _ = sh.project_rows()
        rows = [list(r) for r in rows]
        rows[12][5], rows[18][5] = "≥266米", "≥95%"
        read = read_sheet(sh.write_xlsx(tmp_path / "表.xlsx", rows))
        assert sum("operator" in w.message for w in read.warnings) == 2


class TestTextOverLines:
    """Text written over lines in a cell (Alt+Enter; CRLF pasted from Word or a web page)."""

    def test_a_name_over_two_lines_is_one_name(self, tmp_path: Path) -> None:
        """维修道路⏎长度 (a narrow column) was a name with a line break in it, which broke
        the printed table and every sentence naming the row."""
        rows, merged = sh.project_rows()
        rows = [list(r) for r in rows]
        rows[2][1], rows[12][3], rows[12][2] = "城区道路\n维修", "维修道路\n长度", "数量\n指标"
        read = read_sheet(sh.write_xlsx(tmp_path / "表.xlsx", rows, merged))
        row = next(i for i in read.indicators if i.id == "row_13")
        assert (row.name, row.level2, read.facts.unit) == (
            "维修道路长度",
            "数量指标",
            "城区道路维修",
        )

    def test_excels_escaped_carriage_return_is_a_line_break(self, tmp_path: Path) -> None:
        """Excel writes a CR as _x000D_, which openpyxl gives as it stands: the target
        '≥266米_x000D_' could not be read, a reason kept the escape in its text."""
        import zipfile  # noqa: PLC0415

        rows, merged = sh.project_rows()
        rows = [list(r) for r in rows]
        rows[12][4], rows[12][8] = "≥266米\r\n", "两处路段延期\r\n已督促施工"
        path = sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)
        with zipfile.ZipFile(path) as book:
            parts = {name: book.read(name) for name in book.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        assert sheet.count(b"\r\n") == 2
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"\r\n", b"_x000D_\n")
        with zipfile.ZipFile(path, "w") as book:
            for name, body in parts.items():
                book.writestr(name, body)
        read = read_sheet(path)
        assert str(read.facts.targets["row_13"].target) == "≥266 米"
        assert read.facts.reasons["row_13"] == "两处路段延期\n已督促施工"
