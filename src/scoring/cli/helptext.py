"""What every command's ``--help`` shares: the layout, the shipped names, the examples.

argparse wraps help by counting characters; a Chinese character takes two
columns of a terminal, so its lines ran past 80 columns. The formatter here
wraps by terminal width (:func:`wrap`) and keeps the
line breaks written in a description or an epilog (the examples, one a line).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Sequence

from scoring.cli.streams import terminal_columns
from scoring.core.messages import text
from scoring.files import resources
from scoring.rendering._common import fold, width


def wrap(line: str, columns: int) -> list[str]:
    """``line`` cut into pieces of at most ``columns`` terminal columns.

    An English word is not cut: the break goes at the space before it. Chinese
    is cut between any two characters, as it is printed, so that a line with a
    few spaces in it does not break far short of the edge; a closing mark
    (，。：）) does not start a line. The text output's own fold.
    """
    return fold(line, columns)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps by terminal columns, CJK counted two wide; keeps written line breaks."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # argparse's own default (the terminal's width less 2), without its import of shutil.
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = [
            indent + line
            for paragraph in text.splitlines()
            # An example stays one line, to be copied whole (they fit 80 columns).
            for line in (
                wrap(paragraph, width - len(indent))
                if paragraph.strip() and not paragraph.startswith("  scoring ")
                else [paragraph]
            )
        ]
        return "\n".join(lines)

    def format_help(self) -> str:
        # argparse ends a section's heading with an ASCII colon: 选项: reads 选项：.
        return re.sub(
            r"^([^\s:][^\n:]*[\u4e00-\u9fff]):$", r"\1：", super().format_help(), flags=re.M
        )

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        # argparse indents the usage's later lines by len(prefix): 用法： takes six
        # columns, not three. Lay it out with a stand-in as wide, then put it back.
        prefix = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        stand_in = "\0" * width(prefix)
        laid_out = super()._format_usage(usage, actions, groups, stand_in)
        return laid_out.replace(stand_in, prefix, 1)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return [line for paragraph in text.splitlines() for line in wrap(paragraph, width)]


def shipped(lang: str) -> str:
    """The shipped indicator files and weights profiles a user can name."""
    return text(
        lang,
        "shipped indicator files (指标文件): {indicators}\n"
        "shipped weights profiles (权重方案): {weights}",
        indicators=", ".join(resources.shipped_names("indicators")),
        weights=", ".join(resources.shipped_names("weights")),
    )


def epilog(lang: str, examples: Sequence[str], *, names: bool = True) -> str:
    """The end of a command's help: the shipped names (with ``names``), then examples."""
    said = text(lang, "examples:\n{examples}", examples="\n".join(f"  {e}" for e in examples))
    return f"{shipped(lang)}\n\n{said}" if names else said
