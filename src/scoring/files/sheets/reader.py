"""Reading a sheet with the profiles the user names, into a case like a facts file's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from scoring.core.errors import Location
from scoring.core.model import Indicator, WeightsProfile
from scoring.files.case import Case, SourceFile, file_sha256, rule_files
from scoring.files.reading import MAX_TABLE_BYTES, read_bytes
from scoring.files.sheets.convert import SheetCase, convert
from scoring.files.sheets.grid import read_grids
from scoring.files.sheets.layout import pick_sheet, read_layout, unread_tables


def read_sheet(
    path: str | Path,
    *,
    sheet: str | None = None,
    indicators: Sequence[Indicator] = (),
    weights: WeightsProfile | None = None,
) -> SheetCase:
    """Read a self-evaluation sheet into indicators, weights and facts.

    ``sheet`` names the worksheet (by default the first visible one with an
    indicator table; the other sheets with a table are named in a warning).
    Rows named like one of ``indicators`` take its rule and id; ``weights`` gives
    the full score, grades and other settings.

    Raises:
        ScoringError: listing every cell that could not be read, each located
            as ``SHEET.xlsx:Sheet1!F12``.
    """
    path = Path(path)
    grids = read_grids(path)
    grid = pick_sheet(grids, sheet)
    read = convert(read_layout(grid), indicators, weights)
    if sheet is None:
        others = unread_tables(grids, grid)
        if others:
            read = attrs.evolve(read, warnings=(*others, *read.warnings))
    return read


def load_sheet_case(
    path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
    sheet: str | None = None,
) -> tuple[Case, SheetCase]:
    """A sheet read with the indicator files and weights profile named (paths or shipped names).

    Raises:
        ScoringError: listing every problem found.
    """
    path = Path(path)
    data = read_bytes(path, MAX_TABLE_BYTES)  # a regular file, bounded, remembered
    loaded, profile, sources = rule_files(
        list(indicators or ()), None, weights, None, where=Location(str(path)), hints=None
    )
    read = read_sheet(path, sheet=sheet, indicators=loaded, weights=profile)
    sheet_source = SourceFile(str(path), file_sha256(data))
    case = Case(read.indicators, read.weights, read.facts, (sheet_source, *sources), read.warnings)
    return case, read
