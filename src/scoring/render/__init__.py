"""Rendering a scorecard for people and programs: text, json, markdown.

Renderers are pure functions from a :class:`~scoring.scorecard.Scorecard` to
a string; writing it anywhere is the caller's business.
"""

from __future__ import annotations

from collections.abc import Callable

from scoring.render._common import Meta
from scoring.render.jsondoc import render_json
from scoring.render.markdown import render_markdown
from scoring.render.text import render_text
from scoring.scorecard import Scorecard

Renderer = Callable[[Scorecard, str, Meta], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}


def render(
    scorecard: Scorecard, fmt: str = "text", lang: str = "zh", meta: Meta | None = None
) -> str:
    """The scorecard as ``fmt`` (text, json or markdown) in ``lang`` (zh or en)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; use zh or en")
    return FORMATS[fmt](scorecard, lang, meta or Meta())


__all__ = ["FORMATS", "Meta", "render", "render_json", "render_markdown", "render_text"]
