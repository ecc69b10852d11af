"""Rule-based, reproducible, explainable scoring of budget performance self-evaluations.

The public API: load files with :func:`load_case` (or the single-file
loaders), score with :func:`score`, and render with :func:`render`; check
files and folders with :func:`validate`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scoring._version import __version__

# Eager, unlike the rest: importing the ``scoring.render`` package would
# otherwise bind the name ``scoring.render`` to the package, not the function.
from scoring.render import render

if TYPE_CHECKING:
    from scoring.checks import case_problems
    from scoring.engine import check, score
    from scoring.errors import (
        FormulaError,
        InputError,
        InputWarning,
        Location,
        MissingFactsError,
        ProblemsError,
        RuleError,
        ScoringError,
        Severity,
        WeightsError,
    )
    from scoring.formula import Formula
    from scoring.formula import parse as parse_formula
    from scoring.loading import (
        Case,
        load_case,
        load_facts,
        load_indicators,
        load_weights,
        parse_target,
    )
    from scoring.model import (
        MISSING_POLICIES,
        Category,
        Fact,
        Facts,
        FactValue,
        GradeBand,
        Group,
        Indicator,
        Judgement,
        ManualDeduction,
        NotApplicable,
        Op,
        OverAchievement,
        Provenance,
        ProvenanceKind,
        Target,
        TargetSetting,
        Text,
        Veto,
        WeightsProfile,
    )
    from scoring.rules import RULES, Assessment, Params, Rule, register
    from scoring.scorecard import CategoryResult, DroppedRow, GroupResult, Row, Scorecard
    from scoring.validation import Report, validate

# Each public name and the module it lives in. ``import scoring`` imports
# none of them: the first use of a name imports its module (PEP 562), so that
# ``python -m scoring score`` pays only for the modules the command needs.
_LAZY: dict[str, tuple[str, str]] = {
    "case_problems": ("scoring.checks", "case_problems"),
    "check": ("scoring.engine", "check"),
    "score": ("scoring.engine", "score"),
    "FormulaError": ("scoring.errors", "FormulaError"),
    "InputError": ("scoring.errors", "InputError"),
    "InputWarning": ("scoring.errors", "InputWarning"),
    "Location": ("scoring.errors", "Location"),
    "MissingFactsError": ("scoring.errors", "MissingFactsError"),
    "ProblemsError": ("scoring.errors", "ProblemsError"),
    "RuleError": ("scoring.errors", "RuleError"),
    "ScoringError": ("scoring.errors", "ScoringError"),
    "Severity": ("scoring.errors", "Severity"),
    "WeightsError": ("scoring.errors", "WeightsError"),
    "Formula": ("scoring.formula", "Formula"),
    "parse_formula": ("scoring.formula", "parse"),
    "Case": ("scoring.loading", "Case"),
    "load_case": ("scoring.loading", "load_case"),
    "load_facts": ("scoring.loading", "load_facts"),
    "load_indicators": ("scoring.loading", "load_indicators"),
    "load_weights": ("scoring.loading", "load_weights"),
    "parse_target": ("scoring.loading", "parse_target"),
    "MISSING_POLICIES": ("scoring.model", "MISSING_POLICIES"),
    "Category": ("scoring.model", "Category"),
    "Fact": ("scoring.model", "Fact"),
    "Facts": ("scoring.model", "Facts"),
    "FactValue": ("scoring.model", "FactValue"),
    "GradeBand": ("scoring.model", "GradeBand"),
    "Group": ("scoring.model", "Group"),
    "Indicator": ("scoring.model", "Indicator"),
    "Judgement": ("scoring.model", "Judgement"),
    "ManualDeduction": ("scoring.model", "ManualDeduction"),
    "NotApplicable": ("scoring.model", "NotApplicable"),
    "Op": ("scoring.model", "Op"),
    "OverAchievement": ("scoring.model", "OverAchievement"),
    "Provenance": ("scoring.model", "Provenance"),
    "ProvenanceKind": ("scoring.model", "ProvenanceKind"),
    "Target": ("scoring.model", "Target"),
    "TargetSetting": ("scoring.model", "TargetSetting"),
    "Text": ("scoring.model", "Text"),
    "Veto": ("scoring.model", "Veto"),
    "WeightsProfile": ("scoring.model", "WeightsProfile"),
    "RULES": ("scoring.rules", "RULES"),
    "Assessment": ("scoring.rules", "Assessment"),
    "Params": ("scoring.rules", "Params"),
    "Rule": ("scoring.rules", "Rule"),
    "register": ("scoring.rules", "register"),
    "CategoryResult": ("scoring.scorecard", "CategoryResult"),
    "DroppedRow": ("scoring.scorecard", "DroppedRow"),
    "GroupResult": ("scoring.scorecard", "GroupResult"),
    "Row": ("scoring.scorecard", "Row"),
    "Scorecard": ("scoring.scorecard", "Scorecard"),
    "Report": ("scoring.validation", "Report"),
    "validate": ("scoring.validation", "validate"),
}


def __getattr__(name: str) -> Any:
    """``scoring.X`` for a public name or a submodule, imported on first use."""
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"scoring.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"scoring.{name}":
                raise
    raise AttributeError(f"module 'scoring' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "MISSING_POLICIES",
    "RULES",
    "Assessment",
    "Case",
    "Category",
    "CategoryResult",
    "DroppedRow",
    "Fact",
    "FactValue",
    "Facts",
    "Formula",
    "FormulaError",
    "GradeBand",
    "Group",
    "GroupResult",
    "Indicator",
    "InputError",
    "InputWarning",
    "Judgement",
    "Location",
    "ManualDeduction",
    "MissingFactsError",
    "NotApplicable",
    "Op",
    "OverAchievement",
    "Params",
    "ProblemsError",
    "Provenance",
    "ProvenanceKind",
    "Report",
    "Row",
    "Rule",
    "RuleError",
    "Scorecard",
    "ScoringError",
    "Severity",
    "Target",
    "TargetSetting",
    "Text",
    "Veto",
    "WeightsError",
    "WeightsProfile",
    "__version__",
    "case_problems",
    "check",
    "load_case",
    "load_facts",
    "load_indicators",
    "load_weights",
    "parse_formula",
    "parse_target",
    "register",
    "render",
    "score",
    "validate",
]
