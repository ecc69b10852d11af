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


class _Block:
    """Columns of NUL-padded bytes, ``width`` of them a row, made a few rows at a time:
    ``rows(start, stop)`` gives the rows from ``start`` to ``stop``."""

    __slots__ = ("rows", "width")

    def __init__(self, width: int, rows: Callable[[int, int], Bytes]) -> None:
        self.width = width
        self.rows = rows


def _gather(
    values: NDArray[np.int64], text: Callable[[int], str], before: bytes, after: bytes
) -> _Block:
    """For each value, ``before + text(value) + after`` as a NUL-padded row of bytes (a
    value's row after another's, for each row of a matrix of values)."""
    per_row = values.shape[1] if values.ndim == 2 else 1
    if values.size == 0:
        return _Block(0, lambda start, stop: np.zeros((stop - start, 0), dtype=np.uint8))
    lo, hi = int(values.min()), int(values.max())
    if hi - lo < _DENSE:
        distinct: Any = range(lo, hi + 1)
        index, offset = values, lo  # offset row by row: no index array as large as values
    else:
        distinct, inverse = np.unique(values, return_inverse=True)
        index, offset = inverse.reshape(values.shape), 0
    table = _table([before + text(int(v)).encode("utf-8") + after for v in distinct])

    def rows(start: int, stop: int) -> Bytes:
        found: Bytes = table[index[start:stop] - offset]
        return found.reshape(stop - start, -1)

    return _Block(table.shape[1] * per_row, rows)


def _constant(text: bytes) -> _Block:
    row = np.frombuffer(text, dtype=np.uint8)
    return _Block(row.size, lambda start, stop: np.broadcast_to(row, (stop - start, row.size)))


def _padded(parts: list[bytes]) -> _Block:
    """Byte strings of different lengths as the rows of a NUL-padded matrix."""
    matrix = _table(parts)
    return _Block(matrix.shape[1], lambda start, stop: matrix[start:stop])


def _indexed(table: Bytes, index: NDArray[np.intp]) -> _Block:
    """The rows of ``table`` at ``index``."""
    return _Block(table.shape[1], lambda start, stop: table[index[start:stop]])


_SLICE = 1 << 19
"""Bytes of the rows put side by side at a time (512 KiB)."""


def _squeeze(
    blocks: list[_Block], n: int, *, lengths: bool
) -> tuple[list[bytes], NDArray[np.int64] | None]:
    """The ``n`` rows of the blocks side by side, NUL dropped, in chunks of a few rows
    (written one after the other: none is joined into one large object), and, with
    ``lengths``, each row's length (to put other rows between them).

    A few rows at a time, so that no array made is as large as the size from
    which the C library maps memory of its own (see ``large_blocks_returned``
    in :mod:`scoring.cli.batch_workers`): the matrices of a whole part, each mapped
    anew and its pages zeroed, took more time than filling them. The NUL bytes
    are dropped from each chunk's bytes in one pass (``bytes.translate``),
    twice as fast as indexing the matrix with a mask of them.
    """
    group = max(1, _SLICE // max(1, sum(block.width for block in blocks)))
    found = np.empty(n, dtype=np.int64) if lengths else None
    chunks = []
    for start in range(0, n, group):
        stop = min(start + group, n)
        matrix = np.concatenate([block.rows(start, stop) for block in blocks], axis=1)
        if found is not None:
            found[start:stop] = np.count_nonzero(matrix, axis=1)
        chunks.append(matrix.tobytes().translate(None, b"\0"))
    return chunks, found


def _merge(
    chunks: list[bytes],
    lengths: NDArray[np.int64] | None,
    plain: NDArray[np.intp],
    alone: dict[int, Outcome],
    one: Callable[[Outcome], bytes],
) -> list[bytes]:
    """The fast rows (at positions ``plain``) with the ``alone`` rows put back in order."""
    if not alone:
        return chunks
    assert lengths is not None
    fast = b"".join(chunks)
    ends = np.concatenate(([0], np.cumsum(lengths)))
    pieces = []
    done = 0  # fast rows written so far
    for position in sorted(alone):
        before = int(np.searchsorted(plain, position))
        pieces.append(fast[int(ends[done]) : int(ends[before])])
        pieces.append(one(alone[position]))
        done = before
    pieces.append(fast[int(ends[done]) :])
    return pieces


def _rows(values: NDArray[np.int64], plain: NDArray[np.intp]) -> NDArray[np.int64]:
    """The rows of ``values`` at ``plain`` (all of them in order: no copy)."""
    if plain.size == len(values):
        return values
    found: NDArray[np.int64] = values[plain]
    return found


def _parts(result: BatchResult) -> tuple[Any, NDArray[np.intp]] | None:
    matrix = getattr(result.outcomes, "matrix", None)
    if matrix is None:
        return None
    n = len(result.outcomes)
    keep = np.ones(n, dtype=np.bool_)
    keep[list(matrix.alone)] = False
    return matrix, np.flatnonzero(keep)


def csv_chunks(result: BatchResult, lang: str = "en") -> list[bytes] | None:
    """The CSV lines of a columnar result (errors in ``lang``), in chunks to be written one
    after the other, or None when it is not one."""
    found = _parts(result)
    if found is None:
        return None
    matrix, plain = found
    d = result.decimals
    width = len(result.indicator_ids)

    def one(o: Outcome) -> bytes:
        return csv_rows([o], width, d, ranked=False, lang=lang).encode("utf-8")

    if plain.size == 0:
        return [one(matrix.alone[i]) for i in sorted(matrix.alone)]
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
        _constant(b",scored,"),
        _gather(matrix.totals[plain], text, b"", b","),
        _indexed(grades, matrix.grade_index[plain]),
    ]
    if width:
        blocks.append(_gather(_rows(matrix.units, plain), text, b"", b","))
    blocks.append(_constant(b"\n"))
    chunks, lengths = _squeeze(blocks, n, lengths=bool(matrix.alone))
    return _merge(chunks, lengths, plain, matrix.alone, one)


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


def json_chunks(result: BatchResult, first: bool, lang: str = "en") -> list[bytes] | None:
    """The JSON text of a columnar result's rows (errors in ``lang``), in chunks to be
    written one after the other, or None when it is not one."""
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
        return _first([one(matrix.alone[i]) for i in sorted(matrix.alone)], first)
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
        _indexed(_table(grade_texts), matrix.grade_index[plain]),
    ]
    if ids:
        blocks.append(_constant(b'   "points": {\n'))
        units = _rows(matrix.units, plain)
        for j, key in enumerate(rows.keys):
            after = b",\n" if j + 1 < len(ids) else b"\n"
            blocks.append(_gather(units[:, j], number, key.encode("utf-8"), after))
        blocks.append(_constant(b"   }\n  }"))
    else:
        blocks.append(_constant(b'   "points": {}\n  }'))
    chunks, lengths = _squeeze(blocks, n, lengths=bool(matrix.alone))
    return _first(_merge(chunks, lengths, plain, matrix.alone, one), first)


def _first(chunks: list[bytes], first: bool) -> list[bytes]:
    """The chunks of JSON rows, without the ``,\n`` before the first row of the document."""
    if first and chunks:
        chunks[0] = chunks[0][2:]
    return chunks


__all__ = ["csv_chunks", "json_chunks", "units_text"]
