"""DataFrames in, DataFrames out: pandas and polars scored exactly as ``scoring batch``.

Figures worked by hand from docs/examples/small-*.yaml: staff 81 / 85 =
95.29% ≤ 100% earns all 5 points; budget execution 37.24 / 43.2 = 86.2037% of
10 points is 8.62; key-university rate 34.16 / 35 × 5 = 4.88; total 18.50 of
20, grade 优 (18 and above).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies_frames import cell, column_kinds, frame_value, tables

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

from scoring import (  # noqa: E402
    InputError,
    ScoringWarning,
    load_case,
    read_csv,
    score_frame,
    score_table,
)
from scoring.batch.detail import DETAIL_COLUMNS, ENGLISH_COLUMNS  # noqa: E402
from scoring.batch.frames import LONG_COLUMNS, WIDE_COLUMNS, read_frame  # noqa: E402
from scoring.cli import main  # noqa: E402
from scoring.core.record import evolve  # noqa: E402
from scoring.files.tables import load_rules  # noqa: E402
from scoring.rendering.batch import render_batch_csv  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "examples"
SMALL = load_rules([str(DOCS / "small-indicators.yaml")], str(DOCS / "small-weights.yaml"))
IDS = ["staff_control_rate", "budget_execution_rate", "key_university_rate"]
ROW = {
    "unit": "示例单位",
    "year": 2023,
    "staff_in_post": 81,
    "authorized_posts": 85,
    "spending": 37.24,
    "budget": 43.2,
    "key_university_rate": 34.16,
}


def frame(lib: str, rows: list[dict[str, Any]], **options: Any) -> Any:
    """A frame of ``rows`` (each ROW with changes) in ``lib``; each row its own unit
    (示例单位, 示例单位2, ...), as a row repeating a unit-year is warned about."""
    data = [
        {**ROW, "unit": f"示例单位{i + 1}" if i else ROW["unit"], **row}
        for i, row in enumerate(rows)
    ]
    if lib == "pandas":
        return pd.DataFrame(data, **options)
    return pl.DataFrame(data, **options)


def scored(data: Any, **options: Any) -> Any:
    return score_frame(data, indicators=SMALL.indicators, weights=SMALL.weights, **options)


def records(result: Any) -> list[dict[str, Any]]:
    """The rows of a result frame as dicts, missing values as None, whatever the library."""
    if isinstance(result, pl.DataFrame):
        return result.to_dicts()
    plain = result.astype(object).where(result.notna(), None)
    return [dict(zip(plain.columns, row, strict=True)) for row in plain.itertuples(index=False)]


LIBS = pytest.mark.parametrize("lib", ["pandas", "polars"])


@LIBS
class TestWide:
    def test_one_row_per_input_row_with_the_sheets_points(self, lib: str) -> None:
        """Total, grade and each indicator's points as the scorecard has them."""
        result = scored(frame(lib, [{}, {"key_university_rate": 30}]))
        assert type(result) is type(frame(lib, [{}]))
        assert list(result.columns) == ["unit", "year", *WIDE_COLUMNS, *IDS]
        first, second = records(result)
        assert first["status"] == "scored"
        assert first["total"] == 18.5
        assert (first["grade"], first["grade_en"]) == ("优", "excellent")
        assert first["reason"] is None
        assert [first[i] for i in IDS] == [5.0, 8.62, 4.88]
        # 30 / 35 × 5 = 4.2857: 4.29; total 5 + 8.62 + 4.29 = 17.91, grade 良 (16 to 18).
        assert (second["key_university_rate"], second["total"], second["grade"]) == (
            4.29,
            17.91,
            "良",
        )

    def test_points_are_floats_that_print_as_the_sheet(self, lib: str) -> None:
        """The float of 8.62 is the float nearest 8.62: repr prints 8.62, never 8.619999."""
        (row,) = records(scored(frame(lib, [{}])))
        assert [repr(row[i]) for i in IDS] == ["5.0", "8.62", "4.88"]
        assert isinstance(row["total"], float)

    def test_exact_gives_decimals(self, lib: str) -> None:
        (row,) = records(scored(frame(lib, [{}]), exact=True))
        assert [row[i] for i in IDS] == [Decimal("5.00"), Decimal("8.62"), Decimal("4.88")]
        assert row["total"] == Decimal("18.50")
        assert str(row["total"]) == "18.50"

    def test_a_failed_row_says_why_and_has_no_points(self, lib: str) -> None:
        """A missing fact is never zero: the row fails, naming it, and its points are empty."""
        result = records(scored(frame(lib, [{"budget": None}, {}])))
        failed, fine = result
        assert failed["status"] == "failed"
        assert failed["total"] is None
        assert failed["grade"] is None
        assert [failed[i] for i in IDS] == [None, None, None]
        assert failed["reason"].startswith("missing facts: budget (for budget_execution_rate)")
        assert "row 1" not in failed["reason"]
        assert fine["total"] == 18.5

    def test_unit_and_year_come_back_as_given(self, lib: str) -> None:
        """A categorical unit column is read, and returned as it was."""
        data = frame(lib, [{"unit": "甲"}, {"unit": "乙"}, {"unit": "甲"}])
        if lib == "pandas":
            data["unit"] = data["unit"].astype("category")
        else:
            data = data.with_columns(pl.col("unit").cast(pl.Categorical))
        with pytest.warns(ScoringWarning, match="row 3: 甲 2023 is also row 1"):
            result = scored(data)
        assert str(result["unit"].dtype) == str(data["unit"].dtype)
        assert list(result["unit"]) == ["甲", "乙", "甲"]
        assert list(result["status"]) == ["scored"] * 3

    def test_a_float_read_as_its_shortest_decimal_form(self, lib: str) -> None:
        """34.265 is read as 34.265: 34.265 / 35 × 5 = 4.895, half up 4.90."""
        (row,) = records(scored(frame(lib, [{"key_university_rate": 34.265}])))
        assert row["key_university_rate"] == 4.9

    def test_a_float_from_arithmetic_fails_its_row(self, lib: str) -> None:
        """0.1 + 0.2 is 0.30000000000000004 in floats: reported, not scored as 17 digits."""
        rows = [{"key_university_rate": 0.1 + 0.2}, {"key_university_rate": 0.3}]
        # 0.3% against ≥35% is warned about as a fraction that may mean 30%.
        with pytest.warns(ScoringWarning, match=r"row 2: 'key_university_rate' is 0\.3%"):
            failed, fine = records(scored(frame(lib, rows)))
        assert failed["status"] == "failed"
        assert failed["reason"].startswith(
            "fact 'key_university_rate' is the float 0.30000000000000004,"
            " with 17 significant digits"
        )
        assert "round the column first" in failed["reason"]
        # 0.3 / 35 × 5 = 0.042857: 0.04.
        assert fine["key_university_rate"] == 0.04

    def test_none_and_nan_are_missing_facts(self, lib: str) -> None:
        nan = float("nan")
        result = records(scored(frame(lib, [{"spending": nan}, {"staff_in_post": None}])))
        assert [r["status"] for r in result] == ["failed", "failed"]
        assert "missing facts: spending" in result[0]["reason"]
        assert "missing facts: staff_in_post" in result[1]["reason"]

    def test_an_unknown_column_is_named_with_the_closest_fact(self, lib: str) -> None:
        """As in a CSV table given to scoring batch: a warning with the closest fact, the
        column is not read, and the rows lacking the fact it may be fail saying so."""
        data = frame(lib, [{}])
        renamed = {"budget": "budgte"}
        data = data.rename(columns=renamed) if lib == "pandas" else data.rename(renamed)
        with pytest.warns(ScoringWarning) as caught:
            result = records(scored(data))
        (warning,) = caught
        assert str(warning.message) == (
            "<frame>: warning: fact 'budgte' is not read by any indicator of this case"
            " (hint: did you mean 'budget'?)"
        )
        assert [r["status"] for r in result] == ["failed"]
        assert "is 'budgte' 'budget' misspelt?" in result[0]["reason"]

    def test_an_extra_column_is_a_warning_and_the_rows_are_scored(self, lib: str) -> None:
        with pytest.warns(ScoringWarning, match="fact 'budjet' is not read by any indicator"):
            result = records(scored(frame(lib, [{"budjet": 40}, {"budjet": 41}])))
        assert [r["total"] for r in result] == [18.5, 18.5]

    @pytest.mark.parametrize("engine", ["exact", "columnar"])
    def test_a_rate_written_as_a_fraction_is_warned_about_as_in_batch(
        self, lib: str, engine: str
    ) -> None:
        """0.3416 where the unit is %: the warning scoring batch gives row 2, and still scored
        (0.3416 / 35 × 5 = 0.05; 5 + 8.62 + 0.05 = 13.67)."""
        data = frame(lib, [{}, {"key_university_rate": 0.3416}])
        with pytest.warns(ScoringWarning) as caught:
            result = records(scored(data, engine=engine))
        (warning,) = caught
        assert "row 2: 'key_university_rate' is 0.3416% against a target of ≥35%" in str(
            warning.message
        )
        assert [r["total"] for r in result] == [18.5, 13.67]

    @pytest.mark.parametrize("detail", ["wide", "long"])
    def test_a_repeated_unit_year_is_warned_about_as_in_batch(self, lib: str, detail: str) -> None:
        """Rows 1 and 3 are both 示例单位 2023: the warning scoring batch gives (no line: a
        frame has none), and both rows still scored."""
        data = frame(lib, [{}, {}, {"unit": "示例单位"}])
        with pytest.warns(ScoringWarning) as caught:
            result = records(scored(data, detail=detail))
        assert [str(w.message) for w in caught] == [
            "<frame>: warning: row 3: 示例单位 2023 is also row 1 (hint: score each unit-year"
            " once: remove the repeated row, or correct its unit or year)"
        ]
        assert {r["unit"] for r in result} == {"示例单位", "示例单位2"}

    def test_row_warnings_in_the_long_form_too(self, lib: str) -> None:
        """The fraction warning of row 2 (0.3416 where the unit is %), from detail="long"."""
        data = frame(lib, [{}, {"key_university_rate": 0.3416}])
        with pytest.warns(ScoringWarning) as caught:
            scored(data, detail="long")
        (warning,) = caught
        assert "row 2: 'key_university_rate' is 0.3416% against a target of ≥35%" in str(
            warning.message
        )

    def test_the_same_verdict_as_a_csv_table(self, lib: str, tmp_path: Path) -> None:
        """The CSV table with the same extra column: scored, one warning with the same words."""
        table = tmp_path / "t.csv"
        columns = [*ROW, "budjet"]
        table.write_text(
            ",".join(columns)
            + "\n"
            + ",".join(str({**ROW, "budjet": 40}[c]) for c in columns)
            + "\n",
            encoding="utf-8",
        )
        result = score_table(SMALL.indicators, SMALL.weights, read_csv(table.read_text(), "t.csv"))
        (warning,) = result.warnings
        with pytest.warns(ScoringWarning) as caught:
            scored(frame(lib, [{"budjet": 40}]))
        assert str(caught[0].message).split(": ", 1)[1] == warning.line().split(": ", 1)[1]

    def test_a_computed_indicator_is_not_a_column(self, lib: str) -> None:
        with pytest.raises(InputError) as caught:
            scored(frame(lib, [{"staff_control_rate": 95}]))
        assert "computed as staff_in_post / authorized_posts * 100" in str(caught.value)
        assert (
            caught.value.hint
            == "give the facts it is computed from: authorized_posts, staff_in_post"
        )

    def test_empty_frame_gives_an_empty_result_with_every_column(self, lib: str) -> None:
        """Without a warning (Dask scores an empty frame for the result's columns), where a
        file without rows is refused."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = scored(frame(lib, [{}])[:0])
        assert len(result) == 0
        assert list(result.columns) == ["unit", "year", *WIDE_COLUMNS, *IDS]


class TestPandasConventions:
    def test_the_index_is_not_read_and_comes_back(self) -> None:
        data = frame("pandas", [{}, {"key_university_rate": 30}], index=["a", "b"])
        result = scored(data)
        assert list(result.index) == ["a", "b"]
        assert list(result["total"]) == [18.5, 17.91]

    def test_a_frame_read_back_from_csv_with_its_index_column_names_it(
        self, tmp_path: Path
    ) -> None:
        """to_csv writes the index as a column with no name: that column is named as unknown."""
        path = tmp_path / "units.csv"
        frame("pandas", [{}]).to_csv(path)
        with pytest.raises(InputError, match="column 'Unnamed: 0' is not a fact"):
            scored(pd.read_csv(path))
        assert list(scored(pd.read_csv(path, index_col=0))["total"]) == [18.5]

    def test_nullable_integers_decimals_and_text(self) -> None:
        data = frame("pandas", [{}, {}, {}])
        data["staff_in_post"] = pd.array([81, None, 81], dtype="Int64")
        data["spending"] = [Decimal("37.24"), Decimal("37.24"), "37.24"]
        result = records(scored(data))
        assert [r["status"] for r in result] == ["scored", "failed", "scored"]
        assert [r["total"] for r in result] == [18.5, None, 18.5]

    def test_float32_is_read_in_its_own_shortest_form(self) -> None:
        """A float32 0.1 is 0.1, not the 0.10000000149011612 it is as a float64."""
        data = frame("pandas", [{}, {}])
        data["key_university_rate"] = np.array([34.16, np.nan], dtype=np.float32)
        first, second = records(scored(data))
        assert first["key_university_rate"] == 4.88
        assert second["status"] == "failed"

    def test_a_date_column_is_refused(self) -> None:
        data = frame("pandas", [{}])
        data["budget"] = pd.to_datetime(["2023-01-01"])
        with pytest.raises(InputError, match="column 'budget' holds datetime64"):
            scored(data)

    def test_a_non_frame_is_refused(self) -> None:
        with pytest.raises(TypeError, match="expected a pandas or polars DataFrame, not list"):
            scored([ROW])


class TestPolarsConventions:
    def test_decimal_and_null_columns(self) -> None:
        data = frame("polars", [{}, {}]).with_columns(
            pl.Series("budget", [Decimal("43.2"), None], dtype=pl.Decimal(10, 2))
        )
        first, second = records(scored(data))
        assert first["total"] == 18.5
        assert second["status"] == "failed"

    def test_a_lazy_frame_is_collected_first(self) -> None:
        with pytest.raises(TypeError, match="collect"):
            scored(frame("polars", [{}]).lazy())


@LIBS
class TestUnitCodes:
    def test_a_unit_column_of_numbers_is_warned_of(self, lib: str) -> None:
        """Codes read as numbers (pandas reads 00123 as 123) have lost their leading zeros:
        the frame cannot say which, so a column of numbers is warned of, once, and scored."""
        data = frame(lib, [{"unit": 123}, {"unit": 456}])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = records(scored(data))
        said = [str(w.message) for w in caught if "holds numbers, not text" in str(w.message)]
        assert len(said) == 1
        assert "column 'unit'" in said[0]
        assert "00123 becomes 123" in said[0]
        assert ("dtype={'unit': str}" if lib == "pandas" else "pl.String") in said[0]
        assert [r["total"] for r in result] == [18.5, 18.5]

    def test_a_unit_column_of_text_is_not(self, lib: str) -> None:
        """Named units, and codes kept as text ("00123"), are no cause for a warning."""
        data = frame(lib, [{"unit": "00123"}, {}])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scored(data)
        assert not [w for w in caught if "holds numbers, not text" in str(w.message)]


@LIBS
class TestLong:
    def test_one_row_per_unit_year_and_indicator_with_what_the_sheet_shows(self, lib: str) -> None:
        result = scored(frame(lib, [{}, {"budget": None}]), detail="long")
        assert list(result.columns) == ["unit", "year", *LONG_COLUMNS]
        rows = records(result)
        assert len(rows) == 2 * 3
        staff, budget, key = rows[:3]
        assert staff["indicator"] == "staff_control_rate"
        assert staff["name"] == "在职人员控制率"
        assert round(staff["value"], 6) == 95.294118  # 81 / 85 × 100
        assert staff["value_text"] == "95.29%"
        assert (staff["target"], staff["target_value"]) == ("≤100%", 100.0)
        assert (staff["max_points"], staff["points"], staff["lost"]) == (5.0, 5.0, 0.0)
        assert staff["met"] is True
        assert staff["rule"] == "deduction_per_unit"
        assert staff["explanation"].startswith("在职人员控制率 = 81 ÷ 85 × 100 = 95.29%")
        assert staff["explanation_en"].startswith("Staff control rate = 81 / 85 * 100 = 95.29%")
        assert staff["assumed"] is False
        # 37.24 / 43.2 = 86.20%: 8.62 of 10, 1.38 lost, target 100% not met.
        assert (budget["points"], budget["lost"], budget["met"]) == (8.62, 1.38, False)
        assert key["value"] == 34.16
        failed = rows[3:]
        assert [r["status"] for r in failed] == ["failed"] * 3
        assert [r["indicator"] for r in failed] == IDS
        assert [r["max_points"] for r in failed] == [5.0, 10.0, 5.0]
        assert all(r["points"] is None and r["value"] is None for r in failed)
        assert failed[0]["reason"].startswith("missing facts: budget")

    def test_exact_long_form_has_decimals(self, lib: str) -> None:
        rows = records(scored(frame(lib, [{}]), detail="long", exact=True))
        assert [r["points"] for r in rows] == [Decimal("5.00"), Decimal("8.62"), Decimal("4.88")]
        assert rows[2]["value"] == Decimal("34.16")


class TestPartitions:
    @LIBS
    def test_scoring_by_partition_gives_the_one_call_result(self, lib: str) -> None:
        """A pure function of its partition: the pieces put together equal the whole."""
        rows = [{"key_university_rate": 30 + k / 4, "unit": f"单位{k}"} for k in range(10)] + [
            {"budget": None},
            {"key_university_rate": 0.1 + 0.2},
        ]
        data = frame(lib, rows)
        for detail in ("wide", "long"):
            whole = scored(data, detail=detail)
            parts = [scored(data[i : i + 5], detail=detail) for i in range(0, len(rows), 5)]
            if lib == "pandas":
                pd.testing.assert_frame_equal(pd.concat(parts), whole)
            else:
                assert pl.concat(parts).equals(whole)
            assert len(parts) == 3


def test_reading_does_not_import_the_other_library() -> None:
    """Neither library is imported by scoring itself, nor by reading the other's frame."""
    code = (
        "import sys, scoring, scoring.batch.frames\n"
        "assert 'pandas' not in sys.modules and 'polars' not in sys.modules\n"
        "scoring.score_frame\n"
        "assert 'pandas' not in sys.modules and 'polars' not in sys.modules\n"
        "import polars as pl\n"
        "frame = pl.DataFrame({'unit': ['a'], 'year': [2023], 'key_university_rate': [34.16]})\n"
        "from scoring.batch.frames import library\n"
        "assert library(frame) == 'polars'\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_read_frame_gives_the_table_score_table_takes() -> None:
    table = read_frame(frame("pandas", [{}, {"budget": None}]), SMALL.indicators)
    assert len(table) == 2
    assert table.facts(0).facts["spending"].value == Decimal("37.24")
    assert "budget" not in table.facts(1).facts
    assert DETAIL_COLUMNS[0] == "indicator"


# --------------------------------------------------------------------------- the property

CASE = load_case(ROOT / "examples" / "yueyang-education-2023.yaml")
BASE: dict[str, object] = {name: fact.value for name, fact in CASE.facts.facts.items()}
NAMES = sorted(BASE)
PROPERTY = settings(max_examples=min(40, settings.default.max_examples))


def csv_text(rows: list[dict[str, object]]) -> str:
    lines = [",".join(["unit", "year", *NAMES])]
    lines += [
        ",".join([f"单位{i}", "2023", *(cell(r[n]) for n in NAMES)]) for i, r in enumerate(rows)
    ]
    return "\n".join(lines) + "\n"


def build(lib: str, rows: list[dict[str, object]], kinds: dict[str, str]) -> Any:
    data: dict[str, list[object]] = {
        "unit": [f"单位{i}" for i in range(len(rows))],
        "year": [2023] * len(rows),
    }
    for name in NAMES:
        kind = kinds[name] if isinstance(BASE[name], Decimal) else "text"
        data[name] = [frame_value(r[name], kind) for r in rows]
    if lib == "pandas":
        return pd.DataFrame(
            {k: pd.Series(v, dtype=_pandas_dtype(kinds, k)) for k, v in data.items()}
        )
    schema = {k: _polars_dtype(kinds, k) for k in data}
    return pl.DataFrame(data, schema=schema, strict=False).fill_nan(None)


def _pandas_dtype(kinds: dict[str, str], name: str) -> object:
    if name in ("unit", "year") or not isinstance(BASE[name], Decimal):
        return None
    return {"float": "float64", "decimal": object, "text": object}[kinds[name]]


def _polars_dtype(kinds: dict[str, str], name: str) -> Any:
    if name == "unit" or (name != "year" and not isinstance(BASE[name], Decimal)):
        return pl.String
    if name == "year":
        return pl.Int64
    return {"float": pl.Float64, "decimal": pl.Decimal(20, 4), "text": pl.String}[kinds[name]]


def batch_rows(text: str, engine: str) -> list[dict[str, str]]:
    """What `scoring batch` writes for the table: its CSV output, row by row."""
    result = score_table(CASE.indicators, CASE.weights, read_csv(text, "t.csv"), engine=engine)
    return list(csv.DictReader(io.StringIO(render_batch_csv(result))))


def unplaced(errors: str) -> str:
    """The batch CSV's errors without each one's place and row ("t.csv:3: row 2: ")."""
    if not errors:
        return ""
    return " | ".join(e.split(": row ", 1)[1].split(": ", 1)[1] for e in errors.split(" | "))


def shown(value: object) -> str:
    """A frame's number as the batch CSV prints it (2 decimals), empty when missing."""
    return "" if value is None else f"{value:.2f}"


class TestSameAsBatch:
    @PROPERTY
    @given(rows=tables(BASE), kinds=column_kinds(NAMES), lib=st.sampled_from(["pandas", "polars"]))
    # Its rows are drawn to be odd, so warnings vary; TestWide checks them one by one.
    @pytest.mark.filterwarnings("ignore::scoring.ScoringWarning")
    def test_every_row_as_scoring_batch_writes_it(
        self, rows: list[dict[str, object]], kinds: dict[str, str], lib: str
    ) -> None:
        """For both engines: the same status, total, grade, points and reason as the batch CSV;
        the long form has the same points."""
        text = csv_text(rows)
        data = build(lib, rows, kinds)
        for engine in ("exact", "columnar"):
            # A table without rows is refused by the command; a frame gives a frame without rows.
            expected = batch_rows(text, engine) if rows else []
            got = records(
                score_frame(data, indicators=CASE.indicators, weights=CASE.weights, engine=engine)
            )
            assert len(got) == len(expected) == len(rows)
            for want, have in zip(expected, got, strict=True):
                assert have["status"] == want["status"]
                assert shown(have["total"]) == want["total"]
                assert (have["grade"] or "") == want["grade"]
                ids = list(CASE.weights.points)
                assert [shown(have[i]) for i in ids] == [want[i] for i in ids]
                errors = (
                    [e.split(": row ", 1)[1].split(": ", 1)[1] for e in want["errors"].split(" | ")]
                    if want["errors"]
                    else []
                )
                assert (have["reason"] or "") == " | ".join(errors)
        long = records(
            score_frame(data, indicators=CASE.indicators, weights=CASE.weights, detail="long")
        )
        width = len(CASE.weights.points)
        assert [shown(r["points"]) for r in long] == [
            want[i] for want in expected for i in CASE.weights.points
        ]
        assert len(long) == width * len(rows)


YUEYANG = ["department-common", "education-sports"]
UNITS = DOCS / "units-2023.csv"


class TestFactsInWords:
    @LIBS
    def test_items_met_as_text_or_as_a_list(self, lib: str) -> None:
        """exists|lawful|enforced as text, or a list of two items: 3 × 2 / 3 = 2 points."""
        data = pd.read_csv(UNITS) if lib == "pandas" else pl.read_csv(UNITS)
        data = data[:1] if lib == "pandas" else data.head(1)
        two = [["exists", "lawful"]]
        listed = (
            data.assign(management_rules_items_met=two)
            if lib == "pandas"
            else data.with_columns(pl.Series("management_rules_items_met", two))
        )
        points = [
            records(score_frame(d, indicators=YUEYANG, weights="yueyang-education"))[0]
            for d in (data, listed)
        ]
        assert [p["management_rules_soundness"] for p in points] == [3.0, 2.0]
        # The example's 99.88, less the 1 point of the third item.
        assert [p["total"] for p in points] == [99.88, 98.88]


class TestBatchJson:
    def test_each_row_has_the_long_forms_columns(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`scoring batch --format json --detail` gives each row's indicators in the long
        form's columns, with the long form's values."""
        code = main(["batch", str(UNITS), "--indicators", *YUEYANG, "--weights",
                     "yueyang-education", "--format", "json", "--detail"])  # fmt: skip
        assert code == 2  # the third row fails: no budget
        document = json.loads(capsys.readouterr().out)
        long = records(
            score_frame(
                pd.read_csv(UNITS), indicators=YUEYANG, weights="yueyang-education", detail="long"
            )
        )
        details = [d for row in document["rows"] for d in row["detail"]]
        assert len(details) == len(long) == 3 * len(document["indicators"])
        for detail, row in zip(details, long, strict=True):
            # value_text_en and target_en only where the English is not the Chinese (None).
            shown = [k for k in DETAIL_COLUMNS if k not in ENGLISH_COLUMNS or row[k] is not None]
            assert list(detail) == shown
            assert detail == {k: row[k] for k in shown}
        assert details[0]["explanation"].startswith("在职人员控制率 = 81 ÷ 85 × 100 = 95.29%")


class TestRowsLeftOut:
    @LIBS
    def test_a_dropped_row_has_no_points_and_says_why(self, lib: str) -> None:
        """Under the not-applicable policy a row missing its facts is left out, not scored 0."""
        weights = evolve(SMALL.weights, missing_facts="not-applicable")
        data = frame(lib, [{"budget": None}])
        (wide,) = records(score_frame(data, indicators=SMALL.indicators, weights=weights))
        assert wide["status"] == "scored"
        assert wide["budget_execution_rate"] is None
        # The other 10 points are rescaled to 20: staff 5 → 10, key university 4.88 → 9.76.
        assert (wide["staff_control_rate"], wide["key_university_rate"]) == (10.0, 9.76)
        long = records(
            score_frame(data, indicators=SMALL.indicators, weights=weights, detail="long")
        )
        dropped = long[1]
        assert dropped["indicator"] == "budget_execution_rate"
        assert (dropped["points"], dropped["max_points"]) == (None, 10.0)
        assert "budget" in dropped["explanation"]


class TestChineseNames:
    @LIBS
    def test_columns_may_be_named_in_chinese(self, lib: str) -> None:
        """单位, 年度 and a fact's Chinese name (编制数 for authorized_posts) as column names;
        the result names them unit and year, and scores as the ids do."""
        data = pd.read_csv(UNITS) if lib == "pandas" else pl.read_csv(UNITS)
        renamed = {"unit": "单位", "year": "年度", "authorized_posts": "编制数"}
        chinese = data.rename(columns=renamed) if lib == "pandas" else data.rename(renamed)
        sheet = {"indicators": YUEYANG, "weights": "yueyang-education"}
        result = records(score_frame(chinese, **sheet))
        assert [r["total"] for r in result] == [99.88, 99.29, None]
        assert [r["unit"] for r in result][:2] == ["岳阳市教育体育局", "示例单位甲"]
        assert list(score_frame(chinese, **sheet).columns)[:2] == ["unit", "year"]

    def test_a_fact_under_both_names_and_a_misspelt_name(self) -> None:
        data = pd.read_csv(UNITS).assign(编制数=85)
        with pytest.raises(InputError, match="column '编制数' is also 'authorized_posts'"):
            score_frame(data, indicators=YUEYANG, weights="yueyang-education")
        wrong = pd.read_csv(UNITS).rename(columns={"authorized_posts": "编制人数"})
        with pytest.raises(InputError) as caught:
            score_frame(wrong, indicators=YUEYANG, weights="yueyang-education")
        assert caught.value.hint == "did you mean '编制数'?"
