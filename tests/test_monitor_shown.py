"""Monitoring figures as printed: never rounded across the edge they are compared with.

Worked by hand with the shipped bands (red < 80, yellow [80, 100), green
[100, 130)) and the helpers' unit (budget 1200 万元, 举办赛事活动 ≥ 100 场,
cumulative):

- 599.99 spent of 1200 by June: 599.99 ÷ 1200 = 49.99916…%, against time
  progress 50%; 49.99916… ÷ 50 = 99.99833…%, yellow. At 2 decimals these read
  50% and 100% (a yellow row "on schedule"); at 3 they read 49.999% and
  99.998%, which compare truly.
- 58.33 events by July: due 100 × 7 ÷ 12 = 58.333…, ratio 58.33 ÷ 58.333… =
  99.994…%, yellow; the due figure reads 58.333 场, not 58.33 场 twice.
- 39.999 events by June: due 50, ratio 79.998%, red (not "80%").
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from monitoring_helpers import PROFILE, ROOT, report
from scoring import load_case
from scoring.analysis.monitoring import MonitorReport, ScheduleStep, Status, monitor
from scoring.core.record import evolve
from scoring.files.monitoring import monitoring_for
from scoring.rendering.monitor import render_monitor
from scoring.rendering.monitor_cells import expected_text, ratio_text, value_text

JUNE = ROOT / "examples" / "yueyang-education-2023-june.yaml"


def june() -> MonitorReport:
    case = load_case(JUNE)
    profile = monitoring_for(case.weights.location.file, case.weights.id)
    return monitor(case.indicators, case.weights, case.facts, profile)


class TestSpendingBesideTimeProgress:
    def test_a_hundred_yuan_short_is_not_shown_on_schedule(self) -> None:
        """49.99916…% spent is yellow, and reads 49.999% ÷ 50% = 99.998%."""
        rep = report(spending=599.99)
        row = rep.spending
        assert row.status is Status.YELLOW
        assert value_text(row, "zh", rep.monitoring) == "49.999%"
        assert expected_text(row, "zh", rep.monitoring) == "50%"
        assert ratio_text(row, rep.monitoring) == "99.998%"
        assert "= 49.999%；时序进度 6 ÷ 12 = 50%；49.999% ÷ 50% = 99.998%" in row.how.zh
        assert row.gaps[0].text.zh == "要达到时序进度（50%）还需支出 0.01 万元"

    def test_the_text_table_shows_the_same(self) -> None:
        """The table line of the spending row carries the true figures and 黄色."""
        out = render_monitor(report(spending=599.99), "text", "zh").decode()
        line = next(x for x in out.splitlines() if x.startswith("预算执行进度"))
        assert line.split()[1:] == ["50%", "49.999%", "99.998%", "黄色"]

    def test_a_tiny_shortfall_is_not_printed_as_nothing(self) -> None:
        """599.996 spent: 0.004 万元 short of 600, not "还需支出 0 万元"."""
        row = report(spending=599.996).spending
        assert row.gaps[0].text.zh == "要达到时序进度（50%）还需支出 0.004 万元"

    def test_csv_and_xlsx_keep_the_decimals(self) -> None:
        """The CSV progress cell is 99.998; the workbook's is 99.998 shown with 3 places."""
        rep = report(spending=599.99)
        text = render_monitor(rep, "csv", "zh").decode().lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        spending = next(r for r in rows if r[0] == "spending")
        assert spending[7:10] == ["49.999%", "99.998", "黄色"]
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(io.BytesIO(render_monitor(rep, "xlsx"))).worksheets[0]
        cells = next(r for r in ws.iter_rows() if r[2].value == "预算执行进度")
        assert (cells[6].value, cells[6].number_format) == (99.998, '0.000"%"')


class TestCumulativeBesideItsDueFigure:
    def test_due_and_done_differ_as_printed(self) -> None:
        """58.33 done against 58.333… due in July: yellow, and the two read differently."""
        rep = report(month=7, events=58.33)
        row = rep.row("events")
        assert row.status is Status.YELLOW
        assert expected_text(row, "zh", rep.monitoring) == "58.333 场"
        assert value_text(row, "zh", rep.monitoring) == "58.33 场"
        assert ratio_text(row, rep.monitoring) == "99.99%"
        assert "100 场 × 58.33% = 58.333 场" in row.how.zh
        assert "进度 = 58.33 场 ÷ 58.333 场 = 99.99%" in row.how.zh

    def test_red_just_below_80_is_not_printed_80(self) -> None:
        """39.999 of 50 is 79.998%: red, printed 79.998%."""
        rep = report(events=39.999)
        row = rep.row("events")
        assert row.status is Status.RED
        assert ratio_text(row, rep.monitoring) == "79.998%"
        assert row.how.zh.endswith("进度 = 39.999 场 ÷ 50 场 = 79.998%")


class TestLimit:
    def test_just_beyond_a_limit_is_printed_beyond_it(self) -> None:
        """125.0001% against ≤ 100%: 100 ÷ 125.0001 = 79.99994…%, red; not "125%" and "80%"."""
        rep = report(limit=125.0001)
        row = rep.row("limit")
        assert row.status is Status.RED
        assert value_text(row, "zh", rep.monitoring) == "125.0001%"
        assert ratio_text(row, rep.monitoring) == "79.9999%"
        assert row.how.zh.endswith("125.0001% 超过 100%，进度 = 100% ÷ 125.0001% = 79.9999%")


class TestJuneExampleCells:
    """The June example (examples/yueyang-education-2023-june.yaml) in csv, xlsx and English."""

    def test_a_target_written_equals_is_text_in_csv(self) -> None:
        """预算调整率 =0%: a spreadsheet would run "=0%" as a formula and show 0."""
        out = render_monitor(june(), "csv", "zh").decode()
        line = next(x for x in out.splitlines() if x.startswith("budget_adjustment_rate,"))
        assert ",'=0%,'=0%,0%,100," in line

    def test_a_target_written_equals_is_text_in_xlsx(self) -> None:
        """The workbook's 年度指标值 and 应达到 cells hold the text "=0%", not a formula."""
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(io.BytesIO(render_monitor(june(), "xlsx"))).worksheets[0]
        cells = next(r for r in ws.iter_rows() if r[2].value == "预算调整率 ※")
        assert [(c.value, c.data_type) for c in cells[3:5]] == [("=0%", "s"), ("=0%", "s")]

    def test_english_names_a_target_in_words_by_its_level(self) -> None:
        """资金结余's target 无结余 is quoted by its level's name_en (no balance), not as a
        Python object, nor in Chinese."""
        reasons = {s.id: s.reason.en for s in june().skipped}
        assert reasons["fund_balance"] == (
            "the target 'no balance' is words, not a number: no progress to measure"
        )

    def test_english_gap_of_a_row_far_ahead(self) -> None:
        """直接参与赛事活动人数 8.5 against 5 due: 3.5 万人 ahead, in English 3.5 × 10,000
        persons (the unit's unit_en)."""
        gap = june().row("sports_participants").gaps[0]
        assert gap.text.en == "3.5 × 10,000 persons ahead of where it should be by now"


class TestChinesePunctuation:
    def test_markdown_and_text_use_full_width_marks_in_chinese(self) -> None:
        """A Chinese line takes ：and 。, not ': ' and '. ' (English keeps them)."""
        rep = june()
        md = render_monitor(rep, "markdown", "zh").decode()
        assert "- **举办全民健身赛事活动**：红色（严重滞后）。时序进度应完成" in md
        assert "  - 差距：要达到时序进度还需完成 12 场" in md
        assert "- 汇总方式：取最差行的状态" in md
        text = render_monitor(rep, "text", "zh").decode()
        assert "  汇总方式：取最差行的状态" in text
        assert "  ※ 预算执行进度：假设的数据：预算数、预算执行数" in text
        english = render_monitor(rep, "markdown", "en").decode()
        assert "- **Public sports events held**: red (far behind). By now 100 events" in english


class TestScheduleAboveTimeProgress:
    def test_the_table_shows_what_decides_the_status(self) -> None:
        """600 of 1200 by June is 50%: 100% of time progress (green) but 50 ÷ 60 = 83.33% of
        a schedule asking 60% (yellow); the row is yellow and shows 60% due, 83.33%."""
        profile = evolve(PROFILE, schedule=(ScheduleStep(6, Decimal(60)),))
        rep = report(profile=profile)
        row = rep.spending
        assert row.status is Status.YELLOW
        assert expected_text(row, "zh", rep.monitoring) == "60%"
        assert value_text(row, "zh", rep.monitoring) == "50%"
        assert ratio_text(row, rep.monitoring) == "83.33%"
        assert row.gaps[0].text.zh == "要达到 6 月底 60% 的进度要求还需支出 120 万元"

    def test_time_progress_is_shown_where_it_decides(self) -> None:
        """The shipped June example: 100% of time progress and 111.11% of 45%, both green."""
        rep = june()
        assert expected_text(rep.spending, "zh", rep.monitoring) == "50%"
        assert ratio_text(rep.spending, rep.monitoring) == "100%"
