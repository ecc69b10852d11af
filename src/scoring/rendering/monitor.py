"""A monitoring report for people and programs: text, markdown, csv and json.

Pure functions from a :class:`~scoring.analysis.monitoring.MonitorReport` to a
string; the html and xlsx forms are in :mod:`scoring.rendering.monitor_html`
and :mod:`scoring.rendering.monitor_xlsx`. The text fits 80 columns, Chinese
counted two wide; long sentences wrap, nothing is cut.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from scoring._version import __version__
from scoring.analysis.monitoring import (
    Measure,
    MonitoringProfile,
    MonitorReport,
    MonitorRow,
    SkippedRow,
    Status,
    StatusGroup,
)
from scoring.core.numbers import fmt
from scoring.core.values import Text, show_value
from scoring.rendering._common import ASSUMED_MARK, pad, width

SCHEMA_VERSION = 1
TEXT_WIDTH = 80
MONITOR_FORMATS = ("text", "json", "markdown", "csv", "html", "xlsx")

WORDS: dict[str, Text] = {
    "title": Text(
        "{unit} {year} 年度绩效运行监控（截至 {month} 月底）",
        "{unit}: {year} performance monitoring, as of the end of month {month}",
    ),
    "profile": Text("评分表：{name}（{id}）", "Scoring sheet: {name} ({id})"),
    "monitoring": Text("监控方案：{id}", "Monitoring profile: {id}"),
    "extends": Text("，继承 {bases}", ", extending {bases}"),
    "status": Text("总体状态", "Overall status"),
    "time": Text("时序进度", "Time progress"),
    "counts": Text("{counts}；未监控 {skipped} 行", "{counts}; {skipped} not monitored"),
    "count": Text("{status} {n} 行", "{status} {n}"),
    "indicator": Text("指标", "Indicator"),
    "level1": Text("一级指标", "Level 1"),
    "level2": Text("二级指标", "Level 2"),
    "target": Text("年度指标值", "Target"),
    "expected": Text("应达到", "Due by now"),
    "value": Text("实际完成", "Done"),
    "ratio": Text("进度", "Progress"),
    "state": Text("状态", "Status"),
    "gap": Text("差距", "Gap"),
    "how": Text("计算", "How"),
    "reason": Text("偏差原因", "Reason"),
    "measure": Text("纠偏措施", "Corrective measure"),
    "not_given": Text("（未填写）", "(not given)"),
    "not_done": Text("未完成", "not done"),
    "done": Text("已完成", "done"),
    "no_rows": Text("（无监控行）", "(no row monitored)"),
    "spending": Text("预算执行", "Budget"),
    "off_track": Text("需关注的行（非绿色）", "Rows off track (not green)"),
    "all_green": Text("所有监控行均为绿色。", "Every row monitored is green."),
    "warnings": Text("预警", "Warnings"),
    "missing_notes": Text(
        "以下行尚需填写偏差原因或纠偏措施（事实文件的 deviations:）：",
        "Still without a reason or a corrective measure (under 'deviations:' in the facts):",
    ),
    "notes_complete": Text(
        "所有非绿色行均已填写偏差原因和纠偏措施。",
        "Every row off track has its reason and its corrective measure.",
    ),
    "skipped": Text("未监控的指标", "Not monitored"),
    "categories": Text("一级指标状态", "Status per category"),
    "legend": Text("状态色带（进度 = 实际 ÷ 应达到）", "Status bands (progress = done / due)"),
    "schedule": Text("预算执行进度要求", "Spending schedule"),
    "schedule_step": Text("{month} 月底 {min}%", "{min}% by the end of month {month}"),
    "rollup": Text("汇总方式", "Roll-up"),
    "worst": Text("取最差行的状态", "the worst row's status"),
    "median": Text("取中间行的状态", "the middle row's status"),
    "source": Text("阈值依据：", "Where the thresholds come from: "),
    "assumed": Text("假设：", "Assumed: "),
    "assumed_note": Text(
        "标 ※ 的行依赖假设数值，而非报告或公开文件中的数字：",
        "Rows marked ※ rest on an assumed number, not one from the report or a public source:",
    ),
    "assumed_target": Text("年度指标值为假设", "the target is assumed"),
    "assumed_facts": Text("假设的数据：", "assumed facts: "),
    "no_assumptions": Text(
        "所有数字均来自报告或公开文件。", "Every number comes from the report or a public source."
    ),
    "missing_which": Text("缺{what}", "missing the {what}"),
    "and": Text("和", " and "),
}


def word(key: str, lang: str, **values: object) -> str:
    return WORDS[key].get(lang).format(**values)


def _named(name: str, name_en: str | None, lang: str) -> str:
    return name if lang == "zh" else (name_en or name)


def unit_name(report: MonitorReport, lang: str) -> str:
    return _named(report.unit, report.unit_en, lang)


def status_text(status: Status | None, lang: str, *, meaning: bool = False) -> str:
    """``红色`` (``红色（严重滞后）`` with the meaning); ``—`` for no status."""
    if status is None:
        return "—"
    shown = status.label.get(lang)
    if meaning:
        inner = status.meaning.get(lang)
        return f"{shown}（{inner}）" if lang == "zh" else f"{shown} ({inner})"
    return shown


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def paren(text: str, lang: str) -> str:
    """``text`` in brackets: full-width in Chinese, after a space in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{fmt(value)}%"


def group_names(
    report: MonitorReport, level1: str | None, level2: str | None, lang: str
) -> tuple[str, str]:
    """A row's 一级 and 二级 names in ``lang`` (the spending row: 预算执行, —)."""
    if level1 is None:
        return word("spending", lang), "—"
    for cat in report.categories:
        if cat.name == level1:
            for group in cat.groups:
                if group.name == level2:
                    return _named(cat.name, cat.name_en, lang), _named(
                        group.name, group.name_en, lang
                    )
            return _named(cat.name, cat.name_en, lang), level2 or ""
    return level1, level2 or ""


def target_text(row: MonitorRow, report: MonitorReport) -> str:
    """The 年度指标值 cell: the target, or for spending the year's budget."""
    if row.measure is Measure.SPENDING:
        assert row.budget is not None
        return show_value(row.budget, report.monitoring.money_unit)
    return str(row.target) if row.target is not None else "—"


def expected_text(row: MonitorRow, lang: str) -> str:
    """Where the row should be by now: time progress, the target pro rata, or the target."""
    if row.measure is Measure.SPENDING:
        return pct(row.expected)
    if row.measure is Measure.CUMULATIVE and row.target is not None and row.expected is not None:
        return row.target.show(row.expected)
    return str(row.target) if row.target is not None else "—"


def value_text(row: MonitorRow, lang: str) -> str:
    """What is done: the value so far in its unit; a deadline's month or 未完成."""
    if row.measure is Measure.SPENDING:
        return pct(row.value if isinstance(row.value, Decimal) else None)
    if row.measure is Measure.DEADLINE:
        if row.value is False:
            return word("not_done", lang)
        if row.value is True:
            return word("done", lang)
    if row.target is not None:
        return row.target.show(row.value)
    return show_value(row.value, row.unit)


def ratio_text(row: MonitorRow) -> str:
    return pct(row.ratio)


def name_text(row: MonitorRow, lang: str) -> str:
    mark = f" {ASSUMED_MARK}" if row.assumed else ""
    return row.name.get(lang) + mark


def gap_text(row: MonitorRow, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(g.text.get(lang) for g in row.gaps)


def note_text(row: MonitorRow, key: str) -> str:
    note = row.note
    value = getattr(note, key) if note is not None else None
    return value or ""


def missing_text(row: MonitorRow, lang: str) -> str:
    """``缺偏差原因和纠偏措施`` for a row still lacking them; empty otherwise."""
    if not row.missing_note:
        return ""
    what = word("and", lang).join(word(k, lang) for k in row.missing_note)
    return word("missing_which", lang, what=what if lang == "zh" else what.lower())


def ordered_rows(report: MonitorReport) -> Iterator[tuple[StatusGroup, StatusGroup, MonitorRow]]:
    """Each indicator row with its category and group, in the weights profile's order."""
    by_id = {r.id: r for r in report.rows}
    for cat in report.categories:
        for group in cat.groups:
            for row_id in group.row_ids:
                yield cat, group, by_id[row_id]


def band_line(profile: MonitoringProfile, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(
        f"{status_text(b.status, lang, meaning=True)} {b.interval}" for b in reversed(profile.bands)
    )


def schedule_line(profile: MonitoringProfile, lang: str) -> str | None:
    if not profile.schedule:
        return None
    sep = "、" if lang == "zh" else ", "
    return sep.join(
        word("schedule_step", lang, month=s.month, min=fmt(s.minimum)) for s in profile.schedule
    )


def profile_line(report: MonitorReport, lang: str) -> str:
    profile = report.monitoring
    shown = profile.id
    name = _named(profile.name, profile.name_en, lang) if profile.name else None
    if name:
        shown = f"{name}（{profile.id}）" if lang == "zh" else f"{name} ({profile.id})"
    line = word("monitoring", lang, id=shown)
    if profile.bases:
        line += word("extends", lang, bases=", ".join(profile.bases))
    return line


def assumption_lines(report: MonitorReport, lang: str) -> list[str]:
    sep = "；" if lang == "zh" else "; "
    lines = []
    for row in report.all_rows:
        if not row.assumed:
            continue
        parts = []
        if row.target_assumed:
            parts.append(word("assumed_target", lang))
        if row.assumed_facts:
            parts.append(word("assumed_facts", lang) + ", ".join(row.assumed_facts))
        lines.append(f"{ASSUMED_MARK} {row.name.get(lang)}: {sep.join(parts)}")
    return lines


def time_line(report: MonitorReport, lang: str) -> str:
    """``时序进度：6 ÷ 12 = 50%``."""
    return f"{word('time', lang)}{colon(lang)}{report.month} ÷ 12 = {pct(report.time_progress)}"


def summary_line(report: MonitorReport, lang: str) -> str:
    """The unit's status and the time progress on one line."""
    shown = status_text(report.status, lang, meaning=True)
    return f"{word('status', lang)}{colon(lang)}{shown}    {time_line(report, lang)}"


def counts_line(report: MonitorReport, lang: str) -> str:
    sep = "，" if lang == "zh" else ", "
    counts = sep.join(
        word("count", lang, status=status_text(s, lang), n=report.count(s))
        for s in Status
        if report.count(s)
    )
    return word("counts", lang, counts=counts, skipped=len(report.skipped))


def _skipped_name(row: SkippedRow, lang: str) -> str:
    return row.name.get(lang)


# --------------------------------------------------------------------------- text


def wrap(text: str, limit: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``limit`` cells, the later ones indented.

    Breaks after a space or Chinese punctuation where it can, anywhere in a
    word that is longer than a line; never drops a character.
    """
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        room = limit - width(indent if lines else "")
        if line and width(line + token) > room:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while width(line) > room:
            cut = _cut(line, room)
            lines.append(line[:cut])
            line = line[cut:]
            room = limit - width(indent)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return [lines[0], *(indent + x for x in lines[1:])]


_BREAK_AFTER = set(" ，。；：、）)")


def _tokens(text: str) -> Iterator[str]:
    """Pieces that stay together: Latin words with what follows, one CJK character each."""
    piece = ""
    for ch in text:
        piece += ch
        if ch in _BREAK_AFTER or width(ch) == 2:
            yield piece
            piece = ""
    if piece:
        yield piece


def _cut(line: str, room: int) -> int:
    cells = 0
    for i, ch in enumerate(line):
        cells += width(ch)
        if cells > room:
            return max(1, i)
    return len(line)


def render_monitor_text(report: MonitorReport, lang: str = "zh") -> str:
    """The report for the terminal, in 80 columns."""
    out = [
        *wrap(
            word("title", lang, unit=unit_name(report, lang), year=report.year, month=report.month),
            TEXT_WIDTH,
        ),
        *wrap(
            word(
                "profile",
                lang,
                name=_named(report.profile_name, report.profile_name_en, lang),
                id=report.profile_id,
            ),
            TEXT_WIDTH,
        ),
        *wrap(profile_line(report, lang), TEXT_WIDTH),
        "",
        summary_line(report, lang),
        *wrap(counts_line(report, lang), TEXT_WIDTH),
        "",
    ]
    out += _table(report, lang)
    out += ["", word("categories", lang)]
    for cat in report.categories:
        parts = [
            f"{_named(g.name, g.name_en, lang)} {status_text(g.status, lang)}" for g in cat.groups
        ]
        sep = "，" if lang == "zh" else ", "
        name = _named(cat.name, cat.name_en, lang)
        line = f"  {name}{colon(lang)}{status_text(cat.status, lang)}{paren(sep.join(parts), lang)}"
        out += wrap(line, TEXT_WIDTH, "    ")
    out += ["", word("off_track", lang)]
    off = [r for r in report.all_rows if r.status is not Status.GREEN]
    if not off:
        out.append("  " + word("all_green", lang))
    for number, row in enumerate(off, 1):
        level1, level2 = group_names(report, row.level1, row.level2, lang)
        where = "" if row.level1 is None else paren(f"{level1} / {level2}", lang)

        shown = status_text(row.status, lang, meaning=True)
        out += wrap(
            f"{number:>3}. {row.name.get(lang)}{where}{colon(lang)}{shown}",
            TEXT_WIDTH,
            "     ",
        )
        out += wrap(
            f"     {word('how', lang)}{colon(lang)}{row.how.get(lang)}", TEXT_WIDTH, "     "
        )
        if row.gaps:
            out += wrap(
                f"     {word('gap', lang)}{colon(lang)}{gap_text(row, lang)}", TEXT_WIDTH, "     "
            )
        for key in ("reason", "measure"):
            shown = note_text(row, key) or word("not_given", lang)
            out += wrap(f"     {word(key, lang)}{colon(lang)}{shown}", TEXT_WIDTH, "     ")
    if report.warnings:
        out += ["", word("warnings", lang)]
        for warning in report.warnings:
            out += wrap(f"  ! {warning.text.get(lang)}", TEXT_WIDTH, "    ")
    out.append("")
    missing = report.missing_notes
    if missing:
        out += wrap(word("missing_notes", lang), TEXT_WIDTH)
        for row in missing:
            line = f"  {row.name.get(lang)}{paren(missing_text(row, lang), lang)}"
            out += wrap(line, TEXT_WIDTH, "    ")
    else:
        out.append(word("notes_complete", lang))
    if report.skipped:
        out += ["", word("skipped", lang)]
        for skip in report.skipped:
            out += wrap(
                f"  {_skipped_name(skip, lang)}{colon(lang)}{skip.reason.get(lang)}",
                TEXT_WIDTH,
                "    ",
            )
    out += ["", word("legend", lang)]
    out += wrap("  " + band_line(report.monitoring, lang), TEXT_WIDTH, "  ")
    schedule = schedule_line(report.monitoring, lang)
    if schedule:
        out += wrap(f"  {word('schedule', lang)}{colon(lang)}{schedule}", TEXT_WIDTH, "  ")
    out += wrap(
        f"  {word('rollup', lang)}: {word(report.monitoring.rollup, lang)}", TEXT_WIDTH, "  "
    )
    for source in report.monitoring.sources:
        out += wrap("  " + word("source", lang) + source, TEXT_WIDTH, "  ")
    for assumed in report.monitoring.assumptions:
        out += wrap("  " + word("assumed", lang) + assumed, TEXT_WIDTH, "  ")
    out.append("")
    lines = assumption_lines(report, lang)
    if lines:
        out += wrap(word("assumed_note", lang), TEXT_WIDTH)
        for line in lines:
            out += wrap(f"  {line}", TEXT_WIDTH, "    ")
    else:
        out.append(word("no_assumptions", lang))
    return "\n".join(out) + "\n"


_NAME_WIDTH = 36


def _table(report: MonitorReport, lang: str) -> list[str]:
    """Indicator | due by now | done | progress | status, with a heading per group."""
    header = [word(k, lang) for k in ("indicator", "expected", "value", "ratio", "state")]
    body: list[tuple[str, list[str]]] = []  # (kind, cells)
    spending = report.spending
    body.append(
        (
            "row",
            [
                name_text(spending, lang),
                expected_text(spending, lang),
                value_text(spending, lang),
                ratio_text(spending),
                status_text(spending.status, lang),
            ],
        )
    )
    seen: set[tuple[str, str]] = set()
    for cat, group, row in ordered_rows(report):
        if (cat.name, group.name) not in seen:
            seen.add((cat.name, group.name))
            heading = (
                f"{_named(cat.name, cat.name_en, lang)} / {_named(group.name, group.name_en, lang)}"
            )
            body.append(("group", [heading, "", "", "", status_text(group.status, lang)]))
        body.append(
            (
                "row",
                [
                    "  " + name_text(row, lang),
                    expected_text(row, lang),
                    value_text(row, lang),
                    ratio_text(row),
                    status_text(row.status, lang),
                ],
            )
        )
    others = [max(width(c[i]) for _, c in [("h", header), *body]) for i in range(1, 5)]
    # The name column takes what the numbers leave of the 80 columns (at most 36).
    room = TEXT_WIDTH - sum(others) - 2 * 4
    name_w = min(_NAME_WIDTH, room, max(width(c[0]) for _, c in [("h", header), *body]))
    widths = [name_w, *others]
    lines = [_line(header, widths), "-" * min(TEXT_WIDTH, sum(widths) + 2 * 4)]
    for _, cells in body:
        shown = cells
        if width(cells[0]) > name_w:
            indent = "    " if cells[0].startswith("  ") else "  "
            wrapped = wrap(cells[0], name_w, indent)
            lines.extend(wrapped[:-1])
            shown = [wrapped[-1], *cells[1:]]
        lines.append(_line(shown, widths))
    return lines


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        pad(cell, widths[i], right=i in (1, 2, 3)) for i, cell in enumerate(cells)
    ).rstrip()


# --------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_monitor_markdown(report: MonitorReport, lang: str = "zh") -> str:
    """The report as Markdown: the table, the rows off track, warnings, what is missing."""
    keys = ("level1", "level2", "indicator", "target", "expected", "value", "ratio", "state", "gap")
    title = word("title", lang, unit=unit_name(report, lang), year=report.year, month=report.month)
    out = [
        f"# {title}",
        "",
        word(
            "profile",
            lang,
            name=_named(report.profile_name, report.profile_name_en, lang),
            id=report.profile_id,
        ),
        "",
        profile_line(report, lang),
        "",
        f"**{word('status', lang)}{colon(lang)}{status_text(report.status, lang, meaning=True)}**"
        f"    {time_line(report, lang)}",
        "",
        counts_line(report, lang),
        "",
        "| " + " | ".join(word(k, lang) for k in keys) + " |",
        "|"
        + "|".join("---:" if k in ("expected", "value", "ratio") else "---" for k in keys)
        + "|",
    ]
    for row in report.all_rows:
        level1, level2 = group_names(report, row.level1, row.level2, lang)
        cells = [
            level1,
            level2,
            name_text(row, lang),
            target_text(row, report),
            expected_text(row, lang),
            value_text(row, lang),
            ratio_text(row),
            status_text(row.status, lang),
            gap_text(row, lang),
        ]
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    out += ["", f"## {word('off_track', lang)}", ""]
    off = [r for r in report.all_rows if r.status is not Status.GREEN]
    if not off:
        out.append(word("all_green", lang))
    for row in off:
        shown = status_text(row.status, lang, meaning=True)
        out.append(f"- **{_md(row.name.get(lang))}**: {shown}. {_md(row.how.get(lang))}")
        if row.gaps:
            out.append(f"  - {word('gap', lang)}: {_md(gap_text(row, lang))}")
        for key in ("reason", "measure"):
            out.append(
                f"  - {word(key, lang)}: {_md(note_text(row, key) or word('not_given', lang))}"
            )
    if report.warnings:
        out += ["", f"## {word('warnings', lang)}", ""]
        out += [f"- {_md(w.text.get(lang))}" for w in report.warnings]
    out.append("")
    if report.missing_notes:
        out += [word("missing_notes", lang), ""]
        out += [
            f"- {row.name.get(lang)}: {missing_text(row, lang)}" for row in report.missing_notes
        ]
    else:
        out.append(word("notes_complete", lang))
    if report.skipped:
        out += ["", f"## {word('skipped', lang)}", ""]
        out += [f"- {_md(s.name.get(lang))}: {_md(s.reason.get(lang))}" for s in report.skipped]
    out += ["", f"## {word('legend', lang)}", "", f"- {band_line(report.monitoring, lang)}"]
    schedule = schedule_line(report.monitoring, lang)
    if schedule:
        out.append(f"- {word('schedule', lang)}: {schedule}")
    out.append(f"- {word('rollup', lang)}: {word(report.monitoring.rollup, lang)}")
    out += [f"- {word('source', lang)}{_md(s)}" for s in report.monitoring.sources]
    out += [f"- {word('assumed', lang)}{_md(a)}" for a in report.monitoring.assumptions]
    out.append("")
    lines = assumption_lines(report, lang)
    if lines:
        out += [word("assumed_note", lang), ""] + [f"- {_md(x)}" for x in lines]
    else:
        out.append(word("no_assumptions", lang))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- csv

CSV_HEADER = {
    "zh": (
        "id",
        "一级指标",
        "二级指标",
        "指标",
        "监控方式",
        "年度指标值",
        "应达到",
        "实际完成",
        "进度（%）",
        "状态",
        "差距",
        "偏差原因",
        "纠偏措施",
        "缺少",
        "假设",
    ),
    "en": (
        "id",
        "level1",
        "level2",
        "indicator",
        "measure",
        "target",
        "due",
        "done",
        "progress_percent",
        "status",
        "gap",
        "reason",
        "corrective_measure",
        "missing",
        "assumed",
    ),
}
_MEASURES = {
    Measure.SPENDING: Text("执行进度", "spending"),
    Measure.CUMULATIVE: Text("按时序累计", "cumulative"),
    Measure.LEVEL: Text("对照年度指标值", "against the target"),
    Measure.DEADLINE: Text("截止时间", "deadline"),
}


def render_monitor_csv(report: MonitorReport, lang: str = "zh") -> str:
    """One row per monitored row, then one per row not monitored; UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER["en" if lang == "en" else "zh"])
    for row in report.all_rows:
        level1, level2 = group_names(report, row.level1, row.level2, lang)
        ratio = "" if row.ratio is None else fmt(row.ratio)
        writer.writerow(
            [
                row.id,
                level1,
                level2,
                row.name.get(lang),
                _MEASURES[row.measure].get(lang),
                target_text(row, report),
                expected_text(row, lang),
                value_text(row, lang),
                ratio,
                status_text(row.status, lang),
                gap_text(row, lang),
                note_text(row, "reason"),
                note_text(row, "measure"),
                " ".join(row.missing_note),
                ASSUMED_MARK if row.assumed else "",
            ]
        )
    for skip in report.skipped:
        level1, level2 = group_names(report, skip.level1, skip.level2, lang)
        writer.writerow(
            [
                skip.id,
                level1,
                level2,
                skip.name.get(lang),
                skip.reason.get(lang),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return "\ufeff" + buffer.getvalue()


# --------------------------------------------------------------------------- json


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _text(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def _row(row: MonitorRow) -> dict[str, Any]:
    value: Any = row.value
    if isinstance(value, Decimal):
        value = _number(value)
    return {
        "id": row.id,
        "name": row.name.zh,
        "name_en": row.name.en,
        "category": row.level1,
        "group": row.level2,
        "kind": row.measure.value,
        "target": None if row.target is None else str(row.target),
        "unit": row.unit,
        "value": value,
        "expected": _number(row.expected),
        "ratio": _number(row.ratio),
        "schedule_minimum": None if row.required is None else _number(row.required.minimum),
        "schedule_ratio": _number(row.schedule_ratio),
        "spent": _number(row.spent),
        "budget": _number(row.budget),
        "status": row.status.value,
        "how": _text(row.how),
        "gaps": [
            {"kind": g.kind, "amount": _number(g.amount), "unit": g.unit, "text": _text(g.text)}
            for g in row.gaps
        ],
        "reason": note_text(row, "reason") or None,
        "measure": note_text(row, "measure") or None,
        "missing": list(row.missing_note),
        "assumed": row.assumed,
        "assumed_facts": list(row.assumed_facts),
        "target_assumed": row.target_assumed,
    }


def _group(group: StatusGroup) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": group.name,
        "name_en": group.name_en,
        "status": None if group.status is None else group.status.value,
        "rows": list(group.row_ids),
    }
    if group.groups:
        found["groups"] = [_group(g) for g in group.groups]
    return found


def monitor_dict(report: MonitorReport) -> dict[str, Any]:
    """The report as plain data with documented keys (docs/monitoring.md)."""
    profile = report.monitoring
    return {
        "schema_version": SCHEMA_VERSION,
        "scoring_version": __version__,
        "unit": report.unit,
        "unit_en": report.unit_en,
        "year": report.year,
        "month": report.month,
        "time_progress": _number(report.time_progress),
        "status": report.status.value,
        "counts": {s.value: report.count(s) for s in Status},
        "profile": {"id": report.profile_id, "name": report.profile_name},
        "monitoring": {
            "id": profile.id,
            "extends": list(profile.bases),
            "sources": list(profile.sources),
            "assumptions": list(profile.assumptions),
            "bands": [{"status": b.status.value, "range": str(b.interval)} for b in profile.bands],
            "schedule": [{"month": s.month, "min": _number(s.minimum)} for s in profile.schedule],
            "rollup": profile.rollup,
            "mismatch": _number(profile.mismatch),
            "late_unspent": None
            if profile.late_unspent is None
            else {
                "from_month": profile.late_unspent.from_month,
                "share": _number(profile.late_unspent.share),
            },
            "plausible": _number(profile.plausible),
        },
        "rows": [_row(r) for r in report.all_rows],
        "not_monitored": [
            {"id": s.id, "name": s.name.zh, "name_en": s.name.en, "reason": _text(s.reason)}
            for s in report.skipped
        ],
        "categories": [_group(c) for c in report.categories],
        "warnings": [
            {"kind": w.kind, "row": w.row_id, "amount": _number(w.amount), "text": _text(w.text)}
            for w in report.warnings
        ],
        "missing_notes": [r.id for r in report.missing_notes],
    }


def render_monitor_json(report: MonitorReport, lang: str = "zh") -> str:
    """The report as JSON (both languages in it; ``lang`` is accepted for symmetry)."""
    return json.dumps(monitor_dict(report), ensure_ascii=False, indent=2) + "\n"


TEXT_RENDERERS = {
    "text": render_monitor_text,
    "markdown": render_monitor_markdown,
    "csv": render_monitor_csv,
    "json": render_monitor_json,
}


def render_monitor(report: MonitorReport, fmt_name: str = "text", lang: str = "zh") -> bytes:
    """The report in any of :data:`MONITOR_FORMATS` as the bytes of a file.

    Raises:
        MissingExtraError: for xlsx when openpyxl is not installed.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; use zh or en")
    if fmt_name == "xlsx":
        from scoring.rendering.monitor_xlsx import render_monitor_xlsx  # noqa: PLC0415

        return render_monitor_xlsx(report, lang)
    if fmt_name == "html":
        from scoring.rendering.monitor_html import render_monitor_html  # noqa: PLC0415

        return render_monitor_html(report, lang).encode("utf-8")
    if fmt_name not in TEXT_RENDERERS:
        raise ValueError(f"unknown format {fmt_name!r}; use one of {', '.join(MONITOR_FORMATS)}")
    return TEXT_RENDERERS[fmt_name](report, lang).encode("utf-8")
