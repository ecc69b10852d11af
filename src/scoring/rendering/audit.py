"""The audit report (复核报告) as text, JSON, CSV or an .xlsx workbook.

Every format holds one row (or entry) per finding: code, severity, cell, the
sheet's figure, the computed figure, the difference and the rule in words;
text and JSON add the summary across sheets (how many, how many with
findings, findings by code) and the sheets ranked by how far their printed
total is from the recomputed one.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from scoring.analysis.audit import AuditReport, Finding, code_title
from scoring.core.messages import Message, msg
from scoring.core.numbers import plain
from scoring.files.audit import REPORT_COLUMNS, REPORT_MARK

AUDIT_FORMATS = ("text", "json", "csv", "xlsx")
# The text report's ranking names the sheets this far from the top; the rest are counted.
RANKED_SHOWN = 20


def _figure(value: Decimal | str | None) -> str:
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else value


def _severity(finding: Finding, lang: str) -> str:
    word = msg("error") if finding.severity == "error" else msg("warning")
    return word.text(lang)


def _columns(lang: str) -> list[str]:
    return [m.text(lang) for m in REPORT_COLUMNS]


def _rows(report: AuditReport, lang: str) -> list[list[str]]:
    rows = []
    for sheet in report.sheets:
        for f in sheet.findings:
            rows.append(
                [
                    f.code,
                    _severity(f, lang),
                    f.cell,
                    _figure(f.sheet_figure),
                    _figure(f.computed),
                    _figure(f.difference),
                    f.message.text(lang),
                    sheet.unit,
                ]
            )
    return rows + _unread_rows(report, lang)


def _unread_rows(report: AuditReport, lang: str) -> list[list[str]]:
    """A row per problem of each file not read, after the findings: its status 无法读取 in the
    severity column, the file in the cell column and the reason (with its hint) as the
    finding, so that a reviewer sorting or filtering the table sees the file too; then a
    row per file skipped (已跳过), with why, so that every file is in the table."""
    status = msg("cannot be read").text(lang)
    skipped = msg("skipped").text(lang)
    return [
        ["", status, bad.file, "", "", "", p.text(lang) if isinstance(p, Message) else p, ""]
        for bad in report.unreadable
        for p in bad.problems
    ] + [["", skipped, k.file, "", "", "", k.reason.text(lang), ""] for k in report.skipped]


def render_text(report: AuditReport, lang: str = "zh", width: int | None = None) -> str:
    """The findings, one paragraph each, then the summary and the ranking.

    With ``width`` (a terminal's), each finding's sentence and figures, and each
    reason a file was not read, are folded into lines that fit it under their indent.
    """
    t = _Lang(lang)
    out: list[str] = []

    def said(indent: int, line: str) -> list[str]:
        if width is None:
            return [" " * indent + line]
        from scoring.rendering._common import fold  # noqa: PLC0415

        return [" " * indent + part for part in fold(line, width - indent)]

    for sheet in report.sheets:
        if sheet.note is not None:
            out.append(
                t(
                    msg(
                        "{file} ({unit}): {note}",
                        file=_name(sheet.file, sheet.sheet),
                        unit=sheet.unit or "—",
                        note=sheet.note,
                    )
                )
            )
            out.append("")
        if not sheet.findings:
            continue
        heading = msg(
            "{file} ({unit}): {count} findings",
            file=_name(sheet.file, sheet.sheet),
            unit=sheet.unit or "—",
            count=len(sheet.findings),
        )
        out.append(t(heading))
        for f in sheet.findings:
            out.append(f"  {f.code} {_severity(f, lang)} {f.cell}")
            out.extend(said(4, f.message.text(lang)))
            figures = t(
                msg(
                    "sheet {said}, computed {computed}, difference {difference}",
                    said=_figure(f.sheet_figure) or "—",
                    computed=_figure(f.computed) or "—",
                    difference=_figure(f.difference) or "—",
                )
            )
            if f.sheet_figure is not None or f.computed is not None:
                out.extend(said(4, figures))
        out.append("")
    for bad in report.unreadable:
        out.append(t(msg("{file}: cannot be read", file=bad.file)))
        for p in bad.problems:
            out.extend(said(2, p.text(lang) if isinstance(p, Message) else p))
        out.append("")
    for skipped in report.skipped:
        out.append(t(msg("{file}: skipped: {reason}", file=skipped.file, reason=skipped.reason)))
    if report.skipped:
        out.append("")
    # Two lines, each within 80 columns whatever the counts.
    out.append(
        t(
            msg(
                "{sheets} sheets audited, {with_findings} with findings; {unreadable} files"
                " not read",
                sheets=len(report.sheets),
                with_findings=report.with_findings,
                unreadable=len(report.unreadable),
            )
        )
    )
    out.append(
        t(
            msg(
                "{findings} findings: {errors} errors, {warnings} warnings",
                findings=len(report.findings),
                errors=sum(1 for f in report.findings if f.severity == "error"),
                warnings=sum(1 for f in report.findings if f.severity == "warning"),
            )
        )
    )
    if report.skipped:
        out.append(
            t(
                msg(
                    "{skipped} skipped: not sheets to audit (see above)",
                    skipped=len(report.skipped),
                )
            )
        )
    if report.findings:
        out.append(t(msg("findings by code:")))
        for code, count in report.by_code():
            out.append(f"  {code} {count:>5}  {code_title(code).text(lang)}")
    ranked = report.ranked()
    if ranked:
        out.append(t(msg("sheets by how far the printed total is from the computed one:")))
        shown = ranked[:RANKED_SHOWN]
        differences = [plain(sheet.total_difference or Decimal(0)) for sheet in shown]
        wide = max(len(d) for d in differences)
        for sheet, difference in zip(shown, differences, strict=True):
            out.append(
                "  "
                + t(
                    msg(
                        "{difference}  {file}: printed {printed}, computed {computed}",
                        difference=difference.rjust(wide),
                        file=_name(sheet.file, sheet.sheet),
                        printed=_figure(sheet.printed_total),
                        computed=_figure(sheet.computed_total),
                    )
                )
            )
        if len(ranked) > len(shown):
            more = msg(
                "and {more} more sheets (each sheet's findings are above; every sheet"
                " is in --format csv, xlsx or json)",
                more=len(ranked) - len(shown),
            )
            out.extend(said(2, t(more)))
    return "\n".join(out) + "\n"


def _name(file: str, sheet: str) -> str:
    return f"{file}:{sheet}" if sheet else file


class _Lang:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, message: Message) -> str:
        return message.text(self.lang)


def _number(value: Decimal | str | None) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    return value


def render_json(report: AuditReport, lang: str = "zh") -> str:
    """The report as one JSON document; figures are strings of exact decimals."""
    document = {
        "summary": {
            "sheets": len(report.sheets),
            "sheets_with_findings": report.with_findings,
            "findings": len(report.findings),
            "by_code": dict(report.by_code()),
            "unreadable": len(report.unreadable),
            "skipped": len(report.skipped),
        },
        "sheets": [
            {
                "file": s.file,
                "sheet": s.sheet,
                "unit": s.unit,
                "printed_total": _number(s.printed_total),
                "computed_total": _number(s.computed_total),
                "difference": _number(s.total_difference),
                "note": s.note.text(lang) if s.note is not None else None,
                "findings": [
                    {
                        "code": f.code,
                        "severity": f.severity,
                        "cell": f.cell,
                        "sheet_figure": _number(f.sheet_figure),
                        "computed": _number(f.computed),
                        "difference": _number(f.difference),
                        "message": f.message.text(lang),
                    }
                    for f in s.findings
                ],
            }
            for s in report.sheets
        ],
        "ranked": [
            {"file": s.file, "sheet": s.sheet, "difference": _number(s.total_difference)}
            for s in report.ranked()
        ],
        "skipped": [{"file": k.file, "reason": k.reason.text(lang)} for k in report.skipped],
        "unreadable": [
            {
                "file": u.file,
                "problems": [p.text(lang) if isinstance(p, Message) else p for p in u.problems],
            }
            for u in report.unreadable
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: AuditReport, lang: str = "zh") -> str:
    """One row per finding, then one per problem of each file not read, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_columns(lang))
    writer.writerows(_rows(report, lang))
    return out.getvalue()


def render_xlsx(report: AuditReport, lang: str = "zh") -> bytes:
    """One row per finding (and per problem of a file not read) under a frozen header with an
    autofilter, and a summary sheet.

    Raises:
        MissingExtraError: when openpyxl is not installed.
    """
    from scoring.rendering._common import width as text_width  # noqa: PLC0415

    # The sheet writer's helpers: openpyxl loaded lazily, timestamps fixed.
    from scoring.rendering.xlsx import (  # noqa: PLC0415
        FIXED_TIME,
        fit_to_page_width,
        fixed_zip,
        load_openpyxl,
        row_height,
    )

    openpyxl = load_openpyxl()
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = msg("findings").text(lang)
    columns = _columns(lang)
    ws.append(columns)
    bold = openpyxl.styles.Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    for sheet in report.sheets:
        for f in sheet.findings:
            ws.append(
                [
                    f.code,
                    _severity(f, lang),
                    f.cell,
                    _cell_value(f.sheet_figure),
                    _cell_value(f.computed),
                    _cell_value(f.difference),
                    f.message.text(lang),
                    sheet.unit,
                ]
            )
    for unread in _unread_rows(report, lang):
        ws.append([cell or None for cell in unread])
    last = ws.max_row
    ws.auto_filter.ref = f"A1:H{max(last, 1)}"
    ws.freeze_panes = "A2"
    # The cell column as wide as its longest reference (a folder's path, the sheet, the
    # cell), within bounds: one cut short at its right edge hides the cell's row (H2 for H20).
    cells = [str(c.value) for (c,) in ws.iter_rows(min_row=2, min_col=3, max_col=3) if c.value]
    cell_width = min(80, max([36, *(text_width(c) + 2 for c in cells)]))
    for letter, width in zip("ABCDEFGH", (7, 9, cell_width, 12, 12, 10, 80, 24), strict=True):
        ws.column_dimensions[letter].width = width
    wrap = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, max_col=8):
        for cell in row:
            cell.alignment = wrap
        # The height the wrapped text needs, written: LibreOffice does not choose it.
        ws.row_dimensions[row[0].row].height = max(
            row_height(str(row[2].value or ""), cell_width, 15),
            row_height(str(row[6].value or ""), 80, 15),
        )
    # Printed for signing: landscape, one page wide, the header row on every page.
    fit_to_page_width(ws, "landscape")
    ws.print_title_rows = "1:1"
    summary = book.create_sheet(msg("summary").text(lang))
    summary.append([msg("code").text(lang), msg("count").text(lang), msg("finding").text(lang)])
    for code, count in report.by_code():
        summary.append([code, count, code_title(code).text(lang)])
    summary.append([])
    summary.append([msg("sheets").text(lang), len(report.sheets)])
    summary.append([msg("sheets with findings").text(lang), report.with_findings])
    summary.append([msg("files not read").text(lang), len(report.unreadable)])
    summary.append([msg("files skipped").text(lang), len(report.skipped)])
    for bad in report.unreadable:
        for problem in bad.problems:
            said = problem.text(lang) if isinstance(problem, Message) else problem
            summary.append([bad.file, None, msg("cannot be read: {why}", why=said).text(lang)])
    for skipped in report.skipped:
        summary.append([skipped.file, None, skipped.reason.text(lang)])
    for sheet in report.sheets:
        if sheet.note is not None:
            summary.append([sheet.file, None, sheet.note.text(lang)])
    summary.column_dimensions["A"].width = 36  # the labels and the files skipped
    summary.column_dimensions["C"].width = 80
    for row in summary.iter_rows(min_row=2, min_col=1, max_col=3):
        for cell in row:
            cell.alignment = wrap
        summary.row_dimensions[row[0].row].height = max(
            row_height(str(row[0].value or ""), 36, 15), row_height(str(row[2].value or ""), 80, 15)
        )
    fit_to_page_width(summary)
    book.properties.creator = "scoring"
    # Known again and skipped when it is saved into a folder that is audited later.
    book.properties.keywords = REPORT_MARK
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    return bytes(fixed_zip(raw.getvalue(), {}))


def _cell_value(value: Decimal | str | None) -> Any:
    """A number as a number (so that the column filters and sorts), text as text."""
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("1e-6")) else plain(value)
    return value


def render_audit(
    report: AuditReport, fmt: str = "text", lang: str = "zh", width: int | None = None
) -> bytes:
    """The report in ``fmt`` (text, json, csv or xlsx) as the bytes of a file; ``width``
    folds the text into a terminal's columns."""
    if fmt == "xlsx":
        return render_xlsx(report, lang)
    if fmt == "text":
        return render_text(report, lang, width).encode("utf-8")
    renderers = {"text": render_text, "json": render_json, "csv": render_csv}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(AUDIT_FORMATS)}")
    return renderers[fmt](report, lang).encode("utf-8")
