"""The scoring sheet as an Excel workbook (.xlsx), for users of Excel and WPS.

Needs the optional extra: ``pip install "scoring[xlsx]"`` (openpyxl). The
subtotal of each 一级指标 and the total are SUM formulas over the rows, so a
clerk who corrects a score in Excel sees the totals follow. The file is the
same, byte for byte, for the same input: the timestamps openpyxl and zip
would write are fixed.
"""

from __future__ import annotations

import datetime
import importlib
import io
import zipfile
from typing import Any

from scoring.core.errors import MissingExtraError
from scoring.core.numbers import round_half_up
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import (
    Meta,
    category_names,
    grade_text,
    indicator_name,
    label,
    named,
    profile_name,
    unit_name,
)

INSTALL_HINT = 'pip install "scoring[xlsx]"  (or: pip install openpyxl)'
_FIXED = datetime.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _openpyxl() -> Any:
    try:
        # Imported by name: an optional extra, and without type stubs.
        return importlib.import_module("openpyxl")
    except ImportError:
        raise MissingExtraError(
            "xlsx output needs the optional package openpyxl, which is not installed",
            hint=INSTALL_HINT,
        ) from None


def render_xlsx(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> bytes:
    """The sheet as .xlsx bytes: a title, one row per indicator, SUM subtotals and total.

    Raises:
        MissingExtraError: when openpyxl is not installed.
    """
    openpyxl = _openpyxl()
    styles = openpyxl.styles
    meta = meta or Meta()
    d = scorecard.decimals
    number_format = "0" if d == 0 else "0." + "0" * d
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表" if lang == "zh" else "Self-evaluation"
    unit = unit_name(scorecard, lang)
    ws.append([label("title", lang, unit=unit, year=scorecard.year)])
    ws.append([label("profile", lang, name=profile_name(scorecard, lang), id=scorecard.profile_id)])
    header = [
        label(k, lang)
        for k in ("level1", "level2", "level3", "max_points", "target", "value", "points")
    ] + ["偏差原因分析及改进措施" if lang == "zh" else "Deviation reason"]
    ws.append(header)
    header_row = ws.max_row
    bold = styles.Font(bold=True)
    for cell in ws[header_row]:
        cell.font = bold
        cell.fill = styles.PatternFill("solid", fgColor="DDE6F0")
    subtotal_cells = []
    for cat in scorecard.categories:
        first = ws.max_row + 1
        for row in scorecard.rows:
            if row.indicator.level1 != cat.name:
                continue
            level1, level2 = category_names(row, scorecard, lang)
            ws.append(
                [
                    level1,
                    level2,
                    indicator_name(row, lang),
                    float(row.max_points),
                    str(row.target),
                    row.target.show(row.value),
                    float(round_half_up(row.points, d)),
                    meta.reasons.get(row.id, ""),
                ]
            )
            ws.cell(ws.max_row, 7).number_format = number_format
        last = ws.max_row
        name = named(cat.name, cat.name_en, lang)
        subtotal = "小计" if lang == "zh" else "Subtotal"
        if last >= first:
            ws.append(
                [
                    f"{name} {subtotal}",
                    None,
                    None,
                    f"=SUM(D{first}:D{last})",
                    None,
                    None,
                    f"=SUM(G{first}:G{last})",
                ]
            )
        else:
            ws.append([f"{name} {subtotal}", None, None, 0, None, None, 0])
        for cell in ws[ws.max_row]:
            cell.font = bold
        ws.cell(ws.max_row, 7).number_format = number_format
        subtotal_cells.append(ws.max_row)
    d_refs = ",".join(f"D{r}" for r in subtotal_cells)
    g_refs = ",".join(f"G{r}" for r in subtotal_cells)
    ws.append([label("sum", lang), None, None, f"=SUM({d_refs})", None, None, f"=SUM({g_refs})"])
    total_row = ws.max_row
    for cell in ws[total_row]:
        cell.font = bold
    ws.cell(total_row, 7).number_format = number_format
    ws.append([label("grade", lang), grade_text(scorecard, lang)])
    for col, wide in zip("ABCDEFGH", (10, 12, 30, 8, 14, 14, 9, 40), strict=True):
        ws.column_dimensions[col].width = wide
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    wb.properties.creator = "scoring"
    wb.properties.created = _FIXED
    wb.properties.modified = _FIXED
    raw = io.BytesIO()
    wb.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed, so equal input gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _fixed_core(body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, body)
    return out.getvalue()


def _fixed_core(body: bytes) -> bytes:
    """openpyxl stamps 'modified' with the clock when saving; put the fixed time back."""
    text = body.decode("utf-8")
    start = text.find("<dcterms:modified")
    if start >= 0:
        end = text.find("</dcterms:modified>", start)
        if end >= 0:
            inner = text.index(">", start) + 1
            text = text[:inner] + _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ") + text[end:]
    return text.encode("utf-8")
