"""The hand-written NumPy script an analyst would write instead: floats, rules written out.

    python benchmarks/e2e/numpy_script.py TABLE.csv OUT.csv

Reads the synthetic table with ``np.loadtxt``, computes each indicator's
points in floats (rounded half-up to the cent per row, as the sheet does),
the total and grade, and writes the columns ``scoring batch`` writes with
``np.savetxt``, a chunk of rows at a time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic

GRADES = [(90, "优", "excellent"), (80, "良", "good"), (60, "中", "fair"), (0, "差", "poor")]


def points(s: synthetic.Spec, v: np.ndarray) -> np.ndarray:
    p, t = float(s.points), s.target
    if s.kind == "proportional":
        pts = np.where(v >= t, 1.0, np.clip(v / t, 0, 1)) * p
    elif s.kind == "reverse_ratio":
        pts = np.where(v <= t, 1.0, np.clip(t / v, 0, 1)) * p
    elif s.kind == "reverse_linear":
        pts = np.where(v <= t, 1.0, np.clip(1 - (v - t) / t, 0, 1)) * p
    elif s.kind == "budget_execution":
        pts = np.clip(v / 100, 0, 1) * p
    elif s.kind.startswith("deduction"):
        excess = v - t
        if s.kind.endswith("started"):
            excess = np.ceil(excess)
        elif s.kind.endswith("whole"):
            excess = np.floor(excess)
        pts = np.where(excess <= 0, p, p - np.minimum(p, excess * 0.5))
    else:
        pts = np.select([v >= 90, v >= 80, v >= 70, v >= 60], [p, 0.8 * p, 0.6 * p, 0.4 * p])
    rounded: np.ndarray = np.floor(pts * 100 + 0.5) / 100
    return rounded


def main(table: str, out: str) -> None:
    items = synthetic.specs(40)
    with open(table, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
    data = np.loadtxt(table, delimiter=",", skiprows=1, usecols=range(2, len(header)))
    heads = np.loadtxt(table, delimiter=",", skiprows=1, usecols=(0, 1), dtype=str, ndmin=2)
    col = {name: data[:, k] for k, name in enumerate(header[2:])}
    pts = [
        points(s, col[f"{s.id}_a"] / col[f"{s.id}_b"] * 100 if s.formula else col[s.id])
        for s in items
    ]
    total = np.sum(pts, axis=0)
    # Compared in cents, as the float total is not exactly a number of cents.
    cents = np.rint(total * 100)
    grade = np.select([cents >= g * 100 for g, _, _ in GRADES], [n for _, n, _ in GRADES], "差")
    grade_en = np.select(
        [cents >= g * 100 for g, _, _ in GRADES], [n for _, _, n in GRADES], "poor"
    )
    n = len(total)
    fmt = ["%d", "%d", "%s", "%s", "%s", "%s", "%.2f", "%s", "%s"] + ["%.2f"] * len(items) + ["%s"]
    names = ["row", "line", "unit", "unit_en", "year", "status", "total", "grade", "grade_en"]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join([*names, *(s.id for s in items), "errors"]) + "\n")
        for start in range(0, n, 100_000):
            rows = slice(start, min(n, start + 100_000))
            m = rows.stop - rows.start
            block = np.empty((m, len(fmt)), dtype=object)
            block[:, 0] = np.arange(rows.start + 1, rows.stop + 1)
            block[:, 1] = block[:, 0] + 1
            block[:, 2] = heads[rows, 0]
            block[:, 3] = ""
            block[:, 4] = heads[rows, 1]
            block[:, 5] = "scored"
            block[:, 6] = total[rows]
            block[:, 7] = grade[rows]
            block[:, 8] = grade_en[rows]
            for j, p in enumerate(pts):
                block[:, 9 + j] = p[rows]
            block[:, -1] = ""
            np.savetxt(f, block, fmt=fmt, delimiter=",")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
