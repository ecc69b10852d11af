"""What a 自评表 shows besides its indicator rows: the header, the funds block, the sign-off.

The national project sheet (项目支出绩效自评表, 财预〔2020〕10号) opens with
项目名称, 主管部门, 实施单位 and the funds block (项目资金（万元）: 年初预算数,
全年预算数, 全年执行数 for 年度资金总额 and its 其中 lines), states the year's
overall goal, and closes with the sign-off line (填表人, 联系电话, 负责人,
填报日期, 单位（盖章）). The department-wide sheet (部门整体支出绩效自评表) has
部门（单位）名称 in place of 项目名称. A facts file gives these under ``sheet:``;
a sheet read from Excel gives them from its cells. Every field is optional: what
is not known is printed blank, for the clerk to fill in by hand.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.core.record import Record, set_field

HUNDRED = Decimal(100)


class FundsLine(Record):
    """One line of the funds block, in 万元: 年初预算数, 全年预算数, 全年执行数."""

    name: str
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    __slots__ = ("adjusted", "executed", "initial", "name")

    def __init__(
        self,
        name: str,
        initial: Decimal | None = None,
        adjusted: Decimal | None = None,
        executed: Decimal | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "initial", initial)
        set_field(self, "adjusted", adjusted)
        set_field(self, "executed", executed)

    @property
    def rate(self) -> Decimal | None:
        """执行率 in percent: 全年执行数 ÷ 全年预算数 × 100 (None unless both are known and > 0)."""
        if self.adjusted is None or self.executed is None or self.adjusted <= 0:
            return None
        return self.executed * HUNDRED / self.adjusted


_TOTAL = FundsLine("年度资金总额")


class Funds(Record):
    """项目资金（万元）: the total (年度资金总额) and its 其中 lines."""

    total: FundsLine
    of_which: tuple[FundsLine, ...]
    __slots__ = ("of_which", "total")

    def __init__(
        self,
        total: FundsLine = _TOTAL,
        of_which: tuple[FundsLine, ...] = (),
    ) -> None:
        set_field(self, "total", total)
        set_field(self, "of_which", of_which)


class SubRow(Record):
    """A line of the indicator table under a row (``parent``, an indicator id), shown there
    with its target and achieved value as written, never scored: a 其中 sub-row (其中：主干道
    under 维修道路长度), or a row of the same group left without 分值."""

    parent: str
    name: str
    target: str
    actual: str
    __slots__ = ("actual", "name", "parent", "target")

    def __init__(self, parent: str, name: str, target: str = "", actual: str = "") -> None:
        set_field(self, "parent", parent)
        set_field(self, "name", name)
        set_field(self, "target", target)
        set_field(self, "actual", actual)

    @property
    def of_which(self) -> bool:
        """Whether it is a 其中 sub-row (shown indented), not a row without points."""
        return self.name.startswith("其中")


class SheetInfo(Record):
    """The header block and the sign-off line of a 自评表.

    ``project`` is the 项目名称: with it the sheet is a project sheet, without
    it a department-wide sheet named after the facts file's unit.
    ``implementer`` (实施单位) of a project sheet is the unit when not given.
    """

    project: str | None
    department: str | None
    implementer: str | None
    funds: Funds | None
    goal: str | None
    achieved: str | None
    filled_by: str | None
    phone: str | None
    head: str | None
    date: str | None
    # The 其中 sub-rows of the indicator table, in sheet order, each under its row.
    sub_rows: tuple[SubRow, ...]
    __slots__ = (
        "achieved",
        "date",
        "department",
        "filled_by",
        "funds",
        "goal",
        "head",
        "implementer",
        "phone",
        "project",
        "sub_rows",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        project: str | None = None,
        department: str | None = None,
        implementer: str | None = None,
        funds: Funds | None = None,
        goal: str | None = None,
        achieved: str | None = None,
        filled_by: str | None = None,
        phone: str | None = None,
        head: str | None = None,
        date: str | None = None,
        sub_rows: tuple[SubRow, ...] = (),
    ) -> None:
        set_field(self, "project", project)
        set_field(self, "department", department)
        set_field(self, "implementer", implementer)
        set_field(self, "funds", funds)
        set_field(self, "goal", goal)
        set_field(self, "achieved", achieved)
        set_field(self, "filled_by", filled_by)
        set_field(self, "phone", phone)
        set_field(self, "head", head)
        set_field(self, "date", date)
        set_field(self, "sub_rows", sub_rows)

    @property
    def is_project(self) -> bool:
        return self.project is not None

    def under(self, parent: str) -> tuple[SubRow, ...]:
        """The 其中 sub-rows of the row ``parent``, in sheet order."""
        return tuple(sub for sub in self.sub_rows if sub.parent == parent)
