"""Hypothesis strategies for monitoring: valid status bands, and progress figures.

Bands are any set of statuses in their order (red, yellow, green, blue; some
may be left out) with edges anywhere, each edge included in the band above
it or the band below it.
"""

from __future__ import annotations

from hypothesis import strategies as st

from monitoring_helpers import PROFILE
from scoring.analysis.monitoring import (
    MonitoringProfile,
    ScheduleStep,
    Status,
    StatusBand,
    band_problems,
)
from scoring.core.record import evolve
from scoring.core.rules import Interval

STATUSES = (Status.RED, Status.YELLOW, Status.GREEN, Status.BLUE)

# Figures with two decimals, as clerks type them.
amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
percents = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def bands(draw: st.DrawFn) -> tuple[StatusBand, ...]:
    """A valid partition of all ratios into statuses that rise with the ratio."""
    chosen = [s for s in STATUSES if draw(st.booleans())] or [Status.GREEN]
    edges = sorted(
        draw(
            st.lists(
                st.decimals(min_value=1, max_value=300, places=1),
                min_size=len(chosen) - 1,
                max_size=len(chosen) - 1,
                unique=True,
            )
        )
    )
    upper_included = [draw(st.booleans()) for _ in edges]
    result = []
    for i, status in enumerate(chosen):
        low = edges[i - 1] if i > 0 else None
        high = edges[i] if i < len(edges) else None
        low_in = low is not None and not upper_included[i - 1]
        high_in = high is not None and upper_included[i]
        result.append(StatusBand(status, Interval(low, high, low_in, high_in)))
    found = tuple(result)
    assert band_problems(found) == []
    return found


@st.composite
def profiles(draw: st.DrawFn) -> MonitoringProfile:
    """The helpers' profile with generated bands and, maybe, a schedule step for June."""
    profile = evolve(PROFILE, bands=draw(bands()))
    if draw(st.booleans()):
        minimum = draw(st.decimals(min_value=1, max_value=100, places=1))
        profile = evolve(profile, schedule=(ScheduleStep(6, minimum),))
    return profile
