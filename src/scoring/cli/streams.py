"""Writing to the terminal: output as UTF-8 bytes, and problems as one line each."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from scoring.core.errors import ScoringError


def write(stream: object, text: str | bytes) -> None:
    """Write ``text`` to ``stream`` as UTF-8 bytes, whatever the terminal's locale.

    Bytes, not text: the same input gives the same bytes.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))  # type: ignore[attr-defined]


def warn(problems: Iterable[ScoringError], lang: str = "en") -> None:
    """Each warning on standard error, one line each: ``scoring: FILE:LINE: warning: ...``."""
    for problem in problems:
        write(sys.stderr, f"scoring: {problem.line(lang=lang)}\n")
