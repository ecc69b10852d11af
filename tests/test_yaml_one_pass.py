"""The one-pass YAML reader builds the same tree and the same errors as composing does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from scoring.core.errors import InputError
from scoring.files import located_yaml as _yaml
from strategies_yaml import documents


def outcome(text: str) -> Any:
    """Every value with its location and its keys' locations, or the error's wording."""
    try:
        root = _yaml.load(text, "doc.yaml")
    except InputError as exc:
        return ("error", str(exc), exc.location, exc.hint)

    def walk(node: _yaml.Node) -> Any:
        if isinstance(node.value, dict):
            inner: Any = {k: walk(v) for k, v in node.value.items()}
            return (inner, node.location, node.key_locations)
        if isinstance(node.value, list):
            return ([walk(v) for v in node.value], node.location)
        return (type(node.value), node.value, node.location)

    return walk(root)


def composed(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The outcome through PyYAML's composer and the converter (the two-pass path)."""

    def refuse(*_: object) -> None:
        raise _yaml._Composed

    with monkeypatch.context() as patch:
        patch.setattr(_yaml, "_one_pass", refuse)
        return outcome(text)


CASES = {
    "plain": "a: 1\nb: [x, 2.5, no_thing]\nc:\n  d: ~\n  e: '010'\n",
    "yes/no": "a: [1, 2]\nb: no\n",
    "octal": "a: 010\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "merge key": "a: 1\n<<: {b: 2}\n",
    "key that is a mapping": "? {a: 1}\n: 2\n",
    "key that is a list with a bad value": "? [no]\n: 2\n",
    "tagged mapping": "a: !!set {x: 1}\n",
    "tagged scalar": "a: !!binary aGk=\n",
    "python tag": "a: !!python/object:os.system x\n",
    "refused value, then a syntax error": "a: no\nb: [1, 2\n",
    "refused value, then too deep": "a: no\nb: " + "[" * 70 + "]" * 70 + "\n",
    "too deep": "[" * 65 + "]" * 65 + "\n",
    "deep enough": "[" * 64 + "]" * 64 + "\n",
    "empty": "",
    "comment only": "# nothing\n",
    "bare document": "---\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "anchor and alias": "a: &x {b: 1}\nc: *x\n",
    "undefined alias": "a: *x\n",
    "alias under a refused key": "? &k [1]\n: 2\nb: *k\n",
    "anchor on a key": "&k no: 1\nb: *k\n",
    "recursive alias": "&a [1, *a]\n",
    "NaN": "a: .nan\n",
    "huge number": "a: 1e999999\n",
    "text that looks like a number": "a: 1e3\n",
    "tab": "a:\n\tb: 1\n",
    "control character": "a: \x07\n",
}


class TestSameAsComposing:
    @pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
    def test_chosen_documents(self, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each chosen document reads to the same tree, or fails with the same error."""
        assert outcome(text) == composed(text, monkeypatch)

    @given(documents)
    def test_generated_documents(self, data: bytes) -> None:
        """Any generated document reads to the same tree, or fails with the same error."""
        text = data.decode("utf-8", "replace")
        with pytest.MonkeyPatch.context() as monkeypatch:
            assert outcome(text) == composed(text, monkeypatch)

    def test_more_values_than_aliases_may_add(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The bound counts what aliases add: a document of more values than it, written
        out without aliases, reads to the same tree either way."""
        text = "[" + ", ".join(["1"] * (_yaml.MAX_NODES + 5)) + "]\n"
        result = outcome(text)
        assert result[0] != "error"
        assert result == composed(text, monkeypatch)

    def test_aliases_may_add_up_to_the_bound(self) -> None:
        """An alias repeating 1,000 values 200 times adds 200,000: allowed; once more
        is refused, at the alias that goes past it."""
        anchor = "a: &a [" + ", ".join(["1"] * 999) + "]\n"  # the list and its 999 items
        allowed = anchor + "b: [" + ", ".join(["*a"] * 200) + "]\n"
        assert len(_yaml.load(allowed, "doc.yaml").value["b"].value) == 200
        with pytest.raises(InputError, match="aliases add more than 200000 values") as caught:
            _yaml.load(anchor + "b: [" + ", ".join(["*a"] * 201) + "]\n", "doc.yaml")
        assert caught.value.location is not None
        assert caught.value.location.line == 2


class TestOnePassIsTaken:
    def test_no_composing_without_anchors(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A document without anchors or aliases is never handed to PyYAML's composer."""

        def fail(*_: object, **__: object) -> None:
            raise AssertionError("composed")

        monkeypatch.setattr(_yaml.yaml, "compose", fail)
        assert _yaml.load("a: [1, {b: x}]\n", "doc.yaml").plain() == {"a": [1, {"b": "x"}]}
