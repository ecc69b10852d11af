"""The project's Python API end to end, as a user would call it from a script.

    python benchmarks/e2e/api.py TABLE.csv INDICATORS.yaml WEIGHTS.yaml OUT.csv

Loads the rules and the table, scores it and writes the CSV that
``scoring batch`` writes (same bytes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from scoring.batch import score_table
from scoring.files.tables import load_rules, load_table
from scoring.rendering.batch import render_batch_csv


def main(table: str, indicators: str, weights: str, out: str) -> None:
    rules = load_rules([indicators], weights)
    loaded = load_table(table)
    result = score_table(rules.indicators, rules.weights, loaded.table)
    # With the BOM the command writes first (for Excel on Chinese Windows).
    Path(out).write_text("\ufeff" + render_batch_csv(result), encoding="utf-8", newline="")


if __name__ == "__main__":
    main(*sys.argv[1:5])
