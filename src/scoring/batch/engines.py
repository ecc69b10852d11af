"""Scoring a table with the engine asked for: the same results as scoring each row alone.

Pure, like the engine: a :class:`~scoring.files.tables.FactTable` in, a
:class:`BatchResult` out, one outcome per table row in table order. A row
that cannot be read or scored is a :class:`Failed` outcome with its problems;
it never stops the other rows unless ``fail_fast`` is set, and no row is
left out.

Two engines give identical results:

- ``exact``: :func:`scoring.core.engine.score` for each row, the one-unit engine
  itself;
- ``columnar``: :mod:`scoring.batch.columnar`, which evaluates each rule over whole
  columns with NumPy and hands every value it cannot decide exactly back to
  the Decimal code. It needs the optional ``fast`` extra.

``auto`` (the default) takes ``columnar`` when NumPy can be imported.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from scoring.batch import exact
from scoring.batch.outcomes import BatchResult, Failed, Outcome, Progress
from scoring.core.engine import check, effective_points
from scoring.core.errors import InputWarning, Location, ScoringError, raise_if_any
from scoring.core.fact_checks import fact_names, target_warnings, unread_fact
from scoring.core.messages import msg
from scoring.core.model import Indicator, WeightsProfile
from scoring.core.numbers import in_context
from scoring.files.tables import FactTable, RowHead, with_fact_ids

ENGINES = ("auto", "exact", "columnar")


def numpy_available() -> bool:
    """Whether the columnar engine can run (NumPy is installed)."""
    try:
        import numpy  # noqa: F401, PLC0415 (NumPy is optional)
    except ImportError:
        return False
    return True


@in_context
def score_table(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    *,
    engine: str = "auto",
    fail_fast: bool = False,
    progress: Progress | None = None,
    earlier: dict[tuple[str, int], int] | UnitYears | None = None,
    warnings: bool = True,
) -> BatchResult:
    """Score every row of ``table`` with ``indicators`` and ``weights``.

    ``earlier``, for the parts of one table scored one after another: the
    unit-years of the parts before (updated with this part's), so that a
    repeated unit-year is found across parts, and the warnings about the
    table as a whole are given with the first part only. A dict of each
    unit-year's first row warns about a repeated row in the part's result;
    a :class:`UnitYears` (8 bytes a row) keeps them all, to be warned about
    by :meth:`UnitYears.repeats` once the last part is scored.

    ``warnings``: False when the caller finds the warnings about the table
    itself (:func:`table_warnings`; the command, scoring parts in other
    processes, finds them in table order): the result then has none.

    Raises:
        WeightsError: when indicators and weights do not fit together (no
            row can be scored then).
        ValueError: for an unknown engine, or ``columnar`` without NumPy.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    raise_if_any(check(indicators, weights))
    table = with_fact_ids(table, indicators)
    if engine == "auto":
        engine = "columnar" if numpy_available() else "exact"
    if engine == "columnar":
        if not numpy_available():
            raise ValueError(msg("the columnar engine needs NumPy: pip install 'scoring[fast]'"))
        from scoring.batch import columnar  # noqa: PLC0415 (NumPy is optional)

        outcomes: Sequence[Outcome] = columnar.score_rows(
            indicators, weights, table, progress=progress
        )
    else:
        outcomes = exact.score_rows(indicators, weights, table, fail_fast, progress)
    failed_at = getattr(outcomes, "failed_at", None)
    if failed_at is None:
        failed_at = tuple(i for i, o in enumerate(outcomes) if isinstance(o, Failed))
    stopped = False
    if fail_fast and failed_at:
        first = failed_at[0]
        outcomes = [outcomes[i] for i in range(first + 1)]
        failed_at = (first,)
        stopped = first + 1 < len(table)
    points = effective_points(indicators, weights)
    return BatchResult(
        profile=weights,
        indicator_ids=tuple(weights.points),
        max_points=tuple(points[i] for i in weights.points),
        outcomes=outcomes,
        engine=engine,
        stopped=stopped,
        failed_at=tuple(failed_at),
        warnings=tuple(table_warnings(indicators, table, earlier)) if warnings else (),
    )


# In ``earlier``: the warnings about the whole table were given (no unit is empty).
_GIVEN = ("", 0)


_hash = hash
"""The hash of a unit-year (a name, so that a test can make every hash collide)."""


class UnitYears:
    """The unit and year of every row of a table scored a part at a time, 8 bytes a row.

    Each row is kept as a 64-bit hash of its unit and year (0 for a row
    without both), in row order, so that a table of 10^7 rows takes 80 MB
    here, not the gigabytes a dict of every unit's name would. The rows that
    repeat an earlier row are found once the whole table has been seen
    (:meth:`repeats`): among the rows whose hash another row shares, each
    read again and compared on its unit and year themselves, so that two
    unit-years whose hashes collide are never said to be the same.
    """

    def __init__(self) -> None:
        self.hashes = array("q")
        self.given = False
        """Whether the warnings about the table as a whole were given (with its first part)."""

    def add(self, heads: Sequence[RowHead]) -> None:
        """The next rows of the table (rows numbered on from the ones added before)."""
        units = getattr(heads, "units", None)
        years = getattr(heads, "years", None)
        if units is not None and years is not None:
            # Plain heads: every unit and year was read (see read_heads).
            found = array("q", map(_hash, zip(units, years, strict=True)))
            while 0 in found:  # 0 stands for no unit-year
                found[found.index(0)] = 1
        else:
            found = array(
                "q", ((_hash((h.unit, h.year)) or 1) if h.unit and h.year else 0 for h in heads)
            )
        self.hashes.extend(found)

    def candidates(self) -> list[int]:
        """The indices of the rows whose hash another row shares, in row order."""
        try:
            import numpy as np  # noqa: PLC0415 (NumPy is optional)
        except ImportError:
            counts = Counter(self.hashes)
            many = {h for h, n in counts.items() if n > 1 and h}
            return [i for i, h in enumerate(self.hashes) if h in many]
        if not self.hashes:
            return []
        hashes = np.frombuffer(self.hashes, dtype=np.int64)
        ordered = np.sort(hashes)
        same = ordered[1:][ordered[1:] == ordered[:-1]]
        shared = np.unique(same[same != 0])
        if not shared.size:
            return []
        found: list[int] = np.flatnonzero(np.isin(hashes, shared)).tolist()
        return found

    def repeats(self, heads_at: Callable[[Sequence[int]], Iterable[RowHead]]) -> list[ScoringError]:
        """A warning for every row that repeats an earlier row's unit and year, in row order.

        ``heads_at(indices)`` gives the heads of the rows at ``indices`` (0 for
        the first row, in the order given), as read again from the table.
        """
        first: dict[tuple[str, int], RowHead] = {}
        found: list[ScoringError] = []
        for head in heads_at(self.candidates()):
            if not head.unit or not head.year:
                continue
            seen = first.setdefault((head.unit, head.year), head)
            if seen is not head:
                found.append(_repeated(head, seen.number, seen.line))
        return found


def table_warnings(
    indicators: Sequence[Indicator],
    table: FactTable,
    earlier: dict[tuple[str, int], int] | UnitYears | None = None,
    *,
    also_read: Iterable[str] = (),
) -> list[ScoringError]:
    """What looks wrong in the table as a whole, each once rather than on every row.

    The indicators' own targets (:func:`scoring.core.fact_checks.target_warnings`),
    every fact column no indicator reads (with did-you-mean), and every row that
    repeats an earlier row's unit and year. With :class:`UnitYears` as
    ``earlier``, the table's rows are added to it instead, and the repeated
    rows are found by :meth:`UnitYears.repeats` once every part is added.
    ``also_read``: facts read besides the indicators' (monitoring's spending
    facts), not said to be read by none.
    """
    found: list[ScoringError] = []
    if isinstance(earlier, UnitYears):
        if not earlier.given:
            found += target_warnings(indicators)
            found += column_warnings(indicators, table, also_read)
            earlier.given = True
        earlier.add(table.heads)
        return found + total_lines(table)
    if earlier is None or _GIVEN not in earlier:
        # The indicators' targets and the columns no indicator reads (a CSV part has them all).
        found += target_warnings(indicators)
        found += column_warnings(indicators, table, also_read)
        if earlier is not None:
            earlier[_GIVEN] = 0
    heads = table.heads
    units = getattr(heads, "units", None)
    years = getattr(heads, "years", None)
    pairs = (
        list(zip(units, years, strict=True))
        if units is not None and years is not None
        else [(h.unit, h.year) for h in heads]
    )
    # Each unit-year's first row: its number and line, packed in one int
    # (number << 32 | line).
    first: dict[tuple[str, int], int] = {} if earlier is None else earlier
    # A plain CSV table's heads, kept as columns: row i is number first_row + i
    # on line first_line + i (no line when first_line is 0), read without
    # making each row's head.
    first_row = getattr(heads, "first_row", None)
    first_line = getattr(heads, "first_line", 0)
    for index, pair in enumerate(pairs):
        if not pair[0] or not pair[1]:
            continue
        seen = first.get(pair)
        if seen is None:
            if first_row is not None:
                line = first_line + index if first_line else 0
                first[pair] = (first_row + index) << 32 | line
            else:
                head = heads[index]
                first[pair] = head.number << 32 | head.line
            continue
        found.append(_repeated(heads[index], seen >> 32, seen & 0xFFFFFFFF))
    return found + total_lines(table)


TOTAL_NAMES = frozenset(
    {
        *(
            f"{word}{end}"
            for word in ("合计", "总计", "小计", "共计", "合 计", "总 计")
            for end in ("", "：", ":")
        ),
        *("Total", "TOTAL", "total", "Subtotal", "subtotal", "Sum", "SUM"),
    }
)
"""Units that are a sheet's total line (合计 below the units), not a unit."""


def total_lines(table: FactTable) -> list[ScoringError]:
    """A warning for every row whose unit is a total line's (合计, 总计): copied from a sheet
    with the units, it is scored as one more unit, and a ranking or an average counts it."""
    heads = table.heads
    units = getattr(heads, "units", None)
    if units is None:
        units = [head.unit for head in heads]
    if TOTAL_NAMES.isdisjoint(units):
        return []  # most parts: one pass in C, not a Python step per row
    return [
        InputWarning(
            msg(
                "row {number}: unit {unit!r} is a total line's name, scored as a unit",
                number=heads[i].number,
                unit=unit,
            ),
            location=heads[i].location,
            hint=msg("delete the line if it adds up the rows above it; it is no unit of its own"),
        )
        for i, unit in enumerate(units)
        if unit in TOTAL_NAMES
    ]


def _repeated(head: RowHead, number: int, line: int) -> InputWarning:
    """The warning that row ``head`` repeats the unit and year of row ``number`` (on ``line``)."""
    return InputWarning(
        msg(
            "row {number}: {pair} {pair2} is also row {heads_number} (line {line})",
            number=head.number,
            pair=head.unit,
            pair2=head.year,
            heads_number=number,
            line=line,
        )
        if line
        else msg(  # a DataFrame's rows have no lines
            "row {number}: {pair} {pair2} is also row {heads_number}",
            number=head.number,
            pair=head.unit,
            pair2=head.year,
            heads_number=number,
        ),
        location=head.location,
        hint=msg("score each unit-year once: remove the repeated row, or correct its unit or year"),
    )


def column_warnings(
    indicators: Sequence[Indicator], table: FactTable, also_read: Iterable[str] = ()
) -> list[ScoringError]:
    """A warning for every fact of the table no indicator reads, with the closest fact."""
    found: list[ScoringError] = []
    read = fact_names(indicators) | set(also_read)
    given = [
        *table.names,
        *sorted({n for row in table.other.values() for n in row} - set(table.names)),
    ]
    for name in given:
        if name not in read:
            found.append(unread_fact(name, read, given, _first_with(table, name)))
    return found


def _first_with(table: FactTable, name: str) -> Location:
    """Where fact ``name`` is first given: a CSV table's header, or the first row that has it."""
    if table.file.lower().endswith(".csv"):
        return Location(table.file, 1)
    column = table.columns.get(name) if name in table.names else None
    for index in range(len(table)):
        has = bool(column[index]) if column is not None else name in table.other.get(index, {})
        if has:
            return table.heads[index].location
    return Location(table.file)


__all__ = ["ENGINES", "UnitYears", "numpy_available", "score_table"]
