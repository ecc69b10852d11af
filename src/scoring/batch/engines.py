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

from collections.abc import Sequence

from scoring.batch import exact
from scoring.batch.outcomes import BatchResult, Failed, Outcome, Progress
from scoring.core.engine import check, effective_points
from scoring.core.errors import InputWarning, Location, ScoringError, raise_if_any
from scoring.core.fact_checks import fact_names, target_warnings, unread_fact
from scoring.core.messages import msg
from scoring.core.model import Indicator, WeightsProfile
from scoring.core.numbers import in_context
from scoring.files.tables import FactTable, with_fact_ids

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
    earlier: dict[tuple[str, int], int] | None = None,
) -> BatchResult:
    """Score every row of ``table`` with ``indicators`` and ``weights``.

    ``earlier``, for the parts of one table scored one after another: the
    unit-years of the parts before (updated with this part's), so that a
    repeated unit-year is found across parts, and the warnings about the
    table as a whole are given with the first part only.

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
        warnings=tuple(table_warnings(indicators, table, earlier)),
    )


# In ``earlier``: the warnings about the whole table were given (no unit is empty).
_GIVEN = ("", 0)


def table_warnings(
    indicators: Sequence[Indicator],
    table: FactTable,
    earlier: dict[tuple[str, int], int] | None = None,
) -> list[ScoringError]:
    """What looks wrong in the table as a whole, each once rather than on every row.

    The indicators' own targets (:func:`scoring.core.fact_checks.target_warnings`),
    every fact column no indicator reads (with did-you-mean), and every row that
    repeats an earlier row's unit and year.
    """
    found: list[ScoringError] = []
    if earlier is None or _GIVEN not in earlier:
        # The indicators' targets and the columns no indicator reads (a CSV part has them all).
        found += target_warnings(indicators)
        found += column_warnings(indicators, table)
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
    # (number << 32 | line), so that a million unit-years take ~0.13 GB, not ~0.22.
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
        head = heads[index]
        line = seen & 0xFFFFFFFF
        found.append(
            InputWarning(
                msg(
                    "row {number}: {pair} {pair2} is also row {heads_number} (line {line})",
                    number=head.number,
                    pair=pair[0],
                    pair2=pair[1],
                    heads_number=seen >> 32,
                    line=line,
                )
                if line
                else msg(  # a DataFrame's rows have no lines
                    "row {number}: {pair} {pair2} is also row {heads_number}",
                    number=head.number,
                    pair=pair[0],
                    pair2=pair[1],
                    heads_number=seen >> 32,
                ),
                location=head.location,
                hint=msg(
                    "score each unit-year once: remove the repeated "
                    "row, or correct its unit or "
                    "year"
                ),
            )
        )
    return found


def column_warnings(indicators: Sequence[Indicator], table: FactTable) -> list[ScoringError]:
    """A warning for every fact of the table no indicator reads, with the closest fact."""
    found: list[ScoringError] = []
    read = fact_names(indicators)
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


__all__ = ["ENGINES", "numpy_available", "score_table"]
