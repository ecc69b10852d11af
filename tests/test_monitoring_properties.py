"""The monitoring promise, for any valid bands: more progress never gives a worse status.

For every row kind and for the unit as a whole: spending more, doing more
of a count or a rate, staying further within a limit, or finishing a deadline
earlier never lowers a status, whatever the bands (tests/strategies_monitoring.py).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_helpers import PROFILE, report
from scoring.analysis.monitoring import MonitoringProfile, StatusBand
from scoring.core.record import evolve
from strategies_monitoring import amounts, bands, percents, profiles

months = st.integers(min_value=1, max_value=12)
# Each example monitors a whole unit twice: fewer examples keep the suite fast,
# and the bands and figures are drawn afresh on every run.
few = settings(max_examples=60)


class TestMoreProgressNeverWorse:
    @given(
        bands(), st.decimals(min_value=-100, max_value=500, places=3), st.decimals(0, 100, places=3)
    )
    def test_bands_rise_with_the_ratio(
        self, found: tuple[StatusBand, ...], ratio: Decimal, step: Decimal
    ) -> None:
        """A higher ratio never gets a lower status."""

        profile = evolve(PROFILE, bands=found)
        assert profile.status_for(ratio + step).rank >= profile.status_for(ratio).rank

    @few
    @given(profiles(), months, amounts, st.decimals(0, 1000, places=2))
    def test_spending_more(
        self, profile: MonitoringProfile, month: int, spent: Decimal, extra: Decimal
    ) -> None:
        """More spent by the same month: the spending row and the unit never get worse."""
        less = report(month=month, profile=profile, spending=spent)
        more = report(month=month, profile=profile, spending=spent + extra)
        assert more.spending.status.rank >= less.spending.status.rank
        assert more.status.rank >= less.status.rank

    @few
    @given(profiles(), months, amounts, st.decimals(0, 1000, places=2))
    def test_doing_more_of_a_count(
        self, profile: MonitoringProfile, month: int, done: Decimal, extra: Decimal
    ) -> None:
        """More events held: the row, its group and the unit never get worse."""
        less = report(month=month, profile=profile, events=done)
        more = report(month=month, profile=profile, events=done + extra)
        assert more.row("events").status.rank >= less.row("events").status.rank
        assert (more.categories[0].status or less.categories[0].status).rank >= (
            less.categories[0].status or more.categories[0].status
        ).rank
        assert more.status.rank >= less.status.rank

    @few
    @given(profiles(), months, percents, st.decimals(0, 100, places=2))
    def test_a_higher_rate(
        self, profile: MonitoringProfile, month: int, rate: Decimal, extra: Decimal
    ) -> None:
        less = report(month=month, profile=profile, rate=rate)
        more = report(month=month, profile=profile, rate=rate + extra)
        assert more.row("rate").status.rank >= less.row("rate").status.rank
        assert more.status.rank >= less.status.rank

    @few
    @given(profiles(), months, percents, st.decimals(0, 100, places=2))
    def test_further_within_a_limit(
        self, profile: MonitoringProfile, month: int, value: Decimal, lower: Decimal
    ) -> None:
        """A lower value against a ≤ limit is never worse."""
        worse = report(month=month, profile=profile, limit=value + lower)
        better = report(month=month, profile=profile, limit=value)
        assert better.row("limit").status.rank >= worse.row("limit").status.rank
        assert better.status.rank >= worse.status.rank

    @few
    @given(profiles(), months, st.integers(1, 12), st.integers(0, 11))
    def test_a_deadline_met_earlier(
        self, profile: MonitoringProfile, month: int, done: int, earlier: int
    ) -> None:
        """Done earlier is never worse than done later, and done never worse than not done.

        Only months up to the month monitored can be done (a later one is warned of).
        """
        done = min(done, month)
        first = max(1, done - earlier)
        late = report(month=month, profile=profile, deadline=str(done))
        early = report(month=month, profile=profile, deadline=str(first))
        open_ = report(month=month, profile=profile, deadline=False)
        assert early.row("deadline").status.rank >= late.row("deadline").status.rank
        assert early.row("deadline").status.rank >= open_.row("deadline").status.rank
