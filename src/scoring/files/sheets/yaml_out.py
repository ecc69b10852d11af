"""What a sheet says, written as the indicator, weights and facts files a user could write.

``scoring import SHEET -o DIR`` writes these three files: commented, in the
layout the docs describe, so that the clerk can go on in YAML or in Excel.
Scoring ``DIR/facts.yaml`` gives what scoring the sheet gives. Rules taken
from an indicator file the user named, and settings taken from a weights
profile, are copied from those files as they were written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from scoring.core.model import (
    Fact,
    FactValue,
    Indicator,
    Judgement,
    Op,
    Target,
)
from scoring.core.numbers import plain
from scoring.core.rules import (
    BudgetExecution,
    Equal,
    Met,
    Proportional,
    Qualitative,
    Reverse,
    Rule,
)
from scoring.core.sheetinfo import FundsLine, SheetInfo
from scoring.files.documents import read_yaml
from scoring.files.sheets.convert import SheetCase

INDICATORS_FILE = "indicators.yaml"
WEIGHTS_FILE = "weights.yaml"
FACTS_FILE = "facts.yaml"
# Weights settings copied from a profile the user named, as written there.
_SETTINGS = ("normalise", "value_decimals", "over_achievement", "missing_facts", "veto")
# Text that YAML reads back as the same text when written without quotes.
_PLAIN = re.compile(r"^[\w\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—·、]+$")


def scalar(value: object) -> str:
    """One YAML scalar: a number as written, true/false, or text (quoted when it must be)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value as one line of YAML: ``{kind: reverse, variant: linear}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def target_text(target: Target) -> str:
    """A target as an indicator file writes it: ``">= 95%"``, ``"<= 200"``, ``9月前``."""
    if not target.numeric:
        return target.text or ""
    if target.unit == "月" and target.op is Op.LE:
        return target.text or f"{plain(target.value)}月前"
    percent = "%" if target.unit == "%" else ""
    return f"{target.op.ascii} {plain(target.value)}{percent}"


def default_rule_yaml(rule: Rule) -> str | None:
    """The national default rules as YAML (None for any other rule)."""
    if isinstance(rule, Reverse):
        return (
            "reverse"
            if rule.variant == "ratio"
            else flow({"kind": "reverse", "variant": rule.variant})
        )
    if isinstance(rule, Equal):
        return "equal" if rule.over == "full" else flow({"kind": "equal", "over": rule.over})
    if isinstance(rule, Qualitative) and rule == Qualitative():
        return "qualitative"
    if isinstance(rule, Proportional | Met | BudgetExecution):
        return rule.kind
    return None


def _rule_node(indicator: Indicator) -> Any:
    """The ``rule:`` of ``indicator`` as written in its indicator file."""
    assert indicator.location is not None
    root, _ = read_yaml(Path(indicator.location.file))
    for item in root.value["indicators"].value:
        if item.value["id"].value == indicator.id:
            return item.value["rule"].plain()
    raise AssertionError(f"{indicator.id} not in {indicator.location.file}")  # pragma: no cover


def _comment_lines(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines()]


def indicators_yaml(read: SheetCase, source: str) -> str:
    """The indicator file: one indicator per scored row, with its rule."""
    layout = read.layout
    out = _comment_lines(
        f"Indicators read from {source} by `scoring import`: one per scored row.\n"
        "Each rule is the national default for its target (≥ proportional, ≤ reverse,\n"
        "= equal, a deadline met, words qualitative), or the rule of the indicator\n"
        "file named with --indicators for a row of the same name."
    )
    out += [
        "id: sheet",
        f"name: {scalar(layout.title or '自评表')}",
        "indicators:",
    ]
    by_id = {row.indicator_id: row for row in read.rows}
    for ind in read.indicators:
        row = by_id[ind.id]
        where = f"row {row.row} of {layout.grid.label or layout.grid.sheet}"
        if row.matched is not None and row.matched.location is not None:
            where += f"; rule from {row.matched.location.file}"
        out.append(f"  # {where}")
        out.append(f"  - id: {ind.id}")
        out.append(f"    name: {scalar(ind.name)}")
        if ind.name_en:
            out.append(f"    name_en: {scalar(ind.name_en)}")
        out.append(f"    level1: {scalar(ind.level1)}")
        out.append(f"    level2: {scalar(ind.level2)}")
        if ind.unit:
            out.append(f"    unit: {scalar(ind.unit)}")
        if ind.formula is not None:
            out.append(f"    formula: {scalar(ind.formula.text)}")
        out.append(f"    target: {scalar(target_text(ind.target))}")
        rule = default_rule_yaml(ind.rule) if row.matched is None else None
        out.append(
            f"    rule: {rule if rule is not None else flow(_rule_node(row.matched or ind))}"
        )
        if ind.description:
            out.append(f"    description: {scalar(ind.description)}")
        if ind.source:
            out.append(f"    source: {scalar(ind.source)}")
        if ind.value_decimals is not None:
            out.append(f"    value_decimals: {ind.value_decimals}")
        if ind.over_achievement is not None:
            over: dict[str, Any] = {"flag_at": ind.over_achievement.flag_at}
            if ind.over_achievement.reduce_by is not None:
                over["reduce_by"] = ind.over_achievement.reduce_by
            out.append(f"    over_achievement: {flow(over)}")
    return "\n".join(out) + "\n"


def weights_yaml(read: SheetCase, source: str, profile: Path | None) -> str:
    """The weights profile: the sheet's 分值, and the settings of the profile named."""
    weights = read.weights
    out = _comment_lines(
        f"Points read from the 分值 column of {source} by `scoring import`"
        + (f";\nsettings (grades, rounding, ...) from {profile}." if profile else ".")
    )
    out += [
        f"id: {scalar(weights.id)}",
        f"name: {scalar(weights.name)}",
        f"full_score: {plain(weights.full_score)}",
        f"decimals: {weights.decimals}",
        "grades:",
    ]
    for band in weights.grades:
        entry: dict[str, Any] = {"name": band.name}
        if band.name_en:
            entry["name_en"] = band.name_en
        entry["min"] = band.min
        out.append(f"  - {flow(entry)}")
    if profile is not None:
        out += _settings(profile)
    out.append("categories:")
    for cat in weights.categories:
        out.append(f"  - name: {scalar(cat.name)}")
        out.append(f"    points: {plain(cat.points)}")
        out.append("    groups:")
        out.extend(f"      - {flow({'name': g.name, 'points': g.points})}" for g in cat.groups)
    out.append("points:")
    cells = {row.indicator_id: row.points_ref for row in read.rows}
    out.extend(
        f"  {ind_id}: {plain(points)}  # {cells[ind_id]}"
        for ind_id, points in weights.points.items()
    )
    return "\n".join(out) + "\n"


def _settings(profile: Path) -> list[str]:
    root, _ = read_yaml(profile)
    lines = []
    for key in _SETTINGS:
        node = root.value.get(key)
        if node is not None:
            lines.append(f"{key}: {flow(node.plain())}")
    return lines


def _value(value: FactValue) -> str:
    if isinstance(value, Judgement):
        return flow({"band": value.band, "points": value.points})
    if isinstance(value, tuple):
        return flow(list(value))
    return scalar(value)


def _fact(fact: Fact, names: Mapping[str, str]) -> list[str]:
    comment = f"  # {names[fact.name]}" if fact.name in names else ""
    out = [f"  {fact.name}:{comment}", f"    value: {_value(fact.value)}"]
    if fact.provenance is not None:
        out.append(f"    {fact.provenance.kind.value}: {scalar(fact.provenance.text)}")
    return out


def facts_yaml(read: SheetCase, source: str) -> str:
    """The facts file: every value and target with its cell, reasons, the clerk's 得分."""
    facts = read.facts
    names = {ind.id: ind.name for ind in read.indicators}
    names.update({"budget": "全年预算数", "spending": "全年执行数"})
    out = _comment_lines(
        f"What {source} says, read by `scoring import`. Each value and target names\n"
        "the cell it was read from (sheet:). Score it with: scoring score facts.yaml"
    )
    out += [
        f"unit: {scalar(facts.unit)}",
        f"year: {facts.year}",
        f"indicators: [{INDICATORS_FILE}]",
        f"weights: {WEIGHTS_FILE}",
    ]
    if facts.sheet is not None:
        out += _sheet_info(facts.sheet)
    out.append("facts:")
    for fact in facts.facts.values():
        out += _fact(fact, names)
    if facts.targets:
        out.append("targets:")
        for ind_id, setting in facts.targets.items():
            out.append(f"  {ind_id}:  # {names[ind_id]}")
            out.append(f"    target: {scalar(target_text(setting.target))}")
            if setting.provenance is not None:
                kind = setting.provenance.kind.value
                out.append(f"    {kind}: {scalar(setting.provenance.text)}")
    out += _mapping("reasons", facts.reasons, names, "偏差原因分析及改进措施")
    out += _mapping("self_scores", facts.self_scores, names, "the clerk's own 得分, not scored")
    if facts.self_total is not None:
        out.append(f"self_total: {plain(facts.self_total)}  # the clerk's own 总分, not scored")
    if facts.information:
        out.append("# Read from the sheet but not scored.")
        out.append("information:")
        out.extend(f"  - {scalar(line)}" for line in facts.information)
    return "\n".join(out) + "\n"


def _sheet_info(info: SheetInfo) -> list[str]:
    """``header:`` and ``sign_off:``: what the sheet shows around its table."""
    out: list[str] = []
    header = [
        (key, getattr(info, key))
        for key in ("project", "department", "implementer")
        if getattr(info, key) is not None
    ]
    if header or info.funds is not None or info.goal or info.achieved:
        out.append("header:  # 表头：项目名称, 主管部门, 实施单位, 项目资金, 年度总体目标")
        out.extend(f"  {key}: {scalar(value)}" for key, value in header)
        if info.funds is not None:
            out.append("  funds:")
            out.append(f"    total: {flow(_amounts(info.funds.total))}")
            if info.funds.of_which:
                out.append("    of_which:")
                out.extend(
                    f"      - {flow({'name': line.name, **_amounts(line)})}"
                    for line in info.funds.of_which
                )
        for key in ("goal", "achieved"):
            value = getattr(info, key)
            if value:
                out.append(f"  {key}: {scalar(value)}")
    sign = [
        (key, getattr(info, key))
        for key in ("filled_by", "phone", "head", "date")
        if getattr(info, key) is not None
    ]
    if sign:
        out.append("sign_off:  # 填表人, 联系电话, 负责人, 填报日期")
        out.extend(f"  {key}: {scalar(value)}" for key, value in sign)
    if info.sub_rows:
        out.append("of_which:  # shown under the row: 其中 rows, rows without 分值; not scored")
        for parent in dict.fromkeys(sub.parent for sub in info.sub_rows):
            out.append(f"  {parent}:")
            for sub in info.under(parent):
                said = {"name": sub.name, "target": sub.target, "actual": sub.actual}
                out.append(f"    - {flow({k: v for k, v in said.items() if v})}")
    return out


def _amounts(line: FundsLine) -> dict[str, Decimal]:
    amounts = {"initial": line.initial, "adjusted": line.adjusted, "executed": line.executed}
    return {key: value for key, value in amounts.items() if value is not None}


def _mapping(
    key: str, values: Mapping[str, object], names: Mapping[str, str], what: str
) -> list[str]:
    if not values:
        return []
    out = [f"{key}:  # {what}"]
    out.extend(
        f"  {ind_id}: {scalar(value)}  # {names.get(ind_id, ind_id)}"
        for ind_id, value in values.items()
    )
    return out


def sheet_yaml(read: SheetCase, source: str, profile: Path | None = None) -> dict[str, str]:
    """The three files, by name: ``indicators.yaml``, ``weights.yaml``, ``facts.yaml``."""
    return {
        INDICATORS_FILE: indicators_yaml(read, source),
        WEIGHTS_FILE: weights_yaml(read, source, profile),
        FACTS_FILE: facts_yaml(read, source),
    }
