"""A monitoring report as an Excel workbook (.xlsx): one row per monitored row, in its colour.

Needs the optional extra ``scoring[xlsx]`` (openpyxl), as the score's xlsx
does. The status cell is filled with the status colour and says the status
in words; the second sheet lists the rows not monitored and the thresholds.
The same input gives the same bytes (timestamps fixed).
"""

from __future__ import annotations

import io
from typing import Any

from scoring.analysis.monitoring import MonitorReport, MonitorRow, Status
from scoring.files.audit import MONITOR_MARK
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
    summary_line,
    target_text,
    unit_name,
    value_text,
    word,
)
from scoring.rendering.monitor_html import COLOURS
from scoring.rendering.xlsx import (
    FIXED_TIME,
    fit_to_page_width,
    fixed_zip,
    load_openpyxl,
    row_height,
)

_COLUMNS = (
    ("level1", 10.0),
    ("level2", 12.0),
    ("indicator", 30.0),
    ("target", 13.0),
    ("expected", 11.0),
    ("value", 11.0),
    ("ratio", 9.0),
    ("state", 8.0),
    ("gap", 30.0),
    ("reason", 30.0),
    ("measure", 30.0),
)
_SHEETS = {"zh": ("运行监控", "说明"), "en": ("Monitoring", "Notes")}


def render_monitor_xlsx(report: MonitorReport, lang: str = "zh") -> bytes:
    """The report as .xlsx bytes.

    Raises:
        MissingExtraError: when openpyxl is not installed.
    """
    openpyxl = load_openpyxl()
    styles = openpyxl.styles
    name = "宋体" if lang == "zh" else "Arial"
    font = styles.Font(name=name, size=11)
    bold = styles.Font(name=name, size=11, bold=True)
    thin = styles.Side(style="thin", color="000000")
    border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = styles.Alignment(wrap_text=True, vertical="center")
    wb = openpyxl.Workbook()
    ws = wb.active
    first, second = _SHEETS["en" if lang == "en" else "zh"]
    ws.title = first
    title = word("title", lang, unit=unit_name(report, lang), year=report.year, month=report.month)
    profile = report.profile_name if lang == "zh" else report.profile_name_en or report.profile_name
    head = [
        [title],
        [word("profile", lang, name=profile, id=report.profile_id)],
        [profile_line(report, lang)],
        [summary_line(report, lang)],
        [counts_line(report, lang)],
    ]
    for line in head:
        ws.append(line)
    ws.cell(1, 1).font = styles.Font(name=name, size=16, bold=True)
    _fill(ws.cell(4, 1), report.status, styles)
    ws.append([])
    ws.append([word(key, lang) for key, _ in _COLUMNS])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = bold
        cell.border = border
        cell.fill = styles.PatternFill("solid", fgColor="DDE6F0")
    for row in report.all_rows:
        level1, level2 = group_names(report, row.level1, row.level2, lang)
        ratio, places = _ratio_cell(row, report)
        missing = {k: word("not_given", lang) for k in row.missing_note}
        ws.append(
            [
                level1,
                level2,
                row.name.get(lang) + (" ※" if row.assumed else ""),
                target_text(row, report, lang),
                expected_text(row, lang, report.monitoring),
                value_text(row, lang, report.monitoring),
                ratio,
                status_text(row.status, lang),
                gap_text(row, lang),
                note_text(row, "reason") or missing.get("reason", ""),
                note_text(row, "measure") or missing.get("measure", ""),
            ]
        )
        at = ws.max_row
        ws.row_dimensions[at].height = max(
            row_height(str(cell.value or ""), wide)
            for cell, (_, wide) in zip(ws[at], _COLUMNS, strict=True)
        )
        for cell in ws[at]:
            cell.font = font
            cell.border = border
            cell.alignment = wrap
        if places is not None:
            ws.cell(at, 7).number_format = "0" + ("." + "0" * places if places else "") + '"%"'
        _fill(ws.cell(at, 8), row.status, styles)
    last = ws.max_row
    for i, (_, wide) in enumerate(_COLUMNS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = wide
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:K{last}"
    fit_to_page_width(ws, "landscape")

    notes = wb.create_sheet(second)
    lines: list[list[str]] = [[word("categories", lang)]]
    coloured: dict[int, Status] = {}  # row of the notes sheet -> the status in its column B
    for cat in report.categories:
        cat_name = cat.name if lang == "zh" else cat.name_en or cat.name
        lines.append([cat_name, status_text(cat.status, lang)])
        if cat.status is not None:
            coloured[len(lines)] = cat.status
        for group in cat.groups:
            group_name = group.name if lang == "zh" else group.name_en or group.name
            lines.append([f"  {group_name}", status_text(group.status, lang)])
            if group.status is not None:
                coloured[len(lines)] = group.status
    lines.append([])
    if report.warnings:
        lines.append([word("warnings", lang)])
        lines += [[w.text.get(lang)] for w in report.warnings]
        lines.append([])
    if report.missing_notes:
        lines.append([word("missing_notes", lang)])
        lines += [[r.name.get(lang), missing_text(r, lang)] for r in report.missing_notes]
    else:
        lines.append([word("notes_complete", lang)])
    lines.append([])
    if report.skipped:
        lines.append([word("skipped", lang)])
        lines += [[s.name.get(lang), s.reason.get(lang)] for s in report.skipped]
        lines.append([])
    lines.append([word("legend", lang)])
    lines.append([band_line(report.monitoring, lang)])
    schedule = schedule_line(report.monitoring, lang)
    if schedule:
        lines.append([f"{word('schedule', lang)}{colon(lang)}{schedule}"])
    lines.append([f"{word('rollup', lang)}{colon(lang)}{word(report.monitoring.rollup, lang)}"])
    lines += [[word("source", lang) + s] for s in report.monitoring.sources]
    lines += [[word("assumed", lang) + a] for a in report.monitoring.assumptions]
    lines.append([])
    assumed = assumption_lines(report, lang)
    if assumed:
        lines.append([word("assumed_note", lang)])
        lines += [[x] for x in assumed]
    else:
        lines.append([word("no_assumptions", lang)])
    for line in lines:
        notes.append(line)
    for cell in notes["A"]:
        cell.font = font
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 60
    for at, line in enumerate(lines, start=1):
        for cell in notes[at]:
            cell.alignment = wrap
        if len(line) == 1:
            # A sentence on its own spans both columns.
            notes.merge_cells(start_row=at, start_column=1, end_row=at, end_column=2)
            notes.row_dimensions[at].height = row_height(line[0], 100)
        elif len(line) == 2:
            notes.row_dimensions[at].height = max(row_height(line[0], 40), row_height(line[1], 60))
    fit_to_page_width(notes)
    _as_text(ws)
    _as_text(notes)
    for at, status in coloured.items():
        _fill(notes.cell(at, 2), status, styles)

    wb.properties.creator = "scoring"
    # Known again and skipped when it is saved into a folder that scoring audit reads.
    wb.properties.keywords = MONITOR_MARK
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    return fixed_zip(raw.getvalue(), {})


def _ratio_cell(row: MonitorRow, report: MonitorReport) -> tuple[Any, int | None]:
    """The progress cell: a number with as many decimals as the text report shows (at
    least 2), so that 99.9996 is not printed 100.00% beside a yellow status; the
    text (``<100``) where even 6 decimals would not tell it from a band edge."""
    if row.ratio is None:
        return None, None
    shown = ratio_text(row, report.monitoring, unit="")
    if shown[:1] in "<>":
        return shown + "%", None
    places = max(2, len(shown.partition(".")[2]))
    return float(shown), places


def _as_text(ws: Any) -> None:
    """Cells that start with "=" (a target such as "=0%") are text, not formulas."""
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _fill(cell: Any, status: Status, styles: Any) -> None:
    background, ink = COLOURS[status]
    cell.fill = styles.PatternFill("solid", fgColor=background.lstrip("#").upper())
    cell.font = styles.Font(bold=True, color=ink.lstrip("#").upper())
