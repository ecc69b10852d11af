"""End to end, side by side: read a CSV table, score it, write a CSV, with each tool.

    python benchmarks/end_to_end.py                      # 10^4, 10^5 and 10^6 rows
    python benchmarks/end_to_end.py --rows 10000         # one size (under a minute)
    python benchmarks/end_to_end.py --rows 10000000 --tools cli   # the memory bound

The same generated table (``synthetic.write_table_csv``: unit-years × 40
indicators of mixed rules, half with a formula) is scored by each tool in a
child process of its own, which reads the CSV, scores every row and writes
the columns ``scoring batch`` writes:

- ``cli``: ``scoring batch TABLE --indicators ... --weights ... -o OUT.csv``;
- ``api``: the Python API (``benchmarks/e2e/api.py``), which must write the
  same bytes as the command;
- ``numpy``, ``polars``, ``duckdb``: the same rules written out by hand in
  floats (``benchmarks/e2e/``), each skipped with a note when its package
  is not installed (``pip install ".[bench]"``);
- ``json``: ``scoring batch --format json`` (the CSV's columns), held against ``cli``;
- ``detail``: the same with ``--detail`` (every row's indicators explained),
  on the first ``--exact-rows`` rows only (it takes the one-unit engine's time);
- ``exact``: ``scoring batch --engine exact`` with NumPy made unimportable,
  on the first ``--exact-rows`` rows only (it is the slow path).

For each it prints the wall clock (best of ``--repeat``, tools interleaved
so that machine load hits them alike), the children's CPU time, the peak
memory (the child's maximum resident set size, from ``wait4``) and rows per
second, then the time ratios, and checks every output's header, units and
totals against the command's: the float tools' totals that are a cent or
more off are counted, the project's own outputs must agree exactly.

It asserts nothing about speed; it prints each goal of issue 18 and whether
it is MET. Compare figures from one run, on a quiet machine (see ``uptime``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

TOOLS = ("cli", "api", "numpy", "polars", "duckdb", "json", "detail", "exact")
NEEDS = {"numpy": "numpy", "polars": "polars", "duckdb": "duckdb"}
GB = 1e9


@dataclass
class Run:
    tool: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss: int = 0
    """Peak resident set size, in bytes, over all runs."""
    rows: int = 0
    output: Path | None = None

    @property
    def wall(self) -> float:
        return min(self.walls)

    @property
    def cpu(self) -> float:
        return min(self.cpus)


def available(module: str) -> bool:
    # Not imported: this process stays small (see SPAWNER).
    return importlib.util.find_spec(module) is not None


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


# A small process that starts each tool and reads its resource use with wait4.
# Linux carries the parent's resident size into a child's peak across fork
# and exec, so the tools are not started from this process (which holds
# the reference totals): the spawner is a fresh, small Python (-S, no
# imports beyond os), and each tool's peak is then its own.
SPAWNER = """
import os, sys, time
cmd, err_path = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
actions = [
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
    (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
]
start = time.perf_counter()
pid = os.posix_spawn(cmd, args, os.environ, file_actions=actions)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
print(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, code)
"""


def child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """Run ``cmd``; its wall clock, CPU time, peak RSS in bytes, exit status and stderr."""
    with tempfile.NamedTemporaryFile(suffix=".err") as err:
        found = subprocess.run(
            [sys.executable, "-S", "-c", SPAWNER, cmd[0], err.name, *cmd],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        text = Path(err.name).read_text(encoding="utf-8", errors="replace")
    wall, cpu, rss, code = float(found[0]), float(found[1]), int(found[2]), int(found[3])
    return wall, cpu, rss, code, text


def command(tool: str, table: Path, ind: Path, wts: Path, out: Path) -> list[str]:
    py = sys.executable
    rules = ["--indicators", str(ind), "--weights", str(wts)]
    if tool == "cli":
        return [py, "-m", "scoring", "batch", str(table), *rules, "-o", str(out)]
    if tool in ("json", "detail"):
        detail = ["--detail"] if tool == "detail" else []
        return [
            py,
            "-m",
            "scoring",
            "batch",
            str(table),
            *rules,
            "--format",
            "json",
            *detail,
            "-o",
            str(out),
        ]
    if tool == "exact":
        # NumPy made unimportable, as on a machine without the fast extra.
        code = (
            "import sys; sys.modules['numpy'] = None; from scoring.cli import main; "
            "sys.exit(main(sys.argv[1:]))"
        )
        return [py, "-c", code, "batch", str(table), *rules, "--engine", "exact", "-o", str(out)]
    if tool == "api":
        return [py, str(HERE / "e2e" / "api.py"), str(table), str(ind), str(wts), str(out)]
    script = {"numpy": "numpy_script.py", "polars": "polars_query.py", "duckdb": "duckdb_query.py"}
    return [py, str(HERE / "e2e" / script[tool]), str(table), str(out)]


def csv_rows(path: Path) -> Iterator[list[str]]:
    # utf-8-sig: the command's CSV starts with a BOM (for Excel); the float tools' do not.
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.reader(f)


def json_totals(path: Path) -> Iterator[tuple[str, str]]:
    """(unit, total) of each row of a batch JSON document (one key a line, as written)."""
    unit = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            key = line.strip()
            if key.startswith('"unit": '):
                unit = key[len('"unit": "') : -2]
            elif key.startswith('"total": '):
                yield unit, key[len('"total": ') :].rstrip(",")


def cents(text: str) -> int:
    whole, _, part = text.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole or "0")) * 100 + int((part + "00")[:2]))


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def check(runs: dict[str, Run], reference: Run) -> dict[str, str]:
    """Each output against the command's: the same header and units, and its totals."""
    assert reference.output is not None
    ref_rows = csv_rows(reference.output)
    header = next(ref_rows)
    at_unit, at_total = header.index("unit"), header.index("total")
    ref = [(r[at_unit], cents(r[at_total])) for r in ref_rows]
    notes: dict[str, str] = {}
    ref_digest = digest(reference.output)
    for tool, run in runs.items():
        if run is reference or run.output is None:
            continue
        if tool in ("json", "detail"):
            got = [(u, cents(t)) for u, t in json_totals(run.output)]
        else:
            rows = csv_rows(run.output)
            if next(rows) != header:
                notes[tool] = "WRONG HEADER"
                continue
            got = [(r[at_unit], cents(r[at_total])) for r in rows]
        want = ref[: len(got)] if tool in ("exact", "detail") else ref
        if len(got) != len(want) or any(a[0] != b[0] for a, b in zip(got, want, strict=True)):
            notes[tool] = "WRONG ROWS"
            continue
        off = sum(a[1] != b[1] for a, b in zip(got, want, strict=True))
        if tool in ("api", "json", "detail", "exact"):
            same = tool != "api" or digest(run.output) == ref_digest
            notes[tool] = (
                "same totals" + (", same bytes" if tool == "api" else "")
                if off == 0 and same
                else f"DIFFERS ({off} totals)"
            )
        else:
            notes[tool] = f"{off:,} of {len(got):,} totals off by a cent or more"
    return notes


def bench_size(
    rows: int, tools: list[str], *, repeat: int, exact_rows: int, cache: Path, env: dict[str, str]
) -> dict[str, Run]:
    items = synthetic.specs(40)
    cache.mkdir(parents=True, exist_ok=True)
    table = cache / f"table-{rows}.csv"
    if not table.exists():
        started = time.perf_counter()
        partial = table.with_suffix(".part")
        synthetic.write_table_csv(str(partial), items, rows)
        partial.rename(table)
        print(f"  (generated {table.name} in {time.perf_counter() - started:.1f} s)")
    ind, wts = cache / "ind.yaml", cache / "wts.yaml"
    ind.write_text(synthetic.indicators_yaml(items), encoding="utf-8")
    wts.write_text(synthetic.weights_yaml(items), encoding="utf-8")
    exact_table = cache / f"table-{rows}-first-{exact_rows}.csv"
    if {"exact", "detail"} & set(tools) and not exact_table.exists():
        with open(table, encoding="utf-8") as src, open(exact_table, "w", encoding="utf-8") as dst:
            for _, line in zip(range(min(rows, exact_rows) + 1), src, strict=False):
                dst.write(line)
    size = table.stat().st_size
    print(
        f"\n{rows:,} unit-years x {len(items)} indicators ({size / 1e6:,.0f} MB of CSV), "
        f"{load_average()}"
    )
    out_dir = Path(tempfile.mkdtemp(prefix="e2e-", dir=cache))
    runs = {t: Run(t) for t in tools}
    for rep in range(repeat):
        for tool in tools:
            run = runs[tool]
            slow = tool in ("exact", "detail")
            source = exact_table if slow else table
            out = out_dir / f"{tool}.{'json' if tool in ('json', 'detail') else 'csv'}"
            wall, cpu, rss, code, err = child(command(tool, source, ind, wts, out), env)
            if code != 0:
                print(f"  {tool}: exit status {code}\n{err[-2000:]}")
                raise SystemExit(1)
            run.walls.append(wall)
            run.cpus.append(cpu)
            run.rss = max(run.rss, rss)
            run.rows = min(rows, exact_rows) if slow else rows
            run.output = out
            if rep == 0 and rows >= 1_000_000:
                print(f"  {tool:7} {wall:8.2f} s", flush=True)
    notes = check(runs, runs["cli"]) if "cli" in runs else {}
    base = runs["cli"].wall if "cli" in runs else None
    print(
        f"  {'tool':7} {'seconds':>8} {'CPU s':>7} {'x cli':>6} {'peak MB':>8} "
        f"{'rows/s':>10} {'rows/s/GB':>10}  check"
    )
    for tool, run in runs.items():
        ratio = f"{run.wall / base:6.2f}" if base and tool not in ("exact", "detail") else "     -"
        per_gb = run.rows / run.wall / (run.rss / GB)
        print(
            f"  {tool:7} {run.wall:8.2f} {run.cpu:7.2f} {ratio} {run.rss / 1e6:8.0f} "
            f"{run.rows / run.wall:10,.0f} {per_gb:10,.0f}  {notes.get(tool, '(reference)')}"
        )
    for out in out_dir.iterdir():
        out.unlink()
    out_dir.rmdir()
    return runs


def goals(results: dict[int, dict[str, Run]]) -> list[tuple[str, bool, str]]:
    found = []
    for rows, runs in sorted(results.items()):
        cli = runs.get("cli")
        if cli is None:
            continue
        if rows >= 100_000 and "numpy" in runs:
            r = cli.wall / runs["numpy"].wall
            found.append((f"{rows:,} rows: batch no slower than NumPy", r <= 1.0, f"{r:.2f}x"))
        if rows >= 100_000 and "polars" in runs:
            r = cli.wall / runs["polars"].wall
            found.append((f"{rows:,} rows: batch at most 2x polars", r <= 2.0, f"{r:.2f}x"))
        if rows >= 1_000_000:
            gb = cli.rss / GB
            found.append((f"{rows:,} rows: peak memory at most 1.5 GB", gb <= 1.5, f"{gb:.2f} GB"))
        if "json" in runs:
            r = runs["json"].wall / cli.wall
            found.append((f"{rows:,} rows: JSON within 1.5x CSV", r <= 1.5, f"{r:.2f}x"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument("--repeat", type=int, help="runs of each tool (3 below 10^6 rows, else 1)")
    parser.add_argument("--exact-rows", type=int, default=2_000, help="rows for the exact engine")
    parser.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="the scoring source tree to run (another checkout's src/, to compare)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "scoring-bench",
        help="where the generated tables are kept between runs",
    )
    args = parser.parse_args()
    tools = []
    for tool in args.tools:
        module = NEEDS.get(tool)
        if module and not available(module):
            print(f"note: {tool} skipped: {module} is not installed (pip install '.[bench]')")
        else:
            tools.append(tool)
    versions = [f"Python {sys.version.split()[0]}"]
    for module in ("numpy", "polars", "duckdb"):
        if available(module):
            versions.append(f"{module} {importlib.metadata.version(module)}")
    print(f"end to end: {', '.join(versions)}; {load_average()}; scoring from {args.src}")
    # Bytecode cached, as for an installed package; the cache in a temporary folder.
    pycache = tempfile.TemporaryDirectory()
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()), PYTHONPYCACHEPREFIX=pycache.name)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Compiled once before any run is timed, as an installed package is: otherwise the
    # first tool run (scoring batch) pays for compiling every module the others import.
    warm = [m for m in ("numpy", "polars", "duckdb") if available(m)]
    warm += [
        "scoring.cli",
        "scoring.cli.batch",
        "scoring.batch.columnar",
        "scoring.files.csv_parts",
    ]
    warm += ["scoring.rendering.batch", "scoring.batch.detail", "scoring.files.csv_native"]
    subprocess.run([sys.executable, "-c", f"import {', '.join(warm)}"], env=env, check=True)
    results = {}
    for rows in args.rows:
        repeat = args.repeat or (3 if rows < 1_000_000 else 1)
        results[rows] = bench_size(
            rows, tools, repeat=repeat, exact_rows=args.exact_rows, cache=args.cache, env=env
        )
    found = goals(results)
    if found:
        print()
    for name, met, figure in found:
        print(f"  goal: {name}: {figure} -> {'MET' if met else 'MISSED'}")
    for runs in results.values():
        if "exact" in runs:
            run = runs["exact"]
            print(
                f"  exact engine without NumPy: {run.rows * 40 / run.wall:,.0f} indicator rows/s "
                f"({run.rows:,} rows in {run.wall:.2f} s, start-up included)"
            )
    print(f"\ndone; {load_average()}")
    pycache.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
