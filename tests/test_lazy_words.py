"""The explanations are written when read, and read the same as when they were written at once.

Scoring decides every figure at once and leaves each sentence of a row's
explanation, criterion and calculation (and each rule's verdict in words)
to be written when first read (``scoring.core.lazy``): a batch never reads
them. These tests hold the deferred words to what the engine promises: the
same texts whatever Decimal context the reader has set, and scorecards
that compare as before; and ``score_checked``
(indicators and weights checked once for a table) gives ``score``'s
scorecard and errors.
"""

from __future__ import annotations

import decimal
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings

from scoring.core.engine import checked, score, score_checked
from scoring.core.errors import ScoringError, WeightsError
from scoring.core.lazy import LazyText
from scoring.core.rules import Proportional
from scoring.core.values import Text
from strategies import Case, cases
from strategies_rules import facts, indicator, profile


def words(card: object) -> list[tuple[object, ...]]:
    """Each row's words, read now (a text is written when its words are read)."""
    rows = getattr(card, "rows", ())
    texts = [(r.id, r.explanation, r.criterion, r.calculation) for r in rows]
    return [(i, *(None if t is None else (t.zh, t.en) for t in ts)) for i, *ts in texts]


def test_a_lazy_text_is_written_once_when_first_read_and_is_the_text_it_gives() -> None:
    made: list[int] = []

    def make() -> Text:
        made.append(1)
        return Text("甲", "a")

    lazy = LazyText(make)
    assert made == []
    assert lazy.zh == "甲"
    assert lazy.get("en") == "a"
    assert made == [1]
    assert lazy == Text("甲", "a")
    assert Text("甲", "a") == lazy
    assert hash(lazy) == hash(Text("甲", "a"))
    assert lazy != Text("乙", "b")
    assert repr(lazy) == "Text(zh='甲', en='a')"
    again = pickle.loads(pickle.dumps(LazyText(make)))
    assert type(again) is Text
    assert again == Text("甲", "a")


def test_a_lazy_text_is_its_words_to_attrs_and_evolve() -> None:
    """What code written against the attrs classes does with a row's explanation (a
    Text when the engine wrote it at once) gives its words: asdict and astuple its two
    sentences, never the function that writes them; evolve a Text with one changed."""
    import attrs  # noqa: PLC0415 (only these calls need it)

    from scoring.core.record import evolve  # noqa: PLC0415

    lazy = LazyText(lambda: Text("甲", "a"))
    assert attrs.asdict(lazy) == {"zh": "甲", "en": "a"}
    assert attrs.astuple(lazy) == ("甲", "a")
    assert [f.name for f in attrs.fields(type(lazy))] == ["zh", "en"]
    for changed in (attrs.evolve(lazy, en="b"), evolve(lazy, en="b")):
        assert type(changed) is Text
        assert (changed.zh, changed.en) == ("甲", "b")
    ind = indicator("rate", Proportional(), ">= 95%", unit="%")
    card = score([ind], profile([ind], {"rate": 100}), facts({"rate": 90}))
    row = attrs.asdict(card.rows[0])
    assert row["explanation"] == {
        "zh": "rate 90% 未达目标 95%，按 90% ÷ 95% = 94.74% 计分，得 94.74 分，失 5.26 分。",
        "en": card.rows[0].explanation.en,
    }
    assert "make" not in row["criterion"]


def test_words_are_written_in_the_projects_context_whatever_the_readers() -> None:
    # 90 / 95 of 100 points is 94.74, 5.26 lost: in a context of 2 digits rounding
    # down, 100 - 94.74 would be 5.2, and the verdict's 94.736…% would be 94%.
    ind = indicator("rate", Proportional(), ">= 95%", unit="%")
    card = score([ind], profile([ind], {"rate": 100}), facts({"rate": 90}))
    with decimal.localcontext(decimal.Context(prec=2, rounding=decimal.ROUND_DOWN)):
        late = card.rows[0].explanation.zh
    assert late == "rate 90% 未达目标 95%，按 90% ÷ 95% = 94.74% 计分，得 94.74 分，失 5.26 分。"


@settings(max_examples=25)
@given(cases())
def test_words_read_later_in_another_context_are_the_words_read_at_once(case: Case) -> None:
    try:
        at_once = score(case.indicators, case.weights, case.facts, missing=case.missing)
    except ScoringError:
        return
    expected = words(at_once)
    later = score(case.indicators, case.weights, case.facts, missing=case.missing)
    with decimal.localcontext(decimal.Context(prec=6, rounding=decimal.ROUND_FLOOR, traps=[])):
        assert words(later) == expected
    again = score(case.indicators, case.weights, case.facts, missing=case.missing)
    assert again == at_once  # scorecards compare by their words too


@settings(max_examples=25)
@given(cases())
def test_checked_once_scores_as_score_does(case: Case) -> None:
    sheet = checked(case.indicators, case.weights)

    def lines(problems: tuple[ScoringError, ...]) -> list[str]:
        return [p.line() for p in problems]

    try:
        want = score(case.indicators, case.weights, case.facts, missing=case.missing)
    except ScoringError as exc:
        refused = lines(exc.problems)
        with pytest.raises(ScoringError) as caught:
            score_checked(sheet, case.facts, missing=case.missing)
        assert lines(caught.value.problems) == refused
        return
    got = score_checked(sheet, case.facts, missing=case.missing)
    assert got == want
    assert words(got) == words(want)


def test_checked_refuses_indicators_and_weights_that_do_not_fit() -> None:
    ind = indicator("rate", Proportional(), ">= 95%", unit="%")
    other = indicator("other", Proportional(), ">= 95%", unit="%")
    with pytest.raises(WeightsError, match="no points"):
        checked([ind, other], profile([ind], {"rate": 100}))
    sheet = checked([ind], profile([ind], {"rate": 100}))
    card = score_checked(sheet, facts({"rate": 90}))
    assert card.total == Decimal("94.74")  # 90 / 95 × 100 = 94.736…, half up
    assert card.rows[0].explanation.zh == (
        "rate 90% 未达目标 95%，按 90% ÷ 95% = 94.74% 计分，得 94.74 分，失 5.26 分。"
    )
