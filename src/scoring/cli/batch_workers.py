"""``scoring batch``: the parts of a large CSV table scored and written out in other processes.

The command reads a CSV table a part at a time (:class:`~scoring.files.csv_parts.CsvParts`)
and, for a table of several parts, hands each part after the first to a worker
process (a new interpreter running :func:`worker_main`), which scores it
(:func:`~scoring.batch.score_table`, the engine asked for) and turns its rows
into the output's bytes (:func:`~scoring.rendering.batch.part_chunks`) and its
rows' problems into the lines said on standard error. The command writes
every part's bytes and says its lines strictly in table order, so that the
output and the messages are the same, byte for byte, as when one process
does everything; what needs the whole table in order (the warnings about the
table, the repeated unit-years) is found in the command's own process.

Whatever goes wrong with a worker (it cannot start, dies, or a part cannot
be sent to it), that part and every one after it are scored in the command's
own process, as without workers: the same bytes, and any error the part
raises is raised there, worded and placed as always. Workers are only started
for a table of :data:`MIN_BYTES` or more, on a machine with more than one
core, so that a small table does not pay for their start-up (~0.3 s each).

The parts travel through pipes, pickled, their large arrays and bytes as
buffers of their own (pickle protocol 5), never as one object of their size.
"""

from __future__ import annotations

import collections
import contextlib
import io
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, NamedTuple

from scoring.core.errors import ScoringError
from scoring.core.messages import msg
from scoring.files.csv_native import PartCells

MIN_BYTES = 96 << 20
"""A table smaller than this is scored in one process (a worker costs ~0.3 s to start,
about what a table of 10^5 rows takes in all)."""

WORKERS = 2
"""Worker processes at most (and never more than the cores, less one for the reading)."""

PER_WORKER = 2
"""Parts sent to a worker and not yet written: one scored while the next waits."""


def error_line(problem: ScoringError, lang: str) -> str:
    """The line said on standard error for a problem that failed a row (or the table)."""
    line = msg("error: {message}", message=problem.line(lang=lang)).text(lang)
    return "scoring: " + line + "\n"


def warning_line(problem: ScoringError, lang: str) -> str:
    """The line said on standard error for a warning."""
    return f"scoring: {problem.line(lang=lang)}\n"


def row_lines(result: Any, lang: str) -> list[tuple[bool, str]]:
    """Each row's errors and warnings, in row order: (is an error, its line)."""
    found: list[tuple[bool, str]] = []
    outcomes = result.outcomes
    by_row = getattr(outcomes, "warnings", None)  # the columnar engine's, by position
    if by_row is None:
        at: Iterable[int] = range(len(outcomes))
    else:
        at = sorted({*result.failed_at, *by_row, *getattr(outcomes, "alone", ())})
    for index in at:
        outcome = outcomes[index]
        for problem in getattr(outcome, "problems", ()):
            found.append((True, error_line(problem, lang)))
        for problem in getattr(outcome, "warnings", ()):
            found.append((False, warning_line(problem, lang)))
    return found


class Rendered(NamedTuple):
    """One part scored and written: its output's bytes and its rows' lines for stderr."""

    chunks: Sequence[bytes]
    lines: list[tuple[bool, str]]
    rows: int
    scored: int
    failed: int


class Setup(NamedTuple):
    """What every part is scored and written with."""

    indicators: Any
    weights: Any
    engine: str
    fmt: str
    lang: str


def score_part(setup: Setup, table: Any, first: bool) -> Rendered:
    """Part ``table`` scored and written (``first``: no row of the table came before it),
    without the warnings about the table itself, which the caller finds in table order."""
    from scoring.batch import score_table  # noqa: PLC0415
    from scoring.rendering.batch import part_chunks  # noqa: PLC0415

    result = score_table(
        setup.indicators, setup.weights, table, engine=setup.engine, warnings=False
    )
    chunks = part_chunks(result, setup.fmt, first=first, lang=setup.lang)
    lines = row_lines(result, setup.lang)
    return Rendered(chunks, lines, len(result.outcomes), result.scored, result.failed)


# --------------------------------------------------------------------------- the pipes


def _proxy(value: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(value)


def _error(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    made = cls.__new__(cls)
    made.args = args
    made.__dict__.update(state)
    return made


def _cells(data: Any, starts: Any, ends: Any) -> PartCells:
    return PartCells(data, starts, ends)


class _Pickler(pickle.Pickler):
    """Pickles what a part and the rules hold: read-only mappings, errors made with keyword
    arguments (rebuilt with their attributes), and a native part's bytes as a buffer."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, MappingProxyType):
            return _proxy, (dict(obj),)
        if isinstance(obj, BaseException):
            return _error, (type(obj), obj.args, dict(obj.__dict__))
        if type(obj) is PartCells:
            return _cells, (pickle.PickleBuffer(obj.data), obj.starts, obj.ends)
        return NotImplemented


_HEAD = struct.Struct("<QIQ")
NO_SLOT = (1 << 64) - 1
"""In a message's head: its buffers follow the pickle in the pipe (not in shared memory)."""

SLOT_BYTES = 96 << 20
"""Bytes of each of a worker's two slots of shared memory (Linux), where a part's buffers
(~37 MB for a part of 16 MB) and its output (~10 MB of CSV, ~40 MB of JSON) are put
instead of through the pipe: a copy in memory, not two through the kernel."""

_ALIGN = 64


def _send(stream: IO[bytes], obj: Any, shared: Any = None, slot: int = 0) -> None:
    """Write ``obj`` to ``stream``: a head (the pickle's size, the buffers' count, where they
    are, their sizes), the pickle, then each buffer, into ``shared`` (a writable buffer)
    from ``slot`` if they fit in :data:`SLOT_BYTES`, else into the pipe after the pickle.

    Raises:
        pickle.PicklingError, TypeError, AttributeError: when ``obj`` cannot be pickled
            (then nothing was written).
        OSError: when the stream cannot be written.
    """
    buffers: list[pickle.PickleBuffer] = []
    frame = io.BytesIO()
    _Pickler(frame, protocol=5, buffer_callback=buffers.append).dump(obj)
    raws = [b.raw() for b in buffers]
    sizes = [r.nbytes for r in raws]
    room = sum(-(-n // _ALIGN) * _ALIGN for n in sizes)
    where = slot if shared is not None and room <= SLOT_BYTES else NO_SLOT
    if where != NO_SLOT:
        at = slot
        for raw, n in zip(raws, sizes, strict=True):
            shared[at : at + n] = raw
            at += -(-n // _ALIGN) * _ALIGN
    head = _HEAD.pack(frame.tell(), len(raws), where) + struct.pack(f"<{len(sizes)}Q", *sizes)
    stream.write(head)
    stream.write(frame.getbuffer())
    if where == NO_SLOT:
        for raw in raws:
            stream.write(raw)
    stream.flush()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def _receive(stream: IO[bytes], shared: Any = None, *, writable: bool = False) -> Any:
    """What :func:`_send` wrote: buffers in ``shared`` as views of it (valid until the slot
    is written again), else as ``bytearray`` if ``writable``, else as ``bytes``.

    Raises:
        EOFError: when the stream ends first.
    """
    size, count, where = _HEAD.unpack(_read_exactly(stream, _HEAD.size))
    sizes = struct.unpack(f"<{count}Q", _read_exactly(stream, 8 * count))
    frame = _read_exactly(stream, size)
    buffers: list[Any] = []
    if where != NO_SLOT:
        if shared is None:
            raise EOFError  # not so: shared memory is only used when both sides have it
        at = where
        with memoryview(shared) as whole:
            for n in sizes:
                buffers.append(whole[at : at + n])
                at += -(-n // _ALIGN) * _ALIGN
        return pickle.loads(frame, buffers=buffers)
    for n in sizes:
        if writable:
            buffer = bytearray(n)
            with memoryview(buffer) as view:
                got = 0
                while got < n:
                    read = stream.readinto(view[got:])  # type: ignore[attr-defined]
                    if not read:
                        raise EOFError
                    got += read
            buffers.append(buffer)
        else:
            buffers.append(_read_exactly(stream, n))
    return pickle.loads(frame, buffers=buffers)


# --------------------------------------------------------------------------- the worker


def large_blocks_returned() -> None:
    """Have the C library give each block of 1 MiB or more back to the system when freed.

    glibc's malloc raises the size above which it maps a block of its own
    each time such a block is freed, up to 32 MiB, and then serves the parts
    of 16 MB a streamed table is read in from its heap, where they fragment
    it: the resident size grew by ~200 bytes a row (2.3 GB at 10^7 rows)
    while the memory in use stayed flat. Fixing the size (``M_MMAP_THRESHOLD``)
    keeps it flat. Nothing happens where there is no such function.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # noqa: PLC0415 (only here)

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD, 1 MiB


def worker_main() -> None:
    """A worker process: the setup, then parts, from standard input; each part's
    :class:`Rendered` (or ``None`` if scoring it raised) to standard output, in order.

    ``sys.argv[1]``, if given: the descriptor of the shared memory (two slots of
    :data:`SLOT_BYTES`), where a part's buffers and its output's travel.
    """
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may reach the pipe
    given = sys.stdin.buffer
    large_blocks_returned()  # the resident size flat, as the command's own
    shared = None
    if len(sys.argv) > 1:
        import mmap  # noqa: PLC0415

        shared = mmap.mmap(int(sys.argv[1]), 2 * SLOT_BYTES)
    try:
        setup = _receive(given)
    except EOFError:
        return
    jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def read() -> None:
        # Read on while a part is scored, so that the command never waits to send one.
        while True:
            try:
                job = _receive(given, shared, writable=True)
            except (EOFError, OSError):
                job = None
            jobs.put(job)
            if job is None:
                return

    threading.Thread(target=read, daemon=True).start()
    while (job := jobs.get()) is not None:
        table, first, slot = job
        try:
            done: Any = score_part(setup, table, first)
        except Exception:  # the command scores the part itself, and says why
            done = None
        del table, job  # the slot is written with the output: the part is done with
        if done is not None:
            done = done._replace(chunks=[pickle.PickleBuffer(c) for c in done.chunks])
        try:
            _send(out, done, shared, slot)
        except OSError:
            return
        del done


def _command() -> list[str] | None:
    """The command line of a worker process, or None where none can be started."""
    if not sys.executable or getattr(sys, "frozen", False):
        return None
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the package
    code = (
        f"import sys; sys.path.insert(0, {root!r}); "
        "from scoring.cli.batch_workers import worker_main; worker_main()"
    )
    return [sys.executable, "-c", code]


def worker_count(size: int) -> int:
    """Workers for a table of ``size`` bytes: none below :data:`MIN_BYTES` or on one core;
    ``SCORING_WORKERS`` in the environment sets the count (0: none)."""
    given = os.environ.get("SCORING_WORKERS", "")
    if given.strip().isdigit():
        return int(given)
    if size < MIN_BYTES:
        return 0
    cores = os.cpu_count() or 1
    return max(0, min(WORKERS, cores - 1))


PIPE_BYTES = 1 << 20
"""The pipes' buffer on Linux (64 KiB by default): a part of ~37 MB goes through in fewer
turns of the two processes."""


def _widen(stream: IO[bytes]) -> None:
    """Give the pipe of ``stream`` a buffer of :data:`PIPE_BYTES`, where the system can."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl  # noqa: PLC0415 (POSIX only)

    with contextlib.suppress(OSError):
        fcntl.fcntl(stream.fileno(), 1031, PIPE_BYTES)  # F_SETPIPE_SZ


class _Worker:
    def __init__(self, command: list[str], setup: Setup) -> None:
        self.shared: Any = None
        self.sent = 0
        """Parts sent: each goes in slot ``sent % 2`` of the shared memory."""
        fds: tuple[int, ...] = ()
        memfd = getattr(os, "memfd_create", None)
        if memfd is not None:
            import mmap  # noqa: PLC0415

            fd = memfd("scoring-parts")
            try:
                os.ftruncate(fd, 2 * SLOT_BYTES)
                self.shared = mmap.mmap(fd, 2 * SLOT_BYTES)
            except OSError:
                os.close(fd)
            else:
                fds = (fd,)
                command = [*command, str(fd)]
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                pass_fds=fds,
            )
        finally:
            for fd in fds:
                os.close(fd)  # the map and the worker hold their own
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin = self.process.stdin
        self.stdout = self.process.stdout
        for stream in (self.stdin, self.stdout):
            _widen(stream)
        _send(self.stdin, setup)

    def send(self, table: Any, first: bool) -> None:
        """Send a part (in the next slot, if it fits)."""
        slot = self.sent % 2 * SLOT_BYTES
        _send(self.stdin, (table, first, slot), self.shared, slot)
        self.sent += 1

    def receive(self) -> Rendered | None:
        """The next part's output (None: the worker could not score it), copied out of the
        slot, which the next part may then take."""
        done: Rendered | None = _receive(self.stdout, self.shared)
        if done is not None:
            done = done._replace(chunks=[bytes(c) for c in done.chunks])
        return done

    def stop(self) -> None:
        """End the process (it holds nothing to keep) and wait for it."""
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.shared is not None:
            with contextlib.suppress(BufferError):
                self.shared.close()


class _Job(NamedTuple):
    tag: Any
    table: Any
    first: bool
    worker: _Worker | None
    """None: scored here (no worker took it)."""


class Pool:
    """Parts scored by worker processes, their results given back in the order sent.

    ``put(tag, table, first)`` sends a part and gives back the results that
    must be written before more are sent, as ``(tag, Rendered)``; ``finish()``
    the rest. A part no worker could score is scored with ``local`` (the same
    function in this process), in its turn. Use as a context manager: the
    workers are stopped on the way out, whatever happened.
    """

    def __init__(self, setup: Setup, count: int) -> None:
        self.setup = setup
        self.workers: list[_Worker] = []
        self.broken = False
        self.pending: collections.deque[_Job] = collections.deque()
        self._next = 0
        command = _command()
        if command is None:
            self.broken = True
            return
        for _ in range(count):
            try:
                self.workers.append(_Worker(command, setup))
            except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):
                self.broken = True
                break
        if not self.workers:
            self.broken = True

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.stop()

    def _break(self) -> None:
        """No worker is used from here on (the parts they hold are scored here)."""
        self.broken = True
        self.stop()

    def put(self, tag: Any, table: Any, first: bool) -> Iterator[tuple[Any, Rendered]]:
        """Send part ``table``; the results due before it may be sent, in order."""
        window = PER_WORKER * max(1, len(self.workers))
        while self.pending and (self.broken or len(self.pending) >= window):
            yield self._take()
        worker = None
        if not self.broken:
            worker = self.workers[self._next % len(self.workers)]
            self._next += 1
            try:
                worker.send(table, first)
            except (pickle.PicklingError, TypeError, AttributeError):
                worker = None  # this part cannot travel: scored here, in its turn
                self._next -= 1
            except OSError:
                worker = None
                self._break()
        self.pending.append(_Job(tag, table, first, worker))
        if worker is None and len(self.pending) == 1:
            yield self._take()

    def finish(self) -> Iterator[tuple[Any, Rendered]]:
        """The results of every part sent and not yet given back, in order."""
        while self.pending:
            yield self._take()

    def _take(self) -> tuple[Any, Rendered]:
        job = self.pending.popleft()
        done = None
        if job.worker is not None and not self.broken:
            try:
                done = job.worker.receive()
            except (EOFError, OSError, pickle.UnpicklingError):
                self._break()
        if done is None:
            done = score_part(self.setup, job.table, job.first)
        return job.tag, done


__all__ = [
    "MIN_BYTES",
    "Pool",
    "Rendered",
    "Setup",
    "error_line",
    "large_blocks_returned",
    "row_lines",
    "score_part",
    "warning_line",
    "worker_count",
    "worker_main",
]
