"""Files named .csv that are no comma-separated text, said as what they are.

A workbook saved (or renamed) under a .csv name was 'not UTF-8 text' with the
hint to save it as UTF-8; an empty one 'had no indicator table'; Excel's text
file separated by tabs, or a CSV separated by semicolons, was read as one
column and had 'no indicator table' either.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.core.errors import ScoringError
from scoring.files.sheets.reader import read_sheet

D = Decimal


def refused(path: Path) -> tuple[str, str]:
    with pytest.raises(ScoringError) as info:
        read_sheet(path)
    (problem,) = info.value.problems
    hint = problem.said_hint
    assert hint is not None
    return str(problem.location), f"{problem.said.text('zh')}（提示：{hint.text('zh')}）"


class TestNamedCsv:
    def test_an_xlsx(self, tmp_path: Path) -> None:
        pytest.importorskip("openpyxl")
        rows, merged = sh.project_rows()
        path = tmp_path / "表.csv"
        path.write_bytes(sh.write_xlsx(tmp_path / "表.xlsx", rows, merged).read_bytes())
        assert refused(path) == (
            str(path),
            "这个文件其实是 .xlsx 工作簿（Excel 2007 及以后），扩展名却是 .csv"
            "（提示：把扩展名改为 .xlsx）",
        )

    def test_an_xls(self, tmp_path: Path) -> None:
        pytest.importorskip("xlwt")
        rows, merged = sh.project_rows()
        path = tmp_path / "表.csv"
        path.write_bytes(sh.write_xls(tmp_path / "表.xls", rows, merged).read_bytes())
        said = refused(path)[1]
        assert said.startswith("这个文件其实是 .xls 工作簿（Excel 97-2003），扩展名却是 .csv")

    def test_empty(self, tmp_path: Path) -> None:
        path = tmp_path / "表.csv"
        path.write_bytes(b"")
        assert (
            refused(path)[1] == "文件是空的（0 字节）（提示：请在 Excel 或 WPS 中重新保存自评表）"
        )

    @pytest.mark.parametrize(("separator", "said"), [("\t", "制表符"), (";", "分号")])
    def test_separated_otherwise(self, tmp_path: Path, separator: str, said: str) -> None:
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "表.csv", rows)
        path.write_text(path.read_text("utf-8").replace(",", separator), encoding="utf-8")
        assert refused(path) == (
            f"{path}:1",
            f"这个 CSV 的各列用{said}分隔，而不是逗号"
            "（提示：用 Excel 或 WPS 打开，另存为 CSV UTF-8（逗号分隔）或 .xlsx）",
        )

    def test_a_csv_of_one_column_with_a_semicolon_in_a_name_is_read(self, tmp_path: Path) -> None:
        """The national layout's rows, comma separated, one 偏差原因 with a semicolon."""
        rows, _ = sh.project_rows()
        rows[12][8] = "两处路段延期；已督促"
        path = sh.write_csv(tmp_path / "表.csv", rows)
        assert read_sheet(path).facts.reasons["row_13"] == "两处路段延期；已督促"


class TestOutputOverASheetRead:
    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_audit_does_not_write_its_report_over_a_sheet_it_read(
        self, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """audit 甲.xlsx -o 甲.xlsx replaced the clerk's sheet with the report (score
        refused it): a sheet the command read is one of its inputs, not to be written."""
        pytest.importorskip("openpyxl")
        from scoring.cli.app import main  # noqa: PLC0415

        rows, merged = sh.project_rows()
        sheet = sh.write_xlsx(tmp_path / "甲.xlsx", rows, merged)
        before = sheet.read_bytes()
        assert (
            main(["--lang", "zh", "audit", str(tmp_path), "--format", fmt, "-o", str(sheet)]) == 2
        )
        assert sheet.read_bytes() == before
        err = capsys.readouterr().err
        assert (
            f"{sheet}: 这是本命令的输入文件之一：-o 会覆盖它（提示：请给报告换一个文件名）" in err
        )


class TestWorkbookTooLarge:
    def test_refused_before_it_is_opened(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A workbook whose sheets unpack beyond the bound was opened whatever its size
        (44 MB of XML took 19 s and 420 MB; a zip bomb never ends). The bound is lowered
        here below the project sheet's 6 KB of XML: the same check, without building one."""
        pytest.importorskip("openpyxl")
        from scoring.files.audit import audit_paths  # noqa: PLC0415
        from scoring.files.sheets import grid  # noqa: PLC0415

        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)
        assert read_sheet(path).facts.unit == "城区道路维修"
        monkeypatch.setattr(grid, "MAX_UNPACKED_BYTES", 4096)
        monkeypatch.setattr(grid, "MiB", 1024)  # the sizes said in KiB here
        assert refused(path) == (
            str(path),
            "这个工作簿的工作表解压后有 6 MiB，超过读取自评表的上限 4 MiB"
            "（提示：删去自评表以外的工作表（如明细数据），或把自评表复制到新的工作簿，再保存）",
        )
        (unread,) = audit_paths([path]).unreadable
        assert unread.file == str(path)


class TestUnitsTypedInNumberCells:
    """The project sheet's funds block is 项目资金（万元）: 37.24 ÷ 43.2 = 86.2% of 10 points."""

    def sheet(self, tmp_path: Path, **cells: str) -> Path:
        rows, merged = sh.project_rows()
        rows = [list(r) for r in rows]
        for ref, value in cells.items():
            row, column = sh._cell(ref)
            rows[row][column] = value
        return sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)

    def test_an_amount_in_yuan_in_a_block_of_wan_yuan_is_refused(self, tmp_path: Path) -> None:
        """372400元 was read as 372400 万元: an execution rate of 862037%, full points."""
        pytest.importorskip("openpyxl")
        path = self.sheet(tmp_path, E6="372400元")
        assert refused(path) == (
            f"{path}:自评表!E6",
            "全年执行数 '372400元' 以元计，而资金块以万元计（提示：所有金额都以万元填写）",
        )
        from scoring.files.audit import audit_paths  # noqa: PLC0415

        codes = [(f.code, f.cell.rsplit("!", 1)[-1]) for f in audit_paths([path]).findings]
        assert codes == [("A199", "E6"), ("A112", "F15")]  # no A107/A108 on 862037%

    def test_amounts_in_two_units_are_refused_when_the_block_says_none(
        self, tmp_path: Path
    ) -> None:
        pytest.importorskip("openpyxl")
        path = self.sheet(tmp_path, A5="项目资金", D6="43.2万元", E6="372400元")
        where, said = refused(path)
        assert (where, said) == (
            f"{path}:自评表!E6",
            "全年执行数 '372400元' 以元计，而另一个金额以万元计（提示：所有金额都以万元填写）",
        )

    def test_amounts_in_one_unit_are_read(self, tmp_path: Path) -> None:
        """432000元 and 372400元: the rate is their quotient, 86.2%, whatever the unit."""
        pytest.importorskip("openpyxl")
        from scoring.core.engine import score  # noqa: PLC0415

        path = self.sheet(tmp_path, A5="项目资金", D6="432000元", E6="372400元")
        read = read_sheet(path)
        card = score(read.indicators, read.weights, read.facts)
        assert card.row("budget_execution_rate").points == D("8.62")

    def test_points_in_yuan_are_refused(self, tmp_path: Path) -> None:
        """分值 '20元' was read as 20 points."""
        pytest.importorskip("openpyxl")
        path = self.sheet(tmp_path, G13="20元")
        assert refused(path) == (
            f"{path}:自评表!G13",
            "分值 '20元' 不是数字（提示：分值请填写纯数字）",
        )
