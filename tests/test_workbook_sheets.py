"""Which worksheets of a workbook are read: hidden sheets, and several sheets with a table.

A clerk's workbook often holds more than the sheet handed in: last year's copy
hidden away, or one sheet per project. A hidden sheet is what nobody sees on
screen or on paper, so it is never read in place of the visible one; every
visible sheet with a table is audited, and ``score`` names those it did not read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.analysis.audit import Finding
from scoring.cli.app import main
from scoring.core.errors import ScoringError
from scoring.core.messages import Message
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
    assert "总分：93.88" in captured.out
    assert "这个工作簿的其他工作表也有指标表：乙项目；只读取了甲项目" in captured.err
    assert main(["--lang", "zh", "score", str(path), "--sheet", "乙项目"]) == 0
    captured = capsys.readouterr()
    assert "总分：95.08" in captured.out
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


def encrypted_ooxml() -> bytes:
    """The start of an .xlsx with a password to open, as MS-CFB lays it out: the OLE2
    header (sector shift 9 at offset 30, first directory sector 0 at offset 48), then the
    directory: Root Entry and the EncryptionInfo and EncryptedPackage streams (128 bytes
    each, the name in UTF-16LE)."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    header[30:32] = (9).to_bytes(2, "little")
    header[48:52] = (0).to_bytes(4, "little")
    directory = b"".join(
        name.encode("utf-16-le").ljust(128, b"\0")
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage", "")
    )
    return bytes(header) + directory


class TestNotTheWorkbookItsNameSays:
    """A file named .xlsx or .xls that is something else is said to be what it is."""

    @pytest.mark.parametrize(
        ("name", "content", "said"),
        [
            (
                "导出.xls",
                "<html><body><table><tr><td>项目名称</td></tr></table></body></html>".encode(),
                "这个文件其实是网页（HTML）或 XML 表格（网上系统“导出Excel”常给出这种文件），"
                "不是工作簿，扩展名却是 .xls",
            ),
            (
                "导出.xlsx",
                "项目名称,城区道路维修\n一级指标,三级指标\n".encode("gb18030"),
                "这个文件其实是文本（用逗号或制表符分隔的表格），不是工作簿，扩展名却是 .xlsx",
            ),
            (
                "导出.xls",
                "项目名称\t城区道路维修\n".encode(),
                "这个文件其实是文本（用逗号或制表符分隔的表格），不是工作簿，扩展名却是 .xls",
            ),
            ("空.xlsx", b"", "文件是空的（0 字节）"),
            ("加密.xlsx", encrypted_ooxml(), "这个工作簿设有打开密码，无法读取"),
            ("损坏.xlsx", b"PK\x03\x04" + bytes(200), "工作簿已损坏或不完整"),
        ],
        ids=["html", "csv-gb18030", "tsv", "empty", "password", "cut-short"],
    )
    def test_said_at_the_file(self, tmp_path: Path, name: str, content: bytes, said: str) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert problem.said.text("zh") == said
        assert str(problem.location) == str(path)

    def test_a_word_document_and_a_workbook_under_the_other_name(self, tmp_path: Path) -> None:
        import zipfile  # noqa: PLC0415

        word = tmp_path / "报告.xlsx"
        with zipfile.ZipFile(word, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        with pytest.raises(ScoringError, match="zip archive with no workbook"):
            read_sheet(word)
        rows, merged = sh.project_rows()
        xlsx = sh.write_xlsx(tmp_path / "a.xlsx", rows, merged)
        named_xls = tmp_path / "b.xls"
        named_xls.write_bytes(xlsx.read_bytes())
        with pytest.raises(ScoringError, match=r"an \.xlsx workbook .*, though named \.xls"):
            read_sheet(named_xls)
        pytest.importorskip("xlwt")
        xls = sh.write_xls(tmp_path / "c.xls", rows, merged)
        named_xlsx = tmp_path / "d.xlsx"
        named_xlsx.write_bytes(xls.read_bytes())
        with pytest.raises(ScoringError) as info:
            read_sheet(named_xlsx)
        assert info.value.problems[0].hint is not None
        assert "rename it to .xls" in str(info.value.problems[0].hint)
        assert total(xls) == ("自评表", D("93.88"))  # a real .xls still reads

    def test_audit_lists_it_and_goes_on(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rows, merged = sh.project_rows()
        sh.write_xlsx(tmp_path / "甲.xlsx", rows, merged)
        (tmp_path / "乙.xls").write_bytes(b"<html><table><tr><td>1</td></tr></table></html>")
        assert main(["--lang", "zh", "audit", str(tmp_path)]) == 2
        out = capsys.readouterr().out
        assert "乙.xls：无法读取" in out
        assert "网页（HTML）" in out
        assert "共复核 1 张自评表" in out


class TestSpacesInANumber:
    """A space inside a number (1 250, 18 .8) is refused at its cell: whether 1 250 is 1250
    with a thousands space or a slip for 250 is the clerk's to say. Spaces around a number,
    its operator and its unit are no problem."""

    @pytest.mark.parametrize(
        ("cell", "written"),
        [("F13", "1 250米"), ("H13", "18 .8"), ("E13", "≥2 66米"), ("G13", "2 0")],
    )
    def test_refused_at_the_cell(self, tmp_path: Path, cell: str, written: str) -> None:
        _, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows_with(cell, written), merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert str(problem.location).endswith(f"自评表!{cell}")
        assert problem.said.text("zh") == f"{written!r} 的数字中间有空格"

    def test_spaces_around_are_read(self, tmp_path: Path) -> None:
        """' 250 米 ' against '≥ 266 米' is 250 ÷ 266 × 20 = 18.797 → 18.80, as 250米 is."""
        rows = rows_with("F13", " 250 米 ")
        rows[12][4], rows[12][7] = "≥ 266 米", "18.8 分"
        _, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        assert total(path) == ("自评表", D("93.88"))
        assert read_sheet(path).facts.self_scores["row_13"] == D("18.8")

    def test_a_csv_sheet_alike(self, tmp_path: Path) -> None:
        rows, _ = sh.project_rows()
        rows[12][5] = "1 250米"
        path = sh.write_csv(tmp_path / "s.csv", rows)
        with pytest.raises(ScoringError, match="has a space inside its number"):
            read_sheet(path)


class TestADateInACell:
    """A cell formatted as a date (or 2-10 typed, which Excel makes a date) holds a date, not
    the number it looks like: the clerk is told it is the cell's format, and what to do."""

    HINT = "把单元格格式改为“常规”或“数值”（右键 → 设置单元格格式），再重新填写"

    @pytest.mark.parametrize(
        ("cell", "value", "said"),
        [
            ("F13", datetime.datetime(2023, 2, 10), "实际完成值是日期 2023-02-10"),
            ("G13", datetime.datetime(1900, 1, 20), "分值是日期 1900-01-20"),  # 20, as a date
            ("E13", datetime.datetime(2023, 9, 30), "年度指标值是日期 2023-09-30"),
            ("F13", datetime.time(10, 30), "实际完成值是时间 10:30:00"),
        ],
        ids=["achieved", "points", "target", "time"],
    )
    def test_said_at_the_cell(self, tmp_path: Path, cell: str, value: object, said: str) -> None:
        _, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows_with(cell, value), merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert str(problem.location) == f"{path}:自评表!{cell}"
        kind = "时间" if "时间" in said else "日期"
        assert problem.said.text("zh") == (
            f"{said}：单元格格式是{kind}，所以 Excel 把它显示成{kind}"
        )
        assert isinstance(problem.said_hint, Message)
        assert problem.said_hint.text("zh") == self.HINT
        assert "because of the cell's format" in problem.said.text("en")

    def test_an_xls_date_and_time_alike(self, tmp_path: Path) -> None:
        """An .xls keeps a date as a day number and a time as a fraction of a day (10:30 is
        0.4375): both are said as what the cell shows."""
        pytest.importorskip("xlwt")
        _, merged = sh.project_rows()
        rows = rows_with("F13", datetime.datetime(2023, 2, 10))
        rows[14][5] = datetime.time(10, 30)  # F15
        path = sh.write_xls(tmp_path / "s.xls", rows, merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        said = {str(p.location)[-3:]: p.said.text("zh") for p in info.value.problems}
        assert said["F13"].startswith("实际完成值是日期 2023-02-10：")
        assert said["F15"].startswith("实际完成值是时间 10:30:00：")

    def test_a_deadline_takes_a_date_of_its_year_without_an_operator_warning(
        self, tmp_path: Path
    ) -> None:
        """2023-08-10 for 9月底前 is month 8, as 8月 is: 93.88, and no word of an operator."""
        _, merged = sh.project_rows()
        rows = rows_with("F16", datetime.datetime(2023, 8, 10))
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        assert total(path) == ("自评表", D("93.88"))
        assert [w.said.text("en") for w in read_sheet(path).warnings] == []

    def test_a_deadline_refuses_a_date_of_another_year(self, tmp_path: Path) -> None:
        """Done 2024-01-10 against 9月底前 on the 2023 sheet: late, not 'month 1, met'."""
        _, merged = sh.project_rows()
        rows = rows_with("F16", datetime.datetime(2024, 1, 10))
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert str(problem.location).endswith("自评表!F16")
        assert problem.said.text("zh") == (
            "日期 2024-01-10 不在年度指标值 '9月底前' 所指的 2023 年内"
        )

    @pytest.mark.parametrize("text", ["2024年1月", "2024年1月完成", "2022年12月"])
    def test_a_deadline_refuses_a_month_written_in_another_year(
        self, text: str, tmp_path: Path
    ) -> None:
        """Written as text, 2024年1月 against 9月底前 on the 2023 sheet was read as month 1
        (met): refused as the date cell is; 2023年8月 is month 8, as 8月 is (93.88)."""
        _, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows_with("F16", text), merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert str(problem.location).endswith("自评表!F16")
        assert problem.said.text("zh") == f"日期 {text}不在年度指标值 '9月底前' 所指的 2023 年内"
        path = sh.write_xlsx(tmp_path / "t.xlsx", rows_with("F16", "2023年8月"), merged)
        assert total(path) == ("自评表", D("93.88"))


class TestAuditSaysWhatScoreSays:
    """An achieved value that is no number is explained by audit (A116) in the words the
    sheet reader gives ``scoring score``: an Excel error, full-width digits, a date."""

    @pytest.mark.parametrize(
        ("value", "said"),
        [
            ("#DIV/0!", "实际完成值显示 Excel 错误 #DIV/0!"),
            ("２５０米", "'２５０' 是用全角字符写的"),
            (datetime.datetime(2023, 2, 10), "实际完成值是日期 2023-02-10"),
            ("基本完成", "实际完成值 '基本完成' 不是数字，而年度指标值 '≥266米' 需要数字"),
        ],
        ids=["excel-error", "full-width", "date", "words"],
    )
    def test_a116_in_the_readers_words(self, tmp_path: Path, value: object, said: str) -> None:
        _, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows_with("F13", value), merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        (problem,) = info.value.problems
        assert problem.said.text("zh").startswith(said)
        assert isinstance(problem.said_hint, Message)
        (finding,) = [f for f in audit_paths([path]).findings if f.code == "A116"]
        assert finding.cell == f"{path}:自评表!F13"
        for lang in ("zh", "en"):
            assert finding.message.text(lang) == (
                f"{problem.said.text(lang)}{'（提示：' if lang == 'zh' else ' (hint: '}"
                f"{problem.said_hint.text(lang)}{'）' if lang == 'zh' else ')'}"
            )


class TestSpreadsheetsOfOtherKinds:
    """A spreadsheet the reader cannot open (WPS .et, .ods, .xlsb, a template, Numbers) is
    refused with what to do, by score and import, and listed by audit as not read: never
    read as a YAML file, never passed over. An .xlsm (a workbook with macros) is read."""

    def test_audit_lists_each_and_reads_an_xlsm(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rows, merged = sh.project_rows()
        sheet = sh.write_xlsx(tmp_path / "甲.xlsx", rows, merged)
        (tmp_path / "乙.xlsm").write_bytes(sheet.read_bytes())
        sheet.unlink()
        for name in ("丙.et", "丁.ods", "戊.xlsb", "己.numbers", "庚.xltx"):
            (tmp_path / name).write_bytes(b"PK\x03\x04" + bytes(100))
        (tmp_path / "说明.docx").write_bytes(b"PK\x03\x04")
        (tmp_path / "说明.txt").write_text("附件说明")
        (tmp_path / "~$乙.xlsm").write_bytes(b"\x00")  # Excel's lock file
        report = audit_paths([tmp_path])
        assert [s.file for s in report.sheets] == [str(tmp_path / "乙.xlsm")]
        assert [(Path(u.file).name, str(u.problems[0])) for u in report.unreadable] == [
            ("丁.ods", f"{tmp_path / '丁.ods'}: this file is an OpenDocument spreadsheet"
             " (.ods, from LibreOffice or WPS), which cannot be read (hint: open it in Excel"
             " or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿))"),
            ("丙.et", f"{tmp_path / '丙.et'}: this file is a WPS 表格 workbook (.et), which"
             " cannot be read (hint: open it in WPS and save it as .xlsx"
             " (文件 → 另存为 → Excel 工作簿))"),
            ("己.numbers", f"{tmp_path / '己.numbers'}: this file is an Apple Numbers"
             " spreadsheet (.numbers), which cannot be read (hint: export it from Numbers"
             " as Excel (.xlsx))"),
            ("庚.xltx", f"{tmp_path / '庚.xltx'}: this file is an Excel template (.xltx),"
             " which cannot be read (hint: open it in Excel or WPS and save it as .xlsx"
             " (文件 → 另存为 → Excel 工作簿))"),
            ("戊.xlsb", f"{tmp_path / '戊.xlsb'}: this file is an Excel binary workbook"
             " (.xlsb), which cannot be read (hint: open it in Excel or WPS and save it as"
             " .xlsx (文件 → 另存为 → Excel 工作簿))"),
        ]  # fmt: skip
        assert main(["--lang", "zh", "audit", str(tmp_path)]) == 2
        out = capsys.readouterr().out
        assert (
            "丙.et: 这个文件是 WPS 表格文件（.et），无法读取"
            "（提示：请用 WPS 打开，另存为 .xlsx（文件 → 另存为 → Excel 工作簿））"
        ) in out
        # The files that are no sheets are listed too, each with why (they were not, and a
        # unit's 自评表 sent as .docx would go unnoticed); they are not counted as not read.
        assert [(Path(k.file).name, k.reason.text("zh")) for k in report.skipped] == [
            ("~$乙.xlsm", "Excel 或 WPS 在工作簿打开时留下的锁定文件，不是自评表"),
            ("说明.docx", "不是自评表（.docx 文件），未读取"),
            ("说明.txt", "不是自评表（.txt 文件），未读取"),
        ]
        assert f"{tmp_path / '说明.docx'}：已跳过：不是自评表（.docx 文件），未读取" in out
        assert "共复核 1 张自评表" in out

    @pytest.mark.parametrize("command", ["score", "import"])
    def test_score_and_import_refuse_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        path = tmp_path / "自评表.et"
        path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600))
        extra = ["-o", str(tmp_path / "out")] if command == "import" else []
        assert main(["--lang", "zh", command, str(path), *extra]) == 2
        err = capsys.readouterr().err
        assert f"{path}: 这个文件是 WPS 表格文件（.et），无法读取" in err
        assert "Traceback" not in err


class TestHiddenRows:
    """Rows hidden in Excel (last year's rows a clerk hid, a filter) are read like the others,
    and a warning names them: nobody sees them on screen or on paper."""

    def test_named_in_a_warning(self, tmp_path: Path) -> None:
        """Rows 14 (其中：主干道) and 17 (维修成本) hidden: still read, so the total is the
        sheet's 93.88, and the warning names both, at the first."""
        import openpyxl  # noqa: PLC0415

        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        workbook = openpyxl.load_workbook(path)
        for row in (3, 14, 17):  # row 3 (项目名称) is above the table: no indicator row
            workbook.active.row_dimensions[row].hidden = True
        workbook.save(path)
        assert total(path) == ("自评表", D("93.88"))
        (warning,) = read_sheet(path).warnings
        assert str(warning.location) == f"{path}:自评表!D14"
        assert warning.said.text("zh") == (
            "以下行在 Excel 中是隐藏的，仍像显示的行一样读取："
            "自评表!D14 其中：主干道、自评表!D17 维修成本"
        )
        assert warning.said.text("en") == (
            "rows hidden in Excel are read as if shown:"
            " 自评表!D14 其中：主干道, 自评表!D17 维修成本"
        )

    def test_audit_names_them(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The bureau's review says so too (A120, a warning, at the first hidden row), and
        checks the hidden rows as the others: the sheet's own figures still add up."""
        import openpyxl  # noqa: PLC0415

        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        workbook = openpyxl.load_workbook(path)
        for row in (14, 17):
            workbook.active.row_dimensions[row].hidden = True
        workbook.save(path)
        (sheet,) = audit_paths([path]).sheets
        (finding,) = [f for f in sheet.findings if f.code == "A120"]
        assert (finding.severity, finding.cell) == ("warning", f"{path}:自评表!D14")
        assert finding.message.text("zh") == (
            "以下行在 Excel 中是隐藏的，仍像显示的行一样读取："
            "自评表!D14 其中：主干道、自评表!D17 维修成本"
        )
        assert (sheet.printed_total, sheet.computed_total) == (D("93.88"), D("93.88"))
        # The same sheet without hidden rows: the same findings, less the A120.
        path = sh.write_xlsx(tmp_path / "plain.xlsx", rows, merged)
        (plain,) = audit_paths([path]).sheets

        def kept(findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
            return [(f.code, f.cell.rsplit(":", 1)[1]) for f in findings if f.code != "A120"]

        assert kept(sheet.findings) == kept(plain.findings) == [("A112", "自评表!F15")]
        assert "A120" not in [f.code for f in plain.findings]

    def test_an_xls_alike(self, tmp_path: Path) -> None:
        pytest.importorskip("xlwt")
        (warning,) = read_sheet(_xls_with_hidden_row(tmp_path / "h.xls", 17)).warnings
        assert warning.said.text("en").endswith(": 自评表!D17 维修成本")


def _xls_with_hidden_row(path: Path, hidden: int) -> Path:
    """The project sheet as an .xls (percents as plain numbers) with row ``hidden`` hidden."""
    import xlwt  # noqa: PLC0415

    rows, _ = sh.project_rows()
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("自评表")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value.fraction if isinstance(value, sh.Pct) else value)
    sheet.row(hidden - 1).hidden = True
    book.save(str(path))
    return path


class TestTwoRowsOfOneName:
    """Two scored rows with one 三级指标 are two indicators (row_13, row_17), each scored; a
    warning names both cells, and a lookup by the name refuses to guess which is meant."""

    @staticmethod
    def sheet(tmp_path: Path) -> Path:
        rows = rows_with("D17", "维修道路长度")  # 维修成本 (≤200万元, 210万元) renamed
        _, merged = sh.project_rows()
        return sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)

    def test_warned_at_the_second(self, tmp_path: Path) -> None:
        read = read_sheet(self.sheet(tmp_path))
        assert [i.id for i in read.indicators if i.name == "维修道路长度"] == ["row_13", "row_17"]
        (warning,) = read.warnings
        assert str(warning.location).endswith("自评表!D17")
        assert warning.said.text("zh") == (
            "有两行的三级指标都是 '维修道路长度'：自评表!D13 和自评表!D17；"
            "按名称指定一行时（--set、事实文件中的中文名称）分不清是哪一行"
        )

    def test_audit_names_the_second(self, tmp_path: Path) -> None:
        """The review says so too (A121, a warning at the second row, naming the first);
        each row is still checked by its own figures."""
        (sheet,) = audit_paths([self.sheet(tmp_path)]).sheets
        (finding,) = [f for f in sheet.findings if f.code == "A121"]
        assert (finding.severity, finding.cell) == ("warning", f"{tmp_path / 's.xlsx'}:自评表!D17")
        assert finding.message.text("zh") == "三级指标 '维修道路长度' 与自评表!D13 同名"
        assert finding.message.text("en") == (
            "the 三级指标 '维修道路长度' is also the name of 自评表!D13"
        )
        (plain,) = audit_paths([sh.write_xlsx(tmp_path / "p.xlsx", *sh.project_rows())]).sheets
        assert "A121" not in [f.code for f in plain.findings]

    def test_set_by_the_name_is_refused_and_by_the_id_taken(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--set row_17=260: the cost row scores 200 ÷ 260 × 5 = 3.846 → 3.85 (was 4.76),
        so 93.88 - 0.91 = 92.97; by the name it was taken as row_17 silently."""
        path = str(self.sheet(tmp_path))
        assert main(["--lang", "zh", "score", path, "--set", "维修道路长度=260"]) == 2
        err = capsys.readouterr().err
        assert (
            "--set 维修道路长度：有 2 项指标都叫 '维修道路长度'："
            "row_13 (自评表!D13)、row_17 (自评表!D17)"
            "（提示：请用编号指定要改的那一项，如 --set row_13=260）"
        ) in err
        assert main(["--lang", "zh", "score", path, "--set", "row_17=260"]) == 0
        assert "总分 93.88 → 92.97（-0.91）" in capsys.readouterr().out

    def test_a_facts_file_naming_it_is_refused(self, tmp_path: Path) -> None:
        from scoring.core.model import Facts  # noqa: PLC0415
        from scoring.files.names import resolve_facts  # noqa: PLC0415

        read = read_sheet(self.sheet(tmp_path))
        facts = Facts(unit="u", year=2023, facts={}, reasons={"维修道路长度": "两处路段延期"})
        with pytest.raises(ScoringError) as info:
            resolve_facts(facts, read.indicators)
        (problem,) = info.value.problems
        assert problem.said.text("zh") == (
            "有 2 项指标都叫 '维修道路长度'（row_13、row_17），不知道指的是哪一项"
        )
        named = Facts(unit="u", year=2023, facts={}, reasons={"验收合格率": "抽检"})
        assert resolve_facts(named, read.indicators).reasons == {"row_15": "抽检"}
