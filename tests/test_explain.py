"""The narrative: what lost points, what wins them back, the next grade, deviation reasons."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from reports_helpers import (
    EXAMPLE,
    below_excellent_card,
    example_card,
    example_case,
    example_variant,
    run,
)
from scoring.analysis.explain import explain
from scoring.core.engine import score
from scoring.core.errors import ScoringError
from scoring.core.model import DEFAULT_GRADES, GradeBand, OverAchievement
from scoring.core.record import evolve
from scoring.files.case import load_case
from scoring.rendering.reports import render_explanation


class TestNarrative:
    def test_chinese_names_the_loss_and_how_to_earn_it_back(self) -> None:
        """The shipped example: 特控线上线率 34.16% → 35% adds 0.12 points, in Chinese."""
        text = render_explanation(explain(example_card()), "text", "zh")
        assert "总分 99.88 分（满分 100 分），等级为“优”。" in text
        # ※: its target and the points of 效果 are assumed (tests/test_assumed_reports.py).
        assert "1. 特控线上线率 ※（效果 / 社会效益，分值 5 分）：失 0.12 分。" in text
        assert "将特控线上线率从 34.16% 提高到目标 35%，可增加 0.12 分。" in text
        assert "评分标准：达到目标得满分；未达到按 实际值 ÷ 目标值 × 5 分计分。" in text

    def test_english_names_the_loss_and_how_to_earn_it_back(self) -> None:
        """With --lang en the same facts are said in English."""
        text = render_explanation(explain(example_card()), "text", "en")
        assert "Total 99.88 of 100 points, grade excellent" in text
        assert (
            "Raising Key-university admission-line rate from 34.16% to the 35% target adds"
            " 0.12 points." in text
        )
        assert "(Effect / Social benefit, worth 5)" in text

    def test_command_prints_the_narrative(self) -> None:
        """`scoring explain FACTS` prints the narrative and exits 0."""
        result = run("explain", str(EXAMPLE))
        assert result.returncode == 0, result.stderr.decode()
        assert "可增加 0.12 分" in result.stdout.decode("utf-8")

    def test_json_holds_the_same_content(self) -> None:
        """The JSON form lists each loss with the points meeting the target earns back."""
        data = json.loads(render_explanation(explain(example_card()), "json"))
        assert data["total"] == 99.88
        assert [(x["id"], x["lost"], x["gain_at_target"]) for x in data["losses"]] == [
            ("key_university_rate", 0.12, 0.12)
        ]
        assert data["next_grade"] is None


class TestLosses:
    def test_largest_loss_first(self) -> None:
        """Rows are listed by points lost, largest first; equal losses keep the sheet order."""
        losses = explain(below_excellent_card()).losses
        assert [(x.row.id, x.lost) for x in losses] == [
            ("staff_control_rate", Decimal("5.00")),
            ("sports_events", Decimal("2.50")),
            ("sports_participants", Decimal("2.50")),
            ("key_university_rate", Decimal("0.12")),
        ]

    def test_deduction_row_is_earned_back_by_lowering_to_the_standard(self) -> None:
        """94 staff on 85 posts (110.59%) lose all 5 points; back to 100% earns the 5."""
        card = below_excellent_card()
        loss = next(x for x in explain(card).losses if x.row.id == "staff_control_rate")
        assert loss.gain == Decimal("5.00")
        assert loss.to_value == Decimal(100)
        text = render_explanation(explain(card), "text", "zh")
        assert "将在职人员控制率从 110.59% 降低到目标 100%，可增加 5 分。" in text


class TestNextGrade:
    def test_points_needed_and_the_fewest_changes(self) -> None:
        """At 89.88, 优 is 0.12 away and one row (the largest gain) gets there."""
        card = below_excellent_card()
        assert card.total == Decimal("89.88")
        step = explain(card).next_grade
        assert step is not None
        assert step.band.name == "优"
        assert step.needed == Decimal("0.12")
        assert [x.row.id for x in step.changes] == ["staff_control_rate"]
        text = render_explanation(explain(card), "text", "zh")
        assert "距上一等级“优”（90 分）还差 0.12 分。" in text
        assert "最少需让 1 项指标达到目标：在职人员控制率（+5）。" in text

    def test_several_rows_when_one_is_not_enough(self) -> None:
        """With the next grade at 97, 7.12 points are needed: 5 + 2.5 is the fewest (two rows)."""
        grades = (GradeBand("甲", Decimal(97)), *DEFAULT_GRADES[1:])
        step = explain(below_excellent_card(), grades=grades).next_grade
        assert step is not None
        assert step.needed == Decimal("7.12")
        assert len(step.changes) == 2
        assert step.changes[0].row.id == "staff_control_rate"
        assert step.reachable

    def test_unreachable_grade_says_so(self) -> None:
        """A grade above what meeting every target gives is reported as out of reach."""
        grades = (GradeBand("满", Decimal("100.5")), *DEFAULT_GRADES)
        expl = explain(example_card(), grades=grades)
        assert expl.next_grade is not None
        assert not expl.next_grade.reachable
        assert expl.next_grade.changes == ()
        assert "达不到“满”" in render_explanation(expl, "text", "zh")

    def test_top_grade_has_no_next(self) -> None:
        """At 优 the narrative says it is the top grade and how far full marks are."""
        text = render_explanation(explain(example_card()), "text", "zh")
        assert "已是最高等级“优”；距满分还差 0.12 分。" in text


class TestDeviations:
    def test_below_target_and_far_beyond_are_flagged(self) -> None:
        """Below target, or at 130% of it or more (17 of 13 pilots is 130.8%), needs a reason."""
        expl = explain(example_card())
        flagged = [(d.row.id, d.kind) for d in expl.deviations]
        assert flagged == [
            ("sports_events", "over"),
            ("key_university_rate", "below"),
            ("pilot_admissions", "over"),
            ("sports_participants", "over"),
        ]

    def test_profile_threshold_decides(self) -> None:
        """The profile's flag_at 150: 145 events of 100 need no reason; 15 of 10 万人 (150%) do."""
        case = example_case()
        weights = evolve(case.weights, over_achievement=OverAchievement(Decimal(150)))
        card = score(case.indicators, weights, case.facts)
        expl = explain(card)
        over = [d.row.id for d in expl.deviations if d.kind == "over"]
        assert over == ["sports_participants"]
        assert over == [r.id for r in card.rows if r.flagged]
        text = render_explanation(expl, "text", "zh")
        assert "完成值达到目标 150%" in text
        assert "举办全民健身赛事活动" not in text.split("偏差原因分析及改进措施")[1]

    def test_indicator_threshold_decides(self) -> None:
        """An indicator's own flag_at 200 keeps 145 events of 100 out of the reasons asked."""
        case = example_case()
        inds = tuple(
            evolve(i, over_achievement=OverAchievement(Decimal(200)))
            if i.id == "sports_events"
            else i
            for i in case.indicators
        )
        expl = explain(score(inds, case.weights, case.facts))
        over = [d.row.id for d in expl.deviations if d.kind == "over"]
        assert over == ["pilot_admissions", "sports_participants"]

    def test_flag_off_asks_only_for_misses(self) -> None:
        """With flag_at 0 nothing beaten needs a reason, and the words say only misses count."""
        case = example_case()
        weights = evolve(case.weights, over_achievement=OverAchievement(Decimal(0)))
        expl = explain(score(case.indicators, weights, case.facts))
        assert [(d.row.id, d.kind) for d in expl.deviations] == [("key_university_rate", "below")]
        assert expl.over_threshold is None
        assert "偏差原因分析及改进措施（未达目标的指标）" in render_explanation(expl, "text", "zh")

    def test_command_line_sets_the_profile_threshold(self) -> None:
        """explain --over-threshold 150 scores with flag_at 150: one threshold, table and list."""
        done = run("explain", str(EXAMPLE), "--over-threshold", "150", "--format", "json")
        assert done.returncode == 0, done.stderr.decode()
        doc = json.loads(done.stdout)
        assert doc["over_threshold"] == 1.5
        over = [d["id"] for d in doc["deviations"] if d["kind"] == "over"]
        assert over == ["sports_participants"]

    def test_command_line_refuses_a_threshold_under_100(self) -> None:
        """--over-threshold 90 is no flag (a percent of the target above 100): exit 2."""
        done = run("explain", str(EXAMPLE), "--over-threshold", "90")
        assert done.returncode == 2
        assert "above 100" in done.stderr.decode()

    def test_rows_lacking_a_reason_are_listed(self) -> None:
        """A reason given for one row leaves the other flagged rows listed as lacking one."""
        expl = explain(example_card(), reasons={"key_university_rate": "生源质量波动"})
        assert [d.row.id for d in expl.missing_reasons] == [
            "sports_events",
            "pilot_admissions",
            "sports_participants",
        ]
        text = render_explanation(expl, "text", "zh")
        assert "原因：生源质量波动" in text
        assert "尚缺偏差原因的指标（3 项）" in text

    @pytest.mark.parametrize("fmt", ["text", "markdown"])
    def test_a_reason_over_several_lines_stays_in_its_item(self, fmt: str) -> None:
        """A reason written as a YAML block (a line break after each sentence, one at the
        end) goes on under its row, indented two spaces (in Markdown: the same list item);
        a blank line in it stays blank; the next row starts its own item."""
        reason = "生源质量波动。\n\n下一年度加强培优。\n"
        expl = explain(example_card(), reasons={"key_university_rate": reason})
        lines = render_explanation(expl, fmt, "zh").splitlines()
        at = next(i for i, line in enumerate(lines) if "原因：生源质量波动。" in line)
        assert lines[at].endswith("原因：生源质量波动。")
        assert lines[at + 1 : at + 4] == ["", "  下一年度加强培优。", lines[at + 3]]
        assert lines[at + 3].startswith("- 空军海军招飞录取人数")


REASON = "生源质量波动，加强培优。"


class TestReasonsInFactsFile:
    def test_reasons_are_read_and_shown(self, tmp_path: Path) -> None:
        """A top-level `reasons:` mapping in the facts file reaches the narrative."""
        path = example_variant(
            tmp_path,
            "with-reasons.yaml",
            {"\nfacts:\n": f"\nreasons:\n  key_university_rate: {REASON}\n\nfacts:\n"},
        )
        assert load_case(path).facts.reasons == {"key_university_rate": REASON}
        out = run("explain", str(path)).stdout.decode("utf-8")
        assert "原因：生源质量波动，加强培优。" in out
        assert "尚缺偏差原因的指标（3 项）" in out

    def test_reason_for_an_unknown_indicator_is_an_error(self, tmp_path: Path) -> None:
        """A reason keyed by an id that is no indicator is refused with a hint."""
        path = example_variant(
            tmp_path, "bad.yaml", {"\nfacts:\n": "\nreasons:\n  key_univ_rate: x\n\nfacts:\n"}
        )
        with pytest.raises(ScoringError, match="key_univ_rate") as info:
            load_case(path)
        assert "key_university_rate" in (info.value.hint or "")

    def test_empty_reason_is_an_error(self, tmp_path: Path) -> None:
        """An empty reason is refused, exit 2 on the command line."""
        path = example_variant(
            tmp_path,
            "empty.yaml",
            {"\nfacts:\n": "\nreasons:\n  key_university_rate: ''\n\nfacts:\n"},
        )
        result = run("explain", str(path))
        assert result.returncode == 2
        assert "must be non-empty text" in result.stderr.decode("utf-8")

    def test_case_without_reasons_has_none(self) -> None:
        """The shipped example gives no reasons."""
        assert dict(example_case().facts.reasons) == {}
