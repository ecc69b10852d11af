"""The scoring sheet as an Excel workbook (.xlsx) in the official layout, to print and hand in.

Needs the optional extra: ``pip install "scoring[xlsx]"`` (openpyxl). The
first sheet is the 自评表 as the national template lays it out: the title and
year, the header block (项目名称 or 部门（单位）名称, 主管部门, 实施单位), the
funds block (项目资金（万元）) where known, the year's overall goal where given,
the indicator table with merged 一级/二级 cells, 总分 and 等级, the notes
(※ rows resting on an assumed number) and the sign-off line. It prints on A4
portrait, one page wide, the table's header row repeated on every page the
table runs onto. A second sheet holds the subtotal of each 一级指标.

Sums, the execution rate and the grade are live formulas, so that a clerk who
corrects a score in Excel or WPS sees the total and the grade follow; every
formula cell also carries its value (openpyxl leaves it empty: the sheet XML
is completed after saving), so that pandas, openpyxl with ``data_only=True``
and file previewers see the numbers. The file is the same, byte for byte,
for the same input: no clock is read.
"""

from __future__ import annotations

import datetime
import importlib
import io
import math
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import attrs

from scoring.core.errors import MissingExtraError
from scoring.core.model import GradeBand
from scoring.core.numbers import fmt, plain
from scoring.core.scorecard import Row, Scorecard
from scoring.core.sheetinfo import SheetInfo, SubRow
from scoring.rendering._common import (
    ASSUMED_MARK,
    Meta,
    SheetLayout,
    category_names,
    indicator_name,
    label,
    named,
    sheet_columns,
    sheet_notes,
    sheet_value,
    sheet_word,
    sign_off,
    spans,
    sub_row_name,
    width,
)

INSTALL_HINT = 'pip install "scoring[xlsx]"  (or: pip install openpyxl)'
FIXED_TIME = datetime.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Column widths (Excel's units, about one Latin character; a Chinese one takes two).
_WIDTHS = (10.0, 12.0, 30.0, 13.0, 13.0, 6.0, 8.0, 26.0)
_COLS = "ABCDEFGH"
_POINTS_COL, _SCORE_COL = 6, 7  # F, G
_SHEET_NAMES = {"zh": ("自评表", "分类小计"), "en": ("Self-evaluation", "Subtotals")}
_SUBTOTAL_COLUMNS = {"zh": ("一级指标", "分值", "得分"), "en": ("Level 1", "Points", "Score")}


def load_openpyxl() -> Any:
    try:
        # Imported by name: an optional extra, and without type stubs.
        return importlib.import_module("openpyxl")
    except ImportError:
        raise MissingExtraError(
            "xlsx output needs the optional package openpyxl, which is not installed",
            hint=INSTALL_HINT,
        ) from None


def render_xlsx(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> bytes:
    """The sheet as .xlsx bytes in the official layout (see the module's docstring).

    Raises:
        MissingExtraError: when openpyxl is not installed.
    """
    openpyxl = load_openpyxl()
    meta = meta or Meta()
    layout = SheetLayout.of(scorecard, meta.sheet)
    main_name, subtotals_name = _SHEET_NAMES["en" if lang == "en" else "zh"]
    wb = openpyxl.Workbook()
    main = _Writer(wb.active, openpyxl.styles, lang, scorecard.decimals)
    main.ws.title = main_name
    placed = _write_sheet(main, scorecard, meta, layout)
    subtotals = _Writer(wb.create_sheet(subtotals_name), openpyxl.styles, lang, main.d)
    _write_subtotals(subtotals, main_name, scorecard, layout, placed)
    wb.properties.creator = "scoring"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    cached = {
        "xl/worksheets/sheet1.xml": main.cached,
        "xl/worksheets/sheet2.xml": subtotals.cached,
    }
    return fixed_zip(raw.getvalue(), cached)


class _Writer:
    """A worksheet being written, row by row, and the value each formula cell will carry."""

    def __init__(self, ws: Any, styles: Any, lang: str, decimals: int) -> None:
        self.ws = ws
        self.lang = lang
        self.d = decimals
        self.cached: dict[str, Decimal | str] = {}
        self.points_format = "0" if decimals == 0 else "0." + "0" * decimals
        thin = styles.Side(style="thin", color="000000")
        self._alignment = styles.Alignment
        self.border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
        name = "宋体" if lang == "zh" else "Arial"
        self.font = styles.Font(name=name, size=11)
        self.bold = styles.Font(name=name, size=11, bold=True)
        self.title_font = styles.Font(name=name, size=18, bold=True)
        self.fill = styles.PatternFill("solid", fgColor="E7ECF3")
        self.row = 0

    def next_row(self, height: float | None = None) -> int:
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        return self.row

    def put(
        self,
        col: int,
        value: object,
        *,
        to_col: int | None = None,
        to_row: int | None = None,
        bold: bool = False,
        align: str = "center",
        boxed: bool = True,
        shaded: bool = False,
        number_format: str | None = None,
        font: Any = None,
        is_formula: bool = False,
        indent: int | None = None,
    ) -> str:
        """Write a cell of the current row (merged to ``to_col``/``to_row``); its reference."""
        row = self.row
        cell = self.ws.cell(row=row, column=col)
        if value is not None and value != "":
            cell.value = value
            if isinstance(value, str) and value.startswith("=") and not is_formula:
                # A target such as "=300 天" is text, not a formula (Excel's '=300 天).
                cell.data_type = "s"
        cell.font = font or (self.bold if bold else self.font)
        # Left-aligned text keeps a little room from the border, as a clerk would type it.
        if indent is None:
            indent = 1 if align == "left" and boxed else 0
        cell.alignment = self._alignment(
            horizontal=align, vertical="center", wrap_text=True, indent=indent
        )
        if number_format:
            cell.number_format = number_format
        last_col, last_row = to_col or col, to_row or row
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                if boxed:
                    self.ws.cell(row=r, column=c).border = self.border
                if shaded:
                    self.ws.cell(row=r, column=c).fill = self.fill
        if (last_col, last_row) != (col, row):
            self.ws.merge_cells(
                start_row=row, start_column=col, end_row=last_row, end_column=last_col
            )
        return f"{_COLS[col - 1]}{row}"

    def formula(self, col: int, text: str, cached: Decimal | str, **how: Any) -> str:
        """A formula cell (``text`` without the ``=``) that carries ``cached`` as its value."""
        ref = self.put(col, "=" + text, is_formula=True, **how)
        self.cached[ref] = cached
        return ref

    def grow(self, row: int, height: float) -> None:
        """Make ``row`` at least ``height`` points high."""
        dims = self.ws.row_dimensions[row]
        dims.height = max(dims.height or 0, height)


@attrs.frozen
class _Placed:
    """Where the 自评表 put things: the table's rows and the execution row's 分值/得分 cells."""

    table: range
    funds_refs: tuple[str, str] | None


def _write_sheet(sheet: _Writer, scorecard: Scorecard, meta: Meta, layout: SheetLayout) -> _Placed:
    lang = sheet.lang
    for letter, wide in zip(_COLS, _WIDTHS, strict=True):
        sheet.ws.column_dimensions[letter].width = wide
    last = len(_COLS)
    sheet.next_row(32)
    sheet.put(1, layout.title(lang), to_col=last, boxed=False, font=sheet.title_font)
    sheet.next_row(20)
    sheet.put(1, sheet_word("year", lang, year=scorecard.year), to_col=last, boxed=False)
    _header_block(sheet, scorecard, layout)
    funds_refs = _funds_block(sheet, layout)
    _goal_block(sheet, layout.info)

    columns = sheet_columns(lang)
    header_row = sheet.next_row(row_height(columns[-1], _WIDTHS[-1], minimum=30))
    for col, name in enumerate(columns, start=1):
        sheet.put(col, name, bold=True, shaded=True)
    _indicator_rows(sheet, scorecard, meta, layout.entries())
    table = range(header_row + 1, sheet.row + 1)

    sheet.next_row(22)
    # Under a cap on the total the sum row is the rows' sum; the capped total follows it.
    sum_word = "rows_total" if scorecard.capped is not None else "total"
    sheet.put(1, sheet_word(sum_word, lang), to_col=_POINTS_COL - 1, bold=True)
    f, g = _COLS[_POINTS_COL - 1], _COLS[_SCORE_COL - 1]
    points = [f"SUM({f}{table.start}:{f}{table.stop - 1})"] if table else []
    scores = [f"SUM({g}{table.start}:{g}{table.stop - 1})"] if table else []
    if funds_refs is not None:
        points.append(funds_refs[0])
        scores.append(funds_refs[1])
    max_total = sum((r.max_points for r in scorecard.rows), Decimal(0))
    sheet.formula(_POINTS_COL, "+".join(points) or "0", max_total, bold=True)
    total_ref = sheet.formula(
        _SCORE_COL,
        f"ROUND({'+'.join(scores) or '0'},{sheet.d})",
        scorecard.uncapped_total,
        bold=True,
        number_format=sheet.points_format,
    )
    sheet.put(last, None)
    capped = scorecard.capped
    if capped is not None:
        # The total after the profile's cap by the execution rate; the grade reads it.
        most = fmt(capped.band.at_most, scorecard.decimals)
        sheet.next_row(22)
        sheet.put(1, sheet_word("capped_total", lang, most=most), to_col=_POINTS_COL, bold=True)
        total_ref = sheet.formula(
            _SCORE_COL,
            f"MIN({total_ref},{plain(capped.band.at_most)})",
            scorecard.total,
            bold=True,
            number_format=sheet.points_format,
        )
        sheet.put(last, None)
    sheet.next_row(22)
    sheet.put(1, sheet_word("grade", lang), to_col=_POINTS_COL, bold=True)
    bands = _bands(scorecard)
    grade = named(scorecard.grade.name, scorecard.grade.name_en, lang)
    if bands:
        sheet.formula(_SCORE_COL, _grade_formula(total_ref, bands, lang), grade, bold=True)
    else:
        sheet.put(_SCORE_COL, grade, bold=True)
    sheet.put(last, None)
    table_end = sheet.row

    for i, line in enumerate(sheet_notes(scorecard, meta, layout, lang)):
        text = (sheet_word("note", lang) if i == 0 else "") + line
        sheet.next_row(row_height(text, sum(_WIDTHS)))
        sheet.put(1, text, to_col=last, align="left", boxed=False)
    _sign_off(sheet, layout.info)
    _page_setup(sheet.ws, header_row, sheet.row, lang, fits=_fits_one_page(sheet.ws, table_end))
    return _Placed(table, funds_refs)


def _header_block(sheet: _Writer, scorecard: Scorecard, layout: SheetLayout) -> None:
    """项目名称 (or 部门（单位）名称); 主管部门 and 实施单位."""
    lang, last = sheet.lang, len(_COLS)
    key, name = layout.name_row(scorecard, lang)
    sheet.next_row(max(row_height(key, _WIDTHS[0], 22), row_height(name, sum(_WIDTHS[1:]))))
    sheet.put(1, key, bold=True, shaded=True)
    sheet.put(2, name, to_col=last, align="left")
    department = layout.info.department or ""
    implementer = layout.implementer(scorecard, lang)
    sheet.next_row(
        max(
            row_height(sheet_word("department", lang), _WIDTHS[0], 22),
            row_height(department, sum(_WIDTHS[1:3]), 22),
            row_height(sheet_word("implementer", lang), _WIDTHS[3], 22),
            row_height(implementer, sum(_WIDTHS[4:]), 22),
        )
    )
    sheet.put(1, sheet_word("department", lang), bold=True, shaded=True)
    sheet.put(2, department, to_col=3, align="left")
    sheet.put(4, sheet_word("implementer", lang), bold=True, shaded=True)
    sheet.put(5, implementer, to_col=last, align="left")


def _funds_block(sheet: _Writer, layout: SheetLayout) -> tuple[str, str] | None:
    """项目资金（万元）; the cells of the execution row's 分值 and 得分 when it is shown here."""
    funds = layout.info.funds
    if funds is None:
        return None
    lang = sheet.lang
    lines = (funds.total, *funds.of_which)
    top = sheet.next_row(34)
    # 项目资金 over （万元）: the narrow column would break the unit in two.
    block = layout.funds_label(lang).replace("（", "\n（")
    sheet.put(1, block, to_row=top + len(lines), bold=True, shaded=True)
    sheet.put(2, None, shaded=True)
    columns = sheet_columns(lang)
    names = (
        sheet_word("initial", lang),
        sheet_word("adjusted", lang),
        sheet_word("executed", lang),
        columns[_POINTS_COL - 1],
        sheet_word("rate", lang),
        columns[_SCORE_COL - 1],
    )
    for col, words in enumerate(names, 3):
        sheet.put(col, words, bold=True, shaded=True)
    refs = None
    execution = layout.execution
    for i, line in enumerate(lines):
        name = sheet_word("of_which", lang) + line.name if i == 1 else line.name
        sheet.next_row(row_height(name, _WIDTHS[1], 22))
        sheet.put(2, name, align="left")
        for col, amount in enumerate((line.initial, line.adjusted, line.executed), 3):
            sheet.put(col, None if amount is None else float(amount), number_format="0.00####")
        rate = line.rate
        if rate is None:
            sheet.put(7, None)
        else:
            # 执行数 ÷ 全年预算数, as a fraction shown in percent.
            at = sheet.row
            sheet.formula(7, f"E{at}/D{at}", rate / 100, number_format="0.00%")
        if i == 0 and execution is not None:
            points = sheet.put(6, float(execution.max_points))
            score = sheet.put(8, float(execution.points), number_format=sheet.points_format)
            refs = (points, score)
        else:
            sheet.put(6, "—")
            sheet.put(8, "—")
    return refs


def _goal_block(sheet: _Writer, info: SheetInfo) -> None:
    """年度总体目标: 预期目标 and 实际完成情况, when either is given."""
    if info.goal is None and info.achieved is None:
        return
    lang = sheet.lang
    top = sheet.next_row(22)
    sheet.put(1, sheet_word("goal", lang), to_row=top + 1, bold=True, shaded=True)
    sheet.put(2, sheet_word("planned", lang), to_col=4, bold=True, shaded=True)
    sheet.put(5, sheet_word("achieved", lang), to_col=8, bold=True, shaded=True)
    sheet.next_row(
        max(
            row_height(info.goal, sum(_WIDTHS[1:4]), 40),
            row_height(info.achieved, sum(_WIDTHS[4:]), 40),
            row_height(sheet_word("goal", lang), _WIDTHS[0]) - 22,
        )
    )
    sheet.put(2, info.goal, to_col=4, align="left")
    sheet.put(5, info.achieved, to_col=8, align="left")


def _indicator_rows(
    sheet: _Writer, scorecard: Scorecard, meta: Meta, entries: tuple[tuple[Row, SubRow | None], ...]
) -> None:
    lang = sheet.lang
    start = sheet.row + 1
    heights = []
    for row, sub in entries:
        if sub is not None:
            # 其中：主干道 under its row, indented, as a clerk writes it (a row of the group
            # without points, not indented): no 分值, no 得分.
            name = sub_row_name(sub, lang)
            heights.append(
                max(
                    row_height(name, _WIDTHS[2] - 2),
                    row_height(sub.target, _WIDTHS[3]),
                    row_height(sub.actual, _WIDTHS[4]),
                )
            )
            sheet.next_row(heights[-1])
            sheet.put(3, name, align="left", indent=2 if sub.of_which else None)
            sheet.put(4, sub.target)
            sheet.put(5, sub.actual)
            for col in (_POINTS_COL, _SCORE_COL, 8):
                sheet.put(col, None)
            continue
        name = indicator_name(row, lang)
        if row.assumed:
            name = f"{name} {ASSUMED_MARK}"
        target, value = str(row.target.get(lang)), sheet_value(row, lang)[0]
        reason = meta.reasons.get(row.id, "")
        heights.append(
            max(
                row_height(name, _WIDTHS[2]),
                row_height(target, _WIDTHS[3]),
                row_height(value, _WIDTHS[4]),
                row_height(reason, _WIDTHS[7]),
            )
        )
        sheet.next_row(heights[-1])
        sheet.put(3, name, align="left")
        sheet.put(4, target)
        sheet.put(5, value)
        if not row.informational:  # a row shown without points leaves both cells empty
            sheet.put(_POINTS_COL, float(row.max_points))
            sheet.put(_SCORE_COL, float(row.points), number_format=sheet.points_format)
        sheet.put(8, reason, align="left")
    end = sheet.row
    # 一级 and 二级 cells merged over their rows (and their 其中 rows), as on the printed
    # template; the last row of a span grows when the name needs more room than the rows give.
    rows = tuple(row for row, _ in entries)
    for level in (1, 2):
        for i, span in enumerate(spans(rows, level)):
            if not span:
                continue
            name = category_names(rows[i], scorecard, lang)[level - 1]
            sheet.row = start + i
            sheet.put(level, name, to_row=start + i + span - 1)
            need = row_height(name, _WIDTHS[level - 1]) - sum(heights[i : i + span - 1])
            sheet.grow(start + i + span - 1, need)
            heights[i + span - 1] = max(heights[i + span - 1], need)
    sheet.row = end


def _bands(scorecard: Scorecard) -> tuple[GradeBand, ...]:
    """The grade bands the total can reach, best first (a failed veto row caps them)."""
    bands = sorted(scorecard.grades, key=lambda b: b.min, reverse=True)
    cap = scorecard.grade_cap
    if cap is not None:
        bands = [b for b in bands if b.min <= cap.min]
    return tuple(bands)


def _grade_formula(total: str, bands: Sequence[GradeBand], lang: str) -> str:
    """``IF(G30>=90,"优",IF(G30>=80,"良",…"差"))``: the lowest band when none is reached."""

    def quoted(band: GradeBand) -> str:
        return '"' + named(band.name, band.name_en, lang).replace('"', '""') + '"'

    text = quoted(bands[-1])
    for band in reversed(bands[:-1]):
        text = f"IF({total}>={plain(band.min)},{quoted(band)},{text})"
    return text


def _sign_off(sheet: _Writer, info: SheetInfo) -> None:
    """填表人, 联系电话, 填报日期; then 负责人 and 单位（盖章）, with room for the seal."""
    first, second = sign_off(info, sheet.lang)
    sheet.next_row(12)
    sheet.next_row(26)
    for (col, to_col), text in zip(((1, 3), (4, 5), (6, 8)), first, strict=True):
        sheet.put(col, text, to_col=to_col, align="left", boxed=False)
    sheet.next_row(48)
    for (col, to_col), text in zip(((1, 3), (4, 8)), second, strict=True):
        sheet.put(col, text, to_col=to_col, align="left", boxed=False)


def fit_to_page_width(ws: Any, orientation: str = "portrait") -> None:
    """Print ``ws`` on A4 in ``orientation``, one page wide and as many pages long as it takes."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# A4 portrait in points, less the margins _page_setup sets (0.5 in aside, 0.6 in above
# and below), and the room the page offers the table's rows once scaled to one page wide.
_PAGE_WIDTH, _PAGE_HEIGHT = (8.27 - 1.0) * 72, (11.69 - 1.2) * 72
# Excel's width unit is the width of a digit of the default font (7 pixels for Calibri
# 11) plus 5 pixels of padding per column; 96 pixels to the inch.
_TABLE_WIDTH = (7 * sum(_WIDTHS) + 5 * len(_WIDTHS)) * 72 / 96
# What is taken for sure to fit: the estimate is Excel's, WPS and LibreOffice draw a
# little differently.
_SURELY = 0.9


def _fits_one_page(ws: Any, last_row: int) -> bool:
    """Whether rows 1 to ``last_row`` (the title down to 等级) fit the first printed page."""
    scale = min(1.0, math.floor(_PAGE_WIDTH / _TABLE_WIDTH * 100) / 100)
    height = sum(ws.row_dimensions[row].height or 15 for row in range(1, last_row + 1))
    return height * scale <= _PAGE_HEIGHT * _SURELY


def _page_setup(ws: Any, header_row: int, last_row: int, lang: str, *, fits: bool) -> None:
    """A4 portrait, one page wide, page numbers; the table's header row on every page when
    the table runs over more than one (repeated above the notes alone, it heads nothing)."""
    fit_to_page_width(ws)
    if not fits:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{_COLS[-1]}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "Page &P of &N" if lang == "en" else "第 &P 页，共 &N 页"


def _write_subtotals(
    sheet: _Writer, main: str, scorecard: Scorecard, layout: SheetLayout, placed: _Placed
) -> None:
    """Per 一级指标, SUM formulas over its rows of the 自评表 (and the funds block's cells)."""
    lang = sheet.lang
    for letter, wide in zip("ABC", (20, 10, 10), strict=True):
        sheet.ws.column_dimensions[letter].width = wide
    sheet.next_row(20)
    for col, name in enumerate(_SUBTOTAL_COLUMNS["en" if lang == "en" else "zh"], 1):
        sheet.put(col, name, bold=True, shaded=True)
    ref = "'" + main.replace("'", "''") + "'!"
    f, g = _COLS[_POINTS_COL - 1], _COLS[_SCORE_COL - 1]
    first = sheet.row + 1
    for cat in scorecard.categories:
        # Rows of one 一级 are adjacent in the table (SheetLayout groups them).
        at = [
            placed.table.start + i
            for i, (r, _) in enumerate(layout.entries())
            if r.indicator.level1 == cat.name
        ]
        points = [f"SUM({ref}{f}{at[0]}:{f}{at[-1]})"] if at else []
        scores = [f"SUM({ref}{g}{at[0]}:{g}{at[-1]})"] if at else []
        execution, funds = layout.execution, placed.funds_refs
        if execution is not None and funds is not None and execution.indicator.level1 == cat.name:
            points.append(ref + funds[0])
            scores.append(ref + funds[1])
        sheet.next_row(20)
        sheet.put(1, named(cat.name, cat.name_en, lang), align="left")
        sheet.formula(2, "+".join(points) or "0", cat.max_points)
        sheet.formula(3, "+".join(scores) or "0", cat.points, number_format=sheet.points_format)
    last = sheet.row
    sheet.next_row(20)
    sheet.put(1, label("sum", lang), bold=True)
    full = sum((c.max_points for c in scorecard.categories), Decimal(0))
    sheet.formula(2, f"SUM(B{first}:B{last})", full, bold=True)
    sheet.formula(
        3,
        f"ROUND(SUM(C{first}:C{last}),{sheet.d})",
        scorecard.uncapped_total,
        bold=True,
        number_format=sheet.points_format,
    )


def row_height(text: str | None, cell_width: float, minimum: float = 20) -> float:
    """A row height (points) that shows ``text`` wrapped in a cell ``cell_width`` wide.

    Excel and WPS keep the height written; this is what they would choose. A
    Chinese character takes two of Excel's width units; one line is 15 points
    plus leading.
    """
    if not text:
        return minimum
    usable = max(1.0, cell_width - 2.5)  # the padding and the indent of left-aligned text
    lines = sum(max(1, math.ceil(width(part) * 1.05 / usable)) for part in text.split("\n"))
    return max(minimum, lines * 15.5 + 6)


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: [a-zA-Z]+="[^"]*")*)><f>(.*?)</f><v ?/></c>')


def _with_cached(xml: bytes, cached: dict[str, Decimal | str]) -> bytes:
    """The sheet XML with each formula cell's value filled in: numbers, or text (``t="str"``)."""
    text = xml.decode("utf-8")
    done: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        ref, attributes, formula = match.groups()
        if ref not in cached:
            raise AssertionError(f"formula cell {ref} has no cached value")
        value = cached[ref]
        done.add(ref)
        attributes = re.sub(r' t="[^"]*"', "", attributes)
        if isinstance(value, str):
            return f'<c r="{ref}"{attributes} t="str"><f>{formula}</f><v>{escape(value)}</v></c>'
        return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{_number(value)}</v></c>'

    text = _FORMULA_CELL.sub(fill, text)
    missing = set(cached) - done
    if missing:
        raise AssertionError(f"no formula cell for cached values {sorted(missing)}")
    return text.encode("utf-8")


def _number(value: Decimal) -> str:
    """A number as the sheet XML holds it: plain decimal digits, at most 15 significant."""
    if value == 0:
        return "0"
    digits = 15 - value.adjusted() - 1
    rounded = round(value, max(0, digits))
    return plain(rounded)


def fixed_zip(data: bytes, cached: dict[str, dict[str, Decimal | str]]) -> bytes:
    """The same zip with each formula's value filled in and every timestamp fixed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _fixed_core(body)
            if info.filename in cached:
                body = _with_cached(body, cached[info.filename])
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, body)
    return out.getvalue()


def _fixed_core(body: bytes) -> bytes:
    """openpyxl stamps 'modified' with the clock when saving; put the fixed time back."""
    text = body.decode("utf-8")
    start = text.find("<dcterms:modified")
    if start >= 0:
        end = text.find("</dcterms:modified>", start)
        if end >= 0:
            inner = text.index(">", start) + 1
            text = text[:inner] + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ") + text[end:]
    return text.encode("utf-8")
