"""Formulas: arithmetic on fact names, parsed without eval."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scoring.core.errors import FormulaError, Location
from scoring.core.formula import parse, substitute

D = Decimal


def value(text: str, **facts: str) -> Decimal:
    """``text`` evaluated with ``facts``."""
    return parse(text).evaluate(lambda name: D(facts[name]))


class TestParsing:
    def test_staff_control_rate(self) -> None:
        """staff_in_post / authorized_posts * 100 with 81 and 85 gives 95.294...%."""
        result = value(
            "staff_in_post / authorized_posts * 100", staff_in_post="81", authorized_posts="85"
        )
        assert result.quantize(D("0.0001")) == D("95.2941")

    def test_names(self) -> None:
        """A formula knows every fact name it reads, each once."""
        formula = parse("(a - b) / b * 100 + c_2")
        assert formula.names == frozenset({"a", "b", "c_2"})

    def test_numbers(self) -> None:
        """Whole numbers, decimals and numbers starting with a point are read exactly."""
        assert value("1 + 2.5 + .25") == D("3.75")

    def test_whitespace_does_not_matter(self) -> None:
        """Spaces, tabs and none at all read the same."""
        assert value("a*b", a="2", b="3") == value(" a \t*  b ", a="2", b="3") == D(6)

    def test_exact_decimal_arithmetic(self) -> None:
        """0.1 + 0.2 is exactly 0.3 (no float on the way)."""
        assert value("0.1 + 0.2") == D("0.3")


class TestPrecedence:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2 + 3 * 4", "14"),
            ("(2 + 3) * 4", "20"),
            ("10 - 4 - 3", "3"),
            ("24 / 4 / 2", "3"),
            ("10 - (4 - 3)", "9"),
            ("2 * 3 + 4 * 5", "26"),
            ("((1 + 2) * (3 + 4))", "21"),
        ],
    )
    def test_order(self, text: str, expected: str) -> None:
        """* and / bind tighter than + and -; each is left-associative; parentheses group."""
        assert value(text) == D(expected)


class TestUnary:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("-3 + 5", "2"), ("-(2 + 3)", "-5"), ("4 * -2", "-8"), ("5 - -2", "7"), ("+3", "3")],
    )
    def test_sign(self, text: str, expected: str) -> None:
        """A leading minus negates what follows it; a leading plus changes nothing."""
        assert value(text) == D(expected)

    def test_negated_name(self) -> None:
        """-a reads the fact and negates it."""
        assert value("-a * 2", a="1.5") == D(-3)


class TestChineseOperators:
    def test_times_and_divide_signs(self) -> None:
        """× and ÷ mean * and /, as a clerk writes them."""
        assert value("81 ÷ 85 × 100") == value("81 / 85 * 100")

    def test_mixed_with_ascii(self) -> None:
        """× and ÷ mix with ascii operators and keep their precedence."""
        assert value("2 + 3 × 4 ÷ 2") == D(8)


class TestRefusal:
    @pytest.mark.parametrize(
        "text",
        [
            "__import__('os')",
            "open('x')",
            "abs(a)",
            "a.real",
            "a.__class__",
            "'100'",
            '"a"',
            "a ** 2",
            "a if b else c",
            "a[0]",
            "lambda: 1",
            "a; b",
            "a = 1",
            "a, b",
            "1e3",
            "a % b",
            "",
            "   ",
            "a +",
            "(a + b",
            "a + b)",
            "a b",
            "在职人员数 / 编制数",
        ],
    )
    def test_not_arithmetic(self, text: str) -> None:
        """Anything but names, numbers, + - * / × ÷ and parentheses is a FormulaError."""
        with pytest.raises(FormulaError):
            parse(text)

    def test_function_call_is_named(self) -> None:
        """A call such as min(...) is refused as a function, not as a stray comma."""
        with pytest.raises(FormulaError, match=r"calls min\(\.\.\.\): functions are not allowed"):
            parse("min(spending / budget * 100, 100)")

    def test_error_is_located(self) -> None:
        """A refused formula's error says where the formula stands."""
        where = Location("ind.yaml", 7, 14)
        with pytest.raises(FormulaError) as info:
            parse("abs(a)", where)
        assert info.value.location == where
        assert info.value.line().startswith("ind.yaml:7:14: ")

    def test_too_long(self) -> None:
        """A formula of thousands of characters is refused before it is parsed."""
        with pytest.raises(FormulaError, match="longer"):
            parse(" + ".join(["a"] * 1000))

    def test_too_deep(self) -> None:
        """Parentheses nested hundreds deep are refused, not a RecursionError."""
        with pytest.raises(FormulaError, match="nested"):
            parse("(" * 200 + "1" + ")" * 200)


class TestDivisionByZero:
    def test_names_the_divisor(self) -> None:
        """Dividing by a fact that is 0 names that fact."""
        with pytest.raises(FormulaError, match=r"budget is 0"):
            value("spending / budget * 100", spending="5", budget="0")

    def test_names_a_compound_divisor(self) -> None:
        """Dividing by an expression that is 0 shows the expression."""
        with pytest.raises(FormulaError) as info:
            value("(a - b) / (b - c)", a="1", b="2", c="2")
        assert "(b - c) is 0" in info.value.message

    def test_zero_numerator_is_fine(self) -> None:
        """0 divided by something is 0, not an error."""
        assert value("a / b", a="0", b="4") == 0


class TestSubstitute:
    def test_values_replace_names(self) -> None:
        """Each name is replaced by its value: 81 / 85 * 100."""
        formula = parse("staff_in_post / authorized_posts * 100")
        facts = {"staff_in_post": D(81), "authorized_posts": D(85)}
        assert substitute(formula, facts.__getitem__) == "81 / 85 * 100"

    def test_chinese_signs(self) -> None:
        """With zh the operators are × and ÷: 81 ÷ 85 × 100."""
        formula = parse("staff_in_post / authorized_posts * 100")
        facts = {"staff_in_post": D(81), "authorized_posts": D(85)}
        assert substitute(formula, facts.__getitem__, zh=True) == "81 ÷ 85 × 100"

    def test_parentheses_kept_where_needed(self) -> None:
        """(a - b) / b keeps its parentheses; a - (b - c) too; a * b + c needs none."""
        facts = {"a": D("6.76"), "b": D("6.77"), "c": D(1)}
        assert (
            substitute(parse("(a - b) / b * 100"), facts.__getitem__)
            == "(6.76 - 6.77) / 6.77 * 100"
        )
        assert substitute(parse("a - (b - c)"), facts.__getitem__) == "6.76 - (6.77 - 1)"
        assert substitute(parse("(a * b) + c"), facts.__getitem__) == "6.76 * 6.77 + 1"

    def test_substituted_text_evaluates_to_the_same(self) -> None:
        """The substituted text, parsed again, gives the formula's value."""
        facts = {"a": D(3), "b": D(4), "c": D(5)}
        formula = parse("a - (b - c) / (a + b) * -c")
        again = parse(substitute(formula, facts.__getitem__))
        assert again.evaluate(facts.__getitem__) == formula.evaluate(facts.__getitem__)

    def test_keeps_the_text(self) -> None:
        """A parsed formula keeps its text as written, for explanations."""
        assert parse("a ÷ b").text == "a ÷ b"


class TestLimits:
    def test_length_limit_is_1000_characters(self) -> None:
        """A formula of exactly 1000 characters is read; one of 1001 is refused."""
        at_limit = "ab" + "+a" * 499  # 2 + 499 × 2 = 1000 characters
        assert len(at_limit) == 1000
        assert parse(at_limit).names == {"ab", "a"}
        with pytest.raises(FormulaError, match="longer than 1000 characters"):
            parse(at_limit + " ")

    def test_depth_limit_is_50_parentheses(self) -> None:
        """50 parentheses inside each other are read; 51 are refused as nested too deeply."""
        assert parse("(" * 50 + "a" + ")" * 50).evaluate(lambda _: Decimal(7)) == 7
        with pytest.raises(FormulaError, match="nested too deeply"):
            parse("(" * 51 + "a" + ")" * 51)

    def test_depth_counts_open_parentheses_only(self) -> None:
        """60 parentheses side by side are never more than one deep: read."""
        assert parse(" + ".join(["(a)"] * 60)).evaluate(lambda _: Decimal(1)) == 60

    def test_a_closed_parenthesis_leaves_no_room_for_more(self) -> None:
        """(a) + 51 parentheses inside each other is 51 deep: refused as 51 alone are."""
        with pytest.raises(FormulaError, match="nested too deeply"):
            parse("(a) + " + "(" * 51 + "a" + ")" * 51)

    def test_a_number_of_24_characters_is_shown_whole(self) -> None:
        """1e23 written out (24 characters) is quoted as written; 1e24 (25) by its ends.

        docs/validation.md: '99999999…9999 (900 digits)', the first 8 and the last 4.
        """
        with pytest.raises(FormulaError) as info:
            parse("1" + "0" * 23)
        assert info.value.message == f"formula: '1{'0' * 23}' is too large to be a real figure"
        with pytest.raises(FormulaError) as info:
            parse("1" + "0" * 24)
        assert info.value.message == (
            "formula: '10000000…0000 (25 digits)' is too large to be a real figure"
        )

    def test_bad_character_named_alone(self) -> None:
        """'a $ b' is refused naming '$' alone, not what follows it."""
        with pytest.raises(FormulaError, match=r"has '\$', which is not allowed"):
            parse("a $ b")

    @pytest.mark.parametrize(
        ("text", "bad", "half"), [("a * １００", "１", "1"), ("（a + b）", "（", "(")]
    )
    def test_full_width_is_refused_saying_what_to_type(
        self, text: str, bad: str, half: str
    ) -> None:
        """Full-width digits read as numbers nowhere else (a fact of '１００' is refused), so
        a formula's are refused too, not read as 100, and the hint names the half-width one."""
        with pytest.raises(FormulaError) as info:
            parse(text)
        assert info.value.message == f"formula {text!r} has {bad!r}, which is not allowed"
        assert info.value.hint == (
            f"{bad!r} is full-width: write {half!r} (switch the input method to half-width)"
        )


class TestEquality:
    def test_where_a_formula_stands_is_not_part_of_it(self) -> None:
        """The same text read at two places is the same formula; its repr shows the text."""
        here = parse("a / b", Location("x.yaml", 3))
        there = parse("a / b", Location("y.yaml", 9))
        assert here == there
        assert hash(here) == hash(there)
        assert repr(here) == "Formula(text='a / b')"


class TestSubstituteDigits:
    def test_values_keep_six_decimals(self) -> None:
        """A value of 1.23456789 is shown as 1.234568, a number in the formula too."""
        formula = parse("x * 0.12345678")
        assert substitute(formula, lambda _: Decimal("1.23456789")) == "1.234568 * 0.123457"

    def test_english_by_default_chinese_signs_asked_for(self) -> None:
        """Without zh the signs stay * and /; with zh they are × and ÷."""
        formula = parse("a * b / c")
        assert substitute(formula, lambda _: Decimal(2)) == "2 * 2 / 2"
        assert substitute(formula, lambda _: Decimal(2), zh=True) == "2 × 2 ÷ 2"


class TestParserMessages:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "formula is empty"),
            ("   ", "formula is empty"),
            ("a +", "ends too early"),
            ("a * / b", "unexpected '/'"),
            (")", "unexpected ')'"),
        ],
    )
    def test_what_is_wrong_is_said(self, text: str, message: str) -> None:
        """An empty formula, one that stops after an operator, and an operator where a
        number or name belongs are each refused, saying which."""
        with pytest.raises(FormulaError, match=re.escape(message)):
            parse(text)


class TestSubstituteParentheses:
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("a - b * c", "2 - 2 * 2"),  # * binds tighter: no parentheses needed
            ("a / b - c", "2 / 2 - 2"),
            ("-(a * b)", "-(2 * 2)"),  # the minus applies to the product
            ("a - (b - c)", "2 - (2 - 2)"),
            ("a / (b * c)", "2 / (2 * 2)"),
            ("(a + b) * c", "(2 + 2) * 2"),
        ],
    )
    def test_only_where_needed(self, text: str, shown: str) -> None:
        """Parentheses are kept exactly where leaving them out would change the value."""
        assert substitute(parse(text), lambda _: Decimal(2)) == shown
