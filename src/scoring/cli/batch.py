"""The ``scoring batch`` command: score a table of unit-years, report every bad row.

Kept apart from :mod:`scoring.cli` so that ``scoring score`` does not pay for
importing it. Exit status: 0 when every row was scored, 2 when any row
failed or the input is unusable (one line per problem on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from scoring.cli import helptext
from scoring.cli import monitor as cli_monitor
from scoring.cli import reports as cli_reports
from scoring.cli.streams import Quiet, note, stdout_failed, to_stdout
from scoring.core.messages import Message, msg, text

T = TypeVar("T")

EXIT_OK = 0
EXIT_INPUT = 2


def add_parser(commands: Any, *, lang: str = "en") -> None:
    """Add the ``batch`` subcommand to the command line's subparsers."""
    t = functools.partial(text, lang)
    sub = commands.add_parser(
        "batch",
        help=t("score a table of many unit-years (CSV, YAML or JSON)"),
        description=t(
            "Score every row of a table under one indicator set and weights profile. A bad row"
            " is reported with its row number and line and does not stop the others."
        ),
        epilog=helptext.epilog(
            lang,
            (
                "scoring batch 2024.csv --indicators project-common --weights national-project",
                "scoring batch 2024.yaml --rank -o 得分.csv",
                "scoring batch 2024-06.yaml --monitor 6",
            ),
        ),
    )
    sub.add_argument(
        "table", metavar="TABLE", help=t("the table: .csv, .yaml/.yml or .json (单位,年度 columns)")
    )
    cli_reports.add_rule_options(sub, lang=lang)
    sub.add_argument("--format", choices=["csv", "json"], default="csv", help=t("output format"))
    cli_reports.add_output_option(sub, lang=lang)
    sub.add_argument("--rank", action="store_true", help=t("rank rows by total, highest first"))
    sub.add_argument(
        "--fail-fast", action="store_true", help=t("stop at the first bad row and write nothing")
    )
    sub.add_argument(
        "--detail",
        action=argparse.BooleanOptionalAction,
        default=False,
        help=t(
            "JSON: give each row's detail too (every indicator's value, points and"
            " explanation), which takes the one-unit engine's time for every row"
            " (default: --no-detail, the CSV's columns)"
        ),
    )
    sub.add_argument(
        "--monitor",
        type=functools.partial(cli_monitor.month_argument, lang),
        metavar="N",
        help=t(
            "mid-year monitoring as of month N (1 to 12) instead of the score: one line per"
            " unit, ranked by status (see docs/monitoring.md)"
        ),
    )
    sub.add_argument(
        "--monitoring",
        metavar="PATH|NAME",
        help=t("with --monitor: the monitoring profile (default: the weights profile's)"),
    )
    sub.add_argument(
        "--engine",
        choices=["auto", "exact", "columnar"],
        default="auto",
        help=t("auto: columnar when NumPy is installed (same results, faster)"),
    )
    # The table's columns are the same in both languages (grade and grade_en both
    # written): --lang here is the language of the messages, as anywhere on the line.
    sub.add_argument(
        "--lang", choices=["zh", "en"], default=lang, help=t("language of the messages")
    )


class _Progress:
    """A progress line on a terminal, rewritten in place; nothing on a pipe or file.

    Reading a CSV table drives it (the share of the file's bytes read, scored
    and written so far); a YAML or JSON table is read whole first, and then
    its rows scored drive it. After a second, the time left at the pace so far.
    """

    def __init__(self, stream: TextIO, lang: str = "en") -> None:
        self.stream = stream
        self.lang = lang
        self.shown = False
        self.start = time.monotonic()
        self.ranking = self.start
        """When the rows began to be written in rank order."""

    def __call__(self, done: int, total: int) -> None:
        """Rows ``done`` of ``total`` scored (a table read whole)."""
        percent = f"{100 * done // total if total else 100:3d}"
        said = msg("scoring: {percent}% of {total} rows", percent=percent, total=total)
        self.show(said, done / total if total else 1.0)

    def bytes_read(self, done: int, size: int) -> None:
        """Bytes ``done`` of the ``size`` of a CSV table read, scored and written."""
        fraction = done / size if size else 1.0
        shown = f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size} B"
        said = msg("scoring: {percent}% of {size}", percent=f"{int(100 * fraction):3d}", size=shown)
        self.show(said, fraction)

    def ranked(self, done: int, total: int) -> None:
        """Rows ``done`` of ``total`` written in rank order (``--rank``, once all are scored)."""
        if done == 0:
            self.ranking = time.monotonic()  # the time left at the pace from here
        percent = f"{100 * done // total if total else 100:3d}"
        said = msg(
            "scoring: {percent}% of {total} rows written in rank order",
            percent=percent,
            total=total,
        )
        self.show(said, done / total if total else 1.0, since=self.ranking)

    def show(self, said: Message, fraction: float, since: float | None = None) -> None:
        elapsed = time.monotonic() - (self.start if since is None else since)
        if 0 < fraction < 1 and elapsed >= 1:
            seconds = round(elapsed * (1 - fraction) / fraction)
            said = msg("{progress}, about {seconds} s left", progress=said, seconds=seconds)
        self.stream.write(f"\r{said.text(self.lang)}\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _read_ahead(parts: Iterable[T]) -> Iterator[T]:
    """``parts``' items in order, each next one read in a thread while this one is used.

    Reading a part of a CSV table (NumPy's checks and polars' parse, which
    let go of the interpreter while they run) overlaps scoring and writing
    the one before, on a second core. A reading error is raised where the
    part it stopped would have been, as when the parts are read in turn.
    """
    if isinstance(parts, list):
        yield from parts
        return
    import concurrent.futures  # noqa: PLC0415 (only a streamed table needs it)

    items = iter(parts)
    end = object()
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="scoring-read") as pool:
        coming = pool.submit(next, items, end)
        while (item := coming.result()) is not end:
            coming = pool.submit(next, items, end)
            yield item  # type: ignore[misc]


class _Stopped(Exception):
    """--fail-fast met a failed row: nothing is written."""


class _StdoutFailed(Exception):
    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Recoded:
    """A binary stream that takes UTF-8 and writes GB18030 (each write holds whole rows)."""

    def __init__(self, out: Any) -> None:
        self._out = out

    def write(self, data: bytes) -> int:
        self._out.write(data.decode("utf-8").encode("gb18030"))
        return len(data)


class _Stdout:
    """Standard output as a binary stream, through the command line's ``write``."""

    def __init__(self, write: Any) -> None:
        self._write = write

    def write(self, data: bytes) -> int:
        try:
            self._write(sys.stdout, data)
        except OSError as exc:
            raise _StdoutFailed(exc) from None
        return len(data)


class _Said:
    """The lines said on standard error, in order; and, reading a table a second time, the
    lines the first reading said, which are not said again."""

    def __init__(self, before: Iterable[str] = ()) -> None:
        self.lines: list[str] = []
        self._before = list(before)
        self._at = 0

    def __call__(self, line: str, say: Any) -> None:
        self.lines.append(line)
        if self._at < len(self._before) and self._before[self._at] == line:
            self._at += 1  # said already, by the first reading
            return
        say(line)


def run(args: argparse.Namespace, write: Any) -> int:
    """Run ``scoring batch`` with parsed ``args``; ``write(stream, text)`` writes bytes-safe.

    A CSV table is read, scored and written a part at a time
    (:class:`~scoring.files.csv_parts.CsvParts`), so that its size does not
    bound the memory; the output is the same as scoring it whole. Rows with
    problems are reported on stderr as their part is scored.

    When nothing is written before the last row is scored (``-o``, whose
    temporary file is renamed at the end; ``--fail-fast``), the table's bytes
    are checked as each part is read, not all first: should a part show that
    the file is read otherwise (a lone carriage return, a line in GB18030
    after other characters read as UTF-8), what was written is dropped and the
    table is read again, checked first, without saying again on stderr what
    the first reading said.
    """
    from scoring.files.csv_parts import Reread  # noqa: PLC0415

    kept = args.output not in (None, "-") or args.fail_fast
    first = _Said()
    try:
        return _run(args, write, checked_ahead=not kept, once=first)
    except Reread:
        return _run(args, write, checked_ahead=True, once=_Said(first.lines))


def _run(args: argparse.Namespace, write: Any, *, checked_ahead: bool, once: _Said) -> int:
    """:func:`run`, the table's bytes all checked before it is read if ``checked_ahead``;
    each problem's line on standard error through ``once``."""
    # Imported here, not at the top, so that `scoring score` does not pay for them.
    from scoring.batch import BatchResult, score_table  # noqa: PLC0415
    from scoring.batch.detail import explain_table  # noqa: PLC0415
    from scoring.batch.engines import UnitYears, table_warnings  # noqa: PLC0415
    from scoring.cli import batch_workers as workers  # noqa: PLC0415
    from scoring.core.errors import ScoringError, shown  # noqa: PLC0415
    from scoring.files.csv_parts import CsvParts, ReadWhole  # noqa: PLC0415
    from scoring.files.output import write_atomic  # noqa: PLC0415
    from scoring.files.reading import STDIN  # noqa: PLC0415
    from scoring.files.tables import (  # noqa: PLC0415
        FactTable,
        check_targets,
        load_rules,
        load_table,
        no_rows,
    )
    from scoring.rendering._common import Meta  # noqa: PLC0415
    from scoring.rendering.batch import BatchWriter  # noqa: PLC0415

    err = sys.stderr
    lang = getattr(args, "message_lang", "en")

    def error(problem: ScoringError) -> None:
        say(True, workers.error_line(problem, lang))

    parts: CsvParts | list[FactTable]
    counts = {"rows": 0, "scored": 0, "failed": 0, "warnings": 0}

    def warn(problem: ScoringError) -> None:
        say(False, workers.warning_line(problem, lang))

    def say(is_error: bool, line: str) -> None:
        """A line on standard error: an error's, or a warning's (counted)."""
        if is_error:
            once(line, functools.partial(write, err))
        else:
            once(line, note)
            counts["warnings"] += 1

    try:
        loaded = None
        # A CSV table is read a part at a time (in UTF-8 or GB18030); standard
        # input (a CSV table) once copied into a temporary file.
        if Path(args.table).suffix.lower() == ".csv" or args.table == STDIN:
            try:
                parts = CsvParts(args.table, checked_ahead=checked_ahead)
                workers.large_blocks_returned()
                for warning in parts.warnings:
                    warn(warning)
            except ReadWhole:
                loaded = load_table(args.table)  # a lone carriage return: read whole
        else:
            loaded = load_table(args.table)
        refs: list[str] = []
        weights_ref = None
        if loaded is not None:
            for warning in loaded.warnings:
                warn(warning)
            parts = [loaded.table]
            refs, weights_ref = list(loaded.indicator_refs), loaded.weights_ref
        base = None if args.indicators or args.weights else Path(args.table).parent
        ref_at = loaded.ref_at if loaded is not None else None
        rules = load_rules(
            args.indicators or refs,
            args.weights or weights_ref,
            base,
            ref_at=None if args.indicators and args.weights else ref_at,
        )
        for warning in rules.warnings:
            warn(warning)  # a rule file read as GB18030
        for table in parts if isinstance(parts, list) else ():
            check_targets(table, rules.indicators)
        if args.monitor is not None:
            # Monitoring reads the table whole (it ranks every unit).
            whole = parts[0] if isinstance(parts, list) else load_table(args.table).table
            return _monitor(args, write, whole, rules)
    except ScoringError as exc:
        for problem in shown(exc.problems):
            error(problem)
        return EXIT_INPUT
    progress = _Progress(err, lang) if err.isatty() and not Quiet.on else None
    # --encoding gb18030: the CSV written in GB18030, with no BOM.
    gb18030 = args.format == "csv" and getattr(args, "encoding", None) == "gb18030"

    def report(result: BatchResult) -> None:
        """The part's warnings, then each row's errors and warnings, in row order."""
        for problem in result.warnings:
            warn(problem)
        for is_error, line in workers.row_lines(result, lang):
            say(is_error, line)

    def emit(out: Any) -> None:
        with contextlib.ExitStack() as stack:  # the worker processes stopped on the way out
            emit_into(out, stack)

    def emit_into(out: Any, stack: contextlib.ExitStack) -> None:
        if gb18030:
            out = _Recoded(out)

        def writer_for(result: BatchResult) -> BatchWriter:
            """The writer of the table's columns, which the first part's result gives."""
            return BatchWriter(
                out,
                args.format,
                profile=result.profile,
                indicator_ids=result.indicator_ids,
                max_points=result.max_points,
                meta=Meta(rules_sha256=rules.rules_sha256),
                ranked=args.rank,
                bom=not gb18030,
                lang=lang,
            )

        writer = None
        # JSON rows have their indicators in full with --detail.
        explained = args.format == "json" and args.detail
        row_progress = progress if isinstance(parts, list) else None
        # Every row's unit-year, 8 bytes each; the repeated ones are said at the end.
        earlier = UnitYears()

        def repeated() -> None:
            if isinstance(parts, list):
                heads_at: Any = lambda indices: (parts[0].heads[i] for i in indices)  # noqa: E731
            else:
                heads_at = parts.heads_at
            for problem in earlier.repeats(heads_at):
                warn(problem)

        tables = _read_ahead(parts)
        shown = 0
        # A large table's parts after the first are scored and written out by worker
        # processes (see scoring.cli.batch_workers), each part's bytes and lines
        # taken back in table order; not for what needs the rows as they come.
        count = 0
        if isinstance(parts, CsvParts) and not (args.fail_fast or args.rank or explained):
            count = workers.worker_count(parts.size)
        pool = None
        if count:
            setup = workers.Setup(rules.indicators, rules.weights, args.engine, args.format, lang)
            pool = stack.enter_context(workers.Pool(setup, count))

        def written(tag: tuple[Any, ...], done: workers.Rendered) -> None:
            found, part_warnings = tag
            for warning in (*found, *part_warnings):
                warn(warning)
            for is_error, line in done.lines:
                say(is_error, line)
            counts["scored"] += done.scored
            counts["failed"] += done.failed
            assert writer is not None
            writer.write_chunks(done.chunks, done.rows, done.scored, done.failed)
            if progress is not None and isinstance(parts, CsvParts):
                progress.bytes_read(parts.done, parts.size)

        sent = 0  # rows sent to the workers or written
        for table in tables:
            found: tuple[ScoringError, ...] = ()
            if isinstance(parts, CsvParts):
                # A warning the reading found on the way (a file read as GB18030
                # from a part on), said before the part's rows.
                found_all = parts.found_before(counts["rows"] + len(table))
                found = found_all[shown:]
                shown = len(found_all)
            if pool is not None and writer is not None:
                # The warnings about the part found here, in table order; said with its rows.
                tag = (found, table_warnings(rules.indicators, table, earlier))
                counts["rows"] += len(table)
                for done in pool.put(tag, table, first=sent == 0):
                    written(*done)
                sent += len(table)
                continue
            for warning in found:
                warn(warning)
            result = score_table(
                rules.indicators,
                rules.weights,
                table,
                engine=args.engine,
                fail_fast=args.fail_fast,
                progress=row_progress,
                earlier=earlier,
            )
            report(result)
            counts["scored"] += result.scored
            counts["failed"] += result.failed
            if args.fail_fast and result.failed:
                counts["rows"] += len(result.outcomes)
                # The rows after it are counted, not scored; a repeated unit-year
                # among them is still said, as when the table is read whole.
                left = len(table) - len(result.outcomes)
                for rest in tables:
                    left += len(rest)
                    for problem in table_warnings(rules.indicators, rest, earlier):
                        warn(problem)
                counts["left"] = left
                repeated()
                raise _Stopped
            counts["rows"] += len(table)
            if writer is None:
                writer = writer_for(result)
            # Each row's indicators in full, as score_frame's long form has them.
            explain = (
                explain_table(rules.indicators, rules.weights, table, progress=row_progress)
                if explained
                else None
            )
            if args.rank:
                # Held unranked in a temporary file, written in rank order on close.
                if explain is not None:
                    writer.hold_explained(result, (d for _, d in explain))
                else:
                    writer.hold(result)
            elif explain is not None:
                # Written a block of rows at a time: the details of a whole part
                # (40 explanations a row) would take gigabytes.
                writer.write_explained(result, (d for _, d in explain))
            else:
                writer.write(result)
            sent += len(result.outcomes)
            if progress is not None and isinstance(parts, CsvParts):
                progress.bytes_read(parts.done, parts.size)
        if pool is not None:
            for done in pool.finish():
                written(*done)
        repeated()
        if writer is None:  # not so: a table without rows is refused when it is read
            raise no_rows(str(args.table))
        writer.close(progress=None if progress is None else progress.ranked)

    try:
        try:
            if args.output is not None and args.output != "-":
                write_atomic(args.output, emit)
            elif args.fail_fast:
                # Nothing may reach stdout before the last row has been scored.
                with tempfile.TemporaryFile() as spool:
                    emit(spool)
                    spool.seek(0)
                    stdout = _Stdout(write)
                    while block := spool.read(1 << 22):
                        stdout.write(block)
            else:
                emit(_Stdout(write))
        finally:
            if progress is not None:
                progress.clear()
    except _Stopped:
        pass
    except _StdoutFailed as exc:
        return stdout_failed(exc.error, lang)
    except ScoringError as exc:
        for problem in shown(exc.problems):
            error(problem)
        return EXIT_INPUT
    except ValueError as exc:  # the columnar engine asked for without NumPy
        line = msg("error: {message}", message=exc).text(lang)
        write(err, f"scoring: {line}\n")
        return EXIT_INPUT
    total = counts["rows"] + counts.get("left", 0)
    said = msg(
        "scoring: {scored} of {total} rows scored, {failed} failed",
        scored=counts["scored"],
        total=total,
        failed=counts["failed"],
    )
    warnings = counts["warnings"]
    if warnings:
        said = (
            msg("{summary}, 1 warning", summary=said)
            if warnings == 1
            else msg("{summary}, {warnings} warnings", summary=said, warnings=warnings)
        )
    if counts.get("left"):
        said = msg(
            "{summary}; stopped at the first failed row (--fail-fast), {left} not scored",
            summary=said,
            left=counts["left"],
        )
    note(said.text(lang) + "\n")
    if "left" in counts:
        return EXIT_INPUT
    return EXIT_INPUT if counts["failed"] else EXIT_OK


def _monitor(args: argparse.Namespace, write: Any, table: Any, rules: Any) -> int:
    """``scoring batch --monitor N``: every row monitored, ranked by status.

    Raises:
        ScoringError: when the monitoring profile cannot be read or does not fit.
    """
    from scoring.batch.engines import table_warnings  # noqa: PLC0415
    from scoring.batch.monitoring import empty_cells, monitor_table  # noqa: PLC0415
    from scoring.core.errors import ScoringError  # noqa: PLC0415
    from scoring.files.monitoring import (  # noqa: PLC0415
        find_monitoring,
        load_monitoring,
        monitoring_for,
    )
    from scoring.files.output import check_output, write_atomic  # noqa: PLC0415
    from scoring.rendering.monitor_batch import MONITOR_BATCH_FORMATS  # noqa: PLC0415

    err = sys.stderr
    lang = getattr(args, "message_lang", "en")
    if args.monitoring:
        profile = load_monitoring(find_monitoring(args.monitoring))
    else:
        assert rules.weights.location is not None
        profile = monitoring_for(rules.weights.location.file, rules.weights.id)
    if args.output and args.output != "-":
        check_output(args.output)  # refused before the rows are monitored, as batch does
    # A column neither the indicators nor the monitoring read (as_of, a misspelt
    # budgte) and a repeated unit-year are said, as when the table is scored.
    for problem in table_warnings(
        rules.indicators, table, also_read=(profile.spent_fact, profile.budget_fact)
    ):
        note(f"scoring: {problem.line(lang=lang)}\n")
    progress = _Progress(err, lang) if err.isatty() and not Quiet.on else None
    try:
        batch = monitor_table(
            rules.indicators,
            rules.weights,
            table,
            profile,
            month=args.monitor,
            fail_fast=args.fail_fast,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.clear()
    for outcome in batch.outcomes:
        for problem in getattr(outcome, "problems", ()):
            line = msg("error: {message}", message=problem.line(lang=lang)).text(lang)
            write(err, f"scoring: {line}\n")
        report = getattr(outcome, "report", None)
        for problem in report.problems if report is not None else ():
            note(f"scoring: {problem.line(lang=lang)}\n")
        for problem in empty_cells(outcome, table.names):
            note(f"scoring: {problem.line(lang=lang)}\n")
    total = len(table)
    said = msg(
        "scoring: {monitored} of {total} rows monitored, {failed} failed",
        monitored=batch.monitored,
        total=total,
        failed=batch.failed,
    )
    if batch.stopped:
        left = total - len(batch.outcomes)
        said = msg(
            "{summary}; stopped at the first failed row (--fail-fast), {left} not monitored",
            summary=said,
            left=left,
        )
    note(said.text(lang) + "\n")
    if args.fail_fast and batch.failed:
        return EXIT_INPUT
    text = MONITOR_BATCH_FORMATS[args.format](batch.ranked(), lang)
    if args.output:
        try:
            write_atomic(args.output, text.encode("utf-8"))
        except ScoringError as exc:
            line = msg("error: {message}", message=exc.line(lang=lang)).text(lang)
            write(err, f"scoring: {line}\n")
            return EXIT_INPUT
    else:
        failed = to_stdout(text, lang)
        if failed is not None:
            return failed
    return EXIT_INPUT if batch.failed else EXIT_OK
