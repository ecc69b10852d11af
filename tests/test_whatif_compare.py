"""What-if (`score --set`) and `compare`: the change of every row and of the total."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from reports_helpers import EXAMPLE, WEIGHTS, example_case, example_variant, run
from scoring.analysis.compare import compare_weights
from scoring.analysis.whatif import parse_assignments, what_if
from scoring.core.errors import InputError, ScoringError
from scoring.files.weights import load_weights
from scoring.rendering.reports import render_comparison


def _weights_variant(tmp_path: Path) -> Path:
    """The example's weights with 3 points moved from 参与人数 to 特控线上线率 (5 → 8, 5 → 2)."""
    text = WEIGHTS.read_text(encoding="utf-8")
    text = text.replace("  key_university_rate: 5\n", "  key_university_rate: 8\n")
    text = text.replace("  sports_participants: 5\n", "  sports_participants: 2\n")
    text = text.replace("id: yueyang-education\n", "id: effect-heavy\n")
    path = tmp_path / "effect-heavy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class TestWhatIf:
    def test_missing_policy_reaches_both_sides(self, tmp_path: Path) -> None:
        """`score --set ... --missing zero` scores a file lacking a fact instead of failing."""
        facts = example_variant(
            tmp_path,
            "lacking.yaml",
            {
                "  sports_participants_10k:\n    value: 15\n"
                "    quote: 直接参与赛事活动15万余人\n": ""
            },
        )
        failing = run("score", str(facts), "--set", "sports_events_held=50")
        assert failing.returncode == 2
        result = run("score", str(facts), "--set", "sports_events_held=50", "--missing", "zero")
        assert result.returncode == 0, result.stderr.decode()
        assert "94.88" in result.stdout.decode()

    def test_deltas_of_rows_and_total(self) -> None:
        """81 → 90 staff costs 2.94 points (5.88 points over × 0.5); 35% wins back 0.12."""
        case = example_case()
        comp = what_if(
            case.indicators,
            case.weights,
            case.facts,
            {"staff_in_post": Decimal(90), "key_university_rate": Decimal(35)},
        )
        deltas = {r.id: r.delta for r in comp.rows if r.delta}
        assert deltas == {
            "staff_control_rate": Decimal("-2.94"),
            "key_university_rate": Decimal("0.12"),
        }
        assert comp.total_delta == Decimal("-2.82")
        assert comp.after.total == Decimal("97.06")
        assert not comp.grade_changed

    def test_one_fact_indicator_is_set_through_its_fact(self) -> None:
        """`sports_events=50` sets the fact it reads (sports_events_held): half of 5 points."""
        case = example_case()
        comp = what_if(case.indicators, case.weights, case.facts, {"sports_events": Decimal(50)})
        assert comp.after.row("sports_events").points == Decimal("2.50")

    def test_command_shows_every_row_and_the_total(self) -> None:
        """`score --set` prints every row (changed or not) with before, after and change."""
        result = run("score", str(EXAMPLE), "--set", "key_university_rate=35")
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        assert "总分 99.88 → 100.00（+0.12），等级 优（不变）。" in out
        row = next(line for line in out.splitlines() if line.startswith("特控线上线率"))
        # ※: its target and its category's points are assumed (the facts and weights files).
        assert row.split()[:5] == ["特控线上线率", "※", "4.88", "5.00", "+0.12"]
        for name in ("在职人员控制率", "直接参与赛事活动人数", "义务教育巩固率"):
            assert name in out

    def test_command_json(self) -> None:
        """With --format json each row has its points before and after."""
        out = run("score", str(EXAMPLE), "--set", "staff_in_post=90", "--format", "json")
        data = json.loads(out.stdout)
        assert len(data["rows"]) == 25
        row = next(r for r in data["rows"] if r["id"] == "staff_control_rate")
        assert (row["before"], row["after"], row["delta"]) == (5, 2.06, -2.94)

    @pytest.mark.parametrize(
        ("setting", "message"),
        [
            ("nope=3", "no fact or indicator 'nope'"),
            ("staff_in_pots=3", "did you mean 'staff_in_post'?"),
            ("staff_in_post=abc", "'abc' is not a number"),
            ("staff_in_post", "is not ID=VALUE"),
            ("staff_control_rate=90", "set the facts it is computed from"),
            ("budget=1e999999", "'1e999999' is too large to be a real figure"),
            ("budget=1e-400", "'1e-400' is too small to be a real figure"),
            (
                "management_rules_items_met=3",
                ":69:12: with --set management_rules_items_met = 3: indicator"
                " 'management_rules_soundness': rule 'checklist' scores a list of items met",
            ),
            ("budget=-5", "--set: fact 'budget' is -5, but the formula of 'budget_execution_rate'"),
        ],
    )
    def test_bad_setting_is_a_clear_error(self, setting: str, message: str) -> None:
        """A bad ID or VALUE is one line on stderr and exit 2, no traceback."""
        result = run("score", str(EXAMPLE), "--set", setting)
        err = result.stderr.decode("utf-8")
        assert result.returncode == 2
        assert message in err
        assert "Traceback" not in err

    def test_label_shows_the_number_as_written(self) -> None:
        """A value given as 1e10 is shown as 10000000000 in the label, not as 1E+10."""
        case = example_case()
        comp = what_if(case.indicators, case.weights, case.facts, {"budget": Decimal("1e10")})
        assert comp.label_after.en == "with budget = 10000000000"

    def test_parse_assignments_collects_every_problem(self) -> None:
        """All bad settings are reported together."""
        with pytest.raises(ScoringError) as info:
            parse_assignments(["a=x", "b"])
        assert len(info.value.problems) == 2
        assert all(isinstance(p, InputError) for p in info.value.problems)


class TestCompareYears:
    def test_rows_whose_points_changed_and_why(self, tmp_path: Path) -> None:
        """Two facts files: the changed rows, by how much, why, and the total."""
        later = example_variant(
            tmp_path, "later.yaml", {"value: 81\n": "value: 90\n", "value: 34.16\n": "value: 35\n"}
        )
        result = run("compare", str(EXAMPLE), str(later))
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        assert "总分 99.88 → 97.06（-2.82），等级 优（不变）。" in out
        assert "得分有变化的指标（2 项，按变化从大到小）：" in out
        lines = [line.split() for line in out.splitlines()]
        staff = next(x for x in lines if x and x[0] == "在职人员控制率")
        assert staff[:4] == ["在职人员控制率", "5.00", "2.06", "-2.94"]
        assert "实际完成值 95.29% → 105.88%" in out
        assert "义务教育巩固率" not in out

    def test_one_file_needs_against_weights(self) -> None:
        """`compare A` alone is a usage error, exit 2."""
        result = run("compare", str(EXAMPLE))
        assert result.returncode == 2
        assert "--against-weights" in result.stderr.decode("utf-8")


class TestCompareWeights:
    def test_python(self, tmp_path: Path) -> None:
        """Under 8 points 34.16/35 earns 7.81 (+2.93); 参与人数 at 2 points earns 2 (-3)."""
        case = example_case()
        other = load_weights(_weights_variant(tmp_path))
        comp = compare_weights(case.indicators, case.facts, case.weights, other)
        moved = {r.id: r.delta for r in comp.points_changed}
        assert moved == {
            "key_university_rate": Decimal("2.93"),
            "sports_participants": Decimal("-3"),
        }
        assert [r.id for r in comp.points_changed] == ["sports_participants", "key_university_rate"]
        assert comp.after.total == Decimal("99.81")
        assert comp.total_delta == Decimal("-0.07")
        why = next(r for r in comp.rows if r.id == "key_university_rate").why
        # ※: both profiles mark the points of 效果, which the row's add up to, assumed.
        assert [w.zh for w in why] == ["分值 5 ※ → 8 ※"]

    def test_command(self, tmp_path: Path) -> None:
        """`compare FACTS --against-weights W2` prints the changed rows and the totals."""
        result = run(
            "compare",
            str(EXAMPLE),
            "--against-weights",
            str(_weights_variant(tmp_path)),
            "--lang",
            "en",
        )
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode()
        assert "Total 99.88 → 99.81 (-0.07), grade excellent (unchanged)." in out
        assert "points available 5 ※ → 8 ※" in out

    def test_markdown(self, tmp_path: Path) -> None:
        """The Markdown form is a table with the total row."""
        case = example_case()
        other = load_weights(_weights_variant(tmp_path))
        text = render_comparison(
            compare_weights(case.indicators, case.facts, case.weights, other), "markdown"
        )
        assert "| 特控线上线率 ※ | 4.88 | 7.81 | +2.93 | 分值 5 ※ → 8 ※ |" in text
        assert "| 总分 | 99.88 | 99.81 | -0.07 |  |" in text
