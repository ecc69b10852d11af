"""Checks of a case beyond what scoring strictly needs, each problem located.

:func:`scoring.core.engine.check` answers "do these indicators and weights fit
together?". The checks here go on to the facts, each row on its own: every
fact a formula reads is given, no formula loops, no divisor is zero, every
value can be scored by its rule; with the checks every path makes
(:mod:`scoring.core.fact_checks`: bounds, negative amounts, fractions of a
percentage, facts no indicator reads, quotes). Pure: no files, no printing;
:mod:`scoring.files.validation` and the command line use them.

Which numbers must not be negative is derived from the formulas, not guessed
from names: a fact read by a formula that divides (a ratio such as
``spending / budget * 100``) is an amount or a count, so it cannot be below 0,
and a divisor cannot be 0. A fact read by no division may be negative (a change
on last year, for instance).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from scoring.core.engine import _sums, _Values, check, effective_points, kind_error
from scoring.core.errors import (
    FormulaError,
    InputError,
    InputWarning,
    Named,
    RuleError,
    ScoringError,
    did_you_mean,
)
from scoring.core.fact_checks import (
    fact_signs,
    formula_location,
    fraction_warning,
    number_problems,
    quote_warnings,
    target_warnings,
    unread_facts,
    value_location,
)
from scoring.core.formula import Formula
from scoring.core.messages import msg
from scoring.core.model import Facts, FactValue, Indicator, WeightsProfile, show_value
from scoring.core.numbers import arithmetic_words, in_context
from scoring.core.rules._base import describe_kind, text_hint
from scoring.core.scorecard import Scorecard


def duplicate_ids(indicators: Sequence[Indicator]) -> list[ScoringError]:
    """An error for every indicator whose id an earlier one already has."""
    problems: list[ScoringError] = []
    seen: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.id in seen:
            problems.append(
                InputError(
                    msg(
                        "indicator id {id!r} is defined twice (also at {location})",
                        id=ind.id,
                        location=seen[ind.id].location,
                    ),
                    location=ind.location,
                    hint=msg("give each indicator its own id"),
                )
            )
        else:
            seen[ind.id] = ind
    return problems


def formula_loops(indicators: Sequence[Indicator]) -> list[ScoringError]:
    """An error for every loop of formulas that refer to each other, each loop once."""
    by_id = _by_id(indicators)
    problems: list[ScoringError] = []
    for loop in sorted(_loops(by_id)[0]):
        problems.append(
            FormulaError(
                msg(
                    "formulas refer to each other in a loop: {loop}",
                    loop=" → ".join((*loop, loop[0])),
                ),
                location=formula_location(by_id[loop[0]]),
                hint=msg("a formula may use raw facts and other indicators, but not itself"),
            )
        )
    return problems


def weights_sums(weights: WeightsProfile) -> list[ScoringError]:
    """Whether categories add up to the full score and groups to their category.

    For a weights profile checked without its indicators; with them,
    :func:`scoring.core.engine.check` also compares every group with its rows.
    """
    return [] if weights.normalise else _sums(None, weights)


@in_context
def case_problems(
    indicators: Sequence[Indicator], weights: WeightsProfile, facts: Facts
) -> list[ScoringError]:
    """Every problem, errors and warnings, found in scoring ``facts`` with the others.

    Unlike :func:`scoring.core.engine.score`, this does not stop at the first row
    that cannot be scored: each row is tried on its own.
    """
    problems: list[ScoringError] = list(check(indicators, weights))
    problems.extend(formula_loops(indicators))
    problems.extend(number_problems(facts))
    problems.extend(fact_signs(indicators, facts))
    by_id = _by_id(indicators)
    looped = _loops(by_id)[1]
    points = effective_points(by_id.values(), weights)
    values = _Resolver(by_id, facts)
    for ind_id in weights.points:
        ind = by_id.get(ind_id)
        if ind is None or ind_id in looped or ind_id in facts.not_applicable:
            continue
        try:
            missing = values.missing_facts(ind)
            if missing and facts.as_of is not None:
                # A mid-year facts file (scoring monitor): a row without a figure yet
                # is listed as such by the monitoring, not an error.
                continue
            if missing and weights.missing_facts != "error":
                # The profile scores such a row 0 or drops it: worth a word, not an error.
                problems.extend(
                    InputWarning(
                        msg(
                            "{message}; the profile's missing_facts policy "
                            "({missing_facts}) applies to "
                            "{ind_id!r}",
                            message=p.said,
                            missing_facts=weights.missing_facts,
                            ind_id=ind_id,
                        ),
                        location=p.location,
                        hint=p.said_hint,
                    )
                    for p in missing
                )
                continue
            if missing:
                problems.extend(missing)
                continue
            value = values.get(ind_id)
        except ScoringError as exc:
            problems.extend(exc.problems)
            continue
        except RecursionError:
            problems.append(
                FormulaError(
                    msg(
                        "the formulas behind {ind_id!r} read each other too many levels deep",
                        ind_id=ind_id,
                    ),
                    location=formula_location(ind),
                    hint=msg("compute long chains from raw facts directly"),
                )
            )
            continue
        if not ind.informational:  # shown, not scored: no rule to fit
            problems.extend(_row_problems(ind, value, points[ind_id], facts))
    problems.extend(target_warnings(by_id.values(), facts))
    problems.extend(quote_warnings(facts))
    problems.extend(unread_facts(by_id.values(), facts))
    return _unique(problems)


def fraction_warnings(card: Scorecard, facts: Facts) -> list[ScoringError]:
    """A warning for every scored row whose value looks like a fraction of a percentage."""
    problems: list[ScoringError] = []
    for row in card.rows:
        if not isinstance(row.value, Decimal):
            continue
        where = value_location(row.indicator, facts)
        warning = fraction_warning(row.indicator, row.target, row.value, where)
        if warning is not None:
            problems.append(warning)
    return problems


# --------------------------------------------------------------------------- helpers


def _by_id(indicators: Iterable[Indicator]) -> dict[str, Indicator]:
    by_id: dict[str, Indicator] = {}
    for ind in indicators:
        by_id.setdefault(ind.id, ind)
    return by_id


def _loops(by_id: Mapping[str, Indicator]) -> tuple[set[tuple[str, ...]], set[str]]:
    """The loops of formulas, and every indicator whose value depends on one.

    Linear in the number of indicators, and not recursive.
    """
    refs = {
        ind_id: sorted(n for n in ind.formula.names if n in by_id) if ind.formula else []
        for ind_id, ind in by_id.items()
    }
    # Resolve, leaves first, every indicator whose references all resolve; what
    # is left is in a loop or depends on one.
    waiting = {ind_id: set(names) for ind_id, names in refs.items()}
    users: dict[str, list[str]] = {}
    for ind_id, names in refs.items():
        for name in names:
            users.setdefault(name, []).append(ind_id)
    ready = [ind_id for ind_id, names in waiting.items() if not names]
    resolved: set[str] = set()
    while ready:
        name = ready.pop()
        resolved.add(name)
        for user in users.get(name, []):
            waiting[user].discard(name)
            if not waiting[user]:
                ready.append(user)
    stuck = set(by_id) - resolved
    # Each stuck indicator reads another stuck one: following those ends in a loop.
    leads_to: dict[str, tuple[str, ...]] = {}
    loops: set[tuple[str, ...]] = set()
    for start in sorted(stuck):
        path: list[str] = []
        on_path: dict[str, int] = {}
        node = start
        while node not in leads_to and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = min(n for n in refs[node] if n in stuck)
        if node in on_path:
            cycle = path[on_path[node] :]
            first = cycle.index(min(cycle))
            loop = tuple(cycle[first:] + cycle[:first])
            loops.add(loop)
        else:
            loop = leads_to[node]
        for visited in path:
            leads_to[visited] = loop
    return loops, stuck


class _Resolver(_Values):
    """Indicator values as the engine resolves them, each row on its own.

    Validation words a missing fact, a non-number in a formula and a zero
    divisor where it stands, so it reports them differently from scoring.
    """

    def __init__(self, by_id: Mapping[str, Indicator], facts: Facts) -> None:
        super().__init__(by_id, facts)
        self.checked: dict[str, list[ScoringError]] = {}

    def missing_facts(self, ind: Indicator) -> list[ScoringError]:
        """An error for every raw fact that ``ind`` needs and the facts file lacks."""
        if ind.id in self.checked:
            return self.checked[ind.id]
        problems: list[ScoringError] = []
        self.checked[ind.id] = problems
        refs = sorted(ind.formula.names) if ind.formula is not None else [ind.id]
        for ref in refs:
            nested = self.indicators.get(ref)
            if nested is not None and nested.formula is not None and nested is not ind:
                problems.extend(self.missing_facts(nested))
                continue
            if ref in self.facts.facts:
                continue
            hint = did_you_mean(ref, sorted(self.facts.facts))
            if ind.formula is None:
                problems.append(
                    InputError(
                        msg(
                            "the facts file gives no value for indicator {id!r}",
                            id=Named(ind.name, ind.id),
                        ),
                        location=self.facts.location,
                        hint=hint or msg("add '{id}: <value>' under 'facts:'", id=ind.id),
                    )
                )
            else:
                problems.append(
                    InputError(
                        msg(
                            "the formula of {id!r} reads {ref!r}, which the "
                            "facts file {value} does not "
                            "give",
                            id=Named(ind.name, ind.id),
                            ref=Named(ind.fact_info(ref).name, ref),
                            value=self.facts.location.file if self.facts.location else "",
                        ),
                        location=formula_location(ind),
                        hint=hint
                        or msg(
                            "add '{ref}: <value>' under 'facts:' in the facts file",
                            ref=Named(ind.fact_info(ref).name, ref),
                        ),
                    )
                )
        return problems

    def _operand(self, ref: str, formula: Formula) -> Decimal:
        found = self.get(ref)
        if isinstance(found, Decimal):
            return found
        where = self.facts.facts[ref].location if ref in self.facts.facts else None
        raise FormulaError(
            msg(
                "{ref!r} is {found}, not a number",
                ref=ref,
                found=describe_kind(found),
            ),
            location=where or self.facts.location,
            hint=text_hint(found, msg("only numbers can be added, divided and so on")),
        )


def _row_problems(
    ind: Indicator, value: FactValue, points: Decimal, facts: Facts
) -> list[ScoringError]:
    problems: list[ScoringError] = []
    setting = facts.targets.get(ind.id)
    target = setting.target if setting else ind.target
    if setting is not None:
        where = setting.location or facts.location
        problems.extend(
            RuleError(
                msg(
                    "the target set for {id!r} does not fit its rule: {text}", id=ind.id, text=text
                ),
                location=where,
            )
            for text in ind.rule.check(target, points)
        )
        if problems:
            return problems
    wrong = kind_error(ind, value, value_location(ind, facts))
    if wrong is not None:
        return [wrong]
    try:
        ind.rule.assess(value, target, points)
    except ScoringError as exc:
        where = value_location(ind, facts)
        problems.extend(
            RuleError(
                msg("{id!r}: {message}", id=ind.id, message=p.said),
                location=where,
                hint=p.said_hint,
            )
            for p in exc.problems
        )
    except ArithmeticError as exc:
        problems.append(
            RuleError(
                msg(
                    "{id!r}: value {show_value} cannot be scored: {arithmetic_words}",
                    id=ind.id,
                    show_value=show_value(value),
                    arithmetic_words=arithmetic_words(exc),
                ),
                location=value_location(ind, facts),
            )
        )
    if isinstance(value, Decimal):
        warning = fraction_warning(ind, target, value, value_location(ind, facts))
        if warning is not None:
            problems.append(warning)
    return problems


def _unique(problems: Iterable[ScoringError]) -> list[ScoringError]:
    seen: set[str] = set()
    result = []
    for p in itertools.chain.from_iterable(q.problems for q in problems):
        key = p.line()
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result
