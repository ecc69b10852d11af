"""The review of a submitted sheet (自评复核): every figure that does not follow.

:func:`audit_sheet` compares what a sheet prints (:class:`SheetFigures`, read
by :mod:`scoring.files.sheets.audit_read` from the sheet reader's layout) with
what the engine computes for it (the scorecard's rows), and returns each
disagreement as a :class:`Finding` with a stable code (``A101`` ...), a
severity, the cell, both figures, their difference and the rule in words.
Nothing here reads a file: the same figures give the same findings.

Severity ``error``: the total or the grade would change if the sheet were put
right. ``warning``: the sheet contradicts itself, but its score stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from scoring.core.engine import score
from scoring.core.errors import ListOf, ScoringError
from scoring.core.messages import Message, msg
from scoring.core.model import (
    Category,
    Facts,
    FactValue,
    GradeBand,
    Group,
    Indicator,
    Judgement,
    Op,
    OverAchievement,
    WeightsProfile,
    default_grades,
)
from scoring.core.numbers import HUNDRED, ZERO, div, fmt, mul, round_half_up
from scoring.core.record import evolve
from scoring.core.rules import Qualitative
from scoring.core.scorecard import Row

ERROR = "error"
WARNING = "warning"
# Each code, its severity and its title; docs/audit.md explains each.
CODES: Mapping[str, tuple[str, Message]] = {
    "A101": (ERROR, msg("the points do not add up to the full score")),
    "A102": (ERROR, msg("a group's points are not the sum of its rows")),
    "A103": (ERROR, msg("a row's score does not follow its rule")),
    "A104": (ERROR, msg("a row's score is above its points")),
    "A105": (ERROR, msg("a row's score is negative")),
    "A106": (ERROR, msg("the total is not the sum of the rows")),
    "A107": (WARNING, msg("the execution rate is not spent ÷ budget")),
    "A108": (ERROR, msg("the execution points do not follow the rate")),
    "A109": (WARNING, msg("a funds total is not the sum of its lines")),
    "A110": (ERROR, msg("a funds total is empty or 0 while its lines are filled")),
    "A111": (ERROR, msg("points lost on a row whose target is met")),
    "A112": (WARNING, msg("a row below target with no deviation reason")),
    "A113": (WARNING, msg("a row far beyond target with no deviation reason")),
    "A114": (ERROR, msg("a qualitative score outside its verdict's band")),
    "A115": (ERROR, msg("the grade does not match the total")),
    "A116": (ERROR, msg("the achieved value is not a number")),
    "A117": (WARNING, msg("the achieved value is written like a target")),
    "A118": (ERROR, msg("the achieved value's unit differs from the target's")),
    "A119": (ERROR, msg("the recomputed total changes the grade")),
    "A120": (WARNING, msg("rows hidden in Excel are reviewed as if shown")),
    "A121": (WARNING, msg("two rows have the same 三级指标")),
    "A122": (WARNING, msg("a column hidden in Excel")),
    "A123": (WARNING, msg("another indicator table on the sheet, not reviewed")),
    "A199": (ERROR, msg("a cell cannot be read")),
}


@attrs.frozen
class Printed:
    """A figure as the sheet prints it: its cell (``a.xlsx:自评表!H13``), value and text."""

    cell: str
    value: Decimal | None = None
    text: str = ""


@attrs.frozen
class SheetRow:
    """One scored row of the indicator table as printed.

    ``indicator`` is the row as the reader made it (None when a cell of the
    row could not be read); ``actual_problem`` says why its achieved value
    could not be taken: ``not_number``, ``unit`` or ``operator`` (read as the
    number, but written like a target); ``actual_said`` is the sheet reader's
    explanation of a value that is no number (an Excel error, full-width digits,
    a date), the words ``scoring score`` gives.
    """

    name: str
    level1: str
    level2: str
    points: Printed
    score: Printed | None
    actual: Printed | None
    target: str
    reason: str = ""
    indicator: Indicator | None = None
    value: FactValue | None = None
    actual_problem: str | None = None
    actual_said: Message | None = None
    target_unit: str = ""
    actual_unit: str = ""


@attrs.frozen
class StatedPoints:
    """Points a 一级 or 二级 name states (产出指标（50分）), and the rows it covers."""

    name: str
    points: Printed
    level1: str
    level2: str | None = None


@attrs.frozen
class FundsLineFigures:
    """One line of the funds block: 年初预算数, 全年预算数, 全年执行数 as printed."""

    label: str
    initial: Printed | None = None
    adjusted: Printed | None = None
    executed: Printed | None = None


@attrs.frozen
class FundsFigures:
    """The funds block: its total line with points, rate and score, and its 其中 lines."""

    total: FundsLineFigures
    lines: tuple[FundsLineFigures, ...] = ()
    points: Printed | None = None
    rate: Printed | None = None
    score: Printed | None = None
    indicator_id: str | None = None


@attrs.frozen
class ReadProblem:
    """A cell the sheet reader could not read: where and what it said."""

    cell: str
    message: Message | str


@attrs.frozen
class SheetFigures:
    """Everything a sheet prints that the audit checks, each figure with its cell."""

    file: str
    sheet: str
    unit: str
    rows: tuple[SheetRow, ...]
    full_score: Printed | None = None
    total: Printed | None = None
    grade: Printed | None = None
    stated: tuple[StatedPoints, ...] = ()
    funds: FundsFigures | None = None
    problems: tuple[ReadProblem, ...] = ()
    header_cell: str = ""
    hidden: tuple[ReadProblem, ...] = ()
    """The rows read that are hidden in Excel (the table's, the funds block's, 总分):
    each one's name cell and name."""
    hidden_columns: tuple[ReadProblem, ...] = ()
    """The columns of the table and the funds block hidden in Excel: each one's header
    cell, and whether it is read or another of its name is."""
    same_names: tuple[tuple[str, str, str], ...] = ()
    """Scored rows whose 三级指标 an earlier one has: (its name cell, the earlier row's
    name cell, the name)."""
    other_table: ReadProblem | None = None
    """Another indicator table below the one reviewed: its header cell, and what is said."""
    unpointed: tuple[str, ...] = ()
    """The rows read as information for want of a 分值 that have a target or an achieved
    value: each one's 分值 cell and name (said with the points that do not add up)."""


@attrs.frozen
class Finding:
    """One figure that does not follow.

    ``sheet_figure`` is what the sheet prints, ``computed`` what it should
    print, ``difference`` the first less the second when both are numbers.
    """

    code: str
    cell: str
    message: Message
    sheet_figure: Decimal | str | None = None
    computed: Decimal | str | None = None
    difference: Decimal | None = None

    @property
    def severity(self) -> str:
        return CODES[self.code][0]


@attrs.frozen
class SheetAudit:
    """The findings of one sheet, with its printed and recomputed totals."""

    file: str
    sheet: str
    unit: str
    findings: tuple[Finding, ...]
    printed_total: Decimal | None = None
    computed_total: Decimal | None = None
    note: Message | None = None
    """Why the sheet could not be checked although it was read (a facts file with no
    ``self_scores``: nothing to compare)."""

    @property
    def total_difference(self) -> Decimal | None:
        if self.printed_total is None or self.computed_total is None:
            return None
        return self.printed_total - self.computed_total


@attrs.frozen
class Unreadable:
    """A file that could not be read at all, and why (one line per problem)."""

    file: str
    problems: tuple[Message | str, ...]


@attrs.frozen
class Skipped:
    """A file in an audited folder that is not a sheet, left out on purpose: and why."""

    file: str
    reason: Message


@attrs.frozen
class AuditReport:
    """The audit of many sheets: each sheet's findings, the files not read, and the files
    skipped as no sheet (a report of scoring audit's own, an indicator file)."""

    sheets: tuple[SheetAudit, ...]
    unreadable: tuple[Unreadable, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.sheets for f in s.findings)

    @property
    def with_findings(self) -> int:
        return sum(1 for s in self.sheets if s.findings)

    def by_code(self) -> list[tuple[str, int]]:
        """Each code found and how often, by code."""
        return sorted(Counter(f.code for f in self.findings).items())

    def ranked(self) -> list[SheetAudit]:
        """Sheets whose printed total differs from the recomputed one, largest difference first."""
        differing = [s for s in self.sheets if s.total_difference]
        return sorted(differing, key=lambda s: (-abs(s.total_difference or ZERO), s.file, s.sheet))

    @property
    def status(self) -> int:
        """Exit status: 2 when a file could not be read, 1 with findings, 0 otherwise."""
        if self.unreadable:
            return 2
        return 1 if self.findings else 0


def _decimals(value: Decimal | None) -> int:
    if value is None or not value.is_finite():
        return 0
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _half_unit(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-(decimals + 1))


def _num(value: Decimal) -> str:
    return fmt(value, 6)


class _Audit:
    def __init__(
        self,
        sheet: SheetFigures,
        scored: Sequence[Row],
        grades: Sequence[GradeBand],
        over_achievement: OverAchievement | None,
    ) -> None:
        self.sheet = sheet
        self.scored = {r.id: r for r in scored}
        self.grades = tuple(grades)
        self.over = over_achievement or OverAchievement()
        self.findings: list[Finding] = []
        printed = [r.score.value for r in sheet.rows if r.score is not None]
        if sheet.total is not None:
            printed.append(sheet.total.value)
        if sheet.funds is not None and sheet.funds.score is not None:
            printed.append(sheet.funds.score.value)
        # The sheet's rounding: the most decimals any of its printed scores has.
        self.decimals = min(6, max((_decimals(v) for v in printed), default=0))
        self.tolerance = _half_unit(self.decimals)
        # The cells the reader could not read (each an A199): a sum over one is unknown, so
        # a check of it is not made (its finding would be of the cell, not of the sum).
        self.unread = frozenset(p.cell for p in sheet.problems)

    def known(self, *figures: Printed | None) -> bool:
        """Whether none of ``figures`` is a cell that could not be read."""
        return not any(f is not None and f.cell in self.unread for f in figures)

    def add(
        self,
        code: str,
        cell: str,
        message: Message,
        said: Decimal | str | None = None,
        computed: Decimal | str | None = None,
    ) -> None:
        difference = (
            said - computed if isinstance(said, Decimal) and isinstance(computed, Decimal) else None
        )
        self.findings.append(Finding(code, cell, message, said, computed, difference))

    def round(self, value: Decimal) -> Decimal:
        return round_half_up(value, self.decimals)

    # ---------------------------------------------------------------- points

    def points(self) -> None:
        sheet = self.sheet
        parts = [r.points.value for r in sheet.rows if r.points.value is not None]
        funds_points = sheet.funds.points if sheet.funds is not None else None
        if funds_points is not None and funds_points.value is not None:
            parts.append(funds_points.value)
        added = sum(parts, ZERO)
        full = sheet.full_score.value if sheet.full_score is not None else None
        expected = full if full is not None else HUNDRED
        known = self.known(sheet.full_score, funds_points, *(r.points for r in sheet.rows))
        if parts and added != expected and known:
            cell = sheet.full_score.cell if sheet.full_score is not None else sheet.header_cell
            rule = msg(
                "the rows' 分值 add up to {added}, not the full score {full}",
                added=_num(added),
                full=_num(expected),
            )
            if sheet.unpointed:
                rule = msg(
                    "{said}; rows without 分值 are read as information, not scored: {rows}",
                    said=rule,
                    rows=ListOf(sheet.unpointed, en=", ", zh="、"),
                )
            self.add("A101", cell, rule, added, expected)
        for stated in sheet.stated:
            covered = [
                r.points
                for r in sheet.rows
                if r.level1 == stated.level1
                and (stated.level2 is None or r.level2 == stated.level2)
            ]
            if not self.known(*covered):
                continue
            got = sum(
                (
                    r.points.value
                    for r in sheet.rows
                    if r.points.value is not None
                    and r.level1 == stated.level1
                    and (stated.level2 is None or r.level2 == stated.level2)
                ),
                ZERO,
            )
            if stated.points.value is not None and got != stated.points.value:
                rule = msg(
                    "{name} states {stated} points but its rows' 分值 add up to {added}",
                    name=stated.name,
                    stated=_num(stated.points.value),
                    added=_num(got),
                )
                self.add("A102", stated.points.cell, rule, stated.points.value, got)

    # ---------------------------------------------------------------- rows

    def rows(self) -> None:
        for row in self.sheet.rows:
            self.row(row)

    def row(self, row: SheetRow) -> None:
        score = row.score.value if row.score is not None else None
        points = row.points.value
        if self.actual(row):
            return
        if score is not None and row.score is not None:
            if score < 0:
                rule = msg("得分 {score} of {name} is negative", score=_num(score), name=row.name)
                self.add("A105", row.score.cell, rule, score, ZERO)
                return
            if points is not None and score > points:
                rule = msg(
                    "得分 {score} of {name} is above its 分值 {points}",
                    score=_num(score),
                    name=row.name,
                    points=_num(points),
                )
                self.add("A104", row.score.cell, rule, score, points)
                return
        if self.qualitative(row):
            return
        computed = self.scored.get(row.indicator.id) if row.indicator is not None else None
        if computed is None:
            return
        if score is not None and row.score is not None:
            exact = computed.points
            if abs(score - exact) > self.tolerance:
                full = exact == computed.max_points
                code = "A111" if computed.met and full and score < exact else "A103"
                if code == "A111":
                    rule = msg(
                        "{name}: {value} meets the target {target}, which earns all {points}"
                        " points",
                        name=row.name,
                        value=row.actual.text if row.actual is not None else "",
                        target=row.target,
                        points=_num(computed.max_points),
                    )
                else:
                    rule = msg(
                        "{name}: {value} against the target {target} earns {computed} under"
                        " the rule {rule}",
                        name=row.name,
                        value=row.actual.text if row.actual is not None else "",
                        target=row.target,
                        computed=_num(self.round(exact)),
                        rule=computed.indicator.rule.title,
                    )
                self.add(code, row.score.cell, rule, score, self.round(exact))
        self.reason(row, computed, score)

    def actual(self, row: SheetRow) -> bool:
        """A finding for an achieved value not written as a number; True when the row stops."""
        if row.actual is None or row.actual_problem is None:
            return False
        if row.actual_problem == "not_number":
            rule = row.actual_said or msg(
                "the target {target} is a number, but the achieved value {value!r} is not",
                target=row.target,
                value=row.actual.text,
            )
            self.add("A116", row.actual.cell, rule, row.actual.text, None)
            return True
        if row.actual_problem == "unit":
            rule = msg(
                "the achieved value {value!r} is in {unit!r}, the target {target} in"
                " {target_unit!r}",
                value=row.actual.text,
                unit=row.actual_unit,
                target=row.target,
                target_unit=row.target_unit or "—",
            )
            self.add("A118", row.actual.cell, rule, row.actual.text, None)
            return True
        rule = msg(
            "the achieved value {value!r} is written with an operator, like the target {target};"
            " it is read as the number",
            value=row.actual.text,
            target=row.target,
        )
        self.add("A117", row.actual.cell, rule, row.actual.text, None)
        return False

    def qualitative(self, row: SheetRow) -> bool:
        """A114 for a qualitative score outside its verdict's band; True when the row is one."""
        ind = row.indicator
        if ind is None or not isinstance(ind.rule, Qualitative) or row.score is None:
            return False
        score, points = row.score.value, row.points.value
        if score is None or points is None or points <= 0:
            return True
        said = row.value.band if isinstance(row.value, Judgement) else ""
        band = next((b for b in ind.rule.bands if said in (b.name, b.name_en)), None)
        if band is None:
            return True
        percent = div(mul(score, HUNDRED), points)
        if band.interval.contains(percent):
            return True
        low = mul(band.interval.low or ZERO, points) / HUNDRED
        high = mul(band.interval.high or HUNDRED, points) / HUNDRED
        rule = msg(
            "{name}: the verdict {band} gives {low} to {high} of {points} points, not {score}",
            name=row.name,
            band=band.name,
            low=_num(low),
            high=_num(high),
            points=_num(points),
            score=_num(score),
        )
        nearest = low if score < low else high
        self.add("A114", row.score.cell, rule, score, nearest)
        return True

    def reason(self, row: SheetRow, computed: Row, score: Decimal | None) -> None:
        if row.reason:
            return
        cell = row.actual.cell if row.actual is not None else row.points.cell
        lost = score is not None and row.points.value is not None and score < row.points.value
        if not computed.met or lost:
            rule = msg(
                "{name} is below its target {target} (or lost points) and gives no 偏差原因",
                name=row.name,
                target=row.target,
            )
            self.add("A112", cell, rule, row.actual.text if row.actual else None)
            return
        ratio = _beyond(computed)
        if ratio is not None and self.over.enabled and ratio >= self.over.flag_at:
            rule = msg(
                "{name} is {ratio}% of its target {target}, beyond {flag}%, and gives no 偏差原因",
                name=row.name,
                ratio=fmt(ratio),
                target=row.target,
                flag=fmt(self.over.flag_at),
            )
            self.add("A113", cell, rule, ratio, self.over.flag_at)

    # ---------------------------------------------------------------- funds

    def funds(self) -> None:
        funds = self.sheet.funds
        if funds is None:
            return
        total = funds.total
        for role in ("initial", "adjusted", "executed"):
            printed: Printed | None = getattr(total, role)
            parts = [getattr(line, role) for line in funds.lines]
            values = [p.value for p in parts if p is not None and p.value is not None]
            if not values:
                continue
            if not self.known(printed, *parts):
                continue
            added = sum(values, ZERO)
            said = printed.value if printed is not None else None
            cell = printed.cell if printed is not None else (parts[0].cell if parts[0] else "")
            if (said is None or said == 0) and added != 0:
                rule = msg(
                    "{total} is {said} while its 其中 lines add up to {added}",
                    total=total.label,
                    said=_num(said) if said is not None else "—",
                    added=_num(added),
                )
                self.add("A110", cell, rule, said, added)
            elif said is not None and said != added:
                rule = msg(
                    "{total} is {said} but its 其中 lines add up to {added}",
                    total=total.label,
                    said=_num(said),
                    added=_num(added),
                )
                self.add("A109", cell, rule, said, added)
        self.rate(funds)

    def rate(self, funds: FundsFigures) -> None:
        total = funds.total
        spent = total.executed.value if total.executed is not None else None
        budget = total.adjusted.value if total.adjusted is not None else None
        initial = total.initial.value if total.initial is not None else None
        if spent is None or budget is None or budget <= 0:
            return
        if not self.known(total.executed, total.adjusted):
            return  # the rate is the quotient of cells that cannot be read (A199)
        right = div(mul(spent, HUNDRED), budget)
        known = self.known(total.initial)
        on_initial = div(mul(spent, HUNDRED), initial) if initial and known else None
        if funds.rate is not None and funds.rate.value is not None:
            said = funds.rate.value
            tolerance = _half_unit(_decimals(said))
            if abs(said - right) > tolerance:
                slip = on_initial is not None and abs(said - on_initial) <= tolerance
                values = {"said": fmt(said, 6), "right": fmt(right, 4)}
                rule = (
                    msg(
                        "执行率 {said}% is not 全年执行数 ÷ 全年预算数 = {right}%; it is the rate"
                        " on 年初预算数 instead",
                        **values,
                    )
                    if slip
                    else msg("执行率 {said}% is not 全年执行数 ÷ 全年预算数 = {right}%", **values)
                )
                self.add("A107", funds.rate.cell, rule, said, round_half_up(right, 4))
        computed = self.scored.get(funds.indicator_id) if funds.indicator_id else None
        if computed is None or funds.score is None or funds.score.value is None:
            return
        said = funds.score.value
        if abs(said - computed.points) > self.tolerance:
            rule = msg(
                "执行率 {rate}% of {points} points earns {computed}",
                rate=fmt(right, 4),
                points=_num(computed.max_points),
                computed=_num(self.round(computed.points)),
            )
            self.add("A108", funds.score.cell, rule, said, self.round(computed.points))

    # ---------------------------------------------------------------- totals

    def printed_rows(self) -> Decimal:
        scores = [r.score.value for r in self.sheet.rows if r.score and r.score.value is not None]
        funds = self.sheet.funds
        if funds is not None and funds.score is not None and funds.score.value is not None:
            scores.append(funds.score.value)
        return sum(scores, ZERO)

    def computed_total(self) -> Decimal | None:
        """The rows as computed; a row the engine could not score counts at its printed 得分
        (None when that cannot be read either: the total is not known)."""
        total = ZERO
        for row in self.sheet.rows:
            computed = self.scored.get(row.indicator.id) if row.indicator is not None else None
            if computed is not None and not isinstance(row.value, Judgement):
                total += self.round(computed.points)
            elif not self.known(row.score):
                return None
            elif row.score is not None and row.score.value is not None:
                total += row.score.value
        funds = self.sheet.funds
        if funds is not None and funds.indicator_id in self.scored:
            total += self.round(self.scored[funds.indicator_id].points)
        elif funds is not None and not self.known(funds.score):
            return None
        elif funds is not None and funds.score is not None and funds.score.value is not None:
            total += funds.score.value
        return total

    def totals(self) -> tuple[Decimal | None, Decimal | None]:
        sheet = self.sheet
        added = self.printed_rows()
        funds_score = sheet.funds.score if sheet.funds is not None else None
        # The rows' 得分 add up to ``added`` only when each could be read.
        rows_known = self.known(funds_score, *(r.score for r in sheet.rows))
        printed = sheet.total.value if sheet.total is not None else None
        off = printed is not None and abs(printed - added) > self.tolerance
        if sheet.total is not None and printed is not None and off and rows_known:
            rule = msg(
                "总分 {said} is not the sum of the rows' 得分, {added}",
                said=_num(printed),
                added=_num(added),
            )
            self.add("A106", sheet.total.cell, rule, printed, added)
        computed = self.computed_total()
        if sheet.grade is not None and self.grades and (printed is not None or rows_known):
            said = sheet.grade.text
            basis = printed if printed is not None else added
            band = _grade_for(self.grades, basis)
            if said not in (band.name, band.name_en):
                rule = msg(
                    "总分 {total} is 等级 {grade} under the bands {bands}, not {said}",
                    total=_num(basis),
                    grade=band.name,
                    bands=_bands(self.grades),
                    said=said,
                )
                self.add("A115", sheet.grade.cell, rule, said, band.name)
            new = _grade_for(self.grades, computed) if computed is not None else band
            if computed is not None and new.name != band.name:
                rule = msg(
                    "recomputed, the total is {computed} and the grade {grade}, not {said}",
                    computed=_num(computed),
                    grade=new.name,
                    said=band.name,
                )
                self.add("A119", sheet.grade.cell, rule, band.name, new.name)
        return printed, computed

    def hidden_rows(self) -> None:
        """Rows hidden in Excel are read and checked as the others, though the printed
        sheet does not show them (last year's rows, a draft): said once, at the first."""
        hidden = self.sheet.hidden
        if hidden:
            rows = ListOf(tuple(str(h.message) for h in hidden), en=", ", zh="、")
            said = msg("rows hidden in Excel are read as if shown: {rows}", rows=rows)
            self.add("A120", hidden[0].cell, said)

    def hidden_columns(self) -> None:
        """A column hidden in Excel is read as if shown when it is its name's only one, and
        passed over for the shown one when there is one: either way the printed sheet
        does not show it. Said at each one's header cell."""
        for hidden in self.sheet.hidden_columns:
            self.add("A122", hidden.cell, msg("{message}", message=hidden.message))

    def same_names(self) -> None:
        """A row named as an earlier one: a row copied twice, or two that need their own
        names (each is checked by its own figures)."""
        for cell, first, name in self.sheet.same_names:
            said = msg("the 三级指标 {name!r} is also the name of {first}", name=name, first=first)
            self.add("A121", cell, said)

    def other_table(self) -> None:
        """Another table below the one reviewed (a second project's pasted under the first)
        is not reviewed: said at its header, so that its rows are not taken as checked."""
        other = self.sheet.other_table
        if other is not None:
            self.add("A123", other.cell, msg("{message}", message=other.message))

    def read_problems(self) -> None:
        taken = {f.cell for f in self.findings}
        for problem in self.sheet.problems:
            if problem.cell not in taken:
                self.add("A199", problem.cell, msg("{message}", message=problem.message))


def _grade_for(grades: Sequence[GradeBand], total: Decimal) -> GradeBand:
    for band in sorted(grades, key=lambda b: b.min, reverse=True):
        if total >= band.min:
            return band
    return min(grades, key=lambda b: b.min)


def _bands(grades: Iterable[GradeBand]) -> str:
    return "、".join(f"{b.name}≥{fmt(b.min)}" for b in sorted(grades, key=lambda b: -b.min))


def _beyond(row: Row) -> Decimal | None:
    """The value as a percent of its target, for a numeric ≥ target above 0."""
    value, target = row.value, row.target
    if not isinstance(value, Decimal) or isinstance(value, bool) or target.op is not Op.GE:
        return None
    goal = target.value
    if not isinstance(goal, Decimal) or goal <= 0:
        return None
    return div(mul(value, HUNDRED), goal)


def audit_sheet(
    sheet: SheetFigures,
    scored: Sequence[Row],
    *,
    grades: Sequence[GradeBand] = (),
    over_achievement: OverAchievement | None = None,
) -> SheetAudit:
    """The findings of one sheet: its printed figures against the rows the engine scored.

    ``scored`` holds the engine's rows for the sheet's readable rows (any
    row missing from it is checked only for what the sheet says of itself);
    ``grades`` are the bands the 等级 is checked against; ``over_achievement``
    sets how far beyond its target a row needs a deviation reason (130% by
    default, as the engine's setting).
    """
    audit = _Audit(sheet, scored, grades, over_achievement)
    audit.points()
    audit.funds()
    audit.rows()
    printed, computed = audit.totals()
    audit.hidden_rows()
    audit.hidden_columns()
    audit.same_names()
    audit.other_table()
    audit.read_problems()
    order = {code: i for i, code in enumerate(CODES)}
    findings = sorted(audit.findings, key=lambda f: (_cell_order(f.cell), order[f.code]))
    return SheetAudit(sheet.file, sheet.sheet, sheet.unit, tuple(findings), printed, computed)


def _cell_order(cell: str) -> tuple[int, str]:
    """Findings in the order of the sheet: by row, then column."""
    ref = cell.rsplit("!", 1)[-1].rsplit(":", 1)[-1]
    digits = "".join(ch for ch in ref if ch.isdigit())
    letters = "".join(ch for ch in ref if ch.isalpha())
    return (int(digits) if digits else 0, f"{len(letters):02d}{letters}")


def code_title(code: str) -> Message:
    """The title of a finding's code, as a message."""
    return CODES[code][1]


def score_rows(
    indicators: Sequence[Indicator], weights: WeightsProfile, facts: Facts
) -> tuple[Row, ...]:
    """Each row the engine can score, to six decimals, whatever the others and the sums.

    The sheet's own sums are the audit's to check, so the rows are scored
    under a profile whose groups and full score are what the rows add up to.
    A row the engine refuses (a value its rule cannot take) is left out; the
    others are scored one by one then.
    """
    return scored_and_refused(indicators, weights, facts)[0]


def scored_and_refused(
    indicators: Sequence[Indicator], weights: WeightsProfile, facts: Facts
) -> tuple[tuple[Row, ...], dict[str, ScoringError]]:
    """:func:`score_rows`, and the error of each row the engine refused, by id."""
    scorable = [i for i in indicators if i.id in weights.points]

    def profile(chosen: Sequence[Indicator]) -> WeightsProfile:
        groups: dict[str, dict[str, Decimal]] = {}
        for ind in chosen:
            by_group = groups.setdefault(ind.level1, {})
            by_group[ind.level2] = by_group.get(ind.level2, ZERO) + weights.points[ind.id]
        categories = tuple(
            Category(name, sum(g.values(), ZERO), tuple(Group(n, p) for n, p in g.items()))
            for name, g in groups.items()
        )
        full = sum((c.points for c in categories), ZERO)
        return evolve(
            weights,
            categories=categories,
            points={i.id: weights.points[i.id] for i in chosen},
            full_score=full,
            grades=default_grades(full) if full > 0 else weights.grades,
            decimals=6,
            normalise=False,
            vetoes=(),
            missing_facts="error",
        )

    try:
        return score(scorable, profile(scorable), facts).rows, {}
    except ScoringError:
        pass
    rows: list[Row] = []
    refused: dict[str, ScoringError] = {}
    for ind in scorable:
        try:
            rows.extend(score([ind], profile([ind]), facts).rows)
        except ScoringError as exc:
            refused[ind.id] = exc
    return tuple(rows), refused
