"""What the commands score: a facts file, or the clerk's self-evaluation sheet."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.core.errors import raise_if_any
from scoring.core.fact_checks import fact_signs
from scoring.files.case import Case, load_case
from scoring.files.sheets import is_sheet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def load_input(
    path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
    sheet: str | None = None,
) -> Case:
    """A facts file (YAML) or a self-evaluation sheet (.xlsx, .xls, .csv), read into a case.

    For a facts file this is :func:`~scoring.files.case.load_case`. A sheet is
    read by :func:`~scoring.files.sheets.reader.load_sheet_case`: ``sheet``
    names its worksheet, and ``indicators`` and ``weights`` are optional
    profiles whose rules and settings replace the national defaults.

    Raises:
        ScoringError: listing every problem found.
    """
    if not is_sheet(path):
        return load_case(path, indicators=indicators, weights=weights)
    # Imported here: only a sheet needs the reader (and openpyxl or xlrd).
    from scoring.files.sheets.reader import load_sheet_case  # noqa: PLC0415

    case, _ = load_sheet_case(path, indicators=indicators, weights=weights, sheet=sheet)
    raise_if_any(fact_signs(case.indicators, case.facts))
    return case
