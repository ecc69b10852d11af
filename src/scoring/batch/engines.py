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
from scoring.core.errors import raise_if_any
from scoring.core.model import Indicator, WeightsProfile
from scoring.files.tables import FactTable, with_fact_ids

ENGINES = ("auto", "exact", "columnar")


def numpy_available() -> bool:
    """Whether the columnar engine can run (NumPy is installed)."""
    try:
        import numpy  # noqa: F401, PLC0415 (NumPy is optional)
    except ImportError:
        return False
    return True


def score_table(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    *,
    engine: str = "auto",
    fail_fast: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Score every row of ``table`` with ``indicators`` and ``weights``.

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
            raise ValueError("the columnar engine needs NumPy: pip install 'scoring[fast]'")
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
    )


__all__ = ["ENGINES", "numpy_available", "score_table"]
