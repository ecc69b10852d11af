"""The sheet settings' arithmetic, and the notes that say which of them touched a scorecard.

Pure: the engine calls these while it scores (rows dropped as not
applicable and the factor that rescales the rest, over-achievement flags,
veto caps), then :func:`settings_notes` with what it decided; the renderers
print the notes under the table. A setting that did nothing is not
mentioned, so a plain sheet stays plain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal

from scoring.core.caps import CappedTotal
from scoring.core.errors import InputError
from scoring.core.messages import msg
from scoring.core.model import (
    Facts,
    FactValue,
    GradeBand,
    Indicator,
    Op,
    OverAchievement,
    Target,
    Text,
    WeightsProfile,
)
from scoring.core.numbers import CONTEXT, HUNDRED, ONE, ZERO, div, fmt, fmt_points, mul
from scoring.core.scorecard import DroppedRow, Row


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
    total_capped: CappedTotal | None = None,
    cap_blind: Text | None = None,
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
                f"Results far beyond their targets (at least"
                f" {fmt(weights.over_achievement.flag_at)}% unless the indicator says"
                f" otherwise) need a deviation reason: {en}; {tail.en}",
            )
        )
    crossed = [r for r in rows if r.reason_threshold is not None]
    if crossed:
        zh_parts, en_parts = [], []
        for r in crossed:
            side, figure = r.reason_threshold or ("", ZERO)
            in_en = r.target.en
            v = r.target.beside(r.value, figure) if isinstance(r.value, Decimal) else ""
            v_en = in_en.beside(r.value, figure) if isinstance(r.value, Decimal) else ""
            zh_parts.append(
                f"{r.indicator.name} {v}（{'低于' if side == 'below' else '高于'}"
                f" {r.target.show(figure, 6)}）"
            )
            en_parts.append(f"{r.indicator.label.en} {v_en} ({side} {in_en.show(figure, 6)})")
        lacking = [r for r in crossed if not reasons.get(r.id, "").strip()]
        todo = Text(
            "尚未说明原因：" + "、".join(r.indicator.name for r in lacking),
            "still without one: " + ", ".join(r.indicator.label.en for r in lacking),
        )
        tail = todo if lacking else Text("均已说明原因", "every one has one")
        notes.append(
            Text(
                f"越过本指标另设的说明界限，需说明偏差原因：{'、'.join(zh_parts)}；{tail.zh}",
                f"past a figure of their own, these rows need a deviation reason:"
                f" {', '.join(en_parts)}; {tail.en}",
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
    deducted = [r for r in rows if r.over_deducted is not None]
    if deducted:
        zh = "、".join(
            f"{r.indicator.name} −{fmt(r.over_deducted or ZERO, 6)} 分" for r in deducted
        )
        en = ", ".join(
            f"{r.indicator.label.en} -{fmt(r.over_deducted or ZERO, 6)}" for r in deducted
        )
        notes.append(
            Text(f"超额完成的行扣分（扣至 0 分为止）：{zh}", f"over-achieving rows lost: {en}")
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
    zero = [r for r in rows if r.missing_facts and not r.informational]
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
    cap = weights.total_cap
    if total_capped is not None:
        row = next(r for r in rows if r.id == total_capped.indicator_id)
        band = total_capped.band
        rate = row.target.beside(total_capped.rate, band.interval.low, band.interval.high)
        most = fmt(band.at_most, weights.decimals)
        summed = fmt_points(total_capped.uncapped, weights.decimals)
        head = Text(
            f"总分封顶：{row.indicator.name} {rate} 落在区间 {band.interval}，总分最高 {most} 分",
            f"total cap: {row.indicator.label.en} {rate} lies in {band.interval}, so the total"
            f" is at most {most}",
        )
        tail = (
            Text(
                f"各行合计 {summed} 分，总分计为 {most} 分",
                f"the rows add up to {summed}, so the total is {most}",
            )
            if total_capped.binding
            else Text(f"各行合计 {summed} 分，未超过", f"the rows add up to {summed}, within it")
        )
        notes.append(Text(f"{head.zh}；{tail.zh}", f"{head.en}; {tail.en}"))
    elif cap is not None and cap_blind is not None:
        notes.append(
            Text(
                f"总分封顶无法判断：{cap.indicator_id} {cap_blind.zh}，总分未封顶",
                f"total cap not judged: {cap.indicator_id}: {cap_blind.en}; the total is"
                " not capped",
            )
        )
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


def dropped_rows(
    order: Sequence[str],
    by_id: Mapping[str, Indicator],
    points: Mapping[str, Decimal],
    facts: Facts,
    lacking: Mapping[str, tuple[str, ...]],
) -> list[DroppedRow]:
    """Rows left out: marked not applicable in the facts, or lacking facts (``lacking``)."""
    result = []
    for ind_id in order:
        marked = facts.not_applicable.get(ind_id)
        if marked is not None:
            reason = Text(f"不适用：{marked.reason}", f"not applicable: {marked.reason}")
            result.append(DroppedRow(by_id[ind_id], points[ind_id], reason, "facts"))
        elif ind_id in lacking:
            names = ", ".join(lacking[ind_id])
            reason = Text(
                f"缺少数据 {names}，按缺数据规则视为不适用",
                f"missing {names}: treated as not applicable by the missing-facts policy",
            )
            result.append(
                DroppedRow(by_id[ind_id], points[ind_id], reason, "missing", lacking[ind_id])
            )
    return result


def rescale_factor(
    weights: WeightsProfile, dropped: Sequence[DroppedRow], facts: Facts
) -> Decimal | None:
    """The factor that brings the rows left back to the full score (None when none dropped)."""
    if not dropped:
        return None
    left = weights.full_score - sum((d.max_points for d in dropped), ZERO)
    if left <= 0:
        raise InputError(
            msg("every row with points is dropped as not applicable: nothing is left to score"),
            location=facts.location,
            hint=msg("mark fewer rows not applicable, or give the missing facts"),
        )
    return div(weights.full_score, left)


def apportion(shares: Mapping[str, Decimal], total: Decimal, decimals: int) -> dict[str, Decimal]:
    """``shares`` rounded to ``decimals`` so that they add up to ``total`` exactly.

    Largest remainder (最大余数法): each share is cut down to ``decimals``,
    then the units left over go one each to the largest remainders; equal
    remainders go by id, so that the order of the indicators does not
    matter. Rescaled points then print as they add up. Rows of 15 and 80
    points rescaled to 100 are 15.789… and 84.210…, cut to 15.78 and 84.21;
    the cent left goes to the larger remainder:

    >>> apportion({"a": Decimal(1500) / 95, "b": Decimal(8000) / 95}, Decimal(100), 2)
    {'a': Decimal('15.79'), 'b': Decimal('84.21')}
    """
    unit = ONE.scaleb(-decimals)
    floors = {k: v.quantize(unit, rounding=ROUND_DOWN, context=CONTEXT) for k, v in shares.items()}
    left = int(div(total - sum(floors.values(), ZERO), unit).to_integral_value())
    ranked = sorted(shares, key=lambda k: (floors[k] - shares[k], k))
    for key in ranked[: max(0, left)]:
        floors[key] += unit
    return floors


def cap_grade(weights: WeightsProfile, grade: GradeBand, vetoed_by: Sequence[str]) -> GradeBand:
    """The grade after vetoes: no better than the lowest cap of a failed veto row."""
    lowest = grade_cap(weights, vetoed_by)
    return lowest if lowest is not None and lowest.min < grade.min else grade


def grade_cap(weights: WeightsProfile, vetoed_by: Sequence[str]) -> GradeBand | None:
    """The best grade the failed veto rows allow (None when no veto row failed)."""
    caps = [
        band
        for v in weights.vetoes
        if v.indicator_id in vetoed_by
        for band in weights.grades
        if band.name == v.cap
    ]
    return min(caps, key=lambda b: b.min) if caps else None


def over_ratio(value: FactValue, target: Target, setting: OverAchievement) -> Decimal | None:
    """The value as a percent of its target when that reaches the flag, else None.

    Higher-is-better targets compare value / target, lower-is-better ones
    target / value; targets of 0 or less, deadlines and words are never flagged.
    """
    if not setting.enabled or not isinstance(value, Decimal) or not target.numeric:
        return None
    if target.value <= 0 or target.unit == "月":
        return None
    if target.op is Op.GE:
        ratio = div(mul(value, HUNDRED), target.value)
    elif target.op is Op.LE and value > 0:
        ratio = div(mul(target.value, HUNDRED), value)
    else:
        return None
    return ratio if ratio >= setting.flag_at else None
