"""Words and documents for the analyses: explanation, comparison (and what-if), sensitivity.

Pure functions from the analysis results of :mod:`scoring.analysis.explain`,
:mod:`scoring.analysis.compare` and :mod:`scoring.analysis.sensitivity` to text, Markdown or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from scoring.analysis.compare import Comparison, RowChange
from scoring.analysis.explain import Deviation, Explanation, Loss
from scoring.analysis.sensitivity import Sensitivity
from scoring.core.model import GradeBand, Op, Text
from scoring.core.numbers import HUNDRED, ZERO, fmt, fmt_points, in_context
from scoring.core.scorecard import Row, Scorecard
from scoring.core.values import show_beside, show_value
from scoring.rendering._common import (
    ASSUMED_MARK,
    REPORT_FORMATS,
    assumption_lines,
    category_names,
    fit_widths,
    fold,
    fold_lines,
    label,
    markdown_text,
    named,
    pad,
    unit_name,
    width,
)
from scoring.rendering.jsondoc import (
    assumptions,
    fact_value,
    grades_assumed,
    number,
    points_assumed,
)


def _t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _grade(band: GradeBand, lang: str) -> str:
    return named(band.name, band.name_en, lang)


def _signed(value: Decimal, decimals: int) -> str:
    text = fmt_points(value, decimals)
    return text if text.startswith("-") else f"+{text}"


def _table(
    rows: Sequence[Sequence[str]], numeric: set[int], lang: str, columns: int | None = None
) -> list[str]:
    """The rows in aligned columns; with ``columns``, the last column and then the first (the
    why and the name) give up width where folding adds the fewest lines, as the scored
    table's do."""
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    widths = fit_widths(widths, columns, [len(widths) - 1, 0], table=rows)
    out = []
    for n, row in enumerate(rows):
        folded = [fold(c, widths[i]) for i, c in enumerate(row)]
        out += [
            "  ".join(
                pad(f[k] if k < len(f) else "", widths[i], right=i in numeric)
                for i, f in enumerate(folded)
            ).rstrip()
            for k in range(max(len(f) for f in folded))
        ]
        if n == 0:
            out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    return out


def _mark(row: Row | None) -> str:
    """`` ※`` after the name of a row that rests on an assumed number (a fact, its target or
    its points), as the scored table marks it."""
    return f" {ASSUMED_MARK}" if row is not None and row.assumed else ""


def _assumption_notes(
    sides: Sequence[tuple[Text | None, Scorecard, Sequence[Row]]], lang: str, markdown: bool
) -> list[str]:
    """The lines saying which assumptions the rows a report names rest on, as the scored
    table's note says them, and how many more rows the total rests on; none without any.

    ``sides`` are (the side's name, its scorecard, the rows named of it): one side for
    explain, two for a comparison, whose lines are said once when both sides' are the same.
    """
    said = [_side_assumptions(card, named, lang) for _, card, named in sides]
    if not any(lines or others for lines, others in said):
        return []
    names: list[Text | None] = [which for which, _, _ in sides]
    if all(s == said[0] for s in said):
        names, said = [None], said[:1]
    colon = _t("：", ": ", lang)
    if not any(lines for lines, _ in said):  # only rows the report does not name
        return [
            "",
            *(
                ("" if which is None else f"{which.get(lang)}{colon}") + _elsewhere(others, lang)
                for which, (_, others) in zip(names, said, strict=True)
                if others
            ),
        ]
    item = "- " if markdown else "  "
    out = ["", label("assumed_note", lang), *([""] if markdown else [])]
    for which, (lines, others) in zip(names, said, strict=True):
        entries = lines + ([_elsewhere(others, lang)] if others else [])
        if which is None:
            out += [item + entry for entry in entries]
            continue
        out.append(
            f"{item}{which.get(lang)}"
            + _t("：", ":", lang)
            + ("" if entries else _t("无", " none", lang))
        )
        indent = "  - " if markdown else "    "
        out += [indent + entry for entry in entries]
    return out


def _elsewhere(others: int, lang: str) -> str:
    return _t(
        f"总分还依赖另外 {others} 行的假设数值（逐行说明见 scoring score）。",
        f"The total also rests on assumed numbers in {others} other row(s) (scoring score"
        " says which).",
        lang,
    )


def _side_assumptions(card: Scorecard, named: Sequence[Row], lang: str) -> tuple[list[str], int]:
    """The assumption lines of the rows named (in sheet order), and how many other rows of
    ``card`` rest on an assumption."""
    shown = {row.id for row in named}
    lines = assumption_lines(card, lang, [r for r in card.rows if r.id in shown])
    return lines, sum(1 for r in card.assumed_rows if r.id not in shown)


def _check(fmt_name: str) -> None:
    if fmt_name not in REPORT_FORMATS:
        raise ValueError(f"unknown format {fmt_name!r}; use one of {', '.join(REPORT_FORMATS)}")


# --------------------------------------------------------------------------- explanation


def _verb(loss: Loss) -> Text:
    op = loss.row.target.op
    if op is Op.GE:
        return Text("提高", "Raising")
    if op is Op.LE:
        return Text("降低", "Lowering")
    return Text("调整", "Bringing")


def recovery_sentence(loss: Loss, decimals: int) -> Text:
    """``将特控线上线率从 34.16% 提高到目标 35%，可增加 0.12 分。`` and its English."""
    row = loss.row
    name = row.indicator.label
    gain = fmt(loss.gain, decimals)
    if loss.to_value is None or loss.gain <= 0:
        return Text(
            "按该规则，达到目标也不能挽回失分。",
            "Under this rule, meeting the target does not earn the points back.",
        )
    v, t = row.target.show(row.value), row.target.show(loss.to_value)
    en = row.target.en
    verb = _verb(loss)
    partly = loss.gain < row.lost
    tail_zh = f"（共失 {fmt(row.lost, decimals)} 分）" if partly else ""
    tail_en = f" (of the {fmt(row.lost, decimals)} lost)" if partly else ""
    return Text(
        f"将{name.zh}从 {v} {verb.zh}到目标 {t}，可增加 {gain} 分{tail_zh}。",
        f"{verb.en} {name.en} from {en.show(row.value)} to the {en.show(loss.to_value)} target"
        f" adds {gain} points{tail_en}.",
    )


def _deviation_line(dev: Deviation, lang: str, flag_at: Decimal | None = None) -> str:
    row = dev.row
    name = row.indicator.label.get(lang) + _mark(row)
    # Never "100%" for a target missed, nor below the flag for one beaten by far.
    edges = [HUNDRED, None if flag_at is None else flag_at * 100]
    done = "" if dev.completion is None else show_beside(dev.completion * 100, edges, "%", 1)
    target = row.target.get(lang)
    actual = (
        row.indicator.rule.show(row.value, target)
        if isinstance(row.value, Decimal)
        else show_value(row.value, target.unit, lang=lang, name_en=row.indicator.rule.name_en)
    )
    if dev.kind == "below":
        what = _t(
            f"未达目标（目标 {target}，实际 {actual}" + (f"，完成 {done}" if done else "") + "）",
            f"target missed (target {target}, actual {actual}"
            + (f", {done} of target" if done else "")
            + ")",
            lang,
        )
    elif dev.kind == "threshold" and row.reason_threshold is not None:
        side, figure = row.reason_threshold
        f = target.show(figure, 6)
        if isinstance(row.value, Decimal):
            actual = target.beside(row.value, figure)
        what = _t(
            f"{'低于' if side == 'below' else '高于'} {f}，本指标需说明（目标 {target}，"
            f"实际 {actual}）",
            f"{side} {f}, which this row must explain (target {target}, actual {actual})",
            lang,
        )
    else:
        what = _t(
            f"超额完成（目标 {target}，实际 {actual}，完成 {done}）",
            f"target beaten by far (target {target}, actual {actual}, {done} of target)",
            lang,
        )
    reason = _continued(dev.reason) if dev.reason else _t("尚未填写", "not given yet", lang)
    return (
        f"- {name}：{what}。{_t('原因', 'Reason', lang)}：{reason}"
        if lang == "zh"
        else (f"- {name}: {what}. Reason: {reason}")
    )


def _continued(text: str, indent: str = "  ") -> str:
    """``text`` as the end of a list item: its later lines (a reason written over several,
    as a YAML block keeps them) indented under the item, blank ones left empty, and no
    line break at the end; in Markdown, such lines stay in the item too."""
    first, *rest = text.strip("\n").splitlines() or [""]
    return "\n".join([first, *(indent + line if line.strip() else "" for line in rest)])


def explanation_text(expl: Explanation, lang: str = "zh", *, markdown: bool = False) -> str:
    """The narrative a clerk hands in, in ``lang`` (zh or en); ``markdown`` lists the
    assumption notes as Markdown items."""
    card = expl.scorecard
    d = card.decimals
    total, full = fmt_points(card.total, d), fmt(card.full_score)
    grade = _grade(card.grade, lang)
    out = [
        _t(
            f"{card.unit} {card.year} 年度绩效自评说明",
            f"{unit_name(card, 'en')}: {card.year} self-evaluation, explained",
            lang,
        ),
        "",
        _t(
            f"总分 {total} 分（满分 {full} 分），等级为“{grade}”。",
            f"Total {total} of {full} points, grade {grade} ({card.grade.name}).",
            lang,
        ),
        "",
    ]
    capped = card.capped
    if capped is not None and capped.binding:
        row = card.row(capped.indicator_id)
        rate = row.target.beside(capped.rate, capped.band.interval.low, capped.band.interval.high)
        summed, most = fmt_points(capped.uncapped, d), fmt(capped.band.at_most, d)
        out[-1:-1] = [
            _t(
                f"各行合计 {summed} 分；{row.indicator.name} {rate} 落在区间"
                f" {capped.band.interval}，总分最高 {most} 分，故计为 {total} 分。",
                f"The rows add up to {summed}; {row.indicator.label.en} {rate} lies in"
                f" {capped.band.interval}, which caps the total at {most}, hence {total}.",
                lang,
            )
        ]
    if not expl.losses:
        out += [_t("所有指标均得满分。", "Every indicator earned full points.", lang), ""]
    else:
        lost = fmt(sum((x.lost for x in expl.losses), ZERO), d)
        out.append(
            _t(
                f"失分指标（共 {len(expl.losses)} 项，合计失 {lost} 分，按失分从多到少）：",
                f"Rows that lost points ({len(expl.losses)}, {lost} points in all, largest"
                " loss first):",
                lang,
            )
        )
        for n, loss in enumerate(expl.losses, 1):
            row = loss.row
            name = row.indicator.label.get(lang) + _mark(row)
            level = " / ".join(category_names(row, card, lang))
            out.append(
                _t(
                    f"{n}. {name}（{level}，分值 {fmt(row.max_points, d)} 分）：失 "
                    f"{fmt(row.lost, d)} 分。",
                    f"{n}. {name} ({level}, worth {fmt(row.max_points, d)}): "
                    f"{fmt(row.lost, d)} lost.",
                    lang,
                )
            )
            out.append(
                f"   {_t('评分标准', 'Rule', lang)}{_t('：', ': ', lang)}"
                f"{row.criterion.get(lang)}{_t('。', '.', lang)}"
            )
            out.append(
                f"   {_t('计分', 'Scored', lang)}{_t('：', ': ', lang)}{row.explanation.get(lang)}"
            )
            out.append(
                f"   {_t('改进', 'To earn it back', lang)}{_t('：', ': ', lang)}"
                f"{recovery_sentence(loss, d).get(lang)}"
            )
        out.append("")
    out += _next_grade_lines(expl, lang)
    out += _deviation_lines(expl, lang)
    out += _assumption_notes([(None, card, _named(expl))], lang, markdown)
    return "\n".join(out) + "\n"


def _named(expl: Explanation) -> list[Row]:
    """The rows the explanation names: those that lost points and those that need a reason."""
    return [x.row for x in expl.losses] + [dev.row for dev in expl.deviations]


def _next_grade_lines(expl: Explanation, lang: str) -> list[str]:
    card = expl.scorecard
    d = card.decimals
    step = expl.next_grade
    if step is None:
        line = _t(
            f"已是最高等级“{_grade(card.grade, lang)}”",
            f"The grade {_grade(card.grade, lang)} is already the top one",
            lang,
        )
        if card.lost > 0:
            line += _t(
                f"；距满分还差 {fmt(card.lost, d)} 分。",
                f"; {fmt(card.lost, d)} points short of full marks.",
                lang,
            )
        else:
            line += _t("。", ".", lang)
        return [line, ""]
    target = _grade(step.band, lang)
    needed = fmt(step.needed, d)
    first = _t(
        f"距上一等级“{target}”（{fmt(step.band.min)} 分）还差 {needed} 分。",
        f"The next grade, {target} (from {fmt(step.band.min)}), is {needed} points away.",
        lang,
    )
    if not step.reachable:
        best = fmt(
            step.best
            if step.best is not None
            else card.total + sum((x.gain for x in expl.losses), ZERO),
            d,
        )
        return [
            first
            + _t(
                f"即使所有失分指标都达到目标，总分也只有 {best} 分，达不到“{target}”。",
                f" Even with every target met the total would be {best}: not enough for {target}.",
                lang,
            ),
            "",
        ]
    names = [
        f"{x.row.indicator.label.get(lang)}{_mark(x.row)}（+{fmt(x.gain, d)}）"
        if lang == "zh"
        else f"{x.row.indicator.label.get(lang)}{_mark(x.row)} (+{fmt(x.gain, d)})"
        for x in step.changes
    ]
    return [
        first
        + _t(
            f"最少需让 {len(step.changes)} 项指标达到目标：{'、'.join(names)}。",
            f" The fewest changes that get there: meet the target of {len(step.changes)}"
            f" row(s): {', '.join(names)}.",
            lang,
        ),
        "",
    ]


def _deviation_lines(expl: Explanation, lang: str) -> list[str]:
    flag = expl.over_threshold
    # The rows flagged are the scorecard's: an indicator may set its own threshold.
    which = (
        Text("未达目标的指标", "rows below target")
        if flag is None
        else Text(
            f"未达目标，或完成值达到目标 {fmt(flag * 100)}% 及以上（指标可另行设定）的指标",
            f"rows below target, or at {fmt(flag * 100)}% of target or more (unless the"
            " indicator sets its own threshold)",
        )
    )
    if any(dev.kind == "threshold" for dev in expl.deviations):
        which = Text(
            f"{which.zh}，以及越过本指标另设界限的指标",
            f"{which.en}, and rows past a figure of their own",
        )
    if not expl.deviations:
        return [
            _t(
                f"偏差原因：没有{which.zh}，无需说明。",
                f"Deviation reasons: there are no {which.en}; none is needed.",
                lang,
            )
        ]
    out = [
        _t(
            f"偏差原因分析及改进措施（{which.zh}）：",
            f"Deviation reasons ({which.en}):",
            lang,
        )
    ]
    out += [_deviation_line(dev, lang, flag) for dev in expl.deviations]
    missing = expl.missing_reasons
    if missing:
        names = [m.row.indicator.label.get(lang) for m in missing]
        out += [
            "",
            _t(
                f"尚缺偏差原因的指标（{len(missing)} 项）：{'、'.join(names)}。"
                "请在事实文件的 reasons: 下按指标 id 填写。",
                f"Rows still lacking a reason ({len(missing)}): {', '.join(names)}. Add them"
                " under 'reasons:' in the facts file, by indicator id.",
                lang,
            ),
        ]
    else:
        out += [
            "",
            _t("所有需说明的指标均已填写偏差原因。", "Every flagged row has a reason.", lang),
        ]
    return out


def explanation_dict(expl: Explanation) -> dict[str, Any]:
    """The explanation as JSON-ready data."""
    card = expl.scorecard
    d = card.decimals
    step = expl.next_grade
    found = {
        "unit": card.unit,
        "year": card.year,
        "profile": card.profile_id,
        "total": number(card.total),
        "full_score": number(card.full_score),
        "grade": card.grade.name,
        "losses": [
            _with_assumptions(
                x.row,
                {
                    "id": x.row.id,
                    "name": x.row.indicator.name,
                    "lost": number(x.lost),
                    "gain_at_target": number(x.gain),
                    "value": fact_value(x.row.value),
                    "target_value": None if x.to_value is None else number(x.to_value),
                    "criterion": {"zh": x.row.criterion.zh, "en": x.row.criterion.en},
                    "advice": {
                        "zh": recovery_sentence(x, d).zh,
                        "en": recovery_sentence(x, d).en,
                    },
                },
            )
            for x in expl.losses
        ],
        "next_grade": None
        if step is None
        else {
            "grade": step.band.name,
            "min": number(step.band.min),
            "needed": number(step.needed),
            "reachable": step.reachable,
            "changes": [x.row.id for x in step.changes],
        },
        "over_threshold": None if expl.over_threshold is None else number(expl.over_threshold),
        "deviations": [
            _with_assumptions(
                dev.row,
                {
                    "id": dev.row.id,
                    "kind": dev.kind,
                    "completion": None if dev.completion is None else number(dev.completion),
                    "reason": dev.reason,
                },
            )
            for dev in expl.deviations
        ],
        "missing_reasons": [dev.row.id for dev in expl.missing_reasons],
    }
    return _with_card_assumptions(card, found)


def _with_assumptions(row: Row, entry: dict[str, Any], key: str = "assumptions") -> dict[str, Any]:
    """``entry`` with what ``row`` rests on that is assumed under ``key``, when it rests on
    anything assumed: only then, so that a report without assumptions stays as it was."""
    if row.assumed:
        entry[key] = assumptions(row)
    return entry


def _with_card_assumptions(card: Scorecard, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the rows the total rests on that are assumed (``assumed_indicators``) and
    the grade bands marked assumed (``grades_assumed``), each only when there are any."""
    rows = [r.id for r in card.assumed_rows]
    if rows:
        doc["assumed_indicators"] = rows
    bands = grades_assumed(card)
    if bands:
        doc["grades_assumed"] = bands
    return doc


@in_context
def render_explanation(
    expl: Explanation, fmt_name: str = "text", lang: str = "zh", *, columns: int | None = None
) -> str:
    """The explanation as text (Markdown is the same text) or JSON; ``columns`` folds the
    text's lines into so many terminal columns (None: as long as they are)."""
    _check(fmt_name)
    if fmt_name == "json":
        return json.dumps(explanation_dict(expl), ensure_ascii=False, indent=2) + "\n"
    text = explanation_text(expl, lang, markdown=fmt_name == "markdown")
    if fmt_name == "markdown":
        # Markdown is the same text, with what it would read as markup escaped.
        return "\n".join(markdown_text(line) for line in text.split("\n"))
    return "\n".join(fold_lines(text.split("\n"), columns))


# --------------------------------------------------------------------------- comparison


def _cells(change: RowChange, decimals: int, lang: str) -> list[str]:
    before = "—" if change.before is None else fmt_points(change.points_before, decimals)
    after = "—" if change.after is None else fmt_points(change.points_after, decimals)
    delta = "0" if change.delta == 0 else _signed(change.delta, decimals)
    why = ("；" if lang == "zh" else "; ").join(w.get(lang) for w in change.why)
    return [_change_name(change, lang), before, after, delta, why]


def _change_name(change: RowChange, lang: str) -> str:
    """The row's name, `` ※`` after it when it rests on an assumption on either side."""
    assumed = _mark(change.before) or _mark(change.after)
    return change.label.get(lang) + assumed


def _comparison(
    comp: Comparison, lang: str, *, every_row: bool, markdown: bool, columns: int | None
) -> str:
    a, b = comp.before, comp.after
    d = max(a.decimals, b.decimals)
    ga, gb = _grade(a.grade, lang), _grade(b.grade, lang)
    grade_note = (
        _t(f"等级 {ga} → {gb}", f"grade {ga} → {gb}", lang)
        if comp.grade_changed
        else _t(f"等级 {ga}（不变）", f"grade {ga} (unchanged)", lang)
    )
    head = "# " if markdown else ""
    shown_text = markdown_text if markdown else str
    out = [
        f"{head}{_t('比较：', 'Comparison: ', lang)}{shown_text(comp.label_before.get(lang))} → "
        f"{shown_text(comp.label_after.get(lang))}",
        "",
        *(line for note in comp.notes for line in (shown_text(note.get(lang)), "")),
        _t(
            f"总分 {fmt_points(a.total, d)} → {fmt_points(b.total, d)}"
            f"（{_signed(comp.total_delta, d)}），{grade_note}。",
            f"Total {fmt_points(a.total, d)} → {fmt_points(b.total, d)}"
            f" ({_signed(comp.total_delta, d)}), {grade_note}.",
            lang,
        ),
        "",
    ]
    capped = [
        (which, card)
        for which, card in ((Text("前", "before"), a), (Text("后", "after"), b))
        if card.capped is not None and card.capped.binding
    ]
    if capped:
        # The rows' changes do not add up to the total's when a cap on the total binds.
        said = [
            _t(
                f"{which.zh}：各行合计 {fmt_points(card.uncapped_total, d)} 分，"
                f"按 {card.row(card.capped.indicator_id).indicator.name} 封顶为"
                f" {fmt_points(card.total, d)} 分",
                f"{which.en}: the rows add up to {fmt_points(card.uncapped_total, d)},"
                f" capped at {fmt_points(card.total, d)} by"
                f" {card.row(card.capped.indicator_id).indicator.label.en}",
                lang,
            )
            for which, card in capped
            if card.capped is not None
        ]
        out[-1:-1] = [_t("总分封顶：", "Total cap: ", lang) + _t("；", "; ", lang).join(said)]
    if every_row:
        shown: Sequence[RowChange] = comp.rows
        title = _t("每项指标的变化：", "Every row:", lang)
    else:
        shown = comp.points_changed
        title = _t(
            f"得分有变化的指标（{len(shown)} 项，按变化从大到小）：",
            f"Rows whose points changed ({len(shown)}, largest change first):",
            lang,
        )
        unchanged_points = [r for r in comp.changed_rows if r.delta == 0]
    header = [
        _t("指标", "Indicator", lang),
        _t("前", "Before", lang),
        _t("后", "After", lang),
        _t("变化", "Change", lang),
        _t("原因", "Why", lang),
    ]
    out.append(title)
    folded = 0  # the lines before it are folded (the table fits the width by itself)
    if not shown:
        out.append(_t("（无）", "(none)", lang))
    else:
        body = [_cells(r, d, lang) for r in shown]
        footer = [
            _t("总分", "Total", lang),
            fmt_points(a.total, d),
            fmt_points(b.total, d),
            _signed(comp.total_delta, d),
            "",
        ]
        if markdown:
            out += ["", "| " + " | ".join(header) + " |", "|---|---:|---:|---:|---|"]
            out += ["| " + " | ".join(markdown_text(c) for c in r) + " |" for r in body]
            out.append("| " + " | ".join(footer) + " |")
        else:
            # The lines above the table fold to the width; the table fits it by itself.
            out = [
                *fold_lines(out, columns),
                *_table([header, *body, footer], {1, 2, 3}, lang, columns),
            ]
            folded = len(out)
    if not every_row and unchanged_points:
        out += [
            "",
            _t(
                "以下指标有变化但得分不变：",
                "These rows changed but kept their points:",
                lang,
            ),
        ]
        for r in unchanged_points:
            why = ("；" if lang == "zh" else "; ").join(w.get(lang) for w in r.why)
            out.append(f"- {shown_text(_change_name(r, lang))}: {shown_text(why)}")
    named = [*shown, *([] if every_row else unchanged_points)]
    notes = _assumption_notes(
        [
            (Text("前", "Before"), a, [r.before for r in named if r.before is not None]),
            (Text("后", "After"), b, [r.after for r in named if r.after is not None]),
        ],
        lang,
        markdown,
    )
    out += [shown_text(line) for line in notes]
    if not markdown:
        out[folded:] = fold_lines(out[folded:], columns)
    return "\n".join(out) + "\n"


def comparison_dict(comp: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data: every row, with its points before and after."""
    return {
        "before": _with_card_assumptions(
            comp.before,
            {
                "label": comp.label_before.zh,
                "label_en": comp.label_before.en,
                "total": number(comp.before.total),
                "grade": comp.before.grade.name,
            },
        ),
        "after": _with_card_assumptions(
            comp.after,
            {
                "label": comp.label_after.zh,
                "label_en": comp.label_after.en,
                "total": number(comp.after.total),
                "grade": comp.after.grade.name,
            },
        ),
        "total_delta": number(comp.total_delta),
        "grade_changed": comp.grade_changed,
        "rows": [_change_dict(r) for r in comp.rows],
    }


def _change_dict(r: RowChange) -> dict[str, Any]:
    entry = {
        "id": r.id,
        "name": r.label.zh,
        "before": None if r.before is None else number(r.points_before),
        "after": None if r.after is None else number(r.points_after),
        "delta": number(r.delta),
        "why": [{"zh": w.zh, "en": w.en} for w in r.why],
    }
    if r.before is not None:
        _with_assumptions(r.before, entry, "assumptions_before")
    if r.after is not None:
        _with_assumptions(r.after, entry, "assumptions_after")
    return entry


@in_context
def render_comparison(
    comp: Comparison,
    fmt_name: str = "text",
    lang: str = "zh",
    *,
    every_row: bool = False,
    columns: int | None = None,
) -> str:
    """The comparison as text, Markdown or JSON; ``columns`` fits the text table into so
    many terminal columns (None: as wide as it needs)."""
    _check(fmt_name)
    if fmt_name == "json":
        return json.dumps(comparison_dict(comp), ensure_ascii=False, indent=2) + "\n"
    markdown = fmt_name == "markdown"
    return _comparison(
        comp, lang, every_row=every_row, markdown=markdown, columns=None if markdown else columns
    )


# --------------------------------------------------------------------------- sensitivity

TOP_ROWS = 5


def sensitivity_text(sens: Sensitivity, card: Scorecard, lang: str = "zh") -> str:
    """The sensitivity report as text."""
    d = card.decimals
    sp = fmt(sens.spread)
    grade = _grade(sens.grade, lang)
    out = [
        _t(
            f"权重敏感性分析：{card.unit} {card.year} 年（{card.profile_id}）",
            f"Weight sensitivity: {unit_name(card, 'en')} {card.year} ({card.profile_id})",
            lang,
        ),
        "",
        _t(
            f"总分 {fmt_points(sens.total, d)}，等级“{grade}”。方法：每项指标权重单独上下浮动 "
            f"{sp}%，以及 {sens.draws} 次随机抽样（种子 {sens.seed}，每项权重在 ±{sp}% 内"
            f"均匀抽取）；每次都按满分 {fmt(card.full_score)} 重新归一，各行按其评分规则重新计分。",
            f"Total {fmt_points(sens.total, d)}, grade {grade}. Method: each indicator's weight"
            f" moved by ±{sp}% on its own, and {sens.draws} random draws (seed {sens.seed}, every"
            f" weight drawn uniformly within ±{sp}%); each time the weights are rescaled to the"
            f" full score {fmt(card.full_score)} and every row is rescored by its rule.",
            lang,
        ),
        "",
        _t(
            f"总分范围：{fmt_points(sens.low, d)} – {fmt_points(sens.high, d)}。",
            f"Range of the total: {fmt_points(sens.low, d)} – {fmt_points(sens.high, d)}.",
            lang,
        ),
    ]
    if sens.draws:
        held = fmt(sens.grade_held * 100, 1)
        counts = ("、" if lang == "zh" else ", ").join(
            f"{_grade(b, lang)} {n}" for b, n in sens.grades
        )
        out += [
            _t(
                f"随机抽样：5% 分位 {fmt_points(sens.percentile(5), d)}，中位数 "
                f"{fmt_points(sens.percentile(50), d)}，95% 分位 "
                f"{fmt_points(sens.percentile(95), d)}。",
                f"Random draws: 5th percentile {fmt_points(sens.percentile(5), d)}, median "
                f"{fmt_points(sens.percentile(50), d)}, 95th percentile "
                f"{fmt_points(sens.percentile(95), d)}.",
                lang,
            ),
            _t(
                f"等级保持“{grade}”的比例：{held}%（各等级次数：{counts}）。",
                f"The grade stays {grade} in {held}% of draws ({counts}).",
                lang,
            ),
        ]
    assumed = _assumed_weights(card)
    deciding = sens.deciding
    if deciding:
        names = [
            f"{o.label.get(lang)}{assumed.get(o.id, '')}"
            f"（{_grade(o.low_grade, lang)}/{_grade(o.high_grade, lang)}）"
            if lang == "zh"
            else f"{o.label.get(lang)}{assumed.get(o.id, '')}"
            f" ({_grade(o.low_grade, lang)}/{_grade(o.high_grade, lang)})"
            for o in deciding
        ]
        out.append(
            _t(
                f"决定等级的指标（单独浮动 {sp}% 即改变等级，括号内为下调/上调后的等级）："
                + "、".join(names)
                + "。",
                f"Rows whose weight decides the grade (moving it alone by {sp}% changes the"
                " grade; grades after lowering/raising in brackets): " + ", ".join(names) + ".",
                lang,
            )
        )
    else:
        out.append(
            _t(
                f"决定等级的指标：无（任何一项权重单独浮动 {sp}% 都不改变等级）。",
                f"Rows whose weight decides the grade: none (no single weight moved by {sp}%"
                " changes it).",
                lang,
            )
        )
    out += ["", _t("影响最大的指标（单项权重浮动时的总分）：", "Most influential weights:", lang)]
    header = [
        _t("指标", "Indicator", lang),
        _t("分值", "Points", lang),
        f"-{sp}%",
        f"+{sp}%",
        _t("变动幅度", "Swing", lang),
    ]
    shown = sens.most_influential[:TOP_ROWS]
    body = [
        [
            o.label.get(lang) + assumed.get(o.id, ""),
            fmt(o.weight, d),
            fmt_points(o.low_total, d),
            fmt_points(o.high_total, d),
            fmt_points(o.swing, d),
        ]
        for o in shown
    ]
    out += _table([header, *body], {1, 2, 3, 4}, lang)
    if any(o.id in assumed for o in [*deciding, *shown]):
        out += [
            "",
            _t(
                f"标 {ASSUMED_MARK} 的指标，其分值在权重方案中为假设"
                "（理由见 scoring score 的说明）。",
                f"The points of the rows marked {ASSUMED_MARK} are assumed in the weights profile"
                " (scoring score gives the reasons).",
                lang,
            ),
        ]
    # The grades counted rest on the bands' minimums: say which are assumed, with why.
    bands = assumption_lines(card, lang, ())
    if bands:
        out += ["", *bands]
    return "\n".join(out) + "\n"


def _assumed_weights(card: Scorecard) -> dict[str, str]:
    """`` ※`` by the id of each row whose points the weights profile marks assumed."""
    return {r.id: f" {ASSUMED_MARK}" for r in card.rows if r.points_assumed}


def sensitivity_dict(sens: Sensitivity, card: Scorecard | None = None) -> dict[str, Any]:
    """The sensitivity report as JSON-ready data (draw totals summarised, not listed).

    With ``card`` (the scorecard the weights were moved from), a row whose points the weights
    profile marks assumed has ``points_assumed`` (as in the scored JSON), they are listed
    under ``assumed_weights``, and the grade bands marked assumed under ``grades_assumed``:
    each key only where there is a mark.
    """
    rows = {} if card is None else {r.id: r for r in card.rows if r.points_assumed}
    found = {
        "total": number(sens.total),
        "grade": sens.grade.name,
        "spread_percent": number(sens.spread),
        "draws": sens.draws,
        "seed": sens.seed,
        "low": number(sens.low),
        "high": number(sens.high),
        "percentiles": {str(p): number(sens.percentile(p)) for p in (5, 50, 95)},
        "grade_held": number(sens.grade_held),
        "grade_counts": {b.name: n for b, n in sens.grades},
        "deciding": [o.id for o in sens.deciding],
        "one_at_a_time": [
            {
                "id": o.id,
                "weight": number(o.weight),
                "low_total": number(o.low_total),
                "high_total": number(o.high_total),
                "low_grade": o.low_grade.name,
                "high_grade": o.high_grade.name,
                **({"points_assumed": points_assumed(rows[o.id])} if o.id in rows else {}),
            }
            for o in sens.one_at_a_time
        ],
    }
    if rows:
        found["assumed_weights"] = list(rows)
    bands = [] if card is None else grades_assumed(card)
    if bands:
        found["grades_assumed"] = bands
    return found


@in_context
def render_sensitivity(
    sens: Sensitivity, card: Scorecard, fmt_name: str = "text", lang: str = "zh"
) -> str:
    """The sensitivity report as text (Markdown is the same text) or JSON."""
    _check(fmt_name)
    if fmt_name == "json":
        return json.dumps(sensitivity_dict(sens, card), ensure_ascii=False, indent=2) + "\n"
    return sensitivity_text(sens, card, lang)
