"""The sensitivity report's fast path: totals under many drawn weights at once (NumPy).

The same totals as the exact loop of :func:`scoring.analysis.sensitivity.sensitivity`:
each row's points in floats with an error bound (:mod:`scoring.core.vector`),
every draw near a rounding edge reported unsure for the caller to redo in
Decimal. Importing this module imports NumPy.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from scoring.core.vector import Bools, Ints, Sheet, U, round_units


def total_under_weights(
    shares: Sequence[Decimal],
    weight_units: NDArray[np.int64],
    weight_decimals: int,
    decimals: int,
) -> Ints:
    """Totals of one unit-year under many sets of points, exactly as the engine rounds.

    Args:
        shares: the share of its points each indicator earned (``Row.share``),
            taken as fixed: true for rules whose share does not depend on the
            row's points (proportional, reverse, budget execution), not for
            bands or deductions, whose share changes with the points.
        weight_units: one row per draw, one column per indicator: the points
            in units of ``10 ** -weight_decimals``.
        decimals: the sheet's decimals; each row is rounded half-up to them
            and the total is the sum of the rounded rows.

    Returns:
        Each draw's total in units of ``10 ** -decimals``.
    """
    w = np.asarray(weight_units, dtype=np.int64)
    share_f = np.array([float(s) for s in shares], dtype=np.float64)
    sheet = Sheet(decimals)
    p = share_f * (w.astype(np.float64) * 10.0**-weight_decimals)
    units, unsure = round_units(p, np.abs(p) * 4 * U, sheet)
    for i, j in zip(*np.nonzero(unsure), strict=True):
        points = Decimal(int(w[i, j])).scaleb(-weight_decimals)
        units[i, j] = sheet.units(shares[j], points)
    total: Ints = units.sum(axis=1)
    return total


def python_randints(rng: random.Random, low: int, high: int, count: int) -> Ints | None:
    """The next ``count`` values of ``rng.randint(low, high)``, without calling it.

    Python's ``random.Random`` is a Mersenne Twister; ``randint`` draws 32-bit
    words, keeps the top ``bit_length`` bits and rejects those out of range.
    NumPy's MT19937, given the same state, gives the same words. ``rng``
    itself is not advanced. None when a spot check against ``randint`` on a
    copy of ``rng`` disagrees (a Python whose ``randint`` works otherwise).
    """
    width = high - low + 1
    bits = width.bit_length()
    if width < 1 or bits > 32:
        return None
    version, internal, _ = rng.getstate()
    generator = np.random.MT19937(0)
    state = generator.state
    state["state"] = {"key": np.array(internal[:624], dtype=np.uint32), "pos": internal[624]}
    generator.state = state
    kept: list[Ints] = []
    have = 0
    while have < count:
        want = count - have
        raw = generator.random_raw(int(want * (1 << bits) / width * 1.05) + 64) >> (32 - bits)
        accepted = raw[raw < width].astype(np.int64)[:want]
        kept.append(accepted)
        have += accepted.size
    values: Ints = np.concatenate(kept) + low if kept else np.zeros(0, dtype=np.int64)
    check = random.Random()
    check.setstate((version, internal, None))
    if any(check.randint(low, high) != int(v) for v in values[:16]):
        return None
    return values


def totals_under_draws(
    forms: Sequence[tuple[str, float]],
    weights: Sequence[Decimal],
    steps: Ints,
    *,
    deducted_units: Sequence[int],
    denominator: int,
    full: Decimal,
    decimals: int,
) -> tuple[Ints, Bools]:
    """Totals of one unit-year under drawn weights, and which draws are unsure.

    Draw ``i`` moves row ``j``'s points to ``w_j × (1 + steps[i, j] / denominator)``
    and rescales them to ``full``, as :func:`scoring.analysis.sensitivity.sensitivity`
    does in Decimal; each row then earns, by its form: ``("share", s)``
    ``s × P``; ``("cap", a)`` ``min(a, P)`` (bands, levels); ``("deduct", d)``
    ``max(0, P − d)`` (deductions), rounded half-up to ``decimals``, less its
    manual deduction in units. A draw is unsure when any row's points lie
    within their error bound of a rounding edge: recompute it in Decimal.
    """
    r = np.asarray(steps, dtype=np.int64)
    n = r.shape[1]
    w = np.array([float(x) for x in weights], dtype=np.float64)
    moved = w * (1.0 + r / float(denominator))
    p = moved * (float(full) / moved.sum(axis=1, keepdims=True))
    e_p = np.abs(p) * (2 * n + 32) * U
    sheet = Sheet(decimals)
    units = np.zeros(r.shape, dtype=np.int64)
    unsure = np.zeros(r.shape, dtype=np.bool_)
    for j, (form, c) in enumerate(forms):
        pj, ej = p[:, j], e_p[:, j]
        if form == "share":
            earned, e = c * pj, abs(c) * ej + np.abs(c * pj) * 4 * U
        elif form == "cap":
            earned, e = np.minimum(c, pj), ej + abs(c) * 4 * U
        else:
            earned = pj - c
            e = ej + (abs(c) + np.abs(earned)) * 4 * U
        units[:, j], unsure[:, j] = round_units(earned, e, sheet)
    units = np.maximum(units - np.asarray(deducted_units, dtype=np.int64), 0)
    total: Ints = units.sum(axis=1)
    any_unsure: Bools = np.asarray(unsure.any(axis=1), dtype=np.bool_)
    return total, any_unsure


__all__ = ["python_randints", "total_under_weights", "totals_under_draws"]
