"""The same computation as a polars query: floats, rules written out as expressions.

    python benchmarks/e2e/polars_query.py TABLE.csv OUT.csv

Lazily scans the table, computes each indicator's points (rounded half-up to
the cent per row), the total and grade, and writes the columns ``scoring
batch`` writes, with two decimals for every float.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic

GRADES = [(90, "优", "excellent"), (80, "良", "good"), (60, "中", "fair")]


def points(s: synthetic.Spec) -> pl.Expr:
    v = pl.col(f"{s.id}_a") / pl.col(f"{s.id}_b") * 100 if s.formula else pl.col(s.id)
    p, t = float(s.points), s.target
    if s.kind == "proportional":
        pts = pl.when(v >= t).then(1.0).otherwise((v / t).clip(0, 1)) * p
    elif s.kind == "reverse_ratio":
        pts = pl.when(v <= t).then(1.0).otherwise((t / v).clip(0, 1)) * p
    elif s.kind == "reverse_linear":
        pts = pl.when(v <= t).then(1.0).otherwise((1 - (v - t) / t).clip(0, 1)) * p
    elif s.kind == "budget_execution":
        pts = (v / 100).clip(0, 1) * p
    elif s.kind.startswith("deduction"):
        excess = v - t
        if s.kind.endswith("started"):
            excess = excess.ceil()
        elif s.kind.endswith("whole"):
            excess = excess.floor()
        pts = pl.when(excess <= 0).then(p).otherwise(p - pl.min_horizontal(p, excess * 0.5))
    else:
        pts = (
            pl.when(v >= 90)
            .then(p)
            .when(v >= 80)
            .then(0.8 * p)
            .when(v >= 70)
            .then(0.6 * p)
            .when(v >= 60)
            .then(0.4 * p)
            .otherwise(0.0)
        )
    return ((pts * 100 + 0.5).floor() / 100).alias(s.id)


def grade(cents: pl.Expr, english: bool) -> pl.Expr:
    expr = pl.when(cents >= GRADES[0][0] * 100).then(pl.lit(GRADES[0][2 if english else 1]))
    for g, name, name_en in GRADES[1:]:
        expr = expr.when(cents >= g * 100).then(pl.lit(name_en if english else name))
    return expr.otherwise(pl.lit("poor" if english else "差"))


def main(table: str, out: str) -> None:
    items = synthetic.specs(40)
    ids = [s.id for s in items]
    scored = (
        pl.scan_csv(table, schema_overrides={"unit": pl.String, "year": pl.String})
        .with_row_index("row", offset=1)
        .with_columns([points(s) for s in items])
        .with_columns(total=pl.sum_horizontal(ids))
        .with_columns(cents=(pl.col("total") * 100).round())
        .select(
            pl.col("row"),
            (pl.col("row") + 1).alias("line"),
            pl.col("unit"),
            pl.lit(None, dtype=pl.String).alias("unit_en"),
            pl.col("year"),
            pl.lit("scored").alias("status"),
            pl.col("total"),
            grade(pl.col("cents"), english=False).alias("grade"),
            grade(pl.col("cents"), english=True).alias("grade_en"),
            *ids,
            pl.lit(None, dtype=pl.String).alias("errors"),
        )
    )
    scored.sink_csv(out, float_precision=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
