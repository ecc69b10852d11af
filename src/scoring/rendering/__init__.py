"""Rendering a scorecard for people and programs: text, json, markdown.

Renderers are pure functions from a :class:`~scoring.core.scorecard.Scorecard` to
a string; writing it anywhere is the caller's business.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from scoring.core.numbers import in_context
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import REPORT_FORMATS, Meta
from scoring.rendering.text import render_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Renderer = Callable[[Scorecard, str, Meta], str]

# The other formats' modules (and json, html, csv) are imported when one is
# first rendered: `scoring score` in text starts without them.
_ELSEWHERE = {
    "render_json": "scoring.rendering.jsondoc",
    "render_markdown": "scoring.rendering.markdown",
    "render_csv": "scoring.rendering.csv",
    "render_html": "scoring.rendering.html",
}


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _when_used(name: str) -> Renderer:
    def renderer(scorecard: Scorecard, lang: str, meta: Meta) -> str:
        rendered: str = __getattr__(name)(scorecard, lang, meta)
        return rendered

    renderer.__name__ = renderer.__qualname__ = name
    return renderer


FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": _when_used("render_json"),
    "markdown": _when_used("render_markdown"),
    "csv": _when_used("render_csv"),
    "html": _when_used("render_html"),
}

# Formats whose output is bytes, not text (written only to a file with -o).
BINARY_FORMATS = ("xlsx",)


@in_context
def render(
    scorecard: Scorecard, fmt: str = "text", lang: str = "zh", meta: Meta | None = None
) -> str:
    """The scorecard as ``fmt`` (text, json, markdown, csv or html) in ``lang`` (zh or en)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; use zh or en")
    return FORMATS[fmt](scorecard, lang, meta or Meta())


@in_context
def render_bytes(
    scorecard: Scorecard, fmt: str = "text", lang: str = "zh", meta: Meta | None = None
) -> bytes:
    """The scorecard in any format, xlsx included, as the bytes of a file (UTF-8 for text).

    Raises:
        MissingExtraError: for xlsx when openpyxl is not installed.
    """
    if fmt == "xlsx":
        from scoring.rendering.xlsx import render_xlsx  # noqa: PLC0415 (optional extra)

        if lang not in ("zh", "en"):
            raise ValueError(f"unknown language {lang!r}; use zh or en")
        return render_xlsx(scorecard, lang, meta or Meta())
    return render(scorecard, fmt, lang, meta).encode("utf-8")


__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "REPORT_FORMATS",
    "Meta",
    "render",
    "render_bytes",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
]
