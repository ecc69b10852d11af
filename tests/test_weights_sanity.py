"""Weights sanity: grade bands that would print the wrong grade under every total.

A grade no total can reach, minimums written as shares (0.9 for 90 of 100), two
grades of one name: each is an error at the grade's line, from validate and from
score alike (a rate's target written as a fraction is a warning: test_warnings.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import validate
from silent_cases import cli, line_of, problems, small_facts

CASES = {
    "unreachable": (
        "{name: 优, name_en: excellent, min: 18}",
        "{name: 优, name_en: excellent, min: 25}",
        "grade '优' starts at 25, above the full score 20: no total can reach it",
    ),
    "shares": (
        "min: 18}",
        "min: 0.9}",
        "look like shares of the full score",
    ),
    "twice": (
        "{name: 良, name_en: good, min: 16}",
        "{name: 优, name_en: good, min: 16}",
        "two grades are called '优' (first at line",
    ),
}


def _weights(tmp_path: Path, case: str) -> tuple[Path, Path, str]:
    facts = small_facts(tmp_path)
    weights = tmp_path / "small-weights.yaml"
    old, new, message = CASES[case]
    text = weights.read_text(encoding="utf-8")
    assert old in text
    if case == "shares":
        # Every minimum a share, on a sheet worth 100: 0.9, 0.8, 0.6, 0.
        for points, share in (("18", "0.9"), ("16", "0.8"), ("12", "0.6")):
            text = text.replace(f"min: {points}}}", f"min: {share}}}")
        text = text.replace("full_score: 20", "full_score: 100")

    else:
        text = text.replace(old, new)
    weights.write_text(text, encoding="utf-8")
    return facts, weights, message


@pytest.mark.parametrize("case", list(CASES))
def test_refused_by_validate_and_score(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The profile is refused at the grade's line, by validate and by score."""
    facts, weights, message = _weights(tmp_path, case)
    line = line_of(weights, CASES[case][1] if case != "shares" else "min: 0.9}")
    report = validate([weights])
    found = [e for e in report.errors if message in e.message]
    assert found, report.lines()
    assert found[0].location is not None
    assert found[0].location.line == line
    code, _, err = cli(["score", str(facts)], capsys)
    assert code == 2
    assert any(message in e and f"{weights}:{line}:" in e for e in problems(err)), err


def test_shipped_profiles_are_sane() -> None:
    """The shipped weights profiles pass these checks."""
    root = Path(__file__).resolve().parent.parent
    report = validate([root / "weights"])
    assert report.ok, report.lines()
