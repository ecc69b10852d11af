"""Rule-based, reproducible, explainable scoring of budget performance self-evaluations.

The public API: load files with :func:`load_case` (or the single-file
loaders), score with :func:`score`, and render with :func:`render`; check
files and folders with :func:`validate`.
"""

from __future__ import annotations

import importlib

from scoring._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from scoring.analysis.audit import AuditReport, Finding, SheetAudit, audit_sheet
    from scoring.analysis.checks import case_problems
    from scoring.batch.engines import score_table
    from scoring.batch.frames import read_frame, score_frame
    from scoring.batch.outcomes import BatchResult, Failed, Scored
    from scoring.core.engine import check, score
    from scoring.core.errors import (
        FormulaError,
        InputError,
        InputWarning,
        Location,
        MissingFactsError,
        ProblemsError,
        RuleError,
        ScoringError,
        ScoringWarning,
        Severity,
        WeightsError,
    )
    from scoring.core.formula import Formula
    from scoring.core.formula import parse as parse_formula
    from scoring.core.model import (
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
    from scoring.core.rules import RULES, Assessment, Params, Rule, register
    from scoring.core.scorecard import CategoryResult, DroppedRow, GroupResult, Row, Scorecard
    from scoring.core.sheetinfo import Funds, FundsLine, SheetInfo
    from scoring.files.audit import audit
    from scoring.files.case import Case, load_case
    from scoring.files.facts import load_facts
    from scoring.files.indicators import load_indicators
    from scoring.files.tables import FactTable, Rules, load_rules, load_table, read_csv
    from scoring.files.targets import parse_target
    from scoring.files.validation import Report, validate
    from scoring.files.weights import load_weights
    from scoring.rendering import render

# Each public name and the module it lives in. ``import scoring`` imports
# none of them: the first use of a name imports its module (PEP 562), so that
# ``python -m scoring score`` pays only for the modules the command needs.
_LAZY: dict[str, tuple[str, str]] = {
    "render": ("scoring.rendering", "render"),
    "audit": ("scoring.files.audit", "audit"),
    "audit_sheet": ("scoring.analysis.audit", "audit_sheet"),
    "AuditReport": ("scoring.analysis.audit", "AuditReport"),
    "Finding": ("scoring.analysis.audit", "Finding"),
    "SheetAudit": ("scoring.analysis.audit", "SheetAudit"),
    "case_problems": ("scoring.analysis.checks", "case_problems"),
    "check": ("scoring.core.engine", "check"),
    "score_table": ("scoring.batch.engines", "score_table"),
    "read_frame": ("scoring.batch.frames", "read_frame"),
    "score_frame": ("scoring.batch.frames", "score_frame"),
    "BatchResult": ("scoring.batch.outcomes", "BatchResult"),
    "Failed": ("scoring.batch.outcomes", "Failed"),
    "Scored": ("scoring.batch.outcomes", "Scored"),
    "FactTable": ("scoring.files.tables", "FactTable"),
    "Rules": ("scoring.files.tables", "Rules"),
    "load_rules": ("scoring.files.tables", "load_rules"),
    "load_table": ("scoring.files.tables", "load_table"),
    "read_csv": ("scoring.files.tables", "read_csv"),
    "score": ("scoring.core.engine", "score"),
    "FormulaError": ("scoring.core.errors", "FormulaError"),
    "InputError": ("scoring.core.errors", "InputError"),
    "InputWarning": ("scoring.core.errors", "InputWarning"),
    "Location": ("scoring.core.errors", "Location"),
    "MissingFactsError": ("scoring.core.errors", "MissingFactsError"),
    "ProblemsError": ("scoring.core.errors", "ProblemsError"),
    "RuleError": ("scoring.core.errors", "RuleError"),
    "ScoringError": ("scoring.core.errors", "ScoringError"),
    "ScoringWarning": ("scoring.core.errors", "ScoringWarning"),
    "Severity": ("scoring.core.errors", "Severity"),
    "WeightsError": ("scoring.core.errors", "WeightsError"),
    "Formula": ("scoring.core.formula", "Formula"),
    "parse_formula": ("scoring.core.formula", "parse"),
    "Case": ("scoring.files.case", "Case"),
    "load_case": ("scoring.files.case", "load_case"),
    "load_facts": ("scoring.files.facts", "load_facts"),
    "load_indicators": ("scoring.files.indicators", "load_indicators"),
    "load_weights": ("scoring.files.weights", "load_weights"),
    "parse_target": ("scoring.files.targets", "parse_target"),
    "MISSING_POLICIES": ("scoring.core.model", "MISSING_POLICIES"),
    "Category": ("scoring.core.model", "Category"),
    "Fact": ("scoring.core.model", "Fact"),
    "Facts": ("scoring.core.model", "Facts"),
    "FactValue": ("scoring.core.model", "FactValue"),
    "GradeBand": ("scoring.core.model", "GradeBand"),
    "Group": ("scoring.core.model", "Group"),
    "Indicator": ("scoring.core.model", "Indicator"),
    "Judgement": ("scoring.core.model", "Judgement"),
    "ManualDeduction": ("scoring.core.model", "ManualDeduction"),
    "NotApplicable": ("scoring.core.model", "NotApplicable"),
    "Op": ("scoring.core.model", "Op"),
    "OverAchievement": ("scoring.core.model", "OverAchievement"),
    "Provenance": ("scoring.core.model", "Provenance"),
    "ProvenanceKind": ("scoring.core.model", "ProvenanceKind"),
    "Target": ("scoring.core.model", "Target"),
    "TargetSetting": ("scoring.core.model", "TargetSetting"),
    "Text": ("scoring.core.model", "Text"),
    "Veto": ("scoring.core.model", "Veto"),
    "WeightsProfile": ("scoring.core.model", "WeightsProfile"),
    "RULES": ("scoring.core.rules", "RULES"),
    "Assessment": ("scoring.core.rules", "Assessment"),
    "Params": ("scoring.core.rules", "Params"),
    "Rule": ("scoring.core.rules", "Rule"),
    "register": ("scoring.core.rules", "register"),
    "CategoryResult": ("scoring.core.scorecard", "CategoryResult"),
    "DroppedRow": ("scoring.core.scorecard", "DroppedRow"),
    "GroupResult": ("scoring.core.scorecard", "GroupResult"),
    "Row": ("scoring.core.scorecard", "Row"),
    "Scorecard": ("scoring.core.scorecard", "Scorecard"),
    "Funds": ("scoring.core.sheetinfo", "Funds"),
    "FundsLine": ("scoring.core.sheetinfo", "FundsLine"),
    "SheetInfo": ("scoring.core.sheetinfo", "SheetInfo"),
    "Report": ("scoring.files.validation", "Report"),
    "validate": ("scoring.files.validation", "validate"),
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
    "AuditReport",
    "BatchResult",
    "Case",
    "Category",
    "CategoryResult",
    "DroppedRow",
    "Fact",
    "FactTable",
    "FactValue",
    "Facts",
    "Failed",
    "Finding",
    "Formula",
    "FormulaError",
    "Funds",
    "FundsLine",
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
    "Rules",
    "Scorecard",
    "Scored",
    "ScoringError",
    "ScoringWarning",
    "Severity",
    "SheetAudit",
    "SheetInfo",
    "Target",
    "TargetSetting",
    "Text",
    "Veto",
    "WeightsError",
    "WeightsProfile",
    "__version__",
    "audit",
    "audit_sheet",
    "case_problems",
    "check",
    "load_case",
    "load_facts",
    "load_indicators",
    "load_rules",
    "load_table",
    "load_weights",
    "parse_formula",
    "parse_target",
    "read_csv",
    "read_frame",
    "register",
    "render",
    "score",
    "score_frame",
    "score_table",
    "validate",
]
