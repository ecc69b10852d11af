"""A sheet's printed figures for the audit: the sheet reader's layout and cells, with their cells.

The sheet is read by the reader (:func:`~.layout.read_layout` and
:func:`~.convert.convert` in its lenient mode, which keeps going past a cell
it cannot read); this module only collects what the sheet prints, each figure
with its cell, into :class:`~scoring.analysis.audit.SheetFigures`, and scores
what could be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from scoring.analysis.audit import (
    FundsFigures,
    FundsLineFigures,
    Printed,
    ReadProblem,
    SheetAudit,
    SheetFigures,
    SheetRow,
    StatedPoints,
    audit_sheet,
    score_rows,
)
from scoring.core.errors import ScoringError
from scoring.core.messages import Message, msg
from scoring.core.model import Indicator, WeightsProfile
from scoring.files.sheets.cells import (
    CellError,
    is_dash,
    normalise,
    parse_actual_cell,
    parse_number_cell,
    parse_target_cell,
    quantity,
    target_text,
)
from scoring.files.sheets.convert import (
    BUDGET_ID,
    SheetCase,
    convert,
    rows_without_points,
    same_name,
    stated_points,
)
from scoring.files.sheets.grid import Grid, read_grids
from scoring.files.sheets.layout import (
    Layout,
    TableRow,
    header_name,
    hidden_column_said,
    hidden_rows,
    hidden_tables,
    other_table_said,
    pick_sheet,
    read_layout,
    table_sheets,
)

# Labels of a printed grade: 等级 and its synonyms, the grade beside or after a colon.
_GRADE_LABELS = ("等级", "评价等级", "自评等级", "绩效等级", "评定等级", "自评结果等级")


def audit_file(
    path: str | Path,
    *,
    indicators: Sequence[Indicator] = (),
    weights: WeightsProfile | None = None,
    sheet: str | None = None,
) -> SheetAudit:
    """Read one sheet and audit it.

    Raises:
        ScoringError: when the file cannot be read, or has no indicator table.
    """
    grid = pick_sheet(read_grids(Path(path)), sheet)
    return audit_grid(grid, indicators=indicators, weights=weights)


def audit_sheets(path: str | Path, sheet: str | None = None) -> tuple[list[Grid], list[Grid]]:
    """The worksheets of ``path`` to audit, and the hidden ones with a table left out.

    The sheet named, or else every visible sheet with an indicator table (a
    workbook may hold one sheet per project); a hidden sheet is audited only
    when named, as :func:`~.layout.pick_sheet` reads it.

    Raises:
        ScoringError: when the file cannot be read, or no visible sheet has a table.
    """
    grids = read_grids(Path(path))
    if sheet is not None:
        return [pick_sheet(grids, sheet)], []
    tables = table_sheets(grids)
    return (tables or [pick_sheet(grids, None)]), hidden_tables(grids)


def audit_grid(
    grid: Grid,
    *,
    indicators: Sequence[Indicator] = (),
    weights: WeightsProfile | None = None,
) -> SheetAudit:
    """Audit one worksheet.

    Raises:
        ScoringError: when it has no indicator table, or its layout cannot be read.
    """
    layout = read_layout(grid)
    read = convert(layout, indicators, weights, lenient=True)
    figures = sheet_figures(read)
    scored = score_rows(read.indicators, read.weights, read.facts)
    return audit_sheet(
        figures,
        scored,
        grades=read.weights.grades,
        over_achievement=weights.over_achievement if weights is not None else None,
    )


def _printed(grid: Grid, row: int, column: int | None, what: str = "") -> Printed | None:
    if column is None:
        return None
    cell = grid.at(row, column)
    where = str(grid.where(row, column))
    text = cell.text().strip()
    try:
        value = parse_number_cell(cell, what)
    except CellError:
        try:
            read = quantity(text) if text else None
        except CellError:  # a number refused (010, 1_000): the reader reports the cell
            read = None
        value = read.value if read is not None and read.op is None else None
    return Printed(where, value, text)


def _unread(grid: Grid, row: int | None, column: int | None, what: str) -> ReadProblem | None:
    """Why the figure at (row, column) cannot be read as a number (an Excel error, a formula
    whose result the file does not store, words); None when it can, or is empty or a dash."""
    if row is None or column is None:
        return None
    cell = grid.at(row, column)
    try:
        parse_number_cell(cell, what)
    except CellError as exc:
        if cell.error is None and not cell.formula:
            try:
                read = quantity(cell.text())
            except CellError:
                read = None
            if read is not None and read.op is None:  # 93.88分, 86.2%: read as the number
                return None
        hint = msg("{message} (hint: {hint})", message=exc.message, hint=exc.hint)
        return ReadProblem(str(grid.where(row, column)), hint)
    return None


def sheet_figures(read: SheetCase) -> SheetFigures:
    """What the sheet ``read`` prints, each figure with its cell."""
    layout = read.layout
    grid = layout.grid
    cols = layout.columns
    by_row = {r.row: r.indicator_id for r in read.rows}
    indicators = {i.id: i for i in read.indicators}
    rows = []
    stated: dict[tuple[str, str | None], StatedPoints] = {}
    for table_row in layout.rows:
        if not table_row.scored:
            continue
        rows.append(_row(read, table_row, indicators.get(by_row.get(table_row.row, ""))))
        _stated(layout, table_row, stated)
    total = layout.total_row
    problems = [
        ReadProblem(str(p.location) if p.location else grid.file, _with_hint(p))
        for error in read.problems
        for p in error.problems
    ]
    said = {p.cell for p in problems}
    # The figures only the audit reads (the 总分 row's, the printed 执行率): one that cannot
    # be read is said at its cell, not passed over as if the check had been made.
    funds = layout.funds
    for row, column, what in (
        (total, cols.get("points"), "总分行的分值"),
        (total, cols.get("score"), "总分"),
        (
            funds.lines[0].row if funds is not None and funds.lines else None,
            funds.columns.get("rate") if funds is not None else None,
            "执行率",
        ),
    ):
        unread = _unread(grid, row, column, what)
        if unread is not None and unread.cell not in said:
            problems.append(unread)
    return SheetFigures(
        file=grid.file,
        sheet=grid.sheet,
        unit=read.facts.unit,
        rows=tuple(rows),
        full_score=_printed(grid, total, cols.get("points")) if total else None,
        total=_printed(grid, total, cols.get("score")) if total else None,
        grade=_grade(grid, layout.total_row or layout.header_row),
        stated=tuple(stated.values()),
        funds=_funds(read),
        problems=tuple(problems),
        header_cell=str(grid.where(layout.header_row, cols.get("points", 1))),
        same_names=_same_names(grid, layout),
        unpointed=rows_without_points(layout),
        other_table=(
            ReadProblem(
                str(grid.where(*layout.other_table)),
                other_table_said(layout, layout.other_table)[0],
            )
            if layout.other_table is not None
            else None
        ),
        hidden=_hidden(grid, layout),
        hidden_columns=_hidden_columns(grid, layout),
    )


def _hidden(grid: Grid, layout: Layout) -> tuple[ReadProblem, ...]:
    """The rows read that are hidden in Excel: each one's name cell and, as a provenance
    names it, that cell and the name."""
    return tuple(
        ReadProblem(str(grid.where(row, column)), f"{grid.ref(row, column)} {name}")
        for row, column, name in hidden_rows(layout)
    )


def _hidden_columns(grid: Grid, layout: Layout) -> tuple[ReadProblem, ...]:
    """The columns of the table and the funds block hidden in Excel: each one's header
    cell, and what the reader says of it."""
    return tuple(
        ReadProblem(str(grid.where(h.row, h.column)), hidden_column_said(layout, h)[0])
        for h in layout.hidden_columns
    )


def _same_names(grid: Grid, layout: Layout) -> tuple[tuple[str, str, str], ...]:
    """Each scored row whose 三级指标 an earlier scored row has (as the reader matches
    names): its name cell, the earlier one's (as a provenance names it), the name."""
    column = layout.columns.get("level3") or 1
    first: dict[str, int] = {}
    found = []
    for row in layout.rows:
        if not row.scored or not row.name:
            continue
        earlier = first.setdefault(same_name(row.name), row.row)
        if earlier != row.row:
            found.append((str(grid.where(row.row, column)), grid.ref(earlier, column), row.name))
    return tuple(found)


def _split(text: str) -> str:
    stated = stated_points(text)
    return text if stated is None else stated[0]


def _row(read: SheetCase, table_row: TableRow, indicator: Indicator | None) -> SheetRow:
    layout = read.layout
    grid, cols, r = layout.grid, layout.columns, table_row.row
    points = _printed(grid, r, cols["points"])
    assert points is not None
    actual = _printed(grid, r, cols.get("actual"))
    target = grid.text(r, cols["target"]) if "target" in cols else ""
    reason = grid.text(r, cols["reason"]) if "reason" in cols else ""
    problem, target_unit, actual_unit, said = _actual_problem(layout, r)
    fact = read.facts.facts.get(indicator.id) if indicator is not None else None
    return SheetRow(
        name=table_row.name,
        level1=_split(table_row.level1),
        level2=_split(table_row.level2),
        points=points,
        score=_printed(grid, r, cols.get("score")),
        actual=actual,
        target=target,
        reason="" if is_dash(reason) else reason,
        indicator=indicator,
        value=fact.value if fact is not None else None,
        actual_problem=problem,
        actual_said=said,
        target_unit=target_unit,
        actual_unit=actual_unit,
    )


def _actual_problem(layout: Layout, row: int) -> tuple[str | None, str, str, Message | None]:
    """Why the achieved value of a row with a numeric target is not a plain number in its unit,
    with the reader's words for a value that is no number (what ``scoring score`` says)."""
    grid, cols = layout.grid, layout.columns
    if "target" not in cols or "actual" not in cols:
        return None, "", "", None
    unit = normalise(grid.text(row, cols["unit"])) if "unit" in cols else ""
    try:
        target = parse_target_cell(
            target_text(grid.at(row, cols["target"])), unit="" if is_dash(unit) else unit
        )
    except CellError:
        return None, "", "", None
    if target.kind != "number":
        return None, "", "", None
    target_unit = target.target.unit
    cell = grid.at(row, cols["actual"])
    text = cell.text().strip()
    if not text or is_dash(text):
        return None, target_unit, "", None
    if isinstance(cell.value, Decimal):
        if cell.percent and target_unit != "%":
            return "unit", target_unit, "%", None
        return None, target_unit, "", None
    try:
        read = quantity(text) if isinstance(cell.value, str) else None
    except CellError:
        read = None
    if read is not None and read.unit and read.unit != target_unit:
        return "unit", target_unit, read.unit, None
    try:
        parse_actual_cell(cell, target)
    except CellError as exc:
        return "not_number", target_unit, "", msg("{message} (hint: {hint})", **_said(exc))
    if read is not None and read.op is not None:
        return "operator", target_unit, read.unit, None
    return None, target_unit, read.unit if read is not None else "", None


def _with_hint(problem: ScoringError) -> Message | str:
    """What the reader said of a cell, with what to do, as ``scoring score`` says it."""
    said = problem.said if str(problem.said) == problem.message else problem.message
    hint = problem.said_hint if str(problem.said_hint) == problem.hint else problem.hint
    if not hint:
        return said
    return msg("{message} (hint: {hint})", message=said, hint=hint)


def _said(exc: CellError) -> dict[str, Message]:
    return {"message": exc.message, "hint": exc.hint}


def _stated(
    layout: Layout, row: TableRow, found: dict[tuple[str, str | None], StatedPoints]
) -> None:
    grid = layout.grid
    for role, text in (("level1", row.level1), ("level2", row.level2)):
        stated = stated_points(text)
        if stated is None or role not in layout.columns:
            continue
        name, points = stated
        level1 = _split(row.level1)
        key = (level1, None) if role == "level1" else (level1, name)
        if key in found:
            continue
        column = layout.columns[role]
        origin = grid.merged_origin(row.row, column) or (row.row, column)
        found[key] = StatedPoints(
            name,
            Printed(str(grid.where(*origin)), points, text),
            key[0],
            key[1],
        )


def _grade(grid: Grid, after: int) -> Printed | None:
    for row in range(after, grid.rows + 1):
        cells = list(grid.row_cells(row))
        for index, (column, cell) in enumerate(cells):
            text = cell.text().strip()
            head, _, inline = text.replace("：", ":").partition(":")
            if header_name(head) not in _GRADE_LABELS:
                continue
            if inline.strip():
                return Printed(str(grid.where(row, column)), None, inline.strip())
            for next_column, next_cell in cells[index + 1 :]:
                value = next_cell.text().strip()
                if value:
                    return Printed(str(grid.where(row, next_column)), None, value)
    return None


def _funds(read: SheetCase) -> FundsFigures | None:
    funds = read.layout.funds
    if funds is None or not funds.lines or not funds.lines[0].total:
        return None
    grid, cols = read.layout.grid, funds.columns

    def line(row: int, label: str) -> FundsLineFigures:
        return FundsLineFigures(
            label,
            _printed(grid, row, cols.get("initial")),
            _printed(grid, row, cols.get("adjusted")),
            _printed(grid, row, cols.get("spent")),
        )

    total = funds.lines[0]
    points = _printed(grid, total.row, cols.get("points"))
    return FundsFigures(
        total=line(total.row, total.label),
        lines=tuple(line(x.row, x.label) for x in funds.lines[1:]),
        points=points if points is not None and points.value is not None else None,
        rate=_printed(grid, total.row, cols.get("rate")),
        score=_printed(grid, total.row, cols.get("score")),
        indicator_id=BUDGET_ID if BUDGET_ID in read.weights.points else None,
    )
