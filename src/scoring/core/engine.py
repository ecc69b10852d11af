"""The scoring core: indicators, weights and facts in, a scorecard out.

Pure: no file reading, no printing, no clock. The same input gives the same
scorecard, whatever order the indicators come in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from scoring.core.caps import CappedTotal, apply_cap, cap_problems
from scoring.core.errors import (
    FormulaError,
    InputError,
    ListOf,
    Location,
    MissingFactsError,
    Named,
    ProfileMismatch,
    RuleError,
    ScoringError,
    WeightsError,
    raise_if_any,
)
from scoring.core.fact_checks import (
    divisors,
    fact_names,
    fact_signs,
    fraction_warning,
    number_problems,
    quote_warnings,
    signed_facts,
    target_warnings,
    unread_facts,
    value_location,
)
from scoring.core.formula import Formula, Name, substitute
from scoring.core.lazy import LazyText
from scoring.core.messages import Message, msg
from scoring.core.model import (
    MISSING_POLICIES,
    AssumedPoints,
    Fact,
    FactInfo,
    Facts,
    FactValue,
    Indicator,
    Judgement,
    ManualDeduction,
    NotApplicable,
    OverAchievement,
    ProvenanceKind,
    Target,
    Text,
    WeightsProfile,
    fact_infos,
)
from scoring.core.numbers import (
    CONTEXT,
    ONE,
    ZERO,
    div,
    fmt,
    fmt_points,
    in_context,
    mul,
    round_exact,
    round_half_up,
    to_decimal,
)
from scoring.core.rules import Assessment, BudgetExecution, Unscored, named_in_english
from scoring.core.rules._base import describe_kind, text_hint
from scoring.core.rules._numeric import BUDGET_NAMES, BUDGETS
from scoring.core.scorecard import Budgets, CategoryResult, GroupResult, Row, Scorecard
from scoring.core.settings import (
    apportion,
    cap_grade,
    dropped_rows,
    grade_cap,
    over_ratio,
    rescale_factor,
    settings_notes,
)
from scoring.core.values import show_beside, show_value


def duplicate_ids(indicators: Sequence[Indicator]) -> list[ScoringError]:
    """An error at each indicator whose id an earlier one already has."""
    problems: list[ScoringError] = []
    seen: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.id in seen:
            problems.append(
                WeightsError(
                    msg(
                        "indicator id {id!r} is defined twice (also at {location})",
                        id=ind.id,
                        location=seen[ind.id].location,
                    ),
                    location=ind.location,
                    hint=msg("give each indicator its own id, or load only one of the files"),
                )
            )
        seen[ind.id] = ind
    return problems


@in_context
def check(indicators: Sequence[Indicator], weights: WeightsProfile) -> list[ScoringError]:
    """Every inconsistency between ``indicators`` and ``weights``, and within ``weights``.

    Checks that ids are unique, every indicator has points and every point
    has an indicator, each indicator's category exists, points add up (unless
    the profile normalises), and each rule fits its row.
    """
    problems: list[ScoringError] = []
    where = weights.location
    mismatch = profile_mismatch(indicators, weights)
    if mismatch is not None:
        problems.append(mismatch)
    problems.extend(duplicate_ids(indicators))
    seen = {ind.id: ind for ind in indicators}
    for ind_id in weights.points:
        if ind_id not in seen:
            problems.append(
                WeightsError(
                    msg(
                        "weights give points to {ind_id!r}, which no indicator file defines",
                        ind_id=ind_id,
                    ),
                    location=weights.locations.get(f"points.{ind_id}", where),
                    hint=msg("fix the id, or add the indicator's file with --indicators"),
                )
            )
    groups = {(c.name, g.name): g for c in weights.categories for g in c.groups}
    points = effective_points(seen.values(), weights)
    for ind in seen.values():
        if ind.id not in weights.points:
            problems.append(
                WeightsError(
                    msg(
                        "indicator {id!r} has no points in weights profile {weights_id!r}",
                        id=ind.id,
                        weights_id=weights.id,
                    ),
                    location=ind.location,
                    hint=msg("add '{id}: <points>' under 'points:' in the weights file", id=ind.id),
                )
            )
            continue
        if (ind.level1, ind.level2) not in groups:
            problems.append(
                WeightsError(
                    msg(
                        "indicator {id!r} is under {level1}/{level2}, a "
                        "category the weights profile "
                        "{weights_id!r} does not have",
                        id=ind.id,
                        level1=ind.level1,
                        level2=ind.level2,
                        weights_id=weights.id,
                    ),
                    location=ind.location,
                    hint=msg("use one of: {names}", names=", ".join(f"{a}/{b}" for a, b in groups)),
                )
            )
        if ind.informational or isinstance(ind.rule, Unscored):
            problems.extend(_informational_problems(ind, weights))
            continue
        if not ind.target.numeric and not ind.rule.text_target:
            problems.append(
                WeightsError(
                    msg(
                        "indicator {id!r}: rule {kind!r} compares with a number, but the target "
                        "{target} is words",
                        id=ind.id,
                        kind=ind.rule.kind,
                        target=ind.target.label,
                    ),
                    location=ind.location,
                    hint=msg("write the target as '>= 95', '<= 100%', '= 0' or '9月前'"),
                )
            )
            continue
        problems.extend(
            WeightsError(
                msg("indicator {id!r}: {text}", id=ind.id, text=text),
                location=ind.location,
                hint=msg("change the target or the rule so that they fit"),
            )
            for text in ind.rule.check(ind.target, points[ind.id])
        )
        if isinstance(ind.rule, BudgetExecution):
            problems.extend(_budget_problems(ind, ind.rule))
    for veto in weights.vetoes:
        vetoed = seen.get(veto.indicator_id)
        if vetoed is not None and vetoed.informational:
            problems.append(
                WeightsError(
                    msg(
                        "the veto names {indicator_id!r}, an informational row that is not scored "
                        "and cannot fail",
                        indicator_id=veto.indicator_id,
                    ),
                    location=where,
                    hint=msg("name a scored row under 'veto:'"),
                )
            )
        if veto.indicator_id not in weights.points:
            problems.append(
                WeightsError(
                    msg(
                        "the veto names {indicator_id!r}, which has no points in weights profile "
                        "{id!r}",
                        indicator_id=veto.indicator_id,
                        id=weights.id,
                    ),
                    location=where,
                    hint=msg("name a row of the profile under 'veto:'"),
                )
            )
    if weights.total_cap is not None:
        problems.extend(_total_cap_problems(weights, seen))
    if not weights.normalise:
        problems.extend(_sums(seen.values(), weights))
    return problems


MISMATCH_AT_LEAST = 3
"""A profile that gives no points to at least this many indicators, and to more than half of
them, is probably the wrong one (:func:`profile_mismatch`)."""


def profile_mismatch(
    indicators: Sequence[Indicator], weights: WeightsProfile
) -> ProfileMismatch | None:
    """The one error to say first when most of ``indicators`` have no points in ``weights``.

    More than half of the indicators, and at least :data:`MISMATCH_AT_LEAST`, without
    points: the profile is probably the wrong one (a department's indicators with a
    project's weights), and the error of each row follows from that. None otherwise.
    """
    unique = list({ind.id: ind for ind in indicators}.values())
    lacking = [ind for ind in unique if ind.id not in weights.points]
    if len(lacking) < MISMATCH_AT_LEAST or 2 * len(lacking) <= len(unique):
        return None
    names = ListOf([msg("{message}", message=Named(ind.name, ind.id)) for ind in lacking[:3]])
    values = {"count": len(lacking), "total": len(unique), "id": weights.id, "names": names}
    said = (
        msg(
            "none of the {total} indicators has points in weights profile {id!r} (such as"
            " {names}): probably the wrong weights profile",
            **values,
        )
        if len(lacking) == len(unique)
        else msg(
            "{count} of the {total} indicators have no points in weights profile {id!r} (such"
            " as {names}): probably the wrong weights profile",
            **values,
        )
    )
    return ProfileMismatch(
        said,
        missing=[ind.id for ind in lacking],
        total=len(unique),
        weights_id=weights.id,
        location=weights.location,
        hint=msg(
            "name the weights profile these indicators are scored by (--weights, or weights:"
            " in the facts file)"
        ),
    )


def _total_cap_problems(
    weights: WeightsProfile, indicators: Mapping[str, Indicator]
) -> list[ScoringError]:
    """The cap must name a row with a number for value, fall never as the rate rises, and
    stay on the sheet's grid."""
    cap = weights.total_cap
    assert cap is not None
    where = weights.locations.get("total_cap", weights.location)
    texts = cap_problems(cap, weights.full_score)
    ind = indicators.get(cap.indicator_id)
    if cap.indicator_id not in weights.points or ind is None:
        texts.append(
            msg("the cap names {id!r}, which is not a row of the profile", id=cap.indicator_id)
        )
    elif not ind.informational and Decimal not in ind.rule.accepts:
        texts.append(
            msg(
                "the cap names {id!r}, whose rule {kind!r} does not score a number",
                id=cap.indicator_id,
                kind=ind.rule.kind,
            )
        )
    step = ONE.scaleb(-weights.decimals)
    texts.extend(
        msg(
            "the cap {at_most} has more decimals than the sheet's {decimals}",
            at_most=fmt(band.at_most, 6),
            decimals=weights.decimals,
        )
        for band in cap.bands
        if band.at_most % step
    )
    return [
        WeightsError(
            msg("total_cap: {text}", text=text),
            location=where,
            hint=msg("see docs/settings.md, 'A cap on the total by a rate'"),
        )
        for text in texts
    ]


def _budget_problems(ind: Indicator, rule: BudgetExecution) -> list[ScoringError]:
    """A rate on the wrong budget: the formula must divide by the budget the rule names."""
    problems: list[ScoringError] = []
    read = ind.formula.names if ind.formula is not None else frozenset({ind.id})
    basis, other = rule.budget_fact(rule.budget), rule.budget_fact(rule.other)
    on, off = BUDGET_NAMES[rule.budget], BUDGET_NAMES[rule.other]
    if basis is not None and basis not in read:
        problems.append(
            WeightsError(
                msg(
                    "indicator {id!r}: the rule divides by {on_en} ({on_zh}, fact {basis!r}), but "
                    "the formula does not read {basis!r}",
                    id=ind.id,
                    on_en=on.en,
                    on_zh=on.zh,
                    basis=basis,
                ),
                location=ind.location,
                hint=msg(
                    "write the formula as spending / {basis} * 100, or name the budget the "
                    "formula uses",
                    basis=basis,
                ),
            )
        )
    if other is not None and other in read:
        problems.append(
            WeightsError(
                msg(
                    "indicator {id!r}: the rate is on the wrong budget: the formula reads "
                    "{other!r} ({off_zh}), but the rule says budget: {budget} ({on_zh})",
                    id=ind.id,
                    other=other,
                    off_zh=off.zh,
                    budget=rule.budget,
                    on_zh=on.zh,
                ),
                location=ind.location,
                hint=msg(
                    "divide by the {on_zh} fact, or set 'budget: {other}' if the sheet says "
                    "{off_zh}",
                    on_zh=on.zh,
                    other=rule.other,
                    off_zh=off.zh,
                ),
            )
        )
    return problems


def _informational_problems(ind: Indicator, weights: WeightsProfile) -> list[ScoringError]:
    """An informational row has no points; a row without a rule must be informational."""
    if not ind.informational:
        return [
            WeightsError(
                msg("indicator {id!r} has no rule", id=ind.id),
                location=ind.location,
                hint=msg(
                    "give it a rule, or mark it 'informational: true' to show it without points"
                ),
            )
        ]
    if weights.points[ind.id] != 0:
        return [
            WeightsError(
                msg(
                    "indicator {id!r} is informational (shown, not scored) but weights profile "
                    "{weights_id!r} gives it {points} points",
                    id=ind.id,
                    weights_id=weights.id,
                    points=fmt(weights.points[ind.id], 6),
                ),
                location=weights.locations.get(f"points.{ind.id}", weights.location),
                hint=msg("write '{id}: 0' to place the row in the table without points", id=ind.id),
            )
        ]
    if ind.id in weights.assumed_points:
        return [
            WeightsError(
                msg(
                    "indicator {id!r} is informational (shown, not scored): it has no points that"
                    " could be assumed",
                    id=ind.id,
                ),
                location=weights.locations.get(f"points.{ind.id}", weights.location),
                hint=msg("write '{id}: 0' without 'assumed:'", id=ind.id),
            )
        ]
    return []


def _sums(indicators: Iterable[Indicator] | None, weights: WeightsProfile) -> list[ScoringError]:
    """Points that do not add up; without ``indicators``, only categories and groups."""
    problems: list[ScoringError] = []
    hint = msg("change the points so that they add up, or set 'normalise: true' to rescale them")

    def compare(
        what: str | Message, expected: Decimal, parts: Iterable[Decimal], location: Location | None
    ) -> None:
        got = sum(parts, ZERO)
        if got != expected:
            off = got - expected
            problems.append(
                WeightsError(
                    msg(
                        "{what} is worth {expected} but its parts add up to {got} ({value}{off})",
                        what=what,
                        expected=fmt(expected, 6),
                        got=fmt(got, 6),
                        value="+" if off > 0 else "",
                        off=fmt(off, 6),
                    ),
                    location=location or weights.location,
                    hint=hint,
                )
            )

    full_at = weights.locations.get("full_score") or weights.locations.get("categories")
    compare(
        msg("the full score"), weights.full_score, (c.points for c in weights.categories), full_at
    )
    by_group: dict[tuple[str, str], list[Decimal]] = {}
    for ind in indicators or ():
        if ind.id in weights.points:
            by_group.setdefault((ind.level1, ind.level2), []).append(weights.points[ind.id])
    for cat in weights.categories:
        compare(
            msg("category {name}", name=cat.name),
            cat.points,
            (g.points for g in cat.groups),
            cat.location,
        )
        for group in cat.groups if indicators is not None else ():
            compare(
                msg("group {category}/{group}", category=cat.name, group=group.name),
                group.points,
                by_group.get((cat.name, group.name), []),
                group.location,
            )
    return problems


@in_context
def effective_points(
    indicators: Iterable[Indicator], weights: WeightsProfile
) -> dict[str, Decimal]:
    """Each indicator's points, rescaled to the full score when the profile normalises."""
    points = {ind.id: weights.points[ind.id] for ind in indicators if ind.id in weights.points}
    if not weights.normalise:
        return points
    total = sum(points.values(), ZERO)
    if total == 0:
        return points
    exact = {k: div(mul(v, weights.full_score), total) for k, v in points.items()}
    # Rescaled points are printed at the sheet's decimals and must add up to the
    # full score as printed (six rows of 16.67 would make 100.02).
    return apportion(exact, weights.full_score, weights.decimals)


@in_context
def score(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    facts: Facts,
    *,
    missing: str | None = None,
    in_table: bool = False,
) -> Scorecard:
    """Score one unit's year.

    The facts get the checks every path makes (:mod:`scoring.core.fact_checks`):
    an error stops scoring, a warning is kept in the scorecard's ``warnings``.

    Args:
        missing: what to do with a row whose facts are missing: ``"error"``,
            ``"zero"`` (score it 0) or ``"not-applicable"`` (drop it and
            rescale the rest). ``None`` uses the profile's ``missing_facts``.
        in_table: the facts are a row of a batch table: hints speak of the
            table's columns, and the warnings that are the same for every row
            (the indicators' own targets, columns no indicator reads) are left to
            batch scoring, which gives them once for the table.

    Raises:
        WeightsError: when indicators and weights do not fit together.
        InputError: when the facts mark or deduct rows that do not exist.
        MissingFactsError: listing every missing fact at once (policy ``error``).
        FormulaError: when a formula divides by zero or refers to itself.
        RuleError: when a value cannot be scored by its rule (each one located),
            or a year target does not fit it.
    """
    policy = _policy(weights, missing)
    shown = [ind.id for ind in indicators if ind.informational]
    raise_if_any(
        [
            *check(indicators, weights),
            *_check_facts(weights, facts, shown),
            *number_problems(facts),
            *fact_signs(indicators, facts),
        ]
    )
    return _score_facts(Checked(indicators, weights), facts, policy, in_table)


class Checked:
    """Indicators and a weights profile that fit together, and what scoring reads of them.

    Made once by :func:`checked` for a batch of unit-years, so that the rules
    are checked and the points worked out once, not on every row.
    """

    __slots__ = ("by_id", "indicators", "points", "points_assumed", "shown", "signed", "weights")

    def __init__(self, indicators: Sequence[Indicator], weights: WeightsProfile) -> None:
        self.indicators = indicators
        self.weights = weights
        self.by_id: Mapping[str, Indicator] = {ind.id: ind for ind in indicators}
        self.points: Mapping[str, Decimal] = effective_points(indicators, weights)
        # The informational rows' ids, and the facts that cannot be negative.
        self.shown = tuple(ind.id for ind in indicators if ind.informational)
        self.signed: Mapping[str, Indicator] = signed_facts(indicators)
        # The assumed points each row rests on (rows with any), marked ※, never scored.
        self.points_assumed: Mapping[str, tuple[AssumedPoints, ...]] = {
            ind.id: found for ind in indicators if (found := weights.assumed_behind(ind))
        }


@in_context
def checked(indicators: Sequence[Indicator], weights: WeightsProfile) -> Checked:
    """``indicators`` and ``weights`` checked once, for :func:`score_checked`.

    Raises:
        WeightsError: when indicators and weights do not fit together.
    """
    raise_if_any(check(indicators, weights))
    return Checked(indicators, weights)


@in_context
def score_checked(
    sheet: Checked, facts: Facts, *, missing: str | None = None, in_table: bool = False
) -> Scorecard:
    """:func:`score` with indicators and weights already :func:`checked`: the same scorecard.

    Raises:
        InputError, MissingFactsError, FormulaError, RuleError: as :func:`score`.
    """
    policy = _policy(sheet.weights, missing)
    raise_if_any(
        [
            *_check_facts(sheet.weights, facts, sheet.shown),
            *number_problems(facts),
            *fact_signs(sheet.indicators, facts, sheet.signed),
        ]
    )
    return _score_facts(sheet, facts, policy, in_table)


def _policy(weights: WeightsProfile, missing: str | None) -> str:
    policy = weights.missing_facts if missing is None else missing
    if policy not in MISSING_POLICIES:
        raise ValueError(f"missing must be one of {', '.join(MISSING_POLICIES)}, not {policy!r}")
    return policy


def _score_facts(sheet: Checked, facts: Facts, policy: str, in_table: bool) -> Scorecard:
    """The scorecard of ``facts``, whose own checks have passed."""
    indicators, weights = sheet.indicators, sheet.weights
    shown = sheet.shown
    by_id = sheet.by_id
    points = sheet.points
    raise_if_any(_year_target_problems(by_id, points, facts))
    order = list(weights.points)
    values = _Values(by_id, facts)
    # A row marked not applicable needs no facts: it is dropped whatever they are.
    lacking = values.missing([i for i in order if i not in facts.not_applicable])
    if lacking and policy == "error":
        pairs = [(ind_id, name) for ind_id, names in lacking.items() for name in names]
        chinese = {i: by_id[i].name for i in lacking}
        chinese.update({f: by_id[i].fact_info(f).name for i, f in pairs})
        raise MissingFactsError(
            pairs,
            location=facts.facts_location or facts.location,
            hint=_missing_hint(indicators, facts, in_table, [name for _, name in sorted(pairs)]),
            chinese=chinese,
        )
    # An informational row has no points to leave out: lacking facts, it shows "—".
    droppable = {k: v for k, v in lacking.items() if k not in shown}
    dropped = dropped_rows(
        order, by_id, points, facts, droppable if policy == "not-applicable" else {}
    )
    gone = {d.id for d in dropped}
    kept = [ind_id for ind_id in order if ind_id not in gone]
    values.resolve_all(order=[ind_id for ind_id in kept if ind_id not in lacking])
    rescale = rescale_factor(weights, dropped, facts)
    scored = [i for i in kept if i not in shown]
    scaled = (
        apportion(
            {i: mul(points[i], rescale) for i in scored}, weights.full_score, weights.decimals
        )
        if rescale is not None
        else {}
    )

    rows: list[Row] = []
    problems: list[ScoringError] = []
    for ind_id in kept:
        if by_id[ind_id].informational:
            rows.append(_informational_row(by_id[ind_id], values, facts, lacking.get(ind_id, ())))
            continue
        try:
            rows.append(
                _score_row(
                    by_id[ind_id],
                    points[ind_id],
                    scaled=scaled.get(ind_id),
                    rescale=rescale,
                    values=values,
                    facts=facts,
                    weights=weights,
                    lacking=lacking.get(ind_id, ()),
                    points_assumed=sheet.points_assumed.get(ind_id, ()),
                )
            )
        except ScoringError as exc:
            problems.append(exc)
    raise_if_any(problems)
    categories = _categories(rows, weights)
    total = sum((r.points for r in rows), ZERO)
    total_capped, cap_blind = _cap_total(weights, rows, total)
    if total_capped is not None:
        total = total_capped.total
    grade = weights.grade_for(total)
    vetoed_by = tuple(
        v.indicator_id
        for v in weights.vetoes
        if any(r.id == v.indicator_id and not r.met for r in rows)
    )
    capped = cap_grade(weights, grade, vetoed_by)
    notes: list[Text] = []
    if weights.normalise:
        notes.append(
            Text(
                f"各指标分值已按比例换算，合计为满分 {fmt(weights.full_score)} 分",
                f"indicator points were rescaled so that they add up to {fmt(weights.full_score)}",
            )
        )
    notes.extend(
        settings_notes(
            rows=rows,
            dropped=dropped,
            rescale=rescale,
            weights=weights,
            policy=policy,
            reasons=facts.reasons,
            vetoed_by=vetoed_by,
            grade=grade,
            capped=capped,
            total_capped=total_capped,
            cap_blind=cap_blind,
        )
    )
    return Scorecard(
        unit=facts.unit,
        unit_en=facts.unit_en,
        year=facts.year,
        profile_id=weights.id,
        profile_name=weights.name,
        profile_name_en=weights.name_en,
        full_score=weights.full_score,
        decimals=weights.decimals,
        total=total,
        grade=capped,
        categories=categories,
        rows=tuple(rows),
        notes=tuple(notes),
        not_applicable=tuple(dropped),
        rescale=rescale,
        missing_policy=policy,
        value_decimals=weights.value_decimals,
        over_achievement=weights.over_achievement,
        vetoed_by=vetoed_by,
        grade_before_veto=grade if capped != grade else None,
        grades=weights.grades,
        grade_cap=grade_cap(weights, vetoed_by),
        total_cap=weights.total_cap,
        capped=total_capped,
        warnings=tuple(_warnings(indicators, rows, facts, in_table=in_table)),
    )


def _cap_total(
    weights: WeightsProfile, rows: Sequence[Row], total: Decimal
) -> tuple[CappedTotal | None, Text | None]:
    """The total under the profile's cap by a rate, and why no cap could be judged, if so."""
    cap = weights.total_cap
    if cap is None:
        return None, None
    row = next((r for r in rows if r.id == cap.indicator_id), None)
    if row is None or not isinstance(row.value, Decimal):
        why = (
            Text("该行不参与评分", "that row is left out")
            if row is None
            else Text("该行缺少数据", "that row has no value")
        )
        return None, why
    return apply_cap(cap, row.value, total), None


def _missing_hint(
    indicators: Sequence[Indicator], facts: Facts, in_table: bool, missing: Sequence[str]
) -> Message:
    """Where to give the missing facts, and what each is; a given fact no indicator reads
    may be one, misspelt."""
    import difflib  # noqa: PLC0415 (start-up time; for missing facts only)

    read = fact_names(indicators)
    unread = sorted(name for name in facts.facts if name not in read)
    guesses = []
    for name in sorted(read - set(facts.facts)):
        close = difflib.get_close_matches(name, unread, n=1, cutoff=0.6)
        if close:
            guesses.append(msg("is {given!r} {name!r} misspelt?", given=close[0], name=name))
    if guesses and in_table:
        return msg(
            "the table has columns that no indicator reads: {guesses}", guesses=ListOf(guesses)
        )
    if guesses:
        return msg(
            "the facts give names that no indicator reads: {guesses}", guesses=ListOf(guesses)
        )
    if in_table:
        return msg("add a column for each of them to the table (an empty cell is a missing fact)")
    infos = fact_infos(indicators)
    what = ListOf(
        tuple(_fact_wanted(infos.get(name), name) for name in dict.fromkeys(missing)),
        en="; ",
        zh="；",
    )
    if facts.facts_location is None:
        return msg("give each of them: {facts}", facts=what)
    return msg("add under 'facts:' (this line): {facts}", facts=what)


def _fact_wanted(info: FactInfo | None, name: str) -> Message:
    """A missing fact as its key and what it is: ``spending: 预算执行数 (万元), from 决算表``."""
    if info is None or info.name == name:
        return msg("{fact}: its value", fact=name)
    described = msg("{fact}: {name}", fact=name, name=info.name)
    if info.unit:
        unit = Text(info.unit, info.unit_en or info.unit)
        described = msg("{fact}: {name} ({unit})", fact=name, name=info.name, unit=unit)
    if info.found_in:
        return msg("{described}, from {found_in}", described=described, found_in=info.found_in)
    return described


def _warnings(
    indicators: Sequence[Indicator], rows: Sequence[Row], facts: Facts, *, in_table: bool
) -> list[ScoringError]:
    """What looks wrong in a scored year, in the order of the sheet, then of the facts file."""
    found: list[ScoringError] = []
    for row in rows:
        if isinstance(row.value, Decimal) and not isinstance(row.value, bool):
            where = value_location(row.indicator, facts)
            warning = fraction_warning(row.indicator, row.target, row.value, where)
            if warning is not None:
                found.append(warning)
    found.extend(target_warnings(indicators, facts, own=not in_table))
    found.extend(quote_warnings(facts))
    if not in_table:
        found.extend(unread_facts(indicators, facts))
    return found


def _check_facts(
    weights: WeightsProfile, facts: Facts, informational: Iterable[str] = ()
) -> list[ScoringError]:
    """Rows the facts mark not applicable or deduct from must be scored rows of the profile."""
    problems: list[ScoringError] = []
    shown = set(informational)
    entries: list[NotApplicable | ManualDeduction] = [
        *facts.not_applicable.values(),
        *facts.deductions.values(),
    ]
    for entry in entries:
        if entry.indicator_id not in weights.points:
            problems.append(
                InputError(
                    msg(
                        "{indicator_id!r} is not a row of weights profile {id!r}",
                        indicator_id=entry.indicator_id,
                        id=weights.id,
                    ),
                    location=entry.location or facts.location,
                    hint=msg("fix the id under 'not_applicable:' or 'deductions:'"),
                )
            )
        elif entry.indicator_id in shown:
            problems.append(
                InputError(
                    msg(
                        "{indicator_id!r} is an informational row (shown, not scored): it has no "
                        "points to drop or deduct",
                        indicator_id=entry.indicator_id,
                    ),
                    location=entry.location or facts.location,
                    hint=msg("remove it from 'not_applicable:' or 'deductions:'"),
                )
            )
        elif entry.indicator_id in facts.not_applicable and isinstance(entry, ManualDeduction):
            problems.append(
                InputError(
                    msg(
                        "{indicator_id!r} is marked not applicable and also has a deduction",
                        indicator_id=entry.indicator_id,
                    ),
                    location=entry.location or facts.location,
                    hint=msg("a row that is not scored cannot lose points: remove one of them"),
                )
            )
    return problems


def _year_target_problems(
    by_id: Mapping[str, Indicator], points: Mapping[str, Decimal], facts: Facts
) -> list[ScoringError]:
    """A year target replaces the indicator's, so it must fit the rule just as well."""
    problems: list[ScoringError] = []
    for ind_id, setting in sorted(facts.targets.items()):
        ind = by_id.get(ind_id)
        if ind is None or ind_id not in points:
            continue
        target = setting.target
        if not target.numeric and not ind.rule.text_target:
            texts = [
                msg(
                    "rule {kind!r} compares with a number, not the words {target}",
                    kind=ind.rule.kind,
                    target=target.label,
                )
            ]
        else:
            texts = ind.rule.check(target, points[ind_id])
        problems.extend(
            RuleError(
                msg(
                    "the target set for {ind_id!r} does not fit its rule: {text}",
                    ind_id=ind_id,
                    text=text,
                ),
                location=setting.location or facts.location,
                hint=msg("state the year's target with the operator the indicator's rule needs"),
            )
            for text in texts
        )
    return problems


Words = list[Callable[[], Text]]
"""Sentences of a row's explanation, each written only when the explanation is read."""


def _score_row(
    ind: Indicator,
    max_points: Decimal,
    *,
    scaled: Decimal | None,
    rescale: Decimal | None,
    values: _Values,
    facts: Facts,
    weights: WeightsProfile,
    lacking: tuple[str, ...],
    points_assumed: tuple[AssumedPoints, ...] = (),
) -> Row:
    setting = facts.targets.get(ind.id)
    target = named_in_english(setting.target if setting else ind.target, ind.rule)
    decimals = weights.decimals
    row_max = max_points if scaled is None else scaled
    # The explanation's sentences before and after the rule's verdict: the
    # figures are decided here, the words written when the explanation is read.
    before: Words = []
    after: Words = []
    calculation: Text | None = None
    value: FactValue | None = None
    raw_value: FactValue | None = None
    value_decimals = (
        ind.value_decimals if ind.value_decimals is not None else weights.value_decimals
    )
    over: Decimal | None = None
    reduced_by: Decimal | None = None
    crossed: tuple[str, Decimal] | None = None
    budgets: Budgets | None = None
    combined: tuple[Fact, ...] = ()
    achieved: bool | None
    why: Text
    if lacking:
        names = ", ".join(lacking)
        why = Text(
            f"缺少数据 {names}，按缺数据规则计 0 分", f"missing {names}: scored 0 by the policy"
        )
        share = Fraction(0)
        achieved = False
    else:
        value = values.get(ind.id)
        # A project carried out by several units: each unit's figure and the combination.
        combined = tuple(f for f in values.facts_behind(ind.id) if f.combination is not None)
        before.extend(functools.partial(_combination, f) for f in combined)
        if value_decimals is not None and isinstance(value, Decimal):
            rounded = round_half_up(value, value_decimals)
            if rounded != value:
                raw_value, value = value, rounded
                before.append(
                    functools.partial(_rounded_text, target, raw_value, value, value_decimals)
                )
        if ind.formula is not None and not isinstance(ind.formula.expr, Name):
            calculation = LazyText(functools.partial(_calculation, ind, target, values))
        if isinstance(ind.rule, BudgetExecution):
            budgets = _budgets(ind, ind.rule, values)
            if budgets is not None:
                before.append(functools.partial(_budgets_text, budgets, target))
        assessment = _assess(ind, value, target, max_points, values)
        why = assessment.why  # its words not yet written
        if ind.rule.cites_source:
            after.append(functools.partial(_sources, values.facts_behind(ind.id)))
        share = assessment.exact_share
        achieved = assessment.met
        if achieved is None:
            achieved = isinstance(value, Decimal) and target.met(value)
        over, reduced_by, share = _over_achieved(
            ind, value, target, share, weights=weights, facts=facts, after=after
        )
        if isinstance(value, Decimal):
            crossed = ind.reason_thresholds.crossed(value)
            if crossed is not None:
                after.append(functools.partial(_crossed_text, ind, value, target, crossed, facts))
    if scaled is not None and rescale is not None:
        after.append(functools.partial(_rescaled_text, max_points, rescale, row_max, decimals))
    unrounded = share * Fraction(row_max)
    over_deducted = None
    deduct = (ind.over_achievement or weights.over_achievement).deduct
    if over is not None and deduct is not None:
        # Fixed points off the row (rescaled or not), never below 0.
        taken = min(Fraction(deduct), unrounded)
        unrounded -= taken
        over_deducted = to_decimal(taken)
        share = unrounded / Fraction(row_max) if row_max > 0 else Fraction(0)
        after.append(functools.partial(_over_deduction_text, deduct, over_deducted))
    # The exact share of the points, rounded once: 2.675 is 2.68, never 2.67499….
    earned = round_exact(unrounded, decimals)
    deduction = facts.deductions.get(ind.id)
    final = earned
    if deduction is not None:
        final = max(ZERO, round_half_up(CONTEXT.subtract(earned, deduction.points), decimals))
    explanation = LazyText(
        functools.partial(
            _row_explanation,
            ind,
            why=why,
            earned=earned,
            max_points=row_max,
            decimals=decimals,
            calculation=calculation,
            before=before,
            after=after,
            deduction=deduction,
            final=final,
        )
    )
    return Row(
        indicator=ind,
        target=target,
        value=value,
        max_points=row_max,
        share=to_decimal(share),
        exact_share=share,
        points=final,
        explanation=explanation,
        criterion=LazyText(functools.partial(ind.rule.describe, target, max_points)),
        calculation=calculation,
        assumed_facts=() if lacking else values.assumed_behind(ind.id),
        target_assumed=setting.assumed if setting else ind.target_assumed is not None,
        achieved=achieved,
        raw_value=raw_value,
        value_decimals=value_decimals,
        over_achievement=over,
        reduced_by=reduced_by,
        over_deducted=over_deducted,
        reason_threshold=crossed,
        budgets=budgets,
        combined_facts=combined,
        rule_points=earned if deduction is not None else None,
        deduction=deduction,
        base_max_points=max_points if scaled is not None else None,
        missing_facts=lacking,
        points_assumed=points_assumed,
    )


def _combination(fact: Fact) -> Text:
    assert fact.combination is not None
    return fact.combination.describe(fact.name)


def _rounded_text(target: Target, raw: Decimal, value: Decimal, decimals: int) -> Text:
    """The value rounded to the row's decimals before it was scored."""
    en = target.en
    return Text(
        f"实际值 {target.show(raw, 6)} 按 {decimals} 位小数"
        f"四舍五入为 {target.show(value, decimals)} 后计分",
        f"the actual {en.show(raw, 6)} is rounded to"
        f" {decimals} decimals, {en.show(value, decimals)},"
        " before scoring",
    )


def _calculation(ind: Indicator, target: Target, values: _Values) -> Text:
    """The formula with the facts put in, and its value: ``控制率 = 81 ÷ 85 × 100 = 95.29%``."""
    assert ind.formula is not None
    value = values.number(ind.id)
    shown = ind.rule.show(value, target)
    en = target.en
    return Text(
        f"{ind.name} = {substitute(ind.formula, values.number, zh=True)} = {shown}",
        f"{ind.label.en} = {substitute(ind.formula, values.number)}"
        f" = {shown if en is target else ind.rule.show(value, en)}",
    )


def _rescaled_text(max_points: Decimal, rescale: Decimal, row_max: Decimal, decimals: int) -> Text:
    return Text(
        f"因剔除不适用指标，本行分值 {fmt(max_points, 6)} × {fmt(rescale, 6)}"
        f" 计为 {fmt(row_max, decimals)} 分",
        f"rows dropped as not applicable: this row's {fmt(max_points, 6)} points"
        f" × {fmt(rescale, 6)} count as {fmt(row_max, decimals)}",
    )


def _row_explanation(
    ind: Indicator,
    *,
    why: Text,
    earned: Decimal,
    max_points: Decimal,
    decimals: int,
    calculation: Text | None,
    before: Words,
    after: Words,
    deduction: ManualDeduction | None,
    final: Decimal,
) -> Text:
    """A scored row's explanation: its sentences, the points, and a reviewer's deduction."""
    explanation = _explain(
        ind,
        why=why,
        earned=earned,
        max_points=max_points,
        decimals=decimals,
        calculation=calculation,
        before=[words() for words in before],
        after=[words() for words in after],
    )
    if deduction is None:
        return explanation
    got = fmt_points(final, decimals)
    return Text(
        f"{explanation.zh}人工扣减 {fmt(deduction.points, 6)} 分（理由：{deduction.reason}），"
        f"最终得 {got} 分（扣至 0 分为止）。",
        f"{explanation.en} Reviewer's deduction of {fmt(deduction.points, 6)}"
        f" ({deduction.reason}): {got} in the end (never below 0).",
    )


def _informational_row(
    ind: Indicator, values: _Values, facts: Facts, lacking: tuple[str, ...]
) -> Row:
    """A row shown for context (其中 sub-rows): its value and how it was computed, no points."""
    setting = facts.targets.get(ind.id)
    target = named_in_english(setting.target if setting else ind.target, ind.rule)
    value: FactValue | None = None
    calculation = None
    combined: list[Text] = []
    combined_facts: tuple[Fact, ...] = ()
    if lacking:
        names = ", ".join(lacking)
        said = Text(f"缺少数据 {names}", f"missing {names}")
    else:
        value = values.get(ind.id)
        shown = target.show(value)
        said = Text(shown, show_value(value, target.en.unit, lang="en", name_en=ind.rule.name_en))
        combined_facts = tuple(f for f in values.facts_behind(ind.id) if f.combination is not None)
        combined = _combinations(combined_facts)
        if ind.formula is not None and not isinstance(ind.formula.expr, Name):
            calculation = Text(
                f"{ind.name} = {substitute(ind.formula, values.number, zh=True)} = {shown}",
                f"{ind.label.en} = {substitute(ind.formula, values.number)} = {said.en}",
            )
    head = calculation or Text(f"{ind.name} {said.zh}", f"{ind.label.en}: {said.en}")
    sep = ("；", "; ") if calculation else ("，", "; ")
    if combined:
        head = Text(
            "；".join([*(t.zh for t in combined), head.zh]),
            "; ".join([*(t.en for t in combined), head.en]),
        )
        sep = ("；", "; ")
    return Row(
        indicator=ind,
        target=target,
        value=value,
        max_points=ZERO,
        share=ZERO,
        points=ZERO,
        explanation=Text(
            f"{head.zh}{sep[0]}仅列示，不计分。",
            f"{head.en}{sep[1]}shown for information, not scored.",
        ),
        criterion=Text("仅列示，不计分", "shown for information, not scored"),
        calculation=calculation,
        assumed_facts=() if lacking else values.assumed_behind(ind.id),
        target_assumed=setting.assumed if setting else ind.target_assumed is not None,
        missing_facts=lacking,
        informational=True,
        combined_facts=combined_facts,
    )


def _over_achieved(
    ind: Indicator,
    value: FactValue,
    target: Target,
    share: Fraction,
    *,
    weights: WeightsProfile,
    facts: Facts,
    after: Words,
) -> tuple[Decimal | None, Decimal | None, Fraction]:
    """A target beaten by the profile's margin: its ratio, the cut, if any, and the share.

    Adds the words to ``after``: the deviation reason, or that one is needed,
    and the cut.
    """
    setting = ind.over_achievement or weights.over_achievement
    over = over_ratio(value, target, setting)
    if over is None:
        return None, None, share
    reason = facts.reasons.get(ind.id, "").strip().rstrip("。.；;")
    after.append(functools.partial(_over_text, over, setting, reason))
    if setting.reduce_by is None or share <= 0:
        return over, None, share
    after.append(functools.partial(_reduced_text, setting.reduce_by))
    return over, setting.reduce_by, share * (1 - Fraction(setting.reduce_by) / 100)


def _over_text(over: Decimal, setting: OverAchievement, reason: str) -> Text:
    ratio = show_beside(over, [setting.flag_at], "%")
    return Text(
        f"实际值为目标的 {ratio}，达到 {fmt(setting.flag_at)}%，超额完成，"
        + (f"偏差原因：“{reason}”" if reason else "需说明偏差原因"),
        f"the result is {ratio} of the target, at least"
        f" {fmt(setting.flag_at)}%: "
        + (f"deviation reason: “{reason}”" if reason else "give a deviation reason"),
    )


def _reduced_text(reduce_by: Decimal) -> Text:
    return Text(
        f"目标设定偏低，扣减所得分数的 {fmt(reduce_by)}%",
        f"the target was set too low: {fmt(reduce_by)}% of the points taken off",
    )


def _combinations(facts: Sequence[Fact]) -> list[Text]:
    """For each fact given unit by unit, the units' figures and how they were combined."""
    return [f.combination.describe(f.name) for f in facts if f.combination is not None]


def _sources(facts: Sequence[Fact]) -> Text:
    """Where the facts behind a value come from, for a rule whose value is a judgement.

    One fact (the usual case) is not named; several are, each with its source.
    """
    zh, en = [], []
    for fact in facts:
        found = fact.provenance
        if found is None:
            said = Text("未注明", "not stated")
        elif found.kind is ProvenanceKind.QUOTE:
            said = Text(f"引自报告“{found.text}”", f"quoted from the report: “{found.text}”")
        elif found.kind is ProvenanceKind.SOURCE:
            said = Text(found.text, found.text)
        else:
            said = Text(f"假设（{found.text}）", f"assumed ({found.text})")
        named = len(facts) > 1
        zh.append(f"{fact.name} {said.zh}" if named else said.zh)
        en.append(f"{fact.name}: {said.en}" if named else said.en)
    return Text("系数来源：" + "；".join(zh), "source of the coefficient: " + "; ".join(en))


def _budgets(ind: Indicator, rule: BudgetExecution, values: _Values) -> Budgets | None:
    """The budgets a budget execution row names and the facts give, and the rate on the other.

    None when the rule names no budget fact the facts give.
    """
    figures = {}
    for which in BUDGETS:
        name = rule.budget_fact(which)
        fact = values.facts.facts.get(name) if name is not None else None
        if fact is not None and isinstance(fact.value, Decimal):
            figures[which] = fact.value
    if not figures:
        return None
    basis = rule.budget_fact(rule.budget)
    other_rate = None
    formula = ind.formula
    if (
        formula is not None
        and basis is not None
        and basis in formula.names
        and rule.other in figures
        and figures[rule.other] != 0
    ):
        swapped = figures[rule.other]
        other_rate = formula.evaluate(lambda n: swapped if n == basis else values.number(n))
    return Budgets(
        basis=rule.budget,
        adjusted=figures.get("adjusted"),
        initial=figures.get("initial"),
        other_rate=other_rate,
        facts=(rule.adjusted_budget, rule.initial_budget),
    )


def _budgets_text(budgets: Budgets, target: Target) -> Text:
    """The budgets in words: 按全年预算数计（budget = 43.2）；年初预算数 initial_budget = 40，
    按其计为 93.1%（不用于计分）."""
    on = BUDGET_NAMES[budgets.basis]
    off_key = "initial" if budgets.basis == "adjusted" else "adjusted"
    off = BUDGET_NAMES[off_key]
    used = budgets.figure(budgets.basis)
    zh = f"按{on.zh}计"
    en = f"on {on.en}"
    if used is not None:
        zh += f"（{budgets.fact(budgets.basis)} = {fmt(used, 6)}）"
        en += f" ({budgets.fact(budgets.basis)} = {fmt(used, 6)})"
    other = budgets.figure(off_key)
    if other is not None:
        zh += f"；{off.zh} {budgets.fact(off_key)} = {fmt(other, 6)}"
        en += f"; {off.en}, {budgets.fact(off_key)} = {fmt(other, 6)}"
        if budgets.other_rate is not None:
            rate = target.show(budgets.other_rate)
            zh += f"，按其计为 {rate}（不用于计分）"
            en += f", would give {rate} (not scored)"
    return Text(zh, en)


def _crossed_text(
    ind: Indicator, value: Decimal, target: Target, crossed: tuple[str, Decimal], facts: Facts
) -> Text:
    """The row's own reason threshold passed: the figure, and the reason or that one is needed."""
    side, figure = crossed
    v = target.beside(value, figure)
    f = target.show(figure, 6)
    en = target.en
    v_en, f_en = en.beside(value, figure), en.show(figure, 6)
    reason = facts.reasons.get(ind.id, "").strip().rstrip("。.；;")
    zh_side, en_side = ("低于", "below") if side == "below" else ("高于", "above")
    return Text(
        f"{v} {zh_side} {f}，"
        + (f"偏差原因：“{reason}”" if reason else f"本指标{zh_side} {f} 需说明偏差原因"),
        f"{v_en} is {en_side} {f_en}: "
        + (f"deviation reason: “{reason}”" if reason else f"a reason is needed {en_side} {f_en}"),
    )


def _over_deduction_text(deduct: Decimal, taken: Decimal) -> Text:
    """The fixed over-achievement deduction in words, and when the floor stopped it."""
    if taken == deduct:
        return Text(
            f"超额完成扣 {fmt(deduct, 6)} 分", f"{fmt(deduct, 6)} taken off for over-achievement"
        )
    return Text(
        f"超额完成扣 {fmt(deduct, 6)} 分，只余 {fmt(taken, 6)} 分可扣（扣至 0 分为止）",
        f"{fmt(deduct, 6)} taken off for over-achievement, of which only {fmt(taken, 6)}"
        " was left (never below 0)",
    )


def _assess(
    ind: Indicator, value: FactValue, target: Target, points: Decimal, values: _Values
) -> Assessment:
    """The rule's assessment; an error names the row and where its value stands."""
    where = values.where(ind.id) or ind.location
    wrong = kind_error(ind, value, where)
    if wrong is not None:
        raise wrong
    try:
        return ind.rule.assess(value, target, points)
    except RuleError as exc:
        raise RuleError(
            msg("indicator {id!r}: {message}", id=Named(ind.name, ind.id), message=exc.said),
            location=exc.location or where,
            hint=exc.said_hint,
        ) from None


def kind_error(ind: Indicator, value: FactValue, where: Location | None) -> RuleError | None:
    """The error for a value of a kind ``ind``'s rule does not score (a number for a
    checklist, words for a ratio), or ``None``; rules assess only what they accept."""
    if isinstance(value, ind.rule.accepts):
        return None
    kinds = [_KINDS.get(t, Text(t.__name__, t.__name__)) for t in ind.rule.accepts]
    wanted = Text("或".join(k.zh for k in kinds), " or ".join(k.en for k in kinds))
    return RuleError(
        msg(
            "indicator {id!r}: rule {kind!r} scores {wanted}, not {found}",
            id=Named(ind.name, ind.id),
            kind=ind.rule.kind,
            wanted=wanted,
            found=describe_kind(value),
        ),
        location=where,
        # 是 or 已完成 for a rule of true/false: the words a CSV or YAML cell takes for it.
        hint=msg("write true (是, met) or false (否, not met)")
        if isinstance(value, str) and bool in ind.rule.accepts
        else text_hint(
            value, msg("give the fact the kind of value the rule scores (see docs/rules.md)")
        ),
    )


_KINDS: dict[type, Text] = {
    Decimal: Text("数字", "a number"),
    bool: Text("true/false（是/否）", "true/false"),
    str: Text("等级名称", "a level's name"),
    tuple: Text("已达成项目的列表", "a list of items met"),
    Judgement: Text("评价结论 {band, points}", "a verdict {band, points}"),
}


def _explain(
    ind: Indicator,
    *,
    why: Text,
    earned: Decimal,
    max_points: Decimal,
    decimals: int,
    calculation: Text | None,
    before: Sequence[Text] = (),
    after: Sequence[Text] = (),
) -> Text:
    full = fmt(max_points, decimals)
    got = fmt_points(earned, decimals)
    if earned >= round_half_up(max_points, decimals):
        tail = Text(f"得满分 {full} 分", f"full {full} points")
    elif earned <= 0:
        tail = Text(f"得 0 分，失 {full} 分", f"0 of {full} points")
    else:
        lost = fmt(max_points - earned, decimals)
        tail = Text(f"得 {got} 分，失 {lost} 分", f"{got} of {full} points, {lost} lost")
    zh = "；".join([*(t.zh for t in before), why.zh, *(t.zh for t in after)])
    en = "; ".join([*(t.en for t in before), why.en, *(t.en for t in after)])
    if calculation is not None:
        return Text(f"{calculation.zh}；{zh}，{tail.zh}。", f"{calculation.en}; {en}; {tail.en}.")
    return Text(f"{ind.name} {zh}，{tail.zh}。", f"{ind.label.en}: {en}; {tail.en}.")


def _categories(rows: Sequence[Row], weights: WeightsProfile) -> tuple[CategoryResult, ...]:
    result = []
    for cat in weights.categories:
        groups = []
        for group in cat.groups:
            members = [
                r
                for r in rows
                if (r.indicator.level1, r.indicator.level2) == (cat.name, group.name)
            ]
            groups.append(
                GroupResult(
                    name=group.name,
                    name_en=group.name_en,
                    max_points=sum((r.max_points for r in members), ZERO),
                    points=sum((r.points for r in members), ZERO),
                    indicator_ids=tuple(r.id for r in members),
                    assumed=group.assumed,
                )
            )
        result.append(
            CategoryResult(
                name=cat.name,
                name_en=cat.name_en,
                max_points=sum((g.max_points for g in groups), ZERO),
                points=sum((g.points for g in groups), ZERO),
                groups=tuple(groups),
                assumed=cat.assumed,
            )
        )
    return tuple(result)


# A formula's value of at least 1e41 comes from no real figures (rates of bounded
# facts stay below 1e34): a formula written to make one is refused, so that no
# number of hundreds of digits reaches the rules, the sheet or the terminal.
MAX_COMPUTED_MAGNITUDE = 40


def _bounded(ind: Indicator, value: Decimal) -> Decimal:
    """``value``, the value of ``ind``'s formula, if it is a figure a sheet can show."""
    if value.is_finite() and (value == 0 or value.adjusted() <= MAX_COMPUTED_MAGNITUDE):
        return value
    shown = f" ({value:.3E})" if value.is_finite() else ""
    raise FormulaError(
        msg(
            "the formula of {id!r} gives a number too large to be a real figure{shown}",
            id=Named(ind.name, ind.id),
            shown=shown,
        ),
        location=ind.formula.location if ind.formula else ind.location,
        hint=msg(
            "check the formula and the facts it reads: a rate or an amount never has "
            "more than {MAX_COMPUTED_MAGNITUDE} digits",
            MAX_COMPUTED_MAGNITUDE=MAX_COMPUTED_MAGNITUDE,
        ),
    )


class _Values:
    """Resolves indicator values from facts and formulas, once each.

    A formula may read raw facts and other indicators' values; a loop is an
    error, and so is every missing fact, all reported together. A formula
    that is one name passes any fact through (true/false, a level, a list);
    arithmetic needs numbers.
    """

    def __init__(self, indicators: Mapping[str, Indicator], facts: Facts) -> None:
        self.indicators = indicators
        self.facts = facts
        self.values: dict[str, FactValue] = {}
        self.assumed: dict[str, frozenset[str]] = {}
        # Leaves of each name whose formulas were followed to the end without a
        # loop: the same whatever path reached it (a loop through it would have
        # raised then), so each shared formula is followed once.
        self._leaves_of: dict[str, tuple[str, ...]] = {}

    def missing(self, order: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """For each indicator in ``order`` that lacks facts, the facts it lacks."""
        found = {}
        for ind_id in order:
            names = sorted({n for n in self._leaves(ind_id, ()) if n not in self.facts.facts})
            if names:
                found[ind_id] = tuple(names)
        return found

    def resolve_all(self, order: Sequence[str]) -> None:
        """Every value in ``order``; raises every problem found, not only the first."""
        problems: list[ScoringError] = []
        for ind_id in order:
            try:
                self._resolve(ind_id)
            except ScoringError as exc:
                problems.append(exc)
        raise_if_any(problems)

    def _leaves(self, name: str, stack: tuple[str, ...]) -> Iterable[str]:
        """Raw fact names that ``name`` needs, each once; raises on a loop of formulas."""
        if name in stack:
            loop = " → ".join((*stack[stack.index(name) :], name))
            ind = self.indicators[name]
            raise FormulaError(
                msg("formulas refer to each other in a loop: {loop}", loop=loop),
                location=ind.formula.location if ind.formula else ind.location,
                hint=msg("a formula may use raw facts and other indicators, but not itself"),
            )
        known = self._leaves_of.get(name)
        if known is not None:
            return known
        found = self.indicators.get(name)
        if found is None or found.formula is None:
            return (name,)
        inner = (*stack, name)
        # Each fact once, in the order first met (repeats would double per level).
        leaves = tuple(
            dict.fromkeys(
                leaf for ref in sorted(found.formula.names) for leaf in self._leaves(ref, inner)
            )
        )
        self._leaves_of[name] = leaves
        return leaves

    def _resolve(self, name: str) -> FactValue:
        if name in self.values:
            return self.values[name]
        ind = self.indicators.get(name)
        value: FactValue
        if ind is None or ind.formula is None:
            fact = self.facts.facts[name]
            value = fact.value
            self.assumed[name] = frozenset({name}) if fact.assumed else frozenset()
        elif isinstance(ind.formula.expr, Name):
            value = self._resolve(ind.formula.expr.name)
            self.assumed[name] = self.assumed[ind.formula.expr.name]
        else:
            formula = ind.formula
            self._before_evaluate(ind, formula)
            try:
                value = formula.evaluate(functools.partial(self._operand, formula=formula))
            except ArithmeticError:  # beyond even the context's exponent: an overflow
                value = Decimal("Infinity")
            value = _bounded(ind, value)
            self.assumed[name] = frozenset().union(*(self.assumed[n] for n in formula.names))
        self.values[name] = value
        return value

    def _before_evaluate(self, ind: Indicator, formula: Formula) -> None:
        """Refuse a divisor that is 0 with the given facts, at the fact when it is one."""
        for divisor in divisors(formula.expr):
            part = Formula(text=formula.text, expr=divisor, location=formula.location)
            if part.evaluate(functools.partial(self._operand, formula=formula)) != 0:
                continue
            raw = isinstance(divisor, Name) and divisor.name not in self.indicators
            fact = self.facts.facts.get(divisor.name) if isinstance(divisor, Name) else None
            if raw and fact is not None:
                raise FormulaError(
                    msg(
                        "fact {name!r} is 0, and the formula of {id!r} ({text}) divides by it",
                        name=fact.name,
                        id=Named(ind.name, ind.id),
                        text=formula.text,
                    ),
                    location=fact.location or self.facts.location,
                    hint=msg(
                        "a divisor such as a budget or a number of posts "
                        "cannot be 0; check the value"
                    ),
                )
            raise FormulaError(
                msg(
                    "the formula of {id!r} ({text}) divides by zero with the given facts",
                    id=Named(ind.name, ind.id),
                    text=formula.text,
                ),
                location=formula.location or ind.location,
                hint=msg("check the facts it reads; a divisor cannot be 0"),
            )

    def _operand(self, ref: str, formula: Formula) -> Decimal:
        """The value of ``ref`` where ``formula`` computes with it: it must be a number."""
        found = self._resolve(ref)
        if isinstance(found, Decimal):
            return found
        raise FormulaError(
            msg(
                "formula {text!r} computes with {ref!r}, which is {found}, not a number",
                text=formula.text,
                ref=ref,
                found=describe_kind(found),
            ),
            location=self.where(ref) or formula.location,
            hint=text_hint(found, msg("only numbers can be added, divided and so on")),
        )

    def get(self, name: str) -> FactValue:
        return self._resolve(name)

    def number(self, name: str) -> Decimal:
        value = self._resolve(name)
        assert isinstance(value, Decimal)
        return value

    def where(self, name: str) -> Location | None:
        """Where the value of ``name`` is written: its fact, when it is one fact."""
        ind = self.indicators.get(name)
        if ind is not None and ind.formula is not None:
            if isinstance(ind.formula.expr, Name):
                return self.where(ind.formula.expr.name)
            return None
        fact = self.facts.facts.get(name)
        return fact.location if fact is not None else None

    def facts_behind(self, name: str) -> list[Fact]:
        """The raw facts the value of ``name`` is computed from, in the order first met."""
        return [self.facts.facts[leaf] for leaf in self._leaves(name, ())]

    def assumed_behind(self, name: str) -> tuple[str, ...]:
        self._resolve(name)
        return tuple(sorted(self.assumed[name]))
