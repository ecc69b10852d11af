"""Shared inputs for the report tests: the shipped example and variants of it."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from scoring.analysis.whatif import what_if
from scoring.core.engine import score
from scoring.core.scorecard import Scorecard
from scoring.files.case import Case, load_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
WEIGHTS = ROOT / "weights" / "yueyang-education.yaml"

# Three rows lose 2.5, 2.5 and 5 points, and 特控线上线率 its 0.12: 89.88, one
# hundredth-and-a-bit below 优.
BELOW_EXCELLENT = {
    "sports_events_held": Decimal(50),
    "sports_participants_10k": Decimal(5),
    "staff_in_post": Decimal(94),
}


def example_case() -> Case:
    return load_case(EXAMPLE)


def example_card() -> Scorecard:
    case = example_case()
    return score(case.indicators, case.weights, case.facts)


def below_excellent_card() -> Scorecard:
    case = example_case()
    return what_if(case.indicators, case.weights, case.facts, BELOW_EXCELLENT).after


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m scoring ARGS`` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args], capture_output=True, cwd=cwd, check=False
    )


def example_variant(tmp_path: Path, name: str, replacements: dict[str, str]) -> Path:
    """A copy of the example facts file with some lines replaced."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
