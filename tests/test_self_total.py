"""score SHEET says where the sheet's own 总分 and 得分 are not what the rules give, in every
format, and says nothing where they agree to the cent.

The department sheet (sheets_helpers.department_rows) prints 举办文化活动场次 28 of 30 and
总分 96. By the rule, 36 场 of a target of 40 场 earns 36 / 40 × 30 = 27.00, and the total
is 27 + 20 + 20 + 18 + 10 = 95.00: the sheet is 1 higher on the row and on the total.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import sheets_helpers as sh
from silent_cases import cli

TOTAL_ZH = "表中总分 96，与按规则计算的总分 95.00 不同，表中多 1 分。"
TOTAL_EN = "The sheet's total is 96; the rules give 95.00: 1 more on the sheet."
ROW_ZH = "表中自评得分 28，与计算得分 27.00 不同，表中多 1 分"


def department(tmp_path: Path, total: object = 96, name: str = "d.csv") -> Path:
    rows, _ = sh.department_rows()
    rows[-1][6] = total  # the 合计 row's 自评得分
    return sh.write_csv(tmp_path / name, rows)


def project(tmp_path: Path, total: object = 93.88, road: object = 18.8) -> Path:
    """The project sheet: 93.88 is its rows' computed total (8.62 + 18.80 + 14.70 + 10 +
    4.76 + 27 + 10), 18.8 its 维修道路长度 (250 ÷ 266 × 20 = 18.797 → 18.80)."""
    rows, _ = sh.project_rows()
    rows[19][7] = total
    rows[12][7] = road
    return sh.write_csv(tmp_path / "p.csv", rows)


def score(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    code, out, err = cli(["score", *args], capsys)
    assert code == 0, err
    return out, err


class TestEveryFormat:
    def test_text(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out, _ = score(capsys, str(department(tmp_path)))
        lines = out.split("\n")
        assert lines[3] == "总分：95.00 / 100    等级：优"
        assert lines[4] == TOTAL_ZH
        assert lines[5] == ""
        assert ROW_ZH in out

    def test_english(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out, _ = score(capsys, str(department(tmp_path)), "--lang", "en")
        assert TOTAL_EN in out
        assert "the sheet says 28, computed 27.00: 1 more on the sheet" in out

    def test_markdown(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out, _ = score(capsys, str(department(tmp_path)), "--format", "markdown")
        assert f"\n\n{TOTAL_ZH}\n\n| 一级指标" in out
        assert ROW_ZH in out

    def test_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out, _ = score(capsys, str(department(tmp_path)), "--format", "json")
        doc = json.loads(out)
        assert (doc["total"], doc["self_total"], doc["self_total_difference"]) == (95, 96, 1)
        rows = {r["id"]: r for r in doc["indicators"]}
        assert (rows["row_6"]["self_score"], rows["row_6"]["self_score_difference"]) == (28, 1)
        assert "self_score_difference" not in rows["row_7"]

    def test_csv(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out, _ = score(capsys, str(department(tmp_path)), "--format", "csv")
        table = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        # The five rows, 说明性指标 under 群众满意度 (no 分值), and 总分.
        assert [r["表中得分"] for r in table] == ["28", "", "", "", "", "", "96"]
        assert ROW_ZH in table[0]["说明"]
        last = table[-1]
        assert (last["一级指标"], last["分值"], last["得分"]) == ("总分", "100", "95.00")
        assert last["说明"] == TOTAL_ZH

    def test_html(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out, _ = score(capsys, str(department(tmp_path)), "--format", "html")
        assert f"<p>{TOTAL_ZH}</p>" in out
        assert f"<p>举办文化活动场次：{ROW_ZH}。</p>" in out

    def test_xlsx(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "out.xlsx"
        score(capsys, str(department(tmp_path)), "--format", "xlsx", "-o", str(target))
        texts = [c for row in openpyxl.load_workbook(target).active.values for c in row if c]
        assert f"注：{TOTAL_ZH}" in texts
        assert f"举办文化活动场次：{ROW_ZH}。" in texts


class TestExact:
    @pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "html"])
    def test_nothing_when_they_agree(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        """93.88 and 18.8 are the computed 93.88 and 18.80: nothing is said, in any format."""
        out, _ = score(capsys, str(project(tmp_path)), "--format", fmt)
        assert "表中总分" not in out
        assert "表中自评得分" not in out
        assert "表中得分" not in out

    def test_agreeing_json_has_the_figure_and_no_difference(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        doc = json.loads(score(capsys, str(project(tmp_path)), "--format", "json")[0])
        assert doc["self_total"] == 93.88
        assert "self_total_difference" not in doc

    def test_a_fraction_of_a_cent_agrees(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """93.884 is 93.88 to the cent; 93.874 is 93.87, 0.006 short of 93.88."""
        out, _ = score(capsys, str(project(tmp_path, total="93.884")))
        assert "表中总分" not in out
        out, _ = score(capsys, str(project(tmp_path, total="93.874")))
        assert "表中总分 93.874，与按规则计算的总分 93.88 不同，表中少 0.006 分。" in out

    def test_a_row_below_the_rules(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """18.5 for 维修道路长度, which earns 18.80: 0.3 less on the sheet."""
        out, _ = score(capsys, str(project(tmp_path, total=93.58, road=18.5)))
        assert "表中自评得分 18.5，与计算得分 18.80 不同，表中少 0.3 分" in out
        assert "表中总分 93.58，与按规则计算的总分 93.88 不同，表中少 0.3 分。" in out

    def test_a_total_typed_with_its_unit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out, err = score(capsys, str(department(tmp_path, total="96分")))
        assert TOTAL_ZH in out
        assert err == ""


class TestNoFigure:
    def test_no_total_cell(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A 合计 row with its 自评得分 left empty: nothing to compare, nothing said."""
        out, err = score(capsys, str(department(tmp_path, total=None)))
        assert "表中总分" not in out
        assert err == ""
        doc = json.loads(
            score(capsys, str(department(tmp_path, total=None)), "--format", "json")[0]
        )
        assert "self_total" not in doc

    def test_a_total_in_words_is_said_at_its_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out, err = score(capsys, str(department(tmp_path, total="九十六")), "--lang", "zh")
        assert "表中总分" not in out
        assert "d.csv:G12: 警告：总分 '九十六' 不是数字：表中总分未与按规则计算的总分核对" in err

    def test_a_formula_without_its_result(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SUM over the 自评得分 saved by a program that does not calculate: no figure to
        compare; the warning names the cell and says to save it in Excel or WPS."""
        pytest.importorskip("openpyxl")
        rows, merged = sh.department_rows()
        path = sh.write_xlsx(tmp_path / "d.xlsx", rows, merged)
        sh.with_formulas(path, {"G12": ("=SUM(G6:G11)", None)})
        out, err = score(capsys, str(path), "--lang", "zh")
        assert "表中总分" not in out
        assert (
            "d.xlsx:自评表!G12: 警告：总分是公式，但文件中没有保存它的计算结果：表中总分未" in err
        )
        assert "（提示：用 Excel 或 WPS 打开并保存一次" in err


class TestKept:
    def test_import_keeps_the_total(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The facts file scoring import writes says self_total: 96, and scores alike."""
        sheet = department(tmp_path)
        code, _, err = cli(["import", str(sheet), "-o", str(tmp_path / "y")], capsys)
        assert code == 0, err
        facts = tmp_path / "y" / "facts.yaml"
        assert "\nself_total: 96  # the clerk's own 总分, not scored\n" in facts.read_text("utf-8")
        from_yaml, _ = score(capsys, str(facts))
        assert TOTAL_ZH in from_yaml

    def test_a_facts_file_total_must_be_a_number(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        root = Path(__file__).resolve().parent.parent / "docs" / "examples"
        text = (root / "small-facts.yaml").read_text("utf-8")
        path = tmp_path / "f.yaml"
        path.write_text(
            text.replace("small-indicators.yaml", str(root / "small-indicators.yaml")).replace(
                "small-weights.yaml", str(root / "small-weights.yaml")
            )
            + "self_total: 十八\n",
            encoding="utf-8",
        )
        code, out, err = cli(["score", str(path), "--lang", "zh"], capsys)
        assert (code, out) == (2, "")
        assert "f.yaml:30:13: self_total（表中总分）必须是数字" in err
