"""scoring audit: each finding on a small sheet that has exactly that error.

The sheets are the national project layout of ``sheets_helpers.project_rows``
(a road repair project whose figures all follow), with one cell changed; the
expected figures are worked by hand from the rule each code states.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import scoring
import sheets_helpers as sh
from scoring.analysis.audit import CODES, AuditReport, Finding
from scoring.cli.app import main
from scoring.files.audit import audit_paths

Rows = list[list[object]]


def clean_rows() -> tuple[Rows, list[str]]:
    rows, merged = sh.project_rows()
    rows[14][8] = "两批次返工"  # 验收合格率 98% below 100%: a reason, so the sheet is clean
    return rows, merged


def audit_of(tmp_path: Path, change: Callable[[Rows], None] | None = None) -> AuditReport:
    rows, merged = clean_rows()
    if change is not None:
        change(rows)
    path = sh.write_xlsx(tmp_path / "表.xlsx", rows, merged)
    return audit_paths([path])


def only(report: AuditReport) -> Finding:
    assert len(report.findings) == 1, [(f.code, str(f.message)) for f in report.findings]
    return report.findings[0]


def codes(report: AuditReport) -> list[str]:
    return [f.code for f in report.findings]


def put(cells: dict[tuple[int, int], object]) -> Callable[[Rows], None]:
    """Set cells by their sheet row (1-based) and column letter index (A=1)."""

    def change(rows: Rows) -> None:
        for (row, column), value in cells.items():
            rows[row - 1][column - 1] = value

    return change


A, B, C, D, E, F, G, H, REASON = range(1, 10)


class TestCleanSheet:
    def test_a_sheet_whose_figures_follow_has_no_finding(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path)
        assert report.findings == ()
        assert report.status == 0
        sheet = report.sheets[0]
        assert sheet.printed_total == Decimal("93.88")
        assert sheet.computed_total == Decimal("93.88")


class TestPoints:
    def test_a101_points_not_adding_up_to_the_full_score(self, tmp_path: Path) -> None:
        """完工时间 worth 12 (and scored 12): the rows add up to 102, the 总分 row says 100."""
        report = audit_of(tmp_path, put({(16, G): 12, (16, H): 12, (20, H): 95.88}))
        finding = only(report)
        assert finding.code == "A101"
        assert finding.cell.endswith("!G20")
        assert (finding.sheet_figure, finding.computed) == (Decimal(102), Decimal(100))
        assert finding.difference == 2

    def test_a102_a_group_stating_other_points_than_its_rows(self, tmp_path: Path) -> None:
        """产出指标（55分）, but its rows are worth 20 + 15 + 10 + 5 = 50."""
        report = audit_of(tmp_path, put({(13, B): "产出指标（55分）"}))
        finding = only(report)
        assert finding.code == "A102"
        assert finding.cell.endswith("!B13")
        assert (finding.sheet_figure, finding.computed) == (Decimal(55), Decimal(50))

    @pytest.mark.parametrize("stated", ["产出指标（５５分）", "产出指标（５５．０分）"])
    def test_a102_with_the_points_in_full_width_digits(self, tmp_path: Path, stated: str) -> None:
        """As a Chinese input method types them: ５５ is 55, still not the rows' 50."""
        finding = only(audit_of(tmp_path, put({(13, B): stated})))
        assert finding.code == "A102"
        assert (finding.sheet_figure, finding.computed) == (Decimal(55), Decimal(50))


class TestRowScores:
    def test_a103_a_score_that_does_not_follow_the_rule(self, tmp_path: Path) -> None:
        """250 of ≥266 米 for 20 points earns 250/266 × 20 = 18.797 → 18.8, not 20."""
        report = audit_of(tmp_path, put({(13, H): 20, (20, H): 95.08}))
        finding = only(report)
        assert finding.code == "A103"
        assert finding.cell.endswith("!H13")
        assert (finding.sheet_figure, finding.computed) == (Decimal(20), Decimal("18.80"))
        assert finding.difference == Decimal("1.20")
        assert "正向比例" in finding.message.text("zh")
        assert report.sheets[0].total_difference == Decimal("1.20")

    def test_a_score_within_the_sheets_rounding_is_no_finding(self, tmp_path: Path) -> None:
        """18.797 printed as 18.8 (one decimal) is the sheet's rounding, not an error."""
        report = audit_of(tmp_path)
        assert "A103" not in codes(report)

    def test_a104_a_score_above_its_points(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path, put({(19, H): 12, (20, H): 95.88}))
        finding = only(report)
        assert finding.code == "A104"
        assert (finding.sheet_figure, finding.computed) == (Decimal(12), Decimal(10))

    def test_a105_a_negative_score(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path, put({(19, H): -1, (20, H): 82.88}))
        finding = only(report)
        assert finding.code == "A105"
        assert finding.sheet_figure == -1

    def test_a106_a_total_that_is_not_the_sum_of_the_rows(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path, put({(20, H): 95}))
        finding = only(report)
        assert finding.code == "A106"
        assert (finding.sheet_figure, finding.computed) == (Decimal(95), Decimal("93.88"))

    def test_a111_points_lost_on_a_met_row(self, tmp_path: Path) -> None:
        """完工时间 done in 8月 against 9月底前 is met: all 10 points, not 8."""
        report = audit_of(tmp_path, put({(16, H): 8, (16, REASON): "延期验收", (20, H): 91.88}))
        finding = only(report)
        assert finding.code == "A111"
        assert (finding.sheet_figure, finding.computed) == (Decimal(8), Decimal(10))


class TestFunds:
    def test_a107_a_rate_on_the_initial_budget(self, tmp_path: Path) -> None:
        """37.24 ÷ 43.2 = 86.2%; the sheet prints 37.24 ÷ 40 = 93.1%, the 年初预算数 slip."""
        report = audit_of(tmp_path, put({(6, G): sh.Pct(0.931)}))
        finding = only(report)
        assert finding.code == "A107"
        assert finding.severity == "warning"
        assert finding.sheet_figure == Decimal("93.1")
        assert finding.computed == Decimal("86.2037")
        assert "年初预算数" in finding.message.text("zh")

    def test_a108_execution_points_not_following_the_rate(self, tmp_path: Path) -> None:
        """86.2% of 10 points earns 8.62, not the 9.31 of the rate on 年初预算数."""
        report = audit_of(tmp_path, put({(6, H): 9.31, (20, H): 94.57}))
        finding = only(report)
        assert finding.code == "A108"
        assert (finding.sheet_figure, finding.computed) == (Decimal("9.31"), Decimal("8.62"))

    def test_a109_a_total_that_is_not_the_sum_of_its_lines(self, tmp_path: Path) -> None:
        """其中 lines execute 30 + 0, the total 37.24."""
        report = audit_of(tmp_path, put({(7, E): 30}))
        finding = only(report)
        assert finding.code == "A109"
        assert finding.cell.endswith("!E6")
        assert (finding.sheet_figure, finding.computed) == (Decimal("37.24"), Decimal(30))

    def test_a110_a_total_left_at_zero(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path, put({(6, C): 0}))
        finding = only(report)
        assert finding.code == "A110"
        assert (finding.sheet_figure, finding.computed) == (Decimal(0), Decimal(40))


class TestReasons:
    def test_a112_below_target_with_no_reason(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path, put({(15, REASON): None}))
        finding = only(report)
        assert finding.code == "A112"
        assert finding.cell.endswith("!F15")

    def test_a113_far_beyond_target_with_no_reason(self, tmp_path: Path) -> None:
        """400 米 of ≥266 米 is 150.4% of the target, beyond the 130% of the default setting."""
        report = audit_of(tmp_path, put({(13, F): "400米", (13, H): 20, (13, REASON): None,
                                         (20, H): 95.08}))  # fmt: skip
        finding = only(report)
        assert finding.code == "A113"
        assert finding.computed == Decimal(130)
        assert round(finding.sheet_figure, 1) == Decimal("150.4")  # type: ignore[call-overload]


class TestJudgements:
    def test_a114_a_qualitative_score_outside_its_band(self, tmp_path: Path) -> None:
        """达成年度指标 is 80–100% of 30 points: 24 to 30, not 20."""
        report = audit_of(tmp_path, put({(18, F): "达成年度指标", (18, H): 20, (20, H): 86.88}))
        finding = only(report)
        assert finding.code == "A114"
        assert (finding.sheet_figure, finding.computed) == (Decimal(20), Decimal(24))

    def test_a115_a_grade_that_does_not_match_the_total(self, tmp_path: Path) -> None:
        """93.88 is 优 (90 and more) under the national bands, not 良."""

        def change(rows: Rows) -> None:
            rows.insert(20, ["评价等级", "良", *[None] * 7])

        finding = only(audit_of(tmp_path, change))
        assert finding.code == "A115"
        assert (finding.sheet_figure, finding.computed) == ("良", "优")

    def test_a119_the_recomputed_total_changes_the_grade(self, tmp_path: Path) -> None:
        """100 米 of ≥266 米 earns 100/266 × 20 = 7.52: the total 82.6 is 良, not the printed 优."""

        def change(rows: Rows) -> None:
            rows[12][5] = "100米"
            rows.insert(20, ["评价等级", "优", *[None] * 7])

        report = audit_of(tmp_path, change)
        assert codes(report) == ["A103", "A119"]
        assert report.sheets[0].computed_total == Decimal("82.60")
        assert report.findings[1].computed == "良"


class TestAchievedValues:
    def test_a116_an_achieved_value_that_is_not_a_number(self, tmp_path: Path) -> None:
        finding = only(audit_of(tmp_path, put({(13, F): "基本完成"})))
        assert finding.code == "A116"
        assert finding.cell.endswith("!F13")

    def test_a117_the_target_typed_as_the_result(self, tmp_path: Path) -> None:
        report = audit_of(tmp_path, put({(13, F): "≥266米", (13, H): 20, (20, H): 95.08}))
        finding = only(report)
        assert finding.code == "A117"
        assert finding.severity == "warning"

    def test_a118_a_unit_other_than_the_targets(self, tmp_path: Path) -> None:
        finding = only(audit_of(tmp_path, put({(13, F): "0.25公里"})))
        assert finding.code == "A118"
        assert "公里" in finding.message.text("zh")

    def test_a199_a_cell_the_reader_cannot_read(self, tmp_path: Path) -> None:
        finding = only(audit_of(tmp_path, put({(16, E): None})))
        assert finding.code == "A199"
        assert finding.cell.endswith("!E16")


class TestManySheets:
    def test_an_unreadable_file_does_not_stop_the_others(self, tmp_path: Path) -> None:
        rows, merged = clean_rows()
        sh.write_xlsx(tmp_path / "a.xlsx", rows, merged)
        (tmp_path / "b.xlsx").write_bytes(b"not a workbook")
        rows[19][7] = 95
        sh.write_csv(tmp_path / "c.csv", rows)
        report = scoring.audit(tmp_path)
        assert [Path(s.file).name for s in report.sheets] == ["a.xlsx", "c.csv"]
        assert [Path(u.file).name for u in report.unreadable] == ["b.xlsx"]
        assert codes(report) == ["A106"]
        assert report.status == 2
        assert [Path(s.file).name for s in report.ranked()] == ["c.csv"]

    def test_every_code_has_its_documentation(self) -> None:
        doc = (Path(__file__).parent.parent / "docs" / "audit.md").read_text(encoding="utf-8")
        assert [c for c in CODES if f"### {c}" not in doc] == []


class TestCommandLine:
    @pytest.fixture
    def folder(self, tmp_path: Path) -> Path:
        rows, merged = clean_rows()
        (tmp_path / "sheets").mkdir()
        sh.write_xlsx(tmp_path / "sheets" / "clean.xlsx", rows, merged)
        rows[19][7] = 95
        sh.write_xlsx(tmp_path / "sheets" / "total.xlsx", rows, merged)
        return tmp_path / "sheets"

    def test_exit_status_follows_ruff(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["audit", str(folder / "clean.xlsx")]) == 0
        assert main(["audit", str(folder)]) == 1
        out = capsys.readouterr().out
        assert "A106 错误" in out
        assert "总分 95 不等于各行得分之和 93.88" in out
        assert "共复核 2 张自评表，1 张有问题" in out
        assert main(["audit", str(folder / "missing.xlsx"), str(folder)]) == 2
        assert "无法读取" in capsys.readouterr().out

    def test_english_json_and_csv(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["audit", str(folder), "--format", "json", "--lang", "en"]) == 1
        document = json.loads(capsys.readouterr().out)
        assert document["summary"] == {
            "sheets": 2,
            "sheets_with_findings": 1,
            "findings": 1,
            "by_code": {"A106": 1},
            "unreadable": 0,
            "skipped": 0,
        }
        found = document["sheets"][1]["findings"][0]
        assert (found["sheet_figure"], found["computed"], found["difference"]) == (
            "95",
            "93.88",
            "1.12",
        )
        assert main(["audit", str(folder), "--format", "csv", "--lang", "en"]) == 1
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("code,severity,cell,sheet's figure,computed,difference")
        assert lines[1].startswith("A106,error,")

    def test_xlsx_one_row_per_finding_with_a_filter(self, folder: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        out = folder.parent / "复核.xlsx"
        assert main(["audit", str(folder), "--format", "xlsx", "-o", str(out)]) == 1
        ws = openpyxl.load_workbook(out).worksheets[0]
        assert ws.auto_filter.ref == "A1:H2"
        assert [c.value for c in ws[2]][:6] == ["A106", "错误", ws[2][2].value, 95, 93.88, 1.12]
        # Printed for signing: A4 landscape, one page wide, the header row on every page.
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape")  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert main(["audit", str(folder), "--format", "xlsx", "-o", str(out)]) == 1
        first = out.read_bytes()
        assert main(["audit", str(folder), "--format", "xlsx", "-o", str(out)]) == 1
        assert out.read_bytes() == first
