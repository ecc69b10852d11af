"""The rows of the columnar engine's results written a block at a time, with NumPy.

Every cell of a column is one of few texts (a row's points take at most a
few hundred values; totals a few thousand), so each distinct value's text
is made once, by the same function the row-by-row writer calls, into a
table of fixed-width byte strings padded with NUL; a block of rows is then
one gather per column into a matrix of bytes, whose NUL padding is dropped
in one pass. Head cells (row, line, unit, year) are written by the csv
module or formatted once per row. Rows the one-unit engine scored or failed
are written row by row and put back in their places.

Imported only when NumPy is installed; :mod:`scoring.rendering.batch` uses
it for results whose outcomes have a ``matrix`` (the columnar engine's).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.batch import BatchResult, Outcome
from scoring.files.tables import PlainHeads, RowHead
from scoring.rendering._common import FORMULA_START, spreadsheet_text
from scoring.rendering.batch_rows import (
    CellTexts,
    JsonRows,
    csv_rows,
    json_string,
    units_json,
    units_text,
)

Bytes = NDArray[np.uint8]
# Beyond this many distinct values between a column's least and greatest,
# the distinct values are found by sorting (np.unique) instead of offsetting.
_DENSE = 1 << 16


def _table(texts: Sequence[bytes]) -> Bytes:
    width = max(map(len, texts), default=0)
    buf = b"".join(t.ljust(width, b"\0") for t in texts)
    return np.frombuffer(buf, dtype=np.uint8).reshape(len(texts), width)


def _gather(
    values: NDArray[np.int64], text: Callable[[int], str], before: bytes, after: bytes
) -> Bytes:
    """For each value, ``before + text(value) + after`` as a NUL-padded row of bytes."""
    if values.size == 0:
        return np.zeros((values.shape[0], 0), dtype=np.uint8)
    lo, hi = int(values.min()), int(values.max())
    if hi - lo < _DENSE:
        distinct: Any = range(lo, hi + 1)
        index = values - lo
    else:
        distinct, inverse = np.unique(values, return_inverse=True)
        index = inverse.reshape(values.shape)
    table = _table([before + text(int(v)).encode("utf-8") + after for v in distinct])
    found: Bytes = table[index]
    return found


def _constant(n: int, text: bytes) -> Bytes:
    row = np.frombuffer(text, dtype=np.uint8)
    return np.broadcast_to(row, (n, row.size))


def _padded(parts: list[bytes]) -> Bytes:
    """Byte strings of different lengths as the rows of a NUL-padded matrix."""
    return _table(parts)


def _squeeze(blocks: list[Bytes]) -> tuple[bytes, NDArray[np.int64]]:
    """The rows of the blocks side by side, NUL dropped, and each row's length."""
    matrix = np.concatenate(blocks, axis=1) if len(blocks) > 1 else blocks[0]
    keep = matrix != 0
    lengths = keep.sum(axis=1, dtype=np.int64)
    return matrix[keep].tobytes(), lengths


def _merge(
    fast: bytes,
    lengths: NDArray[np.int64],
    plain: NDArray[np.intp],
    alone: dict[int, Outcome],
    one: Callable[[Outcome], bytes],
) -> bytes:
    """The fast rows (at positions ``plain``) with the ``alone`` rows put back in order."""
    if not alone:
        return fast
    ends = np.concatenate(([0], np.cumsum(lengths)))
    pieces = []
    done = 0  # fast rows written so far
    for position in sorted(alone):
        before = int(np.searchsorted(plain, position))
        pieces.append(fast[int(ends[done]) : int(ends[before])])
        pieces.append(one(alone[position]))
        done = before
    pieces.append(fast[int(ends[done]) :])
    return b"".join(pieces)


def _parts(result: BatchResult) -> tuple[Any, NDArray[np.intp]] | None:
    matrix = getattr(result.outcomes, "matrix", None)
    if matrix is None:
        return None
    n = len(result.outcomes)
    keep = np.ones(n, dtype=np.bool_)
    keep[list(matrix.alone)] = False
    return matrix, np.flatnonzero(keep)


def csv_body(result: BatchResult, lang: str = "en") -> bytes | None:
    """The CSV lines of a columnar result (errors in ``lang``), or None when it is not one."""
    found = _parts(result)
    if found is None:
        return None
    matrix, plain = found
    d = result.decimals
    width = len(result.indicator_ids)

    def one(o: Outcome) -> bytes:
        return csv_rows([o], width, d, ranked=False, lang=lang).encode("utf-8")

    if plain.size == 0:
        return b"".join(one(matrix.alone[i]) for i in sorted(matrix.alone))
    lines = _plain_head_lines(matrix.heads, plain)
    if lines is None:
        out = io.StringIO(newline="")
        # The csv module writes None as an empty cell, as the row-by-row writer does.
        # Text from the table never starts a formula (CWE-1236), as row by row.
        csv.writer(out, lineterminator="\n").writerows(
            (number, line, spreadsheet_text(unit), unit_en and spreadsheet_text(unit_en), year)
            for number, line, unit, unit_en, year in _head_cells(matrix.heads, plain)
        )
        lines = out.getvalue().encode("utf-8").split(b"\n")
        if len(lines) != plain.size + 1:
            return None  # a head cell holds a line break: row by row
    grades = _grade_cells(matrix.grade_table)
    text = CellTexts(d)
    n = plain.size
    blocks = [
        _padded(lines[:-1]),
        _constant(n, b",scored,"),
        _gather(matrix.totals[plain], text, b"", b","),
        grades[matrix.grade_index[plain]],
    ]
    if width:
        units = matrix.units[plain]
        cells = _gather(units, text, b"", b",")  # (n, width, w)
        blocks.append(cells.reshape(n, -1))
    blocks.append(_constant(n, b"\n"))
    fast, lengths = _squeeze(blocks)
    return _merge(fast, lengths, plain, matrix.alone, one)


def _plain_head_lines(heads: Sequence[RowHead], plain: NDArray[np.intp]) -> list[bytes] | None:
    """Each row's head cells and a line break, as the csv module writes them, or None.

    For every row of a plain CSV table's heads (kept as columns) whose names
    hold nothing the csv module quotes (a comma, a quote, a line break): the
    cells joined by commas, a name that starts like a formula led by ``'``.
    """
    if not isinstance(heads, PlainHeads) or plain.size != len(heads):
        return None
    units, units_en = heads.units, heads.units_en
    names = "".join(units) + "".join(u for u in units_en if u is not None)
    if any(c in names for c in ',"\n\r'):
        return None
    first, line = heads.first_row, heads.first_line
    numbers = range(first, first + len(units))
    lines: Iterable[int | str] = range(line, line + len(units)) if line else [""] * len(units)
    years = [y or "" for y in heads.years]
    text = "\n".join(
        map(
            "{},{},{},{},{}".format,
            numbers,
            lines,
            [u if not u.startswith(FORMULA_START) else spreadsheet_text(u) for u in units],
            [
                "" if u is None else u if not u.startswith(FORMULA_START) else spreadsheet_text(u)
                for u in units_en
            ],
            years,
        )
    )
    return (text + "\n").encode("utf-8").split(b"\n")


def _head_cells(
    heads: Sequence[RowHead], plain: NDArray[np.intp]
) -> Iterable[tuple[int, int | None, str, str | None, int | None]]:
    """(number, line, unit, unit_en, year) of the rows at ``plain``; 0 as None."""
    at = plain.tolist()
    cells = getattr(heads, "cells", None)  # a plain CSV table's heads, kept as columns
    if cells is not None:
        found: Iterable[tuple[int, int | None, str, str | None, int | None]] = cells(at)
        return found
    return (
        (h.number, h.line or None, h.unit, h.unit_en, h.year or None)
        for h in map(heads.__getitem__, at)
    )


def _grade_cells(grade_table: Sequence[Any]) -> Bytes:
    texts = []
    for band in grade_table:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="").writerow(
            [spreadsheet_text(band.name), spreadsheet_text(band.name_en)]
        )
        texts.append(out.getvalue().encode("utf-8") + b",")
    return _table(texts)


def json_body(result: BatchResult, first: bool, lang: str = "en") -> bytes | None:
    """The JSON text of a columnar result's rows (errors in ``lang``), or None when it is
    not one."""
    found = _parts(result)
    if found is None:
        return None
    matrix, plain = found
    d = result.decimals
    ids = result.indicator_ids
    rows = JsonRows(ids, d, lang=lang)

    def one(o: Outcome) -> bytes:
        return (",\n" + rows.row(o)).encode("utf-8")

    if plain.size == 0:
        body = b"".join(one(matrix.alone[i]) for i in sorted(matrix.alone))
        return body[2:] if first else body
    string = json_string
    prefixes = "\0".join(
        f',\n  {{\n   "row": {number},\n   "line": {line or "null"},\n'
        f'   "unit": {string(unit)},\n'
        f'   "unit_en": {"null" if unit_en is None else string(unit_en)},\n'
        f'   "year": {year or "null"},\n   "status": "scored",\n'
        for number, line, unit, unit_en, year in _head_cells(matrix.heads, plain)
    )
    n = plain.size
    number = CellTexts(d, units_json)
    grade_texts = [
        f'   "grade": {string(b.name)},\n   "grade_en": {string(b.name_en)},\n'.encode()
        for b in matrix.grade_table
    ]
    blocks = [
        _padded(prefixes.encode("utf-8").split(b"\0")),
        _gather(matrix.totals[plain], number, b'   "total": ', b",\n"),
        _table(grade_texts)[matrix.grade_index[plain]],
    ]
    if ids:
        blocks.append(_constant(n, b'   "points": {\n'))
        units = matrix.units[plain]
        for j, key in enumerate(rows.keys):
            after = b",\n" if j + 1 < len(ids) else b"\n"
            blocks.append(_gather(units[:, j], number, key.encode("utf-8"), after))
        blocks.append(_constant(n, b"   }\n  }"))
    else:
        blocks.append(_constant(n, b'   "points": {}\n  }'))
    fast, lengths = _squeeze(blocks)
    body = _merge(fast, lengths, plain, matrix.alone, one)
    return body[2:] if first else body


__all__ = ["csv_body", "json_body", "units_text"]
