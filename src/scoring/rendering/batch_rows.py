"""Batch rows written one by one: each distinct cell's text made once.

Shared by :mod:`scoring.rendering.batch` (whole documents, documents in
parts) and :mod:`scoring.rendering.batch_columns` (blocks of columnar rows),
so that every writer makes a cell's text with the same function.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from scoring.batch import Failed, Outcome, Scored
from scoring.batch.detail import DETAIL_COLUMNS, ENGLISH_COLUMNS, Detail
from scoring.rendering._common import spreadsheet_text
from scoring.rendering.jsondoc import number

# json.dumps(..., ensure_ascii=False) writes strings with this (the C encoder).
json_string: Callable[[str], str] = json.encoder.encode_basestring


def units_text(units: int, decimals: int) -> str:
    """A count of the last decimal place as a number with exactly ``decimals`` places."""
    if decimals == 0:
        return str(units)
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), 10**decimals)
    return f"{sign}{whole}.{part:0{decimals}d}"


def units_number(units: int, decimals: int) -> int | float:
    # The nearest float to units / 10**decimals, as jsondoc.number gives for the Decimal.
    scale: int = 10**decimals
    if units % scale == 0:
        return units // scale
    return units / scale


def units_json(units: int, decimals: int) -> str:
    """A count of the last decimal place as ``json.dumps`` writes its number."""
    return json.dumps(units_number(units, decimals))


class CellTexts:
    """Each distinct count's text, made once: a table's points take few values."""

    def __init__(self, decimals: int, text: Callable[[int, int], str] = units_text) -> None:
        self.decimals = decimals
        self.text = text
        self.known: dict[int | None, str] = {None: "" if text is units_text else "null"}

    def __call__(self, units: int | None) -> str:
        found = self.known.get(units)
        if found is None:
            assert units is not None
            found = self.known[units] = self.text(units, self.decimals)
        return found


def _csv_cells(
    o: Outcome, ranked: bool, text: CellTexts, blank: list[str], lang: str
) -> list[str | int]:
    h = o.head
    cells: list[str | int] = [h.number, h.line or "", h.unit, h.unit_en or "", h.year or ""]
    if isinstance(o, Scored):
        cells.append("scored")
        if ranked:
            cells.append("" if o.rank is None else o.rank)
        cells += [text(o.total_units), o.grade.name, o.grade.name_en]
        cells += map(text, o.units)
        cells.append("")
    else:
        cells.append("failed")
        if ranked:
            cells.append("")
        cells += ["", "", "", *blank, " | ".join(p.line(lang=lang) for p in o.problems)]
    return cells


def csv_rows(
    outcomes: Iterable[Outcome], width: int, decimals: int, ranked: bool, lang: str = "en"
) -> str:
    """The CSV lines of ``outcomes``, one by one (``width`` indicators; errors in ``lang``)."""
    text = CellTexts(decimals)
    blank = [""] * width
    out = io.StringIO(newline="")
    # Text from the table (a unit's name) never starts a formula (CWE-1236).
    csv.writer(out, lineterminator="\n").writerows(
        [
            c if isinstance(c, int) else spreadsheet_text(c)
            for c in _csv_cells(o, ranked, text, blank, lang)
        ]
        for o in outcomes
    )
    return out.getvalue()


def _failed(o: Failed, lang: str) -> dict[str, Any]:
    return {
        "errors": [
            {
                "message": p.text(lang),
                "location": None if p.location is None else str(p.location),
                "hint": p.hint_text(lang),
            }
            for p in o.problems
        ]
    }


def detail_dict(detail: Detail) -> dict[str, Any]:
    """One indicator of a row: the long form's columns, numbers as JSON numbers."""
    found = {}
    for name in DETAIL_COLUMNS:
        value = getattr(detail, name)
        if value is None and name in ENGLISH_COLUMNS:
            continue  # the English is the Chinese: the key only where it is not
        found[name] = number(value) if isinstance(value, Decimal) else value
    return found


def row_dict(
    o: Outcome,
    ids: Sequence[str],
    d: int,
    detail: Sequence[Detail] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """One row of the JSON document's ``rows`` as plain data (``detail`` when given; a
    failed row's errors in ``lang``)."""
    h = o.head
    row: dict[str, Any] = {
        "row": h.number,
        "line": h.line or None,
        "unit": h.unit,
        "unit_en": h.unit_en,
        "year": h.year or None,
    }
    if isinstance(o, Scored):
        row["status"] = "scored"
        if o.rank is not None:
            row["rank"] = o.rank
        row["total"] = units_number(o.total_units, d)
        row["grade"] = o.grade.name
        row["grade_en"] = o.grade.name_en
        row["points"] = {
            k: None if u is None else units_number(u, d) for k, u in zip(ids, o.units, strict=True)
        }
    else:
        row["status"] = "failed"
        row.update(_failed(o, lang))
    if detail is not None:
        row["detail"] = [detail_dict(x) for x in detail]
    return row


# Each detail column's key as it stands in the document, five spaces in.
_DETAIL_KEYS = tuple((f"     {json_string(name)}: ", name) for name in DETAIL_COLUMNS)


def _json_cell(value: object) -> str:
    """A detail's value as ``json.dumps`` writes it (numbers as :func:`number` makes them)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return json_string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        found = number(value)
        # An int's text, or a finite float's shortest repr, as json.dumps writes them.
        return repr(found) if isinstance(found, int) or math.isfinite(found) else json.dumps(found)
    return json.dumps(value, ensure_ascii=False)


class JsonRows:
    """Rows as ``json.dumps(document, ensure_ascii=False, indent=1)`` writes them in ``rows``.

    Each row is an object at depth 2 (two spaces before its brace, three
    before its keys, four before its points), and every row but the first
    of the document is led by ``",\\n"``. A scored row is written from a
    template, each number's text made once; a failed row, whose errors vary,
    by ``json.dumps`` itself.
    """

    def __init__(
        self,
        ids: Sequence[str],
        decimals: int,
        details: Mapping[int, Sequence[Detail]] | None = None,
        lang: str = "en",
    ) -> None:
        self.ids = ids
        self.decimals = decimals
        self.details = details
        self.lang = lang
        """The language of a failed row's errors."""
        self.number = CellTexts(decimals, units_json)
        self.keys = [f"    {json_string(k)}: " for k in ids]

    def scored_tail(self, o: Scored) -> str:
        """From the total to the row's closing brace."""
        number = self.number
        grade = f'   "grade": {json_string(o.grade.name)},\n'
        grade += f'   "grade_en": {json_string(o.grade.name_en)},\n'
        if not self.ids:
            points = '   "points": {}\n'
        else:
            inner = ",\n".join([k + number(u) for k, u in zip(self.keys, o.units, strict=True)])
            points = '   "points": {\n' + inner + "\n   }\n"
        return f'   "total": {number(o.total_units)},\n{grade}{points}  }}'

    def row(self, o: Outcome) -> str:
        if self.details is not None:
            # The row as without details, then its details: the last key of its object.
            text = self.plain_row(o)
            details = self.details[o.head.number]
            return text[: -len("\n  }")] + ',\n   "detail": ' + self.detail(details)
        return self.plain_row(o)

    def plain_row(self, o: Outcome) -> str:
        """The row without ``detail``."""
        h = o.head
        if not isinstance(o, Scored):
            plain = row_dict(o, self.ids, self.decimals, lang=self.lang)
            text = json.dumps(plain, ensure_ascii=False, indent=1)
            return "  " + text.replace("\n", "\n  ")
        unit_en = "null" if h.unit_en is None else json_string(h.unit_en)
        rank = "" if o.rank is None else f'   "rank": {o.rank},\n'
        return (
            f'  {{\n   "row": {h.number},\n   "line": {h.line or "null"},\n'
            f'   "unit": {json_string(h.unit)},\n   "unit_en": {unit_en},\n'
            f'   "year": {h.year or "null"},\n   "status": "scored",\n{rank}'
        ) + self.scored_tail(o)

    def detail(self, details: Sequence[Detail]) -> str:
        """A row's ``detail`` list, to the row's closing brace: each detail an object at
        depth 4 (its keys at depth 5), as ``json.dumps`` writes it."""
        if not details:
            return "[]\n  }"
        items = []
        for d in details:
            cells = ",\n".join([
                key + _json_cell(value)
                for key, name in _DETAIL_KEYS
                if (value := getattr(d, name)) is not None or name not in ENGLISH_COLUMNS
            ])  # fmt: skip
            items.append("    {\n" + cells + "\n    }")
        return "[\n" + ",\n".join(items) + "\n   ]\n  }"

    def rows(self, outcomes: Iterable[Outcome], first: bool) -> str:
        """The rows' text; ``first``: the first of them is the document's first row."""
        text = ",\n".join(map(self.row, outcomes))
        if not text:
            return ""
        return text if first else ",\n" + text


__all__ = [
    "CellTexts",
    "JsonRows",
    "csv_rows",
    "detail_dict",
    "json_string",
    "row_dict",
    "units_json",
    "units_number",
    "units_text",
]
