"""The scoring sheet as one self-contained HTML file, laid out as a 部门整体支出绩效自评表.

No network, no JavaScript: the styles are inline, the chart of points earned
against points available per category is inline SVG. Printable on A4
(``@page size: A4``). Every text from the files is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from scoring.core.numbers import fmt, fmt_points
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import (
    ASSUMED_MARK,
    Meta,
    SheetLayout,
    assumption_lines,
    category_names,
    grade_text,
    indicator_name,
    label,
    named,
    profile_name,
    sheet_columns,
    sheet_notes,
    sheet_value,
    sheet_word,
    sign_off,
    spans,
    sub_row_name,
    total_text,
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
h1 { text-align: center; font-size: 22px; margin: 0; letter-spacing: 2px; }
p.year { text-align: center; margin: 2px 0 10px; }
h2 { font-size: 16px; margin: 20px 0 8px; border-left: 4px solid #1f4e79; padding-left: 8px;
  break-after: avoid; page-break-after: avoid; }
section.chart { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
table + table { margin-top: -1px; }
th, td { border: 1px solid #444; padding: 4px 6px; vertical-align: middle; }
th { background: #dde6f0; font-weight: bold; text-align: center; }
table.info td.k, table.goal th.k { background: #f1f4f8; width: 16%; font-weight: bold; }
table.info td.k { white-space: nowrap; }
table.funds td.n, table.sheet td.n { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
table.goal td { vertical-align: top; width: 42%; }
th { white-space: nowrap; }
th.reason { width: 20%; white-space: normal; }
table.sheet td.c { text-align: center; }
table.sheet td.lost { color: #b00020; font-weight: bold; }
table.sheet tr.sum td { font-weight: bold; background: #f1f4f8; }
.path { display: none; }
.mark { color: #b00020; }
.grade { font-size: 18px; font-weight: bold; }
div.notes { font-size: 12px; color: #333; margin-top: 6px; }
div.notes p { margin: 2px 0; }
div.signoff { margin-top: 18px; }
div.signoff div.line { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-bottom: 14px; }
div.signoff span { flex: 1 1 14em; }
div.signoff div.line:last-child { min-height: 56px; }
section.chart svg { width: 100%; max-width: 720px; height: auto; display: block; }
ol.rules li { margin-bottom: 4px; }
.small { font-size: 12px; color: #444; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  th.reason { width: 18%; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; }
  th, td { padding: 2px 4px; }
  thead { display: table-header-group; }
  /* Not tr: a row holding a merged 一级 cell would carry all its rows to the next page,
     leaving the first page blank under the header; a cell of its own is kept whole. */
  li, tbody td:not([rowspan]) { page-break-inside: avoid; break-inside: avoid; }
  div.signoff { break-inside: avoid; page-break-inside: avoid; }
  th, tr.sum td, td.k { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media screen and (max-width: 640px) {
  /* A phone: every table row becomes a card, each cell a line "column name: value". */
  body { margin: 12px auto; padding: 0 10px; font-size: 15px; }
  h1 { font-size: 19px; letter-spacing: 0; }
  table.info td { display: block; width: 100% !important; border-top: none; }
  table.info tr:first-child td:first-child { border-top: 1px solid #444; }
  table.funds thead, table.sheet thead, table.goal tr:first-child { display: none; }
  table.funds, table.sheet, table.goal, table.funds tbody, table.sheet tbody, table.goal tbody,
  table.funds tr, table.sheet tr, table.goal tr { display: block; width: 100%; }
  table.funds tr, table.sheet tr, table.goal tr { border: 1px solid #444; margin: 0 0 8px; }
  table.funds td, table.sheet td, table.goal td { display: flex; gap: 8px; border: none;
    border-bottom: 1px solid #e2e2e2; text-align: left !important; white-space: normal;
    width: 100%; }
  td[data-label]::before { content: attr(data-label); flex: 0 0 6.5em; font-weight: bold;
    color: #555; }
  table.sheet td.l1, table.sheet td.l2, table.sheet td.empty { display: none; }
  table.sheet td.name, table.funds td.name { display: block; font-weight: bold;
    background: #f1f4f8; }
  table.sheet td.name::before, table.funds td.name::before { display: none; }
  .path { display: block; font-weight: normal; font-size: 12px; color: #555; }
  table.sheet td:empty, table.funds td:empty { display: none; }
  table.sheet tr.sum td[colspan] { display: none; }
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


# Only on a sheet with 其中 rows, so that the page of one without is as it was.
_SUB_CSS = """table.sheet td.sub { padding-left: 2em; }
@media screen and (max-width: 640px) {
  /* A 其中 row's card hangs under its row's. */
  table.sheet tr.sub { margin-top: -9px; border-top: 1px dashed #999; }
}
"""


def _money(amount: Decimal | None) -> str:
    """万元 with at least two places, as the sheet prints them (43.20); more when written."""
    if amount is None:
        return ""
    return fmt_points(amount, max(2, -min(0, int(amount.as_tuple().exponent))))


def _td(text: object, label_text: str, css: str = "", raw: bool = False) -> str:
    """A cell, with the column's name for the phone layout (each row a card)."""
    cls = f' class="{css}"' if css else ""
    body = str(text) if raw else _e(text)
    return f'<td{cls} data-label="{_e(label_text)}">{body}</td>'


def _header_block(scorecard: Scorecard, layout: SheetLayout, lang: str) -> list[str]:
    """The title, the year and the header block: name, 主管部门, 实施单位, sheet, total, grade."""
    key, name = layout.name_row(scorecard, lang)
    return [
        f"<h1>{_e(layout.title(lang))}</h1>",
        f'<p class="year">{_e(sheet_word("year", lang, year=scorecard.year))}</p>',
        '<table class="info">',
        f'<tr><td class="k">{_e(key)}</td><td colspan="3">{_e(name)}</td></tr>',
        f'<tr><td class="k">{_e(sheet_word("department", lang))}</td>'
        f"<td>{_e(layout.info.department or '')}</td>"
        f'<td class="k">{_e(sheet_word("implementer", lang))}</td>'
        f"<td>{_e(layout.implementer(scorecard, lang))}</td></tr>",
        f'<tr><td class="k">{_e(_w("sheet", lang))}</td><td colspan="3">'
        f"{_e(profile_name(scorecard, lang))} ({_e(scorecard.profile_id)})</td></tr>",
        f'<tr><td class="k">{_e(label("total", lang))}</td><td class="grade">'
        f"{_e(total_text(scorecard, lang))}</td>"
        f'<td class="k">{_e(label("grade", lang))}</td><td class="grade">'
        f"{_e(grade_text(scorecard, lang))}</td></tr>",
        "</table>",
    ]


def _funds_block(scorecard: Scorecard, layout: SheetLayout, lang: str) -> list[str]:
    """项目资金（万元）: each line's budgets and execution rate; the execution row's points."""
    funds = layout.info.funds
    if funds is None:
        return []
    columns = sheet_columns(lang)
    names = (
        layout.funds_label(lang),
        sheet_word("initial", lang),
        sheet_word("adjusted", lang),
        sheet_word("executed", lang),
        columns[5],
        sheet_word("rate", lang),
        columns[6],
    )
    out = ['<table class="funds">', "<thead><tr>"]
    out += [f"<th>{_e(n)}</th>" for n in names]
    out += ["</tr></thead>", "<tbody>"]
    execution = layout.execution
    for i, line in enumerate((funds.total, *funds.of_which)):
        name = sheet_word("of_which", lang) + line.name if i == 1 else line.name
        rate = "" if line.rate is None else fmt_points(line.rate, 2) + "%"
        if i == 0 and execution is not None:
            points = fmt(execution.max_points, scorecard.decimals)
            score = fmt_points(execution.points, scorecard.decimals)
            row_id = f' id="row-{_e(execution.id)}"'
        else:
            points = score = "—"
            row_id = ""
        cells = [
            _td(name, names[0], "name"),
            _td(_money(line.initial), names[1], "n"),
            _td(_money(line.adjusted), names[2], "n"),
            _td(_money(line.executed), names[3], "n"),
            _td(points, names[4], "n"),
            _td(rate, names[5], "n"),
            _td(score, names[6], "n"),
        ]
        out.append(f"<tr{row_id}>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _goal_block(layout: SheetLayout, lang: str) -> list[str]:
    info = layout.info
    if info.goal is None and info.achieved is None:
        return []
    return [
        '<table class="goal">',
        f'<tr><th rowspan="2" class="k">{_e(sheet_word("goal", lang))}</th>'
        f"<th>{_e(sheet_word('planned', lang))}</th>"
        f"<th>{_e(sheet_word('achieved', lang))}</th></tr>",
        f"<tr>{_td(info.goal or '', sheet_word('planned', lang))}"
        f"{_td(info.achieved or '', sheet_word('achieved', lang))}</tr>",
        "</table>",
    ]


def _indicator_table(scorecard: Scorecard, meta: Meta, layout: SheetLayout, lang: str) -> list[str]:
    """The indicator table in the national column order, 一级/二级 merged, 总分 and 等级."""
    d = scorecard.decimals
    columns = sheet_columns(lang)
    out = [
        '<table class="sheet">',
        "<thead><tr>",
        *(f"<th>{_e(c)}</th>" for c in columns[:-1]),
        f'<th class="reason">{_e(columns[-1])}</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    entries = layout.entries()
    rows = tuple(row for row, _ in entries)
    span1, span2 = spans(rows, 1), spans(rows, 2)
    for i, (row, sub) in enumerate(entries):
        level1, level2 = category_names(row, scorecard, lang)
        cells = []
        if span1[i]:
            cells.append(f'<td class="c l1" rowspan="{span1[i]}">{_e(level1)}</td>')
        if span2[i]:
            cells.append(f'<td class="c l2" rowspan="{span2[i]}">{_e(level2)}</td>')
        if sub is not None:
            # 其中：主干道 under its row, indented (a row of its group without points, not
            # indented): no 分值, no 得分.
            path = f'<span class="path">{_e(level1)} / {_e(level2)}</span>'
            cells += [
                _td(
                    f"{path}{_e(sub_row_name(sub, lang))}",
                    columns[2],
                    "name sub" if sub.of_which else "name",
                    raw=True,
                ),
                _td(sub.target, columns[3], "c"),
                _td(sub.actual, columns[4], "c"),
                _td("", columns[5], "n"),
                _td("", columns[6], "n"),
                _td("", columns[7], "reason"),
            ]
            out.append('<tr class="sub">' + "".join(cells) + "</tr>")
            continue
        mark = f' <span class="mark">{ASSUMED_MARK}</span>' if row.assumed else ""
        path = f'<span class="path">{_e(level1)} / {_e(level2)}</span>'
        lost = " lost" if row.lost > 0 else ""
        cells += [
            _td(f"{path}{_e(indicator_name(row, lang))}{mark}", columns[2], "name", raw=True),
            _td(row.target.get(lang), columns[3], "c"),
            _td(sheet_value(row, lang)[0], columns[4], "c"),
            _td("" if row.informational else fmt(row.max_points, d), columns[5], "n"),
            _td("" if row.informational else fmt_points(row.points, d), columns[6], f"n{lost}"),
            _td(meta.reasons.get(row.id, ""), columns[7], "reason"),
        ]
        out.append(f'<tr id="row-{_e(row.id)}">' + "".join(cells) + "</tr>")
    max_total = sum((r.max_points for r in scorecard.rows), Decimal(0))
    # Under a cap on the total the sum row is the rows' sum; the capped total follows it.
    sum_word = "rows_total" if scorecard.capped is not None else "total"
    out += [
        f'<tr class="sum"><td colspan="5" class="c">{_e(sheet_word(sum_word, lang))}</td>'
        f"{_td(fmt(max_total, d), columns[5], 'n')}"
        f"{_td(fmt_points(scorecard.uncapped_total, d), columns[6], 'n')}"
        '<td class="empty"></td></tr>',
        *_capped_row(scorecard, lang),
        f'<tr class="sum"><td colspan="6" class="c">{_e(sheet_word("grade", lang))}</td>'
        f"{_td(grade_text(scorecard, lang), sheet_word('grade', lang), 'c')}"
        '<td class="empty"></td></tr>',
        "</tbody>",
        "</table>",
    ]
    return out


def _capped_row(scorecard: Scorecard, lang: str) -> list[str]:
    """The total after a cap by the execution rate, under the rows' sum, when a band held it."""
    capped = scorecard.capped
    if capped is None:
        return []
    d = scorecard.decimals
    name = sheet_word("capped_total", lang, most=fmt(capped.band.at_most, d))
    return [
        f'<tr class="sum"><td colspan="6" class="c">{_e(name)}</td>'
        f"{_td(fmt_points(scorecard.total, d), name, 'n')}"
        '<td class="empty"></td></tr>'
    ]


def _notes_and_sign_off(
    scorecard: Scorecard, meta: Meta, layout: SheetLayout, lang: str
) -> list[str]:
    notes = sheet_notes(scorecard, meta, layout, lang)
    if not assumption_lines(scorecard, lang):
        notes.insert(0, label("no_assumptions", lang))
    out = ['<div class="notes">']
    out += [
        f"<p>{_e(sheet_word('note', lang) if i == 0 else '')}{_e(n)}</p>"
        for i, n in enumerate(notes)
    ]
    out.append("</div>")
    first, second = sign_off(layout.info, lang)
    out.append('<div class="signoff">')
    out += [
        f'<div class="line">{"".join(f"<span>{_e(t)}</span>" for t in line)}</div>'
        for line in (first, second)
    ]
    out.append("</div>")
    return out


def render_html(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The sheet as a complete HTML document."""
    meta = meta or Meta()
    layout = SheetLayout.of(scorecard, meta.sheet)
    unit = unit_name(scorecard, lang)
    title = f"{layout.title(lang)} · {unit} · {scorecard.year}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}{_SUB_CSS if layout.info.sub_rows else ''}</style>",
        "</head>",
        "<body>",
        *_header_block(scorecard, layout, lang),
        *_funds_block(scorecard, layout, lang),
        *_goal_block(layout, lang),
        "<h2>" + _e(_w("scores", lang)) + "</h2>",
        *_indicator_table(scorecard, meta, layout, lang),
        *_notes_and_sign_off(scorecard, meta, layout, lang),
        '<section class="chart">',
        f"<h2>{_e(_w('chart', lang))}</h2>",
        chart_svg(scorecard, lang),
        "</section>",
        f"<h2>{_e(_w('criteria', lang))}</h2>",
        '<ol class="rules">',
    ]
    for row in scorecard.rows:
        out.append(
            f"<li><b>{_e(indicator_name(row, lang))}</b>"
            f'<br><span class="small">{_e(_w("criterion", lang))}{_w("colon", lang)}'
            f"{_e(row.criterion.get(lang))}</span><br>"
            f"{_e(row.explanation.get(lang))}</li>"
        )
    out.append("</ol>")
    if meta.rules_sha256:
        out.append(
            f'<p class="small">{_e(_w("rules_hash", lang))}: <code>{_e(meta.rules_sha256)}'
            "</code></p>"
        )
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
