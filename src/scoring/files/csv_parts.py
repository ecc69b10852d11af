"""A CSV table read a part at a time, so that its size does not bound the memory.

:class:`CsvParts` checks what :func:`scoring.files.tables.load_table` checks
before any row is read (the file is a regular file, UTF-8 all through or
else GB18030, with a usable header), then gives the table as consecutive
:class:`~scoring.files.tables.FactTable` parts of about ``block`` bytes each,
row numbers and lines counted through the whole file. Each part is read by
:func:`~scoring.files.csv_native.read_part` (polars' native reader when it is
installed and the part is plain, else :func:`~scoring.files.tables.read_csv`
from the header's text and the part's lines), so a part holds exactly the
rows, cells and problems the whole table would. A table that is not read so
(a quote, which may hold a line break or never close; a lone carriage
return) raises :class:`ReadWhole` when checked: it is read whole, as
``load_table`` reads it.
"""

from __future__ import annotations

import bisect
import codecs
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from scoring.core.errors import InputError, InputWarning, Location
from scoring.core.messages import msg
from scoring.files.csv_native import read_part
from scoring.files.documents import (
    MIXED_AFTER,
    Encoding,
    mixed_encodings,
    not_text,
    read_as_gb18030,
    wide_characters,
)
from scoring.files.reading import folder_error, note_read, open_regular, unreadable
from scoring.files.tables import FactTable, RowHead, read_csv

HOW_TO_SAVE = msg("in WPS/Excel: Save As, CSV UTF-8")
"""How to save a table as UTF-8, as load_table says it."""

BLOCK = 16 << 20
"""Bytes of the file read for each part."""


MAX_LINE = 1 << 20
"""Bytes of the longest line read (a table has no bound on its size, only its lines)."""


def _long_line(file: str, line: int) -> InputError:
    return InputError(
        msg(
            "line {line} is longer than {size} MiB: this is no table of rows",
            line=line,
            size=MAX_LINE // (1 << 20),
        ),
        location=Location(file, line),
        hint=msg("check that it is the CSV table, saved with a line break after each row"),
    )


def _first_line(path: Path) -> bytes:
    """The file's first line (the header), read before the rest is checked.

    Raises:
        InputError: when it cannot be read, or the line is longer than MAX_LINE.
    """
    where = Location(str(path))
    try:
        if path.is_dir():
            raise folder_error(where)
        if not path.is_file():
            return b""  # a pipe or a device: _check_text refuses it without reading
        with open(path, "rb") as f:
            first = f.readline(MAX_LINE + 1)
    except (OSError, ValueError):
        return b""  # _check_text says why it cannot be read
    if len(first) > MAX_LINE:
        raise _long_line(str(path), 1)
    return first


class ReadWhole(Exception):
    """Read this table whole: it has a quote or a lone carriage return."""


class _NotText(Exception):
    """A byte that is not text in the encoding the file is checked in, on ``line``;
    ``wide_before``: the characters of three or four bytes before it, counted up to
    :data:`~scoring.files.documents.MIXED_AFTER`."""

    def __init__(self, line: int, *, wide_before: int = 0) -> None:
        super().__init__(line)
        self.line = line
        self.wide_before = wide_before


class CsvParts:
    """The table at ``path``, read in parts; iterate for the parts.

    The file is read in UTF-8, or in GB18030 (as Excel and WPS save a CSV
    on Chinese Windows) when it is not UTF-8 all through, with a warning in
    ``warnings``, as :func:`~scoring.files.tables.load_table` reads it; in the
    one ``--encoding`` names, if it does.

    Raises (when made):
        InputError: when the file cannot be read, is not text in either
            encoding, or its header is unusable, worded as ``load_table``
            words it.
        ReadWhole: when it has a quote or a lone carriage return:
            ``load_table`` then reads it whole.
    """

    def __init__(self, path: str | Path, *, block: int | None = None) -> None:
        self.path = Path(path)
        self.file = str(path)
        self.block = block or BLOCK
        self.warnings: tuple[InputWarning, ...] = ()
        """What reading found allowed but worth a look (a file read as GB18030)."""
        first = _first_line(self.path)
        given = Encoding.of(self.path)
        self.encoding = given or "utf-8"
        try:
            self.size = _check_text(self.path, self.encoding)
        except _NotText as exc:
            if given is not None:
                raise not_text(self.path, exc.line, given, HOW_TO_SAVE) from None
            if exc.wide_before >= MIXED_AFTER:
                raise mixed_encodings(self.path, exc.line, HOW_TO_SAVE) from None
            try:
                self.encoding = "gb18030"
                self.size = _check_text(self.path, self.encoding)
            except _NotText:
                raise not_text(self.path, exc.line, None, HOW_TO_SAVE) from None
            self.warnings = (read_as_gb18030(self.path),)
        self.done = 0
        """Bytes read so far."""
        self.header_bytes = len(first)
        self.header = first.decode("utf-8-sig" if self.encoding == "utf-8" else "gb18030")
        self.parts: list[tuple[int, int, int, int, int]] = []
        """Each part read so far: its first row's index, rows, offset, bytes and lines before."""
        # Checks the header as the whole table's reader would (raises on an unusable one).
        read_csv(self.header, self.file)

    def __iter__(self) -> Iterator[FactTable]:
        rows_before = lines_before = 0
        with open(self.path, "rb") as f:
            f.seek(self.header_bytes)
            offset = self.header_bytes
            carry = b""
            while True:
                data = carry + f.read(self.block)
                at_end = len(data) == len(carry)
                if not data:
                    break
                cut = len(data) if at_end else data.rfind(b"\n") + 1
                if cut == 0:
                    if len(data) > MAX_LINE:
                        raise _long_line(self.file, lines_before + 2)
                    carry = data  # one line longer than a block: read on
                    continue
                part, carry = data[:cut], data[cut:]
                table = read_part(
                    self.header,
                    self._utf8(part),
                    self.file,
                    rows_before=rows_before,
                    lines_before=lines_before,
                )
                self.parts.append((rows_before, len(table), offset, cut, lines_before))
                offset += cut
                self.done = offset
                rows_before += len(table)
                lines_before += part.count(b"\n")
                yield table
                if at_end:
                    break
        self.done = self.size

    def _utf8(self, part: bytes) -> bytes:
        """A part's lines in UTF-8 (a line break is never inside a GB18030 character)."""
        return part if self.encoding == "utf-8" else part.decode("gb18030").encode("utf-8")

    def heads_at(self, indices: Sequence[int]) -> Iterator[RowHead]:
        """The heads of the rows at ``indices`` (0 is the first row; in increasing order).

        Each part that holds one of them is read again, as it was read first.
        """
        starts = [first for first, *_ in self.parts]
        at = 0
        with open(self.path, "rb") as f:
            while at < len(indices):
                first, rows, offset, size, lines_before = self.parts[
                    bisect.bisect_right(starts, indices[at]) - 1
                ]
                f.seek(offset)
                table = read_csv(
                    self.header + f.read(size).decode(self.encoding),
                    self.file,
                    rows_before=first,
                    lines_before=lines_before,
                )
                while at < len(indices) and indices[at] < first + rows:
                    yield table.heads[indices[at] - first]
                    at += 1


def _check_text(path: Path, encoding: str) -> int:
    """The file's size, once every byte of it is known to be text (the whole file is read).

    Only a regular file is read, as :func:`scoring.files.reading.read_bytes`
    reads one (a named pipe or a device is refused before anything is read),
    and it is remembered as read, so that ``-o`` cannot overwrite it. There
    is no bound on its size: it is read a part at a time.

    Raises:
        InputError: when it cannot be read, worded as ``read_bytes`` words it.
        _NotText: at the first byte that is not text in ``encoding``.
        ReadWhole: when it has a quote or a lone carriage return. In GB18030
            as in UTF-8, the bytes of a quote, a comma, a carriage return and
            a line break are never part of another character.
    """
    where = Location(str(path))
    fd, _ = open_regular(path, where)
    decoder = codecs.getincrementaldecoder(encoding)()
    size = 0
    lines = 0  # line breaks in the blocks before
    wide = 0  # characters of three or four bytes in the blocks before, up to MIXED_AFTER
    try:
        held = b""  # a carriage return at a block's end, until the next byte is known
        while True:
            data = os.read(fd, BLOCK)
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                # exc.object: the bytes of a character begun in the block
                # before (never a line break), then this block's.
                bad = bytes(exc.object[: exc.start])
                line = lines + bad.count(b"\n") + 1
                if wide < MIXED_AFTER:
                    wide += wide_characters(bad.decode(encoding, "ignore"), MIXED_AFTER - wide)
                raise _NotText(line, wide_before=wide) from None
            if wide < MIXED_AFTER:
                wide += wide_characters(text, MIXED_AFTER - wide)
            del text
            lines += data.count(b"\n")
            if b'"' in data:
                raise ReadWhole
            if held or b"\r" in data:  # else no carriage return to check (the common case)
                ends = held + data
                held = b"\r" if data and ends.endswith(b"\r") else b""
                if held:
                    ends = ends[:-1]
                if ends.count(b"\r") != ends.count(b"\r\n"):
                    raise ReadWhole
            if not data:
                break
            size += len(data)
    except OSError as exc:
        raise unreadable(exc, where) from None
    finally:
        os.close(fd)
    note_read(path)
    return size


__all__ = ["BLOCK", "MAX_LINE", "CsvParts", "ReadWhole"]
