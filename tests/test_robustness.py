"""Hostile inputs: extreme numbers, impossible paths, values of the wrong kind.

Each test is a crash found by fuzzing: the input must give a located
:class:`~scoring.core.errors.ScoringError` (exit 2, no traceback), or a correct
result, never another exception.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.core.errors import ScoringError
from scoring.core.numbers import fmt_points
from scoring.files.case import load_case
from scoring.files.facts import load_facts
from scoring.files.tables import load_table
from scoring.files.validation import validate
from scoring.rendering.reports import _signed

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "examples"
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
LONG_NAME = "x" * 5000


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=60,
        encoding="utf-8",
    )


def small_case(tmp_path: Path, **facts: str) -> Path:
    """docs/examples' small case copied to ``tmp_path``, with ``facts`` given new values."""
    for name in ("small-indicators.yaml", "small-weights.yaml"):
        shutil.copy(DOCS / name, tmp_path / name)
    text = (DOCS / "small-facts.yaml").read_text(encoding="utf-8")
    for name, value in facts.items():
        head = f"  {name}:\n    value: "
        start = text.index(head) + len(head)
        end = text.index("\n", start)
        text = text[:start] + value + text[end:]
    path = tmp_path / "small-facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class TestHugeQuotients:
    """A value of more than 34 digits is scored and shown in full, not a crash."""

    def test_rate_of_33_digits_is_shown(self, tmp_path: Path) -> None:
        """9e15 spent of a 1e-15 budget is a rate of 9e32 %, printed with all its digits."""
        facts = small_case(tmp_path, spending="9000000000000000", budget="0.000000000000001")
        result = run("score", str(facts), "--lang", "en")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "9" + "0" * 32 + "%" in result.stdout


class TestImpossiblePaths:
    """A path no file can have (too long, a NUL byte) is a located error, not an OSError."""

    @pytest.mark.parametrize("name", [LONG_NAME, "a\x00b"], ids=["long", "nul"])
    def test_facts_path(self, name: str) -> None:
        """load_facts and load_case refuse the path with 'cannot read file'."""
        for load in (load_facts, load_case):
            with pytest.raises(ScoringError, match="cannot read file"):
                load(name)

    @pytest.mark.parametrize("name", [LONG_NAME, "a\x00b"], ids=["long", "nul"])
    def test_validate_path(self, name: str) -> None:
        """validate reports the path as not found instead of raising."""
        report = validate([name])
        assert not report.ok
        assert any("no such file or folder" in line for line in report.lines())

    @pytest.mark.parametrize("ref", [LONG_NAME, LONG_NAME + ".yaml"], ids=["name", "path"])
    def test_indicator_reference(self, tmp_path: Path, ref: str) -> None:
        """A facts file naming such an indicator file says there is no such file."""
        facts = small_case(tmp_path)
        text = facts.read_text(encoding="utf-8")
        facts.write_text(text.replace("[small-indicators.yaml]", f"[{ref}]"), encoding="utf-8")
        with pytest.raises(ScoringError, match="no indicators file"):
            load_case(facts)

    def test_command_line(self) -> None:
        """scoring score with such a weights name exits 2 without a traceback."""
        result = run("score", str(EXAMPLE), "--weights", LONG_NAME)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "no weights file" in result.stderr


class TestValidateWrongKind:
    """validate reports a fact of the wrong kind for its rule, as scoring does."""

    def test_number_for_a_checklist(self, tmp_path: Path) -> None:
        """A number where the checklist rule scores items met is an error at the value."""
        text = EXAMPLE.read_text(encoding="utf-8")
        old = "    value: [exists, lawful, enforced]\n"
        assert old in text
        facts = tmp_path / "facts.yaml"
        facts.write_text(text.replace(old, "    value: 3\n"), encoding="utf-8")
        line = text[: text.index(old)].count("\n") + 1
        report = validate([facts])
        assert not report.ok
        assert any(
            f"facts.yaml:{line}:" in p and "scores a list of items met, not a number" in p
            for p in report.lines()
        ), report.lines()


class TestNegativeZero:
    """A value that rounds to zero is printed without a minus sign."""

    def test_points(self) -> None:
        """-0.001 and -0 points print as 0.00, as fmt already prints them as 0."""
        assert fmt_points(Decimal("-0.001"), 2) == "0.00"
        assert fmt_points(Decimal("-0"), 1) == "0.0"
        assert fmt_points(Decimal("-0.005"), 2) == "-0.01"

    def test_signed_change(self) -> None:
        """A change that rounds to zero reads +0.00 whichever side of zero it lies."""
        assert _signed(Decimal("-0.001"), 2) == "+0.00"
        assert _signed(Decimal("0.001"), 2) == "+0.00"
        assert _signed(Decimal("-0.5"), 0) == "-1"


class TestControlCharacters:
    """A control character in a name is refused where it is written, not passed on."""

    def test_yaml_escape(self, tmp_path: Path) -> None:
        """A unit written "a\\x1b[31mb" is an error at its line; xlsx and terminals never see it."""
        facts = small_case(tmp_path)
        text = facts.read_text(encoding="utf-8")
        facts.write_text(
            text.replace("unit: 示例单位", 'unit: "示例\\x1b[31m单位"'), encoding="utf-8"
        )
        result = run("score", str(facts), "--format", "xlsx", "-o", str(tmp_path / "out.xlsx"))
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "small-facts.yaml:3:7: a control character (U+001B)" in result.stderr

    def test_csv_unit(self, tmp_path: Path) -> None:
        """A CSV unit cell holding an escape character fails its row with the line."""
        table = tmp_path / "units.csv"
        table.write_text(
            "unit,year,budget,spending\nA,2023,43.2,37.24\nB\x1b[2J,2023,43.2,37.24\n",
            encoding="utf-8",
        )
        loaded = load_table(table)
        assert loaded.table.problems.keys() == {1}
        (problem,) = loaded.table.problems[1]
        assert problem.line() == (
            f"{table}:3: row 2: a control character (U+001B) in 'B\\x1b[2J'"
            " (hint: remove it: it cannot be printed or saved in a spreadsheet)"
        )
