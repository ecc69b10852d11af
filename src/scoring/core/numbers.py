"""Exact decimal arithmetic: parsing, half-up rounding, and display.

Money and rates are :class:`decimal.Decimal` throughout, never ``float``, so
that 37.24 / 43.2 × 10 rounds the way a finance bureau's sheet does.
"""

from __future__ import annotations

import decimal
import functools
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from scoring.core.messages import Message, msg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ParamSpec, TypeVar

    _P = ParamSpec("_P")
    _R = TypeVar("_R")

# Enough digits that no realistic budget loses a cent in a quotient. A division
# by zero or an overflow raises rather than giving an infinity that would score.
CONTEXT = decimal.Context(
    prec=34,
    rounding=ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

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
    exponent = _PLACES[decimals] if 0 <= decimals < len(_PLACES) else Decimal(1).scaleb(-decimals)
    # The rounded value keeps every digit before the point: a context of 34
    # digits would refuse (InvalidOperation) to round 1e32 to 2 places.
    digits = value.adjusted() + decimals + 2
    if digits <= CONTEXT.prec:
        return value.quantize(exponent, ROUND_HALF_UP, CONTEXT)
    context = CONTEXT.copy()
    context.prec = digits
    return value.quantize(exponent, ROUND_HALF_UP, context)


# 1, 0.1, 0.01, ...: the exponents of round_half_up's usual places, made once
# (it runs several times for every figure an explanation shows).
_PLACES = tuple(Decimal(1).scaleb(-places) for places in range(16))


def in_context(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` run with :data:`CONTEXT` as the current Decimal context.

    So that every Decimal operation inside, ``a - b`` and ``sum()`` included,
    rounds as the project does (34 digits, half up) and raises on a division by
    zero, whatever context the caller set.
    """

    @functools.wraps(function)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(CONTEXT):
            return function(*args, **kwargs)

    return run


def arithmetic_words(exc: ArithmeticError) -> Message:
    """What went wrong in an arithmetic error, in words rather than Python's class names."""
    if isinstance(exc, ZeroDivisionError | decimal.DivisionByZero):
        return msg("it divides by zero")
    if isinstance(exc, OverflowError | decimal.Overflow):
        return msg("the number is too large")
    return msg("the arithmetic is not defined for it")


def exact_quotient(numerator: Decimal, denominator: Decimal) -> Fraction:
    """``numerator / denominator`` exactly (caller checks for zero)."""
    return Fraction(numerator) / Fraction(denominator)


def to_decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal of 34 digits (exact when it has a short decimal form)."""
    return CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def clamp_share(value: Fraction) -> Fraction:
    """An exact share limited to ``[0, 1]``."""
    return max(Fraction(0), min(Fraction(1), value))


def round_exact(value: Fraction, decimals: int) -> Decimal:
    """An exact fraction rounded to ``decimals`` places, halves away from zero (四舍五入).

    >>> round_exact(Fraction(2675, 1000), 2)
    Decimal('2.68')
    >>> round_exact(Fraction(-1, 3), 2)
    Decimal('-0.33')
    """
    scaled = abs(value) * 10**decimals
    units = math.floor(scaled + Fraction(1, 2))
    sign = "-" if value < 0 else ""
    return Decimal(f"{sign}{units}E-{decimals}")


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


def shown(value: Decimal, decimals: int = 6) -> str:
    """A finite number for a message: as written when it has few decimals (``43.2``), else
    to ``decimals`` places (``95.294118``), never the 34 digits of a quotient.

    That is :func:`fmt` to 6 places: rounding a number of at most 6 places to 6 changes
    nothing, and the zeros it adds are dropped again.
    """
    return fmt(value, decimals)


def to_units(value: Decimal, decimals: int) -> int:
    """A number rounded to ``decimals`` places as a whole count of the last place."""
    return int(value.scaleb(decimals, context=CONTEXT))


# Numbers from 1e-15 to below 1e16 in size, with at most 15 decimal places:
# every real budget, count and rate, and nothing whose digits or quotients could
# eat memory. A number of this size has at most 31 digits, so that the 34-digit
# context adds and subtracts such numbers exactly.
MAX_MAGNITUDE = 15
MAX_PLACES = 15


def reasonable(value: Decimal) -> bool:
    """Whether ``value`` is finite and 0 or between 1e-15 and 1e16 in size (see MAX_MAGNITUDE)."""
    return value.is_finite() and (value == 0 or -MAX_MAGNITUDE <= value.adjusted() <= MAX_MAGNITUDE)


class NumberError(ValueError):
    """Text that is not a number as this project reads numbers, or a number out of bounds.

    ``problem`` says what is wrong, starting with the text as written; ``hint``
    what to write instead (``None`` when the text is no number at all, and the
    caller knows better what was expected). Both are English text; ``said``
    and ``said_hint`` are the same in both languages (catalogue messages).
    """

    def __init__(
        self, problem: str | Message, hint: str | Message | None = None, *, number_like: bool = True
    ):
        self.said = problem
        self.said_hint = hint
        self.problem = str(problem)
        self.hint = None if hint is None else str(hint)
        self.number_like = number_like
        self.alone: str | None = None
        """The number to write alone, when the text is one with a unit or % after it."""
        super().__init__(str(problem))


_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# What a number that is not plain is taken for, to say what to write instead: patterns
# that re compiles (and caches) when a number first needs them, not each at import (3 ms
# of the start-up's 60, for text no good sheet has).
_EXPONENT = r"([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([eE])([-+]?)([0-9]+)"
_SEPARATED = r"[-+]?[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?"
_NOT_FINITE = r"(?i)[-+]?\.?(?:nan|inf|infinity)"
_OTHER_BASE = r"[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)"
# A date as YAML, a CSV export or a clerk writes it: 2023-06-30, 2023/6/30, 2023.6.30,
# 2023年6月30日, with or without a time after it.
_DATE = r"[0-9]{4}([-/.])([0-9]{1,2})\1[0-9]{1,2}(?:[ T].*)?|[0-9]{4}年([0-9]{1,2})月[0-9]{1,2}日?"
# A year and a month (2023年8月, 2023-08): a deadline's month with its year.
_YEAR_MONTH = r"[0-9]{4}(?:[-/]([0-9]{1,2})|年([0-9]{1,2})月[底末]?)"
# A currency sign before the number, as a cell formatted as currency is saved to CSV.
_CURRENCY = r"([-+]?)\s*([¥￥$€£])\s*([-+]?[0-9][0-9,，]*(?:\.[0-9]+)?)"
# Dashes and slashes written in a cell for "no figure" (—, ——, –, --, /); a hyphen alone
# is what Excel's accounting format shows for 0, and is said so.
_NO_FIGURE = r"[-－—–―‒﹣−]+|[/／\\]"
# A number after a minus sign that is not ASCII's (−, U+2212, as Word and PDF text write it;
# a dash); a full-width minus (－) is said with the full-width digits.
_OTHER_MINUS = r"([−﹣‐‑‒–—―])\s*((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
# A number in brackets, as Excel's accounting format shows a negative number: (1,234.00).
_BRACKETED = r"[(（]\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*[)）]"
# A Chinese full stop for a decimal point: 37。24.
_FULL_STOP = r"([-+]?[0-9]+)。([0-9]+)"
# Characters that take no room when shown (zero-width spaces and joiners, a soft hyphen, a
# byte order mark), which text pasted from a web page or Word brings: none is in a number.
INVISIBLE = "[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]"
_COLON = r"[-+]?[0-9]+(?::[0-9]+)+(?:\.[0-9]*)?"
_WITH_UNIT = r"(?s)([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*(\D.*)"
# A number written with a comma in it (12,5 or 1,5万元), not text that has a comma somewhere.
_COMMA = r"[-+]?[0-9.]*[0-9][,，][0-9]"
_SPACES = " \t"
_WRITE_PLAIN = msg("write it as a plain number such as 1234.5")


def parse_number(text: str) -> Decimal:
    """The number ``text`` writes, read the one way YAML, CSV tables and ``--set`` all read it.

    A plain decimal (``-12.5``, ``.5``) with an optional exponent (``1e3``), spaces
    around it allowed. Refused, each with a hint: the forms a person does not type
    on purpose or that lose digits (``1_000``, a leading ``0``, Excel's display form
    ``3.72E+01``, thousands separators, ``%``, a unit, full-width digits, NaN,
    hexadecimal, ``1:30``), and numbers out of bounds (:func:`bounds_problem`).

    >>> parse_number("37.24")
    Decimal('37.24')
    >>> parse_number("1_000")
    Traceback (most recent call last):
    ...
    scoring.core.numbers.NumberError: '1_000' has _ between its digits

    Raises:
        NumberError: saying what is wrong and what to write.
    """
    stripped = text.strip(_SPACES)
    if _PLAIN_NUMBER.fullmatch(stripped):
        _no_leading_zero(text, stripped)
        value = Decimal(stripped)
    else:
        value = _exponent_form(text, stripped)
    problem = bounds_problem(value, text)
    if problem is not None:
        raise problem
    return value


def _no_leading_zero(text: str, digits: str) -> None:
    unsigned = digits.lstrip("+-")
    if len(unsigned) > 1 and unsigned[0] == "0" and unsigned[1].isdigit():
        meant = re.sub(r"^([-+]?)0+(?=[0-9])", r"\1", text.strip(_SPACES))
        raise NumberError(
            msg("{text!r} starts with a 0", text=text),
            msg(
                "write {meant}: a number has no leading zeros (YAML would read 010 as octal 8)",
                meant=meant,
            ),
        )


def _exponent_form(text: str, stripped: str) -> Decimal:
    exponent = re.fullmatch(_EXPONENT, stripped)
    if exponent is None:
        raise _not_a_number(text, stripped)
    mantissa, letter, sign, _ = exponent.groups()
    _no_leading_zero(text, mantissa)
    value = Decimal(stripped)
    if letter == "E" and sign:
        # How Excel and WPS show a number in a column too narrow for it: the
        # digits shown may be rounded, so the number meant cannot be known.
        raise NumberError(
            msg("{text!r} is in the form Excel shows a number in a narrow column", text=text),
            msg(
                "the digits shown may be rounded: widen the column (or format the cells as"
                " numbers) and save again, or write the number in full, such as {value}",
                value=plain(value),
            )
            if bounds_problem(value, text) is None
            else msg(
                "the digits shown may be rounded: widen the column (or format the cells as"
                " numbers) and save again, or write the number in full"
            ),
        )
    return value


def _not_a_number(text: str, stripped: str) -> NumberError:
    """What is wrong with ``text``, which is no plain number."""
    if not stripped:
        return NumberError(msg("{text!r} is empty", text=text), msg("write a number"))
    odd = next((c for c in stripped if not c.isascii()), None)
    if odd is not None and unicodedata.category(odd) == "Zs":
        return NumberError(
            msg("{text!r} has {named}", text=text, named=named_character(odd)),
            msg("remove it: it often comes with text pasted from Word or a web page"),
        )
    if ("\n" in stripped or "\r" in stripped) and _PLAIN_NUMBER.fullmatch(
        "".join(stripped.split())
    ):
        # A cell typed with Alt+Enter, or a YAML block scalar: the line break was read as
        # text before it, or as "'' after the number". Between digits (4\n3) it is no
        # one number: none is said.
        alone = stripped.strip()
        return NumberError(
            msg("{text!r} has a line break", text=text),
            msg("write {replace} on one line, without the line break", replace=alone)
            if _PLAIN_NUMBER.fullmatch(alone)
            else msg("write the number on one line, without the line break"),
        )
    wide = unicodedata.normalize("NFKC", stripped)
    if wide != stripped and _PLAIN_NUMBER.fullmatch(wide.strip(_SPACES)):
        return NumberError(
            msg("{text!r} is written in full-width characters", text=text),
            msg(
                "write {strip} with half-width (ASCII) digits: switch the input method to "
                "half-width",
                strip=wide.strip(_SPACES),
            ),
        )
    if "_" in stripped and _PLAIN_NUMBER.fullmatch(stripped.replace("_", "")):
        return NumberError(
            msg("{text!r} has _ between its digits", text=text),
            msg("write {replace}", replace=stripped.replace("_", "")),
        )
    if re.fullmatch(_SEPARATED, stripped):
        meant = stripped.replace(",", "").replace("，", "")
        return NumberError(
            msg("{text!r} has thousands separators", text=text),
            msg("write the plain number {meant}, without them", meant=meant),
        )
    if stripped.endswith(("%", "％")) and _PLAIN_NUMBER.fullmatch(stripped[:-1].strip(_SPACES)):
        error = NumberError(
            msg("{text!r} has a % sign", text=text),
            msg(
                "write the plain number {strip}; the unit is set on the indicator",
                strip=stripped[:-1].strip(_SPACES),
            ),
        )
        error.alone = stripped[:-1].strip(_SPACES)
        return error
    if re.fullmatch(_NOT_FINITE, stripped):
        return NumberError(
            msg("{text!r} is not a finite number", text=text),
            msg("write an ordinary number; NaN and infinities cannot be scored"),
        )
    if re.fullmatch(_OTHER_BASE, stripped):
        return NumberError(
            msg("{text!r} is a hexadecimal, octal or binary number", text=text),
            msg("write it in decimal digits"),
        )
    date = re.fullmatch(_DATE, stripped)
    if date is not None:
        return NumberError(
            msg("{text!r} is a date", text=text),
            msg(
                "write the number itself, or a month alone ({month}月) where a month is meant;"
                " if a spreadsheet made it a date, set the cells' format to General (常规) and"
                " type the number again",
                month=int(date.group(2) or date.group(3)),
            ),
        )
    year_month = re.fullmatch(_YEAR_MONTH, stripped)
    if year_month is not None and 1 <= int(year_month.group(1) or year_month.group(2)) <= 12:
        return NumberError(
            msg("{text!r} is a year and a month", text=text),
            msg(
                "write the month alone ({month}月) where a month is meant: the year is the"
                " file's; or the number itself",
                month=int(year_month.group(1) or year_month.group(2)),
            ),
        )
    currency = re.fullmatch(_CURRENCY, stripped)
    if currency is not None:
        sign, symbol, digits = currency.groups()
        meant = (sign + digits).replace(",", "").replace("，", "")
        if _PLAIN_NUMBER.fullmatch(meant):
            return NumberError(
                msg("{text!r} has a currency sign ({symbol})", text=text, symbol=symbol),
                msg(
                    "write the plain number {strip}; the unit is set on the indicator",
                    strip=meant,
                ),
            )
    if stripped in ("-", "－"):
        # What Excel's accounting format (会计专用) shows for 0, saved so to CSV.
        return NumberError(
            msg("{text!r} is a dash, as Excel's accounting format shows 0", text=text),
            msg("write 0 if 0 is meant, or leave the cell empty if the figure is missing"),
        )
    if re.fullmatch(_NO_FIGURE, stripped):
        return NumberError(
            msg("{text!r} is a slash, as written for no figure", text=text)
            if stripped in "/／\\"
            else msg("{text!r} is a dash, as written for no figure", text=text),
            msg("write 0 if 0 is meant, or leave the cell empty if the figure is missing"),
        )
    minus = re.fullmatch(_OTHER_MINUS, stripped)
    if minus is not None:
        return NumberError(
            msg(
                "{text!r} is written with {named}, not the minus sign -",
                text=text,
                named=named_character(minus.group(1)),
            ),
            msg("write {replace}", replace="-" + minus.group(2)),
        )
    bracketed = re.fullmatch(_BRACKETED, stripped)
    if bracketed is not None:
        meant = "-" + bracketed.group(1).replace(",", "").replace("，", "")
        if _PLAIN_NUMBER.fullmatch(meant):
            return NumberError(
                msg(
                    "{text!r} is in brackets, as Excel's accounting format shows a negative number",
                    text=text,
                ),
                msg("write {replace} if the figure is negative", replace=meant),
            )
    full_stop = re.fullmatch(_FULL_STOP, stripped)
    if full_stop is not None:
        return NumberError(
            msg("{text!r} has a full stop (。) for a decimal point", text=text),
            msg("write {replace}", replace=f"{full_stop.group(1)}.{full_stop.group(2)}"),
        )
    invisible = re.search(INVISIBLE, stripped)
    if invisible is not None and _PLAIN_NUMBER.fullmatch(re.sub(INVISIBLE, "", stripped)):
        return NumberError(
            msg(
                "{text!r} has {named}, which is not seen",
                text=text,
                named=named_character(invisible.group()),
            ),
            msg("remove it: it often comes with text pasted from Word or a web page"),
        )
    if re.fullmatch(_COLON, stripped):
        return NumberError(
            msg("{text!r} has a colon, like a time or a ratio", text=text),
            msg("write the number itself; YAML would read 1:30 as 90 (base 60)"),
        )
    if stripped.count(".") > 1 and _PLAIN_NUMBER.fullmatch(stripped.replace(".", "")):
        return NumberError(msg("{text!r} has more than one decimal point", text=text), _WRITE_PLAIN)
    if re.match(_COMMA, stripped):
        return NumberError(
            msg("{text!r} has a comma", text=text),
            msg(
                "a number has no commas: write a decimal point as '.', and no thousands separators"
            ),
        )
    unit = re.fullmatch(_WITH_UNIT, stripped)
    if unit is not None:
        error = NumberError(
            msg("{text!r} has {strip!r} after the number", text=text, strip=unit.group(2).strip()),
            msg(
                "write the number alone, {group}; the unit is set on the indicator",
                group=unit.group(1),
            ),
        )
        error.alone = unit.group(1)
        return error
    return NumberError(msg("{text!r} is not a number", text=text), None, number_like=False)


def named_character(char: str) -> Message:
    """A character as a person can find it: ``a no-break space (U+00A0)``."""
    name = unicodedata.name(char, "").lower()
    code = f"U+{ord(char):04X}"
    if name[:1] in ("a", "e", "i", "o", "u"):  # an ideographic space (U+3000)
        return msg("an {name} ({code})", name=name, code=code)
    if name:
        return msg("a {name} ({code})", name=name, code=code)
    return msg("the character {code}", code=code)


def bounds_problem(value: Decimal, text: str | None = None) -> NumberError | None:
    """Why ``value`` is not a real figure (NaN, too large or small, too many decimals), or None.

    The bounds every number read obeys, from YAML, CSV, ``--set`` or Python;
    ``text`` is the number as written, for the message.
    """
    # Every number read comes here: one within the bounds on its face (at most
    # MAX_PLACES places even before trailing zeros are dropped) is passed at
    # once, without the message's text or the digits' string.
    if value.is_finite():
        if not value:
            return None
        if -MAX_MAGNITUDE <= value.adjusted() <= MAX_MAGNITUDE:
            exponent = value.as_tuple().exponent
            assert isinstance(exponent, int)
            if exponent >= -MAX_PLACES:
                return None
    return _bounds_problem(value, text)


def _bounds_problem(value: Decimal, text: str | None) -> NumberError | None:
    shown = repr(text) if text is not None else plain(value) if value.is_finite() else str(value)
    if not value.is_finite():
        return NumberError(
            msg("{shown} is not a finite number", shown=shown),
            msg("write an ordinary number; NaN and infinities cannot be scored"),
        )
    if value == 0:
        return None
    if value.adjusted() > MAX_MAGNITUDE:
        return NumberError(
            msg("{shown} is too large to be a real figure", shown=shown),
            msg(
                "numbers must be below 1e{value} (at most {value} digits before the decimal "
                "point); check the number of digits or the exponent",
                value=MAX_MAGNITUDE + 1,
            ),
        )
    if value.adjusted() < -MAX_MAGNITUDE:
        return NumberError(
            msg("{shown} is too small to be a real figure", shown=shown),
            msg(
                "numbers other than 0 must be at least 1e-{MAX_MAGNITUDE} in size; check the "
                "number of zeros or the exponent",
                MAX_MAGNITUDE=MAX_MAGNITUDE,
            ),
        )
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    places = -exponent - (len(digits) - len("".join(map(str, digits)).rstrip("0")))
    if places > MAX_PLACES:
        return NumberError(
            msg(
                "{shown} has more than {MAX_PLACES} digits after the decimal point",
                shown=shown,
                MAX_PLACES=MAX_PLACES,
            ),
            msg("round it to {MAX_PLACES} places or fewer", MAX_PLACES=MAX_PLACES),
        )
    return None
