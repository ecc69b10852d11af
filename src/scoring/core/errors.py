"""The error family: every error this library raises is a :class:`ScoringError`.

Each error can say where it comes from (file, line, column) and what to do
about it, so that the command line can print it as one line a clerk can act on.
"""

from __future__ import annotations

import collections
import enum
from collections.abc import Iterable, Mapping, Sequence

from scoring.core.messages import Message, msg
from scoring.core.record import Record, set_field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar


class Location(Record):
    """A place in a file: 1-based line and column, as editors count them.

    In a workbook, ``sheet`` names the worksheet ("" for a CSV file) and
    ``line`` and ``column`` are the cell's row and column: ``自评表.xlsx:Sheet1!F12``.
    """

    file: str
    line: int
    column: int
    sheet: str | None
    __slots__ = ("column", "file", "line", "sheet")

    def __init__(
        self,
        file: str,
        line: int = 0,
        column: int = 0,
        sheet: str | None = None,
    ) -> None:
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "column", column)
        set_field(self, "sheet", sheet)

    # Ordered as the tuple (file, line, column, sheet); only with another Location.
    def __lt__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return bool(self._key(self) < self._key(other))

    def __le__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return bool(self._key(self) <= self._key(other))

    def __gt__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return bool(self._key(self) > self._key(other))

    def __ge__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return bool(self._key(self) >= self._key(other))

    def __str__(self) -> str:
        # Standard input (the path "-") is named as Python names it: "-:4:" read as a
        # typo, and a batch CSV's errors cell led by "-" took the formula guard's quote.
        file = STDIN_NAME if self.file == "-" else self.file
        if self.sheet is not None and self.line > 0 and self.column > 0:
            cell = f"{column_letter(self.column)}{self.line}"
            return f"{file}:{self.sheet}!{cell}" if self.sheet else f"{file}:{cell}"
        if self.line <= 0:
            return file
        if self.column <= 0:
            return f"{file}:{self.line}"
        return f"{file}:{self.line}:{self.column}"


STDIN_NAME = "<stdin>"
"""How a place in standard input (read from the path ``-``) names its file."""


def column_letter(column: int) -> str:
    """A spreadsheet column's letters: 1 is ``A``, 27 is ``AA``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Severity(enum.Enum):
    """How bad a problem is: an error stops scoring, a warning only asks for a look."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # not a problem: what English output will show in Chinese (validate)


class ScoringError(Exception):
    """Base class of every error raised by ``scoring``.

    ``severity`` is :attr:`Severity.ERROR` for every class but
    :class:`InputWarning`, whose instances are reported, never raised.

    ``message`` and ``hint`` are plain text or a catalogue
    :class:`~scoring.core.messages.Message`, which prints in Chinese or
    English: :meth:`line` takes the language; ``str()`` of the error, and
    the ``message`` and ``hint`` attributes, are English.

    Args:
        message: what is wrong, in one sentence.
        location: where it is, when it comes from a file.
        hint: what to do about it.
    """

    severity: ClassVar[Severity] = Severity.ERROR
    # A problem that explains the others (a wrong weights profile) is said before them,
    # wherever it stands: raise_if_any sorts it first.
    leads: ClassVar[bool] = False

    def __init__(
        self,
        message: str | Message,
        *,
        location: Location | None = None,
        hint: str | Message | None = None,
    ) -> None:
        self.said = message
        self.said_hint = hint
        self.message = str(message)
        self.location = location
        self.hint = None if hint is None else str(hint)
        super().__init__(self.line())

    @property
    def problems(self) -> tuple[ScoringError, ...]:
        """The single problems this error stands for (itself, unless it groups several)."""
        return (self,)

    def line(self, *, labelled: bool = False, lang: str = "en") -> str:
        """The error as one line: ``file:line:column: message (hint: ...)``.

        A warning says so: ``file:line:column: warning: message (hint: ...)``;
        with ``labelled``, an error says so too (``error: message``), as in a
        report that mixes both. ``lang`` is ``en`` or ``zh``.
        """
        # A message set after construction (a row number put in front) wins.
        said = self.said if str(self.said) == self.message else self.message
        text = said.text(lang) if isinstance(said, Message) else said
        if self.severity is not Severity.ERROR or labelled:
            if self.severity is Severity.WARNING:
                text = msg("warning: {message}", message=text).text(lang)
            elif self.severity is Severity.NOTE:
                text = msg("note: {message}", message=text).text(lang)
            else:
                text = msg("error: {message}", message=text).text(lang)
        if self.location is not None:
            text = msg("{where}: {message}", where=str(self.location), message=text).text(lang)
        hint = self.said_hint if str(self.said_hint) == self.hint else self.hint
        if hint:
            hint_text = hint.text(lang) if isinstance(hint, Message) else hint
            text = msg("{message} (hint: {hint})", message=text, hint=hint_text).text(lang)
        return text

    def text(self, lang: str = "en") -> str:
        """The message alone in ``lang``."""
        said = self.said if str(self.said) == self.message else self.message
        return said.text(lang) if isinstance(said, Message) else said

    def hint_text(self, lang: str = "en") -> str | None:
        """The hint alone in ``lang`` (None when there is none)."""
        hint = self.said_hint if str(self.said_hint) == self.hint else self.hint
        return hint.text(lang) if isinstance(hint, Message) else hint


class InputError(ScoringError):
    """A file or value is malformed: YAML syntax, a wrong type, an unknown key."""


class FormulaError(InputError):
    """A formula cannot be parsed or evaluated."""


class RuleError(InputError):
    """A scoring rule's parameters are invalid, or a value cannot be scored by it."""


class WeightsError(InputError):
    """A weights profile is inconsistent with itself or with the indicators."""


class ProfileMismatch(WeightsError):
    """Most of the indicators have no points in the weights profile: probably the wrong one.

    Said first, before the problem of each row it explains; ``missing`` are the ids of the
    indicators without points, of ``total`` indicators, in weights profile ``weights_id``.
    """

    leads: ClassVar[bool] = True

    def __init__(
        self,
        message: str | Message,
        *,
        missing: Sequence[str],
        total: int,
        weights_id: str,
        location: Location | None = None,
        hint: str | Message | None = None,
    ) -> None:
        self.missing = tuple(missing)
        self.total = total
        self.weights_id = weights_id
        super().__init__(message, location=location, hint=hint)


DETAILS_SHOWN = 5
"""How many of the problems a :class:`ProfileMismatch` explains the command line prints."""


def shown(problems: Sequence[ScoringError]) -> list[ScoringError]:
    """The problems to print: all of them, unless the first is a :class:`ProfileMismatch`;
    then it, the first :data:`DETAILS_SHOWN` others and a line counting the rest, which
    mostly follow from the profile (38 lines for a wrong ``--weights`` hid its cause)."""
    if not problems or not isinstance(problems[0], ProfileMismatch):
        return list(problems)
    lead, *details = problems
    if len(details) <= DETAILS_SHOWN:
        return list(problems)
    rest = len(details) - DETAILS_SHOWN
    more = WeightsError(
        msg(
            "and {count} more problems, not listed: most follow from the weights profile;"
            " choose the right profile first",
            count=rest,
        )
    )
    return [lead, *details[:DETAILS_SHOWN], more]


class InputWarning(InputError):
    """A value that is allowed but looks wrong, such as 0.95 where the unit is %.

    Warnings are collected and printed; :func:`raise_if_any` never raises them.
    """

    severity: ClassVar[Severity] = Severity.WARNING


class InputNote(InputError):
    """Not a problem: a field English output shows in Chinese, because its file gives no
    English twin (``unit_en``, ``target_en``, ``name_en``); see ``scoring.analysis.english``.

    Never raised (:func:`raise_if_any` raises errors only); ``validate`` lists notes apart.
    """

    severity: ClassVar[Severity] = Severity.NOTE


class ScoringWarning(UserWarning):
    """A scoring warning given through Python's :mod:`warnings`, by an API with no other
    way to report it (:func:`scoring.score_frame`); its text is the warning's line."""


class MissingFactsError(ScoringError):
    """Facts needed to score some indicators are missing.

    Attributes:
        missing: ``(indicator id, fact name)`` pairs, every one of them.
    """

    def __init__(
        self,
        missing: Iterable[tuple[str, str]],
        *,
        location: Location | None = None,
        hint: str | Message | None = None,
        chinese: Mapping[str, str] | None = None,
    ) -> None:
        self.missing = tuple(sorted(set(missing)))
        # In Chinese, facts and indicators by their Chinese names (``chinese``, by id);
        # in English, by their ids, as formulas and facts files write them.
        said = chinese or {}
        # A fact that several indicators read is named once, with all of them.
        readers: dict[str, list[str]] = {}
        for i, f in self.missing:
            readers.setdefault(f, []).append(i)
        names = ListOf(
            tuple(
                msg(
                    "{fact} (for {indicator})",
                    fact=Named(said.get(f, f), f),
                    indicator=ListOf(
                        tuple(msg("{message}", message=Named(said.get(i, i), i)) for i in ids)
                    ),
                )
                for f, ids in readers.items()
            )
        )
        super().__init__(
            msg("missing facts: {names}", names=names),
            location=location,
            hint=hint or msg("add each of them under 'facts:' in the facts file"),
        )


class Named(collections.namedtuple("Named", "zh en")):
    """A name in both languages, as a message's value (``zh`` and ``en``)."""

    __slots__ = ()
    zh: str
    en: str


class ProblemsError(ScoringError):
    """Several problems found in one pass; ``problems`` lists each of them."""

    def __init__(self, problems: Iterable[ScoringError]) -> None:
        self._problems = tuple(problems)
        if not self._problems:
            raise ValueError("ProblemsError needs at least one problem")
        first = self._problems[0]
        count = len(self._problems)
        summary = first.message if count == 1 else f"{count} problems, first: {first.message}"
        super().__init__(summary, location=first.location, hint=first.hint)

    @property
    def problems(self) -> tuple[ScoringError, ...]:
        return self._problems

    def line(self, *, labelled: bool = False, lang: str = "en") -> str:
        if not hasattr(self, "_problems"):
            return ""
        return "\n".join(p.line(labelled=labelled, lang=lang) for p in self.problems)


class ListOf(Message):
    """Messages joined into one, with ``, `` in English and ``、`` in Chinese
    (``en`` and ``zh`` for items that hold commas themselves: ``; `` and ``；``)."""

    def __init__(self, items: Sequence[Message | str], *, en: str = ", ", zh: str = "、") -> None:
        super().__init__("{items}", {"items": items})
        self.separators = {"en": en, "zh": zh}

    def text(self, lang: str = "en") -> str:
        items = self.params["items"]
        parts = [i.text(lang) if isinstance(i, Message) else i for i in items]
        return self.separators["zh" if lang == "zh" else "en"].join(parts)


def did_you_mean(name: str, options: Sequence[str]) -> Message | None:
    """A hint naming the option closest to a misspelt ``name``, if one is close."""
    import difflib  # noqa: PLC0415 (start-up time; for a misspelt name only)

    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return msg("did you mean {name!r}?", name=close[0]) if close else None


def raise_if_any(problems: Iterable[ScoringError]) -> None:
    """Raise the one error, or a :class:`ProblemsError` for several; nothing if none.

    Warnings among ``problems`` are not raised.
    """
    found = [q for p in problems for q in p.problems if q.severity is Severity.ERROR]
    # In the order a person reads the files: by file, line and column; problems
    # without a place keep their order, after the located ones. A problem that
    # explains the others (ScoringError.leads) comes first.
    found.sort(key=lambda q: (not q.leads, q.location is None, q.location or Location("")))
    if len(found) == 1:
        raise found[0]
    if found:
        raise ProblemsError(found)


class MissingExtraError(ScoringError):
    """An optional dependency needed for a file format is not installed."""
