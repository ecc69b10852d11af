"""Following formulas to the facts they read: each shared formula once, loops still refused."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from scoring.core.engine import _Values
from scoring.core.errors import FormulaError
from scoring.core.model import Facts


def formulas(refs: dict[str, list[str]]) -> dict[str, SimpleNamespace]:
    """Indicators that only have a formula reading ``refs[id]``."""
    return {
        ind_id: SimpleNamespace(formula=SimpleNamespace(names=frozenset(names), location=None))
        for ind_id, names in refs.items()
    }


class TestSharedFormulas:
    def test_a_deep_diamond_is_followed_once_per_formula(self) -> None:
        """60 levels that each read the level below twice over: 2**60 paths, one fact."""
        refs = {"a0": ["fact"]}
        for k in range(1, 61):
            refs[f"b{k}"] = [f"a{k - 1}"]
            refs[f"c{k}"] = [f"a{k - 1}"]
            refs[f"a{k}"] = [f"b{k}", f"c{k}"]
        values = _Values(formulas(refs), Facts("", 2023, {}))  # type: ignore[arg-type]
        assert set(values._leaves("a60", ())) == {"fact"}
        assert values.missing(["a60", "b3"]) == {"a60": ("fact",), "b3": ("fact",)}

    def test_a_loop_behind_a_shared_formula_is_refused(self) -> None:
        """A formula reached twice whose formulas loop is reported as a loop, not remembered."""
        refs = {"top": ["left", "right"], "left": ["x"], "right": ["x"], "x": ["y"], "y": ["x"]}
        values = _Values(formulas(refs), Facts("", 2023, {}))  # type: ignore[arg-type]
        with pytest.raises(FormulaError, match="x → y → x"):
            list(values._leaves("top", ()))
        with pytest.raises(FormulaError, match="x → y → x"):
            list(values._leaves("right", ()))
