"""Rules refuse what they cannot score, at the line that says it (docs/rules.md).

Mutation testing found these refusals reached by no core test: a checklist,
levels or qualitative rule without entries, with an entry lacking its name,
with two entries of one name or bands with a gap; targets a rule cannot
score against; a value of the wrong kind given to a rule directly.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import Judgement, Op, RuleError, ScoringError, Target, load_indicators
from scoring.core.rules import (
    RULES,
    Assessment,
    CountDeduction,
    Equal,
    Proportional,
    Qualitative,
    Unscored,
    parse_interval,
    register,
)
from scoring.core.values import Text

D = Decimal


def load_rule(tmp_path: Path, rule_yaml: str) -> object:
    """Load one indicator whose rule is ``rule_yaml`` (its lines start at line 8); a rule
    that compares numbers has the target '>= 0', the others words."""
    target = ">= 0" if "kind: bands" in rule_yaml else "达成"
    path = tmp_path / "ind.yaml"
    path.write_text(
        "indicators:\n  - id: row\n    name: 行\n    level1: 过程\n    level2: 预算执行\n"
        f"    target: '{target}'\n    rule:\n{rule_yaml}",
        encoding="utf-8",
    )
    return load_indicators(path)


REFUSED = [
    ("      kind: checklist\n      items: []\n", "rule 'checklist' needs at least one item", 9),
    (
        "      kind: checklist\n      items:\n        - {id: a}\n        - {id: b, name: a}\n",
        "two items are called 'a'",
        10,
    ),
    (
        "      kind: checklist\n      items:\n        - {name: 制度健全}\n",
        "each item needs an 'id', such as 'exists'",
        10,
    ),
    ("      kind: levels\n      levels: []\n", "rule 'levels' needs at least one level", 9),
    (
        "      kind: levels\n      levels:\n        - {name: good, points: 2}\n"
        "        - {name: 差, name_en: good, points: 1}\n",
        "two levels are called 'good'",
        10,
    ),
    (
        "      kind: levels\n      levels:\n        - {name: 好, name_en: 好的, points: 2}\n",
        "'name_en' is the English of 'name' but has '好' in it: '好的'",
        10,
    ),
    (
        "      kind: levels\n      levels:\n        - {points: 2}\n",
        "each level needs a 'name', such as 无结余",
        10,
    ),
    ("      kind: qualitative\n      bands: []\n", "rule 'qualitative' needs at least one band", 9),
    (
        "      kind: qualitative\n      bands:\n        - {name: 低, range: '[0, 50)'}\n"
        "        - {name: 高, range: '[60, 100]'}\n",
        "there is a gap between bands [0, 50) and [60, 100]",
        10,
    ),
    (
        "      kind: qualitative\n      bands:\n        - {name: rated, range: '[0, 50)'}\n"
        "        - {name: 高, name_en: rated, range: '[50, 100]'}\n",
        "two bands are called 'rated'",
        10,
    ),
    (
        "      kind: qualitative\n      bands:\n"
        "        - {name: 高, name_en: \"high\\nhigher\", range: '[0, 100]'}\n",
        "'name_en' is the English of 'name' but has '\\n' in it",
        10,
    ),
    (
        "      kind: qualitative\n      bands:\n        - {name: 低}\n",
        "each band needs a 'name' and a 'range' such as '[80, 100]'",
        10,
    ),
    (
        "      kind: qualitative\n      bands:\n        - {range: '[0, 100]'}\n",
        "each band needs a 'name' and a 'range' such as '[80, 100]'",
        10,
    ),
    (
        "      kind: qualitative\n      bands:\n        - {name: 低, range: '[0, x]'}\n",
        "bad range '[0, x]'",
        10,
    ),
    (
        "      kind: bands\n      bands:\n        - {points: 1}\n",
        "each band needs a 'range', such as '[80, 90)'",
        10,
    ),
]


class TestRefusedAtLoad:
    @pytest.mark.parametrize(("rule_yaml", "message", "line"), REFUSED)
    def test_refused_at_its_line(
        self, tmp_path: Path, rule_yaml: str, message: str, line: int
    ) -> None:
        with pytest.raises(ScoringError, match=re.escape(message)) as info:
            load_rule(tmp_path, rule_yaml)
        assert info.value.location is not None
        assert info.value.location.line == line

    def test_the_same_bands_without_the_gap_load(self, tmp_path: Path) -> None:
        """[0, 50) and [50, 100] meet: accepted, and 3 of 10 is the lower band's 30%."""
        (ind,) = load_rule(  # type: ignore[misc]
            tmp_path,
            "      kind: qualitative\n      bands:\n        - {name: 低, range: '[0, 50)'}\n"
            "        - {name: 高, range: '[50, 100]'}\n",
        )
        assert ind.rule.assess(Judgement("低", D(3)), ind.target, D(10)).share == D("0.3")


class TestInfiniteEnds:
    @pytest.mark.parametrize("bad", ["[inf, 5)", "(-infinity, 5)", "[5, -inf)", "(5, infinity)"])
    def test_an_infinite_end_must_be_signed_on_its_side(self, bad: str) -> None:
        """The low end is -inf and the high end +inf; 'inf' alone, 'infinity' or an end of
        the wrong sign is refused, not read as a number."""
        with pytest.raises(ValueError, match=re.escape("write an infinite end as -inf or +inf")):
            parse_interval(bad)

    def test_signed_infinite_ends(self) -> None:
        interval = parse_interval("(-inf, +inf)")
        assert (interval.low, interval.high) == (None, None)
        assert interval.contains(D("-1e30"))


class TestTargetsRefused:
    def test_equal_needs_a_target_of_zero_or_more(self) -> None:
        assert Equal().check(Target(Op.EQ, D(-1), "%"), D(5)) == [
            "rule 'equal' needs a target of 0 or more"
        ]
        assert Equal().check(Target(Op.EQ, D(0), "%"), D(5)) == []

    @pytest.mark.parametrize("value", ["1.5", "-1"])
    def test_count_deduction_needs_a_whole_number_target(self, value: str) -> None:
        assert CountDeduction().check(Target(Op.LE, D(value), "起"), D(5)) == [
            "rule 'count_deduction' needs a whole number of incidents as target"
        ]
        assert CountDeduction().check(Target(Op.LE, D(2), "起"), D(5)) == []


class TestValuesOfTheWrongKind:
    @pytest.mark.parametrize(
        ("value", "said"),
        [
            ("良好", "the text '良好'"),
            (("a",), "a list"),
            (Judgement("优", D(9)), "a qualitative verdict"),
        ],
    )
    def test_a_number_rule_names_what_it_was_given(self, value: object, said: str) -> None:
        with pytest.raises(RuleError) as info:
            Proportional().assess(value, Target(Op.GE, D(100), "%"), D(10))  # type: ignore[arg-type]
        assert info.value.message == f"rule 'proportional' scores a number, not {said}"

    def test_a_verdict_in_no_band_of_the_rule(self) -> None:
        """The national bands are 达成年度指标, 部分达成并具有一定效果 and 未达成且效果较差:
        a verdict '甲' is refused, naming them."""
        with pytest.raises(RuleError) as info:
            Qualitative().assess(Judgement("甲", D(9)), Target.described("评定"), D(10))
        assert info.value.message == "'甲' is not one of the bands of this rule"
        assert info.value.hint is not None
        assert info.value.hint == (
            "use one of: 未达成且效果较差, 部分达成并具有一定效果, 达成年度指标"
        )

    def test_an_informational_row_is_never_assessed(self) -> None:
        with pytest.raises(RuleError, match="an informational row is not scored"):
            Unscored().assess(D(1), Target.described("仅列示"), D(0))

    def test_unscored_rules_are_all_alike(self) -> None:
        assert Unscored() == Unscored()
        assert Unscored() != Qualitative()
        assert hash(Unscored()) == hash(Unscored())


class TestRegistryAndShares:
    def test_a_kind_registered_twice_is_refused(self) -> None:
        with pytest.raises(ValueError, match="rule kind 'proportional' is registered twice"):
            register(Proportional)
        assert RULES["proportional"] is Proportional

    @pytest.mark.parametrize("share", ["-0.01", "1.01"])
    def test_a_share_outside_zero_to_one_is_refused(self, share: str) -> None:
        with pytest.raises(ValueError, match="outside"):
            Assessment(D(share), Text("", ""))

    @pytest.mark.parametrize("share", ["0", "1"])
    def test_the_ends_are_shares(self, share: str) -> None:
        assert Assessment(D(share), Text("", "")).share == D(share)
