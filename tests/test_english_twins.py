"""English twins of units, targets in words and level names (unit_en, target_en, name_en).

Worked by hand from a three-row sheet: 直接参与赛事活动人数 15 万人 against ≥10 万人
(unit_en 10,000 persons: 15 × 10,000 persons against ≥10 × 10,000 persons), 资金结余
无结余 (the level's name_en, no balance) and 管理制度健全性 against 三项全部达到
(target_en all three items met). The same sheet without the twins keeps the Chinese
in English output, and its Chinese output is the same as with them.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from scoring.analysis.monitoring import MonitoringProfile
from scoring.batch.detail import card_details
from scoring.cli.app import main
from scoring.core.engine import score
from scoring.core.errors import ScoringError
from scoring.core.model import Facts, Indicator, Judgement
from scoring.core.record import evolve
from scoring.core.rules import Levels, Qualitative
from scoring.core.values import Op, Target, english_unit, show_value
from scoring.files.case import load_case
from scoring.files.validation import validate
from scoring.rendering import render
from strategies import Case, cases

INDICATORS = """\
indicators:
  - id: sports_participants
    name: 直接参与赛事活动人数
    name_en: People taking part in sports events
    level1: 效果
    level2: 社会效益
    unit: 万人
    unit_en: "10,000 persons"
    target: ">= 10"
    rule: proportional
  - id: fund_balance
    name: 资金结余
    name_en: Fund balance
    level1: 过程
    level2: 预算执行
    target: 无结余
    rule:
      kind: levels
      levels:
        - {name: 无结余, name_en: no balance, points: 3}
        - {name: 结余超过上年结转, name_en: more than last year's carry-over, points: 0}
  - id: rules_soundness
    name: 管理制度健全性
    name_en: Soundness of management rules
    level1: 过程
    level2: 预算执行
    target: 三项全部达到
    target_en: all three items met
    rule:
      kind: checklist
      items:
        - {id: exists, name: 已制定制度}
        - {id: lawful, name: 制度合法}
        - {id: enforced, name: 制度得到执行}
"""

WEIGHTS = """\
id: twins
name: 对照表
name_en: Twins sheet
full_score: 11
grades:
  - {name: 优, name_en: excellent, min: 9}
  - {name: 差, name_en: poor, min: 0}
categories:
  - name: 过程
    name_en: Process
    points: 6
    groups:
      - {name: 预算执行, name_en: Budget execution, points: 6}
  - name: 效果
    name_en: Effect
    points: 5
    groups:
      - {name: 社会效益, name_en: Social benefit, points: 5}
points:
  fund_balance: 3
  rules_soundness: 3
  sports_participants: 5
"""

FACTS = """\
unit: 示例单位
unit_en: Example unit
year: 2023
indicators: [ind.yaml]
weights: weights.yaml
facts:
  sports_participants: 15
  fund_balance: 无结余
  rules_soundness: [exists, lawful, enforced]
"""

# The same indicators with every English twin taken out.
BARE = re.sub(r"\n *unit_en: .*|\n *target_en: .*|, name_en: [^,}]*", "", INDICATORS)


def write(folder: Path, indicators: str = INDICATORS, facts: str = FACTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ind.yaml").write_text(indicators, encoding="utf-8")
    (folder / "weights.yaml").write_text(WEIGHTS, encoding="utf-8")
    path = folder / "facts.yaml"
    path.write_text(facts, encoding="utf-8")
    return path


def table_rows(text: str) -> dict[str, list[str]]:
    """The table's rows of the text output, by indicator name: its cells split at 2+ spaces."""
    rows = {}
    for line in text.splitlines():
        cells = re.split(r" {2,}", line.strip())
        if len(cells) >= 6:
            rows[cells[2]] = cells
    return rows


def scored(path: Path, fmt: str = "text", lang: str = "zh") -> str:
    case = load_case(path)
    card = score(case.indicators, case.weights, case.facts)
    return render(card, fmt, lang)


class TestTheTable:
    def test_english_shows_the_twins(self, tmp_path: Path) -> None:
        """15 万人 is 15 × 10,000 persons; 无结余 is no balance; 三项全部达到 is its target_en."""
        rows = table_rows(scored(write(tmp_path), lang="en"))
        people = rows["People taking part in sports events"]
        assert people[4:6] == ["≥10 × 10,000 persons", "15 × 10,000 persons"]
        assert rows["Fund balance"][4:6] == ["no balance", "no balance"]
        assert rows["Soundness of management rules"][4:6] == ["all three items met", "3 of 3 items"]

    def test_the_explanation_uses_the_twins(self, tmp_path: Path) -> None:
        text = scored(write(tmp_path), lang="en")
        assert (
            "People taking part in sports events: 15 × 10,000 persons ≥ 10 × 10,000 persons,"
            " target met" in text
        )

    def test_without_twins_english_keeps_the_chinese(self, tmp_path: Path) -> None:
        """Nothing is translated by guessing: 万人, 无结余 and 三项全部达到 stay as written."""
        rows = table_rows(scored(write(tmp_path, BARE), lang="en"))
        assert rows["People taking part in sports events"][4:6] == ["≥10 万人", "15 万人"]
        assert rows["Fund balance"][4:6] == ["无结余", "无结余"]
        assert rows["Soundness of management rules"][4] == "三项全部达到"

    @pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "html", "json"])
    def test_chinese_is_the_same_with_or_without_twins(self, tmp_path: Path, fmt: str) -> None:
        """The twins change English output only (JSON aside, which holds both languages)."""
        twins = scored(write(tmp_path / "a"), fmt)
        bare = scored(write(tmp_path / "b", BARE), fmt)
        if fmt == "json":
            english = ("unit_en", "target_en", "value_en")
            twins = json.dumps(_without(json.loads(twins), english))
            bare = json.dumps(_without(json.loads(bare), english))
            twins, bare = twins.split('"rules_sha256"')[0], bare.split('"rules_sha256"')[0]
        assert twins == bare
        assert "万人" in twins or fmt == "json"

    def test_csv_in_english_has_the_unit_and_target_in_english(self, tmp_path: Path) -> None:
        lines = scored(write(tmp_path), "csv", "en").splitlines()
        people = next(line for line in lines if line.startswith("sports_participants,"))
        assert ',"10,000 persons",5,"≥10 × 10,000 persons",15,' in people


def _without(value: object, keys: tuple[str, ...]) -> object:
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


class TestJson:
    def test_english_keys_beside_the_chinese(self, tmp_path: Path) -> None:
        rows = {r["id"]: r for r in json.loads(scored(write(tmp_path), "json"))["indicators"]}
        people = rows["sports_participants"]
        assert (people["unit"], people["unit_en"]) == ("万人", "10,000 persons")
        assert (people["target"], people["target_en"]) == ("≥10 万人", "≥10 × 10,000 persons")
        assert "value_en" not in people  # a number: its unit says it
        balance = rows["fund_balance"]
        assert (balance["value"], balance["value_en"]) == ("无结余", "no balance")
        assert (balance["target"], balance["target_en"]) == ("无结余", "no balance")
        assert rows["rules_soundness"]["target_en"] == "all three items met"
        keys = list(people)
        assert keys[keys.index("unit") : keys.index("target_op")] == [
            "unit", "unit_en", "value", "target", "target_en",
        ]  # fmt: skip

    def test_no_english_keys_without_twins(self, tmp_path: Path) -> None:
        rows = json.loads(scored(write(tmp_path, BARE), "json"))["indicators"]
        assert not {"unit_en", "target_en", "value_en"} & {k for r in rows for k in r}


class TestRefused:
    @pytest.mark.parametrize(
        ("old", "new", "message", "line"),
        [
            (
                'unit_en: "10,000 persons"',
                "unit_en: 万人次",
                "'unit_en' is the English of 'unit' but has '万' in it: '万人次'",
                8,
            ),
            (
                'unit_en: "10,000 persons"',
                "unit_en: [persons]",
                "'unit_en' in an indicator must be text",
                8,
            ),
            ("    unit: 万人\n", "", "'unit_en' is the English of the unit, but", 7),
            ("unit: 万人", 'unit: "%"', "the unit '%' is the same in English", 8),
            (
                'target: ">= 10"\n',
                'target: ">= 10"\n    target_en: at least ten\n',
                "'target_en' is the English of a target in words or a deadline, but the target"
                " ≥10 万人 is a number",
                10,
            ),
            (
                "target_en: all three items met",
                "target_en: 全部",
                "'target_en' is the English of 'target' but has '全' in it",
                28,
            ),
            (
                "name_en: no balance",
                "name_en: 没有",
                "'name_en' is the English of 'name' but has '没' in it",
                20,
            ),
        ],
    )
    def test_a_bad_twin_at_its_line(
        self, tmp_path: Path, old: str, new: str, message: str, line: int
    ) -> None:
        assert old in INDICATORS
        path = write(tmp_path, INDICATORS.replace(old, new, 1))
        with pytest.raises(ScoringError, match=re.escape(message)) as info:
            load_case(path)
        (problem,) = info.value.problems
        assert problem.location is not None
        assert (Path(problem.location.file).name, problem.location.line) == ("ind.yaml", line)

    def test_said_in_chinese(self, tmp_path: Path) -> None:
        path = write(tmp_path, INDICATORS.replace('unit_en: "10,000 persons"', "unit_en: 万人次"))
        with pytest.raises(ScoringError) as info:
            load_case(path)
        said = info.value.problems[0].line(lang="zh")
        assert said.endswith(
            ":8:14: 'unit_en' 是 'unit' 的英文，却含有 '万'：'万人次'"
            "（提示：'unit_en' 请用英文写在一行内；中文写在 'unit' 下）"
        )

    @pytest.mark.parametrize(
        ("twin", "said"),
        [
            ('unit_en: "10,000\\npersons"', "has '\\\\n' in it"),
            ("name_en: 人数", "'name_en' is the English of 'name'"),
        ],
    )
    def test_a_fact_declared_with_a_bad_twin(self, tmp_path: Path, twin: str, said: str) -> None:
        declared = f"facts:\n  people: {{name: 人数, unit: 万人, {twin}}}\n"
        text = declared + INDICATORS.replace("    rule: proportional", "    formula: people\n"
                                             "    rule: proportional", 1)  # fmt: skip
        path = write(tmp_path, text, FACTS.replace("sports_participants: 15", "people: 15"))
        with pytest.raises(ScoringError, match=said) as info:
            load_case(path)
        assert info.value.problems[0].location.line == 2  # type: ignore[union-attr]

    def test_a_year_target_in_words_takes_its_twin_and_a_number_refuses_one(
        self, tmp_path: Path
    ) -> None:
        words = FACTS + (
            "targets:\n  rules_soundness:\n    target: 两项达到\n    target_en: two items met\n"
        )
        rows = table_rows(scored(write(tmp_path / "a", facts=words), lang="en"))
        assert rows["Soundness of management rules"][4] == "two items met"
        number = FACTS + (
            "targets:\n  sports_participants:\n    target: '>= 12'\n    target_en: twelve\n"
        )
        with pytest.raises(ScoringError, match="is a number") as info:
            load_case(write(tmp_path / "b", facts=number))
        assert info.value.problems[0].location.line == 13  # type: ignore[union-attr]


class TestNamesInEnglish:
    """Every name_en (an indicator's, a category's, a group's, a grade's, the profile's)
    and the unit's unit_en are English twins: a Chinese one was taken as it stood, and
    --lang en showed Chinese where English was written for it."""

    @pytest.mark.parametrize(
        ("file", "old", "new", "line"),
        [
            ("ind.yaml", "name_en: Fund balance", "name_en: 资金结余", 13),
            ("weights.yaml", "name_en: Twins sheet", "name_en: 对照表", 3),
            ("weights.yaml", "name_en: excellent", "name_en: 优秀", 6),
            ("weights.yaml", "name_en: Process", "name_en: 过程", 10),
            ("weights.yaml", "name_en: Budget execution", "name_en: 预算执行", 13),
            ("facts.yaml", "unit_en: Example unit", "unit_en: 示例单位（英文）", 2),
        ],
    )
    def test_refused_at_its_line(
        self, tmp_path: Path, file: str, old: str, new: str, line: int
    ) -> None:
        path = write(tmp_path)
        target = tmp_path / file
        text = target.read_text("utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), "utf-8")
        with pytest.raises(ScoringError, match="is the English of") as info:
            load_case(path)
        (problem,) = info.value.problems
        assert problem.location is not None
        assert (Path(problem.location.file).name, problem.location.line) == (file, line)


class TestValidateNotes:
    def test_english_notes_each_field_without_a_twin(self, tmp_path: Path) -> None:
        """The unit 万人, the words 三项全部达到 and the levels without name_en, each noted;
        无结余 is a level's name, noted with the levels."""
        report = validate([write(tmp_path, BARE)], english=True)
        assert report.ok
        said = [n.text("en") for n in report.notes]
        assert said == [
            "with --lang en, the unit '万人' of 'sports_participants' shows in Chinese:"
            " it has no 'unit_en'",
            "with --lang en, the outcomes 无结余、结余超过上年结转 of 'fund_balance' show in"
            " Chinese: they have no 'name_en'",
            "with --lang en, the target '无结余' of 'fund_balance' shows in Chinese:"
            " it has no 'target_en'",
            "with --lang en, the target '三项全部达到' of 'rules_soundness' shows in Chinese:"
            " it has no 'target_en'",
        ]

    def test_no_note_with_the_twins_nor_in_chinese(self, tmp_path: Path) -> None:
        assert validate([write(tmp_path / "a")], english=True).notes == ()
        assert validate([write(tmp_path / "b", BARE)]).notes == ()

    def test_the_command_prints_notes_with_lang_en_only(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, BARE)
        assert main(["--lang", "en", "validate", str(path)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].endswith(
            "ind.yaml:2:5: note: with --lang en, the unit '万人' of 'sports_participants' shows"
            " in Chinese: it has no 'unit_en' (hint: add 'unit_en:' beside 'unit:', the unit in"
            " English)"
        )
        assert out[-1] == "checked 1 file: no problems"
        assert main(["validate", str(path)]) == 0
        assert "unit_en" not in capsys.readouterr().out

    def test_shipped_files_need_no_note(self) -> None:
        root = Path(__file__).resolve().parent.parent
        folders = [root / "indicators", root / "weights", root / "examples"]
        assert validate(folders, english=True).notes == ()


class TestValues:
    def test_a_multiple_follows_a_times_sign(self) -> None:
        assert english_unit("10,000 persons") == "× 10,000 persons"
        assert english_unit("events") == "events"
        target = Target(Op.EQ, Decimal(10), "万人", unit_en="10,000 persons")
        assert (str(target), str(target.en)) == ("=10 万人", "=10 × 10,000 persons")

    def test_english_words_of_the_program(self) -> None:
        """是/否, 、 and （无）, and a verdict's 分, are the program's words: English in English."""
        assert [show_value(v, lang="en") for v in (True, False, ("a", "b"), ())] == [
            "yes", "no", "a, b", "(none)",
        ]  # fmt: skip
        rule = Qualitative()
        verdict = Judgement("达成年度指标", Decimal(27))
        assert show_value(verdict, lang="en", name_en=rule.name_en) == "achieved (27 points)"
        assert show_value(verdict) == "达成年度指标（27 分）"

    def test_a_level_named_by_its_english_name_shows_it(self) -> None:
        case = load_case(Path(__file__).resolve().parent.parent / "examples"
                         / "yueyang-education-2023.yaml")  # fmt: skip
        rule = next(i.rule for i in case.indicators if i.id == "fund_balance")
        assert isinstance(rule, Levels)
        assert rule.name_en("无结余") == rule.name_en("no balance") == "no balance"
        assert rule.name_en("有结余") is None


class TestElsewhere:
    def test_batch_details_give_the_english(self, tmp_path: Path) -> None:
        case = load_case(write(tmp_path))
        card = score(case.indicators, case.weights, case.facts)
        details = {d.indicator: d for d in card_details(card, tuple(case.weights.points))}
        people = details["sports_participants"]
        assert (people.value_text, people.value_text_en) == ("15 万人", "15 × 10,000 persons")
        assert (people.target, people.target_en) == ("≥10 万人", "≥10 × 10,000 persons")
        soundness = details["rules_soundness"]
        assert soundness.value_text_en == "exists, lawful, enforced"
        bare = load_case(write(tmp_path / "bare", BARE))
        card = score(bare.indicators, bare.weights, bare.facts)
        people = card_details(card, tuple(bare.weights.points))[2]
        assert (people.value_text_en, people.target_en) == (None, None)

    def test_money_unit_of_monitoring(self) -> None:
        profile = MonitoringProfile(id="x", bands=())
        assert (profile.money.zh, profile.money.en) == ("万元", "× 10,000 yuan")
        own = evolve(profile, money_unit="元", money_unit_en=None)
        assert (own.money.en, own.money_name.en) == ("元", "元")


def _with_twins(case: Case) -> Case:
    """Every unit, word target and named outcome of ``case`` with an English twin."""

    def twinned(target: Target, ind: Indicator) -> Target:
        unit_en = "u" if target.unit == ind.unit and ind.unit not in ("", "%") else None
        return evolve(target, unit_en=unit_en, text_en="words" if target.text else None)

    indicators = tuple(
        evolve(
            ind,
            unit_en="u" if ind.unit not in ("", "%") else None,
            target=twinned(ind.target, ind),
        )
        for ind in case.indicators
    )
    by_id = {ind.id: ind for ind in case.indicators}
    targets = {
        k: evolve(t, target=twinned(t.target, by_id[k])) for k, t in case.facts.targets.items()
    }
    facts: Facts = evolve(case.facts, targets=targets)
    return evolve(case, indicators=indicators, facts=facts)


class TestProperty:
    @settings(max_examples=40)  # under a second; the engine's own properties draw more
    @given(cases())
    def test_twins_change_no_score_and_no_chinese(self, case: Case) -> None:
        """English twins change no row's points, no total or grade and no Chinese word of
        the scorecard; the English of a case without them is its Chinese units and words."""
        twinned = _with_twins(case)
        a = score(case.indicators, case.weights, case.facts, missing=case.missing)
        b = score(twinned.indicators, twinned.weights, twinned.facts, missing=case.missing)
        assert (a.total, a.grade) == (b.total, b.grade)
        assert [(r.id, r.points, r.explanation.zh, r.criterion.zh) for r in a.rows] == [
            (r.id, r.points, r.explanation.zh, r.criterion.zh) for r in b.rows
        ]
        assert render(a, "text", "zh") == render(b, "text", "zh")
