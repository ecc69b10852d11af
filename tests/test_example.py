"""The shipped example: every number has a provenance, every quote is in the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scoring.core.engine import score
from scoring.core.model import Indicator, ProvenanceKind
from scoring.files.case import Case, load_case
from scoring.rendering import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
REPORT = ROOT / "examples" / "yueyang-education-2023.report.txt"

# Read by hand from the example: the only rows whose facts are all quoted from the
# report and whose targets come from the indicator file or a public source.
FACTS_NOT_ASSUMED = {
    "staff_control_rate",
    "compulsory_education_consolidation_rate",
    "inclusive_preschool_share",
    "public_kindergarten_share",
    "disabled_children_enrolment_rate",
}
# Read by hand from the comments of weights/yueyang-education.yaml (and of
# yueyang-department.yaml, which it follows for 投入 and 过程): the rows whose points are
# assumed, besides every row under 产出 and 效果 (their 45 points were not readable).
POINTS_ASSUMED = {
    "information_disclosure_rate",
    "budget_execution_rate",
    "asset_management_safety",
    "fixed_asset_utilisation_rate",
}
# So one row of 25 rests on no assumption at all: its facts quoted, its target and points
# the template's.
NOT_ASSUMED = {"staff_control_rate"}


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(EXAMPLE)


def report() -> str:
    return REPORT.read_text("utf-8")


def facts_behind(ind_id: str, by_id: dict[str, Indicator]) -> set[str]:
    """The raw facts an indicator's value rests on, following formulas through indicators."""
    ind = by_id.get(ind_id)
    if ind is None or ind.formula is None:
        return {ind_id}
    return set().union(*(facts_behind(name, by_id) for name in ind.formula.names))


class TestProvenance:
    def test_every_fact_has_one(self, case: Case) -> None:
        """Each fact quotes the report, cites a source or says it is assumed."""
        missing = [name for name, fact in case.facts.facts.items() if fact.provenance is None]
        assert missing == []

    def test_every_target_has_one(self, case: Case) -> None:
        """Each year target cites a public source or says it is assumed (none can be quoted)."""
        for setting in case.facts.targets.values():
            assert setting.provenance is not None, setting.indicator_id
            assert setting.provenance.kind in (ProvenanceKind.SOURCE, ProvenanceKind.ASSUMED)
            assert setting.provenance.text.strip()

    def test_quotes_are_verbatim(self, case: Case) -> None:
        """Every quote is a verbatim substring of the report kept beside the example."""
        text = report()
        for name, fact in case.facts.facts.items():
            assert fact.provenance is not None
            if fact.provenance.kind is ProvenanceKind.QUOTE:
                assert fact.provenance.text in text, name

    def test_quotes_contain_the_number(self, case: Case) -> None:
        """Every quote contains its fact's number as written, as a whole number in the text."""
        for name, fact in case.facts.facts.items():
            assert fact.provenance is not None
            if fact.provenance.kind is ProvenanceKind.QUOTE:
                number = f"{fact.value:f}"
                pattern = rf"(?<![\d.]){re.escape(number)}(?!\.?\d)"
                assert re.search(pattern, fact.provenance.text), (name, number)

    def test_report_numbers(self, case: Case) -> None:
        """The seed's headline numbers are in the example as the report gives them."""
        values = {name: fact.value for name, fact in case.facts.facts.items()}
        assert values["authorized_posts"] == 85
        assert values["staff_in_post"] == 81
        assert f"{values['spending']:f}" == "5070.36"
        assert f"{values['three_public_spending']:f}" == "6.76"
        assert f"{values['undergraduate_admission_rate']:f}" == "65.98"
        assert f"{values['undergraduate_rate_change']:f}" == "6.18"


class TestAssumedRows:
    def by_facts(self, case: Case) -> set[str]:
        """Rows whose value rests on an assumed fact, or whose year target is assumed."""
        by_id = {ind.id: ind for ind in case.indicators}
        assumed_facts = {n for n, f in case.facts.facts.items() if f.assumed}
        assumed_targets = {i for i, s in case.facts.targets.items() if s.assumed}
        return {
            ind_id
            for ind_id in case.weights.points
            if facts_behind(ind_id, by_id) & assumed_facts or ind_id in assumed_targets
        }

    def by_points(self, case: Case) -> set[str]:
        """Rows whose points are assumed, by the list read by hand from the weights' comments."""
        return POINTS_ASSUMED | {i.id for i in case.indicators if i.level1 in ("产出", "效果")}

    def expected(self, case: Case) -> set[str]:
        return self.by_facts(case) | self.by_points(case)

    def test_hand_read_list_agrees_with_the_file(self, case: Case) -> None:
        """Reading the file's provenances gives the same assumed rows as the list read by hand."""
        assert set(case.weights.points) - self.by_facts(case) == FACTS_NOT_ASSUMED
        assert set(case.weights.points) - self.expected(case) == NOT_ASSUMED

    def test_weights_mark_the_points_their_comments_call_assumed(self, case: Case) -> None:
        """The rows whose points rest on a weights mark are those the comments call assumed."""
        card = score(case.indicators, case.weights, case.facts)
        assert {r.id for r in card.rows if r.points_assumed} == self.by_points(case)

    def test_scorecard_marks_exactly_those_rows(self, case: Case) -> None:
        """The scorecard's assumed rows are exactly the rows resting on an assumed number."""
        card = score(case.indicators, case.weights, case.facts)
        assert {r.id for r in card.assumed_rows} == self.expected(case)

    def test_text_marks_exactly_those_rows(self, case: Case) -> None:
        """In the text table exactly those rows carry ※, and every one is listed after it."""
        card = score(case.indicators, case.weights, case.facts)
        lines = render(card, "text").splitlines()
        names = {r.indicator.name: r.id for r in card.rows}
        marked = set()
        for line in lines:
            row_name = next((n for n in names if f"  {n}  " in line), None)
            if row_name and line.endswith("※"):
                marked.add(names[row_name])
        assert marked == self.expected(case)
        listed = {names[n] for n in names for line in lines if line.startswith(f"  ※ {n}：")}
        assert listed == self.expected(case)

    def test_english_names_the_assumed_facts(self, case: Case) -> None:
        """In English the assumed facts are named in words (they were shown by id)."""
        card = score(case.indicators, case.weights, case.facts)
        lines = render(card, "text", "en").splitlines()
        assert (
            '  ※ Change in "three public" spending: assumed facts:'
            ' last year\'s "three public" spending'
        ) in lines
        listed = [line for line in lines if line.startswith("  ※ ")]
        assert [line for line in listed if "_" in line] == []

    def test_json_lists_those_rows(self, case: Case) -> None:
        """The JSON's assumed_indicators and each row's assumed flag agree."""
        card = score(case.indicators, case.weights, case.facts)
        doc = json.loads(render(card, "json"))
        assert set(doc["assumed_indicators"]) == self.expected(case)
        assert {r["id"] for r in doc["indicators"] if r["assumed"]} == self.expected(case)
