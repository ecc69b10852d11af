"""The 自评表 written to hand in: the xlsx workbook's layout, formulas, print setup; the html sheet.

Figures are worked by hand in sheet_writing_helpers.py: 8.62 + 10 + 70 = 88.62, 良.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from reports_helpers import EXAMPLE, example_card, example_case, run
from scoring.core.engine import score
from scoring.core.record import evolve
from scoring.core.sheetinfo import SheetInfo
from scoring.files.case import load_case
from scoring.files.facts import load_facts
from scoring.rendering import render, render_bytes
from scoring.rendering._common import SHEET_COLUMNS_ZH, Meta
from sheet_writing_helpers import (
    INFO,
    PROJECT,
    ROOT,
    formula_cells,
    libreoffice_recalculated,
    project_case,
    soffice,
)

openpyxl = pytest.importorskip("openpyxl")

D = Decimal
NATIONAL = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


def _book(data: bytes, *, data_only: bool = False) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


def _find(ws: Any, text: str, column: int = 1) -> int:
    """The row whose cell in ``column`` starts with ``text``."""
    for row in range(1, ws.max_row + 1):
        value = ws.cell(row, column).value
        if isinstance(value, str) and value.startswith(text):
            return row
    raise AssertionError(f"no row starts with {text!r}")


@pytest.fixture
def project(tmp_path: Path) -> tuple[Any, Any, bytes]:
    card, meta = project_case(tmp_path)
    data = render_bytes(card, "xlsx", "zh", meta)
    return card, meta, data


class TestLayout:
    def test_title_year_and_header_block(self, project: tuple[Any, Any, bytes]) -> None:
        """The title, year, 项目名称, 主管部门 and 实施单位 (by default the unit)."""
        _, _, data = project
        ws = _book(data).worksheets[0]
        assert ws.title == "自评表"
        assert (ws["A1"].value, ws["A2"].value) == ("项目支出绩效自评表", "（2023年度）")
        assert (ws["A3"].value, ws["B3"].value) == ("项目名称", "薄弱学校改造项目")
        row = _find(ws, "主管部门")
        values = [ws.cell(row, c).value for c in range(1, 9) if ws.cell(row, c).value]
        assert values == ["主管部门", "示例县教育局", "实施单位", "示例县教育局"]

    def test_department_sheet(self) -> None:
        """Without a project name it is the department-wide sheet, named after the unit."""
        card = example_card()
        ws = _book(render_bytes(card, "xlsx")).worksheets[0]
        assert ws["A1"].value == "部门整体支出绩效自评表"
        assert (ws["A3"].value, ws["B3"].value) == ("部门（单位）名称", "岳阳市教育体育局")
        # No funds block: the budget execution row stays in the table.
        header = _find(ws, "一级指标")
        names = [ws.cell(r, 3).value for r in range(header + 1, _find(ws, "总分"))]
        assert len(names) == len(card.rows)
        assert "预算执行率 ※" in names

    def test_columns_are_the_national_names(self, project: tuple[Any, Any, bytes]) -> None:
        """The table's header row holds the national column names, in the template's order."""
        ws = _book(project[2]).worksheets[0]
        header = _find(ws, "一级指标")
        assert tuple(ws.cell(header, c).value for c in range(1, 9)) == NATIONAL
        assert NATIONAL == SHEET_COLUMNS_ZH

    def test_rows_and_the_funds_block(self, project: tuple[Any, Any, bytes]) -> None:
        """Each row's target, value, points; budget execution sits in the funds block."""
        card, _, data = project
        ws = _book(data).worksheets[0]
        header = _find(ws, "一级指标")
        rows = {
            str(ws.cell(r, 3).value).removesuffix(" ※"): [ws.cell(r, c).value for c in range(4, 9)]
            for r in range(header + 1, _find(ws, "总分"))
        }
        assert "预算执行率" not in rows
        assert rows["数量指标完成率"] == [
            "≥100%",
            "50%",
            20,
            10,
            "五所学校用地手续延后，已列入下年度计划。",
        ]
        assert rows["成本控制率"][:4] == ["≤100%", "100%", 5, 5]
        assert len(rows) == len(card.rows) - 1
        funds = _find(ws, "年度资金总额", column=2)
        line = [ws.cell(funds, c).value for c in range(2, 9)]
        assert line == ["年度资金总额", 40, 43.2, 37.24, 10, f"=E{funds}/D{funds}", 8.62]
        assert ws.cell(funds + 1, 2).value == "其中：当年财政拨款"
        assert ws.cell(funds + 2, 2).value == "上年结转资金"
        # 其他资金 has no figures: blank, no rate formula.
        assert [ws.cell(funds + 3, c).value for c in range(3, 9)] == [
            None,
            None,
            None,
            "—",
            None,
            "—",
        ]
        label_cell = f"A{funds - 1}:A{funds + 3}"
        assert label_cell in {str(r) for r in ws.merged_cells.ranges}

    def test_level_cells_are_merged(self) -> None:
        """一级 and 二级 cells are merged over their rows (the example's 投入: 3 rows, 1 group)."""
        ws = _book(render_bytes(example_card(), "xlsx")).worksheets[0]
        first = _find(ws, "一级指标") + 1
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert ws.cell(first, 1).value == "投入"
        assert f"A{first}:A{first + 2}" in merged
        assert f"B{first}:B{first + 2}" in merged
        # 过程 has three groups over 10 rows: 预算执行 4, 预算管理 4, 资产管理 2.
        assert ws.cell(first + 3, 1).value == "过程"
        assert f"A{first + 3}:A{first + 12}" in merged
        assert {f"B{first + 3}:B{first + 6}", f"B{first + 7}:B{first + 10}"} <= merged
        assert f"B{first + 11}:B{first + 12}" in merged

    def test_table_cells_have_borders(self, project: tuple[Any, Any, bytes]) -> None:
        """Every cell of the header block, funds block and table, 总分 and 等级 is boxed.

        A merged cell is boxed on its outline: its inner cells have no inner sides.
        """
        ws = _book(project[2]).worksheets[0]
        inside = {}
        for merged in ws.merged_cells.ranges:
            for row, col in merged.cells:
                inside[row, col] = merged
        for row in range(3, _find(ws, "等级") + 1):
            for col in range(1, 9):
                border = ws.cell(row, col).border
                box = inside.get((row, col))
                want = {
                    "left": box is None or col == box.min_col,
                    "right": box is None or col == box.max_col,
                    "top": box is None or row == box.min_row,
                    "bottom": box is None or row == box.max_row,
                }
                for side, needed in want.items():
                    if needed:
                        where = f"{ws.cell(row, col).coordinate} {side}"
                        assert getattr(border, side).style == "thin", where

    def test_assumed_rows_marked_and_explained_below(self, project: tuple[Any, Any, bytes]) -> None:
        """※ marks exactly the rows resting on an assumed number; the notes say which."""
        card, _, data = project
        ws = _book(data).worksheets[0]
        header = _find(ws, "一级指标")
        marked = {
            ws.cell(r, 3).value.removesuffix(" ※")
            for r in range(header + 1, _find(ws, "总分"))
            if ws.cell(r, 3).value.endswith(" ※")
        }
        assert marked == {r.indicator.name for r in card.assumed_rows}
        # Assumed facts or targets (数量, 质量, 满意度), and the four 产出 groups, whose split
        # weights/national-project.yaml marks assumed (完成及时率, 成本控制率 for that alone).
        assert marked == {
            "数量指标完成率",
            "质量达标率",
            "完成及时率",
            "成本控制率",
            "服务对象满意度",
        }
        notes = [ws.cell(r, 1).value for r in range(_find(ws, "等级") + 1, ws.max_row + 1)]
        assert notes[0] == "注：标 ※ 的行依赖假设数值，而非报告或公开文件中的数字："
        assert any(n and n.startswith("※ 质量达标率") for n in notes)
        assert "※ 完成及时率：所在二级指标“时效指标”的分值为假设" in notes
        assert (
            "※ 二级指标“数量指标”、“质量指标”、“时效指标”、“成本指标”：分值为假设（财预〔2020〕10号"
            "只定产出指标共 50 分，其中各组的划分由各项目自定）"
        ) in notes
        assert "预算执行率偏差原因分析及改进措施：工程尾款待竣工决算后支付。" in notes
        assert "等级标准：优 ≥ 90 分；良 ≥ 80 分；中 ≥ 60 分；差 < 60 分" in notes

    def test_sign_off_line(self, project: tuple[Any, Any, bytes]) -> None:
        """填表人, 联系电话, 填报日期, 负责人 and 单位（盖章） close the sheet."""
        ws = _book(project[2]).worksheets[0]
        row = _find(ws, "填表人")
        assert [ws.cell(row, c).value for c in (1, 4, 6)] == [
            "填表人：张晓红",
            "联系电话：0730-8888888",
            "填报日期：2024年3月15日",
        ]
        assert [ws.cell(row + 1, c).value for c in (1, 4)] == ["负责人：李建国", "单位（盖章）："]
        assert row + 1 == ws.max_row

    def test_sign_off_blank_for_the_pen(self) -> None:
        """Unknown names leave the labels, for the clerk to fill in by hand."""
        ws = _book(render_bytes(example_card(), "xlsx")).worksheets[0]
        row = _find(ws, "填表人")
        assert [ws.cell(row, c).value for c in (1, 4, 6)] == [
            "填表人：",
            "联系电话：",
            "填报日期：",
        ]

    def test_english(self, project: tuple[Any, Any, bytes], tmp_path: Path) -> None:
        """--lang en writes the same layout with English labels."""
        card, meta = project_case(tmp_path)
        ws = _book(render_bytes(card, "xlsx", "en", meta)).worksheets[0]
        assert ws["A1"].value == "Project expenditure performance self-evaluation"
        header = _find(ws, "Level 1")
        assert ws.cell(header, 8).value == "Deviation reasons and improvements"
        assert ws.cell(_find(ws, "Grade"), 7).value.endswith('"good",IF(G19>=60,"fair","poor")))')


class TestFormulas:
    def test_total_and_grade_are_formulas(self, project: tuple[Any, Any, bytes]) -> None:
        """总分 sums the table and the funds block's score; 等级 reads the profile's bands."""
        ws = _book(project[2]).worksheets[0]
        total, header = _find(ws, "总分"), _find(ws, "一级指标")
        funds = _find(ws, "年度资金总额", column=2)
        span = f"{header + 1}:G{total - 1}"
        assert ws.cell(total, 7).value == f"=ROUND(SUM(G{span})+H{funds},2)"
        assert ws.cell(total, 6).value == f"=SUM(F{header + 1}:F{total - 1})+F{funds}"
        assert ws.cell(total + 1, 7).value == (
            f'=IF(G{total}>=90,"优",IF(G{total}>=80,"良",IF(G{total}>=60,"中","差")))'
        )

    def test_cached_values_seen_by_openpyxl(self, project: tuple[Any, Any, bytes]) -> None:
        """With data_only=True openpyxl reads the total, the grade and the rates."""
        ws = _book(project[2], data_only=True).worksheets[0]
        total = _find(ws, "总分")
        assert ws.cell(total, 6).value == 100
        assert ws.cell(total, 7).value == 88.62
        assert ws.cell(total + 1, 7).value == "良"
        funds = _find(ws, "年度资金总额", column=2)
        assert ws.cell(funds, 7).value == pytest.approx(37.24 / 43.2, abs=1e-14)
        assert ws.cell(funds + 1, 7).value == pytest.approx(0.851, abs=1e-14)
        sub = _book(project[2], data_only=True).worksheets[1]
        assert sub.title == "分类小计"
        assert [[c.value for c in r] for r in sub.iter_rows()] == [
            ["一级指标", "分值", "得分"],
            ["预算执行", 10, 8.62],
            ["产出指标", 50, 40],
            ["效益指标", 30, 30],
            ["满意度指标", 10, 10],
            ["合计", 100, 88.62],
        ]

    def test_cached_values_seen_by_pandas(self, project: tuple[Any, Any, bytes]) -> None:
        """pandas.read_excel sees the numbers, not empty formula cells."""
        pandas = pytest.importorskip("pandas")
        frame = pandas.read_excel(io.BytesIO(project[2]), header=None, sheet_name=0)
        total = frame.index[frame[0] == "总分"][0]
        assert frame.iloc[total, 6] == 88.62
        assert frame.iloc[total + 1, 6] == "良"

    def test_every_formula_cell_carries_a_value(self, project: tuple[Any, Any, bytes]) -> None:
        """No formula cell is left without its <v>, on either sheet."""
        cells = formula_cells(project[2])
        assert set(cells) == {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
        assert len(cells["xl/worksheets/sheet1.xml"]) == 6  # 3 rates, 分值, 总分, 等级
        assert len(cells["xl/worksheets/sheet2.xml"]) == 10  # 4 一级 × 2, 合计 × 2
        for part in cells.values():
            assert all(v != "" for v in part.values()), part

    def test_veto_caps_the_grade_formula(self, tmp_path: Path) -> None:
        """A failed veto row (cap 中) leaves only 中 and 差 to the formula: 98.62 shows 中."""
        card, meta = project_case(tmp_path, "veto: {output_quantity_rate: 中}\n")
        assert card.grade.name == "中"  # 88.62 is 良, capped at 中
        ws = _book(render_bytes(card, "xlsx", "zh", meta)).worksheets[0]
        total = _find(ws, "总分")
        assert ws.cell(total + 1, 7).value == f'=IF(G{total}>=60,"中","差")'

    @pytest.mark.parametrize("engine", ["libreoffice", "formulas"])
    def test_recalculated_formulas_equal_the_cached_values(
        self, engine: str, tmp_path: Path
    ) -> None:
        """A spreadsheet engine recomputes every formula and gets the value the file carries.

        The file given to the engine carries wrong values (12345), so a result equal
        to ours was computed, not read back.
        """
        card, meta = project_case(tmp_path)
        data = render_bytes(card, "xlsx", "zh", meta)
        ours = _book(data, data_only=True)
        wrong = tmp_path / "wrong.xlsx"
        wrong.write_bytes(_with_wrong_values(data))
        got = _recalculate(engine, wrong, tmp_path)
        cells = formula_cells(data)
        assert sum(len(c) for c in cells.values()) == 16
        for index, part in enumerate(sorted(cells)):
            for ref in cells[part]:
                expected = ours.worksheets[index][ref].value
                actual = got(index, ref)
                if isinstance(expected, str):
                    assert actual == expected, ref
                else:
                    assert actual == pytest.approx(expected, rel=1e-12), ref


def _with_wrong_values(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1<v>12345</v>", body.decode())
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def _recalculate(engine: str, path: Path, work: Path) -> Any:
    """A function (sheet index, cell) -> the value ``engine`` computed."""
    if engine == "libreoffice":
        if soffice() is None:
            pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
        book = openpyxl.load_workbook(libreoffice_recalculated(path, work), data_only=True)
        return lambda index, ref: book.worksheets[index][ref].value
    formulas = pytest.importorskip("formulas", reason="pip install formulas (the test extra)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    names = ["自评表", "分类小计"]
    values = {key.upper(): cell.value.tolist()[0][0] for key, cell in solution.items()}

    def value(index: int, ref: str) -> Any:
        got = values[f"'[{path.name}]{names[index]}'!{ref}".upper()]
        return got if isinstance(got, str) else float(got)

    return value


class TestPrint:
    def test_a4_portrait_one_page_wide(self, project: tuple[Any, Any, bytes]) -> None:
        """A4 portrait, fitted to one page wide (any number of pages tall), centred."""
        ws = _book(project[2]).worksheets[0]
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert ws.page_setup.orientation == "portrait"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_options.horizontalCentered is True

    def test_everything_prints(self, project: tuple[Any, Any, bytes]) -> None:
        """The print area ends at the seal. The project's sheet down to 等级 (20 rows, 604.5
        points tall, 484 at the 80% that fits its width to the page) is on the first page:
        its header is not repeated above the notes on the next, where it heads nothing."""
        ws = _book(project[2]).worksheets[0]
        assert ws.print_area == f"'自评表'!$A$1:$H${_find(ws, '负责人')}"
        assert ws.print_title_rows is None

    def test_a_table_over_two_pages_repeats_its_header(self) -> None:
        """Each of the example's 25 rows with a deviation reason of 400 characters (36 lines
        in a column 26 wide, 564 points a row): several pages at any scale, the table's
        header row heads each."""
        card = example_card()
        meta = Meta(reasons={row.id: "说明" * 200 for row in card.rows})
        ws = _book(render_bytes(card, "xlsx", "zh", meta)).worksheets[0]
        header = _find(ws, "一级指标")
        assert ws.print_title_rows == f"${header}:${header}"

    def test_wrapped_text_has_room(self, project: tuple[Any, Any, bytes]) -> None:
        """A long reason wraps, and its row is made taller than one line."""
        ws = _book(project[2]).worksheets[0]
        row = _find(ws, "数量指标完成率", column=3)
        assert ws.cell(row, 8).alignment.wrap_text
        assert ws.row_dimensions[row].height > 30

    @pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
    def test_libreoffice_prints_one_page_wide(self, tmp_path: Path) -> None:
        """Printed to PDF, a 45-row sheet is A4 portrait pages, each with the header row."""
        if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils is not installed")
        card = example_card()
        rows = tuple(
            evolve(r, indicator=evolve(r.indicator, id=f"{r.id}_{k}"))
            for k in range(2)
            for r in card.rows
        )
        path = tmp_path / "long.xlsx"
        path.write_bytes(render_bytes(evolve(card, rows=rows), "xlsx"))
        only_first = tmp_path / "first.xlsx"
        book = openpyxl.load_workbook(path)
        del book["分类小计"]
        book.save(only_first)
        subprocess.run(
            [
                soffice(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(only_first),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        pdf = tmp_path / "first.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
        assert pages >= 2
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout)  # portrait
        for page in range(1, pages + 1):
            text = subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert "偏差原因分析及改进措施" in text, page  # the last column, on every page
        assert "单位（盖章）" in text


class TestBytes:
    def test_same_input_same_bytes(self, project: tuple[Any, Any, bytes], tmp_path: Path) -> None:
        """Rendering again gives the same bytes."""
        card, meta = project_case(tmp_path)
        assert render_bytes(card, "xlsx", "zh", meta) == project[2]

    def test_no_clock_in_the_file(self, project: tuple[Any, Any, bytes]) -> None:
        """Zip entries are dated 1980-01-01 and the document properties 2000-01-01."""
        with zipfile.ZipFile(io.BytesIO(project[2])) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = z.read("docProps/core.xml").decode("utf-8")
        assert core.count("2000-01-01T00:00:00Z") == 2

    def test_same_bytes_whatever_the_hash_seed(self, tmp_path: Path) -> None:
        """A process with another hash seed writes the bytes this one renders."""
        out = tmp_path / "sheet.xlsx"
        command = ["score", str(EXAMPLE), "--format", "xlsx", "-o", str(out)]
        subprocess.run(
            [sys.executable, "-m", "scoring", *command],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": "12345"},
        )
        reasons = example_case().facts.reasons
        assert out.read_bytes() == render_bytes(example_card(), "xlsx", meta=Meta(reasons=reasons))

    def test_every_part_is_well_formed_xml(self, project: tuple[Any, Any, bytes]) -> None:
        """Each XML part parses, and no merged ranges overlap (either would ask for repair)."""
        with zipfile.ZipFile(io.BytesIO(project[2])) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    ET.fromstring(z.read(name))
        ws = _book(project[2]).worksheets[0]
        seen: set[tuple[int, int]] = set()
        for merged in ws.merged_cells.ranges:
            cells = {(r, c) for r, c in merged.cells}
            assert not cells & seen, str(merged)
            seen |= cells


class _Cells(HTMLParser):
    """Each table's rows as lists of cell texts, by the table's class."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.labels: list[str | None] = []
        self._table = ""
        self._in_row = False
        self._in_path = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = dict(attrs)
        if tag == "table":
            self._table = got.get("class") or ""
            self.tables.setdefault(self._table, [])
        elif tag == "tr":
            self.tables[self._table].append([])
            self._in_row = (got.get("id") or "").startswith("row-")
        elif tag in ("td", "th"):
            self._cell = []
            if self._in_row and tag == "td" and got.get("rowspan") is None:
                self.labels.append(got.get("data-label"))
        elif tag == "span" and got.get("class") == "path":
            self._in_path = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "span":
            self._in_path = False

    def handle_data(self, data: str) -> None:
        # The 一级 / 二级 path in a name cell is for phones only: left out here.
        if self._cell is not None and not self._in_path:
            self._cell.append(data)


def _tables(page: str) -> _Cells:
    parser = _Cells()
    parser.feed(page)
    parser.close()
    return parser


class TestHtml:
    def test_header_block_funds_and_sign_off(self, tmp_path: Path) -> None:
        """The same header block, funds block and sign-off line as the workbook."""
        card, meta = project_case(tmp_path)
        page = render(card, "html", "zh", meta)
        tables = _tables(page).tables
        assert "<h1>项目支出绩效自评表</h1>" in page
        assert "（2023年度）" in page
        assert tables["info"][0] == ["项目名称", "薄弱学校改造项目"]
        assert tables["info"][1] == ["主管部门", "示例县教育局", "实施单位", "示例县教育局"]
        assert tables["funds"][1] == [
            "年度资金总额",
            "40.00",
            "43.20",
            "37.24",
            "10",
            "86.20%",
            "8.62",
        ]
        assert tables["funds"][2][0] == "其中：当年财政拨款"
        for text in ("填表人：张晓红", "联系电话：0730-8888888", "填报日期：2024年3月15日"):
            assert f"<span>{text}</span>" in page
        assert "<span>单位（盖章）：</span>" in page

    def test_table_in_the_national_order(self, tmp_path: Path) -> None:
        """The indicator table's columns and its 总分 and 等级 rows."""
        card, meta = project_case(tmp_path)
        sheet = _tables(render(card, "html", "zh", meta)).tables["sheet"]
        assert sheet[0] == list(NATIONAL)
        quantity = next(r for r in sheet if "数量指标完成率 ※" in r)
        assert quantity[-6:] == [
            "数量指标完成率 ※",
            "≥100%",
            "50%",
            "20",
            "10.00",
            "五所学校用地手续延后，已列入下年度计划。",
        ]
        assert ["总分", "100", "88.62", ""] in sheet
        assert ["等级", "良", ""] in sheet

    def test_every_cell_names_its_column_for_phones(self) -> None:
        """At phone width each row is a card; every cell carries its column's name for that."""
        parsed = _tables(render(example_card(), "html"))
        assert len(parsed.labels) == 6 * len(example_card().rows)
        assert None not in parsed.labels
        page = render(example_card(), "html")
        assert "@media screen and (max-width: 640px)" in page
        assert "content: attr(data-label)" in page

    def test_empty_sheet_info_is_the_old_department_sheet(self) -> None:
        """Meta without sheet info and with an empty SheetInfo give the same page."""
        card = example_card()
        reasons = example_case().facts.reasons
        assert render(card, "html", meta=Meta(reasons=reasons)) == render(
            card, "html", meta=Meta(reasons=reasons, sheet=SheetInfo())
        )
        assert INFO.is_project

    @pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
    def test_long_table_starts_on_the_first_printed_page(self, tmp_path: Path) -> None:
        """42 rows under one 一级指标 still start on page 1 (a merged cell kept them off it)."""
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils is not installed")
        card = example_card()
        rows = tuple(
            evolve(
                r,
                indicator=evolve(r.indicator, id=f"{r.id}_{k}", level1="产出", level2="质量"),
            )
            for k in range(2)
            for r in card.rows
        )[:42]
        page = tmp_path / "long.html"
        page.write_text(render(evolve(card, rows=rows), "html"), encoding="utf-8")
        pdf = tmp_path / "long.pdf"
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        first = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "在职人员控制率" in first  # the table's first row
        assert "义务教育巩固率" in first  # and many more on the same page


class TestRoundTrip:
    @pytest.mark.parametrize("which", ["project", "department"])
    def test_reading_the_written_sheet_gives_the_same_points(
        self, which: str, tmp_path: Path
    ) -> None:
        """Score, write the xlsx, score the xlsx: every row and the total are the same.

        The project puts budget execution in the funds block; the department sheet
        (the shipped example) keeps it in the table and has ※ rows, a checklist and
        rows in 起, 场, 人 and 个百分点.
        """
        if which == "project":
            card, meta = project_case(tmp_path)
        else:
            card, meta = example_card(), Meta(reasons=example_case().facts.reasons)
        sheet = tmp_path / "自评表.xlsx"
        sheet.write_bytes(render_bytes(card, "xlsx", "zh", meta))
        result = subprocess.run(
            [sys.executable, "-m", "scoring", "score", str(sheet), "--format", "json"],
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr.decode()
        read = json.loads(result.stdout)
        assert {r["name"]: D(str(r["points"])) for r in read["indicators"]} == {
            r.indicator.name: r.points for r in card.rows
        }
        assert D(str(read["total"])) == card.total
        assert read["grade"] == card.grade.name
        assert read["year"] == card.year


class TestFactsFile:
    def test_header_and_sign_off_are_read(self) -> None:
        """The documented project's header: and sign_off: become the sheet's info."""
        assert load_facts(PROJECT).facts.sheet == INFO

    def test_without_them_there_is_none(self) -> None:
        """A facts file with neither key has no sheet info: the department sheet, blank lines."""
        assert load_facts(EXAMPLE).facts.sheet is None

    def test_numbers_read_as_written(self, tmp_path: Path) -> None:
        """A telephone number written as a number is text as written; a YAML date too."""
        path = _facts_with(tmp_path, "sign_off: {phone: 13800000000, date: 2024-03-15}\n")
        sheet = load_facts(path).facts.sheet
        assert sheet is not None
        assert (sheet.phone, sheet.date, sheet.filled_by) == ("13800000000", "2024-03-15", None)
        assert sheet.funds is None
        assert not sheet.is_project

    def test_bad_keys_are_located_errors(self, tmp_path: Path) -> None:
        """Each problem names its line, says what is wrong and what to write; exit 2."""
        path = _facts_with(
            tmp_path,
            "header:\n"
            "  projekt: x\n"
            "  funds:\n"
            "    of_which:\n"
            "      - {initial: -1}\n"
            "sign_off: [张三]\n",
        )
        result = run("score", str(path))
        assert result.returncode == 2
        lines = result.stderr.decode("utf-8").splitlines()
        assert lines == [
            f"scoring: error: {path}:6:3: unknown key 'projekt' in the header (表头)"
            " (hint: did you mean 'project'?)",
            f"scoring: error: {path}:8:5: the funds block (header: funds:) is missing the"
            " required key 'total' (hint: add 'total:' with its value)",
            f"scoring: error: {path}:9:9: an of_which line of the funds block is missing the"
            " required key 'name' (hint: add 'name:' with its value)",
            f"scoring: error: {path}:9:19: 'initial' in an of_which line of the funds block"
            " cannot be negative (-1) (hint: write 0 or more)",
            f"scoring: error: {path}:10:11: the sign-off (签署栏) must be a mapping of keys to"
            " values (hint: found a list here)",
        ]

    def test_command_writes_the_header(self, tmp_path: Path) -> None:
        """`score FACTS --format xlsx -o FILE` prints the facts file's header and sign-off."""
        out = tmp_path / "自评表.xlsx"
        result = run("score", str(PROJECT), "--format", "xlsx", "-o", str(out))
        assert result.returncode == 0, result.stderr.decode()
        ws = _book(out.read_bytes()).worksheets[0]
        assert ws["B3"].value == "薄弱学校改造项目"
        assert ws.cell(_find(ws, "年度资金总额", column=2), 8).value == 8.62
        assert ws.cell(_find(ws, "填表人"), 1).value == "填表人：张晓红"


def _facts_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(
        "unit: 单位\nyear: 2023\nindicators: [project-common]\nweights: national-project\n"
        + extra
        + "facts: {}\n",
        encoding="utf-8",
    )
    return path


class TestPrecision:
    """Numbers on the sheet to hand in keep the precision they have: a figure typed with
    three decimals is shown with three, and what is shown rounded the sheet says so."""

    @staticmethod
    def _sheet(
        tmp_path: Path, quality: str, spent: str = "37.24", weights_extra: str = ""
    ) -> tuple[Any, Any]:
        """The documented project sheet with 质量达标率 and 全年执行数 changed (and lines
        added to its weights profile): the sheet, and the same with the formulas' values."""
        weights = tmp_path / "w.yaml"
        national = (ROOT / "weights" / "national-project.yaml").read_text(encoding="utf-8")
        weights.write_text(national + weights_extra, encoding="utf-8")
        text = PROJECT.read_text(encoding="utf-8")
        text = text.replace(
            "output_quality_rate: {value: 100,", f"output_quality_rate: {{value: {quality},"
        )
        text = text.replace("executed: 37.24}", f"executed: {spent}}}", 1)
        text = text.replace(
            "[project-common]", str([str(ROOT / "indicators" / "project-common.yaml")])
        )
        text = text.replace("weights: national-project", f"weights: {weights}")
        path = tmp_path / "facts.yaml"
        path.write_text(text, encoding="utf-8")
        case = load_case(path)
        card = score(case.indicators, case.weights, case.facts)
        data = render_bytes(
            card, "xlsx", "zh", Meta(reasons=case.facts.reasons, sheet=case.facts.sheet)
        )
        return _book(data).worksheets[0], _book(data, data_only=True).worksheets[0]

    def test_a_figure_is_shown_with_all_its_decimals(self, tmp_path: Path) -> None:
        """质量达标率 99.875% (typed so) is shown 99.875%, not 99.88%; it earns 99.875 ÷ 100
        × 15 = 14.98125, 14.98 at the profile's 2 decimals, and the total is 88.62 − 15 +
        14.98 = 88.60; the sheet says how scores and rates are rounded."""
        ws, shown = self._sheet(tmp_path, "99.875")
        row = _find(ws, "质量达标率", column=3)
        assert (ws.cell(row, 5).value, ws.cell(row, 7).value) == ("99.875%", 14.98)
        total = _find(ws, "总分")
        assert shown.cell(total, 7).value == 88.6
        notes = [ws.cell(r, 1).value for r in range(total, ws.max_row + 1)]
        assert "各行得分按四舍五入保留 2 位小数，总分为各行得分之和。" in notes
        assert "执行率按四舍五入显示 2 位小数。" in notes

    def test_a_value_the_rules_round_is_said_with_its_value_before(self, tmp_path: Path) -> None:
        """value_decimals: 2 rounds 99.875 half up to 99.88 before scoring (99.88 ÷ 100 × 15
        = 14.982, 14.98): the sheet shows 99.88% as scored, and a note gives 99.875%."""
        ws, _ = self._sheet(tmp_path, "99.875", weights_extra="value_decimals: 2\n")
        row = _find(ws, "质量达标率", column=3)
        assert (ws.cell(row, 5).value, ws.cell(row, 7).value) == ("99.88%", 14.98)
        notes = [ws.cell(r, 1).value for r in range(row, ws.max_row + 1)]
        assert (
            "按评分规则先四舍五入再计分的实际完成值（括号内为原值，保留 6 位小数）："
            "质量达标率 99.88%（99.875%）。"
        ) in notes

    def test_a_quotient_is_shown_rounded_and_said(self) -> None:
        """在职人员控制率 81 ÷ 85 × 100 = 95.2941176…: shown 95.29%, and the note gives it
        to 6 decimals, 95.294118 (…1176 rounds up)."""
        ws = _book(render_bytes(example_card(), "xlsx")).worksheets[0]
        row = _find(ws, "在职人员控制率", column=3)
        assert ws.cell(row, 5).value == "95.29%"
        note = next(
            ws.cell(r, 1).value
            for r in range(row, ws.max_row + 1)
            if str(ws.cell(r, 1).value).startswith("计算所得的实际完成值")
        )
        assert note.startswith(
            "计算所得的实际完成值四舍五入显示（括号内为保留 6 位小数的计算值）："
            "在职人员控制率 95.29%（95.294118%）、"
        )

    def test_funds_amounts_keep_their_decimals(self, tmp_path: Path) -> None:
        """37.2456 万元 is shown as such: the amounts' format has room for 6 decimals
        (万元 to the fen), 2 at least; the block's label breaks before its unit."""
        ws, _ = self._sheet(tmp_path, "100", spent="37.2456")
        cell = ws.cell(_find(ws, "年度资金总额", column=2), 5)
        assert (cell.value, cell.number_format) == (37.2456, "0.00####")
        assert ws.cell(_find(ws, "项目资金"), 1).value == "项目资金\n（万元）"


class TestReadSheetWrittenAgain:
    def test_a_target_read_with_an_assumption_is_said(self) -> None:
        """The clerk wrote 100% (no operator) for 验收合格率 at E15: the sheet written
        from it prints ≥100%, and a note says it was read so, with the cell."""
        from scoring.analysis.provenance import sheet_cells  # noqa: PLC0415
        from scoring.files.sheets.reader import load_sheet_case  # noqa: PLC0415

        case, _ = load_sheet_case(ROOT / "docs" / "examples" / "project-sheet.csv")
        card = score(case.indicators, case.weights, case.facts)
        meta = Meta(cells=sheet_cells(case.indicators, case.facts), sheet=case.facts.sheet)
        ws = _book(render_bytes(card, "xlsx", "zh", meta)).worksheets[0]
        row = _find(ws, "验收合格率", column=3)
        assert ws.cell(row, 4).value == "≥100%"
        notes = [ws.cell(r, 1).value for r in range(row, ws.max_row + 1)]
        assert (
            "年度指标值按以下读法写出：验收合格率 project-sheet!E15"
            "（表中写作“100%”，未写比较符号，按“≥”理解）。"
        ) in notes
