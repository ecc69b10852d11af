"""Float arithmetic with error bounds, exact to the cent after half-up rounding (NumPy).

What the columnar batch engine and the sensitivity fast path share: a float
result carries a bound on its distance from the exact Decimal value, and a
rounding that lies within that bound of a half-way edge is reported as
*unsure*, to be recomputed in Decimal by the caller. Importing this module
imports NumPy (the optional ``fast`` extra).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np
from numpy.typing import NDArray

from scoring.core.numbers import round_exact, to_units

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]

U = 2.0**-53  # unit roundoff of float64
# Extra room, in units of the sheet's last decimal place, for the Decimal
# engine's own 34-digit rounding and for anything the bounds leave out.
SLACK = 1e-7


@attrs.frozen
class Sheet:
    """What a kernel needs to know about the sheet: its decimals."""

    decimals: int

    @property
    def scale(self) -> float:
        return float(10**self.decimals)

    def units(self, share: Decimal | Fraction, points: Decimal) -> int:
        """The engine's rounded points for ``share`` of ``points``, in the last place."""
        try:
            return _units_made(share, points, self.decimals)
        except TypeError:  # a value that cannot be hashed (a signalling NaN): as it was
            return _units(share, points, self.decimals)


def _units(share: Decimal | Fraction, points: Decimal, decimals: int) -> int:
    earned = round_exact(Fraction(share) * Fraction(points), decimals)
    return to_units(earned, decimals)


_units_made = functools.lru_cache(maxsize=4096)(_units)
""":func:`_units`, remembered: exact (Fractions), so equal shares and points give equal
units whatever their form; every part of a table asks for the same few."""


def round_units(p: Floats, e_p: Floats, sheet: Sheet) -> tuple[Ints, Bools]:
    """Half-up rounding of points ``p`` (error at most ``e_p``) to the last place."""
    x = np.maximum(p, 0.0) * sheet.scale
    floor = np.floor(x)
    units = np.where(x - floor >= 0.5, floor + 1, floor)
    tol = 2 * (e_p * sheet.scale + np.abs(x) * 4 * U) + SLACK
    unsure = np.abs(x - floor - 0.5) <= tol
    return units.astype(np.int64), unsure


__all__ = ["SLACK", "Bools", "Floats", "Ints", "Sheet", "U", "round_units"]
