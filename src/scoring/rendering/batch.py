"""A batch result as a CSV or JSON table: one line per input row, none left out.

Scored rows carry their total, grade and points per indicator (and rank when
ranked); failed rows carry their errors. Points are printed with exactly the
sheet's decimals, as the one-unit scorecard prints them. See docs/batch.md.

A table of a million rows is written a part at a time: :class:`BatchWriter`
takes the results of consecutive parts of a table and writes their rows as
they come (a JSON document's summary comes after its rows, once the last
row is scored). Each cell's text is made once per distinct
value, never once per cell; with NumPy, the rows of the columnar engine are
put together a block at a time (:mod:`scoring.rendering.batch_columns`).
The bytes are the same either way, and the same as rendering the whole
result at once with :func:`render_batch_csv` or :func:`render_batch_json`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any

from scoring._version import __version__
from scoring.batch import BatchResult, Scored
from scoring.batch.detail import Detail
from scoring.core.model import WeightsProfile
from scoring.core.numbers import in_context
from scoring.rendering._common import Meta, spreadsheet_text
from scoring.rendering.batch_rank import RankSpool, row_totals
from scoring.rendering.batch_rows import (
    CellTexts,
    JsonRows,
    csv_rows,
    json_string,
    row_dict,
    units_json,
    units_text,
)
from scoring.rendering.jsondoc import number

SCHEMA_VERSION = 1
DETAIL_BLOCK = 256
"""Rows written at a time with their details (each ~26 KB of JSON for 40 indicators)."""
FORMATS = ("csv", "json")
HEAD_COLUMNS = ("row", "line", "unit", "unit_en", "year", "status")


def is_ranked(result: BatchResult) -> bool:
    """Whether the result has ranks (it came from :meth:`BatchResult.ranked`)."""
    if getattr(result.outcomes, "matrix", None) is not None:
        return False  # the columnar engine's outcomes, never ranked
    return any(isinstance(o, Scored) and o.rank is not None for o in result.outcomes)


# --------------------------------------------------------------------------- CSV


def csv_header(indicator_ids: Sequence[str], ranked: bool) -> str:
    """The CSV header line."""
    head = [*HEAD_COLUMNS, *(["rank"] if ranked else [])]
    head += ["total", "grade", "grade_en", *indicator_ids, "errors"]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow(spreadsheet_text(cell) for cell in head)
    return out.getvalue()


def csv_body(result: BatchResult, ranked: bool, lang: str = "en") -> bytes:
    """The CSV lines of every row of ``result`` (no header; errors in ``lang``), as UTF-8."""
    return b"".join(csv_chunks(result, ranked, lang))


def csv_chunks(result: BatchResult, ranked: bool, lang: str = "en") -> list[bytes]:
    """:func:`csv_body` in chunks, to be written one after the other (a part's rows are
    never joined into one object of their size)."""
    fast = _columns()
    if fast is not None and not ranked:
        found: list[bytes] | None = fast.csv_chunks(result, lang)
        if found is not None:
            return found
    width = len(result.indicator_ids)
    return [csv_rows(result.outcomes, width, result.decimals, ranked, lang).encode("utf-8")]


@in_context
def render_batch_csv(result: BatchResult, meta: Meta | None = None, lang: str = "en") -> str:
    """The result as CSV: row, line, unit, unit_en, year, status, [rank,] total, grade, grade_en,
    one column per indicator, errors (in ``lang``: ``zh`` or ``en``)."""
    ranked = is_ranked(result)
    body = csv_body(result, ranked, lang).decode("utf-8")
    return csv_header(result.indicator_ids, ranked) + body


# --------------------------------------------------------------------------- JSON


def _document(
    profile: WeightsProfile,
    ids: Sequence[str],
    max_points: Sequence[Decimal],
    summary: dict[str, Any],
    *,
    rows: list[dict[str, Any]],
    meta: Meta | None,
) -> dict[str, Any]:
    meta = meta or Meta()
    return {
        "schema_version": SCHEMA_VERSION,
        "scoring_version": __version__,
        "rules_sha256": meta.rules_sha256,
        "profile": {"id": profile.id, "name": profile.name},
        "full_score": number(profile.full_score),
        "decimals": profile.decimals,
        "indicators": [
            {"id": k, "max_points": number(p)} for k, p in zip(ids, max_points, strict=True)
        ],
        # The summary after the rows: a table's rows are written as they are
        # scored, and what the summary counts is known after the last.
        "rows": rows,
        "summary": summary,
    }


def _summary(rows: int, scored: int, failed: int, stopped: bool) -> dict[str, Any]:
    return {"rows": rows, "scored": scored, "failed": failed, "stopped": stopped}


def to_dict(
    result: BatchResult,
    meta: Meta | None = None,
    details: Mapping[int, Sequence[Detail]] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The JSON document as Python data; ``details`` by row number, when given, go in
    ``detail``; failed rows' errors in ``lang``."""
    d = result.decimals
    ids = result.indicator_ids
    summary = _summary(len(result.outcomes), result.scored, result.failed, result.stopped)
    rows = [
        row_dict(o, ids, d, None if details is None else details[o.head.number], lang)
        for o in result.outcomes
    ]
    return _document(result.profile, ids, result.max_points, summary, rows=rows, meta=meta)


def json_body(
    result: BatchResult,
    first: bool,
    details: Mapping[int, Sequence[Detail]] | None = None,
    lang: str = "en",
) -> bytes:
    """The JSON text of every row of ``result``, as it stands inside ``rows``, as UTF-8
    (failed rows' errors in ``lang``)."""
    return b"".join(json_chunks(result, first, details, lang))


def json_chunks(
    result: BatchResult,
    first: bool,
    details: Mapping[int, Sequence[Detail]] | None = None,
    lang: str = "en",
) -> list[bytes]:
    """:func:`json_body` in chunks, to be written one after the other."""
    fast = _columns() if details is None else None
    if fast is not None:
        found: list[bytes] | None = fast.json_chunks(result, first, lang)
        if found is not None:
            return found
    rows = JsonRows(result.indicator_ids, result.decimals, details, lang)
    return [rows.rows(result.outcomes, first).encode("utf-8")]


def json_frame(
    profile: WeightsProfile,
    ids: Sequence[str],
    max_points: Sequence[Decimal],
    summary: dict[str, Any],
    meta: Meta | None,
) -> tuple[str, str]:
    """The JSON document's text before its rows (which ``summary`` does not change) and
    after them; with no rows, the document is :func:`empty_document` of the two."""
    text = json.dumps(
        _document(profile, ids, max_points, summary, rows=[], meta=meta),
        ensure_ascii=False,
        indent=1,
    )
    at = text.index(_NO_ROWS)
    return text[:at] + '"rows": [\n', "\n ]" + text[at + len(_NO_ROWS) :] + "\n"


_NO_ROWS = '"rows": []'


def empty_document(before: str, after: str) -> str:
    """The JSON document of no rows, from :func:`json_frame`'s two texts."""
    return before.removesuffix("\n") + _after_no_rows(after)


def _after_no_rows(after: str) -> str:
    """What follows ``"rows": [`` when no row comes, from :func:`json_frame`'s text after."""
    return "]" + after[len("\n ]") :]


@in_context
def render_batch_json(
    result: BatchResult,
    meta: Meta | None = None,
    details: Mapping[int, Sequence[Detail]] | None = None,
    lang: str = "en",
) -> str:
    """The result as a JSON document (keys documented in docs/batch.md; failed rows' errors
    in ``lang``)."""
    summary = _summary(len(result.outcomes), result.scored, result.failed, result.stopped)
    before, after = json_frame(
        result.profile, result.indicator_ids, result.max_points, summary, meta
    )
    body = json_body(result, first=True, details=details, lang=lang).decode("utf-8")
    if not body:
        return empty_document(before, after)
    return before + body + after


BATCH_FORMATS: dict[str, Callable[[BatchResult, Meta | None], str]] = {
    "csv": render_batch_csv,
    "json": render_batch_json,
}


# --------------------------------------------------------------------------- in parts


class BatchWriter:
    """Writes the results of consecutive parts of one table as one CSV or JSON document.

    ``write(result)`` for each part, in table order, then ``close(stopped)``;
    ``ranked``: the results are ranked (a CSV header with ``rank``); ``bom``:
    a CSV document starts with a byte order mark, as the command writes it; ``lang``:
    the language of failed rows' errors.
    Rows go to ``out`` as they come; a JSON document's summary, after its rows,
    on close.
    """

    def __init__(
        self,
        out: IO[bytes],
        fmt: str,
        *,
        profile: WeightsProfile,
        indicator_ids: Sequence[str],
        max_points: Sequence[Decimal],
        meta: Meta | None = None,
        ranked: bool = False,
        bom: bool = False,
        lang: str = "en",
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        self.out = out
        self.fmt = fmt
        self.profile = profile
        self.ids = tuple(indicator_ids)
        self.max_points = tuple(max_points)
        self.meta = meta
        self.ranked = ranked
        self.lang = lang
        """The language of failed rows' errors (``zh`` or ``en``)."""
        self.rows = self.scored = self.failed = 0
        self.open = fmt == "json"
        """JSON: the document's text after its rows (the summary) is yet to be written."""
        self.held: RankSpool | None = None
        """With :meth:`hold`: the rows to be written in rank order on close."""
        if fmt == "csv":
            # With ``bom``, a byte order mark first: Excel on Chinese Windows then
            # reads the file as UTF-8, not as GBK (which turns names to mojibake).
            head = ("\ufeff" if bom else "") + csv_header(self.ids, ranked=ranked)
            out.write(head.encode("utf-8"))
        else:
            # The document up to its rows (which the summary, after them, does not
            # change), but the line break before the first.
            before, _ = json_frame(
                profile, self.ids, self.max_points, _summary(0, 0, 0, False), meta
            )
            out.write(before.removesuffix("\n").encode("utf-8"))

    @in_context
    def write(
        self, result: BatchResult, details: Mapping[int, Sequence[Detail]] | None = None
    ) -> None:
        """Write the rows of the next part of the table (JSON: with ``details`` by row number)."""
        if self.fmt == "csv":
            chunks = csv_chunks(result, ranked=self.ranked, lang=self.lang)
        else:
            self._before_rows(result)
            chunks = json_chunks(result, first=self.rows == 0, details=details, lang=self.lang)
        for chunk in chunks:
            self.out.write(chunk)
        self._count(result)

    def write_chunks(self, chunks: Iterable[bytes], rows: int, scored: int, failed: int) -> None:
        """Write the next part's rows as :func:`part_chunks` made them (elsewhere: in another
        process), ``rows`` of them, ``scored`` and ``failed``; the same bytes as :meth:`write`
        of its result. The chunks of a JSON part start its first row as the document's
        when no row came before (``first``)."""
        if self.fmt == "json" and not self.rows and rows:
            self.out.write(b"\n")
        for chunk in chunks:
            self.out.write(chunk)
        self.rows += rows
        self.scored += scored
        self.failed += failed

    def _before_rows(self, result: BatchResult) -> None:
        """JSON: the line break before the document's first row, once it comes."""
        if not self.rows and result.outcomes:
            self.out.write(b"\n")

    @in_context
    def write_explained(self, result: BatchResult, details: Iterable[Sequence[Detail]]) -> None:
        """JSON: write the rows of the next part with their details, which ``details`` gives
        in the rows' order, :data:`DETAIL_BLOCK` rows at a time (so that a part's details
        are never all held at once). The same bytes as :meth:`write` with them all."""
        self._before_rows(result)
        for text in self._explained(result, details, first=self.rows == 0):
            self.out.write(text)
        self._count(result)

    def _explained(
        self, result: BatchResult, details: Iterable[Sequence[Detail]], *, first: bool
    ) -> Iterator[bytes]:
        """The JSON text of the part's rows with their details, :data:`DETAIL_BLOCK` rows at
        a time (``first``: the part's first row is the document's)."""
        outcomes = result.outcomes
        given = iter(details)
        for start in range(0, len(outcomes), DETAIL_BLOCK):
            block = [outcomes[i] for i in range(start, min(start + DETAIL_BLOCK, len(outcomes)))]
            found = {o.head.number: next(given) for o in block}
            rows = JsonRows(result.indicator_ids, result.decimals, found, self.lang)
            yield rows.rows(block, first=first and start == 0).encode("utf-8")

    def _count(self, result: BatchResult) -> None:
        self.rows += len(result.outcomes)
        self.scored += result.scored
        self.failed += result.failed

    def _held(self) -> RankSpool:
        if self.held is None:
            self.held = RankSpool(self.fmt)
        return self.held

    @in_context
    def hold(self, result: BatchResult) -> None:
        """Take the rows of the next part, to be written ranked with all the others on close.

        Held in a temporary file, as an unranked table's rows are written (see
        :mod:`scoring.rendering.batch_rank`): the same bytes as :meth:`write` of
        the whole table's :meth:`~scoring.batch.BatchResult.ranked` result.
        """
        body = (
            csv_body(result, ranked=False, lang=self.lang)
            if self.fmt == "csv"
            else json_body(result, first=False, lang=self.lang)
        )
        self._held().add(row_totals(result), body)
        self._count(result)

    @in_context
    def hold_explained(self, result: BatchResult, details: Iterable[Sequence[Detail]]) -> None:
        """JSON: :meth:`hold` with each row's details, which ``details`` gives in the rows'
        order, :data:`DETAIL_BLOCK` rows at a time."""
        held = self._held()
        held.add_totals(row_totals(result))
        for text in self._explained(result, details, first=False):
            held.add_rows(text)
        self._count(result)

    @in_context
    def close(
        self, stopped: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Finish the document (the held rows in rank order; JSON: the summary, then the rows).

        ``progress(done, total)`` is called as the held rows are written.
        """
        if self.held is not None:
            if self.open and self.rows:
                self.out.write(b"\n")
            for block in self.held.ranked(progress):
                self.out.write(block)
            self.held.close()
            self.held = None
        if not self.open:
            return
        summary = _summary(self.rows, self.scored, self.failed, stopped)
        _, after = json_frame(self.profile, self.ids, self.max_points, summary, self.meta)
        # Without rows: '"rows": [' and the rest, as empty_document puts them.
        self.out.write((after if self.rows else _after_no_rows(after)).encode("utf-8"))
        self.open = False

    def discard(self) -> None:
        """Drop the rows held for ranking (the caller throws the output away)."""
        if self.held is not None:
            self.held.close()
            self.held = None


@in_context
def part_chunks(result: BatchResult, fmt: str, *, first: bool, lang: str = "en") -> list[bytes]:
    """The rows of one part of a table, unranked, as :class:`BatchWriter` writes them, in
    chunks (``first``: JSON, no row came before this part's)."""
    if fmt == "csv":
        return csv_chunks(result, ranked=False, lang=lang)
    return json_chunks(result, first=first, lang=lang)


def _columns() -> Any:
    """The NumPy block renderer, or None without NumPy."""
    try:
        from scoring.rendering import batch_columns  # noqa: PLC0415 (NumPy is optional)
    except ImportError:
        return None
    return batch_columns


__all__ = [
    "BATCH_FORMATS",
    "FORMATS",
    "BatchWriter",
    "CellTexts",
    "csv_body",
    "csv_header",
    "csv_rows",
    "is_ranked",
    "json_body",
    "json_string",
    "part_chunks",
    "render_batch_csv",
    "render_batch_json",
    "to_dict",
    "units_json",
    "units_text",
]
