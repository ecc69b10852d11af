"""Reading indicator files (``indicators/*.yaml``) into indicators of the model.

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from scoring.core.errors import (
    FormulaError,
    RuleError,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.formula import parse as parse_formula
from scoring.core.messages import Message, msg
from scoring.core.model import (
    FactInfo,
    Indicator,
    OverAchievement,
)
from scoring.core.numbers import plain
from scoring.core.record import evolve
from scoring.core.rules import RULES, Params, Rule, Unscored
from scoring.core.values import ReasonThresholds, Target
from scoring.files import located_yaml as _yaml
from scoring.files.documents import (
    DEVIATION_REASON_KEYS,
    FACT_INFO_KEYS,
    FACT_NAME,
    INDICATOR_FILE_KEYS,
    INDICATOR_KEYS,
    MAX_DECIMALS,
    OVER_ACHIEVEMENT_KEYS,
    Doc,
    Fields,
    key_suggestion,
    kind_hint,
    read_number,
    read_unit_en,
    read_yaml,
    yaml_number_text,
)
from scoring.files.reading import path_text
from scoring.files.targets import in_english, numeric_target_en, read_target

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import NoReturn


class _RuleParams:
    """:class:`~scoring.core.rules.Params` over a YAML mapping, raising located errors."""

    def __init__(self, node: _yaml.Node, what: str | Message) -> None:
        self.node = node
        self.what = what
        self.read: set[str] = set()
        self.children: list[_RuleParams] = []

    def _get(self, key: str) -> _yaml.Node | None:
        self.read.add(key)
        value = self.node.value.get(key) if isinstance(self.node.value, dict) else None
        return value if isinstance(value, _yaml.Node) else None

    def _raise(
        self, node: _yaml.Node | None, message: str | Message, hint: str | Message | None = None
    ) -> NoReturn:
        raise RuleError(
            msg("{what}: {message}", what=self.what, message=message),
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
                self._raise(None, msg("needs {key!r}", key=key))
            return default
        doc = Doc(self.node.file)
        value = read_number(doc, node, repr(key), nonnegative, positive)
        if value is None:
            first = doc.problems[0]
            self._raise(node, first.said, first.said_hint)
        return value

    def choice(self, key: str, options: Sequence[str], default: str) -> str:
        node = self._get(key)
        if node is None:
            return default
        if node.value not in options:
            self._raise(
                node,
                msg(
                    "{key!r} must be one of {join}, not {value!r}",
                    key=key,
                    join=", ".join(options),
                    value=node.value,
                ),
                key_suggestion(str(node.value), options),
            )
        return str(node.value)

    def items(self, key: str) -> list[Params]:
        node = self._get(key)
        if node is None or not isinstance(node.value, list):
            self._raise(
                node,
                msg("{key!r} must be a list", key=key),
                None if node is None else kind_hint(node),
            )
        result: list[Params] = []
        for item in node.value:
            if not isinstance(item.value, dict):
                self._raise(
                    item, msg("each entry of {key!r} must be a mapping", key=key), kind_hint(item)
                )
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
            return yaml_number_text(node)
        # true/false, null, a list or a mapping.
        self._raise(node, msg("{key!r} must be text", key=key), kind_hint(node))

    def has(self, key: str) -> bool:
        return isinstance(self.node.value, dict) and key in self.node.value

    def fail(
        self, key: str | None, message: str | Message, hint: str | Message | None = None
    ) -> RuleError:
        node = self._get(key) if key else None
        return RuleError(
            msg("{what}: {message}", what=self.what, message=message),
            location=(node or self.node).location,
            hint=hint,
        )

    def unknown_keys(self) -> list[ScoringError]:
        problems: list[ScoringError] = []
        for key in self.node.value:  # a Location made only for a key refused
            if key != "kind" and key not in self.read:
                problems.append(
                    RuleError(
                        msg("{what}: unknown key {key!r}", what=self.what, key=key),
                        location=self.node.key_locations[key],
                        hint=key_suggestion(key, sorted(self.read))
                        if self.read
                        else msg("this rule takes no parameters"),
                    )
                )
        for child in self.children:
            problems.extend(child.unknown_keys())
        return problems


def _rule(doc: Doc, node: _yaml.Node, ind_id: str) -> Rule | None:
    what = msg("rule of {ind_id!r}", ind_id=ind_id)
    if isinstance(node.value, str):
        node = node.keyed("kind")
    if not isinstance(node.value, dict):
        doc.add(
            node.location, msg("{what} must be a mapping with a 'kind'", what=what), kind_hint(node)
        )
        return None
    kind_node = node.value.get("kind")
    if kind_node is None:
        doc.add(
            node.location,
            msg("{what} needs a 'kind'", what=what),
            msg("use one of: {names}", names=", ".join(sorted(RULES))),
        )
        return None
    kind = kind_node.value
    if not isinstance(kind, str):
        doc.add(
            kind_node.location,
            msg("the kind of {what} must be a rule's name", what=what),
            msg(
                "{found}; one of: {names}",
                found=kind_hint(kind_node),
                names=", ".join(sorted(RULES)),
            ),
        )
        return None
    if kind not in RULES:
        doc.add(
            kind_node.location,
            msg("unknown rule kind {kind!r} for {ind_id!r}", kind=kind, ind_id=ind_id),
            key_suggestion(str(kind), sorted(RULES)),
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


def load_indicators(path: str | Path) -> list[Indicator]:
    """Read an indicator file.

    Raises:
        ScoringError: listing every problem in the file.
    """
    return read_indicators(path_text(path))[0]


def read_indicators(path: str) -> tuple[list[Indicator], bytes]:
    with _yaml.paused_gc():
        return _read_indicators(path)


def _read_indicators(path: str) -> tuple[list[Indicator], bytes]:
    root, data = read_yaml(path)
    doc = Doc(str(path))
    top = doc.top(root, msg("an indicator file"), *INDICATOR_FILE_KEYS)
    # The file's own id, name and source are shown nowhere, but read all the same: a
    # list or a Chinese name_en there was taken without a word.
    top.text("id"), top.text("name"), top.text("source"), top.english("name_en", "name")
    if top.get("indicators") is not None and not top.items("indicators"):
        doc.add(top.where("indicators"), msg("the file lists no indicators"))
    declared = _fact_infos(doc, top)
    found = (_indicator(doc, item) for item in top.items("indicators"))
    result = [ind for ind in found if ind is not None]
    if declared:
        result = _with_fact_infos(doc, result, declared)
    raise_if_any(doc.problems)
    return result, data


def _fact_infos(doc: Doc, top: Fields) -> dict[str, FactInfo]:
    """The optional ``facts:`` mapping: fact id -> its Chinese name, unit, where found."""
    declared: dict[str, FactInfo] = {}
    by_name: dict[str, str] = {}
    for fact_id, node in top.mapping("facts").items():
        if not FACT_NAME.match(fact_id):
            doc.add(
                node.location,
                msg("fact id {fact_id!r} must be ASCII letters, digits and _", fact_id=fact_id),
                msg("the id is what formulas use; put the Chinese name under 'name:'"),
            )
            continue
        fields = doc.fields(node, msg("fact {fact_id!r}", fact_id=fact_id), *FACT_INFO_KEYS)
        if fields is None:
            continue
        name = fields.text("name")
        if name is None:
            continue
        if name in by_name or name in declared:
            doc.add(
                fields.where("name"),
                msg(
                    "the name {name!r} of fact {fact_id!r} is already the name of {get!r}",
                    name=name,
                    fact_id=fact_id,
                    get=by_name.get(name, name),
                ),
                msg("give every fact its own name, so that a facts file can use either"),
            )
            continue
        by_name[name] = fact_id
        unit = fields.text("unit") or ""
        declared[fact_id] = FactInfo(
            fact_id,
            name,
            fields.english("name_en", "name"),
            unit,
            fields.text("found_in"),
            node.location,
            signed=bool(fields.boolean("signed")),
            unit_en=read_unit_en(fields, unit),
        )
    return declared


def _with_fact_infos(
    doc: Doc, indicators: list[Indicator], declared: dict[str, FactInfo]
) -> list[Indicator]:
    """Each indicator with the declarations of the facts it reads; unread ones refused."""
    read = {fact for ind in indicators for fact in ind.reads}
    for fact_id, info in declared.items():
        if fact_id not in read:
            assert info.location is not None
            doc.add(
                info.location,
                msg(
                    "fact {fact_id!r} is declared but no indicator of this file reads it",
                    fact_id=fact_id,
                ),
                did_you_mean(fact_id, sorted(read)) or msg("remove it, or correct its id"),
            )
    return [
        evolve(ind, facts={f: declared[f] for f in ind.reads if f in declared})
        for ind in indicators
    ]


def _indicator(doc: Doc, node: _yaml.Node) -> Indicator | None:
    # Counted before the keys are checked: a missing key is a problem of its own.
    before = len(doc.problems)
    fields = doc.fields(node, msg("an indicator"), *INDICATOR_KEYS)
    if fields is None:
        return None
    ind_id = fields.ident("id")
    label = ind_id or "indicator"
    unit = fields.text("unit") or ""
    unit_en = read_unit_en(fields, unit)
    target_en = fields.english("target_en", "target")
    informational = bool(fields.boolean("informational"))
    rule_node = fields.get("rule")
    target_node = fields.get("target")
    if informational and rule_node is not None:
        doc.add(
            rule_node.location,
            msg("{label!r} is informational (shown, not scored) and takes no rule", label=label),
            msg("remove 'rule:' (or remove 'informational: true' to score the row)"),
        )
    for key, given in (("target", target_node), ("rule", rule_node)):
        if given is None and not informational:
            doc.add(
                node.location,
                msg("an indicator is missing the required key {key!r}", key=key),
                msg(
                    "add '{key}:' with its value"
                    " (or 'informational: true' for a row shown without points)",
                    key=key,
                )
                if key == "rule"
                else msg("add '{key}:' with its value", key=key),
            )
        elif given is not None and given.value is None:
            doc.add(
                given.location,
                msg("the key {key!r} in an indicator has no value", key=key)
                if informational
                else msg("the required key {key!r} in an indicator has no value", key=key),
                msg("write its value after the colon"),
            )
    words = _takes_words(rule_node)
    target = (
        read_target(doc, target_node, unit, words)
        if target_node is not None and target_node.value is not None
        else None
    )
    rule = (
        _rule(doc, rule_node, label)
        if rule_node is not None and rule_node.value is not None and not informational
        else None
    )
    if numeric_target_en(doc, fields, target, fields.what) and (target or unit_en):
        target = in_english(target or Target.blank(unit), unit, unit_en, target_en)
    value_decimals = fields.integer("value_decimals", 0, MAX_DECIMALS)
    over = read_over_achievement(doc, fields, None) if fields.has("over_achievement") else None
    reasons = _deviation_reason(doc, fields, rule)
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
    assert target or informational
    assert rule or informational
    return Indicator(
        id=ind_id,
        name=name,
        name_en=fields.english("name_en", "name"),
        level1=level1,
        level2=level2,
        unit=unit,
        target=target or Target.blank(unit),
        rule=rule or Unscored(),
        formula=formula,
        description=fields.text("description"),
        source=fields.text("source"),
        location=node.location,
        value_decimals=value_decimals,
        over_achievement=over,
        target_assumed=fields.text("target_assumed"),
        informational=informational,
        deviation_reason=reasons,
        unit_en=unit_en,
    )


def _deviation_reason(doc: Doc, parent: Fields, rule: Rule | None) -> ReasonThresholds | None:
    """``deviation_reason: {below: 90, above: 100}``: each figure, ``false`` for none; a key left
    out keeps the rule's own (a budget execution rate above 100%). None when not written."""
    node = parent.get("deviation_reason")
    if node is None:
        return None
    fields = doc.fields(node, msg("'deviation_reason'"), *DEVIATION_REASON_KEYS)
    if fields is None:
        return None
    default = rule.reasons if rule is not None else ReasonThresholds()
    figures: dict[str, Decimal | None] = {}
    for key in DEVIATION_REASON_KEYS.all:
        given = fields.get(key)
        if given is None:
            figures[key] = getattr(default, key)
        elif given.value is False:
            figures[key] = None
        else:
            figures[key] = fields.number(key)
    return ReasonThresholds(**figures)


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


def read_over_achievement(
    doc: Doc, parent: Fields, default: OverAchievement | None
) -> OverAchievement | None:
    """``over_achievement: {flag_at: 130, reduce_by: 20, deduct: 2}`` (percents; points off),
    or None if malformed."""
    node = parent.get("over_achievement")
    if node is None:
        return default
    fields = doc.fields(node, msg("'over_achievement'"), *OVER_ACHIEVEMENT_KEYS)
    if fields is None:
        return None
    flag_at = fields.number("flag_at", nonnegative=True)
    reduce_by = fields.number("reduce_by", nonnegative=True)
    deduct = fields.number("deduct", positive=True)
    if reduce_by is not None and reduce_by > 100:
        doc.add(fields.where("reduce_by"), msg("'reduce_by' is a percent of the points, 0 to 100"))
        reduce_by = None
    if flag_at is not None and 0 < flag_at <= 100:
        doc.add(
            fields.where("flag_at"),
            msg(
                "'flag_at' is a percent of the target above 100 (130 flags 130% and more), "
                "not {flag_at}",
                flag_at=plain(flag_at),
            ),
            msg("write 0 to turn the flag off"),
        )
    for key, given in (("reduce_by", reduce_by), ("deduct", deduct)):
        if given is not None and flag_at == 0:
            doc.add(
                fields.where(key), msg("{key!r} needs the flag on ('flag_at' above 100)", key=key)
            )
    return OverAchievement(
        flag_at=flag_at if flag_at is not None else Decimal(130),
        reduce_by=reduce_by or None,
        deduct=deduct,
    )
