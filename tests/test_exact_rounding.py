"""Exact arithmetic: a row whose exact points end in 5 at the next decimal rounds half up.

Shares such as (46.625 − 30) / 30 have no finite decimal form; computed to 34
digits and multiplied back by the points, 2.675 became 2.67499…98 and printed
2.67. Every rule now keeps its share exact, so the row prints 2.68 (四舍五入),
and every Decimal operation runs in the project's context.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scoring import score, validate
from scoring.core.numbers import CONTEXT, round_half_up
from scoring.core.record import evolve
from scoring.core.rules import (
    Band,
    Bands,
    BudgetExecution,
    DeductionPerUnit,
    Equal,
    Interval,
    Level,
    Levels,
    Proportional,
    Reverse,
)
from scoring.core.values import Op, Target
from silent_cases import cli, problems
from strategies import single

REVERSE_INDICATORS = """\
indicators:
  - id: cost_rate
    name: 成本率
    level1: 投入
    level2: 预算配置
    unit: "%"
    target: "<= 30%"
    rule: {kind: reverse, variant: linear}
"""
REVERSE_WEIGHTS = """\
id: rev
name: 反向
full_score: 6
grades:
  - {name: 优, min: 5}
  - {name: 差, min: 0}
categories:
  - name: 投入
    points: 6
    groups:
      - {name: 预算配置, points: 6}
points:
  cost_rate: 6
"""


def _reverse_case(folder: Path) -> list[str]:
    (folder / "i.yaml").write_text(REVERSE_INDICATORS, encoding="utf-8")
    (folder / "w.yaml").write_text(REVERSE_WEIGHTS, encoding="utf-8")
    return ["--indicators", str(folder / "i.yaml"), "--weights", str(folder / "w.yaml")]


class TestReverseLinear:
    """≤ 30, actual 46.625, 6 points: (1 − 16.625 / 30) × 6 = 2.675 exactly, printed 2.68."""

    def test_score(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        rules = _reverse_case(tmp_path)
        facts = tmp_path / "f.yaml"
        facts.write_text("unit: 甲\nyear: 2023\nfacts:\n  cost_rate: 46.625\n", encoding="utf-8")
        code, out, err = cli(["score", str(facts), *rules, "--format", "json"], capsys)
        assert code == 0, err
        assert json.loads(out)["total"] == 2.68

    @pytest.mark.parametrize("engine", ["exact", "columnar"])
    def test_batch(self, tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
        rules = _reverse_case(tmp_path)
        table = tmp_path / "t.csv"
        table.write_text("unit,year,cost_rate\n甲,2023,46.625\n", encoding="utf-8")
        code, out, err = cli(["batch", str(table), *rules, "--engine", engine], capsys)
        assert code == 0, err
        assert out.splitlines()[1].split(",")[6] == "2.68"


# --------------------------------------------------------------------------- the property


def _finite(value: Fraction) -> Decimal | None:
    """``value`` as a Decimal of at most 15 places, or None when it has no such form."""
    scaled = value * 10**15
    if scaled.denominator != 1:
        return None
    return Decimal(scaled.numerator).scaleb(-15)


@st.composite
def halfway_rows(draw: st.DrawFn) -> tuple[object, Target, Decimal, Decimal, int, Decimal]:
    """A rule, target, points and value whose exact points end in 5 at the next decimal.

    Returns (rule, target, points, value, decimals, the points worked by hand).
    The value is found by inverting the rule's formula (domain.md) for the points
    wanted, which are a whole number of last places plus one half.
    """
    decimals = draw(st.integers(0, 3))
    points = Decimal(draw(st.integers(1, 30)))
    last = Fraction(1, 10**decimals)
    places = int(points) * 10**decimals  # the row's points in last places
    wanted = (draw(st.integers(0, places - 1)) + Fraction(1, 2)) * last
    assume(0 < wanted < Fraction(points))
    p = Fraction(points)
    kind = draw(
        st.sampled_from(
            ["proportional", "reverse-ratio", "reverse-linear", "budget", "deduction",
             "equal-below", "equal-ratio", "bands", "levels"]
        )
    )  # fmt: skip
    t = Fraction(draw(st.integers(1, 2000)), draw(st.sampled_from([1, 2, 4, 5, 8, 10, 20])))
    rule: object
    if kind == "proportional":
        rule, target, value = Proportional(), Target(Op.GE, _dec(t), "%"), wanted * t / p
    elif kind == "reverse-ratio":
        rule, target, value = Reverse("ratio"), Target(Op.LE, _dec(t), "%"), t * p / wanted
    elif kind == "reverse-linear":
        rule, target = Reverse("linear"), Target(Op.LE, _dec(t), "%")
        value = (2 - wanted / p) * t
    elif kind == "budget":
        rule, target, value = BudgetExecution(), Target(Op.GE, Decimal(100), "%"), 100 * wanted / p
    elif kind == "deduction":
        per = Fraction(draw(st.sampled_from([1, 2, 3, 5, 7])), draw(st.sampled_from([1, 2, 10])))
        unit = Fraction(draw(st.sampled_from([1, 2, 3])), draw(st.sampled_from([1, 2, 10])))
        rule = DeductionPerUnit(per=_dec(per), unit=_dec(unit), counting="continuous")
        target = Target(Op.LE, _dec(t), "%")
        value = t + (p - wanted) * unit / per
    elif kind == "equal-below":
        rule, target, value = Equal("full"), Target(Op.EQ, _dec(t), "%"), wanted * t / p
    elif kind == "equal-ratio":
        rule, target, value = Equal("ratio"), Target(Op.EQ, _dec(t), "%"), t * p / wanted
    elif kind == "bands":
        award = _dec(wanted)
        bands = (
            Band(Interval(None, Decimal(50), False, False), Decimal(0)),
            Band(Interval(Decimal(50), None, True, False), award),
        )
        rule, target, value = Bands(bands), Target(Op.GE, Decimal(50), "%"), Fraction(60)
    else:
        levels = Levels((Level("好", points), Level("中", _dec(wanted))))
        return levels, Target.described("好"), points, Decimal(0), decimals, _up(wanted, last)
    found = _finite(value)
    assume(found is not None and Decimal(0) <= found < Decimal(10) ** 6)
    assert found is not None
    return rule, target, points, found, decimals, _up(wanted, last)


def _dec(value: Fraction) -> Decimal:
    found = _finite(value)
    assert found is not None
    return found


def _up(wanted: Fraction, last: Fraction) -> Decimal:
    """The halfway points rounded half up: one half of the last place more."""
    return _dec(wanted + last / 2)


@given(row=halfway_rows())
def test_halfway_points_round_half_up(row: tuple[object, Target, Decimal, Decimal, int, Decimal]):
    """Whatever the rule, points that are exactly x.xx5 print as x.xx + 0.01 (四舍五入)."""
    rule, target, points, value, decimals, expected = row
    case = single(rule, target, value, points, decimals=decimals)  # type: ignore[arg-type]
    if isinstance(rule, Levels):
        case = _with_level(case, "中")
    card = score(case.indicators, case.weights, case.facts)
    assert card.rows[0].points == expected


def _with_level(case, level: str):  # type: ignore[no-untyped-def]

    return evolve(case, facts=case.facts.with_values({"row": level}))


def test_context_is_the_projects() -> None:
    """Rounding in the project's context is half up, to 34 digits, and a division by
    zero or an overflow raises instead of giving an infinity."""
    assert CONTEXT.prec == 34
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")
    with pytest.raises(ArithmeticError):
        CONTEXT.divide(Decimal(1), Decimal(0))
    with pytest.raises(ArithmeticError):
        CONTEXT.multiply(Decimal("9e999999"), Decimal(10))


# --------------------------------------------------------------------------- hostile formulas

HOSTILE = """\
indicators:
  - id: a
    name: 甲
    level1: 投入
    level2: 预算配置
    unit: "%"
    formula: {formula}
    target: ">= 95%"
    rule: proportional
"""
HOSTILE_WEIGHTS = """\
id: h
name: 甲
full_score: 10
categories:
  - name: 投入
    points: 10
    groups:
      - {name: 预算配置, points: 10}
points:
  a: 10
"""


@pytest.mark.parametrize(
    "formula",
    [
        " * ".join(["x"] * 60),  # 9e15 to the 60th: 960 digits
        "x * " + "9" * 900,  # a number of 900 digits in the formula itself
    ],
    ids=["power", "long-number"],
)
def test_hostile_formula_refused_located(
    tmp_path: Path, formula: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A formula whose value has hundreds of digits is refused at the formula, by score
    and by validate alike, without a traceback."""
    (tmp_path / "i.yaml").write_text(HOSTILE.format(formula=formula), encoding="utf-8")
    (tmp_path / "w.yaml").write_text(HOSTILE_WEIGHTS, encoding="utf-8")
    facts = tmp_path / "f.yaml"
    facts.write_text(
        "unit: 甲\nyear: 2023\nindicators: [i.yaml]\nweights: w.yaml\nfacts:\n"
        "  x: 9000000000000000\n",
        encoding="utf-8",
    )
    code, _, err = cli(["score", str(facts)], capsys)
    assert code == 2
    (error,) = problems(err)
    assert error.startswith(f"{tmp_path / 'i.yaml'}:7:")
    assert "too large" in error
    report = validate([tmp_path])
    assert any(
        "too large" in e.message and e.location is not None and e.location.line == 7
        for e in report.errors
    ), report.lines()
