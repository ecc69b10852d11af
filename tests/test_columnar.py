"""The columnar engine: NumPy over whole columns, equal to the one-unit engine to the cent."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import ClassVar, Self

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")

from scoring.analysis import weight_draws  # noqa: E402
from scoring.batch import (  # noqa: E402
    Failed,
    Scored,
    columnar,
    score_table,
)
from scoring.core.engine import score  # noqa: E402
from scoring.core.errors import ScoringError  # noqa: E402
from scoring.core.formula import parse as parse_formula  # noqa: E402
from scoring.core.model import (  # noqa: E402
    Category,
    Group,
    Indicator,
    Op,
    Target,
    Text,
    WeightsProfile,
)
from scoring.core.numbers import mul, plain, round_half_up  # noqa: E402
from scoring.core.record import evolve  # noqa: E402
from scoring.core.rules import (  # noqa: E402
    Assessment,
    Band,
    Bands,
    BudgetExecution,
    DeductionPerUnit,
    Interval,
    Params,
    Proportional,
    Reverse,
    Rule,
)
from scoring.files.tables import read_csv  # noqa: E402

# Each example scores a column of up to 40 rows twice: the profile's count, at most 60.
PROPERTY = settings(max_examples=min(60, settings.default.max_examples))
TINY = [Decimal(f"1e-{k}") for k in (1, 2, 3, 6, 9, 12, 15, 16, 17, 20, 28)]


def profile(points: Decimal, decimals: int) -> WeightsProfile:
    return WeightsProfile(
        id="p",
        name="p",
        categories=(Category("A", points, (Group("B", points),)),),
        points={"x": points},
        full_score=points,
        decimals=decimals,
    )


def indicator(rule: Rule, target: Target, formula: str | None = None) -> Indicator:
    return Indicator(
        id="x",
        name="x",
        level1="A",
        level2="B",
        target=target,
        rule=rule,
        unit=target.unit,
        formula=parse_formula(formula) if formula else None,
    )


def assert_same_as_one_unit(
    ind: Indicator, weights: WeightsProfile, columns: dict[str, Sequence[Decimal | None]]
) -> None:
    """The columnar engine and engine.score agree on every row: points or failure."""
    names = sorted(columns)
    rows = len(next(iter(columns.values())))
    lines = ["unit,year," + ",".join(names)]
    for i in range(rows):
        cells = ["" if columns[n][i] is None else plain(columns[n][i]) for n in names]  # type: ignore[arg-type]
        lines.append(f"u{i},2023," + ",".join(cells))
    table = read_csv("\n".join(lines) + "\n")
    result = score_table([ind], weights, table, engine="columnar")
    for i, outcome in enumerate(result.outcomes):
        try:
            card = score([ind], weights, table.facts(i))
        except ScoringError:
            assert isinstance(outcome, Failed), (i, [columns[n][i] for n in names])
            continue
        assert isinstance(outcome, Scored), (i, outcome)
        assert outcome.points == (card.rows[0].points,), (i, [columns[n][i] for n in names])
        assert outcome.total == card.total
        assert outcome.grade == card.grade


# --------------------------------------------------------------------------- strategies

POINTS = st.one_of(
    st.sampled_from([Decimal(p) for p in ("5", "3", "2.5", "4.625", "10", "0", "1", "6")]),
    st.decimals(min_value=Decimal("0.01"), max_value=30, places=3),
)
DECIMALS = st.sampled_from([2, 2, 0, 1, 3])
PLAIN = st.decimals(min_value=-20, max_value=300, places=2)


def near(edges: Sequence[Decimal]) -> st.SearchStrategy[Decimal]:
    """Values on, just below and just above the given edges, and anywhere."""
    edge = st.sampled_from(list(edges))
    offset = st.tuples(st.sampled_from(TINY), st.sampled_from([-1, 1]), st.integers(1, 9))
    return st.one_of(
        PLAIN,
        st.decimals(min_value=-5, max_value=300, places=6),
        edge,
        st.builds(lambda e, o: e + o[0] * o[1] * o[2], edge, offset),
    )


def half_cent_values(target: Decimal, points: Decimal, decimals: int) -> list[Decimal]:
    """Values whose unrounded points v / target x points end exactly in 5 at the next place."""
    if target <= 0 or points <= 0:
        return []
    step = Decimal(1).scaleb(-decimals)
    return [target * (k + Decimal("0.5")) * step / points for k in range(1, 6)]


VALUES = st.integers(20, 40)


@st.composite
def value_column(draw: st.DrawFn, edges: Sequence[Decimal]) -> list[Decimal | None]:
    return draw(st.lists(st.one_of(near(edges), st.none()), min_size=1, max_size=draw(VALUES)))


TARGET_VALUE = st.one_of(
    st.sampled_from([Decimal(v) for v in ("100", "95", "0", "10", "35", "99.5", "-3")]),
    st.decimals(min_value=-10, max_value=200, places=3),
)


# --------------------------------------------------------------------------- properties


class TestKernelsEqualTheOneUnitEngine:
    @PROPERTY
    @given(t=TARGET_VALUE, points=POINTS, d=DECIMALS, data=st.data())
    def test_proportional(self, t: Decimal, points: Decimal, d: int, data: st.DataObject) -> None:
        """Proportional scores every value as the one-unit engine does, at targets and x.xx5."""
        target = Target(Op.GE, t, "%")
        edges = [t, Decimal(0), *half_cent_values(t, points, d)]
        values = data.draw(value_column(edges))
        assert_same_as_one_unit(
            indicator(Proportional(), target), profile(points, d), {"x": values}
        )

    @PROPERTY
    @given(
        t=TARGET_VALUE,
        points=POINTS,
        d=DECIMALS,
        variant=st.sampled_from(["ratio", "linear"]),
        data=st.data(),
    )
    def test_reverse(
        self, t: Decimal, points: Decimal, d: int, variant: str, data: st.DataObject
    ) -> None:
        """Reverse (ratio and linear) matches at the target, twice the target and x.xx5."""
        if variant == "linear" and t <= 0:
            t = abs(t) + 1
        target = Target(Op.LE, t, "%")
        # Values where the unrounded points end exactly in 5 at the next place.
        ends = [(k + Decimal("0.5")) * Decimal(1).scaleb(-d) for k in range(1, 6)]
        if variant == "ratio":
            halves = [t * points / h for h in ends] if t > 0 else []
        else:
            halves = [t * (2 - h / points) for h in ends] if points > 0 else []
        edges = [t, 2 * t, *halves]
        values = data.draw(value_column(edges))
        ind = indicator(Reverse(variant=variant), target)
        assert_same_as_one_unit(ind, profile(points, d), {"x": values})

    @PROPERTY
    @given(points=POINTS, d=DECIMALS, data=st.data())
    def test_budget_execution(self, points: Decimal, d: int, data: st.DataObject) -> None:
        """Budget execution matches at 100% and where rate x points ends in 5."""
        edges = [Decimal(100), Decimal(0), *half_cent_values(Decimal(100), points, d)]
        values = data.draw(value_column(edges))
        ind = indicator(BudgetExecution(), Target(Op.GE, Decimal(100), "%"))
        assert_same_as_one_unit(ind, profile(points, d), {"x": values})

    @PROPERTY
    @given(
        t=TARGET_VALUE,
        points=POINTS,
        d=DECIMALS,
        op=st.sampled_from(list(Op)),
        per=st.sampled_from([Decimal(p) for p in ("0.5", "1", "0.3", "2", "0.125")]),
        unit=st.sampled_from([Decimal(u) for u in ("1", "0.1", "0.5", "3")]),
        counting=st.sampled_from(["continuous", "started", "whole"]),
        data=st.data(),
    )
    def test_deduction_per_unit(
        self,
        *,
        t: Decimal,
        points: Decimal,
        d: int,
        op: Op,
        per: Decimal,
        unit: Decimal,
        counting: str,
        data: st.DataObject,
    ) -> None:
        """Deduction per unit matches at the standard and at every whole unit beyond it."""
        sign = -1 if op is Op.GE else 1
        edges = [t + sign * k * unit for k in range(6)]
        values = data.draw(value_column(edges))
        rule = DeductionPerUnit(per=per, unit=unit, counting=counting)
        assert_same_as_one_unit(
            indicator(rule, Target(op, t, "%")), profile(points, d), {"x": values}
        )

    @PROPERTY
    @given(
        cuts=st.lists(
            st.decimals(min_value=-10, max_value=120, places=3), min_size=1, max_size=4, unique=True
        ),
        closed=st.lists(st.booleans(), min_size=4, max_size=4),
        d=DECIMALS,
        data=st.data(),
    )
    def test_bands(
        self, cuts: list[Decimal], closed: list[bool], d: int, data: st.DataObject
    ) -> None:
        """Bands match on, below and above every edge, whichever side includes it."""
        cuts.sort()
        edges: list[Decimal | None] = [None, *cuts, None]
        bands = []
        for k in range(len(edges) - 1):
            low, high = edges[k], edges[k + 1]
            low_in = low is not None and (k == 0 or not closed[k - 1])
            high_in = high is not None and closed[k]
            bands.append(Band(Interval(low, high, low_in, high_in), Decimal(k) * Decimal("1.25")))
        points = bands[-1].points + Decimal("0.5")
        values = data.draw(value_column(cuts))
        rule = Bands(tuple(bands))
        assert_same_as_one_unit(
            indicator(rule, Target(Op.GE, cuts[-1], "%")), profile(points, d), {"x": values}
        )

    @PROPERTY
    @given(
        a=st.lists(st.one_of(PLAIN, st.integers(0, 200).map(Decimal)), min_size=1, max_size=30),
        data=st.data(),
        d=DECIMALS,
        points=POINTS,
    )
    def test_formula_values(
        self, a: list[Decimal], data: st.DataObject, d: int, points: Decimal
    ) -> None:
        """A formula's value (a / b x 100, with b equal to a, zero or missing) matches too."""
        b = [data.draw(st.one_of(st.just(x), st.just(Decimal(0)), PLAIN, st.none())) for x in a]
        ind = indicator(Proportional(), Target(Op.GE, Decimal(100), "%"), "a / b * 100")
        assert_same_as_one_unit(ind, profile(points, d), {"a": a, "b": b})


class TestRoundingEdges:
    def test_half_cent_rounds_up_where_floats_round_down(self) -> None:
        """2.9% of a 100% target on 5 points is 0.145, which is 0.15 half-up (floats give 0.14)."""
        assert 2.9 / 100 * 5 * 100 < 14.5  # why floats alone are not enough
        ind = indicator(Proportional(), Target(Op.GE, Decimal(100), "%"))
        table = read_csv("unit,year,x\nA,2023,2.9\n")
        outcome = score_table([ind], profile(Decimal(5), 2), table, engine="columnar").outcomes[0]
        assert isinstance(outcome, Scored)
        assert outcome.points == (Decimal("0.15"),)


# --------------------------------------------------------------------------- fallbacks


@attrs.frozen
class Halves(Rule):
    """A rule no kernel knows: half the points below the target, full at or above it."""

    kind: ClassVar[str] = "test_halves"
    title: ClassVar[Text] = Text("半", "halves")

    @classmethod
    def parse(cls, params: Params) -> Self:
        return cls()

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        share = Decimal(1) if value >= target.value else Decimal("0.5")
        return Assessment(share, Text("", ""))

    def describe(self, target: Target, points: Decimal) -> Text:
        return Text("", "")


@attrs.frozen
class CappedProportional(Proportional):
    """Proportional with a parameter the proportional kernel does not know."""

    cap: Decimal = Decimal(1)

    def assess(self, value: Decimal, target: Target, points: Decimal) -> Assessment:
        found = super().assess(value, target, points)
        return Assessment(min(found.share, self.cap), found.why)


class TestFallback:
    def test_rule_without_kernel_is_scored_by_its_own_code(self) -> None:
        """A rule kind with no kernel is scored element by element, exactly."""
        assert columnar.kernel_for(Halves()) is None
        ind = indicator(Halves(), Target(Op.GE, Decimal(10)))
        table = read_csv("unit,year,x\nA,2023,9.99\nB,2023,10\n")
        result = score_table([ind], profile(Decimal("2.25"), 1), table, engine="columnar")
        assert [o.points for o in result.outcomes if isinstance(o, Scored)] == [
            (Decimal("1.1"),),  # half of 2.25 is 1.125, 1.1 at one decimal
            (Decimal("2.3"),),  # 2.25 half-up to one decimal
        ]

    def test_unknown_parameter_disables_the_kernel(self) -> None:
        """A rule carrying a field its kernel does not read is not given to that kernel."""
        assert columnar.kernel_for(Proportional()) is not None
        assert columnar.kernel_for(CappedProportional()) is None  # a subclass may assess anew
        capped = CappedProportional(cap=Decimal("0.5"))
        assert columnar.kernel_for(capped) is None
        ind = indicator(capped, Target(Op.GE, Decimal(10)))
        table = read_csv("unit,year,x\nA,2023,12\n")
        outcome = score_table([ind], profile(Decimal(4), 2), table, engine="columnar").outcomes[0]
        assert isinstance(outcome, Scored)
        assert outcome.points == (Decimal("2.00"),)


class TestSettingsItDoesNotKnow:
    def test_a_missing_facts_policy_sends_every_row_to_the_one_unit_engine(self) -> None:
        """With missing facts scored 0 by the profile, a row missing its fact scores 0
        instead of failing, exactly as it does alone."""
        assert columnar._plain(profile(Decimal(5), 2))
        lenient = evolve(profile(Decimal(5), 2), missing_facts="zero")
        assert not columnar._plain(lenient)
        ind = indicator(Proportional(), Target(Op.GE, Decimal(100), "%"))
        table = read_csv("unit,year,x\nA,2023,97.7\nB,2023,\n")
        outcomes = score_table([ind], lenient, table, engine="columnar").outcomes
        assert [o.points for o in outcomes if isinstance(o, Scored)] == [
            (Decimal("4.89"),),  # 97.7% of 5 points is 4.885
            (Decimal("0.00"),),
        ]


class TestTotalUnderWeights:
    @PROPERTY
    @given(
        shares=st.lists(st.decimals(min_value=0, max_value=1, places=6), min_size=1, max_size=8),
        data=st.data(),
        d=DECIMALS,
    )
    def test_equals_decimal_rounding_per_draw(
        self, shares: list[Decimal], data: st.DataObject, d: int
    ) -> None:
        """Each draw's total is the sum of half-up rounded share x points, as the engine adds."""
        draws = data.draw(
            st.lists(
                st.lists(st.integers(0, 5000), min_size=len(shares), max_size=len(shares)),
                min_size=1,
                max_size=20,
            )
        )
        got = weight_draws.total_under_weights(shares, np.array(draws, dtype=np.int64), 2, d)
        for row, total in zip(draws, got.tolist(), strict=True):
            expected = sum(
                round_half_up(mul(s, Decimal(w).scaleb(-2)), d)
                for s, w in zip(shares, row, strict=True)
            )
            assert Decimal(total).scaleb(-d) == expected

    def test_half_cent_share_rounds_up(self) -> None:
        """A share of 0.977 of 5.00 points is 4.885: 4.89, not the float 4.88."""
        got = weight_draws.total_under_weights([Decimal("0.977")], np.array([[500]]), 2, 2)
        assert got.tolist() == [489]
