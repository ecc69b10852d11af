"""docs/reports.md: every command shown runs, and the Python session is a doctest."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from reports_helpers import ROOT, run

DOC = ROOT / "docs" / "reports.md"


def _commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("scoring ")]


class TestReportsDoc:
    @pytest.mark.parametrize("command", _commands())
    def test_command_runs(self, command: str, tmp_path: Path) -> None:
        """Each `scoring ...` line of the doc exits 0 (run where its paths resolve)."""
        for folder in ("examples", "docs"):
            (tmp_path / folder).symlink_to(ROOT / folder)
        result = run(*shlex.split(command)[1:], cwd=tmp_path)
        assert result.returncode == 0, result.stderr.decode("utf-8")

    def test_shown_outputs_are_real(self) -> None:
        """Every line the doc shows as output is a line of the command's actual output."""
        blocks = re.findall(r"```text\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
        commands = [
            ["explain", "examples/yueyang-education-2023.yaml"],
            [
                "score",
                "examples/yueyang-education-2023.yaml",
                "--set",
                "key_university_rate=35",
                "staff_in_post=90",
            ],
            [
                "compare",
                "examples/yueyang-education-2023.yaml",
                "--against-weights",
                "docs/examples/yueyang-education-effect-heavy.yaml",
            ],
            ["sensitivity", "examples/yueyang-education-2023.yaml"],
        ]
        assert len(blocks) == len(commands)
        for block, args in zip(blocks, commands, strict=True):
            actual = run(*args, cwd=ROOT).stdout.decode("utf-8").splitlines()
            for line in block.splitlines():
                if line != "...":
                    assert line in actual, (args, line)

    def test_python_session(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The doc's Python session runs as a doctest."""
        monkeypatch.chdir(ROOT)
        failures, tried = doctest.testfile(str(DOC), module_relative=False)
        assert tried > 0
        assert failures == 0
