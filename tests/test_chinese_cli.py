"""What a Chinese clerk reads on the command line: errors, hints, help, the validate report.

Run in-process through ``scoring.cli.app.main`` with SCORING_LANG unset (the
test suite sets it to en), so that the messages are the default Chinese.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest

from scoring.cli.app import main
from scoring.cli.helptext import wrap
from scoring.files.documents import Encoding

COMMANDS = (
    "score",
    "explain",
    "compare",
    "sensitivity",
    "validate",
    "batch",
    "import",
    "init",
    "audit",
    "monitor",
)
# Three or more English words in a row: a sentence left untranslated.
ENGLISH = re.compile(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b")

FACTS = """\
unit: 某单位
year: 2024
indicators: [department-common, department-output-effect]
weights: yueyang-department
facts:
  spending: 1,234
  budget: 12%
"""


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCORING_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "80")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # --help
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.usefixtures("chinese")
class TestChineseMessages:
    def test_bad_numbers_are_explained_in_chinese(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each bad number is one Chinese line with its place and a Chinese hint."""
        facts = tmp_path / "2024.yaml"
        facts.write_text(FACTS, encoding="utf-8")
        status, out, err = run(capsys, "score", str(facts))
        assert status == 2
        assert out == ""
        lines = err.splitlines()
        assert lines == [
            f"scoring: 错误：{facts}:6:13: 事实 'spending' 必须是数字：'1,234' 带有千位分隔符"
            "（提示：请写不带分隔符的数字 1234）",
            f"scoring: 错误：{facts}:7:11: 事实 'budget' 必须是数字：'12%' 带有 % 号"
            "（提示：请写纯数字 12；单位在指标上设定）",
        ]

    def test_an_unknown_profile_and_missing_facts_leave_no_english(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        facts = tmp_path / "2024.yaml"
        facts.write_text(
            FACTS.replace("yueyang-department", "yueyang-dept").split("  spending")[0]
            + "  staff_in_post: 81\n",
            encoding="utf-8",
        )
        status, _, err = run(capsys, "score", str(facts))
        assert status == 2
        assert "没有权重方案文件 'yueyang-dept'" in err or "没有" in err
        assert ENGLISH.findall(err) == []
        status, out, _ = run(capsys, "validate", str(facts))
        assert status == 2
        assert ENGLISH.findall(out) == []
        assert out.splitlines()[-1].startswith("已检查 1 个文件：")

    def test_validate_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """validate --format json: each problem with its file, line, column and hint."""
        facts = tmp_path / "2024.yaml"
        facts.write_text(FACTS, encoding="utf-8")
        status, out, _ = run(capsys, "validate", str(facts), "--format", "json")
        assert status == 2
        report = json.loads(out)
        assert report["ok"] is False
        assert report["errors"] == 2
        first = report["problems"][0]
        assert (first["file"], first["line"], first["column"]) == (str(facts), 6, 13)
        assert first["severity"] == "error"
        assert first["hint"] == "请写不带分隔符的数字 1234"


@pytest.mark.usefixtures("chinese")
class TestHelp:
    @pytest.mark.parametrize("command", COMMANDS)
    def test_help_is_chinese_fits_80_columns_and_ends_with_examples(
        self, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, _ = run(capsys, command, "--help")
        assert status == 0
        lines = out.rstrip("\n").splitlines()
        assert max(cells(line) for line in lines) <= 80, out
        start = lines.index("示例：")
        examples = lines[start + 1 :]
        assert 2 <= len(examples) <= 3
        assert all(line.startswith("  scoring ") for line in examples)
        assert "%%" not in out
        assert "选项：" in lines  # a heading ends with a full-width colon, as Chinese writes it
        assert ENGLISH.findall("\n".join(lines[:start])) == []

    def test_help_names_the_shipped_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "explain", "--help")
        assert "自带的指标文件：department-common, department-output-effect" in out
        assert "自带的权重方案：national-project, yueyang-department, yueyang-education" in out


class TestWrap:
    def test_chinese_is_cut_at_the_edge_not_at_an_early_space(self) -> None:
        """Ten wide characters fill 20 columns; the space after 写入文件 is not the cut."""
        assert wrap("写入文件 FILE（原子写入：要么完整写入）", 20) == [
            "写入文件 FILE（原子",
            "写入：要么完整写入）",
        ]

    def test_no_line_starts_with_a_closing_mark(self) -> None:
        """15 characters fill 30 columns; the ：after them takes 因 down with it."""
        assert wrap("超额完成到多少时需要写偏差原因：本次运行", 30) == [
            "超额完成到多少时需要写偏差原",
            "因：本次运行",
        ]

    def test_an_english_word_is_not_cut(self) -> None:
        assert wrap("use yueyang-department here", 20) == ["use", "yueyang-department", "here"]


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yueyang-education-2023.yaml"


@pytest.mark.usefixtures("chinese")
class TestNoInternalIds:
    def test_csv_checklist_cell_counts_the_items_met(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The example meets all three items of 管理制度健全性: the cell reads 3/3 项, as text."""
        status, out, _ = run(capsys, "score", str(EXAMPLE), "--format", "csv")
        assert status == 0
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
        value = rows[0].index("实际完成值")
        row = next(r for r in rows if r[0] == "management_rules_soundness")
        assert row[value] == "3/3 项"
        assert "exists" not in row[value]

    def test_assumed_facts_are_named_by_their_chinese_names(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """budget and budget_adjustment are declared 预算数 and 预算调整数 in department-common."""
        _, out, _ = run(capsys, "score", str(EXAMPLE))
        assert "  ※ 预算调整率：假设的数据：预算数、预算调整数" in out.splitlines()
        assert "budget_adjustment" not in out

    def test_a_project_is_titled_as_a_project(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        facts = tmp_path / "p.yaml"
        status, _, _ = run(
            capsys, "init", "--project", "--unit", "某某项目", "--year", "2024", "-o", str(facts)
        )
        assert status == 0
        text = re.sub(r"value: *#.*", "value: 100", facts.read_text(encoding="utf-8"))
        facts.write_text(text, encoding="utf-8")
        status, out, err = run(capsys, "score", str(facts))
        assert status == 0, err
        assert out.splitlines()[0] == "某某项目 2024 年度项目支出绩效自评"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.usefixtures("chinese")
class TestConventions:
    def test_a_dash_reads_the_facts_from_standard_input(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The facts file read from standard input: its errors are placed at
        <stdin>:line:column (-:6:13 read as a typo)."""
        monkeypatch.setattr("sys.stdin", _Stdin(FACTS.encode("utf-8")))
        status, _, err = run(capsys, "score", "-")
        assert status == 2
        assert err.splitlines()[0].startswith(
            "scoring: 错误：<stdin>:6:13: 事实 'spending' 必须是数字"
        )

    def test_quiet_keeps_errors_only(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fraction where a percent is meant warns; --quiet drops the warning, not the output."""
        facts = tmp_path / "2024.yaml"
        run(capsys, "init", "--project", "--unit", "某项目", "--year", "2024", "-o", str(facts))
        text = re.sub(r"value: *#.*", "value: 1", facts.read_text(encoding="utf-8"))
        facts.write_text(text, encoding="utf-8")
        _, out, err = run(capsys, "score", str(facts))
        # The row by its Chinese name (project-common's output_quality_rate), not its id.
        assert "警告：'质量达标率' 为 1%，年度指标值为 ≥100%" in err
        assert "output_quality_rate" not in err
        status, quiet_out, quiet_err = run(capsys, "score", str(facts), "--quiet")
        assert (status, quiet_out, quiet_err) == (0, out, "")

    def test_set_before_facts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--set staff_in_post=80 FACTS: FACTS has no '=', so it is the facts file."""
        status, out, err = run(capsys, "score", "--set", "staff_in_post=80", str(EXAMPLE))
        assert status == 0, err
        assert out.splitlines()[0] == "比较：原值 → 假设 staff_in_post = 80"

    def test_indicators_before_facts_says_to_put_facts_first(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, _, err = run(capsys, "score", "--indicators", "department-common", str(EXAMPLE))
        assert status == 2
        assert "缺少必需的参数：FACTS" in err
        assert "请把事实文件写在前面" in err

    def test_encoding_gb18030_reads_the_facts_and_writes_the_csv(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        facts = tmp_path / "2024.yaml"
        facts.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
        out_csv = tmp_path / "2024.csv"
        args = ("score", str(facts), "--format", "csv", "-o", str(out_csv))
        status, _, err = run(capsys, *args, "--encoding", "gb18030")
        assert (status, err) == (0, "")  # no warning: the encoding was given
        data = out_csv.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert "管理制度健全性" in data.decode("gb18030")
        status, _, err = run(capsys, *args[:2], "--encoding", "utf-8")
        assert status == 2
        assert f"{facts}:" in err
        assert "文件不是 UTF-8 文本" in err

    def test_encoding_applies_however_the_path_is_spelled(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--encoding utf-8 refuses a GB18030 file named ./2024.yaml as it does 2024.yaml
        (it used to apply to the spelling given only, and the file was read as GB18030)."""
        (tmp_path / "2024.yaml").write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
        monkeypatch.chdir(tmp_path)
        for spelled in ("./2024.yaml", "2024.yaml", str(tmp_path / "2024.yaml")):
            status, _, err = run(capsys, "score", spelled, "--encoding", "utf-8")
            assert status == 2, spelled
            assert "文件不是 UTF-8 文本" in err

    def test_encoding_applies_to_the_files_of_a_folder(self, tmp_path: Path) -> None:
        """audit FOLDER --encoding gb18030: the folder's files are read in GB18030."""
        Encoding.use("gb18030", [str(tmp_path / "sheets")])
        try:
            assert Encoding.of(tmp_path / "sheets" / "a" / "b.csv") == "gb18030"
            assert Encoding.of(tmp_path / "sheets") == "gb18030"
            assert Encoding.of(tmp_path / "other.csv") is None
            assert Encoding.of("-") is None
        finally:
            Encoding.use(None, [])


@pytest.mark.usefixtures("chinese")
class TestSetByChineseName:
    def test_a_fact_is_set_by_its_chinese_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """在职人员数 is staff_in_post (department-common): 80 of 85 posts is 94.12%."""
        status, out, err = run(capsys, "score", str(EXAMPLE), "--set", "在职人员数=80")
        assert status == 0, err
        row = next(line for line in out.splitlines() if line.startswith("在职人员控制率"))
        assert row.split() == [
            "在职人员控制率",
            "5.00",
            "5.00",
            "0",
            "实际完成值",
            "95.29%",
            "→",
            "94.12%",
        ]


@pytest.mark.usefixtures("chinese")
class TestYamlSyntax:
    def test_pyyamls_words_are_put_in_chinese(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A tab where YAML wants spaces: PyYAML's English problem is said in Chinese."""
        facts = tmp_path / "2024.yaml"
        facts.write_text("unit: 某单位\nfacts:\n\tstaff_in_post: 81\n", encoding="utf-8")
        status, _, err = run(capsys, "score", str(facts))
        assert status == 2
        assert err == (
            f"scoring: 错误：{facts}:3:1: YAML 语法错误：出现了制表符，YAML 不允许用它缩进"
            "（提示：请用空格缩进；YAML 不允许使用制表符）\n"
        )

    def test_text_with_a_comma_is_text_not_a_number_with_a_comma(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """init without --year leaves 待填写（年度，如 2024）: words, not a number with a comma."""
        facts = tmp_path / "p.yaml"
        run(capsys, "init", "--project", "--unit", "某项目", "-o", str(facts))
        status, _, err = run(capsys, "score", str(facts))
        assert status == 2
        year = next(line for line in err.splitlines() if "'year'" in line)
        assert year.endswith("事实文件中的 'year' 必须是数字（提示：这里填的是文字）")


@pytest.mark.usefixtures("chinese")
class TestLangBeforeTheCommand:
    """``scoring --lang en COMMAND``: the language asked for sets the output as well as the
    messages, as ``COMMAND --lang en`` does (the command's own default must not win)."""

    EXAMPLE = str(Path(__file__).parent.parent / "examples" / "yueyang-education-2023.yaml")
    ENGLISH_TITLE = "Yueyang City Education and Sports Bureau: 2023 budget performance"
    CHINESE_TITLE = "岳阳市教育体育局 2023 年度部门整体支出绩效自评"

    @pytest.mark.parametrize(
        "args",
        [["--lang", "en", "score", EXAMPLE], ["--lang=en", "score", EXAMPLE],
         ["score", EXAMPLE, "--lang", "en"]],
    )  # fmt: skip
    def test_english_report(self, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, *args)
        assert status == 0
        assert out.startswith(self.ENGLISH_TITLE)

    def test_without_it_the_report_is_chinese(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SCORING_LANG=en sets the messages alone: a clerk's output stays Chinese."""
        assert run(capsys, "score", self.EXAMPLE)[1].startswith(self.CHINESE_TITLE)
        monkeypatch.setenv("SCORING_LANG", "en")
        assert run(capsys, "score", self.EXAMPLE)[1].startswith(self.CHINESE_TITLE)
        assert run(capsys, "--lang", "zh", "score", self.EXAMPLE)[1].startswith(self.CHINESE_TITLE)

    def test_audit_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        folder = str(Path(__file__).parent.parent / "docs" / "examples")
        _, out, _ = run(capsys, "--lang", "en", "audit", folder)
        assert "nothing to compare: the facts file has no self_scores" in out
        assert "没有可核对的得分" not in out


# A Chinese character (or closing quote or bracket) followed by an ASCII colon.
ASCII_COLON_AFTER_CHINESE = re.compile(r"[\u3400-\u9fff\uff00-\uffef”）]: ")


@pytest.mark.usefixtures("chinese")
class TestFullWidthColons:
    """Chinese labels end in the full-width colon (：), as 评分表： does; English keeps ': '."""

    def test_text_total_subtotals_and_assumptions(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example: total 99.88 of 100, 优; 投入 15 of 15; 预算调整率 rests on 预算数 and
        预算调整数 (both assumed in the facts file)."""
        status, out, _ = run(capsys, "score", str(EXAMPLE))
        assert status == 0
        lines = out.splitlines()
        assert "总分：99.88 / 100    等级：优" in lines
        assert "  投入：15.00 / 15" in lines
        assert "    预算配置：15.00 / 15" in lines
        assert "  ※ 预算调整率：假设的数据：预算数、预算调整数" in lines
        assert [line for line in lines if ASCII_COLON_AFTER_CHINESE.search(line)] == []

    def test_markdown_total_and_assumptions(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "score", str(EXAMPLE), "--format", "markdown")
        assert status == 0
        lines = out.splitlines()
        assert "**总分：99.88 / 100**，等级：**优**" in lines
        assert "- ※ 预算调整率：假设的数据：预算数、预算调整数" in lines
        assert [line for line in lines if ASCII_COLON_AFTER_CHINESE.search(line)] == []

    def test_english_is_unchanged(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "score", str(EXAMPLE), "--lang", "en")
        lines = out.splitlines()
        assert "Total: 99.88 / 100    Grade: excellent" in lines
        assert "  Input: 15.00 / 15" in lines
        _, out, _ = run(capsys, "score", str(EXAMPLE), "--lang", "en", "--format", "markdown")
        assert "**Total: 99.88 / 100**, Grade: **excellent**" in out.splitlines()
