"""``scoring batch --format json``: the CSV's columns, and with ``--detail`` each row's details.

The rows' ``detail`` lists are written by :class:`scoring.rendering.batch_rows.JsonRows`
from a template (each detail's keys in order, its values as ``json.dumps``
writes them); these tests hold that text to ``json.dumps`` of the same document
as plain data (``to_dict``), on generated tables of the Yueyang example's facts
(scored and failed rows, every rule kind of the example, ranked or not).
Without ``--detail`` (or with ``--no-detail``, the default) the command writes the same
document without the ``detail`` lists.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from scoring.batch import score_table
from scoring.batch.detail import explain_table
from scoring.files.tables import load_rules, read_csv
from scoring.rendering import batch as batch_writer
from scoring.rendering._common import Meta
from scoring.rendering.batch import render_batch_json, to_dict
from test_batch import CASE, RULES, csv_text, run_cli, tables

SHEET = load_rules(["department-common", "education-sports"], "yueyang-education")
META = Meta(rules_sha256=SHEET.rules_sha256)


@settings(max_examples=20)  # each example explains a table of up to 6 rows
@given(rows=tables())
def test_details_written_from_the_template_are_json_dumps_of_the_document(
    rows: list[dict[str, Decimal | None]],
) -> None:
    table = read_csv(csv_text(rows), "t.csv")
    result = score_table(CASE.indicators, CASE.weights, table)
    details = {o.head.number: d for o, d in explain_table(CASE.indicators, CASE.weights, table)}
    for each in (result, result.ranked()):
        plain = json.dumps(to_dict(each, META, details), ensure_ascii=False, indent=1) + "\n"
        assert render_batch_json(each, META, details) == plain


@pytest.mark.parametrize("rank", [[], ["--rank"]])
def test_without_detail_the_document_has_no_rows_details(
    rank: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "units.csv"
    path.write_text(csv_text([{}, {"budget": None}, {"spending": Decimal("4000")}]), "utf-8")
    json_args = ["batch", str(path), *RULES, "--format", "json", *rank]
    code, full, _ = run_cli([*json_args, "--detail"], capsys)
    assert code == 2  # the row without a budget fails
    document = json.loads(full)
    assert [len(row["detail"]) for row in document["rows"]] == [25, 25, 25]
    for row in document["rows"]:
        del row["detail"]
    for brief_args in (
        json_args,
        [*json_args, "--no-detail"],
        [*json_args, "--detail", "--no-detail"],
    ):
        again, brief, err = run_cli(brief_args, capsys)
        assert again == 2
        assert err.endswith("2 of 3 rows scored, 1 failed\n")
        assert json.loads(brief) == document
        assert '"detail"' not in brief


def test_details_written_a_block_at_a_time_are_the_whole_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command writes a part's rows with their details a few at a time: the same
    bytes as the whole table's document, whatever the blocks."""
    path = tmp_path / "units.csv"
    rows = [{}, {"budget": None}, {"spending": Decimal("4000")}, {}, {"budget": None}, {}, {}]
    path.write_text(csv_text(rows), "utf-8")
    table = read_csv(path.read_text("utf-8"), str(path))
    whole = score_table(SHEET.indicators, SHEET.weights, table)
    details = {o.head.number: d for o, d in explain_table(SHEET.indicators, SHEET.weights, table)}
    expected = render_batch_json(whole, META, details)
    for block in (1, 2, 3, 7, 256):
        monkeypatch.setattr(batch_writer, "DETAIL_BLOCK", block)
        args = ["batch", str(path), *RULES, "--format", "json", "--detail"]
        code, out, _ = run_cli(args, capsys)
        assert code == 2
        assert out == expected, block
