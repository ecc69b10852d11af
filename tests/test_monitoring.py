"""Mid-year monitoring: statuses at and around every band edge, gaps, warnings, bad input.

Every expected status is worked by hand from the shipped bands in
weights/monitoring/default.yaml: red below 80, yellow from 80 (inclusive) to
below 100, green from 100 to below 130, blue from 130 (ratios in percent of
where a row should be by now). The helper unit has a budget of 1200 万元.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from monitoring_helpers import DEFAULT, INDICATORS, PROFILE, WEIGHTS, facts, report
from scoring.analysis.monitoring import (
    LateUnspent,
    ScheduleStep,
    Status,
    monitor,
    progress_ratio,
    rollup,
    time_progress,
)
from scoring.core.errors import InputError, InputWarning, ScoringError
from scoring.core.model import MonitorNote
from scoring.core.record import evolve
from scoring.core.values import Op

R, Y, G, B = Status.RED, Status.YELLOW, Status.GREEN, Status.BLUE


class TestShippedBands:
    def test_bands_are_as_documented(self) -> None:
        """Shipped bands: red (-inf, 80), yellow [80, 100), green [100, 130), blue [130, inf)."""
        shown = [(b.status.value, str(b.interval)) for b in DEFAULT.bands]
        assert shown == [
            ("red", "(-∞, 80)"),
            ("yellow", "[80, 100)"),
            ("green", "[100, 130)"),
            ("blue", "[130, +∞)"),
        ]

    @pytest.mark.parametrize(
        ("ratio", "status"),
        [
            ("0", R), ("79.99", R), ("80", Y), ("80.01", Y), ("99.99", Y), ("100", G),
            ("100.01", G), ("129.99", G), ("130", B), ("130.01", B), ("-5", R),
        ],
    )  # fmt: skip
    def test_status_at_each_edge(self, ratio: str, status: Status) -> None:
        """Each edge belongs to the band above it: 80 is yellow, 100 green, 130 blue."""
        assert DEFAULT.status_for(Decimal(ratio)) is status


class TestSpending:
    @pytest.mark.parametrize(
        ("spent", "status"),
        [
            # June: time progress 50%, so 600 of 1200 is on schedule (ratio = spent / 600).
            ("479.99", R),  # 79.998%
            ("480", Y),  # 80%
            ("599.99", Y),  # 99.998%
            ("600", G),  # 100%
            ("779.99", G),  # 129.998%
            ("780", B),  # 130%
        ],
    )
    def test_status_around_each_edge(self, spent: str, status: Status) -> None:
        """Execution ÷ time progress, banded: at June 480 of 1200 is 80% of schedule, yellow."""
        assert report(spending=spent, profile=DEFAULT).spending.status is status

    def test_ratio_and_gap_are_exact(self) -> None:
        """480 of 1200 by June: 40% against 50%, 80%; 1200 × 50% − 480 = 120 万元 to spend."""
        row = report(spending=480, profile=DEFAULT).spending
        assert (row.value, row.expected, row.ratio) == (Decimal(40), Decimal(50), Decimal(80))
        assert [(g.kind, g.amount, g.text.zh) for g in row.gaps] == [
            ("short", Decimal(120), "要达到时序进度（50%）还需支出 120 万元")
        ]
        assert row.gaps[0].text.en == (
            "120 × 10,000 yuan more must be spent to reach time progress (50%)"
        )

    def test_time_progress_is_month_over_twelve(self) -> None:
        """7 ÷ 12 = 58.33…%, exactly as Decimal division gives it."""
        assert time_progress(12) == 100
        assert time_progress(6) == 50
        assert str(time_progress(7))[:8] == "58.33333"

    def test_schedule_can_be_stricter_than_time(self) -> None:
        """At least 60% by June: 50% spent is on time (100%) but 83.33% of the schedule: yellow."""
        profile = evolve(DEFAULT, schedule=(ScheduleStep(6, Decimal(60)),))
        row = report(spending=600, profile=profile).spending
        assert row.ratio == 100
        assert row.schedule_ratio is not None
        assert f"{row.schedule_ratio:.2f}" == "83.33"
        assert row.status is Y
        # 1200 × 60% − 600 = 120 万元; nothing is needed for time progress.
        assert [g.text.zh for g in row.gaps] == ["要达到 6 月底 60% 的进度要求还需支出 120 万元"]

    def test_schedule_step_in_force_is_the_latest_not_after_the_month(self) -> None:
        """Steps at June and September: August uses June's, May none."""
        profile = evolve(
            DEFAULT, schedule=(ScheduleStep(6, Decimal(45)), ScheduleStep(9, Decimal(70)))
        )
        assert profile.required(5) is None
        step = profile.required(8)
        assert step is not None
        assert step.month == 6
        step = profile.required(9)
        assert step is not None
        assert step.month == 9

    def test_far_ahead_says_by_how_much(self) -> None:
        """840 of 1200 by June is 70% against 50%: 140%, blue, 20 points ahead."""
        row = report(spending=840, profile=DEFAULT).spending
        assert row.status is B
        assert [(g.kind, g.amount) for g in row.gaps] == [("ahead", Decimal(20))]
        assert row.gaps[0].text.zh == "执行进度超出时序进度 20 个百分点"


class TestCumulative:
    @pytest.mark.parametrize(
        ("done", "status"),
        [
            # ≥ 100 场 pro rata to June: 50 场 by now (ratio = done / 50).
            ("39.9", R),  # 79.8%
            ("40", Y),  # 80%
            ("49.9", Y),  # 99.8%
            ("50", G),  # 100%
            ("64.9", G),  # 129.8%
            ("65", B),  # 130%
        ],
    )
    def test_status_around_each_edge(self, done: str, status: Status) -> None:
        """A count is compared with the target pro rata: 40 of 50 场 by June is yellow."""
        assert report(events=done).row("events").status is status

    def test_gap_in_words_and_numbers(self) -> None:
        """40 场 by June against 50: 10 场 still to hold."""
        row = report(events=40).row("events")
        assert row.expected == 50
        assert [(g.amount, g.text.zh) for g in row.gaps] == [
            (Decimal(10), "要达到时序进度还需完成 10 场")
        ]

    def test_july_is_seven_twelfths(self) -> None:
        """By July 100 × 7/12 = 58.33 场; 50 is 85.71%, yellow, 8.33 场 short."""
        row = report(month=7, events=50).row("events")
        assert row.ratio is not None
        assert f"{row.ratio:.2f}" == "85.71"
        assert row.status is Y
        assert row.gaps[0].text.zh == "要达到时序进度还需完成 8.33 场"


class TestAgainstTheTargetItself:
    @pytest.mark.parametrize(
        ("value", "status"),
        [
            # ≥ 96%: ratio = value / 96.
            ("76.79", R),  # 79.99%
            ("76.8", Y),  # 80%
            ("95.99", Y),  # 99.99%
            ("96", G),  # 100%
            ("124.79", G),  # 129.99%
            ("124.8", B),  # 130%
        ],
    )
    def test_rate_at_least(self, value: str, status: Status) -> None:
        """A rate is not pro rata: 95.99% against ≥ 96% is yellow in June as in December."""
        assert report(rate=value).row("rate").status is status
        assert report(month=12, rate=value).row("rate").status is status

    def test_rate_gap_is_in_percentage_points(self) -> None:
        """95.5% against ≥ 96%: 0.5 个百分点 short."""
        row = report(rate="95.5").row("rate")
        assert row.gaps[0].text.zh == "距年度指标值还差 0.5 个百分点"

    @pytest.mark.parametrize(
        ("value", "status"),
        [
            # ≤ 100%: within the limit is 100 (never blue); beyond it 100 / value.
            ("0", G),
            ("100", G),
            ("100.01", Y),  # 99.99%
            ("125", Y),  # 80%
            ("125.01", R),  # 79.99%
        ],
    )
    def test_limit_at_most(self, value: str, status: Status) -> None:
        """A ≤ target is a limit: 125% against ≤ 100% is 80%, yellow; 125.01% red."""
        assert report(limit=value).row("limit").status is status

    def test_limit_gap_is_the_excess(self) -> None:
        """110% against ≤ 100%: 10 个百分点 to bring down."""
        row = report(limit=110).row("limit")
        assert row.gaps[0].kind == "excess"
        assert row.gaps[0].text.zh == "超出年度指标值 10 个百分点，需压减"

    @pytest.mark.parametrize(
        ("value", "expected", "op", "ratio"),
        [
            ("0", "0", Op.LE, "100"),  # ≤ 0: none is within
            ("1", "0", Op.LE, "0"),  # ≤ 0: any beyond is 0
            ("0", "0", Op.GE, "100"),  # ≥ 0: met
            ("-0.01", "0", Op.GE, "0"),  # ≥ 0: missed
            ("40", "50", Op.EQ, "80"),  # = is progress towards the target
        ],
    )
    def test_targets_of_zero_and_equal(self, value: str, expected: str, op: Op, ratio: str) -> None:
        """A target of 0 cannot be divided by: met is 100, missed 0."""
        assert progress_ratio(Decimal(value), Decimal(expected), op) == Decimal(ratio)


class TestDeadline:
    @pytest.mark.parametrize(
        ("month", "done", "status"),
        [
            (6, False, G),  # not due yet
            (8, False, G),
            (9, False, R),  # due by the end of September: passed
            (10, False, R),
            (10, "7", G),  # done in July, in time
            (10, "9", G),
            (10, "10", R),  # done late
        ],
    )
    def test_deadline(self, month: int, done: bool | str, status: Status) -> None:
        """9月前: not done is fine until the end of September, red from then on."""
        assert report(month=month, deadline=done).row("deadline").status is status

    def test_overdue_says_so(self) -> None:
        """Not done at the end of September: the gap says the deadline has passed."""
        row = report(month=9, deadline=False).row("deadline")
        assert row.gaps[0].kind == "overdue"
        assert row.gaps[0].text.zh == "已过截止时间（9 月）仍未完成，需尽快完成"


class TestRollup:
    def test_worst_and_median(self) -> None:
        """Worst takes the least progress; median the middle one (the worse of two middles)."""
        assert rollup([G, R, B], "worst") is R
        assert rollup([G, R, B], "median") is G
        assert rollup([R, Y, G, B], "median") is Y

    def test_unit_and_group_take_the_worst_row(self) -> None:
        """Spending green, events yellow (40 of 50): the group and the unit are yellow."""
        rep = report(events=40)
        assert rep.spending.status is G
        assert rep.row("events").status is Y
        (category,) = rep.categories
        assert category.status is Y
        assert category.groups[0].status is Y
        assert rep.status is Y

    def test_median_rollup_from_the_profile(self) -> None:
        """With 'rollup: median' one yellow row among greens leaves the unit green."""
        rep = report(events=40, profile=evolve(PROFILE, rollup="median"))
        assert rep.status is G


class TestWarnings:
    @pytest.mark.parametrize(
        ("done", "warned"),
        [
            ("80", False),  # 80% done, 50% spent: 30 points apart, not more than 30
            ("80.01", True),
            ("20", False),  # 30 apart the other way
            ("19.99", True),
        ],
    )
    def test_mismatch_beyond_the_share(self, done: str, warned: bool) -> None:
        """Share of the year's target done against the share spent, more than 30 points apart."""
        rep = report(events=done)
        assert [w.row_id for w in rep.warnings if w.kind == "mismatch"] == (
            ["events"] if warned else []
        )

    def test_mismatch_says_which_way(self) -> None:
        """Results far behind the money: money spent without results."""
        (warning,) = report(events=10).warnings
        assert "资金已支出而产出滞后" in warning.text.zh
        assert warning.amount == 40
        (warning,) = report(events=90).warnings
        assert "产出快于支出" in warning.text.zh

    @pytest.mark.parametrize(
        ("month", "spent", "warned"),
        [
            (10, "840", False),  # 70% spent, 30% unspent: not more than 30
            (10, "839.99", True),
            (9, "100", False),  # before October: no such warning
        ],
    )
    def test_late_unspent(self, month: int, spent: str, warned: bool) -> None:
        """From the end of October, more than 30% of the budget unspent is warned of."""
        rep = report(month=month, spending=spent, profile=DEFAULT)
        late = [w for w in rep.warnings if w.kind == "late_unspent"]
        assert bool(late) is warned
        if warned:
            assert late[0].amount == Decimal("360.01")
            assert late[0].text.zh.startswith("截至 10 月底尚有 360.01 万元（30")

    def test_late_unspent_is_configurable(self) -> None:
        """From November, 10%: 85% spent at the end of November is warned of."""
        profile = evolve(DEFAULT, late_unspent=LateUnspent(11, Decimal(10)))
        rep = report(month=11, spending=1020, profile=profile)
        assert [w.kind for w in rep.warnings] == ["late_unspent"]

    @pytest.mark.parametrize(("done", "warned"), [("150", False), ("150.01", True)])
    def test_implausible_progress(self, done: str, warned: bool) -> None:
        """150 场 by June is 300% of 50, the bound; beyond it a warning, not an error."""
        problems = report(events=done).problems
        assert [type(p) for p in problems] == ([InputWarning] if warned else [])

    def test_spending_beyond_the_budget_is_warned_of(self) -> None:
        """1300 spent of a 1200 budget: a warning naming the rate."""
        (problem,) = report(spending=1300, profile=DEFAULT).problems
        assert "is more than the year's budget 1200 (108.33%)" in problem.message


class TestNotes:
    def test_rows_off_track_need_a_reason_and_a_measure(self) -> None:
        """Events is yellow: both are asked for; a green row asks nothing."""
        rep = report(events=40)
        assert [(r.id, r.missing_note) for r in rep.missing_notes] == [
            ("events", ("reason", "measure"))
        ]
        noted = report(events=40, notes={"events": MonitorNote(reason="场馆维修")})
        assert [(r.id, r.missing_note) for r in noted.missing_notes] == [("events", ("measure",))]

    def test_note_for_an_unknown_row_is_an_error(self) -> None:
        """A misspelt row id is refused with a did-you-mean."""
        with pytest.raises(InputError, match="'event'") as caught:
            report(notes={"event": MonitorNote(reason="x")})
        assert caught.value.hint == "did you mean 'events'?"


class TestSkipped:
    def test_rows_without_a_figure_are_listed(self) -> None:
        """No figure yet for a row: it is listed as not monitored, with why; the fact missing
        (the row's own value) by the indicator's Chinese name, and by its id in English."""
        partial = facts()
        partial = evolve(partial, facts={k: v for k, v in partial.facts.items() if k != "rate"})
        rep = monitor(INDICATORS, WEIGHTS, partial, PROFILE, month=6)
        assert [(s.id, s.reason.zh, s.reason.en) for s in rep.skipped] == [
            ("rate", "尚无数据（缺 巩固率）", "no figure yet (missing rate)")
        ]

    def test_excluded_rows_are_listed_with_the_reason(self) -> None:
        """'exclude' leaves a row out, and the report says why."""
        profile = evolve(PROFILE, exclude={"limit": "年底计算"})
        rep = report(profile=profile)
        assert [(s.id, s.reason.zh) for s in rep.skipped] == [
            ("limit", "监控方案不监控此行：年底计算")
        ]


class TestBadInput:
    @pytest.mark.parametrize("month", [0, 13, -1])
    def test_month_outside_the_year(self, month: int) -> None:
        """A month is 1 to 12."""
        with pytest.raises(InputError, match=f"the month must be 1 to 12, not {month}"):
            report(month=month)

    def test_no_month_at_all(self) -> None:
        """Without a month and without as_of, the error says where to give one."""
        with pytest.raises(InputError, match="no month to monitor") as caught:
            monitor(INDICATORS, WEIGHTS, facts(), PROFILE)
        assert "as_of" in (caught.value.hint or "")

    def test_as_of_in_the_facts(self) -> None:
        """The facts' as_of is the month when none is given."""
        rep = monitor(INDICATORS, WEIGHTS, evolve(facts(), as_of=9), PROFILE)
        assert rep.month == 9

    def test_cumulative_rate_is_an_error(self) -> None:
        """A rate (unit %) cannot be pro rata."""
        with pytest.raises(ScoringError, match="is a rate"):
            report(profile=evolve(PROFILE, cumulative=("events", "rate")))

    def test_cumulative_deadline_is_an_error(self) -> None:
        with pytest.raises(ScoringError, match="has a deadline"):
            report(profile=evolve(PROFILE, cumulative=("deadline",)))

    def test_unknown_ids_in_the_profile(self) -> None:
        """Misspelt ids under cumulative and exclude are both reported, with hints."""
        profile = evolve(PROFILE, cumulative=("evnets",), exclude={"limt": "x"})
        with pytest.raises(ScoringError) as caught:
            report(profile=profile)
        hints = [p.hint for p in caught.value.problems]
        assert hints == ["did you mean 'events'?", "did you mean 'limit'?"]

    def test_budget_of_zero(self) -> None:
        with pytest.raises(InputError, match="the budget 0 must be above 0"):
            report(budget=0)

    def test_negative_spending(self) -> None:
        with pytest.raises(InputError, match="cannot be negative"):
            report(spending=-1)

    def test_missing_spending_fact(self) -> None:
        """The spending facts are required, by the names the profile gives."""
        profile = evolve(PROFILE, spent_fact="spent_so_far")
        with pytest.raises(InputError, match="needs the fact 'spent_so_far'"):
            report(profile=profile)
