"""Reading monitoring profiles and the facts file's monitoring keys, every problem located."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring.analysis.monitoring import ScheduleStep, Status
from scoring.core.errors import ScoringError
from scoring.core.model import MonitorNote
from scoring.files.facts import load_facts
from scoring.files.monitoring import load_monitoring, monitoring_for
from scoring.files.validation import validate

ROOT = Path(__file__).resolve().parent.parent
GOOD = """\
id: mine
name: 测试监控方案
monitoring:
  bands:
    - {status: red, range: "(-inf, 90)"}
    - {status: green, range: "[90, +inf)"}
  spending: {spent: spent, budget: budget}
"""


def lines(exc: pytest.ExceptionInfo[ScoringError], folder: Path) -> list[str]:
    return [p.line().replace(str(folder) + "/", "") for p in exc.value.problems]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class TestShipped:
    def test_default_profile(self) -> None:
        """The shipped default: four bands, worst rollup, warnings on, no schedule, all assumed."""
        profile = load_monitoring(ROOT / "weights" / "monitoring" / "default.yaml")
        assert profile.id == "default"
        assert [b.status for b in profile.bands] == list(Status)
        assert (profile.rollup, profile.mismatch, profile.plausible) == (
            "worst",
            Decimal(30),
            Decimal(300),
        )
        assert profile.late_unspent is not None
        assert (profile.late_unspent.from_month, profile.late_unspent.share) == (10, 30)
        assert (profile.spent_fact, profile.budget_fact, profile.money_unit) == (
            "spending",
            "budget",
            "万元",
        )
        assert profile.schedule == ()
        (assumed,) = profile.assumptions
        assert "均为本项目的假设" in assumed

    def test_education_section_extends_the_default(self) -> None:
        """yueyang-education: the default's bands, its own schedule and cumulative rows."""
        profile = monitoring_for(ROOT / "weights" / "yueyang-education.yaml", "yueyang-education")
        assert profile.id == "yueyang-education.monitoring"
        assert profile.bases == ("default",)
        assert profile.schedule == (
            ScheduleStep(6, Decimal(45)),
            ScheduleStep(9, Decimal(70)),
            ScheduleStep(11, Decimal(90)),
        )
        assert profile.cumulative == ("sports_events", "sports_participants")
        assert len(profile.assumptions) == 2
        assert profile.mismatch == 30

    def test_profile_without_a_section_gets_the_default(self) -> None:
        """national-project has no 'monitoring:' section: the shipped default applies."""
        profile = monitoring_for(ROOT / "weights" / "national-project.yaml", "national-project")
        assert profile.id == "default"


class TestSections:
    def test_weights_naming_a_profile(self, tmp_path: Path) -> None:
        """'monitoring: mine.yaml' in a weights profile reads that file, relative to it."""
        write(tmp_path, "mine.yaml", GOOD)
        weights = write(tmp_path, "w.yaml", "id: w\nname: w\nmonitoring: mine.yaml\n")
        assert monitoring_for(weights, "w").id == "mine"

    def test_extends_keeps_what_the_section_leaves_out(self, tmp_path: Path) -> None:
        write(tmp_path, "mine.yaml", GOOD)
        weights = write(
            tmp_path,
            "w.yaml",
            "id: w\nname: w\nmonitoring:\n  extends: mine.yaml\n  rollup: median\n",
        )
        profile = monitoring_for(weights, "w")
        assert profile.rollup == "median"
        assert [b.status for b in profile.bands] == [Status.RED, Status.GREEN]
        assert profile.bases == ("mine",)

    def test_a_section_needs_bands_and_spending(self, tmp_path: Path) -> None:
        weights = write(tmp_path, "w.yaml", "id: w\nname: w\nmonitoring:\n  rollup: worst\n")
        with pytest.raises(ScoringError) as caught:
            monitoring_for(weights, "w")
        assert lines(caught, tmp_path) == [
            "w.yaml:4:3: the monitoring profile gives no 'bands' (the status bands) (hint: add"
            " 'bands:', or 'extends: default' to take the shipped defaults)",
            "w.yaml:4:3: the monitoring profile gives no 'spending' (the spending facts) (hint:"
            " add 'spending:', or 'extends: default' to take the shipped defaults)",
        ]

    def test_extends_loop(self, tmp_path: Path) -> None:
        write(tmp_path, "a.yaml", "id: a\nname: a\nmonitoring: {extends: b.yaml}\n")
        write(tmp_path, "b.yaml", "id: b\nname: b\nmonitoring: {extends: a.yaml}\n")
        with pytest.raises(ScoringError, match="'extends' goes round in a loop"):
            load_monitoring(tmp_path / "a.yaml")

    def test_extends_a_missing_profile(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a.yaml", "id: a\nname: a\nmonitoring: {extends: nothere}\n")
        with pytest.raises(ScoringError) as caught:
            load_monitoring(path)
        assert lines(caught, tmp_path) == [
            "a.yaml:3:23: no monitoring profile 'nothere' (hint: give a path to a .yaml file,"
            " or a shipped name such as 'default')"
        ]

    def test_weights_profile_given_as_monitoring(self) -> None:
        with pytest.raises(ScoringError, match="this is a weights profile, not a monitoring"):
            load_monitoring(ROOT / "weights" / "national-project.yaml")


class TestBadValues:
    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            (
                "status: red",
                "status: orange",
                "mine.yaml:5:16: status 'orange' must be one of red, yellow, green, blue"
                " (hint: the four colours, from the least progress up)",
            ),
            (
                '"[90, +inf)"',
                '"(90, +inf)"',
                "mine.yaml:5:5: status bands: there is a gap between bands (-∞, 90) and (90, +∞)",
            ),
            (
                "status: red",
                "status: blue",
                "mine.yaml:5:5: status bands: a higher ratio must never get a worse status",
            ),
            (
                '"(-inf, 90)"',
                '"[0, 90)"',
                "mine.yaml:5:5: status bands: the bands must cover every ratio",
            ),
            (
                '"(-inf, 90)"',
                '"(-inf, 90"',
                "mine.yaml:5:28: bad range '(-inf, 90': '(-inf, 90' is not an interval such as"
                " [80, 90)",
            ),
            (
                "budget: budget}",
                "budget: 预算}",
                "mine.yaml:7:36: 'budget' names a fact: ASCII letters, digits and _, not '预算'",
            ),
            (
                "  bands:",
                "  band:",
                "mine.yaml:4:3: unknown key 'band' in the 'monitoring' section (hint: did you"
                " mean 'bands'?)",
            ),
        ],
    )
    def test_located_error(self, tmp_path: Path, old: str, new: str, expected: str) -> None:
        """Each mistake in a section is an error at its line and column."""
        assert old in GOOD
        path = write(tmp_path, "mine.yaml", GOOD.replace(old, new))
        with pytest.raises(ScoringError) as caught:
            load_monitoring(path)
        assert any(line.startswith(expected) for line in lines(caught, tmp_path)), lines(
            caught, tmp_path
        )

    @pytest.mark.parametrize(
        ("extra", "expected"),
        [
            (
                "  schedule: [{month: 13, min: 50}]\n",
                "mine.yaml:8:22: 'month' must be a whole number from 1 to 12",
            ),
            (
                "  schedule: [{month: 6, min: 50}, {month: 9, min: 40}]\n",
                "mine.yaml:8:35: the schedule asks 40% by month 9, less than the 50% by month 6:"
                " a cumulative minimum cannot fall",
            ),
            (
                "  schedule: [{month: 6, min: 120}]\n",
                "mine.yaml:8:30: 'min' is a percent of the budget, at most 100, not 120",
            ),
            (
                "  mismatch: 120\n",
                "mine.yaml:8:13: 'mismatch' is in percentage points, above 0 and at most 100",
            ),
            (
                "  plausible: 90\n",
                "mine.yaml:8:14: 'plausible' is a percent of where a row should be, above 100",
            ),
            ("  rollup: mean\n", "mine.yaml:8:11: 'rollup' must be one of worst, median, not"),
            (
                "  late_unspent: {from_month: 10, share: 100}\n",
                "mine.yaml:8:41: 'share' is a percent of the budget, below 100, not 100",
            ),
            ("  cumulative: [Events]\n", "mine.yaml:8:16: 'cumulative' lists indicator ids"),
            (
                "  exclude: {events: 5}\n",
                "mine.yaml:8:21: the exclusion of 'events' needs its reason as text",
            ),
        ],
    )
    def test_located_value_error(self, tmp_path: Path, extra: str, expected: str) -> None:
        path = write(tmp_path, "mine.yaml", GOOD + extra)
        with pytest.raises(ScoringError) as caught:
            load_monitoring(path)
        assert any(line.startswith(expected) for line in lines(caught, tmp_path)), lines(
            caught, tmp_path
        )


class TestFactsKeys:
    BASE = "unit: u\nyear: 2023\nfacts: {spending: 1}\n"

    def test_as_of_and_deviations(self, tmp_path: Path) -> None:
        """'as_of' is the month; 'deviations' give a reason and a measure per row."""
        path = write(
            tmp_path,
            "f.yaml",
            self.BASE
            + "as_of: 6\ndeviations:\n  spending: {reason: 项目未开工, measure: 督促开工}\n"
            "  sports_events: {reason: 场馆维修}\n",
        )
        facts = load_facts(path).facts
        assert facts.as_of == 6
        assert facts.monitor_notes == {
            "spending": MonitorNote("项目未开工", "督促开工"),
            "sports_events": MonitorNote("场馆维修", None),
        }

    @pytest.mark.parametrize(
        ("extra", "expected"),
        [
            ("as_of: 13\n", "f.yaml:4:8: 'as_of' must be a whole number from 1 to 12"),
            ("as_of: 0\n", "f.yaml:4:8: 'as_of' must be a whole number from 1 to 12"),
            (
                "deviations:\n  spending: {reasn: x}\n",
                "f.yaml:5:14: unknown key 'reasn' in the deviation note of 'spending' (hint: did"
                " you mean 'reason'?)",
            ),
            (
                "deviations:\n  spending: {}\n",
                "f.yaml:5:13: the deviation note of 'spending' gives neither 'reason' nor"
                " 'measure'",
            ),
        ],
    )
    def test_located_error(self, tmp_path: Path, extra: str, expected: str) -> None:
        path = write(tmp_path, "f.yaml", self.BASE + extra)
        with pytest.raises(ScoringError) as caught:
            load_facts(path)
        assert any(line.startswith(expected) for line in lines(caught, tmp_path)), lines(
            caught, tmp_path
        )


class TestValidate:
    def test_validate_reads_monitoring_profiles(self, tmp_path: Path) -> None:
        """scoring validate reports a monitoring profile's problems like any file's."""
        write(tmp_path, "mine.yaml", GOOD.replace("status: red", "status: orange"))
        report = validate([tmp_path])
        assert [p.message for p in report.problems] == [
            "status 'orange' must be one of red, yellow, green, blue"
        ]

    def test_validate_reads_a_weights_section(self, tmp_path: Path) -> None:
        text = (ROOT / "weights" / "yueyang-education.yaml").read_text(encoding="utf-8")
        write(tmp_path, "w.yaml", text.replace("{month: 9, min: 70}", "{month: 9, min: 40}"))
        report = validate([tmp_path / "w.yaml"])
        assert [p.message for p in report.problems] == [
            "the schedule asks 40% by month 9, less than the 45% by month 6: a cumulative"
            " minimum cannot fall"
        ]


class TestJuneExample:
    def test_targets_are_the_year_files(self) -> None:
        """The June example restates the year file's targets, each with the same provenance."""
        june = load_facts(ROOT / "examples" / "yueyang-education-2023-june.yaml").facts
        year = load_facts(ROOT / "examples" / "yueyang-education-2023.yaml").facts
        assert june.targets == year.targets

    def test_every_figure_says_it_is_assumed(self) -> None:
        """No mid-year figure of the bureau is public: every fact is marked assumed."""
        june = load_facts(ROOT / "examples" / "yueyang-education-2023-june.yaml").facts
        assert june.as_of == 6
        assert all(fact.assumed for fact in june.facts.values())
        # Half of the year's spending, as the docs' example says.
        assert june.facts["spending"].value * 2 == Decimal("5070.36")
