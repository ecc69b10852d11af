"""From a sheet's layout to the model: indicators, a weights profile and the year's facts.

Each scored row becomes an indicator whose rule is the national default for
its target (≥: proportional; ≤: reverse; =: equal; a deadline: met; words:
qualitative, with the evaluator's 得分), unless an indicator file the user
names has an indicator of the same name, whose rule (and id) it then takes.
The row's 分值 are its points; a weights profile the user names gives the
full score, grade bands, rounding and other settings. Each value read records
its cell (``sheet: 自评表!F12``).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from scoring.core.errors import (
    InputError,
    InputWarning,
    ListOf,
    Location,
    ScoringError,
    raise_if_any,
)
from scoring.core.formula import parse as parse_formula
from scoring.core.messages import Message, msg
from scoring.core.model import (
    Category,
    Fact,
    Facts,
    FactValue,
    Group,
    Indicator,
    Judgement,
    Op,
    Provenance,
    ProvenanceKind,
    Target,
    TargetSetting,
    WeightsProfile,
    default_grades,
)
from scoring.core.numbers import HUNDRED, ZERO, div, fmt, mul, plain
from scoring.core.record import evolve
from scoring.core.rules import (
    BudgetExecution,
    Checklist,
    Equal,
    Levels,
    Met,
    Proportional,
    Qualitative,
    Reverse,
    Rule,
)
from scoring.core.sheetinfo import Funds, FundsLine, SheetInfo, SubRow
from scoring.files.sheets.cells import (
    AMOUNT_UNITS,
    POINT_UNITS,
    CellError,
    ReadTarget,
    is_dash,
    normalise,
    parse_actual_cell,
    parse_number_cell,
    parse_op_cell,
    parse_target_cell,
    target_text,
    typed_unit,
)
from scoring.files.sheets.grid import Cell, Grid
from scoring.files.sheets.layout import (
    Field,
    Layout,
    TableRow,
    hidden_column_said,
    hidden_rows,
    other_table_said,
)

BUDGET_ID = "budget_execution_rate"
# 一级 / 二级 names with their points stated after them: 产出指标（50分）, or in
# full-width digits as a Chinese input method types them: 产出指标（５０分）.
_STATED_POINTS = re.compile(r"^(.*?)\s*[(（]\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*分\s*[)）]\s*$")


def stated_points(text: str) -> tuple[str, Decimal] | None:
    """A group's name and the points stated after it (``产出指标（50分）``), or None.

    >>> stated_points("产出指标（５０分）")
    ('产出指标', Decimal('50'))
    >>> stated_points("产出指标") is None
    True
    """
    match = _STATED_POINTS.match(text)
    if match is None:
        return None
    return match.group(1), Decimal(unicodedata.normalize("NFKC", match.group(2)))


@attrs.frozen
class ReadRow:
    """One scored row as read, for writing it back out as YAML: its cells and notes."""

    indicator_id: str
    row: int
    target: ReadTarget | None
    points_ref: str
    matched: Indicator | None = None


@attrs.frozen
class SheetCase:
    """What one sheet says, as the model scores it, and how each part was read."""

    indicators: tuple[Indicator, ...]
    weights: WeightsProfile
    facts: Facts
    layout: Layout
    rows: tuple[ReadRow, ...]
    warnings: tuple[InputWarning, ...] = ()
    # Read with ``lenient``: every cell that could not be read (its row is left out).
    problems: tuple[ScoringError, ...] = ()


def default_rule(target: ReadTarget) -> Rule:
    """The national default rule for a row's target."""
    if target.kind == "words":
        return Qualitative()
    if target.kind == "deadline":
        return Met()
    op = target.target.op
    if op is Op.GE:
        return Proportional()
    if op is Op.LE:
        return Reverse()
    return Equal()


_YEAR_FIRST = re.compile(r"\s*(\d{4})\s*年")
"""A year written first (2024年3月底前, 2024年1月)."""


def same_name(name: str) -> str:
    """A 三级指标 as rows and indicators are matched by it (normalised, curly quotes plain)."""
    return normalise(name).replace("“", '"').replace("”", '"')


class _Reader:
    """Reads a layout's cells, collecting every problem rather than stopping at the first."""

    def __init__(
        self,
        layout: Layout,
        profile_indicators: Sequence[Indicator],
        profile: WeightsProfile | None,
        lenient: bool = False,
    ) -> None:
        self.lenient = lenient
        self.layout = layout
        self.grid: Grid = layout.grid
        self.problems: list[ScoringError] = []
        self.warnings: list[InputWarning] = []
        self.by_name = {same_name(i.name): i for i in profile_indicators}
        self.profile = profile
        self.indicators: list[Indicator] = []
        self.points: dict[str, Decimal] = {}
        self.facts: dict[str, Fact] = {}
        self.targets: dict[str, TargetSetting] = {}
        self.reasons: dict[str, str] = {}
        self.self_scores: dict[str, Decimal] = {}
        self.information: list[str] = []
        self.sub_rows: list[SubRow] = []
        self.rows: list[ReadRow] = []
        self.stated: dict[tuple[str, str], tuple[Decimal, Location]] = {}
        self.summed: list[tuple[str, str, Decimal]] = []
        self.unread_points = False
        # Each scored 三级指标 name (as compared) and the first row that has it.
        self.names: dict[str, int] = {}

    def fail(self, row: int, column: int, message: Message, hint: Message) -> None:
        self.problems.append(InputError(message, location=self.grid.where(row, column), hint=hint))

    def column(self, role: str) -> int | None:
        return self.layout.columns.get(role)

    def ref(self, row: int, role: str) -> str:
        column = self.column(role)
        assert column is not None
        return self.grid.ref(row, column)

    # ------------------------------------------------------------------ rows

    def table(self) -> None:
        used: dict[str, int] = {}
        # The scored row the rows right under it without points belong to (its 其中 rows,
        # and rows without 分值 in its group), to be shown under it on the 自评表.
        parent: tuple[str, TableRow] | None = None
        for row in self.layout.rows:
            if not row.scored:
                self.information.append(self._information(row))
                of_which = normalise(row.name).startswith("其中")
                levels = (row.level1, row.level2)
                if parent is not None and (
                    of_which or (row.name and levels == (parent[1].level1, parent[1].level2))
                ):
                    self.sub_rows.append(self._sub_row(row, parent[0]))
                else:
                    parent = None  # in another group: nothing to go under
                continue
            self._row(row, used)
            last = self.rows[-1] if self.rows else None
            parent = (last.indicator_id, row) if last is not None and last.row == row.row else None

    def _sub_row(self, row: TableRow, parent: str) -> SubRow:
        """A 其中 row as the sheet writes it (its target and achieved value as text)."""
        said = {
            role: self.grid.text(row.row, column)
            for role in ("target", "actual")
            if (column := self.column(role)) is not None
        }
        return SubRow(parent, row.name, said.get("target", ""), said.get("actual", ""))

    def _same_name_as(self, row: TableRow) -> None:
        """A warning when ``row``'s 三级指标 is an earlier scored row's: each is scored, by
        its row (row_13, row_17), but a lookup by the name (--set 维修道路长度=260, a facts
        file's Chinese name) cannot tell which is meant, and refuses it."""
        if not row.name:
            return
        column = self.column("level3") or 1
        first = self.names.setdefault(same_name(row.name), row.row)
        if first == row.row:
            return
        self.warnings.append(
            InputWarning(
                msg(
                    "two rows have the 三级指标 {name!r}: {first} and {second}; a name given"
                    " for a row (--set, a facts file's Chinese name) cannot tell them apart",
                    name=row.name,
                    first=self.grid.ref(first, column),
                    second=self.grid.ref(row.row, column),
                ),
                location=self.grid.where(row.row, column),
                hint=msg(
                    "give each row its own name; else name a row by its id (row_{first} or"
                    " row_{second})",
                    first=first,
                    second=row.row,
                ),
            )
        )

    def hidden_rows(self) -> None:
        """A warning naming the rows read that are hidden in Excel (the table's, the funds
        block's, the 总分 row): read as the others, though nobody sees them on screen or
        on paper (last year's rows, a draft)."""
        hidden = hidden_rows(self.layout)
        if not hidden:
            return
        self.warnings.append(
            InputWarning(
                msg(
                    "rows hidden in Excel are read as if shown: {rows}",
                    rows=ListOf(
                        tuple(
                            f"{self.grid.ref(row, column)} {name}" for row, column, name in hidden
                        ),
                        en=", ",
                        zh="、",
                    ),
                ),
                location=self.grid.where(hidden[0][0], hidden[0][1]),
                hint=msg(
                    "delete them if they do not belong to the sheet (last year's rows, a"
                    " draft); else unhide them, so that the printed sheet shows them"
                ),
            )
        )

    def other_table(self) -> None:
        """A warning when another indicator table stands below the one read (a second
        project's table pasted under the first): it is not read, and is not guessed to be
        part of this one."""
        other = self.layout.other_table
        if other is None:
            return
        said, hint = other_table_said(self.layout, other)
        self.warnings.append(InputWarning(said, location=self.grid.where(*other), hint=hint))

    def hidden_columns(self) -> None:
        """A warning for each column of the table or the funds block hidden in Excel: one
        read as if shown, or one passed over for a shown column of its name."""
        for hidden in self.layout.hidden_columns:
            said, hint = hidden_column_said(self.layout, hidden)
            self.warnings.append(
                InputWarning(said, location=self.grid.where(hidden.row, hidden.column), hint=hint)
            )

    def _information(self, row: TableRow) -> str:
        parts = []
        for role in ("target", "actual", "points", "score"):
            column = self.column(role)
            if column is not None and self.grid.text(row.row, column):
                parts.append(
                    f"{self.grid.text(self.layout.header_row, column)} "
                    f"{self.grid.text(row.row, column)}"
                )
        name = row.name or "（未写三级指标）"
        detail = "，".join(parts)
        why = "其中项" if normalise(row.name).startswith("其中") else "未设分值"
        where = self.grid.ref(row.row, self.column("level3") or 1)
        return (
            f"{row.level1}/{row.level2}/{name}（{why}，不计分）"
            + (f"：{detail}" if detail else "")
            + f"〔{where}〕"
        )

    def _level_names(self, row: TableRow) -> tuple[str, str]:
        names = []
        for role, text in (("level1", row.level1), ("level2", row.level2)):
            stated = stated_points(text)
            if stated is None:
                names.append(text)
                continue
            name, points = stated
            names.append(name)
            column = self.column(role) or self.column("level3") or 1
            key = (role, name) if role == "level1" else (names[0], name)
            self.stated.setdefault(key, (points, self.grid.where(row.row, column)))
        return names[0], names[1]

    def _row(self, row: TableRow, used: dict[str, int]) -> None:
        grid, r = self.grid, row.row
        before = len(self.problems)
        level1, level2 = self._level_names(row)
        points_column = self.column("points")
        assert points_column is not None
        points = self._number(r, points_column, "分值")
        if points is None:
            self.unread_points = True
        else:
            # Counted in the sums even when another cell of the row is bad, so that
            # one bad cell does not also report the 分值 as not adding up.
            self.summed.append((level1, level2, points))
        op, qualitative = self._op(r)
        unit = self._unit(r)
        matched = self.by_name.get(same_name(row.name))
        lower = (matched is not None and matched.target.op is Op.LE) or (
            matched is None and "成本" in level2
        )
        target = self._target(r, unit, op, lower)
        if target is not None and qualitative and target.kind != "words":
            column = self.column("op")
            assert column is not None
            self.fail(
                r,
                column,
                msg(
                    "指标性质 says 定性 but the target {written!r} is a number",
                    written=target.written,
                ),
                msg("write ≥, ≤ or = in 指标性质, or the target in words"),
            )
        before_score = len(self.problems)
        score = self._score(r)
        # A 得分 that cannot be read is said at its cell; the row is still scored from its
        # figures (the clerk's score is never used to compute it), and it is not also empty.
        score_failed = len(self.problems) - before_score
        ind_id = matched.id if matched is not None else f"row_{r}"
        if ind_id in used:
            self.fail(
                r,
                self.column("level3") or 1,
                msg(
                    "two rows are the indicator {name!r} (also row {other})",
                    name=row.name,
                    other=used[ind_id],
                ),
                msg("give each row its own 三级指标 name"),
            )
            return
        used[ind_id] = r
        self._same_name_as(row)
        if target is None or points is None:
            return
        rule = matched.rule if matched is not None else default_rule(target)
        value = self._actual(r, target, rule, points, score, unread_score=bool(score_failed))
        if len(self.problems) - before > score_failed or value is None:
            return
        fact_value, note = value
        criterion_column = self.column("criterion")
        description = grid.text(r, criterion_column) if criterion_column else ""
        ind_unit = target.target.unit if target.kind == "number" else ""
        if matched is not None and target.kind == "number" and matched.unit:
            if ind_unit and ind_unit != matched.unit:
                self.fail(
                    r,
                    self.column("target") or 1,
                    msg(
                        "the target {written!r} is in {unit!r} but the indicator {id!r} of the"
                        " indicator file is in {file_unit!r}",
                        written=target.written,
                        unit=ind_unit,
                        id=matched.id,
                        file_unit=matched.unit,
                    ),
                    msg("write the target in the indicator file's unit"),
                )
                return
            ind_unit = matched.unit
            target = evolve(target, target=evolve(target.target, unit=ind_unit))
        location = grid.where(r, self.column("level3") or 1)
        indicator = Indicator(
            id=ind_id,
            name=row.name,
            level1=level1,
            level2=level2,
            target=target.target,
            rule=rule,
            unit=ind_unit,
            name_en=matched.name_en if matched else None,
            description=description or (matched.description if matched else None),
            source=self.grid.ref(r, self.column("level3") or 1),
            location=location,
            value_decimals=matched.value_decimals if matched else None,
            over_achievement=matched.over_achievement if matched else None,
        )
        self.indicators.append(indicator)
        self.points[ind_id] = points
        actual_ref = self.ref(r, "actual")
        self.facts[ind_id] = Fact(
            ind_id,
            fact_value,
            Provenance(ProvenanceKind.SHEET, actual_ref + (f"（{note}）" if note else "")),
            grid.where(r, self.column("actual") or 1),
        )
        self.targets[ind_id] = TargetSetting(
            ind_id,
            target.target,
            Provenance(ProvenanceKind.SHEET, self.ref(r, "target") + _target_note(target)),
            grid.where(r, self.column("target") or 1),
        )
        if score is not None:
            self.self_scores[ind_id] = score
        reason_column = self.column("reason")
        if reason_column is not None and grid.text(r, reason_column):
            text = grid.text(r, reason_column)
            if not is_dash(text):
                self.reasons[ind_id] = text
        self.rows.append(ReadRow(ind_id, r, target, self.grid.ref(r, points_column), matched))

    def _number(
        self, row: int, column: int, what: str, units: tuple[str, ...] = POINT_UNITS
    ) -> Decimal | None:
        try:
            value = parse_number_cell(self.grid.at(row, column), what, units)
        except CellError as exc:
            self.fail(row, column, exc.message, exc.hint)
            return None
        if value is not None and value < 0 and not (self.lenient and what == "得分"):
            self.fail(
                row,
                column,
                msg("{what} cannot be negative ({value})", what=what, value=plain(value)),
                msg("write 0 or more"),
            )
            return None
        return value

    def _score(self, row: int) -> Decimal | None:
        column = self.column("score")
        if column is None:
            return None
        return self._number(row, column, "得分")

    def _op(self, row: int) -> tuple[Op | None, bool]:
        column = self.column("op")
        if column is None:
            return None, False
        try:
            return parse_op_cell(self.grid.text(row, column))
        except CellError as exc:
            self.fail(row, column, exc.message, exc.hint)
            return None, False

    def _unit(self, row: int) -> str:
        column = self.column("unit")
        if column is None:
            return ""
        text = normalise(self.grid.text(row, column))
        return "" if is_dash(text) else text

    def _target(self, row: int, unit: str, op: Op | None, lower: bool) -> ReadTarget | None:
        column = self.column("target")
        if column is None:
            return None
        try:
            target = parse_target_cell(
                target_text(self.grid.at(row, column)), unit=unit, op=op, lower_is_better=lower
            )
        except CellError as exc:
            self.fail(row, column, exc.message, exc.hint)
            return None
        return target

    def _done_in_another_year(self, row: int, column: int, cell: Cell, target: ReadTarget) -> bool:
        """Whether the achieved value of a deadline states a year (a date's, 2024年1月's)
        other than the deadline's (the one it states, 2024年3月底前, else the sheet's),
        and is refused: read as its month, a date of the next year would meet a
        deadline it missed."""
        stated = _YEAR_FIRST.match(target.written)
        year = stated.group(1) if stated else self.layout.year.value if self.layout.year else None
        done: str | None
        if isinstance(cell.value, datetime.date):
            done, said = str(cell.value.year), cell.value.isoformat()
        else:
            found = _YEAR_FIRST.match(normalise(cell.text()))
            done, said = (found.group(1) if found else None), cell.text().strip()
        if year is None or done is None or done == year:
            return False
        self.fail(
            row,
            column,
            msg(
                "the date {date} is not in the year {year} of the deadline {written!r}",
                date=said,
                year=year,
                written=target.written,
            ),
            msg("write the date it was done in that year, or 否 when it was late"),
        )
        return True

    def _actual(
        self,
        row: int,
        target: ReadTarget,
        rule: Rule,
        points: Decimal,
        score: Decimal | None,
        *,
        unread_score: bool = False,
    ) -> tuple[FactValue, str | None] | None:
        column = self.column("actual")
        if column is None:
            return None
        cell = self.grid.at(row, column)
        try:
            value, note = parse_actual_cell(cell, target)
        except CellError as exc:
            self.fail(row, column, exc.message, exc.hint)
            return None
        if target.kind == "deadline" and self._done_in_another_year(row, column, cell, target):
            return None
        if isinstance(rule, Qualitative):
            if score is None and unread_score:  # the evaluator's score: said at its cell
                return None
            return self._judgement(
                row=row, column=column, said=str(value), rule=rule, points=points, score=score
            )
        if target.kind == "words" and isinstance(rule, Met):
            flat = normalise(str(value))
            if flat in ("是", "已完成", "完成", "达成", "已达成", "达到"):
                return True, None
            if flat in ("否", "未完成", "未达成", "未达到"):
                return False, None
            self.fail(
                row,
                column,
                msg(
                    "cannot tell whether {value!r} meets the target {written!r}",
                    value=value,
                    written=target.written,
                ),
                msg("write 是 or 否 (or 已完成 / 未完成)"),
            )
            return None
        if isinstance(rule, Checklist):
            return self._items(row, column, str(value), rule)
        if isinstance(rule, Levels):
            named = next((lv for lv in rule.levels if str(value) in (lv.name, lv.name_en)), None)
            if named is None:
                self.fail(
                    row,
                    column,
                    msg("{value!r} is none of the levels of rule 'levels'", value=value),
                    msg("write one of: {names}", names="、".join(lv.name for lv in rule.levels)),
                )
                return None
            return named.name, None
        if not isinstance(value, rule.accepts):
            self.fail(
                row,
                column,
                msg(
                    "rule {kind!r} of this row cannot score {text!r}",
                    kind=rule.kind,
                    text=self.grid.text(row, column),
                ),
                msg("write the value the rule scores, or name another rule for this row"),
            )
            return None
        if note is not None and target.kind == "number":  # a deadline's note: a date read
            self.warnings.append(
                InputWarning(
                    msg(
                        "实际完成值 is written with an operator ({text}); it is read as the number",
                        text=self.grid.text(row, column),
                    ),
                    location=self.grid.where(row, column),
                    hint=msg("write only the number achieved"),
                )
            )
        return value, note

    def _items(
        self, row: int, column: int, said: str, rule: Checklist
    ) -> tuple[FactValue, str | None] | None:
        """The checklist items met: their names separated by 、 or commas, or N/N 项 for all."""
        whole = re.fullmatch(r"(\d+)\s*/\s*(\d+)\s*项?", normalise(said))
        if whole is not None and int(whole.group(1)) == int(whole.group(2)) == len(rule.items):
            return tuple(item.name for item in rule.items), f"“{said}”：全部项目达成"
        if normalise(said) in ("无", "0项"):
            return (), None
        given = [part.strip() for part in re.split(r"[、,，;；]", said) if part.strip()]
        known = {name for item in rule.items for name in (item.id, item.name)}
        unknown = [g for g in given if g not in known]
        if unknown:
            self.fail(
                row,
                column,
                msg("{items!r} is not an item of this row's checklist", items="、".join(unknown)),
                msg(
                    "list the items met, separated by 、: {names}",
                    names="、".join(i.name for i in rule.items),
                ),
            )
            return None
        return tuple(given), None

    def _judgement(
        self,
        *,
        row: int,
        column: int,
        said: str,
        rule: Qualitative,
        points: Decimal,
        score: Decimal | None,
    ) -> tuple[FactValue, str | None] | None:
        score_column = self.column("score")
        if score is None:
            self.fail(
                row,
                score_column or column,
                msg(
                    "a row whose target is in words is scored by the evaluator, and its 得分"
                    " is empty"
                ),
                msg("write the points the evaluator gave in 得分"),
            )
            return None
        named = next((b for b in rule.bands if said in (b.name, b.name_en)), None)
        if named is not None:
            return Judgement(named.name, score), None
        percent = div(mul(score, HUNDRED), points) if points > 0 else ZERO
        band = next((b for b in reversed(rule.bands) if b.interval.contains(percent)), None)
        if band is None:
            self.fail(
                row,
                score_column or column,
                msg(
                    "得分 {score} of {points} points fits no qualitative band",
                    score=plain(score),
                    points=plain(points),
                ),
                msg("write 得分 between 0 and the row's 分值"),
            )
            return None
        note = (
            f"实际完成值“{said}”不是档次名，按 得分 {plain(score)} ÷ 分值 {plain(points)}"
            f" = {fmt(percent)}% 归入“{band.name}”"
        )
        return Judgement(band.name, score), note

    # ------------------------------------------------------------------ funds

    def funds(self) -> None:
        funds = self.layout.funds
        if funds is None:
            return
        grid = self.grid
        cols = funds.columns
        for line in funds.lines[1:]:
            parts = [
                f"{grid.text(funds.header_row, c)} {grid.text(line.row, c)}"
                for role, c in sorted(cols.items(), key=lambda kv: kv[1])
                if role in ("initial", "adjusted", "spent", "rate") and grid.text(line.row, c)
            ]
            self.information.append(
                f"{line.label}（资金明细，不单独计分）"
                + ("：" + "，".join(parts) if parts else "")
                + f"〔{grid.ref(line.row, min(cols.values()))}〕"
            )
        if not funds.lines or not funds.lines[0].total:
            return
        total = funds.lines[0].row
        if "points" not in cols:
            self.information.append(
                f"{funds.lines[0].label}：资金块没有分值列，预算执行率不计分"
                f"〔{grid.ref(total, min(cols.values()))}〕"
            )
            return
        points_text = grid.text(total, cols["points"])
        if is_dash(points_text) and points_text:
            self.information.append(
                f"{funds.lines[0].label}：分值为“{points_text}”，预算执行率不计分"
                f"〔{grid.ref(total, cols['points'])}〕"
            )
            return
        points = self._number(total, cols["points"], "分值")
        if points is None:
            if not points_text:
                self.fail(
                    total,
                    cols["points"],
                    msg("the 分值 of 年度资金总额 is empty"),
                    msg(
                        "write the points of budget execution (10 nationally), or — when not scored"
                    ),
                )
            return
        # Counted in the sums even when an amount cannot be read, as a table row's 分值
        # is: one bad cell does not also report the 分值 as not adding up.
        self.summed.insert(0, ("预算执行", "预算执行率", points))
        base_role = "adjusted" if "adjusted" in cols else "initial"
        amounts: dict[str, Decimal | None] = {}
        for role in (base_role, "spent"):
            what = grid.text(funds.header_row, cols[role])
            amounts[role] = self._number(total, cols[role], what, AMOUNT_UNITS)
        before = len(self.problems)
        self._same_unit(total, {role: cols[role] for role in amounts})
        if len(self.problems) > before:
            return
        budget, spent = amounts[base_role], amounts["spent"]
        score = self._number(total, cols["score"], "得分") if "score" in cols else None
        if budget is None or spent is None:
            for role, value in amounts.items():
                # Empty (or a dash): a cell that cannot be read is said as what it is.
                bad = str(grid.where(total, cols[role])) in {str(p.location) for p in self.problems}
                if value is None and not bad:
                    self.fail(
                        total,
                        cols[role],
                        msg(
                            "the {column} of 年度资金总额 is empty",
                            column=grid.text(funds.header_row, cols[role]),
                        ),
                        self._sub_total_hint(role),
                    )
            return
        if budget == 0:
            self.fail(
                total,
                cols[base_role],
                msg(
                    "the {column} of 年度资金总额 is 0, so no execution rate can be computed",
                    column=grid.text(funds.header_row, cols[base_role]),
                ),
                self._sub_total_hint(base_role),
            )
            return
        self._budget_row(
            row=total, points=points, budget=budget, spent=spent, score=score, base_role=base_role
        )

    def _same_unit(self, row: int, columns: Mapping[str, int]) -> None:
        """An amount typed with a unit (372400元) that is not the funds block's (项目资金
        （万元）) or, when the block says none, not the other amount's: the execution rate
        is their quotient, which is not guessed across units."""
        grid = self.grid
        block = _funds_unit(self.layout)
        typed = {role: typed_unit(grid.at(row, column)) for role, column in columns.items()}
        expected = block or next((unit for unit in typed.values() if unit), "")
        for role, unit in typed.items():
            if not unit or unit == expected:
                continue
            column = columns[role]
            funds = self.layout.funds
            assert funds is not None
            values = {
                "what": grid.text(funds.header_row, column),
                "text": grid.text(row, column),
                "unit": unit,
                "block": expected,
            }
            said = (
                msg("{what} {text!r} is in {unit} but the funds block is in {block}", **values)
                if block
                else msg(
                    "{what} {text!r} is in {unit} but the other amount is in {block}", **values
                )
            )
            self.fail(row, column, said, msg("write every amount in {unit}", unit=expected))

    def _sub_total_hint(self, role: str) -> Message:
        funds = self.layout.funds
        assert funds is not None
        column = funds.columns[role]
        total = Decimal(0)
        filled = False
        for line in funds.lines[1:]:
            try:
                value = parse_number_cell(self.grid.at(line.row, column), "")
            except CellError:
                value = None
            if value is not None:
                total += value
                filled = True
        if filled:
            return msg(
                "its 其中 lines add up to {total}: write the total in this cell", total=plain(total)
            )
        return msg("write the year's total")

    def _budget_row(
        self,
        *,
        row: int,
        points: Decimal,
        budget: Decimal,
        spent: Decimal,
        score: Decimal | None,
        base_role: str,
    ) -> None:
        funds = self.layout.funds
        assert funds is not None
        cols, grid = funds.columns, self.grid
        where = grid.where(row, cols[base_role])
        used = grid.text(funds.header_row, cols[base_role])
        if base_role == "adjusted":
            basis = f"{used} {plain(budget)}，即调整后预算"
            if "initial" in cols and grid.text(row, cols["initial"]):
                basis += (
                    f"（{grid.text(funds.header_row, cols['initial'])}"
                    f" {grid.text(row, cols['initial'])} 在 {grid.ref(row, cols['initial'])}，"
                    "不用于计算）"
                )
        else:
            basis = f"{used} {plain(budget)}（表中没有全年预算数，按年初预算数计算）"
        text = f"{grid.text(funds.header_row, cols['spent'])} ÷ {used} × 100%"
        indicator = Indicator(
            id=BUDGET_ID,
            name="预算执行率",
            name_en="Budget execution rate",
            level1="预算执行",
            level2="预算执行率",
            unit="%",
            target=Target(Op.GE, HUNDRED, "%"),
            rule=BudgetExecution(),
            formula=parse_formula("spending / budget * 100", where),
            description=f"{text}；得分 = 执行率 × 分值，最高为满分",
            source=grid.ref(row, cols[base_role]),
            location=where,
        )
        self.indicators.insert(0, indicator)
        self.points = {BUDGET_ID: points, **self.points}
        self.facts["budget"] = Fact(
            "budget",
            budget,
            Provenance(ProvenanceKind.SHEET, f"{grid.ref(row, cols[base_role])} {basis}"),
            where,
        )
        self.facts["spending"] = Fact(
            "spending",
            spent,
            Provenance(
                ProvenanceKind.SHEET,
                f"{grid.ref(row, cols['spent'])} {grid.text(funds.header_row, cols['spent'])}"
                f" {plain(spent)}",
            ),
            grid.where(row, cols["spent"]),
        )
        if score is not None:
            self.self_scores[BUDGET_ID] = score
        self.rows.insert(0, ReadRow(BUDGET_ID, row, None, grid.ref(row, cols["points"])))

    # ------------------------------------------------------------------ weights

    def weights(self) -> WeightsProfile | None:
        order: dict[str, dict[str, Decimal]] = {}
        for level1, level2, points in self.summed:
            groups = order.setdefault(level1, {})
            groups[level2] = groups.get(level2, ZERO) + points
        # The audit reports points that do not add up itself, with their figures.
        for (first, second), (stated, location) in () if self.lenient else self.stated.items():
            if first == "level1":
                actual = sum(order.get(second, {}).values(), ZERO)
            else:
                actual = order.get(first, {}).get(second, ZERO)
            if actual != stated:
                self.problems.append(
                    InputError(
                        msg(
                            "{name} states {stated} points but its rows' 分值 add up to {actual}",
                            name=second,
                            stated=plain(stated),
                            actual=plain(actual),
                        ),
                        location=location,
                        hint=msg("correct the 分值 of its rows, or the points in its name"),
                    )
                )
        categories = tuple(
            Category(
                name, sum(groups.values(), ZERO), tuple(Group(g, p) for g, p in groups.items())
            )
            for name, groups in order.items()
        )
        total = sum((c.points for c in categories), ZERO)
        stated_total = self._stated_total()
        profile = self.profile
        if profile is not None:
            full = profile.full_score
        else:
            full = stated_total[0] if stated_total is not None else HUNDRED
        adds_up = total == full or self.unread_points or not self.summed
        if (profile is None or not profile.normalise) and not adds_up and not self.lenient:
            location = (
                stated_total[1]
                if stated_total is not None
                else self.grid.where(self.layout.header_row, self.column("points") or 1)
            )
            unpointed = rows_without_points(self.layout)
            said = msg(
                "the 分值 of the scored rows add up to {total}, not {full}",
                total=plain(total),
                full=plain(full),
            )
            if unpointed:
                said = msg(
                    "{said}; rows without 分值 are read as information, not scored: {rows}",
                    said=said,
                    rows=ListOf(unpointed, en=", ", zh="、"),
                )
            self.problems.append(
                InputError(
                    said,
                    location=location,
                    hint=msg("correct the 分值 so that they add up to the full score")
                    if profile
                    else msg(
                        "correct the 分值 so that they add up to the full score; the full score"
                        " is the 总分 row's 分值, or 100"
                    ),
                )
            )
        base = WeightsProfile(
            id="sheet",
            name=self.layout.title or "自评表",
            categories=categories,
            points=self.points,
            full_score=full,
            grades=default_grades(full),
            location=self.grid.where(self.layout.header_row, self.column("points") or 1),
        )
        if profile is None:
            return base
        return evolve(
            base,
            decimals=profile.decimals,
            grades=profile.grades,
            normalise=profile.normalise,
            name_en=profile.name_en,
            source=profile.source,
            value_decimals=profile.value_decimals,
            over_achievement=profile.over_achievement,
            missing_facts=profile.missing_facts,
            vetoes=profile.vetoes,
        )

    def self_total(self) -> Decimal | None:
        """The clerk's own 总分 (the 总分 row's 得分), shown beside the computed total where they
        differ; None when there is none. One that cannot be read (words, an Excel error, a
        formula whose result the file does not store) is said at its cell, and not compared:
        the total is the rules', whatever the sheet says."""
        row, column = self.layout.total_row, self.column("score")
        if row is None or column is None:
            return None
        try:
            return parse_number_cell(self.grid.at(row, column), "总分")
        except CellError as exc:
            if not self.lenient:  # the audit says the cell itself (A199)
                self.warnings.append(
                    InputWarning(
                        msg(
                            "{problem}: the sheet's 总分 is not compared with the total the"
                            " rules give",
                            problem=exc.message,
                        ),
                        location=self.grid.where(row, column),
                        hint=exc.hint,
                    )
                )
            return None

    def _stated_total(self) -> tuple[Decimal, Location] | None:
        row = self.layout.total_row
        column = self.column("points")
        if row is None or column is None:
            return None
        try:
            value = parse_number_cell(self.grid.at(row, column), "总分行的分值")
        except CellError as exc:
            # The full score is not guessed as 100 (the audit says the cell itself).
            if not self.lenient:
                self.fail(row, column, exc.message, exc.hint)
            return None
        return None if value is None else (value, self.grid.where(row, column))


_BLOCK_UNIT = re.compile(r"[(（]\s*(万元|元)\s*[)）]|单位\s*[:：]\s*(万元|元)")


def _funds_unit(layout: Layout) -> str | None:
    """The unit the funds block says its amounts are in (项目资金（万元）, 单位：万元 above the
    table, 年初预算数（万元）), or None when it says none."""
    funds = layout.funds
    if funds is None:
        return None
    grid = layout.grid
    for row in range(1, funds.header_row + 1):
        for _, cell in grid.row_cells(row):
            found = _BLOCK_UNIT.search(cell.text())
            if found is not None:
                return found.group(1) or found.group(2)
    return None


def rows_without_points(layout: Layout) -> tuple[str, ...]:
    """The rows read as information for want of a 分值 that have a target or an achieved
    value (an indicator whose 分值 was left empty, not a 其中 line): each one's 分值 cell
    and name, as a provenance names it."""
    grid, columns = layout.grid, layout.columns
    found = []
    for row in layout.rows:
        if row.scored or not row.name or normalise(row.name).startswith("其中"):
            continue
        figures = (columns.get("target"), columns.get("actual"))
        if any(c is not None and grid.text(row.row, c) for c in figures):
            found.append(f"{grid.ref(row.row, columns['points'])} {row.name}")
    return tuple(found)


def _target_note(target: ReadTarget) -> str:
    if target.assumed_op is None:
        return ""
    return (
        f"（表中写作“{target.written}”，未写比较符号，按“{target.assumed_op.value}”理解"
        + ("：成本类指标越低越好" if target.assumed_op is Op.LE else "")
        + "）"
    )


def _unit_name(layout: Layout) -> tuple[str, Location] | None:
    order = ("project", "department", "implementer", "reporter", "authority")
    if layout.kind == "department":
        order = ("department", "reporter", "implementer", "authority", "project")
    for key in order:
        field = layout.fields.get(key)
        if field is not None:
            return field.value, layout.grid.where(field.row, field.column)
    return None


def convert(
    layout: Layout,
    indicators: Sequence[Indicator] = (),
    profile: WeightsProfile | None = None,
    *,
    lenient: bool = False,
) -> SheetCase:
    """The indicators, weights and facts a sheet's layout holds.

    With ``lenient`` (the audit), nothing is raised: a row with a cell that
    cannot be read is left out and the problem kept in ``problems``; 分值 that
    do not add up and a negative 得分 are left for the audit to report.

    Raises:
        ScoringError: listing every cell that could not be read (unless ``lenient``).
    """
    reader = _Reader(layout, indicators, profile, lenient)
    reader.funds()
    reader.table()
    reader.hidden_columns()
    reader.hidden_rows()
    reader.other_table()
    weights = reader.weights()
    self_total = reader.self_total()
    grid = layout.grid
    unit = _unit_name(layout)
    if unit is None:
        reader.problems.append(
            InputError(
                msg("the sheet does not say whose it is"),
                location=grid.where(1, 1),
                hint=msg(
                    "write 项目名称 (or 部门名称) above the table, with the name in the cell to"
                    " its right"
                ),
            )
        )
    if layout.year is None:
        reader.problems.append(
            InputError(
                msg("the sheet does not say its year"),
                location=grid.where(1, 1),
                hint=msg("write the year in the title above the table, e.g. （2023年度）"),
            )
        )
    if not reader.indicators and not reader.problems:
        reader.problems.append(
            InputError(
                msg("the indicator table has no row with points to score"),
                location=grid.where(layout.header_row, layout.columns.get("points", 1)),
                hint=msg("write each row's 分值"),
            )
        )
    if not lenient:
        raise_if_any(reader.problems)
    assert weights is not None
    if unit is None:
        unit = ("", grid.where(1, 1))
    year = int(layout.year.value) if layout.year is not None else 0
    information = list(reader.information)
    for key, label in (("authority", "主管部门"), ("implementer", "实施单位")):
        field = layout.fields.get(key)
        if field is not None and field.value != unit[0]:
            information.insert(0, f"{label}：{field.value}〔{grid.ref(field.row, field.column)}〕")
    facts = Facts(
        unit=unit[0],
        year=year,
        facts=reader.facts,
        targets=reader.targets,
        location=unit[1],
        reasons=reader.reasons,
        self_scores=reader.self_scores,
        self_total=self_total,
        information=tuple(information),
        sheet=sheet_info(layout, tuple(reader.sub_rows)),
    )
    return SheetCase(
        tuple(reader.indicators),
        weights,
        facts,
        layout,
        tuple(reader.rows),
        tuple(reader.warnings),
        tuple(reader.problems),
    )


def sheet_info(layout: Layout, sub_rows: tuple[SubRow, ...] = ()) -> SheetInfo | None:
    """The header block, funds block and sign-off line as the sheet writer prints them."""
    fields, sign = layout.fields, layout.sign_off

    def text(field: object) -> str | None:
        return field.value if isinstance(field, Field) else None

    info = SheetInfo(
        project=text(fields.get("project")),
        department=text(fields.get("authority")),
        implementer=text(fields.get("implementer")),
        funds=_funds_info(layout),
        goal=text(layout.goal),
        achieved=text(layout.achieved),
        filled_by=text(sign.get("filled_by")),
        phone=text(sign.get("phone")),
        head=text(sign.get("head")),
        date=text(sign.get("date")),
        sub_rows=sub_rows,
    )
    return None if info == SheetInfo() else info


def _funds_info(layout: Layout) -> Funds | None:
    funds = layout.funds
    if funds is None or not funds.lines or not funds.lines[0].total:
        return None
    grid, cols = layout.grid, funds.columns

    def amount(row: int, role: str) -> Decimal | None:
        if role not in cols:
            return None
        try:
            return parse_number_cell(grid.at(row, cols[role]), "")
        except CellError:
            return None  # reported for the total; an 其中 line keeps its text as information

    lines = [
        FundsLine(
            re.sub(r"^其中[:：]?", "", normalise(line.label)) if not line.total else "年度资金总额",
            amount(line.row, "initial"),
            amount(line.row, "adjusted"),
            amount(line.row, "spent"),
        )
        for line in funds.lines
    ]
    return Funds(lines[0], tuple(lines[1:]))


def profile_by_name(indicators: Sequence[Indicator]) -> Mapping[str, Indicator]:
    """Indicators by name as a sheet row is matched to them (spaces and quotes ignored)."""
    return {same_name(i.name): i for i in indicators}
