"""The columnar engine: each rule over a whole column at once, with NumPy, exactly.

Floats alone cannot promise what the one-unit Decimal engine promises (the
same points to the cent after half-up rounding), so every float carries a
bound on its distance from the exact value:

- a fact read from text is the nearest float to it (error at most half an
  ulp); each ``+ - * /`` of a formula adds its own rounding error to the
  bounds of its operands;
- where a result depends on a decision (is the target met, which band,
  how many whole units beyond a standard) and the value lies within its
  bound of the decision's edge, or where unrounded points lie within their
  bound of a rounding edge (x.xx5), the element is *unsure*;
- every unsure element is recomputed by the rule's own Decimal code, as the
  one-unit engine does; a row that is missing a fact, divides by (nearly)
  zero or fails in that code is scored by the one-unit engine itself.

Comparisons between a fact read from text and a target or band edge of at
most 15 significant digits are exact in floats (rounding to the nearest
float keeps order), so a value exactly on a target or edge is not unsure.

Each rule kind has a kernel in :data:`KERNELS`; a rule kind without one
(or a rule with a parameter its kernel does not know) is scored element by
element with its Decimal code, so results stay exact whatever rules are
registered later.

Importing this module imports NumPy; :mod:`scoring.batch.engines` imports it only
when NumPy is installed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple, cast, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from scoring.batch import exact as one_unit
from scoring.batch import outcomes as out
from scoring.core.engine import MAX_COMPUTED_MAGNITUDE, _Values, checked, effective_points
from scoring.core.errors import RuleError, ScoringError
from scoring.core.fact_checks import (
    FRACTION_TARGET_MIN,
    formula_location,
    fraction_warning,
    signed_facts,
)
from scoring.core.formula import Expr, Name, Neg, Num
from scoring.core.messages import msg
from scoring.core.model import Facts, GradeBand, Indicator, Op, Target, WeightsProfile
from scoring.core.numbers import ONE, clamp_share, exact_quotient
from scoring.core.record import Record, fields
from scoring.core.rules import Bands, BudgetExecution, DeductionPerUnit, Proportional, Reverse, Rule
from scoring.core.vector import Bools, Floats, Ints, Sheet, U, round_units
from scoring.files.tables import FactTable, RowHead

MAX_SHORT_DIGITS = 15


@attrs.frozen
class Column:
    """Values of one quantity for every row, with a bound on each one's error.

    An error bound of 0 means the float is the exact value (a whole number,
    or a quotient of equal numbers). ``faithful`` says every value is the
    float nearest to a decimal of at most 15 significant digits (a fact as
    read), so that comparing it with another such number in floats gives the
    exact answer.
    """

    v: Floats
    e: Floats
    faithful: bool = False
    whole: Bools | None = attrs.field(default=None, eq=False, repr=False)
    """:func:`_whole` of ``v``, when it was worked out (a fact's, for its error bound)."""


def _whole_of(col: Column) -> Bools:
    return _whole(col.v) if col.whole is None else col.whole


Kernel = Callable[[Any, Column, Target, Decimal, Sheet], tuple[Ints, Bools]]
"""(rule, values, target, row points, sheet) -> (points in the last place, unsure)."""


@attrs.frozen
class KernelEntry:
    kernel: Kernel
    knows: frozenset[str]
    """The rule's fields the kernel reads; any other field set makes it fall back."""


KERNELS: dict[type[Rule], KernelEntry] = {}


def kernel(rule_type: type[Rule], knows: Sequence[str] = ()) -> Callable[[Kernel], Kernel]:
    """Decorator: register the column kernel of ``rule_type``."""

    def register(fn: Kernel) -> Kernel:
        KERNELS[rule_type] = KernelEntry(fn, frozenset(knows))
        return fn

    return register


def kernel_for(rule: Rule) -> Kernel | None:
    """The kernel that scores ``rule`` exactly, or None when it must fall back."""
    entry = KERNELS.get(type(rule))
    if entry is None or not isinstance(rule, Record):
        return None
    for field in fields(type(rule)):
        if field.name not in entry.knows and getattr(rule, field.name) != field.default:
            return None
    return entry.kernel


# --------------------------------------------------------------------------- float tools


def _short(value: Decimal) -> bool:
    return value.is_finite() and len(value.as_tuple().digits) <= MAX_SHORT_DIGITS


def _whole(v: Floats) -> Bools:
    """Whole numbers small enough that float arithmetic on them is exact."""
    whole: Bools = (np.floor(v) == v) & (np.abs(v) < 2.0**52)
    return whole


def _leaf_error(v: Floats, faithful: bool, whole: Bools) -> Floats:
    """Error bound of facts read from text: 0 for whole numbers (``whole``) written in full."""
    bound = np.abs(v) * U
    return np.where(whole, 0.0, bound) if faithful else bound


def _sign(col: Column, edge: Decimal) -> tuple[NDArray[np.float64], Bools]:
    """The sign of value − ``edge`` for each row, and where it is not sure."""
    edge_f = float(edge)
    diff = col.v - edge_f
    sign = np.sign(diff)
    if col.faithful and _short(edge):
        return sign, np.zeros(diff.shape, dtype=np.bool_)
    tol = 2 * (col.e + (np.abs(col.v) + abs(edge_f)) * U) + 1e-300
    unsure = np.abs(diff) <= tol
    if Decimal(edge_f) == edge:
        # Both exact: the sign of a float difference is the sign of the exact one.
        unsure &= col.e != 0
    return sign, unsure


def _continuous(met: Bools, full: int, p: Floats, e_p: Floats, sheet: Sheet) -> tuple[Ints, Bools]:
    """Full points where surely met, else the rounded points (unsure near a rounding edge).

    Only for rules whose points do not jump where the target is met, so that
    a value unsure about being met is settled by the rounding check alone.
    """
    units, unsure = round_units(p, e_p, sheet)
    return np.where(met, np.int64(full), units), unsure & ~met


# --------------------------------------------------------------------------- kernels


@kernel(Proportional)
def _proportional(
    rule: Proportional, col: Column, target: Target, points: Decimal, sheet: Sheet
) -> tuple[Ints, Bools]:
    full = sheet.units(ONE, points)
    sign, unsure_met = _sign(col, target.value)
    met = (sign >= 0) & ~unsure_met
    if target.value <= 0:
        return np.where(met, np.int64(full), np.int64(0)), unsure_met
    t, pts = float(target.value), float(points)
    q = col.v / t
    p = np.clip(q, 0.0, 1.0) * pts
    e_p = ((col.e + np.abs(col.v) * U) / t + np.abs(q) * 2 * U) * pts + p * 2 * U
    return _continuous(met, full, p, e_p, sheet)


@kernel(Reverse, knows=("variant",))
def _reverse(
    rule: Reverse, col: Column, target: Target, points: Decimal, sheet: Sheet
) -> tuple[Ints, Bools]:
    full = sheet.units(ONE, points)
    sign, unsure_met = _sign(col, target.value)
    met = (sign <= 0) & ~unsure_met
    t, pts = float(target.value), float(points)
    if rule.variant == "ratio":
        if target.value <= 0:
            return np.where(met, np.int64(full), np.int64(0)), unsure_met
        above = np.maximum(col.v, t)
        q = t / above
        e_q = q * ((col.e + np.abs(col.v) * U) / above + 3 * U)
    else:
        over = (col.v - t) / t
        q = 1.0 - over
        e_q = (col.e + (abs(t) + np.abs(col.v - t)) * U) / t + (np.abs(over) + np.abs(q)) * 2 * U
    p = np.clip(q, 0.0, 1.0) * pts
    return _continuous(met, full, p, e_q * pts + p * 2 * U, sheet)


@kernel(BudgetExecution, knows=("budget", "adjusted_budget", "initial_budget"))
def _budget_execution(
    rule: BudgetExecution, col: Column, target: Target, points: Decimal, sheet: Sheet
) -> tuple[Ints, Bools]:
    full = sheet.units(ONE, points)
    sign, unsure_full = _sign(col, Decimal(100))
    at_full = (sign >= 0) & ~unsure_full
    pts = float(points)
    q = col.v / 100.0
    p = np.clip(q, 0.0, 1.0) * pts
    e_p = ((col.e + np.abs(col.v) * U) / 100.0 + np.abs(q) * U) * pts + p * 2 * U
    return _continuous(at_full, full, p, e_p, sheet)


@kernel(DeductionPerUnit, knows=("per", "unit", "counting"))
def _deduction(
    rule: DeductionPerUnit, col: Column, target: Target, points: Decimal, sheet: Sheet
) -> tuple[Ints, Bools]:
    full = sheet.units(ONE, points)
    n = col.v.shape[0]
    if points == 0:
        return np.full(n, np.int64(full)), np.zeros(n, dtype=np.bool_)
    t = float(target.value)
    sign, unsure_met = _sign(col, target.value)
    if target.op is Op.GE:
        excess, met = t - col.v, (sign >= 0)
    elif target.op is Op.LE:
        excess, met = col.v - t, (sign <= 0)
    else:
        excess, met = np.abs(col.v - t), (sign == 0)
    met = met & ~unsure_met
    e_x = col.e + (abs(t) + np.abs(excess)) * U
    unit, per, pts = float(rule.unit), float(rule.per), float(points)
    q = excess / unit
    e_q = e_x / unit + np.abs(q) * 2 * U
    if Decimal(t) == target.value and Decimal(unit) == rule.unit:
        # Whole numbers beyond a whole standard, in whole units: no rounding at all.
        whole_standard = bool(_whole(np.array([t]))[0])
        exact = (col.e == 0) & _whole_of(col) & whole_standard
        if exact.any():  # else no value is exact: nothing to set
            at = np.flatnonzero(exact)
            exact[at] = _whole(excess[at]) & (np.fmod(excess[at], unit) == 0)
            e_q = np.where(exact, 0.0, e_q)
    if rule.counting == "continuous":
        deducted = np.minimum(q * per, pts)
        e_d = (e_q * per + np.abs(q * per) * 2 * U) + pts * U
        p = pts - deducted
        return _continuous(met, full, p, e_d + np.abs(p) * 2 * U, sheet)
    counted = np.ceil(q) if rule.counting == "started" else np.floor(q)
    near_whole = (np.abs(q - np.rint(q)) <= 2 * e_q + 1e-300) & (e_q != 0)
    unsure = unsure_met | (~met & near_whole)
    counted = np.where(met, 0.0, np.maximum(counted, 0.0))
    # Points for each whole number of units, in Decimal: a table from the fewest
    # to the most units counted (or one entry per distinct count, if they spread).
    low, high = (int(counted.min()), int(counted.max())) if n else (0, 0)
    if high - low <= 1000:
        table = [_deduction_units(rule, c, points, sheet) for c in range(low, high + 1)]
        units = np.asarray(table, dtype=np.int64)[counted.astype(np.int64) - low]
    else:
        distinct, where = np.unique(counted, return_inverse=True)
        table = [_deduction_units(rule, int(c), points, sheet) for c in distinct]
        units = np.asarray(table, dtype=np.int64)[where.reshape(-1)]
    return np.where(met, np.int64(full), units), unsure


_UNITS_MADE: dict[tuple[Decimal, Decimal, int, int], int] = {}
""":func:`_deduction_units` by (per, points, decimals, units counted): the parts of a
table ask for the same few again and again (bounded: cleared when it grows large)."""


def _deduction_units(rule: DeductionPerUnit, counted: int, points: Decimal, sheet: Sheet) -> int:
    # DeductionPerUnit.assess for a whole number of units, step by step, exactly.
    key = (rule.per, points, sheet.decimals, counted)
    found = _UNITS_MADE.get(key)
    if found is None:
        deducted = min(Fraction(points), counted * Fraction(rule.per))
        found = sheet.units(clamp_share((Fraction(points) - deducted) / Fraction(points)), points)
        if len(_UNITS_MADE) >= 100_000:
            _UNITS_MADE.clear()
        _UNITS_MADE[key] = found
    return found


@kernel(Bands, knows=("bands",))
def _bands(
    rule: Bands, col: Column, target: Target, points: Decimal, sheet: Sheet
) -> tuple[Ints, Bools]:
    n = col.v.shape[0]
    units = np.zeros(n, dtype=np.int64)
    found = np.zeros(n, dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    for band in rule.bands:
        inside = np.ones(n, dtype=np.bool_)
        interval = band.interval
        if interval.low is not None:
            sign, near = _sign(col, interval.low)
            inside &= (sign > 0) | ((sign == 0) & interval.low_inclusive)
            unsure |= near
        if interval.high is not None:
            sign, near = _sign(col, interval.high)
            inside &= (sign < 0) | ((sign == 0) & interval.high_inclusive)
            unsure |= near
        earned = min(band.points, points)
        share = exact_quotient(earned, points) if points else Fraction(0)
        first = inside & ~found
        units[first] = sheet.units(share, points)
        found |= inside
    return units, unsure | ~found


# --------------------------------------------------------------------------- formulas


class _Evaluator:
    """Formulas over fact columns, in floats with error bounds, each indicator once."""

    def __init__(self, by_id: Mapping[str, Indicator], table: FactTable, rows: int) -> None:
        self.by_id = by_id
        self.table = table
        self.rows = rows
        self.facts: dict[str, Column] = {}
        self.values: dict[str, Column] = {}
        self.missing = np.zeros(rows, dtype=np.bool_)
        self.risky = np.zeros(rows, dtype=np.bool_)

    def fact(self, name: str) -> Column:
        found = self.facts.get(name)
        if found is not None:
            return found
        if name in self.table.parsed:
            v, absent, longest = self.table.parsed[name]
            v = np.where(absent, 0.0, v)
        elif name in self.table.names:
            texts = self.table.columns[name]
            v = np.array([t or "nan" for t in texts], dtype=np.float64)
            absent = np.isnan(v)
            v[absent] = 0.0
            longest = max(map(len, texts), default=0)
        else:
            self.missing[:] = True
            column = Column(np.zeros(self.rows), np.zeros(self.rows), True)
            self.facts[name] = column
            return column
        self.missing |= absent
        faithful = longest <= MAX_SHORT_DIGITS
        whole = _whole(v)
        column = Column(v, _leaf_error(v, faithful, whole), faithful, whole)
        self.facts[name] = column
        return column

    def value(self, name: str) -> Column:
        found = self.values.get(name)
        if found is not None:
            return found
        ind = self.by_id.get(name)
        if ind is None or ind.formula is None:
            column = self.fact(name)
        else:
            column = self.expr(ind.formula.expr)
        self.values[name] = column
        return column

    def expr(self, expr: Expr) -> Column:
        if isinstance(expr, Num):
            value = float(expr.value)
            error = 0.0 if Decimal(value) == expr.value else abs(value) * U
            return Column(np.full(self.rows, value), np.full(self.rows, error), _short(expr.value))
        if isinstance(expr, Name):
            return self.value(expr.name)
        if isinstance(expr, Neg):
            inner = self.expr(expr.operand)
            return Column(-inner.v, inner.e, inner.faithful)
        a, b = self.expr(expr.left), self.expr(expr.right)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # Whole operands with no error, where some are (the rest: not exact).
            both = (a.e == 0) & (b.e == 0)
            whole_ab = both & _whole_of(a) & _whole_of(b)
            some = bool(whole_ab.any())
            if expr.op in "+-":
                v = a.v + b.v if expr.op == "+" else a.v - b.v
                e = a.e + b.e + np.abs(v) * U
                exact = whole_ab & _whole(v) if some else whole_ab
            elif expr.op == "*":
                v = a.v * b.v
                e = np.abs(a.v) * b.e + np.abs(b.v) * a.e + a.e * b.e + np.abs(v) * U
                exact = whole_ab & _whole(v) if some else whole_ab
            else:
                near_zero = np.abs(b.v) <= 2 * b.e
                self.risky |= near_zero
                divisor = np.where(near_zero, 1.0, b.v)
                v = a.v / divisor
                room = np.abs(divisor) - np.where(near_zero, 0.0, b.e)
                e = (np.abs(a.v) * b.e + np.abs(divisor) * a.e) / (np.abs(divisor) * room)
                e = e + np.abs(v) * U
                # Equal faithful facts are equal decimals: their quotient is exactly 1.
                same = (a.v == b.v) & (a.faithful and b.faithful)
                whole = whole_ab
                if some:  # a whole quotient of whole numbers: fmod where it can be
                    at = np.flatnonzero(whole_ab)
                    whole = whole_ab.copy()
                    whole[at] = np.fmod(a.v[at], divisor[at]) == 0
                exact = ~near_zero & (same | whole)
            e = np.where(exact, 0.0, e)
        bad = ~np.isfinite(v) | ~np.isfinite(e)
        if bad.any():
            self.risky |= bad
            v = np.where(bad, 0.0, v)
            e = np.where(bad, 0.0, e)
        return Column(v, e)


# --------------------------------------------------------------------------- the engine


_KNOWN_FIELDS = {
    Indicator: {
        "id", "name", "level1", "level2", "target", "rule", "unit", "name_en",
        "formula", "description", "source", "location", "target_assumed", "facts",
        "unit_en",  # English output only, never a score
    },
    WeightsProfile: {
        "id", "name", "categories", "points", "full_score", "decimals", "grades",
        "normalise", "name_en", "source", "location", "locations",
        "assumed_points",  # marks the output, never a score
    },
}  # fmt: skip


def _plain(obj: object) -> bool:
    """Whether ``obj`` sets no field this engine does not know at other than its default.

    Settings such as vetoes, not-applicable rows, a missing-facts policy or
    rounding of values change how rows score; with any of them set, every
    row is scored by the one-unit engine.
    """
    known = _KNOWN_FIELDS[type(obj)]
    for field in fields(cast(Any, type(obj))):
        if field.name in known:
            continue
        if getattr(obj, field.name) != field.default:
            return False
    return True


def score_rows(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    table: FactTable,
    *,
    progress: out.Progress | None = None,
) -> Sequence[out.Outcome]:
    """Every row of ``table`` scored, the same as :func:`scoring.core.engine.score` would.

    The caller has checked ``indicators`` against ``weights``.
    """
    rows = len(table)
    exact_rows = np.zeros(rows, dtype=np.bool_)
    for index in table.problems:
        exact_rows[index] = True
    for index in table.other:
        exact_rows[index] = True  # facts in words: the rules' own code reads them
    for index, settings in enumerate(table.targets or ()):
        # A row with its own targets (YAML tables) is scored alone: the engine
        # checks each such target against its rule before scoring.
        exact_rows[index] |= bool(settings)
    by_id = {ind.id: ind for ind in indicators}
    plain = all(_plain(ind) for ind in indicators) and _plain(weights)
    try:
        empty = _Values(by_id, Facts("", 1900, {}))
        for ind_id in weights.points:
            list(empty._leaves(ind_id, ()))
    except ScoringError:
        plain = False  # formulas in a loop: every row fails, as the engine says
    if not plain or rows == 0:
        once = checked(indicators, weights)
        return [one_unit.score_row(indicators, weights, table, i, sheet=once) for i in range(rows)]

    ids = list(weights.points)
    points = effective_points(indicators, weights)
    sheet = Sheet(weights.decimals)
    evaluator = _Evaluator(by_id, table, rows)
    # One row per indicator while filling, so that each kernel writes contiguously.
    by_indicator = np.zeros((len(ids), rows), dtype=np.int64)
    units = by_indicator.T
    unsure: list[tuple[int, NDArray[np.intp]]] = []
    for j, ind_id in enumerate(ids):
        ind = by_id[ind_id]
        col = evaluator.value(ind_id)
        if ind.formula is not None:
            # A formula's value near the engine's bound: the engine decides (and may refuse).
            exact_rows |= np.abs(col.v) >= 10.0**MAX_COMPUTED_MAGNITUDE
        fn = kernel_for(ind.rule)
        if fn is None:
            unsure.append((j, np.arange(rows)))
        else:
            got, doubt = fn(ind.rule, col, ind.target, points[ind_id], sheet)
            by_indicator[j] = got
            unsure.append((j, np.flatnonzero(doubt)))
        if progress is not None:
            progress(rows * (j + 1) // (len(ids) + 1), rows)
    exact_rows |= evaluator.missing | evaluator.risky
    for name in signed_facts(indicators):
        if name in table.names:
            # A negative amount a ratio reads: the engine refuses the row, in its words.
            exact_rows |= evaluator.fact(name).v < 0

    exact = _Exact(by_id, points, table, weights.decimals)
    for j, where in unsure:
        ind_id = ids[j]
        for i in where.tolist():
            if exact_rows[i]:
                continue
            try:
                units[i, j] = exact.units(i, ind_id)
            except ScoringError:
                exact_rows[i] = True

    warnings = _fraction_warnings(
        ids, by_id, evaluator, exact=exact, exact_rows=exact_rows, table=table
    )
    totals = units.sum(axis=1)
    alone_at = np.flatnonzero(exact_rows).tolist()
    sure = checked(indicators, weights) if alone_at else None
    alone = {i: one_unit.score_row(indicators, weights, table, i, sheet=sure) for i in alone_at}
    if progress is not None:
        progress(rows, rows)
    grade_index, grade_table = _grades(weights, totals)
    return Outcomes(
        table,
        units,
        totals,
        grade_index=grade_index,
        grade_table=grade_table,
        decimals=weights.decimals,
        alone=alone,
        warnings=warnings,
    )


def _fraction_warnings(
    ids: Sequence[str],
    by_id: Mapping[str, Indicator],
    evaluator: _Evaluator,
    *,
    exact: _Exact,
    exact_rows: Bools,
    table: FactTable,
) -> dict[int, tuple[ScoringError, ...]]:
    """The engine's warning for every value that looks like a fraction of a percentage.

    Floats pick the rows whose value may lie in [-1, 1]; the warning itself is
    the engine's, made from the exact value (rows the engine scores alone get it there).
    """
    found: dict[int, list[ScoringError]] = {}
    for ind_id in ids:
        ind = by_id[ind_id]
        target = ind.target
        if ind.unit != "%" or not target.numeric or abs(target.value) < FRACTION_TARGET_MIN:
            continue
        col = evaluator.value(ind_id)
        near = (np.abs(col.v) <= 1 + 2 * col.e + 4 * U) & ((col.v != 0) | (col.e != 0))
        # Placed as the one-unit engine places it (value_location): a value computed from
        # several facts at its formula, whose hint it is; a fact's at the row.
        computed = ind.formula is not None and not isinstance(ind.formula.expr, Name)
        for i in np.flatnonzero(near & ~exact_rows).tolist():
            head = table.heads[i]
            where = formula_location(ind) if computed else head.location
            warning = fraction_warning(ind, target, exact.decimal(i, ind_id), where)
            if warning is not None:
                found.setdefault(i, []).append(out.numbered(warning, head))
    return {i: tuple(w) for i, w in found.items()}


class Matrix(NamedTuple):
    """The columnar engine's outcomes as arrays, for writers that work a block at a time.

    Row ``i`` is ``alone[i]`` when the one-unit engine scored or failed it;
    otherwise it scored ``totals[i]`` with points ``units[i]`` (in the
    order of the result's indicators) and grade ``grade_table[grade_index[i]]``.
    """

    heads: Sequence[RowHead]
    units: Ints
    totals: Ints
    grade_index: Ints
    grade_table: list[GradeBand]
    alone: dict[int, out.Outcome]


class Outcomes(Sequence[out.Outcome]):
    """Outcomes of the columnar engine, each :class:`~scoring.out.Scored` made when read.

    Every number is computed when this is made; reading an outcome only
    wraps its row of the points matrix, so that a caller that needs totals
    for 100,000 rows does not pay for 100,000 objects it never reads.
    """

    def __init__(
        self,
        table: FactTable,
        units: Ints,
        totals: Ints,
        *,
        grade_index: Ints,
        grade_table: list[GradeBand],
        decimals: int,
        alone: dict[int, out.Outcome],
        warnings: dict[int, tuple[ScoringError, ...]] | None = None,
    ) -> None:
        self.table = table
        self.warnings = warnings or {}
        """Rows' warnings, by position (those the one-unit engine scored have their own)."""
        self.units = units
        self.totals = totals
        self.grade_index = grade_index
        self.grade_table = grade_table
        self.decimals = decimals
        self.alone = alone
        """Rows the one-unit engine scored (or failed), by position."""
        self.failed_at = tuple(i for i in sorted(alone) if isinstance(alone[i], out.Failed))

    def __len__(self) -> int:
        return len(self.table)

    @property
    def grades(self) -> list[GradeBand]:
        """Each row's grade by its columnar total (an ``alone`` row has its own outcome)."""
        return [self.grade_table[k] for k in cast(list[int], self.grade_index.tolist())]

    @property
    def matrix(self) -> Matrix:
        return Matrix(
            self.table.heads,
            self.units,
            self.totals,
            self.grade_index,
            self.grade_table,
            self.alone,
        )

    @overload
    def __getitem__(self, index: int) -> out.Outcome: ...

    @overload
    def __getitem__(self, index: slice) -> list[out.Outcome]: ...

    def __getitem__(self, index: int | slice) -> out.Outcome | list[out.Outcome]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        found = self.alone.get(index)
        if found is not None:
            return found
        return out.Scored(
            self.table.heads[index],
            int(self.totals[index]),
            self.grade_table[int(self.grade_index[index])],
            tuple(self.units[index].tolist()),
            self.decimals,
            warnings=self.warnings.get(index, ()),
        )

    def __iter__(self) -> Iterator[out.Outcome]:
        units = self.units.tolist()
        totals = self.totals.tolist()
        heads = self.table.heads
        grades = [self.grade_table[k] for k in cast(list[int], self.grade_index.tolist())]
        for i in range(len(self)):
            found = self.alone.get(i)
            if found is not None:
                yield found
            else:
                yield out.Scored(
                    heads[i],
                    totals[i],
                    grades[i],
                    tuple(units[i]),
                    self.decimals,
                    warnings=self.warnings.get(i, ()),
                )


class _Exact:
    """The engine's own Decimal code for single elements, reusing each row's facts."""

    def __init__(
        self,
        by_id: Mapping[str, Indicator],
        points: Mapping[str, Decimal],
        table: FactTable,
        decimals: int,
    ) -> None:
        self.by_id = by_id
        self.points = points
        self.table = table
        self.decimals = decimals
        self.row = -1
        self.values: dict[str, Decimal] = {}
        self.cells: dict[str, str] = {}

    def value(self, name: str) -> Decimal:
        # As the engine's _Values resolves it: a fact, or an indicator's formula.
        found = self.values.get(name)
        if found is None:
            ind = self.by_id.get(name)
            if ind is None or ind.formula is None:
                found = Decimal(self.cells[name])
            else:
                found = ind.formula.evaluate(self.value)
            self.values[name] = found
        return found

    def decimal(self, index: int, ind_id: str) -> Decimal:
        """The exact value of indicator ``ind_id`` in row ``index``."""
        if index != self.row:
            self.row = index
            self.values = {}
            self.cells = self.table.cells(index)
        return self.value(ind_id)

    def units(self, index: int, ind_id: str) -> int:
        ind = self.by_id[ind_id]
        value = self.decimal(index, ind_id)
        max_points = self.points[ind_id]
        if not isinstance(value, ind.rule.accepts):
            # The engine refuses a value of the wrong kind with a located error.
            raise RuleError(
                msg("rule {kind!r} does not score {value!r}", kind=ind.rule.kind, value=value)
            )
        assessment = ind.rule.assess(value, ind.target, max_points)
        earned = assessment.points(max_points, self.decimals)
        return out.to_units(earned, self.decimals)


def _grades(weights: WeightsProfile, totals: Ints) -> tuple[Ints, list[GradeBand]]:
    """``weights.grade_for`` of every total (in the last place), all at once.

    Returns each total's position in the table of grades, and that table.
    """
    bands = sorted(weights.grades, key=lambda b: b.min, reverse=True)
    lowest = min(weights.grades, key=lambda b: b.min)
    choice = np.full(totals.shape, -1, dtype=np.int64)
    for k, band in enumerate(bands):
        # total >= min exactly when total in the last place >= ceil(min in the last place)
        threshold = math.ceil(band.min.scaleb(weights.decimals))
        choice = np.where((choice < 0) & (totals >= threshold), k, choice)
    choice[choice < 0] = len(bands)
    return choice, [*bands, lowest]


__all__ = [
    "KERNELS",
    "Column",
    "KernelEntry",
    "Matrix",
    "Outcomes",
    "kernel",
    "kernel_for",
    "score_rows",
]
