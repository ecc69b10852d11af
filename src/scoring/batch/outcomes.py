"""What scoring a table gives: one outcome per row, scored or failed, and the whole result.

Shared by the one-unit path (:mod:`scoring.batch.exact`) and the columnar
engine (:mod:`scoring.batch.columnar`), which make the same outcomes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from scoring.core.errors import ScoringError
from scoring.core.messages import msg
from scoring.core.model import GradeBand, WeightsProfile
from scoring.core.numbers import to_units
from scoring.core.scorecard import Scorecard
from scoring.files.tables import RowHead

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) now and then during a long run."""


@attrs.frozen
class Scored:
    """A scored row: total, grade, and the points of each indicator.

    ``units`` are the points in the sheet's smallest unit (hundredths when
    the sheet has 2 decimals), in the order of the result's ``indicator_ids``,
    None for a row left out of the score (not applicable); ``points`` gives
    them as Decimals.
    """

    head: RowHead
    total_units: int
    grade: GradeBand
    units: tuple[int | None, ...]
    decimals: int
    rank: int | None = None
    warnings: tuple[ScoringError, ...] = attrs.field(default=(), eq=False)
    """What looks wrong in the row's facts, each led by the row's number."""

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_units).scaleb(-self.decimals)

    @property
    def points(self) -> tuple[Decimal | None, ...]:
        return tuple(None if u is None else Decimal(u).scaleb(-self.decimals) for u in self.units)


def scored_outcome(head: RowHead, card: Scorecard, weights: WeightsProfile) -> Scored:
    """A scorecard as the outcome of its table row: points by the profile's rows.

    A row the scorecard left out (not applicable, or dropped by the
    missing-facts policy) has no points (None), so that every outcome's
    points line up with the profile's indicators.
    """
    scale = weights.decimals
    earned = {row.id: to_units(row.points, scale) for row in card.rows}
    units = tuple(earned.get(ind_id) for ind_id in weights.points)
    warnings = tuple(numbered(w, head) for w in card.warnings)
    return Scored(head, to_units(card.total, scale), card.grade, units, scale, warnings=warnings)


def numbered(problem: ScoringError, head: RowHead) -> ScoringError:
    """The problem with the row number in front and the row's line as its place."""
    copy = type(problem).__new__(type(problem))
    copy.__dict__.update(problem.__dict__)
    where = problem.location
    elsewhere = where is not None and where.file != head.location.file
    copy.said = (
        msg(
            "row {number}: {message} (at {where})",
            number=head.number,
            message=problem.said,
            where=where,
        )
        if elsewhere
        else msg("row {number}: {message}", number=head.number, message=problem.said)
    )
    copy.message = str(copy.said)
    copy.location = head.location
    copy.args = (copy.line(),)
    return copy


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
    warnings: tuple[ScoringError, ...] = attrs.field(default=(), eq=False)
    """What looks wrong in the table as a whole: the indicators' targets, columns no
    indicator reads, a unit-year given twice. Each row's own are in its outcome."""

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

    @property
    def warning_count(self) -> int:
        """The table's warnings and every row's."""
        rows = sum(len(o.warnings) for o in self.outcomes if isinstance(o, Scored))
        return len(self.warnings) + rows

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


__all__ = [
    "BatchResult",
    "Failed",
    "Outcome",
    "Progress",
    "Scored",
    "numbered",
    "scored_outcome",
    "to_units",
]
