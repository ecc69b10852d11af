"""``scoring batch --rank`` writes each part's rows unranked to a temporary file and copies
them out in rank order (:mod:`scoring.rendering.batch_rank`), in bounded memory.

The ranked document must be, byte for byte, what rendering the whole table's
:meth:`BatchResult.ranked` result gives: for CSV and JSON, with and without
details, for both engines, when the table is read in parts of a few rows,
and when unit names hold what the csv module quotes (a comma, a quote, a
line break) or what JSON escapes.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.batch import score_table
from scoring.batch.detail import explain_table
from scoring.files import csv_parts
from scoring.files.tables import load_rules, load_table
from scoring.rendering._common import Meta
from scoring.rendering.batch import render_batch_csv, render_batch_json
from scoring.rendering.batch_rank import RankSpool
from test_batch import RULES, csv_text, run_cli

SHEET = load_rules(["department-common", "education-sports"], "yueyang-education")
META = Meta(rules_sha256=SHEET.rules_sha256)
LOWER = {"spending": Decimal("4000")}  # loses points on budget execution
FAILS = {"budget": None}  # a missing fact: the row fails


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


UNITS = [
    "单位甲",
    quoted("某局,二中"),  # a comma
    quoted('某局"三中"'),  # quotes
    quoted("某局\n四中"),  # a line break
    "=某局",  # starts like a formula: led by ' in the CSV
    "单位乙",
    quoted("单位,丙"),
]


def table_rows() -> list[dict[str, object]]:
    """Ties, a lower total, failed rows, and names that need quoting, in mixed order."""
    changes = [{}, LOWER, {}, FAILS, {}, LOWER, {}, FAILS, {}, {}, LOWER, {}, {}, {}]
    return [
        {"unit": f"{UNITS[i % len(UNITS)]}" if i < len(UNITS) else f"单位{i}", **change}
        for i, change in enumerate(changes)
    ]


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_parts, "BLOCK", 300)


def whole_ranked(path: Path, engine: str, detail: bool, fmt: str) -> str:
    table = load_table(path).table
    result = score_table(SHEET.indicators, SHEET.weights, table, engine=engine).ranked()
    if fmt == "csv":
        return "\ufeff" + render_batch_csv(result, META)
    details = (
        {o.head.number: d for o, d in explain_table(SHEET.indicators, SHEET.weights, table)}
        if detail
        else None
    )
    return render_batch_json(result, META, details)


@pytest.mark.usefixtures("small_parts")
@pytest.mark.parametrize("engine", ["columnar", "exact"])
@pytest.mark.parametrize("options", [[], ["--format", "json"], ["--format", "json", "--detail"]])
def test_ranked_output_is_the_whole_tables(
    engine: str, options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(csv_text(table_rows()), encoding="utf-8")
    args = ["batch", str(path), *RULES, "--rank", "--engine", engine, *options]
    code, out, err = run_cli(args, capsys)
    assert code == 2  # two rows fail
    assert err.endswith("12 of 14 rows scored, 2 failed\n")
    fmt = "json" if "json" in options else "csv"
    assert out == whole_ranked(path, engine, "--detail" in options, fmt)


@pytest.mark.usefixtures("small_parts")
def test_ties_share_a_rank_and_failed_rows_come_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nine rows at the example's total, three lower, two failed (rows 4 and 8): ranks
    1 (nine times, in table order), then 10 for the three lower rows, then no rank."""
    path = tmp_path / "t.csv"
    path.write_text(csv_text(table_rows()), encoding="utf-8")
    code, out, _ = run_cli(["batch", str(path), *RULES, "--rank"], capsys)
    assert code == 2
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r["row"] for r in rows] == [
        "1", "3", "5", "7", "9", "10", "12", "13", "14", "2", "6", "11", "4", "8",
    ]  # fmt: skip
    assert [r["rank"] for r in rows] == ["1"] * 9 + ["10"] * 3 + ["", ""]
    assert {r["total"] for r in rows[:9]} == {"99.88"}
    assert len({r["total"] for r in rows[9:12]}) == 1
    assert float(rows[9]["total"]) < 99.88
    assert [r["status"] for r in rows[12:]] == ["failed", "failed"]
    # The names come back as written, the one with a line break among them.
    assert [r["unit"] for r in rows[:4]] == ["单位甲", '某局"三中"', "'=某局", "单位,丙"]
    assert rows[-2]["unit"] == "某局\n四中"
    document_args = ["batch", str(path), *RULES, "--rank", "--format", "json"]
    code, out, _ = run_cli(document_args, capsys)
    document = json.loads(out)
    assert [r.get("rank") for r in document["rows"]] == [1] * 9 + [10] * 3 + [None, None]
    assert [r["row"] for r in document["rows"]] == [int(r["row"]) for r in rows]


def test_rows_not_written_by_the_writer_are_refused() -> None:
    """The spool finds each row's start and where its rank goes in the writers' text; text
    that is not theirs is an error, never rows cut in the wrong places."""
    spool = RankSpool("csv")
    with pytest.raises(ValueError, match="not CSV rows"):
        spool.add_rows(b"1,2,a,,2023\n")  # five cells before the line break
    spool.close()
    spool = RankSpool("json")
    with pytest.raises(ValueError, match="not JSON rows"):
        spool.add_rows(b'  {\n   "row": 1\n  }')  # not led by ",\n" as a later row is
    spool.close()
