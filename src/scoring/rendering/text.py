"""A readable table for the terminal; columns stay aligned with Chinese text."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.core.numbers import fmt, fmt_points
from scoring.core.scorecard import Scorecard
from scoring.rendering._common import (
    ASSUMED_MARK,
    Meta,
    assumption_lines,
    cells,
    cited_line,
    colon,
    fit_widths,
    fold,
    grade_text,
    hanging,
    label,
    named,
    pad,
    profile_name,
    self_total_line,
    title_key,
    total_text,
    unit_name,
    width,
)

_NUMERIC = {3, 6, 7}


def render_text(scorecard: Scorecard, lang: str = "zh", meta: Meta | None = None) -> str:
    """The scorecard as a terminal table with subtotals, explanations and assumptions."""
    unit = unit_name(scorecard, lang)
    meta = meta or Meta()
    columns = meta.columns or 0
    wide = meta.ambiguous_wide
    out = [
        *fold(
            label(title_key(scorecard, meta), lang, unit=unit, year=scorecard.year), columns, wide
        ),
        *fold(
            label("profile", lang, name=profile_name(scorecard, lang), id=scorecard.profile_id),
            columns,
            wide,
        ),
        "",
        f"{label('total', lang)}{colon(lang)}{total_text(scorecard, lang)}"
        f"    {label('grade', lang)}{colon(lang)}{grade_text(scorecard, lang)}",
        *fold(self_total_line(scorecard, meta, lang) or "", columns, wide),
    ]
    if out[-1]:
        out.append("")
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
        fmt_points(scorecard.uncapped_total, scorecard.decimals),
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
    widths = _fit(
        [max(width(r[i], wide) for r in table) for i in range(len(header))],
        meta.columns,
        numeric={i for i in _NUMERIC if i < len(header)} | ({7} if len(header) > 8 else set()),
        table=table,
        ambiguous_wide=wide,
    )

    def lines(row: list[str]) -> list[str]:
        # The table holds names and figures, no paths: a compound may break at its hyphen.
        folded = [fold(cell, widths[i], wide, compounds=True) for i, cell in enumerate(row)]
        height = max(len(f) for f in folded)
        return [
            "  ".join(
                pad(f[k] if k < len(f) else "", widths[i], right=i in _NUMERIC, ambiguous_wide=wide)
                for i, f in enumerate(folded)
            ).rstrip()
            for k in range(height)
        ]

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    out += [*lines(header), rule]
    for r in body:
        out += lines(r)
    out += [rule, *lines(footer), ""]

    out.append(label("categories", lang))
    for cat in scorecard.categories:
        name = named(cat.name, cat.name_en, lang)
        out.append(
            f"  {name}{colon(lang)}{fmt_points(cat.points, scorecard.decimals)}"
            f" / {fmt(cat.max_points)}{_mark(cat.assumed)}"
        )
        for group in cat.groups:
            gname = named(group.name, group.name_en, lang)
            out.append(
                f"    {gname}{colon(lang)}{fmt_points(group.points, scorecard.decimals)} / "
                f"{fmt(group.max_points)}{_mark(group.assumed or cat.assumed)}"
            )
    out += ["", label("explanations", lang)]
    room = (meta.columns or 0) - 5
    for number, row in enumerate(scorecard.rows, 1):
        first, *rest = fold(row.explanation.get(lang), room, wide)
        out.append(f"{number:>3}. {first}")
        out.extend(f"     {more}" for more in rest)
        cited = cited_line(row, scorecard, meta, lang)
        if cited:
            out.extend(f"     {part}" for part in fold(cited, room, wide))
    out.append("")
    # The notes after the table fit the width too (a note of 300 columns was
    # left to the terminal to wrap at any character); a note's further lines
    # are indented under its first, as the explanations are.
    if meta.information:
        out.append(label("information", lang))
        out.extend(hanging(line, "  ", "    ", columns, wide) for line in meta.information)
        out.append("")
    out.extend(hanging(note.get(lang), "", "  ", columns, wide) for note in scorecard.notes)
    assumed = assumption_lines(scorecard, lang)
    if assumed:
        out.extend(fold(label("assumed_note", lang), columns, wide))
        out.extend(hanging(a, "  ", "    ", columns, wide) for a in assumed)
    else:
        out.extend(fold(label("no_assumptions", lang), columns, wide))
    return "\n".join(out) + "\n"


def _mark(assumed: str | None) -> str:
    """`` ※`` after a subtotal whose points the weights profile marks assumed."""
    return "" if assumed is None else f"  {ASSUMED_MARK}"


# The text columns given up first when the table is too wide: 二级, 一级, then
# 实际完成值, 年度指标值 and 三级 (the indicator's name goes last).
_SHRINK_ORDER = (1, 0, 5, 4, 2)


def _fit(
    widths: list[int],
    columns: int | None,
    numeric: set[int],
    table: Sequence[Sequence[str]],
    ambiguous_wide: bool,
) -> list[int]:
    """Column widths that fit ``columns`` cells, narrowing the text columns in turn."""
    order = [i for i in _SHRINK_ORDER if i not in numeric]
    return fit_widths(
        widths, columns, order, table=table, ambiguous_wide=ambiguous_wide, compounds=True
    )
