"""`scoring validate`: every problem of a set of files, located, in one run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cases_validation import line_of, write_case
from scoring import load_case
from scoring.cli import main
from scoring.core.errors import ScoringError, Severity
from scoring.files.validation import Report, validate

ROOT = Path(__file__).resolve().parent.parent


def only(report: Report, fragment: str) -> ScoringError:
    """The one problem of ``report`` whose message holds ``fragment``."""
    found = [p for p in report.problems if fragment in p.message]
    assert len(found) == 1, report.lines()
    return found[0]


def at(problem: ScoringError) -> tuple[str, int]:
    assert problem.location is not None
    return Path(problem.location.file).name, problem.location.line


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args], capture_output=True, cwd=cwd, check=False
    )


class TestCommand:
    def test_clean_files_exit_zero(self, tmp_path: Path) -> None:
        """A consistent set of files gives exit status 0 and says there is no problem."""
        write_case(tmp_path)
        result = run("validate", str(tmp_path))
        assert result.returncode == 0, result.stdout
        assert result.stdout.decode() == "checked 3 files: no problems\n"

    def test_problems_exit_two_one_line_each(self, tmp_path: Path) -> None:
        """Each problem is one line `file:line:column: error: message (hint: ...)`; exit 2."""
        files = write_case(tmp_path, facts=("posts: 85", "posts: 0"))
        result = run("validate", str(tmp_path))
        assert result.returncode == 2
        lines = result.stdout.decode().splitlines()
        line = line_of(files["facts.yaml"], "posts: 0")
        assert lines[0].startswith(f"{tmp_path / 'facts.yaml'}:{line}:10: error: fact 'posts' is 0")
        assert "(hint: " in lines[0]
        assert lines[-1] == "checked 3 files: 1 error, 0 warnings"
        assert result.stderr == b""

    def test_warnings_alone_exit_zero(self, tmp_path: Path) -> None:
        """Warnings are printed, marked as such, and do not fail the run."""
        write_case(tmp_path, facts=("events: 12", "events: 12\n  unused_fact: 1"))
        result = run("validate", str(tmp_path))
        assert result.returncode == 0
        out = result.stdout.decode()
        assert ": warning: fact 'unused_fact' is not read by any indicator" in out
        assert out.endswith("checked 3 files: 0 errors, 1 warning\n")

    def test_not_applicable_row_needs_no_facts(self, tmp_path: Path) -> None:
        """A row marked not applicable is not checked for its facts."""
        write_case(
            tmp_path,
            facts=("facts:\n", "not_applicable:\n  events: 本年未举办\nfacts:\n"),
        )
        (tmp_path / "facts.yaml").write_text(
            (tmp_path / "facts.yaml").read_text(encoding="utf-8").replace("  events: 12\n", ""),
            encoding="utf-8",
        )
        assert validate([tmp_path]).lines()[-1] == "checked 3 files: no problems"

    def test_missing_fact_under_lenient_policy_is_a_warning(self, tmp_path: Path) -> None:
        """With 'missing_facts: zero' in the profile, a missing fact is a warning, not an error."""
        write_case(
            tmp_path,
            weights=("full_score: 30", "full_score: 30\nmissing_facts: zero"),
            facts=("  events: 12\n", ""),
        )
        report = validate([tmp_path])
        problem = only(report, "events")
        assert problem.severity is Severity.WARNING
        assert "missing_facts policy (zero)" in problem.message

    def test_same_input_same_bytes(self, tmp_path: Path) -> None:
        """Two runs over the same files print byte-identical reports."""
        write_case(
            tmp_path,
            weights=("events: 10", "events: 10\n  ghost: 1"),
            facts=("budget: 100", "budget: 0\n  unused_fact: 1"),
        )
        first, second = run("validate", str(tmp_path)), run("validate", str(tmp_path))
        assert first.stdout == second.stdout
        assert first.stdout.count(b"\n") == 4  # three problems and the summary

    def test_shipped_files_are_clean(self) -> None:
        """The shipped indicator, weights and example files have no error and no warning."""
        report = validate([ROOT / "indicators", ROOT / "weights", ROOT / "examples"])
        assert report.problems == (), report.lines()
        shipped = [
            p for f in ("indicators", "weights", "examples") for p in (ROOT / f).rglob("*.yaml")
        ]
        assert len(report.files) == len(shipped)

    def test_python_api_raises_errors(self, tmp_path: Path) -> None:
        """Report.raise_for_errors raises the errors found, as the loaders do."""
        write_case(tmp_path, weights=("events: 10", "events: 11"))
        report = validate([tmp_path])
        with pytest.raises(ScoringError, match="group 产出/数量 is worth 10"):
            report.raise_for_errors()

    def test_thin_cli(self, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """The command prints exactly the lines of the Python report."""
        write_case(tmp_path, weights=("events: 10", "events: 11"))
        status = main(["validate", str(tmp_path)])
        out = capsysbinary.readouterr().out.decode()
        assert status == 2
        assert out.splitlines() == validate([tmp_path]).lines()


class TestFindingFiles:
    def test_kinds_told_by_keys(self, tmp_path: Path) -> None:
        """In a folder, indicator, weights and facts files are told apart by their keys."""
        write_case(tmp_path)
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "other.yaml").write_text("title: x\n", encoding="utf-8")
        report = validate([tmp_path])
        problem = only(report, "cannot tell what kind of file this is")
        assert at(problem) == ("other.yaml", 1)
        assert len(report.problems) == 1

    def test_missing_path(self, tmp_path: Path) -> None:
        """A path that does not exist is reported, and the other paths are still checked."""
        write_case(tmp_path, weights=("events: 10", "events: 11"))
        report = validate([tmp_path / "nope.yaml", tmp_path])
        assert only(report, "no such file or folder").location is not None
        only(report, "group 产出/数量")

    def test_empty_folder(self, tmp_path: Path) -> None:
        """A folder without .yaml files is an error, not a silent pass."""
        report = validate([tmp_path])
        assert not report.ok
        only(report, "folder has no .yaml files")

    def test_every_file_reported_in_one_run(self, tmp_path: Path) -> None:
        """Problems of several files are all reported, not only the first file's."""
        write_case(
            tmp_path,
            indicators=("name: 赛事", "nmae: 赛事"),
            facts=("year: 2023", "year: 2023\nyeer: 2024"),
        )
        report = validate([tmp_path])
        assert at(only(report, "unknown key 'nmae'"))[0] == "indicators.yaml"
        assert at(only(report, "unknown key 'yeer'"))[0] == "facts.yaml"

    def test_referenced_file_reported_once(self, tmp_path: Path) -> None:
        """A bad file found both in the folder and through a facts file is reported once."""
        write_case(tmp_path, indicators=("name: 赛事", "nmae: 赛事"))
        report = validate([tmp_path])
        only(report, "unknown key 'nmae'")
        only(report, "missing the required key 'name'")
        assert len(report.problems) == 2


class TestWeightsProblems:
    def test_group_that_does_not_add_up(self, tmp_path: Path) -> None:
        """Points that do not add up to their group are reported at the group, with the gap."""
        files = write_case(tmp_path, weights=("events: 10", "events: 12"))
        problem = only(validate([tmp_path]), "group 产出/数量")
        assert "worth 10 but its parts add up to 12 (+2)" in problem.message
        assert at(problem) == ("weights.yaml", line_of(files["weights.yaml"], "name: 数量"))

    def test_category_that_does_not_add_up(self, tmp_path: Path) -> None:
        """Groups that do not add up to their category are reported at the category."""
        files = write_case(tmp_path, weights=("points: 20\n", "points: 25\n"))
        report = validate([tmp_path])
        problem = only(report, "category 投入 is worth 25")
        assert "(+5)" not in problem.message
        assert "(-5)" in problem.message
        assert at(problem) == ("weights.yaml", line_of(files["weights.yaml"], "name: 投入"))

    def test_full_score_that_does_not_add_up(self, tmp_path: Path) -> None:
        """Categories that do not add up to the full score are reported at 'full_score'."""
        files = write_case(tmp_path, weights=("full_score: 30", "full_score: 100"))
        problem = only(validate([tmp_path]), "the full score is worth 100")
        assert "(-70)" in problem.message
        assert at(problem) == ("weights.yaml", line_of(files["weights.yaml"], "full_score"))

    def test_weights_checked_alone(self, tmp_path: Path) -> None:
        """A weights file named by no facts file is still checked for its sums."""
        write_case(tmp_path, weights=("full_score: 30", "full_score: 100"))
        (tmp_path / "facts.yaml").unlink()
        only(validate([tmp_path]), "the full score is worth 100")

    def test_weight_for_unknown_indicator(self, tmp_path: Path) -> None:
        """Points for an id no indicator has are reported at that line of the weights file."""
        files = write_case(tmp_path, weights=("events: 10", "events: 10\n  evnets: 0"))
        problem = only(validate([tmp_path]), "'evnets', which no indicator file defines")
        assert at(problem) == ("weights.yaml", line_of(files["weights.yaml"], "evnets"))

    def test_indicator_without_weight(self, tmp_path: Path) -> None:
        """An indicator that the weights give no points is reported at the indicator."""
        files = write_case(tmp_path, weights=("  events: 10\n", ""))
        problem = only(validate([tmp_path]), "indicator 'events' has no points")
        assert at(problem) == ("indicators.yaml", line_of(files["indicators.yaml"], "id: events"))

    def test_duplicate_indicator_id(self, tmp_path: Path) -> None:
        """An id used twice in an indicator file is reported at the second one."""
        files = write_case(tmp_path, indicators=("id: events", "id: execution_rate"))
        problem = only(validate([tmp_path]), "'execution_rate' is defined twice")
        line = line_of(files["indicators.yaml"], "id: execution_rate", 2)
        assert at(problem) == ("indicators.yaml", line)

    def test_duplicate_category(self, tmp_path: Path) -> None:
        """A category listed twice is an error, not a silent merge."""
        write_case(tmp_path, weights=("name: 产出", "name: 投入"))
        only(validate([tmp_path]), "category '投入' is listed twice")

    def test_negative_points(self, tmp_path: Path) -> None:
        """Negative points are refused where they stand."""
        files = write_case(tmp_path, weights=("events: 10", "events: -10"))
        problem = only(validate([tmp_path]), "cannot be negative")
        assert at(problem) == ("weights.yaml", line_of(files["weights.yaml"], "events: -10"))


class TestFormulaProblems:
    def test_unknown_fact(self, tmp_path: Path) -> None:
        """A formula naming a fact the facts file lacks is an error at the formula, with a
        suggestion; the misspelt fact is a warning at its own line."""
        files = write_case(tmp_path, facts=("posts: 85", "postss: 85"))
        report = validate([tmp_path])
        problem = only(report, "reads 'posts', which the facts file")
        assert at(problem) == ("indicators.yaml", line_of(files["indicators.yaml"], "/ posts"))
        assert problem.hint == "did you mean 'postss'?"
        warning = only(report, "fact 'postss' is not read")
        assert warning.severity is Severity.WARNING
        assert at(warning) == ("facts.yaml", line_of(files["facts.yaml"], "postss"))

    def test_missing_direct_value(self, tmp_path: Path) -> None:
        """An indicator without a formula needs a fact of its own name."""
        write_case(tmp_path, facts=("events: 12", "event: 12"))
        problem = only(validate([tmp_path]), "gives no value for indicator 'events'")
        assert problem.hint == "did you mean 'event'?"

    def test_division_by_zero(self, tmp_path: Path) -> None:
        """A divisor that is 0 for the given facts is reported at the fact's line."""
        files = write_case(tmp_path, facts=("budget: 100", "budget: 0"))
        problem = only(validate([tmp_path]), "fact 'budget' is 0")
        assert "spent / budget * 100" in problem.message
        assert at(problem) == ("facts.yaml", line_of(files["facts.yaml"], "budget: 0"))

    def test_computed_divisor_zero(self, tmp_path: Path) -> None:
        """A divisor computed to 0 is reported at the formula."""
        files = write_case(
            tmp_path, indicators=("spent / budget * 100", "spent / (budget - spent) * 100")
        )
        (tmp_path / "facts.yaml").write_text(
            files["facts.yaml"].replace("budget: 100", "budget: 90"), encoding="utf-8"
        )
        problem = only(validate([tmp_path]), "divides by zero with the given facts")
        assert at(problem) == ("indicators.yaml", line_of(files["indicators.yaml"], "spent /"))

    def test_loop(self, tmp_path: Path) -> None:
        """Formulas that refer to each other in a loop are one error, at the formula."""
        files = write_case(
            tmp_path,
            indicators=("formula: staff_in_post / posts * 100", "formula: execution_rate + 0"),
        )
        text = files["indicators.yaml"].replace("spent / budget * 100", "staff_control_rate + 0")
        (tmp_path / "indicators.yaml").write_text(text, encoding="utf-8")
        problem = only(validate([tmp_path]), "loop")
        assert "execution_rate → staff_control_rate → execution_rate" in problem.message
        assert at(problem) == ("indicators.yaml", line_of(text, "staff_control_rate + 0"))

    def test_self_reference(self, tmp_path: Path) -> None:
        """A formula that reads its own indicator is a loop."""
        write_case(tmp_path, indicators=("spent / budget * 100", "execution_rate * 1"))
        only(validate([tmp_path]), "loop: execution_rate → execution_rate")


class TestSigns:
    def test_negative_budget(self, tmp_path: Path) -> None:
        """A negative amount read by a ratio formula is an error at the fact's line."""
        files = write_case(tmp_path, facts=("budget: 100", "budget: -100"))
        problem = only(validate([tmp_path]), "fact 'budget' is -100")
        assert at(problem) == ("facts.yaml", line_of(files["facts.yaml"], "budget: -100"))

    def test_negative_budget_refused_by_load_case(self, tmp_path: Path) -> None:
        """Loading the case from Python refuses it too."""
        write_case(tmp_path, facts=("spent: 90", "spent: -90"))
        with pytest.raises(ScoringError, match="'spent' is -90"):
            load_case(tmp_path / "facts.yaml")

    def test_negative_value_without_ratio(self, tmp_path: Path) -> None:
        """A fact read directly (a change, a count) may be negative: it is not guessed at."""
        write_case(tmp_path, facts=("events: 12", "events: -1"))
        assert validate([tmp_path]).problems == ()


class TestTargets:
    def test_zero_target_for_dividing_rule(self, tmp_path: Path) -> None:
        """A target of 0 for a rule that divides by it is an error at the indicator."""
        files = write_case(
            tmp_path,
            indicators=(
                'target: "<= 100%"\n    rule: {kind: deduction_per_unit, per: 0.5}',
                'target: "<= 0%"\n    rule: {kind: reverse, variant: linear}',
            ),
        )
        problem = only(validate([tmp_path]), "divides by the target")
        line = line_of(files["indicators.yaml"], "id: staff_control_rate")
        assert at(problem) == ("indicators.yaml", line)

    def test_zero_year_target_for_dividing_rule(self, tmp_path: Path) -> None:
        """A year target of 0 in the facts file is checked against the rule, at its line."""
        files = write_case(
            tmp_path,
            indicators=("rule: {kind: deduction_per_unit, per: 0.5}", "rule: {kind: reverse}"),
            facts=("events: 12", 'events: 12\ntargets:\n  staff_control_rate: {target: "<= 0%"}'),
        )
        text = files["indicators.yaml"].replace(
            "{kind: reverse}", "{kind: reverse, variant: linear}"
        )
        (tmp_path / "indicators.yaml").write_text(text, encoding="utf-8")
        problem = only(validate([tmp_path]), "the target set for 'staff_control_rate'")
        assert at(problem) == ("facts.yaml", line_of(files["facts.yaml"], "<= 0%"))


class TestPercentages:
    def test_fraction_given_for_percentage(self, tmp_path: Path) -> None:
        """0.9 where the unit is % and the target is 95% is a warning at the fact's line."""
        files = write_case(
            tmp_path,
            indicators=("spent / budget * 100", "rate_given"),
            facts=("spent: 90\n  budget: 100", "rate_given: 0.9"),
        )
        report = validate([tmp_path])
        warning = only(report, "is 0.9% against a target of ≥95%")
        assert warning.severity is Severity.WARNING
        assert warning.hint == "if you meant 90%, write 90"
        assert at(warning) == ("facts.yaml", line_of(files["facts.yaml"], "rate_given"))
        assert report.ok

    def test_formula_without_hundred(self, tmp_path: Path) -> None:
        """A rate formula that forgets × 100 is a warning at the formula."""
        files = write_case(
            tmp_path, indicators=("staff_in_post / posts * 100", "staff_in_post / posts")
        )
        warning = only(validate([tmp_path]), "a fraction meant as")
        assert "multiply by 100" in (warning.hint or "")
        line = line_of(files["indicators.yaml"], "staff_in_post / posts")
        assert at(warning) == ("indicators.yaml", line)

    def test_score_command_warns(self, tmp_path: Path) -> None:
        """`scoring score` prints the same warning on stderr and still scores."""
        write_case(
            tmp_path,
            indicators=("spent / budget * 100", "rate_given"),
            facts=("spent: 90\n  budget: 100", "rate_given: 0.9"),
        )
        result = run("score", str(tmp_path / "facts.yaml"))
        assert result.returncode == 0
        assert "warning: 'execution_rate' is 0.9% against" in result.stderr.decode()


class TestBands:
    def test_gap(self, tmp_path: Path) -> None:
        """Bands that leave a gap are refused at the rule's bands."""
        files = write_case(tmp_path, indicators=('"[5, 10)"', '"[5, 9)"'))
        problem = only(validate([tmp_path]), "gap between bands [5, 9) and [10, +∞)")
        assert at(problem) == ("indicators.yaml", line_of(files["indicators.yaml"], "[10, +inf)"))

    def test_overlap(self, tmp_path: Path) -> None:
        """Bands that overlap are refused."""
        write_case(tmp_path, indicators=('"[5, 10)"', '"[5, 10]"'))
        only(validate([tmp_path]), "bands [5, 10] and [10, +∞) overlap")

    def test_value_outside_every_band(self, tmp_path: Path) -> None:
        """A value its rule cannot score is an error at the value's line (the hook the
        qualitative rule uses for a score outside its band)."""
        files = write_case(
            tmp_path,
            indicators=('\n        - {range: "(-inf, 5)", points: 0}', ""),
            facts=("events: 12", "events: 3"),
        )
        problem = only(validate([tmp_path]), "falls in none of the bands")
        assert at(problem) == ("facts.yaml", line_of(files["facts.yaml"], "events: 3"))
