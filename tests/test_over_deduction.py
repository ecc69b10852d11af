"""Over-achievement with a fixed deduction: a flagged row loses ``deduct`` points, floor 0.

Expected points are worked by hand from docs/settings.md: points =
max(0, P × share × (1 − reduce_by ÷ 100) − deduct), rounded after the subtraction.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import InputError, ScoringError, load_weights, score
from scoring.analysis.sensitivity import sensitivity
from scoring.core.model import NotApplicable, OverAchievement
from scoring.core.rules import Proportional
from scoring.rendering import render
from strategies_rules import facts, indicator, profile

D = Decimal


def card(value: str, setting: OverAchievement, points: str = "5", **extra: object) -> object:
    ind = indicator("events", Proportional(), ">= 100")
    return score(
        [ind],
        profile([ind], {"events": points}, over_achievement=setting),
        facts({"events": D(value)}),
        **extra,
    )  # type: ignore[arg-type]


def row(value: str, setting: OverAchievement, points: str = "5") -> object:
    return card(value, setting, points).rows[0]  # type: ignore[attr-defined]


class TestDeduction:
    @pytest.mark.parametrize(
        ("value", "setting", "points", "expected"),
        [
            ("145", OverAchievement(D(130), None, D(2)), "5", "3.00"),  # 5 − 2
            ("145", OverAchievement(D(130), D(20), D(2)), "5", "2.00"),  # 5 × 0.8 − 2
            ("129", OverAchievement(D(130), None, D(2)), "5", "5.00"),  # not flagged
            ("130", OverAchievement(D(130), None, D(2)), "5", "3.00"),  # at the flag
            ("200", OverAchievement(D(130), None, D(3)), "2", "0.00"),  # floor 0
            ("145", OverAchievement(D(130), None, D("0.005")), "5", "5.00"),  # 4.995 half up
            ("145", OverAchievement(D(130), None, D("0.006")), "5", "4.99"),  # 4.994
        ],
    )
    def test_points(self, value: str, setting: OverAchievement, points: str, expected: str) -> None:
        """The row's points after the percent reduction and the fixed deduction, floor 0."""
        assert str(row(value, setting, points).points) == expected  # type: ignore[attr-defined]

    def test_explained(self) -> None:
        """The row says the points were taken; the floor says how many were left."""
        taken = row("145", OverAchievement(D(130), None, D(2)))
        assert "超额完成扣 2 分" in taken.explanation.zh  # type: ignore[attr-defined]
        assert taken.over_deducted == 2  # type: ignore[attr-defined]
        floor = row("200", OverAchievement(D(130), None, D(3)), "2")
        assert "超额完成扣 3 分，只余 2 分可扣（扣至 0 分为止）" in floor.explanation.zh  # type: ignore[attr-defined]
        assert floor.over_deducted == 2  # type: ignore[attr-defined]

    def test_note_and_json(self) -> None:
        """A note lists the deducted rows; JSON has the points taken and the profile's setting."""
        scored = card("145", OverAchievement(D(130), None, D(2)))
        assert any("超额完成的行扣分（扣至 0 分为止）：events −2 分" in n.zh for n in scored.notes)  # type: ignore[attr-defined]
        doc = json.loads(render(scored, "json"))  # type: ignore[arg-type]
        assert doc["indicators"][0]["over_achievement_deducted"] == 2
        assert doc["over_achievement"]["deduct"] == 2

    def test_on_rescaled_points(self) -> None:
        """Dropping a 5-point row of 10 doubles the other's points to 10; 2 come off those."""
        a = indicator("events", Proportional(), ">= 100")
        b = indicator("other", Proportional(), ">= 100")
        weights = profile(
            [a, b], {"events": 5, "other": 5}, over_achievement=OverAchievement(D(130), None, D(2))
        )
        given_facts = facts(
            {"events": D(145)}, not_applicable={"other": NotApplicable("other", "本年无此项")}
        )
        scored = score([a, b], weights, given_facts)
        assert str(scored.rows[0].points) == "8.00"  # 10 − 2

    @given(st.decimals(0, 300, places=2), st.decimals(0, 300, places=2))
    def test_monotone_on_each_side_of_the_flag(self, a: Decimal, b: Decimal) -> None:
        """Not monotone across the flag (its purpose); monotone on each side, within [0, P]."""
        setting = OverAchievement(D(130), D(10), D(2))
        low, high = sorted((a, b))
        p_low, p_high = row(str(low), setting).points, row(str(high), setting).points  # type: ignore[attr-defined]
        assert 0 <= p_low <= 5
        assert 0 <= p_high <= 5
        if (low >= 130) == (high >= 130):
            assert p_low <= p_high


class TestLoading:
    def weights(self, tmp_path: Path, over: str) -> Path:
        path = tmp_path / "w.yaml"
        path.write_text(
            "id: w\nname: 表\nfull_score: 5\n"
            "categories: [{name: 产出, points: 5, groups: [{name: 数量, points: 5}]}]\n"
            f"points: {{events: 5}}\nover_achievement: {over}\n",
            encoding="utf-8",
        )
        return path

    def test_read(self, tmp_path: Path) -> None:
        """`deduct: 2` is read as 2 points beside the flag."""
        profile_read = load_weights(self.weights(tmp_path, "{flag_at: 130, deduct: 2}"))
        assert profile_read.over_achievement == OverAchievement(D(130), None, D(2))

    @pytest.mark.parametrize(
        ("over", "says"),
        [
            ("{flag_at: 0, deduct: 2}", "'deduct' needs the flag on"),
            ("{deduct: 0}", "must be above 0"),
            ("{deduct: two}", "must be a number"),
        ],
    )
    def test_bad_deduction_is_located(self, tmp_path: Path, over: str, says: str) -> None:
        """A deduction without the flag, of 0 or not a number, is an error at its line (6)."""
        with pytest.raises(ScoringError) as caught:
            load_weights(self.weights(tmp_path, over))
        problem = caught.value.problems[0]
        assert isinstance(problem, InputError)
        assert says in problem.message
        assert problem.location is not None
        assert problem.location.line == 6


def test_cli_shows_the_deduction(tmp_path: Path) -> None:
    """A user's run: the deducted row reads 3.00 in the table and says why."""
    (tmp_path / "i.yaml").write_text(
        "indicators:\n  - {id: events, name: 举办赛事, level1: 产出, level2: 数量, unit: 场,\n"
        "     target: '>= 100', rule: proportional}\n",
        encoding="utf-8",
    )
    TestLoading().weights(tmp_path, "{flag_at: 130, deduct: 2}")
    (tmp_path / "f.yaml").write_text(
        "unit: 单位\nyear: 2023\nindicators: i.yaml\nweights: w.yaml\nfacts: {events: 145}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "score", str(tmp_path / "f.yaml")],
        capture_output=True,
        check=False,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "总分：3.00 / 5" in out
    assert "超额完成扣 2 分" in out


def test_sensitivity_keeps_the_fixed_points() -> None:
    """Moving the weights keeps the 2 points off, not the share they made.

    Two 5-point rows of 10, the first flagged (145 of 100) with deduct 2, the
    other met. The first at 5 × 0.9 = 4.5 is rescaled to 4.5 × 10 ÷ 9.5 =
    4.7368…: it earns 4.7368 − 2 = 2.74, the other 5 × 10 ÷ 9.5 = 5.26: 8.00.
    """
    a = indicator("events", Proportional(), ">= 100")
    b = indicator("other", Proportional(), ">= 100")
    weights = profile(
        [a, b], {"events": 5, "other": 5}, over_achievement=OverAchievement(D(130), None, D(2))
    )
    scored = score([a, b], weights, facts({"events": D(145), "other": D(100)}))
    assert scored.total == D("8.00")
    result = sensitivity(scored, spread=D(10), draws=0)
    first = next(o for o in result.one_at_a_time if o.id == "events")
    assert first.low_total == D("8.00")
