"""One number parser, one set of bounds, for YAML (quoted or not), CSV, --set and Python.

A form a person does not type on purpose (1_000, Excel's 3.72E+01, more digits than
the bounds allow) is refused on every path with the same words and hint; a plain
number is read as the same Decimal on every path.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import Facts, InputError
from scoring.core.numbers import NumberError, parse_number
from silent_cases import cli, csv_table, problems, rules, small_facts, yaml_table

# Text, and what the refusal says about it.
REFUSED = {
    "1_000": "has _ between its digits",
    "3.72E+01": "is in the form Excel shows a number in a narrow column",
    "12345678901234567890": "is too large to be a real figure",
    "0.0000000000000000001": "is too small to be a real figure",
    "1.0000000000000000001": "has more than 15 digits after the decimal point",
    "010": "starts with a 0",
    "1:21.5": "has a colon, like a time or a ratio",
    "1.2.3": "has more than one decimal point",
    "NaN": "is not a finite number",
    "1e400": "is too large to be a real figure",
    # A date typed where a number belongs (as_of: 2023-06-30, a CSV cell Excel
    # formatted as a date): not "2023 with '-06-30' after it, write 2023".
    "2023-06-30": "is a date",
}
# Forms refused only outside YAML's own syntax (YAML reads them as text, or refuses
# them as syntax): checked on the other paths.
REFUSED_AS_TEXT = {
    "４３.２": "is written in full-width characters",
    "43.2%": "has a % sign",
    # A cell formatted as currency, and one in Excel's accounting format showing 0, as
    # Excel saves them to CSV: refused as numbers at the fact, not taken for words that
    # a formula then says are text.
    "¥5070.36": "has a currency sign (¥)",
    "-": "is a dash, as Excel's accounting format shows 0",
    # What clerks write for "no figure", and a negative number as Word, PDF text and
    # Excel's accounting format write it: refused at the fact, not read as a word.
    "—": "is a dash, as written for no figure",
    "/": "is a slash, as written for no figure",
    "−43.2": "is written with a minus sign (U+2212), not the minus sign -",
    "(43.2)": "is in brackets, as Excel's accounting format shows a negative number",
    "43。2": "has a full stop (。) for a decimal point",
    "\u200b43.2": "has a zero width space (U+200B), which is not seen",
}
ACCEPTED = {"43.2": "43.2", "-0.5": "-0.5", ".5": "0.5", "1e3": "1000", "0": "0"}


def _problem(err: str) -> str:
    (line,) = problems(err)
    return line


def _why(line: str, text: str) -> str:
    """The part of a problem's line from the quoted text on: what is wrong, and the hint."""
    quoted = repr(text)
    assert quoted in line, line
    return line[line.index(quoted) :]


def refusals(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The refusal of ``text`` as the budget, on every path, from the quoted text on."""
    found = {}
    quoted = '"' + text.replace("\\", "\\\\") + '"'
    for name, value in (("yaml", text), ("yaml quoted", quoted)):
        if name == "yaml" and text in REFUSED_AS_TEXT:
            continue
        facts = small_facts(tmp_path, f"{name.replace(' ', '-')}.yaml", budget=value)
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2, (name, err)
        found[name] = _why(_problem(err), text)
    for engine in ("exact", "columnar"):
        table = csv_table(tmp_path, [{"budget": text}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path), "--engine", engine], capsys)
        assert code == 2, (engine, err)
        found[f"csv {engine}"] = _why(_problem(err), text)
    table = yaml_table(tmp_path, [{"budget": quoted}])
    code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
    found["yaml table"] = _why(_problem(err), text)
    facts = small_facts(tmp_path, "base.yaml")
    code, _, err = cli(["score", str(facts), "--set", f"budget={text}"], capsys)
    assert code == 2, err
    found["--set"] = _why(_problem(err), text)
    with pytest.raises(InputError) as info:
        Facts.from_values("单位", 2023, {"budget": text})
    found["python"] = _why(info.value.line(), text)
    return found


@pytest.mark.parametrize("text", [*REFUSED, *REFUSED_AS_TEXT])
def test_refused_alike_on_every_path(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text is refused on every path, with the same reason and the same hint."""
    found = refusals(tmp_path, text, capsys)
    why = {**REFUSED, **REFUSED_AS_TEXT}[text]
    first = next(iter(found.values()))
    assert first.startswith(f"{text!r} {why}"), first
    assert "(hint: " in first
    assert dict.fromkeys(found, first) == found


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_accepted_alike_on_every_path(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plain number is the same Decimal whichever way it comes in."""
    assert parse_number(text) == Decimal(ACCEPTED[text])
    value = Facts.from_values("单位", 2023, {"budget": text}).facts["budget"].value
    assert value == Decimal(ACCEPTED[text])


@pytest.mark.parametrize("text", ["43.2", " 43.2 ", "4.32e1", "43.20"])
def test_read_as_the_same_number_by_every_command(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spending 43.2 of a budget written ``text`` is 100% executed, 10 points, on every path."""
    quoted = f'"{text}"'
    facts = small_facts(tmp_path, "f.yaml", budget=quoted, spending="43.2")
    code, out, err = cli(["score", str(facts), "--format", "json"], capsys)
    assert code == 0, err
    points = {i["id"]: i["points"] for i in json.loads(out)["indicators"]}
    assert points["budget_execution_rate"] == 10
    for engine in ("exact", "columnar"):
        table = csv_table(tmp_path, [{"budget": text, "spending": "43.2"}])
        code, out, err = cli(
            ["batch", str(table), *rules(tmp_path), "--engine", engine, "--format", "json"],
            capsys,
        )
        assert code == 0, err
        assert json.loads(out)["rows"][0]["points"]["budget_execution_rate"] == 10
    base = small_facts(tmp_path, "base.yaml")
    sets = ["--set", f"budget={text}", "spending=43.2"]
    code, out, err = cli(["score", str(base), "--format", "json", *sets], capsys)
    assert code == 0, err
    after = {r["id"]: r["after"] for r in json.loads(out)["rows"]}
    assert after["budget_execution_rate"] == 10


class TestHints:
    def test_hint_writes_the_number_meant(self) -> None:
        """Where the number meant is plain, the hint writes it out."""
        cases = {
            "1_000": "write 1000",
            "010": "write 10",
            "1,000": "write the plain number 1000",
            "４３.２": "write 43.2",
            "37.24万元": "write the number alone, 37.24",
            "3.72E+01": "such as 37.2",
        }
        for text, hint in cases.items():
            with pytest.raises(NumberError) as info:
                parse_number(text)
            assert info.value.hint is not None
            assert hint in info.value.hint, (text, info.value.hint)

    def test_no_break_space_is_named(self) -> None:
        """A no-break space pasted from Word is named, with its code point."""
        with pytest.raises(NumberError, match=re.escape("no-break space (U+00A0)")):
            parse_number("43.2\u00a0")

    def test_an_ideographic_space_is_named_with_its_article(self) -> None:
        """The full-width space a Chinese input method types: 'an ideographic space'."""
        with pytest.raises(NumberError) as info:
            parse_number("\u300085")
        assert str(info.value).endswith("has an ideographic space (U+3000)")

    def test_words_are_no_number_like_text(self) -> None:
        """Words are not a number at all: the caller says what it expected."""
        with pytest.raises(NumberError) as info:
            parse_number("达成")
        assert not info.value.number_like


def refusal(text: str) -> NumberError:
    with pytest.raises(NumberError) as info:
        parse_number(text)
    return info.value


class TestFormsBesideTheDocumented:
    """Forms one step from docs/validation.md's examples, each read or refused as documented.

    Found by mutation testing: each case tells the parser apart from one small change to it.
    """

    @pytest.mark.parametrize(
        ("text", "value"), [("1E3", "1000"), ("1e+3", "1000"), ("1e-3", "0.001")]
    )
    def test_an_exponent_a_person_means_is_read(self, text: str, value: str) -> None:
        """Only a capital E with a sign (3.72E+01) is Excel's narrow-column form."""
        assert parse_number(text) == Decimal(value)

    @pytest.mark.parametrize(
        ("text", "meant"), [("07", "7"), ("-05", "-5"), ("007", "7"), ("01e3", "1e3")]
    )
    def test_a_leading_zero_is_refused_with_the_number_meant(self, text: str, meant: str) -> None:
        """Two characters are enough (07), and an exponent does not hide the 0 (01e3)."""
        err = refusal(text)
        assert err.problem == f"{text!r} starts with a 0"
        assert err.hint is not None
        assert err.hint.startswith(f"write {meant}: a number has no leading zeros")

    @pytest.mark.parametrize(
        ("text", "problem", "hint"),
        [
            ("95%", "has a % sign", "write the plain number 95; the unit is set on the indicator"),
            ("5%", "has a % sign", "write the plain number 5; the unit is set on the indicator"),
            ("43.2%", "has a % sign", "write the plain number 43.2; the unit is set on"),
            # The full-width ％ and ， of a Chinese input method: the sign is named, not
            # the width, and the number meant is written out.
            ("95％", "has a % sign", "write the plain number 95; the unit is set on"),
            ("1，000", "has thousands separators", "write the plain number 1000, without them"),
            ("43.2万", "has '万' after the number", "write the number alone, 43.2; the unit is"),
            ("2023/6/30", "is a date", "write the number itself, or a month alone (6月) where"),
            ("2023.06.30", "is a date", "write the number itself, or a month alone (6月) where"),
            ("2023年6月30日", "is a date", "write the number itself, or a month alone (6月)"),
            # Cells formatted as currency or accounting (会计专用), saved to CSV as shown.
            ("¥5,070.36", "has a currency sign (¥)", "write the plain number 5070.36; the unit"),
            ("￥5070.36", "has a currency sign (￥)", "write the plain number 5070.36; the unit"),
            ("-¥12", "has a currency sign (¥)", "write the plain number -12; the unit is set"),
            ("-", "is a dash, as Excel's accounting format shows 0", "write 0 if 0 is meant"),
            # "No figure" as clerks write it, whatever the dash or slash.
            ("—", "is a dash, as written for no figure", "write 0 if 0 is meant, or leave"),
            ("——", "is a dash, as written for no figure", "write 0 if 0 is meant, or leave"),
            ("–", "is a dash, as written for no figure", "write 0 if 0 is meant, or leave"),
            ("--", "is a dash, as written for no figure", "write 0 if 0 is meant, or leave"),
            ("／", "is a slash, as written for no figure", "write 0 if 0 is meant, or leave"),
            # A negative number: another minus sign, or brackets (accounting format).
            ("–5", "is written with an en dash (U+2013), not the minus sign -", "write -5"),
            ("－5", "is written in full-width characters", "write -5 with half-width (ASCII)"),
            (
                "(1,234.00)",
                "is in brackets, as Excel's accounting format shows a negative number",
                "write -1234.00 if the figure is negative",
            ),
            (
                "（12）",
                "is in brackets, as Excel's accounting format shows a negative number",
                "write -12 if the figure is negative",
            ),
            ("37。24", "has a full stop (。) for a decimal point", "write 37.24"),
            # A line break typed in a cell (Alt+Enter), or a YAML block scalar's: "81\n"
            # was read as 81 from a CSV cell (a regex's $ before a final line break) and
            # "81\n\n" as "'' after the number"; "\n81" as a word.
            ("81\n", "has a line break", "write 81 on one line, without the line break"),
            ("81\n\n", "has a line break", "write 81 on one line, without the line break"),
            ("\r\n81", "has a line break", "write 81 on one line, without the line break"),
            ("8\n1", "has a line break", "write the number on one line, without the line"),
            ("37.24\u00ad", "has a soft hyphen (U+00AD), which is not seen", "remove it: it"),
            # A deadline met in a month, with its year: the month alone is meant.
            ("2023年8月", "is a year and a month", "write the month alone (8月) where a month"),
            ("2023-08", "is a year and a month", "write the month alone (8月) where a month"),
            ("12,5%", "has a comma", "a number has no commas: write a decimal point as '.'"),
        ],
    )
    def test_the_sign_or_unit_is_named(self, text: str, problem: str, hint: str) -> None:
        err = refusal(text)
        assert err.problem == f"{text!r} {problem}"
        assert err.hint is not None
        assert err.hint.startswith(hint), err.hint

    @pytest.mark.parametrize("text", ["not_given", ".-5"])
    def test_no_number_is_not_said_to_be_a_misspelt_one(self, text: str) -> None:
        """A word with an _ has no digits to join; '.-5' has one decimal point, not two."""
        err = refusal(text)
        assert err.problem == f"{text!r} is not a number"
        assert err.hint is None
        assert not err.number_like


class TestNumberishFirstCharacters:
    """A text fact is taken for a number by a pattern compiled only for a text that can
    start one (start-up time): the characters it lets by must be all the pattern's."""

    # After each first character, what each of the pattern's branches can go on with.
    RESTS = ("", "5", ".5", "5)", " 5", " 5)", "nf", "an", "nfinity", "nan", "inf", "¥5", "\u200b5")

    def test_every_character_that_can_start_a_match_is_let_by(self) -> None:
        from scoring.files.documents import _NUMBERISH_FIRST, _numberish  # noqa: PLC0415

        pattern = _numberish()
        missed = [
            f"U+{code:04X}"
            for code in range(0x10000)
            if not 0xD800 <= code < 0xE000
            and (c := chr(code)) not in _NUMBERISH_FIRST
            and not c.isdecimal()
            and not c.isspace()
            and any(pattern.match(c + rest) for rest in self.RESTS)
        ]
        assert missed == []
        # Beyond the BMP the pattern names no character: only its \d can start a match.
        assert pattern.match("\U0001d7d85")  # MATHEMATICAL DOUBLE-STRUCK DIGIT ZERO, then 5

    @pytest.mark.parametrize(
        ("text", "meant"),
        [
            ("优", False),
            ("达标", False),
            ("", False),
            ("Infinity", True),
            ("\u0131nf", True),  # dotless i: the pattern ignores case as Unicode does
            ("−37.24", True),
            ("(37.24)", True),
            ("——", True),
            ("/", True),
            ("\u200b5", True),
            ("¥5,070.36", True),
            ("N/A", False),
        ],
    )
    def test_numberish(self, text: str, meant: bool) -> None:
        from scoring.files.documents import numberish  # noqa: PLC0415

        assert numberish(text) is meant
