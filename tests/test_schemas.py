"""The JSON Schemas in schemas/: draft-07, met by every shipped file, agreeing with the loader."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cases_validation import FILES
from scoring.core.rules import RULES
from scoring.files import documents as loading
from scoring.files import located_yaml as _yaml

ROOT = Path(__file__).resolve().parent.parent
KIND_OF_FOLDER = {
    "indicators": "indicators",
    "weights": "weights",
    "weights/monitoring": "monitoring",
    "examples": "facts",
}
SHIPPED = sorted(
    (path, kind)
    for folder, kind in KIND_OF_FOLDER.items()
    for path in (ROOT / folder).glob("*.yaml")
)
SECTION = ("definitions", "monitoring")


def schema(kind: str) -> dict[str, Any]:
    text = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def as_json(value: Any) -> Any:
    """A loaded YAML value as an editor's JSON view of it: numbers as int or float."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def errors(kind: str, text: str) -> list[str]:
    document = as_json(_yaml.load(text, "doc.yaml").plain())
    validator = jsonschema.Draft7Validator(schema(kind))
    return [e.message for e in validator.iter_errors(document)]


# Each schema object that describes a mapping, and the loader's constant for its keys.
AGREEMENT = [
    ("indicators", (), loading.INDICATOR_FILE_KEYS),
    ("indicators", ("definitions", "indicator"), loading.INDICATOR_KEYS),
    ("indicators", ("definitions", "fact_info"), loading.FACT_INFO_KEYS),
    ("weights", (), loading.WEIGHTS_FILE_KEYS),
    ("weights", ("definitions", "category"), loading.CATEGORY_KEYS),
    ("weights", ("definitions", "group"), loading.GROUP_KEYS),
    ("weights", ("definitions", "grade"), loading.GRADE_KEYS),
    ("weights", ("definitions", "points_entry"), loading.POINTS_KEYS),
    ("facts", (), loading.FACTS_FILE_KEYS),
    ("facts", ("definitions", "fact", "oneOf", 1), loading.FACT_KEYS),
    ("facts", ("definitions", "target_setting"), loading.TARGET_SETTING_KEYS),
    ("facts", ("definitions", "header"), loading.HEADER_KEYS),
    ("facts", ("definitions", "sign_off"), loading.SIGN_OFF_KEYS),
    ("facts", ("definitions", "funds"), loading.FUNDS_KEYS),
    ("facts", ("definitions", "funds_total"), loading.FUNDS_TOTAL_KEYS),
    ("facts", ("definitions", "funds_line"), loading.FUNDS_LINE_KEYS),
    ("facts", ("definitions", "monitor_note"), loading.MONITOR_NOTE_KEYS),
    ("monitoring", (), loading.MONITORING_FILE_KEYS),
    ("monitoring", SECTION, loading.MONITORING_KEYS),
    ("weights", SECTION, loading.MONITORING_KEYS),
    ("monitoring", (*SECTION, "properties", "bands", "items"), loading.STATUS_BAND_KEYS),
    ("monitoring", (*SECTION, "properties", "schedule", "items"), loading.SCHEDULE_STEP_KEYS),
    ("monitoring", (*SECTION, "properties", "late_unspent"), loading.LATE_UNSPENT_KEYS),
    ("monitoring", (*SECTION, "properties", "spending"), loading.SPENDING_KEYS),
]


class TestSchemas:
    @pytest.mark.parametrize("kind", ["indicators", "weights", "facts", "monitoring"])
    def test_draft_07(self, kind: str) -> None:
        """Each schema is a valid draft-07 schema."""
        document = schema(kind)
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(document)

    @pytest.mark.parametrize(("path", "kind"), SHIPPED, ids=lambda v: getattr(v, "name", v))
    def test_shipped_file_points_to_its_schema(self, path: Path, kind: str) -> None:
        """Every shipped YAML file starts with the editor comment naming its schema."""
        first = path.read_text(encoding="utf-8").splitlines()[0]
        up = "../" * (len(path.relative_to(ROOT).parts) - 1)
        assert first == f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json"
        assert (path.parent / up / "schemas" / f"{kind}.schema.json").is_file()

    @pytest.mark.parametrize(("path", "kind"), SHIPPED, ids=lambda v: getattr(v, "name", v))
    def test_shipped_file_meets_its_schema(self, path: Path, kind: str) -> None:
        """Every shipped YAML file validates against its schema."""
        assert errors(kind, path.read_text(encoding="utf-8")) == []


class TestSchemaAgreesWithLoader:
    @pytest.mark.parametrize(("kind", "where", "keys"), AGREEMENT)
    def test_same_keys(self, kind: str, where: tuple[Any, ...], keys: loading.Keys) -> None:
        """The schema allows exactly the keys the loader allows, and requires the same ones."""
        node: Any = schema(kind)
        for step in where:
            node = node[step]
        assert node["additionalProperties"] is False
        assert sorted(node["properties"]) == sorted(keys.all)
        assert sorted(node["required"]) == sorted(keys.required)

    def test_rule_kinds(self) -> None:
        """The schema offers exactly the registered rule kinds."""
        rule = schema("indicators")["definitions"]["rule"]["oneOf"]
        assert rule[0]["enum"] == sorted(RULES)
        assert rule[1]["properties"]["kind"]["enum"] == sorted(RULES)

    @pytest.mark.parametrize(
        ("name", "old", "new"),
        [
            ("weights.yaml", "full_score: 30", "ful_score: 30"),
            ("indicators.yaml", "level2: 数量", "levle2: 数量"),
            ("facts.yaml", "year: 2023", "year: 2023\nyaer: 2024"),
            ("facts.yaml", "posts: 85", "posts: {value: 85, qoute: x}"),
        ],
    )
    def test_unknown_key_refused_by_both(self, name: str, old: str, new: str) -> None:
        """A misspelt key fails the schema as it fails the loader."""
        kind = {"weights.yaml": "weights", "indicators.yaml": "indicators"}.get(name, "facts")
        good = FILES[name]
        assert errors(kind, good) == []
        assert errors(kind, good.replace(old, new)) != []


class TestMonitoringSchema:
    def test_weights_section_is_the_monitoring_section(self) -> None:
        """A weights profile's 'monitoring:' section has the schema of a monitoring profile's."""
        assert (
            schema("weights")["definitions"]["monitoring"]
            == (schema("monitoring")["definitions"]["monitoring"])
        )

    def test_misspelt_band_key_refused(self) -> None:
        """'staus' in a band fails the schema, as it fails the loader."""
        good = "id: x\nname: y\nmonitoring:\n  bands: [{status: green, range: '(-inf, +inf)'}]\n"
        assert errors("monitoring", good) == []
        assert errors("monitoring", good.replace("status", "staus")) != []
