"""What-if: re-score a year with some facts changed, and show what moves.

``ID=VALUE`` names a raw fact of the facts file (``key_university_rate=35``),
or an indicator whose value is one fact (its formula is just that fact's
name). An indicator computed from several facts is changed through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from scoring.analysis.compare import Comparison, compare
from scoring.core.engine import score
from scoring.core.errors import (
    InputError,
    InputWarning,
    ListOf,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.fact_checks import fact_names as read_facts
from scoring.core.fact_checks import fact_signs
from scoring.core.formula import Name
from scoring.core.messages import msg
from scoring.core.model import Facts, Indicator, Text, WeightsProfile
from scoring.core.numbers import NumberError, in_context, parse_number, plain
from scoring.core.record import evolve


def parse_assignments(texts: Iterable[str]) -> dict[str, Decimal]:
    """``["key_university_rate=35"]`` as ``{"key_university_rate": Decimal("35")}``.

    Raises:
        InputError: for each text that is not ``NAME=NUMBER``, all together.
    """
    values: dict[str, Decimal] = {}
    problems: list[ScoringError] = []
    for text in texts:
        name, sep, raw = text.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(
                InputError(
                    msg("--set {text!r} is not ID=VALUE", text=text),
                    hint=msg("e.g. --set staff_in_post=80"),
                )
            )
            continue
        try:
            # The facts file's number parser and bounds, so that --set cannot score
            # what no file could.
            value = parse_number(raw)
        except NumberError as exc:
            problems.append(
                InputError(
                    msg("--set {text!r}: {problem}", text=text, problem=exc.said),
                    hint=exc.said_hint
                    or msg(
                        "--set takes a plain number, such as 35 or 97.5 (a rate in percent);"
                        " a fact in words (a level's name, a month, true/false, items met) is"
                        " changed in the facts file"
                    ),
                )
            )
            continue
        if name in values:
            problems.append(
                InputError(msg("--set gives {name!r} twice", name=name), hint=msg("give each once"))
            )
            continue
        values[name] = value
    raise_if_any(problems)
    return values


def fact_names(
    indicators: Sequence[Indicator], facts: Facts, values: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """``values`` keyed by raw fact names: an indicator id becomes the one fact it reads.

    A fact or an indicator may be named by its Chinese name (``在职人员数=80``), as
    its indicator file declares it.

    Raises:
        InputError: for every name that is neither a fact nor a one-fact indicator.
    """
    by_id = {ind.id: ind for ind in indicators}
    chinese = {info.name: fact for ind in indicators for fact, info in ind.facts.items()}
    chinese.update({ind.name: ind.id for ind in indicators})
    # A name two indicators have (two rows of a sheet called alike): which is meant is a guess.
    named: dict[str, list[Indicator]] = {}
    for each in indicators:
        named.setdefault(each.name, []).append(each)
    result: dict[str, Decimal] = {}
    problems: list[ScoringError] = []
    seen: set[str] = set()
    read = read_facts(indicators)
    for given, value in values.items():
        known_id = given in by_id or given in facts.facts
        alike = named.get(given, [])
        if not known_id and len(alike) > 1:
            problems.append(
                InputError(
                    msg(
                        "--set {name}: {count} indicators are called {name!r}: {ids}",
                        name=given,
                        count=len(alike),
                        ids=ListOf(
                            tuple(f"{a.id} ({a.source})" if a.source else a.id for a in alike)
                        ),
                    ),
                    location=facts.location,
                    hint=msg(
                        "name the one meant by its id, such as --set {id}={value}",
                        id=alike[0].id,
                        value=plain(value),
                    ),
                )
            )
            continue
        name = given if known_id else chinese.get(given, given)
        if name in seen:
            problems.append(
                InputError(
                    msg("--set gives {name!r} twice", name=given), hint=msg("give each once")
                )
            )
            continue
        seen.add(name)
        ind = by_id.get(name)
        if ind is not None and ind.formula is not None:
            if isinstance(ind.formula.expr, Name):
                result[ind.formula.expr.name] = value
                continue
            problems.append(
                InputError(
                    msg(
                        "--set {name}: indicator {name!r} is computed as {text}",
                        name=name,
                        text=ind.formula.text,
                    ),
                    location=facts.location,
                    hint=msg(
                        "set the facts it is computed from: {names}",
                        names=", ".join(sorted(ind.formula.names)),
                    ),
                )
            )
            continue
        if name in facts.facts or ind is not None:
            result[name] = value
            continue
        if name in read:
            # A fact the formulas read that the file leaves out: it is there to be read,
            # and "no fact in this case" would send the clerk looking for a typo.
            problems.append(
                InputError(
                    msg(
                        "--set {name}: the facts file gives no {name!r} to change",
                        name=name,
                    ),
                    location=facts.location,
                    hint=msg(
                        "add '{ref}: <value>' under 'facts:' in the facts file; --set changes"
                        " the facts it gives",
                        ref=name,
                    ),
                )
            )
            continue
        known = sorted({*facts.facts, *by_id, *read})
        problems.append(
            InputError(
                msg("--set {name}: no fact or indicator {name!r} in this case", name=name),
                location=facts.location,
                hint=did_you_mean(name, known) or msg("use a name under 'facts:'"),
            )
        )
    raise_if_any(problems)
    return result


@in_context
def what_if(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    facts: Facts,
    values: Mapping[str, Decimal],
    *,
    missing: str | None = None,
) -> Comparison:
    """The year as given (before) against the year with ``values`` set (after).

    ``missing`` is the missing-facts policy for both, as in :func:`scoring.core.engine.score`.

    Raises:
        InputError: when a name is unknown.
        ScoringError: when the changed facts cannot be scored (e.g. a division by zero).
    """
    given = fact_names(indicators, facts, values)
    changed = facts.with_values(given)
    # The check load_case makes on the file's facts, made on the changed ones;
    # the value is the command line's, not the file's, so no file location.
    raise_if_any(
        InputError(msg("--set: {message}", message=p.said), hint=p.said_hint)
        for p in fact_signs(indicators, changed)
    )
    before = score(indicators, weights, facts, missing=missing)
    shown = ", ".join(f"{k} = {plain(v)}" for k, v in values.items())
    try:
        after = score(indicators, weights, changed, missing=missing)
    except ScoringError as exc:
        # The place is the file's value, which scored; the value is --set's: say so.
        raise_if_any(
            InputError(
                msg("with --set {shown}: {message}", shown=shown, message=p.said),
                location=p.location,
                hint=p.said_hint,
            )
            for p in exc.problems
        )
        raise
    # A warning about a value --set gave stands at the file's value: say so, as above.
    moved = {changed.facts[name].location for name in given} - {None}
    after = evolve(
        after,
        warnings=tuple(
            InputWarning(
                msg("with --set {shown}: {message}", shown=shown, message=w.said),
                location=w.location,
                hint=w.said_hint,
            )
            if w.location in moved
            else w
            for w in after.warnings
        ),
    )
    return compare(
        before,
        after,
        label_before=Text("原值", "as given"),
        label_after=Text(f"假设 {shown}", f"with {shown}"),
    )
