"""Auditing many sheets: files and folders in, one report out.

A folder stands for every sheet in it and its subfolders (.xlsx, .xlsm, .xls,
.csv; Excel's ``~$`` lock files aside), in name order. A file that cannot be
read is listed as unreadable and the others are audited all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from scoring.analysis.audit import AuditReport, SheetAudit, Unreadable
from scoring.core.errors import Location, ScoringError
from scoring.core.messages import Message, msg
from scoring.core.model import Indicator, WeightsProfile
from scoring.files.case import rule_files
from scoring.files.sheets import SHEET_SUFFIXES

# Called after each file with (files done, files in all).
Progress = Callable[[int, int], None]


def sheet_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Unreadable]]:
    """The sheets that ``paths`` name, folders expanded; paths that name nothing readable."""
    found: list[Path] = []
    missing: list[Unreadable] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SHEET_SUFFIXES
                and not p.name.startswith("~$")
            )
            if not inside:
                missing.append(
                    Unreadable(str(path), (msg("this folder holds no .xlsx, .xls or .csv sheet"),))
                )
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            missing.append(Unreadable(str(path), (msg("no such file or folder"),)))
    return found, missing


def audit_paths(
    paths: Sequence[str | Path],
    *,
    indicators: Sequence[Indicator] = (),
    weights: WeightsProfile | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> AuditReport:
    """Audit every sheet ``paths`` name; a file that cannot be read does not stop the others."""
    # Imported here: the sheet reader is needed only once there is a sheet.
    from scoring.files.sheets.audit_read import audit_file  # noqa: PLC0415

    files, unreadable = sheet_paths(paths)
    audits: list[SheetAudit] = []
    for done, path in enumerate(files, 1):
        try:
            audits.append(audit_file(path, indicators=indicators, weights=weights, sheet=sheet))
        except ScoringError as exc:
            lines: tuple[Message | str, ...] = tuple(
                msg("{where}: {message}", where=str(p.location), message=p.said)
                if p.location is not None
                else p.said
                for p in exc.problems
            )
            unreadable.append(Unreadable(str(path), lines))
        if progress is not None:
            progress(done, len(files))
    return AuditReport(tuple(audits), tuple(unreadable))


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
