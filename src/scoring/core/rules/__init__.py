"""Scoring rules: each maps an achieved value to a share of a row's points.

A rule is one small class registered under its ``kind`` (the name used in
YAML). It reads its parameters through :class:`Params`, checks that it fits
the row's target and points, and scores a value as a share in ``[0, 1]`` with
a bilingual note that puts the actual numbers into the rule. Every rule is
monotone: a value better by the target's direction never earns a smaller share.

Adding a rule is writing one such class (in ``_numeric.py`` when it scores a
number, ``_named.py`` when it scores a named outcome, or a module of its own
such as ``_coefficient.py``); nothing else changes.
"""

from scoring.core.rules._base import (
    RULES,
    Assessment,
    Params,
    Rule,
    Unscored,
    as_number,
    named_in_english,
    register,
)
from scoring.core.rules._coefficient import Coefficient
from scoring.core.rules._named import (
    DEFAULT_QUALITATIVE,
    Checklist,
    Item,
    Level,
    Levels,
    Qualitative,
    QualitativeBand,
)
from scoring.core.rules._numeric import (
    COUNTING,
    Band,
    Bands,
    BudgetExecution,
    CountDeduction,
    DeductionPerUnit,
    Equal,
    Interval,
    Met,
    Proportional,
    Reverse,
    parse_interval,
)

__all__ = [
    "COUNTING",
    "DEFAULT_QUALITATIVE",
    "RULES",
    "Assessment",
    "Band",
    "Bands",
    "BudgetExecution",
    "Checklist",
    "Coefficient",
    "CountDeduction",
    "DeductionPerUnit",
    "Equal",
    "Interval",
    "Item",
    "Level",
    "Levels",
    "Met",
    "Params",
    "Proportional",
    "Qualitative",
    "QualitativeBand",
    "Reverse",
    "Rule",
    "Unscored",
    "as_number",
    "named_in_english",
    "parse_interval",
    "register",
]
