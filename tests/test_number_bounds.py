"""The bounds every number read obeys, and how a number is shown in a message.

docs/facts.md: at most 16 digits before the point (below 1e16), at least
1e-15 in size unless 0, at most 15 decimals. Found by mutation testing: no
core test stood at each bound.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from scoring.core.numbers import arithmetic_words, bounds_problem, clamp_share, shown

D = Decimal


class TestBounds:
    @pytest.mark.parametrize(
        "value",
        [
            "1E+15",
            "9999999999999999",
            "1E-15",
            "0.123456789012345",
            "0E+50",
            "0E-50",
            # 19 places written, 1 after the trailing zeros go: a figure.
            "1.5000000000000000000",
            "-1.5000000000000000000",
        ],
    )
    def test_at_the_bounds_a_number_is_a_figure(self, value: str) -> None:
        assert bounds_problem(D(value)) is None

    def test_too_large(self) -> None:
        found = bounds_problem(D("1E+16"))
        assert found is not None
        assert str(found.problem) == "10000000000000000 is too large to be a real figure"
        assert str(found.hint).startswith("numbers must be below 1e16 (at most 16 digits")

    def test_said_as_written_when_the_text_is_given(self) -> None:
        found = bounds_problem(D("1E+16"), "1e16")
        assert found is not None
        assert str(found.problem) == "'1e16' is too large to be a real figure"

    def test_too_small(self) -> None:
        found = bounds_problem(D("1E-16"))
        assert found is not None
        assert "too small" in str(found.problem)

    def test_too_many_decimals(self) -> None:
        found = bounds_problem(D("0.1234567890123456"))
        assert found is not None
        assert "more than 15 digits after the decimal point" in str(found.problem)


class TestShown:
    def test_as_written_or_to_6_decimals(self) -> None:
        """43.2 as written; 81 ÷ 85 × 100 = 95.2941176… to 6 decimals, 95.294118."""
        assert shown(D("43.2")) == "43.2"
        assert shown(D("95.2941176")) == "95.294118"

    @pytest.mark.parametrize(
        ("value", "said"), [("0.123456", "0.123456"), ("0.9500", "0.95"), ("1E+2", "100")]
    )
    def test_up_to_6_decimals_as_written_without_trailing_zeros(
        self, value: str, said: str
    ) -> None:
        assert shown(D(value)) == said


def test_shares_are_clamped_to_one() -> None:
    assert clamp_share(Fraction(3, 2)) == 1
    assert clamp_share(Fraction(-1, 2)) == 0


@pytest.mark.parametrize(
    ("exc", "said"),
    [
        (ZeroDivisionError(), "it divides by zero"),
        (OverflowError(), "the number is too large"),
        (ArithmeticError(), "the arithmetic is not defined for it"),
    ],
)
def test_arithmetic_errors_in_words(exc: ArithmeticError, said: str) -> None:
    assert str(arithmetic_words(exc)) == said
