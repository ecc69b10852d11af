"""The README's promises: the Quickstart command and the Python example."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"


class TestQuickstart:
    def test_scoring_command_scores_the_example(self, tmp_path: Path) -> None:
        """`scoring score examples/...` prints the total, the grade and every row, exit 0."""
        result = subprocess.run(
            [sys.executable, "-m", "scoring", "score", str(EXAMPLE)],
            capture_output=True,
            cwd=tmp_path,
            check=False,
        )
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0, result.stderr.decode("utf-8")
        assert "总分：99.88 / 100" in out
        assert "等级：优" in out
        assert "特控线上线率 34.16% 未达目标 35%" in out
        assert "得 4.88 分，失 0.12 分" in out
        assert "※" in out

    def test_readme_python_session_matches_its_snapshot(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Snapshot test: the README's Python session runs as a doctest and prints what the
        README shows (copied from the program), so the front page cannot lie."""
        monkeypatch.chdir(ROOT)
        failures, tried = doctest.testfile(
            str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
        )
        assert tried > 0
        assert failures == 0


class TestCommandTable:
    def test_every_command_has_a_row(self) -> None:
        """Each command `scoring --help` lists has a row in the README's table (audit had
        none): the ten commands, each an indented word under COMMAND."""
        result = subprocess.run(
            [sys.executable, "-m", "scoring", "--lang", "en", "--help"],
            capture_output=True,
            check=False,
        )
        lines = result.stdout.decode("utf-8").splitlines()
        start = lines.index("  COMMAND") + 1
        block = lines[start : lines.index("", start)]
        commands = [m.group(1) for line in block if (m := re.match(r"    (\w+)  ", line))]
        assert len(commands) == 10, commands
        readme = (ROOT / "README.md").read_text("utf-8")
        assert [c for c in commands if f"| `scoring {c} " not in readme] == []
