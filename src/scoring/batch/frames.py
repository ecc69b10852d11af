"""pandas and polars DataFrames in, DataFrames of the same library out.

:func:`score_frame` scores a frame of unit-years (one row each: ``unit``,
``year``, optionally ``unit_en``, one column per fact) exactly as ``scoring
batch`` scores the same table, and gives the result as a frame: one row per
input row (``detail="wide"``), or one per unit-year and indicator
(``detail="long"``). :func:`read_frame` reads a frame into the
:class:`~scoring.files.tables.FactTable` that :func:`scoring.score_table`
takes.

A frame's cells are read as a CSV table's cells are (the same code reads
both), after each is written as text: integers as they are, a float as its
shortest decimal form (0.1 is 0.1, not the binary fraction nearest to it),
a :class:`~decimal.Decimal` exactly. A float whose shortest form has more
than 15 significant digits (0.30000000000000004, from 0.1 + 0.2) fails its
row rather than being scored as a 17-digit figure nobody wrote. NaN, None,
null and NA are missing facts, never zero. The index is not read.

Neither pandas nor polars is imported by this module: a frame's own
library is already loaded when a frame is passed, and is imported from
there. Reading needs NumPy (both libraries' frames hand their columns over
as NumPy arrays).
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import attrs

from scoring.batch.detail import DETAIL_COLUMNS, NUMBER_COLUMNS, Detail, explain_table
from scoring.batch.engines import score_table, table_warnings
from scoring.batch.outcomes import Failed, Outcome, Scored
from scoring.core.errors import (
    InputError,
    InputWarning,
    Location,
    ScoringError,
    ScoringWarning,
    did_you_mean,
    raise_if_any,
)
from scoring.core.fact_checks import fact_names
from scoring.core.messages import msg
from scoring.core.model import Fact, Indicator, WeightsProfile
from scoring.core.numbers import plain
from scoring.files.documents import FACT_NAME
from scoring.files.names import fact_ids, is_id, resolve_column
from scoring.files.tables import (
    HEAD_COLUMNS,
    FactTable,
    MadeWhenRead,
    RowHead,
    load_rules,
    read_cell,
    read_heads,
)

Frame = TypeVar("Frame")

LIBRARIES = ("pandas", "polars")
DETAILS = ("wide", "long")
FRAME_FILE = "<frame>"
WIDE_COLUMNS = ("status", "total", "grade", "grade_en", "reason")
"""The wide form's columns after the unit-year's own, before one column per indicator."""
LONG_COLUMNS = ("status", "reason", *DETAIL_COLUMNS)
"""The long form's columns after the unit-year's own."""
MAX_DIGITS = 15
"""Significant digits a float can carry as written: more come from arithmetic."""
MAX_DIGITS_32 = 7
"""The same for a float32 (its shortest forms have up to 9): more, and it was rounded."""
_POW10 = [float(10**k) for k in range(23)]  # exact: 10**22 is the last power a float holds


# --------------------------------------------------------------------------- column names


def fact_columns(
    labels: Sequence[object], indicators: Sequence[Indicator], file: str = FRAME_FILE
) -> dict[str, str]:
    """Each column label of a frame and the head column or fact id it holds.

    The one place where a frame's column names are mapped to what they hold:
    ``unit``, ``year``, ``unit_en`` and the facts the indicators read, by
    their ids or by their Chinese names (as the indicator files declare them;
    ``单位`` and ``年度`` for unit and year), as a CSV table's header is read
    (:func:`scoring.files.names.resolve_column`).

    A column named like a fact id that no indicator reads is kept as a fact
    (``budgte``): :func:`score_frame` warns about it as ``scoring batch`` warns
    about such a CSV column, with the closest fact.

    Raises:
        InputError: for every other column that is not one of those (with the
            closest name), a column given twice (under both names, too), or
            no unit or year.
    """
    where = Location(file)
    read = fact_names(indicators)
    by_name = fact_ids(indicators)
    computed = {ind.id: ind for ind in indicators if ind.formula is not None}
    computed_names = {ind.name: ind.id for ind in computed.values()}
    problems: list[ScoringError] = []
    found: dict[str, str] = {}
    given_as: dict[str, str] = {}
    for label in labels:
        if not isinstance(label, str):
            problems.append(
                InputError(
                    msg("column {label!r} is not named by text", label=label),
                    location=where,
                    hint=msg("name the columns unit, year and the facts' ids or Chinese names"),
                )
            )
            continue
        name = resolve_column(label, by_name)
        if name is not None and (name in HEAD_COLUMNS or name in read):
            if name in given_as:
                twice = (
                    msg("column {label!r} appears twice", label=label)
                    if given_as[name] == label
                    else msg(
                        "column {label!r} is also {other!r}", label=label, other=given_as[name]
                    )
                )
                problems.append(
                    InputError(
                        twice,
                        location=where,
                        hint=msg("keep one of them"),
                    )
                )
                continue
            found[label] = name
            given_as[name] = label
        elif (name or computed_names.get(label)) in computed:
            ind = computed[name or computed_names[label]]
            assert ind.formula is not None
            problems.append(
                InputError(
                    msg(
                        "column {label!r} is indicator {id!r}, which is computed as {text}",
                        label=label,
                        id=ind.id,
                        text=ind.formula.text,
                    ),
                    location=where,
                    hint=msg(
                        "give the facts it is computed from: {names}",
                        names=", ".join(sorted(ind.formula.names)),
                    ),
                )
            )
        elif FACT_NAME.match(label) and label not in given_as:
            # A fact no indicator reads, as in a CSV table: read, and warned about once
            # (with the closest fact) by the table's checks; a row lacking the fact it
            # may be misspelt for says so.
            found[label] = label
            given_as[label] = label
        else:
            options = sorted(read) if is_id(label) else sorted(by_name)
            problems.append(
                InputError(
                    msg("column {label!r} is not a fact these indicators read", label=label),
                    location=where,
                    hint=did_you_mean(label, options)
                    or msg("keep only unit, year, unit_en and the fact columns"),
                )
            )
    for required in ("unit", "year"):
        if required not in given_as:
            problems.append(
                InputError(
                    msg("the frame has no {required!r} column", required=required),
                    location=where,
                    hint=msg("one row per unit-year: unit, year, then one column per fact"),
                )
            )
    raise_if_any(problems)
    return found


# --------------------------------------------------------------------------- columns


class _Numbers(NamedTuple):
    """A column of numbers as NumPy floats (NaN where missing) and how to write each."""

    values: Any
    digits: int
    text: Callable[[int], str]


def library(frame: object) -> str:
    """``"pandas"`` or ``"polars"``: the library ``frame`` is a DataFrame of.

    Raises:
        TypeError: for anything else (a polars LazyFrame says to collect it).
    """
    module = type(frame).__module__.split(".")[0]
    kind = type(frame).__name__
    if module in LIBRARIES and kind == "DataFrame":
        return module
    if module == "polars" and kind == "LazyFrame":
        raise TypeError("score_frame takes a polars DataFrame: collect() the LazyFrame first")
    raise TypeError(f"expected a pandas or polars DataFrame, not {type(frame).__qualname__}")


def _numpy() -> Any:
    try:
        import numpy  # noqa: PLC0415 (NumPy is optional)
    except ImportError:  # pragma: no cover: both frame libraries install it for this
        raise ImportError("reading a frame needs NumPy: pip install 'scoring[frames]'") from None
    return numpy


_NULLABLE_INTS = ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32")


def _pandas_column(series: Any) -> Any:
    """A pandas column as a float64 or int64 array, or a list of Python values (None: missing)."""
    np = _numpy()
    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    if dtype == np.float64:
        return series.to_numpy()
    if kind in "iu" and isinstance(dtype, np.dtype):
        return series.to_numpy()
    if dtype == np.float16:
        return dtype  # refused: about 3 digits, so its figures were rounded when made
    if kind == "f" and isinstance(dtype, np.dtype):
        # float32 scalars, each written in float32's shortest form (0.1, not 0.100000001).
        return [None if np.isnan(x) else x for x in series.to_numpy()]
    if kind in "mMc" or str(dtype).startswith(("period", "interval", "datetime")):
        return dtype
    if str(dtype) == "Float64":
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    if str(dtype) in _NULLABLE_INTS and not series.hasnans:
        return series.to_numpy(dtype=np.int64)
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _polars_column(series: Any) -> Any:
    """A polars column as a float64 or int64 array, or a list of Python values (None: null)."""
    np = _numpy()
    pl = sys.modules["polars"]
    dtype = series.dtype
    if dtype == pl.Float64:
        return series.to_numpy()
    if dtype.is_integer() and dtype != pl.UInt64 and series.null_count() == 0:
        return series.to_numpy().astype(np.int64)
    if dtype == pl.Float32:
        # float32 scalars, each written in float32's shortest form (0.1, not 0.100000001).
        return [None if np.isnan(x) else x for x in series.to_numpy()]
    if dtype.is_temporal() or dtype in (pl.Binary, pl.Struct):
        return dtype
    return series.to_list()


def _float_text(value: float) -> str:
    """A float's shortest decimal form, without exponent or trailing ``.0``."""
    text = repr(value)
    if "e" in text or text.endswith(".0"):
        return plain(Decimal(text))
    return text


def _digits(text: str) -> int:
    """Significant digits of a number written as Python writes floats."""
    mantissa = text.split("e", maxsplit=1)[0].lstrip("-").replace(".", "")
    return len(mantissa.strip("0")) or 1


def _too_long(name: str, text: str, number: int, lib: str, where: Location) -> InputError:
    round_hint = (
        f"frame.round({{{name!r}: 2}})"
        if lib == "pandas"
        else f"frame.with_columns(pl.col({name!r}).round(2))"
    )
    return InputError(
        msg(
            "row {number}: fact {name!r} is the float {text}, with {digits} significant "
            "digits: a result of float arithmetic, not a figure as written",
            number=number,
            name=name,
            text=text,
            digits=_digits(text),
        ),
        location=where,
        hint=msg(
            "round the column first ({round_hint}), or give the figures as Decimal or text",
            round_hint=round_hint,
        ),
    )


def _float_numbers(
    name: str, v: Any, lib: str, where: Location, found: dict[int, list[ScoringError]]
) -> _Numbers:
    """A float64 column checked: infinite values, and more than 15 digits, fail their row."""
    np = _numpy()
    v = np.array(v, dtype=np.float64)  # a copy: bad cells are set missing below
    finite = np.isfinite(v)
    whole = finite & (np.floor(v) == v) & (np.abs(v) < 1e15)
    check = np.flatnonzero(finite & ~whole)
    if check.size:
        x = v[check]
        with np.errstate(divide="ignore"):
            j = 14 - np.floor(np.log10(np.abs(x)))
        usable = (j >= 0) & (j <= 22)
        scale = np.asarray(_POW10)[np.where(usable, j, 0).astype(np.int64)]
        m = np.rint(x * scale)
        # m and scale are exact, so m / scale is the float nearest to the decimal m·10^-j:
        # equal to x only when x is that decimal of at most 15 digits, as written.
        short = usable & (np.abs(m) < 1e15) & (m / scale == x)
        for i in check[~short].tolist():
            text = repr(float(v[i]))
            if _digits(text) > MAX_DIGITS:
                found.setdefault(i, []).append(_too_long(name, text, i + 1, lib, where))
                v[i] = np.nan
    # Out of the bounds every number read obeys (below 1e16, 0 or at least 1e-15, at most
    # 15 places): 1e20 or 1.5e-16 fails its row as its text would in a CSV cell; the
    # columnar engine, reading the floats, scored them. Only a value below 0.01 can have
    # more than 15 places with at most 15 digits: those are checked on their text.
    size = np.abs(v)
    odd = np.flatnonzero(finite & (v != 0) & ((size >= 1e16) | (size < 0.01)))
    for i in odd.tolist():
        if not math.isnan(v[i]) and _refused(name, _float_text(float(v[i])), i, where, found):
            v[i] = np.nan
    for i in np.flatnonzero(np.isinf(v)).tolist():
        found.setdefault(i, []).append(
            InputError(
                msg(
                    "row {value}: fact {name!r} is {float}, not a figure",
                    value=i + 1,
                    name=name,
                    float=float(v[i]),
                ),
                location=where,
                hint=msg("leave a fact that is not known empty (NaN or None)"),
            )
        )
        v[i] = np.nan

    def write(i: int) -> str:
        x = float(v[i])
        if math.isnan(x):
            return ""
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        return _float_text(x)

    return _Numbers(v, MAX_DIGITS, write)


def _refused(
    name: str, text: str, i: int, where: Location, found: dict[int, list[ScoringError]]
) -> bool:
    """Whether the number ``text`` (row ``i``'s) is refused as a CSV cell's would be; its
    problem is then added to the row's."""
    problems: list[ScoringError] = []
    read_cell(name, text, i + 1, where, problems)
    if problems:
        found.setdefault(i, []).extend(problems)
    return bool(problems)


def _int_numbers(
    name: str, v: Any, where: Location, found: dict[int, list[ScoringError]]
) -> _Numbers:
    """An integer column; a value of 1e16 or more (int64 holds 9.2e18) fails its row as
    its text would in a CSV cell, where floats would have scored it."""
    np = _numpy()
    values = v.astype(np.float64)
    bad: set[int] = set()
    if v.size and (int(v.max()) >= 10**16 or int(v.min()) <= -(10**16)):
        for i in np.flatnonzero((v >= 10**16) | (v <= -(10**16))).tolist():
            if _refused(name, str(int(v[i])), i, where, found):
                bad.add(i)
                values[i] = np.nan
    kept = [int(x) for x in (v.min(), v.max())] if v.size and not bad else None
    if kept is None and v.size:
        good = np.delete(v, sorted(bad))
        kept = [int(good.min()), int(good.max())] if good.size else [0]
    widest = max(len(str(x)) for x in kept) if kept else 1

    def write(i: int) -> str:
        return "" if i in bad else str(int(v[i]))

    return _Numbers(values, widest, write)


def _cell_text(
    value: object, name: str, number: int, lib: str, where: Location
) -> str | Fact | InputError:
    """One cell as the text a CSV cell would hold, or a checklist read from a list."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    np = _numpy()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, np.float16) and np.isfinite(value):
        return InputError(
            msg(
                "row {number}: fact {name!r} is the float16 {value}, which keeps 3 or 4 digits:"
                " the figure was rounded when it was made",
                number=number,
                name=name,
                value=value,
            ),
            location=where,
            hint=msg("give the figure as a float (float64), Decimal or text"),
        )
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if not np.isfinite(value):
            return InputError(
                msg(
                    "row {number}: fact {name!r} is {value}, not a figure",
                    number=number,
                    name=name,
                    value=value,
                ),
                location=where,
                hint=msg("leave a fact that is not known empty (NaN or None)"),
            )
        text = repr(float(value)) if isinstance(value, float | np.float64) else str(value)
        if _digits(text) > MAX_DIGITS:
            return _too_long(name, text, number, lib, where)
        if isinstance(value, np.float32) and _digits(text) > MAX_DIGITS_32:
            # 1234567.89 as float32 is 1234567.9: the figure was rounded to fit.
            return InputError(
                msg(
                    "row {number}: fact {name!r} is the float32 {text}, with {digits}"
                    " significant digits: float32 keeps about 7, so the figure may have been"
                    " rounded when it was made",
                    number=number,
                    name=name,
                    text=_float_text(float(text)),
                    digits=_digits(text),
                ),
                location=where,
                hint=msg("make the column again from the figures as float64, Decimal or text"),
            )
        return _float_text(float(text)) if "e" in text or text.endswith(".0") else text
    if isinstance(value, Decimal):
        if value.is_nan():
            return ""
        if not value.is_finite():
            return InputError(
                msg(
                    "row {number}: fact {name!r} is {value}, not a figure",
                    number=number,
                    name=name,
                    value=value,
                ),
                location=where,
            )
        return plain(value)
    if isinstance(value, list | tuple | np.ndarray):
        items = [item.strip() if isinstance(item, str) else item for item in list(value)]
        if all(isinstance(item, str) and item for item in items):
            return Fact(name, tuple(items), None, where)
        return InputError(
            msg(
                "row {number}: fact {name!r} lists {list!r}: items met must be names",
                number=number,
                name=name,
                list=list(value),
            ),
            location=where,
            hint=msg("list the names of the checklist items met, as in ['exists', 'lawful']"),
        )
    return InputError(
        msg(
            "row {number}: fact {name!r} is a {type}, not a number, true/false or text",
            number=number,
            name=name,
            type=type(value).__name__,
        ),
        location=where,
    )


def _head_text(value: object) -> str:
    """A unit, year or English name cell as text (the table reader checks it)."""
    if value is None:
        return ""
    np = _numpy()
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else _float_text(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def read_frame(
    frame: object, indicators: Sequence[Indicator], *, file: str = FRAME_FILE
) -> FactTable:
    """A pandas or polars DataFrame as a table of unit-years, read as a CSV table is read.

    ``file`` names the frame in messages. A row that cannot be read is kept
    with its problems, as in a CSV table; see the module's description for
    how each kind of column is read.

    Raises:
        TypeError: when ``frame`` is not a pandas or polars DataFrame.
        InputError: for columns that are not ``unit``, ``year``, ``unit_en``
            or a fact the indicators read, or that hold dates or bytes.
    """
    lib = library(frame)
    np = _numpy()
    f: Any = frame
    labels = list(f.columns)
    columns = fact_columns(labels, indicators, file)
    where = Location(file)
    count = len(f)
    get = _pandas_column if lib == "pandas" else _polars_column
    raw: dict[str, Any] = {}
    problems: list[ScoringError] = []
    for label, name in columns.items():
        values = get(f[label] if lib == "pandas" else f.get_column(label))
        if isinstance(values, np.dtype) and values == np.float16:
            problems.append(
                InputError(
                    msg(
                        "column {label!r} is float16, which keeps 3 or 4 digits: its figures"
                        " were rounded when it was made (37.24 is held as 37.25)",
                        label=label,
                    ),
                    location=where,
                    hint=msg("make the column again from the figures as float64, Decimal or text"),
                )
            )
        elif not isinstance(values, list | np.ndarray):
            problems.append(
                InputError(
                    msg(
                        "column {label!r} holds {values}, not numbers, true/false or text",
                        label=label,
                        values=values,
                    ),
                    location=where,
                    # A year of dates (pd.to_datetime): the year alone is the column meant.
                    hint=msg(
                        "give the years as whole numbers, such as {fix}",
                        fix=f"frame[{label!r}].dt.year"
                        if lib == "pandas"
                        else f"pl.col({label!r}).dt.year()",
                    )
                    if name == "year"
                    else msg("facts are numbers, true/false, a month, a level's name or items met"),
                )
            )
        raw[name] = values
    raise_if_any(problems)

    found: dict[int, list[ScoringError]] = {}
    heads = _heads(raw, file, found)
    other: dict[int, dict[str, Fact]] = {}
    names = tuple(name for name in columns.values() if name not in HEAD_COLUMNS)
    texts: list[Callable[[int], str]] = []
    parsed: dict[str, tuple[Any, Any, int]] = {}
    for name in names:
        values = raw[name]
        if isinstance(values, np.ndarray):
            numbers = (
                _float_numbers(name, values, lib, where, found)
                if values.dtype == np.float64
                else _int_numbers(name, values, where, found)
            )
        else:
            numbers = _cell_numbers(name, values, lib, where=where, found=found, other=other)
        parsed[name] = (numbers.values, np.isnan(numbers.values), numbers.digits)
        texts.append(numbers.text)
    problems_by_row = {i: found[i] for i in sorted(found)}
    return FactTable(
        file,
        heads,
        names,
        MadeWhenRead(count, lambda i: ",".join([text(i) for text in texts])),
        problems_by_row,
        parsed=parsed,
        other=other,
    )


def _heads(
    raw: dict[str, Any], file: str, found: dict[int, list[ScoringError]]
) -> Sequence[RowHead]:
    units = _head_texts(raw["unit"])
    years = _head_texts(raw["year"])
    english = _head_texts(raw["unit_en"]) if "unit_en" in raw else None
    heads, problems = read_heads(units, years, english, file=file, first_line=0)
    for index, listed in problems.items():
        found.setdefault(index, []).extend(listed)
    return heads


def _head_texts(values: Any) -> list[str]:
    listed = values if isinstance(values, list) else values.tolist()
    # Text and whole numbers are the common case: written without a call each.
    return [v if type(v) is str else str(v) if type(v) is int else _head_text(v) for v in listed]


def _cell_numbers(
    name: str,
    values: list[Any],
    lib: str,
    *,
    where: Location,
    found: dict[int, list[ScoringError]],
    other: dict[int, dict[str, Fact]],
) -> _Numbers:
    """A column of Python values read cell by cell, as the CSV reader reads cells."""
    np = _numpy()
    cells: list[str] = []
    for i, value in enumerate(values):
        got = _cell_text(value, name, i + 1, lib, where)
        problems: list[ScoringError] = []
        text = ""
        if isinstance(got, str):
            text, fact = read_cell(name, got, i + 1, where, problems)
            if fact is not None:
                other.setdefault(i, {})[name] = fact
        elif isinstance(got, Fact):
            other.setdefault(i, {})[name] = got
        else:
            problems.append(got)
        if problems:
            found.setdefault(i, []).extend(problems)
        cells.append(text)
    floats = np.array([c or "nan" for c in cells], dtype=np.float64)
    longest = max(map(len, cells), default=0)
    return _Numbers(floats, longest, cells.__getitem__)


# --------------------------------------------------------------------------- scoring


def _rules(
    indicators: Sequence[Indicator] | Sequence[str | Path] | str | Path,
    weights: WeightsProfile | str | Path,
) -> tuple[tuple[Indicator, ...], WeightsProfile]:
    if isinstance(weights, WeightsProfile):
        given = [indicators] if isinstance(indicators, str | Path) else list(indicators)
        if not all(isinstance(i, Indicator) for i in given):
            raise TypeError("with a loaded weights profile, give the loaded indicators too")
        return tuple(i for i in given if isinstance(i, Indicator)), weights
    refs = [indicators] if isinstance(indicators, str | Path) else list(indicators)
    if not all(isinstance(r, str | Path) for r in refs):
        raise TypeError("give indicator files by path or shipped name, with weights the same way")
    rules = load_rules([str(r) for r in refs], str(weights))
    _warn(rules.warnings)  # a rule file read as GB18030
    return rules.indicators, rules.weights


@attrs.frozen
class _Out:
    """An output column: its name, what it holds, and its values."""

    name: str
    kind: str  # "echo" (an input column), "text", "number", "bool"
    values: Any


def score_frame(
    frame: Frame,
    *,
    indicators: Sequence[Indicator] | Sequence[str | Path] | str | Path,
    weights: WeightsProfile | str | Path,
    detail: str = "wide",
    exact: bool = False,
    engine: str = "auto",
) -> Frame:
    """Score every row of a pandas or polars DataFrame; a DataFrame of the same library back.

    Args:
        frame: one row per unit-year: ``unit``, ``year``, optionally
            ``unit_en``, and one column per fact, named by its id. The index
            is not read.
        indicators: indicator files by path or shipped name (or the loaded
            :class:`~scoring.Indicator` objects, with a loaded profile).
        weights: the weights profile by path or shipped name, or loaded.
        detail: ``"wide"``: one row per input row, in order: ``unit``,
            ``year`` (and ``unit_en``) as given, ``status`` (``scored`` or
            ``failed``), ``total``, ``grade``, ``grade_en``, ``reason`` (why a
            row failed) and one points column per indicator. ``"long"``: one
            row per unit-year and indicator, with the columns of
            :data:`LONG_COLUMNS` (value, target, points, met, explanation, ...).
        exact: points as :class:`~decimal.Decimal` objects (polars: its
            Decimal type) instead of floats. The floats hold the sheet's
            rounded points (4.88 is the float nearest 4.88), so either
            prints as the scorecard does.
        engine: as for :func:`scoring.score_table` (wide form; the long form
            scores each row with the one-unit engine, for its explanations).

    Raises:
        TypeError: when ``frame`` is not a pandas or polars DataFrame.
        ScoringError: when the rules cannot be loaded or do not fit
            together, or a column is not one the indicators read (a bad row
            only fails that row).
    """
    lib = library(frame)
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    loaded, profile = _rules(indicators, weights)
    table = read_frame(frame, loaded)
    labels = fact_columns(list(frame.columns), loaded)  # type: ignore[attr-defined]
    heads = {name: label for label, name in labels.items() if name in HEAD_COLUMNS}
    # As scoring batch warns about a table: the columns no indicator reads, a row
    # repeating an earlier row's unit and year, the indicators' own targets.
    _warn(table_warnings(loaded, table))
    _warn(_unit_numbers(frame, heads.get("unit")))
    if detail == "wide":
        result = score_table(loaded, profile, table, engine=engine)
        _warn(_row_warnings(result.outcomes))
        outs = _wide(result.outcomes, result.indicator_ids, profile.decimals, exact)
        positions = None
    else:
        pairs = list(explain_table(loaded, profile, table))
        _warn(_row_warnings([outcome for outcome, _ in pairs]))
        outs = _long(pairs, exact)
        width = len(profile.points)
        positions = [i for i in range(len(pairs)) for _ in range(width)]
    echo = [_Out(name, "echo", heads[name]) for name in HEAD_COLUMNS if name in heads]
    build = _pandas_frame if lib == "pandas" else _polars_frame
    return build(frame, [*echo, *outs], positions, exact)  # type: ignore[no-any-return]


def _unit_numbers(frame: object, label: str | None) -> list[ScoringError]:
    """A warning when the unit column is a column of numbers, not of text.

    A unit is named (岳阳市教育体育局) or coded; a code read into a DataFrame as
    a number has lost its leading zeros (pandas reads 00123 as 123), and a code
    of 17 digits or more its last digits, before it reached this function,
    which then cannot tell. A CSV table has no such problem: its cells are read
    as written.
    """
    if label is None:
        return []
    f: Any = frame
    pandas = library(frame) == "pandas"
    dtype = (f[label] if pandas else f.get_column(label)).dtype
    if not (dtype.kind in "iuf" if pandas else dtype.is_numeric()):
        return []
    read = (
        f"pd.read_csv(..., dtype={{{label!r}: str}})"
        if pandas
        else f"pl.read_csv(..., schema_overrides={{{label!r}: pl.String}})"
    )
    return [
        InputWarning(
            msg(
                "column {label!r} holds numbers, not text: a unit code read as a number loses"
                " its leading zeros (00123 becomes 123)",
                label=label,
            ),
            location=Location(FRAME_FILE),
            hint=msg("if the units are codes, read the column as text: {read}", read=read),
        )
    ]


def _warn(problems: Sequence[ScoringError]) -> None:
    """Each warning as a Python warning (a frame has no standard error to write to), in the
    words ``scoring batch`` gives it for a CSV table."""
    for problem in problems:
        warnings.warn(ScoringWarning(problem.line()), stacklevel=3)


def _row_warnings(outcomes: Sequence[Outcome]) -> list[ScoringError]:
    """Every row's warnings (a rate that looks like a fraction), in row order; read from the
    columnar engine's outcomes without making each row's outcome."""
    sparse = getattr(outcomes, "warnings", None)
    alone = getattr(outcomes, "alone", None)
    if isinstance(sparse, dict) and isinstance(alone, dict):
        by_row = dict(sparse)
        by_row.update({i: getattr(o, "warnings", ()) for i, o in alone.items()})
        return [w for i in sorted(by_row) for w in by_row[i]]
    return [w for o in outcomes for w in getattr(o, "warnings", ())]


def _reason(outcome: Outcome) -> str | None:
    """Why a row failed, each problem without the row's number and place (the row says so)."""
    if not isinstance(outcome, Failed):
        return None
    prefix = f"row {outcome.head.number}: "
    lines = []
    for p in outcome.problems:
        text = p.message.removeprefix(prefix)
        lines.append(f"{text} (hint: {p.hint})" if p.hint else text)
    return " | ".join(lines)


def _wide(
    outcomes: Sequence[Outcome], ids: Sequence[str], decimals: int, exact: bool
) -> list[_Out]:
    np = _numpy()
    n, k = len(outcomes), len(ids)
    matrix = getattr(outcomes, "units", None)
    if matrix is not None:
        # The columnar engine's outcomes hold every row's points at once: read them so,
        # and only the rows it handed to the one-unit engine one by one.
        units = matrix.astype(np.float64)
        totals = outcomes.totals.astype(np.float64)  # type: ignore[attr-defined]
        grades: list[Any] = list(outcomes.grades)  # type: ignore[attr-defined]
        special: dict[int, Outcome] = dict(outcomes.alone)  # type: ignore[attr-defined]
    else:
        units = np.zeros((n, k), dtype=np.float64)
        totals = np.zeros(n, dtype=np.float64)
        grades = [None] * n
        special = dict(enumerate(outcomes))
    missing = np.zeros((n, k), dtype=np.bool_)
    failed = np.zeros(n, dtype=np.bool_)
    status = ["scored"] * n
    reason: list[str | None] = [None] * n
    for i, o in special.items():
        if isinstance(o, Scored):
            totals[i] = o.total_units
            grades[i] = o.grade
            units[i] = [0 if u is None else u for u in o.units]
            missing[i] = [u is None for u in o.units]
        else:
            status[i] = "failed"
            reason[i] = _reason(o)
            grades[i] = None
            failed[i] = True
            missing[i] = True
    return [
        _Out("status", "text", status),
        _Out("total", "number", _points(totals, failed, decimals, exact)),
        _Out("grade", "text", [None if g is None else g.name for g in grades]),
        _Out("grade_en", "text", [None if g is None else g.name_en for g in grades]),
        _Out("reason", "text", reason),
        *(
            _Out(ind_id, "number", _points(units[:, j], missing[:, j], decimals, exact))
            for j, ind_id in enumerate(ids)
        ),
    ]


def _points(units: Any, missing: Any, decimals: int, exact: bool) -> Any:
    """Counts of the last decimal place as floats (NaN where missing), or Decimals (None)."""
    np = _numpy()
    if exact:
        return [
            None if gone else Decimal(int(u)).scaleb(-decimals)
            for u, gone in zip(units.tolist(), missing.tolist(), strict=True)
        ]
    # A whole count over a power of ten, divided in floats, is the float nearest the
    # decimal: 488 / 100 is the float that prints as 4.88.
    return np.where(missing, np.nan, units / float(10**decimals))


def _long(pairs: Sequence[tuple[Outcome, tuple[Detail, ...]]], exact: bool) -> list[_Out]:
    columns: dict[str, list[Any]] = {name: [] for name in LONG_COLUMNS}
    for outcome, details in pairs:
        status = "scored" if isinstance(outcome, Scored) else "failed"
        reason = _reason(outcome)
        for d in details:
            columns["status"].append(status)
            columns["reason"].append(reason)
            for name in DETAIL_COLUMNS:
                columns[name].append(getattr(d, name))
    outs = []
    for name, values in columns.items():
        if name in NUMBER_COLUMNS:
            outs.append(_Out(name, "number", values if exact else _floats(values)))
        elif name in ("met", "assumed"):
            outs.append(_Out(name, "bool", values))
        else:
            outs.append(_Out(name, "text", values))
    return outs


def _floats(values: list[Decimal | None]) -> Any:
    np = _numpy()
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


# --------------------------------------------------------------------------- building frames


def _pandas_frame(frame: Any, outs: list[_Out], positions: list[int] | None, exact: bool) -> Any:
    pd = sys.modules["pandas"]
    np = _numpy()
    data: dict[str, Any] = {}
    for out in outs:
        if out.kind == "echo":
            column = frame[out.values]
            data[out.name] = (column if positions is None else column.iloc[positions]).array
        elif out.kind == "bool":
            data[out.name] = pd.array(out.values, dtype="boolean")
        elif out.kind == "number" and not exact:
            data[out.name] = np.asarray(out.values, dtype=np.float64)
        elif out.kind == "text":
            # pandas' own dtype for text (str from pandas 3, object before), whatever the
            # values: a partition of failed rows only has the dtype of the others.
            data[out.name] = pd.Series(out.values, dtype=pd.Series(["x"]).dtype).array
        else:
            data[out.name] = np.array(out.values, dtype=object)
    index = frame.index if positions is None else frame.index[positions]
    return pd.DataFrame(data, index=index)


def _polars_frame(frame: Any, outs: list[_Out], positions: list[int] | None, exact: bool) -> Any:
    pl = sys.modules["polars"]
    series = []
    for out in outs:
        if out.kind == "echo":
            column = frame.get_column(out.values).alias(out.name)
            series.append(column if positions is None else column.gather(positions))
        elif out.kind == "bool":
            series.append(pl.Series(out.name, out.values, dtype=pl.Boolean))
        elif out.kind == "text":
            series.append(pl.Series(out.name, out.values, dtype=pl.String))
        elif out.kind == "number" and not exact:
            series.append(pl.Series(out.name, out.values, dtype=pl.Float64).fill_nan(None))
        else:
            series.append(_polars_decimals(out.name, out.values))
    return pl.DataFrame(series)


def _polars_decimals(name: str, values: list[Decimal | None]) -> Any:
    """Decimals as polars' Decimal type, at the most places any of them has."""
    pl = sys.modules["polars"]
    present = [v for v in values if v is not None]
    scale = max((max(0, -v.as_tuple().exponent) for v in present), default=0)  # type: ignore[operator]
    digits = max((v.adjusted() + 1 for v in present), default=1)
    if scale + max(digits, 1) <= 38:
        return pl.Series(name, values, dtype=pl.Decimal(38, scale))
    return pl.Series(name, values, dtype=pl.Object)


__all__ = [
    "DETAILS",
    "LONG_COLUMNS",
    "WIDE_COLUMNS",
    "fact_columns",
    "library",
    "read_frame",
    "score_frame",
]
