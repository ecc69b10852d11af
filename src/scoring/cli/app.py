"""The ``scoring`` command line: a thin layer over loading, scoring and rendering.

Exit status: 0 on success, 2 on a usage or input error (one line per problem
on stderr, no traceback). ``validate`` prints its report on stdout and exits 2
when it found an error, 0 otherwise (warnings alone do not fail it).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Mapping, Sequence

from scoring._version import __version__
from scoring.analysis.provenance import sheet_cells
from scoring.cli import helptext
from scoring.cli import reports as cli_reports
from scoring.cli.streams import Quiet, csv_in, text_width, to_stdout, warn
from scoring.cli.streams import write as _write
from scoring.core.engine import score
from scoring.core.errors import InputError, InputWarning, Location, ScoringError, shown
from scoring.core.messages import LANGS, msg, text
from scoring.core.model import MISSING_POLICIES
from scoring.core.record import evolve
from scoring.files.case import Case
from scoring.files.documents import ENCODINGS, Encoding
from scoring.files.inputs import load_input
from scoring.files.output import write_atomic
from scoring.files.reading import forget_reads
from scoring.rendering import BINARY_FORMATS, FORMATS, Meta, render_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

EXIT_OK = 0
EXIT_INPUT = 2


def language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language of messages: ``--lang`` anywhere on the line, else SCORING_LANG, else zh.

    ``--lang`` also sets the language of the scored output; SCORING_LANG sets
    only the messages and help, so that a clerk's output stays Chinese.
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    chosen = environ.get("SCORING_LANG", "").strip().lower()
    return chosen if chosen in LANGS else "zh"


def lang_given(argv: Sequence[str]) -> bool:
    """Whether ``--lang`` (with a language it knows) is anywhere on the command line."""
    return any(arg == "--lang" or arg.startswith("--lang=") for arg in argv)


def _parser(lang: str = "zh", only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only="score"``, without the other commands.

    ``scoring score`` is parsed the same either way (the other commands only add
    their own sub-parsers), and starts without building and importing them.
    """
    # argparse looks its own words ("usage:", "options", its errors) up through
    # the module's gettext alias at the time it uses them: point it at ours.
    argparse._ = lambda words: text(lang, words)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: text(lang, one if n == 1 else many)  # type: ignore[attr-defined]
    t = functools.partial(text, lang)
    examples = (
        "scoring score examples/yueyang-education-2023.yaml",
        "scoring score 2024.yaml --format xlsx -o 自评表.xlsx",
        "scoring init --indicators project-common --weights national-project -o 甲.yaml",
    )
    parser = _Parser(
        prog="scoring",
        description=t("Score a budget performance self-evaluation (预算绩效自评) from YAML files."),
        epilog=helptext.epilog(lang, examples),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"scoring {__version__}",
        help=t("show program's version number and exit"),
    )
    add_lang_option(parser, lang)
    # prog given: argparse would otherwise format the whole usage to work it out.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog="scoring")
    commands.required = True

    sc = commands.add_parser(
        "score",
        help=t("score one unit's year from a facts file or a self-evaluation sheet"),
        description=t(
            "Score one unit's year. The facts file names the indicator and weights files it is"
            " scored with; --indicators and --weights override them. A sheet (项目支出 or"
            " 部门整体支出绩效自评表) is scored by the national default rules, or by the rules of"
            " the indicator files and the settings of the weights profile named."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring score examples/yueyang-education-2023.yaml",
                "scoring score 2024.yaml --format html -o 2024.html",
                "scoring score 自评表.xlsx --weights national-project",
            ),
        ),
    )
    sc.add_argument(
        "facts",
        metavar="FACTS",
        help=t("the facts file (YAML), or a self-evaluation sheet (.xlsx, .xls, .csv)"),
    )
    cli_reports.add_rule_options(sc, lang=lang)
    cli_reports.add_sheet_option(sc, lang=lang)
    sc.add_argument(
        "--format",
        choices=sorted([*FORMATS, *BINARY_FORMATS]),
        default="text",
        help=t("output format (xlsx needs -o and the xlsx extra)"),
    )
    add_lang_option(sc, lang)
    sc.add_argument(
        "--missing",
        choices=list(MISSING_POLICIES),
        default=None,
        help=t(
            "rows whose facts are missing: error (the default, unless the weights profile says"
            " otherwise), score zero, or drop them as not applicable"
        ),
    )
    cli_reports.add_width_option(sc, lang=lang)
    sc.add_argument(
        "--ambiguous-wide",
        action="store_true",
        help=t("count ≤ ≥ “ ” … as two columns wide, as East Asian terminals draw them"),
    )
    cli_reports.add_set_option(sc, lang=lang)
    cli_reports.add_output_option(sc, lang=lang)
    if only != "score":
        _add_other_commands(commands, lang)
    for sub in _all_parsers(parser)[1:]:
        # Only a command that writes CSV says what --encoding does to it.
        writes_csv = any(
            "csv" in (action.choices or ())
            for action in sub._actions
            if "--format" in action.option_strings
        )
        sub.add_argument(
            "--encoding",
            choices=ENCODINGS,
            default=None,
            help=t(
                "the encoding of the files read (default: UTF-8, or GB18030 with a warning when"
                " a file is not UTF-8) and of a CSV written (default: UTF-8 with a BOM)"
            )
            if writes_csv
            else t(
                "the encoding of the files read (default: UTF-8, or GB18030 with a warning when"
                " a file is not UTF-8)"
            ),
        )
    for sub in [parser, *_all_parsers(parser)[1:]]:
        sub.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            default=argparse.SUPPRESS if sub is not parser else False,
            help=t("print errors only: no warnings, progress or summary"),
        )
    return parser


def _add_other_commands(commands: argparse._SubParsersAction[Any], lang: str) -> None:
    # Imported here: `scoring score` needs none of them (start-up time).
    from scoring.cli import audit as cli_audit  # noqa: PLC0415
    from scoring.cli import batch as cli_batch  # noqa: PLC0415
    from scoring.cli import import_sheet  # noqa: PLC0415
    from scoring.cli import init as cli_init  # noqa: PLC0415
    from scoring.cli import monitor as cli_monitor  # noqa: PLC0415

    t = functools.partial(text, lang)
    cli_reports.add_commands(commands, lang=lang)

    va = commands.add_parser(
        "validate",
        help=t("check indicator, weights and facts files and how they fit together"),
        description=t(
            "Check files and folders (every *.yaml inside), and each facts file with the indicator"
            " and weights files it names. Prints one line per problem; exit status 2 when there is"
            " an error, 0 otherwise."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring validate 2024.yaml",
                "scoring validate 2024.yaml --format json",
                "scoring validate indicators/ weights/",
            ),
            names=False,
        ),
    )
    va.add_argument("paths", metavar="PATH", nargs="+", help=t("files or folders"))
    va.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=t("text: one line per problem; json: the problems as a list, for other programs"),
    )
    add_lang_option(va, lang)
    va.set_defaults(handler=_cmd_validate)
    cli_batch.add_parser(commands, lang=lang)
    import_sheet.add_parser(commands, lang=lang)
    cli_init.add_parser(commands, lang=lang)
    cli_audit.add_parser(commands, lang=lang)
    cli_monitor.add_parser(commands, lang=lang)


# Options that take several values: a file named after them is read as one more.
_MANY = ("--indicators", "--set")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose "required" error says to put FACTS before --indicators."""

    many_values_given = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Every command's parser (argparse makes them of this class too) has the
        # layout of helptext, from the start: argparse formats with its formatter as
        # options are added, and its own would import shutil (start-up time).
        kwargs.setdefault("formatter_class", helptext.HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        required = argparse._("the following arguments are required: %s")  # type: ignore[attr-defined]
        if self.many_values_given and message.startswith(required.split("%s")[0]):
            lang = getattr(self, "lang", "en")
            message = text(
                lang,
                "{message} (an option that takes several values, such as --indicators, takes"
                " the file after it too: put FACTS first, as in scoring score FACTS"
                " --indicators NAME ...)",
                message=message,
            )
        super().error(message)


def command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv``: its first word that is no option (or --lang's value)."""
    words = iter(argv)
    for arg in words:
        if arg == "--lang":
            next(words, None)
        elif not arg.startswith("-"):
            return arg
    return None


def facts_first(argv: Sequence[str]) -> list[str]:
    """``--set a=1 FACTS`` as ``FACTS --set a=1``: a --set value always holds ``=``.

    The one word after --set's values that has no ``=`` is the positional
    argparse would otherwise take as one more value (and then miss).
    """
    argv = list(argv)
    for i, arg in enumerate(argv):
        if arg != "--set":
            continue
        end = i + 1
        while end < len(argv) and not argv[end].startswith("-"):
            end += 1
        values = argv[i + 1 : end]
        if len(values) >= 2 and "=" not in values[-1] and all("=" in v for v in values[:-1]):
            return [*argv[:i], values[-1], *argv[i : end - 1], *argv[end:]]
    return argv


def add_lang_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """``--lang zh|en``: the language of labels, explanations and messages."""
    parser.add_argument(
        "--lang",
        choices=list(LANGS),
        default="zh",
        help=text(
            lang,
            "language of labels, explanations and messages (SCORING_LANG=en sets the messages"
            " alone)",
        ),
    )


def _cmd_score(args: argparse.Namespace) -> str | bytes:
    case = load_input(
        args.facts, indicators=args.indicators, weights=args.weights, sheet=args.sheet
    )
    warn([*case.warnings, *_mid_year(case)], args.message_lang)
    if args.set:
        return cli_reports.score_what_if(args, case)
    if args.format in BINARY_FORMATS and not args.output:
        raise InputError(
            msg("{format} output is a file, not text", format=args.format),
            hint=msg("add -o FILE.{format}", format=args.format),
        )
    card = score(case.indicators, case.weights, case.facts, missing=args.missing)
    warn(card.warnings, args.message_lang)
    meta = evolve(case_meta(case), columns=text_width(args), ambiguous_wide=args.ambiguous_wide)
    output = render_bytes(card, args.format, args.lang, meta)
    return csv_in(output, args.encoding) if args.format == "csv" else output


def _mid_year(case: Case) -> list[InputWarning]:
    """A facts file as of a month (as_of:) scored as a whole year: a new user meant monitor."""
    facts = case.facts
    if facts.as_of is None or facts.location is None:
        return []
    return [
        InputWarning(
            msg(
                "this facts file is as of month {month} (as_of: {month}): score scores the"
                " whole year, and a year in progress is checked with scoring monitor",
                month=facts.as_of,
            ),
            location=facts.as_of_location or Location(facts.location.file),
            hint=msg("scoring monitor {file}", file=facts.location.file),
        )
    ]


def case_meta(case: Case) -> Meta:
    """What the renderers show beside the scorecard: the rule files, reasons, sheet cells."""
    return Meta(
        rules_sha256=case.rules_sha256,
        rule_files=tuple(s.path for s in case.rule_files),
        reasons=case.facts.reasons,
        cells=sheet_cells(case.indicators, case.facts),
        self_scores=case.facts.self_scores,
        self_total=case.facts.self_total,
        information=case.facts.information,
        sheet=case.facts.sheet,
    )


def _cmd_validate(args: argparse.Namespace) -> tuple[str, int]:
    """The report on stdout; the exit status says whether it found an error."""
    from scoring.files.validation import validate  # noqa: PLC0415 (start-up time)

    # With --lang en, what English output will show in Chinese is noted too.
    report = validate(args.paths, english=args.lang == "en")
    status = EXIT_OK if report.ok else EXIT_INPUT
    if args.format == "json":
        return report.json(args.message_lang), status
    lines = report.lines(args.message_lang)
    return "".join(f"{line}\n" for line in lines), status


def _all_parsers(parser: argparse.ArgumentParser) -> list[_Parser]:
    found = [parser] if isinstance(parser, _Parser) else []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = language(argv, os.environ)
    argv = facts_first(argv)
    parser = _parser(lang, only=command(argv))
    many = any(arg in _MANY for arg in argv)
    for sub in _all_parsers(parser):
        sub.many_values_given = many
        sub.lang = lang  # type: ignore[attr-defined]
    args = parser.parse_args(argv)
    args.message_lang = lang
    if lang_given(argv) and hasattr(args, "lang"):
        # `scoring --lang en score ...`: the command's own --lang (whose default would
        # win over the one before the command) is the language asked for.
        args.lang = lang
    Quiet.on = bool(getattr(args, "quiet", False))
    named = [getattr(args, key, None) for key in ("facts", "table", "sheet_path", "paths")]
    Encoding.use(
        getattr(args, "encoding", None),
        (p for given in named for p in (given if isinstance(given, list) else [given]) if p),
    )
    forget_reads()  # -o refuses to overwrite the files this run reads
    if args.command == "batch":
        from scoring.cli import batch as cli_batch  # noqa: PLC0415

        try:
            return cli_batch.run(args, _write)
        except KeyboardInterrupt:
            return 130
    try:
        result: str | bytes | tuple[str | bytes, int] = getattr(args, "handler", _cmd_score)(args)
        # A handler returns its output, or its output and an exit status (validate).
        output, status = result if isinstance(result, tuple) else (result, EXIT_OK)
        target = getattr(args, "output", None)
        if target is not None and target != "-":
            write_atomic(target, output if isinstance(output, bytes) else output.encode())
            return status
    except ScoringError as exc:
        for problem in shown(exc.problems):
            line = msg("error: {message}", message=problem.line(lang=lang)).text(lang)
            _write(sys.stderr, f"scoring: {line}\n")
        return EXIT_INPUT
    except OSError as exc:
        # The loader turns read errors into ScoringError; this catches the rest
        # (a file that vanishes between checks, a full disk) without a traceback.
        reason = str(exc.strerror or exc)
        said = msg("{file}: {reason}", file=exc.filename, reason=reason) if exc.filename else reason
        line = msg("error: {message}", message=said).text(lang)
        _write(sys.stderr, f"scoring: {line}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    failed = to_stdout(output, lang)
    return status if failed is None else failed


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
