"""A large table's parts scored by worker processes write what one process writes.

``scoring batch`` hands the parts of a CSV table after the first to worker
processes (:mod:`scoring.cli.batch_workers`) and writes their bytes and says
their lines in table order. Here the parts are made small (blocks of 2,000
bytes: the table's 60 rows span about ten parts) and ``SCORING_WORKERS`` asks
for a worker whatever the table's size, so that rows with problems fall on
the parts' edges; the output, the lines on standard error and the exit status
must be those of the command in one process, for CSV and JSON. Whatever goes
wrong with a worker, the parts are scored in the command's process instead,
with the same result.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scoring.cli import batch_workers
from scoring.files import csv_parts
from test_batch import RULES, csv_text, run_cli

ROWS = 60


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_parts, "BLOCK", 2000)


@pytest.fixture
def received(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of each part a worker sent back scored (none: every part scored here)."""
    got: list[int] = []
    receive = batch_workers._Worker.receive

    def counted(self: batch_workers._Worker) -> batch_workers.Rendered | None:
        done = receive(self)
        if done is not None:
            got.append(done.rows)
        return done

    monkeypatch.setattr(batch_workers._Worker, "receive", counted)
    return got


def table(path: Path) -> Path:
    """60 rows: row 5 fails (its budget is text), row 12 has no year, row 27 repeats row 3's
    unit-year (in another part), row 44 is a total line, rows 20-21 fail on a part's edge."""
    rows: list[dict[str, object]] = [
        {"unit": f"U{i + 1}", "fund_balance_level": "no balance"} for i in range(ROWS)
    ]
    rows[4]["budget"] = "abc"
    rows[11]["year"] = ""
    rows[26]["unit"] = "U3"
    rows[43]["unit"] = "合计"
    rows[19]["budget"] = "12x"
    rows[20]["budget"] = "-"
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def run(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, bytes, str]:
    """Exit status, output bytes (-o's, or standard output's without ``-o``) and stderr."""
    if "-o" not in extra:
        code, out, err = run_cli(["batch", str(path), *RULES, *extra], capsys)
        return code, out.encode("utf-8"), err
    target = Path(extra[-1])
    target.unlink(missing_ok=True)
    code, _, err = run_cli(["batch", str(path), *RULES, *extra], capsys)
    return code, target.read_bytes() if target.exists() else b"", err


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_workers_write_what_one_process_writes(
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    received: list[int],
) -> None:
    path = table(tmp_path / "t.csv")
    # CSV to standard output, JSON to -o's file.
    extra = ["--format", fmt] + (["-o", str(tmp_path / "out.json")] if fmt == "json" else [])
    monkeypatch.setenv("SCORING_WORKERS", "0")
    alone = run(path, tmp_path, capsys, *extra)
    assert not received
    monkeypatch.setenv("SCORING_WORKERS", "1")
    both = run(path, tmp_path, capsys, *extra)
    assert both == alone
    # The worker scored every part after the first, in several parts.
    assert len(received) >= 4
    assert ROWS // 2 < sum(received) < ROWS
    code, written, err = both
    assert code == 2
    lines = err.splitlines()
    assert "row 5" in lines[0] or "第 5 行" in lines[0]
    assert any("合计" in line for line in lines)
    assert any(("row 27" in line or "第 27 行" in line) and "U3" in line for line in lines)
    assert written.count(b",U3,") + written.count(b'"U3"') == 2


def test_parts_the_workers_could_not_score_are_scored_here(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    received: list[int],
) -> None:
    """A worker that cannot start, or that ends before it answers: the same bytes."""
    path = table(tmp_path / "t.csv")
    monkeypatch.setenv("SCORING_WORKERS", "0")
    target = ["-o", str(tmp_path / "out.csv")]
    alone = run(path, tmp_path, capsys, *target)
    monkeypatch.setenv("SCORING_WORKERS", "2")
    monkeypatch.setattr(batch_workers, "_command", lambda: [str(tmp_path / "no-python")])
    assert run(path, tmp_path, capsys, *target) == alone
    monkeypatch.setattr(batch_workers, "_command", lambda: [sys.executable, "-c", "pass"])
    assert run(path, tmp_path, capsys, *target) == alone
    assert not received


def test_a_small_table_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCORING_WORKERS", raising=False)
    assert batch_workers.worker_count(batch_workers.MIN_BYTES - 1) == 0
    monkeypatch.setattr(batch_workers.os, "cpu_count", lambda: 1)
    assert batch_workers.worker_count(batch_workers.MIN_BYTES) == 0
    monkeypatch.setattr(batch_workers.os, "cpu_count", lambda: 2)
    assert batch_workers.worker_count(batch_workers.MIN_BYTES) == 1
