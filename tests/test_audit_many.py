"""scoring audit over a bureau's folder of many sheets: the summary a reviewer reads in an
80-column terminal, the progress in a log, and the report files.

Each sheet is the national project layout of ``sheets_helpers.project_rows`` (rows
worth 93.88 by their rules) with a reason on 验收合格率, so that a sheet whose
figures follow has no finding; a sheet with an arithmetic slip prints 总分 95.88,
2 more than its rows' 93.88 (A106, and 2 in the ranking).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.cli.app import main
from scoring.rendering._common import width


def _folder(tmp_path: Path, slips: int, clean: int = 0) -> Path:
    """``slips`` sheets printing 总分 95.88 over rows of 93.88, and ``clean`` ones; as CSV."""
    folder = tmp_path / "2023自评表"
    folder.mkdir()
    for n in range(slips + clean):
        rows, _ = sh.project_rows()
        rows[2][1] = f"道路维修{n:02d}"
        rows[14][8] = "两批次返工"
        if n < slips:
            rows[19][7] = 95.88
        sh.write_csv(folder / f"{n:02d}.csv", rows)
    return folder


def _audit(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--lang", "zh", "audit", str(folder), *args])
    out, err = capsys.readouterr()
    return status, out, err


class TestSummary:
    def test_counts_on_two_lines_within_80_columns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """3 slips among 5 sheets: 5 audited, 3 with findings, 3 errors (A106), exit 1; the
        folder named as a reviewer types it, every line of the summary fits 80 columns."""
        _folder(tmp_path, 3, 2)
        monkeypatch.chdir(tmp_path)
        status, out, _ = _audit(Path("2023自评表"), capsys)
        assert status == 1
        lines = out.splitlines()
        at = lines.index("共复核 5 张自评表，3 张有问题；0 个文件无法读取")
        assert lines[at + 1 : at + 4] == [
            "共 3 个问题：错误 3 个，警告 0 个",
            "按代码统计：",
            "  A106     3  总分不等于各行得分之和",
        ]
        assert max(width(line) for line in lines[at:]) <= 80

    def test_the_ranking_names_the_first_20(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """25 sheets 2 points off: the first 20 by name, the difference padded to its own
        width, and the 5 others counted (each is listed with its finding above)."""
        folder = _folder(tmp_path, 25)
        _, out, _ = _audit(folder, capsys)
        lines = out.splitlines()
        at = lines.index("按表中总分与计算总分之差排序：")
        ranked = lines[at + 1 :]
        assert ranked[0] == f"  2  {folder}/00.csv：表中 95.88，计算 93.88"
        assert ranked[19] == f"  2  {folder}/19.csv：表中 95.88，计算 93.88"
        assert ranked[20:] == [
            "  另有 5 张（各表的问题见上文；全部表见 --format csv、xlsx 或 json）"
        ]
        assert out.count("A106 错误") == 25

    def test_progress_in_a_log_is_one_line_each_not_carriage_returns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Standard error that is not a terminal (a log file, here pytest's capture): 25 files
        get the one line at the end, no \\r."""
        _, _, err = _audit(_folder(tmp_path, 0, 25), capsys)
        assert err == "scoring audit：已复核 25 / 25 个文件\n"


class TestCells:
    def test_a_cell_not_read_says_what_to_do(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An empty 实际完成值 (群众满意度, F19) is A199 with the reader's hint, as score
        says it."""
        folder = tmp_path / "f"
        folder.mkdir()
        rows, _ = sh.project_rows()
        rows[14][8] = "两批次返工"
        rows[18][5] = None
        sh.write_csv(folder / "a.csv", rows)
        _, out, _ = _audit(folder, capsys)
        assert (
            f"  A199 错误 {folder}/a.csv:F19\n"
            "    实际完成值为空（提示：填写实际完成的情况；不适用的行请把分值留空）\n"
        ) in out


class TestXlsx:
    def test_the_cell_column_shows_the_whole_reference(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A deep folder's references are not cut at the column's edge (H2 for H20): the
        column is as wide as the longest, 2 more; a file not read is on the summary sheet."""
        openpyxl = pytest.importorskip("openpyxl")
        deep = tmp_path / "岳阳市财政局" / "2023年度绩效自评复核" / "各县市区报送"
        deep.mkdir(parents=True)
        folder = _folder(deep, 1)
        (folder / "坏.xlsx").write_bytes(b"not a workbook")
        out = tmp_path / "复核.xlsx"
        status, _, _ = _audit(folder, capsys, "--format", "xlsx", "-o", str(out))
        assert status == 2
        book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
        findings, summary = book.worksheets
        cell = findings.cell(2, 3).value
        assert cell == f"{folder}/00.csv:H20"
        assert findings.column_dimensions["C"].width == min(80, max(36, width(cell) + 2))
        labels = [(r[0].value, r[2].value) for r in summary.iter_rows() if r[0].value]
        (said,) = [text for label, text in labels if label == str(folder / "坏.xlsx")]
        assert said.startswith(f"无法读取：{folder / '坏.xlsx'}: 这个文件其实是文本")


class TestFilesNotRead:
    """A file not read has its row in the CSV and in the xlsx findings sheet, as it has its
    lines in the text: a reviewer sorting or filtering the table must not lose it."""

    REASON = (
        "这个文件其实是文本（用逗号或制表符分隔的表格），不是工作簿，扩展名却是 .xlsx"
        "（提示：用 Excel 或 WPS 打开，另存为 .xlsx；CSV 文件也可以把扩展名改为 .csv）"
    )

    def test_csv_row(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        folder = _folder(tmp_path, 1, 1)
        bad = folder / "坏.xlsx"
        bad.write_bytes(b"not a workbook")
        out = tmp_path / "复核.csv"
        assert main(["--lang", "zh", "audit", str(folder), "--format", "csv", "-o", str(out)]) == 2
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert rows[0] == [
            "代码",
            "严重程度",
            "单元格",
            "表中数字",
            "计算结果",
            "差额",
            "问题",
            "单位",
        ]
        assert [r[0] for r in rows[1:]] == ["A106", ""]  # the finding, then the file not read
        assert rows[-1] == ["", "无法读取", str(bad), "", "", "", f"{bad}: {self.REASON}", ""]
        capsys.readouterr()
        assert main(["audit", str(folder), "--format", "csv", "--lang", "en"]) == 2
        rows = list(csv.reader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
        assert rows[-1][:3] == ["", "cannot be read", str(bad)]
        assert rows[-1][6].startswith(f"{bad}: this file is plain text")

    def test_xlsx_row(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        folder = _folder(tmp_path, 1, 1)
        bad = folder / "坏.xlsx"
        bad.write_bytes(b"not a workbook")
        out = tmp_path / "复核.xlsx"
        assert main(["--lang", "zh", "audit", str(folder), "--format", "xlsx", "-o", str(out)]) == 2
        findings = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).worksheets[0]
        rows = [tuple(c.value for c in r) for r in findings.iter_rows()]
        assert rows[-1] == (
            None,
            "无法读取",
            str(bad),
            None,
            None,
            None,
            f"{bad}: {self.REASON}",
            None,
        )
        assert findings.auto_filter.ref == f"A1:H{len(rows)}"


class TestWidth:
    WPS = (
        "这个文件是 WPS 表格文件（.et），无法读取（提示：请用 WPS 打开，另存为 .xlsx"
        "（文件 → 另存为 → Excel 工作簿））"
    )

    def _run(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
    ) -> tuple[int, list[str]]:
        folder = tmp_path / "报送"
        folder.mkdir()
        (folder / "丙.et").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600))
        status = main(["--lang", "zh", "audit", str(folder), "-q", *args])
        return status, capsys.readouterr().out.splitlines()

    def test_folded_into_the_columns_given(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--width 60: the reason a file was not read (over 100 cells with its path) is cut
        into lines of at most 60 under its indent, none lost, none starting with a closing
        mark; exit 2 (a file not read)."""
        status, lines = self._run(tmp_path, capsys, "--width", "60")
        assert status == 2
        start = lines.index(f"{tmp_path / '报送' / '丙.et'}：无法读取") + 1
        said = lines[start : lines.index("", start)]
        assert len(said) > 1
        assert all(line.startswith("  ") and width(line) <= 60 for line in said)
        assert all(line[2] not in "，。）" for line in said)
        assert "".join(line[2:] for line in said).replace(" ", "") == (
            f"{tmp_path / '报送' / '丙.et'}: {self.WPS}".replace(" ", "")
        )

    def test_a_file_or_pipe_gets_whole_lines(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Not a terminal and no --width: the line is whole, the same bytes wherever run."""
        _, lines = self._run(tmp_path, capsys)
        assert f"  {tmp_path / '报送' / '丙.et'}: {self.WPS}" in lines

    def test_too_narrow_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["--lang", "zh", "audit", str(tmp_path), "--width", "30"]) == 2
        assert "--width 30" in capsys.readouterr().err


class TestReportToAFile:
    @staticmethod
    def _folder(tmp_path: Path) -> Path:
        folder = _folder(tmp_path, 1, 1)
        (folder / "坏.xlsx").write_bytes(b"not a workbook")
        return folder

    def test_what_the_file_cannot_show_is_said(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o 复核.csv: standard error still names the file not read (an error, kept with -q)
        and gives the counts: 2 sheets, 1 with the slip (A106), 1 finding, 1 file not read;
        exit 2."""
        folder = self._folder(tmp_path)
        out = tmp_path / "复核.csv"
        assert main(["--lang", "zh", "audit", str(folder), "--format", "csv", "-o", str(out)]) == 2
        assert capsys.readouterr().err == (
            f"scoring: 错误：{folder / '坏.xlsx'}: 这个文件其实是文本（用逗号或制表符分隔的表格），"
            "不是工作簿，扩展名却是 .xlsx（提示：用 Excel 或 WPS 打开，另存为 .xlsx；CSV 文件也"
            "可以把扩展名改为 .csv）\n"
            "scoring audit：共复核 2 张自评表，1 张有问题，共 1 个问题；1 个文件无法读取\n"
        )
        assert out.read_text(encoding="utf-8-sig").count("\nA106,") == 1
        assert main(["--lang", "zh", "audit", str(folder), "-q", "-o", str(out)]) == 2
        assert capsys.readouterr().err.startswith("scoring: 错误：")

    def test_an_output_it_will_not_write_is_refused_first(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a folder: refused before any sheet is read (no file not read is said)."""
        folder = self._folder(tmp_path)
        assert main(["--lang", "zh", "audit", str(folder), "-o", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"scoring: 错误：{tmp_path}: 这是文件夹")
        assert "坏.xlsx" not in err
