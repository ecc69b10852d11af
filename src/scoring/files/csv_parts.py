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
import contextlib
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple, cast

from scoring.core.errors import InputError, InputWarning, Location
from scoring.core.messages import msg
from scoring.files.csv_native import read_part
from scoring.files.documents import (
    MIXED_AFTER,
    Encoding,
    mixed_encodings,
    not_text,
    read_as_gb18030,
    utf16_unmarked,
    wide_characters,
)
from scoring.files.reading import (
    STDIN,
    folder_error,
    note_read,
    open_regular,
    stdin_file,
    unreadable,
)
from scoring.files.tables import FactTable, QuoteOpen, RowHead, no_rows, read_csv

HOW_TO_SAVE = msg("in WPS/Excel: Save As, CSV UTF-8")
"""How to save a table as UTF-8, as load_table says it."""

BLOCK = 16 << 20
"""Bytes of the file read for each part; a quarter of it for a table with a quote, whose
parts the cell-by-cell reader reads, in about 20 times their size of memory (a part of 16
MB took the command to 0.93 GB at its peak, one of 4 MB to 0.3 GB, in the same time)."""


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


def _long_row(file: str, line: int) -> InputError:
    return InputError(
        msg(
            'the row on line {line} runs on inside quotes (") for more than {size} MiB',
            line=line,
            size=MAX_LINE // (1 << 20),
        ),
        location=Location(file, line),
        hint=msg(
            'close the quote that opens in it; a quote inside a quoted cell is written twice ("")'
        ),
    )


def _first_line(path: Path, copy: IO[bytes] | None = None) -> bytes:
    """The file's first line (the header), read before the rest is checked.

    ``copy``: the file read instead of ``path`` (standard input's copy).

    Raises:
        InputError: when it cannot be read, or the line is longer than MAX_LINE.
    """
    where = Location(str(path))
    try:
        if copy is not None:
            copy.seek(0)
            first = copy.readline(MAX_LINE + 1)
        else:
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


def _even_break(data: bytes | bytearray, end: int) -> int:
    """The end of the last line of ``data[:end]`` with an even number of quotes before it.

    ``end`` is the end of a line. In a table that quotes as RFC 4180 does
    (a quote inside a quoted cell doubled), it ends the last row that ends in
    ``data``: a line break inside a quoted cell has an odd number before it.
    Counted back a line that holds a quote at a time, a few at most; 0 when
    none is found so (then the reader must say where the last row ends).
    """
    if data.find(b'"', 0, end) < 0:
        return end  # no quote (most tables): memchr's pass, not a count's six times longer
    quotes = data.count(b'"', 0, end)
    for _ in range(64):
        if quotes % 2 == 0:
            return end
        # Every line break after the last quote before ``end`` has as many before it.
        last = data.rfind(b'"', 0, end)
        start = data.rfind(b"\n", 0, last) + 1
        if start == 0:
            return 0
        quotes -= data.count(b'"', start, end)
        end = start
    return 0


def _line_start(data: bytes | bytearray, lines: int) -> int:
    """Where the line after the first ``lines`` lines of ``data`` starts."""
    at = 0
    for _ in range(lines):
        at = data.index(b"\n", at) + 1
    return at


class ReadWhole(Exception):
    """Read this table whole: its header is not its first line alone, or it has a lone
    carriage return."""


class Reread(Exception):
    """Read this table again, every byte checked ahead (:class:`CsvParts`, ``checked_ahead``)."""


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

    ``path`` ``-`` reads standard input, copied first into a temporary file
    (:func:`~scoring.files.reading.stdin_file`).

    ``checked_ahead``: every byte of the file is checked before the first
    part is read, so that a byte that is not text stops the reading before
    any row is scored. Without it (for output that is kept only once all is
    read, such as ``-o``'s temporary file), only the first block is checked
    ahead, and each part after it as it is read, which spares a pass over
    the whole file: the same parts, the same errors and warnings, except
    that a later part may raise :class:`Reread` (below), and that the
    warning of a file read as GB18030 may come with the part where the
    reading found it (:meth:`found_before`).

    Raises (when made):
        InputError: when the file cannot be read, is not text in either
            encoding, or its header is unusable, worded as ``load_table``
            words it.
        ReadWhole: when its header is not its first line alone, or it has a
            lone carriage return: ``load_table`` then reads it whole.

    Raises (when iterated, without ``checked_ahead``):
        InputError: at a byte that is not text, as when made.
        Reread: when a part shows that the file is not read as the parts
            before were (a lone carriage return; a byte that is not UTF-8
            after other bytes that are not ASCII): read it again, checked
            ahead.
    """

    def __init__(
        self, path: str | Path, *, block: int | None = None, checked_ahead: bool = True
    ) -> None:
        self.path = Path(path)
        self.file = str(path)
        self.block = block or BLOCK
        """Bytes read for each part (a quarter of :data:`BLOCK` for a table with a quote)."""
        self.warnings: tuple[InputWarning, ...] = ()
        """What reading found allowed but worth a look (a file read as GB18030)."""
        self._copy = stdin_file(Location(self.file)) if self.file == STDIN else None
        first = _first_line(self.path, self._copy)
        given = Encoding.of(self.path)
        if utf16_unmarked(first):
            # ASCII in UTF-16 without a byte order mark is each byte and a 0, which is
            # also UTF-8: read on, the header would be u\x00n\x00i\x00t\x00.
            raise not_text(self.path, 1, None, HOW_TO_SAVE, first)
        self.encoding = given or "utf-8"
        self._first = first
        self._checked_to = -1
        """Up to where the bytes were checked ahead (-1: all of them)."""
        self._ascii = False
        """Whether every byte read so far is ASCII (then GB18030 reads them alike)."""
        self._wide = 0
        """Characters of three or four bytes read so far, counted up to MIXED_AFTER."""
        self._later: list[tuple[int, InputWarning]] = []
        """Each warning found while reading, after the part's rows before (see
        :meth:`found_before`)."""
        self._utf8_ends: int | None = None
        """The line of the first byte that is not UTF-8, once parts are read as GB18030."""
        try:
            if checked_ahead or given is not None or self._copy is not None:
                self.size, quoted = self._check_text()
            else:
                self.size, start = _check_start(self.path, len(first))
                quoted, self._ascii, self._wide = start.quoted, start.ascii, start.wide
                self._checked_to = -1 if start.whole else start.size
        except _NotText as exc:
            self._checked_to = -1
            if given is not None:
                raise not_text(self.path, exc.line, given, HOW_TO_SAVE) from None
            if exc.wide_before >= MIXED_AFTER:
                raise mixed_encodings(self.path, exc.line, HOW_TO_SAVE) from None
            try:
                self.encoding = "gb18030"
                self.size, quoted = self._check_text()
            except _NotText:
                raise not_text(self.path, exc.line, None, HOW_TO_SAVE, first[:2]) from None
            self.warnings = (read_as_gb18030(self.path),)
        if quoted and not block:
            self.block = max(1, BLOCK // 4)
        self.done = 0
        """Bytes read so far."""
        self.header_bytes = len(first)
        self.header = first.decode("utf-8-sig" if self.encoding == "utf-8" else "gb18030")
        self.parts: list[tuple[int, int, int, int, int]] = []
        """Each part read so far: its first row's index, rows, offset, bytes and lines before."""
        # Checks the header as the whole table's reader would (raises on an unusable one).
        try:
            read_csv(self.header, self.file, more=True)
        except QuoteOpen:
            raise ReadWhole from None  # a quoted header cell holds a line break
        if not self._has_rows():
            raise no_rows(self.file)

    def _has_rows(self) -> bool:
        """Whether anything but line breaks follows the header (a blank line holds no row).

        Read up to the first such byte: the first byte after the header, in a table.
        """
        with self._open() as f:
            f.seek(self.header_bytes)
            while data := f.read(1 << 16):
                if data.strip(b"\r\n"):
                    return True
        return False

    def _check_text(self) -> tuple[int, bool]:
        if self._copy is None:
            return _check_text(self.path, self.encoding)
        os.lseek(self._copy.fileno(), 0, os.SEEK_SET)
        found = _check_bytes(self._copy.fileno(), self.encoding, Location(self.file))
        return found.size, found.quoted

    def _open(self) -> contextlib.AbstractContextManager[IO[bytes]]:
        """The file, to read it again from any offset (standard input's copy is kept open)."""
        if self._copy is not None:
            return contextlib.nullcontext(self._copy)
        return open(self.path, "rb")

    def __iter__(self) -> Iterator[FactTable]:
        rows_before = lines_before = 0
        # The bytes read and not yet in a part are buf[:held]; the buffer is made once
        # and read into, so that only each part's own bytes are new memory (each block
        # of 16 MB made anew costs its pages again: see scoring.files.csv_native).
        buf = bytearray(self.block)
        held = 0
        with self._open() as f:
            offset = at = self.header_bytes
            while True:
                f.seek(at)  # the copy of standard input may have been read elsewhere meanwhile
                if len(buf) < held + self.block:
                    buf.extend(bytes(held + self.block - len(buf)))
                with memoryview(buf) as view:
                    # A file opened "rb", or standard input's temporary copy: both read into.
                    got = cast("io.BufferedIOBase", f).readinto(view[held : held + self.block])
                at += got
                held += got
                if not held:
                    break
                table, cut = self._part(
                    buf,
                    held,
                    at_end=not got,
                    rows_before=rows_before,
                    lines_before=lines_before,
                    offset=offset,
                )
                if table is None:
                    continue  # no row ends in it: read on
                self.parts.append((rows_before, len(table), offset, cut, lines_before))
                offset += cut
                self.done = offset
                rows_before += len(table)
                lines_before += buf.count(b"\n", 0, cut)
                buf[: held - cut] = buf[cut:held]
                held -= cut
                yield table
                if not got:
                    break
        self.done = self.size

    def _part(
        self,
        data: bytearray,
        held: int,
        *,
        at_end: bool,
        rows_before: int,
        lines_before: int,
        offset: int,
    ) -> tuple[FactTable | None, int]:
        """The part of ``data[:held]`` (the file's bytes from ``offset``) that ends with its
        last whole row, read, and its size in bytes; None when no row ends in it. At the
        end of the file, all of it.

        Raises:
            InputError: when the row at the start runs on for more than MAX_LINE.
        """

        def read(size: int) -> FactTable:
            with memoryview(data) as view:
                part = bytes(view[:size])
            checking = self._checked_to >= 0
            if checking:
                self._check_part(part)
            try:
                table = read_part(
                    self.header,
                    self._utf8(part),
                    self.file,
                    rows_before=rows_before,
                    lines_before=lines_before,
                    more=not at_end,
                )
            except UnicodeDecodeError as exc:
                if not checking:
                    raise
                # Raises, or reads GB18030 from here on, saying so with these rows.
                self._later.append((rows_before, self._not_utf8(part, offset, exc, lines_before)))
                return read(size)
            if checking and self.encoding == "utf-8":
                self._count(part, offset)  # text, now that it is read
            return table

        if at_end:
            return read(held), held
        last = data.rfind(b"\n", 0, held) + 1
        if last == 0:
            if held > MAX_LINE:
                raise _long_line(self.file, lines_before + 2)
            return None, 0  # one line longer than a block
        cut = _even_break(data, last) or last
        try:
            return read(cut), cut
        except QuoteOpen as exc:
            # The part ends inside a quoted cell of the row on this line (the header's is 1).
            start = _line_start(data, exc.line - 2)
        if start == 0:  # that row starts the part
            if cut > MAX_LINE:
                raise _long_row(self.file, lines_before + 2)
            return None, 0
        return read(start), start

    def found_before(self, rows: int) -> tuple[InputWarning, ...]:
        """The warnings found while reading (not when made: :attr:`warnings`), by the parts
        that start before row ``rows``: one read ahead in a thread may have found more."""
        return tuple(warning for at, warning in self._later if at < rows)

    def _check_part(self, part: bytes) -> None:
        """What the check ahead would have found in ``part`` (a lone carriage return, a
        quote); that it is text is found as it is read.

        Raises:
            Reread: at a lone carriage return.
        """
        if b"\r" in part and part.count(b"\r") != part.count(b"\r\n"):
            raise Reread
        if self.block == BLOCK and b'"' in part:
            self.block = max(1, BLOCK // 4)  # the parts after it are read cell by cell

    def _count(self, part: bytes, offset: int) -> None:
        """Whether the bytes of ``part`` (the file's from ``offset``, UTF-8) beyond those
        checked ahead are ASCII, and their characters of three or four bytes, as long
        as either matters (see :meth:`_not_utf8`)."""
        if not self._ascii and self._wide >= MIXED_AFTER:
            return
        new = part[max(0, self._checked_to - offset) :]
        if self._ascii and not new.isascii():
            self._ascii = False
        if not self._ascii:
            self._wide = min(MIXED_AFTER, self._wide + wide_characters(new, MIXED_AFTER))

    def _not_utf8(
        self, part: bytes, offset: int, exc: UnicodeDecodeError, lines_before: int
    ) -> InputWarning:
        """After a byte of ``part`` that is not text in the encoding read: what the check
        ahead would have done there. Returns the warning to say when the part is to be
        read again in GB18030, as the whole file would have been.

        Raises:
            InputError: when the file is not text (in either encoding), or is UTF-8
                with a line in another encoding, worded as the check ahead words it.
            Reread: when bytes of the parts before that are not ASCII were read as
                UTF-8 (this part is read again whole).
        """
        line = lines_before + 2 + part.count(b"\n", 0, exc.start)
        if self.encoding != "utf-8":  # a part after the switch to GB18030
            raise not_text(
                self.path, self._utf8_ends or line, None, HOW_TO_SAVE, self._first[:2]
            ) from None
        start = max(0, self._checked_to - offset)
        wide = self._wide + wide_characters(part[start : exc.start], MIXED_AFTER)
        if wide >= MIXED_AFTER:
            raise mixed_encodings(self.path, line, HOW_TO_SAVE) from None
        if not self._ascii:  # the parts before, read as UTF-8, would read otherwise
            raise Reread
        self.encoding = "gb18030"
        self._utf8_ends = line
        return read_as_gb18030(self.path)

    def _utf8(self, part: bytes) -> bytes:
        """A part's lines in UTF-8 (a line break is never inside a GB18030 character)."""
        return part if self.encoding == "utf-8" else part.decode("gb18030").encode("utf-8")

    def heads_at(self, indices: Sequence[int]) -> Iterator[RowHead]:
        """The heads of the rows at ``indices`` (0 is the first row; in increasing order).

        Each part that holds one of them is read again, as it was read first.
        """
        starts = [first for first, *_ in self.parts]
        at = 0
        with self._open() as f:
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


def _check_text(path: Path, encoding: str) -> tuple[int, bool]:
    """The file's size, once every byte of it is known to be text (the whole file is read),
    and whether it holds a quote.

    Only a regular file is read, as :func:`scoring.files.reading.read_bytes`
    reads one (a named pipe or a device is refused before anything is read),
    and it is remembered as read, so that ``-o`` cannot overwrite it. There
    is no bound on its size: it is read a part at a time.

    Raises:
        InputError: when it cannot be read, worded as ``read_bytes`` words it.
        _NotText: at the first byte that is not text in ``encoding``.
        ReadWhole: when it has a lone carriage return.
    """
    where = Location(str(path))
    fd, _ = open_regular(path, where)
    try:
        found = _check_bytes(fd, encoding, where)
    finally:
        os.close(fd)
    note_read(path)
    return found.size, found.quoted


def _check_start(path: Path, header: int) -> tuple[int, _Checked]:
    """As :func:`_check_text` in UTF-8, for the file's first block only (and at least its
    ``header`` bytes, the header's): the file's size, and what the check found."""
    where = Location(str(path))
    fd, status = open_regular(path, where)
    try:
        found = _check_bytes(fd, "utf-8", where, limit=max(BLOCK, header + 1))
    finally:
        os.close(fd)
    note_read(path)
    return status.st_size, found


class _Checked(NamedTuple):
    size: int
    """Bytes checked."""
    quoted: bool
    """Whether a quote is among them."""
    wide: int
    """Characters of three or four bytes among them, counted up to MIXED_AFTER."""
    ascii: bool
    """Whether they are all ASCII."""
    whole: bool
    """Whether the check went to the end."""


def _check_bytes(fd: int, encoding: str, where: Location, *, limit: int = -1) -> _Checked:
    """The bytes from ``fd``'s offset to its end, once all are known to be text (or the
    first blocks of at least ``limit`` bytes in all, when it is not -1).

    Raises:
        InputError: when they cannot be read, located at ``where``.
        _NotText: at the first byte that is not text in ``encoding``.
        ReadWhole: at a lone carriage return (a line break for the CSV reader,
            where a part ends only after a line feed). In GB18030 as in UTF-8,
            the bytes of a quote, a comma, a carriage return and a line break
            are never part of another character.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    size = 0
    quoted = False
    ascii = True
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
            quoted = quoted or b'"' in data
            ascii = ascii and data.isascii()
            if 0 <= limit <= size:
                # A carriage return held at the end is checked with the part it ends.
                return _Checked(size, quoted, wide, ascii, whole=False)
    except OSError as exc:
        raise unreadable(exc, where) from None
    return _Checked(size, quoted, wide, ascii, whole=True)


__all__ = ["BLOCK", "MAX_LINE", "CsvParts", "ReadWhole", "Reread"]
