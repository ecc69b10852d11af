"""Bad figures in a mid-year facts file or table: an error at the figure, never a row
quietly left unmonitored.

examples/yueyang-education-2023-june.yaml has 举办全民健身赛事活动's fact
(sports_events_held, scored by the proportional rule) at line 52, column 12
(``    value: 38``). docs/examples/units-2023-june.csv has a header and 5 units
(lines 2 to 6), ranked 乙, 岳阳, 丁, 甲 with 丙 failed (see test_monitor_batch).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
JUNE = ROOT / "examples" / "yueyang-education-2023-june.yaml"
TABLE = ROOT / "docs" / "examples" / "units-2023-june.csv"
RULES = ["--indicators", "department-common", "education-sports", "--weights", "yueyang-education"]
WORDS_FOR_A_COUNT = "rule 'proportional' scores a number, not the text 'abc'"


def run(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsysbinary.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


class TestWordsForANumber:
    def test_in_a_facts_file(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """value: abc for a count is an error at its line (as scoring validate says), exit 2."""
        text = JUNE.read_text(encoding="utf-8")
        assert text.count("    value: 38\n") == 1
        path = tmp_path / "june.yaml"
        path.write_text(text.replace("    value: 38\n", "    value: abc\n"), encoding="utf-8")
        status, out, err = run(capsysbinary, "monitor", str(path))
        assert (status, out) == (2, "")
        assert f"june.yaml:52:12: indicator 'sports_events': {WORDS_FOR_A_COUNT}" in err
        assert "Traceback" not in err

    def test_in_a_table_row(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A 6th unit with abc events fails once, at line 7; the others keep their ranks."""
        table = tmp_path / "units.csv"
        table.write_text(
            TABLE.read_text(encoding="utf-8")
            + "示例单位戊,2023,Example unit E,2500,5000,abc,35,5,84,85\n",
            encoding="utf-8",
        )
        status, out, err = run(capsysbinary, "batch", str(table), *RULES, "--monitor", "6")
        assert status == 2
        lines = out.lstrip("\ufeff").splitlines()[1:]
        ranked = [(x.split(",")[2], x.split(",")[6]) for x in lines]
        assert ranked == [
            ("示例单位乙", "1"),
            ("岳阳市教育体育局", "2"),
            ("示例单位丁", "3"),
            ("示例单位甲", "4"),
            ("示例单位丙", ""),
            ("示例单位戊", ""),
        ]
        assert lines[-1].startswith("6,7,示例单位戊,Example unit E,2023,failed,")
        assert f"units.csv:7: row 6: indicator 'sports_events': {WORDS_FOR_A_COUNT}" in lines[-1]
        assert err.count(WORDS_FOR_A_COUNT) == 1
        assert "4 of 6 rows monitored, 2 failed" in err


class TestAsOf:
    """as_of is the month the figures are as of (line 17, column 8 of the June example)."""

    @pytest.mark.parametrize(
        ("written", "said"),
        [
            (
                "2023-06-30",
                "'as_of' 是数据截至的月份（1 到 12 的整数），不是日期 '2023-06-30'"
                "（提示：请写 as_of: 6）",
            ),
            ("2023年6月", "不是日期 '2023年6月'（提示：请写 as_of: 6）"),
            ("2023-06-15", "不是日期 '2023-06-15'（提示：请写数据截至哪个月底（1 到 12 的整数））"),
            (
                "2024-06-30",
                "不是日期 '2024-06-30'（提示：请写 as_of: 6；该日期在 2024 年，而事实文件的 year 是"
                " 2023：请核对数据所属的年份）",
            ),
            ("六月", "'as_of' 只写 1 到 12 的整数，不是 '六月'（提示：请写 as_of: 6）"),
            ("6月底", "'as_of' 只写 1 到 12 的整数，不是 '6月底'（提示：请写 as_of: 6）"),
            ("十二月", "不是 '十二月'（提示：请写 as_of: 12）"),
            ("13月", "'as_of' 只写 1 到 12 的整数，不是 '13月'\n"),
        ],
    )
    def test_a_date_or_words_say_the_number_to_write(
        self,
        written: str,
        said: str,
        capsysbinary: pytest.CaptureFixture[bytes],
        tmp_path: Path,
    ) -> None:
        """Refused at its line with the month to write; a date of another year says so."""
        text = JUNE.read_text(encoding="utf-8")
        path = tmp_path / "june.yaml"
        path.write_text(text.replace("\nas_of: 6\n", f"\nas_of: {written}\n"), encoding="utf-8")
        status, out, err = run(capsysbinary, "monitor", str(path), "--lang", "zh")
        assert (status, out) == (2, "")
        assert "june.yaml:17:8: " in err
        assert said in err
        assert "Traceback" not in err


class TestEmptyCell:
    def test_an_empty_figure_is_said_at_its_line(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A 6th unit leaves its events empty: 2500 of 5000 = 50%, 100% of time progress,
        green with 4 green rows and 22 not monitored, ranked 4th (before 甲 at 120%);
        and a warning at line 7 says which figure is left out."""
        table = tmp_path / "units.csv"
        table.write_text(
            TABLE.read_text(encoding="utf-8")
            + "示例单位戊,2023,Example unit E,2500,5000,,35,5,84,85\n",
            encoding="utf-8",
        )
        status, out, err = run(
            capsysbinary, "batch", str(table), *RULES, "--monitor", "6", "--lang", "en"
        )
        assert status == 2  # 丙 still fails
        line = next(x for x in out.splitlines() if ",示例单位戊," in x).split(",")
        assert line[:16] == [
            "6", "7", "示例单位戊", "Example unit E", "2023", "monitored", "4", "green", "绿色",
            "50", "100", "0", "0", "4", "0", "22",
        ]  # fmt: skip
        said = (
            "units.csv:7: warning: row 6: Public sports events held is not monitored:"
            " the cell of 'sports_events_held' is empty"
        )
        assert err.count(said) == 1
