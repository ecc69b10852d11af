"""Reading one cell of a self-evaluation sheet: a target, an achieved value, points.

Pure functions from a cell's content to a value, raising :class:`CellError`
(a message and a hint) when the cell cannot be read without guessing. A
target's operator and number go through :func:`scoring.files.targets.parse_target`,
the parser that reads targets in YAML; what is added here is what clerks type
into sheets: a unit after the number (``≤200万元``, ``≥266米``), operators in
words (``不低于95%``, ``95%以上``), a bare number (``100%``), a deadline
with 完成 after it (``9月底前完成``) and targets in words (``达成年度指标``).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import attrs

from scoring.core.messages import Message, msg
from scoring.core.model import FactValue, Op, Target
from scoring.core.numbers import NumberError, bounds_problem, parse_number, plain
from scoring.files.sheets.grid import Cell
from scoring.files.targets import MONTH, month_number, parse_target


class CellError(ValueError):
    """A cell that cannot be read: what is wrong and what to write instead (catalogue messages)."""

    def __init__(self, message: Message, hint: Message) -> None:
        super().__init__(str(message))
        self.message = message
        self.hint = hint


# What a clerk writes in a cell that has nothing to say (no points, no value).
DASHES = frozenset({"—", "——", "-", "--", "－", "/", "／", "\\", "无", "不适用", "N/A", "n/a"})

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_SPACES = re.compile(r"\s+")
_SYMBOLS = {
    ">=": Op.GE, "≥": Op.GE, "≧": Op.GE, "＞＝": Op.GE,
    "<=": Op.LE, "≤": Op.LE, "≦": Op.LE, "＜＝": Op.LE,
    "=": Op.EQ, "==": Op.EQ, "＝": Op.EQ,
}  # fmt: skip
_WORDS_BEFORE = {
    "不低于": Op.GE, "不少于": Op.GE, "不小于": Op.GE, "大于等于": Op.GE, "大于或等于": Op.GE,
    "不高于": Op.LE, "不超过": Op.LE, "不多于": Op.LE, "不大于": Op.LE, "小于等于": Op.LE,
    "小于或等于": Op.LE, "控制在": Op.LE, "等于": Op.EQ, "达到": Op.GE,
}  # fmt: skip
_WORDS_AFTER = {
    "及以上": Op.GE, "以上": Op.GE, "（含）以上": Op.GE, "(含)以上": Op.GE,
    "及以下": Op.LE, "以下": Op.LE, "以内": Op.LE, "（含）以内": Op.LE, "(含)以内": Op.LE,
}  # fmt: skip
# Longest first, so that 大于等于 is taken before 大于 (sorted once, not at every cell).
_WORDS_BEFORE_LONGEST = sorted(_WORDS_BEFORE.items(), key=lambda w: -len(w[0]))
_WORDS_AFTER_LONGEST = sorted(_WORDS_AFTER.items(), key=lambda w: -len(w[0]))
_BEFORE_ANY = tuple(_WORDS_BEFORE)
_AFTER_ANY = tuple(_WORDS_AFTER)
# Strict comparisons: the sheet's rules (and this library's) know only ≥, ≤ and =.
_STRICT = (">", "<", "＞", "＜", "大于", "小于", "高于", "低于", "超过", "少于", "多于")
_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_QUANTITY = re.compile(rf"^(?P<op>{_SYMBOL_RE})?\s*(?P<number>{_NUMBER})\s*(?P<unit>[^\d]*?)$")
# A deadline as clerks write it: 9月前, 9月底前, 2023年9月底前完成.
_DEADLINE = re.compile(
    r"^(?:\d{4}\s*年\s*)?(\d{1,2}\s*月\s*(?:底|末)?\s*(?:前|以前|之前))(?:完成)?$"
)
_ACHIEVED_MONTH = re.compile(r"^(?:\d{4}\s*年\s*)?(\d{1,2}\s*月\s*(?:份|底|末)?)(?:完成|前完成)?$")
_THOUSANDS = re.compile(r"\d,\d{3}")
# A space between the digits of one number (a thousands space, a slip), not around it.
_SPLIT_NUMBER = re.compile(r"\d\s+[\d.]|\.\s+\d")
# What a 'met' row's achieved value may say, beside a month.
_YES = frozenset({"是", "已完成", "完成", "按时完成", "已达成", "达成", "达到", "已按时完成"})
_NO = frozenset({"否", "未完成", "未达成", "未达到", "未按时完成"})


@attrs.frozen
class ReadTarget:
    """A target cell read: the target, and how it was read.

    ``kind`` is ``number`` (an operator and a number), ``deadline`` (a month,
    read as ≤ that month) or ``words`` (no number: a qualitative row).
    ``assumed_op`` is the operator taken for a bare number (``100%``), which
    the output states; ``None`` when the cell gives one.
    """

    target: Target
    kind: str
    written: str
    assumed_op: Op | None = None


@attrs.frozen
class Quantity:
    """A number as typed in a cell: its operator (if any), value and unit."""

    op: Op | None
    value: Decimal
    unit: str


def normalise(text: str) -> str:
    """``text`` without spaces, with full-width % and brackets made ASCII."""
    text = _SPACES.sub("", text)
    return text.replace("％", "%").replace("（", "(").replace("）", ")")


_BREAK = re.compile(r"[ \t]*\n\s*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def one_line(text: str) -> str:
    """A name written over lines (Alt+Enter in a narrow column) as one line: the break
    dropped beside a Chinese character, a space in its place between two others
    (``维修道路⏎长度`` is 维修道路长度, ``Road⏎length`` is Road length)."""
    if "\n" not in text:
        return text

    def joined(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        return "" if not before or not after or (_WIDE.match(before) or _WIDE.match(after)) else " "

    return _BREAK.sub(joined, text)


def is_dash(text: str) -> bool:
    return normalise(text) in DASHES


def quantity(text: str) -> Quantity | None:
    """``text`` as an operator, a number and a unit, or None when it is not one.

    Raises:
        CellError: for a strict comparison (``>95%``) or thousands separators.
    """
    written = text
    text = normalise(text)
    if not text:
        return None
    op: Op | None = None
    # Most cells have no such words: one test of all of them first (in C).
    if text.startswith(_BEFORE_ANY):
        for words, word_op in _WORDS_BEFORE_LONGEST:
            if text.startswith(words):
                op, text = word_op, text[len(words) :]
                break
    if op is None and text.endswith(_AFTER_ANY):
        for words, word_op in _WORDS_AFTER_LONGEST:
            if text.endswith(words):
                op, text = word_op, text[: -len(words)]
                break
    if _THOUSANDS.search(text):
        raise CellError(
            msg("{text!r} has a thousands separator", text=text),
            msg("write the number without commas (1200, not 1,200)"),
        )
    if op is None and text.startswith(_STRICT) and not text.startswith(tuple(_SYMBOLS)):
        raise CellError(
            msg("{text!r} is a strict comparison, which the scoring rules do not have", text=text),
            msg("write ≥ (at least), ≤ (at most) or = and the number"),
        )
    match = _QUANTITY.match(text)
    if match is None:
        return None
    if _SPLIT_NUMBER.search(written):  # 1 250 or 18 .8: which number was meant is a guess
        raise CellError(
            msg("{text!r} has a space inside its number", text=written.strip()),
            msg("write the number without spaces, as it is meant (1250, not 1 250)"),
        )
    unit = match.group("unit")
    if unit.startswith(_STRICT):
        return None
    symbol = match.group("op")
    if symbol is not None:
        if op is not None:
            return None
        op = _SYMBOLS[symbol]
    return Quantity(op, _parsed(match.group("number")), unit)


def _number_error(exc: NumberError, what: str | Message = "") -> CellError:
    """The number parser's refusal as a cell's error: the same words as in YAML and CSV."""
    said = exc.said if isinstance(exc.said, Message) else msg("{message}", message=exc.said)
    hint = exc.said_hint or msg("write it as a plain number such as 1234.5")
    return CellError(
        msg("{what}: {problem}", what=what, problem=said) if what else said,
        hint if isinstance(hint, Message) else msg("{message}", message=hint),
    )


def _parsed(text: str, what: str | Message = "") -> Decimal:
    """``text``, a number, read by the one number parser (its forms refused, its bounds).

    Raises:
        CellError: with the parser's words.
    """
    try:
        return parse_number(text)
    except NumberError as exc:
        raise _number_error(exc, what) from None


def _typed(text: str, what: str | Message) -> Decimal | Quantity | None:
    """A cell's text as a bare number (the one parser), else as a quantity with a unit.

    ``None`` when it is neither. A form the parser refuses (``1_000``, Excel's
    ``3.72E+01``, too many digits) that is no quantity either is refused with the
    parser's words, as YAML, CSV tables and ``--set`` refuse it.

    Raises:
        CellError: for a number form refused, or a number out of bounds.
    """
    try:
        return parse_number(text)
    except NumberError as exc:
        read = quantity(text)
        if read is None and exc.number_like:
            raise _number_error(exc, what) from None
        return read


def stored_number(value: Decimal, what: str | Message = "") -> Decimal:
    """A number cell's value, within the bounds every number read obeys.

    Raises:
        CellError: for a number too large, too small or with too many decimals.
    """
    problem = bounds_problem(value)
    if problem is not None:
        # As Excel's formula bar shows it: 1E-320, not 0.000…0001 in 320 digits.
        shown = plain(value)
        if len(shown) > 20:
            problem = bounds_problem(value, format(value.normalize(), "E")) or problem
        raise _number_error(problem, what)
    return value


def parse_target_cell(
    text: str, *, unit: str = "", op: Op | None = None, lower_is_better: bool = False
) -> ReadTarget:
    """The target in a 年度指标值 cell.

    ``unit`` comes from a 度量单位 column and ``op`` from a 指标性质 column when
    the sheet has them. A bare number is read as ≥, or ≤ when
    ``lower_is_better``; ``assumed_op`` says so. Text with no number is a
    target in words.

    Raises:
        CellError: when the cell is empty, or looks like a number but is not
            one this reader can take without guessing.
    """
    written = text.strip()
    flat = normalise(written)
    if not flat or flat in DASHES:
        raise CellError(
            msg("the target (年度指标值) is empty"),
            msg("write the year's target, such as ≥95%, ≤200万元 or 9月前"),
        )
    deadline = _DEADLINE.match(flat)
    if deadline is not None:
        try:
            return ReadTarget(parse_target(deadline.group(1), "月"), "deadline", written)
        except ValueError:
            raise CellError(_month_message(written), msg("a month is 1 to 12")) from None
    read = quantity(written)
    if read is None:
        if re.match(rf"^(?:{_SYMBOL_RE}|{_NUMBER})", flat):
            raise CellError(
                msg("cannot read the target {written!r}", written=written),
                msg("write an operator, a number and its unit, such as ≥95%, ≤200万元 or =100%"),
            )
        return ReadTarget(Target.described(written), "words", written)
    found_unit = read.unit or unit
    if read.unit and unit and read.unit != unit:
        raise CellError(
            msg(
                "the target {written!r} is in {found!r} but the unit column says {unit!r}",
                written=written,
                found=read.unit,
                unit=unit,
            ),
            msg("make the two agree"),
        )
    if read.op is not None and op is not None and read.op is not op:
        raise CellError(
            msg(
                "the target {written!r} says {op} but the 指标性质 column says {column}",
                written=written,
                op=read.op.value,
                column=op.value,
            ),
            msg("make the two agree"),
        )
    chosen = read.op or op
    assumed = None
    if chosen is None:
        chosen = Op.LE if lower_is_better else Op.GE
        assumed = chosen
    canonical = f"{chosen.ascii}{plain(read.value)}{'%' if found_unit == '%' else ''}"
    try:
        target = parse_target(canonical, found_unit)
    except ValueError as exc:  # pragma: no cover (canonical is always well formed)
        raise AssertionError(str(exc)) from None
    return ReadTarget(target, "number", written, assumed)


_LITERAL_FORMULA = re.compile(r"^=\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*%?\s*$")


def target_text(cell: Cell) -> str:
    """A target cell's text: ``=100%`` typed into Excel is a formula, read as the target "=100%".

    Raises:
        CellError: for an Excel error or any other formula.
    """
    if cell.source is not None and _LITERAL_FORMULA.match(cell.source):
        return cell.source
    _no_error(cell, msg("the target (年度指标值)"))
    _no_date(cell, msg("the target (年度指标值)"))
    if cell.source is not None:
        raise CellError(
            msg("the target (年度指标值) is the formula {formula!r}", formula=cell.source),
            msg(
                "type the target as text, such as ≥95% (a target computed by a formula is not read)"
            ),
        )
    return cell.text()


def written_as(cell: Cell) -> str | None:
    """Whether a cell is written as a target (``target``: an operator, a deadline, ``=100%``
    typed as a formula), as a bare number (``number``: ``250米``, a number cell), or
    neither (None: words, empty, or what cannot be read)."""
    if cell.source is not None and _LITERAL_FORMULA.match(cell.source):
        return "target"
    if isinstance(cell.value, Decimal):
        return "number"
    if not isinstance(cell.value, str):
        return None
    flat = normalise(cell.value)
    if _DEADLINE.match(flat):
        return "target"
    try:
        read = quantity(cell.value)
    except CellError:
        return None
    if read is None:
        return None
    return "number" if read.op is None else "target"


def parse_op_cell(text: str) -> tuple[Op | None, bool]:
    """A 指标性质 cell: its operator, and whether it says the row is qualitative.

    Raises:
        CellError: for anything else.
    """
    flat = normalise(text)
    if not flat or flat in DASHES or flat == "定量":
        return None, False
    if flat in _SYMBOLS:
        return _SYMBOLS[flat], False
    if flat in ("正向", "正向指标"):
        return Op.GE, False
    if flat in ("反向", "反向指标"):
        return Op.LE, False
    if flat in ("定性", "定性指标"):
        return None, True
    raise CellError(
        msg("cannot read the 指标性质 {text!r}", text=text.strip()),
        msg("write ≥, ≤ or =, or 正向 / 反向 / 定性"),
    )


# The units a number cell may be typed with: points (10分) and amounts (40万元).
POINT_UNITS = ("", "分")
AMOUNT_UNITS = ("", "万元", "元")


def parse_number_cell(
    cell: Cell, what: str, units: tuple[str, ...] = POINT_UNITS + AMOUNT_UNITS[1:]
) -> Decimal | None:
    """Points, a clerk's score or an amount: a number, or None when the cell is empty or a dash.

    ``units`` are those it may be typed with (``10分``; ``40万元``).

    Raises:
        CellError: for anything else.
    """
    if cell.value is None and not cell.error and not cell.formula:
        return None
    _no_error(cell, what)
    _no_date(cell, what)
    value = cell.value
    if isinstance(value, Decimal) and not cell.percent:
        return stored_number(value, what)
    text = cell.text().strip()
    if is_dash(text):
        return None
    read = _typed(text, what) if isinstance(value, str) else None
    if isinstance(read, Decimal):
        return read
    if read is None or read.op is not None or read.unit not in units:
        raise CellError(
            msg("{what} {text!r} is not a number", what=what, text=text),
            msg("write {what} as a plain number", what=what),
        )
    return read.value


def typed_unit(cell: Cell) -> str:
    """The unit a number is typed with in a text cell (``万元`` of ``40万元``), else ""."""
    if not isinstance(cell.value, str):
        return ""
    try:
        read = quantity(cell.value)
    except CellError:
        return ""
    return read.unit if read is not None else ""


def parse_actual_cell(cell: Cell, target: ReadTarget) -> tuple[FactValue, str | None]:
    """The achieved value (实际完成值) for a row with ``target``, and a note on how it was read.

    Words for a target in words are returned as text (the caller pairs them
    with the evaluator's score); a deadline takes a month (``7月``), a date,
    or 是 / 已完成 / 否 / 未完成; a number must be in the target's unit.

    Raises:
        CellError: when the cell is empty or cannot be read for this target.
    """
    _no_error(cell, msg("the achieved value (实际完成值)"))
    text = cell.text().strip()
    if not text or is_dash(text):
        raise CellError(
            msg("the achieved value (实际完成值) is empty"),
            msg("write what was achieved; a row that does not apply needs its 分值 left empty"),
        )
    if target.kind == "words":
        return text, None
    if target.kind == "deadline":
        return _achieved_by(cell, text, target)
    _no_date(cell, msg("the achieved value (实际完成值)"))
    unit = target.target.unit
    value = cell.value
    if isinstance(value, Decimal):
        if cell.percent and unit != "%":
            raise CellError(
                msg(
                    "the cell shows {text} but the target {written!r} is not a percent",
                    text=text,
                    written=target.written,
                ),
                msg("format the cell as a plain number, or write the target with %"),
            )
        return stored_number(value, msg("the achieved value (实际完成值)")), None
    typed = _typed(text, msg("the achieved value (实际完成值)"))
    if isinstance(typed, Decimal):
        return typed, None
    read = typed
    if read is None:
        raise CellError(
            msg(
                "the achieved value {text!r} is not a number, which the target {written!r} needs",
                text=text,
                written=target.written,
            ),
            msg(
                "write the number achieved in {unit}; the reason for a miss goes in"
                " 偏差原因分析及改进措施",
                unit=unit,
            )
            if unit
            else msg(
                "write the number achieved; the reason for a miss goes in 偏差原因分析及改进措施"
            ),
        )
    if read.unit and not unit:
        raise CellError(
            msg(
                "the achieved value {text!r} is in {found!r} but the target {written!r} has no"
                " unit",
                text=text,
                found=read.unit,
                written=target.written,
            ),
            msg("write the unit in both, or in neither"),
        )
    if read.unit and read.unit != unit:
        raise CellError(
            msg(
                "the achieved value {text!r} is in {found!r} but the target {written!r}"
                " is in {unit!r}",
                text=text,
                found=read.unit,
                written=target.written,
                unit=unit,
            ),
            msg("write both in the same unit"),
        )
    note = None
    if read.op is not None:
        note = f"表中实际完成值写作“{text}”（带比较符号），按 {plain(read.value)}{unit} 计"
    return read.value, note


def _achieved_by(cell: Cell, text: str, target: ReadTarget) -> tuple[FactValue, str | None]:
    if isinstance(cell.value, datetime.date):
        return Decimal(
            cell.value.month
        ), f"表中为日期 {cell.value.isoformat()}，按 {cell.value.month} 月计"
    flat = normalise(text)
    if flat in _YES:
        return True, None
    if flat in _NO:
        return False, None
    month = _ACHIEVED_MONTH.match(flat) or _DEADLINE.match(flat)
    if month is not None:
        digits = re.match(r"\d{1,2}", month.group(1))
        assert digits is not None
        try:
            return month_number(digits.group(0), text), None
        except ValueError:
            raise CellError(_month_message(text), msg("a month is 1 to 12")) from None
    if MONTH.match(flat):  # pragma: no cover (covered by _ACHIEVED_MONTH)
        return month_number(flat.split("月")[0], text), None
    raise CellError(
        msg(
            "the achieved value {text!r} does not say when, which the deadline {written!r} needs",
            text=text,
            written=target.written,
        ),
        msg("write the month it was done (7月), or 是 / 否"),
    )


def _month_message(text: str) -> Message:
    return msg("{text!r}: a month is 1 to 12", text=text.strip())


def _no_date(cell: Cell, what: str | Message) -> None:
    """A cell that should hold a number or text but holds a date or a time.

    Excel shows a number typed into a cell formatted as a date as a date (250 as
    1900-09-06), and makes 2-10 or 2/10 typed into a 常规 cell a date: the cell's
    format is at fault, and which number was meant is the clerk's to say.
    """
    value = cell.value
    if isinstance(value, datetime.date):
        said = msg(
            "{what} is the date {date}: Excel shows it as a date because of the cell's format",
            what=what,
            date=value.isoformat(),
        )
    elif isinstance(value, datetime.time | datetime.timedelta):
        said = msg(
            "{what} is the time {time}: Excel shows it as a time because of the cell's format",
            what=what,
            time=cell.text(),
        )
    else:
        return
    raise CellError(
        said,
        msg(
            "set the cell's format to 常规 or 数值 (right-click → 设置单元格格式) and type the"
            " value again"
        ),
    )


def _no_error(cell: Cell, what: str | Message) -> None:
    if cell.error:
        raise CellError(
            msg("{what} shows the Excel error {error}", what=what, error=cell.error),
            msg("fix the formula in Excel, or type the value"),
        )
    if cell.formula:
        raise CellError(
            msg("{what} is a formula whose result the file does not store", what=what),
            msg("open the file in Excel or WPS and save it, so that the result is stored"),
        )
