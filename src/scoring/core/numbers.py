"""Exact decimal arithmetic: parsing, half-up rounding, and display.

Money and rates are :class:`decimal.Decimal` throughout, never ``float``, so
that 37.24 / 43.2 × 10 rounds the way a finance bureau's sheet does.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

# Enough digits that no realistic budget loses a cent in a quotient.
CONTEXT = decimal.Context(prec=34, rounding=ROUND_HALF_UP, traps=[decimal.InvalidOperation])

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round to ``decimals`` places, halves away from zero (四舍五入).

    Python's ``round`` rounds halves to even, which is not what finance sheets do:

    >>> round_half_up(Decimal("8.625"), 2)
    Decimal('8.63')
    >>> round_half_up(Decimal("8.62037"), 0)
    Decimal('9')
    """
    exponent = Decimal(1).scaleb(-decimals)
    # The rounded value keeps every digit before the point: a context of 34
    # digits would refuse (InvalidOperation) to round 1e32 to 2 places.
    digits = value.adjusted() + decimals + 2
    context = (
        CONTEXT
        if digits <= CONTEXT.prec
        else decimal.Context(prec=digits, rounding=ROUND_HALF_UP, traps=[decimal.InvalidOperation])
    )
    return value.quantize(exponent, rounding=ROUND_HALF_UP, context=context)


def clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = ONE) -> Decimal:
    """``value`` limited to ``[low, high]``."""
    return max(low, min(high, value))


def div(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Exact-as-possible quotient in the shared context (caller checks for zero)."""
    return CONTEXT.divide(numerator, denominator)


def mul(a: Decimal, b: Decimal) -> Decimal:
    """Product in the shared context."""
    return CONTEXT.multiply(a, b)


def fmt(value: Decimal, decimals: int = 2) -> str:
    """A number for people: at most ``decimals`` places, trailing zeros dropped.

    >>> fmt(Decimal("95.294117"))
    '95.29'
    >>> fmt(Decimal("5.00"))
    '5'
    >>> fmt(Decimal("-0.001"))
    '0'
    """
    text = f"{round_half_up(value, decimals):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def fmt_points(value: Decimal, decimals: int) -> str:
    """Points with exactly ``decimals`` places, as printed on a sheet (``8.60``).

    A value that rounds to zero has no sign:

    >>> fmt_points(Decimal("-0.001"), 2)
    '0.00'
    """
    rounded = round_half_up(value, decimals)
    return f"{rounded.copy_abs() if rounded == 0 else rounded:f}"


def plain(value: Decimal) -> str:
    """The exact value without exponent or trailing zeros (``1E+2`` becomes ``100``)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def to_units(value: Decimal, decimals: int) -> int:
    """A number rounded to ``decimals`` places as a whole count of the last place."""
    return int(value.scaleb(decimals))


# Numbers from 1e-15 to below 1e16 in size: every real budget, count and rate,
# and nothing whose digits or quotients could eat memory.
MAX_MAGNITUDE = 15


def reasonable(value: Decimal) -> bool:
    """Whether ``value`` is 0 or between 1e-15 and 1e16 in size (see MAX_MAGNITUDE)."""
    return value == 0 or -MAX_MAGNITUDE <= value.adjusted() <= MAX_MAGNITUDE
