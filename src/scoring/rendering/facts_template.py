"""A facts file to fill in (``scoring init``): every fact the chosen indicators read.

Each fact is written under its Chinese name where its indicator file declares
one (the id in the comment), with its unit, where the number is usually
found, which rows read it, and an empty ``value:`` to fill; ``scoring
validate`` then lists exactly the facts still empty. Nothing is filled in for
the clerk: whether a number quotes a report, cites a source or is assumed is
theirs to say.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.core.model import FactInfo, Indicator, WeightsProfile
from scoring.core.rules import Checklist, Levels, Qualitative


def facts_template(
    indicators: Sequence[Indicator],
    weights: WeightsProfile,
    *,
    indicator_refs: Sequence[str],
    weights_ref: str,
    unit: str | None = None,
    year: int | None = None,
) -> str:
    """The text of a new facts file for ``indicators`` scored with ``weights``."""
    by_id = {ind.id: ind for ind in indicators}
    lines = [
        f"# 绩效自评事实文件（由 scoring init 生成）：{weights.name}",
        "#",
        "# 填写方法：每个事实在 value: 后填入数值；再写明这个数的出处，三选一：",
        "#   quote:   报告原文中含这个数的句子；",
        "#   source:  规定这个数的公开文件；",
        "#   assumed: 假设的数及理由（输出中用 ※ 标出依赖假设的行）。",
        "# 填好后运行 scoring validate 本文件：它列出还没有填写的事实。",
        "# Fill in each value: and say where it comes from (quote, source or assumed);",
        "# `scoring validate THIS-FILE` lists the facts still empty.",
        f"unit: {_scalar(unit) if unit else '待填写（单位名称）'}",
        f"year: {year if year is not None else '待填写（年度，如 2024）'}",
        f"indicators: [{', '.join(indicator_refs)}]",
        f"weights: {weights_ref}",
        "",
        "facts:",
    ]
    seen: set[str] = set()
    for ind_id in weights.points:
        ind = by_id.get(ind_id)
        if ind is None:
            continue
        new = [f for f in ind.reads if f not in seen]
        if not new:
            continue
        formula = f"：{ind.description.split('；')[0]}" if ind.description else ""
        lines.append(f"  # ── {ind.level1} / {ind.level2} / {ind.name}{formula}")
        for fact in new:
            seen.add(fact)
            lines.extend(_fact_lines(ind, ind.fact_info(fact)))
    lines.append("")
    lines.append("# 偏差原因分析及改进措施：未完成目标或大幅超额完成的指标，写明原因和措施。")
    lines.append("# reasons:")
    lines.append("#   指标名称: 原因和改进措施")
    return "\n".join(lines) + "\n"


def _fact_lines(ind: Indicator, info: FactInfo) -> list[str]:
    key = info.name if info.name != info.id else info.id
    about = [f"id: {info.id}"]
    if info.unit:
        about.append(f"单位：{info.unit}")
    if info.found_in:
        about.append(f"数据来源：{info.found_in}")
    return [
        f"  {_key(key)}:  # {'；'.join(about)}",
        f"    value:  # {_what_to_write(ind, info)}",
        "    # quote: / source: / assumed:",
    ]


def _what_to_write(ind: Indicator, info: FactInfo) -> str:
    rule = ind.rule
    if isinstance(rule, Checklist):
        items = "、".join(f"{item.id}（{item.name}）" for item in rule.items)
        return f"达到的项目列表，如 [{', '.join(i.id for i in rule.items)}]；项目：{items}"
    if isinstance(rule, Levels):
        return "以下之一：" + "、".join(level.name for level in rule.levels)
    if isinstance(rule, Qualitative):
        bands = "、".join(band.name for band in rule.bands)
        return f"评价结论和得分，如 {{band: {rule.bands[-1].name}, points: 9}}；结论：{bands}"
    if rule.kind == "met":
        return "true（达成）或 false（未达成），或月份如 7月"
    return f"数值{f'（{info.unit}）' if info.unit else ''}"


def _key(text: str) -> str:
    """A mapping key as YAML reads it back: quoted when it holds YAML's own characters."""
    return _scalar(text)


def _scalar(text: str) -> str:
    plain = text and not any(c in text for c in ":#{}[],&*!|>'\"%@`") and text == text.strip()
    if (
        plain
        and not text[0].isdigit()
        and text.lower() not in {"true", "false", "null", "yes", "no"}
    ):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


__all__ = ["facts_template"]
