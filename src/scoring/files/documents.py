"""The shared YAML-to-model helpers: a located document, its fields, numbers and hints.

Also the keys each kind of file allows (the JSON Schemas are kept in step with them).

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

import collections
import functools
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from scoring.core.errors import (
    InputError,
    InputWarning,
    Location,
    Named,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.messages import Message, msg
from scoring.core.model import (
    Provenance,
    ProvenanceKind,
)
from scoring.core.numbers import NumberError, parse_number, plain
from scoring.core.values import english_problem
from scoring.files import located_yaml as _yaml
from scoring.files.reading import MAX_YAML_BYTES, STDIN, read_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


# How formulas refer to a fact (also a batch table's fact column).
FACT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# A target that means a number: an operator first, or a month deadline.
LOOKS_NUMERIC = re.compile(
    r"^\s*(?:>=|<=|≥|≤|=|==|＝|\d{1,2}\s*月|[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*[%％]?\s*$)"
)


# Text that starts like a number is meant as one: a level's name never does (nor
# is a level called NaN or Infinity).
# Text read as a number (and refused as one with the number parser's words), not as
# a word: also a number after a currency sign (¥5,070.36) and a dash alone (how
# Excel's accounting format shows 0), as a CSV saves such cells.
# So are, whole, a dash or a slash (—, ——, /: how a clerk writes "no figure"), a number
# after a minus sign that is not ASCII's (−37.24) or in brackets ((37.24), Excel's
# accounting format's negative), and a number after a character that is not seen (a
# zero-width space pasted with it): no level's name is any of these.
_NUMBERISH = (
    r"^[-+]?(?:\d|\.\d|\.?(?:nan|inf|infinity)$|\s*[¥￥$€£]\s*[-+]?\d)"
    r"|^(?:[-－—–―‒﹣−]+|[/／\\])$"
    r"|^[−﹣‐‑‒–—―－]\s*(?:\d+(?:\.\d*)?|\.\d+)$"
    r"|^[(（]\s*\d[\d,，]*(?:\.\d+)?\s*[)）]$"
    r"|^[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]+[-+]?\.?\d"
)
# The characters such a text can start with besides a decimal digit (\d) and a space
# (\s): tests/test_number_parser.py checks them against the pattern.
# Most text facts are a level's name (优, 达标), which no pattern need see: compiling
# it was 1 ms of the Quickstart's start-up.
_NUMBERISH_FIRST = frozenset(
    "+-.nNiI\u0130\u0131¥￥$€£－—–―‒﹣−‐‑/／\\(（\u00ad\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\ufeff"
)


def numberish(text: str) -> bool:
    """Whether ``text`` is meant as a number (see above), not as a word."""
    first = text[:1]
    if not (first.isdecimal() or first.isspace() or first in _NUMBERISH_FIRST):
        return False
    return _numberish().match(text) is not None


@functools.cache
def _numberish() -> re.Pattern[str]:
    return re.compile(_NUMBERISH, re.IGNORECASE)


MAX_DECIMALS = 6


class Keys(collections.namedtuple("Keys", "required optional")):
    """The keys one kind of mapping must and may have."""

    __slots__ = ()
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


# The only lists of allowed keys: the loader checks against these, and the JSON
# Schemas in schemas/ must agree with them (tests/test_schemas.py).
PROVENANCE_KEYS = ("quote", "source", "assumed", "sheet")


INDICATOR_FILE_KEYS = Keys(("indicators",), ("id", "name", "name_en", "source", "facts"))
# A fact an indicator file declares: its Chinese name, unit and where it is found.
FACT_INFO_KEYS = Keys(("name",), ("name_en", "unit", "unit_en", "found_in", "signed"))


INDICATOR_KEYS = Keys(
    # 'target' and 'rule' are required too, except on an informational row (see
    # files.indicators): the schema says so with if/then/else.
    ("id", "name", "level1", "level2"),
    (
        "target",
        "target_en",
        "rule",
        "informational",
        "deviation_reason",
        "name_en",
        "unit",
        "unit_en",
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
        "total_cap",
        "monitoring",
    ),
)
TOTAL_CAP_KEYS = Keys(("indicator", "bands"), ())
CAP_BAND_KEYS = Keys(("range", "at_most"), ())


OVER_ACHIEVEMENT_KEYS = Keys((), ("flag_at", "reduce_by", "deduct"))
DEVIATION_REASON_KEYS = Keys((), ("below", "above"))


# 'assumed' gives the reason a number of the profile is assumed (not read from a
# published sheet): the rows resting on it are marked ※ (see docs/weights.md).
CATEGORY_KEYS = Keys(("name", "points", "groups"), ("name_en", "assumed"))


GROUP_KEYS = Keys(("name", "points"), ("name_en", "assumed"))


GRADE_KEYS = Keys(("name", "min"), ("name_en", "assumed"))


# An indicator's points written as a mapping, to mark them assumed: {points: 3, assumed: 理由}.
POINTS_KEYS = Keys(("points",), ("assumed",))


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
        "self_scores",
        "self_total",
        "information",
        "of_which",
        "header",
        "sign_off",
        "as_of",
        "deviations",
    ),
)


# The 自评表's header block and sign-off line (files/sheetinfo.py).
HEADER_KEYS = Keys((), ("project", "department", "implementer", "funds", "goal", "achieved"))
SIGN_OFF_KEYS = Keys((), ("filled_by", "phone", "head", "date"))
SUB_ROW_KEYS = Keys(("name",), ("target", "actual"))
FUNDS_KEYS = Keys(("total",), ("of_which",))
FUNDS_TOTAL_KEYS = Keys((), ("name", "initial", "adjusted", "executed"))
FUNDS_LINE_KEYS = Keys(("name",), ("initial", "adjusted", "executed"))


# 'value', or 'units' with 'combine' (and 'weighted_by'): see files.facts.
FACT_KEYS = Keys((), ("value", "units", "combine", "weighted_by", *PROVENANCE_KEYS, "note"))
COMBINE = ("sum", "weighted")


TARGET_SETTING_KEYS = Keys(("target",), ("target_en", *PROVENANCE_KEYS, "note"))


DEDUCTION_KEYS = Keys(("points", "reason"), ())


JUDGEMENT_KEYS = Keys(("band", "points"), ())


MONITOR_NOTE_KEYS = Keys((), ("reason", "measure"))


# A monitoring profile of its own, and the ``monitoring:`` section it shares
# with a weights profile (see docs/monitoring.md).
MONITORING_FILE_KEYS = Keys(("id", "name", "monitoring"), ("name_en",))


MONITORING_KEYS = Keys(
    (),
    (
        "extends",
        "source",
        "assumed",
        "bands",
        "schedule",
        "rollup",
        "mismatch",
        "late_unspent",
        "spending",
        "cumulative",
        "exclude",
        "plausible",
    ),
)


STATUS_BAND_KEYS = Keys(("status", "range"), ())


SCHEDULE_STEP_KEYS = Keys(("month", "min"), ())


LATE_UNSPENT_KEYS = Keys(("from_month", "share"), ())


SPENDING_KEYS = Keys(("spent", "budget"), ("unit", "unit_en"))


class Doc:
    """One document being read: collects problems instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[ScoringError] = []

    def add(
        self, location: Location, message: str | Message, hint: str | Message | None = None
    ) -> None:
        self.problems.append(InputError(message, location=location, hint=hint))

    def fields(
        self,
        node: _yaml.Node,
        what: str | Message,
        required: Sequence[str],
        optional: Sequence[str],
    ) -> Fields | None:
        if not isinstance(node.value, dict):
            self.add(
                node.location,
                msg("{what} must be a mapping of keys to values", what=what),
                kind_hint(node),
            )
            return None
        allowed = [*required, *optional]
        for key in node.value:  # a Location made only for a key refused
            if key not in allowed:
                self.add(
                    node.key_locations[key],
                    msg("unknown key {key!r} in {what}", key=key, what=what),
                    key_suggestion(key, allowed),
                )
        for key in required:
            if key not in node.value:
                self.add(
                    node.location,
                    msg("{what} is missing the required key {key!r}", what=what, key=key),
                    msg("add '{key}:' with its value", key=key),
                )
            elif node.value[key].value is None:
                self.add(
                    node.value[key].location,
                    msg("the required key {key!r} in {what} has no value", key=key, what=what),
                    msg("write its value after the colon"),
                )
        return Fields(self, node, what)

    def top(
        self,
        root: _yaml.Node,
        what: str | Message,
        required: Sequence[str],
        optional: Sequence[str],
    ) -> Fields:
        """The document's top mapping; raises with the problems when it is not a mapping."""
        fields = self.fields(root, what, required, optional)
        if fields is None:
            raise_if_any(self.problems)
            raise AssertionError("unreachable")
        return fields


class Fields:
    """Typed access to one mapping's values; a bad value is recorded and read as None."""

    def __init__(self, doc: Doc, node: _yaml.Node, what: str | Message) -> None:
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
        node: _yaml.Node | None = self.node.value.get(key)  # self.get, inlined: read ~10 a row
        if node is None or node.value is None:
            return None
        if isinstance(node.value, str):
            if not node.value.strip():
                self.doc.add(
                    node.location, msg("{key!r} in {what} is empty", key=key, what=self.what)
                )
                return None
            return node.value
        if isinstance(node.value, Decimal) and not isinstance(node.value, bool):
            return yaml_number_text(node)
        self.doc.add(
            node.location,
            msg("{key!r} in {what} must be text", key=key, what=self.what),
            kind_hint(node),
        )
        return None

    def english(self, key: str, twin: str) -> str | None:
        """The text under ``key``, the English twin of ``twin`` (``unit_en`` of ``unit``):
        English on one line, else recorded as a problem; trimmed of surrounding spaces."""
        value = self.text(key)
        if value is None:
            return None
        problem = english_problem(value, key, twin)
        if problem is not None:
            self.doc.add(self.where(key), *problem)
            return None
        return value.strip()

    def ident(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _ID.match(value):
            self.doc.add(
                self.where(key),
                msg(
                    "id {value!r} must be ASCII snake_case (a-z, 0-9, _), starting with a letter",
                    value=value,
                ),
                msg("e.g. staff_control_rate; the Chinese name goes under 'name'"),
            )
            return None
        return value

    def number(
        self, key: str, *, nonnegative: bool = False, positive: bool = False, points: bool = False
    ) -> Decimal | None:
        node = self.get(key)
        if node is None:
            return None
        return read_number(
            self.doc,
            node,
            msg("{key!r} in {what}", key=key, what=self.what),
            nonnegative,
            positive,
            points=points,
        )

    def year(self, key: str = "year") -> int | None:
        """A year from 1900 to 2999; ``2023年``, ``2023年度`` or a date in 2023 (what a clerk
        writes for the year) is refused with the number to write, not as a number with a
        unit after it."""
        given = self.get(key)
        if given is not None and isinstance(given.value, str):
            written = re.fullmatch(
                r"\s*([0-9]{4})\s*(?:年度?|[-/.][0-9]{1,2}[-/.][0-9]{1,2})\s*", given.value
            )
            if written is not None:
                self.doc.add(
                    given.location,
                    msg("year {text!r} is not a year from 1900 to 2999", text=given.value),
                    msg("write the year's number alone: {year}", year=written.group(1)),
                )
                return None
        return self.integer(key, 1900, 2999, msg("write the year as four digits, such as 2023"))

    def integer(self, key: str, low: int, high: int, hint: Message | None = None) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0 and value == value.to_integral_value():
            # year: 2023.0 (a float a program wrote, or a typo): a whole number is meant,
            # but not written; refused as a CSV cell's 2023.0 is, with the number to write.
            self.doc.add(
                self.where(key),
                msg(
                    "{key!r} must be a whole number from {low} to {high}, written without a"
                    " decimal point",
                    key=key,
                    low=low,
                    high=high,
                ),
                msg("write {replace}", replace=int(value)),
            )
            return None
        if value != value.to_integral_value() or not low <= value <= high:
            self.doc.add(
                self.where(key),
                msg(
                    "{key!r} must be a whole number from {low} to {high}",
                    key=key,
                    low=low,
                    high=high,
                ),
                hint,
            )
            return None
        return int(value)

    def boolean(self, key: str) -> bool | None:
        node = self.get(key)
        if node is None:
            return None
        if isinstance(node.value, bool):
            return node.value
        self.doc.add(node.location, msg("{key!r} must be true or false", key=key), kind_hint(node))
        return None

    def items(self, key: str) -> list[_yaml.Node]:
        node = self.get(key)
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.doc.add(
                node.location,
                msg("{key!r} in {what} must be a list", key=key, what=self.what),
                kind_hint(node),
            )
            return []
        return list(node.value)

    def mapping(self, key: str) -> dict[str, _yaml.Node]:
        node = self.get(key)
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.doc.add(
                node.location,
                msg("{key!r} in {what} must be a mapping", key=key, what=self.what),
                kind_hint(node),
            )
            return {}
        return dict(node.value)


def read_unit_en(fields: Fields, unit: str) -> str | None:
    """``unit_en``, the English twin of ``unit`` beside it (an indicator's, a fact's)."""
    unit_en = fields.english("unit_en", "unit")
    if unit_en is None:
        return None
    if not unit or unit == "%":
        fields.doc.add(
            fields.where("unit_en"),
            msg("'unit_en' is the English of the unit, but {what} has no 'unit'", what=fields.what)
            if not unit
            else msg("the unit '%' is the same in English and takes no 'unit_en'"),
            msg("add 'unit:' with the Chinese unit, or remove 'unit_en'")
            if not unit
            else msg("remove 'unit_en'"),
        )
        return None
    return unit_en


def read_number(
    doc: Doc,
    node: _yaml.Node,
    what: str | Message,
    nonnegative: bool,
    positive: bool,
    *,
    points: bool = False,
) -> Decimal | None:
    """The number in ``node`` (a YAML number, or text read by the one number parser).

    With ``points`` (a weights profile's points, full score or grade minimum), a
    number written with 分 or % after it is told to be written alone, not that the
    unit is set on the indicator, which no point has.
    """
    value = node.value
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except NumberError as exc:
            if exc.number_like:
                doc.add(
                    node.location,
                    msg("{what} must be a number: {problem}", what=what, problem=exc.said),
                    msg("write the number of points alone, {number}", number=exc.alone)
                    if points and exc.alone is not None
                    else exc.said_hint,
                )
            else:
                doc.add(node.location, msg("{what} must be a number", what=what), kind_hint(node))
            return None
    if isinstance(value, bool) or not isinstance(value, Decimal):
        doc.add(node.location, msg("{what} must be a number", what=what), kind_hint(node))
        return None
    if positive and value <= 0:
        doc.add(
            node.location, msg("{what} must be above 0, not {value}", what=what, value=plain(value))
        )
        return None
    if nonnegative and value < 0:
        doc.add(
            node.location,
            msg("{what} cannot be negative ({value})", what=what, value=plain(value)),
            msg("write 0 or more"),
        )
        return None
    return value


def yaml_number_text(node: _yaml.Node) -> str:
    return plain(node.value)


def kind_hint(node: _yaml.Node) -> Message:
    value = node.value
    if isinstance(value, bool):
        kind = msg("true/false")
    elif isinstance(value, Decimal):
        kind = msg("a number")
    elif isinstance(value, str):
        kind = msg("text")
    elif isinstance(value, list):
        kind = msg("a list")
    elif isinstance(value, dict):
        kind = msg("a mapping")
    else:
        kind = msg("empty")
    if isinstance(value, str) and "\uff1a" in value:
        # year：2023 is one text to YAML: the full-width colon is no key's colon.
        fixed = value.strip().replace("\uff1a", ": ", 1)
        return msg(
            "found text here, {value!r}: a full-width colon (：) is no YAML colon; write {fixed!r}",
            value=value,
            fixed=fixed,
        )
    return msg("found {kind} here", kind=kind)


def key_suggestion(key: str, allowed: Sequence[str]) -> str | Message:
    return did_you_mean(key, allowed) or msg("allowed keys: {keys}", keys=", ".join(allowed))


def read_yaml(path: str | Path) -> tuple[_yaml.Node, bytes]:
    text, data = read_text(path, msg("in WPS/Excel/Notepad: Save As, encoding UTF-8"))
    return _yaml.load(text, str(path)), data


ENCODINGS = ("utf-8", "gb18030")


class Encoding:
    """``--encoding``: the encoding the files named on the command line are read in.

    ``given`` is None (UTF-8, or GB18030 with a warning), ``utf-8`` or
    ``gb18030``; it applies to ``files`` only (the facts file, the table, the
    sheet), not to the shipped indicator and weights files they name.
    """

    given: str | None = None
    files: frozenset[str] = frozenset()
    """The files and folders named, each as :meth:`key` writes it."""

    @staticmethod
    def key(path: str | Path) -> str:
        """``path`` as one spelling: ``./t.csv``, ``t.csv`` and its absolute path alike."""
        return STDIN if str(path) == STDIN else os.path.normpath(os.path.abspath(path))

    @classmethod
    def use(cls, given: str | None, named: Iterable[str | Path]) -> None:
        """Read ``named`` (files, or folders whose files are read, as audit's) in ``given``."""
        cls.given = given
        cls.files = frozenset(cls.key(p) for p in named)

    @classmethod
    def of(cls, path: str | Path) -> str | None:
        """The encoding given for ``path``: it or a folder holding it was named, else None."""
        if cls.given is None:
            return None
        at = cls.key(path)
        while at not in cls.files:
            parent = os.path.dirname(at)
            if parent == at:  # the root, or standard input when it was not named
                return None
            at = parent
        return cls.given


def read_text(
    path: str | Path, how_to_save: str | Message, limit: int = MAX_YAML_BYTES
) -> tuple[str, bytes]:
    """The file's UTF-8 text (a BOM dropped) and its bytes; ``how_to_save`` says how to fix it.

    Only a regular file of at most ``limit`` bytes is read
    (:func:`scoring.files.reading.read_bytes`). With :attr:`Encoding.given`,
    the file is read in that encoding only.
    """
    data = read_bytes(path, limit)
    if utf16_unmarked(data):
        # UTF-16 without a byte order mark: ASCII and many Chinese characters are then
        # UTF-8 and GB18030 by chance, each with a 0 byte: read so, nothing would be found.
        raise not_text(path, 1, None, how_to_save, data[:4096])
    given = Encoding.of(path)
    if given is not None:
        try:
            return data.decode("utf-8-sig" if given == "utf-8" else "gb18030"), data
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise not_text(path, line, given, how_to_save) from None
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if wide_characters(data[: exc.start].decode("utf-8")) >= MIXED_AFTER:
            raise mixed_encodings(path, line, how_to_save) from None
    try:
        # Saved by Excel, WPS or Notepad on Chinese Windows: GB18030 (a superset
        # of GBK). Only when the bytes are not UTF-8; encoding_warning says so.
        return data.decode("gb18030"), data
    except UnicodeDecodeError:
        raise not_text(path, line, None, how_to_save, data[:4096]) from None


def not_text(
    path: str | Path, line: int, given: str | None, how_to_save: str | Message, head: bytes = b""
) -> InputError:
    """The error for a file whose byte on ``line`` is not text in the encoding ``given``.

    With no encoding given (``None``), the file is neither UTF-8 nor GB18030,
    and ``line`` holds the first byte that is not UTF-8. ``head``, the file's
    first bytes, tells UTF-16 (Excel's "Unicode 文本") by its byte order mark.
    """
    if given is not None:
        other = "utf-8" if given == "gb18030" else "gb18030"
        return InputError(
            msg("file is not {encoding} text", encoding=given.upper()),
            location=Location(str(path), line),
            hint=msg("check --encoding: the other choice is {other}", other=other),
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_unmarked(head):
        return InputError(
            msg("file is UTF-16 text (what Excel saves as Unicode 文本), not UTF-8"),
            # Without a byte order mark, the first byte that is not UTF-8 may come lines
            # in (ASCII in UTF-16 is each byte and a 0): the whole file is UTF-16.
            location=Location(str(path), line if head[:2] in (b"\xff\xfe", b"\xfe\xff") else 1),
            hint=msg("save it as UTF-8 ({how})", how=how_to_save),
        )
    return InputError(
        msg("file is not UTF-8 text (nor GB18030)"),
        location=Location(str(path), line),
        hint=msg("save it as UTF-8 ({how})", how=how_to_save),
    )


def utf16_unmarked(head: bytes) -> bool:
    """Whether ``head`` looks like UTF-16 without a byte order mark: at least half the
    bytes at the even or at the odd places are 0, as where the text is mostly ASCII."""
    sample = head[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) * 4 >= len(sample)


@functools.cache
def _wide() -> re.Pattern[str]:
    # Compiled when first needed: a class of characters up to U+10FFFF takes
    # 6 ms to compile, 5% of the Quickstart's start-up, for a check of bad files.
    return re.compile("[\u0800-\U0010ffff]")


_WIDE_START = re.compile(b"[\xe0-\xff]")
"""In UTF-8, the bytes that start a character of three or four bytes."""
MIXED_AFTER = 3
"""Characters of three or four bytes in UTF-8 (Chinese, a byte order mark) before the first
byte that is not UTF-8, from which a file is taken for UTF-8 with a line in another encoding
(:func:`mixed_encodings`), not for GB18030. A GB18030 file's bytes are UTF-8 by chance for a
character or two at most (某 is C4 B3, a two-byte UTF-8 character) before they are not, and
hardly ever make a three-byte one: of 50,000 random GBK texts of 3 to 18 characters drawn
from all 21,791, 1,075 made one before the first byte that is not UTF-8, 21 made two, none
three (and none made two when drawn from the 3,755 common characters)."""


def wide_characters(text: str | bytes, enough: int = MIXED_AFTER) -> int:
    """How many characters of ``text`` (or of valid UTF-8 bytes, counted without decoding
    them) take three or four bytes in UTF-8, up to ``enough``."""
    if text.isascii():
        return 0
    found = 0
    starts = _WIDE_START.finditer(text) if isinstance(text, bytes) else _wide().finditer(text)
    for _ in starts:
        found += 1
        if found >= enough:
            break
    return found


def mixed_encodings(path: str | Path, line: int, how_to_save: str | Message) -> InputError:
    """The error for a file that is UTF-8, with Chinese, up to ``line``, and not UTF-8 there.

    Such a file is not GB18030 either (see :data:`MIXED_AFTER`), though it
    may decode as GB18030: reading it so would turn every UTF-8 character
    before into other characters, silently. Typically one line was pasted
    from a sheet saved on Chinese Windows.
    """
    return InputError(
        msg(
            "file mixes two encodings: this line is not UTF-8, the lines before it are UTF-8"
            " with Chinese"
        ),
        location=Location(str(path), line),
        hint=msg(
            "retype this line's Chinese in the UTF-8 file, or save the whole file once as UTF-8"
            " ({how}); read as GB18030 it would turn the other lines' Chinese into other"
            " characters (if the whole file is GB18030, give --encoding gb18030)",
            how=how_to_save,
        ),
    )


def encoding_warning(path: str | Path, data: bytes) -> InputWarning | None:
    """A warning that ``data`` was read as GB18030, not UTF-8; None when it is UTF-8
    (or when --encoding said which encoding it is)."""
    if Encoding.of(path) is not None:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return read_as_gb18030(path)
    return None


def read_as_gb18030(path: str | Path) -> InputWarning:
    """The warning that ``path`` was read as GB18030, since it is not UTF-8."""
    return InputWarning(
        msg("read as GB18030 (Chinese Windows), not UTF-8"),
        location=Location(str(path)),
        hint=msg("save it as UTF-8 to be sure every character reads as meant"),
    )


def no_twice(doc: Doc, what: str | Message, named: Sequence[tuple[str, Location | None]]) -> None:
    first: dict[str, Location | None] = {}
    for name, loc in named:
        if name in first:
            where = first[name]
            doc.add(
                loc or Location(doc.file),
                msg(
                    "{what} {name!r} is listed twice (first at line {line})",
                    what=what,
                    name=name,
                    line=where.line,
                )
                if where
                else msg("{what} {name!r} is listed twice", what=what, name=name),
                msg("merge the two entries into one"),
            )
        else:
            first[name] = loc


def read_provenance(fields: Fields) -> Provenance | None:
    given = [k for k in PROVENANCE_KEYS if fields.has(k)]
    if len(given) > 1:
        fields.doc.add(
            fields.where(given[1]),
            msg(
                "give one of {join}, not {join2}",
                join=", ".join(PROVENANCE_KEYS),
                join2=Named(" 和 ".join(given), " and ".join(given)),
            ),
            msg("a number quotes the report, cites a source, names its sheet cell, or is assumed"),
        )
        return None
    if not given:
        return None
    text = fields.text(given[0])
    return Provenance(ProvenanceKind(given[0]), text) if text else None


def read_reason(doc: Doc, node: _yaml.Node, what: str | Message) -> str | None:
    if isinstance(node.value, str) and node.value.strip():
        return node.value.strip()
    doc.add(node.location, msg("{what} needs its reason as text", what=what), kind_hint(node))
    return None
