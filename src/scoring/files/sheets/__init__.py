"""Reading the clerk's own self-evaluation sheet (自评表): .xlsx, .xls or .csv.

:func:`~.reader.read_sheet` finds the sheet's parts (:mod:`.layout`), reads
each cell (:mod:`.cells`) and turns them into the model (:mod:`.convert`);
:func:`~.reader.load_sheet_case` does so with the indicator files and weights
profile the user names, and returns a :class:`~scoring.files.case.Case` like a
facts file's. :mod:`.yaml_out` writes what was read as YAML files.

This module imports nothing heavy: a facts file's loader asks it only whether
a path is a sheet.
"""

from __future__ import annotations

from pathlib import Path

# The file kinds read as a self-evaluation sheet, by suffix.
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def is_sheet(path: str | Path) -> bool:
    """Whether ``path`` names a sheet (.xlsx, .xlsm, .xls, .csv) rather than a YAML file."""
    return Path(path).suffix.lower() in SHEET_SUFFIXES
