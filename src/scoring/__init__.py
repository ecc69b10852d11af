"""Rule-based, reproducible, explainable scoring of budget performance self-evaluations.

The public API: load files with :func:`load_case` (or the single-file
loaders), score with :func:`score`, and render with :func:`render`; check
files and folders with :func:`validate`.
"""

from scoring._version import __version__
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
from scoring.render import render
from scoring.rules import RULES, Assessment, Params, Rule, register
from scoring.scorecard import CategoryResult, DroppedRow, GroupResult, Row, Scorecard
from scoring.validation import Report, validate

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
