"""Every indicator of every unit-year in full: value, target, points, met and why.

The long form of a batch result, shared by :func:`scoring.score_frame` with
``detail="long"`` and by ``scoring batch --format json``: one :class:`Detail`
per unit-year and indicator, in the weights profile's order. A detail needs
the row's whole scorecard, so each row is scored by the one-unit engine
(:func:`scoring.core.engine.score`), whichever engine scored the totals; the
points are the same (the batch tests hold both engines to it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from scoring.batch.exact import scorecard_or_failed
from scoring.batch.outcomes import Failed, Outcome, Progress, scored_outcome
from scoring.core.engine import checked, effective_points
from scoring.core.model import Indicator, WeightsProfile
from scoring.core.rules import named_in_english
from scoring.core.scorecard import DroppedRow, Row, Scorecard
from scoring.core.values import show_value
from scoring.files.tables import FactTable


@attrs.frozen
class Detail:
    """One indicator of one unit-year, as its scorecard row has it.

    ``value`` is the number scored (None for a fact in words, which
    ``value_text`` shows, or when the row was not scored); ``value_text`` and
    ``target`` are printed as on the sheet (``95.29%``, ``≥95%``), and
    ``value_text_en`` and ``target_en`` in English (the units' and words'
    English twins, ``yes`` for 是), None where that is the same text. A row
    dropped as not applicable has no points, and its reason as explanation.
    A failed unit-year has only what its indicator says: id, names, points
    available and rule.
    """

    indicator: str
    name: str
    name_en: str | None
    value: Decimal | None
    value_text: str | None
    value_text_en: str | None
    target: str | None
    target_en: str | None
    target_value: Decimal | None
    max_points: Decimal
    points: Decimal | None
    lost: Decimal | None
    met: bool | None
    rule: str
    explanation: str | None
    explanation_en: str | None
    assumed: bool | None


DETAIL_COLUMNS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Detail))
"""The long form's columns after the unit-year's own, in order."""

NUMBER_COLUMNS = ("value", "target_value", "max_points", "points", "lost")
"""The columns that hold numbers (Decimals, or None)."""

ENGLISH_COLUMNS = ("value_text_en", "target_en")
"""The columns that are None where the English is the Chinese (JSON leaves them out then)."""


def _differs(zh: str, en: str) -> str | None:
    return None if en == zh else en


def _scored(row: Row) -> Detail:
    ind = row.indicator
    value = row.value if isinstance(row.value, Decimal) else None
    return Detail(
        indicator=ind.id,
        name=ind.name,
        name_en=ind.name_en,
        value=value,
        value_text=(shown := row.target.show(row.value)),
        value_text_en=_differs(
            shown, show_value(row.value, row.target.en.unit, lang="en", name_en=ind.rule.name_en)
        ),
        target=(target := row.target.label).zh,
        target_en=_differs(target.zh, target.en),
        target_value=row.target.value if row.target.numeric else None,
        max_points=row.max_points,
        points=row.points,
        lost=row.lost,
        met=row.met,
        rule=ind.rule.kind,
        explanation=row.explanation.zh,
        explanation_en=row.explanation.en,
        assumed=row.assumed,
    )


def _unscored(ind: Indicator, max_points: Decimal, **known: Any) -> Detail:
    """A detail with only what the indicator says, and what ``known`` adds."""
    blank: dict[str, Any] = dict.fromkeys(DETAIL_COLUMNS)
    blank.update(
        indicator=ind.id, name=ind.name, name_en=ind.name_en, max_points=max_points,
        rule=ind.rule.kind, **known,
    )  # fmt: skip
    return Detail(**blank)


def _dropped(row: DroppedRow) -> Detail:
    ind = row.indicator
    return _unscored(
        ind,
        row.max_points,
        target=(target := named_in_english(ind.target, ind.rule).label).zh,
        target_en=_differs(target.zh, target.en),
        target_value=ind.target.value if ind.target.numeric else None,
        explanation=row.reason.zh,
        explanation_en=row.reason.en,
    )


def card_details(card: Scorecard, order: Sequence[str]) -> tuple[Detail, ...]:
    """A scorecard's rows and dropped rows as details, in ``order`` (indicator ids)."""
    found = {row.id: _scored(row) for row in card.rows}
    found.update((row.id, _dropped(row)) for row in card.not_applicable)
    return tuple(found[ind_id] for ind_id in order)


def explain_table(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    *,
    progress: Progress | None = None,
) -> Iterator[tuple[Outcome, tuple[Detail, ...]]]:
    """Each row's outcome and its details, in table order, scored by the one-unit engine.

    Raises:
        WeightsError: when indicators and weights do not fit together.
    """
    sheet = checked(indicators, weights)
    order = tuple(weights.points)
    by_id = {ind.id: ind for ind in indicators}
    points = effective_points(indicators, weights)
    unscored = tuple(_unscored(by_id[i], points[i]) for i in order)
    total = len(table)
    step = max(1, total // 100)
    for index in range(total):
        found = scorecard_or_failed(indicators, weights, table, index, sheet=sheet)
        if isinstance(found, Failed):
            yield found, unscored
        else:
            yield scored_outcome(table.heads[index], found, weights), card_details(found, order)
        if progress is not None and ((index + 1) % step == 0 or index + 1 == total):
            progress(index + 1, total)


__all__ = ["DETAIL_COLUMNS", "NUMBER_COLUMNS", "Detail", "card_details", "explain_table"]
