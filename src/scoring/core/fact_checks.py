"""The checks every path makes on a case's facts, whichever way they came in.

``scoring score``, a batch row (either engine), ``--set``, :func:`scoring.score`
from Python and ``scoring validate`` all use these, so that the same facts get
the same verdict everywhere:

- errors: a number outside the bounds (:func:`~scoring.core.numbers.bounds_problem`),
  a negative amount that a ratio formula reads (:func:`fact_signs`);
- warnings: a value that looks like a fraction where the unit is % (:func:`fraction_warning`),
  a target that looks like one (:func:`target_warnings`), a fact no indicator reads
  (:func:`unread_facts`), a value that no longer appears in its own quote
  (:func:`quote_warnings`).

Pure: each message is built here, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from scoring.core.errors import (
    InputError,
    InputWarning,
    Location,
    Named,
    ScoringError,
    did_you_mean,
)
from scoring.core.formula import BinOp, Expr, Name, Neg
from scoring.core.messages import Message, msg
from scoring.core.model import Facts, Indicator, ProvenanceKind, Target
from scoring.core.numbers import HUNDRED, bounds_problem, mul, plain
from scoring.core.numbers import shown as number_shown
from scoring.core.rules import BudgetExecution
from scoring.core.values import Op

# A value of at most 1 against a target of at least this many percent is almost
# surely a fraction (0.95 written for 95%).
FRACTION_TARGET_MIN = Decimal(10)


def divisors(expr: Expr) -> Iterator[Expr]:
    """Every expression ``expr`` divides by."""
    if isinstance(expr, BinOp):
        if expr.op == "/":
            yield expr.right
        yield from divisors(expr.left)
        yield from divisors(expr.right)
    elif isinstance(expr, Neg):
        yield from divisors(expr.operand)


def formula_location(ind: Indicator) -> Location | None:
    """Where ``ind``'s formula is written, or the indicator when it has none."""
    return ind.formula.location if ind.formula and ind.formula.location else ind.location


def signed_facts(indicators: Iterable[Indicator]) -> dict[str, Indicator]:
    """The facts that cannot be negative, each with the first indicator whose ratio reads it.

    A fact read by a formula that divides (a ratio such as ``spending / budget * 100``)
    is an amount or a count, so it cannot be below 0, unless its indicator file
    declares it ``signed`` (a budget adjustment, negative for a cut).
    """
    found: dict[str, Indicator] = {}
    seen: set[str] = set()
    for ind in indicators:
        if ind.id in seen:
            continue
        seen.add(ind.id)
        if ind.formula is None or not any(True for _ in divisors(ind.formula.expr)):
            continue
        for name in sorted(ind.formula.names):
            if not ind.fact_info(name).signed:
                found.setdefault(name, ind)
    return found


def negative_amount(name: str, value: Decimal, ind: Indicator) -> Message:
    """The words of :func:`fact_signs`' error for fact ``name`` read by ``ind``."""
    assert ind.formula is not None
    return msg(
        "fact {name!r} is {value}, but the formula of {id!r} ({formula}) divides, so {name!r}"
        " is an amount or a count and cannot be negative",
        name=name,
        value=plain(value),
        id=Named(ind.name, ind.id),
        formula=ind.formula.text,
    )


NEGATIVE_HINT = msg("check the sign; a budget, a spending or a count is never below 0")


def fact_signs(
    indicators: Sequence[Indicator],
    facts: Facts,
    signed: Mapping[str, Indicator] | None = None,
) -> list[ScoringError]:
    """An error for every negative fact that a formula divides by, or reads in a ratio.

    ``signed``: :func:`signed_facts` of ``indicators``, when already known.
    """
    problems: list[ScoringError] = []
    for name, ind in (signed_facts(indicators) if signed is None else signed).items():
        fact = facts.facts.get(name)
        # Only numbers have a sign (a fact may also be a word where a rule reads words).
        if fact is None or not isinstance(fact.value, Decimal) or isinstance(fact.value, bool):
            continue
        if fact.value.is_nan() or fact.value >= 0:
            continue
        problems.append(
            InputError(
                negative_amount(name, fact.value, ind),
                location=fact.location or facts.location,
                hint=NEGATIVE_HINT,
            )
        )
    return problems


def number_problems(facts: Facts) -> list[ScoringError]:
    """An error for every number fact outside the bounds every number read obeys.

    Numbers read from files and the command line are checked as they are read;
    this catches those given from Python (``Decimal("NaN")``, ``Decimal("1e400")``).
    """
    problems: list[ScoringError] = []
    for name, fact in facts.facts.items():
        value = fact.value
        if isinstance(value, Decimal) and not isinstance(value, bool):
            problem = bounds_problem(value)
            if problem is not None:
                problems.append(
                    InputError(
                        msg("fact {name!r}: {problem}", name=name, problem=problem.said),
                        location=fact.location or facts.location,
                        hint=problem.said_hint,
                    )
                )
    return problems


def value_location(ind: Indicator, facts: Facts) -> Location | None:
    """Where a row's value is written: its fact's line, or its formula's."""
    name = ind.id if ind.formula is None else None
    if ind.formula is not None and isinstance(ind.formula.expr, Name):
        name = ind.formula.expr.name
    fact = facts.facts.get(name) if name is not None else None
    if fact is not None and fact.location is not None:
        return fact.location
    return formula_location(ind)


def fraction_warning(
    ind: Indicator, target: Target, value: Decimal, where: Location | None
) -> InputWarning | None:
    """A warning when ``value`` looks like a fraction meant as a percentage, else None."""
    if not isinstance(value, Decimal) or isinstance(value, bool) or not target.numeric:
        return None
    if ind.unit != "%" or value == 0 or abs(value) > 1 or abs(target.value) < FRACTION_TARGET_MIN:
        return None
    shown = number_shown(value)
    meant = number_shown(mul(value, HUNDRED))
    computed = ind.formula is not None and not isinstance(ind.formula.expr, Name)
    hint = (
        msg("multiply by 100 in the formula if it computes a fraction")
        if computed
        else msg("if you meant {meant}%, write {meant}", meant=meant)
    )
    return InputWarning(
        msg(
            "{id!r} is {shown}% against a target of {target}: is {shown} a fraction "
            "meant as {meant}%?",
            id=Named(ind.name, ind.id),
            shown=shown,
            target=target,
            meant=meant,
        ),
        location=where,
        hint=hint,
    )


def target_warnings(
    indicators: Iterable[Indicator], facts: Facts | None = None, *, own: bool = True
) -> list[ScoringError]:
    """A warning for every target of a rate that looks like a fraction (``>= 0.95`` for 95%).

    The indicators' own targets (unless ``own`` is false) and the targets
    ``facts`` set for the year. Only targets a result must reach or equal: a
    rate kept below a small share (``<= 0.5%``) is common.
    """
    problems: list[ScoringError] = []
    seen: set[str] = set()
    for ind in indicators:
        if ind.id in seen:
            continue
        seen.add(ind.id)
        setting = facts.targets.get(ind.id) if facts is not None else None
        targets = [(ind.target, ind.location)] if own else []
        if setting is not None:
            targets.append(
                (setting.target, setting.location or (facts.location if facts else None))
            )
        for target, where in targets:
            if ind.unit != "%" or not target.numeric or target.op is Op.LE:
                continue
            if 0 < target.value < 1:
                meant = plain(mul(target.value, HUNDRED))
                problems.append(
                    InputWarning(
                        msg(
                            "the target {target} of {id!r} looks like a "
                            "fraction: is {meant}% meant?",
                            target=target,
                            id=Named(ind.name, ind.id),
                            meant=meant,
                        ),
                        location=where,
                        hint=msg(
                            "the unit is %: write '{ascii} {meant}%'",
                            ascii=target.op.ascii,
                            meant=meant,
                        ),
                    )
                )
    return problems


def fact_names(indicators: Iterable[Indicator]) -> set[str]:
    """The raw facts ``indicators`` read: names in formulas, and ids of rows without one."""
    by_id: dict[str, Indicator] = {}
    for ind in indicators:
        by_id.setdefault(ind.id, ind)
    return names_read(by_id)


def names_read(by_id: Mapping[str, Indicator]) -> set[str]:
    """The raw facts the indicators read: names in formulas, and ids of rows without one."""
    computed = {ind_id for ind_id, ind in by_id.items() if ind.formula is not None}
    names = {ind_id for ind_id in by_id if ind_id not in computed}
    for ind in by_id.values():
        if ind.formula is not None:
            names.update(n for n in ind.formula.names if n not in computed)
        # A budget execution rule's named budgets are read too: the one the rate is
        # on by the formula, the other shown beside it with the rate it would give.
        if isinstance(ind.rule, BudgetExecution):
            names.update(
                b
                for b in (ind.rule.adjusted_budget, ind.rule.initial_budget)
                if b is not None and b not in computed
            )
    return names


def unread_fact(
    name: str, read: Iterable[str], given: Iterable[str], where: Location | None
) -> InputWarning:
    """The warning for fact ``name``, which no indicator reads (often a misspelt name)."""
    missing = sorted(set(read) - set(given))
    return InputWarning(
        msg("fact {name!r} is not read by any indicator of this case", name=name),
        location=where,
        hint=did_you_mean(name, missing)
        or msg("remove it, or check that its name matches the formula"),
    )


def unread_facts(indicators: Iterable[Indicator], facts: Facts) -> list[ScoringError]:
    """A warning for every fact no indicator reads, with did-you-mean: often a misspelt name."""
    read = fact_names(indicators)
    # A fact given unit by unit may be weighted by another fact: that one is read too.
    read |= {
        f.combination.weighted_by
        for f in facts.facts.values()
        if f.combination is not None and f.combination.weighted_by is not None
    }
    return [
        unread_fact(name, read, facts.facts, fact.location or facts.location)
        for name, fact in sorted(facts.facts.items())
        if name not in read
    ]


# Numbers as a report writes them: 5070.36, 5,070.36, 65.98%.
_QUOTED_NUMBER = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?")


def quote_warnings(facts: Facts) -> list[ScoringError]:
    """A warning for every number whose ``quote:`` does not hold it (the quote holds its number).

    The quote is the sentence of the report the number comes from; a value
    changed since, or a quote pasted from the wrong line, no longer matches.
    """
    problems: list[ScoringError] = []
    for name, fact in sorted(facts.facts.items()):
        value = fact.value
        quote = fact.provenance
        if quote is None or quote.kind is not ProvenanceKind.QUOTE:
            continue
        if not isinstance(value, Decimal) or isinstance(value, bool):
            continue
        if any(_holds(found, value) for found in _QUOTED_NUMBER.findall(quote.text)):
            continue
        problems.append(
            InputWarning(
                msg(
                    "the value {value} of fact {name!r} does not appear in its quote {text!r}",
                    value=plain(value),
                    name=name,
                    text=quote.text,
                ),
                location=fact.location or facts.location,
                hint=msg("correct the value or the quote: a quote holds the number it gives"),
            )
        )
    return problems


def _holds(text: str, value: Decimal) -> bool:
    """Whether a number of a quote is ``value``: written with separators (5,070.36), or
    one of a list (81，85)."""
    pieces = [text.replace(",", "").replace("，", ""), *re.split("[,，]", text)]
    for piece in pieces:
        try:
            if piece and Decimal(piece) == value:
                return True
        except InvalidOperation:
            continue
    return False
