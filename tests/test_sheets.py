"""Reading the clerk's own self-evaluation sheet: layouts, cells, errors, profiles.

The expected points are worked by hand from the national rules (财预〔2020〕10号
notes; docs/rules.md): ≥ targets proportional (actual ÷ target × 分值), ≤
targets reverse (target ÷ actual × 分值), = equal, a deadline met or not, words
scored by the evaluator within the band, budget execution = 全年执行数 ÷
全年预算数 × 分值. Rows are rounded half-up to 2 decimals and the total is the
sum of the rounded rows.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import sheets_helpers as sh
from scoring.cli.app import main
from scoring.core.engine import score
from scoring.core.errors import ScoringError
from scoring.core.model import Judgement, Op, ProvenanceKind
from scoring.files.audit import audit_paths
from scoring.files.sheets.cells import CellError, parse_target_cell
from scoring.files.sheets.reader import read_sheet

ROOT = Path(__file__).resolve().parent.parent
D = Decimal

# 维修道路长度 250 / 266 × 20 = 18.797 → 18.80; 验收合格率 98 / 100 × 15 = 14.70;
# 完工时间 8月 ≤ 9月 → 10; 维修成本 200 / 210 × 5 = 4.7619 → 4.76; 通行条件改善:
# the evaluator's 27; 群众满意度 95 ≥ 90 → 10; 预算执行率 37.24 / 43.2 × 10 = 8.6204 → 8.62.
PROJECT_POINTS = {
    "budget_execution_rate": D("8.62"),
    "row_13": D("18.80"),
    "row_15": D("14.70"),
    "row_16": D("10.00"),
    "row_17": D("4.76"),
    "row_18": D("27.00"),
    "row_19": D("10.00"),
}
# 举办文化活动场次 36 / 40 × 30 = 27; 开放天数 = 300 → 20; 事故 0 ≤ 0 → 20;
# 公共文化服务水平: the evaluator's 18; 满意度 92 ≥ 90 → 10.
DEPARTMENT_POINTS = {
    "row_6": D("27.00"),
    "row_7": D("20.00"),
    "row_8": D("20.00"),
    "row_9": D("18.00"),
    "row_10": D("10.00"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    rows, merged = sh.project_rows()
    return sh.write_xlsx(tmp_path / "项目自评表.xlsx", rows, merged)


@pytest.fixture
def department(tmp_path: Path) -> Path:
    rows, merged = sh.department_rows()
    return sh.write_xlsx(tmp_path / "部门自评表.xlsx", rows, merged)


def points_of(path: Path, **options: object) -> tuple[dict[str, Decimal], Decimal]:
    read = read_sheet(path, **options)  # type: ignore[arg-type]
    card = score(read.indicators, read.weights, read.facts)
    return {row.id: row.points for row in card.rows}, card.total


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def with_cell(rows: sh.Rows, ref: str, value: object) -> sh.Rows:
    """``rows`` with the cell at ``ref`` (``F13``) replaced."""
    row, column = sh._cell(ref)
    copy = [list(r) for r in rows]
    copy[row][column] = value
    return copy


class TestProjectLayout:
    def test_points_and_total(self, project: Path) -> None:
        """Each row scores by its national default rule; the total is the sum of the rows."""
        points, total = points_of(project)
        assert points == PROJECT_POINTS
        assert total == D("93.88")

    def test_rows_read(self, project: Path) -> None:
        """Levels, names, points and rules are read; 一级 / 二级 merged cells are inherited."""
        read = read_sheet(project)
        rows = {i.id: i for i in read.indicators}
        assert [(rows[i].level1, rows[i].level2, rows[i].name) for i in ("row_13", "row_15")] == [
            ("产出指标", "数量指标", "维修道路长度"),
            ("产出指标", "质量指标", "验收合格率"),
        ]
        assert {i: rows[i].rule.kind for i in rows} == {
            "budget_execution_rate": "budget_execution",
            "row_13": "proportional",
            "row_15": "proportional",
            "row_16": "met",
            "row_17": "reverse",
            "row_18": "qualitative",
            "row_19": "proportional",
        }
        assert read.weights.points == {
            "budget_execution_rate": 10,
            "row_13": 20,
            "row_15": 15,
            "row_16": 10,
            "row_17": 5,
            "row_18": 30,
            "row_19": 10,
        }
        assert (rows["row_17"].target.op, rows["row_17"].target.value) == (Op.LE, 200)
        assert rows["row_17"].unit == "万元"
        assert read.facts.unit == "城区道路维修"
        assert read.facts.year == 2023

    def test_budget_on_the_adjusted_budget(self, project: Path) -> None:
        """Budget execution is on 全年预算数 (43.2), not 年初预算数 (40), and says so."""
        facts = read_sheet(project).facts.facts
        assert facts["budget"].value == D("43.2")
        assert facts["spending"].value == D("37.24")
        provenance = facts["budget"].provenance
        assert provenance is not None
        assert provenance.kind is ProvenanceKind.SHEET
        assert provenance.text.startswith("自评表!D6")
        assert "全年预算数" in provenance.text
        assert "年初预算数 40" in provenance.text

    def test_sub_rows_and_funds_lines_are_information(self, project: Path) -> None:
        """The 其中 row and the funds block's 其中 lines are kept, not scored."""
        read = read_sheet(project)
        assert "row_14" not in read.weights.points
        info = "\n".join(read.facts.information)
        sub_row = "其中：主干道（其中项，不计分）：年度指标值 ≥100米，实际完成值 120米"
        assert f"{sub_row}〔自评表!D14〕" in info
        assert "其中：当年财政拨款（资金明细，不单独计分）" in info
        assert "主管部门：某市交通运输局〔自评表!B4〕" in info

    def test_each_fact_names_its_cell(self, project: Path) -> None:
        """Every fact and target records the cell it was read from."""
        read = read_sheet(project)
        assert read.facts.facts["row_13"].provenance is not None
        assert read.facts.facts["row_13"].provenance.text == "自评表!F13"
        assert read.facts.targets["row_13"].provenance is not None
        assert read.facts.targets["row_13"].provenance.text == "自评表!E13"

    def test_bare_target_is_at_least_and_says_so(self, project: Path) -> None:
        """``100%`` with no operator is read as ≥100%, and the provenance states the assumption."""
        setting = read_sheet(project).facts.targets["row_15"]
        assert (setting.target.op, setting.target.value) == (Op.GE, 100)
        assert setting.provenance is not None
        assert "未写比较符号，按“≥”理解" in setting.provenance.text

    def test_words_are_the_evaluators_score(self, project: Path) -> None:
        """A target in words is scored by the evaluator: the band from 得分 27 of 30 = 90%."""
        fact = read_sheet(project).facts.facts["row_18"]
        assert fact.value == Judgement("达成年度指标", D(27))
        assert fact.provenance is not None
        assert "90% 归入“达成年度指标”" in fact.provenance.text

    def test_clerks_scores_kept(self, project: Path) -> None:
        """The 得分 column is kept by indicator id, as the clerk wrote it."""
        scores = read_sheet(project).facts.self_scores
        assert scores["row_13"] == D("18.8")
        assert scores["budget_execution_rate"] == D("8.62")

    def test_reasons_read(self, project: Path) -> None:
        """偏差原因分析及改进措施 become the facts' reasons."""
        assert read_sheet(project).facts.reasons == {
            "row_13": "两处路段延期",
            "row_17": "材料涨价",
        }


class TestDepartmentLayout:
    def test_points_and_total(self, department: Path) -> None:
        """The header on row 5, under a title, 填报单位 and 单位：万元, is found and scored."""
        points, total = points_of(department)
        assert points == DEPARTMENT_POINTS
        assert total == D("95.00")

    def test_synonyms_and_merged_levels(self, department: Path) -> None:
        """权重 / 指标值 / 全年实际值 / 自评得分 are read; merged 一级 / 二级 are inherited down."""
        read = read_sheet(department)
        levels = {i.id: (i.level1, i.level2) for i in read.indicators}
        assert levels == {
            "row_6": ("产出", "数量"),
            "row_7": ("产出", "数量"),
            "row_8": ("产出", "质量"),
            "row_9": ("效益", "社会效益"),
            "row_10": ("效益", "社会效益"),
        }
        assert read.facts.unit == "某县文化旅游局"
        assert read.facts.reasons == {"row_6": "疫情停办4场"}
        assert read.facts.self_scores["row_6"] == 28

    def test_row_without_points_is_information(self, department: Path) -> None:
        """A row with no 分值 is listed as information, not scored."""
        read = read_sheet(department)
        assert "row_11" not in read.weights.points
        assert any("说明性指标（未设分值，不计分）" in line for line in read.facts.information)

    def test_clerks_score_shown_where_it_differs(
        self, department: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text output shows the sheet's 28 beside the computed 27.00, and only there."""
        status, out, _ = cli(capsys, "score", str(department))
        assert status == 0
        assert "表中得分" in out
        line = next(x for x in out.splitlines() if x.startswith("产出      数量      举办"))
        assert line.split()[-2:] == ["27.00", "28"]
        assert "表中自评得分 28，与计算得分 27.00 不同" in out
        other = next(x for x in out.splitlines() if "图书馆开放天数" in x and "20.00" in x)
        assert other.split()[-1] == "20.00"


class TestFormats:
    def test_xls(self, tmp_path: Path) -> None:
        """An Excel 97-2003 .xls of the same sheet gives the same points."""
        rows, merged = sh.project_rows()
        path = sh.write_xls(tmp_path / "sheet.xls", rows, merged)
        assert points_of(path) == (PROJECT_POINTS, D("93.88"))

    def test_xls_department(self, tmp_path: Path) -> None:
        """.xls merged ranges are inherited down as in .xlsx."""
        rows, merged = sh.department_rows()
        path = sh.write_xls(tmp_path / "sheet.xls", rows, merged)
        assert points_of(path) == (DEPARTMENT_POINTS, D("95.00"))

    def test_csv(self, tmp_path: Path) -> None:
        """A CSV export (no merged cells: levels written once, blanks below) scores the same."""
        rows, _ = sh.project_rows()
        path = sh.write_csv(tmp_path / "自评表.csv", rows)
        assert points_of(path) == (PROJECT_POINTS, D("93.88"))
        read = read_sheet(path)
        assert read.facts.facts["row_13"].provenance is not None
        assert read.facts.facts["row_13"].provenance.text == "自评表!F13"

    def test_percent_formatted_cell(self, tmp_path: Path) -> None:
        """A number shown with a % format (0.98 shown as 98%) is 98 percent."""
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        assert read_sheet(path).facts.facts["row_15"].value == 98

    def test_equals_typed_as_a_formula(self, tmp_path: Path) -> None:
        """=100% typed into Excel becomes a formula; it is read as the target =100%."""
        import openpyxl  # noqa: PLC0415

        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        book = openpyxl.load_workbook(path)
        book.active["E15"] = "=100%"  # a formula, with no cached value in the file
        book.save(path)
        target = read_sheet(path).facts.targets["row_15"].target
        assert (target.op, target.value) == (Op.EQ, 100)


class TestTargetCells:
    @pytest.mark.parametrize(
        ("text", "op", "value", "unit"),
        [
            ("≥95%", Op.GE, 95, "%"),
            (">=95%", Op.GE, 95, "%"),
            ("≤200万元", Op.LE, 200, "万元"),
            ("=100%", Op.EQ, 100, "%"),
            ("≥266米", Op.GE, 266, "米"),
            ("不低于95%", Op.GE, 95, "%"),
            ("95%以上", Op.GE, 95, "%"),
            ("200万元以内", Op.LE, 200, "万元"),
            ("≥ 100 场", Op.GE, 100, "场"),
            ("9月前", Op.LE, 9, "月"),
            ("9月底前", Op.LE, 9, "月"),
            ("2023年9月底前完成", Op.LE, 9, "月"),
        ],
    )
    def test_read(self, text: str, op: Op, value: int, unit: str) -> None:
        """Operators as symbols or words, a unit after the number, deadlines."""
        read = parse_target_cell(text)
        assert (read.target.op, read.target.value, read.target.unit) == (op, value, unit)
        assert read.assumed_op is None

    def test_bare_number_at_least_unless_lower_is_better(self) -> None:
        """A bare number is ≥, or ≤ for a lower-is-better row, and the assumption is recorded."""
        assert parse_target_cell("100%").assumed_op is Op.GE
        assert parse_target_cell("200万元", lower_is_better=True).target.op is Op.LE

    @pytest.mark.parametrize("text", ["达成年度指标", "好", "较好"])
    def test_words(self, text: str) -> None:
        """A target without a number is words: the row is qualitative."""
        read = parse_target_cell(text)
        assert read.kind == "words"
        assert not read.target.numeric

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (">95%", "strict comparison"),
            ("1,200万元", "thousands separator"),
            ("≥abc", "cannot read the target"),
            ("", "is empty"),
            ("13月前", "a month is 1 to 12"),
        ],
    )
    def test_refused(self, text: str, message: str) -> None:
        """What cannot be read without guessing is refused, with a hint."""
        with pytest.raises(CellError, match=message) as info:
            parse_target_cell(text)
        assert info.value.hint


class TestLocatedErrors:
    def errors(self, tmp_path: Path, *changes: tuple[str, object]) -> list[str]:
        rows, merged = sh.project_rows()
        for ref, value in changes:
            rows = with_cell(rows, ref, value)
        path = sh.write_xlsx(tmp_path / "自评表.xlsx", rows, merged)
        with pytest.raises(ScoringError) as info:
            read_sheet(path)
        return [p.line() for p in info.value.problems]

    def test_bad_actual_value(self, tmp_path: Path) -> None:
        """A word where a number is needed names its cell: FILE:自评表!F13."""
        lines = self.errors(tmp_path, ("F13", "基本完成"))
        assert len(lines) == 1
        assert lines[0].startswith(f"{tmp_path / '自评表.xlsx'}:自评表!F13: ")
        assert "'基本完成' is not a number" in lines[0]
        assert "(hint: " in lines[0]

    def test_every_bad_cell_listed(self, tmp_path: Path) -> None:
        """All bad cells are reported together, in sheet order."""
        lines = self.errors(tmp_path, ("F13", "基本完成"), ("E15", ">98%"), ("G16", "十"))
        cells = [line.split(": ")[0].rsplit("!", 1)[1] for line in lines]
        assert cells == ["F13", "E15", "G16"]

    def test_unit_mismatch(self, tmp_path: Path) -> None:
        """An actual value in another unit than its target is an error, not converted."""
        lines = self.errors(tmp_path, ("F17", "2100000元"))
        assert "'万元'" in lines[0]
        assert "自评表!F17" in lines[0]

    def test_a_unit_where_the_target_has_none(self, tmp_path: Path) -> None:
        """It said the target's unit was ''."""
        lines = self.errors(tmp_path, ("E13", "≥266"))
        assert lines == [
            f"{tmp_path / '自评表.xlsx'}:自评表!F13: the achieved value '250米' is in '米' but"
            " the target '≥266' has no unit (hint: write the unit in both, or in neither)"
        ]

    def test_words_without_a_score(self, tmp_path: Path) -> None:
        """A qualitative row with an empty 得分 is an error at the 得分 cell."""
        lines = self.errors(tmp_path, ("H18", None))
        assert "自评表!H18" in lines[0]
        assert "得分 is empty" in lines[0]

    def test_funds_total_left_at_zero(self, tmp_path: Path) -> None:
        """A 全年预算数 of 0 with its 其中 lines filled is refused, naming their sum."""
        lines = self.errors(tmp_path, ("D6", 0))
        assert "自评表!D6" in lines[0]
        assert "add up to 43.2" in lines[0]

    def test_points_not_adding_up(self, tmp_path: Path) -> None:
        """分值 that do not add up to the 总分 row's 100 are an error at that row."""
        lines = self.errors(tmp_path, ("G13", 25))
        assert any("add up to 105, not 100" in line and "自评表!G20" in line for line in lines)

    def test_points_not_adding_up_name_a_row_without_points(self, tmp_path: Path) -> None:
        """完工时间's 分值 left empty makes it a row of information: the error names it
        (10 + 20 + 15 + 5 + 30 + 10 = 90), and so does the audit's A101."""
        lines = self.errors(tmp_path, ("G16", None))
        assert lines == [
            f"{tmp_path / '自评表.xlsx'}:自评表!G20: the 分值 of the scored rows add up to 90, not"
            " 100; rows without 分值 are read as information, not scored: 自评表!G16 完工时间"
            " (hint: correct the 分值 so that they add up to the full score; the full score is"
            " the 总分 row's 分值, or 100)"
        ]
        (a101,) = [f for f in audit_paths([tmp_path / "自评表.xlsx"]).findings if f.code == "A101"]
        assert a101.message.text("zh").endswith(
            "以下行没有分值，作为信息读取，不计分：自评表!G16 完工时间"
        )

    def test_no_year(self, tmp_path: Path) -> None:
        """A sheet that does not say its year is refused with a hint to write it."""
        lines = self.errors(tmp_path, ("A2", "（年度）"))
        assert "does not say its year" in lines[0]

    def test_cli_exit_2_without_traceback(self, tmp_path: Path) -> None:
        """The command line prints the located error and exits 2."""
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", with_cell(rows, "F13", "基本完成"), merged)
        result = subprocess.run(
            [sys.executable, "-m", "scoring", "score", str(path)],
            capture_output=True,
            cwd=ROOT,
            check=False,
            timeout=60,
        )
        err = result.stderr.decode()
        assert result.returncode == 2
        assert err.startswith(f"scoring: error: {path}:自评表!F13: ")
        assert "Traceback" not in err

    def test_operator_in_actual_warns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """≥266米 typed as the achieved value is read as 266, with a located warning."""
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", with_cell(rows, "F13", "≥266米"), merged)
        status, out, err = cli(capsys, "score", str(path))
        assert status == 0
        assert f"{path}:自评表!F13: warning: 实际完成值 is written with an operator" in err
        assert "维修道路长度 266 米 ≥ 266 米" in out


class TestProfiles:
    def test_indicator_file_rule_by_name(self, project: Path, tmp_path: Path) -> None:
        """A row named like an indicator of a named file takes its rule (and id).

        维修成本 210 against ≤200 by the linear reverse rule: (1 − 10 / 200) × 5 = 4.75.
        """
        rules = tmp_path / "province.yaml"
        rules.write_text(
            "id: province\nname: 省指标\nindicators:\n"
            "  - {id: repair_cost, name: 维修成本, level1: 产出指标, level2: 成本指标,\n"
            "     unit: 万元, target: '<= 200', rule: {kind: reverse, variant: linear}}\n",
            encoding="utf-8",
        )
        from scoring.files.inputs import load_input  # noqa: PLC0415

        case = load_input(project, indicators=[str(rules)])
        card = score(case.indicators, case.weights, case.facts)
        assert card.row("repair_cost").points == D("4.75")
        assert card.total == D("93.87")
        assert str(rules) in [s.path for s in case.rule_files]

    def test_weights_profile_settings(self, project: Path, tmp_path: Path) -> None:
        """A named weights profile's rounding applies: rows to 1 decimal add up to 93.9.

        8.6204 → 8.6, 18.797 → 18.8, 14.7, 10, 4.7619 → 4.8, 27, 10: 93.9.
        """
        weights = tmp_path / "w.yaml"
        weights.write_text(
            "id: one-decimal\nname: 一位小数\ndecimals: 1\n"
            "categories: [{name: x, points: 100, groups: [{name: x, points: 100}]}]\n"
            "points: {x: 100}\n",
            encoding="utf-8",
        )
        from scoring.files.inputs import load_input  # noqa: PLC0415

        case = load_input(project, weights=str(weights))
        card = score(case.indicators, case.weights, case.facts)
        assert card.total == D("93.9")


class TestOutput:
    def test_cells_cited_in_place_of_a_quote(
        self, project: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each row's explanation is followed by the cells its numbers were read from."""
        status, out, _ = cli(capsys, "score", str(project))
        assert status == 0
        assert "来源：实际完成值 自评表!F13；年度指标值 自评表!E13" in out
        assert "表中不计分的信息" in out

    def test_json_keeps_cells_scores_and_information(
        self, project: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The JSON output has each row's sheet cells and self-score, and the information."""
        import json  # noqa: PLC0415

        status, out, _ = cli(capsys, "score", str(project), "--format", "json")
        assert status == 0
        doc = json.loads(out)
        row = next(r for r in doc["indicators"] if r["id"] == "row_13")
        assert row["sheet_cells"] == [
            {"what": "", "cell": "自评表!F13"},
            {"what": "target", "cell": "自评表!E13"},
        ]
        assert row["self_score"] == 18.8
        assert any("主干道" in line for line in doc["information"])

    def test_same_bytes_twice(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Scoring the same sheet twice gives the same output, byte for byte."""
        first = cli(capsys, "score", str(project))
        second = cli(capsys, "score", str(project))
        assert first == second


PROVINCE_RULES = (
    "id: province\nname: 省指标\nindicators:\n"
    "  - {id: repair_cost, name: 维修成本, level1: 产出指标, level2: 成本指标,\n"
    "     unit: 万元, target: '<= 200', rule: {kind: reverse, variant: linear}}\n"
)
ONE_DECIMAL = (
    "id: one-decimal\nname: 一位小数\ndecimals: 1\n"
    "over_achievement: {flag_at: 150}\n"
    "categories: [{name: x, points: 100, groups: [{name: x, points: 100}]}]\n"
    "points: {x: 100}\n"
)


class TestImport:
    def test_writes_files_that_score_the_same(
        self, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The facts file written scores exactly as the sheet does: same output, byte for byte."""
        folder = tmp_path / "2023"
        status, out, _ = cli(capsys, "import", str(project), "-o", str(folder))
        assert status == 0
        assert sorted(p.name for p in folder.iterdir()) == [
            "facts.yaml",
            "indicators.yaml",
            "weights.yaml",
        ]
        assert f"scoring score {folder / 'facts.yaml'}" in out
        from_sheet = cli(capsys, "score", str(project))
        from_yaml = cli(capsys, "score", str(folder / "facts.yaml"))
        assert from_yaml == from_sheet
        json_sheet = cli(capsys, "score", str(project), "--format", "json")[1]
        json_yaml = cli(capsys, "score", str(folder / "facts.yaml"), "--format", "json")[1]
        assert _without_hash(json_yaml) == _without_hash(json_sheet)
        # The sheet to hand in, header block and sign-off included, is the same file.
        for source, out_name in ((project, "a.xlsx"), (folder / "facts.yaml", "b.xlsx")):
            target = tmp_path / out_name
            assert main(["score", str(source), "--format", "xlsx", "-o", str(target)]) == 0
        assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()

    def test_files_are_what_a_user_writes(self, project: Path, tmp_path: Path) -> None:
        """Plain keys, targets as written in YAML, each value's cell, comments naming rows."""
        folder = tmp_path / "out"
        assert main(["import", str(project), "-o", str(folder)]) == 0
        facts = (folder / "facts.yaml").read_text(encoding="utf-8")
        assert '  row_13:  # 维修道路长度\n    value: 250\n    sheet: "自评表!F13"\n' in facts
        assert '    target: ">= 100%"\n' in facts
        assert "未写比较符号" in facts
        assert "self_scores:" in facts
        assert "information:" in facts
        indicators = (folder / "indicators.yaml").read_text(encoding="utf-8")
        assert "    rule: reverse\n" in indicators
        assert "    rule: qualitative\n" in indicators
        weights = (folder / "weights.yaml").read_text(encoding="utf-8")
        assert "  row_13: 20  # 自评表!G13\n" in weights

    def test_validate_finds_nothing(
        self, department: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """scoring validate passes the folder written."""
        folder = tmp_path / "out"
        assert main(["import", str(department), "-o", str(folder)]) == 0
        status, out, _ = cli(capsys, "validate", str(folder))
        assert status == 0, out
        assert "no problems" in out

    def test_profiles_copied(self, project: Path, tmp_path: Path) -> None:
        """A named indicator file's rule and a weights profile's settings are written out."""
        rules = tmp_path / "province.yaml"
        rules.write_text(PROVINCE_RULES, encoding="utf-8")
        weights = tmp_path / "w.yaml"
        weights.write_text(ONE_DECIMAL, encoding="utf-8")
        folder = tmp_path / "out"
        args = ["import", str(project), "-o", str(folder)]
        assert main([*args, "--indicators", str(rules), "--weights", str(weights)]) == 0
        indicators = (folder / "indicators.yaml").read_text(encoding="utf-8")
        assert "  - id: repair_cost\n" in indicators
        assert "    rule: {kind: reverse, variant: linear}\n" in indicators
        text = (folder / "weights.yaml").read_text(encoding="utf-8")
        assert "decimals: 1\n" in text
        assert "over_achievement: {flag_at: 150}\n" in text
        from scoring.files.case import load_case  # noqa: PLC0415

        case = load_case(folder / "facts.yaml")
        card = score(case.indicators, case.weights, case.facts)
        # 8.6, 18.8, 14.7, 10, (1 − 10 / 200) × 5 = 4.75 → 4.8, 27, 10.
        assert card.row("repair_cost").points == D("4.8")
        assert card.total == D("93.9")

    def test_nothing_overwritten(
        self, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder that already has one of the files is refused; a file for -o too."""
        folder = tmp_path / "out"
        folder.mkdir()
        (folder / "facts.yaml").write_text("mine\n", encoding="utf-8")
        status, _, err = cli(capsys, "import", str(project), "-o", str(folder))
        assert status == 2
        assert "already has facts.yaml" in err
        assert (folder / "facts.yaml").read_text(encoding="utf-8") == "mine\n"
        assert not (folder / "indicators.yaml").exists()
        status, _, err = cli(capsys, "import", str(project), "-o", str(folder / "facts.yaml"))
        assert status == 2
        assert "not a folder" in err

    def test_bad_sheet_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A sheet with a bad cell is reported, located, and no file is written."""
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", with_cell(rows, "F13", "基本完成"), merged)
        status, _, err = cli(capsys, "import", str(path), "-o", str(tmp_path / "out"))
        assert status == 2
        assert f"{path}:自评表!F13" in err
        assert not (tmp_path / "out").exists()


def _without_hash(text: str) -> str:
    """A JSON document without its rules hash (the sheet's bytes are hashed, not YAML's)."""
    import json  # noqa: PLC0415

    doc = json.loads(text)
    doc.pop("rules_sha256")
    return json.dumps(doc, ensure_ascii=False)


class TestWorkbook:
    def test_first_sheet_with_a_table(self, tmp_path: Path) -> None:
        """A cover sheet before the table is skipped; --sheet names a sheet, or is refused."""
        import openpyxl  # noqa: PLC0415

        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "book.xlsx", rows, merged)
        book = openpyxl.load_workbook(path)
        cover = book.create_sheet("封面", 0)
        cover["A1"] = "2023年度绩效自评材料"
        book.save(path)
        assert points_of(path) == (PROJECT_POINTS, D("93.88"))
        assert points_of(path, sheet="自评表")[1] == D("93.88")
        with pytest.raises(ScoringError, match="no sheet '附表'") as info:
            read_sheet(path, sheet="附表")
        assert "封面、自评表" in str(info.value.hint)


CHECKLIST_RULES = (
    "id: province\nname: 省指标\nindicators:\n"
    "  - id: systems\n    name: 通行条件改善\n    level1: 效益指标\n    level2: 社会效益指标\n"
    "    target: 三项全部达到\n"
    "    rule:\n      kind: checklist\n      items:\n"
    "        - {id: a, name: 路面平整}\n        - {id: b, name: 标线清晰}\n"
    "        - {id: c, name: 排水通畅}\n"
)


class TestNamedOutcomes:
    def test_checklist_items_from_the_cell(self, tmp_path: Path) -> None:
        """A checklist row (from an indicator file) reads the items met, separated by 、.

        Two of three equal items met: 2 / 3 × 30 = 20.
        """
        rules = tmp_path / "rules.yaml"
        rules.write_text(CHECKLIST_RULES, encoding="utf-8")
        rows, merged = sh.project_rows()
        rows = with_cell(with_cell(rows, "E18", "三项全部达到"), "F18", "路面平整、排水通畅")
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        from scoring.files.inputs import load_input  # noqa: PLC0415

        case = load_input(path, indicators=[str(rules)])
        card = score(case.indicators, case.weights, case.facts)
        assert case.facts.facts["systems"].value == ("路面平整", "排水通畅")
        assert card.row("systems").points == D("20.00")

    def test_unknown_item_located(self, tmp_path: Path) -> None:
        """An item the checklist does not have is an error at its cell, listing the items."""
        rules = tmp_path / "rules.yaml"
        rules.write_text(CHECKLIST_RULES, encoding="utf-8")
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", with_cell(rows, "F18", "2/3 项"), merged)
        from scoring.files.inputs import load_input  # noqa: PLC0415

        with pytest.raises(ScoringError) as info:
            load_input(path, indicators=[str(rules)])
        line = info.value.problems[0].line()
        assert f"{path}:自评表!F18" in line
        assert "路面平整、标线清晰、排水通畅" in line


class TestValidate:
    def test_bad_cells_reported(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """scoring validate SHEET lists every bad cell and warning, located, and exits 2."""
        rows, merged = sh.project_rows()
        rows = with_cell(with_cell(rows, "F13", "基本完成"), "F19", "≥95%")
        path = sh.write_xlsx(tmp_path / "s.xlsx", rows, merged)
        status, out, _ = cli(capsys, "validate", str(path))
        assert status == 2
        assert f"{path}:自评表!F13: error: the achieved value '基本完成'" in out
        assert "checked 1 file: 1 error, 0 warnings" in out

    def test_warning_alone_passes(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An achieved value typed with an operator is a warning: reported, exit 0."""
        rows, merged = sh.project_rows()
        path = sh.write_xlsx(tmp_path / "s.xlsx", with_cell(rows, "F19", "≥95%"), merged)
        status, out, _ = cli(capsys, "validate", str(path))
        assert status == 0
        assert f"{path}:自评表!F19: warning: 实际完成值 is written with an operator" in out


class TestSheetInfo:
    def test_header_funds_and_sign_off(self, project: Path) -> None:
        """项目名称, 主管部门, 实施单位, the funds lines, the goal and the sign-off are read."""
        info = read_sheet(project).facts.sheet
        assert info is not None
        assert (info.project, info.department, info.implementer) == (
            "城区道路维修",
            "某市交通运输局",
            "某市公路事务中心",
        )
        assert info.funds is not None
        total = info.funds.total
        assert (total.initial, total.adjusted, total.executed) == (40, D("43.2"), D("37.24"))
        assert [line.name for line in info.funds.of_which] == [
            "当年财政拨款",
            "上年结转资金",
            "其他资金",
        ]
        assert (info.goal, info.achieved) == ("完成城区道路维修", "已完成")
        assert (info.filled_by, info.phone, info.date) == ("张三", "0000", "2024年3月1日")


class TestRoundTrip:
    @pytest.mark.parametrize("fixture", ["project", "department"])
    def test_sheet_written_and_read_back(
        self, fixture: str, request: pytest.FixtureRequest, tmp_path: Path
    ) -> None:
        """A sheet read, scored, written as the official xlsx and read again: the same points.

        Both reads go through the same national default rules, so every row and
        the total must agree; the rows are matched by name.
        """
        from scoring.cli.app import case_meta  # noqa: PLC0415
        from scoring.files.inputs import load_input  # noqa: PLC0415
        from scoring.rendering import render_bytes  # noqa: PLC0415

        path: Path = request.getfixturevalue(fixture)
        case = load_input(path)
        card = score(case.indicators, case.weights, case.facts)
        written = tmp_path / "written.xlsx"
        written.write_bytes(render_bytes(card, "xlsx", "zh", case_meta(case)))
        again = load_input(written)
        card_again = score(again.indicators, again.weights, again.facts)
        assert {r.indicator.name: r.points for r in card_again.rows} == {
            r.indicator.name: r.points for r in card.rows
        }
        assert card_again.total == card.total
        assert again.facts.year == case.facts.year
        assert again.facts.unit == case.facts.unit
        if case.facts.sheet is not None:
            assert again.facts.sheet is not None
            assert again.facts.sheet.project == case.facts.sheet.project
            assert again.facts.sheet.funds == case.facts.sheet.funds
