"""Hostile inputs: extreme numbers, impossible paths, values of the wrong kind.

Each test is a crash found by fuzzing: the input must give a located
:class:`~scoring.errors.ScoringError` (exit 2, no traceback), or a correct
result, never another exception.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.errors import ScoringError
from scoring.loading import load_case, load_facts
from scoring.validation import validate

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "examples"
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
LONG_NAME = "x" * 5000


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=60,
        encoding="utf-8",
    )


def small_case(tmp_path: Path, **facts: str) -> Path:
    """docs/examples' small case copied to ``tmp_path``, with ``facts`` given new values."""
    for name in ("small-indicators.yaml", "small-weights.yaml"):
        shutil.copy(DOCS / name, tmp_path / name)
    text = (DOCS / "small-facts.yaml").read_text(encoding="utf-8")
    for name, value in facts.items():
        head = f"  {name}:\n    value: "
        start = text.index(head) + len(head)
        end = text.index("\n", start)
        text = text[:start] + value + text[end:]
    path = tmp_path / "small-facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class TestHugeQuotients:
    """A value of more than 34 digits is scored and shown in full, not a crash."""

    def test_rate_of_33_digits_is_shown(self, tmp_path: Path) -> None:
        """9e15 spent of a 1e-15 budget is a rate of 9e32 %, printed with all its digits."""
        facts = small_case(tmp_path, spending="9000000000000000", budget="0.000000000000001")
        result = run("score", str(facts), "--lang", "en")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "9" + "0" * 32 + "%" in result.stdout
