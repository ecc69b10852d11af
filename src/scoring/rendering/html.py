"""The scoring sheet as one self-contained HTML file, laid out as a 部门整体支出绩效自评表.

No network, no JavaScript: the styles are inline, the chart of points earned
against points available per category is inline SVG. Printable on A4
(``@page size: A4``). Every text from the files is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from scoring.core.numbers import fmt, fmt_points
from scoring.core.scorecard import Row, Scorecard
from scoring.rendering._common import (
    ASSUMED_MARK,
    Meta,
    assumption_lines,
    category_names,
    grade_text,
    indicator_name,
    label,
    named,
    profile_name,
    unit_name,
)

_WORDS = {
    "title": ("部门整体支出绩效自评表", "Department-wide budget performance self-evaluation"),
    "unit": ("部门（单位）名称", "Unit"),
    "year": ("年度", "Year"),
    "sheet": ("评分表", "Scoring sheet"),
    "reason": ("偏差原因分析及改进措施", "Deviation reasons and improvements"),
    "chart": ("各一级指标得分与分值", "Points earned and available per category"),
    "earned": ("得分", "earned"),
    "available": ("分值", "available"),
    "criteria": ("评分标准及计分过程", "Scoring rules and calculations"),
    "rules_hash": ("评分规则文件 SHA-256", "Rule files SHA-256"),
    "criterion": ("评分标准", "Rule"),
    "scores": ("绩效指标评分", "Indicator scores"),
    "colon": ("：", ": "),
}

_CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "WenQuanYi Zen Hei", "SimSun", sans-serif; color: #111; margin: 24px auto; max-width: 1000px;
  padding: 0 16px; font-size: 14px; line-height: 1.5; }
h1 { text-align: center; font-size: 22px; margin: 0 0 12px; letter-spacing: 2px; }
h2 { font-size: 16px; margin: 20px 0 8px; border-left: 4px solid #1f4e79; padding-left: 8px;
  break-after: avoid; page-break-after: avoid; }
section.chart { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 4px 6px; vertical-align: middle; }
th { background: #dde6f0; font-weight: bold; text-align: center; }
table.info td.k { background: #f1f4f8; width: 16%; font-weight: bold; white-space: nowrap; }
th { white-space: nowrap; }
th.reason { width: 20%; white-space: normal; }
table.sheet td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.sheet td.c { text-align: center; white-space: nowrap; }
table.sheet td.lost { color: #b00020; font-weight: bold; }
table.sheet tr.sum td { font-weight: bold; background: #f1f4f8; }
.mark { color: #b00020; }
.grade { font-size: 18px; font-weight: bold; }
section.chart svg { width: 100%; max-width: 720px; height: auto; display: block; }
ol.rules li { margin-bottom: 4px; }
.small { font-size: 12px; color: #444; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  th.reason { width: 14%; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; }
  th, td { padding: 2px 4px; }
  thead { display: table-header-group; }
  tr, li { page-break-inside: avoid; break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _w(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return en if lang == "en" else zh


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def chart_svg(scorecard: Scorecard, lang: str = "zh") -> str:
    """A horizontal bar chart: per 一级指标, points available (light) and earned (dark)."""
    cats = scorecard.categories
    top = max((c.max_points for c in cats), default=Decimal(1)) or Decimal(1)
    label_w, bar_w, row_h, pad = 130, 440, 34, 10
    width = label_w + bar_w + 120
    height = pad * 2 + row_h * len(cats) + 24
    d = scorecard.decimals
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{_e(_w("chart", lang))}">',
        f"<title>{_e(_w('chart', lang))}</title>",
    ]
    for i, cat in enumerate(cats):
        y = pad + i * row_h
        full = int(bar_w * cat.max_points / top)
        got = int(bar_w * cat.points / top)
        name = named(cat.name, cat.name_en, lang)
        parts += [
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="14">'
            f"{_e(name)}</text>",
            f'<rect x="{label_w}" y="{y + 4}" width="{full}" height="22" fill="#d5dde8"'
            f' stroke="#8a9bb0"><title>{_e(_w("available", lang))} {fmt(cat.max_points)}'
            "</title></rect>",
            f'<rect x="{label_w}" y="{y + 8}" width="{got}" height="14" fill="#1f4e79">'
            f"<title>{_e(_w('earned', lang))} {fmt_points(cat.points, d)}</title></rect>",
            f'<text x="{label_w + full + 8}" y="{y + 19}" font-size="13">'
            f"{_e(fmt_points(cat.points, d))} / {_e(fmt(cat.max_points))}</text>",
        ]
    ly = pad + row_h * len(cats) + 6
    parts += [
        f'<rect x="{label_w}" y="{ly}" width="14" height="10" fill="#1f4e79"/>',
        f'<text x="{label_w + 20}" y="{ly + 10}" font-size="12">{_e(_w("earned", lang))}</text>',
        f'<rect x="{label_w + 90}" y="{ly}" width="14" height="10" fill="#d5dde8"'
        ' stroke="#8a9bb0"/>',
        f'<text x="{label_w + 110}" y="{ly + 10}" font-size="12">'
        f"{_e(_w('available', lang))}</text>",
        "</svg>",
    ]
    return "\n".join(parts)


def _spans(rows: tuple[Row, ...], key: int) -> list[int]:
    """Row spans for merging equal 一级 (key 1) or 一级+二级 (key 2) cells."""
    spans = [0] * len(rows)
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or _levels(rows[i], key) != _levels(rows[start], key):
            spans[start] = i - start
            start = i
    return spans


def _levels(row: Row, key: int) -> tuple[str, ...]:
    return (row.indicator.level1, row.indicator.level2)[:key]


def render_html(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The sheet as a complete HTML document."""
    meta = meta or Meta()
    d = scorecard.decimals
    unit = unit_name(scorecard, lang)
    title = f"{_w('title', lang)} · {unit} · {scorecard.year}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(_w('title', lang))}</h1>",
        '<table class="info">',
        f'<tr><td class="k">{_e(_w("unit", lang))}</td><td>{_e(unit)}</td>'
        f'<td class="k">{_e(_w("year", lang))}</td><td>{scorecard.year}</td></tr>',
        f'<tr><td class="k">{_e(_w("sheet", lang))}</td><td colspan="3">'
        f"{_e(profile_name(scorecard, lang))} ({_e(scorecard.profile_id)})</td></tr>",
        f'<tr><td class="k">{_e(label("total", lang))}</td><td class="grade">'
        f"{_e(fmt_points(scorecard.total, d))} / {_e(fmt(scorecard.full_score))}</td>"
        f'<td class="k">{_e(label("grade", lang))}</td><td class="grade">'
        f"{_e(grade_text(scorecard, lang))}</td></tr>",
        "</table>",
        "<h2>" + _e(_w("scores", lang)) + "</h2>",
        '<table class="sheet">',
        "<thead><tr>",
        *(
            f"<th>{_e(label(k, lang))}</th>"
            for k in ("level1", "level2", "level3", "max_points", "target", "value", "points")
        ),
        f'<th class="reason">{_e(_w("reason", lang))}</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    rows = scorecard.rows
    span1, span2 = _spans(rows, 1), _spans(rows, 2)
    for i, row in enumerate(rows):
        level1, level2 = category_names(row, scorecard, lang)
        cells = []
        if span1[i]:
            cells.append(f'<td class="c" rowspan="{span1[i]}">{_e(level1)}</td>')
        if span2[i]:
            cells.append(f'<td class="c" rowspan="{span2[i]}">{_e(level2)}</td>')
        mark = f' <span class="mark">{ASSUMED_MARK}</span>' if row.assumed else ""
        lost = " lost" if row.lost > 0 else ""
        cells += [
            f"<td>{_e(indicator_name(row, lang))}{mark}</td>",
            f'<td class="n">{_e(fmt(row.max_points, d))}</td>',
            f'<td class="c">{_e(row.target)}</td>',
            f'<td class="c">{_e(row.target.show(row.value))}</td>',
            f'<td class="n{lost}">{_e(fmt_points(row.points, d))}</td>',
            f"<td>{_e(meta.reasons.get(row.id, ''))}</td>",
        ]
        out.append(f'<tr id="row-{_e(row.id)}">' + "".join(cells) + "</tr>")
    out += [
        f'<tr class="sum"><td colspan="3" class="c">{_e(label("sum", lang))}</td>'
        f'<td class="n">{_e(fmt(scorecard.full_score))}</td><td></td><td></td>'
        f'<td class="n">{_e(fmt_points(scorecard.total, d))}</td><td></td></tr>',
        "</tbody>",
        "</table>",
        '<section class="chart">',
        f"<h2>{_e(_w('chart', lang))}</h2>",
        chart_svg(scorecard, lang),
        "</section>",
        f"<h2>{_e(_w('criteria', lang))}</h2>",
        '<ol class="rules">',
    ]
    for row in rows:
        out.append(
            f"<li><b>{_e(indicator_name(row, lang))}</b>"
            f'<br><span class="small">{_e(_w("criterion", lang))}{_w("colon", lang)}'
            f"{_e(row.criterion.get(lang))}</span><br>"
            f"{_e(row.explanation.get(lang))}</li>"
        )
    out.append("</ol>")
    for note in scorecard.notes:
        out.append(f"<p>{_e(note.get(lang))}</p>")
    assumed = assumption_lines(scorecard, lang)
    if assumed:
        out.append(f'<p class="small">{_e(label("assumed_note", lang))}</p>')
        out.append('<ul class="small">' + "".join(f"<li>{_e(a)}</li>" for a in assumed) + "</ul>")
    else:
        out.append(f'<p class="small">{_e(label("no_assumptions", lang))}</p>')
    if meta.rules_sha256:
        out.append(
            f'<p class="small">{_e(_w("rules_hash", lang))}: <code>{_e(meta.rules_sha256)}'
            "</code></p>"
        )
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
