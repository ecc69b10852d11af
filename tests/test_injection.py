"""Text that becomes code elsewhere: spreadsheet formulas, Markdown, bidirectional overrides.

A unit name, an indicator name or a reason is text from a file: in CSV and xlsx
output it never starts a formula Excel or WPS would run (CWE-1236), in Markdown
it prints as text, and a bidirectional control character in it is refused.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scoring import load_case, render, score
from silent_cases import DOCS, cli, copy_rules, csv_table, line_of, problems, rules, small_facts

FORMULA = '=HYPERLINK("http://example.com","click")'
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    for char, escape in (("\\", "\\\\"), ('"', '\\"'), ("\t", "\\t"), ("\r", "\\r")):
        text = text.replace(char, escape)
    return f'"{text}"'


def _with_unit(tmp_path: Path, unit: str) -> Path:
    facts = small_facts(tmp_path)
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("unit: 示例单位", "unit: " + _yaml_string(unit), 1), encoding="utf-8"
    )
    return facts


def _with_reason(facts: Path, reason: str) -> None:
    text = facts.read_text(encoding="utf-8")
    text += f"reasons:\n  key_university_rate: {_yaml_string(reason)}\n"
    facts.write_text(text, encoding="utf-8")


class TestCsvCells:
    @pytest.mark.parametrize("start", STARTS)
    def test_batch_unit_never_starts_a_formula(
        self, tmp_path: Path, start: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A unit name that Excel would run is written with a ' in front; numbers stay numbers."""
        unit = start + "cmd"
        table = csv_table(tmp_path, [{"unit": '"' + unit.replace('"', '""') + '"'}])
        code, out, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 0, err
        row = next(csv.reader(io.StringIO(out.splitlines()[1] + "\n")))
        assert row[2] == "'" + unit.strip()  # spaces, tabs, CRs around a unit are no part of it
        assert row[6] == "18.50"  # the total: a number, not escaped

    def test_score_csv_cells(self, tmp_path: Path) -> None:
        """In `score --format csv`, text cells that start a formula are escaped (a target of
        '=100%' too), and negative numbers stay numbers."""
        case = load_case(DOCS / "small-facts.yaml")
        card = score(case.indicators, case.weights, case.facts)
        rows = list(csv.reader(io.StringIO(render(card, "csv", "en").lstrip("\ufeff"))))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                if cell.startswith("-"):
                    float(cell)  # only a number may start with '-'

    def test_reason_starting_with_equals(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A deviation reason '=1+1' is written as the text '=1+1, with a ' in front."""
        facts = small_facts(tmp_path)
        _with_reason(facts, FORMULA)
        code, out, err = cli(["score", str(facts), "--format", "csv", "--lang", "en"], capsys)
        assert code == 0, err
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        assert rows[3][-1] == "'" + FORMULA


class TestXlsxCells:
    def test_text_is_a_string_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A unit name or reason that starts with '=' is a string cell, never a formula."""
        openpyxl = pytest.importorskip("openpyxl")
        facts = _with_unit(tmp_path, "=1+1")
        _with_reason(facts, FORMULA)
        out = tmp_path / "sheet.xlsx"
        code, _, err = cli(["score", str(facts), "--format", "xlsx", "-o", str(out)], capsys)
        assert code == 0, err
        book = openpyxl.load_workbook(out)
        texts = [
            c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)
        ]
        ours = [c for c in texts if c.value in ("=1+1", FORMULA) or "=1+1" in c.value]
        assert ours, "the unit and the reason are in the sheet"
        for cell in ours:
            assert cell.data_type == "s", (cell.coordinate, cell.value)


class TestMarkdown:
    def test_markup_prints_as_text(self, tmp_path: Path) -> None:
        """A <script> in the unit's name and markup in a reason print as text in Markdown."""
        case = load_case(_with_unit(tmp_path, "<script>alert(1)</script>"))
        card = score(case.indicators, case.weights, case.facts)
        out = render(card, "markdown", "zh")
        assert "<script>" not in out
        assert "\\<script\\>" in out


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


class TestBidiControls:
    @pytest.mark.parametrize("char", BIDI)
    def test_refused_in_yaml(
        self, tmp_path: Path, char: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bidirectional override in a unit name is refused at its line, like a control
        character: it would show the text reversed."""
        facts = small_facts(tmp_path)
        escape = f"\\u{ord(char):04X}"
        text = facts.read_text(encoding="utf-8")
        facts.write_text(
            text.replace("unit: 示例单位", f'unit: "示例{escape}单位"', 1), encoding="utf-8"
        )
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        (error,) = problems(err)
        assert f"(U+{ord(char):04X}" in error
        assert error.startswith(f"{facts}:{line_of(facts, 'unit: ')}:")

    def test_refused_in_a_csv_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """In a CSV table, a unit name holding one fails its row; the others are scored."""
        copy_rules(tmp_path)
        table = csv_table(tmp_path, [{}, {"unit": "乙\u202e单位"}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 2
        (error,) = problems(err)
        assert "row 2" in error
        assert "U+202E" in error
