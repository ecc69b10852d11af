"""Hypothesis strategies for DataFrame scoring: tables of unit-years, and how a frame holds them.

A table is a list of rows of facts (Decimals, a tuple of items met, or None
for a missing fact); :func:`column_kinds` draws how each fact column is held
in a frame: floats (NaN or null where missing), Decimal objects, or text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from hypothesis import strategies as st

from scoring.core.numbers import plain

# At most 9 significant digits: a float holds each of them as written.
FACT_VALUE = st.one_of(
    st.decimals(min_value=0, max_value=200, places=2),
    st.decimals(min_value=-5, max_value=10_000, places=4),
    st.integers(0, 120).map(Decimal),
)
KINDS = ("float", "decimal", "text")

Row = dict[str, object]


@st.composite
def tables(draw: st.DrawFn, base: Mapping[str, object]) -> list[Row]:
    """Rows of ``base``'s facts, some changed, some missing, some exactly as in ``base``."""
    names = sorted(base)
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row: Row = dict(base)
        for name in draw(st.lists(st.sampled_from(names), max_size=6, unique=True)):
            if isinstance(base[name], Decimal):
                row[name] = draw(st.one_of(FACT_VALUE, st.none(), st.just(base[name])))
            else:
                row[name] = draw(st.one_of(st.none(), st.just(base[name])))
        rows.append(row)
    return rows


def column_kinds(names: Sequence[str]) -> st.SearchStrategy[dict[str, str]]:
    """How a frame holds each fact column: ``float``, ``decimal`` or ``text``."""
    return st.fixed_dictionaries({name: st.sampled_from(KINDS) for name in names})


def cell(value: object) -> str:
    """A fact as a CSV cell: plain decimal text, items met as a|b|c, empty when missing."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "|".join(value)
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def frame_value(value: object, kind: str) -> object:
    """A fact as a frame's cell holds it in a column of ``kind``."""
    if isinstance(value, tuple):
        return "|".join(value)
    if value is None:
        return float("nan") if kind == "float" else None
    if kind == "float":
        return float(value)  # type: ignore[arg-type]
    if kind == "text":
        return cell(value)
    return value


# Unit names as a clerk types them: Excel and WPS quote a cell that holds a comma,
# a quote or a line break (and double the quote), as csv.writer does.
UNIT_NAME = st.one_of(
    st.sampled_from(["岳阳市一中", "岳阳市一中,高中部", '"一中"本部', "一中\n高中部", "A\r\nB"]),
    st.text(st.sampled_from('某局,"\n 𠀀'), min_size=1, max_size=6),
)


@st.composite
def csv_tables(draw: st.DrawFn, base: Mapping[str, object]) -> str:
    """A CSV table of :func:`tables`' rows under ``base``'s fact names, written as Excel
    writes it (a cell quoted when it must be), its unit names drawn from UNIT_NAME; the
    rows end in ``\\n`` or ``\\r\\n``, and blank lines may stand between them."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    names = sorted(base)
    out = io.StringIO(newline="")
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(["unit", "year", *names])
    for row in draw(tables(base)):
        writer.writerow([draw(UNIT_NAME), "2023", *(cell(row[name]) for name in names)])
        if draw(st.integers(0, 5)) == 0:
            out.write(ending)
    return out.getvalue()
