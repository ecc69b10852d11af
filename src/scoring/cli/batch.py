"""The ``scoring batch`` command: score a table of unit-years, report every bad row.

Kept apart from :mod:`scoring.cli` so that ``scoring score`` does not pay for
importing it. Exit status: 0 when every row was scored, 2 when any row
failed or the input is unusable (one line per problem on stderr).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any, TextIO

from scoring.cli import helptext
from scoring.cli import monitor as cli_monitor
from scoring.cli import reports as cli_reports
from scoring.cli.streams import Quiet, note, to_stdout
from scoring.core.messages import msg, text

EXIT_OK = 0
EXIT_INPUT = 2


def add_parser(commands: Any, *, lang: str = "en") -> None:
    """Add the ``batch`` subcommand to the command line's subparsers."""
    t = functools.partial(text, lang)
    sub = commands.add_parser(
        "batch",
        help=t("score a table of many unit-years (CSV, YAML or JSON)"),
        description=t(
            "Score every row of a table under one indicator set and weights profile. A bad row"
            " is reported with its row number and line and does not stop the others."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring batch 2024.csv --indicators project-common --weights national-project",
                "scoring batch 2024.yaml --rank -o 得分.csv",
                "scoring batch 2024-06.yaml --monitor 6",
            ),
        ),
    )
    sub.add_argument(
        "table", metavar="TABLE", help=t("the table: .csv, .yaml/.yml or .json (单位,年度 columns)")
    )
    cli_reports.add_rule_options(sub, lang=lang)
    sub.add_argument("--format", choices=["csv", "json"], default="csv", help=t("output format"))
    cli_reports.add_output_option(sub, lang=lang)
    sub.add_argument("--rank", action="store_true", help=t("rank rows by total, highest first"))
    sub.add_argument(
        "--fail-fast", action="store_true", help=t("stop at the first bad row and write nothing")
    )
    sub.add_argument(
        "--monitor",
        type=functools.partial(cli_monitor.month_argument, lang),
        metavar="N",
        help=t(
            "mid-year monitoring as of month N (1 to 12) instead of the score: one line per"
            " unit, ranked by status (see docs/monitoring.md)"
        ),
    )
    sub.add_argument(
        "--monitoring",
        metavar="PATH|NAME",
        help=t("with --monitor: the monitoring profile (default: the weights profile's)"),
    )
    sub.add_argument(
        "--engine",
        choices=["auto", "exact", "columnar"],
        default="auto",
        help=t("auto: columnar when NumPy is installed (same results, faster)"),
    )


class _Progress:
    """A progress line on a terminal, rewritten in place; nothing on a pipe or file."""

    def __init__(self, stream: TextIO, lang: str = "en") -> None:
        self.stream = stream
        self.lang = lang
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        percent = f"{100 * done // total if total else 100:3d}"
        said = msg("scoring: {percent}% of {total} rows", percent=percent, total=total)
        self.stream.write(f"\r{said.text(self.lang)}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace, write: Any) -> int:
    """Run ``scoring batch`` with parsed ``args``; ``write(stream, text)`` writes bytes-safe."""
    # Imported here, not at the top, so that `scoring score` does not pay for them.
    from scoring.batch import score_table  # noqa: PLC0415
    from scoring.batch.detail import explain_table  # noqa: PLC0415
    from scoring.core.errors import ScoringError  # noqa: PLC0415
    from scoring.files.output import write_atomic  # noqa: PLC0415
    from scoring.files.tables import check_targets, load_rules, load_table  # noqa: PLC0415
    from scoring.rendering._common import Meta  # noqa: PLC0415
    from scoring.rendering.batch import BATCH_FORMATS, render_batch_json  # noqa: PLC0415

    err = sys.stderr
    lang = getattr(args, "message_lang", "en")
    try:
        loaded = load_table(args.table)
        for warning in loaded.warnings:
            note(f"scoring: {warning.line(lang=lang)}\n")
        base = None if args.indicators or args.weights else Path(args.table).parent
        rules = load_rules(
            args.indicators or list(loaded.indicator_refs),
            args.weights or loaded.weights_ref,
            base,
            ref_at=None if args.indicators and args.weights else loaded.ref_at,
        )
        check_targets(loaded.table, rules.indicators)
        if args.monitor is not None:
            return _monitor(args, write, loaded.table, rules)
        progress = _Progress(err, lang) if err.isatty() and not Quiet.on else None
        try:
            result = score_table(
                rules.indicators,
                rules.weights,
                loaded.table,
                engine=args.engine,
                fail_fast=args.fail_fast,
                progress=progress,
            )
        finally:
            if progress is not None:
                progress.clear()
    except ScoringError as exc:
        for problem in exc.problems:
            write(
                err,
                "scoring: "
                + msg("error: {message}", message=problem.line(lang=lang)).text(lang)
                + "\n",
            )
        return EXIT_INPUT
    except ValueError as exc:  # the columnar engine asked for without NumPy
        line = msg("error: {message}", message=exc).text(lang)
        write(err, f"scoring: {line}\n")
        return EXIT_INPUT
    for problem in result.warnings:
        note(f"scoring: {problem.line(lang=lang)}\n")
    warnings = len(result.warnings) + len(loaded.warnings)
    for outcome in result.outcomes:
        for problem in getattr(outcome, "problems", ()):
            write(
                err,
                "scoring: "
                + msg("error: {message}", message=problem.line(lang=lang)).text(lang)
                + "\n",
            )
        for problem in getattr(outcome, "warnings", ()):
            note(f"scoring: {problem.line(lang=lang)}\n")
            warnings += 1
    total = len(loaded.table)
    said = msg(
        "scoring: {scored} of {total} rows scored, {failed} failed",
        scored=result.scored,
        total=total,
        failed=result.failed,
    )
    if warnings:
        said = (
            msg("{summary}, 1 warning", summary=said)
            if warnings == 1
            else msg("{summary}, {warnings} warnings", summary=said, warnings=warnings)
        )
    if result.stopped:
        left = total - len(result.outcomes)
        said = msg(
            "{summary}; stopped at the first failed row (--fail-fast), {left} not scored",
            summary=said,
            left=left,
        )
    note(said.text(lang) + "\n")
    if args.fail_fast and result.failed:
        return EXIT_INPUT
    meta = Meta(rules_sha256=rules.rules_sha256)
    if args.format == "json":
        # Each row's indicators in full, as score_frame's long form has them.
        progress = _Progress(err, lang) if err.isatty() and not Quiet.on else None
        try:
            details = {
                outcome.head.number: found
                for outcome, found in explain_table(
                    rules.indicators, rules.weights, loaded.table, progress=progress
                )
            }
        finally:
            if progress is not None:
                progress.clear()
    if args.rank:
        result = result.ranked()
    if args.format == "json":
        text = render_batch_json(result, meta, details)
    else:
        # A BOM first, as the score command's CSV has: Excel on Chinese Windows
        # then reads the file as UTF-8, not as GBK (which turns names to mojibake).
        text = "\ufeff" + BATCH_FORMATS[args.format](result, meta)
    data = text.encode("utf-8")
    if args.format == "csv" and getattr(args, "encoding", None) == "gb18030":
        data = text.removeprefix("\ufeff").encode("gb18030")
    if args.output is not None and args.output != "-":
        try:
            write_atomic(args.output, data)
        except ScoringError as exc:
            write(
                err,
                "scoring: "
                + msg("error: {message}", message=exc.line(lang=lang)).text(lang)
                + "\n",
            )
            return EXIT_INPUT
    else:
        failed = to_stdout(data, lang)
        if failed is not None:
            return failed
    return EXIT_INPUT if result.failed else EXIT_OK


def _monitor(args: argparse.Namespace, write: Any, table: Any, rules: Any) -> int:
    """``scoring batch --monitor N``: every row monitored, ranked by status.

    Raises:
        ScoringError: when the monitoring profile cannot be read or does not fit.
    """
    from scoring.batch.monitoring import monitor_table  # noqa: PLC0415
    from scoring.core.errors import ScoringError  # noqa: PLC0415
    from scoring.files.monitoring import (  # noqa: PLC0415
        find_monitoring,
        load_monitoring,
        monitoring_for,
    )
    from scoring.files.output import write_atomic  # noqa: PLC0415
    from scoring.rendering.monitor_batch import MONITOR_BATCH_FORMATS  # noqa: PLC0415

    err = sys.stderr
    lang = getattr(args, "message_lang", "en")
    if args.monitoring:
        profile = load_monitoring(find_monitoring(args.monitoring))
    else:
        assert rules.weights.location is not None
        profile = monitoring_for(rules.weights.location.file, rules.weights.id)
    progress = _Progress(err, lang) if err.isatty() and not Quiet.on else None
    try:
        batch = monitor_table(
            rules.indicators,
            rules.weights,
            table,
            profile,
            month=args.monitor,
            fail_fast=args.fail_fast,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.clear()
    for outcome in batch.outcomes:
        for problem in getattr(outcome, "problems", ()):
            line = msg("error: {message}", message=problem.line(lang=lang)).text(lang)
            write(err, f"scoring: {line}\n")
        report = getattr(outcome, "report", None)
        for problem in report.problems if report is not None else ():
            note(f"scoring: {problem.line(lang=lang)}\n")
    total = len(table)
    said = msg(
        "scoring: {monitored} of {total} rows monitored, {failed} failed",
        monitored=batch.monitored,
        total=total,
        failed=batch.failed,
    )
    if batch.stopped:
        left = total - len(batch.outcomes)
        said = msg(
            "{summary}; stopped at the first failed row (--fail-fast), {left} not monitored",
            summary=said,
            left=left,
        )
    note(said.text(lang) + "\n")
    if args.fail_fast and batch.failed:
        return EXIT_INPUT
    text = MONITOR_BATCH_FORMATS[args.format](batch.ranked())
    if args.output:
        try:
            write_atomic(args.output, text.encode("utf-8"))
        except ScoringError as exc:
            line = msg("error: {message}", message=exc.line(lang=lang)).text(lang)
            write(err, f"scoring: {line}\n")
            return EXIT_INPUT
    else:
        failed = to_stdout(text, lang)
        if failed is not None:
            return failed
    return EXIT_INPUT if batch.failed else EXIT_OK
