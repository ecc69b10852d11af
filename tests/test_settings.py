"""The sheet settings: each changes the score as documented and says so in the output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    ManualDeduction,
    MissingFactsError,
    NotApplicable,
    OverAchievement,
    ScoringError,
    TargetSetting,
    Veto,
    load_case,
    load_weights,
    parse_target,
    render,
    score,
)
from scoring.core.record import evolve
from scoring.core.rules import Met, Proportional, Reverse
from strategies_rules import ROOT, facts, indicator, profile

D = Decimal

# A small sheet: three higher-is-better rows worth 5, 15 and 80.
ROWS = [
    indicator("a", Proportional(), ">= 100", level1="产出", level2="数量"),
    indicator("b", Proportional(), ">= 100", level1="产出", level2="数量"),
    indicator("c", Proportional(), ">= 100", level1="效果", level2="效益"),
]
POINTS = {"a": 5, "b": 15, "c": 80}
MET = {"a": 100, "b": 100, "c": 100}


def card(values: dict[str, object] | None = None, *, rows=ROWS, points=POINTS, **kw: object):  # type: ignore[no-untyped-def]
    weights_kw = {k: v for k, v in kw.items() if k in _PROFILE_KEYS}
    facts_kw = {k: v for k, v in kw.items() if k in _FACTS_KEYS}
    call_kw = {k: v for k, v in kw.items() if k == "missing"}
    return score(
        rows,
        profile(rows, points, **weights_kw),
        facts(values or MET, **facts_kw),
        **call_kw,  # type: ignore[arg-type]
    )


_PROFILE_KEYS = {"value_decimals", "over_achievement", "missing_facts", "vetoes", "decimals"}
_FACTS_KEYS = {"not_applicable", "deductions", "reasons"}


class TestValueRounding:
    def test_profile_rounds_every_rate(self) -> None:
        """With value_decimals 0, 49.88 of a ≥100 target scores as 50: 2.5 of 5."""
        got = card({**MET, "a": D("49.88")}, value_decimals=0)
        row = got.row("a")
        assert row.points == D("2.5")
        assert row.raw_value == D("49.88")
        assert "四舍五入为 50" in row.explanation.zh
        assert any("先四舍五入" in n.zh for n in got.notes)

    def test_indicator_overrides_profile(self) -> None:
        """An indicator's own value_decimals wins over the profile's."""
        rows = [evolve(ROWS[0], value_decimals=1), *ROWS[1:]]
        got = card({**MET, "a": D("49.88")}, rows=rows, value_decimals=0)
        assert got.row("a").value == D("49.9")

    def test_off_by_default(self) -> None:
        """Without the setting the exact value is scored: 49.88% of 5 is 2.494, 2.49."""
        row = card({**MET, "a": D("49.88")}).row("a")
        assert row.points == D("2.49")
        assert row.raw_value is None


class TestOverAchievement:
    def test_flag_at_130_by_default(self) -> None:
        """130 against ≥100 is flagged for a deviation reason; 129.99 is not."""
        got = card({**MET, "a": 130, "b": D("129.99")})
        assert got.row("a").over_achievement == 130
        assert got.row("b").over_achievement is None
        assert "需说明偏差原因" in got.row("a").explanation.zh
        assert any("偏差原因" in n.zh for n in got.notes)

    def test_reason_from_facts_is_shown(self) -> None:
        """A flagged row with a deviation reason in the facts shows it instead of asking."""
        got = card({**MET, "a": 150, "b": 150}, reasons={"a": "新增赛事。"})
        assert "偏差原因：“新增赛事”" in got.row("a").explanation.zh
        assert "需说明偏差原因" in got.row("b").explanation.zh
        assert any("尚未说明原因：b" in n.zh for n in got.notes)

    def test_flag_alone_changes_no_points(self) -> None:
        """A flag without a reduction leaves the points alone."""
        assert card({**MET, "a": 200}).row("a").points == 5

    def test_reduction(self) -> None:
        """With reduce_by 20, a flagged 5-point row earns 5 × 0.8 = 4."""
        got = card({**MET, "a": 200}, over_achievement=OverAchievement(D(130), D(20)))
        assert got.row("a").points == 4
        assert got.row("a").reduced_by == 20
        assert got.total == 99

    def test_lower_is_better(self) -> None:
        """A ≤100 cost of 76 is 131.58% beaten (100 ÷ 76): flagged."""
        cost = indicator("cost", Reverse(), "<= 100")
        got = score([cost], profile([cost], {"cost": 5}), facts({"cost": 76}))
        assert got.row("cost").over_achievement is not None

    def test_off(self) -> None:
        """flag_at 0 turns the flag off."""
        got = card({**MET, "a": 500}, over_achievement=OverAchievement(D(0)))
        assert got.row("a").over_achievement is None

    def test_yaml(self, tmp_path: Path) -> None:
        """A weights profile states the flag and the reduction in percent."""
        text = (ROOT / "weights" / "national-project.yaml").read_text(encoding="utf-8")
        path = tmp_path / "w.yaml"
        path.write_text(text + "over_achievement: {flag_at: 150, reduce_by: 10}\n", "utf-8")
        assert load_weights(path).over_achievement == OverAchievement(D(150), D(10))

    def test_yaml_flag_below_100_refused(self, tmp_path: Path) -> None:
        """A flag at 90% of the target makes no sense and is refused where it stands."""
        text = (ROOT / "weights" / "national-project.yaml").read_text(encoding="utf-8")
        path = tmp_path / "w.yaml"
        path.write_text(text + "over_achievement: {flag_at: 90}\n", "utf-8")
        with pytest.raises(ScoringError, match="flag_at") as info:
            load_weights(path)
        assert info.value.location is not None
        assert info.value.location.line == text.count("\n") + 1

    @given(st.decimals(0, 400, places=2), st.decimals(0, 400, places=2))
    def test_reduction_is_the_one_non_monotone_setting(self, x: Decimal, y: Decimal) -> None:
        """Monotone on each side of the flag, but not across it: that is the exception.

        The reduction punishes a target set too low, so a result just past the
        flag may earn less than one just below it. On either side alone, more
        is never worse.
        """
        setting = OverAchievement(D(130), D(20))
        low, high = sorted((x, y))
        a = card({**MET, "a": low}, over_achievement=setting).row("a").points
        b = card({**MET, "a": high}, over_achievement=setting).row("a").points
        if (low >= 130) == (high >= 130):
            assert a <= b
        assert 0 <= a <= 5
        assert 0 <= b <= 5

    def test_reduction_crossing_the_flag_loses(self) -> None:
        """The exception made concrete: 129 earns 5, 130 earns only 4."""
        setting = OverAchievement(D(130), D(20))
        assert card({**MET, "a": 129}, over_achievement=setting).row("a").points == 5
        assert card({**MET, "a": 130}, over_achievement=setting).row("a").points == 4


class TestNotApplicable:
    def test_dropped_and_rescaled(self) -> None:
        """Dropping the 5-point row scales the others by 100 ÷ 95: b is worth 15.79."""
        na = {"a": NotApplicable("a", "本年无此项业务")}
        got = card({**MET, "b": 50}, not_applicable=na)
        with pytest.raises(KeyError):
            got.row("a")
        b = got.row("b")
        assert b.base_max_points == 15
        # 15 × 100 ÷ 95 = 15.789…, 80 × 100 ÷ 95 = 84.210…: cut to 15.78 and 84.21
        # (99.99), and the cent left over goes to the larger remainder, b's.
        assert b.max_points == D("15.79")
        assert got.row("c").max_points == D("84.21")
        assert b.points == D("7.90")  # 50% of 15.79 = 7.895, half up
        assert got.total == D("92.11")
        assert got.rescale is not None
        assert got.not_applicable[0].id == "a"
        assert any("100 ÷ 95" in n.zh for n in got.notes)
        assert "本年无此项业务" in render(got, "text")

    def test_json_lists_dropped_rows(self) -> None:
        """The JSON document names the dropped rows, their reason and the factor."""
        got = card(not_applicable={"a": NotApplicable("a", "无此项")})
        doc = json.loads(render(got, "json"))
        assert doc["not_applicable"][0]["id"] == "a"
        assert doc["not_applicable"][0]["cause"] == "facts"
        assert doc["rescale"] == pytest.approx(100 / 95)
        assert doc["indicators"][0]["base_max_points"] == 15

    def test_dropped_row_needs_no_facts(self) -> None:
        """A row marked not applicable is scored without its facts: none is asked for."""
        na = {"a": NotApplicable("a", "本年无此项业务")}
        got = card({"b": 100, "c": 100}, not_applicable=na)
        assert [r.id for r in got.rows] == ["b", "c"]
        assert got.total == 100

    def test_one_point_left_is_scaled_to_the_full_score(self) -> None:
        """Rows of 1, 19 and 80 with the 19 and 80 dropped: 100 ÷ 1 = 100 times, a is worth 100."""
        na = {k: NotApplicable(k, "不适用") for k in ("b", "c")}
        got = card(not_applicable=na, points={"a": 1, "b": 19, "c": 80})
        assert got.rescale == 100
        assert [(r.id, r.max_points, r.points) for r in got.rows] == [("a", 100, 100)]
        assert got.total == 100

    def test_unknown_row_refused(self) -> None:
        """Marking a row that is not in the profile is an error."""
        with pytest.raises(ScoringError, match="not a row"):
            card(not_applicable={"zz": NotApplicable("zz", "x")})

    @given(st.sets(st.sampled_from(["a", "b", "c"]), max_size=2))
    def test_maxima_still_add_up_to_full(self, dropped: set[str]) -> None:
        """Whatever is dropped, the rows left are worth the full score together."""
        na = {k: NotApplicable(k, "不适用") for k in dropped}
        got = card(not_applicable=na)
        assert sum((r.max_points for r in got.rows), D(0)) == 100
        assert got.total == sum((r.points for r in got.rows), D(0))


class TestManualDeduction:
    def test_deduction_with_reason(self) -> None:
        """A reviewer's 1-point deduction takes 15 to 14 and states the reason on the row."""
        ded = {"b": ManualDeduction("b", D(1), "资料不完整")}
        got = card(deductions=ded)
        row = got.row("b")
        assert row.points == 14
        assert row.rule_points == 15
        assert "资料不完整" in row.explanation.zh
        assert got.total == 99
        assert json.loads(render(got, "json"))["indicators"][1]["manual_deduction"] == {
            "points": 1,
            "reason": "资料不完整",
        }

    def test_floor_zero(self) -> None:
        """A deduction larger than the row's points leaves 0."""
        got = card(deductions={"a": ManualDeduction("a", D(9), "严重违规")})
        assert got.row("a").points == 0
        assert got.total == 95

    def test_listed_in_a_note(self) -> None:
        """Each deduction in the notes, in the rows' order, with its points and reason."""
        ded = {
            "b": ManualDeduction("b", D(1), "资料不完整"),
            "a": ManualDeduction("a", D("0.5"), "迟报"),
        }
        notes = [n for n in card(deductions=ded).notes if n.zh.startswith("人工扣分")]
        assert [(n.zh, n.en) for n in notes] == [
            (
                "人工扣分：a 扣 0.5 分（迟报）；b 扣 1 分（资料不完整）",
                "reviewer's deductions: a -0.5 (迟报); b -1 (资料不完整)",
            )
        ]

    @given(st.decimals("0.01", 20, places=2), st.decimals("0.01", 20, places=2))
    def test_more_deduction_never_more_points(self, x: Decimal, y: Decimal) -> None:
        """A larger deduction never leaves more points; the row stays within [0, max]."""
        low, high = sorted((x, y))
        a = card(deductions={"a": ManualDeduction("a", low, "r")}).row("a").points
        b = card(deductions={"a": ManualDeduction("a", high, "r")}).row("a").points
        assert 0 <= b <= a <= 5


VETO_ROWS = [
    *ROWS[:2],
    indicator("c", Proportional(), ">= 100", level1="效果", level2="效益"),
    indicator("safety", Met(), "<= 0", level1="效果", level2="效益"),
]
VETO_POINTS = {"a": 5, "b": 15, "c": 75, "safety": 5}


class TestVeto:
    def test_failed_veto_caps_the_grade(self) -> None:
        """A failed safety row caps 95 points at 中, whatever the total."""
        got = card(
            {**MET, "safety": 1},
            rows=VETO_ROWS,
            points=VETO_POINTS,
            vetoes=(Veto("safety", "中"),),
        )
        assert got.total == 95
        assert got.grade.name == "中"
        assert got.grade_before_veto is not None
        assert got.grade_before_veto.name == "优"
        assert got.vetoed_by == ("safety",)
        assert any("一票否决" in n.zh for n in got.notes)

    def test_met_veto_leaves_grade(self) -> None:
        """A met veto row changes nothing."""
        got = card(
            {**MET, "safety": 0},
            rows=VETO_ROWS,
            points=VETO_POINTS,
            vetoes=(Veto("safety", "中"),),
        )
        assert got.grade.name == "优"
        assert got.grade_before_veto is None

    def test_cap_never_raises_a_grade(self) -> None:
        """A total already below the cap keeps its own, lower grade."""
        got = card(
            {"a": 0, "b": 0, "c": 40, "safety": 1},
            rows=VETO_ROWS,
            points=VETO_POINTS,
            vetoes=(Veto("safety", "中"),),
        )
        assert got.grade.name == "差"

    def test_yaml_cap_must_be_a_grade(self, tmp_path: Path) -> None:
        """A veto naming no grade of the profile is refused."""
        text = (ROOT / "weights" / "national-project.yaml").read_text(encoding="utf-8")
        path = tmp_path / "w.yaml"
        path.write_text(text + "veto: {output_quality_rate: 很好}\n", "utf-8")
        with pytest.raises(ScoringError, match="best grade left"):
            load_weights(path)


class TestMissingFacts:
    def test_error_by_default(self) -> None:
        """By default a missing fact is an error naming it."""
        with pytest.raises(MissingFactsError, match="a"):
            card({"b": 100, "c": 100})

    def test_zero(self) -> None:
        """Policy zero scores the row 0 and says which facts were missing."""
        got = card({"b": 100, "c": 100}, missing="zero")
        assert got.row("a").points == 0
        assert got.row("a").missing_facts == ("a",)
        assert got.missing_rows == ("a",)
        assert got.total == 95
        assert any("缺数据" in n.zh for n in got.notes)

    def test_not_applicable(self) -> None:
        """Policy not-applicable drops the row and rescales the rest to 100."""
        got = card({"b": 100, "c": 100}, missing="not-applicable")
        assert got.total == 100
        assert got.not_applicable[0].cause == "missing"
        assert got.missing_rows == ("a",)

    def test_profile_policy(self) -> None:
        """The profile's missing_facts applies when the run does not say."""
        got = card({"b": 100, "c": 100}, missing_facts="zero")
        assert got.row("a").points == 0

    def test_run_overrides_profile(self) -> None:
        """The run's policy wins over the profile's."""
        with pytest.raises(MissingFactsError):
            card({"b": 100, "c": 100}, missing_facts="zero", missing="error")

    def test_cli_flag(self, tmp_path: Path) -> None:
        """`--missing zero` scores a facts file with a missing fact and names the row."""
        example = (ROOT / "examples" / "yueyang-education-2023.yaml").read_text("utf-8")
        cut = re.sub(r"\n  sports_participants_10k:\n(    .*\n)+", "\n", example)
        assert "sports_participants_10k" not in cut
        facts_path = tmp_path / "facts.yaml"
        facts_path.write_text(cut, "utf-8")
        run = [sys.executable, "-m", "scoring", "score", str(facts_path), "--format", "json"]
        failed = subprocess.run(run, capture_output=True, check=False)
        assert failed.returncode == 2
        assert b"sports_participants_10k" in failed.stderr
        ok = subprocess.run([*run, "--missing", "zero"], capture_output=True, check=False)
        assert ok.returncode == 0, ok.stderr.decode()
        doc = json.loads(ok.stdout)
        assert doc["missing_policy"] == "zero"
        assert doc["missing_rows"] == ["sports_participants"]
        assert doc["total"] == pytest.approx(94.88)  # 99.88 without the 5-point row


class TestAddingUp:
    @given(
        st.fixed_dictionaries({k: st.decimals(0, 200, places=2) for k in ("a", "b", "c")}),
        st.sampled_from([None, 0, 1]),
        st.sampled_from([0, 2]),
        st.sets(st.sampled_from(["a", "b"]), max_size=1),
    )
    def test_total_is_sum_of_rounded_rows(
        self,
        values: dict[str, Decimal],
        value_decimals: int | None,
        decimals: int,
        dropped: set[str],
    ) -> None:
        """With any settings, the total is the sum of the printed rows and each row is bounded."""
        got = card(
            values,  # type: ignore[arg-type]
            value_decimals=value_decimals,
            decimals=decimals,
            not_applicable={k: NotApplicable(k, "x") for k in dropped},
            deductions={"c": ManualDeduction("c", D(1), "r")},
        )
        assert got.total == sum((r.points for r in got.rows), D(0))
        assert got.total == sum((c.points for c in got.categories), D(0))
        for row in got.rows:
            assert 0 <= row.points <= row.max_points + D("0.5")
            assert row.points == row.points.quantize(D(1).scaleb(-decimals))


class TestYearTargetsInFacts:
    def test_deadline_and_words_in_facts_file(self, tmp_path: Path) -> None:
        """A facts file may set a deadline target and a target in words for its year."""
        (tmp_path / "ind.yaml").write_text(
            "indicators:\n"
            "  - {id: done_by, name: 完成时间, level1: 产出, level2: 时效,"
            " target: 12月前, rule: met}\n"
            "  - {id: on_time, name: 按时完成, level1: 产出, level2: 时效,"
            " target: 是, rule: met}\n",
            encoding="utf-8",
        )
        (tmp_path / "w.yaml").write_text(
            "id: w\nname: 表\nfull_score: 10\ncategories:\n"
            "  - {name: 产出, points: 10, groups: [{name: 时效, points: 10}]}\n"
            "points: {done_by: 5, on_time: 5}\n",
            encoding="utf-8",
        )
        (tmp_path / "facts.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: [ind.yaml]\nweights: w.yaml\n"
            "facts:\n  done_by: 10月\n  on_time: false\n"
            "targets:\n  done_by: {target: 9月底前}\n  on_time: {target: 按合同约定时间完成}\n",
            encoding="utf-8",
        )
        case = load_case(tmp_path / "facts.yaml")
        got = score(case.indicators, case.weights, case.facts)
        assert str(got.row("done_by").target) == "9月底前"
        assert got.row("done_by").points == 0  # month 10 is after the 9月底前 deadline
        assert got.row("done_by").met is False
        assert str(got.row("on_time").target) == "按合同约定时间完成"
        assert got.total == 0

    def test_words_refused_for_a_numeric_rule(self, tmp_path: Path) -> None:
        """A target in words for a proportional row is an error at its line."""
        (tmp_path / "facts.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: [project-common]\nweights: national-project\n"
            "facts: {}\ntargets:\n  output_quality_rate: {target: 全部合格}\n",
            encoding="utf-8",
        )
        with pytest.raises(ScoringError, match="not a number") as info:
            load_case(tmp_path / "facts.yaml")
        assert info.value.location is not None
        assert info.value.location.line == 7


class TestMonotoneSettings:
    @given(st.decimals(0, 200, places=3), st.decimals(0, 200, places=3), st.integers(0, 2))
    def test_value_rounding_keeps_rules_monotone(self, x: Decimal, y: Decimal, n: int) -> None:
        """Rounding the value first never lets a better value earn fewer points."""
        low, high = sorted((x, y))
        a = card({**MET, "a": low}, value_decimals=n).row("a").points
        b = card({**MET, "a": high}, value_decimals=n).row("a").points
        assert 0 <= a <= b <= 5

    @given(st.decimals(0, 100, places=2), st.decimals(0, 100, places=2), st.booleans())
    def test_veto_grade_monotone_in_total(self, x: Decimal, y: Decimal, failed: bool) -> None:
        """With the veto row fixed, a higher total never gets a worse grade."""
        low, high = sorted((x, y))
        ranks = {"优": 3, "良": 2, "中": 1, "差": 0}

        def grade(c_value: Decimal) -> int:
            got = card(
                {"a": 100, "b": 100, "c": c_value, "safety": 1 if failed else 0},
                rows=VETO_ROWS,
                points=VETO_POINTS,
                vetoes=(Veto("safety", "中"),),
            )
            assert not failed or ranks[got.grade.name] <= ranks["中"]
            return ranks[got.grade.name]

        assert grade(low) <= grade(high)


class TestYearTargetChecked:
    def test_year_target_must_fit_the_rule(self) -> None:
        """A facts-file target with the wrong operator for its rule is refused, not misread."""
        targets = {"a": TargetSetting("a", parse_target("<= 100", ""))}
        with pytest.raises(ScoringError, match="target set for 'a' does not fit"):
            score(ROWS, profile(ROWS, POINTS), evolve(facts(MET), targets=targets))
