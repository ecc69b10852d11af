"""Checklist, levels and qualitative rules: their words, 0-point rows and what they load.

The cases mutation testing found no test telling apart: the English list of
items met and not met, the bands of points a qualitative rule describes
(an excluded lower end kept), levels of equal points, a 0-point levels row,
and item weights and level points that must be positive or 0.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import ScoringError, Target, load_indicators
from scoring.core.rules import (
    Checklist,
    Interval,
    Item,
    Level,
    Levels,
    Qualitative,
    QualitativeBand,
)

D = Decimal
WORDS = Target.described("达成")
# Weights 1, 1 and 2: the total weight is 4.
CHECKLIST = Checklist(
    (
        Item("exists", "制度健全", D(1)),
        Item("effective", "执行有效", D(1)),
        Item("archive", "档案完整", D(2)),
    )
)


class TestChecklistWords:
    def test_some_met(self) -> None:
        """One item of weight 1 of 4 met: 25%, both lists named."""
        why = CHECKLIST.assess(("exists",), WORDS, D(10)).why
        assert why.zh == "已达成：“制度健全”；未达成：“执行有效”“档案完整”；按 1 ÷ 4 = 25% 计分"
        assert why.en == "met: exists; not met: effective, archive; scored 1 ÷ 4 = 25%"

    def test_none_met(self) -> None:
        why = CHECKLIST.assess((), WORDS, D(10)).why
        assert why.zh.startswith("已达成：无；未达成：“制度健全”“执行有效”“档案完整”")
        assert why.en == "met: none; not met: exists, effective, archive; scored 0 ÷ 4 = 0%"

    def test_all_met(self) -> None:
        """By name or id alike; 4 of 4 is 100%."""
        assessment = CHECKLIST.assess(("制度健全", "effective", "archive"), WORDS, D(10))
        assert assessment.share == 1
        assert assessment.why.en == (
            "met: exists, effective, archive; not met: none; scored 4 ÷ 4 = 100%"
        )
        assert "未达成：无" in assessment.why.zh


class TestQualitativeDescribed:
    def test_bands_best_first_in_points_with_their_ends(self) -> None:
        """[0, 60] and (60, 100] of a 5-point row are [0, 3] and (3, 5] points: the excluded
        lower end 60 stays excluded as 3."""
        rule = Qualitative(
            (
                QualitativeBand("低", Interval(D(0), D(60), True, True)),
                QualitativeBand("高", Interval(D(60), D(100), False, True), "high"),
            )
        )
        said = rule.describe(WORDS, D(5))
        assert (
            said.zh
            == "定性评价，在所选档次内评分：高 (60, 100]%（(3, 5] 分）；低 [0, 60]%（[0, 3] 分）"
        )
        assert said.en == (
            "qualitative, scored within the chosen band: high (60, 100]% ((3, 5] points);"
            " 低 [0, 60]% ([0, 3] points)"
        )


class TestLevels:
    def test_a_zero_point_row_earns_nothing(self) -> None:
        """A row worth 0 earns a share of 0 whatever the level."""
        rule = Levels((Level("好", D(2)), Level("差", D(0))))
        assert rule.assess("好", WORDS, D(0)).exact_share == 0

    def test_a_level_above_the_row_is_capped_at_the_row(self) -> None:
        """A level of 2 points on a 1-point row earns the row's 1, a share of 1."""
        rule = Levels((Level("好", D(2)), Level("差", D(0))))
        assert rule.assess("好", WORDS, D(1)).exact_share == 1


def load_rule(tmp_path: Path, rule_yaml: str) -> object:
    path = tmp_path / "ind.yaml"
    path.write_text(
        "indicators:\n  - id: row\n    name: 行\n    level1: 过程\n    level2: 预算执行\n"
        f"    target: '达成'\n    rule:\n{rule_yaml}",
        encoding="utf-8",
    )
    return load_indicators(path)


class TestLoaded:
    def test_an_item_keeps_its_name_beside_its_id(self, tmp_path: Path) -> None:
        (ind,) = load_rule(  # type: ignore[misc]
            tmp_path,
            "      kind: checklist\n      items:\n        - {id: exists, name: 制度健全}\n"
            "        - {id: effective}\n",
        )
        assert [(i.id, i.name) for i in ind.rule.items] == [
            ("exists", "制度健全"),
            ("effective", "effective"),
        ]

    def test_levels_of_equal_points_load(self, tmp_path: Path) -> None:
        """Points may not rise down the list; equal points do not rise."""
        (ind,) = load_rule(  # type: ignore[misc]
            tmp_path,
            "      kind: levels\n      levels:\n        - {name: 好, points: 2}\n"
            "        - {name: 较好, points: 2}\n        - {name: 差, points: 0}\n",
        )
        assert [lv.points for lv in ind.rule.levels] == [D(2), D(2), D(0)]

    @pytest.mark.parametrize(
        ("rule_yaml", "message"),
        [
            (
                "      kind: checklist\n      items:\n        - {id: a, weight: 0}\n",
                "'weight' must be above 0, not 0",
            ),
            (
                "      kind: levels\n      levels:\n        - {name: 好, points: -1}\n",
                "'points' cannot be negative (-1)",
            ),
        ],
    )
    def test_weights_positive_and_points_not_negative(
        self, tmp_path: Path, rule_yaml: str, message: str
    ) -> None:
        """An item of weight 0 counts for nothing and a level of -1 points takes points
        away: both are refused at their line (line 10)."""
        with pytest.raises(ScoringError, match=re.escape(message)) as info:
            load_rule(tmp_path, rule_yaml)
        assert info.value.location is not None
        assert info.value.location.line == 10
