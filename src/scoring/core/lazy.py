"""A text written when first read: an explanation that a batch never shows is never written.

Scoring a unit-year decides its points and, beside each, the sentences that
explain them (Chinese and English, every figure formatted). ``scoring score``
shows them; a batch's totals, and the CSV of its points, never read them,
and writing them was most of the one-unit engine's time. So the engine and
the rules give each such sentence as a :class:`LazyText` of the function
that writes it: a :class:`~scoring.core.values.Text` like any other, whose
words are written the first time ``zh`` or ``en`` is read, then kept.

It equals and hashes as the plain text of the same words, and pickles as
one. The function must read only values that no longer change (what the
row was scored with); it runs in the project's Decimal context
(:data:`scoring.core.numbers.CONTEXT`), as the scoring did, whatever context
the reader has set.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable

from scoring.core.numbers import CONTEXT
from scoring.core.record import set_field
from scoring.core.values import Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Text's own slots, written once the words are made.
_ZH: Any = Text.__dict__["zh"]
_EN: Any = Text.__dict__["en"]


class LazyText(Text):
    """The text ``make()`` gives, made when first read."""

    __slots__ = ("make",)
    make: Callable[[], Text] | None

    def __new__(cls, make: Callable[[], Text] | None = None, **words: str) -> Any:
        if words:  # evolve(): the fields changed are words, so the result is a Text
            return Text(**words)
        return super().__new__(cls)

    def __init__(self, make: Callable[[], Text]) -> None:
        set_field(self, "make", make)

    def _made(self) -> None:
        make = self.make
        if make is not None:
            with decimal.localcontext(CONTEXT):
                text = make()
            _ZH.__set__(self, text.zh)
            _EN.__set__(self, text.en)
            set_field(self, "make", None)

    @property
    def zh(self) -> str:  # type: ignore[override]
        self._made()
        return str(_ZH.__get__(self))

    @property
    def en(self) -> str:  # type: ignore[override]
        self._made()
        return str(_EN.__get__(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return self.zh == other.zh and self.en == other.en
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Text):
            return not self == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(Text(self.zh, self.en))

    def __repr__(self) -> str:
        return repr(Text(self.zh, self.en))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.zh, self.en))


# To the record machinery (fields, attrs.fields/asdict/astuple, evolve) a LazyText
# is the Text of its words, as the engine once returned: its fields are zh and en.
LazyText._fields = Text._fields
type.__setattr__(LazyText, "__match_args__", Text._fields)
LazyText._key_fields = Text._key_fields
LazyText._shown = Text._shown
LazyText._key = Text._key

__all__ = ["LazyText"]
