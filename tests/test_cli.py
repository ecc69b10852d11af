"""The command line, run as a user runs it: `python -m scoring score ...` in a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        capture_output=True,
        cwd=cwd or ROOT,
        check=False,
        timeout=60,
    )


@cache
def example(*options: str) -> str:
    """The scored example's output with ``options``, checked to exit 0 with nothing on stderr."""
    result = run("score", str(EXAMPLE), *options)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    return result.stdout.decode("utf-8")


def cells_wide(text: str) -> int:
    """Terminal cells ``text`` takes: two for a wide or full-width character."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def at_cell(line: str, cell: int) -> str | None:
    """The character that starts at terminal cell ``cell`` of ``line``, or None if none does."""
    position = 0
    for char in line:
        if position == cell:
            return char
        if position > cell:
            return None
        position += cells_wide(char)
    return " " if position == cell else None


class TestText:
    def test_total_grade_and_rows(self) -> None:
        """The text output gives the total out of 100, the grade and every row."""
        out = example()
        assert "总分：99.88 / 100" in out
        assert "等级：优" in out
        assert "在职人员控制率 = 81 ÷ 85 × 100 = 95.29%" in out
        assert out.count("\n 21. ") == 1
        assert "※" in out

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_columns_aligned_with_chinese_text(self, lang: str) -> None:
        """Every column starts (or, for numbers, ends) at the same terminal cell on every line."""
        lines = example("--lang", lang).splitlines()
        header_at = next(i for i, line in enumerate(lines) if line.startswith("-----")) - 1
        header = lines[header_at]
        end = next(i for i in range(header_at + 2, len(lines)) if lines[i].startswith("-----"))
        body = lines[header_at + 2 : end]
        assert len(body) == 25
        labels = re.findall(r"\S+(?: \S+)*", header)
        starts = [cells_wide(header[: header.index(lab)]) for lab in labels]
        ends = [s + cells_wide(lab) for s, lab in zip(starts, labels, strict=True)]
        numeric = {3, 6}  # 分值 and 得分 are right-aligned
        for line in body:
            for col in range(len(labels)):
                if col in numeric:
                    assert at_cell(line, ends[col] - 1) not in (None, " "), (line, col)
                    assert at_cell(line, ends[col]) == " ", (line, col)
                else:
                    assert at_cell(line, starts[col]) not in (None, " "), (line, col)
                    if col:
                        assert at_cell(line, starts[col] - 1) == " ", (line, col)

    def test_english(self) -> None:
        """--lang en gives English labels, grade and explanations."""
        out = example("--lang", "en")
        assert "Total: 99.88 / 100" in out
        assert "Grade: excellent" in out
        assert "Key-university admission-line rate: 34.16% is below the target 35%" in out
        assert "总分" not in out


class TestJson:
    def test_documented_keys(self) -> None:
        """The JSON has every documented top-level key, with the example's values."""
        doc = json.loads(example("--format", "json"))
        for key in ("schema_version", "scoring_version", "rules_sha256", "unit", "year"):
            assert key in doc
        assert doc["schema_version"] == 1
        assert re.fullmatch(r"[0-9a-f]{64}", doc["rules_sha256"])
        assert doc["unit"] == "岳阳市教育体育局"
        assert doc["year"] == 2023
        assert doc["total"] == 99.88
        assert doc["full_score"] == 100
        assert doc["grade"] == "优"
        assert [c["name"] for c in doc["categories"]] == ["投入", "过程", "产出", "效果"]

    def test_indicator_keys(self) -> None:
        """Each indicator has the documented keys, explanation in zh and en."""
        doc = json.loads(example("--format", "json"))
        assert len(doc["indicators"]) == 25
        for row in doc["indicators"]:
            for key in (
                "id",
                "name",
                "category",
                "value",
                "target",
                "rule",
                "max_points",
                "points",
            ):
                assert key in row, key
            assert set(row["explanation"]) == {"zh", "en"}
        key = next(r for r in doc["indicators"] if r["id"] == "key_university_rate")
        assert key["value"] == 34.16
        assert key["target"] == "≥35%"
        assert key["rule"] == "proportional"
        assert key["max_points"] == 5
        assert key["points"] == 4.88
        assert key["category"] == "效果"

    def test_points_add_up(self) -> None:
        """The indicators' points add up to the total, the categories' too."""
        doc = json.loads(example("--format", "json"))
        cents = round(sum(r["points"] for r in doc["indicators"]) * 100)
        assert cents == round(doc["total"] * 100)
        assert round(sum(c["points"] for c in doc["categories"]) * 100) == cents

    def test_language_does_not_change_json(self) -> None:
        """The JSON holds both languages, so --lang does not change it."""
        assert example("--format", "json") == example("--format", "json", "--lang", "en")


class TestChecklistCell:
    def test_actual_column_counts_the_items_met(self) -> None:
        """A checklist row's 实际完成值 is the count of items met, not their ids."""
        row = next(line for line in example().splitlines() if "管理制度健全性" in line)
        assert "3/3 项" in row
        assert "exists" not in row
        en = next(line for line in example("--lang", "en").splitlines() if "Soundness" in line)
        assert "3 of 3 items" in en


class TestSheetName:
    def test_english_output_names_the_sheet_in_english(self) -> None:
        """With --lang en the scoring sheet's English name is shown; JSON carries both names."""
        assert "Scoring sheet: Yueyang department-wide scoring sheet, education and sports" in (
            example("--lang", "en")
        )
        profile = json.loads(example("--format", "json"))["profile"]
        assert profile["name"] == "岳阳市部门整体支出绩效评价评分表（教育体育局）"
        assert (
            profile["name_en"]
            == "Yueyang department-wide scoring sheet, education and sports bureau"
        )


class TestMarkdown:
    def test_sheet_columns(self) -> None:
        """The table has the sheet's columns, 一级 to 说明."""
        lines = example("--format", "markdown").splitlines()
        header = next(line for line in lines if line.startswith("| 一级"))
        columns = [c.strip() for c in header.strip("|").split("|")]
        assert [c[:2] for c in columns[:3]] == ["一级", "二级", "三级"]
        assert columns[3:] == ["分值", "年度指标值", "实际完成值", "得分", "说明"]

    def test_every_row_has_every_column(self) -> None:
        """Each of the 25 rows and the total row has 8 cells; 特控线上线率 earns 4.88 of 5."""
        lines = [
            line
            for line in example("--format", "markdown").splitlines()
            if line.startswith("| ") and not line.startswith("| 一级")
        ]
        assert len(lines) == 26
        for line in lines:
            assert len(re.split(r"(?<!\\)\|", line.strip())[1:-1]) == 8, line
        key = next(line for line in lines if "特控线上线率" in line.split("|")[3])
        cells = [c.strip() for c in key.strip("|").split("|")]
        assert cells[3:7] == ["5", "≥35%", "34.16%", "4.88※"]


class TestBadInput:
    def check_error(self, result: subprocess.CompletedProcess[bytes], pattern: str) -> str:
        err = result.stderr.decode("utf-8")
        assert result.returncode == 2, err
        assert result.stdout == b""
        assert "Traceback" not in err
        assert err.startswith("scoring: error: ")
        assert re.search(pattern, err), err
        return err

    def test_missing_file(self, tmp_path: Path) -> None:
        """A facts file that does not exist: exit 2, the file named, no traceback."""
        self.check_error(run("score", "nope.yaml", cwd=tmp_path), r"nope\.yaml: cannot read file")

    def test_misspelt_file_in_chinese(self, tmp_path: Path) -> None:
        """A misspelt facts file: said in Chinese (not the system's English), with the
        file beside it whose name is one letter off."""
        (tmp_path / "yueyang-education-2023.yaml").write_text("unit: x\n", "utf-8")
        typo = "yueyang-educaton-2023.yaml"
        result = subprocess.run(
            [sys.executable, "-m", "scoring", "--lang", "zh", "score", typo],
            capture_output=True,
            cwd=tmp_path,
            check=False,
            timeout=60,
        )
        assert result.returncode == 2
        assert result.stderr.decode("utf-8") == (
            "scoring: 错误：yueyang-educaton-2023.yaml: 无法读取文件：文件不存在"
            "（提示：是不是 'yueyang-education-2023.yaml'？）\n"
        )

    def test_missing_file_in_a_file(self, tmp_path: Path) -> None:
        """A path through a file (a.yaml/b.yaml) says so, in English with --lang en."""
        (tmp_path / "a.yaml").write_text("unit: x\n", "utf-8")
        self.check_error(
            run("score", "a.yaml/b.yaml", cwd=tmp_path),
            r"^scoring: error: a\.yaml/b\.yaml: cannot read file: a part of the path is a"
            r" file, not a folder \(hint: check the path\)\n$",
        )

    def test_yaml_syntax_error(self, tmp_path: Path) -> None:
        """Broken YAML: exit 2 with file:line:col."""
        (tmp_path / "bad.yaml").write_text("unit: x\nyear: 2023\nfacts: {a: 1\n", "utf-8")
        self.check_error(
            run("score", "bad.yaml", cwd=tmp_path), r"bad\.yaml:4:1: YAML syntax error"
        )

    def test_unknown_key(self, tmp_path: Path) -> None:
        """A misspelt key: exit 2 with file:line:col and a did-you-mean."""
        (tmp_path / "bad.yaml").write_text("unit: x\nyeer: 2023\nfacts: {a: 1}\n", "utf-8")
        err = self.check_error(
            run("score", "bad.yaml", cwd=tmp_path), r"bad\.yaml:2:1: unknown key 'yeer'"
        )
        assert "did you mean 'year'?" in err

    def test_missing_fact(self, tmp_path: Path) -> None:
        """The example without staff_in_post and spending: both named at once, exit 2."""
        text = EXAMPLE.read_text("utf-8")
        for name in ("staff_in_post", "spending"):
            text = re.sub(rf"\n  {name}:\n    value: [^\n]+\n    quote: [^\n]+", "", text)
        (tmp_path / "facts.yaml").write_text(text, "utf-8")
        # At the 'facts:' key, where they would go, not at 1:1.
        line = text.splitlines().index("facts:") + 1
        err = self.check_error(
            run("score", "facts.yaml", cwd=tmp_path), rf"facts\.yaml:{line}:1: missing facts: "
        )
        assert "spending (for budget_execution_rate)" in err
        assert "staff_in_post (for staff_control_rate)" in err

    def test_unknown_shipped_name(self, tmp_path: Path) -> None:
        """--weights with a name nothing ships: exit 2, listing the shipped names."""
        err = self.check_error(
            run("score", str(EXAMPLE), "--weights", "yueyang-nowhere", cwd=tmp_path),
            r"no weights file 'yueyang-nowhere'",
        )
        assert "yueyang-education" in err

    def test_usage_error(self) -> None:
        """An unknown format is a usage error: exit 2."""
        result = run("score", str(EXAMPLE), "--format", "pdf")
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr


class TestShippedNames:
    def test_names_resolve_from_any_directory(self, tmp_path: Path) -> None:
        """A facts file naming shipped files by name scores from an unrelated directory."""
        text = EXAMPLE.read_text("utf-8")
        (tmp_path / "facts.yaml").write_text(text, "utf-8")
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        result = run("score", str(tmp_path / "facts.yaml"), cwd=elsewhere)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout.decode("utf-8") == example()

    def test_names_given_on_the_command_line(self, tmp_path: Path) -> None:
        """--indicators and --weights take shipped names, whatever the working directory."""
        result = run(
            "score",
            str(EXAMPLE),
            "--indicators",
            "department-common",
            "education-sports",
            "--weights",
            "yueyang-education",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout.decode("utf-8") == example()


class TestReproducible:
    @pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
    def test_byte_identical_across_runs(self, fmt: str) -> None:
        """Two runs give the same bytes."""
        again = run("score", str(EXAMPLE), "--format", fmt)
        assert again.returncode == 0
        assert again.stdout == example("--format", fmt).encode("utf-8")


class TestCsvEncoding:
    """--encoding gb18030 writes every CSV in GB18030 without a BOM, as the help says."""

    def gb18030_copy(self, tmp_path: Path, name: str) -> Path:
        path = tmp_path / name
        path.write_bytes((ROOT / "examples" / name).read_text("utf-8").encode("gb18030"))
        return path

    def test_monitor(self, tmp_path: Path) -> None:
        """scoring monitor --format csv: its header id,一级指标 in GB18030 (it was UTF-8)."""
        facts = self.gb18030_copy(tmp_path, "yueyang-education-2023-june.yaml")
        result = run("monitor", str(facts), "--format", "csv", "--encoding", "gb18030", "-q")
        assert result.returncode == 0, result.stderr.decode()
        # 一 is D2BB in GB18030, 级 BCB6.
        assert result.stdout.startswith(b"id,\xd2\xbb\xbc\xb6")

    def test_audit(self, tmp_path: Path) -> None:
        """scoring audit --format csv: its header 代码,严重程度 in GB18030 (it was UTF-8)."""
        facts = self.gb18030_copy(tmp_path, "yueyang-education-2023.yaml")
        result = run("audit", str(facts), "--format", "csv", "--encoding", "gb18030", "-q")
        assert result.returncode in (0, 1), result.stderr.decode()
        assert result.stdout.startswith("代码,严重程度,".encode("gb18030"))
        assert not result.stdout.startswith(b"\xef\xbb\xbf")

    @pytest.mark.parametrize(("command", "writes_csv"), [("score", True), ("explain", False)])
    def test_help_says_so_only_where_a_csv_is_written(self, command: str, writes_csv: bool) -> None:
        """explain writes no CSV: its --encoding help does not promise one."""
        result = run(command, "--help")
        assert (b"of a CSV written" in result.stdout.replace(b"\n" + b" " * 24, b" ")) is writes_csv


class TestMidYearFile:
    def test_score_of_a_june_file_points_to_monitor(self) -> None:
        """The shipped June file scored as a year: before its missing facts (it has no
        academic tests yet), a warning at its as_of: line (17) says it is as of month 6 and
        to run monitor."""
        june = "examples/yueyang-education-2023-june.yaml"
        result = run("score", june)
        first = result.stderr.decode("utf-8").splitlines()[0]
        assert first == (
            f"scoring: {june}:17:1: warning: this facts file is as of month 6 (as_of: 6): score"
            " scores the whole year, and a year in progress is checked with scoring monitor"
            f" (hint: scoring monitor {june})"
        )
        assert result.returncode == 2
