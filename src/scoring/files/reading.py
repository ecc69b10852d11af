"""Reading an input file: only a regular file, at most so many bytes, and remembered.

The kind and size of a file are checked before anything is read (a named
pipe would wait forever for a writer, ``/dev/zero`` never ends, a 1 GiB file
would fill memory), and then at most the bound and one byte are read, so that
a file that grows meanwhile is refused too. Every file read is remembered, so
that ``-o`` can refuse to overwrite one of the command's own inputs.
"""

from __future__ import annotations

import errno
import os
import stat

from scoring.core.errors import InputError, Location
from scoring.core.messages import Message, msg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO

MiB = 1024 * 1024
# YAML files (indicator, weights and facts files, YAML tables): far beyond any
# real one. CSV tables and sheets: 100,000 rows of 20 columns fit many times.
MAX_YAML_BYTES = 10 * MiB
MAX_TABLE_BYTES = 256 * MiB

_READ: set[tuple[int, int]] = set()
"""(device, inode) of every file read by this process."""


def path_text(path: str | os.PathLike[str]) -> str:
    """``path`` written as ``str(pathlib.Path(path))`` writes it, without importing pathlib.

    No ``.`` parts, no doubled or trailing separators (``./a//b/`` is ``a/b``); ``..``
    stays, as it may pass through a link. The files layer works with such strings:
    pathlib, with the urllib.parse and ipaddress it imports, was ~3 ms of the
    Quickstart's start-up, and the paths in messages and reports stay as they were.
    """
    text = os.fspath(path)
    if os.altsep:
        text = text.replace(os.altsep, os.sep)
    drive, rest = os.path.splitdrive(text)
    sep = os.sep
    # POSIX keeps a path's two leading slashes (they may mean something), not three.
    root = sep * 2 if rest.startswith(sep * 2) and not rest.startswith(sep * 3) else ""
    root = root or (sep if rest.startswith(sep) else "")
    if os.name == "nt" and root == sep * 2:
        root = sep
    parts = [part for part in rest.split(sep) if part and part != "."]
    return drive + root + sep.join(parts) or "."


def suffix_of(path: str | os.PathLike[str]) -> str:
    """The file name's extension as ``pathlib.Path(path).suffix`` gives it (``.xlsx``; none
    for ``.profile`` or ``name.``)."""
    name = os.path.basename(path_text(path))
    at = name.rfind(".")
    return name[at:] if 0 < at < len(name) - 1 else ""


STDIN = "-"
"""The name that reads standard input, as a facts file or a table (``scoring score -``)."""

_FROM_STDIN: list[bytes] = []

_STDIN_COPY: list[IO[bytes]] = []
"""Standard input copied whole into a temporary file (:func:`stdin_file`), once."""


def _stdin_stream(where: Location) -> IO[bytes]:
    import sys  # noqa: PLC0415 (only for -)

    stream: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(
            msg("standard input is closed"),
            location=where,
            hint=msg("give a file name instead of -"),
        )
    return stream


def _stdin(where: Location, limit: int) -> bytes:
    """Standard input's bytes, read once: a second read of ``-`` gives the same."""
    if _STDIN_COPY:
        copy = _STDIN_COPY[0]
        copy.seek(0)
        data = copy.read(limit + 1)
    else:
        if not _FROM_STDIN:
            _FROM_STDIN.append(_stdin_stream(where).read(limit + 1))
        data = _FROM_STDIN[0]
    if len(data) > limit:
        raise too_large(where, limit)
    return data


def stdin_file(where: Location) -> IO[bytes]:
    """Standard input as a file, at its start: copied once, whole, into a temporary file.

    A part at a time, so that its size bounds only the disk, not the memory
    (:mod:`scoring.files.csv_parts` reads the copy as it reads a file). The
    copy has no name (it is deleted when closed, or when the process ends,
    however it ends) and is kept open until :func:`forget_reads`; every later
    read of ``-`` reads it, and gives the same bytes.

    Raises:
        InputError: when standard input is closed or cannot be read, or the
            copy cannot be written (a full disk), located at ``where``.
    """
    if not _STDIN_COPY:
        import shutil  # noqa: PLC0415 (only for -)
        import tempfile  # noqa: PLC0415 (only for -)

        stream = _stdin_stream(where)
        # Kept open (no with) until forget_reads: closing it deletes it.
        copy: IO[bytes] = tempfile.TemporaryFile(prefix="scoring-stdin-")  # noqa: SIM115
        try:
            copy.write(b"".join(_FROM_STDIN))  # what an earlier read of - took
            shutil.copyfileobj(stream, copy, 1 << 20)
            copy.flush()
        except OSError as exc:
            copy.close()
            raise unreadable(exc, where) from None
        _STDIN_COPY.append(copy)
    _STDIN_COPY[0].seek(0)
    return _STDIN_COPY[0]


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused when it holds more than ``limit``.

    ``-`` reads standard input instead (once; every read of ``-`` gives the same).

    Raises:
        InputError: for a folder, a named pipe, a device or a socket, a file
            too large, or one that cannot be read; located at the file.
    """
    where = Location(str(path))
    if str(path) == STDIN:
        return _stdin(where, limit)
    fd, info = open_regular(path, where)
    try:
        if info.st_size > limit:
            raise too_large(where, limit)
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, MiB))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise too_large(where, limit)  # it grew while it was read
        _READ.add((info.st_dev, info.st_ino))
        return b"".join(chunks)
    except OSError as exc:
        raise unreadable(exc, where) from None
    finally:
        os.close(fd)


def open_regular(path: str | Path, where: Location) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file ``path`` and its status; the caller closes it.

    Raises:
        InputError: for a folder, a named pipe, a device or a socket, or a file that
            cannot be opened; located at ``where``. Nothing is read.
    """
    # Non-blocking, so that opening a named pipe returns at once (and is then
    # refused) instead of waiting for a writer; no effect on a regular file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    # ValueError: a path with a NUL byte in it, which no file system accepts.
    except (OSError, ValueError) as exc:
        if isinstance(exc, IsADirectoryError):  # Windows cannot open a folder
            raise folder_error(where) from None
        raise unreadable(exc, where) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise folder_error(where)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                msg("this is {kind_of}, not a regular file", kind_of=kind_of(info.st_mode)),
                location=where,
                hint=msg("give the path of the file itself; a pipe or a device cannot be read"),
            )
    except OSError as exc:
        os.close(fd)
        raise unreadable(exc, where) from None
    except InputError:
        os.close(fd)
        raise
    return fd, info


# The system's reasons a new user meets first, in the user's language (the
# system's own text, strerror, is English whatever the language asked for).
_REASONS = {
    errno.ENOENT: msg("there is no such file"),
    errno.EACCES: msg("permission denied"),
    errno.EPERM: msg("permission denied"),
    errno.ENOTDIR: msg("a part of the path is a file, not a folder"),
    errno.ENAMETOOLONG: msg("the name is too long"),
}


def unreadable(exc: BaseException, where: Location) -> InputError:
    """The error for a file at ``where`` that the system would not read (``exc`` says why)."""
    code = getattr(exc, "errno", None)
    reason: object = getattr(exc, "strerror", None) or exc
    if code in _REASONS:
        reason = _REASONS[code]
    hint = msg("check the path")
    if code == errno.ENOENT:
        near = near_name(where.file)
        if near is not None:
            hint = msg("did you mean {name!r}?", name=near)
    return InputError(msg("cannot read file: {value}", value=reason), location=where, hint=hint)


def near_name(path: str) -> str | None:
    """A file beside ``path`` whose name is close to its name (a typo), written as ``path`` was.

    Only the folder ``path`` names is looked in, and only its first thousand entries.
    """
    folder, name = os.path.split(path)
    try:
        with os.scandir(folder or ".") as entries:
            names = [e.name for _, e in zip(range(1000), entries, strict=False)]
    except OSError:
        return None
    import difflib  # noqa: PLC0415 (start-up time; for a file not found only)

    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.8)
    return os.path.join(folder, close[0]) if close else None


def folder_error(where: Location) -> InputError:
    return InputError(
        msg("this is a folder, not a file"),
        location=where,
        hint=msg("give the path of a file (scoring validate also takes folders)"),
    )


def too_large(where: Location, limit: int) -> InputError:
    return InputError(
        msg("file is larger than {value} MiB", value=limit // MiB),
        location=where,
        hint=msg("split it into several files"),
    )


def kind_of(mode: int) -> Message:
    """What a file that is not a regular one is, in words: ``a named pipe``."""
    if stat.S_ISDIR(mode):
        return msg("a folder")
    if stat.S_ISLNK(mode):
        return msg("a symbolic link")
    if stat.S_ISFIFO(mode):
        return msg("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("a device")
    if stat.S_ISSOCK(mode):
        return msg("a socket")
    return msg("not a regular file")


def was_read(info: os.stat_result) -> bool:
    """Whether the file ``info`` describes is one this process read."""
    return (info.st_dev, info.st_ino) in _READ


def forget_reads() -> None:
    """Forget the files read so far, standard input too (a command line run starts afresh)."""
    _READ.clear()
    _FROM_STDIN.clear()
    for copy in _STDIN_COPY:
        copy.close()
    _STDIN_COPY.clear()


def note_read(path: str | Path) -> None:
    """Remember ``path`` as read (for files a library reads itself, such as a workbook)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return
    _READ.add((info.st_dev, info.st_ino))
