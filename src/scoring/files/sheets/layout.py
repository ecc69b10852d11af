"""Finding a self-evaluation sheet's parts: the header row, the funds block, the rows.

A sheet is found by its Chinese column names, wherever they stand: the
indicator table's header is the first row with 三级指标, 分值 (or 权重) and
年度指标值 (or a synonym); the funds block's header is a row with 年初预算数
and 全年执行数 (or synonyms). Titles, 填报单位, 单位：万元 and anything else
above them are read for the year and the unit's name, and otherwise ignored.
Names are compared without spaces, line breaks or a bracketed tail, so
``年度指标值（A）``, ``分值(10分)`` and ``三级\\n指标`` all match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

import attrs

from scoring.core.errors import (
    InputError,
    InputWarning,
    ListOf,
    Location,
    ScoringError,
    column_letter,
    raise_if_any,
)
from scoring.core.messages import Message, msg
from scoring.files.sheets.cells import is_dash, normalise, one_line, written_as
from scoring.files.sheets.grid import Grid

# Column names of the indicator table, by role; the first of each is the national one.
TABLE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称"),
    "points": ("分值", "权重", "指标分值", "标准分值"),
    "target": ("年度指标值", "指标值", "年度目标值", "目标值", "预期指标值"),
    "actual": ("实际完成值", "全年实际值", "完成值", "实际值", "全年完成值", "实际完成情况"),
    "score": ("得分", "自评得分"),
    "reason": (
        "偏差原因分析及改进措施",
        "未完成原因和改进措施",
        "未完成原因分析及改进措施",
        "未完成原因分析",
        "偏差原因分析",
        "偏差原因",
        "扣分原因和其他说明",
    ),
    "op": ("指标性质",),
    "unit": ("度量单位", "计量单位"),
    "criterion": ("评分标准", "得分计算方法", "指标说明及评分标准"),
}
# Column names of the funds block (项目资金 / 部门整体资金), by role.
FUNDS_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算"),
    "adjusted": ("全年预算数", "调整后预算数", "调整后预算", "全年预算"),
    "spent": ("全年执行数", "预算执行数", "实际执行数", "执行数"),
    "points": ("分值", "权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
FUNDS_TOTAL = ("年度资金总额", "资金总额", "总额", "合计")
# A row of the indicator table that ends it: the total, the conclusions, the sign-off.
_TOTAL_WORDS = ("总分", "合计", "总计", "得分合计")
_END_WORDS = (
    "评价结论",
    "存在问题",
    "改进措施",
    "备注",
    "填表人",
    "联系电话",
    "负责人",
    "项目负责人",
    "财务负责人",
    "填报日期",
    "单位(盖章)",
    "说明",
    "注:",
    "注：",
)
# Labels of the header block, and the field each fills.
_FIELDS = {
    "项目名称": "project",
    "部门名称": "department",
    "部门(单位)名称": "department",
    "单位名称": "department",
    "主管部门": "authority",
    "实施单位": "implementer",
    "填报单位": "reporter",
}
# Labels of the sign-off line, wherever they stand, and the field each fills.
_SIGN_OFF = {
    "填表人": "filled_by",
    "联系电话": "phone",
    "负责人": "head",
    "单位负责人": "head",
    "项目负责人": "head",
    "填报日期": "date",
    "财务负责人": "",  # not on the national sheet: read so as not to be taken for a value
}
# The 年度总体目标 block: the heads of its two columns, the text below each.
_GOAL = ("预期目标", "年初设定目标", "年度目标", "总体目标")
_ACHIEVED = ("实际完成情况", "年度总体目标完成情况", "全年实际完成情况", "目标完成情况")
_HEADER_HINT = msg("the header row needs 三级指标, 分值 (or 权重) and 年度指标值 (or 指标值)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")


@functools.lru_cache(maxsize=4096)
def header_name(text: str) -> str:
    """A column name as compared: no spaces or breaks, no bracketed tail, no colon.

    Kept for each text: every cell of a sheet's top rows is compared as a header
    name, for each role, and the same texts come on every sheet an audit reads.
    """
    name = normalise(text)
    name = re.sub(r"\([^()]*\)$", "", name)
    return name.rstrip(":：")


@attrs.frozen
class TableRow:
    """One row of the indicator table, before its cells are read.

    ``scored`` is false for a 其中 sub-row and a row without points, which are
    kept as information.
    """

    row: int
    level1: str
    level2: str
    name: str
    scored: bool


@attrs.frozen
class FundsLine:
    """One line of the funds block: its label, its row and the label's column."""

    row: int
    label: str
    total: bool
    label_column: int = 1


@attrs.frozen
class Funds:
    """The funds block: its columns by role, and its lines (the total first)."""

    header_row: int
    columns: Mapping[str, int]
    lines: tuple[FundsLine, ...]


@attrs.frozen
class HiddenColumn:
    """A column of the indicator table or the funds block hidden in Excel: its header
    cell and name; ``instead`` is the shown column of its role read in its place (None
    when it is the only one, and is read)."""

    row: int
    column: int
    name: str
    instead: int | None = None


@attrs.frozen
class Field:
    """A value of the header block (项目名称, 主管部门, ...) and its cell."""

    value: str
    row: int
    column: int


@attrs.frozen
class Layout:
    """Where everything is on one worksheet."""

    grid: Grid
    kind: str  # "project" or "department"
    title: str | None
    year: Field | None
    fields: Mapping[str, Field]
    header_row: int
    columns: Mapping[str, int]
    rows: tuple[TableRow, ...]
    funds: Funds | None
    total_row: int | None
    sign_off: Mapping[str, Field] = attrs.field(factory=dict)
    goal: Field | None = None
    achieved: Field | None = None
    hidden_columns: tuple[HiddenColumn, ...] = ()
    # The header cell (row, 三级指标 column) of another indicator table below this one on
    # the same worksheet (a second project's table pasted under the first): not read.
    other_table: tuple[int, int] | None = None


def find_header(grid: Grid, start: int = 1) -> tuple[int, dict[str, int]] | None:
    """The indicator table's header row and its columns by role, or None; from row ``start``."""
    for row in range(start, grid.rows + 1):
        columns = _header_at(grid, row)
        if columns is not None:
            return row, columns
    return None


def _header_at(grid: Grid, row: int) -> dict[str, int] | None:
    """The columns by role when ``row`` is an indicator table's header row, else None."""
    columns = _roles(grid, row, TABLE_COLUMNS)
    if {"level3", "points"} <= columns.keys() and ("target" in columns or "actual" in columns):
        return columns
    return None


def _roles(grid: Grid, row: int, names: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    return {role: columns[0] for role, columns in _role_columns(grid, row, names).items()}


def _role_columns(
    grid: Grid, row: int, names: Mapping[str, tuple[str, ...]]
) -> dict[str, list[int]]:
    """Every column of ``row`` whose name is one of a role's, by role, left to right."""
    found: dict[str, list[int]] = {}
    for column, cell in grid.row_cells(row):
        if not isinstance(cell.value, str):
            continue
        name = header_name(cell.value)
        for role, synonyms in names.items():
            if name in synonyms:
                found.setdefault(role, []).append(column)
                break
    return found


def _choose_columns(
    grid: Grid,
    row: int,
    names: Mapping[str, tuple[str, ...]],
    problems: list[ScoringError],
    hidden: list[HiddenColumn],
) -> dict[str, int]:
    """The column read for each role of the header ``row``.

    A role has one column. Of several, the one shown is read when the others are
    hidden in Excel (last year's figures kept out of sight; each hidden one is named
    in ``hidden``); two shown, or only hidden ones, are an error: which one the
    clerk meant is not guessed. A hidden column that is its role's only one is read,
    and named in ``hidden`` too: nobody sees it on screen or on paper.
    """
    chosen: dict[str, int] = {}
    for role, columns in _role_columns(grid, row, names).items():
        shown = [c for c in columns if c not in grid.hidden_columns]
        candidates = shown or columns
        if len(candidates) > 1:
            cells = ListOf(
                tuple(f"{grid.ref(row, c)} {grid.text(row, c)}" for c in candidates),
                en=", ",
                zh="、",
            )
            said = (
                msg(
                    "{count} columns are read as {name}: {cells}; which one to read is not guessed",
                    count=len(candidates),
                    name=names[role][0],
                    cells=cells,
                )
                if shown
                else msg(
                    "{count} columns hidden in Excel are read as {name}: {cells}; which one to"
                    " read is not guessed",
                    count=len(candidates),
                    name=names[role][0],
                    cells=cells,
                )
            )
            problems.append(
                InputError(
                    said,
                    location=grid.where(row, candidates[1]),
                    hint=msg(
                        "keep one of them: delete the others, or rename them to a name that is"
                        " not read (上年{name}, 复核{name})",
                        name=names[role][0],
                    ),
                )
            )
        chosen[role] = candidates[0]
        for column in columns:
            if column in grid.hidden_columns:
                instead = candidates[0] if column != candidates[0] else None
                hidden.append(HiddenColumn(row, column, grid.text(row, column), instead))
    return chosen


def read_layout(grid: Grid) -> Layout:
    """The parts of ``grid``, which must have an indicator table.

    Raises:
        ScoringError: listing every problem found in the layout.
    """
    found = find_header(grid)
    if found is None:
        raise InputError(
            msg("no indicator table found: no row has the columns 三级指标, 分值 and 年度指标值"),
            location=grid.where(1, 1) if grid.cells else None,
            hint=_HEADER_HINT,
        )
    header_row, _ = found
    problems: list[ScoringError] = []
    hidden: list[HiddenColumn] = []
    columns = _choose_columns(grid, header_row, TABLE_COLUMNS, problems, hidden)
    for role in ("target", "actual"):
        if role not in columns:
            problems.append(
                InputError(
                    msg("the indicator table has no {name} column", name=TABLE_COLUMNS[role][0]),
                    location=grid.where(header_row, columns["level3"]),
                    hint=msg(
                        "add the column with one of the names: {names}",
                        names="、".join(TABLE_COLUMNS[role]),
                    ),
                )
            )
    _, _, end = _table_rows(grid, header_row, columns, [])
    grid = _merged_cells(grid, header_row, end, columns, problems)
    rows, total_row, end = _table_rows(grid, header_row, columns, problems)
    swapped = _swapped(grid, header_row, rows, columns)
    if swapped is not None:  # every row's figures would be misread: said alone
        raise swapped
    other = find_header(grid, end)
    funds = _funds(grid, header_row, problems, hidden)
    title = _title(grid, header_row)
    fields = _fields(grid, header_row)
    kind = _kind(title, fields)
    raise_if_any(problems)
    return Layout(
        grid=grid,
        kind=kind,
        title=title,
        year=_year(grid, header_row),
        fields=fields,
        header_row=header_row,
        columns=columns,
        rows=tuple(rows),
        funds=funds,
        total_row=total_row,
        sign_off=_labelled(grid, range(1, grid.rows + 1), _SIGN_OFF),
        goal=_below(grid, header_row, _GOAL),
        achieved=_below(grid, header_row, _ACHIEVED),
        hidden_columns=tuple(sorted(hidden, key=lambda h: (h.row, h.column))),
        other_table=(other[0], other[1]["level3"]) if other is not None else None,
    )


def _swapped(
    grid: Grid, header_row: int, rows: Sequence[TableRow], columns: Mapping[str, int]
) -> InputError | None:
    """An error when the 年度指标值 and 实际完成值 columns look swapped (their headers,
    or the figures under them): more achieved values are written as targets (an
    operator, a deadline) than targets are, at least two, and half of the rows with
    figures.

    A target is nearly always written with its operator (≥95%, ≤200万元, 9月底前), an
    achieved value never; read the other way round, every row is scored against what
    was achieved, with no more than a warning per row.
    """
    target, actual = columns.get("target"), columns.get("actual")
    if target is None or actual is None:
        return None
    like_targets: list[str] = []
    targets = with_figures = 0
    for row in rows:
        if not row.scored:
            continue
        said, achieved = written_as(grid.at(row.row, target)), written_as(grid.at(row.row, actual))
        targets += said == "target"
        with_figures += bool(said or achieved)
        if achieved == "target":
            like_targets.append(f"{grid.ref(row.row, actual)} {grid.text(row.row, actual)}")
    found = len(like_targets)
    if found < 2 or found <= targets or 2 * found < with_figures:
        return None
    return InputError(
        msg(
            "the columns {target} and {actual} look swapped: {count} 实际完成值 are written as"
            " targets (≥, ≤, =, a deadline), and only {targets} 年度指标值: {cells}",
            target=f"{grid.ref(header_row, target)} {grid.text(header_row, target)}",
            actual=f"{grid.ref(header_row, actual)} {grid.text(header_row, actual)}",
            count=found,
            targets=targets,
            cells=ListOf(
                tuple(like_targets[:3]) + (("…",) if len(like_targets) > 3 else ()),
                en=", ",
                zh="、",
            ),
        ),
        location=grid.where(header_row, actual),
        hint=msg(
            "if the two headers are swapped, swap them back; else write the target with its"
            " operator in 年度指标值 and only what was achieved in 实际完成值 (250米, not ≥266米)"
        ),
    )


def _first_text(grid: Grid, row: int) -> tuple[int, str] | None:
    for column, cell in grid.row_cells(row):
        text = cell.text().strip()
        if text:
            return column, text
    return None


def _ends_table(text: str) -> tuple[bool, bool]:
    """Whether a row whose first text is ``text`` ends the table, and whether it is the total."""
    name = header_name(text)
    if name in _TOTAL_WORDS or any(name.startswith(w) for w in _TOTAL_WORDS):
        return True, True
    return any(name.startswith(header_name(w)) for w in _END_WORDS), False


def _level(grid: Grid, row: int, column: int | None, above: str) -> str:
    """A 一级 or 二级 cell: its own text, its merged range's, or the row above's."""
    if column is None:
        return above
    own = one_line(grid.text(row, column))
    if own:
        return own
    origin = grid.merged_origin(row, column)
    if origin is not None:
        merged = one_line(grid.text(*origin))
        if merged:
            return merged
    return above


def _table_rows(
    grid: Grid, header_row: int, columns: Mapping[str, int], problems: list[ScoringError]
) -> tuple[list[TableRow], int | None, int]:
    """The table's rows, its total row (None when none ends it) and the row that ends it
    (one past the sheet's last when nothing does)."""
    rows: list[TableRow] = []
    level1 = level2 = ""
    role_columns = sorted(set(columns.values()))
    for row in range(header_row + 1, grid.rows + 1):
        first = _first_text(grid, row)
        if first is None:
            continue
        column, text = first
        # Another table's header (a second project's table pasted below) ends this one.
        if _header_at(grid, row) is not None:
            return rows, None, row
        # A total, the conclusions or the sign-off, written left of the names, ends the table.
        if column < columns["level3"]:
            ends, total = _ends_table(text)
            if ends:
                return rows, row if total else None, row
        if not any(grid.text(row, c) for c in role_columns):
            continue
        level1 = _level(grid, row, columns.get("level1"), level1)
        level2 = _level(grid, row, columns.get("level2"), level2)
        points_text = grid.text(row, columns["points"])
        has_points = bool(points_text) and not is_dash(points_text)
        # A trailing ※ marks a row resting on an assumed number (the sheets this
        # package writes put it there): a footnote mark, not part of the name.
        name = one_line(grid.text(row, columns["level3"])).removesuffix("※").rstrip()
        if not name:
            if has_points:
                problems.append(
                    InputError(
                        msg("this row has points but no 三级指标"),
                        location=grid.where(row, columns["level3"]),
                        hint=msg("write the indicator's name, or clear the row's 分值"),
                    )
                )
            name = ""
        sub_row = normalise(name).startswith("其中")
        scored = has_points and not sub_row and bool(name)
        if scored and not level1:
            problems.append(
                InputError(
                    msg("this row has no 一级指标, and none above it to inherit"),
                    location=grid.where(row, columns.get("level1", columns["level3"])),
                    hint=msg(
                        "write the 一级指标 (产出指标, 效益指标) in the first row of its group"
                    ),
                )
            )
        rows.append(TableRow(row, level1, level2 or level1, name, scored))
    return rows, None, grid.rows + 1


_UNMERGE = msg(
    "unmerge the cells (开始 → 合并后居中 → 取消单元格合并) and write each cell's own"
    " figure or text"
)


def _merged_cells(
    grid: Grid, header_row: int, end: int, columns: Mapping[str, int], problems: list[ScoringError]
) -> Grid:
    """``grid`` with each cell of the table's rows that a merged range covers read as
    the range's text, where that is what the sheet shows; a merge that hides a row's own
    figure is an error.

    Read as the range's: a text column merged down over rows (一级 and 二级 aside,
    which :func:`_level` reads), and 实际完成值 merged with 年度指标值 across, in
    either order (one text, written once for both). An error: a row's 分值 or 得分
    under a range begun by the row above (two indicators, one figure: whose is it?),
    and any other merge across the table's columns (分值 with 得分, 实际完成值 with
    分值): which figure the range holds is not guessed. Rows without a 三级指标 of
    their own (a heading merged across the table) are not looked at, nor are 其中
    sub-rows' 分值 and 得分.
    """
    role_of = {column: role for role, column in columns.items()}
    level3 = columns["level3"]

    def name_origin(row: int) -> tuple[int, int] | None:
        origin = grid.merged_origin(row, level3)
        return origin if origin is not None and origin != (row, level3) else None

    def name(row: int) -> str:
        origin = name_origin(row)
        if origin is not None:
            return grid.text(*origin) if origin[1] == level3 else ""
        return grid.text(row, level3)

    filled = dict(grid.cells)
    for top, left, bottom, right in grid.merged:
        if bottom <= header_row or top >= end:
            continue
        span = f"{grid.ref(top, left)}:{column_letter(right)}{bottom}"
        for column in range(left, right + 1):
            role = role_of.get(column)
            if role is None or role in ("level1", "level2"):
                continue
            for row in range(max(top, header_row + 1), min(bottom, end - 1) + 1):
                if (row, column) == (top, left):
                    continue
                own = name(row)
                if not own:
                    if role == "level3" and left != level3 and grid.text(row, columns["points"]):
                        problems.append(
                            _merged_error(grid, (row, column), span, (top, left), role_of)
                        )
                    continue
                across = column != left
                if role in ("points", "score"):
                    if across:
                        problems.append(
                            _merged_error(grid, (row, column), span, (top, left), role_of)
                        )
                    elif not normalise(own).startswith("其中"):
                        problems.append(
                            InputError(
                                msg(
                                    "this row's {what} is under the merged cells {span}, begun"
                                    " by the row above: each scored row needs its own {what}",
                                    what=TABLE_COLUMNS[role][0],
                                    span=span,
                                ),
                                location=grid.where(row, column),
                                hint=_UNMERGE,
                            )
                        )
                    continue
                if across and {role, role_of.get(left)} != {"target", "actual"}:
                    problems.append(_merged_error(grid, (row, column), span, (top, left), role_of))
                    continue
                origin = grid.at(top, left)
                if not origin.empty:
                    filled[row, column] = origin
    return attrs.evolve(grid, cells=filled) if len(filled) != len(grid.cells) else grid


def _merged_error(
    grid: Grid,
    cell: tuple[int, int],
    span: str,
    origin: tuple[int, int],
    role_of: Mapping[int, str],
) -> InputError:
    (row, column), (top, left) = cell, origin
    role = role_of[column]
    return InputError(
        msg(
            "the {what} cell is under the merged cells {span}, which {origin} ({origin_name})"
            " begins: which figure it holds is not guessed",
            what=TABLE_COLUMNS[role][0],
            span=span,
            origin=grid.ref(top, left),
            origin_name=TABLE_COLUMNS[role_of[left]][0] if left in role_of else "—",
        ),
        location=grid.where(row, column),
        hint=_UNMERGE,
    )


def _funds(
    grid: Grid, before: int, problems: list[ScoringError], hidden: list[HiddenColumn]
) -> Funds | None:
    for row in range(1, before):
        columns = _roles(grid, row, FUNDS_COLUMNS)
        if "spent" in columns and ("initial" in columns or "adjusted" in columns):
            columns = _choose_columns(grid, row, FUNDS_COLUMNS, problems, hidden)
            return _funds_lines(grid, row, before, columns, problems)
    return None


def _funds_lines(
    grid: Grid,
    header_row: int,
    before: int,
    columns: dict[str, int],
    problems: list[ScoringError],
) -> Funds:
    first_column = min(columns.values())
    lines: list[FundsLine] = []
    for row in range(header_row + 1, before):
        label, label_column = "", first_column
        for column in range(first_column - 1, 0, -1):
            text = grid.text(row, column)
            if text:
                label, label_column = text, column
                break
        numbers = any(grid.text(row, c) for c in columns.values())
        if not label and not numbers:
            break
        if any(_funds_stop(header_name(grid.text(row, c))) for c in range(1, first_column)):
            break
        name = re.sub(r"^其中[:：]?", "", header_name(label))
        lines.append(FundsLine(row, label, name in FUNDS_TOTAL and not lines, label_column))
    if not lines or not lines[0].total:
        problems.append(
            InputError(
                msg("the funds block has no 年度资金总额 line under its header"),
                location=grid.where(header_row, first_column),
                hint=msg(
                    "the first line under 年初预算数 / 全年预算数 / 全年执行数 is 年度资金总额"
                ),
            )
        )
    return Funds(header_row, dict(columns), tuple(lines))


def _funds_stop(name: str) -> bool:
    return name.startswith(("年度总体目标", "总体目标", "绩效指标", "一级指标", "项目基本情况"))


def _title(grid: Grid, before: int) -> str | None:
    for row in range(1, before):
        for _, cell in grid.row_cells(row):
            text = cell.text().strip()
            if "自评表" in text or "评分表" in text:
                return text
    return None


def _fields(grid: Grid, before: int) -> dict[str, Field]:
    return _labelled(grid, range(1, before), _FIELDS)


def _labelled(grid: Grid, rows: range, labels: Mapping[str, str]) -> dict[str, Field]:
    """Values written after their label: in the cell to its right, or after a colon."""
    fields: dict[str, Field] = {}
    for row in rows:
        cells = list(grid.row_cells(row))
        for index, (column, cell) in enumerate(cells):
            text = cell.text().strip()
            head, _, inline = _split_label(text)
            key = labels.get(header_name(head))
            if not key or key in fields:
                continue
            if inline:
                fields[key] = Field(one_line(inline), row, column)
                continue
            for next_column, next_cell in cells[index + 1 :]:
                value = next_cell.text().strip()
                if value and header_name(value) not in labels:
                    fields[key] = Field(one_line(value), row, next_column)
                break
    return fields


def _below(grid: Grid, before: int, heads: tuple[str, ...]) -> Field | None:
    """The text under a column head of the 年度总体目标 block (预期目标, 实际完成情况)."""
    for row in range(1, before):
        for column, cell in grid.row_cells(row):
            if header_name(cell.text()) in heads:
                for below in range(row + 1, before):
                    text = grid.text(below, column)
                    if text:
                        return Field(text, below, column)
                return None
    return None


def _split_label(text: str) -> tuple[str, str, str]:
    """``填报单位：某局`` as (``填报单位``, ``：``, ``某局``); a bare label has no value."""
    match = re.match(r"^([^:：]+)[:：]\s*(.*)$", text)
    if match is None:
        return text, "", ""
    return match.group(1), ":", match.group(2).strip()


def _kind(title: str | None, fields: Mapping[str, Field]) -> str:
    if title and "部门整体" in title:
        return "department"
    if "project" in fields or (title and "项目" in title):
        return "project"
    return "department"


def _year(grid: Grid, before: int) -> Field | None:
    for row in range(1, before):
        for column, cell in grid.row_cells(row):
            match = _YEAR.search(cell.text())
            if match is not None:
                return Field(match.group(1), row, column)
    return None


def hidden_rows(layout: Layout) -> list[tuple[int, int, str]]:
    """The rows read that are hidden in Excel (by hand, or filtered out), in sheet order:
    the funds block's lines, the indicator table's rows and its 总分 row, each as (row,
    the column of the cell that names it, its name). Nobody sees them on screen or on
    paper, though they are read like the others."""
    grid = layout.grid
    if not grid.hidden_rows:
        return []
    found: list[tuple[int, int, str]] = []
    if layout.funds is not None:
        found.extend(
            (line.row, line.label_column, line.label or "—")
            for line in layout.funds.lines
            if line.row in grid.hidden_rows
        )
    column = layout.columns.get("level3") or 1
    found.extend((r.row, column, r.name or "—") for r in layout.rows if r.row in grid.hidden_rows)
    total = layout.total_row
    if total is not None and total in grid.hidden_rows:
        first = next(iter(grid.row_cells(total)), None)
        found.append((total, first[0] if first else 1, first[1].text().strip() if first else "—"))
    return found


def hidden_column_said(layout: Layout, hidden: HiddenColumn) -> tuple[Message, Message]:
    """What is said of a column hidden in Excel, and what to do."""
    grid = layout.grid
    if hidden.instead is None:
        return (
            msg(
                "the column {cell} {name} is hidden in Excel and read as if shown",
                cell=grid.ref(hidden.row, hidden.column),
                name=hidden.name,
            ),
            msg(
                "unhide it, so that the printed sheet shows what is read; or delete it if it"
                " does not belong to the sheet"
            ),
        )
    return (
        msg(
            "the column {cell} {name} is hidden in Excel and not read: the shown column"
            " {shown} {shown_name} is read instead",
            cell=grid.ref(hidden.row, hidden.column),
            name=hidden.name,
            shown=grid.ref(hidden.row, hidden.instead),
            shown_name=grid.text(hidden.row, hidden.instead),
        ),
        msg(
            "delete the hidden column if it does not belong to the sheet (last year's"
            " figures, a draft), so that nobody takes it for the sheet's"
        ),
    )


def other_table_said(layout: Layout, other: tuple[int, int]) -> tuple[Message, Message]:
    """What is said of another indicator table below the one read, and what to do."""
    grid = layout.grid
    said = msg(
        "another indicator table starts at {cell} {name}, which is not read: only the table"
        " whose header is row {row} is",
        cell=grid.ref(*other),
        name=grid.text(*other),
        row=layout.header_row,
    )
    hint = msg(
        "put each table on a worksheet of its own (one per project: scoring audit reviews"
        " every sheet of a workbook), or delete the one that does not belong"
    )
    return said, hint


def table_sheets(grids: Sequence[Grid]) -> list[Grid]:
    """The worksheets with an indicator table that the clerk sees (not hidden), in order."""
    return [grid for grid in grids if not grid.hidden and find_header(grid) is not None]


def hidden_tables(grids: Sequence[Grid]) -> list[Grid]:
    """The hidden worksheets with an indicator table (an old copy, a draft): never read unnamed."""
    return [grid for grid in grids if grid.hidden and find_header(grid) is not None]


def pick_sheet(grids: Sequence[Grid], name: str | None) -> Grid:
    """The worksheet to read: the one named, or the first visible one with an indicator table.

    A hidden sheet is read only when named: it is what the clerk does not see
    (last year's copy, a draft), and a sheet read in place of the visible one
    would be scored without anyone knowing.

    Raises:
        InputError: when the named sheet does not exist, or no visible sheet has a table.
    """
    if name is not None:
        for grid in grids:
            if grid.sheet == name:
                return grid
        raise InputError(
            msg("the workbook has no sheet {name!r}", name=name),
            location=None if not grids else grids[0].where(1, 1),
            hint=msg("its sheets: {names}", names="、".join(g.sheet for g in grids)),
        )
    tables = table_sheets(grids)
    if tables:
        return tables[0]
    hidden = hidden_tables(grids)
    if hidden:
        raise InputError(
            msg(
                "the only sheets with an indicator table are hidden: {names}",
                names="、".join(g.sheet for g in hidden),
            ),
            location=hidden[0].where(1, 1),
            hint=msg(
                "unhide the sheet in Excel or WPS, or name it with --sheet {name}",
                name=hidden[0].sheet,
            ),
        )
    first = grids[0] if grids else None
    raise InputError(
        msg(
            "no sheet has an indicator table: no row has the columns 三级指标, 分值 and 年度指标值"
            " (sheets read: {names})",
            names="、".join(g.sheet or g.label for g in grids),
        ),
        location=None if first is None else first.where(1, 1),
        hint=_HEADER_HINT,
    )


def unread_tables(grids: Sequence[Grid], read: Grid) -> list[InputWarning]:
    """Warnings naming the other sheets with an indicator table, when ``read`` was chosen
    unnamed: a workbook of several projects' sheets is not scored as its first alone."""
    warnings = []
    others = [g.sheet for g in table_sheets(grids) if g is not read]
    if others:
        warnings.append(
            InputWarning(
                msg(
                    "other sheets of this workbook have an indicator table too: {names};"
                    " only {sheet} is read",
                    names="、".join(others),
                    sheet=read.sheet,
                ),
                location=Location(read.file),
                hint=msg(
                    "name the sheet to read with --sheet NAME; scoring audit reviews every"
                    " visible sheet"
                ),
            )
        )
    hidden = [g.sheet for g in hidden_tables(grids) if g is not read]
    if hidden:
        warnings.append(
            InputWarning(
                msg(
                    "hidden sheets of this workbook have an indicator table, not read: {names}",
                    names="、".join(hidden),
                ),
                location=Location(read.file),
                hint=msg("to read one, name it with --sheet NAME"),
            )
        )
    return warnings
