"""Command-line wiring for the reports: ``explain``, ``compare``, ``sensitivity``, ``score --set``.

Thin: each handler loads the case, calls the pure analysis and its renderer,
and returns the output as text; :mod:`scoring.cli` prints it or writes it
with ``-o``.
"""

from __future__ import annotations

import argparse
import functools
import os
from decimal import Decimal, InvalidOperation

from scoring.cli import helptext
from scoring.cli.streams import text_width, warn
from scoring.core.errors import InputError
from scoring.core.messages import msg, text
from scoring.core.record import evolve
from scoring.rendering import REPORT_FORMATS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from scoring.core.scorecard import Scorecard
    from scoring.files.case import Case

# The analyses and their renderers are imported inside the command that uses
# them, so that ``scoring score`` does not pay for importing them at start-up.

MAX_DRAWS = 1_000_000


def _decimal(lang: str, given: str) -> Decimal:
    try:
        value = Decimal(given)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(
            text(lang, "{text!r} is not a number", text=given)
        ) from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(text(lang, "{text!r} is not a number", text=given))
    return value


def _spread(lang: str, given: str) -> Decimal:
    value = _decimal(lang, given)
    if not 0 < value < 100:
        raise argparse.ArgumentTypeError(
            text(lang, "{text} is not above 0 and below 100 (percent)", text=given)
        )
    return value


def _flag_at(lang: str, given: str) -> Decimal:
    value = _decimal(lang, given)
    if value != 0 and not value > 100:
        raise argparse.ArgumentTypeError(
            text(
                lang,
                "{text} is a percent of the target above 100 (130 flags 130% and more), or 0"
                " for no flag",
                text=given,
            )
        )
    return value


def _draws(lang: str, given: str) -> int:
    try:
        value = int(given)
    except ValueError:
        raise argparse.ArgumentTypeError(
            text(lang, "{text!r} is not a whole number", text=given)
        ) from None
    if not 0 <= value <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(
            text(lang, "{text} is not from 0 to {most}", text=given, most=MAX_DRAWS)
        )
    return value


def add_output_option(parser: argparse.ArgumentParser, lang: str = "en") -> None:
    """``-o FILE``: write the output to FILE atomically instead of printing it."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=text(
            lang, "write to FILE (atomically: all of it or nothing) instead of standard output"
        ),
    )


def add_width_option(parser: argparse.ArgumentParser, *, lang: str = "en") -> None:
    """``--width N``: the columns the text output is folded into (see :func:`text_width`)."""
    parser.add_argument(
        "--width",
        type=int,
        metavar="N",
        help=text(
            lang,
            "fit the text output (the table, the explanations and the notes) into N columns"
            " (default: the terminal's width; as wide as it needs when the output is not a"
            " terminal)",
        ),
    )


def add_rule_options(
    parser: argparse.ArgumentParser,
    indicators_help: str | None = None,
    weights_help: str | None = None,
    *,
    lang: str = "en",
) -> None:
    """``--indicators PATH|NAME ...`` and ``--weights PATH|NAME``: the rules to score with."""
    parser.add_argument(
        "--indicators",
        metavar="PATH|NAME",
        nargs="+",
        help=indicators_help
        or text(
            lang,
            "indicator files (指标文件): paths, or names of shipped files such as"
            " department-common",
        ),
    )
    parser.add_argument(
        "--weights",
        metavar="PATH|NAME",
        help=weights_help
        or text(
            lang,
            "weights profile (权重方案): a path, or the name of a shipped one such as"
            " yueyang-department",
        ),
    )


def add_sheet_option(parser: argparse.ArgumentParser, *, lang: str = "en") -> None:
    """``--sheet NAME``: which worksheet of a workbook to read."""
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help=text(lang, "the worksheet to read (default: the first with an indicator table)"),
    )


def add_set_option(parser: argparse.ArgumentParser, *, lang: str = "en") -> None:
    """``--set ID=VALUE ...`` on ``score``: a what-if."""
    parser.add_argument(
        "--set",
        metavar="ID=VALUE",
        nargs="+",
        action="extend",
        help=text(
            lang,
            "what-if: re-score with these facts (or one-fact indicators) changed and show the"
            " change of every row and of the total (by id or Chinese name; put FACTS first)",
        ),
    )


def _case_options(
    parser: argparse.ArgumentParser, lang: str, *, facts_nargs: str | None = None
) -> None:
    parser.add_argument(
        "facts",
        metavar="FACTS",
        nargs=facts_nargs,
        help=text(lang, "the facts file (YAML), or a self-evaluation sheet (.xlsx, .xls, .csv)"),
    )
    add_rule_options(parser, lang=lang)
    add_sheet_option(parser, lang=lang)
    parser.add_argument(
        "--format", choices=REPORT_FORMATS, default="text", help=text(lang, "output format")
    )
    parser.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help=text(lang, "language of the report")
    )
    add_output_option(parser, lang=lang)


def add_commands(commands: argparse._SubParsersAction[Any], *, lang: str = "en") -> None:
    """Add ``explain``, ``compare`` and ``sensitivity`` to the command line."""
    t = functools.partial(text, lang)
    ex = commands.add_parser(
        "explain",
        help=t("what lost points, what wins them back, what the next grade takes"),
        description=t(
            "A short narrative of the scored year: total and grade, the rows that lost points"
            " (largest first) with what would earn them back, the fewest changes to reach the"
            " next grade, and the rows that still need a deviation reason."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring explain examples/yueyang-education-2023.yaml",
                "scoring explain 2024.yaml --format markdown -o 说明.md",
                "scoring explain 2024.yaml --over-threshold 150",
            ),
        ),
    )
    _case_options(ex, lang)
    add_width_option(ex, lang=lang)
    ex.add_argument(
        "--over-threshold",
        metavar="PERCENT",
        type=functools.partial(_flag_at, lang),
        default=None,
        help=t(
            "completion (percent of target) from which a beaten target needs a reason: sets"
            " the weights profile's over_achievement flag_at for this run (default: the"
            " profile's, 130 unless it says otherwise; an indicator's own still wins)"
        ),
    )
    ex.set_defaults(handler=cmd_explain)

    cp = commands.add_parser(
        "compare",
        help=t("two years of one unit, or one year under two weights profiles"),
        description=t(
            "Compare A B (two facts files), or FACTS --against-weights W2 (one year under its"
            " weights, or --weights, and under W2): the rows whose points changed, by how much"
            " and why, and the change of total and grade."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring compare 2023.yaml 2024.yaml",
                "scoring compare 2024.yaml --against-weights yueyang-education",
                "scoring compare 2023.yaml 2024.yaml --format markdown -o 对比.md",
            ),
        ),
    )
    _case_options(cp, lang, facts_nargs="+")
    add_width_option(cp, lang=lang)
    cp.add_argument(
        "--against-weights",
        metavar="PATH|NAME",
        help=t("compare one facts file under its weights and under this profile"),
    )
    cp.set_defaults(handler=cmd_compare)

    se = commands.add_parser(
        "sensitivity",
        help=t("how much the total and the grade depend on the weights"),
        description=t(
            "Move each weight by ±SPREAD percent on its own, and draw all weights at random"
            " within ±SPREAD percent (seeded), rescaling to the full score; report the range of"
            " the total, how often the grade holds and which weights decide it."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring sensitivity examples/yueyang-education-2023.yaml",
                "scoring sensitivity 2024.yaml --spread 20 --draws 5000",
                "scoring sensitivity 2024.yaml --format json -o 敏感性.json",
            ),
        ),
    )
    _case_options(se, lang)
    se.add_argument(
        "--spread",
        type=functools.partial(_spread, lang),
        default=Decimal(10),
        metavar="SPREAD",
        help=t("how far each weight moves, in percent (default 10)"),
    )
    se.add_argument(
        "--draws",
        type=functools.partial(_draws, lang),
        default=1000,
        help=t("random draws (default 1000)"),
    )
    se.add_argument("--seed", type=int, default=0, help=t("random seed (default 0)"))
    se.set_defaults(handler=cmd_sensitivity)


def _scored(
    args: argparse.Namespace,
    facts: str,
    weights: str | None = None,
    *,
    flag_at: Decimal | None = None,
) -> tuple[Case, Scorecard]:
    """The case of ``facts`` (under ``weights``, else --weights or its own) and its scorecard.

    ``flag_at`` replaces the profile's over-achievement threshold for this run.
    """

    from scoring.core.engine import score  # noqa: PLC0415
    from scoring.files.inputs import load_input  # noqa: PLC0415

    case = load_input(
        facts, indicators=args.indicators, weights=weights or args.weights, sheet=args.sheet
    )
    # What reading found worth a look (a file read as GB18030, not UTF-8), as score says.
    warn(case.warnings, getattr(args, "message_lang", "en"))
    if flag_at is not None:
        setting = evolve(case.weights.over_achievement, flag_at=flag_at)
        case = evolve(case, weights=evolve(case.weights, over_achievement=setting))
    return case, score(case.indicators, case.weights, case.facts)


def cmd_explain(args: argparse.Namespace) -> str:
    from scoring.analysis.explain import explain  # noqa: PLC0415 (start-up time)
    from scoring.rendering.reports import render_explanation  # noqa: PLC0415

    case, card = _scored(args, args.facts, flag_at=args.over_threshold)
    result = explain(card, reasons=case.facts.reasons, grades=case.weights.grades)
    return render_explanation(result, args.format, args.lang, columns=text_width(args))


def cmd_compare(args: argparse.Namespace) -> str:
    from scoring.analysis.compare import compare  # noqa: PLC0415 (start-up time)
    from scoring.core.model import Text  # noqa: PLC0415
    from scoring.rendering.reports import render_comparison  # noqa: PLC0415

    files = list(args.facts)
    if len(files) > 2:
        raise InputError(msg("compare takes two facts files, or one with --against-weights"))
    if len(files) == 2 and args.against_weights:
        raise InputError(
            msg("give two facts files or --against-weights, not both"),
            hint=msg("scoring compare A B, or scoring compare FACTS --against-weights W2"),
        )
    if len(files) == 1 and not args.against_weights:
        raise InputError(
            msg("compare needs a second facts file or --against-weights"),
            hint=msg("scoring compare A B, or scoring compare FACTS --against-weights W2"),
        )
    _, before = _scored(args, files[0])
    if len(files) == 2:
        _, after = _scored(args, files[1])
        # Two files of one unit: name them by file, the labels would read the same.
        labels = [
            Text(f"{os.path.basename(f)}（{c.year} 年）", f"{os.path.basename(f)} ({c.year})")
            for f, c in ((files[0], before), (files[1], after))
        ]
        comparison = compare(before, after, label_before=labels[0], label_after=labels[1])
    else:
        _, after = _scored(args, files[0], weights=args.against_weights)
        comparison = compare(before, after)
    # The table and the notes fit --width or the terminal, as the scored table does.
    return render_comparison(comparison, args.format, args.lang, columns=text_width(args))


def cmd_sensitivity(args: argparse.Namespace) -> str:
    from scoring.analysis.sensitivity import sensitivity  # noqa: PLC0415
    from scoring.rendering.reports import render_sensitivity  # noqa: PLC0415 (start-up time)

    case, card = _scored(args, args.facts)
    result = sensitivity(
        card, grades=case.weights.grades, spread=args.spread, draws=args.draws, seed=args.seed
    )
    return render_sensitivity(result, card, args.format, args.lang)


def score_what_if(args: argparse.Namespace, case: Case) -> str:
    """``score --set``: every row before and after, and the total."""
    from scoring.analysis.whatif import parse_assignments, what_if  # noqa: PLC0415
    from scoring.rendering.reports import render_comparison  # noqa: PLC0415 (start-up time)

    if args.format not in REPORT_FORMATS:
        raise InputError(
            msg("--set shows a change, which has no {format} form", format=args.format),
            hint=msg("use --format {formats}", formats=", ".join(REPORT_FORMATS)),
        )
    values = parse_assignments(args.set)
    comparison = what_if(
        case.indicators, case.weights, case.facts, values, missing=getattr(args, "missing", None)
    )
    warn(comparison.after.warnings, getattr(args, "message_lang", "en"))
    # The table fits --width or the terminal, as the scored table does.
    columns = text_width(args)
    return render_comparison(comparison, args.format, args.lang, every_row=True, columns=columns)
