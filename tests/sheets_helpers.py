# ruff: noqa: E501  (a sheet's rows read best one to a line)
"""Self-evaluation sheets built cell by cell, in the layouts clerks hand in.

``project_sheet`` follows the national project layout (财预〔2020〕10号,
附件: 项目支出绩效自评表): title, year, 项目名称, 主管部门 / 实施单位, the funds
block (项目资金), 年度总体目标, then the indicator table under a merged
绩效指标 label, and 总分. ``department_sheet`` is a 部门整体支出绩效自评表 with
its header on row 5 under a title, 填报单位 and 单位：万元, synonyms for the
column names (权重, 指标值, 全年实际值, 自评得分, 未完成原因和改进措施) and no
funds block.

Each returns the rows as lists (``None`` for an empty cell) with the merged
ranges, so that one description writes an .xlsx (openpyxl), an .xls (xlwt)
or a .csv file alike.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Rows = list[list[Any]]
# A percent cell: a number Excel shows with a % format (0.862 shown as 86.2%).
PERCENT = "percent"


class Pct:
    """A number stored as a fraction and shown as a percent, as Excel keeps 86.2%."""

    def __init__(self, fraction: float) -> None:
        self.fraction = fraction


def project_rows() -> tuple[Rows, list[str]]:
    """The national project layout, filled in for a made-up road repair project."""
    rows: Rows = [
        ["项目支出绩效自评表"] + [None] * 8,
        ["（2023年度）"] + [None] * 8,
        ["项目名称", "城区道路维修", None, None, None, None, None, None, None],
        ["主管部门", "某市交通运输局", None, None, None, "实施单位", "某市公路事务中心", None, None],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", None],
        [None, "年度资金总额", 40, 43.2, 37.24, 10, Pct(0.862), 8.62, None],
        [None, "其中：当年财政拨款", 40, 43.2, 37.24, "—", None, "—", None],
        [None, "上年结转资金", 0, 0, 0, "—", None, "—", None],
        [None, "其他资金", None, None, None, "—", None, "—", None],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None],
        [None, "完成城区道路维修", None, None, None, "已完成", None, None, None],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "维修道路长度", "≥266米", "250米", 20, 18.8, "两处路段延期"],
        [None, None, None, "其中：主干道", "≥100米", "120米", None, None, None],
        [None, None, "质量指标", "验收合格率", "100%", Pct(0.98), 15, 14.7, None],
        [None, None, "时效指标", "完工时间", "9月底前", "8月", 10, 10, None],
        [None, None, "成本指标", "维修成本", "≤200万元", "210万元", 5, 4.76, "材料涨价"],
        [None, "效益指标", "社会效益指标", "通行条件改善", "达成年度指标", "较好", 30, 27, None],
        [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10, None],
        ["总分", None, None, None, None, None, 100, 93.88, None],
        ["填表人：张三", None, None, "联系电话：0000", None, "填报日期：2024年3月1日", None, None, None],
    ]  # fmt: skip
    merged = ["A1:I1", "A2:I2", "B3:I3", "A5:A9", "A10:A11", "A12:A19", "B13:B17", "C13:C14"]
    return rows, merged


def department_rows() -> tuple[Rows, list[str]]:
    """A department-wide sheet: header on row 5, synonyms, no funds block."""
    rows: Rows = [
        ["2023年度部门整体支出绩效自评表", None, None, None, None, None, None, None],
        ["部门名称：某县文化旅游局", None, None, None, None, None, None, None],
        ["填报单位：某县文化旅游局", None, None, None, None, None, "单位：万元", None],
        [None] * 8,
        ["一级指标", "二级指标", "三级指标", "权重", "指标值", "全年实际值", "自评得分",
         "未完成原因和改进措施"],
        ["产出", "数量", "举办文化活动场次", 30, ">=40场", "36场", 28, "疫情停办4场"],
        [None, None, "图书馆开放天数", 20, "=300天", "300天", 20, None],
        [None, "质量", "文物安全事故", 20, "≤0起", "0起", 20, None],
        ["效益", "社会效益", "公共文化服务水平", 20, "好", "好", 18, None],
        [None, None, "群众满意度", 10, "≥90%", "92%", 10, None],
        [None, None, "说明性指标", None, "—", "见报告", None, None],
        ["合计", None, None, 100, None, None, 96, None],
    ]  # fmt: skip
    merged = ["A1:H1", "A6:A8", "B6:B7", "A9:A11", "B9:B11"]
    return rows, merged


def write_xlsx(path: Path, rows: Rows, merged: Sequence[str] = (), title: str = "自评表") -> Path:
    import openpyxl  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values, 1):
            if value is None:
                continue
            cell = sheet.cell(r, c)
            if isinstance(value, Pct):
                cell.value = value.fraction
                cell.number_format = "0.00%"
            else:
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed as text ('=300天), not a formula
    for ref in merged:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def write_xls(path: Path, rows: Rows, merged: Sequence[str] = (), title: str = "自评表") -> Path:
    import xlwt  # noqa: PLC0415

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(title)
    percent = xlwt.easyxf(num_format_str="0.00%")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    time = xlwt.easyxf(num_format_str="hh:mm:ss")
    spans = [_span(ref) for ref in merged]
    origins = {(top, left): (top, left, bottom, right) for top, left, bottom, right in spans}
    covered = {
        (r, c)
        for top, left, bottom, right in spans
        for r in range(top, bottom + 1)
        for c in range(left, right + 1)
        if (r, c) != (top, left)
    }
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if (r, c) in covered:
                continue
            if (r, c) in origins:
                top, left, bottom, right = origins[r, c]
                sheet.write_merge(top, bottom, left, right, value)
                continue
            if value is None:
                continue
            if isinstance(value, Pct):
                sheet.write(r, c, value.fraction, percent)
            elif isinstance(value, datetime.date | datetime.time):  # a cell formatted as one
                sheet.write(r, c, value, time if isinstance(value, datetime.time) else date)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_csv(path: Path, rows: Rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        for values in rows:
            writer.writerow(["" if v is None else _csv_text(v) for v in values])
    return path


def _csv_text(value: Any) -> str:
    if isinstance(value, Pct):
        return f"{value.fraction * 100:g}%"
    return str(value)


def _span(ref: str) -> tuple[int, int, int, int]:
    """``A5:A9`` as 0-based (top, left, bottom, right)."""
    start, end = ref.split(":")
    (r1, c1), (r2, c2) = _cell(start), _cell(end)
    return r1, c1, r2, c2


def _cell(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - ord("A") + 1
    return int(digits) - 1, column - 1


def with_formulas(path: Path, formulas: dict[str, tuple[str, str | None]]) -> Path:
    """The workbook at ``path`` with each cell (``H13``) a formula and the result stored with it.

    ``formulas`` maps a cell to its formula (``=SUM(H13:H19)``) and the result Excel or
    WPS stores beside it on saving: a number (``"93.88"``), an error (``"#DIV/0!"``), or
    None for none, as openpyxl saves a formula it does not compute.
    """
    import re  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415

    book = openpyxl.load_workbook(path)
    for ref, (formula, _) in formulas.items():
        book.active[ref] = formula
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, (_, result) in formulas.items():
        if result is None:
            continue
        found = re.search(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>(?:</v>)?</c>', xml)
        assert found is not None, ref
        kind = ' t="e"' if result.startswith("#") else ""
        cell = f'<c r="{ref}"{found.group(1)}{kind}><f>{found.group(2)}</f><v>{result}</v></c>'
        xml = xml[: found.start()] + cell + xml[found.end() :]
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return path
