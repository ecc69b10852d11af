"""The same computation as one DuckDB query: doubles, rules written out in SQL.

    python benchmarks/e2e/duckdb_query.py TABLE.csv OUT.csv

Reads the table with ``read_csv``, computes each indicator's points
(rounded half-up to the cent per row), the total and grade, and copies the
columns ``scoring batch`` writes to a CSV file, two decimals for each number.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic


def d(x: float) -> str:
    """A DOUBLE literal (a plain 1.8 is a DECIMAL in DuckDB)."""
    return f"{float(x)!r}::DOUBLE"


def points(s: synthetic.Spec) -> str:
    v = f"({s.id}_a / {s.id}_b * 100)" if s.formula else s.id
    p, t = d(float(s.points)), d(s.target)
    if s.kind == "proportional":
        pts = (
            f"CASE WHEN {v} >= {t} THEN 1.0::DOUBLE ELSE greatest(0, least(1, {v} / {t})) END * {p}"
        )
    elif s.kind == "reverse_ratio":
        pts = (
            f"CASE WHEN {v} <= {t} THEN 1.0::DOUBLE ELSE greatest(0, least(1, {t} / {v})) END * {p}"
        )
    elif s.kind == "reverse_linear":
        pts = (
            f"CASE WHEN {v} <= {t} THEN 1.0::DOUBLE "
            f"ELSE greatest(0, least(1, 1 - ({v} - {t}) / {t})) END * {p}"
        )
    elif s.kind == "budget_execution":
        pts = f"greatest(0, least(1, {v} / 100)) * {p}"
    elif s.kind.startswith("deduction"):
        excess = f"({v} - {t})"
        if s.kind.endswith("started"):
            excess = f"ceil{excess}"
        elif s.kind.endswith("whole"):
            excess = f"floor{excess}"
        pts = f"CASE WHEN {excess} <= 0 THEN {p} ELSE {p} - least({p}, {excess} * 0.5::DOUBLE) END"
    else:
        pts = (
            f"CASE WHEN {v} >= 90 THEN {p} WHEN {v} >= 80 THEN 0.8::DOUBLE * {p} "
            f"WHEN {v} >= 70 THEN 0.6::DOUBLE * {p} WHEN {v} >= 60 THEN 0.4::DOUBLE * {p} "
            "ELSE 0.0::DOUBLE END"
        )
    return f"floor(({pts}) * 100 + 0.5) / 100 AS {s.id}"


def main(table: str, out: str) -> None:
    items = synthetic.specs(40)
    ids = [s.id for s in items]
    total = " + ".join(ids)
    cents = "round(total * 100)"
    grade = (
        f"CASE WHEN {cents} >= 9000 THEN '{{}}' WHEN {cents} >= 8000 THEN '{{}}' "
        f"WHEN {cents} >= 6000 THEN '{{}}' ELSE '{{}}' END"
    )
    two = ", ".join(f"printf('%.2f', {i}) AS {i}" for i in ids)
    query = f"""
    COPY (
      WITH facts AS (
        SELECT row_number() OVER () AS row, *
        FROM read_csv('{table}', header = true, all_varchar = false,
                      types = {{'unit': 'VARCHAR', 'year': 'VARCHAR'}})
      ),
      points AS (SELECT row, unit, year, {", ".join(points(s) for s in items)} FROM facts),
      totals AS (SELECT *, {total} AS total FROM points)
      SELECT row, row + 1 AS line, unit, NULL AS unit_en, year, 'scored' AS status,
             printf('%.2f', total) AS total,
             {grade.format("优", "良", "中", "差")} AS grade,
             {grade.format("excellent", "good", "fair", "poor")} AS grade_en,
             {two}, NULL AS errors
      FROM totals ORDER BY row
    ) TO '{out}' (HEADER, DELIMITER ',', QUOTE '')
    """
    duckdb.sql(query)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
