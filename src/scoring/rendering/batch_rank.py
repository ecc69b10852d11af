"""``--rank`` in bounded memory: each part's rows written unranked to a temporary file,
then copied out in rank order with their ranks put in.

Ranking needs every row's total before the first row can be written. Held
as result objects, a million rows took 3.6 GB; here each part is written as
it comes, by the same writers as an unranked table (with NumPy, a block at
a time), into a temporary file, and all that is kept is, for each row,
where its text starts and ends in that file, where its rank goes, and its
total: 32 bytes a row. :meth:`RankSpool.ranked` then reads the rows back in
the order of :meth:`scoring.batch.BatchResult.ranked` (scored rows by total,
highest first, equal totals in table order; failed rows last, in table
order) and puts each rank where the ranked writers put it, so the bytes are
those of rendering the ranked result whole.

Where the rank goes, in the unranked text:

- CSV: after the sixth cell (``row,line,unit,unit_en,year,status,``), found
  by a regular expression that reads quoted cells as the csv module writes
  them (a cell holding a comma, a quote or a line break is quoted, its
  quotes doubled); a scored row gets ``rank,``, a failed one an empty cell.
- JSON: each row object is led by ``,\\n  {\\n   "row": `` (a JSON string
  never holds a raw line break, so that text is only ever a row's start),
  and a scored row's rank goes after its ``   "status": "scored",\\n`` line;
  a failed row has no rank.
"""

from __future__ import annotations

import os
import re
import tempfile
from array import array
from collections.abc import Callable, Iterator

from scoring.batch import BatchResult, Scored

_FAILED = -(1 << 63)
"""The total kept for a failed row (it ranks after every scored row)."""

# A CSV cell as the csv module writes it: quoted (quotes doubled inside), or plain.
_CELL = rb'(?:"(?:[^"]|"")*"|[^,"\n]*)'
_CSV_ROW = re.compile(rb"((?:" + _CELL + rb",){6})" + rb'[^"\n]*(?:"(?:[^"]|"")*"[^"\n]*)*\n')
_JSON_ROW = re.compile(rb',\n  \{\n   "row": ')
_JSON_SCORED = b'\n   "status": "scored",\n'
_BLOCK = 1 << 20
"""Bytes of ranked rows written to the output at a time."""


def row_totals(result: BatchResult) -> array[int]:
    """Each row's total in the sheet's smallest unit, :data:`_FAILED` for a failed row."""
    matrix = getattr(result.outcomes, "matrix", None)
    if matrix is not None:
        totals = array("q", matrix.totals.tolist())
        for i, outcome in matrix.alone.items():
            totals[i] = outcome.total_units if isinstance(outcome, Scored) else _FAILED
        return totals
    return array(
        "q", (o.total_units if isinstance(o, Scored) else _FAILED for o in result.outcomes)
    )


class RankSpool:
    """Rows of consecutive parts held unranked in a temporary file, given back ranked.

    ``add(totals, body)`` with each part's totals (:func:`row_totals`) and
    the text of its rows as the unranked writer writes them (JSON: every
    row led by ``",\\n"``, as after a document's first row); ``body`` may
    come in several pieces (``add_rows``) after one ``add_totals``. Then
    :meth:`ranked` gives the ranked rows' text, in blocks.
    """

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self.size = 0
        self.totals: array[int] = array("q")
        self.starts: array[int] = array("q")
        self.splits: array[int] = array("q")
        """Where each row's rank goes (-1: a JSON row that has none)."""

    def add_totals(self, totals: array[int]) -> None:
        self.totals.extend(totals)

    def add_rows(self, body: bytes) -> None:
        """The text of the next rows (whole rows), in table order."""
        at = self.size
        starts, splits = self.starts, self.splits
        if self.fmt == "csv":
            end = 0
            for m in _CSV_ROW.finditer(body):
                if m.start() != end:
                    break
                starts.append(at + end)
                splits.append(at + m.end(1))
                end = m.end()
            if end != len(body):
                raise ValueError(f"not CSV rows as the writer writes them, at byte {at + end}")
        else:
            found = [m.start() for m in _JSON_ROW.finditer(body)]
            if body and (not found or found[0] != 0):
                raise ValueError(f"not JSON rows as the writer writes them, at byte {at}")
            for k, start in enumerate(found):
                end = found[k + 1] if k + 1 < len(found) else len(body)
                status = body.find(_JSON_SCORED, start, end)
                starts.append(at + start)
                splits.append(-1 if status < 0 else at + status + len(_JSON_SCORED))
        self.file.write(body)
        self.size += len(body)

    def add(self, totals: array[int], body: bytes) -> None:
        self.add_totals(totals)
        self.add_rows(body)

    def ranked(self, progress: Callable[[int, int], None] | None = None) -> Iterator[bytes]:
        """The rows in rank order with their ranks, in blocks of about a megabyte.

        ``progress(done, total)`` is called before the first block and after each.
        """
        n = len(self.starts)
        if n != len(self.totals):
            raise ValueError(f"{len(self.totals)} totals for {n} rows")
        self.file.flush()
        fd = self.file.fileno()
        totals, starts, splits = self.totals, self.starts, self.splits
        scored = [i for i in range(n) if totals[i] != _FAILED]
        scored.sort(key=lambda i: -totals[i])  # stable: equal totals in table order
        failed = [i for i in range(n) if totals[i] == _FAILED]
        csv = self.fmt == "csv"
        pieces: list[bytes] = []
        held = 0
        rank = 0
        previous = None
        first = True
        if progress is not None:
            progress(0, n)
        for position, i in enumerate(scored + failed, start=1):
            start = starts[i]
            end = starts[i + 1] if i + 1 < n else self.size
            text = os.pread(fd, end - start, start)
            split = splits[i] - start
            total = totals[i]
            if total == _FAILED:
                put = b"," if csv else b""
            else:
                if total != previous:
                    rank, previous = position, total
                put = f"{rank},".encode() if csv else f'   "rank": {rank},\n'.encode()
            if split >= 0 and put:
                text = text[:split] + put + text[split:]
            if first and not csv:
                text = text[len(b",\n") :]  # the document's first row is not led by a comma
            first = False
            pieces.append(text)
            held += len(text)
            if held >= _BLOCK:
                yield b"".join(pieces)
                pieces, held = [], 0
                if progress is not None:
                    progress(position, n)
        if pieces:
            yield b"".join(pieces)
        if progress is not None:
            progress(n, n)

    def close(self) -> None:
        self.file.close()
