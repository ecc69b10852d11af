"""Scoring many unit-years at once, with the same results as scoring each alone.

Pure, like the engine: a :class:`~scoring.tables.FactTable` in, a
:class:`BatchResult` out, one outcome per table row in table order. A row
that cannot be read or scored is a :class:`Failed` outcome with its problems;
it never stops the other rows unless ``fail_fast`` is set, and no row is
left out.

Two engines give identical results:

- ``exact``: :func:`scoring.engine.score` for each row, the one-unit engine
  itself;
- ``columnar``: :mod:`scoring.columnar`, which evaluates each rule over whole
  columns with NumPy and hands every value it cannot decide exactly back to
  the Decimal code. It needs the optional ``fast`` extra.

``auto`` (the default) takes ``columnar`` when NumPy can be imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from scoring.engine import check, effective_points, score
from scoring.errors import ScoringError, raise_if_any
from scoring.model import GradeBand, Indicator, WeightsProfile
from scoring.tables import FactTable, RowHead

ENGINES = ("auto", "exact", "columnar")

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) now and then during a long run."""


@attrs.frozen
class Scored:
    """A scored row: total, grade, and the points of each indicator.

    ``units`` are the points in the sheet's smallest unit (hundredths when
    the sheet has 2 decimals), in the order of the result's ``indicator_ids``;
    ``points`` gives them as Decimals.
    """

    head: RowHead
    total_units: int
    grade: GradeBand
    units: tuple[int, ...]
    decimals: int
    rank: int | None = None

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_units).scaleb(-self.decimals)

    @property
    def points(self) -> tuple[Decimal, ...]:
        return tuple(Decimal(u).scaleb(-self.decimals) for u in self.units)


@attrs.frozen
class Failed:
    """A row that could not be read or scored, and every reason why."""

    head: RowHead
    problems: tuple[ScoringError, ...]


Outcome = Scored | Failed


@attrs.frozen
class BatchResult:
    """One outcome per table row, in table order (or in rank order once ranked)."""

    profile: WeightsProfile
    indicator_ids: tuple[str, ...]
    max_points: tuple[Decimal, ...]
    outcomes: Sequence[Outcome]
    """One per row; the columnar engine makes each :class:`Scored` when it is read."""
    engine: str
    stopped: bool = False
    failed_at: tuple[int, ...] = attrs.field(default=None)
    """Positions of the failed outcomes in ``outcomes``."""

    def __attrs_post_init__(self) -> None:
        if self.failed_at is None:
            failed = tuple(i for i, o in enumerate(self.outcomes) if isinstance(o, Failed))
            object.__setattr__(self, "failed_at", failed)

    @property
    def scored(self) -> int:
        return len(self.outcomes) - len(self.failed_at)

    @property
    def failed(self) -> int:
        return len(self.failed_at)

    @property
    def decimals(self) -> int:
        return self.profile.decimals

    def ranked(self) -> BatchResult:
        """Scored rows by total, highest first, each with its rank; failed rows last.

        Equal totals share a rank and the next rank is skipped (1, 2, 2, 4),
        and keep their table order among themselves.
        """
        scored = sorted(
            (o for o in self.outcomes if isinstance(o, Scored)),
            key=lambda o: (-o.total_units, o.head.number),
        )
        ranked: list[Outcome] = []
        rank = 0
        previous: int | None = None
        for position, outcome in enumerate(scored, start=1):
            if outcome.total_units != previous:
                rank, previous = position, outcome.total_units
            ranked.append(attrs.evolve(outcome, rank=rank))
        failed_at = tuple(range(len(ranked), len(self.outcomes)))
        ranked.extend(self.outcomes[i] for i in self.failed_at)
        return attrs.evolve(self, outcomes=tuple(ranked), failed_at=failed_at)


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
    if engine == "auto":
        engine = "columnar" if numpy_available() else "exact"
    if engine == "columnar":
        if not numpy_available():
            raise ValueError("the columnar engine needs NumPy: pip install 'scoring[fast]'")
        from scoring import columnar  # noqa: PLC0415 (NumPy is optional)

        outcomes: Sequence[Outcome] = columnar.score_rows(
            indicators, weights, table, progress=progress
        )
    else:
        outcomes = _exact(indicators, weights, table, fail_fast, progress)
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


def _exact(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    fail_fast: bool,
    progress: Progress | None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    total = len(table)
    step = max(1, total // 100)
    for index in range(total):
        outcome = score_row(indicators, weights, table, index)
        outcomes.append(outcome)
        if fail_fast and isinstance(outcome, Failed):
            break
        if progress is not None and (index + 1) % step == 0:
            progress(index + 1, total)
    if progress is not None:
        progress(len(outcomes), total)
    return outcomes


def score_row(
    indicators: Sequence[Indicator], weights: WeightsProfile, table: FactTable, index: int
) -> Outcome:
    """One row scored by the one-unit engine, as an outcome."""
    head = table.heads[index]
    if index in table.problems:
        return Failed(head, tuple(table.problems[index]))
    try:
        card = score(indicators, weights, table.facts(index))
    except ScoringError as exc:
        return Failed(head, tuple(_numbered(p, head) for p in exc.problems))
    scale = weights.decimals
    units = tuple(to_units(row.points, scale) for row in card.rows)
    return Scored(head, sum(units), card.grade, units, scale)


def to_units(value: Decimal, decimals: int) -> int:
    """A number rounded to ``decimals`` places as a whole count of the last place."""
    return int(value.scaleb(decimals))


def _numbered(problem: ScoringError, head: RowHead) -> ScoringError:
    """The problem with the row number in front and the row's line as its place."""
    copy = type(problem).__new__(type(problem))
    copy.__dict__.update(problem.__dict__)
    where = problem.location
    elsewhere = where is not None and where.file != head.location.file
    copy.message = f"row {head.number}: {problem.message}" + (f" (at {where})" if elsewhere else "")
    copy.location = head.location
    copy.args = (copy.line(),)
    return copy


__all__ = [
    "ENGINES",
    "BatchResult",
    "Failed",
    "Outcome",
    "Progress",
    "Scored",
    "numpy_available",
    "score_row",
    "score_table",
    "to_units",
]
