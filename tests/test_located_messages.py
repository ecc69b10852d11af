"""Every message located and in plain words: the file, the line, the cause, what to do.

Each test is a slip a clerk makes, with the message that must name it where it
stands: a misspelt file name, a character from a Chinese input method, a CSV
saved with the wrong separator, a quote left open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from silent_cases import (
    FACT_NAMES,
    cli,
    copy_rules,
    csv_table,
    line_of,
    problems,
    rules,
    small_facts,
)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(err: str) -> str:
    (line,) = problems(err)
    return line


class TestRuleFileNames:
    def test_misspelt_weights_name(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """weights: small-weigths is an error at its line, naming the file beside it."""
        facts = small_facts(tmp_path)
        _replace(facts, "weights: small-weights.yaml", "weights: small-weigths")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, 'weights: small-weigths')}:")
        assert "did you mean 'small-weights.yaml'?" in error

    def test_misspelt_indicator_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """indicators: [small-indicator.yaml] is an error at the name, with the file meant."""
        facts = small_facts(tmp_path)
        _replace(facts, "[small-indicators.yaml]", "[small-indicator.yaml]")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, 'small-indicator.yaml')}:")
        assert "did you mean 'small-indicators.yaml'?" in error

    def test_misspelt_shipped_name(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--weights yueyang-educaton names the shipped profile meant."""
        facts = small_facts(tmp_path)
        code, _, err = cli(["score", str(facts), "--weights", "yueyang-educaton"], capsys)
        assert code == 2
        assert "did you mean 'yueyang-education'?" in _error(err)

    def test_empty_indicator_list(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """indicators: [] is an error at that line, not at the top of the file."""
        facts = small_facts(tmp_path)
        _replace(facts, "[small-indicators.yaml]", "[]")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, 'indicators: []')}:")
        assert "no indicator files given" in error

    def test_folder_as_weights(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder named as the weights file says it is a folder, at the reference."""
        facts = small_facts(tmp_path)
        (tmp_path / "profiles").mkdir()
        _replace(facts, "weights: small-weights.yaml", "weights: profiles/")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, 'weights: profiles/')}:")
        assert "'profiles/' is a folder, not a weights file" in error


class TestFactsFile:
    def test_misspelt_reason_at_its_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A reason under a misspelt id is an error at that id's line, not at 1:1."""
        facts = small_facts(tmp_path)
        facts.write_text(
            facts.read_text(encoding="utf-8") + "reasons:\n  key_univ_rate: 生源减少\n",
            encoding="utf-8",
        )
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, 'key_univ_rate')}:3:")
        assert "did you mean 'key_university_rate'?" in error

    def test_division_by_zero_at_the_fact(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A budget of 0 is an error at the budget's line in the facts file, not inside the
        installed indicator file."""
        facts = small_facts(tmp_path, budget="0")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        line = line_of(facts, "    value: 0\n")
        assert error.startswith(f"{facts}:{line}:")
        assert "fact 'budget' is 0, and the formula of 'budget_execution_rate'" in error

    @pytest.mark.parametrize(
        ("old", "new", "named"),
        [
            ("year: 2023", "year：2023", "a full-width colon (：, U+FF1A)"),
            ("year: 2023", "year:\u00a02023", "a no-break space (U+00A0)"),
            ("    value: 43.2", "    value:\u00a043.2", "a no-break space (U+00A0)"),
            ("unit_en: Example unit", "unit_en：Example unit", "a full-width colon (：, U+FF1A)"),
        ],
    )
    def test_characters_of_an_input_method(
        self,
        tmp_path: Path,
        old: str,
        new: str,
        named: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A full-width colon or a no-break space is named, at the line it is on."""
        facts = small_facts(tmp_path)
        _replace(facts, old, new)
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, new)}:")
        assert named in error

    def test_full_width_colon_alone(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that is one line 'year：2023' says what to write."""
        facts = tmp_path / "f.yaml"
        facts.write_text("year：2023\n", encoding="utf-8")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        assert "write 'year: 2023'" in _error(err)


class TestMissingFacts:
    """A missing fact is reported where it would go (the 'facts:' line), saying what to add."""

    def test_at_the_facts_line_not_1_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        facts = small_facts(tmp_path)
        text = facts.read_text(encoding="utf-8")
        _replace(facts, text[text.index("  key_university_rate:") :], "")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{facts}:{line_of(facts, 'facts:')}:1: missing facts: ")
        # What it is, from the indicator: 特控线上线率 in %.
        assert error.endswith(
            "(hint: add under 'facts:' (this line): key_university_rate: 特控线上线率 (%))"
        )

    def test_what_each_is_and_where_it_is_found(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The indicator file's declaration of the fact: name, unit and 数据来源, in Chinese."""
        monkeypatch.delenv("SCORING_LANG")
        facts = small_facts(tmp_path)
        text = facts.read_text(encoding="utf-8")
        start = text.index("  authorized_posts:")
        _replace(facts, text[start : text.index("  spending:")], "")
        with (tmp_path / "small-indicators.yaml").open("a", encoding="utf-8") as out:
            out.write("facts:\n  authorized_posts: {name: 编制数, unit: 人, found_in: 编制批复}\n")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        assert err == (
            f"scoring: 错误：{facts}:{line_of(facts, 'facts:')}:1: 缺少事实："
            "编制数（在职人员控制率用到）"
            "（提示：在 facts:（这一行）下补上："
            "authorized_posts：编制数（人），数据来源：编制批复）\n"
        )


class TestPlainWords:
    def test_no_python_class_in_a_range_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A band's range with a word for an end says the word is not a number."""
        copy_rules(tmp_path)
        indicators = tmp_path / "small-indicators.yaml"
        _replace(
            indicators,
            "rule: proportional",
            "rule:\n      kind: bands\n      bands:\n        - {range: '[abc, +inf)', points: 5}",
        )
        code, _, err = cli(["validate", str(indicators)], capsys)
        assert code == 2
        assert "<class" not in capsys.readouterr().out + err
        code, out, _ = cli(["validate", str(indicators)], capsys)
        assert "the end 'abc' is not a number" in out

    def test_numbers_shown_to_six_places(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A computed rate in a warning has at most 6 decimals, not the 34 of a quotient."""
        facts = small_facts(tmp_path, spending="0.37", budget="43.2")
        copy_rules(tmp_path)
        indicators = tmp_path / "small-indicators.yaml"
        _replace(indicators, "formula: spending / budget * 100", "formula: spending / budget")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 0, err
        warning = next(w for w in problems(err, "warning") if "budget_execution_rate" in w)
        longest = max(len(d) for d in re.findall(r"\.(\d+)", warning))
        assert longest <= 6, warning


class TestCsvTables:
    @pytest.mark.parametrize(("sep", "word"), [("\t", "tabs"), (";", "semicolons")])
    def test_separator_is_named(
        self, tmp_path: Path, sep: str, word: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A table saved with tabs or semicolons says so, once, instead of three errors."""
        table = csv_table(tmp_path, [{}])
        table.write_text(table.read_text(encoding="utf-8").replace(",", sep), encoding="utf-8")
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f"{table}:1: the columns are separated by {word}, not commas")

    @pytest.mark.parametrize(
        "name", ["units.xlsx", "units.xls", "units.et", "units.txt", "units.tsv"]
    )
    def test_workbook_or_text_export_is_told_to_be_saved_as_csv(
        self, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A workbook, or Excel's "Unicode 文本" (.txt) given to batch: save it as CSV, not
        'name it .csv', which would leave a workbook or tab-separated text under a CSV's name."""
        table = tmp_path / name
        table.write_bytes(b"PK\x03\x04")
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        assert _error(err) == (
            f"{table}: {name!r} is a workbook or a text export, not a CSV, YAML or JSON table"
            " (hint: save the table as CSV, comma separated (in Excel or WPS: Save As, CSV UTF-8))"
        )

    def _header_error(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        edit: Callable[[list[str]], list[str]],
    ) -> str:
        """The header's error, after its file, when the small table's lines are edited."""
        table = csv_table(tmp_path, [{}, {}])
        lines = table.read_text(encoding="utf-8").splitlines()
        table.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        return _error(err).removeprefix(f"{table}:1: ")

    def test_full_width_commas_in_the_header_are_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """unit，year typed with a Chinese input method: one column named 'unit，year', said
        so, not 'the header has no unit column' and 'no year column'."""
        error = self._header_error(
            tmp_path, capsys, lambda lines: [lines[0].replace(",", "，", 1), *lines[1:]]
        )
        assert error == (
            "column 'unit，year' has full-width commas (，) in it"
            " (hint: separate the column names with ASCII commas (,), not full-width ones)"
        )
        error = self._header_error(
            tmp_path, capsys, lambda lines: [line.replace(",", "，") for line in lines]
        )
        assert error.startswith("the columns are separated by full-width commas, not commas")

    def test_an_empty_column_at_the_end_is_named_by_its_number(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """unit,year and the small case's facts, then a trailing comma on every line: column
        3 + the facts is empty, said by its number, not "column '' is not a fact name"."""
        error = self._header_error(tmp_path, capsys, lambda lines: [f"{x}," for x in lines])
        column = 2 + len(FACT_NAMES) + 1
        assert error.startswith(f"column {column} of the header has no name (hint: delete the")

    def test_a_column_twice_says_what_to_do(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        error = self._header_error(
            tmp_path, capsys, lambda lines: [f"{lines[0]},budget", *(f"{x},1" for x in lines[1:])]
        )
        assert error == (
            "column 'budget' appears twice"
            " (hint: keep one of the two columns: delete the other, or rename it)"
        )

    @pytest.mark.parametrize("engine", ["exact", "columnar"])
    def test_an_excel_error_in_a_cell_is_named(
        self, tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """#N/A and #DIV/0! as Excel saves a failed formula's cell: each row fails once, at
        its line, naming the error, not once for every formula that reads the fact."""
        table = csv_table(tmp_path, [{"budget": "#N/A"}, {}, {"budget": "#DIV/0!"}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path), "--engine", engine], capsys)
        assert code == 2
        hint = " (hint: fix the formula in Excel, or type the value)"
        assert problems(err) == [
            f"{table}:2: row 1: fact 'budget' shows the Excel error #N/A{hint}",
            f"{table}:4: row 3: fact 'budget' shows the Excel error #DIV/0!{hint}",
        ]
        assert err.strip().endswith("1 of 3 rows scored, 2 failed")

    def test_excel_unicode_text_is_named_utf16(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Excel's "Unicode 文本" is UTF-16 LE with a byte order mark (FF FE): said to be UTF-16,
        not "neither UTF-8 nor GB18030", which leaves the clerk to guess what it is."""
        table = csv_table(tmp_path, [{}])
        text = table.read_text(encoding="utf-8")
        table.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        assert _error(err).startswith(
            f"{table}:1: file is UTF-16 text (what Excel saves as Unicode 文本), not UTF-8"
            " (hint: save it as UTF-8 (in WPS/Excel: Save As, CSV UTF-8))"
        )

    def test_unclosed_quote(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A quote opened in row 2 and never closed fails row 2 at its line; rows 3 and 4 are
        read and scored on their own, not swallowed into row 2."""
        table = csv_table(tmp_path, [{}, {"unit": '"乙'}, {}, {}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        error = _error(err)
        assert error.startswith(f'{table}:3: row 2: a quote (") opens in this row')
        assert err.strip().endswith("3 of 4 rows scored, 1 failed")

    def test_hint_speaks_of_columns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing fact in a table row: the hint says to add a column, not 'the facts file'."""
        table = csv_table(tmp_path, [{"budget": ""}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        error = _error(err)
        assert "missing facts: budget" in error
        assert "column" in error
        assert "facts file" not in error
