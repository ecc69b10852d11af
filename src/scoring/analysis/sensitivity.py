"""How much the total and the grade depend on the chosen weights.

Two analyses of one scored year, each weight change renormalised so that the
points still add up to the full score:

- one at a time: each indicator's points × (1 − spread) and × (1 + spread);
- random draws: every indicator's points × a factor drawn uniformly from
  [1 − spread, 1 + spread], from a seeded generator (same seed, same report).

Each row's points are recomputed by its rule at the new weight: a
proportional row keeps its share, but a bands or deduction row earns fixed
points, so its share changes with its weight. Values and targets do not
change, so nothing is re-read or re-validated: the scorecard's rows are
turned once into a function from weight to points, and each draw only calls
those. Pure: no files, no printing, no clock.

With NumPy installed, the random draws take a fast path: the same draws
(the generator's state copied into NumPy's Mersenne Twister), each row's
points as ``share × P``, ``min(A, P)`` (bands, levels) or ``max(0, P − D)``
(deductions) in floats with an error bound, and every draw with a row near
a rounding edge recomputed in Decimal, so the totals are exactly the same.
A row of another kind (qualitative, or one registered later) sends all the
draws to the Decimal loop.
"""

from __future__ import annotations

import decimal
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from scoring.core.model import GradeBand, Text, default_grades
from scoring.core.numbers import CONTEXT, ONE, ZERO, in_context, round_exact, round_half_up
from scoring.core.scorecard import Row, Scorecard

# Rules whose share does not depend on the row's points: the share is
# computed once. Any other kind (bands, deductions, rules added later) is
# asked again at every weight, which is always correct.
POINTS_FREE_KINDS = frozenset({"proportional", "reverse", "budget_execution", "coefficient"})

# Draw factors in steps of 1/100000 so that they are exact decimals.
_STEPS = 100_000

Earn = Callable[[Decimal], Decimal]


@attrs.frozen
class OneAtATime:
    """The total when one row's weight goes down and up by the spread."""

    id: str
    label: Text
    weight: Decimal
    low_total: Decimal
    high_total: Decimal
    low_grade: GradeBand
    high_grade: GradeBand

    @property
    def swing(self) -> Decimal:
        return abs(self.high_total - self.low_total)


@attrs.frozen
class Sensitivity:
    """The result of both analyses."""

    total: Decimal
    grade: GradeBand
    spread: Decimal
    draws: int
    seed: int
    one_at_a_time: tuple[OneAtATime, ...]
    totals: tuple[Decimal, ...]
    grades: tuple[tuple[GradeBand, int], ...]

    @property
    def low(self) -> Decimal:
        """Lowest total over the draws and the one-at-a-time changes."""
        return min((*self.totals, *self._oat_totals, self.total))

    @property
    def high(self) -> Decimal:
        return max((*self.totals, *self._oat_totals, self.total))

    @property
    def _oat_totals(self) -> tuple[Decimal, ...]:
        return tuple(t for o in self.one_at_a_time for t in (o.low_total, o.high_total))

    @property
    def grade_held(self) -> Decimal:
        """Share of random draws that keep the grade (1 when there are no draws)."""
        if not self.draws:
            return ONE
        kept = sum(n for band, n in self.grades if band.name == self.grade.name)
        return Decimal(kept) / Decimal(self.draws)

    @property
    def deciding(self) -> tuple[OneAtATime, ...]:
        """Rows whose weight alone, moved by the spread, changes the grade."""
        name = self.grade.name
        return tuple(
            o for o in self.one_at_a_time if name != o.low_grade.name or name != o.high_grade.name
        )

    @property
    def most_influential(self) -> tuple[OneAtATime, ...]:
        """Rows by how far their weight moves the total, largest first."""
        return tuple(sorted(self.one_at_a_time, key=lambda o: -o.swing))

    def percentile(self, p: int) -> Decimal:
        """The draws' total at percentile ``p`` (nearest rank), or the total without draws."""
        if not self.totals:
            return self.total
        ordered = sorted(self.totals)
        rank = max(1, -(-p * len(ordered) // 100))
        return ordered[rank - 1]


def earner(row: Row, decimals: int, over_deduct: Decimal | None = None) -> Earn:
    """The row's rounded points as a function of its weight.

    ``over_deduct`` is the fixed over-achievement deduction of the row's
    setting; it is taken off whatever the weight (the row's own points).
    """
    deducted = row.deduction.points if row.deduction is not None else ZERO
    value = row.value
    if row.informational:
        return lambda points: ZERO  # shown, not scored, whatever its weight
    if row.over_deducted is not None and over_deduct is not None and value is not None:
        rule, target = row.indicator.rule, row.target
        kept = ONE - (row.reduced_by or ZERO) / 100

        def after_deduction(points: Decimal) -> Decimal:
            share = rule.assess(value, target, points).share * kept
            earned = round_half_up(max(ZERO, share * points - over_deduct), decimals)
            return max(ZERO, round_half_up(earned - deducted, decimals))

        return after_deduction
    # A row without a value (missing facts), or one whose share a setting cut
    # (over-achievement reduction), keeps its share whatever its weight.
    if row.indicator.rule.kind in POINTS_FREE_KINDS or value is None or row.reduced_by:
        share = row.share_exact

        def scaled(points: Decimal) -> Decimal:
            earned = round_exact(share * Fraction(points), decimals)
            return max(ZERO, round_half_up(earned - deducted, decimals))

        return scaled
    rule, target = row.indicator.rule, row.target

    def earn(points: Decimal) -> Decimal:
        earned = rule.assess(value, target, points).points(points, decimals)
        return max(ZERO, round_half_up(earned - deducted, decimals))

    return earn


def _over_deduct(row: Row, scorecard: Scorecard) -> Decimal | None:
    """The fixed over-achievement deduction that applies to ``row``, if it was taken."""
    if row.over_deducted is None:
        return None
    setting = row.indicator.over_achievement or scorecard.over_achievement
    return None if setting is None else setting.deduct


def grade_of(total: Decimal, bands: Sequence[GradeBand]) -> GradeBand:
    """The band a total falls in (bands sorted highest first)."""
    for band in bands:
        if total >= band.min:
            return band
    return bands[-1]


def _total(earners: Sequence[Earn], weights: Sequence[Decimal], full: Decimal) -> Decimal:
    scale = full / sum(weights, ZERO)
    return sum((earn(w * scale) for earn, w in zip(earners, weights, strict=True)), ZERO)


# Rules whose share does not depend on the row's points either, besides
# POINTS_FREE_KINDS; the fast path treats them alike.
_SHARE_FIXED_KINDS = POINTS_FREE_KINDS | {"checklist", "equal", "met"}
# Rules that earn fixed points capped at the row's points, min(A, P).
_CAPPED_KINDS = frozenset({"bands", "levels"})
# Rules that deduct fixed points from the row's points, max(0, P − D).
_DEDUCTING_KINDS = frozenset({"deduction_per_unit", "count_deduction"})
# Points at which a capped or deducting rule is asked for its A or D.
_PROBE = Decimal(10) ** 12


def _forms(scorecard: Scorecard) -> tuple[list[tuple[str, float]], list[int]] | None:
    """Each row's points as a function of its weight, in the form the fast path takes.

    None when a row has a rule of another kind (its form is unknown: the
    exact path asks the rule itself) or a deduction finer than the sheet's
    decimals.
    """
    forms: list[tuple[str, float]] = []
    deducted: list[int] = []
    quantum = Decimal(1).scaleb(-scorecard.decimals)
    for row in scorecard.rows:
        kind, value = row.indicator.rule.kind, row.value
        if row.informational:
            forms.append(("share", 0.0))
            deducted.append(0)
            continue
        if row.over_deducted is not None:
            return None  # fixed points off a share: the exact path computes it
        if kind in _SHARE_FIXED_KINDS or value is None or row.reduced_by:
            forms.append(("share", float(row.share)))
        elif kind in _CAPPED_KINDS or kind in _DEDUCTING_KINDS:
            share = row.indicator.rule.assess(value, row.target, _PROBE).share
            if kind in _CAPPED_KINDS:
                forms.append(("cap", float(share * _PROBE)))
            else:
                forms.append(("deduct", float(_PROBE - share * _PROBE)))
        else:
            return None
        points = row.deduction.points if row.deduction is not None else ZERO
        if points % quantum:
            return None
        deducted.append(int(points / quantum))
    return forms, deducted


def _fast_totals(
    scorecard: Scorecard, earners: Sequence[Earn], rng: random.Random, k: int, draws: int
) -> list[Decimal] | None:
    """The random draws' totals, vectorised with NumPy; None when it cannot be used.

    The same totals as the exact loop in :func:`sensitivity`: the same draws
    from the same generator state, each row's points in floats with an error
    bound, and every draw with a row near a rounding edge recomputed in
    Decimal by that loop's own code.
    """
    try:
        from scoring.analysis import weight_draws  # noqa: PLC0415 (optional: NumPy)
    except ImportError:
        return None
    planned = _forms(scorecard)
    if planned is None:
        return None
    forms, deducted = planned
    rows = scorecard.rows
    n = len(rows)
    drawn = weight_draws.python_randints(rng, -k, k, draws * n)
    if drawn is None:
        return None
    drawn = drawn.reshape(draws, n)
    weights = [r.max_points for r in rows]
    full, decimals = scorecard.full_score, scorecard.decimals
    units, unsure = weight_draws.totals_under_draws(
        forms,
        weights,
        drawn,
        deducted_units=deducted,
        denominator=_STEPS,
        full=full,
        decimals=decimals,
    )
    steps = Decimal(_STEPS)
    totals: list[Decimal] = []
    for i, (u, check) in enumerate(zip(units.tolist(), unsure.tolist(), strict=True)):
        if check:
            moved = [
                w * (1 + Decimal(d) / steps)
                for w, d in zip(weights, drawn[i].tolist(), strict=True)
            ]
            totals.append(_total(earners, moved, full))
        else:
            # A total of rows rounded to the decimals, or the 0 of a sheet of zero rows.
            totals.append(Decimal(u).scaleb(-decimals) if u else ZERO)
    return totals


@in_context
def sensitivity(
    scorecard: Scorecard,
    *,
    grades: Sequence[GradeBand] | None = None,
    spread: Decimal = Decimal(10),
    draws: int = 1000,
    seed: int = 0,
) -> Sensitivity:
    """Perturb the weights of ``scorecard`` and report the totals and grades.

    Args:
        grades: the profile's grade bands (default: 优 90, 良 80, 中 60, 差).
        spread: how far each weight moves, in percent (10 = ±10%); above 0, below 100.
        draws: number of random draws (0 for the one-at-a-time analysis only).
        seed: the random generator's seed.

    Raises:
        ValueError: on a spread outside (0, 100) or a negative number of draws.
    """
    if not ZERO < spread < 100:
        raise ValueError(f"spread must be above 0 and below 100 (percent), not {spread}")
    if draws < 0:
        raise ValueError(f"draws cannot be negative ({draws})")
    bands = sorted(
        grades or default_grades(scorecard.full_score), key=lambda b: b.min, reverse=True
    )
    rows = scorecard.rows
    weights = [r.max_points for r in rows]
    full = scorecard.full_score
    # A cap on the total by a rate stays where it is: the rate does not move with weights.
    limit = scorecard.capped.band.at_most if scorecard.capped is not None else None

    def capped(total: Decimal) -> Decimal:
        return total if limit is None else min(total, limit)

    with decimal.localcontext(CONTEXT):
        earners = [earner(r, scorecard.decimals, _over_deduct(r, scorecard)) for r in rows]
        s = spread / 100
        oat = []
        for i, row in enumerate(rows):
            if row.informational:
                continue  # no weight to move
            ends = []
            for factor in (ONE - s, ONE + s):
                moved = list(weights)
                moved[i] = weights[i] * factor
                ends.append(capped(_total(earners, moved, full)))
            oat.append(
                OneAtATime(
                    row.id,
                    row.indicator.label,
                    row.max_points,
                    ends[0],
                    ends[1],
                    grade_of(ends[0], bands),
                    grade_of(ends[1], bands),
                )
            )
        rng = random.Random(seed)
        k = int(s * _STEPS)
        steps = Decimal(_STEPS)
        fast = _fast_totals(scorecard, earners, rng, k, draws) if draws else None
        if fast is not None:
            totals = fast
        else:
            totals = []
            for _ in range(draws):
                moved = [w * (1 + Decimal(rng.randint(-k, k)) / steps) for w in weights]
                totals.append(_total(earners, moved, full))
        totals = [capped(t) for t in totals]
    counts: dict[str, int] = {}
    for t in totals:
        name = grade_of(t, bands).name
        counts[name] = counts.get(name, 0) + 1
    return Sensitivity(
        total=scorecard.total,
        grade=grade_of(scorecard.total, bands),
        spread=spread,
        draws=draws,
        seed=seed,
        one_at_a_time=tuple(oat),
        totals=tuple(totals),
        grades=tuple((b, counts[b.name]) for b in bands if b.name in counts),
    )
