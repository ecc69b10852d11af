"""Reading a facts file's ``header:`` and ``sign_off:``: what the 自评表 shows around its table.

Every key is optional; a problem is recorded with its line, like every other
problem of the facts file, and the file's problems are raised together.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.core.messages import Message, msg
from scoring.core.sheetinfo import Funds, FundsLine, SheetInfo, SubRow
from scoring.files import located_yaml as _yaml
from scoring.files.documents import (
    FUNDS_KEYS,
    FUNDS_LINE_KEYS,
    FUNDS_TOTAL_KEYS,
    HEADER_KEYS,
    SIGN_OFF_KEYS,
    SUB_ROW_KEYS,
    Doc,
    Fields,
    Keys,
    kind_hint,
)

_TOTAL = "年度资金总额"


def read_sheet_info(doc: Doc, top: Fields) -> SheetInfo | None:
    """The sheet's header block and sign-off line; None when the file gives neither."""
    header = _fields(doc, top, "header", msg("the header (表头)"), HEADER_KEYS)
    sign_off = _fields(doc, top, "sign_off", msg("the sign-off (签署栏)"), SIGN_OFF_KEYS)
    sub_rows = _sub_rows(doc, top)
    if header is None and sign_off is None and not sub_rows:
        return None
    funds_node = header.get("funds") if header is not None else None
    return SheetInfo(
        project=_text(header, "project"),
        department=_text(header, "department"),
        implementer=_text(header, "implementer"),
        funds=None if funds_node is None else _funds(doc, funds_node),
        goal=_text(header, "goal"),
        achieved=_text(header, "achieved"),
        filled_by=_text(sign_off, "filled_by"),
        phone=_text(sign_off, "phone"),
        head=_text(sign_off, "head"),
        date=_text(sign_off, "date"),
        sub_rows=sub_rows,
    )


def _sub_rows(doc: Doc, top: Fields) -> tuple[SubRow, ...]:
    """``of_which:``: by indicator id, the 其中 sub-rows shown under its row, each a name
    with the target and the achieved value as the sheet writes them."""
    found = []
    for parent, node in top.mapping("of_which").items():
        if not isinstance(node.value, list):
            doc.add(
                node.location,
                msg("the 其中 rows of {ind_id!r} must be a list", ind_id=parent),
                kind_hint(node),
            )
            continue
        for item in node.value:
            fields = doc.fields(item, msg("a 其中 row of {ind_id!r}", ind_id=parent), *SUB_ROW_KEYS)
            name = _text(fields, "name")
            if fields is not None and name:
                target, actual = _text(fields, "target"), _text(fields, "actual")
                found.append(SubRow(parent, name, target or "", actual or ""))
    return tuple(found)


def _fields(doc: Doc, top: Fields, key: str, what: str | Message, keys: Keys) -> Fields | None:
    node = top.get(key)
    return None if node is None else doc.fields(node, what, *keys)


def _text(fields: Fields | None, key: str) -> str | None:
    """A text value, stripped; a number (a telephone number, a year) is read as written."""
    if fields is None:
        return None
    value = fields.text(key)
    return None if value is None else value.strip()


def _funds(doc: Doc, node: _yaml.Node) -> Funds | None:
    fields = doc.fields(node, msg("the funds block (header: funds:)"), *FUNDS_KEYS)
    if fields is None:
        return None
    total_node = fields.get("total")
    total = (
        None
        if total_node is None
        else _line(doc, total_node, msg("the total line"), FUNDS_TOTAL_KEYS)
    )
    lines = [
        _line(doc, n, msg("an of_which line"), FUNDS_LINE_KEYS) for n in fields.items("of_which")
    ]
    if total is None or any(line is None for line in lines):
        return None
    return Funds(total, tuple(line for line in lines if line is not None))


def _line(doc: Doc, node: _yaml.Node, what: str | Message, keys: Keys) -> FundsLine | None:
    """A line of the funds block: its name and 年初预算数, 全年预算数, 全年执行数 in 万元."""
    fields = doc.fields(node, msg("{what} of the funds block", what=what), *keys)
    if fields is None:
        return None
    amounts: list[Decimal | None] = [
        fields.number(key, nonnegative=True) for key in ("initial", "adjusted", "executed")
    ]
    name = _text(fields, "name") or _TOTAL
    return FundsLine(name, *amounts)
