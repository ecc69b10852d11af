"""A monitored table of units as CSV or JSON: one line per input row, none left out.

Monitored rows carry their rank, status, spending progress, the count of
rows per status and the rows off track; failed rows their errors. See
docs/monitoring.md ("A table of units"). The rows off track and those still
lacking notes are given twice, as the status is (``status``, ``status_zh``):
by id, for a program (``off_track``, ``missing_notes``), and by their Chinese
names (with the status's), for a person reading the table in Excel or WPS
(``off_track_zh``, ``missing_notes_zh``), as ``scoring monitor``'s CSV names
its rows. The columns are the same whatever ``--lang`` (the messages').
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from scoring._version import __version__
from scoring.analysis.monitoring import MonitorRow, Status
from scoring.batch.monitoring import MonitorBatch, Monitored
from scoring.batch.outcomes import Failed
from scoring.core.numbers import plain
from scoring.rendering._common import spreadsheet_text
from scoring.rendering.monitor_cells import paren, status_text

SCHEMA_VERSION = 1
_COLUMNS = (
    "row",
    "line",
    "unit",
    "unit_en",
    "year",
    "outcome",
    "rank",
    "status",
    "status_zh",
    "execution_rate",
    "spending_ratio",
    "red",
    "yellow",
    "green",
    "blue",
    "not_monitored",
    "off_track",
    "off_track_zh",
    "warnings",
    "missing_notes",
    "missing_notes_zh",
    "errors",
)


def _exact(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def _off_track(outcome: Monitored) -> list[tuple[str, str]]:
    return [(r.id, r.status.value) for r in _off_track_rows(outcome)]


def _off_track_rows(outcome: Monitored) -> list[MonitorRow]:
    return [r for r in outcome.report.all_rows if r.status is not Status.GREEN]


def _chinese_names(rows: list[MonitorRow], *, status: bool = False) -> str:
    """The rows by their Chinese names (with their status): 举办全民健身赛事活动（红色）、…"""
    return "、".join(
        r.name.zh + (paren(status_text(r.status, "zh"), "zh") if status else "") for r in rows
    )


def render_monitor_batch_csv(batch: MonitorBatch, lang: str = "en") -> str:
    """The table as CSV text with a BOM, for Excel and WPS (failed rows' errors in ``lang``)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for o in batch.outcomes:
        h = o.head
        cells = [str(h.number), str(h.location.line or ""), h.unit, h.unit_en or ""]
        cells.append(str(h.year) if h.year else "")
        if isinstance(o, Monitored):
            report = o.report
            rate = report.spending.value
            cells += [
                "monitored",
                "" if o.rank is None else str(o.rank),
                report.status.value,
                report.status.label.zh,
                _exact(rate if isinstance(rate, Decimal) else None),
                _exact(report.spending.ratio),
                *(str(report.count(s)) for s in Status),
                str(len(report.skipped)),
                " ".join(f"{row_id}:{status}" for row_id, status in _off_track(o)),
                _chinese_names(_off_track_rows(o), status=True),
                str(len(report.warnings)),
                " ".join(r.id for r in report.missing_notes),
                _chinese_names(list(report.missing_notes)),
                "",
            ]
        else:
            cells += ["failed", *[""] * 15, " | ".join(p.line(lang=lang) for p in o.problems)]
        # A unit's name that starts with "=" (or any text from the table) stays text in Excel.
        writer.writerow([spreadsheet_text(c) for c in cells])
    return "\ufeff" + out.getvalue()


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _row(o: Monitored | Failed, lang: str) -> dict[str, Any]:
    h = o.head
    found: dict[str, Any] = {
        "row": h.number,
        "line": h.location.line or None,
        "unit": h.unit,
        "unit_en": h.unit_en,
        "year": h.year or None,
    }
    if isinstance(o, Failed):
        found["outcome"] = "failed"
        found["errors"] = [
            {"message": p.text(lang), "location": None if p.location is None else str(p.location)}
            for p in o.problems
        ]
        return found
    report = o.report
    rate = report.spending.value
    found.update(
        {
            "outcome": "monitored",
            "rank": o.rank,
            "status": report.status.value,
            "execution_rate": _number(rate if isinstance(rate, Decimal) else None),
            "spending_ratio": _number(report.spending.ratio),
            "counts": {s.value: report.count(s) for s in Status},
            "not_monitored": [s.id for s in report.skipped],
            "off_track": [{"id": i, "status": s} for i, s in _off_track(o)],
            "warnings": [
                {"kind": w.kind, "row": w.row_id, "text": {"zh": w.text.zh, "en": w.text.en}}
                for w in report.warnings
            ],
            "missing_notes": [r.id for r in report.missing_notes],
        }
    )
    return found


def render_monitor_batch_json(batch: MonitorBatch, lang: str = "en") -> str:
    """The table as JSON: the month, the profile, and one entry per input row (failed rows'
    errors in ``lang``)."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "scoring_version": __version__,
        "month": batch.month,
        "monitoring": batch.profile.id,
        "monitored": batch.monitored,
        "failed": batch.failed,
        "rows": [_row(o, lang) for o in batch.outcomes],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


MONITOR_BATCH_FORMATS = {"csv": render_monitor_batch_csv, "json": render_monitor_batch_json}
