"""What every form of a monitoring report shares: its words in both languages, and each cell.

:mod:`scoring.rendering.monitor` (text, markdown, csv, json),
:mod:`scoring.rendering.monitor_html` and :mod:`scoring.rendering.monitor_xlsx`
build their tables from these, so that the forms say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from scoring.analysis.monitoring import (
    Measure,
    MonitoringProfile,
    MonitorReport,
    MonitorRow,
    Status,
    StatusGroup,
    turning_points,
)
from scoring.core.numbers import fmt
from scoring.core.values import Op, Text, show_beside, show_value
from scoring.rendering._common import ASSUMED_MARK, colon

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


def named(name: str, name_en: str | None, lang: str) -> str:
    return name if lang == "zh" else (name_en or name)


def unit_name(report: MonitorReport, lang: str) -> str:
    return named(report.unit, report.unit_en, lang)


def status_text(status: Status | None, lang: str, *, meaning: bool = False) -> str:
    """``红色`` (``红色（严重滞后）`` with the meaning); ``—`` for no status."""
    if status is None:
        return "—"
    shown = status.label.get(lang)
    if meaning:
        inner = status.meaning.get(lang)
        return f"{shown}（{inner}）" if lang == "zh" else f"{shown} ({inner})"
    return shown


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
                    return named(cat.name, cat.name_en, lang), named(
                        group.name, group.name_en, lang
                    )
            return named(cat.name, cat.name_en, lang), level2 or ""
    return level1, level2 or ""


def target_text(row: MonitorRow, report: MonitorReport, lang: str = "zh") -> str:
    """The 年度指标值 cell: the target, or for spending the year's budget."""
    if row.measure is Measure.SPENDING:
        assert row.budget is not None
        return show_value(row.budget, report.monitoring.money.get(lang))
    return str(row.target.get(lang)) if row.target is not None else "—"


def _by_schedule(row: MonitorRow, profile: MonitoringProfile) -> bool:
    """Whether the spending row's status is the schedule's, not time progress's: a
    schedule above time progress (60% by June) can make 50% spent yellow, and the
    table then shows 60% due and 50 ÷ 60 = 83.33%, not 50% and 100% beside 黄色."""
    return (
        row.measure is Measure.SPENDING
        and row.required is not None
        and row.schedule_ratio is not None
        and row.ratio is not None
        and profile.status_for(row.ratio) is not row.status
    )


def _compared(
    row: MonitorRow, profile: MonitoringProfile | None = None
) -> tuple[Decimal | None, Decimal | None]:
    """The row's value and where it should be, when both are numbers."""
    value = row.value if isinstance(row.value, Decimal) else None
    if isinstance(row.value, bool) or row.measure is Measure.DEADLINE:
        value = None
    if profile is not None and _by_schedule(row, profile):
        assert row.required is not None
        return value, row.required.minimum
    return value, row.expected


def expected_text(row: MonitorRow, lang: str, profile: MonitoringProfile) -> str:
    """Where the row should be by now: time progress (or the schedule's minimum, where
    that decides the status), the target pro rata, or the target.

    Printed so that it compares with the value as it truly does (58.333 场 due
    beside 58.33 done is not "58.33" twice).
    """
    value, expected = _compared(row, profile)
    if row.measure is Measure.SPENDING:
        if expected is None:
            return "—"
        return show_beside(expected, [value], "%")
    if row.measure is Measure.CUMULATIVE and row.target is not None and expected is not None:
        return row.target.get(lang).beside(expected, value)
    return str(row.target.get(lang)) if row.target is not None else "—"


def value_text(row: MonitorRow, lang: str, profile: MonitoringProfile) -> str:
    """What is done: the value so far in its unit; a deadline's month or 未完成.

    A number is printed on its true side of every value where the row's status
    changes (see :func:`turning_points`): 49.9992% spent is not shown as 50%.
    """
    value, expected = _compared(row)
    if row.measure is Measure.SPENDING:
        if value is None or expected is None:
            return "—"
        turns = [*turning_points(expected, Op.GE, profile)]
        if row.required is not None:
            turns += turning_points(row.required.minimum, Op.GE, profile)
        return show_beside(value, turns, "%")
    if row.measure is Measure.DEADLINE:
        if row.value is False:
            return word("not_done", lang)
        if row.value is True:
            return word("done", lang)
    if row.target is not None:
        target = row.target.get(lang)
        if value is not None and expected is not None:
            return target.beside(value, *turning_points(expected, target.op, profile))
        return show_value(row.value, target.unit, lang=lang)
    return show_value(row.value, row.unit, lang=lang)


def ratio_text(row: MonitorRow, profile: MonitoringProfile, unit: str = "%") -> str:
    """The progress ratio, printed so that it lies on the side of each band edge it truly
    does: 99.9996 is shown so, not as 100 beside a yellow status."""
    ratio = row.schedule_ratio if _by_schedule(row, profile) else row.ratio
    if ratio is None:
        return "—"
    return show_beside(ratio, profile.edges(), unit)


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
    name = named(profile.name, profile.name_en, lang) if profile.name else None
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
            names = row.assumed_names if lang == "zh" and row.assumed_names else row.assumed_facts
            parts.append(word("assumed_facts", lang) + ("、" if lang == "zh" else ", ").join(names))
        lines.append(f"{ASSUMED_MARK} {row.name.get(lang)}{colon(lang)}{sep.join(parts)}")
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
