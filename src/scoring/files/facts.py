"""Reading facts files: what a unit achieved in a year, each number with where it comes from.

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from scoring.core.combine import UnitFigure, combination
from scoring.core.errors import (
    InputWarning,
    ListOf,
    Location,
    raise_if_any,
)
from scoring.core.messages import Message, msg
from scoring.core.model import (
    Fact,
    Facts,
    FactValue,
    Judgement,
    ManualDeduction,
    MonitorNote,
    NotApplicable,
    Provenance,
    TargetSetting,
)
from scoring.core.record import Record, evolve, set_field
from scoring.files import located_yaml as _yaml
from scoring.files.documents import (
    COMBINE,
    DEDUCTION_KEYS,
    FACT_KEYS,
    FACT_NAME,
    FACTS_FILE_KEYS,
    JUDGEMENT_KEYS,
    MONITOR_NOTE_KEYS,
    TARGET_SETTING_KEYS,
    Doc,
    Fields,
    encoding_warning,
    key_suggestion,
    kind_hint,
    numberish,
    read_number,
    read_provenance,
    read_reason,
    read_yaml,
)
from scoring.files.reading import path_text
from scoring.files.sheetinfo import read_sheet_info
from scoring.files.targets import MONTH, month_number, numeric_target_en, read_target

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


class FactsFile(Record):
    """A facts file and the rule files it names."""

    facts: Facts
    indicator_refs: tuple[str, ...]
    weights_ref: str | None
    path: str
    ref_at: Mapping[str, Location]
    """Where each file reference stands, and the keys ``indicators:`` and ``weights:``."""
    warnings: tuple[InputWarning, ...]
    """What reading found allowed but worth a look (a file saved as GB18030)."""
    __slots__ = ("facts", "indicator_refs", "path", "ref_at", "warnings", "weights_ref")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        facts: Facts,
        indicator_refs: tuple[str, ...],
        weights_ref: str | None,
        path: str,
        ref_at: Mapping[str, Location] | None = None,
        warnings: tuple[InputWarning, ...] = (),
    ) -> None:
        set_field(self, "facts", facts)
        set_field(self, "indicator_refs", indicator_refs)
        set_field(self, "weights_ref", weights_ref)
        set_field(self, "path", path)
        set_field(self, "ref_at", {} if ref_at is None else ref_at)
        set_field(self, "warnings", warnings)


def load_facts(path: str | Path) -> FactsFile:
    """Read a facts file.

    Raises:
        ScoringError: listing every problem in the file.
    """
    path = path_text(path)
    root, data = read_yaml(path)
    doc = Doc(path)
    top = doc.top(root, msg("a facts file"), *FACTS_FILE_KEYS)
    facts, targets = read_facts_and_targets(doc, top)
    not_applicable = {}
    for ind_id, node in top.mapping("not_applicable").items():
        reason = read_reason(doc, node, msg("not applicable {ind_id!r}", ind_id=ind_id))
        if reason is not None:
            not_applicable[ind_id] = NotApplicable(ind_id, reason, node.location)
    deductions = {}
    for ind_id, node in top.mapping("deductions").items():
        deduction = _deduction(doc, ind_id, node)
        if deduction is not None:
            deductions[ind_id] = deduction
    reasons = _reasons(doc, top)
    self_scores = _self_scores(doc, top)
    total_node = top.get("self_total")
    self_total = (
        read_number(doc, total_node, msg("'self_total' (the sheet's own 总分)"), True, False)
        if total_node is not None
        else None
    )
    information = _information(doc, top)
    sheet = read_sheet_info(doc, top)
    year = top.year()
    as_of = _as_of(doc, top, year)
    notes = _monitor_notes(doc, top)
    refs = read_refs(doc, top)
    unit = top.text("unit")
    unit_en = top.english("unit_en", "unit")
    weights_ref = top.text("weights")
    raise_if_any(doc.problems)
    assert unit
    assert year is not None
    return FactsFile(
        facts=Facts(
            unit=unit,
            unit_en=unit_en,
            year=year,
            facts=facts,
            targets=targets,
            location=Location(str(path), 1, 1),
            facts_location=top.node.key_locations.get("facts"),
            not_applicable=not_applicable,
            deductions=deductions,
            reasons=reasons,
            reason_locations=_key_locations(top, "reasons"),
            self_scores=self_scores,
            self_score_locations=_key_locations(top, "self_scores"),
            self_total=self_total,
            information=information,
            sheet=sheet,
            as_of=as_of,
            monitor_notes=notes,
            as_of_location=top.node.key_locations.get("as_of"),
        ),
        indicator_refs=tuple(refs),
        weights_ref=weights_ref,
        path=path,
        ref_at=ref_locations(top),
        warnings=tuple(w for w in [encoding_warning(path, data)] if w is not None),
    )


def _key_locations(top: Fields, key: str) -> dict[str, Location]:
    """Where each key of the mapping under ``key`` stands."""
    node = top.get(key)
    return dict(node.key_locations) if node is not None else {}


def _reasons(doc: Doc, top: Fields) -> dict[str, str]:
    """The optional ``reasons:`` mapping: indicator id -> 偏差原因分析及改进措施."""
    reasons = {}
    for ind_id, node in top.mapping("reasons").items():
        if isinstance(node.value, str) and node.value.strip():
            reasons[ind_id] = node.value.strip()
        else:
            doc.add(
                node.location,
                msg("the reason for {ind_id!r} must be non-empty text", ind_id=ind_id),
                msg("write why the target was missed or beaten, and what will change"),
            )
    return reasons


def _self_scores(doc: Doc, top: Fields) -> dict[str, Decimal]:
    """The optional ``self_scores:`` mapping: indicator id -> the clerk's own 得分 (not scored)."""
    scores = {}
    for ind_id, node in top.mapping("self_scores").items():
        value = read_number(
            doc, node, msg("the self-score of {ind_id!r}", ind_id=ind_id), True, False
        )
        if value is not None:
            scores[ind_id] = value
    return scores


def _information(doc: Doc, top: Fields) -> tuple[str, ...]:
    """The optional ``information:`` list: lines of the sheet that are not scored."""
    lines = []
    for node in top.items("information"):
        if isinstance(node.value, str) and node.value.strip():
            lines.append(node.value.strip())
        else:
            doc.add(node.location, msg("each line of 'information' must be text"), kind_hint(node))
    return tuple(lines)


def _monitor_notes(doc: Doc, top: Fields) -> dict[str, MonitorNote]:
    """The optional ``deviations:`` mapping: row id -> {reason: 偏差原因, measure: 纠偏措施}."""
    notes = {}
    for row_id, node in top.mapping("deviations").items():
        fields = doc.fields(
            node, msg("the deviation note of {row_id!r}", row_id=row_id), *MONITOR_NOTE_KEYS
        )
        if fields is None:
            continue
        if not node.value:
            doc.add(
                node.location,
                msg("the deviation note of {id!r} gives neither 'reason' nor 'measure'", id=row_id),
                msg("write 'reason:' (偏差原因) and 'measure:' (纠偏措施)"),
            )
            continue
        reason, measure = fields.text("reason"), fields.text("measure")
        if reason is None and measure is None:
            continue
        notes[row_id] = MonitorNote(
            reason.strip() if reason else None,
            measure.strip() if measure else None,
            node.location,
        )
    return notes


def read_refs(doc: Doc, top: Fields) -> list[str]:
    """The ``indicators:`` of a facts file or table: one name, or a list of them."""
    node = top.get("indicators")
    if node is None:
        return []
    if isinstance(node.value, str):
        return [node.value]
    return [t for t in (_ref(doc, n) for n in top.items("indicators")) if t]


def ref_locations(top: Fields) -> dict[str, Location]:
    """Where each file a facts file or table names stands, and its keys (``indicators:``)."""
    found: dict[str, Location] = {}
    for key in ("indicators", "weights"):
        node = top.get(key)
        if node is None:
            continue
        found[f"{key}:"] = node.location
        items = node.value if isinstance(node.value, list) else [node]
        for item in items:
            if isinstance(item.value, str):
                found.setdefault(item.value, item.location)
    return found


def _ref(doc: Doc, node: _yaml.Node) -> str | None:
    if isinstance(node.value, str):
        return node.value
    doc.add(node.location, msg("an indicator file reference must be text"), kind_hint(node))
    return None


def _deduction(doc: Doc, ind_id: str, node: _yaml.Node) -> ManualDeduction | None:
    fields = doc.fields(node, msg("the deduction of {ind_id!r}", ind_id=ind_id), *DEDUCTION_KEYS)
    if fields is None:
        return None
    points = fields.number("points", positive=True)
    reason = fields.text("reason")
    if points is None or reason is None:
        return None
    return ManualDeduction(ind_id, points, reason.strip(), node.location)


def read_facts_and_targets(
    doc: Doc, fields: Fields
) -> tuple[dict[str, Fact], dict[str, TargetSetting]]:
    """The ``facts:`` and ``targets:`` of a facts file, or of a batch table's row."""
    facts = {}
    pending: dict[str, _ByUnit] = {}
    for name, node in fields.mapping("facts").items():
        fact = _fact(doc, name, node, pending)
        if fact is not None:
            facts[name] = fact
    facts.update(_combined(doc, pending))
    targets = {}
    for ind_id, node in fields.mapping("targets").items():
        setting = _target_setting(doc, ind_id, node)
        if setting is not None:
            targets[ind_id] = setting
    return facts, targets


class _ByUnit(Record):
    """A fact given unit by unit, read but not yet combined (a weight may come later)."""

    name: str
    parts: tuple[UnitFigure, ...]
    weighted_by: str | None
    provenance: Provenance | None
    location: Location
    weighted_by_at: Location
    __slots__ = ("location", "name", "parts", "provenance", "weighted_by", "weighted_by_at")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        name: str,
        parts: tuple[UnitFigure, ...],
        weighted_by: str | None,
        provenance: Provenance | None,
        location: Location,
        weighted_by_at: Location,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "parts", parts)
        set_field(self, "weighted_by", weighted_by)
        set_field(self, "provenance", provenance)
        set_field(self, "location", location)
        set_field(self, "weighted_by_at", weighted_by_at)


def _by_unit(doc: Doc, name: str, fields: Fields) -> _ByUnit | None:
    """``units: {县教育局: 98, 县体育局: 95}`` with ``combine: sum`` or ``combine: weighted``
    and ``weighted_by: funds``; None (problems recorded) when malformed."""
    before = len(doc.problems)
    if fields.has("value"):
        doc.add(
            fields.where("value"),
            msg("fact {name!r} gives both 'value' and 'units'", name=name),
            msg("give the project's figure as 'value', or each unit's under 'units', not both"),
        )
    parts = []
    for unit, node in fields.mapping("units").items():
        figure = read_number(
            doc,
            node,
            msg("the figure of {unit!r} in fact {name!r}", unit=unit, name=name),
            False,
            False,
        )
        if figure is not None:
            parts.append(UnitFigure(unit, figure))
    if fields.has("units") and not fields.mapping("units") and len(doc.problems) == before:
        doc.add(fields.where("units"), msg("'units' of fact {name!r} names no unit", name=name))
    how = fields.text("combine")
    if how is None:
        doc.add(
            fields.where("units"),
            msg(
                "fact {name!r} is given unit by unit but does not say how the figures combine",
                name=name,
            ),
            msg(
                "add 'combine: sum' for an amount, or 'combine: weighted' with 'weighted_by: "
                "<fact>' for a rate (weighted by each unit's funds, say)"
            ),
        )
    elif how not in COMBINE:
        doc.add(
            fields.where("combine"),
            msg(
                "'combine' of fact {name!r} must be sum or weighted, not {how!r}",
                name=name,
                how=how,
            ),
            key_suggestion(how, COMBINE),
        )
    weighted_by = fields.text("weighted_by")
    if how == "weighted" and weighted_by is None:
        doc.add(
            fields.where("combine"),
            msg("fact {name!r} is weighted but names no 'weighted_by' fact", name=name),
            msg("add 'weighted_by: funds', a fact given for the same units"),
        )
    if how == "sum" and weighted_by is not None:
        doc.add(
            fields.where("weighted_by"),
            msg("fact {name!r} is summed: 'weighted_by' has no use", name=name),
            msg("remove 'weighted_by', or write 'combine: weighted'"),
        )
    if len(doc.problems) > before:
        return None
    return _ByUnit(
        name,
        tuple(parts),
        weighted_by if how == "weighted" else None,
        read_provenance(fields),
        fields.where("units"),
        fields.where("weighted_by"),
    )


def _combined(doc: Doc, pending: dict[str, _ByUnit]) -> dict[str, Fact]:
    """Every fact given unit by unit, combined: summed, or weighted by another such fact."""
    found = {}
    for entry in pending.values():
        weights = None
        if entry.weighted_by is not None:
            by = pending.get(entry.weighted_by)
            if by is None:
                doc.add(
                    entry.weighted_by_at,
                    msg(
                        "fact {name!r} is weighted by {weighted_by!r}, which is not a fact given "
                        "unit by unit here",
                        name=entry.name,
                        weighted_by=entry.weighted_by,
                    ),
                    msg(
                        "give the weighting fact under 'units:' for the same units, written by the "
                        "same name"
                    ),
                )
                continue
            weights = by.parts
        try:
            made = combination(entry.parts, entry.weighted_by, weights)
        except ValueError as exc:
            doc.add(entry.location, msg("fact {name!r}: {exc}", name=entry.name, exc=exc))
            continue
        found[entry.name] = Fact(
            entry.name, made.value, entry.provenance, entry.location, combination=made
        )
    return found


def _fact(
    doc: Doc, name: str, node: _yaml.Node, pending: dict[str, _ByUnit] | None = None
) -> Fact | None:
    if name.isascii() and not FACT_NAME.match(name):
        doc.add(
            node.location,
            msg(
                "fact name {name!r} must be ASCII letters, digits and _, or the fact's "
                "Chinese name",
                name=name,
            ),
            msg("formulas refer to facts by these names"),
        )
        return None
    empty = node.value is None or (
        isinstance(node.value, dict) and "value" in node.value and node.value["value"].value is None
    )
    if empty:
        where = node.value["value"].location if isinstance(node.value, dict) else node.location
        doc.add(
            where,
            msg("fact {name!r} is still empty", name=name),
            msg("fill in its value after 'value:'"),
        )
        return None
    if not isinstance(node.value, dict):
        value = read_fact_value(doc, node, msg("fact {name!r}", name=name))
        return Fact(name, value, None, node.location) if value is not None else None
    fields = doc.fields(node, msg("fact {name!r}", name=name), *FACT_KEYS)
    if fields is None:
        return None
    if fields.has("units") and pending is not None:
        by_unit = _by_unit(doc, name, fields)
        if by_unit is not None:
            pending[name] = by_unit
        return None
    for key in ("units", "combine", "weighted_by"):
        if fields.has(key) and not fields.has("units"):
            doc.add(
                fields.where(key),
                msg(
                    "{key!r} in fact {name!r} needs the figures of each unit under 'units:'",
                    key=key,
                    name=name,
                ),
                msg("give each unit's figure under 'units:', or remove it"),
            )
    if not fields.has("value"):
        doc.add(
            node.location,
            msg("fact {name!r} is missing the required key 'value'", name=name),
            msg("add 'value:' with its value (or 'units:' with each unit's figure)"),
        )
        return None
    value_node = fields.get("value")
    what = msg("'value' in fact {name!r}", name=name)
    value = None if value_node is None else read_fact_value(doc, value_node, what)
    provenance = read_provenance(fields)
    if value is None:
        return None
    return Fact(name, value, provenance, fields.where("value"))


def read_fact_value(doc: Doc, node: _yaml.Node, what: str | Message) -> FactValue | None:
    """A number; true/false; a month (7月); a level's name; a list of items; a verdict."""
    value = node.value
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return read_number(doc, node, what, False, False)
    if isinstance(value, str):
        text = value.strip()
        month = MONTH.match(text)
        if month is not None:
            try:
                return month_number(month.group(1), text)
            except ValueError as exc:
                doc.add(node.location, msg("{what}: {exc}", what=what, exc=exc))
                return None
        if numberish(text):
            # "37.24万元" is a number written with its unit, not a level's name.
            return read_number(doc, node, what, False, False)
        if not text:
            doc.add(node.location, msg("{what} is empty", what=what))
            return None
        return text
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item.value, str) and item.value.strip():
                items.append(item.value.strip())
            else:
                doc.add(
                    item.location,
                    msg("{what}: each item met is a name", what=what),
                    kind_hint(item),
                )
        return tuple(items) if len(items) == len(value) else None
    if isinstance(value, dict):
        fields = doc.fields(node, msg("the verdict of {what}", what=what), *JUDGEMENT_KEYS)
        if fields is None:
            return None
        band, points = fields.text("band"), fields.number("points", nonnegative=True)
        if band is None or points is None:
            return None
        return Judgement(band.strip(), points)
    doc.add(
        node.location,
        msg("{what} has no value", what=what),
        msg("give a number, true/false, a name or a list"),
    )
    return None


def _target_setting(doc: Doc, ind_id: str, node: _yaml.Node) -> TargetSetting | None:
    fields = doc.fields(node, msg("the target of {ind_id!r}", ind_id=ind_id), *TARGET_SETTING_KEYS)
    if fields is None:
        return None
    target_node = fields.get("target")
    provenance = read_provenance(fields)
    if target_node is None:
        return None
    if not isinstance(target_node.value, str):
        target = read_target(doc, target_node, "")
        return None if target is None else TargetSetting(ind_id, target, provenance)
    # The unit, and whether the rule takes a target in words, are checked
    # against the indicator when the case is assembled.
    percent = target_node.value.strip().endswith(("%", "％"))
    target = read_target(doc, target_node, "%" if percent else "", words=True)
    target_en = fields.english("target_en", "target")
    if target is None:
        return None
    if target_en is not None and numeric_target_en(doc, fields, target, fields.what):
        target = evolve(target, text_en=target_en)
    return TargetSetting(ind_id, target, provenance, target_node.location)


# as_of written as a date (2023-06-30, 2023年6月) or as a month in words (6月底,
# 六月): the month is plain to see, but not written as one; refused with it.
# Patterns compiled (and cached by re) when an as_of is written as text: start-up time.
_AS_OF_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?"
_AS_OF_WORDS = r"(?:截至|截止)?\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:底|末|份)?"
_CHINESE_MONTHS = {w: n for n, w in enumerate("一二三四五六七八九十", start=1)} | {
    "十一": 11,
    "十二": 12,
}


_AS_OF_HINT = msg("write the month whose end the figures are as of: as_of: 6 for the end of June")


def _as_of(doc: Doc, top: Fields, year: int | None) -> int | None:
    """``as_of``, the month the figures are as of; a date or a month in words is refused
    with the number to write (and, for a date of another year, that it is)."""
    node = top.get("as_of")
    text = node.value.strip() if node is not None and isinstance(node.value, str) else ""
    date = re.fullmatch(_AS_OF_DATE, text) if text else None
    words = re.fullmatch(_AS_OF_WORDS, text) if text else None
    if node is None or (date is None and words is None):
        return top.integer("as_of", 1, 12, _AS_OF_HINT)
    if date is not None:
        date_year, month = int(date.group(1)), int(date.group(2))
        day = int(date.group(3)) if date.group(3) else None
        if not 1 <= month <= 12:
            return top.integer("as_of", 1, 12, _AS_OF_HINT)
        hints = []
        import calendar  # noqa: PLC0415 (1.7 ms of start-up, for a misread as_of only)

        if day is None or day == calendar.monthrange(date_year, month)[1]:
            hints.append(msg("write as_of: {month}", month=month))
        else:
            hints.append(msg("write the month whose end the figures are as of, 1 to 12"))
        if year is not None and date_year != year:
            hints.append(
                msg(
                    "the date is in {date_year}, but the facts file's year is {year}:"
                    " check which year the figures are for",
                    date_year=date_year,
                    year=year,
                )
            )
        doc.add(
            node.location,
            msg(
                "'as_of' is the month the figures are as of (1 to 12), not the date {text!r}",
                text=text,
            ),
            hints[0] if len(hints) == 1 else ListOf(hints, en="; ", zh="；"),
        )
        return None
    assert words is not None
    digits = words.group(1)
    month = int(digits) if digits.isdigit() else _CHINESE_MONTHS[digits]
    doc.add(
        node.location,
        msg("'as_of' is a whole number from 1 to 12, not {text!r}", text=text),
        msg("write as_of: {month}", month=month) if 1 <= month <= 12 else None,
    )
    return None
