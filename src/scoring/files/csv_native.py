"""A plain part of a CSV table parsed by polars' native reader, when polars is installed.

Optional, like NumPy (``pip install "scoring[fast]"``): without polars, or
for any part that is not plain, :func:`read_part` reads the part with
:func:`~scoring.files.tables.read_csv`, as before. With it, a plain part
gives the very table ``read_csv`` gives (the same heads, cell texts,
parsed columns and problems; the test suite compares them), about three
times faster, since polars parses the numbers in native code, on every
core, where ``read_csv`` calls ``numpy.loadtxt``.

Plain is what ``read_csv``'s NumPy path takes (see
:func:`scoring.files.tables._read_plain_csv`): no quote, no blank line,
every line as wide as the header, and every fact cell empty or a number of
at most 16 characters made of digits, one point and a sign, without a
leading zero. Those checks are made here on the part's bytes first, each in
one pass in C, so that polars only ever parses cells that the project's
number parser takes too (no exponent, no thousands separator, no ``nan`` or
``inf``); any cell that is not so, and any part polars refuses, is read by
``read_csv``, which then names the bad cell at its line, in the same words
as without polars. Both parsers round a decimal to the nearest float, so the
parsed columns are the same bit for bit; the cells' texts are kept as
written, for the Decimal recomputation of values near a decision.
"""

from __future__ import annotations

import csv
import sys
from typing import Any

from scoring.core.errors import Location
from scoring.files import located_yaml as _yaml
from scoring.files.tables import (
    MAX_CELL,
    MAX_SHORT_CELL,
    FactTable,
    MadeWhenRead,
    plain_header,
    read_csv,
    read_heads,
)

_SLICE = 1 << 19
"""Bytes of a part searched at a time, and of each array made for its checks (512 KiB)."""


def _found(buffer: Any, byte: int) -> Any:
    """The offsets of ``byte`` in ``buffer`` (NumPy bytes), searched a slice at a time."""
    import numpy as np  # noqa: PLC0415 (optional)

    return np.concatenate(
        [
            np.flatnonzero(buffer[at : at + _SLICE] == byte) + at
            for at in range(0, len(buffer), _SLICE)
        ]
    )


def _bytes_in(chars: bytes) -> Any:
    """A table of the 256 byte values: True for those in ``chars`` (NumPy imported)."""
    import numpy as np  # noqa: PLC0415 (optional)

    table = np.zeros(256, dtype=bool)
    table[list(chars)] = True
    return table


ENABLED = True
"""Whether polars is used when installed (a test compares the tables read with and without)."""

_IN_NUMBERS = b"0123456789.+-,\n\r"
"""The bytes a part's number cells may hold, with the commas and line breaks between them."""
_DIGITS: Any = None
_SIGNS: Any = None

MIN_BYTES = 1 << 20
"""Parts smaller than this are read without polars unless it is imported already: a
small table does not pay for importing it (a few tenths of a second)."""


def read_part(
    header: str,
    data: bytes,
    file: str,
    *,
    rows_before: int = 0,
    lines_before: int = 0,
    more: bool = False,
) -> FactTable:
    """The table ``read_csv(header + data.decode("utf-8"), ...)`` gives, read natively if it can.

    ``header`` is the table's first line (with its line break), ``data`` the
    part's lines, in UTF-8; ``rows_before``, ``lines_before`` and ``more`` as
    for :func:`~scoring.files.tables.read_csv`.

    Raises:
        InputError: when the header is unusable (then no row can be read).
        QuoteOpen: with ``more``, when the part ends inside a quoted cell.
    """
    table = None
    if ENABLED and (len(data) >= MIN_BYTES or "polars" in sys.modules):
        table = _native(header, data, file, rows_before=rows_before, lines_before=lines_before)
    if table is None:
        table = read_csv(
            header + data.decode("utf-8"),
            file,
            rows_before=rows_before,
            lines_before=lines_before,
            more=more,
        )
    return table


def available() -> bool:
    """Whether the native reader can be used (NumPy and polars import)."""
    try:
        import numpy  # noqa: F401, PLC0415 (optional)
        import polars  # noqa: F401, PLC0415 (optional)
    except ImportError:
        return False
    return True


def _native(
    header: str, data: bytes, file: str, *, rows_before: int, lines_before: int
) -> FactTable | None:
    """The plain part read by polars, or None for ``read_csv`` to read it."""
    if not available() or not data or b'"' in data or data.startswith(b"\xef\xbb\xbf"):
        return None
    import numpy as np  # noqa: PLC0415 (optional)
    import polars as pl  # noqa: PLC0415 (optional)

    global _DIGITS, _SIGNS  # noqa: PLW0603 (made once NumPy is imported)
    if _SIGNS is None:
        _DIGITS = _bytes_in(b"0123456789")
        _SIGNS = np.frombuffer(b"+-", dtype=np.uint8)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone carriage return: read_csv says where
    line = header.removesuffix("\n").removesuffix("\r")
    if '"' in line or "\r" in line:
        return None
    plain = plain_header(line, file)
    if plain is None:
        return None
    names, heads_at = plain
    width = heads_at + len(names)
    if not data.endswith(b"\n"):
        data += b"\n"
    buffer = np.frombuffer(data, dtype=np.uint8)
    breaks = _found(buffer, 10)
    rows = len(breaks)
    limit = csv.field_size_limit()
    if len(data) > limit and (breaks[0] > limit or np.diff(breaks).max(initial=0) > limit):
        return None  # a cell may be longer than read_csv reads: it says so
    # Every line has exactly width - 1 commas (below, a few rows at a time: the
    # groups' spans, from a row's start to a line break, cover the part).
    starts = np.empty(rows, dtype=np.int64)
    starts[0] = 0
    starts[1:] = breaks[:-1] + 1
    ends = breaks - (buffer[np.maximum(breaks - 1, 0)] == 13)
    facts_at = np.empty(rows, dtype=np.int64)
    longest = np.zeros(len(names), dtype=np.int64)
    # A few rows at a time, so that each array made is smaller than the size from
    # which the C library maps memory of its own (see large_blocks_returned in
    # scoring.cli.batch_workers): the pages of arrays made for a whole part, each mapped
    # anew and given back, took more time than the checks themselves.
    group = max(1, _SLICE // (8 * width))
    for at in range(0, rows, group):
        to = min(at + group, rows)
        lo = int(starts[at])
        found = np.flatnonzero(buffer[lo : breaks[to - 1]] == 44)
        if len(found) != (to - at) * (width - 1):
            return None
        commas = found.reshape(to - at, width - 1) + lo
        if not ((commas[:, 0] >= starts[at:to]).all() and (commas[:, -1] < breaks[at:to]).all()):
            return None
        # Each fact cell's first byte and the byte after it, row by row.
        first = np.empty((to - at, len(names)), dtype=np.int64)
        first[:, 0] = facts_at[at:to] = commas[:, heads_at - 1] + 1
        first[:, 1:] = commas[:, heads_at:] + 1
        after = np.empty_like(first)
        after[:, :-1] = commas[:, heads_at:]
        after[:, -1] = ends[at:to]
        np.maximum(longest, (after - first).max(axis=0), out=longest)
        # As _read_plain_csv checks: no leading zero (and below, once the heads are
        # read: each character one a number may hold).
        signed = first + np.isin(buffer[first], _SIGNS)
        following = buffer[np.minimum(signed + 1, len(buffer) - 1)]
        if ((buffer[signed] == 48) & _DIGITS[following]).any():
            return None
    del buffer
    # No cell longer than 16 characters.
    if longest.max(initial=0) > MAX_CELL:
        return None
    if longest.max(initial=0) > MAX_SHORT_CELL:
        longest_at: list[int] = longest.tolist()  # some cell is long: each column's longest
    else:
        longest_at = [MAX_SHORT_CELL] * len(names)
    columns = [f"c{k}" for k in range(width)]
    schema: dict[str, Any] = {
        c: pl.String if k < heads_at else pl.Float64 for k, c in enumerate(columns)
    }
    try:
        frame = pl.read_csv(data, has_header=False, schema=schema, quote_char=None)
    except Exception:
        return None
    if frame.height != rows:
        return None
    heads = [frame[c].fill_null("").to_list() for c in columns[:heads_at]]
    written = "\n".join([line, *(t for h in heads for t in h)])
    if _yaml.control_error(written, Location(file)):
        return None  # read_csv names the cell
    # Each byte a number may not hold lies in a row's unit, year or English name:
    # the heads (exactly their bytes in the part) hold all there are.
    in_heads = written[len(line) :].encode("utf-8").translate(None, _IN_NUMBERS)
    if len(in_heads) != len(data.translate(None, _IN_NUMBERS)):
        return None
    parsed = {}
    for k, name in enumerate(names):
        column = np.ascontiguousarray(frame[columns[heads_at + k]].to_numpy(), dtype=np.float64)
        parsed[name] = (column, np.isnan(column), longest_at[k])
    texts = PartCells(data, facts_at, ends)
    heads_read, problems = read_heads(
        heads[0],
        heads[1],
        heads[2] if heads_at == 3 else None,
        file=file,
        first_line=2 + lines_before,
        first_row=1 + rows_before,
    )
    return FactTable(file, heads_read, tuple(names), texts, problems, parsed=parsed)


class PartCells(MadeWhenRead[str]):
    """Each row's fact cells as written (joined by commas), cut from the part's bytes when read."""

    def __init__(self, data: bytes | memoryview, starts: Any, ends: Any) -> None:
        super().__init__(len(starts))
        self.data = data
        self.starts = starts
        self.ends = ends

    def make(self, index: int) -> str:
        # str(), not .decode(): the bytes may be a view (a part sent to a worker process).
        return str(self.data[self.starts[index] : self.ends[index]], "ascii")


__all__ = ["ENABLED", "MIN_BYTES", "PartCells", "available", "read_part"]
