"""The ``scoring import`` command: a self-evaluation sheet in, its YAML files out.

``scoring import SHEET.xlsx -o DIR`` reads the sheet as ``scoring score``
does and writes ``DIR/indicators.yaml``, ``DIR/weights.yaml`` and
``DIR/facts.yaml``: commented files a user could have written by hand, which
``scoring score DIR/facts.yaml`` scores as the sheet is scored. ``DIR`` is
made if it does not exist; a file already there is never overwritten.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path
from typing import Any

from scoring.cli import helptext
from scoring.cli import reports as cli_reports
from scoring.cli.streams import note
from scoring.core.messages import LANGS, msg, text


def add_parser(commands: Any, lang: str = "en") -> None:
    """Add the ``import`` subcommand to the command line's subparsers."""
    t = functools.partial(text, lang)
    sub = commands.add_parser(
        "import",
        help=t("read a self-evaluation sheet (.xlsx, .xls, .csv) and write it as YAML files"),
        description=t(
            "Read a 项目支出 or 部门整体支出绩效自评表 and write the indicator, weights and facts"
            " files it holds into DIR, to go on editing in YAML."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring import 自评表.xlsx -o 2023/",
                "scoring import 自评表.xlsx --sheet Sheet2 -o 2023/",
                "scoring score 2023/facts.yaml",
            ),
        ),
    )
    sub.add_argument("sheet_path", metavar="SHEET", help=t("the sheet: .xlsx, .xls or .csv"))
    cli_reports.add_rule_options(
        sub,
        t("indicator files whose rules replace the national defaults, by indicator name"),
        t("weights profile whose settings (grades, rounding, ...) apply"),
        lang=lang,
    )
    cli_reports.add_sheet_option(sub, lang=lang)
    sub.add_argument(
        "-o",
        "--output",
        dest="folder",
        metavar="DIR",
        required=True,
        help=t("the folder to write indicators.yaml, weights.yaml and facts.yaml into"),
    )
    sub.add_argument(
        "--lang",
        choices=list(LANGS),
        default=lang,
        help=t(
            "language of labels, explanations and messages (SCORING_LANG=en sets the messages"
            " alone)"
        ),
    )
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> str:
    """Write the files; returns the summary to print.

    Raises:
        ScoringError: when the sheet cannot be read, or DIR cannot take the files.
    """
    # Imported here: only this command needs the sheet reader.
    from scoring.core.errors import InputError, Location  # noqa: PLC0415
    from scoring.files import resources  # noqa: PLC0415
    from scoring.files.output import write_atomic  # noqa: PLC0415
    from scoring.files.sheets.reader import load_sheet_case  # noqa: PLC0415
    from scoring.files.sheets.yaml_out import FACTS_FILE, sheet_yaml  # noqa: PLC0415

    lang = getattr(args, "message_lang", args.lang)
    sheet = Path(args.sheet_path)
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(
            msg("this is a file, not a folder"),
            location=Location(str(folder)),
            hint=msg("give -o a folder to write the three YAML files into"),
        )
    case, read = load_sheet_case(
        sheet, indicators=args.indicators, weights=args.weights, sheet=args.sheet
    )
    for warning in case.warnings:
        note(f"scoring: {warning.line(lang=lang)}\n")
    found = resources.find("weights", args.weights) if args.weights else None
    profile = Path(found) if found is not None else None
    files = sheet_yaml(read, sheet.name, profile)
    there = [folder / name for name in files if (folder / name).exists()]
    if there:
        raise InputError(
            msg("the folder already has {names}", names=", ".join(p.name for p in there)),
            location=Location(str(folder)),
            hint=msg("import into a new or empty folder (nothing is overwritten)"),
        )
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(
            msg("cannot make the folder: {reason}", reason=exc.strerror or str(exc)),
            location=Location(str(folder)),
            hint=msg("check that its parent folder exists and can be written to"),
        ) from None
    for name, content in files.items():
        write_atomic(folder / name, content.encode("utf-8"))
    scored = len(read.indicators)
    written = [str(folder / name) for name in files]
    worksheet = read.layout.grid.sheet or sheet.stem
    t = functools.partial(text, lang)
    lines = [
        t(
            "read {count} scored rows from {sheet} (worksheet {worksheet})",
            count=scored,
            sheet=str(sheet),
            worksheet=worksheet,
        ),
        *(t("  wrote {path}", path=path) for path in written),
        t("score it with: scoring score {path}", path=str(folder / FACTS_FILE)),
    ]
    return "\n".join(lines) + "\n"
