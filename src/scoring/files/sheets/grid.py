"""A worksheet as a grid of cells: .xlsx (openpyxl), .xls (xlrd) and .csv read alike.

The rest of the sheet reader sees only :class:`Grid`: cells by 1-based row and
column, each holding text, an exact number or true/false, with whether Excel
shows the number as a percent, and the merged ranges. A number from a workbook
is read as Excel shows it in its formula bar: its 15 significant digits
(:data:`EXCEL_DIGITS`), trailing zeros dropped. So a number typed as 95.29% is
95.29 exactly, a sum stored as the binary float 0.30000000000000004 is 0.3, and
a quotient =81/85*100 (95.29411764705883 as a float) is 95.2941176470588: the
digits beyond the 15th are the float's, not the clerk's, and Excel computes
with the stored value, not with the digits a cell's format shows (95.29).
"""

from __future__ import annotations

import csv
import datetime
import importlib
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from scoring.core.errors import InputError, Location, MissingExtraError, column_letter
from scoring.core.messages import Message, msg
from scoring.core.numbers import plain, round_half_up
from scoring.core.record import evolve
from scoring.files.documents import read_text
from scoring.files.reading import MAX_TABLE_BYTES, MiB, note_read, too_large
from scoring.files.sheets import EXCEL_ERRORS as _EXCEL_ERRORS
from scoring.files.sheets import OTHER_SPREADSHEETS

XLSX_HINT = 'pip install "scoring[xlsx]"  (or: pip install openpyxl)'
XLS_HINT = 'pip install "scoring[xlsx]"  (or: pip install xlrd)'

# A date or a time is what Excel shows a cell formatted as one: kept as such, so that a
# number cell holding one is said to be a date (its format), not a number with a tail.
CellValue = str | Decimal | bool | datetime.date | datetime.time | datetime.timedelta


@attrs.frozen
class Cell:
    """One cell's value as the clerk sees it.

    ``percent`` is true for a number shown with a % format: ``value`` is then
    already the percent (0.9529 shown as 95.29% is stored as 95.29).
    ``error`` is an error Excel shows instead of a value (``#DIV/0!``);
    ``formula`` is true for a formula whose result the file does not store.
    ``source`` is the formula of a formula cell (``=100%``): a clerk who types
    the target =100% into Excel gets a formula whose value is 1.
    """

    value: CellValue | None = None
    percent: bool = False
    error: str | None = None
    formula: bool = False
    source: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.error is None and not self.formula

    def text(self) -> str:
        """The cell as text, as it reads on the sheet (``95.29%``; empty is ``""``)."""
        value = self.value
        if value is None:
            return self.error or ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Decimal):
            return plain(value) + ("%" if self.percent else "")
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, datetime.timedelta):
            return str(value)
        return value


EMPTY = Cell()


@attrs.frozen
class Grid:
    """One worksheet: its cells by (row, column), 1-based, and its merged ranges.

    ``merged`` holds ``(first row, first column, last row, last column)``;
    Excel keeps a merged range's value in its top-left cell only.
    """

    file: str
    sheet: str
    cells: Mapping[tuple[int, int], Cell]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    # The name a provenance gives the sheet: the worksheet's, or a CSV file's stem.
    label: str = ""
    # A worksheet hidden in Excel or WPS (hidden or very hidden): the clerk does not see it.
    hidden: bool = False
    # Rows hidden (or filtered out) on the worksheet, 1-based: read like the others.
    hidden_rows: frozenset[int] = frozenset()
    # Columns hidden on the worksheet, 1-based: the layout says which of its columns are.
    hidden_columns: frozenset[int] = frozenset()
    # The last row and column with a cell: asked for at every row the layout reads.
    rows: int = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: max((r for r, _ in self.cells), default=0), True),
    )
    columns: int = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: max((c for _, c in self.cells), default=0), True),
    )

    def at(self, row: int, column: int) -> Cell:
        return self.cells.get((row, column), EMPTY)

    def text(self, row: int, column: int) -> str:
        return self.at(row, column).text().strip()

    def where(self, row: int, column: int) -> Location:
        """The cell as an error location: ``SHEET.xlsx:Sheet1!F12``."""
        return Location(self.file, row, column, sheet=self.sheet)

    def ref(self, row: int, column: int) -> str:
        """The cell as a provenance names it: ``自评表!F12``."""
        return f"{self.label or self.sheet}!{column_letter(column)}{row}"

    def merged_origin(self, row: int, column: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range holding (row, column), if any."""
        for top, left, bottom, right in self.merged:
            if top <= row <= bottom and left <= column <= right:
                return top, left
        return None

    def row_cells(self, row: int) -> Iterator[tuple[int, Cell]]:
        for column in range(1, self.columns + 1):
            cell = self.at(row, column)
            if not cell.empty:
                yield column, cell


def _module(name: str, what: Message, hint: str) -> Any:
    try:
        # Imported by name: optional extras, without type stubs.
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtraError(
            msg(
                "reading {what} needs the optional package {name}, which is not installed",
                what=what,
                name=name,
            ),
            hint=hint,
        ) from None


def read_grids(path: Path) -> list[Grid]:
    """Every worksheet of the workbook (one grid for a CSV file).

    Raises:
        InputError: when the file cannot be read as a workbook or CSV.
        MissingExtraError: when the reader for its kind is not installed.
    """
    suffix = path.suffix.lower()
    # Remembered as read, so that -o refuses to write over it (scoring audit a.xlsx -o
    # a.xlsx replaced the sheet it read with its report): openpyxl and xlrd open it.
    note_read(path)
    if path.is_dir():
        raise InputError(
            msg("this is a folder, not a file"),
            location=Location(str(path)),
            hint=msg("give the path of a .xlsx, .xls or .csv sheet"),
        )
    if suffix == ".csv":
        workbook = _workbook_named_csv(path)
        if workbook is not None:
            raise workbook
        return [_csv_grid(path)]
    other = OTHER_SPREADSHEETS.get(suffix)
    if other is not None:
        raise InputError(
            msg("this file is {kind}, which cannot be read", kind=other[0]),
            location=Location(str(path)),
            hint=other[1],
        )
    foreign = not_a_workbook(path, xls=suffix == ".xls")
    if foreign is not None:
        raise foreign
    _within_bounds(path)
    if suffix == ".xls":
        return _xls_grids(path)
    return _xlsx_grids(path)


_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: an .xls, or an .xlsx with a password
_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_OPEN_IN_EXCEL = msg("open it in Excel or WPS and save it again as .xlsx")
_CHECK_SHEET = msg("check that it is the sheet; open it in Excel or WPS and save it as .xlsx")


def not_a_workbook(path: Path, *, xls: bool) -> InputError | None:
    """Why ``path``, named as a workbook (``.xls`` when ``xls``), is not the workbook its
    name says, from its first bytes; None when it may be (the reader then opens it).

    Web systems' 导出Excel often give a web page or a CSV named .xls, a password to
    open makes an .xlsx an OLE2 file, and a copy cut short is a damaged zip: each
    is said in the clerk's words, not as the zip or BIFF reader's exception.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
            directory = b""
            if head.startswith(_CFB) and len(head) >= 512:
                # The first directory sector: its entries name the streams (RFC-less MS-CFB).
                shift = int.from_bytes(head[30:32], "little")
                if shift in (9, 12):
                    stream.seek((int.from_bytes(head[48:52], "little") + 1) << shift)
                    directory = stream.read(1 << shift)
    except OSError:
        return None  # the reader says what is wrong with the path
    where = Location(str(path))
    if not head:
        return _empty_file(where)
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):  # a zip's start with no end: a copy cut short
            return InputError(
                msg("the workbook is damaged or cut short"),
                location=where,
                hint=msg(
                    "copy it again from where it came, or open it in Excel or WPS and save it again"
                ),
            )
        if not any(name.lower().endswith("workbook.xml") for name in names):
            return InputError(
                msg(
                    "this file is a zip archive with no workbook in it (a Word document, or"
                    " another file, named {suffix}?)",
                    suffix=path.suffix,
                ),
                location=where,
                hint=_CHECK_SHEET,
            )
        if xls:
            return InputError(
                msg("this file is an .xlsx workbook (Excel 2007 and later), though named .xls"),
                location=where,
                hint=msg("rename it to .xlsx"),
            )
        return None
    if head.startswith(_CFB):
        if any(name in directory for name in _ENCRYPTED):
            return InputError(
                msg("this workbook has a password to open, so it cannot be read"),
                location=where,
                hint=_PASSWORD_HINT,
            )
        if xls:
            return None
        return InputError(
            msg(
                "this file is an .xls workbook (Excel 97-2003), though named {suffix}",
                suffix=path.suffix,
            ),
            location=where,
            hint=msg("rename it to .xls, or open it in Excel or WPS and save it as .xlsx"),
        )
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<"):
        return InputError(
            msg(
                "this file is a web page (HTML) or XML table (as a web system's 导出Excel often"
                " gives), not a workbook, though named {suffix}",
                suffix=path.suffix,
            ),
            location=where,
            hint=_OPEN_IN_EXCEL,
        )
    if b"\x00" not in head and _text(head):
        return InputError(
            msg(
                "this file is plain text (a table separated by commas or tabs), not a"
                " workbook, though named {suffix}",
                suffix=path.suffix,
            ),
            location=where,
            hint=msg(
                "open it in Excel or WPS and save it as .xlsx; a CSV may also be renamed to .csv"
            ),
        )
    return InputError(
        msg("this file is not an .xlsx or .xls workbook: its content is neither"),
        location=where,
        hint=_CHECK_SHEET,
    )


def _empty_file(where: Location) -> InputError:
    """The error for a sheet's file of 0 bytes."""
    return InputError(
        msg("the file is empty (0 bytes)"),
        location=where,
        hint=msg("save the sheet again from Excel or WPS"),
    )


def _workbook_named_csv(path: Path) -> InputError | None:
    """Why ``path``, named .csv, is no CSV: empty, or a workbook (an .xlsx or .xls renamed,
    or saved under a .csv name), said as what it is; None when it may be text."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError:
        return None  # the reader says what is wrong with the path
    where = Location(str(path))
    if not head:
        return _empty_file(where)
    if head.startswith(_ZIP):
        return InputError(
            msg("this file is an .xlsx workbook (Excel 2007 and later), though named .csv"),
            location=where,
            hint=msg("rename it to .xlsx"),
        )
    if head.startswith(_CFB):
        password = not_a_workbook(path, xls=True)  # None for an .xls, else its password
        return password or InputError(
            msg("this file is an .xls workbook (Excel 97-2003), though named .csv"),
            location=where,
            hint=msg("rename it to .xls, or open it in Excel or WPS and save it as .xlsx"),
        )
    return None


# What the readers are given at most: a workbook beyond these is no self-evaluation sheet
# (a real one is under 1 MB), and would take minutes and gigabytes to read, or never end
# (a zip bomb). The worksheets' XML and the shared strings unpacked: ~10 times as much
# memory when read; a .xls is read whole.
MAX_UNPACKED_BYTES = 100 * MiB


def _within_bounds(path: Path) -> None:
    """Refuse a workbook too large to be a sheet, before a reader opens it.

    Raises:
        InputError: naming the size and what to do.
    """
    where = Location(str(path))
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader says what is wrong with the path
    if size > MAX_TABLE_BYTES:
        raise too_large(where, MAX_TABLE_BYTES)
    if path.suffix.lower() == ".xls":
        return
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(
                i.file_size
                for i in archive.infolist()
                if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml"
            )
    except (zipfile.BadZipFile, OSError):
        return  # said by not_a_workbook, or by the reader
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            msg(
                "the workbook's sheets unpack to {size} MiB, more than the {limit} MiB a"
                " self-evaluation sheet is read up to",
                size=unpacked // MiB,
                limit=MAX_UNPACKED_BYTES // MiB,
            ),
            location=where,
            hint=msg(
                "delete the worksheets that are not the self-evaluation sheet (detail data),"
                " or copy the sheet into a new workbook, and save it"
            ),
        )


def _text(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes, perhaps cut inside a character) is text."""
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # only the last character cut off
                return True
    return False


_PASSWORD_HINT = msg(
    "open it in Excel or WPS, remove the password to open (Excel: 文件 → 信息 → 保护工作簿 →"
    " 用密码进行加密; WPS: 文件 → 文档加密 → 密码加密) and save it"
)


def _unreadable(path: Path, what: Message, exc: BaseException) -> InputError:
    return InputError(
        msg("cannot read this file as {what}: {reason}", what=what, reason=str(exc)),
        location=Location(str(path)),
        hint=msg("open it in Excel or WPS and save it again as .xlsx"),
    )


# --------------------------------------------------------------------------- .csv


def _csv_grid(path: Path) -> Grid:
    text, _ = read_text(path, msg("in WPS/Excel: Save As, CSV UTF-8"))
    cells: dict[tuple[int, int], Cell] = {}
    try:
        for row, record in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            for column, raw in enumerate(record, 1):
                if raw.strip():
                    cells[row, column] = Cell(_one_break(raw).strip())
    except csv.Error as exc:
        raise InputError(
            msg("cannot read the CSV: {reason}", reason=str(exc)),
            location=Location(str(path)),
            hint=msg("save it again from Excel or WPS as CSV UTF-8"),
        ) from None
    _one_column(path, text, cells)
    return Grid(str(path), "", cells, label=path.stem)


# Separators a table saved as text may have instead of commas: Excel's 文本文件（制表符分隔）
# saved under a .csv name, or a CSV of a locale whose decimal mark is a comma.
_SEPARATORS = {"\t": msg("tabs"), ";": msg("semicolons")}


def _one_column(path: Path, text: str, cells: Mapping[tuple[int, int], Cell]) -> None:
    """Refuse a CSV read as one column whose lines are separated by tabs or semicolons.

    Raises:
        InputError: naming the separator and what to do.
    """
    if any(column > 1 for _, column in cells):
        return
    lines = [line for line in text.splitlines() if line.strip()]
    for separator, name in _SEPARATORS.items():
        if lines and 2 * sum(separator in line for line in lines) >= len(lines):
            line = next(n for n, x in enumerate(text.splitlines(), 1) if separator in x)
            raise InputError(
                msg("the CSV's columns are separated by {separator}, not commas", separator=name),
                location=Location(str(path), line),
                hint=msg(
                    "open it in Excel or WPS and save it as CSV UTF-8 (逗号分隔), or as .xlsx"
                ),
            )


# --------------------------------------------------------------------------- .xlsx


def _xlsx_grids(path: Path) -> list[Grid]:
    excel = _module("openpyxl.reader.excel", msg(".xlsx sheets"), XLSX_HINT)
    merged_cell = importlib.import_module("openpyxl.cell.cell").MergedCell
    try:
        # load_workbook(path, data_only=True), keeping the reader: it knows each
        # worksheet's part in the archive, whose formulas _xlsx_formulas reads.
        reader = excel.ExcelReader(path, data_only=True)
        reader.read()
        values = reader.wb
        parts = {
            sheet.name: rel.target
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        }
        formulas = _xlsx_formulas(path, parts)
    except OSError as exc:
        raise InputError(
            msg("cannot read file: {reason}", reason=exc.strerror or str(exc)),
            location=Location(str(path)),
            hint=msg("check the path"),
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise _unreadable(path, msg("an .xlsx workbook"), exc) from None
    grids = []
    for sheet in values.worksheets:
        cells: dict[tuple[int, int], Cell] = {}
        sheet_formulas = formulas.get(sheet.title, {})
        for row in sheet.iter_rows():
            for cell in row:
                # A merged range's other cells are empty whatever their XML holds.
                formula = (
                    None
                    if cell.__class__ is merged_cell
                    else sheet_formulas.get((cell.row, cell.column))
                )
                read = _xlsx_cell(cell, formula)
                if not read.empty:
                    cells[cell.row, cell.column] = read
        merged = tuple(
            (r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges
        )
        hidden = sheet.sheet_state != "visible"
        rows = frozenset(r for r, d in sheet.row_dimensions.items() if d.hidden)
        # A column dimension may stand for a run of columns (min to max), hidden together.
        columns = frozenset(
            c
            for d in sheet.column_dimensions.values()
            if d.hidden and d.min
            for c in range(d.min, (d.max or d.min) + 1)
        )
        grids.append(
            Grid(
                str(path),
                sheet.title,
                cells,
                tuple(sorted(merged)),
                sheet.title,
                hidden,
                rows,
                columns,
            )
        )
    return grids


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _FORMULA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}f"
# A formula element, with or without a namespace prefix (a quick test before parsing).
_HAS_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _xlsx_formulas(path: Path, parts: Mapping[str, str]) -> dict[str, dict[tuple[int, int], str]]:
    """Each worksheet's formulas by (row, column), as ``load_workbook(data_only=False)``
    gives them (a shared formula translated to its cell; none for an array formula).

    The values come from the one load with ``data_only=True``; the formulas are read
    here from the worksheets' XML, a fraction of what a second load of the whole
    workbook cost (its styles, every cell's value and format: reading a sheet took
    ~45% less, an audit ~18% less a sheet). A worksheet without a formula element is
    not parsed at all.
    """
    from xml.etree import ElementTree  # noqa: PLC0415 (only a workbook needs it)

    translator = importlib.import_module("openpyxl.formula.translate").Translator
    coordinate_to_tuple = importlib.import_module("openpyxl.utils.cell").coordinate_to_tuple

    found: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as archive:
        for title, part in parts.items():
            data = archive.read(part)
            if not _HAS_FORMULA.search(data):
                continue
            sheet: dict[tuple[int, int], str] = {}
            shared: dict[str | None, Any] = {}
            row_number = 0
            # As openpyxl's WorksheetReader counts rows and cells that do not say where.
            for row in ElementTree.fromstring(data).iter(_ROW):
                given = row.get("r")
                row_number = int(float(given)) if given else row_number + 1
                column = 0
                for cell in row:
                    coordinate = cell.get("r")
                    if coordinate:
                        at_row, column = coordinate_to_tuple(coordinate)
                    else:
                        column += 1
                        at_row = row_number
                    element = cell.find(_FORMULA)
                    if element is None:
                        continue
                    kind = element.get("t")
                    text = "=" + (element.text or "")
                    if kind in ("array", "dataTable"):
                        continue  # not a formula's text (openpyxl gives an object)
                    if kind == "shared":
                        index = element.get("si")
                        if index in shared:
                            text = shared[index].translate_formula(coordinate)
                        elif text != "=":
                            shared[index] = translator(text, coordinate)
                    sheet[at_row, column] = text
            found[title] = sheet
    return found


def _xlsx_cell(cell: Any, formula: str | None) -> Cell:
    value = cell.value
    if value is None:
        return Cell(formula=True, source=formula) if formula else EMPTY
    if cell.data_type == "e" or (isinstance(value, str) and value.strip() in _EXCEL_ERRORS):
        return Cell(error=str(value).strip(), source=formula)
    if isinstance(value, str):
        value = _unescaped(value)
    read = _value(value, "%" in str(cell.number_format or ""))
    return evolve(read, source=formula) if formula else read


def _value(value: object, percent: bool) -> Cell:
    if isinstance(value, bool):
        return Cell(value)
    if isinstance(value, int | float):
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if not number.is_finite():
            return Cell(error=str(value))
        number = as_excel_shows(number) if isinstance(value, float) else number
        if percent:
            return Cell(_plain_decimal(number * 100), percent=True)
        return Cell(_plain_decimal(number))
    if isinstance(value, datetime.datetime):
        return Cell(value.date())
    if isinstance(value, datetime.date):
        return Cell(value)
    if isinstance(value, datetime.time | datetime.timedelta):
        return Cell(value)
    text = _one_break(str(value)).strip()
    return Cell(text) if text else EMPTY


# OOXML writes a control character in a string as _xHHHH_ (a carriage return, from text
# pasted from Word or a web page, as _x000D_); Excel shows the character, openpyxl gives
# the escape as it stands. A literal _x0041_ is written _x005F_x0041_ (the _ escaped).
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescaped(text: str) -> str:
    """``text`` with OOXML's _xHHHH_ escapes as the characters they stand for."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _one_break(text: str) -> str:
    """``text`` with Windows' CRLF (and a lone CR) as one line break, as a cell shows it."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# Excel keeps and shows at most 15 significant digits of a number (IEEE 754
# doubles hold 15 to 17); a float's 16th and 17th digits are binary noise.
EXCEL_DIGITS = 15


def as_excel_shows(number: Decimal) -> Decimal:
    """A float cell's value to the 15 significant digits Excel shows (halves up).

    >>> as_excel_shows(Decimal("0.30000000000000004"))
    Decimal('0.300000000000000')
    >>> as_excel_shows(Decimal("95.29411764705883"))
    Decimal('95.2941176470588')
    """
    if number == 0:
        return number
    return round_half_up(number, EXCEL_DIGITS - number.adjusted() - 1)


def _plain_decimal(number: Decimal) -> Decimal:
    """Without an exponent or trailing zeros, so 95.290 and 95.29 read alike."""
    return Decimal(plain(number))


# --------------------------------------------------------------------------- .xls


def _xls_grids(path: Path) -> list[Grid]:
    xlrd = _module("xlrd", msg(".xls sheets"), XLS_HINT)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except OSError as exc:
        raise InputError(
            msg("cannot read file: {reason}", reason=exc.strerror or str(exc)),
            location=Location(str(path)),
            hint=msg("check the path"),
        ) from None
    except Exception as exc:  # xlrd raises XLRDError and others on a foreign file
        if "encrypted" in str(exc).lower():
            raise InputError(
                msg("this workbook has a password to open, so it cannot be read"),
                location=Location(str(path)),
                hint=_PASSWORD_HINT,
            ) from None
        raise _unreadable(path, msg("an .xls workbook (Excel 97-2003)"), exc) from None
    grids = []
    for sheet in book.sheets():
        cells: dict[tuple[int, int], Cell] = {}
        for row in range(sheet.nrows):
            for column in range(sheet.ncols):
                read = _xls_cell(book, sheet.cell(row, column), xlrd)
                if not read.empty:
                    cells[row + 1, column + 1] = read
        # xlrd gives (first row, row after last, first column, column after last), 0-based.
        merged = tuple(
            (top + 1, left + 1, bottom, right) for top, bottom, left, right in sheet.merged_cells
        )
        hidden = sheet.visibility != 0  # 1 hidden, 2 very hidden
        rows = frozenset(r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden)
        columns = frozenset(c + 1 for c, info in sheet.colinfo_map.items() if info.hidden)
        grids.append(
            Grid(
                str(path),
                sheet.name,
                cells,
                tuple(sorted(merged)),
                sheet.name,
                hidden,
                rows,
                columns,
            )
        )
    return grids


def _xls_cell(book: Any, cell: Any, xlrd: Any) -> Cell:
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return EMPTY
    if kind == xlrd.XL_CELL_ERROR:
        return Cell(error=xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return Cell(bool(cell.value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            read = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            # A cell formatted as a time holds a fraction of a day, the time of day.
            return Cell(read.time() if 0 <= cell.value < 1 else read.date())
        except Exception:  # a date Excel cannot show either
            return Cell(error="#DATE")
    if kind == xlrd.XL_CELL_NUMBER:
        number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
        return _value(cell.value, "%" in number_format)
    return _value(cell.value, False)
