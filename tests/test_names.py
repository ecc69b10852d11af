"""Chinese names for facts and indicators in facts files and tables (issue 13).

The shipped department-common file declares 编制数 for ``authorized_posts``
and 在职人员数 for ``staff_in_post``; the indicator 特控线上线率 is
``key_university_rate``. A facts file or table written with those names must
score exactly as the same file written with ids.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import load_case, load_indicators, score, validate
from scoring.batch import score_table
from scoring.core.errors import ScoringError
from scoring.files.tables import read_csv

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"


def example_with(tmp_path: Path, replace: dict[str, str], extra: str = "") -> Path:
    """The shipped example with some keys renamed (first occurrence of each)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "facts.yaml"
    path.write_text(
        text.replace(
            "indicators: [department-common, education-sports]",
            "indicators: [department-common, education-sports]",
        )
        + extra,
        encoding="utf-8",
    )
    return path


class TestFactsFile:
    def test_chinese_fact_names_score_as_their_ids(self, tmp_path: Path) -> None:
        """编制数 and 在职人员数 stand for authorized_posts and staff_in_post: 81 ÷ 85, 5 points."""
        path = example_with(
            tmp_path,
            {"  authorized_posts:\n": "  编制数:\n", "  staff_in_post:\n": "  在职人员数:\n"},
        )
        case = load_case(path)
        assert case.facts.facts["authorized_posts"].value == 85
        assert case.facts.facts["staff_in_post"].value == 81
        card = score(case.indicators, case.weights, case.facts)
        base = load_case(EXAMPLE)
        assert card.total == score(base.indicators, base.weights, base.facts).total
        assert str(card.row("staff_control_rate").points) == "5.00"

    def test_a_fact_under_both_names_is_an_error_at_its_line(self, tmp_path: Path) -> None:
        """Giving 编制数 and authorized_posts both is refused, not one silently kept."""
        path = example_with(tmp_path, {}, "")
        text = path.read_text(encoding="utf-8").replace("facts:\n", "facts:\n  编制数: 90\n", 1)
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScoringError, match="given twice") as info:
            load_case(path)
        assert info.value.problems[0].location is not None

    def test_an_unknown_chinese_name_suggests_the_closest(self, tmp_path: Path) -> None:
        """A misspelt 编制人数 is an error that suggests 编制数."""
        path = example_with(tmp_path, {"  authorized_posts:\n": "  编制人数:\n"})
        with pytest.raises(ScoringError, match="编制数") as info:
            load_case(path)
        (problem,) = info.value.problems
        assert "编制人数" in problem.message
        assert problem.location is not None
        assert problem.location.line > 1

    def test_reasons_may_name_the_indicator_in_chinese(self, tmp_path: Path) -> None:
        """reasons: 特控线上线率 is the reason of key_university_rate."""
        path = example_with(tmp_path, {}, "reasons:\n  特控线上线率: 生源结构变化\n")
        case = load_case(path)
        assert case.facts.reasons["key_university_rate"] == "生源结构变化"


class TestIndicatorFile:
    def write(self, tmp_path: Path, facts: str) -> Path:
        path = tmp_path / "ind.yaml"
        path.write_text(
            "id: t\nname: 测试\n" + facts + "indicators:\n"
            "  - {id: rate, name: 比率, level1: 投入, level2: 预算配置, unit: '%',\n"
            "     formula: a / b * 100, target: '>= 90%', rule: {kind: proportional}}\n",
            encoding="utf-8",
        )
        return path

    def test_declarations_reach_the_indicators_that_read_them(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, "facts:\n  a: {name: 完成数, unit: 项, found_in: 台账}\n")
        (ind,) = load_indicators(path)
        assert ind.reads == ("a", "b")
        assert ind.fact_info("a").name == "完成数"
        assert ind.fact_info("a").found_in == "台账"
        assert ind.fact_info("b").name == "b"  # not declared: its id

    def test_a_declared_fact_no_indicator_reads_is_an_error(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, "facts:\n  c: {name: 其他}\n")
        with pytest.raises(ScoringError, match="no indicator of this file reads it") as info:
            load_indicators(path)
        assert info.value.problems[0].location.line == 4  # type: ignore[union-attr]

    def test_two_facts_may_not_share_a_name(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, "facts:\n  a: {name: 数}\n  b: {name: 数}\n")
        with pytest.raises(ScoringError, match="already the name of 'a'"):
            load_indicators(path)

    def test_validate_knows_an_indicator_file_with_facts(self, tmp_path: Path) -> None:
        """An indicator file with ``facts:`` is not taken for a facts file."""
        path = self.write(tmp_path, "facts:\n  a: {name: 完成数}\n")
        report = validate([path])
        assert report.ok, report.lines()


class TestTable:
    CASE = load_case(EXAMPLE)

    def test_chinese_head_and_fact_columns(self) -> None:
        """单位,年度,编制数,在职人员数 read as unit, year, authorized_posts, staff_in_post."""
        text = (ROOT / "docs" / "examples" / "units-2023.csv").read_text(encoding="utf-8")
        header, rest = text.split("\n", 1)
        chinese = (
            header.replace("unit,year,", "单位,年度,", 1)
            .replace(",authorized_posts,", ",编制数,")
            .replace(",staff_in_post,", ",在职人员数,")
        )
        assert chinese != header
        for engine in ("exact", "columnar"):
            ids = score_table(
                self.CASE.indicators, self.CASE.weights, read_csv(text), engine=engine
            )
            zh = read_csv(chinese + "\n" + rest)
            got = score_table(self.CASE.indicators, self.CASE.weights, zh, engine=engine)
            assert [getattr(o, "units", None) for o in got.outcomes] == [
                getattr(o, "units", None) for o in ids.outcomes
            ]
            assert got.outcomes[0].head.unit == "岳阳市教育体育局"
            assert got.outcomes[0].head.year == 2023

    def test_an_unknown_column_name_suggests_the_closest(self) -> None:
        table = read_csv("单位,年度,编制人数\n岳阳,2023,85\n")
        with pytest.raises(ScoringError, match="did you mean '编制数'"):
            score_table(self.CASE.indicators, self.CASE.weights, table)

    def test_a_fact_in_two_columns_is_an_error(self) -> None:
        table = read_csv("unit,year,编制数,authorized_posts\n岳阳,2023,85,85\n")
        with pytest.raises(ScoringError, match="two columns"):
            score_table(self.CASE.indicators, self.CASE.weights, table)
