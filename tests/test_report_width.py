"""explain and compare fit --width as score does: the table, and every note, folded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.rendering._common import fold_lines, width
from silent_cases import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "yueyang-education-2023.yaml")
# The example with 特控线上线率 at 35% (and deviation reasons for three rows).
REVISED = str(ROOT / "docs" / "examples" / "yueyang-education-2023-revised.yaml")


def words(text: str) -> str:
    """``text`` without its line breaks and indents: what folding must keep."""
    return re.sub(r"\s+", "", text)


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = cli(args, capsys)
    assert code == 0, err
    return out


class TestFoldLines:
    def test_further_lines_hang_under_the_text_after_the_mark(self) -> None:
        """A list item goes on under its text: two cells in after '- ', four after '  ※ '."""
        assert fold_lines(["- 甲乙丙丁戊己庚辛"], 10) == ["- 甲乙丙丁", "  戊己庚辛"]
        assert fold_lines(["  ※ 甲乙丙丁戊己"], 12) == ["  ※ 甲乙丙丁", "    戊己"]
        assert fold_lines([" 12. 甲乙丙丁戊己"], 13) == [" 12. 甲乙丙丁", "     戊己"]

    def test_a_line_with_breaks_is_each_of_its_lines(self) -> None:
        assert fold_lines(["甲乙\n  丙丁戊"], 6) == ["甲乙", "  丙丁", "  戊"]

    def test_without_columns_nothing_changes(self) -> None:
        lines = ["- " + "甲" * 100, ""]
        assert fold_lines(lines, None) == lines


class TestExplain:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_every_line_fits_and_nothing_is_lost(
        self, capsys: pytest.CaptureFixture[str], lang: str
    ) -> None:
        wide = output(capsys, "explain", REVISED, "--lang", lang)
        narrow = output(capsys, "explain", REVISED, "--lang", lang, "--width", "60")
        assert max(width(line) for line in wide.split("\n")) > 60
        assert max(width(line) for line in narrow.split("\n")) <= 60
        assert words(narrow) == words(wide)

    def test_a_deviation_goes_on_under_its_row(self, capsys: pytest.CaptureFixture[str]) -> None:
        """举办全民健身赛事活动: 145 场 of a target of 100, 145%; its reason folds under it."""
        out = output(capsys, "explain", REVISED, "--width", "60").split("\n")
        first = next(i for i, line in enumerate(out) if line.startswith("- 举办全民健身赛事活动"))
        assert "145" in out[first]
        assert out[first + 1].startswith("  ")
        assert not out[first + 1].startswith("   ")


class TestCompare:
    def test_the_table_and_the_notes_fit(self, capsys: pytest.CaptureFixture[str]) -> None:
        """特控线上线率 34.16% of 35% earned 5 × 34.16 / 35 = 4.88 of 5; at 35% it earns 5:
        +0.12, on a table row and in the total, both within 60 columns."""
        wide = output(capsys, "compare", EXAMPLE, REVISED)
        narrow = output(capsys, "compare", EXAMPLE, REVISED, "--width", "60")
        assert max(width(line) for line in wide.split("\n")) > 60
        lines = narrow.split("\n")
        assert max(width(line) for line in lines) <= 60
        row = next(line for line in lines if line.startswith("特控线上线率"))
        assert row.split()[2:5] == ["4.88", "5.00", "+0.12"]
        assert "总分 99.88 → 100.00（+0.12），等级 优（不变）。" in lines
        # The notes after the table are the same words, folded.
        assert words(narrow.split("标 ※ 的行")[1]) == words(wide.split("标 ※ 的行")[1])

    def test_without_width_a_pipe_gets_long_lines(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = output(capsys, "compare", EXAMPLE, REVISED)
        assert "  ※ 一级指标“效果”：分值为假设（模板中产出、效果部分共 45 分不可读" in out

    def test_a_width_too_narrow_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = cli(["compare", EXAMPLE, REVISED, "--width", "30"], capsys)
        assert (code, out) == (2, "")
        assert "--width 30" in err

    def test_what_if_notes_fit_too(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = output(capsys, "score", EXAMPLE, "--set", "key_university_rate=35", "--width", "60")
        assert max(width(line) for line in out.split("\n")) <= 60


class TestColumnsGiveWhereTheTableGrowsLeast:
    """At a width too narrow for the table, each cell of width comes from the column where
    folding adds the fewest lines (an English table at 80 columns took 104 lines, its
    names folded over three to five, while the target columns had room to spare)."""

    @staticmethod
    def height(table: list[list[str]], widths: list[int]) -> int:
        from scoring.rendering._common import fold  # noqa: PLC0415

        return sum(
            max(len(fold(cell, w)) for cell, w in zip(row, widths, strict=True)) for row in table
        )

    def test_the_column_with_one_long_cell_gives_before_the_names(self) -> None:
        """Five names of 16 cells, one target of 14: four cells fewer (32 → 28) cost one
        line from the target ('cccc dddd' over 'eeee' at 10 to 13 cells), five from the
        names ('aaaaaaa' over 'bbbbbbbb' in every row below 16)."""
        from scoring.rendering._common import fit_widths  # noqa: PLC0415

        table = [["Name", "Target"]] + [["aaaaaaa bbbbbbbb", "x"]] * 4
        table.append(["aaaaaaa bbbbbbbb", "cccc dddd eeee"])
        fitted = fit_widths([16, 14], 28, [1, 0], table=table)
        assert fitted == [16, 10]
        assert self.height(table, fitted) == 1 + 4 + 2

    def test_a_first_cell_taken_wrongly_is_given_back(self) -> None:
        """Two cells fewer (25 → 23). One from B wraps one row ('eeee' over 'ffff'), one
        from A two rows: taken a cell at a time, B's goes first and A's second (7 lines);
        both from A wrap the same two rows only (6 lines), which the moves find."""
        from scoring.rendering._common import fit_widths  # noqa: PLC0415

        table = [["A", "B"], ["aaaa bbbb cccc", "x"], ["dd", "eeee ffff"], ["gggg hhhh iiii", "y"]]
        fitted = fit_widths([14, 9], 23, [0, 1], table=table)
        assert fitted == [12, 9]
        assert self.height(table, fitted) == 6

    def test_a_heading_folds_only_when_nothing_else_gives(self) -> None:
        """The example at 80 columns, in Chinese: 年度指标值 and 实际完成值 stay whole."""
        from scoring.cli import main  # noqa: PLC0415

        out = io_run(main, ["score", EXAMPLE, "--width", "80"])
        heading = next(line for line in out.splitlines() if line.startswith("一级指标"))
        assert "年度指标值" in heading
        assert "实际完成值" in heading
        assert all(width(line) <= 80 for line in out.splitlines())

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_the_example_at_80_columns_keeps_its_words_whole(self, lang: str) -> None:
        """Every line fits, and no word or number is cut where a column is wide enough
        for it: the English table's widest words are 20 cells (Compulsory-education,
        which may break after its hyphen), its widest units 10 (percentage)."""
        from scoring.cli import main  # noqa: PLC0415

        out = io_run(main, ["score", EXAMPLE, "--width", "80", "--lang", lang])
        assert all(width(line) <= 80 for line in out.splitlines())
        if lang == "en":
            table = out.split("\n\n")[2]
            assert table.count("percentage") == 2
            for word in ("Compulsory-", "proficiency", "undergraduate", "Undergraduate"):
                assert word in table


def io_run(main: object, args: list[str]) -> str:
    import contextlib  # noqa: PLC0415
    import io  # noqa: PLC0415

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0  # type: ignore[operator]
    return out.getvalue()
