"""A cap on the total by a rate (总分封顶): the lower the budget execution rate, the lower the
highest total allowed.

A weights profile may say, for ranges of one row's value (the budget execution
rate), the most the total may be: a rate in [70, 80) caps the total at 89. The
ranges are written like the ``bands`` rule's, edges included or not as stated;
they may leave gaps (a rate in no range caps nothing) but may not overlap, and
a higher rate may never allow a lower total, so that the total stays monotone
in the rate. The veto caps the grade; this caps the total, and the grade
follows the capped total.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal

from scoring.core.messages import Message, msg
from scoring.core.numbers import fmt
from scoring.core.record import Record, set_field
from scoring.core.rules._numeric import Interval, interval_order


class CapBand(Record):
    """A range of the rate and the most the total may be when the rate lies in it."""

    interval: Interval
    at_most: Decimal
    __slots__ = ("at_most", "interval")

    def __init__(
        self,
        interval: Interval,
        at_most: Decimal,
    ) -> None:
        set_field(self, "interval", interval)
        set_field(self, "at_most", at_most)


def _lowest_first(bands: Iterable[CapBand]) -> tuple[CapBand, ...]:
    return tuple(sorted(bands, key=lambda b: interval_order(b.interval)))


class TotalCap(Record):
    """The profile's cap: which row's value decides, and the bands, lowest rate first."""

    indicator_id: str
    bands: tuple[CapBand, ...]
    __slots__ = ("bands", "indicator_id")

    def __init__(
        self,
        indicator_id: str,
        bands: tuple[CapBand, ...],
    ) -> None:
        set_field(self, "indicator_id", indicator_id)
        set_field(self, "bands", _lowest_first(bands))

    def band_for(self, rate: Decimal) -> CapBand | None:
        """The band that holds ``rate``, or None when the rate caps nothing."""
        return next((b for b in self.bands if b.interval.contains(rate)), None)


class CappedTotal(Record):
    """What the cap did: the rate, the band it fell in, and the total before the cap.

    ``binding`` says whether the cap lowered the total; when not, the total
    was already within it.
    """

    indicator_id: str
    rate: Decimal
    band: CapBand
    uncapped: Decimal
    total: Decimal
    __slots__ = ("band", "indicator_id", "rate", "total", "uncapped")

    def __init__(
        self,
        indicator_id: str,
        rate: Decimal,
        band: CapBand,
        uncapped: Decimal,
        total: Decimal,
    ) -> None:
        set_field(self, "indicator_id", indicator_id)
        set_field(self, "rate", rate)
        set_field(self, "band", band)
        set_field(self, "uncapped", uncapped)
        set_field(self, "total", total)

    @property
    def binding(self) -> bool:
        return self.total < self.uncapped


def _overlap(a: Interval, b: Interval) -> bool:
    """Whether ``a`` and ``b`` (``a`` starting no higher) share a value."""
    if a.high is None or b.low is None:
        return True
    return a.high > b.low or (a.high == b.low and a.high_inclusive and b.low_inclusive)


def cap_problems(cap: TotalCap, full_score: Decimal) -> list[Message]:
    """What is wrong with ``cap``: overlapping bands, a cap that falls as the rate rises."""
    problems = []
    for a, b in itertools.pairwise(cap.bands):
        if _overlap(a.interval, b.interval):
            problems.append(
                msg("the ranges {a} and {b} overlap", a=str(a.interval), b=str(b.interval))
            )
        elif b.at_most < a.at_most:
            problems.append(
                msg(
                    "a rate in {b} would allow at most {b_most}, less than {a_most} for the lower"
                    " rates in {a}: a better rate must never lower the total",
                    a=str(a.interval),
                    b=str(b.interval),
                    a_most=fmt(a.at_most, 6),
                    b_most=fmt(b.at_most, 6),
                )
            )
    problems.extend(
        msg(
            "the cap {at_most} for {interval} is above the full score {full} and caps nothing",
            at_most=fmt(band.at_most, 6),
            interval=str(band.interval),
            full=fmt(full_score, 6),
        )
        for band in cap.bands
        if band.at_most > full_score
    )
    return problems


def apply_cap(cap: TotalCap, rate: Decimal, uncapped: Decimal) -> CappedTotal | None:
    """The total under ``cap`` for a row value of ``rate``; None when no band holds it."""
    band = cap.band_for(rate)
    if band is None:
        return None
    return CappedTotal(cap.indicator_id, rate, band, uncapped, min(uncapped, band.at_most))
