"""A row's own reason threshold: a figure that is not the target, past which a reason is needed.

By hand from docs/settings.md, a budget execution row with target ≥ 80% and
``deviation_reason: {below: 90}``: 85% needs a reason (below 90), 92% none,
90% none (strictly below), 104.5% one (above 100, the rule's own), 79% one (missed).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import ScoringError, load_case, load_indicators, score
from scoring.analysis.explain import explain
from scoring.core.model import ReasonThresholds
from scoring.core.rules import BudgetExecution, Proportional
from scoring.rendering import render
from scoring.rendering.reports import render_explanation
from strategies_rules import facts, indicator, profile

D = Decimal
BELOW_90 = ReasonThresholds(below=D(90), above=D(100))


def row(value: str, own: ReasonThresholds | None = BELOW_90, **extra: object) -> object:
    ind = indicator("execution", BudgetExecution(), ">= 80%", unit="%", deviation_reason=own)
    card = score([ind], profile([ind], {"execution": 10}), facts({"execution": D(value)}, **extra))
    return card


class TestWhenAsked:
    @pytest.mark.parametrize(
        ("value", "crossed"),
        [
            ("85", ("below", D(90))),
            ("92", None),
            ("90", None),
            ("100", None),
            ("104.5", ("above", D(100))),
        ],
    )
    def test_own_figures(self, value: str, crossed: tuple[str, Decimal] | None) -> None:
        """Below 90 or above 100 needs a reason whatever the target; the edges do not."""
        card = row(value)
        assert card.rows[0].reason_threshold == crossed  # type: ignore[attr-defined]
        assert card.rows[0].needs_reason == (crossed is not None)  # type: ignore[attr-defined]

    def test_points_unchanged(self) -> None:
        """85% earns 85% of 10 = 8.50 as before: the threshold asks, it does not deduct."""
        assert row("85").rows[0].points == D("8.50")  # type: ignore[attr-defined]

    def test_budget_execution_asks_above_100_by_default(self) -> None:
        """Without deviation_reason, a budget execution rate of 104.5% asks for a reason."""
        card = row("104.5", None)
        assert card.rows[0].reason_threshold == ("above", D(100))  # type: ignore[attr-defined]
        assert "104.5% 高于 100%，本指标高于 100% 需说明偏差原因" in card.rows[0].explanation.zh  # type: ignore[attr-defined]

    def test_other_rules_ask_nothing_more(self) -> None:
        """A proportional row at 104.5% against ≥ 85% (122.9%, not flagged) asks for nothing."""
        ind = indicator("rate", Proportional(), ">= 85%", unit="%")
        card = score([ind], profile([ind], {"rate": 10}), facts({"rate": D("104.5")}))
        assert card.rows[0].reason_threshold is None
        assert not card.rows[0].needs_reason

    def test_missed_target_listed_once(self) -> None:
        """79% misses ≥ 80% and is below 90: explain lists it once, as missed."""
        expl = explain(row("79"))  # type: ignore[arg-type]
        assert [(d.row.id, d.kind) for d in expl.deviations] == [("execution", "below")]


class TestShown:
    def test_explain_lists_it(self) -> None:
        """explain lists a met row below its own figure, kind 'threshold', and asks for it."""
        expl = explain(row("85"))  # type: ignore[arg-type]
        assert [(d.row.id, d.kind) for d in expl.deviations] == [("execution", "threshold")]
        text = render_explanation(expl, "text", "zh")
        assert "低于 90%，本指标需说明（目标 ≥80%，实际 85%）" in text
        assert "以及越过本指标另设界限的指标" in text

    def test_reason_given(self) -> None:
        """With a reason in the facts, the row shows it and the note says every one has one."""
        card = row("85", reasons={"execution": "年底资金到位较晚"})
        assert "85% 低于 90%，偏差原因：“年底资金到位较晚”" in card.rows[0].explanation.zh  # type: ignore[attr-defined]
        assert any("均已说明原因" in n.zh for n in card.notes)  # type: ignore[attr-defined]

    def test_note_and_json(self) -> None:
        """A note names the row and its figure; JSON says the side and the figure."""
        card = row("85")
        assert any("execution 85%（低于 90%）" in n.zh for n in card.notes)  # type: ignore[attr-defined]
        doc = json.loads(render(card, "json"))  # type: ignore[arg-type]
        assert doc["indicators"][0]["reason_threshold"] == {"side": "below", "at": 90}

    def test_note_in_both_languages_with_the_figure_to_6_places(self) -> None:
        """A figure of 7 decimals, 90.1234567, is shown half up to 6 places: 90.123457.

        As on the row (docs/settings.md), in the zh and the en note alike.
        """
        card = row("85", ReasonThresholds(below=D("90.1234567")))
        assert "85% 低于 90.123457%" in card.rows[0].explanation.zh  # type: ignore[attr-defined]
        notes = [n for n in card.notes if "偏差原因" in n.zh]  # type: ignore[attr-defined]
        assert [(n.zh, n.en) for n in notes] == [
            (
                "越过本指标另设的说明界限，需说明偏差原因：execution 85%（低于 90.123457%）；"
                "尚未说明原因：execution",
                "past a figure of their own, these rows need a deviation reason:"
                " execution 85% (below 90.123457%); still without one: execution",
            )
        ]

    def test_just_below_the_figure_is_shown_below_it(self) -> None:
        """89.9999999 is below 90 and is not printed as 90."""
        card = row("89.9999999")
        assert "<90% 低于 90%" in card.rows[0].explanation.zh  # type: ignore[attr-defined]


class TestYaml:
    def write(self, tmp_path: Path, reason: str) -> Path:
        path = tmp_path / "i.yaml"
        path.write_text(
            "indicators:\n"
            "  - id: execution\n    name: 预算执行率\n    level1: 过程\n    level2: 执行\n"
            "    unit: '%'\n    target: '>= 80%'\n    rule: budget_execution\n"
            f"    deviation_reason: {reason}\n",
            encoding="utf-8",
        )
        return path

    @pytest.mark.parametrize(
        ("reason", "read"),
        [
            ("{below: 90}", ReasonThresholds(D(90), D(100))),  # the rule's above kept
            ("{below: 90, above: false}", ReasonThresholds(D(90), None)),
            ("{above: 105}", ReasonThresholds(None, D(105))),
        ],
    )
    def test_read(self, tmp_path: Path, reason: str, read: ReasonThresholds) -> None:
        """Each key given replaces the rule's own figure; false removes it."""
        (ind,) = load_indicators(self.write(tmp_path, reason))
        assert ind.reason_thresholds == read

    @pytest.mark.parametrize("reason", ["{below: ninety}", "{under: 90}", "90"])
    def test_bad_is_located(self, tmp_path: Path, reason: str) -> None:
        """A figure that is not a number, an unknown key or a bare number is an error at line 9."""
        with pytest.raises(ScoringError) as caught:
            load_indicators(self.write(tmp_path, reason))
        assert caught.value.problems[0].location is not None
        assert caught.value.problems[0].location.line == 9

    def test_scored_from_files(self, tmp_path: Path) -> None:
        """A facts file scored with such an indicator: 85% asks for a reason below 90%."""
        self.write(tmp_path, "{below: 90}")
        (tmp_path / "w.yaml").write_text(
            "id: w\nname: 表\nfull_score: 10\n"
            "categories: [{name: 过程, points: 10, groups: [{name: 执行, points: 10}]}]\n"
            "points: {execution: 10}\n",
            encoding="utf-8",
        )
        (tmp_path / "f.yaml").write_text(
            "unit: 单位\nyear: 2023\nindicators: i.yaml\nweights: w.yaml\nfacts: {execution: 85}\n",
            encoding="utf-8",
        )
        case = load_case(tmp_path / "f.yaml")
        card = score(case.indicators, case.weights, case.facts)
        assert card.rows[0].reason_threshold == ("below", D(90))
