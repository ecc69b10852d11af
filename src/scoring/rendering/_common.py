"""What the renderers share: labels in both languages and a row's cells."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from scoring.analysis.provenance import TARGET, Cited
from scoring.core.model import Text, show_value
from scoring.core.numbers import fmt, fmt_points, round_half_up
from scoring.core.rules import Checklist
from scoring.core.scorecard import Row, Scorecard

# The formats of the reports (explain, compare, sensitivity, score --set).
REPORT_FORMATS = ("text", "markdown", "json")

ASSUMED_MARK = "※"


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Meta:
    """Facts about the run that the scorecard itself does not hold."""

    rules_sha256: str | None = None
    rule_files: tuple[str, ...] = ()
    # 偏差原因分析及改进措施 from the facts file, by indicator id (csv, html, xlsx).
    reasons: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    # The sheet cells each row was read from, by indicator id (shown in place of a quote).
    cells: Mapping[str, tuple[Cited, ...]] = attrs.field(factory=dict, converter=_frozen)
    # The clerk's own 得分 from the sheet, by indicator id (shown where it differs).
    self_scores: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen)
    # What the sheet says that is not scored (其中 sub-rows, rows without points, funds lines).
    information: tuple[str, ...] = ()

    def self_score_differs(self, row: Row, decimals: int) -> Decimal | None:
        """The clerk's 得分 for ``row`` when it differs from the computed points, as rounded."""
        given = self.self_scores.get(row.id)
        if given is None or round_half_up(given, decimals) == round_half_up(row.points, decimals):
            return None
        return given


LABELS: dict[str, Text] = {
    "title": Text(
        "{unit} {year} 年度部门整体支出绩效自评",
        "{unit}: {year} budget performance self-evaluation",
    ),
    "profile": Text("评分表：{name}（{id}）", "Scoring sheet: {name} ({id})"),
    "total": Text("总分", "Total"),
    "grade": Text("等级", "Grade"),
    "level1": Text("一级指标", "Level 1"),
    "level2": Text("二级指标", "Level 2"),
    "level3": Text("三级指标", "Indicator"),
    "max_points": Text("分值", "Points"),
    "target": Text("年度指标值", "Target"),
    "value": Text("实际完成值", "Actual"),
    "points": Text("得分", "Score"),
    "explanation": Text("说明", "Explanation"),
    "sum": Text("合计", "Total"),
    "categories": Text("分类小计", "Subtotals"),
    "explanations": Text("评分说明", "How each row was scored"),
    "assumed_note": Text(
        "标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：",
        "Rows marked ※ rest on an assumed number, not one from the report or a public source:",
    ),
    "assumed_target": Text("年度指标值为假设", "the target is assumed"),
    "assumed_facts": Text("假设的数据：", "assumed facts: "),
    "self_score": Text("表中得分", "Sheet score"),
    "cited": Text("来源：", "Read from: "),
    "cited_value": Text("实际完成值", "actual"),
    "cited_target": Text("年度指标值", "target"),
    "self_score_note": Text(
        "表中自评得分 {given}，与计算得分 {points} 不同",
        "the sheet says {given}, computed {points}",
    ),
    "information": Text(
        "表中不计分的信息（其中项、未设分值的行、资金明细）：",
        "Read from the sheet but not scored (sub-rows, rows without points, funds lines):",
    ),
    "no_assumptions": Text(
        "所有数字均来自报告或公开文件。", "Every number comes from the report or a public source."
    ),
}


def label(key: str, lang: str, **values: object) -> str:
    return LABELS[key].get(lang).format(**values)


def indicator_name(row: Row, lang: str) -> str:
    return row.indicator.label.get(lang)


def category_names(row: Row, scorecard: Scorecard, lang: str) -> tuple[str, str]:
    """The row's 一级 and 二级 names in ``lang`` (English from the weights profile)."""
    if lang == "zh":
        return row.indicator.level1, row.indicator.level2
    for cat in scorecard.categories:
        if cat.name == row.indicator.level1:
            for group in cat.groups:
                if group.name == row.indicator.level2:
                    return cat.name_en or cat.name, group.name_en or group.name
    return row.indicator.level1, row.indicator.level2


def cells(row: Row, scorecard: Scorecard, lang: str) -> list[str]:
    """One table row: 一级, 二级, 三级, 分值, 年度指标值, 实际完成值, 得分, and ※ if assumed."""
    level1, level2 = category_names(row, scorecard, lang)
    return [
        level1,
        level2,
        indicator_name(row, lang),
        fmt(row.max_points, scorecard.decimals),
        str(row.target),
        _value(row, lang),
        fmt_points(row.points, scorecard.decimals),
        ASSUMED_MARK if row.assumed else "",
    ]


def _value(row: Row, lang: str) -> str:
    if isinstance(row.value, bool) and lang == "en":
        return "yes" if row.value else "no"
    rule = row.indicator.rule
    if isinstance(row.value, tuple) and isinstance(rule, Checklist):
        # The items met are named in the explanation; the cell says how many.
        met = sum(1 for item in rule.items if {item.id, item.name} & set(row.value))
        total = len(rule.items)
        return f"{met} of {total} items" if lang == "en" else f"{met}/{total} 项"
    return show_value(row.value, row.target.unit)


def profile_name(scorecard: Scorecard, lang: str) -> str:
    """The scoring sheet's name in ``lang`` (English falls back to the Chinese)."""
    if lang == "en" and scorecard.profile_name_en:
        return scorecard.profile_name_en
    return scorecard.profile_name


def named(name: str, name_en: str | None, lang: str) -> str:
    """A name from the YAML in ``lang``: English where it is given, else the Chinese."""
    return name if lang == "zh" else (name_en or name)


def unit_name(scorecard: Scorecard, lang: str) -> str:
    return named(scorecard.unit, scorecard.unit_en, lang)


def grade_text(scorecard: Scorecard, lang: str) -> str:
    return named(scorecard.grade.name, scorecard.grade.name_en, lang)


def assumption_lines(scorecard: Scorecard, lang: str) -> list[str]:
    """One line per row that rests on an assumption, saying which."""
    lines = []
    for row in scorecard.assumed_rows:
        parts = []
        if row.target_assumed:
            parts.append(label("assumed_target", lang))
        if row.assumed_facts:
            parts.append(label("assumed_facts", lang) + ", ".join(row.assumed_facts))
        sep = "；" if lang == "zh" else "; "
        lines.append(f"{ASSUMED_MARK} {indicator_name(row, lang)}: {sep.join(parts)}")
    return lines


def cited_line(row: Row, scorecard: Scorecard, meta: Meta, lang: str) -> str | None:
    """Where the row's numbers were read from, and the clerk's 得分 if it differs; or None."""
    parts = []
    for cited in meta.cells.get(row.id, ()):
        if cited.what == TARGET:
            what = label("cited_target", lang)
        else:
            what = cited.what or label("cited_value", lang)
        parts.append(f"{what} {cited.cell}")
    sep = "；" if lang == "zh" else "; "
    text = label("cited", lang) + sep.join(parts) if parts else ""
    given = meta.self_score_differs(row, scorecard.decimals)
    if given is not None:
        note = label(
            "self_score_note",
            lang,
            given=fmt(given, 6),
            points=fmt_points(row.points, scorecard.decimals),
        )
        text = f"{text}{sep}{note}" if text else note
    return text or None


def width(text: str) -> int:
    """Terminal cells ``text`` takes: a full-width (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, cells_wide: int, right: bool = False) -> str:
    gap = " " * max(0, cells_wide - width(text))
    return gap + text if right else text + gap
