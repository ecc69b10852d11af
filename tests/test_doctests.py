"""The ``>>>`` examples in the package's docstrings run, so that they cannot go stale."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import scoring


def modules() -> list[str]:
    """Every module of the package but ``__main__`` (importing it runs the command line)."""
    found = pkgutil.walk_packages(scoring.__path__, prefix="scoring.")
    return sorted(info.name for info in found if not info.name.endswith("__main__"))


def examples(module: ModuleType) -> list[doctest.DocTest]:
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


class TestDocstrings:
    @pytest.mark.parametrize("name", modules())
    def test_examples_pass(self, name: str) -> None:
        """Every example in the module's docstrings gives the output shown."""
        module = importlib.import_module(name)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        for test in examples(module):
            runner.run(test)
        assert runner.failures == 0, f"{runner.failures} failing example(s) in {name}"

    def test_there_are_examples(self) -> None:
        """The run is not vacuous: numbers, settings and the numeric rules have examples."""
        found = {n for n in modules() if examples(importlib.import_module(n))}
        assert {
            "scoring.core.numbers",
            "scoring.core.settings",
            "scoring.core.rules._numeric",
        } <= found
