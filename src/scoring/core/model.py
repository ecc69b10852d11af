"""What the engine works on: indicators, weights profiles and facts.

The plain values they hold (texts, targets, verdicts, a fact's value) are in
:mod:`scoring.core.values`, re-exported here.

All are frozen attrs classes built by :mod:`scoring.files` from YAML, or by
hand from Python. Chinese names are data; ``*_en`` fields are their English.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType

from scoring.core.caps import TotalCap
from scoring.core.combine import Combination
from scoring.core.errors import InputError, Location
from scoring.core.messages import msg
from scoring.core.numbers import NumberError, parse_number
from scoring.core.record import EMPTY, Record, evolve, set_field
from scoring.core.sheetinfo import SheetInfo
from scoring.core.values import (
    FactValue,
    Judgement,
    Op,
    ReasonThresholds,
    Target,
    Text,
    show_quantity,
    show_value,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from scoring.core.formula import Formula
    from scoring.core.rules import Rule


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    # An empty one is the shared EMPTY: most indicators declare no facts.
    return MappingProxyType(dict(value)) if value else EMPTY


class OverAchievement(Record):
    """When a result beats its target by far (超额完成), and what follows.

    A result at or beyond ``flag_at`` percent of its target is flagged as
    needing a deviation reason (偏差原因). With ``reduce_by`` set (a percent),
    a flagged row also loses that share of the points it earned, because its
    target was set too low; with ``deduct`` set (points), it then loses that
    many points more, never going below 0. ``flag_at`` of 0 turns the flag off.
    """

    flag_at: Decimal
    reduce_by: Decimal | None
    deduct: Decimal | None
    __slots__ = ("deduct", "flag_at", "reduce_by")

    def __init__(
        self,
        flag_at: Decimal = Decimal(130),
        reduce_by: Decimal | None = None,
        deduct: Decimal | None = None,
    ) -> None:
        set_field(self, "flag_at", flag_at)
        set_field(self, "reduce_by", reduce_by)
        set_field(self, "deduct", deduct)

    @property
    def enabled(self) -> bool:
        return self.flag_at > 0


class Veto(Record):
    """A veto indicator (一票否决): failing it caps the grade at ``cap`` whatever the total."""

    indicator_id: str
    cap: str
    __slots__ = ("cap", "indicator_id")

    def __init__(
        self,
        indicator_id: str,
        cap: str,
    ) -> None:
        set_field(self, "indicator_id", indicator_id)
        set_field(self, "cap", cap)


MISSING_POLICIES = ("error", "zero", "not-applicable")


class Indicator(Record, not_compared=("location",), not_shown=("location", "facts")):
    """One row of a scoring sheet: a 三级指标 under its 一级 and 二级 categories."""

    id: str
    name: str
    level1: str
    level2: str
    target: Target
    rule: Rule
    unit: str
    name_en: str | None
    formula: Formula | None
    description: str | None
    source: str | None
    location: Location | None
    value_decimals: int | None
    over_achievement: OverAchievement | None
    target_assumed: str | None
    """Why the default target is an assumption, when it is one (the row is then marked ※)."""
    informational: bool
    """A row shown for context without points (其中 sub-rows): never scored nor summed."""
    deviation_reason: ReasonThresholds | None
    """The row's own figures past which it needs a deviation reason; None takes its rule's
    (a budget execution rate above 100%), and a field left None here is no figure."""

    @property
    def reason_thresholds(self) -> ReasonThresholds:
        """The figures in force: the indicator's own, else its rule's."""
        return self.deviation_reason if self.deviation_reason is not None else self.rule.reasons

    facts: Mapping[str, FactInfo]
    """What the facts this indicator reads are, as its file declares them."""
    unit_en: str | None
    """The unit's English twin (``10,000 persons`` for 万人), shown with ``--lang en``."""
    __slots__ = (
        "description",
        "deviation_reason",
        "facts",
        "formula",
        "id",
        "informational",
        "level1",
        "level2",
        "location",
        "name",
        "name_en",
        "over_achievement",
        "rule",
        "source",
        "target",
        "target_assumed",
        "unit",
        "unit_en",
        "value_decimals",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        id: str,
        name: str,
        level1: str,
        level2: str,
        target: Target,
        rule: Rule,
        unit: str = "",
        name_en: str | None = None,
        formula: Formula | None = None,
        description: str | None = None,
        source: str | None = None,
        location: Location | None = None,
        value_decimals: int | None = None,
        over_achievement: OverAchievement | None = None,
        target_assumed: str | None = None,
        informational: bool = False,
        deviation_reason: ReasonThresholds | None = None,
        facts: Mapping[str, FactInfo] = EMPTY,
        unit_en: str | None = None,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "level1", level1)
        set_field(self, "level2", level2)
        set_field(self, "target", target)
        set_field(self, "rule", rule)
        set_field(self, "unit", unit)
        set_field(self, "name_en", name_en)
        set_field(self, "formula", formula)
        set_field(self, "description", description)
        set_field(self, "source", source)
        set_field(self, "location", location)
        set_field(self, "value_decimals", value_decimals)
        set_field(self, "over_achievement", over_achievement)
        set_field(self, "target_assumed", target_assumed)
        set_field(self, "informational", informational)
        set_field(self, "deviation_reason", deviation_reason)
        set_field(self, "facts", _frozen_map(facts))
        set_field(self, "unit_en", unit_en)

    @property
    def reads(self) -> tuple[str, ...]:
        """The facts this indicator reads: its formula's names, or its own id."""
        return tuple(sorted(self.formula.names)) if self.formula is not None else (self.id,)

    def fact_info(self, fact: str) -> FactInfo:
        """What ``fact`` is: as declared, or (for the row's own value) the indicator itself."""
        info = self.facts.get(fact)
        if info is not None:
            return info
        if fact == self.id:
            return FactInfo(self.id, self.name, self.name_en, self.unit, unit_en=self.unit_en)
        return FactInfo(fact, fact)

    @property
    def label(self) -> Text:
        """The indicator's name in both languages (English falls back to the id)."""
        return Text(self.name, self.name_en or self.id.replace("_", " "))

    def unit_in(self, lang: str) -> str:
        """The unit in ``lang``: in English its twin, else the unit as written."""
        return self.unit_en if lang == "en" and self.unit_en is not None else self.unit


class FactInfo(Record, not_compared=("location",), not_shown=("location",)):
    """What a fact is, for the person who fills it in: its Chinese name and unit.

    Declared once in an indicator file (``facts:``); a facts file or a batch
    table may then give the fact under ``name`` as well as under ``id``.
    ``found_in`` says where the number is usually found (决算报表, 人事报表).
    """

    id: str
    name: str
    name_en: str | None
    unit: str
    found_in: str | None
    location: Location | None
    signed: bool
    """Whether the fact may be negative although a ratio reads it (a budget adjustment:
    追加 positive, 追减 negative); otherwise such a fact is an amount and cannot be."""
    unit_en: str | None
    """The unit's English twin (``10,000 yuan`` for 万元)."""
    __slots__ = ("found_in", "id", "location", "name", "name_en", "signed", "unit", "unit_en")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        id: str,
        name: str,
        name_en: str | None = None,
        unit: str = "",
        found_in: str | None = None,
        location: Location | None = None,
        signed: bool = False,
        unit_en: str | None = None,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "name_en", name_en)
        set_field(self, "unit", unit)
        set_field(self, "found_in", found_in)
        set_field(self, "location", location)
        set_field(self, "signed", signed)
        set_field(self, "unit_en", unit_en)

    @property
    def label(self) -> Text:
        return Text(self.name, self.name_en or self.id.replace("_", " "))


class Group(Record, not_compared=("location",), not_shown=("location",)):
    """A 二级指标 with its points; ``assumed`` says why its points are assumed, when they are."""

    name: str
    points: Decimal
    name_en: str | None
    location: Location | None
    assumed: str | None
    __slots__ = ("assumed", "location", "name", "name_en", "points")

    def __init__(
        self,
        name: str,
        points: Decimal,
        name_en: str | None = None,
        location: Location | None = None,
        assumed: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "points", points)
        set_field(self, "name_en", name_en)
        set_field(self, "location", location)
        set_field(self, "assumed", assumed)


class Category(Record, not_compared=("location",), not_shown=("location",)):
    """A 一级指标 with its points and its 二级 groups; ``assumed`` as for a group."""

    name: str
    points: Decimal
    groups: tuple[Group, ...]
    name_en: str | None
    location: Location | None
    assumed: str | None
    __slots__ = ("assumed", "groups", "location", "name", "name_en", "points")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        name: str,
        points: Decimal,
        groups: tuple[Group, ...],
        name_en: str | None = None,
        location: Location | None = None,
        assumed: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "points", points)
        set_field(self, "groups", groups)
        set_field(self, "name_en", name_en)
        set_field(self, "location", location)
        set_field(self, "assumed", assumed)


# What marks a figure or a row that rests on an assumed number, in every output.
ASSUMED_MARK = "※"


class AssumedPoints(Record):
    """Points a row rests on that the weights profile marks assumed, and why.

    ``scope`` is ``"indicator"`` for the row's own points, ``"group"`` or
    ``"category"`` for those of the 二级 or 一级指标 it is in (whose points its
    own add up to); ``name`` and ``name_en`` name that row, group or category.
    """

    scope: str
    name: str
    name_en: str | None
    reason: str
    __slots__ = ("name", "name_en", "reason", "scope")

    def __init__(self, scope: str, name: str, name_en: str | None, reason: str) -> None:
        set_field(self, "scope", scope)
        set_field(self, "name", name)
        set_field(self, "name_en", name_en)
        set_field(self, "reason", reason)


class GradeBand(Record):
    """A grade and the lowest total that earns it (优 from 90); ``assumed`` says why that
    minimum is assumed, when it is."""

    name: str
    min: Decimal
    name_en: str
    assumed: str | None
    __slots__ = ("assumed", "min", "name", "name_en")

    def __init__(
        self,
        name: str,
        min: Decimal,
        name_en: str = "",
        assumed: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "min", min)
        set_field(self, "name_en", name_en)
        set_field(self, "assumed", assumed)


DEFAULT_GRADES = (
    GradeBand("优", Decimal(90), "excellent"),
    GradeBand("良", Decimal(80), "good"),
    GradeBand("中", Decimal(60), "fair"),
    GradeBand("差", Decimal(0), "poor"),
)


def default_grades(full_score: Decimal = Decimal(100)) -> tuple[GradeBand, ...]:
    """The national bands (优 90%, 良 80%, 中 60% of the full score) for ``full_score``.

    >>> [str(b.min) for b in default_grades(Decimal(20))]
    ['18', '16', '12', '0']
    """
    if full_score == 100:
        return DEFAULT_GRADES
    return tuple(
        evolve(band, min=(band.min * full_score / 100).normalize() + 0) for band in DEFAULT_GRADES
    )


_NO_OVER_ACHIEVEMENT = OverAchievement()


def _default_grades(profile: WeightsProfile) -> tuple[GradeBand, ...]:
    return default_grades(profile.full_score)


class WeightsProfile(
    Record, not_compared=("location", "locations"), not_shown=("location", "locations")
):
    """Points for every category and indicator, the full score and the grade bands.

    ``points`` maps an indicator id to its points. Unless ``normalise`` is set
    the points must add up to their group, the groups to their category and
    the categories to ``full_score``; with it, indicator points are rescaled
    to ``full_score`` and the category points are derived.

    ``locations`` says where keys stood in the file, so that a problem can
    point at its line: ``points.<indicator id>`` for a row's points,
    ``full_score`` and ``categories``. Categories and groups carry their own.

    ``assumed_points`` maps an indicator id to why its points are assumed (not
    read from a published sheet); categories, groups and grade bands carry
    their own ``assumed``. None of them changes a score: the rows resting on
    them are marked ※ in the output (:meth:`assumed_behind`).
    """

    id: str
    name: str
    categories: tuple[Category, ...]
    points: Mapping[str, Decimal]
    full_score: Decimal
    decimals: int
    grades: tuple[GradeBand, ...]
    normalise: bool
    name_en: str | None
    source: str | None
    location: Location | None
    value_decimals: int | None
    over_achievement: OverAchievement
    missing_facts: str
    vetoes: tuple[Veto, ...]
    total_cap: TotalCap | None
    locations: Mapping[str, Location]
    assumed_points: Mapping[str, str]
    __slots__ = (
        "assumed_points",
        "categories",
        "decimals",
        "full_score",
        "grades",
        "id",
        "location",
        "locations",
        "missing_facts",
        "name",
        "name_en",
        "normalise",
        "over_achievement",
        "points",
        "source",
        "total_cap",
        "value_decimals",
        "vetoes",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        id: str,
        name: str,
        categories: tuple[Category, ...],
        points: Mapping[str, Decimal],
        full_score: Decimal = Decimal(100),
        decimals: int = 2,
        grades: tuple[GradeBand, ...] | None = None,
        normalise: bool = False,
        name_en: str | None = None,
        source: str | None = None,
        location: Location | None = None,
        value_decimals: int | None = None,
        over_achievement: OverAchievement = _NO_OVER_ACHIEVEMENT,
        missing_facts: str = "error",
        vetoes: tuple[Veto, ...] = (),
        total_cap: TotalCap | None = None,
        locations: Mapping[str, Location] = EMPTY,
        assumed_points: Mapping[str, str] = EMPTY,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "categories", categories)
        set_field(self, "points", _frozen_map(points))
        set_field(self, "full_score", full_score)
        set_field(self, "decimals", decimals)
        set_field(self, "grades", _default_grades(self) if grades is None else grades)
        set_field(self, "normalise", normalise)
        set_field(self, "name_en", name_en)
        set_field(self, "source", source)
        set_field(self, "location", location)
        set_field(self, "value_decimals", value_decimals)
        set_field(self, "over_achievement", over_achievement)
        set_field(self, "missing_facts", missing_facts)
        set_field(self, "vetoes", vetoes)
        set_field(self, "total_cap", total_cap)
        set_field(self, "locations", _frozen_map(locations))
        set_field(self, "assumed_points", _frozen_map(assumed_points))

    def assumed_behind(self, ind: Indicator) -> tuple[AssumedPoints, ...]:
        """The assumed points ``ind``'s row rests on: its own, its group's, its category's."""
        found = []
        reason = self.assumed_points.get(ind.id)
        if reason is not None:
            found.append(AssumedPoints("indicator", ind.name, ind.name_en, reason))
        for cat in self.categories:
            if cat.name != ind.level1:
                continue
            for group in cat.groups:
                if group.name == ind.level2 and group.assumed is not None:
                    found.append(AssumedPoints("group", group.name, group.name_en, group.assumed))
            if cat.assumed is not None:
                found.append(AssumedPoints("category", cat.name, cat.name_en, cat.assumed))
        return tuple(found)

    @property
    def marks_assumed(self) -> bool:
        """Whether the profile marks any points assumed (the common case is not)."""
        return bool(self.assumed_points) or any(
            c.assumed is not None or any(g.assumed is not None for g in c.groups)
            for c in self.categories
        )

    def grade_for(self, total: Decimal) -> GradeBand:
        """The highest band whose minimum ``total`` reaches (the lowest band otherwise)."""
        for band in sorted(self.grades, key=lambda b: b.min, reverse=True):
            if total >= band.min:
                return band
        return min(self.grades, key=lambda b: b.min)


class ProvenanceKind(enum.Enum):
    """Where a number comes from."""

    QUOTE = "quote"  # a sentence of the unit's own report
    SOURCE = "source"  # a public document
    ASSUMED = "assumed"  # an assumption, with its reason
    SHEET = "sheet"  # a cell of the clerk's self-evaluation sheet (自评表!F12)


class Provenance(Record):
    kind: ProvenanceKind
    text: str
    __slots__ = ("kind", "text")

    def __init__(
        self,
        kind: ProvenanceKind,
        text: str,
    ) -> None:
        set_field(self, "kind", kind)
        set_field(self, "text", text)


class _Sourced:
    """A value that may carry a provenance, which may say it is an assumption."""

    __slots__ = ()
    provenance: Provenance | None

    @property
    def assumed(self) -> bool:
        return self.provenance is not None and self.provenance.kind is ProvenanceKind.ASSUMED


class Fact(_Sourced, Record, not_compared=("location",), not_shown=("location",)):
    """A raw fact of the year, such as ``staff_in_post = 81``."""

    name: str
    value: FactValue
    provenance: Provenance | None
    location: Location | None
    combination: Combination | None
    """Each unit's figure when several units carry out the project, and how they make
    ``value`` (summed, or weighted by another fact); None for a fact given whole."""
    __slots__ = ("combination", "location", "name", "provenance", "value")

    def __init__(
        self,
        name: str,
        value: FactValue,
        provenance: Provenance | None = None,
        location: Location | None = None,
        combination: Combination | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "value", value)
        set_field(self, "provenance", provenance)
        set_field(self, "location", location)
        set_field(self, "combination", combination)


class TargetSetting(_Sourced, Record, not_compared=("location",), not_shown=("location",)):
    """A target set for one year, overriding the indicator's default."""

    indicator_id: str
    target: Target
    provenance: Provenance | None
    location: Location | None
    __slots__ = ("indicator_id", "location", "provenance", "target")

    def __init__(
        self,
        indicator_id: str,
        target: Target,
        provenance: Provenance | None = None,
        location: Location | None = None,
    ) -> None:
        set_field(self, "indicator_id", indicator_id)
        set_field(self, "target", target)
        set_field(self, "provenance", provenance)
        set_field(self, "location", location)


class NotApplicable(Record, not_compared=("location",), not_shown=("location",)):
    """A row marked not applicable (不适用) for this unit's year, and why."""

    indicator_id: str
    reason: str
    location: Location | None
    __slots__ = ("indicator_id", "location", "reason")

    def __init__(
        self,
        indicator_id: str,
        reason: str,
        location: Location | None = None,
    ) -> None:
        set_field(self, "indicator_id", indicator_id)
        set_field(self, "reason", reason)
        set_field(self, "location", location)


class ManualDeduction(Record, not_compared=("location",), not_shown=("location",)):
    """Points a reviewer takes off a row, with the stated reason (the row stops at 0)."""

    indicator_id: str
    points: Decimal
    reason: str
    location: Location | None
    __slots__ = ("indicator_id", "location", "points", "reason")

    def __init__(
        self,
        indicator_id: str,
        points: Decimal,
        reason: str,
        location: Location | None = None,
    ) -> None:
        set_field(self, "indicator_id", indicator_id)
        set_field(self, "points", points)
        set_field(self, "reason", reason)
        set_field(self, "location", location)


class MonitorNote(Record, not_compared=("location",), not_shown=("location",)):
    """Why a monitored row is off track (偏差原因) and what will be done (纠偏措施)."""

    reason: str | None
    measure: str | None
    location: Location | None
    __slots__ = ("location", "measure", "reason")

    def __init__(
        self,
        reason: str | None = None,
        measure: str | None = None,
        location: Location | None = None,
    ) -> None:
        set_field(self, "reason", reason)
        set_field(self, "measure", measure)
        set_field(self, "location", location)


def _plain(name: str, value: FactValue | int | list[str]) -> FactValue:
    """A value given from Python as the model holds it; text is read as a facts file reads it."""
    if isinstance(value, bool | Decimal | Judgement | tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, int):
        return Decimal(value)
    try:
        return parse_number(value)
    except NumberError as exc:
        if not exc.number_like:
            return value  # a level's name
        raise InputError(
            msg("fact {name!r}: {problem}", name=name, problem=exc.said), hint=exc.said_hint
        ) from None


class Facts(
    Record,
    not_compared=(
        "location",
        "facts_location",
        "reason_locations",
        "self_score_locations",
        "as_of_location",
    ),
    not_shown=(
        "location",
        "facts_location",
        "reason_locations",
        "self_score_locations",
        "as_of_location",
    ),
):
    """What one unit achieved in one year, and the targets set for that year."""

    unit: str
    year: int
    facts: Mapping[str, Fact]
    targets: Mapping[str, TargetSetting]
    unit_en: str | None
    location: Location | None
    # Where the facts are written (the ``facts:`` key of a facts file): a missing
    # fact is reported here, where it would go.
    facts_location: Location | None
    not_applicable: Mapping[str, NotApplicable]
    deductions: Mapping[str, ManualDeduction]
    # 偏差原因分析及改进措施: indicator id -> why the target was missed or beaten.
    reasons: Mapping[str, str]
    # Where each reason's indicator id is written, so that a misspelt one is found.
    reason_locations: Mapping[str, Location]
    # The points the clerk wrote in the sheet's 得分 column, by indicator id (自评得分).
    self_scores: Mapping[str, Decimal]
    # Where each self-score stands in a facts file, so that an audit finding names its line.
    self_score_locations: Mapping[str, Location]
    # The clerk's own 总分 (the sheet's 总分 row's 得分, or ``self_total:``), shown beside the
    # total when it differs, never scored.
    self_total: Decimal | None
    # What the sheet says that is not scored: 其中 sub-rows, rows without points, funds lines.
    information: tuple[str, ...]
    # The 自评表's header block (项目名称, 主管部门, 实施单位, funds) and sign-off line.
    sheet: SheetInfo | None
    # Mid-year monitoring: the month the facts are as of (截至 N 月底), and the
    # 偏差原因 / 纠偏措施 of rows off track, by row id ('spending' or an indicator id).
    as_of: int | None
    monitor_notes: Mapping[str, MonitorNote]
    # Where ``as_of:`` is written, so that a --month that overrides it is said there.
    as_of_location: Location | None
    __slots__ = (
        "as_of",
        "as_of_location",
        "deductions",
        "facts",
        "facts_location",
        "information",
        "location",
        "monitor_notes",
        "not_applicable",
        "reason_locations",
        "reasons",
        "self_score_locations",
        "self_scores",
        "self_total",
        "sheet",
        "targets",
        "unit",
        "unit_en",
        "year",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        unit: str,
        year: int,
        facts: Mapping[str, Fact],
        targets: Mapping[str, TargetSetting] = EMPTY,
        unit_en: str | None = None,
        location: Location | None = None,
        facts_location: Location | None = None,
        not_applicable: Mapping[str, NotApplicable] = EMPTY,
        deductions: Mapping[str, ManualDeduction] = EMPTY,
        reasons: Mapping[str, str] = EMPTY,
        reason_locations: Mapping[str, Location] = EMPTY,
        self_scores: Mapping[str, Decimal] = EMPTY,
        self_score_locations: Mapping[str, Location] = EMPTY,
        information: tuple[str, ...] = (),
        sheet: SheetInfo | None = None,
        as_of: int | None = None,
        monitor_notes: Mapping[str, MonitorNote] = EMPTY,
        as_of_location: Location | None = None,
        self_total: Decimal | None = None,
    ) -> None:
        set_field(self, "unit", unit)
        set_field(self, "year", year)
        set_field(self, "facts", _frozen_map(facts))
        set_field(self, "targets", _frozen_map(targets))
        set_field(self, "unit_en", unit_en)
        set_field(self, "location", location)
        set_field(self, "facts_location", facts_location)
        set_field(self, "not_applicable", _frozen_map(not_applicable))
        set_field(self, "deductions", _frozen_map(deductions))
        set_field(self, "reasons", _frozen_map(reasons))
        set_field(self, "reason_locations", _frozen_map(reason_locations))
        set_field(self, "self_scores", _frozen_map(self_scores))
        set_field(self, "self_score_locations", _frozen_map(self_score_locations))
        set_field(self, "information", information)
        set_field(self, "sheet", sheet)
        set_field(self, "as_of", as_of)
        set_field(self, "monitor_notes", _frozen_map(monitor_notes))
        set_field(self, "as_of_location", as_of_location)
        set_field(self, "self_total", self_total)

    @classmethod
    def from_values(
        cls,
        unit: str,
        year: int,
        values: Mapping[str, FactValue | int | list[str]],
    ) -> Facts:
        """Facts from plain values, for use from Python (numbers may be int or text)."""
        facts = {k: Fact(k, _plain(k, v)) for k, v in values.items()}
        return cls(unit=unit, year=year, facts=facts)

    def with_values(self, values: Mapping[str, FactValue]) -> Facts:
        """A copy with some facts replaced or added (for what-if questions)."""
        new = dict(self.facts)
        for name, value in values.items():
            old = new.get(name)
            new[name] = Fact(name, value, None, old.location if old else None)
        return evolve(self, facts=new)


__all__ = [
    "ASSUMED_MARK",
    "DEFAULT_GRADES",
    "MISSING_POLICIES",
    "Category",
    "Fact",
    "FactInfo",
    "FactValue",
    "Facts",
    "GradeBand",
    "Group",
    "Indicator",
    "Judgement",
    "ManualDeduction",
    "MonitorNote",
    "NotApplicable",
    "Op",
    "OverAchievement",
    "Provenance",
    "ProvenanceKind",
    "ReasonThresholds",
    "Target",
    "TargetSetting",
    "Text",
    "Veto",
    "WeightsProfile",
    "default_grades",
    "fact_infos",
    "show_quantity",
    "show_value",
]


def fact_infos(indicators: Iterable[Indicator]) -> dict[str, FactInfo]:
    """Every fact the indicators read, in the order first read, with what it is."""
    found: dict[str, FactInfo] = {}
    for ind in indicators:
        for fact in ind.reads:
            if fact not in found or found[fact].name == fact:
                found[fact] = ind.fact_info(fact)
    return found
