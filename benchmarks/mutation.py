"""Mutation testing of the scoring core: would the tests notice a small change?

    python benchmarks/mutation.py                     # every module below
    python benchmarks/mutation.py --module numbers    # one of them
    python benchmarks/mutation.py --list              # the mutants, not run
    python benchmarks/mutation.py --jobs 2 --show-survivors

Each mutant is one small change to one module (``<`` for ``<=``, ``+`` for
``-``, ``and`` for ``or``, a number plus one, ``min`` for ``max``, a call or
``raise`` statement left out, a condition negated). The driver first runs the
test selection once under a line tracer, to learn which tests run which
lines; then, for each mutant, it forks, loads the mutated module in place of
the real one (the files are never touched), and runs only the tests of the
focused selection (FOCUS: the core's tests) that ran the mutated line, fastest
first, stopping at the first failure. A failing
test, an error or a timeout kills the mutant; a mutant whose line no test runs
survives without a run.

Text is never mutated (docstrings, messages, f-strings, annotations,
asserts): the figures are about behaviour. Mutants that cannot change
behaviour are listed, with the reason, in ``benchmarks/equivalent_mutants.txt``
and left out of the score. Not run in CI: a full run takes tens of minutes.
See docs/mutation.md.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "scoring"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent_mutants.txt"

# Module name -> where it may live (the layered layout first, then the flat one).
MODULES: dict[str, tuple[str, ...]] = {
    "rules": ("core/rules", "rules"),
    "engine": ("core/engine.py", "engine.py"),
    "numbers": ("core/numbers.py", "numbers.py"),
    "formula": ("core/formula.py", "formula.py"),
    "settings": ("core/settings.py", "settings.py"),
}
# The focused test selection: the tests of the core. A mutant runs those of
# them that reach its line (tests of the layers above would only repeat them,
# slowly).
FOCUS = (
    "test_rules.py",
    "test_rules_more.py",
    "test_paths.py",
    "test_published.py",
    "test_properties.py",
    "test_engine.py",
    "test_settings.py",
    "test_formula.py",
    "test_formula_leaves.py",
    "test_numbers.py",
    "test_doctests.py",
    "test_coefficient.py",
    "test_over_deduction.py",
    "test_precision.py",
    "test_budget_basis.py",
    "test_units_combined.py",
    "test_total_cap.py",
    "test_exact_rounding.py",
    "test_reason_threshold.py",
    "test_informational.py",
    "test_weights_sanity.py",
    "test_engine_paths.py",
    "test_rules_refused.py",
    "test_named_rules.py",
    "test_rule_words.py",
    "test_number_parser.py",
    "test_sheet_numbers.py",
    "test_number_bounds.py",
)
# Tests that start other processes or time the start-up: they cannot see a
# mutant loaded in this process and only cost time.
EXCLUDED_TESTS = ("test_startup.py", "test_quickstart.py")

SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.Mult,
    ast.And: ast.Or,
    ast.Or: ast.And,
}
CALL_SWAPS = {"min": "max", "max": "min", "any": "all", "all": "any"}


@dataclass(frozen=True)
class Mutant:
    """One change: ``key`` names it stably (no line numbers), ``index`` finds it again."""

    module: str
    file: Path
    dotted: str
    index: int
    line: int
    end_line: int
    called: bool
    key: str
    what: str


# --------------------------------------------------------------------------- finding mutants


def _textual(node: ast.AST) -> Iterator[ast.AST]:
    """Nodes that are text or typing, never mutated."""
    for child in ast.walk(node):
        if isinstance(child, ast.JoinedStr | ast.Assert):
            yield from ast.walk(child)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            for arg in [*child.args.args, *child.args.kwonlyargs, *child.args.posonlyargs]:
                if arg.annotation is not None:
                    yield from ast.walk(arg.annotation)
            if child.returns is not None:
                yield from ast.walk(child.returns)
        elif isinstance(child, ast.AnnAssign):
            yield from ast.walk(child.annotation)
        elif (isinstance(child, ast.If) and _is_type_checking(child.test)) or (
            isinstance(child, ast.Call) and _call_name(child) in {"TypeVar", "cast"}
        ):
            yield from ast.walk(child)


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _candidates(tree: ast.Module) -> Iterator[tuple[ast.AST, str, str]]:
    """Every place to mutate in walk order: (node, what, how), ``how`` naming the change."""
    skip = {id(n) for n in _textual(tree)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in SWAPS:
                    yield node, f"op{k}", f"{type(op).__name__}->{SWAPS[type(op)].__name__}"
        elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in SWAPS:
            sides = [node.left, node.right] if isinstance(node, ast.BinOp) else [node.value]
            if not any(_is_text(s) for s in sides):
                yield node, "op", f"{type(node.op).__name__}->{SWAPS[type(node.op)].__name__}"
        elif isinstance(node, ast.BoolOp):
            yield node, "op", f"{type(node.op).__name__}->{SWAPS[type(node.op)].__name__}"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
            yield node, "drop", f"drop-{type(node.op).__name__}"
        elif isinstance(node, ast.Constant) and type(node.value) in (int, bool):
            yield node, "value", f"{node.value!r}->{_changed(node.value)!r}"
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if isinstance(node.func, ast.Name) and name in CALL_SWAPS:
                yield node, "call", f"{name}->{CALL_SWAPS[name]}"
            if name == "Decimal" and node.args and _decimal_text(node.args[0]):
                yield node, "decimal", "Decimal+1"
        elif isinstance(node, ast.If | ast.While | ast.IfExp):
            if not isinstance(node.test, ast.Compare | ast.BoolOp | ast.UnaryOp):
                yield node, "negate", "negate"
        elif isinstance(node, ast.Raise) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        ):
            yield node, "delete", f"delete-{type(node).__name__}"


def _decimal_text(arg: ast.expr) -> bool:
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        return False
    try:
        float(arg.value)
    except ValueError:
        return False
    return True


def _changed(value: int | bool) -> int | bool:
    if isinstance(value, bool):
        return not value
    return value + 1


def _apply(node: ast.AST, what: str) -> None:
    """Mutate ``node`` in place."""
    if isinstance(node, ast.Compare) and what.startswith("op"):
        k = int(what[2:])
        node.ops[k] = SWAPS[type(node.ops[k])]()
    elif what == "op":
        assert isinstance(node, ast.BinOp | ast.AugAssign | ast.BoolOp)
        node.op = SWAPS[type(node.op)]()
    elif what == "drop":
        # -x becomes +x; not x becomes not not x (x as a truth value).
        assert isinstance(node, ast.UnaryOp)
        if isinstance(node.op, ast.USub):
            node.op = ast.UAdd()
        else:
            node.operand = ast.UnaryOp(ast.Not(), node.operand)
    elif what == "value":
        assert isinstance(node, ast.Constant)
        node.value = _changed(node.value)
    elif what == "call":
        assert isinstance(node, ast.Call)
        assert isinstance(node.func, ast.Name)
        node.func.id = CALL_SWAPS[node.func.id]
    elif what == "decimal":
        assert isinstance(node, ast.Call)
        arg = node.args[0]
        assert isinstance(arg, ast.Constant)
        node.args[0] = ast.BinOp(
            ast.Call(ast.Name("Decimal", ast.Load()), [arg], []),
            ast.Add(),
            ast.Constant(1),
        )
    elif what == "negate":
        assert isinstance(node, ast.If | ast.While | ast.IfExp)
        node.test = ast.UnaryOp(ast.Not(), node.test)
    elif what == "delete":
        node.__class__ = ast.Pass
        for name in list(node._fields):
            delattr(node, name)
    ast.fix_missing_locations(node)


def _qualnames(tree: ast.Module) -> dict[int, tuple[str, bool]]:
    """Each node's enclosing function or class, dotted, and whether it runs in a call.

    A node outside every function body (a constant, a class attribute, a
    default argument) runs at import.
    """
    names: dict[int, tuple[str, bool]] = {}

    def visit(node: ast.AST, prefix: str, called: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner, inside = prefix, called
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and child in node.body:
                inside = True
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{prefix}.{child.name}" if prefix else child.name
            names[id(child)] = (inner or "<module>", inside)
            visit(child, inner, inside)

    visit(tree, "", False)
    return names


def module_files(module: str) -> list[Path]:
    for place in MODULES[module]:
        path = PACKAGE / place
        if path.is_dir():
            return sorted(p for p in path.glob("*.py") if p.name != "__init__.py")
        if path.is_file():
            return [path]
    raise SystemExit(f"mutation: module {module!r} not found under {PACKAGE}")


def mutants(module: str) -> list[Mutant]:
    found = []
    for path in module_files(module):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _qualnames(tree)
        dotted = ".".join(path.relative_to(SRC).with_suffix("").parts)
        seen: Counter[str] = Counter()
        for index, (node, _what, how) in enumerate(_candidates(tree)):
            qualname, called = names.get(id(node), ("<module>", False))
            where = f"{path.name}:{qualname}:{how}"
            seen[where] += 1
            line = getattr(node, "lineno", 0)
            end = getattr(node, "end_lineno", line) or line
            key = f"{where}#{seen[where]}"
            found.append(Mutant(module, path, dotted, index, line, end, called, key, how))
    return found


def mutated_code(mutant: Mutant) -> object:
    tree = ast.parse(mutant.file.read_text(encoding="utf-8"))
    node, what, _ = list(_candidates(tree))[mutant.index]
    _apply(node, what)
    return compile(tree, str(mutant.file), "exec")


# --------------------------------------------------------------------------- running tests


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Loads one module from mutated code instead of its file."""

    def __init__(self, dotted: str, path: Path, code: object) -> None:
        self.dotted, self.path, self.code = dotted, path, code

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.dotted:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=str(self.path))

    def exec_module(self, module: ModuleType) -> None:
        module.__file__ = str(self.path)
        exec(self.code, module.__dict__)


def _pytest(args: list[str], plugins: list[object]) -> int:
    import pytest  # noqa: PLC0415

    os.chdir(ROOT)
    return int(
        pytest.main(
            [
                "-q",
                "-n",
                "0",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:randomly",
                "--rootdir",
                str(ROOT),
                *args,
            ],
            plugins=plugins,
        )
    )


def _quiet() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


class _Tracer:
    """A pytest plugin recording, for each test, the target lines it runs and its time."""

    def __init__(self, files: set[str]) -> None:
        self.files = files
        self.lines: set[tuple[str, int]] = set()
        self.by_test: dict[str, list[tuple[str, int]]] = {}
        self.seconds: dict[str, float] = {}
        self.failed: set[str] = set()

    def _global(self, frame: object, event: str, arg: object) -> object:
        code = frame.f_code  # type: ignore[attr-defined]
        if code.co_filename in self.files:
            self.lines.add((code.co_filename, frame.f_lineno))  # type: ignore[attr-defined]
            return self._local
        return None

    def _local(self, frame: object, event: str, arg: object) -> object:
        if event == "line":
            self.lines.add((frame.f_code.co_filename, frame.f_lineno))  # type: ignore[attr-defined]
        return self._local

    def pytest_runtest_protocol(self, item: object, nextitem: object) -> None:
        import threading  # noqa: PLC0415

        self.lines = set()
        sys.settrace(self._global)
        threading.settrace(self._global)  # type: ignore[arg-type]
        self._start = time.perf_counter()

    def pytest_runtest_logreport(self, report: object) -> None:
        if report.failed:  # type: ignore[attr-defined]
            self.failed.add(report.nodeid)  # type: ignore[attr-defined]

    def pytest_runtest_logfinish(self, nodeid: str, location: object) -> None:
        sys.settrace(None)
        self.seconds[nodeid] = time.perf_counter() - self._start
        # A test that fails on the real code would "kill" every mutant: leave it out.
        if nodeid not in self.failed:
            self.by_test[nodeid] = sorted(self.lines)


def _test_files() -> list[str]:
    return [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "tests").glob("test_*.py"))
        if p.name in FOCUS and p.name not in EXCLUDED_TESTS
    ]


def trace(files: set[str]) -> tuple[dict[str, list[tuple[str, int]]], dict[str, float]]:
    """Run the selection once in a child; which lines each test runs, and how long it takes.

    Kept in the temporary directory under a digest of the sources and tests,
    so that a second run on the same tree skips it.
    """
    digest = hashlib.sha256()
    for path in sorted([*SRC.rglob("*.py"), *(ROOT / "tests").glob("*.py")]):
        digest.update(path.read_bytes())
    digest.update("\n".join(sorted(files)).encode())
    digest.update("\n".join(_test_files()).encode())
    cache = Path(tempfile.gettempdir()) / f"scoring-mutation-{digest.hexdigest()[:16]}.json"
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return data["by_test"], data["seconds"]
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        pid = os.fork()
        if pid == 0:
            _quiet()
            os.environ["HYPOTHESIS_PROFILE"] = "mutation"
            tracer = _Tracer(files)
            _pytest(_test_files(), [tracer])
            data = {"by_test": tracer.by_test, "seconds": tracer.seconds}
            data["failed"] = sorted(tracer.failed)  # type: ignore[assignment]
            Path(out.name).write_text(json.dumps(data))
            os._exit(0)
        os.waitpid(pid, 0)
        data = json.loads(Path(out.name).read_text() or "{}")
    if not data:
        raise SystemExit("mutation: the tracing run failed; is the suite green?")
    if data["failed"]:
        print(f"mutation: left out, failing already: {', '.join(data['failed'])}", file=sys.stderr)
    cache.write_text(json.dumps(data), encoding="utf-8")
    return data["by_test"], data["seconds"]


def _start(mutant: Mutant, tests: list[str]) -> int:
    pid = os.fork()
    if pid == 0:
        _quiet()
        os.setpgid(0, 0)
        os.environ["HYPOTHESIS_PROFILE"] = "mutation"
        try:
            code = mutated_code(mutant)
            sys.meta_path.insert(0, _Finder(mutant.dotted, mutant.file, code))
            status = _pytest(["-x", *tests], [])
        except BaseException:
            os._exit(3)
        os._exit(0 if status == 0 else 1)
    return pid


@dataclass
class Result:
    mutant: Mutant
    outcome: str  # killed, survived, uncovered, timeout, equivalent
    seconds: float = 0.0
    tests: int = 0


@dataclass
class Plan:
    mutant: Mutant
    tests: list[str] = field(default_factory=list)
    budget: float = 0.0


def plan(
    found: list[Mutant],
    by_test: dict[str, list[tuple[str, int]]],
    seconds: dict[str, float],
    timeout: float,
) -> list[Plan]:
    """For each mutant, the tests that run its line (or its module, at import), fastest first."""
    runs: dict[tuple[str, int], list[str]] = {}
    per_file: dict[str, set[str]] = {}
    for test, lines in by_test.items():
        for file, line in lines:
            runs.setdefault((file, line), []).append(test)
            per_file.setdefault(file, set()).add(test)
    plans = []
    for mutant in found:
        file = str(mutant.file)
        tests = sorted(
            {t for n in range(mutant.line, mutant.end_line + 1) for t in runs.get((file, n), ())}
        )
        if not tests and not mutant.called:
            tests = sorted(per_file.get(file, ()))
        chosen = sorted(tests or (), key=lambda t: (seconds.get(t, 0), t))
        # A mutant that loops forever is killed by the clock, soon.
        budget = min(timeout + 2 * sum(seconds.get(t, 0) for t in chosen), 4 * timeout)
        plans.append(Plan(mutant, chosen, budget))
    return plans


def run(plans: list[Plan], jobs: int, equivalent: dict[str, str]) -> list[Result]:
    results: list[Result] = []
    waiting = list(plans)
    running: dict[int, tuple[Plan, float]] = {}
    while waiting or running:
        while waiting and len(running) < jobs:
            job = waiting.pop(0)
            if job.mutant.key in equivalent:
                results.append(Result(job.mutant, "equivalent"))
            elif not job.tests:
                results.append(Result(job.mutant, "uncovered"))
            else:
                running[_start(job.mutant, job.tests)] = (job, time.perf_counter())
        time.sleep(0.02)
        for pid, (job, started) in list(running.items()):
            took = time.perf_counter() - started
            done, status = os.waitpid(pid, os.WNOHANG)
            if done == 0 and took > job.budget:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                outcome = "timeout"
            elif done == 0:
                continue
            else:
                outcome = "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
            del running[pid]
            results.append(Result(job.mutant, outcome, took, len(job.tests)))
            _progress(len(results), len(plans))
    return sorted(results, key=lambda r: (r.mutant.module, str(r.mutant.file), r.mutant.index))


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)
    elif done % 25 == 0 or done == total:
        print(f"mutation: {done}/{total} run", file=sys.stderr, flush=True)


def read_equivalent() -> dict[str, str]:
    """Mutant keys set aside as equivalent, each with its reason (``key  # why``)."""
    found = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines() if EQUIVALENT.exists() else ():
        # A name holds '#' itself (…#1): the reason starts at the first ' #'.
        key, _, why = line.partition(" #")
        if key.strip() and not key.startswith("#"):
            found[key.strip()] = why.strip()
    return found


def report(results: list[Result], show: bool) -> list[str]:
    lines = [
        f"{'module':<10} {'mutants':>7} {'equiv.':>6} {'killed':>6} {'survived':>8}"
        f" {'uncovered':>9} {'score':>7}"
    ]
    for module in MODULES:
        mine = [r for r in results if r.mutant.module == module]
        if not mine:
            continue
        count = Counter(r.outcome for r in mine)
        killed = count["killed"] + count["timeout"]
        scored = len(mine) - count["equivalent"]
        score = f"{100 * killed / scored:.1f}%" if scored else "—"
        lines.append(
            f"{module:<10} {len(mine):>7} {count['equivalent']:>6} {killed:>6}"
            f" {count['survived']:>8} {count['uncovered']:>9} {score:>7}"
        )
    if show:
        for r in results:
            if r.outcome in ("survived", "uncovered"):
                rel = r.mutant.file.relative_to(PACKAGE)
                lines.append(f"  {r.outcome:<9} {rel}:{r.mutant.line}  {r.mutant.key}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULES))
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument(
        "--match",
        action="append",
        help="only the mutants whose name holds this text (a file: --match _named.py)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds beyond 3× the tests")
    parser.add_argument(
        "--examples", type=int, default=50, help="Hypothesis examples per property (default 50)"
    )
    parser.add_argument("--show-survivors", action="store_true")
    parser.add_argument("--json", type=Path, help="write every mutant's outcome here")
    parser.add_argument(
        "--retry", type=Path, help="run only the mutants that survived in this --json file"
    )
    args = parser.parse_args(argv)
    modules = args.module or list(MODULES)
    found = [m for module in modules for m in mutants(module)]
    if args.match:
        found = [m for m in found if any(text in m.key for text in args.match)]
    if args.retry:
        again = json.loads(args.retry.read_text(encoding="utf-8"))
        keys = {r["key"] for r in again if r["outcome"] in ("survived", "uncovered")}
        found = [m for m in found if m.key in keys]
    if args.list:
        for m in sorted(found, key=lambda m: (str(m.file), m.line)):
            print(f"{m.file.relative_to(PACKAGE)}:{m.line}  {m.key}")
        print(f"{len(found)} mutants")
        return 0
    sys.path.insert(0, str(SRC))
    import hypothesis  # noqa: PLC0415 (imported before forking, so each child starts warm)
    import pytest  # noqa: F401, PLC0415

    # Reproducible and a little lighter than the CI profile; no example database.
    hypothesis.settings.register_profile(
        "mutation",
        max_examples=args.examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    # What the tests import, so that each child need not.
    for name in ("numpy", "openpyxl", "jsonschema", "yaml", "attrs", "pytest_benchmark.plugin"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    started = time.perf_counter()
    # Every module's lines, whichever are mutated now, so that one trace serves every run.
    every = {str(f) for module in MODULES for f in module_files(module)}
    by_test, seconds = trace(every)
    results = run(plan(found, by_test, seconds, args.timeout), args.jobs, read_equivalent())
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print("\n".join(report(results, args.show_survivors)))
    print(f"({len(found)} mutants in {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "key": r.mutant.key,
                        "line": r.mutant.line,
                        "outcome": r.outcome,
                        "seconds": round(r.seconds, 2),
                        "tests": r.tests,
                    }
                    for r in results
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
