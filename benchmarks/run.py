"""Print the benchmark figures and the goals they are held against.

    python benchmarks/run.py            # the full sizes (a few minutes)
    python benchmarks/run.py --quick    # smaller sizes, same shapes (under a minute)

These print figures; they are not timed tests and assert nothing except
that the engines agree. See docs/benchmarks.md for what each one measures.
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from unittest import mock

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit as audit_bench  # noqa: E402
import synthetic  # noqa: E402

from scoring import check, load_case, score  # noqa: E402
from scoring.analysis.sensitivity import sensitivity as weight_sensitivity  # noqa: E402
from scoring.analysis.weight_draws import total_under_weights  # noqa: E402
from scoring.batch import Scored, score_table  # noqa: E402
from scoring.batch.frames import score_frame  # noqa: E402
from scoring.core.numbers import mul, round_half_up  # noqa: E402
from scoring.files.tables import FactTable, Rules, load_rules, read_csv  # noqa: E402

GOALS: list[tuple[str, bool, str]] = []


def goal(name: str, met: bool, figure: str) -> None:
    GOALS.append((name, met, figure))
    print(f"  goal: {name}: {figure} -> {'MET' if met else 'MISSED'}")


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """The best of ``repeat`` wall-clock times of ``fn()``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def rate(rows: int, per_row: int, seconds: float) -> str:
    return f"{rows * per_row / seconds:>14,.0f} indicator rows/s"


# --------------------------------------------------------------------------- 1 throughput


def baseline_totals(cols: dict[str, np.ndarray], items: list[synthetic.Spec]) -> np.ndarray:
    """What an analyst would write: the same rules in NumPy floats, rounded half-up per row."""
    total = np.zeros(len(next(iter(cols.values()))))
    for s in items:
        v = cols[f"{s.id}_a"] / cols[f"{s.id}_b"] * 100 if s.formula else cols[s.id]
        p, t = float(s.points), s.target
        if s.kind == "proportional":
            pts = np.where(v >= t, 1.0, np.clip(v / t, 0, 1)) * p
        elif s.kind == "reverse_ratio":
            pts = np.where(v <= t, 1.0, np.clip(t / v, 0, 1)) * p
        elif s.kind == "reverse_linear":
            pts = np.where(v <= t, 1.0, np.clip(1 - (v - t) / t, 0, 1)) * p
        elif s.kind == "budget_execution":
            pts = np.clip(v / 100, 0, 1) * p
        elif s.kind.startswith("deduction"):
            excess = v - t
            if s.kind.endswith("started"):
                excess = np.ceil(excess)
            elif s.kind.endswith("whole"):
                excess = np.floor(excess)
            pts = np.where(excess <= 0, p, p - np.minimum(p, excess * 0.5))
        else:
            pts = np.select([v >= 90, v >= 80, v >= 70, v >= 60], [p, 0.8 * p, 0.6 * p, 0.4 * p])
        total += np.floor(pts * 100 + 0.5) / 100
    return total


def synthetic_rules(items: list[synthetic.Spec]) -> Rules:
    """The synthetic indicators and weights, written to files and loaded as a user would."""
    with tempfile.TemporaryDirectory() as tmp:
        ind = Path(tmp) / "ind.yaml"
        wts = Path(tmp) / "wts.yaml"
        ind.write_text(synthetic.indicators_yaml(items), encoding="utf-8")
        wts.write_text(synthetic.weights_yaml(items), encoding="utf-8")
        return load_rules([str(ind)], str(wts))


def throughput(rows: int, sample: int) -> None:
    print(f"\n1. Throughput: {rows:,} unit-years x 40 indicators of mixed rules")
    items = synthetic.specs(40)
    rules = synthetic_rules(items)
    text = synthetic.table_csv(items, rows)
    names = [n for s in items for n in s.facts]
    n_ind = len(items)

    load_base, arr = timed(
        lambda: np.loadtxt(
            io.StringIO(text), delimiter=",", skiprows=1, usecols=range(2, 2 + len(names))
        )
    )
    assert isinstance(arr, np.ndarray)
    cols = {name: arr[:, k] for k, name in enumerate(names)}
    score_base, base_totals = timed(lambda: baseline_totals(cols, items), repeat=3)

    load_ours, table = timed(lambda: read_csv(text, "synthetic.csv"))
    assert isinstance(table, FactTable)
    score_ours, result = timed(
        lambda: score_table(rules.indicators, rules.weights, table, engine="columnar")
    )

    facts = [table.facts(i) for i in range(min(sample, rows))]
    one_time, cards = timed(lambda: [score(rules.indicators, rules.weights, f) for f in facts])
    assert isinstance(cards, list)
    one_per_row = one_time / len(facts)

    outcomes = result.outcomes  # type: ignore[attr-defined]
    assert all(isinstance(o, Scored) for o in outcomes), "a synthetic row failed"
    for card, o in zip(cards, outcomes, strict=False):
        assert card.total == o.total, f"row {o.head.number}: {card.total} != {o.total}"
    ours = np.array([o.total_units for o in outcomes], dtype=np.int64)
    differ = int(np.sum(np.rint(base_totals * 100).astype(np.int64) != ours))

    print(f"  one-unit engine  (score only, {len(facts)} rows timed, extrapolated):")
    print(f"    {rate(1, n_ind, one_per_row)}   ~{one_per_row * rows:8.1f} s for all rows")
    print("  batch engine (columnar):")
    print(f"    score only     {rate(rows, n_ind, score_ours)}   {score_ours:8.3f} s")
    print(
        f"    read + score   {rate(rows, n_ind, load_ours + score_ours)}   "
        f"{load_ours + score_ours:8.3f} s (read_csv {load_ours:.3f} s)"
    )
    print("  NumPy baseline (hand-written, floats):")
    print(f"    score only     {rate(rows, n_ind, score_base)}   {score_base:8.3f} s")
    print(
        f"    read + score   {rate(rows, n_ind, load_base + score_base)}   "
        f"{load_base + score_base:8.3f} s (np.loadtxt {load_base:.3f} s)"
    )
    ratio_score = score_base / score_ours
    ratio_all = (load_base + score_base) / (load_ours + score_ours)
    print(
        f"  ratios: batch / baseline speed: score only {ratio_score:.2f}, "
        f"read + score {ratio_all:.2f}; batch / one-unit: {one_per_row * rows / score_ours:,.0f}x"
    )
    print(
        f"  exactness: batch totals equal the one-unit engine's on all {len(facts)} rows "
        f"compared; the float baseline's total is off by a cent or more on {differ:,} of "
        f"{rows:,} rows"
    )
    goal(
        "batch engine at least half as fast as the NumPy baseline (read + score)",
        ratio_all >= 0.5,
        f"{ratio_all:.2f}x",
    )


# --------------------------------------------------------------------------- 2 sensitivity


def sensitivity(draws: int) -> None:
    print(f"\n2. Weight sensitivity: {draws:,} seeded weight draws for one unit-year")
    case = load_case(ROOT / "examples" / "yueyang-education-2023.yaml")
    card = score(case.indicators, case.weights, case.facts)
    shares = [row.share for row in card.rows]
    base = np.array([int(row.max_points * 100) for row in card.rows], dtype=np.int64)

    def draw() -> np.ndarray:
        # Each row's points times a factor in [0.8, 1.2], rescaled to 100.00 in hundredths.
        rng = np.random.default_rng(6)
        raw = base * rng.uniform(0.8, 1.2, size=(draws, base.size))
        w = np.floor(raw / raw.sum(axis=1, keepdims=True) * 10000).astype(np.int64)
        w[:, 0] += 10000 - w.sum(axis=1)
        return w

    t_draw, w = timed(draw, repeat=3)
    assert isinstance(w, np.ndarray)
    t_eval, totals = timed(lambda: total_under_weights(shares, w, 2, 2), repeat=3)
    assert isinstance(totals, np.ndarray)
    for k in (0, draws // 2, draws - 1):  # spot-check three draws against Decimal
        exact = sum(
            (
                round_half_up(mul(s, Decimal(int(p)).scaleb(-2)), 2)
                for s, p in zip(shares, w[k], strict=True)
            ),
            Decimal(0),
        )
        assert exact == Decimal(int(totals[k])).scaleb(-2), (k, exact, totals[k])
    lo, hi = totals.min() / 100, totals.max() / 100
    print(f"  draw weights   {t_draw:8.4f} s")
    print(
        f"  totals         {t_eval:8.4f} s  (weight_draws.total_under_weights; totals {lo}..{hi})"
    )
    goal(f"{draws:,} draws under 0.2 s", t_draw + t_eval < 0.2, f"{t_draw + t_eval:.4f} s")
    t_report, _ = timed(
        lambda: weight_sensitivity(card, grades=case.weights.grades, draws=draws, seed=6), repeat=3
    )
    print(
        f"  the sensitivity report, scoring.analysis.sensitivity.sensitivity (NumPy fast path, "
        f"one-at-a-time in Decimal too): {t_report:.3f} s"
    )
    goal(f"sensitivity report, {draws:,} draws under 0.2 s", t_report < 0.2, f"{t_report:.3f} s")
    with mock.patch("scoring.analysis.sensitivity._fast_totals", return_value=None):
        t_exact, _ = timed(
            lambda: weight_sensitivity(card, grades=case.weights.grades, draws=draws, seed=6)
        )
    print(f"  the same in Decimal only (as without NumPy): {t_exact:.3f} s")


# --------------------------------------------------------------------------- 3 start-up


def startup(repeat: int) -> None:
    print(f"\n3. Start-up: the Quickstart command against bare Python, median of {repeat}")
    # Bytecode cached, as for an installed package (pip compiles on install):
    # with PYTHONDONTWRITEBYTECODE set, every run would compile the sources
    # again and time the compiler. The cache goes to a temporary folder, not
    # into the source tree; one untimed run of each command fills it.
    # Both run without site (-S), with PyYAML's folder on the path: a site's .pth
    # files can import much more than a fresh venv's (this machine's system Python
    # imports certifi, 27 ms, on every start), which would count in the bare
    # figure and make the ratio look better than a user's in a clean venv.
    cache = tempfile.TemporaryDirectory()
    yaml_dir = str(Path(yaml.__file__).resolve().parent.parent)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), yaml_dir]),
        PYTHONPYCACHEPREFIX=cache.name,
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_cmd = [sys.executable, "-S", "-c", "import yaml"]
    score_cmd = [
        sys.executable,
        "-S",
        "-m",
        "scoring",
        "score",
        "examples/yueyang-education-2023.yaml",
    ]

    cpu: dict[str, list[float]] = {"bare": [], "score": []}

    def run(cmd: list[str], name: str = "") -> float:
        # Wall clock, and the child's CPU time (user + system), which a busy
        # machine inflates far less than the wall clock.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if name:
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpu[name].append(used)
        return wall

    run(bare_cmd), run(score_cmd)
    bare, scored = [], []
    for _ in range(repeat):  # interleaved, so that machine load hits both alike
        bare.append(run(bare_cmd, "bare"))
        scored.append(run(score_cmd, "score"))
    cache.cleanup()
    b, s = statistics.median(bare), statistics.median(scored)
    print(f"  python -S -c 'import yaml'          {b * 1000:7.1f} ms")
    print(f"  python -S -m scoring score EXAMPLE  {s * 1000:7.1f} ms")
    cb, cs = statistics.median(cpu["bare"]), statistics.median(cpu["score"])
    print(
        f"  CPU time (user + system): {cb * 1000:.1f} ms and {cs * 1000:.1f} ms, "
        f"+{(cs - cb) * 1000:.1f} ms"
    )
    print(f"  ratios: {s / b:.2f}x wall clock, {cs / cb:.2f}x CPU time")
    goal("the scoring command adds under 100 ms", s - b < 0.1, f"+{(s - b) * 1000:.1f} ms")
    goal("the scoring command within 2.0x import yaml (issue 18)", s / b <= 2.0, f"{s / b:.2f}x")


# --------------------------------------------------------------------------- 4 loading


def loading(counts: Sequence[int], repeat: int) -> None:
    print(
        f"\n4. Loading: indicator files of {', '.join(f'{c:,}' for c in counts)} indicators,"
        f" loaded and validated, best of {repeat}; CPU time beside a bare libyaml event parse"
    )
    per_indicator: dict[int, float] = {}
    for count in counts:
        items = synthetic.specs(count)
        with tempfile.TemporaryDirectory() as tmp:
            ind = Path(tmp) / "ind.yaml"
            wts = Path(tmp) / "wts.yaml"
            ind.write_text(synthetic.indicators_yaml(items), encoding="utf-8")
            wts.write_text(synthetic.weights_yaml(items), encoding="utf-8")

            load = functools.partial(_load_and_check, ind, wts)
            parse = functools.partial(_parse_events, (ind, wts))
            seconds, loaded = timed(load, repeat=repeat)
            cpu = min(_cpu(load) for _ in range(repeat))
            floor = min(_cpu(parse) for _ in range(repeat))
            size = ind.stat().st_size
        per_indicator[count] = cpu / count
        print(
            f"  {loaded:,} indicators ({size / 1024:,.0f} KiB) + weights: {seconds:.3f} s wall,"
            f" {cpu:.3f} s CPU; the event parse {floor:.3f} s CPU: {cpu / floor:.1f}x"
        )
        if count == 1_000:
            goal(
                "1,000 indicators load and validate under 0.3 s", seconds < 0.3, f"{seconds:.3f} s"
            )
        if count == 10_000:
            goal(
                "10,000 indicators load and validate within 4x the event parse (issue 18)",
                cpu / floor <= 4,
                f"{cpu / floor:.1f}x",
            )
    if len(per_indicator) > 1:
        small, large = min(per_indicator), max(per_indicator)
        print(
            f"  CPU time an indicator: {per_indicator[small] * 1e6:.0f} us at {small:,},"
            f" {per_indicator[large] * 1e6:.0f} us at {large:,}"
            f" ({per_indicator[large] / per_indicator[small]:.2f}x; 1 is linear)"
        )


def _load_and_check(ind: Path, wts: Path) -> int:
    rules = load_rules([str(ind)], str(wts))
    problems = check(rules.indicators, rules.weights)
    assert not problems, problems[0].line()
    return len(rules.indicators)


def _parse_events(paths: Sequence[Path]) -> None:
    """The floor: libyaml's events for the files, nothing built from them."""
    for path in paths:
        for _ in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            pass


def _cpu(fn: Callable[[], object]) -> float:
    """The CPU time (user + system) of one call of ``fn``, the collector run first."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


# --------------------------------------------------------------------------- 5 frames


def synthetic_frame(lib: str, rows: int) -> object:
    """The synthetic table of the throughput benchmark as a pandas or polars DataFrame."""
    text = synthetic.table_csv(synthetic.specs(40), rows)
    if lib == "pandas":
        import pandas as pd  # noqa: PLC0415

        return pd.read_csv(io.StringIO(text))
    import polars as pl  # noqa: PLC0415

    return pl.read_csv(io.StringIO(text))


def _kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def frames_memory(rows: int, lib: str) -> None:
    """In a child process: resident memory with the frame built, and its peak while scoring."""
    rules = synthetic_rules(synthetic.specs(40))
    frame = synthetic_frame(lib, rows)
    gc.collect()
    before = _kib("VmRSS")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")  # the peak (VmHWM) starts again from here
    score_frame(frame, indicators=rules.indicators, weights=rules.weights, engine="columnar")
    print(json.dumps({"before_kib": before, "peak_kib": _kib("VmHWM")}))


def frames(rows: int, sample: int) -> None:
    print(f"\n5. DataFrames: score_frame on {rows:,} unit-years x 40 indicators")
    items = synthetic.specs(40)
    rules = synthetic_rules(items)
    n_ind = len(items)
    text = synthetic.table_csv(items, rows)
    csv_time, result = timed(
        lambda: score_table(rules.indicators, rules.weights, read_csv(text), engine="columnar")
    )
    assert not isinstance(result, type(None))
    expected = [o.total_units / 100 for o in result.outcomes]  # type: ignore[attr-defined]
    print(f"  read_csv + score_table  {rate(rows, n_ind, csv_time)}   {csv_time:8.3f} s")
    slowest = 0.0
    for lib in ("pandas", "polars"):
        frame = synthetic_frame(lib, rows)
        seconds, out = timed(
            lambda f=frame: score_frame(  # type: ignore[misc]
                f, indicators=rules.indicators, weights=rules.weights, engine="columnar"
            ),
            repeat=3,
        )
        assert list(out["total"]) == expected, f"{lib}: score_frame differs from score_table"  # type: ignore[index]
        slowest = max(slowest, seconds)
        print(f"  {lib:<7} wide, columnar {rate(rows, n_ind, seconds)}   {seconds:8.3f} s")
        head = frame.head(sample)  # type: ignore[attr-defined]
        long_time, _ = timed(
            lambda h=head: score_frame(  # type: ignore[misc]
                h, indicators=rules.indicators, weights=rules.weights, detail="long"
            )
        )
        print(
            f"  {lib:<7} long ({sample:,} rows) {rate(sample, n_ind, long_time)}   "
            f"~{long_time / sample * rows:8.1f} s for all rows"
        )
    print("  memory (peak resident growth while scoring, wide, columnar; a child process each):")
    for lib in ("pandas", "polars"):
        for size in (rows // 4, rows // 2, rows):
            child = subprocess.run(
                [sys.executable, __file__, "--frames-memory", str(size), lib],
                check=True,
                capture_output=True,
                text=True,
            )
            got = json.loads(child.stdout)
            growth = (got["peak_kib"] - got["before_kib"]) / 1024
            print(
                f"    {lib:<7} {size:>8,} unit-years: frame and interpreter "
                f"{got['before_kib'] / 1024:7.1f} MiB, + {growth:6.1f} MiB while scoring "
                f"({growth * 1024 * 1024 / size / n_ind:5.0f} bytes per indicator row)"
            )
    goal(
        "score_frame (wide) at least as fast as reading the same table's CSV and scoring it",
        slowest <= csv_time,
        f"{slowest:.3f} s against {csv_time:.3f} s",
    )


# --------------------------------------------------------------------------- 6 audit


def audit(count: int, xlsx_count: int) -> None:
    print(
        f"\n6. Audit: scoring audit of {count:,} sheets of {audit_bench.ROWS} rows (CSV), one core"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "csv").mkdir()
        (Path(tmp) / "xlsx").mkdir()
        seconds = audit_bench.run("csv", count, Path(tmp) / "csv")
        per_1000 = seconds / count * 1000
        goal(
            f"1,000 sheets audited under {audit_bench.GOAL_SECONDS:.0f} s",
            per_1000 < audit_bench.GOAL_SECONDS,
            f"{per_1000:.1f} s for 1,000 sheets",
        )
        audit_bench.run("xlsx", xlsx_count, Path(tmp) / "xlsx")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, same shapes")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["throughput", "sensitivity", "startup", "loading", "frames", "audit"],
        help="run only these benchmarks",
    )
    parser.add_argument("--frames-memory", nargs=2, metavar=("ROWS", "LIB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.frames_memory:
        frames_memory(int(args.frames_memory[0]), args.frames_memory[1])
        return 0
    only = set(args.only or ["throughput", "sensitivity", "startup", "loading", "frames", "audit"])
    rows = 10_000 if args.quick else 100_000
    print(
        f"scoring benchmarks ({'quick' if args.quick else 'full'}), Python "
        f"{sys.version.split()[0]}, NumPy {np.__version__}, {os.cpu_count()} CPUs"
    )
    if "throughput" in only:
        throughput(rows, sample=100 if args.quick else 300)
    if "sensitivity" in only:
        sensitivity(10_000)
    if "startup" in only:
        startup(5 if args.quick else 11)
    if "loading" in only:
        loading((1_000, 10_000), 3)
    if "frames" in only:
        frames(rows, sample=100 if args.quick else 1_000)
    if "audit" in only:
        audit(100 if args.quick else 1_000, 20 if args.quick else 100)
    missed = [name for name, met, _ in GOALS if not met]
    print(
        f"\n{len(GOALS) - len(missed)} of {len(GOALS)} goals met"
        + (": missed " + "; ".join(missed) if missed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
