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

from scoring.core.messages import Message, msg
from scoring.files.reading import suffix_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# The file kinds read as a self-evaluation sheet, by suffix (.xlsm: a workbook with
# macros, which openpyxl reads as an .xlsx; its macros are not run).
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
# Spreadsheets of kinds the reader cannot open, each with what it is: taken as
# sheets, so that each is refused with what to do (save it as .xlsx), neither read
# as a YAML file nor passed over in a folder.
_SAVE_AS = msg("open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)")
_SAVE_AS_WPS = msg("open it in WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)")
_EXPORT = msg("export it from Numbers as Excel (.xlsx)")
OTHER_SPREADSHEETS: dict[str, tuple[Message, Message]] = {
    ".et": (msg("a WPS 表格 workbook (.et)"), _SAVE_AS_WPS),
    ".ett": (msg("a WPS 表格 template (.ett)"), _SAVE_AS_WPS),
    ".ods": (msg("an OpenDocument spreadsheet (.ods, from LibreOffice or WPS)"), _SAVE_AS),
    ".xlsb": (msg("an Excel binary workbook (.xlsb)"), _SAVE_AS),
    ".xltx": (msg("an Excel template (.xltx)"), _SAVE_AS),
    ".xltm": (msg("an Excel template (.xltm)"), _SAVE_AS),
    ".xlt": (msg("an Excel template (.xlt)"), _SAVE_AS),
    ".numbers": (msg("an Apple Numbers spreadsheet (.numbers)"), _EXPORT),
}  # fmt: skip


# What Excel shows in a cell whose formula failed, in a workbook's cell and in the
# CSV it saves.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
)


def is_sheet(path: str | Path) -> bool:
    """Whether ``path`` names a sheet (.xlsx, .xlsm, .xls, .csv, or a spreadsheet of a kind
    :data:`OTHER_SPREADSHEETS` refuses) rather than a YAML file."""
    suffix = suffix_of(path).lower()
    return suffix in SHEET_SUFFIXES or suffix in OTHER_SPREADSHEETS
