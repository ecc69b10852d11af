"""Synthetic indicator sets, weights and tables for the benchmarks (seeded, reproducible).

The indicator set cycles through every rule kind and variant the columnar
engine has a kernel for, half of them computed by a formula from two facts
(a / b × 100) and half read directly; values are drawn near the targets, and
a tenth of the ratios are exactly 100%, as on real sheets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KINDS = (
    "proportional",
    "reverse_ratio",
    "reverse_linear",
    "budget_execution",
    "deduction_continuous",
    "deduction_started",
    "deduction_whole",
    "bands",
)


@dataclass(frozen=True)
class Spec:
    """One synthetic indicator: its id, rule kind, points and whether it has a formula."""

    id: str
    kind: str
    points: str
    formula: bool
    target: float

    @property
    def facts(self) -> tuple[str, ...]:
        return (f"{self.id}_a", f"{self.id}_b") if self.formula else (self.id,)


def specs(count: int, points_each: list[str] | None = None) -> list[Spec]:
    """``count`` indicators cycling through :data:`KINDS`, points adding up to 100."""
    if points_each is None:
        # 2 and 3 points in turn add up to 100 for 40 rows; otherwise equal points.
        even = format(100 / count, "f").rstrip("0").rstrip(".")
        points_each = ["2", "3"] if count == 40 else [even]
    result = []
    for j in range(count):
        kind = KINDS[j % len(KINDS)]
        target = {"reverse_ratio": 10.0, "reverse_linear": 10.0, "budget_execution": 100.0}.get(
            kind, 100.0 if kind.startswith("deduction") else 95.0
        )
        formula = kind in ("budget_execution",) or (
            kind not in ("reverse_ratio", "reverse_linear") and j % 2 == 0
        )
        result.append(
            Spec(f"ind_{j:04d}", kind, points_each[j % len(points_each)], formula, target)
        )
    return result


def _rule_yaml(spec: Spec) -> str:
    p = float(spec.points)
    if spec.kind == "proportional":
        return "proportional"
    if spec.kind == "reverse_ratio":
        return "{kind: reverse, variant: ratio}"
    if spec.kind == "reverse_linear":
        return "{kind: reverse, variant: linear}"
    if spec.kind == "budget_execution":
        return "budget_execution"
    if spec.kind.startswith("deduction"):
        counting = spec.kind.split("_")[1]
        return f"{{kind: deduction_per_unit, per: 0.5, unit: 1, counting: {counting}}}"
    steps = [(90, "+inf", 1.0), (80, 90, 0.8), (70, 80, 0.6), (60, 70, 0.4), ("-inf", 60, 0.0)]
    bands = ", ".join(f'{{range: "[{lo}, {hi})", points: {p * f:g}}}' for lo, hi, f in steps)
    return f"{{kind: bands, bands: [{bands}]}}"


def _target_yaml(spec: Spec) -> str:
    op = ">=" if spec.kind in ("proportional", "budget_execution", "bands") else "<="
    return f'"{op} {spec.target:g}%"'


def indicators_yaml(items: list[Spec]) -> str:
    """An indicator file defining ``items``, all under 产出/产出质量."""
    lines = ["id: synthetic", "name: 合成指标", "indicators:"]
    for s in items:
        lines += [
            f"  - id: {s.id}",
            f"    name: 合成指标{s.id[4:]}",
            "    level1: 产出",
            "    level2: 产出质量",
            '    unit: "%"',
            f"    target: {_target_yaml(s)}",
            f"    rule: {_rule_yaml(s)}",
        ]
        if s.formula:
            lines.append(f"    formula: {s.id}_a / {s.id}_b * 100")
    return "\n".join(lines) + "\n"


def weights_yaml(items: list[Spec]) -> str:
    """A weights profile giving each of ``items`` its points (normalised to 100)."""
    lines = [
        "id: synthetic",
        "name: 合成评分表",
        "normalise: true",
        "categories:",
        "  - name: 产出",
        "    points: 100",
        "    groups:",
        "      - {name: 产出质量, points: 100}",
        "points:",
    ]
    lines += [f"  {s.id}: {s.points}" for s in items]
    return "\n".join(lines) + "\n"


def _value(rng: random.Random, spec: Spec) -> float:
    t = spec.target
    if spec.kind in ("reverse_ratio", "reverse_linear"):
        return rng.uniform(0.5 * t, 2.2 * t)
    if spec.kind.startswith("deduction"):
        return rng.uniform(95, 112)
    if spec.kind == "bands":
        return rng.uniform(55, 100)
    return rng.uniform(0.8 * t, 1.1 * t)


def table_csv(items: list[Spec], rows: int, seed: int = 2023) -> str:
    """A CSV table of ``rows`` unit-years for ``items``: unit, year, then each fact."""
    rng = random.Random(seed)
    names = [name for s in items for name in s.facts]
    out = ["unit,year," + ",".join(names)]
    for i in range(rows):
        cells = [f"单位{i:06d}", "2023"]
        for s in items:
            v = _value(rng, s)
            if s.formula:
                b = round(rng.uniform(50, 5000), 2)
                a = b if rng.random() < 0.1 else round(b * v / 100, 2)
                cells += [f"{a:.2f}", f"{b:.2f}"]
            else:
                cells.append(f"{v:.2f}")
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def write_table_csv(
    path: str, items: list[Spec], rows: int, seed: int = 2023, chunk: int = 50_000
) -> None:
    """Write a CSV table of ``rows`` unit-years for ``items`` to ``path``, in chunks.

    The same columns and value ranges as :func:`table_csv`, drawn with NumPy
    so that a million rows take seconds; seeded, so the same arguments give
    the same file, byte for byte. Every cell has two decimals.
    """
    import numpy as np  # noqa: PLC0415 (only the end-to-end benchmark needs it)

    rng = np.random.default_rng(seed)
    names = [name for s in items for name in s.facts]
    line = "%s,2023," + ",".join(["%.2f"] * len(names)) + "\n"
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("unit,year," + ",".join(names) + "\n")
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            cols = []
            for s in items:
                t = s.target
                if s.kind in ("reverse_ratio", "reverse_linear"):
                    v = rng.uniform(0.5 * t, 2.2 * t, n)
                elif s.kind.startswith("deduction"):
                    v = rng.uniform(95, 112, n)
                elif s.kind == "bands":
                    v = rng.uniform(55, 100, n)
                else:
                    v = rng.uniform(0.8 * t, 1.1 * t, n)
                if s.formula:
                    # Hundredths, so that each cell is exactly the decimal it prints as.
                    b = np.rint(rng.uniform(50, 5000, n) * 100)
                    a = np.where(rng.random(n) < 0.1, b, np.rint(b * v / 100))
                    cols += [a / 100, b / 100]
                else:
                    cols.append(np.rint(v * 100) / 100)
            values = np.column_stack(cols).tolist()
            out.write(
                "".join(line % (f"单位{start + i:07d}", *row) for i, row in enumerate(values))
            )
