"""Mid-year monitoring (绩效运行监控): spending and target progress against time.

Pure: indicators, a weights profile, the facts as of a month and a
:class:`MonitoringProfile` in, a :class:`MonitorReport` out. No files, no
printing, no clock: the month is given.

Every row gets a progress ratio, in percent of where it should be by now
(100 is on schedule), and a status from the profile's bands on that ratio:

- spending (预算执行进度): execution (执行数 ÷ 全年预算数) against time
  progress (month ÷ 12), and against the schedule's minimum for the month
  when the profile has one; the worse of the two statuses;
- a cumulative indicator (a count or an amount that grows through the year):
  the value so far against the target pro rata to the month;
- any other numeric indicator (a rate, a level): the value against the
  target itself;
- a deadline (9月前): done in time, done late, not yet due, or overdue.

A ``≤`` target is a limit: within it the ratio is 100 (on track, never far
ahead); beyond it the ratio is limit ÷ value. Bands rise with the ratio, so
more progress never gives a worse status.
"""

from __future__ import annotations

import difflib
import enum
import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from scoring.core.engine import _Values, check, kind_error
from scoring.core.errors import (
    FormulaError,
    InputError,
    InputWarning,
    Location,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.messages import Message, msg
from scoring.core.model import Facts, Indicator, MonitorNote, WeightsProfile
from scoring.core.numbers import HUNDRED, ZERO, div, fmt, mul
from scoring.core.record import evolve
from scoring.core.rules import Interval, named_in_english
from scoring.core.rules._numeric import gap_or_overlap
from scoring.core.values import (
    FactValue,
    Op,
    Target,
    Text,
    english_unit,
    show_beside,
    show_quantity,
    show_value,
)

MONTHS = 12
SPENDING_ID = "spending"
ROLLUPS = ("worst", "median")


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


class Status(enum.Enum):
    """A row's colour, from the worst to the best progress."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"

    @property
    def rank(self) -> int:
        """0 for red up to 3 for blue: a higher rank is more progress."""
        return _ORDER.index(self)

    @property
    def label(self) -> Text:
        """The colour's name: 红色, 黄色, 绿色, 蓝色."""
        return _LABELS[self]

    @property
    def meaning(self) -> Text:
        """What the colour says: 严重滞后, 滞后, 正常, 明显超前."""
        return _MEANINGS[self]


_ORDER = (Status.RED, Status.YELLOW, Status.GREEN, Status.BLUE)
_LABELS = {
    Status.RED: Text("红色", "red"),
    Status.YELLOW: Text("黄色", "yellow"),
    Status.GREEN: Text("绿色", "green"),
    Status.BLUE: Text("蓝色", "blue"),
}
_MEANINGS = {
    Status.RED: Text("严重滞后", "far behind"),
    Status.YELLOW: Text("滞后", "behind"),
    Status.GREEN: Text("正常", "on track"),
    Status.BLUE: Text("明显超前", "far ahead"),
}


def worst(statuses: Iterable[Status]) -> Status:
    """The status with the least progress."""
    return min(statuses, key=lambda s: s.rank)


def rollup(statuses: Sequence[Status], how: str) -> Status:
    """Several rows' statuses as one: the worst, or the median (the worse middle one).

    Both never fall when one row's status rises.

    >>> rollup([Status.GREEN, Status.RED, Status.BLUE], "median").value
    'green'
    """
    if not statuses:
        raise ValueError("no statuses to roll up")
    if how == "worst":
        return worst(statuses)
    if how == "median":
        ordered = sorted(statuses, key=lambda s: s.rank)
        return ordered[(len(ordered) - 1) // 2]
    raise ValueError(f"rollup must be one of {', '.join(ROLLUPS)}, not {how!r}")


# --------------------------------------------------------------------------- the profile


@attrs.frozen
class StatusBand:
    """The status of every ratio (percent) in ``interval``."""

    status: Status
    interval: Interval
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class ScheduleStep:
    """At least ``minimum`` percent of the budget spent by the end of ``month``."""

    month: int
    minimum: Decimal
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class LateUnspent:
    """Warn from the end of ``from_month`` on when more than ``share`` percent is unspent."""

    from_month: int
    share: Decimal


@attrs.frozen
class MonitoringProfile:
    """Thresholds, schedule and which indicators are cumulative (a ``monitoring:`` section).

    ``bands`` run from the lowest ratios up and cover every ratio. Optional
    parts that are not given are off: no ``schedule``, no ``mismatch``
    warning, no ``late_unspent`` warning, no ``plausible`` bound.
    ``bases`` are the profiles it extends, nearest first; ``sources`` and
    ``assumptions`` say where its numbers come from and which are assumed.
    ``locations`` say where entries stood: ``cumulative.<id>``,
    ``exclude.<id>``, ``bands``, ``spending``.
    """

    id: str
    bands: tuple[StatusBand, ...]
    name: str | None = None
    name_en: str | None = None
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    schedule: tuple[ScheduleStep, ...] = ()
    rollup: str = "worst"
    mismatch: Decimal | None = None
    late_unspent: LateUnspent | None = None
    spent_fact: str = "spending"
    budget_fact: str = "budget"
    money_unit: str = "万元"
    # The money unit's English twin: the shipped default's, unless a profile names its own
    # unit without one (its Chinese is then kept in English output).
    money_unit_en: str | None = "10,000 yuan"
    cumulative: tuple[str, ...] = ()
    exclude: Mapping[str, str] = attrs.field(converter=_frozen, factory=dict)
    plausible: Decimal | None = None
    locations: Mapping[str, Location] = attrs.field(
        converter=_frozen, factory=dict, eq=False, repr=False
    )

    @property
    def money(self) -> Text:
        """The money unit in each language as it follows a number: its English twin where
        given (5070.36 × 10,000 yuan), else the Chinese."""
        en = self.money_unit if self.money_unit_en is None else english_unit(self.money_unit_en)
        return Text(self.money_unit, en)

    @property
    def money_name(self) -> Text:
        """The money unit in each language as a name: 万元, 10,000 yuan."""
        return Text(self.money_unit, self.money_unit_en or self.money_unit)

    def status_for(self, ratio: Decimal) -> Status:
        """The status of a progress ratio (percent)."""
        for band in self.bands:
            if band.interval.contains(ratio):
                return band.status
        raise ValueError(f"the bands leave the ratio {ratio} uncovered")

    def edges(self) -> tuple[Decimal, ...]:
        """The ratios where one band ends and the next begins (80, 100, 130 shipped)."""
        ends = {e for b in self.bands for e in (b.interval.low, b.interval.high) if e is not None}
        return tuple(sorted(ends))

    def required(self, month: int) -> ScheduleStep | None:
        """The schedule's minimum in force at the end of ``month``: the latest step not after it."""
        due = [step for step in self.schedule if step.month <= month]
        return max(due, key=lambda s: s.month) if due else None


def band_problems(bands: Sequence[StatusBand]) -> list[str | Message]:
    """What is wrong with these bands (sorted from the lowest ratios up), if anything.

    They must cover every ratio with no gap or overlap, give each status at
    most once, and never give a worse status to a higher ratio.
    """
    if not bands:
        return [msg("give at least one band")]
    problems: list[str | Message] = []
    if bands[0].interval.low is not None or bands[-1].interval.high is not None:
        problems.append(
            msg(
                "the bands must cover every ratio: start the lowest at -inf and end the highest"
                " at +inf"
            )
        )
    gap = gap_or_overlap([b.interval for b in bands])
    if gap:
        problems.append(gap)
    seen = [b.status for b in bands]
    twice = sorted({s.value for s in seen if seen.count(s) > 1})
    if twice:
        problems.append(
            msg(
                "each status may have one band only: {statuses} has more", statuses=", ".join(twice)
            )
        )
    if any(a.status.rank > b.status.rank for a, b in itertools.pairwise(bands)):
        problems.append(
            msg(
                "a higher ratio must never get a worse status: order the bands red, yellow,"
                " green, blue from the lowest ratios up"
            )
        )
    return problems


# --------------------------------------------------------------------------- the report


class Measure(enum.Enum):
    """How a row's progress is measured."""

    SPENDING = "spending"  # execution against time progress (and the schedule)
    CUMULATIVE = "cumulative"  # value so far against the target pro rata
    LEVEL = "level"  # value against the target itself
    DEADLINE = "deadline"  # done by the month, or not yet due


@attrs.frozen
class Gap:
    """How far a row is from where it should be, in its own unit.

    ``kind`` is ``short`` (still to do to be on schedule), ``excess`` (beyond
    a limit), ``ahead`` (beyond where it should be), ``late`` or
    ``overdue`` (a deadline); ``amount`` is positive, None for a deadline.
    """

    kind: str
    amount: Decimal | None
    unit: str
    text: Text


@attrs.frozen
class MonitorRow:
    """One monitored row: the budget's spending, or an indicator.

    ``value`` is the value so far (for spending: the execution rate, percent;
    for a deadline: the month it was done, or False when it is not done);
    ``expected`` where it should be by now (time progress, or the target pro
    rata, or the target); ``ratio`` the progress in percent of that (None
    for a deadline). For spending, ``spent`` and ``budget`` are the amounts
    and ``required`` the schedule's step in force, with ``schedule_ratio``.
    """

    id: str
    name: Text
    measure: Measure
    status: Status
    how: Text
    value: FactValue | None
    unit: str
    expected: Decimal | None = None
    ratio: Decimal | None = None
    target: Target | None = None
    level1: str | None = None
    level2: str | None = None
    gaps: tuple[Gap, ...] = ()
    note: MonitorNote | None = None
    assumed_facts: tuple[str, ...] = ()
    assumed_names: tuple[str, ...] = ()
    """The assumed facts' Chinese names, in the order of ``assumed_facts`` (empty: the ids)."""
    target_assumed: bool = False
    spent: Decimal | None = None
    budget: Decimal | None = None
    required: ScheduleStep | None = None
    schedule_ratio: Decimal | None = None

    @property
    def assumed(self) -> bool:
        return bool(self.assumed_facts) or self.target_assumed

    @property
    def needs_note(self) -> bool:
        """Every row that is not green needs a reason and a corrective measure."""
        return self.status is not Status.GREEN

    @property
    def missing_note(self) -> tuple[str, ...]:
        """``reason`` and/or ``measure`` when the row needs them and the facts lack them."""
        if not self.needs_note:
            return ()
        note = self.note or MonitorNote()
        return tuple(k for k in ("reason", "measure") if not getattr(note, k))


@attrs.frozen
class SkippedRow:
    """An indicator that is not monitored, and why (never left out silently); ``lacking``
    the facts it has no figure for yet, when that is why."""

    id: str
    name: Text
    level1: str
    level2: str
    reason: Text
    lacking: tuple[str, ...] = ()


@attrs.frozen
class StatusGroup:
    """A category (一级) or group (二级) and the status of its monitored rows (None: none)."""

    name: str
    name_en: str | None
    status: Status | None
    row_ids: tuple[str, ...]
    groups: tuple[StatusGroup, ...] = ()


@attrs.frozen
class MonitorWarning:
    """A warning about the whole picture: ``mismatch`` or ``late_unspent``."""

    kind: str
    text: Text
    row_id: str | None = None
    amount: Decimal | None = None


@attrs.frozen
class MonitorReport:
    """The monitoring of one unit's year as of the end of ``month``."""

    unit: str
    unit_en: str | None
    year: int
    month: int
    time_progress: Decimal
    profile_id: str
    profile_name: str
    profile_name_en: str | None
    monitoring: MonitoringProfile
    spending: MonitorRow
    rows: tuple[MonitorRow, ...]
    skipped: tuple[SkippedRow, ...]
    categories: tuple[StatusGroup, ...]
    status: Status
    warnings: tuple[MonitorWarning, ...] = ()
    problems: tuple[ScoringError, ...] = ()
    """Warnings on the input (implausible values), each located: for stderr."""

    @property
    def all_rows(self) -> tuple[MonitorRow, ...]:
        return (self.spending, *self.rows)

    def row(self, row_id: str) -> MonitorRow:
        for row in self.all_rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    @property
    def missing_notes(self) -> tuple[MonitorRow, ...]:
        """Rows off track whose reason or corrective measure the facts do not give."""
        return tuple(r for r in self.all_rows if r.missing_note)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.all_rows if r.status is status)


# --------------------------------------------------------------------------- checks


def profile_problems(
    profile: MonitoringProfile, indicators: Sequence[Indicator], facts: Facts | None = None
) -> list[ScoringError]:
    """Where the profile does not fit the indicators: each problem located in the profile.

    A cumulative indicator must exist and count or add up something: a rate
    (unit %) or a deadline cannot be pro rata.
    """
    by_id = {ind.id: ind for ind in indicators}
    ids = sorted(by_id)
    problems: list[ScoringError] = []

    def where(key: str) -> Location | None:
        return profile.locations.get(key) or profile.locations.get(key.split(".", maxsplit=1)[0])

    for ind_id in profile.cumulative:
        ind = by_id.get(ind_id)
        loc = where(f"cumulative.{ind_id}")
        if ind is None:
            problems.append(
                InputError(
                    msg("'cumulative' names {id!r}, which is not an indicator here", id=ind_id),
                    location=loc,
                    hint=did_you_mean(ind_id, ids) or msg("list indicator ids"),
                )
            )
            continue
        target = _target(ind, facts)
        if ind.unit == "%" or target.unit == "%":
            problems.append(
                InputError(
                    msg(
                        "indicator {id!r} is a rate (unit %), so it cannot be cumulative:"
                        " a rate is compared with its target itself, not pro rata",
                        id=ind_id,
                    ),
                    location=loc,
                    hint=msg("remove {id!r} from 'cumulative:'", id=ind_id),
                )
            )
        elif target.unit == "月":
            problems.append(
                InputError(
                    msg(
                        "indicator {id!r} has a deadline ({target}), so it cannot be cumulative",
                        id=ind_id,
                        target=str(target),
                    ),
                    location=loc,
                    hint=msg(
                        "remove {id!r} from 'cumulative:'; a deadline is monitored as one",
                        id=ind_id,
                    ),
                )
            )
        if ind_id in profile.exclude:
            problems.append(
                InputError(
                    msg("{id!r} is both cumulative and excluded", id=ind_id),
                    location=loc,
                    hint=msg("keep it in one of 'cumulative:' and 'exclude:'"),
                )
            )
    for ind_id in profile.exclude:
        if ind_id not in by_id:
            problems.append(
                InputError(
                    msg("'exclude' names {id!r}, which is not an indicator here", id=ind_id),
                    location=where(f"exclude.{ind_id}"),
                    hint=did_you_mean(ind_id, ids) or msg("list indicator ids"),
                )
            )
    if SPENDING_ID in by_id:
        problems.append(
            InputError(
                msg(
                    "an indicator has the id {id!r}, which monitoring keeps for the spending row",
                    id=SPENDING_ID,
                ),
                location=by_id[SPENDING_ID].location,
                hint=msg("give the indicator another id"),
            )
        )
    return problems


def _target(ind: Indicator, facts: Facts | None) -> Target:
    setting = facts.targets.get(ind.id) if facts is not None else None
    return setting.target if setting else ind.target


# --------------------------------------------------------------------------- computing


def time_progress(month: int) -> Decimal:
    """Time progress (时序进度) at the end of ``month``, percent: month ÷ 12 × 100."""
    if not 1 <= month <= MONTHS:
        raise InputError(msg("the month must be 1 to 12, not {month}", month=month))
    return div(mul(Decimal(month), HUNDRED), Decimal(MONTHS))


def progress_ratio(value: Decimal, expected: Decimal, op: Op) -> Decimal:
    """Progress in percent of where the value should be (``expected``), by the target's op.

    At least (≥) and exactly (=): value ÷ expected; an expected of 0 or less
    is met (100) or not (0). At most (≤): 100 within the limit, limit ÷
    value beyond it (0 beyond a limit of 0 or less).

    >>> str(progress_ratio(Decimal(40), Decimal(50), Op.GE))
    '80'
    >>> str(progress_ratio(Decimal(4), Decimal(5), Op.LE))
    '100'
    """
    if op is Op.LE:
        if value <= expected:
            return HUNDRED
        if expected <= 0:
            return ZERO
        return div(mul(expected, HUNDRED), value)
    if expected <= 0:
        return HUNDRED if value >= expected else ZERO
    return div(mul(value, HUNDRED), expected)


def monitor(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    facts: Facts,
    profile: MonitoringProfile,
    *,
    month: int | None = None,
    notes: Mapping[str, MonitorNote] | None = None,
    in_table: bool = False,
    columns: Collection[str] = (),
) -> MonitorReport:
    """Monitor one unit's year as of the end of ``month`` (1 to 12).

    ``month`` defaults to the facts' ``as_of``; ``notes`` (偏差原因 and
    纠偏措施 by row id, ``spending`` for the spending row) to the facts'
    ``monitor_notes``. ``in_table``: the facts are a row of a batch table, so
    a missing spending fact's hint speaks of a column, not of ``facts:``; ``columns``
    are the table's, so that a spending cell left empty is said to be (its column
    there) rather than the column to be added.

    Raises:
        WeightsError: when indicators and weights do not fit together.
        InputError: a month outside 1 to 12, a profile that does not fit the
            indicators, missing or impossible spending facts, notes for rows
            that do not exist; every problem at once, each located.
    """
    notes = facts.monitor_notes if notes is None else notes
    if month is None:
        if facts.as_of is None:
            raise InputError(
                msg("no month to monitor: the facts do not say which month they are as of"),
                location=facts.location,
                hint=msg(
                    "add 'as_of: 6' (the month, 1 to 12) to the facts file, or give --month 6"
                ),
            )
        month = facts.as_of
    t = time_progress(month)
    raise_if_any([*check(indicators, weights), *profile_problems(profile, indicators, facts)])
    by_id = {ind.id: ind for ind in indicators}
    order = [i for i in weights.points if i in by_id]
    raise_if_any(_note_problems(notes, order))
    values = _Values(by_id, facts)
    problems: list[ScoringError] = []
    # Facts by their Chinese names, as the missing facts of a score are said in Chinese; an
    # indicator's own value (a fact named as the indicator) by the indicator's name.
    chinese = {ind.id: ind.name for ind in indicators} | {
        f: i.name for ind in indicators for f, i in ind.facts.items()
    }
    spending = _spending_row(
        profile=profile,
        facts=facts,
        month=month,
        t=t,
        note=notes.get(SPENDING_ID),
        problems=problems,
        chinese=chinese,
        in_table=in_table,
        columns=columns,
    )
    rows: list[MonitorRow] = []
    skipped: list[SkippedRow] = []
    errors: list[ScoringError] = []
    cumulative = set(profile.cumulative)
    for ind_id in order:
        ind = by_id[ind_id]
        result = _indicator_row(
            ind,
            facts=facts,
            values=values,
            profile=profile,
            month=month,
            t=t,
            cumulative=ind_id in cumulative,
            problems=problems,
            chinese=chinese,
        )
        if isinstance(result, ScoringError):
            errors.append(result)
        elif isinstance(result, SkippedRow):
            skipped.append(result)
        else:
            rows.append(evolve(result, note=notes.get(ind_id)))
    # A value the row's rule could not score (words for a count) is an error, as
    # when the year is scored, not a row quietly left unmonitored.
    raise_if_any(errors)
    categories = _categories(rows, weights, profile.rollup)
    status = rollup([spending.status, *(r.status for r in rows)], profile.rollup)
    warnings = [*_mismatches(rows, spending, profile), *_late(spending, profile, month)]
    return MonitorReport(
        unit=facts.unit,
        unit_en=facts.unit_en,
        year=facts.year,
        month=month,
        time_progress=t,
        profile_id=weights.id,
        profile_name=weights.name,
        profile_name_en=weights.name_en,
        monitoring=profile,
        spending=spending,
        rows=tuple(rows),
        skipped=tuple(skipped),
        categories=categories,
        status=status,
        warnings=tuple(warnings),
        problems=tuple(problems),
    )


def _note_problems(notes: Mapping[str, MonitorNote], order: Sequence[str]) -> list[ScoringError]:
    known = [SPENDING_ID, *order]
    return [
        InputError(
            msg(
                "a deviation note is given for {id!r}, which is neither {spending!r} nor"
                " an indicator here",
                id=row_id,
                spending=SPENDING_ID,
            ),
            location=note.location,
            hint=did_you_mean(row_id, known)
            or msg("use {spending!r} or an indicator id", spending=SPENDING_ID),
        )
        for row_id, note in notes.items()
        if row_id not in known
    ]


def _pct(value: Decimal) -> str:
    return f"{fmt(value)}%"


def turning_points(expected: Decimal, op: Op, profile: MonitoringProfile) -> tuple[Decimal, ...]:
    """The values at which a row's status changes, and ``expected`` itself.

    A value printed beside these lies on its true side of each (39.999 场 of 50
    due is red at 79.998%, and is not printed 40, which would be 80%). For ``≥``
    and ``=`` a band edge ``e`` is reached at ``expected × e ÷ 100``; for a limit
    (``≤``) an edge below 100 at ``limit × 100 ÷ e``.
    """
    if expected <= 0:
        return (expected,)
    points = [expected]
    for edge in profile.edges():
        if op is Op.LE:
            if 0 < edge < HUNDRED:
                points.append(div(mul(expected, HUNDRED), edge))
        else:
            points.append(div(mul(expected, edge), HUNDRED))
    return tuple(points)


def _more(amount: Decimal, unit: str) -> str:
    """A positive amount still to do, never printed as 0 (0.004 万元 is 0.004 万元)."""
    return show_beside(amount, [ZERO], unit)


def _amount(
    facts: Facts,
    name: str,
    what: Message,
    fill: Message,
    *,
    in_table: bool,
    columns: Collection[str],
    named_at: Location | None,
) -> tuple[Decimal | None, ScoringError | None]:
    """The spending fact ``name``, or why it cannot be read; ``fill`` says what to write."""
    fact = facts.facts.get(name)
    # A missing fact is said where it would go: under facts: (a table's row at its line).
    where = facts.facts_location or facts.location
    if fact is None and in_table and name in columns:
        # The column is there, the row's cell is empty: that cell is to be filled in.
        return None, InputError(
            msg(
                "the cell of {name!r} ({what}) is empty: monitoring needs it",
                name=name,
                what=what,
            ),
            location=where,
            hint=fill,
        )
    close = difflib.get_close_matches(name, list(facts.facts), n=1, cutoff=0.6)
    if fact is None and close:
        # spendng in the facts, or in the profile's spending: which one is misspelt
        # only the clerk knows; both places are named.
        return None, InputError(
            msg("monitoring needs the fact {name!r} ({what})", name=name, what=what),
            location=where,
            hint=msg(
                "the facts give {close!r}: it, or the name the monitoring profile's"
                " 'spending:' gives ({where}), is misspelt; correct it",
                close=close[0],
                where=str(named_at) if named_at is not None else "monitoring: spending:",
            ),
        )
    if fact is None:
        return None, InputError(
            msg("monitoring needs the fact {name!r} ({what})", name=name, what=what),
            location=where,
            hint=msg(
                "give the table a column {name!r} with the figure as of the month (an empty"
                " cell is a missing fact)",
                name=name,
            )
            if in_table
            else msg("add '{name}:' under 'facts:' with the figure as of the month", name=name),
        )
    if not isinstance(fact.value, Decimal) or isinstance(fact.value, bool):
        return None, InputError(
            msg("the fact {name!r} ({what}) must be a number", name=name, what=what),
            location=fact.location or facts.location,
        )
    return fact.value, None


def _spending_row(
    *,
    profile: MonitoringProfile,
    facts: Facts,
    month: int,
    t: Decimal,
    note: MonitorNote | None,
    problems: list[ScoringError],
    chinese: Mapping[str, str],
    in_table: bool,
    columns: Collection[str],
) -> MonitorRow:
    named_at = profile.locations.get("spending")
    unit, unit_en = profile.money_unit, profile.money.en
    spent, spent_error = _amount(
        facts,
        profile.spent_fact,
        msg("spending so far, 执行数"),
        msg(
            "fill in the spending to the end of month {month}, in {unit}",
            month=month,
            unit=profile.money_name,
        ),
        in_table=in_table,
        columns=columns,
        named_at=named_at,
    )
    budget, budget_error = _amount(
        facts,
        profile.budget_fact,
        msg("the year's budget, 全年预算数"),
        msg("fill in the year's budget (全年预算数), in {unit}", unit=profile.money_name),
        in_table=in_table,
        columns=columns,
        named_at=named_at,
    )
    raise_if_any(e for e in (spent_error, budget_error) if e)
    assert spent is not None
    assert budget is not None
    spent_loc = facts.facts[profile.spent_fact].location
    budget_loc = facts.facts[profile.budget_fact].location
    raise_if_any(
        [
            *(
                [
                    InputError(
                        msg("the budget {budget} must be above 0", budget=fmt(budget, 6)),
                        location=budget_loc,
                    )
                ]
                if budget <= 0
                else []
            ),
            *(
                [
                    InputError(
                        msg("spending so far {spent} cannot be negative", spent=fmt(spent, 6)),
                        location=spent_loc,
                    )
                ]
                if spent < 0
                else []
            ),
        ]
    )
    rate = div(mul(spent, HUNDRED), budget)
    ratio = div(mul(rate, HUNDRED), t)
    status = profile.status_for(ratio)
    s, b = show_quantity(spent, unit), show_quantity(budget, unit)
    s_en, b_en = show_quantity(spent, unit_en), show_quantity(budget, unit_en)
    # Each figure is printed so that it compares truly with the one it is held
    # against (the rate with time progress, a ratio with the band edges).
    step = profile.required(month)
    minimum = step.minimum if step is not None else None
    turns = [*turning_points(t, Op.GE, profile)]
    if minimum is not None:
        turns += turning_points(minimum, Op.GE, profile)
    r, tp = show_beside(rate, turns, "%"), show_beside(t, [rate], "%")
    q_ratio = show_beside(ratio, profile.edges(), "%")
    how_zh = (
        f"执行数 {s} ÷ 全年预算数 {b} = {r}；时序进度 {month} ÷ 12 = {tp}；{r} ÷ {tp} = {q_ratio}"
    )
    how_en = (
        f"spent {s_en} / budget {b_en} = {r}; time progress {month} / 12 = {tp};"
        f" {r} / {tp} = {q_ratio}"
    )
    schedule_ratio = None
    if step is not None:
        schedule_ratio = div(mul(rate, HUNDRED), step.minimum)
        status = worst([status, profile.status_for(schedule_ratio)])
        m = show_beside(step.minimum, [rate], "%")
        q_schedule = show_beside(schedule_ratio, profile.edges(), "%")
        how_zh += f"；进度要求 {step.month} 月底不低于 {m}，{r} ÷ {m} = {q_schedule}"
        how_en += (
            f"; the schedule asks at least {m} by the end of month"
            f" {step.month}: {r} / {m} = {q_schedule}"
        )
    gaps: list[Gap] = []
    if status in (Status.RED, Status.YELLOW):
        need = div(mul(budget, t), HUNDRED) - spent
        if need > 0:
            q, q_en = _more(need, unit), _more(need, unit_en)
            gaps.append(
                Gap(
                    "short",
                    need,
                    unit,
                    Text(
                        f"要达到时序进度（{_pct(t)}）还需支出 {q}",
                        f"{q_en} more must be spent to reach time progress ({_pct(t)})",
                    ),
                )
            )
        if step is not None:
            need_q = div(mul(budget, step.minimum), HUNDRED) - spent
            if need_q > 0:
                q, q_en = _more(need_q, unit), _more(need_q, unit_en)
                gaps.append(
                    Gap(
                        "short",
                        need_q,
                        unit,
                        Text(
                            f"要达到 {step.month} 月底 {_pct(step.minimum)} 的进度要求还需支出 {q}",
                            f"{q_en} more must be spent to reach the schedule's"
                            f" {_pct(step.minimum)} by the end of month {step.month}",
                        ),
                    )
                )
    elif status is Status.BLUE:
        ahead = rate - t
        gaps.append(
            Gap(
                "ahead",
                ahead,
                "%",
                Text(
                    f"执行进度超出时序进度 {_more(ahead, '')} 个百分点",
                    f"execution is {_more(ahead, '')} percentage points ahead of time progress",
                ),
            )
        )
    if rate > HUNDRED:
        problems.append(
            InputWarning(
                msg(
                    "spending so far {spent} is more than the year's budget {budget} ({rate})",
                    spent=fmt(spent, 6),
                    budget=fmt(budget, 6),
                    rate=_pct(rate),
                ),
                location=spent_loc,
                hint=msg(
                    "check the budget: it is the year's budget after adjustments (全年预算数)"
                ),
            )
        )
    elif profile.plausible is not None and ratio > profile.plausible:
        problems.append(_implausible(spent_loc, msg("spending"), ratio, month, profile.plausible))
    assumed = sorted(
        {name for name in (profile.spent_fact, profile.budget_fact) if facts.facts[name].assumed}
    )
    return MonitorRow(
        id=SPENDING_ID,
        name=Text("预算执行进度", "Budget execution progress"),
        measure=Measure.SPENDING,
        status=status,
        how=Text(how_zh, how_en),
        value=rate,
        unit="%",
        expected=t,
        ratio=ratio,
        gaps=tuple(gaps),
        note=note,
        assumed_facts=tuple(assumed),
        assumed_names=tuple(chinese.get(f, f) for f in assumed),
        spent=spent,
        budget=budget,
        required=step,
        schedule_ratio=schedule_ratio,
    )


def _implausible(
    where: Location | None, what: str | Message, ratio: Decimal, month: int, bound: Decimal
) -> InputWarning:
    return InputWarning(
        msg(
            "{what} is at {ratio} of where it should be by the end of month {month},"
            " beyond the plausible {bound}",
            what=what,
            ratio=show_beside(ratio, [bound], "%"),
            month=month,
            bound=_pct(bound),
        ),
        location=where,
        hint=msg("check that the figure is for the year so far, in the indicator's unit"),
    )


def _skip(ind: Indicator, zh: str, en: str, lacking: Sequence[str] = ()) -> SkippedRow:
    return SkippedRow(ind.id, ind.label, ind.level1, ind.level2, Text(zh, en), tuple(lacking))


def _indicator_row(
    ind: Indicator,
    *,
    facts: Facts,
    values: _Values,
    profile: MonitoringProfile,
    month: int,
    t: Decimal,
    cumulative: bool,
    problems: list[ScoringError],
    chinese: Mapping[str, str],
) -> MonitorRow | SkippedRow | ScoringError:
    if ind.rule.kind == "budget_execution":
        return _skip(
            ind,
            "预算执行率由“预算执行进度”行按时序进度监控",
            "the budget execution rate is monitored by the spending row, against time progress",
        )
    if ind.id in profile.exclude:
        why = profile.exclude[ind.id]
        return _skip(
            ind, f"监控方案不监控此行：{why}", f"left out by the monitoring profile: {why}"
        )
    setting = facts.targets.get(ind.id)
    target = named_in_english(setting.target if setting else ind.target, ind.rule)
    if not target.numeric:
        return _skip(
            ind,
            f"年度指标值“{target}”不是数值，无法按进度监控",
            f"the target '{target.en}' is words, not a number: no progress to measure",
        )
    lacking = values.missing([ind.id]).get(ind.id)
    if lacking:
        zh = "、".join(chinese.get(f, f) for f in lacking)
        en = ", ".join(lacking)
        return _skip(ind, f"尚无数据（缺 {zh}）", f"no figure yet (missing {en})", lacking)
    try:
        value = values.get(ind.id)
    except FormulaError as exc:
        return _skip(
            ind,
            f"公式无法计算：{exc.text('zh')}",
            f"the formula cannot be computed: {exc.text('en')}",
        )
    common: dict[str, Any] = {
        "id": ind.id,
        "name": ind.label,
        "level1": ind.level1,
        "level2": ind.level2,
        "target": target,
        "assumed_facts": values.assumed_behind(ind.id),
        "assumed_names": tuple(ind.fact_info(f).name for f in values.assumed_behind(ind.id)),
        "target_assumed": setting.assumed if setting else ind.target_assumed is not None,
    }
    where = values.where(ind.id)
    if target.unit == "月":
        return _deadline_row(
            ind,
            target=target,
            value=value,
            month=month,
            common=common,
            where=where,
            problems=problems,
        )
    wrong = kind_error(ind, value, where)
    if wrong is not None:
        return wrong
    if not isinstance(value, Decimal) or isinstance(value, bool):
        shown = target.show(value)
        shown_en = show_value(value, target.en.unit, lang="en", name_en=ind.rule.name_en)
        return _skip(
            ind,
            f"实际值“{shown}”不是数值，无法按进度监控",
            f"the value {shown_en!r} is not a number: no progress to measure",
        )
    expected = div(mul(target.value, t), HUNDRED) if cumulative else target.value
    ratio = progress_ratio(value, expected, target.op)
    status = profile.status_for(ratio)
    turns = turning_points(expected, target.op, profile)
    in_en = target.en
    v, v_en = target.beside(value, *turns), in_en.beside(value, *turns)
    x, x_en = target.beside(expected, value), in_en.beside(expected, value)
    q_ratio = show_beside(ratio, profile.edges(), "%")
    ratio_args: dict[str, Any] = {"ratio": ratio, "shown": q_ratio, "expected": expected}
    basis_zh = f"{target.show(target.value)} × {_pct(t)} = {x}" if cumulative else ""
    basis_en = f"{in_en.show(target.value)} × {_pct(t)} = {x_en}" if cumulative else ""
    if cumulative:
        how = Text(
            f"时序进度应完成 {basis_zh}（{target}）；已完成 {v}；"
            f"{_ratio_zh(target.op, v, x, **ratio_args)}",
            f"by now {basis_en} ({in_en}) should be done; {v_en} done;"
            f" {_ratio_en(target.op, v_en, x_en, **ratio_args)}",
        )
    else:
        how = Text(
            f"实际值 {v}，年度指标值 {target}；{_ratio_zh(target.op, v, x, **ratio_args)}",
            f"value {v_en}, target {in_en}; {_ratio_en(target.op, v_en, x_en, **ratio_args)}",
        )
    gaps = _gaps(status, value, expected, target, cumulative)
    if profile.plausible is not None and ratio > profile.plausible:
        problems.append(_implausible(where, repr(ind.id), ratio, month, profile.plausible))
    return MonitorRow(
        **common,
        measure=Measure.CUMULATIVE if cumulative else Measure.LEVEL,
        status=status,
        how=how,
        value=value,
        unit=target.unit,
        expected=expected,
        ratio=ratio,
        gaps=gaps,
    )


def _ratio_zh(op: Op, v: str, x: str, *, ratio: Decimal, shown: str, expected: Decimal) -> str:
    if op is Op.LE:
        if ratio == HUNDRED:
            return f"{v} 不超过 {x}，进度 100%"
        if expected <= 0:
            return f"{v} 超过 {x}，进度 0%"
        return f"{v} 超过 {x}，进度 = {x} ÷ {v} = {shown}"
    if expected <= 0:
        return f"{v} {'不低于' if ratio == HUNDRED else '低于'} {x}，进度 {shown}"
    return f"进度 = {v} ÷ {x} = {shown}"


def _ratio_en(op: Op, v: str, x: str, *, ratio: Decimal, shown: str, expected: Decimal) -> str:
    if op is Op.LE:
        if ratio == HUNDRED:
            return f"{v} is within {x}: progress 100%"
        if expected <= 0:
            return f"{v} is beyond {x}: progress 0%"
        return f"{v} is beyond {x}: progress = {x} / {v} = {shown}"
    if expected <= 0:
        return f"{v} is {'at least' if ratio == HUNDRED else 'below'} {x}: progress {shown}"
    return f"progress = {v} / {x} = {shown}"


def _difference(amount: Decimal, target: Target) -> tuple[str, str]:
    """An amount of a row's unit in words: ``0.14 个百分点`` for a rate, ``5 场`` otherwise
    (in English, in the unit's English twin where it has one)."""
    if target.unit == "%":
        return f"{_more(amount, '')} 个百分点", f"{_more(amount, '')} percentage points"
    return _more(amount, target.unit), _more(amount, target.en.unit)


def _gaps(
    status: Status, value: Decimal, expected: Decimal, target: Target, cumulative: bool
) -> tuple[Gap, ...]:
    if status is Status.GREEN:
        return ()
    unit = target.unit
    if status is Status.BLUE:
        ahead = value - expected
        zh, en = _difference(ahead, target)
        where = (
            ("时序进度", "where it should be by now")
            if cumulative
            else ("年度指标值", "the target")
        )
        return (
            Gap(
                "ahead",
                ahead,
                unit,
                Text(f"超出{where[0]} {zh}", f"{en} ahead of {where[1]}"),
            ),
        )
    if target.op is Op.LE:
        excess = value - expected
        if excess <= 0:
            return ()
        zh, en = _difference(excess, target)
        if cumulative:
            text = Text(
                f"超出时序进度允许的 {target.show(expected)} {zh}，需压减",
                f"{en} beyond the {target.en.show(expected)} allowed by now: to be cut",
            )
        else:
            text = Text(
                f"超出年度指标值 {zh}，需压减", f"{en} beyond the target: to be brought down"
            )
        return (Gap("excess", excess, unit, text),)
    need = expected - value
    if need <= 0:
        return ()
    zh, en = _difference(need, target)
    if cumulative:
        text = Text(f"要达到时序进度还需完成 {zh}", f"{en} more to reach where it should be by now")
    else:
        text = Text(f"距年度指标值还差 {zh}", f"{en} short of the target")
    return (Gap("short", need, unit, text),)


def _deadline_row(
    ind: Indicator,
    *,
    target: Target,
    value: FactValue,
    month: int,
    common: dict[str, Any],
    where: Location | None,
    problems: list[ScoringError],
) -> MonitorRow | SkippedRow:
    deadline = int(target.value)
    gaps: tuple[Gap, ...] = ()
    if isinstance(value, bool):
        done: int | None = None if not value else 0
    elif isinstance(value, Decimal) and value == value.to_integral_value() and 1 <= value <= 12:
        done = int(value)
    else:
        return _skip(
            ind,
            "截止时间类指标的实际值应为完成月份（如 7月）或 false（尚未完成）",
            "a deadline's value is the month it was done (7月) or false (not done yet)",
        )
    if done is not None and done > month:
        problems.append(
            InputWarning(
                msg(
                    "{id!r} is done in month {done}, after the month monitored ({month})",
                    id=common["id"],
                    done=done,
                    month=month,
                ),
                location=where,
                hint=msg("give the month it was done, or false when it is not done yet"),
            )
        )
    if done == 0:
        status = Status.GREEN
        how = Text(f"已完成（截止 {deadline} 月）", f"done (deadline month {deadline})")
    elif done is not None and done <= deadline:
        status = Status.GREEN
        how = Text(
            f"已于 {done} 月完成，截止 {deadline} 月", f"done in month {done}, by {deadline}"
        )
    elif done is not None:
        status = Status.RED
        how = Text(
            f"{done} 月完成，晚于截止时间 {deadline} 月",
            f"done in month {done}, after the deadline (month {deadline})",
        )
        gaps = (
            Gap(
                "late",
                None,
                "月",
                Text(
                    f"晚于截止时间 {done - deadline} 个月",
                    f"{done - deadline} month(s) after the deadline",
                ),
            ),
        )
    elif month >= deadline:
        status = Status.RED
        how = Text(
            f"截止 {deadline} 月，截至 {month} 月底尚未完成",
            f"due by month {deadline}, not done by the end of month {month}",
        )
        gaps = (
            Gap(
                "overdue",
                None,
                "月",
                Text(
                    f"已过截止时间（{deadline} 月）仍未完成，需尽快完成",
                    f"past the deadline (month {deadline}) and not done: to be done at once",
                ),
            ),
        )
    else:
        status = Status.GREEN
        how = Text(
            f"尚未完成，截止 {deadline} 月，未到期",
            f"not done yet, due by month {deadline}: not yet due",
        )
    return MonitorRow(
        **common,
        measure=Measure.DEADLINE,
        status=status,
        how=how,
        value=value,
        unit="月",
        expected=target.value,
        gaps=gaps,
    )


def _categories(
    rows: Sequence[MonitorRow], weights: WeightsProfile, how: str
) -> tuple[StatusGroup, ...]:
    result = []
    for cat in weights.categories:
        members = [r for r in rows if r.level1 == cat.name]
        groups = []
        for group in cat.groups:
            inside = [r for r in members if r.level2 == group.name]
            groups.append(
                StatusGroup(
                    group.name,
                    group.name_en,
                    rollup([r.status for r in inside], how) if inside else None,
                    tuple(r.id for r in inside),
                )
            )
        result.append(
            StatusGroup(
                cat.name,
                cat.name_en,
                rollup([r.status for r in members], how) if members else None,
                tuple(r.id for r in members),
                tuple(groups),
            )
        )
    return tuple(result)


def _mismatches(
    rows: Sequence[MonitorRow], spending: MonitorRow, profile: MonitoringProfile
) -> list[MonitorWarning]:
    """Cumulative rows whose share of the year's target done is far from the share spent."""
    if profile.mismatch is None:
        return []
    rate = spending.value
    assert isinstance(rate, Decimal)
    found = []
    for row in rows:
        target = row.target
        if (
            row.measure is not Measure.CUMULATIVE
            or target is None
            or target.op is Op.LE
            or target.value <= 0
            or not isinstance(row.value, Decimal)
        ):
            continue
        done = div(mul(row.value, HUNDRED), target.value)
        difference = done - rate
        if abs(difference) <= profile.mismatch:
            continue
        points = show_beside(abs(difference), [profile.mismatch])
        head_zh = (
            f"{row.name.zh} 已完成年度指标值的 {_pct(done)}（{target.show(row.value)} ÷"
            f" {target.show(target.value)}），预算执行 {_pct(rate)}，相差 {points} 个百分点，"
            f"超过 {fmt(profile.mismatch)} 个百分点"
        )
        head_en = (
            f"{row.name.en}: {_pct(done)} of the year's target done"
            f" ({target.en.show(row.value)} / {target.en.show(target.value)}) against"
            f" {_pct(rate)} of the budget spent, {points} percentage points apart (more than"
            f" {fmt(profile.mismatch)})"
        )
        if difference < 0:
            tail = Text(
                "：资金已支出而产出滞后，请核查资金使用效益",
                ": money spent without the results; check what the money bought",
            )
        else:
            tail = Text(
                "：产出快于支出，请核实完成数或支出是否未及时入账",
                ": results ahead of spending; check the figures, or spending not yet booked",
            )
        found.append(
            MonitorWarning(
                "mismatch",
                Text(head_zh + tail.zh, head_en + tail.en),
                row.id,
                abs(difference),
            )
        )
    return found


def _late(spending: MonitorRow, profile: MonitoringProfile, month: int) -> list[MonitorWarning]:
    late = profile.late_unspent
    if late is None or month < late.from_month:
        return []
    rate, spent, budget = spending.value, spending.spent, spending.budget
    assert isinstance(rate, Decimal)
    assert spent is not None
    assert budget is not None
    unspent_share = HUNDRED - rate
    if unspent_share <= late.share:
        return []
    left = budget - spent
    q, q_en = _more(left, profile.money_unit), _more(left, profile.money.en)
    unspent = show_beside(unspent_share, [late.share], "%")
    return [
        MonitorWarning(
            "late_unspent",
            Text(
                f"截至 {month} 月底尚有 {q}（{unspent}）预算未支出，超过"
                f" {_pct(late.share)}：年底前须加快执行，或按程序调整预算",
                f"{q_en} ({unspent}) of the budget is unspent at the end of month"
                f" {month}, more than {_pct(late.share)}: speed up spending before the year"
                " ends, or adjust the budget",
            ),
            SPENDING_ID,
            left,
        )
    ]
