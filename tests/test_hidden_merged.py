"""Hidden columns, hidden funds rows and merged cells of a clerk's sheet.

What nobody sees on screen or on paper is said when it is read (a hidden column, a
hidden 资金 row), and a hidden column is never read in place of a shown one of its
name. A merged cell is read as the sheet shows it where that is one text over
several cells (一级 over rows, 年度指标值 with 实际完成值 across, one 偏差原因 for a
group), and refused where it hides a row's own figure (分值, 得分).

The sheet is the national project layout of ``sheets_helpers.project_rows``: its
total is 8.62 + 18.80 + 14.70 + 10 + 4.76 + 27 + 10 = 93.88; 维修道路长度 at 266米
(last year's figure) would earn 20 instead of 250 ÷ 266 × 20 = 18.80, 95.08 in all.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring import score
from scoring.cli.app import main
from scoring.core.errors import ScoringError
from scoring.core.model import Judgement
from scoring.files.audit import audit_paths
from scoring.files.sheets.reader import read_sheet

pytest.importorskip("openpyxl")


def _total(path: Path) -> D:
    read = read_sheet(path)
    return score(read.indicators, read.weights, read.facts).total


def _with_column(rows: sh.Rows, index: int, values: dict[int, object]) -> sh.Rows:
    """``rows`` with a column inserted before the 0-based ``index``, ``values`` by sheet row."""
    return [[*r[:index], values.get(n), *r[index:]] for n, r in enumerate(rows, 1)]


def _hide(path: Path, *, columns: tuple[str, ...] = (), rows: tuple[int, ...] = ()) -> Path:
    import openpyxl  # noqa: PLC0415

    book = openpyxl.load_workbook(path)
    for letter in columns:
        book.active.column_dimensions[letter].hidden = True
    for row in rows:
        book.active.row_dimensions[row].hidden = True
    book.save(path)
    return path


def _warnings(path: Path, lang: str = "zh") -> list[tuple[str, str]]:
    return [(str(w.location), w.said.text(lang)) for w in read_sheet(path).warnings]


def _last_year(tmp_path: Path) -> Path:
    """Last year's 实际完成值 in a hidden column F (266米 for 维修道路长度), this year's in G."""
    rows, merged = sh.project_rows()
    old = {12: "实际完成值", **{n: rows[n - 1][5] for n in range(13, 20)}, 13: "266米"}
    merged = ["A1:J1", "A2:J2", "B3:J3", *merged[3:]]
    path = sh.write_xlsx(tmp_path / "s.xlsx", _with_column(rows, 5, old), merged)
    return _hide(path, columns=("F",))


class TestHiddenColumns:
    def test_a_hidden_column_is_not_read_for_a_shown_one(self, tmp_path: Path) -> None:
        """Of two 实际完成值 columns, the hidden one first, the shown one is read: 93.88, not
        the 95.08 of last year's 266米; a warning at the hidden header names both."""
        path = _last_year(tmp_path)
        assert _total(path) == D("93.88")
        assert _warnings(path) == [
            (
                f"{path}:自评表!F12",
                "自评表!F12 实际完成值这一列在 Excel 中是隐藏的，未读取；"
                "读取的是显示的自评表!G12 实际完成值列",
            )
        ]
        (warning,) = read_sheet(path).warnings
        assert warning.said.text("en") == (
            "the column 自评表!F12 实际完成值 is hidden in Excel and not read: the shown column"
            " 自评表!G12 实际完成值 is read instead"
        )

    def test_the_only_column_of_its_name_hidden_is_read_and_said(self, tmp_path: Path) -> None:
        """Column F hidden holds the table's 实际完成值 and the funds block's 分值: both are
        read (the total stays 93.88), each named at its header cell."""
        rows, merged = sh.project_rows()
        path = _hide(sh.write_xlsx(tmp_path / "s.xlsx", rows, merged), columns=("F",))
        assert _total(path) == D("93.88")
        assert _warnings(path, "en") == [
            (
                f"{path}:自评表!F5",
                "the column 自评表!F5 分值 is hidden in Excel and read as if shown",
            ),
            (
                f"{path}:自评表!F12",
                "the column 自评表!F12 实际完成值 is hidden in Excel and read as if shown",
            ),
        ]

    def test_a_run_of_hidden_columns(self, tmp_path: Path) -> None:
        """Excel keeps columns hidden together as one range (F:H): each is named."""
        import openpyxl  # noqa: PLC0415

        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        book = openpyxl.load_workbook(path)
        book.active.column_dimensions.group("F", "H", hidden=True)
        book.save(path)
        said = [cell.rsplit("!", 1)[1] for cell, _ in _warnings(path)]
        assert said == ["F5", "G5", "H5", "F12", "G12", "H12"]

    def test_two_shown_columns_of_one_name_are_an_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A second 得分 column (J) shown beside the first (H): which one is the clerk's
        is not guessed; exit 2, the error at the second, no traceback."""
        rows, merged = sh.project_rows()
        rows[11].append("得分")
        rows[12].append(20)
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        assert main(["--lang", "zh", "score", str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == (
            f"scoring: 错误：{path}:自评表!J12: 有 2 列都会读作得分：自评表!H12 得分、自评表!J12"
            " 得分；读哪一列不作猜测（提示：只保留其中一列：删除其他列，或把它们改成不会读取的"
            "列名（如 上年得分、复核得分））\n"
        )

    def test_two_hidden_columns_of_one_name_are_an_error(self, tmp_path: Path) -> None:
        """Both 实际完成值 columns hidden: neither is the shown one."""
        path = _hide(_last_year(tmp_path), columns=("F", "G"))
        with pytest.raises(ScoringError) as caught:
            read_sheet(path)
        (problem,) = caught.value.problems
        assert str(problem.location) == f"{path}:自评表!G12"
        assert problem.said.text("en").startswith(
            "2 columns hidden in Excel are read as 实际完成值: 自评表!F12 实际完成值,"
            " 自评表!G12 实际完成值;"
        )

    def test_the_audit_names_each_hidden_column(self, tmp_path: Path) -> None:
        """A122, a warning at the hidden header; the shown column is checked (93.88 both)."""
        path = _last_year(tmp_path)
        (sheet,) = audit_paths([path]).sheets
        found = [(f.code, f.severity, f.cell.rsplit(":", 1)[1]) for f in sheet.findings]
        assert found == [("A122", "warning", "自评表!F12"), ("A112", "warning", "自评表!G15")]
        assert (sheet.printed_total, sheet.computed_total) == (D("93.88"), D("93.88"))
        assert sheet.findings[0].message.text("zh") == (
            "自评表!F12 实际完成值这一列在 Excel 中是隐藏的，未读取；"
            "读取的是显示的自评表!G12 实际完成值列"
        )

    def test_an_xls_alike(self, tmp_path: Path) -> None:
        xlwt = pytest.importorskip("xlwt")
        rows, _ = sh.project_rows()
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("自评表")
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if value is not None:
                    sheet.write(r, c, value.fraction * 100 if isinstance(value, sh.Pct) else value)
        sheet.col(5).hidden = True
        path = tmp_path / "s.xls"
        book.save(str(path))
        assert [cell.rsplit("!", 1)[1] for cell, _ in _warnings(path)] == ["F5", "F12"]


class TestHiddenFundsRows:
    def test_named_with_the_tables(self, tmp_path: Path) -> None:
        """年度资金总额 (row 6, the execution rate's figures), an 其中 line (7), a table row
        (17) and the 总分 row (20) hidden: all read (93.88), all named, in sheet order."""
        rows, merged = sh.project_rows()
        path = _hide(sh.write_xlsx(tmp_path / "s.xlsx", rows, merged), rows=(6, 7, 17, 20))
        assert _total(path) == D("93.88")
        assert _warnings(path) == [
            (
                f"{path}:自评表!B6",
                "以下行在 Excel 中是隐藏的，仍像显示的行一样读取：自评表!B6 年度资金总额、"
                "自评表!B7 其中：当年财政拨款、自评表!D17 维修成本、自评表!A20 总分",
            )
        ]
        (sheet,) = audit_paths([path]).sheets
        (finding,) = [f for f in sheet.findings if f.code == "A120"]
        assert finding.cell == f"{path}:自评表!B6"


def _merged(tmp_path: Path, edits: dict[str, object], merge: str) -> Path:
    rows, merged = sh.project_rows()
    for ref, value in edits.items():
        rows[int(ref[1:]) - 1][ord(ref[0]) - ord("A")] = value
    return sh.write_xlsx(tmp_path / "s.xlsx", rows, [*merged, merge])


class TestMergedCells:
    def test_target_and_actual_merged_across_as_words(self, tmp_path: Path) -> None:
        """通行条件改善: 达成年度指标 written once over 年度指标值 and 实际完成值 (E18:F18) is
        the achieved verdict too; 27 of 30 stays in its band, 93.88."""
        path = _merged(tmp_path, {"F18": None}, "E18:F18")
        read = read_sheet(path)
        assert read.facts.facts["row_18"].value == Judgement("达成年度指标", D(27))
        assert score(read.indicators, read.weights, read.facts).total == D("93.88")

    def test_target_and_actual_merged_across_as_a_number(self, tmp_path: Path) -> None:
        """群众满意度: ≥90% over both is read as 90 achieved (full 10 points, 93.88), with the
        warning a value written with an operator gets."""
        path = _merged(tmp_path, {"F19": None}, "E19:F19")
        assert _total(path) == D("93.88")
        assert _warnings(path, "en") == [
            (
                f"{path}:自评表!F19",
                "实际完成值 is written with an operator (≥90%); it is read as the number",
            )
        ]

    def test_actual_before_target_merged_across(self, tmp_path: Path) -> None:
        """A layout with 实际完成值 left of 年度指标值 (columns E and F swapped from row 12):
        ≥90% over both (E19:F19) is the same one text, 90 achieved, 93.88."""
        rows, merged = sh.project_rows()
        for row in rows[11:19]:
            row[4], row[5] = row[5], row[4]
        rows[18][4] = "≥90%"
        rows[18][5] = None
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, [*merged, "E19:F19"])
        assert _total(path) == D("93.88")

    def test_a_target_merged_down_is_each_rows(self, tmp_path: Path) -> None:
        """100% over 验收合格率 and a second rate (E15:E16): the second row's target is 100%
        too; 100% achieved earns its 10 points, 93.88."""
        edits = {"D16": "资料归档率", "E16": None, "F16": sh.Pct(1.0)}
        read = read_sheet(_merged(tmp_path, edits, "E15:E16"))
        assert str(read.facts.targets["row_16"].target) == "≥100%"
        assert score(read.indicators, read.weights, read.facts).total == D("93.88")

    def test_one_reason_merged_over_a_group(self, tmp_path: Path) -> None:
        """One 偏差原因 over the 产出 rows (I13:I17) is each row's: the audit no longer finds
        验收合格率 (98% of 100%) without a reason."""
        reason = "两处路段延期；材料涨价"
        path = _merged(tmp_path, {"I13": reason, "I17": None}, "I13:I17")
        assert read_sheet(path).facts.reasons == {
            "row_13": reason,
            "row_15": reason,
            "row_16": reason,
            "row_17": reason,
        }
        (sheet,) = audit_paths([path]).sheets
        assert sheet.findings == ()

    def test_a_name_merged_down_over_two_scored_rows(self, tmp_path: Path) -> None:
        """验收合格率 over rows 15 and 16, each with its own 分值: two indicators of one name,
        each scored by its row (93.88), with the warning two such rows get."""
        path = _merged(tmp_path, {"D16": None}, "D15:D16")
        read = read_sheet(path)
        assert [i.name for i in read.indicators if i.id in ("row_15", "row_16")] == [
            "验收合格率",
            "验收合格率",
        ]
        assert score(read.indicators, read.weights, read.facts).total == D("93.88")
        assert [str(w.location).rsplit("!", 1)[1] for w in read.warnings] == ["D16"]

    @pytest.mark.parametrize(
        ("edits", "merge", "cell", "said"),
        [
            (
                {"G15": 25, "G16": None},
                "G15:G16",
                "G16",
                "this row's 分值 is under the merged cells 自评表!G15:G16, begun by the row"
                " above: each scored row needs its own 分值",
            ),
            (
                {"H15": 24.7, "H16": None},
                "H15:H16",
                "H16",
                "this row's 得分 is under the merged cells 自评表!H15:H16, begun by the row"
                " above: each scored row needs its own 得分",
            ),
            (
                {"G19": None},
                "F19:G19",
                "G19",
                "the 分值 cell is under the merged cells 自评表!F19:G19, which 自评表!F19"
                " (实际完成值) begins: which figure it holds is not guessed",
            ),
        ],
    )
    def test_a_merge_hiding_a_rows_figure_is_an_error(
        self, tmp_path: Path, edits: dict[str, object], merge: str, cell: str, said: str
    ) -> None:
        """分值 over two rows (25 for 验收合格率 and 完工时间, read before as 25 for the first
        and no points for the second, 93.68), 得分 over two rows, 实际完成值 across 分值:
        refused at the covered cell, in score and in the audit (a file not read, exit 2)."""
        path = _merged(tmp_path, edits, merge)
        with pytest.raises(ScoringError) as caught:
            read_sheet(path)
        (problem,) = caught.value.problems
        assert (str(problem.location), problem.said.text("en")) == (f"{path}:自评表!{cell}", said)
        report = audit_paths([path])
        assert (report.sheets, report.status) == ((), 2)
        assert str(report.unreadable[0].problems[0]).startswith(f"{path}:自评表!{cell}: ")

    def test_the_merge_error_in_chinese(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = _merged(tmp_path, {"G15": 25, "G16": None}, "G15:G16")
        assert main(["--lang", "zh", "score", str(path)]) == 2
        assert capsys.readouterr().err == (
            f"scoring: 错误：{path}:自评表!G16: 这一行的分值在合并单元格自评表!G15:G16 之内，"
            "由上面的行开始：每个计分行都要有自己的分值（提示：请取消合并（开始 → 合并后居中 →"
            " 取消单元格合并），在每个单元格中分别填写）\n"
        )

    def test_points_merged_over_a_sub_row_are_the_rows(self, tmp_path: Path) -> None:
        """维修道路长度's 20 分值 and 18.8 得分 merged down over its 其中：主干道 (G13:G14,
        H13:H14): the sub-row is information, not a second indicator; 93.88."""
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, [*merged, "G13:G14", "H13:H14"])
        assert _total(path) == D("93.88")
        (sheet,) = audit_paths([path]).sheets
        assert [f.code for f in sheet.findings] == ["A112"]  # 验收合格率, as unmerged

    def test_a_heading_merged_across_the_table_is_no_error(self, tmp_path: Path) -> None:
        """A heading row inside the table (二、效益指标 above 通行条件改善) merged across its
        columns (B18:I18) has no 三级指标 of its own: no merge hiding a figure, 93.88."""
        rows, merged = sh.project_rows()
        rows.insert(17, [None, "二、效益指标", *[None] * 7])
        merged = [*merged[:5], "A12:A20", "B13:B17", "C13:C14", "B18:I18"]
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        assert _total(path) == D("93.88")
