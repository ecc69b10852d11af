"""The engine's promises over generated sheets of every rule kind and every setting.

The cases come from ``strategies.cases()``: all registered rule kinds, and
value rounding, over-achievement flags and reductions, vetoes, custom grades,
rows marked not applicable, manual deductions, missing facts under the
``zero`` and ``not-applicable`` policies, year targets and normalised points.
Each test reports what it met with ``event()`` (see them with
``pytest --hypothesis-show-statistics``); tests/test_strategies.py checks that
every kind and setting is reached.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import event, given
from hypothesis import strategies as st

from scoring.batch import Failed, Scored, numpy_available, score_table
from scoring.core.engine import effective_points, score
from scoring.core.errors import ScoringError
from scoring.core.model import Facts, FactValue
from scoring.core.record import evolve
from scoring.core.scorecard import Row, Scorecard
from scoring.files.tables import FactTable
from scoring.rendering import FORMATS, render
from strategies import (
    Case,
    better,
    better_values,
    cases,
    edge_pairs,
    features,
    target_of,
    value_for,
    value_of,
    with_value,
)


def scored(case: Case) -> Scorecard:
    return score(case.indicators, case.weights, case.facts, missing=case.missing)


def report(case: Case, card: Scorecard) -> None:
    for name in sorted(features(case, card)):
        event(name)


def straddles_reduction(case: Case, old: Row, new: Row) -> bool:
    """Whether the pair crosses the over-achievement flag of a row it reduces or deducts.

    The settings that are not monotone on purpose (docs/settings.md): on each
    side of the flag the row is monotone, across it it may lose points.
    """
    setting = old.indicator.over_achievement or case.weights.over_achievement
    flagged = (old.over_achievement is not None, new.over_achievement is not None)
    takes = setting.reduce_by is not None or setting.deduct is not None
    return takes and flagged[0] != flagged[1]


def assert_no_worse(case: Case, ind_id: str, before: FactValue, after: FactValue) -> None:
    """Scoring ``ind_id`` at ``after`` (strictly better than ``before``) loses nothing."""
    ind = case.indicator(ind_id)
    assert better(ind.rule, target_of(case, ind), before, after), (before, after)
    old = scored(with_value(case, ind, before))
    new = scored(with_value(case, ind, after))
    old_row, new_row = old.row(ind_id), new.row(ind_id)
    if straddles_reduction(case, old_row, new_row):
        event("pair straddles an over-achievement reduction: not compared")
        return
    event(
        f"pair of {ind.rule.kind}: points {'rose' if new_row.points > old_row.points else 'held'}"
    )
    assert new_row.share >= old_row.share
    assert new_row.points >= old_row.points
    assert new.total >= old.total
    assert new.grade.min >= old.grade.min
    assert len(new.vetoed_by) <= len(old.vetoed_by)


def improvable(case: Case) -> list[str]:
    """Rows that are scored and read a value (not dropped, not missing)."""
    card = scored(case)
    return [r.id for r in card.rows if r.value is not None and not r.informational]


class TestMonotone:
    @given(st.data())
    def test_better_value_never_earns_less(self, data: st.DataObject) -> None:
        """A value strictly better (≥ up, ≤ down, = closer, more items, a better level, more
        of the evaluator's points, false to true) never lowers its row, the total or the grade."""
        case = data.draw(cases())
        report(case, scored(case))
        candidates = improvable(case)
        ind_id = data.draw(st.sampled_from(candidates))
        ind = case.indicator(ind_id)
        before = value_of(case, ind)
        assert before is not None
        after = data.draw(better_values(case, ind))
        if after is None:
            event(f"{ind.rule.kind}: already at its best")
            return
        assert_no_worse(case, ind_id, before, after)

    @given(st.data())
    def test_pairs_across_edges_never_earn_less(self, data: st.DataObject) -> None:
        """On each side of the target, a band edge or an over-achievement flag, and across it,
        by 1, 0.01 or 0.0001, the better of two values never earns less."""
        case = data.draw(
            cases(
                kinds=(
                    "proportional",
                    "reverse",
                    "bands",
                    "deduction_per_unit",
                    "equal",
                    "met",
                    "budget_execution",
                )
            )
        )
        with_pairs = [i for i in improvable(case) if edge_pairs(case, case.indicator(i))]
        if not with_pairs:
            event("no numeric row with edges")
            return
        ind_id = data.draw(st.sampled_from(with_pairs))
        worse, good = data.draw(st.sampled_from(edge_pairs(case, case.indicator(ind_id))))
        assert_no_worse(case, ind_id, worse, good)


def assert_bounded(case: Case, card: Scorecard) -> None:
    """Every row earns between 0 and its points, every share is in [0, 1], and the total
    is between 0 and the full score, whatever rows are dropped or deducted."""
    for row in card.rows:
        assert 0 <= row.share <= 1, row.id
        assert 0 <= row.points <= row.max_points, row.id
    assert 0 <= card.total <= card.full_score


def assert_on_the_grid(case: Case, card: Scorecard) -> None:
    """Rows earn points at the sheet's decimals, after any deduction finer than them;
    rescaled rows (normalised, or after rows were dropped) are worth points at them too."""
    step = Decimal(1).scaleb(-card.decimals)
    for row in card.rows:
        assert row.points == row.points.quantize(step), row.id
        if case.weights.normalise or card.rescale is not None:
            assert row.max_points == row.max_points.quantize(step), row.id


def assert_adds_up(case: Case, card: Scorecard) -> None:
    """The total is the sum of the rounded rows (at most the cap on the total, if any); the
    rows' points add up to the full score,
    also after rows are dropped and the rest rescaled; groups add up their rows,
    categories their groups, the total its categories; each scored row is in one group."""
    # A cap on the total (total_cap) takes the lesser of the rows' sum and its band's cap.
    assert card.uncapped_total == sum(r.points for r in card.rows)
    cap = card.capped
    assert card.total == (
        card.uncapped_total if cap is None else min(cap.uncapped, cap.band.at_most)
    )
    assert sum(r.max_points for r in card.rows) == card.full_score
    rows = {r.id: r for r in card.rows}
    placed = []
    for cat in card.categories:
        assert cat.points == sum((g.points for g in cat.groups), Decimal(0))
        assert cat.max_points == sum((g.max_points for g in cat.groups), Decimal(0))
        for group in cat.groups:
            members = [rows[i] for i in group.indicator_ids]
            assert all(
                (r.indicator.level1, r.indicator.level2) == (cat.name, group.name) for r in members
            )
            assert group.points == sum((r.points for r in members), Decimal(0))
            placed.extend(group.indicator_ids)
    assert sorted(placed) == sorted(rows)
    assert {d.id for d in card.not_applicable}.isdisjoint(rows)
    assert card.uncapped_total == sum((c.points for c in card.categories), Decimal(0))
    for row in card.rows:
        if row.informational:
            assert (row.max_points, row.points, row.share) == (0, 0, 0), row.id


class TestScorecard:
    """One generated case is checked for all three promises, to keep the suite fast."""

    @given(cases())
    def test_bounded_on_the_grid_and_adding_up(self, case: Case) -> None:
        """Rows and total are bounded, on the sheet's grid, and add up (see the helpers)."""
        card = scored(case)
        report(case, card)
        assert_bounded(case, card)
        assert_on_the_grid(case, card)
        assert_adds_up(case, card)
        for row in card.rows:
            if row.informational and row.value is not None:
                # Shown, never scored: another value changes no points anywhere.
                other = scored(with_value(case, row.indicator, Decimal("987.65")))
                assert [r.points for r in other.rows] == [r.points for r in card.rows]
                assert other.grade == card.grade


def every_format(card: Scorecard) -> list[str]:
    return [render(card, fmt, lang) for fmt in sorted(FORMATS) for lang in ("zh", "en")]


class TestOrder:
    @given(st.data())
    def test_reordering_indicators_and_facts_changes_nothing(self, data: st.DataObject) -> None:
        """Shuffling the indicators, the facts, the year targets, the rows marked not
        applicable, the deductions and the reasons gives the same output in every format."""
        case = data.draw(cases())
        inds = data.draw(st.permutations(case.indicators))
        facts = case.facts
        changes = {}
        for field in ("facts", "targets", "not_applicable", "deductions", "reasons"):
            mapping = getattr(facts, field)
            order = data.draw(st.permutations(sorted(mapping)))
            changes[field] = {k: mapping[k] for k in order}
        moved: Facts = evolve(facts, **changes)
        again = score(inds, case.weights, moved, missing=case.missing)
        assert every_format(again) == every_format(scored(case))


ENGINES = ["exact", "columnar"] if numpy_available() else ["exact"]


@st.composite
def batches(draw: st.DrawFn) -> tuple[Case, list[Facts]]:
    """A case and up to five unit-years of it, each with some values drawn anew.

    A table carries facts and year targets only, so the rows marked not
    applicable, the deductions and the reasons are left out; the profile's
    settings (rounding, flags and reductions, vetoes, missing facts) stay.
    """
    case = draw(cases())
    facts = evolve(case.facts, not_applicable={}, deductions={}, reasons={})
    case = evolve(case, facts=facts, missing=None)
    points = effective_points(case.indicators, case.weights)
    rows = []
    for number in range(draw(st.integers(1, 5))):
        row = evolve(case, facts=evolve(case.facts, unit=f"单位{number}"))
        ids = [i.id for i in case.indicators]
        for ind in map(case.indicator, draw(st.lists(st.sampled_from(ids), unique=True))):
            if value_of(row, ind) is not None:
                value = draw(value_for(ind, target_of(row, ind), points[ind.id]))
                row = with_value(row, ind, value)
        rows.append(row.facts)
    return case, rows


class TestBatchEqualsOneUnit:
    @given(batches())
    def test_every_engine_scores_each_row_as_alone(self, example: tuple[Case, list[Facts]]) -> None:
        """Each engine gives each row of a table the total, grade and row points the one-unit
        engine gives it, and fails exactly the rows that engine refuses."""
        case, rows = example
        table = FactTable.from_facts(rows, "generated.csv")
        for engine in ENGINES:
            result = score_table(case.indicators, case.weights, table, engine=engine)
            assert len(result.outcomes) == len(rows)
            for index, outcome in enumerate(result.outcomes):
                try:
                    card = score(case.indicators, case.weights, table.facts(index))
                except ScoringError:
                    event(f"{engine}: a row fails")
                    assert isinstance(outcome, Failed), engine
                    continue
                report(case, card)
                assert isinstance(outcome, Scored), (engine, outcome)
                assert outcome.total == card.total
                assert outcome.grade == card.grade
                # A row the policy drops has no points; the others keep their ids.
                by_id = dict(zip(result.indicator_ids, outcome.points, strict=True))
                assert {i: p for i, p in by_id.items() if p is not None} == {
                    r.id: r.points for r in card.rows
                }
                assert {i for i, p in by_id.items() if p is None} == {
                    d.id for d in card.not_applicable
                }
