"""Writing a report to a file atomically: all of it, or nothing.

The content goes to a temporary file in the same folder, is flushed to disk
(fsync), and then replaces the target in one step (``os.replace``). An
interruption or a failing renderer leaves the old file (or none), never half
a report, and no temporary file behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from scoring.core.errors import InputError, Location


def write_atomic(path: str | Path, content: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``content`` (bytes, or a function that writes to the open file) to ``path``.

    Raises:
        InputError: when the file cannot be written (the folder is missing, no permission).
    """
    path = Path(path)
    folder = path.parent
    temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666 before the umask, as a normal new file; O_EXCL never reuses a file.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc.strerror or exc}",
            location=Location(str(path)),
            hint="check that the folder exists and can be written to",
        ) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            if isinstance(content, bytes):
                stream.write(content)
            else:
                content(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(
                f"cannot write {path}: {exc.strerror or exc}",
                location=Location(str(path)),
                hint="check the path, the free space and the permissions",
            ) from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
