"""The scoring sheet as CSV: one row per indicator, for Excel, WPS and scripts.

UTF-8 with a byte order mark, so that Excel and WPS open the Chinese text
correctly; numbers are plain (no unit, no %), so that they stay numbers there.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from scoring.core.numbers import fmt, fmt_points, plain
from scoring.core.scorecard import Row, Scorecard
from scoring.rendering._common import (
    Meta,
    SheetLayout,
    category_names,
    indicator_name,
    label,
    self_score_note,
    self_total_line,
    sheet_word,
    spreadsheet_text,
    sub_row_name,
    value_text,
)

BOM = "\ufeff"

HEADER = {
    "zh": (
        "id",
        "一级指标",
        "二级指标",
        "三级指标",
        "单位",
        "分值",
        "年度指标值",
        "实际完成值",
        "得分",
        "失分",
        "达到目标",
        "假设",
        "评分标准",
        "说明",
        "偏差原因分析及改进措施",
    ),
    "en": (
        "id",
        "level1",
        "level2",
        "indicator",
        "unit",
        "points_available",
        "target",
        "actual",
        "points",
        "lost",
        "met",
        "assumed",
        "criterion",
        "explanation",
        "deviation_reason",
    ),
}


# The column of the clerk's own 得分, after 得分, where the sheet's figures are not the rules'.
SELF_SCORE = {"zh": "表中得分", "en": "sheet_points"}
_SELF_AT = HEADER["zh"].index("得分") + 1


def render_csv(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The rows as CSV text starting with a BOM; ``actual`` is rounded as the sheet shows it.

    Where the sheet's own 得分 or 总分 is not what the rules give, a 表中得分 column holds the
    clerk's figure on those rows, their 说明 says the difference, and a last row 总分 gives
    the total, the sheet's, and the difference; otherwise the table is as it always was.
    """
    meta = meta or Meta()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    d = scorecard.decimals
    given = [meta.self_score_differs(row, d) for row in scorecard.rows]
    total_line = self_total_line(scorecard, meta, lang)
    self_column = total_line is not None or any(g is not None for g in given)
    layout = SheetLayout.of(scorecard, meta.sheet)
    header = list(HEADER[lang])
    if self_column:
        header.insert(_SELF_AT, SELF_SCORE[lang])
    writer.writerow(header)
    for row, said in zip(scorecard.rows, given, strict=True):
        level1, level2 = category_names(row, scorecard, lang)
        explanation = row.explanation.get(lang)
        note = self_score_note(row, scorecard, meta, lang)
        if note is not None:
            explanation += f"（{note}）" if lang == "zh" else f" ({note})"
        cells = [
            row.id,
            level1,
            level2,
            indicator_name(row, lang),
            row.indicator.unit_in(lang),
            "" if row.informational else plain(row.max_points),
            str(row.target.get(lang)),
            fmt(row.value, 2) if isinstance(row.value, Decimal) else value_text(row, lang),
            "" if row.informational else fmt_points(row.points, d),
            "" if row.informational else fmt_points(row.lost, d),
            "" if row.informational else "1" if row.met else "0",
            "1" if row.assumed else "0",
            row.criterion.get(lang),
            explanation,
            meta.reasons.get(row.id, ""),
        ]
        if self_column:
            cells.insert(_SELF_AT, "" if said is None else fmt(said, 6))
        # Every cell as a spreadsheet shows it: text never starts a formula (CWE-1236).
        writer.writerow(spreadsheet_text(cell) for cell in cells)
        for line in _under(row, scorecard, layout, lang):
            if self_column:
                line.insert(_SELF_AT, "")
            writer.writerow(spreadsheet_text(cell) for cell in line)
    if total_line is not None and meta.self_total is not None:
        total = [""] * len(header)
        total[1] = label("total", lang)
        total[header.index(HEADER[lang][5])] = plain(scorecard.full_score)
        total[header.index(HEADER[lang][8])] = fmt_points(scorecard.total, d)
        total[_SELF_AT] = fmt(meta.self_total, 6)
        total[header.index(HEADER[lang][13])] = total_line
        writer.writerow(spreadsheet_text(cell) for cell in total)
    return BOM + buffer.getvalue()


def _under(row: Row, scorecard: Scorecard, layout: SheetLayout, lang: str) -> list[list[str]]:
    """The lines under ``row``, as the 自评表 has them: its 其中 sub-rows, and under the budget
    execution row the funds block's 其中 lines; each without an id, points or a score."""
    level1, level2 = category_names(row, scorecard, lang)

    def line(name: str, unit: str, target: str, actual: str, said: str) -> list[str]:
        return ["", level1, level2, name, unit, "", target, actual, "", "", "", "", "", said, ""]

    out = [
        line(
            sub_row_name(sub, lang),
            "",
            sub.target,
            sub.actual,
            sheet_word("sub_row" if sub.of_which else "unpointed_row", lang),
        )
        for sub in layout.info.under(row.id)
    ]
    funds = layout.info.funds
    if row is layout.execution and funds is not None:
        for money in funds.of_which:
            amounts = [
                f"{sheet_word(key, lang)} {plain(value)}"
                for key, value in (
                    ("initial", money.initial),
                    ("adjusted", money.adjusted),
                    ("executed", money.executed),
                )
                if value is not None
            ]
            if money.rate is not None:
                amounts.append(f"{sheet_word('rate', lang)} {fmt(money.rate, 2)}%")
            said = (
                sheet_word(
                    "funds_line", lang, amounts=("，" if lang == "zh" else ", ").join(amounts)
                )
                if amounts
                else sheet_word("funds_line_empty", lang)
            )
            executed = "" if money.executed is None else plain(money.executed)
            unit = "万元" if lang == "zh" else "10,000 yuan"
            name = sheet_word("of_which", lang) + money.name
            out.append(line(name, unit, "", executed, said))
    return out
