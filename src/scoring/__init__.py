"""Rule-based, reproducible, explainable scoring of budget performance self-evaluations.

The public API: load files with :func:`load_case` (or the single-file
loaders), score with :func:`score`, and render with :func:`render`.
"""

from scoring._version import __version__
from scoring.engine import check, score
from scoring.errors import (
    FormulaError,
    InputError,
    Location,
    MissingFactsError,
    ProblemsError,
    RuleError,
    ScoringError,
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
    Category,
    Fact,
    Facts,
    GradeBand,
    Group,
    Indicator,
    Op,
    Provenance,
    ProvenanceKind,
    Target,
    TargetSetting,
    Text,
    WeightsProfile,
)
from scoring.render import render
from scoring.rules import RULES, Assessment, Params, Rule, register
from scoring.scorecard import CategoryResult, GroupResult, Row, Scorecard

__all__ = [
    "RULES",
    "Assessment",
    "Case",
    "Category",
    "CategoryResult",
    "Fact",
    "Facts",
    "Formula",
    "FormulaError",
    "GradeBand",
    "Group",
    "GroupResult",
    "Indicator",
    "InputError",
    "Location",
    "MissingFactsError",
    "Op",
    "Params",
    "ProblemsError",
    "Provenance",
    "ProvenanceKind",
    "Row",
    "Rule",
    "RuleError",
    "Scorecard",
    "ScoringError",
    "Target",
    "TargetSetting",
    "Text",
    "WeightsError",
    "WeightsProfile",
    "__version__",
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
]
