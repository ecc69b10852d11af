"""``scoring init``: a facts file to fill in, listing every fact the indicators read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scoring import load_case, score, validate
from scoring.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"
ARGS = ["--indicators", "department-common", "education-sports", "--weights", "yueyang-education"]


def ids_in(text: str) -> list[str]:
    return re.findall(r"# id: ([a-z0-9_]+)", text)


class TestInit:
    def test_lists_exactly_the_facts_the_example_needed(self, tmp_path: Path) -> None:
        """The template's facts are the ones the hand-written 2023 example gives, no more."""
        out = tmp_path / "2024.yaml"
        assert main(["init", *ARGS, "--unit", "某局", "--year", "2024", "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
        assert sorted(ids_in(text)) == sorted(example["facts"])
        assert len(ids_in(text)) == len(set(ids_in(text)))
        doc = yaml.safe_load(text)
        assert doc["unit"] == "某局"
        assert doc["year"] == 2024
        # Declared facts are written under their Chinese names, the id in the comment.
        assert "编制数:  # id: authorized_posts；单位：人" in text

    def test_validate_lists_each_empty_fact_once(self, tmp_path: Path) -> None:
        out = tmp_path / "2024.yaml"
        assert main(["init", *ARGS, "--year", "2024", "--unit", "某局", "-o", str(out)]) == 0
        report = validate([out])
        empty = [p for p in report.errors if "is still empty" in p.message]
        assert len(empty) == len(ids_in(out.read_text(encoding="utf-8")))
        assert len(report.errors) == len(empty)
        assert any("'编制数'" in p.message for p in empty)

    def test_filled_in_it_scores(self, tmp_path: Path) -> None:
        """With the example's values written in, the file scores as the example's facts do."""
        out = tmp_path / "2024.yaml"
        assert main(["init", *ARGS, "--year", "2023", "--unit", "某局", "-o", str(out)]) == 0
        facts = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["facts"]
        lines = out.read_text(encoding="utf-8").split("\n")
        current = None
        for i, line in enumerate(lines):
            found = re.search(r"# id: ([a-z0-9_]+)", line)
            if found:
                current = found.group(1)
            elif line.startswith("    value:") and current is not None:
                value = (
                    facts[current]["value"] if isinstance(facts[current], dict) else facts[current]
                )
                dumped = yaml.safe_dump(value, default_flow_style=True).strip()
                lines[i] = f"    value: {dumped.removesuffix('...').strip()}"
                lines[i + 1] = "    assumed: test"
        out.write_text("\n".join(lines), encoding="utf-8")
        assert validate([out]).ok, validate([out]).lines()
        case = load_case(out)
        card = score(case.indicators, case.weights, case.facts)
        example = load_case(EXAMPLE)
        expected = score(example.indicators, example.weights, example.facts)
        # The example also sets year targets; rows without one score alike.
        for row in card.rows:
            if row.indicator.id not in example.facts.targets:
                assert row.points == expected.row(row.indicator.id).points, row.indicator.id

    def test_never_replaces_a_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "2024.yaml"
        out.write_text("mine", encoding="utf-8")
        assert main(["init", *ARGS, "-o", str(out)]) == 2
        assert out.read_text(encoding="utf-8") == "mine"
        assert "exists already" in capsys.readouterr().err

    def test_needs_the_rules_to_start_from(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["init", "-o", str(tmp_path / "x.yaml")]) == 2
        assert "--indicators" in capsys.readouterr().err

    def test_project_writes_its_own_rule_files(self, tmp_path: Path) -> None:
        """--project: facts, indicators and weights (10/50/30/10) beside each other."""
        out = tmp_path / "p.yaml"
        assert (
            main(["init", "--project", "--year", "2024", "--unit", "某项目", "-o", str(out)]) == 0
        )
        weights = yaml.safe_load((tmp_path / "p-weights.yaml").read_text(encoding="utf-8"))
        assert [c["points"] for c in weights["categories"]] == [10, 50, 30, 10]
        assert (tmp_path / "p-indicators.yaml").is_file()
        doc = yaml.safe_load(out.read_text(encoding="utf-8"))
        assert doc["indicators"] == ["p-indicators.yaml"]
        assert doc["weights"] == "p-weights.yaml"
        report = validate([tmp_path])
        assert all("is still empty" in p.message for p in report.errors)
        assert report.errors
