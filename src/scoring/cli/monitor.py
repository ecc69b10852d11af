"""The ``scoring monitor`` command: mid-year monitoring (绩效运行监控) of one facts file.

Thin: loads the case and its monitoring profile, calls the pure monitoring,
prints its located warnings on standard error and returns the report in the
format asked for; :mod:`scoring.cli.app` prints it or writes it with ``-o``.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import unicodedata
from typing import Any

from scoring.cli import helptext
from scoring.cli import reports as cli_reports
from scoring.cli.streams import Quiet, csv_in
from scoring.core.errors import InputError, InputWarning
from scoring.core.messages import msg, text

FORMATS = ("text", "json", "markdown", "csv", "html", "xlsx")
_DIGITS = re.compile("[0-9]+")


def month_argument(lang: str, given: str) -> int:
    """``--month N``: a whole month, 1 to 12, in ASCII digits.

    Full-width digits (６, as a Chinese input method types them) are refused with the
    digits to type, as ``as_of: ６`` and a number cell are: int() would read them, and
    1_2 and ٦, unsaid.
    """
    half = unicodedata.normalize("NFKC", given)
    if half != given and _DIGITS.fullmatch(half) and 1 <= int(half) <= 12:
        raise argparse.ArgumentTypeError(
            text(
                lang,
                "{given!r} is written in full-width characters: write {half} (switch the input"
                " method to half-width)",
                given=given,
                half=half,
            )
        )
    month = int(given) if _DIGITS.fullmatch(given) else 0
    if not 1 <= month <= 12:
        raise argparse.ArgumentTypeError(
            text(lang, "{given!r} is not a month: give 1 to 12", given=given)
        )
    return month


def add_parser(commands: Any, *, lang: str = "zh") -> None:
    """Add the ``monitor`` subcommand to the command line's subparsers."""
    t = functools.partial(text, lang)
    sub = commands.add_parser(
        "monitor",
        help=t("mid-year monitoring (绩效运行监控): progress against time, with warnings"),
        description=t(
            "Monitor one unit's year as of a month: spending and each target's progress against"
            " time progress (month ÷ 12), a status colour per row, group and unit, the gap of every"
            " row off track and the reasons and measures still missing. The thresholds come from"
            " the weights profile's monitoring section, or the shipped default."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring monitor examples/yueyang-education-2023-june.yaml",
                "scoring monitor 2024-06.yaml --month 6 --format html -o 监控.html",
                "scoring monitor 2024-06.yaml --monitoring default",
            ),
        ),
    )
    sub.add_argument("facts", metavar="FACTS", help=t("the facts file (YAML), as of the month"))
    sub.add_argument(
        "--month",
        type=functools.partial(month_argument, lang),
        metavar="N",
        help=t("the month the facts are as of, 1 to 12 (default: the facts file's as_of)"),
    )
    sub.add_argument(
        "--monitoring",
        metavar="PATH|NAME",
        help=t(
            "monitoring profile: a path, or a shipped name such as default (default: the weights"
            " profile's monitoring section)"
        ),
    )
    cli_reports.add_rule_options(sub, lang=lang)
    sub.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=t("output format (xlsx needs -o and the xlsx extra)"),
    )
    sub.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help=t(
            "language of labels, explanations and messages (SCORING_LANG=en sets the messages"
            " alone)"
        ),
    )
    cli_reports.add_output_option(sub, lang=lang)
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> bytes:
    """The report's bytes; its warnings go to standard error.

    Raises:
        ScoringError: for bad input, each problem located.
    """
    # Imported here so that other commands do not pay for them at start-up.
    from scoring.analysis.monitoring import monitor  # noqa: PLC0415
    from scoring.files.case import load_case  # noqa: PLC0415
    from scoring.files.monitoring import (  # noqa: PLC0415
        find_monitoring,
        load_monitoring,
        monitoring_for,
    )
    from scoring.rendering.monitor import render_monitor  # noqa: PLC0415

    lang = getattr(args, "message_lang", args.lang)
    if args.format == "xlsx" and not args.output:
        raise InputError(
            msg("{format} output is a file, not text", format=args.format),
            hint=msg("add -o FILE.{format}", format=args.format),
        )
    case = load_case(args.facts, indicators=args.indicators, weights=args.weights)
    if args.monitoring:
        profile = load_monitoring(find_monitoring(args.monitoring))
    else:
        assert case.weights.location is not None
        profile = monitoring_for(case.weights.location.file, case.weights.id)
    facts = case.facts
    warnings: list[InputWarning] = []
    if args.month is not None and facts.as_of is not None and args.month != facts.as_of:
        warnings.append(
            InputWarning(
                msg(
                    "the facts file is as of month {as_of}; --month {month} is used",
                    as_of=facts.as_of,
                    month=args.month,
                ),
                location=facts.as_of_location or facts.location,
                hint=msg("give the month the figures are for, or change 'as_of:'"),
            )
        )
    report = monitor(case.indicators, case.weights, facts, profile, month=args.month)
    for problem in [*case.warnings, *warnings, *report.problems]:
        _warn(f"scoring: {problem.line(lang=lang)}\n")
    output = render_monitor(report, args.format, args.lang)
    return csv_in(output, args.encoding) if args.format == "csv" else output


def _warn(line: str) -> None:
    if Quiet.on:
        return
    # UTF-8 bytes whatever the terminal's locale, as the other commands write.
    buffer = getattr(sys.stderr, "buffer", None)
    if buffer is not None:
        buffer.write(line.encode("utf-8"))
        buffer.flush()
    else:
        sys.stderr.write(line)
