"""What a clerk writes under the table: what lost points, what would win them back,
what the next grade takes, and which rows still need a deviation reason.

Pure: works on a scored :class:`~scoring.core.scorecard.Scorecard`; the words are
made by :mod:`scoring.rendering.reports`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from scoring.core.errors import RuleError
from scoring.core.model import GradeBand, Op, default_grades
from scoring.core.numbers import ZERO, div, in_context
from scoring.core.scorecard import Row, Scorecard


@attrs.frozen
class Loss:
    """A row that lost points, and what meeting its target would earn back.

    ``gain`` is the points meeting the target adds (the rule is asked, not
    assumed); ``to_value`` is that target value, or ``None`` when the rule
    cannot score it.
    """

    row: Row
    gain: Decimal
    to_value: Decimal | None

    @property
    def lost(self) -> Decimal:
        return self.row.lost


@attrs.frozen
class Deviation:
    """A row that needs 偏差原因分析: below target, beyond the over-achievement threshold,
    or past a figure of its own (``deviation_reason``).

    ``completion`` is the completion ratio (actual / target, or target /
    actual when lower is better) where one is defined.
    """

    row: Row
    # "below" (target missed), "over" (beaten by far) or "threshold" (past a
    # figure of the row's own, ``row.reason_threshold``)
    kind: str
    completion: Decimal | None
    reason: str | None


@attrs.frozen
class NextGrade:
    """What reaching the next grade up takes.

    ``changes`` is the fewest rows whose targets, met, add ``needed`` points;
    empty when even meeting every target does not reach it (``reachable`` false).
    """

    band: GradeBand
    needed: Decimal
    changes: tuple[Loss, ...]
    reachable: bool
    best: Decimal | None = None
    """The total with every target met (under any cap on the total by a rate)."""


@attrs.frozen
class Explanation:
    """Everything the narrative says, as data."""

    scorecard: Scorecard
    losses: tuple[Loss, ...]
    next_grade: NextGrade | None
    deviations: tuple[Deviation, ...]
    over_threshold: Decimal | None
    """The profile's over-achievement flag as a completion ratio (1.3 for 130%), for the
    words; None when the flag is off. The rows flagged are the scorecard's own."""

    @property
    def missing_reasons(self) -> tuple[Deviation, ...]:
        """Flagged rows that have no deviation reason yet."""
        return tuple(d for d in self.deviations if d.reason is None)


def recovery(row: Row, decimals: int) -> Loss:
    """What meeting the row's target would earn back, by asking its rule."""
    target = row.target
    rule = row.indicator.rule
    if not target.numeric or Decimal not in rule.accepts or row.value is None:
        # A target in words, a rule on named outcomes, or a row without a value:
        # there is no number to meet.
        return Loss(row, ZERO, None)
    try:
        assessment = rule.assess(target.value, target, row.max_points)
    except RuleError:
        return Loss(row, ZERO, None)
    earned = assessment.points(row.max_points, decimals)
    return Loss(row, max(ZERO, earned - row.points), target.value)


def completion(row: Row) -> Decimal | None:
    """Actual / target when higher is better, target / actual when lower is better."""
    target, value = row.target, row.value
    if not isinstance(value, Decimal) or not target.numeric:
        return None
    if target.op is Op.GE and target.value > 0:
        return div(value, target.value)
    if target.op is Op.LE and target.value > 0 and value > 0:
        return div(target.value, value)
    return None


def next_grade(
    scorecard: Scorecard, losses: Sequence[Loss], grades: Sequence[GradeBand]
) -> NextGrade | None:
    """The next grade up and the fewest target rows that reach it; ``None`` at the top.

    Rows add up independently, so taking the largest gains first reaches any
    sum with the fewest rows (no other choice of k rows adds more). Under a cap
    on the total by a rate (``total_cap``), the cap stays where it is unless
    the rate's own row is among those met: the fewest rows are then the fewer
    of the best choice without that row and the best choice with it, each
    taken largest gains first.
    """
    above = [g for g in grades if g.min > scorecard.total]
    if not above:
        return None
    band = min(above, key=lambda g: g.min)
    needed = band.min - scorecard.total
    ordered = [x for x in sorted(losses, key=lambda x: -x.gain) if x.gain > 0]
    cap = scorecard.total_cap
    rate_loss = next((x for x in ordered if cap is not None and x.row.id == cap.indicator_id), None)
    pool = [x for x in ordered if x is not rate_loss]

    def fewest(start: list[Loss]) -> list[Loss] | None:
        chosen = list(start)
        for loss in pool:
            if total_after(scorecard, chosen) >= band.min:
                break
            chosen.append(loss)
        return chosen if total_after(scorecard, chosen) >= band.min else None

    found = [c for c in (fewest([]), fewest([rate_loss]) if rate_loss else None) if c is not None]
    best = total_after(scorecard, ordered)
    if not found:
        return NextGrade(band, needed, (), False, best)
    chosen = min(found, key=len)
    return NextGrade(band, needed, tuple(sorted(chosen, key=lambda x: -x.gain)), True, best)


def total_after(scorecard: Scorecard, met: Sequence[Loss]) -> Decimal:
    """The total with the targets of ``met`` reached, under any cap on the total by a rate."""
    uncapped = scorecard.uncapped_total + sum((x.gain for x in met), ZERO)
    cap = scorecard.total_cap
    if cap is None:
        return uncapped
    moved = next((x for x in met if x.row.id == cap.indicator_id), None)
    rate_row = next((r for r in scorecard.rows if r.id == cap.indicator_id), None)
    rate = moved.to_value if moved is not None else (rate_row.value if rate_row else None)
    if not isinstance(rate, Decimal):
        return uncapped
    capped = cap.band_for(rate)
    return uncapped if capped is None else min(uncapped, capped.at_most)


@in_context
def explain(
    scorecard: Scorecard,
    *,
    reasons: Mapping[str, str] | None = None,
    grades: Sequence[GradeBand] | None = None,
) -> Explanation:
    """The narrative's content for ``scorecard``.

    A beaten target needs a reason exactly when the scorecard flagged its row
    (:attr:`Row.flagged`): one setting, the profile's or the indicator's
    ``over_achievement.flag_at``, decides the flag in the table, the notes and
    here. To ask at another threshold, score again with that setting.

    Args:
        reasons: 偏差原因 per indicator id (the facts file's ``reasons:``).
        grades: the profile's grade bands; defaults to the national ones
            (优 90, 良 80, 中 60), or pass ``WeightsProfile.grades``.
    """
    setting = scorecard.over_achievement
    over_threshold = (
        div(setting.flag_at, Decimal(100)) if setting is not None and setting.enabled else None
    )
    reasons = reasons or {}
    grades = default_grades(scorecard.full_score) if grades is None else grades
    losses = [recovery(r, scorecard.decimals) for r in scorecard.rows if r.lost > 0]
    # Largest loss first; ties keep the sheet's order (sorted is stable).
    losses.sort(key=lambda x: -x.lost)
    deviations = []
    for row in scorecard.rows:
        if row.informational:
            continue  # shown for context, never scored: nothing to explain
        if not row.met:
            kind = "below"
        elif row.flagged:
            kind = "over"
        elif row.reason_threshold is not None:
            kind = "threshold"
        else:
            continue
        deviations.append(Deviation(row, kind, completion(row), reasons.get(row.id)))
    return Explanation(
        scorecard=scorecard,
        losses=tuple(losses),
        next_grade=next_grade(scorecard, losses, grades),
        deviations=tuple(deviations),
        over_threshold=over_threshold,
    )
