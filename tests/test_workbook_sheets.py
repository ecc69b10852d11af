"""Which worksheets of a workbook are read: hidden sheets, and several sheets with a table.

A clerk's workbook often holds more than the sheet handed in: last year's copy
hidden away, or one sheet per project. A hidden sheet is what nobody sees on
screen or on paper, so it is never read in place of the visible one; every
visible sheet with a table is audited, and ``score`` names those it did not read.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.cli.app import main
from scoring.core.errors import ScoringError
from scoring.files.audit import audit_paths
from scoring.files.sheets.reader import read_sheet

pytest.importorskip("openpyxl")


def book(path: Path, sheets: list[tuple[str, sh.Rows, bool]]) -> Path:
    """A workbook of the project layout on each sheet: (title, rows, hidden)."""
    import openpyxl  # noqa: PLC0415

    _, merged = sh.project_rows()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, hidden in sheets:
        sheet = workbook.create_sheet(title)
        for r, values in enumerate(rows, 1):
            for c, value in enumerate(values, 1):
                if value is None:
                    continue
                cell = sheet.cell(r, c)
                if isinstance(value, sh.Pct):
                    cell.value, cell.number_format = value.fraction, "0.00%"
                else:
                    cell.value = value
        for ref in merged:
            sheet.merge_cells(ref)
        if hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def rows_with(cell: str, value: object) -> sh.Rows:
    rows, _ = sh.project_rows()
    column = ord(cell[0]) - ord("A")
    rows[int(cell[1:]) - 1][column] = value
    return rows


def total(path: Path, sheet: str | None = None) -> tuple[str, D]:
    from scoring import score  # noqa: PLC0415

    read = read_sheet(path, sheet=sheet)
    return read.layout.grid.sheet, score(read.indicators, read.weights, read.facts).total


def test_a_hidden_sheet_before_the_visible_one_is_not_read(tmp_path: Path) -> None:
    """Last year's copy, hidden first in the workbook, with 266米 achieved (20 points instead
    of 250 ÷ 266 × 20 = 18.8): the visible sheet's 93.88 is scored, and a warning names 旧表."""
    rows, _ = sh.project_rows()
    path = book(
        tmp_path / "b.xlsx", [("旧表", rows_with("F13", "266米"), True), ("自评表", rows, False)]
    )
    assert total(path) == ("自评表", D("93.88"))
    assert total(path, "旧表") == ("旧表", D("95.08"))  # named: read, 93.88 + 1.2
    read = read_sheet(path)
    assert next(w.said.text("zh") for w in read.warnings) == (
        "这个工作簿中隐藏的工作表也有指标表，未读取：旧表"
    )


def test_only_hidden_tables_is_an_error_naming_them(tmp_path: Path) -> None:
    rows, _ = sh.project_rows()
    path = book(tmp_path / "b.xlsx", [("说明", [["填表说明"]], False), ("自评表", rows, True)])
    with pytest.raises(ScoringError) as info:
        read_sheet(path)
    problem = info.value.problems[0]
    assert problem.said.text("zh") == "有指标表的工作表都是隐藏的：自评表"
    assert problem.hint is not None
    assert "--sheet 自评表" in str(problem.hint)


def test_score_names_the_other_sheets_with_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, _ = sh.project_rows()
    path = book(
        tmp_path / "b.xlsx", [("甲项目", rows, False), ("乙项目", rows_with("F13", "266米"), False)]
    )
    assert main(["--lang", "zh", "score", str(path)]) == 0
    captured = capsys.readouterr()
    assert "总分: 93.88" in captured.out
    assert "这个工作簿的其他工作表也有指标表：乙项目；只读取了甲项目" in captured.err
    assert main(["--lang", "zh", "score", str(path), "--sheet", "乙项目"]) == 0
    captured = capsys.readouterr()
    assert "总分: 95.08" in captured.out
    assert "其他工作表" not in captured.err


def test_audit_reviews_every_visible_sheet_and_names_a_hidden_one(tmp_path: Path) -> None:
    """Two projects' sheets are two sheets audited; on 乙项目 the clerk's 18.8 for 266米 of
    ≥266米 is 1.2 short of the 20 the rule gives (A111, points lost on a met target)."""
    rows, _ = sh.project_rows()
    book(
        tmp_path / "b.xlsx",
        [
            ("甲项目", rows, False),
            ("乙项目", rows_with("F13", "266米"), False),
            ("旧表", rows, True),
        ],
    )
    report = audit_paths([tmp_path])
    assert [(s.sheet, s.unit) for s in report.sheets] == [
        ("甲项目", "城区道路维修"),
        ("乙项目", "城区道路维修"),
    ]
    second = [f.code for f in report.sheets[1].findings]
    assert "A111" in second
    assert "A111" not in [f.code for f in report.sheets[0].findings]
    assert [(k.file, k.reason.text("zh")) for k in report.skipped] == [
        (f"{tmp_path / 'b.xlsx'}:旧表", "隐藏的工作表，未复核（要复核它，请用 --sheet 旧表指定）")
    ]
