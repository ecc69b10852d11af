"""The documentation's examples run, so that the docs cannot silently rot.

Two conventions, described in docs/index.md ("The examples in these pages run"):

- Every ``>>>`` session in ``docs/*.md`` is a doctest, run from the repository root.
- In a fenced ``console`` block, each line ``$ scoring ...`` is a command and the
  lines after it (up to the next ``$`` line or the end of the block) are its
  expected output, stdout then stderr; ``...`` matches anything. The command
  runs as ``python -m scoring`` from the repository root and must exit 0, or 2
  when its expected output shows ``error:``.

Blocks fenced as ``sh`` are shown, not run.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
_CONSOLE = re.compile(r"^```console[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@attrs.frozen
class Command:
    """A ``$ scoring ...`` line of a console block and the output shown under it."""

    page: str
    line: int
    argv: tuple[str, ...]
    expected: str

    @property
    def exit_status(self) -> int:
        return 2 if "error:" in self.expected or "错误：" in self.expected else 0

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: $ {shlex.join(self.argv)}"


def console_commands(page: Path) -> list[Command]:
    """Every ``$`` command of the page's console blocks, with its expected output."""
    text = page.read_text(encoding="utf-8")
    commands: list[Command] = []
    for block in _CONSOLE.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        current: tuple[int, list[str]] | None = None
        output: list[str] = []
        for offset, line in enumerate(block.group(1).splitlines()):
            if line.startswith("$ "):
                if current is not None:
                    commands.append(_command(page, current, output))
                current, output = (first_line + offset, shlex.split(line[2:])), []
            elif current is not None:
                output.append(line)
        if current is not None:
            commands.append(_command(page, current, output))
    return commands


def _command(page: Path, current: tuple[int, list[str]], output: list[str]) -> Command:
    line, argv = current
    return Command(page.name, line, tuple(argv), "\n".join(output).rstrip("\n") + "\n")


COMMANDS = [c for page in PAGES for c in console_commands(page)]


class TestConsoleBlocks:
    def test_pages_have_runnable_commands(self) -> None:
        """The docs show enough runnable commands that a broken parser would be noticed."""
        assert len(COMMANDS) >= 10
        assert {c.page for c in COMMANDS} >= {"index.md", "output.md", "example-yueyang-2023.md"}

    @pytest.mark.parametrize("command", COMMANDS, ids=str)
    def test_only_scoring_commands_are_shown_as_console(self, command: Command) -> None:
        """A console block runs only `scoring` commands; other shell lines go in `sh` blocks."""
        assert command.argv[0] == "scoring", f"{command}: use a ```sh block for this"

    @pytest.mark.parametrize("command", COMMANDS, ids=str)
    def test_command_output_matches_the_pages_snapshot(self, command: Command) -> None:
        """Snapshot test: each command exits as expected and prints the output shown under it.

        The output on the page was copied from the program when the page was written: it
        keeps the docs true and notices any change, but its figures are not worked by hand
        (those are in tests/test_published.py)."""
        result = subprocess.run(
            [sys.executable, "-m", "scoring", *command.argv[1:]],
            capture_output=True,
            cwd=ROOT,
            check=False,
        )
        # A CSV starts with a BOM (for Excel on Chinese Windows), which a page cannot show.
        got = result.stdout.decode("utf-8").removeprefix("\ufeff") + result.stderr.decode("utf-8")
        checker = doctest.OutputChecker()
        assert checker.check_output(command.expected, got, doctest.ELLIPSIS), (
            f"{command}\n--- the page shows:\n{command.expected}--- the command printed:\n{got}"
        )
        assert result.returncode == command.exit_status, str(command)


class TestPythonSessions:
    def test_pages_have_python_sessions(self) -> None:
        """Several pages show Python sessions, so the doctest run is not vacuous."""
        with_sessions = [p.name for p in PAGES if ">>> " in p.read_text(encoding="utf-8")]
        assert len(with_sessions) >= 3

    @pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
    def test_python_sessions_match_the_pages_snapshot(
        self, page: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Snapshot test: every `>>>` session on the page gives the output the page shows
        (copied from the program when the page was written)."""
        monkeypatch.chdir(ROOT)
        failures, _ = doctest.testfile(
            str(page), module_relative=False, optionflags=doctest.ELLIPSIS, encoding="utf-8"
        )
        assert failures == 0
