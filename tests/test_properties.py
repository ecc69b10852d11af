"""Properties of scoring over generated indicators, weights and facts."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from scoring.core.engine import score
from scoring.core.model import Facts, Op
from scoring.core.rules import Coefficient
from scoring.core.scorecard import Scorecard
from scoring.rendering import FORMATS, render
from strategies import Case, cases, dec, target_of, with_value


def scored(case: Case) -> Scorecard:
    return score(case.indicators, case.weights, case.facts)


@st.composite
def improvements(draw: st.DrawFn) -> tuple[Case, str, Decimal, Decimal]:
    """A case, one of its indicators, its value and a value at least as good."""
    case = draw(cases())
    ind = draw(st.sampled_from(case.indicators))
    before = scored(case).row(ind.id).value
    target = target_of(case, ind)
    if isinstance(ind.rule, Coefficient):
        # Higher is better, up to the top of its range (1, or 100%).
        after = before + (ind.rule.top - before) * draw(dec("0", "1"))
    elif target.op is Op.GE:
        after = before + draw(dec("0", "200"))
    elif target.op is Op.LE:
        after = before - draw(dec("0", "200"))
    else:
        after = before + (target.value - before) * draw(dec("0", "1"))
    if ind.formula is not None:
        # A ratio of a negative amount is refused (scoring.core.fact_checks.fact_signs):
        # a ratio cannot get better than 0 by going below it.
        after = max(after, Decimal(0))
    return case, ind.id, before, after


class TestMonotone:
    @given(improvements())
    def test_better_value_never_earns_less(
        self, example: tuple[Case, str, Decimal, Decimal]
    ) -> None:
        """A value moved its good way (≥ up, ≤ down, = toward) never lowers its row or the total."""
        case, ind_id, _, after = example
        ind = next(i for i in case.indicators if i.id == ind_id)
        old = scored(case)
        new = scored(with_value(case, ind, after))
        assert new.row(ind_id).value == after
        assert new.row(ind_id).share >= old.row(ind_id).share
        assert new.row(ind_id).points >= old.row(ind_id).points
        assert new.total >= old.total


class TestBounds:
    @given(cases())
    def test_rows_within_their_points(self, case: Case) -> None:
        """Every row earns between 0 and its points; every share is in [0, 1]."""
        for row in scored(case).rows:
            assert 0 <= row.share <= 1
            assert 0 <= row.points <= row.max_points

    @given(cases())
    def test_total_within_full_score(self, case: Case) -> None:
        """The total is between 0 and the full score, normalised or not."""
        card = scored(case)
        assert 0 <= card.total <= card.full_score

    @given(cases())
    def test_rows_have_the_sheets_decimals(self, case: Case) -> None:
        """Rows earn points at the sheet's decimals; rescaled rows are worth points at them too."""
        card = scored(case)
        step = Decimal(1).scaleb(-card.decimals)
        for row in card.rows:
            assert row.points == row.points.quantize(step)
            if case.weights.normalise:
                assert row.max_points == row.max_points.quantize(step)


class TestSums:
    @given(cases())
    def test_rows_add_up_to_the_total(self, case: Case) -> None:
        """The total is the sum of the rounded rows; the rows' points add up to the full score."""
        card = scored(case)
        assert card.total == sum(r.points for r in card.rows)
        assert sum(r.max_points for r in card.rows) == card.full_score

    @given(cases())
    def test_groups_and_categories_add_up(self, case: Case) -> None:
        """Groups add up their rows, categories their groups, the total its categories."""
        card = scored(case)
        rows = {r.id: r for r in card.rows}
        placed = []
        for cat in card.categories:
            assert cat.points == sum((g.points for g in cat.groups), Decimal(0))
            assert cat.max_points == sum((g.max_points for g in cat.groups), Decimal(0))
            for group in cat.groups:
                members = [rows[i] for i in group.indicator_ids]
                assert all(
                    (r.indicator.level1, r.indicator.level2) == (cat.name, group.name)
                    for r in members
                )
                assert group.points == sum((r.points for r in members), Decimal(0))
                placed.extend(group.indicator_ids)
        assert sorted(placed) == sorted(rows)
        assert card.total == sum((c.points for c in card.categories), Decimal(0))


def every_format(card: Scorecard) -> list[str]:
    return [render(card, fmt, lang) for fmt in sorted(FORMATS) for lang in ("zh", "en")]


class TestOrderAndDeterminism:
    @given(st.data())
    def test_reordering_indicators_and_facts_changes_nothing(self, data: st.DataObject) -> None:
        """Shuffling the indicators and the facts gives the same output in every format."""
        case = data.draw(cases())
        inds = data.draw(st.permutations(case.indicators))
        names = data.draw(st.permutations(sorted(case.facts.facts)))
        facts: Facts = attrs.evolve(case.facts, facts={n: case.facts.facts[n] for n in names})
        shuffled = score(inds, case.weights, facts)
        assert every_format(shuffled) == every_format(scored(case))

    @given(cases())
    def test_same_input_same_output(self, case: Case) -> None:
        """Scoring and rendering the same input twice gives identical text, JSON and Markdown."""
        assert every_format(scored(case)) == every_format(scored(case))
