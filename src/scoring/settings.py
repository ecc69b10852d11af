"""Notes that say which sheet settings touched a scorecard, in both languages.

Pure: the engine calls :func:`settings_notes` with what it decided; the
renderers print the notes under the table. A setting that did nothing is not
mentioned, so a plain sheet stays plain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from scoring.model import GradeBand, Text, WeightsProfile
from scoring.numbers import ZERO, fmt
from scoring.scorecard import DroppedRow, Row


def settings_notes(
    *,
    rows: Sequence[Row],
    dropped: Sequence[DroppedRow],
    rescale: Decimal | None,
    weights: WeightsProfile,
    policy: str,
    reasons: Mapping[str, str],
    vetoed_by: Sequence[str],
    grade: GradeBand,
    capped: GradeBand,
) -> list[Text]:
    """One note per setting that changed something, in the order the engine applies them."""
    notes: list[Text] = []
    rounded = [r for r in rows if r.raw_value is not None]
    if rounded:
        zh = "、".join(f"{r.indicator.name}（{r.value_decimals} 位）" for r in rounded)
        en = ", ".join(f"{r.indicator.label.en} ({r.value_decimals})" for r in rounded)
        notes.append(
            Text(f"实际值先四舍五入再计分：{zh}", f"values rounded before they were scored: {en}")
        )
    flagged = [r for r in rows if r.over_achievement is not None]
    if flagged:
        zh = "、".join(f"{r.indicator.name} {fmt(r.over_achievement or ZERO)}%" for r in flagged)
        en = ", ".join(
            f"{r.indicator.label.en} {fmt(r.over_achievement or ZERO)}%" for r in flagged
        )
        lacking = [r for r in flagged if not reasons.get(r.id, "").strip()]
        todo = Text(
            "尚未说明原因：" + "、".join(r.indicator.name for r in lacking),
            "still without one: " + ", ".join(r.indicator.label.en for r in lacking),
        )
        done = Text("均已说明原因", "every one has one")
        tail = todo if lacking else done
        notes.append(
            Text(
                f"超额完成（达到目标的 {fmt(weights.over_achievement.flag_at)}% 及以上，"
                f"指标可另行设定）需说明偏差原因：{zh}；{tail.zh}",
                f"results far beyond their targets (at least"
                f" {fmt(weights.over_achievement.flag_at)}% unless the indicator says"
                f" otherwise) need a deviation reason: {en}; {tail.en}",
            )
        )
    reduced = [r for r in rows if r.reduced_by is not None]
    if reduced:
        zh = "、".join(f"{r.indicator.name} −{fmt(r.reduced_by or ZERO)}%" for r in reduced)
        en = ", ".join(f"{r.indicator.label.en} -{fmt(r.reduced_by or ZERO)}%" for r in reduced)
        notes.append(
            Text(
                f"目标设定偏低，超额完成的行扣减所得分数：{zh}",
                f"targets set too low: points of over-achieving rows reduced: {en}",
            )
        )
    if dropped and rescale is not None:
        zh = "；".join(
            f"{d.indicator.name}（{fmt(d.max_points, 4)} 分，{d.reason.zh}）" for d in dropped
        )
        en = "; ".join(
            f"{d.indicator.label.en} ({fmt(d.max_points, 4)} points, {d.reason.en})"
            for d in dropped
        )
        left = weights.full_score - sum((d.max_points for d in dropped), Decimal(0))
        full = fmt(weights.full_score)
        notes.append(
            Text(
                f"剔除不参与评分的指标：{zh}。其余指标分值按 {full} ÷ {fmt(left, 4)}"
                f" = {fmt(rescale, 6)} 倍换算，取 {weights.decimals} 位小数（最大余数法），"
                f"合计仍为 {full} 分",
                f"rows left out: {en}. The other rows' points are multiplied by {full} /"
                f" {fmt(left, 4)} = {fmt(rescale, 6)} and kept to {weights.decimals} decimals"
                f" by largest remainder, so that they still add up to {full}",
            )
        )
    zero = [r for r in rows if r.missing_facts]
    if zero:
        zh = "、".join(f"{r.indicator.name}（缺 {', '.join(r.missing_facts)}）" for r in zero)
        en = ", ".join(
            f"{r.indicator.label.en} (missing {', '.join(r.missing_facts)})" for r in zero
        )
        notes.append(
            Text(
                f"缺数据规则为 {policy}：以下各行计 0 分：{zh}",
                f"missing-facts policy {policy}: these rows scored 0: {en}",
            )
        )
    deducted = [r for r in rows if r.deduction is not None]
    if deducted:
        zh = "；".join(
            f"{r.indicator.name} 扣 {fmt(r.deduction.points, 6)} 分（{r.deduction.reason}）"
            for r in deducted
            if r.deduction
        )
        en = "; ".join(
            f"{r.indicator.label.en} -{fmt(r.deduction.points, 6)} ({r.deduction.reason})"
            for r in deducted
            if r.deduction
        )
        notes.append(Text(f"人工扣分：{zh}", f"reviewer's deductions: {en}"))
    if vetoed_by:
        names = {r.id: r.indicator for r in rows}
        zh = "、".join(names[i].name for i in vetoed_by)
        en = ", ".join(names[i].label.en for i in vetoed_by)
        if capped != grade:
            notes.append(
                Text(
                    f"一票否决：{zh} 未达标，等级由 {grade.name} 降为 {capped.name}",
                    f"veto: {en} failed, so the grade is {capped.name_en or capped.name}"
                    f" instead of {grade.name_en or grade.name}",
                )
            )
        else:
            notes.append(
                Text(
                    f"一票否决：{zh} 未达标，等级最高为 {capped.name}",
                    f"veto: {en} failed; the grade is capped, and"
                    f" {capped.name_en or capped.name} is within the cap",
                )
            )
    return notes
