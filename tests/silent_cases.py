"""Small cases for the tests of issue 10: the documentation's small case, copied and varied.

The small case (docs/examples/small-*.yaml) has three rows worth 20 points: staff
control rate (staff_in_post / authorized_posts * 100, deduction per unit, 5
points), budget execution rate (spending / budget * 100, 10 points) and the
key-university rate (a fact read as it is, proportional, 5 points, target >= 35%).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from scoring.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "examples"
FACT_NAMES = ("staff_in_post", "authorized_posts", "spending", "budget", "key_university_rate")


def rules(folder: Path) -> list[str]:
    """The options that name the small case's rule files in ``folder``."""
    return [
        "--indicators",
        str(folder / "small-indicators.yaml"),
        "--weights",
        str(folder / "small-weights.yaml"),
    ]


BASE = {
    "staff_in_post": "81",
    "authorized_posts": "85",
    "spending": "37.24",
    "budget": "43.2",
    "key_university_rate": "34.16",
}


def copy_rules(folder: Path) -> None:
    """The small case's indicator and weights files, in ``folder``."""
    for name in ("small-indicators.yaml", "small-weights.yaml"):
        shutil.copy(DOCS / name, folder / name)


def small_facts(
    folder: Path, name: str = "small-facts.yaml", *, quotes: bool = True, **values: str
) -> Path:
    """docs/examples' small facts file in ``folder``, with ``values`` written in as YAML text.

    Without ``quotes``, the facts quote nothing (as a table's facts, or --set's).
    """
    copy_rules(folder)
    text = (DOCS / "small-facts.yaml").read_text(encoding="utf-8")
    if not quotes:
        text = "".join(line for line in text.splitlines(True) if "    quote: " not in line)
    for fact, value in values.items():
        head = f"  {fact}:\n    value: "
        start = text.index(head) + len(head)
        end = text.index("\n", start)
        text = text[:start] + value + text[end:]
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    """The 1-based line of ``path`` on which ``fragment`` first stands."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 1


def csv_table(folder: Path, rows: Sequence[Mapping[str, str]], name: str = "t.csv") -> Path:
    """A CSV table of the small case's facts, one row per mapping (missing keys: BASE)."""
    copy_rules(folder)
    lines = [",".join(["unit", "year", *FACT_NAMES])]
    for i, row in enumerate(rows):
        cells = [row.get("unit", f"单位{i + 1}"), row.get("year", "2023")]
        cells += [row.get(n, BASE[n]) for n in FACT_NAMES]
        lines.append(",".join(cells))
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def yaml_table(folder: Path, rows: Sequence[Mapping[str, str]], name: str = "t.yaml") -> Path:
    """The same table as :func:`csv_table`, as a YAML table (values written as YAML text)."""
    copy_rules(folder)
    lines = ["rows:"]
    for i, row in enumerate(rows):
        lines += [f"  - unit: {row.get('unit', f'单位{i + 1}')}", "    year: 2023", "    facts:"]
        lines += [f"      {n}: {row.get(n, BASE[n])}" for n in FACT_NAMES]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``scoring ARGS`` in this process: exit status, standard output, standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def problems(err: str, kind: str = "error") -> list[str]:
    """The ``scoring: error:`` (or ``warning:``) lines of standard error, prefix dropped."""
    found = []
    for line in err.splitlines():
        if line.startswith(f"scoring: {kind}: "):
            found.append(line.removeprefix(f"scoring: {kind}: "))
        elif line.startswith("scoring: ") and f": {kind}: " in line:
            found.append(line.removeprefix("scoring: ").replace(f"{kind}: ", "", 1))
    return found


_PLACE = re.compile(r"^(?:[^:\s]+(?::\d+){1,2}: )?(?:(?:warning|error): )?(?:row \d+: )?")
_ELSEWHERE = re.compile(r" \(at [^()\s]+(?::\d+){1,2}\)")


def bare(line: str) -> str:
    """A problem's line without its place, its label, a table row's number, or the place
    of a formula a table row's problem names."""
    text = _ELSEWHERE.sub("", _PLACE.sub("", line))
    return text.removeprefix("--set: ").removeprefix("warning: ")


def batch_rows(out: str) -> list[dict[str, str]]:
    """``scoring batch --format json`` output: one mapping per row."""
    rows: list[dict[str, str]] = json.loads(out)["rows"]
    return rows
