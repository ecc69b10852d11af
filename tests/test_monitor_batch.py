"""``scoring batch --monitor N``: a table of units monitored, ranked from the most urgent.

docs/examples/units-2023-june.csv, as of June (time progress 50%) with the
education profile (45% by June; events ≥ 100 and participants ≥ 10 万人 pro
rata), worked by hand:

- 乙: 1800 of 5000 = 36%, 36 ÷ 50 = 72%: red (and 36 ÷ 45 = 80%, yellow);
- 岳阳: 50% (100%, green) but 38 of 50 events (76%): red;
- 丁: 44%, 88%: yellow; 45 of 50 events, 90%: yellow;
- 甲: 60%, 120%: green (schedule 133%, blue, the better of the two); all green;
- 丙: a budget of 0: failed.

Red before yellow before green; within a status the lower spending progress
first: 乙 (72) then 岳阳 (100).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from monitoring_helpers import INDICATORS, PROFILE, WEIGHTS, facts
from scoring.batch.monitoring import Monitored, monitor_table
from scoring.cli.app import main
from scoring.core.record import evolve
from scoring.files.tables import FactTable

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "examples" / "units-2023-june.csv"
RULES = ["--indicators", "department-common", "education-sports", "--weights", "yueyang-education"]


def batch(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, str, str]:
    status = main(["batch", str(TABLE), *RULES, "--monitor", "6", *args])
    out, err = capsysbinary.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


class TestRanking:
    def test_csv_ranked_by_status(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        status, out, err = batch(capsysbinary)
        assert status == 2  # one row failed
        lines = out.lstrip("\ufeff").splitlines()
        assert lines[0].startswith("row,line,unit,unit_en,year,outcome,rank,status,status_zh,")
        ranked = [line.split(",")[2:11] for line in lines[1:]]
        assert [r[0] for r in ranked] == [
            "示例单位乙",
            "岳阳市教育体育局",
            "示例单位丁",
            "示例单位甲",
            "示例单位丙",
        ]
        assert [(r[4], r[5], r[7], r[8]) for r in ranked[:4]] == [
            ("1", "red", "36", "72"),
            ("2", "red", "50", "100"),
            ("3", "yellow", "44", "88"),
            ("4", "green", "60", "120"),
        ]
        assert ranked[4][3] == "failed"
        assert "row 4: the budget 0 must be above 0" in err
        assert "4 of 5 rows monitored, 1 failed" in err

    def test_off_track_rows_named(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        _, out, _ = batch(capsysbinary)
        yueyang = next(line for line in out.splitlines() if line.startswith("1,"))
        assert "sports_events:red key_university_rate:yellow sports_participants:blue" in yueyang

    def test_json(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        _, out, _ = batch(capsysbinary, "--format", "json")
        data = json.loads(out)
        assert (data["month"], data["monitoring"], data["monitored"], data["failed"]) == (
            6,
            "yueyang-education.monitoring",
            4,
            1,
        )
        first = data["rows"][0]
        assert (first["unit"], first["rank"], first["status"], first["spending_ratio"]) == (
            "示例单位乙",
            1,
            "red",
            72,
        )
        assert first["off_track"] == [{"id": "spending", "status": "red"}]
        assert data["rows"][-1]["outcome"] == "failed"

    @pytest.mark.parametrize(
        ("lang", "said"),
        [("zh", "第 4 行：预算数 0 必须大于 0"), ("en", "row 4: the budget 0 must be above 0")],
    )
    def test_errors_in_the_language_asked_for(
        self, lang: str, said: str, capsysbinary: pytest.CaptureFixture[bytes]
    ) -> None:
        """丙's error (a budget of 0), in the CSV and the JSON, as on stderr."""
        _, out, _ = batch(capsysbinary, "--lang", lang)
        assert out.splitlines()[-1].endswith(f"failed,{',' * 15}{TABLE}:5: {said}")
        _, out, _ = batch(capsysbinary, "--lang", lang, "--format", "json")
        assert json.loads(out)["rows"][-1]["errors"] == [
            {"message": said, "location": f"{TABLE}:5"}
        ]

    def test_equal_rows_share_a_rank(self) -> None:
        """Same status and spending progress: the same rank, then the next is skipped."""
        behind = facts(spending=480)  # 80%: yellow
        table = FactTable.from_facts([behind, behind, facts()])
        batch = monitor_table(INDICATORS, WEIGHTS, table, PROFILE, month=6).ranked()
        assert [(o.head.number, o.rank) for o in batch.outcomes if isinstance(o, Monitored)] == [
            (1, 1),
            (2, 1),
            (3, 3),
        ]

    def test_each_row_as_monitor_gives_it(self) -> None:
        """A table row's report is the one-unit report of the same facts."""
        from scoring.analysis.monitoring import monitor  # noqa: PLC0415

        rows = [facts(events=40), facts(spending=900, limit=110)]
        found = monitor_table(INDICATORS, WEIGHTS, FactTable.from_facts(rows), PROFILE, month=7)
        for outcome, one in zip(found.outcomes, rows, strict=True):
            assert isinstance(outcome, Monitored)
            alone = monitor(INDICATORS, WEIGHTS, one, PROFILE, month=7)
            assert evolve(outcome.report, problems=()) == evolve(alone, problems=())


class TestBadInput:
    @pytest.mark.parametrize("month", ["0", "13"])
    def test_month(self, capsysbinary: pytest.CaptureFixture[bytes], month: str) -> None:
        with pytest.raises(SystemExit) as caught:
            main(["batch", str(TABLE), *RULES, "--monitor", month])
        assert caught.value.code == 2
        assert "is not a month: give 1 to 12" in capsysbinary.readouterr().err.decode()

    def test_a_full_width_month(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """--monitor ６ is refused as --month ６ is, with the digit to type."""
        with pytest.raises(SystemExit) as caught:
            main(["batch", str(TABLE), *RULES, "--monitor", "６", "--lang", "en"])
        assert caught.value.code == 2
        err = capsysbinary.readouterr().err.decode()
        assert "'６' is written in full-width characters: write 6" in err

    def test_profile_that_does_not_fit(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A cumulative rate fails once, for the whole table, at the profile's line."""
        text = (ROOT / "weights" / "yueyang-education.yaml").read_text(encoding="utf-8")
        path = tmp_path / "w.yaml"
        path.write_text(
            text.replace("[sports_events, sports_participants]", "[key_university_rate]"),
            encoding="utf-8",
        )
        status = main(
            [
                *("batch", str(TABLE), "--indicators", "department-common", "education-sports"),
                *("--weights", str(path), "--monitor", "6"),
            ]
        )
        err = capsysbinary.readouterr().err.decode()
        assert status == 2
        assert "'key_university_rate' is a rate (unit %), so it cannot be cumulative" in err
        assert err.count("cannot be cumulative") == 1

    def test_an_empty_spending_cell_is_said_to_be_empty(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """示例单位乙's spending cell left empty (the column is there): its row fails, saying
        that cell is empty and what to write in it (the spending to the end of June, in 万元,
        in English its unit_en 10,000 yuan), not to add a column the table has, nor
        'spending:' under 'facts:'."""
        lines = TABLE.read_text(encoding="utf-8").splitlines()
        column = lines[0].split(",").index("spending")
        cells = lines[3].split(",")
        assert cells[0] == "示例单位乙"
        cells[column] = ""
        lines[3] = ",".join(cells)
        path = tmp_path / "june.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        status = main(["batch", str(path), *RULES, "--monitor", "6", "--lang", "en"])
        err = capsysbinary.readouterr().err.decode()
        assert status == 2
        assert (
            f"scoring: error: {path}:4: row 3:"
            " the cell of 'spending' (spending so far, 执行数) is empty: monitoring needs it"
            " (hint: fill in the spending to the end of month 6, in 10,000 yuan)"
        ) in err.splitlines()
        assert "facts:" not in err
        assert "column" not in err

    def test_an_empty_budget_cell_in_chinese(
        self,
        capsysbinary: pytest.CaptureFixture[bytes],
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
    ) -> None:
        """示例单位甲's budget cell empty: the year's budget (全年预算数) to fill, in 万元."""
        monkeypatch.delenv("SCORING_LANG", raising=False)
        lines = TABLE.read_text(encoding="utf-8").splitlines()
        column = lines[0].split(",").index("budget")
        cells = lines[2].split(",")
        assert cells[0] == "示例单位甲"
        cells[column] = ""
        lines[2] = ",".join(cells)
        path = tmp_path / "june.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        status = main(["batch", str(path), *RULES, "--monitor", "6"])
        err = capsysbinary.readouterr().err.decode()
        assert status == 2
        assert (
            f"scoring: 错误：{path}:3: 第 2 行：'budget'（全年预算数）这一格是空的，运行监控需要它"
            "（提示：请填写全年预算数（万元））"
        ) in err.splitlines()

    def test_a_table_without_the_spending_column_is_told_to_add_it(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """No spending column at all: every row fails, each told to give the table the column."""
        lines = TABLE.read_text(encoding="utf-8").splitlines()
        column = lines[0].split(",").index("spending")
        rows = [line.split(",") for line in lines]
        path = tmp_path / "june.csv"
        path.write_text(
            "\n".join(",".join(r[:column] + r[column + 1 :]) for r in rows) + "\n",
            encoding="utf-8",
        )
        status = main(["batch", str(path), *RULES, "--monitor", "6", "--lang", "en"])
        err = capsysbinary.readouterr().err.decode()
        assert status == 2
        assert (
            f"scoring: error: {path}:2: row 1:"
            " monitoring needs the fact 'spending' (spending so far, 执行数)"
            " (hint: give the table a column 'spending' with the figure as of the month"
            " (an empty cell is a missing fact))"
        ) in err.splitlines()
        assert "is empty" not in err

    def test_a_column_nothing_reads_is_said_at_the_header(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A misspelt budget column (budgte) and an as_of column: each warned of once at line 1,
        as plain batch does (the month is --monitor's, never a column's); every row fails for
        the budget missing."""
        lines = TABLE.read_text(encoding="utf-8").splitlines()
        lines[0] = lines[0].replace(",budget,", ",budgte,", 1) + ",as_of"
        lines[1:] = [f"{line},7" for line in lines[1:]]
        path = tmp_path / "june.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        status = main(["batch", str(path), *RULES, "--monitor", "6", "--lang", "en"])
        err = capsysbinary.readouterr().err.decode().splitlines()
        assert status == 2
        warnings = [line for line in err if ": warning: " in line]
        assert warnings == [
            f"scoring: {path}:1: warning: fact 'budgte' is not read by any indicator of this case"
            " (hint: did you mean 'budget'?)",
            f"scoring: {path}:1: warning: fact 'as_of' is not read by any indicator of this case"
            " (hint: remove it, or check that its name matches the formula)",
        ]
        assert err[-1] == "scoring: 0 of 5 rows monitored, 5 failed"

    def test_output_onto_the_table_is_refused_before_monitoring(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """-o naming the table itself: one error, as plain batch gives it, and no row monitored
        first (no row's error, no summary that reads as if a report were written)."""
        path = tmp_path / "june.csv"
        path.write_bytes(TABLE.read_bytes())
        status = main(["batch", str(path), *RULES, "--monitor", "6", "-o", str(path)])
        err = capsysbinary.readouterr().err.decode()
        assert status == 2
        assert err.splitlines() == [
            f"scoring: error: {path}: this is one of this command's input files: -o would"
            " overwrite it (hint: give the report another file name)"
        ]
        assert path.read_bytes() == TABLE.read_bytes()

    def test_amounts_stay_exact(self) -> None:
        """The spending ratio in the CSV is the exact Decimal, not a float."""
        from scoring.rendering.monitor_batch import render_monitor_batch_csv  # noqa: PLC0415

        table = FactTable.from_facts([facts(spending="700.01")])
        out = render_monitor_batch_csv(monitor_table(INDICATORS, WEIGHTS, table, PROFILE, month=6))
        # 700.01 ÷ 1200 ÷ 50% = 116.668333…%
        ratio = out.splitlines()[1].split(",")[10]
        assert ratio.startswith("116.66833333333333333333")


def _monitor_csv(
    capsysbinary: pytest.CaptureFixture[bytes], table: Path, lang: str = "zh"
) -> list[dict[str, str]]:
    main(["batch", str(table), *RULES, "--monitor", "6", "--lang", lang])
    out = capsysbinary.readouterr().out.decode("utf-8")
    return list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))


class TestBatchMonitorNames:
    """June: 岳阳 held 38 of the 50 events due (76%, red), 34.16% of ≥35% (97.6%, yellow) and
    8.5 of the 5 万人 due (170%, blue); 乙 spent 36% against 50% due (72%, red)."""

    def test_rows_off_track_by_name_in_chinese(
        self, capsysbinary: pytest.CaptureFixture[bytes]
    ) -> None:
        rows = {r["unit"]: r for r in _monitor_csv(capsysbinary, TABLE)}
        yueyang = rows["岳阳市教育体育局"]
        assert yueyang["off_track_zh"] == (
            "举办全民健身赛事活动（红色）、特控线上线率（黄色）、直接参与赛事活动人数（蓝色）"
        )
        assert yueyang["missing_notes_zh"] == (
            "举办全民健身赛事活动、特控线上线率、直接参与赛事活动人数"
        )
        # The ids stay, for a program.
        assert yueyang["off_track"] == (
            "sports_events:red key_university_rate:yellow sports_participants:blue"
        )
        assert yueyang["missing_notes"] == "sports_events key_university_rate sports_participants"
        assert rows["示例单位乙"]["off_track_zh"] == "预算执行进度（红色）"
        assert rows["示例单位甲"]["off_track_zh"] == ""

    def test_the_same_columns_in_english(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """--lang en is the messages' language: the table has the same columns and cells (as
        status and status_zh), only a failed row's errors are in English."""
        zh = _monitor_csv(capsysbinary, TABLE, "zh")
        en = _monitor_csv(capsysbinary, TABLE, "en")
        assert [{k: v for k, v in r.items() if k != "errors"} for r in en] == [
            {k: v for k, v in r.items() if k != "errors"} for r in zh
        ]
        assert en[-1]["errors"].endswith("row 4: the budget 0 must be above 0")

    def test_text_never_starts_a_formula(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A unit named =HYPERLINK(...) is written with a ' before it, as `batch` writes it."""
        table = tmp_path / "units.csv"
        text = TABLE.read_text(encoding="utf-8").replace("示例单位甲,", '"=HYPERLINK(""x"")",')
        table.write_text(text, encoding="utf-8")
        rows = _monitor_csv(capsysbinary, table)
        assert '\'=HYPERLINK("x")' in [r["unit"] for r in rows]
