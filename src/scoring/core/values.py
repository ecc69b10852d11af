"""The plain values of the model: a bilingual text, a target, a verdict, a fact's value.

Kept apart from :mod:`scoring.core.model` so that the rules, which score
these values, and the model, whose indicators hold a rule, do not import
each other.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from decimal import Decimal

from scoring.core.messages import Message, msg
from scoring.core.numbers import fmt, round_half_up
from scoring.core.record import Record, set_field


class Text(Record):
    """The same sentence in Chinese and in English."""

    zh: str
    en: str
    __slots__ = ("en", "zh")

    def __init__(
        self,
        zh: str,
        en: str,
    ) -> None:
        set_field(self, "zh", zh)
        set_field(self, "en", en)

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``zh`` or ``en``)."""
        return self.en if lang == "en" else self.zh


class Op(enum.Enum):
    """How a target is stated: at least, at most, or exactly."""

    GE = "≥"
    LE = "≤"
    EQ = "="

    @property
    def direction(self) -> int:
        """+1 when more is better, -1 when less is better, 0 when closer is better."""
        return {Op.GE: 1, Op.LE: -1, Op.EQ: 0}[self]

    @property
    def ascii(self) -> str:
        return {Op.GE: ">=", Op.LE: "<=", Op.EQ: "="}[self]


class Target(Record, not_compared=("unit_en", "text_en")):
    """A target (年度指标值) such as ``≥ 95%``.

    ``text`` keeps the wording of a target that is not a plain number (for
    example "9月前", read as ``≤ 9`` in unit 月), for display. A target that
    is ``numeric=False`` is words only (达成年度指标): rules that score
    named outcomes (checklist, levels, qualitative, met) accept it.

    ``unit_en`` and ``text_en`` are the English twins of the unit and of the
    words, as the indicator or facts file gives them; English output shows
    :attr:`en`, which keeps the Chinese where no twin is given. They are not compared:
    the same target in a file with twins and in one without is the same target.
    """

    op: Op
    value: Decimal
    unit: str
    text: str | None
    numeric: bool
    unit_en: str | None
    text_en: str | None
    __slots__ = ("numeric", "op", "text", "text_en", "unit", "unit_en", "value")

    def __init__(  # noqa: PLR0917 (the fields, positional as attrs took them)
        self,
        op: Op,
        value: Decimal,
        unit: str = "",
        text: str | None = None,
        numeric: bool = True,
        unit_en: str | None = None,
        text_en: str | None = None,
    ) -> None:
        set_field(self, "op", op)
        set_field(self, "value", value)
        set_field(self, "unit", unit)
        set_field(self, "text", text)
        set_field(self, "numeric", numeric)
        set_field(self, "unit_en", unit_en)
        set_field(self, "text_en", text_en)

    @classmethod
    def described(cls, text: str) -> Target:
        """A target stated only in words (达成年度指标, 无结余), for rules that read no number."""
        return cls(Op.EQ, Decimal(0), "", text, numeric=False)

    @classmethod
    def blank(cls, unit: str = "") -> Target:
        """No target (an informational row written without one), printed as nothing."""
        return cls(Op.EQ, Decimal(0), unit, "", numeric=False)

    @property
    def en(self) -> Target:
        """This target as English output shows it: its unit's and its words' English twins
        where given (``≥10 × 10,000 persons``); itself, Chinese kept, where not."""
        if self.unit_en is None and self.text_en is None:
            return self
        unit = self.unit if self.unit_en is None else english_unit(self.unit_en)
        text = self.text if self.text_en is None else self.text_en
        return Target(self.op, self.value, unit, text, self.numeric)

    def get(self, lang: str) -> Target:
        """This target in ``lang`` (``zh`` or ``en``): itself, or :attr:`en`."""
        return self.en if lang == "en" else self

    @property
    def label(self) -> Text:
        """The target as printed, in both languages: ``≥10 万人`` / ``≥10 × 10,000 persons``."""
        zh = str(self)
        en = self.en
        return Text(zh, zh if en is self else str(en))

    def met(self, value: Decimal) -> bool:
        """Whether ``value`` meets the target (a target in words is met by nothing numeric)."""
        if not self.numeric:
            return False
        if self.op is Op.GE:
            return value >= self.value
        if self.op is Op.LE:
            return value <= self.value
        return value == self.value

    def show(self, value: FactValue | None, decimals: int = 2) -> str:
        """``value`` with this target's unit: ``95.29%``, ``145 场`` (``是``, ``—``, ...)."""
        return show_value(value, self.unit, decimals)

    def beside(self, value: Decimal, *figures: Decimal | None) -> str:
        """``value`` with this target's unit, compared truly with ``figures`` (default: the
        target's number) at the precision shown; see :func:`show_beside`."""
        return show_beside(value, figures or (self.value,), self.unit)

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        return f"{self.op.value}{self.show(self.value, 4)}"


def english_unit(unit_en: str) -> str:
    """An English unit as it follows a number: one that starts with a number (``10,000
    persons``, for 万人) is a multiple, printed after ``×`` (``15 × 10,000 persons``)."""
    return f"× {unit_en}" if unit_en[:1].isdigit() else unit_en


def not_english(text: str) -> str | None:
    """What keeps ``text`` from being an English twin: its first Chinese or full-width
    character, or a line break or other control character (shown escaped); None if nothing."""
    for char in text:
        if (
            "\u3000" <= char <= "\u303f"
            or "\u3400" <= char <= "\u9fff"
            or "\uf900" <= char <= "\ufaff"
            or "\uff00" <= char <= "\uffef"
            or char < " "
            or "\x7f" <= char <= "\x9f"
        ):
            return char
    return None


def english_problem(text: str, key: str, twin: str) -> tuple[Message, Message] | None:
    """The problem and hint when ``text``, given under ``key`` as the English twin of what
    ``twin`` says in Chinese, is not English on one line (see :func:`not_english`)."""
    bad = not_english(text)
    if bad is None:
        return None
    return (
        msg(
            "{key!r} is the English of {twin!r} but has {char!r} in it: {text!r}",
            key=key,
            twin=twin,
            char=bad,
            text=text,
        ),
        msg(
            "write {key!r} in English, on one line; the Chinese goes under {twin!r}",
            key=key,
            twin=twin,
        ),
    )


def show_quantity(value: Decimal, unit: str, decimals: int = 2) -> str:
    """A number with its unit, as a sheet prints it."""
    number = fmt(value, decimals)
    if not unit or unit in ("%", "月"):
        return f"{number}{unit}"
    return f"{number} {unit}"


# The most decimals a value is shown with to keep a comparison true; closer to
# a figure than that, the figure is shown with "<" or ">".
MOST_DECIMALS = 6


def _sign(a: Decimal, b: Decimal) -> int:
    return (a > b) - (a < b)


def show_beside(
    value: Decimal, figures: Iterable[Decimal | None], unit: str = "", decimals: int = 2
) -> str:
    """``value`` with its unit, printed so that it compares with each figure as it truly does.

    A sentence that compares a value with figures (a target, a band's edges, a
    threshold) must stay true as printed: 89.9999999 lies in [80, 90) but reads
    "90" at two decimals. The value gets as many more decimals as it takes, up
    to :data:`MOST_DECIMALS`; closer to a figure than that, the figure is shown
    with "<" or ">" in front. ``None`` stands for an open end and is skipped.

    >>> show_beside(Decimal("85.5"), [Decimal(80), Decimal(90)], "%")
    '85.5%'
    >>> show_beside(Decimal("89.996"), [Decimal(90)], "%")
    '89.996%'
    >>> show_beside(Decimal("89.9999999"), [Decimal(80), Decimal(90)], "%")
    '<90%'
    >>> show_beside(Decimal("100.0000004"), [Decimal(100)], "%")
    '>100%'
    """
    edges = [f for f in figures if f is not None]
    for places in range(decimals, max(decimals, MOST_DECIMALS) + 1):
        shown = round_half_up(value, places)
        if all(_sign(shown, f) == _sign(value, f) for f in edges):
            return show_quantity(value, unit, places)
    nearest = min(edges, key=lambda f: abs(value - f))
    side = "<" if value < nearest else ">"
    return side + show_quantity(nearest, unit, MOST_DECIMALS)


class ReasonThresholds(Record):
    """A row's own figures past which it needs a deviation reason, whatever its target.

    A value below ``below`` or above ``above`` (strictly; in the row's unit)
    needs a reason (偏差原因), besides a missed target or an over-achievement:
    an execution rate below 90% needs one even where the target is 80%. None
    is no such figure.
    """

    below: Decimal | None
    above: Decimal | None
    __slots__ = ("above", "below")

    def __init__(
        self,
        below: Decimal | None = None,
        above: Decimal | None = None,
    ) -> None:
        set_field(self, "below", below)
        set_field(self, "above", above)

    def crossed(self, value: Decimal) -> tuple[str, Decimal] | None:
        """``("below", 90)`` or ``("above", 100)`` when ``value`` is past a figure, else None."""
        if self.below is not None and value < self.below:
            return ("below", self.below)
        if self.above is not None and value > self.above:
            return ("above", self.above)
        return None


class Judgement(Record):
    """An evaluator's qualitative verdict: the band chosen and the points given in it."""

    band: str
    points: Decimal
    __slots__ = ("band", "points")

    def __init__(
        self,
        band: str,
        points: Decimal,
    ) -> None:
        set_field(self, "band", band)
        set_field(self, "points", points)

    def __str__(self) -> str:
        return f"{self.band}（{fmt(self.points, 6)} 分）"


# What a fact may hold: a number; true/false (met or not met); a level's name;
# the names of the checklist items met; or a qualitative verdict.
FactValue = Decimal | bool | str | tuple[str, ...] | Judgement


def show_value(
    value: FactValue | None,
    unit: str = "",
    decimals: int = 2,
    *,
    lang: str = "zh",
    name_en: Callable[[str], str | None] | None = None,
) -> str:
    """A fact's value as a sheet prints it: ``95.29%``, ``是``, ``①、③``.

    In English (``lang="en"``): ``yes``, ``no``, the items joined by commas, and a
    level's or a band's name as ``name_en`` gives its English twin (kept as written
    when it gives none).
    """
    if value is None:
        return "—"
    if lang == "en" and not isinstance(value, Decimal):
        return _show_value_en(value, name_en or _no_twin)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return show_quantity(value, unit, decimals)
    if isinstance(value, tuple):
        return "、".join(value) if value else "（无）"
    return str(value)


def _no_twin(name: str) -> None:
    return None


def _show_value_en(value: FactValue, name_en: Callable[[str], str | None]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    if isinstance(value, Judgement):
        return f"{name_en(value.band) or value.band} ({fmt(value.points, 6)} points)"
    assert isinstance(value, str)
    return name_en(value) or value


__all__ = [
    "FactValue",
    "Judgement",
    "Op",
    "ReasonThresholds",
    "Target",
    "Text",
    "english_problem",
    "english_unit",
    "not_english",
    "show_beside",
    "show_quantity",
    "show_value",
]
