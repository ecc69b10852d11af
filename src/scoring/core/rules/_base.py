"""The rule contract: parameters, assessments, the base class and the registry."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from scoring.core.errors import RuleError
from scoring.core.messages import Message, msg
from scoring.core.numbers import ONE, ZERO, round_exact, to_decimal
from scoring.core.record import Record, evolve, set_field
from scoring.core.values import (
    FactValue,
    Judgement,
    Op,
    ReasonThresholds,
    Target,
    Text,
    show_beside,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, Protocol, Self, TypeVar
else:
    # Params is a protocol for the type checker; at run time a plain class
    # (typing costs start-up time, and nothing checks a Params with isinstance).
    Protocol = object


class Params(Protocol):
    """A rule's parameters as written in YAML, read with types checked.

    The loader passes one that knows file and line, so that a bad parameter is
    reported where it stands. Every method raises :class:`RuleError` on a bad
    value.
    """

    def number(
        self,
        key: str,
        default: Decimal | None = None,
        *,
        positive: bool = False,
        nonnegative: bool = False,
    ) -> Decimal: ...

    def choice(self, key: str, options: Sequence[str], default: str) -> str: ...

    def items(self, key: str) -> list[Params]: ...

    def text(self, key: str, default: str | None = None) -> str | None: ...

    def has(self, key: str) -> bool: ...

    def fail(
        self, key: str | None, message: str | Message, hint: str | Message | None = None
    ) -> RuleError: ...


class Assessment(Record):
    """A scored value: the share of the row's points and why, in words.

    ``met`` says whether the target was reached, for rules whose value is not
    a number compared with the target (checklist, levels, qualitative, met);
    ``None`` lets the row compare the value with the target itself.
    """

    share: Decimal
    why: Text
    met: bool | None
    exact: Fraction | None
    """The share as an exact fraction, when it has no short decimal form (1/3);
    None when ``share`` is exact. Points are always computed from the exact share."""
    __slots__ = ("exact", "met", "share", "why")

    def __init__(
        self,
        share: Decimal,
        why: Text,
        met: bool | None = None,
        exact: Fraction | None = None,
    ) -> None:
        set_field(self, "share", share)
        set_field(self, "why", why)
        set_field(self, "met", met)
        set_field(self, "exact", exact)
        if not ZERO <= self.exact_share <= ONE:
            raise ValueError(f"share {self.share} is outside [0, 1]")

    @classmethod
    def exactly(cls, share: Fraction, why: Text, met: bool | None = None) -> Assessment:
        """An assessment of the exact ``share`` (kept whole, shown to 34 digits)."""
        return cls(to_decimal(share), why, met, share)

    @property
    def exact_share(self) -> Fraction:
        return self.exact if self.exact is not None else Fraction(self.share)

    def points(self, max_points: Decimal, decimals: int) -> Decimal:
        """The row's points for this share of ``max_points``, rounded half up exactly."""
        return round_exact(self.exact_share * Fraction(max_points), decimals)


class Rule(abc.ABC):
    """Base of all scoring rules."""

    kind: ClassVar[str]
    title: ClassVar[Text]
    # The fact values the rule scores, and whether a target in words will do.
    accepts: ClassVar[tuple[type, ...]] = (Decimal,)
    text_target: ClassVar[bool] = False
    # Whether the row's explanation names where its value comes from (the fact's
    # quote, source or assumption): for a value that is itself a judgement, such
    # as an evaluator's score coefficient.
    cites_source: ClassVar[bool] = False
    # The figures past which a row needs a deviation reason unless the indicator
    # says otherwise (``deviation_reason``): none, but for budget execution.
    reasons: ClassVar[ReasonThresholds] = ReasonThresholds()

    @classmethod
    def parse(cls, params: Params) -> Self:
        """Build the rule from its YAML parameters (a rule that takes none keeps this)."""
        return cls()

    def check(self, target: Target, points: Decimal) -> list[Message]:
        """Problems with using this rule for a row with ``target`` and ``points``."""
        return []

    @abc.abstractmethod
    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        """Score ``value`` against ``target`` for a row worth ``points``.

        Raises:
            RuleError: when the rule cannot score ``value`` (a wrong kind of fact,
                a checklist item it does not know, an evaluator's score outside
                its band).
        """

    def figures(self, target: Target) -> tuple[Decimal | None, ...]:
        """The numbers this rule compares a value with (the target; a band's edges).

        A value is shown with enough decimals to fall on the same side of each
        of them as it truly does (:meth:`Target.beside`), so that no sentence
        or cell reads "90%" for a value that scored as below 90.
        """
        return (target.value,) if target.numeric else ()

    def show(self, value: Decimal, target: Target) -> str:
        """``value`` as this rule's sentences and the table show it: true beside its figures."""
        figures = self.figures(target)
        return target.beside(value, *figures) if figures else target.show(value)

    def name_en(self, name: str) -> str | None:
        """The English twin of ``name``, one of the named outcomes this rule scores (a level,
        a band) under its Chinese or English name; None when the rule gives none."""
        return None

    @abc.abstractmethod
    def describe(self, target: Target, points: Decimal) -> Text:
        """The rule in words, as a sheet's 评分标准 column states it."""


class Unscored(Rule):
    """The rule of an informational row (其中 sub-rows, a figure shown for context): none.

    Not registered, so no YAML names it: an indicator marked ``informational``
    and written without a rule gets this one. The engine never asks it to
    score; a row that has points and this rule is an error.
    """

    kind: ClassVar[str] = "informational"
    title: ClassVar[Text] = Text("仅列示", "shown, not scored")
    accepts: ClassVar[tuple[type, ...]] = (Decimal, bool, str, tuple, Judgement)
    text_target: ClassVar[bool] = True

    def __eq__(self, other: object) -> bool:
        return type(other) is Unscored

    def __hash__(self) -> int:
        return hash(Unscored)

    def assess(self, value: FactValue, target: Target, points: Decimal) -> Assessment:
        raise RuleError(msg("an informational row is not scored"), hint=msg("give the row a rule"))

    def describe(self, target: Target, points: Decimal) -> Text:
        return Text("仅列示，不计分", "shown for information, not scored")


RULES: dict[str, type[Rule]] = {}


if TYPE_CHECKING:
    _R = TypeVar("_R", bound=type[Rule])


def register(cls: _R) -> _R:
    """Class decorator: make a rule available in YAML under its ``kind``."""
    if cls.kind in RULES:
        raise ValueError(f"rule kind {cls.kind!r} is registered twice")
    RULES[cls.kind] = cls
    return cls


def need_op(target: Target, allowed: Sequence[Op], kind: str) -> list[Message]:
    if target.op in allowed:
        return []
    ops = Text(" 或 ".join(op.value for op in allowed), " or ".join(op.value for op in allowed))
    return [
        msg(
            "rule '{kind}' needs a target stated with {ops}, not {op}",
            kind=kind,
            ops=ops,
            op=target.op.value,
        )
    ]


def named_in_english(target: Target, rule: Rule) -> Target:
    """``target`` in words that name one of ``rule``'s levels or bands (无结余), with that
    one's ``name_en`` as its English, unless its file gives the target's own."""
    if target.numeric or not target.text or target.text_en is not None:
        return target
    name_en = rule.name_en(target.text)
    if name_en is None or name_en == target.text:
        return target
    return evolve(target, text_en=name_en)


def beside(target: Target, value: Decimal, *figures: Decimal | None) -> Text:
    """``value`` beside ``figures`` (:meth:`Target.beside`) in each language: English in
    the English twin of the target's unit, where it has one."""
    zh = target.beside(value, *figures)
    en = target.en
    return Text(zh, zh if en is target else en.beside(value, *figures))


def quantity(target: Target, value: Decimal | None, decimals: int = 6) -> Text:
    """``value`` (the target's own number by default) in the target's unit, in each language."""
    figure = target.value if value is None else value
    zh = target.show(figure, decimals)
    en = target.en
    return Text(zh, zh if en is target else en.show(figure, decimals))


def deviation(target: Target, amount: Decimal) -> Text:
    """``amount`` of the target's unit in words: 3.5 个百分点 / 3.5 percentage points.

    A part of a unit too small for two decimals keeps the digits that show it
    is not nothing (0.000001, or >0).
    """
    if target.unit == "%":
        shown = show_beside(amount, [ZERO])
        return Text(f"{shown} 个百分点", f"{shown} percentage points")
    shown = show_beside(amount, [ZERO], target.unit)
    en = target.en
    return Text(shown, shown if en is target else show_beside(amount, [ZERO], en.unit))


def percent(share: Decimal | Fraction) -> str:
    """A share as a percentage, never shown as 0% or 100% when it is not."""
    shown = to_decimal(share * 100) if isinstance(share, Fraction) else share * 100
    return show_beside(shown, [ZERO, Decimal(100)], "%")


def met_text(value: Decimal, target: Target) -> Text:
    v, t, op = beside(target, value), quantity(target, None), target.op.value
    return Text(f"{v.zh} {op} {t.zh}，达到目标", f"{v.en} {op} {t.en}, target met")


def as_number(value: FactValue, kind: str) -> Decimal:
    """``value`` as a number, or a :class:`RuleError` saying the rule needs one."""
    if isinstance(value, Decimal):
        return value
    raise RuleError(
        msg(
            "rule {kind!r} scores a number, not {found}",
            kind=kind,
            found=describe_kind(value),
        ),
        hint=text_hint(
            value,
            msg(
                "give the fact a number, or use a rule for named outcomes (met, levels, checklist)"
            ),
        ),
    )


NO_FIGURE_WORDS = frozenset({"无", "暂无", "没有", "空", "n/a", "na", "null", "none", "nil"})
"""Words written in a number's place for "no figure" (lower case): a level may be named
so, so they are read as words, and refused where a number is computed with or scored."""


def text_hint(value: FactValue, hint: Message) -> Message:
    """``hint`` for a value that is no number; for a word written for no figure (无, N/A),
    what to write instead."""
    if isinstance(value, str) and value.strip().lower() in NO_FIGURE_WORDS:
        return msg(
            "{text!r} is written for no figure: write 0 if 0 is meant, or leave the cell empty"
            " if the figure is missing",
            text=value,
        )
    return hint


def describe_kind(value: FactValue) -> Message:
    """What kind of value this is, in words, for error messages."""
    if isinstance(value, bool):
        return msg("true/false")
    if isinstance(value, Decimal):
        return msg("a number")
    if isinstance(value, str):
        return msg("the text {value!r}", value=value)
    if isinstance(value, tuple):
        return msg("a list")
    return msg("a qualitative verdict")
