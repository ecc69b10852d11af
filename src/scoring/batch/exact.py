"""The one-unit path: each table row scored by the one-unit engine itself.

The indicators and weights are checked once for the table
(:func:`scoring.core.engine.checked`), then each row's facts are scored by
:func:`scoring.core.engine.score_checked`: the same scorecard as
:func:`scoring.core.engine.score` gives for the row alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.batch.outcomes import Failed, Outcome, Progress, numbered, scored_outcome
from scoring.core.engine import Checked, checked, score_checked
from scoring.core.errors import ScoringError
from scoring.core.model import Indicator, WeightsProfile
from scoring.core.scorecard import Scorecard
from scoring.files.tables import FactTable


def score_rows(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    fail_fast: bool,
    progress: Progress | None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    total = len(table)
    step = max(1, total // 100)
    sheet = checked(indicators, weights)
    for index in range(total):
        outcome = score_row(indicators, weights, table, index, sheet=sheet)
        outcomes.append(outcome)
        if fail_fast and isinstance(outcome, Failed):
            break
        if progress is not None and (index + 1) % step == 0:
            progress(index + 1, total)
    if progress is not None:
        progress(len(outcomes), total)
    return outcomes


def score_row(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    index: int,
    *,
    sheet: Checked | None = None,
) -> Outcome:
    """One row scored by the one-unit engine, as an outcome (``sheet``: the two, checked)."""
    found = scorecard_or_failed(indicators, weights, table, index, sheet=sheet)
    if isinstance(found, Failed):
        return found
    return scored_outcome(table.heads[index], found, weights)


def scorecard_or_failed(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    index: int,
    *,
    sheet: Checked | None = None,
) -> Scorecard | Failed:
    """One row's scorecard from the one-unit engine, or the row failed with every reason.

    Raises:
        WeightsError: when indicators and weights do not fit together.
    """
    head = table.heads[index]
    if index in table.problems:
        return Failed(head, tuple(table.problems[index]))
    if sheet is None:
        sheet = checked(indicators, weights)
    try:
        return score_checked(sheet, table.facts(index), in_table=True)
    except ScoringError as exc:
        return Failed(head, tuple(numbered(p, head) for p in exc.problems))


__all__ = ["score_row", "score_rows", "scorecard_or_failed"]
