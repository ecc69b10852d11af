"""The scoring sheet as a Markdown table, ready to paste into a report."""

from __future__ import annotations

from scoring.core.numbers import fmt, fmt_points
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import (
    Meta,
    assumption_lines,
    cells,
    cited_line,
    colon,
    grade_text,
    label,
    markdown_text,
    profile_name,
    self_total_line,
    title_key,
    total_text,
    unit_name,
)


def render_markdown(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The sheet: 一级, 二级, 三级, 分值, 年度指标值, 实际完成值, 得分, 说明."""
    meta = meta or Meta()
    unit = markdown_text(unit_name(scorecard, lang))
    keys = ("level1", "level2", "level3", "max_points", "target", "value", "points", "explanation")
    header = [label(k, lang) for k in keys]
    out = [
        f"# {label(title_key(scorecard, meta), lang, unit=unit, year=scorecard.year)}",
        "",
        label(
            "profile",
            lang,
            name=markdown_text(profile_name(scorecard, lang)),
            id=markdown_text(scorecard.profile_id),
        ),
        "",
        f"**{label('total', lang)}{colon(lang)}{total_text(scorecard, lang)}**"
        f"{'，' if lang == 'zh' else ', '}{label('grade', lang)}{colon(lang)}"
        f"**{markdown_text(grade_text(scorecard, lang))}**",
        "",
        *_self_total(scorecard, meta, lang),
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if i in (3, 6) else "---" for i in range(len(header))) + "|",
    ]
    for row in scorecard.rows:
        explanation = row.explanation.get(lang)
        cited = cited_line(row, scorecard, meta, lang)
        if cited:
            explanation += f"（{cited}）" if lang == "zh" else f" ({cited})"
        *main, points, mark = cells(row, scorecard, lang)
        cols = [*main, points + mark, explanation]
        out.append("| " + " | ".join(markdown_text(c) for c in cols) + " |")
    out.append(
        f"| {label('sum', lang)} | | | {fmt(scorecard.full_score)} | | | "
        f"{fmt_points(scorecard.uncapped_total, scorecard.decimals)} | |"
    )
    out.append("")
    if meta.information:
        out += [label("information", lang), ""]
        out.extend(f"- {markdown_text(line)}" for line in meta.information)
        out.append("")
    for note in scorecard.notes:
        out += [markdown_text(note.get(lang)), ""]
    assumed = assumption_lines(scorecard, lang)
    if assumed:
        out.append(label("assumed_note", lang))
        out.append("")
        out.extend(f"- {markdown_text(a)}" for a in assumed)
    else:
        out.append(label("no_assumptions", lang))
    return "\n".join(out) + "\n"


def _self_total(scorecard: Scorecard, meta: Meta, lang: str) -> list[str]:
    """The sheet's own 总分 where it is not the total, as a paragraph of its own."""
    line = self_total_line(scorecard, meta, lang)
    return [] if line is None else [markdown_text(line), ""]
