"""The shared strategies reach every rule kind and every documented setting.

A property over generated cases says nothing about a rule kind or a setting
the cases never contain. These tests draw a fixed sample (derandomized, so
the same on every machine) and fail when a kind registered in
``scoring.core.rules.RULES`` or a setting listed in docs/settings.md is never
generated, or never changes a scorecard.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from scoring.core.engine import score
from scoring.core.rules import RULES
from scoring.core.rules._numeric import BUDGETS
from strategies import ALL_KINDS, BUDGET_BASES, Case, cases, features

# The module's expensive fixture is made once: all its tests on one worker
# (pytest-xdist, --dist loadgroup in pyproject.toml).
pytestmark = pytest.mark.xdist_group("strategies-sample")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 400

# For each setting of docs/settings.md's table, the features (see
# strategies.features) that show it did something to a scorecard.
SETTING_FEATURES = {
    "decimals": {f"setting:decimals:{d}" for d in range(5)},
    "value_decimals": {"setting:value_decimals", "setting:value_decimals:indicator"},
    "over_achievement": {
        "setting:over_achievement",
        "setting:over_achievement:indicator",
        "setting:over_achievement:reduce_by",
        "setting:over_achievement:deduct",
    },
    "not_applicable": {"setting:not_applicable"},
    "informational": {"setting:informational"},
    "total_cap": {"setting:total_cap"},
    "deviation_reason": {"setting:deviation_reason"},
    "deductions": {"setting:deductions", "setting:deductions:finer than the sheet"},
    "veto": {"setting:veto", "setting:veto:capped"},
    "missing_facts": {
        "setting:missing_facts:zero",
        "setting:missing_facts:not-applicable",
        "setting:missing_facts:run",
    },
}
# Variants and ways of giving a fact that the engine treats differently.
VARIANTS = {
    "variant:reverse:ratio",
    "variant:reverse:linear",
    "variant:equal:full",
    "variant:equal:ratio",
    *(f"variant:deduction_per_unit:{c}" for c in ("continuous", "started", "whole")),
    *(f"variant:deduction_per_unit:{op}" for op in (">=", "<=", "=")),
    "variant:bands:>=",
    "variant:bands:<=",
    "variant:bands:=",
    "variant:met:True",
    "variant:met:False",
    "variant:met:deadline",
    "variant:qualitative:national",
    "variant:qualitative:own bands",
    "variant:qualitative:by English name",
    *(f"variant:coefficient:{s} {t}" for s in ("share", "percent") for t in ("floor", "words")),
    "variant:checklist:by id",
    "variant:checklist:by name",
    "formula:ratio",
    "formula:one name",
    "setting:normalise",
    "setting:grades",
    "setting:year target",
}


# Rule parameters and ways of giving facts that docs/rules.md and docs/facts.md document
# beside the settings table, each with the features that show it reached a scorecard.
PARAMETER_FEATURES = {
    # budget_execution's budget: (docs/rules.md, "Which budget"), with the other budget
    # named and shown beside with the rate it would give.
    "budget": {*(f"setting:budget:{b}" for b in BUDGETS), "setting:budget:other shown"},
    # units: with combine: sum or weighted (docs/facts.md, "One project carried out by
    # several units").
    "units": {"setting:units:sum", "setting:units:weighted"},
}


def documented_settings() -> list[str]:
    """The settings named in the first column of docs/settings.md's table."""
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    return re.findall(r"^\| \[`([a-z_]+)`\]", text, flags=re.MULTILINE)


def sample() -> set[str]:
    """Every feature met in a fixed sample of generated cases, scored."""
    seen: set[str] = set()

    @settings(
        max_examples=SAMPLE,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases())
    def collect(case: Case) -> None:
        card = score(case.indicators, case.weights, case.facts, missing=case.missing)
        seen.update(features(case, card))

    collect()
    return seen


@pytest.fixture(scope="module")
def seen() -> set[str]:
    return sample()


class TestEveryKind:
    def test_strategies_know_every_registered_kind(self) -> None:
        """The strategies have a branch for each registered rule kind, and no other."""
        assert set(ALL_KINDS) == set(RULES)

    def test_every_registered_kind_is_generated(self, seen: set[str]) -> None:
        """Each registered rule kind appears in the sample."""
        assert {f"kind:{k}" for k in RULES} - seen == set()

    def test_every_variant_is_generated(self, seen: set[str]) -> None:
        """Each rule variant, fact form and sheet option the engine treats apart appears."""
        assert VARIANTS - seen == set()


class TestEverySetting:
    def test_every_documented_setting_has_features(self) -> None:
        """Each setting of docs/settings.md is known here, so a new one fails until generated."""
        documented = documented_settings()
        assert len(documented) >= 7  # the table was read
        assert set(documented) - set(SETTING_FEATURES) == set()

    def test_every_documented_setting_changes_a_scorecard(self, seen: set[str]) -> None:
        """Each setting does something (rounds a value, flags and reduces a row, drops a row,
        deducts finer than the sheet, caps a grade, scores a missing row 0) in the sample."""
        wanted = set().union(*(SETTING_FEATURES[s] for s in documented_settings()))
        assert wanted - seen == set()

    def test_every_budget_basis_and_combination_is_generated(self, seen: set[str]) -> None:
        """Rates on each budget a budget execution rule may name (the other shown beside),
        and facts given unit by unit, summed and weighted, reach a scorecard."""
        assert BUDGET_BASES == BUDGETS
        assert set().union(*PARAMETER_FEATURES.values()) - seen == set()

    def test_the_documented_parameters_are_the_ones_generated(self) -> None:
        """docs/rules.md names the budgets and docs/facts.md the combinations generated."""
        rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
        facts = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
        assert {b for b in BUDGETS if re.search(rf"\bbudget: {b}\b", rules)} == set(BUDGETS)
        combines = set(re.findall(r"^ +combine: (\w+)", facts, flags=re.MULTILINE))
        assert combines == {"sum", "weighted"}
