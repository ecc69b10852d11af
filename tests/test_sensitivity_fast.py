"""The NumPy fast path of `sensitivity`'s random draws gives exactly the exact path's totals."""

from __future__ import annotations

import random
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")

from reports_helpers import below_excellent_card, example_card  # noqa: E402
from scoring.analysis import sensitivity as sensitivity_module  # noqa: E402
from scoring.analysis.sensitivity import Sensitivity, _forms, sensitivity  # noqa: E402
from scoring.analysis.weight_draws import python_randints, totals_under_draws  # noqa: E402
from scoring.core.engine import score  # noqa: E402
from scoring.core.scorecard import Scorecard  # noqa: E402
from strategies import ALL_KINDS, cases  # noqa: E402


def exact(card: Scorecard, **options: object) -> Sensitivity:
    """The analysis with the fast path turned off: every draw in Decimal."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sensitivity_module, "_fast_totals", lambda *_: None)
        return sensitivity(card, **options)  # type: ignore[arg-type]


def same(fast: Sensitivity, slow: Sensitivity) -> None:
    # Equal Decimals can differ in exponent (0 and 0.00): compare the text too.
    assert [str(t) for t in fast.totals] == [str(t) for t in slow.totals]
    assert fast.grades == slow.grades
    assert fast == slow


class TestSameAsExact:
    @settings(max_examples=30)
    @given(
        # Qualitative rows have no fast form: the draws of such a case are all exact.
        case=cases(kinds=[k for k in ALL_KINDS if k != "qualitative"]),
        spread=st.sampled_from([Decimal("0.0005"), Decimal(1), Decimal(10), Decimal(50)]),
        seed=st.integers(0, 2**40),
    )
    def test_generated_cases(self, case: object, spread: Decimal, seed: int) -> None:
        """For any generated case the draws' totals and grade counts equal the exact path's."""
        card = score(case.indicators, case.weights, case.facts, missing=case.missing)  # type: ignore[attr-defined]
        step = Decimal(1).scaleb(-card.decimals)
        # Fixed points off an over-achieving row and deductions finer than the
        # sheet's decimals are left to the exact path on purpose.
        if all(
            r.over_deducted is None and (r.deduction is None or r.deduction.points % step == 0)
            for r in card.rows
        ):
            assert _forms(card) is not None, "every generated rule kind but one has a fast form"
        same(
            sensitivity(card, spread=spread, draws=40, seed=seed),
            exact(card, spread=spread, draws=40, seed=seed),
        )

    @pytest.mark.parametrize("card", [example_card(), below_excellent_card()], ids=["a", "b"])
    def test_the_example(self, card: Scorecard) -> None:
        """The Yueyang example (checklist, count and unit deductions, bands), 2,000 draws."""
        assert _forms(card) is not None
        same(sensitivity(card, draws=2000, seed=6), exact(card, draws=2000, seed=6))

    def test_unmoved_weights_give_the_scored_total(self) -> None:
        """A spread so small that every factor is exactly 1 gives the scored total every draw."""
        card = example_card()
        result = sensitivity(card, spread=Decimal("0.0005"), draws=5, seed=1)
        assert set(result.totals) == {card.total}
        same(result, exact(card, spread=Decimal("0.0005"), draws=5, seed=1))


class TestRoundingEdge:
    def test_points_on_x_xx5_are_unsure(self) -> None:
        """Half of 0.01 point is 0.005, on a rounding edge: the draw goes to Decimal."""
        _, unsure = totals_under_draws(
            [("share", 0.5), ("share", 1.0)],
            [Decimal("0.01"), Decimal("99.99")],
            np.zeros((2, 2), dtype=np.int64),
            deducted_units=[0, 0],
            denominator=100_000,
            full=Decimal(100),
            decimals=2,
        )
        assert unsure.tolist() == [True, True]

    def test_points_off_an_edge_are_sure(self) -> None:
        """0.004 and 9,999 hundredths are far from an edge: the float totals stand."""
        units, unsure = totals_under_draws(
            [("share", 0.4), ("share", 1.0)],
            [Decimal("0.01"), Decimal("99.99")],
            np.zeros((1, 2), dtype=np.int64),
            deducted_units=[0, 0],
            denominator=100_000,
            full=Decimal(100),
            decimals=2,
        )
        assert unsure.tolist() == [False]
        assert units.tolist() == [9999]


class TestFallback:
    def test_without_numpy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without NumPy the draws are computed in Decimal, with the same result."""
        card = example_card()
        fast = sensitivity(card, draws=200, seed=3)
        monkeypatch.setitem(sys.modules, "scoring.batch.columnar", None)
        same(fast, sensitivity(card, draws=200, seed=3))

    def test_a_rule_without_a_fast_form(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A row whose rule kind has no fast form sends every draw to the exact path."""
        card = example_card()
        monkeypatch.setattr(sensitivity_module, "_CAPPED_KINDS", frozenset())
        assert _forms(card) is None
        same(sensitivity(card, draws=100, seed=2), exact(card, draws=100, seed=2))


class TestRandints:
    @given(seed=st.integers(0, 2**64), low=st.integers(-(10**6), 0), width=st.integers(1, 10**6))
    def test_same_as_randint(self, seed: int, low: int, width: int) -> None:
        """The values are those of ``randint`` on the same generator, in order."""
        rng = random.Random(seed)
        drawn = python_randints(rng, low, low + width - 1, 300)
        assert drawn is not None
        assert drawn.tolist() == [rng.randint(low, low + width - 1) for _ in range(300)]
