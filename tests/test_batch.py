"""Batch scoring: tables in, one outcome per row out, identical to scoring each row alone."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Scorecard, load_case, score
from scoring.batch import Failed, Scored, score_table
from scoring.cli import main
from scoring.core.errors import ScoringError
from scoring.core.numbers import plain
from scoring.core.record import evolve
from scoring.files.tables import FactTable, check_targets, load_rules, load_table, read_csv
from scoring.rendering.batch import render_batch_csv

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
RULES = ["--indicators", "department-common", "education-sports", "--weights", "yueyang-education"]
CASE = load_case(EXAMPLE)
BASE: dict[str, object] = {name: fact.value for name, fact in CASE.facts.facts.items()}
NAMES = sorted(BASE)
ENGINES = ["exact", "columnar"]
# Each example scores a whole table several times: the profile's count, at most 60.
PROPERTY = settings(max_examples=min(60, settings.default.max_examples))


def cell(value: object) -> str:
    """A fact as a CSV cell: a list of items met is written a|b|c."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "|".join(value)
    return str(value)


def csv_text(rows: list[Mapping[str, object]], names: list[str] = NAMES) -> str:
    """A CSV table: unit, year, then ``names``; None is an empty cell."""
    lines = [",".join(["unit", "year", *names])]
    for i, row in enumerate(rows):
        cells = [str(row.get("unit", f"单位{i + 1}")), str(row.get("year", 2023))]
        cells += [cell(row.get(name, BASE.get(name))) for name in names]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


class TestCsvTable:
    def test_cells_are_read_as_decimal_text(self) -> None:
        """A cell such as 0.1 becomes Decimal('0.1') exactly, never via float."""
        table = read_csv("unit,year,x\nA,2023,0.1\nB,2023,-12.50\n")
        assert table.facts(0).facts["x"].value == Decimal("0.1")
        assert str(table.facts(1).facts["x"].value) == "-12.50"

    def test_empty_cell_is_a_missing_fact_not_zero(self) -> None:
        """An empty cell leaves the fact out of the row; it is not read as 0."""
        table = read_csv("unit,year,x,y\nA,2023,,5\n")
        assert "x" not in table.facts(0).facts
        assert table.facts(0).facts["y"].value == 5

    def test_bad_cell_is_reported_with_row_and_line(self) -> None:
        """A cell that starts like a number but is not one fails its row, naming row
        number, line and fact."""
        table = read_csv("unit,year,x\nA,2023,1\n\nB,2023,95%\nC,2023,37.24万元\n", "t.csv")
        assert sorted(table.problems) == [1, 2]
        percent = table.problems[1][0]
        assert percent.line().startswith("t.csv:4: row 2: fact 'x' must be a number")
        assert percent.hint is not None
        assert "write the plain number 95" in percent.hint
        assert table.problems[2][0].location is not None
        assert table.problems[2][0].location.line == 5

    def test_cells_in_words_are_facts_as_in_a_facts_file(self) -> None:
        """true/false, a month, items met (a|b) and a level's name are read as such."""
        table = read_csv("unit,year,a,b,c,d\nA,2023,true,7月,exists|lawful,无结余\n")
        facts = {k: f.value for k, f in table.facts(0).facts.items()}
        assert facts["a"] is True
        assert facts["c"] == ("exists", "lawful")
        assert facts["d"] == "无结余"
        assert facts["b"] != "7月"  # a month, not text
        assert not table.problems

    def test_line_numbers_follow_quoted_cells_over_several_lines(self) -> None:
        """A quoted unit name spanning two lines moves the next row's line number on."""
        table = read_csv('unit,year,x\n"A\nB",2023,1\nC,2023,95%\n', "t.csv")
        assert table.heads[0].unit == "A\nB"
        assert table.problems[1][0].line().startswith("t.csv:4: row 2:")

    def test_wrong_number_of_cells_fails_the_row(self) -> None:
        """A row with more or fewer cells than the header fails, saying how many."""
        table = read_csv("unit,year,x\nA,2023,1,2\nB,2023,3\n")
        assert "has 4 cells, the header has 3" in table.problems[0][0].message
        assert 1 not in table.problems

    @pytest.mark.parametrize(
        "text",
        ["unit,year,x\nA,2023,1,5\nB,2023,\n", "unit,year,x,y\nA,2023,1,2,3,4\nB,2023,\n"],
    )
    def test_a_row_too_wide_beside_one_too_short_is_said(self, text: str) -> None:
        """Row 1 has cells too many, row 2 none after its year or an empty x: row 1 is
        said to be as wide as it is, and row 2's x is missing, not one of row 1's
        cells (the NumPy reader skipped row 2's empty line of facts and took row 1's
        cells for both rows': 1 and 5 for x, or 1, 2 and 3, 4 for x and y)."""
        table = read_csv(text, "t.csv")
        cells = len(text.splitlines()[1].split(","))
        header = len(text.splitlines()[0].split(","))
        assert (
            table.problems[0][0]
            .line()
            .startswith(f"t.csv:2: row 1: has {cells} cells, the header has {header} (hint:")
        )
        assert "x" not in table.facts(1).facts
        assert not table.parsed

    def test_bad_year_and_empty_unit_fail_the_row(self) -> None:
        """A year outside 1900-2999 and an empty unit are both reported for the row."""
        table = read_csv("unit,year,x\n,20x3,1\n")
        messages = [p.message for p in table.problems[0]]
        assert messages == [
            "row 1: the unit is empty",
            "row 1: year '20x3' is not a year from 1900 to 2999",
        ]
        # Every problem says what to do: here, what to fill in.
        assert table.problems[0][0].hint == "write the unit's name in the row's 'unit' (单位) cell"

    @pytest.mark.parametrize(
        ("year", "hint"),
        [
            ("2023年", "write the year's number alone: 2023"),
            ("2023 年度", "write the year's number alone: 2023"),
            ("23", "write the year as four digits, such as 2023"),
        ],
    )
    def test_bad_year_says_what_to_write(self, year: str, hint: str) -> None:
        """A year as a clerk writes it (2023年) fails its row, with the number meant."""
        table = read_csv(f"unit,year,x\n甲,{year},1\n", "t.csv")
        (problem,) = table.problems[0]
        assert problem.line() == (
            f"t.csv:2: row 1: year {year!r} is not a year from 1900 to 2999 (hint: {hint})"
        )

    def test_a_line_of_commas_is_one_problem(self) -> None:
        """,, as Excel writes for formatted cells below the table: the row fails, once, with
        what to do, not for an empty unit and then for a year '' that is no year."""
        table = read_csv("unit,year,x\n甲,2023,1\n,,\n", "t.csv")
        assert list(table.problems) == [1]
        (problem,) = table.problems[1]
        assert problem.line() == (
            "t.csv:3: row 2 has no unit and no year (hint: fill them in, or delete the line if it"
            " is empty (Excel writes lines of commas for cells formatted below the table))"
        )

    def test_header_without_unit_or_year_is_refused(self) -> None:
        """A header lacking unit or year stops the whole table, naming each missing column."""
        with pytest.raises(ScoringError) as info:
            read_csv("name,x\nA,1\n", "t.csv")
        lines = [p.line() for p in info.value.problems]
        assert len(lines) == 2
        assert all(line.startswith("t.csv:1: the header has no") for line in lines)


CELL = st.one_of(
    st.just(""),
    st.decimals(min_value=-1000, max_value=1000, places=3).map(str),
    st.integers(0, 10**20).map(str),
    st.sampled_from(["0", "+5", ".5", "5.", "-0.0", "0.1000000000000000001"]),
)


class TestFastReaderAgreesWithGeneralReader:
    @PROPERTY
    @given(
        cells=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8),
        with_en=st.booleans(),
    )
    def test_same_table_with_and_without_numpy(self, cells: list[list[str]], with_en: bool) -> None:
        """The NumPy reader of plain CSV gives the same rows, cells and problems as the
        cell-by-cell reader."""
        head = "unit,year,unit_en,a,b,c" if with_en else "unit,year,a,b,c"
        extra = ",Unit" if with_en else ""
        text = (
            head
            + "\n"
            + "".join(f"单位{i},2023{extra},{','.join(r)}\n" for i, r in enumerate(cells))
        )
        fast = read_csv(text, "t.csv")
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(sys.modules, "numpy", None)
            general = read_csv(text, "t.csv")
        assert not general.parsed
        assert fast.heads == general.heads
        assert fast.names == general.names
        assert [fast.cells(i) for i in range(len(fast))] == [
            general.cells(i) for i in range(len(general))
        ]
        assert {i: [p.line() for p in ps] for i, ps in fast.problems.items()} == {
            i: [p.line() for p in ps] for i, ps in general.problems.items()
        }

    def test_plain_csv_is_parsed_in_one_pass(self) -> None:
        """A plain table comes with its columns parsed; a quoted one is read cell by cell."""
        assert "x" in read_csv("unit,year,x\nA,2023,1.5\n").parsed
        assert not read_csv('unit,year,x\n"A",2023,1.5\n').parsed


class TestYamlAndJsonTables:
    def test_yaml_list_of_rows_with_targets(self, tmp_path: Path) -> None:
        """A YAML list of rows reads facts and per-row targets; a bad row keeps its number."""
        path = tmp_path / "t.yaml"
        path.write_text(
            "- unit: 甲\n  year: 2023\n  facts: {a: 1.5}\n"
            "  targets: {key_university_rate: {target: '>= 30%'}}\n"
            "- unit: 乙\n  year: 2023\n  facts: {a: ''}\n",
            encoding="utf-8",
        )
        table = load_table(path).table
        rules = load_rules(["department-common", "education-sports"], "yueyang-education")
        check_targets(table, rules.indicators)
        assert table.facts(0).facts["a"].value == Decimal("1.5")
        assert table.facts(0).targets["key_university_rate"].target.value == 30
        assert table.facts(0).targets["key_university_rate"].target.unit == "%"
        assert list(table.problems) == [1]
        assert table.problems[1][0].line().startswith(f"{path}:7:")
        assert table.problems[1][0].message == "row 2: fact 'a' is empty"

    def test_json_mapping_names_its_rules(self, tmp_path: Path) -> None:
        """A JSON table may name its indicator and weights files next to its rows."""
        path = tmp_path / "t.json"
        doc = {
            "indicators": ["department-common", "education-sports"],
            "weights": "yueyang-education",
            "rows": [{"unit": "甲", "year": 2023, "facts": {k: str(v) for k, v in BASE.items()}}],
        }
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        loaded = load_table(path)
        assert loaded.indicator_refs == ("department-common", "education-sports")
        assert loaded.weights_ref == "yueyang-education"
        assert loaded.table.facts(0).facts["spending"].value == Decimal("5070.36")

    def test_indicator_reference_that_is_not_text(self, tmp_path: Path) -> None:
        """A number among the table's indicator files is an error, not silently left out."""
        path = tmp_path / "t.yaml"
        path.write_text(
            "indicators: [department-common, 5]\nweights: yueyang-education\n"
            "rows:\n- {unit: 甲, year: 2023, facts: {a: 1}}\n",
            encoding="utf-8",
        )
        with pytest.raises(ScoringError) as info:
            load_table(path)
        assert info.value.line() == (
            f"{path}:1:33: an indicator file reference must be text (hint: found a number here)"
        )


@pytest.mark.parametrize("engine", ENGINES)
class TestBatchScoring:
    def test_every_row_has_an_outcome_in_table_order(self, engine: str) -> None:
        """Scored and failed rows all come back, in table order, none dropped."""
        table = read_csv(
            csv_text([{}, {"budget": None}, {"spending": "x"}, {"staff_in_post": 90}]), "t.csv"
        )
        result = score_table(CASE.indicators, CASE.weights, table, engine=engine)
        assert [o.head.number for o in result.outcomes] == [1, 2, 3, 4]
        assert [type(o) for o in result.outcomes] == [Scored, Failed, Failed, Scored]
        assert (result.scored, result.failed) == (2, 2)
        first, missing, _, over = result.outcomes
        assert isinstance(first, Scored)
        assert first.total == Decimal("99.88")
        assert first.grade.name == "优"
        assert isinstance(missing, Failed)
        assert missing.problems[0].line().startswith("t.csv:3: row 2: missing facts: budget")
        # 90 in post of 85 posts is 105.88%: 5.88 points over, 0.5 off each: 2.06 of 5.
        assert isinstance(over, Scored)
        assert over.points[0] == Decimal("2.06")
        assert over.total == Decimal("96.94")

    def test_rows_left_out_keep_every_other_row_in_its_column(
        self, engine: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A row the missing-facts policy drops has no points; the rest stay under their ids."""
        weights = evolve(CASE.weights, missing_facts="not-applicable")
        table = read_csv(csv_text([{"budget": None}]), "t.csv")
        result = score_table(CASE.indicators, weights, table, engine=engine)
        (outcome,) = result.outcomes
        assert isinstance(outcome, Scored)
        points = dict(zip(result.indicator_ids, outcome.points, strict=True))
        # budget_execution_rate (6) and budget_adjustment_rate (3) read the budget: the
        # other 91 points are rescaled to 100, so 6 points count 6 × 100 / 91 = 6.59.
        assert points["budget_execution_rate"] is None
        assert points["budget_adjustment_rate"] is None
        assert points["three_public_control_rate"] == Decimal("6.59")
        assert points["staff_control_rate"] == Decimal("5.49")
        header, row = render_batch_csv(result).splitlines()
        cells = dict(zip(header.split(","), row.split(","), strict=True))
        assert (cells["budget_execution_rate"], cells["three_public_control_rate"]) == ("", "6.59")

    def test_fail_fast_stops_at_the_first_failed_row(self, engine: str) -> None:
        """With fail_fast the outcomes end at the first failed row, marked as stopped."""
        table = read_csv(csv_text([{}, {"budget": None}, {}]))
        result = score_table(CASE.indicators, CASE.weights, table, engine=engine, fail_fast=True)
        assert [type(o) for o in result.outcomes] == [Scored, Failed]
        assert result.stopped

    def test_ranking_shares_ranks_on_ties_and_puts_failures_last(self, engine: str) -> None:
        """Ranks go by total, highest first; equal totals share a rank; failed rows come last."""
        rows = [{"key_university_rate": 30}, {"budget": None}, {}, {}, {"sports_events_held": 50}]
        table = read_csv(csv_text(rows))
        result = score_table(CASE.indicators, CASE.weights, table, engine=engine).ranked()
        order = [(o.head.number, getattr(o, "rank", None)) for o in result.outcomes]
        assert order == [(3, 1), (4, 1), (1, 3), (5, 4), (2, None)]

    def test_progress_is_reported_up_to_all_rows(self, engine: str) -> None:
        """The progress callback ends with (rows, rows)."""
        calls: list[tuple[int, int]] = []
        table = read_csv(csv_text([{}] * 5))
        score_table(
            CASE.indicators,
            CASE.weights,
            table,
            engine=engine,
            progress=lambda d, t: calls.append((d, t)),
        )
        assert calls[-1] == (5, 5)


@pytest.mark.parametrize("engine", ENGINES)
class TestRowTargets:
    def test_row_targets_score_or_fail_as_alone(self, engine: str, tmp_path: Path) -> None:
        """A row's own target is used for that row only; one that does not fit the rule
        fails the row, as it fails the facts file alone."""
        facts = ", ".join(
            f"{k}: [{', '.join(v)}]" if isinstance(v, tuple) else f"{k}: {v}"
            for k, v in BASE.items()
        )
        path = tmp_path / "t.yaml"
        path.write_text(
            "".join(
                f"- unit: 单位{i}\n  year: 2023\n  facts: {{{facts}}}\n"
                f"  targets: {{key_university_rate: {{target: '{t}'}}}}\n"
                for i, t in enumerate([">= 30%", "<= 30%"])
            )
            + f"- unit: 单位2\n  year: 2023\n  facts: {{{facts}}}\n",
            encoding="utf-8",
        )
        table = load_table(path).table
        check_targets(table, CASE.indicators)
        result = score_table(CASE.indicators, CASE.weights, table, engine=engine)
        met, wrong, default = result.outcomes
        # 34.16% meets a 30% target: full 5 points instead of 4.88.
        assert isinstance(met, Scored)
        assert met.total == Decimal("100.00")
        assert isinstance(wrong, Failed)
        assert "the target set for 'key_university_rate' does not fit its rule" in (
            wrong.problems[0].message
        )
        assert isinstance(default, Scored)
        assert default.total == Decimal("99.88")


# --------------------------------------------------------------------------- the property

FACT_VALUE = st.one_of(
    st.decimals(min_value=0, max_value=200, places=2),
    st.decimals(min_value=-5, max_value=10_000, places=4),
    st.integers(0, 120).map(Decimal),
)


@st.composite
def tables(draw: st.DrawFn) -> list[dict[str, Decimal | None]]:
    """Rows near the example's facts: some changed, some missing, some exactly equal."""
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        row: dict[str, Decimal | None] = {}
        for name in draw(st.lists(st.sampled_from(NAMES), max_size=6, unique=True)):
            row[name] = draw(st.one_of(FACT_VALUE, st.none(), st.sampled_from(list(BASE.values()))))
        rows.append(row)
    return rows


def one_unit(table: FactTable, index: int) -> Scorecard | ScoringError:
    """The row scored alone by the one-unit engine, or the error it raises."""
    try:
        return score(CASE.indicators, CASE.weights, table.facts(index))
    except ScoringError as exc:
        return exc


class TestBatchEqualsOneUnit:
    @PROPERTY
    @given(rows=tables())
    def test_batch_matches_scoring_each_row_alone(
        self, rows: list[dict[str, Decimal | None]]
    ) -> None:
        """Every engine gives each row the total, grade and points the one-unit engine gives,
        and fails exactly the rows it fails, with the same reason."""
        table = read_csv(csv_text(rows), "t.csv")
        for engine in ENGINES:
            result = score_table(CASE.indicators, CASE.weights, table, engine=engine)
            assert len(result.outcomes) == len(rows)
            for index, outcome in enumerate(result.outcomes):
                card = one_unit(table, index)
                if isinstance(card, ScoringError):
                    assert isinstance(outcome, Failed), engine
                    assert [p.message for p in card.problems] == [
                        p.message.split(": ", 1)[1].rsplit(" (at ", 1)[0] for p in outcome.problems
                    ]
                    continue
                assert isinstance(outcome, Scored), (engine, outcome)
                assert outcome.total == card.total
                assert outcome.grade == card.grade
                assert outcome.points == tuple(r.points for r in card.rows)


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(csv_text([{}, {"budget": None}, {"key_university_rate": 30}]), encoding="utf-8")
    return path


class TestBatchCommand:
    def test_writes_csv_and_exits_2_when_a_row_failed(
        self, table_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every row is in the output; bad rows are on stderr with the summary; exit 2."""
        code, out, err = run_cli(["batch", str(table_file), *RULES], capsys)
        assert code == 2
        # A BOM first, so that Excel on Chinese Windows reads UTF-8, not GBK.
        assert out.startswith("\ufeffrow,")
        lines = out.removeprefix("\ufeff").splitlines()
        assert lines[0].startswith("row,line,unit,unit_en,year,status,total,grade,grade_en,")
        assert lines[1].startswith("1,2,单位1,,2023,scored,99.88,优,excellent,5.00,")
        assert lines[2].startswith("2,3,单位2,,2023,failed,,,,")
        assert "missing facts: budget" in lines[2]
        # 30% against the 35% target: 30 / 35 x 5 = 4.2857, 4.29 instead of 4.88.
        assert lines[3].startswith("3,4,单位3,,2023,scored,99.29,")
        assert ",4.29," in lines[3]
        assert f"scoring: error: {table_file}:3: row 2: missing facts: budget" in err
        assert err.rstrip().endswith("scoring: 2 of 3 rows scored, 1 failed")
        assert "\r" not in err  # no progress line when stderr is not a terminal

    def test_exit_0_and_json_when_every_row_scores(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A clean table exits 0; the JSON output has a summary and points per indicator."""
        path = tmp_path / "t.csv"
        path.write_text(csv_text([{}, {}]), encoding="utf-8")
        code, out, err = run_cli(["batch", str(path), *RULES, "--format", "json"], capsys)
        assert code == 0
        doc = json.loads(out)
        assert doc["summary"] == {"rows": 2, "scored": 2, "failed": 0, "stopped": False}
        assert doc["rows"][0]["total"] == 99.88
        assert doc["rows"][0]["points"]["key_university_rate"] == 4.88
        assert err == "scoring: 2 of 2 rows scored, 0 failed\n"

    def test_rank_adds_a_rank_column_in_rank_order(
        self, table_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--rank writes a rank column and orders rows by it, failed rows last."""
        out_file = tmp_path / "out.csv"
        code, out, _ = run_cli(
            ["batch", str(table_file), *RULES, "--rank", "-o", str(out_file)], capsys
        )
        assert code == 2
        assert out == ""
        rows = out_file.read_text(encoding="utf-8-sig").splitlines()
        assert rows[0].startswith("row,line,unit,unit_en,year,status,rank,total,")
        assert [r.split(",")[:7] for r in rows[1:]] == [
            ["1", "2", "单位1", "", "2023", "scored", "1"],
            ["3", "4", "单位3", "", "2023", "scored", "2"],
            ["2", "3", "单位2", "", "2023", "failed", ""],
        ]

    def test_fail_fast_writes_nothing(
        self, table_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--fail-fast stops at the first bad row, writes no output file and exits 2."""
        out_file = tmp_path / "out.csv"
        code, _, err = run_cli(
            ["batch", str(table_file), *RULES, "--fail-fast", "-o", str(out_file)], capsys
        )
        assert code == 2
        assert not out_file.exists()
        assert "1 of 3 rows scored, 1 failed; stopped at the first failed row" in err

    @pytest.mark.parametrize("fmt", ["csv", "json"])
    def test_output_is_byte_identical_across_runs_and_engines(
        self, table_file: Path, fmt: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same table gives the same bytes, run after run and engine after engine."""
        outputs = {
            run_cli(["batch", str(table_file), *RULES, "--format", fmt, "--engine", e], capsys)[1]
            for e in ["exact", "columnar", "columnar", "auto"]
        }
        assert len(outputs) == 1

    def test_unusable_rules_exit_2_without_output(
        self, table_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing weights profile is one error line and exit 2, no traceback."""
        code, out, err = run_cli(
            ["batch", str(table_file), "--indicators", "department-common"], capsys
        )
        assert code == 2
        assert out == ""
        assert err.startswith("scoring: error: <command line>: no weights profile given")

    def test_progress_line_on_a_terminal(
        self, table_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When stderr is a terminal a progress line is drawn and cleared before the summary;
        for a CSV table it counts the file's bytes."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        fake = Terminal()
        monkeypatch.setattr(sys, "stderr", fake)
        main(["batch", str(table_file), *RULES])
        size = table_file.stat().st_size
        assert f"\rscoring: 100% of {size} B\x1b[K\r\x1b[K" in fake.getvalue()
        assert fake.getvalue().endswith("scoring: 2 of 3 rows scored, 1 failed\n")

    def test_progress_line_while_rows_are_written_in_rank_order(
        self, table_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --rank, once every row is scored, the copying out in rank order is shown too
        (0% before the first row, 100% after the last), then cleared."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        fake = Terminal()
        monkeypatch.setattr(sys, "stderr", fake)
        main(["batch", str(table_file), *RULES, "--rank"])
        said = fake.getvalue()
        first = said.index("\rscoring:   0% of 3 rows written in rank order\x1b[K")
        last = said.index("\rscoring: 100% of 3 rows written in rank order\x1b[K\r\x1b[K")
        assert said.index("100% of") < first < last  # after the file was read
        assert said.endswith("scoring: 2 of 3 rows scored, 1 failed\n")

    def test_works_without_numpy(self, table_file: Path) -> None:
        """With NumPy unavailable the command still scores, using the exact engine."""
        code = (
            "import sys; sys.modules['numpy'] = None\n"
            "from scoring.cli import main\n"
            f"sys.exit(main(['batch', {str(table_file)!r}, *{RULES!r}]))\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
        assert result.returncode == 2, result.stderr.decode()
        assert "1,2,单位1,,2023,scored,99.88," in result.stdout.decode("utf-8")
        forced = subprocess.run(
            [sys.executable, "-c", code.replace("]))", ", '--engine', 'columnar']))")],
            capture_output=True,
            check=False,
        )
        assert forced.returncode == 2
        assert "the columnar engine needs NumPy" in forced.stderr.decode()


class TestFromFacts:
    def test_table_of_loaded_facts_scores_like_the_facts(self) -> None:
        """A table made from Facts objects keeps their values and targets exactly."""
        table = FactTable.from_facts([CASE.facts])
        assert table.facts(0).facts["spending"].value == CASE.facts.facts["spending"].value
        result = score_table(CASE.indicators, CASE.weights, table)
        outcome = result.outcomes[0]
        assert isinstance(outcome, Scored)
        assert outcome.total == Decimal("99.88")
        assert plain(outcome.points[-3]) == "4.88"
