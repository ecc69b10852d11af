"""Reading a table of many unit-years (CSV, YAML or JSON) for batch scoring.

This is a loading layer, like :mod:`scoring.files.case`: it reads files and
checks what it reads, and it does no scoring. A CSV table has one row per
unit-year with the columns ``unit``, ``year`` (and optionally ``unit_en``)
and one column per fact; an empty cell is a missing fact, never zero. A YAML
or JSON table is a list of entries shaped like a facts file's ``unit``,
``year``, ``facts`` and ``targets``, or a mapping with that list under
``rows`` and, optionally, the ``indicators`` and ``weights`` to score with.

A row that cannot be read does not stop the others: its problems are kept
with its row number and line, and batch scoring reports it as failed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, overload

import attrs

from scoring.core.errors import (
    InputError,
    InputWarning,
    Location,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.messages import msg
from scoring.core.model import Fact, Facts, FactValue, Indicator, TargetSetting, WeightsProfile
from scoring.core.numbers import INVISIBLE, named_character, plain
from scoring.core.record import evolve
from scoring.files import located_yaml as _yaml
from scoring.files.case import (
    SourceFile,
    apply_target_units,
    profile_fit,
    rule_files,
    rules_sha256,
)
from scoring.files.documents import FACT_NAME, Doc, encoding_warning, read_text, read_yaml
from scoring.files.facts import (
    read_fact_value,
    read_facts_and_targets,
    read_refs,
    ref_locations,
)
from scoring.files.names import HEAD_NAMES, fact_ids
from scoring.files.reading import MAX_TABLE_BYTES, STDIN, folder_error
from scoring.files.sheets import EXCEL_ERRORS, OTHER_SPREADSHEETS, SHEET_SUFFIXES

# A cell that surely holds a number in bounds (see scoring.core.numbers): at
# most 16 digits before the point and 15 after, no leading zero. Any other
# cell is read by the one number parser, which also names what is wrong.
# \Z, not $: a cell "81\n" (a line break typed after the number) is no plain number.
_NUMBER = re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{0,15})?|\.[0-9]{1,15})\Z")
HEAD_COLUMNS = ("unit", "year", "unit_en")
TABLE_SUFFIXES = (".csv", ".yaml", ".yml", ".json")
T = TypeVar("T")


class RowHead(NamedTuple):
    """Who and where a table row is: its 1-based number among the data rows and its line.

    A named tuple rather than an attrs class: a table may have 100,000 rows.
    """

    number: int
    file: str
    line: int
    unit: str = ""
    year: int = 0
    unit_en: str | None = None

    @classmethod
    def at(
        cls, number: int, where: Location, unit: str = "", year: int = 0, unit_en: str | None = None
    ) -> RowHead:
        return cls(number, where.file, where.line, unit, year, unit_en)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line)


class MadeWhenRead(Sequence[T]):
    """``size`` items, each made by ``make(index)`` when read: a table may have 100,000 rows.

    A subclass defines ``make`` as a method instead of passing it: a bound
    method kept on the object would be a reference cycle, and the part it
    holds (a streamed table's) would then wait for the cyclic garbage
    collector instead of being freed with the part.
    """

    def __init__(self, size: int, make: Callable[[int], T] | None = None) -> None:
        self.size = size
        self._make = make

    def make(self, index: int) -> T:
        """Item ``index`` (0 <= index < size)."""
        if self._make is None:
            raise NotImplementedError
        return self._make(index)

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError(index)
        return self.make(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class PlainHeads(MadeWhenRead[RowHead]):
    """The heads of rows known to be readable, kept as columns and made when read.

    Row ``first_row + i`` is on line ``i + first_line`` (a CSV table's data
    start on line 2); with ``first_line`` 0 the rows have no line (a
    DataFrame's). :meth:`cells` gives many rows' head cells at once.
    """

    def __init__(
        self,
        file: str,
        units: list[str],
        years: list[int],
        units_en: list[str | None],
        *,
        first_line: int,
        first_row: int = 1,
    ) -> None:
        super().__init__(len(units))
        self.file = file
        self.units = units
        self.years = years
        self.units_en = units_en
        self.first_line = first_line
        self.first_row = first_row

    def make(self, index: int) -> RowHead:
        line = index + self.first_line if self.first_line else 0
        return RowHead(
            index + self.first_row,
            self.file,
            line,
            self.units[index],
            self.years[index],
            self.units_en[index],
        )

    def cells(
        self, indices: Sequence[int]
    ) -> Iterable[tuple[int, int | None, str, str | None, int]]:
        """(number, line or None, unit, unit_en, year) of the rows at ``indices``, in order."""
        first, line = self.first_row, self.first_line
        units, units_en, years = self.units, self.units_en, self.years
        if len(indices) == self.size:  # every row, in order
            lines: Iterable[int | None] = (
                range(line, line + self.size) if line else [None] * self.size
            )
            return zip(range(first, first + self.size), lines, units, units_en, years, strict=True)
        return [
            (first + i, line + i if line else None, units[i], units_en[i], years[i])
            for i in indices
        ]


@attrs.define
class FactTable:
    """Unit-years and their facts as text, ``""`` where a fact is missing.

    Cells hold the number's text exactly as read (checked to be a plain
    decimal), so that the exact engine reads it as a :class:`~decimal.Decimal`
    and a columnar engine can read a whole column at once. ``rows`` holds
    each row's cells in the order of ``names``, joined by commas (a checked
    number has none). ``problems`` maps a row's index to what made it
    unreadable. ``parsed`` may hold columns a reader already parsed with
    NumPy: ``(values, missing, longest cell)`` by fact name.
    """

    file: str
    heads: Sequence[RowHead]
    names: tuple[str, ...]
    rows: Sequence[str]
    problems: dict[int, list[ScoringError]] = attrs.field(factory=dict)
    targets: list[Mapping[str, TargetSetting]] | None = None
    parsed: dict[str, tuple[Any, Any, int]] = attrs.field(factory=dict, repr=False)
    other: dict[int, dict[str, Fact]] = attrs.field(factory=dict)
    """Facts that are not numbers (words, true/false, months, lists, verdicts), by row."""
    _columns: dict[str, list[str]] | None = attrs.field(default=None, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.heads)

    @property
    def columns(self) -> dict[str, list[str]]:
        """Each fact's cells, row by row (made on first use)."""
        if self._columns is None:
            split = [row.split(",") for row in self.rows] if self.names else []
            self._columns = {n: [c[k] for c in split] for k, n in enumerate(self.names)}
        return self._columns

    def cells(self, index: int) -> dict[str, str]:
        """The row at ``index``: each fact's cell text."""
        if not self.names:
            return {}
        return dict(zip(self.names, self.rows[index].split(","), strict=True))

    def facts(self, index: int) -> Facts:
        """The row at ``index`` as the :class:`~scoring.core.model.Facts` of one unit-year."""
        head = self.heads[index]
        values = {
            name: Fact(name, Decimal(text), None, head.location)
            for name, text in self.cells(index).items()
            if text
        }
        values.update(self.other.get(index, {}))
        return Facts(
            unit=head.unit,
            unit_en=head.unit_en,
            year=head.year,
            facts=values,
            targets=self.targets[index] if self.targets is not None else {},
            location=head.location,
        )

    @classmethod
    def from_facts(cls, rows: Sequence[Facts], file: str = "<facts>") -> FactTable:
        """A table of already loaded :class:`~scoring.core.model.Facts`, one row each."""
        numbers = [_split_numbers(dict(facts.facts)) for facts in rows]
        names = tuple(sorted({name for found, _ in numbers for name in found}))
        heads = []
        cells = []
        targets: list[Mapping[str, TargetSetting]] = []
        for number, facts in enumerate(rows, start=1):
            where = facts.location or Location(file)
            heads.append(RowHead.at(number, where, facts.unit, facts.year, facts.unit_en))
            found = numbers[number - 1][0]
            cells.append(",".join(plain(found[n]) if n in found else "" for n in names))
            targets.append(facts.targets)
        other = {i: rest for i, (_, rest) in enumerate(numbers) if rest}
        return cls(file, heads, names, cells, {}, targets if any(targets) else None, other=other)


def with_fact_ids(table: FactTable, indicators: Sequence[Indicator]) -> FactTable:
    """``table`` with every column named by a fact's Chinese name renamed to its id.

    Raises:
        ScoringError: for a column that is no fact's name, or a fact given twice.
    """
    if all(name.isascii() for name in table.names) and all(
        name.isascii() for row in table.other.values() for name in row
    ):
        return table
    by_name = fact_ids(indicators)
    where = Location(table.file, 1)
    problems: list[ScoringError] = []
    renamed: dict[str, str] = {}
    for name in [*table.names, *sorted({n for row in table.other.values() for n in row})]:
        if name in renamed:
            continue
        fact = name if name.isascii() else by_name.get(name)
        if fact is None:
            problems.append(
                InputError(
                    msg("column {name!r} is no fact's name here", name=name),
                    location=where,
                    hint=did_you_mean(name, sorted(by_name))
                    or msg(
                        "name the column by the fact's id, or its Chinese name as its indicator"
                        " file gives it"
                    ),
                )
            )
            fact = name
        elif fact in renamed.values():
            given = next(k for k, v in renamed.items() if v == fact)
            problems.append(
                InputError(
                    msg(
                        "fact {fact!r} has two columns: {first!r} and {second!r}",
                        fact=fact,
                        first=given,
                        second=name,
                    ),
                    location=where,
                    hint=msg("keep one of them"),
                )
            )
        renamed[name] = fact
    raise_if_any(problems)
    return evolve(
        table,
        names=tuple(renamed[n] for n in table.names),
        parsed={renamed[n]: v for n, v in table.parsed.items()},
        other={
            i: {renamed[n]: evolve(f, name=renamed[n]) for n, f in row.items()}
            for i, row in table.other.items()
        },
    )


def _split_numbers(facts: dict[str, Fact]) -> tuple[dict[str, Decimal], dict[str, Fact]]:
    """Numbers (kept as cell text) apart from facts of other kinds (kept whole).

    A number several units gave is kept whole too, so that its units' figures are shown,
    and so is a number with its provenance (a YAML row's ``quote:``), so that it is
    checked against its quote as ``scoring score`` checks it.
    """
    numbers = {}
    rest = {}
    for name, fact in facts.items():
        if (
            isinstance(fact.value, Decimal)
            and not isinstance(fact.value, bool)
            and fact.combination is None
            and fact.provenance is None
        ):
            numbers[name] = fact.value
        else:
            rest[name] = fact
    return numbers, rest


@attrs.frozen
class Rules:
    """The indicators and weights profile a table is scored with, and their files."""

    indicators: tuple[Indicator, ...]
    weights: WeightsProfile
    rule_files: tuple[SourceFile, ...]
    warnings: tuple[InputWarning, ...] = ()
    """What reading them found allowed but worth a look (a file read as GB18030)."""

    @property
    def rules_sha256(self) -> str:
        """One hash over the rule files, as :attr:`scoring.files.case.Case.rules_sha256`."""
        return rules_sha256(self.rule_files)


@attrs.frozen
class LoadedTable:
    """A table and the indicator and weights files its document names, if any."""

    table: FactTable
    indicator_refs: tuple[str, ...] = ()
    weights_ref: str | None = None
    warnings: tuple[InputWarning, ...] = ()
    """What reading found allowed but worth a look (a file saved as GB18030)."""
    ref_at: Mapping[str, Location] = attrs.field(factory=dict)
    """Where each file reference of a YAML table stands (see :func:`load_rules`)."""


def load_table(path: str | Path) -> LoadedTable:
    """Read a CSV, YAML or JSON table of unit-years.

    Raises:
        InputError: when the file cannot be read at all (a bad row is kept
            in the table's ``problems`` instead).
    """
    path = Path(path)
    if os.path.isdir(path):
        raise folder_error(Location(str(path)))
    if path.suffix.lower() == ".csv" or str(path) == STDIN:  # standard input: CSV
        text, data = read_text(path, msg("in WPS/Excel: Save As, CSV UTF-8"), MAX_TABLE_BYTES)
        found = encoding_warning(path, data)
        return LoadedTable(read_csv(text, str(path)), warnings=(found,) if found else ())
    if path.suffix.lower() in TABLE_SUFFIXES:
        root, data = read_yaml(path)
        loaded = _document(root, str(path))
        found = encoding_warning(path, data)
        # Read as GB18030 is said, as for a CSV table or a facts file: not UTF-8 is a guess.
        return attrs.evolve(loaded, warnings=(*loaded.warnings, found)) if found else loaded
    if path.suffix.lower() in (*SHEET_SUFFIXES, *OTHER_SPREADSHEETS, ".txt", ".tsv"):
        # A workbook, or Excel's text export (.txt, "Unicode 文本" or tab separated):
        # renaming it .csv, as the hint below says, would not make it a CSV table.
        raise InputError(
            msg(
                "{name!r} is a workbook or a text export, not a CSV, YAML or JSON table",
                name=path.name,
            ),
            location=Location(str(path)),
            hint=msg(
                "save the table as CSV, comma separated (in Excel or WPS: Save As, CSV UTF-8)"
            ),
        )
    raise InputError(
        msg("cannot tell the table's format from its name {name!r}", name=path.name),
        location=Location(str(path)),
        hint=msg("name it .csv, .yaml, .yml or .json"),
    )


_UNCLOSED = "a quote that never closes"


class QuoteOpen(Exception):
    """The text ends inside a quoted cell of the record that starts on ``line``
    (of the text, the header's line 1), and more of the file follows it."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _records(text: str, *, more: bool = False) -> Iterator[tuple[int, list[str] | str]]:
    """Each CSV record and the line it starts on; a record that cannot be read, its error.

    Read strictly (a quote must close before the next comma), so that nothing is
    guessed. A quote that opens and never closes would swallow every row after
    it into one cell: that record is reported where it starts, and reading goes
    on at the next line, so that no row is lost. With ``more`` (the text is a
    part of the file and more follows), that quote may close after the text
    ends: :class:`QuoteOpen` is raised instead.

    Raises:
        QuoteOpen: with ``more``, when the text ends inside a quoted cell.
    """
    lines = io.StringIO(text, newline="").readlines()
    start = 0
    while True:
        reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""), strict=True)
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    if more:
                        raise QuoteOpen(start + line) from None
                    yield start + line, _UNCLOSED
                    start += line
                    break
                yield start + line, str(exc)
                line = reader.line_num + 1
                continue
            yield start + line, cells
            line = reader.line_num + 1


def read_csv(
    text: str,
    file: str = "<csv>",
    *,
    rows_before: int = 0,
    lines_before: int = 0,
    more: bool = False,
) -> FactTable:
    """Read a CSV table from ``text``; ``file`` names it in error locations.

    ``rows_before`` and ``lines_before`` count the rows and lines of the file
    that come before ``text``'s data lines when ``text`` is the header and a
    part of the file (see :mod:`scoring.files.csv_parts`): row numbers and
    lines are counted on from them. ``more``: more of the file follows the
    part, so that a quote still open at its end may close later.

    Raises:
        InputError: when the header is unusable (then no row can be read), or
            when ``text`` is the whole table and it has no row.
        QuoteOpen: with ``more``, when the text ends inside a quoted cell.
    """
    table = _read_csv(text, file, rows_before=rows_before, lines_before=lines_before, more=more)
    if not len(table) and not (more or rows_before or lines_before):
        raise no_rows(file)
    return table


def no_rows(file: str) -> InputError:
    """The error of a CSV table with a header and no row below it (the command and
    :func:`read_csv` refuse it: a table exported with its rows missing, or the wrong file)."""
    return InputError(
        msg("the table has a header but no rows"),
        location=Location(file, 1),
        hint=msg(
            "write one row for each unit-year below the header, or check that this is the"
            " right file"
        ),
    )


def _read_csv(
    text: str, file: str, *, rows_before: int, lines_before: int, more: bool
) -> FactTable:
    fast = _read_plain_csv(text, file, rows_before=rows_before, lines_before=lines_before)
    if fast is not None:
        return fast
    records = _records(text, more=more)
    first = next(records, None)
    if first is None:
        raise InputError(
            msg("the table is empty"),
            location=Location(file, 1),
            hint=msg("write a header row first"),
        )
    if isinstance(first[1], str):
        raise InputError(
            msg("bad CSV: {first}", first=first[1]), location=Location(file, 1)
        ) from None
    header = [HEAD_NAMES.get(h.strip(), h.strip()) for h in first[1]]
    fact_names = _header(header, file)
    width = len(header)
    index = {name.strip(): i for i, name in enumerate(header)}
    unit_at, year_at, unit_en_at = index["unit"], index["year"], index.get("unit_en")
    fact_at = [(name, index[name]) for name in fact_names]
    heads: list[RowHead] = []
    problems: dict[int, list[ScoringError]] = {}
    other: dict[int, dict[str, Fact]] = {}
    rows: list[list[str]] = []
    for line, record in records:
        location = Location(file, line + lines_before)
        if isinstance(record, str):
            number = len(heads) + 1 + rows_before
            if record == _UNCLOSED:
                error = InputError(
                    msg(
                        'row {number}: a quote (") opens in this row and never closes',
                        number=number,
                    ),
                    location=location,
                    hint=msg(
                        'close it; a quote inside a quoted cell is written twice (""). The rows '
                        "after it are read on their own"
                    ),
                )
            else:
                error = InputError(
                    msg("row {number}: bad CSV: {record}", number=number, record=record),
                    location=location,
                )
            problems[len(heads)] = [error]
            heads.append(RowHead.at(number, location))
            rows.append([""] * width)
            continue
        cells = record
        if not cells:
            continue  # a blank line holds no row
        number = len(heads) + 1 + rows_before
        found: list[ScoringError] = []
        if len(cells) != width:
            found.append(
                InputError(
                    msg(
                        "row {number}: has {cells} cells, the header has {width}",
                        number=number,
                        cells=len(cells),
                        width=width,
                    ),
                    location=location,
                    hint=msg("check for a missing or extra comma (quote text that holds commas)"),
                )
            )
            cells = (cells + [""] * width)[:width]
        heads.append(
            read_head(
                cells[unit_at],
                cells[year_at],
                cells[unit_en_at] if unit_en_at is not None else None,
                number=number,
                location=location,
                found=found,
            )
        )
        rows.append(cells)
        for name, at in fact_at:
            cell = cells[at]
            if cell and not _NUMBER.match(cell):
                cells[at], fact = read_cell(name, cell, number, location, found)
                if fact is not None:
                    other.setdefault(len(heads) - 1, {})[name] = fact
        if found:
            problems[len(heads) - 1] = found
    joined = [",".join([row[at] for _, at in fact_at]) for row in rows]
    return FactTable(file, heads, tuple(fact_names), joined, problems, other=other)


def read_head(
    unit: str,
    year: str,
    unit_en: str | None,
    *,
    number: int,
    location: Location,
    found: list[ScoringError],
) -> RowHead:
    """Row ``number``'s unit, year and English unit name read from their cells' text.

    As a CSV table reads them: text is stripped, the unit must not be empty,
    the year is a whole year from 1900 to 2999. Each problem is added to
    ``found``; the head is made all the same (an unreadable year as 0).
    """
    unit = unit.strip()
    if not unit and not year.strip():
        # Often a line of commas alone, which Excel writes for cells formatted
        # below the table: one problem that says so, not an empty unit and a
        # year '' that is no year.
        found.append(
            InputError(
                msg("row {number} has no unit and no year", number=number),
                location=location,
                hint=msg(
                    "fill them in, or delete the line if it is empty (Excel writes lines of"
                    " commas for cells formatted below the table)"
                ),
            )
        )
        year_value = 0
    else:
        if not unit:
            found.append(
                InputError(
                    msg("row {number}: the unit is empty", number=number),
                    location=location,
                    hint=msg("write the unit's name in the row's 'unit' (单位) cell"),
                )
            )
        year_value = _year(year, number, location, found)
    english = unit_en.strip() or None if unit_en is not None else None
    for name in filter(None, (unit, english)):
        control = _yaml.control_error(name, location)
        if control is not None:
            found.append(
                InputError(
                    msg("row {number}: {message}", number=number, message=control.said),
                    location=location,
                    hint=control.said_hint,
                )
            )
    return RowHead.at(number, location, unit, year_value, english)


def read_cell(
    name: str, cell: str, number: int, location: Location, found: list[ScoringError]
) -> tuple[str, Fact | None]:
    """Fact ``name``'s cell text in row ``number``, read as a CSV table reads it.

    Returns the number's plain text (``""`` when the cell is empty, or not
    readable: then a problem is added to ``found``) and, for a fact in words
    (true/false, a month, a level, items met separated by ``|``), that fact.
    """
    if not cell or _NUMBER.match(cell):
        return cell, None
    # Spaces around a number are no part of it; a no-break space is named by
    # the number parser.
    stripped = cell.strip(" \t")
    if not stripped:
        return "", None
    if _NUMBER.match(stripped):
        return stripped, None
    fact = _word_cell(name, stripped, number, location, found)
    if isinstance(fact, Decimal):
        return plain(fact), None
    if fact is None:
        return "", None
    return "", Fact(name, fact, None, location)


_TRUE_FALSE = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}


def _word_cell(
    name: str, text: str, number: int, location: Location, found: list[ScoringError]
) -> FactValue | None:
    """A cell that is not a plain number, read as a facts file reads a value.

    true/false; a month (7月); items met, separated by | (a checklist); a
    level's name. Text that starts like a number must be a plain number.
    """
    if text in _TRUE_FALSE:
        return _TRUE_FALSE[text]
    if text in EXCEL_ERRORS:
        # The formula of the cell Excel saved failed: no word a fact may be, and
        # "a formula uses text" would send the clerk to the indicator's formula.
        found.append(
            InputError(
                msg(
                    "row {number}: fact {name!r} shows the Excel error {error}",
                    number=number,
                    name=name,
                    error=text,
                ),
                location=location,
                hint=msg("fix the formula in Excel, or type the value"),
            )
        )
        return None
    control = _yaml.control_error(text, location)
    if control is not None:  # as in a YAML file: a terminal would act on it
        found.append(
            InputError(
                msg(
                    "row {number}: fact {name!r}: {message}",
                    number=number,
                    name=name,
                    message=control.said,
                ),
                location=location,
                hint=control.said_hint,
            )
        )
        return None
    if "|" in text:
        items = tuple(item.strip() for item in text.split("|"))
        if all(items):
            return items
        found.append(
            InputError(
                msg(
                    "row {number}: fact {name!r} lists an empty item: {text!r}",
                    number=number,
                    name=name,
                    text=text,
                ),
                location=location,
                hint=msg("separate the items met with |, as in exists|lawful"),
            )
        )
        return None
    doc = Doc(location.file)
    value = read_fact_value(
        doc,
        _yaml.Node(text, location),
        msg("row {number}: fact {name!r}", number=number, name=name),
    )
    found.extend(doc.problems)
    return value


# Every character a number may hold as "x" (a byte table: one pass in C).
MARK_NUMBER_BYTES = bytes(120 if chr(i) in "0123456789.+-" else i for i in range(256))
# Cells of at most 15 characters hold at most 15 significant digits, which
# floats keep apart exactly (see scoring.batch.columnar).
MAX_SHORT_CELL = 15
# A cell of at most 16 characters cannot hold a number out of bounds (at least
# 1e16, below 1e-15, or with more than 15 decimals): see scoring.core.numbers.
MAX_CELL = 16
# After a comma (the cells are read with one put in front): 010, -010.
LEADING_ZERO = re.compile(rb",[-+]?0[0-9]")


def _plain_year(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) == 4 and "1900" <= text <= "2999"


def plain_header(line: str, file: str) -> tuple[list[str], int] | None:
    """The fact names of a plain table's header ``line`` and how many head columns lead them.

    None unless the header starts with unit and year (and unit_en) and names a fact.

    Raises:
        InputError: when the header is unusable.
    """
    header = [HEAD_NAMES.get(h.strip(), h.strip()) for h in line.split(",")]
    names = _header(header, file)
    heads_at = len(header) - len(names)
    if header[:heads_at] not in (["unit", "year"], ["unit", "year", "unit_en"]) or not names:
        return None
    return names, heads_at


def _read_plain_csv(
    text: str, file: str, *, rows_before: int = 0, lines_before: int = 0
) -> FactTable | None:
    """The common case read fast with NumPy, or None to read it cell by cell.

    The common case: no quotes, a header that starts with unit and year (and
    unit_en), no blank line, every row as wide as the header, and every fact
    cell a plain number or empty. Anything else, and any table without
    NumPy, is read by the general reader, which also names each bad cell.
    """
    if '"' in text or ("\r" in text and "\r" in text.replace("\r\n", "")):
        return None
    try:
        import numpy as np  # noqa: PLC0415 (NumPy is optional)
    except ImportError:
        return None
    lines = (text.replace("\r\n", "\n") if "\r" in text else text).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 2:
        return None
    if len(text) > csv.field_size_limit() and max(map(len, lines)) > csv.field_size_limit():
        return None  # a cell may be longer than the general reader reads: it says so
    plain = plain_header(lines[0], file)
    if plain is None:
        return None
    names, heads_at = plain
    parts = [line.split(",", heads_at) for line in lines[1:]]
    # A row of the wrong width makes loadtxt fail below (or the size differ).
    if min(map(len, parts)) != heads_at + 1:
        return None
    rest = [p[-1] for p in parts]
    block = ",".join(rest)
    # Any character a number cannot hold is in a cell the general reader must
    # name; then every character a number may hold is marked "x" (each one
    # pass over the bytes, in C), and runs of x are the cells' lengths.
    raw = block.encode("utf-8")
    if raw.translate(None, b"0123456789.+-,"):
        return None
    if raw.count(b",") != len(rest) * len(names) - 1:
        # Not every row as wide as the header (loadtxt alone cannot tell: it skips an
        # empty line, so a row one cell short of a single fact hid a row one too wide).
        return None
    marked = raw.translate(MARK_NUMBER_BYTES)
    if b"x" * (MAX_CELL + 1) in marked or LEADING_ZERO.search(b"," + raw):
        return None  # a cell that may be out of bounds, or 010: the general reader names it
    # The fact cells hold only number characters: a control character can only
    # be in the header or a row's unit, year or English name.
    heads_text = "\n".join([lines[0], *(",".join(p[:-1]) for p in parts)])
    if _yaml.control_error(heads_text, Location(file)) is not None:
        return None  # the general reader names the cell
    source: Any = rest
    if ",," in block or block[:1] == "," or block[-1:] == ",":
        # Empty cells are missing facts: read them as NaN.
        lines_text = f"\n{chr(10).join(rest)}\n".replace("\n,", "\nnan,").replace(",\n", ",nan\n")
        source = io.StringIO(lines_text.replace(",,", ",nan,").replace(",,", ",nan,"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "input contained no data": caught below
            values = np.loadtxt(source, delimiter=",", dtype=np.float64, ndmin=2, comments=None)
    except ValueError:
        return None
    rows, width = len(rest), len(names)
    if values.size != rows * width:
        return None
    values = values.reshape(rows, width)
    if b"x" * (MAX_SHORT_CELL + 1) in marked:
        # Some cell is long: find each column's longest.
        found_at = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 44)
        edges = np.concatenate(([-1], found_at, [len(block)]))
        longest = (np.diff(edges) - 1).reshape(rows, width).max(axis=0).tolist()
    else:
        longest = [MAX_SHORT_CELL] * width
    parsed = {
        name: (column, np.isnan(column), longest[k])
        for k, name in enumerate(names)
        for column in [np.ascontiguousarray(values[:, k])]
    }
    units = [p[0] for p in parts]
    years = [p[1] for p in parts]
    units_en = [p[2] for p in parts] if heads_at == 3 else None
    heads, problems = read_heads(
        units, years, units_en, file=file, first_line=2 + lines_before, first_row=1 + rows_before
    )
    return FactTable(file, heads, tuple(names), rest, problems, parsed=parsed)


def read_heads(
    units: list[str],
    years: list[str],
    units_en: list[str] | None,
    *,
    file: str,
    first_line: int = 2,
    first_row: int = 1,
) -> tuple[Sequence[RowHead], dict[int, list[ScoringError]]]:
    """Every row's head read from the text of its unit, year and English name cells.

    As :func:`read_head` reads each, with the problems of each row by its
    index; when every row is readable (the common case) the heads are made
    only when read. Row n is on line n + ``first_line`` - 1, or on no line
    when ``first_line`` is 0.
    """
    units = [u.strip() for u in units]
    english = [e.strip() or None for e in units_en] if units_en is not None else None
    years = [y.strip() for y in years]
    distinct = set(years)
    names = " ".join([*units, *(e for e in english or () if e)])
    if (
        all(units)
        and all(_plain_year(y) for y in distinct)
        and _yaml.control_error(names, Location(file)) is None
    ):
        year_of = {y: int(y) for y in distinct}
        years_read = list(map(year_of.__getitem__, years))
        lazy = PlainHeads(
            file,
            units,
            years_read,
            english or [None] * len(units),
            first_line=first_line,
            first_row=first_row,
        )
        return lazy, {}
    heads = []
    problems: dict[int, list[ScoringError]] = {}
    for index, unit in enumerate(units):
        found: list[ScoringError] = []
        where = Location(file, index + first_line if first_line else 0)
        unit_en = english[index] if english is not None else None
        heads.append(
            read_head(
                unit,
                years[index],
                unit_en,
                number=index + first_row,
                location=where,
                found=found,
            )
        )
        if found:
            problems[index] = found
    return heads, problems


_SEPARATORS = {
    "\t": msg("tabs"),
    ";": msg("semicolons"),
    "；": msg("full-width semicolons"),
    "，": msg("full-width commas"),
    "|": msg("bars"),
}


def _header(header: Sequence[str], file: str) -> list[str]:
    where = Location(file, 1)
    names = [h.strip() for h in header]
    if len(names) == 1 and "unit" not in names:
        # One column: the columns are separated by something else than commas.
        found = next((word for sep, word in _SEPARATORS.items() if sep in names[0]), None)
        if found is not None:
            raise InputError(
                msg("the columns are separated by {found}, not commas", found=found),
                location=where,
                hint=msg(
                    "save the table as CSV, comma separated (in Excel or WPS: Save As, CSV UTF-8)"
                ),
            )
    wide = next((name for name in names if "，" in name), None)
    if wide is not None:
        # Commas typed by a Chinese input method: the columns they part are one
        # name, and "no unit column" would not say why.
        raise InputError(
            msg("column {name!r} has full-width commas (，) in it", name=wide),
            location=where,
            hint=msg("separate the column names with ASCII commas (,), not full-width ones"),
        )
    unseen = next((name for name in names if re.search(INVISIBLE, name)), None)
    if unseen is not None:
        # A byte order mark before the first name (a file saved with two, or text pasted
        # from a web page): the name is not the one it shows, and "no unit column" would
        # not say why.
        raise InputError(
            msg(
                "column {name!r} has {named}, which is not seen",
                name=unseen,
                named=named_character(re.findall(INVISIBLE, unseen)[0]),
            ),
            location=where,
            hint=msg(
                "retype the column's name, or save the table again as CSV UTF-8 (in Excel or"
                " WPS: Save As, CSV UTF-8)"
            ),
        )
    problems: list[ScoringError] = []
    for required in ("unit", "year"):
        if required not in names:
            problems.append(
                InputError(
                    msg("the header has no {required!r} column", required=required),
                    location=where,
                    hint=msg("the first row names the columns: unit, year, then one per fact"),
                )
            )
    seen: set[str] = set()
    facts = []
    for column, name in enumerate(names, 1):
        if not name:
            problems.append(
                InputError(
                    msg("column {column} of the header has no name", column=column),
                    location=where,
                    hint=msg(
                        "delete the empty column (commas at the end of the lines come from"
                        " cells formatted beside the table), or name it"
                    ),
                )
            )
            continue
        if name in seen:
            problems.append(
                InputError(
                    msg("column {name!r} appears twice", name=name),
                    location=where,
                    hint=msg("keep one of the two columns: delete the other, or rename it"),
                )
            )
            continue
        seen.add(name)
        if name in HEAD_COLUMNS:
            continue
        if name.isascii() and not FACT_NAME.match(name):
            problems.append(
                InputError(
                    msg(
                        "column {name!r} is not a fact name (ASCII letters, digits and _, or the "
                        "fact's Chinese name)",
                        name=name,
                    ),
                    location=where,
                    hint=msg("name each fact column as the formulas refer to it"),
                )
            )
            continue
        facts.append(name)
    raise_if_any(problems)
    return facts


def _year(text: str, number: int, location: Location, found: list[ScoringError]) -> int:
    text = text.strip()
    if text.isascii() and text.isdigit() and 1900 <= int(text) <= 2999:
        return int(text)
    if not text:
        found.append(
            InputError(
                msg("row {number}: the year is empty", number=number),
                location=location,
                hint=msg("write the year as four digits, such as 2023"),
            )
        )
        return 0
    wide = unicodedata.normalize("NFKC", text)
    if wide != text and _plain_year(wide):
        found.append(
            InputError(
                msg(
                    "row {number}: year {text!r} is written in full-width characters",
                    number=number,
                    text=text,
                ),
                location=location,
                hint=msg(
                    "write {strip} with half-width (ASCII) digits: switch the input method to "
                    "half-width",
                    strip=wide,
                ),
            )
        )
        return 0
    decimal = re.fullmatch(r"([0-9]{4})\.([0-9]+)", text)
    if decimal is not None:
        # 2023.0 as a program writes a float year (pandas' to_csv, when a year is missing
        # in the column); 2023.5 is no year at all.
        whole = not decimal.group(2).strip("0")
        found.append(
            InputError(
                msg(
                    "row {number}: year {text!r} has a decimal point",
                    number=number,
                    text=text,
                )
                if whole
                else msg(
                    "row {number}: year {text!r} is not a whole number",
                    number=number,
                    text=text,
                ),
                location=location,
                hint=msg("write the year's number alone: {year}", year=decimal.group(1))
                if whole
                else msg("write the year as four digits, such as 2023"),
            )
        )
        return 0
    written = re.fullmatch(r"([0-9]{4})\s*年度?", text)
    found.append(
        InputError(
            msg(
                "row {number}: year {text!r} is not a year from 1900 to 2999",
                number=number,
                text=text,
            ),
            location=location,
            # 2023年 as a clerk writes it: the number alone is meant.
            hint=msg("write the year's number alone: {year}", year=written.group(1))
            if written
            else msg("write the year as four digits, such as 2023"),
        )
    )
    return 0


_ROW_KEYS = (["unit", "year", "facts"], ["unit_en", "targets"])


def _document(root: _yaml.Node, file: str) -> LoadedTable:
    doc = Doc(file)
    refs: list[str] = []
    weights_ref = None
    ref_at: dict[str, Location] = {}
    items: list[_yaml.Node]
    where = root.location
    if isinstance(root.value, dict):
        top = doc.top(root, msg("a table"), ["rows"], ["indicators", "weights"])
        refs = read_refs(doc, top)
        ref_at = ref_locations(top)
        weights_ref = top.text("weights")
        items = top.items("rows")
        where = top.where("rows")
    elif isinstance(root.value, list):
        items = list(root.value)
    else:
        doc.add(root.location, msg("a table must be a list of rows, or a mapping with 'rows'"))
        items = []
    if not items and not doc.problems:
        # As a CSV table with a header alone: a table that scores nothing is a mistake.
        doc.add(
            where,
            msg("the table has no rows"),
            msg(
                "give one row for each unit-year (unit, year, facts), or check that this is"
                " the right file"
            ),
        )
    raise_if_any(doc.problems)
    heads: list[RowHead] = []
    problems: dict[int, list[ScoringError]] = {}
    values: list[dict[str, Decimal]] = []
    other: dict[int, dict[str, Fact]] = {}
    targets: list[Mapping[str, TargetSetting]] = []
    for index, item in enumerate(items):
        row_doc = Doc(file)
        head, facts, settings = _row(row_doc, item, index + 1)
        numbers, rest = _split_numbers(facts)
        heads.append(head)
        values.append(numbers)
        if rest:
            other[index] = rest
        targets.append(settings)
        if row_doc.problems:
            problems[index] = _in_row(index + 1, row_doc.problems)
    names = tuple(sorted({name for row in values for name in row}))
    cells = [",".join(plain(row[n]) if n in row else "" for n in names) for row in values]
    table = FactTable(
        file, heads, names, cells, problems, targets if any(targets) else None, other=other
    )
    return LoadedTable(table, tuple(refs), weights_ref, ref_at=ref_at)


def _in_row(number: int, problems: Iterable[ScoringError]) -> list[ScoringError]:
    """The problems of a table's row, each message led by the row's number."""
    return [
        InputError(
            msg("row {number}: {message}", number=number, message=p.said),
            location=p.location,
            hint=p.said_hint,
        )
        for p in problems
    ]


def _row(
    doc: Doc, node: _yaml.Node, number: int
) -> tuple[RowHead, dict[str, Fact], Mapping[str, TargetSetting]]:
    # "the row": every problem of a row is led by its number (_in_row), which "row 1:
    # 'year' in row 1 must be ..." said twice.
    fields = doc.fields(node, msg("the row"), *_ROW_KEYS)
    if fields is None:
        return RowHead.at(number, node.location), {}, {}
    unit = fields.text("unit") or ""
    given = fields.get("year")
    # A year key without a value is said once, by fields (the required key has none).
    year = 0 if given is not None and given.value is None else fields.year() or 0
    facts, settings = read_facts_and_targets(doc, fields)
    return RowHead.at(number, node.location, unit, year, fields.text("unit_en")), facts, settings


def load_rules(
    indicators: Sequence[str],
    weights: str | None,
    base: Path | None = None,
    ref_at: Mapping[str, Location] | None = None,
) -> Rules:
    """The indicator files and weights profile named by path or shipped name.

    ``ref_at`` says where a YAML table names each of them, so that a misspelt
    name is reported at its line.

    Raises:
        ScoringError: listing every problem found.
    """
    where = Location(str(base) if base else "<command line>")
    at = ref_at or {}
    read_as: list[InputWarning] = []
    loaded, profile, sources = rule_files(
        indicators,
        base,
        weights,
        base,
        where=where,
        ref_at=at,
        given_at=(at.get("indicators:"), at.get("weights:")),
        warnings=read_as,
        hints=(
            msg("give them with --indicators (or under 'indicators:' in a YAML table)"),
            msg("give it with --weights (or under 'weights:' in a YAML table)"),
        ),
    )
    assert profile is not None
    # A profile that fits few of the indicators: that first, and where it is named.
    raise_if_any(profile_fit(loaded, profile, at.get(weights) if weights else None))
    return Rules(tuple(loaded), profile, tuple(sources), tuple(read_as))


def check_targets(table: FactTable, indicators: Sequence[Indicator]) -> None:
    """Give each row's year targets their indicator's unit; a bad one fails only its row."""
    if table.targets is None:
        return
    for index, settings in enumerate(table.targets):
        if not settings:
            continue
        head = table.heads[index]
        facts = Facts(head.unit or "-", head.year or 1900, {}, settings)
        try:
            table.targets[index] = apply_target_units(facts, indicators).targets
        except ScoringError as exc:
            table.problems.setdefault(index, []).extend(_in_row(head.number, exc.problems))
            table.targets[index] = {}


__all__ = [
    "FactTable",
    "LoadedTable",
    "MadeWhenRead",
    "PlainHeads",
    "QuoteOpen",
    "RowHead",
    "Rules",
    "check_targets",
    "load_rules",
    "load_table",
    "read_cell",
    "read_csv",
    "read_head",
    "read_heads",
    "with_fact_ids",
]
