"""Builders and Hypothesis strategies for the rule and settings tests.

Small sheets built in Python, so that a test states its own rows, points and
facts next to the expected result.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from scoring import (
    Category,
    Facts,
    FactValue,
    Group,
    Indicator,
    Target,
    WeightsProfile,
    parse_target,
)
from scoring.core.formula import parse as parse_formula
from scoring.core.rules import Rule

ROOT = Path(__file__).resolve().parent.parent


def indicator(
    ident: str,
    rule: Rule,
    target: str | Target,
    *,
    unit: str = "",
    level1: str = "投入",
    level2: str = "预算配置",
    formula: str | None = None,
    **extra: object,
) -> Indicator:
    """One indicator; ``target`` is written as in YAML (``'>= 95%'``) or given as a Target."""
    parsed = target if isinstance(target, Target) else parse_target(target, unit)
    return Indicator(
        id=ident,
        name=ident,
        level1=level1,
        level2=level2,
        target=parsed,
        rule=rule,
        unit=unit,
        formula=parse_formula(formula) if formula else None,
        **extra,  # type: ignore[arg-type]
    )


def profile(
    indicators: list[Indicator], points: Mapping[str, Decimal | int | str], **settings: object
) -> WeightsProfile:
    """A weights profile whose groups and categories are exactly the sums of ``points``."""
    pts = {k: Decimal(str(v)) for k, v in points.items()}
    groups: dict[str, dict[str, Decimal]] = {}
    for ind in indicators:
        if ind.id in pts:
            by_group = groups.setdefault(ind.level1, {})
            by_group[ind.level2] = by_group.get(ind.level2, Decimal(0)) + pts[ind.id]
    categories = tuple(
        Category(name, sum(g.values(), Decimal(0)), tuple(Group(n, p) for n, p in g.items()))
        for name, g in groups.items()
    )
    return WeightsProfile(
        id="test",
        name="测试表",
        categories=categories,
        points=pts,
        full_score=sum(pts.values(), Decimal(0)),
        **settings,  # type: ignore[arg-type]
    )


def facts(values: Mapping[str, FactValue | int | str | list[str]], **extra: object) -> Facts:
    made = Facts.from_values("测试单位", 2023, values)
    return Facts(
        unit=made.unit,
        year=made.year,
        facts=made.facts,
        **extra,  # type: ignore[arg-type]
    )


# Values with two decimals in a range wide enough to cross every band and target.
values = st.decimals(min_value=-50, max_value=300, places=2, allow_nan=False, allow_infinity=False)
points = st.decimals(min_value=Decimal("0.5"), max_value=30, places=1)
positive_targets = st.decimals(min_value=1, max_value=200, places=1)
