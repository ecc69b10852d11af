"""Input that was dropped, guessed or taken for something else without a word: refused,
saying where and what to write (the small case of docs/examples, 20 points in all)."""

from __future__ import annotations

import datetime
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest

from scoring.cli import main
from scoring.core.errors import InputError, Location, ScoringError, ScoringWarning
from scoring.core.model import Fact
from scoring.files.csv_parts import CsvParts
from scoring.files.reading import forget_reads
from scoring.files.tables import load_table, read_cell, read_csv
from silent_cases import rules

Runner = Callable[..., tuple[int, str, str]]
HEADER = "unit,year,staff_in_post,authorized_posts,spending,budget,key_university_rate\n"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str, str]]:
    """The command line run with ``args`` (and ``stdin``, text): exit status, stdout, stderr;
    in Chinese unless --lang en, as a clerk runs it."""
    monkeypatch.delenv("SCORING_LANG", raising=False)

    def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
        forget_reads()  # standard input read afresh, as by a new process
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", _Stdin(stdin.encode("utf-8")))
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


class TestTableWithoutRows:
    NO_ROWS: ClassVar[dict[str, str]] = {
        "header alone": HEADER,
        "header and blank lines": HEADER + "\n\r\n\n",
        "header without a line break": HEADER.rstrip("\n"),
    }

    @pytest.mark.parametrize("name", sorted(NO_ROWS))
    @pytest.mark.parametrize("monitor", [False, True])
    def test_a_csv_header_alone_is_refused(
        self, name: str, monitor: bool, tmp_path: Path, run: Runner
    ) -> None:
        """A CSV table with no row below its header exits 2 with one error at its line 1,
        and writes nothing: scored or monitored, it would say 0 of 0 rows and exit 0."""
        path = tmp_path / "units.csv"
        path.write_text(self.NO_ROWS[name], encoding="utf-8", newline="")
        out = tmp_path / "out.csv"
        args = ["batch", str(path), *rules(Path("docs/examples")), "-o", str(out)]
        code, stdout, err = run([*args, *(["--monitor", "6"] if monitor else [])])
        assert code == 2
        assert stdout == ""
        assert not out.exists()
        assert err == (
            f"scoring: 错误：{path}:1: 表格只有表头，没有数据行"
            "（提示：请在表头下面为每个单位的每个年度写一行，或检查是不是选错了文件）\n"
        )

    def test_standard_input_and_english(self, run: Runner) -> None:
        """So is a header alone read from standard input; in English with --lang en."""
        args = ["batch", "-", *rules(Path("docs/examples")), "--lang", "en"]
        code, stdout, err = run(args, stdin=HEADER)
        assert (code, stdout) == (2, "")
        assert err.startswith("scoring: error: <stdin>:1: the table has a header but no rows")

    @pytest.mark.parametrize(
        ("suffix", "text", "where"),
        [
            (".yaml", "[]\n", "1:1"),
            (".yaml", "indicators: [a.yaml]\nrows: []\n", "2:7"),
            (".json", '{"rows": []}', "1:10"),
        ],
    )
    def test_a_document_without_rows_is_refused(
        self, suffix: str, text: str, where: str, tmp_path: Path, run: Runner
    ) -> None:
        """A YAML or JSON table whose rows are [] is refused at the list."""
        path = tmp_path / f"units{suffix}"
        path.write_text(text, encoding="utf-8")
        code, stdout, err = run(["batch", str(path), *rules(Path("docs/examples"))])
        assert (code, stdout) == (2, "")
        assert err.startswith(f"scoring: 错误：{path}:{where}: 表格没有数据行（提示：")

    def test_the_python_readers_refuse_it_too(self, tmp_path: Path) -> None:
        """load_table, read_csv and CsvParts raise the command's error; an empty file is
        still 'the table is empty'."""
        path = tmp_path / "units.csv"
        path.write_text(HEADER, encoding="utf-8")
        for read in (load_table, CsvParts):
            with pytest.raises(InputError, match="has a header but no rows"):
                read(path)
        with pytest.raises(InputError, match="has a header but no rows"):
            read_csv(HEADER)
        with pytest.raises(InputError, match="the table is empty"):
            read_csv("")


class TestStandardInputNamed:
    def test_a_row_of_standard_input_is_placed_at_stdin(self, run: Runner) -> None:
        """A row's error in a table from standard input names <stdin> on stderr and in the
        errors cell, which is not led by the formula guard's quote ("-:3:" took one)."""
        table = HEADER + "甲,2023,81,85,37.24,,34.16\n"
        code, out, err = run(["batch", "-", *rules(Path("docs/examples")), "--lang", "en"], table)
        assert code == 2
        message = (
            "<stdin>:2: row 1: missing facts: budget (for budget_execution_rate) (hint: add a"
            " column for each of them to the table (an empty cell is a missing fact))"
        )
        assert out.splitlines()[1] == f"1,2,甲,,2023,failed,,,,,,,{message}"
        assert err.splitlines()[0] == f"scoring: error: {message}"

    def test_a_facts_file_from_standard_input(self, run: Runner) -> None:
        """So is a facts file's problem, for score, in Chinese."""
        facts = Path("docs/examples/small-facts.yaml").read_text(encoding="utf-8")
        code, _, err = run(["score", "-"], facts.replace("year: 2023", "year: 1800"))
        assert code == 2
        assert err.startswith("scoring: 错误：<stdin>:5:7: 'year' 必须是 1900 到 2999 之间的整数")


class TestNoFigureWords:
    def test_a_word_for_no_figure_is_told_what_to_write(self, tmp_path: Path, run: Runner) -> None:
        """无 and N/A are read as words (a level may be called so), and where a formula or a
        rule needs a number the hint says to write 0 or leave the cell empty, not that only
        numbers can be divided."""
        path = tmp_path / "units.csv"
        path.write_text(
            HEADER + "甲,2023,81,85,无,43.2,34.16\n乙,2023,81,85,37.24,43.2,N/A\n",
            encoding="utf-8",
        )
        code, _, err = run(["batch", str(path), *rules(Path("docs/examples"))])
        assert code == 2
        assert err.splitlines()[:2] == [
            f"scoring: 错误：{path}:2: 第 1 行：公式 'spending / budget * 100' 用 'spending'"
            " 计算，但它是文字 '无'，不是数字（提示：'无' 表示没有数字：如果是 0，请写 0；"
            "如果没有这个数，请让单元格留空）",
            f"scoring: 错误：{path}:3: 第 2 行：指标 '特控线上线率'：评分规则 'proportional'"
            " 评的是数字，不是文字 'N/A'（提示：'N/A' 表示没有数字：如果是 0，请写 0；"
            "如果没有这个数，请让单元格留空）",
        ]

    @pytest.mark.parametrize("word", ["无", "(1)制度健全", "- -", "(37.24"])
    def test_words_are_still_words(self, word: str) -> None:
        """Only a dash or a slash alone, or a number after another minus sign, in brackets
        or after an unseen character, is read as a number: a level's name is read as it is."""
        found: list[ScoringError] = []
        assert read_cell("x", word, 1, Location("t.csv", 2), found) == (
            "",
            Fact("x", word, None, Location("t.csv", 2)),
        )
        assert found == []


class TestYearWrittenWithDecimals:
    @pytest.mark.parametrize(
        ("year", "said"),
        [
            (
                "2023.0",
                "year '2023.0' has a decimal point (hint: write the year's number alone: 2023)",
            ),
            (
                "2023.00",
                "year '2023.00' has a decimal point (hint: write the year's number alone: 2023)",
            ),
            (
                "2023.5",
                "year '2023.5' is not a whole number (hint: write the year as four digits,"
                " such as 2023)",
            ),
            ("", "the year is empty (hint: write the year as four digits, such as 2023)"),
            (
                "２０２３",
                "year '２０２３' is written in full-width characters (hint: write 2023 with"
                " half-width (ASCII) digits: switch the input method to half-width)",
            ),
        ],
    )
    def test_a_csv_year(self, year: str, said: str) -> None:
        """A CSV year is four digits: 2023.0 (pandas' to_csv of a float year column) fails
        its row with the year meant, 2023.5, an empty cell and full-width digits say what
        they are."""
        table = read_csv(HEADER + f"甲,{year},81,85,37.24,43.2,34.16\n", "t.csv")
        (problem,) = table.problems[0]
        assert problem.line() == f"t.csv:2: row 1: {said}"

    def test_a_yaml_year(self, tmp_path: Path, run: Runner) -> None:
        """year: 2023.0 in a YAML table was taken as 2023: it is refused, as in a CSV
        table, and so in a facts file (one reader for whole numbers); 2023.5 is no year."""
        row = "{{unit: {unit}, year: {year}, facts: {{staff_in_post: 81, authorized_posts: 85,"
        row += " spending: 37.24, budget: 43.2, key_university_rate: 34.16}}}}"
        path = tmp_path / "units.yaml"
        path.write_text(
            "- "
            + row.format(unit="甲", year="2023.0")
            + "\n- "
            + row.format(unit="乙", year="2023.5")
            + "\n",
            encoding="utf-8",
        )
        code, _, err = run(["batch", str(path), *rules(Path("docs/examples")), "--lang", "en"])
        assert code == 2
        assert err.splitlines()[:2] == [
            f"scoring: error: {path}:1:19: row 1: 'year' must be a whole number from 1900 to"
            " 2999, written without a decimal point (hint: write 2023)",
            f"scoring: error: {path}:2:19: row 2: 'year' must be a whole number from 1900 to 2999"
            " (hint: write the year as four digits, such as 2023)",
        ]
        facts = Path("docs/examples/small-facts.yaml").read_text(encoding="utf-8")
        code, _, err = run(["score", "-"], facts.replace("year: 2023", "year: 2023.0"))
        assert code == 2
        assert err.startswith(
            "scoring: 错误：<stdin>:5:7: 'year' 必须是 1900 到 2999 之间的整数，不带小数点"
            "（提示：请写 2023）"
        )

    def test_a_frame_year(self) -> None:
        """A frame's float year column (pandas makes one of an int column with a missing
        year) is read as its whole value, 2023.0 as 2023; 2023.5 and NaN fail their row."""
        pd = pytest.importorskip("pandas")
        from scoring import score_frame  # noqa: PLC0415 (with pandas only)

        facts = {"staff_in_post": 81, "authorized_posts": 85, "spending": 37.24, "budget": 43.2}
        frame = pd.DataFrame(
            [
                {"unit": u, "year": y, **facts, "key_university_rate": 34.16}
                for u, y in [("甲", 2023.0), ("乙", 2023.5), ("丙", float("nan"))]
            ]
        )
        assert frame["year"].dtype == "float64"
        result = score_frame(
            frame,
            indicators=["docs/examples/small-indicators.yaml"],
            weights="docs/examples/small-weights.yaml",
        )
        # 81 / 85 = 95.29% <= 100%: 5; 37.24 / 43.2 = 86.2% of 10: 8.62; 34.16 / 35 of 5: 4.88.
        assert result["total"].tolist()[0] == 18.5
        assert list(result["reason"][1:]) == [
            "year '2023.5' is not a whole number (hint: write the year as four digits, such"
            " as 2023)",
            "the year is empty (hint: write the year as four digits, such as 2023)",
        ]

    @pytest.mark.parametrize("lib", ["pandas", "polars"])
    def test_a_year_of_dates_is_told_to_be_years(self, lib: str) -> None:
        """A year column of dates (pd.to_datetime) is refused with how to take the years."""
        module = pytest.importorskip(lib)
        from scoring import score_frame  # noqa: PLC0415 (with a frame library only)

        facts = {"staff_in_post": 81, "authorized_posts": 85, "spending": 37.24, "budget": 43.2}
        row = {"unit": "甲", "year": datetime.date(2023, 1, 1), **facts, "key_university_rate": 34}
        frame = module.DataFrame([row])
        if lib == "pandas":
            frame["year"] = module.to_datetime(frame["year"])
        fix = "frame['year'].dt.year" if lib == "pandas" else "pl.col('year').dt.year()"
        with pytest.raises(InputError) as caught:
            score_frame(
                frame,
                indicators=["docs/examples/small-indicators.yaml"],
                weights="docs/examples/small-weights.yaml",
            )
        assert caught.value.hint == f"give the years as whole numbers, such as {fix}"


class TestFrameNumbersOutOfBounds:
    TOO_LARGE = (
        "is too large to be a real figure (hint: numbers must be below 1e16 (at most 16"
        " digits before the decimal point); check the number of digits or the exponent)"
    )
    PLACES = (
        "has more than 15 digits after the decimal point (hint: round it to 15 places or fewer)"
    )

    @pytest.mark.parametrize("lib", ["pandas", "polars"])
    @pytest.mark.parametrize(
        ("value", "text", "said"),
        [
            (10**16, "10000000000000000", TOO_LARGE),
            (2**62, "4611686018427387904", TOO_LARGE),
            (1e20, "100000000000000000000", TOO_LARGE),
            (1.5e-15, "0.0000000000000015", PLACES),
            (1.234567e-10, "0.0000000001234567", PLACES),
        ],
    )
    def test_both_engines_refuse_it_as_a_csv_cell(
        self, lib: str, value: float, text: str, said: str
    ) -> None:
        """An int64 or float column's value out of the bounds every number obeys fails its
        row, with a CSV cell's words, in both engines: the columnar engine, reading the
        floats, scored 1e20 and 1.5e-15 where the exact engine refused them."""
        module = pytest.importorskip(lib)
        from scoring import score_frame  # noqa: PLC0415 (with a frame library only)

        rows = [
            {
                "unit": u,
                "year": 2023,
                "staff_in_post": 81,
                "authorized_posts": 85,
                "spending": s,
                "budget": 43.2,
                "key_university_rate": 34.16,
            }
            for u, s in [("甲", 37.24), ("乙", value)]
        ]
        int_column = isinstance(value, int)
        if int_column:  # the value in an integer column: authorized_posts, 85 in the first row
            rows[0]["spending"] = rows[1]["spending"] = 37.24
            rows[1]["authorized_posts"] = value
        frame = module.DataFrame(rows)
        name = "authorized_posts" if int_column else "spending"
        for engine in ("exact", "columnar"):
            result = score_frame(
                frame,
                indicators=["docs/examples/small-indicators.yaml"],
                weights="docs/examples/small-weights.yaml",
                engine=engine,
            )
            # 81 / 85 = 95.29% <= 100%: 5; 37.24 / 43.2 = 86.2% of 10: 8.62; 34.16 / 35 × 5: 4.88.
            totals, reasons = list(result["total"]), list(result["reason"])
            assert totals[0] == 18.5
            assert reasons[1] == f"fact {name!r} must be a number: {text!r} {said}"

    def test_the_largest_number_is_read(self) -> None:
        """9999999999999999 (16 digits) is within the bounds, as in a CSV cell: 81 in post
        of 9999999999999999 posts is a staff control rate of about 0%, full points."""
        pd = pytest.importorskip("pandas")
        from scoring import score_frame  # noqa: PLC0415 (with pandas only)

        frame = pd.DataFrame(
            [
                {
                    "unit": "甲",
                    "year": 2023,
                    "staff_in_post": 81,
                    "authorized_posts": 9999999999999999,
                    "spending": 37.24,
                    "budget": 43.2,
                    "key_university_rate": 34.16,
                }
            ]
        )
        for engine in ("exact", "columnar"):
            # A rate of 0.0000000000000081% is said to look like a fraction, as it would be.
            with pytest.warns(ScoringWarning, match="'staff_control_rate' is 0%"):
                result = score_frame(
                    frame,
                    indicators=["docs/examples/small-indicators.yaml"],
                    weights="docs/examples/small-weights.yaml",
                    engine=engine,
                )
            assert list(result["staff_control_rate"]) == [5.0]


class TestSetValues:
    def test_a_word_for_a_fact_in_words_says_where_to_change_it(self, run: Runner) -> None:
        """--set reads numbers only: a level's name given to it (无结余) is told so and where a
        fact in words is changed, not only to 'write a plain number'."""
        args = [
            "score",
            "examples/yueyang-education-2023.yaml",
            "--set",
            "fund_balance_level=无结余",
        ]
        code, out, err = run(args)
        assert (code, out) == (2, "")
        assert err == (
            "scoring: 错误：--set 'fund_balance_level=无结余'：'无结余' 不是数字（提示：--set"
            " 只接受纯数字，如 35 或 97.5（比率按百分数写）；文字的事实（等级名称、月份、是/否、"
            "已达成项目）请在事实文件中修改）\n"
        )

    def test_a_dash_is_no_figure(self, run: Runner) -> None:
        """--set staff_in_post=— is the dash written for no figure, as in a cell."""
        args = ["score", "examples/yueyang-education-2023.yaml", "--set", "staff_in_post=—"]
        code, _, err = run([*args, "--lang", "en"])
        assert code == 2
        assert err == (
            "scoring: error: --set 'staff_in_post=—': '—' is a dash, as written for no figure"
            " (hint: write 0 if 0 is meant, or leave the cell empty if the figure is missing)\n"
        )

    def test_a_fact_the_file_leaves_out(self, run: Runner) -> None:
        """--set budget on a facts file without budget (which the formula reads) says the file
        gives none to change, where it said there was no such fact in this case; a
        misspelt one is offered it."""
        args = ["score", "docs/examples/small-facts-missing.yaml", "--lang", "en", "--set"]
        code, _, err = run([*args, "budget=43.2"])
        assert code == 2
        assert err == (
            "scoring: error: docs/examples/small-facts-missing.yaml:1:1: --set budget: the facts"
            " file gives no 'budget' to change (hint: add 'budget: <value>' under 'facts:' in"
            " the facts file; --set changes the facts it gives)\n"
        )
        code, _, err = run([*args, "budgte=43.2"])
        assert code == 2
        assert err.endswith("(hint: did you mean 'budget'?)\n")


class TestHeaderCharacters:
    def test_a_second_byte_order_mark_is_named(self, tmp_path: Path, run: Runner) -> None:
        """A file saved with two byte order marks has one left in its first name after
        the first is read as the file's: named, where it said there was no 'unit' column;
        one mark is the file's own, and read."""
        path = tmp_path / "units.csv"
        row = "甲,2023,81,85,37.24,43.2,34.16\n"
        path.write_bytes(("\ufeff\ufeff" + HEADER + row).encode("utf-8"))
        code, out, err = run(["batch", str(path), *rules(Path("docs/examples")), "--lang", "en"])
        assert (code, out) == (2, "")
        assert err == (
            f"scoring: error: {path}:1: column '\\ufeffunit' has a zero width no-break space"
            " (U+FEFF), which is not seen (hint: retype the column's name, or save the table"
            " again as CSV UTF-8 (in Excel or WPS: Save As, CSV UTF-8))\n"
        )
        path.write_bytes(("\ufeff" + HEADER + row).encode("utf-8"))
        code, out, _ = run(["batch", str(path), *rules(Path("docs/examples"))])
        # 81 / 85 = 95.29% <= 100%: 5; 37.24 / 43.2 = 86.2% of 10: 8.62; 34.16 / 35 × 5: 4.88.
        assert code == 0
        assert out.splitlines()[1].startswith("1,2,甲,,2023,scored,18.50,")


class TestFrameFloatWidths:
    SHEET: ClassVar[dict[str, object]] = {
        "indicators": ["docs/examples/small-indicators.yaml"],
        "weights": "docs/examples/small-weights.yaml",
    }

    def rows(self, spending: object) -> list[dict[str, object]]:
        base = {"unit": "甲", "year": 2023, "staff_in_post": 81, "authorized_posts": 85}
        return [{**base, "spending": spending, "budget": 5070.36, "key_university_rate": 34.16}]

    def test_a_float16_column_is_refused(self) -> None:
        """float16 holds 37.24 as 37.25: the column is refused, naming it, where its
        rounded figures were scored; so is a float16 in an object column, at its row."""
        pd = pytest.importorskip("pandas")
        np = pytest.importorskip("numpy")
        from scoring import score_frame  # noqa: PLC0415 (with pandas only)

        frame = pd.DataFrame(self.rows(37.24)).astype({"spending": "float16"})
        with pytest.raises(InputError, match="column 'spending' is float16, which keeps 3 or 4"):
            score_frame(frame, **self.SHEET)
        frame = pd.DataFrame(self.rows(np.float16(37.24)), dtype=object)
        assert list(score_frame(frame, **self.SHEET)["reason"]) == [
            "fact 'spending' is the float16 37.25, which keeps 3 or 4 digits: the figure was"
            " rounded when it was made (hint: give the figure as a float (float64), Decimal or"
            " text)"
        ]

    @pytest.mark.parametrize("lib", ["pandas", "polars"])
    def test_a_float32_of_more_than_7_digits_is_refused(self, lib: str) -> None:
        """A float32 of 8 digits or more may have been rounded (1234567.89 is held as
        1234567.9) and fails its row; 5070.36 is read as written: 5070.36 of 5070.36 is
        100% executed, 10 points, and 5 + 10 + 4.88 = 19.88."""
        module = pytest.importorskip(lib)
        from scoring import score_frame  # noqa: PLC0415 (with a frame library only)

        rows = [*self.rows(1234567.89), *self.rows(5070.36)]
        rows[1]["unit"] = "乙"
        frame = module.DataFrame(rows)
        if lib == "pandas":
            frame = frame.astype({"spending": "float32"})
        else:
            frame = frame.with_columns(module.col("spending").cast(module.Float32))
        for engine in ("exact", "columnar"):
            result = score_frame(frame, engine=engine, **self.SHEET)
            totals, reasons = list(result["total"]), list(result["reason"])
            assert totals[1:] == [19.88]
            assert reasons[0] == (
                "fact 'spending' is the float32 1234567.9, with 8 significant digits: float32"
                " keeps about 7, so the figure may have been rounded when it was made (hint:"
                " make the column again from the figures as float64, Decimal or text)"
            )


class TestLineBreakInANumberCell:
    def test_a_quoted_number_with_a_line_break_fails_its_row(self) -> None:
        """ "81\n" in quotes (Alt+Enter after the number) was read as 81, "\n81" was 'must be
        a number (found text here)': both are said to hold a line break, with the number."""
        table = read_csv(HEADER + '甲,2023,"81\n",85,"\n37.24",43.2,34.16\n', "t.csv")
        assert [p.line() for p in table.problems[0]] == [
            "t.csv:2: row 1: fact 'staff_in_post' must be a number: '81\\n' has a line break"
            " (hint: write 81 on one line, without the line break)",
            "t.csv:2: row 1: fact 'spending' must be a number: '\\n37.24' has a line break"
            " (hint: write 37.24 on one line, without the line break)",
        ]


class TestEnginesSayTheSame:
    def test_a_computed_rate_like_a_fraction_is_placed_at_its_formula(
        self, tmp_path: Path, run: Runner
    ) -> None:
        """0.5 in post of 85 posts is 0.588235%: both engines warn at the row and name the
        formula's place, whose hint it is (the columnar engine left the place out); both
        score 5 + 8.62 + 4.88 = 18.50."""
        path = tmp_path / "units.csv"
        path.write_text(HEADER + "甲,2023,0.5,85,37.24,43.2,34.16\n", encoding="utf-8")
        said = []
        for engine in ("exact", "columnar"):
            args = ["batch", str(path), *rules(Path("docs/examples")), "--engine", engine]
            code, out, err = run([*args, "--lang", "en"])
            assert code == 0
            assert out.splitlines()[1].startswith("1,2,甲,,2023,scored,18.50,")
            said.append(err)
        assert said[0] == said[1]
        assert said[0].splitlines()[0] == (
            f"scoring: {path}:2: warning: row 1: 'staff_control_rate' is 0.588235% against a"
            " target of ≤100%: is 0.588235 a fraction meant as 58.823529%? (at"
            " docs/examples/small-indicators.yaml:14:14) (hint: multiply by 100 in the formula"
            " if it computes a fraction)"
        )


MET_INDICATORS = """\
id: m
name: 测试
indicators:
  - {id: plan_done, name: 计划完成, level1: 产出, level2: 产出时效, target: "= 1", rule: met}
"""
MET_WEIGHTS = """\
id: w
name: 测试权重
full_score: 10
categories:
  - {name: 产出, points: 10, groups: [{name: 产出时效, points: 10}]}
points: {plan_done: 10}
"""


class TestWordsForTrueFalse:
    def test_a_word_for_a_met_rule_says_true_or_false(self, tmp_path: Path, run: Runner) -> None:
        """是 or 已完成 for a rule that scores true/false fails its row saying to write true or
        false; true scores full points (10 of 10)."""
        (tmp_path / "ind.yaml").write_text(MET_INDICATORS, encoding="utf-8")
        (tmp_path / "w.yaml").write_text(MET_WEIGHTS, encoding="utf-8")
        table = tmp_path / "t.csv"
        table.write_text("unit,year,plan_done\n甲,2023,是\n乙,2023,true\n", encoding="utf-8")
        args = ["batch", str(table), "--indicators", str(tmp_path / "ind.yaml")]
        code, out, err = run([*args, "--weights", str(tmp_path / "w.yaml")])
        assert code == 2
        assert out.splitlines()[2].startswith("2,3,乙,,2023,scored,10.00,")
        assert err.splitlines()[0] == (
            f"scoring: 错误：{table}:2: 第 1 行：指标 '计划完成'：评分规则 'met' 评的是"
            "true/false（是/否）或数字，不是文字 '是'（提示：请写 true（是，达成）或 false"
            "（否，未达成））"
        )


class TestYamlRowMessages:
    def test_each_problem_names_its_row_once(self, tmp_path: Path, run: Runner) -> None:
        """A YAML table's row problems are led by the row's number once ('row 1: row 1 is
        missing ...' said it twice); 2023年 is told to be written 2023, not that the unit
        is set on the indicator; an empty year is one problem, not two."""
        facts = "{staff_in_post: 81, authorized_posts: 85, spending: 37.24, budget: 43.2,"
        facts += " key_university_rate: 34.16}"
        path = tmp_path / "units.yaml"
        path.write_text(
            f"- {{unit: 甲, year: 2023年, facts: {facts}}}\n"
            f"- {{unit: 乙, year: , facts: {facts}}}\n"
            "- {unit: 丙, year: 2023, fact: {}}\n",
            encoding="utf-8",
        )
        code, _, err = run(["batch", str(path), *rules(Path("docs/examples")), "--lang", "en"])
        assert code == 2
        assert err.splitlines()[:-1] == [
            f"scoring: error: {path}:1:19: row 1: year '2023年' is not a year from 1900 to 2999"
            " (hint: write the year's number alone: 2023)",
            f"scoring: error: {path}:2:19: row 2: the required key 'year' in the row has no"
            " value (hint: write its value after the colon)",
            f"scoring: error: {path}:3:25: row 3: unknown key 'fact' in the row (hint: did you"
            " mean 'facts'?)",
            f"scoring: error: {path}:3:3: row 3: the row is missing the required key 'facts'"
            " (hint: add 'facts:' with its value)",
        ]


class TestTotalLine:
    TABLE = HEADER + (
        "甲,2023,81,85,37.24,43.2,34.16\n乙,2023,81,85,37.24,43.2,34.16\n"
        "合计,2023,162,170,74.48,86.4,68.32\n"
    )

    @pytest.mark.parametrize("engine", ["exact", "columnar"])
    def test_a_total_line_is_warned_of(self, engine: str, tmp_path: Path, run: Runner) -> None:
        """A 合计 line copied with the units is scored as one more unit, so it is warned of
        at its line; it is still scored, as any row (162 / 170 = 95.29%: 5; 74.48 / 86.4 =
        86.2%: 8.62; 68.32% beats 35%: 5; 18.62), and the exit status stays 0."""
        path = tmp_path / "units.csv"
        path.write_text(self.TABLE, encoding="utf-8")
        args = ["batch", str(path), *rules(Path("docs/examples")), "--engine", engine]
        code, out, err = run(args)
        assert code == 0
        assert out.splitlines()[3].startswith("3,4,合计,,2023,scored,18.62,")
        assert err.splitlines() == [
            f"scoring: {path}:4: 警告：第 3 行：单位 '合计' 是合计行的名称，却被当作一个单位评分"
            "（提示：如果这一行是上面各行的合计，请删去它；它不是一个单位）",
            "scoring：共 3 行，已评分 3 行，失败 0 行，1 个警告",
        ]

    def test_in_a_frame(self) -> None:
        """So in a frame, as a ScoringWarning."""
        pytest.importorskip("pandas")
        import pandas as pd  # noqa: PLC0415 (with pandas only)

        from scoring import score_frame  # noqa: PLC0415

        frame = pd.read_csv(io.StringIO(self.TABLE))
        with pytest.warns(ScoringWarning, match="row 3: unit '合计' is a total line's name"):
            score_frame(
                frame,
                indicators=["docs/examples/small-indicators.yaml"],
                weights="docs/examples/small-weights.yaml",
            )


class TestFieldsReadBeforeTheFileIsPassed:
    """A rule file's own fields that nothing shows (an indicator file's id, name and source)
    or that were read after the file's problems had been said (a profile's source and
    name_en, a facts file's unit_en) are checked like any other: a list there was taken
    without a word."""

    ROOT = Path(__file__).resolve().parent.parent

    @pytest.mark.parametrize(
        ("shipped", "old", "new", "line"),
        [
            ("indicators/project-common.yaml", "id: project-common", "id: [x]", 8),
            ("indicators/project-common.yaml", "source: 财预〔2020〕10号\n", "source: [a]\n", 11),
            ("weights/national-project.yaml", "source: 财预〔2020〕10号;", "source: [a]  #", 15),
        ],
    )
    def test_a_list_is_refused_at_its_line(
        self, tmp_path: Path, shipped: str, old: str, new: str, line: int
    ) -> None:
        from scoring import load_indicators, load_weights  # noqa: PLC0415

        text = (self.ROOT / shipped).read_text("utf-8")
        assert old in text
        path = tmp_path / "f.yaml"
        path.write_text(text.replace(old, new, 1), "utf-8")
        load = load_indicators if shipped.startswith("indicators") else load_weights
        with pytest.raises(ScoringError, match="must be text") as info:
            load(path)
        assert info.value.problems[0].location.line == line  # type: ignore[union-attr]
