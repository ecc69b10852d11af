"""What `scoring audit` takes: facts files beside sheets, and never its own reports.

A facts file with ``self_scores`` (the clerk's 得分) is audited like a sheet, each
finding at its line; one without is scored and reported as having nothing to
compare. A report that ``scoring audit`` wrote into the folder it audits is
recognised (a mark in the workbook's properties, or the report's header row)
and skipped with a note, never read as a sheet.

Figures worked by hand from docs/examples/small-*.yaml: staff 81 ÷ 85 = 95.29%
≤ 100% earns all 5 points; budget execution 37.24 ÷ 43.2 = 86.2037% of 10 points
is 8.62; key-university rate 34.16 ÷ 35 × 5 = 4.88.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.cli.app import main
from scoring.files.audit import BATCH_RESULT_COLUMNS, audit_paths
from scoring.rendering.batch import HEAD_COLUMNS
from silent_cases import copy_rules, line_of, small_facts

D = Decimal
SCORES = """
self_scores:
  staff_control_rate: 5
  budget_execution_rate: {execution}
  key_university_rate: 4.88
reasons:
  budget_execution_rate: 两个项目延期支付
  key_university_rate: 生源变化
"""


def facts_with_scores(folder: Path, execution: str = "8.62") -> Path:
    facts = small_facts(folder)
    with facts.open("a", encoding="utf-8") as out:
        out.write(SCORES.format(execution=execution))
    return facts


class TestFactsFiles:
    def test_scores_that_follow_have_no_finding(self, tmp_path: Path) -> None:
        report = audit_paths([facts_with_scores(tmp_path)])
        (sheet,) = report.sheets
        assert sheet.findings == ()
        assert sheet.note is None
        assert sheet.computed_total == D("18.50")
        assert report.status == 0

    def test_a103_at_the_self_score_line(self, tmp_path: Path) -> None:
        # 9.31 is 执行率 on the wrong budget, 37.24 ÷ 40; the rule gives 8.62.
        facts = facts_with_scores(tmp_path, execution="9.31")
        report = audit_paths([facts])
        (finding,) = report.findings
        assert finding.code == "A103"
        assert finding.cell == f"{facts}:{line_of(facts, 'budget_execution_rate: 9.31')}"
        assert (finding.sheet_figure, finding.computed, finding.difference) == (
            D("9.31"),
            D("8.62"),
            D("0.69"),
        )
        # The rate a formula computes (37.24 ÷ 43.2 = 86.2%) is shown as the value achieved.
        assert "预算执行率: 86.2% against the target ≥100% earns 8.62" in finding.message.text("en")
        assert report.status == 1

    def test_a104_a_score_above_its_points(self, tmp_path: Path) -> None:
        facts = facts_with_scores(tmp_path, execution="12")
        (finding,) = audit_paths([facts]).findings
        assert (finding.code, finding.sheet_figure, finding.computed) == ("A104", D(12), D(10))

    def test_without_self_scores_nothing_to_compare(self, tmp_path: Path) -> None:
        report = audit_paths([small_facts(tmp_path)])
        (sheet,) = report.sheets
        assert sheet.findings == ()
        assert sheet.note is not None
        assert "no self_scores" in sheet.note.text("en")
        assert report.status == 0

    def test_the_cli_says_so_in_chinese_and_english(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("SCORING_LANG")
        facts = small_facts(tmp_path)
        assert main(["audit", str(facts)]) == 0
        out = capsys.readouterr().out
        assert f"{facts}（示例单位）：没有可核对的得分" in out
        assert main(["audit", str(facts), "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert f"{facts} (示例单位): nothing to compare" in out

    def test_a_folder_audits_facts_files_and_notes_the_rule_files(self, tmp_path: Path) -> None:
        """small_facts copies its indicator and weights files beside it: noted, not read."""
        facts = facts_with_scores(tmp_path, execution="9.31")
        report = audit_paths([tmp_path])
        assert [s.file for s in report.sheets] == [str(facts)]
        assert [f.code for f in report.findings] == ["A103"]
        assert sorted(Path(s.file).name for s in report.skipped) == [
            "small-indicators.yaml",
            "small-weights.yaml",
        ]
        assert report.unreadable == ()

    def test_shipped_rule_files_and_a_table_beside_are_skipped(self, tmp_path: Path) -> None:
        """department-common.yaml declares its facts under 'facts:': still no facts file."""
        root = Path(__file__).resolve().parent.parent
        facts = facts_with_scores(tmp_path)
        for name in ("indicators/department-common.yaml", "weights/national-project.yaml"):
            (tmp_path / Path(name).name).write_bytes((root / name).read_bytes())
        (tmp_path / "t.yaml").write_text("rows:\n  - unit: 甲\n", encoding="utf-8")
        report = audit_paths([tmp_path])
        assert [s.file for s in report.sheets] == [str(facts)]
        reasons = {Path(s.file).name: s.reason.text("en") for s in report.skipped}
        assert reasons["department-common.yaml"] == "an indicator file, not a sheet or facts file"
        assert reasons["national-project.yaml"] == "a weights file, not a sheet or facts file"
        assert reasons["t.yaml"] == "a table for scoring batch, not a sheet or facts file"
        assert report.unreadable == ()

    def test_a_broken_facts_file_is_unreadable_and_the_others_go_on(self, tmp_path: Path) -> None:
        good = facts_with_scores(tmp_path)
        bad = tmp_path / "bad.yaml"
        bad.write_text(good.read_text(encoding="utf-8").replace("year: 2023", "year: 20x3"))
        report = audit_paths([good, bad])
        assert len(report.sheets) == 1
        (unread,) = report.unreadable
        assert unread.file == str(bad)
        assert report.status == 2


class TestOwnReports:
    """A report written into the audited folder is skipped on the next run, with a note."""

    def sheet(self, folder: Path) -> Path:
        rows, merged = sh.project_rows()
        rows[12][7] = 20  # 维修道路长度: the rule gives 18.8 (A103)
        return sh.write_xlsx(folder / "表.xlsx", rows, merged)

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_skipped_with_a_note(
        self, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.sheet(tmp_path)
        report = tmp_path / f"复核.{fmt}"
        assert main(["audit", str(tmp_path), "--format", fmt, "-o", str(report)]) == 1
        capsys.readouterr()
        assert main(["audit", str(tmp_path), "--format", "json", "--lang", "en"]) == 1
        doc = json.loads(capsys.readouterr().out)
        assert doc["unreadable"] == []
        assert [s["file"] for s in doc["sheets"]] == [str(tmp_path / "表.xlsx")]
        assert doc["skipped"] == [
            {"file": str(report), "reason": "a report written by scoring audit, not a sheet"}
        ]

    def test_the_text_report_lists_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("SCORING_LANG")
        self.sheet(tmp_path)
        report = tmp_path / "复核.xlsx"
        assert main(["audit", str(tmp_path), "--format", "xlsx", "-o", str(report)]) == 1
        assert main(["audit", str(tmp_path)]) == 1
        out = capsys.readouterr().out
        assert f"{report}：已跳过：这是 scoring audit 写出的复核报告，不是自评表" in out

    def test_a_monitoring_report_too(self, tmp_path: Path) -> None:
        root = Path(__file__).resolve().parent.parent
        self.sheet(tmp_path)
        june = root / "examples" / "yueyang-education-2023-june.yaml"
        report = tmp_path / "监控.xlsx"
        assert main(["monitor", str(june), "--format", "xlsx", "-o", str(report)]) == 0
        audited = audit_paths([tmp_path])
        assert [(s.file, s.reason.text("en")) for s in audited.skipped] == [
            (str(report), "a monitoring report written by scoring monitor, not a sheet")
        ]
        assert audited.unreadable == ()

    def test_a_sheet_written_by_scoring_score_is_still_a_sheet(self, tmp_path: Path) -> None:
        """scoring score -o 表.xlsx writes a sheet to hand in: it is audited, not skipped."""
        facts = small_facts(tmp_path)
        out = tmp_path / "out"
        out.mkdir()
        assert main(["score", str(facts), "--format", "xlsx", "-o", str(out / "表.xlsx")]) == 0
        report = audit_paths([out])
        assert (report.skipped, report.unreadable) == ((), ())
        # Its figures follow; 86.2% ≥ 100% and 34.16% ≥ 35% are missed with no 偏差原因.
        assert [f.code for f in report.findings] == ["A112", "A112"]


class TestBatchTables:
    """A CSV of scoring batch's in the audited folder is said to be one and skipped."""

    def test_results_and_a_table_to_score_are_skipped(self, tmp_path: Path) -> None:
        facts = facts_with_scores(tmp_path)
        root = Path(__file__).resolve().parent.parent
        table = root / "docs" / "examples" / "units-2023.csv"
        (tmp_path / "units.csv").write_bytes(table.read_bytes())
        # The same table with Chinese head names, saved by Excel on Chinese Windows.
        chinese = table.read_text(encoding="utf-8").replace("unit,year,", "单位,年度,", 1)
        (tmp_path / "单位.csv").write_bytes(chinese.encode("gb18030"))
        results = tmp_path / "results.csv"
        args = ["batch", str(table), "--indicators", "department-common", "education-sports"]
        assert main([*args, "--weights", "yueyang-education", "-o", str(results)]) == 2
        report = audit_paths([tmp_path])
        assert [s.file for s in report.sheets] == [str(facts)]
        reasons = {Path(s.file).name: s.reason.text("en") for s in report.skipped}
        assert reasons["results.csv"] == "results written by scoring batch, not a sheet"
        assert reasons["units.csv"] == "a table for scoring batch, not a sheet or facts file"
        assert reasons["单位.csv"] == "a table for scoring batch, not a sheet or facts file"
        assert report.unreadable == ()

    def test_the_columns_are_the_ones_batch_writes(self) -> None:
        assert BATCH_RESULT_COLUMNS == HEAD_COLUMNS


class TestFactsFilesTheRulesCannotScore:
    """A facts file its rules cannot score is never passed over as checked."""

    def _missing(self, folder: Path, scores: str = "") -> Path:
        """docs/examples/small-facts-missing.yaml (budget, authorized_posts and the
        key-university rate left out) in ``folder``, with ``scores`` appended."""
        copy_rules(folder)
        root = Path(__file__).resolve().parent.parent
        text = (root / "docs" / "examples" / "small-facts-missing.yaml").read_text("utf-8")
        path = folder / "missing.yaml"
        path.write_text(text + scores, encoding="utf-8")
        return path

    def test_without_self_scores_it_is_not_audited_in_any_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Once a note of exit 0 and no CSV row: now a file not read, as a sheet that cannot
        be read is, in the text, the CSV and JSON alike, and exit 2."""
        facts = self._missing(tmp_path)
        report = audit_paths([facts])
        assert report.sheets == ()
        (unread,) = report.unreadable
        assert unread.file == str(facts)
        (problem,) = unread.problems
        said = problem.text("en")
        assert said.startswith(f"{facts}:6:1: missing facts: budget (for budget_execution_rate)")
        assert report.status == 2
        assert main(["--lang", "zh", "audit", str(facts), "--format", "csv"]) == 2
        rows = capsys.readouterr().out.splitlines()
        assert rows[1].startswith(f",无法读取,{facts},,,,{facts}:6:1: 缺少事实：budget")
        assert main(["audit", str(facts), "--format", "json"]) == 2
        doc = json.loads(capsys.readouterr().out)
        assert [u["file"] for u in doc["unreadable"]] == [str(facts)]

    def test_a_self_score_its_rules_cannot_recompute_is_a199_at_its_line(
        self, tmp_path: Path
    ) -> None:
        """Each self-scored row lacking a fact was left out unchecked (no finding, exit 0)."""
        facts = self._missing(
            tmp_path,
            "self_scores:\n  staff_control_rate: 5\n  budget_execution_rate: 8.62\n",
        )
        report = audit_paths([facts])
        assert [(f.code, f.cell) for f in report.findings] == [
            ("A199", f"{facts}:{line_of(facts, 'staff_control_rate: 5')}"),
            ("A199", f"{facts}:{line_of(facts, 'budget_execution_rate: 8.62')}"),
        ]
        said = report.findings[1].message.text("en")
        assert said.startswith("预算执行率 cannot be recomputed: ")
        assert "missing facts: budget (for budget_execution_rate)" in said
        assert report.status == 1


class TestEveryFileOfAFolder:
    """Every file of an audited folder is in every output: audited, not read, or skipped."""

    def test_the_files_that_are_no_sheets_are_listed_with_why(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rows, merged = sh.project_rows()
        sheet = sh.write_xlsx(tmp_path / "甲.xlsx", rows, merged)
        (tmp_path / "乙自评表.pdf").write_bytes(b"%PDF-1.4")
        (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        (tmp_path / "._甲.xlsx").write_bytes(b"\x00\x05\x16\x07")  # macOS's AppleDouble
        (tmp_path / "__MACOSX").mkdir()
        (tmp_path / "__MACOSX" / "._甲.xlsx").write_bytes(b"\x00\x05\x16\x07")
        report = audit_paths([tmp_path])
        # The ._ copy was read as a sheet: 'not an .xlsx or .xls workbook', exit status 2.
        assert (report.unreadable, [s.file for s in report.sheets]) == ((), [str(sheet)])
        assert [(Path(k.file).name, k.reason.text("en")) for k in report.skipped] == [
            (".DS_Store", "a hidden file, not a sheet"),
            ("._甲.xlsx", "macOS metadata of 甲.xlsx (a ._ file), not a sheet"),
            ("__MACOSX", "a folder of macOS metadata (__MACOSX), not looked into"),
            ("乙自评表.pdf", "not a sheet (.pdf file), not read"),
        ]
        assert report.status == 1  # 甲's A112: the skipped files change nothing
        assert main(["--lang", "zh", "audit", str(tmp_path), "--format", "csv"]) == 1
        rows_out = capsys.readouterr().out.splitlines()
        assert (
            rows_out[-1]
            == f",已跳过,{tmp_path / '乙自评表.pdf'},,,,不是自评表（.pdf 文件），未读取,"
        )
        assert len(rows_out) == 1 + 1 + 4  # the header, 甲's finding, the files skipped
