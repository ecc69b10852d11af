"""A monitoring report for people and programs: text, markdown, csv and json.

Pure functions from a :class:`~scoring.analysis.monitoring.MonitorReport` to a
string; the html and xlsx forms are in :mod:`scoring.rendering.monitor_html`
and :mod:`scoring.rendering.monitor_xlsx`, the cells they share in
:mod:`scoring.rendering.monitor_cells`. The text fits 80 columns, Chinese
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
from scoring.analysis.monitoring import Measure, MonitorReport, MonitorRow, Status, StatusGroup
from scoring.core.values import Text
from scoring.rendering._common import ASSUMED_MARK, colon, pad, spreadsheet_text, width
from scoring.rendering.monitor_cells import (
    MONITOR_FORMATS,
    SCHEMA_VERSION,
    TEXT_WIDTH,
    assumption_lines,
    band_line,
    counts_line,
    expected_text,
    gap_text,
    group_names,
    missing_text,
    name_text,
    named,
    note_text,
    ordered_rows,
    paren,
    profile_line,
    ratio_text,
    schedule_line,
    status_text,
    summary_line,
    target_text,
    time_line,
    unit_name,
    value_text,
    word,
)

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
                name=named(report.profile_name, report.profile_name_en, lang),
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
            f"{named(g.name, g.name_en, lang)} {status_text(g.status, lang)}" for g in cat.groups
        ]
        sep = "，" if lang == "zh" else ", "
        name = named(cat.name, cat.name_en, lang)
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
                f"  {skip.name.get(lang)}{colon(lang)}{skip.reason.get(lang)}",
                TEXT_WIDTH,
                "    ",
            )
    out += ["", word("legend", lang)]
    out += wrap("  " + band_line(report.monitoring, lang), TEXT_WIDTH, "  ")
    schedule = schedule_line(report.monitoring, lang)
    if schedule:
        out += wrap(f"  {word('schedule', lang)}{colon(lang)}{schedule}", TEXT_WIDTH, "  ")
    out += wrap(
        f"  {word('rollup', lang)}{colon(lang)}{word(report.monitoring.rollup, lang)}",
        TEXT_WIDTH,
        "  ",
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
                expected_text(spending, lang, report.monitoring),
                value_text(spending, lang, report.monitoring),
                ratio_text(spending, report.monitoring),
                status_text(spending.status, lang),
            ],
        )
    )
    seen: set[tuple[str, str]] = set()
    for cat, group, row in ordered_rows(report):
        if (cat.name, group.name) not in seen:
            seen.add((cat.name, group.name))
            heading = (
                f"{named(cat.name, cat.name_en, lang)} / {named(group.name, group.name_en, lang)}"
            )
            body.append(("group", [heading, "", "", "", status_text(group.status, lang)]))
        body.append(
            (
                "row",
                [
                    "  " + name_text(row, lang),
                    expected_text(row, lang, report.monitoring),
                    value_text(row, lang, report.monitoring),
                    ratio_text(row, report.monitoring),
                    status_text(row.status, lang),
                ],
            )
        )
    others = [max(width(c[i]) for _, c in [("h", header), *body]) for i in range(1, 5)]
    _narrow(others, [c for _, c in [("h", header), *body]])
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
        # A figure wider than its column (6.18 percentage points) goes on under itself.
        parts = [wrap(cell, widths[i]) if i in (1, 2) else [cell] for i, cell in enumerate(shown)]
        for k in range(max(len(p) for p in parts)):
            lines.append(_line([p[k] if k < len(p) else "" for p in parts], widths))
    return lines


# The fewest columns the names keep before the figures beside them are folded.
_NAME_LEAST = 30


def _narrow(others: list[int], rows: Sequence[Sequence[str]]) -> None:
    """Fold the widest of the due and done columns, a cell at its spaces, until the names
    keep :data:`_NAME_LEAST` columns (English units are long: ≥0 percentage points), never
    below the widest word of the column."""
    least = [max(width(w) for c in rows for w in c[i].split(" ")) for i in (1, 2)]
    while TEXT_WIDTH - sum(others) - 2 * 4 < _NAME_LEAST:
        column = max((0, 1), key=lambda i: others[i] - least[i])
        if others[column] <= least[column]:
            return
        others[column] -= 1


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
            name=named(report.profile_name, report.profile_name_en, lang),
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
            target_text(row, report, lang),
            expected_text(row, lang, report.monitoring),
            value_text(row, lang, report.monitoring),
            ratio_text(row, report.monitoring),
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
        how = row.how.get(lang)
        # A sentence after a full stop: "。" in Chinese, ". By now ..." in English.
        stop, how = ("。", how) if lang == "zh" else (". ", how[:1].upper() + how[1:])
        out.append(f"- **{_md(row.name.get(lang))}**{colon(lang)}{shown}{stop}{_md(how)}")
        if row.gaps:
            out.append(f"  - {word('gap', lang)}{colon(lang)}{_md(gap_text(row, lang))}")
        for key in ("reason", "measure"):
            out.append(
                f"  - {word(key, lang)}{colon(lang)}"
                f"{_md(note_text(row, key) or word('not_given', lang))}"
            )
    if report.warnings:
        out += ["", f"## {word('warnings', lang)}", ""]
        out += [f"- {_md(w.text.get(lang))}" for w in report.warnings]
    out.append("")
    if report.missing_notes:
        out += [word("missing_notes", lang), ""]
        out += [
            f"- {_md(row.name.get(lang))}{colon(lang)}{missing_text(row, lang)}"
            for row in report.missing_notes
        ]
    else:
        out.append(word("notes_complete", lang))
    if report.skipped:
        out += ["", f"## {word('skipped', lang)}", ""]
        out += [
            f"- {_md(s.name.get(lang))}{colon(lang)}{_md(s.reason.get(lang))}"
            for s in report.skipped
        ]
    out += ["", f"## {word('legend', lang)}", "", f"- {band_line(report.monitoring, lang)}"]
    schedule = schedule_line(report.monitoring, lang)
    if schedule:
        out.append(f"- {word('schedule', lang)}{colon(lang)}{schedule}")
    out.append(f"- {word('rollup', lang)}{colon(lang)}{word(report.monitoring.rollup, lang)}")
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


def _missing_cell(row: MonitorRow, lang: str) -> str:
    """What a row off track still lacks, by the names of the CSV's own columns: 偏差原因、纠偏措施
    (in English reason, corrective measure), not the JSON's keys."""
    names = [word(k, lang) if lang == "zh" else word(k, lang).lower() for k in row.missing_note]
    return ("、" if lang == "zh" else ", ").join(names)


def render_monitor_csv(report: MonitorReport, lang: str = "zh") -> str:
    """One row per monitored row, then one per row not monitored; UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER["en" if lang == "en" else "zh"])
    for row in report.all_rows:
        level1, level2 = group_names(report, row.level1, row.level2, lang)
        ratio = "" if row.ratio is None else ratio_text(row, report.monitoring, unit="")
        cells = [
            row.id,
            level1,
            level2,
            row.name.get(lang),
            _MEASURES[row.measure].get(lang),
            target_text(row, report, lang),
            expected_text(row, lang, report.monitoring),
            value_text(row, lang, report.monitoring),
            ratio,
            status_text(row.status, lang),
            gap_text(row, lang),
            note_text(row, "reason"),
            note_text(row, "measure"),
            _missing_cell(row, lang),
            ASSUMED_MARK if row.assumed else "",
        ]
        # A target "=0%" (or a unit's name that starts with "=") stays text in Excel.
        writer.writerow([spreadsheet_text(c) for c in cells])
    for skip in report.skipped:
        level1, level2 = group_names(report, skip.level1, skip.level2, lang)
        writer.writerow(
            spreadsheet_text(c)
            for c in [
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
    found: dict[str, Any] = {
        "id": row.id,
        "name": row.name.zh,
        "name_en": row.name.en,
        "category": row.level1,
        "group": row.level2,
        "kind": row.measure.value,
        "target": None if row.target is None else str(row.target),
    }
    # The English twins of the target and its unit, only where the files give them.
    if row.target is not None and str(row.target.en) != found["target"]:
        found["target_en"] = str(row.target.en)
    found["unit"] = row.unit
    if row.target is not None and row.target.unit_en is not None and row.unit == row.target.unit:
        found["unit_en"] = row.target.unit_en
    return found | {
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
