"""``scoring init``: start a facts file for one's own department, or a project's files.

Asks nothing that the chosen indicator and weights files can tell: every
fact they read is written with its Chinese name, unit and usual source, and
an empty value to fill in. ``--project`` starts a project self-evaluation
(项目支出绩效自评, the national split 10/50/30/10): beside the facts file it
writes copies of the shipped project indicators and weights to rename and
adjust, which the facts file names.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path
from typing import Any

from scoring.cli.reports import add_rule_options
from scoring.core.errors import InputError, Location
from scoring.core.messages import msg, text
from scoring.files import resources
from scoring.files.case import rule_files
from scoring.files.output import write_atomic
from scoring.rendering.facts_template import facts_template

PROJECT_INDICATORS = "project-common"
PROJECT_WEIGHTS = "national-project"


def add_parser(commands: argparse._SubParsersAction[Any], lang: str = "en") -> None:
    t = functools.partial(text, lang)
    shipped_ind = ", ".join(resources.shipped_names("indicators"))
    shipped_w = ", ".join(resources.shipped_names("weights"))
    parser = commands.add_parser(
        "init",
        help=t("start a facts file (事实文件) to fill in, from the indicator and weights files"),
        description=t(
            "Write a facts file with every fact the chosen indicator files read, each with its"
            " Chinese name, unit and where the number is usually found, and an empty value to"
            " fill in."
        )
        + "\n\n"
        + t(
            "shipped indicator files (指标文件): {indicators}\nshipped weights profiles"
            " (权重方案): {weights}",
            indicators=shipped_ind,
            weights=shipped_w,
        ),
        epilog=t(
            "examples:\n{examples}",
            examples="  scoring init --indicators project-common --weights national-project"
            " -o 甲.yaml\n"
            "  scoring init --project --unit 某某项目 --year 2024 -o project-2024.yaml\n"
            "  scoring validate 2024.yaml",
        ),
    )
    add_rule_options(parser, lang=lang)
    parser.add_argument(
        "--project",
        action="store_true",
        help=t(
            "a project self-evaluation (项目支出绩效自评): also writes its indicator and weights"
            " files beside the facts file, to rename and adjust"
        ),
    )
    parser.add_argument("--unit", help=t("the unit's name (单位名称) for the header"))
    parser.add_argument("--year", type=int, help=t("the year (年度) for the header"))
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help=t("the facts file to write")
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=lang, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> str:
    out = Path(args.output)
    if args.year is not None and not 1900 <= args.year <= 2999:
        raise InputError(msg("--year {year} is not a year from 1900 to 2999", year=args.year))
    if out.exists() and not out.is_file():
        raise InputError(
            msg("{path} is not a regular file", path=str(out)), hint=msg("name a new .yaml file")
        )
    if out.exists():
        raise InputError(
            msg("{path} exists already", path=str(out)),
            hint=msg("name a new file; init never replaces a facts file"),
        )
    if args.project:
        if args.indicators or args.weights:
            raise InputError(
                msg("--project writes its own indicator and weights files"),
                hint=msg("leave out --indicators and --weights"),
            )
        ind_refs, weights_ref = _copy_project_files(out)
        base: Path | None = out.parent
    else:
        if not args.indicators or not args.weights:
            raise InputError(
                msg("init needs the indicator files and the weights profile to start from"),
                hint=msg("add --indicators NAME ... --weights NAME (or --project)"),
            )
        ind_refs, weights_ref, base = list(args.indicators), args.weights, None
    where = Location("<command line>")
    indicators, profile, _ = rule_files(
        ind_refs,
        base,
        weights_ref,
        base,
        where=where,
        hints=(msg("use --indicators"), msg("use --weights")),
    )
    assert profile is not None  # hints given: rule_files required a profile
    text = facts_template(
        indicators,
        profile,
        indicator_refs=[_ref(r, out, base) for r in ind_refs],
        weights_ref=_ref(weights_ref, out, base),
        unit=args.unit,
        year=args.year,
    )
    return text  # written to --output by the command line, atomically


def _ref(ref: str, out: Path, base: Path | None) -> str:
    """``ref`` as the facts file must write it: shipped names as they are, paths relative to it."""
    if not resources.looks_like_path(ref):
        return ref
    path = Path(ref) if base is None else base / ref
    try:
        return str(path.resolve().relative_to(out.resolve().parent))
    except ValueError:
        return str(path.resolve())


def _copy_project_files(out: Path) -> tuple[list[str], str]:
    """Copies of the shipped project indicators and weights beside ``out``, to edit."""
    written = []
    for kind, name in (("indicators", PROJECT_INDICATORS), ("weights", PROJECT_WEIGHTS)):
        source = resources.find(kind, name)
        assert source is not None, f"shipped {kind} {name} is missing"
        target = out.with_name(f"{out.stem}-{kind}.yaml")
        if target.exists():
            raise InputError(
                msg("{path} exists already", path=str(target)),
                hint=msg("name another facts file with -o"),
            )
        text = Path(source).read_text(encoding="utf-8")
        note = (
            "# 由 scoring init --project 复制：把产出、效益、满意度指标改成本项目自己的指标"
            "（名称、目标、分值），id 保持英文。\n"
            "# Copied by scoring init --project: rename the output, benefit and satisfaction"
            " rows to the project's own.\n"
        )
        if kind == "weights":
            text = text.replace(
                "scores indicators/project-common.yaml", f"scores {out.stem}-indicators.yaml"
            )
        write_atomic(str(target), (note + text).encode("utf-8"))
        written.append(target.name)
    return [written[0]], written[1]


__all__ = ["add_parser", "run"]
