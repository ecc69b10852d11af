"""explain, compare and sensitivity say which of their figures rest on an assumption, as the
scored table does.

Worked by hand from the shipped example (examples/yueyang-education-2023.yaml with
weights/yueyang-education.yaml). What is assumed is written in those files:

- the weights mark the points of 产出 and 效果 assumed (the template's 45 points there were
  not readable), and the own points of four 过程 rows, 预决算信息公开性 (3), 预算执行率 (6),
  资产管理安全性 (5) and 固定资产利用率 (5): 16 rows rest on assumed points;
- the facts file marks the targets of 举办全民健身赛事活动, 特控线上线率, 空军海军招飞录取人数
  and 直接参与赛事活动人数 (among others) assumed, and such facts as the budget (预算数).

Of the 25 rows only 在职人员控制率 rests on nothing assumed (81 and 85 are quoted from the
report, ≤100% and its 5 points are the template's): 24 rows rest on an assumption. explain
names 特控线上线率 (its 0.12 lost) and the three rows beaten by far: 4 rows, 20 others.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from reports_helpers import EXAMPLE, ROOT, WEIGHTS, example_card, example_case, run
from scoring import score
from scoring.analysis.compare import compare_weights
from scoring.analysis.explain import explain
from scoring.analysis.sensitivity import sensitivity
from scoring.analysis.whatif import what_if
from scoring.files.case import load_case
from scoring.files.weights import load_weights
from scoring.rendering._common import width
from scoring.rendering.reports import render_comparison, render_explanation, render_sensitivity

HEAVY = ROOT / "docs" / "examples" / "yueyang-education-effect-heavy.yaml"
SMALL = ROOT / "docs" / "examples" / "small-facts.yaml"
SMALL_ASSUMED = ROOT / "docs" / "examples" / "small-weights-assumed.yaml"
BOTH_CATEGORIES = (
    "一级指标“产出”、“效果”：分值为假设（模板中产出、效果部分共 45 分不可读，25/20 的划分"
    "及其中各组、各行分值均为假设）"
)
EFFECT = "模板中产出、效果部分共 45 分不可读，25/20 的划分及其中各组、各行分值均为假设"


def _budget_variant(tmp_path: Path) -> Path:
    """The example with a budget of 5281.625 (still marked assumed): 5070.36 ÷ 5281.625 = 96%
    executed, 96% of the row's 6 assumed points = 5.76, 0.24 lost."""
    text = EXAMPLE.read_text(encoding="utf-8")
    old = "  budget:\n    value: 5070.36\n"
    assert text.count(old) == 1
    path = tmp_path / "budget.yaml"
    path.write_text(text.replace(old, "  budget:\n    value: 5281.625\n"), encoding="utf-8")
    return path


def _unmarked(path: Path, tmp_path: Path) -> Path:
    """A weights file with its assumed marks taken out (the same numbers)."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("assumed:"):
            continue
        if "{points: " in line and "assumed:" in line:
            head, rest = line.split("{points: ")
            lines.append(head + rest.split(",")[0])
        else:
            lines.append(line)
    out = tmp_path / f"plain-{path.name}"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _nothing_assumed(tmp_path: Path) -> Path:
    """The example with every assumed fact and target said to have a source, under the weights
    without marks and the one target its indicator file assumes given: nothing is assumed."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("    assumed:", "    source:")
    text = text.replace("weights: yueyang-education\n", "weights: plain-yueyang-education.yaml\n")
    given = '  fixed_asset_utilisation_rate:\n    target: ">= 95%"\n    source: a test\n'
    text = text.replace("targets:\n", "targets:\n" + given, 1)
    _unmarked(WEIGHTS, tmp_path)
    path = tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class TestNothingAssumed:
    def test_no_mark_no_note_no_key(self, tmp_path: Path) -> None:
        """Without any assumption the reports have no ※, no note and none of the new keys."""
        case = load_case(_nothing_assumed(tmp_path))
        card = score(case.indicators, case.weights, case.facts)
        assert not card.assumed_rows
        other = load_weights(_unmarked(HEAVY, tmp_path))
        comp = compare_weights(case.indicators, case.facts, case.weights, other)
        texts = [
            render_explanation(explain(card), fmt, lang)
            for fmt in ("text", "markdown")
            for lang in ("zh", "en")
        ] + [
            render_comparison(comp, fmt, lang)
            for fmt in ("text", "markdown")
            for lang in ["zh", "en"]
        ]
        for text in texts:
            assert "※" not in text
            assert "假设" not in text
            assert "assumed" not in text
        for doc in (
            render_explanation(explain(card), "json"),
            render_comparison(comp, "json"),
            render_sensitivity(sensitivity(card, draws=0), card, "json"),
        ):
            assert "assum" not in doc


class TestExplain:
    def test_the_rows_named_are_marked_and_their_assumptions_said(self) -> None:
        """特控线上线率 loses 0.12 against an assumed target, under 效果's assumed points: ※ at
        its name, wherever the narrative names it, and the note says both, as `score` does."""
        text = render_explanation(explain(example_card()), "text", "zh")
        assert "1. 特控线上线率 ※（效果 / 社会效益，分值 5 分）：失 0.12 分。" in text
        assert "- 特控线上线率 ※：未达目标（目标 ≥35%，实际 34.16%，完成 97.6%）。" in text
        assert "- 举办全民健身赛事活动 ※：超额完成" in text
        notes = text.split("标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：\n")[1]
        assert notes.splitlines() == [
            "  ※ 举办全民健身赛事活动：年度指标值为假设；所在一级指标“产出”的分值为假设",
            "  ※ 特控线上线率：年度指标值为假设；所在一级指标“效果”的分值为假设",
            "  ※ 空军海军招飞录取人数：年度指标值为假设；所在一级指标“效果”的分值为假设",
            "  ※ 直接参与赛事活动人数：年度指标值为假设；所在一级指标“效果”的分值为假设",
            f"  ※ {BOTH_CATEGORIES}",
            "  总分还依赖另外 20 行的假设数值（逐行说明见 scoring score）。",
        ]

    def test_a_row_whose_own_points_are_assumed(self, tmp_path: Path) -> None:
        """预算执行率 at 96% of its 6 points, which the weights mark assumed, loses 0.24: the
        loss comes first, ※, and the note gives the weights file's reason and the budget."""
        result = run("explain", str(_budget_variant(tmp_path)))
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        assert "1. 预算执行率 ※（过程 / 预算管理，分值 6 分）：失 0.24 分。" in out
        assert (
            "  ※ 预算执行率：假设的数据：预算数；分值为假设（模板中预算管理其余 9 分不可读，"
            "本行取其中 6 分）\n" in out
        )
        assert "  总分还依赖另外 19 行的假设数值（逐行说明见 scoring score）。\n" in out

    def test_english(self) -> None:
        """With --lang en the same marks and notes, in English."""
        text = render_explanation(explain(example_card()), "text", "en")
        assert "1. Key-university admission-line rate ※ (Effect / Social benefit, worth 5)" in text
        assert (
            "Rows marked ※ rest on an assumed number, not one from the report or a public"
            " source:\n  ※ Public sports events held: the target is assumed; the points of its"
            " category Output are assumed\n" in text
        )
        assert f"  ※ Categories Output, Effect: points assumed ({EFFECT})\n" in text
        assert text.endswith(
            "  The total also rests on assumed numbers in 20 other row(s) (scoring score says"
            " which).\n"
        )

    def test_the_rows_that_reach_the_next_grade(self) -> None:
        """No events held and no participants: 5 + 5 lost, 89.88, 良; 举办全民健身赛事活动,
        first of the two equal gains, reaches 优 with its assumed target and points: ※."""
        case = example_case()
        facts = {"sports_events_held": Decimal(0), "sports_participants_10k": Decimal(0)}
        card = what_if(case.indicators, case.weights, case.facts, facts).after
        text = render_explanation(explain(card, grades=case.weights.grades), "text", "zh")
        assert "最少需让 1 项指标达到目标：举办全民健身赛事活动 ※（+5）。" in text

    def test_markdown_lists_the_notes(self) -> None:
        text = render_explanation(explain(example_card()), "markdown", "zh")
        assert (
            "标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：\n\n"
            "- ※ 举办全民健身赛事活动：年度指标值为假设；所在一级指标“产出”的分值为假设\n" in text
        )

    def test_json_gives_what_each_row_named_rests_on(self) -> None:
        data = json.loads(render_explanation(explain(example_card()), "json"))
        assert data["losses"][0]["assumptions"] == {
            "target_assumed": True,
            "assumed_facts": [],
            "points_assumed": [
                {"scope": "category", "name": "效果", "name_en": "Effect", "reason": EFFECT}
            ],
        }
        assert [d["id"] for d in data["deviations"] if "assumptions" in d] == [
            "sports_events",
            "key_university_rate",
            "pilot_admissions",
            "sports_participants",
        ]
        assert len(data["assumed_indicators"]) == 24
        assert "staff_control_rate" not in data["assumed_indicators"]
        assert "grades_assumed" not in data

    def test_an_assumed_grade_band(self) -> None:
        """The small example's 良 from 16 is marked assumed: the narrative's grade rests on it."""
        case = load_case(SMALL)
        weights = load_weights(SMALL_ASSUMED)
        card = score(case.indicators, weights, case.facts)
        text = render_explanation(explain(card, grades=weights.grades), "text", "zh")
        assert (
            "  ※ 等级：“良”从 16 分起为假设（本地未公布等级标准，按全国标准的 80% 折算）\n" in text
        )
        data = json.loads(render_explanation(explain(card, grades=weights.grades), "json"))
        assert [b["name"] for b in data["grades_assumed"]] == ["良"]


class TestCompare:
    def test_both_profiles_mark_the_points(self) -> None:
        """The docs' effect-heavy profile keeps 效果's mark: 5 ※ → 2 ※ and 5 ※ → 8 ※, said once
        for both sides; 22 more rows of each total rest on an assumption."""
        result = run("compare", str(EXAMPLE), "--against-weights", str(HEAVY))
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        row = next(line for line in out.splitlines() if line.startswith("直接参与赛事活动人数"))
        assert row.startswith("直接参与赛事活动人数 ※ ")
        assert row.endswith("5.00   2.00  -3.00  分值 5 ※ → 2 ※")
        notes = out.split("标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：\n")[1]
        assert notes.splitlines() == [
            "  ※ 特控线上线率：年度指标值为假设；所在一级指标“效果”的分值为假设",
            "  ※ 直接参与赛事活动人数：年度指标值为假设；所在一级指标“效果”的分值为假设",
            f"  ※ 一级指标“效果”：分值为假设（{EFFECT}）",
            "  总分还依赖另外 22 行的假设数值（逐行说明见 scoring score）。",
        ]

    def test_each_side_said_when_they_differ(self, tmp_path: Path) -> None:
        """Against the effect-heavy profile without its marks, only the first side's points
        are assumed (分值 5 ※ → 2); 产出's four rows with published targets rest on nothing
        assumed there: 24 - 4 = 20 rows, 18 besides the two shown."""
        case = example_case()
        other = load_weights(_unmarked(HEAVY, tmp_path))
        comp = compare_weights(case.indicators, case.facts, case.weights, other)
        text = render_comparison(comp, "text", "zh")
        assert "分值 5 ※ → 2\n" in text
        assert "分值 5 ※ → 8\n" in text
        notes = text.split("标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：\n")[1]
        assert notes.splitlines() == [
            "  前：",
            "    ※ 特控线上线率：年度指标值为假设；所在一级指标“效果”的分值为假设",
            "    ※ 直接参与赛事活动人数：年度指标值为假设；所在一级指标“效果”的分值为假设",
            f"    ※ 一级指标“效果”：分值为假设（{EFFECT}）",
            "    总分还依赖另外 22 行的假设数值（逐行说明见 scoring score）。",
            "  后：",
            "    ※ 特控线上线率：年度指标值为假设",
            "    ※ 直接参与赛事活动人数：年度指标值为假设",
            "    总分还依赖另外 18 行的假设数值（逐行说明见 scoring score）。",
        ]
        english = render_comparison(comp, "text", "en")
        assert "points available 5 ※ → 2\n" in english
        assert "  After:\n    ※ Key-university admission-line rate: the target is assumed\n" in (
            english
        )
        markdown = render_comparison(comp, "markdown", "zh")
        assert "| 直接参与赛事活动人数 ※ | 5.00 | 2.00 | -3.00 | 分值 5 ※ → 2 |" in markdown
        assert "- 后：\n  - ※ 特控线上线率：年度指标值为假设\n" in markdown
        data = json.loads(render_comparison(comp, "json"))
        row = next(r for r in data["rows"] if r["id"] == "sports_participants")
        assert row["assumptions_before"]["points_assumed"] == [
            {"scope": "category", "name": "效果", "name_en": "Effect", "reason": EFFECT}
        ]
        assert row["assumptions_after"] == {
            "target_assumed": True,
            "assumed_facts": [],
            "points_assumed": [],
        }
        assert (
            len(data["before"]["assumed_indicators"]),
            len(data["after"]["assumed_indicators"]),
        ) == (24, 20)
        unchanged = next(r for r in data["rows"] if r["id"] == "staff_control_rate")
        assert "assumptions_before" not in unchanged
        assert "assumptions_after" not in unchanged

    def test_what_if_fits_80_columns(self) -> None:
        """The marks widen the every-row table to 82 columns; with --width 80 (a terminal's
        width) it fits, the widest name folding, as the scored table does."""
        args = ("score", str(EXAMPLE), "--set", "key_university_rate=35", "staff_in_post=90")
        wide = run(*args).stdout.decode("utf-8")
        assert max(width(line) for line in wide.split("\n\n")[2].splitlines()) == 82
        result = run(*args, "--width", "80")
        assert result.returncode == 0, result.stderr.decode()
        table = result.stdout.decode("utf-8").split("\n\n")[2].splitlines()
        assert max(width(line) for line in table) == 80
        name = table.index("适龄残疾儿童少年义务教育入学率   4.00   4.00      0")
        assert table[name + 1] == "※"

    def test_no_assumption_no_mark(self, tmp_path: Path) -> None:
        """Both profiles unmarked and a row whose facts and target are given: no ※ on it."""
        case = example_case()
        before = load_weights(_unmarked(WEIGHTS, tmp_path))
        after = load_weights(_unmarked(HEAVY, tmp_path))
        comp = compare_weights(case.indicators, case.facts, before, after)
        rows = {r.id: r for r in comp.rows}
        # 8 and 2 points; 34.16% of an assumed target of 35% still: the row is ※, not its 分值.
        assert [w.zh for w in rows["key_university_rate"].why] == ["分值 5 → 8"]


class TestSensitivityJson:
    def test_the_assumed_weights_are_listed(self) -> None:
        """The 16 rows whose points the weights mark, in the sheet's order; a row's marks as in
        the scored JSON; the keys there were are the same, in the same order."""
        card = example_card()
        data = json.loads(render_sensitivity(sensitivity(card, draws=0), card, "json"))
        assert list(data)[:13] == [
            "total",
            "grade",
            "spread_percent",
            "draws",
            "seed",
            "low",
            "high",
            "percentiles",
            "grade_held",
            "grade_counts",
            "deciding",
            "one_at_a_time",
            "assumed_weights",
        ]
        assert data["assumed_weights"] == [
            "information_disclosure_rate",
            "budget_execution_rate",
            "asset_management_safety",
            "fixed_asset_utilisation_rate",
            "sports_events",
            "compulsory_education_consolidation_rate",
            "inclusive_preschool_share",
            "public_kindergarten_share",
            "disabled_children_enrolment_rate",
            "academic_test_pass_rate_grade10",
            "academic_test_pass_rate_grade11",
            "undergraduate_admission_rate",
            "undergraduate_rate_change",
            "key_university_rate",
            "pilot_admissions",
            "sports_participants",
        ]
        rows = {o["id"]: o for o in data["one_at_a_time"]}
        assert rows["budget_execution_rate"]["points_assumed"] == [
            {
                "scope": "indicator",
                "name": "预算执行率",
                "name_en": "Budget execution rate",
                "reason": "模板中预算管理其余 9 分不可读，本行取其中 6 分",
            }
        ]
        assert "points_assumed" not in rows["staff_control_rate"]
        assert list(rows["staff_control_rate"]) == [
            "id",
            "weight",
            "low_total",
            "high_total",
            "low_grade",
            "high_grade",
        ]
        assert "grades_assumed" not in data

    def test_an_assumed_grade_band(self) -> None:
        """The small example's 良 from 16: in the JSON and under the text report."""
        result = run("sensitivity", str(SMALL), "--weights", str(SMALL_ASSUMED), "--draws", "0")
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        assert out.endswith(
            "\n※ 等级：“良”从 16 分起为假设（本地未公布等级标准，按全国标准的 80% 折算）\n"
        )
        result = run(
            "sensitivity",
            str(SMALL),
            "--weights",
            str(SMALL_ASSUMED),
            "--draws",
            "0",
            "--format",
            "json",
        )
        data = json.loads(result.stdout)
        assert data["assumed_weights"] == ["staff_control_rate", "budget_execution_rate"]
        assert data["grades_assumed"] == [
            {
                "name": "良",
                "name_en": "good",
                "min": 16,
                "reason": "本地未公布等级标准，按全国标准的 80% 折算",
            }
        ]
