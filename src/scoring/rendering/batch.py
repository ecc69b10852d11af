"""A batch result as a CSV or JSON table: one line per input row, none left out.

Scored rows carry their total, grade and points per indicator (and rank when
ranked); failed rows carry their errors. Points are printed with exactly the
sheet's decimals, as the one-unit scorecard prints them. See docs/batch.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from scoring._version import __version__
from scoring.batch import BatchResult, Failed, Scored
from scoring.batch.detail import DETAIL_COLUMNS, Detail
from scoring.core.numbers import in_context
from scoring.rendering._common import Meta, spreadsheet_text
from scoring.rendering.jsondoc import number

SCHEMA_VERSION = 1


def units_text(units: int, decimals: int) -> str:
    """A count of the last decimal place as a number with exactly ``decimals`` places."""
    if decimals == 0:
        return str(units)
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), 10**decimals)
    return f"{sign}{whole}.{part:0{decimals}d}"


def _units_number(units: int, decimals: int) -> int | float:
    # The nearest float to units / 10**decimals, as jsondoc.number gives for the Decimal.
    scale: int = 10**decimals
    if units % scale == 0:
        return units // scale
    return units / scale


@in_context
def render_batch_csv(result: BatchResult, meta: Meta | None = None) -> str:
    """The result as CSV: row, line, unit, unit_en, year, status, [rank,] total, grade, grade_en,
    one column per indicator, errors."""
    ranked = any(isinstance(o, Scored) and o.rank is not None for o in result.outcomes)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    head = ["row", "line", "unit", "unit_en", "year", "status"]
    head += ["rank"] if ranked else []
    head += ["total", "grade", "grade_en", *result.indicator_ids, "errors"]
    writer.writerow(head)
    d = result.decimals
    blank = [""] * len(result.indicator_ids)
    for o in result.outcomes:
        h = o.head
        cells: list[str] = [str(h.number), str(h.location.line or ""), h.unit, h.unit_en or ""]
        cells.append(str(h.year) if h.year else "")
        if isinstance(o, Scored):
            cells.append("scored")
            if ranked:
                cells.append(str(o.rank))
            cells += [units_text(o.total_units, d), o.grade.name, o.grade.name_en]
            cells += ["" if u is None else units_text(u, d) for u in o.units]
            cells.append("")
        else:
            cells.append("failed")
            if ranked:
                cells.append("")
            cells += ["", "", "", *blank, " | ".join(p.line() for p in o.problems)]
        # Text from the table (a unit's name) never starts a formula (CWE-1236).
        writer.writerow(spreadsheet_text(cell) for cell in cells)
    return out.getvalue()


def _failed(o: Failed) -> dict[str, Any]:
    return {
        "errors": [
            {
                "message": p.message,
                "location": None if p.location is None else str(p.location),
                "hint": p.hint,
            }
            for p in o.problems
        ]
    }


def _detail(detail: Detail) -> dict[str, Any]:
    """One indicator of a row: the long form's columns, numbers as JSON numbers."""
    found = {}
    for name in DETAIL_COLUMNS:
        value = getattr(detail, name)
        found[name] = number(value) if isinstance(value, Decimal) else value
    return found


def to_dict(
    result: BatchResult,
    meta: Meta | None = None,
    details: Mapping[int, Sequence[Detail]] | None = None,
) -> dict[str, Any]:
    """The JSON document as Python data; ``details`` by row number, when given, go in ``detail``."""
    meta = meta or Meta()
    d = result.decimals
    ids = result.indicator_ids
    rows: list[dict[str, Any]] = []
    for o in result.outcomes:
        h = o.head
        row: dict[str, Any] = {
            "row": h.number,
            "line": h.location.line or None,
            "unit": h.unit,
            "unit_en": h.unit_en,
            "year": h.year or None,
        }
        if isinstance(o, Scored):
            row["status"] = "scored"
            if o.rank is not None:
                row["rank"] = o.rank
            row["total"] = _units_number(o.total_units, d)
            row["grade"] = o.grade.name
            row["grade_en"] = o.grade.name_en
            row["points"] = {
                k: None if u is None else _units_number(u, d)
                for k, u in zip(ids, o.units, strict=True)
            }
        else:
            row["status"] = "failed"
            row.update(_failed(o))
        if details is not None:
            row["detail"] = [_detail(d) for d in details[h.number]]
        rows.append(row)
    return {
        "schema_version": SCHEMA_VERSION,
        "scoring_version": __version__,
        "rules_sha256": meta.rules_sha256,
        "profile": {"id": result.profile.id, "name": result.profile.name},
        "full_score": number(result.profile.full_score),
        "decimals": d,
        "indicators": [
            {"id": k, "max_points": number(p)} for k, p in zip(ids, result.max_points, strict=True)
        ],
        "summary": {
            "rows": len(result.outcomes),
            "scored": result.scored,
            "failed": result.failed,
            "stopped": result.stopped,
        },
        "rows": rows,
    }


@in_context
def render_batch_json(
    result: BatchResult,
    meta: Meta | None = None,
    details: Mapping[int, Sequence[Detail]] | None = None,
) -> str:
    """The result as a JSON document (keys documented in docs/batch.md)."""
    return json.dumps(to_dict(result, meta, details), ensure_ascii=False, indent=1) + "\n"


BATCH_FORMATS: dict[str, Callable[[BatchResult, Meta | None], str]] = {
    "csv": render_batch_csv,
    "json": render_batch_json,
}
