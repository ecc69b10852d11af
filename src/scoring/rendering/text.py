"""A readable table for the terminal; columns stay aligned with Chinese text."""

from __future__ import annotations

from scoring.core.numbers import fmt, fmt_points
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import (
    Meta,
    assumption_lines,
    cells,
    cited_line,
    grade_text,
    label,
    named,
    pad,
    profile_name,
    unit_name,
    width,
)

_NUMERIC = {3, 6, 7}


def render_text(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The scorecard as a terminal table with subtotals, explanations and assumptions."""
    unit = unit_name(scorecard, lang)
    out = [
        label("title", lang, unit=unit, year=scorecard.year),
        label("profile", lang, name=profile_name(scorecard, lang), id=scorecard.profile_id),
        "",
        f"{label('total', lang)}: {fmt_points(scorecard.total, scorecard.decimals)} / "
        f"{fmt(scorecard.full_score)}    {label('grade', lang)}: {grade_text(scorecard, lang)}",
        "",
    ]
    meta = meta or Meta()
    header = [
        label(k, lang)
        for k in ("level1", "level2", "level3", "max_points", "target", "value", "points")
    ] + [""]
    body = [cells(row, scorecard, lang) for row in scorecard.rows]
    footer = [
        label("sum", lang),
        "",
        "",
        fmt(scorecard.full_score),
        "",
        "",
        fmt_points(scorecard.total, scorecard.decimals),
        "",
    ]
    given = [meta.self_score_differs(row, scorecard.decimals) for row in scorecard.rows]
    if any(g is not None for g in given):
        # The clerk's own 得分 beside the computed one, on the rows where they differ.
        header.insert(7, label("self_score", lang))
        for cells_of_row, value in zip(body, given, strict=True):
            cells_of_row.insert(7, "" if value is None else fmt(value, 6))
        footer.insert(7, "")
    table = [header, *body, footer]
    widths = [max(width(r[i]) for r in table) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            pad(cell, widths[i], right=i in _NUMERIC) for i, cell in enumerate(row)
        ).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    out += [line(header), rule, *(line(r) for r in body), rule, line(footer), ""]

    out.append(label("categories", lang))
    for cat in scorecard.categories:
        name = named(cat.name, cat.name_en, lang)
        out.append(
            f"  {name}: {fmt_points(cat.points, scorecard.decimals)} / {fmt(cat.max_points)}"
        )
        for group in cat.groups:
            gname = named(group.name, group.name_en, lang)
            out.append(
                f"    {gname}: {fmt_points(group.points, scorecard.decimals)} / "
                f"{fmt(group.max_points)}"
            )
    out += ["", label("explanations", lang)]
    for number, row in enumerate(scorecard.rows, 1):
        text = row.explanation.get(lang)
        out.append(f"{number:>3}. {text}")
        cited = cited_line(row, scorecard, meta, lang)
        if cited:
            out.append(f"     {cited}")
    out.append("")
    if meta.information:
        out.append(label("information", lang))
        out.extend(f"  {line}" for line in meta.information)
        out.append("")
    for note in scorecard.notes:
        out.append(note.get(lang))
    assumed = assumption_lines(scorecard, lang)
    if assumed:
        out.append(label("assumed_note", lang))
        out.extend(f"  {a}" for a in assumed)
    else:
        out.append(label("no_assumptions", lang))
    return "\n".join(out) + "\n"
