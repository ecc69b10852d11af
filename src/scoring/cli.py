"""The ``scoring`` command line: a thin layer over loading, scoring and rendering.

Exit status: 0 on success, 2 on a usage or input error (one line per problem
on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scoring import cli_batch, cli_reports
from scoring._version import __version__
from scoring.engine import score
from scoring.errors import InputError, ScoringError
from scoring.loading import load_case
from scoring.output import write_atomic
from scoring.render import BINARY_FORMATS, FORMATS, Meta, render_bytes

EXIT_OK = 0
EXIT_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scoring",
        description="Score a budget performance self-evaluation (预算绩效自评) from YAML files.",
    )
    parser.add_argument("--version", action="version", version=f"scoring {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    sc = commands.add_parser(
        "score",
        help="score one unit's year from a facts file",
        description="Score one unit's year. The facts file names the indicator and weights "
        "files it is scored with; --indicators and --weights override them.",
    )
    sc.add_argument("facts", metavar="FACTS", help="the facts file (YAML)")
    sc.add_argument(
        "--indicators",
        metavar="PATH|NAME",
        nargs="+",
        help="indicator files: paths, or names of shipped files such as department-common",
    )
    sc.add_argument(
        "--weights",
        metavar="PATH|NAME",
        help="weights profile: a path, or the name of a shipped one such as yueyang-department",
    )
    sc.add_argument(
        "--format",
        choices=sorted([*FORMATS, *BINARY_FORMATS]),
        default="text",
        help="output format (xlsx needs -o and the xlsx extra)",
    )
    sc.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="language of labels and explanations"
    )
    cli_reports.add_set_option(sc)
    cli_reports.add_output_option(sc)
    cli_reports.add_commands(commands)
    cli_batch.add_parser(commands)
    return parser


def _cmd_score(args: argparse.Namespace) -> str | bytes:
    case = load_case(args.facts, indicators=args.indicators, weights=args.weights)
    if args.set:
        return cli_reports.score_what_if(args, case)
    if args.format in BINARY_FORMATS and not args.output:
        raise InputError(
            f"{args.format} output is a file, not text", hint=f"add -o FILE.{args.format}"
        )
    card = score(case.indicators, case.weights, case.facts)
    meta = Meta(
        rules_sha256=case.rules_sha256,
        rule_files=tuple(s.path for s in case.rule_files),
        reasons=case.facts.reasons,
    )
    return render_bytes(card, args.format, args.lang, meta)


def _write(stream: object, text: str | bytes) -> None:
    # Bytes, not text: the output is UTF-8 whatever the terminal's locale, and
    # the same input gives the same bytes.
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "batch":
        try:
            return cli_batch.run(args, _write)
        except KeyboardInterrupt:
            return 130
    try:
        output = getattr(args, "handler", _cmd_score)(args)
        if args.output:
            write_atomic(args.output, output if isinstance(output, bytes) else output.encode())
            return EXIT_OK
    except ScoringError as exc:
        for problem in exc.problems:
            _write(sys.stderr, f"scoring: error: {problem.line()}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    try:
        _write(sys.stdout, output)
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
