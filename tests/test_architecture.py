"""The layers of ``src/scoring`` and the imports between them, read with ``ast``.

core < analysis < files < batch < rendering < cli: a module imports only its
own layer and the layers below it, and no two modules import each other,
directly or through others (imports under ``TYPE_CHECKING`` and inside
functions count too: a cycle there is a cycle of the design).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "scoring"
LAYERS = ("core", "analysis", "files", "batch", "rendering", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The ``scoring`` modules that ``path`` imports, anywhere in the file."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("scoring"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scoring"):
            found.add(node.module)
            # ``from scoring.batch import exact`` imports the module scoring.batch.exact.
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if candidate in MODULES:
                    found.add(candidate)
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> int | None:
    """The rank of the layer ``module`` is in, or None for the package's top level."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in LAYERS:
        return None
    return LAYERS.index(parts[1])


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = {m for m in imports_of(path) if m in MODULES and m != name}
        # A package importing its own submodules (re-exports) is not an edge of the design.
        edges[name] = {m for m in targets if not m.startswith(name + ".")}
    return edges


class TestLayers:
    def test_every_module_is_in_a_layer(self) -> None:
        """Every module but the front door (``scoring``, ``__main__``, ``_version``) is layered."""
        top = {"scoring", "scoring.__main__", "scoring._version"}
        assert {m for m in MODULES if layer(m) is None} == top

    def test_no_module_imports_a_layer_above_it(self) -> None:
        """core < analysis < files < batch < rendering < cli."""
        wrong = [
            f"{name} imports {target}"
            for name, targets in sorted(graph().items())
            for target in sorted(targets)
            if layer(name) is not None and layer(target) is not None and layer(target) > layer(name)  # type: ignore[operator]
        ]
        assert wrong == []

    def test_no_layer_imports_the_package_front_door(self) -> None:
        """Modules import what they use from its own module, not through ``scoring``."""
        wrong = [
            name
            for name, path in sorted(MODULES.items())
            if layer(name) is not None and "scoring" in imports_of(path)
        ]
        assert wrong == []

    def test_there_is_no_import_cycle(self) -> None:
        """No module reaches itself by following imports."""
        edges = graph()
        cycles: list[list[str]] = []
        state: dict[str, int] = {}

        def visit(node: str, stack: list[str]) -> None:
            state[node] = 1
            stack.append(node)
            for nxt in sorted(edges.get(node, ())):
                if state.get(nxt) == 1:
                    cycles.append([*stack[stack.index(nxt) :], nxt])
                elif nxt not in state:
                    visit(nxt, stack)
            stack.pop()
            state[node] = 2

        for start in sorted(edges):
            if start not in state:
                visit(start, [])
        assert cycles == []


class TestTheCheckItself:
    """The checks above would notice: each is run on a small made-up graph."""

    def test_an_upward_import_is_seen(self, tmp_path: Path) -> None:
        """A core module importing the rendering layer is reported."""
        bad = tmp_path / "bad.py"
        bad.write_text("from scoring.rendering.text import render_text\n", encoding="utf-8")
        assert "scoring.rendering.text" in imports_of(bad)
        assert layer("scoring.rendering.text") > layer("scoring.core.engine")  # type: ignore[operator]

    def test_an_import_inside_a_function_is_seen(self, tmp_path: Path) -> None:
        """Lazy imports count: they are edges of the design too."""
        lazy = tmp_path / "lazy.py"
        lazy.write_text("def f():\n    from scoring.batch import columnar\n", encoding="utf-8")
        assert "scoring.batch.columnar" in imports_of(lazy)

    @pytest.mark.parametrize("module", ["scoring.core.model", "scoring.batch.outcomes"])
    def test_known_modules_are_found(self, module: str) -> None:
        assert module in MODULES


# Private names that one module still takes from another: each a debt, none to be added.
PRIVATE_IMPORTS_LEFT = {
    ("scoring.analysis.checks", "scoring.core.engine", "_sums"),
    ("scoring.analysis.checks", "scoring.core.engine", "_Values"),
    ("scoring.analysis.monitoring", "scoring.core.engine", "_Values"),
    ("scoring.batch.columnar", "scoring.core.engine", "_Values"),
    ("scoring.files.monitoring", "scoring.files.documents", "_ID"),
}


def private_imports() -> set[tuple[str, str, str]]:
    """(importer, module, name) for every ``from scoring.x import _name`` across modules."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scoring"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.add((module_name(path), str(node.module), alias.name))
    return found


class TestPrivateNames:
    def test_no_new_private_import_across_modules(self) -> None:
        # The sheet writer's helpers (fixed timestamps, openpyxl loaded lazily, row
        # heights) and the stated-points pattern are public names of their module now.
        found = private_imports()
        assert found - PRIVATE_IMPORTS_LEFT == set()
        # One paid off leaves the list: the list cannot hide a new one under an old name.
        assert found >= PRIVATE_IMPORTS_LEFT
