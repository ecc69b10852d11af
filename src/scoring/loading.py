"""Reading indicator, weights and facts files into model objects.

This is the only layer that touches files. Every problem found in a document
is collected and raised together as one :class:`~scoring.errors.ScoringError`
whose ``problems`` each name the file, line and column, with a hint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, NoReturn

import attrs

from scoring import _yaml, resources
from scoring.checks import fact_signs
from scoring.errors import (
    FormulaError,
    InputError,
    Location,
    RuleError,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.formula import parse as parse_formula
from scoring.model import (
    DEFAULT_GRADES,
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
    Veto,
    WeightsProfile,
    default_grades,
)
from scoring.numbers import plain
from scoring.rules import RULES, Params, Rule

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# How formulas refer to a fact (also a batch table's fact column).
_FACT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TARGET = re.compile(r"^\s*(>=|<=|≥|≤|=|==|＝)?\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|％)?\s*$")
# A deadline: "9月前", "9月底前", "9月以前", "9月之前" (no later than month 9).
_DEADLINE = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:底|末)?\s*(?:前|以前|之前)\s*$")
# A target that means a number: an operator first, or a month deadline.
_LOOKS_NUMERIC = re.compile(
    r"^\s*(?:>=|<=|≥|≤|=|==|＝|\d{1,2}\s*月|[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*[%％]?\s*$)"
)
# Text that starts like a number is meant as one: a level's name never does.
_NUMBERISH = re.compile(r"^[-+]?(?:\d|\.\d)")
# A month achieved: "7月", "7月份", "7月底".
_MONTH = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:份|底|末)?\s*$")
_OPS = {">=": Op.GE, "≥": Op.GE, "<=": Op.LE, "≤": Op.LE, "=": Op.EQ, "==": Op.EQ, "＝": Op.EQ}
MAX_DECIMALS = 6


# --------------------------------------------------------------------------- keys


class Keys(NamedTuple):
    """The keys one kind of mapping must and may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


# The only lists of allowed keys: the loader checks against these, and the JSON
# Schemas in schemas/ must agree with them (tests/test_schemas.py).
PROVENANCE_KEYS = ("quote", "source", "assumed")
INDICATOR_FILE_KEYS = Keys(("indicators",), ("id", "name", "name_en", "source"))
INDICATOR_KEYS = Keys(
    ("id", "name", "level1", "level2", "target", "rule"),
    (
        "name_en",
        "unit",
        "formula",
        "description",
        "source",
        "value_decimals",
        "over_achievement",
        "target_assumed",
    ),
)
WEIGHTS_FILE_KEYS = Keys(
    ("id", "name", "categories", "points"),
    (
        "name_en",
        "source",
        "full_score",
        "decimals",
        "grades",
        "normalise",
        "value_decimals",
        "over_achievement",
        "missing_facts",
        "veto",
    ),
)
OVER_ACHIEVEMENT_KEYS = Keys((), ("flag_at", "reduce_by"))
CATEGORY_KEYS = Keys(("name", "points", "groups"), ("name_en",))
GROUP_KEYS = Keys(("name", "points"), ("name_en",))
GRADE_KEYS = Keys(("name", "min"), ("name_en",))
FACTS_FILE_KEYS = Keys(
    ("unit", "year", "facts"),
    (
        "unit_en",
        "indicators",
        "weights",
        "targets",
        "notes",
        "not_applicable",
        "deductions",
        "reasons",
    ),
)
FACT_KEYS = Keys(("value",), (*PROVENANCE_KEYS, "note"))
TARGET_SETTING_KEYS = Keys(("target",), (*PROVENANCE_KEYS, "note"))
DEDUCTION_KEYS = Keys(("points", "reason"), ())
JUDGEMENT_KEYS = Keys(("band", "points"), ())


@attrs.frozen
class SourceFile:
    """A rule file that was read, with the SHA-256 of its bytes."""

    path: str
    sha256: str


@attrs.frozen
class Case:
    """Everything needed to score one facts file, and the files it came from."""

    indicators: tuple[Indicator, ...]
    weights: WeightsProfile
    facts: Facts
    rule_files: tuple[SourceFile, ...]

    @property
    def rules_sha256(self) -> str:
        """One hash over the indicator and weights files used, in a stable order."""
        return _rules_sha256(self.rule_files)


def _rules_sha256(rule_files: Iterable[SourceFile]) -> str:
    digest = hashlib.sha256()
    for source in sorted(rule_files, key=lambda s: s.sha256):
        digest.update(source.sha256.encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------- reading


class _Doc:
    """One document being read: collects problems instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[ScoringError] = []

    def add(self, location: Location, message: str, hint: str | None = None) -> None:
        self.problems.append(InputError(message, location=location, hint=hint))

    def fields(
        self, node: _yaml.Node, what: str, required: Sequence[str], optional: Sequence[str]
    ) -> _Fields | None:
        if not isinstance(node.value, dict):
            self.add(node.location, f"{what} must be a mapping of keys to values", _kind_hint(node))
            return None
        allowed = [*required, *optional]
        for key, loc in node.key_locations.items():
            if key not in allowed:
                self.add(loc, f"unknown key {key!r} in {what}", _did_you_mean(key, allowed))
        for key in required:
            if key not in node.value:
                self.add(
                    node.location,
                    f"{what} is missing the required key {key!r}",
                    f"add '{key}:' with its value",
                )
            elif node.value[key].value is None:
                self.add(
                    node.value[key].location,
                    f"the required key {key!r} in {what} has no value",
                    "write its value after the colon",
                )
        return _Fields(self, node, what)

    def top(
        self, root: _yaml.Node, what: str, required: Sequence[str], optional: Sequence[str]
    ) -> _Fields:
        """The document's top mapping; raises with the problems when it is not a mapping."""
        fields = self.fields(root, what, required, optional)
        if fields is None:
            raise_if_any(self.problems)
            raise AssertionError("unreachable")
        return fields


class _Fields:
    """Typed access to one mapping's values; a bad value is recorded and read as None."""

    def __init__(self, doc: _Doc, node: _yaml.Node, what: str) -> None:
        self.doc = doc
        self.node = node
        self.what = what

    def has(self, key: str) -> bool:
        return key in self.node.value

    def get(self, key: str) -> _yaml.Node | None:
        node: _yaml.Node | None = self.node.value.get(key)
        return node

    def where(self, key: str) -> Location:
        value = self.get(key)
        return value.location if value is not None else self.node.location

    def text(self, key: str) -> str | None:
        node = self.get(key)
        if node is None or node.value is None:
            return None
        if isinstance(node.value, str):
            if not node.value.strip():
                self.doc.add(node.location, f"{key!r} in {self.what} is empty")
                return None
            return node.value
        if isinstance(node.value, Decimal) and not isinstance(node.value, bool):
            return _yaml_number_text(node)
        self.doc.add(node.location, f"{key!r} in {self.what} must be text", _kind_hint(node))
        return None

    def ident(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _ID.match(value):
            self.doc.add(
                self.where(key),
                f"id {value!r} must be ASCII snake_case (a-z, 0-9, _), starting with a letter",
                "e.g. staff_control_rate; the Chinese name goes under 'name'",
            )
            return None
        return value

    def number(
        self, key: str, *, nonnegative: bool = False, positive: bool = False
    ) -> Decimal | None:
        node = self.get(key)
        if node is None:
            return None
        return _number(self.doc, node, f"{key!r} in {self.what}", nonnegative, positive)

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        if value != value.to_integral_value() or not low <= value <= high:
            self.doc.add(self.where(key), f"{key!r} must be a whole number from {low} to {high}")
            return None
        return int(value)

    def boolean(self, key: str) -> bool | None:
        node = self.get(key)
        if node is None:
            return None
        if isinstance(node.value, bool):
            return node.value
        self.doc.add(node.location, f"{key!r} must be true or false", _kind_hint(node))
        return None

    def items(self, key: str) -> list[_yaml.Node]:
        node = self.get(key)
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.doc.add(node.location, f"{key!r} in {self.what} must be a list", _kind_hint(node))
            return []
        return list(node.value)

    def mapping(self, key: str) -> dict[str, _yaml.Node]:
        node = self.get(key)
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.doc.add(
                node.location, f"{key!r} in {self.what} must be a mapping", _kind_hint(node)
            )
            return {}
        return dict(node.value)


def _number(
    doc: _Doc, node: _yaml.Node, what: str, nonnegative: bool, positive: bool
) -> Decimal | None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, Decimal):
        if isinstance(value, str):
            try:
                parsed = Decimal(value.strip())
            except ArithmeticError:
                parsed = None
            if parsed is not None and parsed.is_finite() and _yaml.reasonable(parsed):
                value = parsed
        if not isinstance(value, Decimal) or isinstance(value, bool):
            doc.add(node.location, f"{what} must be a number", _number_hint(node))
            return None
    if positive and value <= 0:
        doc.add(node.location, f"{what} must be above 0, not {value}")
        return None
    if nonnegative and value < 0:
        doc.add(node.location, f"{what} cannot be negative ({value})", "write 0 or more")
        return None
    return value


_ALMOST_NUMBER = re.compile(r"^\s*[-+]?[\d,，]*\d(\.\d+)?\s*[%％]?\s*$")


def _number_hint(node: _yaml.Node) -> str:
    """What was found instead of a number, and the number meant when it is plain."""
    text = node.value
    if isinstance(text, str) and _ALMOST_NUMBER.match(text):
        meant = re.sub(r"[,，%％\s]", "", text)
        return (
            f"write the plain number {meant}, without thousands separators or a % sign;"
            " the unit is set on the indicator"
        )
    return _kind_hint(node)


def _yaml_number_text(node: _yaml.Node) -> str:
    return plain(node.value)


def _kind_hint(node: _yaml.Node) -> str:
    value = node.value
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, Decimal):
        kind = "a number"
    elif isinstance(value, str):
        kind = "text"
    elif isinstance(value, list):
        kind = "a list"
    elif isinstance(value, dict):
        kind = "a mapping"
    else:
        kind = "empty"
    return f"found {kind} here"


def _did_you_mean(key: str, allowed: Sequence[str]) -> str:
    return did_you_mean(key, allowed) or "allowed keys: " + ", ".join(allowed)


def _read(path: Path) -> tuple[_yaml.Node, bytes]:
    text, data = _read_text(path, "in WPS/Excel/Notepad: Save As, encoding UTF-8")
    return _yaml.load(text, str(path)), data


def _read_text(path: Path, how_to_save: str) -> tuple[str, bytes]:
    """The file's UTF-8 text (a BOM dropped) and its bytes; ``how_to_save`` says how to fix it."""
    try:
        if path.is_dir():
            raise InputError(
                "this is a folder, not a file",
                location=Location(str(path)),
                hint="give the path of a .yaml file (scoring validate also takes folders)",
            )
        data = path.read_bytes()
    # ValueError: a path with a NUL byte in it, which no file system accepts.
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot read file: {getattr(exc, 'strerror', None) or exc}",
            location=Location(str(path)),
            hint="check the path",
        ) from None
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "file is not UTF-8 text",
            location=Location(str(path), line),
            hint=f"save it as UTF-8 ({how_to_save})",
        ) from None


# --------------------------------------------------------------------------- targets


def parse_target(text: str, unit: str) -> Target:
    """A target such as ``≥ 95``, ``<=100%`` or ``= 0`` for an indicator in ``unit``.

    Raises:
        ValueError: when ``text`` has no operator or number, or a ``%`` on a
            non-percentage unit.
    """
    deadline = _DEADLINE.match(text)
    if deadline is not None:
        return Target(Op.LE, _month(deadline.group(1), text), "月", text.strip())
    match = _TARGET.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a target such as '≥ 95', '<= 100%' or '9月前'")
    op_text, number, percent = match.groups()
    if op_text is None:
        raise ValueError(f"target {text!r} needs an operator: ≥ (>=), ≤ (<=) or =")
    if percent and unit != "%":
        raise ValueError(f"target {text!r} has a % sign but the indicator's unit is {unit!r}")
    return Target(_OPS[op_text], Decimal(number), unit)


def _month(digits: str, text: str) -> Decimal:
    month = int(digits)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: a month is 1 to 12")
    return Decimal(month)


def _target(doc: _Doc, node: _yaml.Node, unit: str, words: bool = False) -> Target | None:
    """The target in ``node``; with ``words``, text that is no number is kept as words."""
    text_only = isinstance(node.value, str) and not _LOOKS_NUMERIC.match(node.value)
    if words and text_only and node.value.strip():
        return Target.described(node.value.strip())
    if isinstance(node.value, bool) or not isinstance(node.value, str | Decimal):
        doc.add(node.location, "a target must be text such as '≥ 95'", _kind_hint(node))
        return None
    text = node.value if isinstance(node.value, str) else f"={node.value}"
    if isinstance(node.value, Decimal):
        doc.add(
            node.location,
            f"target {_yaml_number_text(node)} has no operator",
            f"write '>= {_yaml_number_text(node)}', '<= {_yaml_number_text(node)}' or "
            f"'= {_yaml_number_text(node)}' (quoted)",
        )
        return None
    try:
        return parse_target(text, unit)
    except (ValueError, ArithmeticError) as exc:
        hint = (
            "remove the % sign, or set the indicator's unit to '%'"
            if "% sign" in str(exc)
            else "write an operator (>=, <=, =, or ≥ ≤) then a number"
        )
        doc.add(node.location, str(exc), hint)
        return None


# --------------------------------------------------------------------------- rules


class _RuleParams:
    """:class:`~scoring.rules.Params` over a YAML mapping, raising located errors."""

    def __init__(self, node: _yaml.Node, what: str) -> None:
        self.node = node
        self.what = what
        self.read: set[str] = set()
        self.children: list[_RuleParams] = []

    def _get(self, key: str) -> _yaml.Node | None:
        self.read.add(key)
        value = self.node.value.get(key) if isinstance(self.node.value, dict) else None
        return value if isinstance(value, _yaml.Node) else None

    def _raise(self, node: _yaml.Node | None, message: str, hint: str | None = None) -> NoReturn:
        raise RuleError(
            f"{self.what}: {message}",
            location=(node or self.node).location,
            hint=hint,
        )

    def number(
        self,
        key: str,
        default: Decimal | None = None,
        *,
        positive: bool = False,
        nonnegative: bool = False,
    ) -> Decimal:
        node = self._get(key)
        if node is None:
            if default is None:
                self._raise(None, f"needs {key!r}")
            return default
        doc = _Doc(self.node.location.file)
        value = _number(doc, node, repr(key), nonnegative, positive)
        if value is None:
            first = doc.problems[0]
            self._raise(node, first.message, first.hint)
        return value

    def choice(self, key: str, options: Sequence[str], default: str) -> str:
        node = self._get(key)
        if node is None:
            return default
        if node.value not in options:
            self._raise(
                node,
                f"{key!r} must be one of {', '.join(options)}, not {node.value!r}",
                _did_you_mean(str(node.value), options),
            )
        return str(node.value)

    def items(self, key: str) -> list[Params]:
        node = self._get(key)
        if node is None or not isinstance(node.value, list):
            self._raise(node, f"{key!r} must be a list", None if node is None else _kind_hint(node))
        result: list[Params] = []
        for item in node.value:
            if not isinstance(item.value, dict):
                self._raise(item, f"each entry of {key!r} must be a mapping", _kind_hint(item))
            child = _RuleParams(item, self.what)
            self.children.append(child)
            result.append(child)
        return result

    def text(self, key: str, default: str | None = None) -> str | None:
        node = self._get(key)
        if node is None:
            return default
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, Decimal):
            return _yaml_number_text(node)
        # true/false, null, a list or a mapping.
        self._raise(node, f"{key!r} must be text", _kind_hint(node))

    def has(self, key: str) -> bool:
        return isinstance(self.node.value, dict) and key in self.node.value

    def fail(self, key: str | None, message: str, hint: str | None = None) -> RuleError:
        node = self._get(key) if key else None
        return RuleError(
            f"{self.what}: {message}", location=(node or self.node).location, hint=hint
        )

    def unknown_keys(self) -> list[ScoringError]:
        problems: list[ScoringError] = []
        for key, loc in self.node.key_locations.items():
            if key != "kind" and key not in self.read:
                problems.append(
                    RuleError(
                        f"{self.what}: unknown key {key!r}",
                        location=loc,
                        hint=_did_you_mean(key, sorted(self.read))
                        if self.read
                        else "this rule takes no parameters",
                    )
                )
        for child in self.children:
            problems.extend(child.unknown_keys())
        return problems


def _rule(doc: _Doc, node: _yaml.Node, ind_id: str) -> Rule | None:
    what = f"rule of {ind_id!r}"
    if isinstance(node.value, str):
        node = _yaml.Node({"kind": node}, node.location, {"kind": node.location})
    if not isinstance(node.value, dict):
        doc.add(node.location, f"{what} must be a mapping with a 'kind'", _kind_hint(node))
        return None
    kind_node = node.value.get("kind")
    if kind_node is None:
        doc.add(node.location, f"{what} needs a 'kind'", "one of: " + ", ".join(sorted(RULES)))
        return None
    kind = kind_node.value
    if not isinstance(kind, str):
        doc.add(
            kind_node.location,
            f"the kind of {what} must be a rule's name",
            f"{_kind_hint(kind_node)}; one of: " + ", ".join(sorted(RULES)),
        )
        return None
    if kind not in RULES:
        doc.add(
            kind_node.location,
            f"unknown rule kind {kind!r} for {ind_id!r}",
            _did_you_mean(str(kind), sorted(RULES)),
        )
        return None
    params = _RuleParams(node, what)
    try:
        rule = RULES[kind].parse(params)
    except RuleError as exc:
        doc.problems.append(exc)
        return None
    unknown = params.unknown_keys()
    doc.problems.extend(unknown)
    return None if unknown else rule


# --------------------------------------------------------------------------- indicators


def load_indicators(path: str | Path) -> list[Indicator]:
    """Read an indicator file.

    Raises:
        ScoringError: listing every problem in the file.
    """
    return _indicators(Path(path))[0]


def _indicators(path: Path) -> tuple[list[Indicator], bytes]:
    root, data = _read(path)
    doc = _Doc(str(path))
    top = doc.top(root, "an indicator file", *INDICATOR_FILE_KEYS)
    if top.get("indicators") is not None and not top.items("indicators"):
        doc.add(top.where("indicators"), "the file lists no indicators")
    found = (_indicator(doc, item) for item in top.items("indicators"))
    result = [ind for ind in found if ind is not None]
    raise_if_any(doc.problems)
    return result, data


def _indicator(doc: _Doc, node: _yaml.Node) -> Indicator | None:
    # Counted before the keys are checked: a missing key is a problem of its own.
    before = len(doc.problems)
    fields = doc.fields(node, "an indicator", *INDICATOR_KEYS)
    if fields is None:
        return None
    ind_id = fields.ident("id")
    label = ind_id or "indicator"
    unit = fields.text("unit") or ""
    rule_node = fields.get("rule")
    target_node = fields.get("target")
    words = _takes_words(rule_node)
    target = _target(doc, target_node, unit, words) if target_node is not None else None
    rule = _rule(doc, rule_node, label) if rule_node is not None else None
    value_decimals = fields.integer("value_decimals", 0, MAX_DECIMALS)
    over = _over_achievement(doc, fields, None) if fields.has("over_achievement") else None
    formula = None
    formula_text = fields.text("formula")
    if formula_text is not None:
        try:
            formula = parse_formula(formula_text, fields.where("formula"))
        except FormulaError as exc:
            doc.problems.append(exc)
    name, level1, level2 = fields.text("name"), fields.text("level1"), fields.text("level2")
    if len(doc.problems) > before:
        return None
    assert ind_id
    assert name
    assert level1
    assert level2
    assert target
    assert rule
    return Indicator(
        id=ind_id,
        name=name,
        name_en=fields.text("name_en"),
        level1=level1,
        level2=level2,
        unit=unit,
        target=target,
        rule=rule,
        formula=formula,
        description=fields.text("description"),
        source=fields.text("source"),
        location=node.location,
        value_decimals=value_decimals,
        over_achievement=over,
        target_assumed=fields.text("target_assumed"),
    )


def _takes_words(rule_node: _yaml.Node | None) -> bool:
    """Whether the row's rule accepts a target in words (true when the rule is unreadable,
    which is reported on its own)."""
    if rule_node is None:
        return True
    kind = rule_node.value
    if isinstance(kind, dict):
        kind_node = kind.get("kind")
        kind = kind_node.value if kind_node is not None else None
    if not isinstance(kind, str) or kind not in RULES:
        return True
    return RULES[kind].text_target


def _over_achievement(
    doc: _Doc, parent: _Fields, default: OverAchievement | None
) -> OverAchievement | None:
    """``over_achievement: {flag_at: 130, reduce_by: 20}`` (percents), or None if malformed."""
    node = parent.get("over_achievement")
    if node is None:
        return default
    fields = doc.fields(node, "'over_achievement'", *OVER_ACHIEVEMENT_KEYS)
    if fields is None:
        return None
    flag_at = fields.number("flag_at", nonnegative=True)
    reduce_by = fields.number("reduce_by", nonnegative=True)
    if reduce_by is not None and reduce_by > 100:
        doc.add(fields.where("reduce_by"), "'reduce_by' is a percent of the points, 0 to 100")
        reduce_by = None
    if flag_at is not None and 0 < flag_at <= 100:
        doc.add(
            fields.where("flag_at"),
            f"'flag_at' is a percent of the target above 100 (130 flags 130% and more),"
            f" not {plain(flag_at)}",
            "write 0 to turn the flag off",
        )
    if reduce_by is not None and flag_at == 0:
        doc.add(fields.where("reduce_by"), "'reduce_by' needs the flag on ('flag_at' above 100)")
    return OverAchievement(
        flag_at=flag_at if flag_at is not None else Decimal(130), reduce_by=reduce_by or None
    )


# --------------------------------------------------------------------------- weights


def load_weights(path: str | Path) -> WeightsProfile:
    """Read a weights profile.

    Raises:
        ScoringError: listing every problem in the file.
    """
    return _weights(Path(path))[0]


def _weights(path: Path) -> tuple[WeightsProfile, bytes]:
    root, data = _read(path)
    doc = _Doc(str(path))
    top = doc.top(root, "a weights file", *WEIGHTS_FILE_KEYS)
    categories = [c for c in (_category(doc, n) for n in top.items("categories")) if c]
    _no_twice(doc, "category", [(c.name, c.location) for c in categories])
    for cat in categories:
        _no_twice(doc, f"group of {cat.name}", [(g.name, g.location) for g in cat.groups])
    points: dict[str, Decimal] = {}
    points_node = top.get("points")
    locations: dict[str, Location] = {
        key: top.node.key_locations[key]
        for key in ("full_score", "categories")
        if key in top.node.key_locations
    }
    for key, node in top.mapping("points").items():
        value = _number(doc, node, f"points of {key!r}", nonnegative=True, positive=False)
        if value is not None:
            points[key] = value
            assert points_node is not None
            locations[f"points.{key}"] = points_node.key_locations[key]
    grades = tuple(g for g in (_grade(doc, n) for n in top.items("grades")) if g)
    if top.has("grades") and len({g.min for g in grades}) != len(grades):
        doc.add(top.where("grades"), "two grades have the same minimum")
    full = top.number("full_score", positive=True)
    decimals = top.integer("decimals", 0, MAX_DECIMALS)
    normalise = top.boolean("normalise")
    value_decimals = top.integer("value_decimals", 0, MAX_DECIMALS)
    over = _over_achievement(doc, top, OverAchievement())
    missing = top.text("missing_facts") or "error"
    if missing not in MISSING_POLICIES:
        doc.add(
            top.where("missing_facts"),
            f"'missing_facts' must be one of {', '.join(MISSING_POLICIES)}, not {missing!r}",
            _did_you_mean(missing, MISSING_POLICIES),
        )
    vetoes = []
    names = [g.name for g in (grades or DEFAULT_GRADES)]  # same names at any full score
    for ind_id, node in top.mapping("veto").items():
        cap = node.value if isinstance(node.value, str) else None
        if cap not in names:
            doc.add(
                node.location,
                f"the veto of {ind_id!r} must name the best grade left, one of {', '.join(names)}",
                "e.g. 'veto: {safety_incidents: 中}'",
            )
            continue
        vetoes.append(Veto(ind_id, cap))
    ident, name = top.text("id"), top.text("name")
    raise_if_any(doc.problems)
    assert ident
    assert name
    profile = WeightsProfile(
        id=ident,
        name=name,
        name_en=top.text("name_en"),
        source=top.text("source"),
        categories=tuple(categories),
        points=points,
        full_score=full if full is not None else Decimal(100),
        decimals=decimals if decimals is not None else 2,
        grades=grades or default_grades(full if full is not None else Decimal(100)),
        normalise=bool(normalise),
        location=root.location,
        value_decimals=value_decimals,
        over_achievement=over or OverAchievement(),
        missing_facts=missing,
        vetoes=tuple(vetoes),
        locations=locations,
    )
    return profile, data


def _no_twice(doc: _Doc, what: str, named: Sequence[tuple[str, Location | None]]) -> None:
    first: dict[str, Location | None] = {}
    for name, loc in named:
        if name in first:
            where = first[name]
            doc.add(
                loc or Location(doc.file),
                f"{what} {name!r} is listed twice"
                + (f" (first at line {where.line})" if where else ""),
                "merge the two entries into one",
            )
        else:
            first[name] = loc


def _category(doc: _Doc, node: _yaml.Node) -> Category | None:
    fields = doc.fields(node, "a category", *CATEGORY_KEYS)
    if fields is None:
        return None
    groups = []
    for item in fields.items("groups"):
        group = doc.fields(item, "a group", *GROUP_KEYS)
        if group is None:
            continue
        name, points = group.text("name"), group.number("points", nonnegative=True)
        if name and points is not None:
            groups.append(Group(name, points, group.text("name_en"), item.location))
    name, points = fields.text("name"), fields.number("points", nonnegative=True)
    if not name or points is None:
        return None
    return Category(name, points, tuple(groups), fields.text("name_en"), node.location)


def _grade(doc: _Doc, node: _yaml.Node) -> GradeBand | None:
    fields = doc.fields(node, "a grade", *GRADE_KEYS)
    if fields is None:
        return None
    name, low = fields.text("name"), fields.number("min", nonnegative=True)
    if not name or low is None:
        return None
    return GradeBand(name, low, fields.text("name_en") or "")


# --------------------------------------------------------------------------- facts


@attrs.frozen
class FactsFile:
    """A facts file and the rule files it names."""

    facts: Facts
    indicator_refs: tuple[str, ...]
    weights_ref: str | None
    path: Path


def load_facts(path: str | Path) -> FactsFile:
    """Read a facts file.

    Raises:
        ScoringError: listing every problem in the file.
    """
    path = Path(path)
    root, _ = _read(path)
    doc = _Doc(str(path))
    top = doc.top(root, "a facts file", *FACTS_FILE_KEYS)
    facts, targets = _facts_and_targets(doc, top)
    not_applicable = {}
    for ind_id, node in top.mapping("not_applicable").items():
        reason = _reason(doc, node, f"not applicable {ind_id!r}")
        if reason is not None:
            not_applicable[ind_id] = NotApplicable(ind_id, reason, node.location)
    deductions = {}
    for ind_id, node in top.mapping("deductions").items():
        deduction = _deduction(doc, ind_id, node)
        if deduction is not None:
            deductions[ind_id] = deduction
    reasons = _reasons(doc, top)
    refs = _refs(doc, top)
    year = top.integer("year", 1900, 2999)
    unit = top.text("unit")
    weights_ref = top.text("weights")
    raise_if_any(doc.problems)
    assert unit
    assert year is not None
    return FactsFile(
        facts=Facts(
            unit=unit,
            unit_en=top.text("unit_en"),
            year=year,
            facts=facts,
            targets=targets,
            location=Location(str(path), 1, 1),
            not_applicable=not_applicable,
            deductions=deductions,
            reasons=reasons,
        ),
        indicator_refs=tuple(refs),
        weights_ref=weights_ref,
        path=path,
    )


def _reasons(doc: _Doc, top: _Fields) -> dict[str, str]:
    """The optional ``reasons:`` mapping: indicator id -> 偏差原因分析及改进措施."""
    reasons = {}
    for ind_id, node in top.mapping("reasons").items():
        if isinstance(node.value, str) and node.value.strip():
            reasons[ind_id] = node.value.strip()
        else:
            doc.add(
                node.location,
                f"the reason for {ind_id!r} must be non-empty text",
                "write why the target was missed or beaten, and what will change",
            )
    return reasons


def _refs(doc: _Doc, top: _Fields) -> list[str]:
    """The ``indicators:`` of a facts file or table: one name, or a list of them."""
    node = top.get("indicators")
    if node is None:
        return []
    if isinstance(node.value, str):
        return [node.value]
    return [t for t in (_ref(doc, n) for n in top.items("indicators")) if t]


def _ref(doc: _Doc, node: _yaml.Node) -> str | None:
    if isinstance(node.value, str):
        return node.value
    doc.add(node.location, "an indicator file reference must be text", _kind_hint(node))
    return None


def _provenance(fields: _Fields) -> Provenance | None:
    given = [k for k in PROVENANCE_KEYS if fields.has(k)]
    if len(given) > 1:
        fields.doc.add(
            fields.where(given[1]),
            f"give one of {', '.join(PROVENANCE_KEYS)}, not {' and '.join(given)}",
            "a number either quotes the report, cites a public source, or is assumed",
        )
        return None
    if not given:
        return None
    text = fields.text(given[0])
    return Provenance(ProvenanceKind(given[0]), text) if text else None


def _reason(doc: _Doc, node: _yaml.Node, what: str) -> str | None:
    if isinstance(node.value, str) and node.value.strip():
        return node.value.strip()
    doc.add(node.location, f"{what} needs its reason as text", _kind_hint(node))
    return None


def _deduction(doc: _Doc, ind_id: str, node: _yaml.Node) -> ManualDeduction | None:
    fields = doc.fields(node, f"the deduction of {ind_id!r}", *DEDUCTION_KEYS)
    if fields is None:
        return None
    points = fields.number("points", positive=True)
    reason = fields.text("reason")
    if points is None or reason is None:
        return None
    return ManualDeduction(ind_id, points, reason.strip(), node.location)


def _facts_and_targets(
    doc: _Doc, fields: _Fields
) -> tuple[dict[str, Fact], dict[str, TargetSetting]]:
    """The ``facts:`` and ``targets:`` of a facts file, or of a batch table's row."""
    facts = {}
    for name, node in fields.mapping("facts").items():
        fact = _fact(doc, name, node)
        if fact is not None:
            facts[name] = fact
    targets = {}
    for ind_id, node in fields.mapping("targets").items():
        setting = _target_setting(doc, ind_id, node)
        if setting is not None:
            targets[ind_id] = setting
    return facts, targets


def _fact(doc: _Doc, name: str, node: _yaml.Node) -> Fact | None:
    if not _FACT_NAME.match(name):
        doc.add(
            node.location,
            f"fact name {name!r} must be ASCII letters, digits and _",
            "formulas refer to facts by these names",
        )
        return None
    if not isinstance(node.value, dict):
        value = _fact_value(doc, node, f"fact {name!r}")
        return Fact(name, value, None, node.location) if value is not None else None
    fields = doc.fields(node, f"fact {name!r}", *FACT_KEYS)
    if fields is None:
        return None
    value_node = fields.get("value")
    what = f"'value' in fact {name!r}"
    value = None if value_node is None else _fact_value(doc, value_node, what)
    provenance = _provenance(fields)
    if value is None:
        return None
    return Fact(name, value, provenance, fields.where("value"))


def _fact_value(doc: _Doc, node: _yaml.Node, what: str) -> FactValue | None:
    """A number; true/false; a month (7月); a level's name; a list of items; a verdict."""
    value = node.value
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return _number(doc, node, what, False, False)
    if isinstance(value, str):
        text = value.strip()
        month = _MONTH.match(text)
        if month is not None:
            try:
                return _month(month.group(1), text)
            except ValueError as exc:
                doc.add(node.location, f"{what}: {exc}")
                return None
        if _NUMBERISH.match(text):
            # "37.24万元" is a number written with its unit, not a level's name.
            return _number(doc, node, what, False, False)
        if not text:
            doc.add(node.location, f"{what} is empty")
            return None
        return text
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item.value, str) and item.value.strip():
                items.append(item.value.strip())
            else:
                doc.add(item.location, f"{what}: each item met is a name", _kind_hint(item))
        return tuple(items) if len(items) == len(value) else None
    if isinstance(value, dict):
        fields = doc.fields(node, f"the verdict of {what}", *JUDGEMENT_KEYS)
        if fields is None:
            return None
        band, points = fields.text("band"), fields.number("points", nonnegative=True)
        if band is None or points is None:
            return None
        return Judgement(band.strip(), points)
    doc.add(node.location, f"{what} has no value", "give a number, true/false, a name or a list")
    return None


def _target_setting(doc: _Doc, ind_id: str, node: _yaml.Node) -> TargetSetting | None:
    fields = doc.fields(node, f"the target of {ind_id!r}", *TARGET_SETTING_KEYS)
    if fields is None:
        return None
    target_node = fields.get("target")
    provenance = _provenance(fields)
    if target_node is None:
        return None
    if not isinstance(target_node.value, str):
        target = _target(doc, target_node, "")
        return None if target is None else TargetSetting(ind_id, target, provenance)
    # The unit, and whether the rule takes a target in words, are checked
    # against the indicator when the case is assembled.
    percent = target_node.value.strip().endswith(("%", "％"))
    target = _target(doc, target_node, "%" if percent else "", words=True)
    if target is None:
        return None
    return TargetSetting(ind_id, target, provenance, target_node.location)


# --------------------------------------------------------------------------- a case


def load_case(
    facts_path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
) -> Case:
    """Read a facts file and the indicator and weights files it names.

    ``indicators`` and ``weights`` (paths or shipped names) override what the
    facts file names. Relative paths inside a facts file are relative to it.
    A negative amount that a ratio formula reads is refused here
    (:func:`scoring.checks.fact_signs`).

    Raises:
        ScoringError: listing every problem found.
    """
    case = read_case(facts_path, indicators=indicators, weights=weights)
    raise_if_any(fact_signs(case.indicators, case.facts))
    return case


def read_case(
    facts_path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
) -> Case:
    """:func:`load_case` without the checks on the facts' values (for validation)."""
    facts_file = load_facts(facts_path)
    base = facts_file.path.parent
    ind_refs = list(indicators) if indicators else list(facts_file.indicator_refs)
    ind_base = None if indicators else base
    weights_ref = weights or facts_file.weights_ref
    where = Location(str(facts_file.path))
    loaded, profile, sources = _rule_files(
        ind_refs,
        ind_base,
        weights_ref,
        None if weights else base,
        where=where,
        hints=(
            "name them under 'indicators:' in the facts file, or use --indicators",
            "name it under 'weights:' in the facts file, or use --weights",
        ),
    )
    facts = _apply_target_units(facts_file.facts, loaded)
    return Case(tuple(loaded), profile, facts, tuple(sources))


def _rule_files(
    ind_refs: Sequence[str],
    ind_base: Path | None,
    weights_ref: str | None,
    weights_base: Path | None,
    *,
    where: Location,
    hints: tuple[str, str],
) -> tuple[list[Indicator], WeightsProfile, list[SourceFile]]:
    """The indicator files and weights profile named, and their files.

    One loader for a facts file's case and a batch table's rules, so both find,
    read and hash rule files alike. ``hints`` say where to name indicator files
    and a weights profile when none is given.

    Raises:
        ScoringError: listing every problem found.
    """
    problems: list[ScoringError] = []
    if not ind_refs:
        problems.append(InputError("no indicator files given", location=where, hint=hints[0]))
    if not weights_ref:
        problems.append(InputError("no weights profile given", location=where, hint=hints[1]))
    loaded: list[Indicator] = []
    sources: list[SourceFile] = []
    for ref in ind_refs:
        path = _locate("indicators", ref, ind_base, where, problems)
        if path is not None:
            try:
                found, data = _indicators(path)
            except ScoringError as exc:
                problems.extend(exc.problems)
                continue
            loaded.extend(found)
            sources.append(SourceFile(str(path), hashlib.sha256(data).hexdigest()))
    profile = None
    if weights_ref:
        path = _locate("weights", weights_ref, weights_base, where, problems)
        if path is not None:
            try:
                profile, data = _weights(path)
                sources.append(SourceFile(str(path), hashlib.sha256(data).hexdigest()))
            except ScoringError as exc:
                problems.extend(exc.problems)
    raise_if_any(problems)
    assert profile is not None
    return loaded, profile, sources


def _locate(
    kind: str, ref: str, base: Path | None, where: Location, problems: list[ScoringError]
) -> Path | None:
    path = resources.find(kind, ref, base)
    if path is None:
        shipped = ", ".join(resources.shipped_names(kind)) or "none"
        problems.append(
            InputError(
                f"no {kind} file {ref!r}",
                location=where,
                hint=f"give a path to a .yaml file, or a shipped name ({shipped})",
            )
        )
    return path


def _apply_target_units(facts: Facts, indicators: Iterable[Indicator]) -> Facts:
    """Give year targets their indicator's unit, and refuse targets for unknown indicators."""
    by_id = {ind.id: ind for ind in indicators}
    problems: list[ScoringError] = []
    settings = {}
    for ind_id, setting in facts.targets.items():
        ind = by_id.get(ind_id)
        if ind is None:
            problems.append(
                InputError(
                    f"a target is set for {ind_id!r}, which is not an indicator here",
                    location=setting.location,
                    hint=_did_you_mean(ind_id, sorted(by_id)),
                )
            )
            continue
        if not setting.target.numeric and not ind.rule.text_target:
            problems.append(
                InputError(
                    f"target {setting.target} of {ind_id!r} is not a number such as '>= 95',"
                    f" which rule {ind.rule.kind!r} needs",
                    location=setting.location,
                    hint="write an operator (>=, <=, =) then a number, or a deadline as '9月前'",
                )
            )
            continue
        if setting.target.unit == "%" and ind.unit != "%":
            problems.append(
                InputError(
                    f"target of {ind_id!r} has a % sign but the indicator's unit is {ind.unit!r}",
                    location=setting.location,
                    hint="remove the % sign",
                )
            )
            continue
        target = setting.target
        if target.numeric and target.unit != "月":
            target = attrs.evolve(target, unit=ind.unit)
        settings[ind_id] = attrs.evolve(setting, target=target)
    for marked in (facts.not_applicable, facts.deductions):
        for ind_id, entry in marked.items():
            if ind_id not in by_id:
                problems.append(
                    InputError(
                        f"{ind_id!r} is not an indicator here",
                        location=entry.location,
                        hint=_did_you_mean(ind_id, sorted(by_id)),
                    )
                )
    for ind_id, entry in facts.deductions.items():
        if ind_id in facts.not_applicable:
            problems.append(
                InputError(
                    f"{ind_id!r} is marked not applicable and also has a deduction",
                    location=entry.location,
                    hint="a row that is not scored cannot lose points: remove one of them",
                )
            )
    problems.extend(
        InputError(
            f"a reason is given for {ind_id!r}, which is not an indicator here",
            location=facts.location,
            hint=_did_you_mean(ind_id, sorted(by_id)),
        )
        for ind_id in facts.reasons
        if ind_id not in by_id
    )
    raise_if_any(problems)
    return attrs.evolve(facts, targets=settings)
