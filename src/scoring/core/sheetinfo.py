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

import attrs

HUNDRED = Decimal(100)


@attrs.frozen
class FundsLine:
    """One line of the funds block, in 万元: 年初预算数, 全年预算数, 全年执行数."""

    name: str
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        """执行率 in percent: 全年执行数 ÷ 全年预算数 × 100 (None unless both are known and > 0)."""
        if self.adjusted is None or self.executed is None or self.adjusted <= 0:
            return None
        return self.executed * HUNDRED / self.adjusted


@attrs.frozen
class Funds:
    """项目资金（万元）: the total (年度资金总额) and its 其中 lines."""

    total: FundsLine = FundsLine("年度资金总额")
    of_which: tuple[FundsLine, ...] = ()


@attrs.frozen
class SheetInfo:
    """The header block and the sign-off line of a 自评表.

    ``project`` is the 项目名称: with it the sheet is a project sheet, without
    it a department-wide sheet named after the facts file's unit.
    ``implementer`` (实施单位) of a project sheet is the unit when not given.
    """

    project: str | None = None
    department: str | None = None
    implementer: str | None = None
    funds: Funds | None = None
    goal: str | None = None
    achieved: str | None = None
    filled_by: str | None = None
    phone: str | None = None
    head: str | None = None
    date: str | None = None

    @property
    def is_project(self) -> bool:
        return self.project is not None
