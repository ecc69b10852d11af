"""What the renderers share: labels in both languages and a row's cells."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType

from scoring.analysis.provenance import TARGET, Cited
from scoring.core import model
from scoring.core.model import Text, show_value
from scoring.core.numbers import fmt, fmt_points, plain, round_half_up
from scoring.core.record import EMPTY, Record, set_field
from scoring.core.rules import Checklist
from scoring.core.scorecard import Row, Scorecard
from scoring.core.sheetinfo import SheetInfo, SubRow

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The formats of the reports (explain, compare, sensitivity, score --set).
REPORT_FORMATS = ("text", "markdown", "json")

# ※, after a row or a figure that rests on an assumed number (the analyses mark with it too).
ASSUMED_MARK = model.ASSUMED_MARK

# What makes Excel or WPS read a cell as a formula (CWE-1236): = + - @, or a
# tab or carriage return before one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def spreadsheet_text(text: str) -> str:
    """A CSV cell that a spreadsheet shows as the text it is, never runs as a formula.

    Text that starts like a formula gets a ``'``, which Excel and WPS read as
    "this is text" (and do not show); a number, negative or not, stays a number.
    """
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


# What Markdown reads as markup inside a line (backslash-escaped, it prints as
# is); a _ inside a word (key_university_rate) is no markup and stays as it is.
# Compiled (and cached by re) when Markdown is first written: start-up time.
_MARKUP = r"([\\`*\[\]<>|~&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))"


def markdown_text(text: str) -> str:
    """Text from a file as Markdown that prints it as it is: markup characters escaped.

    A ``<script>`` in a unit's name prints as text; a line break becomes a space
    (a table row is one line).
    """
    return re.sub(_MARKUP, r"\\\1", text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


class Meta(Record):
    """Facts about the run that the scorecard itself does not hold."""

    rules_sha256: str | None
    rule_files: tuple[str, ...]
    # 偏差原因分析及改进措施 from the facts file, by indicator id (csv, html, xlsx).
    reasons: Mapping[str, str]
    # The sheet cells each row was read from, by indicator id (shown in place of a quote).
    cells: Mapping[str, tuple[Cited, ...]]
    # The clerk's own 得分 from the sheet, by indicator id, and its 总分 (shown where they differ).
    self_scores: Mapping[str, Decimal]
    self_total: Decimal | None
    # What the sheet says that is not scored (其中 sub-rows, rows without points, funds lines).
    information: tuple[str, ...]
    # The sheet's header block, funds block and sign-off (html, xlsx).
    sheet: SheetInfo | None
    # The terminal's width for the text table (None: as wide as it needs), and
    # whether East Asian ambiguous characters (≤ ≥ “ ” …) are drawn two cells wide.
    columns: int | None
    ambiguous_wide: bool
    __slots__ = (
        "ambiguous_wide",
        "cells",
        "columns",
        "information",
        "reasons",
        "rule_files",
        "rules_sha256",
        "self_scores",
        "self_total",
        "sheet",
    )

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        rules_sha256: str | None = None,
        rule_files: tuple[str, ...] = (),
        reasons: Mapping[str, str] = EMPTY,
        cells: Mapping[str, tuple[Cited, ...]] = EMPTY,
        self_scores: Mapping[str, Decimal] = EMPTY,
        information: tuple[str, ...] = (),
        sheet: SheetInfo | None = None,
        columns: int | None = None,
        ambiguous_wide: bool = False,
        self_total: Decimal | None = None,
    ) -> None:
        set_field(self, "rules_sha256", rules_sha256)
        set_field(self, "rule_files", rule_files)
        set_field(self, "reasons", _frozen(reasons))
        set_field(self, "cells", _frozen(cells))
        set_field(self, "self_scores", _frozen(self_scores))
        set_field(self, "information", information)
        set_field(self, "sheet", sheet)
        set_field(self, "columns", columns)
        set_field(self, "ambiguous_wide", ambiguous_wide)
        set_field(self, "self_total", self_total)

    def self_score_differs(self, row: Row, decimals: int) -> Decimal | None:
        """The clerk's 得分 for ``row`` when it is not the computed points to the cent."""
        given = self.self_scores.get(row.id)
        if given is None or row.informational or agree(given, row.points, decimals):
            return None
        return given

    def self_total_differs(self, scorecard: Scorecard) -> Decimal | None:
        """The sheet's own 总分 when it is not the computed total to the cent."""
        given = self.self_total
        if given is None or agree(given, scorecard.total, scorecard.decimals):
            return None
        return given


def agree(given: Decimal, computed: Decimal, decimals: int) -> bool:
    """Whether the clerk's figure is the computed one to the cent (to the sheet's decimals when
    it keeps more): 18.8 is 18.80, 27.4 is not 27 on a sheet of whole points."""
    places = max(2, decimals)
    return round_half_up(given, places) == round_half_up(computed, places)


def difference(given: Decimal, computed: Decimal, lang: str) -> str:
    """How far the sheet's figure is from the computed one: 表中多 1 分 / 1 more on the sheet."""
    gap = fmt(abs(given - computed), 6)
    if lang == "en":
        return f"{gap} {'more' if given > computed else 'less'} on the sheet"
    return f"表中{'多' if given > computed else '少'} {gap} 分"


def self_score_note(row: Row, scorecard: Scorecard, meta: Meta, lang: str) -> str | None:
    """表中自评得分 28，与计算得分 27.00 不同，表中多 1 分; None where they agree."""
    given = meta.self_score_differs(row, scorecard.decimals)
    return _sheet_says("self_score_note", given, row.points, scorecard.decimals, lang)


def self_total_line(scorecard: Scorecard, meta: Meta, lang: str) -> str | None:
    """The sheet's 总分 beside the total the rules give, and the difference; None where they
    agree, or the sheet gives none."""
    given = meta.self_total_differs(scorecard)
    return _sheet_says("self_total_note", given, scorecard.total, scorecard.decimals, lang)


def _sheet_says(
    key: str, given: Decimal | None, computed: Decimal, decimals: int, lang: str
) -> str | None:
    """The sentence ``key`` with the sheet's figure, the computed one and the difference."""
    if given is None:
        return None
    return label(
        key,
        lang,
        given=fmt(given, 6),
        computed=fmt_points(computed, decimals),
        difference=difference(given, computed, lang),
    )


def self_score_lines(scorecard: Scorecard, meta: Meta, lang: str) -> list[str]:
    """The sheet's 总分 and each row's 得分 that differ from the rules', one line each (the
    notes under the 自评表 in html and xlsx, which show the computed figures only)."""
    lines = [line for line in [self_total_line(scorecard, meta, lang)] if line is not None]
    for row in scorecard.rows:
        note = self_score_note(row, scorecard, meta, lang)
        if note is not None:
            end = "。" if lang == "zh" else "."
            lines.append(f"{indicator_name(row, lang)}{colon(lang)}{note}{end}")
    return lines


LABELS: dict[str, Text] = {
    "title": Text(
        "{unit} {year} 年度部门整体支出绩效自评",
        "{unit}: {year} budget performance self-evaluation",
    ),
    "project_title": Text(
        "{unit} {year} 年度项目支出绩效自评",
        "{unit}: {year} project expenditure performance self-evaluation",
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
    # Points the weights profile marks assumed: the row's own, its group's, its category's.
    "assumed_points_indicator": Text("分值为假设（{reason}）", "its points are assumed ({reason})"),
    # A group's or category's reason is given once, on its own line (assumed_points_of).
    "assumed_points_group": Text(
        "所在二级指标“{name}”的分值为假设", "the points of its group {name} are assumed"
    ),
    "assumed_points_category": Text(
        "所在一级指标“{name}”的分值为假设", "the points of its category {name} are assumed"
    ),
    "assumed_points_of": Text("分值为假设（{reason}）", "points assumed ({reason})"),
    "scope_group": Text("二级指标", "Group "),
    "scope_groups": Text("二级指标", "Groups "),
    "scope_category": Text("一级指标", "Category "),
    "scope_categorys": Text("一级指标", "Categories "),
    "assumed_grade": Text(
        "“{name}”从 {min} 分起为假设（{reason}）", "{name} from {min} is assumed ({reason})"
    ),
    "self_score": Text("表中得分", "Sheet score"),
    "cited": Text("来源：", "Read from: "),
    "cited_value": Text("实际完成值", "actual"),
    "cited_target": Text("年度指标值", "target"),
    "self_score_note": Text(
        "表中自评得分 {given}，与计算得分 {computed} 不同，{difference}",
        "the sheet says {given}, computed {computed}: {difference}",
    ),
    "self_total_note": Text(
        "表中总分 {given}，与按规则计算的总分 {computed} 不同，{difference}。",
        "The sheet's total is {given}; the rules give {computed}: {difference}.",
    ),
    "information": Text(
        "表中不计分的信息（其中项、未设分值的行、资金明细）：",
        "Read from the sheet but not scored (sub-rows, rows without points, funds lines):",
    ),
    "no_assumptions": Text(
        "所有数字均来自报告或公开文件。", "Every number comes from the report or a public source."
    ),
}


def title_key(scorecard: Scorecard, meta: Meta) -> str:
    """``project_title`` for a project's sheet (项目支出), else ``title`` (部门整体支出).

    A project is known by its sheet's 项目名称, or by the national project split
    its weights profile scores by (产出指标, 效益指标, 满意度指标).
    """
    project = meta.sheet is not None and meta.sheet.is_project
    project = project or {c.name for c in scorecard.categories} >= {"产出指标", "效益指标"}
    return "project_title" if project else "title"


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
    # An informational row (其中, a figure for context) is shown without points.
    shown = not row.informational
    return [
        level1,
        level2,
        indicator_name(row, lang),
        fmt(row.max_points, scorecard.decimals) if shown else "",
        str(row.target.get(lang)),
        value_text(row, lang),
        fmt_points(row.points, scorecard.decimals) if shown else "",
        ASSUMED_MARK if row.assumed else "",
    ]


def value_text(row: Row, lang: str) -> str:
    """The 实际完成值 cell: the value in the target's unit; a checklist says how many items."""
    if isinstance(row.value, bool) and lang == "en":
        return "yes" if row.value else "no"
    rule = row.indicator.rule
    if isinstance(row.value, tuple) and isinstance(rule, Checklist):
        # The items met are named in the explanation; the cell says how many.
        met = sum(1 for item in rule.items if {item.id, item.name} & set(row.value))
        total = len(rule.items)
        return f"{met} of {total} items" if lang == "en" else f"{met}/{total} 项"
    target = row.target.get(lang)
    if isinstance(row.value, Decimal):
        # As many decimals as it takes to read on the right side of the rule's figures.
        return rule.show(row.value, target)
    return show_value(row.value, target.unit, lang=lang, name_en=rule.name_en)


# The most decimals a value is shown with in full on the sheet to hand in: a figure
# typed on a sheet or in a facts file (99.875) has few, a quotient (81 ÷ 85) many.
SHEET_VALUE_DECIMALS = 6


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def sheet_value(row: Row, lang: str) -> tuple[str, bool]:
    """The 实际完成值 cell of the sheet to hand in, and whether it is rounded for display.

    A value of up to :data:`SHEET_VALUE_DECIMALS` decimals is shown with all of them
    (99.875%, not 99.88%: the clerk's figure is not rounded away); a value with more
    (a quotient) as :func:`value_text` shows it, and :func:`sheet_notes` says so.
    """
    value = row.value
    if isinstance(value, Decimal) and not row.informational:
        if _places(value) <= SHEET_VALUE_DECIMALS:
            return row.target.get(lang).show(value, SHEET_VALUE_DECIMALS), False
        return value_text(row, lang), True
    return value_text(row, lang), False


def rounded_values_lines(lang: str, layout: SheetLayout) -> list[str]:
    """The notes naming the table's values the sheet shows rounded, each with more decimals
    (the budget execution row in the funds block shows its rate there), and those the
    profile rounded before scoring, each with its value before; one line each."""

    def rounded(row: Row, value: Decimal) -> str:
        return sheet_word(
            "rounded_value",
            lang,
            name=indicator_name(row, lang),
            shown=sheet_value(row, lang)[0],
            value=row.target.get(lang).show(value, SHEET_VALUE_DECIMALS),
        )

    parts = [
        rounded(row, row.value)
        for row in layout.table
        if isinstance(row.value, Decimal) and sheet_value(row, lang)[1]
    ]
    lines = []
    if parts:
        lines.append(
            sheet_word("rounded_values", lang, rows=sheet_word("list_sep", lang).join(parts))
        )
    # A value the profile's value_decimals rounded before scoring: the rule says so, and
    # the sheet, which shows the rounded value, says what it was.
    by_rule = [
        rounded(row, row.raw_value) for row in layout.table if isinstance(row.raw_value, Decimal)
    ]
    if by_rule:
        lines.append(
            sheet_word("rule_rounded_values", lang, rows=sheet_word("list_sep", lang).join(by_rule))
        )
    return lines


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


def total_text(scorecard: Scorecard, lang: str) -> str:
    """The total out of the full score, as the header shows it: ``89.00 / 100``, and a capped
    one with the rows' sum before the cap (``89.00 / 100（封顶前 97.50）``)."""
    d = scorecard.decimals
    total = f"{fmt_points(scorecard.total, d)} / {fmt(scorecard.full_score)}"
    capped = scorecard.capped
    if capped is None or not capped.binding:
        return total
    before = fmt_points(capped.uncapped, d)
    return f"{total}（封顶前 {before}）" if lang == "zh" else f"{total} (capped; {before} before)"


def grade_text(scorecard: Scorecard, lang: str) -> str:
    return named(scorecard.grade.name, scorecard.grade.name_en, lang)


def colon(lang: str) -> str:
    """What ends a label: the full-width colon in Chinese (总分：), ``: `` in English."""
    return "：" if lang == "zh" else ": "


def assumption_lines(
    scorecard: Scorecard, lang: str, rows: Iterable[Row] | None = None
) -> list[str]:
    """One line per row that rests on an assumption, saying which; then one line per reason
    the points of groups or categories are assumed (named by their rows' lines, given once
    for all), and the grade's, if its bands are assumed.

    ``rows`` limits the lines to the rows a report names (explain's losses, a comparison's
    changes); by default every row of the scorecard.
    """
    lines = []
    sep = "；" if lang == "zh" else "; "
    # (scope, reason) -> the groups or categories so marked, in the order their rows come.
    wider: dict[tuple[str, str], list[str]] = {}
    for row in scorecard.assumed_rows if rows is None else [r for r in rows if r.assumed]:
        parts = []
        if row.target_assumed:
            parts.append(label("assumed_target", lang))
        if row.assumed_facts:
            names = [_fact_name(row, fact, lang) for fact in row.assumed_facts]
            parts.append(
                label("assumed_facts", lang) + ("、" if lang == "zh" else ", ").join(names)
            )
        for given in row.points_assumed:
            name = named(given.name, given.name_en, lang)
            parts.append(
                label(f"assumed_points_{given.scope}", lang, name=name, reason=given.reason)
            )
            if given.scope != "indicator":
                marked = wider.setdefault((given.scope, given.reason), [])
                if name not in marked:
                    marked.append(name)
        lines.append(f"{ASSUMED_MARK} {indicator_name(row, lang)}{colon(lang)}{sep.join(parts)}")
    for (scope, reason), names in wider.items():
        what = label(f"scope_{scope}" + ("s" if len(names) > 1 else ""), lang)
        which = "、".join(f"“{n}”" for n in names) if lang == "zh" else ", ".join(names)
        said = label("assumed_points_of", lang, reason=reason)
        lines.append(f"{ASSUMED_MARK} {what}{which}{colon(lang)}{said}")
    bands = [
        label(
            "assumed_grade",
            lang,
            name=named(b.name, b.name_en, lang),
            min=plain(b.min),
            reason=b.assumed,
        )
        for b in sorted(scorecard.grades, key=lambda b: b.min, reverse=True)
        if b.assumed is not None
    ]
    if bands:
        lines.append(f"{ASSUMED_MARK} {label('grade', lang)}{colon(lang)}{sep.join(bands)}")
    return lines


def _fact_name(row: Row, fact: str, lang: str) -> str:
    """A fact as a reader knows it: its Chinese name (English: its English name, or its id)."""
    info = row.indicator.fact_info(fact)
    return info.name if lang == "zh" else info.name_en or fact


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
    note = self_score_note(row, scorecard, meta, lang)
    if note is not None:
        text = f"{text}{sep}{note}" if text else note
    return text or None


def width(text: str, ambiguous_wide: bool = False) -> int:
    """Terminal cells ``text`` takes: a full-width (CJK) character takes two.

    With ``ambiguous_wide``, so do the characters Unicode calls ambiguous
    (≤ ≥ “ ” … ※), as East Asian terminals and fonts draw them.
    """
    wide = ("W", "F", "A") if ambiguous_wide else ("W", "F")
    return sum(2 if unicodedata.east_asian_width(ch) in wide else 1 for ch in text)


def pad(text: str, cells_wide: int, right: bool = False, ambiguous_wide: bool = False) -> str:
    gap = " " * max(0, cells_wide - width(text, ambiguous_wide))
    return gap + text if right else text + gap


_NARROWEST = 8  # four Chinese characters


def _longest_run(text: str, ambiguous_wide: bool, compounds: bool) -> int:
    """The width of ``text``'s widest part that :func:`fold` keeps whole (a word, a number)."""
    longest = run = 0
    for at, ch in enumerate(text):
        cells = width(ch, ambiguous_wide)
        run = run + cells if at and _joined(text, at, compounds) else cells
        longest = max(longest, run)
    return longest


def fit_widths(
    widths: list[int],
    columns: int | None,
    order: Sequence[int],
    *,
    table: Sequence[Sequence[str]],
    ambiguous_wide: bool = False,
    compounds: bool = False,
) -> list[int]:
    """Column widths (with two cells between columns) that fit ``columns`` cells, narrowing
    the columns of ``order``, none below four Chinese characters; as they are without
    ``columns``.

    Each cell of width is taken from the column where it makes the ``table`` (its heading
    first) fewest lines longer once its cells are folded (:func:`fold`): a target column
    with room to spare gives it before the indicator's name wraps onto another line, and
    no column is narrower than its heading while another can give. On a tie, from the
    widest column (the earlier in ``order`` on a tie).
    """
    if columns is None:
        return widths
    order = [i for i in order if i < len(widths)]
    # The room the columns of ``order`` have: the others keep their widths.
    room = columns - 2 * (len(widths) - 1) - sum(w for i, w in enumerate(widths) if i not in order)
    known: dict[tuple[int, int], list[int]] = {}
    runs = {i: [_longest_run(row[i], ambiguous_wide, compounds) for row in table] for i in order}

    def lines(column: int, wide: int) -> list[int]:
        """How many lines each row's cell of ``column`` takes at ``wide`` cells."""
        if (column, wide) not in known:
            known[column, wide] = [
                len(fold(row[column], wide, ambiguous_wide, compounds))
                if width(row[column], ambiguous_wide) > wide
                else 1
                for row in table
            ]
        return known[column, wide]

    def height(wides: Mapping[int, int]) -> tuple[int, int]:
        """The cells cut inside a word or number (percenta|ge), then the table's lines,
        with the columns of ``order`` at ``wides``; the others fit on one line."""
        if not order:
            return 0, len(table)
        cut = sum(run > wides[i] for i in order for run in runs[i])
        return cut, sum(map(max, zip(*(lines(i, wides[i]) for i in order), strict=True)))

    # A heading is folded only when nothing else gives (年度指标 over 值 reads badly).
    floors = {i: max(_NARROWEST, width(table[0][i], ambiguous_wide)) for i in order}
    wides = {i: widths[i] for i in order}
    while sum(wides.values()) > room:
        candidates = [i for i in order if wides[i] > floors[i]]
        if not candidates:
            if any(floors[i] > _NARROWEST for i in order):
                floors = dict.fromkeys(order, _NARROWEST)
                continue
            break  # as narrow as it goes: the terminal wraps what is left

        def narrowed(i: int) -> tuple[tuple[int, int], int, int]:
            return height({**wides, i: wides[i] - 1}), -wides[i], order.index(i)

        best = min(candidates, key=narrowed)
        wides[best] -= 1
    # Taking a cell at a time can take the wrong one first (a column whose one long cell
    # wraps, before one whose every cell does): cells are moved between columns while
    # that makes the table shorter.
    for _ in range(4 * len(table) + 20):
        here = height(wides)
        moves = [
            {**wides, a: wides[a] - step, b: wides[b] + step}
            for a in order
            for b in order
            if a != b
            for step in (1, 2, 4, 8)
            if wides[a] - step >= floors[a] and wides[b] + step <= widths[b]
        ]
        shorter = [m for m in moves if height(m) < here]
        if not shorter:
            break
        wides = min(shorter, key=height)
    return [wides.get(i, w) for i, w in enumerate(widths)]


# What a line does not start with (closing marks, a reference's !) or end with
# (opening marks), as Chinese is set.
_NO_LINE_START = frozenset("!%),.:;?）》」』】，。、；：？！…”")
_NO_LINE_END = frozenset("(（《「『【“")


def _joined(text: str, at: int, compounds: bool = False) -> bool:
    """Whether a line may not be cut before ``text[at]`` (``at`` > 0).

    Not inside a Latin word, path or number, before a closing mark or after an opening
    one. With ``compounds`` (a table's names, which hold no paths), after the hyphen of
    a compound word (Compulsory-|education), as English is set; never after a minus
    sign (-0.15%) or an option's dashes (--lang).
    """
    a, b = text[at - 1], text[at]
    if b in _NO_LINE_START or a in _NO_LINE_END:
        return True
    if compounds and a == "-" and b.isascii() and b.isalpha() and text[at - 2 : at - 1].isalnum():
        return False
    return a.isascii() and b.isascii() and not a.isspace() and not b.isspace()


def fold(
    text: str, cells_wide: int, ambiguous_wide: bool = False, compounds: bool = False
) -> list[str]:
    """``text`` cut into lines of at most ``cells_wide`` terminal cells.

    Cut where a reader cuts Chinese: at the last place in the line between two
    characters that are not both of one Latin word, path or number (自评表!F12,
    93.88, .xlsx stay whole), and never before a closing mark (，。：）) or after
    an opening one; else where the line is full. A single character wider than
    the line stands alone.
    """
    if cells_wide <= 0 or width(text, ambiguous_wide) <= cells_wide:
        return [text]
    wide = ("W", "F", "A") if ambiguous_wide else ("W", "F")
    lines: list[str] = []
    line = ""
    used = 0  # width(line), kept as the line grows
    for ch in text:
        cells = 2 if unicodedata.east_asian_width(ch) in wide else 1
        if line and used + cells > cells_wide:
            rest = line + ch
            cut = len(line)
            while cut > 0 and _joined(rest, cut, compounds):
                cut -= 1
            if not line[:cut].strip():
                cut = len(line)
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used = width(line, ambiguous_wide)
        if line or not ch.isspace():
            line += ch
            used += cells
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def hanging(text: str, first: str, rest: str, columns: int, wide: bool = False) -> str:
    """``text`` after ``first``, folded into ``columns`` with ``rest`` before each further line."""
    if columns <= 0:
        return first + text
    head = fold(text, columns - width(first, wide), wide)[0]
    left = text[len(head) :].lstrip()
    more = fold(left, columns - width(rest, wide), wide) if left else []
    return "\n".join([first + head, *(rest + line for line in more)])


# What a line of a report starts with that its further lines hang under: its indent, and a
# list mark after it (- item, 1. item, ※ row).
_LEAD = re.compile(r" *(?:- |[0-9]+\. |※ )?")


def fold_lines(lines: Iterable[str], columns: int | None, wide: bool = False) -> list[str]:
    """Each line (of several, when it holds line breaks) folded into ``columns``, its further
    lines under its text after its indent and list mark; as they are without ``columns``."""
    if not columns:
        return list(lines)
    out: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            lead = _LEAD.match(part)
            first = lead.group(0) if lead else ""
            rest = " " * width(first, wide)
            out += hanging(part[len(first) :], first, rest, columns, wide).split("\n")
    return out


# ------------------------------------------------------------- the 自评表 (html, xlsx)

# The national column names of the indicator table, in the template's order
# (财预〔2020〕10号). A sheet is read back by these names: keep them exactly.
SHEET_COLUMNS_ZH = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
SHEET_COLUMNS_EN = (
    "Level 1",
    "Level 2",
    "Indicator",
    "Target",
    "Actual",
    "Points",
    "Score",
    "Deviation reasons and improvements",
)

_SHEET_WORDS = {
    "project_title": ("项目支出绩效自评表", "Project expenditure performance self-evaluation"),
    "department_title": (
        "部门整体支出绩效自评表",
        "Department-wide expenditure performance self-evaluation",
    ),
    "year": ("（{year}年度）", "({year})"),
    "project": ("项目名称", "Project"),
    "unit": ("部门（单位）名称", "Unit"),
    "department": ("主管部门", "Competent department"),
    "implementer": ("实施单位", "Implementing unit"),
    "funds": ("项目资金（万元）", "Funds (10,000 yuan)"),
    "funds_department": ("年度预算安排（万元）", "Budget (10,000 yuan)"),
    "initial": ("年初预算数", "Initial budget"),
    "adjusted": ("全年预算数", "Adjusted budget"),
    "executed": ("全年执行数", "Spent"),
    "rate": ("执行率", "Execution rate"),
    "of_which": ("其中：", "of which: "),
    "goal": ("年度总体目标", "Overall goal of the year"),
    "planned": ("预期目标", "Planned"),
    "achieved": ("实际完成情况", "Achieved"),
    "total": ("总分", "Total"),
    "capped_total": ("总分（封顶后，最高 {most} 分）", "Total (capped at {most})"),
    "rows_total": ("合计（封顶前）", "Total before the cap"),
    "grade": ("等级", "Grade"),
    "note": ("注：", "Notes: "),
    "bands": ("等级标准：", "Grades: "),
    "band_min": ("{name} ≥ {min} 分", "{name} from {min}"),
    "band_low": ("{name} < {min} 分", "{name} below {min}"),
    "sep": ("；", "; "),
    "list_sep": ("、", ", "),
    "points_rounding": (
        "各行得分按四舍五入保留 {decimals} 位小数，总分为各行得分之和。",
        "Each row's score is rounded half up to {decimals} decimals; the total is their sum.",
    ),
    "points_whole": (
        "各行得分按四舍五入取整数，总分为各行得分之和。",
        "Each row's score is rounded half up to whole points; the total is their sum.",
    ),
    "rounded_values": (
        "计算所得的实际完成值四舍五入显示（括号内为保留 6 位小数的计算值）：{rows}。",
        "Computed achieved values are shown rounded (to 6 decimals in brackets): {rows}.",
    ),
    "targets_read": (
        "年度指标值按以下读法写出：{rows}。",
        "Targets are written as they were read: {rows}.",
    ),
    "rule_rounded_values": (
        "按评分规则先四舍五入再计分的实际完成值（括号内为原值，保留 6 位小数）：{rows}。",
        "Achieved values rounded by the rules before scoring (the value before, to 6"
        " decimals, in brackets): {rows}.",
    ),
    "sub_row": ("其中项，不计分", "a sub-row, not scored"),
    "unpointed_row": ("未设分值，不计分", "a row without points, not scored"),
    "funds_line": (
        "{amounts}（资金明细，不单独计分）",
        "{amounts} (a line of the funds, not scored on its own)",
    ),
    "funds_line_empty": ("资金明细，不单独计分", "a line of the funds, not scored on its own"),
    "rate_rounding": (
        "执行率按四舍五入显示 2 位小数。",
        "Execution rates are shown rounded to 2 decimals.",
    ),
    "rounded_value": ("{name} {shown}（{value}）", "{name} {shown} ({value})"),
    "funds_note": (
        "执行率 = 全年执行数 ÷ 全年预算数；{name}的分值与得分见{block}栏。",
        "Execution rate = spent ÷ adjusted budget; the points of {name} are in the funds block.",
    ),
    "funds_reason": (
        "{name}偏差原因分析及改进措施：{reason}",
        "{name}, deviation reason: {reason}",
    ),
    "filled_by": ("填表人：", "Prepared by: "),
    "phone": ("联系电话：", "Telephone: "),
    "head": ("负责人：", "Head of unit: "),
    "date": ("填报日期：", "Date: "),
    "seal": ("单位（盖章）：", "Unit (seal): "),
}


def sheet_word(key: str, lang: str, **values: object) -> str:
    """A word of the 自评表's layout in ``lang``."""
    zh, en = _SHEET_WORDS[key]
    return (en if lang == "en" else zh).format(**values)


def sheet_columns(lang: str) -> tuple[str, ...]:
    return SHEET_COLUMNS_EN if lang == "en" else SHEET_COLUMNS_ZH


class SheetLayout(Record):
    """What goes where on the 自评表.

    With a funds block, the budget execution row (rule ``budget_execution``)
    is shown there (分值, 执行率, 得分), as on the national template, and not
    in the indicator table. The table's rows are grouped by 一级指标 in the
    profile's order, so that equal 一级 and 二级 cells are adjacent and merge.
    """

    info: SheetInfo
    execution: Row | None
    table: tuple[Row, ...]
    __slots__ = ("execution", "info", "table")

    def __init__(
        self,
        info: SheetInfo,
        execution: Row | None,
        table: tuple[Row, ...],
    ) -> None:
        set_field(self, "info", info)
        set_field(self, "execution", execution)
        set_field(self, "table", table)

    @classmethod
    def of(cls, scorecard: Scorecard, info: SheetInfo | None) -> SheetLayout:
        info = info or SheetInfo()
        rows = [r for r in scorecard.rows if r.indicator.rule.kind == "budget_execution"]
        execution = rows[0] if info.funds is not None and len(rows) == 1 else None
        order = {cat.name: i for i, cat in enumerate(scorecard.categories)}
        grouped = sorted(scorecard.rows, key=lambda r: order.get(r.indicator.level1, len(order)))
        return cls(info, execution, tuple(r for r in grouped if r is not execution))

    def entries(self) -> tuple[tuple[Row, SubRow | None], ...]:
        """The table's lines: each row, then its 其中 sub-rows (``(row, sub)``), in order."""
        out: list[tuple[Row, SubRow | None]] = []
        for row in self.table:
            out.append((row, None))
            out.extend((row, sub) for sub in self.info.under(row.id))
        return tuple(out)

    def title(self, lang: str) -> str:
        return sheet_word("project_title" if self.info.is_project else "department_title", lang)

    def name_row(self, scorecard: Scorecard, lang: str) -> tuple[str, str]:
        """(项目名称, the project) or (部门（单位）名称, the unit)."""
        if self.info.project is not None:
            return sheet_word("project", lang), self.info.project
        return sheet_word("unit", lang), unit_name(scorecard, lang)

    def implementer(self, scorecard: Scorecard, lang: str) -> str:
        """实施单位: as given; on a project sheet the unit when not given."""
        if self.info.implementer is not None:
            return self.info.implementer
        return unit_name(scorecard, lang) if self.info.is_project else ""

    def funds_label(self, lang: str) -> str:
        return sheet_word("funds" if self.info.is_project else "funds_department", lang)


def sub_row_name(sub: SubRow, lang: str) -> str:
    """其中：主干道, as a 自评表 writes a sub-row (``of which: `` in English, 其中 主干道 and
    其中:主干道 alike); a row without points by its name."""
    if not sub.of_which:
        return sub.name
    return sheet_word("of_which", lang) + re.sub(r"^其中\s*[:：]?\s*", "", sub.name)


def spans(rows: tuple[Row, ...], level: int) -> list[int]:
    """Row spans that merge equal 一级 (``level`` 1) or 一级+二级 (2) cells; 0 inside a span."""
    out = [0] * len(rows)
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or _levels(rows[i], level) != _levels(rows[start], level):
            out[start] = i - start
            start = i
    return out


def _levels(row: Row, level: int) -> tuple[str, ...]:
    return (row.indicator.level1, row.indicator.level2)[:level]


def grade_bands_line(scorecard: Scorecard, lang: str) -> str | None:
    """等级标准：优 ≥ 90 分；良 ≥ 80 分；中 ≥ 60 分；差 < 60 分 (None without bands)."""
    bands = sorted(scorecard.grades, key=lambda b: b.min, reverse=True)
    if not bands:
        return None
    parts = [
        sheet_word("band_min", lang, name=named(b.name, b.name_en, lang), min=plain(b.min))
        + ("" if b.assumed is None else f" {ASSUMED_MARK}")  # its minimum is assumed
        for b in bands[:-1]
    ]
    low = bands[-1]
    if len(bands) > 1:
        low_name = named(low.name, low.name_en, lang)
        parts.append(sheet_word("band_low", lang, name=low_name, min=plain(bands[-2].min)))
    return sheet_word("bands", lang) + sheet_word("sep", lang).join(parts)


def sheet_notes(scorecard: Scorecard, meta: Meta, layout: SheetLayout, lang: str) -> list[str]:
    """The notes below the table: the sheet's own figures that the rules do not give, ※ rows,
    the scorecard's notes, the funds block, the bands."""
    lines = self_score_lines(scorecard, meta, lang)
    assumed = assumption_lines(scorecard, lang)
    if assumed:
        lines.append(label("assumed_note", lang))
        lines.extend(assumed)
    lines.extend(note.get(lang) for note in scorecard.notes)
    execution = layout.execution
    if execution is not None:
        name = indicator_name(execution, lang)
        lines.append(sheet_word("funds_note", lang, name=name, block=layout.funds_label(lang)))
        reason = meta.reasons.get(execution.id)
        if reason:
            lines.append(sheet_word("funds_reason", lang, name=name, reason=reason))
    read_as = [
        f"{indicator_name(row, lang)} {cited.cell}"
        for row in layout.table
        for cited in meta.cells.get(row.id, ())
        if cited.what == TARGET and "（" in cited.cell  # a cell read with a note
    ]
    if read_as:
        lines.append(sheet_word("targets_read", lang, rows=sheet_word("sep", lang).join(read_as)))
    lines.extend(rounded_values_lines(lang, layout))
    if layout.info.funds is not None:
        lines.append(sheet_word("rate_rounding", lang))
    decimals = scorecard.decimals
    lines.append(
        sheet_word("points_rounding", lang, decimals=decimals)
        if decimals
        else sheet_word("points_whole", lang)
    )
    bands = grade_bands_line(scorecard, lang)
    if bands:
        lines.append(bands)
    return lines


def sign_off(info: SheetInfo, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sign-off line in two rows: 填表人, 联系电话, 填报日期; then 负责人, 单位（盖章）."""
    return (
        (
            sheet_word("filled_by", lang) + (info.filled_by or ""),
            sheet_word("phone", lang) + (info.phone or ""),
            sheet_word("date", lang) + (info.date or ""),
        ),
        (sheet_word("head", lang) + (info.head or ""), sheet_word("seal", lang)),
    )
