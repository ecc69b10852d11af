"""Exact arithmetic: half-up rounding, the shared precision, display, and the size bound."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.core.numbers import (
    CONTEXT,
    clamp,
    div,
    fmt,
    fmt_points,
    mul,
    plain,
    reasonable,
    round_half_up,
    to_units,
)

D = Decimal


class TestPrecision:
    def test_quotients_keep_34_digits(self) -> None:
        """2 ÷ 3 keeps 34 significant digits, the last rounded half up (decimal128)."""
        assert CONTEXT.prec == 34
        assert div(D(2), D(3)) == D("0." + "6" * 33 + "7")
        assert mul(D("1." + "1" * 33), D(3)) == D("3." + "3" * 33)

    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [
            ("8.625", 2, "8.63"),  # a half goes up, not to even
            ("-8.625", 2, "-8.63"),  # and away from zero below 0
            ("0.5", 0, "1"),
            ("2.5", 0, "3"),
            ("8.6249999", 2, "8.62"),
            ("1" + "0" * 32, 2, "1" + "0" * 32 + ".00"),  # 35 digits: past the context
            ("9" * 32 + ".995", 2, "1" + "0" * 32 + ".00"),  # the carry adds a digit
            ("0.12345678901234565", 15, "0.123456789012346"),  # the most places a number has
            ("0.12345678901234565", 16, "0.1234567890123457"),  # and more
        ],
    )
    def test_round_half_up(self, value: str, decimals: int, expected: str) -> None:
        """Rounding keeps every digit before the point, whatever the context's precision."""
        got = round_half_up(D(value), decimals)
        assert str(got) == expected


class TestDisplay:
    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [("95.294117", 2, "95.29"), ("5.00", 2, "5"), ("-0.001", 2, "0"), ("-0.004", 2, "0"),
         ("-0.005", 2, "-0.01"), ("1E+2", 2, "100"), ("0.1250", 6, "0.125"), ("12.5", 0, "13")],
    )  # fmt: skip
    def test_fmt(self, value: str, decimals: int, expected: str) -> None:
        """At most ``decimals`` places, trailing zeros dropped, no sign on a rounded zero."""
        assert fmt(D(value), decimals) == expected

    @pytest.mark.parametrize(
        ("value", "expected"), [("1E+2", "100"), ("2.500", "2.5"), ("-0.0", "0"), ("7", "7")]
    )
    def test_plain(self, value: str, expected: str) -> None:
        """The exact value, no exponent, no trailing zeros, no sign on zero."""
        assert plain(D(value)) == expected

    def test_points_print_with_the_sheets_places(self) -> None:
        """8.6 at 2 places is 8.60; -0.001 is 0.00, without a sign."""
        assert fmt_points(D("8.6"), 2) == "8.60"
        assert fmt_points(D("-0.001"), 2) == "0.00"
        assert to_units(D("8.60"), 2) == 860

    def test_clamp(self) -> None:
        """Below 0 is 0, above 1 is 1, between stays."""
        assert [clamp(D(v)) for v in ("-0.5", "0.25", "1.5")] == [0, D("0.25"), 1]


class TestReasonable:
    @pytest.mark.parametrize(
        ("value", "ok"),
        [
            ("0", True),
            ("0E-30", True),  # zero written with any exponent
            ("1E-15", True),
            ("9.9E-16", False),
            ("9999999999999999", True),  # 16 digits: below 1e16
            ("1E+16", False),
            ("-1E+16", False),
            ("-5", True),
        ],
    )
    def test_bound(self, value: str, ok: bool) -> None:
        """0, and sizes from 1e-15 to below 1e16 (either sign), are reasonable numbers."""
        assert reasonable(D(value)) is ok
