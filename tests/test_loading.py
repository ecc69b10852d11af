"""The loader: located errors for bad files, and the shipped files themselves."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from scoring.core.engine import check
from scoring.core.errors import ScoringError
from scoring.core.model import Op
from scoring.files import resources
from scoring.files.case import load_case
from scoring.files.facts import load_facts
from scoring.files.indicators import load_indicators
from scoring.files.weights import load_weights

ROOT = Path(__file__).resolve().parent.parent

INDICATOR = """\
indicators:
  - id: staff_control_rate
    name: 在职人员控制率
    level1: 投入
    level2: 预算配置
    unit: "%"
    formula: staff_in_post / authorized_posts * 100
    target: "<= 100%"
    rule: {kind: deduction_per_unit, per: 0.5}
"""


def problems(path: Path, loader: object) -> list[str]:
    """Each problem the loader finds in ``path``, as the one line the CLI prints."""
    with pytest.raises(ScoringError) as info:
        loader(path)  # type: ignore[operator]
    return [p.line() for p in info.value.problems]


def write(tmp_path: Path, text: str, name: str = "file.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


class TestGoodFile:
    def test_indicator_file(self, tmp_path: Path) -> None:
        """A small indicator file loads with its target, rule and formula."""
        (ind,) = load_indicators(write(tmp_path, INDICATOR))
        assert ind.id == "staff_control_rate"
        assert (ind.target.op, ind.target.value, ind.target.unit) == (Op.LE, Decimal(100), "%")
        assert ind.rule.kind == "deduction_per_unit"
        assert ind.formula is not None
        assert ind.formula.names == {"staff_in_post", "authorized_posts"}


class TestUnknownKey:
    def test_did_you_mean(self, tmp_path: Path) -> None:
        """'nmae' instead of 'name' is refused at its line and column, suggesting 'name'."""
        path = write(tmp_path, INDICATOR.replace("    name:", "    nmae:"))
        found = problems(path, load_indicators)
        assert any(
            line.startswith(f"{path}:3:5: unknown key 'nmae'") and "did you mean 'name'?" in line
            for line in found
        ), found

    def test_unknown_rule_parameter(self, tmp_path: Path) -> None:
        """A rule parameter the rule does not read is refused, suggesting the one it does."""
        path = write(tmp_path, INDICATOR.replace("per: 0.5", "per: 0.5, counting: whole, uint: 1"))
        found = problems(path, load_indicators)
        assert any(
            "unknown key 'uint'" in line and "did you mean 'unit'?" in line for line in found
        )

    def test_unknown_rule_kind(self, tmp_path: Path) -> None:
        """A misspelt rule kind is refused, suggesting the right one."""
        path = write(tmp_path, INDICATOR.replace("deduction_per_unit", "deduction_per_unti"))
        found = problems(path, load_indicators)
        assert any(f"{path}:9:" in line and "'deduction_per_unit'" in line for line in found)


class TestProblemOrder:
    def test_problems_in_reading_order(self, tmp_path: Path) -> None:
        """Several problems of one file come in line order, whatever order they were found in."""
        text = INDICATOR.replace('unit: "%"', 'unit: "人"').replace(
            "rule: {kind: deduction_per_unit, per: 0.5}", "rule: {kind: deduction_per_unit}"
        )
        text = text.replace("    name:", "    nmae:")
        found = problems(write(tmp_path, text), load_indicators)
        lines = [int(line.split(":")[1]) for line in found]
        assert len(found) >= 2
        assert lines == sorted(lines)

    def test_percent_sign_on_a_count(self, tmp_path: Path) -> None:
        """A % target on an indicator counted in 人 says to drop the % or change the unit."""
        path = write(tmp_path, INDICATOR.replace('unit: "%"', "unit: 人"))
        (line,) = problems(path, load_indicators)
        assert ":8:13: target '<= 100%' has a % sign but the indicator's unit is '人'" in line
        assert "(hint: remove the % sign, or set the indicator's unit to '%')" in line


class TestYamlTraps:
    def facts(self, value: str) -> str:
        return f"unit: 测试单位\nyear: 2023\nfacts:\n  staff_in_post:\n    value: {value}\n"

    def test_duplicate_key(self, tmp_path: Path) -> None:
        """A key given twice is refused at the second, naming the line of the first."""
        path = write(tmp_path, "unit: a\nyear: 2023\nunit: b\nfacts: {}\n")
        (line,) = problems(path, load_facts)
        assert line.startswith(f"{path}:3:1: duplicate key 'unit' (first at line 1)")

    @pytest.mark.parametrize("word", ["no", "yes", "on", "off"])
    def test_yes_no_words(self, tmp_path: Path, word: str) -> None:
        """YAML 1.1 yes/no words (no, yes, on, off) are refused, not read as booleans."""
        path = write(tmp_path, self.facts(word))
        (line,) = problems(path, load_facts)
        assert line.startswith(f"{path}:5:12: '{word}' would be read as a yes/no value")

    @pytest.mark.parametrize(
        ("number", "why"),
        [
            ("010", "starts with a 0"),
            ("0x1F", "is a hexadecimal, octal or binary number"),
            ("1_000", "has _ between its digits"),
            ("12:30", "has a colon, like a time or a ratio"),
        ],
    )
    def test_ambiguous_numbers(self, tmp_path: Path, number: str, why: str) -> None:
        """Octal, hexadecimal, underscored and base-60 numbers are refused."""
        path = write(tmp_path, self.facts(number))
        (line,) = problems(path, load_facts)
        assert line.startswith(f"{path}:5:12: '{number}' {why}")

    @pytest.mark.parametrize("number", [".nan", ".inf", "-.inf"])
    def test_not_finite(self, tmp_path: Path, number: str) -> None:
        """NaN and infinities are refused."""
        path = write(tmp_path, self.facts(number))
        (line,) = problems(path, load_facts)
        assert line.startswith(f"{path}:5:12: '{number}' is not a finite number")

    def test_numbers_are_exact(self, tmp_path: Path) -> None:
        """0.1 is read as Decimal('0.1'), not the float nearest to it."""
        facts = load_facts(write(tmp_path, self.facts("0.1"))).facts
        assert facts.facts["staff_in_post"].value == Decimal("0.1")


class TestWrongType:
    @pytest.mark.parametrize("kind", ["[]", "{a: 1}", "5", "true"])
    def test_rule_kind_not_a_name(self, tmp_path: Path, kind: str) -> None:
        """A rule kind that is a list, mapping, number or yes/no is a located error, not a crash."""
        path = write(tmp_path, INDICATOR.replace("{kind: deduction_per_unit", f"{{kind: {kind}"))
        (line,) = problems(path, load_indicators)
        assert ":9:18: the kind of rule of 'staff_control_rate' must be a rule's name" in line

    @pytest.mark.parametrize("value", ["[]", "{a: 1}"])
    def test_rule_text_not_text(self, tmp_path: Path, value: str) -> None:
        """A band's range that is a list or a mapping is a located error, not a TypeError."""
        rule = f"rule: {{kind: bands, bands: [{{range: {value}, points: 5}}]}}"
        path = write(
            tmp_path, INDICATOR.replace("rule: {kind: deduction_per_unit, per: 0.5}", rule)
        )
        (line,) = problems(path, load_indicators)
        assert ":9:41: rule of 'staff_control_rate': 'range' must be text" in line

    def test_text_for_a_number(self, tmp_path: Path) -> None:
        """A fact whose value is a number written with words (85人) is refused at the value.

        Text that does not start like a number is a level's name (see
        docs/rules.md); a numeric rule refuses it when scoring, at its line.
        """
        path = write(tmp_path, "unit: a\nyear: 2023\nfacts:\n  posts: {value: 85人}\n")
        (line,) = problems(path, load_facts)
        assert line.startswith(f"{path}:4:18: 'value' in fact 'posts' must be a number")
        assert "'85人' has '人' after the number" in line
        assert "write the number alone, 85" in line

    def test_list_for_a_mapping(self, tmp_path: Path) -> None:
        """'facts' given as a list is refused."""
        path = write(tmp_path, "unit: a\nyear: 2023\nfacts: [1, 2]\n")
        (line,) = problems(path, load_facts)
        assert line.startswith(f"{path}:3:8: 'facts' in a facts file must be a mapping")

    def test_target_without_operator(self, tmp_path: Path) -> None:
        """A bare number as a target is refused with a hint to add the operator."""
        path = write(tmp_path, INDICATOR.replace('"<= 100%"', "100"))
        (line,) = problems(path, load_indicators)
        assert line.startswith(f"{path}:8:13: target 100 has no operator")

    def test_every_problem_at_once(self, tmp_path: Path) -> None:
        """Four problems in one file are reported together, each located."""
        text = (
            "unit: a\nyeer: 2023\nfacts:\n"
            "  posts: {value: 85x}\n"
            "  rate: {value: 1, quote: a, assumed: b}\n"
        )
        path = write(tmp_path, text)
        found = problems(path, load_facts)
        # the unknown key, the missing year, the text value, two provenances at once
        assert len(found) == 4, found
        assert all(line.startswith(f"{path}:") for line in found)

    def test_missing_required_key(self, tmp_path: Path) -> None:
        """An indicator without a name is a located problem, not a crash."""
        path = write(tmp_path, INDICATOR.replace("    name: 在职人员控制率\n", ""))
        (line,) = problems(path, load_indicators)
        assert line.startswith(f"{path}:2:5: an indicator is missing the required key 'name'")


SHIPPED_PAIRS = [
    ("yueyang-department", ["department-common", "department-output-effect"]),
    ("yueyang-education", ["department-common", "education-sports"]),
    ("national-project", ["project-common"]),
]


class TestShippedFiles:
    def test_shipped_names(self) -> None:
        """The shipped indicator and weights files are found by name."""
        assert resources.shipped_names("indicators") == [
            "department-common",
            "department-output-effect",
            "education-sports",
            "project-common",
        ]
        assert resources.shipped_names("weights") == [
            "national-project",
            "yueyang-department",
            "yueyang-education",
        ]

    @pytest.mark.parametrize("name", resources.shipped_names("indicators"))
    def test_indicator_files_load(self, name: str) -> None:
        """Every shipped indicator file loads, each with at least one indicator."""
        path = resources.find("indicators", name)
        assert path is not None
        assert load_indicators(path)

    @pytest.mark.parametrize("name", resources.shipped_names("indicators"))
    def test_every_fact_has_an_english_name(self, name: str) -> None:
        """With --lang en an assumed fact is named in English, not by its id."""
        path = resources.find("indicators", name)
        assert path is not None
        declared = yaml.safe_load(Path(path).read_text("utf-8"))["facts"]
        assert [fact for fact, info in declared.items() if not info.get("name_en")] == []

    @pytest.mark.parametrize(("weights", "indicators"), SHIPPED_PAIRS)
    def test_profiles_fit_their_indicators(self, weights: str, indicators: list[str]) -> None:
        """Each shipped profile gives points to exactly its indicators, adding up to 100."""
        profile_path = resources.find("weights", weights)
        assert profile_path is not None
        profile = load_weights(profile_path)
        inds = [
            ind
            for name in indicators
            for ind in load_indicators(resources.find("indicators", name))  # type: ignore[arg-type]
        ]
        assert check(inds, profile) == []
        assert set(profile.points) == {ind.id for ind in inds}
        assert profile.full_score == 100
        assert sum(profile.points.values()) == 100
        assert not profile.normalise

    def test_project_split(self) -> None:
        """The national project split is 预算执行 10, 产出 50, 效益 30, 满意度 10."""
        profile = load_weights(ROOT / "weights" / "national-project.yaml")
        assert [(c.name, c.points) for c in profile.categories] == [
            ("预算执行", 10),
            ("产出指标", 50),
            ("效益指标", 30),
            ("满意度指标", 10),
        ]

    def test_yueyang_template_numbers(self) -> None:
        """The Yueyang template's readable numbers: 投入 15, 过程 40, staff control 5, "三公" 6."""
        profile = load_weights(ROOT / "weights" / "yueyang-department.yaml")
        categories = {c.name: c.points for c in profile.categories}
        assert (categories["投入"], categories["过程"]) == (15, 40)
        assert profile.points["staff_control_rate"] == 5
        assert profile.points["three_public_control_rate"] == 6
        assert profile.points["key_spending_rate"] == 5
        assert profile.points["budget_adjustment_rate"] == 3


class TestRulesHash:
    def copy_case(self, tmp_path: Path) -> Path:
        """The example with its indicator and weights files copied beside it, by path."""
        for kind, names in (
            ("indicators", ["department-common", "education-sports"]),
            ("weights", ["yueyang-education"]),
        ):
            for name in names:
                source = ROOT / kind / f"{name}.yaml"
                (tmp_path / f"{name}.yaml").write_bytes(source.read_bytes())
        text = (ROOT / "examples" / "yueyang-education-2023.yaml").read_text("utf-8")
        text = text.replace(
            "indicators: [department-common, education-sports]",
            "indicators: [department-common.yaml, education-sports.yaml]",
        ).replace("weights: yueyang-education", "weights: yueyang-education.yaml")
        return write(tmp_path, text, "facts.yaml")

    def test_same_files_same_hash(self, tmp_path: Path) -> None:
        """Copies of the shipped files hash the same as the shipped files."""
        shipped = load_case(ROOT / "examples" / "yueyang-education-2023.yaml")
        assert load_case(self.copy_case(tmp_path)).rules_sha256 == shipped.rules_sha256

    def test_order_of_files_does_not_matter(self, tmp_path: Path) -> None:
        """Naming the indicator files in the other order gives the same hash."""
        facts = self.copy_case(tmp_path)
        forward = load_case(
            facts,
            indicators=[
                str(tmp_path / "department-common.yaml"),
                str(tmp_path / "education-sports.yaml"),
            ],
        )
        backward = load_case(
            facts,
            indicators=[
                str(tmp_path / "education-sports.yaml"),
                str(tmp_path / "department-common.yaml"),
            ],
        )
        assert forward.rules_sha256 == backward.rules_sha256

    def test_any_edit_changes_the_hash(self, tmp_path: Path) -> None:
        """Changing one byte of a rule file, even in a comment, changes the hash."""
        facts = self.copy_case(tmp_path)
        before = load_case(facts).rules_sha256
        weights = tmp_path / "yueyang-education.yaml"
        weights.write_bytes(weights.read_bytes() + b"# edited\n")
        assert load_case(facts).rules_sha256 != before


def test_an_id_given_twice_is_said_with_the_target_it_hides(tmp_path: Path) -> None:
    """The small case's key_university_rate row retyped with budget_execution_rate's id:
    the facts' target for key_university_rate is then for no indicator, and the reason,
    the id given twice at the row's line, is said with it (not only by validate)."""
    from silent_cases import line_of, small_facts  # noqa: PLC0415

    facts = small_facts(tmp_path)
    indicators = tmp_path / "small-indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(
        text.replace("id: key_university_rate", "id: budget_execution_rate"), encoding="utf-8"
    )
    said = problems(facts, load_case)
    second = line_of(indicators, "name: 特控线上线率") - 1
    first = line_of(indicators, "name: 预算执行率") - 1
    assert any(
        line.startswith(f"{indicators}:{second}:5: indicator id 'budget_execution_rate'")
        and f"also at {indicators}:{first}:5" in line
        for line in said
    ), said
    assert any("a target is set for 'key_university_rate'" in line for line in said), said
