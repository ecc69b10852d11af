"""The scoring sheet as CSV: one row per indicator, for Excel, WPS and scripts.

UTF-8 with a byte order mark, so that Excel and WPS open the Chinese text
correctly; numbers are plain (no unit, no %), so that they stay numbers there.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from scoring.core.numbers import fmt, fmt_points, plain
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import (
    Meta,
    category_names,
    indicator_name,
    spreadsheet_text,
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


def render_csv(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The rows as CSV text starting with a BOM; ``actual`` is rounded as the sheet shows it."""
    meta = meta or Meta()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER[lang])
    d = scorecard.decimals
    for row in scorecard.rows:
        level1, level2 = category_names(row, scorecard, lang)
        # Every cell as a spreadsheet shows it: text never starts a formula (CWE-1236).
        writer.writerow(
            spreadsheet_text(cell)
            for cell in [
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
                row.explanation.get(lang),
                meta.reasons.get(row.id, ""),
            ]
        )
    return BOM + buffer.getvalue()
