"""Writing to the terminal: output as UTF-8 bytes, and problems as one line each."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable

from scoring.core.errors import InputError, ScoringError
from scoring.core.messages import msg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    _Output = TypeVar("_Output", str, bytes)

EXIT_INPUT = 2


def write(stream: object, text: str | bytes) -> None:
    """Write ``text`` to ``stream`` as UTF-8 bytes, whatever the terminal's locale.

    Bytes, not text: the same input gives the same bytes.

    Raises:
        OSError: when the stream cannot be written (closed, a full disk, a broken pipe).
    """
    if stream is None:  # Python gives None for a stream closed before it started
        raise OSError(9, "it is closed")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))  # type: ignore[attr-defined]


def text_width(args: argparse.Namespace) -> int | None:
    """The columns a text report is folded into: ``--width``, else the terminal's, else none.

    Output to a file or a pipe is as wide as it needs, whatever $COLUMNS says,
    so that the same input gives the same bytes wherever it is run.

    Raises:
        InputError: when ``--width`` is under 40 columns.
    """
    if args.width is not None:
        if args.width < 40:
            raise InputError(
                msg("--width {width} is too narrow for the table", width=args.width),
                hint=msg("give 40 columns or more"),
            )
        return int(args.width)
    if args.output in (None, "-") and sys.stdout is not None and sys.stdout.isatty():
        return max(40, terminal_columns())
    return None


def terminal_columns(fallback: int = 80) -> int:
    """The terminal's width, as :func:`shutil.get_terminal_size` gives it.

    $COLUMNS, else the width of the terminal standard output is, else ``fallback``.
    Worked out here because importing shutil (and the compression modules it
    imports) takes 2.5 ms of a start-up that Python and PyYAML make 40 ms, and
    argparse's help formatter imports it for every option added.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


class Quiet:
    """``--quiet``: errors only on standard error (no warnings, progress or summary)."""

    on = False


def csv_in(output: _Output, encoding: str | None) -> _Output | bytes:
    """A CSV as --encoding asks: GB18030 bytes without the BOM, else as it is (UTF-8, BOM)."""
    if encoding != "gb18030":
        return output
    text = output.decode("utf-8") if isinstance(output, bytes) else output
    return text.removeprefix("\ufeff").encode("gb18030")


def note(line: str) -> None:
    """A line on standard error that is not an error: a warning, progress, a summary."""
    if not Quiet.on:
        write(sys.stderr, line)


def warn(problems: Iterable[ScoringError], lang: str = "en") -> None:
    """Each warning on standard error, one line each: ``scoring: FILE:LINE: warning: ...``."""
    for problem in problems:
        note(f"scoring: {problem.line(lang=lang)}\n")


def to_stdout(text: str | bytes, lang: str = "en") -> int | None:
    """Write the output to standard output; on failure, the exit status to end with.

    A full disk or a closed standard output is one line on standard error and
    exit status 2; a reader that stopped reading (a broken pipe, ``| head``) is
    quiet, and exit status 2 too. Never a traceback.
    """
    try:
        write(sys.stdout, text)
    except OSError as exc:
        return stdout_failed(exc, lang)
    return None


def stdout_failed(exc: OSError, lang: str = "en") -> int:
    """After standard output could not be written: the exit status, the reason said.

    A reader that stopped reading (a broken pipe, ``| head``) is quiet; any
    other failure is one line on standard error.
    """
    _silence_stdout()
    if isinstance(exc, BrokenPipeError):
        return EXIT_INPUT
    said = msg("cannot write to standard output: {reason}", reason=exc.strerror or exc)
    line = msg("error: {message}", message=said).text(lang)
    try:  # noqa: SIM105 (contextlib is not imported at start-up)
        write(sys.stderr, f"scoring: {line}\n")
    except OSError:
        pass
    return EXIT_INPUT


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit is quiet."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass
