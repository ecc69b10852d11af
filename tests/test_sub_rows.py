"""其中 sub-rows are laid out under their row in the 自评表 formats (xlsx, html, csv), as
the text output lists them; the funds block's 其中 lines follow the budget execution row
in the CSV.

The project sheet (sheets_helpers.project_rows) has 其中：主干道 (≥100米, 120米, no 分值)
under 维修道路长度 (row 13), and the funds lines 其中：当年财政拨款 (40, 43.2, 37.24:
37.24 ÷ 43.2 = 86.2%), 上年结转资金 (0, 0, 0) and 其他资金 (empty).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.core.sheetinfo import SubRow
from scoring.files.inputs import load_input
from silent_cases import cli

ROOT = Path(__file__).resolve().parent.parent
MAIN_ROAD = SubRow("row_13", "其中：主干道", "≥100米", "120米")


def project(tmp_path: Path, rows: sh.Rows | None = None) -> Path:
    return sh.write_csv(tmp_path / "p.csv", rows or sh.project_rows()[0])


def rendered(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = cli(["score", *args], capsys)
    assert code == 0, err
    return out


class TestRead:
    def test_a_sub_row_belongs_to_the_row_above(self, tmp_path: Path) -> None:
        facts = load_input(str(project(tmp_path))).facts
        assert facts.sheet is not None
        assert facts.sheet.sub_rows == (MAIN_ROAD,)
        # Still listed as information, as the text output has it.
        assert any("其中：主干道（其中项，不计分）" in line for line in facts.information)

    def test_a_row_without_points_of_the_group_goes_under_it_too(self, tmp_path: Path) -> None:
        """The department sheet's 说明性指标 (no 权重, 指标值 —, 见报告) stands under 群众满意度
        (row 10) in 效益 / 社会效益: it is shown there, not indented (no 其中)."""
        rows, _ = sh.department_rows()
        facts = load_input(str(sh.write_csv(tmp_path / "d.csv", rows))).facts
        assert facts.sheet is not None
        (under,) = facts.sheet.sub_rows
        assert under == SubRow("row_10", "说明性指标", "—", "见报告")
        assert not under.of_which

    def test_not_under_a_row_of_another_group(self, tmp_path: Path) -> None:
        """A row without points in a group of its own has no scored row to go under, nor has
        a 其中 row under it: both stay lines of information only."""
        rows = sh.project_rows()[0]
        rows.insert(13, [None, None, "其他指标", "说明性指标", "—", "见报告", None, None, None])
        facts = load_input(str(project(tmp_path, rows))).facts
        assert facts.sheet is not None
        assert facts.sheet.sub_rows == ()
        assert any("其中：主干道（其中项，不计分）" in line for line in facts.information)
        assert any("说明性指标（未设分值，不计分）" in line for line in facts.information)


class TestXlsx:
    def test_under_its_row_indented_without_points(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        out = tmp_path / "out.xlsx"
        rendered(capsys, str(project(tmp_path)), "--format", "xlsx", "-o", str(out))
        ws = openpyxl.load_workbook(out).active
        at = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "维修道路长度")
        sub = [ws.cell(at + 1, c).value for c in range(3, 9)]
        assert sub == ["其中：主干道", "≥100米", "120米", None, None, None]
        assert ws.cell(at + 1, 3).alignment.indent == 2
        # 数量指标 is merged over the row and its 其中 row; 产出指标 over 4 rows and 1 其中.
        merged = {str(m) for m in ws.merged_cells.ranges}
        assert f"B{at}:B{at + 1}" in merged
        assert f"A{at}:A{at + 4}" in merged
        # The sums still hold the five 产出指标 lines: 18.80 + 14.70 + 10 + 4.76 = 48.26.
        shown = openpyxl.load_workbook(out, data_only=True)
        subtotals = {row[0]: row[2] for row in shown.worksheets[1].values}
        assert subtotals["产出指标"] == 48.26
        formula = shown.worksheets[1].cell(3, 3)
        assert formula.value == 48.26
        assert f"G{at}:G{at + 4}" in openpyxl.load_workbook(out).worksheets[1].cell(3, 3).value

    def test_read_back_the_same(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The sheet written, read again: the same points, and 主干道 under its row again."""
        pytest.importorskip("openpyxl")
        out = tmp_path / "out.xlsx"
        rendered(capsys, str(project(tmp_path)), "--format", "xlsx", "-o", str(out))
        again = load_input(str(out))
        assert again.facts.sheet is not None
        assert again.facts.sheet.sub_rows == (MAIN_ROAD,)

    def test_import_keeps_them(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """facts.yaml from scoring import says of_which:, and its sheet is the sheet's."""
        pytest.importorskip("openpyxl")
        sheet = project(tmp_path)
        code, _, err = cli(["import", str(sheet), "-o", str(tmp_path / "y")], capsys)
        assert code == 0, err
        facts = tmp_path / "y" / "facts.yaml"
        assert (
            "of_which:  # shown under the row: 其中 rows, rows without 分值; not scored\n"
            "  row_13:\n"
            '    - {name: 其中：主干道, target: "≥100米", actual: 120米}\n'
        ) in facts.read_text("utf-8")
        for path, name in ((sheet, "a.xlsx"), (facts, "b.xlsx")):
            rendered(capsys, str(path), "--format", "xlsx", "-o", str(tmp_path / name))
        assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


class TestHtml:
    def test_under_its_row(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        html = rendered(capsys, str(project(tmp_path)), "--format", "html")
        rows = re.findall(r"<tr[^>]*>.*?</tr>", html.split('<table class="sheet">')[1], re.S)
        at = next(i for i, row in enumerate(rows) if 'id="row-row_13"' in row)
        assert rows[at + 1].startswith('<tr class="sub">')
        assert "其中：主干道</td>" in rows[at + 1]
        assert '<td class="c l2" rowspan="2">数量指标</td>' in rows[at]
        assert '<td class="c l1" rowspan="5">产出指标</td>' in rows[at]

    def test_english(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        html = rendered(capsys, str(project(tmp_path)), "--format", "html", "--lang", "en")
        assert "of which: 主干道</td>" in html

    def test_a_row_without_points_is_not_indented(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rows, _ = sh.department_rows()
        sheet = sh.write_csv(tmp_path / "d.csv", rows)
        html = rendered(capsys, str(sheet), "--format", "html")
        after = html.split('id="row-row_10"')[1].split("</tr>")[1]
        assert '<td class="name" data-label="三级指标">' in after
        assert "说明性指标</td>" in after
        assert '<td class="c l2" rowspan="3">社会效益</td>' in html


class TestCsv:
    def test_under_their_rows(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out = rendered(capsys, str(project(tmp_path)), "--format", "csv")
        table = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        names = [r["三级指标"] for r in table]
        assert names[:5] == [
            "预算执行率",
            "其中：当年财政拨款",
            "其中：上年结转资金",
            "其中：其他资金",
            "维修道路长度",
        ]
        assert names[5] == "其中：主干道"
        road = table[5]
        assert (road["id"], road["二级指标"], road["分值"], road["得分"]) == (
            "",
            "数量指标",
            "",
            "",
        )
        assert (road["年度指标值"], road["实际完成值"], road["说明"]) == (
            "≥100米",
            "120米",
            "其中项，不计分",
        )
        grant = table[1]
        assert (grant["单位"], grant["实际完成值"]) == ("万元", "37.24")
        assert grant["说明"] == (
            "年初预算数 40，全年预算数 43.2，全年执行数 37.24，执行率 86.2%（资金明细，不单独计分）"
        )
        assert table[3]["说明"] == "资金明细，不单独计分"
        # Every scored row is still there, once.
        assert [r["id"] for r in table if r["id"]] == [
            "budget_execution_rate",
            "row_13",
            "row_15",
            "row_16",
            "row_17",
            "row_18",
            "row_19",
        ]


class TestFactsFile:
    def facts(self, tmp_path: Path, under: str) -> Path:
        examples = ROOT / "docs" / "examples"
        text = (examples / "small-facts.yaml").read_text("utf-8")
        for name in ("small-indicators.yaml", "small-weights.yaml"):
            text = text.replace(name, str(examples / name))
        text += f"of_which:\n  {under}:\n    - {{name: 其中：公务接待费, actual: 1.33万元}}\n"
        path = tmp_path / "f.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_shown_under_its_row(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        html = rendered(capsys, str(self.facts(tmp_path, "staff_control_rate")), "--format", "html")
        after = html.split('id="row-staff_control_rate"')[1]
        assert after.split("</tr>")[1].startswith('\n<tr class="sub">')
        assert "其中：公务接待费" in after.split("</tr>")[1]

    def test_under_an_unknown_row(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = cli(
            ["score", str(self.facts(tmp_path, "staff_contrl_rate")), "--lang", "zh"], capsys
        )
        assert (code, out) == (2, "")
        assert "其中项写在 'staff_contrl_rate' 下，但它不是这里的指标" in err
