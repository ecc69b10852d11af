"""The ``scoring audit`` command: review many submitted sheets (自评复核).

Exit status, as ruff's: 0 when no sheet has a finding, 1 when some have, 2
when a file cannot be read at all (the others are audited all the same).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scoring.cli import helptext
from scoring.cli import reports as cli_reports
from scoring.cli.streams import Quiet, csv_in, text_width
from scoring.core.messages import msg, text

EXIT_FINDINGS = 1
# Progress goes to stderr only for runs this long (files).
_PROGRESS_FROM = 20


def add_parser(commands: Any, lang: str = "zh") -> None:
    """Add the ``audit`` subcommand to the command line's subparsers."""
    sub = commands.add_parser(
        "audit",
        help=text(lang, "review submitted sheets: every figure that does not follow (自评复核)"),
        description=text(
            lang,
            "Re-compute every sheet named (files, or folders of .xlsx, .xls and .csv sheets and"
            " .yaml facts files) and list each figure that does not follow: its cell, the"
            " sheet's figure, the computed one, the difference and the rule. Exit status 0 with"
            " no finding, 1 with findings, 2 when a file cannot be read.",
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring audit 自评表.xlsx",
                "scoring audit 报送/ --format xlsx -o 复核.xlsx",
                "scoring audit 报送/ --weights national-project --format csv -o 复核.csv",
            ),
        ),
    )
    sub.add_argument("paths", metavar="PATH", nargs="+", help=text(lang, "files or folders"))
    cli_reports.add_rule_options(sub, lang=lang)
    cli_reports.add_sheet_option(sub, lang=lang)
    sub.add_argument(
        "--format",
        choices=["text", "json", "csv", "xlsx"],
        default="text",
        help=text(lang, "output format (xlsx needs -o and the xlsx extra)"),
    )
    sub.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help=text(
            lang,
            "language of labels, explanations and messages (SCORING_LANG=en sets the messages"
            " alone)",
        ),
    )
    sub.add_argument(
        "--width",
        type=int,
        metavar="N",
        help=text(
            lang,
            "fold the text report into N columns (default: the terminal's width; as wide as it"
            " needs in a file or a pipe)",
        ),
    )
    cli_reports.add_output_option(sub, lang=lang)
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> tuple[bytes, int]:
    """The report, and the exit status.

    Raises:
        ScoringError: when the indicator or weights files cannot be read, or xlsx has no -o.
    """
    # Imported here: only this command needs the sheet reader.
    from scoring.core.errors import InputError, Location  # noqa: PLC0415
    from scoring.files.audit import audit_paths  # noqa: PLC0415
    from scoring.files.case import rule_files  # noqa: PLC0415
    from scoring.rendering.audit import render_audit  # noqa: PLC0415

    if args.output not in (None, "", "-"):
        from scoring.files.output import check_output  # noqa: PLC0415

        check_output(args.output)  # refused before hundreds of sheets are read
    if args.format == "xlsx" and not args.output:
        raise InputError(
            msg("{format} output is a file, not text", format=args.format),
            hint=msg("add -o FILE.{format}", format=args.format),
        )
    indicators, weights, _ = rule_files(
        list(args.indicators or ()), None, args.weights, None, where=Location("audit"), hints=None
    )
    lang = args.message_lang

    # On a terminal one line counts up in place; in a log (stderr to a file) a line
    # every hundred files, not carriage returns run together on one line.
    terminal = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        every = 10 if terminal else 100
        if total >= _PROGRESS_FROM and (done == total or done % every == 0) and not Quiet.on:
            line = msg("scoring audit: {done} of {total} files", done=done, total=total)
            if terminal:
                sys.stderr.write(f"\r{line.text(lang)}" + ("\n" if done == total else ""))
            else:
                sys.stderr.write(f"{line.text(lang)}\n")
            sys.stderr.flush()

    report = audit_paths(
        args.paths, indicators=indicators, weights=weights, sheet=args.sheet, progress=progress
    )
    if args.output not in (None, "", "-"):
        _said_beside(report, lang)
    output = render_audit(report, args.format, args.lang, text_width(args))
    if args.format == "csv":
        output = csv_in(output, args.encoding)
    return output, report.status


def _said_beside(report: Any, lang: str) -> None:
    """With the report going to a file, what the terminal must still show: each file not
    read (an error: a CSV report has no line for it) and the counts."""
    from scoring.cli.streams import note, write  # noqa: PLC0415
    from scoring.core.messages import Message  # noqa: PLC0415

    for bad in report.unreadable:
        for problem in bad.problems:
            said = problem.text(lang) if isinstance(problem, Message) else problem
            write(sys.stderr, "scoring: " + msg("error: {message}", message=said).text(lang) + "\n")
    counts = msg(
        "scoring audit: {sheets} sheets audited, {with_findings} with findings, {findings}"
        " findings; {unreadable} files not read",
        sheets=len(report.sheets),
        with_findings=report.with_findings,
        findings=len(report.findings),
        unreadable=len(report.unreadable),
    )
    note(counts.text(lang) + "\n")
