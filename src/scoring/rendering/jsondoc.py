"""The scorecard as a JSON document with documented, stable keys.

``schema_version`` changes only when a key is removed or changes meaning;
keys may be added. Numbers are JSON numbers; points are exact at the sheet's
decimals. See docs/output.md for every key.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from scoring._version import __version__
from scoring.core.model import Fact, FactValue, Judgement, Text
from scoring.core.scorecard import DroppedRow, Row, Scorecard
from scoring.rendering._common import Meta

SCHEMA_VERSION = 1


def number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when whole, else the nearest float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def fact_value(value: FactValue | None) -> Any:
    """A fact value as JSON: a number, true/false, a name, a list of names, or a verdict."""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Judgement):
        return {"band": value.band, "points": number(value.points)}
    return value


def _optional(value: Decimal | None) -> int | float | None:
    return None if value is None else number(value)


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"zh": text.zh, "en": text.en}


def _combined(fact: Fact) -> dict[str, Any]:
    """A fact several units gave: each unit's figure (and weight), how, and the result."""
    made = fact.combination
    assert made is not None
    weights = made.weights or (None,) * len(made.parts)
    return {
        "fact": fact.name,
        "combine": "sum" if made.weighted_by is None else "weighted",
        "weighted_by": made.weighted_by,
        "units": [
            {"unit": p.unit, "value": number(p.value), "weight": _optional(w)}
            for p, w in zip(made.parts, weights, strict=True)
        ],
        "value": number(made.value),
    }


def _assumed(entry: dict[str, Any], reason: str | None) -> dict[str, Any]:
    """``entry`` with ``assumed`` (the reason) when its points are assumed: the key is added
    only then, so that the document of a profile without such marks stays as it was."""
    if reason is not None:
        entry["assumed"] = reason
    return entry


def _english(row: Row) -> dict[str, Any]:
    """``value`` and ``target``, each followed by its English twin where the files give one
    (``unit_en`` after ``unit`` first): the keys are added only then, as :func:`_assumed`."""
    found: dict[str, Any] = {}
    if row.indicator.unit_en is not None:
        found["unit_en"] = row.indicator.unit_en
    found["value"] = fact_value(row.value)
    name_en = row.indicator.rule.name_en
    if isinstance(row.value, str) and name_en(row.value) not in (None, row.value):
        found["value_en"] = name_en(row.value)
    elif isinstance(row.value, Judgement) and name_en(row.value.band) not in (None, row.value.band):
        found["value_en"] = {"band": name_en(row.value.band), "points": number(row.value.points)}
    found["target"] = str(row.target)
    label = row.target.label
    if label.en != label.zh:
        found["target_en"] = label.en
    return found


def _row(row: Row, meta: Meta, decimals: int) -> dict[str, Any]:
    ind = row.indicator
    given = meta.self_scores.get(row.id)
    found = {
        "id": ind.id,
        "name": ind.name,
        "name_en": ind.name_en,
        "category": ind.level1,
        "group": ind.level2,
        "unit": ind.unit,
        **_english(row),
        "target_op": row.target.op.ascii,
        "target_value": number(row.target.value) if row.target.numeric else None,
        "met": None if row.informational else row.met,
        "informational": row.informational,
        "rule": ind.rule.kind,
        "max_points": number(row.max_points),
        "points": number(row.points),
        "lost": number(row.lost),
        "assumed": row.assumed,
        "assumed_facts": list(row.assumed_facts),
        "target_assumed": row.target_assumed,
        "calculation": _text(row.calculation),
        "criterion": _text(row.criterion),
        "explanation": _text(row.explanation),
        "raw_value": fact_value(row.raw_value),
        "value_decimals": row.value_decimals,
        "over_achievement": _optional(row.over_achievement),
        "over_achievement_reduced_by": _optional(row.reduced_by),
        "over_achievement_deducted": _optional(row.over_deducted),
        "combined_facts": [_combined(f) for f in row.combined_facts],
        "budgets": None
        if row.budgets is None
        else {
            "basis": row.budgets.basis,
            "adjusted": _optional(row.budgets.adjusted),
            "initial": _optional(row.budgets.initial),
            "rate_on_other": _optional(row.budgets.other_rate),
        },
        "reason_threshold": None
        if row.reason_threshold is None
        else {"side": row.reason_threshold[0], "at": number(row.reason_threshold[1])},
        "rule_points": _optional(row.rule_points),
        "manual_deduction": None
        if row.deduction is None
        else {"points": number(row.deduction.points), "reason": row.deduction.reason},
        "base_max_points": _optional(row.base_max_points),
        "missing_facts": list(row.missing_facts),
        "sheet_cells": [{"what": c.what, "cell": c.cell} for c in meta.cells.get(row.id, ())],
        "self_score": None if given is None else number(given),
    }
    differs = meta.self_score_differs(row, decimals)
    if differs is not None:  # only then: a document without self-scores stays as it was
        found["self_score_difference"] = number(differs - row.points)
    if row.points_assumed:  # only then, as _assumed
        found["points_assumed"] = points_assumed(row)
    return found


def points_assumed(row: Row) -> list[dict[str, Any]]:
    """The marks of the points ``row`` rests on: the row's own, its group's, its category's."""
    return [
        {"scope": a.scope, "name": a.name, "name_en": a.name_en, "reason": a.reason}
        for a in row.points_assumed
    ]


def assumptions(row: Row) -> dict[str, Any]:
    """What ``row`` rests on that is assumed, under the keys a scored row has for it, for a
    report that names the row (explain, compare)."""
    return {
        "target_assumed": row.target_assumed,
        "assumed_facts": list(row.assumed_facts),
        "points_assumed": points_assumed(row),
    }


def _dropped(row: DroppedRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.indicator.name,
        "name_en": row.indicator.name_en,
        "max_points": number(row.max_points),
        "cause": row.cause,
        "reason": _text(row.reason),
        "missing_facts": list(row.missing_facts),
    }


def to_dict(scorecard: Scorecard, meta: Meta | None = None) -> dict[str, Any]:
    """The JSON document as Python data."""
    meta = meta or Meta()
    doc = {
        "schema_version": SCHEMA_VERSION,
        "scoring_version": __version__,
        "rules_sha256": meta.rules_sha256,
        "unit": scorecard.unit,
        "unit_en": scorecard.unit_en,
        "year": scorecard.year,
        "profile": {
            "id": scorecard.profile_id,
            "name": scorecard.profile_name,
            "name_en": scorecard.profile_name_en,
        },
        "total": number(scorecard.total),
        "full_score": number(scorecard.full_score),
        "decimals": scorecard.decimals,
        "grade": scorecard.grade.name,
        "grade_en": scorecard.grade.name_en,
        "categories": [
            _assumed(
                {
                    "name": cat.name,
                    "name_en": cat.name_en,
                    "max_points": number(cat.max_points),
                    "points": number(cat.points),
                    "groups": [
                        _assumed(
                            {
                                "name": g.name,
                                "name_en": g.name_en,
                                "max_points": number(g.max_points),
                                "points": number(g.points),
                                "indicators": list(g.indicator_ids),
                            },
                            g.assumed,
                        )
                        for g in cat.groups
                    ],
                },
                cat.assumed,
            )
            for cat in scorecard.categories
        ],
        "indicators": [_row(r, meta, scorecard.decimals) for r in scorecard.rows],
        "information": list(meta.information),
        "assumed_indicators": [r.id for r in scorecard.assumed_rows],
        "notes": [_text(n) for n in scorecard.notes],
        "not_applicable": [_dropped(d) for d in scorecard.not_applicable],
        "rescale": _optional(scorecard.rescale),
        "missing_policy": scorecard.missing_policy,
        "missing_rows": list(scorecard.missing_rows),
        "value_decimals": scorecard.value_decimals,
        "over_achievement": None
        if scorecard.over_achievement is None
        else {
            "flag_at": number(scorecard.over_achievement.flag_at),
            "reduce_by": _optional(scorecard.over_achievement.reduce_by),
            "deduct": _optional(scorecard.over_achievement.deduct),
        },
        "flagged_indicators": [r.id for r in scorecard.rows if r.flagged],
        "vetoed_by": list(scorecard.vetoed_by),
        "grade_before_veto": None
        if scorecard.grade_before_veto is None
        else scorecard.grade_before_veto.name,
        "total_cap": None
        if scorecard.capped is None
        else {
            "indicator": scorecard.capped.indicator_id,
            "rate": number(scorecard.capped.rate),
            "range": str(scorecard.capped.band.interval),
            "at_most": number(scorecard.capped.band.at_most),
            "uncapped_total": number(scorecard.capped.uncapped),
            "capped": scorecard.capped.binding,
        },
    }
    bands = grades_assumed(scorecard)
    if bands:  # only then, as _assumed
        doc["grades_assumed"] = bands
    if meta.self_total is not None:  # the sheet's own 总分: only where it gives one
        doc["self_total"] = number(meta.self_total)
        differs = meta.self_total_differs(scorecard)
        if differs is not None:
            doc["self_total_difference"] = number(differs - scorecard.total)
    return doc


def grades_assumed(scorecard: Scorecard) -> list[dict[str, Any]]:
    """The grade bands marked assumed, best first."""
    return [
        {"name": b.name, "name_en": b.name_en, "min": number(b.min), "reason": b.assumed}
        for b in sorted(scorecard.grades, key=lambda b: b.min, reverse=True)
        if b.assumed is not None
    ]


def render_json(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The JSON document as text (the same for every ``lang``: it holds both)."""
    return json.dumps(to_dict(scorecard, meta), ensure_ascii=False, indent=2) + "\n"
