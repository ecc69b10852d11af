"""Check indicator, weights and facts files, and how they fit together.

:func:`validate` takes files and folders, tells each file's kind by its
top-level keys, reads it with the loader, then checks each facts file with
the indicator and weights files it names (:func:`scoring.analysis.checks.case_problems`).
Every problem of the run is reported, errors and warnings, once each, in a
stable order, so the same files always give the same report.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from scoring.analysis.checks import case_problems, duplicate_ids, formula_loops, weights_sums
from scoring.analysis.english import english_notes
from scoring.analysis.monitoring import MonitoringProfile, profile_problems
from scoring.core.errors import (
    InputError,
    InputNote,
    Location,
    ProfileMismatch,
    ScoringError,
    Severity,
    raise_if_any,
)
from scoring.core.fact_checks import target_warnings
from scoring.core.messages import Message, msg
from scoring.core.model import Indicator, WeightsProfile
from scoring.files import located_yaml as _yaml
from scoring.files.case import Case, read_case_named_at, with_fits
from scoring.files.documents import read_yaml
from scoring.files.facts import load_facts
from scoring.files.indicators import load_indicators
from scoring.files.monitoring import load_monitoring, monitoring_for
from scoring.files.reading import STDIN
from scoring.files.sheets import is_sheet
from scoring.files.weights import load_weights

KINDS = ("indicators", "weights", "facts", "monitoring")
_T = TypeVar("_T")


@attrs.frozen
class Report:
    """What :func:`validate` found: the files it read and every problem, in order; and,
    when asked for, the notes on what English output will show in Chinese."""

    files: tuple[str, ...]
    problems: tuple[ScoringError, ...]
    notes: tuple[ScoringError, ...] = ()

    @property
    def errors(self) -> tuple[ScoringError, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ScoringError, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """Whether no error was found (warnings allowed)."""
        return not self.errors

    def lines(self, lang: str = "en") -> list[str]:
        """One line per problem, ``file:line:column: error: message (hint: ...)`` (or
        ``warning:``), then a summary; in ``lang``, ``zh`` or ``en``."""
        files = _count(len(self.files), "file")
        if self.problems:
            summary = msg(
                "checked {files}: {errors}, {warnings}",
                files=files,
                errors=_count(len(self.errors), "error"),
                warnings=_count(len(self.warnings), "warning"),
            )
        else:
            summary = msg("checked {files}: no problems", files=files)
        problems = (p.line(labelled=True, lang=lang) for p in (*self.problems, *self.notes))
        return [*problems, summary.text(lang)]

    def json(self, lang: str = "en") -> str:
        """The report as JSON: the files read, each problem with its place, and ``ok``."""
        problems = [
            {
                "severity": p.severity.value,
                "file": p.location.file if p.location else None,
                "line": p.location.line if p.location and p.location.line else None,
                "column": p.location.column if p.location and p.location.column else None,
                "message": p.text(lang),
                "hint": None if p.said_hint is None else _in_lang(p.said_hint, lang),
            }
            for p in self.problems
        ]
        document: dict[str, object] = {
            "ok": self.ok,
            "files": list(self.files),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": problems,
        }
        if self.notes:  # only then, so that a report without them stays as it was
            document["notes"] = [
                {
                    "file": n.location.file if n.location else None,
                    "line": n.location.line if n.location and n.location.line else None,
                    "message": n.text(lang),
                    "hint": None if n.said_hint is None else _in_lang(n.said_hint, lang),
                }
                for n in self.notes
            ]
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def raise_for_errors(self) -> None:
        """Raise the errors found; not the warnings."""
        raise_if_any(self.errors)


def validate(paths: Iterable[str | Path], *, english: bool = False) -> Report:
    """Check every file under ``paths`` (files, or folders searched for ``*.yaml``).

    A self-evaluation sheet (.xlsx, .xls, .csv) named among ``paths`` is read
    as ``scoring score`` reads it, and checked like a facts file. With
    ``english``, the report also notes each unit, target in words and named
    outcome of the YAML files read that English output shows in Chinese.

    Never raises :class:`~scoring.core.errors.ScoringError`: every problem is in the report.
    """
    problems: list[ScoringError] = []
    notes: list[ScoringError] = []
    files = _expand(paths, problems)
    indicator_files: list[tuple[Path, list[Indicator]]] = []
    weights_files: list[tuple[Path, WeightsProfile]] = []
    facts_files: list[Path] = []
    for path in files:
        if is_sheet(path):
            # A self-evaluation sheet is checked as what it becomes: a case.
            facts_files.append(path)
            continue
        kind = _kind_of(path, problems)
        if kind == "indicators":
            found = _collect(problems, load_indicators, path)
            if found is not None:
                indicator_files.append((path, found))
        elif kind == "weights":
            profile = _collect(problems, load_weights, path)
            if profile is not None:
                weights_files.append((path, profile))
                read = functools.partial(monitoring_for, weights_id=profile.id)
                notes.extend(_money_notes(_collect(problems, read, path)))
        elif kind == "monitoring":
            notes.extend(_money_notes(_collect(problems, load_monitoring, path)))
        elif kind == "facts" and _collect(problems, load_facts, path) is not None:
            facts_files.append(path)
    for _, indicators in indicator_files:
        notes.extend(english_notes(indicators))
        problems.extend(duplicate_ids(indicators))
        problems.extend(formula_loops(indicators))
        problems.extend(target_warnings(indicators))
    paired: set[str] = set()
    for path in facts_files:
        named_at: Location | None = None
        case: Case | None
        if is_sheet(path):
            case = _collect(problems, _read_sheet, path)
        else:
            with_place = _collect(problems, read_case_named_at, path)
            case, named_at = with_place if with_place is not None else (None, None)
        if case is None:
            continue
        if not is_sheet(path):  # a sheet has no place for an English twin
            notes.extend(english_notes(case.indicators, case.facts))
        problems.extend(case.warnings)
        paired.add(_key(case.weights.location))
        problems.extend(
            # The wrong profile, said first, with the shipped ones that fit.
            with_fits(p, case.indicators, case.weights, named_at)
            if isinstance(p, ProfileMismatch)
            else p
            for p in case_problems(case.indicators, case.weights, case.facts)
        )
        if case.facts.as_of is not None and case.weights.location is not None:
            # A facts file for monitoring: its monitoring profile must fit its indicators.
            where = case.weights.location.file
            read = functools.partial(monitoring_for, weights_id=case.weights.id)
            monitoring = _collect(problems, read, Path(where))
            if monitoring is not None:
                problems.extend(profile_problems(monitoring, case.indicators, case.facts))
    for _, profile in weights_files:
        if _key(profile.location) not in paired:
            problems.extend(weights_sums(profile))
    return Report(
        tuple(str(p) for p in files),
        tuple(_sorted_unique(problems)),
        tuple(_sorted_unique(notes)) if english else (),
    )


def _money_notes(monitoring: MonitoringProfile | None) -> list[ScoringError]:
    """The note when a monitoring profile's money unit has no English twin."""
    if monitoring is None or monitoring.money_unit_en is not None:
        return []
    return [
        InputNote(
            msg(
                "with --lang en, the money unit {unit!r} shows in Chinese: it has no 'unit_en'",
                unit=monitoring.money_unit,
            ),
            location=monitoring.locations.get("spending"),
            hint=msg("add 'unit_en:' beside 'unit:' under 'spending:', the unit in English"),
        )
    ]


def _read_sheet(path: Path) -> Case:
    # Imported here: only a sheet needs the reader (and openpyxl or xlrd).
    from scoring.files.sheets.reader import load_sheet_case  # noqa: PLC0415

    return load_sheet_case(path)[0]


def _in_lang(said: str | Message, lang: str) -> str:
    return said.text(lang) if isinstance(said, Message) else said


def _count(n: int, word: str) -> Message:
    if word == "file":
        return msg("{n} file", n=n) if n == 1 else msg("{n} files", n=n)
    if word == "error":
        return msg("{n} error", n=n) if n == 1 else msg("{n} errors", n=n)
    return msg("{n} warning", n=n) if n == 1 else msg("{n} warnings", n=n)


def _expand(paths: Iterable[str | Path], problems: list[ScoringError]) -> list[Path]:
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError):  # a name too long, or with a NUL byte in it
            is_dir = exists = False
        if is_dir:
            found = sorted(
                p
                for p in path.rglob("*.yaml")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(
                    InputError(
                        msg("folder has no .yaml files"),
                        location=Location(str(path)),
                        hint=msg(
                            "give the folder that holds the indicator, weights or facts files"
                        ),
                    )
                )
            files.extend(found)
        elif exists or str(given) == STDIN:
            files.append(path)
        else:
            problems.append(
                InputError(
                    msg("no such file or folder"),
                    location=Location(str(path)),
                    hint=msg("check the path"),
                )
            )
    unique: dict[str, Path] = {}
    for path in files:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def _kind_of(path: Path, problems: list[ScoringError]) -> str | None:
    """``indicators``, ``weights``, ``facts`` or ``monitoring``, from the top-level keys."""
    try:
        root, _ = read_yaml(path)
    except ScoringError as exc:
        problems.extend(exc.problems)
        return None
    keys = set(root.value) if isinstance(root.value, dict) else set()
    # An indicator file may declare its facts too (``facts:``); what tells it
    # from a facts file is its list of indicator definitions (mappings).
    listed = root.value.get("indicators") if isinstance(root.value, dict) else None
    defines = (
        isinstance(listed, _yaml.Node)
        and isinstance(listed.value, list)
        and any(isinstance(item.value, dict) for item in listed.value)
    )
    if "facts" in keys and not defines:
        return "facts"
    if keys & {"categories", "points"}:
        return "weights"
    if "indicators" in keys:
        return "indicators"
    if "monitoring" in keys:
        return "monitoring"
    problems.append(
        InputError(
            msg("cannot tell what kind of file this is"),
            location=root.location,
            hint=msg(
                "an indicator file has 'indicators:', a weights file 'categories:' and "
                "'points:', a facts file 'facts:', a monitoring profile 'monitoring:'"
            ),
        )
    )
    return None


def _collect(problems: list[ScoringError], load: Callable[[Path], _T], path: Path) -> _T | None:
    try:
        return load(path)
    except ScoringError as exc:
        problems.extend(exc.problems)
        return None


def _key(location: Location | None) -> str:
    if location is None:
        return ""
    try:
        return os.path.realpath(location.file)
    except ValueError:  # a NUL byte: no file has that name, so it is its own key
        return location.file


def _sorted_unique(problems: Sequence[ScoringError]) -> list[ScoringError]:
    """Each problem once (a file named by two facts files is read twice), in file order."""
    found: dict[tuple[str, int, int, str], ScoringError] = {}
    for problem in (q for p in problems for q in p.problems):
        loc = problem.location
        key = (_key(loc), loc.line if loc else 0, loc.column if loc else 0, problem.message)
        found.setdefault(key, problem)
    return sorted(found.values(), key=_order)


def _order(problem: ScoringError) -> tuple[bool, str, int, int, str]:
    # A problem that explains the others (a wrong weights profile) first.
    loc = problem.location
    if loc is None:
        return (not problem.leads, "", 0, 0, problem.line())
    return (not problem.leads, loc.file, loc.line, loc.column, problem.line())
