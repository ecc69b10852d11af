"""A monitoring report as one self-contained, printable HTML file, rows in their status colours.

No network, no JavaScript, inline styles; A4 landscape when printed, the
colours kept (``print-color-adjust: exact``). Each status is said in words
beside its colour, so that a black-and-white copy still reads. Every text
from the files is escaped.
"""

from __future__ import annotations

from html import escape

from scoring.analysis.monitoring import MonitorReport, Status
from scoring.rendering._common import colon
from scoring.rendering.monitor_cells import (
    assumption_lines,
    band_line,
    counts_line,
    expected_text,
    gap_text,
    group_names,
    missing_text,
    note_text,
    profile_line,
    ratio_text,
    schedule_line,
    status_text,
    target_text,
    time_line,
    unit_name,
    value_text,
    word,
)

# Fill and text colour of each status: light enough to print, dark enough to tell apart.
COLOURS = {
    Status.RED: ("#f8d0d0", "#8b0000"),
    Status.YELLOW: ("#fff0b3", "#6b5000"),
    Status.GREEN: ("#d4edda", "#155724"),
    Status.BLUE: ("#d0e4f8", "#0b3d78"),
}

_CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "WenQuanYi Zen Hei", "SimSun", sans-serif; color: #111; margin: 24px auto; max-width: 1200px;
  padding: 0 16px; font-size: 14px; line-height: 1.5; }
h1 { text-align: center; font-size: 21px; margin: 0 0 12px; }
h2 { font-size: 16px; margin: 20px 0 8px; border-left: 4px solid #1f4e79; padding-left: 8px;
  break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 4px 6px; vertical-align: middle; }
th { background: #dde6f0; text-align: center; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; white-space: nowrap; }
td.s { text-align: center; white-space: nowrap; font-weight: bold; }
td.missing { color: #8b0000; font-style: italic; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 3px; font-weight: bold; }
.mark { color: #b00020; }
.small { font-size: 12px; color: #444; }
ul.warn li { margin-bottom: 4px; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4 landscape; margin: 12mm 10mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
  h1 { font-size: 15pt; }
  h2 { font-size: 11pt; }
  th, td { padding: 2px 4px; }
  thead { display: table-header-group; }
  tr, li { page-break-inside: avoid; break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _status_cell(status: Status | None, lang: str, *, rowspan: int = 1) -> str:
    span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    if status is None:
        return f'<td class="s"{span}>—</td>'
    fill, ink = COLOURS[status]
    return (
        f'<td class="s status-{status.value}"{span} style="background:{fill};color:{ink}">'
        f"{_e(status_text(status, lang))}</td>"
    )


def _badge(status: Status, lang: str, after: str = "") -> str:
    fill, ink = COLOURS[status]
    return (
        f'<span class="badge status-{status.value}" style="background:{fill};color:{ink}">'
        f"{_e(status_text(status, lang, meaning=True) + after)}</span>"
    )


def render_monitor_html(report: MonitorReport, lang: str = "zh") -> str:
    """The report as a complete HTML document."""
    unit = unit_name(report, lang)
    title = word("title", lang, unit=unit, year=report.year, month=report.month)
    profile_name = (
        report.profile_name if lang == "zh" else report.profile_name_en or report.profile_name
    )
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
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(word('profile', lang, name=profile_name, id=report.profile_id))}<br>"
        f"{_e(profile_line(report, lang))}</p>",
        f"<p>{_e(word('status', lang))}{colon(lang)}{_badge(report.status, lang)} &nbsp; "
        f"{_e(time_line(report, lang))}"
        f"<br>{_e(counts_line(report, lang))}</p>",
        '<table class="monitor">',
        "<thead><tr>",
        *(
            f"<th>{_e(word(k, lang))}</th>"
            for k in (
                "level1",
                "level2",
                "indicator",
                "target",
                "expected",
                "value",
                "ratio",
                "state",
                "gap",
                "reason",
                "measure",
            )
        ),
        "</tr></thead>",
        "<tbody>",
    ]
    for row in report.all_rows:
        level1, level2 = group_names(report, row.level1, row.level2, lang)
        name = _e(row.name.get(lang))
        if row.assumed:
            name += ' <span class="mark">※</span>'
        cells = [
            f'<td class="c">{_e(level1)}</td>',
            f'<td class="c">{_e(level2)}</td>',
            f"<td>{name}</td>",
            f'<td class="c">{_e(target_text(row, report, lang))}</td>',
            f'<td class="n">{_e(expected_text(row, lang, report.monitoring))}</td>',
            f'<td class="n">{_e(value_text(row, lang, report.monitoring))}</td>',
            f'<td class="n">{_e(ratio_text(row, report.monitoring))}</td>',
            _status_cell(row.status, lang),
            f"<td>{_e(gap_text(row, lang))}</td>",
        ]
        for key in ("reason", "measure"):
            given = note_text(row, key)
            if given or not row.needs_note:
                cells.append(f"<td>{_e(given)}</td>")
            else:
                cells.append(f'<td class="missing">{_e(word("not_given", lang))}</td>')
        out.append(f'<tr id="row-{_e(row.id)}">' + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", f"<h2>{_e(word('categories', lang))}</h2>", "<table>"]
    for cat in report.categories:
        cat_name = cat.name if lang == "zh" else cat.name_en or cat.name
        groups = cat.groups or ()
        for i, group in enumerate(groups):
            group_name = group.name if lang == "zh" else group.name_en or group.name
            head = ""
            if i == 0:
                span = len(groups)
                head = f'<td class="c" rowspan="{span}">{_e(cat_name)}</td>' + _status_cell(
                    cat.status, lang, rowspan=span
                )
            shown = (
                group_name if group.status is not None else f"{group_name} {word('no_rows', lang)}"
            )
            out.append(f"<tr>{head}<td>{_e(shown)}</td>{_status_cell(group.status, lang)}</tr>")
    out.append("</table>")
    off = [r for r in report.all_rows if r.status is not Status.GREEN]
    out.append(f"<h2>{_e(word('off_track', lang))}</h2>")
    if not off:
        out.append(f"<p>{_e(word('all_green', lang))}</p>")
    else:
        out.append("<ol>")
        for row in off:
            how = word("how", lang) + colon(lang) + row.how.get(lang)
            gap = word("gap", lang) + colon(lang) + gap_text(row, lang)
            out.append(
                f"<li><b>{_e(row.name.get(lang))}</b> {_badge(row.status, lang)}<br>"
                f'<span class="small">{_e(how)}</span>'
                + (f"<br>{_e(gap)}" if row.gaps else "")
                + "</li>"
            )
        out.append("</ol>")
    if report.warnings:
        out.append(f"<h2>{_e(word('warnings', lang))}</h2>")
        out.append(
            '<ul class="warn">'
            + "".join(f"<li>{_e(w.text.get(lang))}</li>" for w in report.warnings)
            + "</ul>"
        )
    if report.missing_notes:
        out.append(f"<p><b>{_e(word('missing_notes', lang))}</b></p><ul>")
        out += [
            f"<li>{_e(row.name.get(lang))}{colon(lang)}{_e(missing_text(row, lang))}</li>"
            for row in report.missing_notes
        ]
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(word('notes_complete', lang))}</p>")
    if report.skipped:
        out.append(f"<h2>{_e(word('skipped', lang))}</h2><ul>")
        out += [
            f"<li>{_e(s.name.get(lang))}{colon(lang)}{_e(s.reason.get(lang))}</li>"
            for s in report.skipped
        ]
        out.append("</ul>")
    out.append(f"<h2>{_e(word('legend', lang))}</h2>")
    legend = " ".join(
        _badge(b.status, lang, f" {b.interval}") for b in reversed(report.monitoring.bands)
    )
    out.append(f"<p>{legend}</p>")
    out.append(f'<p class="small">{_e(band_line(report.monitoring, lang))}</p>')
    schedule = schedule_line(report.monitoring, lang)
    if schedule:
        out.append(f'<p class="small">{_e(word("schedule", lang))}{colon(lang)}{_e(schedule)}</p>')
    rollup = word(report.monitoring.rollup, lang)
    out.append(f'<p class="small">{_e(word("rollup", lang))}{colon(lang)}{_e(rollup)}</p>')
    out += [
        f'<p class="small">{_e(word("source", lang) + s)}</p>' for s in report.monitoring.sources
    ]
    out += [
        f'<p class="small">{_e(word("assumed", lang) + a)}</p>'
        for a in report.monitoring.assumptions
    ]
    lines = assumption_lines(report, lang)
    if lines:
        out.append(f'<p class="small">{_e(word("assumed_note", lang))}</p>')
        out.append('<ul class="small">' + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>")
    else:
        out.append(f'<p class="small">{_e(word("no_assumptions", lang))}</p>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


__all__ = ["COLOURS", "render_monitor_html"]
