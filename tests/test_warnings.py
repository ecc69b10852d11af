"""Warnings for what is allowed but looks wrong, given by score and validate alike.

A misspelt fact, a value its quote no longer holds, a target written as a
fraction, a unit-year twice in a table: none stops scoring, none is silent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import validate
from silent_cases import DOCS, cli, copy_rules, csv_table, line_of, problems, rules, small_facts


def _extra_fact(path: Path, text: str) -> None:
    """``text`` (one or more lines) added under ``facts:``."""
    body = path.read_text(encoding="utf-8").replace("facts:\n", f"facts:\n{text}", 1)
    path.write_text(body, encoding="utf-8")


class TestUnreadFacts:
    def test_score_warns_with_did_you_mean(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fact no indicator reads is a warning at its line, naming the fact it may be."""
        facts = small_facts(tmp_path)
        text = facts.read_text(encoding="utf-8").replace("  budget:\n", "  budjet:\n")
        facts.write_text(text, encoding="utf-8")
        _extra_fact(facts, "  budget: 43.2\n  staf_in_post: 80\n")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 0, err
        (warning,) = (w for w in problems(err, "warning") if "staf_in_post" in w)
        assert warning.startswith(f"{facts}:{line_of(facts, 'staf_in_post')}:")
        assert "fact 'staf_in_post' is not read by any indicator" in warning
        assert "did you mean" not in warning  # staff_in_post is given: no guess
        assert any("'budjet' is not read" in w for w in problems(err, "warning"))

    def test_misspelt_fact_names_the_missing_one(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When a misspelt fact leaves the real one missing, the error says which it may be."""
        facts = small_facts(tmp_path)
        text = facts.read_text(encoding="utf-8").replace("  budget:\n", "  budjet:\n")
        facts.write_text(text, encoding="utf-8")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        (error,) = problems(err)
        assert "missing facts: budget" in error
        assert "is 'budjet' 'budget' misspelt?" in error

    def test_unread_column_warned_once_in_batch(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A column no indicator reads is one warning at the header, not one per row."""
        table = csv_table(tmp_path, [{}, {}, {}])
        text = table.read_text(encoding="utf-8").splitlines()
        text = [text[0] + ",budjet", *(line + ",1" for line in text[1:])]
        table.write_text("\n".join(text) + "\n", encoding="utf-8")
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 0, err
        (warning,) = problems(err, "warning")
        assert warning.startswith(f"{table}:1: fact 'budjet' is not read")
        assert err.strip().endswith("3 of 3 rows scored, 0 failed, 1 warning")


class TestQuotes:
    def test_value_not_in_its_quote(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """staff_in_post changed to 82 while its quote still says 实际在职81人: a warning."""
        facts = small_facts(tmp_path, staff_in_post="82")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 0
        (warning,) = problems(err, "warning")
        assert "the value 82 of fact 'staff_in_post' does not appear in its quote" in warning
        line = line_of(facts, "value: 82")
        assert warning.startswith(f"{facts}:{line}:")
        report = validate([facts])
        assert any("does not appear in its quote" in w.message for w in report.warnings)

    @pytest.mark.parametrize("quote", ["收入5,070.36万元", "分别为5070.36，81", "约5070.36万元。"])
    def test_number_written_as_reports_write_it(self, tmp_path: Path, quote: str) -> None:
        """A quote holding the number with a separator, or in a list, holds it."""
        facts = small_facts(tmp_path, budget=f"5070.36\n    quote: {quote}")
        text = facts.read_text(encoding="utf-8")
        start = text.index("    quote: " + quote)
        # The budget already had a source: keep the quote only.
        end = text.index("\n", text.index("    source:", start)) + 1
        facts.write_text(text[: start + len(quote) + 12] + text[end:], encoding="utf-8")
        report = validate([facts])
        assert not [w for w in report.warnings if "quote" in w.message], report.lines()


class TestFractionTargets:
    def test_indicator_target_as_a_fraction(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A rate's target '>= 0.35%' is warned about by validate and by score."""
        copy_rules(tmp_path)
        indicators = tmp_path / "small-indicators.yaml"
        text = indicators.read_text(encoding="utf-8").replace(
            'target: ">= 35%"', 'target: ">= 0.35%"'
        )
        indicators.write_text(text, encoding="utf-8")
        facts = tmp_path / "facts.yaml"
        facts.write_text(
            (DOCS / "small-facts.yaml")
            .read_text(encoding="utf-8")
            .replace('target: ">= 35%"', 'target: ">= 0.35%"'),
            encoding="utf-8",
        )
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 0, err
        found = [w for w in problems(err, "warning") if "looks like a fraction" in w]
        # The indicator's own target, and the year's target the facts set.
        assert len(found) == 2, err
        assert any(w.startswith(f"{indicators}:") for w in found)
        assert any(w.startswith(f"{facts}:{line_of(facts, '0.35%')}:") for w in found)
        assert "write '>= 35%'" in found[0]
        report = validate([indicators])
        assert any("looks like a fraction" in w.message for w in report.warnings)

    def test_small_upper_bound_is_fine(self) -> None:
        """A rate kept at most 0.5% is a real target: no warning."""
        from scoring.core.fact_checks import target_warnings  # noqa: PLC0415
        from scoring.files.indicators import load_indicators  # noqa: PLC0415

        inds = load_indicators(DOCS / "small-indicators.yaml")
        assert not target_warnings(inds)


class TestRepeatedRows:
    def test_unit_year_twice_in_a_table(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Row 3 repeating row 1's unit and year is a warning at row 3, naming row 1."""
        table = csv_table(tmp_path, [{"unit": "甲"}, {"unit": "乙"}, {"unit": "甲"}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path)], capsys)
        assert code == 0
        (warning,) = problems(err, "warning")
        assert warning.startswith(f"{table}:4: row 3: 甲 2023 is also row 1 (line 2)")
        assert err.strip().endswith("3 of 3 rows scored, 0 failed, 1 warning")


class TestCompareNotes:
    def test_two_units(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Comparing two units' files says so above the comparison."""
        first = small_facts(tmp_path, "a.yaml")
        second = small_facts(tmp_path, "b.yaml")
        text = second.read_text(encoding="utf-8").replace("unit: 示例单位", "unit: 另一单位", 1)
        second.write_text(text.replace("unit_en: Example unit", "unit_en: Another unit", 1),
                          encoding="utf-8")  # fmt: skip
        code, out, err = cli(["compare", str(first), str(second), "--lang", "en"], capsys)
        assert code == 0, err
        lines = out.splitlines()
        assert lines[2].startswith("note: the two sides are different units (Example unit,")

    def test_two_full_scores(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One year under a sheet worth 20 and one worth 100: the comparison says so first."""
        facts = small_facts(tmp_path)
        other = DOCS / "small-weights-normalised.yaml"
        args = ["compare", str(facts), "--against-weights", str(other), "--lang", "en"]
        code, out, err = cli(args, capsys)
        assert code == 0, err
        assert "note: the two sheets have different full scores (20, 100)" in out.splitlines()[2]

    def test_alike_sides_have_no_note(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two years of one unit on one sheet: no note."""
        facts = small_facts(tmp_path)
        code, out, _ = cli(["score", str(facts), "--set", "budget=50", "--lang", "en"], capsys)
        assert code == 0
        assert "note:" not in out
