"""Auditing many sheets: files and folders in, one report out.

A folder stands for every sheet in it and its subfolders (.xlsx, .xlsm, .xls,
.csv; Excel's ``~$`` lock files and macOS's ``._`` files aside) and every facts
file (.yaml, .yml with a ``facts:`` mapping), in name order; every other file is
listed as skipped, with why. A file that cannot be read is listed as
unreadable and the others are audited all the same, a spreadsheet of a kind the
reader cannot open (.et, .ods, .xlsb, ...) among them; a file that is no sheet
(a report ``scoring audit`` wrote, an indicator or weights file) is skipped
with a note, as is a file of another kind (.docx, .pdf, .txt).

A facts file is audited as a sheet: its ``self_scores`` (the clerk's 得分)
against the rows its rules give, each finding at the line of the self-score (a
row its rules cannot recompute among them); one without ``self_scores`` is scored
and reported as having nothing to compare, or listed as unreadable when its rules
cannot score it.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from scoring.analysis.audit import (
    AuditReport,
    Printed,
    ReadProblem,
    SheetAudit,
    SheetFigures,
    SheetRow,
    Skipped,
    Unreadable,
    audit_sheet,
    scored_and_refused,
)
from scoring.core.engine import score
from scoring.core.errors import ListOf, Location, ScoringError, raise_if_any, shown
from scoring.core.fact_checks import fact_signs
from scoring.core.messages import Message, msg
from scoring.core.model import Facts, FactValue, Indicator, WeightsProfile
from scoring.core.numbers import fmt_points, plain
from scoring.core.values import show_value
from scoring.files.case import apply_target_units, profile_fit, read_case_named_at, rule_files
from scoring.files.facts import load_facts
from scoring.files.names import HEAD_NAMES, resolve_facts
from scoring.files.sheets import OTHER_SPREADSHEETS, SHEET_SUFFIXES

# Called after each file with (files done, files in all).
Progress = Callable[[int, int], None]

FACTS_SUFFIXES = (".yaml", ".yml")
# Written into the properties (keywords) of every workbook scoring audit (and scoring
# monitor) writes, so that a report saved into a folder audited later is known again
# and skipped. A sheet written by scoring score is a sheet to hand in: it has none.
REPORT_MARK = "scoring audit report"
MONITOR_MARK = "scoring monitor report"
# The columns of the report's CSV and xlsx rows: a CSV whose header is these (in
# Chinese or English) is a report scoring audit wrote.
REPORT_COLUMNS = (
    msg("code"),
    msg("severity"),
    msg("cell"),
    msg("sheet's figure"),
    msg("computed"),
    msg("difference"),
    msg("finding"),
    msg("unit"),
)
# The first columns of the CSV scoring batch writes (rendering.batch.HEAD_COLUMNS,
# which this layer cannot import; a test keeps the two the same).
BATCH_RESULT_COLUMNS = ("row", "line", "unit", "unit_en", "year", "status")
_HEAD_BYTES = 256 * 1024
_OWN_REPORT = msg("a report written by scoring audit, not a sheet")
_MARKS = {
    REPORT_MARK: _OWN_REPORT,
    MONITOR_MARK: msg("a monitoring report written by scoring monitor, not a sheet"),
}


def sheet_paths(
    paths: Iterable[str | Path],
) -> tuple[list[Path], list[Unreadable], list[Skipped]]:
    """The sheets and facts files that ``paths`` name, folders expanded; paths that name
    nothing readable; and every other file in a folder, with why it is not read (each
    file of a folder is accounted for: a unit's 自评表.pdf sent in place of its sheet is
    listed, not passed over)."""
    found: list[Path] = []
    missing: list[Unreadable] = []
    passed: list[Skipped] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside, others = _folder(path)
            if not inside:
                missing.append(
                    Unreadable(str(path), (msg("this folder holds no .xlsx, .xls or .csv sheet"),))
                )
            found.extend(inside)
            passed.extend(others)
        elif path.exists():
            found.append(path)
        else:
            missing.append(Unreadable(str(path), (msg("no such file or folder"),)))
    return found, missing, passed


_READ_SUFFIXES = (*SHEET_SUFFIXES, *OTHER_SPREADSHEETS, *FACTS_SUFFIXES)


def _folder(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """The files of ``folder`` and its subfolders to read, in name order, and the others
    with why not. A hidden folder (.git) and a macOS archive's __MACOSX are one entry,
    not looked into."""
    read: list[Path] = []
    others: list[tuple[Path, Message]] = []
    for root, folders, files in os.walk(folder):
        here = Path(root)
        for name in list(folders):
            if name.startswith(".") or name == "__MACOSX":
                folders.remove(name)
                why = (
                    msg("a folder of macOS metadata (__MACOSX), not looked into")
                    if name == "__MACOSX"
                    else msg("a hidden folder, not looked into")
                )
                others.append((here / name, why))
        for name in files:
            path = here / name
            said = _not_read(path) if path.is_file() else msg("not a regular file, not read")
            if said is None:
                read.append(path)
            else:
                others.append((path, said))
    return sorted(read), [Skipped(str(p), why) for p, why in sorted(others, key=lambda o: o[0])]


def _not_read(path: Path) -> Message | None:
    """Why a file found in a folder is not read as a sheet or facts file; None when it is."""
    name = path.name
    if name.startswith("~$"):
        return msg("a lock file Excel or WPS keeps beside an open workbook, not a sheet")
    if name.startswith("._"):
        return msg("macOS metadata of {name} (a ._ file), not a sheet", name=name[2:])
    if path.suffix.lower() in _READ_SUFFIXES:
        return None
    if name.startswith("."):
        return msg("a hidden file, not a sheet")
    if path.suffix:
        return msg("not a sheet ({suffix} file), not read", suffix=path.suffix)
    return msg("not a sheet, not read")


def own_report(path: Path) -> Message | None:
    """What report or table of scoring's ``path`` is (None when it is none): an .xlsx with a
    mark in the workbook's properties, a CSV whose header row is the audit report's
    columns, or a CSV of scoring batch's (the results it wrote, or a table to score)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as book:
                core = book.read("docProps/core.xml").decode("utf-8", "replace")
            return next(
                (why for m, why in _MARKS.items() if f"<cp:keywords>{m}</cp:keywords>" in core),
                None,
            )
        if suffix == ".csv":
            with path.open("rb") as stream:
                head = stream.readline(4096)
            try:
                first = head.decode("utf-8-sig").strip()
            except UnicodeDecodeError:  # saved by Excel on Chinese Windows
                first = head.decode("gb18030", "replace").strip()
            header = (",".join(m.text(lang) for m in REPORT_COLUMNS) for lang in ("zh", "en"))
            if first in header:
                return _OWN_REPORT
            return _batch_csv(first)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None  # read as a sheet, which says what is wrong with it
    return None


def _batch_csv(first: str) -> Message | None:
    """What a CSV whose first line is ``first`` is when it is a table of scoring batch's:
    its results (the columns it writes first), or a table of unit-years to score (单位,年度
    or unit,year first). A self-evaluation sheet starts with its title, never with these."""
    cells = [HEAD_NAMES.get(c.strip().strip('"'), c.strip().strip('"')) for c in first.split(",")]
    if tuple(cells[: len(BATCH_RESULT_COLUMNS)]) == BATCH_RESULT_COLUMNS:
        return msg("results written by scoring batch, not a sheet")
    if cells[:2] == ["unit", "year"]:
        return msg("a table for scoring batch, not a sheet or facts file")
    return None


def _not_facts(path: Path) -> Message | None:
    """Why a YAML file in an audited folder is no facts file (None when it is one)."""
    try:
        with path.open("rb") as stream:  # the top-level keys; not a whole file of any size
            head = stream.read(_HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None  # read as a facts file, which says what is wrong
    keys = {line.split(":", 1)[0] for line in head.splitlines() if line[:1].isalpha()}
    if "facts" in keys and keys & {"unit", "year"}:
        return None
    if "indicators" in keys and "id" in keys:
        return msg("an indicator file, not a sheet or facts file")
    if keys & {"points", "grades", "categories", "full_score"}:
        return msg("a weights file, not a sheet or facts file")
    if "rows" in keys:
        return msg("a table for scoring batch, not a sheet or facts file")
    return msg("a YAML file with no 'facts:', not a sheet or facts file")


def audit_paths(
    paths: Sequence[str | Path],
    *,
    indicators: Sequence[Indicator] = (),
    weights: WeightsProfile | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> AuditReport:
    """Audit every sheet and facts file ``paths`` name; a file that cannot be read does not
    stop the others, a file that is no sheet is skipped with a note."""
    # Imported here: the sheet reader is needed only once there is a sheet.
    from scoring.files.sheets.audit_read import audit_grid, audit_sheets  # noqa: PLC0415

    files, unreadable, skipped = sheet_paths(paths)
    named = {Path(p) for p in paths}
    audits: list[SheetAudit] = []
    for done, path in enumerate(files, 1):
        try:
            report = own_report(path)
            if report is not None:
                skipped.append(Skipped(str(path), report))
            elif path.suffix.lower() in FACTS_SUFFIXES:
                why = None if path in named else _not_facts(path)
                if why is not None:
                    skipped.append(Skipped(str(path), why))
                else:
                    audits.append(audit_facts_file(path, indicators=indicators, weights=weights))
            else:
                grids, hidden = audit_sheets(path, sheet)
                for grid in grids:
                    where = str(path) if len(grids) == 1 else f"{path}:{grid.sheet}"
                    try:
                        audits.append(audit_grid(grid, indicators=indicators, weights=weights))
                    except ScoringError as exc:  # one sheet of several: the others are audited
                        unreadable.append(Unreadable(where, _problem_lines(exc)))
                skipped.extend(
                    Skipped(
                        f"{path}:{grid.sheet}",
                        msg(
                            "a hidden sheet, not audited (name it with --sheet {name} to audit it)",
                            name=grid.sheet,
                        ),
                    )
                    for grid in hidden
                )
        except ScoringError as exc:
            unreadable.append(Unreadable(str(path), _problem_lines(exc)))
        if progress is not None:
            progress(done, len(files))
    skipped.sort(key=lambda k: k.file)
    return AuditReport(tuple(audits), tuple(unreadable), tuple(skipped))


def _problem_lines(exc: ScoringError) -> tuple[Message | str, ...]:
    """Each problem of a file not read, with its hint: what to do is what the reviewer needs."""
    lines: list[Message | str] = []
    for p in shown(exc.problems):
        said = (
            p.said
            if p.said_hint is None
            else msg("{message} (hint: {hint})", message=p.said, hint=p.said_hint)
        )
        lines.append(
            msg("{where}: {message}", where=str(p.location), message=said)
            if p.location is not None
            else said
        )
    return tuple(lines)


def audit_facts_file(
    path: str | Path,
    *,
    indicators: Sequence[Indicator] = (),
    weights: WeightsProfile | None = None,
) -> SheetAudit:
    """Audit one facts file: its ``self_scores`` against the rows its rules give.

    ``indicators`` and ``weights`` replace the rule files the facts file names.

    Raises:
        ScoringError: when the facts file or its rule files cannot be read.
    """
    named_at = None  # the profile given on the command line
    if indicators and weights is not None:
        inds = tuple(indicators)
        profile = weights
        facts = apply_target_units(resolve_facts(load_facts(path).facts, inds), inds)
    else:
        case, in_file = read_case_named_at(path)
        raise_if_any(fact_signs(case.indicators, case.facts))
        inds = tuple(indicators) or case.indicators
        profile = weights or case.weights
        named_at = in_file if weights is None else None
        facts = case.facts
    # A profile that gives most of the rows no points is no sheet to compare: the file is
    # not audited (its rows would be findings of points that do not add up).
    raise_if_any(profile_fit(inds, profile, named_at))
    scored, refused = scored_and_refused(inds, profile, facts)
    computed = {r.id: r.value for r in scored}
    file = str(path)
    if not facts.self_scores:
        # Nothing to compare; a file its own rules cannot score is not audited at all
        # (listed as not read, with what to fix), not a note a reviewer passes over.
        total = fmt_points(score(inds, profile, facts).total, profile.decimals)
        note = msg(
            "nothing to compare: the facts file has no self_scores (the clerk's 得分);"
            " scored by its rules, the total is {total}",
            total=total,
        )
        return SheetAudit(file, "", facts.unit, (), None, None, note=note)
    figures = SheetFigures(
        file=file,
        sheet="",
        unit=facts.unit,
        rows=tuple(
            _row(ind, profile, facts, file, computed.get(ind.id))
            for ind in inds
            if ind.id in profile.points
        ),
        # The full score is the weights profile's: the rows' 分值 are its points.
        full_score=Printed(_line(facts.location, file), profile.full_score),
        header_cell=_line(facts.facts_location or facts.location, file),
        problems=_unscored(facts, refused, {i.id: i.name for i in inds}, file),
    )
    return audit_sheet(
        figures, scored, grades=profile.grades, over_achievement=profile.over_achievement
    )


def _unscored(
    facts: Facts, refused: dict[str, ScoringError], names: dict[str, str], file: str
) -> tuple[ReadProblem, ...]:
    """Each row with a self-score that its rules cannot score (a fact missing, a value its rule
    cannot take): said at the self-score's line with the engine's words, as a sheet's cell
    that cannot be read is, so that the row is not passed over unchecked."""
    return tuple(
        ReadProblem(
            _line(facts.self_score_locations.get(ind_id) or facts.location, file),
            msg(
                "{name} cannot be recomputed: {why}",
                name=names[ind_id],
                why=ListOf(_problem_lines(exc), en="; ", zh="；"),
            ),
        )
        for ind_id, exc in refused.items()
        if ind_id in facts.self_scores
    )


def _line(location: Location | None, file: str) -> str:
    """A facts file's place as an audit cell: ``facts.yaml:31`` (findings sort by line)."""
    if location is None or not location.line:
        return file
    return f"{location.file}:{location.line}"


def _row(
    ind: Indicator, profile: WeightsProfile, facts: Facts, file: str, computed: FactValue | None
) -> SheetRow:
    """A row as the facts file gives it; ``computed`` is its value as the engine has it (a
    formula's result), to show as its achieved value."""
    score_at = _line(facts.self_score_locations.get(ind.id) or facts.location, file)
    fact = facts.facts.get(ind.id) if ind.formula is None else None
    # A value a formula computes is not in the facts file: the row's place there is its
    # self-score (a finding on the value is said at the self-score's line).
    value_at = _line(fact.location, file) if fact is not None and fact.location else score_at
    setting = facts.targets.get(ind.id)
    target = setting.target if setting is not None else ind.target
    score = facts.self_scores.get(ind.id)
    value = fact.value if fact is not None else computed
    return SheetRow(
        name=ind.name,
        level1=ind.level1,
        level2=ind.level2,
        points=Printed(score_at, profile.points[ind.id], plain(profile.points[ind.id])),
        score=Printed(score_at, score, plain(score)) if score is not None else None,
        actual=Printed(value_at, None, show_value(value, ind.unit)) if value is not None else None,
        target=str(target) if target is not None else "",
        reason=facts.reasons.get(ind.id, ""),
        indicator=ind,
        value=value,
    )


def audit(
    paths: Sequence[str | Path] | str | Path,
    *,
    indicators: Sequence[str] = (),
    weights: str | None = None,
    sheet: str | None = None,
) -> AuditReport:
    """Audit the sheets that ``paths`` name (files or folders), as ``scoring audit`` does.

    ``indicators`` and ``weights`` name indicator files and a weights profile
    (paths or shipped names) whose rules and grade bands the sheets are
    checked against; without them, the national defaults.

    Raises:
        ScoringError: when the indicator or weights files cannot be read.
    """
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    loaded, profile, _ = rule_files(
        list(indicators), None, weights, None, where=Location("audit"), hints=None
    )
    return audit_paths(given, indicators=loaded, weights=profile, sheet=sheet)
