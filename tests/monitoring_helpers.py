"""Small monitoring cases built from model objects, for the monitoring tests.

One unit with a budget of 1200 万元 and four rows under 产出/产出数量 (25
points each): ``events`` (≥ 100 场, cumulative), ``rate`` (≥ 96%),
``limit`` (≤ 100%) and ``deadline`` (9月前). The shipped default bands
apply unless a test gives others.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from scoring.analysis.monitoring import MonitoringProfile, MonitorReport, monitor
from scoring.core.model import (
    Category,
    Fact,
    Facts,
    Group,
    Indicator,
    MonitorNote,
    WeightsProfile,
)
from scoring.core.record import evolve
from scoring.core.rules import Met, Proportional, Reverse
from scoring.core.values import FactValue, Op, Target
from scoring.files.monitoring import load_monitoring

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = load_monitoring(ROOT / "weights" / "monitoring" / "default.yaml")
BUDGET = Decimal(1200)

INDICATORS = (
    Indicator(
        "events",
        "举办赛事活动",
        "产出",
        "产出数量",
        Target(Op.GE, Decimal(100), "场"),
        Proportional(),
        unit="场",
        name_en="Events held",
    ),
    Indicator(
        "rate",
        "巩固率",
        "产出",
        "产出数量",
        Target(Op.GE, Decimal(96), "%"),
        Proportional(),
        unit="%",
        name_en="Retention rate",
    ),
    Indicator(
        "limit",
        "控制率",
        "产出",
        "产出数量",
        Target(Op.LE, Decimal(100), "%"),
        Reverse(),
        unit="%",
        name_en="Control rate",
    ),
    Indicator(
        "deadline",
        "完成验收",
        "产出",
        "产出数量",
        Target(Op.LE, Decimal(9), "月", "9月前"),
        Met(),
        name_en="Acceptance done",
    ),
)
WEIGHTS = WeightsProfile(
    id="monitor-test",
    name="监控测试表",
    categories=(
        Category(
            "产出", Decimal(100), (Group("产出数量", Decimal(100), "Output quantity"),), "Output"
        ),
    ),
    points={
        "events": Decimal(25),
        "rate": Decimal(25),
        "limit": Decimal(25),
        "deadline": Decimal(25),
    },
)
PROFILE = evolve(DEFAULT, cumulative=("events",))

FACTS = {
    "spending": Decimal(600),
    "budget": BUDGET,
    "events": Decimal(50),
    "rate": Decimal(96),
    "limit": Decimal(90),
    "deadline": False,
}


def facts(**values: FactValue | int | str) -> Facts:
    """The unit's facts as of the month, with some replaced (``events=40``)."""
    merged = {
        **FACTS,
        **{k: v if isinstance(v, bool) else Decimal(str(v)) for k, v in values.items()},
    }
    return Facts(
        unit="测试单位",
        year=2023,
        facts={k: Fact(k, v) for k, v in merged.items()},
        unit_en="Test unit",
    )


def report(
    month: int = 6,
    profile: MonitoringProfile = PROFILE,
    notes: dict[str, MonitorNote] | None = None,
    **values: FactValue | int | str,
) -> MonitorReport:
    return monitor(INDICATORS, WEIGHTS, facts(**values), profile, month=month, notes=notes)
