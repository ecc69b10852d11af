"""Monitoring a table of units at once (``scoring batch --monitor N``), ranked by status.

Pure: a :class:`~scoring.files.tables.FactTable` in, one outcome per table
row out, each the same :class:`~scoring.analysis.monitoring.MonitorReport`
that ``scoring monitor`` gives for that row alone. A row that cannot be
read or monitored is :class:`~scoring.batch.outcomes.Failed` with its
problems and does not stop the others.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

import attrs

from scoring.analysis.monitoring import (
    MonitoringProfile,
    MonitorReport,
    monitor,
    profile_problems,
)
from scoring.batch.outcomes import Failed, Progress, numbered
from scoring.core.engine import check
from scoring.core.errors import InputWarning, Location, ScoringError, raise_if_any
from scoring.core.messages import msg
from scoring.core.model import Indicator, WeightsProfile
from scoring.files.tables import FactTable, RowHead


@attrs.frozen
class Monitored:
    """A monitored row: its report, and its rank once ranked (1 is the most urgent)."""

    head: RowHead
    report: MonitorReport
    rank: int | None = None

    @property
    def key(self) -> tuple[int, Decimal]:
        """What ranks it: the status (worst first), then the spending progress (least first)."""
        ratio = self.report.spending.ratio
        assert ratio is not None
        return (self.report.status.rank, ratio)


MonitorOutcome = Monitored | Failed


@attrs.frozen
class MonitorBatch:
    """One outcome per table row, in table order, or ranked."""

    month: int
    profile: MonitoringProfile
    outcomes: tuple[MonitorOutcome, ...]
    stopped: bool = False

    @property
    def monitored(self) -> int:
        return sum(1 for o in self.outcomes if isinstance(o, Monitored))

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if isinstance(o, Failed))

    def ranked(self) -> MonitorBatch:
        """Monitored rows from the most urgent: red first, then by spending progress.

        Rows of the same status and spending progress share a rank (1, 1, 3)
        and keep their table order; failed rows follow, unranked.
        """
        done = sorted(
            (o for o in self.outcomes if isinstance(o, Monitored)),
            key=lambda o: (*o.key, o.head.number),
        )
        ranks: list[int] = []
        for i, outcome in enumerate(done):
            ranks.append(ranks[-1] if i and outcome.key == done[i - 1].key else i + 1)
        ranked: list[MonitorOutcome] = [
            attrs.evolve(o, rank=r) for o, r in zip(done, ranks, strict=True)
        ]
        ranked += [o for o in self.outcomes if isinstance(o, Failed)]
        return attrs.evolve(self, outcomes=tuple(ranked))


def monitor_table(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    profile: MonitoringProfile,
    *,
    month: int,
    fail_fast: bool = False,
    progress: Progress | None = None,
) -> MonitorBatch:
    """Monitor every row of ``table`` as of the end of ``month``.

    Raises:
        ScoringError: when the rules or the profile are wrong for every row alike
            (each row's own problems make it a failed outcome instead).
    """
    raise_if_any([*check(indicators, weights), *profile_problems(profile, indicators)])
    outcomes: list[MonitorOutcome] = []
    total = len(table)
    stopped = False
    for index in range(total):
        head = table.heads[index]
        problems = table.problems.get(index)
        if problems:
            outcomes.append(Failed(head, tuple(problems)))
        else:
            try:
                report = monitor(
                    indicators,
                    weights,
                    table.facts(index),
                    profile,
                    month=month,
                    in_table=True,
                    columns=table.names,
                )
                outcomes.append(Monitored(head, report))
            except ScoringError as exc:
                outcomes.append(Failed(head, tuple(numbered(p, head) for p in exc.problems)))
        if progress is not None and (index % 500 == 499 or index == total - 1):
            progress(index + 1, total)
        if fail_fast and isinstance(outcomes[-1], Failed):
            stopped = index < total - 1
            break
    return MonitorBatch(month, profile, tuple(outcomes), stopped)


def empty_cells(outcome: MonitorOutcome, columns: Collection[str]) -> list[InputWarning]:
    """A warning at the row's line for each indicator left unmonitored because its
    column is there but the row's cell is empty: in a table that ranks units, a
    figure left out must not pass unsaid (the row would rank as if on track)."""
    if not isinstance(outcome, Monitored):
        return []
    head = outcome.head
    found = []
    for skip in outcome.report.skipped:
        empty = [name for name in skip.lacking if name in columns]
        if empty:
            found.append(
                InputWarning(
                    msg(
                        "row {number}: {indicator} is not monitored: the cell of {facts} is empty",
                        number=head.number,
                        indicator=skip.name,
                        facts=", ".join(repr(name) for name in empty),
                    ),
                    location=Location(head.file, head.line),
                    hint=msg("fill in the figure so far, or leave it empty while there is none"),
                )
            )
    return found
