"""The score coefficient (得分系数): points = coefficient × the row's points, its source shown.

Expected points are worked by hand from the rule as docs/rules.md states it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import RuleError, ScoringError, Target, load_case, load_indicators, score
from scoring.core.model import Fact, Provenance, ProvenanceKind
from scoring.core.rules import Coefficient
from strategies_rules import facts, indicator, profile

D = Decimal
WORDS = Target.described("评价组评定")


def scored(rule: Coefficient, value: str, points: str = "5", **fact: object) -> object:
    ind = indicator("effect", rule, WORDS)
    card = score([ind], profile([ind], {"effect": points}), facts({"effect": D(value)}, **fact))
    return card.rows[0]


class TestPoints:
    @pytest.mark.parametrize(
        ("rule", "value", "expected"),
        [
            (Coefficient(), "0.85", "4.25"),  # 0.85 × 5
            (Coefficient(), "0", "0.00"),
            (Coefficient(), "1", "5.00"),
            (Coefficient("percent"), "85", "4.25"),  # 85% × 5
            (Coefficient("percent"), "100", "5.00"),
            (Coefficient(), "0.333", "1.67"),  # 0.333 × 5 = 1.665, half up
        ],
    )
    def test_coefficient_times_points(self, rule: Coefficient, value: str, expected: str) -> None:
        """Points are the coefficient (a share, or a percentage / 100) times the row's points."""
        row = scored(rule, value)
        assert str(row.points) == expected  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("rule", "value"),
        [(Coefficient(), "1.2"), (Coefficient(), "-0.1"), (Coefficient("percent"), "120")],
    )
    def test_out_of_range_is_an_error(self, rule: Coefficient, value: str) -> None:
        """A coefficient outside [0, 1] (or [0, 100] as a percentage) is refused, not cut."""
        with pytest.raises(ScoringError) as caught:
            scored(rule, value)
        assert "score coefficient" in str(caught.value)

    def test_met_only_at_full(self) -> None:
        """Against a target in words, the row is met only at a coefficient of 1."""
        assert scored(Coefficient(), "1").met  # type: ignore[attr-defined]
        assert not scored(Coefficient(), "0.99").met  # type: ignore[attr-defined]

    def test_numeric_target_must_be_a_floor(self) -> None:
        """A coefficient is better when higher: a '<=' target does not fit."""
        ind = indicator("effect", Coefficient(), "<= 1")
        assert Coefficient().check(ind.target, D(5))
        assert not Coefficient().check(indicator("e", Coefficient(), ">= 0.8").target, D(5))

    @given(st.decimals(0, 1, places=4), st.decimals(0, 1, places=4))
    def test_monotone(self, a: Decimal, b: Decimal) -> None:
        """A higher coefficient never earns a smaller share."""
        low, high = sorted((a, b))
        rule = Coefficient()
        assert rule.assess(low, WORDS, D(5)).share <= rule.assess(high, WORDS, D(5)).share


class TestSourceShown:
    def test_source_in_the_explanation(self) -> None:
        """The explanation says where the coefficient comes from."""
        ind = indicator("effect", Coefficient(), WORDS)
        given_facts = facts({})
        given_facts = type(given_facts)(
            unit="测试单位",
            year=2023,
            facts={
                "effect": Fact("effect", D("0.85"), Provenance(ProvenanceKind.SOURCE, "评价组意见"))
            },
        )
        row = score([ind], profile([ind], {"effect": 5}), given_facts).rows[0]
        assert "得分系数 0.85 × 5 分 = 4.25 分" in row.explanation.zh
        assert "系数来源：评价组意见" in row.explanation.zh
        assert "source of the coefficient: 评价组意见" in row.explanation.en

    def test_no_source_is_said(self) -> None:
        """A coefficient with no quote, source or assumption says so."""
        row = scored(Coefficient(), "0.85")
        assert "系数来源：未注明" in row.explanation.zh  # type: ignore[attr-defined]


class TestYaml:
    def test_loaded_and_scored(self, tmp_path: Path) -> None:
        """A coefficient row read from YAML: 85 with scale percent on 5 points is 4.25."""
        (tmp_path / "ind.yaml").write_text(
            "indicators:\n"
            "  - {id: effect, name: 项目实施效果, level1: 效益, level2: 社会效益,\n"
            "     target: 评价组评定, rule: {kind: coefficient, scale: percent}}\n",
            encoding="utf-8",
        )
        (tmp_path / "w.yaml").write_text(
            "id: w\nname: 表\nfull_score: 5\n"
            "categories: [{name: 效益, points: 5, groups: [{name: 社会效益, points: 5}]}]\n"
            "points: {effect: 5}\n",
            encoding="utf-8",
        )
        (tmp_path / "f.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: ind.yaml\nweights: w.yaml\n"
            "facts:\n  effect: {value: 85, assumed: 评价组尚未评定}\n",
            encoding="utf-8",
        )
        case = load_case(tmp_path / "f.yaml")
        row = score(case.indicators, case.weights, case.facts).rows[0]
        assert str(row.points) == "4.25"
        assert "系数来源：假设（评价组尚未评定）" in row.explanation.zh

    def test_unknown_scale_is_located(self, tmp_path: Path) -> None:
        """A scale other than share or percent is an error at its line."""
        (tmp_path / "ind.yaml").write_text(
            "indicators:\n"
            "  - id: effect\n    name: 效果\n    level1: 效益\n    level2: 社会效益\n"
            "    target: 评价组评定\n    rule: {kind: coefficient, scale: ratio}\n",
            encoding="utf-8",
        )
        with pytest.raises(RuleError) as caught:
            load_indicators(tmp_path / "ind.yaml")
        assert caught.value.location is not None
        assert caught.value.location.line == 7
