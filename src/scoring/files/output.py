"""Writing a report to a file atomically: all of it, or nothing, and only where allowed.

The content goes to a temporary file in the same folder, is flushed to disk
(fsync), and then replaces the target in one step (``os.replace``). An
interruption (a failing renderer, Ctrl-C, SIGTERM, SIGHUP) leaves the old
file (or none), never half a report, and no temporary file behind.

Only a regular file is ever replaced: a symbolic link, a folder, a device, a
named pipe or a socket at the path is refused (a rename would replace the
link or the device node itself, not write to it), and so is a file the
command read as its input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from types import FrameType

from scoring.core.errors import InputError, Location
from scoring.core.messages import msg
from scoring.files.reading import kind_of, path_text, was_read

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, BinaryIO

# The signals that end a process and that a handler can catch: each becomes an
# exit (with status 128 + the signal), so that the temporary file is removed.
# The signals that end a process politely (a signal and secrets are imported
# only to write a file: `scoring score` to the terminal starts without them).
_ENDING = ("SIGTERM", "SIGHUP")


def write_atomic(path: str | Path, content: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``content`` (bytes, or a function that writes to the open file) to ``path``.

    Raises:
        InputError: when ``path`` is empty, is not a regular file (a symbolic
            link, a folder, a device, a named pipe), is one of the files this
            process read, or cannot be written (the folder is missing, no
            permission, the disk is full).
    """
    if str(path) == "":
        raise InputError(
            msg("-o needs a file name"),
            hint=msg("give the report's file name, or - for standard output"),
        )
    path = path_text(path)
    where = Location(path)
    _check_target(path, where)
    folder = os.path.dirname(path)
    import secrets  # noqa: PLC0415 (start-up time)

    temp = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(4)}.tmp")
    try:
        # 0o666 before the umask, as a normal new file; O_EXCL never reuses a file.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except (OSError, ValueError) as exc:
        raise InputError(
            msg("cannot write the file: {value}", value=getattr(exc, "strerror", None) or exc),
            location=where,
            hint=msg("check that the folder exists and can be written to"),
        ) from None
    try:
        with _ending_signals_exit(), os.fdopen(fd, "wb") as stream:
            if isinstance(content, bytes):
                stream.write(content)
            else:
                content(stream)
            stream.flush()
            os.fsync(stream.fileno())
            _check_target(path, where)  # nothing may have taken its place meanwhile
            os.replace(temp, path)
    except BaseException as exc:
        try:  # noqa: SIM105 (contextlib is not imported at start-up)
            os.unlink(temp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise InputError(
                msg("cannot write the file: {value}", value=exc.strerror or exc),
                location=where,
                hint=msg("check the path, the free space and the permissions"),
            ) from None
        raise
    _sync_folder(folder)


def check_output(path: str | Path) -> None:
    """Refuse ``path`` as :func:`write_atomic` would, before the work of its content is done.

    Raises:
        InputError: as :func:`write_atomic` does for a path it will not write.
    """
    _check_target(path, Location(path_text(path)))


def _check_target(path: str | Path, where: Location) -> None:
    """Refuse a path that holds anything but a regular file, or holds an input file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise InputError(
            msg("cannot write the file: {value}", value=getattr(exc, "strerror", None) or exc),
            location=where,
            hint=msg("check the path"),
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError(
            msg(
                "this is a symbolic link: -o writes only a regular file, and would replace the link"
            ),
            location=where,
            hint=msg("name the file itself, or another file"),
        )
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            msg("this is a folder: -o names the report's file"),
            location=where,
            hint=msg("give a file name, such as a name inside this folder"),
        )
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            msg(
                "this is {kind_of}, not a regular file: -o never replaces one",
                kind_of=kind_of(info.st_mode),
            ),
            location=where,
            hint=msg("give the name of a regular file, or - for standard output"),
        )
    if was_read(info):
        raise InputError(
            msg("this is one of this command's input files: -o would overwrite it"),
            location=where,
            hint=msg("give the report another file name"),
        )
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        # A file made read-only to keep it: replacing it by a rename would succeed
        # (the folder is writable) where writing into it would not.
        raise InputError(
            msg("this file is read-only: -o does not replace it"),
            location=where,
            hint=msg("give the report another file name, or make the file writable first"),
        )


class _ending_signals_exit:  # lower case: used as a function, as contextlib's are
    """While writing, SIGTERM and SIGHUP exit through Python, so that ``finally`` runs.

    A class rather than a generator under ``contextlib.contextmanager``: contextlib
    is not imported for ``scoring score`` (start-up time).
    """

    def __init__(self) -> None:
        self._before: dict[int, Any] = {}

    def __enter__(self) -> None:
        import threading  # noqa: PLC0415 (start-up time)

        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set handlers

        def leave(signum: int, frame: FrameType | None) -> None:
            raise SystemExit(128 + signum)

        import signal  # noqa: PLC0415 (start-up time)

        for ending in (getattr(signal, name) for name in _ENDING if hasattr(signal, name)):
            try:
                if signal.getsignal(ending) is signal.SIG_IGN:
                    continue  # ignored on purpose (nohup): stay so
                self._before[ending] = signal.signal(ending, leave)
            except (OSError, ValueError):
                continue

    def __exit__(self, *exc: object) -> None:
        import signal  # noqa: PLC0415 (imported by __enter__ already)

        for ending, handler in self._before.items():
            signal.signal(ending, handler)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable where the system allows it (POSIX)."""
    try:
        fd = os.open(folder or os.curdir, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
