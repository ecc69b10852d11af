"""Points a weights profile marks assumed: loaded, shown ※ with their reason, never scored.

The sheet below is worked by hand: 甲 100 of ≥100 earns its 20, 乙 50 of ≥100 half
of its 20 (10.00), 丙 90 of ≥100 90% of its 20 (18.00), 丁 100 of ≥100 its 40; the
total is 88.00, 良 (80 to below 90). No fact has a provenance, so only the weights'
marks can make a row rest on an assumption.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import load_case, load_weights, score
from scoring.cli import main
from scoring.core.errors import ScoringError
from scoring.core.model import Facts, Indicator, WeightsProfile
from scoring.core.record import evolve
from scoring.core.scorecard import Scorecard
from scoring.files.case import Case
from scoring.rendering import FORMATS, render
from strategies import Case as Drawn
from strategies import cases

ROW = "  - {{id: {id}, name: {name}指标, name_en: Row {en}, level1: {l1}, level2: {l2}, {rule}}}\n"
RULE = 'target: ">= 100", rule: proportional'
INDICATORS = "id: t\nname: 测试指标\nindicators:\n" + "".join(
    ROW.format(id=i, name=n, en=i.upper(), l1=l1, l2=l2, rule=RULE)
    for i, n, l1, l2 in [
        ("a", "甲", "产出", "数量"),
        ("b", "乙", "产出", "数量"),
        ("c", "丙", "产出", "质量"),
        ("d", "丁", "效果", "社会效益"),
    ]
)

FACTS = """\
unit: 测试单位
year: 2023
indicators: [ind.yaml]
weights: w.yaml
facts: {a: 100, b: 50, c: 90, d: 100}
"""

# {G} {Q} {E} {C}: what the tests put after a group's, a category's or a grade's points.
WEIGHTS = """\
id: t
name: 测试评分表
grades:
  - {{name: 优, name_en: excellent, min: 90}}
  - {{name: 良, name_en: good, min: 80{B}}}
  - {{name: 差, name_en: poor, min: 0}}
categories:
  - name: 产出
    name_en: Output
    points: 60
    groups:
      - {{name: 数量, name_en: Quantity, points: 40{G}}}
      - {{name: 质量, name_en: Quality, points: 20}}
  - name: 效果
    name_en: Effect
    points: 40{E}
    groups:
      - {{name: 社会效益, name_en: Social benefit, points: 40}}
points:
  a: 20
  b: 20
  c: {C}
  d: 40
"""


def weights(c: str = "20", g: str = "", e: str = "", b: str = "") -> str:
    return WEIGHTS.format(C=c, G=g, E=e, B=b)


def write(tmp_path: Path, weights_text: str) -> Path:
    (tmp_path / "ind.yaml").write_text(INDICATORS, encoding="utf-8")
    (tmp_path / "w.yaml").write_text(weights_text, encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    return facts


def case_of(tmp_path: Path, weights_text: str) -> Case:
    return load_case(write(tmp_path, weights_text))


def notes(text: str) -> list[str]:
    """The lines of the text output's assumption note."""
    lines = text.splitlines()
    at = lines.index("标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：")
    return lines[at + 1 :]


def marked_rows(text: str) -> set[str]:
    """The 三级指标 names of the text table's rows ending in ※."""
    return {
        n
        for line in text.splitlines()
        for n in "甲乙丙丁"
        if f"{n}指标" in line and line.endswith("※")
    }


class TestLoading:
    def test_plain_and_mapping_forms(self, tmp_path: Path) -> None:
        """`c: 20` and `c: {points: 20, assumed: 理由}` give the same points; the mark is kept."""
        write(
            tmp_path,
            weights(c="{points: 20, assumed: 未见公开的分值}", g=", assumed: 组分值为假设"),
        )
        profile = load_weights(tmp_path / "w.yaml")
        assert profile.points == {"a": 20, "b": 20, "c": 20, "d": 40}
        assert dict(profile.assumed_points) == {"c": "未见公开的分值"}
        assert [g.assumed for cat in profile.categories for g in cat.groups] == [
            "组分值为假设",
            None,
            None,
        ]
        assert [cat.assumed for cat in profile.categories] == [None, None]

    def test_category_and_grade_marks(self, tmp_path: Path) -> None:
        """`assumed:` on a category and on a grade band is read with its reason."""
        write(
            tmp_path, weights(e="\n    assumed: 效果分值为假设", b=", assumed: 本地等级标准未公布")
        )
        profile = load_weights(tmp_path / "w.yaml")
        assert [cat.assumed for cat in profile.categories] == [None, "效果分值为假设"]
        assert [band.assumed for band in profile.grades] == [None, "本地等级标准未公布", None]

    @pytest.mark.parametrize(
        ("c", "where", "says"),
        [
            # Line 22 is `  c: ...`; the column is where the value of `assumed` starts.
            (
                "{points: 20, assumed: true}",
                "w.yaml:22:28",
                "'assumed' on points of 'c' must say in words why it is assumed, not be true/false",
            ),
            (
                "{points: 20, assumed: ''}",
                "w.yaml:22:28",
                "'assumed' on points of 'c' must say in words why it is assumed, not be empty",
            ),
            (
                "{points: 20, assumed: 3}",
                "w.yaml:22:28",
                "'assumed' on points of 'c' must say in words why it is assumed, not be a number",
            ),
            (
                "{points: 20, asumed: 理由}",
                "w.yaml:22:19",
                "unknown key 'asumed' in points of 'c' (hint: did you mean 'assumed'?)",
            ),
            (
                "{assumed: 理由}",
                "w.yaml:22:6",
                "points of 'c' is missing the required key 'points'",
            ),
            ("{points: -1, assumed: 理由}", "w.yaml:22:15", "points of 'c' cannot be negative"),
        ],
    )
    def test_bad_mark_refused_with_its_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], c: str, where: str, says: str
    ) -> None:
        """A bad mark is an error naming the file, line and column, and what to do; exit 2."""
        facts = write(tmp_path, weights(c=c))
        assert main(["--lang", "en", "score", str(facts)]) == 2
        err = capsys.readouterr().err
        assert f"{tmp_path / where}: {says}" in err
        assert "Traceback" not in err

    def test_bad_group_mark_in_chinese(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """In Chinese (the default) the message says the same, with the hint of what to write."""
        facts = write(tmp_path, weights(g=", assumed: false"))
        assert main(["--lang", "zh", "score", str(facts)]) == 2
        err = capsys.readouterr().err
        assert (
            f"{tmp_path / 'w.yaml'}:12:60: 指标组 '数量' 的分值的 assumed "
            "必须用文字写明为什么是假设，不能是 true/false（是/否）"
            "（提示：在 assumed: 后面写明理由，"
        ) in err

    def test_mark_on_an_informational_row(self, tmp_path: Path) -> None:
        """An informational row has no points, so a mark on its 0 is refused at its line."""
        (tmp_path / "ind.yaml").write_text(
            INDICATORS
            + "  - {id: e, name: 其中, level1: 效果, level2: 社会效益, informational: true}\n",
            encoding="utf-8",
        )
        (tmp_path / "w.yaml").write_text(
            weights() + "  e: {points: 0, assumed: 理由}\n", encoding="utf-8"
        )
        (tmp_path / "facts.yaml").write_text(FACTS, encoding="utf-8")
        case = load_case(tmp_path / "facts.yaml")
        with pytest.raises(ScoringError) as caught:
            score(case.indicators, case.weights, case.facts)
        text = str(caught.value)
        assert "indicator 'e' is informational (shown, not scored): it has no points" in text
        assert "w.yaml:24:" in text


class TestMarkedRows:
    def test_one_assumed_weight(self, tmp_path: Path) -> None:
        """One row's points assumed: that row alone is ※, and the note gives its reason."""
        case = case_of(tmp_path, weights(c="{points: 20, assumed: 未见公开的分值}"))
        card = score(case.indicators, case.weights, case.facts)
        assert [str(r.points) for r in card.rows] == ["20.00", "10.00", "18.00", "40.00"]
        assert (str(card.total), card.grade.name) == ("88.00", "良")
        text = render(card, "text")
        assert marked_rows(text) == {"丙"}
        assert notes(text) == ["  ※ 丙指标：分值为假设（未见公开的分值）"]
        english = render(card, "text", "en").splitlines()
        assert english[-1] == "  ※ Row C: its points are assumed (未见公开的分值)"

    def test_a_group_weight_marks_all_its_rows(self, tmp_path: Path) -> None:
        """A group's points assumed: each of its rows is ※ and says so; the reason once."""
        case = case_of(tmp_path, weights(g=", assumed: 评分表只写了产出共 60 分"))
        card = score(case.indicators, case.weights, case.facts)
        text = render(card, "text")
        assert marked_rows(text) == {"甲", "乙"}
        assert notes(text) == [
            "  ※ 甲指标：所在二级指标“数量”的分值为假设",
            "  ※ 乙指标：所在二级指标“数量”的分值为假设",
            "  ※ 二级指标“数量”：分值为假设（评分表只写了产出共 60 分）",
        ]
        # The subtotal of the group is marked, its category's is not.
        assert "    数量：30.00 / 40  ※" in text.splitlines()
        assert "  产出：48.00 / 60" in text.splitlines()

    def test_a_category_weight_marks_its_groups_and_rows(self, tmp_path: Path) -> None:
        """A category's points assumed: its rows and its groups' subtotals are ※."""
        case = case_of(tmp_path, weights(e="\n    assumed: 效果部分不可读"))
        card = score(case.indicators, case.weights, case.facts)
        text = render(card, "text", "en")
        assert [r.id for r in card.assumed_rows] == ["d"]
        lines = text.splitlines()
        assert "  ※ Row D: the points of its category Effect are assumed" in lines
        assert "  ※ Category Effect: points assumed (效果部分不可读)" in lines
        assert "  Effect: 40.00 / 40  ※" in lines
        assert "    Social benefit: 40.00 / 40  ※" in lines

    def test_own_and_group_marks_both_listed(self, tmp_path: Path) -> None:
        """A row's own mark and its group's are both named, its own first."""
        case = case_of(
            tmp_path,
            weights(c="{points: 20, assumed: 本行理由}").replace(
                "{name: 质量, name_en: Quality, points: 20}",
                "{name: 质量, name_en: Quality, points: 20, assumed: 本组理由}",
            ),
        )
        card = score(case.indicators, case.weights, case.facts)
        assert [(a.scope, a.name, a.reason) for a in card.row("c").points_assumed] == [
            ("indicator", "丙指标", "本行理由"),
            ("group", "质量", "本组理由"),
        ]
        assert notes(render(card, "text")) == [
            "  ※ 丙指标：分值为假设（本行理由）；所在二级指标“质量”的分值为假设",
            "  ※ 二级指标“质量”：分值为假设（本组理由）",
        ]

    def test_assumed_grade_band(self, tmp_path: Path) -> None:
        """A grade band's minimum assumed: the note says the grade rests on it."""
        case = case_of(tmp_path, weights(b=", assumed: 本地等级标准未公布"))
        card = score(case.indicators, case.weights, case.facts)
        assert card.assumed_rows == ()
        assert notes(render(card, "text")) == [
            "  ※ 等级：“良”从 80 分起为假设（本地等级标准未公布）"
        ]
        doc = json.loads(render(card, "json"))
        assert doc["grades_assumed"] == [
            {"name": "良", "name_en": "good", "min": 80, "reason": "本地等级标准未公布"}
        ]
        html = render(card, "html")
        assert "良 ≥ 80 分 ※" in html
        assert "所有数字均来自报告或公开文件。" not in html


class TestEveryFormat:
    @pytest.fixture
    def card(self, tmp_path: Path) -> Scorecard:
        case = case_of(
            tmp_path, weights(c="{points: 20, assumed: 未见公开的分值}", g=", assumed: 组理由")
        )
        return score(case.indicators, case.weights, case.facts)

    def test_json(self, card: Scorecard) -> None:
        """Marked rows are assumed and listed; each says which points and why."""
        doc = json.loads(render(card, "json"))
        assert doc["assumed_indicators"] == ["a", "b", "c"]
        rows = {r["id"]: r for r in doc["indicators"]}
        assert [rows[i]["assumed"] for i in "abcd"] == [True, True, True, False]
        assert rows["c"]["points_assumed"] == [
            {"scope": "indicator", "name": "丙指标", "name_en": "Row C", "reason": "未见公开的分值"}
        ]
        assert rows["a"]["points_assumed"] == [
            {"scope": "group", "name": "数量", "name_en": "Quantity", "reason": "组理由"}
        ]
        assert "points_assumed" not in rows["d"]
        groups = doc["categories"][0]["groups"]
        assert [g.get("assumed") for g in groups] == ["组理由", None]
        assert "assumed" not in groups[1]
        assert "assumed" not in doc["categories"][0]
        assert "grades_assumed" not in doc

    def test_csv_markdown_html(self, card: Scorecard) -> None:
        """csv's assumed column, markdown's ※ after the score, html's mark and note."""
        text = render(card, "csv", "en").removeprefix("\ufeff")
        table = list(csv.DictReader(io.StringIO(text)))
        assert [r["assumed"] for r in table] == ["1", "1", "1", "0"]
        markdown = render(card, "markdown")
        assert "| 产出 | 质量 | 丙指标 | 20 | ≥100 | 90 | 18.00※ |" in markdown
        assert "- ※ 二级指标“数量”：分值为假设（组理由）" in markdown
        html = render(card, "html")
        assert html.count('<span class="mark">※</span>') == 3
        assert "<p>※ 丙指标：分值为假设（未见公开的分值）</p>" in html

    def test_xlsx_sheet(self, card: Scorecard, tmp_path: Path) -> None:
        """The sheet to hand in: ※ after the marked rows' names, the reasons in the notes."""
        openpyxl = pytest.importorskip("openpyxl")
        from scoring.rendering import render_bytes  # noqa: PLC0415

        path = tmp_path / "t.xlsx"
        path.write_bytes(render_bytes(card, "xlsx"))
        ws = openpyxl.load_workbook(path).worksheets[0]
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert {c for c in cells if c.endswith(" ※")} == {"甲指标 ※", "乙指标 ※", "丙指标 ※"}
        assert "※ 丙指标：分值为假设（未见公开的分值）" in cells
        assert "※ 二级指标“数量”：分值为假设（组理由）" in cells


class TestNoMarkNoChange:
    def test_mapping_without_mark_is_the_plain_form(self, tmp_path: Path) -> None:
        """`{points: 20}` gives the same bytes as `20`, in every format and language."""
        plain = score(*_three(case_of(tmp_path, weights())))
        mapped = score(*_three(case_of(tmp_path, weights(c="{points: 20}"))))
        for fmt in sorted(FORMATS):
            for lang in ("zh", "en"):
                assert render(plain, fmt, lang) == render(mapped, fmt, lang), (fmt, lang)


def _three(case: Case) -> tuple[tuple[Indicator, ...], WeightsProfile, Facts]:
    return case.indicators, case.weights, case.facts


class TestMarksNeverScore:
    @settings(max_examples=min(25, settings.default.max_examples))  # two scorings an example
    @given(cases(max_indicators=6), st.data())
    def test_marking_assumed_changes_no_score(self, case: Drawn, data: st.DataObject) -> None:
        """Marking any points, groups, categories or bands assumed changes no row's points,
        no subtotal, total or grade; it marks exactly the rows under a mark."""
        profile = case.weights
        shown = {i.id for i in case.indicators if i.informational}  # no points to assume
        ids = sorted(set(profile.points) - shown)
        own = data.draw(st.sets(st.sampled_from(ids))) if ids else set()
        places = [(c.name, g.name) for c in profile.categories for g in c.groups]
        groups = data.draw(st.sets(st.sampled_from(places))) if places else set()
        cats = data.draw(st.sets(st.sampled_from([c.name for c in profile.categories])))
        marked = evolve(
            profile,
            assumed_points={i: f"理由{i}" for i in own},
            categories=tuple(
                evolve(
                    c,
                    assumed="类别理由" if c.name in cats else None,
                    groups=tuple(
                        evolve(g, assumed="组理由" if (c.name, g.name) in groups else None)
                        for g in c.groups
                    ),
                )
                for c in profile.categories
            ),
            grades=tuple(evolve(b, assumed="等级理由") for b in profile.grades),
        )
        before = score(case.indicators, profile, case.facts, missing=case.missing)
        after = score(case.indicators, marked, case.facts, missing=case.missing)
        assert [(r.id, r.max_points, r.points, r.share) for r in after.rows] == [
            (r.id, r.max_points, r.points, r.share) for r in before.rows
        ]
        assert (after.total, after.grade.name) == (before.total, before.grade.name)
        assert [(c.points, c.max_points) for c in after.categories] == [
            (c.points, c.max_points) for c in before.categories
        ]
        for row in after.rows:
            ind = row.indicator
            under = not ind.informational and (
                ind.id in own or (ind.level1, ind.level2) in groups or ind.level1 in cats
            )
            assert bool(row.points_assumed) == under, row.id
            assert row.assumed == (under or before.row(row.id).assumed)


class TestSensitivity:
    def test_assumed_weights_marked_in_the_table(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The sensitivity table marks the rows whose points are assumed, and says what ※ is;
        without marks it has neither."""
        facts = write(tmp_path, weights(c="{points: 20, assumed: 未见公开的分值}"))
        assert main(["sensitivity", str(facts), "--draws", "5", "--seed", "0"]) == 0
        lines = capsys.readouterr().out.splitlines()
        # All four rows are in the table (up to five are shown), 丙 alone marked.
        rows = [line for line in lines if line.startswith(("甲", "乙", "丙", "丁"))]
        assert sorted(line[:3] for line in rows) == ["丁指标", "丙指标", "乙指标", "甲指标"]
        assert any(line.startswith("丙指标 ※ ") for line in rows)
        assert not any(line.startswith(("甲指标 ※", "乙指标 ※", "丁指标 ※")) for line in lines)
        assert lines[-1] == "标 ※ 的指标，其分值在权重方案中为假设（理由见 scoring score 的说明）。"
        write(tmp_path, weights())
        assert main(["sensitivity", str(facts), "--draws", "5", "--seed", "0"]) == 0
        assert "※" not in capsys.readouterr().out
