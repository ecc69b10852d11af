"""Weights sanity: grade bands that would print the wrong grade under every total.

A grade no total can reach, minimums written as shares (0.9 for 90 of 100), two
grades of one name: each is an error at the grade's line, from validate and from
score alike (a rate's target written as a fraction is a warning: test_warnings.py).
"""

from __future__ import annotations

import json
from decimal import Decimal
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
    # 良 typed from 19 above 优 from 18: bands are chosen by their minimum alone, so a
    # total of 19 or 20 would get 良, the second grade, and 18 to 19 优.
    "national order": (
        "{name: 良, name_en: good, min: 16}",
        "{name: 良, name_en: good, min: 19}",
        "grade '良' starts at 19, not below '优', which starts at 18",
    ),
    "same minimum": (
        "{name: 中, name_en: fair, min: 12}",
        "{name: 中, name_en: fair, min: 16}",
        "grades '良' and '中' both start at 16",
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


def _grades(tmp_path: Path, lines: str) -> Path:
    """The small case with its four grade lines replaced by ``lines``."""
    facts = small_facts(tmp_path)
    weights = tmp_path / "small-weights.yaml"
    text = weights.read_text(encoding="utf-8")
    start, end = text.index("grades:\n"), text.index("categories:")
    weights.write_text(text[:start] + "grades:\n" + lines + text[end:], encoding="utf-8")
    return facts


def test_custom_names_out_of_order_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names without a known order are taken as listed: a minimum out of line is refused."""
    facts = _grades(
        tmp_path,
        "  - {name: 甲, min: 18}\n  - {name: 乙, min: 16}\n"
        "  - {name: 丙, min: 17}\n  - {name: 丁, min: 0}\n",
    )
    code, _, err = cli(["--lang", "en", "score", str(facts)], capsys)
    assert code == 2
    weights = tmp_path / "small-weights.yaml"
    line = line_of(weights, "{name: 丙, min: 17}")
    assert any(
        f"{weights}:{line}:" in e and "grade '丙' starts at 17, out of the order" in e
        for e in problems(err)
    ), err


@pytest.mark.parametrize(
    "lines",
    [
        # Worst first is an order too: the bands are the same as best first.
        "  - {name: 差, min: 0}\n  - {name: 中, min: 12}\n"
        "  - {name: 良, min: 16}\n  - {name: 优, min: 18}\n",
        "  - {name: D, min: 0}\n  - {name: C, min: 12}\n"
        "  - {name: B, min: 16}\n  - {name: A, min: 18}\n",
    ],
)
def test_grades_listed_worst_first_still_score(
    tmp_path: Path, lines: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The small case totals 5 + 37.24/43.2 x 10 (8.62) + 34.16/35 x 5 (4.88) = 18.50: the
    top grade, from 18, whichever way the grades are listed."""
    facts = _grades(tmp_path, lines)
    code, out, err = cli(["score", str(facts), "--format", "json"], capsys)
    assert code == 0, err
    got = json.loads(out, parse_float=Decimal)
    assert got["total"] == Decimal("18.50")
    assert got["grade"] in ("优", "A")
