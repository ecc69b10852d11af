"""``scoring monitor``: the June example in every format, the month, bad input, same bytes.

The figures are worked by hand from examples/yueyang-education-2023-june.yaml
and the shipped bands (red < 80, yellow [80, 100), green [100, 130), blue
≥ 130): spending 2535.18 of 5070.36 万元; 举办全民健身赛事活动 38 场 against
≥ 100; 特控线上线率 34.16% against ≥ 35%; 直接参与赛事活动人数 8.5 against
≥ 10 万人.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scoring.cli.app import main
from scoring.rendering._common import width

ROOT = Path(__file__).resolve().parent.parent
JUNE = ROOT / "examples" / "yueyang-education-2023-june.yaml"
SRC = ROOT / "src"


def monitor(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, str, str]:
    """Run ``scoring monitor ARGS`` in this process: status, stdout and stderr."""
    status = main(["monitor", *args])
    out, err = capsysbinary.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


def squeezed(text: str) -> str:
    """``text`` with every run of spaces as one, so that a table row reads as its cells."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = JUNE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "june.yaml"
    path.write_text(
        text.replace(old, new),
        encoding="utf-8",
    )
    return path


class TestText:
    def test_june_in_chinese(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """The unit is red, its worst row; each row off track has its gap and notes."""
        status, out, err = monitor(capsysbinary, str(JUNE))
        assert status == 0, err
        assert err == ""
        assert "岳阳市教育体育局 2023 年度绩效运行监控（截至 6 月底）" in out
        assert "总体状态：红色（严重滞后）    时序进度：6 ÷ 12 = 50%" in out
        # 100 × 6 ÷ 12 = 50 场 by June; 38 ÷ 50 = 76%: red, 12 场 short.
        assert "举办全民健身赛事活动 ※ 50 场 38 场 76% 红色" in squeezed(out)
        assert "差距：要达到时序进度还需完成 12 场" in out
        # 34.16 ÷ 35 = 97.6%: yellow, 0.84 points short, and nothing said about it yet.
        assert "距年度指标值还差 0.84 个百分点" in out
        assert "特控线上线率（缺偏差原因和纠偏措施）" in out
        # 8.5 ÷ 10 = 85% done against 50% spent: 35 points apart, more than 30.
        assert "相差 35 个百分点，超过 30 个百分点" in out
        assert "直接参与赛事活动人数（缺纠偏措施）" in out
        # The facts not given yet by their Chinese names (education-sports.yaml's facts:),
        # as a score's missing facts are said in Chinese; in English by their ids.
        assert "空军海军招飞录取人数：尚无数据（缺 招飞录取人数）" in out
        assert "重点支出安排率：尚无数据（缺 重点项目支出、项目支出）" in out
        assert "pilot_admissions_count" not in out

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_fits_80_columns(self, capsysbinary: pytest.CaptureFixture[bytes], lang: str) -> None:
        """Every line fits 80 columns, Chinese counted two wide; long names wrap."""
        status, out, _ = monitor(capsysbinary, str(JUNE), "--lang", lang)
        assert status == 0
        assert max(width(line) for line in out.splitlines()) <= 80

    def test_english(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        status, out, _ = monitor(capsysbinary, str(JUNE), "--lang", "en")
        assert status == 0
        assert "Overall status: red (far behind)    Time progress: 6 ÷ 12 = 50%" in out
        # The units in their English twins (unit_en: events, 10,000 yuan).
        assert "Gap: 12 events more to reach where it should be by now" in out

    def test_assumptions_are_printed(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """The assumed thresholds and schedule, and every assumed row, are said."""
        _, out, _ = monitor(capsysbinary, str(JUNE))
        assert "假设：色带界限 80%、100%、130%" in out
        assert "假设：预算执行进度要求（6 月底 45%、9 月底 70%、11 月底 90%）为假设" in out
        # The facts by their Chinese names, as department-common declares them.
        assert "※ 预算执行进度：假设的数据：预算数、预算执行数" in out


class TestMonth:
    def test_month_overrides_as_of_with_a_warning(
        self, capsysbinary: pytest.CaptureFixture[bytes]
    ) -> None:
        """--month 9: time progress 75%; 50 ÷ 75 = 66.67%, and 50 ÷ 70 (the schedule) 71.43%.

        5070.36 × 75% − 2535.18 = 1267.59 万元 to spend; 5070.36 × 70% − 2535.18 = 1014.07.
        """
        status, out, err = monitor(capsysbinary, str(JUNE), "--month", "9", "--lang", "en")
        assert status == 0
        # Said at the file's as_of: line (17 of the June example), not at 1:1.
        assert JUNE.read_text(encoding="utf-8").splitlines()[16] == "as_of: 6"
        assert err.splitlines()[0] == (
            f"scoring: {JUNE}:17:1: warning: the facts file is as of month 6; --month 9 is used"
            " (hint: give the month the figures are for, or change 'as_of:')"
        )
        assert "Budget execution progress ※ 75% 50% 66.67% red" in squeezed(out)
        flat = " ".join(out.split())  # sentences wrap at 80 columns
        assert "1267.59 × 10,000 yuan more must be spent to reach time progress (75%)" in flat
        assert (
            "1014.07 × 10,000 yuan more must be spent to reach the schedule's 70% by the end of"
            " month 9" in flat
        )

    def test_late_in_the_year(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """At the end of October half the budget, 2535.18 万元, unspent: more than 30%."""
        status, out, _ = monitor(capsysbinary, str(JUNE), "--month", "10")
        assert status == 0
        assert "截至 10 月底尚有 2535.18 万元（50%）预算未支出，超过 30%" in out

    @pytest.mark.parametrize("month", ["0", "13", "six"])
    def test_month_outside_the_year(
        self, capsysbinary: pytest.CaptureFixture[bytes], month: str
    ) -> None:
        with pytest.raises(SystemExit) as caught:
            main(["monitor", str(JUNE), "--month", month, "--lang", "en"])
        assert caught.value.code == 2
        err = capsysbinary.readouterr().err.decode("utf-8")
        assert f"{month!r} is not a month: give 1 to 12" in err

    @pytest.mark.parametrize(("month", "half"), [("６", "6"), ("１２", "12"), ("1２", "12")])
    def test_a_full_width_month_is_refused_with_the_digits_to_type(
        self,
        capsysbinary: pytest.CaptureFixture[bytes],
        monkeypatch: pytest.MonkeyPatch,
        month: str,
        half: str,
    ) -> None:
        """--month ６ (typed with a Chinese input method) is refused, as as_of: ６ and a number
        cell of full-width digits are: it is not read as 6 unsaid."""
        monkeypatch.delenv("SCORING_LANG", raising=False)
        with pytest.raises(SystemExit) as caught:
            main(["monitor", str(JUNE), "--month", month])
        assert caught.value.code == 2
        err = capsysbinary.readouterr().err.decode("utf-8")
        assert err.splitlines()[-1] == (
            f"scoring monitor：错误：参数 --month：{month!r} 是用全角字符写的：请写 {half}"
            "（把输入法切换到半角）"
        )
        with pytest.raises(SystemExit):
            main(["monitor", str(JUNE), "--month", month, "--lang", "en"])
        err = capsysbinary.readouterr().err.decode("utf-8")
        assert err.splitlines()[-1] == (
            f"scoring monitor: error: argument --month: {month!r} is written in full-width"
            f" characters: write {half} (switch the input method to half-width)"
        )

    @pytest.mark.parametrize("month", ["1_2", "+6", " 6", "6.0", "٦"])
    def test_a_month_is_plain_digits(
        self, capsysbinary: pytest.CaptureFixture[bytes], month: str
    ) -> None:
        """int() would read 1_2 as 12 and an Arabic-Indic ٦ as 6: only ASCII digits are a month."""
        with pytest.raises(SystemExit) as caught:
            main(["monitor", str(JUNE), "--month", month, "--lang", "en"])
        assert caught.value.code == 2
        assert f"{month!r} is not a month" in capsysbinary.readouterr().err.decode("utf-8")

    def test_the_override_warning_is_at_the_as_of_line_wherever_it_stands(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """as_of moved to the end of the file: the warning follows it there; --month equal to
        as_of warns nothing."""
        text = JUNE.read_text(encoding="utf-8").replace("as_of: 6\n", "")
        path = tmp_path / "june.yaml"
        path.write_text(text + "as_of: 6\n", encoding="utf-8")
        line = len(text.splitlines()) + 1
        status, _, err = monitor(capsysbinary, str(path), "--month", "7", "--lang", "en")
        assert status == 0
        assert f"scoring: {path}:{line}:1: warning: the facts file is as of month 6;" in err
        status, _, err = monitor(capsysbinary, str(path), "--month", "6", "--lang", "en")
        assert (status, err) == (0, "")

    def test_as_of_outside_the_year(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """as_of: 13 in the file is an error at its line."""
        path = variant(tmp_path, "as_of: 6", "as_of: 13")
        status, _, err = monitor(capsysbinary, str(path), "--lang", "en")
        assert status == 2
        assert f"{path}:17:8: 'as_of' must be a whole number from 1 to 12" in err

    def test_no_month_at_all(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        path = variant(tmp_path, "as_of: 6\n", "")
        status, _, err = monitor(capsysbinary, str(path), "--lang", "en")
        assert status == 2
        assert "no month to monitor" in err
        assert "Traceback" not in err


class TestBadInput:
    def test_implausible_spending_is_a_located_warning(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """6000 spent of a 5070.36 budget: monitored, with a warning at the figure's line."""
        path = variant(tmp_path, "value: 2535.18", "value: 6000")
        status, _, err = monitor(capsysbinary, str(path), "--lang", "en")
        assert status == 0
        assert f"{path}:32:12: warning: spending so far 6000 is more than the year's budget" in err

    def test_misspelt_spending_fact_names_both_places(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A profile whose spending: says spent: spendng, and facts that give spending: the
        hint names the close fact and the profile's line, not only 'add spendng: to facts:'."""
        profile = tmp_path / "mine.yaml"
        profile.write_text(
            "id: mine\nname: 我的\nmonitoring:\n  extends: default\n"
            "  spending: {spent: spendng, budget: budget, unit: 万元}\n",
            encoding="utf-8",
        )
        status, _, err = monitor(
            capsysbinary, str(JUNE), "--monitoring", str(profile), "--lang", "en"
        )
        # Said where the fact would go: at the facts: key.
        facts_line = JUNE.read_text(encoding="utf-8").splitlines().index("facts:") + 1
        assert status == 2
        assert err.splitlines() == [
            f"scoring: error: {JUNE}:{facts_line}:1: monitoring needs the fact 'spendng'"
            " (spending so far, 执行数) (hint: the facts give 'spending': it, or the name the"
            f" monitoring profile's 'spending:' gives ({profile}:5:3), is misspelt; correct it)"
        ]

    def test_cumulative_rate_is_a_located_error(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        """A weights profile listing a rate as cumulative fails at that entry, exit 2."""
        weights = (ROOT / "weights" / "yueyang-education.yaml").read_text(encoding="utf-8")
        weights = weights.replace(
            "cumulative: [sports_events, sports_participants]",
            "cumulative: [sports_events, key_university_rate]",
        )
        (tmp_path / "w.yaml").write_text(weights, encoding="utf-8")
        status, _, err = monitor(
            capsysbinary, str(JUNE), "--weights", str(tmp_path / "w.yaml"), "--lang", "en"
        )
        assert status == 2
        line = next(i for i, t in enumerate(weights.splitlines(), 1) if "cumulative: [" in t)
        assert (
            f"{tmp_path / 'w.yaml'}:{line}:31: indicator 'key_university_rate' is a rate (unit %),"
            " so it cannot be cumulative" in err
        )
        assert "Traceback" not in err

    def test_xlsx_needs_a_file(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        status, out, err = monitor(capsysbinary, str(JUNE), "--format", "xlsx", "--lang", "en")
        assert (status, out) == (2, "")
        assert "xlsx output is a file, not text" in err

    def test_another_profile(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """--monitoring default: the shipped thresholds alone, no schedule, no cumulative rows."""
        status, out, _ = monitor(
            capsysbinary, str(JUNE), "--monitoring", "default", "--format", "json"
        )
        assert status == 0
        data = json.loads(out)
        assert data["monitoring"]["id"] == "default"
        assert data["monitoring"]["schedule"] == []
        events = next(r for r in data["rows"] if r["id"] == "sports_events")
        # Not cumulative now: 38 against the target 100 itself, 38%.
        assert (events["kind"], events["ratio"], events["status"]) == ("level", 38, "red")


class TestFormats:
    def test_json(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        status, out, _ = monitor(capsysbinary, str(JUNE), "--format", "json")
        assert status == 0
        data = json.loads(out)
        assert (data["month"], data["time_progress"], data["status"]) == (6, 50, "red")
        assert data["counts"] == {"red": 1, "yellow": 1, "green": 11, "blue": 1}
        spending = data["rows"][0]
        assert (spending["id"], spending["spent"], spending["budget"], spending["ratio"]) == (
            "spending",
            2535.18,
            5070.36,
            100,
        )
        # 50 ÷ 45 = 111.11…%
        assert round(spending["schedule_ratio"], 2) == 111.11
        events = next(r for r in data["rows"] if r["id"] == "sports_events")
        assert events["gaps"] == [
            {
                "kind": "short",
                "amount": 12,
                "unit": "场",
                "text": {
                    "zh": "要达到时序进度还需完成 12 场",
                    "en": "12 events more to reach where it should be by now",
                },
            }
        ]
        assert data["missing_notes"] == ["key_university_rate", "sports_participants"]
        assert [w["row"] for w in data["warnings"]] == ["sports_participants"]

    def test_csv(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """UTF-8 with a BOM for Excel; one line per row, monitored or not."""
        status, out, _ = monitor(capsysbinary, str(JUNE), "--format", "csv")
        assert status == 0
        lines = out.splitlines()
        assert lines[0].startswith("\ufeffid,一级指标,二级指标,指标,监控方式")
        assert len(lines) == 1 + 14 + 12  # header, spending and 13 indicators, 12 not monitored
        assert (
            "sports_events,产出,产出数量,举办全民健身赛事活动,按时序累计,≥100 场,50 场,38 场,"
            "76,红色" in out
        )

    @pytest.mark.parametrize(
        ("lang", "both", "measure", "no_figure"),
        [
            ("zh", "偏差原因、纠偏措施", "纠偏措施", "尚无数据（缺 招飞录取人数）"),
            (
                "en",
                "reason, corrective measure",
                "corrective measure",
                "no figure yet (missing pilot_admissions_count)",
            ),
        ],
    )
    def test_csv_says_what_is_missing_in_words(
        self,
        capsysbinary: pytest.CaptureFixture[bytes],
        lang: str,
        both: str,
        measure: str,
        no_figure: str,
    ) -> None:
        """The 缺少 column names what a row off track lacks as the CSV's columns are named
        (it held the JSON's keys, 'reason measure'): 特控线上线率 has neither, 直接参与赛事活动人数
        a reason only (the June example's deviations:)."""
        status, out, _ = monitor(capsysbinary, str(JUNE), "--format", "csv", "--lang", lang)
        assert status == 0
        rows = {r[0]: r for r in csv.reader(io.StringIO(out.removeprefix("\ufeff")))}
        missing = rows["id"].index("缺少" if lang == "zh" else "missing")
        assert rows["key_university_rate"][missing] == both
        assert rows["sports_participants"][missing] == measure
        assert rows["sports_events"][missing] == ""
        assert rows["pilot_admissions"][4] == no_figure

    def test_markdown(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        status, out, _ = monitor(capsysbinary, str(JUNE), "--format", "markdown")
        assert status == 0
        assert (
            "| 产出 | 产出数量 | 举办全民健身赛事活动 ※ | ≥100 场 | 50 场 | 38 场 | 76% | 红色 |"
            " 要达到时序进度还需完成 12 场 |" in out
        )

    def test_html(self, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """Status colours, printable, self-contained; the status is also in words."""
        status, out, _ = monitor(capsysbinary, str(JUNE), "--format", "html")
        assert status == 0
        assert out.startswith("<!DOCTYPE html>")
        assert "@page { size: A4 landscape" in out
        assert 'class="s status-red" style="background:#f8d0d0;color:#8b0000">红色</td>' in out
        assert "http" not in out.replace("http://www.w3.org", "")
        assert "<script" not in out

    def test_html_escapes_the_files_text(
        self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
    ) -> None:
        path = variant(
            tmp_path, "reason: 上半年部分赛事因场馆维修推迟举办", "reason: <b>维修</b> & 推迟"
        )
        _, out, _ = monitor(capsysbinary, str(path), "--format", "html")
        assert "&lt;b&gt;维修&lt;/b&gt; &amp; 推迟" in out
        assert "<b>维修</b>" not in out

    def test_xlsx(self, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
        """A workbook: the red row's status cell is filled red and says 红色."""
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "监控.xlsx"
        status, out, _ = monitor(capsysbinary, str(JUNE), "--format", "xlsx", "-o", str(target))
        assert (status, out) == (0, "")
        wb = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
        ws = wb["运行监控"]
        rows = {row[2].value: row for row in ws.iter_rows(min_row=8)}
        events = rows["举办全民健身赛事活动 ※"]
        assert [c.value for c in events[3:8]] == ["≥100 场", "50 场", "38 场", 76.0, "红色"]
        assert events[7].fill.fgColor.rgb.endswith("F8D0D0")
        assert "说明" in wb.sheetnames


class TestSameBytes:
    @pytest.mark.parametrize("fmt", ["text", "json", "html", "xlsx"])
    def test_whatever_the_hash_seed(self, tmp_path: Path, fmt: str) -> None:
        """Two runs under different hash seeds give the same bytes."""
        outputs = []
        for seed in ("1", "2"):
            target = tmp_path / f"out-{seed}.{fmt}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "scoring",
                    "monitor",
                    str(JUNE),
                    "--format",
                    fmt,
                    "-o",
                    str(target),
                ],
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)},
            )
            outputs.append(target.read_bytes())
        assert outputs[0] == outputs[1]
        if fmt == "xlsx":
            assert zipfile.is_zipfile(io.BytesIO(outputs[0]))
