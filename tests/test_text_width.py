"""The text table fits the terminal: folded cells, never a wrapped row (issue 13)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring import load_case, score
from scoring.rendering import render
from scoring.rendering._common import Meta, fold, width

ROOT = Path(__file__).resolve().parent.parent
CASE = load_case(ROOT / "examples" / "yueyang-education-2023.yaml")
CARD = score(CASE.indicators, CASE.weights, CASE.facts)


def table_lines(text: str) -> list[str]:
    """The lines from the table's header to its 合计 line."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("一级指标"))
    end = next(i for i, line in enumerate(lines) if line.startswith("合计"))
    return lines[start : end + 1]


class TestFold:
    def test_chinese_is_cut_between_characters(self) -> None:
        """适龄残疾儿童少年义务教育入学率 (15 characters, 30 cells) into lines of 8 cells."""
        assert fold("适龄残疾儿童少年义务教育入学率", 8) == [
            "适龄残疾",
            "儿童少年",
            "义务教育",
            "入学率",
        ]

    def test_words_are_cut_at_spaces(self) -> None:
        assert fold("Key university admission rate", 12) == [
            "Key",
            "university",
            "admission",
            "rate",
        ]

    def test_mixed_text_is_cut_between_chinese_characters(self) -> None:
        """A Chinese line with numbers is cut at its last character, not back at its last
        space (which left the line a third empty), and a number stays whole."""
        # 举办全民健身赛事活动 (20 cells) + " 145%" (5) + 、(2) + 空 (2) = 29 of 30.
        assert fold("举办全民健身赛事活动 145%、空军海军招飞录取人数 130.77%", 30) == [
            "举办全民健身赛事活动 145%、空",
            "军海军招飞录取人数 130.77%",
        ]

    def test_no_line_starts_with_a_closing_mark(self) -> None:
        """、 does not start a line, so 145% (25 cells of 26) goes down with it, whole."""
        assert fold("举办全民健身赛事活动 145%、空军", 26) == ["举办全民健身赛事活动", "145%、空军"]

    def test_ambiguous_characters_count_two_when_asked(self) -> None:
        """≤ is one cell in a Western terminal and two in an East Asian one."""
        assert width("≤100%") == 5
        assert width("≤100%", ambiguous_wide=True) == 6


class TestTable:
    @pytest.mark.parametrize("columns", [80, 72, 100])
    @pytest.mark.parametrize("ambiguous", [False, True])
    def test_every_line_fits_and_the_points_column_stays_aligned(
        self, columns: int, ambiguous: bool
    ) -> None:
        text = render(CARD, "text", "zh", Meta(columns=columns, ambiguous_wide=ambiguous))
        lines = table_lines(text)
        assert all(width(line, ambiguous) <= columns for line in lines)
        # The 得分 of each row ends at the same cell as the 得分 header: right-aligned.
        rows = [line for line in lines if line.rstrip().endswith(("5.00", "4.88", "※"))]
        ends = {width(line.replace("  ※", ""), ambiguous) for line in rows}
        assert len(ends) == 1
        for line in text.split("\n"):
            if line.startswith(("  ", " ")) and "." in line[:5]:
                assert width(line, ambiguous) <= columns

    def test_without_a_width_nothing_is_folded(self) -> None:
        """Written to a file or pipe with no $COLUMNS, the table is as wide as it needs."""
        text = render(CARD, "text", "zh", Meta())
        assert "适龄残疾儿童少年义务教育入学率" in text

    def test_a_wide_terminal_is_used(self) -> None:
        """With room for every column, the table is the same as unlimited."""
        assert render(CARD, "text", "zh", Meta(columns=400)) == render(CARD, "text", "zh", Meta())

    def test_every_row_is_still_there(self) -> None:
        """Folding keeps every row and its points: the rows' points add up to the total."""

        text = render(CARD, "text", "zh", Meta(columns=80))
        lines = table_lines(text)[2:-2]
        starts = [line for line in lines if not line.startswith(" ")]
        assert len(starts) == len(CARD.rows)
        points = [Decimal(line.replace("※", "").split()[-1]) for line in starts]
        assert sum(points) == CARD.total


class TestNotes:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_every_line_fits(self, lang: str) -> None:
        """Not only the table: the title, the over-achievement note and the list of rows
        resting on assumptions fit 80 columns too (the note was one line of 228 cells)."""
        text = render(CARD, "text", lang, Meta(columns=80))
        assert max(width(line) for line in text.split("\n")) <= 80

    def test_an_assumption_folds_under_its_mark(self) -> None:
        """A row's assumptions too long for the line go on under its name, indented; a line
        that just fits (80 cells) stays whole."""
        en = render(CARD, "text", "en", Meta(columns=80))
        # 2 + "※ " 2 + 'Change in "three public" spending:' 34 + " assumed facts: " 16
        # + 'last year\'s "three public"' 26 = 80 cells: " spending" goes down.
        assert (
            '  ※ Change in "three public" spending: assumed facts: last year\'s "three public"\n'
            "    spending\n"
        ) in en
        zh = render(CARD, "text", "zh", Meta(columns=80))
        # 2 + "※ " 2 + "高一学业水平考试全科合格率：" 28 + 48 cells of reasons = 80.
        assert (
            "  ※ 高一学业水平考试全科合格率：年度指标值为假设；所在一级指标“产出”的分值为假设\n"
            in zh
        )
