"""The wrong weights profile: one clear error first, the shipped profiles that fit, few details.

The figures are counted by hand from the shipped files: department-common.yaml defines 13
indicators and education-sports.yaml 12, 25 in all; national-project.yaml gives points to
seven ids, of which only budget_execution_rate is among them, so 24 of the 25 have none;
yueyang-education.yaml gives points to all 25, yueyang-department.yaml to the 13 of
department-common. check() finds 38 problems for the pair: 24 rows without points, 1 row
(budget_execution_rate) under a category national-project has not, 7 groups whose rows add
up to 0 and 6 points for ids no file defines; besides the first error, 5 are printed and the
other 33 counted.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.cli.app import main
from scoring.core.engine import check, profile_mismatch
from scoring.core.errors import (
    DETAILS_SHOWN,
    InputError,
    Location,
    ProblemsError,
    ProfileMismatch,
    WeightsError,
    raise_if_any,
    shown,
)
from scoring.core.model import Category, Group, Indicator, WeightsProfile
from scoring.core.rules import Proportional
from scoring.core.values import Op, Target

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
ZH_FIRST = (
    "25 个指标中有 24 个在权重方案 'national-project' 中没有分值（如在职人员控制率、"
    "“三公经费”变动率、重点支出安排率）：可能用错了权重方案"
)
EN_FIRST = (
    "24 of the 25 indicators have no points in weights profile 'national-project' (such as"
    " staff_control_rate, three_public_change_rate, key_spending_rate): probably the wrong"
    " weights profile"
)


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCORING_LANG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


def indicator(ind_id: str) -> Indicator:
    return Indicator(
        ind_id, f"指标{ind_id}", "产出", "数量", Target(Op.GE, Decimal(1)), Proportional()
    )


def profile(*ids: str) -> WeightsProfile:
    return WeightsProfile(
        id="w",
        name="表",
        categories=(Category("产出", Decimal(100), (Group("数量", Decimal(100)),)),),
        points={i: Decimal(100) / len(ids) for i in ids} if ids else {},
    )


def example_weighted(tmp_path: Path, weights: str) -> tuple[Path, str]:
    """The example copied into ``tmp_path`` with ``weights: <weights>`` and its indicator
    files by path: the file, and its text."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "weights: yueyang-education", f"weights: {weights}"
    )
    text = text.replace(
        "[department-common, education-sports]",
        "[{}, {}]".format(
            ROOT / "indicators" / "department-common.yaml",
            ROOT / "indicators" / "education-sports.yaml",
        ),
    )
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    return facts, text


class TestTheRule:
    """More than half of the indicators, and at least 3, without points: the wrong profile."""

    @pytest.mark.parametrize(
        ("defined", "pointed", "lead"),
        [
            ("abcde", "ab", True),  # 3 of 5 without points
            ("abcdef", "abc", False),  # 3 of 6: not more than half
            ("abc", "a", False),  # 2 of 3: fewer than 3
            ("abc", "", True),  # none of 3
            ("abcdefgh", "abcdefg", False),  # 1 of 8: a row whose points were forgotten
        ],
    )
    def test_when(self, defined: str, pointed: str, lead: bool) -> None:
        found = profile_mismatch([indicator(i) for i in defined], profile(*pointed))
        assert (found is not None) is lead
        if found is not None:
            assert found.missing == tuple(i for i in defined if i not in pointed)
            assert found.total == len(defined)

    def test_first_among_the_problems(self) -> None:
        """check() gives it first; raise_if_any keeps it first though others stand earlier in
        their files (the lead stands at the weights profile, here without a place)."""
        problems = check([indicator(i) for i in "abcde"], profile("a", "b"))
        assert isinstance(problems[0], ProfileMismatch)
        early = WeightsError("early", location=Location("a.yaml", 1, 1))
        with pytest.raises(ProblemsError) as caught:
            raise_if_any([early, *problems])
        assert isinstance(caught.value.problems[0], ProfileMismatch)
        assert caught.value.problems[1] is early

    def test_none_of_them(self) -> None:
        found = profile_mismatch([indicator(i) for i in "abc"], profile())
        assert found is not None
        assert found.text("zh") == (
            "3 个指标在权重方案 'w' 中都没有分值（如指标a、指标b、指标c）：可能用错了权重方案"
        )
        assert found.text("en") == (
            "none of the 3 indicators has points in weights profile 'w' (such as a, b, c):"
            " probably the wrong weights profile"
        )


class TestShown:
    def test_the_lead_five_details_and_a_count(self) -> None:
        lead = ProfileMismatch("wrong", missing=("a",), total=1, weights_id="w")
        details = [InputError(f"detail {n}") for n in range(8)]
        printed = shown([lead, *details])
        assert printed[: 1 + DETAILS_SHOWN] == [lead, *details[:DETAILS_SHOWN]]
        assert [p.text("zh") for p in printed[1 + DETAILS_SHOWN :]] == [
            "还有 3 处问题未列出：多由权重方案不符引起，请先换用合适的权重方案"
        ]
        assert len(printed) == 7

    def test_everything_otherwise(self) -> None:
        """Without the lead, or with five details or fewer, every problem is printed."""
        details = [InputError(f"detail {n}") for n in range(8)]
        assert shown(details) == details
        lead = ProfileMismatch("wrong", missing=("a",), total=1, weights_id="w")
        assert shown([lead, *details[:5]]) == [lead, *details[:5]]


@pytest.mark.usefixtures("chinese")
class TestCommandLine:
    def test_score_with_the_wrong_weights(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The department example with the project profile: 7 lines, not 38; exit 2."""
        status, out, err = run(capsys, "score", str(EXAMPLE), "--weights", "national-project")
        assert (status, out) == (2, "")
        assert err[0] == (
            f"scoring: 错误：<command line>: {ZH_FIRST}（提示：自带的权重方案"
            " 'yueyang-education' 给这 25 个指标都定了分值：请改用 --weights yueyang-education）"
        )
        assert len(err) == 1 + DETAILS_SHOWN + 1
        assert err[1].endswith(
            "department-common.yaml:51:5: 指标 'staff_control_rate' 在权重方案"
            " 'national-project' 中没有分值（提示：在权重方案的 points: 下加上"
            " staff_control_rate: <分值>）"
        )
        assert err[-1] == (
            "scoring: 错误：还有 33 处问题未列出：多由权重方案不符引起，请先换用合适的权重方案"
        )
        assert "Traceback" not in "\n".join(err)

    def test_in_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = ("score", str(EXAMPLE), "--weights", "national-project", "--lang", "en")
        status, _, err = run(capsys, *args)
        assert status == 2
        assert err[0] == (
            f"scoring: error: <command line>: {EN_FIRST} (hint: the shipped weights profile"
            " 'yueyang-education' gives points to all 25 of them: use --weights"
            " yueyang-education)"
        )
        assert err[-1] == (
            "scoring: error: and 33 more problems, not listed: most follow from the weights"
            " profile; choose the right profile first"
        )

    def test_named_in_the_facts_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """weights: national-project in the file: said at that line, and what to write there."""
        facts, text = example_weighted(tmp_path, "national-project")
        line = text.splitlines().index("weights: national-project") + 1
        for command in ("score", "explain", "monitor"):
            status, _, err = run(
                capsys, command, str(facts), *(["--month", "6"] if command == "monitor" else [])
            )
            assert status == 2, command
            assert err[0] == (
                f"scoring: 错误：{facts}:{line}:10: {ZH_FIRST}（提示：自带的权重方案"
                " 'yueyang-education' 给这 25 个指标都定了分值：请在此处改为 weights:"
                " yueyang-education，或用 --weights yueyang-education）"
            ), command
            assert len(err) == 7, command

    def test_validate_lists_every_problem_after_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        facts, _ = example_weighted(tmp_path, str(ROOT / "weights" / "national-project.yaml"))
        status, out, _ = run(capsys, "validate", str(facts))
        assert status == 2
        lines = out.splitlines()
        assert lines[0].startswith(f"{facts}:")
        assert ZH_FIRST in lines[0]
        assert "'yueyang-education' 给这 25 个指标都定了分值" in lines[0]
        assert lines[-1] == "已检查 1 个文件：39 个错误，0 个警告"

    def test_batch(self, capsys: pytest.CaptureFixture[str]) -> None:
        table = ROOT / "docs" / "examples" / "units-2023.csv"
        rules = ["--indicators", "department-common", "education-sports"]
        for extra in ([], ["--monitor", "6"]):
            status, out, err = run(
                capsys, "batch", str(table), *rules, "--weights", "national-project", *extra
            )
            assert (status, out) == (2, ""), extra
            assert err[0].startswith(f"scoring: 错误：<command line>: {ZH_FIRST}（提示：")
            assert len(err) == 7, extra

    def test_audit_does_not_audit_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Its rows against the wrong profile would be findings of points that do not add up
        (A101: 10 of 100): the file is listed as not audited, exit 2, with its row in the CSV."""
        status, out, _ = run(capsys, "audit", str(EXAMPLE), "--weights", "national-project")
        assert status == 2
        lines = out.splitlines()
        assert lines[0] == f"{EXAMPLE}：无法读取"
        assert lines[1] == (
            f"  <command line>: {ZH_FIRST}（提示：自带的权重方案 'yueyang-education' 给这 25"
            " 个指标都定了分值：请改用 --weights yueyang-education）"
        )
        assert lines[7] == "  还有 33 处问题未列出：多由权重方案不符引起，请先换用合适的权重方案"
        assert "A101" not in out
        status, out, _ = run(
            capsys, "audit", str(EXAMPLE), "--weights", "national-project", "--format", "csv"
        )
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
        assert [r[1] for r in rows[1:]] == ["无法读取"] * 7
        assert rows[1][6].startswith(f"<command line>: {ZH_FIRST}")


@pytest.mark.usefixtures("chinese")
class TestWhichProfilesFit:
    def _indicators(self, tmp_path: Path, ids: str) -> Path:
        path = tmp_path / "mine.yaml"
        path.write_text(
            "id: mine\nname: 我的指标\nindicators:\n"
            + "".join(
                f"  - {{id: {i}, name: 指标{i}, level1: 产出, level2: 数量, unit: 个,"
                f" target: '>= 1', rule: proportional}}\n"
                for i in ids
            ),
            encoding="utf-8",
        )
        return path

    def _facts(self, tmp_path: Path) -> Path:
        """A facts file with no facts (no targets either): nothing to say before the rules."""
        path = tmp_path / "facts.yaml"
        path.write_text("unit: 单位\nyear: 2023\nfacts: {}\n", encoding="utf-8")
        return path

    def test_none_fits(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        mine = self._indicators(tmp_path, "xyz")
        facts = self._facts(tmp_path)
        status, _, err = run(
            capsys, "score", str(facts), "--indicators", str(mine), "--weights", "national-project"
        )
        assert status == 2
        assert err[0] == (
            "scoring: 错误：<command line>: 3 个指标在权重方案 'national-project' 中都没有分值"
            "（如指标x、指标y、指标z）：可能用错了权重方案（提示：没有哪个自带的权重方案给这些指标"
            "定了分值：请为它们编写权重方案（见 docs/weights.md））"
        )

    def test_the_closest(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """department-common's 13 and two of my own: 14 of the 15 without points in
        national-project; yueyang-department and yueyang-education each give 13 of the 15."""
        mine = self._indicators(tmp_path, "xy")
        status, _, err = run(
            capsys,
            "score",
            str(self._facts(tmp_path)),
            "--indicators",
            "department-common",
            str(mine),
            "--weights",
            "national-project",
        )
        assert status == 2
        assert err[0].startswith(
            "scoring: 错误：<command line>: 15 个指标中有 14 个在权重方案 'national-project'"
        )
        assert err[0].endswith(
            "（提示：没有哪个自带的权重方案给这些指标都定了分值（最接近的："
            "'yueyang-department'（15 个中有 13 个）、'yueyang-education'（15 个中有 13 个））："
            "请为这些指标编写权重方案（见 docs/weights.md））"
        )

    def test_the_right_profile_scores(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The profile the hint names scores the example: 99.88, as README says."""
        status, out, _ = run(capsys, "score", str(EXAMPLE), "--weights", "yueyang-education")
        assert status == 0
        assert "总分：99.88 / 100" in out
